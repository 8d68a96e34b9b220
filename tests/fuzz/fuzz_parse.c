/*
 * fuzz_parse.c - libFuzzer target: the parser (bytes -> df_parse -> checks).
 *
 * For every input:
 *  - success: df_doc_check() must hold, the pieces must tile the input and
 *    concatenating their bytes must give the input back (parse -> print with
 *    no edits is the identity), and `--ast` JSON must be non-empty, valid
 *    UTF-8 and valid JSON;
 *  - failure: the message must be non-empty and NUL-terminated, and the
 *    error line >= 1 (line 0 is only allowed with "out of memory").
 * Any violation aborts with a message, so libFuzzer records a crash.
 * The shell model and the rules have their own targets (fuzz_shell.c,
 * fuzz_rewrite.c), so that each stays fast.
 *
 * Build and run: scripts/fuzz.sh [SECONDS] [parse|shell|rewrite]... (or `make fuzz`).
 */
#define FUZZ_NAME "fuzz_parse"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dfopt/ast.h"
#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"
#include "fuzz_common.h"

/* Parse -> print with no edits: the pieces, in order, must cover
 * [0, len) without gaps or overlaps, and their bytes must be the input. */
static void check_roundtrip(const df_doc *doc, const char *text, size_t len)
{
    df_buf out = DF_BUF_INIT;
    size_t at = 0;
    for (size_t i = 0; i < doc->npieces; i++) {
        const df_piece *pc = &doc->pieces[i];
        if (pc->span.start != at || pc->span.end < pc->span.start || pc->span.end > len)
            die("pieces do not tile the input", NULL);
        if (pc->kind == DF_PIECE_INSTR && !pc->instr)
            die("instruction piece without an instruction", NULL);
        if (df_buf_add(&out, text + pc->span.start, pc->span.end - pc->span.start) < 0)
            die("out of memory in the round trip", NULL);
        at = pc->span.end;
    }
    if (at != len || out.len != len || (len && memcmp(out.data, text, len) != 0))
        die("parse -> print with no edits does not give the input back", NULL);
    df_buf_release(&out);
}

static void check_json(const df_doc *doc)
{
    df_buf js = DF_BUF_INIT;
    if (df_ast_json(doc, &js) != 0)
        die("df_ast_json failed", NULL);
    if (js.len == 0 || !js.data)
        die("df_ast_json produced no output", NULL);
    if (!fuzz_valid_utf8((const unsigned char *)js.data, js.len))
        die("df_ast_json output is not valid UTF-8", NULL);
    json_error_t jerr;
    json_t *root = json_loadb(js.data, js.len, JSON_ALLOW_NUL, &jerr);
    if (!root)
        die("df_ast_json output is not valid JSON", jerr.text);
    json_decref(root);
    df_buf_release(&js);
}

static void check_error(const df_parse_error *err, size_t len)
{
    size_t mlen = strnlen(err->message, sizeof err->message);
    if (mlen == sizeof err->message)
        die("error message not NUL-terminated", NULL);
    if (mlen == 0)
        die("parse failed with an empty error message", NULL);
    if (err->line < 1 && strcmp(err->message, "out of memory") != 0)
        die("parse failed with error line 0", err->message);
    if (err->offset > len && strcmp(err->message, "out of memory") != 0)
        die("error offset past the end of the input", err->message);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;

    df_source src;
    if (df_source_init(&src, "fuzz", text, size) != 0) {
        free(text);
        return 0;
    }
    df_parse_error err;
    memset(&err, 0, sizeof err);
    err.message[0] = '\0';
    df_doc *doc = df_parse(&src, &err);
    if (doc) {
        const char *bad = df_doc_check(doc);
        if (bad)
            die("df_doc_check", bad);
        check_roundtrip(doc, text, size);
        check_json(doc);

        df_doc_free(doc);
    } else {
        check_error(&err, size);
    }
    df_source_release(&src);
    free(text);
    return 0;
}
