/*
 * test_df003.c - DF003 apt-lists-kept through df_run(): where the cleanup
 * goes (style, heredoc, errexit), when the rule stays silent, build-only
 * stages, pragmas, idempotence, exact output.
 */
#define RULE "DF003"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#include "rule_test.h"

#define RM "rm -rf /var/lib/apt/lists/*"
#define REPORTS_N(text, n) expect_u((text), false, (text), (n))

static void test_single_line(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && " RM "\n");
    FIRES("FROM debian\nRUN apt-get update && apt install -y curl\n",
          "FROM debian\nRUN apt-get update && apt install -y curl && " RM "\n");
    /* after the LAST install; the finding is on the first one left uncleaned */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && apt-get install -y b && echo ok\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && apt-get install -y b && echo ok && " RM "\n");
    /* after the whole pipeline, never inside it */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl | tee /log\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl | tee /log && " RM "\n");
    /* no file end newline */
    FIRES("FROM debian\nRUN apt-get install -y curl", "FROM debian\nRUN apt-get install -y curl && " RM);
}

static void test_exact_finding(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN apt-get update && apt-get install -y curl\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message,
                        "apt-get install keeps the package lists in the layer: remove /var/lib/apt/lists in the same RUN");
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->span.start, strstr(in, "apt-get install") - in);
    assert_int_equal(d->span.end, strstr(in, " -y") - in);
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "append `rm -rf /var/lib/apt/lists/*` after the install");
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_multiline_styles(void **state)
{
    (void)state;
    /* && at line ends */
    FIRES("FROM debian\nRUN apt-get update && \\\n    apt-get install -y \\\n      curl \\\n      git\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get install -y \\\n      curl \\\n      git && \\\n    " RM "\n");
    /* && at line starts */
    FIRES("FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && echo ok\n",
          "FROM debian\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && echo ok \\\n  && " RM "\n");
    /* tabs */
    FIRES("FROM debian\nRUN apt-get update && \\\n\tapt-get install -y curl\n",
          "FROM debian\nRUN apt-get update && \\\n\tapt-get install -y curl && \\\n\t" RM "\n");
    /* CRLF */
    FIRES("FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\nCMD [\"bash\"]\r\n",
          "FROM debian\r\nRUN apt-get update && \\\r\n    apt-get install -y curl && \\\r\n    " RM "\r\nCMD [\"bash\"]\r\n");
    FIRES("FROM debian\r\nRUN apt-get install -y curl\r\n", "FROM debian\r\nRUN apt-get install -y curl && " RM "\r\n");
}

static void test_heredoc(void **state)
{
    (void)state;
    /* the last command without errexit: on its line (test_heredoc_masks_failure) */
    FIRES("FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl && " RM "\nEOF\n");
    /* never inside a continued line: after the whole and-or list */
    FIRES("FROM debian\nRUN <<EOF bash -e\napt-get install -y curl \\\n  git && echo hi\necho done\nEOF\n",
          "FROM debian\nRUN <<EOF bash -e\napt-get install -y curl \\\n  git && echo hi\n" RM "\necho done\nEOF\n");
}

static void test_positions(void **state)
{
    (void)state;
    /* ONBUILD */
    FIRES("FROM debian\nONBUILD RUN apt-get install -y curl\n",
          "FROM debian\nONBUILD RUN apt-get install -y curl && " RM "\n");
    /* sudo, env */
    FIRES("FROM debian\nRUN sudo apt-get install -y curl\n", "FROM debian\nRUN sudo apt-get install -y curl && " RM "\n");
    FIRES("FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n",
          "FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl && " RM "\n");
    FIRES("FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n",
          "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl && " RM "\n");
    /* if body: after the fi */
    FIRES("FROM debian\nRUN if [ -n \"$X\" ]; then apt-get install -y curl; fi\n",
          "FROM debian\nRUN if [ -n \"$X\" ]; then apt-get install -y curl; fi && " RM "\n");
    /* loops and subshells: after the construct */
    FIRES("FROM debian\nRUN for p in a b; do apt-get install -y $p; done\n",
          "FROM debian\nRUN for p in a b; do apt-get install -y $p; done && " RM "\n");
    FIRES("FROM debian\nRUN (apt-get install -y curl)\n", "FROM debian\nRUN (apt-get install -y curl) && " RM "\n");
    /* cleanup only inside a branch that ran earlier: the later install still keeps lists */
    FIRES("FROM debian\nRUN apt-get install -y a && rm -rf /var/lib/apt/lists/* && apt-get install -y b\n",
          "FROM debian\nRUN apt-get install -y a && rm -rf /var/lib/apt/lists/* && apt-get install -y b && " RM "\n");
}

static void test_errexit_semicolons(void **state)
{
    (void)state;
    /* `set -e; install && rm; next` would go on after a failed install: join with ; */
    FIRES("FROM debian\nRUN set -e; apt-get update; apt-get install -y curl; echo ok\n",
          "FROM debian\nRUN set -e; apt-get update; apt-get install -y curl; " RM "; echo ok\n");
    FIRES("FROM debian\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl; \\\n    echo ok\n",
          "FROM debian\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl; \\\n    " RM "; \\\n    echo ok\n");
    FIRES("FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN apt-get install -y curl; echo ok\n",
          "FROM debian\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN apt-get install -y curl; " RM "; echo ok\n");
    /* last command of the script, or inside an && chain: && is exact */
    FIRES("FROM debian\nRUN set -e; apt-get update; apt-get install -y curl\n",
          "FROM debian\nRUN set -e; apt-get update; apt-get install -y curl && " RM "\n");
    FIRES("FROM debian\nRUN set -e; apt-get install -y curl && echo ok; echo done\n",
          "FROM debian\nRUN set -e; apt-get install -y curl && echo ok; " RM "; echo done\n");
    /* without errexit a failed install never stopped the script: && is fine */
    FIRES("FROM debian\nRUN apt-get install -y curl; echo ok\n",
          "FROM debian\nRUN apt-get install -y curl && " RM "; echo ok\n");
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -r /var/lib/apt/lists/\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists*\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl; rm -rf /tmp/* /var/lib/apt/lists/*\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n",
        "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
        "FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        "FROM debian\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
        "FROM debian\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get update && apt-get upgrade -y\n",
        "FROM debian\nRUN apt-get remove -y curl\n",
        "FROM debian\nRUN echo apt-get install -y curl\n",
        "FROM debian\nRUN apt-cache policy curl\n",
        "FROM debian\nRUN <<EOF\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

static void test_cleanup_before_does_not_count(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n",
          "FROM debian\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl && " RM "\n");
    FIRES("FROM debian\nRUN apt-get dist-clean && apt-get install -y curl\n",
          "FROM debian\nRUN apt-get dist-clean && apt-get install -y curl && " RM "\n");
    /* a cache mount on another directory does not help */
    FIRES("FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n",
          "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl && " RM "\n");
}

static void test_no_fix(void **state)
{
    (void)state;
    one("FROM debian\nRUN f() { apt-get install -y curl; }; f\n", false, DF_SEV_WARNING, -1, false,
        "(no automatic fix: the last install is inside a shell function)", NULL);
    REPORTS("FROM debian\nRUN f() { apt-get install -y curl; }; f\n");
    one("FROM debian\nRUN apt-get install -y curl & wait\n", false, DF_SEV_WARNING, -1, false,
        "(no automatic fix: the last install runs in the background)", NULL);
}

static void test_build_only_stage(void **state)
{
    (void)state;
    const char *in = "FROM debian AS build\nRUN apt-get install -y gcc\nFROM debian\nCOPY --from=build /x /x\n";
    one(in, false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "(build-only stage: not applied by default)");
    one(in, true, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, NULL);
    REPORTS(in);
    /* the final stage, and a stage it is built FROM, ship */
    FIRES("FROM debian AS base\nRUN apt-get install -y curl\nFROM base\nCMD x\n",
          "FROM debian AS base\nRUN apt-get install -y curl && " RM "\nFROM base\nCMD x\n");
    /* --fix-build-stages */
    df_options o;
    opts_for(&o, false);
    o.fix_build_stages = true;
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_string_equal(res.output.data,
                        "FROM debian AS build\nRUN apt-get install -y gcc && " RM "\nFROM debian\nCOPY --from=build /x /x\n");
    assert_int_equal(res.diags.v[0]->severity, DF_SEV_WARNING);
    df_run_result_release(&res);
}

static void test_pragmas(void **state)
{
    (void)state;
    SILENT("FROM debian\n# dfopt ignore=DF003\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\n# hadolint ignore=DL3009\nRUN apt-get install -y curl\n");
    SILENT("FROM debian\n# dfopt ignore=apt-lists-kept\nRUN apt-get install -y curl\n");
    SILENT("# hadolint global ignore=DL3009\nFROM debian\nRUN apt-get install -y curl\n");
    FIRES("FROM debian\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n",
          "FROM debian\n# hadolint ignore=DL3015\nRUN apt-get install -y curl && " RM "\n");
}

static void test_several_runs(void **state)
{
    (void)state;
    FIRES_N("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN echo hi\nRUN apt-get update && apt-get install -y b\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN echo hi\nRUN apt-get update && apt-get install -y b && " RM "\n",
            2);
}

/* A later RUN that installs without its own update reads the lists this
 * RUN leaves: removing them here would break that RUN ("Unable to locate
 * package"). Found on the corpus (TechEmpower spock, cpoll_cppsp). */
static void test_later_run_uses_the_lists(void **state)
{
    (void)state;
    /* the first RUN is reported, not fixed; the last one reads the lists
     * of the first RUN's layer: removing them there saves nothing
     * (test_no_cleanup_without_own_update), it is left alone */
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n");
    one("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n", false,
        DF_SEV_WARNING, -1, false, "(no automatic fix: a later RUN reads these lists without its own apt-get update)",
        NULL);
    /* also through a stage built FROM this one */
    REPORTS("FROM debian AS base\nRUN apt-get update && apt-get install -y a\n"
            "FROM base\nRUN apt-get install -y b\n");
    /* a later RUN with its own update does not need them */
    FIRES_N("FROM debian\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update && apt-get install -y b\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
            "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n",
            2);
    /* an unrelated stage (not built FROM this one) does not count */
    FIRES_N("FROM debian AS a\nRUN apt-get update && apt-get install -y a\n"
            "FROM debian AS b\nRUN apt-get install -y b\nFROM a\n",
            "FROM debian AS a\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"
            "FROM debian AS b\nRUN apt-get install -y b\nFROM a\n",
            2);
}

/* An install in a RUN that does not update the lists itself reads lists an
 * earlier RUN left in its layer: removing them in this RUN saves nothing
 * (the earlier layer keeps them), and a later step may still install with
 * them (0x90/kali-scripts: `make dev-all`; google/nsscache). The finding
 * belongs to the RUN that updates: advice to install there. */
static void test_no_cleanup_without_own_update(void **state)
{
    (void)state;
    /* kali-scripts: update + dist-upgrade + clean, then an install without update */
    const char *kali = "FROM debian\nRUN set -x \\\n    && apt-get -yqq update \\\n    && apt-get -yqq dist-upgrade \\\n"
                       "    && apt-get clean\nCMD [\"bash\"]\nRUN apt-get -yqq install git make cmake\n"
                       "RUN git clone https://example.org/k /tmp/k\nRUN cd /tmp/k && make dev-all\n";
    REPORTS(kali);
    one(kali, false, DF_SEV_WARNING, -1, false,
        "apt-get update keeps the package lists in the layer, and the RUN at line 7 reads them: install in "
        "this RUN and remove /var/lib/apt/lists at its end (no automatic fix: removing them here would break that RUN)",
        NULL);
    /* nsscache: a lone update RUN, an instruction between (DF005 off here) */
    one("FROM python:3.10\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y slapd\n",
        false, DF_SEV_WARNING, -1, false, "the RUN at line 4 reads them", NULL);
    /* the lists come from a stage this one is built FROM */
    one("FROM debian AS base\nRUN apt-get update\nFROM base\nRUN apt-get install -y b\n", false, DF_SEV_WARNING, -1,
        false, "a RUN of a stage built on this one reads them", NULL);
    /* an update that an install of the same RUN follows, over the lists
     * the lone update RUN keeps (`install -y a` reads them; DF005, which
     * would join the two, is off here): the update rewrites only what
     * changed, so no fix, information (test_lists_kept_by_other_layers) */
    REPORTS_N("FROM debian\nRUN apt-get update\nRUN apt-get install -y a && apt-get update && apt-get install -y b\n", 2);
    /* apt 3's install --update refreshes the lists itself: fixed when no
     * earlier layer keeps lists; over the lone update RUN's, information */
    FIRES("FROM debian\nRUN apt-get install --update -y b\n",
          "FROM debian\nRUN apt-get install --update -y b && " RM "\n");
    one("FROM debian\nRUN apt-get update\nRUN apt-get install --update -y b\n", false, DF_SEV_INFO, -1, false,
        "the RUN at line 2 keeps the package lists", NULL);
    /* the update RUN cleans: nothing kept there; the install is not fixed either */
    SILENT("FROM debian\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y b\n");
    /* no update anywhere in the file: the lists are this RUN's own (a setup
     * script piped to a shell updates them): fixed as before */
    FIRES("FROM debian\nRUN curl -sL https://deb.example.org/setup | bash - && apt-get install -y nodejs\n",
          "FROM debian\nRUN curl -sL https://deb.example.org/setup | bash - && apt-get install -y nodejs && " RM "\n");
    /* an update RUN with no later install keeps nothing anyone reads: silent */
    SILENT("FROM debian\nRUN apt-get update && apt-get upgrade -y\nRUN echo hi\n");
    /* an ONBUILD install reads the lists of the image it is built on */
    SILENT("FROM debian\nRUN apt-get update && apt-get upgrade -y\nONBUILD RUN apt-get install -y b\n");
}

/* Run 6 class "DF003 removes lists that later apt-cache madison / apt list
 * read" (chrisguest75 09_kaniko): a later query of the lists prints the
 * versions they hold; without them it prints nothing. Such a RUN reads the
 * lists like a later install does (apt's index_readers and
 * index_reader_commands in data/package-managers.json). */
static void test_later_apt_cache_query_reads_the_lists(void **state)
{
    (void)state;
    const char *kaniko = "FROM ubuntu:16.04\nRUN apt-get update && apt-cache madison curl && apt-get install -y curl\n\n"
                         "RUN apt-cache madison bash curl\n\nRUN apt list --installed bash curl -a\n";
    REPORTS(kaniko);
    one(kaniko, false, DF_SEV_WARNING, -1, false,
        "(no automatic fix: a later RUN reads these lists without its own apt-get update)", NULL);
    /* each query alone keeps the lists */
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-cache policy a\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt list --all-versions a\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt show a | grep Version\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN sudo /usr/bin/apt-cache show a\n");
    /* a query before the later RUN's own update reads the old lists */
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-cache policy a && apt-get update\n");
    /* a later RUN that updates before its query reads its own lists: the
     * fix applies (that RUN removes its lists too; one that keeps them
     * would get them all again: test_lists_rm_before_reupdate) */
    FIRES_N("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-cache policy a && " RM "\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN apt-get update && apt-cache policy a && " RM "\n", 1);
    /* an apt subcommand that reads no lists (apt-mark, apt clean) does not count */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-mark hold a && apt-get clean\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN apt-mark hold a && apt-get clean\n");
    /* the lone update RUN's advice names the query */
    one("FROM debian\nRUN apt-get update\nRUN apt-cache madison curl\n", false, DF_SEV_WARNING, -1, false,
        "the RUN at line 3 reads them", NULL);
}

/* The later-reader walk (pm.c users_pred) passes commands whose name is no
 * first word of apt's index_reader_commands without looking them up: the
 * strings of two words ("mk-build-deps -i", here in a cluster), and a
 * quoted name holding a space that equals one of them whole, still count. */
static void test_later_reader_names(void **state)
{
    (void)state;
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN mk-build-deps -ir debian/control\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN \"opam install\" dune\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN /usr/bin/apt-cache policy a\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN opam init -y\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN opam init -y\n");
}

/* a script later in the chain may still install: the cleanup goes after it;
 * find ... -delete is the author's cleanup */
static void test_adds_cleanup_where_author_cleans(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    /scripts/install-mariadb.sh && \\\n    /scripts/install-darktable.sh\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    /scripts/install-mariadb.sh && \\\n    /scripts/install-darktable.sh && \\\n    " RM "\n");
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a && find /var/lib/apt/lists -type f -delete\n");
    /* the author's cleanup script */
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a && \\\n    /scripts/cleanup.sh\n");
    /* ... but before trailing shell settings */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && apt-get -y autoremove && export G=1 && set -e; echo x\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && apt-get -y autoremove && " RM " && export G=1 && set -e; echo x\n");
    SILENT("FROM debian\nRUN apt-get update && apt-get install -y a && find /var/lib/apt/lists -mindepth 1 -exec rm -rf {} +\n");
}

/* Run 6 class "style: a cleanup appended after `fi` indented as if inside
 * the `else`" (pytorch/serve rocm): the cleanup joins the top-level chain,
 * so it takes the indentation of the line where that command starts, not
 * the deeper one of the lines inside the `if`. */
static void test_cleanup_after_fi_at_the_chain_indent(void **state)
{
    (void)state;
    FIRES("FROM ubuntu\nRUN --mount=type=cache,target=/var/cache/apt \\\n    if [ -n \"$V\" ]; then \\\n"
          "        apt-get update \\\n        && apt-get install -y x; \\\n    else \\\n        echo skip; \\\n    fi\n",
          "FROM ubuntu\nRUN --mount=type=cache,target=/var/cache/apt \\\n    if [ -n \"$V\" ]; then \\\n"
          "        apt-get update \\\n        && apt-get install -y x; \\\n    else \\\n        echo skip; \\\n    fi \\\n"
          "    && " RM "\n");
    /* operators at line ends: the same level */
    FIRES("FROM ubuntu\nRUN echo start && \\\n  if true; then \\\n      apt-get update && \\\n"
          "      apt-get install -y x; \\\n  fi\n",
          "FROM ubuntu\nRUN echo start && \\\n  if true; then \\\n      apt-get update && \\\n"
          "      apt-get install -y x; \\\n  fi && \\\n  " RM "\n");
    /* an argument line at column 0 does not pull the cleanup there */
    FIRES("FROM debian\nRUN apt-get update && \\\n    apt-get install \\\n        curl \\\n-y\n",
          "FROM debian\nRUN apt-get update && \\\n    apt-get install \\\n        curl \\\n-y && \\\n    " RM "\n");
}

/* Run 6 class "a second rm beside the author's mistyped rm -rf
 * /var/list/apt/lists/\*" (mozilla/mig's vendored aws-sdk-go sandboxes):
 * the forced rm of a path two letters off the lists folder is the author's
 * cleanup with a typo. It removes nothing (the path does not exist, -f
 * hides it); corrected in place it removes the lists, as the appended rm
 * did, in the author's own command. */
static void test_mistyped_lists_path_corrected_in_place(void **state)
{
    (void)state;
    const char *mig = "FROM golang:1.8\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n"
                      "\t\tvim \\\n\t&& rm -rf /var/list/apt/lists/*\n";
    FIRES(mig, "FROM golang:1.8\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n"
               "\t\tvim \\\n\t&& rm -rf /var/lib/apt/lists/*\n");
    one(mig, false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "apt-get install keeps the package lists in the layer: the RUN removes /var/list/apt/lists/*, a misspelling "
        "of /var/lib/apt/lists that removes nothing",
        "correct the path to /var/lib/apt/lists/*");
    /* other near misses, and the trailing form kept */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -fr /var/lib/apt/list\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -fr /var/lib/apt/lists\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lits/\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/\n");
    /* not a typo of the lists: the cleanup is appended */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/cache/apt/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/cache/apt/* && " RM "\n");
    /* without -f a missing path fails the RUN: not the author's working cleanup */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -r /var/lib/apt/list\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -r /var/lib/apt/list && " RM "\n");
    /* a removal before the install is not its cleanup */
    FIRES("FROM debian\nRUN rm -rf /var/lib/apt/list && apt-get update && apt-get install -y a\n",
          "FROM debian\nRUN rm -rf /var/lib/apt/list && apt-get update && apt-get install -y a && " RM "\n");
    /* a later RUN reads the lists: reported, nothing corrected */
    one("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/list/apt/lists/*\nRUN apt-get install -y b\n",
        false, DF_SEV_WARNING, -1, false, "a misspelling of /var/lib/apt/lists that removes nothing (no automatic fix", NULL);
}

/* review of 2026-12-04 (paperless-ngx .devcontainer, portainer dev-toolkit):
 * an image people work in (a devcontainer base or folder, dialog
 * installed...: the same test as DF004's) keeps its lists on purpose, so
 * that apt-get install works inside it: advice, nothing applied. */
static void test_environment_keeps_its_lists(void **state)
{
    (void)state;
    REPORTS("FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN apt-get update && apt-get install -y curl\n");
    REPORTS("FROM debian\nRUN apt-get update && apt-get install -y dialog apt-utils curl\n");
    one("FROM debian\nRUN apt-get update && apt-get install -y dialog\n", false, DF_SEV_WARNING, DF_APPLY_DISPLAY, false,
        "an image people work in", "people install packages in this environment");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && " RM "\n");
}

/* Review pre8 class "lists kept by other layers, so the removal saves
 * nothing": a removal saves bytes only for the lists its own RUN wrote.
 * An install with no update on a base image that may ship lists
 * (TechEmpower OCaml/dream on ocaml/opam) reads the base image's; an update
 * over lists an earlier layer keeps rewrites only what changed (legios89
 * nodejs after a nodesource setup RUN, molch protobuf jenkins after RUNs
 * whose lists later RUNs read). */
static void test_lists_kept_by_other_layers(void **state)
{
    (void)state;
    /* stays silent: the base image's lists */
    SILENT("FROM ocaml/opam:debian-ocaml-5.1\nUSER root\nRUN apt install -y libgmp-dev\n"
           "RUN opam install --yes --deps-only .\n");
    SILENT("FROM example.org/base\nRUN apt-get install -y curl\n");
    /* fires: an official image ships no lists, so the RUN wrote them (the
     * file builds only so); a setup script before the install may update */
    FIRES("FROM debian\nRUN apt-get install -y curl\n", "FROM debian\nRUN apt-get install -y curl && " RM "\n");
    FIRES("FROM example.org/base\nRUN ./setup.sh && apt-get install -y curl\n",
          "FROM example.org/base\nRUN ./setup.sh && apt-get install -y curl && " RM "\n");
    /* apt 3's -U in a cluster refreshes: the RUN's own lists */
    FIRES("FROM example.org/base\nRUN apt-get install -qqUy curl\n",
          "FROM example.org/base\nRUN apt-get install -qqUy curl && " RM "\n");
    /* a nodesource setup script runs apt-get update and keeps the lists:
     * the later update lies on them; information, no fix */
    const char *node = "FROM example.org/base\nRUN curl -sL https://deb.nodesource.com/setup_4.x | bash -\n"
                       "RUN apt-get update && apt-get install -y nodejs\n";
    REPORTS(node);
    one(node, false, DF_SEV_INFO, -1, false,
        "apt-get install: the RUN at line 2 keeps the package lists in its layer, and this RUN's update rewrites only "
        "what changed, so removing them here would save next to nothing: remove them where they are written",
        NULL);
    /* an earlier RUN keeps its lists for a later reader: the late update
     * RUN gets information, the keeper its own advice */
    REPORTS_N("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n"
              "RUN apt-get update && apt-get install -y c\n",
              2);
    /* an update and upgrade RUN keeps them too */
    one("FROM debian\nRUN apt-get update && apt-get upgrade -y\nRUN apt-get update && apt-get install -y c\n", false,
        DF_SEV_INFO, -1, false, "the RUN at line 2 keeps the package lists", NULL);
    /* the earlier layer is fixed in the same pass: both RUNs are fixed */
    FIRES_N("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\n"
            "RUN apt-get update && apt-get install -y b && " RM "\n",
            2);
    /* in the first round already: the earlier RUN's fix applies, so it
     * keeps nothing, and the later one is fixed too (not information) */
    {
        df_run_result res;
        run_text(&res, "FROM debian\nRUN apt-get update && apt-get install -y a\n"
                       "RUN apt-get update && apt-get install -y b\n", false);
        size_t n0 = 0;
        for (size_t i = 0; i < res.diags.n; i++)
            if (res.diags.v[i]->round == 0) {
                n0++;
                assert_int_equal(res.diags.v[i]->severity, DF_SEV_WARNING);
                assert_true(res.diags.v[i]->applied);
            }
        assert_int_equal(n0, 2);
        df_run_result_release(&res);
    }
    /* the keeper is in the stage this one is built on */
    one("FROM debian AS base\nRUN apt-get update && apt-get upgrade -y\nFROM base\n"
        "RUN apt-get update && apt-get install -y c\n",
        false, DF_SEV_INFO, -1, false, "a stage this one is built on keeps the package lists", NULL);
}

/* opam installs missing system packages (depexts) with the apt lists as
 * they are (ocaml/opam#4557): a later `opam install` reads them. */
static void test_opam_install_reads_the_lists(void **state)
{
    (void)state;
    one("FROM debian\nRUN apt-get update && apt-get install -y opam\nRUN opam install --yes dune\n", false,
        DF_SEV_WARNING, -1, false, "(no automatic fix: a later RUN reads these lists without its own apt-get update)",
        NULL);
    /* other opam commands read no apt lists */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y opam\nRUN opam init -y\n",
          "FROM debian\nRUN apt-get update && apt-get install -y opam && " RM "\nRUN opam init -y\n");
}

/* Review run 10 class "lists-needed-later" (3Hren/blackhole): a later
 * `mk-build-deps -ir -t "apt-get ..."` installs the build dependencies
 * through apt-get with the lists as they are. */
static void test_mk_build_deps_reads_lists(void **state)
{
    (void)state;
    const char *const readers[] = {
        "RUN mk-build-deps -ir -t \"apt-get -qq --no-install-recommends\"\n",
        "RUN DEBIAN_FRONTEND=noninteractive mk-build-deps --install debian/control\n",
        "RUN cd /b && mk-build-deps --remove -i\n",
        "RUN mk-build-deps -ri debian/control\n",
    };
    for (size_t i = 0; i < sizeof readers / sizeof *readers; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "FROM debian\nRUN apt-get update && apt-get install -y devscripts equivs\n%s",
                 readers[i]);
        one(buf, false, DF_SEV_WARNING, -1, false,
            "(no automatic fix: a later RUN reads these lists without its own apt-get update)", NULL);
    }
    /* building the package without installing it reads no lists */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y equivs\nRUN mk-build-deps debian/control\n",
          "FROM debian\nRUN apt-get update && apt-get install -y equivs && " RM "\nRUN mk-build-deps debian/control\n");
}

/* Review run 10 class "lists-rm-before-reupdate" (TechEmpower SWI-Prolog
 * and codeigniter, mozilla/api.webmaker.org): the rm in a RUN before one
 * that updates again and keeps the lists (add-apt-repository, which runs
 * apt update itself from Ubuntu 18.04; a NodeSource setup script; an
 * update whose lists a later RUN reads) only moves them into that layer:
 * its update starts from none. No fix, a reason naming that RUN. */
static void test_lists_rm_before_reupdate(void **state)
{
    (void)state;
    const char *why = "(no automatic fix: the RUN at line 3 fetches the lists again and keeps them";
    const char *later[] = {
        "RUN apt-add-repository ppa:swi-prolog/stable -y\n",
        "RUN add-apt-repository -y ppa:ondrej/php && apt-get update\n",
        "RUN curl -sL https://deb.nodesource.com/setup_0.12 | bash -\n",
    };
    for (size_t i = 0; i < sizeof later / sizeof *later; i++) {
        char buf[300];
        snprintf(buf, sizeof buf, "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y software-properties-common\n%s",
                 later[i]);
        one(buf, false, DF_SEV_WARNING, -1, false, why, NULL);
    }
    /* add-apt-repository -n (or --no-update) adds the source only */
    const char *no_update[] = {
        "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y software-properties-common\n"
        "RUN add-apt-repository -yn ppa:x/y\n",
        "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y software-properties-common\n"
        "RUN add-apt-repository --no-update ppa:x/y\n",
        /* on xenial it never updates; where the release is not known it
         * is not counted */
        "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y software-properties-common\n"
        "RUN add-apt-repository ppa:x/y\n",
        "FROM myorg/base\nRUN apt-get update && apt-get install -y software-properties-common\n"
        "RUN add-apt-repository ppa:x/y\n",
    };
    for (size_t i = 0; i < sizeof no_update / sizeof *no_update; i++)
        one(no_update[i], false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, NULL);
    /* the later RUN removes its lists: nothing stays, the rm here saves */
    FIRES("FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y a\n"
          "RUN add-apt-repository ppa:x/y && apt-get update && apt-get install -y b && " RM "\n",
          "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y a && " RM "\n"
          "RUN add-apt-repository ppa:x/y && apt-get update && apt-get install -y b && " RM "\n");
    /* a keeper in another stage does not count */
    FIRES("FROM ubuntu:20.04 AS tools\nRUN add-apt-repository ppa:x/y\n"
          "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y a\n",
          "FROM ubuntu:20.04 AS tools\nRUN add-apt-repository ppa:x/y\n"
          "FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y a && " RM "\n");
}

/* Review pre8 class "doubled cleanup" (8go/matrix-eno-bot, apache/marmotta):
 * the author removes the lists in a later RUN, where that saves nothing.
 * The fix moves the removal into the install RUN and takes it out of the
 * later RUN, whose other commands and style stay. */
static void test_doubled_cleanup(void **state)
{
    (void)state;
    /* fires: && at line ends, the rm last */
    FIRES("FROM python:3.7-slim\nRUN apt update && \\\n    apt install -y \\\n        wget\n\nWORKDIR /bot\n"
          "RUN pip install -r requirements.txt\n\n# clean up apt cache\nRUN apt purge -y wget && \\\n"
          "    apt autoremove -y && apt clean && \\\n    rm -rf /var/lib/apt/lists/*\n",
          "FROM python:3.7-slim\nRUN apt update && \\\n    apt install -y \\\n        wget && \\\n    " RM "\n\n"
          "WORKDIR /bot\nRUN pip install -r requirements.txt\n\n# clean up apt cache\nRUN apt purge -y wget && \\\n"
          "    apt autoremove -y && apt clean\n");
    /* && at line starts, the rm in the middle */
    FIRES("FROM debian:stretch\nRUN apt-get update \\\n    && apt-get install -y git\nRUN make\n"
          "RUN apt-get -y clean \\\n    && rm -rf /var/lib/apt/lists/* \\\n    && rm -rf /src\n",
          "FROM debian:stretch\nRUN apt-get update \\\n    && apt-get install -y git \\\n    && " RM "\nRUN make\n"
          "RUN apt-get -y clean \\\n    && rm -rf /src\n");
    /* the rm first */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y git\nRUN rm -rf /var/lib/apt/lists/* && rm -rf /src\n",
          "FROM debian\nRUN apt-get update && apt-get install -y git && " RM "\nRUN rm -rf /src\n");
    /* exact finding */
    one("FROM debian\nRUN apt-get update && apt-get install -y git\nRUN echo hi\nRUN apt-get clean && rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "apt-get install keeps the package lists in the layer: remove /var/lib/apt/lists in the same RUN (the rm at "
        "line 4, in a later layer, saves nothing: it moves here)",
        "append `rm -rf /var/lib/apt/lists/*` after the install and drop it from the RUN at line 4");
    /* stays: another RUN between writes the lists again */
    FIRES_N("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n"
            "RUN apt-get clean && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\n"
            "RUN apt-get update && apt-get install -y b && " RM "\n"
            "RUN apt-get clean\n",
            2);
    /* a setup script between runs apt-get update and keeps its lists: the
     * rm stays, and the one in the first RUN would only move the lists
     * into the script's layer (test_lists_rm_before_reupdate) */
    one("FROM debian\nRUN apt-get update && apt-get install -y a\n"
        "RUN curl -sL https://deb.nodesource.com/setup_18.x | bash -\n"
        "RUN apt-get clean && rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_WARNING, -1, false, "(no automatic fix: the RUN at line 3 fetches the lists again", NULL);
    /* stays: a base image that may ship lists (the rm hides them) */
    FIRES("FROM example.org/base\nRUN apt-get update && apt-get install -y a\nRUN apt-get clean && rm -rf /var/lib/apt/lists/*\n",
          "FROM example.org/base\nRUN apt-get update && apt-get install -y a && " RM "\n"
          "RUN apt-get clean && rm -rf /var/lib/apt/lists/*\n");
    /* stays: an earlier layer keeps lists (a lone update, DF005 off) */
    const char *kept = "FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n"
                       "RUN apt-get clean && rm -rf /var/lib/apt/lists/*\n";
    REPORTS(kept);
    /* the rm removes other paths too: only the lists go from it
     * (test_doubled_cleanup_shapes); stays: conditional, or joins with ; */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN rm -rf /var/lib/apt/lists/* /tmp/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN rm -rf /tmp/*\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get clean; rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN apt-get clean; rm -rf /var/lib/apt/lists/*\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\n"
          "RUN if [ -d /x ]; then rm -rf /var/lib/apt/lists/*; fi && echo ok\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\n"
          "RUN if [ -d /x ]; then rm -rf /var/lib/apt/lists/*; fi && echo ok\n");
    /* stays: the rm first, with || after it (the command after it never ran) */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN rm -rf /var/lib/apt/lists/* || echo no\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN rm -rf /var/lib/apt/lists/* || echo no\n");
    /* stays: a comment line inside the span */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nRUN apt-get clean && \\\n# lists\n"
          "    rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nRUN apt-get clean && \\\n# lists\n"
          "    rm -rf /var/lib/apt/lists/*\n");
    /* a RUN that is only the rm is DF011's to join (not enabled here): left */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a\nCOPY . /a\nRUN rm -rf /var/lib/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\nCOPY . /a\nRUN rm -rf /var/lib/apt/lists/*\n");
}

/* Review pre9 class "heredoc-masks-failure" (docker/awesome-compose
 * react-express-mysql): a heredoc script without errexit has the status
 * of its last command (moby/buildkit#2722). A new last line `rm ...`
 * would let a failed install pass: the rm joins the install's line with
 * &&. With errexit, or when a command still follows, a new line. */
static void test_heredoc_masks_failure(void **state)
{
    (void)state;
    FIRES("FROM node:lts\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git\nEOF\n",
          "FROM node:lts\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git && " RM
          "\nEOF\n");
    /* the whole and-or list, continued over lines */
    FIRES("FROM debian\nRUN <<EOF\napt-get update\napt-get install -y a \\\n  b || true\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y a \\\n  b || true && " RM "\nEOF\n");
    /* errexit: set -e, the shell's -e on the RUN line, a #! -e line */
    FIRES("FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y git\nEOF\n",
          "FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y git\n" RM "\nEOF\n");
    FIRES("FROM debian\nRUN <<EOF sh -ex\napt-get update\napt-get install -y git\nEOF\n",
          "FROM debian\nRUN <<EOF sh -ex\napt-get update\napt-get install -y git\n" RM "\nEOF\n");
    FIRES("FROM debian\nRUN <<EOF\n#!/bin/bash -e\napt-get update\napt-get install -y git\nEOF\n",
          "FROM debian\nRUN <<EOF\n#!/bin/bash -e\napt-get update\napt-get install -y git\n" RM "\nEOF\n");
    /* a command follows: the RUN's status stays that command's */
    FIRES("FROM debian\nRUN <<EOF\napt-get update\napt-get install -y git\necho done\nEOF\n",
          "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y git\n" RM "\necho done\nEOF\n");
}

/* Review pre9 class "lists-refetched-by-later-step" (mozilla/bigquery-etl):
 * `playwright install --with-deps` (and `playwright install-deps`) runs
 * apt-get update and install itself (apt's "index_writer_command_patterns"):
 * its RUN writes the lists, and the cleanup goes after it; the earlier
 * install RUN keeps its own fix. */
static void test_lists_refetched_by_later_step(void **state)
{
    (void)state;
    FIRES_N("FROM python:3.11-slim\nRUN apt-get update -qqy && apt-get install -qqy git\nCOPY . .\n"
            "RUN pip install . \\\n  && python -m playwright install --with-deps firefox\n",
            "FROM python:3.11-slim\nRUN apt-get update -qqy && apt-get install -qqy git && " RM "\nCOPY . .\n"
            "RUN pip install . \\\n  && python -m playwright install --with-deps firefox \\\n  && " RM "\n",
            2);
    one("FROM node:20\nRUN npm ci && npx playwright install-deps && npx playwright install firefox\n", false,
        DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "`npx playwright install-deps` runs apt-get update and install, and keeps the package lists in the layer",
        "append `rm -rf /var/lib/apt/lists/*` after the command");
    FIRES("FROM node:20\nRUN npm ci && npx playwright install-deps && npx playwright install firefox\n",
          "FROM node:20\nRUN npm ci && npx playwright install-deps && npx playwright install firefox && " RM "\n");
    /* after an apt install of the same RUN: one cleanup, after the last writer */
    FIRES("FROM node:20\nRUN apt-get update && apt-get install -y git; pnpm playwright install chromium --with-deps\n",
          "FROM node:20\nRUN apt-get update && apt-get install -y git; pnpm playwright install chromium --with-deps && "
          RM "\n");
    /* silent: the author removes them after it; no --with-deps installs no package */
    SILENT("FROM node:20\nRUN npx playwright install --with-deps && rm -rf /var/lib/apt/lists/*\n");
    SILENT("FROM node:20\nRUN npx playwright install firefox\n");
    /* a later RUN reads the lists it wrote: no fix */
    REPORTS("FROM node:20\nRUN npx playwright install --with-deps\nRUN apt-get install -y git\n");
}

/* Review pre9 class "doubled-cleanup", shapes the first move missed:
 * the author's later rm of the lists beside other paths (buildkite/rails-
 * docker-parallel-example: only the lists operand goes), and a brace form
 * that /bin/sh leaves literal (101t/jasmin-web-panel: that rm removed
 * nothing, and goes). Under a SHELL that may expand braces: left. */
static void test_doubled_cleanup_shapes(void **state)
{
    (void)state;
    FIRES("FROM ruby:3\nRUN apt-get update \\\n  && apt-get install -y nodejs\nCOPY . /app/\n# Clean up\n"
          "RUN apt-get clean \\\n    && rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*\n",
          "FROM ruby:3\nRUN apt-get update \\\n  && apt-get install -y nodejs \\\n  && " RM "\nCOPY . /app/\n# Clean up\n"
          "RUN apt-get clean \\\n    && rm -rf /tmp/* /var/tmp/*\n");
    one("FROM ruby:3\nRUN apt-get update && apt-get install -y nodejs\nRUN rm -rf /tmp/* /var/lib/apt/lists/*\n", false,
        DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "(the rm at line 3 removes them in a later layer, which saves nothing: the removal moves here)",
        "and drop the lists from the rm of the RUN at line 3");
    FIRES("FROM ruby:3\nRUN apt-get update && apt-get install -y nodejs\nRUN rm -rf /tmp/* \\\n    /var/lib/apt/lists/*\n",
          "FROM ruby:3\nRUN apt-get update && apt-get install -y nodejs && " RM "\nRUN rm -rf /tmp/*\n");
    /* the brace form: literal for /bin/sh */
    FIRES("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\n\n"
          "RUN apt-get clean autoclean && \\\n    apt-get autoremove -y && \\\n    rm -rf /var/lib/{apt,dpkg,cache,log}/\n",
          "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc && " RM "\n\n"
          "RUN apt-get clean autoclean && \\\n    apt-get autoremove -y\n");
    one("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\nRUN apt-get clean && rm -rf /var/lib/{apt,dpkg}/\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "(the rm at line 3 removes nothing: /bin/sh does not expand the braces of `/var/lib/{apt,dpkg}/`, a literal "
        "path that does not exist)",
        "and drop that rm from the RUN at line 3");
    /* left: bash expands the braces (the rm removes /var/lib/dpkg too);
     * braces that name no lists; two lists operands beside others */
    FIRES("FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN apt-get update && apt-get install -y gcc\n"
          "RUN apt-get clean && rm -rf /var/lib/{apt,dpkg}/\n",
          "FROM python:3.12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN apt-get update && apt-get install -y gcc && " RM "\n"
          "RUN apt-get clean && rm -rf /var/lib/{apt,dpkg}/\n");
    FIRES("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\nRUN apt-get clean && rm -rf /var/{log,tmp}/\n",
          "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc && " RM "\n"
          "RUN apt-get clean && rm -rf /var/{log,tmp}/\n");
    FIRES("FROM ruby:3\nRUN apt-get update && apt-get install -y a\nRUN rm -rf /var/lib/apt/lists /var/lib/apt/lists/* /tmp/*\n",
          "FROM ruby:3\nRUN apt-get update && apt-get install -y a && " RM "\n"
          "RUN rm -rf /var/lib/apt/lists /var/lib/apt/lists/* /tmp/*\n");
}

/* Review pre9 (5e-bits/5e-database): `rm -rf /var/apt/lists/\*`, the lists
 * folder without its `lib` part, is the author's cleanup with a typo: it
 * removes nothing. The finding names it (here without a fix: a later RUN
 * reads the lists); alone, the path is corrected in place. /var/lib/apt
 * itself (without `lists`) is no typo. */
static void test_mistyped_lists_path_missing_part(void **state)
{
    (void)state;
    one("FROM mongo:8\nRUN apt-get update \\\n  && apt-get -y install curl \\\n  && apt-get clean \\\n"
        "  && rm -rf /var/apt/lists/*\nRUN apt-get install -y nodejs\n",
        false, DF_SEV_WARNING, -1, false,
        "the RUN removes /var/apt/lists/*, a misspelling of /var/lib/apt/lists that removes nothing (no automatic fix",
        NULL);
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/apt/lists/*\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/lists\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists\n");
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/foo\n",
          "FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/foo && " RM "\n");
}

/* Run DF003 with other rules on (ids, NULL-terminated); every round's
 * findings are kept. */
static void run_with(df_run_result *res, const char *text, const char *const *also)
{
    df_options o;
    opts_for(&o, false);
    for (size_t k = 0; also[k]; k++)
        for (size_t i = 0; i < df_nrules; i++)
            if (strcmp(df_rules[i]->id, also[k]) == 0)
                o.enabled[i] = true;
    int rc = df_run("Dockerfile", text, strlen(text), &o, NULL, res);
    assert_int_equal(res->status, DF_RUN_OK);
    assert_int_equal(rc, 0);
}

static void expect_output(const df_run_result *res, const char *want)
{
    if (res->output.len != strlen(want) || memcmp(res->output.data, want, res->output.len) != 0)
        fail_msg("output:\n%.*s\nwant:\n%s", (int)res->output.len, res->output.data, want);
}

/* Review pre9 class "lists-kept-by-earlier-layers" (turnermike/laravel-
 * docker-bootstrap): a lone update RUN that DF005 only reports (an
 * instruction stands between it and the install) keeps its lists. When
 * DF005 joins a later lone update with its install, the DF003 of the next
 * round must see that keeper too: no rm (its information is not kept:
 * a later round keeps only applied fixes). */
static void test_lists_kept_by_earlier_layers_second_round(void **state)
{
    (void)state;
    static const char *const df005[] = {"DF005", NULL};
    df_run_result res;
    run_with(&res,
             "FROM debian\nRUN apt-get update\nRUN apt-get upgrade -y\nRUN apt-get install -y a\nRUN make\n"
             "RUN apt-get update\nRUN apt-get install -y b\n",
             df005);
    expect_output(&res, "FROM debian\nRUN apt-get update\nRUN apt-get upgrade -y\nRUN apt-get install -y a\n"
                        "RUN make\nRUN apt-get update && apt-get install -y b\n");
    /* the next round's information is not kept (no fix applied) */
    for (size_t i = 0; i < res.diags.n; i++)
        assert_string_not_equal(res.diags.v[i]->rule->id, "DF003");
    df_run_result_release(&res);
    /* DF005 joins the lone update: nothing keeps lists, and the joined
     * RUN is cleaned in the next round */
    run_with(&res, "FROM debian\nRUN apt-get update\nRUN apt-get install -y a\n", df005);
    expect_output(&res, "FROM debian\nRUN apt-get update && apt-get install -y a && " RM "\n");
    df_run_result_release(&res);
}

/* Issue 11 class "deliberately dirty baseline" (chrisguest75/docker_examples
 * 31_structure_tests: `#&& apt-get clean \\` and `#&& rm -rf
 * /var/lib/apt/lists/\*` right below the RUN, an uncleaned baseline compared
 * with a "cleaner" sibling): a cleanup the author wrote and commented out,
 * below the RUN or inside its continuation, is a choice. DF003 reports,
 * without a fix, and says why (passes/comments.c, apt "commented_cleanup"). */
static void test_deliberately_dirty_baseline(void **state)
{
    (void)state;
    const char *below = "FROM ubuntu:16.04\nRUN apt update && apt install curl -y\n"
                        "        #&& apt-get clean \\\n        #&& rm -rf /var/lib/apt/lists/*\n\nCMD [\"curl\"]\n";
    REPORTS(below);
    one(below, false, DF_SEV_WARNING, -1, false,
        "apt install keeps the package lists in the layer: remove /var/lib/apt/lists in the same RUN (no automatic fix: the cleanup of this RUN is written and commented out: the author keeps the layer "
        "uncleaned on purpose)",
        NULL);
    /* inside the continuation */
    REPORTS("FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y curl \\\n#    && rm -rf /var/lib/apt/lists/*\n"
            "    && echo done\n");
    /* a comment about something else, or one after a blank line: fixed as usual */
    const char *other = "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y curl\n# curl for the health check\n";
    const char *apart = "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y curl\n\n# && apt-get clean\n";
    df_run_result res;
    run_text(&res, other, false);
    assert_true(res.changed);
    df_run_result_release(&res);
    run_text(&res, apart, false);
    assert_true(res.changed);
    df_run_result_release(&res);
}

/* Review run10, apps 294 (nc-lex/sample-rails-docker): the rm went before
 * the author's trailing comment, and pushed comments the author keeps in
 * one column (column 81) out of it. It now takes the place of padding
 * spaces; with too few, the fix is shown, not applied. */
static void test_breaks_aligned_comments(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update -qq && apt-get install -y git                                # git\n",
          "FROM debian\nRUN apt-get update -qq && apt-get install -y git && " RM " # git\n");
    /* more spaces than the rm: the comment keeps its column, the rest stay */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y git                                  # git\n",
          "FROM debian\nRUN apt-get update && apt-get install -y git && " RM "   # git\n");
    /* too few spaces: shown, not applied */
    one("FROM debian\nRUN apt-get update -qq && apt-get install -y mysql-client libmysqlclient-dev    # mysql2\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "out of its column 81");
    /* exactly as many spaces as the rm: it would touch the comment */
    one("FROM debian\nRUN apt-get update && apt-get install -y git                               # git\n", false,
        DF_SEV_WARNING, DF_APPLY_DISPLAY, false, NULL, "out of its column");
    /* one space before the comment is no column: the comment moves */
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y vim # editor\n",
          "FROM debian\nRUN apt-get update && apt-get install -y vim && " RM " # editor\n");
}

/* Review run10 F 367, class "deliberate-bad-example"
 * (dockle_demo_keeps_finding): chrisguest75/docker_examples' 22_dockle
 * folder exists to show dockle reporting DKL-DI-0005 "Clear apt-get
 * caches" on `apt-get update && apt-get install curl -y`; cleaning the
 * lists removes what it demonstrates. A path that names a Dockerfile
 * linter (apt "linter_demo_paths") gets the finding without a fix, saying
 * why; another path, the fix. */
static void test_dockle_demo_keeps_finding(void **state)
{
    (void)state;
    df_options o;
    opts_for(&o, false);
    const char *in = "FROM ubuntu:16.04\n\nRUN apt-get update && apt-get install curl -y\n";
    df_run_result res;
    assert_int_equal(df_run("docker_examples/22_dockle/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_false(res.changed);
    const df_diag *d = NULL;
    for (size_t i = 0; i < res.diags.n; i++)
        if (strcmp(res.diags.v[i]->rule->id, "DF003") == 0)
            d = res.diags.v[i];
    assert_non_null(d);
    assert_non_null(strstr(d->message, "(no automatic fix: the file's path names a Dockerfile linter"));
    assert_null(d->fix);
    df_run_result_release(&res);
    assert_int_equal(df_run("examples/hadolint-demo/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_false(res.changed);
    df_run_result_release(&res);
    assert_int_equal(df_run("docker_examples/22_curl/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_true(res.changed);
    df_run_result_release(&res);
}

/* The linter-demo path check reads the real path (review run 12):
 * `./Dockerfile` run inside a checkout named hadolint is the demo too;
 * a path that does not exist is read as given. */
static void test_df003_linter_demo_real_path(void **state)
{
    (void)state;
    df_options o;
    opts_for(&o, false);
    const char *in = "FROM ubuntu:16.04\n\nRUN apt-get update && apt-get install curl -y\n";
    char dir[] = "/tmp/hadolint-demoXXXXXX", here[4096], file[64];
    assert_non_null(getcwd(here, sizeof here));
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/Dockerfile", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(in, f);
    fclose(f);
    assert_int_equal(chdir(dir), 0);
    df_run_result res;
    assert_int_equal(df_run("./Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    bool demo = !res.changed;
    df_run_result_release(&res);
    assert_int_equal(df_run("./no-such-folder/Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    bool missing = res.changed;
    df_run_result_release(&res);
    assert_int_equal(chdir(here), 0);
    unlink(file);
    rmdir(dir);
    assert_true(demo);
    assert_true(missing);
}

/* Run DF003 and DF011 together (DF003 leaves to DF011 a later RUN's
 * removal that DF011 joins); out: the output, n: DF003's findings with a
 * fix applied. */
static void run_with_df011(const char *text, const char *want, size_t nfixed)
{
    df_options o;
    char bad[64];
    df_options_default(&o);
    for (size_t i = 0; i < df_nrules; i++)
        o.enabled[i] = false;
    assert_int_equal(df_options_select(&o, "DF003,DF011", true, bad, sizeof bad), 0);
    df_run_result res;
    int rc = df_run("Dockerfile", text, strlen(text), &o, NULL, &res);
    assert_int_equal(rc, 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    size_t n = 0;
    for (size_t i = 0; i < res.diags.n; i++)
        if (strcmp(res.diags.v[i]->rule->id, "DF003") == 0 && res.diags.v[i]->applied)
            n++;
    if (n != nfixed)
        fail_msg("input:\n%s\n%zu DF003 fixes applied, want %zu", text, n, nfixed);
    df_run_result_release(&res);
}

/* Class "DF003 later-run-cleans-own-lists" (review run 16, apps 017:
 * nginx-proxy's Dockerfile-nginx-proxy-tester). A RUN that installs and
 * keeps its lists, then a later RUN that runs its own `apt-get update`,
 * installs and removes the lists: DF011 leaves that removal alone (the
 * RUN cleans its own lists), so DF003 must not leave it to DF011 and say
 * nothing. The later RUN fetches anew: removing the lists in the first
 * RUN saves them. */
static void test_df003_later_run_cleans_own_lists(void **state)
{
    (void)state;
    const char *in = "FROM debian:bookworm\nRUN apt-get update \\\n  && apt-get install -y curl \\\n"
                     "  && install -m 0755 -d /etc/apt/keyrings\n"
                     "RUN echo deb x > /etc/apt/sources.list.d/x.list\n"
                     "RUN apt-get update \\\n  && apt-get install -y --no-install-recommends file \\\n"
                     "  && apt-get clean \\\n  && rm -r /var/lib/apt/lists/*\n";
    const char *want = "FROM debian:bookworm\nRUN apt-get update \\\n  && apt-get install -y curl \\\n"
                       "  && install -m 0755 -d /etc/apt/keyrings \\\n  && rm -rf /var/lib/apt/lists/*\n"
                       "RUN echo deb x > /etc/apt/sources.list.d/x.list\n"
                       "RUN apt-get update \\\n  && apt-get install -y --no-install-recommends file \\\n"
                       "  && apt-get clean \\\n  && rm -r /var/lib/apt/lists/*\n";
    run_with_df011(in, want, 1);
    /* a RUN between removes the lists a keeper left (apache allura): the
     * later RUN's update fetches them all anew, so its cleanup saves them */
    run_with_df011("FROM debian:bookworm\nRUN apt-get update && apt-get install -y gpg\nRUN apt-get upgrade -y git\n"
                   "RUN apt-get install -y make && rm -rf /var/lib/apt/lists/*\n"
                   "RUN apt-get update && apt-get install -y nodejs\n",
                   "FROM debian:bookworm\nRUN apt-get update && apt-get install -y gpg\nRUN apt-get upgrade -y git\n"
                   "RUN apt-get install -y make && rm -rf /var/lib/apt/lists/*\n"
                   "RUN apt-get update && apt-get install -y nodejs && rm -rf /var/lib/apt/lists/*\n",
                   1);
    /* still DF011's: the later RUN installs nothing and only removes */
    run_with_df011("FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN echo hi\n"
                   "RUN rm -rf /var/lib/apt/lists/*\n",
                   "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && \\\n    echo hi && \\\n"
                   "    rm -rf /var/lib/apt/lists/*\n",
                   0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deliberately_dirty_baseline),
        cmocka_unit_test(test_dockle_demo_keeps_finding),
        cmocka_unit_test(test_df003_linter_demo_real_path),
        cmocka_unit_test(test_single_line),
        cmocka_unit_test(test_exact_finding),
        cmocka_unit_test(test_multiline_styles),
        cmocka_unit_test(test_heredoc),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_errexit_semicolons),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_cleanup_before_does_not_count),
        cmocka_unit_test(test_no_fix),
        cmocka_unit_test(test_build_only_stage),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_adds_cleanup_where_author_cleans),
        cmocka_unit_test(test_several_runs),
        cmocka_unit_test(test_later_run_uses_the_lists),
        cmocka_unit_test(test_no_cleanup_without_own_update),
        cmocka_unit_test(test_later_apt_cache_query_reads_the_lists),
        cmocka_unit_test(test_later_reader_names),
        cmocka_unit_test(test_cleanup_after_fi_at_the_chain_indent),
        cmocka_unit_test(test_mistyped_lists_path_corrected_in_place),
        cmocka_unit_test(test_environment_keeps_its_lists),
        cmocka_unit_test(test_lists_kept_by_other_layers),
        cmocka_unit_test(test_opam_install_reads_the_lists),
        cmocka_unit_test(test_mk_build_deps_reads_lists),
        cmocka_unit_test(test_lists_rm_before_reupdate),
        cmocka_unit_test(test_doubled_cleanup),
        cmocka_unit_test(test_lists_kept_by_earlier_layers_second_round),
        cmocka_unit_test(test_heredoc_masks_failure),
        cmocka_unit_test(test_lists_refetched_by_later_step),
        cmocka_unit_test(test_doubled_cleanup_shapes),
        cmocka_unit_test(test_mistyped_lists_path_missing_part),
        cmocka_unit_test(test_breaks_aligned_comments),
        cmocka_unit_test(test_df003_later_run_cleans_own_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
