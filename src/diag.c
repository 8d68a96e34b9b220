/*
 * diag.c - the diagnostics list and fix building (see diag.h).
 */
#include "dfopt/diag.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/buf.h"

const char *df_severity_name(df_severity s)
{
    switch (s) {
    case DF_SEV_INFO: return "info";
    case DF_SEV_WARNING: return "warning";
    case DF_SEV_ERROR: return "error";
    }
    return "warning";
}

const char *df_applicability_name(df_applicability a)
{
    switch (a) {
    case DF_APPLY_DISPLAY: return "display";
    case DF_APPLY_UNSAFE: return "unsafe";
    case DF_APPLY_SAFE: return "safe";
    }
    return "display";
}

int df_diags_init(df_diags *d)
{
    memset(d, 0, sizeof *d);
    d->arena = df_arena_new();
    return d->arena ? 0 : -1;
}

void df_diags_release(df_diags *d)
{
    df_arena_free(d->arena);
    memset(d, 0, sizeof *d);
}

/* Append a diagnostic with message msg (owned by d's arena, or a literal). */
static df_diag *new_diag(df_diags *d, const struct df_rule *rule, df_severity sev, df_span span, const char *msg)
{
    df_diag *dg = df_arena_alloc(d->arena, sizeof *dg);
    if (!dg)
        return NULL;
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        df_diag **nv = df_arena_grow(d->arena, d->v, d->cap, nc, sizeof *nv);
        if (!nv)
            return NULL;
        d->v = nv;
        d->cap = nc;
    }
    dg->rule = rule;
    dg->severity = sev;
    dg->span = span;
    dg->message = msg;
    d->v[d->n++] = dg;
    return dg;
}

/* fmt with ap into out[0..cap), for the conversions messages use: %s,
 * %.*s, %zu and %%, each written as vsnprintf writes it. Returns the
 * length, or -1 when fmt has any other conversion, a string is NULL
 * (vsnprintf's "(null)" depends on the precision) or the text does not
 * fit: the caller then formats with vsnprintf. ap is used up either way
 * (pass a copy). vsnprintf costs over a thousand instructions a message,
 * most of it its general machinery. */
static int format_simple(char *out, size_t cap, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *p = fmt;;) {
        size_t lit = strcspn(p, "%");
        if (lit >= cap - n)
            return -1;
        memcpy(out + n, p, lit);
        n += lit;
        p += lit;
        if (!*p)
            break;
        p++; /* the '%' */
        const char *s;
        size_t len;
        char digits[24];
        if (p[0] == '%') {
            s = "%";
            len = 1;
            p += 1;
        } else if (p[0] == 's') {
            s = va_arg(ap, const char *);
            if (!s)
                return -1;
            len = strlen(s);
            p += 1;
        } else if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
            int prec = va_arg(ap, int);
            s = va_arg(ap, const char *);
            if (!s)
                return -1;
            /* a negative precision is taken as if it were omitted */
            len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
            p += 3;
        } else if (p[0] == 'z' && p[1] == 'u') {
            size_t v = va_arg(ap, size_t);
            size_t i = sizeof digits;
            do {
                digits[--i] = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            s = digits + i;
            len = sizeof digits - i;
            p += 2;
        } else {
            return -1;
        }
        if (len >= cap - n)
            return -1;
        memcpy(out + n, s, len);
        n += len;
    }
    out[n] = '\0';
    return n > INT_MAX ? -1 : (int)n;
}

df_diag *df_diags_vadd(df_diags *d, const struct df_rule *rule, df_severity sev, df_span span,
                       const char *fmt, va_list ap)
{
    if (d->no_text)
        return new_diag(d, rule, sev, span, "");
    /* formatted once on the stack; a long message goes through a buffer */
    char tmp[512];
    va_list cp;
    va_copy(cp, ap);
    int n = format_simple(tmp, sizeof tmp, fmt, cp);
    va_end(cp);
    if (n < 0) {
        va_copy(cp, ap);
        n = vsnprintf(tmp, sizeof tmp, fmt, cp);
        va_end(cp);
    }
    df_buf m = DF_BUF_INIT;
    if (n < 0 || ((size_t)n >= sizeof tmp && df_buf_vprintf(&m, fmt, ap) < 0)) {
        df_buf_release(&m);
        df_arena_note_failure(d->arena);
        return NULL;
    }
    char *msg = (size_t)n < sizeof tmp ? df_arena_strndup(d->arena, tmp, (size_t)n)
                                       : df_arena_strndup(d->arena, m.data ? m.data : "", m.len);
    df_buf_release(&m);
    return msg ? new_diag(d, rule, sev, span, msg) : NULL;
}

df_diag *df_diags_add(df_diags *d, const struct df_rule *rule, df_severity sev, df_span span,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    df_diag *dg = df_diags_vadd(d, rule, sev, span, fmt, ap);
    va_end(ap);
    return dg;
}

df_fix *df_diag_set_fix(df_diags *d, df_diag *dg, df_applicability a, const char *description)
{
    df_fix *f = df_arena_alloc(d->arena, sizeof *f);
    if (!f)
        return NULL;
    f->applicability = a;
    f->description = d->no_text ? "" : df_arena_strndup(d->arena, description, strlen(description));
    if (!f->description)
        return NULL;
    dg->fix = f;
    return f;
}

int df_fix_add_edit(df_diags *d, df_diag *dg, size_t start, size_t end, const char *text, size_t len)
{
    df_fix *f = dg->fix;
    if (!f || end < start)
        return -1;
    df_edit e;
    e.start = start;
    e.end = end;
    e.text = df_arena_strndup(d->arena, text, len);
    e.len = len;
    if (!e.text)
        return -1;
    /* keep sorted: find the insertion point, reject overlaps */
    size_t at = f->nedits;
    while (at > 0 && f->edits[at - 1].start > start)
        at--;
    df_edit *nv = df_arena_grow(d->arena, f->edits, f->nedits, f->nedits + 1, sizeof *nv);
    if (!nv)
        return -1;
    memmove(nv + at + 1, nv + at, (f->nedits - at) * sizeof *nv);
    nv[at] = e;
    f->edits = nv;
    f->nedits++;
    for (size_t i = 1; i < f->nedits; i++)
        if (df_edits_overlap(&f->edits[i - 1], &f->edits[i]))
            return -1;
    return 0;
}

int df_diag_set_extra(df_diags *d, df_diag *dg, const char *key, const char *value)
{
    dg->extra_key = df_arena_strndup(d->arena, key, strlen(key));
    dg->extra_value = df_arena_strndup(d->arena, value, strlen(value));
    return dg->extra_key && dg->extra_value ? 0 : -1;
}
