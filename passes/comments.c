/*
 * comments.c - comment lines that say what a step is for (comments.h).
 */
#include "comments.h"

#include <stdlib.h>
#include <string.h>

#include "dfopt/kb.h"

void df_said_init(df_said *s)
{
    s->scanned = false;
    s->v = NULL;
    s->n = 0;
}

/* One scan of the file: each comment line that says it, with the end of its
 * block of comment lines. */
static void scan(const df_ctx *c, const df_fact *spec, df_said *s)
{
    s->scanned = true;
    const df_fact *with = df_fact_get(spec, "with");
    df_kb_phrases *ps = malloc(3 * sizeof *ps); /* 6 KiB each: not on the stack */
    if (!ps) {
        df_arena_note_failure(c->doc->arena);
        return;
    }
    df_kb_phrases_init(&ps[0], df_fact_get(spec, "phrases"));
    df_kb_phrases_init(&ps[1], df_fact_get(spec, "negations"));
    df_kb_phrases_init(&ps[2], with);
    const char *t = c->src->text;
    size_t n = c->src->len, cap = 0, open = 0; /* v[open..]: blocks not closed yet */
    for (size_t ls = 0; ls < n;) {
        const char *nl = memchr(t + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k < le && t[k] == '#') {
            if (df_kb_phrases_in(&ps[0], t + k, le - k) && !df_kb_phrases_in(&ps[1], t + k, le - k) &&
                (!with || df_kb_phrases_in(&ps[2], t + k, le - k))) {
                if (s->n == cap) {
                    size_t nc = cap ? 2 * cap : 8;
                    df_said_block *w = df_arena_alloc(c->doc->arena, nc * sizeof *w);
                    if (!w)
                        break; /* the arena records the failure */
                    if (s->n)
                        memcpy(w, s->v, s->n * sizeof *w);
                    s->v = w;
                    cap = nc;
                }
                s->v[s->n].line = ls;
                s->v[s->n].next = n;
                s->n++;
            }
        } else {
            for (; open < s->n; open++)
                s->v[open].next = ls;
        }
        ls = le + 1;
    }
    free(ps);
}

bool df_said_above(const df_ctx *c, const df_fact *spec, df_said *s, size_t at)
{
    if (!s->scanned)
        scan(c, spec, s);
    if (!s->n)
        return false;
    const char *t = c->src->text;
    size_t ls = at;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    /* the last block whose marked line starts before this line */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].line < ls)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && s->v[lo - 1].next == ls;
}

bool df_said_cleanup_disabled(const df_ctx *c, const df_fact *m, const df_instr *in)
{
    const df_fact *list = df_fact_get(m, "commented_cleanup");
    if (!list)
        return false;
    df_kb_phrases *ps = malloc(sizeof *ps);
    if (!ps) {
        df_arena_note_failure(c->doc->arena);
        return false;
    }
    df_kb_phrases_init(ps, list);
    const char *t = c->src->text;
    bool found = false;
    /* comment lines inside the continuation */
    for (size_t i = 0; !found && i < in->nplines; i++) {
        const df_pline *pl = &in->plines[i];
        if (pl->kind == DF_PLINE_COMMENT)
            found = df_kb_phrases_in(ps, t + pl->span.start, pl->span.end - pl->span.start);
    }
    /* the block of comment lines right after it */
    size_t n = c->src->len;
    for (size_t ls = in->span.end; !found && ls < n;) {
        const char *nl = memchr(t + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k >= le || t[k] != '#')
            break;
        found = df_kb_phrases_in(ps, t + k, le - k);
        ls = le + 1;
    }
    free(ps);
    return found;
}
