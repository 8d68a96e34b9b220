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
    one("FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "golang:1.22, a Go toolchain image: build in a builder stage (FROM golang:1.22 AS build) and copy the "
        "result onto gcr.io/distroless/static-debian13 or scratch",
        "FROM golang:1.22 AS build");
    one("FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn package\nCMD [\"java\", \"-jar\", \"t.jar\"]\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "Java (Maven) toolchain image", "eclipse-temurin:<major>-jre");
    one("FROM eclipse-temurin:21-jdk\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Java toolchain", NULL);
    one("FROM eclipse-temurin:21\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Java toolchain", NULL);
    one("FROM mcr.microsoft.com/dotnet/sdk:8.0\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "mcr.microsoft.com/dotnet/aspnet:<ver>", NULL);
    one("FROM rust:1\nCOPY . .\nRUN cargo build\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "Rust toolchain", NULL);
    one("FROM gcc:14\nCOPY . .\nRUN make\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "C/C++ toolchain", NULL);
    one("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev\n", false,
        DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "the shipped stage installs build tools (build-essential): unless the image is meant to build in (a "
        "toolchain, development or CI image), compile in a builder stage and copy only the artifacts onto "
        "python:<ver>-slim",
        NULL);
    one("FROM alpine:3.20\nRUN apk add --no-cache openssl-dev\nCMD [\"/app\"]\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "(openssl-dev)", NULL);
    one("FROM rockylinux/rockylinux:9\nRUN dnf install -y gcc-c++ zlib-devel\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false, "(zlib-devel)", NULL);
    /* a stage the final one is built FROM ships too */
    one("FROM golang:1.22 AS base\nFROM base\nCMD x\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "golang:1.22", NULL);
    REPORTS("FROM golang:1.22\nCOPY . .\n");
    /* the measured saving of the runtime the data pairs with the SDK */
    one("FROM golang:1.26-trixie\nCOPY . .\nRUN go build -o /app\nCMD [\"/app\"]\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false,
        "; golang:1.26-trixie \xe2\x86\x92 debian:trixie-slim saves 283 MB (90%) compressed, linux/amd64, as of "
        "2026-07 (docker-library/repo-info)",
        NULL);
    /* a JDK that builds nothing: ship on the JRE of the same major */
    one("FROM eclipse-temurin:17-jdk\nCOPY app.jar /app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n", false,
        DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "the shipped stage runs on eclipse-temurin:17-jdk, a Java toolchain image, but builds nothing in it: ship "
        "on eclipse-temurin:17-jre (or gcr.io/distroless/java17-debian13); eclipse-temurin:21-jdk \xe2\x86\x92 "
        "eclipse-temurin:21-jre saves 109 MB (47%)",
        NULL);
    /* applications whose command runs a program stay reported */
    REPORTS("FROM python:3.12-slim\nRUN apt-get install -y gcc\nCMD [\"python3\", \"app.py\"]\n");
    REPORTS("FROM debian:bookworm\nRUN apt-get install -y make\nCMD bash -c ./run.sh\n");
    REPORTS("FROM debian:bookworm\nRUN apt-get install -y make\nCOPY . /src\n");
    REPORTS("FROM maven:3-eclipse-temurin-21\nCOPY . .\nCMD [\"mvn\", \"spring-boot:run\"]\n");
    REPORTS("FROM node:22\nRUN apt-get install -y g++\nENTRYPOINT [\"/docker-entrypoint.sh\"]\nCMD [\"--port\", \"80\"]\n");
}

/* review run 16 (C 036, tenstartups/rails-docker): an ONBUILD base image
 * installs compilers and -dev packages for the builds of the apps FROM it;
 * "build in a builder stage" does not apply to it. The same file without
 * its trigger is an application image and stays reported. */
static void test_onbuild_base_image(void **state)
{
    (void)state;
    SILENT("FROM ruby:2.2\nRUN apt-get install -y gcc libpq-dev\nONBUILD COPY . /app\nCMD [\"rails\", \"s\"]\n");
    REPORTS("FROM ruby:2.2\nRUN apt-get install -y gcc libpq-dev\nCOPY . /app\nCMD [\"rails\", \"s\"]\n");
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

/* Images whose purpose is the toolchain: the shipped image's command is a
 * shell, a REPL or a build tool, or it has none, copies nothing from the
 * context and its base's own command is a shell (golang, buildpack-deps,
 * the maven, gradle, clojure, haskell and perl images of real/official). */
static void test_toolchain_image(void **state)
{
    (void)state;
    SILENT("FROM golang:1.22\n");
    SILENT("FROM rust:1\nRUN rustup component add clippy\n");
    SILENT("FROM debian:bookworm\nRUN apt-get install -y gcc make libc6-dev\n");
    SILENT("FROM eclipse-temurin:21-jdk-noble\nRUN curl -o m.tgz https://x/m.tgz\nCMD [\"mvn\"]\n");
    SILENT("FROM eclipse-temurin:21-jdk\nENTRYPOINT [\"/usr/local/bin/mvn-entrypoint.sh\"]\nCMD [\"mvn\"]\n");
    SILENT("FROM eclipse-temurin:21-jdk\nCMD [\"lein\", \"repl\"]\n");
    SILENT("FROM debian:bookworm\nCOPY entrypoint /e\nENTRYPOINT [\"entrypoint\"]\nCMD [\"-M\", \"--repl\"]\n");
    SILENT("FROM buildpack-deps:bookworm\nRUN apt-get install -y libbluetooth-dev make\nCMD [\"perl5.40.3\", \"-de0\"]\n");
    SILENT("FROM ubuntu:24.04\nRUN apt-get install -y build-essential\nCOPY . /src\nCMD [\"/bin/bash\"]\n");
    SILENT("FROM alpine\nRUN apk add build-base\nENTRYPOINT [\"/sbin/tini\", \"-g\", \"sh\"]\n");
    /* a stage built FROM another: the command is inherited */
    SILENT("FROM golang:1.22 AS sdk\nCMD [\"go\"]\nFROM sdk\nRUN go install x\n");
}

/* Issue 11 (wrong messages): the swift images on CentOS Stream 8 and UBI 9
 * were told to split while the same swift images on amazonlinux, fedora
 * and centos were not; a Jupyter recipe and Kong's CI test image (tail -f
 * /dev/null, entered with docker exec) were told to move their tools into
 * a builder stage; and Kong's was said to "install make" though it only
 * runs `make dev` (and `luarocks make`). */
static void test_environment_images(void **state)
{
    (void)state;
    /* same shape as amazonlinux:2 swift: a toolchain image */
    SILENT("FROM quay.io/centos/centos:stream8\nRUN yum install -y gcc libcurl-devel\nRUN swift --version\n");
    SILENT("FROM redhat/ubi9\nRUN yum install -y gcc libcurl-devel\nRUN swift --version\n");
    SILENT("FROM amazonlinux:2\nRUN yum install -y gcc libcurl-devel\nRUN swift --version\n");
    /* a notebook environment, by ARG default, also through other ARGs */
    SILENT("ARG BASE_IMAGE=quay.io/jupyter/base-notebook\nFROM $BASE_IMAGE\nUSER root\n"
           "RUN apt-get update && apt-get install --yes --no-install-recommends make g++\n");
    SILENT("ARG REGISTRY=quay.io\nARG OWNER=jupyter\nARG BASE_IMAGE=$REGISTRY/$OWNER/minimal-notebook\n"
           "FROM $BASE_IMAGE\nRUN apt-get install -y build-essential\n");
    /* a container kept running to exec into */
    SILENT("FROM ubuntu:22.04\nRUN apt-get install -y valgrind gcc\nCOPY kong /kong\n"
           "CMD [\"sh\", \"-c\", \"cat /kong/hosts >> /etc/hosts; tail -f /dev/null\"]\n");
    /* the same command in exec form (review run 14, apps 006) */
    SILENT("FROM ubuntu:24.04\nRUN apt-get install -y build-essential\nCOPY . /app\nCMD [\"tail\", \"-f\", \"/dev/null\"]\n");
    /* an apt development environment (dialog, as DF004 knows it) */
    SILENT("FROM ubuntu:22.04\nRUN apt-get install -y dialog build-essential\nCOPY . /src\nCMD [\"/src/run\"]\n");
    /* an application still hears it */
    REPORTS("FROM ubuntu:22.04\nRUN apt-get install -y gcc\nCOPY . /src\nCMD [\"/src/run\"]\n");
}

static void test_runs_is_not_installs(void **state)
{
    (void)state;
    const char *in = "FROM myorg/openresty:1\nCOPY kong /kong\nRUN /usr/local/bin/luarocks make kong.rockspec\n"
                     "RUN make dev\nCMD [\"kong\", \"start\"]\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "the shipped stage runs build tools (make)", NULL);
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_null(strstr(res.diags.v[0]->message, "installs"));
    df_run_result_release(&res);
    /* `luarocks make` alone runs no make, and a -dev word only counts when installed */
    SILENT("FROM myorg/openresty:1\nCOPY kong /kong\nRUN luarocks make kong.rockspec\nCMD [\"kong\"]\n");
    SILENT("FROM myorg/x:1\nCOPY . /a\nRUN echo libfoo-dev\nCMD [\"/a/run\"]\n");
    /* installed: said so */
    one("FROM myorg/x:1\nCOPY . /a\nRUN apt-get install -y make && make\nCMD [\"/a/run\"]\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false, "installs build tools (make)", NULL);
}

/* Issue 11 class "DF021 advises builder + distroless for an image whose
 * command runs the toolchain" (mozilla/mig's vendored aws-sdk-go sandbox
 * images: FROM golang:1.5, CMD ["make", "unit"]): a command that builds or
 * runs a test suite (the data's "runs_toolchain") needs the toolchain when
 * the container runs: no advice. An application's command still gets it. */
static void test_command_runs_the_toolchain(void **state)
{
    (void)state;
    SILENT("FROM golang:1.5\nADD . /go/src/github.com/aws/aws-sdk-go\nWORKDIR /go/src/github.com/aws/aws-sdk-go\n"
           "CMD [\"make\", \"unit\"]\n");
    SILENT("FROM golang:1.22\nCOPY . /src\nCMD [\"make\", \"get-deps\", \"unit\"]\n");
    SILENT("FROM golang:1.22\nCOPY . /src\nCMD go test ./...\n");
    SILENT("FROM golang:1.22\nCOPY . /src\nENTRYPOINT [\"/usr/bin/tini\", \"--\"]\nCMD [\"/usr/bin/make\", \"check\"]\n");
    SILENT("FROM node:22\nRUN apt-get install -y build-essential\nCOPY . /app\nCMD [\"npm\", \"test\"]\n");
    SILENT("FROM python:3.12\nRUN apt-get install -y gcc\nCOPY . /app\nCMD [\"python\", \"-m\", \"pytest\"]\n");
    SILENT("FROM rust:1\nCOPY . /src\nCMD [\"cargo\", \"test\"]\n");
    /* an application: reported as before */
    REPORTS("FROM golang:1.22\nCOPY . /src\nRUN go build -o /app .\nCMD [\"/app\"]\n");
    REPORTS("FROM golang:1.22\nCOPY . /src\nCMD [\"go\", \"run\", \"main.go\"]\n");
    REPORTS("FROM node:22\nRUN apt-get install -y build-essential\nCOPY . /app\nCMD [\"npm\", \"start\"]\n");
    /* a test word later in the command is not a test runner */
    REPORTS("FROM golang:1.22\nCOPY . /src\nRUN go build -o /app .\nCMD [\"/app\", \"make\"]\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_command_runs_the_toolchain),
        cmocka_unit_test(test_fires),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_onbuild_base_image),
        cmocka_unit_test(test_toolchain_image),
        cmocka_unit_test(test_environment_images),
        cmocka_unit_test(test_runs_is_not_installs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
