/*
 * astjson.h - `dfopt --ast`: the parse tree as JSON.
 *
 * The format is the one ../shared/corpus/README.md describes (BuildKit's
 * fields: cmd, rawCmd, flags, args, json, heredocs, startLine, endLine,
 * original, sub) plus byte spans ("span": [start, end)). Strings are
 * written the way Go's encoding/json writes them: every byte that is not
 * valid UTF-8 becomes U+FFFD, so the output is always valid JSON.
 */
#ifndef DFOPT_ASTJSON_H
#define DFOPT_ASTJSON_H

#include "dfopt/ast.h"
#include "dfopt/buf.h"

int df_ast_json(const df_doc *d, df_buf *out);

/* Append s[0..n) as a JSON string literal (quotes included). */
int df_json_str(df_buf *out, const char *s, size_t n);

#endif
