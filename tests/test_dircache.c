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
#include <sys/stat.h>
#include <unistd.h>

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

/* absent: a miss is certain only from a listing; a hit is "maybe" */
static void absent_from_listing(void **state)
{
    df_dircache *c = df_dircache_new();
    char *a = tpath(*state, "a.txt"), *no = tpath(*state, "no.txt"), *sub = tpath(*state, "sub");
    char *subno = tpath(*state, "sub/x"), *deep = tpath(*state, "nope/deeper/x"), *under = tpath(*state, "a.txt/x");
    char *dot = tpath(*state, "sub/.."), *trail = tpath(*state, "sub/");
    for (int i = 0; i < 3; i++) {
        assert_false(df_dircache_absent(c, a));    /* hit */
        assert_false(df_dircache_absent(c, sub));  /* hit, a folder */
        assert_true(df_dircache_absent(c, no));    /* miss */
        assert_true(df_dircache_absent(c, subno)); /* miss in a second folder */
        assert_true(df_dircache_absent(c, deep));  /* its folder does not exist (ENOENT) */
        assert_true(df_dircache_absent(c, under)); /* its "folder" is a file (ENOTDIR) */
        assert_false(df_dircache_absent(c, dot));  /* "..", "": never decided here */
        assert_false(df_dircache_absent(c, trail));
    }
    /* the folder, sub, a.txt: each read once; nope/deeper is not read:
     * the folder's listing already shows there is no nope */
    assert_int_equal(df_dircache_reads(c), 3);
    free(a), free(no), free(sub), free(subno), free(deep), free(under), free(dot), free(trail);
    df_dircache_free(c);
}

/* a run of one file: absent reads no folder that is not listed yet (its
 * probes cost less than a folder of thousands of names); a folder already
 * listed still answers */
static void absent_without_probe_listing(void **state)
{
    df_dircache *c = df_dircache_new();
    df_dircache_probe_listing(c, false);
    char *no = tpath(*state, "no.txt"), *a = tpath(*state, "a.txt");
    const char *dir = *state;
    assert_false(df_dircache_listed(c, dir));
    assert_false(df_dircache_absent(c, no)); /* maybe: not read */
    assert_false(df_dircache_absent(c, a));
    assert_int_equal(df_dircache_reads(c), 0);
    const char *const *v;
    assert_true(df_dircache_list(c, dir, &v) >= 0);
    assert_true(df_dircache_listed(c, dir));
    assert_true(df_dircache_absent(c, no)); /* listed: certain */
    assert_false(df_dircache_absent(c, a));
    assert_int_equal(df_dircache_reads(c), 1);
    free(no), free(a);
    df_dircache_free(c);
}

/* df_dircache_lists gives the listing's answer; a run of one file gets it
 * from probes, without reading the folder, and a name the probes cannot
 * tell (".", a path) from the listing */
static void lists_by_probes_in_a_run_of_one_file(void **state)
{
    static const char *const names[] = {"a.txt", "b.csproj", "sub", "no.txt", "A.TXT", "", ".", "..", "sub/x"};
    static const int want[] = {1, 1, 1, 0, 0, 0, 0, 0, 0};
    char *nope = tpath(*state, "nope");
    for (int probes = 0; probes < 2; probes++) {
        df_dircache *c = df_dircache_new();
        assert_non_null(c);
        df_dircache_probe_listing(c, !probes);
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(df_dircache_lists(c, *state, names[i]), want[i]);
        assert_int_equal(df_dircache_reads(c), probes ? 0 : 1);
        for (size_t i = 4; i < sizeof names / sizeof *names; i++)
            assert_int_equal(df_dircache_lists(c, *state, names[i]), want[i]);
        assert_int_equal(df_dircache_lists(c, nope, "a.txt"), -1);
        df_dircache_free(c);
    }
    free(nope);
}

/* a folder that cannot be read for another reason than "not there"
 * decides nothing: the caller probes */
static void absent_unreadable_is_maybe(void **state)
{
    df_dircache *c = df_dircache_new();
    char *loop = tpath(*state, "loop"), *in = tpath(*state, "loop/x");
    assert_int_equal(symlink("loop", loop), 0); /* ELOOP */
    assert_false(df_dircache_absent(c, in));
    if (geteuid() != 0) { /* root reads every folder */
        tmkdir(*state, "locked");
        char *locked = tpath(*state, "locked"), *lin = tpath(*state, "locked/x");
        assert_int_equal(chmod(locked, 0311), 0); /* EACCES */
        assert_false(df_dircache_absent(c, lin));
        assert_int_equal(chmod(locked, 0755), 0);
        free(locked), free(lin);
    }
    free(loop), free(in);
    df_dircache_free(c);
}

static void realpath_once_per_folder(void **state)
{
    df_dircache *c = df_dircache_new();
    char *sub = tpath(*state, "sub"), *nope = tpath(*state, "nope");
    char want_top[4096], want_sub[4096];
    assert_non_null(realpath(*state, want_top));
    assert_non_null(realpath(sub, want_sub));
    for (int i = 0; i < 3; i++) {
        assert_string_equal(df_dircache_realpath(c, *state), want_top); /* miss, then hits */
        assert_string_equal(df_dircache_realpath(c, sub), want_sub);   /* a second folder */
        assert_null(df_dircache_realpath(c, nope));                   /* kept as unresolvable */
    }
    assert_int_equal(df_dircache_resolves(c), 3);
    free(sub), free(nope);
    df_dircache_free(c);
}

static void remember_and_recall(void **state)
{
    (void)state;
    df_dircache *c = df_dircache_new();
    bool found = true;
    assert_null(df_dircache_recall(c, 0x10, "/a", &found));
    assert_false(found);
    assert_int_equal(df_dircache_remember(c, 0x10, "/a", "one"), 0);
    assert_int_equal(df_dircache_remember(c, 0x10, "/b", NULL), 0);
    assert_int_equal(df_dircache_remember(c, 0x11, "/a", "two"), 0);
    assert_string_equal(df_dircache_recall(c, 0x10, "/a", &found), "one");
    assert_true(found);
    assert_null(df_dircache_recall(c, 0x10, "/b", &found));
    assert_true(found); /* kept as "none" */
    assert_string_equal(df_dircache_recall(c, 0x11, "/a", &found), "two");
    assert_null(df_dircache_recall(c, 0x11, "/b", &found));
    assert_false(found);
    assert_int_equal(df_dircache_reads(c), 0);
    df_dircache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lists_sorted_without_dots, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_each_folder_once, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folder_is_minus_one, setup, teardown),
        cmocka_unit_test_setup_teardown(many_folders, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_from_listing, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_unreadable_is_maybe, setup, teardown),
        cmocka_unit_test_setup_teardown(absent_without_probe_listing, setup, teardown),
        cmocka_unit_test_setup_teardown(lists_by_probes_in_a_run_of_one_file, setup, teardown),
        cmocka_unit_test_setup_teardown(realpath_once_per_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(remember_and_recall, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
