/*
 * DF003 apt-lists-kept (hadolint DL3009)
 *
 * STUB: being written. What it finds: apt-get install without removing /var/lib/apt/lists in the same RUN.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df003 = {
    .id = "DF003",
    .name = "apt-lists-kept",
    .hadolint = "DL3009",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt-get install without removing /var/lib/apt/lists in the same RUN",
    .check = check,
};
