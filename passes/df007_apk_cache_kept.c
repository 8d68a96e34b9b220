/*
 * DF007 apk-cache-kept (hadolint DL3019)
 *
 * What it finds: `apk add` without `--no-cache` that leaves the package
 * index in its layer, in shell-form RUNs, heredoc scripts and ONBUILD RUN,
 * at any place of a command list (`if` bodies, subshells, behind sudo or
 * env). `apk add --virtual .deps` is no different.
 *
 * Why it matters: Without --no-cache, apk writes the repository indexes
 * (APKINDEX.*.tar.gz, a few MB) to /var/cache/apk and they stay in the
 * layer. `apk add` opens the package database for writing, and apk-tools
 * 2.10 and later (Alpine 3.8 and later, where commit 8a28c6d brought this
 * "autoupdate"; apk-tools 3 in Alpine 3.23+ too) then refresh every remote
 * repository whose index in the cache is missing or older than
 * --cache-max-age (4 hours): the index (about 2-3 MB for main +
 * community) is written to /etc/apk/cache when that exists, else to
 * /var/cache/apk, before anything is solved. So an add stores the index
 * even when every package it names is already installed (an `apk add --virtual .rundeps $runDeps`
 * after an `apk add --no-cache` of the same RUN: the earlier add stored
 * nothing). `apk update`, and `--update`/`-U` on add, always fetch and
 * store it. With `--no-cache` the index is read into memory and nothing
 * is written; `--no-network` fetches nothing at all. (`apk del` opens the
 * database without that refresh since apk-tools commit e1a05c74, 2018: the
 * bug docker-library/python#330 points to, which was about del; that pull
 * request added --no-cache to every add.) Up to Alpine 3.7 a plain
 * add did not refresh; there, only `--update` and `apk update` store the
 * index. Read from apk-tools' src/database.c (apk_db_open, add_repository
 * / open_repository, apk_cache_download) and src/app_add.c / app_del.c.
 *
 * Example:
 *     RUN apk update && \
 *         apk add curl git
 * becomes
 *     RUN apk add --no-cache curl git
 *
 * Left alone: `--no-cache` or `--no-network` anywhere in the call; a
 * BuildKit cache or tmpfs mount on /var/cache/apk; other subcommands;
 * exec-form RUNs and non-POSIX shells. An add that saves nothing with the
 * flag stays silent:
 *   - the RUN removes /var/cache/apk (or its contents) after it: the layer
 *     keeps nothing, and the author's removal is never deleted (review run
 *     6, apache/rocketmq-operator);
 *   - a command of the RUN runs apk add itself without --no-cache
 *     ("index_storing_commands": `abuild -r`, also through `su builder -c
 *     "abuild -r"`, installs makedepends through abuild-apk), so the index
 *     lands in the layer anyway, and adds after it find it fresh (varnish
 *     old/alpine, review of 2026-12-04);
 *   - a plain add (no --update) on Alpine 3.7 or older (`alpine:3.7`, a tag
 *     with `alpine3.7`) with no update before it: apk-tools before 2.10
 *     stored no index for it (review pre9, django-docker-template db);
 *   - any add of a RUN whose own `apk update` the fix cannot drop (an `apk
 *     info` reads it, `a || apk update`): that update stores the index
 *     whatever the adds say, so --no-cache on them, `--update` ones too,
 *     saves nothing (review pre9, laradock nginx); the update gets advice;
 *   - a plain add (no --update) after an `apk update` whose index stays: an
 *     earlier RUN of the stage, or of a stage it is built FROM, ran it (and
 *     kept its index), or this RUN does and the fix cannot drop it. The add
 *     finds a fresh index and stores nothing (when the build reuses an
 *     update layer older than 4 hours from the build cache, it fetches and
 *     stores it again). The finding is the update's: advice, no automatic
 *     fix, when a later RUN (or an add later in its RUN) installs with the
 *     index: install there with --no-cache and drop the update (DF003 does
 *     the same for apt).
 *   - no fix, and the message names the reader (apk-index-needed-later,
 *     review H, laradock php-worker): an apk call later in the RUN (after
 *     an add that fires), or the first index-reading apk call of a later
 *     RUN of the stage or of a stage built on it, reads the cached index,
 *     fetches none itself (no --update, --no-cache or `apk update` before
 *     it that always runs, or runs in its `if` branch) and gets no
 *     --no-cache from this rule (an add silent after an update in an `if`
 *     branch of an earlier RUN, `apk search`/`info`): with --no-cache
 *     here it would store the index in its own layer (Alpine 3.8+), which
 *     saves nothing, or find none and fail ("no such package", older
 *     apk-tools). A reader that gets --no-cache in the same run does not
 *     count (`RUN apk --update add a` + `RUN apk add b` become two
 *     --no-cache adds). Once an earlier RUN of the stage (or of a stage it
 *     is built FROM) keeps an index that always lands (a top-level add
 *     that waits, a top-level update that stays) and no RUN since removed
 *     /var/cache/apk, the reader finds that one, and later RUNs are fixed.
 *     The message names the first reading call, says when it runs only
 *     under a condition, and counts the other RUNs that read ("the apk add
 *     at line 557, run only under a condition, and 1 more RUN read that
 *     index"); when the waiting add always lands, a later RUN whose own
 *     --update gets --no-cache and that then reads counts too (review run
 *     12, laradock php-worker's mssql branch).
 * `apk upgrade` stores the index as an add does (below): when no add of its
 * RUN fires, an upgrade without --no-cache that stores it (`apk upgrade
 * -U`/`--update`, one after the RUN's own `apk update`, a plain one on
 * Alpine 3.8+ with no fresh index from an earlier layer) is the finding,
 * with the same silences, the same wait for later readers and the same
 * whole-RUN fix (apk-upgrade-keeps-index, review run 16, finn-no
 * node-docker: `apk upgrade -U && apk add --no-cache ...` becomes `apk
 * upgrade --no-cache && ...`). With an add that fires, the upgrades get
 * --no-cache in the add's fix.
 * In stages that do not reach the image the finding is info and the fix is
 * only displayed (--fix-build-stages applies it).
 *
 * The fix is the whole RUN's. Its own `apk update` is dropped with the fix
 * when it is a whole item before the first add of the add's command list,
 * joined so that removing it cannot change which commands run (`a || apk
 * update && apk add` keeps it), no comment sits in the text removed, every
 * other apk command of the RUN is an add (now with --no-cache), an
 * upgrade or a del, and no later RUN reads the index. `apk upgrade`
 * stores the index as add does (Alpine 3.8+) and, after a dropped update,
 * read its index: it gets --no-cache too (`apk update && apk upgrade &&
 * apk add x` becomes `apk upgrade --no-cache && apk add --no-cache x`). Otherwise the update stays, the add is
 * silent, and the update gets the advice: adding --no-cache next to a
 * kept update would not reach its goal.
 *
 * `--update`/`-U` (an index for this call) means nothing next to
 * --no-cache: after `add` it becomes `--no-cache`, before it it goes. A
 * `rm /var/cache/apk/<glob>` without -f in a later RUN of the stage would
 * fail once the folder stays empty (the glob matches nothing, and busybox
 * rm fails on the literal name): it gets `-f`, unless the folder surely
 * holds an index there after the fix (rm-f-without-effect, review run 12,
 * laradock php-worker): an `apk update` that stays, or an add or upgrade
 * with --update that gets no --no-cache (its fix waits), runs before it in
 * the stage whenever the build succeeds (at the top level of its RUN, not
 * after `||` nor in an `if`), and nothing after it may empty the folder.
 *
 * Fix safety: safe. ` --no-cache` is inserted right after `add` (never
 * after `--` or among package names); apk installs the same packages from
 * a freshly fetched index, which is what `apk update` did. Dropping the
 * update keeps the layout: the item goes together with its operator and
 * the line break and indentation that followed it.
 */
#include <stdio.h>
#include <string.h>

#include "dfopt/buf.h"
#include "image.h"
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
    df_pm_marks updates; /* RUNs that run `apk update` */
    df_pm_marks flagged; /* RUNs with an `apk add --update` whose index stays:
                            read only for a base older than Alpine 3.8, built by
                            the first RUN that asks (flagged_earlier) */
    bool flagged_built, flagged_ok;
    df_buf rms;     /* bare_rm[] in document order */
    size_t *next_fire; /* [ninstrs + 1]: the first RUN at or after i with an add that fires */
    /* later and updates, each built by the first RUN that reads it (ok:
     * without running out of memory), not for every file: a file whose
     * adds all have --no-cache builds neither */
    bool later_built, later_ok, updates_built, updates_ok;
    /* RUNs whose first apk call reads the cached index and gets no
     * --no-cache from this rule (apk-index-needed-later), and the stages
     * with such a RUN in a stage built on them: by the first RUN whose
     * adds fire */
    df_pm_marks readers;
    bool *readers_desc;
    bool readers_built, readers_ok;
    /* for the message only: the readers once the fix of every RUN that no
     * longer waits applies (a fixed `--update` fetches nothing), by the
     * first RUN that waits with an index that always lands */
    df_pm_marks readers_after;
    bool after_built, after_ok;
    /* [nstages], filled in document order by check_run: 2 when an earlier
     * RUN of the stage (or of a stage it is built FROM) keeps an index that
     * always lands (a top-level add whose fix waits, an update that stays),
     * 1 when none does so far, 0 not asked yet */
    unsigned char *kept;
    /* rm-f-without-effect, asked only when a fix meets a bare rm:
     * [ninstrs], what each RUN leaves in /var/cache/apk (RW_* bits, RW_ASK
     * until asked): as written, or after its fix (check_run); and
     * [nstages], whether an index surely lies there before the RUN
     * check_run is at */
    unsigned char *runw;
    unsigned char *present;
    size_t folded;         /* present[] holds the RUNs before this one */
    /* [ninstrs]: index_stored_in_run's answers (0 not asked yet, 1 no, 2
     * yes): plan() asks it for each RUN in every pass over the RUNs, a walk
     * of the script each time */
    unsigned char *stored;
} df007_state;

#define RW_WRITES 1 /* an apk call that always runs stores the index, and it stays */
#define RW_CLEANS 2 /* the RUN removes (some of) /var/cache/apk */
#define RW_ASK 0xff  /* not asked yet */

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

typedef struct apk_state apk_state;
static bool may_empty_cache(const df_sh_node *n);
static unsigned char run_leaves(const df_pm_run *r, const apk_state *st, bool fixed);

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

static bool index_there_for_rm(df_pm_run *r, df007_state *st, const apk_state *ast, const bare_rm *b);

/* Give every bare rm after script offset `after` of RUN r (in r, or in a
 * later RUN of r's stage before the next RUN whose add also gets
 * --no-cache) a -f, as edits of d, unless an index surely lies in
 * /var/cache/apk there after the fix (rm-f-without-effect): then the glob
 * matches and the -f changes nothing. (ast, wait: r's calls and whether
 * its fix waits.) */
static void harmless_rms(df_pm_run *r, df_diag *d, df007_state *st, const apk_state *ast, size_t after)
{
    const bare_rm *v = (const bare_rm *)st->rms.data;
    size_t n = st->rms.len / sizeof *v;
    size_t stop = st->next_fire[r->in->index + 1];
    for (size_t i = 0; i < n; i++) {
        const bare_rm *b = &v[i];
        if (b->stage != r->in->stage || b->index < r->in->index || b->index > stop)
            continue;
        if (b->index == r->in->index && b->node->span.start < after)
            continue;
        if (b->index == stop && b->index != r->in->index)
            continue; /* that RUN's own fix sees it */
        if (index_there_for_rm(r, st, ast, b))
            continue;
        df_fix_add_edit(r->c->out, d, b->at, b->at, " -f", 3);
    }
}

struct apk_state {
    df_pm_call *calls;
    size_t n;
    bool *fires;  /* the add fires (and gets --no-cache) */
    bool *stays;  /* an `apk update` the fix keeps */
    bool *reads;  /* a plain add silenced: it reads the index of an update of this RUN */
    bool drop;    /* the updates before the first add go */
    size_t first; /* the first add that would fire, n when none */
};

/* `apk upgrade` (m["upgrade"]): it opens the database for writing as add
 * does, reads the index and, from Alpine 3.8, stores it when none is
 * fresh. The whole-RUN fix gives it --no-cache too. */
static bool is_upgrade(const df_pm_call *c)
{
    return df_pm_sub_is(c, "upgrade");
}

/* An `apk upgrade -U`, or an upgrade that may store the index (decide()
 * says when: after an `apk update` of its RUN, Alpine 3.8+ with no fresh
 * index from an earlier layer), without --no-cache and with no removal of
 * the cache after it: a finding of its own when no add of its RUN fires
 * (finn-no node-docker, review run 16). */
static bool upgrade_fires(const df_pm_run *r, const df_pm_call *c)
{
    return is_upgrade(c) && c->sub && !c->where.in_function && !df_pm_has_flag(c, "no_cache") &&
           !df_pm_cache_mounted(r, c->m) && !df_pm_cleaned_after(r, c->m, "cleanup_paths", c->end);
}

/* Does an add (or upgrade) of r without --update store an index when none
 * is cached: apk-tools 2.10 (Alpine 3.8) and later do, older ones do not?
 * From the root image of r's stage: `alpine:3.7` or a tag with
 * `alpine3.7` is older than m["autoupdate_since"]; any other image is
 * taken as recent. */
static bool autoupdates(const df_pm_run *r, const df_fact *m)
{
    const df_doc *d = r->c->doc;
    size_t si = r->in->stage;
    si = df_stage_root(d, si);
    df_imgref ir;
    const char *since = df_fact_str(df_fact_get(m, "autoupdate_since"));
    unsigned smaj, smin;
    if (!since || sscanf(since, "%u.%u", &smaj, &smin) != 2 || si >= d->nstages || !df_stage_image(d, si, &ir))
        return true;
    const char *v = NULL;
    const char *slash = strrchr(ir.name, '/');
    if (strcmp(slash ? slash + 1 : ir.name, "alpine") == 0)
        v = ir.tag;
    else {
        const char *a = strstr(ir.tag, "alpine");
        v = a ? a + 6 : NULL;
    }
    unsigned maj, min;
    if (!v || sscanf(v, "%u.%u", &maj, &min) != 2)
        return true;
    return maj > smaj || (maj == smaj && min >= smin);
}

/* May the update go: after the fix, does every apk command of the RUN
 * other than `apk update` work without the index? */
static bool all_adds_fixed(const apk_state *st, const bool *base)
{
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *c = &st->calls[i];
        if (base[i] || df_pm_sub_is(c, "update") || df_pm_sub_is(c, "remove") || is_upgrade(c))
            continue;
        if (df_pm_sub_is(c, "install") && df_pm_has_flag(c, "no_cache"))
            continue;
        return false;
    }
    return true;
}

/* Will the fix drop update u (an item before `add` of add's list)? */
static bool droppable(const df_pm_run *r, const df_pm_call *u, const df_pm_call *add)
{
    const df_sh_list *l = add->where.list;
    if (!l || add->where.in_function || u->where.list != l || u->where.index >= add->where.index ||
        l->items[u->where.index].node != u->cmd)
        return false;
    df_span sp = drop_range(r, l, u->where.index);
    return sp.end > sp.start;
}

/* Does the call fetch an index for itself (--update/-U)? */
static bool has_update_flag(const df_pm_call *call)
{
    for (size_t k = 0; k < call->view.nargs; k++) {
        const df_sh_word *w = &call->view.args[k];
        if (df_sh_word_is(w, "--"))
            break;
        if (df_kb_has(call->m, "update_flags", w->value, w->value_len))
            return true;
    }
    return false;
}

static bool update_pred(const df_ctx *c, const df_instr *in, const void *arg);

/* gst->later, built when first read. */
static bool later_ready(df007_state *gst, const df_ctx *c)
{
    if (!gst->later_built) {
        gst->later_built = true;
        gst->later_ok = df_pm_users_build(c, &gst->later) == 0;
    }
    return gst->later_ok;
}

/* Does the index a RUN reads come from an earlier layer: does an earlier
 * RUN of its stage, or of a stage it is built FROM, run `apk update` and
 * keep what it fetched (no removal of /var/cache/apk after it)? (An
 * ONBUILD RUN runs after the whole stage.) */
static bool earlier_update(df007_state *gst, const df_pm_run *r)
{
    if (!gst->updates_built) {
        gst->updates_built = true;
        gst->updates_ok = later_ready(gst, r->c) && df_pm_marks_build(r->c, update_pred, gst, &gst->updates) == 0;
    }
    return gst->updates_ok && df_pm_marked_earlier(r, &gst->updates);
}

/* Does a command of "index_storing_commands" (abuild, also as `su builder
 * -c "abuild -r"`) run in r? It stores the index whatever the adds say: an
 * add before it gains nothing from --no-cache, and an add after it finds
 * that fresh index and stores nothing. */
static bool index_stored_in_run(const df_pm_run *r, df007_state *gst, const df_fact *m)
{
    unsigned char *ans = gst->stored ? &gst->stored[r->in->index] : NULL;
    if (ans && *ans)
        return *ans == 2;
    bool stored = df_pm_first_named(r->rs.script, df_fact_get(m, "index_storing_commands"), 0, true) != SIZE_MAX;
    if (ans)
        *ans = stored ? 2 : 1;
    return stored;
}

/* The adds that would fire (base), the first of them, and which updates
 * of r the fix keeps. False when no add would fire. */
static bool plan(df_pm_run *r, df007_state *gst, apk_state *st, bool **basep)
{
    const df_pm_users *later = &gst->later;
    size_t n = st->n;
    bool *base = df_arena_alloc(r->c->doc->arena, 4 * n * sizeof *base);
    if (!base)
        return false;
    *basep = base;
    st->fires = base + n;
    st->stays = base + 2 * n;
    st->reads = base + 3 * n;
    st->first = n;
    bool stored = n && index_stored_in_run(r, gst, st->calls[0].m);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *c = &st->calls[i];
        base[i] = fires_call(r, c) && !df_pm_cleaned_after(r, c->m, "cleanup_paths", c->end) && !stored;
        st->fires[i] = st->reads[i] = false;
        st->stays[i] = true;
        if (base[i] && st->first == n)
            st->first = i;
    }
    /* no add would fire: the upgrades of the RUN take their place (with an
     * add that fires, fix_upgrades gives them --no-cache in its fix) */
    for (size_t i = 0; st->first == n && i < n; i++)
        base[i] = upgrade_fires(r, &st->calls[i]) && !stored;
    for (size_t i = 0; st->first == n && i < n; i++)
        if (base[i])
            st->first = i;
    if (st->first == n || !later_ready(gst, r->c))
        return false;
    /* a later RUN that reads the index needs this RUN's update, unless this
     * RUN removes the index itself (then nothing later could rely on it) */
    st->drop = all_adds_fixed(st, base) &&
               (!df_pm_later_users(r, later) || df_pm_cleaned_after(r, st->calls[0].m, "cleanup_paths", 0));
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&st->calls[i], "update"))
            st->stays[i] = !(st->drop && droppable(r, &st->calls[i], &st->calls[st->first]));
    return true;
}

/* Which adds of r fire. An add stores the index only when no fresh one is
 * in /var/cache/apk already: with the update of this RUN or of an earlier
 * layer there, a plain add (no --update) reads it and stores nothing, and
 * --no-cache would save nothing. An add followed by a removal of the cache
 * keeps nothing either. Returns false when nothing fires. */
static bool flagged_pred(const df_ctx *c, const df_instr *in, const void *arg);

/* Does an earlier RUN of r's stage (or of one it is built FROM) keep the
 * index of an `apk add --update`? (Out of memory: no.) */
static bool flagged_earlier(df007_state *gst, const df_pm_run *r)
{
    if (!gst->flagged_built) {
        gst->flagged_built = true;
        gst->flagged_ok = df_pm_marks_build(r->c, flagged_pred, NULL, &gst->flagged) == 0;
    }
    return gst->flagged_ok && df_pm_marked_earlier(r, &gst->flagged);
}

static bool decide(df_pm_run *r, df007_state *gst, apk_state *st)
{
    bool *base;
    if (!plan(r, gst, st, &base))
        return false;
    bool earlier = earlier_update(gst, r), own = false, kept = false, any = false;
    /* before Alpine 3.8 a plain add reads what is cached: when an earlier
     * `apk add --update` cached an index (which its own fix takes away),
     * the add needs --no-cache to fetch one */
    bool autoupd = autoupdates(r, st->calls[0].m) || flagged_earlier(gst, r);
    /* an update the fix keeps stores the index in this layer whatever the
     * adds say (`apk update && apk upgrade && apk --update add x`): no add
     * of the RUN saves anything, the finding is the update's */
    for (size_t i = 0; i < st->n; i++)
        if (df_pm_sub_is(&st->calls[i], "update") && st->stays[i] &&
            !df_pm_cleaned_after(r, st->calls[i].m, "cleanup_paths", st->calls[i].end))
            kept = true;
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *c = &st->calls[i];
        if (df_pm_sub_is(c, "update")) {
            own = true;
            continue;
        }
        if (!base[i])
            continue;
        if (kept) {
            st->reads[i] = own;
            continue;
        }
        /* a plain add reads the index an earlier layer keeps and stores
         * nothing; before Alpine 3.8 it stores nothing without one either */
        if (!has_update_flag(c) && !own && (earlier || !autoupd))
            continue;
        st->fires[i] = true;
        any = true;
    }
    return any;
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
    apk_state a = {NULL, 0, NULL, NULL, NULL, false, 0};
    a.n = df_pm_calls(r, managers, &a.calls);
    if (a.n && decide(r, st, &a))
        st->next_fire[r->in->index] = r->in->index;
}

static void add_drop(df_pm_run *r, df_diag *d, const df_sh_list *l, size_t i)
{
    df_span s = drop_range(r, l, i);
    if (s.end > s.start)
        df_fix_add_edit(r->c->out, d, s.start, s.end, "", 0);
}

/* Drop the `apk update` items before the first add of its list. The
 * author's own removal of /var/cache/apk stays (an add it follows does not
 * fire at all). */
static void drop_updates(df_pm_run *r, df_diag *d, const apk_state *st)
{
    const df_pm_call *add = &st->calls[st->first];
    for (size_t i = 0; i < st->n; i++)
        if (df_pm_sub_is(&st->calls[i], "update") && droppable(r, &st->calls[i], add))
            add_drop(r, d, add->where.list, st->calls[i].where.index);
}

/* An `apk update` that stays keeps the index in this layer for an add that
 * reads it (later in this RUN, or in a later RUN): --no-cache on that add
 * would save nothing. The finding belongs here; no automatic fix. */
static void update_kept(df_pm_run *r, df007_state *gst, const apk_state *st, size_t u)
{
    const df_pm_call *upd = &st->calls[u];
    if (df_pm_cleaned_after(r, upd->m, "cleanup_paths", upd->end) || df_pm_cache_mounted(r, upd->m))
        return;
    char where[64] = "";
    for (size_t i = u + 1; i < st->n && !where[0]; i++)
        if (st->reads[i] && !is_upgrade(&st->calls[i]))
            snprintf(where, sizeof where, "an apk add later in this RUN");
    if (!where[0] && later_ready(gst, r->c) && df_pm_later_users(r, &gst->later)) {
        size_t line = df_pm_first_user_line(r, &gst->later);
        if (line)
            snprintf(where, sizeof where, "the RUN at line %zu", line);
        else
            snprintf(where, sizeof where, "a RUN of a stage built on this one");
    }
    /* an upgrade of this RUN last: the install that keeps the update is
     * the one to name (TechEmpower serverino: `RUN apk update && apk
     * upgrade`, then `RUN apk add ...`) */
    for (size_t i = u + 1; i < st->n && !where[0]; i++)
        if (st->reads[i])
            snprintf(where, sizeof where, "an apk upgrade later in this RUN");
    if (!where[0])
        return;
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_span at = {upd->view.name->span.start, upd->sub->span.end};
    df_report(r->c, sev, df_runsh_span(&r->rs, at),
              "apk update keeps the package index in /var/cache/apk in this layer, and %s installs with it: "
              "install there with apk add --no-cache and drop the update (no automatic fix: --no-cache on "
              "that add alone saves nothing)",
              where);
}

/* --no-cache for the call: after the subcommand, replacing a --update
 * there, or dropping one before it. */
static int no_cache_edit(df_pm_run *r, df_diag *d, const df_pm_call *call)
{
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
    return rc;
}

/* The whole RUN: every `apk upgrade` without --no-cache gets it too, as
 * edits of d, when it stores the index (Alpine 3.8 and later), or reads
 * the update the fix drops (it then fetches the index itself, as the update
 * did). An upgrade that read no index keeps doing so. With d NULL only
 * counts them. Returns their number, or -1 when out of memory. */
static int fix_upgrades(df_pm_run *r, df_diag *d, const apk_state *st)
{
    bool autoupd = autoupdates(r, st->calls[0].m), after_update = false;
    int n = 0;
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *c = &st->calls[i];
        if (df_pm_sub_is(c, "update"))
            after_update = true;
        if (!is_upgrade(c) || df_pm_has_flag(c, "no_cache") || !c->sub || c->where.in_function ||
            (st->fires && st->fires[i]))
            continue; /* (a firing upgrade gets --no-cache in its own fix) */
        if (!(autoupd || after_update || has_update_flag(c)))
            continue;
        n++;
        if (d && no_cache_edit(r, d, c) < 0)
            return -1;
    }
    return n;
}

/* Subcommands that read the index `apk update` downloads. */
static const char *const index_users[] = {"add", "upgrade", "fix", "search", "info", "fetch", "dot", "policy", NULL};
static bool fetches_own_index(const df_pm_call *call);

static bool reads_index(const df_pm_call *c)
{
    if (!c->sub || fetches_own_index(c))
        return false;
    for (size_t k = 0; index_users[k]; k++)
        if (df_sh_word_is(c->sub, index_users[k]))
            return true;
    return false;
}

/* Does the RUN's fix give call i --no-cache (st: decided)? An add that
 * fires does; an upgrade does when an add fires and fix_upgrades takes it
 * (Alpine 3.8+, or it fetches with --update). */
static bool gets_no_cache(const df_pm_run *r, const apk_state *st, bool any, size_t i)
{
    const df_pm_call *c = &st->calls[i];
    if (st->fires && st->fires[i])
        return true;
    return any && is_upgrade(c) && (autoupdates(r, c->m) || has_update_flag(c));
}

/* The first call after a firing add of r that reads the cached index and
 * gets no --no-cache from the fix (`apk add --update gnupg; ...; apk add
 * --allow-untrusted x.apk unixodbc-dev`, silent because an earlier layer's
 * update keeps an index), or n. */
static size_t reader_in_run(const df_pm_run *r, const apk_state *st, bool any)
{
    bool fired = false;
    for (size_t i = 0; i < st->n; i++) {
        if (fired && reads_index(&st->calls[i]) && !gets_no_cache(r, st, any, i))
            return i;
        fired = fired || (st->fires && st->fires[i]);
    }
    return st->n;
}

typedef struct {
    df007_state *st;
    bool after_fix; /* an --update add that gets --no-cache fetches nothing,
                       an update the fix drops neither */
} reader_arg;

/* The item of the script's top-level list that holds script offset off. */
static size_t top_item(const df_sh_script *s, size_t off)
{
    size_t lo = 0, hi = s->list.n;
    while (lo + 1 < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->list.items[mid].node->span.start <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* RUN `in` as a df_pm_run (o) and its apk calls (st); false when it is
 * not one. */
static bool apk_calls_of(const df_ctx *c, const df_instr *in, df_pm_run *o, apk_state *st)
{
    if (!df_pm_run_of(c, in, o))
        return false;
    static const char *const managers[] = {"apk", NULL};
    *st = (apk_state){NULL, 0, NULL, NULL, NULL, false, 0};
    st->n = df_pm_calls(o, managers, &st->calls);
    return true;
}

/* ---- rm-f-without-effect -------------------------------------------------
 * A bare `rm /var/cache/apk/<glob>` gets -f only when the fix may leave the
 * folder empty. An apk call that always runs before it in the stage and,
 * after the fix, still stores the index (an `apk update` that stays, an add
 * or upgrade with --update that gets no --no-cache: laradock php-worker's
 * `RUN apk --update add wget ...`, whose fix waits for a later reader)
 * keeps the glob matching unless something that may empty the folder comes
 * between; then the -f is churn (review run 12). A plain add counts for
 * nothing (before Alpine 3.8 it stores no index), nor does a call in an
 * `if`, a loop, after `||`, or after `&&` in a chain that does not end the
 * script. */

/* Does the call run whenever its RUN succeeds: an item of the script's
 * top-level list, outside functions, whose and-or chain has only `&&` and
 * either starts with it or ends the script? */
static bool always_runs(const df_pm_call *c)
{
    const df_sh_ctx *w = &c->where;
    if (w->depth != 0 || w->in_function || !w->list || w->index >= w->list->n)
        return false;
    if (!w->conditional)
        return true;
    const df_sh_list *l = w->list;
    for (size_t j = w->index; j-- > 0 && !sep_seq(l->items[j].op);)
        if (l->items[j].op != DF_SH_OP_AND)
            return false;
    size_t k = w->index;
    while (k + 1 < l->n && l->items[k].op == DF_SH_OP_AND)
        k++;
    return k + 1 == l->n && (l->items[k].op == DF_SH_OP_NONE || sep_seq(l->items[k].op));
}

/* Does call i of r store the index, and keep it, after the fix (fixed: r's
 * fix applies)? */
static bool stores_after_fix(const df_pm_run *r, const apk_state *st, size_t i, bool fixed)
{
    const df_pm_call *c = &st->calls[i];
    if (!always_runs(c) || df_pm_has_flag(c, "no_cache") || df_pm_cache_mounted(r, c->m))
        return false;
    if (df_pm_sub_is(c, "update"))
        return !fixed || st->stays[i];
    if (!(df_pm_sub_is(c, "install") || is_upgrade(c)) || !has_update_flag(c))
        return false;
    return !fixed || !gets_no_cache(r, st, true, i);
}

/* May simple command n empty /var/cache/apk: it names that folder, a path
 * above it or a glob reaching it, it is an rm, rmdir, find or apk with an
 * expansion in its arguments (`rm -rf $CACHE`), or `apk cache`? A
 * command whose name is an expansion counts as yes. */
static bool may_empty_cache(const df_sh_node *n)
{
    static const char dir[] = "/var/cache/apk";
    df_sh_view v;
    if (df_sh_command_view(n, &v) < 0)
        return true;
    if (!v.name)
        return false;
    if (memchr(v.name->value, '$', v.name->value_len))
        return true;
    bool apk = df_sh_word_is(v.name, "apk");
    bool removes = apk || df_sh_word_is(v.name, "rm") || df_sh_word_is(v.name, "find") ||
                   df_sh_word_is(v.name, "rmdir");
    for (size_t i = 0; i < v.nargs; i++) {
        const char *s = v.args[i].value;
        size_t len = v.args[i].value_len, k = 0;
        if ((apk && df_sh_word_is(&v.args[i], "cache")) || (removes && memchr(s, '$', len)))
            return true;
        if (!len || s[0] != '/')
            continue;
        while (k < len && k < sizeof dir - 1 && s[k] == dir[k])
            k++;
        if (k == len || k == sizeof dir - 1 || s[k] == '*' || s[k] == '?' || s[k] == '[')
            return true;
    }
    return false;
}

/* What RUN r leaves in /var/cache/apk (RW_* bits), after its fix when
 * fixed. One walk of its commands. */
static unsigned char run_leaves(const df_pm_run *r, const apk_state *st, bool fixed)
{
    const df_sh_script *s = r->rs.script;
    size_t clear = SIZE_MAX; /* its last command that may empty the folder */
    for (size_t k = 0; k < s->nsteps; k++)
        if (may_empty_cache(s->steps[k].cmd))
            clear = s->steps[k].cmd->span.start;
    unsigned char w = clear != SIZE_MAX ? RW_CLEANS : 0;
    for (size_t i = 0; i < st->n; i++)
        if ((clear == SIZE_MAX || st->calls[i].cmd->span.start > clear) && stores_after_fix(r, st, i, fixed) &&
            !df_pm_cleaned_after(r, st->calls[i].m, "cleanup_paths", st->calls[i].end))
            w |= RW_WRITES;
    return w;
}

/* runw[k] as written, asked once (a RUN scan_run does not see, exec form
 * or ONBUILD, may empty the folder). */
static unsigned char leaves_of(df007_state *st, const df_ctx *c, size_t k)
{
    if (st->runw[k] == RW_ASK) {
        df_pm_run o;
        apk_state xs;
        st->runw[k] = apk_calls_of(c, c->doc->instrs[k], &o, &xs) ? run_leaves(&o, &xs, false) : RW_CLEANS;
    }
    return st->runw[k];
}

static bool fold_leaves(bool there, unsigned char w)
{
    return (w & RW_WRITES) ? true : (w & RW_CLEANS) ? false : there;
}

/* Does an index surely lie in /var/cache/apk when bare rm b runs, after
 * the fix of r (ast: r's calls, its fix applies)? b is in r, or in a later
 * RUN of r's stage that no fix changes. */
static bool index_there_for_rm(df_pm_run *r, df007_state *st, const apk_state *ast, const bare_rm *b)
{
    const df_doc *d = r->c->doc;
    size_t x = b->index;
    if (!st->runw || !st->present || r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages)
        return false;
    /* the RUNs before r, each once: r only grows from call to call */
    for (; st->folded < r->in->index; st->folded++) {
        const df_instr *in = d->instrs[st->folded];
        if (in->cmd == DF_CMD_RUN && in->stage < d->nstages)
            st->present[in->stage] = fold_leaves(st->present[in->stage], leaves_of(st, r->c, st->folded));
    }
    bool there = st->present[r->in->stage];
    df_pm_run o;
    apk_state xs;
    const df_pm_run *xr = r;
    const apk_state *xst = ast;
    bool fixed = true;
    if (x != r->in->index) {
        there = fold_leaves(there, leaves_of(st, r->c, r->in->index));
        for (size_t k = r->in->index + 1; k < x; k++)
            if (d->instrs[k]->cmd == DF_CMD_RUN && d->instrs[k]->stage == r->in->stage)
                there = fold_leaves(there, leaves_of(st, r->c, k));
        if (!apk_calls_of(r->c, d->instrs[x], &o, &xs))
            return false;
        xr = &o;
        xst = &xs;
        fixed = false;
    }
    /* the rm's own RUN, up to the rm */
    const df_sh_script *s = xr->rs.script;
    size_t ci = 0;
    for (size_t k = 0; k < s->nsteps && s->steps[k].cmd != b->node; k++) {
        const df_sh_node *cmd = s->steps[k].cmd;
        if (ci < xst->n && xst->calls[ci].cmd == cmd) {
            if (stores_after_fix(xr, xst, ci++, fixed)) {
                there = true;
                continue;
            }
        }
        if (may_empty_cache(cmd))
            there = false;
    }
    return there;
}

/* Does RUN `in` read the index an earlier layer caches, with its first apk
 * call that reads one (before any `apk update` of its own), and get no
 * --no-cache there from this rule: a plain add silenced by an earlier
 * layer's update, by a removal of the cache after it, by abuild, an `apk
 * info`/`search`? Then an earlier RUN's fix would take away the index it
 * reads. (arg: reader_arg) */
/* The reading call of RUN `in` that reader_pred looks for (o, st: the
 * RUN and its calls), or SIZE_MAX. */
static size_t reader_call(const df_ctx *c, const df_instr *in, const reader_arg *ra, df_pm_run *o, apk_state *st)
{
    if (!apk_calls_of(c, in, o, st) || !st->n)
        return SIZE_MAX;
    bool any = decide(o, ra->st, st);
    size_t fresh = SIZE_MAX; /* the top-level item where an index was fetched */
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *call = &st->calls[i];
        size_t item = top_item(o->rs.script, call->cmd->span.start);
        /* an update (or --update) that always runs stores a fresh index
         * for what follows; one in an `if` branch covers only the rest of
         * that command (laradock's `if [ $INSTALL_MSSQL = true ]; then apk
         * add --update gnupg; ... apk add x.apk unixodbc-dev`) */
        bool upd = df_pm_sub_is(call, "update");
        if (upd || (has_update_flag(call) && !df_pm_has_flag(call, "no_cache"))) {
            bool fixed = any && (upd ? st->stays && !st->stays[i] : st->fires[i]);
            if (!(ra->after_fix && fixed)) {
                if (call->where.depth == 0)
                    return SIZE_MAX;
                fresh = item;
                continue;
            }
        }
        if (reads_index(call) && item != fresh)
            return gets_no_cache(o, st, any, i) ? SIZE_MAX : i;
    }
    return SIZE_MAX;
}

static bool reader_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    df_pm_run o;
    apk_state st;
    return reader_call(c, in, arg, &o, &st) != SIZE_MAX;
}

static bool readers_ready(df007_state *st, const df_ctx *c)
{
    if (!st->readers_built) {
        st->readers_built = true;
        reader_arg ra = {st, false};
        st->readers_ok = df_pm_marks_build(c, reader_pred, &ra, &st->readers) == 0 &&
                         df_pm_marks_desc(c, &st->readers, &st->readers_desc) == 0;
    }
    return st->readers_ok;
}

/* The readers of the index r keeps for its message (apk-index-needed-later
 * wording, review run 12): the first reading call after r in its stage,
 * whether it runs only under a condition, and how many more RUNs read.
 * When r keeps an index that always lands, the later RUNs' fixes apply,
 * and a RUN whose own `--update` gets --no-cache reads r's index too
 * (laradock php-worker's `apk add --allow-untrusted x.apk unixodbc-dev`
 * after `apk add --update gnupg`). */
static void name_readers(df_pm_run *r, df007_state *gst, const apk_state *st, char *why, size_t cap)
{
    bool lands = false;
    for (size_t i = 0; i < st->n; i++)
        lands = lands || (st->fires && st->fires[i] && st->calls[i].where.depth == 0);
    reader_arg ra = {gst, lands};
    const df_pm_marks *m = &gst->readers;
    if (lands) {
        if (!gst->after_built) {
            gst->after_built = true;
            gst->after_ok = df_pm_marks_build(r->c, reader_pred, &ra, &gst->readers_after) == 0;
        }
        if (gst->after_ok)
            m = &gst->readers_after;
        else
            ra.after_fix = false;
    }
    size_t count, j = df_pm_marked_later(r, m, &count);
    df_pm_run o;
    apk_state xs;
    size_t k = j == SIZE_MAX ? SIZE_MAX : reader_call(r->c, r->c->doc->instrs[j], &ra, &o, &xs);
    if (k == SIZE_MAX) { /* cannot happen: the marks said so */
        snprintf(why, cap, "the RUN at line %zu reads", df_pm_marked_later_line(r, &gst->readers));
        return;
    }
    size_t line, col;
    df_span sp = df_runsh_span(&o.rs, xs.calls[k].cmd->span);
    df_source_linecol(r->c->src, sp.start, &line, &col);
    int n = snprintf(why, cap, "the apk %.*s at line %zu%s", (int)xs.calls[k].sub->value_len, xs.calls[k].sub->value,
                     line, always_runs(&xs.calls[k]) ? "" : ", run only under a condition,");
    if (n < 0 || (size_t)n >= cap)
        return;
    if (count > 1)
        snprintf(why + n, cap - (size_t)n, " and %zu more RUN%s read", count - 1, count > 2 ? "s" : "");
    else
        snprintf(why + n, cap - (size_t)n, " reads");
}

/* Why the fix of r, whose adds fire, must wait (apk-index-needed-later):
 * a later apk call reads the index r keeps and does not get --no-cache
 * itself, in r (after a firing add) or in a later RUN of r's stage or of a
 * stage built on it. With --no-cache on r it would fetch and store the
 * index in its own layer (apk-tools 2.10+), which saves nothing, or find
 * none and fail ("no such package", older apk-tools; laradock php-worker,
 * review H). Writes the place into why and returns true. */
static bool index_needed_later(df_pm_run *r, df007_state *gst, const apk_state *st, bool any, char *why,
                               size_t cap)
{
    size_t j = reader_in_run(r, st, any);
    size_t line = 0, col;
    if (j < st->n) {
        df_span sp = df_runsh_span(&r->rs, st->calls[j].cmd->span);
        df_source_linecol(r->c->src, sp.start, &line, &col);
        snprintf(why, cap, "the apk %.*s at line %zu of this RUN reads", (int)st->calls[j].sub->value_len,
                 st->calls[j].sub->value, line);
        return true;
    }
    if (r->in->cmd != DF_CMD_RUN || !readers_ready(gst, r->c))
        return false;
    line = df_pm_marked_later_line(r, &gst->readers);
    if (line) {
        name_readers(r, gst, st, why, cap);
        return true;
    }
    if (gst->readers_desc && r->in->stage < r->c->doc->nstages && gst->readers_desc[r->in->stage]) {
        snprintf(why, cap, "a RUN of a stage built on this one reads");
        return true;
    }
    return false;
}

/* Does an earlier RUN keep an index that a later reader finds whatever
 * r does (gst->kept)? A stage asked for the first time takes the answer of
 * the stage it is built FROM, which check_run has finished: every stage is
 * walked up once. */
static bool index_kept_before(df007_state *gst, const df_doc *d, size_t si)
{
    if (!gst->kept || si >= d->nstages)
        return false;
    size_t top = si;
    while (!gst->kept[top] && d->stages[top].parent < top)
        top = d->stages[top].parent;
    unsigned char v = gst->kept[top] ? gst->kept[top] : 1;
    for (size_t s = si; !gst->kept[s]; s = d->stages[s].parent) {
        gst->kept[s] = v;
        if (s == top)
            break;
    }
    return gst->kept[si] == 2;
}

/* Record that RUN r keeps an index in its layer that always lands: an
 * add at the top level of its script that fires but waits, or a top-level
 * update that stays and is not removed after. */
static void note_kept(df007_state *gst, const df_pm_run *r, const apk_state *st, bool wait)
{
    const df_doc *d = r->c->doc;
    if (!gst->kept || r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages)
        return;
    for (size_t i = 0; i < st->n; i++) {
        const df_pm_call *c = &st->calls[i];
        if (c->where.depth != 0)
            continue;
        bool upd = df_pm_sub_is(c, "update") && st->stays[i] && !df_pm_cleaned_after(r, c->m, "cleanup_paths", c->end);
        if (upd || (wait && st->fires[i]))
            gst->kept[r->in->stage] = 2;
    }
}

static void check_run(df_pm_run *r, void *user)
{
    df007_state *gst = user;
    static const char *const managers[] = {"apk", NULL};
    const df_fact *m = df_kb_manager(r->c->kb, "apk");
    /* a RUN that removes the cache takes away what earlier layers kept */
    if (m && r->in->cmd == DF_CMD_RUN && df_pm_cleaned_after(r, m, "cleanup_paths", 0) &&
        r->in->stage < r->c->doc->nstages) {
        index_kept_before(gst, r->c->doc, r->in->stage);
        if (gst->kept)
            gst->kept[r->in->stage] = 1;
    }
    apk_state st = {NULL, 0, NULL, NULL, NULL, false, 0};
    st.n = df_pm_calls(r, managers, &st.calls);
    if (!st.n)
        return;
    bool any = decide(r, gst, &st);
    if (!st.fires)
        return; /* out of memory, or no add to fix */
    char reader[160];
    bool wait = any && !index_kept_before(gst, r->c->doc, r->in->stage) &&
                index_needed_later(r, gst, &st, any, reader, sizeof reader);
    note_kept(gst, r, &st, wait);
    if (any && !wait && r->in->cmd == DF_CMD_RUN)
        gst->runw[r->in->index] = gst->rms.len ? run_leaves(r, &st, true) : RW_ASK;
    bool first = true;
    for (size_t i = 0; i < st.n; i++) {
        const df_pm_call *call = &st.calls[i];
        if (df_pm_sub_is(call, "update")) {
            if (st.stays[i] || st.first == st.n)
                update_kept(r, gst, &st, i);
            continue;
        }
        if (!any || !st.fires[i])
            continue;
        bool fix;
        df_severity sev = df_pm_severity(r, &fix);
        df_span sp = df_runsh_span(&r->rs, call->cmd->span);
        const char *sub = is_upgrade(call) ? "upgrade" : "add";
        if (wait) {
            size_t rl = strlen(reader);
            bool many = rl >= 5 && strcmp(reader + rl - 5, " read") == 0;
            df_report(r->c, sev, sp,
                      "apk %s without --no-cache keeps the package index in /var/cache/apk (no automatic fix: %s "
                      "that index and fetch%s none %s; with --no-cache here it would store the index in its own "
                      "layer, or fail before Alpine 3.8: give %s --no-cache too)",
                      sub, reader, many ? "" : "es", many ? "themselves" : "itself", many ? "them" : "it");
            continue;
        }
        df_diag *d = df_report(r->c, sev, sp, "apk %s without --no-cache keeps the package index in /var/cache/apk", sub);
        if (!d)
            return;
        char desc[400];
        bool drops = false;
        for (size_t k = 0; first && st.drop && k < st.n; k++)
            drops = drops || (df_pm_sub_is(&st.calls[k], "update") && droppable(r, &st.calls[k], &st.calls[st.first]));
        snprintf(desc, sizeof desc, "%s --no-cache%s%s%s%s%s", sub, first && fix_upgrades(r, NULL, &st) > 0 ? ", also to apk upgrade" : "",
                 drops ? ", and drop apk update" : "", fix ? "" : " (not applied: ", fix ? "" : df_pm_held(r), fix ? "" : ")");
        if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
            return;
        /* --update (an index for this call) means nothing with --no-cache:
         * it becomes --no-cache when it follows the subcommand, else goes */
        int rc = no_cache_edit(r, d, call);
        if (rc < 0)
            return;
        if (st.drop && first)
            drop_updates(r, d, &st);
        if (first && fix_upgrades(r, d, &st) < 0)
            return;
        if (first)
            harmless_rms(r, d, gst, &st, call->cmd->span.start);
        first = false;
    }
}

/* A call with --no-cache, or --update, fetches a fresh index of its own. */
static bool fetches_own_index(const df_pm_call *call)
{
    return df_pm_has_flag(call, "no_cache") || has_update_flag(call);
}

/* Does RUN `in` run an `apk update` that the fix keeps and whose index
 * stays in the layer? (arg: the df007_state, whose df_pm_users of later
 * readers plan() reads) */
static bool update_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    df_pm_run o;
    apk_state st;
    if (!apk_calls_of(c, in, &o, &st))
        return false;
    bool *base;
    bool planned = st.n && plan(&o, (df007_state *)arg, &st, &base);
    for (size_t i = 0; i < st.n; i++)
        if (df_pm_sub_is(&st.calls[i], "update") && (!planned || st.stays[i]) &&
            !df_pm_cleaned_after(&o, st.calls[i].m, "cleanup_paths", st.calls[i].end))
            return true;
    return false;
}

/* Does RUN `in` run an apk call with --update whose index stays in the
 * layer (no removal of /var/cache/apk after it)? */
static bool flagged_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    (void)arg;
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o))
        return false;
    static const char *const managers[] = {"apk", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, managers, &calls);
    for (size_t i = 0; i < n; i++)
        if (has_update_flag(&calls[i]) && !df_pm_has_flag(&calls[i], "no_cache") &&
            !df_pm_cleaned_after(&o, calls[i].m, "cleanup_paths", calls[i].end))
            return true;
    return false;
}

/* Does logical line l hold "apk" across the joint of two of its segments?
 * Each segment is bytes of the file: when the file does not hold it, only
 * an "apk" that starts one or two bytes before a joint can be there (a|pk
 * or ap|k). */
static bool joins_apk(const df_logical *l)
{
    const char *t = l->text;
    for (size_t k = 1; k < l->nsegs; k++) {
        size_t b = l->segs[k].log;
        if (b >= 1 && b + 2 <= l->len && t[b - 1] == 'a' && t[b] == 'p' && t[b + 1] == 'k')
            return true;
        if (b >= 2 && b + 1 <= l->len && t[b - 2] == 'a' && t[b - 1] == 'p' && t[b] == 'k')
            return true;
    }
    return false;
}

/* Does the file name apk, in its text (heredoc bodies included) or in an
 * instruction's logical line (where a continuation no longer splits a
 * word)? Most files do not: then no walk at all. (Not seen: a heredoc body
 * line that splits the word apk with a continuation.) */
static bool mentions_apk(const df_ctx *c)
{
    const df_doc *d = c->doc;
    if (df_bytes_contain(c->src->text, c->src->len, "apk"))
        return true;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_logical *l = &d->instrs[i]->line;
        if ((d->instrs[i]->cmd == DF_CMD_RUN || d->instrs[i]->cmd == DF_CMD_ONBUILD) && l->text && joins_apk(l))
            return true;
    }
    return false;
}

static void check(df_ctx *c)
{
    if (!mentions_apk(c))
        return;
    df007_state st;
    memset(&st, 0, sizeof st);
    df_pm_users later = {"apk", index_users, fetches_own_index, {NULL, NULL, {NULL, NULL}}, NULL, NULL};
    st.later = later;
    /* later and updates: built by the first RUN that reads them */
    size_t n = c->doc->ninstrs;
    st.next_fire = df_arena_alloc(c->doc->arena, (n + 2) * sizeof *st.next_fire);
    st.kept = df_arena_alloc(c->doc->arena, c->doc->nstages + 1);
    st.runw = df_arena_alloc_uninit(c->doc->arena, n + 1);
    st.present = df_arena_alloc(c->doc->arena, c->doc->nstages + 1);
    st.stored = df_arena_alloc(c->doc->arena, n + 1);
    if (!st.next_fire || !st.kept || !st.runw || !st.present || !st.stored)
        return;
    for (size_t i = 0; i < n + 2; i++)
        st.next_fire[i] = (size_t)-1;
    for (size_t i = 0; i <= n; i++)
        st.runw[i] = RW_ASK;
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
    .wakes = "DF001,DF011",
    .summary = "apk add without --no-cache",
    .worth = "image size: the apk index cache no longer ships",
    .check = check,
};
