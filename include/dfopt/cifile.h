/*
 * cifile.h - is a Dockerfile the image a CI job builds and runs in?
 *
 * A CI environment image is built by the repository's CI and its build
 * steps run inside it: it is a toolchain, never shipped (apache/brooklyn-ui:
 * the Jenkinsfile runs docker.build(...), then .inside(...) { sh 'mvn clean
 * install' }; review run 13). The rules that would strip its toolchain or
 * split it into a runtime stage (DF004, DF021: passes/image.h,
 * df_toolchain_image_of) leave it to the author. A file is one when a
 * Jenkinsfile (that exact name) in its real folder or a folder above it, up
 * to the top of its work tree (a folder holding .git; the root when none),
 * says so:
 *   - `docker.build(TAG[, ARGS])` builds it, and the steps run in the
 *     result: `docker.build(...).inside`, `VAR = docker.build(...)` then
 *     `VAR.inside`, or `docker.image(TAG).inside` with the same TAG text.
 *     The Dockerfile built is ARGS' `-f`/`--file` path, else CONTEXT/
 *     Dockerfile (CONTEXT: ARGS' last word; "." without ARGS). A path or
 *     context written with a variable (`$`) names no file;
 *   - or a declarative `agent { dockerfile true }` (./Dockerfile) or
 *     `agent { dockerfile { filename 'F' dir 'D' } }` (D/F; defaults
 *     Dockerfile and .).
 * Paths are taken relative to the work tree's top (Jenkins runs the
 * pipeline in the checkout's root) and to the Jenkinsfile's own folder.
 * Nothing else is read: no folder is searched below, files over 512 KiB
 * and unreadable ones are skipped quietly, and Groovy is only tokenised
 * (strings, comments), not run. GitLab CI and GitHub Actions run jobs in
 * registry images, which no file ties to a Dockerfile: they are not read.
 * Each folder's Jenkinsfile is read once per run (the answer is kept in
 * the dircache).
 */
#ifndef DFOPT_CIFILE_H
#define DFOPT_CIFILE_H

#include <stddef.h>

#include "dfopt/buf.h"

struct df_dircache;

/* 1 with what says so in out[outlen] ("Jenkinsfile: docker.build(...)
 * .inside" or "../Jenkinsfile: agent { dockerfile }", the Jenkinsfile's
 * path relative to the Dockerfile's real folder), 0 when it is not (or
 * path cannot be resolved), -1 when out of memory. dirs: the run's cache
 * (NULL: a cache for this call); is_link as for df_vendored_folder
 * (fsio.h). */
int df_ci_image_of(const char *path, struct df_dircache *dirs, int is_link, char *out, size_t outlen);

/* The Dockerfile references of a Jenkinsfile's text[0..len): for each,
 * "KIND PATH\n" appended to out (KIND 'b' for docker.build + .inside, 'a'
 * for agent { dockerfile }; PATH as written, relative to the pipeline's
 * folder). 0, or -1 when out of memory. For tests and df_ci_image_of. */
int df_jenkinsfile_refs(const char *text, size_t len, df_buf *out);

#endif
