/*
 * rule.h - what a pass is, and what it may see and do.
 *
 * A rule is one table entry (passes/registry.c is the one list of rules;
 * --list-rules, --explain and README's rule table are produced from it) and
 * one file in passes/ whose check function reads the parse tree and reports
 * diagnostics with optional fixes through its df_ctx. Passes never modify
 * the tree or the text: they describe edits on the text they were given.
 */
#ifndef DFOPT_RULE_H
#define DFOPT_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/ast.h"
#include "dfopt/diag.h"

struct df_options;

typedef struct df_ctx {
    const df_doc *doc;
    const df_source *src;
    const struct df_rule *rule;        /* the rule being run */
    const struct df_options *opts;     /* read-only run options */
    const char *context_dir;           /* build context, or NULL when unknown (stdin) */
    const struct df_kb *kb;            /* facts from data/ (kb.h) */
    struct df_runsh_cache *scripts;    /* RUN scripts parsed once per round (runsh.h) */
    const struct df_pragmas *pragmas;  /* ignore comments, scanned once per round
                                        * (pragma.h: df_pragmas_of), or NULL */
    df_diags *out;                     /* where findings go */
    unsigned round;
} df_ctx;

typedef struct df_rule {
    const char *id;        /* "DF012": never reused */
    const char *name;      /* kebab-case name of the smell */
    const char *hadolint;  /* "DL3020", several as "DL3014,DL3027", or NULL */
    df_severity severity;  /* default severity of its findings */
    df_applicability fix;  /* the best applicability its fixes can have: the
                            * driver lowers a better one to it, and does not
                            * run the rule after round 0 when the options
                            * never apply that one */
    bool settles;          /* its fixes leave nothing new to fix, for any
                            * rule: after a round whose applied fixes all
                            * settle, none of them having waited for another
                            * (overlapping edits), the driver parses and
                            * self-checks the result but does not run the
                            * rules on it once more (driver.h:
                            * df_run_result.settled). DF024's `-l`; a
                            * rule can also say it of one fix (diag.h:
                            * df_fix.settles: DF003's plain cleanups) */
    const char *wakes;     /* for fixes that do not settle: the ids of the
                            * only rules that can find something new to fix
                            * after them ("DF001,DF011", comma-separated):
                            * the next round runs only those. NULL: every
                            * rule. tests/test_rounds.c holds both claims on
                            * the golden inputs (with every rule, under
                            * --merge aggressive too), on chains found by
                            * review and on the corpus: the output and
                            * findings are the same when every rule runs */
    const char *summary;   /* one line */
    const char *worth;     /* what its fix gains, by kind, for a pull request
                            * body ("image size: ..."); never NULL */
    void (*check)(df_ctx *ctx);
} df_rule;

/* The registry (passes/registry.c). */
extern const df_rule *const df_rules[];
extern const size_t df_nrules;

/* The rule's documentation: the opening comment of its file in passes/,
 * extracted at build time (scripts/gen-ruledocs.sh). Never NULL. */
const char *df_rule_doc(const df_rule *r);

/* Does the rule's hadolint field list code s[0..n) (case-insensitive)? */
bool df_rule_has_hadolint(const df_rule *r, const char *s, size_t n);

/* Find a rule by id ("DF012", case-insensitive), name, or hadolint code. */
const df_rule *df_rule_find(const char *key);

/* Report a finding of ctx->rule (printf-style message). */
df_diag *df_report(df_ctx *ctx, df_severity sev, df_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* --- helpers for passes ------------------------------------------------ */

/* Will anyone read the text of this run's findings (messages, fix
 * descriptions)? When not (dfopt -q: df_options.messages_unread), df_report
 * and df_diag_set_fix keep "" without formatting, and a rule may skip
 * building text that only goes into them. Never a reason to change a fix. */
static inline bool df_messages_read(const df_ctx *c)
{
    return !c->out->no_text;
}

/* The line terminator the file uses ("\r\n" or "\n"). */
const char *df_eol(const df_doc *d);

/* Source text of an instruction word. */
static inline const char *df_src_at(const df_ctx *c, size_t off)
{
    return c->src->text + off;
}

#endif
