/*
 * test_df009.c - DF009 js-cache-kept through df_run(): npm, yarn (classic
 * and 2+) and pnpm installs, where the cleanup lands in every RUN layout,
 * each exemption, build-only stages, pragmas, idempotence.
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
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#define RULE "DF009"

#include "cache_rule_test.h"

/* One finding: its message, severity, fix applicability and description. */
static void one(const char *text, bool unsafe, const char *ctx, const char *msg, df_severity sev,
                df_applicability a, const char *desc, const char *want)
{
    df_run_result res;
    run_ctx(&res, text, false, unsafe, ctx);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, msg);
    assert_int_equal(d->severity, sev);
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, a);
    assert_string_equal(d->fix->description, desc);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("output:\n%.*s\nwant:\n%s", (int)res.output.len, res.output.data, want);
    df_run_result_release(&res);
}

#define NPM_MSG(sub) "npm " sub " without `npm cache clean --force` afterwards keeps the package cache in the layer"

/* ---- fires ------------------------------------------------------------- */

static void test_single_line_exact(void **state)
{
    (void)state;
    const char *in = "FROM node:20\nRUN npm ci && npm run build\n";
    df_run_result res;
    run(&res, in, false);
    assert_string_equal(res.output.data, "FROM node:20\nRUN npm ci && npm run build && npm cache clean --force\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_ptr_equal(d->rule, df_rule_find("DL3060"));
    assert_string_equal(d->message, NPM_MSG("ci"));
    assert_int_equal(d->span.start, strstr(in, "npm ci") - in);
    assert_int_equal(d->span.end, strstr(in, "npm ci") - in + 6);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "append `npm cache clean --force`");
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_fires_managers(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN npm install\n", "FROM a\nRUN npm install && npm cache clean --force\n");
    FIRES("FROM a\nRUN npm i -g pm2\n", "FROM a\nRUN npm i -g pm2 && npm cache clean --force\n");
    FIRES("FROM a\nRUN yarn\n", "FROM a\nRUN yarn && yarn cache clean\n");
    FIRES("FROM a\nRUN yarn --frozen-lockfile && yarn build\n",
          "FROM a\nRUN yarn --frozen-lockfile && yarn build && yarn cache clean\n");
    FIRES("FROM a\nRUN yarn add left-pad\n", "FROM a\nRUN yarn add left-pad && yarn cache clean\n");
    FIRES("FROM a\nRUN yarn global add serve\n", "FROM a\nRUN yarn global add serve && yarn cache clean\n");
    /* one finding per manager, the cleanup after its last install */
    FIRES("FROM a\nRUN npm ci && npm i -g serve && echo ok\n",
          "FROM a\nRUN npm ci && npm i -g serve && echo ok && npm cache clean --force\n");
    expect("FROM a\nRUN npm i -g yarn && yarn install\n",
           "FROM a\nRUN npm i -g yarn && yarn install && npm cache clean --force && yarn cache clean\n", 2);
    /* a cleanup only before the install does not count */
    FIRES("FROM a\nRUN npm cache clean --force && npm ci\n",
          "FROM a\nRUN npm cache clean --force && npm ci && npm cache clean --force\n");
    /* a cleanup between two installs covers only the first */
    FIRES("FROM a\nRUN npm ci && npm cache clean --force && npm i -g x\n",
          "FROM a\nRUN npm ci && npm cache clean --force && npm i -g x && npm cache clean --force\n");
    /* another manager's cleanup does not count */
    FIRES("FROM a\nRUN npm ci && yarn cache clean\n", "FROM a\nRUN npm ci && yarn cache clean && npm cache clean --force\n");
}

static void test_positions(void **state)
{
    (void)state;
    /* after the whole pipeline, never inside it */
    FIRES("FROM a\nRUN npm ci | tee log\n", "FROM a\nRUN npm ci | tee log && npm cache clean --force\n");
    FIRES("FROM a\nRUN sudo npm i -g x\n", "FROM a\nRUN sudo npm i -g x && sudo npm cache clean --force\n");
    FIRES("FROM a\nRUN env CI=1 npm ci\n", "FROM a\nRUN env CI=1 npm ci && npm cache clean --force\n");
    expect("FROM a\nRUN if [ -f yarn.lock ]; then yarn install; else npm ci; fi\n",
           "FROM a\nRUN if [ -f yarn.lock ]; then yarn install && yarn cache clean; else npm ci && npm cache clean --force; fi\n",
           2);
    FIRES("FROM a\nRUN (cd web && npm ci)\n", "FROM a\nRUN (cd web && npm ci && npm cache clean --force)\n");
    /* installs in different lists: after the top-level command of the last */
    FIRES("FROM a\nRUN npm ci && if [ -n \"$X\" ]; then npm i x; fi && echo ok\n",
          "FROM a\nRUN npm ci && if [ -n \"$X\" ]; then npm i x; fi && echo ok && npm cache clean --force\n");
    FIRES("FROM a\nONBUILD RUN npm ci\n", "FROM a\nONBUILD RUN npm ci && npm cache clean --force\n");
}

static void test_layouts(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN npm ci && \\\n    npm run build\n",
          "FROM a\nRUN npm ci && \\\n    npm run build && \\\n    npm cache clean --force\n");
    FIRES("FROM a\nRUN npm ci \\\n  && npm run build\n",
          "FROM a\nRUN npm ci \\\n  && npm run build \\\n  && npm cache clean --force\n");
    FIRES("FROM a\nRUN cd /app && \\\n    npm ci\n", "FROM a\nRUN cd /app && \\\n    npm ci && \\\n    npm cache clean --force\n");
    FIRES("FROM a\r\nRUN npm ci && \\\r\n    npm run build\r\n",
          "FROM a\r\nRUN npm ci && \\\r\n    npm run build && \\\r\n    npm cache clean --force\r\n");
    FIRES("FROM a\nRUN <<EOF\nset -e\nnpm ci\nnpm run build\nEOF\n",
          "FROM a\nRUN <<EOF\nset -e\nnpm ci\nnpm cache clean --force\nnpm run build\nEOF\n");
}

/* discourse_dev: the cleanup went after the install with a line
 * continuation, in the middle of a one-line `(if ...; then yarn install;
 * else pnpm install; fi)` of a multi-line RUN. It stays on that line. */
static void test_layout_inside_one_line_if(void **state)
{
    (void)state;
    expect("FROM a\nRUN cd /app \\\n    && (if [ -f yarn.lock ]; then yarn install; else CI=1 pnpm install; fi)\n",
           "FROM a\nRUN cd /app \\\n    && (if [ -f yarn.lock ]; then yarn install && yarn cache clean; else CI=1 pnpm install; "
           "fi)\n",
           1);
    /* operators at line ends, a subshell: same */
    FIRES("FROM a\nRUN cd /app && \\\n    (npm ci; npm run build) && \\\n    echo ok\n",
          "FROM a\nRUN cd /app && \\\n    (npm ci && npm cache clean --force; npm run build) && \\\n    echo ok\n");
    /* the if spread over lines: the cleanup gets its own line as before */
    FIRES("FROM a\nRUN if [ -f yarn.lock ]; then \\\n      yarn install; \\\n    fi\n",
          "FROM a\nRUN if [ -f yarn.lock ]; then \\\n      yarn install && \\\n    yarn cache clean; \\\n    fi\n");
}

/* discourse_dev: "# Warm global yarn cache": the RUN exists to fill the
 * cache (a dev image wants the next install fast). Cleaning it undoes the
 * author's purpose: silent. */
static void test_cache_warmed_on_purpose(void **state)
{
    (void)state;
    SILENT("FROM a\n# Warm global yarn cache\nRUN cd /tmp/clone \\\n    && yarn install\n");
    SILENT("FROM a\n# install the tools\n# and PRIME the npm cache for later builds\nRUN npm ci\n");
    /* a comment about something else, or one separated by a blank line, does not count */
    FIRES("FROM a\n# warm up: install dependencies\nRUN npm ci\n",
          "FROM a\n# warm up: install dependencies\nRUN npm ci && npm cache clean --force\n");
    FIRES("FROM a\n# Warm global yarn cache\n\nRUN yarn install\n",
          "FROM a\n# Warm global yarn cache\n\nRUN yarn install && yarn cache clean\n");
}

static void test_crlf_heredoc(void **state)
{
    (void)state;
    /* A CRLF heredoc script keeps its CRs: BuildKit's parser appends each
     * heredoc line with its line ending as read (its scanLines keeps them;
     * test_lexer's test_heredoc_crlf pins the same), so the shell runs `npm`
     * with the argument "ci\r", which is not an install. dfopt must not
     * pretend otherwise. */
    SILENT("FROM a\r\nRUN <<EOF\r\nnpm ci\r\nEOF\r\n");
}

/* ---- yarn 2+ ------------------------------------------------------------ */

static void test_yarn_berry(void **state)
{
    (void)state;
    const char *msg = "yarn install without `yarn cache clean --all` afterwards keeps the package cache in the layer";
    const char *desc = "append `yarn cache clean --all` (unsafe: Yarn 2+ with Plug'n'Play loads packages from its cache)";
    const char *in = "FROM a\nCOPY .yarnrc.yml ./\nRUN yarn install\n";
    one(in, false, NULL, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, in);
    one(in, true, NULL, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc,
        "FROM a\nCOPY .yarnrc.yml ./\nRUN yarn install && yarn cache clean --all\n");
    one("FROM a\nRUN corepack enable && yarn install\n", false, NULL, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc,
        "FROM a\nRUN corepack enable && yarn install\n");
    /* the build context decides */
    char *d = tdir_new();
    twrite(d, "package.json", "{\"name\": \"x\", \"packageManager\": \"yarn@4.5.0\"}\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, "FROM a\nRUN yarn install\n");
    twrite(d, "package.json", "{\"name\": \"x\", \"packageManager\": \"yarn@1.22.22\"}\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, "yarn install without `yarn cache clean` afterwards keeps the package cache in the layer",
        DF_SEV_WARNING, DF_APPLY_SAFE, "append `yarn cache clean`", "FROM a\nRUN yarn install && yarn cache clean\n");
    twrite(d, ".yarnrc.yml", "nodeLinker: node-modules\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, "FROM a\nRUN yarn install\n");
    tdir_free(d);
    /* package.json is read whole: a packageManager past the first 64 KiB */
    const char *classic = "yarn install without `yarn cache clean` afterwards keeps the package cache in the layer";
    d = tdir_new();
    size_t pad = 70000;
    char *big = malloc(pad + 128);
    assert_non_null(big);
    int k = snprintf(big, 64, "{\"description\": \"");
    memset(big + k, 'x', pad);
    snprintf(big + k + pad, 64, "\", \"packageManager\": \"yarn@3.6.4\"}\n");
    twrite(d, "package.json", big, 0644);
    free(big);
    one("FROM a\nRUN yarn install\n", false, d, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, "FROM a\nRUN yarn install\n");
    /* what .dockerignore leaves out of the context is not there for the build */
    twrite(d, ".dockerignore", "package.json\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, classic, DF_SEV_WARNING, DF_APPLY_SAFE, "append `yarn cache clean`",
        "FROM a\nRUN yarn install && yarn cache clean\n");
    twrite(d, ".dockerignore", "*.json\n!package.json\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, "FROM a\nRUN yarn install\n");
    twrite(d, "package.json", "{}\n", 0644);
    twrite(d, ".yarnrc.yml", "nodeLinker: pnp\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, msg, DF_SEV_WARNING, DF_APPLY_UNSAFE, desc, "FROM a\nRUN yarn install\n");
    twrite(d, ".dockerignore", "**/.yarnrc.yml\n", 0644);
    one("FROM a\nRUN yarn install\n", false, d, classic, DF_SEV_WARNING, DF_APPLY_SAFE, "append `yarn cache clean`",
        "FROM a\nRUN yarn install && yarn cache clean\n");
    tdir_free(d);
    /* the berry cleanup is recognised as a cleanup */
    SILENT("FROM a\nCOPY .yarnrc.yml ./\nRUN yarn install && yarn cache clean --all\n");
}

/* ---- silent ------------------------------------------------------------ */

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nRUN npm ci && npm cache clean --force\n",
        "FROM a\nRUN npm ci && npm run build && npm cache clean --force\n",
        "FROM a\nRUN npm ci && rm -rf /root/.npm\n",
        "FROM a\nRUN npm ci && rm -rf ~/.npm\n",
        "FROM a\nRUN yarn install && yarn cache clean\n",
        "FROM a\nRUN yarn && rm -rf /usr/local/share/.cache/yarn\n",
        "FROM a\nRUN pnpm install && pnpm store prune\n",
        "FROM a\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
        "FROM a\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n",
        "FROM a\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
        "FROM a\nRUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile\n",
        "FROM a\nENV npm_config_cache=/tmp/npm\nRUN npm ci\n",
        "FROM a\nENV YARN_CACHE_FOLDER=/tmp/yarn\nRUN yarn\n",
        "FROM a\nRUN PNPM_STORE_DIR=/s pnpm install\n",
        "FROM a\nRUN npm ci --cache /tmp/npm\n",
        "FROM a\nRUN yarn install --cache-folder /tmp/y\n",
        "FROM a\nRUN pnpm install --store-dir /tmp/s\n",
        "FROM a\nRUN yarn --version\n",
        "FROM a\nRUN yarn build\n",
        "FROM a\nRUN npm run build\n",
        "FROM a\nRUN npm uninstall x\n",
        "FROM a\nRUN setup() { npm ci; }\n",
        "FROM a\nRUN [\"npm\", \"ci\"]\n",
        "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN npm ci\n",
        "FROM a\n# dfopt ignore=DF009\nRUN npm ci\n",
        "FROM a\n# dfopt ignore=js-cache-kept\nRUN npm ci\n",
        "FROM a\n# hadolint ignore=DL3060\nRUN yarn install\n",
        "# hadolint global ignore=DL3060\nFROM a\nRUN yarn install\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

/* ---- stages ------------------------------------------------------------ */

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx\nCOPY --from=build /dist /html\n";
    one(in, false, NULL, NPM_MSG("ci"), DF_SEV_INFO, DF_APPLY_DISPLAY,
        "append `npm cache clean --force` (not applied: the stage is not in the last stage's image)", in);
    df_run_result res;
    run(&res, in, true);
    assert_string_equal(res.output.data, "FROM node:20 AS build\nRUN npm ci && npm run build && npm cache clean --force\n"
                                         "FROM nginx\nCOPY --from=build /dist /html\n");
    df_run_result_release(&res);
}

/* review of 2026-12-04 (apache/couchdb-docker dev-cluster): under `set -ex`
 * a RUN written `a; \\ b` gets its cleanup after `b` with `; \\` too;
 * without errexit `;` would hide a failing install, so `&&` stays. */
static void test_style_semicolon_last_command_under_errexit(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN set -ex; \\\n    echo x; \\\n    npm install -g grunt-cli\n",
          "FROM a\nRUN set -ex; \\\n    echo x; \\\n    npm install -g grunt-cli; \\\n    npm cache clean --force\n");
    FIRES("FROM a\nRUN echo x; \\\n    npm install -g grunt-cli\n",
          "FROM a\nRUN echo x; \\\n    npm install -g grunt-cli && \\\n    npm cache clean --force\n");
}

/* Issue 11 class "DF009 cleans a cache the comment above says the layer
 * seeds" (18F/tock's Dockerfile-tests: "This COPY/RUN block serves two
 * purposes: 1. Seed the npm cache inside the Docker image", above the COPY
 * of the manifests right above the RUN): the comment mechanism DF004 uses
 * for "we DO want recommends" (passes/comments.c), with the phrases of
 * npm's "cache_wanted_comments". */
static void test_comment_says_the_layer_seeds_the_cache(void **state)
{
    (void)state;
    SILENT("FROM cimg/python:3.10-browsers\n\n# This COPY/RUN block serves two purposes:\n"
           "#  1. Seed the npm cache inside the Docker image\n#  2. Ensure that the `node_modules` directory is created\n"
           "COPY package.json package-lock.json ./\nRUN npm install --no-save\n");
    /* right above the RUN, inside it, other phrasings */
    SILENT("FROM a\n# keep the npm cache for the next install\nRUN npm ci\n");
    SILENT("FROM a\nRUN cd /app && \\\n# prime the yarn cache\n    yarn install\n");
    SILENT("FROM a\n# seed cache\nCOPY package.json ./\nADD yarn.lock ./\nRUN yarn install\n");
    /* a negation, a comment about something else, or a blank line between */
    FIRES("FROM a\n# keep the image small: clean the npm cache\nRUN npm ci\n",
          "FROM a\n# keep the image small: clean the npm cache\nRUN npm ci && npm cache clean --force\n");
    FIRES("FROM a\n# seed the database\nRUN npm ci\n", "FROM a\n# seed the database\nRUN npm ci && npm cache clean --force\n");
    FIRES("FROM a\n# Seed the npm cache\n\nCOPY package.json ./\nRUN npm ci\n",
          "FROM a\n# Seed the npm cache\n\nCOPY package.json ./\nRUN npm ci && npm cache clean --force\n");
    /* only COPY and ADD lines stand between: not an ENV */
    FIRES("FROM a\n# Seed the npm cache\nENV X=1\nRUN npm ci\n",
          "FROM a\n# Seed the npm cache\nENV X=1\nRUN npm ci && npm cache clean --force\n");
}

/* Issue 11 class "DF009 pnpm store prune right after an install"
 * (18xx-maker/18xx-maker's develop image): pnpm hard-links its store into
 * node_modules, and `pnpm store prune` removes only packages no project
 * references, none right after an install: appending it saves nothing.
 * pnpm installs are not reported; npm and yarn ones in the same RUN are. */
static void test_pnpm_store_prune_right_after_install(void **state)
{
    (void)state;
    SILENT("FROM node:22 AS develop\nENV PNPM_HOME=\"/pnpm\"\nRUN corepack enable\nWORKDIR /app\n"
           "COPY package.json pnpm-lock.yaml /app/\nRUN pnpm install --frozen-lockfile && pnpm playwright install chromium\n");
    SILENT("FROM a\nRUN pnpm install --frozen-lockfile\n");
    SILENT("FROM a\nRUN pnpm add x\n");
    SILENT("FROM a\nRUN pnpm i -g serve\n");
    /* the npm install beside it still gets its cleanup, the pnpm one none */
    FIRES("FROM a\nRUN npm i -g pnpm && pnpm install\n", "FROM a\nRUN npm i -g pnpm && pnpm install && npm cache clean --force\n");
}

/* Class "cleanup-already-done" (review H, apps 484: mozilla/123done): the
 * author removes the cache the install fills, in a later RUN (`RUN
 * /bin/rm -rf .npm` as USER app, whose home `adduser -h /app` made /app,
 * WORKDIR /app) or later in the RUN. A second cleanup would leave the
 * author's line dead: DF009 adds none (the removal in a later layer is
 * DF011's finding, which joins the two RUNs). */
static void test_df009_cleanup_already_done(void **state)
{
    (void)state;
    SILENT("FROM node:10-alpine\nRUN addgroup -g 10001 app && adduser -D -G app -h /app -u 10001 app\n"
           "WORKDIR /app\nUSER app\nCOPY package.json package.json\nRUN npm install\nRUN /bin/rm -rf .npm\n");
    /* the home named from ~ or $HOME; /home/NAME when no creation shows it */
    SILENT("FROM node:20\nUSER node\nRUN npm ci\nRUN rm -rf ~/.npm\n");
    SILENT("FROM node:20\nUSER node\nWORKDIR /srv\nRUN npm ci\nRUN rm -rf \"$HOME/.npm/\"\n");
    SILENT("FROM node:20\nRUN useradd -m -d /srv/app app\nUSER app\nRUN yarn install\nRUN rm -rf /srv/app/.cache/yarn\n");
    /* in the same RUN, relative to WORKDIR */
    SILENT("FROM node:20\nRUN adduser -D -h /app app\nUSER app\nWORKDIR /app\nRUN npm install && rm -rf .npm\n");
    /* root: WORKDIR /app's .npm is not the cache (/root/.npm) */
    FIRES("FROM node:20\nWORKDIR /app\nRUN npm install\nRUN rm -rf .npm\n",
          "FROM node:20\nWORKDIR /app\nRUN npm install && npm cache clean --force\nRUN rm -rf .npm\n");
    /* another user's cache, another stage, before the install */
    FIRES("FROM node:20\nUSER node\nRUN npm ci\nUSER root\nRUN rm -rf ~/.npm\n",
          "FROM node:20\nUSER node\nRUN npm ci && npm cache clean --force\nUSER root\nRUN rm -rf ~/.npm\n");
    FIRES("FROM node:20 AS a\nRUN npm ci\nFROM a\nRUN rm -rf /root/.npm\n",
          "FROM node:20 AS a\nRUN npm ci && npm cache clean --force\nFROM a\nRUN rm -rf /root/.npm\n");
    FIRES("FROM node:20\nRUN rm -rf /root/.npm\nRUN npm ci\n",
          "FROM node:20\nRUN rm -rf /root/.npm\nRUN npm ci && npm cache clean --force\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pnpm_store_prune_right_after_install),
        cmocka_unit_test(test_comment_says_the_layer_seeds_the_cache),
        cmocka_unit_test(test_single_line_exact),
        cmocka_unit_test(test_fires_managers),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_layout_inside_one_line_if),
        cmocka_unit_test(test_cache_warmed_on_purpose),
        cmocka_unit_test(test_crlf_heredoc),
        cmocka_unit_test(test_yarn_berry),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_style_semicolon_last_command_under_errexit),
        cmocka_unit_test(test_df009_cleanup_already_done),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
