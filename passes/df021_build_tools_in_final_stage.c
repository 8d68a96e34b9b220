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
 * the final stage (caveat builder_only of the data).
 *
 * Example:
 *     FROM golang:1.22
 *     COPY . .
 *     RUN go build -o /app .
 * is reported with a builder/runtime split for Go: build in
 * `FROM golang:1.22 AS build`, then ship the binary on
 * gcr.io/distroless/static-debian13 or scratch (CGO_ENABLED=0), or on
 * debian:<suite>-slim with cgo. Java: ship on eclipse-temurin:<major>-jre
 * (a JRE has no javac/jar/jlink). .NET: aspnet, runtime or runtime-deps.
 *
 * Left alone: builder stages that are only copied from, Windows images,
 * JRE tags, images the data does not list (unless their RUNs install
 * build tools).
 *
 * Fix safety: display only. Splitting a stage needs to know which files
 * the program needs at run time; dfopt describes the split, never does it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/kb.h"
#include "passes.h"

#include "image.h"




static bool tag_has(const json_t *e, const df_imgref *r)
{
    const json_t *l = json_object_get(e, "unless_tag_contains");
    size_t i;
    const json_t *v;
    char t[128];
    snprintf(t, sizeof t, "%s", r->tag);
    df_image_lower(t);
    json_array_foreach(l, i, v)
    {
        const char *s = json_string_value(v);
        if (s && strstr(t, s))
            return true;
    }
    return false;
}

static void check(df_ctx *c)
{
    const json_t *bi = df_kb_images(c->kb);
    for (size_t si = 0; si < c->doc->nstages; si++) {
        if (!df_stage_ships(c->doc, si))
            continue;
        const df_stage *st = &c->doc->stages[si];
        const df_instr *in = c->doc->instrs[st->from];
        if (in->nargs < 1)
            continue;
        df_imgref r;
        bool known = df_stage_image(c->doc, si, &r);
        if (known && df_image_is_windows(&r))
            continue;
        char shown[400] = "";
        if (known)
            snprintf(shown, sizeof shown, "%s%s%s", r.name, r.has_tag ? ":" : "", r.has_tag ? r.tag : "");
        const json_t *sdk = NULL;
        if (known) {
            size_t i;
            const json_t *e;
            json_array_foreach(json_object_get(bi, "sdk"), i, e)
            {
                const char *img = df_kb_str(e, "image");
                if (img && strcmp(img, r.name) == 0 && !tag_has(e, &r)) {
                    sdk = e;
                    break;
                }
            }
        }
        char msg[1200], desc[800];
        if (sdk) {
            const char *eco = df_kb_str(sdk, "ecosystem");
            const char *rt = df_kb_str(sdk, "runtime");
            snprintf(msg, sizeof msg,
                     "the shipped stage runs on %s, a %s toolchain image: build in a builder stage "
                     "(FROM %s AS build) and copy the result onto %s",
                     shown, eco ? eco : "?", shown, rt ? rt : "a runtime image");
            snprintf(desc, sizeof desc, "split into FROM %s AS build + a runtime stage on %s", shown,
                     rt ? rt : "a runtime image");
        } else {
            char tool[64];
            if (!df_stage_toolchain(c->doc, si, tool, sizeof tool))
                continue;
            const char *rt = known ? df_kb_str(json_object_get(bi, "split_runtime"), r.name) : NULL;
            snprintf(msg, sizeof msg,
                     "the shipped stage installs build tools (%s): compile in a builder stage and copy only the "
                     "artifacts onto %s",
                     tool, rt ? rt : "a base without the toolchain");
            snprintf(desc, sizeof desc, "move the build into a builder stage; ship on %s",
                     rt ? rt : "a base without the toolchain");
        }
        df_diag *dg = df_report(c, c->rule->severity, in->args[0].span, "%s", msg);
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
    .check = check,
};
