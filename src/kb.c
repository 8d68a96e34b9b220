/*
 * kb.c - facts from the data/ folder: the generated tables of facts.h,
 * patterns compiled with PCRE2 on first use.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "dfopt/kb.h"

#include <pcre2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *name;
    df_sh_flagspec spec;
    const char **longs; /* NULL-terminated */
} spec_entry;

/* A compiled pattern and the shortest subject it can match (in bytes at
 * least: PCRE2's minimum is in characters), read once at compile time. */
typedef struct {
    pcre2_code *code;
    uint32_t minlen;
} compiled;

struct df_kb {
    const df_fact *pm;       /* package-managers.json */
    const df_fact *managers; /* pm["managers"] */
    /* pattern i of df_facts_pattern(), compiled by the first df_kb_match
     * that needs it (NULL: not yet); one kb serves every worker thread */
    _Atomic(compiled *) *codes;
    size_t ncodes;
    atomic_size_t compiled; /* how many patterns were compiled */
    atomic_size_t failures; /* matches that could not run (out of memory) */
    spec_entry *specs;
    size_t nspecs;
    df_kb_phrases pins;     /* df_kb_pin_phrases */
};

static const df_sh_flagspec empty_spec = {"", NULL, false};

df_kb *df_kb_new(char *err, size_t errlen)
{
    df_kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    kb->pm = df_facts_root(DF_FACTS_PM);
    kb->managers = df_fact_get(kb->pm, "managers");
    df_kb_pin_phrases_init(&kb->pins);
    kb->ncodes = df_facts_npatterns();
    kb->codes = calloc(kb->ncodes ? kb->ncodes : 1, sizeof *kb->codes);
    kb->nspecs = df_fact_members(kb->managers);
    kb->specs = calloc(kb->nspecs ? kb->nspecs : 1, sizeof *kb->specs);
    if (!kb->codes || !kb->specs) {
        snprintf(err, errlen, "out of memory");
        df_kb_free(kb);
        return NULL;
    }
    for (size_t i = 0; i < kb->ncodes; i++)
        atomic_init(&kb->codes[i], NULL);
    atomic_init(&kb->compiled, 0);
    atomic_init(&kb->failures, 0);
    /* the option specs of the shell model, from each "value_options" */
    for (size_t k = 0; k < kb->nspecs; k++) {
        spec_entry *e = &kb->specs[k];
        const df_fact *vo = df_fact_get(df_fact_value(kb->managers, k), "value_options");
        const df_fact *longs = df_fact_get(vo, "long");
        size_t n = df_fact_size(longs);
        e->name = df_fact_key(kb->managers, k);
        e->longs = calloc(n + 1, sizeof *e->longs);
        if (!e->longs) {
            snprintf(err, errlen, "out of memory");
            df_kb_free(kb);
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            e->longs[i] = df_fact_str(df_fact_at(longs, i));
        const char *sh = df_fact_str(df_fact_get(vo, "short"));
        e->spec.short_value = sh ? sh : "";
        e->spec.long_value = e->longs;
        e->spec.stop_at_operand = false;
    }
    return kb;
}

void df_kb_free(df_kb *kb)
{
    if (!kb)
        return;
    for (size_t i = 0; kb->codes && i < kb->ncodes; i++) {
        compiled *p = atomic_load(&kb->codes[i]);
        if (p)
            pcre2_code_free(p->code);
        free(p);
    }
    free(kb->codes);
    for (size_t i = 0; kb->specs && i < kb->nspecs; i++)
        free(kb->specs[i].longs);
    free(kb->specs);
    free(kb);
}

size_t df_kb_compiled(const df_kb *kb)
{
    return atomic_load(&((df_kb *)kb)->compiled);
}

size_t df_kb_failures(const df_kb *kb)
{
    return kb ? atomic_load(&((df_kb *)kb)->failures) : 0;
}

const df_fact *df_kb_leftovers(const df_kb *kb)
{
    return df_fact_get(kb->pm, "leftovers");
}

const df_fact *df_kb_manager(const df_kb *kb, const char *name)
{
    return df_fact_get(kb->managers, name);
}

bool df_kb_installs_name(const df_kb *kb, const char *s, size_t n, bool module)
{
    return df_fact_has(df_facts_root(module ? DF_FACTS_INSTALL_MODS : DF_FACTS_INSTALL_CMDS), s, n);
}

const df_fact *df_kb_manager_for(const df_kb *kb, const char *cmd, size_t n, const char **name)
{
    const df_fact *i = df_fact_getn(df_facts_root(DF_FACTS_CMD_MANAGER), cmd, n);
    if (!i || i->kind != DF_FACT_INT)
        return NULL;
    size_t k = (size_t)df_fact_number(i);
    const df_fact *m = df_fact_value(kb->managers, k);
    if (m && name)
        *name = df_fact_key(kb->managers, k);
    return m;
}

/* Pattern i, compiled on first use; NULL when PCRE2 fails (out of memory:
 * the generator compiled every pattern at build time), tried again on the
 * next call. */
static const compiled *pattern(const df_kb *kb, size_t i)
{
    df_kb *w = (df_kb *)kb; /* the cache is the kb's only mutable part */
    compiled *p = atomic_load_explicit(&w->codes[i], memory_order_acquire);
    if (p)
        return p;
    const df_fact *f = df_facts_pattern(i);
    int ec;
    PCRE2_SIZE eo;
    p = malloc(sizeof *p);
    if (!p)
        return NULL;
    p->code = pcre2_compile((PCRE2_SPTR)df_fact_str(f), df_fact_strlen(f), PCRE2_UTF, &ec, &eo, NULL);
    if (!p->code || pcre2_pattern_info(p->code, PCRE2_INFO_MINLENGTH, &p->minlen) != 0)
        p->minlen = 0;
    if (!p->code) {
        free(p);
        return NULL;
    }
    compiled *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&w->codes[i], &none, p, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        pcre2_code_free(p->code); /* another thread was first */
        free(p);
        return none;
    }
    atomic_fetch_add(&w->compiled, 1);
    return p;
}

bool df_kb_match_list(const df_kb *kb, const df_fact *list, const char *s, size_t n)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        if (!v->pattern || v->pattern > kb->ncodes)
            continue;
        const compiled *p = pattern(kb, v->pattern - 1u);
        /* most words are shorter than anything the pattern matches: no
         * match data, no match */
        if (p && n < p->minlen)
            continue;
        /* match data per call: one kb serves every worker thread */
        pcre2_match_data *md = p ? pcre2_match_data_create(4, NULL) : NULL;
        int r = md ? pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, 0, md, NULL) : -1;
        pcre2_match_data_free(md);
        if (r >= 0)
            return true;
        if (!md)
            atomic_fetch_add(&((df_kb *)kb)->failures, 1);
    }
    return false;
}

bool df_kb_match(const df_kb *kb, const df_fact *obj, const char *key, const char *s, size_t n)
{
    return df_kb_match_list(kb, df_fact_get(obj, key), s, n);
}

const df_sh_flagspec *df_kb_flagspec(const df_kb *kb, const char *name)
{
    for (size_t i = 0; i < kb->nspecs; i++)
        if (strcmp(kb->specs[i].name, name) == 0)
            return &kb->specs[i].spec;
    return &empty_spec;
}

const df_fact *df_kb_images(const df_kb *kb)
{
    return df_facts_root(DF_FACTS_BI);
}

const df_fact *df_kb_deps(const df_kb *kb)
{
    return df_facts_root(DF_FACTS_DM);
}

/* ---- phrase sets ---------------------------------------------------------- */

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

void df_kb_phrases_init(df_kb_phrases *ps, const df_fact *list)
{
    memset(ps->at, 0, sizeof ps->at);
    memset(ps->off, 0, sizeof ps->off);
    ps->list = list;
    ps->n = df_fact_size(list);
    ps->stride = 0;
    for (size_t i = 0; i < ps->n; i++) {
        const df_fact *v = df_fact_at(list, i);
        const unsigned char *p = (const unsigned char *)df_fact_str(v);
        size_t len = df_fact_strlen(v);
        if (!p || !len)
            continue;
        if (ps->stride == 0 || len < ps->stride)
            ps->stride = len;
        uint64_t bit = (uint64_t)1 << (i % 64);
        for (size_t k = 0; k < 3; k++) {
            if (k >= len) { /* a shorter phrase: any byte there */
                for (size_t c = 0; c < 256; c++)
                    ps->at[k][c] |= bit;
                continue;
            }
            unsigned char c = lower(p[k]);
            ps->at[k][c] |= bit;
            if (c >= 'a' && c <= 'z')
                ps->at[k][c - 'a' + 'A'] |= bit;
        }
    }
    ps->stride = ps->stride > 9 ? 8 : ps->stride ? ps->stride - 1 : 0;
    for (size_t i = 0; i < ps->n && ps->stride; i++) {
        const unsigned char *p = (const unsigned char *)df_fact_str(df_fact_at(list, i));
        size_t len = df_fact_strlen(df_fact_at(list, i));
        for (size_t j = 0; p && j < len && j <= ps->stride; j++) {
            unsigned char c = lower(p[j]);
            ps->off[c] |= (uint16_t)(1u << j);
            if (c >= 'a' && c <= 'z')
                ps->off[c - 'a' + 'A'] |= (uint16_t)(1u << j);
        }
    }
}

void df_kb_pin_phrases_init(df_kb_phrases *ps)
{
    df_kb_phrases_init(ps, df_fact_get(df_fact_get(df_facts_root(DF_FACTS_DM), "not_ours"), "pin_phrases"));
}

const df_kb_phrases *df_kb_pin_phrases(const df_kb *kb)
{
    return &kb->pins;
}

/* Does one of the phrases of mask b start at s[i]? */
static bool phrase_at(const df_kb_phrases *ps, const char *s, size_t n, size_t i, uint64_t b)
{
    while (b) {
        unsigned k = (unsigned)__builtin_ctzll(b);
        b &= b - 1;
        for (size_t j = k; j < ps->n; j += 64) {
            const df_fact *v = df_fact_at(ps->list, j);
            const char *p = df_fact_str(v);
            size_t len = df_fact_strlen(v);
            if (p && len && len <= n - i && strncasecmp(s + i, p, len) == 0)
                return true;
        }
    }
    return false;
}

/* Try the phrases of at[] at s[i]: its first three bytes (those there
 * are), then phrase_at. Inlined: a call per start tried cost more than
 * the tries. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool start_at(const df_kb_phrases *ps, const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t b = ps->at[0][u[i]];
    if (b && i + 1 < n)
        b &= ps->at[1][u[i + 1]];
    if (b && i + 2 < n)
        b &= ps->at[2][u[i + 2]];
    return b && phrase_at(ps, s, n, i, b);
}

bool df_kb_phrases_in(const df_kb_phrases *ps, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    const size_t st = ps->stride;
    if (st == 0) { /* a phrase of one byte, or none: every start */
        for (size_t i = 0; i < n; i++)
            if (start_at(ps, s, n, i))
                return true;
        return false;
    }
    /* A phrase found at i (stride + 1 bytes long at least) covers the one
     * q of i, ..., i + stride - 1 that is a multiple of the stride, and the
     * byte after it, at its bytes j = q - i and j + 1: the starts to try
     * are q - j for the j of both off[s[q]] and off[s[q + 1]] >> 1. */
    for (size_t q = 0; q + 1 < n; q += st) {
        unsigned m = (unsigned)ps->off[u[q]] & ((unsigned)ps->off[u[q + 1]] >> 1);
        while (m) {
            unsigned j = (unsigned)__builtin_ctz(m);
            if (j > q)
                break;
            m &= m - 1;
            if (start_at(ps, s, n, q - j))
                return true;
        }
    }
    return false;
}
