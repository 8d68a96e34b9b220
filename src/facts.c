/*
 * facts.c - lookups in the generated tables of the data/ JSON files (facts.h).
 */
#include "dfopt/facts.h"

#include <stdbool.h>
#include <string.h>

#define T df_facts_generated

size_t df_facts_npatterns(void)
{
    return T.npatterns;
}

const df_fact *df_facts_pattern(size_t i)
{
    return i < T.npatterns ? &T.nodes[T.patterns[i]] : NULL;
}

size_t df_facts_nnodes(void)
{
    return T.nnodes;
}

static inline uint32_t load_half(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* memcmp(a, b, n) == 0 without the call, for the short strings keys and
 * list items are: words, the last one overlapping the one before (the
 * call, and the registers find() saved around it, were a third of a
 * lookup) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline bool same(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (df_fact_load_word(a + i) != df_fact_load_word(b + i))
                return false;
        return df_fact_load_word(a + n - 8) == df_fact_load_word(b + n - 8);
    }
    if (n >= 4)
        return load_half(a) == load_half(b) && load_half(a + n - 4) == load_half(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* 1 + the member index of key[0..n) in object o (or of the string s[0..n)
 * in array o), or 0: a walk of o's hash table from the key's slot to the
 * key or an empty slot (the table is at most a quarter full). */
/* inline in its four callers: a call and its register saves were a third
 * of the cost of the two million lookups of a corpus run */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline uint32_t find(const df_fact *o, const char *s, size_t n, uint32_t h)
{
    const uint32_t *tab = T.hslots + 2 * (size_t)o->hslot;
    for (uint32_t i = h & o->hmask;; i = (i + 1) & o->hmask) {
        uint32_t e = tab[2 * i + 1];
        if (!e)
            return 0;
        if (tab[2 * i] != h)
            continue;
        const char *k;
        size_t kl;
        if (o->kind == DF_FACT_OBJECT) {
            k = T.chars + T.keys[o->keys + e - 1];
            kl = T.keylen[o->keys + e - 1];
        } else {
            k = T.chars + T.nodes[o->first + e - 1].first;
            kl = T.nodes[o->first + e - 1].len;
        }
        if (kl == n && same(k, s, n))
            return e;
    }
}

const df_fact *df_fact_geth(const df_fact *obj, const char *key, size_t n, uint32_t h)
{
    if (!obj || obj->kind != DF_FACT_OBJECT || !key || !obj->nhashed)
        return NULL;
    uint32_t e = find(obj, key, n, h);
    return e ? &T.nodes[obj->first + e - 1] : NULL;
}

const df_fact *df_fact_getn(const df_fact *obj, const char *key, size_t n)
{
    if (!obj || obj->kind != DF_FACT_OBJECT || !key || !obj->nhashed)
        return NULL;
    uint32_t e = find(obj, key, n, df_fact_hash(key, n));
    return e ? &T.nodes[obj->first + e - 1] : NULL;
}

size_t df_fact_index(const df_fact *obj, const char *key, size_t n)
{
    if (!obj || obj->kind != DF_FACT_OBJECT || !key || !obj->nhashed)
        return 0;
    return find(obj, key, n, df_fact_hash(key, n));
}

bool df_fact_has(const df_fact *arr, const char *s, size_t n)
{
    if (!arr || arr->kind != DF_FACT_ARRAY || !s || !arr->nhashed)
        return false;
    return find(arr, s, n, df_fact_hash(s, n)) != 0;
}


bool df_fact_hash_has(const df_fact *arr, const char *s, size_t n, uint32_t h)
{
    if (!arr || arr->kind != DF_FACT_ARRAY || !s || !arr->nhashed)
        return false;
    return find(arr, s, n, h) != 0;
}
