/*
 * test_util.h - shared helpers for the parser unit tests (cmocka).
 *
 * Include after <cmocka.h>. All helpers are static inline so a test file
 * that does not use some of them still compiles warning-free.
 *
 *   tdoc t;
 *   df_doc *d = tparse(&t, "FROM a\n");       // asserts success + df_doc_check
 *   ...
 *   tfree(&t);
 *
 *   df_parse_error e;
 *   tparse_fail("RUN <<EOF\n", &e);          // asserts df_parse() == NULL
 *
 * The text passed in must outlive the tdoc (string literals are fine).
 */
#ifndef DFOPT_TEST_UTIL_H
#define DFOPT_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/ast.h"
#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"

typedef struct {
    df_source src;
    df_doc *doc;
} tdoc;

/* Failures are reported at the caller's file and line. */
static inline void t_fail_at(const char *file, int line, const char *what, const char *detail)
{
    print_error("%s: %s\n", what, detail);
    _fail(file, line);
}

/* Parse text[0, len); fail the test unless it parses and df_doc_check()
 * accepts the document. */
static inline df_doc *t_parse_at(tdoc *t, const char *text, size_t len, const char *file, int line)
{
    memset(t, 0, sizeof *t);
    if (df_source_init(&t->src, "test", text, len) != 0)
        t_fail_at(file, line, "df_source_init", "failed");
    df_parse_error err;
    memset(&err, 0, sizeof err);
    t->doc = df_parse(&t->src, &err);
    if (!t->doc) {
        char msg[700];
        snprintf(msg, sizeof msg, "line %zu offset %zu: %s", err.line, err.offset, err.message);
        df_source_release(&t->src);
        t_fail_at(file, line, "parse failed", msg);
    }
    const char *chk = df_doc_check(t->doc);
    if (chk) {
        df_doc_free(t->doc);
        df_source_release(&t->src);
        t_fail_at(file, line, "df_doc_check", chk);
    }
    return t->doc;
}

#define tparse_n(t, text, len) t_parse_at((t), (text), (len), __FILE__, __LINE__)
#define tparse(t, text) t_parse_at((t), (text), strlen(text), __FILE__, __LINE__)

static inline void tfree(tdoc *t)
{
    df_doc_free(t->doc);
    df_source_release(&t->src);
    t->doc = NULL;
}

/* Parse text[0, len); fail the test unless df_parse() rejects it. */
static inline void t_parse_fail_at(const char *text, size_t len, df_parse_error *err,
                                   const char *file, int line)
{
    df_source src;
    if (df_source_init(&src, "test", text, len) != 0)
        t_fail_at(file, line, "df_source_init", "failed");
    memset(err, 0, sizeof *err);
    df_doc *d = df_parse(&src, err);
    df_doc_free(d);
    df_source_release(&src);
    if (d)
        t_fail_at(file, line, "df_parse", "expected a parse error, the text parsed");
}

#define tparse_fail_n(text, len, err) t_parse_fail_at((text), (len), (err), __FILE__, __LINE__)
#define tparse_fail(text, err) t_parse_fail_at((text), strlen(text), (err), __FILE__, __LINE__)

/* Assert that a parse of text fails with exactly this message and line. */
#define assert_parse_error(text, msg, ln)                 \
    do {                                                  \
        df_parse_error pe_;                               \
        tparse_fail((text), &pe_);                        \
        assert_string_equal(pe_.message, (msg));          \
        assert_int_equal(pe_.line, (size_t)(ln));         \
    } while (0)

/* Assert a span equals [start, end). */
#define assert_span(sp, s, e)                        \
    do {                                             \
        df_span sp_ = (sp);                          \
        assert_int_equal(sp_.start, (size_t)(s));    \
        assert_int_equal(sp_.end, (size_t)(e));      \
    } while (0)

/* Assert a word's value (exact length, may hold NULs) equals a literal. */
#define assert_word(w, lit)                                  \
    do {                                                     \
        const df_word *w_ = &(w);                            \
        assert_int_equal(w_->len, sizeof(lit) - 1);          \
        assert_memory_equal(w_->value, (lit), sizeof(lit) - 1); \
        assert_int_equal(w_->value[w_->len], '\0');          \
    } while (0)

/* Assert the logical line (BuildKit's Original) equals a literal. */
#define assert_logical(in, lit)                                   \
    do {                                                          \
        const df_logical *l_ = &(in)->line;                       \
        assert_int_equal(l_->len, sizeof(lit) - 1);               \
        assert_memory_equal(l_->text, (lit), sizeof(lit) - 1);    \
    } while (0)

/* Assert the source bytes of span sp equal a literal. */
#define assert_span_text(t, sp, lit)                                        \
    do {                                                                    \
        df_span sq_ = (sp);                                                 \
        assert_true(sq_.start <= sq_.end && sq_.end <= (t)->src.len);       \
        assert_int_equal(sq_.end - sq_.start, sizeof(lit) - 1);             \
        assert_memory_equal((t)->src.text + sq_.start, (lit), sizeof(lit) - 1); \
    } while (0)

#endif
