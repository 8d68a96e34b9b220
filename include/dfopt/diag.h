/*
 * diag.h - findings (diagnostics) and their fixes.
 *
 * A diagnostic names a rule, a span of the text it was found in, a
 * severity and a message. It may carry a fix: byte-range edits on that same
 * text plus an applicability (ruff's model):
 *   SAFE    meaning preserved: applied by default;
 *   UNSAFE  probably right but can change behaviour: --unsafe-fixes;
 *   DISPLAY advice only: shown, never applied.
 *
 * Ownership: a df_diags list owns everything in it (one arena); diagnostics
 * outlive the parse they came from, because the driver reparses after each
 * round of fixes. Pointers stay valid until df_diags_release().
 */
#ifndef DFOPT_DIAG_H
#define DFOPT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "dfopt/arena.h"
#include "dfopt/edit.h"
#include "dfopt/source.h"

typedef enum { DF_SEV_INFO = 0, DF_SEV_WARNING = 1, DF_SEV_ERROR = 2 } df_severity;

typedef enum { DF_APPLY_DISPLAY = 0, DF_APPLY_UNSAFE = 1, DF_APPLY_SAFE = 2 } df_applicability;

const char *df_severity_name(df_severity s);         /* "info", "warning", "error" */
const char *df_applicability_name(df_applicability a); /* "display", "unsafe", "safe" */

struct df_rule;

typedef struct {
    df_applicability applicability;
    const char *description; /* what the fix does, one line */
    df_edit *edits;          /* sorted by start, non-overlapping */
    size_t nedits;
    bool settles;            /* set by the rule that knows: this fix gives no
                                rule anything new to fix, whatever its rule's
                                wakes say (rule.h: settles) */
} df_fix;

typedef struct {
    const struct df_rule *rule;
    df_severity severity;
    df_span span;          /* in the text the rule looked at; after the
                              driver's run, in the input (driver.h) */
    const char *message;
    df_fix *fix;           /* NULL: nothing to change */
    bool applied;          /* set by the driver */
    unsigned round;        /* fixpoint round it was found in (0 = the input):
                              the text its fix's edits apply to */
    bool found_later;      /* set by the driver: round > 0 and the input had
                              no finding of the rule at this place (the
                              fix of another made it); false when it is
                              the input's finding whose fix had to wait */
    const char *extra_key; /* optional machine-readable payload for reports */
    const char *extra_value;
} df_diag;

typedef struct {
    df_arena *arena;
    df_diag **v;
    size_t n, cap;
    bool no_text;          /* nobody will read the findings' text: each
                              message and fix description is "" and is
                              never formatted (the driver sets it from
                              df_options.messages_unread); the rest (rule,
                              span, fix edits, extra payload) is kept */
} df_diags;

int df_diags_init(df_diags *d);
void df_diags_release(df_diags *d);

/* New diagnostic with a printf-style message (not formatted, "", when
 * d->no_text); NULL when out of memory. */
df_diag *df_diags_add(df_diags *d, const struct df_rule *rule, df_severity sev, df_span span,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
df_diag *df_diags_vadd(df_diags *d, const struct df_rule *rule, df_severity sev, df_span span,
                       const char *fmt, va_list ap);

/* Give dg a fix (replacing any) with no edits yet; its description is a
 * copy of description ("" when d->no_text). */
df_fix *df_diag_set_fix(df_diags *d, df_diag *dg, df_applicability a, const char *description);
/* Add an edit to dg's fix: replace [start, end) with text[0..len). Edits are
 * kept sorted; returns -1 on overlap with an earlier edit of the same fix or
 * out of memory. */
int df_fix_add_edit(df_diags *d, df_diag *dg, size_t start, size_t end, const char *text, size_t len);
/* Attach a key/value string to the diagnostic for machine-readable output
 * (e.g. the proposed .dockerignore). */
int df_diag_set_extra(df_diags *d, df_diag *dg, const char *key, const char *value);

#endif
