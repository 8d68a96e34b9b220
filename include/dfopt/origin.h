/*
 * origin.h - where a place in a later round's text was in the input.
 *
 * The driver applies fixes in rounds: round N's text is round N-1's with
 * that round's accepted edits applied. A finding of round N points into
 * round N's text; a maintainer reads the input. df_origin keeps, per round,
 * the accepted edits (offsets only) and maps an offset of round N's text
 * back to the input, round by round:
 *   - a byte no edit touched maps to the same byte of the older text;
 *   - a byte inside an edit's new text maps to the start of what the edit
 *     replaced (the end, for the end of a span), unless the fix moved bytes:
 *     when a fix deletes a range and inserts the same bytes elsewhere (or a
 *     part of them, or them inside more), the moved bytes map to where they
 *     were (DF002 moving a COPY, then DF012 fixing that COPY: its line is the
 *     COPY's line in the input).
 * Each lookup is a binary search per round: O(log edits).
 *
 * Ownership: df_origin owns its arrays (malloc); edit texts are read only
 * while a round is added, never kept.
 */
#ifndef DFOPT_ORIGIN_H
#define DFOPT_ORIGIN_H

#include <stddef.h>

#include "dfopt/edit.h"
#include "dfopt/source.h"

typedef struct df_origin_round df_origin_round;

typedef struct {
    df_origin_round *r; /* r[0] maps round 1's text to the input */
    size_t n, cap;
} df_origin;

void df_origin_init(df_origin *o);
void df_origin_release(df_origin *o);

/* Add the next round: edits e[0..n) (sorted, non-overlapping, as
 * df_edit_apply takes them) were applied to text (the older text).
 * owner[i] names the fix edit i belongs to (moves are looked for between
 * edits of one fix only); owner may be NULL (no moves). Returns 0, or -1
 * when out of memory. */
int df_origin_add_round(df_origin *o, const char *text, const df_edit *e, const size_t *owner, size_t n);

/* The input's span for sp, a span of the text after the first `rounds`
 * rounds (rounds <= o->n). */
df_span df_origin_map(const df_origin *o, unsigned rounds, df_span sp);

#endif
