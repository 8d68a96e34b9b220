/*
 * devcontainer.c - is a Dockerfile the image of a dev container? (see
 * devcontainer.h)
 */
#include "dfopt/devcontainer.h"

#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "dfopt/buf.h"
#include "dfopt/dircache.h"
#include "dfopt/fsio.h"

/* df_dircache_remember's tag for "what the devcontainer.json files of this
 * real folder say": 'T' (the folder holds .git: the top of a work tree)
 * or 'N', then a line "DOCKERFILE\tJSON" for each Dockerfile (real path)
 * a json names. */
#define DF_TAG_DEVCONTAINER '\x11'

/* The tag for "no devcontainer.json from this real folder up to the top
 * of its work tree names a Dockerfile" (value "" when so; nothing kept
 * otherwise): the files of one folder walk the same folders, and most
 * walks find no json naming one, so the later files of the folder ask one
 * question instead of one per folder above it. */
#define DF_TAG_DEVCHAIN '\x14'

char *df_jsonc_to_json(const char *s, size_t n, size_t *outlen)
{
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '"') {
            o[w++] = s[i++];
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n)
                    o[w++] = s[i++];
                o[w++] = s[i++];
            }
            if (i < n)
                o[w++] = s[i++];
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            i = i + 2 < n ? i + 2 : n;
            o[w++] = ' ';
        } else {
            if (c == '}' || c == ']') { /* a trailing comma before it goes */
                size_t k = w;
                while (k > 0 && (o[k - 1] == ' ' || o[k - 1] == '\t' || o[k - 1] == '\n' || o[k - 1] == '\r'))
                    k--;
                if (k > 0 && o[k - 1] == ',')
                    o[k - 1] = ' ';
            }
            o[w++] = s[i++];
        }
    }
    o[w] = '\0';
    *outlen = w;
    return o;
}

/* Append "DOCKERFILE\tJSON\n" to out when the json at jpath (in folder
 * jdir) names a Dockerfile that exists. -1 when out of memory. */
static int named_by(const char *jdir, const char *jpath, df_buf *out)
{
    df_buf in = DF_BUF_INIT;
    char err[256];
    if (df_read_file(jpath, &in, err, sizeof err) < 0) {
        df_buf_release(&in);
        return strstr(err, "out of memory") ? -1 : 0; /* unreadable: not one */
    }
    size_t jl;
    char *js = df_jsonc_to_json(in.data ? in.data : "", in.len, &jl);
    df_buf_release(&in);
    if (!js)
        return -1;
    json_error_t jerr;
    json_t *root = json_loadb(js, jl, 0, &jerr);
    free(js);
    const char *df = NULL;
    json_t *b = json_object_get(root, "build");
    if (json_is_object(b))
        df = json_string_value(json_object_get(b, "dockerfile"));
    if (!df)
        df = json_string_value(json_object_get(root, "dockerFile"));
    int rc = 0;
    if (df && *df) {
        df_buf p = DF_BUF_INIT;
        if ((df[0] != '/' && (df_buf_addstr(&p, jdir) < 0 || df_buf_addch(&p, '/') < 0)) || df_buf_addstr(&p, df) < 0) {
            rc = -1;
        } else {
            errno = 0;
            char *real = realpath(p.data, NULL);
            if (!real && errno == ENOMEM)
                rc = -1;
            if (real && (df_buf_addstr(out, real) < 0 || df_buf_addch(out, '\t') < 0 || df_buf_addstr(out, jpath) < 0 ||
                         df_buf_addch(out, '\n') < 0))
                rc = -1;
            free(real);
        }
        df_buf_release(&p);
    }
    json_decref(root);
    return rc;
}

/* The kept answer for real folder f (see DF_TAG_DEVCONTAINER), computed
 * on the first question; NULL with *oom when out of memory. */
static const char *folder_answer(df_dircache *dirs, const char *f, bool *oom)
{
    bool found;
    const char *kept = df_dircache_recall(dirs, DF_TAG_DEVCONTAINER, f, &found);
    if (found)
        return kept;
    df_buf ans = DF_BUF_INIT, p = DF_BUF_INIT;
    bool top = df_dircache_has_entry(dirs, f, ".git");
    bool dot = df_dircache_has_entry(dirs, f, ".devcontainer");
    bool plain = df_dircache_has_entry(dirs, f, "devcontainer.json");
    bool hidden = df_dircache_has_entry(dirs, f, ".devcontainer.json");
    int rc = df_buf_addch(&ans, top ? 'T' : 'N');
    const char *sep = strcmp(f, "/") == 0 ? "" : "/";
    if (rc == 0 && plain) {
        df_buf_clear(&p);
        rc = df_buf_printf(&p, "%s%sdevcontainer.json", f, sep) < 0 ? -1 : named_by(f, p.data, &ans);
    }
    if (rc == 0 && hidden) {
        df_buf_clear(&p);
        rc = df_buf_printf(&p, "%s%s.devcontainer.json", f, sep) < 0 ? -1 : named_by(f, p.data, &ans);
    }
    if (rc == 0 && dot) {
        df_buf d = DF_BUF_INIT;
        rc = df_buf_printf(&d, "%s%s.devcontainer", f, sep) < 0 ? -1 : 0;
        const char *const *sub;
        long m = rc == 0 ? df_dircache_list(dirs, d.data, &sub) : -1;
        /* copy the names: a listing is valid only until the next cache call */
        char **subs = m > 0 ? calloc((size_t)m, sizeof *subs) : NULL;
        if (m > 0 && !subs)
            rc = -1;
        for (long i = 0; rc == 0 && i < m; i++)
            if (!(subs[i] = strdup(sub[i])))
                rc = -1;
        for (long i = 0; rc == 0 && i < m; i++) {
            df_buf_clear(&p);
            if (strcmp(subs[i], "devcontainer.json") == 0) {
                rc = df_buf_printf(&p, "%s/devcontainer.json", d.data) < 0 ? -1 : named_by(d.data, p.data, &ans);
                continue;
            }
            if (df_buf_printf(&p, "%s/%s/devcontainer.json", d.data, subs[i]) < 0) {
                rc = -1;
                break;
            }
            if (df_dircache_absent(dirs, p.data))
                continue;
            df_buf jd = DF_BUF_INIT;
            rc = df_buf_printf(&jd, "%s/%s", d.data, subs[i]) < 0 ? -1 : named_by(jd.data, p.data, &ans);
            df_buf_release(&jd);
        }
        for (long i = 0; subs && i < m; i++)
            free(subs[i]);
        free(subs);
        df_buf_release(&d);
    }
    df_buf_release(&p);
    if (rc == 0 && df_dircache_remember(dirs, DF_TAG_DEVCONTAINER, f, ans.data) < 0)
        rc = -1;
    df_buf_release(&ans);
    if (rc < 0) {
        *oom = true;
        return NULL;
    }
    return df_dircache_recall(dirs, DF_TAG_DEVCONTAINER, f, &found);
}

/* Does real lie under a folder named .devcontainer? */
static bool under_dot_folder(const char *real)
{
    /* the first "/.devcontainer/" ends before the file's name, or none does */
    const char *hit = strstr(real, "/.devcontainer/");
    return hit && hit < strrchr(real, '/');
}

static int check(const char *real, df_dircache *dirs, const void *arg, char *out, size_t outlen)
{
    (void)arg;
    if (under_dot_folder(real)) {
        snprintf(out, outlen, ".devcontainer/");
        return 1;
    }
    /* no json of the walk from this folder names a Dockerfile */
    int r = df_dircache_folder_kept(dirs, DF_TAG_DEVCHAIN, real);
    if (r)
        return r < 0 ? -1 : 0;
    size_t rl = strlen(real);
    char *f = strdup(real);
    if (!f)
        return -1;
    char *f0 = NULL; /* the file's folder, once the walk has left it */
    bool refs = false; /* an answer of the walk names a Dockerfile */
    for (;;) {
        char *slash = strrchr(f, '/');
        if (!slash)
            break;
        if (slash == f)
            slash[1] = '\0'; /* the root */
        else
            *slash = '\0';
        if (!f0 && !(f0 = strdup(f))) {
            r = -1;
            break;
        }
        bool oom = false;
        const char *ans = folder_answer(dirs, f, &oom);
        if (oom) {
            r = -1;
            break;
        }
        refs = refs || (ans && ans[0] && ans[1]);
        /* lines "DOCKERFILE\tJSON\n" after the 'T'/'N' */
        for (const char *l = ans ? ans + 1 : NULL; l && *l;) {
            const char *tab = strchr(l, '\t'), *nl = strchr(l, '\n');
            if (!tab || !nl)
                break;
            if ((size_t)(tab - l) == rl && memcmp(l, real, rl) == 0) {
                snprintf(out, outlen, "%.*s", (int)(nl - tab - 1), tab + 1);
                r = 1;
                break;
            }
            l = nl + 1;
        }
        if (r || (ans && ans[0] == 'T') || strcmp(f, "/") == 0)
            break;
    }
    if (r == 0 && !refs && f0 && df_dircache_remember(dirs, DF_TAG_DEVCHAIN, f0, "") < 0)
        r = -1;
    free(f0);
    free(f);
    return r;
}

int df_devcontainer_of(const char *path, df_dircache *dirs, int is_link, char *out, size_t outlen)
{
    return df_on_real_path(path, dirs, is_link, check, NULL, out, outlen);
}
