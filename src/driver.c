/*
 * driver.c - rules -> fixes -> new text, to a fixpoint (see driver.h).
 *
 * The loop is where a buggy rule would hurt users, so it is defensive:
 * fixes are edits on the text the rules saw, no-op edits are dropped (a
 * clean file yields no change), fixes that overlap an already chosen one
 * wait for the next round, and the result must parse again. If it does
 * not, or if rules keep changing the text, the input is kept and the
 * rules involved are named (exit 4 at the CLI).
 */
#include "dfopt/driver.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/kb.h"
#include "dfopt/pragma.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

typedef struct {
    df_edit *v;
    size_t n, cap;
} editvec;

/* Index of the first accepted edit whose start >= e->start. */
static size_t lower_bound(const editvec *ev, size_t start)
{
    size_t lo = 0, hi = ev->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev->v[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool conflicts(const editvec *ev, const df_edit *e)
{
    size_t i = lower_bound(ev, e->start);
    /* neighbours on both sides; several edits may share a start */
    for (size_t k = i; k < ev->n && ev->v[k].start <= e->end; k++)
        if (df_edits_overlap(&ev->v[k], e))
            return true;
    for (size_t k = i; k > 0; k--) {
        if (df_edits_overlap(&ev->v[k - 1], e))
            return true;
        if (ev->v[k - 1].end < e->start)
            break;
    }
    return false;
}

static int insert_edit(editvec *ev, const df_edit *e)
{
    if (ev->n == ev->cap) {
        size_t nc = ev->cap ? ev->cap * 2 : 16;
        df_edit *nv = realloc(ev->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        ev->v = nv;
        ev->cap = nc;
    }
    /* after every edit with the same or smaller start: keeps fix order */
    size_t i = ev->n;
    while (i > 0 && ev->v[i - 1].start > e->start)
        i--;
    /* an insertion goes before a replacement starting at the same offset */
    if (e->start == e->end)
        while (i > 0 && ev->v[i - 1].start == e->start && ev->v[i - 1].end > e->start)
            i--;
    memmove(ev->v + i + 1, ev->v + i, (ev->n - i) * sizeof *ev->v);
    ev->v[i] = *e;
    ev->n++;
    return 0;
}

static bool allowed(const df_fix *f, const df_options *o)
{
    return f && (f->applicability == DF_APPLY_SAFE ||
                 (f->applicability == DF_APPLY_UNSAFE && o->unsafe_fixes));
}

typedef struct {
    df_diag *d;
    size_t first; /* first effective edit start */
    size_t order; /* report order: ties keep it, so sorting is stable */
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Choose and apply this round's fixes. Returns the number applied, -1 on
 * out of memory. names gets the ids of the rules whose fixes applied. */
static int apply_round(const char *text, size_t len, df_diags *dg, size_t from, const df_options *o,
                       df_buf *out, char *names, size_t nameslen)
{
    size_t nc = 0;
    cand *cs = malloc((dg->n - from + 1) * sizeof *cs);
    if (!cs)
        return -1;
    for (size_t i = from; i < dg->n; i++) {
        df_diag *d = dg->v[i];
        if (!allowed(d->fix, o))
            continue;
        size_t first = SIZE_MAX;
        for (size_t k = 0; k < d->fix->nedits; k++)
            if (!df_edit_is_noop(text, &d->fix->edits[k]) && d->fix->edits[k].start < first)
                first = d->fix->edits[k].start;
        if (first == SIZE_MAX)
            continue; /* nothing would change */
        cs[nc].d = d;
        cs[nc].first = first;
        cs[nc].order = nc;
        nc++;
    }
    qsort(cs, nc, sizeof *cs, cand_cmp);
    editvec acc = {0};
    int applied = 0;
    names[0] = '\0';
    for (size_t i = 0; i < nc; i++) {
        df_fix *f = cs[i].d->fix;
        bool ok = true;
        for (size_t k = 0; k < f->nedits && ok; k++)
            if (!df_edit_is_noop(text, &f->edits[k]) && conflicts(&acc, &f->edits[k]))
                ok = false;
        if (!ok)
            continue;
        for (size_t k = 0; k < f->nedits; k++) {
            if (df_edit_is_noop(text, &f->edits[k]))
                continue;
            if (insert_edit(&acc, &f->edits[k]) < 0) {
                free(acc.v);
                free(cs);
                return -1;
            }
        }
        cs[i].d->applied = true;
        applied++;
        const char *id = cs[i].d->rule->id;
        if (!strstr(names, id) && strlen(names) + strlen(id) + 3 < nameslen) {
            if (names[0])
                strcat(names, ", ");
            strcat(names, id);
        }
    }
    int r = applied;
    if (applied && df_edit_apply(text, len, acc.v, acc.n, out) < 0)
        r = -1;
    free(acc.v);
    free(cs);
    return r;
}

static void run_rules(const df_doc *doc, const df_source *src, const df_options *o, const char *ctxdir,
                      const df_kb *kb, const df_rule *const *rules, size_t nrules, unsigned round, df_diags *dg)
{
    df_pragmas pr;
    bool have_pragmas = df_pragmas_scan(doc, &pr) == 0;
    df_runsh_cache scripts;
    bool have_scripts = df_runsh_cache_init(&scripts, doc->arena, doc->ninstrs) == 0;
    for (size_t i = 0; i < nrules; i++) {
        if (i < DF_MAX_RULES && !o->enabled[i])
            continue;
        df_ctx c;
        memset(&c, 0, sizeof c);
        c.doc = doc;
        c.src = src;
        c.rule = rules[i];
        c.opts = o;
        c.context_dir = ctxdir;
        c.kb = kb;
        c.scripts = have_scripts ? &scripts : NULL;
        c.out = dg;
        c.round = round;
        size_t before = dg->n;
        rules[i]->check(&c);
        /* drop what the author silenced; stamp the round */
        size_t w = before;
        for (size_t k = before; k < dg->n; k++) {
            df_diag *d = dg->v[k];
            d->rule = rules[i];
            d->round = round;
            if (have_pragmas && df_pragmas_silence(&pr, doc, rules[i], d->span.start))
                continue;
            dg->v[w++] = d;
        }
        dg->n = w;
    }
}

int df_run_with_rules(const char *path, const char *text, size_t len, const df_options *opts,
                      const char *context_dir, const df_rule *const *rules, size_t nrules,
                      df_run_result *res)
{
    memset(res, 0, sizeof *res);
    if (df_diags_init(&res->diags) < 0) {
        res->status = DF_RUN_NOMEM;
        return -1;
    }
    df_buf cur = DF_BUF_INIT;
    if (df_buf_add(&cur, text, len) < 0) {
        res->status = DF_RUN_NOMEM;
        return -1;
    }
    char names[256] = "";
    df_kb *own_kb = NULL;
    const df_kb *kb = opts->kb;
    if (!kb) {
        char kerr[256];
        kb = own_kb = df_kb_new(kerr, sizeof kerr);
        if (!kb) {
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message, "%s", kerr);
            df_buf_release(&cur);
            return -1;
        }
    }
    for (unsigned round = 0;; round++) {
        df_source src;
        if (df_source_init(&src, path, cur.data, cur.len) < 0) {
            res->status = DF_RUN_NOMEM;
            break;
        }
        df_parse_error perr;
        memset(&perr, 0, sizeof perr);
        df_doc *doc = df_parse(&src, &perr);
        if (!doc) {
            df_source_release(&src);
            if (round == 0) {
                res->status = DF_RUN_PARSE;
                res->perr = perr;
            } else {
                res->status = DF_RUN_INTERNAL;
                snprintf(res->message, sizeof res->message,
                         "the fix of %s made the file unparseable (line %zu: %.200s); the file is left as it was",
                         names, perr.line, perr.message);
            }
            break;
        }
        df_doc_mark_windows(doc, kb);
        const char *bad = df_doc_check(doc);
        if (bad) {
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message, "parser invariant broken: %s", bad);
            df_doc_free(doc);
            df_source_release(&src);
            break;
        }
        size_t from = res->diags.n;
        run_rules(doc, &src, opts, context_dir, kb, rules, nrules, round, &res->diags);
        df_buf next = DF_BUF_INIT;
        int n = apply_round(cur.data, cur.len, &res->diags, from, opts, &next, names, sizeof names);
        res->work += df_arena_used(doc->arena);
        df_doc_free(doc);
        df_source_release(&src);
        res->rounds = round + 1;
        if (n < 0) {
            df_buf_release(&next);
            res->status = DF_RUN_NOMEM;
            break;
        }
        if (n == 0) {
            df_buf_release(&next);
            res->status = DF_RUN_OK;
            break;
        }
        if (round + 1 >= DF_MAX_ROUNDS) {
            df_buf_release(&next);
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message,
                     "fixes did not converge after %d rounds (still changing: %s); the file is left as it was",
                     DF_MAX_ROUNDS, names);
            break;
        }
        df_buf_release(&cur);
        cur = next;
    }
    df_kb_free(own_kb);
    /* keep round-0 findings and later rounds' applied fixes */
    size_t w = 0;
    for (size_t k = 0; k < res->diags.n; k++) {
        df_diag *d = res->diags.v[k];
        if (d->round == 0 || d->applied)
            res->diags.v[w++] = d;
    }
    res->diags.n = w;
    if (res->status == DF_RUN_OK) {
        res->output = cur;
        res->changed = cur.len != len || memcmp(cur.data ? cur.data : "", text, len) != 0;
    } else {
        df_buf_release(&cur);
        for (size_t k = 0; k < res->diags.n; k++)
            res->diags.v[k]->applied = false;
        if (df_buf_add(&res->output, text, len) < 0 && res->status == DF_RUN_OK)
            res->status = DF_RUN_NOMEM;
        res->changed = false;
    }
    return res->status == DF_RUN_OK ? 0 : -1;
}

int df_run(const char *path, const char *text, size_t len, const df_options *opts, const char *context_dir,
           df_run_result *res)
{
    return df_run_with_rules(path, text, len, opts, context_dir, df_rules, df_nrules, res);
}

void df_run_result_release(df_run_result *res)
{
    df_buf_release(&res->output);
    df_diags_release(&res->diags);
}
