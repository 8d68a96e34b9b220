/*
 * image.h - (private) the image a FROM names, for the base-image rules
 * (DF020-DF022): registry prefix stripped, tag and digest split, ARG
 * defaults declared before the first FROM substituted.
 */
#ifndef DFOPT_IMAGE_H
#define DFOPT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/ast.h"
#include "dfopt/kb.h"

typedef struct {
    char name[256];  /* lowercased, registry docker.io/library/ stripped */
    char tag[128];   /* "" when none */
    bool has_tag;
    bool digest;     /* @sha256:... */
    bool var;        /* built from ARG values */
    char full[512];  /* the reference after ARG substitution */
    size_t tag_off;  /* (when !var) offset of the tag in the word, or of ':' insertion point */
    size_t tag_len;
} df_imgref;

/* Fill r for stage si's FROM. False when the stage is built FROM another
 * stage, is scratch, or its image cannot be resolved (an ARG without a
 * default). */
bool df_stage_image(const df_doc *d, size_t si, df_imgref *r);

/* df_doc_mark_windows (runsh.h) is defined in image.c, with the matcher. */

/* df_doc_mark_uses (ast.h) is defined in image.c, with the toolchain data. */

/* The first build-tool word in the RUNs of stage si (gcc, g++, make,
 * build-essential, *-dev, *-devel, ...) that an install names (an operand
 * after `install`/`add` in the same command), copied into out; false if
 * none. RUNs that purge or delete packages again are skipped. */
bool df_stage_toolchain(const df_doc *d, size_t si, char *out, size_t cap);
/* df_stage_toolchain's tool (*installs true), else the first build tool
 * the stage only runs (`make dev`: a command's name, no -dev suffix), in
 * one scan of the stage. */
bool df_stage_tools(const df_doc *d, size_t si, char *out, size_t cap, bool *installs);

/* The "sdk" entry of the data (bi) that r's image matches (golang, rust,
 * gcc, maven, gradle, JDK tags, dotnet/sdk), or NULL. DF020 leaves these
 * images to DF021. */
const df_fact *df_image_sdk(const df_fact *bi, const df_imgref *r);

/* Is the image this file builds itself a toolchain or environment image,
 * published to build with rather than to run an application? True when the
 * shipped image's command (ENTRYPOINT + CMD of the last stage, or of the
 * stage it is built FROM) is a shell, a REPL or a build tool with nothing
 * but options after it (CMD ["mvn"], CMD ["lein", "repl"], CMD ["bash"],
 * perl5.40.3 -de0), leading wrappers (tini, dumb-init, *entrypoint*)
 * skipped; when that command runs the toolchain itself (`make unit`, `go
 * test`, `npm test`, pytest: "runs_toolchain"); or when there is no CMD or ENTRYPOINT at all, nothing is copied
 * from the build context into a shipped stage, and the base image's own
 * command is a shell (debian, alpine, buildpack-deps, golang, ...) or a
 * build tool ("build_tool_default": maven's mvn, gradle's gradle); or
 * when it is a CI image (bi "toolchain_image"."ci_image": "for Continuous
 * Integration" in the text, jenkins.war, JENKINS_HOME, FROM jenkins/), or
 * a build environment by the comment right above the FROM of the last
 * stage or a stage it is built FROM ("build_environment": "the image we'll
 * use to execute the build"), or an ONBUILD base (df_doc_onbuild_base).
 * The word lists are data (bi "toolchain_image"). */
bool df_doc_toolchain_image(const df_doc *d, const df_fact *bi);

/* Does the shipped image carry ONBUILD triggers (an instruction of the last
 * stage, or of a stage of its FROM chain)? Such an image is published for
 * other Dockerfiles to build FROM: its triggers and their build steps run
 * in the child's build, with what this image installs. It reads the
 * chain's instructions and counts them on work (may be NULL): ask it once
 * per file. */
struct df_runsh_cache;
bool df_doc_onbuild_base(const df_doc *d, struct df_runsh_cache *work);
/* The same for ctx's document, with the kb's images: answered once per
 * round (ctx->scripts) for every rule that asks. */
struct df_ctx;
bool df_toolchain_image_of(const struct df_ctx *c);

/* Does instruction in (a CMD or ENTRYPOINT) run one of phrases (a fact
 * list of strings: "tail -f /dev/null")? The shell form is matched as
 * written, the exec form with its arguments joined by single spaces
 * (CMD ["tail", "-f", "/dev/null"]), so both forms of one command agree.
 * Counts its work on c's scripts. */
bool df_command_runs(const struct df_ctx *c, const df_instr *in, const df_fact *phrases);

/* "saves N MB (P%) compressed, PLATFORM, as of YYYY-MM (BY)" for the
 * measured pair p0 -> p1 of the data's "sizes"; false when either size or
 * the date is missing. */
bool df_image_saving(const df_fact *bi, const char *p0, const char *p1, char *out, size_t cap);

/* The earlier stages that stage si's FROM can name when it is written with
 * variables (`FROM qdrant-${GPU:+gpu-}${GPU:-cpu}`: BuildKit expands the
 * word, then takes a stage of that name): each whose AS name matches the
 * word with every variable read as any text (case-insensitive). The word
 * must have text of its own besides the variables (`FROM ${BASE}` can name
 * any stage or image). The first cap indexes go to out; returns how many
 * match (0: none, or no variable, or the stage is built on a stage). */
size_t df_stage_from_candidates(const df_doc *d, size_t si, size_t *out, size_t cap);

/* Lowercase s in place (ASCII). */
void df_image_lower(char *s);

#endif
