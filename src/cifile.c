/*
 * cifile.c - is a Dockerfile the image a CI job builds and runs in? (see
 * cifile.h)
 */
#include "dfopt/cifile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dfopt/buf.h"
#include "dfopt/dircache.h"
#include "dfopt/fsio.h"

/* df_dircache_remember's tag for "what the Jenkinsfile of this real
 * folder says": 'T' (the folder holds .git: the top of a work tree) or
 * 'N', then df_jenkinsfile_refs' lines. */
#define DF_TAG_CIFILE '\x12'

/* The tag for "no Jenkinsfile from this real folder up to the top of its
 * work tree names a Dockerfile" (value "" when so; nothing kept
 * otherwise): the files of one folder walk the same folders, and most
 * walks find no reference at all, so the later files of the folder ask
 * one question instead of one per folder above it. */
#define DF_TAG_CICHAIN '\x13'

/* A Jenkinsfile larger than this is not read. */
#define CI_MAX_BYTES (512u * 1024u)

/* ---- Groovy, tokenised ------------------------------------------------ */

typedef enum { TK_ID, TK_STR, TK_PUNCT } tk_kind;

typedef struct {
    tk_kind kind;
    const char *p; /* ID, STR: the text (a string without its quotes) */
    size_t n;
    char c;        /* PUNCT: the character */
} tok;

static bool id_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool id_char(char c)
{
    return id_start(c) || (c >= '0' && c <= '9');
}

/* The tokens of s[0..n): identifiers, strings ('', "", ''' ''', """ """:
 * their text between the quotes, escapes kept), and every other non-blank
 * character alone; comments dropped. NULL when out of memory. */
static tok *tokenise(const char *s, size_t n, size_t *count)
{
    size_t cap = 64, k = 0;
    tok *v = malloc(cap * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            i++;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                i++;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            i = i + 2 < n ? i + 2 : n;
            continue;
        }
        if (k == cap) {
            cap *= 2;
            tok *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(v);
                return NULL;
            }
            v = nv;
        }
        tok *t = &v[k++];
        if (c == '\'' || c == '"') {
            bool triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
            size_t q = triple ? 3 : 1, a = i + q, e = a;
            while (e < n) {
                if (s[e] == '\\' && e + 1 < n) {
                    e += 2;
                    continue;
                }
                if (s[e] == c && (!triple || (e + 2 < n && s[e + 1] == c && s[e + 2] == c)))
                    break;
                if (!triple && s[e] == '\n')
                    break; /* an unclosed one-line string ends with its line */
                e++;
            }
            t->kind = TK_STR;
            t->p = s + a;
            t->n = (e < n ? e : n) - a;
            i = e < n ? e + (s[e] == c ? q : 0) : n;
            continue;
        }
        if (id_start(c)) {
            size_t e = i;
            while (e < n && id_char(s[e]))
                e++;
            t->kind = TK_ID;
            t->p = s + i;
            t->n = e - i;
            i = e;
            continue;
        }
        t->kind = TK_PUNCT;
        t->p = s + i;
        t->n = 1;
        t->c = c;
        i++;
    }
    *count = k;
    return v;
}

static bool is_id(const tok *v, size_t n, size_t i, const char *w)
{
    return i < n && v[i].kind == TK_ID && v[i].n == strlen(w) && memcmp(v[i].p, w, v[i].n) == 0;
}

static bool is_punct(const tok *v, size_t n, size_t i, char c)
{
    return i < n && v[i].kind == TK_PUNCT && v[i].c == c;
}

static bool same_text(const tok *a, const tok *b)
{
    return a->kind == b->kind && a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* Does s[0..n) hold a '$' (a variable: the path is not known)? */
static bool has_var(const char *s, size_t n)
{
    return memchr(s, '$', n) != NULL;
}

/* The Dockerfile a docker.build ARGS string names (relative to the
 * pipeline's folder) into out; false when it cannot be told: a variable
 * in the path or the context, stdin (-f -), a context that is not the
 * last word. Words are split at blanks; quotes are not interpreted (a
 * quoted word names no file here). */
static bool build_args_file(const char *s, size_t n, df_buf *out, bool *oom)
{
    const char *file = NULL, *ctx = NULL;
    size_t fl = 0, cl = 0;
    bool take_file = false;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
            i++;
        if (i == n)
            break;
        size_t a = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            i++;
        const char *w = s + a;
        size_t wl = i - a;
        ctx = w, cl = wl; /* the last word, when nothing else takes it */
        if (take_file) {
            file = w, fl = wl;
            take_file = false;
            ctx = NULL;
        } else if ((wl == 2 && memcmp(w, "-f", 2) == 0) || (wl == 6 && memcmp(w, "--file", 6) == 0)) {
            take_file = true;
            ctx = NULL;
        } else if (wl > 7 && memcmp(w, "--file=", 7) == 0) {
            file = w + 7, fl = wl - 7;
            ctx = NULL;
        } else if (wl > 2 && memcmp(w, "-f", 2) == 0 && w[2] != '-') {
            file = w + 2, fl = wl - 2; /* -fci/Dockerfile */
            ctx = NULL;
        } else if (w[0] == '-') {
            ctx = NULL;
        }
    }
    if (take_file || (file && (has_var(file, fl) || (fl == 1 && file[0] == '-'))) || memchr(s, '"', n) ||
        memchr(s, '\'', n))
        return false;
    int rc;
    if (file) {
        rc = df_buf_add(out, file, fl);
    } else {
        if (!ctx || has_var(ctx, cl) || (cl == 1 && ctx[0] == '-'))
            return false;
        rc = df_buf_add(out, ctx, cl);
        if (rc == 0)
            rc = df_buf_addstr(out, "/Dockerfile");
    }
    if (rc < 0)
        *oom = true;
    return rc == 0;
}

/* Is variable v (an ID token) used as `v.inside` anywhere? */
static bool var_inside(const tok *t, size_t n, const tok *v)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (same_text(&t[i], v) && (i == 0 || !is_punct(t, n, i - 1, '.')) && is_punct(t, n, i + 1, '.') &&
            is_id(t, n, i + 2, "inside"))
            return true;
    return false;
}

/* Is `docker.image(TAG).inside` written with tag's text? */
static bool tag_inside(const tok *t, size_t n, const tok *tag)
{
    for (size_t i = 0; i + 6 < n; i++)
        if (is_id(t, n, i, "docker") && is_punct(t, n, i + 1, '.') && is_id(t, n, i + 2, "image") &&
            is_punct(t, n, i + 3, '(') && same_text(&t[i + 4], tag) && is_punct(t, n, i + 5, ')') &&
            is_punct(t, n, i + 6, '.') && is_id(t, n, i + 7, "inside"))
            return true;
    return false;
}

/* An agent { dockerfile ... } at t[i] (the `dockerfile` word): its path
 * into out. false when it names none that can be told. */
static bool agent_file(const tok *t, size_t n, size_t i, df_buf *out, bool *oom)
{
    int rc = 0;
    if (is_id(t, n, i + 1, "true")) {
        rc = df_buf_addstr(out, "./Dockerfile");
    } else if (is_punct(t, n, i + 1, '{')) {
        const tok *file = NULL, *dir = NULL;
        size_t depth = 1, k;
        for (k = i + 2; k < n && depth; k++) {
            if (is_punct(t, n, k, '{'))
                depth++;
            else if (is_punct(t, n, k, '}'))
                depth--;
            else if (depth == 1 && is_id(t, n, k, "filename") && k + 1 < n && t[k + 1].kind == TK_STR)
                file = &t[k + 1];
            else if (depth == 1 && is_id(t, n, k, "dir") && k + 1 < n && t[k + 1].kind == TK_STR)
                dir = &t[k + 1];
        }
        if (depth || (file && has_var(file->p, file->n)) || (dir && has_var(dir->p, dir->n)))
            return false;
        rc = dir ? df_buf_add(out, dir->p, dir->n) : df_buf_addch(out, '.');
        if (rc == 0)
            rc = df_buf_addch(out, '/');
        if (rc == 0)
            rc = file ? df_buf_add(out, file->p, file->n) : df_buf_addstr(out, "Dockerfile");
    } else {
        return false;
    }
    if (rc < 0)
        *oom = true;
    return rc == 0;
}

int df_jenkinsfile_refs(const char *text, size_t len, df_buf *out)
{
    size_t n = 0;
    tok *t = tokenise(text, len, &n);
    if (!t)
        return -1;
    bool oom = false;
    df_buf path = DF_BUF_INIT;
    for (size_t i = 0; i < n && !oom; i++) {
        df_buf_clear(&path);
        /* agent { dockerfile ... } */
        if (is_id(t, n, i, "dockerfile") && i >= 2 && is_punct(t, n, i - 1, '{') && is_id(t, n, i - 2, "agent")) {
            if (agent_file(t, n, i, &path, &oom) &&
                (df_buf_addstr(out, "a ") < 0 || df_buf_add(out, path.data, path.len) < 0 || df_buf_addch(out, '\n') < 0))
                oom = true;
            continue;
        }
        /* docker.build(TAG[, ARGS]) */
        if (!(is_id(t, n, i, "docker") && (i == 0 || !is_punct(t, n, i - 1, '.')) && is_punct(t, n, i + 1, '.') &&
              is_id(t, n, i + 2, "build") && is_punct(t, n, i + 3, '(') && i + 4 < n && t[i + 4].kind == TK_STR))
            continue;
        const tok *tag = &t[i + 4];
        size_t close;
        bool known;
        if (is_punct(t, n, i + 5, ')')) {
            close = i + 5;
            known = df_buf_addstr(&path, "./Dockerfile") == 0 || (oom = true, false);
        } else if (is_punct(t, n, i + 5, ',') && i + 6 < n && t[i + 6].kind == TK_STR && is_punct(t, n, i + 7, ')')) {
            close = i + 7;
            known = build_args_file(t[i + 6].p, t[i + 6].n, &path, &oom);
        } else {
            continue; /* an argument that is not a string: not known */
        }
        if (!known)
            continue;
        bool inside = is_punct(t, n, close + 1, '.') && is_id(t, n, close + 2, "inside");
        /* VAR = docker.build(...) or def VAR = ... */
        if (!inside && i >= 2 && is_punct(t, n, i - 1, '=') && t[i - 2].kind == TK_ID)
            inside = var_inside(t, n, &t[i - 2]);
        if (!inside)
            inside = tag_inside(t, n, tag);
        if (inside &&
            (df_buf_addstr(out, "b ") < 0 || df_buf_add(out, path.data, path.len) < 0 || df_buf_addch(out, '\n') < 0))
            oom = true;
    }
    df_buf_release(&path);
    free(t);
    return oom ? -1 : 0;
}

/* ---- the folders of a Dockerfile ------------------------------------- */

/* The kept answer for real folder f (see DF_TAG_CIFILE), computed on the
 * first question; NULL with *oom when out of memory. */
static const char *folder_answer(df_dircache *dirs, const char *f, bool *oom)
{
    bool found;
    const char *kept = df_dircache_recall(dirs, DF_TAG_CIFILE, f, &found);
    if (found)
        return kept;
    bool top = df_dircache_has_entry(dirs, f, ".git");
    bool jf = df_dircache_has_entry(dirs, f, "Jenkinsfile");
    df_buf ans = DF_BUF_INIT, p = DF_BUF_INIT, in = DF_BUF_INIT;
    int rc = df_buf_addch(&ans, top ? 'T' : 'N');
    struct stat st;
    if (rc == 0 && jf && df_buf_printf(&p, "%s%sJenkinsfile", f, strcmp(f, "/") == 0 ? "" : "/") < 0)
        rc = -1;
    /* a regular file of a reasonable size; anything else is skipped */
    if (rc == 0 && jf && stat(p.data, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (off_t)CI_MAX_BYTES) {
        char err[256];
        if (df_read_file(p.data, &in, err, sizeof err) < 0)
            rc = strstr(err, "out of memory") ? -1 : 0; /* unreadable: says nothing */
        else
            rc = df_jenkinsfile_refs(in.data ? in.data : "", in.len, &ans);
    }
    df_buf_release(&in);
    df_buf_release(&p);
    if (rc == 0 && df_dircache_remember(dirs, DF_TAG_CIFILE, f, ans.data) < 0)
        rc = -1;
    df_buf_release(&ans);
    if (rc < 0) {
        *oom = true;
        return NULL;
    }
    return df_dircache_recall(dirs, DF_TAG_CIFILE, f, &found);
}

/* Does folder base + "/" + rel[0..rl) resolve to real? -1 when out of
 * memory. */
static int names_file(const char *base, const char *rel, size_t rl, const char *real)
{
    df_buf p = DF_BUF_INIT;
    int rc = 0;
    if ((rl == 0 || rel[0] != '/') && (df_buf_addstr(&p, base) < 0 || df_buf_addch(&p, '/') < 0))
        rc = -1;
    if (rc == 0 && df_buf_add(&p, rel, rl) < 0)
        rc = -1;
    if (rc == 0) {
        errno = 0;
        char *r = realpath(p.data, NULL);
        if (!r && errno == ENOMEM)
            rc = -1;
        else if (r && strcmp(r, real) == 0)
            rc = 1;
        free(r);
    }
    df_buf_release(&p);
    return rc;
}

#define CI_MAX_DEPTH 64

static int check(const char *real, df_dircache *dirs, const void *arg, char *out, size_t outlen)
{
    (void)arg;
    /* the folders from the file's up to the top of the work tree */
    char *folders[CI_MAX_DEPTH];
    const char *answers[CI_MAX_DEPTH];
    size_t nf = 0;
    /* no Jenkinsfile of the walk from this folder names a Dockerfile */
    int r = df_dircache_folder_kept(dirs, DF_TAG_CICHAIN, real);
    if (r)
        return r < 0 ? -1 : 0;
    char *f = strdup(real);
    if (!f)
        return -1;
    bool refs = false; /* an answer of the walk names a Dockerfile */
    for (;;) {
        char *slash = strrchr(f, '/');
        if (!slash || nf == CI_MAX_DEPTH)
            break;
        if (slash == f)
            slash[1] = '\0';
        else
            *slash = '\0';
        bool oom = false;
        const char *ans = folder_answer(dirs, f, &oom);
        if (oom || !(folders[nf] = strdup(f))) {
            r = -1;
            break;
        }
        /* answers are valid only until the next cache call: keep copies */
        answers[nf] = ans ? strdup(ans) : NULL;
        if (ans && !answers[nf]) {
            free(folders[nf]);
            r = -1;
            break;
        }
        nf++;
        refs = refs || (ans && ans[0] && ans[1]);
        if ((ans && ans[0] == 'T') || strcmp(f, "/") == 0)
            break;
    }
    if (r == 0 && !refs && nf && nf < CI_MAX_DEPTH && df_dircache_remember(dirs, DF_TAG_CICHAIN, folders[0], "") < 0)
        r = -1;
    free(f);
    const char *top = nf && answers[nf - 1] && answers[nf - 1][0] == 'T' ? folders[nf - 1] : NULL;
    for (size_t k = 0; r == 0 && k < nf; k++) {
        for (const char *l = answers[k] ? answers[k] + 1 : NULL; r == 0 && l && *l;) {
            const char *nl = strchr(l, '\n');
            if (!nl || nl - l < 2)
                break;
            const char *rel = l + 2;
            size_t rl = (size_t)(nl - rel);
            r = names_file(folders[k], rel, rl, real);
            if (r == 0 && top && top != folders[k])
                r = names_file(top, rel, rl, real);
            if (r == 1) {
                char up[3 * 16 + 1] = "";
                for (size_t d = 0; d < k && d < 16; d++)
                    strcat(up, "../");
                snprintf(out, outlen, "%sJenkinsfile: %s", up,
                         l[0] == 'a' ? "agent { dockerfile }" : "docker.build(...), steps .inside it");
            }
            l = nl + 1;
        }
    }
    for (size_t k = 0; k < nf; k++) {
        free(folders[k]);
        free((char *)answers[k]);
    }
    return r;
}

int df_ci_image_of(const char *path, df_dircache *dirs, int is_link, char *out, size_t outlen)
{
    return df_on_real_path(path, dirs, is_link, check, NULL, out, outlen);
}
