/*
 * test_diff.c - unified diff: exact output for small cases, round trips
 * through GNU patch and git apply, a strict in-test patch applier for
 * randomized pairs, and the speed of 50,000-line inputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "dfopt/diff.h"

#define HDR "diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n"

/* ---- helpers ----------------------------------------------------------- */

static void diff_into(const char *a, size_t alen, const char *b, size_t blen, const char *pa,
                      const char *pb, unsigned ctx, df_buf *out)
{
    assert_int_equal(df_diff_unified(a, alen, b, blen, pa, pb, ctx, out), 0);
}

/* Diff two C strings as "Dockerfile" and compare with the expected text. */
static void check_diff_ctx(const char *a, const char *b, unsigned ctx, const char *want)
{
    df_buf out = DF_BUF_INIT;
    diff_into(a, strlen(a), b, strlen(b), "Dockerfile", "Dockerfile", ctx, &out);
    if (out.len != strlen(want) || memcmp(out.data, want, out.len) != 0)
        fprintf(stderr, "got:\n%.*s\nwant:\n%s\n", (int)out.len, out.data ? out.data : "", want);
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.data, want, out.len);
    df_buf_release(&out);
}

#define check_diff(a, b, want) check_diff_ctx((a), (b), DF_DIFF_CONTEXT, (want))

/* Next line of s[0..len) from *pos, through its '\n' if any. */
static bool next_line(const char *s, size_t len, size_t *pos, const char **line, size_t *n)
{
    if (*pos >= len)
        return false;
    const char *nl = memchr(s + *pos, '\n', len - *pos);
    size_t end = nl ? (size_t)(nl - s) + 1 : len;
    *line = s + *pos;
    *n = end - *pos;
    *pos = end;
    return true;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* "l" or "l,n" at *p; advances *p. */
static bool parse_range(const char **p, long *start, long *count)
{
    char *end;
    *start = strtol(*p, &end, 10);
    if (end == *p)
        return false;
    *count = 1;
    if (*end == ',') {
        const char *q = end + 1;
        *count = strtol(q, &end, 10);
        if (end == q)
            return false;
    }
    *p = end;
    return true;
}

#define NO_NL "\\ No newline at end of file\n"

/*
 * A strict unified-diff applier: every context and deleted line must match
 * a exactly, the counts in the hunk headers must be right, hunks must be in
 * order, and "\ No newline" must follow a line. Appends the result to res.
 * Returns 0, or -1 when the patch is malformed or does not fit a.
 */
static int apply_patch(const char *a, size_t alen, const char *p, size_t plen, df_buf *res)
{
    size_t pp = 0, apos = 0;
    long aline = 0; /* lines of a consumed */
    const char *l;
    size_t n;
    for (int i = 0; i < 3; i++) {
        static const char *const hdr[] = {"diff --git ", "--- ", "+++ "};
        if (!next_line(p, plen, &pp, &l, &n) || !starts_with(l, n, hdr[i]))
            return -1;
    }
    const char *al;
    size_t an;
    bool any_hunk = false;
    while (next_line(p, plen, &pp, &l, &n)) {
        char head[128];
        if (n >= sizeof head || !starts_with(l, n, "@@ -"))
            return -1;
        memcpy(head, l, n);
        head[n] = '\0';
        const char *q = head + 4;
        long os, oc, ns, nc;
        if (!parse_range(&q, &os, &oc) || strncmp(q, " +", 2) != 0)
            return -1;
        q += 2;
        if (!parse_range(&q, &ns, &nc) || strcmp(q, " @@\n") != 0)
            return -1;
        long first = oc == 0 ? os : os - 1; /* 0-based first old line */
        if (first < aline || (oc > 0 && os < 1))
            return -1;
        /* new side must line up as well */
        long new_first = nc == 0 ? ns : ns - 1;
        for (; aline < first; aline++) {
            if (!next_line(a, alen, &apos, &al, &an) || df_buf_add(res, al, an) < 0)
                return -1;
        }
        long out_lines_before = 0;
        for (size_t k = 0; k < res->len; k++)
            out_lines_before += res->data[k] == '\n';
        if (out_lines_before != new_first)
            return -1;
        long seen_old = 0, seen_new = 0;
        while (seen_old < oc || seen_new < nc) {
            if (!next_line(p, plen, &pp, &l, &n) || n < 2 || l[n - 1] != '\n')
                return -1;
            char tag = l[0];
            const char *body = l + 1;
            size_t blen = n - 1;
            size_t save = pp;
            const char *m;
            size_t mn;
            if (next_line(p, plen, &pp, &m, &mn) && mn == strlen(NO_NL) &&
                memcmp(m, NO_NL, mn) == 0)
                blen--; /* the line had no terminator */
            else
                pp = save;
            if (tag == ' ' || tag == '-') {
                if (!next_line(a, alen, &apos, &al, &an) || an != blen ||
                    memcmp(al, body, an) != 0)
                    return -1;
                aline++;
                seen_old++;
            }
            if (tag == ' ' || tag == '+') {
                if (df_buf_add(res, body, blen) < 0)
                    return -1;
                seen_new++;
            }
            if (tag != ' ' && tag != '-' && tag != '+')
                return -1;
        }
        if (seen_old != oc || seen_new != nc)
            return -1;
        any_hunk = true;
    }
    if (!any_hunk)
        return -1;
    while (next_line(a, alen, &apos, &al, &an))
        if (df_buf_add(res, al, an) < 0)
            return -1;
    return 0;
}

/* Diff a -> b, then apply with apply_patch() and check b comes back. */
static void check_roundtrip_ctx(const char *a, size_t alen, const char *b, size_t blen,
                                unsigned ctx)
{
    df_buf d = DF_BUF_INIT, res = DF_BUF_INIT;
    diff_into(a, alen, b, blen, "f", "f", ctx, &d);
    if (alen == blen && memcmp(a, b, alen) == 0) {
        assert_int_equal(d.len, 0);
    } else {
        int rc = apply_patch(a, alen, d.data, d.len, &res);
        if (rc != 0 || res.len != blen || (blen && memcmp(res.data, b, blen) != 0))
            fprintf(stderr, "a=%.*s|\nb=%.*s|\ndiff:\n%.*s\n", (int)alen, a, (int)blen, b,
                    (int)d.len, d.data);
        assert_int_equal(rc, 0);
        assert_int_equal(res.len, blen);
        if (blen)
            assert_memory_equal(res.data, b, blen);
    }
    df_buf_release(&d);
    df_buf_release(&res);
}

/* ---- round trips through the real tools -------------------------------- */

/* patch and git must be there (tneed: a skip counted as SKIPPED, a
 * failure under CI), not silently left out */
static void need_tools(void)
{
    free(tneed("patch"));
    free(tneed("git"));
}

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n)
        assert_int_equal(fwrite(s, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    df_buf b = DF_BUF_INIT;
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        assert_int_equal(df_buf_add(&b, tmp, k), 0);
    fclose(f);
    *n = b.len;
    char *s = df_buf_detach(&b, NULL);
    return s ? s : calloc(1, 1);
}

typedef enum { TOOL_PATCH, TOOL_GIT } tool;

/*
 * Write a to <tmp>/<name>, the diff to <tmp>/p.diff, run `patch -p1` or
 * `git apply` (in a fresh git repository) in <tmp>, and check the file
 * now holds b exactly.
 */
static void check_tool(tool t, const char *a, size_t alen, const char *b, size_t blen,
                       const char *name, unsigned ctx)
{
    char dir[] = "/tmp/dfopt-test-diff-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512], cmd[1024];
    df_buf d = DF_BUF_INIT;
    diff_into(a, alen, b, blen, name, name, ctx, &d);
    assert_true(d.len > 0);
    snprintf(path, sizeof path, "%s/p.diff", dir);
    write_file(path, d.data, d.len);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, a, alen);
    if (t == TOOL_PATCH)
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && patch -p1 -s -f --no-backup-if-mismatch < p.diff >/dev/null 2>&1",
                 dir);
    else /* like git's own -U0 output, context 0 needs --unidiff-zero */
        snprintf(cmd, sizeof cmd, "cd '%s' && git init -q . && git apply %s p.diff >/dev/null 2>&1",
                 dir, ctx == 0 ? "--unidiff-zero" : "");
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "%s failed on:\n%.*s\n", t == TOOL_PATCH ? "patch" : "git apply",
                (int)d.len, d.data);
    assert_int_equal(rc, 0);
    size_t n;
    char *got = read_file(path, &n);
    if (n != blen || memcmp(got, b, blen) != 0)
        fprintf(stderr, "%s: wrong result\n--- a:\n%.*s|\n--- b:\n%.*s|\n--- got:\n%.*s|\n%.*s\n",
                t == TOOL_PATCH ? "patch" : "git apply", (int)alen, a, (int)blen, b, (int)n,
                got, (int)d.len, d.data);
    assert_int_equal(n, blen);
    if (blen)
        assert_memory_equal(got, b, blen);
    free(got);
    df_buf_release(&d);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void check_tools_named(const char *a, size_t alen, const char *b, size_t blen,
                              const char *name, unsigned ctx)
{
    check_roundtrip_ctx(a, alen, b, blen, ctx);
    need_tools();
    check_tool(TOOL_PATCH, a, alen, b, blen, name, ctx);
    check_tool(TOOL_GIT, a, alen, b, blen, name, ctx);
}

#define check_tools(a, b) check_tools_named((a), strlen(a), (b), strlen(b), "Dockerfile", 3)

/* ---- golden outputs ---------------------------------------------------- */

static const char nine[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";

static void test_equal_texts_append_nothing(void **state)
{
    (void)state;
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&out, "keep"), 0);
    assert_int_equal(df_diff_unified(nine, strlen(nine), nine, strlen(nine), "a", "a", 3, &out),
                     0);
    assert_int_equal(df_diff_unified(NULL, 0, NULL, 0, "a", "a", 3, &out), 0);
    assert_int_equal(df_diff_unified("x", 1, "x", 1, "a", "a", 0, &out), 0);
    assert_string_equal(out.data, "keep");
    df_buf_release(&out);
}

static void test_replace_middle(void **state)
{
    (void)state;
    check_diff(nine, "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
               HDR "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

static void test_insert_at_start(void **state)
{
    (void)state;
    check_diff("a\nb\n", "x\na\nb\n", HDR "@@ -1,2 +1,3 @@\n+x\n a\n b\n");
    check_diff_ctx("a\nb\n", "x\na\nb\n", 0, HDR "@@ -0,0 +1 @@\n+x\n");
}

static void test_insert_in_middle_no_context(void **state)
{
    (void)state;
    check_diff_ctx("a\nb\nc\n", "a\nb\nX\nY\nc\n", 0, HDR "@@ -2,0 +3,2 @@\n+X\n+Y\n");
}

static void test_delete_at_end(void **state)
{
    (void)state;
    check_diff("a\nb\n", "a\n", HDR "@@ -1,2 +1 @@\n a\n-b\n");
    check_diff_ctx("a\nb\n", "a\n", 0, HDR "@@ -2 +1,0 @@\n-b\n");
}

static void test_delete_at_start(void **state)
{
    (void)state;
    check_diff(nine, "2\n3\n4\n5\n6\n7\n8\n9\n", HDR "@@ -1,4 +1,3 @@\n-1\n 2\n 3\n 4\n");
}

static void test_replace_at_end(void **state)
{
    (void)state;
    check_diff(nine, "1\n2\n3\n4\n5\n6\n7\n8\nnine\n",
               HDR "@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+nine\n");
}

static void test_empty_old_file(void **state)
{
    (void)state;
    check_diff("", "x\ny\n", HDR "@@ -0,0 +1,2 @@\n+x\n+y\n");
    check_diff("", "x", HDR "@@ -0,0 +1 @@\n+x\n" NO_NL);
}

static void test_empty_new_file(void **state)
{
    (void)state;
    check_diff("x\n", "", HDR "@@ -1 +0,0 @@\n-x\n");
    check_diff("x\ny", "", HDR "@@ -1,2 +0,0 @@\n-x\n-y\n" NO_NL);
}

static void test_no_newline_old_side(void **state)
{
    (void)state;
    check_diff("a\nb", "a\nb\n", HDR "@@ -1,2 +1,2 @@\n a\n-b\n" NO_NL "+b\n");
}

static void test_no_newline_new_side(void **state)
{
    (void)state;
    check_diff("a\nb\n", "a\nb", HDR "@@ -1,2 +1,2 @@\n a\n-b\n+b\n" NO_NL);
    check_diff("a\n", "a\nb", HDR "@@ -1 +1,2 @@\n a\n+b\n" NO_NL);
}

static void test_no_newline_both_sides(void **state)
{
    (void)state;
    /* the unterminated last line is shared context */
    check_diff("x\ny", "z\ny", HDR "@@ -1,2 +1,2 @@\n-x\n+z\n y\n" NO_NL);
    /* both last lines differ */
    check_diff("x\ny", "x\nz", HDR "@@ -1,2 +1,2 @@\n x\n-y\n" NO_NL "+z\n" NO_NL);
}

static void test_crlf_kept(void **state)
{
    (void)state;
    check_diff("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n",
               HDR "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n");
    /* a CRLF -> LF change is a change */
    check_diff("a\r\n", "a\n", HDR "@@ -1 +1 @@\n-a\r\n+a\n");
}

static void test_nul_bytes_kept(void **state)
{
    (void)state;
    static const char a[] = "x\0y\nq\n";
    static const char b[] = "x\0z\nq\n";
    static const char want[] = HDR "@@ -1,2 +1,2 @@\n-x\0y\n+x\0z\n q\n";
    df_buf out = DF_BUF_INIT;
    diff_into(a, sizeof a - 1, b, sizeof b - 1, "Dockerfile", "Dockerfile", 3, &out);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, sizeof want - 1);
    df_buf_release(&out);
}

/* 20 lines "1".."20" with some replaced by "x<n>". */
static void twenty(char *buf, size_t size, int c1, int c2)
{
    size_t n = 0;
    for (int i = 1; i <= 20; i++)
        n += (size_t)snprintf(buf + n, size - n, i == c1 || i == c2 ? "x%d\n" : "%d\n", i);
}

static void test_hunks_merge_when_context_touches(void **state)
{
    (void)state;
    char a[128], b[128];
    twenty(a, sizeof a, 0, 0);
    /* changes at 3 and 10: six unchanged lines between -> one hunk */
    twenty(b, sizeof b, 3, 10);
    check_diff(a, b,
               HDR "@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+x3\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+x10\n"
                   " 11\n 12\n 13\n");
    /* changes at 3 and 11: seven lines between -> two hunks */
    twenty(b, sizeof b, 3, 11);
    check_diff(a, b,
               HDR "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+x3\n 4\n 5\n 6\n"
                   "@@ -8,7 +8,7 @@\n 8\n 9\n 10\n-11\n+x11\n 12\n 13\n 14\n");
    /* with one line of context, 3 and 6 merge, 3 and 7 do not */
    twenty(b, sizeof b, 3, 6);
    check_diff_ctx(a, b, 1, HDR "@@ -2,6 +2,6 @@\n 2\n-3\n+x3\n 4\n 5\n-6\n+x6\n 7\n");
    twenty(b, sizeof b, 3, 7);
    check_diff_ctx(a, b, 1,
                   HDR "@@ -2,3 +2,3 @@\n 2\n-3\n+x3\n 4\n@@ -6,3 +6,3 @@\n 6\n-7\n+x7\n 8\n");
}

static void test_context_zero_and_huge(void **state)
{
    (void)state;
    check_diff_ctx(nine, "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", 0, HDR "@@ -5 +5 @@\n-5\n+five\n");
    check_diff_ctx("a\nb\nc\n", "a\nB\nc\n", (unsigned)-1,
                   HDR "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

static void test_moved_block_is_minimal(void **state)
{
    (void)state;
    /* git and diff -u agree on this one */
    check_diff("a\nb\nc\nd\n", "c\nd\na\nb\n", HDR "@@ -1,4 +1,4 @@\n-a\n-b\n c\n d\n+a\n+b\n");
}

static void test_insert_slides_like_git(void **state)
{
    (void)state;
    /* inserting a repeated block is shown at the end of the repetition */
    check_diff_ctx("RUN a\n\nRUN b\n", "RUN a\n\nRUN x\n\nRUN b\n", 0,
                   HDR "@@ -2,0 +3,2 @@\n+RUN x\n+\n");
    /* a run of changes slides to line up with the other side's (git and
     * diff -u print exactly these two) */
    check_diff("RUN x\nFROM a\n", "FROM a\nFROM a\nRUN x\n",
               HDR "@@ -1,2 +1,3 @@\n-RUN x\n FROM a\n+FROM a\n+RUN x\n");
    check_diff("RUN y\nFROM a\n", "RUN x\nRUN y\nRUN y\n",
               HDR "@@ -1,2 +1,3 @@\n+RUN x\n+RUN y\n RUN y\n-FROM a\n");
}

static void test_paths(void **state)
{
    (void)state;
    df_buf out = DF_BUF_INIT;
    diff_into("a\n", 2, "b\n", 2, "dir/my file", "dir/my file", 3, &out);
    assert_string_equal(out.data, "diff --git a/dir/my file b/dir/my file\n"
                                  "--- a/dir/my file\t\n+++ b/dir/my file\t\n"
                                  "@@ -1 +1 @@\n-a\n+b\n");
    df_buf_clear(&out);
    diff_into("a\n", 2, "b\n", 2, "q\"x\t\\\xc3\xa9", "new", 3, &out);
    assert_string_equal(out.data, "diff --git \"a/q\\\"x\\t\\\\\\303\\251\" b/new\n"
                                  "--- \"a/q\\\"x\\t\\\\\\303\\251\"\n+++ b/new\n"
                                  "@@ -1 +1 @@\n-a\n+b\n");
    df_buf_release(&out);
}

static void test_appends_after_existing_content(void **state)
{
    (void)state;
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&out, "first\n"), 0);
    diff_into("a\n", 2, "b\n", 2, "f", "f", 3, &out);
    assert_string_equal(out.data, "first\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n"
                                  "@@ -1 +1 @@\n-a\n+b\n");
    df_buf_release(&out);
}

/* ---- real tools -------------------------------------------------------- */

static void test_tools_insert_delete_replace(void **state)
{
    (void)state;
    check_tools(nine, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");      /* insert at start */
    check_tools(nine, "1\n2\n3\n4\n4.5\n5\n6\n7\n8\n9\n");    /* insert in middle */
    check_tools(nine, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");     /* insert at end */
    check_tools(nine, "2\n3\n4\n5\n6\n7\n8\n9\n");            /* delete at start */
    check_tools(nine, "1\n2\n3\n4\n6\n7\n8\n9\n");            /* delete in middle */
    check_tools(nine, "1\n2\n3\n4\n5\n6\n7\n8\n");            /* delete at end */
    check_tools(nine, "one\n2\n3\n4\n5\n6\n7\n8\n9\n");       /* replace at start */
    check_tools(nine, "1\n2\n3\n4\nfive\n6\n7\n8\n9\n");      /* replace in middle */
    check_tools(nine, "1\n2\n3\n4\n5\n6\n7\n8\nnine\n");      /* replace at end */
    check_tools(nine, "1\nx\n3\n4\n5\n6\n7\ny\n9\n");         /* two changes, one hunk */
}

static void test_tools_line_endings(void **state)
{
    (void)state;
    check_tools("FROM a\r\nRUN b\r\nRUN c\r\n", "FROM a\r\nRUN b && c\r\n");
    check_tools("FROM a\r\nRUN b\r\n", "FROM a\nRUN b\n");
    check_tools("a\nb", "a\nb\n");            /* newline added */
    check_tools("a\nb\n", "a\nb");            /* newline removed */
    check_tools("a\nb", "a\nc");              /* both unterminated */
    check_tools("x\ny", "z\ny");              /* unterminated context */
    check_tools("a\r\nb", "a\r\nb\r\nc\r\n"); /* CRLF, then lines added */
}

static void test_tools_empty_files(void **state)
{
    (void)state;
    check_tools("", "FROM scratch\n");
    check_tools("FROM scratch\n", "");
    check_tools("", "x");
    check_tools("x", "");
}

static void test_tools_hunks_merge_and_split(void **state)
{
    (void)state;
    char a[128], b[128];
    twenty(a, sizeof a, 0, 0);
    for (int c2 = 4; c2 <= 20; c2++) {
        twenty(b, sizeof b, 3, c2);
        check_tools(a, b);
    }
}

static void test_tools_path_with_space(void **state)
{
    (void)state;
    check_tools_named(nine, strlen(nine), "1\n2\n", 2, "my Dockerfile", 3);
}

static void test_tools_nul_bytes(void **state)
{
    (void)state;
    static const char a[] = "x\0y\nq\n";
    static const char b[] = "x\0z\nq\n";
    check_tools_named(a, sizeof a - 1, b, sizeof b - 1, "Dockerfile", 3);
}

static void test_tools_quoted_path(void **state)
{
    (void)state;
    check_tools_named("a\n", 2, "b\n", 2, "t\tq\"\xc3\xa9 s", 3);
}

/* ---- big inputs -------------------------------------------------------- */

enum { BIG = 50000 };

/* "L00001\n" .. "L50000\n" with line c (1-based) replaced, line d deleted
 * and "new" inserted after line i; 0 disables a change. */
static char *big_text(int c, int d, int i, size_t *len)
{
    df_buf b = DF_BUF_INIT;
    for (int k = 1; k <= BIG; k++) {
        if (k == c)
            assert_int_equal(df_buf_addstr(&b, "changed\n"), 0);
        else if (k != d)
            assert_int_equal(df_buf_printf(&b, "L%05d\n", k), 0);
        if (k == i)
            assert_int_equal(df_buf_addstr(&b, "new\n"), 0);
    }
    return df_buf_detach(&b, len);
}

static void test_big_file_three_changes(void **state)
{
    (void)state;
    size_t alen, blen;
    char *a = big_text(0, 0, 0, &alen);
    char *b = big_text(10, 25000, 49000, &blen);
    static const char want[] =
        "diff --git a/f b/f\n--- a/f\n+++ b/f\n"
        "@@ -7,7 +7,7 @@\n L00007\n L00008\n L00009\n-L00010\n+changed\n L00011\n L00012\n"
        " L00013\n"
        "@@ -24997,7 +24997,6 @@\n L24997\n L24998\n L24999\n-L25000\n L25001\n L25002\n"
        " L25003\n"
        "@@ -48998,6 +48997,7 @@\n L48998\n L48999\n L49000\n+new\n L49001\n L49002\n"
        " L49003\n";
    /* speed is measured by make bench, not asserted here */
    df_buf out = DF_BUF_INIT;
    diff_into(a, alen, b, blen, "f", "f", 3, &out);
    assert_string_equal(out.data, want);
    df_buf_release(&out);
    check_roundtrip_ctx(a, alen, b, blen, 3);
    need_tools();
    check_tool(TOOL_PATCH, a, alen, b, blen, "Dockerfile", 3);
    check_tool(TOOL_GIT, a, alen, b, blen, "Dockerfile", 3);
    free(a);
    free(b);
}

static void test_big_files_totally_different(void **state)
{
    (void)state;
    df_buf a = DF_BUF_INIT, b = DF_BUF_INIT, out = DF_BUF_INIT;
    for (int k = 0; k < BIG; k++) {
        assert_int_equal(df_buf_printf(&a, "RUN old %d\n", k), 0);
        assert_int_equal(df_buf_printf(&b, "RUN new %d\n", k), 0);
    }
    diff_into(a.data, a.len, b.data, b.len, "f", "f", 3, &out);
    size_t minus = 0, plus = 0;
    for (size_t i = 0; i + 1 < out.len; i++) {
        if (out.data[i] == '\n') {
            minus += out.data[i + 1] == '-';
            plus += out.data[i + 1] == '+';
        }
    }
    assert_int_equal(minus, BIG + 1); /* and the "--- a/f" line */
    assert_int_equal(plus, BIG + 1);
    check_roundtrip_ctx(a.data, a.len, b.data, b.len, 3);
    df_buf_release(&a);
    df_buf_release(&b);
    df_buf_release(&out);
}

static void test_big_files_repetitive_and_shuffled(void **state)
{
    (void)state;
    /* lines from a tiny alphabet: long snakes everywhere, large edit cost;
     * the cost cap must keep this fast and the result must still apply */
    df_buf a = DF_BUF_INIT, b = DF_BUF_INIT;
    unsigned seed = 42;
    for (int k = 0; k < BIG; k++) {
        seed = seed * 1103515245u + 12345u;
        assert_int_equal(df_buf_printf(&a, "x%u\n", (seed >> 16) % 20), 0);
        seed = seed * 1103515245u + 12345u;
        assert_int_equal(df_buf_printf(&b, "x%u\n", (seed >> 16) % 20), 0);
    }
    check_roundtrip_ctx(a.data, a.len, b.data, b.len, 3);
    df_buf_release(&a);
    df_buf_release(&b);
}

/* ---- randomized property ----------------------------------------------- */

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static void random_text(unsigned *seed, df_buf *out)
{
    static const char *const alphabet[] = {"a\n", "b\n", "c\n", "a\r\n", "\n", "RUN x\n"};
    unsigned n = rnd(seed) % 14;
    for (unsigned i = 0; i < n; i++) {
        if (rnd(seed) % 16 == 0)
            assert_int_equal(df_buf_add(out, "n\0l\n", 4), 0);
        else
            assert_int_equal(df_buf_addstr(out, alphabet[rnd(seed) % 6]), 0);
    }
    if (out->len && rnd(seed) % 4 == 0)
        out->len--; /* drop the final '\n' */
    if (out->data)
        out->data[out->len] = '\0';
}

/* b as an edit of a: keep a prefix and a suffix of a around a random middle. */
static void mutate(unsigned *seed, const df_buf *a, df_buf *b)
{
    size_t cut1 = a->len ? rnd(seed) % (a->len + 1) : 0;
    size_t cut2 = cut1 + (a->len - cut1 ? rnd(seed) % (a->len - cut1 + 1) : 0);
    assert_int_equal(df_buf_add(b, a->data ? a->data : "", cut1), 0);
    df_buf mid = DF_BUF_INIT;
    random_text(seed, &mid);
    assert_int_equal(df_buf_add(b, mid.data ? mid.data : "", mid.len), 0);
    assert_int_equal(df_buf_add(b, a->data ? a->data + cut2 : "", a->len - cut2), 0);
    df_buf_release(&mid);
}

static void test_random_pairs_roundtrip(void **state)
{
    (void)state;
    unsigned seed = 2024;
    for (int it = 0; it < 5000; it++) {
        df_buf a = DF_BUF_INIT, b = DF_BUF_INIT;
        random_text(&seed, &a);
        if (rnd(&seed) % 2)
            random_text(&seed, &b);
        else
            mutate(&seed, &a, &b);
        unsigned ctx = rnd(&seed) % 5;
        check_roundtrip_ctx(a.data ? a.data : "", a.len, b.data ? b.data : "", b.len, ctx);
        df_buf_release(&a);
        df_buf_release(&b);
    }
}

static void test_random_pairs_through_tools(void **state)
{
    (void)state;
    need_tools();
    unsigned seed = 77;
    int done = 0;
    while (done < 40) {
        df_buf a = DF_BUF_INIT, b = DF_BUF_INIT;
        random_text(&seed, &a);
        mutate(&seed, &a, &b);
        bool same = a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
        if (!same) {
            unsigned ctx = rnd(&seed) % 4;
            check_tool(TOOL_PATCH, a.data ? a.data : "", a.len, b.data ? b.data : "", b.len,
                       "Dockerfile", ctx);
            check_tool(TOOL_GIT, a.data ? a.data : "", a.len, b.data ? b.data : "", b.len,
                       "Dockerfile", ctx);
            done++;
        }
        df_buf_release(&a);
        df_buf_release(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_texts_append_nothing),
        cmocka_unit_test(test_replace_middle),
        cmocka_unit_test(test_insert_at_start),
        cmocka_unit_test(test_insert_in_middle_no_context),
        cmocka_unit_test(test_delete_at_end),
        cmocka_unit_test(test_delete_at_start),
        cmocka_unit_test(test_replace_at_end),
        cmocka_unit_test(test_empty_old_file),
        cmocka_unit_test(test_empty_new_file),
        cmocka_unit_test(test_no_newline_old_side),
        cmocka_unit_test(test_no_newline_new_side),
        cmocka_unit_test(test_no_newline_both_sides),
        cmocka_unit_test(test_crlf_kept),
        cmocka_unit_test(test_nul_bytes_kept),
        cmocka_unit_test(test_hunks_merge_when_context_touches),
        cmocka_unit_test(test_context_zero_and_huge),
        cmocka_unit_test(test_moved_block_is_minimal),
        cmocka_unit_test(test_insert_slides_like_git),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_appends_after_existing_content),
        cmocka_unit_test(test_tools_insert_delete_replace),
        cmocka_unit_test(test_tools_line_endings),
        cmocka_unit_test(test_tools_empty_files),
        cmocka_unit_test(test_tools_hunks_merge_and_split),
        cmocka_unit_test(test_tools_path_with_space),
        cmocka_unit_test(test_tools_nul_bytes),
        cmocka_unit_test(test_tools_quoted_path),
        cmocka_unit_test(test_big_file_three_changes),
        cmocka_unit_test(test_big_files_totally_different),
        cmocka_unit_test(test_big_files_repetitive_and_shuffled),
        cmocka_unit_test(test_random_pairs_roundtrip),
        cmocka_unit_test(test_random_pairs_through_tools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
