/*
 * DF021 build-tools-in-final-stage
 *
 * What it finds: a stage that ships (the last stage and the stages it is
 * built FROM) whose base is a language SDK image listed in
 * data/base-images.json (golang, rust, gcc, maven, gradle, JDK tags of
 * eclipse-temurin and amazoncorretto, mcr.microsoft.com/dotnet/sdk), or
 * whose RUNs install compilers or headers (gcc, g++, clang, make, cmake,
 * build-essential, build-base, *-dev, *-devel, ...).
 *
 * Why it matters: compilers, headers and SDKs are needed to build, not to
 * run. Shipped, they add hundreds of MB and attack surface. Toolchain
 * images belong in builder stages; the saving comes from changing only
 * the final stage (caveat builder_only of the data). Where the data pairs
 * the SDK with a measured runtime (golang:1.26-trixie -> debian:trixie-slim,
 * eclipse-temurin:21-jdk -> 21-jre) the message quotes that saving. SDK
 * images are this rule's alone: DF020 does not suggest a sibling for them.
 *
 * Example:
 *     FROM golang:1.22
 *     COPY . .
 *     RUN go build -o /app .
 *     CMD ["/app"]
 * is reported with a builder/runtime split for Go: build in
 * `FROM golang:1.22 AS build`, then ship the binary on
 * gcr.io/distroless/static-debian13 or scratch (CGO_ENABLED=0), or on
 * debian:<suite>-slim with cgo. Java: ship on eclipse-temurin:<major>-jre
 * (the major read from the tag; a JRE has no javac/jar/jlink); a JDK stage
 * that runs no RUN at all is told to ship on the JRE directly. .NET:
 * aspnet, runtime or runtime-deps.
 *
 * Images whose purpose is the toolchain are left alone (DF020 too): the
 * official golang, gcc, maven, gradle, clojure, haskell, perl, erlang and
 * buildpack-deps images are toolchains by design, and 306 real/official
 * files drew this advice before the rule learnt to tell them apart. The
 * signal is the command of the image built (image.c,
 * df_doc_toolchain_image, word lists in the data's "toolchain_image"):
 *  - its ENTRYPOINT + CMD is a shell, a REPL or a build tool followed by
 *    nothing but options: CMD ["mvn"], ["gradle"], ["lein", "repl"],
 *    ["perl5.40.3", "-de0"], ["ghci"], ["bash"], entrypoint wrappers
 *    (tini, dumb-init, *entrypoint*) skipped. An application runs a
 *    program or a script: ["mvn", "spring-boot:run"], ["python3",
 *    "app.py"], ["bash", "run.sh"] stay reported;
 *  - or its ENTRYPOINT + CMD runs the toolchain itself: a build or a test
 *    suite (`make unit`, `go test ./...`, `npm test`, `python -m pytest`,
 *    `cargo test`: the data's "runs_toolchain", matched word by word from
 *    the start, wrappers skipped): the container needs the toolchain when
 *    it runs (mozilla/mig's aws-sdk-go sandbox images, CMD ["make",
 *    "unit"] on golang:1.5; issue 11). `go run`, `npm start` stay reported;
 *  - or it has no CMD/ENTRYPOINT, copies nothing from the build context,
 *    and its base's own command is a shell (debian, alpine, golang,
 *    rust, buildpack-deps, ...) or a build tool (maven's mvn, gradle's
 *    gradle: "build_tool_default"): an environment, not an application.
 *    Without the last two conditions a missing CMD proves nothing: apps
 *    run by compose (`command:`) or inheriting php:apache's or fluentd's
 *    command have none, and they stay reported;
 *  - or it is a CI image jobs build in (the data's "ci_image"): the file
 *    says "for Continuous Integration" or "CI image", or runs a Jenkins
 *    controller (jenkins.war, JENKINS_HOME, FROM jenkins/...), or the
 *    repository's Jenkinsfile builds it and runs its steps inside it
 *    (docker.build(...) then .inside, agent { dockerfile }: src/cifile.c;
 *    apache/brooklyn-ui, review run 13): nothing ships, so a runtime
 *    stage has nothing to hold;
 *  - or it is an ONBUILD base (df_doc_onbuild_base): other Dockerfiles
 *    build FROM it and their builds use its compilers and -dev packages
 *    (tenstartups/rails-docker, review run 16).
 * On the corpus this keeps the finding on application Dockerfiles
 * (real/apps) while dropping the toolchain images of real/official.
 *
 * Also left alone: images to work, test or debug in, whose tools are
 * their purpose (issue 11): apt's environment markers (df_pm_apt_environment:
 * devcontainer and IDE bases, dialog, xdebug...), Jupyter notebook bases
 * (the data's "environment_images", "environment_image_parts", also
 * through the ARG a FROM names) and a last stage whose command only keeps
 * the container running ("keepalive": tail -f /dev/null, sleep infinity);
 * CentOS Stream and UBI bases count as shell-default OS images, as
 * amazonlinux and fedora do. The message says "installs" only for the
 * operands of an install (`apt-get install -y make`) and "runs" for a
 * build tool run as a command (`make dev`), and it leaves room for the
 * image that is meant to build in ("unless the image is meant to build
 * in (a toolchain, development or CI image)").
 *
 * Also left alone: builder stages that are only copied from, Windows
 * images, JRE tags, images the data does not list (unless their RUNs
 * install build tools).
 *
 * Fix safety: display only. Splitting a stage needs to know which files
 * the program needs at run time; dfopt describes the split, never does it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "dfopt/kb.h"
#include "passes.h"

#include "image.h"
#include "pm.h"




/* The runtime text of an SDK entry with every <major> filled in when the
 * entry says its tags start with the Java major ("major_from_tag":
 * eclipse-temurin:21-jdk -> 21; not maven:3.9-..., where 3 is Maven's). */
static void runtime_for(const df_fact *sdk, const char *rt, const df_imgref *r, char *out, size_t cap)
{
    size_t n = 0;
    while (r->tag[n] >= '0' && r->tag[n] <= '9' && n < 8)
        n++;
    bool whole = df_fact_is_true(df_fact_get(sdk, "major_from_tag")) && n > 0 &&
                 (r->tag[n] == '\0' || r->tag[n] == '-' || r->tag[n] == '.');
    size_t o = 0;
    out[0] = '\0';
    while (*rt && o + 1 < cap) {
        if (whole && strncmp(rt, "<major>", 7) == 0 && o + n + 1 < cap) {
            memcpy(out + o, r->tag, n);
            o += n;
            rt += 7;
        } else {
            out[o++] = *rt++;
        }
    }
    out[o] = '\0';
}

/* Does any shipped stage run a RUN instruction? */
static bool ships_runs(const df_doc *d)
{
    for (size_t i = 0; i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == DF_CMD_RUN && d->instrs[i]->stage != SIZE_MAX &&
            df_stage_ships(d, d->instrs[i]->stage))
            return true;
    return false;
}

/* Is the image one people work, test or debug in, whose tools are its
 * purpose? apt's environment markers (df_pm_apt_environment: devcontainer
 * and IDE bases, unminimize, xdebug...), a base listed in the data's
 * "environment_images" (Jupyter notebooks), or a last-stage command that
 * only keeps the container running ("keepalive": tail -f /dev/null). */
static bool environment_image(df_ctx *c, const df_fact *bi)
{
    const df_fact *apt = df_kb_manager(c->kb, "apt");
    if (apt && df_pm_apt_environment(c, apt))
        return true;
    const df_fact *ti = df_fact_get(bi, "toolchain_image");
    const df_doc *d = c->doc;
    for (size_t si = 0; si < d->nstages; si++) {
        df_imgref r;
        if (!df_stage_ships(d, si))
            continue;
        const char *b = d->stages[si].base;
        if (b && df_pm_contains_any(c, b, strlen(b), df_fact_get(ti, "environment_image_parts")))
            return true;
        if (!df_stage_image(d, si, &r))
            continue;
        size_t i;
        const df_fact *v;
        df_fact_foreach(df_fact_get(ti, "environment_images"), i, v)
        {
            const char *p = df_fact_str(v);
            if (p && strncmp(r.name, p, strlen(p)) == 0)
                return true;
        }
    }
    /* FROM $BASE_IMAGE whose default names a notebook image through
     * other ARGs ($REGISTRY/$OWNER/minimal-notebook) */
    for (size_t i = 0; i < d->ninstrs && d->instrs[i]->cmd != DF_CMD_FROM; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_ARG &&
            df_pm_contains_any(c, c->src->text + in->span.start, in->span.end - in->span.start,
                               df_fact_get(ti, "environment_image_parts")))
            return true;
    }
    if (d->nstages == 0)
        return false;
    const df_stage *last = &d->stages[d->nstages - 1];
    for (size_t i = last->from; i <= last->last && i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if ((in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT) &&
            df_command_runs(c, in, df_fact_get(ti, "keepalive")))
            return true;
    }
    return false;
}

static void check(df_ctx *c)
{
    const df_fact *bi = df_kb_images(c->kb);
    /* whether the image is a toolchain or an environment is asked before
     * the first finding, not before the first stage: most files have
     * nothing to report, and the questions read the whole text */
    bool purpose_asked = false;
    for (size_t si = 0; si < c->doc->nstages; si++) {
        /* a development environment or a job stage (ast.h
         * df_doc_mark_uses) is no application image to split */
        if (!df_stage_ships(c->doc, si) || c->doc->stages[si].held)
            continue;
        const df_stage *st = &c->doc->stages[si];
        const df_instr *in = c->doc->instrs[st->from];
        if (in->nargs < 1)
            continue;
        df_imgref r;
        bool known = df_stage_image(c->doc, si, &r);
        if (st->windows)
            continue;
        const df_fact *sdk = known ? df_image_sdk(bi, &r) : NULL;
        df_buf msg = DF_BUF_INIT;
        char desc[1024]; /* two 400-byte names and the text around them */
        if (sdk) {
            char shown[400]; /* the image as the SDK messages name it */
            snprintf(shown, sizeof shown, "%s%s%s", r.name, r.has_tag ? ":" : "", r.has_tag ? r.tag : "");
            const char *eco = df_kb_str(sdk, "ecosystem");
            char rt[400];
            runtime_for(sdk, df_kb_str(sdk, "runtime") ? df_kb_str(sdk, "runtime") : "a runtime image", &r, rt,
                        sizeof rt);
            if (ships_runs(c->doc))
                df_buf_printf(&msg,
                              "the shipped stage runs on %s, a %s toolchain image: build in a builder stage "
                              "(FROM %s AS build) and copy the result onto %s",
                              shown, eco ? eco : "?", shown, rt);
            else
                df_buf_printf(&msg,
                              "the shipped stage runs on %s, a %s toolchain image, but builds nothing in it: "
                              "ship on %s",
                              shown, eco ? eco : "?", rt);
            const df_fact *pair = df_fact_get(sdk, "pair");
            const char *p0 = df_fact_str(df_fact_at(pair, 0));
            const char *p1 = df_fact_str(df_fact_at(pair, 1));
            char saving[400];
            if (p0 && p1 && df_image_saving(bi, p0, p1, saving, sizeof saving))
                df_buf_printf(&msg, "; %s \xe2\x86\x92 %s %s", p0, p1, saving);
            if (ships_runs(c->doc))
                snprintf(desc, sizeof desc, "split into FROM %s AS build + a runtime stage on %s", shown, rt);
            else
                snprintf(desc, sizeof desc, "ship on %s", rt);
        } else {
            char tool[64];
            bool installs;
            if (!df_stage_tools(c->doc, si, tool, sizeof tool, &installs))
                continue;
            const char *rt = known ? df_kb_str(df_fact_get(bi, "split_runtime"), r.name) : NULL;
            df_buf_printf(&msg,
                          "the shipped stage %s build tools (%s): unless the image is meant to build in (a "
                          "toolchain, development or CI image), compile in a builder stage and copy only the "
                          "artifacts onto %s",
                          installs ? "installs" : "runs", tool, rt ? rt : "a base without the toolchain");
            snprintf(desc, sizeof desc, "move the build into a builder stage; ship on %s",
                     rt ? rt : "a base without the toolchain");
        }
        if (!purpose_asked) {
            purpose_asked = true;
            if (df_toolchain_image_of(c) || environment_image(c, bi)) {
                /* the image is the toolchain, by purpose; or an image to
                 * work, test or debug in: its tools are its purpose */
                df_buf_release(&msg);
                return;
            }
        }
        df_diag *dg = msg.data ? df_report(c, c->rule->severity, in->args[0].span, "%s", msg.data) : NULL;
        df_buf_release(&msg);
        if (!dg)
            return;
        df_diag_set_fix(c->out, dg, DF_APPLY_DISPLAY, desc);
    }
}

const df_rule df_rule_df021 = {
    .id = "DF021",
    .name = "build-tools-in-final-stage",
    .hadolint = NULL,
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_DISPLAY,
    .summary = "compilers, -dev packages or an SDK base image in the shipped stage: split builder and runtime",
    .worth = "image size and attack surface: no build tools in the shipped image",
    .check = check,
};
