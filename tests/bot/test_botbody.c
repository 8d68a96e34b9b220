/*
 * test_botbody.c - dfopt-bot's pull request text (botbody.h) over real
 * dfopt runs, and the git runner (botgit.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/botbody.h"
#include "dfopt/botgit.h"
#include "dfopt/driver.h"
#include "dfopt/rule.h"

typedef struct {
    df_file_report fr[3];
    df_run_result run[3];
    size_t n;
} reports;

static void add(reports *r, const char *path, const char *text)
{
    df_options o;
    df_options_default(&o);
    df_file_report *f = &r->fr[r->n];
    df_run_result *res = &r->run[r->n];
    memset(f, 0, sizeof *f);
    f->path = path;
    f->input = text;
    f->input_len = strlen(text);
    df_run(path, text, strlen(text), &o, NULL, res);
    f->run = res;
    if (res->status == DF_RUN_PARSE) {
        f->status = DF_FILE_PARSE;
        f->err_line = res->perr.line ? res->perr.line : 2;
        char m[sizeof res->perr.message];
        memcpy(m, res->perr.message, sizeof m);
        m[sizeof m - 1] = '\0';
        snprintf(f->error, sizeof f->error, "%s", m);
    }
    r->n++;
}

static void release(reports *r)
{
    for (size_t i = 0; i < r->n; i++)
        df_run_result_release(&r->run[i]);
}

static const df_bot_meta meta = {"main", "0123456789abcdef0123", false};

static void why_is_first_sentence_of_why_it_matters(void **state)
{
    (void)state;
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_bot_rule_why(&b, df_rule_find("DF012")), 0);
    assert_string_equal(b.data, "ADD does three things (copy, download, unpack tar archives); COPY does one.");
    df_buf_clear(&b);
    /* a period inside parentheses or code does not end the sentence */
    df_bot_rule_why(&b, df_rule_find("DF007"));
    assert_string_equal(b.data, "Without --no-cache, apk writes the repository indexes (APKINDEX.*.tar.gz, a few "
                                "MB) to /var/cache/apk and they stay in the layer.");
    df_buf_release(&b);
}

static void every_rule_has_a_why_and_a_worth(void **state)
{
    (void)state;
    for (size_t i = 0; i < df_nrules; i++) {
        df_buf b = DF_BUF_INIT;
        df_bot_rule_why(&b, df_rules[i]);
        assert_non_null(b.data);
        assert_true(b.len > 20);
        assert_true(b.data[b.len - 1] == '.');
        assert_non_null(df_rules[i]->worth);
        assert_true(strlen(df_rules[i]->worth) > 10);
        df_buf_release(&b);
    }
}

static void body_per_file_per_rule(void **state)
{
    (void)state;
    reports r = {0};
    add(&r, "Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD a.py /a/\n");
    add(&r, "svc/Dockerfile", "FROM alpine:3.19\nRUN apk add git\n");
    add(&r, "bad/Dockerfile", "FROM alpine\nRUN <<EOF\n");
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_bot_body(&b, r.fr, r.n, &meta), 0);
    const char *s = b.data;
    assert_non_null(strstr(s, "dfopt rewrote 2 of the 3 Dockerfiles on `main` (0123456)"));
    const char *f1 = strstr(s, "#### `Dockerfile`");
    const char *f2 = strstr(s, "#### `svc/Dockerfile`");
    assert_non_null(f1);
    assert_non_null(f2);
    assert_true(f1 < f2);
    assert_non_null(strstr(s, "- **DF012 add-for-local-files** (hadolint "
                              "[DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)): ADD does three"));
    assert_non_null(strstr(s, "  - line 3: ADD of local files"));
    assert_non_null(strstr(s, "- image size: the apk index cache no longer ships (DF007, 1 fix)\n"));
    assert_non_null(strstr(s, "### Not applied"));
    assert_non_null(strstr(s, "**DF020 fat-base-image**"));
    assert_non_null(strstr(s, "saves 20 MB"));
    assert_non_null(strstr(s, "- `bad/Dockerfile` line 2 (does not parse): unterminated heredoc\n"));
    /* messages are escaped outside code spans */
    assert_null(strstr(s, "APKINDEX.*"));
    df_buf c = DF_BUF_INIT;
    df_bot_commit_message(&c, r.fr, r.n, &meta);
    assert_non_null(strstr(c.data, "chore(docker): optimize Dockerfiles with dfopt\n\n- Dockerfile: DF003"));
    assert_non_null(strstr(c.data, "- svc/Dockerfile: DF007 apk-cache-kept (1 fix)\n"));
    assert_null(strstr(c.data, "bad/Dockerfile"));
    df_buf_release(&c);
    df_buf_release(&b);
    release(&r);
}

static void body_is_cut_under_the_limit(void **state)
{
    (void)state;
    reports r = {0};
    size_t n = 4000;
    df_buf text = DF_BUF_INIT;
    df_buf_addstr(&text, "FROM alpine:3.19\n");
    for (size_t i = 0; i < n; i++)
        df_buf_printf(&text, "ADD f%zu.py /app/\n", i);
    add(&r, "Dockerfile", text.data);
    add(&r, "bad/Dockerfile", "FROM alpine\nRUN <<EOF\n");
    df_buf b = DF_BUF_INIT;
    df_bot_body(&b, r.fr, r.n, &meta);
    assert_true(b.len <= 65536);
    assert_true(b.len > 60000);
    assert_non_null(strstr(b.data, "*(cut here: "));
    /* the summary, the files that do not parse and the footer survive the cut */
    assert_non_null(strstr(b.data, "### What it is worth"));
    assert_non_null(strstr(b.data, "- `bad/Dockerfile` line 2 (does not parse)"));
    assert_non_null(strstr(b.data, "Opened by dfopt-bot"));
    df_buf_release(&b);
    df_buf_release(&text);
    release(&r);
}

static void git_feeds_stdin_and_reports_status(void **state)
{
    (void)state;
    df_git_res g = DF_GIT_RES_INIT;
    const char *args[] = {"hash-object", "--stdin", NULL};
    assert_int_equal(df_git_run(".", "hello\n", 6, &g, args), 0);
    assert_string_equal(df_git_line(&g), "ce013625030ba8dba906f756967f9e9ca394464a");
    assert_int_not_equal(df_git(".", &g, "rev-parse", "--verify", "--quiet", "no-such-ref^{commit}", NULL), 0);
    assert_int_not_equal(df_git(".", &g, "no-such-command", NULL), 0);
    assert_non_null(strstr(df_git_errline(&g), "no-such-command"));
    /* large input and output at once: no deadlock */
    size_t big = 1 << 20;
    char *in = malloc(big);
    memset(in, 'x', big);
    const char *cat[] = {"hash-object", "--stdin", NULL};
    assert_int_equal(df_git_run(".", in, big, &g, cat), 0);
    free(in);
    /* GIT_DIR from the caller does not leak into git */
    setenv("GIT_DIR", "/nonexistent", 1);
    assert_int_equal(df_git(".", &g, "rev-parse", "--git-dir", NULL), 0);
    assert_string_not_equal(df_git_line(&g), "/nonexistent");
    unsetenv("GIT_DIR");
    df_git_res_release(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(why_is_first_sentence_of_why_it_matters),
        cmocka_unit_test(every_rule_has_a_why_and_a_worth),
        cmocka_unit_test(body_per_file_per_rule),
        cmocka_unit_test(body_is_cut_under_the_limit),
        cmocka_unit_test(git_feeds_stdin_and_reports_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
