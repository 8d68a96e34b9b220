/*
 * test_hostile.c - hostile and pathological inputs, end to end: the built
 * binary (DFOPT_BIN, default ./dfopt) on inputs generated here at test time.
 *
 * What must hold (docs/reliability.md): a binary file is refused (exit 3,
 * "FILE: not a Dockerfile (NUL byte at offset N)", nothing written);
 * invalid UTF-8 passes through untouched; pathological shapes (a 64 KiB
 * line, 10,000 nested subshells and $(...), 100,000 heredocs, 100,000
 * stages, 10,000 files in a folder) finish with the right answer; a file
 * over DF_MAX_INPUT is refused with a clear message; a symlink loop, a FIFO,
 * a pipe given as /dev/stdin and a folder named Dockerfile are handled.
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

static char g_bin[PATH_MAX];

static int setup(void **state)
{
    char *d = tdir_new();
    tmkdir(d, ".git"); /* stops the configuration lookup here */
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    tdir_free(*state);
    return 0;
}

/* Run dfopt in dir with args; in/inlen: standard input (NULL: none). */
static void run_v(cli_res *r, const char *dir, const char *in, size_t inlen, const char *const *args)
{
    char *argv[16];
    size_t n = 0;
    argv[n++] = g_bin;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = (char *)(uintptr_t)args[i];
    argv[n] = NULL;
    if (run_prog(r, dir, in, inlen, argv, -1) < 0)
        fail_msg("cannot run %s", g_bin);
}

#define RUN(r, dir, ...) run_v((r), (dir), NULL, 0, (const char *const[]){__VA_ARGS__, NULL})

static void assert_rc(const cli_res *r, int want)
{
    if (r->rc != want)
        fail_msg("exit %d, want %d\nstdout: %.300s\nstderr: %.600s", r->rc, want, r->out, r->err);
}

static void write_buf(const char *dir, const char *name, const df_buf *b)
{
    twrite_n(dir, name, b->data ? b->data : "", b->len, 0644);
}

/* dfopt's output, run through dfopt again, changes nothing. */
static void assert_fixpoint(const char *dir, const cli_res *first)
{
    twrite_n(dir, "again", first->out, first->outlen, 0644);
    cli_res r;
    RUN(&r, dir, "-q", "--unsafe-fixes", "--check", "again");
    assert_rc(&r, 0);
    assert_string_equal(r.out, "");
    cli_res_free(&r);
}

/* ---- binary files -------------------------------------------------------- */

static void test_nul_byte_refused(void **state)
{
    const char *d = *state;
    static const char text[] = "FROM alpine\nADD x\0y /\n";
    twrite_n(d, "Dockerfile", text, sizeof text - 1, 0644);
    twrite(d, "x", "", 0644);
    cli_res r;
    RUN(&r, d, "-i", "Dockerfile");
    assert_rc(&r, 3);
    assert_string_equal(r.err, "Dockerfile: not a Dockerfile (NUL byte at offset 17)\n");
    assert_string_equal(r.out, "");
    assert_file_n(d, "Dockerfile", text, sizeof text - 1);
    assert_int_equal(tcount(d), 3); /* .git, Dockerfile, x: no temporary file */
    cli_res_free(&r);

    /* an ELF header: the NUL comes early */
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0";
    twrite_n(d, "prog", elf, sizeof elf - 1, 0755);
    RUN(&r, d, "--diff", "prog");
    assert_rc(&r, 3);
    assert_string_equal(r.err, "prog: not a Dockerfile (NUL byte at offset 7)\n");
    assert_string_equal(r.out, "");
    cli_res_free(&r);

    /* the JSON report says the same, as a parse error */
    RUN(&r, d, "--format", "json", "prog");
    assert_rc(&r, 3);
    assert_non_null(strstr(r.out, "not a Dockerfile (NUL byte at offset 7)"));
    cli_res_free(&r);
}

/* ---- encodings ------------------------------------------------------------ */

static void test_invalid_utf8_untouched(void **state)
{
    const char *d = *state;
    /* Latin-1 é in a file name, stray bytes in a RUN, a truncated sequence */
    static const char in[] = "FROM alpine\nADD caf\xe9.py /app/\nRUN echo \xff\xfe \xe2\x82 && apk add curl\n";
    static const char want[] =
        "FROM alpine\nCOPY caf\xe9.py /app/\nRUN echo \xff\xfe \xe2\x82 && apk add --no-cache curl\n";
    twrite_n(d, "Dockerfile", in, sizeof in - 1, 0644);
    twrite(d, "caf\xe9.py", "print(1)\n", 0644);
    cli_res r;
    RUN(&r, d, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_file_n(d, "Dockerfile", want, sizeof want - 1);
    cli_res_free(&r);
    /* and the rewrite is a fixed point */
    RUN(&r, d, "-q", "--check", "Dockerfile");
    assert_rc(&r, 0);
    cli_res_free(&r);
}

/* ---- pathological shapes ---------------------------------------------------- */

static void test_line_over_64k(void **state)
{
    const char *d = *state;
    df_buf b = DF_BUF_INIT;
    df_buf_addstr(&b, "FROM alpine\nRUN echo ");
    for (int i = 0; i < 70000; i++)
        df_buf_addstr(&b, "a");
    df_buf_addstr(&b, "\n");
    write_buf(d, "Dockerfile", &b);
    cli_res r;
    RUN(&r, d, "-i", "Dockerfile");
    assert_rc(&r, 3);
    /* BuildKit's message (corpus expected/: probes/scanner-too-long) */
    const char *want = "Dockerfile:2:1: error: dockerfile line greater than max allowed size of 65535\n";
    assert_true(strncmp(r.err, want, strlen(want)) == 0);
    assert_file_n(d, "Dockerfile", b.data, b.len);
    cli_res_free(&r);
    df_buf_release(&b);
}

static void test_deep_nesting(void **state)
{
    const char *d = *state;
    df_buf b = DF_BUF_INIT;
    /* 10,000 nested subshells around an install, then 10,000 nested $( */
    df_buf_addstr(&b, "FROM debian\nRUN ");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, "(");
    df_buf_addstr(&b, "apt-get install curl");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, ")");
    df_buf_addstr(&b, "\nRUN echo ");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, "$(");
    df_buf_addstr(&b, "true");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, ")");
    /* and 10,000 nested "$(echo " one per line (a line stays under 64 KiB) */
    df_buf_addstr(&b, "\nRUN echo \"");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, "$(echo \"\\\n");
    for (int i = 0; i < 10000; i++)
        df_buf_addstr(&b, "\")");
    df_buf_addstr(&b, "\"\n");
    write_buf(d, "Dockerfile", &b);
    cli_res r;
    /* the shell model gives up past DF_SH_MAX_DEPTH levels: the scripts are
     * not read, so no rule rewrites them, and nothing overflows the stack */
    RUN(&r, d, "-q", "--unsafe-fixes", "Dockerfile");
    assert_rc(&r, 0);
    assert_int_equal(r.outlen, b.len);
    assert_memory_equal(r.out, b.data, b.len);
    cli_res_free(&r);
    df_buf_release(&b);
}

static void test_100k_heredocs(void **state)
{
    const char *d = *state;
    df_buf b = DF_BUF_INIT;
    /* 100,000 heredoc RUNs ... */
    df_buf_addstr(&b, "# syntax=docker/dockerfile:1\nFROM alpine\n");
    for (int i = 0; i < 100000; i++)
        df_buf_addstr(&b, "RUN <<EOF\ntrue\nEOF\n");
    df_buf_addstr(&b, "RUN apk add curl\n");
    write_buf(d, "Dockerfile", &b);
    cli_res r;
    RUN(&r, d, "-q", "--unsafe-fixes", "Dockerfile");
    assert_rc(&r, 0);
    /* the last RUN is still fixed, at the end of the output */
    const char *tail = "RUN apk add --no-cache curl\n";
    assert_true(r.outlen > strlen(tail));
    assert_string_equal(r.out + r.outlen - strlen(tail), tail);
    assert_fixpoint(d, &r);
    cli_res_free(&r);
    df_buf_release(&b);

    /* ... and 100,000 heredocs in one RUN (one per continuation line) */
    df_buf c = DF_BUF_INIT;
    df_buf_addstr(&c, "FROM alpine\nRUN cat");
    for (int i = 0; i < 100000; i++)
        df_buf_printf(&c, " <<E%d \\\n", i);
    df_buf_addstr(&c, " > /out\n");
    for (int i = 0; i < 100000; i++)
        df_buf_printf(&c, "x\nE%d\n", i);
    write_buf(d, "Dockerfile", &c);
    RUN(&r, d, "-q", "--unsafe-fixes", "Dockerfile");
    assert_rc(&r, 0);
    assert_int_equal(r.outlen, c.len);
    assert_memory_equal(r.out, c.data, c.len);
    cli_res_free(&r);
    df_buf_release(&c);
}

static void test_100k_stages(void **state)
{
    const char *d = *state;
    df_buf b = DF_BUF_INIT;
    df_buf_addstr(&b, "FROM alpine AS b0\n");
    for (int i = 1; i < 100000; i++)
        df_buf_printf(&b, "FROM a AS b%x\nCOPY --from=b%x a a\n", i, i - 1);
    df_buf_addstr(&b, "RUN apk add curl\n");
    assert_true(b.len < DF_MAX_INPUT);
    write_buf(d, "Dockerfile", &b);
    cli_res r;
    RUN(&r, d, "-q", "--unsafe-fixes", "Dockerfile");
    assert_rc(&r, 0);
    /* the install of the last (shipped) stage is fixed; the rest is kept */
    const char *tail = "RUN apk add --no-cache curl\n";
    size_t keep = b.len - strlen("RUN apk add curl\n");
    assert_int_equal(r.outlen, keep + strlen(tail));
    assert_memory_equal(r.out, b.data, keep);
    assert_string_equal(r.out + keep, tail);
    assert_fixpoint(d, &r);
    cli_res_free(&r);
    df_buf_release(&b);
}

static void test_too_large_refused(void **state)
{
    const char *d = *state;
    /* a 100 MB file (sparse: no disk used) */
    char *p = tpath(d, "Dockerfile");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 100000000), 0);
    assert_int_equal(close(fd), 0);
    cli_res r;
    RUN(&r, d, "-i", "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: Dockerfile is too large (100000000 bytes; dfopt reads at most 4 MiB)\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 100000000);
    cli_res_free(&r);
    free(p);

    /* a stream over the limit: read up to it, then refused */
    size_t n = DF_MAX_INPUT + 4096;
    char *big = malloc(n);
    assert_non_null(big);
    memcpy(big, "FROM a\n", 7);
    memset(big + 7, '#', n - 7);
    for (size_t i = 100; i < n; i += 100)
        big[i] = '\n';
    run_v(&r, d, big, n, (const char *const[]){"-", NULL});
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: <stdin> is too large (more than 4 MiB; dfopt reads at most 4 MiB)\n");
    cli_res_free(&r);
    /* exactly the limit is read */
    big[DF_MAX_INPUT - 1] = '\n';
    run_v(&r, d, big, DF_MAX_INPUT, (const char *const[]){"-q", "-", NULL});
    assert_rc(&r, 0);
    assert_int_equal(r.outlen, DF_MAX_INPUT);
    cli_res_free(&r);
    free(big);
}

static void test_folder_of_10000(void **state)
{
    const char *d = *state;
    tmkdir(d, "tree");
    char name[64];
    for (int k = 0; k < 100; k++) {
        snprintf(name, sizeof name, "tree/d%02d", k);
        tmkdir(d, name);
        for (int i = 0; i < 100; i++) {
            snprintf(name, sizeof name, "tree/d%02d/Dockerfile.%d", k, i);
            twrite(d, name, i % 2 ? "FROM alpine\nRUN apk add curl\n" : "FROM alpine\n", 0644);
        }
    }
    cli_res r;
    RUN(&r, d, "-q", "--check", "tree");
    assert_rc(&r, 1);
    /* the 5,000 files with an install are listed, sorted */
    size_t lines = 0;
    for (size_t i = 0; i < r.outlen; i++)
        lines += r.out[i] == '\n';
    assert_int_equal(lines, 5000);
    assert_true(strncmp(r.out, "tree/d00/Dockerfile.1\ntree/d00/Dockerfile.11\n", 44) == 0);
    cli_res_free(&r);
}

static void test_symlink_loop(void **state)
{
    const char *d = *state;
    char *loop = tpath(d, "Dockerfile");
    assert_int_equal(symlink("Dockerfile", loop), 0);
    cli_res r;
    RUN(&r, d, "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: cannot open Dockerfile: Too many levels of symbolic links\n");
    cli_res_free(&r);
    RUN(&r, d, "-i", "Dockerfile");
    assert_rc(&r, 2);
    cli_res_free(&r);
    /* in a folder: the loop and a link to the parent folder are not
     * followed; the real Dockerfile next to them is found */
    tmkdir(d, "sub");
    twrite(d, "sub/Dockerfile.app", "FROM alpine\nRUN apk add curl\n", 0644);
    char *up = tpath(d, "sub/up");
    assert_int_equal(symlink("..", up), 0);
    RUN(&r, d, "-q", "--check", ".");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "./sub/Dockerfile.app\n");
    cli_res_free(&r);
    free(up);
    free(loop);
}

static void test_fifo_and_pipe(void **state)
{
    const char *d = *state;
    static const char text[] = "FROM alpine\nRUN apk add curl\n";
    static const char want[] = "FROM alpine\nRUN apk add --no-cache curl\n";
    /* a pipe, as `dfopt <(gen)` gives it: /dev/stdin is that pipe here */
    cli_res r;
    run_v(&r, d, text, strlen(text), (const char *const[]){"-q", "/dev/stdin", NULL});
    assert_rc(&r, 0);
    assert_string_equal(r.out, want);
    cli_res_free(&r);

    /* a named FIFO, fed by a child */
    char *fifo = tpath(d, "Dockerfile");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(fifo, O_WRONLY);
        if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
            _exit(1);
        close(fd);
        _exit(0);
    }
    RUN(&r, d, "-q", "Dockerfile");
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_rc(&r, 0);
    assert_string_equal(r.out, want);
    cli_res_free(&r);

    /* -i cannot replace a FIFO */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(fifo, O_WRONLY);
        if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
            _exit(1);
        close(fd);
        _exit(0);
    }
    RUN(&r, d, "-q", "-i", "Dockerfile");
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: Dockerfile is not a regular file\n");
    struct stat sb;
    assert_int_equal(lstat(fifo, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
    cli_res_free(&r);

    /* in a folder search, a FIFO named Dockerfile is not opened (it could
     * block for ever) */
    RUN(&r, d, "-q", "--check", ".");
    assert_rc(&r, 0);
    assert_string_equal(r.err, "dfopt: no Dockerfile found in .\n");
    cli_res_free(&r);
    free(fifo);
}

static void test_folder_named_dockerfile(void **state)
{
    const char *d = *state;
    tmkdir(d, "Dockerfile");
    cli_res r;
    RUN(&r, d, "Dockerfile");
    assert_rc(&r, 2);
    assert_string_equal(r.err, "dfopt: no Dockerfile found in Dockerfile\n");
    cli_res_free(&r);
    /* it is searched like any folder */
    twrite(d, "Dockerfile/Dockerfile", "FROM alpine\nRUN apk add curl\n", 0644);
    RUN(&r, d, "-q", "--check", "Dockerfile");
    assert_rc(&r, 1);
    assert_string_equal(r.out, "Dockerfile/Dockerfile\n");
    cli_res_free(&r);
    RUN(&r, d, "-q", "-i", "Dockerfile");
    assert_rc(&r, 0);
    assert_file(d, "Dockerfile/Dockerfile", "FROM alpine\nRUN apk add --no-cache curl\n");
    cli_res_free(&r);
}

int main(void)
{
    if (tbin_find("test_hostile", g_bin) < 0)
        return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_nul_byte_refused),  T(test_invalid_utf8_untouched), T(test_line_over_64k),
        T(test_deep_nesting),      T(test_100k_heredocs),          T(test_100k_stages),
        T(test_too_large_refused), T(test_folder_of_10000),        T(test_symlink_loop),
        T(test_fifo_and_pipe),     T(test_folder_named_dockerfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
