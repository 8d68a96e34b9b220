/*
 * DF008 pip-cache-kept (hadolint DL3042)
 *
 * What it finds: `pip install` (also pip3, pip2, `python -m pip`,
 * `python3 -m pip`, behind sudo/env, in ONBUILD RUN, heredoc scripts and
 * any branch of a command list) without `--no-cache-dir`.
 *
 * Why it matters: pip keeps every wheel it downloads or builds in
 * ~/.cache/pip. In an image that cache is never used again, yet it stays in
 * the layer: often tens of megabytes, hundreds for numpy, torch and the
 * like.
 *
 * Example:
 *     RUN pip install -r requirements.txt
 *     RUN python3 -m pip install --upgrade pip
 * becomes
 *     RUN pip install --no-cache-dir -r requirements.txt
 *     RUN python3 -m pip install --no-cache-dir --upgrade pip
 *
 * Left alone: a RUN that removes the cache after the install itself
 * (`rm -rf /root/.cache`, `find /root/.cache -delete`); `--no-cache-dir` anywhere in the call (also after the
 * requirements); PIP_NO_CACHE_DIR with a non-empty value, from ENV or an
 * ARG default in the stage or a stage it is built FROM, an `export` earlier
 * in the script, or an assignment on the call (`PIP_NO_CACHE_DIR=1 pip`,
 * `env PIP_NO_CACHE_DIR=1 pip`): pip disables the cache for any valid
 * boolean there, even "false" or "0"; a BuildKit cache or tmpfs mount on
 * /root/.cache/pip or /root/.cache; an explicit `--cache-dir` (the author
 * chose where the cache goes); other subcommands (`pip download`, `pip
 * wheel`); `uv pip` and pipx (not pip); exec-form RUNs and non-POSIX
 * shells. In stages that do not reach the image the finding is info and
 * the fix is only displayed (--fix-build-stages applies it).
 *
 * Fix safety: safe. ` --no-cache-dir` is inserted right after `install`,
 * so it is never taken for a package name or placed after `--`; pip only
 * skips reading and writing its cache, the installed packages are the same.
 */
#include <string.h>

#include "pm.h"

#define FLAG " --no-cache-dir"

static bool any_var_set(const df_pm_run *r, const df_pm_call *call)
{
    const df_fact *names = df_fact_get(call->m, "env_no_cache");
    size_t i;
    const df_fact *n;
    df_fact_foreach(names, i, n)
    {
        if (df_fact_is_string(n) && df_pm_var_set(r, df_fact_str(n), call->cmd->span.start))
            return true;
    }
    return false;
}

static bool exempt(const df_pm_run *r, const df_pm_call *call)
{
    if (df_pm_has_flag(call, "no_cache") || df_sh_has_flag(&call->view, call->spec, "--cache-dir"))
        return true;
    /* the author removes the cache later in the RUN (rm -rf /root/.cache,
     * find ~/.cache -delete): nothing stays */
    return df_pm_cache_mounted(r, call->m) || any_var_set(r, call) ||
           df_pm_cleaned_after(r, call->m, "cleanup_paths", call->end);
}

static void check_run(df_pm_run *r, void *user)
{
    (void)user;
    static const char *const managers[] = {"pip", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(r, managers, &calls);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (!df_pm_sub_is(call, "install") || exempt(r, call))
            continue;
        bool fix;
        df_severity sev = df_pm_severity(r, &fix);
        df_span sp = df_runsh_span(&r->rs, call->cmd->span);
        df_diag *d = df_report(r->c, sev, sp, "pip install without --no-cache-dir keeps its download cache in the layer");
        if (!d)
            return;
        const char *desc = fix ? "add --no-cache-dir" : "add --no-cache-dir (not applied: the stage is not in the last stage's image)";
        if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
            return;
        size_t at = df_pm_src(r, call->sub->span.end - 1) + 1;
        df_fix_add_edit(r->c->out, d, at, at, FLAG, strlen(FLAG));
    }
}

static void check(df_ctx *c)
{
    df_pm_each_run(c, check_run, NULL);
}

const df_rule df_rule_df008 = {
    .id = "DF008",
    .name = "pip-cache-kept",
    .hadolint = "DL3042",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "pip install without --no-cache-dir",
    .worth = "image size: the pip download cache no longer ships",
    .check = check,
};
