/*
 * test_pm.c - the shared package-manager questions (passes/pm.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../passes/image.h"
#include "../passes/pm.h"
#include "dfopt/diag.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "test_util.h"

/* A fake rule whose check records answers about the last RUN. */
typedef struct {
    size_t ncalls;
    char managers[8][16];
    char subs[8][16];
    size_t ends[8];
    bool mounted, var, cleaned, ships, fix;
    df_severity sev;
} answers;

typedef struct {
    answers *a;
    const char *var;
    const char *clean_mgr;
} probe;

static probe g_probe; /* test-only: the fake rule has no user pointer */

static void on_run(df_pm_run *r, void *user)
{
    (void)user;
    answers *a = g_probe.a;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, NULL, &calls);
    a->ncalls = n;
    for (size_t i = 0; i < n && i < 8; i++) {
        snprintf(a->managers[i], sizeof a->managers[i], "%s", calls[i].manager);
        snprintf(a->subs[i], sizeof a->subs[i], "%.*s", calls[i].sub ? (int)calls[i].sub->value_len : 0,
                 calls[i].sub ? calls[i].sub->value : "");
        a->ends[i] = calls[i].end;
    }
    const df_fact *m = df_kb_manager(r->c->kb, g_probe.clean_mgr);
    a->mounted = df_pm_cache_mounted(r, m);
    a->var = g_probe.var && df_pm_var_set(r, g_probe.var, n ? calls[0].cmd->span.start : 0);
    a->cleaned = n && df_pm_cleaned_after(r, m, "cleanup_paths", calls[0].end);
    a->ships = r->ships;
    a->sev = df_pm_severity(r, &a->fix);
}

static void check(df_ctx *c)
{
    df_pm_each_run(c, on_run, NULL);
}

static const df_rule probe_rule = {.id = "T100", .name = "probe", .severity = DF_SEV_WARNING, .fix = DF_APPLY_SAFE,
                                   .summary = "probe", .check = check};

static answers ask(const char *text, const char *mgr, const char *var)
{
    answers a;
    memset(&a, 0, sizeof a);
    g_probe.a = &a;
    g_probe.var = var;
    g_probe.clean_mgr = mgr;
    df_options o;
    df_options_default(&o);
    o.enabled[0] = true;
    const df_rule *rules[] = {&probe_rule};
    df_run_result res;
    assert_int_equal(df_run_with_rules("t", text, strlen(text), &o, NULL, rules, 1, &res), 0);
    df_run_result_release(&res);
    return a;
}

static void finds_calls_through_wrappers(void **state)
{
    (void)state;
    answers a = ask("FROM a\nRUN sudo apt-get -q update && env A=1 apt-get install -y x | tee log; "
                    "python3 -m pip install flask\n",
                    "apt", NULL);
    assert_int_equal(a.ncalls, 3);
    assert_string_equal(a.managers[0], "apt");
    assert_string_equal(a.subs[0], "update");
    assert_string_equal(a.subs[1], "install");
    assert_string_equal(a.managers[2], "pip");
    assert_string_equal(a.subs[2], "install");
    /* the install's end is after the whole pipeline */
    const char *s = "sudo apt-get -q update && env A=1 apt-get install -y x | tee log";
    assert_int_equal(a.ends[1], strlen(s));
}

static void cache_mounts(void **state)
{
    (void)state;
    assert_true(ask("FROM a\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get install x\n", "apt", NULL).mounted);
    assert_true(ask("FROM a\nRUN --mount=type=cache,target=/var/lib/apt/ apt-get install x\n", "apt", NULL).mounted);
    assert_true(ask("FROM a\nRUN --mount=type=tmpfs,dst=/var/lib/apt/lists apt-get install x\n", "apt", NULL).mounted);
    assert_false(ask("FROM a\nRUN --mount=type=bind,target=/var/lib/apt/lists apt-get install x\n", "apt", NULL).mounted);
    assert_false(ask("FROM a\nRUN --mount=type=cache,target=/var/cache/apt apt-get install x\n", "apt", NULL).mounted);
    assert_false(ask("FROM a\nRUN --mount=type=cache,target=/var/lib/aptx apt-get install x\n", "apt", NULL).mounted);
}

static void variables(void **state)
{
    (void)state;
    assert_true(ask("FROM a\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_true(ask("FROM a\nENV PIP_NO_CACHE_DIR 1\nRUN pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_false(ask("FROM a\nENV PIP_NO_CACHE_DIR=\"\"\nRUN pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_true(ask("FROM a AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n", "pip",
                    "PIP_NO_CACHE_DIR").var);
    assert_false(ask("FROM a AS base\nARG PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n", "pip",
                     "PIP_NO_CACHE_DIR").var);
    assert_true(ask("FROM a\nRUN export PIP_NO_CACHE_DIR=1 && pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_true(ask("FROM a\nRUN PIP_NO_CACHE_DIR=1 pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_false(ask("FROM a\nRUN (export PIP_NO_CACHE_DIR=1) && pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
    assert_false(ask("FROM a\nRUN pip install x && export PIP_NO_CACHE_DIR=1\n", "pip", "PIP_NO_CACHE_DIR").var);
    /* a later stage does not see an earlier, unrelated stage */
    assert_false(ask("FROM a\nENV PIP_NO_CACHE_DIR=1\nFROM b\nRUN pip install x\n", "pip", "PIP_NO_CACHE_DIR").var);
}

static void cleanups_after_the_install(void **state)
{
    (void)state;
    assert_true(ask("FROM a\nRUN apt-get install -y x && rm -rf /var/lib/apt/lists/*\n", "apt", NULL).cleaned);
    assert_true(ask("FROM a\nRUN apt-get install -y x; rm -rf /var/lib/apt/lists\n", "apt", NULL).cleaned);
    assert_true(ask("FROM a\nRUN apt-get install -y x && apt-get dist-clean\n", "apt", NULL).cleaned);
    assert_false(ask("FROM a\nRUN apt-get install -y x && apt-get clean\n", "apt", NULL).cleaned);
    assert_false(ask("FROM a\nRUN apt-get install -y x && rm -rf /var/lib/apt\n", "apt", NULL).cleaned);
    assert_true(ask("FROM a\nRUN npm ci && npm cache clean --force\n", "npm", NULL).cleaned);
    assert_true(ask("FROM a\nRUN dnf install -y x && dnf clean all\n", "dnf", NULL).cleaned);
    assert_true(ask("FROM a\nRUN apk add x && rm -rf /var/cache/apk/*\n", "apk", NULL).cleaned);
}

static void stage_awareness(void **state)
{
    (void)state;
    answers a = ask("FROM a AS build\nRUN apt-get install -y x\nFROM b\nCOPY --from=build /x /x\n", "apt", NULL);
    /* the probe sees the last RUN: the build stage's */
    assert_false(a.ships);
    assert_false(a.fix);
    assert_int_equal(a.sev, DF_SEV_INFO);
    a = ask("FROM a AS base\nRUN apt-get install -y x\nFROM base\nRUN true\n", "apt", NULL);
    assert_true(a.ships); /* last RUN is in the final stage */
    a = ask("FROM a AS base\nRUN apt-get install -y x\nFROM base AS final\nCMD x\n", "apt", NULL);
    assert_true(a.ships); /* base is built upon by the final stage */
    assert_true(a.fix);
    assert_int_equal(a.sev, DF_SEV_WARNING);
}

/* The appended line must not land inside a continued line of a heredoc
 * script (found by the DF003 work). */
static void heredoc_append_after_continued_line(void **state)
{
    (void)state;
    const char *text = "FROM a\nRUN <<EOF\napt-get install -y curl \\\n  git && echo hi\nEOF\n";
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_diags dg;
    assert_int_equal(df_diags_init(&dg), 0);
    df_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = d;
    c.src = d->src;
    c.rule = &probe_rule;
    c.out = &dg;
    char err[128];
    df_kb *kb = df_kb_new(err, sizeof err);
    c.kb = kb;
    df_pm_run r;
    memset(&r, 0, sizeof r);
    r.c = &c;
    r.in = d->instrs[1];
    assert_int_equal(df_runsh_get(d->arena, d, r.in, &r.rs), 0);
    assert_non_null(r.rs.script);
    df_runsh_style(d, &r.rs, &r.style);
    df_diag *dd = df_diags_add(&dg, &probe_rule, DF_SEV_WARNING, (df_span){0, 0}, "x");
    df_diag_set_fix(&dg, dd, DF_APPLY_SAFE, "append");
    /* after "curl": the end of the first word run, inside the continued command */
    size_t after = (size_t)(strstr(r.rs.script->text, "curl") - r.rs.script->text) + 4;
    assert_int_equal(df_pm_append_after(&r, dd, after, "rm -rf /l"), 0);
    assert_int_equal(dd->fix->nedits, 1);
    /* the start of the line after "echo hi", not the line after "curl \" */
    assert_int_equal(dd->fix->edits[0].start, (size_t)(strstr(text, "hi\n") - text) + 3);
    assert_memory_equal(dd->fix->edits[0].text, "rm -rf /l\n", 10);
    df_kb_free(kb);
    df_diags_release(&dg);
    tfree(&t);
}


/* df_toolchain_image_of: the answer of df_doc_toolchain_image, asked once
 * per round (the round's script cache) by DF004, DF020 and DF021. */
static void toolchain_image_once_per_round(void **state)
{
    (void)state;
    char err[128];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    const char *texts[] = {"FROM maven:3-eclipse-temurin-17\nCMD [\"mvn\"]\n",
                           "FROM debian\nCOPY . /app\nCMD [\"/app/run\"]\n"};
    const bool want[] = {true, false};
    for (size_t i = 0; i < 2; i++) {
        tdoc t;
        df_doc *d = tparse(&t, texts[i]);
        df_ctx c;
        memset(&c, 0, sizeof c);
        c.doc = d;
        c.src = d->src;
        c.kb = kb;
        assert_int_equal(df_doc_toolchain_image(d, df_kb_images(kb)), want[i]);
        /* no cache: asked directly */
        assert_int_equal(df_toolchain_image_of(&c), want[i]);
        df_runsh_cache sc;
        assert_int_equal(df_runsh_cache_init(&sc, d->arena, d->ninstrs), 0);
        c.scripts = &sc;
        assert_int_equal(sc.toolchain, 0); /* not asked yet */
        assert_int_equal(df_toolchain_image_of(&c), want[i]);
        assert_int_equal(sc.toolchain, want[i] ? 2 : 1);
        /* the second question reads the cache */
        sc.toolchain = want[i] ? 1 : 2;
        assert_int_equal(df_toolchain_image_of(&c), !want[i]);
        tfree(&t);
    }
    df_kb_free(kb);
}

/* df_pm_calls answers by the list's contents, not its address: a rule
 * that builds its list on the stack (pm.c's users_pred does) may ask for
 * apt, then for apk, with the same address (a review found an answer
 * memoized by address: the apk question got apt's calls). */
static size_t stack_got[2];

static __attribute__((noinline)) size_t calls_for(df_pm_run *r, const char *mgr)
{
    const char *const managers[] = {mgr, NULL};
    df_pm_call *calls;
    return df_pm_calls(r, managers, &calls);
}

static void stack_on_run(df_pm_run *r, void *user)
{
    (void)user;
    (void)calls_for(r, "apt"); /* finds the calls */
    stack_got[0] = calls_for(r, "apt");
    stack_got[1] = calls_for(r, "apk");
}

static void stack_check(df_ctx *c)
{
    df_pm_each_run(c, stack_on_run, NULL);
}

static void test_calls_asked_by_a_list_on_the_stack(void **state)
{
    (void)state;
    static const df_rule stack_rule = {.id = "T101", .name = "stack", .severity = DF_SEV_WARNING,
                                       .fix = DF_APPLY_SAFE, .summary = "stack", .check = stack_check};
    const char *text = "FROM debian\nRUN apt-get update && apt-get install -y curl\n";
    df_options o;
    df_options_default(&o);
    const df_rule *rules[] = {&stack_rule};
    df_run_result res;
    assert_int_equal(df_run_with_rules("t", text, strlen(text), &o, NULL, rules, 1, &res), 0);
    df_run_result_release(&res);
    assert_int_equal(stack_got[0], 2);
    assert_int_equal(stack_got[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calls_asked_by_a_list_on_the_stack),
        cmocka_unit_test(finds_calls_through_wrappers), cmocka_unit_test(cache_mounts),
        cmocka_unit_test(variables), cmocka_unit_test(cleanups_after_the_install),
        cmocka_unit_test(stage_awareness), cmocka_unit_test(heredoc_append_after_continued_line),
        cmocka_unit_test(toolchain_image_once_per_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
