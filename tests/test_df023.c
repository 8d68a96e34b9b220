/*
 * test_df023.c - DF023 context-not-ignored through df_run(): it fires once
 * for a COPY of the context's root when the context has no .dockerignore,
 * never changes the file, and proposes entries for the languages it sees
 * (in the JSON report's "dockerignore" field) without ones the build uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

static void run_at(df_run_result *res, const char *path, const char *text, const char *ctx)
{
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "DF023", true, bad, sizeof bad), 0);
    o.unsafe_fixes = true;
    assert_int_equal(df_run(path, text, strlen(text), &o, ctx, res), 0);
    assert_int_equal(res->status, DF_RUN_OK);
    assert_false(res->changed);
}

/* The proposed .dockerignore of the single finding, or NULL when silent. */
static char *proposal(const char *text, const char *ctx)
{
    df_run_result res;
    run_at(&res, "Dockerfile", text, ctx);
    char *out = NULL;
    if (res.diags.n) {
        assert_int_equal(res.diags.n, 1);
        const df_diag *d = res.diags.v[0];
        assert_string_equal(d->rule->id, "DF023");
        assert_int_equal(d->severity, DF_SEV_INFO);
        assert_non_null(d->fix);
        assert_int_equal(d->fix->applicability, DF_APPLY_DISPLAY);
        assert_int_equal(d->fix->nedits, 0);
        assert_false(d->applied);
        assert_string_equal(d->extra_key, "dockerignore");
        out = strdup(d->extra_value);
    }
    df_run_result_release(&res);
    return out;
}

static void test_fires_exact(void **state)
{
    (void)state;
    char *d = tdir_new();
    twrite(d, "package.json", "{}", 0644);
    const char *in = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
    df_run_result res;
    run_at(&res, "Dockerfile", in, d);
    assert_int_equal(res.diags.n, 1);
    const df_diag *dg = res.diags.v[0];
    assert_int_equal(dg->span.start, 26);
    assert_int_equal(dg->span.end, 34);
    assert_non_null(strstr(dg->message, "has no .dockerignore"));
    assert_string_equal(dg->extra_value, ".git\n.DS_Store\n*.log\nnode_modules\nnpm-debug.log*\nyarn-error.log*\n.npm\n"
                                         ".pnpm-store\ncoverage\n.next/cache\n");
    assert_string_equal(dg->fix->description,
                        "add a .dockerignore listing .git, .DS_Store, *.log, node_modules, npm-debug.log*, "
                        "yarn-error.log*, .npm, .pnpm-store, coverage, .next/cache (review it: the build must not "
                        "need them)");
    df_run_result_release(&res);
    tdir_free(d);
}

static void test_families(void **state)
{
    (void)state;
    char *d = tdir_new();
    /* from a RUN (pip), from the image (golang), from a manifest (Gemfile) */
    char *p = proposal("FROM debian:12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n", d);
    assert_string_equal(p, ".git\n.DS_Store\n*.log\n__pycache__\n*.py[cod]\n.venv\nvenv\n.pytest_cache\n.mypy_cache\n"
                           ".ruff_cache\n.tox\n*.egg-info\nbuild\ndist\n");
    free(p);
    p = proposal("FROM golang:1.22\nCOPY ./ /src\n", d);
    assert_string_equal(p, ".git\n.DS_Store\n*.log\nbin\n");
    free(p);
    twrite(d, "Gemfile", "source 'x'\n", 0644);
    p = proposal("FROM debian:12\nADD . /app\n", d);
    assert_string_equal(p, ".git\n.DS_Store\n*.log\n.bundle\nvendor/bundle\nlog\ntmp\ncoverage\n");
    free(p);
    tdir_free(d);
}

static void test_leaves_out_what_the_build_uses(void **state)
{
    (void)state;
    char *d = tdir_new();
    /* copied by name; .git when a RUN runs git; build output mentioned */
    char *p = proposal("FROM python:3.12\nCOPY . .\nCOPY venv /venv\nRUN git rev-parse HEAD > /rev\n"
                       "CMD [\"python\", \"dist/app.py\"]\n",
                       d);
    assert_string_equal(p, ".DS_Store\n*.log\n__pycache__\n*.py[cod]\n.venv\n.pytest_cache\n.mypy_cache\n.ruff_cache\n"
                           ".tox\n*.egg-info\nbuild\n");
    free(p);
    tdir_free(d);
}

/* build output mentioned only in a heredoc's body is left out too (the
 * body is searched as bytes, not in the instruction's line) */
static void test_leaves_out_output_a_heredoc_mentions(void **state)
{
    (void)state;
    char *d = tdir_new();
    char *p = proposal("FROM python:3.12\nCOPY . .\nRUN <<EOF\npip wheel -w dist .\nEOF\n", d);
    assert_null(strstr(p, "\ndist\n"));
    assert_non_null(strstr(p, "\nbuild\n"));
    free(p);
    p = proposal("FROM python:3.12\nCOPY . .\nRUN <<EOF\npip install .\nEOF\n", d);
    assert_non_null(strstr(p, "\ndist\n"));
    free(p);
    tdir_free(d);
}

static void test_silent(void **state)
{
    (void)state;
    char *d = tdir_new();
    static const char *const cases[] = {
        "FROM node:22\nCOPY package.json ./\n",
        "FROM node:22\nCOPY --from=build . .\n",
        "FROM node:22\nCOPY src/ /app/src/\n",
        "FROM node:22\nRUN echo COPY . .\n",
        "FROM node:22\nCOPY <<EOF /x\n.\nEOF\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *p = proposal(cases[i], d);
        if (p)
            fail_msg("fires on:\n%s", cases[i]);
    }
    /* no context (standard input): cannot tell */
    assert_null(proposal("FROM node:22\nCOPY . .\n", NULL));
    /* a context folder that does not exist: cannot tell either */
    assert_null(proposal("FROM node:22\nCOPY . .\n", "/nonexistent/dfopt-test-context"));
    /* a .dockerignore, even an empty one */
    char *e = tdir_new();
    twrite(e, ".dockerignore", "", 0644);
    assert_null(proposal("FROM node:22\nCOPY . .\n", e));
    /* <Dockerfile>.dockerignore next to the Dockerfile */
    twrite(d, "api.Dockerfile.dockerignore", "node_modules\n", 0644);
    char *df = tpath(d, "api.Dockerfile");
    df_run_result res;
    run_at(&res, df, "FROM node:22\nCOPY . .\n", d);
    assert_int_equal(res.diags.n, 0);
    df_run_result_release(&res);
    /* once per file */
    run_at(&res, "Dockerfile", "FROM node:22\nCOPY . .\nFROM node:22\nCOPY . .\n", d);
    assert_int_equal(res.diags.n, 1);
    df_run_result_release(&res);
    free(df);
    tdir_free(e);
    tdir_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fires_exact),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_leaves_out_what_the_build_uses),
        cmocka_unit_test(test_leaves_out_output_a_heredoc_mentions),
        cmocka_unit_test(test_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
