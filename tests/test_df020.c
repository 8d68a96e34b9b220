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
    one("FROM python:3.12\nCMD [\"python\"]\n", true, DF_SEV_INFO, DF_APPLY_UNSAFE, true,
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

static void test_rewrites(void **state)
{
    (void)state;
    UFIRES("FROM python:3.12\n", "FROM python:3.12-slim\n");
    UFIRES("FROM python:3.12-bookworm\n", "FROM python:3.12-slim-bookworm\n");
    UFIRES("FROM node:22-bookworm AS app\n", "FROM node:22-bookworm-slim AS app\n");
    UFIRES("FROM node:22.4.1\n", "FROM node:22.4.1-slim\n");
    UFIRES("FROM docker.io/library/python:3.12\n", "FROM docker.io/library/python:3.12-slim\n");
    UFIRES("FROM --platform=linux/amd64 ruby:3.4\n", "FROM --platform=linux/amd64 ruby:3.4-slim\n");
    UFIRES("FROM debian:bookworm\n", "FROM debian:bookworm-slim\n");
    UFIRES("FROM debian:12\n", "FROM debian:12-slim\n");
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
    one("FROM eclipse-temurin:21-jdk\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "eclipse-temurin:21-jdk \xe2\x86\x92 eclipse-temurin:21-jre saves 109 MB (47%)", NULL);
    one("FROM golang:1.22\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "golang:1.22 is a toolchain image: build in a builder stage and ship on debian:trixie-slim", NULL);
    one("FROM golang:1.26-bookworm\n", true, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "ship on debian:bookworm-slim",
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message),
        cmocka_unit_test(test_rewrites),
        cmocka_unit_test(test_advice),
        cmocka_unit_test(test_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
