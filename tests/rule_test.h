/*
 * rule_test.h - the harness the rule tests share: run one rule through
 * df_run() on a string and check the exact output, the number of findings,
 * and that the output is a fixed point (running again changes nothing).
 *
 * Define RULE ("DF003") before including; include after <cmocka.h>.
 * Everything is static: each test binary gets its own copy.
 */
#ifndef DFOPT_TESTS_RULE_TEST_H
#define DFOPT_TESTS_RULE_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#ifndef RULE
#error "define RULE before including rule_test.h"
#endif

static inline void opts_for(df_options *o, bool unsafe)
{
    /* a misspelt RULE would run no rule at all, and every "stays silent"
     * test would pass */
    const df_rule *r = df_rule_find(RULE);
    if (!r)
        fail_msg("RULE \"%s\" names no rule (see dfopt --list-rules)", RULE);
    df_options_default(o);
    for (size_t i = 0; i < df_nrules; i++)
        o->enabled[i] = df_rules[i] == r;
    o->unsafe_fixes = unsafe;
}

static inline void run_text(df_run_result *res, const char *text, bool unsafe)
{
    df_options o;
    opts_for(&o, unsafe);
    int rc = df_run("Dockerfile", text, strlen(text), &o, NULL, res);
    if (res->status != DF_RUN_OK)
        fail_msg("input:\n%s\nstatus %d: %s", text, (int)res->status, res->message);
    assert_int_equal(rc, 0);
}

/* Run, compare the output exactly, count findings; the output is a fixed point. */
static inline void expect_u(const char *text, bool unsafe, const char *want, size_t ndiags)
{
    df_run_result res;
    run_text(&res, text, unsafe);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    assert_int_equal(res.changed, strcmp(text, want) != 0);
    size_t n0 = 0;
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_string_equal(res.diags.v[i]->rule->id, RULE);
        if (res.diags.v[i]->round == 0)
            n0++;
    }
    if (n0 != ndiags)
        fail_msg("input:\n%s\n%zu findings, want %zu", text, n0, ndiags);
    df_run_result again;
    run_text(&again, want, unsafe);
    if (again.changed)
        fail_msg("not idempotent:\n%s\nbecomes\n%.*s", want, (int)again.output.len, again.output.data);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

#define FIRES(text, want) expect_u((text), false, (want), 1)
#define FIRES_N(text, want, n) expect_u((text), false, (want), (n))
#define SILENT(text) expect_u((text), false, (text), 0)
/* reported, nothing changed */
#define REPORTS(text) expect_u((text), false, (text), 1)

/* The single finding of text: severity, fix applicability (-1: no fix),
 * whether it was applied; optional message/description substrings. */
static inline void one(const char *text, bool unsafe, df_severity sev, int ap, bool applied, const char *msg,
                const char *desc)
{
    df_run_result res;
    run_text(&res, text, unsafe);
    size_t n0 = 0;
    const df_diag *d = NULL;
    for (size_t i = 0; i < res.diags.n; i++)
        if (res.diags.v[i]->round == 0) {
            n0++;
            d = res.diags.v[i];
        }
    if (n0 != 1)
        fail_msg("input:\n%s\n%zu findings, want 1", text, n0);
    assert_int_equal(d->severity, sev);
    if (ap < 0) {
        assert_null(d->fix);
    } else {
        assert_non_null(d->fix);
        assert_int_equal(d->fix->applicability, ap);
        if (desc && !strstr(d->fix->description, desc))
            fail_msg("description %s lacks %s", d->fix->description, desc);
    }
    assert_int_equal(d->applied, applied);
    if (msg && !strstr(d->message, msg))
        fail_msg("message %s lacks %s", d->message, msg);
    df_run_result_release(&res);
}

#endif
