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
    const char *in = "FROM debian\nRUN apt upgrade\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_string_equal(res.output.data, "FROM debian\nRUN apt upgrade -y\n");
    assert_int_equal(res.diags.n, 2);
    const df_diag *a = res.diags.v[0], *y = res.diags.v[1];
    assert_string_equal(a->message, "apt is for terminals (unstable output and options): apt-get upgrade "
                                    "--with-new-pkgs is the scripting interface (advice, not rewritten: the build "
                                    "does the same with either)");
    assert_null(a->fix);
    /* issue 11: a change that makes no difference to the build is advice
     * (info), not a warning; the missing -y of an upgrade, which aborts the
     * build on the next security update, is */
    assert_int_equal(a->severity, DF_SEV_INFO);
    assert_int_equal(y->severity, DF_SEV_WARNING);
    assert_string_equal(y->message, "apt upgrade without -y: it asks \"Do you want to continue?\" whenever the "
                                    "archive has a newer package than the image, and the build, which has no one to "
                                    "answer, aborts");
    assert_string_equal(y->fix->description, "insert -y after the subcommand");
    assert_int_equal(a->span.start, strstr(in, "apt") - in);
    assert_int_equal(a->span.end, strstr(in, "upgrade") + 7 - in);
    assert_false(a->applied);
    assert_true(y->applied);
    df_run_result_release(&res);

    /* an install: advice, the fix shown */
    in = "FROM debian\nRUN apt-get install curl\n";
    run_text(&res, in, false);
    assert_string_equal(res.output.data, in);
    assert_int_equal(res.diags.n, 1);
    y = res.diags.v[0];
    assert_int_equal(y->severity, DF_SEV_INFO);
    assert_string_equal(y->message, "apt-get install without -y: apt aborts the build at \"Do you want to "
                                    "continue?\", which it asks only when the call does more than install the "
                                    "packages it names (new dependencies, removals)");
    assert_int_equal(y->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(y->fix->description,
                        "insert -y after the subcommand (not applied: a build that works today never reached the "
                        "prompt, so -y alone changes nothing; it is added when another fix changes the command)");
    assert_false(y->applied);
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
    FIRES_N("FROM debian\nRUN apt upgrade\n", "FROM debian\nRUN apt upgrade -y\n", 2);
    FIRES_N("FROM debian\nRUN apt dist-upgrade --autoremove\n", "FROM debian\nRUN apt dist-upgrade -y --autoremove\n", 2);
    /* an install or a removal without -y: advice (test_lone_yes_changes_nothing) */
    expect_u("FROM debian\nRUN apt install curl\n", false, "FROM debian\nRUN apt install curl\n", 2);
    expect_u("FROM debian\nRUN apt purge --autoremove curl\n", false, "FROM debian\nRUN apt purge --autoremove curl\n", 2);
    /* no apt-get equivalent: reported, not changed */
    REPORTS("FROM debian\nRUN apt list --installed\n");
    REPORTS("FROM debian\nRUN apt full-upgrade -y\n");
    one("FROM debian\nRUN apt search curl\n", false, DF_SEV_WARNING, -1, false, "use apt-get, apt-cache or dpkg-query", NULL);
}

/* DF004 and DF006 together, as a user runs them (unsafe: --unsafe-fixes):
 * the exact output, and a second run changes nothing. */
static void with_df004(const char *text, bool unsafe, const char *want)
{
    df_options o;
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++)
        o.enabled[i] = df_rules[i] == df_rule_find("DF004") || df_rules[i] == df_rule_find("DF006");
    o.unsafe_fixes = unsafe;
    df_run_result res, again;
    assert_int_equal(df_run("Dockerfile", text, strlen(text), &o, NULL, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    assert_int_equal(df_run("Dockerfile", want, strlen(want), &o, NULL, &again), 0);
    assert_false(again.changed);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

/* Class "DF006 adds -y where apt would not prompt" (review run 8, apache/
 * whimsy `apt-get install libapache2-mod-svn`, sqshq/piggymetrics mongodb
 * `apt-get install dos2unix`): apt-get asks only when the call does more
 * than install the packages it names, so a build that works today never
 * reached the prompt and a lone -y is churn. It goes in where another fix
 * changes the command anyway (DF004's flag: accepted in runs 7 and pre-8 as
 * removing a latent prompt), and on the upgrades, whose prompt comes with
 * the next update of the archive; otherwise advice. */
static void test_lone_yes_changes_nothing(void **state)
{
    (void)state;
    /* dos2unix has no recommends (DF004 silent): -y alone is advice */
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install dos2unix\n", false,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install dos2unix\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install dos2unix\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "only when the call does more than install the packages it names", "not applied:");
    /* DF004 changes the command: -y rides along */
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get install libapache2-mod-svn\n", false,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y libapache2-mod-svn\n");
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install dos2unix curl\n", false,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install --no-install-recommends -y dos2unix curl "
               "ca-certificates\n");
    /* DF004's fix not applied (unsafe: ldap-utils' SASL modules): advice,
     * unless --unsafe-fixes applies it */
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get install ldap-utils\n", false, "FROM debian\nCMD [\"app\"]\nRUN apt-get install ldap-utils\n");
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get install ldap-utils\n", true,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y ldap-utils\n");
    /* DF004 silenced by the author: nothing else changes the command */
    with_df004("FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3015\nRUN apt-get install curl\n", false,
               "FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3015\nRUN apt-get install curl\n");
    /* another call of the RUN changing does not count */
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get install curl && apt-get install dos2unix\n", false,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y curl ca-certificates && apt-get install "
               "dos2unix\n");
    /* a removal asks whenever it removes a package: the message says so */
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get purge gcc\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false,
        "which it asks whenever the call removes a package", "not applied:");
    /* an upgrade asks when the archive moves: fixed alone */
    with_df004("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get dist-upgrade\n", false,
               "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get dist-upgrade -y\n");
}

static void test_yes(void **state)
{
    (void)state;
    /* the upgrades ask whenever the archive moves: fixed */
    static const char *const ups[] = {"upgrade", "dist-upgrade", "full-upgrade", "dselect-upgrade"};
    for (size_t i = 0; i < sizeof ups / sizeof *ups; i++) {
        char in[200], want[200];
        snprintf(in, sizeof in, "FROM debian\nRUN apt-get %s x\n", ups[i]);
        snprintf(want, sizeof want, "FROM debian\nRUN apt-get %s -y x\n", ups[i]);
        FIRES(in, want);
    }
    /* the others ask only when they do more than the names say: advice */
    static const char *const subs[] = {"install", "reinstall", "remove", "purge", "autoremove", "build-dep", "satisfy"};
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char in[200];
        snprintf(in, sizeof in, "FROM debian\nRUN apt-get %s x\n", subs[i]);
        one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, "without -y", "insert -y");
    }
    FIRES("FROM debian\nRUN apt-get -q upgrade\n", "FROM debian\nRUN apt-get -q upgrade -y\n");
    FIRES("FROM debian\nRUN apt-get --with-new-pkgs upgrade\n",
          "FROM debian\nRUN apt-get --with-new-pkgs upgrade -y\n");
    FIRES("FROM debian\nRUN apt-get upgrade --with-new-pkgs\n",
          "FROM debian\nRUN apt-get upgrade -y --with-new-pkgs\n");
    /* quiet level 1 is not enough */
    FIRES("FROM debian\nRUN apt-get -q=1 upgrade\n", "FROM debian\nRUN apt-get -q=1 upgrade -y\n");
    /* a -y of another call does not count */
    FIRES("FROM debian\nRUN apt-get install -y a && apt-get upgrade\n",
          "FROM debian\nRUN apt-get install -y a && apt-get upgrade -y\n");
    REPORTS("FROM debian\nRUN apt-get upgrade -y && apt-get install b\n");
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
    /* a failure that stops the build: not masked, so -y is the fix where it is
     * made at all (an upgrade: a lone -y on a removal is info, see
     * test_lone_yes_changes_nothing) */
    FIRES("FROM debian\nRUN apt-get dist-upgrade\n", "FROM debian\nRUN apt-get dist-upgrade -y\n");
    FIRES("FROM debian\nRUN apt-get dist-upgrade;\n", "FROM debian\nRUN apt-get dist-upgrade -y;\n");
    FIRES("FROM debian\nRUN apt-get dist-upgrade && rm -rf /tmp/x\n", "FROM debian\nRUN apt-get dist-upgrade -y && rm -rf /tmp/x\n");
    FIRES("FROM debian\nRUN apt-get dist-upgrade || exit 1; echo next\n",
          "FROM debian\nRUN apt-get dist-upgrade -y || exit 1; echo next\n");
    FIRES("FROM debian\nRUN set -e; apt-get dist-upgrade; echo next\n", "FROM debian\nRUN set -e; apt-get dist-upgrade -y; echo next\n");
    FIRES("FROM debian\nRUN (apt-get dist-upgrade) && echo ok\n", "FROM debian\nRUN (apt-get dist-upgrade -y) && echo ok\n");
    FIRES("FROM debian\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN apt-get dist-upgrade; echo next\n",
          "FROM debian\nSHELL [\"/bin/sh\", \"-ec\"]\nRUN apt-get dist-upgrade -y; echo next\n");
}

static void test_positions(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update && \\\n    apt-get dist-upgrade\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get dist-upgrade -y\n");
    FIRES("FROM debian\nRUN apt-get update \\\n\t&& apt-get dist-upgrade \\\n\t&& echo ok\n",
          "FROM debian\nRUN apt-get update \\\n\t&& apt-get dist-upgrade -y \\\n\t&& echo ok\n");
    FIRES("FROM debian\r\nRUN apt-get update && \\\r\n    apt-get dist-upgrade\r\n",
          "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get dist-upgrade -y\r\n");
    FIRES("FROM debian\nRUN <<EOF\napt-get update\napt-get dist-upgrade\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update\napt-get dist-upgrade -y\nEOF\n");
    FIRES("FROM debian\nONBUILD RUN apt-get dist-upgrade\n", "FROM debian\nONBUILD RUN apt-get dist-upgrade -y\n");
    FIRES("FROM debian\nRUN sudo apt-get dist-upgrade\n", "FROM debian\nRUN sudo apt-get dist-upgrade -y\n");
    REPORTS("FROM debian\nRUN sudo apt install -y curl\n");
    FIRES_N("FROM debian\nRUN sudo apt upgrade\n", "FROM debian\nRUN sudo apt upgrade -y\n", 2);
    FIRES("FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade\n",
          "FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y\n");
    FIRES("FROM debian\nRUN if true; then apt-get dist-upgrade; fi\n", "FROM debian\nRUN if true; then apt-get dist-upgrade -y; fi\n");
    FIRES("FROM debian\nRUN set -e; apt-get update; apt-get dist-upgrade; echo ok\n",
          "FROM debian\nRUN set -e; apt-get update; apt-get dist-upgrade -y; echo ok\n");
    /* a build-only stage is fixed too: this is about builds that work */
    FIRES("FROM debian AS b\nRUN apt-get dist-upgrade\nFROM debian\nCOPY --from=b /x /x\n",
          "FROM debian AS b\nRUN apt-get dist-upgrade -y\nFROM debian\nCOPY --from=b /x /x\n");
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
    one("FROM debian\n# must match docs/install.md\nRUN apt-get upgrade\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false,
        "(fix not applied: the comment on line 2 says this is kept identical to something outside the file; change "
        "both together)",
        "insert -y");
    const char *in = "FROM debian\nRUN apt-get update \\\n"
                     "    # Please update the install docs if the below line is changed\n"
                     "    && apt-get upgrade \\\n    && apt-get dist-upgrade\n";
    FIRES_N(in,
            "FROM debian\nRUN apt-get update \\\n"
            "    # Please update the install docs if the below line is changed\n"
            "    && apt-get upgrade \\\n    && apt-get dist-upgrade -y\n",
            2);
    /* a blank line between: not pinned */
    FIRES("FROM debian\n# keep in sync with the docs\n\nRUN apt-get upgrade\n",
          "FROM debian\n# keep in sync with the docs\n\nRUN apt-get upgrade -y\n");
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\n# dfopt ignore=DF006\nRUN apt install curl\n");
    SILENT("FROM debian\n# hadolint ignore=DL3014\nRUN apt-get install curl\n");
    SILENT("FROM debian\n# hadolint ignore=DL3027\nRUN apt install -y curl\n");
    SILENT("FROM debian\n# dfopt ignore=apt-interactive\nRUN apt-get install curl\n");
    FIRES("FROM debian\n# hadolint ignore=DL3015\nRUN apt-get upgrade\n",
          "FROM debian\n# hadolint ignore=DL3015\nRUN apt-get upgrade -y\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_findings),
        cmocka_unit_test(test_df006_rename_gains_nothing),
        cmocka_unit_test(test_lone_yes_changes_nothing),
        cmocka_unit_test(test_yes),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_purge_without_y_before_semicolon),
        cmocka_unit_test(test_comment_pinning_next_lines),
        cmocka_unit_test(test_pragmas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
