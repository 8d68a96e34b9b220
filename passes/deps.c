/*
 * deps.c - build context, install commands and image folders for the
 * cache-order rules (see deps.h).
 *
 * Why a module of its own: DF002 must know exactly which files an install
 * reads and whether they are in the build context, and DF023 which
 * languages a Dockerfile builds; both read the same facts and the same
 * .dockerignore, and a wrong answer here turns a safe fix into a broken
 * build.
 */
#include "deps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dfopt/dircache.h"
#include "dfopt/kb.h"
#include "dfopt/options.h"

/* ---- glob ---------------------------------------------------------------- */

/* [...] at p (just after '['), against character ch; *end gets the byte
 * after ']'. A class without ']' matches nothing. */
static bool class_match(const char *p, char ch, const char **end)
{
    bool neg = false, hit = false;
    if (*p == '^' || *p == '!') {
        neg = true;
        p++;
    }
    bool first = true;
    while (*p && (first || *p != ']')) {
        first = false;
        char lo = *p;
        if (lo == '\\' && p[1])
            lo = *++p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 2;
        }
        if (ch >= lo && ch <= hi)
            hit = true;
        p++;
    }
    if (*p != ']') {
        *end = p;
        return false;
    }
    *end = p + 1;
    return hit != neg;
}

static bool glob_at(const char *p, const char *s, unsigned depth)
{
    if (depth > 64)
        return false;
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            p += 2;
            if (*p == '/') {
                /* "**" + "/": zero or more whole segments */
                p++;
                for (const char *t = s;; t++) {
                    if ((t == s || t[-1] == '/') && glob_at(p, t, depth + 1))
                        return true;
                    if (!*t)
                        return false;
                }
            }
            for (const char *t = s;; t++) {
                if (glob_at(p, t, depth + 1))
                    return true;
                if (!*t)
                    return false;
            }
        }
        if (*p == '*') {
            p++;
            if (!p[strcspn(p, "*?[\\")] && depth < 64) {
                /* a literal tail ("*.csproj"): s ends with it and the star's
                 * part holds no '/' (what the loop below finds, without
                 * trying every offset: a folder of 2,000 names is matched
                 * against each manifest pattern) */
                size_t ls = strlen(s), lt = strlen(p);
                return ls >= lt && memcmp(s + ls - lt, p, lt) == 0 && !memchr(s, '/', ls - lt);
            }
            for (const char *t = s;; t++) {
                if (glob_at(p, t, depth + 1))
                    return true;
                if (!*t || *t == '/')
                    return false;
            }
        }
        if (!*s)
            return false;
        if (*p == '?') {
            if (*s == '/')
                return false;
        } else if (*p == '[') {
            const char *e;
            if (*s == '/' || !class_match(p + 1, *s, &e))
                return false;
            p = e;
            s++;
            continue;
        } else {
            char want = *p;
            if (want == '\\' && p[1])
                want = *++p;
            if (want != *s)
                return false;
        }
        p++;
        s++;
    }
    return *s == '\0';
}

bool df_deps_glob(const char *p, const char *s)
{
    return glob_at(p, s, 0);
}

/* ---- the build context ------------------------------------------------- */

/* filepath.Clean for a relative pattern: drop "." segments, empty
 * segments and a leading '/'; resolve ".." where it can. */
static char *clean_rel(df_arena *a, const char *s, size_t n)
{
    char *out = df_arena_alloc(a, n + 2);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        while (i < n && s[i] == '/')
            i++;
        size_t st = i;
        while (i < n && s[i] != '/')
            i++;
        size_t len = i - st;
        if (len == 0 || (len == 1 && s[st] == '.'))
            continue;
        if (len == 2 && s[st] == '.' && s[st + 1] == '.') {
            if (o > 0) {
                while (o > 0 && out[o - 1] != '/')
                    o--;
                if (o > 0)
                    o--;
            }
            continue;
        }
        if (o)
            out[o++] = '/';
        memcpy(out + o, s + st, len);
        o += len;
    }
    out[o] = '\0';
    return out;
}

static int parse_ignore(df_arena *a, const char *text, size_t len, df_deps_context *x)
{
    size_t cap = 0;
    size_t i = 0;
    while (i < len) {
        size_t st = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t e = i;
        if (i < len)
            i++;
        while (st < e && (text[st] == ' ' || text[st] == '\t' || text[st] == '\r'))
            st++;
        while (e > st && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
            e--;
        if (st == e || text[st] == '#')
            continue;
        bool neg = false;
        if (text[st] == '!') {
            neg = true;
            st++;
            while (st < e && (text[st] == ' ' || text[st] == '\t'))
                st++;
        }
        char *pat = clean_rel(a, text + st, e - st);
        if (!pat)
            return -1;
        if (!*pat)
            continue;
        if (x->nrules == cap) {
            size_t nc = cap ? cap * 2 : 16;
            df_deps_ignore_rule *nr = df_arena_grow(a, x->rules, cap, nc, sizeof *nr);
            if (!nr)
                return -1;
            x->rules = nr;
            cap = nc;
        }
        x->rules[x->nrules].pat = pat;
        x->rules[x->nrules].neg = neg;
        x->nrules++;
    }
    return 0;
}

/* Does the run's folder listing show that path does not exist? Then the
 * probe that would fail is not made (dircache.h); otherwise it is. */
static bool surely_absent(df_dircache *dirs, const char *path)
{
    return dirs && df_dircache_absent(dirs, path);
}

static char *slurp(df_arena *a, const char *path, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return NULL;
    }
    /* cap 0: the whole file; otherwise at most cap bytes, and never more
     * than the file's size (a zeroed megabyte per .dockerignore read was
     * most of a run's time) */
    if (cap == 0 || (unsigned long long)st.st_size < cap)
        cap = (size_t)st.st_size;
    char *buf = df_arena_alloc(a, cap + 1);
    size_t got = buf ? fread(buf, 1, cap, f) : 0;
    fclose(f);
    if (!buf)
        return NULL;
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

/* a, sep and b joined into out[cap], as snprintf "%s%s%s" but without the
 * printf machinery (every COPY source and listed name goes through
 * here); false when it does not fit */
static bool join_path(char *out, size_t cap, const char *a, const char *sep, const char *b)
{
    size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
    if (na + ns + nb >= cap)
        return false;
    memcpy(out, a, na);
    memcpy(out + na, sep, ns);
    memcpy(out + na + ns, b, nb + 1);
    return true;
}

#define IGNORE_CAP (1u << 20)

int df_deps_context_load(df_ctx *c, df_deps_context *out)
{
    df_arena *a = c->doc->arena;
    memset(out, 0, sizeof *out);
    out->dir = c->context_dir;
    out->dirs = c->opts ? c->opts->dirs : NULL;
    struct stat st;
    /* a folder the run has listed is a folder: no stat per file */
    if (out->dir && !(out->dirs && df_dircache_listed(out->dirs, out->dir)) &&
        (stat(out->dir, &st) < 0 || !S_ISDIR(st.st_mode)))
        out->dir = NULL; /* no such folder: as good as no context */
    if (!out->dir)
        return 0;
    char path[4096];
    char *text = NULL;
    size_t len = 0;
    const char *df = c->src->path;
    if (df && strcmp(df, "-") != 0 && strcmp(df, "<stdin>") != 0 &&
        join_path(path, sizeof path, df, ".dockerignore", "") && !surely_absent(out->dirs, path))
        text = slurp(a, path, IGNORE_CAP, &len);
    if (!text && join_path(path, sizeof path, out->dir, "/.dockerignore", "") &&
        !surely_absent(out->dirs, path))
        text = slurp(a, path, IGNORE_CAP, &len);
    if (!text)
        return 0;
    out->has_ignore = true;
    out->ignore_file = df_arena_strndup(a, path, strlen(path));
    if (!out->ignore_file)
        return -1;
    return parse_ignore(a, text, len, out);
}

static bool rule_hits(const char *pat, const char *rel)
{
    if (df_deps_glob(pat, rel))
        return true;
    /* or one of its parent folders */
    char buf[4096];
    size_t n = strlen(rel);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, rel, n + 1);
    while (n > 0) {
        while (n > 0 && buf[n - 1] != '/')
            n--;
        if (n == 0)
            break;
        buf[--n] = '\0';
        if (df_deps_glob(pat, buf))
            return true;
    }
    return false;
}

bool df_deps_ignored(const df_deps_context *x, const char *rel)
{
    bool out = false;
    for (size_t i = 0; i < x->nrules; i++)
        if (out != !x->rules[i].neg && rule_hits(x->rules[i].pat, rel))
            out = !x->rules[i].neg;
    return out;
}

static bool full_path(const df_deps_context *x, const char *rel, char *path, size_t cap)
{
    while (*rel == '/')
        rel++;
    return join_path(path, cap, x->dir, "/", rel);
}

df_deps_kind df_deps_stat(const df_deps_context *x, const char *rel)
{
    char path[4096];
    struct stat st;
    if (!x->dir || !full_path(x, rel, path, sizeof path) || surely_absent(x->dirs, path) || stat(path, &st) < 0)
        return DF_DEPS_ABSENT;
    if (df_deps_ignored(x, rel))
        return DF_DEPS_ABSENT;
    if (S_ISDIR(st.st_mode))
        return DF_DEPS_DIR;
    return S_ISREG(st.st_mode) ? DF_DEPS_FILE : DF_DEPS_ABSENT;
}

char *df_deps_read(const df_deps_context *x, df_arena *a, const char *rel, size_t cap, size_t *len)
{
    char path[4096];
    if (!x->dir || df_deps_ignored(x, rel) || !full_path(x, rel, path, sizeof path) || surely_absent(x->dirs, path))
        return NULL;
    return slurp(a, path, cap, len);
}

size_t df_deps_list(const df_deps_context *x, df_arena *a, const char *dir, const char *pat, const char ***out)
{
    *out = NULL;
    char path[4096];
    if (!x->dir || !full_path(x, dir, path, sizeof path))
        return 0;
    df_dircache *own = NULL;
    df_dircache *dc = x->dirs ? x->dirs : (own = df_dircache_new());
    const char *const *names = NULL;
    errno = 0;
    /* a pattern without glob bytes matches only the name it is: one
     * question, not a match against every name of the folder */
    long all = !dc ? -1 : pat[strcspn(pat, "*?[\\")] ? df_dircache_match(dc, path, pat, df_deps_glob, &names)
                                                     : df_dircache_lists(dc, path, pat);
    if (all > 0 && !names)
        names = &pat;
    if (all < 0 && (!dc || errno == ENOMEM))
        df_arena_note_failure(a); /* not an unreadable folder: the driver says out of memory */
    const char **v = NULL;
    size_t n = 0;
    if (all > 0)
        v = df_arena_alloc(a, (size_t)all * sizeof *v);
    for (long i = 0; v && i < all; i++) {
        char rel[4096];
        if (!join_path(rel, sizeof rel, dir, *dir ? "/" : "", names[i]) ||
            df_deps_ignored(x, rel))
            continue;
        v[n] = df_arena_strndup(a, names[i], strlen(names[i]));
        if (v[n])
            n++;
    }
    df_dircache_free(own);
    *out = n ? v : NULL;
    return n;
}

/* ---- folders in the image ------------------------------------------------ */

char *df_deps_path(df_arena *a, const char *base, const char *p, size_t n)
{
    if (memchr(p, '$', n))
        return NULL;
    size_t bl = strlen(base);
    char *out = df_arena_alloc(a, bl + n + 3);
    if (!out)
        return NULL;
    /* out[0..floor) is the root ("/" or "@"), never removed by ".." */
    size_t o, floor = 1;
    if (n && p[0] == '/') {
        out[0] = '/';
        o = 1;
    } else {
        memcpy(out, base, bl);
        o = bl;
        if (o > 1 && out[o - 1] != '/')
            out[o++] = '/';
        else if (o == 1 && out[0] == '@')
            out[o++] = '/';
    }
    /* here out[0..o) ends with '/' */
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] == '/')
            i++;
        size_t st = i;
        while (i < n && p[i] != '/')
            i++;
        size_t len = i - st;
        if (len == 0 || (len == 1 && p[st] == '.'))
            continue;
        if (len == 2 && p[st] == '.' && p[st + 1] == '.') {
            /* drop the last segment: out is "X/seg/" -> "X/" */
            size_t k = o - 1;
            if (k <= floor) {
                if (out[0] == '@')
                    return NULL; /* above the unknown WORKDIR */
                continue;        /* "/.." is "/" */
            }
            while (k > floor && out[k - 1] != '/')
                k--;
            o = k;
            continue;
        }
        memcpy(out + o, p + st, len);
        o += len;
        out[o++] = '/';
    }
    /* no trailing '/', except for the root "/" and "@/" -> "@" */
    if (o > 1 && out[o - 1] == '/')
        o--;
    if (o == 2 && out[0] == '@')
        o = 1;
    out[o] = '\0';
    return out;
}

bool df_deps_under(const char *inner, const char *outer, const char **rest)
{
    size_t n = strlen(outer);
    if (strcmp(outer, "/") == 0) {
        if (inner[0] != '/')
            return false;
        *rest = inner + 1;
        return true;
    }
    if (strncmp(inner, outer, n) != 0)
        return false;
    if (inner[n] == '\0') {
        *rest = inner + n;
        return true;
    }
    if (inner[n] != '/')
        return false;
    *rest = inner + n + 1;
    return true;
}

/* ---- commands ------------------------------------------------------------ */

const char *df_deps_basename(const char *s, size_t n, size_t *len)
{
    size_t b = n;
    while (b > 0 && s[b - 1] != '/')
        b--;
    *len = n - b;
    return s + b;
}

static bool is_python(const char *s, size_t n)
{
    if (n < 6 || strncmp(s, "python", 6) != 0)
        return false;
    for (size_t i = 6; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return false;
    return true;
}

/* A command as the rules see it: the program's base name, and the words
 * after it (after `python -m MODULE`, the module is the name). */
typedef struct {
    df_sh_view v;
    const char *name; /* base name */
    size_t nlen;
    bool module;      /* python -m NAME */
    bool local;       /* run as ./name or dir/name */
} cmdref;

/* An option spec built from an ecosystem's value_options and file_options. */
static df_sh_flagspec *make_spec(df_arena *a, const df_fact *eco, const df_fact *extra)
{
    const df_fact *lists[3] = {df_fact_get(eco, "value_options"), df_fact_get(eco, "file_options"), extra};
    size_t n = 0;
    for (int k = 0; k < 3; k++)
        n += df_fact_size(lists[k]);
    df_sh_flagspec *spec = df_arena_alloc(a, sizeof *spec);
    const char **longs = df_arena_alloc(a, (n + 1) * sizeof *longs);
    char *shorts = df_arena_alloc(a, n + 1);
    if (!spec || !longs || !shorts)
        return NULL;
    size_t nl = 0, ns = 0;
    for (int k = 0; k < 3; k++) {
        size_t i;
        const df_fact *v;
        df_fact_foreach(lists[k], i, v)
        {
            const char *s = df_fact_str(v);
            if (!s)
                continue;
            if (s[0] == '-' && s[1] && s[1] != '-' && !s[2])
                shorts[ns++] = s[1];
            else
                longs[nl++] = s;
        }
    }
    spec->short_value = shorts;
    spec->long_value = longs;
    spec->stop_at_operand = false;
    return spec;
}

typedef struct {
    df_ctx *c;
    df_deps_run *out;
    const char *cwd;
    const df_fact *dm;
    const char *text; /* the script */
    size_t cap_inst;
    bool oom;
} walk_state;

static bool word_plain(const df_sh_word *w)
{
    return !(w->flags & (DF_SH_W_CMDSUBST | DF_SH_W_ARITH));
}

/* A word whose only substitutions read nothing of the build context
 * (-j"$(nproc)"): context_free.harmless_substitutions. */
static bool subst_harmless(const df_fact *dm, const df_sh_word *w)
{
    if (!(w->flags & DF_SH_W_CMDSUBST) || (w->flags & DF_SH_W_ARITH))
        return false;
    const df_fact *list = df_fact_get(df_fact_get(dm, "context_free"), "harmless_substitutions");
    const char *p = w->value, *end = w->value + w->value_len;
    while (p < end) {
        if (*p == '`')
            return false;
        if (*p == '$' && p + 1 < end && p[1] == '(') {
            size_t i;
            const df_fact *h;
            bool hit = false;
            df_fact_foreach(list, i, h)
            {
                size_t n = df_fact_strlen(h);
                if (!hit && (size_t)(end - p) >= n && memcmp(p, df_fact_str(h), n) == 0) {
                    p += n;
                    hit = true;
                }
            }
            if (!hit)
                return false;
            continue;
        }
        p++;
    }
    return true;
}

static bool redirs_harmless(const df_sh_node *cmd)
{
    for (size_t i = 0; i < cmd->nredirs; i++) {
        const df_sh_redir *r = &cmd->redirs[i];
        if (r->op == DF_SH_R_DUPIN || r->op == DF_SH_R_DUPOUT || r->op == DF_SH_R_HEREDOC ||
            r->op == DF_SH_R_HEREDOC_TAB || r->op == DF_SH_R_HERESTRING)
            continue;
        if (df_sh_word_is(&r->target, "/dev/null") || df_sh_word_is(&r->target, "/dev/stdout") ||
            df_sh_word_is(&r->target, "/dev/stderr"))
            continue;
        return false;
    }
    return true;
}

/* Does the command line (name + args) start with the words of seq? The
 * words after the program name are operands (flags skipped with spec). */
typedef struct {
    const df_sh_word *ops[64];
    size_t nops;
    bool more; /* over 64 operands */
} operands;

static void get_operands(const df_sh_view *v, const df_sh_flagspec *spec, operands *o)
{
    o->nops = 0;
    o->more = false;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg arg;
    while (df_sh_arg_next(v, spec, &it, &arg)) {
        if (arg.kind != DF_SH_ARG_OPERAND)
            continue;
        if (o->nops == 64) {
            o->more = true;
            return;
        }
        o->ops[o->nops++] = arg.word;
    }
}

/* Length of the matching subcommand sequence of spec["subcommands"], or -1. */
static int match_sub(const df_fact *subs, const operands *o)
{
    size_t i;
    const df_fact *seq;
    int best = -1;
    df_fact_foreach(subs, i, seq)
    {
        size_t k = df_fact_size(seq);
        if (k > o->nops)
            continue;
        bool ok = true;
        for (size_t j = 0; j < k && ok; j++)
            ok = df_sh_word_is(o->ops[j], df_fact_str(df_fact_at(seq, j)));
        if (ok && (int)k > best)
            best = (int)k;
    }
    return best;
}

static bool cmd_is(const df_fact *spec, const cmdref *r)
{
    if (r->module)
        return df_fact_has(df_fact_get(spec, "modules"), r->name, r->nlen);
    return df_fact_has(df_fact_get(spec, "commands"), r->name, r->nlen);
}

static bool any_flag(const df_sh_view *v, const df_sh_flagspec *spec, const df_fact *list)
{
    size_t i;
    const df_fact *f;
    df_fact_foreach(list, i, f)
    {
        if (df_fact_is_string(f) && df_sh_has_flag(v, spec, df_fact_str(f)))
            return true;
    }
    return false;
}

static bool add_install(walk_state *ws, const df_deps_install *in)
{
    df_deps_run *o = ws->out;
    if (o->ninst == ws->cap_inst) {
        size_t nc = ws->cap_inst ? ws->cap_inst * 2 : 4;
        df_deps_install *nv = df_arena_grow(ws->c->doc->arena, o->inst, ws->cap_inst, nc, sizeof *nv);
        if (!nv) {
            ws->oom = true;
            return false;
        }
        o->inst = nv;
        ws->cap_inst = nc;
    }
    o->inst[o->ninst++] = *in;
    return true;
}

static char *label_of(df_arena *a, const cmdref *r, const operands *o, size_t nsub)
{
    df_buf b = DF_BUF_INIT;
    df_buf_add(&b, r->name, r->nlen);
    for (size_t i = 0; i < nsub && i < o->nops; i++) {
        df_buf_addch(&b, ' ');
        df_buf_add(&b, o->ops[i]->value, o->ops[i]->value_len);
    }
    char *s = b.data ? df_arena_strndup(a, b.data, b.len) : NULL;
    if (b.failed)
        df_arena_note_failure(a); /* the driver says out of memory */
    df_buf_release(&b);
    return s;
}

/* The values of the file options (pip -r x) of the call; false when one
 * is not a plain word. */
static bool file_values(df_arena *a, const df_sh_view *v, const df_sh_flagspec *spec, const df_fact *fopts,
                        df_deps_install *in)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg arg;
    size_t cap = 0;
    while (df_sh_arg_next(v, spec, &it, &arg)) {
        if (arg.kind != DF_SH_ARG_FLAG || !arg.value)
            continue;
        /* the option's name: up to '=' */
        const char *w = arg.word->value;
        size_t wl = arg.word->value_len;
        const char *eq = memchr(w, '=', wl);
        size_t nl = eq ? (size_t)(eq - w) : wl;
        bool hit = df_fact_has(fopts, w, nl);
        if (!hit && wl >= 2 && w[0] == '-' && w[1] != '-') {
            /* -rfile: a short option with its value attached */
            char o2[3] = {'-', w[1], 0};
            hit = df_fact_has(fopts, o2, 2);
        }
        if (!hit)
            continue;
        const df_sh_word *vw = arg.value_word ? arg.value_word : arg.word;
        if (vw->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB))
            return false;
        if (in->nfiles == cap) {
            size_t nc = cap ? cap * 2 : 4;
            const char **nv = df_arena_grow(a, (void *)in->files, cap, nc, sizeof *nv);
            if (!nv)
                return false;
            in->files = nv;
            cap = nc;
        }
        in->files[in->nfiles] = df_arena_strndup(a, arg.value, arg.value_len);
        if (!in->files[in->nfiles])
            return false;
        in->nfiles++;
    }
    return true;
}

/* A dependency install of some ecosystem? 1 yes (added), 0 no, -1 it is
 * one but cannot be judged (counts as another command). */
static int try_install(walk_state *ws, const cmdref *r, size_t start)
{
    df_arena *a = ws->c->doc->arena;
    const char *ename;
    const df_fact *eco;
    /* most commands are no install at all: one lookup instead of a scan of every list */
    if (!df_kb_installs_name(ws->c->kb, r->name, r->nlen, r->module))
        return 0;
    df_fact_object_foreach(df_fact_get(ws->dm, "ecosystems"), ename, eco)
    {
        size_t si;
        const df_fact *spec;
        df_fact_foreach(df_fact_get(eco, "installs"), si, spec)
        {
            if (!cmd_is(spec, r))
                continue;
            df_sh_flagspec *fs = make_spec(a, eco, NULL);
            if (!fs) {
                ws->oom = true;
                return -1;
            }
            operands o;
            get_operands(&r->v, fs, &o);
            if (o.more)
                continue;
            int nsub = 0;
            const df_fact *goals = df_fact_get(spec, "goals");
            if (goals) {
                if (o.nops == 0)
                    continue;
                bool ok = true, need = !df_fact_get(spec, "need_goal");
                for (size_t k = 0; k < o.nops && ok; k++) {
                    ok = !(o.ops[k]->flags & DF_SH_W_EXPANSION) &&
                         df_fact_has(goals, o.ops[k]->value, o.ops[k]->value_len);
                    if (ok && df_fact_has(df_fact_get(spec, "need_goal"), o.ops[k]->value, o.ops[k]->value_len))
                        need = true;
                }
                if (!ok || !need)
                    continue;
                nsub = (int)o.nops;
            } else {
                nsub = match_sub(df_fact_get(spec, "subcommands"), &o);
                if (nsub < 0)
                    continue;
                size_t rest = o.nops - (size_t)nsub;
                bool opm = df_fact_is_true(df_fact_get(spec, "operand_manifest"));
                if (rest > (opm ? 1u : 0u))
                    continue; /* package names: not a project install */
            }
            df_deps_install in;
            memset(&in, 0, sizeof in);
            in.eco_name = ename;
            in.eco = eco;
            in.spec = spec;
            in.cwd = ws->cwd;
            in.script_start = start;
            in.label = label_of(a, r, &o, (size_t)nsub);
            if (!in.label) {
                ws->oom = true;
                return -1;
            }
            if (r->local) {
                const df_sh_word *nw = r->v.name;
                if (nw->flags & DF_SH_W_EXPANSION || nw->value[0] == '/')
                    in.wrapper = NULL;
                else if (!(in.wrapper = df_arena_strndup(a, nw->value, nw->value_len))) {
                    ws->oom = true;
                    return -1;
                }
            }
            if (!file_values(a, &r->v, fs, df_fact_get(eco, "file_options"), &in))
                return -1;
            if (df_fact_is_true(df_fact_get(spec, "operand_manifest")) && o.nops > (size_t)nsub) {
                const df_sh_word *w = o.ops[nsub];
                if (w->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB))
                    return -1;
                const char **nv = df_arena_grow(a, (void *)in.files, in.nfiles, in.nfiles + 1, sizeof *nv);
                if (!nv || !(nv[in.nfiles] = df_arena_strndup(a, w->value, w->value_len))) {
                    ws->oom = true;
                    return -1;
                }
                in.files = nv;
                in.nfiles++;
            }
            if (df_fact_is_true(df_fact_get(spec, "require_file_option")) && in.nfiles == 0)
                continue;
            in.frozen = df_fact_is_true(df_fact_get(spec, "frozen")) ||
                        any_flag(&r->v, fs, df_fact_get(spec, "frozen_flags"));
            in.no_scripts = !df_fact_is_true(df_fact_get(spec, "runs_scripts")) ||
                            any_flag(&r->v, fs, df_fact_get(eco, "no_scripts_flags"));
            const char *flag;
            const df_fact *why;
            df_fact_object_foreach(df_fact_get(eco, "source_flags"), flag, why)
            {
                if (!in.source_why && df_sh_has_flag(&r->v, fs, flag))
                    in.source_why = df_fact_str(why);
            }
            const df_fact *unless = df_fact_get(spec, "source_unless");
            if (!in.source_why && unless) {
                size_t k;
                const df_fact *f;
                df_fact_foreach(unless, k, f)
                {
                    if (!df_sh_has_flag(&r->v, fs, df_fact_str(f)))
                        in.source_why = df_kb_str(spec, "source_reason");
                }
            }
            if (!in.source_why)
                in.source_why = df_kb_str(spec, "source_always");
            in.unsafe_why = df_kb_str(spec, "unsafe_always");
            if (!ws->cwd)
                return -1;
            return add_install(ws, &in) ? 1 : -1;
        }
    }
    return 0;
}

static bool has_sub(const char *s, size_t n, const char *sub)
{
    size_t k = strlen(sub);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, sub, k) == 0)
            return true;
    return false;
}

static bool local_operand(const df_sh_word *w, const df_fact *suffixes)
{
    const char *s = w->value;
    size_t n = w->value_len;
    if (!word_plain(w) || (w->flags & DF_SH_W_GLOB) || (w->flags & DF_SH_W_TILDE))
        return true;
    if (n == 0 || s[0] == '.' || s[0] == '/' || s[0] == '~' || has_sub(s, n, "file:"))
        return true;
    size_t i;
    const df_fact *suf;
    df_fact_foreach(suffixes, i, suf)
    {
        size_t k = df_fact_strlen(suf);
        if (n >= k && memcmp(s + n - k, df_fact_str(suf), k) == 0)
            return true;
    }
    return false;
}

/* apt-get install curl, apk add ..., yum install ...: reads nothing of the
 * build context when every package is a name. */
static bool system_install(walk_state *ws, const cmdref *r)
{
    const df_kb *kb = ws->c->kb;
    const char *mname = NULL;
    if (r->module || r->local || !df_kb_manager_for(kb, r->name, r->nlen, &mname))
        return false;
    const df_fact *cf = df_fact_get(ws->dm, "context_free");
    const df_fact *subs = df_fact_get(df_fact_get(cf, "system_managers"), mname);
    if (!subs)
        return false;
    const df_sh_flagspec *spec = df_kb_flagspec(kb, mname);
    operands o;
    get_operands(&r->v, spec, &o);
    if (o.more || o.nops == 0 || (o.ops[0]->flags & DF_SH_W_EXPANSION) ||
        !df_fact_has(subs, o.ops[0]->value, o.ops[0]->value_len))
        return false;
    const df_fact *suffixes = df_fact_get(cf, "local_package_suffixes");
    for (size_t i = 1; i < o.nops; i++) {
        const df_sh_word *w = o.ops[i];
        if ((w->flags & DF_SH_W_EXPANSION) && word_plain(w) && !(w->flags & DF_SH_W_GLOB))
            continue; /* $PACKAGES from ENV/ARG */
        if (local_operand(w, suffixes) || memchr(w->value, '/', w->value_len))
            return false;
    }
    /* no option may name a file (-c apt.conf, --repositories-file ...) */
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg arg;
    while (df_sh_arg_next(&r->v, spec, &it, &arg))
        if (arg.kind == DF_SH_ARG_FLAG && arg.value && (arg.value[0] == '.' || memchr(arg.value, '/', arg.value_len)))
            return false;
    return true;
}

/* The ecosystem one of whose installs runs r's program, or NULL. */
static const df_fact *eco_of(const df_fact *dm, const cmdref *r)
{
    const char *ename;
    const df_fact *eco;
    df_fact_object_foreach(df_fact_get(dm, "ecosystems"), ename, eco)
    {
        size_t k;
        const df_fact *ins;
        df_fact_foreach(df_fact_get(eco, "installs"), k, ins)
        {
            if (cmd_is(ins, r))
                return eco;
        }
    }
    return NULL;
}

/* pip install --upgrade pip, npm install -g pm2, go install x@v1, ... */
static bool remote_install(walk_state *ws, const cmdref *r)
{
    const df_fact *cf = df_fact_get(ws->dm, "context_free");
    size_t i;
    const df_fact *spec;
    df_fact_foreach(df_fact_get(cf, "remote_installs"), i, spec)
    {
        if (!cmd_is(spec, r))
            continue;
        df_sh_flagspec *fs = make_spec(ws->c->doc->arena, eco_of(ws->dm, r), NULL);
        if (!fs) {
            ws->oom = true;
            return false;
        }
        operands o;
        get_operands(&r->v, fs, &o);
        int nsub = match_sub(df_fact_get(spec, "subcommands"), &o);
        if (o.more || nsub < 0 || (size_t)nsub >= o.nops)
            continue;
        if (any_flag(&r->v, fs, df_fact_get(spec, "forbid_flags")))
            continue;
        const df_fact *req = df_fact_get(spec, "require_flags");
        if (req && !any_flag(&r->v, fs, req))
            continue;
        bool ok = true;
        for (size_t k = (size_t)nsub; k < o.nops && ok; k++) {
            const df_sh_word *w = o.ops[k];
            ok = !local_operand(w, df_fact_get(cf, "local_package_suffixes")) &&
                 !(w->flags & DF_SH_W_EXPANSION);
            if (ok && df_fact_is_true(df_fact_get(spec, "require_version")))
                ok = memchr(w->value, '@', w->value_len) != NULL;
        }
        if (ok)
            return true;
    }
    return false;
}

static bool neutral(walk_state *ws, const cmdref *r)
{
    /* most commands start no neutral sequence: one lookup instead of a walk of the list */
    if (r->local || !df_fact_has(df_facts_root(DF_FACTS_NEUTRAL_NAMES), r->name, r->nlen))
        return false;
    const df_fact *cf = df_fact_get(ws->dm, "context_free");
    size_t i;
    const df_fact *seq;
    df_fact_foreach(df_fact_get(cf, "neutral"), i, seq)
    {
        const char *first = df_fact_str(df_fact_at(seq, 0));
        if (!first || strlen(first) != r->nlen || memcmp(first, r->name, r->nlen) != 0 || r->local)
            continue;
        size_t k = df_fact_size(seq), j = 1, a = 0;
        /* the other words of seq, in order, among the operands */
        for (; j < k && a < r->v.nargs; a++) {
            const df_sh_word *w = &r->v.args[a];
            if (w->value_len && w->value[0] == '-')
                continue;
            if (!df_sh_word_is(w, df_fact_str(df_fact_at(seq, j))))
                break;
            j++;
        }
        if (j < k)
            continue;
        /* `poetry config --local`, `npm config set --location=project` write into the project */
        for (size_t w = 0; w < r->v.nargs; w++) {
            const df_sh_word *wd = &r->v.args[w];
            const char *eq = memchr(wd->value, '=', wd->value_len);
            size_t nl = eq ? (size_t)(eq - wd->value) : wd->value_len;
            if (df_fact_has(df_fact_get(cf, "neutral_never_flags"), wd->value, nl))
                return false;
        }
        return true;
    }
    return false;
}

/* rm -rf /var/lib/apt/lists/\*: absolute paths only; recorded so that the
 * rule can check they are not where the source was copied. */
static bool removal(walk_state *ws, const cmdref *r)
{
    const df_fact *cf = df_fact_get(ws->dm, "context_free");
    if (r->local || !df_fact_has(df_fact_get(cf, "remove_commands"), r->name, r->nlen))
        return false;
    df_arena *a = ws->c->doc->arena;
    size_t nops = 0;
    for (size_t i = 0; i < r->v.nargs; i++) {
        const df_sh_word *w = &r->v.args[i];
        if (!word_plain(w) || (w->flags & DF_SH_W_EXPANSION))
            return false;
        if (w->value_len && w->value[0] == '-' && !(w->flags & DF_SH_W_QUOTED))
            continue;
        if (!w->value_len || w->value[0] != '/')
            return false;
        nops++;
        const char **nv = df_arena_grow(a, (void *)ws->out->removed, ws->out->nremoved, ws->out->nremoved + 1,
                                        sizeof *nv);
        if (!nv) {
            ws->oom = true;
            return false;
        }
        ws->out->removed = nv;
        /* the folder part before any wildcard */
        size_t n = w->value_len;
        for (size_t k = 0; k < w->value_len; k++)
            if (w->value[k] == '*' || w->value[k] == '?' || w->value[k] == '[') {
                n = k;
                break;
            }
        char *p = df_deps_path(a, "/", w->value, n);
        if (!p)
            return false;
        nv[ws->out->nremoved++] = p;
    }
    return nops > 0;
}

static int visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    walk_state *ws = user;
    df_deps_run *o = ws->out;
    df_arena *a = ws->c->doc->arena;
    cmdref r;
    memset(&r, 0, sizeof r);
    if (df_sh_command_view(cmd, &r.v) < 0)
        goto other;
    for (size_t i = 0; i < cmd->simple.nwords; i++)
        if (!word_plain(&cmd->simple.words[i]) && !subst_harmless(ws->dm, &cmd->simple.words[i]))
            goto other;
    for (size_t i = 0; i < cmd->simple.nassigns; i++)
        if (!word_plain(&cmd->simple.assigns[i].value))
            goto other;
    if (!redirs_harmless(cmd))
        goto other;
    if (!r.v.name)
        return 0; /* assignments only */
    if (r.v.name->flags & DF_SH_W_EXPANSION)
        goto other;
    r.name = df_deps_basename(r.v.name->value, r.v.name->value_len, &r.nlen);
    r.local = r.nlen != r.v.name->value_len && r.v.name->value[0] != '/';
    if (!r.local && is_python(r.name, r.nlen) && r.v.nargs >= 2 && df_sh_word_is(&r.v.args[0], "-m")) {
        r.module = true;
        r.name = r.v.args[1].value;
        r.nlen = r.v.args[1].value_len;
        r.v.name = &r.v.args[1];
        r.v.args += 2;
        r.v.nargs -= 2;
    }
    if (r.nlen == 2 && memcmp(r.name, "cd", 2) == 0 && !r.local) {
        /* a top-level cd changes where the next commands run */
        if (ctx->depth != 0 || !ctx->leaks || ctx->conditional || r.v.nargs != 1 || !ws->cwd ||
            (r.v.args[0].flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB | DF_SH_W_TILDE)))
            goto other;
        ws->cwd = df_deps_path(a, ws->cwd, r.v.args[0].value, r.v.args[0].value_len);
        if (!ws->cwd)
            goto other;
        return 0;
    }
    if (neutral(ws, &r) || removal(ws, &r))
        return 0;
    if (ws->oom)
        return 1;
    if (system_install(ws, &r)) {
        o->system = true;
        return 0;
    }
    int inst = try_install(ws, &r, cmd->span.start);
    if (inst > 0)
        return 0;
    if (ws->oom)
        return 1;
    if (inst == 0 && remote_install(ws, &r))
        return 0;
    if (ws->oom)
        return 1;
other:
    o->movable = false;
    if (!o->other) {
        /* name it by the first words of its text, on one line */
        const char *t = ws->text + cmd->span.start;
        size_t len = cmd->span.end - cmd->span.start, k = 0;
        char buf[48];
        bool sp = false;
        for (size_t i = 0; i < len && k + 4 < sizeof buf; i++) {
            char ch = t[i];
            bool blank = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\';
            if (blank) {
                sp = k > 0;
                continue;
            }
            if (sp)
                buf[k++] = ' ';
            sp = false;
            buf[k++] = ch;
        }
        if (k + 4 >= sizeof buf)
            memcpy(buf + k, "...", 3), k += 3;
        o->other = df_arena_strndup(a, buf, k);
    }
    return 0; /* go on: the installs after it still count for the report */
}

int df_deps_classify(df_ctx *c, const df_instr *in, const char *cwd, df_deps_run *out)
{
    memset(out, 0, sizeof *out);
    df_runsh rs;
    if (df_runsh_cached(c->scripts, c->doc->arena, c->doc, in, &rs) < 0)
        return -1;
    if (!rs.script)
        return 0;
    walk_state ws;
    memset(&ws, 0, sizeof ws);
    ws.c = c;
    ws.out = out;
    ws.cwd = cwd;
    ws.dm = df_kb_deps(c->kb);
    ws.text = rs.script->text;
    out->movable = true;
    df_sh_walk(rs.script, visit, &ws);
    if (ws.oom)
        return -1;
    return 0;
}

bool df_deps_has_install(df_ctx *c, const df_instr *in)
{
    /* asked by several rules, several times per RUN: answered once per
     * round (the answer depends on the script and the kb only) */
    df_runsh_cache *sc = c->scripts;
    const df_doc *d = c->doc;
    bool cached = sc && in->index < sc->n && d->instrs[in->index] == in;
    if (cached && !sc->has_install)
        sc->has_install = df_arena_alloc(d->arena, sc->n);
    if (cached && sc->has_install && sc->has_install[in->index])
        return sc->has_install[in->index] == 2;
    df_deps_run r;
    /* the folder does not matter here, only that it is known */
    bool yes = df_deps_classify(c, in, "@", &r) == 0 && r.ninst > 0;
    /* an out-of-memory "no" is not kept: the arena reports it anyway */
    if (cached && sc->has_install && !df_arena_failed(d->arena))
        sc->has_install[in->index] = yes ? 2 : 1;
    return yes;
}

const char *df_deps_family_of_command(const df_kb *kb, const char *s, size_t n)
{
    /* generated: the family of the first ecosystem whose installs list s
     * (a walk of every ecosystem's installs per command was 2% of a run) */
    return df_fact_str(df_fact_getn(df_facts_root(DF_FACTS_CMD_FAMILY), s, n));
}
