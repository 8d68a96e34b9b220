/*
 * test_df007.c - DF007 apk-cache-kept through df_run(): where it fires and
 * the exact rewrite (flag placement, dropped `apk update` and cache
 * removal, every RUN layout), where it stays silent, build-only stages,
 * pragmas, idempotence.
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

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#define RULE "DF007"
#define MSG "apk add without --no-cache keeps the package index in /var/cache/apk"

#include "cache_rule_test.h"

/* ---- fires ------------------------------------------------------------- */

static void test_single_line_exact(void **state)
{
    (void)state;
    const char *in = "FROM alpine:3.20\nRUN apk add curl\n";
    df_run_result res;
    run(&res, in, false);
    assert_string_equal(res.output.data, "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_ptr_equal(d->rule, df_rule_find("DF007"));
    assert_ptr_equal(d->rule, df_rule_find("DL3019"));
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->span.start, strstr(in, "apk") - in);
    assert_int_equal(d->span.end, strstr(in, "curl") - in + 4);
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "add --no-cache");
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_fires_forms(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN apk add --virtual .deps gcc\n", "FROM a\nRUN apk add --no-cache --virtual .deps gcc\n");
    FIRES("FROM a\nRUN apk -U add x\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk add -- x\n", "FROM a\nRUN apk add --no-cache -- x\n");
    FIRES("FROM a\nRUN set -eux; apk add x; echo ok\n", "FROM a\nRUN set -eux; apk add --no-cache x; echo ok\n");
    FIRES("FROM a\nRUN sudo apk add x\n", "FROM a\nRUN sudo apk add --no-cache x\n");
    FIRES("FROM a\nRUN env FOO=1 apk add x\n", "FROM a\nRUN env FOO=1 apk add --no-cache x\n");
    FIRES("FROM a\nRUN if [ -n \"$X\" ]; then apk add x; fi\n",
          "FROM a\nRUN if [ -n \"$X\" ]; then apk add --no-cache x; fi\n");
    FIRES("FROM a\nRUN (cd /tmp && apk add x)\n", "FROM a\nRUN (cd /tmp && apk add --no-cache x)\n");
    FIRES("FROM a\nONBUILD RUN apk add x\n", "FROM a\nONBUILD RUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk add \\\n      x\n", "FROM a\nRUN apk add --no-cache \\\n      x\n");
    /* two adds: two findings */
    expect("FROM a\nRUN apk add x && apk add y\n", "FROM a\nRUN apk add --no-cache x && apk add --no-cache y\n", 2);
}

/* ---- update and cache removal dropped ------------------------------------ */

static void test_drops_update_and_rm(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN apk update && apk add x\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk update; apk add x\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk add x && rm -rf /var/cache/apk/*\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk add x && rm -rf /var/cache/apk/* && echo ok\n",
          "FROM a\nRUN apk add --no-cache x && echo ok\n");
    /* trailing && \ */
    FIRES("FROM a\nRUN apk update && \\\n    apk add curl git && \\\n    rm -rf /var/cache/apk/*\n",
          "FROM a\nRUN apk add --no-cache curl git\n");
    FIRES("FROM a\nRUN set -x && \\\n    apk update && \\\n    apk add curl && \\\n    rm -rf /var/cache/apk/* && \\\n"
          "    echo done\n",
          "FROM a\nRUN set -x && \\\n    apk add --no-cache curl && \\\n    echo done\n");
    /* leading && */
    FIRES("FROM a\nRUN apk update \\\n && apk add --virtual .deps gcc \\\n && make \\\n && apk del .deps \\\n"
          " && rm -rf /var/cache/apk/*\n",
          "FROM a\nRUN apk add --no-cache --virtual .deps gcc \\\n && make \\\n && apk del .deps\n");
    /* the update or removal stays */
    FIRES("FROM a\nRUN false || apk update && apk add x\n", "FROM a\nRUN false || apk update && apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk update && apk upgrade && apk add x\n",
          "FROM a\nRUN apk update && apk upgrade && apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk update && \\\n    # tools\n    apk add x\n",
          "FROM a\nRUN apk update && \\\n    # tools\n    apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk add x && rm -rf /var/cache/apk/* /tmp/*\n",
          "FROM a\nRUN apk add --no-cache x && rm -rf /var/cache/apk/* /tmp/*\n");
    FIRES("FROM a\nRUN apk update | cat && apk add x\n", "FROM a\nRUN apk update | cat && apk add --no-cache x\n");
}

static void test_layouts(void **state)
{
    (void)state;
    /* CRLF */
    FIRES("FROM a\r\nRUN apk update && \\\r\n    apk add x && \\\r\n    rm -rf /var/cache/apk/*\r\nUSER app\r\n",
          "FROM a\r\nRUN apk add --no-cache x\r\nUSER app\r\n");
    /* heredoc script */
    FIRES("FROM a\nRUN <<EOF\nset -e\napk update\napk add x\nrm -rf /var/cache/apk/*\nEOF\n",
          "FROM a\nRUN <<EOF\nset -e\napk add --no-cache x\nEOF\n");
    /* ONBUILD with the cleanup */
    FIRES("FROM a\nONBUILD RUN apk update && apk add x\n", "FROM a\nONBUILD RUN apk add --no-cache x\n");
}

/* ---- silent ------------------------------------------------------------ */

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nRUN apk add --no-cache x\n",
        "FROM a\nRUN apk --no-cache add x\n",
        "FROM a\nRUN apk add x --no-cache\n",
        "FROM a\nRUN apk add --no-network --virtual .rundeps $runDeps\n",
        "FROM a\nRUN --mount=type=cache,target=/var/cache/apk apk add x\n",
        "FROM a\nRUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk update && apk add x\n",
        "FROM a\nRUN --mount=type=tmpfs,target=/var/cache apk add x\n",
        "FROM a\nRUN [\"apk\", \"add\", \"x\"]\n",
        "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN apk add x\n",
        "FROM a\nRUN apk del x\n",
        "FROM a\nRUN apk update\n",
        "FROM a\nRUN echo apk add x\n",
        "FROM a\nRUN $APK add x\n",
        "FROM a\n# dfopt ignore=DF007\nRUN apk add x\n",
        "FROM a\n# dfopt ignore=apk-cache-kept\nRUN apk add x\n",
        "FROM a\n# hadolint ignore=DL3019\nRUN apk add x\n",
        "# hadolint global ignore=DL3019\nFROM a\nRUN apk add x\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
    /* the pragma covers only the next instruction */
    FIRES("FROM a\n# hadolint ignore=DL3019\nRUN apk add x\nRUN apk add y\n",
          "FROM a\n# hadolint ignore=DL3019\nRUN apk add x\nRUN apk add --no-cache y\n");
}

/* ---- stages ------------------------------------------------------------ */

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM alpine AS build\nRUN apk add gcc\nFROM alpine\nCOPY --from=build /out /out\n";
    df_run_result res;
    run(&res, in, false);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 1);
    assert_int_equal(res.diags.v[0]->severity, DF_SEV_INFO);
    assert_non_null(res.diags.v[0]->fix);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[0]->fix->description,
                        "add --no-cache (not applied: the stage is not in the image)");
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);
    /* --fix-build-stages */
    run(&res, in, true);
    assert_true(res.changed);
    assert_string_equal(res.output.data,
                        "FROM alpine AS build\nRUN apk add --no-cache gcc\nFROM alpine\nCOPY --from=build /out /out\n");
    df_run_result_release(&res);
    /* a stage the final one is built FROM ships */
    FIRES("FROM alpine AS base\nRUN apk add x\nFROM base\nCMD x\n",
          "FROM alpine AS base\nRUN apk add --no-cache x\nFROM base\nCMD x\n");
}

/* `apk update` stays when a later RUN reads the index without fetching its
 * own: dropping it would break that RUN ("unable to select packages").
 * Found while reviewing DF003's equivalent. */
static void test_later_runs_keep_the_index(void **state)
{
    (void)state;
    expect("FROM alpine\nRUN apk update && apk add curl\n# dfopt ignore=DF007\nRUN apk add gcc\n",
           "FROM alpine\nRUN apk update && apk add --no-cache curl\n# dfopt ignore=DF007\nRUN apk add gcc\n", 1);
    const char *in = "FROM alpine AS base\nRUN apk update && apk add curl\nFROM base AS build\nRUN apk add gcc\n"
                     "FROM base\nCOPY --from=build /x /x\n";
    const char *want = "FROM alpine AS base\nRUN apk update && apk add --no-cache curl\nFROM base AS build\n"
                       "RUN apk add gcc\nFROM base\nCOPY --from=build /x /x\n";
    df_run_result res;
    run(&res, in, false);
    assert_string_equal(res.output.data, want);
    df_run_result_release(&res);
    /* no later reader: the update goes */
    expect("FROM alpine\nRUN apk update && apk add curl\nRUN echo done\n",
           "FROM alpine\nRUN apk add --no-cache curl\nRUN echo done\n", 1);
}

/* With --no-cache the folder is empty: `rm /var/cache/apk/<glob>` would fail */
static void test_breaks_later_rm_without_f(void **state)
{
    (void)state;
    FIRES("FROM alpine\nRUN apk add curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine\nRUN apk add --no-cache curl\nRUN rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine\nRUN apk add curl; echo x || rm /var/cache/apk/*\n",
          "FROM alpine\nRUN apk add --no-cache curl; echo x || rm -f /var/cache/apk/*\n");
    /* each rm once, by the add before it */
    expect("FROM alpine\nRUN apk add curl\nRUN rm -r /var/cache/apk/*\nRUN apk add git\nRUN rm /var/cache/apk/*\n",
            "FROM alpine\nRUN apk add --no-cache curl\nRUN rm -f -r /var/cache/apk/*\nRUN apk add --no-cache git\n"
            "RUN rm -f /var/cache/apk/*\n", 2);
    /* dropped with the update when it can be */
    FIRES("FROM alpine\nRUN apk add curl && rm /var/cache/apk/*\n", "FROM alpine\nRUN apk add --no-cache curl\n");
    /* -f already, no glob, another stage: untouched */
    FIRES("FROM alpine\nRUN apk add curl\nRUN rm -rf /var/cache/apk/* && rm -r /var/cache/apk\n",
          "FROM alpine\nRUN apk add --no-cache curl\nRUN rm -rf /var/cache/apk/* && rm -r /var/cache/apk\n");
    FIRES("FROM alpine\nRUN rm /var/cache/apk/*\nRUN apk add curl\n",
          "FROM alpine\nRUN rm /var/cache/apk/*\nRUN apk add --no-cache curl\n");
}

/* --update fetches an index for the call: meaningless with --no-cache */
static void test_update_flag_goes(void **state)
{
    (void)state;
    FIRES("FROM alpine\nRUN apk add --update curl\n", "FROM alpine\nRUN apk add --no-cache curl\n");
    FIRES("FROM alpine\nRUN apk add -U curl\n", "FROM alpine\nRUN apk add --no-cache curl\n");
    FIRES("FROM alpine\nRUN apk --update add curl\n", "FROM alpine\nRUN apk add --no-cache curl\n");
    FIRES("FROM alpine\nRUN apk update && apk add --update-cache curl git\n", "FROM alpine\nRUN apk add --no-cache curl git\n");
    /* a package named like the flag after -- stays */
    FIRES("FROM alpine\nRUN apk add -- -U\n", "FROM alpine\nRUN apk add --no-cache -- -U\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_line_exact),
        cmocka_unit_test(test_fires_forms),
        cmocka_unit_test(test_drops_update_and_rm),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_later_runs_keep_the_index),
        cmocka_unit_test(test_breaks_later_rm_without_f),
        cmocka_unit_test(test_update_flag_goes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
