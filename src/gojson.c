/*
 * gojson.c - Go-compatible validation and decoding of a JSON string array
 * (see gojson.h for why this is not a call into jansson).
 */
#include "gojson.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "dfopt/utf8.h"

#define MAX_DEPTH 10000

typedef struct {
    const char *s;
    size_t n, i;
    int depth;
} J;

static void ws(J *j)
{
    while (j->i < j->n) {
        char c = j->s[j->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        j->i++;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool u4(const char *s, size_t n, size_t i, uint32_t *out)
{
    if (i + 4 > n)
        return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(s[i + k]);
        if (h < 0)
            return false;
        v = v * 16 + (uint32_t)h;
    }
    *out = v;
    return true;
}

/* Scan a string token at j->i (a '"'); decode into out when non-NULL. */
static bool string_tok(J *j, df_buf *out, bool *oom)
{
    const char *s = j->s;
    size_t i = j->i + 1;
    while (i < j->n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            j->i = i + 1;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (i + 1 >= j->n)
                return false;
            char e = s[i + 1];
            char lit = 0;
            switch (e) {
            case '"': lit = '"'; break;
            case '\\': lit = '\\'; break;
            case '/': lit = '/'; break;
            case 'b': lit = '\b'; break;
            case 'f': lit = '\f'; break;
            case 'n': lit = '\n'; break;
            case 'r': lit = '\r'; break;
            case 't': lit = '\t'; break;
            case 'u': {
                uint32_t r;
                if (!u4(s, j->n, i + 2, &r))
                    return false;
                i += 6;
                if (r >= 0xD800 && r < 0xDC00) {
                    uint32_t r2;
                    if (i + 1 < j->n && s[i] == '\\' && s[i + 1] == 'u' && u4(s, j->n, i + 2, &r2) &&
                        r2 >= 0xDC00 && r2 < 0xE000) {
                        r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                        i += 6;
                    } else {
                        r = DF_RUNE_ERROR;
                    }
                } else if (r >= 0xDC00 && r < 0xE000) {
                    r = DF_RUNE_ERROR;
                }
                if (out) {
                    char enc[4];
                    size_t el = df_utf8_encode(r, enc);
                    if (df_buf_add(out, enc, el) < 0)
                        *oom = true;
                }
                continue;
            }
            default:
                return false;
            }
            if (out && df_buf_addch(out, lit) < 0)
                *oom = true;
            i += 2;
            continue;
        }
        size_t w;
        uint32_t r = df_utf8_decode(s + i, j->n - i, &w);
        if (out) {
            if (r == DF_RUNE_ERROR && w == 1) {
                if (df_buf_add(out, "\xEF\xBF\xBD", 3) < 0)
                    *oom = true;
            } else if (w == 1 ? df_buf_addch(out, (char)c) < 0 : df_buf_add(out, s + i, w) < 0) {
                *oom = true; /* an ASCII byte a store, not a memcpy call */
            }
        }
        i += w;
    }
    return false;
}

static bool digits(J *j)
{
    size_t st = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++;
    return j->i > st;
}

static bool number(J *j)
{
    if (j->s[j->i] == '-')
        j->i++;
    if (j->i >= j->n)
        return false;
    if (j->s[j->i] == '0')
        j->i++;
    else if (!digits(j))
        return false;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!digits(j))
            return false;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        if (!digits(j))
            return false;
    }
    return true;
}

static bool literal(J *j, const char *w, size_t len)
{
    if (j->n - j->i < len)
        return false;
    for (size_t k = 0; k < len; k++)
        if (j->s[j->i + k] != w[k])
            return false;
    j->i += len;
    return true;
}

static bool value(J *j);

static bool container(J *j, char close, bool object)
{
    if (++j->depth > MAX_DEPTH)
        return false;
    j->i++;
    ws(j);
    if (j->i < j->n && j->s[j->i] == close) {
        j->i++;
        j->depth--;
        return true;
    }
    for (;;) {
        if (object) {
            bool oom = false;
            if (j->i >= j->n || j->s[j->i] != '"' || !string_tok(j, NULL, &oom))
                return false;
            ws(j);
            if (j->i >= j->n || j->s[j->i] != ':')
                return false;
            j->i++;
            ws(j);
        }
        if (!value(j))
            return false;
        ws(j);
        if (j->i >= j->n)
            return false;
        if (j->s[j->i] == ',') {
            j->i++;
            ws(j);
            continue;
        }
        if (j->s[j->i] == close) {
            j->i++;
            j->depth--;
            return true;
        }
        return false;
    }
}

static bool value(J *j)
{
    if (j->i >= j->n)
        return false;
    bool oom = false;
    switch (j->s[j->i]) {
    case '"': return string_tok(j, NULL, &oom);
    case '[': return container(j, ']', false);
    case '{': return container(j, '}', true);
    case 't': return literal(j, "true", 4);
    case 'f': return literal(j, "false", 5);
    case 'n': return literal(j, "null", 4);
    default: return number(j);
    }
}

int df_gojson_string_array(const char *s, size_t n, df_gojson_elem **elems, size_t *nelems,
                           df_buf *vals)
{
    J j = {s, n, 0, 0};
    df_gojson_elem *v = NULL;
    size_t cnt = 0, cap = 0;
    bool not_strings = false, oom = false;
    *elems = NULL;
    *nelems = 0;
    df_buf_clear(vals);
    if (n == 0 || s[0] != '[')
        return DF_GOJSON_INVALID;
    j.i = 1;
    j.depth = 1;
    ws(&j);
    if (j.i < n && s[j.i] == ']') {
        j.i++;
    } else {
        for (;;) {
            if (j.i >= n)
                goto invalid;
            if (s[j.i] == '"') {
                size_t st = j.i, voff = vals->len;
                if (!string_tok(&j, vals, &oom))
                    goto invalid;
                if (cnt == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    df_gojson_elem *nv = realloc(v, nc * sizeof *nv);
                    if (!nv) {
                        oom = true;
                        break;
                    }
                    v = nv;
                    cap = nc;
                }
                df_gojson_elem e = {st, j.i, voff, vals->len - voff};
                v[cnt++] = e;
            } else {
                if (!value(&j))
                    goto invalid;
                not_strings = true;
            }
            ws(&j);
            if (j.i >= n)
                goto invalid;
            if (s[j.i] == ',') {
                j.i++;
                ws(&j);
                continue;
            }
            if (s[j.i] == ']') {
                j.i++;
                break;
            }
            goto invalid;
        }
    }
    if (oom) {
        free(v);
        return DF_GOJSON_OOM;
    }
    ws(&j);
    if (j.i != n)
        goto invalid;
    if (not_strings) {
        free(v);
        return DF_GOJSON_NOT_STRINGS;
    }
    *elems = v;
    *nelems = cnt;
    return DF_GOJSON_ARRAY;
invalid:
    free(v);
    return DF_GOJSON_INVALID;
}
