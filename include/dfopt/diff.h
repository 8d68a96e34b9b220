/*
 * diff.h - unified diff of two texts, in git's format.
 *
 * `dfopt --diff` shows what it would change as a patch that reviewers read
 * and that `git apply` and `patch -p1` accept, reproducing the new text
 * byte for byte: lines end after '\n' and keep every other byte (the CR of
 * CRLF, NUL, invalid UTF-8); a last line without '\n' is followed by
 * "\ No newline at end of file", on whichever side it occurs.
 *
 * Output, when the texts differ:
 *
 *   diff --git a/<path_a> b/<path_b>
 *   --- a/<path_a>
 *   +++ b/<path_b>
 *   @@ -l,n +l,n @@
 *   ...
 *
 * Hunks follow GNU diff -u / git exactly: `context` unchanged lines around
 * each change, changes at most 2*context lines apart share a hunk, a count
 * of 1 is written as `-l`, an empty range as `-l,0` with l the line before.
 *
 * Paths are quoted as git does with its default core.quotePath: a path
 * holding '"', '\\', a control byte (tab, newline, ...), DEL or a byte
 * >= 0x80 is written as "a/..." with C escapes (\t, \n, \", \\, \ooo); a
 * path with a space stays bare and its ---/+++ lines end with a tab, as in
 * git, so that GNU patch reads the whole name. Both tools read these forms.
 *
 * The line matching is Myers' O(ND) algorithm (linear space, divide and
 * conquer) on the lines left after trimming the common prefix and suffix;
 * lines are compared through equivalence classes (hash, then bytes). It
 * follows git's xdiff step by step, so hunks are those of
 * `git diff --no-indent-heuristic` (git's default indent heuristic can place
 * an ambiguous insertion a few lines differently; both are valid). When the
 * edit script gets expensive (about sqrt(number of lines) edits in one
 * subproblem, at least 256) the search stops at the furthest-reaching path,
 * like xdiff: the diff stays correct, but may be longer than minimal.
 *
 * Limits: at most 2^30 - 1 lines per text (else -1). With context 0, as
 * with git's own -U0 output, `git apply` needs --unidiff-zero (GNU patch
 * does not). NUL bytes are kept like any other byte (patch and git apply
 * both take such a patch), where `git diff` itself would say "Binary files
 * differ".
 * There is no "new file"/"deleted file" header: an empty text is diffed as
 * an empty file that exists (`@@ -0,0 +1,n @@`), which both tools apply.
 */
#ifndef DFOPT_DIFF_H
#define DFOPT_DIFF_H

#include <stddef.h>

#include "dfopt/buf.h"

/* Lines of context that `dfopt --diff` shows, as diff -u and git do. */
#define DF_DIFF_CONTEXT 3

/*
 * Append the unified diff turning a[0..alen) into b[0..blen) to out.
 * path_a and path_b are NUL-terminated names shown after "a/" and "b/".
 * a and b need no terminator and may be NULL when their length is 0.
 *
 * Returns 0 (nothing is appended when the texts are equal), or -1 when out
 * of memory, with out left as it was. Borrows everything; allocates only
 * temporary memory, linear in the number of lines, freed before returning.
 */
int df_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
                    const char *path_a, const char *path_b, unsigned context, df_buf *out);

#endif
