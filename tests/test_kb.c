/*
 * test_kb.c - the knowledge base (src/kb.c) over the tables generated from
 * the data/ JSON files (scripts/genfacts.c, src/facts.c):
 *  - creating a kb parses no JSON and compiles no pattern (issue 13: no
 *    per-process start-up work); a pattern is compiled once, on first use;
 *  - the tables hold exactly what jansson reads from the data/ files (every
 *    value, the member order, every key found by lookup);
 *  - list membership, command -> manager and the installs union answer what
 *    a scan of the JSON answers.
 * The Makefile links this test with --wrap for jansson's parsers and
 * pcre2_compile (WRAP_test_kb), to count their calls; DFOPT_DATA_DIR is the
 * source tree's data/ folder.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/buf.h"
#include "dfopt/kb.h"
#include "../passes/deps.h"

/* ---- counting wrappers ---------------------------------------------------- */
static size_t n_parse, n_compile;
static bool fail_compile; /* pcre2_compile answers NULL, as out of memory */

json_t *__real_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);
json_t *__real_json_loads(const char *input, size_t flags, json_error_t *error);
json_t *__real_json_load_file(const char *path, size_t flags, json_error_t *error);
pcre2_code *__real_pcre2_compile_8(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options, int *errorcode,
                                   PCRE2_SIZE *erroroffset, pcre2_compile_context *ccontext);
json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error);
json_t *__wrap_json_loads(const char *input, size_t flags, json_error_t *error);
json_t *__wrap_json_load_file(const char *path, size_t flags, json_error_t *error);
pcre2_code *__wrap_pcre2_compile_8(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options, int *errorcode,
                                   PCRE2_SIZE *erroroffset, pcre2_compile_context *ccontext);

json_t *__wrap_json_loadb(const char *buffer, size_t buflen, size_t flags, json_error_t *error)
{
    n_parse++;
    return __real_json_loadb(buffer, buflen, flags, error);
}

json_t *__wrap_json_loads(const char *input, size_t flags, json_error_t *error)
{
    n_parse++;
    return __real_json_loads(input, flags, error);
}

json_t *__wrap_json_load_file(const char *path, size_t flags, json_error_t *error)
{
    n_parse++;
    return __real_json_load_file(path, flags, error);
}

pcre2_code *__wrap_pcre2_compile_8(PCRE2_SPTR pattern, PCRE2_SIZE length, uint32_t options, int *errorcode,
                                   PCRE2_SIZE *erroroffset, pcre2_compile_context *ccontext)
{
    n_compile++;
    if (fail_compile) {
        *errorcode = PCRE2_ERROR_HEAPLIMIT;
        *erroroffset = 0;
        return NULL;
    }
    return __real_pcre2_compile_8(pattern, length, options, errorcode, erroroffset, ccontext);
}

static json_t *load_data(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", DFOPT_DATA_DIR, name);
    json_error_t je;
    json_t *j = __real_json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        print_error("%s:%d:%d: %s\n", path, je.line, je.column, je.text);
    assert_non_null(j);
    return j;
}

/* ---- start-up does no work ------------------------------------------------ */
static void new_kb_parses_and_compiles_nothing(void **state)
{
    (void)state;
    char err[256];
    n_parse = n_compile = 0;
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    assert_int_equal(n_parse, 0);
    assert_int_equal(n_compile, 0);
    assert_int_equal(df_kb_compiled(kb), 0);
    /* lookups compile nothing either */
    const char *name = NULL;
    const df_fact *apt = df_kb_manager_for(kb, "apt-get", 7, &name);
    assert_non_null(apt);
    assert_string_equal(name, "apt");
    assert_true(df_kb_has(apt, "install", "install", 7));
    assert_int_equal(n_compile, 0);
    /* the first match compiles the patterns it tries, once each */
    assert_true(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists", 18));
    size_t first = n_compile;
    assert_true(first >= 1);
    assert_int_equal(df_kb_compiled(kb), first);
    assert_true(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists", 18));
    assert_false(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/listsx", 19));
    assert_true(n_compile >= first);
    size_t all = n_compile;
    assert_false(df_kb_match(kb, apt, "cleanup_paths", "/nowhere", 8));
    assert_int_equal(n_compile, all); /* every cleanup pattern was tried already */
    assert_int_equal(df_kb_compiled(kb), n_compile);
    assert_true(n_compile <= df_facts_npatterns());
    assert_int_equal(n_parse, 0);
    df_kb_free(kb);
}

/* A pattern that cannot be compiled is no match, counted as a failure
 * (the driver then reports the file out of memory), and is tried again
 * on the next call. */
static void failed_compile_is_counted(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    const df_fact *apt = df_kb_manager(kb, "apt");
    fail_compile = true;
    assert_false(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists", 18));
    fail_compile = false;
    assert_true(df_kb_failures(kb) >= 1);
    assert_int_equal(df_kb_compiled(kb), 0);
    size_t f = df_kb_failures(kb);
    assert_true(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists", 18));
    assert_int_equal(df_kb_failures(kb), f);
    assert_true(df_kb_compiled(kb) >= 1);
    df_kb_free(kb);
}

/* ---- the tables are the JSON ---------------------------------------------- */
static size_t same_checked;

/* df_fact_getw for s[0..n) (n <= 16), as df_fact_get calls it for a
 * literal key. */
static const df_fact *lit_get(const df_fact *obj, const char *s, size_t n)
{
    return df_fact_getw(obj, n, df_fact_hash(s, n), df_fact_word(s, n), n > 8 ? df_fact_word(s + 8, n - 8) : 0);
}

static void assert_same(const json_t *j, const df_fact *f)
{
    assert_non_null(f);
    same_checked++;
    switch (json_typeof(j)) {
    case JSON_NULL:
        assert_int_equal(f->kind, DF_FACT_NULL);
        break;
    case JSON_TRUE:
        assert_true(df_fact_is_true(f));
        break;
    case JSON_FALSE:
        assert_int_equal(f->kind, DF_FACT_FALSE);
        assert_false(df_fact_is_true(f));
        break;
    case JSON_INTEGER:
    case JSON_REAL:
        assert_true(df_fact_number(f) == json_number_value(j));
        break;
    case JSON_STRING:
        assert_true(df_fact_is_string(f));
        assert_int_equal(df_fact_strlen(f), json_string_length(j));
        assert_memory_equal(df_fact_str(f), json_string_value(j), json_string_length(j) + 1);
        break;
    case JSON_ARRAY:
        assert_true(df_fact_is_array(f));
        assert_int_equal(df_fact_size(f), json_array_size(j));
        assert_null(df_fact_at(f, json_array_size(j)));
        for (size_t i = 0; i < json_array_size(j); i++)
            assert_same(json_array_get(j, i), df_fact_at(f, i));
        assert_null(df_fact_get(f, "x"));
        break;
    case JSON_OBJECT: {
        assert_true(df_fact_is_object(f));
        assert_int_equal(df_fact_members(f), json_object_size(j));
        assert_int_equal(df_fact_size(f), 0);
        size_t i = 0;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            assert_string_equal(df_fact_key(f, i), k); /* file order */
            assert_ptr_equal(df_fact_get(f, k), df_fact_value(f, i));
            size_t kn = strlen(k);
            if (kn <= 16) {
                /* as a literal key (df_fact_getw's words): the member; the
                 * key a byte shorter, or with its last byte changed, what
                 * df_fact_getn answers (most often no member) */
                assert_ptr_equal(lit_get(f, k, kn), df_fact_value(f, i));
                char m[17];
                memcpy(m, k, kn);
                if (kn) {
                    assert_ptr_equal(lit_get(f, m, kn - 1), df_fact_getn(f, m, kn - 1));
                    m[kn - 1] ^= 1;
                    assert_ptr_equal(lit_get(f, m, kn), df_fact_getn(f, m, kn));
                }
            }
            assert_same(v, df_fact_value(f, i));
            i++;
        }
        assert_null(df_fact_get(f, "no such key, surely"));
        assert_null(df_fact_get(f, ""));
        break;
    }
    }
}

static void tables_hold_the_json(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        df_facts_which root;
    } files[] = {{"package-managers.json", DF_FACTS_PM},
                 {"base-images.json", DF_FACTS_BI},
                 {"dependency-manifests.json", DF_FACTS_DM}};
    same_checked = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        json_t *j = load_data(files[i].file);
        assert_same(j, df_facts_root(files[i].root));
        json_decref(j);
    }
    /* every node was compared, but the derived indexes */
    assert_true(same_checked > 2000);
    assert_true(same_checked < df_facts_nnodes());
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_ptr_equal(df_kb_images(kb), df_facts_root(DF_FACTS_BI));
    assert_ptr_equal(df_kb_deps(kb), df_facts_root(DF_FACTS_DM));
    assert_ptr_equal(df_kb_leftovers(kb), df_fact_get(df_facts_root(DF_FACTS_PM), "leftovers"));
    df_kb_free(kb);
}

/* ---- membership ----------------------------------------------------------- */
typedef struct {
    const df_fact *lists[4096];
    size_t nlists;
    const df_fact *strs[8192];
    size_t nstrs;
} tree_items;

static void collect(tree_items *t, const df_fact *v)
{
    if (df_fact_is_object(v)) {
        for (size_t i = 0; i < df_fact_members(v); i++)
            collect(t, df_fact_value(v, i));
    } else if (df_fact_is_array(v)) {
        assert_true(t->nlists < sizeof t->lists / sizeof t->lists[0]);
        t->lists[t->nlists++] = v;
        for (size_t i = 0; i < df_fact_size(v); i++)
            collect(t, df_fact_at(v, i));
    } else if (df_fact_is_string(v)) {
        assert_true(t->nstrs < sizeof t->strs / sizeof t->strs[0]);
        t->strs[t->nstrs++] = v;
    }
}

/* Every list and string of the package-manager and dependency trees (the
 * caller frees it). */
static tree_items *manager_strings(void)
{
    tree_items *t = calloc(1, sizeof *t);
    assert_non_null(t);
    collect(t, df_facts_root(DF_FACTS_PM));
    collect(t, df_facts_root(DF_FACTS_DM));
    return t;
}

static bool scan_has(const df_fact *list, const char *s, size_t n)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        if (df_fact_is_string(v) && df_fact_strlen(v) == n && memcmp(df_fact_str(v), s, n) == 0)
            return true;
    }
    return false;
}

static void has_matches_a_scan(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tree_items *t = calloc(1, sizeof *t);
    assert_non_null(t);
    for (int r = 0; r < DF_FACTS_NROOTS; r++)
        collect(t, df_facts_root((df_facts_which)r));
    assert_true(t->nlists > 300);
    assert_true(t->nstrs > 1000);
    size_t yes = 0;
    for (size_t l = 0; l < t->nlists; l++) {
        const df_fact *list = t->lists[l];
        /* every string of the data, each shortened by one byte (near
         * misses), and the empty string */
        for (size_t k = 0; k < t->nstrs; k++) {
            const char *s = df_fact_str(t->strs[k]);
            size_t n = df_fact_strlen(t->strs[k]);
            bool want = scan_has(list, s, n);
            assert_int_equal(df_fact_has(list, s, n), want);
            assert_int_equal(df_fact_hash_has(list, s, n, df_fact_hash(s, n)), want);
            yes += want;
            if (n > 0)
                assert_int_equal(df_fact_has(list, s, n - 1), scan_has(list, s, n - 1));
        }
        assert_int_equal(df_fact_has(list, "", 0), scan_has(list, "", 0));
    }
    assert_true(yes >= t->nstrs - 50); /* each string is found in its own list */
    /* not a list: never a hit */
    assert_false(df_fact_has(t->strs[0], df_fact_str(t->strs[0]), df_fact_strlen(t->strs[0])));
    assert_false(df_fact_has(NULL, "apt-get", 7));
    assert_false(df_kb_has(df_kb_manager(kb, "apt"), "cleanup", "x", 1));
    free(t);
    df_kb_free(kb);
}

/* A lookup compares the bytes of a key whose hash and length match: these
 * strings have the hash and length of an apt key and differ from it in
 * the first four bytes, the first word, a middle word (found by a search
 * over four of their bytes). */
static void lookups_compare_every_byte(void **state)
{
    (void)state;
    static const struct {
        const char *key, *twin;
    } pairs[] = {
        {"update", "\x79\x96\x45\xad\x74\x65"},
        {"cache_dirs", "\x5e\x3e\xbd\xdf\x65\x5f\x64\x69\x72\x73"},
        {"clean_subcommands", "\x63\x6c\x65\x61\x6e\x5f\x73\x75\x13\xa5\x7e\x03\x6d\x61\x6e\x64\x73"},
    };
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    const df_fact *apt = df_kb_manager(kb, "apt");
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *k = pairs[i].key, *t = pairs[i].twin;
        size_t n = strlen(k);
        assert_int_equal(strlen(t), n);
        assert_int_equal(df_fact_hash(t, n), df_fact_hash(k, n));
        assert_non_null(df_fact_getn(apt, k, n));
        assert_null(df_fact_getn(apt, t, n));
        assert_null(df_fact_geth(apt, t, n, df_fact_hash(t, n)));
        assert_int_equal(df_fact_index(apt, t, n), 0);
        assert_int_not_equal(df_fact_index(apt, k, n), 0);
    }
    df_kb_free(kb);
}

/* command -> manager: the first manager (file order) whose "commands" list
 * holds it. */
static void manager_for_is_the_first_lister(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    json_t *pm = load_data("package-managers.json");
    const json_t *managers = json_object_get(pm, "managers");
    size_t checked = 0;
    const char *name;
    json_t *m;
    json_object_foreach((json_t *)managers, name, m)
    {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(m, "commands"), i, c)
        {
            const char *first = NULL;
            const char *n2;
            json_t *m2;
            json_object_foreach((json_t *)managers, n2, m2)
            {
                size_t k;
                json_t *c2;
                json_array_foreach(json_object_get(m2, "commands"), k, c2)
                    if (!first && json_equal(c, c2))
                        first = n2;
            }
            const char *got = NULL;
            const df_fact *gm = df_kb_manager_for(kb, json_string_value(c), json_string_length(c), &got);
            assert_non_null(gm);
            assert_string_equal(got, first);
            assert_ptr_equal(gm, df_kb_manager(kb, first));
            checked++;
        }
    }
    assert_true(checked > 10);
    json_decref(pm);
    assert_null(df_kb_manager_for(kb, "make", 4, NULL));
    assert_null(df_kb_manager_for(kb, "apt-ge", 6, NULL));
    assert_null(df_kb_manager(kb, "nope"));
    df_kb_free(kb);
}

/* df_kb_installs_name is the union of every installs[].commands (and
 * .modules) of the dependency manifests. */
static void installs_name_is_the_union(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tree_items *t = manager_strings();
    const df_fact *ecos = df_fact_get(df_kb_deps(kb), "ecosystems");
    assert_non_null(ecos);
    for (size_t k = 0; k < t->nstrs; k++) {
        const char *s = df_fact_str(t->strs[k]);
        size_t n = df_fact_strlen(t->strs[k]);
        for (int module = 0; module < 2; module++) {
            bool want = false;
            const char *ename;
            const df_fact *eco;
            df_fact_object_foreach(ecos, ename, eco)
            {
                size_t i;
                const df_fact *spec;
                df_fact_foreach(df_fact_get(eco, "installs"), i, spec)
                    want = want || scan_has(df_fact_get(spec, module ? "modules" : "commands"), s, n);
            }
            assert_int_equal(df_kb_installs_name(kb, s, n, module), want);
        }
    }
    assert_true(df_kb_installs_name(kb, "npm", 3, false));
    assert_true(df_kb_installs_name(kb, "pip", 3, true));
    assert_false(df_kb_installs_name(kb, "npm", 3, true));
    assert_false(df_kb_installs_name(kb, "apt-get", 7, false));
    free(t);
    df_kb_free(kb);
}

/* df_deps_family_of_command (a generated index) answers what a walk of
 * the ecosystems in file order answers: the family of the first one whose
 * installs list the command, for every string of the trees. */
/* DF020 and DF022 find a stage's entries through these indexes: each must
 * list, for every image, exactly the entries a scan of the list finds, in
 * file order. */
static void by_image_is_a_scan(const char *list, df_facts_which which)
{
    const df_fact *v = df_fact_get(df_facts_root(DF_FACTS_BI), list);
    const df_fact *idx = df_facts_root(which);
    assert_true(df_fact_size(v) > 0);
    size_t listed = 0;
    for (size_t m = 0; m < df_fact_members(idx); m++) {
        const char *img = df_fact_key(idx, m);
        const df_fact *at = df_fact_value(idx, m);
        size_t k = 0;
        for (size_t i = 0; i < df_fact_size(v); i++) {
            const char *e = df_fact_str(df_fact_get(df_fact_at(v, i), "image"));
            if (!e || strcmp(e, img) != 0)
                continue;
            assert_true(k < df_fact_size(at));
            assert_int_equal((size_t)df_fact_number(df_fact_at(at, k)), i);
            k++;
        }
        assert_int_equal(k, df_fact_size(at));
        assert_ptr_equal(df_fact_get(idx, img), at);
        listed += k;
    }
    assert_int_equal(listed, df_fact_size(v));
}

static void images_index_their_entries(void **state)
{
    (void)state;
    by_image_is_a_scan("slimmer", DF_FACTS_SLIMMER_BY_IMAGE);
    by_image_is_a_scan("deprecated", DF_FACTS_DEPRECATED_BY_IMAGE);
    assert_null(df_fact_get(df_facts_root(DF_FACTS_DEPRECATED_BY_IMAGE), "no-such-image"));
}

/* DF025's survey asks one lookup which lists name a command: the bits
 * must be what scans of the lists say, for every name they list. */
static uint32_t scanned_bits(const df_fact *lo, const char *s, size_t n)
{
    uint32_t bits = scan_has(df_fact_get(df_fact_get(lo, "build_dirs"), "builders"), s, n) ? 1 : 0;
    const df_fact *tools = df_fact_get(lo, "tools");
    for (size_t k = 0; k < df_fact_members(tools) && k < 30; k++)
        if (scan_has(df_fact_get(df_fact_value(tools, k), "commands"), s, n))
            bits |= (uint32_t)1 << (1 + k);
    return bits;
}

static void survey_names_are_scans(void **state)
{
    (void)state;
    const df_fact *lo = df_fact_get(df_facts_root(DF_FACTS_PM), "leftovers");
    const df_fact *idx = df_facts_root(DF_FACTS_SURVEY_NAMES);
    assert_true(df_fact_members(idx) > 0);
    for (size_t m = 0; m < df_fact_members(idx); m++) {
        const char *name = df_fact_key(idx, m);
        uint32_t want = scanned_bits(lo, name, strlen(name));
        assert_true(want != 0);
        assert_int_equal((uint32_t)df_fact_number(df_fact_value(idx, m)), want);
    }
    /* and every listed name is in it */
    const df_fact *tools = df_fact_get(lo, "tools");
    for (size_t k = 0; k < df_fact_members(tools); k++) {
        const df_fact *cmds = df_fact_get(df_fact_value(tools, k), "commands");
        for (size_t i = 0; i < df_fact_size(cmds); i++)
            assert_non_null(df_fact_get(idx, df_fact_str(df_fact_at(cmds, i))));
    }
    const df_fact *b = df_fact_get(df_fact_get(lo, "build_dirs"), "builders");
    for (size_t i = 0; i < df_fact_size(b); i++)
        assert_non_null(df_fact_get(idx, df_fact_str(df_fact_at(b, i))));
}

static void family_of_command_is_the_first_lister(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tree_items *t = manager_strings();
    const df_fact *ecos = df_fact_get(df_kb_deps(kb), "ecosystems");
    size_t found = 0;
    for (size_t k = 0; k < t->nstrs; k++) {
        const char *s = df_fact_str(t->strs[k]);
        size_t n = df_fact_strlen(t->strs[k]);
        const char *want = NULL;
        bool listed = false;
        const char *ename;
        const df_fact *eco;
        df_fact_object_foreach(ecos, ename, eco)
        {
            size_t i;
            const df_fact *spec;
            df_fact_foreach(df_fact_get(eco, "installs"), i, spec)
            {
                if (!listed && scan_has(df_fact_get(spec, "commands"), s, n)) {
                    listed = true;
                    want = df_kb_str(eco, "family");
                }
            }
        }
        const char *got = df_deps_family_of_command(kb, s, n);
        if (want)
            assert_string_equal(got, want);
        else
            assert_null(got);
        found += want != NULL;
    }
    assert_true(found > 10);
    assert_string_equal(df_deps_family_of_command(kb, "npm", 3), "node");
    assert_null(df_deps_family_of_command(kb, "apt-get", 7));
    free(t);
    df_kb_free(kb);
}

/* Pattern strings are numbered in the order of the pattern table, and only
 * strings of pattern lists are. */
static void patterns_are_numbered(void **state)
{
    (void)state;
    size_t n = df_facts_npatterns();
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) {
        const df_fact *p = df_facts_pattern(i);
        assert_true(df_fact_is_string(p));
        assert_int_equal(p->pattern, i + 1);
    }
    assert_null(df_facts_pattern(n));
    const df_fact *apt = df_fact_get(df_fact_get(df_facts_root(DF_FACTS_PM), "managers"), "apt");
    assert_int_equal(df_fact_at(df_fact_get(apt, "commands"), 0)->pattern, 0);
    assert_true(df_fact_at(df_fact_get(apt, "cleanup_paths"), 0)->pattern > 0);
}


/* ---- phrase sets (df_kb_phrases) ----------------------------------------- */

/* The answer of a set equals the answer of looking for each phrase in turn
 * (df_bytes_contain_ci), on texts made of each phrase: whole, in another
 * case, at the start, in the middle, at the very end (the last two bytes
 * take another path), and cut one byte short. */
static void phrases_agree_with(const df_fact *list)
{
    df_kb_phrases ps;
    df_kb_phrases_init(&ps, list);
    size_t i;
    const df_fact *v;
    size_t found = 0;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        size_t n = df_fact_strlen(v);
        if (!p || !n)
            continue;
        char text[512];
        for (int shape = 0; shape < 5; shape++) {
            size_t len = n > 1 && shape == 4 ? n - 1 : n;
            int w;
            if (shape == 0 || shape == 4)
                w = snprintf(text, sizeof text, "%.*s", (int)len, p);
            else if (shape == 1)
                w = snprintf(text, sizeof text, "# xx %.*s yy", (int)len, p);
            else if (shape == 2)
                w = snprintf(text, sizeof text, "#  %.*s", (int)len, p);
            else
                w = snprintf(text, sizeof text, "%.*s and more", (int)len, p);
            assert_true(w > 0 && (size_t)w < sizeof text);
            if (shape == 2)
                for (char *c = text; *c; c++)
                    *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
            bool want = false;
            size_t k;
            const df_fact *q;
            df_fact_foreach(list, k, q)
            {
                if (df_fact_str(q) && df_fact_strlen(q) &&
                    df_bytes_contain_ci(text, (size_t)w, df_fact_str(q), df_fact_strlen(q)))
                    want = true;
            }
            assert_int_equal(df_kb_phrases_in(&ps, text, (size_t)w), want);
            found += want;
        }
    }
    assert_true(found >= 4 * df_fact_size(list)); /* every whole phrase at least */
}

static void phrases_find_what_a_scan_finds(void **state)
{
    (void)state;
    const df_fact *pins = df_fact_get(df_fact_get(df_facts_root(DF_FACTS_DM), "not_ours"), "pin_phrases");
    const df_fact *intent = df_fact_get(df_fact_get(df_facts_root(DF_FACTS_PM), "layer_intent_comments"), "phrases");
    assert_true(df_fact_size(pins) > 10);
    assert_true(df_fact_size(intent) > 10);
    phrases_agree_with(pins);
    phrases_agree_with(intent);
    /* a longer list of short words (the generated union of install
     * commands), some of them prefixes of others */
    const df_fact *cmds = df_facts_root(DF_FACTS_INSTALL_CMDS);
    assert_true(df_fact_size(cmds) > 20);
    phrases_agree_with(cmds);
}

/* Class "a phrase set read every stride-th byte": a phrase is found
 * wherever it starts, whatever its start is modulo the stride, and
 * whatever stands around it (letters of the phrases themselves, blanks),
 * ending the text or not: the answer equals df_bytes_contain_ci's for each
 * phrase in turn. The install commands' list holds short words (a stride
 * of 0 or 1: every start tried). */
static void phrases_at_every_offset_of(const df_fact *list)
{
    df_kb_phrases ps;
    df_kb_phrases_init(&ps, list);
    static const char *const pads[] = {"x", " ", "e", "s", "ke", "mu"};
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        size_t n = df_fact_strlen(v);
        if (!p || !n || n > 100)
            continue;
        for (size_t pre = 0; pre < 19; pre++)
            for (size_t post = 0; post < 3; post++)
                for (size_t pd = 0; pd < sizeof pads / sizeof *pads; pd++) {
                    char text[256];
                    size_t w = 0;
                    for (size_t k = 0; k < pre; k++)
                        text[w++] = pads[pd][k % strlen(pads[pd])];
                    for (size_t k = 0; k < n; k++) /* in upper case every other time */
                        text[w++] = (char)((pre & 1) && p[k] >= 'a' && p[k] <= 'z' ? p[k] - 'a' + 'A' : p[k]);
                    for (size_t k = 0; k < post; k++)
                        text[w++] = pads[pd][0];
                    for (size_t cut = 0; cut < 2; cut++) { /* whole, and one byte short */
                        size_t len = w - (cut ? post + 1 : 0);
                        bool want = false;
                        size_t k;
                        const df_fact *q;
                        df_fact_foreach(list, k, q)
                        {
                            if (df_fact_str(q) && df_fact_strlen(q) &&
                                df_bytes_contain_ci(text, len, df_fact_str(q), df_fact_strlen(q)))
                                want = true;
                        }
                        if (df_kb_phrases_in(&ps, text, len) != want)
                            fail_msg("phrase \"%s\" after %zu bytes of \"%s\" (%zu bytes): %d", p, pre, pads[pd],
                                     len, (int)want);
                    }
                }
    }
}

static void phrases_found_at_every_offset(void **state)
{
    (void)state;
    phrases_at_every_offset_of(df_fact_get(df_fact_get(df_facts_root(DF_FACTS_DM), "not_ours"), "pin_phrases"));
    phrases_at_every_offset_of(df_fact_get(df_fact_get(df_facts_root(DF_FACTS_PM), "layer_intent_comments"), "phrases"));
    phrases_at_every_offset_of(df_facts_root(DF_FACTS_INSTALL_CMDS));
}

static void phrases_exact_answers(void **state)
{
    (void)state;
    df_kb_phrases ps;
    df_kb_phrases_init(&ps, df_fact_get(df_fact_get(df_facts_root(DF_FACTS_DM), "not_ours"), "pin_phrases"));
    const char *yes[] = {"# Keep in sync with go.mod", "# KEEP IN SYNC", "# must match", "#must match",
                         "# this line must match", "# versions must MATCH"};
    const char *no[] = {"# keep in syn", "# keep  in sync", "# must matc", "", "#", "# mustmatch the rest",
                        "# keeping in sync"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(df_kb_phrases_in(&ps, yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(df_kb_phrases_in(&ps, no[i], strlen(no[i])));
    /* the length is the bound, not a NUL */
    assert_false(df_kb_phrases_in(&ps, "# must match", 11));
    /* an empty list finds nothing; a NULL list neither */
    df_kb_phrases_init(&ps, NULL);
    assert_false(df_kb_phrases_in(&ps, "keep in sync", 12));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_kb_parses_and_compiles_nothing),
        cmocka_unit_test(failed_compile_is_counted),
        cmocka_unit_test(tables_hold_the_json),
        cmocka_unit_test(has_matches_a_scan),
        cmocka_unit_test(lookups_compare_every_byte),
        cmocka_unit_test(manager_for_is_the_first_lister),
        cmocka_unit_test(installs_name_is_the_union),
        cmocka_unit_test(family_of_command_is_the_first_lister),
        cmocka_unit_test(images_index_their_entries),
        cmocka_unit_test(survey_names_are_scans),
        cmocka_unit_test(patterns_are_numbered),
        cmocka_unit_test(phrases_find_what_a_scan_finds),
        cmocka_unit_test(phrases_found_at_every_offset),
        cmocka_unit_test(phrases_exact_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
