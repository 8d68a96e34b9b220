/*
 * test_lexer.c - the line level of the parser: directives, BOM, line
 * terminators, continuation lines, logical -> source mapping, pieces,
 * the 64 KiB line limit, odd bytes, heredoc bodies.
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

/* Found by the fuzzer: an escape char alone on the last line starts a
 * logical line with no bytes; its words must still map inside it. */
static void test_escape_alone_at_eof(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\n\\");
    assert_int_equal(d->ninstrs, 2);
    const df_instr *in = d->instrs[1];
    assert_int_equal(in->line.len, 0);
    assert_span(in->span, 7, 8);
    assert_span(in->keyword.span, 7, 7);
    assert_int_equal(df_logical_to_src(&in->line, 0), 7);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* directives                                                          */

static void test_directives_at_top(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "# syntax=docker/dockerfile:1\n# ESCAPE=`\n#check = skip=all \nFROM a\n");
    assert_int_equal(d->ndirectives, 3);
    assert_string_equal(d->directives[0].name, "syntax");
    assert_string_equal(d->directives[0].value, "docker/dockerfile:1");
    assert_int_equal(d->directives[0].line, 1);
    assert_span(d->directives[0].span, 0, 28);
    assert_string_equal(d->directives[1].name, "escape"); /* key lowercased */
    assert_string_equal(d->directives[1].value, "`");
    assert_int_equal(d->directives[1].line, 2);
    assert_span(d->directives[1].span, 29, 39);
    assert_string_equal(d->directives[2].name, "check");
    assert_string_equal(d->directives[2].value, "skip=all"); /* trailing blank trimmed */
    assert_int_equal(d->directives[2].line, 3);
    assert_int_equal(d->escape, '`');
    assert_int_equal(d->ninstrs, 1);
    assert_int_equal(d->instrs[0]->start_line, 4);
    assert_int_equal(d->npieces, 2);
    assert_int_equal(d->pieces[0].kind, DF_PIECE_TRIVIA);
    assert_span(d->pieces[0].span, 0, 59);
    assert_int_equal(d->pieces[1].kind, DF_PIECE_INSTR);
    assert_span(d->pieces[1].span, 59, 66);
    tfree(&t);
}

static void test_directive_not_at_top_is_comment(void **state)
{
    (void)state;
    tdoc t;
    /* after an instruction */
    df_doc *d = tparse(&t, "FROM a\n# escape=`\nRUN a `\nRUN b\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(d->escape, '\\');
    assert_int_equal(d->ninstrs, 3); /* "`" is no continuation */
    assert_logical(d->instrs[1], "RUN a `");
    tfree(&t);

    /* after a blank line */
    d = tparse(&t, "# syntax=x\n\n# escape=`\nFROM a\n");
    assert_int_equal(d->ndirectives, 1);
    assert_string_equal(d->directives[0].name, "syntax");
    assert_int_equal(d->escape, '\\');
    tfree(&t);

    /* after a plain comment, or an unknown directive */
    d = tparse(&t, "# hello\n# escape=`\nFROM a\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(d->escape, '\\');
    tfree(&t);
    d = tparse(&t, "# foo=bar\n# escape=`\nFROM a\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(d->escape, '\\');
    tfree(&t);
}

static void test_indented_directive(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "  # escape=`\nFROM a\nRUN x `\n  y\n");
    assert_int_equal(d->ndirectives, 1);
    assert_string_equal(d->directives[0].value, "`");
    assert_int_equal(d->directives[0].line, 1);
    assert_span(d->directives[0].span, 0, 12);
    assert_int_equal(d->escape, '`');
    assert_int_equal(d->ninstrs, 2);
    assert_logical(d->instrs[1], "RUN x   y");
    assert_int_equal(d->instrs[1]->start_line, 3);
    assert_int_equal(d->instrs[1]->end_line, 4);
    tfree(&t);
}

static void test_duplicate_directive(void **state)
{
    (void)state;
    assert_parse_error("# escape=\\\n# escape=`\nFROM a\n",
                       "only one escape parser directive can be used", 2);
    assert_parse_error("# syntax=a\n# check=x\n# SYNTAX=b\nFROM a\n",
                       "only one syntax parser directive can be used", 3);
}

static void test_invalid_escape(void **state)
{
    (void)state;
    assert_parse_error("# escape=x\nFROM a\n", "invalid escape token 'x' does not match ` or \\", 1);
    assert_parse_error("# syntax=s\n#escape=\\\\\nFROM a\n",
                       "invalid escape token '\\\\' does not match ` or \\", 2);
}

static void test_backtick_escape(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "# escape=`\nFROM a\nRUN dir c:\\\nRUN echo `\n    hi\n");
    assert_int_equal(d->escape, '`');
    assert_int_equal(d->ninstrs, 3);
    assert_logical(d->instrs[1], "RUN dir c:\\"); /* `\` is an ordinary byte */
    assert_word(d->instrs[1]->args[0], "dir c:\\");
    assert_logical(d->instrs[2], "RUN echo     hi");
    assert_int_equal(d->instrs[2]->nplines, 2);
    /* "RUN echo `\n" starts at 30: the backtick is the continuation */
    assert_span(d->instrs[2]->plines[0].code, 30, 39);
    assert_span(d->instrs[2]->plines[0].cont, 39, 40);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* BOM, line terminators                                               */

static void test_bom_first_line_only(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "\xEF\xBB\xBF" "FROM a\n");
    assert_true(d->bom);
    assert_int_equal(d->instrs[0]->cmd, DF_CMD_FROM);
    assert_logical(d->instrs[0], "FROM a");
    assert_span(d->instrs[0]->span, 0, 10);
    assert_span(d->instrs[0]->keyword.span, 3, 7);
    tfree(&t);

    /* a BOM on line 2 is part of the keyword */
    d = tparse(&t, "FROM a\n\xEF\xBB\xBFRUN x\n");
    assert_false(d->bom);
    assert_int_equal(d->ninstrs, 2);
    assert_int_equal(d->instrs[1]->cmd, DF_CMD_UNKNOWN);
    assert_word(d->instrs[1]->keyword, "\xEF\xBB\xBFRUN");
    tfree(&t);

    /* the BOM does not hide a directive */
    d = tparse(&t, "\xEF\xBB\xBF# escape=`\nFROM a\n");
    assert_true(d->bom);
    assert_int_equal(d->ndirectives, 1);
    assert_int_equal(d->escape, '`');
    tfree(&t);
}

static void test_crlf(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\r\nRUN x \\\r\n  y\r\n");
    assert_true(d->crlf);
    assert_true(d->final_newline);
    assert_logical(d->instrs[0], "FROM a");
    assert_word(d->instrs[0]->args[0], "a");
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN x   y");
    assert_word(in->args[0], "x   y");
    assert_span(in->span, 8, 22);
    assert_int_equal(in->nplines, 2);
    assert_int_equal(in->plines[0].kind, DF_PLINE_CODE);
    assert_span(in->plines[0].span, 8, 17);
    assert_span(in->plines[0].code, 8, 14);
    assert_span(in->plines[0].cont, 14, 15);
    assert_span(in->plines[0].eol, 15, 17);
    assert_span(in->plines[1].span, 17, 22);
    assert_span(in->plines[1].code, 17, 20);
    assert_span(in->plines[1].cont, 20, 20);
    assert_span(in->plines[1].eol, 20, 22);
    tfree(&t);

    /* one LF, one CRLF: not "most" */
    d = tparse(&t, "FROM a\nRUN b\r\n");
    assert_false(d->crlf);
    assert_logical(d->instrs[1], "RUN b");
    tfree(&t);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN b");
    assert_false(d->final_newline);
    assert_false(d->crlf);
    df_instr *in = d->instrs[1];
    assert_span(in->span, 7, 12);
    assert_int_equal(in->nplines, 1);
    assert_span(in->plines[0].span, 7, 12);
    assert_span(in->plines[0].code, 7, 12);
    assert_span(in->plines[0].eol, 12, 12);
    assert_int_equal(in->end_line, 2);
    assert_span(d->pieces[d->npieces - 1].span, 7, 12);
    tfree(&t);
}

static void test_tabs(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM\ta\n\tRUN\techo\t1\n");
    assert_word(d->instrs[0]->keyword, "FROM");
    assert_int_equal(d->instrs[0]->nargs, 1);
    assert_word(d->instrs[0]->args[0], "a");
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN\techo\t1");
    assert_word(in->args[0], "echo\t1");
    assert_span(in->span, 7, 19);
    assert_span(in->keyword.span, 8, 11);
    assert_span(in->plines[0].code, 8, 18);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* continuation lines                                                  */

static void test_continuation_with_comments_and_empty_lines(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN a \\\n# c1\n  # c2\n\n   \n  b\n");
    assert_int_equal(d->ninstrs, 2);
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN a   b");
    assert_word(in->args[0], "a   b");
    assert_int_equal(in->start_line, 2);
    assert_int_equal(in->end_line, 7);
    assert_span(in->span, 7, 36);
    assert_int_equal(in->nplines, 6);
    static const df_pline_kind kinds[6] = {DF_PLINE_CODE,  DF_PLINE_COMMENT, DF_PLINE_COMMENT,
                                           DF_PLINE_EMPTY, DF_PLINE_EMPTY,   DF_PLINE_CODE};
    static const size_t starts[7] = {7, 15, 20, 27, 28, 32, 36};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(in->plines[i].kind, kinds[i]);
        assert_span(in->plines[i].span, starts[i], starts[i + 1]);
    }
    assert_span(in->plines[0].code, 7, 13);
    assert_span(in->plines[0].cont, 13, 14);
    assert_span(in->plines[5].code, 32, 35);
    assert_int_equal(in->line.nsegs, 2);
    assert_int_equal(d->nwarnings, 1);
    assert_int_equal(d->warnings[0].line, 7);
    assert_string_equal(d->warnings[0].message, "Empty continuation line found in: RUN a   b");
    tfree(&t);

    /* a comment ending in the escape char does not continue */
    d = tparse(&t, "FROM a\n# note \\\nRUN b\n");
    assert_int_equal(d->ninstrs, 2);
    assert_logical(d->instrs[1], "RUN b");
    assert_int_equal(d->instrs[1]->start_line, 3);
    tfree(&t);

    /* comment lines alone inside a continuation: no warning */
    d = tparse(&t, "FROM a\nRUN a \\\n# c\n b\n");
    assert_logical(d->instrs[1], "RUN a  b");
    assert_int_equal(d->nwarnings, 0);
    tfree(&t);
}

static void test_double_escape_is_not_continuation(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN echo \\\\\nRUN b\n");
    assert_int_equal(d->ninstrs, 3);
    assert_logical(d->instrs[1], "RUN echo \\\\");
    assert_word(d->instrs[1]->args[0], "echo \\\\");
    assert_int_equal(d->instrs[1]->end_line, 2);
    tfree(&t);
}

static void test_escape_alone_on_a_line(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN a \\\n\\ \n b\n");
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN a  b");
    assert_int_equal(in->nplines, 3);
    assert_int_equal(in->plines[1].kind, DF_PLINE_CODE);
    assert_span(in->plines[1].code, 15, 15);
    assert_span(in->plines[1].cont, 15, 17);
    assert_int_equal(in->end_line, 4);
    assert_int_equal(d->nwarnings, 0);
    tfree(&t);

    /* a lone escape line and nothing else: BuildKit still makes a node
     * (empty keyword, unknown instruction), not "file with no instructions" */
    d = tparse(&t, "\\\n");
    assert_int_equal(d->ninstrs, 1);
    assert_int_equal(d->instrs[0]->cmd, DF_CMD_UNKNOWN);
    assert_word(d->instrs[0]->keyword, "");
    assert_int_equal(d->instrs[0]->line.len, 0);
    assert_int_equal(d->instrs[0]->nargs, 1);
    assert_word(d->instrs[0]->args[0], "");
    tfree(&t);

    /* an instruction may start with a lone escape line */
    d = tparse(&t, "\\\nFROM a\n");
    assert_int_equal(d->ninstrs, 1);
    assert_int_equal(d->instrs[0]->cmd, DF_CMD_FROM);
    assert_logical(d->instrs[0], "FROM a");
    assert_int_equal(d->instrs[0]->start_line, 1);
    assert_int_equal(d->instrs[0]->end_line, 2);
    assert_span(d->instrs[0]->span, 0, 9);
    assert_span(d->instrs[0]->keyword.span, 2, 6);
    tfree(&t);
}

static void test_continuation_at_eof(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN b \\");
    assert_logical(d->instrs[1], "RUN b ");
    assert_word(d->instrs[1]->args[0], "b");
    assert_int_equal(d->instrs[1]->end_line, 2);
    assert_span(d->instrs[1]->plines[0].cont, 13, 14);
    assert_span(d->instrs[1]->plines[0].eol, 14, 14);
    tfree(&t);

    d = tparse(&t, "FROM a\nRUN b \\\n");
    assert_int_equal(d->ninstrs, 2);
    assert_logical(d->instrs[1], "RUN b ");
    assert_int_equal(d->instrs[1]->nplines, 1);
    assert_span(d->instrs[1]->span, 7, 15);
    tfree(&t);
}

static void test_directive_value_edges(void **state)
{
    (void)state;
    tdoc t;
    /* "(.+?)" takes a lone blank: an invalid escape */
    assert_parse_error("# escape= \nFROM a\n", "invalid escape token ' ' does not match ` or \\", 1);
    /* no value at all: not a directive, and directives end */
    df_doc *d = tparse(&t, "# escape=\n# syntax=x\nFROM a\nRUN x \\\n y\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(d->escape, '\\');
    assert_logical(d->instrs[1], "RUN x  y");
    tfree(&t);
    /* CRLF: the CR is not part of the value */
    d = tparse(&t, "#escape = ` \r\nFROM a\r\n");
    assert_int_equal(d->ndirectives, 1);
    assert_string_equal(d->directives[0].value, "`");
    assert_span(d->directives[0].span, 0, 12);
    assert_int_equal(d->escape, '`');
    tfree(&t);
}

static void test_backtick_escape_in_words(void **state)
{
    (void)state;
    tdoc t;
    /* ENV words use the escape char; flags always use `\` */
    df_doc *d = tparse(&t, "# escape=`\nFROM a\nENV a=x` y\nRUN --a=b\\ c x\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "a");
    assert_word(in->args[1], "x` y");
    in = d->instrs[2];
    assert_int_equal(in->nflags, 1);
    assert_word(in->flags[0], "--a=b c");
    assert_word(in->args[0], "x");
    tfree(&t);
    /* with a backtick escape, `\ ` no longer joins ENV words */
    assert_parse_error("# escape=`\nFROM a\nENV a=x\\ y\n",
                       "Syntax error - can't find = in \"y\". Must be of the form: name=value", 3);
}

static void test_empty_continuation_at_eof(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN b \\\n\n");
    assert_int_equal(d->ninstrs, 2);
    assert_logical(d->instrs[1], "RUN b ");
    assert_int_equal(d->instrs[1]->end_line, 3);
    assert_int_equal(d->instrs[1]->nplines, 2);
    assert_int_equal(d->instrs[1]->plines[1].kind, DF_PLINE_EMPTY);
    assert_int_equal(d->nwarnings, 1);
    assert_int_equal(d->warnings[0].line, 3);
    assert_string_equal(d->warnings[0].message, "Empty continuation line found in: RUN b ");
    tfree(&t);
}

static void test_empty_continuation_warning_not_truncated(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): add_warning() cuts the logical line to 200 bytes ("%.*s" with a
     * 200 cap, which also stops at a NUL). BuildKit's warning is
     * "Empty continuation line found in: " + the whole line, e.g. 530
     * bytes for corpus buildkit/testfile-line/Dockerfile (dfopt: 234).
     * Reproducer: "FROM a\nRUN <250 x> \\\n\n b\n". */
    char src[300];
    memcpy(src, "FROM a\nRUN ", 11);
    memset(src + 11, 'x', 250);
    memcpy(src + 261, " \\\n\n b\n", 8);
    tdoc t;
    df_doc *d = tparse(&t, src);
    assert_int_equal(d->nwarnings, 1);
    assert_int_equal(strlen(d->warnings[0].message), 34 + 4 + 250 + 3);
    assert_memory_equal(d->warnings[0].message + 34 + 4 + 250, "  b", 3);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* logical -> source                                                   */

static void test_logical_to_src(void **state)
{
    (void)state;
    tdoc t;
    /* "RUN ab \\\n" at 7..16, "  cd\n" at 16..21 */
    df_doc *d = tparse(&t, "FROM a\nRUN ab \\\n  cd\n");
    df_instr *in = d->instrs[1];
    const df_logical *l = &in->line;
    assert_logical(in, "RUN ab   cd");
    assert_int_equal(l->nsegs, 2);
    assert_int_equal(l->segs[0].log, 0);
    assert_int_equal(l->segs[0].src, 7);
    assert_int_equal(l->segs[0].len, 7);
    assert_int_equal(l->segs[1].log, 7);
    assert_int_equal(l->segs[1].src, 16);
    assert_int_equal(l->segs[1].len, 4);
    assert_int_equal(df_logical_to_src(l, 0), 7);
    assert_int_equal(df_logical_to_src(l, 4), 11);
    assert_int_equal(df_logical_to_src(l, 6), 13);
    assert_int_equal(df_logical_to_src(l, 7), 16);
    assert_int_equal(df_logical_to_src(l, 9), 18);
    assert_int_equal(df_logical_to_src(l, 11), 20);
    assert_span(df_logical_span(l, 4, 11), 11, 20);
    assert_span_text(&t, df_logical_span(l, 4, 11), "ab \\\n  cd");
    assert_span(df_logical_span(l, 4, 6), 11, 13);
    assert_span(df_logical_span(l, 5, 5), 12, 12);
    /* the shell-form argument spans the continuation */
    assert_word(in->args[0], "ab   cd");
    assert_int_equal(in->args[0].lstart, 4);
    assert_int_equal(in->args[0].lend, 11);
    assert_span(in->args[0].span, 11, 20);
    tfree(&t);
}

static void test_pieces_tile(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "# comment\n\nFROM a\n  # x\nRUN b\n\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(d->npieces, 5);
    static const df_piece_kind kinds[5] = {DF_PIECE_TRIVIA, DF_PIECE_INSTR, DF_PIECE_TRIVIA,
                                           DF_PIECE_INSTR, DF_PIECE_TRIVIA};
    static const size_t at[6] = {0, 11, 18, 24, 30, 31};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(d->pieces[i].kind, kinds[i]);
        assert_span(d->pieces[i].span, at[i], at[i + 1]);
    }
    assert_ptr_equal(d->pieces[1].instr, d->instrs[0]);
    assert_ptr_equal(d->pieces[3].instr, d->instrs[1]);
    assert_null(d->pieces[0].instr);
    assert_int_equal(d->instrs[1]->start_line, 5);
    assert_int_equal(d->instrs[1]->index, 1);
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* line length limit                                                   */

/* "FROM a\nRUN " + x... so that line 2 has `linelen` bytes, then `tail`. */
static char *long_file(size_t linelen, const char *tail, size_t *len)
{
    size_t tl = strlen(tail);
    char *s = malloc(7 + linelen + tl + 1);
    assert_non_null(s);
    memcpy(s, "FROM a\nRUN ", 11);
    memset(s + 11, 'x', linelen - 4);
    memcpy(s + 7 + linelen, tail, tl + 1);
    *len = 7 + linelen + tl;
    return s;
}

static void test_line_limit(void **state)
{
    (void)state;
    size_t len;
    tdoc t;
    df_parse_error e;

    char *s = long_file(65535, "\n", &len);
    df_doc *d = tparse_n(&t, s, len);
    assert_int_equal(d->ninstrs, 2);
    assert_int_equal(d->instrs[1]->line.len, 65535);
    assert_int_equal(d->instrs[1]->args[0].len, 65531);
    tfree(&t);
    free(s);

    s = long_file(65535, "", &len); /* no newline: 65535 bytes still fit */
    d = tparse_n(&t, s, len);
    assert_int_equal(d->instrs[1]->line.len, 65535);
    tfree(&t);
    free(s);

    s = long_file(65536, "\n", &len);
    tparse_fail_n(s, len, &e);
    assert_string_equal(e.message, "dockerfile line greater than max allowed size of 65535");
    assert_int_equal(e.line, 2);
    assert_int_equal(e.offset, 7);
    free(s);

    s = long_file(65536, "", &len);
    tparse_fail_n(s, len, &e);
    assert_string_equal(e.message, "dockerfile line greater than max allowed size of 65535");
    free(s);

    /* a too long first line: BuildKit reports the missing instructions */
    s = long_file(65536, "\n", &len);
    tparse_fail_n(s + 7, len - 7, &e);
    assert_string_equal(e.message, "file with no instructions");
    free(s);
}

static void test_no_instructions(void **state)
{
    (void)state;
    assert_parse_error("", "file with no instructions", 1);
    assert_parse_error("\n\n", "file with no instructions", 2);
    assert_parse_error("# just a comment\n  # another\n", "file with no instructions", 2);
    assert_parse_error("# escape=`\n", "file with no instructions", 1);
}

static void test_nul_and_invalid_utf8(void **state)
{
    (void)state;
    static const char src[] = "FROM a\nRUN echo \0x\xff\xfe\nENV k=\xc3\n";
    tdoc t;
    df_doc *d = tparse_n(&t, src, sizeof src - 1);
    assert_int_equal(d->ninstrs, 3);
    df_instr *in = d->instrs[1];
    assert_int_equal(in->line.len, 13);
    assert_memory_equal(in->line.text, "RUN echo \0x\xff\xfe", 13);
    assert_word(in->args[0], "echo \0x\xff\xfe");
    assert_span(in->args[0].span, 11, 20);
    assert_int_equal(d->instrs[2]->nargs, 3);
    assert_word(d->instrs[2]->args[0], "k");
    assert_span_text(&t, d->instrs[2]->args[1].span, "\xc3");
    tfree(&t);
}

/* ------------------------------------------------------------------ */
/* heredocs                                                            */

static void test_heredoc_basic(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN <<EOF\nhello\nworld\nEOF\nRUN b\n");
    assert_int_equal(d->ninstrs, 3);
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN <<EOF");
    assert_int_equal(in->nargs, 1);
    assert_word(in->args[0], "<<EOF");
    assert_int_equal(in->nheredocs, 1);
    const df_heredoc *h = &in->heredocs[0];
    assert_string_equal(h->name, "EOF");
    assert_int_equal(h->fd, 0);
    assert_true(h->expand);
    assert_false(h->chomp);
    assert_span(h->body, 17, 29);
    assert_span_text(&t, h->body, "hello\nworld\n");
    assert_span(h->terminator, 29, 33);
    assert_int_equal(h->word_lstart, 4);
    assert_int_equal(h->word_lend, 9);
    assert_span(in->span, 7, 33);
    assert_int_equal(in->start_line, 2);
    assert_int_equal(in->end_line, 5);
    assert_int_equal(in->nplines, 4);
    assert_int_equal(in->plines[0].kind, DF_PLINE_CODE);
    assert_int_equal(in->plines[1].kind, DF_PLINE_HEREDOC);
    assert_span(in->plines[1].span, 17, 23);
    assert_int_equal(in->plines[2].kind, DF_PLINE_HEREDOC);
    assert_int_equal(in->plines[3].kind, DF_PLINE_HEREDOC_END);
    assert_span(in->plines[3].span, 29, 33);
    assert_int_equal(d->instrs[2]->start_line, 6);
    tfree(&t);

    /* empty body, terminator at end of file without a newline */
    d = tparse(&t, "FROM a\nRUN <<EOF\nEOF");
    h = &d->instrs[1]->heredocs[0];
    assert_span(h->body, 17, 17);
    assert_span(h->terminator, 17, 20);
    assert_false(d->final_newline);
    tfree(&t);
}

static void test_heredoc_chomp_keeps_tabs(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN <<-EOT sh\n\techo hi\n\t\tEOT\n");
    df_instr *in = d->instrs[1];
    assert_word(in->args[0], "<<-EOT sh");
    assert_int_equal(in->nheredocs, 1);
    assert_string_equal(in->heredocs[0].name, "EOT");
    assert_true(in->heredocs[0].chomp);
    assert_true(in->heredocs[0].expand);
    assert_span_text(&t, in->heredocs[0].body, "\techo hi\n");
    assert_span_text(&t, in->heredocs[0].terminator, "\t\tEOT\n");
    assert_int_equal(in->end_line, 4);
    tfree(&t);

    /* without "-", a tab-indented delimiter does not end the heredoc */
    d = tparse(&t, "FROM a\nRUN <<EOT\n\tEOT\nEOT\n");
    assert_span_text(&t, d->instrs[1]->heredocs[0].body, "\tEOT\n");
    tfree(&t);
}

static void test_heredoc_quoted(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN <<\"EOF\"\n$x\nEOF\nRUN <<'E2'\n$y\nE2\nRUN <<E\"3\"\nz\nE3\n");
    assert_int_equal(d->ninstrs, 4);
    assert_string_equal(d->instrs[1]->heredocs[0].name, "EOF");
    assert_false(d->instrs[1]->heredocs[0].expand);
    assert_word(d->instrs[1]->args[0], "<<\"EOF\"");
    assert_span_text(&t, d->instrs[1]->heredocs[0].body, "$x\n");
    assert_string_equal(d->instrs[2]->heredocs[0].name, "E2");
    assert_false(d->instrs[2]->heredocs[0].expand);
    assert_string_equal(d->instrs[3]->heredocs[0].name, "E3");
    assert_false(d->instrs[3]->heredocs[0].expand);
    tfree(&t);
}

static void test_heredoc_quoted_name_with_space(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN <<\"E F\" <<E\\ G\nx\nE F\ny\nE G\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nheredocs, 2);
    assert_string_equal(in->heredocs[0].name, "E F");
    assert_false(in->heredocs[0].expand);
    assert_string_equal(in->heredocs[1].name, "E G");
    assert_true(in->heredocs[1].expand); /* an escape is not a quote */
    assert_span_text(&t, in->heredocs[1].body, "y\n");
    assert_int_equal(d->ninstrs, 2);
    tfree(&t);
}

static void test_heredoc_empty_quoted_name(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): `<<""` (or `<<''`) is not a heredoc for BuildKit: parseHeredoc
     * lexes the delimiter with RawQuotes=false, the empty word is dropped
     * by getWords(), len(words) != 1, so no heredoc. find_heredocs() /
     * unquote_name() accept it with name "" and swallow the following
     * lines up to the first empty line.
     * Reproducer: "FROM a\nRUN <<\"\" cat\nx\n\nRUN y\n" -> BuildKit: 4
     * instructions (the "x" line is an unknown instruction); dfopt: 3. */
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN <<\"\" cat\nx\n\nRUN y\n");
    assert_int_equal(d->instrs[1]->nheredocs, 0);
    assert_int_equal(d->ninstrs, 4);
    assert_word(d->instrs[2]->keyword, "x");
    tfree(&t);
}

static void test_heredoc_fd(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->nheredocs, 1);
    assert_string_equal(in->heredocs[0].name, "EOF");
    assert_int_equal(in->heredocs[0].fd, 3);
    assert_int_equal(in->heredocs[0].word_lstart, 4);
    assert_int_equal(in->heredocs[0].word_lend, 10);
    assert_span_text(&t, in->heredocs[0].body, "x\n");
    tfree(&t);

    d = tparse(&t, "FROM a\nCOPY 12<<A /a\nA\n");
    assert_int_equal(d->instrs[1]->heredocs[0].fd, 12);
    assert_int_equal(d->instrs[1]->heredocs[0].word_lend, 10);
    tfree(&t);
}

static void test_heredoc_two_in_copy(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nCOPY --chmod=755 <<A <<B /dst/\na1\nA\nb1\nb2\nB\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_COPY);
    assert_int_equal(in->nflags, 1);
    assert_word(in->flags[0], "--chmod=755");
    assert_int_equal(in->nargs, 3);
    assert_word(in->args[0], "<<A");
    assert_word(in->args[1], "<<B");
    assert_word(in->args[2], "/dst/");
    assert_int_equal(in->nheredocs, 2);
    assert_string_equal(in->heredocs[0].name, "A");
    assert_span_text(&t, in->heredocs[0].body, "a1\n");
    assert_span_text(&t, in->heredocs[0].terminator, "A\n");
    assert_string_equal(in->heredocs[1].name, "B");
    assert_span_text(&t, in->heredocs[1].body, "b1\nb2\n");
    assert_span_text(&t, in->heredocs[1].terminator, "B\n");
    assert_int_equal(in->heredocs[1].body.start, in->heredocs[0].terminator.end);
    assert_int_equal(in->end_line, 7);
    assert_int_equal(in->nplines, 6);
    assert_int_equal(in->span.end, t.src.len);
    tfree(&t);
}

static void test_heredoc_onbuild(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\nONBUILD RUN <<EOF\nhi\nEOF\n");
    df_instr *in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_ONBUILD);
    assert_non_null(in->sub);
    assert_int_equal(in->sub->cmd, DF_CMD_RUN);
    assert_word(in->sub->args[0], "<<EOF");
    assert_int_equal(in->nheredocs, 1);
    assert_string_equal(in->heredocs[0].name, "EOF");
    assert_span_text(&t, in->heredocs[0].body, "hi\n");
    assert_int_equal(in->end_line, 4);
    tfree(&t);
}

static void test_heredoc_not_detected(void **state)
{
    (void)state;
    tdoc t;
    /* the word does not start with << */
    df_doc *d = tparse(&t, "FROM a\nRUN cat<<EOF\nEOF\n");
    assert_int_equal(d->ninstrs, 3);
    assert_int_equal(d->instrs[1]->nheredocs, 0);
    assert_int_equal(d->instrs[2]->cmd, DF_CMD_UNKNOWN);
    assert_word(d->instrs[2]->keyword, "EOF");
    tfree(&t);

    /* JSON form */
    d = tparse(&t, "FROM a\nRUN [\"<<EOF\"]\nEOF\n");
    assert_true(d->instrs[1]->json);
    assert_int_equal(d->instrs[1]->nheredocs, 0);
    assert_word(d->instrs[1]->args[0], "<<EOF");
    assert_int_equal(d->ninstrs, 3);
    tfree(&t);

    /* not RUN/COPY/ADD */
    d = tparse(&t, "FROM a\nCMD <<EOF\nEOF\n");
    assert_int_equal(d->instrs[1]->nheredocs, 0);
    assert_int_equal(d->ninstrs, 3);
    tfree(&t);
}

static void test_heredoc_after_continuation(void **state)
{
    (void)state;
    tdoc t;
    /* the body starts after the last continuation line */
    df_doc *d = tparse(&t, "FROM a\nRUN <<EOF \\\n  sh -x\nbody\nEOF\n");
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN <<EOF   sh -x");
    assert_int_equal(in->nheredocs, 1);
    assert_span_text(&t, in->heredocs[0].body, "body\n");
    assert_int_equal(in->nplines, 4);
    assert_int_equal(in->plines[1].kind, DF_PLINE_CODE);
    assert_int_equal(in->plines[2].kind, DF_PLINE_HEREDOC);
    assert_int_equal(in->plines[3].kind, DF_PLINE_HEREDOC_END);
    assert_int_equal(in->end_line, 5);
    tfree(&t);

    /* a backtick escape does not stop heredoc detection */
    d = tparse(&t, "# escape=`\nFROM a\nADD <<EOF /x\n`\nEOF\n");
    in = d->instrs[1];
    assert_int_equal(in->cmd, DF_CMD_ADD);
    assert_int_equal(in->nheredocs, 1);
    assert_span_text(&t, in->heredocs[0].body, "`\n");
    assert_int_equal(d->ninstrs, 2);
    tfree(&t);
}

static void test_heredoc_unterminated(void **state)
{
    (void)state;
    assert_parse_error("FROM a\nRUN <<EOF\nabc\n", "unterminated heredoc", 2);
    assert_parse_error("FROM a\nRUN <<EOF\nabc\nEOF \n", "unterminated heredoc", 2);
    assert_parse_error("FROM a\nCOPY <<A <<B /\nA\nb\n", "unterminated heredoc", 2);
}

static void test_heredoc_crlf(void **state)
{
    (void)state;
    tdoc t;
    df_doc *d = tparse(&t, "FROM a\r\nRUN <<EOF\r\nl1\r\nEOF\r\n");
    assert_true(d->crlf);
    df_instr *in = d->instrs[1];
    assert_logical(in, "RUN <<EOF");
    assert_string_equal(in->heredocs[0].name, "EOF");
    assert_span(in->heredocs[0].body, 19, 23);
    assert_span_text(&t, in->heredocs[0].body, "l1\r\n");
    assert_span(in->heredocs[0].terminator, 23, 28);
    assert_span(in->plines[1].eol, 21, 23);
    tfree(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_alone_at_eof),
        cmocka_unit_test(test_directives_at_top),
        cmocka_unit_test(test_directive_not_at_top_is_comment),
        cmocka_unit_test(test_indented_directive),
        cmocka_unit_test(test_duplicate_directive),
        cmocka_unit_test(test_invalid_escape),
        cmocka_unit_test(test_backtick_escape),
        cmocka_unit_test(test_directive_value_edges),
        cmocka_unit_test(test_backtick_escape_in_words),
        cmocka_unit_test(test_bom_first_line_only),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_tabs),
        cmocka_unit_test(test_continuation_with_comments_and_empty_lines),
        cmocka_unit_test(test_double_escape_is_not_continuation),
        cmocka_unit_test(test_escape_alone_on_a_line),
        cmocka_unit_test(test_continuation_at_eof),
        cmocka_unit_test(test_empty_continuation_at_eof),
        cmocka_unit_test(test_empty_continuation_warning_not_truncated),
        cmocka_unit_test(test_logical_to_src),
        cmocka_unit_test(test_pieces_tile),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test(test_no_instructions),
        cmocka_unit_test(test_nul_and_invalid_utf8),
        cmocka_unit_test(test_heredoc_basic),
        cmocka_unit_test(test_heredoc_chomp_keeps_tabs),
        cmocka_unit_test(test_heredoc_quoted),
        cmocka_unit_test(test_heredoc_quoted_name_with_space),
        cmocka_unit_test(test_heredoc_empty_quoted_name),
        cmocka_unit_test(test_heredoc_fd),
        cmocka_unit_test(test_heredoc_two_in_copy),
        cmocka_unit_test(test_heredoc_onbuild),
        cmocka_unit_test(test_heredoc_not_detected),
        cmocka_unit_test(test_heredoc_after_continuation),
        cmocka_unit_test(test_heredoc_unterminated),
        cmocka_unit_test(test_heredoc_crlf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
