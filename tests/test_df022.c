/*
 * test_df022.c - DF022 deprecated-base-image: which FROMs are reported,
 * the message names the replacement and the stage, display-only advice.
 */
#define RULE "DF022"
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

static void test_fires(void **state)
{
    (void)state;
    one("FROM openjdk:17-jdk-slim\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "openjdk is deprecated (only early-access N-ea tags updated after July 2022): use eclipse-temurin (or "
        "amazoncorretto",
        "eclipse-temurin");
    one("FROM centos:7\nRUN yum install -y x\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "centos:7 is removed from official images 2024-07; CentOS Linux 7 EOL 2024-06-30", "almalinux");
    /* the message names the release the tag is: centos:8 is not CentOS 7 */
    one("FROM centos:8\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "centos:8 is removed from official images 2024-07; CentOS Linux 8 EOL 2021-12-31: use almalinux", NULL);
    one("FROM centos:centos8.4.2105\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "CentOS Linux 8 EOL", NULL);
    one("FROM centos:centos7.9.2009\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "CentOS Linux 7 EOL", NULL);
    one("FROM centos\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "centos is removed from official images 2024-07; all tags EOL (the last, CentOS Linux 7, on 2024-06-30)",
        NULL);
    one("FROM centos:6.10\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "centos is removed from official images 2024-07; all tags EOL", NULL);
    /* java: the replacement is maintained, not the deprecated openjdk */
    one("FROM java:8-jre\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "itself deprecated since July 2022: use eclipse-temurin (stage 1)", NULL);
    /* every node major the library no longer has */
    one("FROM node:16-alpine\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "node:16-alpine is not in official-images library at 2026-08-21 (only 22, 24, 26)", NULL);
    one("FROM node:23-bookworm-slim\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "node:23-bookworm-slim is not", NULL);
    one("FROM docker.io/library/CentOS:7@sha256:0123\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "use almalinux (or rockylinux/rockylinux", NULL);
    one("FROM java:8\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "java is removed", NULL);
    one("FROM amazonlinux:2018.03.0.20231218.0\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "amazonlinux:2018.03.0.20231218.0 is EOL 2023-12-31: use amazonlinux:2023", NULL);
    one("FROM node:18-alpine\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "use node:22 (or node:24)",
        NULL);
    one("FROM rockylinux:9\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "official tags frozen", NULL);
    /* builder stages too, and the stage is named */
    one("FROM openjdk:17 AS build\nRUN javac x\nFROM eclipse-temurin:17-jre\nCOPY --from=build /a /a\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "(stage 1 (build))", NULL);
    /* ARG with a default before the first FROM */
    one("ARG JDK=openjdk:11\nFROM ${JDK}\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "openjdk is", NULL);
    one("ARG V=7\nFROM centos:$V\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "centos:7 is removed", NULL);
    /* every deprecated stage, nothing changed */
    FIRES_N("FROM centos:7 AS a\nFROM openjdk:8\n", "FROM centos:7 AS a\nFROM openjdk:8\n", 2);
    REPORTS("FROM clearlinux\n");
}

/* Issue 11 (wrong message): the replacement for CentOS was
 * quay.io/centos/centos:stream*, which includes the end-of-life stream8,
 * and stream8 itself (swift 5.5 centos) drew no finding. */
static void test_centos_stream8_eol(void **state)
{
    (void)state;
    one("FROM quay.io/centos/centos:stream8\nRUN yum install -y gcc\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "quay.io/centos/centos:stream8 is end of life: CentOS Stream 8 builds and updates ended 2024-05-31: use "
        "quay.io/centos/centos:stream10 (or almalinux:8",
        NULL);
    df_run_result res;
    run_text(&res, "FROM centos:7\n", false);
    assert_int_equal(res.diags.n, 1);
    assert_non_null(strstr(res.diags.v[0]->message, "quay.io/centos/centos:stream10"));
    assert_null(strstr(res.diags.v[0]->message, "stream*"));
    df_run_result_release(&res);
}

static void test_silent(void **state)
{
    (void)state;
    SILENT("FROM eclipse-temurin:21-jre\n");
    SILENT("FROM scratch\n");
    SILENT("FROM mycorp/openjdk:17\n");
    SILENT("FROM rockylinux/rockylinux:9\n");
    SILENT("FROM amazonlinux:2023\n");
    SILENT("FROM amazonlinux:2\n");
    SILENT("FROM node:22\n");
    SILENT("FROM node:180\n");
    SILENT("FROM node:24-alpine\n");
    SILENT("FROM node:26\n");
    SILENT("FROM quay.io/centos/centos:stream9\n");
    /* stage names are not images */
    SILENT("FROM debian:12 AS centos\nFROM centos\n");
    /* ARG without a default: unknown */
    SILENT("ARG BASE\nFROM ${BASE}\n");
    SILENT("ARG BASE\nFROM openjdk:${TAG}\n");
    SILENT("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fires),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_centos_stream8_eol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
