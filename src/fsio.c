/*
 * fsio.c - input reading, atomic in-place writes, folder search.
 */
#include "dfopt/fsio.h"

#include "dfopt/dircache.h"
#include "dfopt/facts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, const char *what, const char *path)
{
    snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

int df_read_file(const char *path, df_buf *out, char *err, size_t errlen)
{
    return df_read_file_ex(path, out, NULL, err, errlen);
}

int df_read_file_ex(const char *path, df_buf *out, bool *is_link, char *err, size_t errlen)
{
    int fd = 0;
    if (is_link)
        *is_link = false;
    bool is_stdin = strcmp(path, "-") == 0;
    /* a regular file of known size is read in one read() into a buffer of
     * that size plus one byte: a short read of a regular file is its end,
     * so open, fstat, read and close are all it takes; a pipe, a FIFO or
     * a file that grew is read to its end in 64 KiB steps */
    size_t want = 65536;
    bool regular = false;
    if (!is_stdin) {
        /* O_NOFOLLOW fails (ELOOP) when the last part is a symlink: then
         * the file is opened through it, and the caller knows */
        fd = open(path, is_link ? O_RDONLY | O_NOFOLLOW : O_RDONLY);
        if (fd < 0 && is_link && errno == ELOOP) {
            fd = open(path, O_RDONLY);
            *is_link = fd >= 0;
        }
        if (fd < 0)
            return fail(err, errlen, "cannot open", path);
        struct stat st;
        memset(&st, 0, sizeof st);
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            snprintf(err, errlen, "%s is a folder", path);
            return -1;
        }
        if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > DF_MAX_INPUT) {
            close(fd);
            snprintf(err, errlen, "%s is too large (%lld bytes; dfopt reads at most %zu MiB)", path,
                     (long long)st.st_size, DF_MAX_INPUT >> 20);
            return -1;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            regular = true;
            want = (size_t)st.st_size + 1;
        }
    }
    for (;;) {
        if (df_buf_grow(out, want) < 0) {
            if (!is_stdin)
                close(fd);
            snprintf(err, errlen, "out of memory reading %s", path);
            return -1;
        }
        ssize_t r = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            if (!is_stdin)
                close(fd);
            errno = e;
            return fail(err, errlen, "cannot read", is_stdin ? "<stdin>" : path);
        }
        if (r == 0)
            break;
        size_t asked = out->cap - out->len - 1;
        out->len += (size_t)r;
        out->data[out->len] = '\0';
        if (out->len > DF_MAX_INPUT) { /* a stream, or a file that grew */
            if (!is_stdin)
                close(fd);
            snprintf(err, errlen, "%s is too large (more than %zu MiB; dfopt reads at most %zu MiB)",
                     is_stdin ? "<stdin>" : path, DF_MAX_INPUT >> 20, DF_MAX_INPUT >> 20);
            return -1;
        }
        if (regular && (size_t)r < asked)
            break; /* a regular file's short read: its end */
        want = 65536;
    }
    if (!is_stdin)
        close(fd);
    return 0;
}

/* 1: the file holds expect[0..elen); 0: it does not (or cannot be read);
 * -1: out of memory reading it (not a change on disk). */
static int same_content(const char *path, const char *expect, size_t elen)
{
    df_buf now = DF_BUF_INIT;
    char e[256];
    int r = df_read_file(path, &now, e, sizeof e);
    int same = r == 0 && now.len == elen && (elen == 0 || memcmp(now.data, expect, elen) == 0);
    if (r < 0 && now.failed)
        same = -1;
    df_buf_release(&now);
    return same;
}

/* The reason same_content(path) != 1 gives for not writing. */
static void not_same(int same, const char *path, char *err, size_t errlen)
{
    if (same < 0)
        snprintf(err, errlen, "out of memory checking that %s did not change: not rewritten", path);
    else
        snprintf(err, errlen, "%s changed on disk while dfopt ran: not rewritten", path);
}

/* Flush the folder holding path, so that a rename into it survives a
 * crash (the file's own fsync does not cover its directory entry). */
static int sync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

/* Undo a failed write: remove the temporary file, restore the signal mask,
 * and say what failed (errno of the failing call). */
static int abandon(char *err, size_t errlen, const char *what, const char *path, const char *tmp, int fd,
                   const sigset_t *old)
{
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    sigprocmask(SIG_SETMASK, old, NULL);
    snprintf(err, errlen, "%s %s: %s (the file is unchanged)", what, path, strerror(e));
    return -1;
}

int df_write_in_place(const char *path, const char *data, size_t len, const char *expect, size_t elen,
                      char *err, size_t errlen)
{
    char target[PATH_MAX];
    if (!realpath(path, target))
        return fail(err, errlen, "cannot resolve", path);
    struct stat st;
    if (stat(target, &st) < 0)
        return fail(err, errlen, "cannot stat", path);
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s is not a regular file", path);
        return -1;
    }
    if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(target, W_OK) < 0) {
        snprintf(err, errlen, "%s is read-only: not rewritten", path);
        return -1;
    }
    int same = same_content(target, expect, elen);
    if (same != 1) {
        not_same(same, path, err, errlen);
        return -1;
    }
    char tmp[PATH_MAX + 32];
    const char *slash = strrchr(target, '/');
    size_t dl = slash ? (size_t)(slash - target) : 0;
    if ((size_t)snprintf(tmp, sizeof tmp, "%.*s/.%s.dfopt-XXXXXX", (int)dl, target,
                         slash ? slash + 1 : target) >= sizeof tmp) {
        snprintf(err, errlen, "path too long: %s", path);
        return -1;
    }
    /* From here until the temporary file is renamed or removed, SIGINT,
     * SIGTERM, SIGHUP and SIGQUIT wait: an interrupted dfopt then dies
     * with the old or the new file in place and no temporary file left. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    sigprocmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return abandon(err, errlen, "cannot create a temporary file next to", path, NULL, -1, &old);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return abandon(err, errlen, "cannot write", path, tmp, fd, &old);
        }
        off += (size_t)w;
    }
    /* Owner first: chown clears the setuid and setgid bits, so the mode
     * (4751 stays 4751) must come after it. Only root may give a file away;
     * others keep their own ownership, as any editor does. */
    if (geteuid() == 0) {
        if (fchown(fd, st.st_uid, st.st_gid) < 0)
            return abandon(err, errlen, "cannot give the new file the owner of", path, tmp, fd, &old);
    } else if (fchown(fd, (uid_t)-1, st.st_gid) < 0) {
        /* not in the file's group: the group becomes the user's, as with any editor */
    }
    if (fchmod(fd, st.st_mode & 07777) < 0)
        return abandon(err, errlen, "cannot give the new file the mode of", path, tmp, fd, &old);
    if (fsync(fd) < 0)
        return abandon(err, errlen, "cannot flush the new content of", path, tmp, fd, &old);
    if (close(fd) < 0)
        return abandon(err, errlen, "cannot finish writing", path, tmp, -1, &old);
    /* last look: someone may have written the file meanwhile */
    same = same_content(target, expect, elen);
    if (same != 1) {
        unlink(tmp);
        sigprocmask(SIG_SETMASK, &old, NULL);
        not_same(same, path, err, errlen);
        return -1;
    }
    if (rename(tmp, target) < 0)
        return abandon(err, errlen, "cannot replace", path, tmp, -1, &old);
    int synced = sync_dir_of(target);
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (synced < 0) {
        snprintf(err, errlen, "%s was rewritten, but its folder could not be flushed to disk: %s", path,
                 strerror(e));
        return -1;
    }
    return 0;
}

bool df_is_dockerfile_name(const char *name)
{
    size_t n = strlen(name);
    /* BuildKit's per-Dockerfile ignore files (Dockerfile.dockerignore) */
    if (n > 13 && strcmp(name + n - 13, ".dockerignore") == 0)
        return false;
    /* docker build reads "dockerfile" when there is no "Dockerfile" */
    if (strcmp(name, "Dockerfile") == 0 || strcmp(name, "dockerfile") == 0 || strcmp(name, "Containerfile") == 0)
        return true;
    if (strncmp(name, "Dockerfile.", 11) == 0 || strncmp(name, "Containerfile.", 14) == 0)
        return true;
    if (n > 11 && strcasecmp(name + n - 11, ".Dockerfile") == 0)
        return true;
    return false;
}

bool df_is_vendored_dir(const char *name, size_t n)
{
    return df_fact_has(df_fact_get(df_fact_get(df_facts_root(DF_FACTS_DM), "not_ours"), "vendored_dirs"), name, n);
}

/* realpath(path) (malloc'ed), from the folder's real path kept in dirs
 * when the file itself is not a symlink; NULL with errno ENOMEM when out of
 * memory, NULL otherwise when path cannot be resolved. */
static char *real_path_of(const char *path, df_dircache *dirs, int is_link)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char c;
    errno = 0;
    if (!dirs || !*base || !strcmp(base, ".") || !strcmp(base, "..") || is_link > 0 ||
        (is_link < 0 && (readlink(path, &c, 1) >= 0 || errno != EINVAL)))
        return realpath(path, NULL); /* a symlink (or an odd name): resolve it all */
    char stack[PATH_MAX];
    size_t dl = slash ? (size_t)(slash - path) : 0;
    if (dl >= sizeof stack)
        return realpath(path, NULL);
    df_path_folder(path, slash, stack);
    const char *rd = df_dircache_realpath(dirs, stack);
    if (!rd)
        return NULL;
    size_t rl = strlen(rd), bl = strlen(base);
    bool root = rl == 1 && rd[0] == '/';
    char *real = malloc(rl + bl + 2);
    if (!real) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(real, rd, rl);
    if (!root)
        real[rl++] = '/';
    memcpy(real + rl, base, bl + 1);
    return real;
}

int df_vendored_folder(const char *path, df_dircache *dirs, int is_link, char *out, size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    errno = 0;
    char *real = real_path_of(path, dirs, is_link);
    if (!real)
        return errno == ENOMEM ? -1 : 0;
    size_t len = strlen(real);
    /* most paths hold no vendored folder name at all: then no probing */
    const char *slash = strrchr(real, '/');
    bool any = false;
    for (size_t i = 1; !any && slash && real + i < slash;) {
        size_t e = i;
        while (real + e < slash && real[e] != '/')
            e++;
        any = e > i && df_is_vendored_dir(real + i, e - i);
        i = e + 1;
    }
    if (!any) {
        free(real);
        return 0;
    }
    char *probe = malloc(len + sizeof "/.git");
    if (!probe) {
        free(real);
        return -1;
    }
    /* the base: the nearest folder above the file holding .git, else the
     * folder dfopt runs in when the file is under it, else none */
    size_t base = 0;
    bool have_base = false;
    for (size_t l = len; l > 0 && !have_base;) {
        while (l > 0 && real[l - 1] != '/')
            l--;
        if (l == 0)
            break;
        memcpy(probe, real, l - 1);
        memcpy(probe + l - 1, "/.git", sizeof "/.git");
        if (access(probe, F_OK) == 0) {
            base = l;
            have_base = true;
        }
        l--;
    }
    free(probe);
    if (!have_base) {
        errno = 0;
        char *cwd;
        if (dirs) { /* the run's: the folder dfopt runs in does not change */
            const char *kept = df_dircache_realpath(dirs, ".");
            cwd = kept ? strdup(kept) : NULL;
        } else {
            cwd = realpath(".", NULL);
        }
        if (!cwd && errno == ENOMEM) {
            free(real);
            return -1;
        }
        size_t cl = cwd ? strlen(cwd) : 0;
        if (cwd && cl == 1 && real[0] == '/') {
            base = 1;
            have_base = true;
        } else if (cwd && strncmp(real, cwd, cl) == 0 && real[cl] == '/') {
            base = cl + 1;
            have_base = true;
        }
        free(cwd);
    }
    bool found = false;
    const char *last = strrchr(real, '/');
    for (size_t i = base; have_base && !found && last && real + i < last;) {
        size_t e = i;
        while (real + e < last && real[e] != '/')
            e++;
        if (e > i && df_is_vendored_dir(real + i, e - i)) {
            found = true;
            snprintf(out, outlen, "%.*s", (int)(e - i), real + i);
        }
        i = e + 1;
    }
    free(real);
    return found ? 1 : 0;
}

char *df_real_path(const char *path, df_dircache *dirs, int is_link)
{
    return real_path_of(path, dirs, is_link);
}

bool df_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *df_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_path(char ***paths, size_t *n, size_t *cap, char *p)
{
    if (!p)
        return -1; /* strdup failed */
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **nv = realloc(*paths, nc * sizeof *nv);
        if (!nv) {
            free(p);
            return -1;
        }
        *paths = nv;
        *cap = nc;
    }
    (*paths)[(*n)++] = p;
    return 0;
}

int df_find_dockerfiles(const char *dir, char ***paths, size_t *n, size_t *cap, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return fail(err, errlen, "cannot open folder", dir);
    char **names = NULL;
    size_t nn = 0, nc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || df_is_vendored_dir(e->d_name, strlen(e->d_name)))
            continue;
        if (push_path(&names, &nn, &nc, strdup(e->d_name)) < 0) {
            closedir(d);
            for (size_t i = 0; i < nn; i++)
                free(names[i]);
            free(names);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < nn; i++) {
        size_t l = strlen(dir) + strlen(names[i]) + 2;
        char *p = malloc(l);
        if (!p) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        size_t dl = strlen(dir);
        while (dl > 1 && dir[dl - 1] == '/')
            dl--;
        if (dl == 1 && dir[0] == '/')
            snprintf(p, l, "/%s", names[i]);
        else
            snprintf(p, l, "%.*s/%s", (int)dl, dir, names[i]);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = df_find_dockerfiles(p, paths, n, cap, err, errlen);
            free(p);
            if (rc < 0)
                break;
        } else if (df_is_dockerfile_name(names[i]) && stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            if (push_path(paths, n, cap, p) < 0) {
                snprintf(err, errlen, "out of memory");
                rc = -1;
                break;
            }
        } else {
            free(p);
        }
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc;
}

int df_on_real_path(const char *path, df_dircache *dirs, int is_link, df_real_fn fn, const void *arg, char *out,
                    size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    errno = 0;
    char *real = df_real_path(path, dirs, is_link);
    if (!real)
        return errno == ENOMEM ? -1 : 0;
    df_dircache *own = NULL;
    if (!dirs && !(dirs = own = df_dircache_new())) {
        free(real);
        return -1;
    }
    int r = fn(real, dirs, arg, out, outlen);
    df_dircache_free(own);
    free(real);
    return r;
}
