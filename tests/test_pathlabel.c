/*
 * test_pathlabel.c - lexical path normalisation for diff labels (the
 * labels themselves are tested end to end with git in test_cli.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_util.h"
#include "dfopt/dircache.h"
#include "dfopt/pathlabel.h"

static void normalise(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Dockerfile", "Dockerfile"},
        {"./Dockerfile", "Dockerfile"},
        {"./sub/../sub/Dockerfile", "sub/Dockerfile"},
        {"a//b/./c/", "a/b/c"},
        {"a/b/../../c", "c"},
        {"../x/Dockerfile", "../x/Dockerfile"},
        {"a/../../x", "../x"},
        {"../../x/..", "../.."},
        {"/tmp/x/../Dockerfile", "/tmp/Dockerfile"},
        {"/../x", "/x"},
        {"/", "/"},
        {".", "."},
        {"a/..", "."},
        {"", "."},
        {"..a/b", "..a/b"},
        {"a/.../b", "a/.../b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = df_path_normalise(cases[i][0]);
        assert_non_null(got);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("\"%s\" -> \"%s\", want \"%s\"", cases[i][0], got, cases[i][1]);
        free(got);
    }
}

static void standard_input(void **state)
{
    (void)state;
    char *l = df_diff_label("-", NULL);
    assert_string_equal(l, "Dockerfile");
    free(l);
}

/* the labels of files in several folders, inside and outside a work tree,
 * are the same with the run's folder cache as without, and each folder is
 * resolved once however many of its files are labelled */
static void same_labels_with_the_cache(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, "repo");
    tmkdir(d, "repo/.git");
    tmkdir(d, "repo/sub");
    tmkdir(d, "plain");
    static const char *const files[] = {"repo/Dockerfile", "repo/sub/Dockerfile", "repo/sub/x.Dockerfile",
                                        "plain/Dockerfile", "plain/y.Dockerfile"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        twrite(d, files[i], "FROM a\n", 0644);
    df_dircache *c = df_dircache_new();
    assert_non_null(c);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
            char *p = tpath(d, files[i]);
            char *want = df_diff_label(p, NULL), *got = df_diff_label(p, c);
            assert_non_null(want);
            assert_non_null(got);
            assert_string_equal(got, want);
            if (i < 3) /* from the top of the work tree */
                assert_string_equal(got, files[i] + strlen("repo/"));
            free(want);
            free(got);
            free(p);
        }
    /* repo, repo/sub, plain, and the current folder (for plain/) */
    assert_int_equal(df_dircache_resolves(c), 4);
    df_dircache_free(c);
    tdir_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalise),
        cmocka_unit_test(standard_input),
        cmocka_unit_test(same_labels_with_the_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
