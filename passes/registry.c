/*
 * registry.c - the one list of rules.
 *
 * --list-rules, --explain, --select/--ignore, pragmas and README's rule
 * table all come from this table, in this order (by id).
 */
#include "passes.h"

const df_rule *const df_rules[] = {
    &df_rule_df001,
    &df_rule_df002,
    &df_rule_df003,
    &df_rule_df004,
    &df_rule_df005,
    &df_rule_df006,
    &df_rule_df007,
    &df_rule_df008,
    &df_rule_df009,
    &df_rule_df010,
    &df_rule_df011,
    &df_rule_df012,
    &df_rule_df020,
    &df_rule_df021,
    &df_rule_df022,
    &df_rule_df023,
    &df_rule_df024,
    &df_rule_df025,
};

const size_t df_nrules = sizeof df_rules / sizeof df_rules[0];
