/*
 * passes.h - (private) the rule objects defined in passes/, for the registry.
 */
#ifndef DFOPT_PASSES_H
#define DFOPT_PASSES_H

#include "dfopt/rule.h"

extern const df_rule df_rule_df012;

#endif
