/*
 * driver.h - run the rules over one text and apply fixes to a fixpoint.
 *
 *   parse -> run enabled rules -> pick fixes (allowed applicability, no-op
 *   edits dropped, non-overlapping: earlier span first) -> apply -> reparse
 *   -> repeat until no fix applies.
 *
 * Guards (ruff's): when a round's output no longer parses, or the loop does
 * not settle within DF_MAX_ROUNDS, the original text is kept and the result
 * is DF_RUN_INTERNAL naming the rule(s) responsible.
 */
#ifndef DFOPT_DRIVER_H
#define DFOPT_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/buf.h"
#include "dfopt/diag.h"
#include "dfopt/options.h"
#include "dfopt/parser.h"

#define DF_MAX_ROUNDS 8

typedef enum {
    DF_RUN_OK = 0,        /* output holds the result (maybe equal to the input) */
    DF_RUN_PARSE = 3,     /* the input does not parse: see perr */
    DF_RUN_INTERNAL = 4,  /* a rule misbehaved: see message; output = input */
    DF_RUN_NOMEM = 5
} df_run_status;

typedef struct {
    df_run_status status;
    df_buf output;          /* the rewritten text (owned) */
    bool changed;           /* output != input */
    df_diags diags;         /* round-0 findings and later rounds' applied
                               fixes (round > 0), each finding once: a later
                               fix of an input finding that had to wait (its
                               fix overlapped another, or it had none yet)
                               replaces it. Every span is in the input (a
                               later round's mapped back: origin.h); the
                               edits of a later fix are in its round's text */
    df_parse_error perr;    /* for DF_RUN_PARSE */
    bool not_dockerfile;    /* DF_RUN_PARSE because the text holds a NUL byte
                               (perr.offset): binary, not a Dockerfile */
    char message[1024];     /* for DF_RUN_INTERNAL */
    unsigned rounds;        /* rounds of the fixpoint, the last being the
                               one with nothing to change: its rules were
                               run, or it was settled */
    bool settled;           /* the last round only parsed and self-checked
                               the text: every fix applied the round before
                               settles (rule.h) and none waited */
    unsigned narrowed;      /* rounds that ran only the rules the fixes of
                               the round before could wake (rule.h: wakes) */
    size_t work;            /* bytes the rounds allocated for parse trees,
                               scripts and findings: a deterministic work
                               counter, so tests can catch blow-ups */
    size_t steps;           /* steps of the driver and the rules: the
                               instructions of each round, and what the
                               rules asked of the shared helpers (script
                               lookups, commands visited: runsh.h): catches
                               scans that allocate nothing */
    size_t held;            /* bytes the file's arena took from the system
                               over all rounds: one round's worth, since
                               each round reuses the memory of the last */
} df_run_result;

/* path: display name; context_dir: build context or NULL. text is not
 * modified and need not outlive the call. */
int df_run(const char *path, const char *text, size_t len, const df_options *opts,
           const char *context_dir, df_run_result *res);

void df_run_result_release(df_run_result *res);

/* Test hook: run with an explicit rule table instead of df_rules[]. */
int df_run_with_rules(const char *path, const char *text, size_t len, const df_options *opts,
                      const char *context_dir, const struct df_rule *const *rules, size_t nrules,
                      df_run_result *res);

#endif
