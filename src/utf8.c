/*
 * utf8.c - Go-compatible UTF-8 decoding and white space (see utf8.h).
 */
#include "dfopt/utf8.h"

uint32_t df_utf8_decode_multi(const char *s, size_t n, size_t *width)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    *width = 1;
    if (c < 0x80)
        return c;
    size_t need;
    uint32_t r, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        r = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        r = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        r = c & 0x07;
        min = 0x10000;
    } else {
        return DF_RUNE_ERROR;
    }
    if (n < need)
        return DF_RUNE_ERROR;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return DF_RUNE_ERROR;
        r = (r << 6) | (p[i] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        return DF_RUNE_ERROR;
    *width = need;
    return r;
}

bool df_is_space_wide(uint32_t r)
{
    if (r <= 0xFF)
        return r == 0x85 || r == 0xA0;
    return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
           r == 0x202F || r == 0x205F || r == 0x3000;
}

size_t df_utf8_skip_space_from(const char *s, size_t n, size_t i)
{
    while (i < n) {
        size_t w;
        uint32_t r = df_utf8_decode(s + i, n - i, &w);
        if (r == DF_RUNE_ERROR && w == 1)
            break;
        if (!df_is_space_rune(r))
            break;
        i += w;
    }
    return i;
}

size_t df_utf8_rtrim_space(const char *s, size_t n)
{
    while (n > 0) {
        /* find the start of the last rune */
        size_t st = n - 1;
        size_t back = 0;
        while (st > 0 && back < 3 && ((unsigned char)s[st] & 0xC0) == 0x80) {
            st--;
            back++;
        }
        size_t w;
        uint32_t r = df_utf8_decode(s + st, n - st, &w);
        if (st + w != n) { /* not a full rune ending at n: last byte is invalid */
            break;
        }
        if (r == DF_RUNE_ERROR && w == 1)
            break;
        if (!df_is_space_rune(r))
            break;
        n = st;
    }
    return n;
}

size_t df_utf8_encode(uint32_t r, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (r < 0x80) {
        o[0] = (unsigned char)r;
        return 1;
    }
    if (r < 0x800) {
        o[0] = (unsigned char)(0xC0 | (r >> 6));
        o[1] = (unsigned char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (r >> 12));
        o[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (r & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (r >> 18));
    o[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (r & 0x3F));
    return 4;
}
