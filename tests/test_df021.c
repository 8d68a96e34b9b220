/*
 * test_df021.c - DF021 build-tools-in-final-stage: SDK base images and
 * build tools in the shipped stage get a builder/runtime split as advice;
 * builder stages, JREs, Windows and unknown images stay silent.
 */
#define RULE "DF021"
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
    one("FROM golang:1.22\nRUN go build -o /app .\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "golang:1.22, a Go toolchain image: build in a builder stage (FROM golang:1.22 AS build) and copy the "
        "result onto gcr.io/distroless/static-debian13 or scratch",
        "FROM golang:1.22 AS build");
    one("FROM maven:3.9-eclipse-temurin-21\nRUN mvn package\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "Java (Maven) toolchain image", "eclipse-temurin:<major>-jre");
    one("FROM eclipse-temurin:21-jdk\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Java toolchain", NULL);
    one("FROM eclipse-temurin:21\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Java toolchain", NULL);
    one("FROM mcr.microsoft.com/dotnet/sdk:8.0\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "mcr.microsoft.com/dotnet/aspnet:<ver>", NULL);
    one("FROM rust:1\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Rust toolchain", NULL);
    one("FROM gcc:14\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "C/C++ toolchain", NULL);
    one("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev\n", false,
        DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "the shipped stage installs build tools (build-essential): compile in a builder stage and copy only "
        "the artifacts onto python:<ver>-slim",
        NULL);
    one("FROM alpine:3.20\nRUN apk add --no-cache openssl-dev\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "(openssl-dev)", NULL);
    one("FROM rockylinux/rockylinux:9\nRUN dnf install -y gcc-c++ zlib-devel\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false, "(zlib-devel)", NULL);
    /* a stage the final one is built FROM ships too */
    one("FROM golang:1.22 AS base\nFROM base\nCMD x\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "golang:1.22", NULL);
    REPORTS("FROM golang:1.22\n");
}

static void test_silent(void **state)
{
    (void)state;
    /* builder stages */
    SILENT("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n");
    SILENT("FROM python:3.12 AS build\nRUN apt-get install -y gcc\nFROM python:3.12-slim\nCOPY --from=build /w /w\n");
    SILENT("FROM eclipse-temurin:21-jre\n");
    SILENT("FROM amazoncorretto:21-al2023-headless\n");
    SILENT("FROM scratch\nCOPY app /\n");
    SILENT("FROM mycorp/golang:1.22\n");
    SILENT("FROM python:3.12-slim\nRUN pip install flask\n");
    SILENT("FROM golang:1.22-windowsservercore-ltsc2022\n");
    SILENT("ARG IMG\nFROM ${IMG}\n");
    /* tools removed in the same RUN */
    SILENT("FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install x && apt-get purge -y gcc\n");
    SILENT("FROM alpine\nRUN apk add --virtual .b gcc musl-dev && make && apk del .b\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fires),
        cmocka_unit_test(test_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
