/*
 * cli_util.h - helpers for tests that run programs and touch the file
 * system (cmocka). Include after <cmocka.h>. All helpers are static inline.
 *
 *   char *dir = tdir_new();                       // fresh mkdtemp() folder
 *   twrite(dir, "Dockerfile", "FROM a\n", 0644);   // text as C string
 *   cli_res r;
 *   CLI(&r, dir, NULL, "--diff", "Dockerfile");    // ./dfopt in dir
 *   assert_int_equal(r.rc, 1);
 *   cli_res_free(&r);
 *   tdir_free(dir);                                // rm -rf
 */
#ifndef DFOPT_CLI_UTIL_H
#define DFOPT_CLI_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    char *out;
    size_t outlen;
    char *err;
    size_t errlen;
    int rc; /* exit code, or 128+signal */
} cli_res;

/* The dfopt binary a test runs: $DFOPT_BIN, else ./dfopt, resolved into
 * out[PATH_MAX]. 0, or -1 after saying on stderr (as `test`) that it is
 * missing: main returns 1 then. */
static inline int tbin_find(const char *test, char *out)
{
    const char *bin = getenv("DFOPT_BIN");
    if (!bin || !*bin)
        bin = "./dfopt";
    if (realpath(bin, out))
        return 0;
    fprintf(stderr, "%s: %s not found (build it with `make dfopt`, or set DFOPT_BIN)\n", test, bin);
    return -1;
}

/* ---- temporary folders ----------------------------------------------- */

static inline char *tdir_new(void)
{
    char tmpl[] = "/tmp/dfopt-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    char *r = strdup(d);
    assert_non_null(r);
    return r;
}

/* rm -rf path (does not follow symlinks; makes folders writable first). */
static inline void trm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    chmod(path, 0700);
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            size_t n = strlen(path) + strlen(e->d_name) + 2;
            char *p = malloc(n);
            if (!p)
                break;
            snprintf(p, n, "%s/%s", path, e->d_name);
            trm_rf(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}

static inline void tdir_free(char *dir)
{
    if (!dir)
        return;
    trm_rf(dir);
    free(dir);
}

/* dir/name, malloc'ed */
static inline char *tpath(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static inline void twrite_n(const char *dir, const char *name, const char *data, size_t len, mode_t mode)
{
    char *p = tpath(dir, name);
    unlink(p);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        assert_true(w > 0);
        off += (size_t)w;
    }
    assert_int_equal(close(fd), 0);
    assert_int_equal(chmod(p, mode), 0);
    free(p);
}

#define twrite(dir, name, text, mode) twrite_n((dir), (name), (text), strlen(text), (mode))

static inline void tmkdir(const char *dir, const char *name)
{
    char *p = tpath(dir, name);
    assert_int_equal(mkdir(p, 0755), 0);
    free(p);
}

/* Whole file, NUL-terminated (malloc'ed); NULL when it cannot be read. */
static inline char *tread(const char *dir, const char *name, size_t *len)
{
    char *p = tpath(dir, name);
    FILE *f = fopen(p, "rb");
    free(p);
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

/* Assert dir/name holds exactly these bytes. */
#define assert_file_n(dir, name, want, wlen)                      \
    do {                                                          \
        size_t fl_;                                               \
        char *fd_ = tread((dir), (name), &fl_);                   \
        assert_non_null(fd_);                                     \
        assert_int_equal(fl_, (size_t)(wlen));                    \
        assert_memory_equal(fd_, (want), (size_t)(wlen));         \
        free(fd_);                                                \
    } while (0)
#define assert_file(dir, name, want) assert_file_n((dir), (name), (want), strlen(want))

/* Number of entries in dir (without . and ..). */
static inline int tcount(const char *dir)
{
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    if (fscanf(p, "%d", &n) != 1)
        n = -1;
    pclose(p);
    return n;
}

/* ---- a place another user can reach ----------------------------------- */

/* A fresh folder under /tmp with mode 0755 holding a copy of the program
 * bin (as dir/dfopt, mode 0755) and an empty .git folder (so that the
 * configuration lookup stops there). A test that drops privileges runs
 * the copy inside this folder: the checkout itself may sit behind a 0700
 * folder (a clone under `mktemp -d` or /root) that the unprivileged user
 * cannot cross. Free with tdir_free(). */
static inline char *tdir_public(const char *bin)
{
    char *d = tdir_new();
    assert_int_equal(chmod(d, 0755), 0);
    tmkdir(d, ".git");
    size_t len = 0;
    char *exe = tread("/", bin[0] == '/' ? bin + 1 : bin, &len);
    assert_non_null(exe);
    twrite_n(d, "dfopt", exe, len, 0755);
    free(exe);
    return d;
}

/* ---- tools the tests run ------------------------------------------------ */

/* The full path of program name on PATH (malloc'ed), or NULL. */
static inline char *twhich(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path;;) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t len = n + strlen(name) + 2;
        char *cand = malloc(len);
        assert_non_null(cand);
        snprintf(cand, len, "%.*s/%s", (int)n, n ? p : ".", name);
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
            return cand;
        free(cand);
        if (!e)
            return NULL;
        p = e + 1;
    }
}

/* twhich() for a tool the test cannot do without. When it is missing the
 * test is skipped (run-tests.sh counts it as SKIPPED), or fails when the
 * environment variable CI is set: CI must check everything. */
static inline char *tneed(const char *name)
{
    char *p = twhich(name);
    if (p)
        return p;
    const char *ci = getenv("CI");
    if (ci && *ci)
        fail_msg("%s is not installed and CI is set: install it (a skipped test checks nothing)", name);
    skip();
    return NULL;
}

/* ---- running programs ------------------------------------------------- */

static inline void cli_res_free(cli_res *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

static inline void t_append(char **b, size_t *n, size_t *cap, const char *p, size_t k)
{
    if (*n + k + 1 > *cap) {
        size_t nc = *cap ? *cap : 4096;
        while (nc < *n + k + 1)
            nc *= 2;
        *b = realloc(*b, nc);
        assert_non_null(*b);
        *cap = nc;
    }
    memcpy(*b + *n, p, k);
    *n += k;
    (*b)[*n] = '\0';
}

/* Run argv (argv[0] is the program path) in cwd with in[0..inlen) on
 * standard input (in NULL: /dev/null). as_uid >= 0: drop to that uid/gid
 * first (needs root). Returns 0, or -1 when the program could not start. */
static inline int run_prog(cli_res *r, const char *cwd, const char *in, size_t inlen, char *const argv[],
                           int as_uid)
{
    memset(r, 0, sizeof *r);
    int pin[2], pout[2], perr[2];
    assert_int_equal(pipe(pin), 0);
    assert_int_equal(pipe(pout), 0);
    assert_int_equal(pipe(perr), 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[0]);
        close(pin[1]);
        close(pout[0]);
        close(pout[1]);
        close(perr[0]);
        close(perr[1]);
        if (in == NULL) {
            int nul = open("/dev/null", O_RDONLY);
            if (nul >= 0) {
                dup2(nul, 0);
                close(nul);
            }
        }
        if (cwd && chdir(cwd) < 0)
            _exit(126);
        if (as_uid >= 0 && (setgroups(0, NULL) < 0 || setgid((gid_t)as_uid) < 0 || setuid((uid_t)as_uid) < 0))
            _exit(125);
        execv(argv[0], argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    signal(SIGPIPE, SIG_IGN);
    size_t inoff = 0;
    int infd = pin[1];
    if (!in || inlen == 0) {
        close(infd);
        infd = -1;
    }
    size_t ocap = 0, ecap = 0;
    t_append(&r->out, &r->outlen, &ocap, "", 0);
    t_append(&r->err, &r->errlen, &ecap, "", 0);
    bool oopen = true, eopen = true;
    while (oopen || eopen) {
        struct pollfd fds[3];
        int nf = 0, io = -1, ie = -1, ii = -1;
        if (oopen) {
            fds[nf].fd = pout[0];
            fds[nf].events = POLLIN;
            io = nf++;
        }
        if (eopen) {
            fds[nf].fd = perr[0];
            fds[nf].events = POLLIN;
            ie = nf++;
        }
        if (infd >= 0) {
            fds[nf].fd = infd;
            fds[nf].events = POLLOUT;
            ii = nf++;
        }
        if (poll(fds, (nfds_t)nf, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        char buf[65536];
        if (io >= 0 && fds[io].revents) {
            ssize_t k = read(pout[0], buf, sizeof buf);
            if (k > 0)
                t_append(&r->out, &r->outlen, &ocap, buf, (size_t)k);
            else
                oopen = false;
        }
        if (ie >= 0 && fds[ie].revents) {
            ssize_t k = read(perr[0], buf, sizeof buf);
            if (k > 0)
                t_append(&r->err, &r->errlen, &ecap, buf, (size_t)k);
            else
                eopen = false;
        }
        if (ii >= 0 && fds[ii].revents) {
            ssize_t k = (fds[ii].revents & POLLOUT) ? write(infd, in + inoff, inlen - inoff) : -1;
            if (k > 0)
                inoff += (size_t)k;
            if (k <= 0 || inoff == inlen) {
                close(infd);
                infd = -1;
            }
        }
    }
    if (infd >= 0)
        close(infd);
    close(pout[0]);
    close(perr[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    r->rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r->rc == 127 ? -1 : 0;
}

#endif
