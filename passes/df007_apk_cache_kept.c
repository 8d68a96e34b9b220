/*
 * DF007 apk-cache-kept (hadolint DL3019)
 *
 * What it finds: `apk add` without `--no-cache`, in shell-form RUNs,
 * heredoc scripts and ONBUILD RUN, at any place of a command list (`if`
 * bodies, subshells, behind sudo or env). `apk add --virtual .deps` is no
 * different: it downloads the index all the same.
 *
 * Why it matters: without --no-cache, apk writes the repository indexes
 * (APKINDEX.*.tar.gz, a few MB) to /var/cache/apk and they stay in the
 * layer. `--no-cache` fetches them into memory instead, which also makes a
 * separate `apk update` and a final removal of /var/cache/apk (or of its
 * contents) pointless.
 *
 * Example:
 *     RUN apk update && \
 *         apk add curl git && \
 *         rm -rf /var/cache/apk
 * becomes
 *     RUN apk add --no-cache curl git
 *
 * Left alone: `--no-cache` anywhere in the call (`apk --no-cache add`);
 * `--no-network` (nothing is downloaded, so nothing is cached); a
 * BuildKit cache or tmpfs mount on /var/cache/apk (the cache is meant to be
 * kept, outside the layer); other subcommands; exec-form RUNs and
 * non-POSIX shells. In stages that do not reach the image the finding is
 * info and the fix is only displayed (--fix-build-stages applies it).
 * `apk update` and the cache removal are dropped only when they are whole
 * items of the same command list as the add, joined so that removing them
 * cannot change which commands run (`a || apk update && apk add` keeps its
 * update), no comment sits in the text removed, and every other apk
 * command of the RUN is an add (now with --no-cache) or a del; the removal
 * must name nothing but the apk cache.
 *
 * Fix safety: safe. ` --no-cache` is inserted right after `add` (never
 * after `--` or among package names); apk installs the same packages from
 * a freshly fetched index, which is what `apk update` did. Dropping the
 * update and the removal keeps the layout: the item goes together with its
 * operator and the line break and indentation that followed it.
 */
#include <string.h>

#include "pm.h"

#define FLAG " --no-cache"

static bool sep_and(df_sh_op op)
{
    return op == DF_SH_OP_AND;
}

static bool sep_seq(df_sh_op op)
{
    return op == DF_SH_OP_SEMI || op == DF_SH_OP_NEWLINE;
}

/* Does the text [a, b) of the file hold a comment (which we must not drop)? */
static bool has_comment(const df_pm_run *r, size_t a, size_t b)
{
    const char *s = r->c->src->text;
    return b > a && memchr(s + a, '#', b - a) != NULL;
}

/* The file range to delete so that item i of list l disappears with its
 * operator, or {0, 0} when that could change which commands run. */
static df_span drop_range(const df_pm_run *r, const df_sh_list *l, size_t i)
{
    df_span none = {0, 0};
    const df_sh_item *it = &l->items[i];
    df_sh_op prev = i > 0 ? l->items[i - 1].op : DF_SH_OP_NONE;
    if (i + 1 < l->n) {
        /* `x OP item OP2 y` -> `x OP y`: item, OP2 and the blanks before y */
        bool ok = (sep_and(it->op) && prev != DF_SH_OP_OR) ||
                  (sep_seq(it->op) && (i == 0 || sep_seq(prev)));
        if (!ok)
            return none;
        size_t a = df_pm_src(r, it->node->span.start);
        size_t b = df_pm_src(r, l->items[i + 1].node->span.start);
        size_t node_end = df_pm_src(r, it->node->span.end - 1) + 1;
        if (has_comment(r, node_end, b))
            return none;
        df_span s = {a, b};
        return s;
    }
    /* last item: `x OP item` -> `x` */
    if (i == 0 || !(sep_and(prev) || sep_seq(prev)))
        return none;
    if (i >= 2 && l->items[i - 2].op == DF_SH_OP_OR)
        return none;
    size_t a = df_pm_src(r, l->items[i - 1].node->span.end - 1) + 1;
    size_t node_start = df_pm_src(r, it->node->span.start);
    size_t b = df_pm_src(r, it->node->span.end - 1) + 1;
    if (has_comment(r, a, node_start))
        return none;
    df_span s = {a, b};
    return s;
}

/* Is item node n a `rm` of nothing but apk's cache? */
static bool is_cache_rm(const df_pm_run *r, const json_t *m, const df_sh_node *n)
{
    df_sh_view v;
    if (n->kind != DF_SH_SIMPLE || n->nredirs || df_sh_command_view(n, &v) < 0 || !v.name ||
        !df_sh_word_is(v.name, "rm"))
        return false;
    size_t operands = 0;
    bool opts = true;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (opts && df_sh_word_is(w, "--")) {
            opts = false;
            continue;
        }
        if (opts && w->value_len > 1 && w->value[0] == '-')
            continue;
        if (!df_kb_match(r->c->kb, m, "cleanup_paths", w->value, w->value_len))
            return false;
        operands++;
    }
    return operands > 0;
}

typedef struct {
    df_pm_call *calls;
    size_t n;
    bool *fires;
} apk_state;

/* May the update and the cache removal go: after the fix, does every apk
 * command of the RUN other than `apk update` work without the cache? */
static bool all_adds_fixed(const apk_state *st)
{
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *c = &st->calls[i];
        if (st->fires[i] || df_pm_sub_is(c, "update") || df_pm_sub_is(c, "remove"))
            continue;
        if (df_pm_sub_is(c, "install") && df_pm_has_flag(c, "no_cache"))
            continue;
        return false;
    }
    return true;
}

static void add_drop(df_pm_run *r, df_diag *d, const df_sh_list *l, size_t i)
{
    df_span s = drop_range(r, l, i);
    if (s.end > s.start)
        df_fix_add_edit(r->c->out, d, s.start, s.end, "", 0);
}

/* Drop `apk update` items before the add and cache removals of its list. */
static void drop_useless(df_pm_run *r, df_diag *d, const apk_state *st, const df_pm_call *add)
{
    const df_sh_list *l = add->where.list;
    if (!l || add->where.in_function)
        return;
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *u = &st->calls[i];
        if (!df_pm_sub_is(u, "update") || u->where.list != l || u->where.index >= add->where.index ||
            l->items[u->where.index].node != u->cmd)
            continue;
        add_drop(r, d, l, u->where.index);
    }
    for (size_t i = 0; i < l->n; i++)
        if (is_cache_rm(r, add->m, l->items[i].node))
            add_drop(r, d, l, i);
}

/* Subcommands that read the index `apk update` downloads. */
static const char *const index_users[] = {"add", "upgrade", "fix", "search", "info", "fetch", "dot", "policy", NULL};

/* A call with --no-cache fetches a fresh index of its own. */
static bool fetches_own_index(const df_pm_call *call)
{
    return df_pm_has_flag(call, "no_cache");
}

static void check_run(df_pm_run *r, void *user)
{
    const df_pm_users *later = user;
    static const char *const managers[] = {"apk", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(r, managers, &calls);
    if (!n)
        return;
    bool *fires = df_arena_alloc(r->c->doc->arena, n * sizeof *fires);
    if (!fires)
        return;
    size_t nfire = 0;
    for (size_t i = 0; i < n; i++) {
        fires[i] = df_pm_sub_is(&calls[i], "install") && !df_pm_has_flag(&calls[i], "no_cache") &&
                   !df_pm_cache_mounted(r, calls[i].m);
        nfire += fires[i];
    }
    if (!nfire)
        return;
    apk_state st = {calls, n, fires};
    /* a later RUN that reads the index needs this RUN's update, unless this
     * RUN removes the index itself (then nothing later could rely on it) */
    bool drop = all_adds_fixed(&st) &&
                (!df_pm_later_users(r, later) || df_pm_cleaned_after(r, calls[0].m, "cleanup_paths", 0));
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!fires[i])
            continue;
        const df_pm_call *call = &calls[i];
        bool fix;
        df_severity sev = df_pm_severity(r, &fix);
        df_span sp = df_runsh_span(&r->rs, call->cmd->span);
        df_diag *d = df_report(r->c, sev, sp, "apk add without --no-cache keeps the package index in /var/cache/apk");
        if (!d)
            return;
        const char *desc = fix ? "add --no-cache" : "add --no-cache (not applied: the stage is not in the image)";
        if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
            return;
        size_t at = df_pm_src(r, call->sub->span.end - 1) + 1;
        if (df_fix_add_edit(r->c->out, d, at, at, FLAG, strlen(FLAG)) < 0)
            return;
        if (drop && first)
            drop_useless(r, d, &st, call);
        first = false;
    }
}

static void check(df_ctx *c)
{
    df_pm_users later = {"apk", index_users, fetches_own_index, {NULL, NULL, {NULL, NULL}}, NULL};
    if (df_pm_users_build(c, &later) < 0)
        return;
    df_pm_each_run(c, check_run, &later);
}

const df_rule df_rule_df007 = {
    .id = "DF007",
    .name = "apk-cache-kept",
    .hadolint = "DL3019",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apk add without --no-cache",
    .check = check,
};
