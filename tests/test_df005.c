/*
 * test_df005.c - DF005 apt-update-separated through df_run(): the merge in
 * each RUN style, the conditions of DESIGN section 4 under which it is not
 * done, the useless update, pragmas, idempotence, exact output.
 */
#define RULE "DF005"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#include "rule_test.h"

static void test_merge_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian\n# packages\nRUN apt-get update\nRUN apt-get install -y curl\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data, "FROM debian\n# packages\nRUN apt-get update && apt-get install -y curl\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "apt-get update in a RUN of its own: the install at line 4 reads package lists "
                                    "cached with this layer, stale once it is reused");
    assert_int_equal(d->span.start, strstr(in, "apt-get update") - in);
    assert_int_equal(d->span.end, strstr(in, "update\n") - in + 6);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "move apt-get update into the install RUN");
    assert_int_equal(d->fix->nedits, 2);
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_merge_styles(void **state)
{
    (void)state;
    /* options kept; comments and blank lines between stay */
    FIRES("FROM debian\nRUN apt-get update -qq\n\n# tools\nRUN apt-get install -y curl\n",
          "FROM debian\n\n# tools\nRUN apt-get update -qq && apt-get install -y curl\n");
    /* && at line ends */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n");
    /* && at line starts */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n");
    /* tabs, CRLF */
    FIRES("FROM debian\r\nRUN apt-get update\r\nRUN apt-get install -y curl && \\\r\n\trm -rf /var/lib/apt/lists/*\r\n",
          "FROM debian\r\nRUN apt-get update && \\\r\n\tapt-get install -y curl && \\\r\n\trm -rf /var/lib/apt/lists/*\r\n");
    /* first command on a continuation line */
    FIRES("FROM debian\nRUN apt-get update\nRUN \\\n    apt-get install -y curl\n",
          "FROM debian\nRUN \\\n    apt-get update && \\\n    apt-get install -y curl\n");
    /* heredoc install script (one && chain) */
    FIRES("FROM debian\nRUN apt-get update\nRUN <<EOF\napt-get install -y curl\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update && apt-get install -y curl\nEOF\n");
    /* ONBUILD pair */
    FIRES("FROM debian\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y curl\n",
          "FROM debian\nONBUILD RUN apt-get update && apt-get install -y curl\n");
    /* sudo; the same cache mount on both; apt; several updates */
    FIRES("FROM debian\nRUN sudo apt-get update\nRUN sudo apt-get install -y curl\n",
          "FROM debian\nRUN sudo apt-get update && sudo apt-get install -y curl\n");
    FIRES("FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n"
          "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n",
          "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n");
    FIRES("FROM debian\nRUN apt update && apt-get update\nRUN apt install -y curl\n",
          "FROM debian\nRUN apt update && apt-get update && apt install -y curl\n");
    /* the install in an if body still uses the stale lists */
    FIRES("FROM debian\nRUN apt-get update\nRUN if true; then apt-get install -y curl; fi\n",
          "FROM debian\nRUN apt-get update && if true; then apt-get install -y curl; fi\n");
    /* the last instruction of the file, no final newline */
    FIRES("FROM debian\nRUN apt-get update\nRUN apt-get install -y curl", "FROM debian\nRUN apt-get update && apt-get install -y curl");
}

static void test_reported_not_merged(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get update\nENV X=1\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nWORKDIR /app\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nCOPY x /x\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN echo hi\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN --network=none apt-get install -y curl\n",
        "FROM debian\nRUN --mount=type=secret,id=x apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update \\\n  # why\n  -q\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN set -e; apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl || true\n",
        "FROM debian\nRUN apt-get update\nRUN <<EOF\napt-get install -y curl\necho done\nEOF\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        REPORTS(cases[i]);
        one(cases[i], true, DF_SEV_WARNING, -1, false, "(no automatic fix: ", NULL);
    }
}

static void test_useless_update(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n";
    REPORTS(in);
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "is useless: the install RUN at line 3", "delete this RUN");
    /* apt 3: install --update refreshes the lists itself */
    one("FROM debian\nRUN apt-get update\nRUN apt-get install --update -y curl\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false, "is useless", NULL);
    /* two lone updates: the first is followed by an update, not an install (silent); the second is useless */
    in = "FROM debian\nRUN apt-get update\nRUN apt-get update\nRUN apt-get update && apt-get install -y x\n";
    one(in, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, "is useless: the install RUN at line 4", NULL);
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\n",
        "FROM debian\nRUN apt-get update\nFROM debian\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update && echo ok\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nONBUILD RUN apt-get install -y curl\n",
        "FROM debian\nRUN [\"apt-get\", \"update\"]\nRUN apt-get install -y curl\n",
        "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt-get update\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

static void test_build_only_stage_still_fixed(void **state)
{
    (void)state;
    FIRES("FROM debian AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n",
          "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n");
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\n# dfopt ignore=DF005\nRUN apt-get update\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\n# dfopt ignore=apt-update-separated\nRUN apt-get update\nRUN apt-get install -y curl\n");
    SILENT("# dfopt global ignore=DF005\nFROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n");
    /* DF005 has no hadolint code: another code does not silence it */
    FIRES("FROM debian\n# hadolint ignore=DL3009\nRUN apt-get update\nRUN apt-get install -y curl\n",
          "FROM debian\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n");
}

/* Issue 11 class "DF001/DF005 join across section comments" (apache/plc4x,
 * microsoft/X-Mem: `# Install some stuff we need to run the build` above a
 * lone `RUN apt update -y`, then a blank line and `# Install general
 * purpose tools` above the install): the update still moves into the
 * install (a stale index is a correctness bug), and the update's comment
 * joins the install's block instead of heading a blank line. */
static void test_section_comments_keep_their_place(void **state)
{
    (void)state;
    FIRES("FROM ubuntu\n# Install some stuff we need to run the build\nRUN apt update -y\n\n"
          "# Install general purpose tools\nRUN apt install -y make git\n",
          "FROM ubuntu\n# Install some stuff we need to run the build\n"
          "# Install general purpose tools\nRUN apt update -y && apt install -y make git\n");
    /* several blank lines, an indented comment, a multi-line install */
    FIRES("FROM ubuntu\n\nRUN apt-get update -qq\n\n\n  # tools\nRUN apt-get install -y a \\\n    b\n",
          "FROM ubuntu\n\n  # tools\nRUN apt-get update -qq && \\\n    apt-get install -y a \\\n    b\n");
    /* no comment between: the update's comment heads the merged RUN */
    FIRES("FROM ubuntu\n# lists\nRUN apt-get update\n\nRUN apt-get install -y a\n",
          "FROM ubuntu\n# lists\nRUN apt-get update && apt-get install -y a\n");
    /* right below an instruction, the blank lines separate it: they stay */
    FIRES("FROM ubuntu\nRUN apt-get update\n\n# tools\nRUN apt-get install -y a\n",
          "FROM ubuntu\n\n# tools\nRUN apt-get update && apt-get install -y a\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_exact),
        cmocka_unit_test(test_merge_styles),
        cmocka_unit_test(test_reported_not_merged),
        cmocka_unit_test(test_useless_update),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_only_stage_still_fixed),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_section_comments_keep_their_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
