/*
 * DF001 consecutive-run
 *
 * Not written yet: this rule reports nothing.
 */
#include "passes.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df001 = {
    .id = "DF001",
    .name = "consecutive-run",
    .hadolint = "DL3059",
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_SAFE,
    .summary = "adjacent RUNs that could share one layer",
    .check = check,
};
