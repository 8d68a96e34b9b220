/*
 * origin.c - map places of a later round's text back to the input
 * (see origin.h).
 */
#define _GNU_SOURCE /* memmem: linear (two-way), unlike a naive search */
#include "dfopt/origin.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Moves shorter than this are not looked for: a newline or a `&& ` found
 * again in another edit of the fix says nothing about where bytes came from. */
#define MIN_MOVE 8
/* Edits of one fix compared pairwise for moves: above this, none are
 * (lines of such a fix's later findings point at its insertions). */
#define MAX_MOVE_GROUP 256

typedef struct {
    size_t start, end, len; /* the edit, in the older text; len of its new text */
    size_t nstart;          /* where its new text starts in the newer text */
    size_t mq, mlen, msrc;  /* new text [mq, mq+mlen) is old text [msrc, msrc+mlen) */
} entry;

struct df_origin_round {
    entry *e;
    size_t n;
};

void df_origin_init(df_origin *o)
{
    memset(o, 0, sizeof *o);
}

void df_origin_release(df_origin *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->r[i].e);
    free(o->r);
    memset(o, 0, sizeof *o);
}

typedef struct {
    size_t owner, i;
} owned;

static int by_owner(const void *a, const void *b)
{
    const owned *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Record in en[i] where the bytes of its new text came from, when edit j of
 * the same fix deleted them. */
static void find_move(entry *en, const char *text, const df_edit *e, size_t i, size_t j)
{
    const df_edit *ins = &e[i], *del = &e[j];
    size_t dl = del->end - del->start;
    if (ins->len < MIN_MOVE || dl < MIN_MOVE || en[i].mlen)
        return;
    const char *old = text + del->start;
    const char *p;
    if (ins->len <= dl && (p = memmem(old, dl, ins->text, ins->len)) != NULL) {
        en[i].mq = 0;
        en[i].mlen = ins->len;
        en[i].msrc = del->start + (size_t)(p - old);
    } else if (dl < ins->len && (p = memmem(ins->text, ins->len, old, dl)) != NULL) {
        en[i].mq = (size_t)(p - ins->text);
        en[i].mlen = dl;
        en[i].msrc = del->start;
    }
}

int df_origin_add_round(df_origin *o, const char *text, const df_edit *e, const size_t *owner, size_t n)
{
    if (o->n == o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 8;
        df_origin_round *nr = realloc(o->r, nc * sizeof *nr);
        if (!nr)
            return -1;
        o->r = nr;
        o->cap = nc;
    }
    entry *en = calloc(n + 1, sizeof *en);
    if (!en)
        return -1;
    long long shift = 0;
    for (size_t i = 0; i < n; i++) {
        en[i].start = e[i].start;
        en[i].end = e[i].end;
        en[i].len = e[i].len;
        en[i].nstart = (size_t)((long long)e[i].start + shift);
        shift += (long long)e[i].len - (long long)(e[i].end - e[i].start);
    }
    if (owner && n > 1) {
        owned *idx = malloc(n * sizeof *idx);
        if (!idx) {
            free(en);
            return -1;
        }
        bool sorted = true; /* owners in edit order already: by_owner's order */
        for (size_t i = 0; i < n; i++) {
            idx[i].owner = owner[i];
            idx[i].i = i;
            sorted = sorted && (i == 0 || owner[i - 1] <= owner[i]);
        }
        if (!sorted)
            qsort(idx, n, sizeof *idx, by_owner);
        for (size_t g = 0; g < n;) {
            size_t h = g;
            while (h < n && idx[h].owner == idx[g].owner)
                h++;
            if (h - g > 1 && h - g <= MAX_MOVE_GROUP)
                for (size_t a = g; a < h; a++)
                    for (size_t b = g; b < h; b++)
                        if (a != b)
                            find_move(en, text, e, idx[a].i, idx[b].i);
            g = h;
        }
        free(idx);
    }
    o->r[o->n].e = en;
    o->r[o->n].n = n;
    o->n++;
    return 0;
}

/* x in the newer text of round r, back to the older text. */
static size_t back(const df_origin_round *r, size_t x, int is_end)
{
    /* the last entry whose new text starts at or before x (before x for an
     * end: an end at the start of new text is before it) */
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (is_end ? r->e[mid].nstart < x : r->e[mid].nstart <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return x;
    const entry *k = &r->e[lo - 1];
    size_t i = x - k->nstart;
    if (is_end ? i > k->len : i >= k->len)
        return x - (k->nstart + k->len) + k->end;
    if (k->mlen && (is_end ? i > k->mq && i <= k->mq + k->mlen : i >= k->mq && i < k->mq + k->mlen))
        return k->msrc + (i - k->mq);
    return is_end ? k->end : k->start;
}

df_span df_origin_map(const df_origin *o, unsigned rounds, df_span sp)
{
    if (rounds > o->n)
        rounds = (unsigned)o->n;
    for (unsigned r = rounds; r > 0; r--) {
        const df_origin_round *rr = &o->r[r - 1];
        size_t s = back(rr, sp.start, 0);
        size_t e = sp.end > sp.start ? back(rr, sp.end, 1) : s;
        sp.start = s;
        sp.end = e < s ? s : e;
    }
    return sp;
}
