/*
 * test_origin.c - mapping places of a later round's text back to the
 * input: shifted bytes, bytes inside an edit, moved bytes, several rounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/origin.h"

static df_span map(const df_origin *o, unsigned rounds, size_t s, size_t e)
{
    return df_origin_map(o, rounds, (df_span){s, e});
}

static void span_is(df_span sp, size_t s, size_t e)
{
    assert_int_equal(sp.start, s);
    assert_int_equal(sp.end, e);
}

/* "abcdefghij", [2,4) "cd" -> "XYZW": "abXYZWefghij" */
static void shifted_and_replaced_bytes(void **state)
{
    (void)state;
    df_origin o;
    df_origin_init(&o);
    const char *text = "abcdefghij";
    df_edit e[] = {{2, 4, "XYZW", 4}};
    assert_int_equal(df_origin_add_round(&o, text, e, NULL, 1), 0);
    span_is(map(&o, 1, 0, 2), 0, 2);   /* before the edit */
    span_is(map(&o, 1, 6, 8), 4, 6);   /* "ef", two bytes later */
    span_is(map(&o, 1, 3, 4), 2, 4);   /* inside "XYZW": what it replaced */
    span_is(map(&o, 1, 2, 6), 2, 4);   /* the whole new text */
    span_is(map(&o, 0, 6, 8), 6, 8);   /* round 0: the input itself */
    df_origin_release(&o);
}

/* A fix that deletes a line and inserts it elsewhere: the moved bytes map
 * to where they were, not to the insertion point. */
static void moved_bytes_map_to_where_they_were(void **state)
{
    (void)state;
    const char *text = "ADD . /src/app\nRUN make\n"; /* 15 + 9 bytes */
    df_edit e[] = {{0, 15, "", 0}, {24, 24, "ADD . /src/app\n", 15}};
    size_t owner[] = {7, 7};
    df_origin o;
    df_origin_init(&o);
    assert_int_equal(df_origin_add_round(&o, text, e, owner, 2), 0);
    /* new text "RUN make\nADD . /src/app\n": ADD at 9 */
    span_is(map(&o, 1, 9, 12), 0, 3);
    span_is(map(&o, 1, 0, 3), 15, 18); /* RUN, which moved up */
    df_origin_release(&o);
    /* edits of two different fixes are no move */
    size_t apart[] = {1, 2};
    df_origin_init(&o);
    assert_int_equal(df_origin_add_round(&o, text, e, apart, 2), 0);
    span_is(map(&o, 1, 9, 12), 24, 24);
    df_origin_release(&o);
}

/* Rounds compose: round 2's offsets go back through round 1's edits, then
 * round 0's. */
static void rounds_compose(void **state)
{
    (void)state;
    df_origin o;
    df_origin_init(&o);
    df_edit r0[] = {{0, 0, "##", 2}};      /* "abcdef" -> "##abcdef" */
    df_edit r1[] = {{4, 5, "", 0}};        /* drop "c": "##abdef" */
    assert_int_equal(df_origin_add_round(&o, "abcdef", r0, NULL, 1), 0);
    assert_int_equal(df_origin_add_round(&o, "##abcdef", r1, NULL, 1), 0);
    span_is(map(&o, 2, 4, 6), 3, 5); /* "de" */
    span_is(map(&o, 2, 2, 4), 0, 2); /* "ab" */
    span_is(map(&o, 1, 2, 4), 0, 2);
    df_origin_release(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shifted_and_replaced_bytes),
        cmocka_unit_test(moved_bytes_map_to_where_they_were),
        cmocka_unit_test(rounds_compose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
