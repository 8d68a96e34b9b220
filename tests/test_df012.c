/*
 * test_df012.c - DF012 add-for-local-files through df_run(): when it fires,
 * when it stays silent, how safe its fix is, pragmas, build context,
 * idempotence, exact output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#define MSG "ADD of local files: use COPY (ADD also downloads URLs and unpacks archives)"
#define WHY_VAR "replace ADD with COPY (unsafe: a source is a variable)"
#define WHY_GLOB "replace ADD with COPY (unsafe: a wildcard source could match a tar archive)"
#define WHY_CTX "replace ADD with COPY (unsafe: a source could not be read in the build context and may be a tar archive)"

static void opts_df012(df_options *o, bool unsafe)
{
    char bad[64];
    df_options_default(o);
    assert_int_equal(df_options_select(o, "DF012", true, bad, sizeof bad), 0);
    o->unsafe_fixes = unsafe;
}

static void run_ctx(df_run_result *res, const char *text, bool unsafe, const char *ctx)
{
    df_options o;
    opts_df012(&o, unsafe);
    int rc = df_run("Dockerfile", text, strlen(text), &o, ctx, res);
    assert_int_equal(res->status, DF_RUN_OK);
    assert_int_equal(rc, 0);
}

/* Run and compare the output; the output is a fixed point. */
static void expect_ctx(const char *text, bool unsafe, const char *ctx, const char *want, size_t ndiags)
{
    df_run_result res;
    run_ctx(&res, text, unsafe, ctx);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    assert_int_equal(res.changed, strcmp(text, want) != 0);
    if (res.diags.n != ndiags)
        fail_msg("input:\n%s\n%zu findings, want %zu", text, res.diags.n, ndiags);
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_string_equal(res.diags.v[i]->rule->id, "DF012");
        assert_string_equal(res.diags.v[i]->message, MSG);
        assert_int_equal(res.diags.v[i]->severity, DF_SEV_WARNING);
    }
    /* idempotence */
    df_run_result again;
    run_ctx(&again, want, unsafe, ctx);
    assert_false(again.changed);
    assert_int_equal(again.output.len, strlen(want));
    assert_memory_equal(again.output.data, want, strlen(want));
    df_run_result_release(&again);
    df_run_result_release(&res);
}

#define FIRES(text, want) expect_ctx((text), false, NULL, (want), 1)
#define SILENT(text) expect_ctx((text), false, NULL, (text), 0)
#define SILENT_UNSAFE(text) expect_ctx((text), true, NULL, (text), 0)

/* Exactly one finding whose fix has this applicability and description. */
static void one_fix(const char *text, bool unsafe, const char *ctx, df_applicability a, const char *desc,
                    bool applied)
{
    df_run_result res;
    run_ctx(&res, text, unsafe, ctx);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, a);
    assert_string_equal(d->fix->description, desc);
    assert_int_equal(d->applied, applied);
    assert_int_equal(res.changed, applied);
    df_run_result_release(&res);
}

/* ---- fires ------------------------------------------------------------- */

static void test_local_file_exact(void **state)
{
    (void)state;
    const char *in = "FROM alpine\nADD app.py /app/\n";
    df_run_result res;
    run_ctx(&res, in, false, NULL);
    assert_true(res.changed);
    assert_string_equal(res.output.data, "FROM alpine\nCOPY app.py /app/\n");
    assert_int_equal(res.output.len, strlen("FROM alpine\nCOPY app.py /app/\n"));
    assert_int_equal(res.rounds, 2);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_ptr_equal(d->rule, df_rule_find("DF012"));
    assert_int_equal(d->span.start, 12);
    assert_int_equal(d->span.end, 15);
    assert_int_equal(d->round, 0);
    assert_true(d->applied);
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "replace ADD with COPY");
    assert_int_equal(d->fix->nedits, 1);
    assert_int_equal(d->fix->edits[0].start, 12);
    assert_int_equal(d->fix->edits[0].end, 15);
    assert_int_equal(d->fix->edits[0].len, 4);
    assert_memory_equal(d->fix->edits[0].text, "COPY", 4);
    df_run_result_release(&res);
}

static void test_fires_forms(void **state)
{
    (void)state;
    FIRES("FROM a\nADD src/ /app/src/\n", "FROM a\nCOPY src/ /app/src/\n");
    FIRES("FROM a\nADD . /app\n", "FROM a\nCOPY . /app\n");
    FIRES("FROM a\nADD ./ /app\n", "FROM a\nCOPY ./ /app\n");
    FIRES("FROM a\nADD conf/. /etc/app/\n", "FROM a\nCOPY conf/. /etc/app/\n");
    FIRES("FROM a\nADD [\"entry point.sh\", \"/usr/local/bin/\"]\n",
          "FROM a\nCOPY [\"entry point.sh\", \"/usr/local/bin/\"]\n");
    FIRES("FROM a\nadd settings.yaml /app/\n", "FROM a\ncopy settings.yaml /app/\n");
    FIRES("FROM a\nAdd settings.yaml /app/\n", "FROM a\nCOPY settings.yaml /app/\n");
    FIRES("FROM a\nONBUILD ADD app.py /app/\n", "FROM a\nONBUILD COPY app.py /app/\n");
    FIRES("FROM a\nonbuild add app.py /app/\n", "FROM a\nonbuild copy app.py /app/\n");
    FIRES("FROM a\nADD --chown=app:app --chmod=0644 config.json /app/\n",
          "FROM a\nCOPY --chown=app:app --chmod=0644 config.json /app/\n");
    FIRES("FROM a\nADD --link a.txt b.JSON c.Py /dst/\n", "FROM a\nCOPY --link a.txt b.JSON c.Py /dst/\n");
    FIRES("FROM a\nADD \\\n  a.txt \\\n  /dst/\n", "FROM a\nCOPY \\\n  a.txt \\\n  /dst/\n");
    FIRES("FROM a\n  ADD\ta.txt /dst/\n", "FROM a\n  COPY\ta.txt /dst/\n");
    FIRES("FROM a\nADD app.zip lib.jar pkg.whl /dst/\n", "FROM a\nCOPY app.zip lib.jar pkg.whl /dst/\n");
    FIRES("FROM a\nADD *.txt /dst/\n", "FROM a\nCOPY *.txt /dst/\n");
}

static void test_several_in_one_file(void **state)
{
    (void)state;
    expect_ctx("FROM a\nADD a.txt /a/\nRUN x\nADD b.json /b/\n\nADD c.tar.gz /c/\n", false, NULL,
               "FROM a\nCOPY a.txt /a/\nRUN x\nCOPY b.json /b/\n\nADD c.tar.gz /c/\n", 2);
    /* b.json next to the archive stays ADD with it (test_df012_half_converts_block) */
    expect_ctx("FROM a\nADD a.txt /a/\nRUN x\nADD b.json /b/\nADD c.tar.gz /c/\n", false, NULL,
               "FROM a\nCOPY a.txt /a/\nRUN x\nADD b.json /b/\nADD c.tar.gz /c/\n", 2);
}

static void test_crlf(void **state)
{
    (void)state;
    FIRES("FROM a\r\nADD a.txt /a/\r\nRUN x\r\n", "FROM a\r\nCOPY a.txt /a/\r\nRUN x\r\n");
    FIRES("\xEF\xBB\xBF" "FROM a\r\nADD a.txt /a/", "\xEF\xBB\xBF" "FROM a\r\nCOPY a.txt /a/");
}

/* ---- silent ------------------------------------------------------------ */

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nADD https://example.com/app.py /app/\n",
        "FROM a\nADD http://example.com/x /x\n",
        "FROM a\nADD [\"https://example.com/x\", \"/x\"]\n",
        "FROM a\nADD git@github.com:moby/buildkit.git /src\n",
        "FROM a\nADD https://github.com/moby/buildkit.git#v0.10.1 /buildkit\n",
        "FROM a\nADD rootfs.tar.gz /\n",
        "FROM a\nADD vendor.tgz /opt/\n",
        "FROM a\nADD rootfs.tar.xz /\n",
        "FROM a\nADD data.zst /d/\n",
        "FROM a\nADD data.tar /d/\n",
        "FROM a\nADD data.tar.bz2 /d/\n",
        "FROM a\nADD DATA.TAR.GZ /d/\n",
        "FROM a\nADD a.txt b.tar.gz /d/\n",
        "FROM a\nADD <<EOT /etc/motd\nhello\nEOT\n",
        "FROM a\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d a.txt /x\n",
        "FROM a\nADD --keep-git-dir=true a.txt /src\n",
        "FROM a\nADD --unpack=true a.txt /x/\n",
        "FROM a\nADD a.txt\n",
        "FROM a\nCOPY a.txt /a/\n",
        "FROM a\nRUN echo ADD a.txt /a/\n",
        "FROM a\n# ADD a.txt /a/\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        SILENT(cases[i]);
        SILENT_UNSAFE(cases[i]);
    }
}

/* Review run 18 (H, PowerShell-Docker alpine images): `ADD ${PS_PACKAGE_URL}
 * /tmp/linux.tar.gz` where an ARG sets PS_PACKAGE_URL to an https URL is a
 * download, not an ADD of local files: COPY cannot fetch it. A variable
 * no ARG or ENV sets to a URL stays an unsafe fix (test_unsafe_cases). */
static void test_variable_holding_url(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nARG PS_PACKAGE_URL=https://github.com/o/r/releases/download/v1/p.tar.gz\nADD ${PS_PACKAGE_URL} /tmp/x\n",
        "ARG URL=https://example.com/x\nFROM a\nADD $URL /x\n",
        "FROM a\nENV SRC=git@github.com:moby/buildkit.git\nADD ${SRC} /src\n",
        "FROM a\nENV SRC https://example.com/x\nADD ${SRC} /x\n",
        "FROM a\nENV A=b SRC=https://example.com/x\nADD ${SRC} /x\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        SILENT(cases[i]);
        SILENT_UNSAFE(cases[i]);
    }
    /* a variable set to a local path stays reported */
    one_fix("FROM a\nARG SRC=conf/app.yml\nADD ${SRC} /x/\n", false, NULL, DF_APPLY_UNSAFE, WHY_VAR, false);
    /* a URL in another variable's value does not count */
    one_fix("FROM a\nENV SRC=app.yml B=https://example.com/x\nADD ${SRC} /x/\n", false, NULL, DF_APPLY_UNSAFE, WHY_VAR,
            false);
}

static void test_silent_quoted_archive(void **state)
{
    (void)state;
    df_run_result res;
    run_ctx(&res, "FROM a\nADD \"vendor.tar.gz\" /opt/\n", true, NULL);
    size_t n = res.diags.n;
    bool changed = res.changed;
    df_run_result_release(&res);
    /* Regression test (was a bug, fixed): DF012 classified the raw word,
     * quotes included, so `ADD "vendor.tar.gz" /opt/` was not seen as an
     * archive and --unsafe-fixes turned it into COPY. */
    assert_int_equal(n, 0);
    assert_false(changed);
    SILENT_UNSAFE("FROM a\nADD 'x.tgz' /y/\n");
    FIRES("FROM a\nADD \"app.py\" /app/\n", "FROM a\nCOPY \"app.py\" /app/\n");
}

/* ---- unsafe ------------------------------------------------------------ */

static void test_unsafe_cases(void **state)
{
    (void)state;
    static const char *const in[] = {
        "FROM a\nADD mystery /opt/mystery\n",
        "FROM a\nADD $SRC /x/\n",
        "FROM a\nADD ${SRC}.txt /x/\n",
        "FROM a\nADD * /x/\n",
        "FROM a\nADD a.txt mystery /x/\n",
    };
    static const char *const out[] = {
        "FROM a\nCOPY mystery /opt/mystery\n",
        "FROM a\nCOPY $SRC /x/\n",
        "FROM a\nCOPY ${SRC}.txt /x/\n",
        "FROM a\nCOPY * /x/\n",
        "FROM a\nCOPY a.txt mystery /x/\n",
    };
    static const char *const why[] = {WHY_CTX, WHY_VAR, WHY_VAR, WHY_GLOB, WHY_CTX};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        one_fix(in[i], false, NULL, DF_APPLY_UNSAFE, why[i], false);
        one_fix(in[i], true, NULL, DF_APPLY_UNSAFE, why[i], true);
        expect_ctx(in[i], false, NULL, in[i], 1);
        expect_ctx(in[i], true, NULL, out[i], 1);
    }
    /* one safe and one unsafe ADD apart: neither by default
     * (test_df012_lone_add_among_unconverted), both with --unsafe-fixes */
    expect_ctx("FROM a\nADD a.txt /a/\n\nADD * /b/\n", false, NULL, "FROM a\nADD a.txt /a/\n\nADD * /b/\n", 2);
    expect_ctx("FROM a\nADD a.txt /a/\n\nADD * /b/\n", true, NULL, "FROM a\nCOPY a.txt /a/\n\nCOPY * /b/\n", 2);
    /* adjacent: neither by default (test_df012_half_converts_block), both with --unsafe-fixes */
    expect_ctx("FROM a\nADD a.txt /a/\nADD * /b/\n", false, NULL, "FROM a\nADD a.txt /a/\nADD * /b/\n", 2);
    expect_ctx("FROM a\nADD a.txt /a/\nADD * /b/\n", true, NULL, "FROM a\nCOPY a.txt /a/\nCOPY * /b/\n", 2);
}

/* ---- build context ------------------------------------------------------ */

static void test_context(void **state)
{
    (void)state;
    char *d = tdir_new();
    twrite(d, "notes", "just text\n", 0644);
    twrite_n(d, "bundle", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10, 0644);
    twrite(d, "bz", "BZh91AY&SY", 0644);
    char tarhdr[600];
    memset(tarhdr, 0, sizeof tarhdr);
    memcpy(tarhdr, "file.txt", 8);
    memcpy(tarhdr + 257, "ustar", 5);
    twrite_n(d, "plain.tar.file", tarhdr, sizeof tarhdr, 0644);
    twrite_n(d, "tarball", tarhdr, sizeof tarhdr, 0644);
    tmkdir(d, "site");
    twrite(d, "site/index.html", "<p>hi</p>\n", 0644);
    twrite(d, "empty", "", 0644);

    one_fix("FROM a\nADD notes /n\n", false, d, DF_APPLY_SAFE, "replace ADD with COPY", true);
    one_fix("FROM a\nADD /notes /n\n", false, d, DF_APPLY_SAFE, "replace ADD with COPY", true);
    one_fix("FROM a\nADD site /s\n", false, d, DF_APPLY_SAFE, "replace ADD with COPY", true);
    one_fix("FROM a\nADD ./site /s\n", false, d, DF_APPLY_SAFE, "replace ADD with COPY", true);
    one_fix("FROM a\nADD empty /e\n", false, d, DF_APPLY_SAFE, "replace ADD with COPY", true);
    one_fix("FROM a\nADD absent /x\n", false, d, DF_APPLY_UNSAFE, WHY_CTX, false);
    one_fix("FROM a\nADD * /x\n", false, d, DF_APPLY_UNSAFE, WHY_GLOB, false);
    expect_ctx("FROM a\nADD notes site /x/\n", false, d, "FROM a\nCOPY notes site /x/\n", 1);
    /* archives by content: no finding, even with --unsafe-fixes */
    expect_ctx("FROM a\nADD bundle /opt/\n", true, d, "FROM a\nADD bundle /opt/\n", 0);
    expect_ctx("FROM a\nADD bz /opt/\n", true, d, "FROM a\nADD bz /opt/\n", 0);
    expect_ctx("FROM a\nADD tarball /opt/\n", true, d, "FROM a\nADD tarball /opt/\n", 0);
    expect_ctx("FROM a\nADD notes bundle /opt/\n", true, d, "FROM a\nADD notes bundle /opt/\n", 0);
    /* the same sources without a context: unsafe */
    one_fix("FROM a\nADD notes /n\n", false, NULL, DF_APPLY_UNSAFE, WHY_CTX, false);
    one_fix("FROM a\nADD bundle /n\n", false, NULL, DF_APPLY_UNSAFE, WHY_CTX, false);
    tdir_free(d);
}

/* Class "DF012 half-converts a block of ADDs" (review 2026-12, apps 062
 * spring-petclinic grafana, 072 piggymetrics mongodb): adjacent ADDs
 * convert together or not at all. */
#define WHY_BLOCK(line)                                                                                            \
    "replace ADD with COPY (not applied: the ADD at line " line " next to it stays ADD, and a block of ADDs half " \
    "converted to COPY gains nothing; convert them together)"
static void test_df012_half_converts_block(void **state)
{
    (void)state;
    /* grafana: the two folders cannot be checked without a context */
    const char *grafana = "FROM grafana/grafana:5.2.4\nADD ./provisioning /etc/grafana/provisioning\n"
                          "ADD ./grafana.ini /etc/grafana/grafana.ini\nADD ./dashboards /var/lib/grafana/dashboards\n";
    expect_ctx(grafana, false, NULL, grafana, 3);
    df_run_result res;
    run_ctx(&res, grafana, false, NULL);
    assert_int_equal(res.diags.n, 3);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_UNSAFE);
    assert_int_equal(res.diags.v[1]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[1]->fix->description, WHY_BLOCK("2"));
    assert_false(res.diags.v[1]->applied);
    assert_int_equal(res.diags.v[2]->fix->applicability, DF_APPLY_UNSAFE);
    df_run_result_release(&res);
    /* --unsafe-fixes converts the whole block */
    expect_ctx(grafana, true, NULL,
               "FROM grafana/grafana:5.2.4\nCOPY ./provisioning /etc/grafana/provisioning\n"
               "COPY ./grafana.ini /etc/grafana/grafana.ini\nCOPY ./dashboards /var/lib/grafana/dashboards\n",
               3);
    /* piggymetrics: the neighbour after it stays; the reason names it */
    one_fix("FROM mongo:3\nADD init.sh /init.sh\nADD ./dump.tar /\n", false, NULL, DF_APPLY_DISPLAY, WHY_BLOCK("3"),
            false);
    /* an archive neighbour stays ADD for good, even with --unsafe-fixes */
    one_fix("FROM a\nADD rootfs.tar.gz /\nADD app.yml /etc/\n", true, NULL, DF_APPLY_DISPLAY, WHY_BLOCK("2"), false);
    one_fix("FROM a\nADD https://example.com/x.sh /x.sh\n# config\nADD app.yml /etc/\n", false, NULL,
            DF_APPLY_DISPLAY, WHY_BLOCK("2"), false);
    /* a blank line ends the block: converted alone (an unchecked ADD
     * elsewhere keeps it, test_df012_lone_add_among_unconverted) */
    expect_ctx("FROM a\nADD rootfs.tar /\n\nADD init.sh /init.sh\n", false, NULL,
               "FROM a\nADD rootfs.tar /\n\nCOPY init.sh /init.sh\n", 1);
    expect_ctx("FROM a\nADD x.tgz /\nRUN true\nADD init.sh /init.sh\n", false, NULL,
               "FROM a\nADD x.tgz /\nRUN true\nCOPY init.sh /init.sh\n", 1);
    /* every ADD of the block safe: all convert, as before */
    expect_ctx("FROM a\nADD a.txt /a/\n# b\nADD b.json /b/\nADD c/ /c/\n", false, NULL,
               "FROM a\nCOPY a.txt /a/\n# b\nCOPY b.json /b/\nCOPY c/ /c/\n", 3);
    /* with a build context where all can be checked, all convert */
    char *d = tdir_new();
    tmkdir(d, "provisioning");
    tmkdir(d, "dashboards");
    twrite(d, "grafana.ini", "[server]\n", 0644);
    expect_ctx(grafana, false, d,
               "FROM grafana/grafana:5.2.4\nCOPY ./provisioning /etc/grafana/provisioning\n"
               "COPY ./grafana.ini /etc/grafana/grafana.ini\nCOPY ./dashboards /var/lib/grafana/dashboards\n",
               3);
    tdir_free(d);
}

/* Review run 10 class "partial-add-conversion" (CentOS-Dockerfiles bind
 * centos6): fourteen ADDs of files the run could not check stayed ADD, and
 * the one ADD between two RUNs became COPY alone. An ADD that stays ADD
 * because its source could not be checked keeps every other ADD of the
 * file from converting alone, next to it or not. */
#define WHY_FILE(line)                                                                                            \
    "replace ADD with COPY (not applied: the ADD at line " line " stays ADD, since its source could not be "      \
    "checked, and a file with its ADDs half converted to COPY gains nothing; convert them together)"
static void test_df012_lone_add_among_unconverted(void **state)
{
    (void)state;
    const char *bind = "FROM centos:centos6\nADD ./cfg_files/init.d/named /etc/init.d/named\n"
                       "ADD ./cfg_files/named.conf /etc/named/named.conf\nRUN mkdir /root/scripts -p\n"
                       "ADD ./cfg_files/root/scripts/init.sh /root/scripts/init.sh\nRUN chmod +x /root/scripts/init.sh\n";
    expect_ctx(bind, false, NULL, bind, 3);
    df_run_result res;
    run_ctx(&res, bind, false, NULL);
    assert_int_equal(res.diags.n, 3);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_UNSAFE);
    assert_int_equal(res.diags.v[1]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[1]->fix->description, WHY_BLOCK("2"));
    assert_int_equal(res.diags.v[2]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[2]->fix->description, WHY_FILE("2"));
    assert_false(res.diags.v[2]->applied);
    df_run_result_release(&res);
    /* the unchecked ADD after it counts too */
    run_ctx(&res, "FROM a\nADD app.yml /etc/\nRUN true\nADD ./dump /\n", false, NULL);
    assert_int_equal(res.diags.n, 2);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[0]->fix->description, WHY_FILE("4"));
    assert_false(res.changed);
    df_run_result_release(&res);
    /* --unsafe-fixes converts them all */
    expect_ctx(bind, true, NULL,
               "FROM centos:centos6\nCOPY ./cfg_files/init.d/named /etc/init.d/named\n"
               "COPY ./cfg_files/named.conf /etc/named/named.conf\nRUN mkdir /root/scripts -p\n"
               "COPY ./cfg_files/root/scripts/init.sh /root/scripts/init.sh\nRUN chmod +x /root/scripts/init.sh\n",
               3);
    /* an archive or a URL elsewhere stays ADD for a reason the reader
     * sees: the lone ADD converts */
    expect_ctx("FROM a\nADD rootfs.tar.gz /\nRUN true\nADD app.yml /etc/\n", false, NULL,
               "FROM a\nADD rootfs.tar.gz /\nRUN true\nCOPY app.yml /etc/\n", 1);
    /* under ONBUILD an unchecked ADD runs in another build: not counted */
    expect_ctx("FROM a\nONBUILD ADD ./dump /\nADD app.yml /etc/\n", false, NULL,
               "FROM a\nONBUILD ADD ./dump /\nCOPY app.yml /etc/\n", 2);
    /* with a build context where the sources can be checked, all convert */
    char *d = tdir_new();
    tmkdir(d, "cfg_files");
    tmkdir(d, "cfg_files/init.d");
    tmkdir(d, "cfg_files/root");
    tmkdir(d, "cfg_files/root/scripts");
    twrite(d, "cfg_files/init.d/named", "#!/bin/sh\n", 0644);
    twrite(d, "cfg_files/named.conf", "options {};\n", 0644);
    twrite(d, "cfg_files/root/scripts/init.sh", "#!/bin/sh\n", 0644);
    expect_ctx(bind, false, d,
               "FROM centos:centos6\nCOPY ./cfg_files/init.d/named /etc/init.d/named\n"
               "COPY ./cfg_files/named.conf /etc/named/named.conf\nRUN mkdir /root/scripts -p\n"
               "COPY ./cfg_files/root/scripts/init.sh /root/scripts/init.sh\nRUN chmod +x /root/scripts/init.sh\n",
               3);
    tdir_free(d);
}

/* ---- pragmas ----------------------------------------------------------- */

static void test_pragmas(void **state)
{
    (void)state;
    static const char *const silenced[] = {
        "FROM a\n# dfopt ignore=DF012\nADD a.txt /a/\n",
        "FROM a\n# hadolint ignore=DL3020\nADD a.txt /a/\n",
        "FROM a\n# dfopt ignore=add-for-local-files\nADD a.txt /a/\n",
        "FROM a\n#dfopt ignore=df012\nADD a.txt /a/\n",
        "FROM a\n# hadolint ignore=DL3008,DL3020\nADD a.txt /a/\n",
        "FROM a\n# dfopt ignore=DF012\n# another comment\nADD a.txt /a/\n",
        "FROM a\r\n# dfopt ignore=DF012\r\nADD a.txt /a/\r\n",
        "FROM a\n# dfopt ignore=DF012\nONBUILD ADD a.txt /a/\n",
        "# dfopt global ignore=DF012\nFROM a\nADD a.txt /a/\nADD b.txt /b/\n",
        "# hadolint global ignore=DL3020\nFROM a\nADD a.txt /a/\n",
        "FROM a\nADD a.txt /a/\n# dfopt global ignore=DF012\n",
    };
    for (size_t i = 0; i < sizeof silenced / sizeof *silenced; i++) {
        SILENT(silenced[i]);
        SILENT_UNSAFE(silenced[i]);
    }
    /* a blank line between the pragma and the instruction: not applied */
    FIRES("FROM a\n# dfopt ignore=DF012\n\nADD a.txt /a/\n", "FROM a\n# dfopt ignore=DF012\n\nCOPY a.txt /a/\n");
    FIRES("FROM a\n# hadolint ignore=DL3020\n\nADD a.txt /a/\n",
          "FROM a\n# hadolint ignore=DL3020\n\nCOPY a.txt /a/\n");
    /* another rule named */
    FIRES("FROM a\n# hadolint ignore=DL3008\nADD a.txt /a/\n", "FROM a\n# hadolint ignore=DL3008\nCOPY a.txt /a/\n");
    FIRES("FROM a\n# dfopt ignore=DF0123\nADD a.txt /a/\n", "FROM a\n# dfopt ignore=DF0123\nCOPY a.txt /a/\n");
    /* not a pragma */
    FIRES("FROM a\n# dfoptignore=DF012\nADD a.txt /a/\n", "FROM a\n# dfoptignore=DF012\nCOPY a.txt /a/\n");
    /* only the next instruction */
    expect_ctx("FROM a\n# dfopt ignore=DF012\nADD a.txt /a/\nADD b.txt /b/\n", false, NULL,
               "FROM a\n# dfopt ignore=DF012\nADD a.txt /a/\nCOPY b.txt /b/\n", 1);
}

/* ---- driver details ---------------------------------------------------- */

static void test_rule_disabled(void **state)
{
    (void)state;
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "none", true, bad, sizeof bad), 0);
    df_run_result res;
    const char *in = "FROM a\nADD a.txt /a/\n";
    assert_int_equal(df_run("x", in, strlen(in), &o, NULL, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 0);
    assert_string_equal(res.output.data, in);
    df_run_result_release(&res);
}

static void test_parse_error(void **state)
{
    (void)state;
    df_options o;
    opts_df012(&o, false);
    df_run_result res;
    const char *in = "FROM a\nADD <<EOF /x\nnever closed\n";
    assert_int_equal(df_run("x", in, strlen(in), &o, NULL, &res), -1);
    assert_int_equal(res.status, DF_RUN_PARSE);
    assert_string_equal(res.perr.message, "unterminated heredoc");
    assert_int_equal(res.perr.line, 2);
    assert_false(res.changed);
    df_run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_file_exact),
        cmocka_unit_test(test_fires_forms),
        cmocka_unit_test(test_several_in_one_file),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_silent_quoted_archive),
        cmocka_unit_test(test_variable_holding_url),
        cmocka_unit_test(test_unsafe_cases),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_df012_half_converts_block),
        cmocka_unit_test(test_df012_lone_add_among_unconverted),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_rule_disabled),
        cmocka_unit_test(test_parse_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
