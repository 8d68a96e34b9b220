/*
 * source.h - an input file's bytes, its name, and offset -> line/column.
 *
 * A location everywhere in dfopt is a byte offset (or a df_span of two)
 * into the ORIGINAL bytes. Lines and columns are computed here, only when a
 * message is printed. Lines are 1-based and end after '\n'; columns are
 * 1-based and count UTF-8 characters (an invalid byte counts as one).
 *
 * Ownership: df_source_init() copies nothing: text must outlive the source.
 * The line table is malloc'ed and freed by df_source_release().
 */
#ifndef DFOPT_SOURCE_H
#define DFOPT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* Half-open byte range [start, end) in the original text. */
typedef struct {
    size_t start;
    size_t end;
} df_span;

typedef struct {
    const char *path;  /* name shown in messages ("-" shows as "<stdin>") */
    const char *text;  /* the bytes, not necessarily NUL-terminated */
    size_t len;
    size_t *line_starts; /* offset of each line's first byte */
    size_t nlines;       /* >= 1 */
} df_source;

int df_source_init(df_source *s, const char *path, const char *text, size_t len);
void df_source_release(df_source *s);

/* 1-based line and column of a byte offset (offset == len is allowed). */
void df_source_linecol(const df_source *s, size_t off, size_t *line, size_t *col);

/* The span of 1-based line `line` without its line terminator. */
df_span df_source_line(const df_source *s, size_t line);

#endif
