/*
 * test_buf.c - the byte buffer and the byte search beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/buf.h"

/* Case-insensitive search: either case of the needle's first letter, at
 * the very end, bounded by the length, not past it. */
/* df_bytes_find looks for the needle's rarest byte, not its first: the
 * match it returns must still be the first in the text, one whose rare
 * byte stands at the text's first bytes or its last, and not a place where
 * only the rare byte or only the first byte matches. */
static void bytes_find_first_match(void **state)
{
    (void)state;
    const char *s = "apt-get install -y zip && apt-get clean";
    size_t n = strlen(s);
    assert_ptr_equal(df_bytes_find(s, n, "apt-get"), s);
    assert_ptr_equal(df_bytes_find(s, n, "-get"), s + 3);
    assert_ptr_equal(df_bytes_find(s, n, "zip"), s + 19); /* z: its rarest byte, first */
    assert_ptr_equal(df_bytes_find(s, n, "clean"), s + n - 5);
    assert_ptr_equal(df_bytes_find(s, n, "-y z"), s + 16);
    assert_null(df_bytes_find(s, n, "-y zap")); /* the y is there, the rest is not */
    assert_null(df_bytes_find(s, n, "xapt")); /* x is nowhere */
    assert_null(df_bytes_find(s, n - 1, "clean")); /* its rare byte past the end */
    assert_null(df_bytes_find(s + 1, n - 1, "apt-get install")); /* its start before the text */
    const char *t = "yy xyz xyz";
    assert_ptr_equal(df_bytes_find(t, strlen(t), "xyz"), t + 3);
    assert_ptr_equal(df_bytes_find(t, 2, "y"), t);
    /* a text long enough for the rarest byte to be looked for */
    char big[400];
    memset(big, 'a', sizeof big);
    memcpy(big + 300, "zip zap", 7);
    assert_ptr_equal(df_bytes_find(big, sizeof big, "zap"), big + 304);
    assert_ptr_equal(df_bytes_find(big, sizeof big, "aaz"), big + 298); /* z is its third byte */
    assert_ptr_equal(df_bytes_find(big, sizeof big, "aaaa"), big);
    assert_null(df_bytes_find(big, 302, "zip")); /* its z stands in the text, its p past it */
    assert_null(df_bytes_find(big + 1, 299, "aaz")); /* its a's in the text, its z past it */
    assert_null(df_bytes_find(big, sizeof big, "zipa"));
}

static void bytes_contain_ci(void **state)
{
    (void)state;
    static const char s[] = "# Keep IN SYNC with the docs\0so Previous layers";
    size_t n = sizeof s - 1;
    assert_true(df_bytes_contain_ci(s, n, "keep in sync", 12));
    assert_true(df_bytes_contain_ci(s, n, "KEEP", 4));
    assert_true(df_bytes_contain_ci(s, n, "previous layers", 15)); /* past a NUL, at the end */
    assert_false(df_bytes_contain_ci(s, n - 1, "previous layers", 15));
    assert_false(df_bytes_contain_ci(s, n, "previous layerss", 16));
    assert_true(df_bytes_contain_ci(s, n, "sync with", 9));
    assert_true(df_bytes_contain_ci(s, n, "", 0));
    assert_false(df_bytes_contain_ci("ab", 2, "abc", 3));
    assert_true(df_bytes_contain_ci("1.2-rc", 6, "-RC", 3)); /* a needle starting with no letter */
}

static void bytes_contain(void **state)
{
    (void)state;
    static const char s[] = "type=cache,id=npm\0target=/root/.npm";
    size_t n = sizeof s - 1;
    assert_true(df_bytes_contain(s, n, "type=cache"));
    assert_true(df_bytes_contain(s, n, "id=npm"));
    assert_true(df_bytes_contain(s, n, "/root/.npm")); /* past a NUL byte, at the very end */
    assert_false(df_bytes_contain(s, n, "/root/.npmrc"));
    assert_false(df_bytes_contain(s, n - 1, "/root/.npm")); /* the length decides, not the NUL */
    assert_false(df_bytes_contain(s, 3, "type"));
    assert_true(df_bytes_contain(s, 4, "type"));
    assert_true(df_bytes_contain(s, n, ""));
    assert_true(df_bytes_contain("", 0, ""));
    assert_false(df_bytes_contain("", 0, "a"));
    assert_false(df_bytes_contain("tmpfs", 5, "type=tmpfs"));
    assert_false(df_bytes_contain("aab", 3, "abb"));
    assert_true(df_bytes_contain("aab", 3, "ab"));
    static const char t[] = "yarn@1 \"yarn@4";
    assert_ptr_equal(df_bytes_find(t, sizeof t - 1, "\"yarn@"), t + 7);
    assert_ptr_equal(df_bytes_find(t, sizeof t - 1, "yarn@"), t);
    assert_null(df_bytes_find(t, 7, "\"yarn@"));
    assert_ptr_equal(df_bytes_find(t, 0, ""), t);
}

static void buf_append_and_detach(void **state)
{
    (void)state;
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&b, "ab"), 0);
    assert_int_equal(df_buf_add(&b, "\0c", 2), 0);
    assert_int_equal(df_buf_printf(&b, "%d", 42), 0);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "ab\0c42", 7);
    assert_true(df_bytes_contain(b.data, b.len, "c42"));
    size_t len = 0;
    char *p = df_buf_detach(&b, &len);
    assert_int_equal(len, 6);
    assert_null(b.data);
    free(p);
}

/* df_buf_printf formats into the room the buffer has, and again after
 * growing when the text does not fit: both ways give the same bytes, the
 * text before is kept and the buffer stays NUL-terminated. */
static void buf_printf_fits_or_grows(void **state)
{
    (void)state;
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_buf_printf(&b, "%s", "x"), 0); /* no storage yet */
    size_t cap = b.cap;
    assert_int_equal(df_buf_printf(&b, "-%d-", 7), 0); /* fits */
    assert_int_equal(b.cap, cap);
    assert_string_equal(b.data, "x-7-");
    char big[300];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_true(b.cap - b.len <= sizeof big);
    assert_int_equal(df_buf_printf(&b, "[%s]", big), 0); /* does not fit: grows */
    assert_int_equal(b.len, 4 + 2 + sizeof big - 1);
    assert_memory_equal(b.data, "x-7-[yyy", 8);
    assert_int_equal(b.data[b.len - 1], ']');
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(df_buf_printf(&b, "%s", ""), 0);
    assert_int_equal(b.len, 4 + 2 + sizeof big - 1);
    df_buf_release(&b);
}

/* A failed append leaves the buffer as it was and says so until the
 * buffer is released: code that appends many times checks once. */
static void buf_failure_is_kept(void **state)
{
    (void)state;
    df_buf b = DF_BUF_INIT;
    assert_false(b.failed);
    assert_int_equal(df_buf_addstr(&b, "ab"), 0);
    assert_false(b.failed);
    assert_int_equal(df_buf_grow(&b, SIZE_MAX), -1); /* cannot be had */
    assert_true(b.failed);
    assert_int_equal(b.len, 2);
    assert_string_equal(b.data, "ab");
    assert_int_equal(df_buf_addstr(&b, "c"), 0);
    assert_true(b.failed);
    df_buf_clear(&b);
    assert_true(b.failed);
    df_buf_release(&b);
    assert_false(b.failed);
    assert_int_equal(df_buf_grow(&b, SIZE_MAX), -1);
    free(df_buf_detach(&b, NULL));
    assert_false(b.failed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bytes_contain),
        cmocka_unit_test(bytes_find_first_match),
        cmocka_unit_test(bytes_contain_ci),
        cmocka_unit_test(buf_append_and_detach),
        cmocka_unit_test(buf_printf_fits_or_grows),
        cmocka_unit_test(buf_failure_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
