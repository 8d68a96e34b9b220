/*
 * test_messages.c - findings whose text nobody reads are not formatted
 * (df_options.messages_unread, df_diags.no_text), and nothing else changes;
 * every consumer of the text (stderr without -q, --format json, --format
 * sarif, the library's default) still gets it.
 *
 * The library half runs the driver; the command-line half runs the built
 * binary (DFOPT_BIN, default ./dfopt) in a fresh folder per test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

#include <jansson.h>

#include "cli_util.h"
#include "dfopt/diag.h"
#include "dfopt/driver.h"
#include "dfopt/fsio.h"
#include "dfopt/rule.h"

static char g_bin[PATH_MAX];

/* ---- the library ------------------------------------------------------- */

/* ADD -> COPY on every ADD, with a formatted message and description. */
static void add_rule(df_ctx *c)
{
    for (size_t i = 0; i < c->doc->ninstrs; i++) {
        const df_instr *in = c->doc->instrs[i];
        if (in->cmd != DF_CMD_ADD)
            continue;
        df_diag *d = df_report(c, DF_SEV_WARNING, in->keyword.span, "ADD at line %zu of %s", in->start_line,
                               c->src->path);
        df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "use COPY");
        df_fix_add_edit(c->out, d, in->keyword.span.start, in->keyword.span.end, "COPY", 4);
    }
}

static const df_rule r_add = {.id = "M001", .name = "m001", .severity = DF_SEV_WARNING, .fix = DF_APPLY_SAFE,
                              .summary = "m001", .check = add_rule};

static void run_add(const df_options *o, df_run_result *res)
{
    static const char text[] = "FROM alpine\nADD a /a\nADD b /b\n";
    const df_rule *rules[] = {&r_add};
    assert_int_equal(df_run_with_rules("t.Dockerfile", text, sizeof text - 1, o, NULL, rules, 1, res), 0);
}

/* The default options (the bot's, every library caller's) read the text. */
static void test_read_by_default(void **state)
{
    (void)state;
    df_options o;
    df_options_default(&o);
    assert_false(o.messages_unread);
    df_run_result res;
    run_add(&o, &res);
    assert_int_equal(res.diags.n, 2);
    assert_string_equal(res.diags.v[0]->message, "ADD at line 2 of t.Dockerfile");
    assert_string_equal(res.diags.v[1]->message, "ADD at line 3 of t.Dockerfile");
    assert_string_equal(res.diags.v[0]->fix->description, "use COPY");
    assert_true(res.diags.v[0]->applied);
    df_run_result_release(&res);
}

/* Unread: the text is "", the rest as when read. */
static void test_unread_not_formatted(void **state)
{
    (void)state;
    df_options o;
    df_options_default(&o);
    o.messages_unread = true;
    df_run_result res;
    run_add(&o, &res);
    assert_int_equal(res.diags.n, 2);
    for (size_t k = 0; k < 2; k++) {
        assert_string_equal(res.diags.v[k]->message, "");
        assert_string_equal(res.diags.v[k]->fix->description, "");
        assert_true(res.diags.v[k]->applied);
        assert_int_equal(res.diags.v[k]->fix->nedits, 1);
    }
    assert_int_equal(res.diags.v[1]->span.start, strlen("FROM alpine\nADD a /a\n"));
    assert_string_equal(res.output.data, "FROM alpine\nCOPY a /a\nCOPY b /b\n");
    df_run_result_release(&res);
}

/* A fix that is not the file's to make (a vendored folder) is shown, not
 * applied, whether its message (which says why) is read or not. */
static void test_shown_only(void **state)
{
    (void)state;
    for (int unread = 0; unread < 2; unread++) {
        df_options o;
        df_options_default(&o);
        o.messages_unread = unread;
        o.vendored = "vendor";
        df_run_result res;
        run_add(&o, &res);
        assert_false(res.changed);
        assert_int_equal(res.diags.n, 2);
        assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
        assert_false(res.diags.v[0]->applied);
        assert_string_equal(res.diags.v[0]->message,
                            unread ? ""
                                   : "ADD at line 2 of t.Dockerfile (fix not applied: the file is under vendor/, "
                                     "a copy of another project; change it there)");
        df_run_result_release(&res);
    }
}

static void test_diags_no_text(void **state)
{
    (void)state;
    for (int no_text = 0; no_text < 2; no_text++) {
        df_diags dg;
        assert_int_equal(df_diags_init(&dg), 0);
        dg.no_text = no_text;
        df_diag *d = df_diags_add(&dg, &r_add, DF_SEV_INFO, (df_span){1, 2}, "x %d %s", 42, "y");
        assert_non_null(d);
        assert_non_null(df_diag_set_fix(&dg, d, DF_APPLY_SAFE, "desc"));
        assert_int_equal(df_fix_add_edit(&dg, d, 1, 2, "z", 1), 0);
        assert_string_equal(d->message, no_text ? "" : "x 42 y");
        assert_string_equal(d->fix->description, no_text ? "" : "desc");
        assert_int_equal(d->span.start, 1);
        assert_string_equal(d->fix->edits[0].text, "z");
        df_diags_release(&dg);
    }
}

/* The message of fmt, as df_diags_add keeps it, equals vsnprintf's. */
static void check_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void check_format(const char *fmt, ...)
{
    char want[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof want);
    df_diags dg;
    assert_int_equal(df_diags_init(&dg), 0);
    va_start(ap, fmt);
    df_diag *d = df_diags_vadd(&dg, &r_add, DF_SEV_INFO, (df_span){0, 0}, fmt, ap);
    va_end(ap);
    assert_non_null(d);
    assert_string_equal(d->message, want);
    df_diags_release(&dg);
}

/* Messages are formatted without vsnprintf for %s, %.*s, %zu and %%: the
 * same bytes, at every length, and vsnprintf's for everything else. */
static void test_format_like_vsnprintf(void **state)
{
    (void)state;
    const char *volatile null = NULL; /* no -Wformat-overflow on a known NULL */
    char big[1200];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    check_format("plain text");
    check_format("%s", "");
    check_format("a %s b %s c", "one", "two");
    check_format("%s", null);
    check_format("%.*s|", 3, "abcdef");
    check_format("%.*s|", 0, "abcdef");
    check_format("%.*s|", 10, "abc");
    check_format("%.*s|", -1, "abcdef");
    check_format("%.*s|", 3, null);
    check_format("%.*s|", 8, null);
    check_format("%zu %zu %zu", (size_t)0, (size_t)7, SIZE_MAX);
    check_format("100%% of %zu%%", (size_t)42);
    check_format("%d %u %5s %-3s| %x %c", -4, 5u, "ab", "c", 255, 'q');
    check_format("%s then %d", "mixed", 12);
    check_format("%zd", (ssize_t)-3);
    /* around the 512-byte stack buffer */
    for (int len = 505; len <= 515; len++) {
        check_format("%.*s", len, big);
        check_format("%.*s%zu", len, big, (size_t)12345);
        check_format("ab%.*s", len, big);
    }
    /* a literal that reaches the end of the buffer */
#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
    for (int len = 495; len <= 515; len++)
        check_format("%.*s" "abcdefghijklmnop", len, big);
    check_format(X100 X100 X100 X100 X100 "%zu" X100, (size_t)5);
#undef X100
#undef X10
    check_format("%s", big);
    check_format("%s and %s", big, big + 600);
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every rule over every golden input: read and unread runs agree on all
 * but the text, which the unread run leaves "". */
static void test_rules_agree_on_golden(void **state)
{
    (void)state;
    DIR *dir = opendir("golden");
    assert_non_null(dir);
    size_t files = 0, diags = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 11 || strcmp(e->d_name + n - 11, ".Dockerfile") != 0 || strstr(e->d_name, ".out."))
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "golden/%s", e->d_name);
        df_buf text = DF_BUF_INIT;
        char err[512];
        assert_int_equal(df_read_file(path, &text, err, sizeof err), 0);
        df_run_result r[2];
        for (int unread = 0; unread < 2; unread++) {
            df_options o;
            df_options_default(&o);
            o.unsafe_fixes = true; /* more fixes, more rounds */
            o.messages_unread = unread;
            df_run(path, text.data ? text.data : "", text.len, &o, "golden", &r[unread]);
        }
        assert_int_equal(r[0].status, r[1].status);
        assert_int_equal(r[0].changed, r[1].changed);
        assert_int_equal(r[0].rounds, r[1].rounds);
        assert_int_equal(r[0].output.len, r[1].output.len);
        assert_memory_equal(r[0].output.data ? r[0].output.data : "", r[1].output.data ? r[1].output.data : "",
                            r[0].output.len);
        assert_string_equal(r[0].message, r[1].message);
        assert_int_equal(r[0].diags.n, r[1].diags.n);
        for (size_t k = 0; k < r[0].diags.n; k++) {
            const df_diag *a = r[0].diags.v[k], *b = r[1].diags.v[k];
            assert_ptr_equal(a->rule, b->rule);
            assert_int_equal(a->severity, b->severity);
            assert_int_equal(a->span.start, b->span.start);
            assert_int_equal(a->span.end, b->span.end);
            assert_int_equal(a->applied, b->applied);
            assert_int_equal(a->round, b->round);
            assert_int_equal(a->found_later, b->found_later);
            assert_true(a->message[0] != '\0');
            assert_string_equal(b->message, "");
            assert_true(same_str(a->extra_key, b->extra_key) && same_str(a->extra_value, b->extra_value));
            assert_int_equal(a->fix != NULL, b->fix != NULL);
            if (!a->fix)
                continue;
            assert_int_equal(a->fix->applicability, b->fix->applicability);
            /* "" unless a rule rewrote it itself (pm.c's lower_fix) */
            assert_non_null(b->fix->description);
            assert_int_equal(a->fix->nedits, b->fix->nedits);
            for (size_t i = 0; i < a->fix->nedits; i++) {
                const df_edit *x = &a->fix->edits[i], *y = &b->fix->edits[i];
                assert_int_equal(x->start, y->start);
                assert_int_equal(x->end, y->end);
                assert_int_equal(x->len, y->len);
                assert_memory_equal(x->text, y->text, x->len);
            }
        }
        diags += r[0].diags.n;
        files++;
        df_run_result_release(&r[0]);
        df_run_result_release(&r[1]);
        df_buf_release(&text);
    }
    closedir(dir);
    assert_true(files >= 100);
    assert_true(diags >= 100);
}

/* ---- the command line ----------------------------------------------------- */

#define DF_ADD "FROM alpine\nADD app.py /app/\n"
#define MSG "ADD of local files: use COPY (ADD also downloads URLs and unpacks archives)"

static void cli_run_v(cli_res *r, const char *dir, const char *const *args)
{
    char *argv[64];
    size_t n = 0;
    argv[n++] = g_bin;
    for (size_t i = 0; args[i] && n < 63; i++)
        argv[n++] = (char *)(uintptr_t)args[i];
    argv[n] = NULL;
    if (run_prog(r, dir, NULL, 0, argv, -1) < 0)
        fail_msg("cannot run %s", g_bin);
}

#define CLI(r, dir, ...) cli_run_v((r), (dir), (const char *const[]){__VA_ARGS__, NULL})

static int setup(void **state)
{
    char *d = tdir_new();
    tmkdir(d, ".git");
    twrite(d, "Dockerfile", DF_ADD, 0644);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

/* -q with a report: the report's messages are the ones without -q. */
static void test_cli_quiet_report_has_text(void **state)
{
    const char *d = *state;
    static const char *const formats[] = {"json", "sarif"};
    for (size_t f = 0; f < 2; f++) {
        cli_res loud, quiet;
        CLI(&loud, d, "--no-config", "--check", "--format", formats[f], "Dockerfile");
        CLI(&quiet, d, "--no-config", "-q", "--check", "--format", formats[f], "Dockerfile");
        assert_int_equal(loud.rc, quiet.rc);
        assert_string_equal(quiet.err, "");
        assert_string_equal(loud.out, quiet.out);
        json_error_t je;
        json_t *j = json_loads(quiet.out, 0, &je);
        assert_non_null(j);
        const char *msg, *desc;
        if (f == 0) {
            json_t *d0 = json_array_get(json_object_get(json_array_get(json_object_get(j, "files"), 0), "diagnostics"), 0);
            msg = json_string_value(json_object_get(d0, "message"));
            desc = json_string_value(json_object_get(json_object_get(d0, "fix"), "description"));
        } else {
            json_t *r0 = json_array_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results"), 0);
            msg = json_string_value(json_object_get(json_object_get(r0, "message"), "text"));
            json_t *fx = json_array_get(json_object_get(r0, "fixes"), 0);
            desc = json_string_value(json_object_get(json_object_get(fx, "description"), "text"));
        }
        assert_non_null(msg);
        assert_string_equal(msg, MSG);
        assert_non_null(desc);
        assert_true(desc[0] != '\0');
        json_decref(j);
        cli_res_free(&loud);
        cli_res_free(&quiet);
    }
}

/* Without -q the findings go to stderr with their text; with -q nothing
 * does, and the rest (stdout, exit status) is the same. */
static void test_cli_text_and_quiet(void **state)
{
    const char *d = *state;
    static const char *const modes[] = {"--check", "--diff"};
    for (size_t m = 0; m < 2; m++) {
        cli_res loud, quiet;
        CLI(&loud, d, "--no-config", modes[m], "Dockerfile");
        CLI(&quiet, d, "--no-config", "-q", modes[m], "Dockerfile");
        assert_int_equal(loud.rc, 1);
        assert_int_equal(quiet.rc, 1);
        assert_string_equal(loud.out, quiet.out);
        assert_non_null(strstr(loud.err, "Dockerfile:2:1: warning: " MSG " [DF012]\n"));
        assert_non_null(strstr(loud.err, "  = fix (safe): replace ADD with COPY\n"));
        assert_string_equal(quiet.err, "");
        cli_res_free(&loud);
        cli_res_free(&quiet);
    }
}

int main(void)
{
    if (tbin_find("test_messages", g_bin) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_by_default),
        cmocka_unit_test(test_unread_not_formatted),
        cmocka_unit_test(test_shown_only),
        cmocka_unit_test(test_diags_no_text),
        cmocka_unit_test(test_format_like_vsnprintf),
        cmocka_unit_test(test_rules_agree_on_golden),
        cmocka_unit_test_setup_teardown(test_cli_quiet_report_has_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_text_and_quiet, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
