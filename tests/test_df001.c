/*
 * test_df001.c - DF001 consecutive-run through df_run(): the join in each
 * file style, every trap of DESIGN section 4 (each unsafe pair stays apart,
 * or is joined with the grouping that keeps its meaning), the default
 * policy against --merge=aggressive, exact output and idempotence.
 */
#define RULE "DF001"
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
#include "dfopt/parser.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#include "rule_test.h"

/* Run with --merge=aggressive; the output must equal want and be a fixed point. */
static void aggressive(const char *text, const char *want)
{
    df_options o;
    opts_for(&o, false);
    o.merge_aggressive = true;
    df_run_result res, again;
    assert_int_equal(df_run("Dockerfile", text, strlen(text), &o, NULL, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    assert_int_equal(df_run("Dockerfile", want, strlen(want), &o, NULL, &again), 0);
    assert_false(again.changed);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

static void test_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt-get update && apt-get install -y curl\n\nRUN apt-get install -y gcc\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data, "FROM debian\nRUN apt-get update && apt-get install -y curl && \\\n"
                                         "    apt-get install -y gcc\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "this RUN can share one layer with the RUN at line 2 (the second install reads the "
                                    "package index the first RUN's update fetched)");
    assert_int_equal(d->span.start, strstr(in, "RUN apt-get install -y gcc") - in);
    assert_int_equal(d->span.end, strstr(in, "RUN apt-get install -y gcc") - in + 3);
    assert_int_equal(d->severity, DF_SEV_INFO);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_true(d->applied);
    df_run_result_release(&res);
    /* three in one finding, one round */
    const char *three = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n"
                        "RUN apt-get install -y c\n";
    one(three, false, DF_SEV_INFO, DF_APPLY_SAFE, true, "3 adjacent RUNs (lines 2 to 4) can share one layer", NULL);
    FIRES(three, "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    apt-get install -y b && \\\n"
                 "    apt-get install -y c\n");
    aggressive("FROM debian\nRUN mkdir /a\nRUN mkdir /b\nRUN mkdir /c\n",
               "FROM debian\nRUN mkdir /a && \\\n    mkdir /b && \\\n    mkdir /c\n");
}

static void test_styles(void **state)
{
    (void)state;
    /* CRLF and a tab indent taken from the multi-line RUN */
    aggressive("FROM debian\r\nRUN mkdir /a\r\nRUN echo x && \\\r\n\techo ok\r\n",
          "FROM debian\r\nRUN mkdir /a && \\\r\n\techo x && \\\r\n\techo ok\r\n");
    aggressive("FROM debian\r\nRUN mkdir /a\r\nRUN chmod 700 /a\r\n", "FROM debian\r\nRUN mkdir /a && \\\r\n    chmod 700 /a\r\n");
    /* operators at line starts, the indentation of the RUN that has them */
    FIRES("FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl\nRUN apt-get install -y git \\\n  && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && apt-get install -y git \\\n  && rm -rf /var/lib/apt/lists/*\n");
    /* a trailing ; of the first script goes; final newline missing stays missing */
    aggressive("FROM debian\nRUN mkdir /a;\nRUN mkdir /b", "FROM debian\nRUN mkdir /a && \\\n    mkdir /b");
    /* the same flags: kept once */
    aggressive("FROM debian\nRUN --network=none mkdir /a\nRUN --network=none mkdir /b\n",
          "FROM debian\nRUN --network=none mkdir /a && \\\n    mkdir /b\n");
}

static void test_grouping(void **state)
{
    (void)state;
    /* RUN a + RUN b; c must not become a && b; c */
    aggressive("FROM debian\nRUN mkdir /a\nRUN echo b; echo c\n", "FROM debian\nRUN mkdir /a && \\\n    { echo b; echo c; }\n");
    aggressive("FROM debian\nRUN mkdir /a\nRUN false || echo c\n", "FROM debian\nRUN mkdir /a && \\\n    { false || echo c; }\n");
    /* a list first: && after all of it keeps its status deciding */
    aggressive("FROM debian\nRUN echo a; echo b\nRUN echo c\n", "FROM debian\nRUN echo a; echo b && \\\n    echo c\n");
    /* set -e in the last RUN only affects its own group */
    aggressive("FROM debian\nRUN mkdir /a\nRUN set -e; echo b\n", "FROM debian\nRUN mkdir /a && \\\n    { set -e; echo b; }\n");
    /* a middle RUN that is a list is grouped, the chain goes on */
    aggressive("FROM debian\nRUN mkdir /a\nRUN echo b; echo c\nRUN echo d\n",
          "FROM debian\nRUN mkdir /a && \\\n    { echo b; echo c; } && \\\n    echo d\n");
    /* the default policy groups too */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b; echo c\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    { apt-get install -y b; echo c; }\n");
}

static void test_traps_stay_apart(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* state that leaks into the next RUN */
        "FROM debian\nRUN cd /tmp\nRUN pwd\n",
        "FROM debian\nRUN export A=1\nRUN echo $A\n",
        "FROM debian\nRUN set -o pipefail\nRUN false | true\n",
        "FROM debian\nRUN . /etc/profile\nRUN env\n",
        "FROM debian\nRUN source /x\nRUN env\n",
        "FROM debian\nRUN umask 077\nRUN touch /a\n",
        "FROM debian\nRUN exec true\nRUN touch /a\n",
        "FROM debian\nRUN exit 0\nRUN touch /a\n",
        "FROM debian\nRUN trap 'rm -f /a' EXIT\nRUN touch /a\n",
        "FROM debian\nRUN shopt -s dotglob\nRUN rm /a/*\n",
        "FROM debian\nRUN alias ls='ls -a'\nRUN ls\n",
        "FROM debian\nRUN unset PATH\nRUN ls\n",
        "FROM debian\nRUN A=1\nRUN echo $A\n",
        "FROM debian\nRUN for f in a b; do touch $f; done\nRUN echo $f\n",
        "FROM debian\nRUN f() { true; }\nRUN f\n",
        "FROM debian\nRUN if true; then cd /tmp; fi\nRUN pwd\n",
        "FROM debian\nRUN $CMD /tmp\nRUN pwd\n",
        /* not adjacent, or something changes the environment between */
        "FROM debian\nRUN mkdir /a\nENV A=1\nRUN mkdir /b\n",
        "FROM debian\nRUN mkdir /a\nARG A\nRUN mkdir /b\n",
        "FROM debian\nRUN mkdir /a\nWORKDIR /a\nRUN mkdir b\n",
        "FROM debian\nRUN mkdir /a\nUSER nobody\nRUN mkdir /tmp/b\n",
        "FROM debian\nRUN mkdir /a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN mkdir /b\n",
        "FROM debian AS a\nRUN mkdir /a\nFROM debian\nRUN mkdir /b\n",
        /* flags must not spread */
        "FROM debian\nRUN --mount=type=secret,id=t cat /run/secrets/t > /dev/null\nRUN mkdir /b\n",
        "FROM debian\nRUN mkdir /a\nRUN --mount=type=cache,target=/root/.cache mkdir /b\n",
        /* exec form, heredocs, background jobs, services */
        "FROM debian\nRUN [\"mkdir\", \"/a\"]\nRUN mkdir /b\n",
        "FROM debian\nRUN <<EOF\nmkdir /a\nEOF\nRUN mkdir /b\n",
        "FROM debian\nRUN cat <<EOF > /a\nx\nEOF\nRUN mkdir /b\n",
        "FROM debian\nRUN sleep 1 &\nRUN mkdir /b\n",
        "FROM debian\nRUN service mysql start\nRUN mysql -e 'select 1'\n",
        "FROM debian\nRUN nohup sleep 9\nRUN mkdir /b\n",
        /* a shell comment would swallow the && */
        "FROM debian\nRUN mkdir /a # first\nRUN mkdir /b\n",
        /* the author's ignore comments keep their target */
        "FROM debian\nRUN mkdir /a\n# dfopt ignore=DF001\nRUN mkdir /b\n",
        "FROM debian\n# hadolint ignore=DL3008\nRUN mkdir /a\nRUN mkdir /b\n",
        /* non-POSIX shells and Windows */
        "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN mkdir /a\nRUN mkdir /b\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN mkdir a\nRUN mkdir b\n",
        "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver\nRUN mkdir a\nRUN mkdir b\n",
        /* ONBUILD RUNs */
        "FROM debian\nONBUILD RUN mkdir /a\nONBUILD RUN mkdir /b\n",
        /* errexit (SHELL -e): compound commands left of && would lose it */
        "FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN if true; then false; echo x; fi\nRUN mkdir /b\n",
        "FROM debian\nRUN set -e; false; echo x\nRUN mkdir /b\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

static void test_errexit_plain(void **state)
{
    (void)state;
    /* under SHELL -e a RUN of plain commands may go first */
    aggressive("FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN mkdir /a; chmod 700 /a\nRUN mkdir /b\n",
          "FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN mkdir /a; chmod 700 /a && \\\n    mkdir /b\n");
}

static void test_policy(void **state)
{
    (void)state;
    /* long self-contained RUNs stay apart by default */
    const char *longs = "FROM debian\nRUN curl -fsSL https://example.org/a.tar.gz | tar -xz -C /opt && /opt/a/install.sh --prefix=/usr/local\n"
                        "RUN mkdir /b\n";
    SILENT(longs);
    aggressive(longs, "FROM debian\nRUN curl -fsSL https://example.org/a.tar.gz | tar -xz -C /opt && /opt/a/install.sh --prefix=/usr/local && \\\n"
                      "    mkdir /b\n");
    /* complete apt layers (update, install, clean) stay apart */
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
           "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n");
    /* an install that reads the first RUN's index joins it */
    one("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b && rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_INFO, DF_APPLY_SAFE, true, "reads the package index the first RUN's update fetched", NULL);
    /* a lone apt-get update is DF005's */
    SILENT("FROM debian\nRUN apt-get update\nRUN apt-get install -y b\n");
    /* aggressive: a RUN that changes state goes in a subshell */
    aggressive("FROM debian\nRUN cd /tmp && touch x\nRUN touch y\n", "FROM debian\nRUN ( cd /tmp && touch x ) && \\\n    touch y\n");
    /* even aggressive leaves unsafe pairs apart */
    aggressive("FROM debian\nRUN mkdir /a\nENV A=1\nRUN mkdir /b\n", "FROM debian\nRUN mkdir /a\nENV A=1\nRUN mkdir /b\n");
    aggressive("FROM debian\nRUN set -e; cd /a\nRUN touch y\n", "FROM debian\nRUN set -e; cd /a\nRUN touch y\n");
}

/* Every name passes/layers.c knows, asked through a join: a builtin whose
 * effect outlives it puts its RUN in a subshell, a service starter keeps
 * the RUNs apart, and names next to them in the table's order (same
 * length, one byte off) are plain commands. */
static void test_every_leaker_and_daemon(void **state)
{
    (void)state;
    static const char *const leakers[] = {
        ".", "alias", "builtin", "cd", "chdir", "declare", "disown", "emulate", "enable", "eval", "exec", "exit",
        "export", "getopts", "hash", "let", "local", "mapfile", "newgrp", "popd", "pushd", "read", "readarray",
        "readonly", "return", "set", "setopt", "shift", "shopt", "source", "trap", "typeset", "ulimit", "umask",
        "unalias", "unset", "unsetopt",
    };
    static const char *const daemons[] = {
        "daemonize", "nohup", "rc-service", "service", "setsid", "start-stop-daemon", "systemctl",
    };
    static const char *const plain[] = {
        ",", "/", "cc", "ce", "lex", "sex", "sez", "aaaa", "zzzz", "popc", "unseu", "unsetopu", "daemonizf",
        "rc-servicf", "start-stop-daemoo", "start-stop-daemons", "setsie", "servicd", "a", "abcdefghijklmnopqrst",
    };
    char in[160], want[160];
    for (size_t i = 0; i < sizeof leakers / sizeof *leakers; i++) {
        snprintf(in, sizeof in, "FROM debian\nRUN %s x\nRUN touch /y\n", leakers[i]);
        snprintf(want, sizeof want, "FROM debian\nRUN ( %s x ) && \\\n    touch /y\n", leakers[i]);
        aggressive(in, want);
    }
    for (size_t i = 0; i < sizeof daemons / sizeof *daemons; i++) {
        snprintf(in, sizeof in, "FROM debian\nRUN %s x\nRUN touch /y\n", daemons[i]);
        aggressive(in, in);
        /* also behind a wrapper, or as one */
        snprintf(in, sizeof in, "FROM debian\nRUN sudo %s x\nRUN touch /y\n", daemons[i]);
        aggressive(in, in);
    }
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        snprintf(in, sizeof in, "FROM debian\nRUN %s x\nRUN touch /y\n", plain[i]);
        snprintf(want, sizeof want, "FROM debian\nRUN %s x && \\\n    touch /y\n", plain[i]);
        aggressive(in, want);
    }
}

/* Windows images run RUN with cmd or Windows PowerShell (no &&), also when
 * no SHELL line says so: through the image name, FROM $ARG and FROM stage. */
static void test_windows_by_inheritance(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN nuget restore\nRUN msbuild /p:Configuration=Release\n",
        "ARG BASE=mcr.microsoft.com/dotnet/framework/sdk:4.8\nFROM $BASE\nRUN mkdir a\nRUN mkdir b\n",
        "ARG BASE=mcr.microsoft.com/dotnet/framework/sdk:4.8\nFROM ${BASE} AS build\nFROM build\nRUN mkdir a\nRUN mkdir b\n",
        "FROM mcr.microsoft.com/powershell:lts-nanoserver-1809\nRUN mkdir a\nRUN mkdir b\n",
        "FROM golang:1.22-windowsservercore-ltsc2022\nRUN mkdir a\nRUN mkdir b\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        SILENT(cases[i]);
        aggressive(cases[i], cases[i]);
    }
    /* the Linux sibling of a Windows stage is still joined (aggressive) */
    aggressive("FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS w\nFROM debian\nRUN mkdir /a\nRUN mkdir /b\n",
               "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS w\nFROM debian\nRUN mkdir /a && \\\n    mkdir /b\n");
}

/* A join that only saves a layer is churn: by default only a shared package
 * index joins RUNs. */
static void test_official_keeps_runs_apart(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* short steps */
        "FROM debian\nRUN groupadd -r app\nRUN useradd -r -g app app\n",
        "FROM php:8.2\nRUN docker-php-ext-enable opcache\n\n# sodium too\nRUN docker-php-ext-enable sodium\n",
        /* apk --no-cache / --update fetch their own index: nothing shared */
        "FROM alpine\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n",
        "FROM alpine\nRUN apk update && apk add curl\nRUN apk add --update git\n",
        /* adds after a separate `RUN apk update` (review run 6, jaimebuelta
         * django template): none stores an index, a join saves nothing */
        "FROM alpine\nRUN apk update\n# python\nRUN apk add python3\nRUN apk add py3-pip\n",
        /* a plain add first (no update): DF007 gives it --no-cache */
        "FROM alpine\nRUN apk add curl\nRUN apk add git\n",
        /* metadata managers refresh by themselves */
        "FROM centos:7\nRUN yum install -y centos-release-scl\nRUN yum install -y devtoolset-8\n",
        /* a cache mount holds the index, not the layer */
        "FROM mcr.microsoft.com/azurelinux/base/core:3.0\nRUN --mount=type=cache,target=/var/cache/tdnf tdnf install -y a\n"
        "RUN --mount=type=cache,target=/var/cache/tdnf tdnf upgrade -y && tdnf clean all\n",
        "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y a\n"
        "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y b\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
    /* apk add without an index of its own reads the first RUN's */
    FIRES("FROM alpine\nRUN apk update && apk add curl\nRUN apk add git && rm -rf /var/cache/apk/*\n",
          "FROM alpine\nRUN apk update && apk add curl && \\\n    apk add git && rm -rf /var/cache/apk/*\n");
}

/* esminc/rails-docker-examples: the first RUN removes its lists, the next
 * pipes the NodeSource setup script (which updates) to bash and installs:
 * it reads no index of the first, and the join only saves a layer. */
/* review of 2026-12-04 (portainer dev-toolkit): a RUN that pipes a setup
 * script to a shell before its install (nodesource's setup_14.x adds its
 * repository and runs apt-get update itself) does not read the index of
 * the RUN before: joining them saves nothing. A pipe into anything else
 * (tee, apt-key) is not a setup script. */
static void test_piped_setup_script_updates_itself(void **state)
{
    (void)state;
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
           "RUN curl -fsSL https://deb.nodesource.com/setup_14.x | bash - \\\n    && apt-get install -y nodejs\n");
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
           "RUN curl -fsSL https://example.com/setup | sudo -E sh && apt-get install -y x\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
          "RUN curl -fsSL https://example.com/k.gpg | apt-key add - && apt-get install -y x\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && \\\n"
          "    curl -fsSL https://example.com/k.gpg | apt-key add - && apt-get install -y x\n");
    /* the script runs after the install: the install still reads the index */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
          "RUN apt-get install -y x && curl -fsSL https://example.com/s | bash\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && \\\n"
          "    apt-get install -y x && curl -fsSL https://example.com/s | bash\n");
}

static void test_no_join_after_removed_index(void **state)
{
    (void)state;
    SILENT("FROM ruby:2.6-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends make curl \\\n"
           "    && rm -rf /var/lib/apt/lists/*\n\nRUN curl -sL https://deb.nodesource.com/setup_10.x | bash - \\\n"
           "    && apt-get install -y nodejs\n");
    SILENT("FROM alpine\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\nRUN apk add git\n");
    /* the cleanup before the last install does not count: the index stays */
    one("FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y a\n"
        "RUN apt-get install -y b && rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_INFO, DF_APPLY_SAFE, true, "reads the package index the first RUN's update fetched", NULL);
}

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS build\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n"
                     "FROM debian\nCOPY --from=build /a /a\n";
    REPORTS(in);
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "share one layer", NULL);
}

/* pre-review before run 8 (molch's copy of google/protobuf's jenkins
 * image): `RUN apt-get install -y golang` and `RUN apt-get install -y npm`
 * both read the index an earlier RUN fetched; joined, that index stays in
 * the earlier layer and nothing is removed: the join saves only a layer.
 * DF001 joins installs only when a RUN of the chain fetched the index
 * itself (its update, a setup script piped to a shell). */
static void test_join_that_only_saves_a_layer(void **state)
{
    (void)state;
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN curl -fsSL https://x/key | apt-key add -\n"
           "RUN apt-get install -y golang\nRUN apt-get install -y npm\n");
    SILENT("FROM debian\nRUN apt-get install -y a\nRUN apt-get install -y b && rm -rf /var/lib/apt/lists/*\n");
    /* the chain's first RUN updates: the later ones join it, even when the
     * one before them has no update of its own */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\nRUN apt-get install -y c\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    apt-get install -y b && \\\n"
          "    apt-get install -y c\n");
    /* right after a lone `RUN apt-get update`, which DF005 moves into the
     * first install in the same round: the chain fetches the index */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y a\nRUN apt-get install -y b\n",
          "FROM debian\nRUN apt-get update\nRUN apt-get install -y a && \\\n    apt-get install -y b\n");
    /* not when something stands between (DF005 does not move it there) */
    SILENT("FROM debian\nRUN apt-get update\nENV X=1\nRUN apt-get install -y a\nRUN apt-get install -y b\n");
    /* a setup script piped to a shell updates the index itself */
    FIRES("FROM debian\nRUN curl -sL https://deb.nodesource.com/setup_18.x | bash - && apt-get install -y nodejs\n"
          "RUN apt-get install -y yarn\n",
          "FROM debian\nRUN curl -sL https://deb.nodesource.com/setup_18.x | bash - && apt-get install -y nodejs && \\\n"
          "    apt-get install -y yarn\n");
}

/* Run 6 class "DF001 joins RUNs under a comment that keeps them apart on
 * purpose" (apache/whimsy: "Add new items at the end so previous layers
 * can be re-used"): below a comment with a phrase of
 * "layer_intent_comments" (data/package-managers.json), no RUN is joined to
 * the one before it, in any policy. */
static void test_layering_comment_keeps_runs_apart(void **state)
{
    (void)state;
    const char *whimsy = "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n\n"
                         "# Add new items at the end so previous layers can be re-used\n\n"
                         "# for editing/viewing files only in the container\n"
                         "RUN DEBIAN_FRONTEND='noninteractive' apt-get install -y vim\n\n"
                         "# for checking ldap settings etc\n"
                         "RUN DEBIAN_FRONTEND='noninteractive' apt-get install -y ldap-utils\n";
    SILENT(whimsy);
    /* other phrasings, any case, between the RUNs or inside a continuation */
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a\n# Keep separate: better caching\nRUN apt-get install -y b\n");
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a\n# own LAYER for the compiler\nRUN apt-get install -y b\n");
    SILENT("FROM debian\nRUN apt-get update && \\\n# a separate layer for each tool\n    apt-get install -y a\n"
           "RUN apt-get install -y b\n");
    /* in the aggressive policy too */
    aggressive("FROM debian\n# separate RUNs for the layer cache\nRUN mkdir /a\nRUN mkdir /b\n",
               "FROM debian\n# separate RUNs for the layer cache\nRUN mkdir /a\nRUN mkdir /b\n");
    /* RUNs above the comment are still joined; the comment stops the rest */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n"
          "# new items below, so previous layers can be reused\nRUN apt-get install -y c\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    apt-get install -y b\n"
          "# new items below, so previous layers can be reused\nRUN apt-get install -y c\n");
    /* under --merge=aggressive, a comment that says nothing about layers
     * does not stop the join (the default policy keeps such sections
     * apart: test_section_comments_keep_runs_apart) */
    aggressive("FROM debian\nRUN apt-get update && apt-get install -y a\n# the compiler (cached by apt)\nRUN apt-get install -y b\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n# the compiler (cached by apt)\n    apt-get install -y b\n");
    /* a phrase outside a comment does not count */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && echo 'separate layer'\nRUN apt-get install -y b\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && echo 'separate layer' && \\\n    apt-get install -y b\n");
}

/* Issue 11 (wrong message, apps 092 and 116): "the second install reads
 * the package index of the first" when the first RUN is an install, not an
 * update: both read the index an earlier RUN's update fetched. */
/* Does every RUN of the Dockerfile text parse as a shell script (`sh -n`
 * on the logical line BuildKit runs: continuations joined, comment lines
 * dropped)? */
static void assert_runs_parse(const char *text)
{
    df_source src;
    assert_int_equal(df_source_init(&src, "Dockerfile", text, strlen(text)), 0);
    df_parse_error err;
    df_doc *doc = df_parse(&src, &err);
    assert_non_null(doc);
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const df_instr *in = doc->instrs[i];
        if (in->cmd != DF_CMD_RUN || in->json)
            continue;
        FILE *sh = popen("sh -n", "w");
        assert_non_null(sh);
        fwrite(in->line.text + in->rest_lstart, 1, in->rest_lend - in->rest_lstart, sh);
        fputc('\n', sh);
        if (pclose(sh) != 0)
            fail_msg("sh -n rejects line %zu of:\n%s", in->start_line, text);
    }
    df_doc_free(doc);
    df_source_release(&src);
}

/* Issue 11 class "DF001/DF005 join across section comments"
 * (Nipun258/laravel-docker's php image: `# mix`, `# intl`, `# gd`, one RUN
 * each; stemount's rails template: "# Developers are ultimately gonna
 * install these anyway."): a comment line between two RUNs heads the later
 * one as a section of its own. The default policy reports the join without
 * a fix; a lone `apt-get update` (the correctness bug) still moves into
 * the install below the comment (DF005), the comment staying above it. A
 * chain whose RUNs put && at opposite line ends is never joined: one line
 * would carry && at both ends. */
static void test_section_comments_keep_runs_apart(void **state)
{
    (void)state;
    const char *nipun = "FROM php:8.3-fpm\n\n# mix\nRUN apt-get update \\\n  && apt-get install -y git \\\n"
                        "  && docker-php-ext-install zip\n\n# intl\nRUN apt-get install -y libicu-dev \\\n"
                        "  && docker-php-ext-install intl\n\n# gd\nRUN apt-get install -y libpng-dev && \\\n"
                        "docker-php-ext-install gd\n";
    REPORTS(nipun);
    one(nipun, false, DF_SEV_INFO, -1, false,
        "this RUN could share one layer with the RUN at line 4 (the second install reads the package index the first "
        "RUN's update fetched); not joined: a comment line above it heads it as a section of its own",
        NULL);
    const char *stemount = "FROM ruby:buster\nRUN apt-get update -qq && apt-get install -y build-essential \\\n"
                           "    nodejs\n\n# Developers are ultimately gonna install these anyway.\n"
                           "RUN apt-get install -y nano \\\n    vim\n";
    REPORTS(stemount);
    /* a comment right above, with no blank line, and an indented one */
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\n# b\nRUN apt-get install -y b\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\n\n    # b\nRUN apt-get install -y b\n");
    /* the section's RUN reads the index too: it stays in the layers, and
     * joining the RUNs above the section would save nothing (mozilla/mig's
     * http2 image: two RUNs joined, the third under "# The list of
     * packages nghttp2 recommends for h2load:") */
    const char *three = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n\n"
                        "# c\nRUN apt-get install -y c\n";
    REPORTS(three);
    one(three, false, DF_SEV_INFO, -1, false,
        "2 adjacent RUNs (lines 2 to 3) could share one layer (the second install reads the package index the first "
        "RUN's update fetched); not joined: the RUN at line 6 reads the same package index and stays apart (a comment "
        "line above it heads it as a section of its own), so the index stays in the layers",
        NULL);
    /* a section that fetches its own index: the RUNs above it are joined */
    const char *own = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n\n"
                      "# c\nRUN apt-get update && apt-get install -y c\n";
    const char *own_out = "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    apt-get install -y b\n\n"
                          "# c\nRUN apt-get update && apt-get install -y c\n";
    FIRES(own, own_out);
    assert_runs_parse(own_out);
    /* the lone update moves into the install under the comment (DF005's
     * fix, checked with every rule on) */
    df_options o;
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++)
        o.enabled[i] = strcmp(df_rules[i]->id, "DF001") == 0 || strcmp(df_rules[i]->id, "DF005") == 0;
    const char *lone = "FROM debian\n# Install required dependencies.\nRUN apt-get update -qq\nRUN apt-get install -y a \\\n"
                       "    b\n\n# Developers are ultimately gonna install these anyway.\nRUN apt-get install -y nano\n";
    const char *lone_out = "FROM debian\n# Install required dependencies.\nRUN apt-get update -qq && \\\n"
                           "    apt-get install -y a \\\n    b\n\n# Developers are ultimately gonna install these anyway.\n"
                           "RUN apt-get install -y nano\n";
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", lone, strlen(lone), &o, NULL, &res), 0);
    if (res.output.len != strlen(lone_out) || memcmp(res.output.data, lone_out, res.output.len) != 0)
        fail_msg("output:\n%.*s\nwant:\n%s", (int)res.output.len, res.output.data, lone_out);
    df_run_result_release(&res);
    assert_runs_parse(lone_out);
    /* --merge=aggressive asks for the join: the comment goes inside the
     * continuation, where BuildKit drops it and the shell parses the rest */
    const char *agg_out = "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n# b\n    apt-get install -y b\n";
    aggressive("FROM debian\nRUN apt-get update && apt-get install -y a\n# b\nRUN apt-get install -y b\n", agg_out);
    assert_runs_parse(agg_out);
    /* && at line starts in one RUN, at line ends in the next: never
     * joined (the gd line would read `  && apt-get install ... && \`) */
    const char *mixed = "FROM debian\nRUN apt-get update \\\n  && apt-get install -y a \\\n  && echo a\n"
                        "RUN apt-get install -y b && \\\n    echo b\n";
    REPORTS(mixed);
    one(mixed, false, DF_SEV_INFO, -1, false, "put their && at opposite line ends", NULL);
    aggressive(mixed, mixed);
    assert_runs_parse(nipun);
}

static void test_index_message_says_whose(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt-get update\nRUN apt-get install -y a\nRUN apt-get install -y b\n";
    df_run_result res;
    run_text(&res, in, false);
    bool seen = false;
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        if (strcmp(d->rule->id, "DF001") != 0)
            continue;
        seen = true;
        assert_null(strstr(d->message, "of the first"));
        assert_non_null(strstr(d->message, "the installs read the package index an earlier update fetched"));
    }
    assert_true(seen);
    df_run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_message_says_whose),
        cmocka_unit_test(test_section_comments_keep_runs_apart),
        cmocka_unit_test(test_exact),       cmocka_unit_test(test_styles),        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_traps_stay_apart), cmocka_unit_test(test_errexit_plain), cmocka_unit_test(test_policy),
        cmocka_unit_test(test_build_stage), cmocka_unit_test(test_windows_by_inheritance),
        cmocka_unit_test(test_official_keeps_runs_apart),
        cmocka_unit_test(test_piped_setup_script_updates_itself),
        cmocka_unit_test(test_no_join_after_removed_index),
        cmocka_unit_test(test_layering_comment_keeps_runs_apart),
        cmocka_unit_test(test_join_that_only_saves_a_layer),
        cmocka_unit_test(test_every_leaker_and_daemon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
