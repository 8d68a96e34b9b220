/*
 * pathlabel.c - diff labels git apply can use (see pathlabel.h).
 */
#include "dfopt/pathlabel.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dfopt/dircache.h"

/* df_dircache_remember's tag for "the top of the work tree holding this
 * real folder" */
#define DF_TAG_WORK_TREE '\x10'

char *df_path_normalise(const char *path)
{
    size_t n = strlen(path);
    size_t maxparts = n / 2 + 2;
    char *out = malloc(n + 2);
    size_t *starts = malloc(maxparts * sizeof *starts); /* where each kept part begins in out */
    bool *up = malloc(maxparts * sizeof *up);           /* is that part ".."? */
    if (!out || !starts || !up) {
        free(out);
        free(starts);
        free(up);
        return NULL;
    }
    bool abs = path[0] == '/';
    size_t o = 0, k = 0;
    if (abs)
        out[o++] = '/';
    for (size_t i = 0; i < n;) {
        while (i < n && path[i] == '/')
            i++;
        size_t st = i;
        while (i < n && path[i] != '/')
            i++;
        size_t len = i - st;
        bool dotdot = len == 2 && path[st] == '.' && path[st + 1] == '.';
        if (len == 0 || (len == 1 && path[st] == '.'))
            continue;
        if (dotdot && k > 0 && !up[k - 1]) {
            o = starts[--k];
            continue;
        }
        if (dotdot && abs)
            continue; /* "/.." is "/" */
        starts[k] = o;
        up[k++] = dotdot;
        if (o > (abs ? 1u : 0u))
            out[o++] = '/';
        memcpy(out + o, path + st, len);
        o += len;
    }
    if (o == 0)
        out[o++] = '.';
    out[o] = '\0';
    free(starts);
    free(up);
    return out;
}

/* dir/name (name alone when dir is empty), malloc'ed. */
static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    if (a)
        memcpy(p, dir, a);
    if (a)
        p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

/* The top of the work tree holding real (an absolute, resolved folder):
 * the length of its path in real, or -1 when there is none. */
static long work_tree_top(const char *real)
{
    char probe[PATH_MAX + 8];
    size_t n = strlen(real);
    for (;;) {
        struct stat st;
        if ((size_t)snprintf(probe, sizeof probe, "%.*s/.git", (int)n, real) < sizeof probe &&
            lstat(probe, &st) == 0)
            return (long)n;
        if (n <= 1)
            return -1;
        while (n > 0 && real[n - 1] != '/')
            n--;
        if (n > 1)
            n--; /* drop the '/' too, but keep "/" itself */
    }
}

/* The work tree top of real (work_tree_top), kept per folder in dirs when
 * there is one: -1 none, -2 out of memory. */
static long kept_work_tree_top(const char *real, df_dircache *dirs)
{
    if (!dirs)
        return work_tree_top(real);
    bool found;
    const char *top = df_dircache_recall(dirs, DF_TAG_WORK_TREE, real, &found);
    if (found)
        return top ? (long)strlen(top) : -1;
    long t = work_tree_top(real);
    char kept[PATH_MAX];
    snprintf(kept, sizeof kept, "%.*s", t >= 0 ? (int)t : 0, real);
    if (df_dircache_remember(dirs, DF_TAG_WORK_TREE, real, t >= 0 ? kept : NULL) < 0)
        return -2;
    return t;
}

char *df_diff_label(const char *path, df_dircache *dirs)
{
    if (strcmp(path, "-") == 0)
        return strdup("Dockerfile");
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? (slash == path ? strdup("/") : strndup(path, (size_t)(slash - path))) : strdup(".");
    if (!dir)
        return NULL;
    char real[PATH_MAX];
    errno = 0;
    const char *kept = dirs ? df_dircache_realpath(dirs, dir) : NULL;
    bool resolved = kept ? (size_t)snprintf(real, sizeof real, "%s", kept) < sizeof real
                         : !dirs && realpath(dir, real) != NULL;
    free(dir);
    if (dirs && !kept && errno == ENOMEM)
        return NULL;
    if (resolved && *base) {
        const char *rel = NULL;
        long top = kept_work_tree_top(real, dirs);
        if (top == -2)
            return NULL;
        char cwd[PATH_MAX];
        if (top >= 0) {
            rel = real + top;
        } else {
            const char *kept_cwd = dirs ? df_dircache_realpath(dirs, ".") : NULL;
            if (dirs && !kept_cwd && errno == ENOMEM)
                return NULL;
            if (kept_cwd ? (size_t)snprintf(cwd, sizeof cwd, "%s", kept_cwd) < sizeof cwd
                         : !dirs && realpath(".", cwd)) {
                size_t c = strlen(cwd);
                if (strcmp(cwd, "/") == 0)
                    rel = real;
                else if (strncmp(real, cwd, c) == 0 && (real[c] == '/' || real[c] == '\0'))
                    rel = real + c;
            }
        }
        if (rel) {
            while (*rel == '/')
                rel++;
            return join(rel, base);
        }
    }
    char *norm = df_path_normalise(path);
    if (!norm || norm[0] != '/')
        return norm;
    char *p = strdup(norm + strspn(norm, "/"));
    free(norm);
    return p;
}
