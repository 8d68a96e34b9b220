/*
 * DF004 apt-recommends-installed (hadolint DL3015)
 *
 * STUB: being written. What it finds: apt-get install without --no-install-recommends.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df004 = {
    .id = "DF004",
    .name = "apt-recommends-installed",
    .hadolint = "DL3015",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt-get install without --no-install-recommends",
    .check = check,
};
