/*
 * DF007 apk-cache-kept (hadolint DL3019)
 *
 * STUB: being written. What it finds: apk add without --no-cache.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df007 = {
    .id = "DF007",
    .name = "apk-cache-kept",
    .hadolint = "DL3019",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apk add without --no-cache",
    .check = check,
};
