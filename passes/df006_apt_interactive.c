/*
 * DF006 apt-interactive (hadolint DL3014, DL3027)
 *
 * What it finds: two ways a build talks to apt as if a person were there.
 * (DL3027) The `apt` command, which is meant for terminals: its output and
 * options may change between releases ("apt does not have a stable CLI
 * interface"). (DL3014) `apt-get`/`apt` subcommands that ask "Do you want
 * to continue? [Y/n]" (install, upgrade, dist-upgrade, remove, purge,
 * autoremove, build-dep, ...) run without `-y`/`--yes`/`--assume-yes`.
 * Found through the shell model, also behind sudo/env, in `if` bodies,
 * heredoc scripts and ONBUILD RUN.
 *
 * Why it matters: without a terminal, a prompt reads end of input and apt
 * aborts the build ("Abort."). apt-get asks only when the call does more
 * than install the packages it names (new dependencies, removals,
 * downgrades), so a build that works today never reached the prompt: a new
 * dependency in the archive, or a package set that changes, makes it stop
 * tomorrow. The upgrades (upgrade, dist-upgrade, full-upgrade,
 * dselect-upgrade) ask whenever the archive holds a newer package than the
 * image, which the next security update brings without any change to the
 * file. Scripts should use the stable apt-get.
 *
 * Example:
 *     RUN apt update && apt upgrade
 *     RUN apt-get install curl
 * becomes
 *     RUN apt update && apt upgrade -y
 *     RUN apt-get install --no-install-recommends -y curl ca-certificates
 * (the second with DF004, which changes that command: -y goes in with it).
 * `-y` goes right after the subcommand, of apt-get and apt alike. On an
 * upgrade the fix is made alone (a warning). On the other subcommands
 * (install, remove, purge, autoremove, build-dep...) it is made only when
 * another fix of the same round changes the command right there (DF004's
 * --no-install-recommends, applied under the run's options): alone, -y
 * changes nothing in a build that works, and reviewers called it churn
 * (review run 8: whimsy's `apt-get install libapache2-mod-svn`,
 * piggymetrics' `apt-get install dos2unix`), while with DF004's flag it
 * was accepted as removing a latent prompt (runs 7 and pre-8). Otherwise
 * the finding is info and the fix is shown, not applied (data: apt
 * "prompting_with_time"). `apt`
 * itself is reported (DL3027) as advice, with no rewrite: a default fix
 * must change an outcome, and renaming `apt` to `apt-get` changes none. In
 * a build both read the same apt.conf and install, remove and purge the
 * same packages; what differs (`apt-config dump`, the `Binary::apt::`
 * settings of apt 2.6, and apt's NEWS.Debian for 1.2) is the terminal
 * output (colour, fancy progress, update statistics), a 120 s wait for the
 * dpkg lock, `Upgrade-Allow-New` (apt upgrade installs new dependencies:
 * the apt-get spelling is `apt-get upgrade --with-new-pkgs`, which the
 * advice names) and `Keep-Downloaded-Packages "0"`: apt deletes the .deb
 * files it downloaded after a successful install, apt-get keeps them in
 * /var/cache/apt/archives unless the image cleans them (Debian and Ubuntu
 * images do, docker-clean). So `apt install -y` -> `apt-get install -y`
 * saves nothing, and on another base it can grow the layer by the
 * downloads; `apt purge -y --autoremove` -> `apt-get purge ...` is the
 * same call. The author who wants the stable interface renames by hand.
 *
 * Left alone: calls with -y/--yes/--assume-yes (also in clusters such as
 * -qy), with quiet level 2 (`-qq`, `-q -q`, `-q=2`, `--quiet=2`: apt-get(8)
 * says "quiet level 2 implies -y"), with `-o APT::Get::Assume-Yes=...`
 * (any value: `=false` is the author's choice too; the same helper as
 * DF004's Install-Recommends, df_pm_option_says) or
 * an `APT::Get::Assume-Yes "true";` line written to the apt configuration
 * earlier in the stage; calls that never prompt (-s/--simulate/--dry-run,
 * --assume-no, --trivial-only, --print-uris); calls fed by a pipe (`yes |
 * apt-get install x`: the author answers). `apt` with a subcommand apt-get
 * does not have (list, search, show, full-upgrade, edit-sources, ...) is
 * reported pointing to apt-cache, dpkg-query or dist-upgrade, the
 * scriptable tools. `apt-cache`, and `apt` as an argument, are not the apt
 * command. Exec-form RUNs, non-POSIX SHELL, files for Windows.
 *
 * A call whose failure the script hides is advice, not rewritten: `apt
 * purge gcc; \ apt clean` without `set -e`, `apt-get remove x || true`,
 * an `if` condition, a pipeline it does not end, a background job, a
 * function (pm.h, df_pm_failure_masked). apt reads the answer to "Do you
 * want to continue? [Y/n]" from standard input; a build's is empty, so apt
 * prints "Abort." and exits 1 (apt-get asks whenever a package is removed
 * or more is installed than was named), and the hidden failure let the
 * build go on: the call never ran. `-y` would run it for the first time
 * and remove gcc, perl or python-dev from an image that always had them
 * (corpus apps 193). The advice says so: delete the call, or add -y if it
 * should run. `|| exit 1` and `|| false` keep the failure, and are fixed.
 *
 * Fix safety: safe. `-y` answers the only question apt asks in a build,
 * which has no terminal to answer it; without it the build aborts. The
 * fix keeps the command the author wrote (apt stays apt). The rule applies
 * to every stage alike: it is about builds that work, not size. With
 * `--select DF006` alone (or DF004 ignored), an install's -y is advice:
 * no other fix changes the command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/options.h"
#include "passes.h"
#include "pm.h"

static const char *const apt_only[] = {"apt", NULL};

/* ---- is apt configured to assume yes before this point? ----------------- */

/* ---- does the call prompt? --------------------------------------------- */

static bool end_before_sub(const df_pm_call *call)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a) && a.index < call->sub_index)
        if (a.kind == DF_SH_ARG_END)
            return true;
    return false;
}

static size_t after_word(const df_pm_run *r, const df_sh_word *w)
{
    return df_pm_src(r, w->span.end - 1) + 1;
}

/* ---- the rule ---------------------------------------------------------- */

static df_span call_span(const df_pm_run *r, const df_pm_call *call)
{
    df_span at = {call->view.name->span.start, call->sub->span.end};
    return df_runsh_span(&r->rs, at);
}

/* DL3027: `apt` as the command name. Advice only: the rename changes no
 * outcome of the build (see the fix safety above). */
static void check_apt(df_pm_run *r, const df_pm_call *call)
{
    const df_sh_word *nm = call->view.name;
    size_t b = nm->value_len;
    while (b > 0 && nm->value[b - 1] != '/')
        b--;
    if (!df_kb_has(call->m, "interactive_commands", nm->value + b, nm->value_len - b))
        return;
    const df_sh_word *sub = call->sub;
    if (!df_kb_has(call->m, "apt_get_subcommands", sub->value, sub->value_len)) {
        df_report(r->c, r->c->rule->severity, call_span(r, call),
                  "apt is for terminals (unstable output and options): use apt-get, apt-cache or dpkg-query");
        return;
    }
    bool upgrade = df_sh_word_is(sub, "upgrade") && !df_sh_has_flag(&call->view, call->spec, "--with-new-pkgs");
    /* info: a change that makes no difference to the build is advice,
     * not a warning (issue 11) */
    df_report(r->c, DF_SEV_INFO, call_span(r, call),
              "apt is for terminals (unstable output and options): apt-get%s is the scripting interface "
              "(advice, not rewritten: the build does the same with either)",
              upgrade ? " upgrade --with-new-pkgs" : "");
}

typedef struct {
    df_pm_cfg cfg;      /* APT::Get::Assume-Yes */
    df_pm_marks config; /* instructions that set it */
    size_t *changed;    /* sorted text offsets where this round's DF004 fixes,
                           applied under the run's options, insert their flag */
    size_t nchanged;
} yes_config;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The offsets where DF004's fixes of this round, applied under the run's
 * options, insert --no-install-recommends: right after an install's
 * subcommand, where -y goes too. DF004 runs before DF006 in a round; the
 * list is built once per file and each call asks by binary search. */
static void collect_changed(df_ctx *c, yes_config *yc)
{
    const df_diags *dg = c->out;
    size_t n = 0;
    for (size_t i = 0; i < dg->n; i++)
        if (dg->v[i]->rule == &df_rule_df004 && dg->v[i]->round == c->round && dg->v[i]->fix)
            n += dg->v[i]->fix->nedits;
    if (!n || !(yc->changed = df_arena_alloc(c->doc->arena, n * sizeof *yc->changed)))
        return;
    for (size_t i = 0; i < dg->n; i++) {
        const df_diag *d = dg->v[i];
        if (d->rule != &df_rule_df004 || d->round != c->round || !d->fix ||
            !(d->fix->applicability == DF_APPLY_SAFE ||
              (d->fix->applicability == DF_APPLY_UNSAFE && c->opts->unsafe_fixes)))
            continue;
        for (size_t k = 0; k < d->fix->nedits; k++)
            yc->changed[yc->nchanged++] = d->fix->edits[k].start;
    }
    qsort(yc->changed, yc->nchanged, sizeof *yc->changed, cmp_size);
}

/* Does another fix of this round change the call right after its
 * subcommand (DF004 inserting --no-install-recommends there)? */
static bool changed_anyway(const yes_config *yc, size_t at)
{
    return yc->nchanged && bsearch(&at, yc->changed, yc->nchanged, sizeof at, cmp_size);
}

/* A call without -y whose failure the script hides (`apt-get purge gcc;`
 * without set -e, `|| true`, an `if` condition): in every build so far
 * it printed "Abort." and the build went on, so it never ran. `-y` would
 * run it for the first time (remove gcc, install what the prompt held
 * back): the finding is advice that says so (issue 11, corpus apps 193). */
static bool report_masked(df_pm_run *r, const df_pm_call *call)
{
    const char *why;
    if (!df_pm_failure_masked(r, call, &why))
        return false;
    df_diag *d = df_report(r->c, r->c->rule->severity, call_span(r, call),
                           "%.*s %.*s without -y: when it asks to continue, the prompt reads no answer "
                           "(standard input is empty), apt aborts, and %s: builds so far went on without it",
                           (int)call->view.name->value_len, call->view.name->value, (int)call->sub->value_len,
                           call->sub->value, why);
    if (d)
        df_diag_set_fix(r->c->out, d, DF_APPLY_DISPLAY,
                        "not rewritten: -y would run it for the first time and change the image; delete it, or "
                        "add -y if it should run");
    return true;
}

/* DL3014: a prompting subcommand without -y. */
static void check_yes(df_pm_run *r, const df_pm_call *call, yes_config *yc)
{
    if (!df_pm_prompt_unanswered(r, call, &yc->cfg, &yc->config))
        return;
    if (report_masked(r, call))
        return;
    int nl = (int)call->view.name->value_len, sl = (int)call->sub->value_len;
    const char *nm = call->view.name->value, *sb = call->sub->value;
    size_t s = after_word(r, call->sub);
    if (df_pm_sub_is(call, "prompting_with_time")) {
        /* asks whenever the archive has a newer package than the image */
        df_diag *d = df_report(r->c, r->c->rule->severity, call_span(r, call),
                               "%.*s %.*s without -y: it asks \"Do you want to continue?\" whenever the archive has "
                               "a newer package than the image, and the build, which has no one to answer, aborts",
                               nl, nm, sl, sb);
        if (d && !end_before_sub(call) &&
            df_diag_set_fix(r->c->out, d, DF_APPLY_SAFE, "insert -y after the subcommand"))
            df_fix_add_edit(r->c->out, d, s, s, " -y", 3);
        return;
    }
    /* apt asks only when the call does more than install the packages it
     * names: a build that works today never reached the prompt, and -y alone
     * changes nothing (review run 8). It goes in with another fix of the
     * command (DF004's flag), as a guard against a new dependency. */
    bool rides = changed_anyway(yc, s);
    df_diag *d = df_report(r->c, rides ? r->c->rule->severity : DF_SEV_INFO, call_span(r, call),
                           "%.*s %.*s without -y: apt aborts the build at \"Do you want to continue?\", which it asks "
                           "%s",
                           nl, nm, sl, sb,
                           df_pm_sub_is(call, "remove") ? "whenever the call removes a package"
                                                        : "only when the call does more than install the packages it "
                                                          "names (new dependencies, removals)");
    if (!d || end_before_sub(call))
        return;
    if (df_diag_set_fix(r->c->out, d, rides ? DF_APPLY_SAFE : DF_APPLY_DISPLAY,
                        rides ? "insert -y after the subcommand (the command changes for another fix there)"
                              : "insert -y after the subcommand (not applied: a build that works today never "
                                "reached the prompt, so -y alone changes nothing; it is added when another fix "
                                "changes the command)"))
        df_fix_add_edit(r->c->out, d, s, s, " -y", 3);
}

static void on_run(df_pm_run *r, void *user)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (!call->sub || (call->sub->flags & DF_SH_W_EXPANSION))
            continue;
        check_apt(r, call);
        check_yes(r, call, user);
    }
}

static void check(df_ctx *c)
{
    yes_config yc;
    memset(&yc, 0, sizeof yc); /* the marks are built when a call needs them */
    yc.cfg.m = df_kb_manager(c->kb, "apt");
    yc.cfg.key = "config_yes";
    if (!yc.cfg.m)
        return;
    collect_changed(c, &yc);
    df_pm_each_run(c, on_run, &yc);
}

const df_rule df_rule_df006 = {
    .id = "DF006",
    .name = "apt-interactive",
    .hadolint = "DL3014,DL3027",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF011",
    .summary = "an apt/apt-get call without -y (fixed on upgrades and with another fix of the call); apt instead of apt-get (advice)",
    .worth = "reliable builds: no interactive prompt, stable apt-get interface",
    .check = check,
};
