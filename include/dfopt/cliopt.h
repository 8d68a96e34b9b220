/*
 * cliopt.h - command-line option words shared by dfopt and dfopt-bot.
 *
 * Ownership: nothing is allocated; a value points into argv.
 */
#ifndef DFOPT_CLIOPT_H
#define DFOPT_CLIOPT_H

/* Does argv[*i] name the valued option `name` ("--name VALUE" or
 * "--name=VALUE")? 1 it does, *val is the value and *i has moved past a
 * separate value word; 0 it is another option (a longer name that starts
 * with `name` is another option); -1 it does but the value word is
 * missing. */
int df_cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);

#endif
