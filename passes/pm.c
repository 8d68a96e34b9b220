/*
 * pm.c - shared questions of the package-manager rules (see pm.h).
 *
 * Getting these answers right once matters more than any single rule: a
 * cache mount or an ENV that already disables the cache must silence every
 * rule the same way, and a fix must land after the whole pipeline or list
 * item, never in the middle of `apt-get install x | tee log`.
 */
#include "pm.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "dfopt/dircache.h"
#include "dfopt/options.h"
#include "comments.h"
#include "image.h"
#include "layers.h"

/* ---- RUNs ------------------------------------------------------------ */

#define PM_CACHE_VARS 16

struct df_pm_cache {
    struct {
        const char *name;
        df_pm_marks env; /* ENV instructions giving it a value */
        df_pm_marks arg; /* ARG instructions giving it a default */
    } vars[PM_CACHE_VARS];
    size_t nvars;
    const char *semi_cmd; /* file_joins_with_semi's last question */
    bool semi_ans;
    signed char leading; /* file_leading_ops: -1 not asked yet */
};

/* The walk of df_pm_each_run and df_pm_any_run: fn for every RUN (and
 * ONBUILD RUN) with a POSIX script, until it answers true; whether one did. */
static bool walk_runs(df_ctx *c, bool (*fn)(df_pm_run *r, void *user), void *user)
{
    const df_doc *d = c->doc;
    /* the check's answers live as long as this walk: on the stack, and
     * only its counters set (vars[] are filled as they are counted): an
     * arena copy zeroed for every rule of every file cost more than the
     * answers it kept */
    struct df_pm_cache store;
    struct df_pm_cache *cache = &store;
    cache->nvars = 0;
    cache->semi_cmd = NULL;
    cache->semi_ans = false;
    cache->leading = -1;
    df_runsh_work(c->scripts, d->ninstrs);
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd != DF_CMD_RUN && !(in->cmd == DF_CMD_ONBUILD && in->sub && in->sub->cmd == DF_CMD_RUN))
            continue;
        /* every field set, not the whole run zeroed first: the script
         * and the style are written whole (each rule walks every RUN) */
        df_pm_run r;
        r.cache = cache;
        r.c = c;
        r.in = in;
        r.memo = NULL;
        if (df_runsh_cached(c->scripts, d->arena, d, in, &r.rs) < 0 || !r.rs.script)
            continue;
        df_runsh_style(d, &r.rs, &r.style);
        r.ships = in->cmd == DF_CMD_ONBUILD || in->stage >= d->nstages || df_stage_ships(d, in->stage);
        if (fn(&r, user))
            return true;
    }
    return false;
}

typedef struct {
    void (*fn)(df_pm_run *r, void *user);
    void *user;
} each_fn;

static bool each_one(df_pm_run *r, void *user)
{
    const each_fn *e = user;
    e->fn(r, e->user);
    return false;
}

void df_pm_each_run(df_ctx *c, void (*fn)(df_pm_run *r, void *user), void *user)
{
    each_fn e = {fn, user};
    walk_runs(c, each_one, &e);
}

bool df_pm_any_run(df_ctx *c, bool (*pred)(df_pm_run *r, void *user), void *user)
{
    return walk_runs(c, pred, user);
}

void df_pm_run_init(df_pm_run *r, df_ctx *c, const df_instr *in, const df_runsh *rs, const df_runstyle *st,
                    bool ships)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->in = in;
    r->rs = *rs;
    r->style = *st;
    r->ships = ships;
}

size_t df_pm_src(const df_pm_run *r, size_t script_off)
{
    return df_runsh_src(&r->rs, script_off);
}

/* ---- calls ----------------------------------------------------------- */

/* The round's last answers of the three lists of DF_PM_SUB_INSTALL... for
 * a subcommand (visit): subcommands repeat from RUN to RUN (install,
 * update), and each answer was a hash of the word and three table walks.
 * Kept by the manager and the word's bytes (arena memory of the round: s
 * NULL, a free slot); the oldest answer makes room. (The same for
 * df_kb_manager_for of command names saved a twentieth of the 50,000-line
 * apt file, and cost more than it saved on the bench corpus, whose names
 * repeat less.) */
#define PM_SEEN 4
typedef struct {
    struct {
        const char *s;
        size_t n;
        const df_fact *m;
        uint32_t h;
        unsigned subs;
    } subs[PM_SEEN];
    unsigned subs_next;
} pm_seen;

typedef struct {
    df_pm_run *r;
    df_pm_call *v;
    size_t n, cap;
    bool oom;
    pm_seen *seen; /* the round's, or NULL */
} collect;

/* call->subs and call->sub_hash for its subcommand (no expansion in it) */
static void sub_lists(collect *col, df_pm_call *call)
{
    const char *sv = call->sub->value;
    size_t sl = call->sub->value_len;
    const df_fact *m = call->m;
    pm_seen *sn = col->seen;
    for (unsigned i = 0; sn && i < PM_SEEN; i++)
        if (sn->subs[i].s && sn->subs[i].m == m && sn->subs[i].n == sl && sl && sn->subs[i].s[0] == sv[0] &&
            memcmp(sn->subs[i].s, sv, sl) == 0) {
            call->sub_hash = sn->subs[i].h;
            call->subs = sn->subs[i].subs;
            return;
        }
    /* one hash of the subcommand for the three lists, and for those
     * df_pm_sub_bit looks up later */
    uint32_t h = call->sub_hash = df_fact_hash(sv, sl);
    call->subs = (df_fact_hash_has(df_fact_get(m, "install"), sv, sl, h) ? DF_PM_SUB_INSTALL : 0) |
                 (df_fact_hash_has(df_fact_get(m, "update"), sv, sl, h) ? DF_PM_SUB_UPDATE : 0) |
                 (df_fact_hash_has(df_fact_get(m, "remove"), sv, sl, h) ? DF_PM_SUB_REMOVE : 0);
    if (sn) {
        unsigned k = sn->subs_next++ % PM_SEEN;
        sn->subs[k].s = sv;
        sn->subs[k].n = sl;
        sn->subs[k].m = m;
        sn->subs[k].h = h;
        sn->subs[k].subs = call->subs;
    }
}

static bool wanted(const char *const *managers, const char *name)
{
    if (!managers)
        return true;
    /* the names are short: compared here, not by a strcmp call each */
    for (size_t i = 0; managers[i]; i++) {
        const char *a = managers[i], *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return true;
    }
    return false;
}

static const char *base_name(const df_sh_word *w, size_t *n)
{
    const char *s = w->value;
    size_t len = w->value_len;
    size_t b = len;
    while (b > 0 && s[b - 1] != '/')
        b--;
    *n = len - b;
    return s + b;
}

static bool is_python(const char *s, size_t n)
{
    if (n < 6 || strncmp(s, "python", 6) != 0)
        return false;
    for (size_t i = 6; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return false;
    return true;
}

/* `python3.$MINOR`, `python$PYTHON_VERSION`, `python${PY_VER}`: python,
 * then digits and dots around one parameter expansion (a word with an
 * expansion keeps its raw text). pytorch/serve's Dockerfile.rocm runs
 * `python$PYTHON_VERSION -m pip install`: pip, for DF008 (review run 12). */
static bool is_python_var(const char *s, size_t n)
{
    size_t i = 6;
    if (n < 8 || strncmp(s, "python", 6) != 0)
        return false;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    if (i + 1 >= n || s[i] != '$')
        return false;
    bool brace = s[++i] == '{';
    i += brace;
    size_t a = i;
    while (i < n && (s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                     (i > a && s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == a || (brace && (i >= n || s[i++] != '}')))
        return false;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    return i == n;
}

static bool call_names(const df_pm_call *call, const char *pkg);

/* Does an operand of call name one of m["package_aliases"]'s names? */
static bool names_an_alias(const df_pm_call *call)
{
    const df_fact *aliases = df_fact_get(call->m, "package_aliases");
    for (size_t k = 0; k < df_fact_members(aliases); k++) {
        size_t i;
        const df_fact *v;
        df_fact_foreach(df_fact_value(aliases, k), i, v)
        {
            const char *a = df_fact_str(v);
            if (a && call_names(call, a))
                return true;
        }
    }
    return false;
}

static int visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    collect *col = user;
    df_runsh_work(col->r->c->scripts, 1);
    const df_kb *kb = col->r->c->kb;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name)
        return 0;
    size_t nl;
    const char *nm = base_name(v.name, &nl);
    bool var = (v.name->flags & DF_SH_W_EXPANSION) != 0;
    if (var && (memchr(v.name->value, '$', (size_t)(nm - v.name->value)) || !is_python_var(nm, nl)))
        return 0;
    const char *mname = NULL;
    const df_fact *m = var ? NULL : df_kb_manager_for(kb, nm, nl, &mname);
    if (!m && (var || is_python(nm, nl))) {
        /* python -m pip ... */
        if (v.nargs >= 2 && df_sh_word_is(&v.args[0], "-m") && df_sh_word_is(&v.args[1], "pip")) {
            m = df_kb_manager(kb, "pip");
            mname = "pip";
            v.name = &v.args[1];
            v.args += 2;
            v.nargs -= 2;
        }
    }
    if (!m)
        return 0;
    if (col->n == col->cap) {
        /* most scripts make one or two calls: start small, since an arena
         * keeps every smaller copy a growing array leaves behind */
        size_t nc = col->cap ? col->cap * 2 : 2;
        df_pm_call *nv = df_arena_grow(col->r->c->doc->arena, col->v, col->cap, nc, sizeof *nv);
        if (!nv) {
            col->oom = true;
            return 1;
        }
        col->v = nv;
        col->cap = nc;
    }
    df_pm_call *call = &col->v[col->n++];
    memset(call, 0, sizeof *call);
    call->cmd = cmd;
    call->where = *ctx;
    call->view = v;
    call->manager = mname;
    call->m = m;
    call->spec = df_kb_flagspec(kb, mname);
    call->sub = df_sh_subcommand(&call->view, call->spec);
    call->sub_index = call->sub ? (size_t)(call->sub - v.args) : 0;
    if (call->sub && !(call->sub->flags & DF_SH_W_EXPANSION))
        sub_lists(col, call);
    /* the end of the whole list item: after a pipeline, never inside it */
    const df_sh_node *item = ctx->list && ctx->index < ctx->list->n ? ctx->list->items[ctx->index].node : cmd;
    call->end = item->span.end > cmd->span.end ? item->span.end : cmd->span.end;
    if (v.nargs) {
        call->ops = df_arena_alloc(col->r->c->doc->arena, v.nargs * sizeof *call->ops);
        if (!call->ops) {
            col->oom = true;
            return 1;
        }
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
            df_runsh_work(col->r->c->scripts, 1);
            if (a.kind == DF_SH_ARG_OPERAND && a.index > call->sub_index && !(a.word->flags & DF_SH_W_EXPANSION))
                call->ops[call->nops++] = a.word;
        }
    }
    call->names_alias = call->nops && names_an_alias(call);
    return 0;
}

/* Every call of one RUN's script, found once per round and shared by the
 * rules (through the round's df_runsh_cache): each rule used to walk every
 * script and look every command up in the kb again. */
typedef struct df_pm_memo {
    const df_sh_script *script; /* the script the facts below are of */
    bool calls_done;
    df_pm_call *v;
    size_t n;
    /* the manager (kb key) of every call, when they all share one (NULL:
     * none, or several): then a manager list picks all of v or none,
     * answered by one comparison (the rules ask some fifteen lists of
     * every RUN per round) */
    const char *one;
    /* df_pm_cleaned_after, for one (manager, key): where the last cleanup
     * starts. Asked once per install call, it used to walk the script for
     * each: quadratic on one long RUN of many installs. */
    const df_fact *clean_m;
    const char *clean_key;
    bool clean_any;
    size_t clean_last;
    /* df_pm_configured_before's script part, for up to 4 (manager, key):
     * where the first command that configures it starts */
    struct {
        const df_fact *m;
        const char *key;
        bool any;
        size_t first;
    } cfg[4];
    size_t ncfg;
    /* df_pm_said_cleanup_disabled's answer for said_m (said_known) */
    const df_fact *said_m;
    bool said_known, said;
} calls_memo;

/* What pm.c keeps for one round (the round's df_runsh_cache points to it,
 * in the document's arena): the memo of each RUN, and answers about the
 * whole file. */
typedef struct {
    calls_memo *runs; /* [sc->n] */
    /* clean_visit's last match of a removed path against m[key]: the same
     * rm (`rm -rf /var/lib/apt/lists/\*`) ends RUN after RUN, and each
     * match runs the patterns (a tenth of a second on the 50,000-line
     * bench file once its cleanups were appended). Keyed on m, the key
     * (pointer) and the word's bytes; the word is arena memory of the
     * round. */
    const df_fact *rm_m;
    const char *rm_key;
    const char *rm_word;
    size_t rm_len;
    bool rm_hit;
    pm_seen seen; /* visit's */
} pm_round;

static pm_round *round_of(const df_ctx *c)
{
    df_runsh_cache *sc = c->scripts;
    if (!sc)
        return NULL;
    if (!sc->pm_calls) {
        pm_round *pr = df_arena_alloc(c->doc->arena, sizeof *pr);
        if (!pr)
            return NULL;
        /* a memo is cleared by memo_of when first used for a script (the
         * memory of an earlier round's memo may name a script at the same
         * address): only the script it is of starts NULL, not the whole
         * array zeroed for files whose instructions are mostly no RUN */
        size_t n = sc->n ? sc->n : 1;
        pr->runs = df_arena_alloc_uninit(c->doc->arena, n * sizeof(calls_memo));
        if (!pr->runs)
            return NULL;
        for (size_t i = 0; i < n; i++)
            pr->runs[i].script = NULL;
        sc->pm_calls = pr;
    }
    return sc->pm_calls;
}

/* The round's memo of r's RUN, reset when it holds another script; NULL
 * when there is none (no cache, out of memory) and for a script that is no
 * RUN of the document (r->in NULL: a CMD, or a start script read from the
 * context). */
static inline calls_memo *memo_of(const df_pm_run *r)
{
    /* asked of every RUN by every rule, several times each: kept on the
     * run (a df_pm_run is a local of a walk or a rule, never const), as
     * long as the memo is of its script */
    if (r->memo && r->memo->script == r->rs.script)
        return r->memo;
    df_runsh_cache *sc = r->c->scripts;
    const df_doc *d = r->c->doc;
    if (!sc || !r->in || r->in->index >= sc->n || d->instrs[r->in->index] != r->in)
        return NULL;
    pm_round *pr = sc->pm_calls ? (pm_round *)sc->pm_calls : round_of(r->c);
    calls_memo *memo = pr ? pr->runs + r->in->index : NULL;
    if (memo && memo->script != r->rs.script) {
        memset(memo, 0, sizeof *memo);
        memo->script = r->rs.script;
    }
    ((df_pm_run *)r)->memo = memo;
    return memo;
}

static size_t all_calls(df_pm_run *r, const calls_memo *memo, df_pm_call **out)
{
    collect col;
    memset(&col, 0, sizeof col);
    col.r = r;
    /* the round's answers only for a RUN of the round (its words live as
     * long as the round) */
    pm_round *pr = memo ? round_of(r->c) : NULL;
    col.seen = pr ? &pr->seen : NULL;
    df_sh_walk(r->rs.script, visit, &col);
    *out = col.v;
    return col.oom ? 0 : col.n;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static size_t calls_of(df_pm_run *r, calls_memo *memo, const char *const *managers, df_pm_call **out);

size_t df_pm_calls(df_pm_run *r, const char *const *managers, df_pm_call **out)
{
    /* the common case, a RUN whose calls were found this round and share
     * one manager (or are none), answered here: the rules ask some
     * fifteen lists of every RUN a round (390,000 questions on the
     * 50,000-line apt file), and a function that can filter and allocate
     * saved registers for each */
    calls_memo *memo = memo_of(r);
    if (memo && memo->calls_done && (memo->one || !memo->n)) {
        *out = memo->v;
        if (!memo->n)
            return 0;
        /* not memoized by the list's address: a caller's list on the
         * stack can hold another manager at the same address later */
        return wanted(managers, memo->one) ? memo->n : 0;
    }
    return calls_of(r, memo, managers, out);
}

static size_t calls_of(df_pm_run *r, calls_memo *memo, const char *const *managers, df_pm_call **out)
{
    const df_doc *d = r->c->doc;
    df_pm_call *v;
    size_t n;
    if (memo && memo->calls_done) {
        v = memo->v;
        n = memo->n;
    } else {
        n = all_calls(r, memo, &v);
        if (memo) {
            memo->calls_done = true;
            memo->v = v;
            memo->n = n;
            memo->one = n ? v[0].manager : NULL;
            for (size_t i = 1; i < n && memo->one; i++)
                if (v[i].manager != memo->one)
                    memo->one = NULL;
        }
    }
    if (memo && memo->one) {
        *out = v;
        return wanted(managers, memo->one) ? n : 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += wanted(managers, v[i].manager);
    *out = v;
    if (k == n || k == 0)
        return k;
    df_pm_call *f = df_arena_alloc(d->arena, k * sizeof *f);
    if (!f)
        return 0;
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (wanted(managers, v[i].manager))
            f[k++] = v[i];
    *out = f;
    return k;
}

bool df_pm_sub_bit(const df_pm_call *call, unsigned bit)
{
    df_pm_call *memo = (df_pm_call *)call; /* arena memory of the round, as in df_pm_has_flag */
    const df_fact *m = call->m, *list;
    switch (bit) {
    case DF_PM_SUB_PROMPTING:
        list = df_fact_get(m, "prompting");
        break;
    case DF_PM_SUB_PROMPTING_WITH_TIME:
        list = df_fact_get(m, "prompting_with_time");
        break;
    case DF_PM_SUB_AUTO_REMOVE:
        list = df_fact_get(m, "auto_remove");
        break;
    case DF_PM_SUB_UPGRADE:
        list = df_fact_get(m, "upgrade");
        break;
    case DF_PM_SUB_RECREATES_LISTS:
        list = df_fact_get(m, "recreates_lists");
        break;
    case DF_PM_SUB_METADATA_READERS:
        list = df_fact_get(m, "metadata_readers");
        break;
    case DF_PM_SUB_INDEX_READERS:
        list = df_fact_get(m, "index_readers");
        break;
    default:
        return false;
    }
    bool in = df_fact_hash_has(list, call->sub->value, call->sub->value_len, call->sub_hash);
    memo->subs_known |= bit;
    if (in)
        memo->subs |= bit;
    return in;
}

/* A list no DF_PM_SUB_* bit stands for: no rule asks one today, so no
 * answer is kept (the lists rules ask are bits, df_pm_sub_bit) */
bool df_pm_sub_in(const df_pm_call *call, const char *key)
{
    return df_kb_has(call->m, key, call->sub->value, call->sub->value_len);
}

static bool has_flag(const df_pm_call *call, const df_fact *list);

bool df_pm_has_flag_h(const df_pm_call *call, const char *key, size_t kl, uint32_t h)
{
    df_pm_call *memo = (df_pm_call *)call; /* arena memory of the round: the answers are kept there */
    size_t n = sizeof memo->flags_asked / sizeof memo->flags_asked[0], i = 0;
    for (; i < n && memo->flags_asked[i].key; i++)
        if (memo->flags_asked[i].key == key || strcmp(memo->flags_asked[i].key, key) == 0)
            return memo->flags_asked[i].has;
    bool has = has_flag(call, df_fact_geth(call->m, key, kl, h));
    if (i < n) {
        memo->flags_asked[i].key = key;
        memo->flags_asked[i].has = has;
    }
    return has;
}

static bool has_flag(const df_pm_call *call, const df_fact *list)
{
    size_t i, n = 0;
    const df_fact *f;
    const char *flags[16];
    if (df_fact_size(list) <= sizeof flags / sizeof flags[0]) {
        /* one walk of the arguments for the whole list */
        df_fact_foreach(list, i, f)
        {
            if (df_fact_is_string(f))
                flags[n++] = df_fact_str(f);
        }
        return n && df_sh_has_any_flag(&call->view, call->spec, flags, n);
    }
    df_fact_foreach(list, i, f)
    {
        if (df_fact_is_string(f) && df_sh_has_flag(&call->view, call->spec, df_fact_str(f)))
            return true;
    }
    return false;
}

bool df_pm_has_any_flag(const df_pm_call *call, const char *const *flags, size_t n)
{
    df_pm_call *memo = (df_pm_call *)call; /* arena memory of the round, as in df_pm_has_flag */
    size_t slots = sizeof memo->lists_asked / sizeof memo->lists_asked[0], i = 0;
    for (; i < slots && memo->lists_asked[i].flags; i++)
        if (memo->lists_asked[i].flags == flags)
            return memo->lists_asked[i].has;
    bool has = df_sh_has_any_flag(&call->view, call->spec, flags, n);
    if (i < slots) {
        memo->lists_asked[i].flags = flags;
        memo->lists_asked[i].has = has;
    }
    return has;
}

bool df_pm_option_says(const df_pm_run *r, const df_pm_call *call, const char *key, const char *setting)
{
    size_t sl = setting ? strlen(setting) : 0;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_FLAG || !a.value)
            continue;
        if (df_kb_match(r->c->kb, call->m, key, a.value, a.value_len))
            return true;
        for (size_t i = 0; sl && i + sl <= a.value_len; i++)
            if (strncasecmp(a.value + i, setting, sl) == 0)
                return true;
    }
    return false;
}

/* ---- cache mounts ---------------------------------------------------- */

/* Find key=value in a comma-separated mount spec. */
static bool mount_field(const char *spec, const char *key, const char **val, size_t *vlen)
{
    size_t kl = strlen(key);
    const char *p = spec;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            *val = p + kl + 1;
            *vlen = l - kl - 1;
            return true;
        }
        p = e ? e + 1 : p + l;
    }
    return false;
}

static bool covers(const char *target, size_t tl, const char *dir)
{
    while (tl > 1 && target[tl - 1] == '/')
        tl--;
    size_t dl = strlen(dir);
    if (dl < tl || strncmp(dir, target, tl) != 0)
        return false;
    return dl == tl || dir[tl] == '/' || (tl == 1 && target[0] == '/');
}

/* A cache folder of root's home (/root/.cache/pip) in another user's home:
 * does target (/home/trader/.cache/pip, /home/trader/.cache) cover
 * /home/NAME + the rest of dir? A non-root USER's tool writes its cache
 * there (review pre-9: 9600dev/mmr mounts /home/trader/.cache/pip). */
static bool covers_in_home(const char *target, size_t tl, const char *dir)
{
    if (strncmp(dir, "/root/", 6) != 0 || tl <= 6 || strncmp(target, "/home/", 6) != 0)
        return false;
    const char *user_end = memchr(target + 6, '/', tl - 6);
    if (!user_end || user_end == target + 6)
        return false;
    return covers(user_end, tl - (size_t)(user_end - target), dir + 5);
}

bool df_pm_cache_mounted(const df_pm_run *r, const df_fact *m)
{
    const df_instr *run = r->rs.run;
    size_t at = 0;
    const df_word *f;
    while ((f = df_instr_flag(run, "mount", &at))) {
        const char *spec = strchr(f->value, '=');
        if (!spec)
            continue;
        spec++;
        const char *type, *tgt;
        size_t tyl, tl;
        if (!mount_field(spec, "type", &type, &tyl))
            continue; /* default type is bind */
        if (!((tyl == 5 && strncmp(type, "cache", 5) == 0) || (tyl == 5 && strncmp(type, "tmpfs", 5) == 0)))
            continue;
        if (!mount_field(spec, "target", &tgt, &tl) && !mount_field(spec, "dst", &tgt, &tl) &&
            !mount_field(spec, "destination", &tgt, &tl))
            continue;
        const df_fact *dirs = df_fact_get(m, "cache_dirs");
        size_t i;
        const df_fact *dj;
        df_fact_foreach(dirs, i, dj)
        {
            if (df_fact_is_string(dj) && (covers(tgt, tl, df_fact_str(dj)) || covers_in_home(tgt, tl, df_fact_str(dj))))
                return true;
        }
    }
    return false;
}

/* ---- variables --------------------------------------------------------- */

static bool nonempty_value(const char *v, size_t n)
{
    if (n == 0)
        return false;
    if (n == 2 && (v[0] == '"' || v[0] == '\'') && v[1] == v[0])
        return false;
    return true;
}

/* Does instruction `in` give variable `name` a non-empty value: ENV (kind
 * 'E') or ARG with a default (kind 'A')? */
typedef struct {
    const char *name;
    char kind;
} var_q;

static bool var_pred(const df_ctx *c, const df_instr *x, const void *arg)
{
    (void)c;
    const var_q *q = arg;
    size_t nl = strlen(q->name);
    if (x->cmd == DF_CMD_ENV && q->kind == 'E') {
        for (size_t k = 0; k + 1 < x->nargs; k += 3) /* key, value, separator */
            if (x->args[k].len == nl && memcmp(x->args[k].value, q->name, nl) == 0 &&
                nonempty_value(x->args[k + 1].value, x->args[k + 1].len))
                return true;
    } else if (x->cmd == DF_CMD_ARG && q->kind == 'A') {
        for (size_t k = 0; k < x->nargs; k++) {
            const df_word *w = &x->args[k];
            if (w->len > nl + 1 && memcmp(w->value, q->name, nl) == 0 && w->value[nl] == '=' &&
                nonempty_value(w->value + nl + 1, w->len - nl - 1))
                return true;
        }
    }
    return false;
}

/* The ENV/ARG marks of a variable, built once per check. */
static int var_marks(const df_pm_run *r, const char *name, const df_pm_marks **env, const df_pm_marks **arg)
{
    struct df_pm_cache *cc = r->cache;
    size_t i = 0;
    for (; cc && i < cc->nvars; i++)
        if (strcmp(cc->vars[i].name, name) == 0)
            break;
    if (!cc || i == PM_CACHE_VARS)
        return -1;
    if (i == cc->nvars) {
        var_q qe = {name, 'E'}, qa = {name, 'A'};
        if (df_pm_marks_build(r->c, var_pred, &qe, &cc->vars[i].env) < 0 ||
            df_pm_marks_build(r->c, var_pred, &qa, &cc->vars[i].arg) < 0)
            return -1;
        cc->vars[i].name = name;
        cc->nvars++;
    }
    *env = &cc->vars[i].env;
    *arg = &cc->vars[i].arg;
    return 0;
}

typedef struct {
    const char *name;
    size_t before;
    bool found;
} varscan;

static bool assigns_name(const char *w, size_t n, const char *name)
{
    size_t nl = strlen(name);
    return n > nl + 1 && memcmp(w, name, nl) == 0 && w[nl] == '=';
}

static int var_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    varscan *vs = user;
    if (cmd->span.start >= vs->before && !(cmd->span.start <= vs->before && vs->before < cmd->span.end))
        return 0;
    bool is_call = cmd->span.start <= vs->before && vs->before < cmd->span.end;
    const df_sh_word *w = cmd->simple.words;
    size_t nw = cmd->simple.nwords;
    if (is_call) {
        for (size_t i = 0; i < cmd->simple.nassigns; i++) {
            const df_sh_assign *a = &cmd->simple.assigns[i];
            if (strlen(vs->name) == a->name_len && memcmp(a->name, vs->name, a->name_len) == 0 &&
                a->value.value_len > 0)
                vs->found = true;
        }
        /* env NAME=x cmd: the VAR=x words before the command name */
        for (size_t i = 0; i < nw; i++)
            if (assigns_name(w[i].value, w[i].value_len, vs->name))
                vs->found = true;
        return vs->found;
    }
    if (ctx->leaks && nw >= 2 && df_sh_word_is(&w[0], "export")) {
        for (size_t i = 1; i < nw; i++)
            if (assigns_name(w[i].value, w[i].value_len, vs->name))
                vs->found = true;
    }
    return vs->found;
}

bool df_pm_var_set(const df_pm_run *r, const char *name, size_t before)
{
    const df_doc *d = r->c->doc;
    const df_instr *in = r->in;
    const df_pm_marks *env, *arg;
    if (in->stage < d->nstages && var_marks(r, name, &env, &arg) == 0) {
        const df_stage *st = &d->stages[in->stage];
        if (df_pm_marks_any(env, st->from, in->index, false) || df_pm_marks_any(arg, st->from, in->index, false))
            return true;
        /* ENV is inherited from the stages this one is built FROM */
        if (df_pm_marks_in_bases(r->c, env, in->stage, true))
            return true;
    }
    varscan vs = {name, before, false};
    df_sh_walk(r->rs.script, var_visit, &vs);
    return vs.found;
}

/* ---- cleanups ---------------------------------------------------------- */

typedef struct {
    const df_pm_run *r;
    const df_fact *m;
    const char *paths_key;
    size_t after;
    bool found;
    bool all;    /* go on after a find: last gets the last start */
    size_t last;
    /* the RUN's calls (df_pm_calls, document order), when the round keeps
     * them: a command's manager is read from its call (found by binary
     * search on its start) instead of from the kb again */
    const df_pm_call *calls;
    size_t ncalls;
    pm_round *round; /* NULL: none */
    /* m["clean_subcommands"] and the bytes its comparisons read (the
     * longest + 1), looked up when the scan starts, not for each command */
    const df_fact *clean_subs;
    size_t clean_need;
} cleanscan;

/* operands of a call joined with single spaces */
static void operands(const df_sh_view *v, const df_sh_flagspec *spec, df_buf *out)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_OPERAND)
            continue;
        if (out->len)
            df_buf_addch(out, ' ');
        df_buf_add(out, a.word->value, a.word->value_len);
    }
}

const df_pm_call *df_pm_call_at(const df_pm_call *calls, size_t n, const df_sh_node *cmd, const df_sh_view *v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (calls[mid].cmd->span.start < cmd->span.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= n || calls[lo].cmd->span.start != cmd->span.start || (v && calls[lo].view.name != v->name))
        return NULL;
    return &calls[lo];
}

/* The manager command cmd (view v) calls, as df_kb_manager_for of its
 * name's last path part says, into *mname; NULL when none. Read from the
 * RUN's calls when the scan has them: visit() made one for every command
 * whose name holds no expansion and names a manager (the same lookup),
 * and one for `python -m pip`, whose name names none. */
static const df_fact *clean_manager(const cleanscan *cs, const df_sh_node *cmd, const df_sh_view *v,
                                    const df_sh_flagspec **spec)
{
    if (!cs->calls || (v->name->flags & DF_SH_W_EXPANSION)) {
        size_t nl;
        const char *nm = base_name(v->name, &nl), *mname = NULL;
        const df_fact *m = df_kb_manager_for(cs->r->c->kb, nm, nl, &mname);
        if (m)
            *spec = df_kb_flagspec(cs->r->c->kb, mname);
        return m;
    }
    const df_pm_call *call = df_pm_call_at(cs->calls, cs->ncalls, cmd, v);
    if (!call)
        return NULL; /* no call, or python -m pip */
    *spec = call->spec;
    return call->m;
}

static bool is_clean_command(const cleanscan *cs, const df_sh_node *cmd, const df_sh_view *v)
{
    const df_fact *list = cs->clean_subs;
    if (!list)
        return false;
    const df_sh_flagspec *spec = NULL;
    const df_fact *m = clean_manager(cs, cmd, v, &spec);
    if (m != cs->m)
        return false;
    size_t i, need = cs->clean_need;
    const df_fact *cj;
    /* the operands joined with single spaces, as far as the comparisons
     * read (a subcommand and the byte after it): on the stack, not a
     * malloc'ed copy of them all for every call of the manager */
    char head[64];
    df_buf ops = DF_BUF_INIT;
    size_t len = 0, kept = 0; /* len: of the whole join; kept: bytes of it in head */
    if (need <= sizeof head) {
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        while (df_sh_arg_next(v, spec, &it, &a)) {
            if (a.kind != DF_SH_ARG_OPERAND)
                continue;
            if (len) {
                if (kept < need)
                    head[kept++] = ' ';
                len++;
            }
            size_t k = a.word->value_len < need - kept ? a.word->value_len : need - kept;
            memcpy(head + kept, a.word->value, k);
            kept += k;
            len += a.word->value_len;
        }
    } else {
        operands(v, spec, &ops);
        if (ops.failed)
            df_arena_note_failure(cs->r->c->doc->arena); /* the driver says out of memory */
        len = kept = ops.len;
    }
    const char *data = ops.data ? ops.data : head;
    bool hit = false;
    df_fact_foreach(list, i, cj)
    {
        const char *c = df_fact_str(cj);
        size_t cl = df_fact_strlen(cj);
        if (c && len >= cl && memcmp(data, c, cl) == 0 && (len == cl || data[cl] == ' '))
            hit = true;
    }
    df_buf_release(&ops);
    return hit;
}

/* Does removed word w match m[paths_key]? The round's last answer is
 * kept (pm_round.rm_*). */
static bool removes_path(const cleanscan *cs, const df_sh_word *w)
{
    pm_round *pr = cs->round;
    if (pr && pr->rm_word && pr->rm_m == cs->m && pr->rm_key == cs->paths_key && pr->rm_len == w->value_len &&
        memcmp(pr->rm_word, w->value, w->value_len) == 0)
        return pr->rm_hit;
    bool hit = df_kb_match(cs->r->c->kb, cs->m, cs->paths_key, w->value, w->value_len);
    if (pr) {
        pr->rm_m = cs->m;
        pr->rm_key = cs->paths_key;
        pr->rm_word = w->value;
        pr->rm_len = w->value_len;
        pr->rm_hit = hit;
    }
    return hit;
}

static int clean_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    cleanscan *cs = user;
    df_runsh_work(cs->r->c->scripts, 1);
    if (cmd->span.start < cs->after || ctx->in_function)
        return 0;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name)
        return 0;
    /* `find PATH ... -delete` / `-exec rm`: the author's cleanup too */
    bool find = df_sh_word_is(v.name, "find");
    bool deletes = false;
    for (size_t i = 0; find && i < v.nargs; i++)
        deletes = deletes || df_sh_word_is(&v.args[i], "-delete") || df_sh_word_is(&v.args[i], "rm");
    if (df_sh_word_is(v.name, "rm") || deletes) {
        for (size_t i = 0; i < v.nargs; i++) {
            const df_sh_word *w = &v.args[i];
            if (w->value_len && w->value[0] != '-' && removes_path(cs, w)) {
                cs->found = true;
                cs->last = cmd->span.start > cs->last ? cmd->span.start : cs->last;
                return !cs->all;
            }
        }
        return 0;
    }
    if (is_clean_command(cs, cmd, &v)) {
        cs->found = true;
        cs->last = cmd->span.start > cs->last ? cmd->span.start : cs->last;
        return !cs->all;
    }
    /* the author's cleanup script (/scripts/cleanup.sh, clean-layer.sh):
     * what it removes is not visible, so it counts (silence over a
     * second cleanup) */
    const df_sh_word *nm = v.name;
    if (!(nm->flags & DF_SH_W_EXPANSION) && nm->value_len > 3 && memchr(nm->value, '/', nm->value_len)) {
        for (size_t i = 0; i + 5 <= nm->value_len; i++)
            if (strncasecmp(nm->value + i, "clean", 5) == 0) {
                cs->found = true;
                cs->last = cmd->span.start > cs->last ? cmd->span.start : cs->last;
                return !cs->all;
            }
    }
    return 0;
}

bool df_pm_cleaned_after(const df_pm_run *r, const df_fact *m, const char *paths_key, size_t after)
{
    calls_memo *memo = memo_of(r);
    if (memo && memo->clean_m == m && memo->clean_key &&
        (memo->clean_key == paths_key || strcmp(memo->clean_key, paths_key) == 0))
        return memo->clean_any && memo->clean_last >= after;
    cleanscan cs = {r, m, paths_key, memo ? 0 : after, false, memo != NULL, 0, NULL, 0, NULL, NULL, 0};
    const df_fact *list = df_fact_get(m, "clean_subcommands");
    if (df_fact_size(list)) {
        size_t i;
        const df_fact *cj;
        cs.clean_subs = list;
        df_fact_foreach(list, i, cj)
        {
            if (df_fact_strlen(cj) + 1 > cs.clean_need)
                cs.clean_need = df_fact_strlen(cj) + 1;
        }
    }
    if (memo) {
        df_pm_call *calls;
        cs.ncalls = df_pm_calls((df_pm_run *)r, NULL, &calls);
        cs.calls = calls;
        cs.round = round_of(r->c);
    }
    df_sh_walk(r->rs.script, clean_visit, &cs);
    if (!memo)
        return cs.found;
    memo->clean_m = m;
    memo->clean_key = paths_key;
    memo->clean_any = cs.found;
    memo->clean_last = cs.last;
    return cs.found && cs.last >= after;
}

bool df_pm_said_cleanup_disabled(const df_pm_run *r, const df_fact *m)
{
    calls_memo *memo = memo_of(r);
    if (!memo)
        return df_said_cleanup_disabled(r->c, m, r->rs.outer);
    if (!memo->said_known || memo->said_m != m) {
        memo->said = df_said_cleanup_disabled(r->c, m, r->rs.outer);
        memo->said_m = m;
        memo->said_known = true;
    }
    return memo->said;
}

/* ---- findings and fixes ------------------------------------------------ */

const char *df_pm_stage_held(const df_pm_run *r)
{
    const df_doc *d = r->c->doc;
    return r->in->cmd == DF_CMD_RUN && r->in->stage < d->nstages ? d->stages[r->in->stage].held : NULL;
}

const char *df_pm_held(const df_pm_run *r)
{
    const char *h = df_pm_stage_held(r);
    return h ? h : "the stage is not in the last stage's image";
}

df_severity df_pm_severity(const df_pm_run *r, bool *fix)
{
    bool ok = !df_pm_stage_held(r) && (r->ships || (r->c->opts && r->c->opts->fix_build_stages));
    *fix = ok;
    return ok ? r->c->rule->severity : DF_SEV_INFO;
}

/* Does more of the command line follow script offset `after` on its
 * physical line of the file (`then yarn install; else ...; fi)`)? Only
 * blanks and `;`, then a line continuation, a comment or the line's end,
 * end a line where a continuation goes. */
static bool mid_line(const df_pm_run *r, size_t after)
{
    const char *s = r->c->src->text;
    size_t n = r->rs.outer->span.end;
    size_t i = after ? df_pm_src(r, after - 1) + 1 : df_pm_src(r, 0);
    /* `install; \` ends its line: the `;` stays after the cleanup */
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ';'))
        i++;
    if (i >= n || s[i] == '\n' || s[i] == '\r' || s[i] == '#')
        return false;
    if (s[i] != r->style.esc)
        return true;
    for (i++; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        ;
    return !(i >= n || s[i] == '\n' || s[i] == '\r');
}

/* The top-level item of r's script whose command ends at script offset
 * `after`, or (size_t)-1. */
static size_t top_ending(const df_pm_run *r, size_t after)
{
    const df_sh_list *l = &r->rs.script->list;
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].node->span.end == after)
            return i;
    return (size_t)-1;
}

/* Does the text of item `it` of script s start with the command cmd? */
static bool item_is(const df_sh_script *s, const df_sh_item *it, const char *cmd)
{
    size_t n = strlen(cmd), a = it->node->span.start, b = it->node->span.end;
    return b - a >= n && memcmp(s->text + a, cmd, n) == 0 &&
           (b - a == n || s->text[a + n] == ' ' || s->text[a + n] == '\t');
}

/* Does the file join cleanup `cmd` to what it follows with `;` and never
 * with `&&` (`RUN yum -y update; yum clean all`)? One walk of the RUNs per
 * check and command: kept in r->cache. */
static bool file_joins_with_semi(const df_pm_run *r, const char *cmd)
{
    struct df_pm_cache *k = r->cache;
    if (k && k->semi_cmd && strcmp(k->semi_cmd, cmd) == 0)
        return k->semi_ans;
    const df_doc *d = r->c->doc;
    size_t semi = 0, and = 0;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        df_runsh rs;
        if (in->cmd != DF_CMD_RUN || df_runsh_cached(r->c->scripts, d->arena, d, in, &rs) < 0 || !rs.script)
            continue;
        const df_sh_list *l = &rs.script->list;
        df_runsh_work(r->c->scripts, l->n);
        for (size_t j = 1; j < l->n; j++) {
            if (!item_is(rs.script, &l->items[j], cmd))
                continue;
            /* a RUN that joins its other commands with && says how that
             * RUN is written, not how the file joins its clean (and a
             * clean appended there in an earlier round must not turn the
             * file's convention) */
            bool own_and = false;
            for (size_t o = 0; o < l->n; o++)
                own_and = own_and || (o != j - 1 && l->items[o].op == DF_SH_OP_AND);
            if (own_and)
                continue;
            semi += l->items[j - 1].op == DF_SH_OP_SEMI;
            and += l->items[j - 1].op == DF_SH_OP_AND;
        }
    }
    bool ans = semi > 0 && and == 0;
    if (k) {
        k->semi_cmd = df_arena_strndup(d->arena, cmd, strlen(cmd));
        k->semi_ans = ans;
    }
    return ans;
}

/* `;` instead of `&&` before a cleanup after top-level item i: after an
 * item the author ends with `;` while errexit is on (there `&&` would lose
 * it: `set -e; x && rm ...; y` carries on after a failed x; without
 * errexit the chain grows with `&&`), or after the last item of a RUN
 * that does not join its own commands with `&&` when the file joins this
 * cleanup with `;` everywhere (`RUN yum -y update; yum clean all`). There, without errexit, the RUN's status becomes the cleanup's:
 * a failing install no longer stops the build, and *unsafe says so. */
static bool join_with_semi(const df_pm_run *r, size_t i, const char *cmd, bool *unsafe)
{
    const df_sh_script *s = r->rs.script;
    const df_sh_item *it = &s->list.items[i];
    bool errexit = df_sh_errexit_before(s, it->node->span.start) || df_shell_errexit(r->in);
    *unsafe = false;
    if (it->op == DF_SH_OP_SEMI || it->op == DF_SH_OP_NEWLINE)
        return errexit;
    if (it->op != DF_SH_OP_NONE)
        return false;
    /* the last command of a multi-line RUN, after `; \` under errexit
     * (`set -ex; \ ... \ npm install -g grunt-cli`): the cleanup's line
     * ends the way the author ends theirs (on one line, `&&` reads as
     * well and stays) */
    if (errexit && r->style.multiline && i > 0 && s->list.items[i - 1].op == DF_SH_OP_SEMI)
        return true;
    /* a RUN that joins its own commands with && keeps && */
    for (size_t k = 0; k < s->list.n; k++)
        if (s->list.items[k].op == DF_SH_OP_AND)
            return false;
    if (!file_joins_with_semi(r, cmd))
        return false;
    *unsafe = !errexit;
    return true;
}

/* The indentation of the line where top-level item i starts, when it
 * starts a continuation line (`    if ...` of `RUN --mount=... \`): a
 * cleanup after its `fi` belongs at that level, not at the deeper one of
 * the lines inside it. False when the item starts on the RUN's first line. */
static bool node_indent(const df_pm_run *r, const df_sh_node *node, char *out, size_t cap)
{
    const char *s = r->c->src->text;
    size_t at = df_pm_src(r, node->span.start);
    size_t ls = at;
    while (ls > r->rs.outer->span.start && s[ls - 1] != '\n')
        ls--;
    if (ls <= r->rs.outer->span.start)
        return false;
    size_t w = 0;
    while (ls + w < at && (s[ls + w] == ' ' || s[ls + w] == '\t'))
        w++;
    /* only blanks or a leading && / || before the item */
    size_t k = ls + w;
    if (k < at && k + 1 < at && (s[k] == '&' || s[k] == '|') && s[k + 1] == s[k])
        k += 2;
    while (k < at && (s[k] == ' ' || s[k] == '\t'))
        k++;
    if (k != at || w >= cap)
        return false;
    memcpy(out, s + ls, w);
    out[w] = '\0';
    return true;
}

static bool item_indent(const df_pm_run *r, size_t i, char *out, size_t cap)
{
    return node_indent(r, r->rs.script->list.items[i].node, out, cap);
}

/* Does a continuation line of the RUN end with `&&` or `||` (the
 * operator at line ends: `make && \`)? */
static bool run_trailing_ops(const char *s, const df_instr *in)
{
    for (size_t i = 0; i < in->nplines; i++) {
        const df_pline *pl = &in->plines[i];
        if (pl->kind != DF_PLINE_CODE || pl->cont.end == pl->cont.start)
            continue;
        size_t e = pl->code.end;
        while (e > pl->code.start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        if (e - pl->code.start >= 2 && (s[e - 1] == '&' || s[e - 1] == '|') && s[e - 2] == s[e - 1])
            return true;
    }
    return false;
}

/* Does the file put its operators at line starts (`  && make`) and never
 * at line ends? Asked for a multi-line RUN with no operator of its own (a
 * package list, one per line): the cleanup appended there follows the
 * file's other RUNs (apple/swift-docker). Once per check: kept in r->cache. */
static bool file_leading_ops(const df_pm_run *r)
{
    struct df_pm_cache *k = r->cache;
    if (k && k->leading >= 0)
        return k->leading;
    const df_doc *d = r->c->doc;
    size_t leading = 0, trailing = 0;
    df_runsh_work(r->c->scripts, d->ninstrs);
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        df_runsh rs;
        if (in->cmd != DF_CMD_RUN || df_runsh_cached(r->c->scripts, d->arena, d, in, &rs) < 0 || !rs.script ||
            rs.heredoc)
            continue;
        df_runstyle st;
        df_runsh_style(d, &rs, &st);
        leading += st.leading_ops;
        trailing += run_trailing_ops(d->src->text, in);
    }
    bool ans = leading > 0 && trailing == 0;
    if (k)
        k->leading = ans;
    return ans;
}

/* The column every continuation character of the RUN stands at, when the
 * author pads them to one column with spaces (`zip               \`): at
 * least two continued lines after the RUN's first one (`RUN yum -y
 * install \` may stand apart), all at that column, one of them padded.
 * 0 otherwise (tabs before the escape: not measured). */
size_t df_pm_escape_column(const df_pm_run *r)
{
    const char *s = r->c->src->text;
    size_t from = r->in->span.start, to = r->in->span.end, col = 0, lines = 0;
    bool padded = false;
    for (size_t ls = from; ls < to;) {
        const char *nl = memchr(s + ls, '\n', to - ls);
        size_t le = nl ? (size_t)(nl - s) : to;
        size_t e = le;
        if (e > ls && s[e - 1] == '\r')
            e--;
        if (ls > from && e > ls && s[e - 1] == r->style.esc && nl) {
            size_t c = e - 1 - ls;
            if (lines && c != col)
                return 0;
            if (c >= 1 && s[e - 2] == '\t')
                return 0;
            if (c >= 2 && s[e - 2] == ' ' && s[e - 3] == ' ')
                padded = true;
            col = c;
            lines++;
        }
        if (!nl)
            break;
        ls = le + 1;
    }
    return lines >= 2 && padded ? col : 0;
}

int df_pm_pad_escape(const df_pm_run *r, size_t col0, df_buf *t)
{
    size_t col = df_pm_escape_column(r);
    if (!col || !t->data)
        return 0;
    const char *e = memchr(t->data, r->style.esc, t->len);
    if (!e || e == t->data || e[-1] != ' ' || memchr(t->data, '\n', (size_t)(e - t->data)))
        return 0;
    size_t lands = col0 + (size_t)(e - t->data);
    if (lands >= col)
        return 0;
    df_buf out = DF_BUF_INIT;
    size_t k = (size_t)(e - t->data);
    df_buf_add(&out, t->data, k);
    for (size_t i = lands; i < col; i++)
        df_buf_addch(&out, ' ');
    df_buf_add(&out, t->data + k, t->len - k);
    if (out.failed) {
        df_buf_release(&out);
        return -1;
    }
    df_buf_release(t);
    *t = out;
    return 0;
}

/* Lower d's fix to applicability ap, its description made from fmt (the
 * old description is one of its arguments). Returns 0, or -1 when out of
 * memory (noted in the arena). */
static int lower_fix(const df_pm_run *r, df_diag *d, df_applicability ap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int lower_fix(const df_pm_run *r, df_diag *d, df_applicability ap, const char *fmt, ...)
{
    df_buf why = DF_BUF_INIT;
    va_list va;
    va_start(va, fmt);
    int rc = df_buf_vprintf(&why, fmt, va);
    va_end(va);
    if (rc < 0) {
        df_buf_release(&why);
        df_arena_note_failure(r->c->out->arena);
        return -1;
    }
    const char *desc = df_arena_strndup(r->c->out->arena, why.data, why.len);
    df_buf_release(&why);
    if (!desc)
        return -1;
    d->fix->applicability = ap;
    d->fix->description = desc;
    return 0;
}

/* Text t inserted at file offset `at`, on a line where blanks then a shell
 * comment follow: when the author pads the comment to a column (two spaces
 * or more, no tab), the text takes the place of as many padding spaces
 * (*eat), so that the comment stays where it is (review run10, apps 294:
 * `apt-get install -y git        # git` in a column of comments). With too
 * few spaces the fix is shown, not applied: it would push the comment out
 * of its column. Returns 0, or -1 when out of memory. */
static int comment_column_kept(const df_pm_run *r, df_diag *d, size_t at, const df_buf *t, size_t *eat)
{
    const char *s = r->c->src->text;
    size_t n = r->c->src->len;
    size_t k = at;
    while (k < n && s[k] == ' ')
        k++;
    size_t pad = k - at;
    if (pad < 2 || k >= n || s[k] != '#' || !t->data || memchr(t->data, '\n', t->len))
        return 0;
    if (pad > t->len) {
        *eat = t->len;
        return 0;
    }
    if (!d->fix || d->fix->applicability == DF_APPLY_DISPLAY)
        return 0;
    size_t col = 0;
    for (size_t ls = k; ls > 0 && s[ls - 1] != '\n'; ls--)
        col++;
    return lower_fix(r, d, DF_APPLY_DISPLAY,
                     "%s (not applied: it would push the author's comment out of its column %zu; make room "
                     "before the comment, or put the command on a line of its own)",
                     d->fix->description, col + 1);
}

/* df_pm_append_after; a new line takes the indentation of `inner`'s line
 * when inner (an item of a nested list: a branch of an `if`) is given */
static int append_after(df_pm_run *r, df_diag *d, size_t after, const char *cmd, const df_sh_node *inner)
{
    df_buf t = DF_BUF_INIT;
    /* in the middle of a line (a one-line `if` or subshell of a multi-line
     * RUN) the cleanup stays on that line: a continuation there would
     * split the construct across lines */
    df_runstyle one = r->style;
    if (!r->rs.heredoc && one.multiline && mid_line(r, after))
        one.multiline = false;
    size_t ti = r->rs.heredoc ? (size_t)-1 : top_ending(r, after);
    bool unsafe = false;
    bool semi = ti != (size_t)-1 && join_with_semi(r, ti, cmd, &unsafe);
    if (ti != (size_t)-1 && one.multiline)
        item_indent(r, ti, one.indent, sizeof one.indent);
    else if (inner && one.multiline)
        node_indent(r, inner, one.indent, sizeof one.indent);
    if (!r->rs.heredoc && one.multiline && !one.leading_ops && !run_trailing_ops(r->c->src->text, r->in) &&
        file_leading_ops(r))
        one.leading_ops = true;
    if (semi && unsafe && d->fix && d->fix->applicability == DF_APPLY_SAFE) {
        if (lower_fix(r, d, DF_APPLY_UNSAFE,
                      "%s (unsafe: joined with `;` as the file joins `%s`: a failing command before it no longer "
                      "stops the build)",
                      d->fix->description, cmd) < 0)
            return -1;
    }
    int arc;
    if (!semi)
        arc = df_runsh_append_text(&r->rs, &one, "&&", cmd, &t);
    else if (!one.multiline)
        arc = df_buf_printf(&t, "; %s", cmd);
    else if (one.leading_ops)
        arc = df_buf_printf(&t, " %c%s%s; %s", one.esc, one.eol, one.indent, cmd);
    else
        arc = df_buf_printf(&t, ";%s%c%s%s%s", one.semi_gap, one.esc, one.eol, one.indent, cmd);
    if (arc < 0) {
        df_buf_release(&t);
        df_arena_note_failure(r->c->out->arena); /* out of memory */
        return -1;
    }
    if (r->rs.heredoc && inner) {
        /* in a branch: the new line takes the indentation of the line
         * holding the item */
        const char *hs = r->rs.script->text;
        size_t ls = inner->span.start, w = 0;
        while (ls > 0 && hs[ls - 1] != '\n')
            ls--;
        while (ls + w < inner->span.start && (hs[ls + w] == ' ' || hs[ls + w] == '\t'))
            w++;
        if (ls + w == inner->span.start && w) {
            df_buf in = DF_BUF_INIT;
            df_buf_add(&in, hs + ls, w);
            df_buf_add(&in, t.data, t.len);
            df_buf_release(&t);
            t = in;
            if (t.failed) {
                df_buf_release(&t);
                df_arena_note_failure(r->c->out->arena);
                return -1;
            }
        }
    }
    size_t at;
    if (r->rs.heredoc) {
        /* a new line after the line holding the command */
        const char *s = r->rs.script->text;
        size_t n = r->rs.script->len;
        const char *nl = after < n ? memchr(s + after, '\n', n - after) : NULL;
        /* not inside a continued line: skip newlines escaped by a backslash */
        while (nl) {
            const char *e = nl;
            if (e > s && e[-1] == '\r')
                e--;
            if (!(e > s && e[-1] == '\\'))
                break;
            size_t from = (size_t)(nl - s) + 1;
            nl = from < n ? memchr(s + from, '\n', n - from) : NULL;
        }
        at = r->rs.base + (nl ? (size_t)(nl - s) + 1 : n);
    } else {
        at = after ? df_pm_src(r, after - 1) + 1 : df_pm_src(r, 0);
        const char *src = r->c->src->text;
        size_t ls = at;
        while (ls > 0 && src[ls - 1] != '\n')
            ls--;
        if (one.multiline && df_pm_pad_escape(r, at - ls, &t) < 0) {
            df_buf_release(&t);
            df_arena_note_failure(r->c->out->arena);
            return -1;
        }
    }
    size_t eat = 0;
    if (!r->rs.heredoc && comment_column_kept(r, d, at, &t, &eat) < 0) {
        df_buf_release(&t);
        return -1;
    }
    int rc = df_fix_add_edit(r->c->out, d, at, at + eat, t.data, t.len);
    df_buf_release(&t);
    return rc;
}

int df_pm_append_after(df_pm_run *r, df_diag *d, size_t after, const char *cmd)
{
    return append_after(r, d, after, cmd, NULL);
}

/* ---- stage-wide questions in linear time ------------------------------- */

int df_pm_marks_build(const df_ctx *c, df_pm_pred pred, const void *arg, df_pm_marks *out)
{
    const df_doc *d = c->doc;
    out->plain = df_arena_alloc(d->arena, (d->ninstrs + 1) * sizeof *out->plain);
    out->onb = df_arena_alloc(d->arena, (d->ninstrs + 1) * sizeof *out->onb);
    out->bases[0] = df_arena_alloc(d->arena, d->nstages + 1);
    out->bases[1] = df_arena_alloc(d->arena, d->nstages + 1);
    if (!out->plain || !out->onb || !out->bases[0] || !out->bases[1])
        return -1;
    df_runsh_work(c->scripts, d->ninstrs);
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        bool p = false, o = false;
        if (in->cmd == DF_CMD_ONBUILD)
            o = in->sub && pred(c, in->sub, arg);
        else
            p = pred(c, in, arg);
        out->plain[i + 1] = out->plain[i] + p;
        out->onb[i + 1] = out->onb[i] + o;
    }
    return 0;
}

bool df_pm_marks_in_bases(const df_ctx *c, const df_pm_marks *m, size_t stage, bool from_line)
{
    const df_doc *d = c->doc;
    unsigned char *memo = m->bases[from_line]; /* 0 unknown, 1 no, 2 yes */
    bool ans = false;
    size_t cur = stage, n = 0;
    /* up the chain until an answer: a base with the property, the root,
     * or a stage answered before; every stage passed gets that answer */
    for (; n < d->nstages && cur < d->nstages; n++) {
        df_runsh_work(c->scripts, 1);
        if (memo && memo[cur]) {
            ans = memo[cur] == 2;
            break;
        }
        size_t base = d->stages[cur].parent;
        if (base == SIZE_MAX || base >= cur)
            break;
        if (df_pm_marks_any(m, d->stages[base].from + !from_line, d->stages[base].last + 1, false)) {
            ans = true;
            break;
        }
        cur = base;
    }
    for (size_t k = 0, s = stage; memo && k < n && s < d->nstages; k++, s = d->stages[s].parent)
        memo[s] = ans ? 2 : 1;
    if (memo && stage < d->nstages)
        memo[stage] = ans ? 2 : 1;
    return ans;
}

bool df_pm_marked_earlier(const df_pm_run *r, const df_pm_marks *m)
{
    const df_doc *d = r->c->doc;
    size_t si = r->in->stage;
    if (si >= d->nstages || !m->plain)
        return false;
    size_t to = r->in->cmd == DF_CMD_ONBUILD ? d->stages[si].last + 1 : r->in->index;
    return df_pm_marks_any(m, d->stages[si].from, to, false) || df_pm_marks_in_bases(r->c, m, si, false);
}

size_t df_pm_marked_later(const df_pm_run *r, const df_pm_marks *m, size_t *count)
{
    const df_doc *d = r->c->doc;
    const size_t *p = m->plain;
    *count = 0;
    if (!p || r->in->stage >= d->nstages)
        return SIZE_MAX;
    size_t lo = r->in->index + 1, hi = d->stages[r->in->stage].last + 1;
    if (lo >= hi || p[hi] == p[lo])
        return SIZE_MAX;
    *count = p[hi] - p[lo];
    /* the smallest j in [lo, hi) with p[j + 1] > p[lo] */
    size_t base = p[lo];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid + 1] > base)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

size_t df_pm_marked_later_line(const df_pm_run *r, const df_pm_marks *m)
{
    size_t count;
    if (r->in->cmd != DF_CMD_RUN)
        return 0;
    size_t j = df_pm_marked_later(r, m, &count);
    return j == SIZE_MAX ? 0 : r->c->doc->instrs[j]->start_line;
}

bool df_pm_marks_any(const df_pm_marks *m, size_t from, size_t to, bool onbuild)
{
    if (!m->plain || from >= to)
        return false;
    const size_t *a = onbuild ? m->onb : m->plain;
    return a[to] > a[from];
}

typedef struct {
    const df_ctx *c;
    const df_fact *m;
    const df_fact *list; /* m[key], the patterns */
    const df_sh_script *s;
    size_t before; /* script offset: only commands starting before it */
    bool found;
    bool all;      /* go on after a find: first gets the first start */
    size_t first;
    bool any;      /* with all: something was found */
} cfgscan;

static int cfg_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    cfgscan *cs = user;
    df_runsh_work(cs->c->scripts, 1);
    if (cmd->span.start >= cs->before)
        return 0;
    /* an option of a call of the manager (-o X=Y) configures that call only */
    df_sh_view v;
    bool own_call = df_sh_command_view(cmd, &v) == 0 && v.name &&
                    df_kb_manager_for(cs->c->kb, v.name->value, v.name->value_len, NULL) == cs->m;
    for (size_t i = 0; i < cmd->simple.nwords && !cs->found && !own_call; i++) {
        const df_sh_word *w = &cmd->simple.words[i];
        cs->found = df_kb_match_list(cs->c->kb, cs->list, w->value, w->value_len);
    }
    for (size_t i = 0; i < cmd->nredirs && !cs->found; i++) {
        const df_sh_heredoc *h = cmd->redirs[i].heredoc;
        if (h && h->present)
            cs->found = df_kb_match_list(cs->c->kb, cs->list, cs->s->text + h->body.start,
                                         h->body.end - h->body.start);
    }
    if (!cs->all)
        return cs->found;
    if (cs->found) {
        cs->first = cmd->span.start < cs->first ? cmd->span.start : cs->first;
        cs->found = false;
        cs->any = true;
    }
    return 0;
}

bool df_pm_script_says(const df_ctx *c, const df_fact *m, const char *key, const df_sh_script *s, size_t before)
{
    cfgscan cs = {c, m, df_fact_get(m, key), s, before, false, false, 0, false};
    df_sh_walk(s, cfg_visit, &cs);
    return cs.found;
}

/* df_pm_script_says for r's script, the walk done once per (m, key) */
static bool run_says(const df_pm_run *r, const df_fact *m, const char *key, size_t before)
{
    calls_memo *memo = memo_of(r);
    if (!memo)
        return df_pm_script_says(r->c, m, key, r->rs.script, before);
    for (size_t i = 0; i < memo->ncfg; i++)
        if (memo->cfg[i].m == m && strcmp(memo->cfg[i].key, key) == 0)
            return memo->cfg[i].any && memo->cfg[i].first < before;
    cfgscan cs = {r->c, m, df_fact_get(m, key), r->rs.script, SIZE_MAX, false, true, SIZE_MAX, false};
    df_sh_walk(r->rs.script, cfg_visit, &cs);
    if (memo->ncfg < sizeof memo->cfg / sizeof memo->cfg[0]) {
        size_t i = memo->ncfg++;
        memo->cfg[i].m = m;
        memo->cfg[i].key = key;
        memo->cfg[i].any = cs.any;
        memo->cfg[i].first = cs.first;
    }
    return cs.any && cs.first < before;
}

static bool has_sub(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(s + i, lit, l) == 0)
            return true;
    return false;
}

/* A file of the build context that COPY/ADD puts under /etc/apt (or the
 * manager's config folder: the destination is checked for "/etc/"). */
static bool context_file_says(const df_ctx *c, const df_fact *m, const char *key, const df_instr *in)
{
    if (!c->context_dir || in->json || in->nargs < 2)
        return false;
    const df_word *dst = &in->args[in->nargs - 1];
    if (!has_sub(dst->value, dst->len, "/etc/"))
        return false;
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const df_word *w = &in->args[i];
        if (memchr(w->value, '$', w->len) || memchr(w->value, '*', w->len) || memchr(w->value, '<', w->len) ||
            has_sub(w->value, w->len, ".."))
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%.*s", c->context_dir, (int)w->len, w->value) >= sizeof path ||
            (c->opts && c->opts->dirs && df_dircache_absent(c->opts->dirs, path)))
            continue; /* the run's listing shows no such file: no open that would fail */
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (df_kb_match(c->kb, m, key, buf, n))
            return true;
    }
    return false;
}

bool df_pm_instr_says(const df_ctx *c, const df_fact *m, const char *key, const df_instr *in)
{
    for (size_t h = 0; h < in->nheredocs; h++) {
        df_span b = in->heredocs[h].body;
        if (df_kb_match(c->kb, m, key, c->src->text + b.start, b.end - b.start))
            return true;
    }
    if (in->cmd == DF_CMD_RUN) {
        /* through the RUN's memo (run_says): the marks of
         * df_pm_configured_before ask every RUN, and the RUN's own calls
         * ask it again, of the same (m, key) */
        df_pm_run o;
        return df_pm_run_of(c, in, &o) && run_says(&o, m, key, SIZE_MAX);
    }
    if (in->cmd == DF_CMD_COPY || in->cmd == DF_CMD_ADD)
        return context_file_says(c, m, key, in);
    return false;
}

bool df_pm_cfg_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const df_pm_cfg *cfg = arg;
    return df_pm_instr_says(c, cfg->m, cfg->key, in);
}

bool df_pm_configured_before(const df_pm_run *r, const df_pm_cfg *cfg, df_pm_marks *marks, size_t before)
{
    const df_ctx *c = r->c;
    const df_doc *d = c->doc;
    if (run_says(r, cfg->m, cfg->key, before))
        return true;
    if (r->in->stage >= d->nstages)
        return false;
    /* out of memory (the arena says so): silent, as a rule is when it
     * cannot build its marks */
    if (!marks->plain && df_pm_marks_build(c, df_pm_cfg_pred, cfg, marks) < 0)
        return true;
    const df_stage *st = &d->stages[r->in->stage];
    bool ob = r->in->cmd == DF_CMD_ONBUILD;
    if (df_pm_marks_any(marks, st->from + 1, ob ? st->last + 1 : r->in->index, false))
        return true;
    if (ob && df_pm_marks_any(marks, st->from + 1, r->in->index, true))
        return true;
    return df_pm_marks_in_bases(r->c, marks, r->in->stage, false);
}

/* ---- cleanups to append ------------------------------------------------ */

/* Shell settings that end a chain without doing work a cleanup must follow. */
static bool is_setting(const df_sh_node *n)
{
    static const char *const names[] = {"set", "export", "cd", "unset", "umask", "true", ":", NULL};
    df_sh_view v;
    if (n->kind != DF_SH_SIMPLE || df_sh_command_view(n, &v) < 0)
        return false;
    if (!v.name)
        return n->simple.nassigns > 0;
    for (size_t k = 0; names[k]; k++)
        if (df_sh_word_is(v.name, names[k]))
            return true;
    return false;
}

size_t df_pm_chain_end(const df_sh_list *l, size_t i)
{
    size_t from = i;
    while (i + 1 < l->n && l->items[i].op == DF_SH_OP_AND)
        i++;
    while (i > from && is_setting(l->items[i].node))
        i--;
    return i;
}

static size_t chain_end(const df_sh_list *l, size_t i)
{
    return l->items[df_pm_chain_end(l, i)].node->span.end;
}

size_t df_pm_append_point(const df_pm_run *r, const df_pm_call *const *todo, size_t n)
{
    const df_pm_call *last = todo[n - 1];
    bool same = true;
    for (size_t i = 0; i < n; i++)
        same = same && todo[i]->where.list == last->where.list;
    const df_sh_list *l = last->where.list;
    if (same && l && last->where.index < l->n && !last->where.in_function)
        return chain_end(l, last->where.index);
    if (same)
        return last->end;
    const df_sh_list *top = &r->rs.script->list;
    for (size_t i = 0; i < top->n; i++) {
        df_span s = top->items[i].node->span;
        if (s.start <= last->cmd->span.start && last->cmd->span.end <= s.end)
            return chain_end(top, i);
    }
    return last->end;
}

const char *df_pm_cleanup_command(const df_pm_run *r, const df_pm_call *call, const char *suffix)
{
    const char *base = df_kb_str(call->m, "cleanup");
    if (!base)
        return NULL;
    const char *rest = strchr(base, ' ');
    const char *prog = base;
    size_t plen = rest ? (size_t)(rest - base) : strlen(base);
    size_t nl;
    const char *nv = base_name(call->view.name, &nl);
    if (df_kb_has(call->m, "commands", nv, nl)) {
        prog = nv;
        plen = nl;
    }
    const char *sudo = "";
    for (size_t i = 0; i < call->view.name_index; i++)
        if (df_sh_word_is(&call->cmd->simple.words[i], "sudo"))
            sudo = "sudo ";
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s%.*s%s%s", sudo, (int)plen, prog, rest ? rest : "", suffix);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return df_arena_strndup(r->c->doc->arena, buf, (size_t)n);
}

bool df_pm_run_of(const df_ctx *c, const df_instr *in, df_pm_run *out)
{
    if (in->cmd != DF_CMD_RUN)
        return false;
    memset(out, 0, sizeof *out);
    out->c = (df_ctx *)c;
    out->in = in;
    return df_runsh_cached(c->scripts, c->doc->arena, c->doc, in, &out->rs) == 0 && out->rs.script;
}

/* ---- later readers of a package index ---------------------------------- */

/* The first command of s at or after offset `after` whose name (its last
 * path part) is one of `names`; with through_su, also the first word of
 * the string that `su USER -c "..."` / `runuser ... -c` runs. */
#define NAMED_HEADS 8

typedef struct df_pm_named {
    const df_fact *names;
    size_t after;
    bool through_su;
    size_t first;
    /* the distinct first words of names' strings ("apt-cache", "opam" of
     * "opam install"): a command named by none of them can match no
     * string, whole or "NAME WORD", and is passed without hashing its
     * name; nheads SIZE_MAX: more than NAMED_HEADS, every name is looked
     * up */
    struct {
        const char *s;
        size_t n;
    } heads[NAMED_HEADS];
    size_t nheads;
} named_q;

/* Could nm[0..nl) match: is it one of q's heads, or are there too many
 * to keep, or does it hold a space (a quoted name: "opam install" matches
 * that string whole, though its head is "opam")? */
static bool named_head(const named_q *q, const char *nm, size_t nl)
{
    if (q->nheads == SIZE_MAX || memchr(nm, ' ', nl))
        return true;
    for (size_t i = 0; i < q->nheads; i++)
        if (q->heads[i].n == nl && memcmp(q->heads[i].s, nm, nl) == 0)
            return true;
    return false;
}

/* Is "NAME WORD" in names? */
static bool named_pair(const df_fact *names, const char *nm, size_t nl, const char *w, size_t wl)
{
    char buf[96];
    if (nl + 1 + wl >= sizeof buf)
        return false;
    memcpy(buf, nm, nl);
    buf[nl] = ' ';
    memcpy(buf + nl + 1, w, wl);
    return df_fact_has(names, buf, nl + 1 + wl);
}

/* Is "NAME SUB" in names, SUB the command's first argument that is not an
 * option (`opam install`: opam installs missing system packages with the
 * apt lists as they are, without apt-get update first)? Or "NAME -X" /
 * "NAME --LONG" for an option before it (`mk-build-deps -ir` installs the
 * build dependencies through apt-get; -X also inside a cluster of short
 * options)? */
static bool named_sub(const df_fact *names, const char *nm, size_t nl, const df_sh_view *v)
{
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (w->flags & DF_SH_W_EXPANSION)
            return false;
        if (w->value_len > 1 && w->value[0] == '-') {
            if (w->value[1] == '-') {
                size_t ol = strcspn(w->value, "=");
                if (ol > w->value_len)
                    ol = w->value_len;
                if (named_pair(names, nm, nl, w->value, ol))
                    return true;
                continue;
            }
            for (size_t k = 1; k < w->value_len; k++) {
                char o[2] = {'-', w->value[k]};
                if (named_pair(names, nm, nl, o, 2))
                    return true;
            }
            continue;
        }
        if (w->value_len && w->value[0] == '-')
            continue;
        return named_pair(names, nm, nl, w->value, w->value_len);
    }
    return false;
}

static int named_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    named_q *q = user;
    df_sh_view v;
    if (cmd->span.start < q->after || df_sh_command_view(cmd, &v) < 0 || !v.name ||
        (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    size_t nl;
    const char *nm = base_name(v.name, &nl);
    if (q->through_su && (df_sh_word_is(v.name, "su") || df_sh_word_is(v.name, "runuser"))) {
        for (size_t i = 0; i + 1 < v.nargs; i++)
            if (df_sh_word_is(&v.args[i], "-c") && !(v.args[i + 1].flags & DF_SH_W_EXPANSION)) {
                const char *w = v.args[i + 1].value;
                size_t wl = strcspn(w, " \t;&|");
                nm = w;
                for (size_t k = 0; k < wl; k++)
                    if (w[k] == '/')
                        nm = w + k + 1;
                nl = wl - (size_t)(nm - w);
            }
    }
    if (!named_head(q, nm, nl) || (!df_fact_has(q->names, nm, nl) && !named_sub(q->names, nm, nl, &v)))
        return 0;
    q->first = cmd->span.start;
    return 1;
}

size_t df_pm_first_named(const df_sh_script *s, const df_fact *names, size_t after, bool through_su)
{
    /* no heads: every name is looked up (collecting them costs more than
     * one walk saves; df_pm_users_build collects them once per round) */
    named_q q = {names, after, through_su, SIZE_MAX, {{NULL, 0}}, SIZE_MAX};
    if (s && names)
        df_sh_walk(s, named_visit, &q);
    return q.first;
}

/* q for names (no script offset, no su): its heads collected. */
static void named_init(named_q *q, const df_fact *names)
{
    memset(q, 0, sizeof *q);
    q->names = names;
    q->first = SIZE_MAX;
    size_t i;
    const df_fact *v;
    df_fact_foreach(names, i, v)
    {
        const char *e = df_fact_str(v);
        if (!e || q->nheads == SIZE_MAX)
            continue;
        size_t el = df_fact_strlen(v);
        const char *sp = memchr(e, ' ', el);
        size_t hl = sp ? (size_t)(sp - e) : el;
        if (named_head(q, e, hl))
            continue;
        if (q->nheads == NAMED_HEADS) {
            q->nheads = SIZE_MAX;
            continue;
        }
        q->heads[q->nheads].s = e;
        q->heads[q->nheads++].n = hl;
    }
}

static bool users_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const df_pm_users *u = arg;
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o))
        return false;
    const char *const managers[] = {u->manager, NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, managers, &calls);
    /* a reader that is not the manager itself (apt-cache policy) counts
     * when it runs before the first refresh */
    named_q q = *u->readers;
    if (q.names)
        df_sh_walk(o.rs.script, named_visit, &q);
    size_t first_reader = q.first;
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (df_pm_sub_is(call, "update"))
            return first_reader < call->cmd->span.start;
        if (!call->sub || (u->fresh && u->fresh(call)))
            continue;
        if (df_pm_sub_is(call, "index_readers"))
            return true;
        for (size_t k = 0; u->uses && u->uses[k]; k++)
            if (df_sh_word_is(call->sub, u->uses[k]))
                return true;
    }
    return first_reader != SIZE_MAX;
}

int df_pm_marks_desc(const df_ctx *c, const df_pm_marks *m, bool **out)
{
    const df_doc *d = c->doc;
    *out = NULL;
    if (!d->nstages)
        return 0;
    bool *desc = df_arena_alloc(d->arena, d->nstages * sizeof *desc);
    if (!desc)
        return -1;
    for (size_t t = 0; t < d->nstages; t++) {
        if (!df_pm_marks_any(m, d->stages[t].from, d->stages[t].last + 1, false))
            continue;
        /* mark the ancestors; stop where an earlier walk already did */
        for (size_t a = d->stages[t].parent; a != SIZE_MAX && !desc[a]; a = d->stages[a].parent)
            desc[a] = true;
    }
    *out = desc;
    return 0;
}

int df_pm_users_build(const df_ctx *c, df_pm_users *u)
{
    u->desc_needs = NULL;
    u->readers = df_arena_alloc(c->doc->arena, sizeof *u->readers);
    if (!u->readers)
        return -1;
    named_init(u->readers, df_fact_get(df_kb_manager(c->kb, u->manager), "index_reader_commands"));
    if (df_pm_marks_build(c, users_pred, u, &u->needs) < 0)
        return -1;
    return df_pm_marks_desc(c, &u->needs, &u->desc_needs);
}

bool df_pm_later_users(const df_pm_run *r, const df_pm_users *u)
{
    const df_doc *d = r->c->doc;
    if (r->in->cmd == DF_CMD_ONBUILD || r->in->stage >= d->nstages || !u->desc_needs)
        return false;
    const df_stage *st = &d->stages[r->in->stage];
    return df_pm_marks_any(&u->needs, r->in->index + 1, st->last + 1, false) || u->desc_needs[r->in->stage];
}

size_t df_pm_first_user_line(const df_pm_run *r, const df_pm_users *u)
{
    const df_doc *d = r->c->doc;
    const size_t *p = u->needs.plain;
    if (r->in->cmd == DF_CMD_ONBUILD || r->in->stage >= d->nstages || !p)
        return 0;
    size_t lo = r->in->index + 1, hi = d->stages[r->in->stage].last + 1;
    if (lo >= hi || p[hi] == p[lo])
        return 0;
    /* the smallest j in [lo, hi) with p[j + 1] > p[lo] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid + 1] > p[r->in->index + 1])
            hi = mid;
        else
            lo = mid + 1;
    }
    return d->instrs[lo]->start_line;
}

/* ---- cleanups after one list item --------------------------------------- */

bool df_pm_can_join(const df_pm_run *r, const df_sh_list *list, size_t i)
{
    if (i >= list->n)
        return false;
    df_sh_op op = list->items[i].op;
    if (r->rs.heredoc)
        return op == DF_SH_OP_NEWLINE || op == DF_SH_OP_NONE || op == DF_SH_OP_SEMI;
    return op == DF_SH_OP_AND || op == DF_SH_OP_SEMI || op == DF_SH_OP_NEWLINE || op == DF_SH_OP_NONE;
}

int df_pm_append_item(df_pm_run *r, df_diag *d, const df_sh_list *list, size_t i, const char *cmd)
{
    if (!df_pm_can_join(r, list, i))
        return 1;
    const df_sh_item *it = &list->items[i];
    size_t after = it->node->span.end;
    df_sh_op op = it->op;
    bool nested = list != &r->rs.script->list;
    if (op == DF_SH_OP_NONE && i > 0)
        op = list->items[i - 1].op;
    /* the last item of a branch or block: its separator ends the body
     * (`...; fi`), the join follows the item before; with none, or
     * without errexit, `&&`: the body's status stays the item's */
    if (nested && i + 1 == list->n)
        op = i > 0 && df_sh_errexit_before(r->rs.script, it->node->span.start) ? list->items[i - 1].op : DF_SH_OP_AND;
    bool semi = !r->rs.heredoc && (op == DF_SH_OP_SEMI || op == DF_SH_OP_NEWLINE);
    if (!semi)
        return append_after(r, d, after, cmd, nested ? it->node : NULL) < 0 ? -1 : 0;
    df_runstyle one = r->style;
    if (nested && one.multiline)
        node_indent(r, it->node, one.indent, sizeof one.indent);
    const df_runstyle *st = &one;
    df_buf b = DF_BUF_INIT;
    int rc;
    if (!st->multiline)
        rc = df_buf_printf(&b, "; %s", cmd);
    else
        rc = df_buf_printf(&b, ";%s%c%s%s%s", st->semi_gap, st->esc, st->eol, st->indent, cmd);
    if (rc >= 0) {
        size_t at = df_pm_src(r, after - 1) + 1;
        rc = df_fix_add_edit(r->c->out, d, at, at, b.data, b.len);
    }
    df_buf_release(&b);
    return rc < 0 ? -1 : 0;
}

/* ---- environments to work in (DF003, DF004) ------------------------- */

/* Does s[0..n) hold one of the strings of list? Each string searched
 * counts the n bytes it scans on c's work counter. */
bool df_pm_contains_any(const df_ctx *c, const char *s, size_t n, const df_fact *list)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *lit = df_fact_str(v);
        if (!lit || !*lit)
            continue;
        df_runsh_work(c->scripts, n);
        if (df_bytes_contain(s, n, lit))
            return true;
    }
    return false;
}

/* The package name of an operand: without =version, /release, :arch. */
size_t df_pm_pkg_name(const df_sh_word *w)
{
    size_t n = 0;
    while (n < w->value_len && w->value[n] != '=' && w->value[n] != '/' && w->value[n] != ':')
        n++;
    return n;
}

static bool call_names(const df_pm_call *call, const char *pkg)
{
    size_t pl = strlen(pkg);
    for (size_t i = 0; i < call->nops; i++) {
        const df_sh_word *w = call->ops[i];
        if (w->value_len >= pl && memcmp(w->value, pkg, pl) == 0 && df_pm_pkg_name(w) == pl)
            return true;
    }
    return false;
}

bool df_pm_call_installs_any(const df_pm_call *call, const df_fact *list)
{
    for (size_t i = 0; list && i < call->nops; i++)
        if (df_fact_has(list, call->ops[i]->value, df_pm_pkg_name(call->ops[i])))
            return true;
    /* a name apt installs one of them for ("package_aliases", a short
     * table: git-core for git) */
    const df_fact *aliases = list && call->names_alias ? df_fact_get(call->m, "package_aliases") : NULL;
    for (size_t k = 0; k < df_fact_members(aliases); k++) {
        const char *target = df_fact_key(aliases, k);
        size_t i;
        const df_fact *v;
        if (!target || !df_fact_has(list, target, strlen(target)))
            continue;
        df_fact_foreach(df_fact_value(aliases, k), i, v)
        {
            const char *a = df_fact_str(v);
            if (a && call_names(call, a))
                return true;
        }
    }
    return false;
}

size_t df_pm_call_installs_first(const df_pm_call *call, const df_fact *obj)
{
    size_t best = 0;
    for (size_t i = 0; obj && i < call->nops; i++) {
        size_t k = df_fact_index(obj, call->ops[i]->value, df_pm_pkg_name(call->ops[i]));
        if (k && (!best || k < best))
            best = k;
    }
    return best;
}

bool df_pm_call_installs(const df_pm_call *call, const char *pkg)
{
    if (call_names(call, pkg))
        return true;
    /* a name apt installs pkg for (the manager's "package_aliases":
     * git-core, which git Provides) */
    if (!call->names_alias)
        return false;
    size_t i;
    const df_fact *v;
    df_fact_foreach(df_fact_get(df_fact_get(call->m, "package_aliases"), pkg), i, v)
    {
        const char *a = df_fact_str(v);
        if (a && call_names(call, a))
            return true;
    }
    return false;
}

/* Is the file an environment to work in (apt "interactive_environment"):
 * a RUN that runs `unminimize`, a FROM of a devcontainer/IDE/toolbox
 * image, a path under .devcontainer/ or .codesandbox/, a last stage named
 * dev-envs (Docker's Dev Environments), a dev container's image by its
 * real folder or a devcontainer.json (options.h devcontainer)? */
static bool interactive_file(const df_ctx *c, const df_fact *m)
{
    const df_fact *ie = df_fact_get(m, "interactive_environment");
    if (!ie)
        return false;
    const df_doc *d = c->doc;
    const char *path = c->src->path ? c->src->path : "";
    if (c->opts && c->opts->devcontainer) /* its folder or a devcontainer.json says so */
        return true;
    if (df_pm_contains_any(c, path, strlen(path), df_fact_get(ie, "paths")))
        return true;
    /* the last stage is one an environment tool works in (dev-envs) */
    const char *last = d->nstages ? d->stages[d->nstages - 1].name : NULL;
    if (last) {
        size_t i;
        const df_fact *v;
        df_fact_foreach(df_fact_get(ie, "stage_names"), i, v)
        {
            if (df_fact_str(v) && strcasecmp(last, df_fact_str(v)) == 0)
                return true;
        }
    }
    for (size_t si = 0; si < d->nstages; si++) {
        const char *b = d->stages[si].base;
        size_t i;
        const df_fact *v;
        df_fact_foreach(df_fact_get(ie, "images"), i, v)
        {
            const char *p = df_fact_str(v);
            if (b && p && strncasecmp(b, p, strlen(p)) == 0)
                return true;
        }
        df_fact_foreach(df_fact_get(ie, "image_parts"), i, v)
        {
            const char *p = df_fact_str(v);
            if (b && p && *p && df_bytes_contain_ci(b, strlen(b), p, strlen(p)))
                return true;
        }
    }
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        const df_instr *run = in->cmd == DF_CMD_ONBUILD ? in->sub : in;
        if (run && run->cmd == DF_CMD_RUN &&
            df_pm_contains_any(c, c->src->text + in->span.start, in->span.end - in->span.start, df_fact_get(ie, "commands")))
            return true;
    }
    return false;
}

/* Does a RUN install a desktop IDE ("environment_packages": VS Code's
 * `code`) or a debugger for development ("environment_package_suffixes":
 * php8.2-xdebug, as Laravel Sail does)? Then the file builds an
 * environment to work in. */
static void env_run(df_pm_run *r, void *user)
{
    bool *found = user;
    df_pm_call *calls;
    static const char *const apt_only[] = {"apt", NULL};
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n && !*found; i++) {
        size_t k;
        const df_fact *v;
        if (!df_pm_sub_is(&calls[i], "install"))
            continue;
        const df_fact *ie = df_fact_get(calls[i].m, "interactive_environment");
        /* one lookup per operand, not a scan of the operands per package */
        if (df_pm_call_installs_any(&calls[i], df_fact_get(ie, "environment_packages")))
            *found = true;
        df_fact_foreach(df_fact_get(ie, "environment_package_suffixes"), k, v)
        {
            const char *sfx = df_fact_str(v);
            size_t sl = sfx ? strlen(sfx) : 0;
            df_sh_argit it = DF_SH_ARGIT_INIT;
            df_sh_arg a;
            while (sl && df_pm_next_operand(&calls[i], &it, &a)) {
                size_t pl = df_pm_pkg_name(a.word);
                if (pl > sl && memcmp(a.word->value + pl - sl, sfx, sl) == 0)
                    *found = true;
            }
        }
    }
}


bool df_pm_apt_environment(df_ctx *c, const df_fact *apt)
{
    if (c->scripts && c->scripts->apt_env)
        return c->scripts->apt_env == 2;
    bool found = interactive_file(c, apt);
    if (!found)
        df_pm_each_run(c, env_run, &found);
    if (c->scripts)
        c->scripts->apt_env = found ? 2 : 1;
    return found;
}

/* ---- removing one command of a RUN -------------------------------------- */

/* The file span that removes item i of r's top-level list with the `&&`
 * that joins it: from the end of the item before to the end of item i (the
 * line continuation and indentation between go with it), or, for the
 * first item, from its start to the start of the next. The list keeps its
 * meaning without item i only when every operator around it is `&&` (`a;
 * rm && b` without rm would run b only when a succeeds; `a; rm` as the
 * last item hid a's status) and i is not the only item. False when the
 * span holds a comment line (it may say more than the command), for a
 * heredoc script, or for an item that is not a simple command. */
bool df_pm_item_removal(const df_pm_run *r, size_t i, df_span *out)
{
    const df_sh_list *l = &r->rs.script->list;
    if (r->rs.heredoc || i >= l->n || l->n < 2 || l->items[i].node->kind != DF_SH_SIMPLE)
        return false;
    bool last = i + 1 == l->n;
    if ((!last && l->items[i].op != DF_SH_OP_AND) || (last && l->items[i].op != DF_SH_OP_NONE) ||
        (i > 0 && l->items[i - 1].op != DF_SH_OP_AND))
        return false;
    df_span sp;
    if (i > 0)
        sp = (df_span){l->items[i - 1].node->span.end, l->items[i].node->span.end};
    else
        sp = (df_span){l->items[0].node->span.start, l->items[1].node->span.start};
    df_span f = df_runsh_span(&r->rs, sp);
    if (f.end <= f.start || memchr(r->c->src->text + f.start, '#', f.end - f.start))
        return false;
    *out = f;
    return true;
}

/* ---- does the script carry on when a command fails? --------------------- */

typedef enum { FATE_MASKED, FATE_FAILS, FATE_EXITS } fate;

/* The item of l whose node holds cmd (items are in order: a binary search,
 * so that asking for every call of a long RUN stays linear), or l->n. */
static size_t item_holding(const df_sh_list *l, const df_sh_node *cmd)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[mid].node->span.start <= cmd->span.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return l->n;
    const df_sh_node *n = l->items[lo - 1].node;
    return cmd->span.start >= n->span.start && cmd->span.end <= n->span.end ? lo - 1 : l->n;
}

/* `exit`, `exit N` (N not 0) or `false`: what turns a failure back into one. */
static fate reraises(const df_sh_node *n)
{
    df_sh_view v;
    if (n->kind != DF_SH_SIMPLE || df_sh_command_view(n, &v) < 0 || !v.name)
        return FATE_MASKED;
    if (df_sh_word_is(v.name, "false"))
        return FATE_FAILS;
    if (df_sh_word_is(v.name, "exit") && (v.nargs == 0 || !df_sh_word_is(&v.args[0], "0")))
        return FATE_EXITS;
    return FATE_MASKED;
}

static fate list_fate(const df_sh_list *l, const df_sh_node *cmd, bool errexit, bool ignored, const char **why);

static fate node_fate(const df_sh_node *n, const df_sh_node *cmd, bool errexit, bool ignored, const char **why)
{
    if (n == cmd)
        return FATE_FAILS;
    switch (n->kind) {
    case DF_SH_PIPELINE:
        if (n->pipeline.bang) {
            *why = "`!` turns its failure into success";
            return FATE_MASKED;
        }
        for (size_t i = 0; i < n->pipeline.n; i++) {
            const df_sh_node *p = n->pipeline.cmds[i];
            if (cmd->span.start < p->span.start || cmd->span.end > p->span.end)
                continue;
            if (i + 1 < n->pipeline.n) {
                *why = "a pipeline's status is its last command's";
                return FATE_MASKED;
            }
            return node_fate(p, cmd, errexit, ignored, why);
        }
        break;
    case DF_SH_SUBSHELL: {
        fate f = list_fate(&n->group.body, cmd, errexit, ignored, why);
        return f == FATE_EXITS ? FATE_FAILS : f;
    }
    case DF_SH_GROUP:
        return list_fate(&n->group.body, cmd, errexit, ignored, why);
    case DF_SH_IF:
        for (size_t i = 0; i < n->if_.n; i++) {
            if (item_holding(&n->if_.clauses[i].cond, cmd) < n->if_.clauses[i].cond.n) {
                *why = "an `if` condition tests it";
                return FATE_MASKED;
            }
            if (item_holding(&n->if_.clauses[i].body, cmd) < n->if_.clauses[i].body.n)
                return list_fate(&n->if_.clauses[i].body, cmd, errexit, ignored, why);
        }
        if (n->if_.has_else)
            return list_fate(&n->if_.else_body, cmd, errexit, ignored, why);
        break;
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        if (item_holding(&n->loop.cond, cmd) < n->loop.cond.n) {
            *why = "a loop condition tests it";
            return FATE_MASKED;
        }
        return list_fate(&n->loop.body, cmd, errexit, ignored, why);
    case DF_SH_FOR:
        return list_fate(&n->for_.body, cmd, errexit, ignored, why);
    case DF_SH_CASE:
        for (size_t i = 0; i < n->case_.n; i++)
            if (item_holding(&n->case_.items[i].body, cmd) < n->case_.items[i].body.n)
                return list_fate(&n->case_.items[i].body, cmd, errexit, ignored, why);
        break;
    default:
        break;
    }
    *why = "it runs in a function";
    return FATE_MASKED;
}

/* What a failure of cmd, somewhere in l, does to l: hidden, l's status, or
 * the shell exits (errexit, `|| exit 1`). */
static fate list_fate(const df_sh_list *l, const df_sh_node *cmd, bool errexit, bool ignored, const char **why)
{
    size_t i = item_holding(l, cmd);
    if (i >= l->n) {
        *why = "it is not found";
        return FATE_MASKED;
    }
    df_sh_op op = l->items[i].op;
    if (op == DF_SH_OP_AMP) {
        *why = "it runs in the background";
        return FATE_MASKED;
    }
    /* errexit is ignored left of && and || (and everywhere inside) */
    fate f = node_fate(l->items[i].node, cmd, errexit, ignored || op == DF_SH_OP_AND || op == DF_SH_OP_OR, why);
    if (f != FATE_FAILS)
        return f;
    size_t failing = i, k = i;
    while (l->items[k].op == DF_SH_OP_AND || l->items[k].op == DF_SH_OP_OR) {
        if (k + 1 >= l->n)
            break;
        if (l->items[k].op == DF_SH_OP_OR) {
            fate g = reraises(l->items[k + 1].node);
            if (g == FATE_EXITS)
                return FATE_EXITS;
            if (g == FATE_MASKED) {
                *why = "the `||` after it handles the failure";
                return FATE_MASKED;
            }
            failing = k + 1;
        }
        k++;
    }
    if (l->items[k].op == DF_SH_OP_AMP) {
        *why = "it runs in the background";
        return FATE_MASKED;
    }
    if (errexit && !ignored && failing == k)
        return FATE_EXITS;
    if (k + 1 >= l->n)
        return FATE_FAILS;
    *why = "the next command runs anyway (`;` or a new line, without `set -e`)";
    return FATE_MASKED;
}

bool df_pm_failure_masked(const df_pm_run *r, const df_pm_call *call, const char **why)
{
    const df_sh_script *s = r->rs.script;
    const char *w = "";
    bool errexit = df_sh_errexit_before(s, call->cmd->span.start) || df_shell_errexit(r->in);
    bool masked = list_fate(&s->list, call->cmd, errexit, false, &w) == FATE_MASKED;
    if (why)
        *why = w;
    return masked;
}

/* ---- does a prompt of apt go unanswered? ----------------------------------- */

/* apt-get's quiet level: -q, -qq, -q=N, --quiet, --quiet=N. */
static long apt_quiet_level(const df_pm_call *call)
{
    long q = 0;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
        if (a.kind == DF_SH_ARG_END)
            break;
        if (a.kind != DF_SH_ARG_FLAG)
            continue;
        const char *w = a.word->value;
        size_t n = a.word->value_len;
        if (n >= 7 && strncmp(w, "--quiet", 7) == 0) {
            q = n > 8 && w[7] == '=' ? strtol(w + 8, NULL, 10) : q + 1;
            continue;
        }
        if (n < 2 || w[0] != '-' || w[1] == '-')
            continue;
        if (n > 3 && w[1] == 'q' && w[2] == '=') {
            q = strtol(w + 3, NULL, 10);
            continue;
        }
        for (size_t i = 1; i < n; i++) {
            if (w[i] == 'q')
                q++;
            else if (strchr(call->spec->short_value ? call->spec->short_value : "", w[i]))
                break;
        }
    }
    return q;
}

bool df_pm_prompt_unanswered(const df_pm_run *r, const df_pm_call *call, const df_pm_cfg *cfg, df_pm_marks *marks)
{
    if (!call->sub || !df_pm_sub_is(call, "prompting") || df_pm_has_flag(call, "yes") ||
        df_pm_has_flag(call, "no_prompt_flags") || apt_quiet_level(call) >= 2)
        return false;
    const df_sh_node *p = call->where.pipeline;
    if (p && p->pipeline.n >= 2 && p->pipeline.cmds[0] != call->cmd)
        return false; /* `yes | apt-get purge x`: the author answers */
    if (df_pm_option_says(r, call, "config_yes", "Assume-Yes"))
        return false;
    return !df_pm_configured_before(r, cfg, marks, call->cmd->span.start);
}

/* ---- the release of a stage's base image --------------------------------- */

static bool in_release_list(const df_fact *list, const char *w, size_t n, bool names_only)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *sv = df_fact_str(v);
        if (sv && strlen(sv) == n && strncmp(sv, w, n) == 0 && (!names_only || strspn(sv, "0123456789.") != n))
            return true;
    }
    return false;
}

int df_pm_on_release(const df_doc *d, size_t stage, const df_fact *yes, const df_fact *no, char *base, size_t cap)
{
    if (stage >= d->nstages)
        return -1;
    size_t si = df_stage_root(d, stage);
    df_imgref ir;
    if (!df_stage_image(d, si, &ir) || ir.var)
        return -1;
    if (base)
        snprintf(base, cap, "%s", ir.full);
    const char *name = strrchr(ir.name, '/') ? strrchr(ir.name, '/') + 1 : ir.name;
    const char *tag = ir.has_tag ? ir.tag : "latest";
    if (strcmp(name, "debian") == 0 || strcmp(name, "ubuntu") == 0) {
        size_t n = strcspn(tag, "-");
        size_t major = strcmp(name, "debian") == 0 ? strspn(tag, "0123456789") : 0;
        if (major && major < n && tag[major] == '.')
            n = major; /* debian:12.5 */
        return in_release_list(yes, tag, n, false) ? 1 : in_release_list(no, tag, n, false) ? 0 : -1;
    }
    for (const char *p = tag; *p;) {
        size_t n = strcspn(p, "-");
        if (in_release_list(yes, p, n, true))
            return 1;
        if (in_release_list(no, p, n, true))
            return 0;
        p += n + (p[n] == '-');
    }
    return -1;
}
