/*
 * test_kb.c - the kb's string-list index (src/kb.c) answers exactly what a
 * scan of the JSON answers, for every list of the data/ JSON files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/kb.h"

extern const char df_data_package_managers[];
extern const size_t df_data_package_managers_len;

/* Every string and every array of the kb's trees. */
typedef struct {
    const json_t *lists[4096];
    size_t nlists;
    const json_t *strs[8192];
    size_t nstrs;
} tree_items;

static void collect(tree_items *t, const json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
            collect(t, x);
    } else if (json_is_array(v)) {
        assert_true(t->nlists < sizeof t->lists / sizeof t->lists[0]);
        t->lists[t->nlists++] = v;
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            collect(t, x);
    } else if (json_is_string(v)) {
        assert_true(t->nstrs < sizeof t->strs / sizeof t->strs[0]);
        t->strs[t->nstrs++] = v;
    }
}

static bool scan_has(const json_t *list, const char *s, size_t n)
{
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && json_string_length(v) == n && memcmp(json_string_value(v), s, n) == 0)
            return true;
    }
    return false;
}

/* The kb's trees: base images, dependency manifests and every manager
 * (by the names of an independent parse of the same data). */
static tree_items *kb_items(const df_kb *kb)
{
    tree_items *t = calloc(1, sizeof *t);
    assert_non_null(t);
    collect(t, df_kb_images(kb));
    collect(t, df_kb_deps(kb));
    json_t *pm = json_loadb(df_data_package_managers, df_data_package_managers_len, 0, NULL);
    assert_non_null(pm);
    const char *name;
    json_t *m;
    size_t nm = 0;
    json_object_foreach(json_object_get(pm, "managers"), name, m)
    {
        const json_t *km = df_kb_manager(kb, name);
        assert_non_null(km);
        collect(t, km);
        nm++;
    }
    assert_true(nm >= 5);
    json_decref(pm);
    return t;
}

static void list_has_matches_json(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tree_items *t = kb_items(kb);
    assert_true(t->nlists > 300);
    assert_true(t->nstrs > 1000);
    size_t yes = 0;
    for (size_t l = 0; l < t->nlists; l++) {
        const json_t *list = t->lists[l];
        /* every string of the data, and each shortened by one byte (near
         * misses), and the empty string */
        for (size_t k = 0; k < t->nstrs; k++) {
            const char *s = json_string_value(t->strs[k]);
            size_t n = json_string_length(t->strs[k]);
            bool want = scan_has(list, s, n);
            assert_int_equal(df_kb_list_has(kb, list, s, n), want);
            yes += want;
            if (n > 0)
                assert_int_equal(df_kb_list_has(kb, list, s, n - 1), scan_has(list, s, n - 1));
        }
        assert_int_equal(df_kb_list_has(kb, list, "", 0), scan_has(list, "", 0));
    }
    /* each string is found at least in its own list */
    assert_true(yes >= t->nstrs - 50);
    free(t);
    df_kb_free(kb);
}

/* df_kb_has (obj, key) agrees with the index on every manager list. */
static void has_matches_list_has(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tree_items *t = kb_items(kb);
    const json_t *apt = df_kb_manager(kb, "apt");
    assert_non_null(apt);
    const char *key;
    json_t *list;
    size_t checked = 0;
    json_object_foreach((json_t *)apt, key, list)
    {
        if (!json_is_array(list))
            continue;
        for (size_t k = 0; k < t->nstrs; k++) {
            const char *s = json_string_value(t->strs[k]);
            size_t n = json_string_length(t->strs[k]);
            assert_int_equal(df_kb_has(apt, key, s, n), df_kb_list_has(kb, list, s, n));
            checked++;
        }
    }
    assert_true(checked > 0);
    free(t);
    df_kb_free(kb);
}

/* An array from outside the kb is scanned; a non-array is never a hit. */
static void list_has_outside_kb(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    json_t *mine = json_pack("[s, s, i]", "apt-get", "x", 3);
    assert_non_null(mine);
    assert_true(df_kb_list_has(kb, mine, "apt-get", 7));
    assert_true(df_kb_list_has(kb, mine, "x", 1));
    assert_false(df_kb_list_has(kb, mine, "apt", 3));
    assert_false(df_kb_list_has(kb, mine, "", 0));
    json_t *str = json_string("apt-get");
    assert_false(df_kb_list_has(kb, str, "apt-get", 7));
    assert_false(df_kb_list_has(kb, NULL, "apt-get", 7));
    json_decref(str);
    json_decref(mine);
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
    tree_items *t = kb_items(kb);
    const json_t *ecos = json_object_get(df_kb_deps(kb), "ecosystems");
    assert_non_null(ecos);
    for (size_t k = 0; k < t->nstrs; k++) {
        const char *s = json_string_value(t->strs[k]);
        size_t n = json_string_length(t->strs[k]);
        for (int module = 0; module < 2; module++) {
            bool want = false;
            const char *ename;
            json_t *eco;
            json_object_foreach((json_t *)ecos, ename, eco)
            {
                size_t i;
                json_t *spec;
                json_array_foreach(json_object_get(eco, "installs"), i, spec)
                    want = want || scan_has(json_object_get(spec, module ? "modules" : "commands"), s, n);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_has_matches_json),
        cmocka_unit_test(has_matches_list_has),
        cmocka_unit_test(list_has_outside_kb),
        cmocka_unit_test(installs_name_is_the_union),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
