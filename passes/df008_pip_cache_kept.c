/*
 * DF008 pip-cache-kept (hadolint DL3042)
 *
 * STUB: being written. What it finds: pip install without --no-cache-dir.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df008 = {
    .id = "DF008",
    .name = "pip-cache-kept",
    .hadolint = "DL3042",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "pip install without --no-cache-dir",
    .check = check,
};
