/*
 * registry.c - the one list of rules.
 *
 * --list-rules, --explain, --select/--ignore, pragmas and README's rule
 * table all come from this table, in this order (by id).
 */
#include "passes.h"

const df_rule *const df_rules[] = {
    &df_rule_df012,
};

const size_t df_nrules = sizeof df_rules / sizeof df_rules[0];
