/*
 * test_scaling.c - the whole engine stays linear on pathological inputs.
 *
 * No clocks: each case runs every rule over an input of size N and 4N and
 * compares df_run_result.work (bytes allocated for trees, scripts and
 * findings). A rule that reparses the stage for every RUN grows that
 * counter quadratically (16x for 4x the input); linear code stays near 4x
 * (DF004/DF006 reparsing every earlier RUN per call was found this way).
 * A scan that allocates nothing (a backward SHELL search per RUN, stage
 * names resolved per step, both fixed) does not show here: those are
 * measured by `make bench` on the same kinds of input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/buf.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"

typedef void (*gen_fn)(df_buf *b, size_t n);

static size_t work(gen_fn gen, size_t n)
{
    df_buf b = DF_BUF_INIT;
    gen(&b, n);
    df_options o;
    df_options_default(&o);
    o.unsafe_fixes = true;
    df_run_result res;
    assert_int_equal(df_run("t", b.data, b.len, &o, NULL, &res), 0);
    assert_true(res.changed);
    size_t w = res.work;
    df_run_result_release(&res);
    df_buf_release(&b);
    return w;
}

static void assert_linear(gen_fn gen, size_t n)
{
    size_t a = work(gen, n), b = work(gen, 4 * n);
    print_message("    work %zu -> %zu (x%.1f)\n", a, b, (double)b / (double)a);
    assert_true(b < 6 * a);
}

/* one stage, many single-line package RUNs of every manager */
static void gen_runs(df_buf *b, size_t n)
{
    static const char *const cmds[] = {"apt-get update", "apt-get install -y curl", "apk add x", "pip install y",
                                       "npm ci", "yarn", "dnf install -y z", "apt install q"};
    df_buf_addstr(b, "FROM debian\nENV A=1\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, "RUN %s\n", cmds[i % 8]);
}

/* one stage, many ENV/ARG lines between pip installs */
static void gen_env(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM python:3.12\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, "ENV V%zu=%zu\nARG A%zu=1\nRUN pip install p%zu\n", i, i, i, i);
}

/* many stages built on each other */
static void gen_stages(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian AS s0\n");
    for (size_t i = 1; i < n; i++)
        df_buf_printf(b, "FROM s%zu AS s%zu\nRUN apt-get install -y gcc curl\n", i - 1, i);
}

/* long multi-line RUNs with SHELL switches */
static void gen_long(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\n");
    for (size_t i = 0; i < n / 10 + 1; i++) {
        df_buf_addstr(b, "RUN apt-get update \\\n  && apt-get install -y \\\n");
        for (size_t k = 0; k < 10; k++)
            df_buf_printf(b, "      pkg%zu \\\n", k);
        df_buf_addstr(b, "  && echo done\n");
    }
}

static void runs_scale(void **s) { (void)s; assert_linear(gen_runs, 2000); }
static void env_scales(void **s) { (void)s; assert_linear(gen_env, 1000); }
static void stages_scale(void **s) { (void)s; assert_linear(gen_stages, 300); }
static void long_runs_scale(void **s) { (void)s; assert_linear(gen_long, 2000); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_scale),
        cmocka_unit_test(env_scales),
        cmocka_unit_test(stages_scale),
        cmocka_unit_test(long_runs_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
