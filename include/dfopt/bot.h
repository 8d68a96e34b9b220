/*
 * bot.h - dfopt-bot: the safe fixes of a repository's Dockerfiles, proposed
 * as one GitHub pull request.
 *
 * One run, in this order (each step either completes or is undone):
 *   1. checks, read only: inside a git work tree, on a branch (not a
 *      detached HEAD), no uncommitted changes to tracked files; the base
 *      (--base, or the remote's default branch from `git ls-remote
 *      --symref`) and the bot branch differ.
 *   2. `git fetch` the base (and the bot branch when the remote has it).
 *   3. a temporary `git worktree add --detach` of the base's tip in $TMPDIR:
 *      the user's branch, index and working tree are never touched (the
 *      rules read the build context from disk, so the fixes need a real
 *      checkout, and a worktree gives one without switching branches or
 *      stashing). Hooks are off in it (core.hooksPath=/dev/null).
 *   4. the Dockerfiles found there (dfopt's folder search, .dfopt.json
 *      honoured) are fixed with dfopt's driver; files that do not parse are
 *      left as they are and listed.
 *   5. GitHub: the open pull request from the bot branch, if any (GET).
 *   6. changes: commit in the worktree (author dfopt-bot unless
 *      GIT_AUTHOR_* / GIT_COMMITTER_* say otherwise), force-push it to the
 *      bot branch (with a lease on what step 2 saw; skipped when the
 *      branch already holds the same tree on the same base), then open the
 *      pull request or update it (title, body, base). When that call fails
 *      the push is undone (the branch is put back or deleted): no branch
 *      without its pull request, no pull request without its branch.
 *      No change: an open bot pull request gets a comment and is closed
 *      (the comment is deleted again if closing fails). A change that a
 *      maintainer already declined (a bot pull request closed unmerged
 *      whose head is the bot branch, which already holds this change) is
 *      not proposed again until the branch is deleted or the change differs.
 *   7. the worktree is removed, whatever happened.
 * --dry-run stops after step 4 and prints the title, the body and the diff:
 * no commit, no push, no API call (no token needed).
 *
 * Exit codes: 0 done (opened, updated, closed, or nothing to do), 2 usage,
 * configuration, or a checkout the bot refuses (dirty, detached, not git),
 * 3 a step failed (git fetch/push, HTTP status, network): one line
 * "dfopt-bot: STEP: STATUS" on stderr, 4 internal error.
 */
#ifndef DFOPT_BOT_H
#define DFOPT_BOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { DF_BOT_OK = 0, DF_BOT_USAGE = 2, DF_BOT_FAILED = 3, DF_BOT_INTERNAL = 4 };

typedef struct {
    bool dry_run;
    bool unsafe_fixes;        /* --unsafe-fixes */
    const char *branch;       /* default "dfopt/optimize" */
    const char *base;         /* NULL: the remote's default branch */
    const char *remote;       /* default "origin" */
    const char *config;       /* --config FILE, or NULL */
    bool no_config;
    char **paths;             /* files or folders relative to the current
                                 directory; none: the whole repository */
    size_t npaths;
    /* GitHub (from the environment, read by main) */
    const char *api_url;      /* GITHUB_API_URL, default https://api.github.com */
    const char *token;        /* GITHUB_TOKEN */
    const char *repository;   /* GITHUB_REPOSITORY, owner/name */
    FILE *out;                /* what --dry-run prints, and progress lines */
    FILE *err;                /* errors */
} df_bot_opts;

int df_bot_run(const df_bot_opts *o);

#endif
