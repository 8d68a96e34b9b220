/*
 * DF022 deprecated-base-image
 *
 * What it finds: a FROM naming an image that data/base-images.json lists as
 * deprecated, frozen or removed: openjdk (only early-access builds updated
 * since July 2022), java, adoptopenjdk, centos (removed 2024-07, all tags
 * EOL; CentOS Stream 8, quay.io/centos/centos:stream8, EOL 2024-05-31),
 * clefos, the official rockylinux image (tags frozen at 9.3 / 8.9),
 * amazonlinux:1 and 2018.03 (EOL 2023-12-31), clearlinux, node majors the
 * official library no longer has (4-21, 23, 25: EOL), and others. Every stage is checked, builder stages too:
 * deprecated is deprecated; the message says which stage.
 *
 * Why it matters: a deprecated image gets no security updates (or stays on
 * an early-access build), and a removed one stops pulling one day.
 *
 * Example:
 *     FROM openjdk:17-jdk-slim
 * is reported: "openjdk is deprecated (only early-access N-ea tags updated
 * after July 2022): use eclipse-temurin (or amazoncorretto, ...)".
 *
 * Matching: the image name ignoring a docker.io/ or library/ prefix, tag
 * and digest, case-insensitive; some entries only cover some tags
 * (amazonlinux:1, node:18), and the first entry that covers the tag wins,
 * so that the message names the release the tag is: centos:8 and
 * centos:centos8.4.2105 read "CentOS Linux 8 EOL 2021-12-31", centos:7 and
 * centos7.* "CentOS Linux 7 EOL 2024-06-30", other or no tags "all tags
 * EOL". A tag-specific entry shows the tag in the message. Never for stage names (FROM builder) or
 * scratch. An image built from ARGs (FROM ${BASE}) is resolved with the
 * ARG's default declared before the first FROM; without one, silent.
 *
 * Fix safety: display only. The replacement is named, never applied: a
 * different distribution or JDK vendor is a decision, not a rewrite.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/kb.h"
#include "dfopt/buf.h"
#include "passes.h"

#include "image.h"




/* Does the entry's "tags" list (absent: every tag) cover tag? A listed
 * "18" covers 18, 18.1, 18-alpine, ... */
static bool tag_covered(const df_fact *e, const df_imgref *r)
{
    const df_fact *tags = df_fact_get(e, "tags");
    if (!tags)
        return true;
    size_t i;
    const df_fact *t;
    df_fact_foreach(tags, i, t)
    {
        const char *s = df_fact_str(t);
        size_t n = s ? strlen(s) : 0;
        if (n && r->has_tag && strncasecmp(r->tag, s, n) == 0 &&
            (r->tag[n] == '\0' || r->tag[n] == '.' || r->tag[n] == '-'))
            return true;
    }
    return false;
}

static void check(df_ctx *c)
{
    const df_fact *dep = df_fact_get(df_kb_images(c->kb), "deprecated");
    const df_fact *by_image = df_facts_root(DF_FACTS_DEPRECATED_BY_IMAGE);
    for (size_t si = 0; si < c->doc->nstages; si++) {
        df_imgref r;
        if (!df_stage_image(c->doc, si, &r))
            continue;
        size_t i;
        const df_fact *at;
        /* the entries for this image, in file order */
        df_fact_foreach(df_fact_get(by_image, r.name), i, at)
        {
            const df_fact *e = df_fact_at(dep, (size_t)df_fact_number(at));
            if (!e || !tag_covered(e, &r))
                continue;
            const df_stage *st = &c->doc->stages[si];
            const df_instr *in = c->doc->instrs[st->from];
            char stage[200];
            if (st->name)
                snprintf(stage, sizeof stage, "stage %zu (%.100s)", si + 1, st->name);
            else
                snprintf(stage, sizeof stage, "stage %zu", si + 1);
            char repl[400] = "";
            const df_fact *rl = df_fact_get(e, "replacement");
            size_t nr = df_fact_size(rl);
            if (nr >= 1) {
                const char *first = df_fact_str(df_fact_at(rl, 0));
                size_t o = (size_t)snprintf(repl, sizeof repl, ": use %s", first ? first : "?");
                for (size_t k = 1; k < nr && o < sizeof repl; k++)
                    o += (size_t)snprintf(repl + o, sizeof repl - o, "%s%s", k == 1 ? " (or " : ", ",
                                          df_fact_str(df_fact_at(rl, k)));
                if (nr > 1 && o < sizeof repl)
                    snprintf(repl + o, sizeof repl - o, ")");
            } else {
                snprintf(repl, sizeof repl, ": no maintained official replacement, move to a maintained base");
            }
            const char *status = df_kb_str(e, "status");
            df_diag *dg = df_report(c, c->rule->severity, in->args[0].span, "%s%s%s is %s%s (%s)", r.name,
                                    r.has_tag && df_fact_get(e, "tags") ? ":" : "",
                                    r.has_tag && df_fact_get(e, "tags") ? r.tag : "",
                                    status ? status : "deprecated", repl, stage);
            if (!dg)
                return;
            df_buf desc = DF_BUF_INIT;
            if (df_buf_printf(&desc, "move %s off %s%s", stage, r.name, repl) == 0)
                df_diag_set_fix(c->out, dg, DF_APPLY_DISPLAY, desc.data);
            df_buf_release(&desc);
            break;
        }
    }
}

const df_rule df_rule_df022 = {
    .id = "DF022",
    .name = "deprecated-base-image",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_DISPLAY,
    .summary = "FROM a deprecated, frozen or removed image: name the maintained replacement",
    .worth = "security: a maintained base image that gets updates",
    .check = check,
};
