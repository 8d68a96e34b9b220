/*
 * test_df004.c - DF004 apt-recommends-installed through df_run(): where the
 * flag goes, ca-certificates for curl/wget/git, configuration that already
 * turns recommends off, unsafe packages, build-only stages, pragmas,
 * idempotence, exact output.
 */
#define RULE "DF004"
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

#define NR "--no-install-recommends"

static void test_flag_after_subcommand(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get -y install python3\n", "FROM debian\nCMD [\"app\"]\nRUN apt-get -y install " NR " python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get -o Dpkg::Options::=--force-confnew install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get -o Dpkg::Options::=--force-confnew install " NR " -y python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt install -y python3\n", "FROM debian\nCMD [\"app\"]\nRUN apt install " NR " -y python3\n");
    /* operands after -- stay operands: the flag still goes after the subcommand */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y -- python3\n", "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y -- python3\n");
}

static void test_exact_finding(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message, "apt-get install without --no-install-recommends also installs recommended packages");
    assert_int_equal(d->span.start, strstr(in, "apt-get") - in);
    assert_int_equal(d->span.end, strstr(in, " -y") - in);
    assert_string_equal(d->fix->description, "insert --no-install-recommends");
    assert_int_equal(d->fix->nedits, 1);
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_ca_certificates(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl python3 ca-certificates\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL,
        "insert --no-install-recommends and add ca-certificates");
    /* versions, arch and release suffixes */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git=1:2.39.2-1 wget:amd64\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git=1:2.39.2-1 wget:amd64 ca-certificates\n");
    /* once, after the last package, also when flags follow */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install curl wget -y\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " curl wget ca-certificates -y\n");
    /* one package per line */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    git \\\n  && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y \\\n    curl \\\n    git \\\n    ca-certificates \\\n  && rm -rf /var/lib/apt/lists/*\n");
    /* already installed: in the call, earlier in the RUN, in an earlier RUN, in a base stage */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates curl\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y ca-certificates curl\n");
    /* (ca-certificates alone has no recommends: that install is left alone) */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates && apt-get install -y curl\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates && apt-get install " NR " -y curl\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nRUN apt-get install -y curl\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nRUN apt-get install " NR " -y curl\n");
    /* (without the flag there: a flag in the base stage would leave this
     * stage's choice to the author, test_selective_flag_in_parent_stage_is_advice) */
    FIRES("FROM debian AS base\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nFROM base\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
          "FROM debian AS base\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nFROM base\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl\n");
    /* a later install does not count */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl\nRUN apt-get install -y ca-certificates\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl ca-certificates\nRUN apt-get install -y ca-certificates\n");
    /* another stage does not count */
    FIRES("FROM debian AS a\nCMD [\"app\"]\nRUN apt-get install " NR " -y ca-certificates\nFROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
          "FROM debian AS a\nCMD [\"app\"]\nRUN apt-get install " NR " -y ca-certificates\nFROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl ca-certificates\n");
}

/* Class "df004-drops-runtime-recommend" (review run 14, apps 085: tianon's
 * exim4): exim4-config recommends ca-certificates, with which Debian's
 * exim4 verifies a smarthost's certificate; the fix adds it back, in the
 * file's one-package-per-line layout */
static void test_df004_drops_runtime_recommend(void **state)
{
    (void)state;
    FIRES("FROM debian:trixie-slim\nRUN set -eux; apt-get update; \\\n\tapt-get install -y \\\n\t\texim4-daemon-light \\\n"
          "\t\ttini \\\n\t; \\\n\tapt-get dist-clean\nCMD [\"exim\", \"-bd\"]\n",
          "FROM debian:trixie-slim\nRUN set -eux; apt-get update; \\\n\tapt-get install " NR " -y \\\n\t\texim4-daemon-light \\\n"
          "\t\ttini \\\n\t\tca-certificates \\\n\t; \\\n\tapt-get dist-clean\nCMD [\"exim\", \"-bd\"]\n");
    FIRES("FROM debian\nCMD [\"exim\"]\nRUN apt-get install -y exim4\n",
          "FROM debian\nCMD [\"exim\"]\nRUN apt-get install " NR " -y exim4 ca-certificates\n");
}

static void test_positions(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && \\\n    apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && \\\n    apt-get install " NR " -y python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update \\\n\t&& apt-get install -y python3 \\\n\t&& echo ok\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update \\\n\t&& apt-get install " NR " -y python3 \\\n\t&& echo ok\n");
    FIRES("FROM debian\r\nCMD [\"app\"]\r\nRUN apt-get update && \\\r\n    apt-get install -y python3\r\n",
          "FROM debian\r\nCMD [\"app\"]\r\nRUN apt-get update && \\\r\n    apt-get install " NR " -y python3\r\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN <<EOF\napt-get update\napt-get install -y python3\nEOF\n",
          "FROM debian\nCMD [\"app\"]\nRUN <<EOF\napt-get update\napt-get install " NR " -y python3\nEOF\n");
    /* an ONBUILD trigger makes the image a base others build FROM: advice
     * (test_onbuild_base_keeps_recommends) */
    one("FROM debian\nCMD [\"app\"]\nONBUILD RUN apt-get install -y python3\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY,
        false, NULL, "it has ONBUILD triggers");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN sudo apt-get install -y python3\n", "FROM debian\nCMD [\"app\"]\nRUN sudo apt-get install " NR " -y python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN if true; then apt-get install -y python3; fi\n",
          "FROM debian\nCMD [\"app\"]\nRUN if true; then apt-get install " NR " -y python3; fi\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN set -e; apt-get update; apt-get install -y python3; echo ok\n",
          "FROM debian\nCMD [\"app\"]\nRUN set -e; apt-get update; apt-get install " NR " -y python3; echo ok\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y a && apt-get install -y b\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y a && apt-get install " NR " -y b\n", 2);
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl --no-install-recommends\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install -o APT::Install-Recommends=false -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install -o APT::Install-Recommends=0 -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get install --option=apt::install-recommends=no -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends && apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN printf 'APT::Install-Recommends \"false\";\\n' > /etc/apt/apt.conf.d/99x\nENV A=b\nRUN apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN cat > /etc/apt/apt.conf.d/99x <<EOF\nAPT::Install-Recommends \"false\";\nEOF\nRUN apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nCOPY <<EOF /etc/apt/apt.conf.d/99x\nAPT::Install-Recommends \"false\";\nEOF\nRUN apt-get install -y curl\n",
        "FROM debian AS base\nCMD [\"app\"]\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99x\nFROM base\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
        "FROM debian\nCMD [\"app\"]\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt-get install -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get upgrade -y\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-get remove -y curl\n",
        "FROM debian\nCMD [\"app\"]\nRUN apt-cache show curl\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

static void test_config_must_come_first(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3 && echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/9\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3 && echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/9\n");
    /* another stage's configuration does not count */
    FIRES("FROM debian AS a\nCMD [\"app\"]\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/9\nFROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3\n",
          "FROM debian AS a\nCMD [\"app\"]\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/9\nFROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3\n");
    /* an option of one call is not configuration for the next */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -o APT::Install-Recommends=0 -y a && apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -o APT::Install-Recommends=0 -y a && apt-get install " NR " -y python3\n");
    /* an explicit true is the author's choice (and would win over an inserted flag) */
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -o APT::Install-Recommends=true -y python3\n");
}

static void test_unsafe_packages(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3-pip\n";
    one(in, false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL, "(unsafe: python3-pip recommends build-essential");
    REPORTS(in);
    expect_u(in, true, "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3-pip\n", 1);
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gnupg curl\n", true, DF_SEV_WARNING, DF_APPLY_UNSAFE, true, NULL,
        "(unsafe: gnupg recommends dirmngr");
    /* dpkg-dev recommends the toolchain its tools drive */
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y dpkg-dev\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: dpkg-dev recommends build-essential");
}

/* Review run 13 (R1 apps 526, 9dogs/notion-anki-sync), class
 * "recommends-supply-wheel-libs": python3-pyqt5 is installed on a python:
 * image for the X and GTK libraries its recommends bring, which the PyQt5
 * wheels of a pip install load; without them `import aqt` fails (measured
 * by the reviewer in a buildah build): the fix is unsafe, saying why (data
 * recommends_matter). */
static void test_recommends_supply_wheel_libs(void **state)
{
    (void)state;
    const char *in = "FROM python:3.9.13-bullseye\nRUN apt-get update && apt-get install -y python3-pyqt5 libnss3 "
                     "libasound2 \\\n    && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir aqt\n"
                     "CMD [\"python\", \"-c\", \"import aqt\"]\n";
    one(in, false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: python3-pyqt5 recommends qt5-gtk-platformtheme (through libqt5gui5) and its GTK 3 and X libraries");
    REPORTS(in);
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3-pyqt6\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE,
        false, NULL, "(unsafe: python3-pyqt6 recommends qt6-gtk-platformtheme and qt6-qpa-plugins");
}

/* Review run 17 (F, apps 030, 24eme/signaturepdf), class
 * "recommends-are-format-delegates": ImageMagick's recommends are the
 * coders convert reads SVG, WMF, DjVu and OpenEXR with (and ghostscript
 * for PDF); a web app that converts uploaded images loses those formats.
 * The fix is unsafe, saying why (data recommends_matter). */
static void test_recommends_are_format_delegates(void **state)
{
    (void)state;
    one("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y python3 imagemagick "
        "&& rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: imagemagick recommends its format delegates (libmagickcore-6.q16-6-extra: SVG, WMF, DjVu, OpenEXR;");
    /* without ImageMagick the same call is fixed */
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y python3\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3\n");
}

/* a stage whose other installs say --no-install-recommends made a choice;
 * a simulation installs nothing */
static void test_deliberate_and_simulated(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y " NR " curl ca-certificates\n"
                     "RUN apt-get install -y postgresql\n";
    /* the advice says what dfopt saw, not that the choice "looks deliberate" */
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "(advice: the install on line 3 of this stage says --no-install-recommends and this one does not; left to "
        "the author, who may want these recommends)");
    REPORTS(in);
    SILENT("FROM debian\nCMD [\"app\"]\nRUN if apt-get install -s pg-jit > /dev/null; then echo y; fi\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install --dry-run pg-jit\n");
    /* the choice is per stage: another stage's flag says nothing here */
    FIRES("FROM debian AS a\nCMD [\"app\"]\nRUN apt-get install -y " NR " x\nFROM debian\nCMD [\"app\"]\nRUN apt-get install -y y\n",
          "FROM debian AS a\nCMD [\"app\"]\nRUN apt-get install -y " NR " x\nFROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y y\n");
}

/* Class "DF004 where a comment says the author wants the recommends"
 * (apache/couchdb-docker 2.3.1 ... 3.5.1: `# we DO want recommends this
 * time` inside the RUN, right above `apt-get install -y ... couchdb`): the
 * author said so, DF004 is silent. The phrases are data (apt
 * "recommends_wanted_comments"); a negation ("do not install recommended
 * packages") or a comment that does not end right above the call or its
 * RUN does not count. */
static void test_comment_says_recommends_wanted(void **state)
{
    (void)state;
    SILENT("FROM debian\nCMD [\"app\"]\nRUN set -eux; \\\n    apt-get update; \\\n"
           "# we DO want recommends this time\n    apt-get install -y couchdb; \\\n"
           "    rm -rf /var/lib/apt/lists/*\n");
    SILENT("FROM debian\nCMD [\"app\"]\n# Install recommended packages too: the docs build needs them\n"
           "RUN apt-get update && \\\n    apt-get install -y texlive\n");
    /* a block of several comment lines: the phrase may be on any of them */
    SILENT("FROM debian\nCMD [\"app\"]\n# keep recommends:\n# the fonts come with them\nRUN apt-get install -y texlive\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN <<EOF\napt-get update\n# with recommends\napt-get install -y texlive\nEOF\n");
    /* a negation: the author does not want them, the fix is made */
    FIRES("FROM debian\nCMD [\"app\"]\n# do not install recommended packages\nRUN apt-get install -y texlive\n",
          "FROM debian\nCMD [\"app\"]\n# do not install recommended packages\nRUN apt-get install " NR " -y texlive\n");
    /* the comment is about another call: a call later in the RUN, or the
     * next RUN */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && \\\n# want recommends here\n    apt-get install -y texlive && \\\n"
          "    apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && \\\n# want recommends here\n    apt-get install -y texlive && \\\n"
          "    apt-get install " NR " -y python3\n");
    FIRES("FROM debian\nCMD [\"app\"]\n# with recommends\nRUN echo a\nRUN apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\n# with recommends\nRUN echo a\nRUN apt-get install " NR " -y python3\n");
    /* a blank line ends the block */
    FIRES("FROM debian\nCMD [\"app\"]\n# with recommends\n\nRUN apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\n# with recommends\n\nRUN apt-get install " NR " -y python3\n");
    /* the phrase in a command, not a comment */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN echo 'with recommends' && apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN echo 'with recommends' && apt-get install " NR " -y python3\n");
}

/* gcc only recommends libc6-dev: without it nothing links (no libc headers),
 * so the fix installs it explicitly, as it does ca-certificates for curl */
static void test_gcc_keeps_libc_headers(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc make\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc make libc6-dev\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc libc6-dev\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc libc6-dev\n");
}

static void test_build_only_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS build\nCMD [\"app\"]\nRUN apt-get install -y gcc\nFROM debian\nCMD [\"app\"]\nCOPY --from=build /x /x\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "(build-only stage: not applied by default)");
    one(in, true, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, NULL);
    REPORTS(in);
}

/* libcurl4 recommends ca-certificates; a later RUN downloads over https */
static void test_removes_recommends_a_later_step_needs(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y libcurl4\nRUN python3 -c 'import urllib.request as u; "
          "u.urlopen(\"https://example.org\")'\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y libcurl4 ca-certificates\nRUN python3 -c 'import "
          "urllib.request as u; u.urlopen(\"https://example.org\")'\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libcurl4 && curl -O https://example.org/x\n", false, DF_SEV_WARNING,
        DF_APPLY_SAFE, true, NULL,
        "insert --no-install-recommends and add ca-certificates (ca-certificates: HTTPS downloads in the file verify "
        "certificates with it)");
    /* in a stage built on this one */
    FIRES("FROM debian AS base\nCMD [\"app\"]\nRUN apt-get install -y libcurl4\nFROM base\nCMD [\"app\"]\nRUN fetch https://example.org/x\n",
          "FROM debian AS base\nCMD [\"app\"]\nRUN apt-get install " NR " -y libcurl4 ca-certificates\nFROM base\nCMD [\"app\"]\nRUN fetch "
          "https://example.org/x\n");
    /* git over ssh, gpg keyservers */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\nRUN git clone git@github.com:a/b.git\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git ca-certificates openssh-client\nRUN git clone "
          "git@github.com:a/b.git\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gnupg && gpg --keyserver keys.openpgp.org --recv-keys ABCD\n", true,
        DF_SEV_WARNING, DF_APPLY_UNSAFE, true, NULL, "and add dirmngr (dirmngr: gpg keyserver calls");
    /* nothing used later, or installed already: nothing added */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libcurl4\nRUN echo http://example.org\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libcurl4\nRUN echo http://example.org\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nRUN apt-get install -y libcurl4 && curl https://x\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ca-certificates\nRUN apt-get install " NR
          " -y libcurl4 && curl https://x\n");
    /* an https download before the install does not count */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN curl -O https://example.org/k && apt-get install -y libcurl4\n",
          "FROM debian\nCMD [\"app\"]\nRUN curl -O https://example.org/k && apt-get install " NR " -y libcurl4\n");
}

/* ubuntu-standard, task-*, unminimize, devcontainers want their recommends */
static void test_interactive_environments(void **state)
{
    (void)state;
    SILENT("FROM ubuntu\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y ubuntu-standard\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y task-xfce-desktop\n");
    SILENT("FROM ubuntu\nCMD [\"app\"]\nRUN yes | unminimize\nRUN apt-get install -y man-db\n");
    SILENT("FROM mcr.microsoft.com/devcontainers/base:bookworm\nCMD [\"app\"]\nRUN apt-get install -y git\n");
    /* other calls of the file are still looked at */
    FIRES("FROM ubuntu\nCMD [\"app\"]\nRUN apt-get install -y ubuntu-minimal\nRUN apt-get install -y python3\n",
          "FROM ubuntu\nCMD [\"app\"]\nRUN apt-get install -y ubuntu-minimal\nRUN apt-get install " NR " -y python3\n");
    /* a file under .devcontainer/ */
    df_options o;
    opts_for(&o, false);
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\n";
    df_run_result res;
    assert_int_equal(df_run("app/.devcontainer/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 0);
    df_run_result_release(&res);
    assert_int_equal(df_run("app/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_true(res.changed);
    df_run_result_release(&res);
    /* CodeSandbox's environment (review run 15, apps 343: excalidraw) */
    assert_int_equal(df_run("app/.codesandbox/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_false(res.changed);
    df_run_result_release(&res);
    /* Docker Dev Environments work in the last stage named dev-envs (review
     * run 15, apps 252: awesome-compose react-express-mongodb); a dev-envs
     * stage that is not the last does not make the file one */
    SILENT("FROM debian:bookworm AS development\nCMD [\"npm\", \"start\"]\nFROM development AS dev-envs\n"
           "RUN apt-get update && apt-get install -y git\nCMD [\"npm\", \"start\"]\n");
    FIRES("FROM node:lts AS dev-envs\nRUN echo\nFROM debian:bookworm\nRUN apt-get install -y git\nCMD [\"app\"]\n",
          "FROM node:lts AS dev-envs\nRUN echo\nFROM debian:bookworm\nRUN apt-get install " NR " -y git ca-certificates\nCMD [\"app\"]\n");
}

/* Laravel Sail (run 5): a development environment (xdebug, supervisor,
 * `sail shell`) whose users work in it: its installs keep their recommends. */
static void test_development_environment_keeps_recommends(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y php8.2-cli php8.2-dev \\\n"
           "       php8.2-xdebug php8.2-pcov\nRUN apt-get install -y nodejs\n");
    SILENT("FROM debian\nRUN apt-get install -y php-xdebug=3.2.0-1\nRUN apt-get install -y git\n");
    /* a name that only holds the word is not the debugger */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y xdebug-tools\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y xdebug-tools\n");
}

/* TechEmpower cinatra: `apt-get install cmake ...` then `cmake .. && make`:
 * make is only cmake's recommend, so without recommends the build fails
 * (make: not found). The fix lists it; likewise automake for autoreconf. */
/* review run 6 (3Hren/blackhole): valgrind starts only with libc6-dbg,
 * which it merely recommends, and the file runs valgrind */
static void test_valgrind_recommends_libc_dbg(void **state)
{
    (void)state;
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get update && apt-get -y install valgrind\n"
          "RUN valgrind ./tests\n",
          "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get update && apt-get -y install " NR " valgrind libc6-dbg\n"
          "RUN valgrind ./tests\n");
    /* the image runs it: CMD, ENTRYPOINT (before the RUN too), in a stage built on it */
    FIRES("FROM ubuntu:16.04\nRUN apt-get update && apt-get -y install valgrind\nCMD [\"valgrind\", \"./tests\"]\n",
          "FROM ubuntu:16.04\nRUN apt-get update && apt-get -y install " NR " valgrind libc6-dbg\n"
          "CMD [\"valgrind\", \"./tests\"]\n");
    FIRES("FROM ubuntu:16.04\nENTRYPOINT [\"valgrind\"]\nRUN apt-get -y install valgrind\n",
          "FROM ubuntu:16.04\nENTRYPOINT [\"valgrind\"]\nRUN apt-get -y install " NR " valgrind libc6-dbg\n");
    FIRES("FROM ubuntu:16.04 AS base\nRUN apt-get -y install valgrind\nFROM base\nCMD valgrind ./tests\n",
          "FROM ubuntu:16.04 AS base\nRUN apt-get -y install " NR " valgrind libc6-dbg\nFROM base\nCMD valgrind ./tests\n");
    /* a stage that does not build on it runs it: nothing to add */
    one("FROM ubuntu:16.04 AS tools\nRUN apt-get -y install valgrind\nFROM ubuntu:16.04\nCMD valgrind ./tests\n", false,
        DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "insert --no-install-recommends (build-only stage: not applied by default)");
    one("FROM ubuntu:16.04 AS tools\nRUN apt-get -y install valgrind\nFROM tools\nCMD valgrind ./tests\n", false,
        DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, "insert --no-install-recommends and add libc6-dbg (libc6-dbg: ");
}

/* review run 6 (laradock aws-eb-cli): git-all pulls git, whose recommended
 * openssh-client the file needs: it sets up SSH keys in /root/.ssh */
static void test_ssh_keys_keep_openssh_client(void **state)
{
    (void)state;
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y git-all\n"
          "COPY ssh_keys/ /root/.ssh/\nRUN cd /root/.ssh && chmod 600 *\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y git-all openssh-client\n"
          "COPY ssh_keys/ /root/.ssh/\nRUN cd /root/.ssh && chmod 600 *\n");
}

static void test_cmake_recommends_make(void **state)
{
    (void)state;
    FIRES("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y cmake g++\nCMD [\"app\"]\n"
          "RUN mkdir build && cd build && cmake .. && make -j\n",
          "FROM ubuntu:22.04\nRUN apt-get update && apt-get install " NR " -y cmake g++ make\nCMD [\"app\"]\n"
          "RUN mkdir build && cd build && cmake .. && make -j\n");
    /* cmake --build drives make too */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y cmake && cmake -B b && cmake --build b\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake make && cmake -B b && cmake --build b\n");
    /* make installed by the same call: nothing to add */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y cmake make\nRUN cmake . && make\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake make\nRUN cmake . && make\n");
    /* cmake installed, never run: nothing to add */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y cmake\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake\n");
    /* build-essential depends on make: recommends-off keeps it, nothing to
     * add (the same call or an earlier install) */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y build-essential cmake\nRUN cmake . && make\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential cmake\nRUN cmake . && make\n");
    FIRES_N("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y build-essential\n"
          "RUN apt-get install -y cmake\nRUN cmake . && make\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential\n"
          "RUN apt-get install " NR " -y cmake\nRUN cmake . && make\n", 2);
    /* ... not an earlier build-essential its RUN auto-removes again (apt
     * "depends_on", which also gives gcc's libc6-dev) */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y build-essential && make && "
          "apt-get purge -y --auto-remove build-essential\nRUN apt-get install -y cmake\nRUN cmake . && make\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y build-essential && make && "
          "apt-get purge -y --auto-remove build-essential\nRUN apt-get install " NR " -y cmake make\n"
          "RUN cmake . && make\n");
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y autoconf\nRUN autoreconf -fi && ./configure\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf automake\nRUN autoreconf -fi && ./configure\n");
}

/* pre-review before run 8 (apache/marmotta ostrich): automake is only a
 * recommend of autoconf, and grpc's `make` runs autoreconf on protobuf, so
 * the build failed with `Can't exec "aclocal"`. autoconf is installed to
 * run autoreconf: automake is added wherever autoconf is installed, seen
 * used or not. (ollama) libvulkan1 recommends `mesa-vulkan-drivers |
 * vulkan-icd`: without a driver the loader does nothing, and with the
 * driver listed the flag saves next to nothing: silent. */
static void test_drops_a_recommend_the_build_needs(void **state)
{
    (void)state;
    /* no autoreconf in the file: the Makefile runs it */
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y \\\n"
          "        build-essential \\\n        autoconf \\\n        libtool\n"
          "RUN git clone https://example.org/grpc.git && cd grpc && make\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y \\\n"
          "        build-essential \\\n        autoconf \\\n        libtool \\\n        automake\n"
          "RUN git clone https://example.org/grpc.git && cd grpc && make\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y autoconf\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        NULL,
        "insert --no-install-recommends and add automake (automake: autoconf only recommends it, and autoreconf runs "
        "it, often from a Makefile or script the file does not show, as grpc's make does for protobuf)");
    /* in a build stage too (shown, not applied) */
    one("FROM debian AS build\nRUN apt-get install -y autoconf\nFROM debian\nCMD [\"app\"]\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false, NULL, "insert --no-install-recommends and add automake");
    /* named by the call, an earlier install, or a later install of the stage: nothing to add */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y autoconf automake\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf automake\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y automake\nRUN apt-get install -y autoconf\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y automake\nRUN apt-get install " NR " -y autoconf\n",
            2);
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y autoconf\nRUN apt-get install -y automake\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf\nRUN apt-get install " NR " -y automake\n",
            2);
    /* autoconf for PHP's phpize, which runs autoconf alone: nothing to add,
     * unless the file runs autoreconf too (a base that is not php's own) */
    FIRES("FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y libzip-dev autoconf \\\n"
          "    && docker-php-ext-install zip\n",
          "FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y libzip-dev autoconf \\\n"
          "    && docker-php-ext-install zip\n");
    FIRES("FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get install -y autoconf && pecl install redis\nRUN cd /x && autoreconf -i\n",
          "FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf automake && pecl install redis\nRUN cd /x && autoreconf -i\n");
    /* php's Debian images install autoconf (PHPIZE_DEPS) without its
     * recommends: apt installs nothing, automake stays out in both builds
     * ("recommends_in_base") */
    SILENT("FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y libzip-dev autoconf \\\n"
           "    && docker-php-ext-install zip\n");
    SILENT("FROM php:8.3-fpm\nRUN apt-get install -y autoconf && pecl install redis\nRUN cd /x && autoreconf -i\n");
    /* the Vulkan loader without a driver: silent */
    SILENT("FROM ubuntu:24.04\nCMD [\"ollama\"]\nRUN apt-get update \\\n"
           "    && apt-get install -y ca-certificates libvulkan1 libopenblas0 \\\n    && rm -rf /var/lib/apt/lists/*\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libva2\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libvdpau1 curl\n");
    /* with a driver named by the call or installed before: the finding stays */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libvulkan1 mesa-vulkan-drivers\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libvulkan1 mesa-vulkan-drivers\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y intel-media-va-driver\nRUN apt-get install -y libva2\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y intel-media-va-driver\nRUN apt-get install " NR
            " -y libva2\n",
            2);
    /* a package that only depends on a loader (mesa-utils, ffmpeg) is not the loader */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ffmpeg\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y ffmpeg\n");
}

/* getsentry's workstation images: a Cloud Workstations base with VS Code
 * desktop (`code`) installed is a workstation to work in; its users want
 * the recommends (code's recommends, curl's and gh's certificates). */
static void test_workstation_image(void **state)
{
    (void)state;
    SILENT("FROM us-west1-docker.pkg.dev/cloud-workstations-images/predefined/base:latest\n"
           "RUN apt-get update && apt-get install -y curl\n");
    SILENT("FROM europe-west4-docker.pkg.dev/Cloud-Workstations-Images/predefined/code-oss:latest\n"
           "RUN apt-get install -y git\n");
    /* VS Code desktop installed: every install of the file keeps its recommends */
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y code && apt-get install -y curl\n"
           "RUN apt-get install -y gh\n");
    SILENT("FROM debian\nRUN apt-get install -y git\nRUN apt-get install -y codium\n");
    /* a package whose name only starts with code is not the IDE */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y codec2\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y codec2\n");
    /* a file under a workstation/ folder */
    df_options o;
    opts_for(&o, false);
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\n";
    df_run_result res;
    assert_int_equal(df_run("workstation/postinstall/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 0);
    df_run_result_release(&res);
}

/* review of 2026-12-04 (portainer's dev-toolkit): an image that installs
 * `dialog` (with apt-utils: debconf's front end for a person answering) is
 * a development environment; its users rely on git's openssh-client and
 * less, docker-ce-cli's buildx and compose plugins. The word alone, or a
 * package that only starts with it, is not. */
static void test_dialog_dev_image_keeps_recommends(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:20.04\nRUN apt-get update && apt-get install -qq dialog apt-utils curl git\n"
           "RUN apt-get install -y docker-ce-cli\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y dialogue && echo dialog\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y dialogue && echo dialog\n");
}

/* Class "empty-install" (review pre9, corpus apps 121: `apt-get update &&
 * apt-get install -y` naming no package): it installs nothing, so there
 * are no recommends to leave out and nothing to decorate. */
static void test_empty_install(void **state)
{
    (void)state;
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y && echo done\n");
    /* -f installs what `dpkg -i` left missing, with its recommends */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN dpkg -i /x.deb || apt-get install -y -f\n",
          "FROM debian\nCMD [\"app\"]\nRUN dpkg -i /x.deb || apt-get install " NR " -y -f\n");
    /* a package behind a variable is a package: reported, and with its
     * packages unknown the fix is unsafe (needed-recommend-behind-variable) */
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y $PKGS\n");
}

/* Class "package-absent-on-release" (review pre9, corpus apps 138: FROM
 * ubuntu:xenial): gpg-agent exists from Debian buster and Ubuntu bionic
 * (the gpg/gpg-agent split); xenial and stretch have no such package and
 * their add-apt-repository needs no agent. Added where the release is
 * known to have it, left out where it is known not to, unsafe elsewhere. */
static void test_package_absent_on_release(void **state)
{
    (void)state;
    static const char *const absent[] = {"ubuntu:xenial", "ubuntu:16.04", "ubuntu:xenial-20210804", "debian:stretch",
                                         "debian:9-slim", "buildpack-deps:stretch-scm"};
    static const char *const present[] = {"ubuntu:bionic", "ubuntu:18.04", "ubuntu", "debian:12.5",
                                          "debian:bookworm-slim", "python:3.12-slim-bookworm"};
    char in[512], want[512];
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) {
        snprintf(in, sizeof in, "FROM %s\nCMD [\"app\"]\nRUN apt-get install -y software-properties-common\n"
                 "RUN add-apt-repository ppa:x/y\n", absent[i]);
        snprintf(want, sizeof want, "FROM %s\nCMD [\"app\"]\nRUN apt-get install " NR " -y software-properties-common\n"
                 "RUN add-apt-repository ppa:x/y\n", absent[i]);
        FIRES(in, want);
    }
    for (size_t i = 0; i < sizeof present / sizeof *present; i++) {
        snprintf(in, sizeof in, "FROM %s\nCMD [\"app\"]\nRUN apt-get install -y software-properties-common\n"
                 "RUN add-apt-repository ppa:x/y\n", present[i]);
        snprintf(want, sizeof want, "FROM %s\nCMD [\"app\"]\nRUN apt-get install " NR " -y software-properties-common gpg-agent\n"
                 "RUN add-apt-repository ppa:x/y\n", present[i]);
        FIRES(in, want);
    }
    /* a base whose release is not known: added, unsafe, with the reason */
    one("FROM azul/zulu-openjdk:21\nCMD [\"app\"]\nRUN apt-get install -y software-properties-common\n"
        "RUN add-apt-repository ppa:x/y\n",
        false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "add gpg-agent (gpg-agent: add-apt-repository imports");
    one("FROM azul/zulu-openjdk:21\nCMD [\"app\"]\nRUN apt-get install -y software-properties-common\n"
        "RUN add-apt-repository ppa:x/y\n",
        false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: gpg-agent: azul/zulu-openjdk:21 is not known to have it)");
}

/* Class "recommends-already-purged" (review pre9, corpus apps 173): the
 * RUN ends with the official images' `apt-get purge -y --auto-remove -o
 * APT::AutoRemove::RecommendsImportant=false`, which removes every package
 * only a Recommends kept: --no-install-recommends would save nothing. An
 * auto-removal nobody answers (no -y) removes nothing, and does not count. */
static void test_recommends_already_purged(void **state)
{
    (void)state;
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y libpq-dev gcc && make && "
           "apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false gcc\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev && make && "
           "apt-get autoremove -y -o APT::AutoRemove::RecommendsImportant=0\n");
    /* before the install, or without the option: the install's recommends stay */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get autoremove -y -o APT::AutoRemove::RecommendsImportant=false && "
          "apt-get install -y libpq-dev\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get autoremove -y -o APT::AutoRemove::RecommendsImportant=false && "
          "apt-get install " NR " -y libpq-dev\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev && make && apt-get autoremove -y\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libpq-dev && make && apt-get autoremove -y\n");
    /* the auto-removal prompts with nobody to answer: it never ran */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev; "
          "apt-get autoremove -o APT::AutoRemove::RecommendsImportant=false; echo\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libpq-dev; "
          "apt-get autoremove -o APT::AutoRemove::RecommendsImportant=false; echo\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc libpq-dev; apt-get purge --auto-remove gcc; echo\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc libpq-dev libc6-dev; apt-get purge --auto-remove gcc; echo\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n");
}

/* Class "needed-recommend-dropped" (review pre9, corpus apps 178: llvm then
 * `pyenv install`; 212: llvm-8/clang-8 recommend llvm-8-dev, which CMake's
 * find_package(LLVM) needs; 195: firefox-esr's codecs in a browser-test
 * image): data in recommends_matter, the fix is unsafe and says why. */
static void test_needed_recommend_dropped(void **state)
{
    (void)state;
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y llvm\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false,
        NULL, "(unsafe: llvm recommends llvm-dev, the LLVM development files");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y llvm-8 make\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE,
        false, NULL, "(unsafe: llvm-8 recommends llvm-8-dev");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y clang-14\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false,
        NULL, "(unsafe: clang-14 recommends llvm-14-dev");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y firefox-esr\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE,
        false, NULL, "(unsafe: firefox-esr recommends the media codec libraries");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y chromium\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false,
        NULL, "(unsafe: chromium recommends the media codec libraries");
    /* llvm-8-dev itself, or another llvm-ish name, is not listed */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y llvm-8-dev\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y llvm-8-dev\n");
}

/* review of 2026-12-04 (TechEmpower PHP/amp, ubuntu:24.04): `add-apt-repository
 * ppa:...` imports the PPA key with gpg, which needs gpg-agent: gpg only
 * recommends gnupg, which brings it. Without the recommends the next RUN
 * fails, so gpg-agent is listed; no add-apt-repository, nothing added. */
static void test_add_apt_repository_keeps_gpg_agent(void **state)
{
    (void)state;
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y software-properties-common\n"
          "RUN add-apt-repository ppa:ondrej/php\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y software-properties-common gpg-agent\n"
          "RUN add-apt-repository ppa:ondrej/php\n");
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y software-properties-common\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y software-properties-common\n");
}

/* The description is built in a buffer: a long one is not cut (it used to
 * be snprintf'd into 400 bytes, with a size that wrapped once truncated). */
/* review run 6 (nextcloud .examples smb): smbclient depends on samba-common,
 * which only recommends samba-common-bin, the package of `net`; Nextcloud's
 * SMB storage runs `net time zone` at run time, in software the file does
 * not show (the base image's application): a "run_time" recommend, kept in
 * every stage that reaches the image */
static void test_smb_recommends_used_at_run_time(void **state)
{
    (void)state;
    FIRES("FROM nextcloud:apache\n\nRUN apt-get update && apt-get install -y procps smbclient && rm -rf /var/lib/apt/lists/*\n",
          "FROM nextcloud:apache\n\nRUN apt-get update && apt-get install " NR " -y procps smbclient samba-common-bin && rm -rf /var/lib/apt/lists/*\n");
    one("FROM nextcloud:fpm\nRUN apt-get install -y smbclient\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL,
        "insert --no-install-recommends and add samba-common-bin (samba-common-bin: smbclient's samba-common only "
        "recommends it, and it holds `net`");
    /* samba-common itself recommends it */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y samba-common\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y samba-common samba-common-bin\n");
    /* listed by the call, installed earlier, or by a later RUN: nothing to add */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y smbclient samba-common-bin\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y smbclient samba-common-bin\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y smbclient\nRUN apt-get install -y samba-common-bin\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y smbclient\nRUN apt-get install " NR
            " -y samba-common-bin\n",
            2);
    /* a build stage that never runs `net`: the run time of the image does not see it */
    one("FROM debian AS build\nRUN apt-get install -y smbclient\nFROM debian\nCMD [\"app\"]\n", false, DF_SEV_INFO,
        DF_APPLY_DISPLAY, false, NULL, "insert --no-install-recommends (build-only stage: not applied by default)");
    /* a build stage that runs it: kept */
    one("FROM debian AS build\nRUN apt-get install -y smbclient && net ads info\nFROM debian\nCMD [\"app\"]\n", false,
        DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "insert --no-install-recommends and add samba-common-bin");
    /* packages that do not pull samba-common: nothing to add */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libsmbclient-dev\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libsmbclient-dev\n");
}

/* review run 6 (varnish vmod-examples): build dependencies installed and
 * purged again with --auto-remove in the same RUN take their recommends
 * with them: the flag saves nothing there */
static void test_build_deps_purged_in_same_run(void **state)
{
    (void)state;
    SILENT("FROM varnish\nARG VMOD_BUILD_DEPS=\nARG VMOD_RUN_DEPS=\nUSER root\nRUN set -e; \\\n    apt-get update; \\\n"
           "    apt-get -y install $VMOD_DEPS $VMOD_BUILD_DEPS $VMOD_RUN_DEPS; \\\n    install-vmod $VMOD_URL; \\\n"
           "    apt-get -y purge --auto-remove $VMOD_DEPS varnish-dev $VMOD_BUILD_DEPS; \\\n"
           "    rm -rf /var/lib/apt/lists/*\nUSER varnish\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y clang curl jq && ./build.sh && "
           "apt-get -y purge --auto-remove clang curl jq=1.6-2\n");
    /* a removal, then autoremove */
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc make && make && apt-get purge -y gcc make && "
           "apt-get autoremove -y\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc && make && "
           "apt-get -o APT::Get::AutomaticRemove=true remove -y gcc\n");
    /* the official images' way: everything marked automatic, then auto-removed */
    SILENT("FROM debian\nCMD [\"app\"]\nRUN savedAptMark=\"$(apt-mark showmanual)\"; \\\n"
           "    apt-get install -y gcc libssl-dev; \\\n    make; \\\n    apt-mark auto '.*' > /dev/null; \\\n"
           "    apt-mark manual $savedAptMark; \\\n    apt-get purge -y --auto-remove\n");
    /* purged without auto-remove: the recommends stay in the layer */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y wget && wget -q x && apt-get remove -y wget\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y wget ca-certificates && wget -q x && "
          "apt-get remove -y wget\n");
    /* a package the RUN keeps: its recommends stay, the flag saves them */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y build-essential dnsmasq && make && "
          "apt-get remove -y build-essential && apt-get autoremove -y\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential dnsmasq && make && "
          "apt-get remove -y build-essential && apt-get autoremove -y\n");
    /* removed in another RUN: the first layer keeps them */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3\nRUN apt-get purge -y --auto-remove python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3\nRUN apt-get purge -y --auto-remove python3\n");
    /* removed before it is installed again */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get purge -y --auto-remove python3 && apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get purge -y --auto-remove python3 && apt-get install " NR " -y python3\n");
    /* apt-mark auto after the last auto-removal marks nothing that goes */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3 && apt-get autoremove -y && apt-mark auto python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3 && apt-get autoremove -y && apt-mark auto python3\n");
}

/* review run 6 (3Hren/blackhole xenial): cmake recommends make, and the file
 * runs make, but a later RUN installs make itself before that: apt installs
 * it then, nothing to add */
static void test_recommend_installed_later_before_use(void **state)
{
    (void)state;
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install cmake\nRUN apt-get -y install make\n"
            "RUN cmake .. && make -j1\n",
            "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install " NR " cmake\nRUN apt-get -y install make\nRUN cmake .. && make -j1\n");
    /* later in the same RUN */
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install cmake && apt-get -y install make && make\n",
            "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install " NR " cmake && apt-get -y install make && make\n");
    /* used before the later install: kept */
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install cmake\nRUN cmake .. && make\n"
            "RUN apt-get -y install make\n",
            "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install " NR " cmake make\nRUN cmake .. && make\n"
            "RUN apt-get -y install make\n");
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install cmake\nRUN make && apt-get -y install make\n",
            "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install " NR " cmake make\nRUN make && apt-get -y install make\n");
    FIRES("FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install cmake && make && apt-get -y install make\n",
            "FROM ubuntu:16.04\nCMD [\"app\"]\nRUN apt-get -y install " NR " cmake make && make && apt-get -y install make\n");
    /* installed later in the stage: a stage built on it has make too */
    FIRES("FROM ubuntu:16.04 AS base\nRUN apt-get -y install cmake\nRUN apt-get -y install make\nFROM base\n"
            "CMD [\"app\"]\nRUN make\n",
            "FROM ubuntu:16.04 AS base\nRUN apt-get -y install " NR " cmake\nRUN apt-get -y install make\nFROM base\nCMD [\"app\"]\nRUN make\n");
}

/* review of a sample after run 6 (AbdBarho stable-diffusion-webui): pip's
 * `git+https://host/repo.git@REV` names a revision, not an SSH user: git's
 * SSH client is not added for it; scp-like `git@host:path` still counts */
static void test_pip_vcs_revision_is_not_ssh(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\n"
          "RUN pip install git+https://github.com/a/b.git@8d2447a2d918f8eba5a4a01463fd48e45126a379\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git ca-certificates\n"
          "RUN pip install git+https://github.com/a/b.git@8d2447a2d918f8eba5a4a01463fd48e45126a379\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\nRUN git clone \"git@github.com:a/b.git\"\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git ca-certificates openssh-client\n"
          "RUN git clone \"git@github.com:a/b.git\"\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\nRUN REPO=git@github.com:a/b.git && git clone $REPO\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git ca-certificates openssh-client\n"
          "RUN REPO=git@github.com:a/b.git && git clone $REPO\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git\nRUN pip install git+ssh://git@github.com/a/b.git\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git ca-certificates openssh-client\n"
          "RUN pip install git+ssh://git@github.com/a/b.git\n");
}

static void test_long_description(void **state)
{
    (void)state;
    const char *in = "FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y make\n"
                     "RUN apt-get install -y curl gcc git gnupg python3-pip && git clone git@github.com:a/b && "
                     "gpg --recv-keys ABC\n";
    df_run_result res;
    run_text(&res, in, false);
    const df_diag *d = NULL;
    for (size_t i = 0; i < res.diags.n; i++)
        if (res.diags.v[i]->fix && strstr(res.diags.v[i]->fix->description, "dirmngr"))
            d = res.diags.v[i];
    assert_non_null(d);
    const char *t = d->fix->description;
    assert_true(strlen(t) > 400);
    assert_non_null(strstr(t, "and add ca-certificates libc6-dev openssh-client dirmngr (openssh-client: "));
    const char *end = "the install on line 3 of this stage says --no-install-recommends and this one does not; left "
                      "to the author, who may want these recommends)";
    assert_string_equal(t + strlen(t) - strlen(end), end);
    df_run_result_release(&res);
}

/* An image others build with (no CMD, a shell base; CMD ["mvn"]...): its
 * users may rely on the recommends; only advice. */
static void test_toolchain_image_keeps_recommends(void **state)
{
    (void)state;
    const char *bare = "FROM debian\nRUN apt-get update && apt-get install -y git make && rm -rf /var/lib/apt/lists/*\n";
    REPORTS(bare);
    one(bare, true, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "this image is a toolchain others build with");
    REPORTS("FROM eclipse-temurin:17\nRUN apt-get install -y git\nCMD [\"mvn\"]\n");
    /* an application image gets the fix */
    FIRES("FROM debian\nCOPY app /app\nRUN apt-get install -y python3\n",
          "FROM debian\nCOPY app /app\nRUN apt-get install " NR " -y python3\n");
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\nCMD [\"app\"]\n# dfopt ignore=DF004\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\n");
    FIRES("FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3009\nRUN apt-get install -y python3\n",
          "FROM debian\nCMD [\"app\"]\n# hadolint ignore=DL3009\nRUN apt-get install " NR " -y python3\n");
}

/* review run 7 (apache/whimsy): `apt-get install -y vim` "for editing/viewing
 * files only in the container": the recommends (xxd) are part of what the
 * author wants, and leaving them out saves 0.1 MB of a 1 GB image. A call
 * whose packages are all tools for people (apt "interactive_tools") is left
 * alone; with any other package it fires as before. */
static void test_interactive_tools_keep_recommends(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN DEBIAN_FRONTEND='noninteractive' apt-get install -y vim\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y vim-nox less htop bash-completion\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y vim python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y vim python3\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y vim=$VIM_VERSION\n");
    /* an apt pattern and a name behind a variable may be anything: the
     * finding stays, its fix unsafe (needed-recommend-behind-variable) */
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y vim*\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false,
        NULL, "packages named through vim* are not known");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y vim $EXTRA\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE,
        false, NULL, "packages named through $EXTRA are not known");
    /* a near name is not the tool */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y vim-addon-manager\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y vim-addon-manager\n");
}

/* review run 7 (apache/whimsy, "for checking ldap settings"): ldap-utils
 * recommends libsasl2-modules, without which ldapsearch's default SASL bind
 * fails: the fix is unsafe, not applied by default */
static void test_ldap_utils_keeps_sasl_modules(void **state)
{
    (void)state;
    const char *in = "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y ldap-utils\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_false(res.changed);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_UNSAFE);
    assert_non_null(strstr(res.diags.v[0]->fix->description, "unsafe: ldap-utils recommends libsasl2-modules"));
    df_run_result_release(&res);
}

/* review run 8 (apache/whimsy): curl pulls in libldap2, which only
 * recommends libldap-common, the package of /etc/ldap/ldap.conf; apt never
 * installs it later for the installed library, and whimsy's LDAP code reads
 * it. In a file that uses LDAP the fix is unsafe; elsewhere curl's fix
 * stays safe. */
static void test_library_recommend_used_later(void **state)
{
    (void)state;
    const char *in = "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y curl\n"
                     "RUN curl -fsS ldap://ldap.example.org/dc=example,dc=org\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_false(res.changed);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_UNSAFE);
    assert_non_null(strstr(res.diags.v[0]->fix->description, "unsafe: curl recommends libldap-common"));
    df_run_result_release(&res);
    /* no LDAP in the file: safe, as before */
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y curl\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y curl ca-certificates\n");
}

/* review run 7 (BretFisher apachebench: apache2-utils on ubuntu; whimsy's
 * libyaml-dev): packages whose closure pulls no recommended package on a
 * bare Debian base (apt "recommends_none", measured with apt-get install -s):
 * the flag changes no byte of the image, the fix is churn. Every package of
 * the call must be in the list (or an interactive tool). */
static void test_no_recommends_changes_nothing(void **state)
{
    (void)state;
    SILENT("FROM ubuntu\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y apache2-utils\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y jq unzip=6.0-28 xz-utils\n");
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libyaml-dev vim\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y apache2-utils python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y apache2-utils python3\n");
    /* a local .deb's recommends are not known: advice (local-deb-without-recommends) */
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ./local.deb\n");
    /* a package behind a variable the file does not set: not known (needed-recommend-behind-variable) */
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y \"$PKG\"\n");
}

/* Class "DF004 + DF006 on installs that change nothing" (review run 8:
 * apache/whimsy's lua5.2, sqshq/piggymetrics mongodb's dos2unix and
 * psmisc): measured with scripts/measure-recommends.sh, no recommended
 * package in their closure on bookworm, trixie and bullseye ("recommends_none"):
 * silent, and DF006's -y on them is advice (test_df006.c:
 * test_lone_yes_changes_nothing). libapache2-mod-svn and host (bind9-host)
 * pull their libraries' recommends on a bare base (krb5-locales,
 * libldap-common...): the data cannot say the flag changes nothing, so the
 * finding stays. */
static void test_installs_that_change_nothing(void **state)
{
    (void)state;
    SILENT("FROM mongo:3\nCMD [\"app\"]\nRUN apt-get update && apt-get dist-upgrade -y --force-yes && apt-get install "
           "dos2unix && \\\n apt-get install psmisc -y -q && \\\n rm -rf /var/lib/apt/lists/*\n");
    SILENT("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN DEBIAN_FRONTEND='noninteractive' apt-get install -y \\\n  lua5.2 && \\\n"
           "  a2enmod lua\n");
    /* netbase declares no Depends and no Recommends (review pre-9, coco-annotator) */
    SILENT("FROM python:3.6\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y --reinstall netbase && \\\n"
           "    rm -rf /var/lib/apt/lists/*\n");
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y host\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y host\n");
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y libapache2-mod-svn lua5.2\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y libapache2-mod-svn lua5.2\n");
}

/* Class "DF004 one_per_line_text padding": a package added to a list of
 * one package per line whose continuations are padded to one column
 * (`zip               \`) pads its own to that column, as the cleanups do
 * (df_pm_pad_escape); under a line that continues, the new lines go in
 * below it, each with its own padded escape. */
static void test_added_package_pads_aligned_continuations(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y \\\n"
          "        curl                  \\\n        git                   \\\n        zip                   \\\n"
          "    && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y \\\n"
          "        curl                  \\\n        git                   \\\n        zip                   \\\n"
          "        ca-certificates       \\\n"
          "    && rm -rf /var/lib/apt/lists/*\n");
    /* the last package ends the list: its new escape is padded */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y \\\n      curl     \\\n      git      \\\n      zip\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y \\\n      curl     \\\n      git      \\\n"
          "      zip      \\\n      ca-certificates\n");
    /* two packages added, CRLF line ends */
    FIRES("FROM debian\r\nCMD [\"app\"]\r\nRUN apt-get install -y \\\r\n      git                 \\\r\n"
          "      make                \\\r\n   && git clone git@github.com:a/b\r\n",
          "FROM debian\r\nCMD [\"app\"]\r\nRUN apt-get install " NR " -y \\\r\n      git                 \\\r\n"
          "      make                \\\r\n      ca-certificates     \\\r\n      openssh-client      \\\r\n"
          "   && git clone git@github.com:a/b\r\n");
    /* not aligned: one space before each escape, as before */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y \\\n      curl \\\n      git \\\n      zip \\\n && true\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y \\\n      curl \\\n      git \\\n      zip \\\n"
          "      ca-certificates \\\n && true\n");
}

/* Review class "recommends already in the base" (runs 7 and 8, nextcloud's
 * cron example on nextcloud:apache): supervisor's recommends
 * (ca-certificates, openssl, libgpm2 on a bare trixie-slim) are all in
 * php's Debian apache images, so the flag changes nothing there (measured:
 * data "recommends_in_base"); on php's fpm image libgpm2 is still new, and
 * on a bare Debian all three are. */
static void test_recommends_already_in_the_base(void **state)
{
    (void)state;
    SILENT("FROM nextcloud:apache\nRUN apt-get update && apt-get install -y supervisor \\\n"
           "  && rm -rf /var/lib/apt/lists/*\nCMD [\"/usr/bin/supervisord\"]\n");
    SILENT("FROM php:8.4-apache-trixie AS base\nFROM base\nRUN apt-get install -y supervisor\nCMD [\"app\"]\n");
    FIRES("FROM nextcloud:fpm\nCMD [\"app\"]\nRUN apt-get install -y supervisor\n",
          "FROM nextcloud:fpm\nCMD [\"app\"]\nRUN apt-get install " NR " -y supervisor\n");
    FIRES("FROM debian:trixie-slim\nCMD [\"app\"]\nRUN apt-get install -y supervisor\n",
          "FROM debian:trixie-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y supervisor\n");
    /* another package with recommends in the same call still fires; git's
     * ca-certificates is installed in php's images (also the apache ones):
     * not added back */
    FIRES("FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install -y supervisor git\n",
          "FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install " NR " -y supervisor git\n");
    /* a name that only starts like php's is not php */
    FIRES("FROM phpmyadmin:apache\nCMD [\"app\"]\nRUN apt-get install -y supervisor\n",
          "FROM phpmyadmin:apache\nCMD [\"app\"]\nRUN apt-get install " NR " -y supervisor\n");
}

/* Review run 14, class df004-recommends-in-base (R1 apps 091,
 * redfieldchristabel/laravel-dockerize on php:8.4-cli): php's Debian images
 * (cli, fpm, zts, apache) install PHPIZE_DEPS, ca-certificates, curl and
 * xz-utils and keep php's runtime libraries (libcurl4 and its closure):
 * every recommend of libxml2-dev's and libzip-dev's closure belongs to a
 * package the base has, and apt never installs the missing recommends of an
 * installed package, so the flag saves nothing (measured: data
 * "recommends_in_base", scripts/measure-recommends.sh on php-like roots of
 * bookworm, trixie and bullseye). */
static void test_df004_recommends_in_base(void **state)
{
    (void)state;
    SILENT("FROM php:8.4-cli\nRUN apt-get update && apt-get install -y libxml2-dev libzip-dev \\\n"
           "    && docker-php-ext-install xml zip \\\n    && rm -rf /var/lib/apt/lists/*\n"
           "COPY . /var/www\nCMD [\"php\", \"/var/www/server.php\"]\n");
    SILENT("FROM php:8.3-fpm-bookworm AS base\nFROM base\nRUN apt-get update && apt-get install -y libicu-dev libpq-dev \\\n"
           "    && docker-php-ext-install intl pdo_pgsql\nCMD [\"php-fpm\"]\n");
    /* images built FROM php's Debian images: nextcloud:fpm, drupal */
    SILENT("FROM nextcloud:fpm\nRUN apt-get update && apt-get install -y libxml2-dev\nCMD [\"php-fpm\"]\n");
    /* a package whose recommends the php base lacks (libpng-dev's
     * libpng-tools) still fires; ca-certificates, installed in the base,
     * is not added for git */
    FIRES("FROM php:8.4-cli\nRUN apt-get update && apt-get install -y libxml2-dev libpng-dev git\nCMD [\"php\", \"/app/server.php\"]\n",
          "FROM php:8.4-cli\nRUN apt-get update && apt-get install " NR " -y libxml2-dev libpng-dev git\nCMD [\"php\", \"/app/server.php\"]\n");
    /* not on a bare Debian, nor on php's Alpine images */
    FIRES("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libxml2-dev libzip-dev\nCMD [\"app\"]\n",
          "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install " NR " -y libxml2-dev libzip-dev\nCMD [\"app\"]\n");
    FIRES("FROM php:8.4-cli-alpine\nRUN apt-get install -y libxml2-dev\nCMD [\"app\"]\n",
          "FROM php:8.4-cli-alpine\nRUN apt-get install " NR " -y libxml2-dev\nCMD [\"app\"]\n");
}

/* pre-review before run 7 (Kong kong-build-tools test image): vim, httpie,
 * valgrind... in an image whose command only keeps the container running
 * (`tail -f /dev/null`) for tests and people to exec into: a debugging
 * environment, which wants its recommends (valgrind's gdb) */
static void test_idle_container_keeps_recommends(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:bionic\nRUN apt-get update && apt-get install -y jq httpie valgrind postgresql\n"
           "CMD [\"sh\", \"-c\", \"cat /fixtures/hosts >> /etc/hosts; tail -f /dev/null\"]\n");
    SILENT("FROM debian\nRUN apt-get install -y python3\nENTRYPOINT sleep infinity\n");
    /* the exec form of the same command (review run 14, apps 006:
     * surrealml's build box, CMD ["tail", "-f", "/dev/null"]) */
    SILENT("FROM ubuntu:24.04\nRUN apt-get install -y curl build-essential\nCMD [\"tail\", \"-f\", \"/dev/null\"]\n");
    SILENT("FROM debian\nRUN apt-get install -y python3\nENTRYPOINT [\"sleep\", \"infinity\"]\n");
    FIRES("FROM debian\nRUN apt-get install -y python3\nCMD [\"tail\", \"-f\", \"/var/log/app.log\"]\n",
          "FROM debian\nRUN apt-get install " NR " -y python3\nCMD [\"tail\", \"-f\", \"/var/log/app.log\"]\n");
}

/* Class "DF004 drops a needed recommend (cross compilers)" (issue #11,
 * mozilla/mig's vendored golang.org/x/sys Linux image): gcc-TRIPLE and
 * gcc-N-TRIPLE only recommend their target's C library (bookworm:
 * gcc-aarch64-linux-gnu Recommends: libc6-dev-arm64-cross | ...; apt-get
 * install -s with and without recommends differ by libc6-dev-arm64-cross
 * and linux-libc-dev-arm64-cross alone; data "cross_compilers"). A call of
 * cross compilers alone saves nothing: silent. With other packages the fix
 * adds the C library and is unsafe: on an arm64 build machine
 * gcc-aarch64-linux-gnu is the native compiler, which needs libc6-dev. */
static void test_cross_compiler_keeps_cross_libc(void **state)
{
    (void)state;
    SILENT("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y gcc-aarch64-linux-gnu\n");
    SILENT("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y \\\n"
           "    gcc-aarch64-linux-gnu       gcc-arm-linux-gnueabi \\\n"
           "    gcc-12-s390x-linux-gnu      gcc-4.8-arm-linux-gnueabihf make\n");
    const char *in = "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y qemu-user gcc-aarch64-linux-gnu\n";
    one(in, false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "insert --no-install-recommends and add libc6-dev-arm64-cross (unsafe: a cross compiler only recommends the "
        "C library it links against, added here (gcc-aarch64-linux-gnu: libc6-dev-arm64-cross); on a build machine "
        "of its target's architecture (arm64) it is the native compiler, which needs libc6-dev instead)");
    expect_u(in, true,
             "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR
             " -y qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross\n",
             1);
    /* versioned: gcc-12-TRIPLE; listed by the author: a plain safe fix */
    expect_u("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y qemu-user gcc-12-riscv64-linux-gnu\n", true,
             "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR
             " -y qemu-user gcc-12-riscv64-linux-gnu libc6-dev-riscv64-cross\n",
             1);
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR
          " -y qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross\n");
    /* g++-TRIPLE depends on the C library (libstdc++-12-dev-arm64-cross):
     * nothing to add; a name that only looks like a triple is a package */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y g++-aarch64-linux-gnu\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y g++-aarch64-linux-gnu\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc-doc\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc-doc\n");
}

/* Class "DF004 drops krb5-user's krb5-config" (issue #11,
 * vimagick/dockerfiles ansible): krb5-user recommends krb5-config, the
 * package of /etc/krb5.conf, which users edit to name their realm (data
 * "recommends_needed"). Alone, the call is left as it is (listed, the flag
 * would save krb5-locales alone, 273 kB on bookworm); with other packages
 * the fix adds krb5-config. */
static void test_krb5_user_keeps_krb5_config(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:20.04\nCMD [\"app\"]\nRUN apt-get update && \\\n  apt install krb5-user -y && \\\n"
           "  pip3 install pywinrm\n");
    FIRES("FROM ubuntu:20.04\nCMD [\"app\"]\nRUN apt-get install -y krb5-user python3\n",
          "FROM ubuntu:20.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y krb5-user python3 krb5-config\n");
    /* installed before (its own recommend, krb5-locales, is left out) */
    FIRES_N("FROM ubuntu:20.04\nCMD [\"app\"]\nRUN apt-get install -y krb5-config\nRUN apt-get install -y krb5-user python3\n",
            "FROM ubuntu:20.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y krb5-config\n"
            "RUN apt-get install " NR " -y krb5-user python3\n",
            2);
}

/* Class "DF004 adds ca-certificates twice" (issue #11, stemount's rails
 * template after DF001 joins two RUNs): an earlier install that brings the
 * package as a recommend (curl, without --no-install-recommends: apt
 * installs it, or DF004's fix of that call adds it) already installs it. */
static void test_added_once_per_run(void **state)
{
    (void)state;
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl python3 && \\\n    apt-get install -y wget\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl python3 ca-certificates && \\\n"
            "    apt-get install " NR " -y wget\n",
            2);
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl python3\nRUN apt-get install -y wget\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl python3 ca-certificates\n"
            "RUN apt-get install " NR " -y wget\n",
            2);
    /* an earlier install that turns recommends off does not bring it */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get -o APT::Install-Recommends=false install -y curl && \\\n"
          "    apt-get install -y wget\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get -o APT::Install-Recommends=false install -y curl && \\\n"
          "    apt-get install " NR " -y wget ca-certificates\n");
    /* nor one whose packages an auto-removal takes away again */
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl && curl -fsSLO https://x/y && "
            "apt-get purge -y --auto-remove curl\nRUN apt-get install -y wget python3\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl && curl -fsSLO https://x/y && "
            "apt-get purge -y --auto-remove curl\nRUN apt-get install " NR " -y wget python3 ca-certificates\n",
            1);
}

/* Class "DF004 on whimsy's host" (issue #11, apache/whimsy on
 * ubuntu:24.04): host (bind9-host) only brings krb5-locales as a
 * recommend (libkrb5-3's), which an earlier install of the stage with its
 * recommends brought already when it named curl, git or openssh-client
 * (measured on bookworm and trixie; data "recommends_installed_before"):
 * the flag saves nothing there, DF004 stays silent. Alone, after an
 * install without recommends, or after wget (no Kerberos), it fires. */
static void test_recommends_installed_before(void **state)
{
    (void)state;
    /* (the fix of curl's install, when applied, leaves krb5-locales to
     * host's: a missed saving of 273 kB, never a broken build) */
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y curl apt-utils\n"
          "RUN apt-get install -y lua5.2\nRUN DEBIAN_FRONTEND='noninteractive' apt-get install -y host\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR
          " -y curl apt-utils ca-certificates\n"
          "RUN apt-get install -y lua5.2\nRUN DEBIAN_FRONTEND='noninteractive' apt-get install -y host\n");
    SILENT("FROM debian\nCMD [\"app\"]\n# git: install recommended packages too\nRUN apt-get install -y git\n"
           "RUN apt-get install -y dnsutils\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y wget && apt-get install -y host\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y wget ca-certificates && apt-get install " NR
            " -y host\n",
            2);
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y python3\nRUN apt-get install -y host\n"
            "RUN apt-get install -y curl\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3\nRUN apt-get install " NR
            " -y host\nRUN apt-get install " NR " -y curl ca-certificates\n",
            3);
    /* curl installed without its recommends brought no krb5-locales */
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install --no-install-recommends -y curl\n"
            "RUN apt-get install -y host\n");
    /* nor did one an auto-removal took away again */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl && apt-get purge -y --auto-remove curl\n"
          "RUN apt-get install -y host\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y curl && apt-get purge -y --auto-remove curl\n"
          "RUN apt-get install " NR " -y host\n");
}

/* Issue 11 class "deliberately dirty baseline" (chrisguest75/docker_examples
 * 31_structure_tests: `#&& apt-get clean \\` and `#&& rm -rf
 * /var/lib/apt/lists/\*` right below the RUN, an uncleaned baseline compared
 * with a "cleaner" sibling): a cleanup the author wrote and commented out,
 * below the RUN or inside its continuation, is a choice. DF004 reports,
 * without a fix, and says why (passes/comments.c, apt "commented_cleanup"). */
static void test_deliberately_dirty_baseline(void **state)
{
    (void)state;
    const char *below = "FROM ubuntu:16.04\nRUN apt update && apt install curl -y\n"
                        "        #&& apt-get clean \\\n        #&& rm -rf /var/lib/apt/lists/*\n\nCMD [\"curl\"]\n";
    REPORTS(below);
    one(below, false, DF_SEV_WARNING, -1, false,
        "apt install without --no-install-recommends also installs recommended packages (no automatic fix: the cleanup of this RUN is written and commented out: the author keeps the layer "
        "uncleaned on purpose)",
        NULL);
    /* inside the continuation */
    REPORTS("FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y curl \\\n#    && rm -rf /var/lib/apt/lists/*\n"
            "    && echo done\n");
    /* a comment about something else, or one after a blank line: fixed as usual */
    const char *other = "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y gcc\n# gcc for the build\nCMD [\"/app\"]\n";
    const char *apart = "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y gcc\n\n# && apt-get clean\nCMD [\"/app\"]\n";
    df_run_result res;
    run_text(&res, other, false);
    assert_true(res.changed);
    df_run_result_release(&res);
    run_text(&res, apart, false);
    assert_true(res.changed);
    df_run_result_release(&res);
}

/* review run10 E 283 (4x99/code6 on php:7.4-apache): zip only recommends
 * unzip, and `composer install` later in the RUN (or the stage) unpacks its
 * dist archives with it: unzip is added, unless the file installs it */
static void test_zip_recommends_unzip_for_composer(void **state)
{
    (void)state;
    FIRES("FROM php:7.4-apache\nRUN apt-get update;\\\napt-get install -y zip cron;\\\nrm -rf /var/lib/apt/lists/*;\\\n"
          "composer install --no-dev;\nCMD [\"apache2-foreground\"]\n",
          "FROM php:7.4-apache\nRUN apt-get update;\\\napt-get install " NR " -y zip cron unzip;\\\nrm -rf /var/lib/apt/lists/*;\\\n"
          "composer install --no-dev;\nCMD [\"apache2-foreground\"]\n");
    one("FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install -y zip\nRUN php composer.phar install\n", false,
        DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, "and add unzip (unzip: composer unpacks");
    /* composer from apt recommends unzip too */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y composer && composer require a/b\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y composer unzip && composer require a/b\n");
    /* unzip installed by the file, or no composer: nothing added */
    FIRES("FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install -y zip unzip && composer install\n",
          "FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install " NR " -y zip unzip && composer install\n");
    FIRES("FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install -y zip\nRUN apt-get install -y unzip\nRUN composer install\n",
          "FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install " NR " -y zip\nRUN apt-get install -y unzip\nRUN composer install\n");
    FIRES("FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install -y zip && zip -r a.zip src\n",
          "FROM php:8.3-apache\nCMD [\"app\"]\nRUN apt-get install " NR " -y zip && zip -r a.zip src\n");
}

/* review run11 (apps 419, merchant-prince/laravel-docker): Composer put
 * into the image (its installer, COPY --from=composer) is run there by the
 * image's users even when the file never runs `composer install`: zip's
 * recommend unzip is kept, added by name */
static void test_needed_recommend_dropped_composer_in_image(void **state)
{
    (void)state;
    FIRES("FROM php:8.2-fpm\nRUN apt-get update && apt-get install -y zip libzip-dev \\\n"
          " && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*\n"
          "RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\n",
          "FROM php:8.2-fpm\nRUN apt-get update && apt-get install " NR " -y zip libzip-dev unzip \\\n"
          " && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*\n"
          "RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\n");
    FIRES("FROM php:8.3-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get install -y zip\n",
          "FROM php:8.3-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get install " NR
          " -y zip unzip\n");
    /* no Composer in the file: zip's recommend is not needed */
    FIRES("FROM php:8.3-cli\nRUN apt-get install -y zip\n", "FROM php:8.3-cli\nRUN apt-get install " NR " -y zip\n");
}

/* review run11 (apps 423, 021, 404): python3-pip's unsafe reason lists
 * only the recommends nothing names; none left, no reason (microsoft/nni
 * names build-essential and python3-dev in the same install) */
static void test_unsafe_reason_lists_only_dropped(void **state)
{
    (void)state;
    one("FROM debian:12\nCMD [\"app\"]\nRUN apt-get install -y python3-pip\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: python3-pip recommends build-essential and python3-dev (pip builds packages without wheels from "
        "source))");
    df_run_result res;
    run_text(&res, "FROM debian:12\nCMD [\"app\"]\nRUN apt-get install -y build-essential\nRUN apt-get install -y python3-pip\n",
             false);
    assert_int_equal(res.diags.n, 2);
    assert_non_null(res.diags.v[1]->fix);
    assert_string_equal(res.diags.v[1]->fix->description,
                        "insert --no-install-recommends (unsafe: python3-pip recommends python3-dev (pip builds packages "
                        "without wheels from source))");
    df_run_result_release(&res);
    one("FROM debian:12\nCMD [\"app\"]\nRUN apt-get install -y python-pip python-dev\n", false, DF_SEV_WARNING, DF_APPLY_UNSAFE,
        false, NULL, "(unsafe: python-pip recommends build-essential (pip builds packages without wheels from source))");
    FIRES("FROM debian:12\nCMD [\"app\"]\nRUN apt-get install -y python3-pip build-essential python3-dev\n",
          "FROM debian:12\nCMD [\"app\"]\nRUN apt-get install " NR " -y python3-pip build-essential python3-dev\n");
}

/* review run11 (apps 401, microsoft/X-Mem): the toolchain advice's example
 * comes from a package the call installs (git's SSH client only with git),
 * else there is none */
static void test_toolchain_advice_example(void **state)
{
    (void)state;
    const char *ci = "# Dockerfile for an Ubuntu environment for X for Continuous Integration\nFROM ubuntu:22.04\nCMD [\"app\"]\n";
    char in[512];
    df_run_result res;
    snprintf(in, sizeof in, "%sRUN apt-get install -y libxml2-dev\n", ci);
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    assert_non_null(res.diags.v[0]->fix);
    assert_non_null(strstr(res.diags.v[0]->fix->description,
                           "this image is a toolchain others build with; they may rely on the recommended packages)"));
    assert_null(strstr(res.diags.v[0]->fix->description, "SSH"));
    df_run_result_release(&res);
    snprintf(in, sizeof in, "%sRUN apt-get install -y git\n", ci);
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "they may rely on the recommended packages, such as git's SSH client)");
    /* its recommend named: not an example */
    snprintf(in, sizeof in, "%sRUN apt-get install -y git openssh-client cmake\n", ci);
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "they may rely on the recommended packages, such as cmake's make)");
    /* named by an earlier install of the stage */
    snprintf(in, sizeof in, "%sRUN apt-get install -y openssh-client\nRUN apt-get install -y git\n", ci);
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 2);
    assert_non_null(res.diags.v[1]->fix);
    assert_null(strstr(res.diags.v[1]->fix->description, "SSH"));
    df_run_result_release(&res);
}

/* review run10 E 309 (microsoft/ELL on continuumio/miniconda3): gpg came
 * only through dpkg-dev's Recommends (gnupg | sq ..., build-essential
 * depends on dpkg-dev), and a later `apt-key add` needs it: gnupg is added;
 * not when the file installs gnupg, gnupg2 or gpg itself */
static void test_apt_key_later_needs_gnupg(void **state)
{
    (void)state;
    FIRES("FROM continuumio/miniconda3\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y build-essential\n"
          "RUN wget -O - https://apt.llvm.org/llvm-snapshot.gpg.key | sudo apt-key add -\n",
          "FROM continuumio/miniconda3\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y build-essential gnupg\n"
          "RUN wget -O - https://apt.llvm.org/llvm-snapshot.gpg.key | sudo apt-key add -\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y build-essential && curl -fsSL https://x/k.asc | gpg --dearmor -o /k.gpg\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential gnupg && curl -fsSL https://x/k.asc | gpg --dearmor -o /k.gpg\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y build-essential gpg\nRUN apt-key add /k.asc\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential gpg\nRUN apt-key add /k.asc\n");
    /* (gnupg2's own finding is unsafe: dirmngr) */
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gnupg2\nRUN apt-get install -y build-essential && apt-key add /k.asc\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gnupg2\nRUN apt-get install " NR
            " -y build-essential && apt-key add /k.asc\n", 2);
    /* a key file name is no use of gpg; a use before the install does not count */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y build-essential\nRUN cp /a.gpg /etc/apt/trusted.gpg.d/\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential\nRUN cp /a.gpg /etc/apt/trusted.gpg.d/\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-key add /k.asc\nRUN apt-get install -y build-essential\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-key add /k.asc\nRUN apt-get install " NR " -y build-essential\n");
}

/* Review run 10 (apps 351, 394, 396), class "needed-recommend-dropped":
 * make came only as cmake's recommend (discourse's gem build dependencies,
 * a later bundle install compiles native gems) or through php8.x-dev's
 * recommends (pkg-php-tools -> debhelper -> dpkg-dev; pecl install runs
 * make); gpg only as gpg-agent's recommend gnupg, and apt-key add needs it
 * (aakashlpin/emailapi on ubuntu:18.04). */
static void test_needed_recommend_dropped_run10(void **state)
{
    (void)state;
    FIRES("FROM ruby:3.3-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y cmake g++\n"
          "RUN bundle install --jobs 4\n",
          "FROM ruby:3.3-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y cmake g++ make\n"
          "RUN bundle install --jobs 4\n");
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y php8.5-dev libevent-dev && pecl install event-3.1.4\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y php8.5-dev libevent-dev make && pecl install event-3.1.4\n");
    FIRES("FROM ubuntu:18.04\nCMD [\"app\"]\nRUN apt-get install -y gnupg-agent\n"
          "RUN curl -sL https://dl.yarnpkg.com/debian/pubkey.gpg | apt-key add -\n",
          "FROM ubuntu:18.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y gnupg-agent gnupg\n"
          "RUN curl -sL https://dl.yarnpkg.com/debian/pubkey.gpg | apt-key add -\n");
    /* equivs-build (mk-build-deps) runs fakeroot, which dpkg-dev only
     * recommends (3Hren/blackhole on trusty) */
    FIRES("FROM ubuntu:trusty\nCMD [\"app\"]\nRUN apt-get install -y build-essential devscripts equivs\n"
          "RUN mk-build-deps -ir -t \"apt-get -qq --no-install-recommends\"\n",
          "FROM ubuntu:trusty\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential devscripts equivs fakeroot\n"
          "RUN mk-build-deps -ir -t \"apt-get -qq --no-install-recommends\"\n");
    /* no later build, no key: nothing added */
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y php8.5-dev libevent-dev\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y php8.5-dev libevent-dev\n");
    FIRES("FROM ubuntu:18.04\nCMD [\"app\"]\nRUN apt-get install -y gpg-agent\n",
          "FROM ubuntu:18.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y gpg-agent\n");
}

/* Review run10 F and rejudge (apps 351, discourse_docker image/base), class
 * "needed-recommend-dropped (libtool)": libtool only recommends
 * libltdl-dev, which depends on automake (-> autoconf), the autotools an
 * explicit libtool install is for (autoreconf, libtoolize, often from a
 * gem's or a Makefile's build the file does not show). The fix adds
 * libltdl-dev, unless automake is installed by the call, an earlier
 * install of the stage, or the fix itself (autoconf's automake). */
static void test_needed_recommend_dropped_libtool(void **state)
{
    (void)state;
    FIRES("FROM ruby:3.3-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y \\\n"
          "# gem build dependencies\n    g++ pkg-config patch \\\n    libtool \\\n    libxml2-dev\n"
          "RUN bundle install\n",
          "FROM ruby:3.3-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y \\\n"
          "# gem build dependencies\n    g++ pkg-config patch \\\n    libtool \\\n    libxml2-dev \\\n"
          "    libltdl-dev\nRUN bundle install\n");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libtool\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        NULL, "insert --no-install-recommends and add libltdl-dev (libltdl-dev: libtool only recommends it; it depends "
              "on automake");
    /* automake named by the call or an earlier install: the autotools are there */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y autoconf automake libtool\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf automake libtool\n");
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y automake\nRUN apt-get install -y libtool\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y automake\nRUN apt-get install " NR " -y libtool\n", 2);
    /* the fix adds automake for autoconf: libltdl-dev's job is done */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y autoconf libtool\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y autoconf libtool automake\n");
    /* a name that only starts like it is not libtool */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libtool-bin\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libtool-bin\n");
}

/* Review run10 F (apps 352, llama.cpp's .devops/rocm), class
 * "no-op-packages-in-base" (rocm_complete_base_curl_noop): ROCm's
 * rocm/dev-ubuntu-* images install ca-certificates, curl, gnupg,
 * build-essential (gcc -> libgomp1) themselves, so `apt-get install -y
 * libgomp1 curl` on them installs nothing and the flag saves 0 bytes:
 * silent (apt "recommends_in_base", "installed"). The base is named through
 * an ARG whose default names other ARGs, as BuildKit expands it. On such a
 * base a package it has is not added back (git's ca-certificates). */
static void test_rocm_complete_base_curl_noop(void **state)
{
    (void)state;
    SILENT("ARG UBUNTU_VERSION=24.04\nARG ROCM_VERSION=6.3\n"
           "ARG BASE_ROCM_DEV_CONTAINER=rocm/dev-ubuntu-${UBUNTU_VERSION}:${ROCM_VERSION}-complete\n"
           "FROM ${BASE_ROCM_DEV_CONTAINER} AS base\nRUN apt-get update \\\n    && apt-get install -y libgomp1 curl\\\n"
           "    && find /var/lib/apt/lists -type f -delete\nFROM base\nCMD [\"/app/llama-server\"]\n");
    SILENT("FROM rocm/dev-ubuntu-22.04:6.1\nCMD [\"app\"]\nRUN apt-get install -y curl ca-certificates build-essential\n");
    /* a package the base lacks: the finding stays, without a ca-certificates
     * the base has */
    FIRES("FROM rocm/dev-ubuntu-24.04:6.3-complete\nCMD [\"app\"]\nRUN apt-get install -y git curl\n",
          "FROM rocm/dev-ubuntu-24.04:6.3-complete\nCMD [\"app\"]\nRUN apt-get install " NR " -y git curl\n");
    /* another base: the install and the add-back as everywhere */
    FIRES("FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install -y libgomp1 curl\n",
          "FROM ubuntu:24.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y libgomp1 curl ca-certificates\n");
    FIRES("FROM rocm/rocm-terminal:6.3\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
          "FROM rocm/rocm-terminal:6.3\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl ca-certificates\n");
}

/* Review run 13 (R1 apps 521, llama.cpp's .devops/intel.Dockerfile; R3 apps
 * 264, rust-builder on rustlang/rust:nightly), class
 * "packages-already-in-base": intel/oneapi-basekit installs curl,
 * ca-certificates and build-essential (gcc -> libgomp1) itself, and the
 * official python/node/ruby/rust images (not slim, not alpine) are built on
 * buildpack-deps, which installs curl, git, gcc, libc6-dev, libpq-dev...:
 * an install of only those saves 0 bytes with the flag (silent), and a
 * package the base has is not added back (apt "recommends_in_base",
 * "installed", "tag_parts_not"). */
static void test_packages_already_in_base(void **state)
{
    (void)state;
    SILENT("ARG ONEAPI_VERSION=2025.0.0-0-devel-ubuntu22.04\nFROM intel/oneapi-basekit:$ONEAPI_VERSION\n"
           "RUN apt-get update \\\n    && apt-get install -y libgomp1 curl \\\n    && rm -rf /var/lib/apt/lists/*\n"
           "ENTRYPOINT [\"/app/llama-server\"]\n");
    SILENT("FROM python:3.11\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev gcc curl git\n");
    SILENT("FROM rustlang/rust:nightly\nCMD [\"app\"]\nRUN apt-get install -y libssl-dev libc6-dev\n");
    SILENT("FROM golang:1.22-bookworm\nCMD [\"app\"]\nRUN apt-get install -y git gcc\n");
    /* the slim and alpine tags are not built on buildpack-deps: gcc's
     * libc6-dev is added (python's slim images do install ca-certificates) */
    FIRES("FROM python:3.11-slim\nCMD [\"app\"]\nRUN apt-get install -y gcc curl\n",
          "FROM python:3.11-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc curl libc6-dev\n");
    /* a package the base lacks keeps the finding, without adding back what
     * the base has (gcc's libc6-dev, curl's ca-certificates) */
    FIRES("FROM node:20\nCMD [\"app\"]\nRUN apt-get install -y gcc curl graphviz\n",
          "FROM node:20\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc curl graphviz\n");
    /* the same images by their registry's full name (open-telemetry's
     * demo writes FROM docker.io/library/python:...): the data's names
     * apply, class "base-named-with-its-registry" */
    SILENT("FROM docker.io/library/python:3.11\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev gcc curl git\n");
    SILENT("FROM library/python:3.11\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev gcc curl git\n");
    FIRES("FROM docker.io/library/node:20\nCMD [\"app\"]\nRUN apt-get install -y gcc curl graphviz\n",
          "FROM docker.io/library/node:20\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc curl graphviz\n");
    /* golang's images have the scm set and gcc, not libpq-dev */
    FIRES("FROM golang:1.22\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev curl\n",
          "FROM golang:1.22\nCMD [\"app\"]\nRUN apt-get install " NR " -y libpq-dev curl\n");
}

/* Review run 14 (R2 apps 269, 491), class
 * "df004-saves-nothing-recommends-in-base": on the images built on
 * buildpack-deps' full image (rustlang/rust, python, node, ruby, rust,
 * buildpack-deps without slim, alpine, curl or scm in the tag) every
 * recommend of cmake (gcc, make), build-essential, musl-dev... is installed
 * already, so the flag saves nothing: silent (apt "recommends_in_base",
 * "packages", measured with scripts/measure-recommends.sh on bookworm,
 * bullseye and trixie roots with buildpack-deps' packages installed).
 * python3-dev leaves out only javascript-common there (33 kB, no program).
 * A package whose recommends the base lacks (graphviz's fonts) keeps the
 * finding, and so does cmake on a base without buildpack-deps. */
static void test_df004_saves_nothing_recommends_in_base(void **state)
{
    (void)state;
    SILENT("FROM rustlang/rust:nightly\nRUN apt-get update && apt-get install -y cmake && rm -rf /var/lib/apt/lists/*\n"
           "CMD [\"cargo\", \"run\"]\n");
    SILENT("FROM python:3.11.0-bullseye\nRUN apt-get update && apt-get install -y libpq-dev gcc python3-dev musl-dev "
           "build-essential && rm -rf /var/lib/apt/lists/*\nCOPY app /app\nCMD [\"python\", \"/app/main.py\"]\n");
    SILENT("FROM node:20-bookworm\nCMD [\"app\"]\nRUN apt-get install -y cmake pkg-config zip\n");
    /* a recommend the base lacks: graphviz's fonts */
    FIRES("FROM rustlang/rust:nightly\nCMD [\"app\"]\nRUN apt-get install -y cmake graphviz\n",
          "FROM rustlang/rust:nightly\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake graphviz\n");
    /* the scm set (buildpack-deps:*-scm, golang) lacks gcc and make */
    FIRES("FROM buildpack-deps:bookworm-scm\nCMD [\"app\"]\nRUN apt-get install -y cmake\n",
          "FROM buildpack-deps:bookworm-scm\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake\n");
    /* slim tags are not built on buildpack-deps */
    FIRES("FROM rust:1-slim-bookworm\nCMD [\"app\"]\nRUN apt-get install -y cmake\n",
          "FROM rust:1-slim-bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y cmake\n");
}

/* Review run10 F (apps 351): discourse's runtime base installs some
 * packages with --no-install-recommends ("to avoid pulling in e.g. X11
 * libraries") and keeps the recommends elsewhere; its build base, FROM that
 * stage, keeps them too. The author's choice holds in the stages built on
 * the one that shows it: advice, naming that stage. A stage built on an
 * image, or on a stage without the flag, is not affected. */
static void test_selective_flag_in_parent_stage_is_advice(void **state)
{
    (void)state;
    const char *in = "FROM debian AS runtime\nRUN apt-get install -y " NR " imagemagick\n"
                     "FROM runtime AS build\nRUN apt-get install -y cmake\nFROM build\nCMD [\"app\"]\n"
                     "RUN apt-get install -y postgresql\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 2);
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        assert_non_null(d->fix);
        assert_int_equal(d->fix->applicability, DF_APPLY_DISPLAY);
        assert_false(d->applied);
        assert_non_null(strstr(d->fix->description,
                               "(advice: the install on line 2 of stage runtime, which this stage is built on, says "
                               "--no-install-recommends and this one does not; left to the author, who may want "
                               "these recommends)"));
    }
    df_run_result_release(&res);
    REPORTS("FROM debian AS runtime\nRUN apt-get install -y " NR " imagemagick\nFROM runtime\nCMD [\"app\"]\n"
            "RUN apt-get install -y cmake\n");
    /* the flag in a child stage says nothing about its parent */
    FIRES("FROM debian AS base\nRUN apt-get install -y cmake\nFROM base\nCMD [\"app\"]\n"
          "RUN apt-get install -y " NR " imagemagick\n",
          "FROM debian AS base\nRUN apt-get install " NR " -y cmake\nFROM base\nCMD [\"app\"]\n"
          "RUN apt-get install -y " NR " imagemagick\n");
}

/* review run10 E 314 (mozilla/send on node:12-slim): `git-core` is a name
 * git Provides (apt-cache show git: Provides: git-completion, git-core):
 * what git needs back (ca-certificates, openssh-client for git@) is added
 * for it too, and an earlier install of git-core counts as git's */
static void test_git_core_alias_adds_ca_certificates(void **state)
{
    (void)state;
    FIRES("FROM node:12-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get -y install \\\n    git-core \\\n"
          "    && rm -rf /var/lib/apt/lists/*\n",
          "FROM node:12-slim\nCMD [\"app\"]\nRUN apt-get update && apt-get -y install " NR " \\\n    git-core \\\n"
          "    ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git-core\nRUN git clone git@github.com:a/b.git\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git-core ca-certificates openssh-client\n"
          "RUN git clone git@github.com:a/b.git\n");
    /* a name that only starts like it is not the alias */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git-core-extras\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y git-core-extras\n");
}

/* review run10 E 331 h3 (laradock's jenkins): `RUN apt-get install -y curl`
 * right after a RUN that removed the lists, no update before it, curl
 * installed earlier in the stage: apt knows only installed packages and
 * installs nothing, so the flag changes nothing and the finding is false */
static void test_install_without_update_after_lists_removed(void **state)
{
    (void)state;
    const char *h0 = "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*\n";
    const char *h1 = "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y curl ca-certificates && rm -rf /var/lib/apt/lists/*\n";
    const char *docker = "RUN groupadd -g 998 docker \\\n  && curl -sSL https://get.docker.com/ | sh \\\n  && apt-get -q clean -y \\\n"
                         "  && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin\n\n# Install Docker\n";
    char in[1024], want[1024];
    /* only the first install is reported */
    snprintf(in, sizeof in, "%s%sRUN apt-get install -y curl && curl -sSL https://get.docker.com/ | sh\n", h0, docker);
    snprintf(want, sizeof want, "%s%sRUN apt-get install -y curl && curl -sSL https://get.docker.com/ | sh\n", h1, docker);
    FIRES(in, want);
    snprintf(in, sizeof in, "%sRUN apt-get install -y curl\n", h0);
    snprintf(want, sizeof want, "%sRUN apt-get install -y curl\n", h1);
    FIRES(in, want);
    /* an update in its RUN, a package not installed before, a RUN between,
     * a refill after the removal, lists not removed, another command
     * first: reported too */
    const char *tails[][2] = {
        {"RUN apt-get update && apt-get install -y curl\n", "RUN apt-get update && apt-get install " NR " -y curl\n"},
        {"RUN apt-get install -y curl python3\n", "RUN apt-get install " NR " -y curl python3\n"},
        {"RUN echo hi\nRUN apt-get install -y curl\n", "RUN echo hi\nRUN apt-get install " NR " -y curl\n"},
        {"RUN rm -rf /var/lib/apt/lists/* && curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\nRUN apt-get install -y curl\n",
         "RUN rm -rf /var/lib/apt/lists/* && curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\nRUN apt-get install " NR " -y curl\n"},
        {"RUN echo hi && apt-get install -y curl\n", "RUN echo hi && apt-get install " NR " -y curl\n"},
    };
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        snprintf(in, sizeof in, "%s%s", h0, tails[i][0]);
        snprintf(want, sizeof want, "%s%s", h1, tails[i][1]);
        FIRES_N(in, want, 2);
    }
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install -y curl ca-certificates\nRUN apt-get install -y curl\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get update && apt-get install " NR " -y curl ca-certificates\nRUN apt-get install " NR " -y curl\n", 2);
}

/* review run10 E 331 h1 (laradock's jenkins): keys and known_hosts for git
 * over SSH, in a COPY or in a comment, show the image's users clone over
 * SSH when it runs: git keeps its SSH client in a stage that reaches the
 * image. A Jenkins controller (jenkins.war, JENKINS_HOME, FROM jenkins/) is
 * a CI image jobs build in, like a toolchain: advice only */
static void test_jenkins_git_keeps_ssh_client(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get install -y git\nCOPY keys/id_rsa /root/.ssh/id_rsa\nCMD [\"app\"]\n",
          "FROM debian\nRUN apt-get install " NR " -y git ca-certificates openssh-client\nCOPY keys/id_rsa /root/.ssh/id_rsa\nCMD [\"app\"]\n");
    FIRES("FROM debian\nRUN apt-get install -y git\nCMD [\"app\"]\n## ssh-keyscan -H github.com >> ~/.ssh/known_hosts\n",
          "FROM debian\nRUN apt-get install " NR " -y git ca-certificates openssh-client\nCMD [\"app\"]\n"
          "## ssh-keyscan -H github.com >> ~/.ssh/known_hosts\n");
    /* a build stage that does not reach the image: not added */
    FIRES("FROM debian AS b\nRUN apt-get install -y git\nFROM debian\nCOPY --from=b /x /x\nCOPY id_rsa /root/.ssh/id_rsa\nCMD [\"app\"]\n",
          "FROM debian AS b\nRUN apt-get install -y git\nFROM debian\nCOPY --from=b /x /x\nCOPY id_rsa /root/.ssh/id_rsa\nCMD [\"app\"]\n");
    /* no ssh in the file: not added */
    FIRES("FROM debian\nRUN apt-get install -y git\nCMD [\"app\"]\n",
          "FROM debian\nRUN apt-get install " NR " -y git ca-certificates\nCMD [\"app\"]\n");
    const char *jenkins[] = {
        "FROM eclipse-temurin:17-jdk-jammy\nRUN apt-get update && apt-get install -y git curl && rm -rf /var/lib/apt/lists/*\n"
        "ENV JENKINS_HOME /var/jenkins_home\nENTRYPOINT [\"/bin/tini\", \"--\", \"/usr/local/bin/jenkins.sh\"]\n",
        "FROM eclipse-temurin:17-jdk\nRUN apt-get update && apt-get install -y git curl && rm -rf /var/lib/apt/lists/*\n"
        "RUN curl -fsSL $URL -o /usr/share/jenkins/jenkins.war\nENTRYPOINT [\"/usr/local/bin/jenkins.sh\"]\n",
        "FROM jenkins/jenkins:lts\nUSER root\nRUN apt-get update && apt-get install -y git curl && rm -rf /var/lib/apt/lists/*\nUSER jenkins\n",
    };
    for (size_t i = 0; i < sizeof jenkins / sizeof jenkins[0]; i++)
        one(jenkins[i], false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "this image is a toolchain others build with");
    one(jenkins[0], false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "and add ca-certificates openssh-client");
}

/* review run10 E 309 (microsoft/ELL): "Dockerfile for an Ubuntu environment
 * for ELL for Continuous Integration": an image jobs build in, advice
 * only, as for other toolchain images */
static void test_ci_image_comment_gives_advice(void **state)
{
    (void)state;
    one("# Dockerfile for an Ubuntu environment for ELL for Continuous Integration\nFROM continuumio/miniconda3:latest\n"
        "RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nCMD [\"app\"]\n",
        false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "this image is a toolchain others build with");
    one("# our CI image\nFROM debian\nRUN apt-get install -y python3\nCOPY . /src\nCMD [\"app\"]\n", false, DF_SEV_WARNING,
        DF_APPLY_DISPLAY, false, NULL, "this image is a toolchain others build with");
    FIRES("# the application\nFROM debian\nRUN apt-get install -y python3\nCOPY . /src\nCMD [\"app\"]\n",
          "# the application\nFROM debian\nRUN apt-get install " NR " -y python3\nCOPY . /src\nCMD [\"app\"]\n");
}

/* Class "df004-recommends-matter-in-base-image" (review run 16 C 036,
 * tenstartups/rails-docker): an ONBUILD base image that installs
 * ghostscript, graphviz and imagemagick for the PDF and image tools of the
 * apps built FROM it; --no-install-recommends dropped the fonts those
 * apps render with. An image with ONBUILD triggers is published for other
 * builds: the fix is advice, as in a toolchain image; without the
 * triggers it is applied. */
static void test_onbuild_base_keeps_recommends(void **state)
{
    (void)state;
    const char *img = "FROM ruby:2.2\nRUN apt-get update && apt-get install -y graphviz ghostscript\n"
                      "ONBUILD COPY . /app\nCMD [\"app\"]\n";
    one(img, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "(advice: this image is a base others build FROM (it has ONBUILD triggers); their builds may rely on the "
        "recommended packages)");
    /* a trigger in the stage the last is built FROM counts too */
    one("FROM ruby:2.2 AS base\nONBUILD RUN bundle install\nFROM base\nRUN apt-get install -y graphviz\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "it has ONBUILD triggers");
    /* in a build stage the last does not use: the image has none */
    FIRES("FROM ruby:2.2 AS tools\nONBUILD RUN make\nFROM ruby:2.2\nRUN apt-get install -y graphviz\nCMD [\"app\"]\n",
          "FROM ruby:2.2 AS tools\nONBUILD RUN make\nFROM ruby:2.2\nRUN apt-get install " NR " -y graphviz\nCMD [\"app\"]\n");
}

/* Class "needed-recommend-behind-variable" (review run13 R2, official
 * varnish stable/debian): packages named through $PKGS were invisible to
 * the "recommends a later step needs" model, and the fix dropped gpg's
 * dirmngr that a later keyserver call needs. The value is read where the
 * file shows it: a literal assignment earlier in the RUN on every path,
 * an ENV, an ARG default (which only adds: --build-arg may change it). */
static void test_needed_recommend_behind_variable(void **state)
{
    (void)state;
    const char *gpg = "RUN gpg --keyserver hkps://keys.openpgp.org --recv-keys ABC\nCMD [\"x\"]\n";
    char in[1024], want[1024];
    /* an ARG default */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nARG PKGS=\"curl gpg\"\n"
             "RUN apt-get update && apt-get install -y $PKGS && rm -rf /var/lib/apt/lists/*\n%s", gpg);
    snprintf(want, sizeof want, "FROM debian:bookworm-slim\nARG PKGS=\"curl gpg\"\n"
             "RUN apt-get update && apt-get install " NR " -y $PKGS ca-certificates dirmngr && rm -rf "
             "/var/lib/apt/lists/*\n%s", gpg);
    FIRES(in, want);
    /* a global ARG redeclared in the stage, braces */
    snprintf(in, sizeof in, "ARG PKGS=\"curl gpg\"\nFROM debian:bookworm-slim\nARG PKGS\n"
             "RUN apt-get install -y ${PKGS}\n%s", gpg);
    snprintf(want, sizeof want, "ARG PKGS=\"curl gpg\"\nFROM debian:bookworm-slim\nARG PKGS\n"
             "RUN apt-get install " NR " -y ${PKGS} ca-certificates dirmngr\n%s", gpg);
    FIRES(in, want);
    /* a shell variable set earlier in the RUN */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN P=\"curl gpg\" && apt-get install -y $P\n%s", gpg);
    snprintf(want, sizeof want,
             "FROM debian:bookworm-slim\nRUN P=\"curl gpg\" && apt-get install " NR " -y $P ca-certificates dirmngr\n%s",
             gpg);
    FIRES(in, want);
    /* the varnish form: `;` under set -ex, a plain name next to the variable */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN set -ex; \\\n    BASE_PKGS=\"curl gpg\"; \\\n"
             "    apt-get update; \\\n    apt-get install -y curl $BASE_PKGS; \\\n"
             "    gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys ABC\nCMD [\"x\"]\n");
    snprintf(want, sizeof want, "FROM debian:bookworm-slim\nRUN set -ex; \\\n    BASE_PKGS=\"curl gpg\"; \\\n"
             "    apt-get update; \\\n    apt-get install " NR " -y curl $BASE_PKGS ca-certificates dirmngr; \\\n"
             "    gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys ABC\nCMD [\"x\"]\n");
    FIRES(in, want);
    /* an ENV is certain: the package it names is not added again */
    FIRES("FROM debian\nENV PKGS=\"curl ca-certificates\"\nCMD [\"app\"]\nRUN apt-get install -y $PKGS\n",
          "FROM debian\nENV PKGS=\"curl ca-certificates\"\nCMD [\"app\"]\nRUN apt-get install " NR " -y $PKGS\n");
    /* an ARG default only adds: a build may name other packages */
    FIRES("FROM debian\nARG PKGS=\"curl ca-certificates\"\nCMD [\"app\"]\nRUN apt-get install -y $PKGS\n",
          "FROM debian\nARG PKGS=\"curl ca-certificates\"\nCMD [\"app\"]\nRUN apt-get install " NR
          " -y $PKGS ca-certificates\n");
    /* a stage built FROM another does not inherit its ARGs */
    one("FROM debian AS a\nARG PKGS=\"curl\"\nFROM a\nCMD [\"app\"]\nRUN apt-get install -y $PKGS\n", false,
        DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL, "packages named through $PKGS are not known");
    /* not known: set in a branch, with no default, by a command substitution */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN if [ -n \"$X\" ]; then P=\"curl gpg\"; fi; "
             "apt-get install -y $P\n%s", gpg);
    one(in, false, DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL,
        "insert " NR " (unsafe: packages named through $P are not known: the recommends a later step needs cannot "
        "be checked)");
    one("FROM debian\nARG PKGS\nCMD [\"app\"]\nRUN apt-get install -y $PKGS\n", false, DF_SEV_WARNING,
        DF_APPLY_UNSAFE, false, NULL, "packages named through $PKGS are not known");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y $(cat /pkgs.txt)\n", false, DF_SEV_WARNING,
        DF_APPLY_UNSAFE, false, NULL, "packages named through $(cat /pkgs.txt) are not known");
    one("FROM debian\nCMD [\"app\"]\nRUN P=curl && . ./env.sh && apt-get install -y $P\n", false, DF_SEV_WARNING,
        DF_APPLY_UNSAFE, false, NULL, "packages named through $P are not known");
    one("FROM debian\nCMD [\"app\"]\nRUN for P in curl gpg; do apt-get install -y $P; done\n", false,
        DF_SEV_WARNING, DF_APPLY_UNSAFE, false, NULL, "packages named through $P are not known");
    /* a note in backquotes runs nothing (saleor: `# libxslt is needed by lxml (PyPI)`) */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y \\\n  libxslt1-dev `# needed by lxml` \\\n  python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y \\\n  libxslt1-dev `# needed by lxml` \\\n  python3\n");
    /* reassigned later than the install: the earlier value holds */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN P=python3 && apt-get install -y $P && P=other\n",
          "FROM debian\nCMD [\"app\"]\nRUN P=python3 && apt-get install " NR " -y $P && P=other\n");
}

/* Class "local-deb-without-recommends" (review run13 R2, official influxdb
 * 1.11): the recommends of a local .deb are not known; alone, the fix is
 * advice; next to archive packages, those are judged, and the fix is
 * unsafe (the needed-recommends check cannot see the file's). */
static void test_local_deb_without_recommends(void **state)
{
    (void)state;
    const char *in = "FROM debian:bookworm-slim\nRUN apt-get update && \\\n"
                     "    curl -fLO \"https://dl.influxdata.com/influxdb/releases/influxdb-1.11.8-amd64.deb\" && \\\n"
                     "    apt-get install -y ./influxdb-1.11.8-amd64.deb && \\\n"
                     "    rm -rf ./influxdb-1.11.8-amd64.deb /var/lib/apt/lists/*\nCMD [\"influxd\"]\n";
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "(advice: dfopt cannot know the recommends of the local package file ./influxdb-1.11.8-amd64.deb");
    REPORTS(in);
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y /tmp/a.deb /tmp/b.deb\n");
    REPORTS("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y /tmp/*.deb\n");
    REPORTS("FROM debian\nARG DEB=/tmp/x.deb\nCMD [\"app\"]\nRUN apt-get install -y $DEB\n");
    /* a path through a variable the file builds (influxdb: "./${INFLUXDB_DEB}") */
    one("FROM debian\nCMD [\"app\"]\nRUN export D=influxdb-${V}-amd64.deb && apt-get install -y \"./${D}\"\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "the local package file ./${D}");
    one("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ./x.deb python3\n", false, DF_SEV_WARNING,
        DF_APPLY_UNSAFE, false, NULL, "(unsafe: the recommends of the local package file ./x.deb are not known");
    /* the archive packages change nothing: silent */
    SILENT("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y ./x.deb jq\n");
}

/* Class "drops-vulkan-icd" (review run13 R2, llama.cpp
 * .devops/vulkan.Dockerfile): libvulkan-dev depends on libvulkan1, whose
 * recommends are the Vulkan driver: the call keeps its recommends. */
static void test_drops_vulkan_icd(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:24.04\nRUN apt-get update \\\n    && apt-get install -y libgomp1 libvulkan-dev \\\n"
           "    && rm -rf /var/lib/apt/lists/*\nENTRYPOINT [\"/app/llama-server\"]\n");
    /* with the driver named, the rest is the author's to trim */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y libvulkan-dev mesa-vulkan-drivers python3\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y libvulkan-dev mesa-vulkan-drivers python3\n");
}

/* Class "df004-added-package-outlives-autoremove" (review run13 R3,
 * mozilla speech-proxy): a package added for users the RUN removes again
 * before an autoremove would be manually installed and stay; when the
 * packages that stay pull no recommends, silent as for a full removal. The
 * advice says what to do instead (a call of its own with --mark-auto,
 * measured in a build). ca-certificates does not outlive anything where
 * apt itself recommends it (apt "kept_by_apt", apt 1.5 on: Debian 10,
 * Ubuntu 18.04): the autoremove keeps it in the original too. */
static void test_df004_added_package_outlives_autoremove(void **state)
{
    (void)state;
    const char *tail = " && \\\n    git clone https://github.com/FFmpeg/FFmpeg /src && \\\n"
                       "    cd /src && ./configure && make && make install && \\\n    rm -rf /src && \\\n"
                       "    apt-get remove -y git build-essential && \\\n    apt-get autoremove -y && \\\n"
                       "    rm -rf /var/lib/apt/lists/*\nCMD [\"ffmpeg\"]\n";
    char in[1024];
    /* jq stays and has no recommends */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y jq git build-essential%s", tail);
    SILENT(in);
    /* the review's repro: yasm stays and has no recommends either (measured,
     * recommends_none) */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y yasm git build-essential%s", tail);
    SILENT(in);
    /* graphviz stays, with recommends: on Debian 12, apt itself
     * recommends ca-certificates, and the autoremove keeps it in the
     * original too (measured): named, it changes nothing there, safe */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y graphviz git build-essential%s", tail);
    one(in, false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, "insert " NR " and add ca-certificates");
    /* on Debian 9, whose apt recommends nothing, and on a base of unknown
     * release: advice, saying what to do instead */
    const char *advice = "and add ca-certificates (advice: ca-certificates is added for packages this RUN removes "
                         "again before an autoremove: named here, it would be marked manually installed, outlive "
                         "that autoremove and stay in the image; install it instead in a call of its own after this "
                         "one, `apt-get install -y " NR " --mark-auto ca-certificates`: apt marks what that call "
                         "installs as automatically installed (not a package the image has already), and the "
                         "autoremove takes it with the packages it was for)";
    snprintf(in, sizeof in, "FROM debian:stretch-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y graphviz git build-essential%s", tail);
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, advice);
    snprintf(in, sizeof in, "FROM node:12-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y graphviz git build-essential%s", tail);
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, advice);
    /* gcc's libc6-dev goes with the autoremove in the original (measured):
     * named, it would stay, whatever the release */
    snprintf(in, sizeof in, "FROM debian:bookworm-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y graphviz gcc && \\\n    cc -o /usr/local/bin/x x.c && \\\n"
             "    apt-get remove -y gcc && \\\n    apt-get autoremove -y\nCMD [\"x\"]\n");
    one(in, false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL,
        "(advice: libc6-dev is added for packages this RUN removes again before an autoremove: named here, it would "
        "be marked manually installed, outlive that autoremove and stay in the image; install it instead in a call "
        "of its own after this one, `apt-get install -y " NR " --mark-auto libc6-dev`");
    /* curl stays: its ca-certificates stays in the original too */
    snprintf(in, sizeof in, "FROM debian:stretch-slim\nRUN apt-get update && \\\n"
             "    apt-get install -y curl git build-essential%s", tail);
    one(in, false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, "insert " NR " and add ca-certificates");
}

/* Class "redundant-added-package" (review run13 R3): libc6-dev is not added
 * next to a package that depends on it (apt "depends_on"). */
static void test_redundant_added_package(void **state)
{
    (void)state;
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc build-essential\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc build-essential\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc gcc-multilib\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc gcc-multilib\n");
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y g++ gcc\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y g++ gcc\n");
    /* an earlier install of the stage counts */
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y build-essential\nRUN apt-get install -y gcc\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y build-essential\nRUN apt-get install " NR
            " -y gcc\n", 2);
    /* gcc alone still gets it */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y gcc\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc libc6-dev\n");
    /* class "depended-on-package-autoremoved" (trust18): an earlier
     * build-essential that its RUN removes and auto-removes took libc6-dev
     * with it: gcc needs it added, or nothing links */
    FIRES("FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git build-essential && make && "
          "apt-get remove -y git build-essential && apt-get autoremove -y\nRUN apt-get install -y gcc\n",
          "FROM debian\nCMD [\"app\"]\nRUN apt-get install -y git build-essential && make && "
          "apt-get remove -y git build-essential && apt-get autoremove -y\nRUN apt-get install " NR
          " -y gcc libc6-dev\n");
    /* installed after the autoremove of its RUN: it stays */
    FIRES_N("FROM debian\nCMD [\"app\"]\nRUN apt-get purge -y --auto-remove git && apt-get install -y "
            "build-essential\nRUN apt-get install -y gcc\n",
            "FROM debian\nCMD [\"app\"]\nRUN apt-get purge -y --auto-remove git && apt-get install " NR
            " -y build-essential\nRUN apt-get install " NR " -y gcc\n", 2);
}

/* Class "df004-saves-nothing" (review run13 R3, apps 101 and 264): the flag
 * where no recommend would be installed. A recommend with no installation
 * candidate counts as none: musl-dev's linux-musl-dev exists in no Debian
 * release, so musl-dev and musl-tools pull recommends only through gcc
 * (libc6-dev), and not at all where gcc is installed already (apt
 * "recommends_through"). pkg-config is a transitional package to pkgconf
 * with no recommends from Debian 12 on, not on Debian 11 (apt
 * "recommends_none_on", by the base's release or an image that follows
 * Debian stable: ocaml/opam:debian-*). */
static void test_df004_saves_nothing(void **state)
{
    (void)state;
    /* 264: rustlang/rust:nightly is buildpack-deps, which has gcc, git, curl */
    SILENT("FROM rustlang/rust:nightly\nRUN apt-get update && \\\n"
           "    apt-get install -y gcc git curl musl-tools musl-dev && \\\n    rm -rf /var/lib/apt/lists/*\n"
           "RUN rustup target add x86_64-unknown-linux-musl\n");
    /* gcc installed by an earlier install of the stage */
    SILENT("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y " NR " gcc\nRUN apt-get install -y musl-tools\n");
    /* on a bare base, musl-dev brings gcc and its libc6-dev with recommends */
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y musl-dev\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y musl-dev\n");
    /* gcc in the same call is judged on its own: it keeps the finding */
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y gcc musl-tools\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc musl-tools libc6-dev\n");
    /* 101: ocaml/opam:debian-* follows Debian stable (>= 12) */
    SILENT("FROM ocaml/opam:debian-ocaml-5.1\nUSER root\nRUN apt-get update && apt-get install -y libgmp-dev "
           "libev-dev pkg-config libssl-dev && rm -rf /var/lib/apt/lists/*\nRUN opam install dune\n");
    SILENT("FROM debian:12-slim\nCMD [\"app\"]\nRUN apt-get install -y pkg-config libssl-dev\n");
    SILENT("FROM python:3.12-slim-trixie\nCMD [\"app\"]\nRUN apt-get install -y pkgconf\n");
    /* Debian 11: pkg-config's libglib2.0-0 recommends shared-mime-info... */
    FIRES("FROM debian:bullseye\nCMD [\"app\"]\nRUN apt-get install -y pkg-config\n",
          "FROM debian:bullseye\nCMD [\"app\"]\nRUN apt-get install " NR " -y pkg-config\n");
    FIRES("FROM ocaml/opam:debian-11-ocaml-5.1\nCMD [\"app\"]\nRUN apt-get install -y pkg-config\n",
          "FROM ocaml/opam:debian-11-ocaml-5.1\nCMD [\"app\"]\nRUN apt-get install " NR " -y pkg-config\n");
    /* libicu-dev pulls recommends only through libc6-dev (R3 apps 233) */
    SILENT("FROM python:3.12\nCMD [\"app\"]\nRUN apt-get install -y libicu-dev\n");
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y libicu-dev\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y libicu-dev\n");
    /* a base of unknown release keeps the finding */
    FIRES("FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install -y pkg-config\n",
          "FROM ubuntu:22.04\nCMD [\"app\"]\nRUN apt-get install " NR " -y pkg-config\n");
}

/* Issue 11, class "df004-added-back-on-slim-base": python's and ruby's slim
 * images (docker-library/python and ruby, every Debian slim tag) install
 * ca-certificates themselves with --no-install-recommends, so the fix does
 * not add it back for curl, wget or git (the package is there; the added
 * name was churn a maintainer rejects). node's slim images purge what they
 * installed, ca-certificates included: there it is still added. */
static void test_df004_added_back_on_slim_base(void **state)
{
    (void)state;
    FIRES("FROM python:3.12-slim\nCMD [\"app\"]\nRUN apt-get install -y net-tools curl\n",
          "FROM python:3.12-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y net-tools curl\n");
    FIRES("FROM python:3.9-slim@sha256:56d9bdc243bc53d4bb055305b58cc0be15b05cc09dcda9b9d5e224233889b61b\n"
          "CMD [\"app\"]\nRUN apt-get install -y git build-essential\n",
          "FROM python:3.9-slim@sha256:56d9bdc243bc53d4bb055305b58cc0be15b05cc09dcda9b9d5e224233889b61b\n"
          "CMD [\"app\"]\nRUN apt-get install " NR " -y git build-essential\n");
    FIRES("FROM ruby:3.3-slim-bookworm\nCMD [\"app\"]\nRUN apt-get install -y wget\n",
          "FROM ruby:3.3-slim-bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y wget\n");
    /* what the slim images lack is still added: gcc's libc6-dev */
    FIRES("FROM python:slim\nCMD [\"app\"]\nRUN apt-get install -y gcc\n",
          "FROM python:slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc libc6-dev\n");
    /* node's slim images and plain Debian have no ca-certificates */
    FIRES("FROM node:20-slim\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
          "FROM node:20-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl ca-certificates\n");
    FIRES("FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get install -y curl\n",
          "FROM debian:bookworm-slim\nCMD [\"app\"]\nRUN apt-get install " NR " -y curl ca-certificates\n");
}

/* Review run 15, class "df004-saves-nothing-on-haskell" (apps 482,
 * TechEmpower's servant on haskell:8.6.5: `apt-get install -yqq libpq-dev`):
 * haskell's Debian images install curl, git, g++, make, zlib1g-dev... with
 * --no-install-recommends, which bring libpq-dev's libraries (libldap,
 * libkrb5...) without their recommends; apt never installs the missing
 * recommends of an installed package, so libpq-dev saves nothing
 * (measured with scripts/measure-recommends.sh on a bookworm root with
 * those packages: data "recommends_in_base"). */
static void test_df004_saves_nothing_on_haskell(void **state)
{
    (void)state;
    SILENT("FROM haskell:8.6.5\nWORKDIR /app\nRUN apt-get update -yqq\nRUN apt-get install -yqq libpq-dev\n"
           "COPY . .\nRUN stack build\nCMD [\"stack\", \"exec\", \"app\"]\n");
    SILENT("FROM haskell:9.10-slim-bookworm\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev zlib1g-dev pkg-config\n");
    /* a package whose recommends the base lacks keeps the finding, without
     * gcc's libc6-dev, which the base has */
    FIRES("FROM haskell:9.10\nCMD [\"app\"]\nRUN apt-get install -y gcc graphviz\n",
          "FROM haskell:9.10\nCMD [\"app\"]\nRUN apt-get install " NR " -y gcc graphviz\n");
    /* pkg-config pulls libglib2.0-0's recommends on bullseye, also there */
    FIRES("FROM haskell:9.10-slim-bullseye\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev pkg-config\n",
          "FROM haskell:9.10-slim-bullseye\nCMD [\"app\"]\nRUN apt-get install " NR " -y libpq-dev pkg-config\n");
    /* on a bare Debian, libpq-dev's libraries bring their recommends */
    FIRES("FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install -y libpq-dev\n",
          "FROM debian:bookworm\nCMD [\"app\"]\nRUN apt-get install " NR " -y libpq-dev\n");
}

/* Issue 11, class "df004-php-apache-recommends-in-base": php's apache
 * images hold what its cli and fpm images hold, and apache2: the packages
 * measured to add no recommends there (libzip-dev, libicu-dev...) add none
 * on the apache tags either, and ca-certificates, which the images
 * install, is not added back (measured on a bookworm root built as php's
 * apache Dockerfile does). Tags of releases php's facts were not measured
 * on (buster, stretch) keep supervisor alone. */
static void test_df004_php_apache_recommends_in_base(void **state)
{
    (void)state;
    SILENT("FROM php:7.4-apache\nRUN apt-get update && apt-get install -yqq unzip libzip-dev \\\n"
           "    && docker-php-ext-install zip\nCOPY . /var/www/html\n");
    SILENT("FROM nextcloud:apache\nCMD [\"apache2-foreground\"]\nRUN apt-get install -y libicu-dev supervisor\n");
    FIRES("FROM php:8.2-apache-bookworm\nCMD [\"apache2-foreground\"]\nRUN apt-get install -y git libzip-dev\n",
          "FROM php:8.2-apache-bookworm\nCMD [\"apache2-foreground\"]\nRUN apt-get install " NR " -y git libzip-dev\n");
    /* buster and stretch tags: supervisor's recommends only */
    SILENT("FROM php:7.3-apache-buster\nCMD [\"apache2-foreground\"]\nRUN apt-get install -y supervisor\n");
    FIRES("FROM php:7.3-apache-buster\nCMD [\"apache2-foreground\"]\nRUN apt-get install -y libzip-dev\n",
          "FROM php:7.3-apache-buster\nCMD [\"apache2-foreground\"]\nRUN apt-get install " NR " -y libzip-dev\n");
}

/* Issue 11, class "df004-added-back-on-mongo": the mongo images (Ubuntu,
 * earlier Debian) install ca-certificates, jq, numactl and procps with
 * --no-install-recommends: curl's ca-certificates is not added back, and an
 * install of only those is silent. Nothing else is assumed of the base
 * (no Ubuntu root was measured here). */
static void test_df004_added_back_on_mongo(void **state)
{
    (void)state;
    FIRES("FROM mongo:6.0.1\nRUN apt-get update && apt-get -y install curl\nCMD [\"mongod\"]\n",
          "FROM mongo:6.0.1\nRUN apt-get update && apt-get -y install " NR " curl\nCMD [\"mongod\"]\n");
    SILENT("FROM mongo:7.0\nCMD [\"mongod\"]\nRUN apt-get install -y procps numactl\n");
    FIRES("FROM ubuntu:jammy\nCMD [\"app\"]\nRUN apt-get install -y procps\n",
          "FROM ubuntu:jammy\nCMD [\"app\"]\nRUN apt-get install " NR " -y procps\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deliberately_dirty_baseline),
        cmocka_unit_test(test_flag_after_subcommand),
        cmocka_unit_test(test_exact_finding),
        cmocka_unit_test(test_ca_certificates),
        cmocka_unit_test(test_df004_drops_runtime_recommend),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_config_must_come_first),
        cmocka_unit_test(test_unsafe_packages),
        cmocka_unit_test(test_gcc_keeps_libc_headers),
        cmocka_unit_test(test_deliberate_and_simulated),
        cmocka_unit_test(test_comment_says_recommends_wanted),
        cmocka_unit_test(test_build_only_stage),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_toolchain_image_keeps_recommends),
        cmocka_unit_test(test_removes_recommends_a_later_step_needs),
        cmocka_unit_test(test_interactive_environments),
        cmocka_unit_test(test_workstation_image),
        cmocka_unit_test(test_dialog_dev_image_keeps_recommends),
        cmocka_unit_test(test_add_apt_repository_keeps_gpg_agent),
        cmocka_unit_test(test_cmake_recommends_make),
        cmocka_unit_test(test_drops_a_recommend_the_build_needs),
        cmocka_unit_test(test_valgrind_recommends_libc_dbg),
        cmocka_unit_test(test_ssh_keys_keep_openssh_client),
        cmocka_unit_test(test_development_environment_keeps_recommends),
        cmocka_unit_test(test_smb_recommends_used_at_run_time),
        cmocka_unit_test(test_build_deps_purged_in_same_run),
        cmocka_unit_test(test_recommend_installed_later_before_use),
        cmocka_unit_test(test_pip_vcs_revision_is_not_ssh),
        cmocka_unit_test(test_long_description),
        cmocka_unit_test(test_interactive_tools_keep_recommends),
        cmocka_unit_test(test_ldap_utils_keeps_sasl_modules),
        cmocka_unit_test(test_library_recommend_used_later),
        cmocka_unit_test(test_no_recommends_changes_nothing),
        cmocka_unit_test(test_idle_container_keeps_recommends),
        cmocka_unit_test(test_installs_that_change_nothing),
        cmocka_unit_test(test_added_package_pads_aligned_continuations),
        cmocka_unit_test(test_empty_install),
        cmocka_unit_test(test_package_absent_on_release),
        cmocka_unit_test(test_recommends_already_purged),
        cmocka_unit_test(test_needed_recommend_dropped),
        cmocka_unit_test(test_recommends_already_in_the_base),
        cmocka_unit_test(test_df004_recommends_in_base),
        cmocka_unit_test(test_cross_compiler_keeps_cross_libc),
        cmocka_unit_test(test_krb5_user_keeps_krb5_config),
        cmocka_unit_test(test_added_once_per_run),
        cmocka_unit_test(test_recommends_installed_before),
        cmocka_unit_test(test_zip_recommends_unzip_for_composer),
        cmocka_unit_test(test_apt_key_later_needs_gnupg),
        cmocka_unit_test(test_git_core_alias_adds_ca_certificates),
        cmocka_unit_test(test_install_without_update_after_lists_removed),
        cmocka_unit_test(test_jenkins_git_keeps_ssh_client),
        cmocka_unit_test(test_ci_image_comment_gives_advice),
        cmocka_unit_test(test_needed_recommend_dropped_run10),
        cmocka_unit_test(test_needed_recommend_dropped_libtool),
        cmocka_unit_test(test_selective_flag_in_parent_stage_is_advice),
        cmocka_unit_test(test_rocm_complete_base_curl_noop),
        cmocka_unit_test(test_packages_already_in_base),
        cmocka_unit_test(test_df004_saves_nothing_recommends_in_base),
        cmocka_unit_test(test_recommends_supply_wheel_libs),
        cmocka_unit_test(test_recommends_are_format_delegates),
        cmocka_unit_test(test_needed_recommend_dropped_composer_in_image),
        cmocka_unit_test(test_unsafe_reason_lists_only_dropped),
        cmocka_unit_test(test_toolchain_advice_example),
        cmocka_unit_test(test_onbuild_base_keeps_recommends),
        cmocka_unit_test(test_needed_recommend_behind_variable),
        cmocka_unit_test(test_local_deb_without_recommends),
        cmocka_unit_test(test_drops_vulkan_icd),
        cmocka_unit_test(test_df004_added_package_outlives_autoremove),
        cmocka_unit_test(test_redundant_added_package),
        cmocka_unit_test(test_df004_saves_nothing),
        cmocka_unit_test(test_df004_added_back_on_slim_base),
        cmocka_unit_test(test_df004_saves_nothing_on_haskell),
        cmocka_unit_test(test_df004_php_apache_recommends_in_base),
        cmocka_unit_test(test_df004_added_back_on_mongo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
