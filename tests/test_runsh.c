/*
 * test_runsh.c - RUN scripts, offset mapping and style; the knowledge base.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dfopt/buf.h"
#include "dfopt/kb.h"
#include "dfopt/runsh.h"
#include "test_util.h"

static const df_instr *last(const df_doc *d)
{
    return d->instrs[d->ninstrs - 1];
}

static void get(const df_doc *d, const df_instr *in, df_runsh *r)
{
    assert_int_equal(df_runsh_get(d->arena, d, in, r), 0);
}

/* Is the last RUN of text left alone as Windows (marked as the driver does)? */
static void windows_is(const char *text, bool windows)
{
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_doc_mark_windows(d, kb);
    df_runsh r;
    get(d, last(d), &r);
    if (windows != (r.script == NULL))
        fail_msg("%s: want %s", text, windows ? "Windows" : "a POSIX script");
    tfree(&t);
    df_kb_free(kb);
}

static void append_is(const char *text, const char *op, const char *cmd, const char *want)
{
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_runsh r;
    get(d, last(d), &r); /* style needs no script: a backtick file has none */
    df_runstyle st;
    df_runsh_style(d, &r, &st);
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_runsh_append_text(&r, &st, op, cmd, &b), 0);
    assert_string_equal(b.data, want);
    df_buf_release(&b);
    tfree(&t);
}

static void shell_form_maps_to_file_offsets(void **state)
{
    (void)state;
    const char *text = "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n";
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_runsh r;
    get(d, last(d), &r);
    assert_non_null(r.script);
    assert_false(r.heredoc);
    /* the second command of the list */
    const df_sh_item *it = &r.script->list.items[1];
    df_span sp = df_runsh_span(&r, it->node->span);
    assert_int_equal(sp.start, strstr(text, "apt-get install") - text);
    assert_int_equal(sp.end, strstr(text, "curl") - text + 4);
    tfree(&t);
}

static void heredoc_script(void **state)
{
    (void)state;
    const char *text = "FROM a\nRUN <<EOF bash -e\napt-get update\napt-get install -y x\nEOF\n";
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_runsh r;
    get(d, last(d), &r);
    assert_non_null(r.script);
    assert_true(r.heredoc);
    assert_int_equal(r.script->list.n, 2);
    df_span sp = df_runsh_span(&r, r.script->list.items[1].node->span);
    assert_int_equal(sp.start, strstr(text, "apt-get install") - text);
    tfree(&t);
    /* a heredoc that is data for a command is not the script */
    d = tparse(&t, "FROM a\nRUN <<EOF cat > /etc/x\nhello\nEOF\n");
    get(d, last(d), &r);
    assert_non_null(r.script);
    assert_false(r.heredoc);
    tfree(&t);
}

static void not_a_posix_script(void **state)
{
    (void)state;
    tdoc t;
    df_runsh r;
    df_doc *d = tparse(&t, "FROM a\nRUN [\"apt-get\", \"update\"]\n");
    get(d, last(d), &r);
    assert_null(r.script);
    assert_string_equal(r.why_not, "exec form");
    tfree(&t);
    d = tparse(&t, "FROM a\nSHELL [\"pwsh\", \"-Command\"]\nRUN Write-Host hi\n");
    get(d, last(d), &r);
    assert_null(r.script);
    assert_string_equal(r.why_not, "not run by a POSIX shell");
    tfree(&t);
    d = tparse(&t, "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo hi | cat\n");
    get(d, last(d), &r);
    assert_non_null(r.script);
    tfree(&t);
    d = tparse(&t, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n");
    get(d, last(d), &r);
    assert_null(r.script);
    tfree(&t);
    windows_is("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir\n", true);
    /* windows_by_inheritance: the image's SHELL is powershell, none is written */
    windows_is("FROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN nuget restore\n", true);
    windows_is("ARG BASE=mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019\nFROM $BASE\nRUN x\n",
               true);
    windows_is("ARG BASE=mcr.microsoft.com/dotnet/framework/sdk:4.8\nFROM ${BASE} AS build\nFROM build\nRUN x\n",
               true);
    windows_is("ARG TAG\nARG WIN=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM $TAG\nRUN x\n", true);
    windows_is("FROM mcr.microsoft.com/powershell:lts-nanoserver-1809\nRUN x\n", true);
    windows_is("FROM golang:1.22-windowsservercore-ltsc2022 AS b\nFROM b AS c\nRUN x\n", true);
    windows_is("FROM python:3.12-windowsservercore\nRUN x\n", true);
    /* Linux images, including Microsoft's */
    windows_is("FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN x\n", false);
    windows_is("FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nRUN x\n", false);
    windows_is("ARG BASE\nFROM $BASE\nRUN x\n", false);
    windows_is("FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS w\nFROM debian\nRUN x\n", false);
    /* a new stage forgets the SHELL of the previous one */
    d = tparse(&t, "FROM a\nSHELL [\"cmd\", \"/S\", \"/C\"]\nFROM b\nRUN echo hi\n");
    get(d, last(d), &r);
    assert_non_null(r.script);
    tfree(&t);
    d = tparse(&t, "FROM a\nRUN echo \"unterminated\n");
    get(d, last(d), &r);
    assert_null(r.script);
    assert_non_null(r.why_not);
    tfree(&t);
}

static void onbuild_run(void **state)
{
    (void)state;
    const char *text = "FROM a\nONBUILD RUN pip install -r r.txt\n";
    tdoc t;
    df_doc *d = tparse(&t, text);
    df_runsh r;
    get(d, last(d), &r);
    assert_non_null(r.script);
    assert_ptr_equal(r.outer, last(d));
    assert_ptr_equal(r.run, last(d)->sub);
    df_span sp = df_runsh_span(&r, r.script->list.items[0].node->span);
    assert_int_equal(sp.start, strstr(text, "pip") - text);
    tfree(&t);
}

static void append_in_the_file_style(void **state)
{
    (void)state;
    append_is("FROM a\nRUN apt-get install -y x\n", "&&", "rm -rf /l", " && rm -rf /l");
    append_is("FROM a\nRUN apt-get update && \\\n    apt-get install -y x\n", "&&", "rm -rf /l",
              " && \\\n    rm -rf /l");
    append_is("FROM a\nRUN apt-get update \\\n  && apt-get install -y \\\n      x \\\n  && true\n", "&&",
              "rm -rf /l", " \\\n  && rm -rf /l");
    append_is("FROM a\r\nRUN apt-get update && \\\r\n\tapt-get install -y x\r\n", "&&", "rm -rf /l",
              " && \\\r\n\trm -rf /l");
    append_is("# escape=`\nFROM a\nRUN apt-get update && `\n  apt-get install -y x\n", "&&", "rm", " && `\n  rm");
    append_is("FROM a\nRUN <<EOF\napt-get install -y x\nEOF\n", "&&", "rm -rf /l", "rm -rf /l\n");
}

static void kb_knows_package_managers(void **state)
{
    (void)state;
    char err[256];
    df_kb *kb = df_kb_new(err, sizeof err);
    assert_non_null(kb);
    const char *name = NULL;
    const df_fact *apt = df_kb_manager_for(kb, "apt-get", 7, &name);
    assert_non_null(apt);
    assert_string_equal(name, "apt");
    assert_ptr_equal(apt, df_kb_manager(kb, "apt"));
    assert_true(df_kb_has(apt, "install", "install", 7));
    assert_false(df_kb_has(apt, "install", "instal", 6));
    assert_string_equal(df_kb_str(apt, "cleanup"), "rm -rf /var/lib/apt/lists/*");
    assert_true(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists/*", 20));
    assert_true(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/lists", 18));
    assert_false(df_kb_match(kb, apt, "cleanup_paths", "/var/lib/apt/listsx", 19));
    assert_true(df_kb_match(kb, apt, "config_no_recommends", "APT::Install-Recommends \"false\";", 32));
    const df_sh_flagspec *sp = df_kb_flagspec(kb, "apt");
    assert_string_equal(sp->short_value, "oct");
    assert_string_equal(sp->long_value[0], "--option");
    assert_null(df_kb_manager_for(kb, "make", 4, NULL));
    const df_fact *apk = df_kb_manager_for(kb, "apk", 3, &name);
    assert_string_equal(name, "apk");
    assert_true(df_kb_has(apk, "no_cache", "--no-cache", 10));
    assert_string_equal(df_kb_flagspec(kb, "nope")->short_value, "");
    df_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shell_form_maps_to_file_offsets),
        cmocka_unit_test(heredoc_script),
        cmocka_unit_test(not_a_posix_script),
        cmocka_unit_test(onbuild_run),
        cmocka_unit_test(append_in_the_file_style),
        cmocka_unit_test(kb_knows_package_managers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
