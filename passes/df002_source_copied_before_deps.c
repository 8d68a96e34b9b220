/*
 * DF002 source-copied-before-deps
 *
 * Not written yet: this rule reports nothing.
 */
#include "passes.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df002 = {
    .id = "DF002",
    .name = "source-copied-before-deps",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "the source is copied before a dependency install that needs only manifests",
    .check = check,
};
