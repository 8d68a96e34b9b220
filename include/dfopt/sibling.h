/*
 * sibling.h - is a Dockerfile the single-stage "before" of a size
 * comparison whose "after" sits next to it?
 *
 * A demo of multi-stage builds keeps the naive single-stage file beside
 * the multi-stage ones that build the same program
 * (coding-latte/golang-docker-multistage-build-demo: `dockerfile`, FROM
 * golang, next to `alpine.dockerfile` and `scratch.dockerfile`, FROM golang
 * AS builder + a small runtime stage; review run 13 size-demo-baseline).
 * The baseline is dirty on purpose, like a cleanup the author wrote and
 * commented out (comments.h, df_said_cleanup_disabled): its findings are
 * reported and no fix is applied (driver.c, options.h baseline).
 *
 * File F is one when another Dockerfile S of the same folder:
 *   - has a stage B built FROM the same image as F's only stage (the text
 *     of the FROM, any case) that a later stage copies from (COPY --from
 *     naming B, by name or index);
 *   - repeats F's build in B: every COPY/ADD of F is an instruction of B,
 *     and so is at least one RUN of F (whitespace runs and the keyword's
 *     case ignored);
 *   - and runs the same program: S's last stage ends with the CMD and
 *     ENTRYPOINT arguments F has (F has at least one of them).
 * A development Dockerfile beside a production one (FROM node, CMD npm run
 * dev vs FROM node AS build ... FROM nginx) runs another program and is
 * not one. F must have exactly one stage.
 *
 * Siblings: the other files of F's real folder whose names are
 * Dockerfile names (Dockerfile, dockerfile, Dockerfile.*, *.dockerfile,
 * any case). A comparison has a few files: with more than 4 siblings the
 * file is not one (so a folder of N Dockerfiles costs at most 4N reads,
 * not N*N). A file name is never split: in a folder of flattened names
 * (the corpus's owner__repo__dir__Dockerfile, thousands in one folder)
 * the names are not paths and the folder is not a comparison, as with
 * vendored folders (fsio.h); dfopt then treats the file as it treats a
 * copy of it moved elsewhere. Siblings of at most 256 KiB are read
 * (regular files only); unreadable ones and ones that do not parse are
 * skipped quietly. Nothing is read when F has more than one stage or no
 * CMD/ENTRYPOINT, or the folder holds no other Dockerfile name.
 */
#ifndef DFOPT_SIBLING_H
#define DFOPT_SIBLING_H

#include <stddef.h>

struct df_dircache;

/* 1 with the sibling's file name in out[outlen] when path is such a
 * baseline, 0 when not (or it cannot be told, or doc is NULL), -1 when out
 * of memory. doc: the file's parse, which the caller has already (the
 * driver asks with its first round's, only when a fix would be applied):
 * the file is not parsed a second time. dirs: the run's cache (NULL:
 * none); is_link as for df_vendored_folder (fsio.h). */
struct df_doc;
int df_size_baseline_of(const char *path, const struct df_doc *doc, struct df_dircache *dirs, int is_link, char *out,
                        size_t outlen);

#endif
