/*
 * test_cifile.c - review class ci-environment-image (run 13, apps 395,
 * apache/brooklyn-ui): a Dockerfile that the repository's Jenkinsfile
 * builds and runs its steps in is a CI toolchain image, so DF004 gives
 * advice and DF021 says nothing (src/cifile.c, passes/image.c); also
 * known from the file alone when it inherits maven's CMD mvn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/buf.h"
#include "dfopt/cifile.h"
#include "dfopt/dircache.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

static char g_bin[PATH_MAX];

/* brooklyn-ui's CI image, shortened (review repro-395) */
static const char ci_image[] = "FROM maven:3.8.6-jdk-8\n"
                               "# Install necessary binaries to build the UI\n"
                               "RUN apt-get update && apt-get install -y git-core \\\n"
                               "    make automake autoconf libtool nasm gcc\n"
                               "RUN mkdir -p /var/maven/.m2/ && chmod -R 777 /var/maven/\n"
                               "ENV MAVEN_CONFIG=/var/maven/.m2\n";

static const char jenkinsfile[] = "node('ubuntu') {\n"
                                  "  def environmentDockerImage // the image\n"
                                  "  stage('Prepare') {\n"
                                  "    environmentDockerImage = docker.build(\"brooklyn:${DOCKER_TAG}\")\n"
                                  "  }\n"
                                  "  stage('Test') {\n"
                                  "    environmentDockerImage.inside('-v ${WORKSPACE}:/usr/build') {\n"
                                  "      sh 'mvn clean install'\n"
                                  "    }\n"
                                  "  }\n"
                                  "}\n";

static char *refs(const char *text)
{
    df_buf b = DF_BUF_INIT;
    assert_int_equal(df_jenkinsfile_refs(text, strlen(text), &b), 0);
    size_t n;
    char *s = df_buf_detach(&b, &n);
    assert_non_null(s);
    return s;
}

/* fires: each way a Jenkinsfile builds an image and runs steps in it */
static void test_ci_environment_image_refs(void **state)
{
    (void)state;
    char *s = refs(jenkinsfile);
    assert_string_equal(s, "b ./Dockerfile\n");
    free(s);
    s = refs("docker.build('ci', '-f ci/Dockerfile.build .').inside { sh 'make' }\n"
             "def img = docker.build(\"x\", \"--file=tools/Dockerfile tools\")\nimg.inside { sh 'make' }\n"
             "docker.build('env:1', '--pull docker/env')\ndocker.image('env:1').inside { sh 'make' }\n");
    assert_string_equal(s, "b ci/Dockerfile.build\nb tools/Dockerfile\nb docker/env/Dockerfile\n");
    free(s);
    s = refs("pipeline { agent { dockerfile true } }\n"
             "pipeline { agent { dockerfile { filename 'Dockerfile.ci'\n dir 'build'\n label 'x' } } }\n");
    assert_string_equal(s, "a ./Dockerfile\na build/Dockerfile.ci\n");
    free(s);
    /* stays silent: built and pushed, never run in; run in another
     * image; a path behind a variable; commented out; a string that only
     * says it */
    s = refs("docker.build('app:1').push()\n"
             "def app = docker.build('app:2', '-f deploy/Dockerfile .')\napp.push()\n"
             "docker.image('maven:3').inside { sh 'mvn test' }\n"
             "docker.build('x', \"-f ${DF} .\").inside { sh 'make' }\n"
             "// docker.build('y').inside { sh 'make' }\n"
             "/* agent { dockerfile true } */\n"
             "echo 'docker.build(\"z\").inside'\n");
    assert_string_equal(s, "");
    free(s);
}

static int is_ci(const char *dir, const char *name, df_dircache *dirs, char *why, size_t whylen)
{
    char *p = tpath(dir, name);
    int r = df_ci_image_of(p, dirs, -1, why, whylen);
    free(p);
    return r;
}

/* the Jenkinsfile at the top of the work tree names files relative to
 * the top; the one beside the Dockerfile too; nothing above .git counts */
static void test_ci_environment_image_folders(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    tmkdir(d, "ci");
    tmkdir(d, "app");
    twrite(d, "Dockerfile", ci_image, 0644);
    twrite(d, "ci/Dockerfile", ci_image, 0644);
    twrite(d, "app/Dockerfile", ci_image, 0644);
    twrite(d, "Jenkinsfile", jenkinsfile, 0644);
    twrite(d, "ci/Jenkinsfile", "docker.build('t', '-f ci/Dockerfile ci').inside { sh 'make' }\n", 0644);
    df_dircache *dirs = df_dircache_new();
    assert_non_null(dirs);
    char why[512];
    assert_int_equal(is_ci(d, "Dockerfile", dirs, why, sizeof why), 1);
    assert_string_equal(why, "Jenkinsfile: docker.build(...), steps .inside it");
    assert_int_equal(is_ci(d, "ci/Dockerfile", dirs, why, sizeof why), 1);
    assert_string_equal(why, "Jenkinsfile: docker.build(...), steps .inside it");
    assert_int_equal(is_ci(d, "app/Dockerfile", dirs, why, sizeof why), 0);
    assert_string_equal(why, "");
    df_dircache_free(dirs);
    /* the same answers from probes (a run of one file) */
    dirs = df_dircache_new();
    assert_non_null(dirs);
    df_dircache_probe_listing(dirs, false);
    assert_int_equal(is_ci(d, "Dockerfile", dirs, why, sizeof why), 1);
    assert_int_equal(is_ci(d, "app/Dockerfile", dirs, why, sizeof why), 0);
    df_dircache_free(dirs);
    tdir_free(d);
    /* a Jenkinsfile above the top of the work tree says nothing */
    char *top = tdir_new();
    tmkdir(top, "repo");
    tmkdir(top, "repo/.git");
    twrite(top, "repo/Dockerfile", ci_image, 0644);
    twrite(top, "Jenkinsfile", "docker.build('t', '-f repo/Dockerfile repo').inside { sh 'make' }\n", 0644);
    assert_int_equal(is_ci(top, "repo/Dockerfile", NULL, why, sizeof why), 0);
    tdir_free(top);
}

/* the answer kept for a folder whose walk names no Dockerfile (its later
 * files ask one question) is kept only then: a file of the folder that is
 * not named, asked first, does not hide the one named beside it; a folder
 * under one whose Jenkinsfile names nothing answers 0 without reading
 * again (the folder answers already spare that read: this checks the
 * answer, not which of the two memos gave it) */
static void test_ci_environment_image_same_folder(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    tmkdir(d, "plain");
    twrite(d, "Dockerfile", ci_image, 0644);
    twrite(d, "Dockerfile.ci", ci_image, 0644);
    twrite(d, "plain/Dockerfile", ci_image, 0644);
    twrite(d, "plain/Dockerfile.prod", ci_image, 0644);
    twrite(d, "Jenkinsfile", "docker.build('t', '-f Dockerfile.ci .').inside { sh 'make' }\n", 0644);
    df_dircache *dirs = df_dircache_new();
    assert_non_null(dirs);
    char why[512];
    assert_int_equal(is_ci(d, "Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_ci(d, "Dockerfile.ci", dirs, why, sizeof why), 1);
    assert_string_equal(why, "Jenkinsfile: docker.build(...), steps .inside it");
    assert_int_equal(is_ci(d, "Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_ci(d, "plain/Dockerfile", dirs, why, sizeof why), 0);
    size_t reads = df_dircache_reads(dirs);
    assert_int_equal(is_ci(d, "plain/Dockerfile.prod", dirs, why, sizeof why), 0);
    assert_string_equal(why, "");
    assert_int_equal(df_dircache_reads(dirs), reads);
    df_dircache_free(dirs);
    /* no Jenkinsfile names anything: the second file of a folder too */
    char *e = tdir_new();
    tmkdir(e, ".git");
    twrite(e, "Dockerfile", ci_image, 0644);
    twrite(e, "Dockerfile.dev", ci_image, 0644);
    twrite(e, "Jenkinsfile", "docker.build('app:1').push()\n", 0644);
    dirs = df_dircache_new();
    assert_non_null(dirs);
    assert_int_equal(is_ci(e, "Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_ci(e, "Dockerfile.dev", dirs, why, sizeof why), 0);
    df_dircache_free(dirs);
    tdir_free(e);
    tdir_free(d);
}

/* DF004's fix is advice naming the Jenkinsfile, DF021 says nothing;
 * without the fact (a FROM whose image does not say toolchain) DF004
 * fixes and DF021 advises a split */
static void test_ci_environment_image_rules(void **state)
{
    (void)state;
    static const char jdk[] = "FROM eclipse-temurin:17-jdk\n"
                              "RUN apt-get update && apt-get install -y git-core make\n"
                              "RUN mkdir -p /var/maven\n";
    df_options o;
    df_options_default(&o);
    df_run_result res;
    df_run("Dockerfile", jdk, strlen(jdk), &o, NULL, &res);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_true(res.changed);
    bool df021 = false;
    for (size_t i = 0; i < res.diags.n; i++)
        df021 = df021 || strcmp(res.diags.v[i]->rule->id, "DF021") == 0;
    assert_true(df021);
    df_run_result_release(&res);
    o.ci_image = "Jenkinsfile: docker.build(...), steps .inside it";
    df_run("Dockerfile", jdk, strlen(jdk), &o, NULL, &res);
    assert_int_equal(res.status, DF_RUN_OK);
    bool df004 = false;
    for (size_t i = 0; i < res.diags.n; i++) {
        const df_diag *d = res.diags.v[i];
        assert_string_not_equal(d->rule->id, "DF021");
        if (strcmp(d->rule->id, "DF004") == 0) {
            df004 = true;
            assert_int_equal(d->fix->applicability, DF_APPLY_DISPLAY);
            assert_non_null(strstr(d->fix->description,
                                   "(advice: the CI builds this image and runs its jobs in it (Jenkinsfile: "
                                   "docker.build(...), steps .inside it); they may rely on the recommended packages"));
        }
    }
    assert_true(df004);
    df_run_result_release(&res);
}

/* from the file alone: on maven, no CMD and nothing copied from the
 * context, the image inherits CMD ["mvn"]: a toolchain; a COPY of the
 * sources or a CMD of its own makes it an application again */
static void test_ci_environment_image_file_only(void **state)
{
    (void)state;
    df_options o;
    df_options_default(&o);
    df_run_result res;
    df_run("Dockerfile", ci_image, strlen(ci_image), &o, NULL, &res);
    assert_int_equal(res.status, DF_RUN_OK);
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_string_not_equal(res.diags.v[i]->rule->id, "DF021");
        if (strcmp(res.diags.v[i]->rule->id, "DF004") == 0)
            assert_int_equal(res.diags.v[i]->fix->applicability, DF_APPLY_DISPLAY);
    }
    df_run_result_release(&res);
    static const char app[] = "FROM maven:3.8.6-jdk-8\nRUN apt-get update && apt-get install -y git-core make\nCOPY . /src\n";
    df_run("Dockerfile", app, strlen(app), &o, NULL, &res);
    bool df021 = false, df004fix = false;
    for (size_t i = 0; i < res.diags.n; i++) {
        df021 = df021 || strcmp(res.diags.v[i]->rule->id, "DF021") == 0;
        df004fix = df004fix || (strcmp(res.diags.v[i]->rule->id, "DF004") == 0 &&
                                res.diags.v[i]->fix->applicability == DF_APPLY_SAFE);
    }
    assert_true(df021);
    assert_true(df004fix);
    df_run_result_release(&res);
}

static void run_cli(cli_res *r, const char *dir, const char *const *args)
{
    char *argv[16];
    size_t n = 0;
    argv[n++] = g_bin;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = (char *)(uintptr_t)args[i];
    argv[n] = NULL;
    if (run_prog(r, dir, NULL, 0, argv, -1) < 0)
        fail_msg("cannot run %s", g_bin);
}

/* end to end: a checkout with a Jenkinsfile beside a Dockerfile on a base
 * the file alone does not call a toolchain: DF003's fix is applied, DF004
 * is advice, DF021 silent; without the Jenkinsfile DF004 is fixed */
static void test_ci_environment_image_checkout(void **state)
{
    (void)state;
    static const char df[] = "FROM eclipse-temurin:17-jdk\n"
                             "RUN apt-get update && apt-get install -y git-core make\n";
    char *d = tdir_new();
    tmkdir(d, ".git");
    twrite(d, "Dockerfile", df, 0644);
    twrite(d, "Jenkinsfile", jenkinsfile, 0644);
    cli_res r;
    run_cli(&r, d, (const char *const[]){"--diff", "Dockerfile", NULL});
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.out, "+RUN apt-get update && apt-get install -y git-core make && rm -rf /var/lib/apt/lists/*"));
    assert_non_null(strstr(r.err, "(advice: the CI builds this image and runs its jobs in it (Jenkinsfile: "));
    assert_null(strstr(r.err, "DF021"));
    cli_res_free(&r);
    char *jf = tpath(d, "Jenkinsfile");
    assert_int_equal(unlink(jf), 0);
    free(jf);
    run_cli(&r, d, (const char *const[]){"--diff", "Dockerfile", NULL});
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.out, "--no-install-recommends"));
    assert_non_null(strstr(r.err, "DF021"));
    cli_res_free(&r);
    tdir_free(d);
}

int main(void)
{
    if (tbin_find("test_cifile", g_bin) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ci_environment_image_refs),
        cmocka_unit_test(test_ci_environment_image_folders),
        cmocka_unit_test(test_ci_environment_image_same_folder),
        cmocka_unit_test(test_ci_environment_image_rules),
        cmocka_unit_test(test_ci_environment_image_file_only),
        cmocka_unit_test(test_ci_environment_image_checkout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
