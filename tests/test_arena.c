/*
 * test_arena.c - the region allocator: zeroed memory, and df_arena_reset
 * handing the same (cleared) blocks out again, which the driver relies on
 * to parse a file again each round without taking new memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/arena.h"

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* what one round of the driver does, in small: many small allocations, a
 * few large ones, arrays grown by doubling */
static void work(df_arena *a, unsigned char **first, unsigned char **big)
{
    *first = df_arena_alloc(a, 24);
    assert_non_null(*first);
    assert_true(all_zero(*first, 24));
    memset(*first, 0xAB, 24);
    for (size_t i = 0; i < 20000; i++) {
        unsigned char *p = df_arena_alloc(a, 40 + i % 50);
        assert_non_null(p);
        assert_true(all_zero(p, 40 + i % 50));
        memset(p, 0xCD, 40 + i % 50);
        char *s = df_arena_strndup(a, "apt-get install -y curl", 23);
        assert_string_equal(s, "apt-get install -y curl");
    }
    *big = df_arena_alloc(a, 3u << 20); /* larger than any block */
    assert_non_null(*big);
    assert_true(all_zero(*big, 3u << 20));
    memset(*big, 0xEF, 3u << 20);
    int *v = NULL;
    for (size_t n = 1; n <= 4096; n *= 2) {
        v = df_arena_grow(a, v, n / 2, n, sizeof *v);
        assert_non_null(v);
        assert_true(all_zero((unsigned char *)(v + n / 2), (n - n / 2) * sizeof *v));
        for (size_t i = n / 2; i < n; i++)
            v[i] = (int)i;
    }
    for (size_t i = 0; i < 4096; i++)
        assert_int_equal(v[i], (int)i);
}

static void reset_reuses_cleared_blocks(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_non_null(a);
    unsigned char *first, *big;
    work(a, &first, &big);
    size_t used = df_arena_used(a), held = df_arena_held(a);
    assert_true(held >= used);
    df_arena_reset(a);
    assert_int_equal(df_arena_used(a), 0);
    assert_int_equal(df_arena_held(a), held); /* kept, not given back */
    for (int round = 0; round < 3; round++) {
        unsigned char *first2, *big2;
        work(a, &first2, &big2); /* asserts that every block is clear again */
        assert_ptr_equal(first2, first); /* the first block is handed out again */
        assert_int_equal(df_arena_used(a), used);
        /* the same work fits the blocks it had: nothing new from the system */
        assert_int_equal(df_arena_held(a), held);
        df_arena_reset(a);
    }
    df_arena_free(a);
}

static void reset_clears_failure(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_non_null(a);
    assert_null(df_arena_alloc(a, SIZE_MAX - 8));
    assert_true(df_arena_failed(a));
    df_arena_reset(a);
    assert_false(df_arena_failed(a));
    assert_non_null(df_arena_alloc(a, 8));
    df_arena_reset(NULL); /* a no-op, like df_arena_free(NULL) */
    df_arena_free(a);
}

/* An array grown while it is the newest allocation stays where it is:
 * no copy, and the arena hands out its final size, not the sum of every
 * size it had. Once something else is allocated after it, growing it
 * copies (the copy is what df_arena_grow promises). */
static void grow_newest_in_place(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_non_null(a);
    assert_non_null(df_arena_alloc(a, 24));
    int *v = df_arena_grow(a, NULL, 0, 2, sizeof *v);
    assert_non_null(v);
    v[0] = 7;
    v[1] = 8;
    size_t used = df_arena_used(a);
    int *w = df_arena_grow(a, v, 2, 16, sizeof *w);
    assert_ptr_equal(w, v);
    assert_int_equal(w[0], 7);
    assert_int_equal(w[1], 8);
    assert_true(all_zero((unsigned char *)(w + 2), 14 * sizeof *w));
    /* only the growth is counted (a copy would count all 16 again) */
    assert_true(df_arena_used(a) - used <= 16 * sizeof *w - 2 * sizeof *v);
    /* not the newest any more: a copy, the old elements kept */
    char *s = df_arena_strndup(a, "x", 1);
    assert_non_null(s);
    int *x = df_arena_grow(a, w, 16, 32, sizeof *x);
    assert_non_null(x);
    assert_ptr_not_equal(x, w);
    assert_int_equal(x[0], 7);
    assert_int_equal(x[1], 8);
    assert_true(all_zero((unsigned char *)(x + 2), 30 * sizeof *x));
    assert_string_equal(s, "x");
    /* newest, but its block is full: a copy in a new block */
    size_t big = 1u << 16;
    int *y = df_arena_grow(a, x, 32, big, sizeof *y);
    assert_non_null(y);
    assert_int_equal(y[1], 8);
    assert_true(all_zero((unsigned char *)(y + 32), (big - 32) * sizeof *y));
    df_arena_free(a);
}

/* A large document's blocks are whole huge pages: once the arena holds
 * megabytes, a new block starts at a 2 MiB boundary (its header first),
 * so the kernel can back it with 2 MiB pages instead of 512 faults. */
/* df_arena_alloc_uninit hands out aligned memory it does not clear; what
 * it handed out is cleared again for df_arena_alloc after a reset (small
 * sizes take alloc_raw's fixed-size stores, larger ones memset). */
static void uninit_then_cleared(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_non_null(a);
    for (size_t i = 0; i < 3000; i++) {
        size_t n = 1 + i % 300;
        unsigned char *p = df_arena_alloc_uninit(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        memset(p, 0x5A, n);
    }
    size_t used = df_arena_used(a);
    assert_true(used >= 3000);
    df_arena_reset(a);
    for (size_t i = 0; i < 3000; i++) {
        size_t n = 1 + (i * 7) % 300;
        unsigned char *p = df_arena_alloc(a, n);
        assert_non_null(p);
        assert_true(all_zero(p, n));
        memset(p, 0x33, n);
    }
    df_arena_free(a);
}

static void large_blocks_on_huge_page_boundaries(void **state)
{
    (void)state;
    df_arena *a = df_arena_new();
    assert_non_null(a);
    while (df_arena_held(a) < (8u << 20))
        assert_non_null(df_arena_alloc(a, 1000));
    unsigned char *p = df_arena_alloc(a, 5u << 20); /* larger than any block */
    assert_non_null(p);
    assert_true((uintptr_t)p % (2u << 20) < 64);
    assert_true(all_zero(p, 5u << 20));
    df_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reset_reuses_cleared_blocks),
        cmocka_unit_test(reset_clears_failure),
        cmocka_unit_test(grow_newest_in_place),
        cmocka_unit_test(uninit_then_cleared),
        cmocka_unit_test(large_blocks_on_huge_page_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
