/*
 * test_driver.c - the fixpoint driver with test-only rules: fix selection
 * by applicability, overlap, no-op edits, convergence and syntax guards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/driver.h"
#include "dfopt/rule.h"

/* ---- test-only rules ---------------------------------------------- */

/* Upper-cases the first instruction keyword if it is lowercase. */
static void upcase_first(df_ctx *c)
{
    const df_instr *in = c->doc->instrs[0];
    const df_word *k = &in->keyword;
    if (k->value[0] < 'a' || k->value[0] > 'z')
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, k->span, "lowercase keyword");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "upper-case it");
    char up[32];
    size_t n = k->len < sizeof up ? k->len : sizeof up - 1;
    for (size_t i = 0; i < n; i++)
        up[i] = (char)(k->value[i] >= 'a' && k->value[i] <= 'z' ? k->value[i] - 32 : k->value[i]);
    df_fix_add_edit(c->out, d, k->span.start, k->span.end, up, n);
}

/* Replaces the whole first instruction keyword with "USER" (overlaps upcase; not FROM,
 * which would add a stage and fail the self-check). */
static void rename_first(df_ctx *c)
{
    const df_word *k = &c->doc->instrs[0]->keyword;
    if (k->len == 4 && memcmp(k->value, "USER", 4) == 0)
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, k->span, "not USER");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "rename");
    df_fix_add_edit(c->out, d, k->span.start, k->span.end, "USER", 4);
}

/* An edit that changes nothing. */
static void noop_rule(df_ctx *c)
{
    const df_word *k = &c->doc->instrs[0]->keyword;
    df_diag *d = df_report(c, DF_SEV_INFO, k->span, "noop");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "same text");
    df_fix_add_edit(c->out, d, k->span.start, k->span.end, c->src->text + k->span.start, k->len);
}

/* Appends a comment line forever: never converges. */
static void grow_rule(df_ctx *c)
{
    df_diag *d = df_report(c, DF_SEV_INFO, (df_span){0, 0}, "grow");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "append");
    df_fix_add_edit(c->out, d, c->src->len, c->src->len, "# more\n", 7);
}

/* Inserts an unterminated heredoc: the result does not parse. */
static void break_rule(df_ctx *c)
{
    df_diag *d = df_report(c, DF_SEV_INFO, (df_span){0, 0}, "break");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "break the syntax");
    df_fix_add_edit(c->out, d, c->src->len, c->src->len, "RUN <<EOF\n", 10);
}

/* An unsafe and a display fix on the last instruction. */
static void unsafe_rule(df_ctx *c)
{
    const df_instr *in = c->doc->instrs[c->doc->ninstrs - 1];
    if (in->cmd != DF_CMD_RUN)
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, in->keyword.span, "unsafe");
    df_diag_set_fix(c->out, d, DF_APPLY_UNSAFE, "comment it out");
    df_fix_add_edit(c->out, d, in->span.start, in->span.start, "# ", 2);
}

static void display_rule(df_ctx *c)
{
    const df_instr *in = c->doc->instrs[0];
    df_diag *d = df_report(c, DF_SEV_INFO, in->keyword.span, "advice");
    df_diag_set_fix(c->out, d, DF_APPLY_DISPLAY, "would delete everything");
    df_fix_add_edit(c->out, d, 0, c->src->len, "", 0);
}

/* Breaks the syntax once the first keyword is upper case (after another
 * rule's fix). */
static void break_later_rule(df_ctx *c)
{
    const df_word *k = &c->doc->instrs[0]->keyword;
    if (k->value[0] < 'A' || k->value[0] > 'Z')
        return;
    df_diag *d = df_report(c, DF_SEV_INFO, (df_span){0, 0}, "break later");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "break the syntax");
    df_fix_add_edit(c->out, d, c->src->len, c->src->len, "RUN <<EOF\n", 10);
}

/* Breaks it at the start of the file. */
static void break_first_rule(df_ctx *c)
{
    df_diag *d = df_report(c, DF_SEV_INFO, (df_span){0, 0}, "break first");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "break the syntax");
    df_fix_add_edit(c->out, d, 0, 0, "RUN <<A\n", 8);
}

/* Rule "LONGRULEk" (k from 1) puts a comment above instruction n-k, in
 * every round: never converges, and each round applies every such rule. */
static void comment_above_rule(df_ctx *c)
{
    size_t k = (size_t)atoi(c->rule->id + 8);
    if (k == 0 || k > c->doc->ninstrs)
        return;
    const df_instr *in = c->doc->instrs[c->doc->ninstrs - k];
    df_diag *d = df_report(c, DF_SEV_INFO, in->keyword.span, "comment");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "comment above");
    df_fix_add_edit(c->out, d, in->span.start, in->span.start, "#\n", 2);
}

/* Says it gives advice only, yet sets a safe fix on the first keyword;
 * counts its runs. */
static unsigned overclaim_runs;
static void overclaim_rule(df_ctx *c)
{
    overclaim_runs++;
    const df_word *k = &c->doc->instrs[0]->keyword;
    df_diag *d = df_report(c, DF_SEV_INFO, k->span, "overclaim");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "comment it out");
    df_fix_add_edit(c->out, d, k->span.start, k->span.start, "# ", 2);
}

/* Moves a first ADD instruction to the end of the file (DF002's shape:
 * delete it, insert the same bytes below). */
static void move_add_rule(df_ctx *c)
{
    const df_instr *in = c->doc->instrs[0];
    if (c->doc->ninstrs < 2 || in->cmd != DF_CMD_ADD)
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, in->keyword.span, "ADD first");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "move it to the end");
    df_fix_add_edit(c->out, d, in->span.start, in->span.end, "", 0);
    df_fix_add_edit(c->out, d, c->src->len, c->src->len, c->src->text + in->span.start,
                    in->span.end - in->span.start);
}

/* ADD -> COPY on every ADD (DF012's shape); the message names the line. */
static void add_to_copy_rule(df_ctx *c)
{
    for (size_t i = 0; i < c->doc->ninstrs; i++) {
        const df_instr *in = c->doc->instrs[i];
        if (in->cmd != DF_CMD_ADD)
            continue;
        df_diag *d = df_report(c, DF_SEV_WARNING, in->keyword.span, "ADD at line %zu", in->start_line);
        df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "use COPY");
        df_fix_add_edit(c->out, d, in->keyword.span.start, in->keyword.span.end, "COPY", 4);
    }
}

/* Once the first keyword is USER, "Run" for the last RUN written "RUN": a
 * finding that only exists after another rule's fix. */
static void after_user_rule(df_ctx *c)
{
    const df_word *k = &c->doc->instrs[0]->keyword;
    const df_instr *last = c->doc->instrs[c->doc->ninstrs - 1];
    if (k->len != 4 || memcmp(k->value, "USER", 4) != 0 || last->cmd != DF_CMD_RUN ||
        memcmp(last->keyword.value, "RUN", 3) != 0)
        return;
    df_diag *d = df_report(c, DF_SEV_WARNING, last->keyword.span, "after USER");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "Run");
    df_fix_add_edit(c->out, d, last->keyword.span.start, last->keyword.span.end, "Run", 3);
}

/* Rule "Sk" (k = 0, 1, 2) on every RUN j with j % 3 == k (j counts the
 * RUNs) whose argument is not "done": sets it to "done", and the next
 * RUN's to "half" unless that one is done. Fixes of neighbouring RUNs
 * overlap; each rule reports in file order, the three interleaved. */
static df_span run_arg(const df_instr *in)
{
    return (df_span){in->keyword.span.end + 1, in->span.end - 1}; /* "RUN x\n" */
}

static void interleaved_rule(df_ctx *c)
{
    size_t k = (size_t)(c->rule->id[1] - '0');
    size_t j = 0;
    for (size_t i = 0; i < c->doc->ninstrs; i++) {
        const df_instr *in = c->doc->instrs[i];
        if (in->cmd != DF_CMD_RUN)
            continue;
        df_span a = run_arg(in);
        if (j++ % 3 != k || (a.end - a.start == 4 && memcmp(c->src->text + a.start, "done", 4) == 0))
            continue;
        df_diag *d = df_report(c, DF_SEV_INFO, in->keyword.span, "not done");
        df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "done");
        df_fix_add_edit(c->out, d, a.start, a.end, "done", 4);
        if (i + 1 < c->doc->ninstrs && c->doc->instrs[i + 1]->cmd == DF_CMD_RUN) {
            df_span b = run_arg(c->doc->instrs[i + 1]);
            if (b.end - b.start != 4 || memcmp(c->src->text + b.start, "done", 4) != 0)
                df_fix_add_edit(c->out, d, b.start, b.end, "half", 4);
        }
    }
}

#define RULE(var, id_, fn)                                                                                  \
    static const df_rule var = {.id = id_, .name = id_, .hadolint = NULL, .severity = DF_SEV_WARNING,     \
                                .fix = DF_APPLY_SAFE, .summary = id_, .check = fn}
RULE(r_upcase, "T001", upcase_first);
RULE(r_rename, "T002", rename_first);
RULE(r_noop, "T003", noop_rule);
RULE(r_grow, "T004", grow_rule);
RULE(r_break, "T005", break_rule);
RULE(r_unsafe, "T006", unsafe_rule);
RULE(r_display, "T007", display_rule);
RULE(r_break_later, "T008", break_later_rule);
RULE(r_break_first, "T009", break_first_rule);
RULE(r_move_add, "T010", move_add_rule);
RULE(r_add_to_copy, "T011", add_to_copy_rule);
RULE(r_after_user, "T012", after_user_rule);

RULE(r_s0, "S0", interleaved_rule);
RULE(r_s1, "S1", interleaved_rule);
RULE(r_s2, "S2", interleaved_rule);

static const df_rule r_overclaim = {.id = "T010", .name = "T010", .severity = DF_SEV_INFO,
                                     .fix = DF_APPLY_DISPLAY, .summary = "T010", .check = overclaim_rule};

static df_options all_on(void)
{
    df_options o;
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < DF_MAX_RULES; i++)
        o.enabled[i] = true;
    return o;
}

static int run(const char *text, const df_rule *const *rules, size_t n, const df_options *o, df_run_result *res)
{
    return df_run_with_rules("t.Dockerfile", text, strlen(text), o, NULL, rules, n, res);
}

static void out_is(const df_run_result *res, const char *want)
{
    assert_int_equal(res->output.len, strlen(want));
    assert_memory_equal(res->output.data, want, strlen(want));
}

/* ---- tests ----------------------------------------------------------- */

static void overlapping_fixes_wait_for_the_next_round(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase, &r_rename};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("run echo hi\n", rules, 2, &o, &res), 0);
    /* round 0: both fixes touch the keyword; the first (upcase) wins;
     * round 1: RUN is not USER, rename applies; round 2: nothing */
    out_is(&res, "USER echo hi\n");
    assert_true(res.changed);
    assert_int_equal(res.rounds, 3);
    /* the round-0 rename that waited and its round-1 fix: one finding */
    assert_int_equal(res.diags.n, 2);
    assert_true(res.diags.v[0]->applied);
    assert_int_equal(res.diags.v[0]->round, 0);
    assert_string_equal(res.diags.v[1]->rule->id, "T002");
    assert_int_equal(res.diags.v[1]->round, 1);
    assert_true(res.diags.v[1]->applied);
    df_run_result_release(&res);
}

/* Fixes are chosen in the order of their first edit in the file, across
 * rules (the driver sorts the candidates of all rules): RUNs 0, 2, 4, 6, 8
 * in round 0, their neighbours wait and apply in round 1. Each waiting
 * finding is then found among the input's (sorted by instruction) and
 * replaced: one finding per RUN. */
static void fixes_chosen_in_file_order_across_rules(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_s0, &r_s1, &r_s2};
    df_options o = all_on();
    /* 9 RUNs: sorted on the stack; 40: in allocated memory */
    static const size_t counts[] = {9, 40};
    for (size_t c = 0; c < 2; c++) {
        size_t nrun = counts[c];
        char in[512], want[512];
        size_t ni = (size_t)snprintf(in, sizeof in, "FROM a\n"), nw = ni;
        memcpy(want, in, ni);
        for (size_t j = 0; j < nrun; j++) {
            ni += (size_t)snprintf(in + ni, sizeof in - ni, "RUN x\n");
            nw += (size_t)snprintf(want + nw, sizeof want - nw, "RUN done\n");
        }
        df_run_result res;
        assert_int_equal(run(in, rules, 3, &o, &res), 0);
        out_is(&res, want);
        assert_int_equal(res.rounds, 3);
        assert_int_equal(res.diags.n, nrun);
        for (size_t j = 0; j < nrun; j++) {
            const df_diag *d = NULL;
            for (size_t k = 0; k < res.diags.n; k++)
                if (res.diags.v[k]->span.start == 7 + 6 * j)
                    d = res.diags.v[k];
            assert_non_null(d);
            static const char *const ids[] = {"S0", "S1", "S2"};
            assert_string_equal(d->rule->id, ids[j % 3]);
            assert_true(d->applied);
            assert_int_equal(d->round, j % 2);
            assert_false(d->found_later);
        }
        df_run_result_release(&res);
    }
}

/* Review class "finding reported twice" (mozilla/mig's aws-sdk-go
 * Dockerfile.test.go1.6): DF012's ADD -> COPY overlapped DF002's move of
 * the ADD, waited a round, and was printed twice: once "not applied: it
 * overlaps another fix" at line 4, once "(found after earlier fixes)"
 * without a line, applied. It is one finding: listed once, in the place
 * of the input's, with the input's span and message, applied. */
static void finding_reported_twice(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_move_add, &r_add_to_copy};
    df_options o = all_on();
    df_run_result res;
    const char *in = "ADD . /src/app\nRUN make\n";
    assert_int_equal(run(in, rules, 2, &o, &res), 0);
    out_is(&res, "RUN make\nCOPY . /src/app\n");
    assert_int_equal(res.diags.n, 2);
    const df_diag *move = res.diags.v[0], *copy = res.diags.v[1];
    assert_string_equal(move->rule->id, "T010");
    assert_true(move->applied);
    assert_string_equal(copy->rule->id, "T011");
    assert_true(copy->applied);
    assert_int_equal(copy->round, 1);     /* its edits: round 1's text */
    assert_false(copy->found_later);      /* but the input had it */
    assert_int_equal(copy->span.start, 0); /* the input's ADD, line 1 */
    assert_int_equal(copy->span.end, 3);
    assert_string_equal(copy->message, "ADD at line 1"); /* not round 1's "line 2" */
    df_run_result_release(&res);
}

/* A finding that only exists after another fix keeps a place in the
 * input: its round's span mapped back over the earlier edits (here the
 * rename made the text one byte longer before it). */
static void finding_found_later_keeps_its_line(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_rename, &r_after_user};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("run a\nRUN b\n", rules, 2, &o, &res), 0);
    out_is(&res, "USER a\nRun b\n");
    assert_int_equal(res.diags.n, 2);
    const df_diag *d = res.diags.v[1];
    assert_string_equal(d->rule->id, "T012");
    assert_true(d->applied);
    assert_true(d->found_later);
    assert_int_equal(d->span.start, 6); /* "RUN" of the input, line 2 */
    assert_int_equal(d->span.end, 9);
    df_run_result_release(&res);
}

static void noop_edits_are_dropped(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_noop};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("FROM a\r\nRUN b", rules, 1, &o, &res), 0);
    out_is(&res, "FROM a\r\nRUN b");
    assert_false(res.changed);
    assert_int_equal(res.rounds, 1);
    assert_int_equal(res.diags.n, 1);
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);
}

static void non_convergence_keeps_the_original(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_grow};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("FROM a\n", rules, 1, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    assert_string_equal(res.message, "fixes did not converge after 8 rounds (still changing: T004); "
                                     "the file is left as it was");
    out_is(&res, "FROM a\n");
    assert_false(res.changed);
    for (size_t i = 0; i < res.diags.n; i++)
        assert_false(res.diags.v[i]->applied);
    df_run_result_release(&res);
}

static void a_fix_that_breaks_the_syntax_is_reported(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_break};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("FROM a\n", rules, 1, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    assert_string_equal(res.message, "the fix of T005 made the file unparseable (line 2: unterminated heredoc); "
                                     "the file is left as it was");
    out_is(&res, "FROM a\n");
    df_run_result_release(&res);
}

static void a_later_round_that_breaks_the_syntax_keeps_the_input(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase, &r_break_later};
    df_options o = all_on();
    df_run_result res;
    /* round 0 upper-cases (a good fix), round 1 breaks: the input stays,
     * not the round-0 result */
    assert_int_equal(run("from a\n", rules, 2, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    assert_string_equal(res.message, "the fix of T008 made the file unparseable (line 2: unterminated heredoc); "
                                     "the file is left as it was");
    out_is(&res, "from a\n");
    assert_false(res.changed);
    for (size_t i = 0; i < res.diags.n; i++)
        assert_false(res.diags.v[i]->applied);
    df_run_result_release(&res);
}

static void every_rule_of_a_breaking_round_is_named(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_break, &r_break_first};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("FROM a\n", rules, 2, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    assert_string_equal(res.message, "the fix of T009, T005 made the file unparseable (line 1: unterminated heredoc); "
                                     "the file is left as it was");
    out_is(&res, "FROM a\n");
    df_run_result_release(&res);
}

static void the_message_names_every_rule(void **state)
{
    (void)state;
    /* 64 rules with long ids: more than 256 bytes of names; LONGRULE10
     * applies before LONGRULE1 (a prefix of it) */
    enum { N = 64 };
    static char ids[N][16];
    static df_rule defs[N];
    const df_rule *rules[N];
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "LONGRULE%zu", i + 1);
        defs[i] = (df_rule){.id = ids[i], .name = ids[i], .severity = DF_SEV_INFO, .fix = DF_APPLY_SAFE,
                            .summary = ids[i], .check = comment_above_rule};
        rules[i] = &defs[i];
    }
    df_buf text = DF_BUF_INIT;
    assert_int_equal(df_buf_addstr(&text, "FROM a\n"), 0);
    for (size_t i = 1; i < N; i++)
        assert_int_equal(df_buf_addstr(&text, "RUN x\n"), 0);
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(df_run_with_rules("t.Dockerfile", text.data, text.len, &o, NULL, rules, N, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    assert_true(strncmp(res.message, "fixes did not converge after 8 rounds (still changing: LONGRULE64, ", 67) == 0);
    for (size_t i = 0; i < N; i++) {
        char want[32];
        snprintf(want, sizeof want, " %.15s%s", ids[i], i == 0 ? ")" : ",");
        if (!strstr(res.message, want))
            fail_msg("%s missing from: %s", ids[i], res.message);
    }
    assert_non_null(strstr(res.message, " LONGRULE2, LONGRULE1); the file is left as it was"));
    out_is(&res, text.data);
    df_run_result_release(&res);
    df_buf_release(&text);
}

static void unsafe_fixes_need_opting_in(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_unsafe};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("FROM a\nRUN x\n", rules, 1, &o, &res), 0);
    out_is(&res, "FROM a\nRUN x\n");
    assert_int_equal(res.diags.n, 1);
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);

    o.unsafe_fixes = true;
    assert_int_equal(run("FROM a\nRUN x\n", rules, 1, &o, &res), 0);
    out_is(&res, "FROM a\n# RUN x\n");
    assert_true(res.diags.v[0]->applied);
    df_run_result_release(&res);
}

static void display_fixes_are_never_applied(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_display};
    df_options o = all_on();
    o.unsafe_fixes = true;
    df_run_result res;
    assert_int_equal(run("FROM a\n", rules, 1, &o, &res), 0);
    out_is(&res, "FROM a\n");
    assert_int_equal(res.diags.n, 1);
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);
}

static void rules_are_held_to_their_declared_fixes(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_overclaim};
    df_options o = all_on();
    o.unsafe_fixes = true;
    df_run_result res;
    overclaim_runs = 0;
    assert_int_equal(run("from a\n", rules, 1, &o, &res), 0);
    out_is(&res, "from a\n");
    assert_int_equal(res.diags.n, 1);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
    assert_false(res.diags.v[0]->applied);
    assert_int_equal(overclaim_runs, 1);
    df_run_result_release(&res);
}

static void advice_rules_run_in_round_0_only(void **state)
{
    (void)state;
    /* T001's fix makes a second round; T010 (display) is not run in it,
     * T001 (safe) is */
    const df_rule *rules[] = {&r_upcase, &r_overclaim};
    df_options o = all_on();
    o.unsafe_fixes = true;
    df_run_result res;
    overclaim_runs = 0;
    assert_int_equal(run("from a\n", rules, 2, &o, &res), 0);
    out_is(&res, "FROM a\n");
    assert_int_equal(res.rounds, 2);
    assert_int_equal(overclaim_runs, 1);
    assert_int_equal(res.diags.n, 2);
    df_run_result_release(&res);
}

/* Settling rules (rule.h): T001's and T002's fixes, counted. */
static unsigned settling_runs;

static void upcase_counted(df_ctx *c)
{
    settling_runs++;
    upcase_first(c);
}

static void rename_counted(df_ctx *c)
{
    settling_runs++;
    rename_first(c);
}

static const df_rule r_upcase_settles = {.id = "T001", .name = "T001", .severity = DF_SEV_WARNING,
                                         .fix = DF_APPLY_SAFE, .settles = true, .summary = "T001",
                                         .check = upcase_counted};
static const df_rule r_rename_settles = {.id = "T002", .name = "T002", .severity = DF_SEV_WARNING,
                                         .fix = DF_APPLY_SAFE, .settles = true, .summary = "T002",
                                         .check = rename_counted};
static const df_rule r_upcase_counted = {.id = "T001", .name = "T001", .severity = DF_SEV_WARNING,
                                         .fix = DF_APPLY_SAFE, .summary = "T001", .check = upcase_counted};

/* After a round whose fixes all settle, the last round parses the result
 * but runs no rule; asked to confirm, the driver runs them and they find
 * nothing: the same output and findings. */
static void settling_fixes_end_without_running_the_rules_again(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase_settles};
    for (int confirm = 0; confirm < 2; confirm++) {
        df_options o = all_on();
        o.confirm_settled = confirm;
        df_run_result res;
        settling_runs = 0;
        assert_int_equal(run("from a\n", rules, 1, &o, &res), 0);
        out_is(&res, "FROM a\n");
        assert_int_equal(res.rounds, 2);
        assert_int_equal(res.settled, !confirm);
        assert_int_equal(settling_runs, confirm ? 2 : 1);
        assert_int_equal(res.diags.n, 1);
        assert_true(res.diags.v[0]->applied);
        df_run_result_release(&res);
    }
}

/* A rule whose fixes do not settle: the last round runs it. */
static void a_fix_that_does_not_settle_is_confirmed(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase_counted};
    df_options o = all_on();
    df_run_result res;
    settling_runs = 0;
    assert_int_equal(run("from a\n", rules, 1, &o, &res), 0);
    out_is(&res, "FROM a\n");
    assert_int_equal(res.rounds, 2);
    assert_false(res.settled);
    assert_int_equal(settling_runs, 2);
    df_run_result_release(&res);
}

/* Settling fixes that overlap: the one that waits gets its round (the
 * rules run again), and only the round after that is settled. */
static void a_settling_fix_that_waited_gets_its_round(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase_settles, &r_rename_settles};
    df_options o = all_on();
    df_run_result res;
    settling_runs = 0;
    assert_int_equal(run("run echo hi\n", rules, 2, &o, &res), 0);
    out_is(&res, "USER echo hi\n");
    assert_int_equal(res.rounds, 3);
    assert_true(res.settled);
    assert_int_equal(settling_runs, 4); /* both rules in rounds 0 and 1 */
    assert_int_equal(res.diags.n, 2);
    assert_true(res.diags.v[0]->applied && res.diags.v[1]->applied);
    df_run_result_release(&res);
}

/* T001 whose fixes wake only T013; T013 and T014 find nothing, counted. */
static unsigned woken_runs[2];

static void count_13(df_ctx *c)
{
    (void)c;
    woken_runs[0]++;
}

static void count_14(df_ctx *c)
{
    (void)c;
    woken_runs[1]++;
}

static const df_rule r_upcase_wakes = {.id = "T001", .name = "T001", .severity = DF_SEV_WARNING,
                                       .fix = DF_APPLY_SAFE, .wakes = "T012,T013", .summary = "T001",
                                       .check = upcase_first};
RULE(r_count_13, "T013", count_13);
RULE(r_count_14, "T014", count_14);

/* After a fix whose rule names what it wakes, the next round runs only
 * those rules; asked to confirm, every rule. */
static void only_the_rules_a_fix_wakes_run_after_it(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase_wakes, &r_count_13, &r_count_14};
    for (int confirm = 0; confirm < 2; confirm++) {
        df_options o = all_on();
        o.confirm_settled = confirm;
        df_run_result res;
        woken_runs[0] = woken_runs[1] = 0;
        assert_int_equal(run("from a\n", rules, 3, &o, &res), 0);
        out_is(&res, "FROM a\n");
        assert_int_equal(res.rounds, 2);
        assert_false(res.settled);
        assert_int_equal(res.narrowed, confirm ? 0 : 1);
        assert_int_equal(woken_runs[0], 2);
        assert_int_equal(woken_runs[1], confirm ? 2 : 1);
        df_run_result_release(&res);
    }
}

static void disabled_rules_do_not_run(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase, &r_grow};
    df_options o = all_on();
    o.enabled[1] = false;
    df_run_result res;
    assert_int_equal(run("from a\n", rules, 2, &o, &res), 0);
    out_is(&res, "FROM a\n");
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0]->rule->id, "T001");
    df_run_result_release(&res);
}

static void pragmas_silence_findings(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("# dfopt ignore=T001\nfrom a\n", rules, 1, &o, &res), 0);
    out_is(&res, "# dfopt ignore=T001\nfrom a\n");
    assert_int_equal(res.diags.n, 0);
    df_run_result_release(&res);
    /* a blank line breaks the link between pragma and instruction */
    assert_int_equal(run("# dfopt ignore=T001\n\nfrom a\n", rules, 1, &o, &res), 0);
    out_is(&res, "# dfopt ignore=T001\n\nFROM a\n");
    df_run_result_release(&res);
    /* a global pragma anywhere */
    assert_int_equal(run("from a\n# dfopt global ignore=t001\n", rules, 1, &o, &res), 0);
    assert_int_equal(res.diags.n, 0);
    df_run_result_release(&res);
}

static void parse_errors_are_reported_not_fixed(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase};
    df_options o = all_on();
    df_run_result res;
    assert_int_equal(run("# nothing here\n", rules, 1, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_PARSE);
    assert_string_equal(res.perr.message, "file with no instructions");
    out_is(&res, "# nothing here\n");
    df_run_result_release(&res);
}

/* BuildKit's parser keeps a line it does not know as an instruction, but
 * its frontend refuses the file ("unknown instruction"): a line that lost
 * its `\` (fedora-cloud haskell) or a template. Such a file is reported and
 * left as it was, even where a rule would rewrite it; with no rule enabled
 * it is only read. */
static void unknown_instruction_is_refused_not_fixed(void **state)
{
    (void)state;
    const df_rule *rules[] = {&r_upcase};
    df_options o = all_on();
    df_run_result res;
    const char *lost = "from a\nrun x \\\n  y\n  z \\\n  w\n";
    assert_int_equal(run(lost, rules, 1, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_PARSE);
    assert_int_equal(res.perr.line, 4);
    assert_int_equal(res.perr.offset, strlen("from a\nrun x \\\n  y\n  "));
    assert_string_equal(res.perr.message, "unknown instruction `z`: BuildKit refuses this file, so nothing is "
                                          "rewritten (if it continues line 3, that line lacks its `\\`)");
    assert_int_equal(res.diags.n, 0);
    out_is(&res, lost);
    df_run_result_release(&res);
    /* a template */
    const char *tpl = "from a\n{% if x %}\nrun y\n{% endif %}\n";
    assert_int_equal(run(tpl, rules, 1, &o, &res), -1);
    assert_int_equal(res.status, DF_RUN_PARSE);
    assert_int_equal(res.perr.line, 2);
    assert_non_null(strstr(res.perr.message, "`{%`: BuildKit refuses this file, so nothing is rewritten (a template"));
    out_is(&res, tpl);
    df_run_result_release(&res);
    /* no rule enabled: the file is only read */
    o.enabled[0] = false;
    assert_int_equal(run(lost, rules, 1, &o, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    out_is(&res, lost);
    df_run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overlapping_fixes_wait_for_the_next_round),
        cmocka_unit_test(finding_reported_twice),
        cmocka_unit_test(finding_found_later_keeps_its_line),
        cmocka_unit_test(noop_edits_are_dropped),
        cmocka_unit_test(non_convergence_keeps_the_original),
        cmocka_unit_test(a_fix_that_breaks_the_syntax_is_reported),
        cmocka_unit_test(a_later_round_that_breaks_the_syntax_keeps_the_input),
        cmocka_unit_test(every_rule_of_a_breaking_round_is_named),
        cmocka_unit_test(the_message_names_every_rule),
        cmocka_unit_test(unsafe_fixes_need_opting_in),
        cmocka_unit_test(display_fixes_are_never_applied),
        cmocka_unit_test(rules_are_held_to_their_declared_fixes),
        cmocka_unit_test(advice_rules_run_in_round_0_only),
        cmocka_unit_test(settling_fixes_end_without_running_the_rules_again),
        cmocka_unit_test(a_fix_that_does_not_settle_is_confirmed),
        cmocka_unit_test(a_settling_fix_that_waited_gets_its_round),
        cmocka_unit_test(only_the_rules_a_fix_wakes_run_after_it),
        cmocka_unit_test(disabled_rules_do_not_run),
        cmocka_unit_test(fixes_chosen_in_file_order_across_rules),
        cmocka_unit_test(pragmas_silence_findings),
        cmocka_unit_test(parse_errors_are_reported_not_fixed),
        cmocka_unit_test(unknown_instruction_is_refused_not_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
