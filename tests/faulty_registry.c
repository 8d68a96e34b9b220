/*
 * faulty_registry.c - the rule list of build/tests/dfopt-faulty, a dfopt
 * built for test_faults only: the real DF012 plus two rules that misbehave
 * on purpose, so that exit status 4 can be checked end to end.
 *   T901 breaks-syntax: in a file with a "# break" line, appends an
 *        unterminated heredoc (the fix makes the file unparseable);
 *   T902 never-converges: in a file with a "# grow" line, appends a
 *        comment line in every round.
 * Test-only: replaces passes/registry.c in that binary.
 */
#include <string.h>

#include "../passes/passes.h"

static void break_syntax(df_ctx *c)
{
    if (!strstr(c->src->text, "# break\n"))
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, (df_span){0, 0}, "this file asks to be broken");
    if (d && df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "append an unterminated heredoc"))
        df_fix_add_edit(c->out, d, c->src->len, c->src->len, "RUN <<EOF\n", 10);
}

static void grow(df_ctx *c)
{
    if (!strstr(c->src->text, "# grow\n"))
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, (df_span){0, 0}, "this file asks to grow");
    if (d && df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "append a comment"))
        df_fix_add_edit(c->out, d, c->src->len, c->src->len, "# more\n", 7);
}

static const df_rule t901 = {.id = "T901", .name = "breaks-syntax", .severity = DF_SEV_WARNING,
                             .fix = DF_APPLY_SAFE, .summary = "test-only: a fix that does not parse",
                             .check = break_syntax};
static const df_rule t902 = {.id = "T902", .name = "never-converges", .severity = DF_SEV_WARNING,
                             .fix = DF_APPLY_SAFE, .summary = "test-only: fixes that never end",
                             .check = grow};

const df_rule *const df_rules[] = {&df_rule_df012, &t901, &t902};

const size_t df_nrules = sizeof df_rules / sizeof df_rules[0];
