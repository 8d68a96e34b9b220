/*
 * test_config.c - .dfopt.json lookup and loading, and --select/--ignore
 * lists (df_options_select).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/config.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

static int setup(void **state)
{
    *state = tdir_new();
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

static size_t idx012(void)
{
    const df_rule *r = df_rule_find("DF012");
    assert_non_null(r);
    for (size_t i = 0; i < df_nrules; i++)
        if (df_rules[i] == r)
            return i;
    fail_msg("DF012 not in df_rules");
    return 0;
}

static size_t count_enabled(const df_options *o)
{
    size_t n = 0;
    for (size_t i = 0; i < df_nrules; i++)
        n += o->enabled[i];
    return n;
}

/* realpath(dir)/name */
static char *rpath(const char *dir, const char *name)
{
    char buf[PATH_MAX];
    assert_non_null(realpath(dir, buf));
    return tpath(buf, name);
}

/* ---- df_config_find ----------------------------------------------------- */

static void test_find_walks_up(void **state)
{
    const char *d = *state;
    tmkdir(d, ".git"); /* keeps the search inside d */
    tmkdir(d, "x");
    tmkdir(d, "x/y");
    tmkdir(d, "x/y/z");
    char *z = tpath(d, "x/y/z");
    assert_null(df_config_find(z));
    twrite(d, ".dfopt.json", "{}", 0644);
    char *want = rpath(d, ".dfopt.json");
    char *got = df_config_find(z);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* the nearest one wins */
    twrite(d, "x/y/.dfopt.json", "{}", 0644);
    want = rpath(d, "x/y/.dfopt.json");
    got = df_config_find(z);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* the start folder itself */
    char *y = tpath(d, "x/y");
    want = rpath(d, "x/y/.dfopt.json");
    got = df_config_find(y);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(y);
    free(z);
}

static void test_find_stops_at_git(void **state)
{
    const char *d = *state;
    tmkdir(d, "repo");
    tmkdir(d, "repo/.git");
    tmkdir(d, "repo/svc");
    twrite(d, ".dfopt.json", "{}", 0644); /* above the repository: not used */
    char *svc = tpath(d, "repo/svc");
    char *repo = tpath(d, "repo");
    assert_null(df_config_find(svc));
    assert_null(df_config_find(repo));
    /* .git may be a file (worktrees, submodules) */
    tmkdir(d, "wt");
    twrite(d, "wt/.git", "gitdir: /elsewhere\n", 0644);
    char *wt = tpath(d, "wt");
    assert_null(df_config_find(wt));
    /* the repository root's own config is found */
    twrite(d, "repo/.dfopt.json", "{}", 0644);
    char *want = rpath(d, "repo/.dfopt.json");
    char *got = df_config_find(svc);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    got = df_config_find(repo);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(wt);
    free(svc);
    free(repo);
}

static void test_find_missing_start(void **state)
{
    const char *d = *state;
    char *p = tpath(d, "does/not/exist");
    assert_null(df_config_find(p));
    free(p);
}

/* ---- df_config_load ----------------------------------------------------- */

typedef struct {
    df_options o;
    int rc;
    char err[700];
    char *path;
} loaded;

static void load(loaded *l, const char *dir, const char *json)
{
    twrite(dir, "cfg.json", json, 0644);
    l->path = tpath(dir, "cfg.json");
    df_options_default(&l->o);
    memset(l->err, 0, sizeof l->err);
    l->rc = df_config_load(l->path, &l->o, l->err, sizeof l->err);
}

static void load_ok(loaded *l, const char *dir, const char *json)
{
    load(l, dir, json);
    if (l->rc != 0)
        fail_msg("%s: %s", json, l->err);
}

/* Loading json fails with "PATH: " + msg. */
static void load_fails(const char *dir, const char *json, const char *msg)
{
    loaded l;
    load(&l, dir, json);
    assert_int_equal(l.rc, -1);
    char want[1024];
    snprintf(want, sizeof want, "%s: %s", l.path, msg);
    assert_string_equal(l.err, want);
    free(l.path);
}

static void test_load_select_ignore(void **state)
{
    const char *d = *state;
    size_t k = idx012();
    loaded l;
    load_ok(&l, d, "{}");
    assert_true(l.o.enabled[k]);
    assert_false(l.o.unsafe_fixes);
    assert_false(l.o.merge_aggressive);
    assert_false(l.o.fix_build_stages);
    free(l.path);
    static const char *const off[] = {
        "{\"ignore\": [\"DF012\"]}",          "{\"ignore\": \"DF012\"}",
        "{\"ignore\": [\"add-for-local-files\"]}", "{\"ignore\": \"dl3020\"}",
        "{\"select\": []}",                   "{\"select\": \"none\"}",
        "{\"select\": [\"none\"]}",           "{\"ignore\": \"all\"}",
        "{\"ignore\": \"DF012, none\"}",
    };
    for (size_t i = 0; i < sizeof off / sizeof *off; i++) {
        load_ok(&l, d, off[i]);
        if (l.o.enabled[k])
            fail_msg("%s: DF012 still enabled", off[i]);
        free(l.path);
    }
    static const char *const on[] = {
        "{\"select\": [\"DF012\"]}", "{\"select\": \"all\"}",         "{\"select\": [\"none\", \"DF012\"]}",
        "{\"ignore\": []}",          "{\"select\": \"DF012,DF012\"}", "{\"ignore\": \"none\"}",
        "{\"select\": \"all\", \"ignore\": []}",
    };
    for (size_t i = 0; i < sizeof on / sizeof *on; i++) {
        load_ok(&l, d, on[i]);
        if (!l.o.enabled[k])
            fail_msg("%s: DF012 disabled", on[i]);
        free(l.path);
    }
    load_ok(&l, d, "{\"select\": [\"DF012\"]}");
    assert_int_equal(count_enabled(&l.o), 1);
    free(l.path);
    load_ok(&l, d, "{\"select\": \"all\", \"ignore\": [\"DF012\"]}");
    assert_false(l.o.enabled[k]);
    free(l.path);
}

static void test_load_ignore_before_select(void **state)
{
    const char *d = *state;
    loaded l;
    load_ok(&l, d, "{\"ignore\": [\"DF012\"], \"select\": [\"all\"]}");
    bool on = l.o.enabled[idx012()];
    free(l.path);
    /* Regression test (was a bug, fixed): keys were applied in file order,
     * so a later "select" undid an earlier "ignore". */
    assert_false(on);
}

static void test_load_flags(void **state)
{
    const char *d = *state;
    loaded l;
    load_ok(&l, d, "{\"unsafe-fixes\": true, \"merge\": \"aggressive\", \"fix-build-stages\": true}");
    assert_true(l.o.unsafe_fixes);
    assert_true(l.o.merge_aggressive);
    assert_true(l.o.fix_build_stages);
    assert_true(l.o.enabled[idx012()]);
    free(l.path);
    /* false/default reset what was set before (config over defaults) */
    twrite(d, "cfg.json", "{\"unsafe-fixes\": false, \"merge\": \"default\", \"fix-build-stages\": false}", 0644);
    char *p = tpath(d, "cfg.json");
    df_options o;
    df_options_default(&o);
    o.unsafe_fixes = o.merge_aggressive = o.fix_build_stages = true;
    char err[300] = "";
    assert_int_equal(df_config_load(p, &o, err, sizeof err), 0);
    assert_false(o.unsafe_fixes);
    assert_false(o.merge_aggressive);
    assert_false(o.fix_build_stages);
    assert_string_equal(err, "");
    free(p);
}

static void test_load_errors(void **state)
{
    const char *d = *state;
    load_fails(d, "{\"ignored\": [\"DF012\"]}", "unknown key \"ignored\"");
    load_fails(d, "{\"select\": [\"DF012\"], \"Select\": []}", "unknown key \"Select\"");
    load_fails(d, "{\"unsafe_fixes\": true}", "unknown key \"unsafe_fixes\"");
    load_fails(d, "{\"unsafe-fixes\": \"yes\"}", "\"unsafe-fixes\" must be true or false");
    load_fails(d, "{\"unsafe-fixes\": 1}", "\"unsafe-fixes\" must be true or false");
    load_fails(d, "{\"fix-build-stages\": null}", "\"fix-build-stages\" must be true or false");
    load_fails(d, "{\"merge\": true}", "\"merge\" must be \"default\" or \"aggressive\"");
    load_fails(d, "{\"merge\": \"Aggressive\"}", "\"merge\" must be \"default\" or \"aggressive\"");
    load_fails(d, "{\"select\": 12}", "\"select\" must be a list of rule ids or names");
    load_fails(d, "{\"ignore\": {\"DF012\": true}}", "\"ignore\" must be a list of rule ids or names");
    load_fails(d, "{\"select\": [\"DF012\", 3]}", "\"select\" must be a list of strings");
    load_fails(d, "{\"ignore\": [[\"DF012\"]]}", "\"ignore\" must be a list of strings");
    load_fails(d, "{\"ignore\": [\"DF999\"]}", "\"ignore\": unknown rule \"DF999\"");
    load_fails(d, "{\"select\": \"DF012,nope\"}", "\"select\": unknown rule \"nope\"");
    load_fails(d, "{\"select\": [\"DF012\", \"add-for-local\"]}", "\"select\": unknown rule \"add-for-local\"");
    load_fails(d, "[\"DF012\"]", "the configuration must be a JSON object");
    /* a list too long to join */
    char big[4200];
    size_t n = (size_t)snprintf(big, sizeof big, "{\"ignore\": [");
    for (int i = 0; i < 400; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%s\"DF012\"", i ? "," : "");
    snprintf(big + n, sizeof big - n, "]}");
    load_fails(d, big, "\"ignore\" is too long");
}

/* Invalid JSON: "PATH:LINE:COL: jansson's message". */
static void check_invalid_json(const char *d, const char *json, int line)
{
    loaded l;
    load(&l, d, json);
    assert_int_equal(l.rc, -1);
    json_error_t je;
    json_t *j = json_load_file(l.path, JSON_REJECT_DUPLICATES, &je);
    assert_null(j);
    char want[1024];
    snprintf(want, sizeof want, "%s:%d:%d: %s", l.path, line, je.column, je.text);
    assert_string_equal(l.err, want);
    assert_int_equal(je.line, line);
    free(l.path);
}

static void test_load_invalid_json(void **state)
{
    const char *d = *state;
    check_invalid_json(d, "{\"ignore\": [DF012]}", 1);
    check_invalid_json(d, "{\n  \"ignore\": [\"DF012\"],\n}\n", 3);
    check_invalid_json(d, "", 1);
    check_invalid_json(d, "{\"ignore\": [], \"ignore\": [\"DF012\"]}", 1); /* duplicate key */
    check_invalid_json(d, "{} {}", 1);
    check_invalid_json(d, "\"DF012\"", 1); /* not an object or array */
}

static void test_load_missing_file(void **state)
{
    const char *d = *state;
    char *p = tpath(d, "nope.json");
    df_options o;
    df_options_default(&o);
    char err[700] = "";
    assert_int_equal(df_config_load(p, &o, err, sizeof err), -1);
    /* not jansson's "-1:-1" position: a plain "cannot read" message */
    assert_true(strncmp(err, "cannot read ", 12) == 0);
    assert_true(strncmp(err + 12, p, strlen(p)) == 0);
    assert_non_null(strstr(err, "No such file or directory"));
    free(p);
}

/* ---- df_options_select --------------------------------------------------- */

static void test_options_select(void **state)
{
    (void)state;
    size_t k = idx012();
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(count_enabled(&o), df_nrules);
    assert_false(o.unsafe_fixes);
    assert_null(o.context_dir);

    assert_int_equal(df_options_select(&o, "none", true, bad, sizeof bad), 0);
    assert_int_equal(count_enabled(&o), 0);
    assert_int_equal(df_options_select(&o, "all", true, bad, sizeof bad), 0);
    assert_int_equal(count_enabled(&o), df_nrules);
    assert_int_equal(df_options_select(&o, "DF012", false, bad, sizeof bad), 0);
    assert_false(o.enabled[k]);
    assert_int_equal(count_enabled(&o), df_nrules - 1);
    assert_int_equal(df_options_select(&o, "add-for-local-files", true, bad, sizeof bad), 0);
    assert_true(o.enabled[k]);
    assert_int_equal(count_enabled(&o), 1);
    assert_int_equal(df_options_select(&o, "ALL", false, bad, sizeof bad), 0);
    assert_int_equal(count_enabled(&o), 0);
    assert_int_equal(df_options_select(&o, " dl3020 , ", true, bad, sizeof bad), 0);
    assert_true(o.enabled[k]);
    /* --ignore none / empty: nothing removed */
    assert_int_equal(df_options_select(&o, "None", false, bad, sizeof bad), 0);
    assert_true(o.enabled[k]);
    assert_int_equal(df_options_select(&o, "", false, bad, sizeof bad), 0);
    assert_true(o.enabled[k]);
    assert_int_equal(df_options_select(&o, ",,,", false, bad, sizeof bad), 0);
    assert_true(o.enabled[k]);
}

static void test_options_select_unknown(void **state)
{
    (void)state;
    size_t k = idx012();
    df_options o;
    char bad[64];
    df_options_default(&o);
    memset(bad, 0, sizeof bad);
    assert_int_equal(df_options_select(&o, "DF999", true, bad, sizeof bad), -1);
    assert_string_equal(bad, "DF999");
    /* the set is left as it was */
    assert_true(o.enabled[k]);
    assert_int_equal(df_options_select(&o, "none,DF012, bogus-rule ,DF013", true, bad, sizeof bad), -1);
    assert_string_equal(bad, "bogus-rule");
    assert_true(o.enabled[k]);
    assert_int_equal(count_enabled(&o), df_nrules);
    assert_int_equal(df_options_select(&o, "DF012,nope", false, bad, sizeof bad), -1);
    assert_string_equal(bad, "nope");
    assert_true(o.enabled[k]);
    /* the reported name is cut to fit */
    char small[6];
    assert_int_equal(df_options_select(&o, "verylongname", true, small, sizeof small), -1);
    assert_string_equal(small, "veryl");
    /* names are not prefixes */
    assert_int_equal(df_options_select(&o, "DF01", true, bad, sizeof bad), -1);
    assert_string_equal(bad, "DF01");
    assert_int_equal(df_options_select(&o, "add-for-local-files-x", true, bad, sizeof bad), -1);
    assert_string_equal(bad, "add-for-local-files-x");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_find_walks_up),
        T(test_find_stops_at_git),
        T(test_find_missing_start),
        T(test_load_select_ignore),
        T(test_load_ignore_before_select),
        T(test_load_flags),
        T(test_load_errors),
        T(test_load_invalid_json),
        T(test_load_missing_file),
        cmocka_unit_test(test_options_select),
        cmocka_unit_test(test_options_select_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
