/*
 * DF005 apt-update-separated
 *
 * STUB: being written. What it finds: apt-get update in a RUN of its own, apart from the install it serves.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df005 = {
    .id = "DF005",
    .name = "apt-update-separated",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt-get update in a RUN of its own, apart from the install it serves",
    .check = check,
};
