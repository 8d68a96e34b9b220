/*
 * test_sibling.c - review class size-demo-baseline (run 13, apps 525,
 * coding-latte's golang multistage demo): the single-stage "before" file
 * of a size comparison, whose sibling builds the same multi-stage, is
 * reported without a fix (src/sibling.c, driver.c), in a checkout; a
 * folder of many Dockerfiles (the corpus's) is not a comparison.
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
#include "dfopt/ast.h"
#include "dfopt/parser.h"
#include "dfopt/sibling.h"
#include "dfopt/source.h"

static char g_bin[PATH_MAX];

static const char before[] = "FROM golang\n\nWORKDIR /go/src/example/demo\n\nCOPY . .\n\nRUN go get .\n\n"
                             "RUN go build -o app .\n\nCMD [ \"./app\" ]\n\nEXPOSE 8080\n";
static const char after[] = "FROM golang as builder\n\nWORKDIR /go/src/example/demo\n\nCOPY . .\n\nRUN go get .\n\n"
                            "RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o app .\n\n"
                            "# deployment image\nFROM scratch\n"
                            "COPY --from=builder /go/src/example/demo/app .\n\nCMD [\"./app\"]\n";
/* a development file beside a production one: another program runs */
static const char dev[] = "FROM golang\nWORKDIR /go/src/example/demo\nCOPY . .\nRUN go get .\n"
                          "CMD [\"go\", \"run\", \".\"]\n";

/* the driver's question, with the file's parse (df_size_baseline_of
 * takes the parse the driver has; it does not parse the file again) */
static int baseline(const char *dir, const char *name, const char *text, char *why, size_t whylen)
{
    char *p = tpath(dir, name);
    df_source src;
    assert_int_equal(df_source_init(&src, name, text, strlen(text)), 0);
    df_parse_error err;
    df_doc *doc = df_parse(&src, &err);
    assert_non_null(doc);
    int r = df_size_baseline_of(p, doc, NULL, -1, why, whylen);
    df_doc_free(doc);
    df_source_release(&src);
    free(p);
    return r;
}

/* fires with a multi-stage sibling that repeats the build and runs the
 * same command; silent for the sibling itself, a dev file, a sibling
 * building FROM another image, a file alone, a group of another flattened
 * folder */
static void test_size_demo_baseline(void **state)
{
    (void)state;
    char why[256];
    char *d = tdir_new();
    twrite(d, "dockerfile", before, 0644);
    assert_int_equal(baseline(d, "dockerfile", before, why, sizeof why), 0); /* alone */
    twrite(d, "scratch.dockerfile", after, 0644);
    twrite(d, "notes.txt", after, 0644);
    assert_int_equal(baseline(d, "dockerfile", before, why, sizeof why), 1);
    assert_string_equal(why, "scratch.dockerfile");
    assert_int_equal(baseline(d, "scratch.dockerfile", after, why, sizeof why), 0);
    twrite(d, "Dockerfile.dev", dev, 0644);
    assert_int_equal(baseline(d, "Dockerfile.dev", dev, why, sizeof why), 0);
    tdir_free(d);
    /* the builder on another image is another build */
    d = tdir_new();
    twrite(d, "Dockerfile", before, 0644);
    char other[sizeof after + 16];
    snprintf(other, sizeof other, "%s", after);
    memcpy(strstr(other, "golang as"), "gcc:14", 6);
    twrite(d, "Dockerfile.multi", other, 0644);
    assert_int_equal(baseline(d, "Dockerfile", before, why, sizeof why), 0);
    /* the same base and sources, but none of the file's RUNs: another build */
    snprintf(other, sizeof other, "%s", after);
    memcpy(strstr(other, "go get ."), "go vet .", 8);
    twrite(d, "Dockerfile.multi", other, 0644);
    assert_int_equal(baseline(d, "Dockerfile", before, why, sizeof why), 0);
    tdir_free(d);
    /* a file name is never split: names with "__" are names; a folder of
     * many Dockerfiles (the corpus's flattened ones) is not a comparison */
    d = tdir_new();
    twrite(d, "me__demo__dockerfile", before, 0644);
    twrite(d, "me__demo__alpine.dockerfile", after, 0644);
    assert_int_equal(baseline(d, "me__demo__dockerfile", before, why, sizeof why), 1);
    assert_string_equal(why, "me__demo__alpine.dockerfile");
    twrite(d, "a.dockerfile", dev, 0644);
    twrite(d, "b.dockerfile", dev, 0644);
    twrite(d, "c.dockerfile", dev, 0644);
    assert_int_equal(baseline(d, "me__demo__dockerfile", before, why, sizeof why), 1);
    twrite(d, "d.dockerfile", dev, 0644);
    assert_int_equal(baseline(d, "me__demo__dockerfile", before, why, sizeof why), 0);
    tdir_free(d);
}

/* the answers again from another folder, and none without a parse */
static void test_size_demo_baseline_doc(void **state)
{
    (void)state;
    char why[256];
    char *d = tdir_new();
    twrite(d, "dockerfile", before, 0644);
    assert_int_equal(baseline(d, "dockerfile", before, why, sizeof why), 0); /* alone */
    twrite(d, "scratch.dockerfile", after, 0644);
    assert_int_equal(baseline(d, "dockerfile", before, why, sizeof why), 1);
    assert_string_equal(why, "scratch.dockerfile");
    assert_int_equal(baseline(d, "scratch.dockerfile", after, why, sizeof why), 0);
    twrite(d, "Dockerfile.dev", dev, 0644);
    assert_int_equal(baseline(d, "Dockerfile.dev", dev, why, sizeof why), 0);
    char *p = tpath(d, "dockerfile");
    assert_int_equal(df_size_baseline_of(p, NULL, NULL, -1, why, sizeof why), 0);
    assert_string_equal(why, "");
    free(p);
    tdir_free(d);
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

/* end to end in a checkout: the baseline gets its findings and no diff,
 * the reason in the message; removing the sibling brings the fix back */
static void test_size_demo_baseline_checkout(void **state)
{
    (void)state;
    char *d = tdir_new();
    tmkdir(d, ".git");
    twrite(d, "dockerfile", before, 0644);
    twrite(d, "scratch.dockerfile", after, 0644);
    cli_res r;
    run_cli(&r, d, (const char *const[]){"--diff", "dockerfile", NULL});
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "[DF025]"));
    assert_non_null(strstr(r.err, "(fix not applied: the file is the single-stage baseline of a size comparison: "
                                  "scratch.dockerfile in the same folder builds the same in stages; the baseline "
                                  "stays as it is)"));
    cli_res_free(&r);
    char *s = tpath(d, "scratch.dockerfile");
    assert_int_equal(unlink(s), 0);
    free(s);
    run_cli(&r, d, (const char *const[]){"--diff", "dockerfile", NULL});
    assert_int_equal(r.rc, 1);
    assert_non_null(strstr(r.out, "+RUN go build -o app . && go clean -cache"));
    cli_res_free(&r);
    tdir_free(d);
}

int main(void)
{
    if (tbin_find("test_sibling", g_bin) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_demo_baseline),
        cmocka_unit_test(test_size_demo_baseline_doc),
        cmocka_unit_test(test_size_demo_baseline_checkout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
