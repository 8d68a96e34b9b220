/*
 * test_scaling.c - the whole engine stays linear on pathological inputs.
 *
 * No clocks: each case runs every rule over an input of size N and 4N and
 * compares df_run_result.work (bytes allocated for trees, scripts and
 * findings). A rule that reparses the stage for every RUN grows that
 * counter quadratically (16x for 4x the input); linear code stays near 4x
 * (DF004/DF006 reparsing every earlier RUN per call was found this way).
 * A scan that allocates nothing does not show in that counter, so the
 * shapes of issue 13 (`make bench` times them) are also held to
 * df_run_result.steps: the instructions of every round plus what the rules
 * ask of the shared helpers (script lookups, commands visited, RUNs read
 * for joining). DF003 asking, for each RUN, every later RUN of a 12,500-RUN
 * chain whether it removes the lists grew that counter quadratically, and
 * so did its cleanup search per install of one long RUN. Scans of the
 * file's text count the bytes they read (df_pm_contains_any and the other
 * scans of the text or of every instruction in passes/): DF004 reading
 * the whole text once per reported call went unseen until they did.
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

typedef struct {
    size_t work, steps;
} cost;

static cost cost_of(gen_fn gen, size_t n)
{
    df_buf b = DF_BUF_INIT;
    gen(&b, n);
    df_options o;
    df_options_default(&o);
    df_run_result res;
    assert_int_equal(df_run("t", b.data, b.len, &o, NULL, &res), 0);
    assert_true(res.changed); /* the rules really had work to do */
    cost c = {res.work, res.steps};
    df_run_result_release(&res);
    df_buf_release(&b);
    return c;
}

/* Input of size n and 4n: linear code does ~4x the steps, quadratic ~16x. */
static void assert_steps_linear(gen_fn gen, size_t n)
{
    cost a = cost_of(gen, n), b = cost_of(gen, 4 * n);
    print_message("    steps %zu -> %zu (x%.1f), work %zu -> %zu (x%.1f)\n", a.steps, b.steps,
                  (double)b.steps / (double)a.steps, a.work, b.work, (double)b.work / (double)a.work);
    assert_true(a.steps > 0);
    assert_true(b.steps < 6 * a.steps);
    assert_true(b.work < 6 * a.work);
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

/* issue 13's 50,000-line shape: RUN apt-get update && apt-get install -y
 * pkgN && echo N over three lines, each followed by a comment (n RUNs) */
static void gen_apt_chain(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian:12\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, "RUN apt-get update \\\n    && apt-get install -y pkg%zu \\\n    && echo %zu\n# step %zu\n", i,
                      i, i);
}

/* n stages, each built on the one before */
static void gen_stage_chain(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian:12 AS s0\n");
    for (size_t i = 1; i <= n; i++)
        df_buf_printf(b, "FROM s%zu AS s%zu\nRUN apt-get install -y gcc curl pkg%zu\n", i - 1, i, i);
}

/* the stage chain, run by an LDAP client named only at the end: every
 * stage's curl install makes DF004 ask recommends_matter_when whether the
 * file uses LDAP (curl recommends libldap-common), and the answer is past
 * the last stage. That scan of the file's text, once per reported call
 * instead of once per file, took the 10,000-stage bench file from 0.4 to
 * 3.5 s; its bytes count as steps (df_pm_contains_any), 16x here. */
static void gen_ldap_stages(df_buf *b, size_t n)
{
    gen_stage_chain(b, n);
    df_buf_addstr(b, "CMD [\"ldapwhoami\", \"-H\", \"ldap://directory\"]\n");
}

/* n stages, each built on the one before, each running `gem update
 * --system` as root (DF025: /root/.gem stays in the layer): whether a
 * stage runs as root is a USER in it or in any stage it is built FROM,
 * and the file is searched for gems kept under ~/.gem. Both asked per RUN
 * walked the whole chain, and the whole file, for every stage. */
static void gen_gem_stages(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM ruby:3.3 AS s0\nUSER root\n");
    for (size_t i = 1; i <= n; i++)
        df_buf_printf(b, "FROM s%zu AS s%zu\nRUN gem update --system\n", i - 1, i);
}

/* n RUN heredocs */
static void gen_heredocs(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian:12\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, "RUN <<EOF\napt-get install -y pkg%zu\necho %zu\nEOF\n", i, i);
}

/* one RUN continued over n lines of about 36 bytes (n = 1,700: 60 KiB) */
static void gen_long_line(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian:12\nRUN apt-get update \\\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, "    && apt-get install -y pkg%zu \\\n", i);
    df_buf_addstr(b, "    && rm -rf /var/lib/apt/lists/*\n");
    /* an application image (a toolchain image only gets DF004's advice) */
    df_buf_addstr(b, "CMD [\"pkg0\"]\n");
}

/* The driver parses the fixed file again each round into the same arena
 * (df_arena_reset): the rounds after the first take no new memory, so
 * what the file's arena holds stays one round's worth, not the sum over
 * the rounds (issue 13: the 50,000-line file allocated ~70 MB per round and
 * page-faulted all of it again in the second). */
static void rounds_reuse_memory(void **s)
{
    (void)s;
    df_buf b = DF_BUF_INIT;
    gen_apt_chain(&b, 2000);
    df_options o;
    df_options_default(&o);
    df_run_result res, again;
    assert_int_equal(df_run("t", b.data, b.len, &o, NULL, &res), 0);
    assert_true(res.changed);
    assert_true(res.rounds >= 2);
    /* the last round of that run parsed and checked its output: alone,
     * that output is one round (nothing left to fix) */
    assert_int_equal(df_run("t", res.output.data, res.output.len, &o, NULL, &again), 0);
    assert_false(again.changed);
    assert_int_equal(again.rounds, 1);
    print_message("    %u rounds: held %zu; its output alone, 1 round: held %zu\n", res.rounds, res.held, again.held);
    assert_true(again.held > 0);
    /* every round fits in the memory of the largest: the first rounds'
     * text is a little shorter, so at most what that one round holds and
     * one more block; a fresh arena per round would hold their sum */
    assert_true(res.held <= again.held + again.held / 8 + (1u << 20));
    df_run_result_release(&again);
    df_run_result_release(&res);
    df_buf_release(&b);
}

/* one install of n packages (each rule asks the call for many package
 * names: its operands are read once, not once per name) */
static void gen_wide_install(df_buf *b, size_t n)
{
    df_buf_addstr(b, "FROM debian:12\nRUN apt-get update && apt-get install -y");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(b, " pkg%zu", i);
    df_buf_addstr(b, "\n");
}

static void apt_chain_steps(void **s) { (void)s; assert_steps_linear(gen_apt_chain, 500); }
static void wide_install_steps(void **s) { (void)s; assert_steps_linear(gen_wide_install, 2000); }
static void stage_chain_steps(void **s) { (void)s; assert_steps_linear(gen_stage_chain, 250); }
static void ldap_stages_steps(void **s) { (void)s; assert_steps_linear(gen_ldap_stages, 250); }
static void gem_stages_steps(void **s) { (void)s; assert_steps_linear(gen_gem_stages, 250); }
static void heredoc_steps(void **s) { (void)s; assert_steps_linear(gen_heredocs, 500); }
static void long_line_steps(void **s) { (void)s; assert_steps_linear(gen_long_line, 425); }

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
        cmocka_unit_test(apt_chain_steps),
        cmocka_unit_test(wide_install_steps),
        cmocka_unit_test(rounds_reuse_memory),
        cmocka_unit_test(stage_chain_steps),
        cmocka_unit_test(ldap_stages_steps),
        cmocka_unit_test(gem_stages_steps),
        cmocka_unit_test(heredoc_steps),
        cmocka_unit_test(long_line_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
