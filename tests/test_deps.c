/*
 * test_deps.c - the helpers of the cache-order rules (passes/deps.c):
 * .dockerignore-style globs, ignore rules with negation and parent
 * folders, <Dockerfile>.dockerignore precedence, image folder arithmetic,
 * and the WORKDIR tracker DF002 and DF011 share (passes/workdir.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "../passes/deps.h"
#include "../passes/workdir.h"
#include "dfopt/kb.h"
#include "dfopt/parser.h"
#include "dfopt/runsh.h"

static void test_glob(void **state)
{
    (void)state;
    assert_true(df_deps_glob("*.csproj", "Api.csproj"));
    assert_false(df_deps_glob("*.csproj", "src/Api.csproj"));
    assert_true(df_deps_glob("**/*.csproj", "src/Api/Api.csproj"));
    assert_true(df_deps_glob("**/*.csproj", "Api.csproj"));
    assert_true(df_deps_glob("package*.json", "package-lock.json"));
    assert_true(df_deps_glob("*.py[cod]", "x.pyc"));
    assert_false(df_deps_glob("*.py[cod]", "x.py"));
    assert_true(df_deps_glob("[!a]b", "cb"));
    assert_false(df_deps_glob("[!a]b", "ab"));
    assert_true(df_deps_glob("a?c", "abc"));
    assert_false(df_deps_glob("a?c", "a/c"));
    assert_true(df_deps_glob("node_modules", "node_modules"));
    assert_false(df_deps_glob("node_modules", "node_modules2"));
    assert_true(df_deps_glob("a\\*b", "a*b"));
    assert_false(df_deps_glob("a\\*b", "axb"));
    assert_true(df_deps_glob("**", "any/thing"));
    assert_false(df_deps_glob("[ab", "a"));
    /* a star and a literal tail (the suffix test) */
    assert_true(df_deps_glob("*/package.json", "a/package.json"));
    assert_false(df_deps_glob("*/package.json", "a/b/package.json"));
    assert_true(df_deps_glob("*.json", ".json"));
    assert_false(df_deps_glob("*.json", "json"));
    assert_false(df_deps_glob("src/*.csproj", "src/a/b.csproj"));
    assert_true(df_deps_glob("*", "abc"));
    assert_false(df_deps_glob("*", "a/b"));
}

static void test_paths(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_string_equal(df_deps_path(a, "/app", ".", 1), "/app");
    assert_string_equal(df_deps_path(a, "/app", "./", 2), "/app");
    assert_string_equal(df_deps_path(a, "/app", "src/", 4), "/app/src");
    assert_string_equal(df_deps_path(a, "/app", "../x", 4), "/x");
    assert_string_equal(df_deps_path(a, "/app", "/srv//y/.", 9), "/srv/y");
    assert_string_equal(df_deps_path(a, "/", "..", 2), "/");
    assert_string_equal(df_deps_path(a, "@", ".", 1), "@");
    assert_string_equal(df_deps_path(a, "@", "web", 3), "@/web");
    assert_string_equal(df_deps_path(a, "@/web", "..", 2), "@");
    assert_null(df_deps_path(a, "@", "..", 2));
    assert_null(df_deps_path(a, "/app", "$HOME", 5));
    const char *rest;
    assert_true(df_deps_under("/app/web", "/app", &rest));
    assert_string_equal(rest, "web");
    assert_true(df_deps_under("/app", "/app", &rest));
    assert_string_equal(rest, "");
    assert_false(df_deps_under("/application", "/app", &rest));
    assert_true(df_deps_under("/etc", "/", &rest));
    assert_string_equal(rest, "etc");
    assert_false(df_deps_under("@/x", "/", &rest));
    df_arena_free(a);
}

/* A context with a .dockerignore, seen through a parsed document. */
static void load(const char *dfpath, const char *dir, df_doc **doc, df_source *src, df_deps_context *cx)
{
    static const char text[] = "FROM a\n";
    assert_int_equal(df_source_init(src, dfpath, text, sizeof text - 1), 0);
    df_parse_error perr;
    *doc = df_parse(src, &perr);
    assert_non_null(*doc);
    df_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = *doc;
    c.src = src;
    c.context_dir = dir;
    assert_int_equal(df_deps_context_load(&c, cx), 0);
}

static void test_ignore(void **state)
{
    (void)state;
    char *d = tdir_new();
    twrite(d, ".dockerignore", "# comment\n\n*\n!package.json\n!src\nsrc/secret.txt\n  /build/  \n", 0644);
    twrite(d, "package.json", "{}", 0644);
    twrite(d, "yarn.lock", "", 0644);
    tmkdir(d, "src");
    twrite(d, "src/secret.txt", "", 0644);
    twrite(d, "src/a.js", "", 0644);
    df_doc *doc;
    df_source src;
    df_deps_context cx;
    load("Dockerfile", d, &doc, &src, &cx);
    assert_true(cx.has_ignore);
    assert_int_equal(cx.nrules, 5);
    assert_string_equal(cx.rules[4].pat, "build");
    assert_false(df_deps_ignored(&cx, "package.json"));
    assert_true(df_deps_ignored(&cx, "yarn.lock"));
    assert_false(df_deps_ignored(&cx, "src/a.js"));
    assert_true(df_deps_ignored(&cx, "src/secret.txt"));
    assert_true(df_deps_ignored(&cx, "build/out/x"));
    assert_int_equal(df_deps_stat(&cx, "package.json"), DF_DEPS_FILE);
    assert_int_equal(df_deps_stat(&cx, "yarn.lock"), DF_DEPS_ABSENT);
    assert_int_equal(df_deps_stat(&cx, "src"), DF_DEPS_DIR);
    assert_int_equal(df_deps_stat(&cx, "absent"), DF_DEPS_ABSENT);
    const char **names;
    assert_int_equal(df_deps_list(&cx, doc->arena, "src", "*", &names), 1);
    assert_string_equal(names[0], "a.js");
    size_t len;
    assert_null(df_deps_read(&cx, doc->arena, "yarn.lock", 100, &len));
    assert_string_equal(df_deps_read(&cx, doc->arena, "package.json", 100, &len), "{}");
    df_doc_free(doc);
    df_source_release(&src);
    /* <Dockerfile>.dockerignore next to the Dockerfile wins */
    twrite(d, "api.Dockerfile.dockerignore", "package.json\n", 0644);
    char *df = tpath(d, "api.Dockerfile");
    load(df, d, &doc, &src, &cx);
    assert_true(df_deps_ignored(&cx, "package.json"));
    assert_false(df_deps_ignored(&cx, "yarn.lock"));
    df_doc_free(doc);
    df_source_release(&src);
    free(df);
    tdir_free(d);
}

/* The working folder before each instruction, as BuildKit sets it. */
static void test_workdirs(void **state)
{
    (void)state;
    static const char text[] = "FROM debian AS base\n"    /* 0: the base image's folder */
                               "WORKDIR app\n"            /* 1 */
                               "WORKDIR /srv\n"           /* 2: @/app */
                               "WORKDIR \"my app\"/x\n" /* 3: /srv */
                               "FROM base\n"              /* 4: inherits base's /srv/my app/x */
                               "WORKDIR ..\n"             /* 5 */
                               "WORKDIR [\"/a\"]\n"     /* 6: /srv/my app: no exec form */
                               "WORKDIR $HOME/b\n"        /* 7: /srv/my app/[/a] */
                               "WORKDIR c\n"              /* 8: unknown */
                               "RUN true\n"               /* 9: still unknown */
                               "FROM debian\n"            /* 10: another image */
                               "RUN true\n";              /* 11 */
    df_source src;
    assert_int_equal(df_source_init(&src, "Dockerfile", text, sizeof text - 1), 0);
    df_parse_error perr;
    df_doc *doc = df_parse(&src, &perr);
    assert_non_null(doc);
    assert_int_equal(doc->ninstrs, 12);
    const char **w = df_workdirs(doc->arena, doc);
    assert_non_null(w);
    assert_string_equal(w[0], "@");
    assert_string_equal(w[1], "@");
    assert_string_equal(w[2], "@/app");
    assert_string_equal(w[3], "/srv");
    assert_string_equal(w[4], "/srv/my app/x");
    assert_string_equal(w[5], "/srv/my app/x");
    assert_string_equal(w[6], "/srv/my app");
    assert_string_equal(w[7], "/srv/my app/[/a]"); /* quotes removed, as ProcessWord does */
    assert_null(w[8]);
    assert_null(w[9]);
    assert_string_equal(w[10], "@");
    assert_string_equal(w[11], "@");
    df_doc_free(doc);
    df_source_release(&src);
}

/* df_deps_has_install is asked by several rules, for most RUNs more than
 * once (DF001 per pair, DF002): the round's script cache keeps the answer,
 * so only the first question walks the script (issue 13: on 12,500 RUNs
 * the repeated walks were a fifth of the time). */
static void has_install_once_per_round(void **state)
{
    (void)state;
    static const char text[] = "FROM node:20\nWORKDIR /app\nRUN npm ci && echo done\nRUN apt-get update\n";
    df_source src;
    assert_int_equal(df_source_init(&src, "Dockerfile", text, sizeof text - 1), 0);
    df_parse_error perr;
    df_doc *doc = df_parse(&src, &perr);
    assert_non_null(doc);
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    df_runsh_cache sc;
    assert_int_equal(df_runsh_cache_init(&sc, doc->arena, doc->ninstrs), 0);
    df_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.src = &src;
    c.kb = kb;
    c.scripts = &sc;
    const df_instr *npm = doc->instrs[2], *apt = doc->instrs[3];
    assert_true(df_deps_has_install(&c, npm));
    size_t steps = sc.steps;
    assert_true(steps > 0); /* the first question read the script */
    assert_false(df_deps_has_install(&c, apt));
    size_t steps2 = sc.steps;
    assert_true(steps2 > steps);
    for (int i = 0; i < 3; i++) {
        assert_true(df_deps_has_install(&c, npm));
        assert_false(df_deps_has_install(&c, apt));
    }
    assert_int_equal(sc.steps, steps2); /* answered from the cache */
    /* without a cache (a rule run outside the driver) it still answers */
    c.scripts = NULL;
    assert_true(df_deps_has_install(&c, npm));
    assert_false(df_deps_has_install(&c, apt));
    df_kb_free(kb);
    df_doc_free(doc);
    df_source_release(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glob),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_ignore),
        cmocka_unit_test(test_workdirs),
        cmocka_unit_test(has_install_once_per_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
