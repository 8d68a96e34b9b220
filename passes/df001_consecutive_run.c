/*
 * DF001 consecutive-run
 *
 * What it finds: adjacent RUN instructions of one stage that can share a
 * layer, and would gain from it.
 *
 * Why it matters: every RUN is a layer. An install that relies on the
 * package index an earlier RUN fetched (apt-get update in one RUN, apt-get
 * install in the next) forces that index into the earlier layer, where no
 * cleanup can remove it. Short steps in RUNs of their own (mkdir, chmod,
 * useradd) add layers too, but joining them saves no bytes: that is only
 * done under --merge=aggressive.
 *
 * Example:
 *     RUN apt-get update && apt-get install -y curl
 *     RUN apt-get install -y gcc && rm -rf /var/lib/apt/lists
 * becomes
 *     RUN apt-get update && apt-get install -y curl && \
 *         apt-get install -y gcc && rm -rf /var/lib/apt/lists
 * The RUNs are joined with `&&` in the file's own style: the continuation
 * character (`\` or the escape directive's), its line ending (CRLF kept),
 * the indentation of the first multi-line RUN of the group, and `&&` at
 * line ends or line starts as that RUN writes it. Blank lines between the
 * RUNs go. A RUN that writes `&&` at line starts is never joined to one
 * that writes it at line ends (or the reverse), in any policy: one line
 * would carry `&&` at both ends; the join is reported without a fix.
 *
 * Sections: in the default policy, a RUN with a comment line between it
 * and the RUN before it (`# intl` above `RUN apt-get install -y
 * libicu-dev`, `# gd` above the next one: Nipun258/laravel-docker) is a
 * section the author laid out on purpose; the join is reported without a
 * fix (joined, the comment would sit inside the continuation, after a
 * bare `\`). The correctness case, a lone `RUN apt-get update` above the
 * install, is DF005's, whose fix leaves the comments where they were.
 * Under --merge=aggressive such RUNs are joined, the comment lines kept
 * inside the continuation (BuildKit skips them there).
 *
 * When it pays (the default policy): only when the join makes the image
 * smaller. That is the case when both RUNs install packages with the same
 * system package manager, the manager keeps an index on disk that only its
 * update refreshes (apt's lists, apk's /var/cache/apk), and the second RUN
 * reads the index the first fetched and left behind (the first updates
 * the index itself, with its own update or a setup script piped to a
 * shell: an index an earlier layer holds stays in that layer, joined or
 * not; and it does not remove it after its last install; for apk, the
 * first runs `apk update` itself:
 * a plain `apk add` stores no index when an earlier layer holds one, and
 * DF007 gives it --no-cache otherwise): it has no update of its own, no
 * `apk --no-cache` or `--update`, and no BuildKit cache mount holds the
 * index. The first layer must then keep the index (DF003 can only advise
 * there); joined, one update and one cleanup serve both. A RUN that pipes a
 * script to a shell before its install (`curl -fsSL
 * https://deb.nodesource.com/setup_14.x | bash -`) reads nothing of the
 * earlier RUN: such setup scripts add a repository and update the index
 * themselves. yum, dnf, tdnf,
 * microdnf and zypper fetch their metadata themselves, so each RUN can
 * clean up after itself (DF010) and a join saves nothing. Two RUNs that
 * each update, install and clean up are complete layers and stay apart. A
 * RUN that only runs `apt-get update` is DF005's. Every other pair stays
 * apart: official images split RUNs on purpose, so that a change to one
 * rebuilds only that layer, and a join that only saves a layer is churn in
 * a pull request. `--merge=aggressive` (config: "merge": "aggressive")
 * joins every pair that can be joined safely (short steps such as mkdir,
 * chmod, useradd included), also putting a RUN that changes shell state
 * (cd, export...) in a subshell. A RUN that installs the project's
 * dependencies from its manifests (npm ci, go mod download, dotnet
 * restore, mix deps.get...: data/dependency-manifests.json) is never
 * joined with the step after it, in any policy: `go mod download && go
 * build` would rerun the download on every source change, and DF002 could
 * no longer put the source COPY between them. A RUN that removes what an
 * earlier one made is DF011's.
 *
 * Fix safety: safe, under the conditions of passes/layers.h, checked by
 * passes/layers.c: the same stage, adjacent, identical flags (a --mount
 * never spreads to another command), shell form under a POSIX shell, no
 * heredoc, no ignore comment above either RUN (it would lose its target),
 * no background job, no service started, and no state that the later RUN
 * would see: a RUN that runs a top-level cd, export, set, source, umask,
 * exec, exit, trap, alias, unset, shopt, assigns a variable or defines a
 * function goes in a subshell `( ... )` when another RUN follows it. `&&` after
 * the whole first script keeps its exit status deciding; a later script
 * that is not one && chain is grouped (`a && { b; c; }`) so that it still
 * runs only when the earlier ones succeeded. Under errexit (SHELL with -e,
 * or `set -e`), which is ignored left of `&&` and in groups, only RUNs of
 * plain commands are joined before another. In build-only stages the
 * finding is information and the fix is not applied (layers of a builder
 * stage do not reach the image) unless fix-build-stages is set. Exec-form
 * RUNs, ONBUILD RUNs, non-POSIX SHELLs and Windows images are left alone:
 * a stage is Windows when its image is one of the Windows-only families of
 * data/base-images.json ("windows_images": mcr.microsoft.com/windows,
 * dotnet/framework, windowsservercore and nanoserver tags...), also
 * through FROM $ARG and FROM an earlier stage; such images run RUN with cmd
 * or Windows PowerShell, which has no `&&`, even without a SHELL line.
 *
 * Kept apart on purpose: below a comment line that says the RUNs are
 * separate for the layer cache ("Add new items at the end so previous
 * layers can be re-used", "keep separate", "separate layer", "layer
 * cache", "better caching"... the phrases of "layer_intent_comments" in
 * data/package-managers.json, matched case-insensitively anywhere in the
 * file above the later RUN), no RUN is joined to the one before it, in any
 * policy: the author chose those layers.
 *
 * hadolint: DL3059 (multiple consecutive RUN instructions).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "deps.h"
#include "dfopt/options.h"
#include "layers.h"
#include "pm.h"

static const char *const system_managers[] = {"apt", "apk", "yum", "dnf", "microdnf", "zypper", NULL};

#define SHORT_SCRIPT 80

/* What a RUN does with system packages, read once per RUN. */
typedef struct {
    const char *manager; /* the manager it installs with first, or NULL */
    bool only_update;    /* every call is an update (DF005's case) */
    bool own_update;     /* an update of that manager comes before the install:
                            the RUN needs no index from an earlier one */
    bool reads_index;    /* the install reads an index an earlier RUN left in
                            the layers: the manager keeps one that only its
                            update refreshes (apt, apk), the call fetches no
                            index of its own (apk --no-cache, --update) and
                            no cache mount holds it */
    signed char deps;    /* it installs the project's dependencies (npm ci,
                            go mod download...: passes/deps.c); -1 not
                            asked yet: the question is the costly one, and
                            only a join that would pay needs its answer */
    bool writes_index;   /* the RUN fetches an index of `manager` itself:
                            its update, or a setup script piped to a shell
                            before the install */
    signed char leaves_index; /* an index of `manager` stays in its layer: no
                            cleanup of it (rm -rf /var/lib/apt/lists/\*)
                            follows its last call of that manager; -1 not
                            asked yet: only a pair whose second RUN reads
                            the index asks it (leaves_of) */
} installs;

/* Does the RUN install the project's dependencies? Asked once. */
static bool deps_of(df_ctx *c, const df_layer_run *r, installs *in)
{
    if (in->deps < 0)
        in->deps = df_deps_has_install(c, r->in);
    return in->deps;
}

/* A short step: one line, a short script, no package or dependency install. */
static bool is_short(df_ctx *c, const df_layer_run *r, installs *in)
{
    return r->in->nplines == 1 && r->rs.script->len <= SHORT_SCRIPT && !in->manager && !deps_of(c, r, in);
}

/* apk options that fetch a fresh index for the call itself. */
static bool apk_fetches_index(const df_pm_call *call)
{
    return df_pm_has_flag(call, "no_cache") || df_pm_has_flag(call, "update_flags");
}

/* A script fed to a shell through a pipe before `offset` (`curl -fsSL
 * https://deb.nodesource.com/setup_14.x | bash -`): such setup scripts add
 * a repository and run the manager's update themselves, so the install
 * after it need not read the index of an earlier RUN. */
typedef struct {
    size_t offset;
    bool found;
} piped_shell;

static int piped_shell_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh", "ksh", NULL};
    piped_shell *ps = user;
    if (cmd->span.start >= ps->offset)
        return 1;
    if (!ctx->pipeline || ctx->pipeline->pipeline.cmds[0] == cmd)
        return 0;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name)
        return 0;
    for (size_t i = 0; shells[i]; i++)
        if (df_sh_word_is(v.name, shells[i]))
            ps->found = true;
    return ps->found;
}

static bool piped_shell_before(const df_sh_script *s, size_t offset)
{
    piped_shell ps = {offset, false};
    if (s)
        df_sh_walk(s, piped_shell_visit, &ps);
    return ps.found;
}

static installs installs_of(df_ctx *c, const df_layer_run *r)
{
    installs in = {NULL, false, false, false, -1, false, -1};
    df_pm_run pr;
    df_pm_run_init(&pr, c, r->in, &r->rs, &r->st, r->ships);
    df_pm_call *calls;
    size_t n = df_pm_calls(&pr, system_managers, &calls);
    size_t updates = 0;
    for (size_t i = 0; i < n; i++) {
        if (df_pm_sub_is(&calls[i], "update")) {
            updates++;
            continue;
        }
        if (df_pm_sub_is(&calls[i], "install")) {
            in.manager = calls[i].manager;
            for (size_t k = 0; k < i; k++)
                if (strcmp(calls[k].manager, in.manager) == 0 && df_pm_sub_is(&calls[k], "update"))
                    in.own_update = true;
            /* (a RUN with its own update needs no look for a setup script) */
            bool piped = !in.own_update && piped_shell_before(r->rs.script, calls[i].cmd->span.start);
            in.writes_index = in.own_update || piped;
            in.reads_index = !in.own_update && df_fact_get(calls[i].m, "update") && !piped &&
                             !df_pm_cache_mounted(&pr, calls[i].m) &&
                             !(strcmp(in.manager, "apk") == 0 && apk_fetches_index(&calls[i]));
            break;
        }
    }
    in.only_update = n > 0 && updates == n;
    return in;
}

/* Does the RUN leave an index of in->manager in its layer (in: its
 * installs_of)? Asked once. */
static bool leaves_of(df_ctx *c, const df_layer_run *r, installs *in)
{
    if (in->leaves_index >= 0)
        return in->leaves_index;
    in->leaves_index = 0;
    df_pm_run pr;
    df_pm_run_init(&pr, c, r->in, &r->rs, &r->st, r->ships);
    df_pm_call *calls;
    size_t n = df_pm_calls(&pr, system_managers, &calls);
    for (size_t i = n; in->manager && i-- > 0;) {
        if (strcmp(calls[i].manager, in->manager) != 0)
            continue;
        in->leaves_index = !df_pm_cleaned_after(&pr, calls[i].m, "cleanup_paths", calls[i].end);
        /* apk: a plain add reads the index an earlier `apk update` layer
         * holds and stores none itself, and DF007 gives any other add
         * --no-cache: only a RUN with its own update leaves an index */
        if (strcmp(in->manager, "apk") == 0 && !in->own_update)
            in->leaves_index = 0;
        break;
    }
    return in->leaves_index;
}

static installs *installs_at(df_ctx *c, const df_layer_run *r, installs *memo, bool *known)
{
    size_t i = r->in->index;
    if (!known[i]) {
        memo[i] = installs_of(c, r);
        known[i] = true;
    }
    return &memo[i];
}

/* The reasons of a join that pays in bytes: one index download and one
 * cleanup serve both installs. */
static const char reads_own[] = "the second install reads the package index the first RUN's update fetched";
static const char reads_earlier[] = "the installs read the package index an earlier update fetched";

/* Why joining b to a pays, or NULL (then they stay apart). `writes`: the
 * first RUN of the chain that ends with a fetched the index itself (a join
 * that pays needs it from the first pair on). */
static const char *pays(df_ctx *c, const df_layer_run *a, installs *ia, bool writes, const df_layer_run *b,
                        installs *ib)
{
    bool aggressive = c->opts && c->opts->merge_aggressive;
    if (ia->only_update && !aggressive)
        return NULL; /* DF005 moves a lone apt-get update */
    const char *why;
    /* the first RUN must leave its index: after a removal of the lists
     * the second install reads nothing of it (it updates by other means,
     * such as a setup script piped to a shell); and the chain must have
     * fetched it: an index an earlier layer holds stays there, joined or
     * not (molch's protobuf image: two installs that read line 39's
     * index, joined for a layer) */
    if (ia->manager && ib->manager && strcmp(ia->manager, ib->manager) == 0 && ib->reads_index &&
        leaves_of(c, a, ia) && writes)
        why = ia->own_update ? reads_own : reads_earlier;
    else if (!aggressive)
        return NULL; /* a join that only saves a layer is churn */
    else if (is_short(c, a, ia) && is_short(c, b, ib))
        why = "short steps";
    else
        why = "--merge=aggressive";
    /* the install keeps its layer: the cache-order fix (DF002) puts the
     * source after it */
    return deps_of(c, a, ia) ? NULL : why;
}

/* Does a comment line stand between RUNs a and b (`# intl` above `RUN
 * apt-get install -y libicu-dev`)? The author heads each RUN as a section
 * of its own: joined, the comment would end up inside the continuation,
 * after a bare `\` (Nipun258/laravel-docker's php image). */
static bool section_comment(const df_ctx *c, const df_layer_run *a, const df_layer_run *b)
{
    const char *t = c->src->text;
    bool line_start = true;
    for (size_t i = a->in->span.end; i < b->in->span.start; i++) {
        if (t[i] == '\n')
            line_start = true;
        else if (line_start && t[i] == '#')
            return true;
        else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            line_start = false;
    }
    return false;
}

/* Where does r put the operators that continue its lines: 1 at line
 * starts (`\` then `  && b`), 2 at line ends (`a && \`), 0 neither (one
 * line, or a continued word list). */
static int operator_side(const df_doc *doc, const df_layer_run *r)
{
    if (!r->st.multiline)
        return 0;
    if (r->st.leading_ops)
        return 1;
    const char *t = doc->src->text;
    for (size_t i = 0; i < r->in->nplines; i++) {
        const df_pline *pl = &r->in->plines[i];
        if (pl->kind != DF_PLINE_CODE || pl->cont.start == pl->cont.end)
            continue;
        size_t e = pl->code.end;
        while (e > pl->code.start && (t[e - 1] == ' ' || t[e - 1] == '\t'))
            e--;
        if (e > pl->code.start && (t[e - 1] == '&' || t[e - 1] == '|' || t[e - 1] == ';'))
            return 2;
    }
    return 0;
}

/* Why `next` is kept apart from the chain although the join would pay,
 * or NULL: a comment line heads it as a section of its own (the default
 * policy: --merge=aggressive asks for the join); or the chain writes its
 * operators at line starts and next at line ends, or the reverse: joined,
 * one line would carry `&&` at both ends. */
static const char *kept_apart(df_ctx *c, const df_layer_run *const *chain, size_t n, const df_layer_run *next)
{
    bool aggressive = c->opts && c->opts->merge_aggressive;
    if (!aggressive && section_comment(c, chain[n - 1], next))
        return "a comment line above it heads it as a section of its own";
    int side = operator_side(c->doc, next);
    for (size_t i = 0; side && i < n; i++) {
        int s = operator_side(c->doc, chain[i]);
        if (s && s != side)
            return "the two RUNs put their && at opposite line ends, and one line would carry both";
    }
    return NULL;
}

/* Is r right after a RUN that only updates (`RUN apt-get update`), which
 * DF005 moves into r in the same round? Then r fetches the index too. */
static bool after_lone_update(df_ctx *c, df_layers *L, const df_layer_run *r, installs *memo, bool *known)
{
    size_t i = r->in->index;
    const df_layer_run *u = i ? df_layers_run(L, i - 1) : NULL;
    if (!u || df_layers_join_why(u, u, r))
        return false;
    return installs_at(c, u, memo, known)->only_update;
}

/* Report the chain; `kept` (the reason the RUN after it stays apart,
 * although it reads the same index) makes it a report without a fix:
 * the index must then stay for that RUN, and the join saves nothing. */
static void report(df_ctx *c, df_layers *L, const df_layer_run *const *chain, size_t n, const char *why,
                   const df_layer_run *next, const char *kept)
{
    bool fix = chain[0]->ships || (c->opts && c->opts->fix_build_stages);
    df_severity sev = fix ? c->rule->severity : DF_SEV_INFO;
    const df_instr *second = chain[1]->in;
    df_span sp = second->keyword.span;
    df_diag *d;
    if (kept) {
        df_report(c, DF_SEV_INFO, sp,
                  "%zu adjacent RUNs (lines %zu to %zu) could share one layer (%s); not joined: the RUN at line %zu "
                  "reads the same package index and stays apart (%s), so the index stays in the layers",
                  n, chain[0]->in->start_line, chain[n - 1]->in->start_line, why, next->in->start_line, kept);
        return;
    }
    if (n == 2)
        d = df_report(c, sev, sp, "this RUN can share one layer with the RUN at line %zu (%s)", chain[0]->in->start_line,
                      why);
    else
        d = df_report(c, sev, sp, "%zu adjacent RUNs (lines %zu to %zu) can share one layer (%s)", n,
                      chain[0]->in->start_line, chain[n - 1]->in->start_line, why);
    if (!d)
        return;
    if (df_diag_set_fix(c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, "join the RUNs with &&"))
        df_layers_join_edits(L, d, chain, n);
}

static void check(df_ctx *c)
{
    const df_doc *doc = c->doc;
    df_layers *L = df_layers_of(c);
    if (!L)
        return;
    const df_layer_run **chain = df_arena_alloc(doc->arena, (doc->ninstrs + 1) * sizeof *chain);
    /* each RUN's installs, read once: a RUN that ends one chain starts the
     * next */
    installs *memo = df_arena_alloc(doc->arena, (doc->ninstrs + 1) * sizeof *memo);
    bool *known = df_arena_alloc(doc->arena, doc->ninstrs + 1);
    if (!chain || !memo || !known)
        return;
    /* below a comment that keeps the RUNs apart for the layer cache, no
     * RUN is joined to the one before it */
    df_intent_scan intent;
    df_layers_intent_init(&intent);
    size_t i = 0;
    while (i < doc->ninstrs) {
        const df_layer_run *first = df_layers_run(L, i);
        if (!first) {
            i++;
            continue;
        }
        size_t n = 0;
        chain[n++] = first;
        const char *why = NULL, *kept = NULL;
        const df_layer_run *kept_run = NULL;
        installs *prev = NULL;
        bool writes = false; /* the chain's first RUN fetched its index */
        size_t j = i + 1;
        for (; j < doc->ninstrs; j++) {
            const df_layer_run *next = df_layers_run(L, j);
            if (!next || df_layers_join_why(first, chain[n - 1], next))
                break;
            /* read only for a RUN that could be joined at all */
            if (n == 1) {
                prev = installs_at(c, first, memo, known);
                writes = prev->writes_index || after_lone_update(c, L, first, memo, known);
            }
            installs *cur = installs_at(c, next, memo, known);
            const char *p = pays(c, chain[n - 1], prev, writes, next, cur);
            prev = cur;
            if (!p || df_layers_intent_before(c, &intent, next->in->span.start))
                break;
            const char *apart = kept_apart(c, chain, n, next);
            if (apart) {
                if (n == 1)
                    df_report(c, DF_SEV_INFO, next->in->keyword.span,
                              "this RUN could share one layer with the RUN at line %zu (%s); not joined: %s",
                              first->in->start_line, p, apart);
                /* a RUN kept apart that reads the chain's index keeps it
                 * in the layers: joining the RUNs before it saves nothing */
                if (p == reads_own || p == reads_earlier) {
                    kept = apart;
                    kept_run = next;
                }
                break;
            }
            if (!why)
                why = p;
            chain[n++] = next;
        }
        if (n >= 2) {
            report(c, L, chain, n, why, kept_run, kept);
            i = j;
        } else {
            i++;
        }
    }
}

const df_rule df_rule_df001 = {
    .id = "DF001",
    .name = "consecutive-run",
    .hadolint = "DL3059",
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_SAFE,
    .summary = "adjacent RUNs that could share one layer",
    .worth = "fewer layers, one package index download per manager",
    .check = check,
};
