/*
 * DF002 source-copied-before-deps
 *
 * What it finds: a COPY (or ADD) of the build context, `COPY . .`,
 * `COPY . /app`, `COPY web/ .` (one folder of the context, taken as a
 * whole), `COPY src ./src`, followed in the same stage by a RUN that
 * installs dependencies from manifest files only (npm ci, yarn, pnpm
 * install, pip install -r requirements.txt, poetry install --no-root,
 * pipenv, uv sync --no-install-project, bundle install, composer install
 * --no-scripts --no-autoloader, go mod download, mvn dependency:go-offline,
 * gradle dependencies, dotnet restore, mix deps.get), or system packages
 * (apt-get, apk, yum, dnf, microdnf, zypper) that need nothing from the
 * source at all.
 *
 * Why it matters: the build cache keys a COPY by the files it copies. With
 * the whole source copied first, every edit of any file invalidates the
 * COPY and every layer after it: each build reinstalls every dependency.
 * Copying only the manifests first keeps the install layer cached until a
 * manifest changes.
 *
 * Example:
 *     WORKDIR /app
 *     COPY . .
 *     RUN npm ci
 *     RUN npm run build
 * becomes
 *     WORKDIR /app
 *     COPY package.json package-lock.json ./
 *     RUN npm ci
 *     COPY . .
 *     RUN npm run build
 * The source COPY moves down below the install RUNs that directly follow
 * it (with the comment lines directly above it; set apart by blank lines
 * on both sides, it takes one with it, put between the last RUN and it, so
 * that the author's grouping stays), and so do the source
 * COPYs right above it that the same RUNs may cross (only ENV, ARG, USER,
 * LABEL and the like between them, which stay): all in one fix, in their
 * order, so that the file settles in one round however many there are
 * (up to 64 a fix; more take another round); a COPY of the manifests
 * that exist in the build context, with the source COPY's flags (--chown,
 * --chmod, --link) and destination, goes in front of the first install.
 * Nothing else moves: the install keeps its WORKDIR, USER, ENV and ARG, and
 * so does the source COPY (it does not read them: COPYs with a variable
 * are left alone).
 *
 * What the install may cross: ENV, ARG, USER, LABEL, EXPOSE and other
 * instructions a COPY without variables does not read; other RUNs that
 * move too (pip install poetry, corepack enable, docker-php-ext-install,
 * pecl install, apt-get...); a WORKDIR naming the folder the COPY ran in;
 * another WORKDIR only when the COPY's destination is absolute (and then
 * the fix is unsafe: the folder is created before the copy, not by it;
 * with a relative destination the finding is advice). Never a COPY, ADD, SHELL, VOLUME, ONBUILD or another stage
 * (a source COPY moving with it is not crossed: it keeps its place in the
 * order of the moved COPYs).
 *
 * A COPY of a file named like one of the install's manifests, lock
 * files or settings (package.json, yarn.lock, .npmrc, *.csproj, *.sln,
 * NuGet.config, go.sum ... in data/dependency-manifests.json) is not the
 * source wherever it puts the file: a workspace member's package.json or
 * the project files a solution restore reads are what the install needs,
 * and moving them below it breaks the build. So is a COPY of one name
 * without a '.' that DF002 takes for a folder when there is no context
 * (COPY Gemfile /app/) when the install names it, and so is a folder named
 * like the ecosystem's manifest folders ("manifest_dirs": requirements/,
 * requirements-*) that lands next to a file the install reads (llama.cpp's
 * requirements.txt includes ./requirements/...). The other COPYs of named
 * files (COPY x.conf ./, COPY a/b.csproj a/ above npm install) count as
 * source: only a change of those files reruns the install, but it does.
 *
 * A RUN moves only when every command in it is an install or reads nothing from
 * the build context (cleanups such as `rm -rf /var/lib/apt/lists/\*`,
 * `npm cache clean`); `npm ci && npm run build` is not split (the build
 * needs the source, and splitting changes the layers): it is reported with
 * advice. Exec-form RUNs, RUNs under a non-POSIX SHELL, files for Windows,
 * ONBUILD instructions and COPY --from are left alone.
 *
 * The build context (--context, default: the Dockerfile's folder) decides
 * how safe the fix is. dfopt copies only manifests that are there and not
 * excluded by .dockerignore (or <Dockerfile>.dockerignore), and reads them:
 *   - package.json scripts the install runs (preinstall, install,
 *     postinstall, prepare, ...) may read any file: unsafe (unless
 *     --ignore-scripts); workspaces (package.json `workspaces`, a
 *     pnpm-workspace.yaml listing `packages`): advice only, the members'
 *     manifests are part of the source; a settings-only
 *     pnpm-workspace.yaml is copied; npm copies yarn.lock (npm 7 reads
 *     it without a package-lock); dependencies on file:, link: or relative
 *     paths need the source: advice only;
 *   - requirement files: nested -r/-c files are copied too; `-e .`, local
 *     paths and local --find-links need the source: advice only;
 *   - go.mod `replace` with a local folder, a Gemfile `gemspec`, `path`
 *     or `eval_gemfile`,
 *     pyproject/Pipfile path dependencies, POM <modules>, project
 *     references, umbrella mix projects: advice only;
 *   - an install that may rewrite its lock file (npm install, yarn without
 *     --frozen-lockfile, ...): the lock is copied with the manifests, so
 *     the install reads the same bytes in both orders: safe, unless a later
 *     step reads the lock again (Bundler and Mix check it; a later install
 *     in the stage), then unsafe (the source COPY puts back the context's
 *     copy); go mod download is safe when go.sum holds the go.mod sum of
 *     every requirement (it then writes nothing);
 *   - node_modules, vendor, .venv, target ... in the context (not ignored):
 *     unsafe (the source COPY would copy them over the installed ones);
 *   - poetry without --no-root, uv sync without --no-install-project,
 *     composer without --no-scripts --no-autoloader, cargo fetch (Cargo.toml
 *     needs src/main.rs or src/lib.rs): advice only.
 * A context that lacks a file some COPY of the Dockerfile names is probably
 * not the one the image is built from (docker build -f x/Dockerfile .):
 * then the fix is unsafe too. All the facts live in
 * data/dependency-manifests.json.
 *
 * Reported with advice, nothing moved: an install that needs the source
 * (above), that shares its RUN with other commands, or that runs in the
 * base image's WORKDIR (unknown) while the COPY names an absolute folder
 * (COPY . / without WORKDIR: the install may run right there).
 *
 * Fix safety: safe when the build context proves the install reads only
 * the manifests copied for it and writes nothing the source COPY puts back;
 * a system package install is safe when the source goes to a folder no
 * package installs into (not /usr, /etc, /var, /opt, ...; /usr/src/... is
 * fine) and --chown names no user a package could create. Otherwise
 * (standard input, so no context; a manifest missing from the context;
 * scripts; a crossed WORKDIR) the fix is unsafe and the message lists
 * every reason;
 * without a context optional manifests are copied as `name*` wildcards,
 * which BuildKit allows to match nothing. No hadolint equivalent.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "deps.h"
#include "dfopt/buf.h"
#include "dfopt/pragma.h"
#include "workdir.h"

#define MANIFEST_CAP (1u << 20)

typedef struct {
    const char *rel; /* context path */
    bool dir;
} mfile;

#define MAX_REASONS 8

typedef struct {
    df_applicability level;
    const char *why;      /* the reason for level (the first one) */
    mfile *files;
    size_t nfiles, cap;
    const char *unsafe[MAX_REASONS]; /* every distinct reason the fix is unsafe */
    size_t nunsafe;
} verdict;

/* The source COPY. */
typedef struct {
    const df_instr *in;
    bool root;            /* copies a whole context folder (ctxdir) into D */
    const char *ctxdir;   /* that folder: "" for the context's root */
    const char **srcs;    /* cleaned context paths (when !root) */
    bool *srcdir;         /* srcs[i] names a folder (or may) */
    size_t nsrcs;
    const char *D;        /* its destination folder (deps path form) */
    bool single_target;   /* one source, destination without '/': D itself may be the file */
    bool dest_abs;
    const char *dest_base;/* destination as written for new COPYs ("." / "app" / "/app") */
    const char *chown_user; /* --chown naming a user by name, else NULL */
    bool guessed_dir;     /* ctxdir is a folder only by its name (no context, no '.') */
} srccopy;

typedef struct {
    df_ctx *c;
    df_arena *a;
    df_deps_context cx;
    df_pragmas pr;
    bool have_pr;
    const df_fact *dm;
    const char *doubt;    /* why the context may not be the real one, or NULL */
    const df_stage *sg;   /* the stage being checked */
    const char **wd;      /* its working folders (from wdall) */
    const char **wdall;   /* df_workdirs() of the document */
    size_t run_at;        /* the RUN being judged */
} state;

static const char *fmt(df_arena *a, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(df_arena *a, const char *f, ...)
{
    df_buf b = DF_BUF_INIT;
    va_list ap;
    va_start(ap, f);
    int rc = df_buf_vprintf(&b, f, ap);
    va_end(ap);
    const char *s = rc == 0 && b.data ? df_arena_strndup(a, b.data, b.len) : "";
    if (b.failed)
        df_arena_note_failure(a); /* the text is lost: the driver says out of memory */
    df_buf_release(&b);
    return s ? s : "";
}

static void lower(verdict *v, df_applicability a, const char *why)
{
    if (a == DF_APPLY_UNSAFE && why) {
        bool seen = false;
        for (size_t i = 0; i < v->nunsafe && !seen; i++)
            seen = strcmp(v->unsafe[i], why) == 0;
        if (!seen && v->nunsafe < MAX_REASONS)
            v->unsafe[v->nunsafe++] = why;
    }
    if (a < v->level) {
        v->level = a;
        v->why = why;
    }
}

/* v takes o's level and every reason o's fix is unsafe. */
static void merge(verdict *v, const verdict *o)
{
    for (size_t i = 0; i < o->nunsafe; i++)
        lower(v, DF_APPLY_UNSAFE, o->unsafe[i]);
    lower(v, o->level, o->why);
}

/* ---- words ----------------------------------------------------------- */

static bool has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Characters that need no quoting in a shell-form COPY. */
static bool plain_path(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("._-/@+*", *s)))
            return false;
    return true;
}

/* ---- the source COPY ------------------------------------------------------ */

static bool flag_is(const df_word *f, const char *name)
{
    size_t n = strlen(name);
    return f->len >= n + 2 && f->value[0] == '-' && f->value[1] == '-' && strncmp(f->value + 2, name, n) == 0 &&
           (f->len == n + 2 || f->value[n + 2] == '=');
}

/* --chown=NAME[:GROUP]: the name when it is not numeric. */
static const char *chown_name(df_arena *a, const df_instr *in)
{
    for (size_t i = 0; i < in->nflags; i++) {
        const df_word *f = &in->flags[i];
        if (!flag_is(f, "chown"))
            continue;
        const char *v = f->value + 8;
        size_t n = f->len - 8;
        for (size_t k = 0; k < n; k++)
            if (!((v[k] >= '0' && v[k] <= '9') || v[k] == ':'))
                return df_arena_strndup(a, v, n);
    }
    return NULL;
}

static bool get_srccopy(state *st, const df_instr *in, const char *wd, srccopy *s, bool globs)
{
    const df_doc *d = st->c->doc;
    memset(s, 0, sizeof *s);
    s->in = in;
    if ((in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD) || in->nheredocs || in->nargs < 2 || !wd)
        return false;
    for (size_t i = 0; i < in->nflags; i++) {
        const df_word *f = &in->flags[i];
        if (!flag_is(f, "chown") && !flag_is(f, "chmod") && !flag_is(f, "link"))
            return false; /* --from (not the context), --exclude, --parents, --checksum ... */
        if (memchr(f->value, '$', f->len))
            return false;
    }
    size_t ns = in->nargs - 1;
    s->srcs = df_arena_alloc(st->a, ns * sizeof *s->srcs);
    s->srcdir = df_arena_alloc(st->a, ns * sizeof *s->srcdir);
    if (!s->srcs || !s->srcdir)
        return false;
    for (size_t i = 0; i < in->nargs; i++)
        if (memchr(in->args[i].value, '$', in->args[i].len))
            return false;
    for (size_t i = 0; i < ns; i++) {
        char *v = df_word_value(st->a, &in->args[i], in->json, d->escape);
        if (!v || strstr(v, "://") || strncmp(v, "git@", 4) == 0 || strncmp(v, "<<", 2) == 0)
            return false;
        /* clean it: "./src/" -> "src", "." -> "" */
        char *cl = df_deps_path(st->a, "/", v, strlen(v));
        if (!cl)
            return false;
        if (cl[1] == '\0') {
            s->root = true;
            continue;
        }
        if (has_glob(cl) && !globs)
            return false;
        s->srcs[s->nsrcs] = cl + 1;
        size_t vl = strlen(v);
        df_deps_kind k = df_deps_stat(&st->cx, cl + 1);
        size_t bl;
        const char *base = df_deps_basename(cl + 1, strlen(cl + 1), &bl);
        /* a folder: the context says so, the path ends in '/', or (no
         * context) a single name without an extension */
        bool dirish = k == DF_DEPS_DIR || (vl && v[vl - 1] == '/') ||
                      (!st->cx.dir && ns == 1 && !memchr(base, '.', bl));
        s->srcdir[s->nsrcs] = dirish || (k == DF_DEPS_ABSENT && !st->cx.dir);
        if (ns == 1 && dirish && !globs) {
            /* COPY web/ .: the folder web of the context, as a whole */
            s->root = true;
            s->ctxdir = cl + 1;
            s->guessed_dir = k != DF_DEPS_DIR && !(vl && v[vl - 1] == '/');
            continue;
        }
        s->nsrcs++;
    }
    if (s->root && !s->ctxdir)
        s->ctxdir = "";
    char *dest = df_word_value(st->a, &in->args[in->nargs - 1], in->json, d->escape);
    if (!dest || !*dest)
        return false;
    size_t dl = strlen(dest);
    s->single_target = ns == 1 && dest[dl - 1] != '/' && !s->root;
    s->dest_abs = dest[0] == '/';
    s->D = df_deps_path(st->a, wd, dest, dl);
    if (!s->D)
        return false;
    /* the destination as written, for the manifest COPY */
    while (dl > 1 && dest[dl - 1] == '/')
        dest[--dl] = '\0';
    if (s->dest_abs)
        s->dest_base = s->D;
    else if (strcmp(dest, "./") == 0 || strcmp(dest, ".") == 0)
        s->dest_base = ".";
    else
        s->dest_base = dest;
    if (!plain_path(s->dest_base))
        return false;
    s->chown_user = chown_name(st->a, in);
    return true;
}

/* ---- what the source COPY writes, and what an install touches ------------ */

/* Does the (non-root) source COPY write image path p (a file or folder,
 * maybe a glob in its last part)? */
static bool copy_writes(state *st, const srccopy *s, const char *p)
{
    const char *rest;
    if ((p[0] == '@') != (s->D[0] == '@'))
        return true; /* one is relative to the base image's unknown WORKDIR: it may be the other */
    if (s->root)
        return df_deps_under(p, s->D, &rest) || df_deps_under(s->D, p, &rest);
    for (size_t i = 0; i < s->nsrcs; i++) {
        const char *src = s->srcs[i];
        size_t bl;
        const char *base = df_deps_basename(src, strlen(src), &bl);
        if (s->single_target) {
            /* D itself is the file, or the folder the contents go to */
            if (df_deps_under(p, s->D, &rest) || df_deps_under(s->D, p, &rest))
                return true;
            continue;
        }
        if (!s->srcdir[i]) {
            const char *target = fmt(st->a, "%s%s%.*s", s->D, strcmp(s->D, "/") ? "/" : "", (int)bl, base);
            if (df_deps_under(target, p, &rest) || df_deps_under(p, target, &rest) || df_deps_glob(p, target))
                return true;
            continue;
        }
        /* a folder's contents go into D */
        if (df_deps_under(s->D, p, &rest))
            return true;
        if (!df_deps_under(p, s->D, &rest))
            continue;
        if (!st->cx.dir || !*rest)
            return true;
        const char *rel = fmt(st->a, "%s/%s", src, rest);
        const char *slash = strrchr(rel, '/');
        if (has_glob(slash + 1)) {
            const char **names;
            if (df_deps_list(&st->cx, st->a, df_arena_strndup(st->a, rel, (size_t)(slash - rel)), slash + 1, &names))
                return true;
        } else if (df_deps_stat(&st->cx, rel) != DF_DEPS_ABSENT) {
            return true;
        }
    }
    return false;
}

/* A COPY taken for a folder only by its name (COPY Gemfile /app/, COPY
 * requirements /app/ with no context) that names one of the install's
 * manifests or files: it is the manifest COPY, not the source (taken for
 * the source, DF002 copied Gemfile/Gemfile first, then Gemfile/Gemfile/...
 * in the next round, without end). */
static bool names_install_file(const srccopy *s, const df_deps_install *in)
{
    if (!s->guessed_dir)
        return false;
    size_t bl;
    const char *base = df_deps_basename(s->ctxdir, strlen(s->ctxdir), &bl);
    static const char *const keys[] = {"manifests", "optional", "locks", NULL};
    for (size_t k = 0; keys[k]; k++) {
        size_t j;
        const df_fact *v;
        df_fact_foreach(df_fact_get(in->eco, keys[k]), j, v)
        {
            if (df_fact_str(v) && df_deps_glob(df_fact_str(v), base))
                return true;
        }
    }
    for (size_t i = 0; i <= in->nfiles; i++) {
        const char *f = i < in->nfiles ? in->files[i] : in->wrapper;
        if (!f)
            continue;
        size_t fl;
        const char *fb = df_deps_basename(f, strlen(f), &fl);
        if (fl == bl && memcmp(fb, base, bl) == 0)
            return true;
    }
    return false;
}

/* The folder image path p is in ("/" for "/x", "@" for "@/x"), or NULL. */
static const char *parent_of(state *st, const char *p)
{
    const char *sl = p ? strrchr(p, '/') : NULL;
    if (!sl)
        return NULL;
    return sl == p ? "/" : df_arena_strndup(st->a, p, (size_t)(sl - p));
}

/* A folder named like the install's manifest folders (data "manifest_dirs":
 * pip's requirements/, requirements-dev/ ...) that lands next to a file
 * the install reads: it holds the files that one includes (llama.cpp's
 * requirements.txt has `-r ./requirements/requirements-convert_...txt`),
 * so it is a manifest COPY, not the source; moved below the install, the
 * install would fail (review 16, app 023). A file (a '.' in its name and
 * not a folder of the context) is not such a folder. */
static bool copies_manifest_dir(state *st, const srccopy *s, const df_deps_install *in)
{
    const df_fact *dirs = df_fact_get(in->eco, "manifest_dirs");
    if (!dirs || !in->nfiles)
        return false;
    size_t n = s->root ? 1 : s->nsrcs;
    for (size_t i = 0; i < n; i++) {
        const char *src = s->root ? s->ctxdir : s->srcs[i];
        if (!*src || has_glob(src))
            continue;
        size_t bl;
        const char *base = df_deps_basename(src, strlen(src), &bl);
        df_deps_kind k = df_deps_stat(&st->cx, src);
        if (k == DF_DEPS_FILE || (k != DF_DEPS_DIR && !s->root && memchr(base, '.', bl)))
            continue;
        bool named = false;
        size_t j;
        const df_fact *v;
        df_fact_foreach(dirs, j, v)
        {
            if (df_fact_str(v) && df_deps_glob(df_fact_str(v), base))
                named = true;
        }
        if (!named)
            continue;
        /* where the folder lands: D itself, or D/base */
        const char *at = s->root || s->single_target
                             ? s->D
                             : fmt(st->a, "%s%s%.*s", s->D, strcmp(s->D, "/") ? "/" : "", (int)bl, base);
        const char *up = parent_of(st, at);
        for (size_t f = 0; up && f < in->nfiles; f++) {
            const char *fp = df_deps_path(st->a, in->cwd, in->files[f], strlen(in->files[f]));
            const char *fu = parent_of(st, fp);
            if (fu && strcmp(fu, up) == 0)
                return true;
        }
    }
    return false;
}

/* The paths an install reads or writes in its folder, for the overlap
 * check of a partial source COPY. */
static bool install_overlaps(state *st, const srccopy *s, const df_deps_install *in)
{
    static const char *const keys[] = {"manifests", "optional", "optional_dirs", "locks", "outputs", NULL};
    /* a file named like one of the ecosystem's manifests, wherever it goes
     * (a workspace member's package.json, a project's .csproj beside the
     * .sln, NuGet.config): the install may read it */
    for (size_t i = 0; i < s->nsrcs; i++) {
        size_t bl;
        const char *base = df_deps_basename(s->srcs[i], strlen(s->srcs[i]), &bl);
        for (size_t k = 0; k < 3; k++) {
            size_t j;
            const df_fact *v;
            df_fact_foreach(df_fact_get(in->eco, k == 0 ? "manifests" : k == 1 ? "optional" : "locks"), j, v)
            {
                if (df_fact_str(v) && df_deps_glob(df_fact_str(v), base))
                    return true;
            }
        }
    }
    for (size_t k = 0; keys[k]; k++) {
        size_t i;
        const df_fact *v;
        df_fact_foreach(df_fact_get(in->eco, keys[k]), i, v)
        {
            const char *p = df_deps_path(st->a, in->cwd, df_fact_str(v), df_fact_strlen(v));
            if (!p || copy_writes(st, s, p))
                return true;
        }
    }
    for (size_t i = 0; i < in->nfiles; i++) {
        const char *p = df_deps_path(st->a, in->cwd, in->files[i], strlen(in->files[i]));
        if (!p || copy_writes(st, s, p))
            return true;
    }
    if (in->wrapper) {
        const char *p = df_deps_path(st->a, in->cwd, in->wrapper, strlen(in->wrapper));
        if (!p || copy_writes(st, s, p))
            return true;
    }
    return false;
}

/* ---- manifests to copy, and what reading them says ----------------------- */

static void add_file(state *st, verdict *v, const char *rel, bool dir)
{
    for (size_t i = 0; i < v->nfiles; i++)
        if (strcmp(v->files[i].rel, rel) == 0)
            return;
    if (v->nfiles == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 8;
        mfile *nv = df_arena_grow(st->a, v->files, v->cap, nc, sizeof *nv);
        if (!nv)
            return;
        v->files = nv;
        v->cap = nc;
    }
    v->files[v->nfiles].rel = rel;
    v->files[v->nfiles].dir = dir;
    v->nfiles++;
}

/* a/b, or either when the other is empty. */
static const char *join(state *st, const char *a, const char *b)
{
    if (!*a)
        return b;
    if (!*b)
        return a;
    return fmt(st->a, "%s/%s", a, b);
}

/* prefix + name as a context path ("" prefix: name itself). */
static const char *ctx_rel(state *st, const char *prefix, const char *name)
{
    char *p = df_deps_path(st->a, *prefix ? fmt(st->a, "/%s", prefix) : "/", name, strlen(name));
    return p && p[1] ? p + 1 : NULL;
}

static bool starts_with_any(const df_fact *list, const char *s)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        if (p && strncmp(s, p, strlen(p)) == 0)
            return true;
    }
    return false;
}

static void check_package_json(state *st, const df_deps_install *in, const char *rel, verdict *v)
{
    /* ctx_rel gives NULL for package.json only when an allocation failed:
     * the arena records it and the driver reports out of memory */
    if (!rel)
        return;
    size_t len;
    char *text = df_deps_read(&st->cx, st->a, rel, MANIFEST_CAP, &len);
    json_error_t je;
    json_t *pj = text ? json_loadb(text, len, 0, &je) : NULL;
    if (!json_is_object(pj)) {
        lower(v, DF_APPLY_UNSAFE, fmt(st->a, "%s could not be read as JSON", rel));
        json_decref(pj);
        return;
    }
    const df_fact *facts = df_fact_get(st->dm, "package_json");
    const json_t *scripts = json_object_get(pj, "scripts");
    size_t i;
    const df_fact *name;
    if (!in->no_scripts && json_is_object(scripts)) {
        df_fact_foreach(df_fact_get(facts, "lifecycle"), i, name)
        {
            const char *sn = df_fact_str(name);
            const json_t *body = json_object_get(scripts, sn);
            if (json_is_string(body))
                lower(v, DF_APPLY_UNSAFE,
                      fmt(st->a, "%s runs a %s script (%.60s), which may read the source", rel, sn,
                          json_string_value(body)));
        }
    }
    df_fact_foreach(df_fact_get(facts, "workspace_keys"), i, name)
    {
        if (json_object_get(pj, df_fact_str(name)))
            lower(v, DF_APPLY_DISPLAY,
                  fmt(st->a, "%s declares %s: the install reads every member's package.json, which are part of the "
                             "source",
                      rel, df_fact_str(name)));
    }
    df_fact_foreach(df_fact_get(facts, "dependency_keys"), i, name)
    {
        const char *dn;
        json_t *spec;
        json_object_foreach(json_object_get(pj, df_fact_str(name)), dn, spec)
        {
            if (json_is_string(spec) && starts_with_any(df_fact_get(facts, "local_prefixes"), json_string_value(spec)))
                lower(v, DF_APPLY_DISPLAY,
                      fmt(st->a, "%s takes %s from the project itself (%.60s)", rel, dn, json_string_value(spec)));
        }
    }
    json_decref(pj);
}

/* The option word of a requirements line and its value ("-r x", "-rx",
 * "--requirement=x"). */
static bool req_option(const df_fact *opts, const char *line, const char **val)
{
    size_t i;
    const df_fact *o;
    df_fact_foreach(opts, i, o)
    {
        const char *on = df_fact_str(o);
        size_t n = strlen(on);
        if (strncmp(line, on, n) != 0)
            continue;
        const char *p = line + n;
        if (*p == '=' || *p == ' ' || *p == '\t')
            p++;
        else if (on[1] == '-' || !*p)
            continue; /* --requirementx is not an option */
        while (*p == ' ' || *p == '\t')
            p++;
        *val = p;
        return true;
    }
    return false;
}

/* A pip requirements file: copy the files it includes, and see whether it
 * installs something from the project. depth bounds -r chains. */
static void check_requirements(state *st, const char *rel, verdict *v, unsigned depth)
{
    if (depth > 8)
        return;
    size_t len;
    char *text = df_deps_read(&st->cx, st->a, rel, MANIFEST_CAP, &len);
    if (!text)
        return;
    const df_fact *syn = df_fact_get(st->dm, "requirements");
    const char *slash = strrchr(rel, '/');
    const char *dir = slash ? df_arena_strndup(st->a, rel, (size_t)(slash - rel)) : "";
    char *p = text;
    while (*p) {
        char *e = strchr(p, '\n');
        char *next = e ? e + 1 : p + strlen(p);
        if (e)
            *e = '\0';
        char *line = p;
        p = next;
        while (*line == ' ' || *line == '\t')
            line++;
        char *hash = strstr(line, " #");
        if (hash)
            *hash = '\0';
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r' || line[n - 1] == '\\'))
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        const char *val;
        if (req_option(df_fact_get(syn, "include"), line, &val)) {
            const char *inc = ctx_rel(st, dir, val);
            if (!inc || strchr(val, '$') || df_deps_stat(&st->cx, inc) != DF_DEPS_FILE) {
                lower(v, DF_APPLY_UNSAFE, fmt(st->a, "%s includes %s, which is not in the build context", rel, val));
                continue;
            }
            add_file(st, v, inc, false);
            check_requirements(st, inc, v, depth + 1);
            continue;
        }
        if (req_option(df_fact_get(syn, "editable"), line, &val)) {
            if (!starts_with_any(df_fact_get(syn, "remote_prefixes"), val))
                lower(v, DF_APPLY_DISPLAY, fmt(st->a, "%s installs %s from the project (-e %s)", rel, val, val));
            continue;
        }
        if (req_option(df_fact_get(syn, "find_links"), line, &val)) {
            if (!starts_with_any(df_fact_get(syn, "remote_prefixes"), val))
                lower(v, DF_APPLY_DISPLAY, fmt(st->a, "%s finds packages in %s, a folder of the project", rel, val));
            continue;
        }
        if (line[0] == '-')
            continue; /* --index-url, --hash, ... */
        bool local = starts_with_any(df_fact_get(syn, "local_prefixes"), line);
        size_t i;
        const df_fact *m;
        df_fact_foreach(df_fact_get(syn, "local_markers"), i, m)
        {
            if (strstr(line, df_fact_str(m)))
                local = true;
        }
        if (local)
            lower(v, DF_APPLY_DISPLAY, fmt(st->a, "%s installs %s from the project", rel, line));
    }
}

/* source_checks of the ecosystem, against the files copied for it. */
static void check_sources(state *st, const df_deps_install *in, const verdict *v, verdict *out)
{
    size_t i;
    const df_fact *chk;
    df_fact_foreach(df_fact_get(in->eco, "source_checks"), i, chk)
    {
        const char *pat = df_kb_str(chk, "file");
        for (size_t k = 0; pat && k < v->nfiles; k++) {
            size_t bl;
            const char *base = df_deps_basename(v->files[k].rel, strlen(v->files[k].rel), &bl);
            if (v->files[k].dir || !df_deps_glob(pat, base))
                continue;
            size_t len;
            char *text = df_deps_read(&st->cx, st->a, v->files[k].rel, MANIFEST_CAP, &len);
            if (text && df_kb_match(st->c->kb, chk, "patterns", text, len)) {
                const char *lvl = df_kb_str(chk, "level");
                const char *why = df_kb_str(chk, "reason"); /* every check has one */
                lower(out, lvl && strcmp(lvl, "unsafe") == 0 ? DF_APPLY_UNSAFE : DF_APPLY_DISPLAY,
                      fmt(st->a, "%s: %s", v->files[k].rel, why ? why : ""));
            }
        }
    }
}

static bool get_srccopy(state *st, const df_instr *in, const char *wd, srccopy *s, bool globs);

/* For a COPY of part of the context: which context folder the install's
 * manifests came from, by the last earlier COPY that put them in its
 * folder. False when no COPY says. */
static bool partial_prefix(state *st, const srccopy *s, const df_deps_install *in, const char **prefix)
{
    const df_doc *d = st->c->doc;
    /* look back a bounded number of COPYs, so that a stage of thousands of
     * COPY+RUN pairs stays linear */
    size_t budget = 32;
    for (size_t j = s->in->index; j-- > st->sg->from + 1 && budget;) {
        srccopy e;
        df_runsh_work(st->c->scripts, 1);
        if (d->instrs[j]->cmd != DF_CMD_COPY && d->instrs[j]->cmd != DF_CMD_ADD)
            continue;
        budget--;
        if (!get_srccopy(st, d->instrs[j], st->wd[j - st->sg->from], &e, false))
            continue;
        const char *rest;
        if (e.root) {
            if (!df_deps_under(in->cwd, e.D, &rest))
                continue;
            *prefix = join(st, e.ctxdir, rest);
            return true;
        }
        if (e.single_target || strcmp(e.D, in->cwd) != 0)
            continue;
        for (size_t k = 0; k < e.nsrcs; k++) {
            size_t bl;
            const char *base = df_deps_basename(e.srcs[k], strlen(e.srcs[k]), &bl);
            size_t i;
            const df_fact *m;
            df_fact_foreach(df_fact_get(in->eco, "manifests"), i, m)
            {
                if (!e.srcdir[k] && df_deps_glob(df_fact_str(m), base)) {
                    *prefix = bl == strlen(e.srcs[k]) ? "" : df_arena_strndup(st->a, e.srcs[k], strlen(e.srcs[k]) - bl - 1);
                    return *prefix != NULL;
                }
            }
        }
    }
    return false;
}

/* The context path of a file an install names (pip -r x), or NULL when
 * it does not come from the build context through these copies. */
static const char *file_rel(state *st, const srccopy *s, bool as_root, const df_deps_install *in, const char *prefix,
                            const char *f)
{
    if (!as_root)
        return f[0] == '/' ? NULL : ctx_rel(st, prefix, f);
    const char *p = df_deps_path(st->a, in->cwd, f, strlen(f));
    const char *rest;
    if (!p || !df_deps_under(p, s->D, &rest) || !*rest)
        return NULL;
    return join(st, s->ctxdir, rest);
}

/* Without a usable context: the manifests by name, optional ones as
 * wildcards that may match nothing. */
static void guess_files(state *st, const df_deps_install *in, const char *prefix, verdict *v)
{
    size_t i;
    const df_fact *m;
    /* dotnet restore X.csproj: the project named replaces the manifests */
    bool named = df_fact_is_true(df_fact_get(in->eco, "manifests_any")) && in->nfiles > 0;
    df_fact_foreach(named ? NULL : df_fact_get(in->eco, "manifests"), i, m)
    {
        const char *r = ctx_rel(st, prefix, df_fact_str(m));
        if (r)
            add_file(st, v, r, false);
    }
    df_fact_foreach(df_fact_get(in->eco, "optional"), i, m)
    {
        const char *r = ctx_rel(st, prefix, fmt(st->a, "%s*", df_fact_str(m)));
        if (r)
            add_file(st, v, r, false);
    }
}

static const char *dir_of(state *st, const char *rel);

/* Does go.sum (text) hold the go.mod sum of every module go.mod requires?
 * Then `go mod download` (Go 1.17+: no argument, no zip sums written)
 * has nothing to add to it. *missing gets the first module it lacks. */
static bool go_sum_covers(state *st, const char *mod, const char *sum, const char **missing)
{
    bool block = false;
    const char *p = mod;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *line = df_arena_strndup(st->a, p, n);
        p = e ? e + 1 : p + n;
        if (!line)
            return false;
        while (*line == ' ' || *line == '\t')
            line++;
        const char *req = NULL;
        if (block) {
            if (line[0] == ')')
                block = false;
            else
                req = line;
        } else if (strncmp(line, "require", 7) == 0 && (line[7] == ' ' || line[7] == '\t' || line[7] == '(')) {
            const char *r = line + 7;
            while (*r == ' ' || *r == '\t')
                r++;
            if (*r == '(')
                block = true;
            else
                req = r;
        }
        if (!req || !*req || strncmp(req, "//", 2) == 0)
            continue;
        char path[512], ver[128];
        if (sscanf(req, "%511s %127s", path, ver) != 2)
            return false;
        const char *want = fmt(st->a, "%s %s/go.mod h1:", path, ver);
        bool hit = false;
        for (const char *q = strstr(sum, want); q && !hit; q = strstr(q + 1, want))
            hit = q == sum || q[-1] == '\n';
        if (!hit) {
            *missing = fmt(st->a, "%s %s", path, ver);
            return false;
        }
    }
    return true;
}

/* Why a lock r that install `in` may rewrite still makes the fix unsafe
 * when it is copied with the manifests, or NULL when it does not:
 *   - go.sum: safe when it already holds every sum go mod download needs;
 *   - the ecosystem's later commands check the lock (bundler, mix): unsafe;
 *   - a later RUN of the stage installs again and would read it: unsafe.
 * "" means unsafe with nothing more to say. */
static const char *lock_kept(state *st, const df_deps_install *in, const char *r)
{
    const char *kind = df_kb_str(in->eco, "lock_covers");
    if (kind && strcmp(kind, "go") == 0) {
        size_t ml, sl;
        const char *gm = ctx_rel(st, dir_of(st, r), "go.mod");
        char *mod = gm ? df_deps_read(&st->cx, st->a, gm, MANIFEST_CAP, &ml) : NULL;
        char *sum = df_deps_read(&st->cx, st->a, r, MANIFEST_CAP, &sl);
        const char *missing = NULL;
        if (mod && sum && go_sum_covers(st, mod, sum, &missing))
            return NULL;
        return missing ? fmt(st->a, "it lacks the go.mod sum of %s", missing) : "";
    }
    if (df_fact_is_true(df_fact_get(in->eco, "lock_checked_later")))
        return "later commands check it against the manifests";
    const df_doc *d = st->c->doc;
    for (size_t j = st->run_at + 1; j <= st->sg->last; j++)
        if (d->instrs[j]->cmd == DF_CMD_RUN && df_deps_has_install(st->c, d->instrs[j]))
            return fmt(st->a, "the install at line %zu reads it", d->instrs[j]->start_line);
    return NULL;
}

/* The verdict on moving one install above the source COPY s. For a root
 * copy, v->files gets what to copy first. */
static void judge_install(state *st, const srccopy *s, const df_deps_install *in, verdict *v)
{
    const char *rest0;
    /* as_root: the install runs in the folder (or below) the COPY fills */
    bool as_root = s->root && df_deps_under(in->cwd, s->D, &rest0);
    if (in->source_why) {
        lower(v, DF_APPLY_DISPLAY, in->source_why);
        return;
    }
    const char *prefix = as_root ? join(st, s->ctxdir, rest0) : "";
    if (!as_root && st->cx.dir && !partial_prefix(st, s, in, &prefix)) {
        lower(v, DF_APPLY_UNSAFE, "no earlier COPY shows which manifests the install reads");
        return;
    }
    if (in->unsafe_why)
        lower(v, DF_APPLY_UNSAFE, in->unsafe_why);
    if (!st->cx.dir) {
        lower(v, DF_APPLY_UNSAFE, "no build context (standard input): the manifests could not be read");
        if (as_root)
            guess_files(st, in, prefix, v);
    }
    verdict mine = {.level = DF_APPLY_SAFE};
    bool any = false, missing = false;
    const char *miss = NULL;
    size_t i;
    const df_fact *m;
    /* dotnet restore X.csproj: the project named replaces the manifests */
    bool named = df_fact_is_true(df_fact_get(in->eco, "manifests_any")) && in->nfiles > 0;
    if (st->cx.dir) {
        df_fact_foreach(named ? NULL : df_fact_get(in->eco, "manifests"), i, m)
        {
            const char *name = df_fact_str(m);
            if (has_glob(name)) {
                const char **names;
                size_t n = df_deps_list(&st->cx, st->a, prefix, name, &names);
                for (size_t k = 0; k < n; k++)
                    add_file(st, &mine, ctx_rel(st, prefix, names[k]), false);
                if (n)
                    any = true;
                else if (!miss)
                    miss = name, missing = true;
                continue;
            }
            const char *r = ctx_rel(st, prefix, name);
            if (r && df_deps_stat(&st->cx, r) == DF_DEPS_FILE) {
                add_file(st, &mine, r, false);
                any = true;
            } else if (!miss) {
                miss = r ? r : name;
                missing = true;
            }
        }
        if (df_fact_is_true(df_fact_get(in->eco, "manifests_any")) && (any || named))
            missing = false;
        for (size_t k = 0; k < in->nfiles; k++) {
            const char *rest = file_rel(st, s, as_root, in, prefix, in->files[k]);
            if (!rest)
                continue; /* not from the build context */
            if (df_deps_stat(&st->cx, rest) != DF_DEPS_FILE) {
                if (!miss)
                    miss = in->files[k];
                missing = true;
                continue;
            }
            add_file(st, &mine, rest, false);
            if (df_fact_is_true(df_fact_get(in->eco, "requirements")))
                check_requirements(st, rest, &mine, 0);
        }
        if (in->wrapper) {
            const char *r = ctx_rel(st, prefix, in->wrapper);
            if (r && df_deps_stat(&st->cx, r) == DF_DEPS_FILE) {
                add_file(st, &mine, r, false);
            } else {
                if (!miss)
                    miss = in->wrapper;
                missing = true;
            }
        }
    }
    if (missing) {
        lower(v, DF_APPLY_UNSAFE,
              fmt(st->a, "%s is not in the build context %s: dfopt could not read the manifests", miss, st->cx.dir));
        if (as_root) {
            guess_files(st, in, prefix, v);
            for (size_t k = 0; k < in->nfiles; k++) {
                const char *rest = file_rel(st, s, as_root, in, prefix, in->files[k]);
                if (rest)
                    add_file(st, v, rest, false);
            }
            if (in->wrapper && ctx_rel(st, prefix, in->wrapper))
                add_file(st, v, ctx_rel(st, prefix, in->wrapper), false);
        }
        return;
    }
    if (!st->cx.dir) {
        for (size_t k = 0; as_root && k < in->nfiles; k++) {
            const char *rest = file_rel(st, s, as_root, in, prefix, in->files[k]);
            if (rest)
                add_file(st, v, rest, false);
        }
        if (as_root && in->wrapper && ctx_rel(st, prefix, in->wrapper))
            add_file(st, v, ctx_rel(st, prefix, in->wrapper), false);
        return;
    }
    /* the context is there and holds the manifests */
    if (st->doubt)
        lower(v, DF_APPLY_UNSAFE, st->doubt);
    df_fact_foreach(df_fact_get(in->eco, "optional"), i, m)
    {
        const char *r = ctx_rel(st, prefix, df_fact_str(m));
        if (r && df_deps_stat(&st->cx, r) == DF_DEPS_FILE)
            add_file(st, &mine, r, false);
    }
    df_fact_foreach(df_fact_get(in->eco, "optional_dirs"), i, m)
    {
        const char *r = ctx_rel(st, prefix, df_fact_str(m));
        if (r && df_deps_stat(&st->cx, r) == DF_DEPS_DIR)
            add_file(st, &mine, r, true);
    }
    for (size_t k = 0; k < mine.nfiles; k++) {
        const mfile *f = &mine.files[k];
        if (!plain_path(f->rel))
            lower(&mine, DF_APPLY_DISPLAY, fmt(st->a, "%s would need quoting", f->rel));
    }
    if (df_fact_is_true(df_fact_get(in->eco, "package_json")))
        check_package_json(st, in, ctx_rel(st, prefix, "package.json"), &mine);
    check_sources(st, in, &mine, &mine);
    const char *name;
    const df_fact *why;
    df_fact_object_foreach(df_fact_get(in->eco, "unsafe_if_present"), name, why)
    {
        const char *r = ctx_rel(st, prefix, name);
        if (r && df_deps_stat(&st->cx, r) != DF_DEPS_ABSENT)
            lower(&mine, DF_APPLY_UNSAFE, df_fact_str(why));
    }
    if (as_root) {
        df_fact_foreach(df_fact_get(in->eco, "outputs"), i, m)
        {
            const char *r = ctx_rel(st, prefix, df_fact_str(m));
            if (r && df_deps_stat(&st->cx, r) != DF_DEPS_ABSENT)
                lower(&mine, DF_APPLY_UNSAFE,
                      fmt(st->a, "the build context holds %s, which the source COPY would copy over what %s made "
                                 "(add it to .dockerignore)",
                          r, in->label));
        }
    }
    /* A lock the install may rewrite: it reads the same bytes in both
     * orders when the lock is copied with the manifests, and a partial
     * source COPY does not write it. What differs is the lock the later
     * steps see: the rewritten one, or the context's again. */
    df_fact_foreach(in->frozen || !as_root ? NULL : df_fact_get(in->eco, "locks"), i, m)
    {
        const char *r = ctx_rel(st, prefix, df_fact_str(m));
        if (!r || df_deps_stat(&st->cx, r) != DF_DEPS_FILE)
            continue;
        const char *kept = lock_kept(st, in, r);
        if (kept)
            lower(&mine, DF_APPLY_UNSAFE,
                  fmt(st->a, "%s may rewrite %s, and the source COPY would put back the context's copy%s%s", in->label,
                      r, *kept ? ": " : "", kept));
    }
    merge(v, &mine);
    if (as_root)
        for (size_t k = 0; k < mine.nfiles; k++)
            add_file(st, v, mine.files[k].rel, mine.files[k].dir);
}

/* ---- system packages ------------------------------------------------------- */

static void judge_system(state *st, const srccopy *s, verdict *v)
{
    const df_fact *pd = df_fact_get(st->dm, "package_dirs");
    if (s->chown_user)
        lower(v, DF_APPLY_UNSAFE,
              fmt(st->a, "a package install can create the user --chown=%s names", s->chown_user));
    if (s->D[0] == '@') {
        /* the base image's WORKDIR, maybe "/": safe only when the context
         * has no top-level folder a package could own */
        if (!st->cx.dir) {
            lower(v, DF_APPLY_UNSAFE, "the source goes to the base image's WORKDIR, maybe /, and there is no build "
                                      "context to check what it holds");
            return;
        }
        if (strcmp(s->D, "@") != 0)
            return;
        size_t i;
        const df_fact *t;
        df_fact_foreach(df_fact_get(pd, "top"), i, t)
        {
            if (df_deps_stat(&st->cx, df_fact_str(t)) != DF_DEPS_ABSENT)
                lower(v, DF_APPLY_UNSAFE,
                      fmt(st->a, "the source goes to the base image's WORKDIR, maybe /, and the context holds %s/",
                          df_fact_str(t)));
        }
        return;
    }
    size_t i;
    const df_fact *t;
    df_fact_foreach(df_fact_get(pd, "except"), i, t)
    {
        const char *e = df_fact_str(t);
        if (strncmp(s->D, e, strlen(e)) == 0)
            return;
    }
    const char *first = s->D + 1;
    size_t n = strcspn(first, "/");
    if (n == 0) {
        lower(v, DF_APPLY_UNSAFE, "the source is copied to /, where packages install files");
        return;
    }
    df_fact_foreach(df_fact_get(pd, "top"), i, t)
    {
        if (df_fact_strlen(t) == n && strncmp(first, df_fact_str(t), n) == 0)
            lower(v, DF_APPLY_UNSAFE, fmt(st->a, "the source is copied to %s, where a package could install files", s->D));
    }
}

/* ---- the chain of RUNs after the source COPY -------------------------------- */

typedef struct {
    size_t last;              /* index of the last RUN that moves (0: none) */
    size_t first_run;         /* index of the first RUN that moves */
    size_t first_install;     /* index of the first RUN with a dependency install (0: none) */
    const df_deps_install *label; /* the first install, for the message */
    size_t nruns;
    bool system;
    verdict v;
    /* why the chain stopped at a RUN holding an install (report only) */
    size_t stop_at;
    const char *stop_why;
    const char *stop_label;
} chain;

static bool is_transparent(df_cmd c)
{
    return c == DF_CMD_LABEL || c == DF_CMD_EXPOSE || c == DF_CMD_MAINTAINER || c == DF_CMD_STOPSIGNAL ||
           c == DF_CMD_CMD || c == DF_CMD_ENTRYPOINT || c == DF_CMD_HEALTHCHECK || c == DF_CMD_ENV ||
           c == DF_CMD_ARG || c == DF_CMD_USER;
}

/* Is some path rm removes where the source goes (or above it)? */
static bool removes_source(const df_deps_run *r, const srccopy *s)
{
    const char *rest;
    for (size_t i = 0; i < r->nremoved; i++)
        if (s->D[0] == '@' || df_deps_under(r->removed[i], s->D, &rest) || df_deps_under(s->D, r->removed[i], &rest))
            return true;
    return false;
}

/* Stop the chain at the first RUN from j on (past instructions that do
 * not matter) when it installs dependencies: report it with advice. */
static void stop_at_install(state *st, const df_stage *sg, const char **wd, size_t j, chain *ch, const char *why)
{
    const df_doc *d = st->c->doc;
    for (; j <= sg->last && !ch->stop_at; j++) {
        const df_instr *in = d->instrs[j];
        if (is_transparent(in->cmd) || in->cmd == DF_CMD_WORKDIR)
            continue;
        df_deps_run r;
        if (in->cmd != DF_CMD_RUN || df_deps_classify(st->c, in, wd[j - sg->from], &r) < 0 || !r.ninst)
            return;
        ch->stop_at = j;
        ch->stop_label = r.inst[0].label;
        ch->stop_why = why;
    }
}

/* The RUNs that may move above the source COPY s, scanning from
 * instruction from on (s->in->index + 1, or past the other source COPYs
 * that move with s). */
static void build_chain(state *st, const srccopy *s, const df_stage *sg, const char **wd, size_t from, chain *ch)
{
    const df_doc *d = st->c->doc;
    memset(ch, 0, sizeof *ch);
    ch->v.level = DF_APPLY_SAFE;
    bool crossed_workdir = false;
    for (size_t j = from; j <= sg->last; j++) {
        const df_instr *in = d->instrs[j];
        if (is_transparent(in->cmd))
            continue;
        if (in->cmd == DF_CMD_WORKDIR) {
            /* the same folder again: the COPY's destination means the same
             * below it */
            const char *before = wd[s->in->index - sg->from];
            const char *after = j < sg->last ? wd[j + 1 - sg->from] : NULL;
            if (before && after && strcmp(before, after) == 0)
                continue;
            if (!s->dest_abs) {
                stop_at_install(st, sg, wd, j + 1, ch,
                                "the WORKDIR between them changes the folder the COPY's relative destination names: "
                                "move it by hand, with an absolute destination");
                return;
            }
            crossed_workdir = true;
            continue;
        }
        if (in->cmd != DF_CMD_RUN)
            return;
        if (st->have_pr && df_pragmas_silence(&st->pr, d, st->c->rule, in->span.start))
            return;
        for (size_t f = 0; f < in->nflags; f++)
            if (flag_is(&in->flags[f], "mount") && strstr(in->flags[f].value, "type=bind"))
                return;
        df_deps_run r;
        if (df_deps_classify(st->c, in, wd[j - sg->from], &r) < 0)
            return;
        if (!r.movable || removes_source(&r, s)) {
            if (r.ninst && !ch->stop_at) {
                ch->stop_at = j;
                ch->stop_label = r.inst[0].label;
                ch->stop_why = fmt(st->a, "it shares its RUN with %s, which may read the source: give the install a "
                                          "RUN of its own",
                                   r.other ? r.other : "a command");
            }
            return;
        }
        verdict rv = {.level = DF_APPLY_SAFE};
        st->run_at = j;
        for (size_t k = 0; k < r.ninst; k++) {
            const char *rest;
            if (s->root && (r.inst[k].cwd[0] == '@') != (s->D[0] == '@')) {
                stop_at_install(st, sg, wd, j, ch,
                                fmt(st->a, "%s runs in the base image's WORKDIR, which dfopt does not know: it may be %s, "
                                           "where the COPY puts the source (add a WORKDIR)",
                                    r.inst[k].label, s->D[0] == '@' ? "another folder" : s->D));
                return;
            }
            bool as_root = s->root && df_deps_under(r.inst[k].cwd, s->D, &rest);
            if ((!as_root && install_overlaps(st, s, &r.inst[k])) || names_install_file(s, &r.inst[k]) ||
                copies_manifest_dir(st, s, &r.inst[k]))
                return; /* it reads what this COPY writes: a manifest COPY */
            judge_install(st, s, &r.inst[k], &rv);
        }
        if (r.system)
            judge_system(st, s, &rv);
        if (rv.level == DF_APPLY_DISPLAY) {
            if (r.ninst && !ch->stop_at) {
                ch->stop_at = j;
                ch->stop_label = r.inst[0].label;
                ch->stop_why = rv.why;
            }
            return;
        }
        merge(&ch->v, &rv);
        for (size_t k = 0; k < rv.nfiles; k++)
            add_file(st, &ch->v, rv.files[k].rel, rv.files[k].dir);
        if (crossed_workdir)
            lower(&ch->v, DF_APPLY_UNSAFE, "a WORKDIR moves above the source COPY: the folder is then made before the "
                                           "copy, not by it");
        ch->last = j;
        ch->nruns++;
        ch->system |= r.system;
        if (!ch->first_run)
            ch->first_run = j;
        if (r.ninst && !ch->first_install) {
            ch->first_install = j;
            ch->label = &r.inst[0]; /* arena memory: outlives r */
        }
    }
}

/* ---- edits ------------------------------------------------------------------- */

/* Start of the comment lines directly above instruction in (no blank line
 * between), or of the instruction. */
static size_t unit_start(const df_doc *d, const df_instr *in)
{
    const char *t = d->src->text;
    size_t floor = in->index ? d->instrs[in->index - 1]->span.end : 0;
    size_t at = in->span.start;
    while (at > floor) {
        size_t ls = at - 1; /* the previous line is [ls0, at) */
        while (ls > floor && t[ls - 1] != '\n')
            ls--;
        size_t k = ls;
        while (k < at && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k >= at || t[k] != '#')
            break;
        at = ls;
    }
    return at;
}

/* Length of the blank line starting at pos (its terminator included), or 0. */
static size_t blank_at(const char *t, size_t len, size_t pos)
{
    size_t i = pos;
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i < len && t[i] == '\r')
        i++;
    return i < len && t[i] == '\n' ? i + 1 - pos : 0;
}

/* Is the line ending just before pos (a line start) blank? */
static bool blank_before(const char *t, size_t pos)
{
    if (pos == 0 || t[pos - 1] != '\n')
        return false;
    size_t ls = pos - 1;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    return blank_at(t, pos, ls) == pos - ls;
}

static bool all_lower(const df_word *w)
{
    for (size_t i = 0; i < w->len; i++)
        if (w->value[i] >= 'A' && w->value[i] <= 'Z')
            return false;
    return true;
}

/* Folder part of a context path ("" for a top-level name). */
static const char *dir_of(state *st, const char *rel)
{
    const char *sl = strrchr(rel, '/');
    return sl ? df_arena_strndup(st->a, rel, (size_t)(sl - rel)) : "";
}

/* Where a copied context path goes, relative to the COPY's destination. */
static const char *sub_of(const srccopy *s, const char *rel)
{
    size_t n = strlen(s->ctxdir);
    if (n && strncmp(rel, s->ctxdir, n) == 0 && rel[n] == '/')
        return rel + n + 1;
    return rel;
}

static int copy_lines(state *st, const srccopy *s, const df_instr *first, const verdict *v, df_buf *out)
{
    const df_doc *d = st->c->doc;
    const char *t = d->src->text;
    const char *eol = df_eol(d);
    size_t ls = first->keyword.span.start;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    const char *indent = t + ls;
    int ni = (int)(first->keyword.span.start - ls);
    const char *kw = all_lower(&s->in->keyword) ? "copy" : "COPY";
    df_buf flags = DF_BUF_INIT;
    for (size_t i = 0; i < s->in->nflags; i++) {
        df_span sp = s->in->flags[i].span;
        df_buf_addch(&flags, ' ');
        df_buf_add(&flags, t + sp.start, sp.end - sp.start);
    }
    const char *fl = flags.data ? flags.data : "";
    const char *sep = strcmp(s->dest_base, "/") == 0 ? "" : "/";
    int rc = 0;
    /* files, grouped by folder, in first-seen order */
    for (size_t i = 0; i < v->nfiles && rc == 0; i++) {
        if (v->files[i].dir)
            continue;
        const char *g = dir_of(st, sub_of(s, v->files[i].rel));
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !v->files[k].dir && strcmp(dir_of(st, sub_of(s, v->files[k].rel)), g) == 0;
        if (seen)
            continue;
        rc |= df_buf_printf(out, "%.*s%s%s", ni, indent, kw, fl);
        for (size_t k = i; k < v->nfiles; k++)
            if (!v->files[k].dir && strcmp(dir_of(st, sub_of(s, v->files[k].rel)), g) == 0)
                rc |= df_buf_printf(out, " %s", v->files[k].rel);
        rc |= df_buf_printf(out, " %s%s%s%s%s", s->dest_base, sep, g, *g ? "/" : "", eol);
    }
    for (size_t i = 0; i < v->nfiles && rc == 0; i++)
        if (v->files[i].dir)
            rc |= df_buf_printf(out, "%.*s%s%s %s %s%s%s/%s", ni, indent, kw, fl, v->files[i].rel, s->dest_base, sep,
                                sub_of(s, v->files[i].rel), eol);
    if (flags.failed || out->failed) {
        df_arena_note_failure(st->a);
        rc = -1;
    }
    df_buf_release(&flags);
    return rc;
}

/* Every reason v's fix is unsafe, in the order found. */
static const char *reasons(state *st, const verdict *v)
{
    if (!v->nunsafe)
        return v->why ? v->why : "";
    df_buf b = DF_BUF_INIT;
    for (size_t i = 0; i < v->nunsafe; i++)
        df_buf_printf(&b, "%s%s", i ? "; " : "", v->unsafe[i]);
    const char *s = b.data ? df_arena_strndup(st->a, b.data, b.len) : "";
    if (b.failed)
        df_arena_note_failure(st->a);
    df_buf_release(&b);
    return s ? s : "";
}

static const char *names_of(state *st, const verdict *v)
{
    df_buf b = DF_BUF_INIT;
    for (size_t i = 0; i < v->nfiles; i++)
        df_buf_printf(&b, "%s%s", i ? ", " : "", v->files[i].rel);
    const char *s = b.data ? df_arena_strndup(st->a, b.data, b.len) : "";
    if (b.failed)
        df_arena_note_failure(st->a);
    df_buf_release(&b);
    return s ? s : "";
}

/* A COPY before s, after the last RUN/COPY/ADD, that already puts every
 * file of v where s would: then no manifest COPY is needed. */
static bool already_copied(state *st, const srccopy *s, const df_stage *sg, const char **wd, const verdict *v)
{
    const df_doc *d = st->c->doc;
    if (!v->nfiles)
        return true;
    for (size_t i = 0; i < v->nfiles; i++)
        if (strchr(v->files[i].rel, '/'))
            return false;
    for (size_t j = s->in->index; j-- > sg->from;) {
        const df_instr *in = d->instrs[j];
        df_runsh_work(st->c->scripts, 1); /* a walk back per source COPY */
        if (in->cmd == DF_CMD_RUN || in->cmd == DF_CMD_ADD || in->cmd == DF_CMD_ONBUILD)
            return false;
        if (in->cmd != DF_CMD_COPY)
            continue;
        srccopy e;
        if (!get_srccopy(st, in, wd[j - sg->from], &e, true) || e.root || strcmp(e.D, s->D) != 0 || e.single_target)
            return false;
        /* the files must also be owned and moded as the source COPY would */
        if (in->nflags != s->in->nflags)
            return false;
        for (size_t f = 0; f < in->nflags; f++)
            if (in->flags[f].len != s->in->flags[f].len ||
                memcmp(in->flags[f].value, s->in->flags[f].value, in->flags[f].len) != 0)
                return false;
        for (size_t i = 0; i < v->nfiles; i++) {
            bool hit = false;
            for (size_t k = 0; k < e.nsrcs && !hit; k++)
                hit = !v->files[i].dir && df_deps_glob(e.srcs[k], v->files[i].rel);
            if (!hit)
                return false;
        }
        return true;
    }
    return false;
}

/* The source COPYs that move together below the chain: the one the chain
 * was built for (the last), and the source COPYs above it that the same
 * RUNs may cross, with only instructions a COPY does not read between
 * them. They keep their order. Moving them in one fix is what makes the
 * rewrite settle in one round: moved one per round, eight single-file
 * COPYs above an install took eight rounds. */
typedef struct {
    const df_instr **in; /* in file order; in[n - 1] is the chain's COPY */
    size_t n;
    const df_instr *one; /* storage when in could not be allocated */
    srccopy primary;     /* the COPY whose manifests are copied first */
} movers;

/* Each one is judged against every RUN of the chain: a bound keeps that
 * linear. More move in the next round. */
#define MAX_MOVERS 64

static void gather(state *st, const srccopy *s, const df_stage *sg, const char **wd, chain *ch, movers *g)
{
    const df_doc *d = st->c->doc;
    memset(g, 0, sizeof *g);
    g->primary = *s;
    g->one = s->in;
    g->in = &g->one;
    g->n = 1;
    size_t cap = s->in->index - sg->from;
    const df_instr **v = df_arena_alloc(st->a, (cap + 1) * sizeof *v);
    if (!v)
        return; /* the arena says out of memory: the driver reports it */
    size_t n = 0;
    v[n++] = s->in;
    bool files = ch->v.nfiles > 0;
    for (size_t j = s->in->index; j-- > sg->from + 1 && n < MAX_MOVERS;) {
        const df_instr *in = d->instrs[j];
        if (is_transparent(in->cmd))
            continue;
        if (in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD)
            break;
        if (st->have_pr && df_pragmas_silence(&st->pr, d, st->c->rule, in->span.start))
            break;
        srccopy e;
        if (!get_srccopy(st, in, wd[j - sg->from], &e, false))
            break;
        chain ce;
        build_chain(st, &e, sg, wd, s->in->index + 1, &ce);
        /* the same RUNs move above it, and it is a source COPY for them */
        if (ce.last != ch->last || !(ce.first_install || (e.root && ce.system)))
            break;
        /* one manifest COPY: from one source COPY's folder and flags */
        if (ce.v.nfiles && files)
            break;
        if (ce.v.nfiles) {
            files = true;
            g->primary = e;
        }
        merge(&ch->v, &ce.v);
        for (size_t k = 0; k < ce.v.nfiles; k++)
            add_file(st, &ch->v, ce.v.files[k].rel, ce.v.files[k].dir);
        v[n++] = in;
    }
    for (size_t i = 0; i < n / 2; i++) {
        const df_instr *x = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = x;
    }
    g->in = v;
    g->n = n;
}

/* The piece of moved COPYs that starts at g->in[*m]: COPYs next to each
 * other (comments between, no blank line) go as one piece, and *m moves to
 * its last; *end gets where it ends. Set apart by blank lines on both
 * sides, the piece takes the one above it along: returns that line's
 * length (0: none). Deleted with the piece and inserted again in front of
 * it, the blank line is part of the moved bytes, so a later round's
 * finding on the COPY still maps to its line in the input (origin.h). */
static size_t piece_blank(const df_doc *d, const movers *g, size_t *m, size_t *end)
{
    const char *t = d->src->text;
    size_t su = unit_start(d, g->in[*m]);
    size_t e = g->in[*m]->span.end;
    while (*m + 1 < g->n && unit_start(d, g->in[*m + 1]) == e)
        e = g->in[++*m]->span.end;
    *end = e;
    if (!blank_at(t, d->src->len, e) || su == 0 || !blank_before(t, su))
        return 0;
    size_t ls = su - 1;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    return su - ls;
}

/* The finding on s; g: the COPYs its fix moves (NULL for advice). */
static void report(state *st, const srccopy *s, const movers *g, const df_stage *sg, const char **wd, const chain *ch)
{
    const df_doc *d = st->c->doc;
    const df_instr *S = s->in;
    df_span sp = {S->keyword.span.start, S->args[S->nargs - 1].span.end};
    const char *what = S->line.text + S->keyword.lstart;
    int wl = (int)(S->args[S->nargs - 1].lend - S->keyword.lstart);
    if (wl > 60)
        wl = 60;
    if (!ch->last) {
        df_diag *dg = df_report(st->c, DF_SEV_INFO, sp,
                                "%.*s comes before the dependency install at line %zu (%s), which dfopt cannot move "
                                "above it: %s",
                                wl, what, d->instrs[ch->stop_at]->start_line, ch->stop_label, ch->stop_why);
        if (dg)
            df_diag_set_fix(st->c->out, dg, DF_APPLY_DISPLAY,
                            "install the dependencies from the manifests alone, before copying the source");
        return;
    }
    const df_instr *L = d->instrs[ch->last];
    df_diag *dg;
    if (ch->first_install)
        dg = df_report(st->c, st->c->rule->severity, sp,
                       "%.*s comes before the dependency install at line %zu (%s): every change to the source "
                       "reruns it",
                       wl, what, d->instrs[ch->first_install]->start_line, ch->label ? ch->label->label : "install");
    else
        dg = df_report(st->c, st->c->rule->severity, sp,
                       "%.*s comes before the package install at line %zu, which needs nothing from the source: "
                       "every change to the source reruns it",
                       wl, what, d->instrs[ch->first_run]->start_line);
    if (!dg)
        return;
    const srccopy *P = &g->primary;
    bool need_copy = ch->v.nfiles && ch->first_install && !already_copied(st, P, sg, wd, &ch->v);
    const char *desc;
    const char *runs = ch->nruns > 1 ? "the RUNs" : "the RUN";
    if (need_copy)
        desc = fmt(st->a, "copy %s first, then %s, then the source", names_of(st, &ch->v), runs);
    else if (g->n > 1)
        desc = fmt(st->a, "move the %zu source COPYs from line %zu on below %s", g->n, g->in[0]->start_line, runs);
    else
        desc = fmt(st->a, "move the source COPY below %s", runs);
    if (ch->v.level < DF_APPLY_SAFE)
        desc = fmt(st->a, "%s (unsafe: %s)", desc, reasons(st, &ch->v));
    if (!df_diag_set_fix(st->c->out, dg, ch->v.level, desc))
        return;
    const char *t = d->src->text;
    df_buf moved = DF_BUF_INIT;
    int rc = 0;
    size_t at = need_copy ? unit_start(d, d->instrs[ch->first_install]) : 0;
    /* the first blank line that goes with a piece (0: none) goes with it to
     * its new place too, between the last RUN and the piece: the author's
     * grouping (the piece set apart by blank lines) stays, and no
     * instruction ends up flush against it (review 16, apps 027 and 028) */
    size_t carry_at = 0, carry_len = 0;
    for (size_t m = 0; m < g->n && !carry_len; m++) {
        size_t end, su = unit_start(d, g->in[m]);
        carry_len = piece_blank(d, g, &m, &end);
        carry_at = su - carry_len;
    }
    /* the last RUN ends the file without a newline: keep it that way */
    bool no_eol = L->span.end > 0 && t[L->span.end - 1] != '\n';
    if (no_eol)
        rc |= df_buf_addstr(&moved, df_eol(d));
    size_t floor = moved.len;
    if (carry_len)
        rc |= df_buf_add(&moved, t + carry_at, carry_len);
    for (size_t m = 0; m < g->n; m++) {
        size_t su = unit_start(d, g->in[m]);
        rc |= df_buf_add(&moved, t + su, g->in[m]->span.end - su);
    }
    if (no_eol && rc == 0) {
        if (moved.len > floor && moved.data[moved.len - 1] == '\n')
            moved.len--;
        if (moved.len > floor && moved.data[moved.len - 1] == '\r')
            moved.len--;
    }
    df_buf mc = DF_BUF_INIT;
    if (need_copy)
        rc |= copy_lines(st, P, d->instrs[ch->first_install], &ch->v, &mc);
    if (rc == 0) {
        const char *mt = df_arena_strndup(st->a, moved.data ? moved.data : "", moved.len);
        const char *ct = df_arena_strndup(st->a, mc.data ? mc.data : "", mc.len);
        if (!mt || !ct)
            rc = -1;
        for (size_t m = 0; rc == 0 && m < g->n; m++) {
            size_t su = unit_start(d, g->in[m]);
            size_t end;
            size_t bl = piece_blank(d, g, &m, &end);
            if (df_fix_add_edit(st->c->out, dg, su - bl, end, "", 0) < 0)
                rc = -1;
        }
        if (rc == 0 && ((need_copy && df_fix_add_edit(st->c->out, dg, at, at, ct, mc.len) < 0) ||
                        df_fix_add_edit(st->c->out, dg, L->span.end, L->span.end, mt, moved.len) < 0))
            rc = -1;
    }
    if (rc != 0)
        dg->fix = NULL; /* never half a move */
    if (moved.failed)
        df_arena_note_failure(st->a);
    df_buf_release(&moved);
    df_buf_release(&mc);
}

/* Can a chain start after instruction i of stage sg: is the first
 * instruction after it that build_chain (or stop_at_install past a
 * WORKDIR) does not step over a RUN of the stage? When not, the COPY at i
 * moves nothing and gets no advice. */
static bool run_follows(const df_doc *d, const df_stage *sg, size_t i)
{
    for (size_t j = i + 1; j <= sg->last; j++) {
        df_cmd c = d->instrs[j]->cmd;
        if (!is_transparent(c) && c != DF_CMD_WORKDIR)
            return c == DF_CMD_RUN;
    }
    return false;
}

/* Does some COPY or ADD of the file (not a stage's first instruction)
 * have a RUN after it that a chain can reach? Most files that have none
 * are answered without their build context. */
static bool any_chain(const df_doc *d)
{
    for (size_t si = 0; si < d->nstages; si++) {
        const df_stage *sg = &d->stages[si];
        for (size_t i = sg->from + 1; i <= sg->last; i++)
            if ((d->instrs[i]->cmd == DF_CMD_COPY || d->instrs[i]->cmd == DF_CMD_ADD) && run_follows(d, sg, i))
                return true;
    }
    return false;
}

static void check_stage(state *st, size_t si)
{
    const df_doc *d = st->c->doc;
    const df_stage *sg = &d->stages[si];
    const char **wd = NULL;
    for (size_t i = sg->from + 1; i <= sg->last; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD)
            continue;
        if (!df_runsh_posix(d, in))
            return; /* Windows, or a non-POSIX SHELL */
        if (!run_follows(d, sg, i))
            continue; /* build_chain would stop at once: nothing moves */
        wd = st->wdall + sg->from;
        st->sg = sg;
        st->wd = wd;
        srccopy s;
        if (!get_srccopy(st, in, wd[i - sg->from], &s, false))
            continue;
        chain ch;
        build_chain(st, &s, sg, wd, i + 1, &ch);
        movers g;
        if (ch.last && (ch.first_install || (s.root && ch.system))) {
            gather(st, &s, sg, wd, &ch, &g);
            report(st, &s, &g, sg, wd, &ch);
        } else if (!ch.last && ch.stop_at && s.root) {
            report(st, &s, NULL, sg, wd, &ch); /* advice: nothing moves */
        }
    }
}

/* A file some COPY names that the context lacks says that the context is
 * not the one the Dockerfile is built with (docker build -f x/Dockerfile .):
 * then what dfopt read there proves nothing. */
static const char *context_doubt(state *st)
{
    const df_doc *d = st->c->doc;
    if (!st->cx.dir)
        return NULL;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if ((in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD) || in->nheredocs || in->nargs < 2 ||
            df_instr_flag(in, "from", NULL))
            continue;
        for (size_t k = 0; k + 1 < in->nargs; k++) {
            char *v = df_word_value(st->a, &in->args[k], in->json, d->escape);
            if (!v || strchr(v, '$') || has_glob(v) || strstr(v, "://") || strncmp(v, "git@", 4) == 0 ||
                strncmp(v, "<<", 2) == 0)
                continue;
            char *cl = df_deps_path(st->a, "/", v, strlen(v));
            if (cl && cl[1] && df_deps_stat(&st->cx, cl + 1) == DF_DEPS_ABSENT)
                return fmt(st->a, "line %zu copies %s, which the build context %s lacks: it may not be the context "
                                  "the image is built from",
                           in->start_line, cl + 1, st->cx.dir);
        }
    }
    return NULL;
}

static void check(df_ctx *c)
{
    state st;
    memset(&st, 0, sizeof st);
    st.c = c;
    st.a = c->doc->arena;
    st.dm = df_kb_deps(c->kb);
    if (!any_chain(c->doc))
        return; /* no COPY has a RUN to move above it */
    if (df_deps_context_load(c, &st.cx) < 0)
        return;
    st.have_pr = df_pragmas_of(c, &st.pr) == 0;
    st.doubt = context_doubt(&st);
    st.wdall = df_workdirs(st.a, c->doc);
    if (!st.wdall)
        return;
    for (size_t si = 0; si < c->doc->nstages; si++)
        check_stage(&st, si);
}

const df_rule df_rule_df002 = {
    .id = "DF002",
    .name = "source-copied-before-deps",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "the source is copied before a dependency install that needs only manifests",
    .worth = "build cache: dependencies reinstall only when their manifests change",
    .check = check,
};
