/*
 * options.h - what a run of dfopt is asked to do: rule selection, fix
 * applicability, policies. Filled from the config file, then the command
 * line (which wins). Plain data, owned by the caller.
 */
#ifndef DFOPT_OPTIONS_H
#define DFOPT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#define DF_MAX_RULES 64

struct df_doc;

typedef struct df_options {
    bool enabled[DF_MAX_RULES]; /* indexed like df_rules[] */
    bool unsafe_fixes;          /* also apply UNSAFE fixes */
    bool merge_aggressive;      /* DF001: merge long self-contained RUNs too */
    bool fix_build_stages;      /* size fixes also in stages that do not ship */
    const char *context_dir;    /* --context; NULL: the Dockerfile's folder */
    const struct df_kb *kb;     /* facts; NULL: df_run loads them for the call */
    struct df_dircache *dirs;   /* build-context folders read once per run
                                   (dircache.h, the caller's); NULL: read
                                   them for each file */
    const char *vendored;       /* the file is under this vendored folder
                                   (fsio.h, df_vendored_folder): its fixes
                                   are shown, not applied; NULL: it is not */
    const char *devcontainer;   /* the file is a dev container's image
                                   (devcontainer.h): what says so; NULL:
                                   not known to be one */
    const char *ci_image;       /* the file is the image a CI job builds
                                   and runs in (cifile.h): what says so;
                                   NULL: not known to be one */
    const char *baseline;       /* the file is the single-stage baseline
                                   of a size comparison: this sibling
                                   builds the same in stages (sibling.h);
                                   its fixes are shown, not applied. NULL:
                                   it is not */
    /* vendored and baseline asked by the driver when they are NULL: once
     * per file, and only when a fix would be applied (which is in the
     * first round; baseline with that round's parse): main.c's
     * df_vendored_folder (fsio.h) and df_size_baseline_of (sibling.h),
     * so that the folders are read for the files that have such a fix.
     * 1 with the answer in out[outlen], 0 not one, -1 out of memory. NULL:
     * not asked. probe_arg: the caller's, passed to both */
    int (*vendored_of)(void *arg, char *out, size_t outlen);
    int (*baseline_of)(void *arg, const struct df_doc *doc, char *out, size_t outlen);
    void *probe_arg;
    bool messages_unread;       /* nothing reads the findings' text (-q
                                   with no report: main.c): the driver
                                   skips formatting their messages and fix
                                   descriptions (diag.h, df_diags.no_text).
                                   Nothing else changes: fixes, output,
                                   exit status. false (read) by default */
    bool confirm_settled;       /* run the rules in the last round even
                                   after settling fixes (rule.h, settles),
                                   which then find nothing to change: the
                                   tests compare both ways. false by
                                   default */
} df_options;

/* All rules enabled, safe fixes only. */
void df_options_default(df_options *o);

/* Apply a --select / --ignore list ("DF012,consecutive-run", "all",
 * "none"). --select replaces the enabled set; --ignore removes from it.
 * Returns 0, or -1 with the first unknown entry copied into bad[badlen]. */
int df_options_select(df_options *o, const char *list, bool select, char *bad, size_t badlen);

#endif
