/*
 * deps.h - (private) what the cache-order rules (DF002, DF023) share.
 *
 * Three questions, answered from data/dependency-manifests.json (through
 * df_kb_deps) and from the build context:
 *   - the build context: which files are really there once .dockerignore
 *     (or <Dockerfile>.dockerignore) has dropped some, and their contents;
 *   - a RUN's commands: which install a project's dependencies (npm ci,
 *     pip install -r ..., go mod download, ...), which read nothing from
 *     the build context (apt-get install, npm cache clean, rm of a system
 *     folder, ...), and which may read anything (the rest);
 *   - folders in the image: WORKDIR-relative destinations made absolute,
 *     so that "the folder npm ci runs in" and "the folder COPY . filled"
 *     can be compared.
 *
 * Ownership: everything is allocated in the arena passed in (the
 * document's); pointers stay valid as long as it does. Nothing here keeps
 * global state.
 */
#ifndef DFOPT_DEPS_H
#define DFOPT_DEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/kb.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

/* ---- the build context ------------------------------------------------ */

typedef struct {
    const char *pat; /* cleaned, no leading '/' or '!' */
    bool neg;        /* a `!` line: re-includes */
} df_deps_ignore_rule;

typedef struct {
    const char *dir;            /* NULL: unknown (standard input) */
    bool has_ignore;            /* a .dockerignore applies */
    const char *ignore_file;    /* its path, when has_ignore */
    df_deps_ignore_rule *rules; /* in file order: the last match wins */
    size_t nrules;
    struct df_dircache *dirs;   /* the run's folder listings, or NULL */
} df_deps_context;

/* Read what ctx knows about the build context (dir stays NULL when
 * ctx->context_dir is not a folder): its folder and the
 * .dockerignore that applies (<Dockerfile>.dockerignore next to the
 * Dockerfile wins over <context>/.dockerignore, as in BuildKit). Returns 0
 * or -1 (out of memory). */
int df_deps_context_load(df_ctx *c, df_deps_context *out);

/* Is context path rel (relative, '/'-separated) excluded by .dockerignore
 * (a pattern matching it or one of its parent folders, the last matching
 * line deciding)? */
bool df_deps_ignored(const df_deps_context *x, const char *rel);

typedef enum { DF_DEPS_ABSENT = 0, DF_DEPS_FILE = 1, DF_DEPS_DIR = 2 } df_deps_kind;

/* Is rel in the context (and not ignored), and what is it? ABSENT when the
 * context is unknown. */
df_deps_kind df_deps_stat(const df_deps_context *x, const char *rel);

/* The first `cap` bytes at most (cap 0: all) of context file rel,
 * NUL-terminated, in arena a; NULL when absent, ignored, unreadable or the
 * context unknown. */
char *df_deps_read(const df_deps_context *x, df_arena *a, const char *rel, size_t cap, size_t *len);

/* The names in context folder dir ("" for the root) that match glob pattern
 * pat and are not ignored, sorted; *out in arena a. Returns the count. */
size_t df_deps_list(const df_deps_context *x, df_arena *a, const char *dir, const char *pat, const char ***out);

/* Does path s match the .dockerignore-style pattern p? `*` and `?` stay
 * within one path segment, `[...]` is a class, `**` spans segments, `\`
 * escapes. */
bool df_deps_glob(const char *p, const char *s);

/* ---- folders in the image ------------------------------------------------ */

/* The folder `p[0..n)` names when the working folder is `base`, normalized
 * ("." and ".." resolved, no trailing '/'). base is absolute ("/app") or
 * "@" followed by a path for "relative to the base image's WORKDIR, which
 * is unknown" ("@", "@/src"). Returns an arena string, or NULL when p
 * holds a variable or leaves the unknown folder with "..". */
char *df_deps_path(df_arena *a, const char *base, const char *p, size_t n);

/* Is folder `inner` equal to or inside `outer` (both from df_deps_path)?
 * When it is, *rest is the part of inner after outer ("" when equal). */
bool df_deps_under(const char *inner, const char *outer, const char **rest);

/* ---- what a RUN runs ---------------------------------------------------- */

/* One dependency install in a RUN script. */
typedef struct {
    const char *eco_name;   /* "npm" (key in "ecosystems") */
    const df_fact *eco;      /* the ecosystem's facts */
    const df_fact *spec;     /* the "installs" entry that matched */
    const char *label;      /* "npm ci", for messages */
    const char *cwd;        /* folder it runs in (df_deps_path form) */
    const char **files;     /* extra files it reads, relative to cwd as
                               written (pip -r, dotnet restore X.csproj) */
    size_t nfiles;
    const char *wrapper;    /* "./mvnw" run from cwd: that file, else NULL */
    bool frozen;            /* never rewrites its lock file */
    bool no_scripts;        /* lifecycle scripts switched off */
    const char *source_why; /* it reads the project's source: why */
    const char *unsafe_why; /* it may: why */
    size_t script_start;    /* script offset of the command */
} df_deps_install;

typedef struct {
    bool movable;           /* every command is an install or reads nothing
                               from the build context */
    const char *other;      /* !movable: the first other command ("npm run build") */
    df_deps_install *inst;  /* dependency installs, in script order */
    size_t ninst;
    bool system;            /* it installs system packages (apt-get, apk, ...) */
    const char **removed;   /* absolute paths given to rm */
    size_t nremoved;
} df_deps_run;

/* Classify the commands of RUN `in` (shell form, POSIX), run in folder
 * `cwd` (df_deps_path form, or NULL when unknown: installs then count as
 * other commands). Returns 0 (check out->movable), or -1 when out of
 * memory. A RUN without a script (exec form, another shell, a syntax
 * error) is not movable. */
int df_deps_classify(df_ctx *c, const df_instr *in, const char *cwd, df_deps_run *out);

/* Does RUN `in` install a project's dependencies from its manifests (an
 * install of data/dependency-manifests.json: npm ci, go mod download,
 * dotnet restore, ...)? DF001 never joins such a RUN with the step after
 * it: the install must keep a layer of its own for DF002 (and the author)
 * to put the source COPY after it. False when out of memory. */
bool df_deps_has_install(df_ctx *c, const df_instr *in);

/* The "family" of the first ecosystem whose install commands include
 * command name s[0..n), or NULL (also when that ecosystem names none).
 * For DF023: which languages does this Dockerfile build? */
const char *df_deps_family_of_command(const df_kb *kb, const char *s, size_t n);

/* The basename of word w's value (after the last '/'). */
const char *df_deps_basename(const char *s, size_t n, size_t *len);

#endif
