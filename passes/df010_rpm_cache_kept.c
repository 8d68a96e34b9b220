/*
 * DF010 rpm-cache-kept (hadolint DL3032, DL3040, DL3036)
 *
 * What it finds: an install (install, groupinstall, localinstall,
 * reinstall, update/upgrade, zypper in/up/dup) by yum, dnf, dnf5, tdnf,
 * microdnf or zypper that is not followed, later in the same RUN, by the
 * manager's clean (`yum clean all`, `dnf clean all`, `microdnf clean all`,
 * `zypper clean`/`zypper cc`) or a removal of its cache folder
 * (/var/cache/yum, /var/cache/dnf, /var/cache/libdnf5, /var/cache/tdnf,
 * /var/cache/zypp).
 * Global options may come before the subcommand (`yum -y install`,
 * `zypper -n in`). Shell-form RUNs, heredoc scripts, ONBUILD RUN, `if`
 * bodies, subshells, sudo and env wrappers are all looked at.
 *
 * Why it matters: these managers keep the repository metadata (often
 * 100-300 MB for a full Fedora or RHEL repository set) and, depending on
 * keepcache, the downloaded packages in /var/cache. Removed in a later RUN
 * they still weigh on the image; only the RUN that downloads them can
 * drop them.
 *
 * Example:
 *     RUN dnf -y install gcc make && \
 *         make install
 * becomes
 *     RUN dnf -y install gcc make && \
 *         dnf clean all && \
 *         make install
 *
 * A later RUN that reads the metadata: like apt's lists (DF003), the
 * metadata one RUN downloads is read by the next RUN that runs the
 * manager. When a later RUN of the stage runs a command that reads it (the
 * manager's "metadata_readers" in data/package-managers.json: dnf swap,
 * makecache, repoquery, module...; not an install, which gets its own
 * clean from this rule) and does not clean after it, a clean here only
 * makes that RUN download the metadata again into its own layer: the
 * finding says so and has no automatic fix (clean up after the last RUN
 * that reads it, or run them in one RUN). An install after such a RUN
 * reads the metadata of that earlier layer, which keeps it: cleaning there
 * saves nothing of it, and it is left alone (containers/toolbox: `dnf -y
 * upgrade`, two `dnf -y swap` RUNs, then reinstall and install RUNs).
 *
 * Left alone: a clean or cache removal after the install (one of yum, dnf
 * or microdnf cleaning after another counts: on current systems they share
 * one cache); a BuildKit cache or tmpfs mount on the cache folder; a clean
 * that runs only BEFORE the install does not count; other subcommands;
 * installs inside shell functions; exec-form RUNs and non-POSIX shells. In
 * stages that do not reach the image the finding is info and the fix is
 * only displayed (--fix-build-stages applies it).
 *
 * Fix safety: safe. The clean command of the manager that was run (`dnf5
 * clean all` after dnf5, `sudo yum clean all` after `sudo yum`) is joined
 * with `&&` right after the last install of the RUN, in the RUN's style
 * (line ends or leading operators, indentation, CRLF; a new line in a
 * heredoc script), inside the same list as the installs when they share
 * one, else after the top-level command holding the last install. It only
 * deletes caches: installed packages and later commands are unchanged
 * (a later install downloads the metadata again). Where the file joins its
 * clean with `;` and never with `&&` (`RUN yum -y update; yum clean all`),
 * the fix does too; without errexit that fix is unsafe (the RUN's status
 * becomes the clean's, so a failing install no longer stops the build) and
 * says so.
 */
#include <stdio.h>
#include <string.h>

#include "dfopt/ast.h"
#include "pm.h"

/* Families: the cleanups of one member count for the others. */
static const char *const rpm[] = {"yum", "dnf", "microdnf", NULL};
static const char *const zypp[] = {"zypper", NULL};
static const char *const *const families[] = {rpm, zypp, NULL};

/* Is the call followed by a cleanup of its family? */
static bool covered(const df_pm_run *r, const char *const *family, const df_pm_call *call)
{
    for (size_t i = 0; family[i]; i++) {
        const df_fact *m = df_kb_manager(r->c->kb, family[i]);
        if (m && df_pm_cleaned_after(r, m, "cleanup_paths", call->end))
            return true;
    }
    return false;
}

/* A RUN that keeps the metadata for later RUNs: it runs a command that
 * reads it (the manager's "metadata_readers": dnf swap, makecache,
 * repoquery...; not an install, which this rule cleans after) with no
 * clean of the family after it. */
static bool keeps_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const char *const *family = arg;
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o))
        return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, family, &calls);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (!call->where.in_function && df_pm_sub_is(call, "metadata_readers") && !covered(&o, family, call))
            return true;
    }
    return false;
}

typedef struct {
    df_pm_marks keeps[2]; /* per family: keeps_pred */
    bool built[2];        /* keeps[i] asked for: built by the first install
                             to report of that family, not for every file */
    bool have[2];
} df010_state;

/* The line of the first RUN after r in its stage that keeps the metadata
 * (marks k), or 0 when none. */
static size_t later_keeper(const df_pm_run *r, const df_pm_marks *k)
{
    const df_doc *d = r->c->doc;
    const size_t *p = k->plain;
    size_t lo = r->in->index + 1, hi = d->stages[r->in->stage].last + 1;
    if (lo >= hi || p[hi] == p[lo])
        return 0;
    size_t base = p[lo];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid + 1] > base)
            hi = mid;
        else
            lo = mid + 1;
    }
    return d->instrs[lo]->start_line;
}

static void check_family(df_pm_run *r, const char *const *family, df010_state *fs, size_t fi)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, family, &calls);
    if (!n)
        return;
    const df_pm_call **todo = df_arena_alloc(r->c->doc->arena, n * sizeof *todo);
    if (!todo)
        return;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (call->where.in_function || !df_pm_sub_is(call, "install"))
            continue;
        if (df_pm_cache_mounted(r, call->m) || covered(r, family, call))
            continue;
        todo[nt++] = call;
    }
    if (!nt)
        return;
    const df_pm_marks *keeps = NULL;
    if (fi < 2) {
        if (!fs->built[fi]) {
            fs->built[fi] = true;
            fs->have[fi] = df_pm_marks_build(r->c, keeps_pred, family, &fs->keeps[fi]) == 0;
        }
        keeps = fs->have[fi] ? &fs->keeps[fi] : NULL;
    }
    const df_doc *doc = r->c->doc;
    size_t keeper = 0;
    if (keeps && r->in->cmd == DF_CMD_RUN && r->in->stage < doc->nstages) {
        const df_stage *st = &doc->stages[r->in->stage];
        /* the metadata this RUN reads is in an earlier layer that keeps it
         * (a RUN before ran dnf swap and no clean): cleaning here saves
         * nothing of it, and the finding belongs to that RUN's chain */
        if (df_pm_marks_any(keeps, st->from, r->in->index, false) ||
            df_pm_marks_in_bases(r->c, keeps, r->in->stage, false))
            return;
        keeper = later_keeper(r, keeps);
    }
    const df_pm_call *last = todo[nt - 1];
    const char *clean = df_pm_cleanup_command(r, last, "");
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_span sp = df_runsh_span(&r->rs, last->cmd->span);
    char why[320] = "";
    if (keeper)
        snprintf(why, sizeof why,
                 " (no automatic fix: the RUN at line %zu reads this metadata and keeps it; cleaned here, it would "
                 "download it again into its own layer: clean up after the last RUN that reads it)",
                 keeper);
    df_diag *d = df_report(r->c, sev, sp, "%.*s %.*s without `%s` afterwards keeps the package cache in the layer%s",
                           (int)last->view.name->value_len, last->view.name->value, (int)last->sub->value_len,
                           last->sub->value, clean ? clean : "clean", why);
    if (!d || !clean || keeper)
        return;
    char desc[320];
    snprintf(desc, sizeof desc, "append `%s`%s", clean, fix ? "" : " (not applied: the stage is not in the image)");
    if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        return;
    df_pm_append_after(r, d, df_pm_append_point(r, todo, nt), clean);
}

static void check_run(df_pm_run *r, void *user)
{
    df010_state *st = user;
    for (size_t i = 0; families[i]; i++)
        check_family(r, families[i], st, i);
}

static void check(df_ctx *c)
{
    df010_state st;
    memset(&st, 0, sizeof st);
    /* st.keeps: built by check_family when an install is reported */
    df_pm_each_run(c, check_run, &st);
}

const df_rule df_rule_df010 = {
    .id = "DF010",
    .name = "rpm-cache-kept",
    .hadolint = "DL3032,DL3040,DL3036",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "yum/dnf/microdnf/zypper install without clean",
    .worth = "image size: the yum/dnf/zypper metadata and package cache no longer ship",
    .check = check,
};
