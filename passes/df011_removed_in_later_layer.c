/*
 * DF011 removed-in-later-layer
 *
 * Not written yet: this rule reports nothing.
 */
#include "passes.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df011 = {
    .id = "DF011",
    .name = "removed-in-later-layer",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "a RUN removes what an earlier layer made: the bytes stay in the image",
    .check = check,
};
