/*
 * test_df011.c - DF011 removed-in-later-layer through df_run(): what counts
 * as made (downloads, redirections, dd, git clone, cp/mv, packages, the
 * package index, COPY/ADD), how removals are matched (relative paths,
 * WORKDIR, cd, globs, parts of a tree), the join and the cases where it
 * is not safe, exact output and idempotence.
 */
#define RULE "DF011"
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

#include "rule_test.h"

#include "../passes/paths.h"

static void test_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN dd if=/dev/zero of=/tmp/big bs=1M count=100\nRUN rm /tmp/big\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data,
                        "FROM debian\nRUN dd if=/dev/zero of=/tmp/big bs=1M count=100 && \\\n    rm /tmp/big\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "/tmp/big is removed here but was written by the RUN at line 2 (dd): the bytes "
                                    "stay in that layer");
    assert_int_equal(d->span.start, strstr(in, "rm /tmp/big") - in);
    assert_int_equal(d->span.end, strstr(in, "rm /tmp/big") - in + 11);
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_true(d->applied);
    df_run_result_release(&res);
}

/* Issue 11 (unexplained count, apps 069 and 103): "(and 1 more)" did not
 * say what the others are; they are named, each made thing once. */
static void test_more_are_named(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCOPY a.tgz /tmp/a.tgz\nCOPY b.tgz /tmp/b.tgz\nRUN apt-get update && apt-get install -y "
                     "gcc\nRUN rm -rf /tmp/a.tgz /tmp/b.tgz /tmp/b.tgz && apt-get purge -y gcc\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const char *m = res.diags.v[0]->message;
    assert_non_null(strstr(m, "(and 2 more: /tmp/b.tgz (line 3: COPY), package gcc (line 4: apt-get install))"));
    assert_null(strstr(m, "more)"));
    df_run_result_release(&res);
}

static void test_makers(void **state)
{
    (void)state;
    /* curl -o in a cluster; a RUN in between is joined too */
    FIRES("FROM debian\nRUN curl -fsSLo /tmp/a.tgz https://x/a.tgz\nRUN tar -xzf /tmp/a.tgz -C /opt\nRUN rm /tmp/a.tgz\n",
          "FROM debian\nRUN curl -fsSLo /tmp/a.tgz https://x/a.tgz && \\\n    tar -xzf /tmp/a.tgz -C /opt && \\\n    rm /tmp/a.tgz\n");
    /* wget's file name from the URL, relative to WORKDIR */
    FIRES("FROM debian\nWORKDIR /src\nRUN wget https://x/y/a.tar.gz?dl=1\nRUN rm -f a.tar.gz\n",
          "FROM debian\nWORKDIR /src\nRUN wget https://x/y/a.tar.gz?dl=1 && \\\n    rm -f a.tar.gz\n");
    /* a redirection, a glob that covers it */
    FIRES("FROM debian\nRUN echo hi > /tmp/log.txt\nRUN rm /tmp/*.txt\n",
          "FROM debian\nRUN echo hi > /tmp/log.txt && \\\n    rm /tmp/*.txt\n");
    /* git clone: a part of the tree counts; cd in the maker: a subshell keeps the next RUN's folder */
    FIRES("FROM debian\nWORKDIR /src\nRUN git clone https://x/y.git && cd y && make\nRUN rm -rf y/.git\n",
          "FROM debian\nWORKDIR /src\nRUN ( git clone https://x/y.git && cd y && make ) && \\\n    rm -rf y/.git\n");
    /* cp target; cd in the removing RUN */
    FIRES("FROM debian\nRUN cp /etc/hosts /opt/hosts.bak\nRUN cd /opt && rm hosts.bak\n",
          "FROM debian\nRUN cp /etc/hosts /opt/hosts.bak && \\\n    cd /opt && rm hosts.bak\n");
    /* packages: apt, apk --virtual, pip */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y gcc=4:12* && rm -rf /var/lib/apt/lists/*\n"
          "RUN apt-get purge -y --auto-remove gcc\n",
          "FROM debian\nRUN apt-get update && apt-get install -y gcc=4:12* && rm -rf /var/lib/apt/lists/* && \\\n"
          "    apt-get purge -y --auto-remove gcc\n");
    FIRES("FROM alpine\nRUN apk add --no-cache --virtual .build gcc\nRUN apk del .build\n",
          "FROM alpine\nRUN apk add --no-cache --virtual .build gcc && \\\n    apk del .build\n");
    FIRES("FROM python\nRUN pip install --no-cache-dir Cython==3.0\nRUN pip uninstall -y cython\n",
          "FROM python\nRUN pip install --no-cache-dir Cython==3.0 && \\\n    pip uninstall -y cython\n");
    /* the package index of an earlier RUN */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n");
}

static void test_copy_maker(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCOPY big.tar /tmp/\nRUN tar xf /tmp/big.tar && rm /tmp/big.tar\n";
    REPORTS(in);
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "the COPY at line 2 put it in its own layer",
        "--mount=type=bind");
    in = "FROM debian\nCOPY --from=build /out/app.tgz /tmp/app.tgz\nRUN tar xf /tmp/app.tgz && rm /tmp/app.tgz\n";
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "COPY --from", "from=STAGE");
    /* a part of a copied folder */
    one("FROM debian\nCOPY . /app\nRUN rm -rf /app/.git\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "/app/.git is removed here", NULL);
    /* COPY *.patch /dir/ makes only the patches: the tarball below is not its */
    SILENT("FROM debian\nCOPY *.patch /usr/src/p/\nWORKDIR /usr/src/p\nRUN curl -o p.tgz https://x/p.tgz && rm p.tgz\n");
}

static void test_no_fix(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN curl -o /tmp/a https://x/a\nENV A=1\nRUN rm /tmp/a\n",
        "FROM debian\nRUN curl -o /tmp/a https://x/a\nCOPY x /x\nRUN rm /tmp/a\n",
        "FROM debian\nRUN --network=host curl -o /tmp/a https://x/a\nRUN rm /tmp/a\n",
        "FROM debian\nRUN curl -o /tmp/a https://x/a # fetch\nRUN rm /tmp/a\n",
        "FROM debian\nRUN set -e; cd /tmp; curl -o a https://x/a\nRUN rm /tmp/a\n",
        "FROM debian\nRUN curl -o /tmp/a https://x/a\n# hadolint ignore=DL3059\nRUN rm /tmp/a\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        REPORTS(cases[i]);
        one(cases[i], true, DF_SEV_WARNING, -1, false, "(no automatic fix: ", NULL);
    }
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* removed in the same RUN */
        "FROM debian\nRUN curl -o /tmp/a https://x/a && tar xf /tmp/a && rm /tmp/a\nRUN rm -rf /tmp/*\n",
        ("FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
         "RUN apt-get update && apt-get install -y y && rm -rf /var/lib/apt/lists/*\n"),
        /* a lone update before an install that cleans: DF005's */
        "FROM debian\nRUN apt-get update\nRUN apt-get install -y y && rm -rf /var/lib/apt/lists/*\n",
        /* unknown folder, variables */
        "FROM debian\nRUN curl -O https://x/a.tgz\nRUN rm a.tgz\n",
        "FROM debian\nRUN curl -o $F https://x/a\nRUN rm $F\n",
        "FROM debian\nRUN curl -o /tmp/a https://x/a\nRUN rm /tmp/b\n",
        /* another stage */
        "FROM debian AS a\nRUN curl -o /tmp/a https://x/a\nFROM debian\nRUN rm -f /tmp/a\n",
        /* a different package manager, a package not installed here */
        "FROM debian\nRUN pip install gcc\nRUN apt-get purge -y gcc\n",
        "FROM debian\nRUN apt-get install -y gcc\nRUN apt-get purge -y make\n",
        /* cp into a broad folder does not make the folder */
        "FROM debian\nRUN cp x /usr/local/bin/\nRUN rm -rf /usr/local/bin/other\n",
        /* Windows: not read, even with paths that would match */
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl -o /tmp/a https://x/a\nRUN rm /tmp/a\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

/* pre-review before run 8 (molch's copy of google/protobuf's jenkins
 * image): a clone removed 28 RUNs after it was made, in a file whose header
 * says "these setup steps can be cached", was fixed by folding the 28 RUNs,
 * four PHP source builds among them, into one layer. Below a comment that
 * keeps the RUNs apart for the layer cache, and for more than four RUNs,
 * the join is advice. */
static void test_join_undoes_a_deliberate_choice(void **state)
{
    (void)state;
    /* the header phrase of the protobuf image */
    const char *cached = "# We install as many test dependencies here as we can, because these setup\n"
                         "# steps can be cached.  They do *not* run every time we run the build.\n"
                         "FROM debian\nRUN cd /tmp && git clone https://x/protobuf.git\nRUN make -C /tmp/protobuf\n"
                         "RUN rm -rf /tmp/protobuf\n";
    REPORTS(cached);
    one(cached, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "/tmp/protobuf is removed here",
        "join the RUNs so that the removal happens in the layer that made it (advice: the comment at line 2 keeps "
        "the RUNs apart for the layer cache)");
    /* four RUNs: joined by default */
    FIRES("FROM debian\nRUN git clone https://x/p.git /tmp/p\nRUN make -C /tmp/p\nRUN make -C /tmp/p install\n"
          "RUN rm -rf /tmp/p\n",
          "FROM debian\nRUN git clone https://x/p.git /tmp/p && \\\n    make -C /tmp/p && \\\n"
          "    make -C /tmp/p install && \\\n    rm -rf /tmp/p\n");
    /* five: advice, with the span it would fold */
    const char *five = "FROM debian\nRUN git clone https://x/p.git /tmp/p\nRUN make -C /tmp/p\nRUN make -C /tmp/p check\n"
                       "RUN make -C /tmp/p install\nRUN rm -rf /tmp/p\n";
    REPORTS(five);
    one(five, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "(advice: 5 RUNs, lines 2 to 6, in one layer: any change or failure in one would rerun them all; remove it "
        "in the RUN that made it if nothing in between uses it)");
}

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS build\nRUN curl -o /tmp/a https://x/a\nRUN rm /tmp/a\nFROM debian\nCOPY --from=build /etc/hosts /h\n";
    REPORTS(in);
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "written by the RUN at line 2", NULL);
}

/* Class "activates-dead-purge" (review pre9, corpus apps 193): an apt
 * removal without -y meets a prompt that reads an empty standard input,
 * so apt prints "Abort." and removes nothing. Joining the RUNs around it
 * saves nothing (and DF006's -y, once joined, would remove gcc for the
 * first time). An answered prompt (-y, -qq, APT::Get::Assume-Yes, `yes |`)
 * removes, and is joined. */
static void test_activates_dead_purge(void **state)
{
    (void)state;
    SILENT("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get purge gcc; apt-get clean\n");
    SILENT("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get remove gcc || true\n");
    SILENT("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get -q purge gcc; apt-get clean\n");
    one("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get -qq purge gcc; apt-get clean\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "package gcc is removed here", NULL);
    one("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get -o APT::Get::Assume-Yes=true purge gcc; apt-get clean\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "package gcc is removed here", NULL);
    one("FROM debian\nRUN apt-get install -y gcc\nRUN yes | apt-get purge gcc; apt-get clean\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "package gcc is removed here", NULL);
    one("FROM debian\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n"
        "RUN apt-get install -y gcc\nRUN apt-get purge gcc; apt-get clean\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "package gcc is removed here", NULL);
    FIRES("FROM debian\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc; apt-get clean\n",
          "FROM debian\nRUN apt-get install -y gcc && \\\n    { apt-get purge -y gcc; apt-get clean; }\n");
}

/* Class "DF011 package-shipped-by-base" (review pre9, apps 142: laradock
 * beanstalkd-console on php:latest): php images ship curl, so `apt-get
 * install curl` wrote none of its files and removing it later takes them
 * from the base: the finding names what that layer did write (the lists). */
static void test_df011_package_shipped_by_base(void **state)
{
    (void)state;
    const char *in = "FROM php:latest\nRUN apt-get update && apt-get install -y curl\nRUN echo x\n"
                     "RUN apt-get remove --purge -y curl && rm -rf /var/lib/apt/lists/*\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_null(strstr(res.diags.v[0]->message, "package curl"));
    assert_non_null(strstr(res.diags.v[0]->message, "/var/lib/apt/lists/* is removed here but was written by the RUN at line 2"));
    df_run_result_release(&res);
    /* another base: the install wrote curl */
    run_text(&res, "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN echo x\n"
                   "RUN apt-get remove --purge -y curl\n", false);
    assert_int_equal(res.diags.n, 1);
    assert_non_null(strstr(res.diags.v[0]->message, "package curl is removed here"));
    df_run_result_release(&res);
}

/* Class "cleanup-already-done" (review H, apps 484: mozilla/123done): the
 * author's `RUN /bin/rm -rf .npm` removes the npm cache that the install
 * before it filled in the home of USER app (/app, from `adduser -h /app`):
 * the removal joins the install's RUN, where the bytes are. DF009, with
 * it, adds no second cleanup: one finding, this one. */
static void test_df011_cleanup_already_done(void **state)
{
    (void)state;
    const char *in = "FROM node:10-alpine\nRUN addgroup -g 10001 app && adduser -D -G app -h /app -u 10001 app\n"
                     "WORKDIR /app\nUSER app\nCOPY package.json package.json\nRUN npm install\nRUN /bin/rm -rf .npm\n";
    const char *want = "FROM node:10-alpine\nRUN addgroup -g 10001 app && adduser -D -G app -h /app -u 10001 app\n"
                       "WORKDIR /app\nUSER app\nCOPY package.json package.json\nRUN npm install && \\\n"
                       "    /bin/rm -rf .npm\n";
    one(in, false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "/app/.npm is removed here but was written by the RUN at line 6 (the npm cache)", NULL);
    FIRES(in, want);
    /* ~ is the user's home; as root, /root */
    FIRES("FROM node:20\nUSER node\nRUN yarn install\nRUN rm -rf ~/.cache/yarn\n",
          "FROM node:20\nUSER node\nRUN yarn install && \\\n    rm -rf ~/.cache/yarn\n");
    FIRES("FROM node:20\nRUN npm ci\nRUN rm -rf $HOME/.npm\n", "FROM node:20\nRUN npm ci && \\\n    rm -rf $HOME/.npm\n");
    /* not the cache: another folder's .npm, a cache the install's RUN
     * removed itself, or one a variable moved */
    SILENT("FROM node:20\nWORKDIR /app\nRUN npm install\nRUN rm -rf .npm\n");
    SILENT("FROM node:20\nRUN npm ci && npm cache clean --force\nRUN rm -rf /root/.npm\n");
    SILENT("FROM node:20\nENV npm_config_cache=/tmp/c\nRUN npm ci\nRUN rm -rf /root/.npm\n");
    /* DF009 and DF011 together: one finding, the join */
    df_options o;
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++)
        o.enabled[i] = df_rules[i] == df_rule_find("DF011") || df_rules[i] == df_rule_find("DF009");
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_string_equal(res.output.data, want);
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0]->rule->id, "DF011");
    df_run_result_release(&res);
}

/* Class "build-stage-copy-not-in-image" (review 16, apps 010 and 040: a
 * builder stage removes the .git a COPY put in; a zip stage removes
 * node_modules before zipping): the stage does not ship, so the bytes are
 * in the build cache, not in the image. The finding says that, and its
 * advice is .dockerignore (the context the builder receives), not a bind
 * mount. In the shipped stage the claim stays. */
static void test_df011_build_stage_copy_not_in_image(void **state)
{
    (void)state;
    const char *in = "FROM debian AS builder\nCOPY . /src/\nRUN rm -rf /src/.git\nFROM debian\n"
                     "COPY --from=builder /src/ /app/\n";
    REPORTS(in);
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "/src/.git is removed here but the COPY at line 2 put it in its own layer: the stage does not ship, so the "
        "bytes stay only in the build cache",
        "leave it out with .dockerignore if the build does not need it: the builder then receives less");
    df_run_result res;
    run_text(&res, in, false);
    assert_null(strstr(res.diags.v[0]->message, "in the image"));
    assert_null(strstr(res.diags.v[0]->fix->description, "--mount"));
    df_run_result_release(&res);
    /* a file copied whole, used and removed: the bind mount saves its layer */
    one("FROM debian AS builder\nCOPY thpoff.c /src/thpoff.c\nRUN gcc -o /thpoff /src/thpoff.c && rm /src/thpoff.c\n"
        "FROM debian\nCOPY --from=builder /thpoff /thpoff\n",
        false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "the stage does not ship, so the bytes stay only in the build cache",
        "use it through RUN --mount=type=bind,source=...,target=... instead of copying it");
    /* the last stage ships: the bytes are in the image */
    one("FROM debian\nCOPY . /src/\nRUN rm -rf /src/.git\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "put it in its own layer: the bytes stay in the image", "--mount=type=bind");
}

/* Class "copy-from-own-stage" (review 16, app 010 line 42: the final stage
 * removes local_settings.py from the tree COPY --from=builder put in): a
 * bind mount does not fit when the rest of the tree must be in the image;
 * removed in the stage it comes from, it is never copied. A file copied
 * whole and removed after use (a .deb), and a stage this file does not
 * define (an image), keep the bind-mount advice. */
static void test_df011_copy_from_own_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS builder\nRUN mkdir -p /src/hc\nFROM debian\nCOPY --from=builder /src/ /app/\n"
                     "RUN rm -f /app/hc/local_settings.py\n";
    REPORTS(in);
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "/app/hc/local_settings.py is removed here but the COPY --from at line 4 put it in its own layer: the bytes "
        "stay in the image",
        "remove it in stage builder, before the COPY --from takes it, unless that stage still needs it");
    /* by index */
    one("FROM debian\nRUN true\nFROM debian\nCOPY --from=0 /src/ /app/\nRUN rm -f /app/x\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "remove it in stage 0, before the COPY --from takes it");
    /* all of what it copied is removed: it was used here, a bind mount
     * from the stage is the advice (a .deb copied to install) */
    one("FROM debian AS build\nRUN true\nFROM debian\nCOPY --from=build /out/a.deb /tmp/a.deb\n"
        "RUN dpkg -i /tmp/a.deb && rm /tmp/a.deb\n",
        false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "RUN --mount=type=bind,from=STAGE");
    /* an image, not a stage of this file */
    one("FROM debian\nCOPY --from=nginx:alpine /etc/nginx/ /etc/nginx/\nRUN rm -f /etc/nginx/x.conf\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "RUN --mount=type=bind,from=STAGE");
}

/* df_path_resolve: a path normal already is taken as it is (is_norm),
 * any other is normalized: each way gives the same answer. */
static void test_path_resolve_forms(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {NULL, "/a/b", "/a/b"},         {NULL, "/a//b", "/a/b"},          {NULL, "/a/./b", "/a/b"},
        {NULL, "/a/../b", "/b"},        {NULL, "/a/b/", "/a/b"},          {NULL, "/a/.", "/a"},
        {NULL, "/a/..", "/"},           {NULL, "/", "/"},                 {NULL, "//", "/"},
        {NULL, "/.a/..b/...", "/.a/..b/..."}, {NULL, "/a/b.", "/a/b."},   {NULL, "/a/.b/c", "/a/.b/c"},
        {"/w", "x", "/w/x"},            {"/w", "x/../y", "/w/y"},         {"/w", ".", "/w"},
        {"/w", "../..", "/"},           {"/", "x", "/x"},                 {"/w/", "x/", "/w/x"},
    };
    df_arena *a = df_arena_new();
    assert_non_null(a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = df_path_resolve(a, cases[i][0], cases[i][1], strlen(cases[i][1]));
        assert_non_null(p);
        assert_string_equal(p, cases[i][2]);
    }
    df_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact), cmocka_unit_test(test_more_are_named),  cmocka_unit_test(test_makers), cmocka_unit_test(test_copy_maker),
        cmocka_unit_test(test_no_fix), cmocka_unit_test(test_silent), cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_join_undoes_a_deliberate_choice),
        cmocka_unit_test(test_path_resolve_forms),
        cmocka_unit_test(test_df011_cleanup_already_done),
        cmocka_unit_test(test_activates_dead_purge),
        cmocka_unit_test(test_df011_package_shipped_by_base),
        cmocka_unit_test(test_df011_build_stage_copy_not_in_image),
        cmocka_unit_test(test_df011_copy_from_own_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
