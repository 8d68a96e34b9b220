/*
 * devcontainer.h - is a Dockerfile the image of a dev container?
 *
 * A dev container is an image people work in (VS Code, Codespaces, the
 * devcontainer CLI): its users install packages with apt, keep its package
 * lists and want recommended packages. The rules that would strip those
 * (DF003, DF004: passes/pm.c df_pm_apt_environment) leave such an image
 * alone. A file is one when, in its real path (so that `cd .devcontainer
 * && dfopt Dockerfile` counts too):
 *   - a folder is named .devcontainer, or
 *   - a devcontainer.json names it: build.dockerfile (or the older
 *     top-level dockerFile), relative to the json's folder. The json files
 *     looked at are those the spec knows, in the file's folder and each
 *     folder above it up to the top of its work tree (a folder holding
 *     .git; the root when none): F/devcontainer.json, F/.devcontainer.json,
 *     F/.devcontainer/devcontainer.json and F/.devcontainer/NAME/
 *     devcontainer.json. Comments and trailing commas (JSONC) are allowed.
 * Each folder is listed once per run (dircache.h) and its json files read
 * once per run: the answer for a folder is kept in dirs.
 */
#ifndef DFOPT_DEVCONTAINER_H
#define DFOPT_DEVCONTAINER_H

#include <stddef.h>

struct df_dircache;

/* 1 with what makes path one in out[outlen] (".devcontainer/" or the
 * json's path), 0 when it is not (or path cannot be resolved), -1 when out
 * of memory. dirs: the run's cache (NULL: a cache for this call); is_link
 * as for df_vendored_folder (fsio.h). */
int df_devcontainer_of(const char *path, struct df_dircache *dirs, int is_link, char *out, size_t outlen);

/* JSONC text[0..len) without its comments and trailing commas, as JSON
 * (malloc'ed, *outlen its length); NULL when out of memory. Strings are
 * copied as they are. */
char *df_jsonc_to_json(const char *text, size_t len, size_t *outlen);

#endif
