/*
 * source.c - line table over an input buffer, for positions in messages.
 */
#include "dfopt/source.h"

#include <stdlib.h>
#include <string.h>

int df_source_init(df_source *s, const char *path, const char *text, size_t len)
{
    /* one pass: the table starts at a guess (a Dockerfile line is rarely
     * under 16 bytes) and doubles when the guess was short */
    size_t cap = len / 16 + 16, n = 0;
    size_t *ls = malloc(cap * sizeof *ls);
    if (!ls)
        return -1;
    ls[n++] = 0;
    for (const char *p = text, *e = text + len; p < e;) {
        const char *q = memchr(p, '\n', (size_t)(e - p));
        if (!q)
            break;
        p = q + 1;
        if (n == cap) {
            size_t *nv = realloc(ls, 2 * cap * sizeof *ls);
            if (!nv) {
                free(ls);
                return -1;
            }
            ls = nv;
            cap *= 2;
        }
        ls[n++] = (size_t)(p - text);
    }
    s->path = path;
    s->text = text;
    s->len = len;
    s->nlines = n;
    s->line_starts = ls;
    return 0;
}

void df_source_release(df_source *s)
{
    free(s->line_starts);
    s->line_starts = NULL;
    s->nlines = 0;
}

static size_t line_index(const df_source *s, size_t off)
{
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void df_source_linecol(const df_source *s, size_t off, size_t *line, size_t *col)
{
    if (off > s->len)
        off = s->len;
    size_t li = line_index(s, off);
    size_t c = 1;
    for (size_t p = s->line_starts[li]; p < off; p++)
        if (((unsigned char)s->text[p] & 0xC0) != 0x80)
            c++;
    *line = li + 1;
    *col = c;
}

df_span df_source_line(const df_source *s, size_t line)
{
    df_span sp = {s->len, s->len};
    if (line == 0 || line > s->nlines)
        return sp;
    sp.start = s->line_starts[line - 1];
    sp.end = line < s->nlines ? s->line_starts[line] : s->len;
    while (sp.end > sp.start && (s->text[sp.end - 1] == '\n' || s->text[sp.end - 1] == '\r'))
        sp.end--;
    return sp;
}
