/*
 * test_dircache.c - build-context folders read once per run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/dircache.h"

static int setup(void **state)
{
    char *d = tdir_new();
    twrite_n(d, "b.csproj", "x", 1, 0644);
    twrite_n(d, "a.txt", "x", 1, 0644);
    twrite_n(d, "c.csproj", "x", 1, 0644);
    tmkdir(d, "sub");
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

/* a suffix glob, enough for the cache's part */
static bool ends_with(const char *pat, const char *name)
{
    size_t lp = strlen(pat) - 1, ln = strlen(name); /* pat is "*SUFFIX" */
    return ln >= lp && strcmp(name + ln - lp, pat + 1) == 0;
}

static void lists_sorted_without_dots(void **state)
{
    df_dircache *c = df_dircache_new();
    assert_non_null(c);
    const char *const *v;
    assert_int_equal(df_dircache_list(c, *state, &v), 4);
    assert_string_equal(v[0], "a.txt");
    assert_string_equal(v[1], "b.csproj");
    assert_string_equal(v[2], "c.csproj");
    assert_string_equal(v[3], "sub");
    df_dircache_free(c);
}

static void reads_each_folder_once(void **state)
{
    df_dircache *c = df_dircache_new();
    const char *const *v;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(df_dircache_list(c, *state, &v), 4);
        assert_int_equal(df_dircache_match(c, *state, "*.csproj", ends_with, &v), 2);
        assert_string_equal(v[0], "b.csproj");
        assert_string_equal(v[1], "c.csproj");
        assert_int_equal(df_dircache_match(c, *state, "*.toml", ends_with, &v), 0);
    }
    assert_int_equal(df_dircache_reads(c), 1);
    char *sub = tpath(*state, "sub");
    assert_int_equal(df_dircache_list(c, sub, &v), 0);
    assert_int_equal(df_dircache_reads(c), 2);
    free(sub);
    df_dircache_free(c);
}

static void missing_folder_is_minus_one(void **state)
{
    df_dircache *c = df_dircache_new();
    const char *const *v;
    char *p = tpath(*state, "nope");
    assert_int_equal(df_dircache_list(c, p, &v), -1);
    assert_int_equal(df_dircache_match(c, p, "*", ends_with, &v), -1);
    assert_int_equal(df_dircache_list(c, p, &v), -1);
    assert_int_equal(df_dircache_reads(c), 1);
    free(p);
    df_dircache_free(c);
}

/* many folders: the table grows, every listing stays right */
static void many_folders(void **state)
{
    df_dircache *c = df_dircache_new();
    const char *const *v;
    char name[32];
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "d%03d", i);
        tmkdir(*state, name);
        char *p = tpath(*state, name);
        snprintf(name, sizeof name, "f%03d", i);
        twrite_n(p, name, "x", 1, 0644);
        assert_int_equal(df_dircache_list(c, p, &v), 1);
        assert_string_equal(v[0], name);
        free(p);
    }
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "d%03d", i);
        char *p = tpath(*state, name);
        assert_int_equal(df_dircache_list(c, p, &v), 1);
        snprintf(name, sizeof name, "f%03d", i);
        assert_string_equal(v[0], name);
        free(p);
    }
    assert_int_equal(df_dircache_reads(c), 200);
    df_dircache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lists_sorted_without_dots, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_each_folder_once, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folder_is_minus_one, setup, teardown),
        cmocka_unit_test_setup_teardown(many_folders, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
