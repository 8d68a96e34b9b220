/*
 * report.h - what dfopt tells people and programs about a file.
 *
 * Text (stderr, for people), in the shape compilers use:
 *     path:line:col: severity: message [DF012]
 *       3 | ADD app.py /app/
 *         | ^^^
 *       = fix (safe, applied): replace ADD with COPY
 * JSON (stdout, for the PR bot): the versioned document described in
 * docs/json-report.md, built with jansson.
 */
#ifndef DFOPT_REPORT_H
#define DFOPT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "dfopt/driver.h"
#include "dfopt/source.h"

#define DF_REPORT_VERSION 1

typedef enum {
    DF_FILE_OK = 0,
    DF_FILE_IO = 2,
    DF_FILE_PARSE = 3,
    DF_FILE_INTERNAL = 4
} df_file_status;

typedef struct {
    const char *path;        /* as given / found */
    df_file_status status;
    char error[1100];        /* for IO / PARSE / INTERNAL */
    size_t err_line, err_col;
    const char *input;       /* the bytes read (NULL on I/O error) */
    size_t input_len;
    df_run_result *run;      /* NULL on I/O error */
    df_buf diff;             /* unified diff of the change (owned) */
    bool written;            /* -i wrote the file */
} df_file_report;

/* One finding, with source excerpt and caret line. src is the text the
 * diagnostic's span refers to. */
void df_print_diag(FILE *f, const df_source *src, const df_diag *d);

/* `path:line:col: error: message` plus the source line, for parse errors. */
void df_print_parse_error(FILE *f, const df_source *src, const df_parse_error *e);

/* The whole JSON report for n files. Returns 0 or -1 (out of memory). */
int df_report_json(FILE *f, const df_file_report *files, size_t n);

/* The same as SARIF 2.1.0 (round-0 findings; fixes as replacements). */
int df_report_sarif(FILE *f, const df_file_report *files, size_t n);

/* Rule list as text table, JSON, or a Markdown table (README). */
int df_list_rules(FILE *f, const char *format);

/* --explain */
int df_explain_rule(FILE *f, const char *key);

#endif
