/*
 * test_df008.c - DF008 pip-cache-kept through df_run(): where it fires and
 * the exact rewrite in every RUN layout, each exemption (flag, variable,
 * cache mount), build-only stages, pragmas, idempotence.
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

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#define RULE "DF008"
#define MSG "pip install without --no-cache-dir keeps its download cache in the layer"

#include "cache_rule_test.h"

/* ---- fires ------------------------------------------------------------- */

static void test_single_line_exact(void **state)
{
    (void)state;
    const char *in = "FROM python:3.12\nRUN pip install -r requirements.txt\n";
    df_run_result res;
    run(&res, in, false);
    assert_string_equal(res.output.data, "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_ptr_equal(d->rule, df_rule_find("DL3042"));
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->span.start, strstr(in, "pip") - in);
    assert_int_equal(d->span.end, strlen(in) - 1);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "add --no-cache-dir");
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_fires_forms(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN pip3 install flask\n", "FROM a\nRUN pip3 install --no-cache-dir flask\n");
    FIRES("FROM a\nRUN pip2 install flask\n", "FROM a\nRUN pip2 install --no-cache-dir flask\n");
    FIRES("FROM a\nRUN python -m pip install --upgrade pip\n",
          "FROM a\nRUN python -m pip install --no-cache-dir --upgrade pip\n");
    FIRES("FROM a\nRUN python3.12 -m pip install x\n", "FROM a\nRUN python3.12 -m pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN /usr/local/bin/pip install x\n", "FROM a\nRUN /usr/local/bin/pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN pip -q install x -- y\n", "FROM a\nRUN pip -q install --no-cache-dir x -- y\n");
    FIRES("FROM a\nRUN sudo pip install x\n", "FROM a\nRUN sudo pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN if true; then pip install x; else echo no; fi\n",
          "FROM a\nRUN if true; then pip install --no-cache-dir x; else echo no; fi\n");
    FIRES("FROM a\nRUN pip install x | tee log\n", "FROM a\nRUN pip install --no-cache-dir x | tee log\n");
    FIRES("FROM a\nONBUILD RUN pip install -r r.txt\n", "FROM a\nONBUILD RUN pip install --no-cache-dir -r r.txt\n");
    /* a prefix assignment of another command does not count */
    FIRES("FROM a\nRUN PIP_NO_CACHE_DIR=1 true && pip install x\n",
          "FROM a\nRUN PIP_NO_CACHE_DIR=1 true && pip install --no-cache-dir x\n");
    /* an empty value does not disable the cache */
    FIRES("FROM a\nENV PIP_NO_CACHE_DIR=\"\"\nRUN pip install x\n",
          "FROM a\nENV PIP_NO_CACHE_DIR=\"\"\nRUN pip install --no-cache-dir x\n");
    /* an export after the install is too late */
    FIRES("FROM a\nRUN pip install x && export PIP_NO_CACHE_DIR=1\n",
          "FROM a\nRUN pip install --no-cache-dir x && export PIP_NO_CACHE_DIR=1\n");
    /* ENV in an unrelated stage */
    FIRES("FROM a AS one\nENV PIP_NO_CACHE_DIR=1\nFROM b\nRUN pip install x\n",
          "FROM a AS one\nENV PIP_NO_CACHE_DIR=1\nFROM b\nRUN pip install --no-cache-dir x\n");
    /* a cache mount elsewhere */
    /* another folder of a home, or not a home */
    FIRES("FROM a\nRUN --mount=type=cache,target=/home/trader/.npm pip install x\n",
          "FROM a\nRUN --mount=type=cache,target=/home/trader/.npm pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN --mount=type=cache,target=/srv/trader/.cache/pip pip install x\n",
          "FROM a\nRUN --mount=type=cache,target=/srv/trader/.cache/pip pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN --mount=type=cache,target=/root/.npm pip install x\n",
          "FROM a\nRUN --mount=type=cache,target=/root/.npm pip install --no-cache-dir x\n");
    expect("FROM a\nRUN pip install a && pip3 install b\n",
           "FROM a\nRUN pip install --no-cache-dir a && pip3 install --no-cache-dir b\n", 2);
}

static void test_layouts(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN pip install \\\n      -r requirements.txt && \\\n    python -m compileall .\n",
          "FROM a\nRUN pip install --no-cache-dir \\\n      -r requirements.txt && \\\n    python -m compileall .\n");
    FIRES("FROM a\nRUN set -x \\\n && pip install x \\\n && echo ok\n",
          "FROM a\nRUN set -x \\\n && pip install --no-cache-dir x \\\n && echo ok\n");
    FIRES("FROM a\r\nRUN pip install x && \\\r\n    echo ok\r\n", "FROM a\r\nRUN pip install --no-cache-dir x && \\\r\n    echo ok\r\n");
    FIRES("FROM a\nRUN <<EOF\nset -e\npip install x\npython -c 'import x'\nEOF\n",
          "FROM a\nRUN <<EOF\nset -e\npip install --no-cache-dir x\npython -c 'import x'\nEOF\n");
    FIRES("FROM a\nRUN <<EOF bash\npip install x\nEOF\n", "FROM a\nRUN <<EOF bash\npip install --no-cache-dir x\nEOF\n");
}

/* ---- silent ------------------------------------------------------------ */

/* Class "DF008 env-already-disables-cache" (review pre9, apps 155:
 * getsentry/self-hosted sentry): PIP_NO_CACHE_DIR set by an ENV the file
 * shows (this stage or one it is built FROM) means pip writes no cache, so
 * --no-cache-dir saves nothing. pip disables the cache for any valid
 * boolean there (its _handle_no_cache_dir: strtobool is only checked, the
 * cache goes whatever it says), "off", "false" and "0" too. The sentry
 * file itself builds FROM ${SENTRY_IMAGE}, whose ENV is not in the file:
 * that case cannot be told and still fires. */
static void test_df008_env_already_disables_cache(void **state)
{
    (void)state;
    SILENT("FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install x\n");
    SILENT("FROM python:3.12\nENV PIP_NO_CACHE_DIR=false\nRUN pip install x\n");
    SILENT("FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x\n");
    SILENT("FROM python:3.12 AS base\nENV PYTHONUNBUFFERED=1 \\\n    PIP_NO_CACHE_DIR=1\nFROM base AS app\n"
           "FROM app\nRUN pip install https://x.org/main.zip\n");
    /* an ENV of another stage, or after the install, does not count */
    FIRES("FROM python:3.12 AS one\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x\n",
          "FROM python:3.12 AS one\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install --no-cache-dir x\n");
    FIRES("FROM python:3.12\nRUN pip install x\nENV PIP_NO_CACHE_DIR=1\n",
          "FROM python:3.12\nRUN pip install --no-cache-dir x\nENV PIP_NO_CACHE_DIR=1\n");
}

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nRUN pip install --no-cache-dir x\n",
        "FROM a\nRUN pip install -r requirements.txt --no-cache-dir\n",
        "FROM a\nRUN pip --no-cache-dir install x\n",
        "FROM a\nRUN pip install --cache-dir /tmp/pip x\n",
        "FROM a\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
        "FROM a\nENV PIP_NO_CACHE_DIR=off\nRUN pip install x\n",
        "FROM a\nENV PIP_NO_CACHE_DIR 1\nRUN pip install x\n",
        "FROM a\nENV A=1 PIP_NO_CACHE_DIR=true\nRUN pip install x\n",
        "FROM a\nARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
        "FROM a AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x\n",
        "FROM a\nRUN export PIP_NO_CACHE_DIR=1 && pip install x\n",
        "FROM a\nRUN PIP_NO_CACHE_DIR=1 pip install x\n",
        "FROM a\nRUN env PIP_NO_CACHE_DIR=1 pip install x\n",
        "FROM a\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
        "FROM a\nRUN --mount=type=cache,target=/root/.cache pip install x\n",
        "FROM a\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install x\n",
        /* cache-mount-defeated (review pre-9, 9600dev/mmr): a USER's home */
        "FROM a\nUSER trader\nRUN --mount=type=cache,target=/home/trader/.cache/pip pip install x\n",
        "FROM a\nUSER trader\nRUN --mount=type=cache,target=/home/trader/.cache/ pip install x\n",
        "FROM a\nRUN pip download x\n",
        "FROM a\nRUN pip wheel x\n",
        "FROM a\nRUN pip uninstall -y x\n",
        "FROM a\nRUN uv pip install x\n",
        "FROM a\nRUN pipx install x\n",
        "FROM a\nRUN [\"pip\", \"install\", \"x\"]\n",
        "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN pip install x\n",
        "FROM a\nRUN echo pip install x\n",
        "FROM a\n# dfopt ignore=DF008\nRUN pip install x\n",
        "FROM a\n# dfopt ignore=pip-cache-kept\nRUN pip install x\n",
        "FROM a\n# hadolint ignore=DL3042\nRUN pip install x\n",
        "FROM a\n# hadolint ignore=DL3013,DL3042\nRUN pip install x\n",
        "# dfopt global ignore=DF008\nFROM a\nRUN pip install x\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
    FIRES("FROM a\n# hadolint ignore=DL3013\nRUN pip install x\n",
          "FROM a\n# hadolint ignore=DL3013\nRUN pip install --no-cache-dir x\n");
}

/* ---- stages ------------------------------------------------------------ */

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM python AS wheels\nRUN pip wheel -w /w . && pip install x\n"
                     "FROM python\nCOPY --from=wheels /w /w\n";
    df_run_result res;
    run(&res, in, false);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 1);
    assert_int_equal(res.diags.v[0]->severity, DF_SEV_INFO);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[0]->fix->description,
                        "add --no-cache-dir (not applied: the stage is not in the last stage's image)");
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);
    run(&res, in, true);
    assert_true(res.changed);
    assert_non_null(strstr(res.output.data, "pip install --no-cache-dir x"));
    df_run_result_release(&res);
}

/* the author already cleans the cache: find -delete, rm of ~/.cache */
static void test_adds_cleanup_where_author_cleans(void **state)
{
    (void)state;
    SILENT("FROM python:3.12\nRUN pip install flask && find /root/.cache -type f -delete\n");
    SILENT("FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache\n");
    /* pip takes --no-cache for --no-cache-dir (a unique prefix) */
    SILENT("FROM python:3.12\nRUN pip install --no-cache -r requirements.txt\n");
    SILENT("FROM python:3.12\nRUN pip install flask && rm -rf ~/.cache/pip\n");
}

/* A finding shown, not applied, whose fix description holds `why`. */
static void shown_not_applied(const char *in, size_t n, const char *why)
{
    df_run_result res;
    run(&res, in, false);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(res.diags.v[i]->fix->applicability, DF_APPLY_DISPLAY);
        if (!strstr(res.diags.v[i]->fix->description, why))
            fail_msg("description %s lacks %s", res.diags.v[i]->fix->description, why);
    }
    df_run_result_release(&res);
}

/* Review run10, apps 330 (mozilla/solitude on
 * mozillamarketplace/centos-mysql-mkt): the base's pip predates
 * --no-cache-dir (pip 6.0), which it would reject. The file says so: peep,
 * an option pip 8 removed, or the base. And `peep install` is pip install. */
static void test_flag_unsupported_old_pip(void **state)
{
    (void)state;
    shown_not_applied("FROM mozillamarketplace/centos-mysql-mkt:latest\nRUN pip install --no-deps peep\n"
                      "RUN peep install -r requirements.txt\n",
                      2, "known for an old pip");
    shown_not_applied("FROM centos:7\nRUN pip install --no-deps peep\nRUN peep install -r requirements.txt\n", 2,
                      "uses peep");
    shown_not_applied("FROM centos:6\nRUN pip install --download-cache /tmp/pip -r requirements.txt\n", 1,
                      "uses --download-cache");
    /* peep alone, on a modern base, still reads as old */
    shown_not_applied("FROM python:3.12\nRUN peep install -r requirements.txt\n", 1, "uses peep");
    /* no signal: the fix, for pip and for peep's look-alikes */
    FIRES("FROM python:3.12\nRUN pip install -r requirements.txt # peeping\n",
          "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt # peeping\n");
}

/* Review run10, apps 286 (pytorch/serve llm_diffusion_serving_app): the
 * line right above each pip call is the same call with --no-cache-dir,
 * commented out; the fix turned it back on. */
/* review run11 (apps 416, debian:jessie): the distribution's pip of
 * wheezy, jessie, precise and trusty predates 6.0: no cache, and
 * --no-cache-dir stops the build with "no such option" */
static void test_pip_too_old_for_flag(void **state)
{
    (void)state;
    SILENT("FROM debian:jessie\nRUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip\n"
           "RUN pip3 install click==6.6\n");
    SILENT("FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y python-pip && pip install flask\n");
    SILENT("FROM debian:wheezy\nRUN apt-get update && apt-get install -y python-pip\nRUN pip install flask\n");
    SILENT("FROM ubuntu:trusty-20190515 AS base\nRUN apt-get update && apt-get install -y python-pip\n"
           "FROM base\nRUN pip install flask\n");
    /* the call that upgrades pip runs the old pip; after it, a new pip */
    FIRES("FROM debian:jessie\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip3 install -U pip\n"
          "RUN pip3 install click\n",
          "FROM debian:jessie\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip3 install -U pip\n"
          "RUN pip3 install --no-cache-dir click\n");
    FIRES("FROM ubuntu:14.04\nRUN curl -O https://bootstrap.pypa.io/get-pip.py && python get-pip.py\nRUN apt-get install -y python-pip\n"
          "RUN pip install flask\n",
          "FROM ubuntu:14.04\nRUN curl -O https://bootstrap.pypa.io/get-pip.py && python get-pip.py\nRUN apt-get install -y python-pip\n"
          "RUN pip install --no-cache-dir flask\n");
    /* a pip that is not the distribution's (the python image on jessie),
     * and the releases after (Debian 9: pip 9.0.1, Ubuntu 16.04: 8.1.1) */
    FIRES("FROM python:2.7-jessie\nRUN pip install flask\n",
          "FROM python:2.7-jessie\nRUN pip install --no-cache-dir flask\n");
    FIRES("FROM debian:stretch\nRUN apt-get update && apt-get install -y python-pip\nRUN pip install flask\n",
          "FROM debian:stretch\nRUN apt-get update && apt-get install -y python-pip\nRUN pip install --no-cache-dir flask\n");
    FIRES("FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y python3-pip && pip3 install flask\n",
          "FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y python3-pip && pip3 install --no-cache-dir flask\n");
}

/* A python interpreter named through a variable (`python$PYTHON_VERSION
 * -m pip install`, pytorch/serve's Dockerfile.rocm; review run 12) is pip:
 * the same flag, under the same conditions, as `python3 -m pip`. */
static void test_df008_python_var_interpreter(void **state)
{
    (void)state;
    FIRES("FROM a\nARG PYTHON_VERSION=3.11\nRUN python$PYTHON_VERSION -m pip install -U pip setuptools\n",
          "FROM a\nARG PYTHON_VERSION=3.11\nRUN python$PYTHON_VERSION -m pip install --no-cache-dir -U pip setuptools\n");
    FIRES("FROM a\nRUN python${PY_VER} -m pip install x\n", "FROM a\nRUN python${PY_VER} -m pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN python3.$MINOR -m pip install x\n", "FROM a\nRUN python3.$MINOR -m pip install --no-cache-dir x\n");
    FIRES("FROM a\nRUN /usr/bin/python$V -m pip install x\n",
          "FROM a\nRUN /usr/bin/python$V -m pip install --no-cache-dir x\n");
    /* the same conditions as python3 -m pip */
    SILENT("FROM a\nENV PIP_NO_CACHE_DIR=1\nRUN python$PYTHON_VERSION -m pip install x\n");
    SILENT("FROM a\nRUN --mount=type=cache,target=/root/.cache/pip python$PYTHON_VERSION -m pip install x\n");
    SILENT("FROM a\nRUN python$PYTHON_VERSION -m pip install --no-cache-dir x\n");
    SILENT("FROM debian:jessie\nRUN apt-get update && apt-get install -y python-pip\n"
           "RUN python$V -m pip install flask\n");
    /* not a python the name tells: left alone */
    SILENT("FROM a\nRUN $PYTHON -m pip install x\n");
    SILENT("FROM a\nRUN ${PYTHON} -m pip install x\n");
    SILENT("FROM a\nRUN python$V-config -m pip install x\n");
    SILENT("FROM a\nRUN python$(cat v) -m pip install x\n");
    SILENT("FROM a\nRUN $VENV/bin/python$V -m pip install x\n");
    SILENT("FROM a\nRUN python$ -m pip install x\n");
    SILENT("FROM a\nRUN python${V -m pip install x\n");
}

static void test_reverts_commented_choice(void **state)
{
    (void)state;
    shown_not_applied("FROM python:3.12\n# RUN pip install --no-cache-dir -r requirements.txt\n"
                      "RUN pip install -r requirements.txt\n",
                      1, "line 2, in the comments right above");
    /* two comment lines up, spaced differently */
    shown_not_applied("FROM python:3.12\n#RUN   pip install --no-cache-dir  -r r.txt\n# why: see #12\n"
                      "RUN pip install -r r.txt\n",
                      1, "line 2, in the comments right above");
    /* a comment that is another command, or the same without the flag: the fix */
    FIRES("FROM python:3.12\n# RUN pip install --no-cache-dir -r other.txt\nRUN pip install -r r.txt\n",
          "FROM python:3.12\n# RUN pip install --no-cache-dir -r other.txt\nRUN pip install --no-cache-dir -r r.txt\n");
    FIRES("FROM python:3.12\n# RUN pip install -r r.txt\nRUN pip install -r r.txt\n",
          "FROM python:3.12\n# RUN pip install -r r.txt\nRUN pip install --no-cache-dir -r r.txt\n");
    /* not directly above: a line of code in between */
    FIRES("FROM python:3.12\n# RUN pip install --no-cache-dir -r r.txt\nCOPY r.txt .\nRUN pip install -r r.txt\n",
          "FROM python:3.12\n# RUN pip install --no-cache-dir -r r.txt\nCOPY r.txt .\nRUN pip install --no-cache-dir -r r.txt\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adds_cleanup_where_author_cleans),
        cmocka_unit_test(test_single_line_exact),
        cmocka_unit_test(test_fires_forms),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_df008_env_already_disables_cache),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_flag_unsupported_old_pip),
        cmocka_unit_test(test_reverts_commented_choice),
        cmocka_unit_test(test_pip_too_old_for_flag),
        cmocka_unit_test(test_df008_python_var_interpreter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
