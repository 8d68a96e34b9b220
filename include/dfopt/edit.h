/*
 * edit.h - byte-range edits on the ORIGINAL text (ruff / clang-format style).
 *
 * A fix never reprints the tree: it says "replace bytes [start, end) of the
 * original with text[0..len)". An insertion is an edit with start == end; a
 * deletion has len == 0. The printer copies every byte no edit touches
 * verbatim, so with no edits the output is the input, byte for byte.
 *
 * Ordering and overlap (the rules df_edit_apply() enforces):
 *   - edits are sorted by (start, end), as df_edit_sort() leaves them;
 *   - two edits overlap when their ranges share at least one byte, or when
 *     an insertion lies strictly inside a replaced range;
 *   - so two insertions at the same offset do not overlap (they are applied
 *     in array order), an insertion at the start or at the end of a replaced
 *     range does not overlap it, and [a,b) followed by [b,c) is fine.
 *   An insertion at the start of a replaced range must come before it in the
 *   array (sorting by (start, end) puts it there).
 *
 * Ownership: df_edit borrows `text` (and the source); nothing here allocates
 * except the output buffer and df_edit_sort()'s scratch space. `text` may be
 * NULL when len == 0.
 */
#ifndef DFOPT_EDIT_H
#define DFOPT_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/buf.h"

/* Replace [start, end) of the original with text[0..len). */
typedef struct {
    size_t start;
    size_t end;
    const char *text;
    size_t len;
} df_edit;

/*
 * Append src[0..len) with the n edits applied to out. The edits must be
 * sorted and non-overlapping (see above) and lie within [0, len].
 * Returns 0, or -1 on invalid edits (out of order, overlapping, out of
 * range, start > end, NULL text with len > 0) or out of memory; on -1, out
 * is left exactly as it was (nothing appended). src may be NULL when
 * len == 0; edits may be NULL when n == 0.
 */
int df_edit_apply(const char *src, size_t len, const df_edit *edits, size_t n, df_buf *out);

/*
 * Sort edits in place by (start, end), stably: edits with equal keys (two
 * insertions at one offset) keep their relative order. Returns 0, or -1 when
 * out of memory (the array is then unchanged).
 */
int df_edit_sort(df_edit *edits, size_t n);

/* True when e's text equals the bytes it replaces in src (such an edit
 * changes nothing and is dropped by callers). e must lie within src. */
bool df_edit_is_noop(const char *src, const df_edit *e);

/* True when a and b may not both be applied (see the rules above). The
 * relation is symmetric; the order of two insertions at one offset, or of
 * an insertion and a range starting there, is a matter of sorting, not of
 * overlap. */
bool df_edits_overlap(const df_edit *a, const df_edit *b);

#endif
