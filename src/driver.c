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
#include "dfopt/origin.h"
#include "dfopt/pragma.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

typedef struct {
    df_edit *v;
    size_t *owner; /* the candidate each edit comes from (origin.h's moves) */
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

static int insert_edit(editvec *ev, const df_edit *e, size_t owner)
{
    if (ev->n == ev->cap) {
        size_t nc = ev->cap ? ev->cap * 2 : 16;
        df_edit *nv = realloc(ev->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        ev->v = nv;
        size_t *no = realloc(ev->owner, nc * sizeof *no);
        if (!no)
            return -1;
        ev->owner = no;
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
    memmove(ev->owner + i + 1, ev->owner + i, (ev->n - i) * sizeof *ev->owner);
    ev->v[i] = *e;
    ev->owner[i] = owner;
    ev->n++;
    return 0;
}

static bool applies(df_applicability a, const df_options *o)
{
    return a == DF_APPLY_SAFE || (a == DF_APPLY_UNSAFE && o->unsafe_fixes);
}

static bool allowed(const df_fix *f, const df_options *o)
{
    return f && applies(f->applicability, o);
}

/* Sort v[0..n) (elements of sz bytes) by cmp, which must be a strict
 * total order (no two elements compare equal): the result is then the one
 * qsort gives. The driver's lists (fix candidates, waiting findings) are a
 * few ascending runs, one per rule that reported (a rule reports in file
 * order): merging neighbouring runs until one is left costs O(n log r) for
 * r runs, where qsort costs O(n log n) (15 M instructions for the 25,000
 * findings of the 50,000-line bench file). Returns 0, or -1 when out of
 * memory (v unchanged). */
static int sort_runs(void *v, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
    char *a = v;
    size_t first = 1; /* the end of the first run */
    while (first < n && cmp(a + (first - 1) * sz, a + first * sz) < 0)
        first++;
    if (first >= n)
        return 0; /* in order already (often: one rule, or a few fixes) */
    /* a short list (most files) is sorted on the stack: no malloc */
    enum { LOCAL_N = 32, LOCAL_SZ = 32 };
    size_t runs_local[LOCAL_N + 1];
    char tmp_local[LOCAL_N * LOCAL_SZ];
    bool local = n <= LOCAL_N && sz <= LOCAL_SZ;
    size_t nruns = 0;
    size_t *runs = local ? runs_local : malloc((n + 1) * sizeof *runs); /* run k: [runs[k], runs[k+1]) */
    char *tmp = local ? tmp_local : runs ? malloc(n * sz) : NULL;
    if (!tmp) {
        free(runs);
        return -1;
    }
    runs[nruns++] = 0;
    runs[nruns++] = first;
    for (size_t i = first + 1; i < n; i++)
        if (cmp(a + (i - 1) * sz, a + i * sz) > 0)
            runs[nruns++] = i;
    runs[nruns] = n;
    char *src = a, *dst = tmp;
    while (nruns > 1) {
        size_t w = 0;
        for (size_t k = 0; k < nruns; k += 2) {
            size_t lo = runs[k], mid = runs[k + 1], hi = k + 2 <= nruns ? runs[k + 2] : mid;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {
                if (cmp(src + j * sz, src + i * sz) < 0)
                    memcpy(dst + o++ * sz, src + j++ * sz, sz);
                else
                    memcpy(dst + o++ * sz, src + i++ * sz, sz);
            }
            memcpy(dst + o * sz, src + i * sz, (mid - i) * sz);
            o += mid - i;
            memcpy(dst + o * sz, src + j * sz, (hi - j) * sz);
            runs[w++] = lo;
        }
        runs[w] = n;
        nruns = w;
        char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sz);
    if (!local) {
        free(tmp);
        free(runs);
    }
    return 0;
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

/* Is id one of the comma-separated ids in names? */
static bool named(const df_buf *names, const char *id)
{
    size_t k = strlen(id);
    for (const char *p = names->data; p && (p = strstr(p, id)) != NULL; p += k)
        if ((p == names->data || p[-1] == ' ') && (p[k] == ',' || p[k] == '\0'))
            return true;
    return false;
}

/* ---- self-check of every rewrite ------------------------------------------
 *
 * Before a rewrite is kept, what no rule may change is compared:
 *  - per round: every instruction that no accepted edit touches (overlaps
 *    or abuts) is in the new text byte for byte, at its shifted offset;
 *  - against the input, after each round: the number of stages, their
 *    names, the COPY --from references of each stage (as a multiset), and
 *    every flag of each stage (the new text may add flags, never drop one).
 * A violation is an internal error naming the round's rules. */

/* Instructions untouched by edits acc[0..n) (sorted, non-overlapping) must
 * appear unchanged in out. Returns NULL, or the first such instruction. */
static const df_instr *untouched_changed(const df_doc *doc, const char *text, const df_edit *acc, size_t n,
                                         const df_buf *out)
{
    size_t k = 0;
    long long shift = 0;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const df_instr *in = doc->instrs[i];
        while (k < n && acc[k].end < in->span.start) {
            shift += (long long)acc[k].len - (long long)(acc[k].end - acc[k].start);
            k++;
        }
        if (k < n && acc[k].start <= in->span.end)
            continue; /* touched */
        long long at = (long long)in->span.start + shift;
        size_t len = in->span.end - in->span.start;
        if (at < 0 || (size_t)at + len > out->len || memcmp(out->data + at, text + in->span.start, len) != 0)
            return in;
    }
    return NULL;
}

typedef struct {
    df_buf shape; /* "stages N", then per stage its name and sorted --from refs */
    char **flags; /* "stage\tflag", sorted, unique */
    size_t nflags;
} doc_shape;

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void shape_release(doc_shape *sh)
{
    df_buf_release(&sh->shape);
    for (size_t i = 0; i < sh->nflags; i++)
        free(sh->flags[i]);
    free(sh->flags);
    memset(sh, 0, sizeof *sh);
}

/* Sort lines v[from..n) and append them to out. */
static int add_sorted(df_buf *out, char **v, size_t from, size_t n)
{
    qsort(v + from, n - from, sizeof *v, cmp_strp);
    for (size_t i = from; i < n; i++)
        if (df_buf_addstr(out, v[i]) < 0 || df_buf_addch(out, '\n') < 0)
            return -1;
    return 0;
}

/* "%zu" of n and the byte end, without the printf machinery (one per
 * flag per round) */
static int add_size(df_buf *b, size_t n, char end)
{
    char d[24];
    size_t i = sizeof d;
    d[--i] = end;
    do {
        d[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    return df_buf_add(b, d + i, sizeof d - i);
}

static int shape_of(const df_doc *doc, doc_shape *sh)
{
    memset(sh, 0, sizeof *sh);
    size_t nf = 0, nc = 0;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        nf += doc->instrs[i]->nflags;
        nc += doc->instrs[i]->cmd == DF_CMD_COPY;
    }
    char **refs = calloc(nc + 1, sizeof *refs);
    sh->flags = calloc(nf + 1, sizeof *sh->flags);
    int rc = refs && sh->flags ? 0 : -1;
    if (rc == 0)
        rc = df_buf_addstr(&sh->shape, "stages ") < 0 || add_size(&sh->shape, doc->nstages, '\n') < 0 ? -1 : 0;
    size_t nrefs = 0, stage_refs = 0;
    size_t cur = SIZE_MAX;
    for (size_t i = 0; rc == 0 && i < doc->ninstrs; i++) {
        const df_instr *in = doc->instrs[i];
        if (in->stage != cur) {
            if (add_sorted(&sh->shape, refs, stage_refs, nrefs) < 0)
                rc = -1;
            stage_refs = nrefs;
            cur = in->stage;
            if (cur != SIZE_MAX && cur < doc->nstages &&
                (df_buf_addstr(&sh->shape, "stage ") < 0 ||
                 df_buf_addstr(&sh->shape, doc->stages[cur].name ? doc->stages[cur].name : "-") < 0 ||
                 df_buf_addch(&sh->shape, '\n') < 0))
                rc = -1;
        }
        for (size_t f = 0; rc == 0 && f < in->nflags; f++) {
            df_buf b = DF_BUF_INIT;
            if (add_size(&b, in->stage, '\t') < 0 || df_buf_add(&b, in->flags[f].value, in->flags[f].len) < 0) {
                df_buf_release(&b);
                rc = -1;
                break;
            }
            sh->flags[sh->nflags++] = df_buf_detach(&b, NULL);
            if (in->cmd == DF_CMD_COPY && in->flags[f].len > 7 && memcmp(in->flags[f].value, "--from=", 7) == 0)
                refs[nrefs++] = strndup(in->flags[f].value, in->flags[f].len);
        }
        if (rc == 0 && ((nrefs && !refs[nrefs - 1]) || (sh->nflags && !sh->flags[sh->nflags - 1])))
            rc = -1;
    }
    if (rc == 0 && add_sorted(&sh->shape, refs, stage_refs, nrefs) < 0)
        rc = -1;
    for (size_t i = 0; refs && i < nrefs; i++)
        free(refs[i]);
    free(refs);
    if (rc == 0 && sh->nflags) {
        qsort(sh->flags, sh->nflags, sizeof *sh->flags, cmp_strp);
        size_t w = 1;
        for (size_t i = 1; i < sh->nflags; i++) {
            if (strcmp(sh->flags[i], sh->flags[w - 1]) == 0)
                free(sh->flags[i]);
            else
                sh->flags[w++] = sh->flags[i];
        }
        sh->nflags = w;
    }
    if (rc < 0)
        shape_release(sh);
    return rc;
}

/* What the rewrite lost, or NULL: was (the input) against now. */
static const char *shape_lost(const doc_shape *was, const doc_shape *now, char *why, size_t whylen)
{
    if (was->shape.len != now->shape.len || memcmp(was->shape.data, now->shape.data, was->shape.len) != 0) {
        snprintf(why, whylen, "the stages (count, names or COPY --from references) changed");
        return why;
    }
    size_t j = 0;
    for (size_t i = 0; i < was->nflags; i++) {
        while (j < now->nflags && strcmp(now->flags[j], was->flags[i]) < 0)
            j++;
        if (j == now->nflags || strcmp(now->flags[j], was->flags[i]) != 0) {
            const char *tab = strchr(was->flags[i], '\t');
            snprintf(why, whylen, "the flag %.200s was dropped", tab ? tab + 1 : was->flags[i]);
            return why;
        }
    }
    return NULL;
}

/* A fix that is not the file's to make: shown, not applied, and d's
 * message says why (a generated file or a pinning comment: pragma.h; a
 * vendored folder, a size comparison's baseline: options.h). */
static void shown_only(df_diags *dg, df_diag *d, const char *reason)
{
    if (dg->no_text) { /* nobody reads the message: only the fix changes */
        d->fix->applicability = DF_APPLY_DISPLAY;
        return;
    }
    static const char fmt[] = "%s (fix not applied: %s)";
    int n = snprintf(NULL, 0, fmt, d->message, reason);
    char *m = n < 0 ? NULL : df_arena_alloc(dg->arena, (size_t)n + 1);
    if (!m)
        return; /* the arena records the failure; the driver stops on it */
    snprintf(m, (size_t)n + 1, fmt, d->message, reason);
    d->message = m;
    d->fix->applicability = DF_APPLY_DISPLAY;
}

/* The line of a comment pinning a line that d's fix edits, 0 none. */
static size_t fix_pinned(const df_pragmas *pr, const df_diag *d)
{
    for (size_t k = 0; k < d->fix->nedits; k++) {
        size_t line = df_pragmas_pinned(pr, d->fix->edits[k].start, d->fix->edits[k].end);
        if (line)
            return line;
    }
    return 0;
}

/* Does the comma-separated id list name id? */
static bool ids_have(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && memcmp(p, id, n) == 0)
            return true;
        p += k + (p[k] == ',');
    }
    return false;
}

/* The rules (wake[i] for rules[i]) that may find something new to fix
 * after d's fix (rule.h: settles, wakes; diag.h: df_fix.settles). */
static void wake_after(const df_diag *d, const df_rule *const *rules, size_t nrules, bool *wake)
{
    const df_rule *r = d->rule;
    if (r->settles || d->fix->settles)
        return;
    for (size_t i = 0; i < nrules; i++)
        if (!r->wakes || ids_have(r->wakes, rules[i]->id))
            wake[i] = true;
}

/* Choose and apply this round's fixes. Returns the number applied, -1 on
 * out of memory, -2 when the self-check of untouched instructions fails
 * (why says where). names gets the ids of the rules whose fixes applied,
 * all of them ("T1, T2"); org gets the round's edits, to map later
 * findings back to the input. wake[i] (of nrules, cleared here) tells
 * whether rules[i] may find something new to fix in the next round: every
 * rule when a fix waits for that round, else what the applied fixes'
 * rules wake (rule.h). */
static int apply_round(const df_doc *doc, const char *text, size_t len, df_diags *dg, size_t from,
                       const df_options *o, df_buf *out, df_buf *names, df_origin *org, const df_rule *const *rules,
                       size_t nrules, bool *wake, char *why, size_t whylen)
{
    memset(wake, 0, nrules * sizeof *wake);
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
    if (sort_runs(cs, nc, sizeof *cs, cand_cmp) < 0) {
        free(cs);
        return -1;
    }
    editvec acc = {0};
    int applied = 0;
    df_buf_clear(names);
    for (size_t i = 0; i < nc; i++) {
        df_fix *f = cs[i].d->fix;
        bool ok = true;
        for (size_t k = 0; k < f->nedits && ok; k++)
            if (!df_edit_is_noop(text, &f->edits[k]) && conflicts(&acc, &f->edits[k]))
                ok = false;
        if (!ok) { /* it waits for the next round, which runs every rule */
            for (size_t r = 0; r < nrules; r++)
                wake[r] = true;
            continue;
        }
        wake_after(cs[i].d, rules, nrules, wake);
        for (size_t k = 0; k < f->nedits; k++) {
            if (df_edit_is_noop(text, &f->edits[k]))
                continue;
            if (insert_edit(&acc, &f->edits[k], i) < 0) {
                free(acc.v);
                free(acc.owner);
                free(cs);
                return -1;
            }
        }
        cs[i].d->applied = true;
        applied++;
        const char *id = cs[i].d->rule->id;
        if (!named(names, id) &&
            ((names->len && df_buf_addstr(names, ", ") < 0) || df_buf_addstr(names, id) < 0)) {
            free(acc.v);
            free(acc.owner);
            free(cs);
            return -1;
        }
    }
    int r = applied;
    if (applied && (df_edit_apply(text, len, acc.v, acc.n, out) < 0 ||
                    df_origin_add_round(org, text, acc.v, acc.owner, acc.n) < 0))
        r = -1;
    const df_instr *bad = r > 0 ? untouched_changed(doc, text, acc.v, acc.n, out) : NULL;
    if (bad) {
        snprintf(why, whylen, "line %zu (%s) changed though no fix touched it", bad->start_line,
                 df_cmd_name(bad->cmd));
        r = -2;
    }
    free(acc.v);
    free(acc.owner);
    free(cs);
    return r;
}

/* The file's answers to o->vendored_of and o->baseline_of (options.h),
 * each asked once per file: the first time a fix would be applied, which
 * is in round 0 (a round with no such fix is the last), with that round's
 * parse. */
typedef struct {
    bool vendored_asked, baseline_asked;
    int vendored_r, baseline_r; /* the answers: 1 yes (the name), 0 no, -1 out of memory */
    char vendored[256], baseline[256];
} probe_q;

static const char *vendored_name(const df_options *o, probe_q *q)
{
    if (o->vendored || !o->vendored_of)
        return o->vendored;
    if (!q->vendored_asked) {
        q->vendored_asked = true;
        q->vendored_r = o->vendored_of(o->probe_arg, q->vendored, sizeof q->vendored);
    }
    return q->vendored_r > 0 ? q->vendored : NULL;
}

static const char *baseline_name(const df_options *o, const df_doc *doc, probe_q *q)
{
    if (o->baseline || !o->baseline_of)
        return o->baseline;
    if (!q->baseline_asked) {
        q->baseline_asked = true;
        q->baseline_r = o->baseline_of(o->probe_arg, doc, q->baseline, sizeof q->baseline);
    }
    return q->baseline_r > 0 ? q->baseline : NULL;
}

/* Returns 0, or -1 when out of memory (the findings are then incomplete:
 * pragmas not read, or a rule's allocation failed). Adds the work done to
 * *steps. */
static int run_rules(const df_doc *doc, const df_source *src, const df_options *o, const char *ctxdir,
                     const df_kb *kb, const df_rule *const *rules, size_t nrules, const bool *only, unsigned round,
                     df_diags *dg, size_t *steps, probe_q *bq)
{
    df_pragmas pr;
    bool have_pragmas = df_pragmas_scan_kb(doc, kb, &pr) == 0;
    df_runsh_cache scripts;
    bool have_scripts = df_runsh_cache_init(&scripts, doc->arena, doc->ninstrs) == 0;
    if (!have_pragmas || !have_scripts)
        return -1;
    size_t kb_failures = df_kb_failures(kb);
    for (size_t i = 0; i < nrules; i++) {
        if (i < DF_MAX_RULES && !o->enabled[i])
            continue;
        /* After round 0 a finding is kept only when its fix applies (see
         * the end of df_run_with_rules): a rule whose best fix (df_rule.fix,
         * held to below) never applies with these options has nothing to
         * add there, and is not run again. */
        if (round > 0 && !applies(rules[i]->fix, o))
            continue;
        /* nor when no fix of the round before can give it anything new */
        if (only && !only[i])
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
        c.pragmas = &pr;
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
            /* a rule is held to the best applicability it declares, in
             * every round, so that skipping it after round 0 loses nothing */
            if (d->fix && d->fix->applicability > rules[i]->fix)
                d->fix->applicability = rules[i]->fix;
            if (have_pragmas && df_pragmas_silence(&pr, doc, rules[i], d->span.start))
                continue;
            if (d->fix && d->fix->applicability != DF_APPLY_DISPLAY) {
                char why[400];
                size_t pin;
                const char *vend, *base;
                why[0] = '\0';
                if ((vend = vendored_name(o, bq)) != NULL)
                    snprintf(why, sizeof why, "the file is under %.200s/, a copy of another project; change it there",
                             vend);
                else if ((base = baseline_name(o, doc, bq)) != NULL)
                    snprintf(why, sizeof why, "the file is the single-stage baseline of a size comparison: %.200s "
                             "in the same folder builds the same in stages; the baseline stays as it is",
                             base);
                else if (pr.generated_line)
                    snprintf(why, sizeof why, "line %zu says this file is generated; change what generates it",
                             pr.generated_line);
                else if ((pin = fix_pinned(&pr, d)))
                    snprintf(why, sizeof why, "the comment on line %zu says this is kept identical to something "
                             "outside the file; change both together", pin);
                if (why[0])
                    shown_only(dg, d, why);
            }
            dg->v[w++] = d;
        }
        dg->n = w;
    }
    *steps += doc->ninstrs + (have_scripts ? scripts.steps : 0);
    return df_arena_failed(doc->arena) || df_arena_failed(dg->arena) || df_kb_failures(kb) != kb_failures || bq->vendored_r < 0 ||
                   bq->baseline_r < 0
               ? -1
               : 0;
}

static bool any_rule_enabled(const df_options *o, size_t nrules)
{
    for (size_t i = 0; i < nrules; i++)
        if (i >= DF_MAX_RULES || o->enabled[i])
            return true;
    return false;
}

/* A file BuildKit parses but its frontend refuses before any step runs (an
 * instruction it does not know) is not rewritten: the fixes would be
 * changes to a file that does not build, and a line that lost its `\`
 * would get a cleanup in the wrong place. Fills *err as a parse error. With
 * no rule selected the file is only read, and this is not asked. */
static bool refused_by_frontend(const df_doc *doc, df_parse_error *err)
{
    const df_instr *bad = df_doc_unknown_instr(doc);
    if (!bad)
        return false;
    memset(err, 0, sizeof *err);
    err->offset = bad->keyword.span.start;
    err->line = bad->start_line;
    const char *kw = bad->keyword.value ? bad->keyword.value : "";
    int kwlen = (int)strnlen(kw, 60);
    char hint[160] = "";
    if (kw[0] == '{')
        snprintf(hint, sizeof hint, " (a template: render it first, then run dfopt on the result)");
    else if (bad->index > 0 && doc->instrs[bad->index - 1]->end_line + 1 == bad->start_line)
        snprintf(hint, sizeof hint, " (if it continues line %zu, that line lacks its `%c`)",
                 bad->start_line - 1, doc->escape);
    snprintf(err->message, sizeof err->message,
             "unknown instruction `%.*s`: BuildKit refuses this file, so nothing is rewritten%s", kwlen, kw, hint);
    return true;
}

/* ---- one report per finding ----------------------------------------------
 *
 * A finding of a later round points into that round's text. The driver
 * keeps, for every finding, its place in the input (origin.h): its span and
 * its instruction's. */
typedef struct {
    df_span at, instr;
} place;

typedef struct {
    place *v;
    size_t n, cap;
} places;

/* The span of doc's instruction holding off ([off, off) when none). */
static df_span instr_at(const df_doc *doc, size_t off)
{
    size_t lo = 0, hi = doc->ninstrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->instrs[mid]->span.start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo && off < doc->instrs[lo - 1]->span.end)
        return doc->instrs[lo - 1]->span;
    return (df_span){off, off};
}

/* Record the input places of dg's findings [from, dg->n), found in the
 * text after `round` rounds (doc). */
static int place_findings(places *pl, const df_diags *dg, size_t from, const df_doc *doc, const df_origin *org,
                          unsigned round)
{
    if (dg->n > pl->cap) {
        size_t nc = pl->cap ? pl->cap : 16;
        while (nc < dg->n)
            nc *= 2;
        place *nv = realloc(pl->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        pl->v = nv;
        pl->cap = nc;
    }
    for (size_t k = from; k < dg->n; k++) {
        const df_diag *d = dg->v[k];
        pl->v[k].at = df_origin_map(org, round, d->span);
        pl->v[k].instr = df_origin_map(org, round, instr_at(doc, d->span.start));
    }
    pl->n = dg->n;
    return 0;
}

static bool spans_meet(df_span a, df_span b)
{
    return a.start == b.start || (a.start < b.end && b.start < a.end);
}

typedef struct {
    size_t k;     /* index in the findings */
    df_span instr;
} waiting;

static int by_instr(const void *a, const void *b)
{
    const waiting *x = a, *y = b;
    if (x->instr.start != y->instr.start)
        return x->instr.start < y->instr.start ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Each finding is reported once, at its line in the input. A later
 * round's applied fix is most often the fix of a finding of the input that
 * had to wait: its fix overlapped another (DF012's COPY on the ADD that
 * DF002 moves), or it had none until another fix changed the instruction
 * (DF003 once DF001 joined the RUN that reads the lists). Such a finding
 * (same rule, same instruction of the input, not applied; the one whose
 * span meets first) is replaced by the later one, which takes its place in
 * the list and its span;
 * when the input finding's fix was only waiting, its message (whose line
 * numbers are the input's) is kept too. Every later finding gets its input
 * span; found_later says whether the input had no such finding. drop[k]
 * marks the slots of the later findings that moved; nothing is replaced unless the run succeeded
 * (ok: otherwise no fix is applied). O(n log n) in the findings. */
static int fold_rounds(df_diags *dg, const places *pl, const df_options *o, bool ok, bool *drop)
{
    size_t nw = 0;
    for (size_t k = 0; k < dg->n; k++)
        nw += dg->v[k]->round == 0 && !dg->v[k]->applied;
    waiting *w = malloc((nw + 1) * sizeof *w);
    if (!w)
        return -1;
    nw = 0;
    for (size_t k = 0; k < dg->n; k++)
        if (dg->v[k]->round == 0 && !dg->v[k]->applied) {
            w[nw].k = k;
            w[nw].instr = pl->v[k].instr;
            nw++;
        }
    if (sort_runs(w, nw, sizeof *w, by_instr) < 0) {
        free(w);
        return -1;
    }
    for (size_t k = 0; k < dg->n; k++) {
        df_diag *l = dg->v[k];
        if (l->round == 0 || !l->applied)
            continue;
        l->found_later = true;
        l->span = pl->v[k].at;
        if (!ok)
            continue;
        df_span in = pl->v[k].instr;
        /* the waiting findings whose instruction meets in: input
         * instructions do not overlap, so they are one run of w */
        size_t lo = 0, hi = nw;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (w[mid].instr.start < in.start)
                lo = mid + 1;
            else
                hi = mid;
        }
        while (lo > 0 && w[lo - 1].instr.end > in.start)
            lo--;
        size_t best = SIZE_MAX;
        for (size_t i = lo; i < nw && (w[i].instr.start < in.end || w[i].instr.start == in.start); i++) {
            const df_diag *e = dg->v[w[i].k];
            if (e->round != 0 || e->rule != l->rule || !spans_meet(w[i].instr, in))
                continue;
            if (best == SIZE_MAX)
                best = w[i].k;
            if (spans_meet(pl->v[w[i].k].at, pl->v[k].at)) {
                best = w[i].k;
                break;
            }
        }
        if (best != SIZE_MAX) {
            df_diag *e = dg->v[best];
            dg->v[best] = l; /* in e's place; e is no longer listed */
            drop[k] = true;
            l->span = e->span;
            if (allowed(e->fix, o)) {
                l->message = e->message;
                l->found_later = false;
            }
        }
    }
    free(w);
    return 0;
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
    res->diags.no_text = opts->messages_unread;
    df_buf cur = DF_BUF_INIT;
    if (df_buf_add(&cur, text, len) < 0) {
        res->status = DF_RUN_NOMEM;
        return -1;
    }
    /* BuildKit reads NUL bytes as text, but no Dockerfile holds one: a file
     * that does is binary (an image, an ELF) given by mistake. Refuse it
     * rather than "optimize" it. */
    const char *nul = len ? memchr(text, '\0', len) : NULL;
    if (nul) {
        res->status = DF_RUN_PARSE;
        res->not_dockerfile = true;
        res->perr.offset = (size_t)(nul - text);
        snprintf(res->perr.message, sizeof res->perr.message, "not a Dockerfile (NUL byte at offset %zu)",
                 res->perr.offset);
        if (df_buf_add(&res->output, text, len) < 0)
            res->status = DF_RUN_NOMEM;
        df_buf_release(&cur);
        return -1;
    }
    df_buf names = DF_BUF_INIT;
    char why[320];
    doc_shape shape0;
    memset(&shape0, 0, sizeof shape0);
    df_origin org;
    df_origin_init(&org);
    places pl = {0};
    probe_q bq;
    memset(&bq, 0, sizeof bq);
    /* the rules the fixes of the round before may give something new to
     * fix (wake[i] for rules[i]); only: the next round runs only those */
    bool *wake = calloc(nrules + 1, sizeof *wake);
    bool only = false, settled = false, any = any_rule_enabled(opts, nrules);
    if (!wake) {
        res->status = DF_RUN_NOMEM;
        df_buf_release(&cur);
        return -1;
    }
    df_kb *own_kb = NULL;
    const df_kb *kb = opts->kb;
    if (!kb) {
        char kerr[256];
        kb = own_kb = df_kb_new(kerr, sizeof kerr);
        if (!kb) {
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message, "%s", kerr);
            df_buf_release(&cur);
            free(wake);
            return -1;
        }
    }
    /* one arena for the file: each round's document is parsed into it, and
     * the next round reuses its memory (df_arena_reset) */
    df_arena *arena = df_arena_new();
    if (!arena) {
        res->status = DF_RUN_NOMEM;
        df_kb_free(own_kb);
        df_buf_release(&cur);
        free(wake);
        return -1;
    }
    for (unsigned round = 0;; round++) {
        df_arena_reset(arena);
        df_source src;
        if (df_source_init(&src, path, cur.data, cur.len) < 0) {
            res->status = DF_RUN_NOMEM;
            break;
        }
        df_parse_error perr;
        memset(&perr, 0, sizeof perr);
        df_doc *doc = df_parse_in(&src, arena, &perr);
        if (!doc) {
            df_source_release(&src);
            if (strcmp(perr.message, "out of memory") == 0) {
                res->status = DF_RUN_NOMEM;
            } else if (round == 0) {
                res->status = DF_RUN_PARSE;
                res->perr = perr;
            } else {
                res->status = DF_RUN_INTERNAL;
                snprintf(res->message, sizeof res->message,
                         "the fix of %s made the file unparseable (line %zu: %.200s); the file is left as it was",
                         names.data, perr.line, perr.message);
            }
            break;
        }
        if (!settled && any) { /* for the rules */
            df_doc_mark_windows(doc, kb);
            df_doc_mark_uses(doc, kb);
        }
        const char *bad = df_doc_check(doc);
        if (bad) {
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message, "parser invariant broken: %s", bad);
            df_doc_free(doc);
            df_source_release(&src);
            break;
        }
        if (round == 0 && any && refused_by_frontend(doc, &res->perr)) {
            res->status = DF_RUN_PARSE;
            df_doc_free(doc);
            df_source_release(&src);
            break;
        }
        /* self-check: the rewrite so far keeps the input's stages and flags */
        doc_shape shape;
        if (shape_of(doc, round == 0 ? &shape0 : &shape) < 0) {
            res->status = DF_RUN_NOMEM;
            df_doc_free(doc);
            df_source_release(&src);
            break;
        }
        const char *lost = round == 0 ? NULL : shape_lost(&shape0, &shape, why, sizeof why);
        if (round > 0)
            shape_release(&shape);
        if (lost) {
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message,
                     "self-check failed after the fix of %s: %s; the file is left as it was", names.data, lost);
            df_doc_free(doc);
            df_source_release(&src);
            break;
        }
        if (settled || !any) {
            /* the rules would find nothing to change, or none is enabled
             * (--select none: the parse alone): they are not run */
            res->work += df_arena_used(doc->arena);
            df_doc_free(doc);
            df_source_release(&src);
            res->rounds = round + 1;
            res->settled = settled;
            res->status = DF_RUN_OK;
            break;
        }
        size_t from = res->diags.n;
        if (only)
            res->narrowed++;
        if (run_rules(doc, &src, opts, context_dir, kb, rules, nrules, only ? wake : NULL, round, &res->diags,
                      &res->steps, &bq) < 0 ||
            place_findings(&pl, &res->diags, from, doc, &org, round) < 0) {
            res->work += df_arena_used(doc->arena);
            df_doc_free(doc);
            df_source_release(&src);
            res->status = DF_RUN_NOMEM;
            break;
        }
        df_buf next = DF_BUF_INIT;
        int n = apply_round(doc, cur.data, cur.len, &res->diags, from, opts, &next, &names, &org, rules, nrules, wake,
                            why, sizeof why);
        res->work += df_arena_used(doc->arena);
        df_doc_free(doc);
        df_source_release(&src);
        res->rounds = round + 1;
        if (n == -2) {
            df_buf_release(&next);
            res->status = DF_RUN_INTERNAL;
            snprintf(res->message, sizeof res->message,
                     "self-check failed after the fix of %s: %s; the file is left as it was", names.data, why);
            break;
        }
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
                     DF_MAX_ROUNDS, names.data);
            break;
        }
        size_t woken = 0;
        for (size_t i = 0; i < nrules; i++)
            woken += wake[i];
        only = woken < nrules && !opts->confirm_settled;
        settled = only && woken == 0;
        df_buf_release(&cur);
        cur = next;
    }
    free(wake);
    res->held = df_arena_held(arena);
    df_arena_free(arena);
    df_kb_free(own_kb);
    df_buf_release(&names);
    shape_release(&shape0);
    df_origin_release(&org);
    /* keep round-0 findings and later rounds' applied fixes, each once */
    bool *drop = calloc(res->diags.n + 1, sizeof *drop);
    if (!drop || (pl.n == res->diags.n && fold_rounds(&res->diags, &pl, opts, res->status == DF_RUN_OK, drop) < 0)) {
        if (res->status == DF_RUN_OK)
            res->status = DF_RUN_NOMEM;
    }
    free(pl.v);
    size_t w = 0;
    for (size_t k = 0; k < res->diags.n; k++) {
        df_diag *d = res->diags.v[k];
        if ((d->round == 0 || d->applied) && !(drop && drop[k]))
            res->diags.v[w++] = d;
    }
    res->diags.n = w;
    free(drop);
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
