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

/* The word apk split by a continuation: only the logical line holds it
 * (the file's bytes do not), at any joint, one-byte segments too. */
static void test_fires_word_split_by_continuation(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN ap\\\nk add x\n", "FROM a\nRUN ap\\\nk add --no-cache x\n");
    FIRES("FROM a\nRUN a\\\npk add x\n", "FROM a\nRUN a\\\npk add --no-cache x\n");
    FIRES("FROM a\nRUN a\\\np\\\nk add x\n", "FROM a\nRUN a\\\np\\\nk add --no-cache x\n");
    FIRES("FROM a\nRUN echo; a\\\n\\\npk add x\n", "FROM a\nRUN echo; a\\\n\\\npk add --no-cache x\n");
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

/* Advice at the `apk update` that keeps the index: the text is unchanged,
 * one finding, no fix, naming `where` (who installs with the index). */
static void advice(const char *text, const char *where)
{
    df_run_result res;
    run(&res, text, false);
    if (res.changed || res.diags.n != 1)
        fail_msg("input:\n%s\nchanged %d, %zu findings, want one piece of advice", text, res.changed, res.diags.n);
    const df_diag *d = res.diags.v[0];
    assert_null(d->fix);
    assert_string_equal(d->rule->id, RULE);
    assert_int_equal(strncmp(d->message, "apk update keeps the package index", 34), 0);
    if (!strstr(d->message, where))
        fail_msg("message: %s\nwant: %s", d->message, where);
    assert_int_equal(d->span.start, strstr(text, "apk update") - text);
    assert_int_equal(d->span.end, strstr(text, "apk update") - text + 10);
    df_run_result_release(&res);
}

/* ---- the RUN's own update dropped ---------------------------------------- */

static void test_drops_update(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN apk update && apk add x\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk update; apk add x\n", "FROM a\nRUN apk add --no-cache x\n");
    FIRES("FROM a\nRUN apk update && \\\n    apk add curl git && \\\n    echo done\n",
          "FROM a\nRUN apk add --no-cache curl git && \\\n    echo done\n");
    /* leading && */
    FIRES("FROM a\nRUN apk update \\\n && apk add --virtual .deps gcc \\\n && make \\\n && apk del .deps\n",
          "FROM a\nRUN apk add --no-cache --virtual .deps gcc \\\n && make \\\n && apk del .deps\n");
    /* an earlier `RUN apk update` does not count when the RUN updates itself */
    FIRES("FROM alpine\nRUN apk update\nRUN apk update && apk add curl\n",
          "FROM alpine\nRUN apk update\nRUN apk add --no-cache curl\n");
}

/* The update stays (an || before it, a comment in the text to remove, a
 * pipeline, an upgrade that reads the index): the index is in the layer
 * whatever the add does, so --no-cache on the add would save nothing and
 * would not reach its goal (issue #11). Advice at the update instead. */
static void test_update_kept_advice_not_no_cache(void **state)
{
    (void)state;
    advice("FROM a\nRUN false || apk update && apk add x\n", "an apk add later in this RUN");
    /* (an upgrade no longer keeps it: it gets --no-cache with the adds,
     * test_df007_apk_update_keeps_index) */
    advice("FROM a\nRUN apk update && \\\n    # tools\n    apk add x\n", "an apk add later in this RUN");
    advice("FROM a\nRUN apk update | cat && apk add x\n", "an apk add later in this RUN");
    /* --update fetches anew, but the kept update stores the index all the
     * same: --no-cache there would save nothing (review pre9, laradock) */
    advice("FROM a\nRUN false || apk update && apk add --update x\n", "an apk add later in this RUN");
}

/* Review run 6 (jaimebuelta django template, google/docsy): `RUN apk
 * update` in its own RUN, `RUN apk add x` after it. The add reads the
 * index of the earlier layer and stores nothing; --no-cache there saves
 * nothing. Silent at the add, advice at the update (DF003 does the same
 * for apt). */
static void test_separate_apk_update_run(void **state)
{
    (void)state;
    advice("FROM alpine:3.7\nRUN apk update\nRUN apk add git\n", "the RUN at line 3 installs with it");
    advice("FROM alpine\nRUN apk update\n# tools\nRUN apk add python3\nRUN apk add py3-pip\n",
           "the RUN at line 4 installs with it");
    /* the update of a stage the add is built FROM counts too */
    advice("FROM alpine AS base\nRUN apk update\nFROM base\nRUN apk add git\n", "a RUN of a stage built on this one");
    /* an add with --update fetches and stores the index again: fixed, and
     * the update RUN has no reader left */
    FIRES("FROM alpine\nRUN apk update\nRUN apk add --update curl\n",
          "FROM alpine\nRUN apk update\nRUN apk add --no-cache curl\n");
    /* an update in another stage (not a base) does not count */
    expect("FROM alpine AS a\nRUN apk update\nFROM alpine\nRUN apk add git\n",
           "FROM alpine AS a\nRUN apk update\nFROM alpine\nRUN apk add --no-cache git\n", 1);
    /* an update the fix drops does not count: the ONBUILD add (no reader
     * of this index) is fixed in the same round */
    expect("FROM alpine\nRUN apk update && apk add x\nONBUILD RUN apk add y\n",
           "FROM alpine\nRUN apk add --no-cache x\nONBUILD RUN apk add --no-cache y\n", 2);
    {
        df_run_result res;
        run(&res, "FROM alpine\nRUN apk update && apk add x\nONBUILD RUN apk add y\n", false);
        for (size_t i = 0; i < res.diags.n; i++)
            assert_int_equal(res.diags.v[i]->round, 0);
        df_run_result_release(&res);
    }
    /* the update removes its own index: nothing kept, the later add fires */
    FIRES("FROM alpine\nRUN apk update && rm -rf /var/cache/apk/*\nRUN apk add git\n",
          "FROM alpine\nRUN apk update && rm -rf /var/cache/apk/*\nRUN apk add --no-cache git\n");
}

/* Review run 6 (apache/rocketmq-operator): the author removes
 * /var/cache/apk after the add in the same RUN, so the layer keeps no
 * index and --no-cache saves nothing. Silent: the author's cleanup is never
 * deleted, and no churn is proposed. */
static void test_author_cache_cleanup_kept_silent(void **state)
{
    (void)state;
    SILENT("FROM a\nRUN apk add x && rm -rf /var/cache/apk/*\n");
    SILENT("FROM a\nRUN apk add x && rm -rf /var/cache/apk/* && echo ok\n");
    SILENT("FROM a\nRUN apk add x && rm -rf /var/cache/apk/* /tmp/*\n");
    SILENT("FROM a\nRUN apk update && \\\n    apk add curl git && \\\n    rm -rf /var/cache/apk/*\n");
    SILENT("FROM a\nRUN apk add curl && rm /var/cache/apk/*\n");
    SILENT("FROM openjdk:8-alpine\nRUN set -eux; \\\n    apk add --virtual .build-deps curl gnupg unzip; \\\n"
           "    curl -o r.zip https://example.org/r.zip; \\\n\tapk del .build-deps ; \\\n"
           "    rm -rf /var/cache/apk/* ; \\\n    rm -rf /tmp/*\n");
    /* only the adds before the removal are covered */
    FIRES("FROM a\nRUN apk add x && rm -rf /var/cache/apk/* && apk add y\n",
          "FROM a\nRUN apk add x && rm -rf /var/cache/apk/* && apk add --no-cache y\n");
}

/* Review run 6 (erlang alpine `.erlang-rundeps`, nextcloud fpm-alpine
 * `$runDeps`): an add whose packages an earlier `apk add --no-cache` of the
 * RUN already installed still fetches the index into /var/cache/apk
 * (apk-tools >= 2.10 refreshes an index older than 4 hours when it opens
 * the database for `add`, before it solves anything; the earlier
 * --no-cache add stored none). It fires. */
static void test_rundeps_add_after_no_cache_adds(void **state)
{
    (void)state;
    FIRES("FROM alpine:3.24\nRUN set -xe \\\n\t&& apk add --no-cache --virtual .build-deps gcc \\\n\t&& make \\\n"
          "\t&& apk add --virtual .erlang-rundeps \\\n\t\t$runDeps \\\n\t\tca-certificates \\\n"
          "\t&& apk del .build-deps\n",
          "FROM alpine:3.24\nRUN set -xe \\\n\t&& apk add --no-cache --virtual .build-deps gcc \\\n\t&& make \\\n"
          "\t&& apk add --no-cache --virtual .erlang-rundeps \\\n\t\t$runDeps \\\n\t\tca-certificates \\\n"
          "\t&& apk del .build-deps\n");
    /* --no-network: no index is fetched at all (the docker-library idiom) */
    SILENT("FROM alpine\nRUN apk add --no-cache gcc; apk add --no-network --virtual .rundeps $runDeps; apk del gcc\n");
}

static void test_layouts(void **state)
{
    (void)state;
    /* CRLF */
    FIRES("FROM a\r\nRUN apk update && \\\r\n    apk add x && \\\r\n    echo ok\r\nUSER app\r\n",
          "FROM a\r\nRUN apk add --no-cache x && \\\r\n    echo ok\r\nUSER app\r\n");
    /* heredoc script */
    FIRES("FROM a\nRUN <<EOF\nset -e\napk update\napk add x\necho ok\nEOF\n",
          "FROM a\nRUN <<EOF\nset -e\napk add --no-cache x\necho ok\nEOF\n");
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
                        "add --no-cache (not applied: the stage is not in the last stage's image)");
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
    /* the update stays for the later add: the add of this RUN would save
     * nothing with --no-cache, the finding is the update's */
    advice("FROM alpine\nRUN apk update && apk add curl\n# dfopt ignore=DF007\nRUN apk add gcc\n",
           "an apk add later in this RUN");
    advice("FROM alpine AS base\nRUN apk update && apk add curl\nFROM base AS build\nRUN apk add gcc\n"
           "FROM base\nCOPY --from=build /x /x\n",
           "an apk add later in this RUN");
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
    FIRES("FROM alpine\nRUN apk add curl\nRUN echo x || rm /var/cache/apk/*\n",
          "FROM alpine\nRUN apk add --no-cache curl\nRUN echo x || rm -f /var/cache/apk/*\n");
    /* each rm once, by the add before it */
    expect("FROM alpine\nRUN apk add curl\nRUN rm -r /var/cache/apk/*\nRUN apk add git\nRUN rm /var/cache/apk/*\n",
            "FROM alpine\nRUN apk add --no-cache curl\nRUN rm -f -r /var/cache/apk/*\nRUN apk add --no-cache git\n"
            "RUN rm -f /var/cache/apk/*\n", 2);
    /* after the add in its own RUN: the add keeps nothing and is silent,
     * the rm stays as written */
    SILENT("FROM alpine\nRUN apk add curl && rm /var/cache/apk/*\n");
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

/* review of 2026-12-04 (varnish old/alpine): `abuild -r`, run as the
 * builder through su, installs makedepends with apk add and no
 * --no-cache: the index lands in the layer whatever the adds of the RUN
 * say, before it or after it. */
/* Class "DF007 apk-update-keeps-index" (review pre9, apps 191: laradock
 * nginx): `apk update && apk upgrade && apk --update add x`: the update
 * keeps the index whatever one add says. The whole RUN is fixed (the
 * upgrade gets --no-cache too, the update goes), or nothing is. */
static void test_df007_apk_update_keeps_index(void **state)
{
    (void)state;
    const char *in = "FROM nginx:alpine\nRUN apk update \\\n    && apk upgrade \\\n    && apk --update add logrotate \\\n"
                     "    && apk add --no-cache openssl\n";
    FIRES(in, "FROM nginx:alpine\nRUN apk upgrade --no-cache \\\n    && apk add --no-cache logrotate \\\n"
              "    && apk add --no-cache openssl\n");
    df_run_result res;
    run(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0]->fix->description, "add --no-cache, also to apk upgrade, and drop apk update");
    df_run_result_release(&res);
    /* the update cannot go (apk info reads the index): no add saves
     * anything, --update or not; the update gets the advice */
    advice("FROM alpine:3.19\nRUN apk update && apk info -a musl && apk --update add logrotate\n",
           "an apk add later in this RUN");
}

/* Class "DF007 apk-no-update-no-saving" (review pre9, apps 131:
 * jaimebuelta/django-docker-template docker/db, alpine:3.7): before Alpine
 * 3.8 a plain add stores no index, so --no-cache saves nothing there. */
static void test_df007_apk_no_update_no_saving(void **state)
{
    (void)state;
    SILENT("FROM alpine:3.7\nRUN apk --update add bash && rm -rf /var/cache/apk/*\n"
           "RUN apk add --no-cache --virtual .b gcc && apk add --virtual .rundeps $runDeps && apk del .b\n");
    SILENT("FROM python:3.6-alpine3.7\nRUN apk add bash\n");
    /* --update there, or an update: stored */
    FIRES("FROM alpine:3.7\nRUN apk add --update bash\n", "FROM alpine:3.7\nRUN apk add --no-cache bash\n");
    FIRES("FROM alpine:3.7\nRUN apk update && apk add bash\n", "FROM alpine:3.7\nRUN apk add --no-cache bash\n");
    /* 3.8 and later store it (apk-tools 2.10's autoupdate) */
    FIRES("FROM alpine:3.8\nRUN apk add bash\n", "FROM alpine:3.8\nRUN apk add --no-cache bash\n");
    FIRES("FROM python:3.12-alpine3.20\nRUN apk add bash\n", "FROM python:3.12-alpine3.20\nRUN apk add --no-cache bash\n");
    /* an earlier --update add cached an index its own fix takes away: the
     * plain add needs --no-cache to fetch one (django-docker-template) */
    expect("FROM alpine:3.7\nRUN apk add --update bash\nRUN apk add --virtual .rundeps $runDeps\n",
           "FROM alpine:3.7\nRUN apk add --no-cache bash\nRUN apk add --no-cache --virtual .rundeps $runDeps\n", 2);
    /* an upgrade that read no index on 3.7 is left as it was */
    FIRES("FROM alpine:3.7\nRUN apk upgrade && apk add -U bash\n", "FROM alpine:3.7\nRUN apk upgrade && apk add --no-cache bash\n");
}

static void test_abuild_stores_the_index(void **state)
{
    (void)state;
    SILENT("FROM a\nRUN set -ex; apk add --update alpine-sdk; su builder -c \"abuild -r\"; "
           "apk add --allow-untrusted /home/builder/packages/x/*.apk\n");
    SILENT("FROM a\nRUN apk add curl && abuild -r\n");
    SILENT("FROM a\nRUN /usr/bin/abuild -r && apk add curl\n");
    /* su running something else, or abuild only named in a string */
    FIRES("FROM a\nRUN apk add curl && su b -c \"echo abuild\"\n",
          "FROM a\nRUN apk add --no-cache curl && su b -c \"echo abuild\"\n");
    FIRES("FROM a\nRUN apk add curl && echo abuild\n", "FROM a\nRUN apk add --no-cache curl && echo abuild\n");
}

/* Class "apk-index-needed-later" (review H, apps 490: laradock
 * php-worker). A later apk call that reads the cached index and gets no
 * --no-cache itself (silent because an `apk update` in an `if` branch of
 * an earlier layer may have fetched one) read the index this RUN keeps:
 * with --no-cache here it fetches and stores the index in its own layer
 * (Alpine 3.8+), or finds none and fails ("no such package", older
 * apk-tools). The fix waits: the finding says where the reader is. */
static void waits_out(const char *text, const char *want, const char *at, const char *where)
{
    df_run_result res;
    run(&res, text, false);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    const df_diag *d = NULL;
    for (size_t i = 0; i < res.diags.n; i++)
        if ((size_t)(strstr(text, at) - text) == res.diags.v[i]->span.start)
            d = res.diags.v[i];
    if (!d)
        fail_msg("input:\n%s\nno finding at %s", text, at);
    assert_null(d->fix);
    assert_int_equal(strncmp(d->message, MSG " (no automatic fix: ", strlen(MSG) + 20), 0);
    if (!strstr(d->message, where))
        fail_msg("message: %s\nwant: %s", d->message, where);
    df_run_result_release(&res);
}

#define waits(text, at, where) waits_out((text), (text), (at), (where))

static void test_df007_apk_index_needed_later(void **state)
{
    (void)state;
    /* a later RUN: the add there is silent (the update in the `if` may
     * have run), and without it reads this RUN's index */
    const char *later = "FROM alpine:3.20\nRUN apk --update add curl\n"
                        "RUN if [ \"$P\" = true ]; then apk update && pecl install x; fi\n"
                        "RUN if [ \"$I\" = true ]; then apk add icu-dev; fi\n";
    waits(later, "apk --update add curl", "the apk add at line 4, run only under a condition, reads that index");
    /* later in the same RUN: `apk add --allow-untrusted x.apk unixodbc-dev`
     * resolves unixodbc-dev from the index `--update` stored */
    waits("FROM alpine:3.20\nRUN if [ \"$P\" = true ]; then apk update; fi\n"
          "RUN apk add --update gnupg; \\\n    apk add --allow-untrusted ./x.apk unixodbc-dev\n",
          "apk add --update gnupg", "the apk add at line 4 of this RUN");
    /* a stage built on this one */
    waits("FROM alpine:3.20 AS base\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
          "FROM base\nRUN apk add jq\n",
          "apk --update add curl", "a RUN of a stage built on this one");
    /* an apk info/search never fetches an index itself */
    waits("FROM alpine:3.20\nRUN apk add --update curl\nRUN apk search -v jq\n", "apk add --update curl",
          "the apk search at line 3 reads that index and fetches none itself;");
    /* once an earlier layer keeps an index that always lands, the reader
     * finds that one: a later RUN's fix no longer takes it away */
    waits_out("FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$B\" ]; then apk --update add b; fi\n"
              "RUN if [ -n \"$P\" ]; then apk update; fi\nRUN apk add jq\n",
              "FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$B\" ]; then apk add --no-cache b; fi\n"
              "RUN if [ -n \"$P\" ]; then apk update; fi\nRUN apk add jq\n",
              "apk --update add curl", "the apk add at line 5 reads that index");
    /* ... unless a RUN between removes it */
    waits("FROM alpine:3.20\nRUN apk --update add curl\nRUN rm -rf /var/cache/apk/*\n"
          "RUN if [ -n \"$B\" ]; then apk --update add b; fi\n"
          "RUN if [ -n \"$P\" ]; then apk update; fi\nRUN apk add jq\n",
          "apk --update add b", "the apk add at line 6 reads that index");
    /* an update (or --update) that always runs refreshes the index for
     * the rest of its RUN; one in an `if` branch for the rest of that
     * branch: neither RUN reads the index of line 2 */
    expect("FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
           "RUN apk update; apk search jq\n",
           "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
           "RUN apk update; apk search jq\n", 1);
    waits_out("FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
              "RUN if [ -n \"$M\" ]; then apk add --update gnupg; apk add ./x.apk unixodbc-dev; fi\n",
              "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
              "RUN if [ -n \"$M\" ]; then apk add --update gnupg; apk add ./x.apk unixodbc-dev; fi\n",
              "apk add --update gnupg", "the apk add at line 4 of this RUN");
    /* the reader gets --no-cache from the same run, or fetches its own
     * index, or an update that always runs comes first: the fix applies */
    expect("FROM alpine:3.20\nRUN apk --update add curl\nRUN apk add jq\n",
           "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk add --no-cache jq\n", 2);
    expect("FROM alpine:3.20\nRUN apk add --update gnupg; \\\n    apk add --allow-untrusted ./x.apk unixodbc-dev\n",
           "FROM alpine:3.20\nRUN apk add --no-cache gnupg; \\\n    apk add --no-cache --allow-untrusted ./x.apk "
           "unixodbc-dev\n", 2);
    FIRES("FROM alpine:3.20\nRUN apk --update add curl\nRUN apk add --no-cache jq\n",
          "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk add --no-cache jq\n");
    FIRES("FROM alpine:3.20\nRUN apk --update add curl\nRUN apk -U add jq && rm -rf /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk -U add jq && rm -rf /var/cache/apk/*\n");
}

/* The waiting add's message names its readers truthfully (review run 12,
 * laradock php-worker): the first, whether it runs only under a condition,
 * and how many more RUNs read. Once the first RUN waits, a later RUN's
 * `apk add --update gnupg` gets --no-cache, and the add after it in its
 * branch reads the first RUN's index: it is the first reader. */
static void test_df007_index_readers_named(void **state)
{
    (void)state;
    const char *mssql = "FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
                        "RUN if [ -n \"$M\" ]; then apk add --update gnupg; apk add ./x.apk unixodbc-dev; fi\n"
                        "RUN if [ -n \"$I\" ]; then apk add icu-dev; fi\n";
    waits_out(mssql,
              "FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
              "RUN if [ -n \"$M\" ]; then apk add --no-cache gnupg; apk add ./x.apk unixodbc-dev; fi\n"
              "RUN if [ -n \"$I\" ]; then apk add icu-dev; fi\n",
              "apk --update add curl",
              "the apk add at line 4, run only under a condition, and 1 more RUN read that index and fetch none "
              "themselves; with --no-cache here it would store the index in its own layer, or fail before Alpine "
              "3.8: give them --no-cache too)");
    /* several more, the first always runs */
    waits("FROM alpine:3.20\nRUN apk --update add curl\nRUN if [ -n \"$P\" ]; then apk update; fi\n"
          "RUN apk add jq\nRUN apk info -e jq\nRUN if [ -n \"$I\" ]; then apk add icu-dev; fi\n",
          "apk --update add curl", "the apk add at line 4 and 2 more RUNs read that index and fetch none themselves;");
}

/* Class "DF007 apk-upgrade-keeps-index" (review run 16, apps 008:
 * finn-no node-docker Dockerfile.base): `apk upgrade -U` (or after an `apk
 * update` of its RUN, or on Alpine 3.8+ with no fresh index from an earlier
 * layer) stores the index in /var/cache/apk like an add, and with no add
 * of its RUN firing nothing said so. One finding at the upgrade, the exact
 * fix in `desc`; a fixed point. */
#define UPG_MSG "apk upgrade without --no-cache keeps the package index in /var/cache/apk"
static void upgrade_fires(const char *text, const char *want, const char *desc)
{
    df_run_result res;
    run_to(&res, text, want, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->rule->id, RULE);
    assert_string_equal(d->message, UPG_MSG);
    /* at the upgrade: the last `apk` before the word upgrade */
    const char *up = strstr(text, "upgrade"), *at = NULL;
    for (const char *p = strstr(text, "apk "); p && p < up; p = strstr(p + 1, "apk "))
        at = p;
    assert_non_null(at);
    assert_int_equal(d->span.start, at - text);
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, desc);
    fixed_point(want);
    df_run_result_release(&res);
}

static void test_df007_apk_upgrade_keeps_index(void **state)
{
    (void)state;
    /* finn-no: the upgrade fetches the index, the add already has --no-cache */
    upgrade_fires("FROM node:20-alpine\nRUN apk upgrade -U && \\\n    apk add --no-cache dumb-init bash && \\\n"
                  "    update-ca-certificates\n",
                  "FROM node:20-alpine\nRUN apk upgrade --no-cache && \\\n    apk add --no-cache dumb-init bash && \\\n"
                  "    update-ca-certificates\n",
                  "upgrade --no-cache");
    upgrade_fires("FROM alpine:3.20\nRUN apk upgrade --update\n", "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
                  "upgrade --no-cache");
    upgrade_fires("FROM alpine:3.20\nRUN apk -U upgrade --available\n",
                  "FROM alpine:3.20\nRUN apk upgrade --no-cache --available\n", "upgrade --no-cache");
    /* after the RUN's own update, which goes with the fix */
    upgrade_fires("FROM alpine:3.20\nRUN apk update && \\\n    apk upgrade && \\\n    apk add --no-cache curl\n",
                  "FROM alpine:3.20\nRUN apk upgrade --no-cache && \\\n    apk add --no-cache curl\n",
                  "upgrade --no-cache, and drop apk update");
    upgrade_fires("FROM alpine:3.7\nRUN apk update && apk upgrade\n", "FROM alpine:3.7\nRUN apk upgrade --no-cache\n",
                  "upgrade --no-cache, and drop apk update");
    /* a plain upgrade on Alpine 3.8+ refreshes a missing index (autoupdate) */
    upgrade_fires("FROM alpine:3.20\nRUN apk upgrade\n", "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
                  "upgrade --no-cache");
    /* silent: --no-cache already, the RUN removes the cache after it, a
     * plain upgrade before Alpine 3.8, one that reads a fresh index an
     * earlier layer keeps (the advice is the update's) */
    SILENT("FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add --no-cache curl\n");
    SILENT("FROM alpine:3.20\nRUN apk upgrade -U && rm -rf /var/cache/apk/*\n");
    SILENT("FROM alpine:3.7\nRUN apk upgrade\n");
    advice("FROM alpine:3.20\nRUN apk update\nRUN apk upgrade\n", "the RUN at line 3 installs with it");
    /* the update stays for a later RUN's add: that RUN is named, not the
     * upgrade beside the update (TechEmpower serverino) */
    advice("FROM alpine:3.20\nRUN apk update && apk upgrade\nRUN apk add gcc\n", "the RUN at line 3 installs with it");
    /* an update the fix cannot drop keeps the index: advice there */
    advice("FROM alpine:3.20\nRUN true || apk update && apk upgrade\n", "an apk upgrade later in this RUN");
    /* a later reader of the index that fetches none: no fix, the reader named */
    df_run_result res;
    const char *in = "FROM alpine:3.20\nRUN apk upgrade -U\nRUN apk search -v jq\n";
    run(&res, in, false);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 1);
    assert_null(res.diags.v[0]->fix);
    assert_int_equal(strncmp(res.diags.v[0]->message, UPG_MSG " (no automatic fix: the apk search at line 3 reads",
                             strlen(UPG_MSG) + 50), 0);
    df_run_result_release(&res);
    /* an add that fires carries the upgrade in its own fix, as before */
    FIRES("FROM alpine:3.20\nRUN apk upgrade -U && apk add curl\n",
          "FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add --no-cache curl\n");
}

/* rm-f-without-effect (review run 12, laradock php-worker): after the
 * fix, an apk call that always runs before the bare rm still fills
 * /var/cache/apk, so the glob matches and `-f` would change nothing. The
 * -f stays where the folder may be empty. */
static void test_rm_f_without_effect(void **state)
{
    (void)state;
    /* an update with no add in its RUN stays */
    FIRES("FROM alpine:3.20\nRUN apk update\nRUN apk add --update curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\nRUN rm /var/cache/apk/*\n");
    /* an --update add whose fix waits for a later reader (laradock) */
    waits_out("FROM alpine:3.20\nRUN apk --update add wget; \\\n  if [ -n \"$X\" ]; then apk --update add b; fi\n"
              "RUN if [ \"$P\" = true ]; then apk update; fi\nRUN if [ -n \"$I\" ]; then apk add icu-dev; fi\n"
              "RUN apk --update add git\nRUN rm /var/cache/apk/* \\\n  && mkdir -p /var/www\n",
              "FROM alpine:3.20\nRUN apk --update add wget; \\\n  if [ -n \"$X\" ]; then apk --update add b; fi\n"
              "RUN if [ \"$P\" = true ]; then apk update; fi\nRUN if [ -n \"$I\" ]; then apk add icu-dev; fi\n"
              "RUN apk add --no-cache git\nRUN rm /var/cache/apk/* \\\n  && mkdir -p /var/www\n",
              "apk --update add wget", "the apk add at line 5, run only under a condition, reads");
    /* a writer earlier in the rm's own RUN, first of a chain or in the
     * `&&` chain that ends the script */
    FIRES("FROM alpine:3.20\nRUN apk add curl\nRUN apk -U add git; rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk -U add git; rm /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN apk update\nRUN apk add --update curl\nRUN set -e && apk upgrade -U && rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\nRUN set -e && apk upgrade -U && rm /var/cache/apk/*\n");
    /* the -f is needed: the writer runs under a condition, after `||`, in
     * a chain that does not end the script, or something between may
     * empty the folder, or the only writer gets --no-cache */
    FIRES("FROM alpine:3.20\nRUN if [ -n \"$X\" ]; then apk update; fi\nRUN apk add --update curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN if [ -n \"$X\" ]; then apk update; fi\nRUN apk add --no-cache curl\nRUN rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN true || apk update\nRUN apk add --update curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN true || apk update\nRUN apk add --no-cache curl\nRUN rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN test -n \"$X\" && apk update; echo\nRUN apk add --update curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN test -n \"$X\" && apk update; echo\nRUN apk add --no-cache curl\n"
          "RUN rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN apk update\nRUN apk add --update curl\nRUN rm -rf /var/cache/*\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\nRUN rm -rf /var/cache/*\n"
          "RUN rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN apk update\nRUN apk add --update curl\nRUN rm -rf $C; rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl\nRUN rm -rf $C; rm -f /var/cache/apk/*\n");
    FIRES("FROM alpine:3.20\nRUN apk add --update curl\nRUN rm /var/cache/apk/*\n",
          "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN rm -f /var/cache/apk/*\n");
    /* a plain add may store nothing (before Alpine 3.8): not a writer */
    expect("FROM alpine:3.20\nRUN apk add curl\nRUN apk add --update git\nRUN rm /var/cache/apk/*\n",
           "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\nRUN rm -f /var/cache/apk/*\n", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_line_exact),
        cmocka_unit_test(test_fires_forms),
        cmocka_unit_test(test_fires_word_split_by_continuation),
        cmocka_unit_test(test_drops_update),
        cmocka_unit_test(test_update_kept_advice_not_no_cache),
        cmocka_unit_test(test_separate_apk_update_run),
        cmocka_unit_test(test_author_cache_cleanup_kept_silent),
        cmocka_unit_test(test_abuild_stores_the_index),
        cmocka_unit_test(test_df007_apk_update_keeps_index),
        cmocka_unit_test(test_df007_apk_no_update_no_saving),
        cmocka_unit_test(test_rundeps_add_after_no_cache_adds),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_later_runs_keep_the_index),
        cmocka_unit_test(test_breaks_later_rm_without_f),
        cmocka_unit_test(test_update_flag_goes),
        cmocka_unit_test(test_df007_apk_index_needed_later),
        cmocka_unit_test(test_df007_index_readers_named),
        cmocka_unit_test(test_rm_f_without_effect),
        cmocka_unit_test(test_df007_apk_upgrade_keeps_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
