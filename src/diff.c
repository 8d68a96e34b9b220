/*
 * diff.c - unified diff in git's format (see include/dfopt/diff.h).
 *
 * Pipeline: split both texts into lines (a line ends after '\n' and keeps
 * every byte); give every line an equivalence-class id (hash, then bytes);
 * trim the common prefix and suffix; set aside lines that cannot match;
 * run Myers' linear-space O(ND) divide and conquer on the ids of the rest
 * to mark changed lines; slide runs of changes as git does; then walk the
 * marks to print hunks exactly as GNU diff -u and git do.
 *
 * Every step after the split follows git's xdiff (xprepare.c, xdiffi.c,
 * itself after libxdiff), constants included, so that our hunks are the
 * ones `git diff --no-indent-heuristic` prints: the same middle-snake split,
 * the same snake heuristic and the same cost cap, which stops a search after
 * about sqrt(lines) edits and splits at the furthest-reaching path, so two
 * unrelated 50,000-line files take milliseconds instead of minutes. The
 * result is always a correct edit script; only minimality is given up.
 */
#include "dfopt/diff.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Smallest cost cap, whatever the file size (xdiff's XDL_MAX_COST_MIN). */
#define DIFF_MIN_COST_CAP 256

typedef struct {
    const char *p;
    size_t len; /* including the '\n', when there is one */
} diff_line;

typedef struct {
    diff_line *v;
    long n;
} diff_lines;

/* Class ids, class counts and line numbers: 32 bits halve the memory (and
 * the page faults) of big inputs; split_lines() refuses more lines. */
typedef int32_t diff_id;
#define DIFF_MAX_LINES (INT32_MAX / 2)

/* ---- lines and equivalence classes ------------------------------------- */

static int split_lines(const char *s, size_t len, diff_lines *out)
{
    size_t n = 0;
    out->n = 0;
    out->v = NULL;
    if (len == 0)
        return 0;
    for (const char *p = s, *end = s + len; p < end; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    if (n > DIFF_MAX_LINES || n > SIZE_MAX / sizeof *out->v)
        return -1;
    out->v = malloc(n * sizeof *out->v);
    if (!out->v)
        return -1;
    for (const char *p = s, *end = s + len; p < end; out->n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        out->v[out->n].p = p;
        out->v[out->n].len = (size_t)(next - p);
        p = next;
    }
    return 0;
}

static bool line_eq(const diff_line *x, const diff_line *y)
{
    return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

static bool line_has_newline(const diff_line *l)
{
    return l->len > 0 && l->p[l->len - 1] == '\n';
}

/* FNV-1a, 64 bits. */
static uint64_t line_hash(const diff_line *l)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < l->len; i++) {
        h ^= (unsigned char)l->p[i];
        h *= 1099511628211ull;
    }
    /* FNV's low bits mix poorly; the table indexes by them */
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

typedef struct {
    uint32_t tag;  /* high bits of the hash */
    int32_t line;  /* index into the concatenated lines; -1: free slot */
} class_slot;

/*
 * Class ids for the lines of both files: equal lines, and only equal lines,
 * get equal ids. ids[] has na + nb entries (a's lines, then b's); cnt1[id]
 * and cnt2[id] count the lines of each class in a and in b.
 */
typedef struct {
    diff_id *ids;
    diff_id *cnt1, *cnt2;
} diff_classes;

static const diff_line *nth_line(const diff_lines *a, const diff_lines *b, long i)
{
    return i < a->n ? &a->v[i] : &b->v[i - a->n];
}

static int classify(const diff_lines *a, const diff_lines *b, diff_classes *c)
{
    size_t total = (size_t)a->n + (size_t)b->n;
    size_t size = 16;
    while (size < total + total / 2)
        size *= 2;
    class_slot *t = malloc(size * sizeof *t);
    c->ids = malloc(total * sizeof *c->ids);
    c->cnt1 = calloc(2 * total, sizeof *c->cnt1);
    if (!t || !c->ids || !c->cnt1) {
        free(t);
        return -1;
    }
    c->cnt2 = c->cnt1 + total;
    for (size_t k = 0; k < size; k++)
        t[k].line = -1;
    long next_id = 0;
    for (long i = 0; i < (long)total; i++) {
        const diff_line *l = nth_line(a, b, i);
        uint64_t h = line_hash(l);
        uint32_t tag = (uint32_t)(h >> 32);
        size_t k = (size_t)h & (size - 1);
        while (t[k].line >= 0 && (t[k].tag != tag || !line_eq(nth_line(a, b, t[k].line), l)))
            k = (k + 1) & (size - 1);
        if (t[k].line < 0) {
            t[k].tag = tag;
            t[k].line = (int32_t)i;
            c->ids[i] = (diff_id)next_id++;
        } else {
            c->ids[i] = c->ids[t[k].line];
        }
        if (i < a->n)
            c->cnt1[c->ids[i]]++;
        else
            c->cnt2[c->ids[i]]++;
    }
    free(t);
    return 0;
}

/* ---- Myers, linear space ----------------------------------------------- */

/* xdiff's tuning constants, kept so that we choose what git chooses. */
#define DIFF_MAX_EQLIMIT 1024  /* a line this frequent is "ambiguous" */
#define DIFF_SIMSCAN_WINDOW 100
#define DIFF_KPDIS_RUN 4
#define DIFF_HEUR_MIN_COST 256
#define DIFF_SNAKE_CNT 20
#define DIFF_K_HEUR 4

typedef struct {
    const diff_id *ha1, *ha2;       /* class ids of the lines kept for the search */
    const diff_id *rindex1, *rindex2; /* their line numbers */
    char *rchg1, *rchg2;         /* out: 1 for a deleted / inserted line */
    long *kvdf, *kvdb;           /* furthest x per diagonal, forward / backward */
    long mxcost;                 /* cost cap per split search */
} myers;

typedef struct {
    long i1, i2;
    bool min_lo, min_hi; /* solve that half without the cost cap */
} myers_split;

/* A power of two >= sqrt(n) (xdiff's xdl_bogosqrt). */
static long bogosqrt(long n)
{
    long c = 1;
    for (; n > 0; n >>= 2)
        c <<= 1;
    return c;
}

/*
 * After a long search with a snake of DIFF_SNAKE_CNT lines in sight, split
 * on a diagonal that went far with such a snake (xdiff's heuristic).
 * Returns true when it chose a split.
 */
static bool myers_snake_heuristic(const myers *m, long off1, long lim1, long off2, long lim2,
                                  long ec, long fmin, long fmax, long bmin, long bmax,
                                  myers_split *spl)
{
    const diff_id *ha1 = m->ha1, *ha2 = m->ha2;
    long fmid = off1 - off2, bmid = lim1 - lim2;
    long best = 0;
    for (long d = fmax; d >= fmin; d -= 2) {
        long dd = d > fmid ? d - fmid : fmid - d;
        long i1 = m->kvdf[d], i2 = i1 - d;
        long v = (i1 - off1) + (i2 - off2) - dd;
        if (v > DIFF_K_HEUR * ec && v > best && off1 + DIFF_SNAKE_CNT <= i1 && i1 < lim1 &&
            off2 + DIFF_SNAKE_CNT <= i2 && i2 < lim2) {
            for (long k = 1; ha1[i1 - k] == ha2[i2 - k]; k++)
                if (k == DIFF_SNAKE_CNT) {
                    best = v;
                    spl->i1 = i1;
                    spl->i2 = i2;
                    break;
                }
        }
    }
    if (best > 0) {
        spl->min_lo = true;
        spl->min_hi = false;
        return true;
    }
    for (long d = bmax; d >= bmin; d -= 2) {
        long dd = d > bmid ? d - bmid : bmid - d;
        long i1 = m->kvdb[d], i2 = i1 - d;
        long v = (lim1 - i1) + (lim2 - i2) - dd;
        if (v > DIFF_K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - DIFF_SNAKE_CNT &&
            off2 < i2 && i2 <= lim2 - DIFF_SNAKE_CNT) {
            for (long k = 0; ha1[i1 + k] == ha2[i2 + k]; k++)
                if (k == DIFF_SNAKE_CNT - 1) {
                    best = v;
                    spl->i1 = i1;
                    spl->i2 = i2;
                    break;
                }
        }
    }
    if (best > 0) {
        spl->min_lo = false;
        spl->min_hi = true;
        return true;
    }
    return false;
}

/* Past the cost cap: split at the furthest-reaching path, by i1 + i2. */
static void myers_furthest(const myers *m, long off1, long lim1, long off2, long lim2,
                           long fmin, long fmax, long bmin, long bmax, myers_split *spl)
{
    long fbest = -1, fbest1 = -1;
    for (long d = fmax; d >= fmin; d -= 2) {
        long i1 = m->kvdf[d] < lim1 ? m->kvdf[d] : lim1;
        long i2 = i1 - d;
        if (lim2 < i2)
            i1 = lim2 + d, i2 = lim2;
        if (fbest < i1 + i2) {
            fbest = i1 + i2;
            fbest1 = i1;
        }
    }
    long bbest = LONG_MAX, bbest1 = LONG_MAX;
    for (long d = bmax; d >= bmin; d -= 2) {
        long i1 = m->kvdb[d] > off1 ? m->kvdb[d] : off1;
        long i2 = i1 - d;
        if (i2 < off2)
            i1 = off2 + d, i2 = off2;
        if (i1 + i2 < bbest) {
            bbest = i1 + i2;
            bbest1 = i1;
        }
    }
    if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
        spl->i1 = fbest1;
        spl->i2 = fbest - fbest1;
        spl->min_lo = true;
        spl->min_hi = false;
    } else {
        spl->i1 = bbest1;
        spl->i2 = bbest - bbest1;
        spl->min_lo = false;
        spl->min_hi = true;
    }
}

/*
 * Find where to split the box [off1,lim1) x [off2,lim2): the middle snake
 * of a shortest edit script or, unless need_min, a good enough point once
 * the search gets expensive (see the two helpers above).
 */
static void myers_find_split(const myers *m, long off1, long lim1, long off2, long lim2,
                             bool need_min, myers_split *spl)
{
    const diff_id *ha1 = m->ha1, *ha2 = m->ha2;
    long *kvdf = m->kvdf, *kvdb = m->kvdb;
    long dmin = off1 - lim2, dmax = lim1 - off2;
    long fmid = off1 - off2, bmid = lim1 - lim2;
    bool odd = ((fmid - bmid) & 1) != 0;
    long fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;

    kvdf[fmid] = off1;
    kvdb[bmid] = lim1;
    for (long ec = 1;; ec++) {
        bool got_snake = false;
        /* Widen the forward domain by one diagonal on each side, inside the
         * box; the sentinel outside keeps the loop free of bound checks. */
        if (fmin > dmin)
            kvdf[--fmin - 1] = -1;
        else
            ++fmin;
        if (fmax < dmax)
            kvdf[++fmax + 1] = -1;
        else
            --fmax;
        for (long d = fmax; d >= fmin; d -= 2) {
            long i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1];
            long prev1 = i1, i2 = i1 - d;
            while (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2])
                i1++, i2++;
            if (i1 - prev1 > DIFF_SNAKE_CNT)
                got_snake = true;
            kvdf[d] = i1;
            if (odd && bmin <= d && d <= bmax && kvdb[d] <= i1) {
                spl->i1 = i1;
                spl->i2 = i2;
                spl->min_lo = spl->min_hi = true;
                return;
            }
        }

        if (bmin > dmin)
            kvdb[--bmin - 1] = LONG_MAX;
        else
            ++bmin;
        if (bmax < dmax)
            kvdb[++bmax + 1] = LONG_MAX;
        else
            --bmax;
        for (long d = bmax; d >= bmin; d -= 2) {
            long i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] - 1;
            long prev1 = i1, i2 = i1 - d;
            while (i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1])
                i1--, i2--;
            if (prev1 - i1 > DIFF_SNAKE_CNT)
                got_snake = true;
            kvdb[d] = i1;
            if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
                spl->i1 = i1;
                spl->i2 = i2;
                spl->min_lo = spl->min_hi = true;
                return;
            }
        }

        if (need_min)
            continue;
        if (got_snake && ec > DIFF_HEUR_MIN_COST &&
            myers_snake_heuristic(m, off1, lim1, off2, lim2, ec, fmin, fmax, bmin, bmax, spl))
            return;
        if (ec >= m->mxcost) {
            myers_furthest(m, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax, spl);
            return;
        }
    }
}

static void mark_range(char *rchg, const diff_id *rindex, long from, long to)
{
    for (long i = from; i < to; i++)
        rchg[rindex[i]] = 1;
}

/* Mark the changed lines of the box [off1,lim1) x [off2,lim2). */
static void myers_compare(const myers *m, long off1, long lim1, long off2, long lim2,
                          bool need_min)
{
    for (;;) {
        while (off1 < lim1 && off2 < lim2 && m->ha1[off1] == m->ha2[off2])
            off1++, off2++;
        while (off1 < lim1 && off2 < lim2 && m->ha1[lim1 - 1] == m->ha2[lim2 - 1])
            lim1--, lim2--;
        if (off1 == lim1 || off2 == lim2) {
            mark_range(m->rchg1, m->rindex1, off1, lim1);
            mark_range(m->rchg2, m->rindex2, off2, lim2);
            return;
        }
        myers_split spl;
        myers_find_split(m, off1, lim1, off2, lim2, need_min, &spl);
        bool inside = off1 <= spl.i1 && spl.i1 <= lim1 && off2 <= spl.i2 && spl.i2 <= lim2;
        bool corner = (spl.i1 == off1 && spl.i2 == off2) || (spl.i1 == lim1 && spl.i2 == lim2);
        if (!inside || corner) {
            /* Cannot happen with a correct split; stay correct regardless:
             * delete the rest of this box and insert the new lines. */
            mark_range(m->rchg1, m->rindex1, off1, lim1);
            mark_range(m->rchg2, m->rindex2, off2, lim2);
            return;
        }
        myers_compare(m, off1, spl.i1, off2, spl.i2, spl.min_lo);
        off1 = spl.i1;
        off2 = spl.i2;
        need_min = spl.min_hi;
    }
}

/* ---- discarding lines before the search (xdiff's xdl_cleanup_records) -- */

/*
 * dis[i] is 0 for a line with no match in the other file, 2 for a line with
 * too many, 1 otherwise. A too-frequent line is left out of the search when
 * it sits among lines without a match (xdiff's xdl_clean_mmatch).
 */
static bool discard_ambiguous(const char *dis, long i, long s, long e)
{
    if (i - s > DIFF_SIMSCAN_WINDOW)
        s = i - DIFF_SIMSCAN_WINDOW;
    if (e - i > DIFF_SIMSCAN_WINDOW)
        e = i + DIFF_SIMSCAN_WINDOW;
    long r, rdis0 = 0, rpdis0 = 1, rdis1 = 0, rpdis1 = 1;
    for (r = 1; i - r >= s; r++) {
        if (!dis[i - r])
            rdis0++;
        else if (dis[i - r] == 2)
            rpdis0++;
        else
            break;
    }
    if (rdis0 == 0)
        return false;
    for (r = 1; i + r <= e; r++) {
        if (!dis[i + r])
            rdis1++;
        else if (dis[i + r] == 2)
            rpdis1++;
        else
            break;
    }
    if (rdis1 == 0)
        return false;
    rdis1 += rdis0;
    rpdis1 += rpdis0;
    return rpdis1 * DIFF_KPDIS_RUN < rpdis1 + rdis1;
}

/*
 * Keep for the search the lines [start, end) of one file that can match;
 * mark the others changed. Writes ha[] and rindex[]; returns their count.
 * ids are this file's class ids, other_cnt the class counts of the other
 * file, nrec this file's line count; dis has room for end + 1 entries.
 */
static long keep_matchable(const diff_id *ids, const diff_id *other_cnt, long nrec, long start,
                           long end, char *dis, char *rchg, diff_id *ha, diff_id *rindex)
{
    long mlim = bogosqrt(nrec);
    if (mlim > DIFF_MAX_EQLIMIT)
        mlim = DIFF_MAX_EQLIMIT;
    for (long i = start; i < end; i++) {
        long nm = other_cnt[ids[i]];
        dis[i] = nm == 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    long n = 0;
    for (long i = start; i < end; i++) {
        if (dis[i] == 1 || (dis[i] == 2 && !discard_ambiguous(dis, i, start, end - 1))) {
            rindex[n] = (diff_id)i;
            ha[n] = ids[i];
            n++;
        } else {
            rchg[i] = 1;
        }
    }
    return n;
}

/* Mark in ca[] / cb[] (zeroed) the lines of a deleted and of b inserted. */
static int diff_compare(const diff_lines *a, const diff_lines *b, char *ca, char *cb)
{
    diff_classes c = {NULL, NULL, NULL};
    diff_id *work = NULL;
    long *kvd = NULL;
    char *dis = NULL;
    int rc = -1;
    if (classify(a, b, &c) < 0)
        goto out;
    const diff_id *id1 = c.ids, *id2 = c.ids + a->n;

    /* trim the common prefix and suffix */
    long pre = 0, lim = a->n < b->n ? a->n : b->n;
    while (pre < lim && id1[pre] == id2[pre])
        pre++;
    long suf = 0;
    while (suf < lim - pre && id1[a->n - 1 - suf] == id2[b->n - 1 - suf])
        suf++;
    long end1 = a->n - suf, end2 = b->n - suf;
    long m1 = end1 - pre, m2 = end2 - pre;
    if (m1 == 0 || m2 == 0) {
        memset(ca + pre, 1, (size_t)m1);
        memset(cb + pre, 1, (size_t)m2);
        rc = 0;
        goto out;
    }

    /* ha1, rindex1, ha2, rindex2; then the two V arrays */
    long ndiags = m1 + m2 + 3;
    work = malloc(2 * ((size_t)m1 + (size_t)m2) * sizeof *work);
    kvd = malloc(2 * (size_t)ndiags * sizeof *kvd);
    dis = malloc((size_t)(a->n > b->n ? a->n : b->n) + 1);
    if (!work || !kvd || !dis)
        goto out;
    diff_id *ha1 = work, *rindex1 = ha1 + m1, *ha2 = rindex1 + m1, *rindex2 = ha2 + m2;
    long n1 = keep_matchable(id1, c.cnt2, a->n, pre, end1, dis, ca, ha1, rindex1);
    long n2 = keep_matchable(id2, c.cnt1, b->n, pre, end2, dis, cb, ha2, rindex2);

    ndiags = n1 + n2 + 3;
    long mxcost = bogosqrt(ndiags);
    myers m = {
        .ha1 = ha1,
        .ha2 = ha2,
        .rindex1 = rindex1,
        .rindex2 = rindex2,
        .rchg1 = ca,
        .rchg2 = cb,
        .kvdf = kvd + n2 + 1,
        .kvdb = kvd + ndiags + n2 + 1,
        .mxcost = mxcost < DIFF_MIN_COST_CAP ? DIFF_MIN_COST_CAP : mxcost,
    };
    myers_compare(&m, 0, n1, 0, n2, false);
    rc = 0;
out:
    free(c.ids);
    free(c.cnt1);
    free(work);
    free(kvd);
    free(dis);
    return rc;
}

/* ---- change compaction (git's xdl_change_compact) ----------------------- */

/*
 * A group is a maximal run [start, end) of changed lines of one file,
 * possibly empty; groups of the two files correspond one to one, in order,
 * separated by unchanged lines. rchg[-1] and rchg[n] are 0 (sentinels).
 */
typedef struct {
    long start, end;
} diff_run;

typedef struct {
    const diff_lines *l;
    char *rchg;
} diff_side;

static void run_first(const diff_side *s, diff_run *g)
{
    g->start = g->end = 0;
    while (s->rchg[g->end])
        g->end++;
}

static bool run_next(const diff_side *s, diff_run *g)
{
    if (g->end == s->l->n)
        return false;
    g->start = g->end + 1;
    for (g->end = g->start; s->rchg[g->end]; g->end++)
        ;
    return true;
}

static bool run_prev(const diff_side *s, diff_run *g)
{
    if (g->start == 0)
        return false;
    g->end = g->start - 1;
    for (g->start = g->end; s->rchg[g->start - 1]; g->start--)
        ;
    return true;
}

static bool run_slide_down(const diff_side *s, diff_run *g)
{
    if (g->end >= s->l->n || !line_eq(&s->l->v[g->start], &s->l->v[g->end]))
        return false;
    s->rchg[g->start++] = 0;
    s->rchg[g->end++] = 1;
    while (s->rchg[g->end])
        g->end++;
    return true;
}

static bool run_slide_up(const diff_side *s, diff_run *g)
{
    if (g->start == 0 || !line_eq(&s->l->v[g->start - 1], &s->l->v[g->end - 1]))
        return false;
    s->rchg[--g->start] = 1;
    s->rchg[--g->end] = 0;
    while (s->rchg[g->start - 1])
        g->start--;
    return true;
}

/*
 * Slide each run of changes of x as far down as it goes (merging runs it
 * meets), then back up to line up with a run of changes of the other file
 * when it can: the same choices git makes (without its indent heuristic),
 * so that an inserted block that repeats its neighbours shows where a
 * reader expects it. The edit script stays the same size.
 */
static void compact_changes(const diff_side *x, const diff_side *o)
{
    diff_run g, go;
    run_first(x, &g);
    run_first(o, &go);
    for (;;) {
        if (g.end != g.start) {
            long size, earliest_end, end_matching_other;
            do {
                size = g.end - g.start;
                end_matching_other = -1;
                while (run_slide_up(x, &g))
                    run_prev(o, &go);
                earliest_end = g.end;
                if (go.end > go.start)
                    end_matching_other = g.end;
                while (run_slide_down(x, &g)) {
                    run_next(o, &go);
                    if (go.end > go.start)
                        end_matching_other = g.end;
                }
            } while (size != g.end - g.start);
            if (g.end != earliest_end && end_matching_other != -1) {
                while (go.end == go.start) {
                    run_slide_up(x, &g);
                    run_prev(o, &go);
                }
            }
        }
        if (!run_next(x, &g) || !run_next(o, &go))
            break;
    }
}

/* ---- output ------------------------------------------------------------ */

typedef struct {
    df_buf *out;
    bool failed;
} emitter;

static void put(emitter *e, const void *p, size_t n)
{
    if (!e->failed && df_buf_add(e->out, p, n) < 0)
        e->failed = true;
}

static void put_str(emitter *e, const char *s)
{
    put(e, s, strlen(s));
}

static bool path_needs_quotes(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == '"' || *p == '\\' || *p >= 0x7f)
            return true;
    return false;
}

/* prefix + path, C-quoted as git does when the path needs it. */
static void put_path(emitter *e, const char *prefix, const char *path)
{
    if (!path_needs_quotes(path)) {
        put_str(e, prefix);
        put_str(e, path);
        return;
    }
    static const char esc_from[] = "\a\b\t\n\v\f\r\"\\";
    static const char esc_to[] = "abtnvfr\"\\";
    put_str(e, "\"");
    put_str(e, prefix);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        const char *hit = strchr(esc_from, *p);
        char tmp[5];
        if (hit) {
            tmp[0] = '\\';
            tmp[1] = esc_to[hit - esc_from];
            put(e, tmp, 2);
        } else if (*p < 0x20 || *p >= 0x7f) {
            tmp[0] = '\\';
            tmp[1] = (char)('0' + (*p >> 6));
            tmp[2] = (char)('0' + ((*p >> 3) & 7));
            tmp[3] = (char)('0' + (*p & 7));
            put(e, tmp, 4);
        } else {
            put(e, p, 1);
        }
    }
    put_str(e, "\"");
}

static void put_header(emitter *e, const char *path_a, const char *path_b)
{
    put_str(e, "diff --git ");
    put_path(e, "a/", path_a);
    put_str(e, " ");
    put_path(e, "b/", path_b);
    put_str(e, "\n--- ");
    put_path(e, "a/", path_a);
    /* git ends a name holding a space with a tab, for GNU patch */
    put_str(e, strchr(path_a, ' ') ? "\t\n+++ " : "\n+++ ");
    put_path(e, "b/", path_b);
    put_str(e, strchr(path_b, ' ') ? "\t\n" : "\n");
}

static void put_line(emitter *e, char tag, const diff_line *l)
{
    put(e, &tag, 1);
    put(e, l->p, l->len);
    if (!line_has_newline(l))
        put_str(e, "\n\\ No newline at end of file\n");
}

/* " -l,n" in GNU's unified form: ",1" omitted, empty range at the line
 * before it. from is 0-based. */
static void put_range(emitter *e, char sign, long from, long count)
{
    char tmp[64];
    int n;
    if (count == 0)
        n = snprintf(tmp, sizeof tmp, " %c%ld,0", sign, from);
    else if (count == 1)
        n = snprintf(tmp, sizeof tmp, " %c%ld", sign, from + 1);
    else
        n = snprintf(tmp, sizeof tmp, " %c%ld,%ld", sign, from + 1, count);
    put(e, tmp, (size_t)n);
}

/* A maximal run of changes: a[a0,a1) replaced by b[b0,b1). */
typedef struct {
    long a0, a1, b0, b1;
} diff_group;

static long collect_groups(const char *ca, long na, const char *cb, long nb, diff_group *g)
{
    long n = 0, i = 0, j = 0;
    while (i < na || j < nb) {
        if ((i < na && ca[i]) || (j < nb && cb[j])) {
            g[n].a0 = i;
            g[n].b0 = j;
            while (i < na && ca[i])
                i++;
            while (j < nb && cb[j])
                j++;
            g[n].a1 = i;
            g[n].b1 = j;
            n++;
        } else {
            i++, j++;
        }
    }
    return n;
}

static void put_hunks(emitter *e, const diff_lines *a, const diff_lines *b,
                      const diff_group *g, long ng, long ctx)
{
    for (long h = 0; h < ng;) {
        /* groups h..last share a hunk when at most 2*ctx lines apart */
        long last = h;
        while (last + 1 < ng && g[last + 1].a0 - g[last].a1 <= 2 * ctx)
            last++;
        long before = g[h].a0 < ctx ? g[h].a0 : ctx;
        long after = a->n - g[last].a1 < ctx ? a->n - g[last].a1 : ctx;
        long a_lo = g[h].a0 - before, b_lo = g[h].b0 - before;
        long a_hi = g[last].a1 + after, b_hi = g[last].b1 + after;

        put_str(e, "@@");
        put_range(e, '-', a_lo, a_hi - a_lo);
        put_range(e, '+', b_lo, b_hi - b_lo);
        put_str(e, " @@\n");
        long i = a_lo;
        for (long k = h; k <= last; k++) {
            for (; i < g[k].a0; i++)
                put_line(e, ' ', &a->v[i]);
            for (; i < g[k].a1; i++)
                put_line(e, '-', &a->v[i]);
            for (long j = g[k].b0; j < g[k].b1; j++)
                put_line(e, '+', &b->v[j]);
        }
        for (; i < a_hi; i++)
            put_line(e, ' ', &a->v[i]);
        h = last + 1;
    }
}

int df_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
                    const char *path_a, const char *path_b, unsigned context, df_buf *out)
{
    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
        return 0;

    diff_lines la, lb;
    char *ca_mem = NULL, *cb_mem = NULL, *ca, *cb;
    diff_group *groups = NULL;
    int rc = -1;
    lb.v = NULL;
    if (split_lines(a, alen, &la) < 0 || split_lines(b, blen, &lb) < 0)
        goto out;
    /* change marks, with a 0 sentinel before and after each array */
    ca_mem = calloc((size_t)la.n + 2, 1);
    cb_mem = calloc((size_t)lb.n + 2, 1);
    if (!ca_mem || !cb_mem)
        goto out;
    ca = ca_mem + 1;
    cb = cb_mem + 1;

    if (diff_compare(&la, &lb, ca, cb) < 0)
        goto out;
    const diff_side sa = {&la, ca}, sb = {&lb, cb};
    compact_changes(&sa, &sb);
    compact_changes(&sb, &sa);

    /* There are at most min(na, nb) + 1 groups: each but the last is
     * followed by an unchanged line. */
    long max_groups = (la.n < lb.n ? la.n : lb.n) + 1;
    groups = malloc((size_t)max_groups * sizeof *groups);
    if (!groups)
        goto out;
    long ng = collect_groups(ca, la.n, cb, lb.n, groups);

    long total = la.n + lb.n;
    long ctx = (unsigned long)context < (unsigned long)total ? (long)context : total;
    size_t old_len = out->len;
    emitter e = {out, false};
    put_header(&e, path_a, path_b);
    put_hunks(&e, &la, &lb, groups, ng, ctx);
    if (e.failed) {
        out->len = old_len;
        if (out->data)
            out->data[old_len] = '\0';
        goto out;
    }
    rc = 0;
out:
    free(la.v);
    free(lb.v);
    free(ca_mem);
    free(cb_mem);
    free(groups);
    return rc;
}
