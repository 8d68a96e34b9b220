/*
 * test_cliopt.c - valued option words, as dfopt and dfopt-bot read them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/cliopt.h"

static void value_in_the_next_word(void **state)
{
    (void)state;
    char *argv[] = {"dfopt", "--select", "DF003", "Dockerfile", NULL};
    int i = 1;
    const char *v = NULL;
    assert_int_equal(df_cli_opt_value(4, argv, &i, "--select", &v), 1);
    assert_string_equal(v, "DF003");
    assert_int_equal(i, 2);
}

static void value_after_equals(void **state)
{
    (void)state;
    char *argv[] = {"dfopt", "--select=DF003,DF004", "--config=", NULL};
    int i = 1;
    const char *v = NULL;
    assert_int_equal(df_cli_opt_value(3, argv, &i, "--select", &v), 1);
    assert_string_equal(v, "DF003,DF004");
    assert_int_equal(i, 1);
    i = 2;
    assert_int_equal(df_cli_opt_value(3, argv, &i, "--config", &v), 1);
    assert_string_equal(v, "");
}

static void another_option_is_not_this_one(void **state)
{
    (void)state;
    char *argv[] = {"dfopt", "--selected", "x", "--sel", "y", NULL};
    int i = 1;
    const char *v = NULL;
    assert_int_equal(df_cli_opt_value(5, argv, &i, "--select", &v), 0);
    assert_int_equal(i, 1);
    assert_null(v);
    i = 3;
    assert_int_equal(df_cli_opt_value(5, argv, &i, "--select", &v), 0);
    assert_int_equal(i, 3);
}

static void missing_value(void **state)
{
    (void)state;
    char *argv[] = {"dfopt", "--select", NULL};
    int i = 1;
    const char *v = NULL;
    assert_int_equal(df_cli_opt_value(2, argv, &i, "--select", &v), -1);
    assert_int_equal(i, 1);
    assert_null(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(value_in_the_next_word),
        cmocka_unit_test(value_after_equals),
        cmocka_unit_test(another_option_is_not_this_one),
        cmocka_unit_test(missing_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
