/*
 * test_parser.c - the instruction level of the parser: every keyword's
 * arguments as BuildKit splits them, JSON (exec) form and its fallback,
 * leading --flags, ONBUILD, word spans, stages, df_instr_flag(),
 * df_ast_json() and error messages with their locations.
 *
 * Expected values follow BuildKit's parser (see src/parser.c and
 * ../shared/corpus/expected/buildkit-ast.jsonl).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Parse "FROM a\n" + line and return instruction 1 (the line). */
#define ONE(t, text) (tparse((t), "FROM a\n" text)->instrs[1])

/* ------------------------------------------------------------------ */
/* FROM and stages                                                     */

/* Class "lines from the source's line table": the parser takes each
 * physical line's end from df_source's table of line starts (not a memchr
 * per line) and sizes its arrays by the line count. A source whose table
 * says nothing (one line start) is parsed by the memchr path, its arrays
 * growing: both give the same document, the same errors. */
static void parse_same_both_ways(const char *text, size_t len)
{
    df_source with, without;
    assert_int_equal(df_source_init(&with, "t", text, len), 0);
    static const size_t zero = 0;
    without = with;
    without.line_starts = (size_t *)&zero;
    without.nlines = 1;
    df_parse_error e1, e2;
    memset(&e1, 0, sizeof e1);
    memset(&e2, 0, sizeof e2);
    df_doc *a = df_parse(&with, &e1), *b = df_parse(&without, &e2);
    assert_int_equal(a != NULL, b != NULL);
    if (!a) {
        assert_string_equal(e1.message, e2.message);
        assert_int_equal(e1.offset, e2.offset);
        assert_int_equal(e1.line, e2.line);
        df_source_release(&with);
        return;
    }
    assert_null(df_doc_check(a));
    assert_null(df_doc_check(b));
    assert_int_equal(a->crlf, b->crlf);
    assert_int_equal(a->final_newline, b->final_newline);
    assert_int_equal(a->npieces, b->npieces);
    for (size_t i = 0; i < a->npieces; i++) {
        assert_int_equal(a->pieces[i].kind, b->pieces[i].kind);
        assert_int_equal(a->pieces[i].span.start, b->pieces[i].span.start);
        assert_int_equal(a->pieces[i].span.end, b->pieces[i].span.end);
    }
    assert_int_equal(a->ninstrs, b->ninstrs);
    for (size_t i = 0; i < a->ninstrs; i++) {
        const df_instr *x = a->instrs[i], *y = b->instrs[i];
        assert_int_equal(x->start_line, y->start_line);
        assert_int_equal(x->end_line, y->end_line);
        assert_int_equal(x->nplines, y->nplines);
        assert_memory_equal(x->plines, y->plines, x->nplines * sizeof *x->plines);
    }
    df_buf ja = DF_BUF_INIT, jb = DF_BUF_INIT;
    assert_int_equal(df_ast_json(a, &ja), 0);
    assert_int_equal(df_ast_json(b, &jb), 0);
    assert_string_equal(ja.data, jb.data);
    df_buf_release(&ja);
    df_buf_release(&jb);
    df_doc_free(a);
    df_doc_free(b);
    df_source_release(&with);
}

static void test_lines_from_line_table(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "FROM a\nRUN b\n",
        "FROM a\r\nRUN b \\\r\n  # note\r\n\r\n  && c\r\n",
        "\xEF\xBB\xBF# escape=`\nFROM a\nRUN b `\n  c",
        "# x\n\nFROM a AS b\nCOPY <<EOF /x\nline\nEOF\nRUN <<-A cat\n\tbody\n\tA\n# end\n",
        "FROM a\rRUN b\r\n\n\n",
        "FROM a\nRUN <<EOF\nnever ends\n",
        "",
        "\n\n# only comments\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        parse_same_both_ways(texts[i], strlen(texts[i]));
    /* many lines: the arrays grow on the memchr path */
    df_buf big = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&big, "FROM a\n"), 0);
    for (int k = 0; k < 300; k++)
        assert_int_equal(df_buf_addstr(&big, "# c\nRUN x \\\n  y\n\n"), 0);
    parse_same_both_ways(big.data, big.len);
    /* a line over the limit, after a few */
    df_buf_clear(&big);
    assert_int_equal(df_buf_addstr(&big, "FROM a\nRUN b\nRUN "), 0);
    for (int k = 0; k < 70000; k++)
        assert_int_equal(df_buf_addch(&big, 'x'), 0);
    assert_int_equal(df_buf_addstr(&big, "\nRUN c\n"), 0);
    parse_same_both_ways(big.data, big.len);
    df_buf_release(&big);
}

/* Review class published-target-stage (llama.cpp .devops: `full`,
 * published with `docker build --target full`, was called build-only): a
 * stage no later stage uses that sets its own CMD or ENTRYPOINT ships,
 * with the stages it is built FROM; a stage that is used (FROM, COPY
 * --from by name or index, RUN --mount from=), one without its own
 * command, and Docker's dev-envs stage do not. */
static void test_published_target_stage(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM ubuntu AS build\n"      /* 0: used by COPY --from */
                           "CMD [\"make\"]\n"
                           "FROM ubuntu AS base\n"       /* 1: parent of full */
                           "RUN apt-get update\n"
                           "FROM base AS full\n"         /* 2: target */
                           "COPY --from=build /out /app\n"
                           "ENTRYPOINT [\"/app/tools.sh\"]\n"
                           "FROM ubuntu AS quiet\n"      /* 3: no command of its own */
                           "RUN true\n"
                           "FROM ubuntu AS mounted\n"    /* 4: used by a mount */
                           "CMD x\n"
                           "FROM ubuntu AS byindex\n"    /* 5: used by index */
                           "CMD x\n"
                           "FROM ubuntu AS dev-envs\n"   /* 6: an environment */
                           "CMD [\"sleep\", \"infinity\"]\n"
                           "FROM base AS light\n"        /* 7: last */
                           "RUN --mount=type=bind,from=mounted,target=/m true\n"
                           "COPY --from=5 /x /x\n"
                           "ENTRYPOINT [\"/app/llama-cli\"]\n");
    assert_int_equal(d->nstages, 8);
    assert_false(df_stage_ships(d, 0));
    assert_true(df_stage_ships(d, 1));
    assert_true(df_stage_ships(d, 2));
    assert_false(df_stage_ships(d, 3));
    assert_false(df_stage_ships(d, 4));
    assert_false(df_stage_ships(d, 5));
    assert_false(df_stage_ships(d, 6));
    assert_true(df_stage_ships(d, 7));
    tfree(&t);
    /* a name shadowed by a later stage: the COPY names the earlier one */
    d = tparse(&t, "FROM a AS x\nCMD y\nFROM b AS c\nCOPY --from=x / /\nFROM a AS x\nRUN z\n"
                   "FROM scratch\nCOPY --from=c / /\n");
    assert_false(df_stage_ships(d, 0));
    assert_false(df_stage_ships(d, 1));
    tfree(&t);
    /* one stage, or none but the last: only the last chain */
    d = tparse(&t, "FROM a\nCMD y\n");
    assert_true(df_stage_ships(d, 0));
    tfree(&t);
}


static void test_from_and_stages(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "ARG V=1\n"
                           "FROM --platform=linux/amd64 alpine:3 AS build\n"
                           "RUN a\n"
                           "from scratch as Final\n"
                           "COPY --from=build / /\n"
                           "FROM alpine\n");
    assert_int_equal(d->ninstrs, 6);
    df_instr *f = d->instrs[1];
    assert_int_equal(f->cmd, DF_CMD_FROM);
    assert_int_equal(f->nflags, 1);
    assert_word(f->flags[0], "--platform=linux/amd64");
    assert_int_equal(f->nargs, 3);
    assert_word(f->args[0], "alpine:3");
    assert_word(f->args[1], "AS");
    assert_word(f->args[2], "build");
    assert_span(f->args[0].span, 36, 44);
    assert_span(f->args[2].span, 48, 53);

    assert_int_equal(d->nstages, 3);
    assert_int_equal(d->stages[0].from, 1);
    assert_int_equal(d->stages[0].last, 2);
    assert_string_equal(d->stages[0].base, "alpine:3");
    assert_string_equal(d->stages[0].name, "build");
    assert_string_equal(d->stages[0].platform, "linux/amd64");
    assert_int_equal(d->stages[1].from, 3);
    assert_int_equal(d->stages[1].last, 4);
    assert_string_equal(d->stages[1].base, "scratch");
    assert_string_equal(d->stages[1].name, "Final"); /* as written */
    assert_null(d->stages[1].platform);
    assert_int_equal(d->stages[2].from, 5);
    assert_int_equal(d->stages[2].last, 5);
    assert_null(d->stages[2].name);

    static const size_t stage_of[6] = {SIZE_MAX, 0, 0, 1, 1, 2};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(d->instrs[i]->stage, stage_of[i]);
        assert_int_equal(d->instrs[i]->index, i);
    }
    tfree(&t);

    /* "AS" without a name: no name */
    d = tparse(&t, "FROM a AS\n");
    assert_int_equal(d->instrs[0]->nargs, 2);
    assert_null(d->stages[0].name);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* ARG, ENV, LABEL                                                     */

/* Found by fuzz_parse: an exec form of empty strings only left the
 * value buffer unallocated, and its words were made from NULL + 0
 * (undefined: clang's UBSan, as in make fuzz or make asan CC=clang, stops
 * here; gcc's does not check a zero offset). */
static void regress_fuzz_parse_exec_form_of_empty_strings(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM x\nCMD [\"\"]\nRUN [\"\", \"\"]\n");
    const df_instr *c = d->instrs[1];
    assert_true(c->json);
    assert_int_equal(c->nargs, 1);
    assert_word(c->args[0], "");
    assert_int_equal(d->instrs[2]->nargs, 2);
    assert_word(d->instrs[2]->args[1], "");
    tfree(&t);
}

static void test_arg(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "ARG x\nARG y=1   z\nARG a=\"b c\" d='e f' g=h\\ i\nARG\n");
    assert_int_equal(d->instrs[0]->cmd, DF_CMD_ARG);
    assert_int_equal(d->instrs[0]->nargs, 1);
    assert_word(d->instrs[0]->args[0], "x");
    assert_span(d->instrs[0]->args[0].span, 4, 5);
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nargs, 2);
    assert_word(in->args[0], "y=1");
    assert_word(in->args[1], "z");
    assert_span(in->args[0].span, 10, 13);
    assert_span(in->args[1].span, 16, 17);
    in = d->instrs[2];
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "a=\"b c\"");
    assert_word(in->args[1], "d='e f'");
    assert_word(in->args[2], "g=h\\ i");
    assert_span_text(&t, in->args[2].span, "g=h\\ i");
    assert_int_equal(d->instrs[3]->nargs, 0);
    tfree(&t);
}

static void test_env_label_new_form(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nENV A=1 B=\"2 3\" C='x y' D= E=a\\ b\nLABEL \"k\"=\"v w\" a=b=c\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_ENV);
    assert_int_equal(in->nargs, 15);
    static const char *const want[15] = {"A", "1",      "=", "B", "\"2 3\"", "=", "C", "'x y'",
                                         "=", "D", "",  "=", "E", "a\\ b",   "="};
    for (size_t i = 0; i < 15; i++)
        assert_string_equal(in->args[i].value, want[i]);
    /* "ENV A=1 B=..." starts at 7 */
    assert_span(in->args[0].span, 11, 12);
    assert_span(in->args[1].span, 13, 14);
    assert_span(in->args[2].span, 12, 13);
    assert_span_text(&t, in->args[4].span, "\"2 3\"");
    assert_span_text(&t, in->args[10].span, "");
    in = d->instrs[2];
    assert_int_equal(in->cmd, DF_CMD_LABEL);
    assert_int_equal(in->nargs, 6);
    assert_word(in->args[0], "\"k\"");
    assert_word(in->args[1], "\"v w\"");
    assert_word(in->args[2], "=");
    assert_word(in->args[3], "a");
    assert_word(in->args[4], "b=c"); /* split at the first "=" */
    assert_word(in->args[5], "=");
    tfree(&t);
}

static void test_env_label_legacy_form(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nENV k v  w  \nLABEL maintainer \"me\"\nENV\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "k");
    assert_word(in->args[1], "v  w");
    assert_word(in->args[2], "");
    assert_span(in->args[0].span, 11, 12);
    assert_span(in->args[1].span, 13, 17);
    assert_span(in->args[2].span, 13, 13);
    in = d->instrs[2];
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "maintainer");
    assert_word(in->args[1], "\"me\"");
    assert_word(in->args[2], "");
    assert_int_equal(d->instrs[3]->nargs, 0); /* bare ENV: no words, no error */
    tfree(&t);
}

static void test_env_quoted_values_kept_verbatim(void **state)
{
    (void)state;
    tdoc t;
    df_instr *in = ONE(&t, "ENV a=\"x \\\"y\\\"\" b='p \\ q' c=\\\"d\n");
    assert_int_equal(in->nargs, 9);
    assert_word(in->args[1], "\"x \\\"y\\\"\"");
    assert_word(in->args[4], "'p \\ q'");
    assert_word(in->args[6], "c");
    assert_word(in->args[7], "\\\"d");
    assert_span_text(&t, in->args[1].span, "\"x \\\"y\\\"\"");
    tfree(&t);

    /* inside single quotes the escape char escapes nothing */
    in = ONE(&t, "ENV a='x\\' b=1\n");
    assert_int_equal(in->nargs, 6);
    assert_word(in->args[1], "'x\\'");
    assert_word(in->args[3], "b");
    /* inside double quotes it does */
    tfree(&t);
    in = ONE(&t, "ENV a=\"x\\\" b=1\"\n");
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[1], "\"x\\\" b=1\"");
    tfree(&t);
}

static void test_word_invalid_utf8_like_go(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): BuildKit's parseWords (ARG, ENV, LABEL) builds each word with
     * `word += string(ch)` over utf8.DecodeRuneInString, so an invalid
     * byte becomes U+FFFD ("\xEF\xBF\xBD") in the value: `ENV k=\xff` has
     * the value "\uFFFD" in BuildKit, "\xff" here (parse_words() keeps
     * raw bytes). Invisible in --ast output, which maps invalid bytes to
     * U+FFFD anyway. Reproducer: "FROM a\nENV k=\xff\nARG v=\xfe\n". */
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nENV k=\xff\nARG v=\xfe\n");
    assert_word(d->instrs[1]->args[1], "\xEF\xBF\xBD");
    assert_word(d->instrs[2]->args[0], "v=\xEF\xBF\xBD");
    tfree(&t);
}

static void test_env_label_errors(void **state)
{
    (void)state;
    assert_parse_error("FROM a\nENV k\n", "ENV must have two arguments", 2);
    assert_parse_error("FROM a\nLABEL k\n", "LABEL must have two arguments", 2);
    assert_parse_error("FROM a\nENV a=1 b\n",
                       "Syntax error - can't find = in \"b\". Must be of the form: name=value", 2);
    assert_parse_error("FROM a\nLABEL a=1 \\\n  bb c=2\n",
                       "Syntax error - can't find = in \"bb\". Must be of the form: name=value", 2);
}

static void test_env_error_quotes_word_like_go(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): BuildKit formats the offending word with Go's %q, which escapes
     * the quotes inside it:  Syntax error - can't find = in "\"b c\"". ...
     * parse_name_val() wraps the raw word in quotes instead and gives
     * Syntax error - can't find = in ""b c"". ... (it also cuts words at
     * 150 bytes, which %q does not). */
    assert_parse_error("FROM a\nENV a=1 \"b c\"\n",
                       "Syntax error - can't find = in \"\\\"b c\\\"\". Must be of the form: name=value",
                       2);
}

/* ------------------------------------------------------------------ */
/* HEALTHCHECK, ONBUILD                                                */

static void test_healthcheck(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "HEALTHCHECK NONE\n"
                           "HEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://x || exit 1\n"
                           "HEALTHCHECK CMD [\"curl\", \"-f\"]\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_HEALTHCHECK);
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "NONE");
    assert_false(in->json);
    in = d->instrs[2];
    assert_int_equal(in->nflags, 2);
    assert_word(in->flags[0], "--interval=5s");
    assert_word(in->flags[1], "--timeout=3s");
    assert_int_equal(in->nargs, 2);
    assert_word(in->args[0], "CMD");
    assert_word(in->args[1], "curl -f http://x || exit 1");
    assert_false(in->json);
    in = d->instrs[3];
    assert_true(in->json);
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "CMD");
    assert_word(in->args[1], "curl");
    assert_word(in->args[2], "-f");
    tfree(&t);
}

static void test_onbuild(void **state)
{
    (void)state;
    tdoc t;
    /* "ONBUILD RUN --mount=type=cache,target=/x make \\\n" at 7..55, "  all\n" at 55..61 */
    df_doc *d = tparse(&t, "FROM a\nONBUILD RUN --mount=type=cache,target=/x make \\\n  all\nONBUILD\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_ONBUILD);
    assert_int_equal(in->nargs, 0);
    assert_int_equal(in->nflags, 0);
    assert_int_equal(in->start_line, 2);
    assert_int_equal(in->end_line, 3);
    assert_span(in->span, 7, 61);
    assert_logical(in, "ONBUILD RUN --mount=type=cache,target=/x make   all");
    df_instr *sub = in->sub;
    assert_non_null(sub);
    assert_int_equal(sub->cmd, DF_CMD_RUN);
    assert_int_equal(sub->start_line, 0);
    assert_null(sub->sub);
    assert_logical(sub, "RUN --mount=type=cache,target=/x make   all");
    assert_int_equal(sub->line.nsegs, 2);
    assert_word(sub->keyword, "RUN");
    assert_span(sub->keyword.span, 15, 18);
    assert_int_equal(sub->nflags, 1);
    assert_word(sub->flags[0], "--mount=type=cache,target=/x");
    assert_int_equal(sub->flags[0].lstart, 4);
    assert_span(sub->flags[0].span, 19, 47);
    assert_int_equal(sub->nargs, 1);
    assert_word(sub->args[0], "make   all");
    assert_span(sub->args[0].span, 48, 60);
    assert_span(sub->span, 15, 60);
    assert_int_equal(df_logical_to_src(&sub->line, 0), 15);
    assert_false(sub->json);
    /* bare ONBUILD: no sub instruction */
    assert_int_equal(d->instrs[2]->cmd, DF_CMD_ONBUILD);
    assert_null(d->instrs[2]->sub);
    assert_int_equal(d->instrs[2]->nargs, 0);
    tfree(&t);

    d = tparse(&t, "FROM a\nonbuild copy [\"a\", \"b\"] /c\nONBUILD --x=1 ENV k=v\n");
    sub = d->instrs[1]->sub;
    assert_int_equal(sub->cmd, DF_CMD_COPY);
    assert_word(sub->keyword, "copy");
    assert_false(sub->json); /* trailing "/c": not JSON */
    assert_int_equal(sub->nargs, 3);
    assert_word(sub->args[0], "[\"a\",");
    assert_word(sub->args[1], "\"b\"]");
    assert_word(sub->args[2], "/c");
    in = d->instrs[2];
    assert_int_equal(in->nflags, 1);
    assert_word(in->flags[0], "--x=1");
    assert_int_equal(in->sub->cmd, DF_CMD_ENV);
    assert_int_equal(in->sub->nargs, 3);
    assert_word(in->sub->args[1], "v");
    tfree(&t);
}

static void test_nested_onbuild(void **state)
{
    (void)state;
    tdoc t;
    df_instr *in = ONE(&t, "ONBUILD ONBUILD RUN x\n");
    assert_non_null(in->sub);
    assert_int_equal(in->sub->cmd, DF_CMD_ONBUILD);
    assert_non_null(in->sub->sub);
    assert_int_equal(in->sub->sub->cmd, DF_CMD_RUN);
    assert_word(in->sub->sub->args[0], "x");
    assert_span(in->sub->span, 15, 28);
    assert_span(in->sub->sub->span, 23, 28);
    assert_span(in->sub->sub->args[0].span, 27, 28);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* single-argument and word-list instructions                          */

static void test_simple_instructions(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "SHELL [\"powershell\", \"-Command\"]\n"
                           "STOPSIGNAL SIGTERM\n"
                           "MAINTAINER Jane Doe <jane@x.org>\n"
                           "USER 1000:1000\n"
                           "WORKDIR /app dir  \n"
                           "EXPOSE 80\t443/tcp  53/udp\n"
                           "VOLUME [\"/a\", \"/b\"]\n"
                           "VOLUME /c /d\n");
    static const df_cmd cmds[9] = {DF_CMD_FROM,   DF_CMD_SHELL,   DF_CMD_STOPSIGNAL,
                                   DF_CMD_MAINTAINER, DF_CMD_USER, DF_CMD_WORKDIR,
                                   DF_CMD_EXPOSE, DF_CMD_VOLUME,  DF_CMD_VOLUME};
    assert_int_equal(d->ninstrs, 9);
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(d->instrs[i]->cmd, cmds[i]);
    df_instr **in = d->instrs;
    assert_true(in[1]->json);
    assert_int_equal(in[1]->nargs, 2);
    assert_word(in[1]->args[0], "powershell");
    assert_word(in[1]->args[1], "-Command");
    assert_int_equal(in[2]->nargs, 1);
    assert_word(in[2]->args[0], "SIGTERM");
    assert_int_equal(in[3]->nargs, 1);
    assert_word(in[3]->args[0], "Jane Doe <jane@x.org>");
    assert_word(in[4]->args[0], "1000:1000");
    assert_int_equal(in[5]->nargs, 1);
    assert_word(in[5]->args[0], "/app dir");
    assert_int_equal(in[6]->nargs, 3);
    assert_word(in[6]->args[0], "80");
    assert_word(in[6]->args[1], "443/tcp");
    assert_word(in[6]->args[2], "53/udp");
    assert_true(in[7]->json);
    assert_int_equal(in[7]->nargs, 2);
    assert_word(in[7]->args[1], "/b");
    assert_false(in[8]->json);
    assert_int_equal(in[8]->nargs, 2);
    assert_word(in[8]->args[0], "/c");
    assert_word(in[8]->args[1], "/d");
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(in[i]->nflags, 0);
    tfree(&t);
}

static void test_exec_form(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "CMD []\n"
                           "ENTRYPOINT [ \"/bin/sh\" , \"-c\" ]\n"
                           "RUN [\"echo\", \"hi\"]\n"
                           "RUN\n"
                           "CMD echo [x]\n");
    df_instr *in = d->instrs[1];
    assert_true(in->json);
    assert_int_equal(in->nargs, 0);
    in = d->instrs[2];
    assert_int_equal(in->cmd, DF_CMD_ENTRYPOINT);
    assert_true(in->json);
    assert_int_equal(in->nargs, 2);
    assert_word(in->args[0], "/bin/sh");
    assert_word(in->args[1], "-c");
    /* "ENTRYPOINT [ " starts at 14: the word is the string token, quotes included */
    assert_span(in->args[0].span, 27, 36);
    assert_span_text(&t, in->args[1].span, "\"-c\"");
    in = d->instrs[3];
    assert_true(in->json);
    assert_int_equal(in->nargs, 2);
    assert_word(in->args[1], "hi");
    in = d->instrs[4];
    assert_false(in->json);
    assert_int_equal(in->nargs, 0);
    in = d->instrs[5];
    assert_false(in->json);
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "echo [x]");
    tfree(&t);
}

static void test_json_escapes(void **state)
{
    (void)state;
    tdoc t;
    df_instr *in = ONE(&t, "CMD [\"caf\\u00e9\", \"a\\nb\\t\", \"\\ud83d\\ude00\", \"q\\\"\\\\\\/\", \"\\u0000\"]\n");
    assert_true(in->json);
    assert_int_equal(in->nargs, 5);
    assert_word(in->args[0], "caf\xc3\xa9");
    assert_word(in->args[1], "a\nb\t");
    assert_word(in->args[2], "\xf0\x9f\x98\x80");
    assert_word(in->args[3], "q\"\\/");
    assert_word(in->args[4], "\0");
    assert_span_text(&t, in->args[0].span, "\"caf\\u00e9\"");
    tfree(&t);
}

static void test_json_invalid_utf8_and_surrogates(void **state)
{
    (void)state;
    tdoc t;
    /* Go's decoder: invalid bytes and lone surrogates become U+FFFD */
    df_instr *in = ONE(&t, "CMD [\"\xff\", \"\\ud800x\", \"\\udc00\\ud83d\"]\n");
    assert_true(in->json);
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "\xEF\xBF\xBD");
    assert_word(in->args[1], "\xEF\xBF\xBDx");
    assert_word(in->args[2], "\xEF\xBF\xBD\xEF\xBF\xBD");
    tfree(&t);
}

static void test_invalid_json_falls_back(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "CMD ['a', 'b']\n"
                           "CMD [\"a\",]\n"
                           "ENTRYPOINT [\"a\"\n"
                           "RUN [\"a\"] && b\n"
                           "COPY [\"a\", b]\n"
                           "SHELL sh -c\n");
    static const char *const want[5] = {"['a', 'b']", "[\"a\",]", "[\"a\"", "[\"a\"] && b", NULL};
    for (size_t i = 0; i < 4; i++) {
        df_instr *in = d->instrs[1 + i];
        assert_false(in->json);
        assert_int_equal(in->nargs, 1);
        assert_string_equal(in->args[0].value, want[i]);
    }
    df_instr *in = d->instrs[5];
    assert_false(in->json);
    assert_int_equal(in->nargs, 2);
    assert_word(in->args[0], "[\"a\",");
    assert_word(in->args[1], "b]");
    in = d->instrs[6];
    assert_false(in->json);
    assert_word(in->args[0], "sh -c");
    tfree(&t);
}

static void test_json_non_string_error(void **state)
{
    (void)state;
    static const char msg[] = "when using JSON array syntax, arrays must be comprised of strings only";
    assert_parse_error("FROM a\nCMD [\"a\", 1]\n", msg, 2);
    assert_parse_error("FROM a\nRUN [null]\n", msg, 2);
    assert_parse_error("FROM a\nVOLUME [[\"a\"]]\n", msg, 2);
    assert_parse_error("FROM a\nSHELL [true]\n", msg, 2);
    assert_parse_error("FROM a\nHEALTHCHECK CMD [{}]\n", msg, 2);
    df_parse_error e;
    tparse_fail("FROM a\n\n  CMD \\\n [1]\n", &e);
    assert_string_equal(e.message, msg);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.offset, 10);
}

/* ------------------------------------------------------------------ */
/* flags                                                               */

static void test_flags(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "RUN --mount=type=cache,target=/x --network=none echo hi\n"
                           "COPY --chown=1:1 --link a b\n"
                           "RUN --mount=\"type=secret,id=a b\" --x='y z' --e=a\\ b --q=\"\" x\n"
                           "RUN --network=none -- --foo bar\n"
                           "FOO --bar=1 baz\n"
                           "RUN -x --foo\n"
                           "COPY --from=x\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nflags, 2);
    assert_word(in->flags[0], "--mount=type=cache,target=/x");
    assert_word(in->flags[1], "--network=none");
    assert_span(in->flags[0].span, 11, 39);
    assert_int_equal(in->flags[1].lstart, 33);
    assert_int_equal(in->flags[1].lend, 47);
    assert_word(in->args[0], "echo hi");
    in = d->instrs[2];
    assert_int_equal(in->nflags, 2);
    assert_word(in->flags[0], "--chown=1:1");
    assert_word(in->flags[1], "--link");
    assert_int_equal(in->nargs, 2);
    in = d->instrs[3];
    assert_int_equal(in->nflags, 4);
    assert_word(in->flags[0], "--mount=type=secret,id=a b");
    assert_span_text(&t, in->flags[0].span, "--mount=\"type=secret,id=a b\"");
    assert_word(in->flags[1], "--x=y z");
    assert_word(in->flags[2], "--e=a b");
    assert_word(in->flags[3], "--q=");
    assert_word(in->args[0], "x");
    in = d->instrs[4];
    assert_int_equal(in->nflags, 1);
    assert_word(in->args[0], "--foo bar");
    in = d->instrs[5];
    assert_int_equal(in->cmd, DF_CMD_UNKNOWN);
    assert_int_equal(in->nflags, 1);
    assert_word(in->flags[0], "--bar=1");
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "");
    in = d->instrs[6];
    assert_int_equal(in->nflags, 0);
    assert_word(in->args[0], "-x --foo");
    in = d->instrs[7];
    assert_int_equal(in->nflags, 1);
    assert_int_equal(in->nargs, 0);
    tfree(&t);
}

static void test_flag_bytes_are_latin1_runes(void **state)
{
    (void)state;
    tdoc t;
    /* extractBuilderFlags reads bytes as runes: 0xC2 becomes "Â" and 0xA0
     * (NBSP) ends the flag */
    df_instr *in = ONE(&t, "RUN --a=x\xc2\xa0y z\n");
    assert_int_equal(in->nflags, 1);
    assert_word(in->flags[0], "--a=x\xc3\x82");
    assert_span_text(&t, in->flags[0].span, "--a=x\xc2");
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "y z");
    tfree(&t);
}

static void test_instr_flag_lookup(void **state)
{
    (void)state;
    tdoc t;
    df_instr *in = ONE(&t, "COPY --from=a --chown=1 --from=b --fromx=c --link x y\n");
    assert_int_equal(in->nflags, 5);
    const df_word *f = df_instr_flag(in, "from", NULL);
    assert_non_null(f);
    assert_ptr_equal(f, &in->flags[0]);
    assert_string_equal(df_instr_flag(in, "link", NULL)->value, "--link");
    assert_string_equal(df_instr_flag(in, "fromx", NULL)->value, "--fromx=c");
    assert_string_equal(df_instr_flag(in, "chown", NULL)->value, "--chown=1");
    assert_null(df_instr_flag(in, "chow", NULL));
    assert_null(df_instr_flag(in, "mount", NULL));
    size_t at = 0;
    f = df_instr_flag(in, "from", &at);
    assert_string_equal(f->value, "--from=a");
    assert_int_equal(at, 1);
    f = df_instr_flag(in, "from", &at);
    assert_string_equal(f->value, "--from=b");
    assert_int_equal(at, 3);
    assert_null(df_instr_flag(in, "from", &at));
    assert_int_equal(at, 5);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* keywords                                                            */

static void test_keyword_case(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "from a\nRun b\nrUN c\nHealthCheck NONE\n");
    assert_int_equal(d->instrs[0]->cmd, DF_CMD_FROM);
    assert_word(d->instrs[0]->keyword, "from");
    assert_int_equal(d->instrs[1]->cmd, DF_CMD_RUN);
    assert_word(d->instrs[1]->keyword, "Run");
    assert_int_equal(d->instrs[2]->cmd, DF_CMD_RUN);
    assert_word(d->instrs[2]->keyword, "rUN");
    assert_span(d->instrs[2]->keyword.span, 13, 16);
    assert_int_equal(d->instrs[3]->cmd, DF_CMD_HEALTHCHECK);
    assert_string_equal(df_cmd_name(DF_CMD_RUN), "run");
    assert_string_equal(df_cmd_name(DF_CMD_HEALTHCHECK), "healthcheck");
    assert_string_equal(df_cmd_name(DF_CMD_UNKNOWN), "");
    assert_int_equal(d->nstages, 1);
    tfree(&t);
}

static void test_whitespace_variants(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n"
                           "RUN\vecho\n"           /* \v separates the keyword */
                           "RUN\xc2\xa0" "echo\n"  /* NBSP does not */
                           "RUN echo\xc2\xa0\n"    /* but is trimmed at the end */
                           "HEALTHCHECK CMD\tcurl\n");
    assert_int_equal(d->instrs[1]->cmd, DF_CMD_RUN);
    assert_word(d->instrs[1]->args[0], "echo");
    assert_int_equal(d->instrs[2]->cmd, DF_CMD_UNKNOWN);
    assert_word(d->instrs[2]->keyword, "RUN\xc2\xa0" "echo");
    assert_int_equal(d->instrs[3]->cmd, DF_CMD_RUN);
    assert_word(d->instrs[3]->args[0], "echo");
    assert_logical(d->instrs[3], "RUN echo\xc2\xa0");
    assert_int_equal(d->instrs[4]->nargs, 2);
    assert_word(d->instrs[4]->args[0], "CMD");
    assert_word(d->instrs[4]->args[1], "curl");
    tfree(&t);
}

static void test_keyword_unicode_lowercase(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): BuildKit lowercases the keyword with strings.ToLower, which maps
     * U+212A KELVIN SIGN to "k": "WOR\u212aDIR /x" is a WORKDIR (and
     * "HEALTHCHEC\u212a" a HEALTHCHECK) for BuildKit; lookup_cmd() only
     * lowercases ASCII and reports an unknown instruction (astjson's "cmd"
     * for unknown keywords is ASCII-lowercased too).
     * Reproducer: "FROM a\nWOR\xe2\x84\xaaDIR /x\n". Exotic. */
    tdoc t;
    df_instr *in = ONE(&t, "WOR\xe2\x84\xaa" "DIR /x\n");
    assert_int_equal(in->cmd, DF_CMD_WORKDIR);
    assert_word(in->args[0], "/x");
    tfree(&t);
}

static void test_unknown_instruction(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nFOO bar baz\nRUNX y\nADDX\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_UNKNOWN);
    assert_word(in->keyword, "FOO");
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "");
    assert_int_equal(in->args[0].lstart, 4);
    assert_int_equal(in->args[0].lend, 4);
    assert_span(in->args[0].span, 11, 11);
    assert_int_equal(in->rest_lstart, 4);
    assert_int_equal(in->rest_lend, 11);
    assert_int_equal(d->instrs[2]->cmd, DF_CMD_UNKNOWN);
    assert_int_equal(d->instrs[3]->cmd, DF_CMD_UNKNOWN);
    assert_int_equal(d->instrs[3]->nargs, 1);
    assert_word(d->instrs[3]->args[0], "");
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* spans                                                               */

static void test_word_spans_across_continuation(void **state)
{
    (void)state;
    tdoc t;
    /* "COPY a \\\n" at 7..16, "  b /c\n" at 16..23 */
    df_doc *d = tparse(&t, "FROM a\nCOPY a \\\n  b /c\nENV x=1 \\\n    y=2\n");
    df_instr *in = d->instrs[1];
    assert_logical(in, "COPY a   b /c");
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "a");
    assert_span(in->args[0].span, 12, 13);
    assert_word(in->args[1], "b");
    assert_int_equal(in->args[1].lstart, 9);
    assert_span(in->args[1].span, 18, 19);
    assert_word(in->args[2], "/c");
    assert_span(in->args[2].span, 20, 22);
    assert_int_equal(in->rest_lstart, 5);
    assert_int_equal(in->rest_lend, 13);
    assert_span(df_logical_span(&in->line, in->rest_lstart, in->rest_lend), 12, 22);
    in = d->instrs[2];
    assert_int_equal(in->nargs, 6);
    assert_span_text(&t, in->args[3].span, "y");
    assert_span_text(&t, in->args[4].span, "2");
    assert_span(in->args[3].span, 37, 38);
    tfree(&t);
}

static void test_rest_range(void **state)
{
    (void)state;
    tdoc t;
    df_instr *in = ONE(&t, "RUN --mount=x   echo hi  \n");
    assert_logical(in, "RUN --mount=x   echo hi  ");
    assert_int_equal(in->rest_lstart, 16);
    assert_int_equal(in->rest_lend, 23);
    assert_int_equal(in->flags[0].lstart, 4);
    assert_int_equal(in->flags[0].lend, 13);
    assert_span(in->flags[0].span, 11, 20);
    assert_word(in->args[0], "echo hi");
    assert_span(in->args[0].span, 23, 30);
    assert_int_equal(in->keyword.lstart, 0);
    assert_int_equal(in->keyword.lend, 3);
    tfree(&t);

    in = ONE(&t, "RUN\n");
    assert_int_equal(in->rest_lstart, 3);
    assert_int_equal(in->rest_lend, 3);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* JSON output                                                         */

static void check_json(const char *text, const char *want)
{
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_ast_json(d, &out), 0);
    assert_string_equal(out.data, want);
    assert_int_equal(out.len, strlen(want));
    df_buf_release(&out);
    tfree(&t);
}

static void test_ast_json(void **state)
{
    (void)state;
    check_json("# syntax=x\nFROM a\nRUN <<E\nhi\nE\n",
               "{\"escape\": \"\\\\\", \"directives\": [{\"name\": \"syntax\", \"value\": \"x\", \"line\": 1}], "
               "\"warnings\": [], \"instructions\": [\n"
               "  {\"cmd\": \"from\", \"rawCmd\": \"FROM\", \"flags\": [], \"args\": [\"a\"], \"json\": false, "
               "\"heredocs\": [], \"startLine\": 2, \"endLine\": 2, \"original\": \"FROM a\", "
               "\"span\": [11, 18], \"sub\": null},\n"
               "  {\"cmd\": \"run\", \"rawCmd\": \"RUN\", \"flags\": [], \"args\": [\"<<E\"], \"json\": false, "
               "\"heredocs\": [{\"name\": \"E\", \"content\": \"hi\\n\", \"expand\": true, \"chomp\": false, "
               "\"fileDescriptor\": 0, \"span\": [26, 29]}], \"startLine\": 3, \"endLine\": 5, "
               "\"original\": \"RUN <<E\", \"span\": [18, 31], \"sub\": null}]}\n");
    check_json("Foo \xff\tx\nONBUILD CMD [\"a\"]\n",
               "{\"escape\": \"\\\\\", \"directives\": [], \"warnings\": [], \"instructions\": [\n"
               "  {\"cmd\": \"foo\", \"rawCmd\": \"Foo\", \"flags\": [], \"args\": [\"\"], \"json\": false, "
               "\"heredocs\": [], \"startLine\": 1, \"endLine\": 1, \"original\": \"Foo \\ufffd\\tx\", "
               "\"span\": [0, 8], \"sub\": null},\n"
               "  {\"cmd\": \"onbuild\", \"rawCmd\": \"ONBUILD\", \"flags\": [], \"args\": [], \"json\": false, "
               "\"heredocs\": [], \"startLine\": 2, \"endLine\": 2, \"original\": \"ONBUILD CMD [\\\"a\\\"]\", "
               "\"span\": [8, 26], \"sub\": {\"cmd\": \"cmd\", \"rawCmd\": \"CMD\", \"flags\": [], \"args\": [\"a\"], "
               "\"json\": true, \"heredocs\": [], \"startLine\": 0, \"endLine\": 0, \"original\": \"CMD [\\\"a\\\"]\", "
               "\"span\": [16, 25], \"sub\": null}}]}\n");
}

/* ------------------------------------------------------------------ */
/* error locations                                                     */

static void test_error_locations(void **state)
{
    (void)state;
    df_parse_error e;
    tparse_fail("FROM a\n  CMD [1]\n", &e);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.offset, 9);
    tparse_fail("FROM a\nRUN x\nENV a=1 b\n", &e);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.offset, 13);
    tparse_fail("FROM a\nRUN <<EOF\nx\n", &e);
    assert_string_equal(e.message, "unterminated heredoc");
    assert_int_equal(e.line, 2);
    assert_int_equal(e.offset, 7);
    tparse_fail("# escape=\\\n  # escape=`\nFROM a\n", &e);
    assert_int_equal(e.line, 2);
    assert_int_equal(e.offset, 13);
    tparse_fail("# escape=xy\nFROM a\n", &e);
    assert_string_equal(e.message, "invalid escape token 'xy' does not match ` or \\");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.offset, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_and_stages),
        cmocka_unit_test(regress_fuzz_parse_exec_form_of_empty_strings),
        cmocka_unit_test(test_arg),
        cmocka_unit_test(test_env_label_new_form),
        cmocka_unit_test(test_env_label_legacy_form),
        cmocka_unit_test(test_env_quoted_values_kept_verbatim),
        cmocka_unit_test(test_word_invalid_utf8_like_go),
        cmocka_unit_test(test_env_label_errors),
        cmocka_unit_test(test_env_error_quotes_word_like_go),
        cmocka_unit_test(test_healthcheck),
        cmocka_unit_test(test_onbuild),
        cmocka_unit_test(test_nested_onbuild),
        cmocka_unit_test(test_simple_instructions),
        cmocka_unit_test(test_exec_form),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_invalid_utf8_and_surrogates),
        cmocka_unit_test(test_invalid_json_falls_back),
        cmocka_unit_test(test_json_non_string_error),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_flag_bytes_are_latin1_runes),
        cmocka_unit_test(test_instr_flag_lookup),
        cmocka_unit_test(test_keyword_case),
        cmocka_unit_test(test_whitespace_variants),
        cmocka_unit_test(test_keyword_unicode_lowercase),
        cmocka_unit_test(test_unknown_instruction),
        cmocka_unit_test(test_word_spans_across_continuation),
        cmocka_unit_test(test_rest_range),
        cmocka_unit_test(test_ast_json),
        cmocka_unit_test(test_error_locations),
        cmocka_unit_test(test_published_target_stage),
        cmocka_unit_test(test_lines_from_line_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
