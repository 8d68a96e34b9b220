/*
 * test_df024.c - DF024 useradd-log-init through df_run(): where the flag
 * goes and in which spelling, the adduser advice, what stays silent, build
 * stages, exact output and idempotence.
 */
#define RULE "DF024"
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

static void test_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian:bullseye\nRUN useradd -m -u 10001 app\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "useradd without --no-log-init: bullseye writes lastlog and faillog "
                                    "records at an offset of the uid, and the layer stores the sparse files in full "
                                    "(about 3 MB for uid 10001)");
    assert_int_equal(d->severity, DF_SEV_INFO);
    assert_int_equal(d->span.start, strstr(in, "useradd") - in);
    assert_int_equal(d->span.end, strstr(in, " -m") - in);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "add -l after useradd");
    assert_true(d->applied);
    assert_string_equal(res.output.data, "FROM debian:bullseye\nRUN useradd -l -m -u 10001 app\n");
    df_run_result_release(&res);
}

static void test_fires(void **state)
{
    (void)state;
    /* long options: the long flag */
    FIRES("FROM debian:bullseye\nRUN useradd --create-home --uid \"$UID\" app\n",
          "FROM debian:bullseye\nRUN useradd --no-log-init --create-home --uid \"$UID\" app\n");
    /* no option at all: the long flag, which says what it does (shown:
     * the first uid, 1000, costs 0.3 MB) */
    one("FROM debian:bullseye\nRUN useradd app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL,
        "add --no-log-init after useradd");
    /* mixed: long */
    FIRES("FROM debian:bullseye\nRUN useradd -m --shell /bin/bash -u \"$UID\" app\n",
          "FROM debian:bullseye\nRUN useradd --no-log-init -m --shell /bin/bash -u \"$UID\" app\n");
    /* behind sudo, a path, in a chain, in ONBUILD, in a heredoc */
    FIRES("FROM debian:bullseye\nRUN groupadd -g 1000 app && sudo /usr/sbin/useradd -u 100000 -g app app && echo ok\n",
          "FROM debian:bullseye\nRUN groupadd -g 1000 app && sudo /usr/sbin/useradd -l -u 100000 -g app app && echo ok\n");
    FIRES("FROM debian:bullseye\nONBUILD RUN useradd -r -u 70000 app\n",
          "FROM debian:bullseye\nONBUILD RUN useradd -l -r -u 70000 app\n");
    FIRES("FROM debian:bullseye\nRUN <<EOF\nset -e\nuseradd -m -u 70000 app\nEOF\n",
          "FROM debian:bullseye\nRUN <<EOF\nset -e\nuseradd -l -m -u 70000 app\nEOF\n");
    /* two calls: two findings */
    FIRES_N("FROM debian:bullseye\nRUN useradd -u 70001 a; useradd -u 70002 b\n",
            "FROM debian:bullseye\nRUN useradd -l -u 70001 a; useradd -l -u 70002 b\n", 2);
    /* CRLF and continuation lines untouched around the insertion */
    FIRES("FROM debian:bullseye\r\nRUN useradd \\\r\n  -u 100000 app\r\n",
          "FROM debian:bullseye\r\nRUN useradd -l \\\r\n  -u 100000 app\r\n");
    /* the cost says what a large uid means */
    one("FROM debian:bullseye\nRUN useradd -u 1000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "about 0.3 MB", NULL);
    one("FROM debian:bullseye\nRUN useradd -u 65536 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "about 21 MB", NULL);
    one("FROM debian:bullseye\nRUN useradd -u 1000000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "about 324 MB for uid 1000000",
        "-l");
    one("FROM debian:bullseye\nRUN useradd -u 2000000000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, "about 648 GB", NULL);
    one("FROM debian:bullseye\nRUN useradd --uid=$UID app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "up to gigabytes when the uid $UID is large", "--no-log-init");
}

static void test_adduser(void **state)
{
    (void)state;
    /* Debian's adduser with a large or unknown uid: advice only */
    one("FROM debian\nRUN adduser --disabled-password --gecos '' --uid 200000 app\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false, "adduser runs useradd without --no-log-init", "useradd --no-log-init");
    one("FROM debian\nRUN adduser --uid \"$UID\" app\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, NULL);
    REPORTS("FROM debian\nRUN adduser --uid=70000 app\n");
    /* a small uid: not worth another command */
    SILENT("FROM debian\nRUN adduser --disabled-password --uid 1000 app\n");
    SILENT("FROM debian\nRUN adduser --disabled-password app\n");
    /* BusyBox adduser (Alpine) writes no lastlog */
    SILENT("FROM alpine\nRUN adduser -D -u 200000 app\n");
    SILENT("FROM alpine\nRUN adduser -S -D -H -u \"$UID\" app\n");
}

static void test_silent(void **state)
{
    (void)state;
    SILENT("FROM debian:bullseye\nRUN useradd -l -m app\n");
    SILENT("FROM debian:bullseye\nRUN useradd -lm app\n");
    SILENT("FROM debian:bullseye\nRUN useradd -ml -u 5 app\n");
    SILENT("FROM debian:bullseye\nRUN useradd --no-log-init -u 1000 app\n");
    SILENT("FROM debian:bullseye\nRUN useradd -u 1000 app --no-log-init\n");
    /* -D: defaults, no user created */
    SILENT("FROM debian:bullseye\nRUN useradd -D -s /bin/bash\n");
    /* an option value that looks like l is a value */
    FIRES("FROM debian:bullseye\nRUN useradd -s l -u 70000 app\n", "FROM debian:bullseye\nRUN useradd -l -s l -u 70000 app\n");
    /* not a command */
    SILENT("FROM debian\nRUN echo useradd app\n");
    SILENT("FROM debian\nRUN [\"useradd\", \"app\"]\n");
    SILENT("FROM mcr.microsoft.com/windows/servercore\nSHELL [\"powershell\", \"-Command\"]\nRUN useradd app\n");
}

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS build\nRUN useradd -u 1000 b\nFROM debian\nRUN useradd -l -u 1000 a\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "not applied");
}

/* Whether the flag is added follows the base image: measured to grow the
 * files (bullseye): always; measured not to (bookworm, trixie): never, info;
 * not known: only for a uid that is a variable or above 65535. */
static void test_by_base(void **state)
{
    (void)state;
    /* bookworm and trixie, by codename, number or suite word in another image's tag */
    one("FROM debian:bookworm-slim\nRUN useradd -m -u 100000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "harmless on bookworm", "not applied: useradd on this base does not grow the files");
    REPORTS("FROM debian:12\nRUN useradd -u \"$UID\" app\n");
    REPORTS("FROM debian:13-slim\nRUN useradd -u 1000 app\n");
    REPORTS("FROM python:3.12-slim-bookworm\nRUN useradd -u 200000 app\n");
    REPORTS("FROM node:22-trixie AS base\nFROM base\nRUN useradd -u 200000 app\n");
    /* bullseye: from 1 MB saved (test_bullseye_small_uid_advice_only) */
    one("FROM ruby:3.1-bullseye\nRUN useradd -u 5000 app\n", false, DF_SEV_INFO, DF_APPLY_SAFE, true, "bullseye writes",
        NULL);
    FIRES("FROM debian:11\nRUN useradd -u $UID app\n", "FROM debian:11\nRUN useradd -l -u $UID app\n");
    REPORTS("FROM debian:11\nRUN useradd app\n");
    /* not known: the uid decides */
    one("FROM ubuntu:22.04\nRUN useradd -m -u 1000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "the base, ubuntu:22.04, is not measured", "not applied: the uid is below 65536 and the base is not measured");
    REPORTS("FROM debian\nRUN useradd app\n");
    FIRES("FROM ubuntu:22.04\nRUN useradd -m -u 100000 app\n", "FROM ubuntu:22.04\nRUN useradd -l -m -u 100000 app\n");
    FIRES("FROM myorg/base:1.2\nARG UID\nRUN useradd -u $UID app\n", "FROM myorg/base:1.2\nARG UID\nRUN useradd -l -u $UID app\n");
    /* a word that only contains a suite name is not one */
    FIRES("FROM myorg/bookwormish:1\nRUN useradd -u 70000 app\n", "FROM myorg/bookwormish:1\nRUN useradd -l -u 70000 app\n");
}

/* pre-review before run 8 (redfieldchristabel/laravel-dockerize): `useradd
 * -u ${uid}` two lines below `ENV uid=1000` was taken for an unknown,
 * possibly large uid and rewritten; the uid is 1000, where the small-uid
 * rule holds the fix. A uid written as one variable that an ENV of the
 * stage (or of a stage it is built FROM) sets to a number is that number;
 * an ARG default is not (--build-arg replaces it, with the host's uid). */
static void test_uid_set_by_env_in_the_file(void **state)
{
    (void)state;
    const char *laravel = "ARG PHP_VERSION=8.4\nFROM php:${PHP_VERSION}-cli AS base\nENV user=laravel\nENV uid=1000\n"
                          "RUN getent group www-data || groupadd -r www-data; \\\n"
                          "    useradd -r -G www-data -u ${uid} -d /home/${user} ${user} && \\\n"
                          "    mkdir -p /home/${user}/.composer\n";
    REPORTS(laravel);
    one(laravel, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "about 0.3 MB for uid 1000",
        "not applied: the uid is below 65536 and the base is not measured");
    /* $uid, quoted, --uid=, in a stage built FROM the one that sets it */
    REPORTS("FROM ubuntu:22.04\nENV uid=1000\nRUN useradd -m -u \"$uid\" app\n");
    REPORTS("FROM ubuntu:22.04\nENV APP_UID=\"1001\" APP=app\nRUN useradd --create-home --uid=${APP_UID} app\n");
    REPORTS("FROM ubuntu:22.04 AS base\nENV uid 1000\nFROM base\nRUN useradd -u $uid app\n");
    /* a large number from ENV is still large */
    FIRES("FROM ubuntu:22.04\nENV uid=100000\nRUN useradd -u ${uid} app\n",
          "FROM ubuntu:22.04\nENV uid=100000\nRUN useradd -l -u ${uid} app\n");
    /* not known: an ARG default, ENV from a variable, a later ENV, another
     * stage's ENV, the script setting it first, ONBUILD */
    FIRES("FROM ubuntu:22.04\nARG uid=1000\nRUN useradd -u ${uid} app\n",
          "FROM ubuntu:22.04\nARG uid=1000\nRUN useradd -l -u ${uid} app\n");
    FIRES("FROM ubuntu:22.04\nARG UID\nENV uid=$UID\nRUN useradd -u ${uid} app\n",
          "FROM ubuntu:22.04\nARG UID\nENV uid=$UID\nRUN useradd -l -u ${uid} app\n");
    FIRES("FROM ubuntu:22.04\nENV uid=1000\nENV uid=${HOST_UID}\nRUN useradd -u ${uid} app\n",
          "FROM ubuntu:22.04\nENV uid=1000\nENV uid=${HOST_UID}\nRUN useradd -l -u ${uid} app\n");
    FIRES("FROM ubuntu:22.04\nRUN useradd -u $uid app\nENV uid=1000\n",
          "FROM ubuntu:22.04\nRUN useradd -l -u $uid app\nENV uid=1000\n");
    FIRES("FROM ubuntu:22.04 AS a\nENV uid=1000\nFROM ubuntu:22.04\nRUN useradd -u $uid app\n",
          "FROM ubuntu:22.04 AS a\nENV uid=1000\nFROM ubuntu:22.04\nRUN useradd -l -u $uid app\n");
    FIRES("FROM ubuntu:22.04\nENV uid=1000\nRUN uid=$(stat -c %u /src) && useradd -u $uid app\n",
          "FROM ubuntu:22.04\nENV uid=1000\nRUN uid=$(stat -c %u /src) && useradd -l -u $uid app\n");
    FIRES("FROM ubuntu:22.04\nENV uid=1000\nONBUILD RUN useradd -u $uid app\n",
          "FROM ubuntu:22.04\nENV uid=1000\nONBUILD RUN useradd -l -u $uid app\n");
    /* more than the variable: not resolved */
    FIRES("FROM ubuntu:22.04\nENV uid=1000\nRUN useradd -u ${uid}00 app\n",
          "FROM ubuntu:22.04\nENV uid=1000\nRUN useradd -l -u ${uid}00 app\n");
}

/* Run 6 class "DF024 on nodejs docker-node bullseye-slim": `useradd --uid
 * 1000` on bullseye saves about 0.3 MB, in files a template generates:
 * not worth a pull request. The rewrite starts where it saves 1 MB or
 * more ((uid + 1) x 324 bytes: uid 3086), or where the uid is a variable;
 * below that the fix is shown, not applied. */
static void test_bullseye_small_uid_advice_only(void **state)
{
    (void)state;
    const char *node = "FROM debian:bullseye-slim\nRUN groupadd --gid 1000 node \\\n"
                       "  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node\n";
    REPORTS(node);
    one(node, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "bullseye writes lastlog and faillog records at an offset "
        "of the uid, and the layer stores the sparse files in full (about 0.3 MB for uid 1000)",
        "add --no-log-init after useradd (not applied: it saves less than 1 MB, not worth a change)");
    /* the threshold: uid 3085 costs 999,864 bytes, uid 3086 1,000,188 */
    REPORTS("FROM debian:bullseye\nRUN useradd -u 3085 app\n");
    FIRES("FROM debian:bullseye\nRUN useradd -u 3086 app\n", "FROM debian:bullseye\nRUN useradd -l -u 3086 app\n");
    /* a system uid, or no uid: below it */
    REPORTS("FROM debian:bullseye\nRUN useradd -r app\n");
    /* a variable uid can be anything: rewritten */
    FIRES("FROM debian:bullseye-slim\nARG UID=1000\nRUN useradd -u ${UID} app\n",
          "FROM debian:bullseye-slim\nARG UID=1000\nRUN useradd -l -u ${UID} app\n");
}

/* Issue 11 (wrong message, couchdb 2.3.1 and 3.1.2 on buster): "(about 2
 * MB for uid 5984)" then "a small uid ... at most 0.3 MB", and buster "not
 * known to grow the files" next to "older shadow releases write records".
 * One statement: what was measured, that this base was not, and the cost
 * if it does; the reason for not applying contradicts none of it. */
static void test_unmeasured_base_one_statement(void **state)
{
    (void)state;
    const char *in = "FROM debian:buster-slim\nRUN groupadd -g 5984 -r couchdb && useradd -u 5984 -d /opt/couchdb "
                     "-g couchdb couchdb\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "useradd without --no-log-init: where useradd writes lastlog and faillog records at an offset of the uid, "
        "the layer stores the sparse files in full (measured: bullseye does, bookworm and trixie do not); the base, "
        "debian:buster-slim, is not measured (if it does: about 2 MB for uid 5984)",
        "add -l after useradd (not applied: the uid is below 65536 and the base is not measured)");
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_null(strstr(d->message, "older shadow releases"));
    assert_null(strstr(d->fix->description, "small uid"));
    assert_null(strstr(d->fix->description, "0.3 MB"));
    assert_null(strstr(d->fix->description, "not known to grow"));
    df_run_result_release(&res);
    /* a uid below 100 KB is said in KB, not "about 0.0 MB" */
    one("FROM debian:trixie\nRUN useradd -u 101 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "(about 33 KB for uid 101)", NULL);
}

/* Class "DF024 says the base is not measured for tags whose suite is
 * known" (issue #11, mozilla/mozmoderator's python:3.14-slim, php:8.5-cli):
 * an official image's tag that names no suite runs on the suite data
 * "default_suites" gives (trixie for python 3.10 to 3.14, php 8.2 to 8.5,
 * as of 2026-08-21; node 22 and 24: bookworm), both measured not to grow
 * the files: info, the fix shown, not applied, and the message says which
 * suite and as of when. A tag with a suite word is read as such; alpine,
 * versions no longer built (python:3.8) and other images stay not known. */
static void test_official_tag_default_suite_is_measured(void **state)
{
    (void)state;
    one("FROM python:3.14-slim AS prod\nRUN useradd -g $GID -u $UID -M -s /bin/bash app\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false,
        "useradd without --no-log-init: harmless on trixie, the suite of python:3.14-slim as of 2026-08-21, where "
        "useradd was measured not to grow lastlog and faillog",
        "add -l after useradd (not applied: useradd on this base does not grow the files)");
    one("FROM php:8.5-cli\nRUN useradd -u 200000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "harmless on trixie, the suite of php:8.5-cli as of 2026-08-21", NULL);
    one("FROM python:3.12\nRUN useradd -u 200000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "harmless on trixie, the suite of python:3.12 as of", NULL);
    one("FROM docker.io/library/python:latest\nRUN useradd -u 200000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY,
        false, "harmless on trixie, the suite of python:latest as of", NULL);
    one("FROM node:22-slim\nRUN useradd -u 200000 app\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "harmless on bookworm, the suite of node:22-slim as of", NULL);
    /* the tag's own suite word wins */
    one("FROM python:3.12-slim-bullseye\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "bullseye writes", NULL);
    /* not known: no longer built, alpine, an image without data, a major
     * that is not the version (3 is not 3.9) */
    one("FROM python:3.8-slim\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base, python:3.8-slim, is not measured", NULL);
    one("FROM python:3.9\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base, python:3.9, is not measured", NULL);
    /* a patch release was built once, on the suite of its day; a tag with
     * a suite word that was not measured is that suite's */
    one("FROM python:3.11.8\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base, python:3.11.8, is not measured", NULL);
    one("FROM node:lts-buster-slim\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base, node:lts-buster-slim, is not measured", NULL);
    one("FROM python:3.14-alpine\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "is not measured", NULL);
    one("FROM mypython:3.14-slim\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "is not measured", NULL);
}

/* Review (issue #11, qdrant/qdrant): the last stage is built
 * `FROM qdrant-${GPU:+gpu-}${GPU:-cpu}`, a stage the ARG picks among
 * qdrant-cpu (debian:13-slim, measured not to grow the files) and
 * qdrant-gpu-nvidia / qdrant-gpu-amd (Ubuntu 22.04 images, not measured).
 * DF024 asks every stage the word can name and says which is which: not
 * all measured, a uid that is a variable: the flag is added. When every
 * one is measured not to grow, it is info and shown only; when one grows
 * them, added. A word made of a variable alone can name any image: not
 * known, as before. */
static void test_base_stage_picked_by_arg(void **state)
{
    (void)state;
    const char *qdrant = "ARG GPU\nFROM debian:13-slim AS qdrant-cpu\n"
                         "FROM nvidia/opengl:1.2-glvnd-devel-ubuntu22.04 AS qdrant-gpu-nvidia\n"
                         "FROM rocm/dev-ubuntu-22.04 AS qdrant-gpu-amd\n"
                         "FROM qdrant-${GPU:+gpu-}${GPU:-cpu} AS qdrant\nARG USER_ID=0\n"
                         "RUN if [ \"$USER_ID\" != 0 ]; then useradd --uid \"$USER_ID\" -m qdrant; fi\n"
                         "CMD [\"./qdrant\"]\n";
    one(qdrant, false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base is a stage an ARG picks, not all of them measured: qdrant-cpu (debian:13-slim, trixie: does not "
        "grow them), qdrant-gpu-nvidia (nvidia/opengl:1.2-glvnd-devel-ubuntu22.04: not measured), qdrant-gpu-amd "
        "(rocm/dev-ubuntu-22.04: not measured) (if one does: up to gigabytes when the uid $USER_ID is large)",
        "add --no-log-init after useradd");
    /* a uid below 65536: shown, not applied, and the reason says why */
    one("FROM debian:13-slim AS app-cpu\nFROM ubuntu:22.04 AS app-gpu\nARG V=cpu\nFROM app-${V}\n"
        "RUN useradd -u 1001 app\n",
        false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "app-cpu (debian:13-slim, trixie: does not grow them), app-gpu "
        "(ubuntu:22.04: not measured)",
        "add -l after useradd (not applied: the uid is below 65536 and not every base an ARG can pick is measured)");
    /* every stage it can pick is measured not to grow the files */
    one("FROM debian:bookworm-slim AS base-a\nFROM debian:trixie AS base-b\nFROM base-${V:-a}\n"
        "RUN useradd -u 200000 app\n",
        false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "useradd without --no-log-init: harmless on every stage an ARG can pick as the base (base-a "
        "(debian:bookworm-slim, bookworm: does not grow them), base-b (debian:trixie, trixie: does not grow them))",
        "add -l after useradd (not applied: useradd on this base does not grow the files)");
    /* one grows them: the flag is added; a stage built on a picked stage
     * counts with its own base */
    one("FROM debian:bullseye-slim AS old\nFROM old AS base-a\nFROM debian:trixie AS base-b\nFROM base-${V:-a}\n"
        "RUN useradd -u 200000 app\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "the base is a stage an ARG picks (base-a (debian:bullseye-slim, bullseye: grows them), base-b "
        "(debian:trixie, trixie: does not grow them)); where it grows them",
        NULL);
    /* a variable alone can name any stage or image: not known */
    one("FROM debian:trixie AS a\nARG BASE=a\nFROM ${BASE}\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING,
        DF_APPLY_SAFE, true, "; this base is not measured", NULL);
    /* no stage of that name: the image the word names, not known */
    one("FROM debian:trixie AS a\nARG V=1\nFROM other-${V}\nRUN useradd -u 200000 app\n", false, DF_SEV_WARNING,
        DF_APPLY_SAFE, true, "; this base is not measured", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_base_stage_picked_by_arg),
        cmocka_unit_test(test_fires),
        cmocka_unit_test(test_adduser),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_by_base),
        cmocka_unit_test(test_bullseye_small_uid_advice_only),
        cmocka_unit_test(test_unmeasured_base_one_statement),
        cmocka_unit_test(test_uid_set_by_env_in_the_file),
        cmocka_unit_test(test_official_tag_default_suite_is_measured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
