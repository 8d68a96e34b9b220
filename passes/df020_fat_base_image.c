/*
 * DF020 fat-base-image
 *
 * What it finds: a stage that ships (the last stage and the stages it is
 * built FROM, never a builder that is only copied from) whose FROM names
 * the full variant of an image that has a smaller sibling measured in
 * data/base-images.json: python:3.12 -> python:3.12-slim, node:22 ->
 * node:22-slim, ruby, debian:trixie -> debian:trixie-slim,
 * eclipse-temurin JDK -> JRE, golang (a toolchain: build elsewhere, ship on
 * debian:<suite>-slim), nginx, httpd and redis -> -alpine.
 *
 * Why it matters: the full python and node images carry the
 * buildpack-deps toolchain: python:3.12 is 411 MB compressed, -slim 43 MB.
 * Every figure in the message is read from the data file at run time, with
 * the measured pair, the month and the source (docker-library/repo-info,
 * compressed transfer size, linux/amd64).
 *
 * Example:
 *     FROM python:3.12
 * becomes (with --unsafe-fixes)
 *     FROM python:3.12-slim
 * and the message reads "python:3.12 -> python:3.12-slim saves 368 MB (89%)
 * compressed, linux/amd64, as of 2026-08 (docker-library/repo-info)".
 *
 * Tag grammar is per family, from the data: the Debian suite is kept
 * (python:3.12-bookworm -> python:3.12-slim-bookworm, but node puts -slim
 * after the suite: node:22-bookworm -> node:22-bookworm-slim). Only tags
 * the data covers; anything else (already slim, alpine, unknown images,
 * Windows images, scratch, stage names, ARGs without a default) is left
 * alone.
 *
 * Caveats (from the data):
 *  - slim_runtime: -slim drops the build toolchain (gcc, make, *-dev
 *    headers) and common libs the full buildpack-deps-based tag ships; if
 *    the stage installs compilers or -dev packages (the message then says
 *    so), keep the full tag in a builder stage and use -slim only for the
 *    final stage.
 *  - same_suite: an unsuffixed tag floats to the newest Debian suite
 *    (python/ruby/golang default to trixie, node 22/24 to bookworm); keep
 *    the suite identical between from and to.
 *  - musl: Alpine uses musl libc, not glibc: manylinux wheels and prebuilt
 *    glibc binaries will not load; DNS, locale and thread stack size
 *    differ. Alpine siblings are therefore advice only.
 *  - jre: a JRE has no javac/jar/jlink; only for the runtime stage of
 *    pre-built jars. JDK -> JRE is advice only.
 *  - builder_only: toolchain images (golang, rust, gcc, maven, gradle,
 *    JDKs, dotnet sdk) belong in builder stages (see DF021).
 *  - windows: never mapped to Linux variants.
 *
 * Fix safety: unsafe. Only the tag bytes of the image word change; the
 * smaller image lacks packages the full one has, so the build or the
 * program can break. An image pinned by digest (@sha256:), an image built
 * from ARGs, Alpine, JRE and golang suggestions are advice only (a digest
 * must be re-pinned for the new tag).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/kb.h"
#include "passes.h"

#include "image.h"




/* Match tag t against a pattern with {ver} {major} {suite}; captures go in
 * vals (by placeholder index 0..2). */
static const char *const ph[] = {"{ver}", "{major}", "{suite}"};

static bool pmatch(const json_t *suites, const char *p, const char *t, char vals[3][64])
{
    if (*p == '\0')
        return *t == '\0';
    for (int k = 0; k < 3; k++) {
        size_t pl = strlen(ph[k]);
        if (strncmp(p, ph[k], pl) != 0)
            continue;
        if (k == 2) {
            size_t i;
            const json_t *s;
            json_array_foreach(suites, i, s)
            {
                const char *sv = json_string_value(s);
                size_t sl = sv ? strlen(sv) : 0;
                if (sl && sl < 64 && strncmp(t, sv, sl) == 0 && pmatch(suites, p + pl, t + sl, vals)) {
                    memcpy(vals[k], sv, sl + 1);
                    return true;
                }
            }
            return false;
        }
        size_t n = 0;
        while (t[n] >= '0' && t[n] <= '9')
            n++;
        if (k == 0)
            while ((t[n] >= '0' && t[n] <= '9') || (t[n] == '.' && t[n + 1] >= '0' && t[n + 1] <= '9'))
                n++;
        for (; n > 0; n--) {
            if (n < 64 && pmatch(suites, p + pl, t + n, vals)) {
                memcpy(vals[k], t, n);
                vals[k][n] = '\0';
                return true;
            }
        }
        return false;
    }
    return *p == *t && pmatch(suites, p + 1, t + 1, vals);
}

static void subst(const char *p, char vals[3][64], char *out, size_t cap)
{
    size_t o = 0;
    while (*p && o + 1 < cap) {
        int hit = -1;
        for (int k = 0; k < 3; k++)
            if (strncmp(p, ph[k], strlen(ph[k])) == 0)
                hit = k;
        if (hit >= 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s", vals[hit]);
            if (o >= cap)
                o = cap - 1;
            p += strlen(ph[hit]);
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

/* The first sentence-part of a caveat (up to ';'), from the data. */
static void caveat_head(const json_t *bi, const char *id, char *out, size_t cap)
{
    const char *s = df_kb_str(json_object_get(bi, "caveats"), id);
    if (!s) {
        out[0] = '\0';
        return;
    }
    size_t n = strcspn(s, ";");
    snprintf(out, cap, "%.*s", (int)n, s);
}

static void check(df_ctx *c)
{
    const json_t *bi = df_kb_images(c->kb);
    const json_t *suites = json_object_get(bi, "suites");
    const json_t *sizes = json_object_get(bi, "sizes");
    const char *by = df_kb_str(bi, "measured_by");
    const char *platform = df_kb_str(bi, "platform");
    for (size_t si = 0; si < c->doc->nstages; si++) {
        if (!df_stage_ships(c->doc, si))
            continue;
        df_imgref r;
        if (!df_stage_image(c->doc, si, &r) || df_image_is_windows(&r))
            continue;
        const char *tag = r.has_tag ? r.tag : "latest";
        size_t i;
        const json_t *e;
        json_array_foreach(json_object_get(bi, "slimmer"), i, e)
        {
            const char *img = df_kb_str(e, "image");
            const char *from = df_kb_str(e, "from");
            char vals[3][64] = {"", "", ""};
            if (!img || !from || strcmp(img, r.name) != 0 || !pmatch(suites, from, tag, vals))
                continue;
            const json_t *pair = json_object_get(e, "pair");
            const char *p0 = json_string_value(json_array_get(pair, 0));
            const char *p1 = json_string_value(json_array_get(pair, 1));
            const json_t *s0 = json_object_get(sizes, p0 ? p0 : "");
            const json_t *s1 = json_object_get(sizes, p1 ? p1 : "");
            double b0 = json_number_value(json_object_get(s0, "size"));
            double b1 = json_number_value(json_object_get(s1, "size"));
            const char *built = df_kb_str(s0, "built");
            if (!(b0 > 0) || !(b1 > 0) || !built)
                continue;
            bool alpine = json_is_true(json_object_get(e, "alpine"));
            bool advice = alpine || json_is_true(json_object_get(e, "advice")) || r.digest || r.var;
            char newtag[128] = "", target[400];
            const char *to = df_kb_str(e, "to");
            const char *to_image = df_kb_str(e, "to_image");
            if (to) {
                subst(to, vals, newtag, sizeof newtag);
                snprintf(target, sizeof target, "%s:%s", r.name, newtag);
            } else if (to_image) {
                subst(to_image, vals, target, sizeof target);
                advice = true;
            } else {
                continue;
            }
            char shown[400];
            snprintf(shown, sizeof shown, "%s%s%s", r.name, r.has_tag ? ":" : "", r.has_tag ? r.tag : "");
            char saving[400];
            snprintf(saving, sizeof saving, "saves %.0f MB (%.0f%%) compressed, %s, as of %.7s (%s)",
                     (b0 - b1) / 1e6, (1.0 - b1 / b0) * 100.0, platform ? platform : "?", built, by ? by : "?");
            char msg[1600];
            size_t o;
            const char *conf = df_kb_str(e, "confidence");
            bool inferred = conf && strcmp(conf, "inferred") == 0;
            if (to_image)
                o = (size_t)snprintf(msg, sizeof msg,
                                     "%s is a toolchain image: build in a builder stage and ship on %s: %s \xe2\x86\x92 %s %s",
                                     shown, target, p0, p1, saving);
            else if (strcmp(shown, p0) == 0 && strcmp(target, p1) == 0)
                o = (size_t)snprintf(msg, sizeof msg, "%s \xe2\x86\x92 %s %s", shown, target, saving);
            else
                o = (size_t)snprintf(msg, sizeof msg, "%s \xe2\x86\x92 %s: %s %s \xe2\x86\x92 %s %s", shown,
                                     target, inferred ? "inferred from" : "measured on", p0, p1, saving);
            char cav[600];
            if (alpine) {
                caveat_head(bi, "musl", cav, sizeof cav);
                o += (size_t)snprintf(msg + o, o < sizeof msg ? sizeof msg - o : 0, "; caveat: %s", cav);
            }
            if (json_is_true(json_object_get(e, "advice")) && !to_image) {
                caveat_head(bi, "jre", cav, sizeof cav);
                o += (size_t)snprintf(msg + o, o < sizeof msg ? sizeof msg - o : 0, "; caveat: %s", cav);
            }
            char tool[64];
            if (!to_image && df_stage_toolchain(c->doc, si, tool, sizeof tool)) {
                const char *tc = df_kb_str(bi, "toolchain_caveat");
                o += (size_t)snprintf(msg + o, o < sizeof msg ? sizeof msg - o : 0,
                                      "; caveat: this stage installs %s and %s", tool, tc ? tc : "");
            }
            if (r.digest)
                o += (size_t)snprintf(msg + o, o < sizeof msg ? sizeof msg - o : 0,
                                      "; the image is pinned by digest: re-pin the new tag");
            (void)o;
            const df_instr *in = c->doc->instrs[c->doc->stages[si].from];
            const df_word *w = &in->args[0];
            bool editable = !advice && w->span.end - w->span.start == w->len &&
                            memcmp(df_src_at(c, w->span.start), w->value, w->len) == 0;
            df_diag *dg = df_report(c, c->rule->severity, w->span, "%s", msg);
            if (!dg)
                return;
            char desc[800];
            if (editable) {
                snprintf(desc, sizeof desc, "use %s (unsafe: the smaller image lacks packages the full one has)",
                         target);
                if (!df_diag_set_fix(c->out, dg, DF_APPLY_UNSAFE, desc))
                    return;
                if (r.has_tag)
                    df_fix_add_edit(c->out, dg, w->span.start + r.tag_off, w->span.start + r.tag_off + r.tag_len,
                                    newtag, strlen(newtag));
                else {
                    char ins[140];
                    snprintf(ins, sizeof ins, ":%s", newtag);
                    df_fix_add_edit(c->out, dg, w->span.start + r.tag_off, w->span.start + r.tag_off, ins,
                                    strlen(ins));
                }
            } else {
                snprintf(desc, sizeof desc, "consider %s%s", target,
                         r.digest ? " (pinned by digest: re-pin)" : r.var ? " (set the ARG default)" : "");
                df_diag_set_fix(c->out, dg, DF_APPLY_DISPLAY, desc);
            }
            break;
        }
    }
}

const df_rule df_rule_df020 = {
    .id = "DF020",
    .name = "fat-base-image",
    .hadolint = NULL,
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_UNSAFE,
    .summary = "shipped stage FROM a full image that has a measured slim sibling",
    .check = check,
};
