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
 * The author's clean in a layer of its own: a RUN that only cleans
 * (`RUN dnf clean all`, `RUN yum clean all`...) after the installs saves
 * nothing (the metadata is in the install layers), and once every install
 * RUN before it in the stage cleans its own layer it cleans nothing at
 * all. When each RUN of the stage before it that runs the family's manager
 * either cleans already or gets this rule's fix, the fix of the last of
 * them also removes that RUN (its line, the comment lines right above it
 * when they stand alone with it, and a blank line), so that the diff reads
 * "the clean moves into the layers" (containers/toolbox f32 and f33; review
 * run 7). Not when a RUN before it keeps the metadata or runs the manager
 * in a way this rule does not clean after (a function, a script dfopt does
 * not see), when the stage is built on another stage of the file, or when
 * a comment above it goes on about what follows. A script the RUNs run
 * (`RUN ./setup.sh`) that calls dnf itself is not seen: its cache, left in
 * its own layer, would then be visible in the image again.
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
#include "dfopt/buf.h"
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
    bool built[2];        /* keeps[i] and drops[i] asked for: built by the
                             first install to report of that family, not for
                             every file */
    bool have[2];
    /* per family, per instruction index: 1 + the index of a RUN that only
     * cleans (`RUN dnf clean all`) and that the fix of this RUN removes,
     * or 0 */
    size_t *drops[2];
} df010_state;

/* ---- the author's clean in a layer of its own --------------------------- */

/* What a RUN is to the family's cache, for the author's own `RUN dnf clean
 * all` at the end of a stage. */
enum { RUN_NONE, RUN_FIXED, RUN_CLEAN_ONLY, RUN_BLOCKS };

typedef struct {
    size_t simple, family;
} counts;

static int count_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)cmd;
    (void)ctx;
    ((counts *)user)->simple++;
    return 0;
}

/* Is the call the manager's clean (m["clean_subcommands"]: `dnf clean
 * all`, `zypper cc`)? */
static bool is_clean(const df_pm_call *call)
{
    if (!call->sub || (call->sub->flags & DF_SH_W_EXPANSION))
        return false;
    size_t i;
    const df_fact *v;
    df_fact_foreach(df_fact_get(call->m, "clean_subcommands"), i, v)
    {
        const char *e = df_fact_str(v);
        const char *sp = e ? strchr(e, ' ') : NULL;
        size_t l1 = e ? (sp ? (size_t)(sp - e) : strlen(e)) : 0;
        if (!e || call->sub->value_len != l1 || memcmp(call->sub->value, e, l1) != 0)
            continue;
        if (!sp)
            return true;
        if (call->nops && call->ops[0]->value_len == strlen(sp + 1) &&
            memcmp(call->ops[0]->value, sp + 1, strlen(sp + 1)) == 0)
            return true;
    }
    return false;
}

/* RUN_CLEAN_ONLY: every command of the RUN is the family's clean
 * (`dnf clean all`), unconditional; RUN_FIXED: its family calls are
 * installs that this rule gives a clean, cleans, or calls followed by a
 * clean; RUN_NONE: no family call; RUN_BLOCKS: anything else (a call that
 * keeps the cache and that this rule does not clean after, an install in a
 * function, a RUN whose script is not seen). */
static int classify(const df_ctx *c, const df_instr *in, const char *const *family)
{
    df_pm_run o;
    if (in->cmd != DF_CMD_RUN)
        return RUN_NONE;
    if (!df_pm_run_of(c, in, &o))
        return RUN_BLOCKS;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, family, &calls);
    if (!n)
        return RUN_NONE;
    counts k = {0, 0};
    bool fixes = false;
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (is_clean(call)) {
            if (!call->where.conditional && !call->where.in_function)
                k.family++;
            continue;
        }
        if (df_pm_cache_mounted(&o, call->m) || covered(&o, family, call))
            continue;
        if (call->where.in_function || !df_pm_sub_is(call, "install"))
            return RUN_BLOCKS;
        fixes = true;
    }
    if (fixes)
        return RUN_FIXED;
    df_sh_walk(o.rs.script, count_visit, &k);
    if (k.family == n && k.simple == n && in->nflags == 0)
        return RUN_CLEAN_ONLY;
    return RUN_NONE;
}

/* For each stage: a RUN that only cleans, after RUNs of the stage each of
 * which this rule makes clean its own layer (and none that keeps the cache
 * otherwise), is a no-op once the fixes are in; the fix of the last such
 * RUN before it removes it, so the diff reads "the clean moves into the
 * layers". Stages built on another stage of the file are left alone (the
 * clean also hides what that stage left). One pass over the instructions. */
static void find_drops(const df_ctx *c, const char *const *family, size_t *drops)
{
    const df_doc *d = c->doc;
    for (size_t s = 0; s < d->nstages; s++) {
        const df_stage *st = &d->stages[s];
        if (st->parent != (size_t)-1)
            continue;
        size_t lastfix = SIZE_MAX;
        for (size_t i = st->from + 1; i <= st->last && i < d->ninstrs; i++) {
            int k = classify(c, d->instrs[i], family);
            if (k == RUN_BLOCKS)
                break;
            if (k == RUN_FIXED)
                lastfix = i;
            else if (k == RUN_CLEAN_ONLY && lastfix != SIZE_MAX) {
                drops[lastfix] = i + 1;
                lastfix = SIZE_MAX;
            }
        }
    }
}

static bool blank_line(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* The bytes that remove instruction `in` with its line: the comment lines
 * right above it go too when it stands with them in a paragraph of its own
 * (a blank line, or the end of the file, after it), and one blank line
 * before, so that the paragraphs around keep one blank line between them.
 * False when a comment above it may describe more than it (the paragraph
 * goes on after it), or is a pragma. */
static bool removal_span(const df_ctx *c, const df_instr *in, size_t *start, size_t *end)
{
    const char *s = c->src->text;
    size_t len = c->src->len, b = in->span.start, e = in->span.end;
    if (e < len && s[e - 1] != '\n')
        return false;
    size_t ne = e; /* the next line */
    while (ne < len && s[ne] != '\n')
        ne++;
    bool alone_after = e >= len || blank_line(s, e, ne);
    /* comment lines directly above */
    size_t top = b;
    while (top > 0) {
        size_t ls = top - 1;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        size_t p = ls;
        while (p < top - 1 && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (p >= top - 1 || s[p] != '#')
            break;
        if (df_bytes_find(s + p, top - 1 - p, "dfopt") || df_bytes_find(s + p, top - 1 - p, "hadolint"))
            return false;
        top = ls;
    }
    if (top < b && !alone_after)
        return false;
    /* one blank line before, when one follows too */
    if (top > 0 && alone_after) {
        size_t ls = top - 1;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        if (blank_line(s, ls, top - 1))
            top = ls;
    }
    *start = top;
    *end = e;
    return true;
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
    const size_t *drops = NULL;
    if (fi < 2) {
        if (!fs->built[fi]) {
            fs->built[fi] = true;
            fs->have[fi] = df_pm_marks_build(r->c, keeps_pred, family, &fs->keeps[fi]) == 0;
            size_t ni = r->c->doc->ninstrs ? r->c->doc->ninstrs : 1;
            fs->drops[fi] = df_arena_alloc(r->c->doc->arena, ni * sizeof *fs->drops[fi]);
            if (fs->drops[fi]) {
                memset(fs->drops[fi], 0, ni * sizeof *fs->drops[fi]);
                find_drops(r->c, family, fs->drops[fi]);
            }
        }
        keeps = fs->have[fi] ? &fs->keeps[fi] : NULL;
        drops = fs->drops[fi];
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
        keeper = df_pm_marked_later_line(r, keeps);
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
    /* the author's `RUN dnf clean all` further down, a no-op once this
     * and every install before it clean their own layer */
    size_t rm_start = 0, rm_end = 0;
    const df_instr *gone = NULL;
    if (drops && r->in->cmd == DF_CMD_RUN && drops[r->in->index]) {
        gone = doc->instrs[drops[r->in->index] - 1];
        if (!removal_span(r->c, gone, &rm_start, &rm_end))
            gone = NULL;
    }
    char desc[480];
    char also[200] = "";
    if (gone)
        snprintf(also, sizeof also,
                 ", and remove the RUN at line %zu that only cleans: once every install cleans its own layer, it "
                 "cleans nothing",
                 gone->start_line);
    snprintf(desc, sizeof desc, "append `%s`%s%s%s%s", clean, also, fix ? "" : " (not applied: ",
             fix ? "" : df_pm_held(r), fix ? "" : ")");
    if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        return;
    if (df_pm_append_after(r, d, df_pm_append_point(r, todo, nt), clean) == 0 && gone)
        df_fix_add_edit(r->c->out, d, rm_start, rm_end, "", 0);
}

static void check_run(df_pm_run *r, void *user)
{
    df010_state *st = user;
    /* a RUN with no call of either family (most) is asked once, not once
     * per family */
    static const char *const any[] = {"yum", "dnf", "microdnf", "zypper", NULL};
    df_pm_call *calls;
    if (!df_pm_calls(r, any, &calls))
        return;
    for (size_t i = 0; families[i]; i++)
        check_family(r, families[i], st, i);
}

static void check(df_ctx *c)
{
    df010_state st;
    memset(&st, 0, sizeof st);
    /* st.keeps and st.drops: built by check_family when an install is reported */
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
