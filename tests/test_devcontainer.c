/*
 * test_devcontainer.c - a Dockerfile is a dev container's image by its
 * real folder (.devcontainer/, also when dfopt runs inside it) or because
 * a devcontainer.json names it (paperless-ngx's .devcontainer, review run
 * 7; images named from a devcontainer.json outside .devcontainer/), and
 * then DF003 and DF004 leave what its users work with.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/devcontainer.h"
#include "dfopt/dircache.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

static const char image[] = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y git sudo\n";

static int is_dev(const char *dir, const char *name, df_dircache *dirs, char *why, size_t whylen)
{
    char *p = tpath(dir, name);
    int r = df_devcontainer_of(p, dirs, -1, why, whylen);
    free(p);
    return r;
}

/* the .devcontainer/ folder counts by the real path: run from inside it,
 * the path given is only "Dockerfile" */
static void dot_folder_from_inside(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    tmkdir(d, ".devcontainer");
    twrite(d, ".devcontainer/Dockerfile", image, 0644);
    twrite(d, "Dockerfile", image, 0644);
    char why[256], cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char *inside = tpath(d, ".devcontainer");
    assert_int_equal(chdir(inside), 0);
    int r = df_devcontainer_of("Dockerfile", NULL, -1, why, sizeof why);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(r, 1);
    assert_string_equal(why, ".devcontainer/");
    assert_int_equal(is_dev(d, "Dockerfile", NULL, why, sizeof why), 0);
    free(inside);
    tdir_free(d);
}

/* Review class "devcontainer image outside .devcontainer/": a
 * devcontainer.json (JSONC: comments, trailing commas) in a folder above
 * names the Dockerfile under build.dockerfile, relative to itself; the
 * older top-level dockerFile and the spec's .devcontainer/NAME/ folders
 * count too. Another Dockerfile of the same folder is not one. */
static void devcontainer_json_names_the_dockerfile(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    tmkdir(d, "docker");
    tmkdir(d, "build");
    tmkdir(d, ".devcontainer");
    tmkdir(d, ".devcontainer/py");
    twrite(d, "docker/dev.Dockerfile", image, 0644);
    twrite(d, "docker/prod.Dockerfile", image, 0644);
    twrite(d, "Dockerfile", image, 0644);
    twrite(d, "build/Dockerfile", image, 0644);
    twrite(d, ".devcontainer.json",
           "// written by VS Code\n{\n  \"name\": \"see https://containers.dev\",\n"
           "  \"build\": {\n    \"dockerfile\": \"docker/dev.Dockerfile\", /* relative */\n  },\n}\n",
           0644);
    twrite(d, ".devcontainer/devcontainer.json", "{ \"build\": { \"dockerfile\": \"../Dockerfile\" } }\n", 0644);
    twrite(d, ".devcontainer/py/devcontainer.json", "{ \"dockerFile\": \"../../build/Dockerfile\" }\n", 0644);
    df_dircache *dirs = df_dircache_new();
    assert_non_null(dirs);
    char why[512];
    assert_int_equal(is_dev(d, "docker/dev.Dockerfile", dirs, why, sizeof why), 1);
    assert_non_null(strstr(why, "/.devcontainer.json"));
    assert_int_equal(is_dev(d, "docker/prod.Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_dev(d, "Dockerfile", dirs, why, sizeof why), 1);
    assert_non_null(strstr(why, "/.devcontainer/devcontainer.json"));
    assert_int_equal(is_dev(d, "build/Dockerfile", dirs, why, sizeof why), 1);
    assert_non_null(strstr(why, "/.devcontainer/py/devcontainer.json"));
    /* each folder is read once in the run: asking again reads nothing */
    size_t reads = df_dircache_reads(dirs);
    assert_int_equal(is_dev(d, "docker/prod.Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_dev(d, "docker/dev.Dockerfile", dirs, why, sizeof why), 1);
    assert_int_equal(df_dircache_reads(dirs), reads);
    df_dircache_free(dirs);
    /* a run of one file lists no folder it has not listed yet: the same
     * answers come from probes of the four names (the latency of one
     * process in a folder of thousands of Dockerfiles) */
    dirs = df_dircache_new();
    assert_non_null(dirs);
    df_dircache_probe_listing(dirs, false);
    assert_int_equal(is_dev(d, "docker/dev.Dockerfile", dirs, why, sizeof why), 1);
    assert_non_null(strstr(why, "/.devcontainer.json"));
    assert_int_equal(is_dev(d, "docker/prod.Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_dev(d, "Dockerfile", dirs, why, sizeof why), 1);
    assert_int_equal(is_dev(d, "build/Dockerfile", dirs, why, sizeof why), 1);
    char *docker = tpath(d, "docker");
    assert_false(df_dircache_listed(dirs, docker));
    assert_false(df_dircache_listed(dirs, d));
    free(docker);
    df_dircache_free(dirs);
    /* a json outside the work tree (above the folder holding .git) does
     * not count */
    char *top = tdir_new();
    char *repo = tpath(top, "repo");
    assert_int_equal(mkdir(repo, 0755), 0);
    tmkdir(repo, ".git");
    twrite(repo, "Dockerfile", image, 0644);
    twrite(top, "devcontainer.json", "{\"build\": {\"dockerfile\": \"repo/Dockerfile\"}}", 0644);
    assert_int_equal(is_dev(repo, "Dockerfile", NULL, why, sizeof why), 0);
    free(repo);
    tdir_free(top);
    tdir_free(d);
}

/* the answer kept for a folder whose walk finds no json naming a
 * Dockerfile is kept only then: a file of the folder that is not named,
 * asked first, does not hide the one named beside it */
static void devcontainer_same_folder_asked_first(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    tmkdir(d, "docker");
    twrite(d, "docker/prod.Dockerfile", image, 0644);
    twrite(d, "docker/dev.Dockerfile", image, 0644);
    twrite(d, "devcontainer.json", "{ \"build\": { \"dockerfile\": \"docker/dev.Dockerfile\" } }\n", 0644);
    df_dircache *dirs = df_dircache_new();
    assert_non_null(dirs);
    char why[512];
    assert_int_equal(is_dev(d, "docker/prod.Dockerfile", dirs, why, sizeof why), 0);
    assert_int_equal(is_dev(d, "docker/dev.Dockerfile", dirs, why, sizeof why), 1);
    assert_non_null(strstr(why, "/devcontainer.json"));
    assert_int_equal(is_dev(d, "docker/prod.Dockerfile", dirs, why, sizeof why), 0);
    assert_string_equal(why, "");
    df_dircache_free(dirs);
    tdir_free(d);
}

static void jsonc_comments_and_trailing_commas(void **state)
{
    (void)state;
    const char *in = "{ // c\n \"a\": \"x // y /* z */\", /* b */ \"l\": [1, 2,],\n}";
    size_t n;
    char *out = df_jsonc_to_json(in, strlen(in), &n);
    assert_non_null(out);
    assert_string_equal(out, "{ \n \"a\": \"x // y /* z */\",   \"l\": [1, 2 ] \n}");
    free(out);
}

/* DF003 and DF004 in a dev container's image: no fix applied (DF003
 * advice, DF004 silent), where the same file elsewhere is rewritten. */
static void devcontainer_image_keeps_recommends_and_lists(void **state)
{
    (void)state;
    df_options o;
    df_options_default(&o);
    df_run_result res;
    df_run("docker/dev.Dockerfile", image, strlen(image), &o, NULL, &res);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_true(res.changed);
    df_run_result_release(&res);
    o.devcontainer = "/repo/.devcontainer.json";
    df_run("docker/dev.Dockerfile", image, strlen(image), &o, NULL, &res);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_false(res.changed);
    for (size_t i = 0; i < res.diags.n; i++)
        assert_string_not_equal(res.diags.v[i]->rule->id, "DF004");
    df_run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dot_folder_from_inside),
        cmocka_unit_test(devcontainer_json_names_the_dockerfile),
        cmocka_unit_test(devcontainer_same_folder_asked_first),
        cmocka_unit_test(jsonc_comments_and_trailing_commas),
        cmocka_unit_test(devcontainer_image_keeps_recommends_and_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
