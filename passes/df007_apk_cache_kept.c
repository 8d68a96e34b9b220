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
 * `--update`/`-U` (an index for this call) means nothing next to
 * --no-cache: after `add` it becomes `--no-cache`, before it it goes. A
 * `rm /var/cache/apk/<glob>` without -f later in the RUN, or in a later RUN of
 * the stage, would fail once the folder stays empty (the glob matches
 * nothing, and busybox rm fails on the literal name): unless the fix drops
 * it, it gets `-f`.
 *
 * Fix safety: safe. ` --no-cache` is inserted right after `add` (never
 * after `--` or among package names); apk installs the same packages from
 * a freshly fetched index, which is what `apk update` did. Dropping the
 * update and the removal keeps the layout: the item goes together with its
 * operator and the line break and indentation that followed it.
 */
#include <string.h>

#include "dfopt/buf.h"
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
static bool is_cache_rm(const df_pm_run *r, const df_fact *m, const df_sh_node *n)
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

/* ---- `rm /var/cache/apk/...` (a glob) without -f ------------------------
 * With --no-cache the folder stays empty, the glob matches nothing, and
 * rm (busybox's too) fails on the literal name: the fix makes such an rm
 * harmless with -f. */
typedef struct {
    size_t index;            /* instruction */
    size_t stage;
    const df_sh_node *node;  /* the rm */
    size_t at;               /* file offset just after the word `rm` */
} bare_rm;

typedef struct {
    df_pm_users later;
    df_buf rms;     /* bare_rm[] in document order */
    size_t *next_fire; /* [ninstrs + 1]: the first RUN at or after i with an add that fires */
} df007_state;

static bool fires_call(const df_pm_run *r, const df_pm_call *call)
{
    return df_pm_sub_is(call, "install") && !df_pm_has_flag(call, "no_cache") && !df_pm_cache_mounted(r, call->m);
}

/* Is simple command n an rm without -f/--force of a glob in apk's cache? */
static bool is_bare_glob_rm(const df_pm_run *r, const df_fact *m, const df_sh_node *n, const df_sh_word **name)
{
    df_sh_view v;
    if (n->kind != DF_SH_SIMPLE || df_sh_command_view(n, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm"))
        return false;
    bool opts = true, glob = false;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (opts && df_sh_word_is(w, "--")) {
            opts = false;
            continue;
        }
        if (opts && w->value_len > 1 && w->value[0] == '-') {
            if (df_sh_word_is(w, "--force") || (w->value[1] != '-' && memchr(w->value, 'f', w->value_len)))
                return false;
            continue;
        }
        if (memchr(w->value, '*', w->value_len) &&
            df_kb_match(r->c->kb, m, "cleanup_paths", w->value, w->value_len))
            glob = true;
    }
    *name = v.name;
    return glob;
}

typedef struct {
    df_pm_run *r;
    df007_state *st;
    const df_fact *m;
} rm_scan;

static int rm_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    rm_scan *rs = user;
    const df_sh_word *name;
    if (!ctx->in_function && is_bare_glob_rm(rs->r, rs->m, cmd, &name)) {
        bare_rm b = {rs->r->in->index, rs->r->in->stage, cmd, df_pm_src(rs->r, name->span.end - 1) + 1};
        df_buf_add(&rs->st->rms, &b, sizeof b);
    }
    return 0;
}

static void scan_run(df_pm_run *r, void *user)
{
    df007_state *st = user;
    const df_fact *m = df_kb_manager(r->c->kb, "apk");
    if (!m || r->in->cmd == DF_CMD_ONBUILD)
        return;
    rm_scan rs = {r, st, m};
    df_sh_walk(r->rs.script, rm_visit, &rs);
    static const char *const managers[] = {"apk", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(r, managers, &calls);
    for (size_t i = 0; i < n; i++)
        if (fires_call(r, &calls[i]))
            st->next_fire[r->in->index] = r->in->index;
}

/* Give every bare rm after script offset `after` of RUN r (in r, or in a
 * later RUN of r's stage before the next RUN whose add also gets
 * --no-cache) a -f, as edits of d; rms in `skip` (items dropped by the fix)
 * are left to the drop. */
static void harmless_rms(df_pm_run *r, df_diag *d, const df007_state *st, size_t after, const df_sh_list *skip)
{
    const bare_rm *v = (const bare_rm *)st->rms.data;
    size_t n = st->rms.len / sizeof *v;
    size_t stop = st->next_fire[r->in->index + 1];
    for (size_t i = 0; i < n; i++) {
        const bare_rm *b = &v[i];
        if (b->stage != r->in->stage || b->index < r->in->index || b->index > stop)
            continue;
        if (b->index == r->in->index) {
            if (b->node->span.start < after)
                continue;
            bool dropped = false;
            for (size_t k = 0; skip && k < skip->n; k++)
                if (skip->items[k].node == b->node && is_cache_rm(r, df_kb_manager(r->c->kb, "apk"), b->node)) {
                    df_span sp = drop_range(r, skip, k);
                    dropped = sp.end > sp.start;
                }
            if (dropped)
                continue;
        } else if (b->index == stop) {
            continue; /* that RUN's own fix sees it */
        }
        df_fix_add_edit(r->c->out, d, b->at, b->at, " -f", 3);
    }
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
    const df007_state *gst = user;
    const df_pm_users *later = &gst->later;
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
        fires[i] = fires_call(r, &calls[i]);
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
        /* --update (an index for this call) means nothing with --no-cache:
         * it becomes --no-cache when it follows the subcommand, else goes */
        const df_sh_word *upd = NULL;
        const df_sh_word *before_upd = call->view.name;
        for (size_t k = 0; k < call->view.nargs && !upd; k++) {
            const df_sh_word *w = &call->view.args[k];
            if (df_sh_word_is(w, "--"))
                break;
            if (df_kb_has(call->m, "update_flags", w->value, w->value_len))
                upd = w;
            else
                before_upd = w;
        }
        size_t at = df_pm_src(r, call->sub->span.end - 1) + 1;
        int rc;
        if (upd && upd->span.start > call->sub->span.start) {
            size_t us = df_pm_src(r, upd->span.start), ue = df_pm_src(r, upd->span.end - 1) + 1;
            rc = df_fix_add_edit(r->c->out, d, us, ue, "--no-cache", strlen("--no-cache"));
        } else {
            rc = df_fix_add_edit(r->c->out, d, at, at, FLAG, strlen(FLAG));
            if (rc == 0 && upd) {
                size_t ps = df_pm_src(r, before_upd->span.end - 1) + 1, ue = df_pm_src(r, upd->span.end - 1) + 1;
                rc = df_fix_add_edit(r->c->out, d, ps, ue, "", 0);
            }
        }
        if (rc < 0)
            return;
        if (drop && first)
            drop_useless(r, d, &st, call);
        if (first)
            harmless_rms(r, d, gst, call->cmd->span.start, drop && !call->where.in_function ? call->where.list : NULL);
        first = false;
    }
}

static void check(df_ctx *c)
{
    df007_state st;
    memset(&st, 0, sizeof st);
    df_pm_users later = {"apk", index_users, fetches_own_index, {NULL, NULL, {NULL, NULL}}, NULL};
    st.later = later;
    if (df_pm_users_build(c, &st.later) < 0)
        return;
    size_t n = c->doc->ninstrs;
    st.next_fire = df_arena_alloc(c->doc->arena, (n + 2) * sizeof *st.next_fire);
    if (!st.next_fire)
        return;
    for (size_t i = 0; i < n + 2; i++)
        st.next_fire[i] = (size_t)-1;
    df_pm_each_run(c, scan_run, &st);
    for (size_t i = n; i-- > 0;) /* at or after i */
        if (st.next_fire[i] == (size_t)-1)
            st.next_fire[i] = st.next_fire[i + 1];
    df_pm_each_run(c, check_run, &st);
    df_buf_release(&st.rms);
}

const df_rule df_rule_df007 = {
    .id = "DF007",
    .name = "apk-cache-kept",
    .hadolint = "DL3019",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apk add without --no-cache",
    .worth = "image size: the apk index cache no longer ships",
    .check = check,
};
