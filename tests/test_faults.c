/*
 * test_faults.c - what dfopt does when things go wrong inside it, end to
 * end, with two test-only builds of it (Makefile):
 *   build/tests/dfopt-faulty (DFOPT_FAULTY_BIN): the real DF012 plus rules
 *     that misbehave on purpose (tests/faulty_registry.c): a fix that does
 *     not parse (T901, on a "# break" line) and fixes that never converge
 *     (T902, on a "# grow" line). Exit status 4, a message naming the
 *     rule, and the file left as it was, in every mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli_util.h"

static char g_faulty[PATH_MAX];

static int setup(void **state)
{
    char *d = tdir_new();
    tmkdir(d, ".git"); /* the configuration lookup stops here */
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

static void run_bin(cli_res *r, const char *bin, const char *dir, const char *in, const char *const *args)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = (char *)(uintptr_t)bin;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = (char *)(uintptr_t)args[i];
    argv[n] = NULL;
    if (run_prog(r, dir, in, in ? strlen(in) : 0, argv, -1) < 0)
        fail_msg("cannot run %s", bin);
}

#define FAULTY(r, dir, in, ...) run_bin((r), g_faulty, (dir), (in), (const char *const[]){__VA_ARGS__, NULL})

static void want_rc(const cli_res *r, int want)
{
    if (r->rc != want)
        fail_msg("exit %d, want %d\nstdout: %s\nstderr: %s", r->rc, want, r->out, r->err);
}

/* ---- exit 4: a rule misbehaves -------------------------------------------- */

#define BREAK_DF "FROM alpine\n# break\nADD a.txt /a/\n"
#define BREAK_MSG                                                                                          \
    "B.Dockerfile: internal error: the fix of DF012, T901 made the file unparseable (line 4: unterminated " \
    "heredoc); the file is left as it was\n"
#define GROW_DF "FROM alpine\n# grow\n"
#define GROW_MSG                                                                                               \
    "G.Dockerfile: internal error: fixes did not converge after 8 rounds (still changing: T902); the file is " \
    "left as it was\n"

static void test_unparseable_fix_exits_4(void **state)
{
    const char *d = *state;
    twrite(d, "B.Dockerfile", BREAK_DF, 0644);
    static const char *const modes[][2] = {{"--diff", NULL}, {"--check", NULL}, {"-i", NULL}, {"-q", "-i"}};
    cli_res r;
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        if (modes[i][1])
            FAULTY(&r, d, NULL, modes[i][0], modes[i][1], "B.Dockerfile");
        else
            FAULTY(&r, d, NULL, modes[i][0], "B.Dockerfile");
        want_rc(&r, 4);
        assert_string_equal(r.out, "");
        assert_string_equal(r.err, BREAK_MSG);
        assert_file(d, "B.Dockerfile", BREAK_DF);
        cli_res_free(&r);
    }
    /* default mode: nothing on stdout (no rewrite to pipe on) */
    FAULTY(&r, d, NULL, "B.Dockerfile");
    want_rc(&r, 4);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, BREAK_MSG);
    cli_res_free(&r);
    /* the other files are still done; the exit status is the worst */
    twrite(d, "ok.Dockerfile", "FROM alpine\nADD a.txt /a/\n", 0644);
    FAULTY(&r, d, NULL, "-q", "-i", "B.Dockerfile", "ok.Dockerfile");
    want_rc(&r, 4);
    assert_string_equal(r.err, BREAK_MSG);
    assert_file(d, "B.Dockerfile", BREAK_DF);
    assert_file(d, "ok.Dockerfile", "FROM alpine\nCOPY a.txt /a/\n");
    cli_res_free(&r);
}

static void test_non_converging_fixes_exit_4(void **state)
{
    const char *d = *state;
    twrite(d, "G.Dockerfile", GROW_DF, 0644);
    cli_res r;
    FAULTY(&r, d, NULL, "-i", "G.Dockerfile");
    want_rc(&r, 4);
    assert_string_equal(r.err, GROW_MSG);
    assert_file(d, "G.Dockerfile", GROW_DF);
    cli_res_free(&r);
    FAULTY(&r, d, NULL, "--diff", "G.Dockerfile");
    want_rc(&r, 4);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
    /* the JSON report carries it */
    FAULTY(&r, d, NULL, "--format", "json", "G.Dockerfile");
    want_rc(&r, 4);
    assert_string_equal(r.err, "");
    assert_non_null(strstr(r.out, "\"status\": \"internal-error\""));
    assert_non_null(strstr(r.out, "\"message\": \"fixes did not converge after 8 rounds (still changing: T902); "
                                  "the file is left as it was\""));
    cli_res_free(&r);
}

int main(void)
{
    const char *f = getenv("DFOPT_FAULTY_BIN");
    if (!realpath(f && *f ? f : "build/tests/dfopt-faulty", g_faulty)) {
        fprintf(stderr, "test_faults: build/tests/dfopt-faulty is missing (make test builds it)\n");
        return 1;
    }
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_unparseable_fix_exits_4),
        T(test_non_converging_fixes_exit_4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
