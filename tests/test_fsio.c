/*
 * test_fsio.c - reading inputs, atomic in-place writes, folder search,
 * file names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/buf.h"
#include "dfopt/dircache.h"
#include "dfopt/fsio.h"

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

/* ---- df_read_file -------------------------------------------------------- */

static void test_read_file(void **state)
{
    const char *d = *state;
    static const char bytes[] = "FROM a\r\n\0binary\xff\nend";
    twrite_n(d, "f", bytes, sizeof bytes - 1, 0644);
    char *p = tpath(d, "f");
    df_buf b = DF_BUF_INIT;
    char err[256] = "";
    assert_int_equal(df_read_file(p, &b, err, sizeof err), 0);
    assert_int_equal(b.len, sizeof bytes - 1);
    assert_memory_equal(b.data, bytes, sizeof bytes - 1);
    assert_int_equal(b.data[b.len], '\0');
    assert_string_equal(err, "");
    df_buf_release(&b);
    free(p);
    /* empty */
    twrite(d, "empty", "", 0644);
    p = tpath(d, "empty");
    assert_int_equal(df_read_file(p, &b, err, sizeof err), 0);
    assert_int_equal(b.len, 0);
    df_buf_release(&b);
    free(p);
    /* bigger than one read */
    size_t n = 200000;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    twrite_n(d, "big", big, n, 0644);
    p = tpath(d, "big");
    assert_int_equal(df_read_file(p, &b, err, sizeof err), 0);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, big, n);
    df_buf_release(&b);
    free(p);
    free(big);
}

static void test_read_file_errors(void **state)
{
    const char *d = *state;
    char *p = tpath(d, "missing");
    df_buf b = DF_BUF_INIT;
    char err[512], want[512];
    assert_int_equal(df_read_file(p, &b, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot open %s: No such file or directory", p);
    assert_string_equal(err, want);
    df_buf_release(&b);
    free(p);
    tmkdir(d, "folder");
    p = tpath(d, "folder");
    assert_int_equal(df_read_file(p, &b, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s is a folder", p);
    assert_string_equal(err, want);
    df_buf_release(&b);
    free(p);
    /* a short error buffer is cut, not overrun */
    char small[8];
    p = tpath(d, "missing");
    assert_int_equal(df_read_file(p, &b, small, sizeof small), -1);
    assert_string_equal(small, "cannot ");
    df_buf_release(&b);
    free(p);
}

/* ---- df_write_in_place ----------------------------------------------------- */

static void test_write_in_place(void **state)
{
    const char *d = *state;
    const char *old = "FROM a\nADD x.txt /x\n", *new = "FROM a\nCOPY x.txt /x\n";
    twrite(d, "Dockerfile", old, 0640);
    char *p = tpath(d, "Dockerfile");
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    char err[512] = "";
    assert_int_equal(df_write_in_place(p, new, strlen(new), old, strlen(old), err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_file(d, "Dockerfile", new);
    assert_int_equal(stat(p, &after), 0);
    assert_int_equal(after.st_mode & 07777, 0640);
    assert_int_equal(after.st_uid, before.st_uid);
    assert_int_equal(after.st_gid, before.st_gid);
    assert_int_equal(tcount(d), 1); /* no temporary file left */
    /* other modes */
    static const mode_t modes[] = {0600, 0755, 0604, 02644};
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        twrite(d, "Dockerfile", old, modes[i]);
        assert_int_equal(df_write_in_place(p, new, strlen(new), old, strlen(old), err, sizeof err), 0);
        assert_int_equal(stat(p, &after), 0);
        assert_int_equal(after.st_mode & 07777, modes[i]);
        assert_file(d, "Dockerfile", new);
    }
    /* to empty, and from empty; bytes with NULs */
    assert_int_equal(df_write_in_place(p, "", 0, new, strlen(new), err, sizeof err), 0);
    assert_file(d, "Dockerfile", "");
    assert_int_equal(df_write_in_place(p, "a\0b", 3, "", 0, err, sizeof err), 0);
    assert_file_n(d, "Dockerfile", "a\0b", 3);
    assert_int_equal(tcount(d), 1);
    free(p);
}

static void test_write_symlink(void **state)
{
    const char *d = *state;
    const char *old = "old\n", *new = "new\n";
    tmkdir(d, "t");
    twrite(d, "t/real", old, 0600);
    char *link = tpath(d, "link");
    assert_int_equal(symlink("t/real", link), 0);
    char *link2 = tpath(d, "link2");
    assert_int_equal(symlink("link", link2), 0); /* a chain */
    char err[512] = "";
    assert_int_equal(df_write_in_place(link2, new, strlen(new), old, strlen(old), err, sizeof err), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(link2, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char buf[64];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "t/real");
    assert_file(d, "t/real", new);
    assert_int_equal(stat(link, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    char *t = tpath(d, "t");
    assert_int_equal(tcount(t), 1);
    assert_int_equal(tcount(d), 3);
    free(t);
    /* a dangling link */
    char *dang = tpath(d, "dangling");
    assert_int_equal(symlink("t/nothing", dang), 0);
    char want[600];
    assert_int_equal(df_write_in_place(dang, new, strlen(new), "", 0, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot resolve %s: No such file or directory", dang);
    assert_string_equal(err, want);
    assert_int_equal(lstat(dang, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(dang);
    free(link);
    free(link2);
}

static void test_write_refusals(void **state)
{
    const char *d = *state;
    const char *old = "old\n", *new = "new\n";
    char err[600], want[600];
    /* read-only */
    twrite(d, "ro", old, 0444);
    char *p = tpath(d, "ro");
    assert_int_equal(df_write_in_place(p, new, strlen(new), old, strlen(old), err, sizeof err), -1);
    snprintf(want, sizeof want, "%s is read-only: not rewritten", p);
    assert_string_equal(err, want);
    assert_file(d, "ro", old);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0444);
    free(p);
    /* changed since read */
    twrite(d, "f", old, 0644);
    p = tpath(d, "f");
    assert_int_equal(df_write_in_place(p, new, strlen(new), "0ld\n", 4, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s changed on disk while dfopt ran: not rewritten", p);
    assert_string_equal(err, want);
    assert_file(d, "f", old);
    /* same prefix, different length */
    assert_int_equal(df_write_in_place(p, new, strlen(new), old, strlen(old) - 1, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_int_equal(df_write_in_place(p, new, strlen(new), "old\nmore", 8, err, sizeof err), -1);
    assert_string_equal(err, want);
    assert_file(d, "f", old);
    free(p);
    /* missing */
    p = tpath(d, "missing");
    assert_int_equal(df_write_in_place(p, new, strlen(new), old, strlen(old), err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot resolve %s: No such file or directory", p);
    assert_string_equal(err, want);
    assert_int_equal(access(p, F_OK), -1);
    free(p);
    /* a folder */
    tmkdir(d, "dir");
    p = tpath(d, "dir");
    assert_int_equal(df_write_in_place(p, new, strlen(new), "", 0, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s is not a regular file", p);
    assert_string_equal(err, want);
    free(p);
    assert_int_equal(tcount(d), 3); /* ro, f, dir: no temporary files */
}

/* ---- names and folders ----------------------------------------------------- */

static void test_is_dockerfile_name(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "Dockerfile", "Dockerfile.prod", "Dockerfile.dev.arm64", "api.Dockerfile", "api.dockerfile",
        "x.DOCKERFILE", "Containerfile", "Containerfile.ci", "a.b.Dockerfile", "dockerfile",
    };
    static const char *const no[] = {
        "DOCKERFILE", "DockerFile", "dockerfile.prod", "Dockerfile~", "Dockerfile-prod", "Dockerfiles", "README", "Makefile",
        ".Dockerfile", "containerfile", "Containerfile-x", "apiDockerfile", "", "docker-compose.yml",
        "Dockerfile .bak",
    };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!df_is_dockerfile_name(yes[i]))
            fail_msg("\"%s\" should be a Dockerfile name", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (df_is_dockerfile_name(no[i]))
            fail_msg("\"%s\" should not be a Dockerfile name", no[i]);
}

static void test_is_dockerfile_name_dockerignore(void **state)
{
    (void)state;
    /* Regression test (was a bug, fixed): BuildKit's per-Dockerfile ignore
     * files matched "Dockerfile.*" and were parsed as Dockerfiles. */
    assert_false(df_is_dockerfile_name("Dockerfile.dockerignore"));
    assert_false(df_is_dockerfile_name("api.Dockerfile.dockerignore"));
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

static void test_find_dockerfiles(void **state)
{
    const char *d = *state;
    static const char *const dirs[] = {"p", "p/b", "p/b/c", "p/.git", "p/.hidden", "p/node_modules", "p/a", "p/Z"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        tmkdir(d, dirs[i]);
    static const char *const files[] = {
        "p/Dockerfile", "p/Dockerfile.prod", "p/api.Dockerfile", "p/Containerfile", "p/README", "p/.git/Dockerfile",
        "p/.hidden/Dockerfile", "p/node_modules/Dockerfile", "p/b/c/Dockerfile", "p/a/x.dockerfile",
        "p/Z/Dockerfile", "p/.Dockerfile", "p/b/notes.txt",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        twrite(d, files[i], "FROM a\n", 0644);
    /* a symlink to a Dockerfile counts; a symlink to a folder is not entered */
    char *l1 = tpath(d, "p/b/Dockerfile.link");
    assert_int_equal(symlink("../Dockerfile", l1), 0);
    char *l2 = tpath(d, "p/loop");
    assert_int_equal(symlink(".", l2), 0);
    free(l1);
    free(l2);
    char *root = tpath(d, "p");
    char **paths = NULL;
    size_t n = 0, cap = 0;
    char err[512] = "";
    assert_int_equal(df_find_dockerfiles(root, &paths, &n, &cap, err, sizeof err), 0);
    static const char *const want[] = {
        "Containerfile", "Dockerfile", "Dockerfile.prod", "Z/Dockerfile", "a/x.dockerfile",
        "api.Dockerfile", "b/Dockerfile.link", "b/c/Dockerfile",
    };
    size_t nw = sizeof want / sizeof *want;
    if (n != nw) {
        for (size_t i = 0; i < n; i++)
            print_message("found %s\n", paths[i]);
        fail_msg("%zu found, want %zu", n, nw);
    }
    for (size_t i = 0; i < n; i++) {
        char *w = tpath(root, want[i]);
        assert_string_equal(paths[i], w);
        free(w);
    }
    assert_true(cap >= n);
    /* appends to what is there */
    char *sub = tpath(d, "p/b");
    assert_int_equal(df_find_dockerfiles(sub, &paths, &n, &cap, err, sizeof err), 0);
    assert_int_equal(n, nw + 2);
    char *w = tpath(d, "p/b/Dockerfile.link");
    assert_string_equal(paths[nw], w);
    free(w);
    w = tpath(d, "p/b/c/Dockerfile");
    assert_string_equal(paths[nw + 1], w);
    free(w);
    free(sub);
    free_paths(paths, n);
    free(root);
}

/* Class "vendored third-party files" (review 2026-12, apps 098 molch
 * subprojects/protobuf, 100 mig vendor/github.com/aws): the folder search
 * does not enter vendored folders, and a file under one is recognised by
 * the folders of its real path below the git root. */
static void test_vendored_third_party_files(void **state)
{
    const char *d = *state;
    static const char *const dirs[] = {"r", "r/.git", "r/vendor", "r/vendor/github.com", "r/third_party",
                                       "r/third-party", "r/subprojects", "r/subprojects/protobuf", "r/node_modules",
                                       "r/external", "r/app", "r/app/vendors"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        tmkdir(d, dirs[i]);
    static const char *const files[] = {
        "r/vendor/github.com/Dockerfile", "r/third_party/Dockerfile", "r/third-party/Dockerfile",
        "r/subprojects/protobuf/Dockerfile", "r/node_modules/Dockerfile", "r/external/Dockerfile",
        "r/app/Dockerfile", "r/app/vendors/Dockerfile", "r/vendor__x__Dockerfile",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        twrite(d, files[i], "FROM a\n", 0644);
    char *root = tpath(d, "r");
    char **paths = NULL;
    size_t n = 0, cap = 0;
    char err[512] = "";
    assert_int_equal(df_find_dockerfiles(root, &paths, &n, &cap, err, sizeof err), 0);
    static const char *const want[] = {"app/Dockerfile", "app/vendors/Dockerfile", "external/Dockerfile"};
    assert_int_equal(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n; i++) {
        char *w = tpath(root, want[i]);
        assert_string_equal(paths[i], w);
        free(w);
    }
    free_paths(paths, n);
    /* given by path: the folders below the git root decide */
    static const struct {
        const char *file, *folder;
    } cases[] = {
        {"r/vendor/github.com/Dockerfile", "vendor"},
        {"r/third_party/Dockerfile", "third_party"},
        {"r/third-party/Dockerfile", "third-party"},
        {"r/subprojects/protobuf/Dockerfile", "subprojects"},
        {"r/node_modules/Dockerfile", "node_modules"},
        {"r/external/Dockerfile", NULL},
        {"r/app/Dockerfile", NULL},
        {"r/app/vendors/Dockerfile", NULL},
        /* a flattened name is a file name, not folders */
        {"r/vendor__x__Dockerfile", NULL},
    };
    /* a symlink counts where it points: a link to a vendored file is
     * vendored, a link in a vendored folder to the project's file is not */
    char *from = tpath(d, "r/app/link.Dockerfile"), *to = tpath(d, "r/vendor/github.com/Dockerfile");
    assert_int_equal(symlink(to, from), 0);
    free(from);
    free(to);
    from = tpath(d, "r/node_modules/link.Dockerfile");
    to = tpath(d, "r/app/Dockerfile");
    assert_int_equal(symlink(to, from), 0);
    free(from);
    free(to);
    static const struct {
        const char *file, *folder;
    } links[] = {
        {"r/app/link.Dockerfile", "vendor"},
        {"r/node_modules/link.Dockerfile", NULL},
    };
    /* the same answers with the run's folder cache (dircache.h) as without,
     * each folder resolved once however many of its files are asked */
    df_dircache *dc = df_dircache_new();
    assert_non_null(dc);
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < sizeof cases / sizeof *cases + sizeof links / sizeof *links; i++) {
            bool link = i >= sizeof cases / sizeof *cases;
            const char *file = link ? links[i - sizeof cases / sizeof *cases].file : cases[i].file;
            const char *folder_want = link ? links[i - sizeof cases / sizeof *cases].folder : cases[i].folder;
            char *p = tpath(d, file);
            char folder[64] = "x";
            bool got = df_vendored_folder(p, pass ? dc : NULL, pass == 1 ? -1 : link, folder, sizeof folder) == 1;
            if (got != (folder_want != NULL))
                fail_msg("%s (pass %d): vendored %d", file, pass, got);
            if (folder_want)
                assert_string_equal(folder, folder_want);
            free(p);
        }
    }
    /* r, r/vendor/github.com, r/third_party, r/third-party,
     * r/subprojects/protobuf, r/node_modules, r/external, r/app,
     * r/app/vendors (the links' own folders are among them; the
     * current folder is not asked: every file is below the git root) */
    assert_int_equal(df_dircache_resolves(dc), 9);
    df_dircache_free(dc);
    /* the folders above the git root do not count */
    tmkdir(d, "vendor");
    tmkdir(d, "vendor/own");
    tmkdir(d, "vendor/own/.git");
    twrite(d, "vendor/own/Dockerfile", "FROM a\n", 0644);
    char *p = tpath(d, "vendor/own/Dockerfile");
    char folder[64];
    assert_int_equal(df_vendored_folder(p, NULL, -1, folder, sizeof folder), 0);
    free(p);
    /* a path that does not resolve */
    p = tpath(d, "r/vendor/none/Dockerfile");
    assert_int_equal(df_vendored_folder(p, NULL, -1, folder, sizeof folder), 0);
    free(p);
    free(root);
}

static void test_find_dockerfiles_many_and_errors(void **state)
{
    const char *d = *state;
    tmkdir(d, "m");
    for (int i = 0; i < 40; i++) {
        char name[64];
        snprintf(name, sizeof name, "m/s%02d.Dockerfile", 39 - i);
        twrite(d, name, "FROM a\n", 0644);
    }
    char *m = tpath(d, "m");
    char **paths = NULL;
    size_t n = 0, cap = 0;
    char err[512] = "";
    assert_int_equal(df_find_dockerfiles(m, &paths, &n, &cap, err, sizeof err), 0);
    assert_int_equal(n, 40);
    for (size_t i = 0; i < n; i++) {
        char want[PATH_MAX];
        snprintf(want, sizeof want, "%s/s%02zu.Dockerfile", m, i);
        assert_string_equal(paths[i], want);
    }
    free_paths(paths, n);
    free(m);
    /* empty folder: nothing, no error */
    tmkdir(d, "e");
    char *e = tpath(d, "e");
    paths = NULL;
    n = cap = 0;
    assert_int_equal(df_find_dockerfiles(e, &paths, &n, &cap, err, sizeof err), 0);
    assert_int_equal(n, 0);
    free(paths);
    free(e);
    /* missing folder */
    char *x = tpath(d, "nope");
    assert_int_equal(df_find_dockerfiles(x, &paths, &n, &cap, err, sizeof err), -1);
    char want[600];
    snprintf(want, sizeof want, "cannot open folder %s: No such file or directory", x);
    assert_string_equal(err, want);
    assert_int_equal(n, 0);
    free(paths);
    free(x);
}

static void test_is_dir(void **state)
{
    const char *d = *state;
    assert_true(df_is_dir(d));
    assert_true(df_is_dir("/"));
    twrite(d, "f", "x", 0644);
    char *f = tpath(d, "f");
    assert_false(df_is_dir(f));
    free(f);
    char *l = tpath(d, "l");
    assert_int_equal(symlink(".", l), 0);
    assert_true(df_is_dir(l)); /* follows symlinks */
    free(l);
    char *m = tpath(d, "missing");
    assert_false(df_is_dir(m));
    free(m);
}

static void test_dirname(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Dockerfile", "."},
        {"./Dockerfile", "."},
        {"a/Dockerfile", "a"},
        {"a/b/c/Dockerfile", "a/b/c"},
        {"/Dockerfile", "/"},
        {"/srv/app/Dockerfile", "/srv/app"},
        {"../x/Dockerfile", "../x"},
        {"", "."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = df_dirname(cases[i][0]);
        assert_non_null(got);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("df_dirname(\"%s\") = \"%s\", want \"%s\"", cases[i][0], got, cases[i][1]);
        free(got);
    }
}

/* df_read_file_ex says whether the path's last part is a symlink; the
 * bytes are the target's either way */
static void test_read_file_link(void **state)
{
    const char *d = *state;
    twrite(d, "target", "FROM a\n", 0644);
    tmkdir(d, "sub");
    char *target = tpath(d, "target"), *link = tpath(d, "link"), *dirlink = tpath(d, "dirlink");
    char *through = tpath(d, "dirlink/target"), *dangling = tpath(d, "dangling");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(symlink(d, dirlink), 0);
    assert_int_equal(symlink("nowhere", dangling), 0);
    static const struct {
        int which;
        bool link;
    } cases[] = {{0, false}, {1, true}, {2, false}}; /* a link above the file is not the file's */
    const char *paths[] = {target, link, through};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        df_buf b = DF_BUF_INIT;
        char err[256] = "";
        bool is_link = !cases[i].link;
        assert_int_equal(df_read_file_ex(paths[cases[i].which], &b, &is_link, err, sizeof err), 0);
        assert_int_equal(is_link, cases[i].link);
        assert_int_equal(b.len, 7);
        assert_memory_equal(b.data, "FROM a\n", 7);
        df_buf_release(&b);
    }
    /* a dangling link: the error of a plain open */
    df_buf b = DF_BUF_INIT;
    char err[256] = "";
    bool is_link = true;
    assert_int_equal(df_read_file_ex(dangling, &b, &is_link, err, sizeof err), -1);
    assert_false(is_link);
    assert_non_null(strstr(err, "No such file"));
    df_buf_release(&b);
    free(target), free(link), free(dirlink), free(through), free(dangling);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read_file),
        T(test_read_file_errors),
        T(test_read_file_link),
        T(test_write_in_place),
        T(test_write_symlink),
        T(test_write_refusals),
        cmocka_unit_test(test_is_dockerfile_name),
        cmocka_unit_test(test_is_dockerfile_name_dockerignore),
        T(test_find_dockerfiles),
        T(test_find_dockerfiles_many_and_errors),
        T(test_vendored_third_party_files),
        T(test_is_dir),
        cmocka_unit_test(test_dirname),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
