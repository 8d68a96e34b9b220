/*
 * parser.h - Dockerfile text -> df_doc, the way BuildKit parses it.
 *
 * The grammar is BuildKit's (moby/buildkit frontend/dockerfile/parser):
 * directives only at the top, `\` or backtick escape, continuation lines
 * with comment and empty lines inside, heredocs, exec (JSON) form with the
 * silent fallback to shell form, leading --flags, ONBUILD. Files BuildKit
 * rejects are rejected with the same reason.
 */
#ifndef DFOPT_PARSER_H
#define DFOPT_PARSER_H

#include "dfopt/ast.h"
#include "dfopt/source.h"

/* BuildKit's bufio.Scanner limit: a line (terminator included) longer than
 * this is rejected. */
#define DF_MAX_LINE 65536

typedef struct {
    char message[512];
    size_t offset; /* where in the file */
    size_t line;   /* 1-based */
} df_parse_error;

/* Parse src. On success returns a document (free with df_doc_free) and
 * leaves err untouched. On a syntax error returns NULL and fills err; on out
 * of memory returns NULL with err->message "out of memory". The document
 * keeps a pointer to src, which must outlive it. */
df_doc *df_parse(const df_source *src, df_parse_error *err);

/* df_parse into the caller's arena a: the document lives there (also when
 * the parse fails, what it took stays there) and df_doc_free leaves a to
 * its owner, who frees or resets it (df_arena_reset) after the document. */
df_doc *df_parse_in(const df_source *src, df_arena *a, df_parse_error *err);

#endif
