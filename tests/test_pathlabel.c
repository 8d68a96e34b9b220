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
    char *l = df_diff_label("-");
    assert_string_equal(l, "Dockerfile");
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalise),
        cmocka_unit_test(standard_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
