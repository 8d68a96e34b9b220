/*
 * buf.h - growable, owned byte buffer (malloc-backed).
 *
 * Invariants: data is NULL or points to cap bytes; len < cap whenever
 * data != NULL and data[len] == '\0', so data can be used as a C string
 * (it may also contain NUL bytes: always use len). The owner calls
 * df_buf_release() once; df_buf_detach() hands the bytes to the caller,
 * who then free()s them.
 *
 * Append functions return 0, or -1 when out of memory (the buffer is then
 * left as it was, and `failed` is set: code that appends many times can
 * check once, at the end, that nothing was lost).
 */
#ifndef DFOPT_BUF_H
#define DFOPT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an append ran out of memory (kept by df_buf_clear) */
} df_buf;

#define DF_BUF_INIT {NULL, 0, 0, false}

int df_buf_grow(df_buf *b, size_t extra);
int df_buf_add(df_buf *b, const void *p, size_t n);
int df_buf_addstr(df_buf *b, const char *s);
/* One byte: a store where there is room (inline: the parser and the JSON
 * reader add values byte by byte), df_buf_grow first where there is not. */
static inline int df_buf_addch(df_buf *b, char c)
{
    if ((!b->data || b->cap - b->len <= 1) && df_buf_grow(b, 1) < 0)
        return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}
int df_buf_printf(df_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int df_buf_vprintf(df_buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keeping its memory. */
void df_buf_clear(df_buf *b);
/* Free the memory and reset to DF_BUF_INIT. */
void df_buf_release(df_buf *b);
/* Take the bytes (NUL-terminated, never NULL unless out of memory); the
 * buffer is reset to DF_BUF_INIT. */
char *df_buf_detach(df_buf *b, size_t *len);

/* The first place where the C string needle occurs in the bytes s[0..n),
 * or NULL (an empty needle: s). Not only for buffers: any text with a
 * length, such as a word or a source file. */
const char *df_bytes_find(const char *s, size_t n, const char *needle);
/* Does it occur? */
bool df_bytes_contain(const char *s, size_t n, const char *needle);
/* Does needle[0..k) occur in s[0..n), ASCII letters compared without
 * case? Compares only where the needle's first letter stands. */
bool df_bytes_contain_ci(const char *s, size_t n, const char *needle, size_t k);

#endif
