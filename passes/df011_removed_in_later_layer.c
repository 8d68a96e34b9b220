/*
 * DF011 removed-in-later-layer
 *
 * What it finds: a RUN that deletes, purges or uninstalls what an earlier
 * layer of the same stage made:
 *   - files: `rm` of a path that an earlier RUN wrote (a redirection
 *     `> file`, `curl -o`/`-O`, `wget` (-O, -P, or the URL's name), `dd
 *     of=`, `fallocate`/`truncate`, `git clone`, the target of `cp`/`mv`,
 *     `npm install`/`npm ci`'s node_modules) or a package manager's index
 *     and cache (`apt-get update` then `RUN rm -rf /var/lib/apt/lists/\*`),
 *     the npm and yarn caches included, in the home folder of the RUN's
 *     user (workdir.h df_homes: ENV HOME, else /root as root, the folder
 *     `useradd -d`/`adduser -h` gave the USER, /home/NAME by default):
 *     `RUN npm install` then `RUN /bin/rm -rf .npm` in WORKDIR /app as a
 *     user whose home is /app (mozilla/123done, review H); `~/x` and
 *     `$HOME/x` are read in that home;
 *     a path inside what was written counts (`git clone … /src` then
 *     `rm -rf /src/.git`), and so does a glob covering it (`rm /tmp/\*`);
 *   - packages: `apt-get purge/remove`, `apk del`, `pip uninstall`, `yum
 *     /dnf remove`, `npm uninstall`, … of a package (or an apk --virtual
 *     name) an earlier RUN installed with the same manager;
 *     An apt removal whose prompt nobody answers (no -y, --yes,
 *     --assume-yes, -qq, APT::Get::Assume-Yes, `yes |`) removes nothing:
 *     apt reads the answer from standard input, empty in a build, prints
 *     "Abort." and exits 1; it is not a removal here (corpus apps 193,
 *     where DF006 reports it);
 *   - files that a COPY or ADD put there (`COPY big.tar /tmp/` then `RUN
 *     tar xf /tmp/big.tar && rm /tmp/big.tar`).
 * Paths are compared after resolving relative ones against WORKDIR and a
 * top-level `cd` of the same RUN; a path that depends on a variable, or a
 * working directory that is not known, is not compared. A file stops
 * being compared after two million comparisons (a bound on pathological
 * inputs; real Dockerfiles need a few thousand).
 *
 * Why it matters: a layer stores the files a step adds; deleting them in a
 * later layer only hides them. `RUN dd if=/dev/zero of=/tmp/big bs=1M
 * count=100` then `RUN rm /tmp/big` ships 100 MB that nobody sees.
 *
 * Example:
 *     RUN curl -fsSLo /tmp/node.tar.xz https://example.org/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local
 *     RUN rm /tmp/node.tar.xz
 * becomes
 *     RUN curl -fsSLo /tmp/node.tar.xz https://example.org/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local \
 *      && rm /tmp/node.tar.xz
 *
 * Fix: the RUNs from the one that made the file to the one that removes it
 * are joined into one (passes/layers.c, the same joining as DF001), so the
 * removal happens in the layer that made the bytes. Moving only the
 * removal up would be shorter, but a RUN in between may still use the
 * file; joining keeps the order of every command. A RUN that changes shell
 * state (cd, export...) is put in a subshell so that the next one sees
 * what it saw before. The join is advice, not applied, when it would undo
 * the author's layers: below a comment that keeps the RUNs apart for the
 * layer cache (DF001's "layer_intent_comments": "these setup steps can be
 * cached"), or when it folds more than four RUNs (the maker, two between,
 * the remover) into one, where a change or failure in any of them would
 * rerun them all (a clone removed 28 RUNs later, after four PHP source
 * builds).
 *
 * Fix safety: safe, under the conditions of passes/layers.h (see DF001):
 * only RUNs in between (no other instruction), identical flags, shell
 * form, POSIX shell, no heredoc, no background job or service, errexit
 * respected, no ignore comment above any of them. When one of those fails
 * the finding says why and has no fix. When the maker is a COPY or ADD, no
 * edit is proposed (display only): use the file through `RUN
 * --mount=type=bind,source=…,target=…` (or `from=` a build stage) instead
 * of copying it, leave it out with .dockerignore, or build it in another
 * stage; when the removal is a part of a tree that a COPY --from took from
 * a stage of this file, remove it in that stage, before it is copied (the
 * rest of the tree is needed in the image, which a bind mount would not
 * give). In build-only stages the finding is
 * information and nothing is applied unless fix-build-stages is set (their
 * layers do not ship); there a COPY's bytes stay only in the build cache,
 * and the finding says so, with .dockerignore as the advice for a part of
 * a copied tree (a bind mount for a file copied, used and removed).
 *
 * A package the stage's root image ships already (data: base-images.json
 * "ships_packages", php's curl and ca-certificates) is not counted as made
 * by an install: the install wrote none of its files, and removing it
 * later takes them from the base (laradock beanstalkd-console).
 *
 * hadolint: none.
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "dfopt/options.h"
#include "image.h"
#include "layers.h"
#include "paths.h"
#include "pm.h"
#include "workdir.h"

/* ---- paths ------------------------------------------------------------ */

/* Is p[0..n) a normal absolute path already: no //, no . or .. part, no
 * trailing slash? Most are: a memchr to each slash instead of a loop over
 * every byte (norm_path was a percent of a corpus run). */
static bool is_norm(const char *p, size_t n)
{
    if (n < 2 || p[0] != '/' || p[n - 1] == '/')
        return false;
    for (const char *q = p; (q = memchr(q, '/', (size_t)(p + n - q))) != NULL; q++) {
        size_t r = (size_t)(p + n - q) - 1; /* bytes after the slash: at least one */
        if (q[1] == '/' || (q[1] == '.' && (r == 1 || q[2] == '/' || (q[2] == '.' && (r == 2 || q[3] == '/')))))
            return false;
    }
    return true;
}

/* Normalize an absolute path: collapse //, /./, resolve /../, drop a
 * trailing slash. Arena memory. */
static char *norm_path(df_arena *a, const char *p, size_t n)
{
    char *out = df_arena_alloc(a, n + 2);
    if (!out)
        return NULL;
    if (is_norm(p, n)) {
        memcpy(out, p, n);
        out[n] = '\0';
        return out;
    }
    size_t o = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] == '/')
            i++;
        size_t s = i;
        while (i < n && p[i] != '/')
            i++;
        size_t len = i - s;
        if (len == 0 || (len == 1 && p[s] == '.'))
            continue;
        if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            continue;
        }
        out[o++] = '/';
        memcpy(out + o, p + s, len);
        o += len;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

/* An absolute path for word value v[0..n) relative to cwd, or NULL when it
 * cannot be known (expansions, ~, unknown cwd). */
static char *resolve(df_arena *a, const char *cwd, const char *v, size_t n)
{
    if (n == 0 || memchr(v, '$', n) || memchr(v, '`', n) || v[0] == '~' || v[0] == '-')
        return NULL;
    if (v[0] == '/')
        return norm_path(a, v, n);
    if (!cwd)
        return NULL;
    size_t cl = strlen(cwd);
    char *t = df_arena_alloc(a, cl + n + 2);
    if (!t)
        return NULL;
    memcpy(t, cwd, cl);
    t[cl] = '/';
    memcpy(t + cl + 1, v, n);
    t[cl + 1 + n] = '\0';
    if (is_norm(t, cl + 1 + n))
        return t; /* no copy of it to normalize */
    return norm_path(a, t, cl + 1 + n);
}

static bool has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Is p equal to dir or below it? */
static bool under(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

/* Folders too broad to count as "made" by one command (cp x /usr/local/bin/
 * makes /usr/local/bin/x, not the folder). */
static bool broad(const char *p)
{
    static const char *const dirs[] = {"/", "/bin", "/etc", "/home", "/opt", "/root", "/srv", "/tmp", "/usr",
                                       "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin", "/usr/local/lib",
                                       "/usr/share", "/usr/src", "/var", "/var/tmp", "/var/lib", "/var/cache", NULL};
    for (size_t i = 0; dirs[i]; i++)
        if (strcmp(p, dirs[i]) == 0)
            return true;
    return false;
}

/* Does removing pattern r remove all of made path m (m is r, below r, or
 * matched by r or by a folder r matches)? */
static bool covers(const char *r, const char *m)
{
    if (!has_glob(r))
        return under(m, r);
    size_t rn = strlen(r);
    if (rn > 2 && strcmp(r + rn - 2, "/*") == 0 && !strpbrk(r, "?[") && (size_t)(strchr(r, '*') - r) == rn - 1) {
        /* dir/\* empties dir: what was made there, or dir itself, is gone */
        char dir[4096];
        if (rn - 2 < sizeof dir) {
            memcpy(dir, r, rn - 2);
            dir[rn - 2] = '\0';
            if (under(m, dir))
                return true;
        }
    }
    if (fnmatch(r, m, FNM_PATHNAME | FNM_PERIOD) == 0)
        return true;
    char buf[4096];
    size_t n = strlen(m);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, m, n + 1);
    for (size_t i = n; i > 1; i--)
        if (buf[i - 1] == '/') {
            buf[i - 1] = '\0';
            if (fnmatch(r, buf, FNM_PATHNAME | FNM_PERIOD) == 0)
                return true;
        }
    return false;
}

/* Does removing pattern r take away part of made path m (r lies inside m)? */
static bool inside(const char *r, const char *m)
{
    if (broad(m))
        return false;
    if (!has_glob(r))
        return under(r, m);
    const char *g = strpbrk(r, "*?[");
    size_t k = (size_t)(g - r);
    while (k > 0 && r[k - 1] != '/')
        k--;
    if (k <= 1)
        return false;
    char pre[4096];
    if (k >= sizeof pre)
        return false;
    memcpy(pre, r, k - 1);
    pre[k - 1] = '\0';
    return under(pre, m);
}

/* ---- what earlier layers made ----------------------------------------- */

typedef enum { MADE_PATH, MADE_PACKAGE, MADE_GONE } made_kind;

typedef struct {
    made_kind kind;
    const char *what;    /* absolute path, or package name */
    const char *manager; /* for packages: kb manager key */
    const char *how;     /* "curl -o", "COPY", "apt-get install"... */
    size_t instr;        /* index of the instruction that made it */
    bool tree;           /* a tree whose parts count too (COPY of a folder, git clone) */
    bool pattern;        /* what is a glob (COPY *.patch /dir/): matches removed files */
    bool index;          /* a package manager's index or cache */
} made;

typedef struct {
    df_ctx *c;
    df_layers *L;
    made *v;
    size_t n, cap;
    size_t stage;
    const char *cwd;   /* the working directory while scanning a RUN */
    size_t instr;
    const char *const *workdir; /* [ninstrs] WORKDIR in force (NULL: unknown) */
    const char *const *home;    /* [ninstrs] HOME in force (df_homes; NULL: unknown), read by home_at */
    bool home_read;             /* home was read: df_homes scans every RUN for user creations,
                                   which only an rm or an npm/yarn install needs */
    const char **js_env[4];     /* [ninstrs] ENV of js_vars in force, read by the first js install */
    bool js_env_read;
    size_t budget;     /* comparisons left: bounds the work on huge files */
    /* comments keeping RUNs apart for the layer cache, read when a join
     * asks; on check's stack, apart: its phrase table is 6 KB, which
     * zeroing the scan for every file would write for nothing */
    df_intent_scan *intent;
    df_pm_cfg yes;         /* APT::Get::Assume-Yes, and the instructions that set it (built when asked) */
    df_pm_marks yes_marks;
    size_t ships_stage;    /* the stage `ships` was read for, SIZE_MAX: none yet */
    const df_fact *ships;  /* packages its root image ships already */
    /* the positions in v of the paths earlier instructions left
     * (MADE_PATH when their instruction ended), in order: an rm's loop
     * over what the stage made reads these, not every package nor what an
     * rm of its own RUN took away (the loop counted on the budget for each
     * entry, and still does, by the range it covers); plain: those of
     * paths that are no index or cache of a package manager, all a RUN
     * that installs packages itself compares with. listed: the entries of
     * v read into them so far (list_paths). paths_lost: out of memory, the
     * loop reads v */
    size_t *paths, *plain;
    size_t npaths, pcap, nplain, plcap, listed;
    bool paths_lost;
    /* visit_make met a command visit_remove acts on: rm (also as /bin/rm,
     * /usr/bin/rm) or a name with a slash (a package manager by its path) */
    bool rm_named;
} scan;

/* The most RUNs the fix joins by default: the maker, two RUNs in between
 * and the remover. A longer join folds steps the author cached apart into
 * one layer (1984not-GmbH/molch's protobuf jenkins image: 28 RUNs, four PHP
 * source builds, joined to remove one clone); it is shown as advice. */
#define DF011_MAX_JOIN 4

/* Comparisons of removed paths and packages with what was made, per file:
 * far above what real Dockerfiles need (a 1,000-RUN stage that writes and
 * removes 1,000 paths), and a bound on the time a pathological file takes. */
#define DF011_BUDGET 2000000

/* Does the root image of the stage being scanned ship package pkg already
 * (base-images.json "ships_packages": php installs curl and
 * ca-certificates)? Then an install of it writes none of its files, and a
 * later removal takes them from the base, not from that RUN's layer. */
static bool base_ships(scan *s, const char *pkg)
{
    const df_doc *d = s->c->doc;
    if (s->ships_stage != s->stage) {
        s->ships_stage = s->stage;
        s->ships = NULL;
        size_t si = s->stage;
        si = df_stage_root(d, si);
        df_imgref ir;
        if (si < d->nstages && df_stage_image(d, si, &ir))
            s->ships = df_fact_get(df_fact_get(df_fact_get(df_kb_images(s->c->kb), "ships_packages"), "images"),
                                   ir.name);
    }
    return s->ships && df_fact_has(s->ships, pkg, strlen(pkg));
}

static void add_made(scan *s, made_kind k, const char *what, const char *manager, const char *how)
{
    if (!what)
        return;
    if (k == MADE_PACKAGE && base_ships(s, what))
        return;
    /* the first bytes compared before a strcmp call: an instruction that
     * installs many packages compares each with all the earlier ones */
    for (size_t i = s->n; i > 0 && s->v[i - 1].instr == s->instr; i--)
        if (s->v[i - 1].kind == k && s->v[i - 1].what[0] == what[0] && strcmp(s->v[i - 1].what, what) == 0)
            return; /* already known from this instruction */
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 16;
        made *nv = df_arena_grow(s->c->doc->arena, s->v, s->cap, nc, sizeof *nv);
        if (!nv)
            return;
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = (made){k, what, manager, how, s->instr, false, false, false};
}

/* Append position i to list *l (n used, cap allocated); false when out of
 * memory. */
static bool list_add(scan *s, size_t **l, size_t *n, size_t *cap, size_t i)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        size_t *nl = df_arena_grow(s->c->doc->arena, *l, *cap, nc, sizeof *nl);
        if (!nl)
            return false;
        *l = nl;
        *cap = nc;
    }
    (*l)[(*n)++] = i;
    return true;
}

/* Read what the instructions before the current one made into paths and
 * plain. An entry no longer changes once its instruction ends (the rm of
 * its RUN, a tree, an index are marked while it is scanned). */
static void list_paths(scan *s)
{
    for (; s->listed < s->n && !s->paths_lost; s->listed++) {
        const made *m = &s->v[s->listed];
        if (m->kind != MADE_PATH)
            continue;
        if (!list_add(s, &s->paths, &s->npaths, &s->pcap, s->listed) ||
            (!m->index && !list_add(s, &s->plain, &s->nplain, &s->plcap, s->listed)))
            s->paths_lost = true;
    }
}

/* Mark the last thing made as a tree (its parts count) or a pattern. */
static void last_made_is(scan *s, const char *what, bool tree, bool pattern)
{
    if (s->n && s->v[s->n - 1].instr == s->instr && what && strcmp(s->v[s->n - 1].what, what) == 0) {
        s->v[s->n - 1].tree = tree;
        s->v[s->n - 1].pattern = pattern;
    }
}

static const char *basename_of(df_arena *a, const char *v, size_t n)
{
    while (n > 0 && v[n - 1] == '/')
        n--;
    size_t i = n;
    while (i > 0 && v[i - 1] != '/')
        i--;
    /* drop a query string */
    size_t e = i;
    while (e < n && v[e] != '?' && v[e] != '#')
        e++;
    if (e == i)
        return NULL;
    return df_arena_strndup(a, v + i, e - i);
}

static bool word_lit(const df_sh_word *w)
{
    return !(w->flags & DF_SH_W_EXPANSION);
}

static bool is_url(const char *v, size_t n)
{
    return (n > 7 && strncmp(v, "http://", 7) == 0) || (n > 8 && strncmp(v, "https://", 8) == 0) ||
           (n > 6 && strncmp(v, "ftp://", 6) == 0);
}

static const df_sh_flagspec curl_spec = {"AbcCdDeEFHKmoPQrTuUwxXyYz", (const char *const[]){"--output", "--data", "--header", "--user", "--url", "--output-dir", "--user-agent", "--request", "--cookie", "--cookie-jar", "--form", "--max-time", "--proxy", "--range", "--write-out", "--retry", "--connect-timeout", "--cacert", "--cert", "--config", NULL}, false};
static const df_sh_flagspec wget_spec = {"OoaetTwQiBUPDRAXIl", (const char *const[]){"--output-document", "--output-file", "--directory-prefix", "--tries", "--timeout", "--user-agent", "--header", "--user", "--password", NULL}, false};
static const df_sh_flagspec git_clone_spec = {"bocju", (const char *const[]){"--branch", "--depth", "--origin", "--config", "--reference", "--jobs", "--filter", "--separate-git-dir", "--template", "--upload-pack", "--shallow-since", "--shallow-exclude", NULL}, false};
static const df_sh_flagspec cp_spec = {"tS", (const char *const[]){"--target-directory", "--suffix", NULL}, false};
static const df_sh_flagspec plain_spec = {"", NULL, false};

/* Which short option letter of a cluster took the value ("-fsSLo" -> 'o'). */
static char value_letter(const df_sh_arg *a, const df_sh_flagspec *spec)
{
    const char *v = a->word->value;
    if (a->word->value_len < 2 || v[0] != '-' || v[1] == '-')
        return 0;
    for (size_t i = 1; i < a->word->value_len; i++)
        if (strchr(spec->short_value, v[i]))
            return v[i];
    return 0;
}

static bool long_is(const df_sh_arg *a, const char *name)
{
    size_t n = strlen(name);
    return a->word->value_len >= n && strncmp(a->word->value, name, n) == 0 &&
           (a->word->value_len == n || a->word->value[n] == '=');
}

char *df_download_target(df_arena *ar, const char *cwd, const df_sh_view *v, bool wget)
{
    const df_sh_flagspec *spec = wget ? &wget_spec : &curl_spec;
    const char *out = NULL, *dir = NULL;
    size_t outn = 0;
    bool remote = wget;
    const df_sh_word *url = NULL;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, spec, &it, &a)) {
        if (a.kind == DF_SH_ARG_OPERAND) {
            if (!url && word_lit(a.word) && is_url(a.word->value, a.word->value_len))
                url = a.word;
            continue;
        }
        if (a.kind != DF_SH_ARG_FLAG)
            continue;
        char l = value_letter(&a, spec);
        bool is_out = wget ? (l == 'O' || long_is(&a, "--output-document")) : (l == 'o' || long_is(&a, "--output"));
        bool is_dir = wget ? (l == 'P' || long_is(&a, "--directory-prefix")) : long_is(&a, "--output-dir");
        if (is_out && a.value) {
            if (a.value_word && !word_lit(a.value_word))
                return NULL; /* -o "$F": not known */
            out = a.value;
            outn = a.value_len;
        } else if (is_dir && a.value) {
            dir = df_arena_strndup(ar, a.value, a.value_len);
        } else if (!wget && a.word->value_len >= 2 && a.word->value[0] == '-' && a.word->value[1] != '-' &&
                   memchr(a.word->value, 'O', a.word->value_len)) {
            remote = true;
        } else if (!wget && long_is(&a, "--remote-name")) {
            remote = true;
        }
    }
    if (out) {
        if (outn == 1 && out[0] == '-')
            return NULL;
        return resolve(ar, dir ? dir : cwd, out, outn);
    }
    if (remote && url) {
        const char *b = basename_of(ar, url->value, url->value_len);
        if (b)
            return resolve(ar, dir ? dir : cwd, b, strlen(b));
    }
    return NULL;
}

char *df_path_resolve(df_arena *a, const char *cwd, const char *v, size_t n)
{
    return resolve(a, cwd, v, n);
}

bool df_path_covers(const char *removed, const char *path)
{
    return covers(removed, path);
}

static void scan_download(scan *s, const df_sh_view *v, bool wget)
{
    add_made(s, MADE_PATH, df_download_target(s->c->doc->arena, s->cwd, v, wget), NULL, wget ? "wget" : "curl");
}

static void scan_git(scan *s, const df_sh_view *v)
{
    df_arena *ar = s->c->doc->arena;
    /* git [-C dir] [-c k=v] clone ... */
    size_t i = 0;
    while (i < v->nargs && v->args[i].value_len && v->args[i].value[0] == '-') {
        if (df_sh_word_is(&v->args[i], "-C"))
            return; /* another folder: not followed */
        if (df_sh_word_is(&v->args[i], "-c"))
            i++;
        i++;
    }
    if (i >= v->nargs || !df_sh_word_is(&v->args[i], "clone"))
        return;
    df_sh_view sub = *v;
    sub.args = v->args + i + 1;
    sub.nargs = v->nargs - i - 1;
    const df_sh_word *ops[2] = {NULL, NULL};
    size_t nops = 0;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&sub, &git_clone_spec, &it, &a))
        if (a.kind == DF_SH_ARG_OPERAND && nops < 2)
            ops[nops++] = a.word;
    if (nops == 0 || !word_lit(ops[0]))
        return;
    if (nops == 2) {
        if (word_lit(ops[1])) {
            char *p = resolve(ar, s->cwd, ops[1]->value, ops[1]->value_len);
            add_made(s, MADE_PATH, p, NULL, "git clone");
            last_made_is(s, p, true, false);
        }
        return;
    }
    const char *b = basename_of(ar, ops[0]->value, ops[0]->value_len);
    if (!b)
        return;
    size_t bl = strlen(b);
    if (bl > 4 && strcmp(b + bl - 4, ".git") == 0)
        bl -= 4;
    char *p = resolve(ar, s->cwd, b, bl);
    add_made(s, MADE_PATH, p, NULL, "git clone");
    last_made_is(s, p, true, false);
}

static void scan_copy_cmd(scan *s, const df_sh_view *v, const char *how)
{
    df_arena *ar = s->c->doc->arena;
    const df_sh_word *last = NULL;
    const char *target = NULL;
    size_t tn = 0, nops = 0;
    const df_sh_word *firstop = NULL;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, &cp_spec, &it, &a)) {
        if (a.kind == DF_SH_ARG_OPERAND) {
            if (!firstop)
                firstop = a.word;
            last = a.word;
            nops++;
        } else if (a.kind == DF_SH_ARG_FLAG && a.value &&
                   (value_letter(&a, &cp_spec) == 't' || long_is(&a, "--target-directory"))) {
            target = a.value;
            tn = a.value_len;
        }
    }
    if (target) {
        for (it = (df_sh_argit)DF_SH_ARGIT_INIT; df_sh_arg_next(v, &cp_spec, &it, &a);)
            if (a.kind == DF_SH_ARG_OPERAND && word_lit(a.word)) {
                const char *b = basename_of(ar, a.word->value, a.word->value_len);
                char *dir = resolve(ar, s->cwd, target, tn);
                if (b && dir)
                    add_made(s, MADE_PATH, resolve(ar, dir, b, strlen(b)), NULL, how);
            }
        return;
    }
    if (nops < 2 || !word_lit(last))
        return;
    bool into_dir = nops > 2 || (last->value_len && last->value[last->value_len - 1] == '/');
    char *dest = resolve(ar, s->cwd, last->value, last->value_len);
    if (!dest)
        return;
    if (!into_dir) {
        add_made(s, MADE_PATH, dest, NULL, how);
        return;
    }
    for (it = (df_sh_argit)DF_SH_ARGIT_INIT; df_sh_arg_next(v, &cp_spec, &it, &a);)
        if (a.kind == DF_SH_ARG_OPERAND && a.word != last && word_lit(a.word)) {
            const char *b = basename_of(ar, a.word->value, a.word->value_len);
            if (b)
                add_made(s, MADE_PATH, resolve(ar, dest, b, strlen(b)), NULL, how);
        }
}

static void scan_operand_files(scan *s, const df_sh_view *v, const char *how, const char *prefix)
{
    df_arena *ar = s->c->doc->arena;
    size_t pl = prefix ? strlen(prefix) : 0;
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (!word_lit(w))
            continue;
        if (prefix) {
            if (w->value_len > pl && strncmp(w->value, prefix, pl) == 0)
                add_made(s, MADE_PATH, resolve(ar, s->cwd, w->value + pl, w->value_len - pl), NULL, how);
        } else if (w->value_len && w->value[0] != '-' && (i == 0 || v->args[i - 1].value[0] != '-')) {
            add_made(s, MADE_PATH, resolve(ar, s->cwd, w->value, w->value_len), NULL, how);
        }
    }
}

/* Package names: "curl=7.88*" -> "curl", "flask[async]>=2" -> "flask". */
static const char *pkg_name(df_arena *a, const df_sh_word *w)
{
    if (!word_lit(w) || w->value_len == 0 || w->value[0] == '-')
        return NULL;
    const char *v = w->value;
    size_t n = w->value_len;
    if (strchr(v, '/') && v[0] != '@')
        return NULL; /* a file, a URL */
    /* the bytes that end the name (NUL too, as strchr found it in the
     * set), as a table: a strchr per byte of every operand was 200,000
     * calls a corpus run */
    static const unsigned char ends[256] = {['='] = 1, ['<'] = 1, ['>'] = 1, ['!'] = 1, ['~'] = 1, [':'] = 1,
                                            [';'] = 1, ['['] = 1, ['@'] = 1, [' '] = 1, ['\0'] = 1};
    size_t i = v[0] == '@' ? 1 : 0;
    while (i < n && !ends[(unsigned char)v[i]])
        i++;
    if (i == 0)
        return NULL;
    char *p = df_arena_strndup(a, v, i);
    if (p)
        for (char *q = p; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
    return p;
}

static bool is_manager(const df_pm_call *call, const char *name)
{
    /* the first bytes before a strcmp call: scan_pm asks up to eight names
     * of every install (apt, apk, pip, npm, yarn, pnpm differ there, but
     * apt and apk) */
    return call->manager[0] == name[0] && strcmp(call->manager, name) == 0;
}

/* The cache an npm or yarn install fills in the home folder of the RUN's
 * user (~/.npm, ~/.cache/yarn; /root/.npm as root, /app/.npm for a user
 * made with `adduser -h /app`): a later `RUN rm -rf .npm` in that folder
 * removes it (mozilla/123done, review H; DF009 leaves such an install to
 * this rule). Not when the RUN removes it itself, mounts a cache, or a
 * variable or option puts it elsewhere. */
/* The variables by which ENV puts the npm or yarn cache elsewhere. */
static const char *const js_vars[4] = {"npm_config_cache", "NPM_CONFIG_CACHE", "YARN_CACHE_FOLDER",
                                       "YARN_ENABLE_GLOBAL_CACHE"};

static bool js_env_set(scan *s)
{
    const df_doc *d = s->c->doc;
    if (!s->js_env_read) {
        s->js_env_read = true;
        for (size_t i = 0; i < 4; i++)
            s->js_env[i] = df_env_before(d, js_vars[i], strlen(js_vars[i]));
    }
    for (size_t i = 0; i < 4; i++)
        if (!s->js_env[i] || (s->js_env[i][s->instr] && s->js_env[i][s->instr][0]))
            return true; /* out of memory counts as set: no finding */
    return false;
}

/* HOME in force at instruction i (NULL: unknown). */
static const char *home_at(scan *s, size_t i)
{
    if (!s->home_read) {
        s->home = df_homes(s->c->doc->arena, s->c->doc);
        s->home_read = true;
    }
    return s->home ? s->home[i] : NULL;
}

static void js_cache(scan *s, df_pm_run *r, const df_pm_call *call)
{
    static const char *const opts[] = {"--cache", "--cache-folder", NULL};
    const char *sub = is_manager(call, "npm") ? "/.npm" : is_manager(call, "yarn") ? "/.cache/yarn" : NULL;
    const char *home = sub ? home_at(s, s->instr) : NULL;
    if (!sub || !home || home[0] != '/' || call->where.in_function || !call->sub ||
        !df_pm_sub_is(call, "install") || df_pm_cache_mounted(r, call->m) ||
        df_pm_cleaned_after(r, call->m, "cleanup_paths", call->end))
        return;
    for (size_t i = 0; opts[i]; i++)
        if (df_sh_has_flag(&call->view, call->spec, opts[i]))
            return;
    if (js_env_set(s))
        return;
    const df_fact *names = df_fact_get(call->m, "env_no_cache");
    size_t k;
    const df_fact *n;
    df_fact_foreach(names, k, n)
    {
        if (df_fact_is_string(n) && df_pm_var_set(r, df_fact_str(n), call->cmd->span.start))
            return;
    }
    size_t hl = strlen(home), sl = strlen(sub);
    char *p = df_arena_alloc(s->c->doc->arena, hl + sl + 1);
    if (!p)
        return;
    memcpy(p, home, hl);
    memcpy(p + hl - (hl == 1), sub, sl + 1);
    add_made(s, MADE_PATH, p, NULL, is_manager(call, "npm") ? "the npm cache" : "the yarn cache");
    last_made_is(s, p, true, false);
}

/* What the package-manager calls of RUN r (calls[0..n), df_pm_calls)
 * install, and the indexes and caches they leave. */
static void scan_pm(scan *s, df_pm_run *pr, const df_pm_call *calls, size_t n)
{
    df_ctx *c = s->c;
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        bool inst = df_pm_sub_is(call, "install");
        bool upd = df_pm_sub_is(call, "update");
        if (!inst && !upd)
            continue;
        if (upd || (inst && !is_manager(call, "pip") && !is_manager(call, "npm") && !is_manager(call, "yarn") &&
                    !is_manager(call, "pnpm"))) {
            const df_fact *dirs = df_fact_get(call->m, "cache_dirs");
            size_t k;
            const df_fact *dj;
            if (!df_pm_cache_mounted(pr, call->m))
                df_fact_foreach(dirs, k, dj)
                {
                    const char *dv = df_fact_str(dj);
                    if (dv && dv[0] == '/') {
                        add_made(s, MADE_PATH, dv, NULL, upd ? "the package index" : "the package cache");
                        if (s->n && s->v[s->n - 1].instr == s->instr && strcmp(s->v[s->n - 1].what, dv) == 0)
                            s->v[s->n - 1].index = true;
                    }
                }
        }
        if (!inst)
            continue;
        /* "name sub", at most 63 bytes (as snprintf "%.*s %.*s" into 64
         * did, without the printf machinery: one per install call) */
        char how[64];
        size_t nl = strnlen(call->view.name->value, call->view.name->value_len);
        size_t sl = call->sub ? strnlen(call->sub->value, call->sub->value_len) : 0;
        size_t hl = nl < 63 ? nl : 63;
        memcpy(how, call->view.name->value, hl);
        if (hl < 63)
            how[hl++] = ' ';
        if (sl > 63 - hl)
            sl = 63 - hl;
        memcpy(how + hl, call->sub ? call->sub->value : "", sl);
        hl += sl;
        const char *h = df_arena_strndup(c->doc->arena, how, hl);
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        bool after_sub = false;
        while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
            if (a.kind == DF_SH_ARG_FLAG && a.value && is_manager(call, "apk") &&
                (long_is(&a, "--virtual") || value_letter(&a, call->spec) == 't')) {
                char *vn = df_arena_strndup(c->doc->arena, a.value, a.value_len);
                add_made(s, MADE_PACKAGE, vn, call->manager, h);
            }
            if (a.kind != DF_SH_ARG_OPERAND)
                continue;
            if (a.word == call->sub) {
                after_sub = true;
                continue;
            }
            if (after_sub)
                add_made(s, MADE_PACKAGE, pkg_name(c->doc->arena, a.word), call->manager, h);
        }
        if (is_manager(call, "npm") && s->cwd)
            add_made(s, MADE_PATH, resolve(c->doc->arena, s->cwd, "node_modules", 12), NULL, "npm install");
        js_cache(s, pr, call);
    }
}

/* A `cd` that reaches later commands moves the working folder; one that
 * may not run, or goes somewhere not known, makes it unknown. */
static void follow_cd(scan *s, const df_sh_view *v, const df_sh_ctx *ctx)
{
    if (!ctx->leaks)
        return;
    if (ctx->conditional || v->nargs != 1 || !word_lit(&v->args[0]))
        s->cwd = NULL;
    else
        s->cwd = resolve(s->c->doc->arena, s->cwd, v->args[0].value, v->args[0].value_len);
}

/* An rm in the RUN that made the files: they are gone from its layer. */
static void forget_removed(scan *s, const df_sh_view *v)
{
    df_arena *ar = s->c->doc->arena;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, &plain_spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_OPERAND || !word_lit(a.word))
            continue;
        char *p = resolve(ar, s->cwd, a.word->value, a.word->value_len);
        for (size_t i = s->n; p && i > 0 && s->v[i - 1].instr == s->instr; i--)
            if (s->v[i - 1].kind == MADE_PATH && covers(p, s->v[i - 1].what))
                s->v[i - 1].kind = MADE_GONE;
    }
}

/* Does a RUN whose calls (df_pm_calls) are calls[0..n) update or install
 * packages? */
static bool uses_pm(const df_pm_call *calls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "install") || df_pm_sub_is(&calls[i], "update"))
            return true;
    return false;
}

static bool redir_writes(df_sh_redir_op op)
{
    return op == DF_SH_R_OUT || op == DF_SH_R_APPEND || op == DF_SH_R_CLOBBER || op == DF_SH_R_ALL ||
           op == DF_SH_R_ALL_APPEND;
}

static int visit_make(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    scan *s = user;
    df_arena *ar = s->c->doc->arena;
    for (size_t i = 0; i < cmd->nredirs; i++) {
        const df_sh_redir *rd = &cmd->redirs[i];
        if (redir_writes(rd->op) && word_lit(&rd->target) &&
            !(rd->target.value_len >= 5 && strncmp(rd->target.value, "/dev/", 5) == 0))
            add_made(s, MADE_PATH, resolve(ar, s->cwd, rd->target.value, rd->target.value_len), NULL,
                     "a redirection");
    }
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || !word_lit(v.name))
        return 0;
    if (df_sh_word_is(v.name, "rm") || memchr(v.name->value, '/', v.name->value_len))
        s->rm_named = true;
    if (df_sh_word_is(v.name, "rm")) {
        forget_removed(s, &v);
    } else if (df_sh_word_is(v.name, "cd")) {
        follow_cd(s, &v, ctx);
    } else if (df_sh_word_is(v.name, "curl")) {
        scan_download(s, &v, false);
    } else if (df_sh_word_is(v.name, "wget")) {
        scan_download(s, &v, true);
    } else if (df_sh_word_is(v.name, "git")) {
        scan_git(s, &v);
    } else if (df_sh_word_is(v.name, "cp") || df_sh_word_is(v.name, "mv")) {
        scan_copy_cmd(s, &v, df_sh_word_is(v.name, "cp") ? "cp" : "mv");
    } else if (df_sh_word_is(v.name, "dd")) {
        scan_operand_files(s, &v, "dd", "of=");
    } else if (df_sh_word_is(v.name, "fallocate") || df_sh_word_is(v.name, "truncate")) {
        scan_operand_files(s, &v, df_sh_word_is(v.name, "truncate") ? "truncate" : "fallocate", NULL);
    }
    return 0;
}

/* ---- removals ---------------------------------------------------------- */

typedef struct {
    const made *hit;      /* the best match: see consider() */
    int quality;
    const df_sh_node *cmd; /* the removing command */
    const char *what;      /* removed path or package as written */
    size_t nhits;
    /* every match, up to DF011_LISTED: the message names the ones that are
     * not the best instead of an unexplained "and N more" (issue 11) */
    const made *all[5];
    size_t nall;
    size_t ndistinct; /* made things matched, each counted once */
} found;
#define DF011_LISTED 5

/* Keep the match that says most: a removal of all of what was made (2)
 * over a removal of a part of a tree (1); then the earliest maker. */
static void consider(found *f, const made *m, int quality, const df_sh_node *cmd, const char *what)
{
    f->nhits++;
    bool dup = false;
    for (size_t j = 0; j < f->nall && !dup; j++)
        dup = f->all[j]->instr == m->instr && strcmp(f->all[j]->what, m->what) == 0;
    if (!dup) {
        f->ndistinct++;
        if (f->nall < DF011_LISTED)
            f->all[f->nall++] = m;
    }
    if (!f->hit || quality > f->quality || (quality == f->quality && m->instr < f->hit->instr)) {
        f->hit = m;
        f->quality = quality;
        f->cmd = cmd;
        f->what = what;
    }
}

/* How removed path r meets made m: 2 all of it, 1 a part of a tree, 0 no. */
static int path_quality(const char *r, const made *m)
{
    if (m->pattern)
        return !has_glob(r) && fnmatch(m->what, r, FNM_PATHNAME | FNM_PERIOD) == 0 ? 2 : 0;
    if (covers(r, m->what))
        return 2;
    return m->tree && inside(r, m->what) ? 1 : 0;
}

typedef struct {
    scan *s;
    found *f;
    const df_layer_run *run;
    bool installs; /* the removing RUN updates or installs packages itself */
    /* the RUN's package-manager calls (df_pm_calls, document order): a
     * command's manager and subcommand are read from its call, found by
     * binary search on its start, not looked up in the kb again */
    const df_pm_call *calls;
    size_t ncalls;
    size_t n; /* the entries of s->v made before this RUN (visit_make ran first) */
} rm_walk;

/* The call of w's RUN that command cmd (view v, whose name holds no
 * expansion and no '/') makes, or NULL when it calls no manager. pm.c's
 * visit() made a call for every such command whose name is in a manager's
 * "commands" (df_kb_manager_for of the whole name, as here), and one for
 * `python -m pip`, whose name is in none: that one is left out. */
static const df_pm_call *call_of(const rm_walk *w, const df_sh_node *cmd, const df_sh_view *v)
{
    return df_pm_call_at(w->calls, w->ncalls, cmd, v);
}

/* An apt removal that prompts with nobody to answer (`apt purge gcc;`
 * without -y): apt reads the answer from standard input, empty in a
 * build, prints "Abort." and removes nothing. Joining the RUNs around it
 * would save nothing, and DF006's -y would make it run for the first time
 * (issue 11, corpus apps 193). The call is found among the RUN's apt
 * calls (document order) (df_pm_call_at). */
static bool removes_nothing(scan *s, const df_instr *in, const df_sh_node *cmd, const char *mname)
{
    df_pm_run pr;
    if (strcmp(mname, "apt") != 0 || !s->yes.m || !df_pm_run_of(s->c, in, &pr))
        return false;
    static const char *const apt_only[] = {"apt", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(&pr, apt_only, &calls);
    const df_pm_call *call = df_pm_call_at(calls, n, cmd, NULL);
    return call && df_pm_prompt_unanswered(&pr, call, &s->yes, &s->yes_marks);
}

/* `~/x`, `$HOME/x`, `${HOME}/x` (quoted or not) as a path below home, or
 * NULL. */
static char *from_home(df_arena *ar, const char *home, const df_sh_word *w)
{
    static const char *const pre[] = {"~/", "$HOME/", "${HOME}/", NULL};
    const char *r = w->value;
    size_t n = w->value_len;
    for (size_t i = 0; pre[i]; i++) {
        size_t pl = strlen(pre[i]);
        if (n <= pl || memcmp(r, pre[i], pl) != 0 || memchr(r + pl, '$', n - pl) || memchr(r + pl, '`', n - pl))
            continue;
        if (i == 0 && !(w->flags & DF_SH_W_TILDE))
            continue; /* a quoted ~ is a folder named ~ */
        size_t hl = strlen(home);
        char *t = df_arena_alloc(ar, hl + n - pl + 2);
        if (!t)
            return NULL;
        memcpy(t, home, hl);
        t[hl] = '/';
        memcpy(t + hl + 1, r + pl, n - pl);
        return norm_path(ar, t, hl + 1 + n - pl);
    }
    return NULL;
}

static int visit_remove(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    rm_walk *w = user;
    scan *s = w->s;
    df_arena *ar = s->c->doc->arena;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || !word_lit(v.name))
        return 0;
    if (df_sh_word_is(v.name, "cd")) {
        follow_cd(s, &v, ctx);
        return 0;
    }
    if (df_sh_word_is(v.name, "rm") || df_sh_word_is(v.name, "/bin/rm") || df_sh_word_is(v.name, "/usr/bin/rm")) {
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        while (df_sh_arg_next(&v, &plain_spec, &it, &a)) {
            /* from_home reads HOME only for a word that starts with ~ or $ */
            const char *home = a.word->value_len && (a.word->value[0] == '~' || a.word->value[0] == '$')
                                   ? home_at(s, w->run->in->index)
                                   : NULL;
            char *p = NULL;
            if (home && home[0] == '/')
                p = from_home(ar, home, a.word);
            if (!p && !word_lit(a.word))
                continue;
            if (a.kind != DF_SH_ARG_OPERAND)
                continue;
            if (!p)
                p = resolve(ar, s->cwd, a.word->value, a.word->value_len);
            if (!p || strcmp(p, "/") == 0)
                continue;
            if (!s->paths_lost) {
                /* the entries [0, span) that the loop over v below would
                 * reach before the budget runs out; of those, the paths
                 * it would compare (an index or cache is not, for a RUN
                 * that installs) */
                size_t span = w->n < s->budget ? w->n : s->budget;
                const size_t *l = w->installs ? s->plain : s->paths;
                size_t nl = w->installs ? s->nplain : s->npaths;
                for (size_t j = 0; j < nl && l[j] < span; j++) {
                    const made *m = &s->v[l[j]];
                    int q = m->kind == MADE_PATH && m->instr < w->run->in->index ? path_quality(p, m) : 0;
                    if (q)
                        consider(w->f, m, q, cmd, p);
                }
                s->budget -= span;
                continue;
            }
            for (size_t i = 0; i < w->n && s->budget; i++, s->budget--) {
                /* a RUN that installs and cleans its own index: an index left by an
                 * earlier update RUN is DF005's (update and install apart) */
                if (s->v[i].index && w->installs)
                    continue;
                int q = s->v[i].kind == MADE_PATH && s->v[i].instr < w->run->in->index ? path_quality(p, &s->v[i]) : 0;
                if (q)
                    consider(w->f, &s->v[i], q, cmd, p);
            }
        }
        return 0;
    }
    /* package removal */
    const char *mname;
    const df_sh_flagspec *spec;
    const df_sh_word *sub;
    if (w->calls && !memchr(v.name->value, '/', v.name->value_len)) {
        const df_pm_call *call = call_of(w, cmd, &v);
        if (!call || !(call->subs & DF_PM_SUB_REMOVE)) /* subs: the subcommand holds no expansion */
            return 0;
        mname = call->manager;
        spec = call->spec;
        sub = call->sub;
    } else {
        const df_fact *m = df_kb_manager_for(s->c->kb, v.name->value, v.name->value_len, &mname);
        if (!m)
            return 0;
        spec = df_kb_flagspec(s->c->kb, mname);
        sub = df_sh_subcommand(&v, spec);
        if (!sub || !word_lit(sub) || !df_kb_has(m, "remove", sub->value, sub->value_len))
            return 0;
    }
    if (removes_nothing(s, w->run->in, cmd, mname))
        return 0;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    bool after = false;
    while (df_sh_arg_next(&v, spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_OPERAND)
            continue;
        if (a.word == sub) {
            after = true;
            continue;
        }
        const char *p = after ? pkg_name(ar, a.word) : NULL;
        if (!p)
            continue;
        for (size_t i = 0; i < w->n && s->budget; i++, s->budget--)
            if (s->v[i].kind == MADE_PACKAGE && s->v[i].instr < w->run->in->index &&
                strcmp(s->v[i].manager, mname) == 0 && strcmp(s->v[i].what, p) == 0)
                consider(w->f, &s->v[i], 2, cmd, p);
    }
    return 0;
}

/* ---- COPY and ADD ------------------------------------------------------- */

static void scan_copy_instr(scan *s, const df_instr *in)
{
    df_arena *ar = s->c->doc->arena;
    if (in->json || in->nheredocs || in->nargs < 2)
        return;
    const df_word *dst = &in->args[in->nargs - 1];
    const char *cwd = s->workdir[in->index];
    char *dest = resolve(ar, cwd, dst->value, dst->len);
    if (!dest)
        return;
    bool into_dir = in->nargs > 2 || (dst->len && dst->value[dst->len - 1] == '/');
    const char *how = in->cmd == DF_CMD_COPY ? "COPY" : "ADD";
    if (df_instr_flag(in, "from", NULL))
        how = in->cmd == DF_CMD_COPY ? "COPY --from" : "ADD";
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const df_word *src = &in->args[i];
        if (memchr(src->value, '$', src->len))
            continue;
        bool dir_like = src->len == 0 || src->value[src->len - 1] == '/' || (src->len == 1 && src->value[0] == '.');
        bool glob = memchr(src->value, '*', src->len) || memchr(src->value, '?', src->len);
        if (!into_dir || dir_like) {
            /* the destination is the file, or the folder the tree goes to */
            add_made(s, MADE_PATH, dest, NULL, how);
            last_made_is(s, dest, dir_like || !into_dir, false);
            continue;
        }
        const char *b = basename_of(ar, src->value, src->len);
        if (!b)
            continue;
        char *p = resolve(ar, dest, b, strlen(b));
        add_made(s, MADE_PATH, p, NULL, how);
        last_made_is(s, p, !glob, glob);
    }
}

/* ---- the rule ----------------------------------------------------------- */

/* WORKDIR in force at every instruction: NULL when unknown (an image that
 * was not built here may set any; a variable). */
static const char **workdirs(df_ctx *c)
{
    const df_doc *d = c->doc;
    const char **w = df_workdirs(d->arena, d);
    for (size_t i = 0; w && i < d->ninstrs; i++)
        if (w[i] && w[i][0] == '@')
            w[i] = NULL; /* relative to a base image's WORKDIR */
    return w;
}

static size_t line_at(const df_ctx *c, size_t off)
{
    size_t line = 0, col = 0;
    df_source_linecol(c->src, off, &line, &col);
    return line;
}

static void report(df_ctx *c, scan *s, const df_layer_run *b, const found *f)
{
    const df_doc *doc = c->doc;
    const made *m = f->hit;
    const df_instr *maker = doc->instrs[m->instr];
    bool fix = b->ships || (c->opts && c->opts->fix_build_stages);
    df_severity sev = fix ? c->rule->severity : DF_SEV_INFO;
    df_span sp = df_runsh_span(&b->rs, f->cmd->span);
    bool pkg = m->kind == MADE_PACKAGE;
    char more[480] = "";
    if (f->nhits > 1) {
        /* name the others (what was made, by which instruction) instead
         * of an unexplained count; the same made thing matched again (by
         * the best match, or by several removed words) is not another */
        char list[360] = "";
        size_t o = 0, listed = 0;
        bool best_stored = false;
        for (size_t i = 0; i < f->nall; i++) {
            const made *x = f->all[i];
            if (x->instr == m->instr && strcmp(x->what, m->what) == 0) {
                best_stored = true;
                continue;
            }
            if (o >= sizeof list)
                continue;
            const df_instr *xi = doc->instrs[x->instr];
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s%s (line %zu: %s)", listed ? ", " : "",
                                  x->kind == MADE_PACKAGE ? "package " : "", x->what, xi->start_line, x->how);
            listed++;
        }
        size_t beyond = f->ndistinct - f->nall; /* distinct, not stored */
        if (!best_stored && beyond > 0)
            beyond--;
        if (o >= sizeof list)
            snprintf(more, sizeof more, " (and %zu more)", listed + beyond);
        else if (listed && beyond)
            snprintf(more, sizeof more, " (and %zu more: %s, and %zu other%s)", listed + beyond, list, beyond,
                     beyond == 1 ? "" : "s");
        else if (listed)
            snprintf(more, sizeof more, " (and %zu more: %s)", listed, list);
        else if (beyond)
            snprintf(more, sizeof more, " (and %zu more)", beyond);
    }
    if (maker->cmd != DF_CMD_RUN) {
        /* a stage that does not ship keeps the bytes in the build cache
         * only: the context sent to the builder is what .dockerignore
         * still saves (review 16, apps 010 and 040) */
        df_diag *d = df_report(c, sev, sp,
                               "%s is removed here but the %s at line %zu put it in its own layer%s: %s",
                               f->what, m->how, maker->start_line, more,
                               b->ships ? "the bytes stay in the image"
                                        : "the stage does not ship, so the bytes stay only in the build cache");
        if (d) {
            /* a part of a tree COPY --from took from a stage of this file:
             * removed there, it is never copied (review 16, app 010 line
             * 42: the tree must be in the image, a bind mount does not fit);
             * all of what it copied was used here, through a bind mount */
            const df_word *from = df_instr_flag(maker, "from", NULL);
            const char *eq = from ? memchr(from->value, '=', from->len) : NULL;
            char *sname = eq ? df_arena_strndup(doc->arena, eq + 1, from->len - (size_t)(eq + 1 - from->value)) : NULL;
            size_t si = sname && f->quality == 1 ? df_stage_find(doc, sname) : SIZE_MAX;
            char own[256];
            if (si < doc->nstages && si != maker->stage)
                snprintf(own, sizeof own,
                         "remove it in stage %.120s, before the COPY --from takes it, unless that stage still needs it",
                         sname);
            const char *hint =
                si < doc->nstages && si != maker->stage ? own
                : from ? "use it through RUN --mount=type=bind,from=STAGE,source=...,target=... instead of copying it"
                : b->ships ? "use it through RUN --mount=type=bind,source=...,target=... instead of copying it, "
                             "leave it out with .dockerignore, or build it in another stage"
                : f->quality == 1 ? "leave it out with .dockerignore if the build does not need it: the builder "
                                    "then receives less"
                                  : "use it through RUN --mount=type=bind,source=...,target=... instead of copying it";
            df_diag_set_fix(c->out, d, DF_APPLY_DISPLAY, hint);
        }
        return;
    }
    /* the chain maker .. b */
    size_t n = b->in->index - maker->index + 1;
    const df_layer_run **chain = df_arena_alloc(doc->arena, n * sizeof *chain);
    const char *why = chain ? NULL : "out of memory";
    for (size_t i = 0; !why && i < n; i++) {
        chain[i] = df_layers_run(s->L, maker->index + i);
        if (!chain[i])
            why = "an instruction that is not a RUN stands between them";
        else if (i > 0)
            why = df_layers_join_why(chain[0], chain[i - 1], chain[i]);
    }
    df_diag *d = df_report(c, sev, sp,
                           "%s%s is removed here but was %s by the RUN at line %zu (%s)%s: %s stay in that layer%s%s%s",
                           pkg ? "package " : "", f->what, pkg ? "installed" : "written", maker->start_line, m->how, more,
                           pkg ? "its files" : "the bytes", why ? " (no automatic fix: " : "", why ? why : "",
                           why ? ")" : "");
    if (!d || why)
        return;
    /* a join that undoes the author's layers is advice: below a comment
     * that keeps the RUNs apart for the layer cache, or more RUNs than
     * DF011_MAX_JOIN folded into one */
    df_buf desc = DF_BUF_INIT;
    df_buf_addstr(&desc, "join the RUNs so that the removal happens in the layer that made it");
    bool advice = false;
    if (df_layers_intent_before(c, s->intent, b->in->span.start)) {
        df_buf_printf(&desc, " (advice: the comment at line %zu keeps the RUNs apart for the layer cache)",
                      line_at(c, s->intent->found));
        advice = true;
    } else if (n > DF011_MAX_JOIN) {
        df_buf_printf(&desc,
                      " (advice: %zu RUNs, lines %zu to %zu, in one layer: any change or failure in one would rerun "
                      "them all; remove it in the RUN that made it if nothing in between uses it)",
                      n, maker->start_line, b->in->start_line);
        advice = true;
    }
    if (desc.failed)
        df_arena_note_failure(doc->arena);
    else if (df_diag_set_fix(c->out, d, fix && !advice ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc.data))
        df_layers_join_edits(s->L, d, chain, n);
    df_buf_release(&desc);
}

static void check(df_ctx *c)
{
    const df_doc *doc = c->doc;
    scan s;
    memset(&s, 0, sizeof s);
    s.ships_stage = SIZE_MAX;
    s.c = c;
    s.L = df_layers_of(c);
    s.workdir = workdirs(c);
    if (!s.L || !s.workdir)
        return;
    s.stage = SIZE_MAX;
    s.budget = DF011_BUDGET;
    s.yes.m = df_kb_manager(c->kb, "apt");
    s.yes.key = "config_yes";
    df_intent_scan intent;
    df_layers_intent_init(&intent);
    s.intent = &intent;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const df_instr *in = doc->instrs[i];
        if (in->stage != s.stage) {
            s.stage = in->stage;
            s.n = 0; /* only the layers of this stage */
            s.npaths = s.nplain = s.listed = 0;
        }
        s.instr = i;
        if (in->cmd == DF_CMD_COPY || in->cmd == DF_CMD_ADD) {
            scan_copy_instr(&s, in);
            continue;
        }
        const df_layer_run *r = df_layers_run(s.L, i);
        if (!r)
            continue;
        /* the RUN's package-manager calls, read once for both scans */
        df_pm_run pr;
        df_pm_run_init(&pr, c, r->in, &r->rs, &r->st, r->ships);
        df_pm_call *calls;
        size_t ncalls = df_pm_calls(&pr, NULL, &calls);
        /* what the RUN makes first: its walk says whether the RUN removes
         * anything at all (most do not: then no second walk). The removals
         * compare only with what earlier instructions made, the entries
         * [0, before) */
        size_t before = s.n;
        list_paths(&s);
        s.rm_named = false;
        s.cwd = s.workdir[i];
        scan_pm(&s, &pr, calls, ncalls);
        df_sh_walk(r->rs.script, visit_make, &s);
        bool removes = s.rm_named;
        for (size_t k = 0; k < ncalls && !removes; k++)
            removes = (calls[k].subs & DF_PM_SUB_REMOVE) != 0;
        if (before && removes) {
            found f = {0};
            rm_walk w = {&s, &f, r, uses_pm(calls, ncalls), calls, ncalls, before};
            s.cwd = s.workdir[i];
            df_sh_walk(r->rs.script, visit_remove, &w);
            if (f.hit)
                report(c, &s, r, &f);
        }
    }
}

const df_rule df_rule_df011 = {
    .id = "DF011",
    .name = "removed-in-later-layer",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "a RUN removes what an earlier layer made: the bytes stay in the image",
    .worth = "image size: files deleted later no longer stay in an earlier layer",
    .check = check,
};
