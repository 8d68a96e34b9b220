/*
 * test_image.c - what a stage is for (passes/image.c df_doc_mark_uses,
 * df_doc_toolchain_image): the review classes of issue 11 where a
 * maintainer rejects a size fix because the stage is not the image that
 * ships to production. Each case runs the size rules through df_run and
 * checks the exact output and the reason the fix is only shown.
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

/* Run the rules named in ids (NULL-terminated) on text: the output must be
 * want, and each finding's fix description (or message, when it has no
 * fix) must hold `held` when given, or lack "not applied" when NULL. The
 * output is a fixed point. */
static void expect(const char *text, const char *const *ids, const char *want, const char *held)
{
    df_options o;
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++) {
        o.enabled[i] = false;
        for (size_t k = 0; ids[k]; k++)
            if (strcmp(df_rules[i]->id, ids[k]) == 0)
                o.enabled[i] = true;
    }
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", text, strlen(text), &o, NULL, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    size_t n = 0;
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        if (d->round != 0)
            continue;
        n++;
        const char *s = d->fix ? d->fix->description : d->message;
        if (held && !strstr(s, held))
            fail_msg("input:\n%s\n%s: %s lacks \"%s\"", text, d->rule->id, s, held);
        if (!held && strstr(s, "not applied"))
            fail_msg("input:\n%s\n%s: %s is not applied", text, d->rule->id, s);
    }
    if (n == 0)
        fail_msg("input:\n%s\nno finding", text);
    df_run_result again;
    assert_int_equal(df_run("Dockerfile", want, strlen(want), &o, NULL, &again), 0);
    assert_false(again.changed);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

static const char *const size_rules[] = {"DF003", "DF004", "DF007", "DF008", "DF009", NULL};

#define DEV_HELD "is a development environment"

/* Review class development-stage-gets-size-fixes (dockersamples
 * catalog-service-node: stage dev, "used to run the application in a
 * development environment", `npm cache clean --force` only in final;
 * dockersamples simspace pulse: "Development stage: full toolchain + dev
 * deps + source, for docker compose"): a target people develop in keeps
 * its caches; the production stage beside it is still fixed. Known by the
 * name (dev, development, frankenphp_dev, dev-envs; not dev-deps,
 * dev-image, build-dev) or by the
 * comment above its FROM, read across its lines; not when a stage built
 * FROM it ships as anything else (zulip's base stage). */
static void test_development_stage(void **state)
{
    (void)state;
    const char *cat = "FROM node:22-slim AS base\nWORKDIR /app\nCOPY package.json ./\n"
                      "FROM base AS dev\nRUN npm install\nCMD [\"yarn\", \"dev\"]\n"
                      "FROM base AS final\nRUN npm ci && npm cache clean --force\nCOPY src src\nCMD [\"node\", \"src\"]\n";
    expect(cat, size_rules, cat, "the stage dev is a development environment (by its name)");
    /* the same stage named otherwise is an image of its own: fixed */
    const char *web = "FROM node:22-slim AS base\nWORKDIR /app\nCOPY package.json ./\n"
                      "FROM base AS web\nRUN npm install\nCMD [\"yarn\", \"dev\"]\n"
                      "FROM base AS final\nRUN npm ci && npm cache clean --force\nCOPY src src\nCMD [\"node\", \"src\"]\n";
    expect(web, size_rules,
           "FROM node:22-slim AS base\nWORKDIR /app\nCOPY package.json ./\n"
           "FROM base AS web\nRUN npm install && npm cache clean --force\nCMD [\"yarn\", \"dev\"]\n"
           "FROM base AS final\nRUN npm ci && npm cache clean --force\nCOPY src src\nCMD [\"node\", \"src\"]\n",
           NULL);
    /* by the comment above its FROM, whose phrase runs over two lines */
    const char *said = "FROM python:3.12-slim AS base\nRUN pip install --no-cache-dir flask\n"
                       "###\n# This stage runs the application in a development\n# environment, watching for changes.\n###\n"
                       "FROM base AS web\nRUN pip install watchdog\nCMD [\"flask\", \"run\", \"--reload\"]\n"
                       "FROM base AS final\nCOPY . .\nCMD [\"gunicorn\", \"app:app\"]\n";
    expect(said, size_rules, said, "stage 2 (web) is a development environment (the comment above its FROM says so)");
    /* ... unless the comment says it is not one */
    const char *not = "FROM python:3.12-slim\n# This is not a development environment: production only.\n"
                      "FROM python:3.12-slim AS web\nRUN pip install flask\nCMD [\"gunicorn\", \"app:app\"]\n";
    expect(not, size_rules,
           "FROM python:3.12-slim\n# This is not a development environment: production only.\n"
           "FROM python:3.12-slim AS web\nRUN pip install --no-cache-dir flask\nCMD [\"gunicorn\", \"app:app\"]\n",
           NULL);
    /* a name's word, after an underscore; apk's index stays too */
    const char *fp = "FROM alpine:3.20 AS frankenphp_dev\nRUN apk add git\nCMD [\"sh\"]\n"
                     "FROM alpine:3.20 AS frankenphp_prod\nRUN apk add --no-cache php\nCMD [\"php\"]\n";
    expect(fp, size_rules, fp, "the stage frankenphp_dev is a development environment");
    /* a word after the dev word names something else (dev-deps, dev-image:
     * pytorch/serve's image built from source); build-dev builds */
    const char *const others[] = {"dev-deps", "dev-image", "build-dev"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        char in[256], want[256];
        snprintf(in, sizeof in, "FROM python:3.12-slim AS %s\nRUN pip install pytest\nCMD [\"pytest\"]\n", others[i]);
        snprintf(want, sizeof want, "FROM python:3.12-slim AS %s\nRUN pip install --no-cache-dir pytest\nCMD [\"pytest\"]\n",
                 others[i]);
        expect(in, size_rules, want, NULL);
    }
    /* Docker's name, its dev word first */
    const char *envs = "FROM python:3.12-slim AS DEV-ENVS\nRUN pip install pytest\nCMD [\"pytest\"]\n";
    expect(envs, size_rules, envs, "the stage DEV-ENVS is a development environment (by its name)");
    /* headed as a development image, but the production stage is built
     * FROM it (zulip/docker-zulip): its layers ship, its fixes apply */
    const char *zulip = "# In the first stage, we build a development environment image.\n"
                        "FROM debian:bookworm AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
                        "FROM base\nCMD [\"curl\"]\n";
    expect(zulip, size_rules,
           "# In the first stage, we build a development environment image.\n"
           "FROM debian:bookworm AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
           "FROM base\nCMD [\"curl\"]\n",
           NULL);
    /* --fix-build-stages does not reach a development stage */
    df_options o;
    df_options_default(&o);
    o.fix_build_stages = true;
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", cat, strlen(cat), &o, NULL, &res), 0);
    assert_string_equal(res.output.data, cat);
    df_run_result_release(&res);
}

/* Review class dev-envs-called-build-only: a stage named dev-envs that is
 * not the last (Docker Dev Environments build it as a target) was "a
 * build-only stage" in DF003/DF004's messages and "not in the last
 * stage's image" in the others'; it is a development environment, as the
 * last dev-envs stage is. The stage after it is still fixed: the file is
 * not an environment as a whole. */
static void test_dev_envs_stage_not_last(void **state)
{
    (void)state;
    const char *in = "FROM debian:bookworm AS dev-envs\nRUN apt-get update && apt-get install -y git\n"
                     "RUN pip install requests\nCMD [\"npm\", \"start\"]\n"
                     "FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
                     "CMD [\"curl\"]\n";
    const char *const dev_only[] = {"DF008", NULL};
    expect(in, dev_only, in, "the stage dev-envs is a development environment (by its name)");
    df_options o;
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++)
        o.enabled[i] = strcmp(df_rules[i]->id, "DF003") == 0 || strcmp(df_rules[i]->id, "DF004") == 0;
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_string_equal(res.output.data,
                        "FROM debian:bookworm AS dev-envs\nRUN apt-get update && apt-get install -y git\n"
                        "RUN pip install requests\nCMD [\"npm\", \"start\"]\n"
                        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
                        "CMD [\"curl\"]\n");
    size_t dev = 0;
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        if (d->round != 0 || !d->fix)
            continue;
        assert_null(strstr(d->fix->description, "build-only stage"));
        if (strstr(d->fix->description, "the stage dev-envs is a development environment"))
            dev++;
    }
    assert_int_equal(dev, 2); /* DF003 and DF004 on line 2 */
    df_run_result_release(&res);
}

/* Review class throwaway-job-stage (run 14, apps 504, uptime-kuma's
 * upload-artifact): the last stage sets no command, nor does any stage of
 * its image, while other stages set theirs, and a RUN reads a credential
 * ARG: the build runs an upload, the image is thrown away. Without one of
 * those signs the last stage is the image and is fixed. */
static void test_job_stage_last(void **state)
{
    (void)state;
    const char *const apt[] = {"DF003", "DF004", NULL};
    const char *head = "FROM node:22 AS release\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n"
                       "FROM node:22 AS upload-artifact\nRUN apt-get update && apt-get install -y --no-install-recommends file\n"
                       "COPY --from=release /app /app\nARG VERSION\nARG GITHUB_TOKEN\n";
    char in[1024], want[1024];
    snprintf(in, sizeof in, "%sRUN /app/upload.sh token=$GITHUB_TOKEN tag=$VERSION\n", head);
    expect(in, apt, in, "the stage upload-artifact runs a job: a RUN reads the credential ARG GITHUB_TOKEN");
    snprintf(in, sizeof in, "%sRUN /app/upload.sh \"token=${GITHUB_TOKEN}\"\n", head);
    expect(in, apt, in, "runs a job");
    const char *fixed = "FROM node:22 AS release\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n"
                        "FROM node:22 AS upload-artifact\nRUN apt-get update && apt-get install -y --no-install-recommends file && rm -rf /var/lib/apt/lists/*\n"
                        "COPY --from=release /app /app\nARG VERSION\nARG GITHUB_TOKEN\n";
    /* no RUN reads the credential (GITHUB_TOKENS is another variable) */
    snprintf(in, sizeof in, "%sRUN /app/upload.sh tag=$VERSION $GITHUB_TOKENS\n", head);
    snprintf(want, sizeof want, "%sRUN /app/upload.sh tag=$VERSION $GITHUB_TOKENS\n", fixed);
    expect(in, apt, want, NULL);
    /* the last stage has a command: it is the image */
    snprintf(in, sizeof in, "%sRUN /app/upload.sh $GITHUB_TOKEN\nCMD [\"node\"]\n", head);
    snprintf(want, sizeof want, "%sRUN /app/upload.sh $GITHUB_TOKEN\nCMD [\"node\"]\n", fixed);
    expect(in, apt, want, NULL);
    /* no other stage sets a command: the last stage inherits its base's */
    const char *alone = "FROM node:22\nARG NPM_TOKEN\nRUN apt-get update && apt-get install -y --no-install-recommends file\n"
                        "RUN echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > .npmrc\n";
    expect(alone, apt,
           "FROM node:22\nARG NPM_TOKEN\nRUN apt-get update && apt-get install -y --no-install-recommends file && rm -rf /var/lib/apt/lists/*\n"
           "RUN echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > .npmrc\n",
           NULL);
}

/* Review class build-environment-from-comment (run 14, apps 402,
 * apache/plc4x: "This is the image we'll use to execute the build" above
 * FROM azul/zulu-openjdk:21 as build, the only stage): a toolchain image,
 * as a CI image: DF004's fix is advice. A builder stage so headed whose
 * artifacts go into an application stage leaves the application one
 * (google/fhir-access-proxy). */
static void test_build_environment_from_comment(void **state)
{
    (void)state;
    const char *const df004[] = {"DF004", NULL};
    const char *in = "# This is the image we'll use to execute the build (and give it the name 'build').\n"
                     "FROM azul/zulu-openjdk:21 as build\nRUN apt-get update && apt-get install -y make git\n";
    expect(in, df004, in, "this image is a toolchain others build with");
    const char *app = "# Image for building and running tests against the source code.\n"
                      "FROM maven:3.9 AS build\nRUN mvn package\n"
                      "FROM debian:bookworm\nCOPY --from=build /target/app.jar /app.jar\n"
                      "RUN apt-get update && apt-get install -y gcc\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n";
    expect(app, df004,
           "# Image for building and running tests against the source code.\n"
           "FROM maven:3.9 AS build\nRUN mvn package\n"
           "FROM debian:bookworm\nCOPY --from=build /target/app.jar /app.jar\n"
           "RUN apt-get update && apt-get install --no-install-recommends -y gcc libc6-dev\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n",
           NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_development_stage),
        cmocka_unit_test(test_dev_envs_stage_not_last),
        cmocka_unit_test(test_job_stage_last),
        cmocka_unit_test(test_build_environment_from_comment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
