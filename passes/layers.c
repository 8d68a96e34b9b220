/*
 * layers.c - joining adjacent RUNs (see layers.h for the conditions).
 */
#include <stdint.h>
#include <string.h>

#include "dfopt/buf.h"
#include "dfopt/facts.h"
#include "dfopt/pragma.h"
#include "layers.h"

struct df_layers {
    const df_doc *doc;
    df_runsh_cache *scripts;
    df_diags *out;
    df_layer_run *runs;   /* [ninstrs] */
    unsigned char *state; /* 0 not read, 1 a joinable RUN, 2 not one */
    df_pragmas pr;
    bool have_pr;
    size_t *reach;        /* see reach(), NULL until asked */
};

df_layers *df_layers_of(df_ctx *c)
{
    df_runsh_cache *sc = c->scripts;
    if (sc && sc->layers)
        return sc->layers;
    df_arena *a = c->doc->arena;
    size_t n = c->doc->ninstrs;
    df_layers *L = df_arena_alloc(a, sizeof *L);
    if (!L)
        return NULL;
    L->doc = c->doc;
    L->scripts = sc;
    L->out = c->out;
    /* not cleared: an entry is written (df_layers_run) before its state
     * says so, and an entry is some 200 bytes (clearing one per instruction was
     * 0.8 % of the corpus run) */
    L->runs = df_arena_alloc_uninit(a, (n ? n : 1) * sizeof *L->runs);
    L->state = df_arena_alloc(a, n ? n : 1);
    if (!L->runs || !L->state)
        return NULL;
    L->have_pr = df_pragmas_of(c, &L->pr) == 0;
    if (sc)
        sc->layers = L;
    return L;
}

/* ---- what a script does to the shell ----------------------------------- */

/* What a command name means to a join: a builtin whose effect outlives the
 * command (the next command of the same shell sees it), or a command that
 * starts a process meant to outlive it. */
#define NAME_LEAKS 1u
#define NAME_DAEMON 2u

typedef struct {
    char s[18];         /* the longest name and its NUL, in the entry: no
                         * pointer to follow per entry */
    unsigned char kind; /* NAME_* */
} name_kind;

#define L(x) {x, NAME_LEAKS}
#define D(x) {x, NAME_DAEMON}

/* Every name of both kinds, in one table per length (in byte order):
 * the length picks the table, whose names are few and most differ at
 * their first byte (the layer rules ask it of every command of every RUN:
 * two searches of two lists by strcmp order were 0.7 % of the corpus run
 * and 1.8 % of the 50,000-line apt file, then a bisection of all names in
 * one table, decided by the length for most of its steps, 1.2 % of the
 * latter). test_df001's test_every_leaker_and_daemon asks every entry. */
static const name_kind names1[] = {L(".")};
static const name_kind names2[] = {L("cd")};
static const name_kind names3[] = {L("let"), L("set")};
static const name_kind names4[] = {L("eval"), L("exec"), L("exit"), L("hash"), L("popd"), L("read"), L("trap")};
static const name_kind names5[] = {L("alias"), L("chdir"), L("local"), D("nohup"), L("pushd"),
                                   L("shift"), L("shopt"), L("umask"), L("unset")};
static const name_kind names6[] = {L("disown"), L("enable"), L("export"), L("newgrp"), L("return"),
                                   L("setopt"), D("setsid"), L("source"), L("ulimit")};
static const name_kind names7[] = {L("builtin"), L("declare"), L("emulate"), L("getopts"),
                                   L("mapfile"), D("service"), L("typeset"), L("unalias")};
static const name_kind names8[] = {L("readonly"), L("unsetopt")};
static const name_kind names9[] = {D("daemonize"), L("readarray"), D("systemctl")};
static const name_kind names10[] = {D("rc-service")};
static const name_kind names17[] = {D("start-stop-daemon")};

#undef L
#undef D

#define NAMES(t) {t, sizeof t / sizeof t[0]}
static const struct {
    const name_kind *v;
    size_t n;
} names_of_len[] = {
    {NULL, 0}, NAMES(names1), NAMES(names2), NAMES(names3), NAMES(names4), NAMES(names5),
    NAMES(names6), NAMES(names7), NAMES(names8), NAMES(names9), NAMES(names10),
    {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}, NAMES(names17),
};
#undef NAMES

/* NAME_* bits of w's literal value (0: neither, or not a literal). */
static unsigned name_kind_of(const df_sh_word *w)
{
    if (w->flags & DF_SH_W_EXPANSION)
        return 0;
    size_t n = w->value_len;
    if (n >= sizeof names_of_len / sizeof names_of_len[0])
        return 0;
    const char *b = w->value;
    const name_kind *v = names_of_len[n].v;
    for (size_t i = 0; i < names_of_len[n].n; i++)
        if (v[i].s[0] == b[0] && memcmp(v[i].s, b, n) == 0)
            return v[i].kind;
    return 0;
}

/* Does option word w (of `set`, or of a SHELL command line) turn errexit
 * on: -e, -eux, -xe...? (+e turns it off; counted as possible anyway.) */
static bool errexit_cluster(const char *v, size_t n)
{
    if (n < 2 || (v[0] != '-' && v[0] != '+') || v[1] == '-')
        return false;
    return memchr(v + 1, 'e', n - 1) != NULL;
}

typedef struct {
    const char *leak;
    const char *daemon;
    bool amp;
    bool errexit;
} facts;

static void scan_list(const df_sh_list *l, bool leaking, facts *f);

static void scan_simple(const df_sh_node *n, bool leaking, facts *f)
{
    df_sh_view v;
    if (df_sh_command_view(n, &v) < 0)
        return;
    for (size_t i = 0; i < v.name_index && i < n->simple.nwords; i++)
        if ((name_kind_of(&n->simple.words[i]) & NAME_DAEMON) && !f->daemon)
            f->daemon = n->simple.words[i].value;
    if (!v.name) {
        if (leaking && n->simple.nassigns && !f->leak)
            f->leak = "a variable assignment";
        return;
    }
    if (v.name->flags & DF_SH_W_EXPANSION) {
        if (leaking && !f->leak)
            f->leak = "a command named by an expansion";
        return;
    }
    unsigned kind = name_kind_of(v.name);
    if (leaking && !f->leak && (kind & NAME_LEAKS))
        f->leak = v.name->value;
    if (leaking && !f->leak && df_sh_word_is(v.name, "printf"))
        for (size_t i = 0; i < v.nargs; i++)
            if (df_sh_word_is(&v.args[i], "-v"))
                f->leak = "printf -v";
    if (!f->daemon && ((kind & NAME_DAEMON) ||
                       (v.name->value_len > 12 && memcmp(v.name->value, "/etc/init.d/", 12) == 0)))
        f->daemon = v.name->value;
    if (df_sh_word_is(v.name, "set"))
        for (size_t i = 0; i < v.nargs; i++) {
            const df_sh_word *w = &v.args[i];
            if (errexit_cluster(w->value, w->value_len) || df_sh_word_is(w, "errexit"))
                f->errexit = true;
        }
}

static void scan_node(const df_sh_node *n, bool leaking, facts *f)
{
    switch (n->kind) {
    case DF_SH_SIMPLE:
        scan_simple(n, leaking, f);
        break;
    case DF_SH_PIPELINE:
        for (size_t i = 0; i < n->pipeline.n; i++)
            scan_node(n->pipeline.cmds[i], leaking && n->pipeline.n == 1, f);
        break;
    case DF_SH_SUBSHELL:
        scan_list(&n->group.body, false, f);
        break;
    case DF_SH_GROUP:
        scan_list(&n->group.body, leaking, f);
        break;
    case DF_SH_IF:
        for (size_t i = 0; i < n->if_.n; i++) {
            scan_list(&n->if_.clauses[i].cond, leaking, f);
            scan_list(&n->if_.clauses[i].body, leaking, f);
        }
        scan_list(&n->if_.else_body, leaking, f);
        break;
    case DF_SH_FOR:
        if (leaking && !f->leak)
            f->leak = "a for loop variable";
        scan_list(&n->for_.body, leaking, f);
        break;
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        scan_list(&n->loop.cond, leaking, f);
        scan_list(&n->loop.body, leaking, f);
        break;
    case DF_SH_CASE:
        for (size_t i = 0; i < n->case_.n; i++)
            scan_list(&n->case_.items[i].body, leaking, f);
        break;
    case DF_SH_FUNCTION:
        if (leaking && !f->leak)
            f->leak = "a function definition";
        if (n->func.body)
            scan_node(n->func.body, false, f);
        break;
    }
}

static void scan_list(const df_sh_list *l, bool leaking, facts *f)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->items[i].op == DF_SH_OP_AMP)
            f->amp = true;
        scan_node(l->items[i].node, leaking, f);
    }
}

bool df_shell_errexit(const df_instr *in)
{
    const df_instr *x = in->shell;
    if (!x || !x->json)
        return false;
    for (size_t i = 1; i < x->nargs; i++) {
        const df_word *w = &x->args[i];
        if (errexit_cluster(w->value, w->len) || (w->len == 7 && memcmp(w->value, "errexit", 7) == 0))
            return true;
    }
    return false;
}

static bool simple_items(const df_sh_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const df_sh_node *n = l->items[i].node;
        if (n->kind == DF_SH_PIPELINE) {
            for (size_t k = 0; k < n->pipeline.n; k++)
                if (n->pipeline.cmds[k]->kind != DF_SH_SIMPLE)
                    return false;
        } else if (n->kind != DF_SH_SIMPLE) {
            return false;
        }
    }
    return true;
}

static bool and_chain(const df_sh_list *l)
{
    for (size_t i = 0; i + 1 < l->n; i++)
        if (l->items[i].op != DF_SH_OP_AND)
            return false;
    df_sh_op last = l->items[l->n - 1].op;
    return last == DF_SH_OP_NONE || last == DF_SH_OP_SEMI;
}

/* Is the text after the last command only blanks, a `;`, continuations,
 * blank and comment lines? (A shell comment after it would swallow `&&`.) */
static bool clean_tail(const df_doc *d, size_t from, size_t to)
{
    const char *t = d->src->text;
    bool first = true;
    size_t i = from;
    while (i < to) {
        size_t e = i;
        while (e < to && t[e] != '\n')
            e++;
        size_t j = i;
        while (j < e && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (!first && j < e && t[j] == '#') {
            i = e + 1;
            continue;
        }
        for (; j < e; j++) {
            char ch = t[j];
            if (ch == ' ' || ch == '\t' || (first && ch == ';'))
                continue;
            if (ch == '\r' && j + 1 == e)
                continue;
            if (ch == d->escape) {
                size_t k = j + 1;
                while (k < e && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r'))
                    k++;
                if (k == e)
                    break;
            }
            return false;
        }
        first = false;
        i = e + 1;
    }
    return true;
}

bool df_same_flags(const df_instr *a, const df_instr *b)
{
    if (a->cmd == DF_CMD_ONBUILD && a->sub)
        a = a->sub;
    if (b->cmd == DF_CMD_ONBUILD && b->sub)
        b = b->sub;
    if (a->nflags != b->nflags)
        return false;
    for (size_t i = 0; i < a->nflags; i++)
        if (a->flags[i].len != b->flags[i].len || memcmp(a->flags[i].value, b->flags[i].value, a->flags[i].len) != 0)
            return false;
    return true;
}

const df_layer_run *df_layers_run(df_layers *L, size_t index)
{
    const df_doc *d = L->doc;
    df_runsh_work(L->scripts, 1);
    if (index >= d->ninstrs || L->state[index] == 2)
        return NULL;
    df_layer_run *r = &L->runs[index];
    if (L->state[index] == 1)
        return r;
    L->state[index] = 2;
    const df_instr *in = d->instrs[index];
    if (in->cmd != DF_CMD_RUN || in->stage >= d->nstages)
        return NULL;
    memset(r, 0, sizeof *r);
    r->in = in;
    if (df_runsh_cached(L->scripts, d->arena, d, in, &r->rs) < 0 || !r->rs.script)
        return NULL;
    const df_sh_list *l = &r->rs.script->list;
    if (l->n == 0)
        return NULL;
    df_runsh_style(d, &r->rs, &r->st);
    L->state[index] = 1;
    r->ships = d->stages[in->stage].ships;
    r->pragma = L->have_pr && L->pr.per_instr && L->pr.per_instr[index];
    facts f = {0};
    scan_list(l, true, &f);
    r->leak = f.leak;
    r->daemon = f.daemon;
    r->errexit = f.errexit || df_shell_errexit(in);
    r->simple_items = simple_items(l);
    r->and_chain = and_chain(l);
    size_t s = l->items[0].node->span.start;
    size_t e = l->items[l->n - 1].node->span.end;
    r->first = df_runsh_src(&r->rs, s);
    r->last = df_runsh_src(&r->rs, e - 1) + 1;
    if (in->nheredocs)
        r->never = "it has a heredoc";
    else if (f.amp)
        r->never = "it runs a command in the background (&)";
    else if (!clean_tail(d, r->last, in->span.end))
        r->never = "a comment or other text follows its last command";
    return r;
}

typedef enum { WRAP_NONE, WRAP_BRACE, WRAP_SUBSHELL } wrap;

/* How Ri is wrapped at position i of a chain of n. */
static wrap wrap_of(const df_layer_run *r, size_t i, size_t n)
{
    if (i + 1 < n && r->leak)
        return WRAP_SUBSHELL;
    if (i > 0 && !r->and_chain)
        return WRAP_BRACE;
    return WRAP_NONE;
}

/* join_why for a pair; a_first: a is the first RUN of the chain. */
static const char *pair_why(const df_layer_run *a, const df_layer_run *b, bool a_first)
{
    if (b->in->index != a->in->index + 1 || b->in->stage != a->in->stage)
        return "they are not adjacent instructions of one stage";
    if (a->never)
        return a->never;
    if (b->never)
        return b->never;
    if (a->pragma || b->pragma)
        return "an ignore comment applies to one of them alone";
    if (!df_same_flags(a->in, b->in))
        return "their flags differ (a --mount or --network must not spread to another command)";
    if (a->daemon)
        return "the first starts a service that would keep running in the joined RUN";
    if (a->errexit) {
        /* errexit is ignored left of && and in a group that is not last */
        if (a->leak)
            return "errexit is on and the first changes shell state (it would need a subshell)";
        if (!a->simple_items)
            return "errexit is on and the first has compound commands";
        if (!a_first && !a->and_chain)
            return "errexit is on and a RUN in the middle is not one && chain";
    }
    return NULL;
}

const char *df_layers_join_why(const df_layer_run *first, const df_layer_run *a, const df_layer_run *b)
{
    return pair_why(a, b, a == first);
}

/* reach[i]: the last instruction a chain that passes through RUN i (not as
 * its first) can extend to. Computed once, backwards: linear. */
static const size_t *reach(df_layers *L)
{
    if (L->reach)
        return L->reach;
    size_t n = L->doc->ninstrs;
    size_t *rc = df_arena_alloc(L->doc->arena, (n ? n : 1) * sizeof *rc);
    if (!rc)
        return NULL;
    for (size_t i = n; i-- > 0;) {
        const df_layer_run *r = df_layers_run(L, i), *nx = i + 1 < n ? df_layers_run(L, i + 1) : NULL;
        rc[i] = r && nx && !pair_why(r, nx, false) ? rc[i + 1] : i;
    }
    L->reach = rc;
    return rc;
}

size_t *df_layers_mark(df_layers *L, bool (*pred)(const df_layer_run *r, void *user), void *user)
{
    size_t n = L->doc->ninstrs;
    size_t *next = df_arena_alloc(L->doc->arena, (n + 1) * sizeof *next);
    if (!next)
        return NULL;
    next[n] = n;
    for (size_t i = n; i-- > 0;) {
        const df_layer_run *r = df_layers_run(L, i);
        next[i] = r && pred(r, user) ? i : next[i + 1];
    }
    return next;
}

const df_layer_run *df_layers_find_marked(df_layers *L, const df_layer_run *a, const size_t *next)
{
    size_t i = a->in->index + 1;
    const df_layer_run *b = df_layers_run(L, i);
    if (!b || pair_why(a, b, true))
        return NULL;
    const size_t *rc = reach(L);
    if (!rc) { /* out of memory: the slow way */
        const df_layer_run *prev = b;
        for (size_t j = i; j < L->doc->ninstrs; j++) {
            const df_layer_run *r = df_layers_run(L, j);
            if (!r || (j > i && pair_why(prev, r, false)))
                return NULL;
            if (next[j] == j)
                return r;
            prev = r;
        }
        return NULL;
    }
    return next[i] <= rc[i] ? df_layers_run(L, next[i]) : NULL;
}

const df_layer_run *df_layers_find_after(df_layers *L, const df_layer_run *a,
                                         bool (*pred)(const df_layer_run *r, void *user), void *user)
{
    const df_layer_run *prev = a;
    for (size_t i = a->in->index + 1; i < L->doc->ninstrs; i++) {
        const df_layer_run *r = df_layers_run(L, i);
        if (!r || df_layers_join_why(a, prev, r))
            return NULL;
        if (pred(r, user))
            return r;
        prev = r;
    }
    return NULL;
}

/* The text that joins a (ending at a->last) to b (starting at b->first):
 * `&&`, a continuation, the comment lines in between, the indentation. */
static int join_text(const df_doc *d, const df_runstyle *st, const df_layer_run *a, const df_layer_run *b, df_buf *out)
{
    const char *t = d->src->text;
    char esc = d->escape;
    int rc = st->leading_ops ? df_buf_printf(out, " %c%s", esc, st->eol)
                             : df_buf_printf(out, " &&%s%c%s", st->and_gap, esc, st->eol);
    size_t i = a->last;
    while (i < d->src->len && t[i] != '\n')
        i++;
    i++;
    while (rc == 0 && i < b->first) {
        size_t e = i;
        while (e < b->first && t[e] != '\n')
            e++;
        size_t j = i;
        while (j < e && (t[j] == ' ' || t[j] == '\t'))
            j++;
        if (j < e && t[j] == '#' && e < b->first) /* a whole comment line */
            rc = df_buf_add(out, t + i, e + 1 - i);
        i = e + 1;
    }
    if (rc == 0)
        rc = df_buf_addstr(out, st->indent);
    if (rc == 0 && st->leading_ops)
        rc = df_buf_addstr(out, "&& ");
    return rc;
}

int df_layers_join_edits(df_layers *L, df_diag *d, const df_layer_run *const *runs, size_t n)
{
    const df_doc *doc = L->doc;
    /* the style of the first multi-line RUN of the chain, else the first's */
    const df_runstyle *st = &runs[0]->st;
    for (size_t i = 0; i < n; i++)
        if (runs[i]->st.multiline) {
            st = &runs[i]->st;
            break;
        }
    df_buf t = DF_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const df_layer_run *r = runs[i];
        wrap w = wrap_of(r, i, n);
        if (w != WRAP_NONE) {
            const char *open = w == WRAP_SUBSHELL ? "( " : "{ ";
            const char *close = w == WRAP_SUBSHELL ? " )" : "; }";
            rc = df_fix_add_edit(L->out, d, r->first, r->first, open, 2);
            if (rc == 0)
                rc = df_fix_add_edit(L->out, d, r->last, r->last, close, strlen(close));
        }
        if (rc == 0 && i + 1 < n) {
            df_buf_clear(&t);
            rc = join_text(doc, st, r, runs[i + 1], &t);
            if (rc == 0)
                rc = df_fix_add_edit(L->out, d, r->last, runs[i + 1]->first, t.data, t.len);
        }
    }
    if (rc != 0) {
        /* never half a join; out of memory is said by the arena (the
         * driver reports it), whichever allocation failed */
        d->fix = NULL;
        if (t.failed)
            df_arena_note_failure(doc->arena);
    }
    df_buf_release(&t);
    return rc;
}

void df_layers_intent_init(df_intent_scan *is)
{
    is->ready = false;
    is->scanned = 0;
    is->found = SIZE_MAX;
}

bool df_layers_intent_before(const df_ctx *c, df_intent_scan *is, size_t pos)
{
    if (!is->ready) {
        df_kb_phrases_init(&is->phrases,
                           df_fact_get(df_fact_get(df_facts_root(DF_FACTS_PM), "layer_intent_comments"), "phrases"));
        is->ready = true;
    }
    const char *t = c->src->text;
    size_t n = c->src->len;
    while (is->found == SIZE_MAX && is->scanned < pos && is->scanned < n) {
        size_t ls = is->scanned;
        const char *nl = memchr(t + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k < le && t[k] == '#' && df_kb_phrases_in(&is->phrases, t + k, le - k))
            is->found = ls;
        df_runsh_work(c->scripts, le + 1 - ls);
        is->scanned = le + 1;
    }
    return is->found < pos;
}
