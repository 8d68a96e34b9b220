/*
 * facts.c - lookups in the generated tables of the data/ JSON files (facts.h).
 */
#include "dfopt/facts.h"

#include <string.h>

#define T df_facts_generated

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    /* most steps of a search differ in the first byte: no memcmp call */
    if (an && bn && a[0] != b[0])
        return (unsigned char)a[0] - (unsigned char)b[0];
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

const df_fact *df_facts_root(df_facts_which which)
{
    return (unsigned)which < DF_FACTS_NROOTS ? &T.nodes[T.roots[which]] : NULL;
}

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

const df_fact *df_fact_getn(const df_fact *obj, const char *key, size_t n)
{
    if (!obj || obj->kind != DF_FACT_OBJECT || !key)
        return NULL;
    const uint32_t *ord = T.order + obj->sorted;
    size_t lo = 0, hi = obj->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t k = obj->keys + ord[mid];
        int c = cmp_bytes(T.chars + T.keys[k], T.keylen[k], key, n);
        if (c == 0)
            return &T.nodes[obj->first + ord[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const df_fact *df_fact_get(const df_fact *obj, const char *key)
{
    return key ? df_fact_getn(obj, key, strlen(key)) : NULL;
}

size_t df_fact_members(const df_fact *obj)
{
    return obj && obj->kind == DF_FACT_OBJECT ? obj->len : 0;
}

const char *df_fact_key(const df_fact *obj, size_t i)
{
    return i < df_fact_members(obj) ? T.chars + T.keys[obj->keys + i] : NULL;
}

const df_fact *df_fact_value(const df_fact *obj, size_t i)
{
    return i < df_fact_members(obj) ? &T.nodes[obj->first + i] : NULL;
}

size_t df_fact_size(const df_fact *arr)
{
    return arr && arr->kind == DF_FACT_ARRAY ? arr->len : 0;
}

const df_fact *df_fact_at(const df_fact *arr, size_t i)
{
    return i < df_fact_size(arr) ? &T.nodes[arr->first + i] : NULL;
}

bool df_fact_has(const df_fact *arr, const char *s, size_t n)
{
    if (!arr || arr->kind != DF_FACT_ARRAY || !s)
        return false;
    const uint32_t *ord = T.order + arr->sorted;
    size_t lo = 0, hi = arr->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const df_fact *v = &T.nodes[arr->first + ord[mid]];
        int c = cmp_bytes(T.chars + v->first, v->len, s, n);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

const char *df_fact_str(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING ? T.chars + v->first : NULL;
}

size_t df_fact_strlen(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING ? v->len : 0;
}

double df_fact_number(const df_fact *v)
{
    return v && (v->kind == DF_FACT_INT || v->kind == DF_FACT_REAL) ? v->num : 0.0;
}

bool df_fact_is_true(const df_fact *v)
{
    return v && v->kind == DF_FACT_TRUE;
}

bool df_fact_is_string(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING;
}

bool df_fact_is_array(const df_fact *v)
{
    return v && v->kind == DF_FACT_ARRAY;
}

bool df_fact_is_object(const df_fact *v)
{
    return v && v->kind == DF_FACT_OBJECT;
}
