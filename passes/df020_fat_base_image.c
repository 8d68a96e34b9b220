/*
 * DF020 fat-base-image
 *
 * What it finds: a stage that ships (the last stage and the stages it is
 * built FROM, never a builder that is only copied from) whose FROM names
 * the full variant of an image that has a smaller sibling measured in
 * data/base-images.json: python:3.12 -> python:3.12-slim, node:22 ->
 * node:22-slim, ruby, debian:trixie -> debian:trixie-slim, and the alpine
 * siblings of nginx, httpd, redis and php (fpm, cli, zts; apache ->
 * fpm-alpine, which changes the server model).
 *
 * Why it matters: the full python and node images carry the
 * buildpack-deps toolchain: python:3.12 is 411 MB compressed, -slim 43 MB.
 * Every figure in the message is read from the data file at run time, with
 * the measured pair, the month and the source (docker-library/repo-info,
 * compressed transfer size, linux/amd64); when the tag differs from the
 * measured pair the message says "measured on" or "inferred from" that
 * pair, as the data's confidence says.
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
 * private registries, Windows images, scratch, stage names, ARGs without a
 * default) is left alone.
 *
 * Not this rule's: SDK images (golang, rust, gcc, maven, gradle, JDKs,
 * dotnet/sdk: the data's "sdk" list) are DF021's, which describes the
 * builder/runtime split and quotes the runtime's saving; and images whose
 * purpose is the toolchain (the shipped command is a shell, REPL or build
 * tool, or there is none on a shell-default base with nothing copied in:
 * see DF021 and image.h df_doc_toolchain_image) have no runtime to slim.
 *
 * Caveats (from the data; "message_caveats" says which a message quotes):
 *  - slim_runtime: -slim drops the build toolchain (gcc, make, *-dev
 *    headers); if the stage installs compilers or -dev packages the
 *    message says so: keep the full tag in a builder stage. Not for
 *    debian -> debian-slim (entries marked "same_packages"): the full
 *    debian image has no toolchain either, both have the same packages and
 *    slim leaves out man pages, documentation and locales ("slim_drops",
 *    which the fix's unsafe reason quotes).
 *  - same_suite: an unsuffixed tag floats to the newest Debian suite;
 *    keep the suite identical between from and to.
 *  - musl: Alpine uses musl libc, not glibc: manylinux wheels and prebuilt
 *    glibc binaries will not load. Alpine siblings are advice only, and
 *    the message quotes the caveat; php adds php_ext (PHPIZE_DEPS must be
 *    added with apk before docker-php-ext-install) and, for apache,
 *    not_dropin_server.
 *  - windows: never mapped to Linux variants.
 *
 * Fix safety: unsafe. Only the tag bytes of the image word change; the
 * smaller image lacks packages the full one has (for debian: the files
 * slim leaves out), so the build or the program can break. The size quoted
 * is the tag's own release where the data measured it (debian buster,
 * bullseye, bookworm, trixie); otherwise the message names the pair it was
 * "measured on". An image pinned by digest (@sha256:), an image built
 * from ARGs and Alpine suggestions are advice only (a digest must be
 * re-pinned for the new tag).
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




/* Match tag t against a pattern with {ver} {major} {suite}; captures go in
 * vals (by placeholder index 0..2). */
static const char *const ph[] = {"{ver}", "{major}", "{suite}"};

static bool pmatch(const df_fact *suites, const char *p, const char *t, char vals[3][64])
{
    if (*p == '\0')
        return *t == '\0';
    for (int k = 0; k < 3; k++) {
        size_t pl = strlen(ph[k]);
        if (strncmp(p, ph[k], pl) != 0)
            continue;
        if (k == 2) {
            size_t i;
            const df_fact *s;
            df_fact_foreach(suites, i, s)
            {
                const char *sv = df_fact_str(s);
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

/* The caveat id as a message quotes it (data "message_caveats": "head" =
 * up to the first ';', "full"), without a final period; "" when the
 * message does not quote it. */
static void caveat_text(const df_fact *bi, const char *id, char *out, size_t cap)
{
    const char *how = df_kb_str(df_fact_get(bi, "message_caveats"), id);
    const char *s = df_kb_str(df_fact_get(bi, "caveats"), id);
    out[0] = '\0';
    if (!how || !s)
        return;
    size_t n = strcmp(how, "head") == 0 ? strcspn(s, ";") : strlen(s);
    while (n > 0 && s[n - 1] == '.')
        n--;
    snprintf(out, cap, "%.*s", (int)n, s);
}

static void check(df_ctx *c)
{
    const df_fact *bi = df_kb_images(c->kb);
    const df_fact *suites = df_fact_get(bi, "suites");
    const df_fact *slimmer = df_fact_get(bi, "slimmer");
    /* asked before the first finding, not before the first stage: most
     * files have nothing to report, and the question reads the whole text */
    bool toolchain_asked = false;
    for (size_t si = 0; si < c->doc->nstages; si++) {
        /* a development environment or a job stage (ast.h
         * df_doc_mark_uses) keeps its base: no runtime to slim */
        if (!df_stage_ships(c->doc, si) || c->doc->stages[si].held)
            continue;
        df_imgref r;
        if (!df_stage_image(c->doc, si, &r) || c->doc->stages[si].windows)
            continue;
        /* the entries for this image, in file order */
        const df_fact *entries = df_fact_get(df_facts_root(DF_FACTS_SLIMMER_BY_IMAGE), r.name);
        if (!df_fact_size(entries) || df_image_sdk(bi, &r))
            continue; /* SDK images: DF021 describes the split */
        const char *tag = r.has_tag ? r.tag : "latest";
        size_t i;
        const df_fact *at;
        df_fact_foreach(entries, i, at)
        {
            const df_fact *e = df_fact_at(slimmer, (size_t)df_fact_number(at));
            if (!e)
                continue;
            const char *from = df_kb_str(e, "from");
            const char *to = df_kb_str(e, "to");
            char vals[3][64] = {"", "", ""};
            if (!from || !to || !pmatch(suites, from, tag, vals))
                continue;
            const df_fact *pair = df_fact_get(e, "pair");
            const char *p0 = df_fact_str(df_fact_at(pair, 0));
            const char *p1 = df_fact_str(df_fact_at(pair, 1));
            char saving[400];
            if (!p0 || !p1 || !df_image_saving(bi, p0, p1, saving, sizeof saving))
                continue;
            if (!toolchain_asked && df_toolchain_image_of(c))
                return; /* the image is the toolchain: no runtime to slim */
            toolchain_asked = true;
            bool alpine = df_fact_is_true(df_fact_get(e, "alpine"));
            bool advice = alpine || df_fact_is_true(df_fact_get(e, "advice")) || r.digest || r.var;
            char newtag[128] = "", target[400];
            subst(to, vals, newtag, sizeof newtag);
            snprintf(target, sizeof target, "%s:%s", r.name, newtag);
            char shown[400];
            snprintf(shown, sizeof shown, "%s%s%s", r.name, r.has_tag ? ":" : "", r.has_tag ? r.tag : "");
            df_buf msg = DF_BUF_INIT;
            const char *conf = df_kb_str(e, "confidence");
            bool inferred = conf && strcmp(conf, "inferred") == 0;
            if (strcmp(shown, p0) == 0 && strcmp(target, p1) == 0)
                df_buf_printf(&msg, "%s \xe2\x86\x92 %s %s", shown, target, saving);
            else
                df_buf_printf(&msg, "%s \xe2\x86\x92 %s: %s %s \xe2\x86\x92 %s %s", shown, target,
                              inferred ? "inferred from" : "measured on", p0, p1, saving);
            size_t k;
            const df_fact *id;
            df_fact_foreach(df_fact_get(e, "caveat_ids"), k, id)
            {
                const char *ids = df_fact_str(id);
                char cav[600];
                if (!ids)
                    continue;
                caveat_text(bi, ids, cav, sizeof cav);
                if (cav[0])
                    df_buf_printf(&msg, "; caveat: %s", cav);
            }
            /* debian -> debian-slim keeps the package set: a stage that
             * installs its toolchain with apt gets the same one on -slim */
            bool same_pkgs = df_fact_is_true(df_fact_get(e, "same_packages"));
            const char *drops = df_kb_str(e, "slim_drops");
            char tool[64];
            if (!same_pkgs && df_stage_toolchain(c->doc, si, tool, sizeof tool)) {
                const char *tc = df_kb_str(bi, "toolchain_caveat");
                df_buf_printf(&msg, "; caveat: this stage installs %s and %s", tool, tc ? tc : "");
            }
            if (r.digest)
                df_buf_printf(&msg, "; the image is pinned by digest: re-pin the new tag");
            const df_instr *in = c->doc->instrs[c->doc->stages[si].from];
            const df_word *w = &in->args[0];
            bool editable = !advice && w->span.end - w->span.start == w->len &&
                            memcmp(df_src_at(c, w->span.start), w->value, w->len) == 0;
            df_diag *dg = msg.data ? df_report(c, c->rule->severity, w->span, "%s", msg.data) : NULL;
            if (msg.failed)
                df_arena_note_failure(c->doc->arena); /* the driver says out of memory */
            df_buf_release(&msg);
            if (!dg)
                return;
            char desc[800];
            if (editable) {
                if (drops)
                    snprintf(desc, sizeof desc, "use %s (unsafe: it leaves out %s)", target, drops);
                else
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
    .worth = "image size: a slimmer base image",
    .check = check,
};
