/*
 * test_df006.c - DF006 apt-interactive through df_run(): apt -> apt-get
 * (DL3027), -y for prompting subcommands (DL3014), what already answers the
 * prompt, pragmas of both hadolint codes, idempotence, exact output.
 */
#define RULE "DF006"
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

static void test_exact_findings(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt install curl\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data, "FROM debian\nRUN apt install -y curl\n");
    assert_int_equal(res.diags.n, 2);
    const df_diag *a = res.diags.v[0], *y = res.diags.v[1];
    assert_string_equal(a->message, "apt is for terminals (unstable output and options): apt-get is the scripting "
                                    "interface (advice, not rewritten: the build does the same with either)");
    assert_null(a->fix);
    /* issue 11: a change that makes no difference to the build is advice
     * (info), not a warning; the missing -y, which aborts the build, is */
    assert_int_equal(a->severity, DF_SEV_INFO);
    assert_int_equal(y->severity, DF_SEV_WARNING);
    assert_string_equal(y->message, "apt install without -y: the prompt has no one to answer it in a build");
    assert_string_equal(y->fix->description, "insert -y after the subcommand");
    assert_int_equal(a->span.start, strstr(in, "apt") - in);
    assert_int_equal(a->span.end, strstr(in, " curl") - in);
    assert_false(a->applied);
    assert_true(y->applied);
    df_run_result_release(&res);
}

/* Class "DF006 renames that gain nothing" (review 2026-12, official 054,
 * 060, 064): apt -> apt-get changes no outcome of the build, so it is
 * advice; -y, which does, is still fixed, on apt itself. */
static void test_df006_rename_gains_nothing(void **state)
{
    (void)state;
    REPORTS("FROM debian\nRUN apt update\n");
    REPORTS("FROM debian\nRUN apt install -y curl\n");
    REPORTS("FROM debian\nRUN apt -y install curl\n");
    REPORTS("FROM debian\nRUN /usr/bin/apt install -y curl\n");
    REPORTS("FROM debian\nRUN apt-get update && apt remove -y curl\n");
    /* the couchdb case */
    REPORTS("FROM debian\nRUN set -eux; apt purge -y --autoremove curl; rm -rf /var/lib/apt/lists/*\n");
    REPORTS("FROM debian\nRUN apt autoremove -y\n");
    /* upgrade: the advice names the apt-get spelling of apt upgrade */
    one("FROM debian\nRUN apt upgrade -y\n", false, DF_SEV_INFO, -1, false,
        "apt-get upgrade --with-new-pkgs is the scripting interface", NULL);
    one("FROM debian\nRUN apt upgrade -y --with-new-pkgs\n", false, DF_SEV_INFO, -1, false,
        "apt-get is the scripting interface", NULL);
    /* a missing -y changes an outcome (the build aborts): fixed, apt kept */
    FIRES_N("FROM debian\nRUN apt install curl\n", "FROM debian\nRUN apt install -y curl\n", 2);
    FIRES_N("FROM debian\nRUN apt upgrade\n", "FROM debian\nRUN apt upgrade -y\n", 2);
    FIRES_N("FROM debian\nRUN apt purge --autoremove curl\n", "FROM debian\nRUN apt purge -y --autoremove curl\n", 2);
    /* no apt-get equivalent: reported, not changed */
    REPORTS("FROM debian\nRUN apt list --installed\n");
    REPORTS("FROM debian\nRUN apt full-upgrade -y\n");
    one("FROM debian\nRUN apt search curl\n", false, DF_SEV_WARNING, -1, false, "use apt-get, apt-cache or dpkg-query", NULL);
}

static void test_yes(void **state)
{
    (void)state;
    static const char *const subs[] = {"install", "remove", "purge", "autoremove", "upgrade", "dist-upgrade",
                                       "build-dep"};
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char in[200], want[200];
        snprintf(in, sizeof in, "FROM debian\nRUN apt-get %s x\n", subs[i]);
        snprintf(want, sizeof want, "FROM debian\nRUN apt-get %s -y x\n", subs[i]);
        FIRES(in, want);
    }
    FIRES("FROM debian\nRUN apt-get -q install curl\n", "FROM debian\nRUN apt-get -q install -y curl\n");
    FIRES("FROM debian\nRUN apt-get --no-install-recommends install curl\n",
          "FROM debian\nRUN apt-get --no-install-recommends install -y curl\n");
    FIRES("FROM debian\nRUN apt-get install --no-install-recommends curl\n",
          "FROM debian\nRUN apt-get install -y --no-install-recommends curl\n");
    /* quiet level 1 is not enough */
    FIRES("FROM debian\nRUN apt-get -q=1 install curl\n", "FROM debian\nRUN apt-get -q=1 install -y curl\n");
    /* a -y of another call does not count */
    FIRES("FROM debian\nRUN apt-get install -y a && apt-get install b\n", "FROM debian\nRUN apt-get install -y a && apt-get install -y b\n");
    /* apt-get update / clean never prompt */
    SILENT("FROM debian\nRUN apt-get update && apt-get clean\n");
}

/* Class "activates-dead-purge" (review pre9, corpus apps 193: `apt purge
 * iso-codes ... gcc-7 python3-apt; \ apt autoremove; \ apt clean`). In a
 * build the prompt reads an empty standard input, apt prints "Abort." and
 * fails; when the script hides that failure, the call never ran, and -y
 * would run it for the first time (gcc, perl, python-dev removed). Advice
 * naming the reason; -y stays where a failure stops the build. */
static void test_purge_without_y_before_semicolon(void **state)
{
    (void)state;
    static const char *const masked[] = {
        "FROM debian\nRUN apt purge gcc; \\\n    apt autoremove; \\\n    apt clean\n",
        "FROM debian\nRUN apt-get purge gcc || true\n",
        "FROM debian\nRUN apt-get purge gcc || :\n",
        "FROM debian\nRUN apt-get purge gcc && echo gone; echo next\n",
        "FROM debian\nRUN if apt-get remove gcc; then echo gone; fi\n",
        "FROM debian\nRUN { apt-get purge gcc; echo next; } && echo ok\n",
        "FROM debian\nRUN <<EOF\napt-get purge gcc\nrm -rf /tmp/x\nEOF\n",
        "FROM debian\nRUN set -e; apt-get purge gcc && echo gone; echo next\n",
        /* errexit is ignored inside a group left of && (sh and bash print next, ok, end) */
        "FROM debian\nRUN set -e; { apt-get purge gcc; echo next; } && echo ok; echo end\n",
    };
    for (size_t i = 0; i < sizeof masked / sizeof *masked; i++) {
        /* one DF006 warning with advice, nothing rewritten (an `apt`
         * call adds DL3027's info, hence the count) */
        df_run_result res;
        run_text(&res, masked[i], false);
        assert_string_equal(res.output.data, masked[i]);
        size_t n = 0;
        for (size_t j = 0; j < res.diags.n; j++) {
            const df_diag *d = res.diags.v[j];
            if (d->severity != DF_SEV_WARNING)
                continue;
            n++;
            if (!strstr(d->message, "without -y: when it asks to continue, the prompt reads no answer"))
                fail_msg("input %s: message %s", masked[i], d->message);
            assert_non_null(d->fix);
            assert_int_equal(d->fix->applicability, DF_APPLY_DISPLAY);
            assert_false(d->applied);
        }
        if (n == 0)
            fail_msg("input %s: no warning", masked[i]);
        df_run_result_release(&res);
    }
    one("FROM debian\nRUN apt-get purge gcc || true\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "apt aborts, and the `||` after it handles the failure: builds so far went on without it",
        "-y would run it for the first time");
    one("FROM debian\nRUN if apt-get remove gcc; then echo gone; fi\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "an `if` condition tests it", NULL);
    /* a failure that stops the build: -y is the fix */
    FIRES("FROM debian\nRUN apt-get purge gcc\n", "FROM debian\nRUN apt-get purge -y gcc\n");
    FIRES("FROM debian\nRUN apt-get purge gcc;\n", "FROM debian\nRUN apt-get purge -y gcc;\n");
    FIRES("FROM debian\nRUN apt-get purge gcc && rm -rf /tmp/x\n", "FROM debian\nRUN apt-get purge -y gcc && rm -rf /tmp/x\n");
    FIRES("FROM debian\nRUN apt-get purge gcc || exit 1; echo next\n",
          "FROM debian\nRUN apt-get purge -y gcc || exit 1; echo next\n");
    FIRES("FROM debian\nRUN set -e; apt-get purge gcc; echo next\n", "FROM debian\nRUN set -e; apt-get purge -y gcc; echo next\n");
    FIRES("FROM debian\nRUN (apt-get purge gcc) && echo ok\n", "FROM debian\nRUN (apt-get purge -y gcc) && echo ok\n");
    FIRES("FROM debian\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN apt-get purge gcc; echo next\n",
          "FROM debian\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN apt-get purge -y gcc; echo next\n");
}

static void test_positions(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update && \\\n    apt-get install curl\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\n");
    FIRES("FROM debian\nRUN apt-get update \\\n\t&& apt-get install curl \\\n\t&& echo ok\n",
          "FROM debian\nRUN apt-get update \\\n\t&& apt-get install -y curl \\\n\t&& echo ok\n");
    FIRES("FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install curl\r\n",
          "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n");
    FIRES("FROM debian\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n");
    FIRES("FROM debian\nONBUILD RUN apt-get install curl\n", "FROM debian\nONBUILD RUN apt-get install -y curl\n");
    FIRES("FROM debian\nRUN sudo apt-get install curl\n", "FROM debian\nRUN sudo apt-get install -y curl\n");
    REPORTS("FROM debian\nRUN sudo apt install -y curl\n");
    FIRES_N("FROM debian\nRUN sudo apt install curl\n", "FROM debian\nRUN sudo apt install -y curl\n", 2);
    FIRES("FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install curl\n",
          "FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n");
    FIRES("FROM debian\nRUN if true; then apt-get install curl; fi\n", "FROM debian\nRUN if true; then apt-get install -y curl; fi\n");
    FIRES("FROM debian\nRUN set -e; apt-get update; apt-get install curl; echo ok\n",
          "FROM debian\nRUN set -e; apt-get update; apt-get install -y curl; echo ok\n");
    /* a build-only stage is fixed too: this is about builds that work */
    FIRES("FROM debian AS b\nRUN apt-get install gcc\nFROM debian\nCOPY --from=b /x /x\n",
          "FROM debian AS b\nRUN apt-get install -y gcc\nFROM debian\nCOPY --from=b /x /x\n");
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get -y install curl\n",
        "FROM debian\nRUN apt-get install --yes curl\n",
        "FROM debian\nRUN apt-get install --assume-yes curl\n",
        "FROM debian\nRUN apt-get -qy install curl\n",
        "FROM debian\nRUN apt-get -yq install curl\n",
        "FROM debian\nRUN apt-get -qq install curl\n",
        "FROM debian\nRUN apt-get -q -q install curl\n",
        "FROM debian\nRUN apt-get -q=2 install curl\n",
        "FROM debian\nRUN apt-get --quiet=2 install curl\n",
        "FROM debian\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
        /* any explicit Assume-Yes is the author's (df_pm_option_says, shared with DF004) */
        "FROM debian\nRUN apt-get -o apt::get::assume-yes=false install curl\n",
        "FROM debian\nRUN apt-get --option=APT::Get::Assume-Yes=0 install curl\n",
        "FROM debian\nRUN apt-get -s install curl\n",
        "FROM debian\nRUN apt-get install --dry-run curl\n",
        "FROM debian\nRUN apt-get install --assume-no curl\n",
        "FROM debian\nRUN yes | apt-get install curl\n",
        "FROM debian\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes && apt-get install curl\n",
        "FROM debian\nRUN echo 'APT::Get::Assume-Yes \"1\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n",
        "FROM debian\nRUN apt-cache show curl\n",
        "FROM debian\nRUN echo apt install curl\n",
        "FROM debian\nRUN dpkg -l apt\n",
        "FROM debian\nRUN [\"apt\", \"install\", \"curl\"]\n",
        "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt install curl\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

/* Class "a comment pinning the next lines" (review 2026-12, official 046,
 * Kong ubuntu/Dockerfile) through the driver: the fix is shown, the
 * message says why; the line below the pinned one is fixed. */
static void test_comment_pinning_next_lines(void **state)
{
    (void)state;
    one("FROM debian\n# must match docs/install.md\nRUN apt-get install curl\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false,
        "(fix not applied: the comment on line 2 says this is kept identical to something outside the file; change "
        "both together)",
        "insert -y");
    const char *in = "FROM debian\nRUN apt-get update \\\n"
                     "    # Please update the install docs if the below line is changed\n"
                     "    && apt-get install curl \\\n    && apt-get purge gcc\n";
    FIRES_N(in,
            "FROM debian\nRUN apt-get update \\\n"
            "    # Please update the install docs if the below line is changed\n"
            "    && apt-get install curl \\\n    && apt-get purge -y gcc\n",
            2);
    /* a blank line between: not pinned */
    FIRES("FROM debian\n# keep in sync with the docs\n\nRUN apt-get install curl\n",
          "FROM debian\n# keep in sync with the docs\n\nRUN apt-get install -y curl\n");
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\n# dfopt ignore=DF006\nRUN apt install curl\n");
    SILENT("FROM debian\n# hadolint ignore=DL3014\nRUN apt-get install curl\n");
    SILENT("FROM debian\n# hadolint ignore=DL3027\nRUN apt install -y curl\n");
    SILENT("FROM debian\n# dfopt ignore=apt-interactive\nRUN apt-get install curl\n");
    FIRES("FROM debian\n# hadolint ignore=DL3015\nRUN apt-get install curl\n",
          "FROM debian\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_findings),
        cmocka_unit_test(test_df006_rename_gains_nothing),
        cmocka_unit_test(test_yes),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_purge_without_y_before_semicolon),
        cmocka_unit_test(test_comment_pinning_next_lines),
        cmocka_unit_test(test_pragmas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
