/*
 * test_selfcheck.c - the self-check of every rewrite (src/driver.c), with
 * test-only rules that break what no rule may change, and the named
 * regression cases found by fuzzing (tests/fuzz/, docs/reliability.md).
 *
 * A rewrite must keep the number of stages, their names, the COPY --from
 * references and every flag; a rule that breaks one of them makes the run
 * an internal error (exit 4 at the CLI) naming it, with the input kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/driver.h"
#include "dfopt/kb.h"
#include "dfopt/rule.h"

/* ---- test-only rules ------------------------------------------------------- */

static const df_instr *first(const df_doc *d, df_cmd cmd, size_t skip)
{
    for (size_t i = 0; i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == cmd && skip-- == 0)
            return d->instrs[i];
    return NULL;
}

static void fix(df_ctx *c, size_t start, size_t end, const char *text)
{
    df_diag *d = df_report(c, DF_SEV_WARNING, (df_span){start, end}, "test");
    df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "test");
    df_fix_add_edit(c->out, d, start, end, text, strlen(text));
}

/* FROM x AS build -> AS built */
static void rename_stage(df_ctx *c)
{
    const df_instr *in = first(c->doc, DF_CMD_FROM, 0);
    if (in && in->nargs == 3 && in->args[2].len == 5 && memcmp(in->args[2].value, "build", 5) == 0)
        fix(c, in->args[2].span.start, in->args[2].span.end, "built");
}

/* deletes the second FROM line */
static void drop_stage(df_ctx *c)
{
    const df_instr *in = first(c->doc, DF_CMD_FROM, 1);
    if (in)
        fix(c, in->span.start, in->span.end, "");
}

/* removes the first flag of the first RUN */
static void drop_flag(df_ctx *c)
{
    const df_instr *in = first(c->doc, DF_CMD_RUN, 0);
    if (in && in->nflags)
        fix(c, in->flags[0].span.start, in->flags[0].span.end + 1, "");
}

/* COPY --from=build -> --from=0 */
static void retarget_copy(df_ctx *c)
{
    const df_instr *in = first(c->doc, DF_CMD_COPY, 0);
    if (in && in->nflags && in->flags[0].len == 12)
        fix(c, in->flags[0].span.start, in->flags[0].span.end, "--from=0");
}

/* adds --link to the first COPY without one: allowed (a flag is added) */
static void add_link(df_ctx *c)
{
    const df_instr *in = first(c->doc, DF_CMD_COPY, 0);
    if (in && !df_instr_flag(in, "link", NULL))
        fix(c, in->keyword.span.end, in->keyword.span.end, " --link");
}

#define RULE(var, id_, fn)                                                                              \
    static const df_rule var = {.id = id_, .name = id_, .hadolint = NULL, .severity = DF_SEV_WARNING, \
                                .fix = DF_APPLY_SAFE, .summary = id_, .check = fn}
RULE(r_rename, "T101", rename_stage);
RULE(r_drop_stage, "T102", drop_stage);
RULE(r_drop_flag, "T103", drop_flag);
RULE(r_retarget, "T104", retarget_copy);
RULE(r_add_link, "T105", add_link);

static const char *const INPUT = "FROM golang AS build\n"
                                 "RUN --mount=type=cache,target=/root/.cache go build -o /app .\n"
                                 "FROM alpine\n"
                                 "COPY --from=build /app /app\n";

static void refused(const df_rule *rule, const char *want_why)
{
    df_options o;
    memset(&o, 0, sizeof o);
    o.enabled[0] = true;
    const df_rule *rules[] = {rule};
    df_run_result res;
    assert_int_equal(df_run_with_rules("t", INPUT, strlen(INPUT), &o, NULL, rules, 1, &res), -1);
    assert_int_equal(res.status, DF_RUN_INTERNAL);
    char want[512];
    snprintf(want, sizeof want, "self-check failed after the fix of %s: %s; the file is left as it was", rule->id,
             want_why);
    assert_string_equal(res.message, want);
    assert_false(res.changed);
    assert_int_equal(res.output.len, strlen(INPUT));
    assert_memory_equal(res.output.data, INPUT, strlen(INPUT));
    df_run_result_release(&res);
}

static void renamed_stage_is_refused(void **state)
{
    (void)state;
    refused(&r_rename, "the stages (count, names or COPY --from references) changed");
}

static void dropped_stage_is_refused(void **state)
{
    (void)state;
    refused(&r_drop_stage, "the stages (count, names or COPY --from references) changed");
}

static void dropped_flag_is_refused(void **state)
{
    (void)state;
    refused(&r_drop_flag, "the flag --mount=type=cache,target=/root/.cache was dropped");
}

static void retargeted_copy_is_refused(void **state)
{
    (void)state;
    refused(&r_retarget, "the stages (count, names or COPY --from references) changed");
}

static void added_flag_is_allowed(void **state)
{
    (void)state;
    df_options o;
    memset(&o, 0, sizeof o);
    o.enabled[0] = true;
    const df_rule *rules[] = {&r_add_link};
    df_run_result res;
    assert_int_equal(df_run_with_rules("t", INPUT, strlen(INPUT), &o, NULL, rules, 1, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_true(res.changed);
    assert_non_null(strstr(res.output.data, "COPY --link --from=build /app /app\n"));
    df_run_result_release(&res);
}

/* Every real rule over a file with stages, flags and --from references:
 * the self-check does not fire. */
static void real_rules_pass_the_self_check(void **state)
{
    (void)state;
    static const char text[] = "FROM golang:1.22 AS build\n"
                               "WORKDIR /src\n"
                               "COPY . .\n"
                               "RUN --mount=type=cache,target=/root/.cache/go-build go mod download\n"
                               "RUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n"
                               "FROM debian:bookworm AS run\n"
                               "RUN apt-get update\n"
                               "RUN apt-get install -y curl\n"
                               "COPY --from=build --chown=1000 /app /app\n"
                               "ADD conf.txt /etc/\n";
    df_options o;
    df_options_default(&o);
    o.unsafe_fixes = true;
    df_run_result res;
    df_run("t", text, strlen(text), &o, NULL, &res);
    if (res.status != DF_RUN_OK)
        fail_msg("status %d: %s", res.status, res.message);
    assert_true(res.changed);
    df_run_result_release(&res);
}

/* ---- regression cases found by fuzzing -------------------------------------- */

/* fuzz_rewrite, 2026-12-04: NUL bytes in a pip requirements path made DF002
 * rewrite forever ("fixes did not converge after 8 rounds"). A file with a
 * NUL byte is now refused as not a Dockerfile. */
static void regress_fuzz_rewrite_nul_in_copy_path(void **state)
{
    (void)state;
    static const char text[] = "FROM python:3.06\nWORKDIR /app\nCOPY . .\n"
                               "RUN pip install --on-caworkdir -r requ\0\0\x7f\xff" "9/]\x80irements.txt\n";
    df_options o;
    df_options_default(&o);
    o.unsafe_fixes = true;
    df_run_result res;
    assert_int_equal(df_run("fuzz", text, sizeof text - 1, &o, NULL, &res), -1);
    assert_int_equal(res.status, DF_RUN_PARSE);
    assert_true(res.not_dockerfile);
    assert_string_equal(res.perr.message, "not a Dockerfile (NUL byte at offset 77)");
    assert_int_equal(res.perr.offset, 77);
    assert_false(res.changed);
    df_run_result_release(&res);
    /* the same bytes without the NULs: converges */
    static const char clean[] = "FROM python:3.06\nWORKDIR /app\nCOPY . .\n"
                                "RUN pip install --on-caworkdir -r requ\x7f\xff" "9/]\x80irements.txt\n";
    df_run("fuzz", clean, sizeof clean - 1, &o, NULL, &res);
    if (res.status != DF_RUN_OK)
        fail_msg("status %d: %s", res.status, res.message);
    df_run_result r2;
    df_run("fuzz", res.output.data, res.output.len, &o, NULL, &r2);
    assert_int_equal(r2.status, DF_RUN_OK);
    assert_false(r2.changed);
    df_run_result_release(&r2);
    df_run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renamed_stage_is_refused),
        cmocka_unit_test(dropped_stage_is_refused),
        cmocka_unit_test(dropped_flag_is_refused),
        cmocka_unit_test(retargeted_copy_is_refused),
        cmocka_unit_test(added_flag_is_allowed),
        cmocka_unit_test(real_rules_pass_the_self_check),
        cmocka_unit_test(regress_fuzz_rewrite_nul_in_copy_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
