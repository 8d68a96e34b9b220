/*
 * dircache.h - build-context folders read once per run.
 *
 * Every Dockerfile of a folder has the same build context; the rules that
 * look at it (DF002, DF023 through passes/deps.c) list context folders
 * for each Dockerfile. Listing a folder of 1,500 files for each of its
 * 1,500 Dockerfiles was most of a corpus run; with a dircache each folder
 * is read once and its sorted names are shared.
 *
 * Ownership: the caller of df_dircache_new owns the cache (one per worker:
 * it is not thread-safe) and frees it; listings point into it and stay
 * valid until df_dircache_free or until the cache is cleared, which
 * happens only inside df_dircache_list when the cache holds more than
 * DF_DIRCACHE_MAX bytes (memory stays bounded): use a listing before the
 * next call.
 */
#ifndef DFOPT_DIRCACHE_H
#define DFOPT_DIRCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define DF_DIRCACHE_MAX (4u << 20)

typedef struct df_dircache df_dircache;

/* NULL when out of memory. */
df_dircache *df_dircache_new(void);
void df_dircache_free(df_dircache *c);

/* The names in folder path (without "." and ".."), sorted with strcmp.
 * Returns the count and sets *names, or -1 when the folder cannot be read
 * (or out of memory). */
long df_dircache_list(df_dircache *c, const char *path, const char *const **names);

/* The names of df_dircache_list(path) for which match(pat, name) holds,
 * in the same order; kept per (path, pat), so that the files of one folder
 * asking the same patterns (every manifest name of the kb) do not match
 * them against every name again. -1 when the folder cannot be read. */
long df_dircache_match(df_dircache *c, const char *path, const char *pat,
                       bool (*match)(const char *pat, const char *name), const char *const **names);

/* Folders read from disk so far (for tests). */
size_t df_dircache_reads(const df_dircache *c);

#endif
