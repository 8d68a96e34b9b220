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
 * happens only inside a call that adds to it (list, match, absent,
 * realpath, remember) when the cache holds more than DF_DIRCACHE_MAX
 * bytes (memory stays bounded): use a listing before the next call.
 *
 * The cache also answers, per run, the questions asked again for every
 * file of a folder: does a name exist there (df_dircache_absent, for the
 * probes of .dockerignore files and context files that mostly fail), what
 * is the folder's real path (df_dircache_realpath), and any answer a
 * caller keeps per folder (df_dircache_remember / df_dircache_recall).
 * A folder is read or resolved once per run: a file created, removed or
 * renamed during a run may not be seen by the files checked after it
 * (one run checks files, it does not watch them). A folder whose names
 * differ only in case on a case-insensitive file system is compared by
 * exact name, as docker build's context is.
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
 * them against every name again. -1 when the folder cannot be read.
 * match NULL: the name pat itself (df_dircache_lists), by a binary search. */
long df_dircache_match(df_dircache *c, const char *path, const char *pat,
                       bool (*match)(const char *pat, const char *name), const char *const **names);

/* Is path certainly absent? Yes when the listing of its folder holds no
 * entry named like its last part, or when that folder cannot be opened
 * because it (or a folder above it) does not exist or is not a folder
 * (ENOENT, ENOTDIR). No means "maybe": the caller probes (stat, open) as
 * it would without the cache, so only the probes that would fail are
 * saved. A last part "", "." or ".." is always "maybe". */
bool df_dircache_absent(df_dircache *c, const char *path);

/* May df_dircache_absent read a folder that is not listed yet to answer
 * (default: yes)? A run of one file says no: its few probes cost less than
 * reading a folder of thousands of names (the per-process latency). The
 * answers are the same either way; only the system calls differ. */
void df_dircache_probe_listing(df_dircache *c, bool on);

/* The setting above: may a probe read a folder not listed yet? */
bool df_dircache_probes_list(const df_dircache *c);

/* Has real folder f an entry called name (any kind, links not followed)?
 * From f's listing when f is listed or probes may list (a run of many
 * files); otherwise one lstat (a run of one file: a few probes cost less
 * than reading a folder of thousands of names, the per-process latency).
 * The answers are the same either way. */
bool df_dircache_has_entry(df_dircache *c, const char *f, const char *name);

/* The folder part of path, whose last '/' is at slash (NULL: none), into
 * out, which holds at least (slash - path) + 2 bytes: "." when there is no
 * slash, "/" for a name at the root. */
void df_path_folder(const char *path, const char *slash, char *out);

/* Is name one of the names df_dircache_list(path) gives? 1 or 0; -1 when
 * the folder cannot be read, errno as df_dircache_list sets it. When path
 * is not listed yet and probes may not list (a run of one file), an open
 * of the folder (once per run) and an lstat of path/name answer instead
 * of reading a folder of thousands of names; the folder is read when they
 * cannot tell (a name with '/', ".", "..", or an lstat that fails for
 * another reason than ENOENT). */
int df_dircache_lists(df_dircache *c, const char *path, const char *name);

/* Is a readable listing of path already kept? Never reads. */
bool df_dircache_listed(df_dircache *c, const char *path);

/* realpath(dir), resolved once per run for each string dir; valid like a
 * listing. NULL when dir cannot be resolved (errno ENOMEM when for lack of
 * memory). */
const char *df_dircache_realpath(df_dircache *c, const char *dir);

/* A string value (NULL allowed) kept for the run under (tag, key): tag is
 * a byte from 0x10 to 0x1f (the caller's own namespace; 0x02 is
 * df_dircache_realpath's). recall returns it, valid like a listing, with
 * *found true, or NULL with *found false when none is kept. remember
 * returns 0, or -1 when out of memory. */
int df_dircache_remember(df_dircache *c, char tag, const char *key, const char *value);
const char *df_dircache_recall(df_dircache *c, char tag, const char *key, bool *found);

/* Is something kept under (tag, the folder of the file at path)? The
 * folder is path up to its last '/' ("/" for a file of the root); a path
 * without '/' has none. 1 yes, 0 no, -1 out of memory. */
int df_dircache_folder_kept(df_dircache *c, char tag, const char *path);

/* Folders read from disk and folders resolved so far (for tests). */
size_t df_dircache_reads(const df_dircache *c);
size_t df_dircache_resolves(const df_dircache *c);

#endif
