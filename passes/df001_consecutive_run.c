/*
 * DF001 consecutive-run
 *
 * What it finds: adjacent RUN instructions of one stage that can share a
 * layer, and would gain from it.
 *
 * Why it matters: every RUN is a layer. Short steps in RUNs of their own
 * (mkdir, chmod, useradd) add layers for nothing, and two installs of the
 * same package manager in two RUNs each pay for the index (apt-get
 * update, apk's index) and leave its cache behind, or read a stale one.
 *
 * Example:
 *     RUN groupadd -r app
 *     # the service account
 *     RUN useradd -r -g app app
 * becomes
 *     RUN groupadd -r app && \
 *     # the service account
 *         useradd -r -g app app
 * The RUNs are joined with `&&` in the file's own style: the continuation
 * character (`\` or the escape directive's), its line ending (CRLF kept),
 * the indentation of the first multi-line RUN of the group, and `&&` at
 * line ends or line starts as that RUN writes it. Comment lines between
 * the RUNs stay, inside the continuation (BuildKit skips them there);
 * blank lines between them go.
 *
 * When it pays (the default policy): a pair of RUNs is joined when both are
 * short steps (one line, at most 80 characters of script, no package
 * install, no project dependency install), or when both install
 * packages with the same system package manager (apt, apk, yum, dnf,
 * microdnf, zypper) and the second does not fetch the index itself: it
 * relies on the first RUN's `apt-get update`, which then cannot be cleaned
 * up in the first layer (DF003 can only advise there); joined, one update
 * and one cleanup serve both. Two RUNs that each update, install and clean
 * up are complete layers and stay apart. A RUN that
 * only runs `apt-get update` is DF005's. Long self-contained RUNs stay
 * apart: official images split them on purpose, so that a change to one
 * rebuilds only that layer. `--merge=aggressive` (config: "merge":
 * "aggressive") joins every pair that can be joined safely, also putting a
 * RUN that changes shell state (cd, export...) in a subshell. A RUN that
 * installs the project's dependencies from its manifests (npm ci, go mod
 * download, dotnet restore, mix deps.get...: data/dependency-manifests.json)
 * is never joined with the step after it, in any policy: `go mod download
 * && go build` would rerun the download on every source change, and DF002
 * could no longer put the source COPY between them. A RUN that
 * removes what an earlier one made is DF011's.
 *
 * Fix safety: safe, under the conditions of passes/layers.h, checked by
 * passes/layers.c: the same stage, adjacent, identical flags (a --mount
 * never spreads to another command), shell form under a POSIX shell, no
 * heredoc, no ignore comment above either RUN (it would lose its target),
 * no background job, no service started, and no state that the later RUN
 * would see: in the default policy a RUN that runs a top-level cd, export,
 * set, source, umask, exec, exit, trap, alias, unset, shopt, assigns a
 * variable or defines a function is not joined to the next one. `&&` after
 * the whole first script keeps its exit status deciding; a later script
 * that is not one && chain is grouped (`a && { b; c; }`) so that it still
 * runs only when the earlier ones succeeded. Under errexit (SHELL with -e,
 * or `set -e`), which is ignored left of `&&` and in groups, only RUNs of
 * plain commands are joined before another. In build-only stages the
 * finding is information and the fix is not applied (layers of a builder
 * stage do not reach the image) unless fix-build-stages is set. Exec-form
 * RUNs, ONBUILD RUNs, Windows files and non-POSIX SHELLs are left alone.
 *
 * hadolint: DL3059 (multiple consecutive RUN instructions).
 */
#include <stdio.h>
#include <string.h>

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
    bool deps;           /* it installs the project's dependencies (npm ci,
                            go mod download...: passes/deps.c) */
} installs;

/* A short step: one line, a short script, no package or dependency install. */
static bool is_short(const df_layer_run *r, const installs *in)
{
    return r->in->nplines == 1 && r->rs.script->len <= SHORT_SCRIPT && !in->manager && !in->deps;
}

static installs installs_of(df_ctx *c, const df_layer_run *r)
{
    installs in = {NULL, false, false, df_deps_has_install(c, r->in)};
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
            break;
        }
    }
    in.only_update = n > 0 && updates == n;
    return in;
}

/* Why joining b to a pays, or NULL (then they stay apart). */
static const char *pays(df_ctx *c, const df_layer_run *a, const installs *ia, const df_layer_run *b,
                        const installs *ib)
{
    bool aggressive = c->opts && c->opts->merge_aggressive;
    if (ia->deps)
        return NULL; /* the install keeps its layer: the cache-order fix (DF002) puts the source after it */
    if (ia->only_update && !aggressive)
        return NULL; /* DF005 moves a lone apt-get update */
    if (ia->manager && ib->manager && strcmp(ia->manager, ib->manager) == 0 && !ib->own_update)
        return "the second install reads the package index of the first";
    if (aggressive)
        return "--merge=aggressive";
    if (a->leak)
        return NULL; /* would need a subshell: only when asked */
    if (is_short(a, ia) && is_short(b, ib))
        return "short steps";
    return NULL;
}

static void report(df_ctx *c, df_layers *L, const df_layer_run *const *chain, size_t n, const char *why)
{
    bool fix = chain[0]->ships || (c->opts && c->opts->fix_build_stages);
    df_severity sev = fix ? c->rule->severity : DF_SEV_INFO;
    const df_instr *second = chain[1]->in;
    df_span sp = second->keyword.span;
    df_diag *d;
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
    df_layers *L = df_layers_new(c);
    if (!L)
        return;
    const df_layer_run **chain = df_arena_alloc(doc->arena, (doc->ninstrs + 1) * sizeof *chain);
    if (!chain)
        return;
    size_t i = 0;
    while (i < doc->ninstrs) {
        const df_layer_run *first = df_layers_run(L, i);
        if (!first) {
            i++;
            continue;
        }
        size_t n = 0;
        chain[n++] = first;
        const char *why = NULL;
        installs prev = installs_of(c, first);
        size_t j = i + 1;
        for (; j < doc->ninstrs; j++) {
            const df_layer_run *next = df_layers_run(L, j);
            if (!next || df_layers_join_why(first, chain[n - 1], next))
                break;
            installs cur = installs_of(c, next);
            const char *p = pays(c, chain[n - 1], &prev, next, &cur);
            prev = cur;
            if (!p)
                break;
            if (!why)
                why = p;
            chain[n++] = next;
        }
        if (n >= 2) {
            report(c, L, chain, n, why);
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
    .check = check,
};
