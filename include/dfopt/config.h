/*
 * config.h - the project's .dfopt.json.
 *
 *   { "select": ["all"], "ignore": ["DF020"], "unsafe-fixes": false,
 *     "merge": "default" | "aggressive", "fix-build-stages": false }
 *
 * Lookup (unless --config FILE or --no-config): the first .dfopt.json in
 * the folder of the first input, then its parents, stopping after a folder
 * that holds .git (the repository root) or at /. Unknown keys are errors,
 * so a typo does not silently do nothing. Command-line options win.
 */
#ifndef DFOPT_CONFIG_H
#define DFOPT_CONFIG_H

#include <stddef.h>

#include "dfopt/options.h"

/* Path of the config file that applies to start_dir (malloc'ed), or NULL. */
char *df_config_find(const char *start_dir);

/* Load path into o. Returns 0, or -1 with a message in err. */
int df_config_load(const char *path, df_options *o, char *err, size_t errlen);

#endif
