/*
 * test_df005.c - DF005 apt-update-separated through df_run(): the merge in
 * each RUN style, the conditions of DESIGN section 4 under which it is not
 * done, the useless update, pragmas, idempotence, exact output.
 */
#define RULE "DF005"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

static void opts_for(df_options *o, bool unsafe)
{
    df_options_default(o);
    for (size_t i = 0; i < df_nrules; i++)
        o->enabled[i] = df_rules[i] == df_rule_find(RULE);
    o->unsafe_fixes = unsafe;
}

static void run_text(df_run_result *res, const char *text, bool unsafe)
{
    df_options o;
    opts_for(&o, unsafe);
    int rc = df_run("Dockerfile", text, strlen(text), &o, NULL, res);
    if (res->status != DF_RUN_OK)
        fail_msg("input:\n%s\nstatus %d: %s", text, (int)res->status, res->message);
    assert_int_equal(rc, 0);
}

/* Run, compare the output exactly, count findings; the output is a fixed point. */
static void expect_u(const char *text, bool unsafe, const char *want, size_t ndiags)
{
    df_run_result res;
    run_text(&res, text, unsafe);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    assert_int_equal(res.changed, strcmp(text, want) != 0);
    size_t n0 = 0;
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_string_equal(res.diags.v[i]->rule->id, RULE);
        if (res.diags.v[i]->round == 0)
            n0++;
    }
    if (n0 != ndiags)
        fail_msg("input:\n%s\n%zu findings, want %zu", text, n0, ndiags);
    df_run_result again;
    run_text(&again, want, unsafe);
    if (again.changed)
        fail_msg("not idempotent:\n%s\nbecomes\n%.*s", want, (int)again.output.len, again.output.data);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

#define FIRES(text, want) expect_u((text), false, (want), 1)
#define FIRES_N(text, want, n) expect_u((text), false, (want), (n))
#define SILENT(text) expect_u((text), false, (text), 0)
/* reported, nothing changed */
#define REPORTS(text) expect_u((text), false, (text), 1)

/* The single finding of text: severity, fix applicability (-1: no fix),
 * whether it was applied; optional message/description substrings. */
static void one(const char *text, bool unsafe, df_severity sev, int ap, bool applied, const char *msg,
                const char *desc)
{
    df_run_result res;
    run_text(&res, text, unsafe);
    size_t n0 = 0;
    const df_diag *d = NULL;
    for (size_t i = 0; i < res.diags.n; i++)
        if (res.diags.v[i]->round == 0) {
            n0++;
            d = res.diags.v[i];
        }
    if (n0 != 1)
        fail_msg("input:\n%s\n%zu findings, want 1", text, n0);
    assert_int_equal(d->severity, sev);
    if (ap < 0) {
        assert_null(d->fix);
    } else {
        assert_non_null(d->fix);
        assert_int_equal(d->fix->applicability, ap);
        if (desc && !strstr(d->fix->description, desc))
            fail_msg("description %s lacks %s", d->fix->description, desc);
    }
    assert_int_equal(d->applied, applied);
    if (msg && !strstr(d->message, msg))
        fail_msg("message %s lacks %s", d->message, msg);
    df_run_result_release(&res);
}

static void test_merge_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian\n# packages\nRUN apt-get update\nRUN apt-get install -y curl\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data, "FROM debian\n# packages\nRUN apt-get update && apt-get install -y curl\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "apt-get update in a RUN of its own: the install at line 4 reads package lists "
                                    "cached with this layer, stale once it is reused");
    assert_int_equal(d->span.start, strstr(in, "apt-get update") - in);
    assert_int_equal(d->span.end, strstr(in, "update\n") - in + 6);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "move apt-get update into the install RUN");
    assert_int_equal(d->fix->nedits, 2);
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_merge_styles(void **state)
{
    (void)state;
    /* options kept; comments and blank lines between stay */
    FIRES("FROM debian\nRUN apt-get update -qq\n\n# tools\nRUN apt-get install -y curl\n",
          "FROM debian\n\n# tools\nRUN apt-get update -qq && apt-get install -y curl\n");
    /* && at line ends */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n");
    /* && at line starts */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n");
    /* tabs, CRLF */
    FIRES("FROM debian\r\nRUN apt-get update\r\nRUN apt-get install -y curl && \\\r\n\trm -rf /var/lib/apt/lists/*\r\n",
          "FROM debian\r\nRUN apt-get update && \\\r\n\tapt-get install -y curl && \\\r\n\trm -rf /var/lib/apt/lists/*\r\n");
    /* first command on a continuation line */
    FIRES("FROM debian\nRUN apt-get update\nRUN \\\n    apt-get install -y curl\n",
          "FROM debian\nRUN \\\n    apt-get update && \\\n    apt-get install -y curl\n");
    /* heredoc install script (one && chain) */
    FIRES("FROM debian\nRUN apt-get update\nRUN <<EOF\napt-get install -y curl\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update && apt-get install -y curl\nEOF\n");
    /* ONBUILD pair */
    FIRES("FROM debian\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y curl\n",
          "FROM debian\nONBUILD RUN apt-get update && apt-get install -y curl\n");
    /* sudo; the same cache mount on both; apt; several updates */
    FIRES("FROM debian\nRUN sudo apt-get update\nRUN sudo apt-get install -y curl\n",
          "FROM debian\nRUN sudo apt-get update && sudo apt-get install -y curl\n");
    FIRES("FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n"
          "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n",
          "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n");
    FIRES("FROM debian\nRUN apt update && apt-get update\nRUN apt install -y curl\n",
          "FROM debian\nRUN apt update && apt-get update && apt install -y curl\n");
    /* the install in an if body still uses the stale lists */
    FIRES("FROM debian\nRUN apt-get update\nRUN if true; then apt-get install -y curl; fi\n",
          "FROM debian\nRUN apt-get update && if true; then apt-get install -y curl; fi\n");
    /* the last instruction of the file, no final newline */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl", "FROM debian\nRUN apt-get update && apt-get install -y curl");
}

static void test_reported_not_merged(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get update\nENV X=1\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nWORKDIR /app\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nCOPY x /x\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN echo hi\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN --network=none apt-get install -y curl\n",
        "FROM debian\nRUN --mount=type=secret,id=x apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update \\\n  # why\n  -q\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN set -e; apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl || true\n",
        "FROM debian\nRUN apt-get update\nRUN <<EOF\napt-get install -y curl\necho done\nEOF\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        REPORTS(cases[i]);
        one(cases[i], true, DF_SEV_WARNING, -1, false, "(no automatic fix: ", NULL);
    }
}

static void test_useless_update(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n";
    REPORTS(in);
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "is useless: the install RUN at line 3", "delete this RUN");
    /* apt 3: install --update refreshes the lists itself */
    one("FROM debian\nRUN apt-get update\nRUN apt-get install --update -y curl\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false, "is useless", NULL);
    /* two lone updates: the first is followed by an update, not an install (silent); the second is useless */
    in = "FROM debian\nRUN apt-get update\nRUN apt-get update\nRUN apt-get update && apt-get install -y x\n";
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "is useless: the install RUN at line 4", NULL);
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\n",
        "FROM debian\nRUN apt-get update\nFROM debian\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update && echo ok\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nONBUILD RUN apt-get install -y curl\n",
        "FROM debian\nRUN [\"apt-get\", \"update\"]\nRUN apt-get install -y curl\n",
        "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

static void test_build_only_stage_still_fixed(void **state)
{
    (void)state;
    FIRES("FROM debian AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n",
          "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n");
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\n# dfopt ignore=DF005\nRUN apt-get update\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\n# dfopt ignore=apt-update-separated\nRUN apt-get update\nRUN apt-get install -y curl\n");
    SILENT("# dfopt global ignore=DF005\nFROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n");
    /* DF005 has no hadolint code: another code does not silence it */
    FIRES("FROM debian\n# hadolint ignore=DL3009\nRUN apt-get update\nRUN apt-get install -y curl\n",
          "FROM debian\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_exact),
        cmocka_unit_test(test_merge_styles),
        cmocka_unit_test(test_reported_not_merged),
        cmocka_unit_test(test_useless_update),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_only_stage_still_fixed),
        cmocka_unit_test(test_pragmas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
