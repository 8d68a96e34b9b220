/*
 * main.c - the dfopt-bot command line: options and environment in, exit
 * code out (see bot.h). The only place in the bot that exits or reads the
 * environment.
 */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/bot.h"
#include "dfopt/cliopt.h"

static const char usage_text[] =
    "usage: dfopt-bot [options] [PATH...]\n"
    "\n"
    "Propose dfopt's safe fixes to a repository's Dockerfiles as one GitHub pull\n"
    "request. Run it in a clone, on a branch, with no uncommitted changes. It works\n"
    "on the remote's base branch in a temporary git worktree and leaves your\n"
    "checkout as it is. PATHs (files or folders, relative to the current folder)\n"
    "limit the search; by default the whole repository is searched, as `dfopt DIR`\n"
    "does, and its .dfopt.json applies.\n"
    "\n"
    "options:\n"
    "      --dry-run         print the title, the body and the diff; no commit, no\n"
    "                        push, no GitHub call (no token needed)\n"
    "      --branch NAME     the bot's branch (default dfopt/optimize)\n"
    "      --base BRANCH     the branch to propose to (default: the remote's default)\n"
    "      --remote NAME     the remote to fetch from and push to (default origin)\n"
    "      --unsafe-fixes    also apply fixes that may change behaviour\n"
    "      --config FILE     configuration file (default: nearest .dfopt.json)\n"
    "      --no-config       do not read a configuration file\n"
    "      --version         print the version\n"
    "  -h, --help            this text\n"
    "\n"
    "environment (as GitHub Actions sets it): GITHUB_TOKEN, GITHUB_REPOSITORY\n"
    "(owner/name), GITHUB_API_URL (default https://api.github.com).\n"
    "\n"
    "exit status: 0 done (pull request opened, updated or closed, or nothing to do),\n"
    "2 usage, or a checkout it refuses (detached HEAD, uncommitted changes),\n"
    "3 a step failed (fetch, push, GitHub answered an error, network), 4 internal error.\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "dfopt-bot: %s%s\nTry 'dfopt-bot --help'.\n", msg, arg);
    return DF_BOT_USAGE;
}

static int parse_args(int argc, char **argv, df_bot_opts *o)
{
    bool opts_done = false;
    static const char *const valued[] = {"--branch", "--base", "--remote", "--config", NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-') {
            o->paths[o->npaths++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            opts_done = true;
            continue;
        }
        if (!strcmp(a, "--dry-run")) {
            o->dry_run = true;
            continue;
        }
        if (!strcmp(a, "--unsafe-fixes")) {
            o->unsafe_fixes = true;
            continue;
        }
        if (!strcmp(a, "--no-config")) {
            o->no_config = true;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return 1;
        }
        if (!strcmp(a, "--version")) {
            printf("dfopt-bot %s\n", DFOPT_VERSION);
            return 1;
        }
        const char **slot[] = {&o->branch, &o->base, &o->remote, &o->config};
        bool known = false;
        for (size_t k = 0; valued[k]; k++) {
            const char *v = NULL;
            int r = df_cli_opt_value(argc, argv, &i, valued[k], &v);
            if (r == 0)
                continue;
            if (r < 0 || !*v)
                return usage_error(a, " needs a value");
            *slot[k] = v;
            known = true;
            break;
        }
        if (!known)
            return usage_error("unknown option ", a);
    }
    if (o->config && o->no_config)
        return usage_error("--config and --no-config contradict each other", "");
    return 0;
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

int main(int argc, char **argv)
{
    /* git may close its standard input early: a write error, not a signal */
    signal(SIGPIPE, SIG_IGN);
    df_bot_opts o;
    memset(&o, 0, sizeof o);
    o.branch = "dfopt/optimize";
    o.remote = "origin";
    o.out = stdout;
    o.err = stderr;
    o.paths = calloc((size_t)argc + 1, sizeof *o.paths);
    if (!o.paths)
        return DF_BOT_INTERNAL;
    int rc = parse_args(argc, argv, &o);
    if (rc == 1) {
        rc = DF_BOT_OK;
    } else if (rc == 0) {
        o.api_url = env_or("GITHUB_API_URL", "https://api.github.com");
        o.token = env_or("GITHUB_TOKEN", NULL);
        o.repository = env_or("GITHUB_REPOSITORY", NULL);
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
            fprintf(stderr, "dfopt-bot: cannot start libcurl\n");
            rc = DF_BOT_INTERNAL;
        } else {
            rc = df_bot_run(&o);
            curl_global_cleanup();
        }
    }
    free(o.paths);
    if (fflush(stdout) != 0 && rc == DF_BOT_OK)
        rc = DF_BOT_USAGE;
    return rc;
}
