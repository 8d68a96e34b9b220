/*
 * DF023 context-not-ignored
 *
 * Not written yet: this rule reports nothing.
 */
#include "passes.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df023 = {
    .id = "DF023",
    .name = "context-not-ignored",
    .hadolint = NULL,
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_DISPLAY,
    .summary = "COPY . with no .dockerignore in the build context",
    .check = check,
};
