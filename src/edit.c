/*
 * edit.c - apply byte-range edits to the original text.
 *
 * Fixes are lists of edits on the original bytes; this file validates them
 * (sorted, inside the text, non-overlapping) and splices them in one pass,
 * copying every untouched byte verbatim. See include/dfopt/edit.h for the
 * ordering and overlap rules.
 */
#include "dfopt/edit.h"

#include <stdlib.h>
#include <string.h>

/* Edits with at most this many elements are insertion-sorted in place. */
#define DF_EDIT_SMALL_SORT 16

static bool edit_less(const df_edit *a, const df_edit *b)
{
    if (a->start != b->start)
        return a->start < b->start;
    return a->end < b->end;
}

static bool edit_well_formed(const df_edit *e, size_t len)
{
    return e->start <= e->end && e->end <= len && (e->text || e->len == 0);
}

bool df_edits_overlap(const df_edit *a, const df_edit *b)
{
    /* Half-open ranges share a byte, or an insertion (empty range) lies
     * strictly inside the other range: both reduce to this test, which is
     * false for two insertions at one offset and for touching ranges. */
    return a->start < b->end && b->start < a->end;
}

bool df_edit_is_noop(const char *src, const df_edit *e)
{
    size_t n = e->end - e->start;
    if (e->len != n)
        return false;
    return n == 0 || memcmp(src + e->start, e->text, n) == 0;
}

int df_edit_apply(const char *src, size_t len, const df_edit *edits, size_t n, df_buf *out)
{
    /* Validate everything first so that a bad list appends nothing. */
    size_t pos = 0;
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        const df_edit *e = &edits[i];
        if (!edit_well_formed(e, len) || e->start < pos)
            return -1;
        pos = e->end;
        if (e->len > (size_t)-1 / 2 - extra)
            return -1;
        extra += e->len;
    }
    if ((len && !src) || len > (size_t)-1 / 2 || extra > (size_t)-1 / 2 - len)
        return -1;

    size_t old_len = out->len;
    if (df_buf_grow(out, len + extra) < 0)
        return -1;
    pos = 0;
    for (size_t i = 0; i < n; i++) {
        const df_edit *e = &edits[i];
        /* Cannot fail: the room was reserved above. */
        if (df_buf_add(out, src ? src + pos : "", e->start - pos) < 0 ||
            df_buf_add(out, e->text, e->len) < 0)
            goto fail;
        pos = e->end;
    }
    if (df_buf_add(out, src ? src + pos : "", len - pos) < 0)
        goto fail;
    return 0;
fail:
    out->len = old_len;
    if (out->data)
        out->data[old_len] = '\0';
    return -1;
}

static void insertion_sort(df_edit *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        df_edit x = e[i];
        size_t j = i;
        while (j > 0 && edit_less(&x, &e[j - 1])) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = x;
    }
}

/* Stable merge of sorted runs src[lo,mid) and src[mid,hi) into dst. */
static void merge_runs(const df_edit *src, df_edit *dst, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = edit_less(&src[j], &src[i]) ? src[j++] : src[i++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

int df_edit_sort(df_edit *edits, size_t n)
{
    if (n <= DF_EDIT_SMALL_SORT) {
        insertion_sort(edits, n);
        return 0;
    }
    if (n > (size_t)-1 / sizeof *edits)
        return -1;
    df_edit *tmp = malloc(n * sizeof *edits);
    if (!tmp)
        return -1;
    /* Bottom-up: sort small blocks in place, then merge back and forth. */
    for (size_t lo = 0; lo < n; lo += DF_EDIT_SMALL_SORT) {
        size_t hi = n - lo < DF_EDIT_SMALL_SORT ? n : lo + DF_EDIT_SMALL_SORT;
        insertion_sort(edits + lo, hi - lo);
    }
    df_edit *from = edits, *to = tmp;
    for (size_t width = DF_EDIT_SMALL_SORT; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = n - lo < width ? n : lo + width;
            size_t hi = n - mid < width ? n : mid + width;
            merge_runs(from, to, lo, mid, hi);
        }
        df_edit *t = from;
        from = to;
        to = t;
    }
    if (from != edits)
        memcpy(edits, from, n * sizeof *edits);
    free(tmp);
    return 0;
}
