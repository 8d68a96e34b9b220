/*
 * pragma.c - `# dfopt ignore=` and `# hadolint ignore=` comments.
 *
 * Users already annotate Dockerfiles for hadolint; honouring those pragmas
 * through each rule's hadolint code means they do not have to annotate twice.
 */
#include "dfopt/pragma.h"

#include <string.h>
#include <strings.h>

#include "dfopt/rule.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Parse one comment line [a, b) (starting at '#'). Returns the list start
 * and sets *len, *global; NULL when it is not a pragma. */
static const char *parse_line(const char *s, size_t a, size_t b, size_t *len, bool *global)
{
    size_t i = a + 1;
    while (i < b && is_blank(s[i]))
        i++;
    size_t tool = 0;
    if (b - i >= 5 && strncasecmp(s + i, "dfopt", 5) == 0)
        tool = 5;
    else if (b - i >= 8 && strncasecmp(s + i, "hadolint", 8) == 0)
        tool = 8;
    if (!tool)
        return NULL;
    i += tool;
    if (i >= b || !is_blank(s[i]))
        return NULL;
    while (i < b && is_blank(s[i]))
        i++;
    *global = false;
    if (b - i >= 6 && strncasecmp(s + i, "global", 6) == 0 && i + 6 < b && is_blank(s[i + 6])) {
        *global = true;
        i += 6;
        while (i < b && is_blank(s[i]))
            i++;
    }
    if (b - i < 7 || strncasecmp(s + i, "ignore=", 7) != 0)
        return NULL;
    i += 7;
    size_t e = i;
    while (e < b && s[e] != '\r' && s[e] != '\n' && s[e] != '#')
        e++;
    while (e > i && is_blank(s[e - 1]))
        e--;
    *len = e - i;
    return s + i;
}

static const char *join(df_arena *a, const char *old, const char *add, size_t n)
{
    size_t ol = old ? strlen(old) : 0;
    char *p = df_arena_alloc(a, ol + n + 2);
    if (!p)
        return old;
    if (ol) {
        memcpy(p, old, ol);
        p[ol++] = ',';
    }
    memcpy(p + ol, add, n);
    p[ol + n] = '\0';
    return p;
}

int df_pragmas_scan(const df_doc *doc, df_pragmas *out)
{
    const char *s = doc->src->text;
    out->global = NULL;
    out->per_instr = df_arena_alloc(doc->arena, (doc->ninstrs ? doc->ninstrs : 1) * sizeof(char *));
    if (!out->per_instr)
        return -1;
    for (size_t k = 0; k < doc->npieces; k++) {
        const df_piece *pc = &doc->pieces[k];
        if (pc->kind != DF_PIECE_TRIVIA)
            continue;
        const df_instr *next = k + 1 < doc->npieces ? doc->pieces[k + 1].instr : NULL;
        /* walk the lines; track whether the run of comments touches the end */
        size_t ls = pc->span.start;
        while (ls < pc->span.end) {
            const char *nl = memchr(s + ls, '\n', pc->span.end - ls);
            size_t le = nl ? (size_t)(nl - s) + 1 : pc->span.end;
            size_t i = ls;
            while (i < le && (is_blank(s[i]) || (unsigned char)s[i] == 0xEF || (unsigned char)s[i] == 0xBB ||
                              (unsigned char)s[i] == 0xBF))
                i++;
            if (i < le && s[i] == '#') {
                size_t n;
                bool global;
                const char *list = parse_line(s, i, le, &n, &global);
                if (list && global) {
                    out->global = join(doc->arena, out->global, list, n);
                } else if (list && next) {
                    /* only if every line from here to the piece end is a comment */
                    bool direct = true;
                    size_t q = le;
                    while (q < pc->span.end && direct) {
                        const char *nl2 = memchr(s + q, '\n', pc->span.end - q);
                        size_t qe = nl2 ? (size_t)(nl2 - s) + 1 : pc->span.end;
                        size_t j = q;
                        while (j < qe && is_blank(s[j]))
                            j++;
                        if (j >= qe || s[j] != '#')
                            direct = false;
                        q = qe;
                    }
                    if (direct)
                        out->per_instr[next->index] = join(doc->arena, out->per_instr[next->index], list, n);
                }
            }
            ls = le;
        }
    }
    return 0;
}

bool df_pragma_list_names(const char *list, const struct df_rule *r)
{
    if (!list)
        return false;
    const char *p = list;
    while (*p) {
        while (*p == ',' || is_blank(*p))
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *te = e;
        while (te > p && is_blank(te[-1]))
            te--;
        size_t n = (size_t)(te - p);
        if (n) {
            if ((strlen(r->id) == n && strncasecmp(p, r->id, n) == 0) ||
                (strlen(r->name) == n && strncasecmp(p, r->name, n) == 0) ||
                df_rule_has_hadolint(r, p, n))
                return true;
        }
        p = e;
    }
    return false;
}

bool df_pragmas_silence(const df_pragmas *p, const df_doc *doc, const struct df_rule *r, size_t at)
{
    if (df_pragma_list_names(p->global, r))
        return true;
    /* the instruction containing `at` */
    size_t lo = 0, hi = doc->ninstrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->instrs[mid]->span.end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < doc->ninstrs && doc->instrs[lo]->span.start <= at)
        return df_pragma_list_names(p->per_instr[lo], r);
    return false;
}
