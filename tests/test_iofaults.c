/*
 * test_iofaults.c - faults while `dfopt -i` replaces a file (src/fsio.c).
 *
 * Linked with -Wl,--wrap=write,fsync,rename,fchown,fchmod (see the
 * Makefile's WRAP_test_iofaults): every such call of the library goes through
 * the __wrap_ functions below, which record it and can make it fail (disk
 * full part way, an I/O error on fsync, a failed rename or chown) or raise a
 * signal in the middle of the write. What must hold: the original is
 * intact, no temporary file is left, the reason is one line; on success the
 * new file was flushed before the rename and the folder after it, and it
 * keeps owner, group and mode (setuid/setgid included).
 *
 * The last test runs the binary (DFOPT_BIN, default ./dfopt) as an
 * unprivileged user on a folder it cannot write.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "dfopt/buf.h"
#include "dfopt/fsio.h"

ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __real_rename(const char *a, const char *b);
int __real_fchown(int fd, uid_t u, gid_t g);
int __real_fchmod(int fd, mode_t m);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __wrap_fsync(int fd);
int __wrap_rename(const char *a, const char *b);
int __wrap_fchown(int fd, uid_t u, gid_t g);
int __wrap_fchmod(int fd, mode_t m);

/* ---- the shim ------------------------------------------------------------- */

enum { F_NONE, F_WRITE_PARTWAY, F_FSYNC, F_RENAME, F_FCHOWN, F_FCHMOD, F_SIGNAL_IN_WRITE, F_EDIT_IN_WRITE };

static struct {
    bool armed;      /* record and inject only inside the call under test */
    int fault;
    char log[512];   /* "write fchown fchmod fsync:file rename fsync:dir" */
    const char *edit_path; /* F_EDIT_IN_WRITE: file to change meanwhile */
    int writes;
} g;

static void note(const char *what)
{
    if (strlen(g.log) + strlen(what) + 2 < sizeof g.log) {
        if (g.log[0])
            strcat(g.log, " ");
        strcat(g.log, what);
    }
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
    if (!g.armed)
        return __real_write(fd, buf, n);
    g.writes++;
    if (g.writes == 1)
        note("write");
    if (g.fault == F_WRITE_PARTWAY) {
        if (g.writes == 1 && n > 1) /* half goes in, then the disk is full */
            return __real_write(fd, buf, n / 2);
        errno = ENOSPC;
        return -1;
    }
    if (g.fault == F_SIGNAL_IN_WRITE && g.writes == 1) {
        ssize_t k = __real_write(fd, buf, n / 2);
        raise(SIGTERM); /* Ctrl-C or kill in the middle of the write */
        return k;
    }
    if (g.fault == F_EDIT_IN_WRITE && g.writes == 1) {
        g.armed = false;
        FILE *f = fopen(g.edit_path, "w");
        if (f) {
            fputs("FROM edited\n", f);
            fclose(f);
        }
        g.armed = true;
    }
    return __real_write(fd, buf, n);
}

int __wrap_fsync(int fd)
{
    if (!g.armed)
        return __real_fsync(fd);
    struct stat st;
    note(fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? "fsync:dir" : "fsync:file");
    if (g.fault == F_FSYNC) {
        errno = EIO;
        return -1;
    }
    return __real_fsync(fd);
}

int __wrap_rename(const char *a, const char *b)
{
    if (!g.armed)
        return __real_rename(a, b);
    note("rename");
    if (g.fault == F_RENAME) {
        errno = EXDEV;
        return -1;
    }
    return __real_rename(a, b);
}

int __wrap_fchown(int fd, uid_t u, gid_t gid)
{
    if (!g.armed)
        return __real_fchown(fd, u, gid);
    note("fchown");
    if (g.fault == F_FCHOWN) {
        errno = EPERM;
        return -1;
    }
    return __real_fchown(fd, u, gid);
}

int __wrap_fchmod(int fd, mode_t m)
{
    if (!g.armed)
        return __real_fchmod(fd, m);
    note("fchmod");
    if (g.fault == F_FCHMOD) {
        errno = EIO;
        return -1;
    }
    return __real_fchmod(fd, m);
}

/* ---- helpers -------------------------------------------------------------- */

#define OLD "FROM alpine\r\nRUN apk add curl\r\n"
#define NEW "FROM alpine\r\nRUN apk add --no-cache curl\r\n"

static int setup(void **state)
{
    *state = tdir_new();
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

/* Replace dir/name's OLD with NEW under fault f; the error text in err. */
static int write_with(const char *dir, const char *name, int fault, char *err, size_t errlen)
{
    char *p = tpath(dir, name);
    memset(&g, 0, sizeof g);
    g.fault = fault;
    g.edit_path = p;
    g.armed = true;
    err[0] = '\0';
    int r = df_write_in_place(p, NEW, strlen(NEW), OLD, strlen(OLD), err, errlen);
    g.armed = false;
    free(p);
    return r;
}

/* A failed write: -1, one line naming the file and the cause, the original
 * as it was, nothing else in the folder. */
static void assert_failed_cleanly(const char *d, int fault, const char *want_prefix)
{
    twrite(d, "Dockerfile", OLD, 0644);
    char err[512];
    assert_int_equal(write_with(d, "Dockerfile", fault, err, sizeof err), -1);
    char *p = tpath(d, "Dockerfile");
    char want[600];
    snprintf(want, sizeof want, want_prefix, p);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("error '%s', want it to start with '%s'", err, want);
    assert_null(strchr(err, '\n'));
    assert_non_null(strstr(err, "(the file is unchanged)"));
    assert_file(d, "Dockerfile", OLD);
    assert_int_equal(tcount(d), 1);
    free(p);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_success_flushes_file_then_folder(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", OLD, 0640);
    char err[512];
    assert_int_equal(write_with(d, "Dockerfile", F_NONE, err, sizeof err), 0);
    assert_file(d, "Dockerfile", NEW); /* CRLF kept: bytes are written as given */
    assert_int_equal(tcount(d), 1);
    /* the data reaches the disk before the rename makes it visible, and the
     * folder (the new directory entry) after it; as root the owner is set
     * before the mode */
    assert_string_equal(g.log, "write fchown fchmod fsync:file rename fsync:dir");
}

static void test_disk_full_part_way(void **state)
{
    assert_failed_cleanly(*state, F_WRITE_PARTWAY, "cannot write %s: No space left on device");
}

static void test_fsync_fails(void **state)
{
    assert_failed_cleanly(*state, F_FSYNC, "cannot flush the new content of %s: Input/output error");
}

static void test_rename_fails(void **state)
{
    assert_failed_cleanly(*state, F_RENAME, "cannot replace %s: Invalid cross-device link");
}

static void test_chmod_fails(void **state)
{
    assert_failed_cleanly(*state, F_FCHMOD, "cannot give the new file the mode of %s: Input/output error");
}

static void test_chown_fails_as_root(void **state)
{
    if (geteuid() != 0) {
        /* a user cannot give a file away: fchown is only tried for the group */
        return;
    }
    assert_failed_cleanly(*state, F_FCHOWN, "cannot give the new file the owner of %s: Operation not permitted");
}

static void test_changed_during_write(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", OLD, 0644);
    char err[512];
    assert_int_equal(write_with(d, "Dockerfile", F_EDIT_IN_WRITE, err, sizeof err), -1);
    char *p = tpath(d, "Dockerfile");
    char want[600];
    snprintf(want, sizeof want, "%s changed on disk while dfopt ran: not rewritten", p);
    assert_string_equal(err, want);
    assert_file(d, "Dockerfile", "FROM edited\n"); /* the other writer's bytes win */
    assert_int_equal(tcount(d), 1);
    free(p);
}

static void test_signal_mid_write(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", OLD, 0644);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[512];
        write_with(d, "Dockerfile", F_SIGNAL_IN_WRITE, err, sizeof err);
        _exit(0); /* not reached: the held SIGTERM ends the process */
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGTERM);
    /* the signal waited until the new file was in place: no half file,
     * no temporary file */
    assert_file(d, "Dockerfile", NEW);
    assert_int_equal(tcount(d), 1);
}

static void test_owner_group_setuid_kept(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", OLD, 0644);
    char *p = tpath(d, "Dockerfile");
    uid_t uid = geteuid() == 0 ? 1234 : geteuid();
    gid_t gid = geteuid() == 0 ? 5678 : getegid();
    assert_int_equal(chown(p, uid, gid), 0);
    assert_int_equal(chmod(p, 04751), 0);
    char err[512];
    assert_int_equal(write_with(d, "Dockerfile", F_NONE, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_uid, uid);
    assert_int_equal(st.st_gid, gid);
    assert_int_equal(st.st_mode & 07777, 04751);
    assert_file(d, "Dockerfile", NEW);
    /* setgid and sticky too */
    assert_int_equal(chmod(p, 02775), 0);
    char *q = tpath(d, "Dockerfile");
    assert_int_equal(df_write_in_place(q, OLD, strlen(OLD), NEW, strlen(NEW), err, sizeof err), 0);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 02775);
    assert_int_equal(st.st_uid, uid);
    assert_int_equal(st.st_gid, gid);
    free(q);
    free(p);
}

static void test_hard_link_becomes_separate(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", OLD, 0644);
    char *p = tpath(d, "Dockerfile"), *l = tpath(d, "other");
    assert_int_equal(link(p, l), 0);
    char err[512];
    assert_int_equal(write_with(d, "Dockerfile", F_NONE, err, sizeof err), 0);
    /* documented: the rewritten name gets a new file (the write is atomic),
     * the other name keeps the old content */
    assert_file(d, "Dockerfile", NEW);
    assert_file(d, "other", OLD);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_nlink, 1);
    free(p);
    free(l);
}

static void test_symlink_to_other_folder(void **state)
{
    const char *d = *state;
    tmkdir(d, "a");
    tmkdir(d, "b");
    twrite(d, "b/Dockerfile", OLD, 0644);
    char *lnk = tpath(d, "a/Dockerfile");
    assert_int_equal(symlink("../b/Dockerfile", lnk), 0);
    char err[512];
    assert_int_equal(write_with(d, "a/Dockerfile", F_NONE, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(lstat(lnk, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* the link stays a link */
    assert_file(d, "b/Dockerfile", NEW);
    char *a = tpath(d, "a"), *b = tpath(d, "b");
    assert_int_equal(tcount(a), 1);
    assert_int_equal(tcount(b), 1);
    free(a);
    free(b);
    free(lnk);
}

/* ---- unprivileged, end to end ------------------------------------------------ */

static void test_folder_not_writable_unprivileged(void **state)
{
    const char *d = *state;
    const char *bin = getenv("DFOPT_BIN");
    char src[PATH_MAX];
    if (!realpath(bin && *bin ? bin : "./dfopt", src))
        fail_msg("dfopt binary not found (make dfopt, or set DFOPT_BIN)");
    int uid = geteuid() == 0 ? 65534 : -1;
    /* a binary and a folder the unprivileged user can reach, whatever the
     * permissions of the checkout's parents */
    assert_int_equal(chmod(d, 0755), 0);
    size_t blen = 0;
    char *bytes = tread("/", src + 1, &blen);
    assert_non_null(bytes);
    twrite_n(d, "dfopt", bytes, blen, 0755);
    free(bytes);
    tmkdir(d, "ro");
    twrite(d, "ro/Dockerfile", "FROM alpine\nRUN apk add curl\n", 0666);
    char *ro = tpath(d, "ro"), *f = tpath(d, "ro/Dockerfile"), *prog = tpath(d, "dfopt");
    if (uid >= 0) {
        assert_int_equal(chown(ro, (uid_t)uid, (gid_t)uid), 0);
        assert_int_equal(chown(f, (uid_t)uid, (gid_t)uid), 0);
    }
    assert_int_equal(chmod(ro, 0555), 0);
    char *argv[] = {prog, (char *)"-q", (char *)"--no-config", (char *)"-i", (char *)"Dockerfile", NULL};
    cli_res r;
    assert_int_equal(run_prog(&r, ro, NULL, 0, argv, uid), 0);
    if (r.rc != 2)
        fail_msg("exit %d, want 2; stderr: %s", r.rc, r.err);
    assert_string_equal(r.err, "dfopt: cannot create a temporary file next to Dockerfile: Permission denied "
                               "(the file is unchanged)\n");
    assert_file(d, "ro/Dockerfile", "FROM alpine\nRUN apk add curl\n");
    assert_int_equal(tcount(ro), 1);
    assert_int_equal(chmod(ro, 0755), 0);
    cli_res_free(&r);
    free(ro);
    free(f);
    free(prog);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_success_flushes_file_then_folder),
        T(test_disk_full_part_way),
        T(test_fsync_fails),
        T(test_rename_fails),
        T(test_chmod_fails),
        T(test_chown_fails_as_root),
        T(test_changed_during_write),
        T(test_signal_mid_write),
        T(test_owner_group_setuid_kept),
        T(test_hard_link_becomes_separate),
        T(test_symlink_to_other_folder),
        T(test_folder_not_writable_unprivileged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
