/*
 * comments.c - comment lines that say what a step is for, and commented-out
 * alternatives the author left next to the code (comments.h).
 */
#include "comments.h"

#include <stdlib.h>
#include <string.h>

#include "dfopt/buf.h"
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
    /* the tables are built when first needed: the phrases' at the first
     * comment line, the others' at the first line that says a phrase (each
     * table is 6 KiB to fill, and most files have no such line) */
    int ready = 0;
    const char *t = c->src->text;
    size_t n = c->src->len, cap = 0, open = 0; /* v[open..]: blocks not closed yet */
    for (size_t ls = 0; ls < n;) {
        const char *nl = memchr(t + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t k = ls;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k < le && t[k] == '#') {
            if (!ready) {
                ready = 1;
                df_kb_phrases_init(&ps[0], df_fact_get(spec, "phrases"));
            }
            bool says = df_kb_phrases_in(&ps[0], t + k, le - k);
            if (says && ready == 1) {
                ready = 2;
                df_kb_phrases_init(&ps[1], df_fact_get(spec, "negations"));
                df_kb_phrases_init(&ps[2], with);
            }
            if (says && !df_kb_phrases_in(&ps[1], t + k, le - k) &&
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

/* Does comment text s[0..n) hold one of the strings of list (any case)?
 * A comment line is short and the list a few phrases: a memchr per phrase
 * costs less than the 6 KiB table of a df_kb_phrases set, which a RUN
 * followed by a comment used to build for each finding. */
bool df_says_one_of(const df_fact *list, const char *s, size_t n)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        size_t pl = df_fact_strlen(v);
        if (pl && df_bytes_contain_ci(s, n, df_fact_str(v), pl))
            return true;
    }
    return false;
}

bool df_said_cleanup_disabled(const df_ctx *c, const df_fact *m, const df_instr *in)
{
    const df_fact *list = df_fact_get(m, "commented_cleanup");
    if (!list)
        return false;
    const char *t = c->src->text;
    bool found = false;
    /* comment lines inside the continuation */
    for (size_t i = 0; !found && i < in->nplines; i++) {
        const df_pline *pl = &in->plines[i];
        if (pl->kind == DF_PLINE_COMMENT)
            found = df_says_one_of(list, t + pl->span.start, pl->span.end - pl->span.start);
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
        found = df_says_one_of(list, t + k, le - k);
        ls = le + 1;
    }
    return found;
}

/* ---- a commented-out copy of the command, with one more option ------- */

/* At most this many comment lines above a command are read. */
#define MAX_ABOVE 4

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of s[*i, e): its start and length, 0 at the end. A lone
 * backslash (a line continuation) is no word. */
static size_t next_word(const char *s, size_t *i, size_t e, const char **w)
{
    for (;;) {
        while (*i < e && blank(s[*i]))
            (*i)++;
        size_t b = *i;
        while (*i < e && !blank(s[*i]))
            (*i)++;
        if (*i == b)
            return 0;
        if (*i - b == 1 && s[b] == '\\')
            continue;
        *w = s + b;
        return *i - b;
    }
}

/* Are the words of comment c[cb, ce) those of code s[b, e), with `flag`
 * once more somewhere? */
static bool same_plus_flag(const char *s, size_t b, size_t e, size_t cb, size_t ce, const char *flag)
{
    size_t fl = strlen(flag);
    bool skipped = false;
    size_t i = b, j = cb;
    for (;;) {
        const char *w1 = NULL, *w2 = NULL;
        size_t n2 = next_word(s, &j, ce, &w2);
        if (n2 && !skipped && n2 == fl && memcmp(w2, flag, fl) == 0) {
            skipped = true;
            continue;
        }
        size_t n1 = next_word(s, &i, e, &w1);
        if (!n1 || !n2)
            return !n1 && !n2 && skipped;
        if (n1 != n2 || memcmp(w1, w2, n1) != 0)
            return false;
    }
}

size_t df_commented_copy_with(const df_source *src, size_t pos, const char *flag)
{
    if (!src || pos > src->len || !flag || !*flag)
        return 0;
    size_t line, col;
    df_source_linecol(src, pos, &line, &col);
    df_span code = df_source_line(src, line);
    const char *s = src->text;
    for (size_t k = 1; k <= MAX_ABOVE && k < line; k++) {
        df_span c = df_source_line(src, line - k);
        size_t i = c.start;
        while (i < c.end && blank(s[i]))
            i++;
        if (i >= c.end || s[i] != '#')
            return 0;
        while (i < c.end && (s[i] == '#' || blank(s[i])))
            i++;
        if (same_plus_flag(s, code.start, code.end, i, c.end, flag))
            return line - k;
    }
    return 0;
}
