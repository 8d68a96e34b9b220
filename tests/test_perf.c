/*
 * test_perf.c - pathological inputs: no quadratic blow-ups, clean errors.
 *
 * Nothing here measures time. Each test parses a generated input at size N
 * and 8N and compares deterministic work counters: the bytes the document's
 * arena handed out (df_arena_used) and the size of the `--ast` JSON. Linear
 * code gives a ratio near 8; the bound is 12 (RATIO_MAX), so a quadratic
 * step (ratio ~64) fails however fast the machine is. Every parse also runs
 * df_doc_check and the no-edit round trip, and checks the shape of the
 * result (instruction, line, heredoc counts), so the inputs really exercise
 * what they claim to. Inputs BuildKit rejects must fail with its exact
 * message and line.
 *
 * Sizes stay moderate (the largest input is 10 MB) so the suite runs in a
 * few seconds under ASan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/arena.h"
#include "dfopt/ast.h"
#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"

#define RATIO_MAX 12

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static void add(df_buf *b, const char *s)
{
    assert_int_equal(df_buf_addstr(b, s), 0);
}

static void add_rep(df_buf *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    assert_int_equal(df_buf_grow(b, n * times), 0);
    for (size_t i = 0; i < times; i++)
        assert_int_equal(df_buf_add(b, s, n), 0);
}

/* What one successful parse cost. */
typedef struct {
    size_t arena;  /* df_arena_used() of the document */
    size_t json;   /* bytes of df_ast_json() output */
} cost;

typedef void (*verify_fn)(const df_doc *d, size_t n);

/* Parse text, which must succeed; check invariants, the round trip, the
 * shape (verify) and return the counters. */
static cost parse_ok(const df_buf *text, size_t n, verify_fn verify)
{
    df_source src;
    assert_int_equal(df_source_init(&src, "perf", text->data ? text->data : "", text->len), 0);
    df_parse_error err;
    memset(&err, 0, sizeof err);
    df_doc *d = df_parse(&src, &err);
    if (!d)
        fail_msg("parse failed at line %zu: %s", err.line, err.message);
    const char *bad = df_doc_check(d);
    if (bad)
        fail_msg("df_doc_check: %s", bad);

    /* parse -> print with no edits gives the input back */
    size_t at = 0;
    for (size_t i = 0; i < d->npieces; i++) {
        assert_int_equal(d->pieces[i].span.start, at);
        at = d->pieces[i].span.end;
    }
    assert_int_equal(at, text->len);

    if (verify)
        verify(d, n);

    df_buf js = DF_BUF_INIT;
    assert_int_equal(df_ast_json(d, &js), 0);
    assert_true(js.len > 0);
    cost c = {df_arena_used(d->arena), js.len};
    df_buf_release(&js);
    df_doc_free(d);
    df_source_release(&src);
    return c;
}

/* Parse text, which must fail with exactly msg at line `line`. */
static void parse_fails(const df_buf *text, const char *msg, size_t line)
{
    df_source src;
    assert_int_equal(df_source_init(&src, "perf", text->data ? text->data : "", text->len), 0);
    df_parse_error err;
    memset(&err, 0, sizeof err);
    df_doc *d = df_parse(&src, &err);
    if (d) {
        df_doc_free(d);
        fail_msg("parse succeeded, expected: %s", msg);
    }
    assert_string_equal(err.message, msg);
    assert_int_equal(err.line, line);
    assert_true(err.offset <= text->len);
    df_source_release(&src);
}

typedef void (*build_fn)(df_buf *b, size_t n);

/* Build and parse at n and 8n; the counters must grow at most ~linearly. */
static void check_linear(build_fn build, verify_fn verify, size_t n)
{
    df_buf small = DF_BUF_INIT, big = DF_BUF_INIT;
    build(&small, n);
    build(&big, 8 * n);
    cost a = parse_ok(&small, n, verify);
    cost b = parse_ok(&big, 8 * n, verify);
    print_message("    n=%zu: %zu bytes in, arena %zu, json %zu | 8n: %zu bytes in, arena %zu "
                  "(x%.1f, %.0f B/B), json %zu (x%.1f)\n",
                  n, small.len, a.arena, a.json, big.len, b.arena, (double)b.arena / (double)a.arena,
                  (double)b.arena / (double)big.len, b.json, (double)b.json / (double)a.json);
    if (b.arena >= RATIO_MAX * a.arena)
        fail_msg("arena grew x%.1f for x8 input (%zu -> %zu bytes)",
                 (double)b.arena / (double)a.arena, a.arena, b.arena);
    if (b.json >= RATIO_MAX * a.json)
        fail_msg("--ast JSON grew x%.1f for x8 input (%zu -> %zu bytes)",
                 (double)b.json / (double)a.json, a.json, b.json);
    /* A loose absolute cap: catches a linear but absurd cost (say a 64 KiB
     * scratch per line) that the ratio cannot see. Today's worst case is
     * ~190 arena bytes per input byte (1-byte empty continuation lines,
     * each a df_pline); see the numbers printed above. */
    if (b.arena > 256 * big.len + (1u << 20))
        fail_msg("arena %zu bytes for %zu bytes of input", b.arena, big.len);
    df_buf_release(&small);
    df_buf_release(&big);
}

/* ------------------------------------------------------------------ */
/* one RUN continued over n lines (50,000 at 8n)                       */

static void build_chain(df_buf *b, size_t n)
{
    add(b, "FROM a\nRUN x \\\n");
    add_rep(b, "  && y \\\n", n);
    add(b, "  && z\n");
}

static void verify_chain(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_RUN);
    assert_int_equal(in->nplines, n + 2);
    assert_int_equal(in->start_line, 2);
    assert_int_equal(in->end_line, n + 3);
    /* "RUN x " + n * "  && y " + "  && z" */
    assert_int_equal(in->line.len, 6 + 7 * n + 6);
    assert_int_equal(d->nwarnings, 0);
}

static void test_continuation_chain(void **state)
{
    (void)state;
    check_linear(build_chain, verify_chain, 6250);
}

/* the same chain with a comment line and a blank line between every two
 * code lines: 3n lines dropped from the logical line, one warning */
static void build_chain_trivia(df_buf *b, size_t n)
{
    add(b, "FROM a\nRUN x \\\n");
    add_rep(b, "# c\n\n  && y \\\n", n);
    add(b, "  && z\n");
}

static void verify_chain_trivia(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->nplines, 3 * n + 2);
    assert_int_equal(in->line.len, 6 + 7 * n + 6);
    assert_int_equal(d->nwarnings, 1);
}

static void test_continuation_chain_with_trivia(void **state)
{
    (void)state;
    check_linear(build_chain_trivia, verify_chain_trivia, 2000);
}

/* ------------------------------------------------------------------ */
/* 100,000 empty continuation lines (at 8n)                            */

static void build_empty_cont(df_buf *b, size_t n)
{
    add(b, "FROM a\nRUN x \\\n");
    add_rep(b, "\n", n);
    add(b, "y\n");
}

static void verify_empty_cont(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->nplines, n + 2);
    assert_int_equal(in->end_line, n + 3);
    assert_int_equal(in->line.len, strlen("RUN x y"));
    assert_memory_equal(in->line.text, "RUN x y", 7);
    /* one "Empty continuation line" warning, not one per line */
    assert_int_equal(d->nwarnings, 1);
}

static void test_empty_continuation_lines(void **state)
{
    (void)state;
    check_linear(build_empty_cont, verify_empty_cont, 12500);
}

/* ------------------------------------------------------------------ */
/* 100,000 heredoc instructions (at 8n)                                */

static void build_heredocs(df_buf *b, size_t n)
{
    add(b, "FROM a\n");
    for (size_t i = 0; i < n; i++)
        add(b, i % 2 ? "RUN <<EOF\necho body\nEOF\n" : "COPY <<-'X' /f\n\tx\n\tX\n");
}

static void verify_heredocs(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, n + 1);
    for (size_t i = 1; i <= n; i++) {
        assert_int_equal(d->instrs[i]->nheredocs, 1);
        assert_int_equal(d->instrs[i]->nplines, 3);
    }
    assert_string_equal(d->instrs[1]->heredocs[0].name, "X");
    assert_true(d->instrs[1]->heredocs[0].chomp);
    assert_false(d->instrs[1]->heredocs[0].expand);
}

static void test_many_heredocs(void **state)
{
    (void)state;
    check_linear(build_heredocs, verify_heredocs, 12500);
}

/* many heredocs on ONE instruction line (16,000 at 8n: "<<A " fits 64 KiB) */
static void build_heredocs_one_line(df_buf *b, size_t n)
{
    add(b, "FROM a\nRUN cat");
    add_rep(b, " <<A", n);
    add(b, "\n");
    add_rep(b, "A\n", n);
}

static void verify_heredocs_one_line(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->nheredocs, n);
    assert_int_equal(in->nplines, n + 1);
    assert_int_equal(in->heredocs[n - 1].body.start, in->heredocs[n - 1].body.end);
}

static void test_heredocs_on_one_line(void **state)
{
    (void)state;
    check_linear(build_heredocs_one_line, verify_heredocs_one_line, 2000);
}

/* ------------------------------------------------------------------ */
/* deep JSON                                                           */

static void build_open_brackets(df_buf *b, size_t n)
{
    add(b, "FROM a\nCMD ");
    add_rep(b, "[", n);
    add(b, "\n");
}

static void verify_open_brackets(const df_doc *d, size_t n)
{
    /* not JSON: BuildKit silently falls back to the shell form */
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_false(in->json);
    assert_int_equal(in->nargs, 1);
    assert_int_equal(in->args[0].len, n);
}

static void test_deep_unbalanced_json(void **state)
{
    (void)state;
    /* 5,000 deep at 8n */
    check_linear(build_open_brackets, verify_open_brackets, 625);
}

static void test_deep_balanced_json(void **state)
{
    (void)state;
    /* Valid JSON, but not an array of strings: BuildKit's error, at any
     * depth Go's decoder accepts (10,000); one deeper is not JSON for Go,
     * so the line falls back to the shell form. */
    static const size_t depths[] = {5000, 10000};
    for (size_t k = 0; k < 2; k++) {
        df_buf b = DF_BUF_INIT;
        add(&b, "FROM a\nCMD ");
        add_rep(&b, "[", depths[k]);
        add_rep(&b, "]", depths[k]);
        add(&b, "\n");
        parse_fails(&b, "when using JSON array syntax, arrays must be comprised of strings only", 2);
        df_buf_release(&b);
    }
    df_buf b = DF_BUF_INIT;
    add(&b, "FROM a\nCMD ");
    add_rep(&b, "[", 10001);
    add_rep(&b, "]", 10001);
    add(&b, "\n");
    df_source src;
    assert_int_equal(df_source_init(&src, "perf", b.data, b.len), 0);
    df_parse_error err;
    df_doc *d = df_parse(&src, &err);
    assert_non_null(d);
    assert_null(df_doc_check(d));
    assert_false(d->instrs[1]->json);
    df_doc_free(d);
    df_source_release(&src);
    df_buf_release(&b);
}

/* a long JSON array of strings: n elements */
static void build_json_array(df_buf *b, size_t n)
{
    add(b, "FROM a\nCMD [\"x\"");
    add_rep(b, ", \"\\u00e9\\\"\"", n);
    add(b, "]\n");
}

static void verify_json_array(const df_doc *d, size_t n)
{
    const df_instr *in = d->instrs[1];
    assert_true(in->json);
    assert_int_equal(in->nargs, n + 1);
    assert_int_equal(in->args[n].len, 3); /* "é\"" decoded: C3 A9 22 */
    assert_memory_equal(in->args[n].value, "\xC3\xA9\"", 3);
}

static void test_long_json_array(void **state)
{
    (void)state;
    check_linear(build_json_array, verify_json_array, 600);
}

/* ------------------------------------------------------------------ */
/* 60,000 escape characters on one line (at 8n)                        */

static void build_escapes_run(df_buf *b, size_t n)
{
    add(b, "FROM a\nRUN echo ");
    add_rep(b, "\\", n);
    add(b, " end\n");
}

static void verify_escapes_run(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->nplines, 1);
    assert_int_equal(in->line.len, strlen("RUN echo ") + n + strlen(" end"));
}

static void test_escapes_in_run(void **state)
{
    (void)state;
    check_linear(build_escapes_run, verify_escapes_run, 7500);
}

/* ENV and LABEL values are unescaped word by word */
static void build_escapes_env(df_buf *b, size_t n)
{
    add(b, "FROM a\nENV k=");
    add_rep(b, "\\\\", n / 2);
    add(b, " j=1\nLABEL l=\"");
    add_rep(b, "\\\"", n / 4);
    add(b, "\"\n");
}

static void verify_escapes_env(const df_doc *d, size_t n)
{
    assert_int_equal(d->ninstrs, 3);
    const df_instr *env = d->instrs[1];
    assert_int_equal(env->cmd, DF_CMD_ENV);
    assert_true(env->nargs >= 2);
    const df_instr *label = d->instrs[2];
    assert_int_equal(label->cmd, DF_CMD_LABEL);
    assert_true(label->nargs >= 2);
}

static void test_escapes_in_env_label(void **state)
{
    (void)state;
    check_linear(build_escapes_env, verify_escapes_env, 7500);
}

/* n words on one ENV line, n flags on one RUN line */
static void build_many_words(df_buf *b, size_t n)
{
    add(b, "FROM a\nENV");
    for (size_t i = 0; i < n; i++) {
        char w[32];
        snprintf(w, sizeof w, " k%zu=v", i);
        add(b, w);
    }
    add(b, "\nRUN");
    add_rep(b, " --mount=type=tmpfs,target=/t", n / 8);
    add(b, " true\n");
}

static void verify_many_words(const df_doc *d, size_t n)
{
    assert_int_equal(d->instrs[1]->nargs, 3 * n); /* key, value, "=" per pair */
    assert_int_equal(d->instrs[2]->nflags, n / 8);
}

static void test_many_words_and_flags(void **state)
{
    (void)state;
    check_linear(build_many_words, verify_many_words, 800);
}

/* many short instructions and many directive-like comment lines */
static void build_many_instrs(df_buf *b, size_t n)
{
    add(b, "# syntax=x\n# escape=\\\n\n"); /* the blank line ends the directives */
    add_rep(b, "# escape=`\n", n);           /* so these are plain comments */
    for (size_t i = 0; i < n; i++)
        add(b, i % 3 == 0 ? "FROM a AS s\n" : i % 3 == 1 ? "ONBUILD RUN x\n" : "\xEF\xBB\xBFx\r\n");
}

static void verify_many_instrs(const df_doc *d, size_t n)
{
    assert_int_equal(d->ndirectives, 2);
    assert_int_equal(d->escape, '\\');
    assert_int_equal(d->ninstrs, n);
    assert_int_equal(d->nstages, (n + 2) / 3);
}

static void test_many_instructions(void **state)
{
    (void)state;
    check_linear(build_many_instrs, verify_many_instrs, 6250);
}

/* ------------------------------------------------------------------ */
/* the 64 KiB line limit                                               */

static void test_ten_megabyte_line_rejected(void **state)
{
    (void)state;
    df_buf b = DF_BUF_INIT;
    add(&b, "FROM a\nRUN ");
    assert_int_equal(df_buf_grow(&b, 10u << 20), 0);
    memset(b.data + b.len, 'x', 10u << 20);
    b.len += 10u << 20;
    b.data[b.len] = '\0';
    add(&b, "\nRUN after\n");
    parse_fails(&b, "dockerfile line greater than max allowed size of 65535", 2);

    /* without a final newline too */
    b.len -= strlen("\nRUN after\n");
    b.data[b.len] = '\0';
    parse_fails(&b, "dockerfile line greater than max allowed size of 65535", 2);
    df_buf_release(&b);

    /* BuildKit reports "no instructions" first when the long line comes
     * before any instruction */
    df_buf c = DF_BUF_INIT;
    add(&c, "# comment\n");
    add_rep(&c, "y", 10u << 20);
    parse_fails(&c, "file with no instructions", 1);
    df_buf_release(&c);
}

static void test_line_limit_boundary(void **state)
{
    (void)state;
    /* 65,536 bytes with the '\n' is the longest line accepted */
    df_buf b = DF_BUF_INIT;
    add(&b, "FROM a\nRUN ");
    add_rep(&b, "x", DF_MAX_LINE - 5);
    add(&b, "\n");
    df_source src;
    assert_int_equal(df_source_init(&src, "perf", b.data, b.len), 0);
    df_parse_error err;
    df_doc *d = df_parse(&src, &err);
    if (!d)
        fail_msg("65536-byte line rejected: %s", err.message);
    assert_null(df_doc_check(d));
    df_doc_free(d);
    df_source_release(&src);

    /* one byte more is rejected */
    b.len--;
    add(&b, "x\n");
    parse_fails(&b, "dockerfile line greater than max allowed size of 65535", 2);
    df_buf_release(&b);
}

/* ------------------------------------------------------------------ */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_continuation_chain),
        cmocka_unit_test(test_continuation_chain_with_trivia),
        cmocka_unit_test(test_empty_continuation_lines),
        cmocka_unit_test(test_many_heredocs),
        cmocka_unit_test(test_heredocs_on_one_line),
        cmocka_unit_test(test_deep_unbalanced_json),
        cmocka_unit_test(test_deep_balanced_json),
        cmocka_unit_test(test_long_json_array),
        cmocka_unit_test(test_escapes_in_run),
        cmocka_unit_test(test_escapes_in_env_label),
        cmocka_unit_test(test_many_words_and_flags),
        cmocka_unit_test(test_many_instructions),
        cmocka_unit_test(test_ten_megabyte_line_rejected),
        cmocka_unit_test(test_line_limit_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
