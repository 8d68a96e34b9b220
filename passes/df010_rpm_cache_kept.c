/*
 * DF010 rpm-cache-kept (hadolint DL3032, DL3040, DL3036)
 *
 * STUB: being written. What it finds: yum/dnf/microdnf/zypper install without clean.
 */
#include "pm.h"

static void check(df_ctx *c)
{
    (void)c;
}

const df_rule df_rule_df010 = {
    .id = "DF010",
    .name = "rpm-cache-kept",
    .hadolint = "DL3032,DL3040,DL3036",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "yum/dnf/microdnf/zypper install without clean",
    .check = check,
};
