/*
 * paths.h - (private) paths in the image, as the layer rules see them:
 * resolved against the working folder, compared with what rm removes, and
 * the file a download command writes. Implemented in
 * passes/df011_removed_in_later_layer.c (DF011 owns the path model); DF025
 * uses the same answers.
 *
 * Everything returned is allocated in the arena passed in.
 */
#ifndef DFOPT_PATHS_H
#define DFOPT_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/arena.h"
#include "dfopt/shell.h"

/* The absolute, normalized path for word value v[0..n) in folder cwd, or
 * NULL when it cannot be known (an expansion, ~, an option, no cwd for a
 * relative path). */
char *df_path_resolve(df_arena *a, const char *cwd, const char *v, size_t n);

/* Does removing `removed` (a path or a glob, as rm gets it) remove all of
 * `path` (path itself, a folder above it, or a glob matching either)? */
bool df_path_covers(const char *removed, const char *path);

/* The file a curl (wget false) or wget call writes: -o/-O/--output,
 * --output-dir/-P, or the URL's last segment for curl -O and wget. NULL for
 * standard output or when not known. */
char *df_download_target(df_arena *a, const char *cwd, const df_sh_view *v, bool wget);

#endif
