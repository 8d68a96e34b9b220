/*
 * facts.h - the data/ folder as const C tables, generated at build time.
 *
 * scripts/genfacts.c (built and run by the Makefile) reads
 * data/package-managers.json, data/base-images.json and
 * data/dependency-manifests.json and writes build/gen/facts.c: every value
 * of the three trees as one node of a const array, every string (keys
 * included) in one const character array, object members in file order,
 * and a hash table per object (its keys) and per array (its strings).
 * Nothing is parsed or built when dfopt starts, and the tables hold no
 * pointers (no relocations to apply at load). The JSON files stay the source of truth;
 * their "sources" and dates are nodes like any other. The generator also
 * checks, at build time, that every pattern list compiles with PCRE2.
 *
 * Ownership: everything is static and read-only; a node pointer is valid
 * for the whole run. A lookup on NULL or on a node of the wrong kind
 * answers NULL / 0 / false, like jansson does.
 */
#ifndef DFOPT_FACTS_H
#define DFOPT_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    DF_FACT_NULL,
    DF_FACT_FALSE,
    DF_FACT_TRUE,
    DF_FACT_INT,
    DF_FACT_REAL,
    DF_FACT_STRING,
    DF_FACT_ARRAY,
    DF_FACT_OBJECT
} df_fact_kind;

/* One value. Offsets index the generated tables (see facts.c). */
typedef struct df_fact {
    uint8_t kind;     /* df_fact_kind */
    uint16_t pattern; /* a string of a pattern list: 1 + its pattern index; else 0 */
    uint32_t len;     /* string: bytes; array: items; object: members */
    uint32_t first;   /* string: offset in the characters; array/object: first child node */
    uint32_t keys;    /* object: first of its len keys (file order) in the key table */
    uint32_t nhashed; /* object: len; array: how many items are strings */
    uint32_t hslot;   /* array/object with nhashed > 0: first slot of its hash table */
    uint32_t hmask;   /* and its slot count - 1 (a power of two, at least 4 * nhashed) */
    double num;       /* int and real */
} df_fact;

/* The hash of the tables: the generator and the lookups must agree, so
 * the bytes are read as little-endian words whatever the host (compilers
 * turn the shifts into one load), eight at a time, and mixed by multiply
 * and xor-shift. */
static inline uint32_t df_fact_hash(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15u;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
                     (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 29;
    }
    uint64_t w = 0; /* the last 0 to 7 bytes: 4, 2 and 1 at a time */
    unsigned sh = 0;
    if (n & 4) {
        w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
        p += 4;
        sh = 32;
    }
    if (n & 2) {
        w |= ((uint64_t)p[0] | (uint64_t)p[1] << 8) << sh;
        p += 2;
        sh += 16;
    }
    if (n & 1)
        w |= (uint64_t)p[0] << sh;
    h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* The generated tables (build/gen/facts.c; read only through the functions
 * below). */
typedef struct {
    const df_fact *nodes;
    size_t nnodes;
    const char *chars;      /* every string, NUL-terminated */
    const uint32_t *keys;   /* offset in chars of each object key */
    const uint32_t *keylen; /* and its length */
    const uint32_t *roots;  /* node index of each df_facts_root */
    const uint32_t *patterns; /* node index of each pattern string */
    size_t npatterns;
    /* hash slots, two words each: the hash of a key (object) or string
     * item (array), and 1 + its member / item index; 0: an empty slot */
    const uint32_t *hslots;
} df_facts_tables;

extern const df_facts_tables df_facts_generated;

/* The generated trees and the indexes derived from them. */
typedef enum {
    DF_FACTS_PM,           /* data/package-managers.json */
    DF_FACTS_BI,           /* data/base-images.json */
    DF_FACTS_DM,           /* data/dependency-manifests.json */
    DF_FACTS_CMD_MANAGER,  /* object: command -> member index, in "managers", of the first manager whose
                              "commands" lists it */
    DF_FACTS_INSTALL_CMDS, /* array: the "commands" of every ecosystem's "installs" (data/dependency-manifests.json) */
    DF_FACTS_INSTALL_MODS, /* array: the same for their "modules" */
    DF_FACTS_NEUTRAL_NAMES, /* array: the first word of every context_free "neutral" sequence */
    DF_FACTS_CMD_FAMILY,   /* object: install command -> the "family" of the first ecosystem whose
                              "installs" list it (null when that ecosystem has none) */
    DF_FACTS_SLIMMER_BY_IMAGE, /* object: image -> array of the indexes, in file order, of the entries of
                              data/base-images.json's "slimmer" whose "image" it is */
    DF_FACTS_DEPRECATED_BY_IMAGE, /* object: the same for its "deprecated" */
    DF_FACTS_SURVEY_NAMES, /* object: command -> integer: bit 0 set when package-managers.json's
                              leftovers.build_dirs.builders lists it, bit 1 + k when the "commands" of member k
                              (k < 30) of leftovers.tools list it */
    DF_FACTS_NROOTS
} df_facts_which;

/* The accessors below are inline: the rules call them millions of times
 * a corpus run, each a check of the node's kind and an index, which cost
 * less than the call did. */
static inline const df_fact *df_facts_root(df_facts_which which)
{
    return (unsigned)which < DF_FACTS_NROOTS ? &df_facts_generated.nodes[df_facts_generated.roots[which]] : NULL;
}

/* How many strings of pattern lists there are (df_fact.pattern - 1 < this),
 * and pattern i's node. */
size_t df_facts_npatterns(void);
const df_fact *df_facts_pattern(size_t i);

/* How many nodes were generated (a test measures the tables with it). */
size_t df_facts_nnodes(void);

/* obj[key] (key NUL-terminated, or key[0..n)), NULL when obj is not an
 * object or has no such member. One hash of the key and, most often, one
 * comparison. df_fact_get is inline so that the length of a literal key is
 * known when compiling. */
const df_fact *df_fact_getn(const df_fact *obj, const char *key, size_t n);
/* df_fact_getn with the key's hash h = df_fact_hash(key, n) given. */
const df_fact *df_fact_geth(const df_fact *obj, const char *key, size_t n, uint32_t h);
/* df_fact_geth for a key of n <= 16 bytes given as two words, its bytes
 * 0-7 (lo) and 8-15 (hi) read as df_fact_word does: compared with the
 * table's key by two loads, not a memcmp call. Inline: every df_fact_get
 * of a literal key is one (a million a corpus run), and a call saved five
 * registers around a lookup of some thirty instructions. */
static inline uint64_t df_fact_load_word(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline const df_fact *df_fact_getw(const df_fact *obj, size_t n, uint32_t h, uint64_t lo, uint64_t hi)
{
    if (!obj || obj->kind != DF_FACT_OBJECT || !obj->nhashed || n > 16)
        return NULL;
    const df_facts_tables *t = &df_facts_generated;
    const uint32_t *tab = t->hslots + 2 * (size_t)obj->hslot;
    for (uint32_t i = h & obj->hmask;; i = (i + 1) & obj->hmask) {
        uint32_t e = tab[2 * i + 1];
        if (!e)
            return NULL;
        if (tab[2 * i] != h || t->keylen[obj->keys + e - 1] != n)
            continue;
        const char *k = t->chars + t->keys[obj->keys + e - 1];
        /* a key is followed by zeros up to 16 bytes from its start
         * (genfacts.c: add_key_chars), as lo and hi are past n */
        if (df_fact_load_word(k) == lo && df_fact_load_word(k + 8) == hi)
            return &t->nodes[obj->first + e - 1];
    }
}

/* s[0..n) (n <= 8) as a little-endian word, zero past n: of a literal, a
 * constant the compiler folds. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline uint64_t df_fact_word(const char *s, size_t n)
{
    /* no loop: one the compiler does not unroll is not folded either */
#define DF_FACT_BYTE(i) (n > (i) ? (uint64_t)(unsigned char)s[i] << (8 * (i)) : 0)
    return DF_FACT_BYTE(0) | DF_FACT_BYTE(1) | DF_FACT_BYTE(2) | DF_FACT_BYTE(3) | DF_FACT_BYTE(4) |
           DF_FACT_BYTE(5) | DF_FACT_BYTE(6) | DF_FACT_BYTE(7);
#undef DF_FACT_BYTE
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline const df_fact *df_fact_get(const df_fact *obj, const char *key)
{
    if (!key)
        return NULL;
    size_t n = strlen(key);
#if defined(__GNUC__) || defined(__clang__)
    /* a literal key: the compiler folds its hash too (a third of the
     * cost of the 1.2 million lookups of a corpus run), and its bytes
     * into the words df_fact_getw compares (the memcmp call was a fifth) */
    if (__builtin_constant_p(n)) {
        if (n <= 16)
            return df_fact_getw(obj, n, df_fact_hash(key, n), df_fact_word(key, n),
                                n > 8 ? df_fact_word(key + 8, n - 8) : 0);
        return df_fact_geth(obj, key, n, df_fact_hash(key, n));
    }
#endif
    return df_fact_getn(obj, key, n);
}

/* 1 + the member index (file order) of key[0..n) in object obj, or 0 when
 * obj is no object or has no such member: one hash, as df_fact_getn. */
size_t df_fact_index(const df_fact *obj, const char *key, size_t n);

/* Object members in file order: key i and value i (i < df_fact_members). */
static inline size_t df_fact_members(const df_fact *obj)
{
    return obj && obj->kind == DF_FACT_OBJECT ? obj->len : 0;
}
static inline const char *df_fact_key(const df_fact *obj, size_t i)
{
    return i < df_fact_members(obj) ? df_facts_generated.chars + df_facts_generated.keys[obj->keys + i] : NULL;
}
static inline const df_fact *df_fact_value(const df_fact *obj, size_t i)
{
    return i < df_fact_members(obj) ? &df_facts_generated.nodes[obj->first + i] : NULL;
}

/* Arrays: item count (0 for anything else) and item i (NULL past the end).
 * Inline, as the string accessors below: every walk of a fact list calls
 * them for each item (a call each cost more than the answer). */
static inline size_t df_fact_size(const df_fact *arr)
{
    return arr && arr->kind == DF_FACT_ARRAY ? arr->len : 0;
}
static inline const df_fact *df_fact_at(const df_fact *arr, size_t i)
{
    return i < df_fact_size(arr) ? &df_facts_generated.nodes[arr->first + i] : NULL;
}

/* Does the array list the string s[0..n)? One hash, as df_fact_getn. */
bool df_fact_has(const df_fact *arr, const char *s, size_t n);
/* df_fact_has with the string's hash h = df_fact_hash(s, n) given: for a
 * caller that asks several lists about the same string. */
bool df_fact_hash_has(const df_fact *arr, const char *s, size_t n, uint32_t h);

/* Strings (NUL-terminated; NULL / 0 for anything else), numbers (0 for
 * anything else) and kinds. */
static inline const char *df_fact_str(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING ? df_facts_generated.chars + v->first : NULL;
}
static inline size_t df_fact_strlen(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING ? v->len : 0;
}
static inline double df_fact_number(const df_fact *v)
{
    return v && (v->kind == DF_FACT_INT || v->kind == DF_FACT_REAL) ? v->num : 0.0;
}
static inline bool df_fact_is_true(const df_fact *v)
{
    return v && v->kind == DF_FACT_TRUE;
}
static inline bool df_fact_is_string(const df_fact *v)
{
    return v && v->kind == DF_FACT_STRING;
}
static inline bool df_fact_is_array(const df_fact *v)
{
    return v && v->kind == DF_FACT_ARRAY;
}
static inline bool df_fact_is_object(const df_fact *v)
{
    return v && v->kind == DF_FACT_OBJECT;
}

#define DF_FACT_CAT2(a, b) a##b
#define DF_FACT_CAT(a, b) DF_FACT_CAT2(a, b)

/* for each item v (index i) of array arr, as json_array_foreach; arr is
 * evaluated once (it is often a df_fact_get, a hash lookup) */
#define df_fact_foreach(arr, i, v)                                                                               \
    for (const df_fact *DF_FACT_CAT(df_fact_a_, __LINE__) = ((i) = 0, (arr));                                   \
         (i) < df_fact_size(DF_FACT_CAT(df_fact_a_, __LINE__)) &&                                                \
         ((v) = df_fact_at(DF_FACT_CAT(df_fact_a_, __LINE__), (i)));                                            \
         (i)++)

/* for each member (key k, value v) of object obj in file order, as
 * json_object_foreach; obj is evaluated once (it is often a df_fact_get:
 * evaluated three times per member, it was most of DF004's lookups on a
 * file of many installs) */
#define df_fact_object_foreach(obj, k, v)                                                                        \
    for (struct {                                                                                              \
             const df_fact *o;                                                                                 \
             size_t i;                                                                                         \
         } DF_FACT_CAT(df_fact_it_, __LINE__) = {(obj), 0};                                                    \
         DF_FACT_CAT(df_fact_it_, __LINE__).i < df_fact_members(DF_FACT_CAT(df_fact_it_, __LINE__).o) &&       \
         ((k) = df_fact_key(DF_FACT_CAT(df_fact_it_, __LINE__).o, DF_FACT_CAT(df_fact_it_, __LINE__).i),       \
         (v) = df_fact_value(DF_FACT_CAT(df_fact_it_, __LINE__).o, DF_FACT_CAT(df_fact_it_, __LINE__).i),      \
         (void)(k), (void)(v), 1);                                                                             \
         DF_FACT_CAT(df_fact_it_, __LINE__).i++)

#endif
