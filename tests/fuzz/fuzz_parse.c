/*
 * fuzz_parse.c - libFuzzer target: bytes -> df_parse -> checks.
 *
 * For every input:
 *  - success: df_doc_check() must hold, the pieces must tile the input and
 *    concatenating their bytes must give the input back (parse -> print with
 *    no edits is the identity), and `--ast` JSON must be non-empty, valid
 *    UTF-8 and valid JSON;
 *  - failure: the message must be non-empty and NUL-terminated, and the
 *    error line >= 1 (line 0 is only allowed with "out of memory").
 * Any violation aborts with a message, so libFuzzer records a crash.
 *
 * Build and run: scripts/fuzz.sh [SECONDS] (or `make fuzz`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dfopt/ast.h"
#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_parse: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Independent strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF);
 * deliberately not using src/utf8.c, which is part of what is tested. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t r, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2, r = c & 0x1Fu, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 3, r = c & 0x0Fu, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4, r = c & 0x07u, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < need)
            return 0;
        for (size_t k = 1; k < need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            r = (r << 6) | (s[i + k] & 0x3Fu);
        }
        if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
            return 0;
        i += need;
    }
    return 1;
}

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
    if (!valid_utf8((const unsigned char *)js.data, js.len))
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

/* The whole engine: every rule, unsafe fixes too. The rewrite must parse
 * (the driver guards that and would report DF_RUN_INTERNAL, which is a
 * finding here) and be a fixed point: rewriting it again changes nothing. */
static void check_engine(const char *text, size_t size)
{
    df_options o;
    df_options_default(&o);
    o.unsafe_fixes = true;
    df_run_result r1;
    df_run("fuzz", text, size, &o, NULL, &r1);
    if (r1.status == DF_RUN_INTERNAL)
        die("engine", r1.message);
    if (r1.status == DF_RUN_OK && r1.changed) {
        df_run_result r2;
        df_run("fuzz", r1.output.data, r1.output.len, &o, NULL, &r2);
        if (r2.status != DF_RUN_OK)
            die("engine", "the rewrite does not run cleanly again");
        if (r2.changed)
            die("engine", "a second rewrite changes the output again");
        df_run_result_release(&r2);
    }
    df_run_result_release(&r1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, so ASan flags any read past the input's end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);

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

        check_engine(text, size);

        df_doc_free(doc);
    } else {
        check_error(&err, size);
    }
    df_source_release(&src);
    free(text);
    return 0;
}
