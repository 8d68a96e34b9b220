/*
 * botgit.h - running the real git for dfopt-bot.
 *
 * git is started with posix_spawnp() and an argument vector: no shell, so
 * branch names, paths and messages from the user are never interpolated
 * into a command line. Its environment is the bot's, minus the variables
 * that would point git at another repository or index (GIT_DIR,
 * GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, GIT_PREFIX: set when
 * the bot runs from a hook), plus GIT_TERMINAL_PROMPT=0 so that a push
 * needing credentials fails instead of waiting for a password.
 *
 * Ownership: a df_git_res owns its two buffers; df_git_res_release() frees
 * them. Nothing else is allocated across calls.
 */
#ifndef DFOPT_BOTGIT_H
#define DFOPT_BOTGIT_H

#include <stddef.h>

#include "dfopt/buf.h"

typedef struct {
    df_buf out;  /* standard output, NUL-terminated */
    df_buf err;  /* standard error */
    int status;  /* exit code; 128+signal; -1 when git could not be started */
} df_git_res;

#define DF_GIT_RES_INIT {DF_BUF_INIT, DF_BUF_INIT, -1}

/* Run `git -C dir ARGS...` (args: NULL-terminated) feeding in[0..inlen) on
 * its standard input (NULL: empty). Returns r->status (0 on success). */
int df_git_run(const char *dir, const char *in, size_t inlen, df_git_res *r, const char *const *args);

/* The same with the arguments inline: df_git(dir, &r, "status", NULL). */
int df_git(const char *dir, df_git_res *r, ...);

/* The first line of out without its newline (in place), or "" */
const char *df_git_line(df_git_res *r);

/* The last non-empty line of err (for error messages), or "". Owned by r. */
const char *df_git_errline(df_git_res *r);

void df_git_res_release(df_git_res *r);

#endif
