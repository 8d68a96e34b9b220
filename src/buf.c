/*
 * buf.c - growable byte buffer; see include/dfopt/buf.h for the invariants.
 */
#include "dfopt/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int df_buf_grow(df_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (b->data && need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return -1;
    }
    if (!b->data)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return 0;
}

int df_buf_add(df_buf *b, const void *p, size_t n)
{
    /* room already (the common case): no call to grow */
    if (!b->data || b->cap - b->len <= n) {
        if (df_buf_grow(b, n) < 0)
            return -1;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int df_buf_addstr(df_buf *b, const char *s)
{
    return df_buf_add(b, s, strlen(s));
}

int df_buf_vprintf(df_buf *b, const char *fmt, va_list ap)
{
    /* format once into the room there is; a second time only when the
     * text did not fit (or the buffer has no storage yet) */
    va_list cp;
    va_copy(cp, ap);
    /* a fresh buffer gets room for a message first: formatting into no
     * room only measures, and the text was then formatted a second time */
    if (!b->data && df_buf_grow(b, 255) < 0) {
        va_end(cp);
        return -1;
    }
    size_t room = b->data ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, cp);
    va_end(cp);
    if (n < 0 || ((size_t)n >= room && df_buf_grow(b, (size_t)n) < 0)) {
        if (room)
            b->data[b->len] = '\0'; /* what a cut write left there */
        return -1;
    }
    if ((size_t)n >= room)
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int df_buf_printf(df_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = df_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

void df_buf_clear(df_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void df_buf_release(df_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

char *df_buf_detach(df_buf *b, size_t *len)
{
    if (!b->data && df_buf_grow(b, 0) < 0)
        return NULL;
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return p;
}

/* How often each byte stands in Dockerfiles: per mille of the bytes of the
 * bench corpus's files (0: rarer than one in a thousand). */
static const unsigned char byte_freq[256] = {
    [' '] = 108, ['e'] = 56, ['t'] = 39, ['a'] = 37, ['r'] = 37, ['o'] = 35, ['i'] = 34, ['s'] = 33, ['n'] = 30,
    ['-'] = 29,  ['c'] = 28, ['l'] = 26, ['\n'] = 24, ['/'] = 23, ['p'] = 23, ['d'] = 21, ['\t'] = 18, ['u'] = 16,
    ['m'] = 15,  ['.'] = 14, ['h'] = 14, ['g'] = 13, ['\\'] = 12, ['b'] = 12, ['f'] = 12, ['_'] = 11, ['E'] = 10,
    ['"'] = 9,   ['0'] = 8,  ['1'] = 8,  ['N'] = 8,  ['R'] = 8,  ['k'] = 8,  ['#'] = 7,  ['A'] = 7,  ['O'] = 7,
    ['2'] = 6,   ['I'] = 6,  ['S'] = 6,  ['v'] = 6,  ['y'] = 6,  ['&'] = 5,  ['3'] = 5,  ['4'] = 5,  ['5'] = 5,
    ['6'] = 5,   [';'] = 5,  ['C'] = 5,  ['D'] = 5,  ['L'] = 5,  ['P'] = 5,  ['T'] = 5,  ['w'] = 5,  ['$'] = 4,
    ['7'] = 4,   ['8'] = 4,  [':'] = 4,  ['='] = 4,  ['x'] = 4,  ['\''] = 3, ['9'] = 3,  ['F'] = 3,  ['M'] = 3,
    ['U'] = 3,   [')'] = 2,  ['B'] = 2,  ['G'] = 2,  ['H'] = 2,  ['V'] = 2,  ['z'] = 2,  ['('] = 1,  ['*'] = 1,
    [','] = 1,   ['W'] = 1,  ['Y'] = 1,  ['j'] = 1,  ['q'] = 1,  ['{'] = 1,  ['}'] = 1,
};

const char *df_bytes_find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0)
        return s;
    if (n < k)
        return NULL;
    /* memchr for the needle's rarest byte (the first of them), then its
     * first byte before a memcmp call: the rules search RUN texts and
     * whole files for lists of words (df_pm_contains_any), and a memchr
     * for a word's first letter stopped at every e and s of the text.
     * The candidates come in text order: the first match is returned. */
    size_t j = 0;
    unsigned best = byte_freq[(unsigned char)needle[0]];
    for (size_t i = 1; i < k && best; i++) {
        unsigned f = byte_freq[(unsigned char)needle[i]];
        if (f < best)
            best = f, j = i;
    }
    char rare = needle[j], first = needle[0];
    for (const char *p = s + j, *last = s + (n - k) + j; p <= last; p++) {
        p = memchr(p, rare, (size_t)(last - p) + 1);
        if (!p)
            return NULL;
        if (p[-(ptrdiff_t)j] == first && memcmp(p - j, needle, k) == 0)
            return p - j;
    }
    return NULL;
}

bool df_bytes_contain(const char *s, size_t n, const char *needle)
{
    return df_bytes_find(s, n, needle) != NULL;
}

bool df_bytes_contain_ci(const char *s, size_t n, const char *needle, size_t k)
{
    if (k == 0)
        return true;
    char lo = needle[0], up = needle[0];
    if (lo >= 'A' && lo <= 'Z')
        lo = (char)(lo - 'A' + 'a');
    if (up >= 'a' && up <= 'z')
        up = (char)(up - 'a' + 'A');
    if (n < k)
        return false;
    /* the needle's second byte in lower case (ASCII letters only, as
     * strncasecmp in the C locale): checked before the strncasecmp call,
     * since most places where the first letter stands are no match */
    unsigned char n1 = k > 1 ? (unsigned char)needle[1] : 0;
    if (n1 >= 'A' && n1 <= 'Z')
        n1 = (unsigned char)(n1 - 'A' + 'a');
    /* memchr for each case of the first letter: most lines hold neither */
    for (int pass = 0; pass < (lo == up ? 1 : 2); pass++) {
        char c = pass ? up : lo;
        for (const char *p = s, *last = s + (n - k); p <= last; p++) {
            p = memchr(p, c, (size_t)(last - p) + 1);
            if (!p)
                break;
            if (k > 1) {
                unsigned char b = (unsigned char)p[1];
                if (b >= 'A' && b <= 'Z')
                    b = (unsigned char)(b - 'A' + 'a');
                if (b != n1)
                    continue;
            }
            if (strncasecmp(p, needle, k) == 0)
                return true;
        }
    }
    return false;
}
