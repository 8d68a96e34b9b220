/*
 * facts.h - the data/ folder as const C tables, generated at build time.
 *
 * scripts/genfacts.c (built and run by the Makefile) reads
 * data/package-managers.json, data/base-images.json and
 * data/dependency-manifests.json and writes build/gen/facts.c: every value
 * of the three trees as one node of a const array, every string (keys
 * included) in one const character array, object members in file order
 * plus their order by key, the strings of each array sorted. Nothing is
 * parsed or built when dfopt starts, and the tables hold no pointers (no
 * relocations to apply at load). The JSON files stay the source of truth;
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
    uint32_t sorted;  /* array/object: first of its nsorted entries in the order table */
    uint32_t nsorted; /* object: len; array: how many items are strings */
    double num;       /* int and real */
} df_fact;

/* The generated tables (build/gen/facts.c; read only through the functions
 * below). */
typedef struct {
    const df_fact *nodes;
    size_t nnodes;
    const char *chars;      /* every string, NUL-terminated */
    const uint32_t *keys;   /* offset in chars of each object key */
    const uint32_t *keylen; /* and its length */
    const uint32_t *order;  /* object: member indexes by key; array: string item indexes by value */
    const uint32_t *roots;  /* node index of each df_facts_root */
    const uint32_t *patterns; /* node index of each pattern string */
    size_t npatterns;
} df_facts_tables;

extern const df_facts_tables df_facts_generated;

/* The generated trees and the indexes derived from them. */
typedef enum {
    DF_FACTS_PM,           /* data/package-managers.json */
    DF_FACTS_BI,           /* data/base-images.json */
    DF_FACTS_DM,           /* data/dependency-manifests.json */
    DF_FACTS_CMD_MANAGER,  /* object: command -> name of the first manager whose "commands" lists it */
    DF_FACTS_INSTALL_CMDS, /* array: the "commands" of every ecosystem's "installs" (data/dependency-manifests.json) */
    DF_FACTS_INSTALL_MODS, /* array: the same for their "modules" */
    DF_FACTS_NEUTRAL_NAMES, /* array: the first word of every context_free "neutral" sequence */
    DF_FACTS_NROOTS
} df_facts_which;

const df_fact *df_facts_root(df_facts_which which);

/* How many strings of pattern lists there are (df_fact.pattern - 1 < this),
 * and pattern i's node. */
size_t df_facts_npatterns(void);
const df_fact *df_facts_pattern(size_t i);

/* How many nodes were generated (a test measures the tables with it). */
size_t df_facts_nnodes(void);

/* obj[key] (key NUL-terminated, or key[0..n)), NULL when obj is not an
 * object or has no such member. O(log members). */
const df_fact *df_fact_get(const df_fact *obj, const char *key);
const df_fact *df_fact_getn(const df_fact *obj, const char *key, size_t n);

/* Object members in file order: key i and value i (i < df_fact_members). */
size_t df_fact_members(const df_fact *obj);
const char *df_fact_key(const df_fact *obj, size_t i);
const df_fact *df_fact_value(const df_fact *obj, size_t i);

/* Arrays: item count (0 for anything else) and item i (NULL past the end). */
size_t df_fact_size(const df_fact *arr);
const df_fact *df_fact_at(const df_fact *arr, size_t i);

/* Does the array list the string s[0..n)? O(log items). */
bool df_fact_has(const df_fact *arr, const char *s, size_t n);

/* Strings (NUL-terminated; NULL / 0 for anything else), numbers (0 for
 * anything else) and kinds. */
const char *df_fact_str(const df_fact *v);
size_t df_fact_strlen(const df_fact *v);
double df_fact_number(const df_fact *v);
bool df_fact_is_true(const df_fact *v);
bool df_fact_is_string(const df_fact *v);
bool df_fact_is_array(const df_fact *v);
bool df_fact_is_object(const df_fact *v);

#define DF_FACT_CAT2(a, b) a##b
#define DF_FACT_CAT(a, b) DF_FACT_CAT2(a, b)

/* for each item v (index i) of array arr, as json_array_foreach; arr is
 * evaluated once (it is often a df_fact_get, a binary search) */
#define df_fact_foreach(arr, i, v)                                                                               \
    for (const df_fact *DF_FACT_CAT(df_fact_a_, __LINE__) = ((i) = 0, (arr));                                   \
         (i) < df_fact_size(DF_FACT_CAT(df_fact_a_, __LINE__)) &&                                                \
         ((v) = df_fact_at(DF_FACT_CAT(df_fact_a_, __LINE__), (i)));                                            \
         (i)++)

/* for each member (key k, value v) of object obj in file order, as
 * json_object_foreach */
#define df_fact_object_foreach(obj, k, v)                                                                        \
    for (size_t DF_FACT_CAT(df_fact_i_, __LINE__) = 0;                                                         \
         DF_FACT_CAT(df_fact_i_, __LINE__) < df_fact_members(obj) &&                                           \
         ((k) = df_fact_key((obj), DF_FACT_CAT(df_fact_i_, __LINE__)),                                         \
         (v) = df_fact_value((obj), DF_FACT_CAT(df_fact_i_, __LINE__)), (void)(k), (void)(v), 1);              \
         DF_FACT_CAT(df_fact_i_, __LINE__)++)

#endif
