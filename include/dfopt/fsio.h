/*
 * fsio.h - reading inputs and writing results without ever losing data.
 *
 * df_write_in_place() is the only function in dfopt that modifies a user's
 * file. It writes a temporary file in the same folder, gives it the
 * original's mode, flushes it to disk and renames it over the original, so
 * a crash or a full disk leaves either the old or the new file, never half
 * of one. A symlink is written through to its target. It refuses when the
 * file is not writable, or when its bytes changed since they were read.
 *
 * Errors: functions return 0, or -1 with a one-line reason in err; a reason
 * that says "out of memory" is an allocation failure, not an I/O error
 * (the CLI exits 4 for it, 2 for the others).
 */
#ifndef DFOPT_FSIO_H
#define DFOPT_FSIO_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/buf.h"

/* The largest input dfopt reads: 4 MiB, about 75 times the largest of the
 * 3,189 real Dockerfiles of the test corpus (55 KB). Memory stays linear in
 * the input (a few hundred bytes per input byte at worst, with every rule),
 * so this bounds a run; a larger file or stream is refused. */
#define DF_MAX_INPUT ((size_t)4 << 20)

/* Read a whole file ("-": standard input; a pipe or FIFO is read to its
 * end). Refuses a folder and anything larger than DF_MAX_INPUT. */
int df_read_file(const char *path, df_buf *out, char *err, size_t errlen);

/* df_read_file, and *is_link: is path's last part a symbolic link (the
 * file read is then its target; false for "-")? The open that reads the
 * file tells (O_NOFOLLOW first): no system call of its own. */
int df_read_file_ex(const char *path, df_buf *out, bool *is_link, char *err, size_t errlen);

/* Replace path's content with data, if it still holds expect[0..elen). */
int df_write_in_place(const char *path, const char *data, size_t len, const char *expect, size_t elen,
                      char *err, size_t errlen);

/* Is this file name one dfopt looks at inside folders? (Dockerfile,
 * dockerfile (docker build's second choice), Dockerfile.*, Containerfile,
 * Containerfile.*, and *.Dockerfile in any case; not the BuildKit ignore
 * files Dockerfile.dockerignore, x.Dockerfile.dockerignore) */
bool df_is_dockerfile_name(const char *name);

/* Append to *paths (malloc'ed strings, caller frees) the Dockerfiles under
 * dir, sorted, skipping hidden folders and vendored folders
 * (df_is_vendored_dir) below dir. */
int df_find_dockerfiles(const char *dir, char ***paths, size_t *n, size_t *cap, char *err, size_t errlen);

/* Is name[0..n) a folder of another project's files by convention
 * (vendor, third_party, node_modules, ...: not_ours.vendored_dirs of
 * data/dependency-manifests.json)? */
bool df_is_vendored_dir(const char *name, size_t n);

/* Is the file at path under a vendored folder? The folders of its real
 * path count from the nearest folder above it holding .git, else from the
 * folder dfopt runs in when the file is under it; otherwise (or when the
 * path cannot be resolved) it is not. Returns 1 with the folder's name in
 * out[outlen], 0 when not, -1 when out of memory. A name is never parsed
 * for anything but '/' separators. dirs (NULL: none) keeps the real path
 * of each folder and of the current folder for the run (dircache.h), so
 * that a file that is not a symlink costs no realpath() of its own:
 * is_link says whether path's last part is one (df_read_file_ex), or is
 * -1 when unknown (then a readlink() asks). */
struct df_dircache;
int df_vendored_folder(const char *path, struct df_dircache *dirs, int is_link, char *out, size_t outlen);

/* realpath(path) (malloc'ed), from the folder's real path kept in dirs
 * (NULL: none) when the file is not a symlink (is_link as above); NULL
 * with errno ENOMEM when out of memory, NULL otherwise when path cannot be
 * resolved. */
char *df_real_path(const char *path, struct df_dircache *dirs, int is_link);

/* fn(real, dirs, arg, out, outlen) with path's real path (df_real_path)
 * and dirs, or, when dirs is NULL, a cache made for the call and freed
 * after it: the frame of the questions asked of a file's real folders
 * (devcontainer.h, cifile.h, sibling.h), each answering in out[outlen]
 * (made empty first). 0 when path cannot be resolved, -1 when out of
 * memory, else fn's answer. */
typedef int (*df_real_fn)(const char *real, struct df_dircache *dirs, const void *arg, char *out, size_t outlen);
int df_on_real_path(const char *path, struct df_dircache *dirs, int is_link, df_real_fn fn, const void *arg, char *out,
                    size_t outlen);
bool df_is_dir(const char *path);

/* The folder part of path ("." when none); malloc'ed. */
char *df_dirname(const char *path);

#endif
