/*
 * test_df020.c - DF020 fat-base-image: which shipped FROMs get a smaller
 * sibling, the data-driven message, unsafe tag-only edits, advice-only
 * cases (digest, ARG, alpine, JRE, golang) and the silent cases.
 */
#define RULE "DF020"
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

#define UFIRES(text, want) expect_u((text), true, (want), 1)

static void test_message(void **state)
{
    (void)state;
    one("FROM python:3.12\nCMD [\"python\", \"app.py\"]\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "python:3.12 \xe2\x86\x92 python:3.12-slim saves 368 MB (89%) compressed, linux/amd64, as of 2026-08 "
        "(docker-library/repo-info)",
        "use python:3.12-slim");
    /* not applied without --unsafe-fixes */
    one("FROM python:3.12\n", false, DF_SEV_INFO, DF_APPLY_UNSAFE, false, NULL, NULL);
    one("FROM python:3.11\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "python:3.11 \xe2\x86\x92 python:3.11-slim: measured on python:3.12 \xe2\x86\x92 python:3.12-slim saves 368 MB",
        NULL);
    one("FROM node:22\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "node:22 \xe2\x86\x92 node:22-slim saves 329 MB (80%)", NULL);
    /* toolchain caveat */
    one("FROM python:3.12\nRUN apt-get install -y gcc libpq-dev\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "; caveat: this stage installs gcc and slim lacks the build toolchain", NULL);
    one("FROM node:22\nRUN apt-get install -y libxml2-dev\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "this stage installs libxml2-dev", NULL);
}

/* Issue 11 (wrong message, couchdb dev-cluster on debian:buster): full
 * debian has no toolchain either and slim has the same packages (it leaves
 * out docs, man pages and locales), so neither "slim lacks the build
 * toolchain" nor "lacks packages the full one has" is true there; and the
 * size quoted is the tag's own release (buster), not trixie's. */
static void test_debian_slim_message_true(void **state)
{
    (void)state;
    const char *in = "FROM debian:buster\nRUN apt-get update && apt-get install -y build-essential\n"
                     "ENTRYPOINT [\"/usr/src/couchdb/dev/run\"]\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_UNSAFE, false,
        "debian:buster \xe2\x86\x92 debian:buster-slim saves 23 MB (46%) compressed, linux/amd64, as of 2023-01 "
        "(docker-library/repo-info)",
        "use debian:buster-slim (unsafe: it leaves out man pages, documentation and most locales");
    df_run_result res;
    run_text(&res, in, false);
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        if (strcmp(d->rule->id, "DF020") != 0)
            continue;
        assert_null(strstr(d->message, "trixie"));
        assert_null(strstr(d->message, "lacks the build toolchain"));
        assert_null(strstr(d->fix->description, "lacks packages"));
    }
    df_run_result_release(&res);
    one("FROM debian:bullseye\nCMD [\"/app\"]\n", false, DF_SEV_INFO, DF_APPLY_UNSAFE, false,
        "debian:bullseye \xe2\x86\x92 debian:bullseye-slim saves 24 MB (44%) compressed", NULL);
    one("FROM debian:10\nCMD [\"/app\"]\n", false, DF_SEV_INFO, DF_APPLY_UNSAFE, false,
        "debian:10 \xe2\x86\x92 debian:10-slim: measured on debian:buster \xe2\x86\x92 debian:buster-slim", NULL);
    /* a release the data has no sizes for says which one it quotes */
    one("FROM debian:stretch\nCMD [\"/app\"]\n", false, DF_SEV_INFO, DF_APPLY_UNSAFE, false,
        "debian:stretch \xe2\x86\x92 debian:stretch-slim: measured on debian:trixie", NULL);
    /* python's full image is buildpack-deps: there the caveat is true */
    one("FROM python:3.12\nRUN apt-get install -y gcc\n", false, DF_SEV_INFO, DF_APPLY_UNSAFE, false,
        "slim lacks the build toolchain", "lacks packages the full one has");
}

static void test_rewrites(void **state)
{
    (void)state;
    UFIRES("FROM python:3.12\n", "FROM python:3.12-slim\n");
    UFIRES("FROM python:3.12-bookworm\n", "FROM python:3.12-slim-bookworm\n");
    UFIRES("FROM node:22-bookworm AS app\n", "FROM node:22-bookworm-slim AS app\n");
    UFIRES("FROM node:22.4.1\n", "FROM node:22.4.1-slim\n");
    UFIRES("FROM docker.io/library/python:3.12\n", "FROM docker.io/library/python:3.12-slim\n");
    UFIRES("FROM --platform=linux/amd64 ruby:3.4\n", "FROM --platform=linux/amd64 ruby:3.4-slim\n");
    UFIRES("FROM debian:bookworm\nCMD [\"/app\"]\n", "FROM debian:bookworm-slim\nCMD [\"/app\"]\n");
    UFIRES("FROM debian:12\nCOPY app /\n", "FROM debian:12-slim\nCOPY app /\n");
    UFIRES("FROM python\n", "FROM python:slim\n");
    UFIRES("from Python:3.12\r\n", "from Python:3.12-slim\r\n");
    /* multi-stage: the builder stays, the final stage changes */
    UFIRES("FROM python:3.12 AS build\nRUN pip wheel -w /w .\nFROM python:3.12\nCOPY --from=build /w /w\n",
           "FROM python:3.12 AS build\nRUN pip wheel -w /w .\nFROM python:3.12-slim\nCOPY --from=build /w /w\n");
    /* the final stage is built FROM a stage: that stage ships */
    UFIRES("FROM python:3.12 AS base\nFROM base\nCMD x\n", "FROM python:3.12-slim AS base\nFROM base\nCMD x\n");
}

static void test_advice(void **state)
{
    (void)state;
    one("FROM python:3.12@sha256:0123456789abcdef\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "pinned by digest: re-pin", "re-pin");
    one("ARG PY=3.12\nFROM python:${PY}\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "python:3.12 \xe2\x86\x92 python:3.12-slim saves", "set the ARG");
    one("FROM nginx:1.27\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "caveat: Alpine uses musl libc",
        "nginx:1.27-alpine");
    /* php: alpine siblings are advice, with the libc and extension caveats */
    one("FROM php:8.4-fpm\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "php:8.4-fpm \xe2\x86\x92 php:8.4-fpm-alpine saves 139 MB (78%) compressed, linux/amd64, as of 2026-08 "
        "(docker-library/repo-info); caveat: Alpine uses musl libc, not glibc",
        "consider php:8.4-fpm-alpine");
    one("FROM php:8.2-fpm-bookworm\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "php:8.2-fpm-bookworm \xe2\x86\x92 php:8.2-fpm-alpine: measured on php:8.4-fpm", NULL);
    one("FROM php:8.3-cli\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "php:8.3-cli \xe2\x86\x92 php:8.3-cli-alpine: inferred from php:8.4-fpm \xe2\x86\x92 php:8.4-fpm-alpine",
        NULL);
    one("FROM php:8.3\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "; caveat: php Debian images keep PHPIZE_DEPS (gcc, make, autoconf ~121 MB) installed so "
        "docker-php-ext-install works; on *-alpine you must `apk add --virtual .build-deps $PHPIZE_DEPS`",
        NULL);
    one("FROM php:8.4-apache\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "php:8.4-apache \xe2\x86\x92 php:8.4-fpm-alpine saves 143 MB (79%) compressed, linux/amd64, as of 2026-08 "
        "(docker-library/repo-info); caveat: Not a drop-in replacement: the target runs a different server model "
        "(php-fpm needs a separate web server / FastCGI proxy); caveat: php Debian",
        NULL);
    /* ruby keeps its suite, slim before it */
    one("FROM ruby:3.3-bookworm\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
        "ruby:3.3-bookworm \xe2\x86\x92 ruby:3.3-slim-bookworm: inferred from ruby:3.4 \xe2\x86\x92 ruby:3.4-slim "
        "saves 336 MB (80%)",
        NULL);
}

static void test_silent(void **state)
{
    (void)state;
    SILENT("FROM python:3.12-slim\n");
    SILENT("FROM python:3.12-slim-bookworm\n");
    SILENT("FROM python:3.12-alpine\n");
    SILENT("FROM node:22-bookworm-slim\n");
    SILENT("FROM eclipse-temurin:21-jre\n");
    SILENT("FROM scratch\n");
    SILENT("FROM ubuntu:24.04\n");
    SILENT("FROM mycorp/python:3.12\n");
    SILENT("FROM python:3.12-windowsservercore-ltsc2022\n");
    SILENT("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
    SILENT("FROM node:lts\n");
    /* builder only copied from: not shipped */
    SILENT("FROM python:3.12 AS build\nRUN make\nFROM gcr.io/distroless/python3\nCOPY --from=build /a /a\n");
    /* stage-name FROM */
    SILENT("FROM python:3.12-slim AS python\nFROM python\n");
    /* ARG without a default */
    SILENT("ARG PY\nFROM python:${PY}\n");
    SILENT("ARG IMG\nFROM ${IMG}\n");
    SILENT("FROM php:8.4-fpm-alpine\n");
    SILENT("FROM php:8.4-zts-alpine3.22\n");
    SILENT("FROM ruby:3.4-slim\n");
}

/* SDK images are DF021's: no JDK -> JRE or golang advice here */
static void test_sdk_left_to_df021(void **state)
{
    (void)state;
    SILENT("FROM eclipse-temurin:21-jdk\nCOPY app.jar /\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n");
    SILENT("FROM eclipse-temurin:21\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n");
    SILENT("FROM golang:1.22\nCOPY . .\nRUN go build -o /app\nCMD [\"/app\"]\n");
    SILENT("FROM golang:1.26-bookworm\nCMD [\"/app\"]\n");
}

/* The image built is itself a toolchain or environment image (maven,
 * gradle, clojure, haskell, buildpack-deps of real/official): there is no
 * runtime to slim, and the full base is what its users expect. */
static void test_toolchain_image(void **state)
{
    (void)state;
    SILENT("FROM debian:bookworm\nRUN apt-get install -y curl\n");
    SILENT("FROM debian:bookworm\nRUN install-ghc\nCMD [\"ghci\"]\n");
    SILENT("FROM debian:bookworm\nCOPY entrypoint /e\nENTRYPOINT [\"entrypoint\"]\nCMD [\"-M\", \"--repl\"]\n");
    SILENT("FROM python:3.12\nRUN pip install jupyter\nCMD [\"bash\"]\n");
    SILENT("FROM node:22\nCMD [\"node\"]\n");
    /* an application is still reported */
    REPORTS("FROM python:3.12\nCOPY . .\nCMD [\"python3\", \"app.py\"]\n");
    REPORTS("FROM node:22\nCMD [\"node\", \"server.js\"]\n");
    REPORTS("FROM debian:bookworm\nCMD [\"bash\", \"/run.sh\"]\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message),
        cmocka_unit_test(test_debian_slim_message_true),
        cmocka_unit_test(test_rewrites),
        cmocka_unit_test(test_advice),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_sdk_left_to_df021),
        cmocka_unit_test(test_toolchain_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
