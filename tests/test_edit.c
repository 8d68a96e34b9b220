/*
 * test_edit.c - byte-range edits: application, validation, sorting, overlap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dfopt/edit.h"

#define E(s, e, t) {(s), (e), (t), sizeof(t) - 1}
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Apply and compare with the expected text (which may contain NULs). */
static void check_apply(const char *src, size_t len, const df_edit *edits, size_t n,
                        const char *want, size_t want_len)
{
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_edit_apply(src, len, edits, n, &out), 0);
    assert_int_equal(out.len, want_len);
    assert_memory_equal(out.data, want, want_len);
    assert_int_equal(out.data[out.len], '\0');
    df_buf_release(&out);
}

#define CHECK(src, edits, want) \
    check_apply((src), strlen(src), (edits), N_OF(edits), (want), strlen(want))

static void check_rejected(const char *src, const df_edit *edits, size_t n)
{
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&out, "keep"), 0);
    assert_int_equal(df_edit_apply(src, strlen(src), edits, n, &out), -1);
    assert_int_equal(out.len, 4);
    assert_string_equal(out.data, "keep");
    df_buf_release(&out);
}

static void test_no_edits_copies_verbatim(void **state)
{
    (void)state;
    static const char src[] = "FROM x\r\nRUN a \\\r\n  b\0c";
    check_apply(src, sizeof src - 1, NULL, 0, src, sizeof src - 1);
    check_apply(NULL, 0, NULL, 0, "", 0);
}

static void test_replace_insert_delete(void **state)
{
    (void)state;
    const df_edit e[] = {E(0, 3, "COPY"), E(4, 4, "--link "), E(7, 9, "")};
    CHECK("ADD a b c\n", e, "COPY --link a b\n");
}

static void test_edits_at_both_ends(void **state)
{
    (void)state;
    const df_edit e[] = {E(0, 0, "# top\n"), E(3, 3, "!\n")};
    CHECK("abc", e, "# top\nabc!\n");
    const df_edit whole[] = {E(0, 3, "xyz")};
    CHECK("abc", whole, "xyz");
    const df_edit into_empty[] = {E(0, 0, "new")};
    CHECK("", into_empty, "new");
}

static void test_insertions_same_offset_keep_order(void **state)
{
    (void)state;
    const df_edit e[] = {E(1, 1, "1"), E(1, 1, "2"), E(1, 1, "3")};
    CHECK("ab", e, "a123b");
    assert_false(df_edits_overlap(&e[0], &e[1]));
}

static void test_insertion_at_range_bounds(void **state)
{
    (void)state;
    /* Insertion at the start of a replaced range comes first. */
    const df_edit before[] = {E(1, 1, "<"), E(1, 3, "XY"), E(3, 3, ">")};
    CHECK("abcd", before, "a<XY>d");
    /* The insertion after the range at its start is out of order. */
    const df_edit wrong[] = {E(1, 3, "XY"), E(1, 1, "<")};
    check_rejected("abcd", wrong, N_OF(wrong));
}

static void test_adjacent_ranges(void **state)
{
    (void)state;
    const df_edit e[] = {E(0, 2, "A"), E(2, 4, "B"), E(4, 4, "C")};
    CHECK("abcd", e, "ABC");
}

static void test_binary_bytes(void **state)
{
    (void)state;
    static const char src[] = "a\0b\r\n";
    const df_edit e[] = {{1, 2, "\0\0", 2}};
    check_apply(src, sizeof src - 1, e, 1, "a\0\0b\r\n", 6);
}

static void test_rejects_overlap(void **state)
{
    (void)state;
    const df_edit share[] = {E(0, 3, "x"), E(2, 4, "y")};
    check_rejected("abcdef", share, N_OF(share));
    const df_edit same[] = {E(1, 3, "x"), E(1, 3, "y")};
    check_rejected("abcdef", same, N_OF(same));
    const df_edit inside[] = {E(1, 4, "x"), E(2, 2, "y")};
    check_rejected("abcdef", inside, N_OF(inside));
}

static void test_rejects_out_of_order(void **state)
{
    (void)state;
    const df_edit e[] = {E(3, 4, "x"), E(0, 1, "y")};
    check_rejected("abcdef", e, N_OF(e));
}

static void test_rejects_out_of_range(void **state)
{
    (void)state;
    const df_edit past[] = {E(5, 7, "x")};
    check_rejected("abcdef", past, N_OF(past));
    const df_edit insert_past[] = {E(7, 7, "x")};
    check_rejected("abcdef", insert_past, N_OF(insert_past));
    const df_edit reversed[] = {E(4, 2, "x")};
    check_rejected("abcdef", reversed, N_OF(reversed));
    const df_edit null_text[] = {{0, 1, NULL, 3}};
    check_rejected("abcdef", null_text, N_OF(null_text));
    /* Edits at exactly len are fine. */
    const df_edit at_end[] = {E(6, 6, "!")};
    CHECK("abcdef", at_end, "abcdef!");
    const df_edit null_delete[] = {{0, 1, NULL, 0}};
    CHECK("abcdef", null_delete, "bcdef");
}

static void test_appends_to_existing_buffer(void **state)
{
    (void)state;
    df_buf out = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&out, ">>"), 0);
    const df_edit e[] = {E(1, 2, "B")};
    assert_int_equal(df_edit_apply("abc", 3, e, 1, &out), 0);
    assert_string_equal(out.data, ">>aBc");
    df_buf_release(&out);
}

static void test_is_noop(void **state)
{
    (void)state;
    const char *src = "RUN a\n";
    const df_edit same = E(0, 3, "RUN");
    const df_edit other = E(0, 3, "run");
    const df_edit longer = E(0, 3, "RUNX");
    const df_edit empty_insert = {2, 2, NULL, 0};
    const df_edit insert = E(2, 2, "x");
    const df_edit delete = {0, 1, "", 0};
    assert_true(df_edit_is_noop(src, &same));
    assert_false(df_edit_is_noop(src, &other));
    assert_false(df_edit_is_noop(src, &longer));
    assert_true(df_edit_is_noop(src, &empty_insert));
    assert_false(df_edit_is_noop(src, &insert));
    assert_false(df_edit_is_noop(src, &delete));
}

static void test_overlap_table(void **state)
{
    (void)state;
    static const struct {
        size_t s1, e1, s2, e2;
        bool overlap;
    } cases[] = {
        {0, 2, 2, 4, false}, /* touching ranges */
        {0, 3, 2, 4, true},  /* share byte 2 */
        {1, 3, 1, 3, true},  /* same range */
        {1, 1, 1, 1, false}, /* two insertions at one offset */
        {1, 1, 1, 3, false}, /* insertion at the start of a range */
        {3, 3, 1, 3, false}, /* insertion at the end of a range */
        {2, 2, 1, 3, true},  /* insertion strictly inside */
        {0, 5, 1, 2, true},  /* containment */
        {0, 1, 4, 5, false}, /* disjoint */
        {1, 1, 2, 2, false}, /* distinct insertions */
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        df_edit a = {cases[i].s1, cases[i].e1, "", 0};
        df_edit b = {cases[i].s2, cases[i].e2, "", 0};
        assert_int_equal(df_edits_overlap(&a, &b), cases[i].overlap);
        assert_int_equal(df_edits_overlap(&b, &a), cases[i].overlap);
    }
}

static void test_sort_small_is_stable(void **state)
{
    (void)state;
    df_edit e[] = {E(5, 6, "d"), E(1, 1, "a1"), E(1, 3, "b"), E(1, 1, "a2"), E(0, 0, "z")};
    assert_int_equal(df_edit_sort(e, N_OF(e)), 0);
    assert_string_equal(e[0].text, "z");
    assert_string_equal(e[1].text, "a1");
    assert_string_equal(e[2].text, "a2");
    assert_string_equal(e[3].text, "b");
    assert_string_equal(e[4].text, "d");
    CHECK("0123456", e, "z0a1a2b34d6");
    assert_int_equal(df_edit_sort(NULL, 0), 0);
}

static void test_sort_large_is_stable(void **state)
{
    (void)state;
    enum { N = 1000 };
    df_edit *e = calloc(N, sizeof *e);
    size_t *tag = calloc(N, sizeof *tag);
    assert_non_null(e);
    assert_non_null(tag);
    unsigned seed = 12345;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t s = (seed >> 16) % 50;
        e[i].start = s;
        e[i].end = s + (seed >> 8) % 2;
        /* text points into tag[] so that the original index is recoverable */
        tag[i] = i;
        e[i].text = (const char *)&tag[i];
        e[i].len = 0;
    }
    assert_int_equal(df_edit_sort(e, N), 0);
    for (size_t i = 1; i < N; i++) {
        const df_edit *p = &e[i - 1], *q = &e[i];
        assert_true(p->start < q->start || (p->start == q->start && p->end <= q->end));
        if (p->start == q->start && p->end == q->end)
            assert_true(*(const size_t *)p->text < *(const size_t *)q->text);
    }
    free(e);
    free(tag);
}

static void test_sorted_overlap_free_list_applies(void **state)
{
    (void)state;
    /* Edits produced out of order by several passes: sort, then apply. */
    df_edit e[] = {E(17, 17, " && rm -rf /var/lib/apt/lists/*"), E(4, 7, "apt-get"),
                   E(16, 16, "-y ")};
    assert_int_equal(df_edit_sort(e, N_OF(e)), 0);
    CHECK("RUN apt install x\n", e, "RUN apt-get install -y x && rm -rf /var/lib/apt/lists/*\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_edits_copies_verbatim),
        cmocka_unit_test(test_replace_insert_delete),
        cmocka_unit_test(test_edits_at_both_ends),
        cmocka_unit_test(test_insertions_same_offset_keep_order),
        cmocka_unit_test(test_insertion_at_range_bounds),
        cmocka_unit_test(test_adjacent_ranges),
        cmocka_unit_test(test_binary_bytes),
        cmocka_unit_test(test_rejects_overlap),
        cmocka_unit_test(test_rejects_out_of_order),
        cmocka_unit_test(test_rejects_out_of_range),
        cmocka_unit_test(test_appends_to_existing_buffer),
        cmocka_unit_test(test_is_noop),
        cmocka_unit_test(test_overlap_table),
        cmocka_unit_test(test_sort_small_is_stable),
        cmocka_unit_test(test_sort_large_is_stable),
        cmocka_unit_test(test_sorted_overlap_free_list_applies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
