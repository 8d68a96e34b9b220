/*
 * cache_rule_test.h - expect() for the cache rule tests (DF007-DF010): run,
 * compare the output exactly, count the findings (all of RULE, and with
 * message MSG when the test defines it), and require a fixed point.
 *
 * Define RULE (and optionally MSG) and include after <cmocka.h>.
 */
#ifndef DFOPT_TESTS_CACHE_RULE_TEST_H
#define DFOPT_TESTS_CACHE_RULE_TEST_H

#include <string.h>

#include "dfopt/driver.h"
#include "dfopt/options.h"

/* Run RULE alone on text (build_stages: fix-build-stages; ctx: build
 * context folder or NULL); the run must succeed. */
static void run_ctx(df_run_result *res, const char *text, bool build_stages, bool unsafe, const char *ctx)
{
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, RULE, true, bad, sizeof bad), 0);
    o.fix_build_stages = build_stages;
    o.unsafe_fixes = unsafe;
    int rc = df_run("Dockerfile", text, strlen(text), &o, ctx, res);
    assert_int_equal(res->status, DF_RUN_OK);
    assert_int_equal(rc, 0);
}

static void run(df_run_result *res, const char *text, bool build_stages)
{
    run_ctx(res, text, build_stages, false, NULL);
}

/* Run text into *res; its output must be want exactly, with ndiags findings. */
static void run_to(df_run_result *res, const char *text, const char *want, size_t ndiags)
{
    run(res, text, false);
    if (res->output.len != strlen(want) || memcmp(res->output.data, want, res->output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res->output.len, res->output.data, want);
    if (res->diags.n != ndiags)
        fail_msg("input:\n%s\n%zu findings, want %zu", text, res->diags.n, ndiags);
}

/* want, run again, changes nothing and finds nothing. */
static void fixed_point(const char *want)
{
    df_run_result again;
    run(&again, want, false);
    if (again.changed || again.diags.n != 0)
        fail_msg("not a fixed point:\n%s", want);
    df_run_result_release(&again);
}

/* Run, compare the output exactly, count findings; the output is a fixed point. */
static void expect(const char *text, const char *want, size_t ndiags)
{
    df_run_result res;
    run_to(&res, text, want, ndiags);
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_string_equal(res.diags.v[i]->rule->id, RULE);
#ifdef MSG
        assert_string_equal(res.diags.v[i]->message, MSG);
#endif
    }
    fixed_point(want);
    df_run_result_release(&res);
}

#define FIRES(text, want) expect((text), (want), 1)
#define SILENT(text) expect((text), (text), 0)

#endif
