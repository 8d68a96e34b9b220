/*
 * dircache.c - folder listings kept for the run (see dircache.h).
 */
#include "dfopt/dircache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dfopt/arena.h"

typedef struct {
    const char *path; /* NULL: empty slot */
    uint64_t hash;
    const char **names;
    long n;           /* -1: unreadable */
    int err;          /* n == -1: errno of opendir (ENOMEM: out of memory) */
    const char *value; /* a recalled slot's value (NULL: none) */
} slot;

struct df_dircache {
    df_arena *a;
    slot *v;
    size_t cap, used;
    size_t reads;
    size_t resolves;
    bool probe_listing; /* df_dircache_absent may read a folder not listed yet */
};

/* The key's hash: eight bytes a turn (FNV-1a's loop over each byte of
 * paths 60 bytes long was most of a lookup), each word mixed in by a
 * multiplication, the tail zero-padded, the length in the seed, the high
 * bits folded into the low ones the table index takes. Only the table's
 * slots depend on it, never an answer or an order. */
static uint64_t hash_str(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 29);
}

static int reset(df_dircache *c)
{
    df_arena_free(c->a);
    free(c->v);
    c->a = df_arena_new();
    c->cap = 64;
    c->used = 0;
    c->v = calloc(c->cap, sizeof *c->v);
    return c->a && c->v ? 0 : -1;
}

df_dircache *df_dircache_new(void)
{
    df_dircache *c = calloc(1, sizeof *c);
    if (c && reset(c) < 0) {
        df_dircache_free(c);
        return NULL;
    }
    if (c)
        c->probe_listing = true;
    return c;
}

bool df_dircache_probes_list(const df_dircache *c)
{
    return c->probe_listing;
}

void df_dircache_probe_listing(df_dircache *c, bool on)
{
    c->probe_listing = on;
}

void df_dircache_free(df_dircache *c)
{
    if (!c)
        return;
    df_arena_free(c->a);
    free(c->v);
    free(c);
}

size_t df_dircache_reads(const df_dircache *c)
{
    return c->reads;
}

size_t df_dircache_resolves(const df_dircache *c)
{
    return c->resolves;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static long read_dir(df_arena *a, const char *path, const char ***out)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    const char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            const char **nv = df_arena_grow(a, (void *)v, cap, nc, sizeof *nv);
            if (!nv) {
                closedir(d);
                errno = ENOMEM;
                return -1;
            }
            v = nv;
            cap = nc;
        }
        v[n] = df_arena_strndup(a, e->d_name, strlen(e->d_name));
        if (!v[n]) {
            closedir(d);
            errno = ENOMEM;
            return -1;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort((void *)v, n, sizeof *v, cmp_str);
    *out = v;
    return (long)n;
}

static slot *find(df_dircache *c, const char *path, uint64_t h)
{
    size_t i = (size_t)h & (c->cap - 1);
    while (c->v[i].path && (c->v[i].hash != h || strcmp(c->v[i].path, path) != 0))
        i = (i + 1) & (c->cap - 1);
    return &c->v[i];
}

static int grow(df_dircache *c)
{
    slot *old = c->v;
    size_t ocap = c->cap;
    c->v = calloc(ocap * 2, sizeof *c->v);
    if (!c->v) {
        c->v = old;
        return -1;
    }
    c->cap = ocap * 2;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].path)
            *find(c, old[i].path, old[i].hash) = old[i];
    free(old);
    return 0;
}

/* key: path, or path \x01 pattern for a match */
static long lookup(df_dircache *c, const char *key, const char *path, const char *pat,
                   bool (*match)(const char *, const char *), const char *const **names);

long df_dircache_list(df_dircache *c, const char *path, const char *const **names)
{
    return lookup(c, path, path, NULL, NULL, names);
}

long df_dircache_match(df_dircache *c, const char *path, const char *pat,
                       bool (*match)(const char *pat, const char *name), const char *const **names)
{
    size_t lp = strlen(path), lq = strlen(pat);
    char stack[1024];
    char *key = lp + lq + 2 <= sizeof stack ? stack : malloc(lp + lq + 2);
    if (!key)
        return -1;
    memcpy(key, path, lp);
    key[lp] = '\x01';
    memcpy(key + lp + 1, pat, lq + 1);
    long r = lookup(c, key, path, pat, match, names);
    if (key != stack)
        free(key);
    return r;
}

static long lookup(df_dircache *c, const char *key, const char *path, const char *pat,
                   bool (*match)(const char *, const char *), const char *const **names)
{
    uint64_t h = hash_str(key);
    slot *s = find(c, key, h);
    if (!s->path) {
        if (df_arena_used(c->a) > DF_DIRCACHE_MAX || (c->used + 2) * 2 > c->cap) {
            if (df_arena_used(c->a) > DF_DIRCACHE_MAX ? reset(c) < 0 : grow(c) < 0)
                return -1;
            s = find(c, key, h);
        }
        const char **v = NULL;
        long n;
        int err = 0;
        if (!pat) {
            errno = 0;
            n = read_dir(c->a, path, &v);
            err = n < 0 ? errno : 0;
            c->reads++;
        } else {
            const char *const *all;
            n = lookup(c, path, path, NULL, NULL, &all);
            err = n < 0 ? errno : 0;
            s = find(c, key, h); /* the listing may have moved the slots */
            if (n > 0 && !match) {
                /* the name itself (df_dircache_lists): a binary search */
                long lo = 0, hi = n;
                while (lo < hi) {
                    long mid = lo + (hi - lo) / 2;
                    int r = strcmp(all[mid], pat);
                    if (r < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                bool hit = lo < n && strcmp(all[lo], pat) == 0;
                v = hit ? df_arena_alloc(c->a, sizeof *v) : NULL;
                if (hit && !v)
                    return -1;
                if (hit)
                    v[0] = all[lo];
                n = hit;
            } else if (n > 0) {
                v = df_arena_alloc(c->a, (size_t)n * sizeof *v);
                if (!v)
                    return -1;
                long k = 0;
                for (long i = 0; i < n; i++)
                    if (match(pat, all[i]))
                        v[k++] = all[i];
                n = k;
            }
        }
        const char *p = df_arena_strndup(c->a, key, strlen(key));
        if (!p)
            return -1;
        s->path = p;
        s->hash = h;
        s->names = v;
        s->n = n;
        s->err = err;
        c->used++;
    }
    *names = s->names;
    errno = s->n < 0 ? s->err : errno;
    return s->n;
}

/* The slot of key, made when missing (*made set); NULL when out of memory. */
static slot *slot_for(df_dircache *c, const char *key, bool *made)
{
    uint64_t h = hash_str(key);
    slot *s = find(c, key, h);
    *made = false;
    if (s->path)
        return s;
    if (df_arena_used(c->a) > DF_DIRCACHE_MAX || (c->used + 2) * 2 > c->cap) {
        if (df_arena_used(c->a) > DF_DIRCACHE_MAX ? reset(c) < 0 : grow(c) < 0)
            return NULL;
        s = find(c, key, h);
    }
    const char *p = df_arena_strndup(c->a, key, strlen(key));
    if (!p)
        return NULL;
    s->path = p;
    s->hash = h;
    s->n = 0;
    c->used++;
    *made = true;
    return s;
}

/* tag, then key: recalled values have keys of their own (a listing's key
 * is its path, a match's path \x01 pattern; tags are control bytes from
 * \x02, which no path of a real folder starts with) */
static char *tagged(char tag, const char *key, char *stack, size_t cap)
{
    size_t n = strlen(key);
    char *k = n + 2 <= cap ? stack : malloc(n + 2);
    if (!k)
        return NULL;
    k[0] = tag;
    memcpy(k + 1, key, n + 1);
    return k;
}

const char *df_dircache_recall(df_dircache *c, char tag, const char *key, bool *found)
{
    char stack[1024];
    char *k = tagged(tag, key, stack, sizeof stack);
    *found = false;
    if (!k)
        return NULL;
    slot *s = find(c, k, hash_str(k));
    if (k != stack)
        free(k);
    if (!s->path)
        return NULL;
    *found = true;
    return s->value;
}

int df_dircache_folder_kept(df_dircache *c, char tag, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    char *folder = strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (!folder)
        return -1;
    bool found = false;
    df_dircache_recall(c, tag, folder, &found);
    free(folder);
    return found;
}

int df_dircache_remember(df_dircache *c, char tag, const char *key, const char *value)
{
    char stack[1024];
    char *k = tagged(tag, key, stack, sizeof stack);
    if (!k)
        return -1;
    bool made;
    slot *s = slot_for(c, k, &made);
    if (k != stack)
        free(k);
    if (!s)
        return -1;
    s->value = value ? df_arena_strndup(c->a, value, strlen(value)) : NULL;
    return value && !s->value ? -1 : 0;
}

const char *df_dircache_realpath(df_dircache *c, const char *dir)
{
    bool found;
    const char *v = df_dircache_recall(c, '\x02', dir, &found);
    if (found) {
        errno = v ? errno : EINVAL; /* unresolvable, and not for lack of memory */
        return v;
    }
    char real[PATH_MAX];
    errno = 0;
    bool ok = realpath(dir, real) != NULL;
    c->resolves++;
    if (!ok && errno == ENOMEM)
        return NULL; /* not remembered: a later call may succeed */
    if (df_dircache_remember(c, '\x02', dir, ok ? real : NULL) < 0) {
        errno = ENOMEM;
        return NULL;
    }
    if (!ok) {
        errno = EINVAL;
        return NULL;
    }
    return df_dircache_recall(c, '\x02', dir, &found);
}

/* Is name one of the sorted names v[0..n)? */
static bool listed(const char *const *v, long n, const char *name)
{
    long lo = 0, hi = n;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        int r = strcmp(v[mid], name);
        if (r == 0)
            return true;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* The slot kept for key, or NULL: no reading. */
static const slot *peek(df_dircache *c, const char *key)
{
    const slot *s = find(c, key, hash_str(key));
    return s->path ? s : NULL;
}

bool df_dircache_listed(df_dircache *c, const char *path)
{
    const slot *s = peek(c, path);
    return s && s->n >= 0;
}

/* Do the listings already kept show that folder dir does not exist (a
 * folder above it lacks the next name, or could not be opened for want of
 * it)? No reading: a folder not listed yet is not read for this. */
static bool known_absent(df_dircache *c, const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, dir, n + 1);
    while (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        const char *name = slash ? slash + 1 : buf;
        if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
            return false;
        const char *parent = !slash ? "." : slash == buf ? "/" : buf;
        if (slash && slash != buf)
            *slash = '\0'; /* buf is now the parent; name follows it */
        const slot *s = peek(c, parent);
        if (s && s->n >= 0)
            return !listed(s->names, s->n, name);
        if (s)
            return s->err == ENOENT || s->err == ENOTDIR;
        if (!slash || slash == buf)
            return false;
        n = (size_t)(slash - buf);
    }
    return false;
}

void df_path_folder(const char *path, const char *slash, char *out)
{
    size_t dl = slash ? (size_t)(slash - path) : 0;
    if (!slash)
        memcpy(out, ".", 2);
    else if (dl == 0)
        memcpy(out, "/", 2);
    else {
        memcpy(out, path, dl);
        out[dl] = '\0';
    }
}

bool df_dircache_absent(df_dircache *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return false;
    char stack[1024];
    size_t dl = slash ? (size_t)(slash - path) : 0;
    char *dir = dl + 2 <= sizeof stack ? stack : malloc(dl + 2);
    if (!dir)
        return false;
    df_path_folder(path, slash, dir);
    /* the folder's listing kept: answered from it, the folder's key hashed
     * once (most questions of a run, asked of a context already listed) */
    const slot *s = peek(c, dir);
    const char *const *v = s ? s->names : NULL;
    long n = s ? s->n : -1;
    int e = s ? s->err : ENOENT;
    if (!s && !known_absent(c, dir)) {
        if (!c->probe_listing) {
            if (dir != stack)
                free(dir);
            return false; /* maybe: the caller's probe costs less than reading the folder */
        }
        errno = 0;
        n = df_dircache_list(c, dir, &v);
        e = errno;
    }
    if (dir != stack)
        free(dir);
    if (n < 0)
        return e == ENOENT || e == ENOTDIR; /* no such folder: nothing in it */
    return !listed(v, n, name);
}

bool df_dircache_has_entry(df_dircache *c, const char *f, const char *name)
{
    if (df_dircache_listed(c, f) || df_dircache_probes_list(c)) {
        const char *const *names;
        long n = df_dircache_list(c, f, &names);
        return n > 0 && listed(names, n, name);
    }
    /* f "/" name, without printf (asked for each folder up to the work
     * tree's top by each probe of a run of one file) */
    char path[4096];
    size_t fl = strlen(f), nl = strlen(name), sl = strcmp(f, "/") != 0;
    if (fl + sl + nl >= sizeof path)
        return false;
    memcpy(path, f, fl);
    path[fl] = '/';
    memcpy(path + fl + sl, name, nl + 1);
    struct stat st;
    return lstat(path, &st) == 0;
}

/* df_dircache_remember's tag for "folder path opens as a folder" (value
 * ""): df_dircache_lists asks it once per folder. */
#define DF_TAG_OPENS '\x15'

int df_dircache_lists(df_dircache *c, const char *path, const char *name)
{
    const char *const *v;
    long n;
    if (!c->probe_listing && !peek(c, path) && *name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
        !strchr(name, '/')) {
        /* a run of one file: an lstat of the name, once an open of the
         * folder (kept) has shown that a listing would be read; a failure
         * other than ENOENT reads the folder */
        bool opens;
        df_dircache_recall(c, DF_TAG_OPENS, path, &opens);
        if (!opens) {
            int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) {
                close(fd);
                opens = true;
                if (df_dircache_remember(c, DF_TAG_OPENS, path, "") < 0) {
                    errno = ENOMEM;
                    return -1;
                }
            }
        }
        size_t pl = strlen(path), nl = strlen(name);
        char buf[4096];
        if (opens && pl + nl + 2 <= sizeof buf) {
            memcpy(buf, path, pl);
            buf[pl] = '/';
            memcpy(buf + pl + 1, name, nl + 1);
            struct stat st;
            if (lstat(buf, &st) == 0)
                return 1;
            if (errno == ENOENT)
                return 0;
        }
    }
    /* from the listing, kept per (path, name) like a match whose pattern
     * is the name (a glob of df_dircache_match agrees on a plain name):
     * the files of a folder ask the same names */
    n = df_dircache_match(c, path, name, NULL, &v);
    return n < 0 ? -1 : n > 0;
}
