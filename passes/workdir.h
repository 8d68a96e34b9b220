/*
 * workdir.h - (private) the working folder in force at each instruction,
 * one answer for every rule that resolves a relative path (DF002, DF011).
 *
 * BuildKit semantics: WORKDIR takes one path (the rest of the line; there
 * is no exec form: `WORKDIR ["/app"]` names a folder called `["/app"]`),
 * with quotes removed and variables expanded; a relative path is resolved
 * against the WORKDIR in force. A stage built FROM an earlier stage starts
 * in the folder that stage ended in (the image config carries it); any
 * other stage starts in the base image's WORKDIR, which dfopt does not
 * know.
 *
 * Everything is allocated in the document's arena.
 */
#ifndef DFOPT_WORKDIR_H
#define DFOPT_WORKDIR_H

#include <stdbool.h>

#include "dfopt/ast.h"
#include "dfopt/arena.h"

/* w[i]: the working folder before instruction i of d, in df_deps_path
 * form: an absolute normalized path ("/app"), "@" or "@/sub" (relative to
 * the unknown WORKDIR of a base image), or NULL when unknown (a WORKDIR
 * with a variable, or a relative one below such). The FROM of a stage
 * gets the folder that stage starts in. NULL when out of memory. */
const char **df_workdirs(df_arena *a, const df_doc *d);

/* A WORKDIR, COPY or ADD word as BuildKit reads it: quotes removed and
 * escapes resolved (json: an exec-form element, taken as it is); NULL when
 * it holds a variable outside single quotes (expansion is not modelled)
 * or when out of memory. Allocated in a. */
char *df_word_value(df_arena *a, const df_word *w, bool json, char esc);

/* The value the file's ENV gives variable name[0, nl) before each top-level
 * instruction (index i of the document), NULL where no ENV of the stage or
 * of the stages it is built FROM set it (an image's ENV is not known):
 * one pass over the file, in the document's arena. NULL when out of memory
 * or the file has no instruction. */
const char **df_env_before(const df_doc *d, const char *name, size_t nl);

/* HOME before each top-level instruction i of d (h[i]), NULL where not
 * known: the ENV HOME in force (df_env_before); else, for the USER in
 * force (in the stage or the stages it is built FROM), /root when there is
 * none or it is root (or 0), the folder a useradd -d / adduser -h (--home,
 * --home-dir) of that name in an earlier RUN gives, or /home/NAME (the
 * default of both). A numeric or variable USER: NULL. Who runs as a user a
 * base image sets is not known: /root is taken. The user creation is read
 * from the RUN's logical line as words: a home that the words do not show
 * plainly is not found (/home/NAME is taken). One pass; NULL when out of
 * memory or the file has no instruction. */
const char **df_homes(df_arena *a, const df_doc *d);

#endif
