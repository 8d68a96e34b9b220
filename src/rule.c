/*
 * rule.c - registry lookups and the helpers passes share.
 */
#include "dfopt/rule.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

bool df_rule_has_hadolint(const df_rule *r, const char *s, size_t n)
{
    const char *p = r->hadolint;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && strncasecmp(p, s, n) == 0)
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

const df_rule *df_rule_find(const char *key)
{
    for (size_t i = 0; i < df_nrules; i++) {
        const df_rule *r = df_rules[i];
        if (strcasecmp(key, r->id) == 0 || strcasecmp(key, r->name) == 0 ||
            df_rule_has_hadolint(r, key, strlen(key)))
            return r;
    }
    return NULL;
}

df_diag *df_report(df_ctx *ctx, df_severity sev, df_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    df_diag *d = df_diags_vadd(ctx->out, ctx->rule, sev, span, fmt, ap);
    va_end(ap);
    return d;
}

const char *df_eol(const df_doc *d)
{
    return d->crlf ? "\r\n" : "\n";
}

extern const char *const df_ruledocs[][2];
extern const size_t df_nruledocs;

const char *df_rule_doc(const df_rule *r)
{
    for (size_t i = 0; i < df_nruledocs; i++)
        if (strcmp(df_ruledocs[i][0], r->id) == 0)
            return df_ruledocs[i][1];
    return r->summary;
}
