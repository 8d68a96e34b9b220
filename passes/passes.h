/*
 * passes.h - (private) the rule objects defined in passes/, for the registry.
 */
#ifndef DFOPT_PASSES_H
#define DFOPT_PASSES_H

#include "dfopt/rule.h"

extern const df_rule df_rule_df001;
extern const df_rule df_rule_df002;
extern const df_rule df_rule_df003;
extern const df_rule df_rule_df004;
extern const df_rule df_rule_df005;
extern const df_rule df_rule_df006;
extern const df_rule df_rule_df007;
extern const df_rule df_rule_df008;
extern const df_rule df_rule_df009;
extern const df_rule df_rule_df010;
extern const df_rule df_rule_df011;
extern const df_rule df_rule_df012;
extern const df_rule df_rule_df020;
extern const df_rule df_rule_df021;
extern const df_rule df_rule_df022;
extern const df_rule df_rule_df023;
extern const df_rule df_rule_df024;
extern const df_rule df_rule_df025;

#endif
