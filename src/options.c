/*
 * options.c - rule selection (--select / --ignore, config file lists).
 */
#include "dfopt/options.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/rule.h"

void df_options_default(df_options *o)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < df_nrules && i < DF_MAX_RULES; i++)
        o->enabled[i] = true;
}

static int rule_index(const df_rule *r)
{
    for (size_t i = 0; i < df_nrules; i++)
        if (df_rules[i] == r)
            return (int)i;
    return -1;
}

int df_options_select(df_options *o, const char *list, bool select, char *bad, size_t badlen)
{
    bool want[DF_MAX_RULES] = {false};
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        char key[64];
        size_t n = (size_t)(e - p);
        while (n && p[n - 1] == ' ')
            n--;
        if (n >= sizeof key)
            n = sizeof key - 1;
        memcpy(key, p, n);
        key[n] = '\0';
        if (strcasecmp(key, "all") == 0) {
            for (size_t i = 0; i < df_nrules && i < DF_MAX_RULES; i++)
                want[i] = true;
        } else if (strcasecmp(key, "none") != 0) {
            const df_rule *r = df_rule_find(key);
            int idx = r ? rule_index(r) : -1;
            if (idx < 0 || idx >= DF_MAX_RULES) {
                snprintf(bad, badlen, "%s", key);
                return -1;
            }
            want[idx] = true;
        }
        p = e;
    }
    for (size_t i = 0; i < df_nrules && i < DF_MAX_RULES; i++) {
        if (select)
            o->enabled[i] = want[i];
        else if (want[i])
            o->enabled[i] = false;
    }
    return 0;
}
