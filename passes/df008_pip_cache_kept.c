/*
 * DF008 pip-cache-kept (hadolint DL3042)
 *
 * What it finds: `pip install` (also pip3, pip2, `python -m pip`,
 * `python3 -m pip`, an interpreter named through a variable such as
 * `python$PYTHON_VERSION -m pip` or `python3.${MINOR} -m pip`, behind
 * sudo/env, in ONBUILD RUN, heredoc scripts and any branch of a command
 * list) without `--no-cache-dir`.
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
 * the fix is only displayed (--fix-build-stages applies it). `peep
 * install` (the hash-checking pip wrapper of 2013-2016) is pip install.
 *
 * Shown, not applied: when the comment line right above the command is
 * the same command with --no-cache-dir (the author had it and commented it
 * out: pytorch/serve's llm_diffusion_serving_app; the reason is theirs to
 * tell); and in a file whose pip may predate --no-cache-dir (pip 6.0,
 * 2014; older pips reject the option and keep no cache): it uses peep or
 * an option pip 8 removed (--download-cache, --use-mirrors,
 * --allow-external...), or its base is known for an old pip
 * (mozillamarketplace/centos-mysql-mkt; pip "old_pip_signals" in
 * data/package-managers.json).
 *
 * Silent: a stage built on a release whose distribution pip predates 6.0
 * (Debian wheezy and jessie, Ubuntu precise and trusty: pip 1.0 to 1.5.6)
 * that installs that pip (python-pip, python3-pip) and does not replace it
 * in an earlier instruction (a pip install of pip, get-pip.py,
 * easy_install): that pip keeps no cache, and --no-cache-dir would stop
 * the build with "no such option" (pip "distro_pip_releases").
 *
 * Fix safety: safe. ` --no-cache-dir` is inserted right after `install`,
 * so it is never taken for a package name or placed after `--`; pip only
 * skips reading and writing its cache, the installed packages are the same.
 */
#include <stdio.h>
#include <string.h>

#include "comments.h"
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

/* Is s[0, n) holding word w (bounded by a blank, quote, =, or the ends)? */
static bool has_word_in(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = df_bytes_find(s, n, w); p; p = df_bytes_find(p + 1, n - (size_t)(p + 1 - s), w)) {
        size_t i = (size_t)(p - s);
        bool l = i == 0 || strchr(" \t\"'=;&|(", s[i - 1]);
        bool r = i + wl == n || strchr(" \t\"'=;&|)", s[i + wl]);
        if (l && r)
            return true;
        if (i + 1 >= n)
            break;
    }
    return false;
}

/* Why the file's pip may predate --no-cache-dir (data: pip
 * "old_pip_signals"), or NULL: one pass over the file's instructions. */
static const char *old_pip(df_ctx *c, char *buf, size_t bn)
{
    const df_fact *sig = df_fact_get(df_kb_manager(c->kb, "pip"), "old_pip_signals");
    if (!sig)
        return NULL;
    const df_doc *d = c->doc;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        const char *t = in->line.text;
        size_t n = in->line.len;
        df_runsh_work(c->scripts, n);
        size_t k;
        const df_fact *w;
        if (in->cmd == DF_CMD_FROM) {
            df_fact_foreach(df_fact_get(sig, "images"), k, w)
            {
                const char *lit = df_fact_str(w);
                if (lit && *lit && df_bytes_contain(t, n, lit)) {
                    snprintf(buf, bn,
                             "the base image (%s...) is known for an old pip, which may predate --no-cache-dir "
                             "(pip 6.0) and would reject it",
                             lit);
                    return buf;
                }
            }
            continue;
        }
        df_fact_foreach(df_fact_get(sig, "words"), k, w)
        {
            const char *lit = df_fact_str(w);
            if (lit && *lit && has_word_in(t, n, lit)) {
                snprintf(buf, bn,
                         "the file uses %s, of the pips before 8 (2016): its pip may predate --no-cache-dir (pip 6.0), "
                         "which older pips reject",
                         lit);
                return buf;
            }
        }
    }
    return NULL;
}

/* Does the text of instruction `in` hold one of the words of list? */
static bool instr_has_word(const df_ctx *c, const df_instr *in, const df_fact *list)
{
    size_t k;
    const df_fact *w;
    df_fact_foreach(list, k, w)
    {
        const char *lit = df_fact_str(w);
        df_runsh_work(c->scripts, in->line.len);
        if (lit && *lit && has_word_in(in->line.text, in->line.len, lit))
            return true;
    }
    return false;
}

/* Does RUN `in` install pip itself with pip (`pip install -U pip`)? */
static bool installs_pip(df_ctx *c, const df_instr *in)
{
    static const char *const managers[] = {"pip", NULL};
    df_pm_run o;
    if (in->cmd != DF_CMD_RUN || !df_pm_run_of(c, in, &o))
        return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, managers, &calls);
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "install") && df_pm_call_installs(&calls[i], "pip"))
            return true;
    return false;
}

/* Does r's pip come from a distribution release whose pip predates 6.0
 * (data: pip "distro_pip_releases"): the stage is built on such a
 * release, it (or a stage of the file it is built FROM) installs the
 * distribution's pip (python-pip, python3-pip), and no instruction before
 * r replaces that pip (a pip install of pip, get-pip.py, easy_install)?
 * That pip keeps no cache and rejects --no-cache-dir (review run11, apps
 * 416: debian:jessie's pip 1.5.6). Scans the stage only on those
 * releases. */
static bool distro_old_pip(df_pm_run *r)
{
    df_ctx *c = r->c;
    const df_fact *pip = df_kb_manager(c->kb, "pip");
    const df_doc *d = c->doc;
    size_t si = r->in->stage;
    if (!pip || si >= d->nstages || r->in->cmd != DF_CMD_RUN ||
        df_pm_on_release(d, si, df_fact_get(pip, "distro_pip_releases"), NULL, NULL, 0) != 1)
        return false;
    bool distro = false;
    for (size_t s = si, hops = 0; s < d->nstages && hops < d->nstages; hops++) {
        size_t to = s == si ? r->in->index : d->stages[s].last;
        for (size_t i = d->stages[s].from; i <= to && i < d->ninstrs; i++) {
            const df_instr *in = d->instrs[i];
            if (instr_has_word(c, in, df_fact_get(pip, "distro_pip_packages")))
                distro = true;
            if (i != r->in->index &&
                (instr_has_word(c, in, df_fact_get(pip, "distro_pip_upgrades")) || installs_pip(c, in)))
                return false;
        }
        size_t up = d->stages[s].parent;
        if (up == SIZE_MAX || up >= s)
            break;
        s = up;
    }
    return distro;
}

/* The file's old-pip answer, asked by the first finding (most files have
 * none: the scan of every instruction was two fifths of a corpus run). */
typedef struct {
    df_ctx *c;
    bool asked;
    const char *old;
    char buf[300];
} old_q;

static void check_run(df_pm_run *r, void *user)
{
    old_q *oq = user;
    static const char *const managers[] = {"pip", NULL};
    df_pm_call *calls;
    size_t n = df_pm_calls(r, managers, &calls);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (!df_pm_sub_is(call, "install") || exempt(r, call) || distro_old_pip(r))
            continue;
        bool fix;
        df_severity sev = df_pm_severity(r, &fix);
        df_span sp = df_runsh_span(&r->rs, call->cmd->span);
        df_diag *d = df_report(r->c, sev, sp, "pip install without --no-cache-dir keeps its download cache in the layer");
        if (!d)
            return;
        char why[400];
        const char *desc = "add --no-cache-dir";
        if (!fix) {
            snprintf(why, sizeof why, "add --no-cache-dir (not applied: %s)", df_pm_held(r));
            desc = why;
        }
        size_t above = df_commented_copy_with(r->c->src, sp.start, "--no-cache-dir");
        if (above) {
            snprintf(why, sizeof why,
                     "add --no-cache-dir (not applied: line %zu, in the comments right above, is this command with --no-cache-dir, "
                     "commented out by the author; find out why before you turn it back on)",
                     above);
            desc = why;
            fix = false;
        } else if ((oq->asked ? oq->old : (oq->asked = true, oq->old = old_pip(oq->c, oq->buf, sizeof oq->buf)))) {
            snprintf(why, sizeof why, "add --no-cache-dir (not applied: %s)", oq->old);
            desc = why;
            fix = false;
        }
        if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
            return;
        size_t at = df_pm_src(r, call->sub->span.end - 1) + 1;
        df_fix_add_edit(r->c->out, d, at, at, FLAG, strlen(FLAG));
    }
}

static void check(df_ctx *c)
{
    old_q oq = {c, false, NULL, ""};
    df_pm_each_run(c, check_run, &oq);
}

const df_rule df_rule_df008 = {
    .id = "DF008",
    .name = "pip-cache-kept",
    .hadolint = "DL3042",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF011",
    .summary = "pip install without --no-cache-dir",
    .worth = "image size: the pip download cache no longer ships",
    .check = check,
};
