/*
 * test_cli.c - the dfopt command line, end to end: runs the built binary
 * (DFOPT_BIN, default ./dfopt, resolved from the repository root) in a
 * fresh temporary folder per test and checks stdout, stderr, exit code and
 * the files left behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_util.h"

static char g_bin[PATH_MAX];

#define DF_ADD "FROM alpine\nADD app.py /app/\n"
#define DF_COPY "FROM alpine\nCOPY app.py /app/\n"
#define DIAG_LINE(path, l, c) \
    path ":" #l ":" #c ": warning: ADD of local files: use COPY (ADD also downloads URLs and unpacks archives) [DF012]\n"

/* Run dfopt with the given arguments in dir; in: standard input or NULL. */
static void cli_run_v(cli_res *r, const char *dir, const char *in, const char *const *args)
{
    char *argv[64];
    size_t n = 0;
    argv[n++] = g_bin;
    for (size_t i = 0; args[i] && n < 63; i++)
        argv[n++] = (char *)(uintptr_t)args[i];
    argv[n] = NULL;
    int rc = run_prog(r, dir, in, in ? strlen(in) : 0, argv, -1);
    if (rc < 0)
        fail_msg("cannot run %s", g_bin);
}

#define CLI(r, dir, in, ...) cli_run_v((r), (dir), (in), (const char *const[]){__VA_ARGS__, NULL})

/* A fresh folder that is its own "repository" (a .git folder stops the
 * configuration lookup from wandering into /tmp). */
static char *newdir(void)
{
    char *d = tdir_new();
    tmkdir(d, ".git");
    return d;
}

static int setup(void **state)
{
    *state = newdir();
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

static void assert_rc(const cli_res *r, int want)
{
    if (r->rc != want)
        fail_msg("exit %d, want %d\nstdout: %s\nstderr: %s", r->rc, want, r->out, r->err);
}

static bool starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static mode_t mode_of(const char *dir, const char *name)
{
    char *p = tpath(dir, name);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    free(p);
    return st.st_mode & 07777;
}

/* ---- default mode ------------------------------------------------------ */

static void test_default_stdout(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    assert_true(starts_with(r.err, DIAG_LINE("Dockerfile", 2, 1) "  2 | ADD app.py /app/\n    | ^^^\n"));
    assert_non_null(strstr(r.err, "replace ADD with COPY"));
    assert_file(d, "Dockerfile", DF_ADD); /* not written */
    cli_res_free(&r);
}

static void test_quiet(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
}

static void test_clean_file_default(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_COPY, 0644);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--check", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
}

/* ---- in place ---------------------------------------------------------- */

static void test_in_place_keeps_mode(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0640);
    cli_res r;
    CLI(&r, d, NULL, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    assert_file(d, "Dockerfile", DF_COPY);
    assert_int_equal(mode_of(d, "Dockerfile"), 0640);
    assert_int_equal(tcount(d), 2); /* .git + Dockerfile: no temporary file left */
    cli_res_free(&r);
    /* long form, second run: nothing left to do */
    CLI(&r, d, NULL, "--in-place", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.err, "");
    assert_file(d, "Dockerfile", DF_COPY);
    cli_res_free(&r);
}

static void test_in_place_untouched_when_clean(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_COPY, 0644);
    char *p = tpath(d, "Dockerfile");
    struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    cli_res r;
    CLI(&r, d, NULL, "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    assert_int_equal(stat(p, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mtim.tv_sec, 1000000000);
    assert_int_equal(after.st_mtim.tv_nsec, 0);
    /* silenced by --select none: also untouched */
    cli_res_free(&r);
    twrite(d, "Dockerfile", DF_ADD, 0644);
    assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
    assert_int_equal(stat(p, &before), 0);
    CLI(&r, d, NULL, "-i", "--select", "none", "Dockerfile");
    assert_rc(&r, 0);
    assert_int_equal(stat(p, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mtim.tv_sec, 1000000000);
    assert_file(d, "Dockerfile", DF_ADD);
    cli_res_free(&r);
    free(p);
}

static void test_in_place_symlink(void **state)
{
    const char *d = *state;
    tmkdir(d, "real");
    twrite(d, "real/base.Dockerfile", DF_ADD, 0600);
    char *link = tpath(d, "Dockerfile");
    assert_int_equal(symlink("real/base.Dockerfile", link), 0);
    cli_res r;
    CLI(&r, d, NULL, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char buf[256];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "real/base.Dockerfile");
    assert_file(d, "real/base.Dockerfile", DF_COPY);
    assert_int_equal(mode_of(d, "real/base.Dockerfile"), 0600);
    char *real = tpath(d, "real");
    assert_int_equal(tcount(real), 1); /* no temporary file left next to the target */
    assert_int_equal(tcount(d), 3);    /* .git, real, Dockerfile */
    free(real);
    free(link);
    cli_res_free(&r);
}

static void test_in_place_read_only_file(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0444);
    cli_res r;
    CLI(&r, d, NULL, "-q", "-i", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: Dockerfile is read-only: not rewritten\n");
    assert_file(d, "Dockerfile", DF_ADD);
    assert_int_equal(mode_of(d, "Dockerfile"), 0444);
    assert_int_equal(tcount(d), 2);
    cli_res_free(&r);
}

static void test_in_place_read_only_dir(void **state)
{
    const char *d = *state;
    /* root may write into any folder: run dfopt as nobody then, from a
     * copy it can reach (the checkout may be behind a 0700 folder) */
    int uid = geteuid() == 0 ? 65534 : -1;
    char *pub = uid >= 0 ? tdir_public(g_bin) : NULL;
    const char *top = pub ? pub : d;
    char *bin = pub ? tpath(pub, "dfopt") : strdup(g_bin);
    tmkdir(top, "ro");
    twrite(top, "ro/Dockerfile", DF_ADD, 0666);
    char *ro = tpath(top, "ro");
    char *f = tpath(top, "ro/Dockerfile");
    if (uid >= 0) {
        assert_int_equal(chown(ro, (uid_t)uid, (gid_t)uid), 0);
        assert_int_equal(chown(f, (uid_t)uid, (gid_t)uid), 0);
    }
    assert_int_equal(chmod(ro, 0555), 0);
    char *argv[] = {bin, (char *)"-q", (char *)"-i", (char *)"Dockerfile", NULL};
    cli_res r;
    int started = run_prog(&r, ro, NULL, 0, argv, uid);
    if (r.rc == 125) {
        cli_res_free(&r);
        free(ro);
        free(f);
        free(bin);
        tdir_free(pub);
        skip(); /* cannot drop privileges here */
    }
    assert_int_equal(started, 0);
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_true(starts_with(r.err, "dfopt: cannot create a temporary file next to Dockerfile: "));
    assert_file(top, "ro/Dockerfile", DF_ADD);
    assert_int_equal(tcount(ro), 1);
    assert_int_equal(chmod(ro, 0755), 0);
    cli_res_free(&r);
    free(ro);
    free(f);
    free(bin);
    tdir_free(pub);
}

/* The unprivileged run above works wherever the checkout is: a binary
 * behind a 0700 folder (a clone under `mktemp -d`, /root) cannot be run
 * by nobody, its copy from tdir_public() can. */
static void test_unprivileged_run_from_private_folder(void **state)
{
    const char *d = *state;
    if (geteuid() != 0)
        skip(); /* needs root to change user */
    /* d plays the private checkout: mode 0700, the binary inside */
    assert_int_equal(chmod(d, 0700), 0);
    size_t len = 0;
    char *exe = tread("/", g_bin + 1, &len);
    assert_non_null(exe);
    twrite_n(d, "dfopt", exe, len, 0755);
    free(exe);
    char *priv = tpath(d, "dfopt");
    char *pub = tdir_public(priv);
    char *bin = tpath(pub, "dfopt");
    twrite(pub, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    char *argv1[] = {priv, (char *)"--version", NULL};
    assert_int_equal(run_prog(&r, pub, NULL, 0, argv1, 65534), -1); /* cannot reach it */
    cli_res_free(&r);
    char *argv2[] = {bin, (char *)"-q", (char *)"Dockerfile", NULL};
    assert_int_equal(run_prog(&r, pub, NULL, 0, argv2, 65534), 0);
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    cli_res_free(&r);
    free(bin);
    free(priv);
    tdir_free(pub);
}

/* ---- diff -------------------------------------------------------------- */

static void test_diff_exact(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "--diff", "Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "diff --git a/Dockerfile b/Dockerfile\n"
                               "--- a/Dockerfile\n"
                               "+++ b/Dockerfile\n"
                               "@@ -1,2 +1,2 @@\n"
                               " FROM alpine\n"
                               "-ADD app.py /app/\n"
                               "+COPY app.py /app/\n");
    assert_string_equal(r.err, "");
    assert_file(d, "Dockerfile", DF_ADD);
    cli_res_free(&r);
    /* -d and a path with ./ (dropped from the label) */
    CLI(&r, d, NULL, "-q", "-d", "./Dockerfile");
    assert_rc(&r, 1);
    assert_true(starts_with(r.out, "diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n"));
    cli_res_free(&r);
}

static void test_diff_clean(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_COPY, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--diff", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
}

static void test_diff_no_final_newline(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\nADD a.txt /a/", 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "--diff", "Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "diff --git a/Dockerfile b/Dockerfile\n"
                               "--- a/Dockerfile\n"
                               "+++ b/Dockerfile\n"
                               "@@ -1,2 +1,2 @@\n"
                               " FROM alpine\n"
                               "-ADD a.txt /a/\n"
                               "\\ No newline at end of file\n"
                               "+COPY a.txt /a/\n"
                               "\\ No newline at end of file\n");
    cli_res_free(&r);
}

/* The diff applied with patch -p1 gives what -i writes. */
static void check_patch_reproduces(const char *d, const char *text, const char *const *extra)
{
    tmkdir(d, "a");
    tmkdir(d, "b");
    twrite(d, "a/Dockerfile", text, 0644);
    twrite(d, "b/Dockerfile", text, 0644);
    char *a = tpath(d, "a");
    char *b = tpath(d, "b");
    cli_res r;
    const char *args1[8] = {"-q", "--diff"};
    const char *args2[8] = {"-q", "-i"};
    size_t k = 2;
    for (size_t i = 0; extra && extra[i]; i++, k++) {
        args1[k] = extra[i];
        args2[k] = extra[i];
    }
    args1[k] = "Dockerfile";
    args2[k] = "Dockerfile";
    cli_run_v(&r, a, NULL, args1);
    assert_rc(&r, 1);
    char *diff = strdup(r.out);
    cli_res_free(&r);
    cli_run_v(&r, b, NULL, args2);
    assert_rc(&r, 0);
    cli_res_free(&r);
    /* d is the top of the work tree (it has .git): the labels are a/Dockerfile */
    assert_true(starts_with(diff, "diff --git a/a/Dockerfile b/a/Dockerfile\n"));
    char *patch = tneed("patch");
    char *argv[] = {patch, (char *)"-s", (char *)"-p1", (char *)"--no-backup-if-mismatch", NULL};
    run_prog(&r, d, diff, strlen(diff), argv, -1);
    free(patch);
    if (r.rc != 0)
        fail_msg("patch failed (%d): %s%s\ndiff:\n%s", r.rc, r.out, r.err, diff);
    cli_res_free(&r);
    size_t la = 0, lb = 0;
    char *ca = tread(a, "Dockerfile", &la);
    char *cb = tread(b, "Dockerfile", &lb);
    assert_non_null(ca);
    assert_non_null(cb);
    assert_int_equal(la, lb);
    assert_memory_equal(ca, cb, la);
    assert_true(la != strlen(text) || memcmp(ca, text, la) != 0); /* something changed */
    free(ca);
    free(cb);
    free(diff);
    free(a);
    free(b);
}

static void test_diff_applies_with_patch(void **state)
{
    check_patch_reproduces(*state,
                           "# syntax=docker/dockerfile:1\n"
                           "FROM alpine\n"
                           "ADD a.txt /a/\n"
                           "RUN one\nRUN two\nRUN three\nRUN four\nRUN five\nRUN six\nRUN seven\nRUN eight\n"
                           "add --chown=1:1 b.json /b/\n"
                           "RUN nine\n",
                           NULL);
}

static void test_diff_applies_no_final_newline(void **state)
{
    check_patch_reproduces(*state, "FROM alpine\r\nRUN x\r\nADD a.txt /a/", NULL);
}

static void test_diff_applies_unsafe(void **state)
{
    const char *const extra[] = {"--unsafe-fixes", NULL};
    check_patch_reproduces(*state, "FROM alpine\nADD mystery /opt/\nADD $SRC /x/\n", extra);
}

/* `dfopt --diff PATH | git apply`, run from folder run_in of a real git
 * repository top (in which sub/Dockerfile holds DF_ADD): the diff is
 * labelled from the top, applies, and the file becomes DF_COPY. */
static void check_git_apply(const char *top, const char *run_in, const char *path, const char *label)
{
    char *git = tneed("git");
    char *cwd = tpath(top, run_in);
    twrite(top, "sub/Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, cwd, NULL, "-q", "--diff", path);
    assert_rc(&r, 1);
    char want[256];
    snprintf(want, sizeof want, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", label, label, label, label);
    if (!starts_with(r.out, want))
        fail_msg("--diff %s in %s:\n%s\nwant it to start with:\n%s", path, run_in, r.out, want);
    char *diff = strdup(r.out);
    cli_res_free(&r);
    char *argv[] = {git, (char *)"apply", NULL};
    assert_int_equal(run_prog(&r, cwd, diff, strlen(diff), argv, -1), 0);
    if (r.rc != 0 || r.err[0])
        fail_msg("git apply in %s: exit %d: %s%s\ndiff:\n%s", run_in, r.rc, r.out, r.err, diff);
    cli_res_free(&r);
    assert_file(top, "sub/Dockerfile", DF_COPY);
    free(diff);
    free(cwd);
    free(git);
}

static void test_diff_applies_with_git(void **state)
{
    const char *d = *state;
    char *git = tneed("git");
    tmkdir(d, "repo");
    tmkdir(d, "repo/sub");
    tmkdir(d, "repo/sub/deeper");
    char *top = tpath(d, "repo");
    char *argv[] = {git, (char *)"init", (char *)"-q", NULL};
    cli_res r;
    assert_int_equal(run_prog(&r, top, NULL, 0, argv, -1), 0);
    assert_rc(&r, 0);
    cli_res_free(&r);
    /* from the subfolder, as README shows it */
    check_git_apply(top, "sub", "Dockerfile", "sub/Dockerfile");
    check_git_apply(top, "sub", "./Dockerfile", "sub/Dockerfile");
    /* from the top */
    check_git_apply(top, ".", "sub/Dockerfile", "sub/Dockerfile");
    check_git_apply(top, ".", "./sub/../sub/Dockerfile", "sub/Dockerfile");
    check_git_apply(top, ".", "sub//deeper/../Dockerfile", "sub/Dockerfile");
    /* an absolute path */
    char real[PATH_MAX];
    assert_non_null(realpath(top, real));
    char *abs = tpath(real, "sub/Dockerfile");
    check_git_apply(top, ".", abs, "sub/Dockerfile");
    check_git_apply(top, "sub", abs, "sub/Dockerfile");
    free(abs);
    /* from a folder below the file's: `git apply` there skips what is not
     * below it, so apply from the top; the label is the same */
    twrite(top, "sub/Dockerfile", DF_ADD, 0644);
    CLI(&r, top, NULL, "-q", "--diff", "sub/Dockerfile");
    char *from_top = strdup(r.out);
    cli_res_free(&r);
    char *deeper = tpath(top, "sub/deeper");
    CLI(&r, deeper, NULL, "-q", "--diff", "../Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, from_top);
    cli_res_free(&r);
    free(deeper);
    free(from_top);
    free(top);
    free(git);
}

/* Outside a work tree: the path from the current folder, normalised, for
 * patch -p1 (or git apply) run there. */
static void test_diff_labels_outside_a_repository(void **state)
{
    (void)state;
    char *d = tdir_new(); /* no .git here or above */
    tmkdir(d, "x");
    tmkdir(d, "y");
    twrite(d, "y/Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "--diff", "./x/../y/./Dockerfile");
    assert_rc(&r, 1);
    assert_true(starts_with(r.out, "diff --git a/y/Dockerfile b/y/Dockerfile\n--- a/y/Dockerfile\n"));
    char *diff = strdup(r.out);
    cli_res_free(&r);
    char real[PATH_MAX];
    assert_non_null(realpath(d, real));
    char *abs = tpath(real, "y/Dockerfile");
    CLI(&r, d, NULL, "-q", "--diff", abs);
    assert_string_equal(r.out, diff);
    cli_res_free(&r);
    char *patch = tneed("patch");
    char *argv[] = {patch, (char *)"-s", (char *)"-p1", (char *)"--no-backup-if-mismatch", NULL};
    assert_int_equal(run_prog(&r, d, diff, strlen(diff), argv, -1), 0);
    assert_rc(&r, 0);
    cli_res_free(&r);
    assert_file(d, "y/Dockerfile", DF_COPY);
    free(patch);
    free(abs);
    free(diff);
    tdir_free(d);
}

/* ---- check ------------------------------------------------------------- */

static void test_check(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    twrite(d, "clean.Dockerfile", DF_COPY, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--check", "Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "Dockerfile\n");
    assert_true(starts_with(r.err, DIAG_LINE("Dockerfile", 2, 1)));
    assert_file(d, "Dockerfile", DF_ADD);
    cli_res_free(&r);
    CLI(&r, d, NULL, "--check", "clean.Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    /* both: only the one that changes is listed */
    CLI(&r, d, NULL, "-q", "--check", "clean.Dockerfile", "Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "Dockerfile\n");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    /* --check with -i is a usage error */
    CLI(&r, d, NULL, "--check", "-i", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: --check does not write: drop -i\nTry 'dfopt --help'.\n");
    assert_file(d, "Dockerfile", DF_ADD);
    cli_res_free(&r);
}

/* ---- standard input ---------------------------------------------------- */

static void test_stdin(void **state)
{
    const char *d = *state;
    cli_res r;
    CLI(&r, d, DF_ADD, "-");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    assert_true(starts_with(r.err, DIAG_LINE("<stdin>", 2, 1)));
    cli_res_free(&r);
    CLI(&r, d, DF_ADD, "-q", "--diff", "-");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "diff --git a/Dockerfile b/Dockerfile\n"
                               "--- a/Dockerfile\n"
                               "+++ b/Dockerfile\n"
                               "@@ -1,2 +1,2 @@\n"
                               " FROM alpine\n"
                               "-ADD app.py /app/\n"
                               "+COPY app.py /app/\n");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, DF_ADD, "-q", "--check", "-");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "<stdin>\n");
    cli_res_free(&r);
    CLI(&r, d, DF_ADD, "-i", "-");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: -i cannot rewrite standard input\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    /* empty standard input does not parse */
    CLI(&r, d, NULL, "-");
    assert_rc(&r, 3);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
}

/* ---- bytes that must survive ------------------------------------------ */

static void test_crlf_in_place(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\r\nADD a.txt /a/\r\nRUN true\r\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_file(d, "Dockerfile", "FROM alpine\r\nCOPY a.txt /a/\r\nRUN true\r\n");
    cli_res_free(&r);
}

static void test_no_final_newline_in_place(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\nADD a.txt /a/", 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_file(d, "Dockerfile", "FROM alpine\nCOPY a.txt /a/");
    cli_res_free(&r);
}

static const char odd_bytes[] = "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n"
                                "FROM alpine AS base\r\n"
                                "\tADD a.txt /a/\r\n"
                                "RUN echo\t\"h\xC3\xA9\" \\\r\n"
                                "  # a comment inside\r\n"
                                "\t&& true   \r\n"
                                "\r\n"
                                "add  b.json\t/b/";

static void test_select_none_identity(void **state)
{
    const char *d = *state;
    twrite_n(d, "Dockerfile", odd_bytes, sizeof odd_bytes - 1, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--select", "none", "Dockerfile");
    assert_rc(&r, 0);
    assert_int_equal(r.outlen, sizeof odd_bytes - 1);
    assert_memory_equal(r.out, odd_bytes, sizeof odd_bytes - 1);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--select=none", "--diff", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
    /* with the rule: only the two keywords change, everything else stays */
    CLI(&r, d, NULL, "-q", "Dockerfile");
    assert_rc(&r, 0);
    static const char want[] = "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n"
                               "FROM alpine AS base\r\n"
                               "\tCOPY a.txt /a/\r\n"
                               "RUN echo\t\"h\xC3\xA9\" \\\r\n"
                               "  # a comment inside\r\n"
                               "\t&& true   \r\n"
                               "\r\n"
                               "copy  b.json\t/b/";
    assert_int_equal(r.outlen, sizeof want - 1);
    assert_memory_equal(r.out, want, sizeof want - 1);
    cli_res_free(&r);
}

/* ---- folders ----------------------------------------------------------- */

/* Class "vendored third-party files" (review 2026-12, apps 098, 100), end
 * to end: a file under vendor/ below the git root keeps its bytes, its
 * findings say why; the folder search does not enter vendored folders. */
static void test_vendored_third_party_files(void **state)
{
    const char *d = *state; /* holds .git: the repository root */
    tmkdir(d, "vendor");
    tmkdir(d, "vendor/github.com");
    tmkdir(d, "subprojects");
    tmkdir(d, "subprojects/protobuf");
    tmkdir(d, "app");
    twrite(d, "vendor/github.com/Dockerfile", DF_ADD, 0644);
    twrite(d, "subprojects/protobuf/Dockerfile", DF_ADD, 0644);
    twrite(d, "app/Dockerfile", DF_ADD, 0644);
    twrite(d, "vendor__aws__Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-i", "vendor/github.com/Dockerfile", "subprojects/protobuf/Dockerfile", "app/Dockerfile",
        "vendor__aws__Dockerfile");
    assert_rc(&r, 0);
    assert_file(d, "vendor/github.com/Dockerfile", DF_ADD);
    assert_file(d, "subprojects/protobuf/Dockerfile", DF_ADD);
    assert_file(d, "app/Dockerfile", DF_COPY);
    /* a flattened name is not a folder */
    assert_file(d, "vendor__aws__Dockerfile", DF_COPY);
    if (!strstr(r.err, "vendor/github.com/Dockerfile:2:1: warning: ADD of local files: use COPY (ADD also downloads "
                       "URLs and unpacks archives) (fix not applied: the file is under vendor/, a copy of another "
                       "project; change it there) [DF012]\n"))
        fail_msg("stderr: %s", r.err);
    assert_non_null(strstr(r.err, "(fix not applied: the file is under subprojects/, a copy of another project"));
    cli_res_free(&r);
    /* from inside the vendored folder: the git root still decides */
    char *sub = tpath(d, "vendor");
    CLI(&r, sub, NULL, "--check", "github.com/Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
    free(sub);
    /* the search skips them */
    twrite(d, "app/Dockerfile", DF_ADD, 0644);
    CLI(&r, d, NULL, "-q", "--check", ".");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "./app/Dockerfile\n");
    cli_res_free(&r);
}

static void test_directory_search(void **state)
{
    const char *d = *state;
    tmkdir(d, "proj");
    tmkdir(d, "proj/.git");
    tmkdir(d, "proj/sub");
    tmkdir(d, "proj/node_modules");
    tmkdir(d, "proj/.hidden");
    tmkdir(d, "proj/low");
    /* the names README, --help and dfopt.1 list */
    const char *yes[] = {"proj/Dockerfile",     "proj/Dockerfile.prod", "proj/api.Dockerfile",
                         "proj/Containerfile",  "proj/sub/Dockerfile",  "proj/Containerfile.ci",
                         "proj/low/dockerfile", "proj/x.dockerfile"};
    const char *no[] = {"proj/README",           "proj/.git/Dockerfile",    "proj/node_modules/Dockerfile",
                        "proj/.hidden/Dockerfile", "proj/Dockerfile~",      "proj/notes.txt",
                        "proj/low/DOCKERFILE",   "proj/Dockerfile.dockerignore"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        twrite(d, yes[i], DF_ADD, 0644);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        twrite(d, no[i], DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "--check", "proj");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "proj/Containerfile\n"
                               "proj/Containerfile.ci\n"
                               "proj/Dockerfile\n"
                               "proj/Dockerfile.prod\n"
                               "proj/api.Dockerfile\n"
                               "proj/low/dockerfile\n"
                               "proj/sub/Dockerfile\n"
                               "proj/x.dockerfile\n");
    cli_res_free(&r);
    /* -i rewrites exactly those */
    CLI(&r, d, NULL, "-q", "-i", "proj");
    assert_rc(&r, 0);
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_file(d, yes[i], DF_COPY);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_file(d, no[i], DF_ADD);
    cli_res_free(&r);
    /* now clean */
    CLI(&r, d, NULL, "--check", "proj");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
}

static void test_empty_directory(void **state)
{
    const char *d = *state;
    tmkdir(d, "empty");
    cli_res r;
    CLI(&r, d, NULL, "empty");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: no Dockerfile found in empty\n");
    cli_res_free(&r);
}

static void test_several_files_default_mode(void **state)
{
    const char *d = *state;
    twrite(d, "a.Dockerfile", DF_ADD, 0644);
    twrite(d, "b.Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "a.Dockerfile", "b.Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: several files: use -i, --diff, --check or --format json\n"
                               "Try 'dfopt --help'.\n");
    cli_res_free(&r);
    /* a folder holding two is the same */
    tmkdir(d, "two");
    twrite(d, "two/Dockerfile", DF_ADD, 0644);
    twrite(d, "two/x.Dockerfile", DF_ADD, 0644);
    CLI(&r, d, NULL, "two");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: several files: use -i, --diff, --check or --format json\n"
                               "Try 'dfopt --help'.\n");
    cli_res_free(&r);
    /* with --diff both diffs, in order */
    CLI(&r, d, NULL, "-q", "--diff", "a.Dockerfile", "b.Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "diff --git a/a.Dockerfile b/a.Dockerfile\n"
                               "--- a/a.Dockerfile\n"
                               "+++ b/a.Dockerfile\n"
                               "@@ -1,2 +1,2 @@\n"
                               " FROM alpine\n"
                               "-ADD app.py /app/\n"
                               "+COPY app.py /app/\n"
                               "diff --git a/b.Dockerfile b/b.Dockerfile\n"
                               "--- a/b.Dockerfile\n"
                               "+++ b/b.Dockerfile\n"
                               "@@ -1,2 +1,2 @@\n"
                               " FROM alpine\n"
                               "-ADD app.py /app/\n"
                               "+COPY app.py /app/\n");
    cli_res_free(&r);
}

/* ---- rule selection ---------------------------------------------------- */

static void test_select_ignore(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    static const char *const on[][2] = {
        {"--select", "DF012"}, {"--select", "add-for-local-files"}, {"--select", "df012"},
        {"--select", "DL3020"}, {"--select", "all"},              {"--ignore", "none"},
        {"--select", "none,DF012"},
    };
    static const char *const off[][2] = {
        {"--ignore", "DF012"}, {"--ignore", "add-for-local-files"}, {"--ignore", "all"},
        {"--select", "none"},  {"--ignore", "DL3020"},              {"--ignore", " DF012 ,"},
    };
    cli_res r;
    for (size_t i = 0; i < sizeof on / sizeof *on; i++) {
        CLI(&r, d, NULL, "-q", on[i][0], on[i][1], "Dockerfile");
        assert_rc(&r, 0);
        if (strcmp(r.out, DF_COPY) != 0)
            fail_msg("%s %s: got %s", on[i][0], on[i][1], r.out);
        cli_res_free(&r);
    }
    for (size_t i = 0; i < sizeof off / sizeof *off; i++) {
        CLI(&r, d, NULL, off[i][0], off[i][1], "Dockerfile");
        assert_rc(&r, 0);
        if (strcmp(r.out, DF_ADD) != 0)
            fail_msg("%s %s: got %s", off[i][0], off[i][1], r.out);
        assert_string_equal(r.err, "");
        cli_res_free(&r);
    }
    /* --ignore wins over --select; --select=VALUE form */
    CLI(&r, d, NULL, "--select=DF012", "--ignore=DF012", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_ADD);
    cli_res_free(&r);
}

static void test_unknown_rule(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--select", "DF999", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: --select: no rule named DF999 (see --list-rules)\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--ignore", "DF012,nope", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: --ignore: no rule named nope (see --list-rules)\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "Dockerfile", "--select");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: --select needs a value\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
}

static void test_unknown_option(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--bogus", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: unknown option --bogus\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--format", "yaml", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: unknown format yaml (text, json, sarif)\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--selectx=DF012", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: unknown option --selectx=DF012\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
    /* no input at all */
    CLI(&r, d, NULL, "-q");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: no input: give a Dockerfile, a folder, or - for standard input\n"
                               "Try 'dfopt --help'.\n");
    cli_res_free(&r);
    /* after --, a leading dash is a file name */
    CLI(&r, d, NULL, "--", "-x");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: cannot open -x: No such file or directory\n");
    cli_res_free(&r);
}

/* ---- --merge --------------------------------------------------------- */

static void test_merge_mode(void **state)
{
    const char *d = *state;
    const char *in = "FROM debian\nRUN cd /tmp && touch x\nRUN touch y\n";
    twrite(d, "Dockerfile", in, 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "--select", "DF001", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, in);
    cli_res_free(&r);
    CLI(&r, d, NULL, "-q", "--select", "DF001", "--merge", "aggressive", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "FROM debian\nRUN ( cd /tmp && touch x ) && \\\n    touch y\n");
    cli_res_free(&r);
    /* the command line wins over the config file */
    twrite(d, ".dfopt.json", "{\"merge\": \"aggressive\"}\n", 0644);
    CLI(&r, d, NULL, "-q", "--select", "DF001", "--merge=default", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, in);
    cli_res_free(&r);
    CLI(&r, d, NULL, "--merge", "wild", "Dockerfile");
    assert_rc(&r, 2);
    assert_non_null(strstr(r.err, "--merge: wild is not default or aggressive"));
    cli_res_free(&r);
    char *cfg = tpath(d, ".dfopt.json");
    unlink(cfg);
    free(cfg);
}

/* ---- unsafe fixes ------------------------------------------------------ */

static void test_unsafe_fixes(void **state)
{
    const char *d = *state;
    const char *in = "FROM alpine\nADD mystery /opt/mystery\n";
    twrite(d, "Dockerfile", in, 0644);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, in);
    assert_true(starts_with(r.err, DIAG_LINE("Dockerfile", 2, 1)));
    assert_non_null(strstr(r.err, "unsafe"));
    cli_res_free(&r);
    CLI(&r, d, NULL, "--diff", "-q", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--unsafe-fixes", "-q", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "FROM alpine\nCOPY mystery /opt/mystery\n");
    cli_res_free(&r);
    /* a text file of that name in the context makes the fix safe */
    twrite(d, "mystery", "plain text\n", 0644);
    CLI(&r, d, NULL, "-q", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "FROM alpine\nCOPY mystery /opt/mystery\n");
    cli_res_free(&r);
    /* --context elsewhere: not found there, unsafe again */
    tmkdir(d, "ctx");
    CLI(&r, d, NULL, "-q", "--context", "ctx", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, in);
    cli_res_free(&r);
    /* a gzip file of that name in --context: ADD unpacks it, no finding */
    twrite_n(d, "ctx/mystery", "\x1f\x8b\x08\x00\x00\x00\x00\x00", 8, 0644);
    CLI(&r, d, NULL, "--unsafe-fixes", "--context=ctx", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, in);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
}

/* ---- JSON report ------------------------------------------------------- */

static json_t *parse_json(const char *s)
{
    json_error_t e;
    json_t *j = json_loads(s, 0, &e);
    if (!j)
        fail_msg("invalid JSON (%d:%d: %s):\n%s", e.line, e.column, e.text, s);
    return j;
}

#define JINT(o, ...) json_integer_value(json_object_get((o), __VA_ARGS__))
#define JSTR(o, k) json_string_value(json_object_get((o), (k)))

static void test_sarif_report(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--format", "sarif", "--select", "DF012", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.err, "");
    json_t *j = parse_json(r.out);
    assert_string_equal(JSTR(j, "version"), "2.1.0");
    json_t *run = json_array_get(json_object_get(j, "runs"), 0);
    json_t *drv = json_object_get(json_object_get(run, "tool"), "driver");
    assert_string_equal(JSTR(drv, "name"), "dfopt");
    json_t *res = json_object_get(run, "results");
    assert_int_equal(json_array_size(res), 1);
    json_t *r0 = json_array_get(res, 0);
    assert_string_equal(JSTR(r0, "ruleId"), "DF012");
    assert_string_equal(JSTR(r0, "level"), "warning");
    json_t *pl = json_object_get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation");
    assert_string_equal(JSTR(json_object_get(pl, "artifactLocation"), "uri"), "Dockerfile");
    json_t *rg = json_object_get(pl, "region");
    assert_int_equal(JINT(rg, "startLine"), 2);
    assert_int_equal(JINT(rg, "startColumn"), 1);
    assert_int_equal(JINT(rg, "endColumn"), 4);
    json_t *rep = json_array_get(
        json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(r0, "fixes"), 0),
                                                       "artifactChanges"),
                                       0),
                        "replacements"),
        0);
    assert_string_equal(JSTR(json_object_get(rep, "insertedContent"), "text"), "COPY");
    assert_int_equal(JINT(json_object_get(rep, "deletedRegion"), "charOffset"), 12);
    assert_int_equal(JINT(json_object_get(rep, "deletedRegion"), "charLength"), 3);
    json_decref(j);
    cli_res_free(&r);
}

static void test_json_report(void **state)
{
    const char *d = *state;
    /* a blank line apart: not one block of ADDs, and an unchecked ADD under
     * ONBUILD does not keep the other from converting (test_df012) */
    twrite(d, "Dockerfile", "FROM alpine\nRUN true\n  ADD app.py /app/\n\nONBUILD ADD mystery /m\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "--format", "json", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.err, "");
    json_t *j = parse_json(r.out);
    assert_int_equal(JINT(j, "version"), 1);
    assert_string_equal(JSTR(json_object_get(j, "tool"), "name"), "dfopt");
    json_t *files = json_object_get(j, "files");
    assert_int_equal(json_array_size(files), 1);
    json_t *f = json_array_get(files, 0);
    assert_string_equal(JSTR(f, "path"), "Dockerfile");
    assert_string_equal(JSTR(f, "status"), "ok");
    assert_true(json_is_true(json_object_get(f, "changed")));
    assert_true(json_is_false(json_object_get(f, "written")));
    assert_true(json_is_null(json_object_get(f, "error")));
    json_t *ds = json_object_get(f, "diagnostics");
    assert_int_equal(json_array_size(ds), 2);
    json_t *d0 = json_array_get(ds, 0);
    assert_string_equal(JSTR(d0, "rule"), "DF012");
    assert_string_equal(JSTR(d0, "name"), "add-for-local-files");
    assert_string_equal(JSTR(d0, "hadolint"), "DL3020");
    assert_string_equal(JSTR(d0, "severity"), "warning");
    assert_int_equal(JINT(d0, "round"), 0);
    json_t *st = json_object_get(json_object_get(d0, "range"), "start");
    json_t *en = json_object_get(json_object_get(d0, "range"), "end");
    assert_int_equal(JINT(st, "line"), 3);
    assert_int_equal(JINT(st, "column"), 3);
    assert_int_equal(JINT(st, "offset"), 23);
    assert_int_equal(JINT(en, "line"), 3);
    assert_int_equal(JINT(en, "column"), 6);
    assert_int_equal(JINT(en, "offset"), 26);
    json_t *fx = json_object_get(d0, "fix");
    assert_string_equal(JSTR(fx, "applicability"), "safe");
    assert_string_equal(JSTR(fx, "description"), "replace ADD with COPY");
    assert_true(json_is_true(json_object_get(fx, "applied")));
    json_t *ed = json_object_get(fx, "edits");
    assert_int_equal(json_array_size(ed), 1);
    assert_int_equal(JINT(json_array_get(ed, 0), "start"), 23);
    assert_int_equal(JINT(json_array_get(ed, 0), "end"), 26);
    assert_string_equal(JSTR(json_array_get(ed, 0), "text"), "COPY");
    json_t *d1 = json_array_get(ds, 1);
    json_t *fx1 = json_object_get(d1, "fix");
    assert_string_equal(JSTR(fx1, "applicability"), "unsafe");
    assert_true(json_is_false(json_object_get(fx1, "applied")));
    assert_int_equal(JINT(json_object_get(json_object_get(d1, "range"), "start"), "line"), 5);
    assert_string_equal(JSTR(f, "diff"), "diff --git a/Dockerfile b/Dockerfile\n"
                                         "--- a/Dockerfile\n"
                                         "+++ b/Dockerfile\n"
                                         "@@ -1,5 +1,5 @@\n"
                                         " FROM alpine\n"
                                         " RUN true\n"
                                         "-  ADD app.py /app/\n"
                                         "+  COPY app.py /app/\n"
                                         " \n"
                                         " ONBUILD ADD mystery /m\n");
    json_t *sum = json_object_get(j, "summary");
    assert_int_equal(JINT(sum, "files"), 1);
    assert_int_equal(JINT(sum, "changed"), 1);
    assert_int_equal(JINT(sum, "diagnostics"), 2);
    assert_int_equal(JINT(sum, "fixed"), 1);
    assert_int_equal(JINT(sum, "errors"), 0);
    json_decref(j);
    cli_res_free(&r);
    assert_file(d, "Dockerfile", "FROM alpine\nRUN true\n  ADD app.py /app/\n\nONBUILD ADD mystery /m\n");
}

static void test_json_several_and_errors(void **state)
{
    const char *d = *state;
    twrite(d, "a.Dockerfile", DF_COPY, 0644);
    twrite(d, "b.Dockerfile", "FROM alpine\nENV ONLY_KEY\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "-f", "json", "a.Dockerfile", "b.Dockerfile", "missing.Dockerfile");
    assert_rc(&r, 3);
    assert_string_equal(r.err, "dfopt: cannot open missing.Dockerfile: No such file or directory\n");
    json_t *j = parse_json(r.out);
    json_t *files = json_object_get(j, "files");
    assert_int_equal(json_array_size(files), 3);
    json_t *a = json_array_get(files, 0), *b = json_array_get(files, 1), *m = json_array_get(files, 2);
    assert_string_equal(JSTR(a, "status"), "ok");
    assert_true(json_is_false(json_object_get(a, "changed")));
    assert_true(json_is_null(json_object_get(a, "diff")));
    assert_int_equal(json_array_size(json_object_get(a, "diagnostics")), 0);
    assert_string_equal(JSTR(b, "status"), "parse-error");
    json_t *be = json_object_get(b, "error");
    assert_string_equal(JSTR(be, "message"), "ENV must have two arguments");
    assert_int_equal(JINT(be, "line"), 2);
    assert_int_equal(JINT(be, "column"), 1);
    assert_string_equal(JSTR(m, "path"), "missing.Dockerfile");
    assert_string_equal(JSTR(m, "status"), "io-error");
    assert_string_equal(JSTR(json_object_get(m, "error"), "message"),
                        "cannot open missing.Dockerfile: No such file or directory");
    json_t *sum = json_object_get(j, "summary");
    assert_int_equal(JINT(sum, "files"), 3);
    assert_int_equal(JINT(sum, "changed"), 0);
    assert_int_equal(JINT(sum, "errors"), 2);
    json_decref(j);
    cli_res_free(&r);
}

static void test_json_with_check(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    cli_res r;
    CLI(&r, d, NULL, "--format", "json", "--check", "Dockerfile");
    assert_rc(&r, 1);
    /* Regression test (was a bug, fixed): --check printed the file name on
     * stdout before the JSON document, so stdout was not valid JSON. */
    assert_int_equal(r.out[0], '{');
    json_t *j = parse_json(r.out);
    json_decref(j);
    cli_res_free(&r);
}

/* ---- parse errors, missing files --------------------------------------- */

static void test_parse_error_heredoc(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\nRUN <<EOF\necho never closed\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 3);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "Dockerfile:2:1: error: unterminated heredoc\n  2 | RUN <<EOF\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "-i", "Dockerfile");
    assert_rc(&r, 3);
    assert_file(d, "Dockerfile", "FROM alpine\nRUN <<EOF\necho never closed\n");
    cli_res_free(&r);
}

static void test_parse_error_env(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\nENV ONLY_KEY\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "--diff", "Dockerfile");
    assert_rc(&r, 3);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "Dockerfile:2:1: error: ENV must have two arguments\n  2 | ENV ONLY_KEY\n");
    cli_res_free(&r);
    /* a parse error wins over pending changes in another file */
    twrite(d, "ok.Dockerfile", DF_ADD, 0644);
    CLI(&r, d, NULL, "-q", "--check", "ok.Dockerfile", "Dockerfile");
    assert_rc(&r, 3);
    assert_string_equal(r.out, "ok.Dockerfile\n");
    assert_true(starts_with(r.err, "Dockerfile:2:1: error: ENV must have two arguments\n"));
    cli_res_free(&r);
}

static void test_missing_file(void **state)
{
    const char *d = *state;
    cli_res r;
    CLI(&r, d, NULL, "nope.Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: cannot open nope.Dockerfile: No such file or directory\n");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--check", "nope.Dockerfile");
    assert_rc(&r, 2);
    cli_res_free(&r);
}

/* ---- information ------------------------------------------------------- */

static void test_list_rules(void **state)
{
    const char *d = *state;
    cli_res r;
    CLI(&r, d, NULL, "--list-rules");
    assert_rc(&r, 0);
    /* a header, then one line per rule; columns fit the longest entry */
    assert_true(strncmp(r.out, "id     name ", 12) == 0);
    /* the DF012 line: its fields in order, separated by column padding */
    const char *l = strstr(r.out, "\nDF012  add-for-local-files ");
    assert_non_null(l);
    const char *h = strstr(l, " DL3020 "), *fx = strstr(l, " safe ");
    const char *sm = strstr(l, " ADD of local files that are not archives: use COPY\n");
    assert_non_null(h);
    assert_non_null(fx);
    assert_non_null(sm);
    assert_true(h < fx && fx < sm && !memchr(l + 1, '\n', (size_t)(sm - l - 1)));
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--list-rules", "--format", "json");
    assert_rc(&r, 0);
    json_t *j = parse_json(r.out);
    assert_true(json_is_array(j));
    json_t *found = NULL;
    for (size_t i = 0; i < json_array_size(j); i++)
        if (strcmp(JSTR(json_array_get(j, i), "id"), "DF012") == 0)
            found = json_array_get(j, i);
    assert_non_null(found);
    assert_string_equal(JSTR(found, "name"), "add-for-local-files");
    assert_string_equal(JSTR(found, "hadolint"), "DL3020");
    assert_string_equal(JSTR(found, "severity"), "warning");
    assert_string_equal(JSTR(found, "fix"), "safe");
    assert_string_equal(JSTR(found, "summary"), "ADD of local files that are not archives: use COPY");
    json_decref(j);
    cli_res_free(&r);
}

static void test_explain(void **state)
{
    const char *d = *state;
    cli_res r;
    CLI(&r, d, NULL, "--explain", "DF012");
    assert_rc(&r, 0);
    assert_true(starts_with(r.out, "DF012 add-for-local-files (hadolint DL3020)\nseverity: warning; best fix: safe\n\n"));
    assert_non_null(strstr(r.out, "hadolint DL3020"));
    assert_non_null(strstr(r.out, "Fix safety"));
    cli_res_free(&r);
    CLI(&r, d, NULL, "--explain=dl3020");
    assert_rc(&r, 0);
    assert_true(starts_with(r.out, "DF012 add-for-local-files (hadolint DL3020)\n"));
    cli_res_free(&r);
    /* the text points only at files of the project (there is no DESIGN
     * document in it) */
    static const char *const layered[] = {"DF001", "DF005"};
    for (size_t i = 0; i < 2; i++) {
        CLI(&r, d, NULL, "--explain", layered[i]);
        assert_rc(&r, 0);
        assert_null(strstr(r.out, "DESIGN"));
        assert_non_null(strstr(r.out, "passes/layers.h"));
        cli_res_free(&r);
    }
    CLI(&r, d, NULL, "--explain", "nope");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "dfopt: no rule named nope (see --list-rules)\nTry 'dfopt --help'.\n");
    cli_res_free(&r);
}

static void test_version_help(void **state)
{
    const char *d = *state;
    cli_res r;
    CLI(&r, d, NULL, "--version");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "dfopt " DFOPT_VERSION "\n");
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--help");
    assert_rc(&r, 0);
    assert_true(starts_with(r.out, "usage: dfopt [options] [FILE|DIR|-]...\n"));
    assert_non_null(strstr(r.out, "--unsafe-fixes"));
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "-h", "--bogus");
    assert_rc(&r, 0);
    assert_true(starts_with(r.out, "usage: dfopt "));
    cli_res_free(&r);
}

/* ---- configuration ----------------------------------------------------- */

static char *real_path(const char *dir, const char *name)
{
    char buf[PATH_MAX];
    assert_non_null(realpath(dir, buf));
    return tpath(buf, name);
}

static void test_config_next_to_file(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    twrite(d, ".dfopt.json", "{\"ignore\": [\"DF012\"]}\n", 0644);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_ADD);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "-q", "--no-config", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    cli_res_free(&r);
    /* the command line wins */
    CLI(&r, d, NULL, "-q", "--select", "DF012", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    cli_res_free(&r);
    /* a config file in a parent folder applies to a Dockerfile below */
    tmkdir(d, "svc");
    twrite(d, "svc/Dockerfile", DF_ADD, 0644);
    CLI(&r, d, NULL, "--check", "svc/Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
}

static void test_config_unsafe_fixes(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", "FROM alpine\nADD mystery /m\n", 0644);
    twrite(d, ".dfopt.json", "{\"unsafe-fixes\": true, \"select\": \"all\"}", 0644);
    cli_res r;
    CLI(&r, d, NULL, "-q", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "FROM alpine\nCOPY mystery /m\n");
    cli_res_free(&r);
}

static void test_config_invalid(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    twrite(d, ".dfopt.json", "{\"ignored\": [\"DF012\"]}\n", 0644);
    char *cfg = real_path(d, ".dfopt.json");
    char want[PATH_MAX + 100];
    snprintf(want, sizeof want, "dfopt: %s: unknown key \"ignored\"\n", cfg);
    cli_res r;
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, want);
    cli_res_free(&r);
    /* --no-config: not read at all */
    CLI(&r, d, NULL, "-q", "--no-config", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    cli_res_free(&r);
    /* not JSON */
    twrite(d, ".dfopt.json", "{\"ignore\": [DF012]}\n", 0644);
    CLI(&r, d, NULL, "Dockerfile");
    assert_rc(&r, 2);
    snprintf(want, sizeof want, "dfopt: %s:1:", cfg);
    assert_true(starts_with(r.err, want));
    cli_res_free(&r);
    free(cfg);
}

static void test_config_option(void **state)
{
    const char *d = *state;
    twrite(d, "Dockerfile", DF_ADD, 0644);
    twrite(d, ".dfopt.json", "{\"bogus\": 1}", 0644); /* would fail if read */
    tmkdir(d, "cfg");
    twrite(d, "cfg/strict.json", "{\"ignore\": \"add-for-local-files\"}", 0644);
    cli_res r;
    CLI(&r, d, NULL, "--config", "cfg/strict.json", "Dockerfile");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_ADD);
    assert_string_equal(r.err, "");
    cli_res_free(&r);
    CLI(&r, d, NULL, "--config=cfg/missing.json", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.out, "");
    assert_true(starts_with(r.err, "dfopt: cannot read cfg/missing.json: "));
    cli_res_free(&r);
    twrite(d, "cfg/bad.json", "{\"select\": [\"DF999\"]}", 0644);
    CLI(&r, d, NULL, "--config", "cfg/bad.json", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: cfg/bad.json: \"select\": unknown rule \"DF999\"\n");
    cli_res_free(&r);
}

static void test_config_stdin_uses_cwd(void **state)
{
    const char *d = *state;
    twrite(d, ".dfopt.json", "{\"ignore\": [\"DL3020\"]}", 0644);
    cli_res r;
    CLI(&r, d, DF_ADD, "-");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_ADD);
    cli_res_free(&r);
    CLI(&r, d, DF_ADD, "-q", "--no-config", "-");
    assert_rc(&r, 0);
    assert_string_equal(r.out, DF_COPY);
    cli_res_free(&r);
}

int main(void)
{
    if (tbin_find("test_cli", g_bin) < 0)
        return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_default_stdout),
        T(test_quiet),
        T(test_clean_file_default),
        T(test_in_place_keeps_mode),
        T(test_in_place_untouched_when_clean),
        T(test_in_place_symlink),
        T(test_in_place_read_only_file),
        T(test_in_place_read_only_dir),
        T(test_unprivileged_run_from_private_folder),
        T(test_diff_exact),
        T(test_diff_clean),
        T(test_diff_no_final_newline),
        T(test_diff_applies_with_patch),
        T(test_diff_applies_no_final_newline),
        T(test_diff_applies_unsafe),
        T(test_diff_applies_with_git),
        T(test_diff_labels_outside_a_repository),
        T(test_check),
        T(test_stdin),
        T(test_crlf_in_place),
        T(test_no_final_newline_in_place),
        T(test_select_none_identity),
        T(test_directory_search),
        T(test_vendored_third_party_files),
        T(test_empty_directory),
        T(test_several_files_default_mode),
        T(test_select_ignore),
        T(test_unknown_rule),
        T(test_unknown_option),
        T(test_merge_mode),
        T(test_unsafe_fixes),
        T(test_sarif_report),
        T(test_json_report),
        T(test_json_several_and_errors),
        T(test_json_with_check),
        T(test_parse_error_heredoc),
        T(test_parse_error_env),
        T(test_missing_file),
        T(test_list_rules),
        T(test_explain),
        T(test_version_help),
        T(test_config_next_to_file),
        T(test_config_unsafe_fixes),
        T(test_config_invalid),
        T(test_config_option),
        T(test_config_stdin_uses_cwd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
