/*
 * test_pragma.c - `# dfopt ignore=` / `# hadolint ignore=` comments:
 * scanning, silencing by position, and list matching.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dfopt/pragma.h"
#include "dfopt/rule.h"
#include "test_util.h"

static const df_rule *df012(void)
{
    const df_rule *r = df_rule_find("DF012");
    assert_non_null(r);
    return r;
}

/* A rule without a hadolint code, not in the registry. */
static void other_check(df_ctx *c)
{
    (void)c;
}
static const df_rule other = {
    .id = "DF998",
    .name = "other-rule",
    .hadolint = NULL,
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_DISPLAY,
    .summary = "test",
    .check = other_check,
};

typedef struct {
    tdoc t;
    df_pragmas p;
} scan_t;

static void scan(scan_t *s, const char *text)
{
    tparse(&s->t, text);
    assert_int_equal(df_pragmas_scan(s->t.doc, &s->p), 0);
}

#define assert_opt_string(got, want)                 \
    do {                                             \
        const char *g_ = (got), *w_ = (want);        \
        if (!w_)                                     \
            assert_null(g_);                         \
        else {                                       \
            assert_non_null(g_);                     \
            assert_string_equal(g_, w_);             \
        }                                            \
    } while (0)

/* Scan text (which has n instructions) and compare global and per_instr. */
static void check_scan(const char *text, const char *global, size_t n, const char *const *per)
{
    scan_t s;
    scan(&s, text);
    assert_int_equal(s.t.doc->ninstrs, n);
    assert_opt_string(s.p.global, global);
    for (size_t i = 0; i < n; i++) {
        const char *got = s.p.per_instr[i], *want = per[i];
        if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
            fail_msg("text:\n%s\ninstr %zu: got %s, want %s", text, i, got ? got : "NULL", want ? want : "NULL");
    }
    tfree(&s.t);
}

#define PER(...) ((const char *const[]){__VA_ARGS__})

static void test_scan_per_instruction(void **state)
{
    (void)state;
    check_scan("FROM a\n# dfopt ignore=DF012\nADD a.txt /a/\n", NULL, 2, PER(NULL, "DF012"));
    check_scan("FROM a\n# hadolint ignore=DL3020\nADD a.txt /a/\nADD b /b\n", NULL, 3, PER(NULL, "DL3020", NULL));
    check_scan("# dfopt ignore=DF012\nFROM a\n", NULL, 1, PER("DF012"));
    /* several pragma lines are joined; other comments in between are fine */
    check_scan("FROM a\n# dfopt ignore=DF012\n# just a note\n# hadolint ignore=DL3020, DL3008\nRUN x\n", NULL, 2,
               PER(NULL, "DF012,DL3020, DL3008"));
    /* blanks, case, trailing comment and blanks, CRLF */
    check_scan("FROM a\n   #   DFOPT   IGNORE=df012 , consecutive-run   # because\nRUN x\n", NULL, 2,
               PER(NULL, "df012 , consecutive-run"));
    check_scan("FROM a\r\n# dfopt ignore=DF012\r\nRUN x\r\n", NULL, 2, PER(NULL, "DF012"));
    check_scan("FROM a\n\t# hadolint ignore=DL3020\t\nRUN x\n", NULL, 2, PER(NULL, "DL3020"));
    /* a BOM before the first line */
    check_scan("\xEF\xBB\xBF# dfopt ignore=DF012\nFROM a\n", NULL, 1, PER("DF012"));
    /* empty list */
    check_scan("FROM a\n# dfopt ignore=\nRUN x\n", NULL, 2, PER(NULL, ""));
}

static void test_scan_not_applied(void **state)
{
    (void)state;
    /* a blank line in between */
    check_scan("FROM a\n# dfopt ignore=DF012\n\nADD a.txt /a/\n", NULL, 2, PER(NULL, NULL));
    check_scan("FROM a\r\n# dfopt ignore=DF012\r\n\r\nADD a.txt /a/\r\n", NULL, 2, PER(NULL, NULL));
    check_scan("FROM a\n# dfopt ignore=DF012\n   \n# other\nADD a.txt /a/\n", NULL, 2, PER(NULL, NULL));
    /* not pragmas */
    static const char *const notp[] = {
        "FROM a\n# dfopt: ignore=DF012\nRUN x\n",
        "FROM a\n# dfopt ignore DF012\nRUN x\n",
        "FROM a\n# dfoptignore=DF012\nRUN x\n",
        "FROM a\n# dfopt globalignore=DF012\nRUN x\n",
        "FROM a\n# eslint ignore=DF012\nRUN x\n",
        "FROM a\n# dfopt ignores=DF012\nRUN x\n",
        "FROM a\n## dfopt ignore=DF012 in prose\nRUN x\n",
    };
    for (size_t i = 0; i < sizeof notp / sizeof *notp; i++)
        check_scan(notp[i], NULL, 2, PER(NULL, NULL));
    /* not at the start of a line */
    check_scan("FROM a\nRUN x # dfopt ignore=DF012\nRUN y\n", NULL, 3, PER(NULL, NULL, NULL));
    /* at the end of the file: nothing follows */
    check_scan("FROM a\n# dfopt ignore=DF012\n", NULL, 1, PER(NULL));
    /* a comment line inside a continuation belongs to that instruction */
    check_scan("FROM a\nRUN a \\\n# dfopt ignore=DF012\n  b\nADD x.txt /y\n", NULL, 3, PER(NULL, NULL, NULL));
}

static void test_scan_global(void **state)
{
    (void)state;
    check_scan("# dfopt global ignore=DF020\n# hadolint global ignore=DL3020\nFROM a\n", "DF020,DL3020", 1, PER(NULL));
    /* anywhere in the file, and not per instruction */
    check_scan("FROM a\nRUN x\n\n# dfopt global ignore=DF012\n", "DF012", 2, PER(NULL, NULL));
    check_scan("FROM a\n# DFOPT GLOBAL IGNORE=df012\nRUN x\n", "df012", 2, PER(NULL, NULL));
    check_scan("FROM a\n# dfopt   global\tignore=DF012\n\nRUN x\n", "DF012", 2, PER(NULL, NULL));
    /* mixed */
    check_scan("# hadolint global ignore=DL3008\nFROM a\n# dfopt ignore=DF012\nRUN x\n", "DL3008", 2,
               PER(NULL, "DF012"));
}

/* Offset of the n-th (0-based) occurrence of needle in text. */
static size_t off_of(const char *text, const char *needle, int n)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, needle);
        assert_non_null(p);
        if (n-- == 0)
            return (size_t)(p - text);
        p++;
    }
}

static void test_silence_by_position(void **state)
{
    (void)state;
    const char *text = "FROM a\n# dfopt ignore=DF012\nADD a.txt /a/\nADD b.txt /b/\n# hadolint ignore=DL3020\n"
                       "ONBUILD ADD c.txt /c/\n";
    scan_t s;
    scan(&s, text);
    const df_rule *r = df012();
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, 0));                         /* FROM */
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "# dfopt", 0))); /* the comment */
    assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "ADD", 0)));
    assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "a.txt", 0)));
    assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "/a/\n", 0) + 3)); /* its newline */
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "ADD", 1)));
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "b.txt", 0)));
    assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "ADD", 2))); /* ONBUILD's ADD */
    assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off_of(text, "ONBUILD", 0)));
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, strlen(text)));           /* end of file */
    assert_false(df_pragmas_silence(&s.p, s.t.doc, r, strlen(text) + 100));
    /* a rule the pragmas do not name */
    assert_false(df_pragmas_silence(&s.p, s.t.doc, &other, off_of(text, "ADD", 0)));
    assert_false(df_pragmas_silence(&s.p, s.t.doc, &other, off_of(text, "ADD", 2)));
    tfree(&s.t);
}

static void test_silence_global(void **state)
{
    (void)state;
    const char *text = "FROM a\nADD a.txt /a/\n# hadolint global ignore=DL3020\nADD b.txt /b/\n";
    scan_t s;
    scan(&s, text);
    const df_rule *r = df012();
    for (size_t off = 0; off <= strlen(text); off++)
        assert_true(df_pragmas_silence(&s.p, s.t.doc, r, off));
    assert_false(df_pragmas_silence(&s.p, s.t.doc, &other, off_of(text, "ADD", 0)));
    tfree(&s.t);
}

static void test_silence_no_pragmas(void **state)
{
    (void)state;
    const char *text = "FROM a\n# a comment\nADD a.txt /a/\n";
    scan_t s;
    scan(&s, text);
    assert_null(s.p.global);
    for (size_t off = 0; off <= strlen(text); off++)
        assert_false(df_pragmas_silence(&s.p, s.t.doc, df012(), off));
    tfree(&s.t);
}

static void test_generated_header(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t line;
    } cases[] = {
        {"#\n# AUTOMATICALLY GENERATED\n# DO NOT EDIT THIS FILE DIRECTLY\nFROM debian\n", 2},
        {"# syntax=docker/dockerfile:1\n# This file is generated by update.sh\nFROM debian\n", 2},
        {"# Do not edit: made from Dockerfile.template\nFROM debian\n", 1},
        /* after the first instruction: an ordinary comment */
        {"FROM debian\n# do not edit the next line\nRUN true\n", 0},
        {"# build the app\nFROM debian\n", 0},
        /* each word, in any case, anywhere in the line, also at its end */
        {"# x\n# Auto-Generated file\nFROM debian\n", 2},
        {"# autogenerated\nFROM debian\n", 1},
        {"# made by make: this file was generated\nFROM debian\n", 1},
        {"# the base image, Generated From versions.json\nFROM debian\n", 1},
        {"# the base image; generated by\nFROM debian\n", 1},
        {"# the theme, an autumn, a dog, a gem: do not edi\nFROM debian\n", 0},
        {"# auto generated, generate by, this file generated\nFROM debian\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scan_t s;
        scan(&s, cases[i].text);
        assert_int_equal(s.p.generated_line, cases[i].line);
        tfree(&s.t);
    }
}

/* Class "a comment pinning the next lines" (review 2026-12, official 046:
 * Kong's ubuntu/Dockerfile, "Please update the ubuntu install docs if the
 * below line is changed"): the pinned instruction or line, by bytes. */
static void test_comment_pinning_next_lines(void **state)
{
    (void)state;
    scan_t s;
    /* above an instruction: the whole instruction */
    const char *t1 = "FROM debian\n# keep in sync with docs/install.md\nRUN apt-get install curl \\\n    && true\nRUN b\n";
    scan(&s, t1);
    assert_int_equal(s.p.npins, 1);
    size_t run = (size_t)(strstr(t1, "RUN apt") - t1), next = (size_t)(strstr(t1, "RUN b") - t1);
    assert_int_equal(s.p.pins[0].start, run);
    assert_int_equal(s.p.pins[0].end, next);
    assert_int_equal(s.p.pins[0].line, 2);
    assert_int_equal(df_pragmas_pinned(&s.p, run + 4, run + 4), 2);
    assert_int_equal(df_pragmas_pinned(&s.p, next - 1, next - 1), 2);
    assert_int_equal(df_pragmas_pinned(&s.p, next, next + 3), 0);
    assert_int_equal(df_pragmas_pinned(&s.p, 0, 4), 0);
    tfree(&s.t);
    /* inside an instruction: the next line only (Kong) */
    const char *t2 = "FROM ubuntu\nRUN apt-get install -y unzip git \\\n"
                     "    # Please update the ubuntu install docs if the below line is changed so that\n"
                     "    # end users can properly install Kong along with its required dependencies\n"
                     "    && apt install --yes /tmp/kong.deb \\\n"
                     "    && rm -rf /tmp/kong.deb\n";
    scan(&s, t2);
    assert_int_equal(s.p.npins, 1);
    size_t ln = (size_t)(strstr(t2, "    && apt install") - t2), after = (size_t)(strstr(t2, "    && rm") - t2);
    assert_int_equal(s.p.pins[0].start, ln);
    assert_int_equal(s.p.pins[0].end, after);
    assert_int_equal(s.p.pins[0].line, 3);
    size_t git = (size_t)(strstr(t2, " \\\n") - t2);
    assert_int_equal(df_pragmas_pinned(&s.p, git, git), 0); /* the line above */
    assert_int_equal(df_pragmas_pinned(&s.p, after + 6, after + 6), 0); /* the line below */
    tfree(&s.t);
    /* a heredoc comment line pins the next script line */
    scan(&s, "FROM a\nRUN <<EOF\n# must match ci.sh\napt-get install x\nEOF\n");
    assert_int_equal(s.p.npins, 1);
    assert_int_equal(s.p.pins[0].line, 3);
    tfree(&s.t);
    /* not directly above: a blank line between */
    static const char *const none[] = {
        "FROM debian\n# keep in sync with the docs\n\nRUN apt-get install curl\n",
        "FROM debian\nRUN a \\\n    # must match ci.sh\n\n    && b\n",
        /* phrases that do not pin */
        "FROM debian\n# utilities for keeping Debian and OpenJDK CA certificates in sync\nRUN apt-get install curl\n",
        "FROM debian\n# remember to put things that don't change much at the top\nRUN apt-get install curl\n",
        "FROM debian\nRUN echo 'must match' && apt-get install curl\n",
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        scan(&s, none[i]);
        if (s.p.npins)
            fail_msg("pinned: %s", none[i]);
        tfree(&s.t);
    }
    /* several pins stay sorted and disjoint: a binary search finds each */
    const char *t3 = "FROM a\n# identical to the docs\nRUN a\nRUN b \\\n  # must match z\n  && e\n"
                     "# kept in sync with x\nRUN c \\\n  # must match y\n  && d\n";
    scan(&s, t3);
    assert_int_equal(s.p.npins, 3); /* RUN a, the && e line, RUN c (whole: its inner pin is inside) */
    assert_int_equal(df_pragmas_pinned(&s.p, (size_t)(strstr(t3, "&& e") - t3), (size_t)(strstr(t3, "&& e") - t3)), 5);
    assert_int_equal(df_pragmas_pinned(&s.p, (size_t)(strstr(t3, "RUN a") - t3), (size_t)(strstr(t3, "RUN a") - t3)), 2);
    assert_int_equal(df_pragmas_pinned(&s.p, (size_t)(strstr(t3, "RUN b") - t3) + 4, (size_t)(strstr(t3, "RUN b") - t3) + 5), 0);
    assert_int_equal(df_pragmas_pinned(&s.p, (size_t)(strstr(t3, "RUN c") - t3), (size_t)(strstr(t3, "RUN c") - t3)), 7);
    assert_int_equal(df_pragmas_pinned(&s.p, (size_t)(strstr(t3, "&& d") - t3), (size_t)(strstr(t3, "&& d") - t3)), 7);
    tfree(&s.t);
}

/* Class "a pinning comment read only where it pins": the phrases are looked
 * for in the comment lines directly above an instruction (and inside one),
 * every line of that block, the last phrase pinning; a phrase elsewhere (a
 * block a blank line cuts off, after the last instruction) pins nothing. */
static void test_pinning_block_above(void **state)
{
    (void)state;
    scan_t s;
    /* the phrase above other comment lines of the block */
    const char *t1 = "FROM debian\n\n# keep in sync with ci.yml\n# installs curl\n# and git\nRUN apt-get install curl git\n";
    scan(&s, t1);
    assert_int_equal(s.p.npins, 1);
    assert_int_equal(s.p.pins[0].start, (size_t)(strstr(t1, "RUN") - t1));
    assert_int_equal(s.p.pins[0].line, 3);
    tfree(&s.t);
    /* two phrases in the block: the last pins */
    scan(&s, "FROM debian\n# must match ci.yml\n# plain\n# identical to docs/x.md\n# plain\nRUN true\n");
    assert_int_equal(s.p.npins, 1);
    assert_int_equal(s.p.pins[0].line, 4);
    tfree(&s.t);
    /* a blank line between: only the block under it counts */
    scan(&s, "FROM debian\n# must match ci.yml\n\n# plain\n# keep in sync with x\nRUN true\n");
    assert_int_equal(s.p.npins, 1);
    assert_int_equal(s.p.pins[0].line, 5);
    tfree(&s.t);
    static const char *const none[] = {
        "# keep in sync with ci.yml\n\n# plain\nFROM debian\n",
        "FROM debian\nRUN true\n# keep in sync with ci.yml\n",
        "FROM debian\nRUN true\n# keep in sync with ci.yml\n# plain\n\n",
        "FROM debian\n# must match\n# x\n\n# y\nRUN true\n",
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        scan(&s, none[i]);
        if (s.p.npins)
            fail_msg("pinned: %s", none[i]);
        tfree(&s.t);
    }
}

static void test_list_names(void **state)
{
    (void)state;
    const df_rule *r = df012();
    static const char *const yes[] = {
        "DF012", "df012", "add-for-local-files", "ADD-FOR-LOCAL-FILES", "DL3020", "dl3020", " DF012 ",
        "DL3008, DF012", ",,DF012,,", "DF012\t", "other-rule,DL3020", "DF001,DF002,DF012",
    };
    static const char *const no[] = {
        "", ",", " , ", "DF0", "DF0120", "DF012x", "xDF012", "DL302", "DL3020 DL3008", "add-for-local",
        "DF012;DL3008", "DF 012",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!df_pragma_list_names(yes[i], r))
            fail_msg("\"%s\" should name DF012", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (df_pragma_list_names(no[i], r))
            fail_msg("\"%s\" should not name DF012", no[i]);
    assert_false(df_pragma_list_names(NULL, r));
    /* a rule without hadolint code */
    assert_true(df_pragma_list_names("df998", &other));
    assert_true(df_pragma_list_names("x,other-rule", &other));
    assert_false(df_pragma_list_names("DL3020", &other));
    assert_false(df_pragma_list_names("DF012", &other));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_per_instruction),
        cmocka_unit_test(test_scan_not_applied),
        cmocka_unit_test(test_scan_global),
        cmocka_unit_test(test_silence_by_position),
        cmocka_unit_test(test_silence_global),
        cmocka_unit_test(test_silence_no_pragmas),
        cmocka_unit_test(test_list_names),
        cmocka_unit_test(test_generated_header),
        cmocka_unit_test(test_comment_pinning_next_lines),
        cmocka_unit_test(test_pinning_block_above),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
