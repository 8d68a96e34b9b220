/*
 * test_df003_runtime.c - DF003 and the image's own command: an image whose
 * CMD/ENTRYPOINT, or an entrypoint script it copies from the build context,
 * runs `apt-get install` without `apt-get update` needs the package lists
 * when a container starts, so DF003 only advises. Also: the removal goes
 * after an `apt-get clean` that follows the install (clean makes
 * lists/partial again).
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

#include "cli_util.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#include "rule_test.h"

#define RM "rm -rf /var/lib/apt/lists/*"
#define ADVICE "only advice: the image installs packages when it starts, without apt-get update"

/* The single finding of text run with context ctx: applicability, applied, message part. */
static void one_ctx(const char *text, const char *ctx, int ap, bool applied, const char *msg)
{
    df_options o;
    opts_for(&o, false);
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", text, strlen(text), &o, ctx, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.diags.n != 1)
        fail_msg("input:\n%s\n%zu findings, want 1", text, res.diags.n);
    const df_diag *d = res.diags.v[0];
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, ap);
    assert_int_equal(d->applied, applied);
    assert_int_equal(res.changed, applied);
    if (msg && !strstr(d->message, msg))
        fail_msg("message %s lacks %s", d->message, msg);
    if (!msg && strstr(d->message, "only advice"))
        fail_msg("message %s should not advise only", d->message);
    df_run_result_release(&res);
}

static void test_command_installs(void **state)
{
    (void)state;
    /* shell-form CMD */
    one_ctx("FROM debian\nRUN apt-get update && apt-get install -y curl\nCMD apt-get install -y $EXTRA && exec run\n",
            NULL, DF_APPLY_DISPLAY, false, ADVICE ": CMD)");
    /* exec form through sh -c */
    one_ctx("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
            "ENTRYPOINT [\"/bin/sh\", \"-c\", \"apt install -y $PKGS; exec \\\"$@\\\"\", \"--\"]\n",
            NULL, DF_APPLY_DISPLAY, false, ADVICE ": ENTRYPOINT)");
    /* a command that updates first does not need the build's lists */
    one_ctx("FROM debian\nRUN apt-get update && apt-get install -y curl\n"
            "CMD apt-get update && apt-get install -y $EXTRA && exec run\n",
            NULL, DF_APPLY_SAFE, true, NULL);
    /* an earlier stage's command is not the image's */
    one_ctx("FROM debian AS tool\nCMD apt-get install -y x\nFROM debian\nRUN apt-get install -y curl\nCMD [\"run\"]\n",
            NULL, DF_APPLY_SAFE, true, NULL);
    /* the last CMD counts: an overridden one does not */
    one_ctx("FROM debian\nRUN apt-get install -y curl\nCMD apt-get install -y x\nCMD [\"run\"]\n", NULL, DF_APPLY_SAFE,
            true, NULL);
}

static void test_entrypoint_script(void **state)
{
    (void)state;
    char *ctx = tdir_new();
    twrite(ctx, "docker-entrypoint.sh",
           "#!/bin/sh\nset -e\nif [ -n \"$EXTRA\" ]; then\n  apt-get install -y --no-install-recommends $EXTRA\nfi\n"
           "exec \"$@\"\n",
           0755);
    twrite(ctx, "start.sh", "#!/bin/sh\napt-get update\napt-get install -y $EXTRA\nexec run\n", 0755);
    tmkdir(ctx, "bin");
    twrite(ctx, "bin/run-app", "#!/bin/bash\n[[ -n $X ]] && apt-get install -y $X\nexec app\n", 0755);
    const char *in = "FROM debian\nRUN apt-get update && apt-get install -y curl\n"
                     "COPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"run\"]\n";
    one_ctx(in, ctx, DF_APPLY_DISPLAY, false, ADVICE ": docker-entrypoint.sh, run by the ENTRYPOINT)");
    /* without the context the script cannot be read: the fix applies */
    one_ctx(in, NULL, DF_APPLY_SAFE, true, NULL);
    /* copied under another name, named by its path */
    one_ctx("FROM debian\nRUN apt-get install -y curl\nCOPY docker-entrypoint.sh /entry\nENTRYPOINT [\"/entry\"]\n", ctx,
            DF_APPLY_DISPLAY, false, ADVICE);
    /* a folder copied whole, a script named below it */
    one_ctx("FROM debian\nRUN apt-get install -y curl\nCOPY . /app\nWORKDIR /app\nCMD /app/bin/run-app\n", ctx,
            DF_APPLY_DISPLAY, false, ADVICE ": bin/run-app, run by the CMD)");
    /* a script that runs apt-get update first */
    one_ctx("FROM debian\nRUN apt-get install -y curl\nCOPY start.sh /\nCMD [\"/start.sh\"]\n", ctx, DF_APPLY_SAFE, true,
            NULL);
    /* a script the command does not name */
    one_ctx("FROM debian\nRUN apt-get install -y curl\nCOPY docker-entrypoint.sh /usr/local/bin/\nCMD [\"run\"]\n", ctx,
            DF_APPLY_SAFE, true, NULL);
    /* copied from another stage: not the context's file */
    one_ctx("FROM debian AS b\nFROM debian\nRUN apt-get install -y curl\n"
            "COPY --from=b /docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\n",
            ctx, DF_APPLY_SAFE, true, NULL);
    tdir_free(ctx);
}

static void test_after_clean(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN apt-get update && apt-get install -y curl && apt-get clean\n",
          "FROM debian\nRUN apt-get update && apt-get install -y curl && apt-get clean && " RM "\n");
    FIRES("FROM debian\nRUN apt-get update \\\n && apt-get install -y curl \\\n && apt-get clean \\\n && echo done\n",
          "FROM debian\nRUN apt-get update \\\n && apt-get install -y curl \\\n && apt-get clean \\\n && echo "
          "done \\\n && " RM "\n"); /* the end of the && chain, after the clean */
    /* a clean before the install changes nothing */
    FIRES("FROM debian\nRUN apt-get clean && apt-get install -y curl\n",
          "FROM debian\nRUN apt-get clean && apt-get install -y curl && " RM "\n");
    /* autoclean does not touch the lists: the removal goes at the end of
     * the chain, as for any command after the install */
    FIRES("FROM debian\nRUN apt-get install -y curl && apt-get autoclean\n",
          "FROM debian\nRUN apt-get install -y curl && apt-get autoclean && " RM "\n");
    /* the author's dist-clean is left as written */
    SILENT("FROM debian\nRUN apt-get install -y curl && apt-get clean && apt-get dist-clean\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_command_installs),
        cmocka_unit_test(test_entrypoint_script),
        cmocka_unit_test(test_after_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
