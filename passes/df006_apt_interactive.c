/*
 * DF006 apt-interactive (hadolint DL3014, DL3027)
 *
 * STUB: being written. What it finds: apt instead of apt-get, or an install without -y.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df006 = {
    .id = "DF006",
    .name = "apt-interactive",
    .hadolint = "DL3014,DL3027",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt instead of apt-get, or an install without -y",
    .check = check,
};
