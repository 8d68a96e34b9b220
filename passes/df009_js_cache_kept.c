/*
 * DF009 js-cache-kept (hadolint DL3060)
 *
 * STUB: being written. What it finds: npm/yarn/pnpm install that leaves its cache in the layer.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df009 = {
    .id = "DF009",
    .name = "js-cache-kept",
    .hadolint = "DL3060",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "npm/yarn/pnpm install that leaves its cache in the layer",
    .check = check,
};
