/*
 * commented.c - commented-out alternatives the author left next to the
 * code (see commented.h).
 */
#include "commented.h"

#include <stdbool.h>
#include <string.h>

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
