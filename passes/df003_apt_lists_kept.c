/*
 * DF003 apt-lists-kept (hadolint DL3009)
 *
 * What it finds: a RUN that installs Debian/Ubuntu packages (`apt-get
 * install`, `apt install`, also behind sudo/env, in `if` bodies, heredoc
 * scripts and ONBUILD RUN) and does not remove /var/lib/apt/lists after the
 * install in the same RUN.
 *
 * Why it matters: `apt-get update` downloads the package lists (tens of MB
 * for Debian, more with extra repositories) into /var/lib/apt/lists. When
 * the RUN that installs does not delete them, they stay in that layer and
 * ship with every image; deleting them in a later RUN saves nothing.
 *
 * Example:
 *     RUN apt-get update && apt-get install -y curl
 * becomes
 *     RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/\*
 * A multi-line RUN gets the cleanup on a new line in the RUN's own style
 * (`&&` before a line continuation, or `&&` at line starts; same
 * indentation; CRLF kept; the author's `&&\` or `&& \` kept); before a
 * trailing comment padded to a column, the cleanup takes the place of
 * padding spaces (too few: shown, not applied, the column is the author's);
 * a heredoc script gets a new line, except after its last command when
 * errexit is off (no `set -e`, no `-e` on the RUN line's shell or the
 * `#!` line): the script's status is its last command's, and a new last
 * line would let a failed install pass (moby/buildkit#2722), so the
 * cleanup joins that command's line with ` && `. The cleanup goes after the top-level
 * command that holds the LAST install (after `fi`, `done` or a whole
 * pipeline when the install is inside one) and the && chain it starts, or
 * after an `apt-get clean` that follows it in the same list (clean takes
 * the lists' lock and makes lists/partial again, so the removal goes
 * last). It is joined with `&&`, except
 * after a command that ends an and-or list while errexit is on (`set -e`
 * earlier in the script, or `SHELL ["/bin/bash", "-e", ...]`): there it is
 * joined with `;` so that a failing install still stops the build
 * (`set -e; apt-get install -y x && rm ...; next` would carry on after a
 * failed install), and with `;` after the last command when the file
 * joins its `rm -rf /var/lib/apt/lists/\*` with `;` everywhere (unsafe
 * without errexit: the RUN's status becomes the rm's). A new line after
 * `fi` or `done` takes the indentation of the line where that command
 * starts, not the deeper one of the lines inside it.
 *
 * The cleanup goes at the end of the && chain that holds the last install
 * (`apt-get install x && ./install-more.sh && rm -rf ...`): a script later
 * in the chain may still install.
 *
 * Where the lists come from: an install in a RUN that does not refresh
 * them itself (no `apt-get update`, nor apt 3's `install --update`,
 * before it in the RUN), when an earlier RUN of the stage, or of a stage
 * it is built FROM, runs `apt-get update`, reads the lists of that earlier
 * layer. Removing them in this RUN saves nothing (the earlier layer keeps
 * them) and a later step may still install with them: that install is
 * left alone. The finding belongs to the RUN that updates: when it
 * installs nothing after its update, keeps the lists, and a later RUN
 * installs with them, it gets advice (no fix: removing the lists there
 * would break that RUN): install in the updating RUN and clean up at its
 * end. A RUN that is only `apt-get update` is DF005's (when enabled): its
 * fix joins the update with the install, and the next round cleans up.
 * With no update anywhere before it, an install's lists are its own RUN's
 * (a setup script piped to a shell updates them) and it is reported,
 * except on a base image that is not a Docker official image (those ship
 * no lists) when nothing but apt runs before the install: the lists are
 * the base image's (ocaml/opam keeps them), and removing them in a later
 * layer saves nothing: silent. apt 3's `-U` (`install -qqUy`) is its
 * `--update`.
 *
 * Commands that run apt-get update and install themselves (apt's
 * "index_writer_command_patterns": `playwright install --with-deps`,
 * `playwright install-deps`) write the lists like an update and an
 * install: their RUN is reported when nothing removes the lists after the
 * last such command, and the cleanup goes after it (`pip install . &&
 * python -m playwright install --with-deps firefox && rm -rf
 * /var/lib/apt/lists/\*`); a removal in an earlier RUN would only make it
 * fetch them again.
 *
 * Lists an earlier layer keeps: a removal saves bytes only for the lists
 * its own RUN wrote. When an earlier RUN of the stage (or of a stage it is
 * built FROM) writes lists and keeps them after this rule's fixes (its
 * fix is not applied: a later RUN reads them, a build-only stage, an
 * update and upgrade RUN that installs nothing, a setup script that runs
 * apt-get update, apt's "index_writer_urls": `curl -sL
 * https://deb.nodesource.com/setup_20.x | bash -`), a later RUN's update
 * rewrites only what changed, and removing the lists there saves next to
 * nothing. That install gets information naming the RUN that keeps them,
 * and no fix; unless a RUN between removes the lists (apache allura's
 * `apt-get install ... && rm -rf /var/lib/apt/lists/\*`): the update then
 * fetches them all anew, and the removal saves them. A lone update RUN is not counted when DF005 is enabled and
 * its fix joins the update with the next RUN's install (which this rule
 * then cleans); one that DF005 only reports (an instruction stands
 * between) keeps its lists, in every round.
 * The other way round, a RUN followed in its stage by such a keeper gets
 * no fix either: once it removes its lists, the keeper's update fetches
 * them all again into its own layer, so the removal only moves them
 * there. The finding names that RUN ("remove them there too").
 * add-apt-repository (and apt-add-repository) writes the lists like an
 * update, unless given -n / --no-update, on the releases where it runs
 * apt update itself (Ubuntu 18.04 and later, Debian 12 and later: apt's
 * "repository_adders" data); elsewhere, and on an image whose release is
 * not known, it is not counted.
 * A later RUN reads the lists when, before its own update, it installs
 * (install, upgrade, build-dep, source, download...) or queries them
 * (`apt-cache policy|madison|show`, `apt list|show|search`), or runs
 * `opam install` (opam installs missing system packages with the lists as
 * they are, without an update) or `mk-build-deps -i` (it installs the
 * build dependencies through apt-get): apt's
 * "index_readers" and "index_reader_commands" in
 * data/package-managers.json. A query there prints what the lists say
 * (the candidate versions the author looks up); without them it prints
 * nothing, so such a RUN keeps the lists too.
 *
 * A mistyped cleanup: when a forced rm after the last install names a
 * path under /var/ at most two letters off /var/lib/apt/lists (`rm -rf
 * /var/list/apt/lists/\*`), or that folder without its `lib` or `apt`
 * part (`/var/apt/lists/\*`), that rm removes nothing and is the author's
 * cleanup with a typo. The finding names it, and the fix corrects the path
 * in place instead of appending a second rm beside it: same effect on the
 * image (the mistyped path does not exist; -f hid that), one word changed
 * in the author's own command, and the typo is pointed out. An rm without
 * -f of a missing path would have failed the build, so it is not taken for
 * one.
 *
 * The author's removal in a later layer: when a later RUN of the stage
 * removes the lists (`RUN apt-get purge -y gcc && apt-get clean && rm -rf
 * /var/lib/apt/lists/\*` at the end of the file), that removal saves
 * nothing, and a second one in the install RUN would leave it as dead
 * code. The fix moves it: it appends the cleanup to the install RUN and
 * deletes the author's `rm` from the later RUN, with the `&&` and line
 * continuation that joined it, keeping every other command and the RUN's
 * style. Only when the final image is the same: the install RUN is the
 * last RUN of the stage that writes lists, and no earlier one keeps them
 * (every RUN between is read); the stage comes from a Docker official
 * image (another image may ship lists that the rm hides); the rm removes
 * nothing but the lists (`-r`, `-f`, `-R` only) and stands at the top
 * level of a plain `&&` chain of at least two commands, with no comment
 * line in what is deleted. When the later rm also removes other paths
 * (`rm -rf /var/lib/apt/lists/\* /tmp/\*`), only its lists operand goes.
 * An rm -f whose operands are brace forms naming the lists
 * (`rm -rf /var/lib/{apt,dpkg,cache,log}/`) removes nothing under
 * /bin/sh, which does not expand braces: the finding says so and the
 * fix drops that rm the same way (not under a SHELL instruction: bash
 * expands them, and the rm would also remove /var/lib/dpkg). (A later `apt-get clean` may make an empty
 * lists/partial folder again: a few bytes.) Otherwise the later RUN is
 * left as it is. When DF011 is enabled and can join the install RUN with
 * the later RUN that removes the lists, its join is the fix and this rule
 * stays silent; not when that RUN also removes what a COPY or ADD put
 * there (`rm -rf /src` after `ADD . /src`): DF011 names that one, with
 * advice only (apache/marmotta ostrich); nor when that RUN updates or
 * installs packages itself: it removes its own lists, and DF011 leaves
 * the earlier layer's alone there (nginx-proxy's tester, review run 16:
 * the install RUN is fixed).
 *
 * A deliberately uncleaned layer: when the author wrote the cleanup and
 * commented it out, inside the RUN's continuation or in the comment lines
 * right after it (`#&& apt-get clean \`, `#&& rm -rf
 * /var/lib/apt/lists/\*` below the RUN: chrisguest75/docker_examples'
 * baseline image, compared with a "cleaner" sibling), the finding is
 * reported without a fix and says so (apt "commented_cleanup", read by
 * passes/comments.c for DF003 and DF004 alike). So is a file whose path
 * names a Dockerfile linter that reports the missing cleanup (apt
 * "linter_demo_paths": dockle, hadolint; chrisguest75/docker_examples'
 * 22_dockle folder demonstrates dockle's "Clear apt-get caches" on it),
 * as given or, where the file exists, its real path (`./Dockerfile` run
 * inside a checkout named hadolint).
 *
 * Left alone: a RUN whose cleanup follows every install (`rm -rf /var/lib/apt/lists/\*`,
 * `rm -r /var/lib/apt/lists`, `apt-get dist-clean`;
 * a cleanup BEFORE the install does not count), a RUN with a BuildKit cache
 * or tmpfs mount on /var/lib/apt/lists (or a parent of it), exec-form RUNs,
 * RUNs under a non-POSIX SHELL, files for Windows.
 *
 * Fix safety: safe. Removing the lists only deletes downloaded indexes; a
 * later RUN that installs must run `apt-get update` first, which it must do
 * anyway (see DF005). The fix is not offered (finding only) when the last
 * install is inside a shell function (the function runs only where it is
 * called) or runs in the background (`&`): where the cleanup belongs is
 * not clear. It is only advice in an image people work in (a devcontainer
 * or IDE base or folder, dialog installed...: df_pm_apt_environment, the
 * same test DF004 makes), whose users install packages with the lists. It
 * is only advice, too, when the image installs packages when a
 * container starts without `apt-get update` first: its last CMD or
 * ENTRYPOINT does, or a script of the build context (read with --context)
 * that a shipped stage copies and that command names does
 * (passes/runtime.c). The build works without the lists; the container
 * would fail at start. In stages that do not reach the image the finding is "info"
 * and the fix is shown, not applied (`fix_build_stages` applies it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/buf.h"
#include "dfopt/fsio.h"
#include "dfopt/options.h"
#include "image.h"
#include "layers.h"
#include "passes.h"
#include "comments.h"
#include "pm.h"
#include "runtime.h"

static const char *const apt_only[] = {"apt", NULL};

/* Index of the top-level item whose node holds script offset off. */
static size_t top_item(const df_sh_script *s, size_t off)
{
    for (size_t i = 0; i < s->list.n; i++) {
        df_span sp = s->list.items[i].node->span;
        if (sp.start <= off && off < sp.end)
            return i;
    }
    return (size_t)-1;
}

/* Does the file's path name a Dockerfile linter whose finding is this
 * missing cleanup (apt "linter_demo_paths": chrisguest75/docker_examples'
 * 22_dockle folder, whose README shows dockle's DKL-DI-0005 on it)? */
static bool linter_demo(const df_ctx *c, const df_fact *m)
{
    const char *path = c->src->path;
    const df_fact *words = df_fact_get(m, "linter_demo_paths");
    if (!path)
        return false;
    if (df_pm_contains_any(c, path, strlen(path), words))
        return true;
    /* `./Dockerfile` run inside a checkout named hadolint: the real path
     * of the file, where it exists (review run 12) */
    char *real = df_real_path(path, NULL, -1);
    bool hit = real && df_pm_contains_any(c, real, strlen(real), words);
    free(real);
    return hit;
}

/* Why no fix is offered for a cleanup after command `last` (in_function:
 * it lies in a shell function's body), or NULL. */
static const char *no_fix_reason(const df_pm_run *r, const df_sh_node *last, bool in_function)
{
    const df_sh_script *s = r->rs.script;
    if (in_function)
        return "the last install is inside a shell function";
    size_t t = top_item(s, last->span.start);
    if (t == (size_t)-1 || s->list.items[t].op == DF_SH_OP_AMP)
        return "the last install runs in the background";
    return NULL;
}

/* Is a short option word an errexit cluster (`-e`, `-eux`), or `errexit`? */
static bool errexit_word(const char *w, size_t n)
{
    if (n == 7 && memcmp(w, "errexit", 7) == 0)
        return true;
    if (n < 2 || w[0] != '-' || w[1] == '-')
        return false;
    for (size_t i = 1; i < n; i++)
        if (w[i] == 'e')
            return true;
    return false;
}

/* Does errexit hold in the heredoc script of r from its start: options of
 * the shell on the RUN line (`RUN <<EOF bash -e`), a `#!/bin/bash -e` first
 * line, or the SHELL's flags? */
static bool heredoc_errexit(const df_pm_run *r)
{
    if (df_shell_errexit(r->rs.run))
        return true;
    const df_instr *run = r->rs.run;
    const df_heredoc *h = &run->heredocs[r->rs.heredoc_index];
    const char *t = run->line.text;
    for (size_t i = h->word_lend, e = run->rest_lend; i < e;) {
        while (i < e && (t[i] == ' ' || t[i] == '\t'))
            i++;
        size_t ws = i;
        while (i < e && t[i] != ' ' && t[i] != '\t')
            i++;
        if (i > ws && errexit_word(t + ws, i - ws))
            return true;
    }
    const char *b = r->rs.script->text;
    size_t n = r->rs.script->len;
    if (n < 2 || b[0] != '#' || b[1] != '!')
        return false;
    const char *nl = memchr(b, '\n', n);
    size_t le = nl ? (size_t)(nl - b) : n;
    for (size_t i = 2; i < le;) {
        while (i < le && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r'))
            i++;
        size_t ws = i;
        while (i < le && b[i] != ' ' && b[i] != '\t' && b[i] != '\r')
            i++;
        if (ws > 2 && i > ws && errexit_word(b + ws, i - ws))
            return true;
    }
    return false;
}

/* Add the cleanup after the top-level item holding command `last`.
 * Returns 0 or -1. */
static int add_fix(df_pm_run *r, df_diag *d, const df_sh_node *last, const char *cleanup)
{
    const df_sh_script *s = r->rs.script;
    size_t t = top_item(s, last->span.start);
    if (r->rs.heredoc) {
        /* a new line after the whole and-or list, never inside a continuation */
        size_t j = t;
        while (j + 1 < s->list.n && (s->list.items[j].op == DF_SH_OP_AND || s->list.items[j].op == DF_SH_OP_OR))
            j++;
        size_t end = s->list.items[j].node->span.end;
        /* the script's last command, without errexit: its status is the
         * RUN's, and a new last line would hide a failed install (the
         * build would go on without the package: moby/buildkit#2722,
         * docker/awesome-compose, review pre9): joined on its line with && */
        if (j + 1 == s->list.n && s->list.items[j].op != DF_SH_OP_AMP && !df_sh_errexit_before(s, end) &&
            !heredoc_errexit(r)) {
            df_buf b = DF_BUF_INIT;
            int rc = df_buf_printf(&b, " && %s", cleanup);
            if (rc >= 0) {
                size_t at = df_pm_src(r, end - 1) + 1;
                rc = df_fix_add_edit(r->c->out, d, at, at, b.data, b.len);
            } else {
                df_arena_note_failure(r->c->out->arena);
            }
            df_buf_release(&b);
            return rc < 0 ? -1 : 0;
        }
        return df_pm_append_after(r, d, end, cleanup);
    }
    /* at the end of the && chain, where an author writes it: a script
     * later in the chain may still install (df_pm_append_after joins it
     * with `;` where the author does, or where errexit needs it) */
    t = df_pm_chain_end(&s->list, t);
    return df_pm_append_after(r, d, s->list.items[t].node->span.end, cleanup) < 0 ? -1 : 0;
}

typedef struct {
    df_pm_users lu;
    df_pm_marks updates; /* RUNs that run apt-get update */
    bool df005;          /* DF005 is enabled: it reports lone update RUNs */
    df_layers *L;        /* NULL when DF011 is not enabled */
    size_t *removes;     /* df_layers_mark of removes_lists, built on first use */
    bool runtime_read;   /* runtime_apt computed */
    signed char environment; /* an environment people work in (df_pm_apt_environment);
                                -1 not asked yet: only a finding asks */
    const char *runtime; /* what installs packages when a container starts, or NULL */
    bool built, ok;      /* updates built (ok: without running out of memory):
                            by the first RUN with an apt call, not for every file */
    bool lu_built;       /* lu built (users_of): by the first question, only
                            for a file where a RUN keeps its lists */
    df_pm_marks keepers; /* RUNs whose lists stay after this rule's fixes (keeper_pred) */
    bool keepers_built;
    df_pm_marks removers; /* RUNs that leave no lists (remover_pred), built by held_below */
    bool removers_built, removers_ok;
    bool dry;            /* on_run only says whether its fix would apply (keeper_pred) */
    bool applies;        /* dry: the fix would be applied */
    struct writer_memo *writers; /* [ninstrs]: writer_cmd of each RUN, asked by on_run,
                                    keeper_pred and its dry run (writer_of) */
    size_t official_stage;       /* official_base's last stage asked + 1 (0: none) */
    bool official;               /* and its answer */
    const df_fact *apt;          /* df_kb_manager(kb, "apt"), looked up once per check */
    /* apt's lists that every RUN is searched for, looked up once per
     * check (each lookup of a RUN was a hash of its key, three to five
     * per RUN): "index_writer_urls", "index_writer_command_patterns",
     * "index_writer_command_words", "repository_adders",
     * "repository_adder_no_update" */
    const df_fact *writer_urls, *writer_patterns, *writer_words, *adders, *adder_no_update;
    size_t lists_end;            /* past the file's last "lists" + 1 (0: not looked for yet,
                                    1: none), for settles_after */
    signed char linter;          /* linter_demo() of the file: 0 not asked yet, 1 no, 2 yes
                                    (its realpath is a system call per path component:
                                    asked per RUN it cost 0.15 s on 12,500 RUNs) */
} df003_state;

typedef struct {
    df_ctx *c;
    const df_fact *m;
} removes_q;

/* Does the RUN also remove what a COPY or ADD of its stage put there
 * (`ADD . /src` then `rm -rf /var/lib/apt/lists/\* /src`)? DF011 reports
 * one removal per RUN, that of the earliest layer: there it names the
 * COPY, gives advice, and joins nothing. The 64 nearest COPY/ADD are
 * looked at (a bound per RUN that removes the lists). */
typedef struct {
    const removes_q *q;
    const df_instr *run;
    bool other;
} other_rm_q;

static bool copied_there(const df_ctx *c, const df_instr *run, const char *p, size_t n)
{
    const df_doc *d = c->doc;
    size_t seen = 0;
    for (size_t j = run->index; j-- > 0 && seen < 64;) {
        const df_instr *in = d->instrs[j];
        if (in->stage != run->stage)
            break;
        if ((in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD) || in->nargs < 2)
            continue;
        seen++;
        const df_word *dst = &in->args[in->nargs - 1];
        size_t dl = dst->len;
        while (dl > 1 && dst->value[dl - 1] == '/')
            dl--;
        if (!dl || dst->value[0] != '/' || memchr(dst->value, '$', dl))
            continue;
        if (n >= dl && memcmp(p, dst->value, dl) == 0 && (n == dl || p[dl] == '/' || dl == 1))
            return true;
    }
    return false;
}

static int other_rm_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    other_rm_q *o = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm"))
        return 0;
    for (size_t i = 0; i < v.nargs && !o->other; i++) {
        const df_sh_word *w = &v.args[i];
        if (w->value_len > 1 && w->value[0] == '/' && !(w->flags & DF_SH_W_EXPANSION) &&
            !df_kb_match(o->q->c->kb, o->q->m, "cleanup_paths", w->value, w->value_len))
            o->other = copied_there(o->q->c, o->run, w->value, w->value_len);
    }
    return o->other;
}

static bool removes_lists(const df_layer_run *lr, void *user)
{
    removes_q *q = user;
    df_pm_run r;
    df_pm_run_init(&r, q->c, lr->in, &lr->rs, &lr->st, lr->ships);
    if (!df_pm_cleaned_after(&r, q->m, "cleanup_paths", 0))
        return false;
    /* a RUN that updates or installs packages itself removes its own
     * lists: DF011 leaves an earlier layer's index alone there, so it is
     * not DF011's (nginx-proxy's tester, review run 16) */
    df_pm_call *calls;
    size_t n = df_pm_calls(&r, NULL, &calls);
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "install") || df_pm_sub_is(&calls[i], "update"))
            return false;
    other_rm_q o = {q, lr->in, false};
    df_sh_walk(lr->rs.script, other_rm_visit, &o);
    return !o.other;
}

/* Does a later RUN, that DF011 can join to this one, remove the lists,
 * and nothing that a COPY or ADD put there? Then DF011 reports it, and
 * its fix (one layer) is better
 * than a second cleanup here. */
static bool df011_takes_it(df003_state *st, df_pm_run *r, const df_fact *m)
{
    if (!st->L || r->in->cmd != DF_CMD_RUN)
        return false;
    const df_layer_run *a = df_layers_run(st->L, r->in->index);
    removes_q q = {r->c, m};
    if (!a)
        return false;
    /* m is apt's facts for every call here: mark the RUNs once */
    if (!st->removes)
        st->removes = df_layers_mark(st->L, removes_lists, &q);
    if (!st->removes)
        return df_layers_find_after(st->L, a, removes_lists, &q) != NULL;
    return df_layers_find_marked(st->L, a, st->removes) != NULL;
}

/* Does the call refresh the lists: `apt-get update`, apt 3's
 * `install --update` (-U, also in a cluster: `-qqUy`)? */
static bool refreshes(const df_pm_call *call)
{
    static const char *const update_flags[] = {"--update", "-U"};
    return df_pm_sub_is(call, "update") ||
           (df_pm_sub_is(call, "install") && df_pm_has_any_flag(call, update_flags, 2));
}

/* Does the RUN run a setup script known to run apt-get update (apt's
 * "index_writer_urls": `curl -sL https://deb.nodesource.com/setup_18.x |
 * bash -`)? */
static bool runs_writer_script(const df_ctx *c, const df_fact *urls, const df_instr *in)
{
    return urls && df_pm_contains_any(c, c->src->text + in->span.start, in->span.end - in->span.start, urls);
}

/* ---- commands that run apt-get update and install themselves ------- */

typedef struct {
    const df_kb *kb;
    const df_fact *list;
    const df_sh_script *s;
    const df_sh_node *last; /* the last such command */
    bool in_function;
} writer_q;

static int writer_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    writer_q *q = user;
    if (cmd->span.end > cmd->span.start &&
        df_kb_match_list(q->kb, q->list, q->s->text + cmd->span.start, cmd->span.end - cmd->span.start)) {
        q->last = cmd;
        q->in_function = ctx->in_function;
    }
    return 0;
}

/* The last command of the script that runs apt-get update and apt-get
 * install itself (apt's "index_writer_command_patterns": `playwright install
 * --with-deps`, `playwright install-deps`), or NULL; *in_function when it
 * lies in a function body. The commands are walked only when the whole
 * script matches. */
static const df_sh_node *writer_cmd(const df_ctx *c, const df003_state *st, const df_sh_script *s,
                                    bool *in_function)
{
    const df_fact *list = st->writer_patterns;
    /* a word every pattern needs ("index_writer_command_words"), looked for
     * before the patterns run: most scripts hold none (the 50,000-line
     * bench file spent an eighth of its time in these matches) */
    const df_fact *words = st->writer_words;
    if (!list || !s || (words && !df_pm_contains_any(c, s->text, s->len, words)) ||
        !df_kb_match_list(c->kb, list, s->text, s->len))
        return NULL;
    writer_q q = {c->kb, list, s, NULL, false};
    df_sh_walk(s, writer_visit, &q);
    if (in_function)
        *in_function = q.in_function;
    return q.last;
}

/* writer_cmd of RUN in (script s), read once per round: the same RUN is
 * asked by update_pred, on_run, keeper_pred and its dry run of on_run */
struct writer_memo {
    const df_sh_node *w;
    bool fn, known;
};

static const df_sh_node *writer_of(df003_state *st, const df_ctx *c, const df_instr *in, const df_sh_script *s,
                                   bool *in_function)
{
    const df_doc *d = c->doc;
    if (!in || in->index >= d->ninstrs || d->instrs[in->index] != in)
        return writer_cmd(c, st, s, in_function);
    if (!st->writers && !(st->writers = df_arena_alloc(d->arena, d->ninstrs * sizeof *st->writers)))
        return writer_cmd(c, st, s, in_function);
    struct writer_memo *m = &st->writers[in->index];
    if (!m->known) {
        m->fn = false;
        m->w = writer_cmd(c, st, s, &m->fn);
        m->known = true;
    }
    if (in_function)
        *in_function = m->fn;
    return m->w;
}

/* ---- add-apt-repository, which runs apt update itself ---------------- */

typedef struct {
    const df_fact *names, *no_update;
    bool found;
} adder_q;

static int adder_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    adder_q *q = user;
    df_sh_view v;
    if (q->found || df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    const char *nm = v.name->value;
    size_t nl = v.name->value_len;
    for (size_t k = 0; k < v.name->value_len; k++)
        if (v.name->value[k] == '/') {
            nm = v.name->value + k + 1;
            nl = v.name->value_len - k - 1;
        }
    if (!df_fact_has(q->names, nm, nl))
        return 0;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (w->value_len < 2 || w->value[0] != '-')
            continue;
        if (df_fact_has(q->no_update, w->value, w->value_len))
            return 0;
        /* -n in a cluster of short options (-yn) */
        if (w->value[1] != '-' && memchr(w->value + 1, 'n', w->value_len - 1))
            return 0;
    }
    q->found = true;
    return 0;
}

/* Does the script run add-apt-repository without -n on a release where
 * it runs apt update itself (apt's "repository_adders", data)? */
static bool adds_repository(const df_ctx *c, const df003_state *st, const df_instr *in, const df_sh_script *s)
{
    const df_fact *apt = st->apt;
    adder_q q = {st->adders, st->adder_no_update, false};
    if (!q.names || !s || !df_pm_contains_any(c, s->text, s->len, q.names))
        return false;
    df_sh_walk(s, adder_visit, &q);
    return q.found && df_pm_on_release(c->doc, in->stage, df_fact_get(apt, "repository_adder_updates_on"),
                                       df_fact_get(apt, "repository_adder_no_update_on"), NULL, 0) == 1;
}

/* Does the RUN write the lists: apt-get update, a setup script that
 * runs it, a command that runs it (writer_cmd), add-apt-repository where
 * it updates (adds_repository)? */
static bool update_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    df003_state *st = (df003_state *)arg; /* for st->apt and the writer_of memo */
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o))
        return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, apt_only, &calls);
    for (size_t i = 0; i < n; i++)
        if (refreshes(&calls[i]))
            return true;
    return runs_writer_script(c, st->writer_urls, in) || writer_of(st, c, in, o.rs.script, NULL) ||
           adds_repository(c, st, in, o.rs.script);
}

/* update_pred(in) read from st->updates when in is an instruction of the
 * document (keeper_pred and find_dead_rm ask it of RUN after RUN; both
 * run after on_run built the marks) */
static bool updates_at(df003_state *st, const df_ctx *c, const df_instr *in)
{
    const df_doc *d = c->doc;
    const size_t *p = st->updates.plain;
    if (p && in->index < d->ninstrs && d->instrs[in->index] == in)
        return p[in->index + 1] > p[in->index];
    return update_pred(c, in, st);
}

/* Do the lists this RUN reads come from an earlier layer: does an earlier
 * RUN of its stage, or of a stage it is built FROM, run apt-get update?
 * (An ONBUILD RUN runs after the whole stage.) */
static bool earlier_update(const df003_state *st, const df_pm_run *r)
{
    return df_pm_marked_earlier(r, &st->updates);
}

/* Is the script only apt update calls (a lone update RUN: DF005's)? */
static bool lone_update(const df_pm_run *r, const df_pm_call *calls, size_t n)
{
    const df_sh_list *l = &r->rs.script->list;
    if (l->n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (l->items[i].node != calls[i].cmd || !df_pm_sub_is(&calls[i], "update"))
            return false;
    return true;
}

/* The RUNs that read the lists (st->lu), built on the first question: a
 * look at every RUN, which a file whose RUNs all remove their lists never
 * needs. Out of memory: the arena says so, and the driver. */
static const df_pm_users *users_of(df003_state *st, const df_ctx *c)
{
    if (!st->lu_built) {
        st->lu_built = true;
        (void)df_pm_users_build(c, &st->lu);
    }
    return &st->lu;
}

/* A RUN that updates, installs nothing after the update, keeps the lists,
 * and a later RUN installs with them: the lists belong to this layer, but
 * removing them here would break that RUN. Advice: do the install here. */
static void update_only(df003_state *st, df_pm_run *r, const df_pm_call *calls, size_t n)
{
    const df_pm_call *upd = NULL;
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "update"))
            upd = &calls[i];
        else if (upd && df_pm_sub_is(&calls[i], "install"))
            return; /* on_run's finding, when the lists stay */
    if (!upd || df_pm_cleaned_after(r, upd->m, "cleanup_paths", upd->end) || df_pm_cache_mounted(r, upd->m) ||
        (st->df005 && lone_update(r, calls, n)) || !df_pm_later_users(r, users_of(st, r->c)) ||
        df011_takes_it(st, r, upd->m))
        return;
    bool fix_ok;
    df_severity sev = df_pm_severity(r, &fix_ok);
    size_t line = df_pm_first_user_line(r, users_of(st, r->c));
    char where[64];
    if (line)
        snprintf(where, sizeof where, "the RUN at line %zu", line);
    else
        snprintf(where, sizeof where, "a RUN of a stage built on this one");
    df_span at = {upd->view.name->span.start, upd->sub->span.end};
    df_diag *d = df_report(r->c, sev, df_runsh_span(&r->rs, at),
                           "%.*s %.*s keeps the package lists in the layer, and %s reads them: install in "
                           "this RUN and remove /var/lib/apt/lists at its end (no automatic fix: removing them "
                           "here would break that RUN)",
                           (int)upd->view.name->value_len, upd->view.name->value, (int)upd->sub->value_len,
                           upd->sub->value, where);
    (void)d;
}

/* ---- a mistyped removal of the lists --------------------------------- */

#define LISTS_DIR "/var/lib/apt/lists"

/* Edit distance of a[0..n) and b[0..m) when both are short, else a big
 * number: a path a few letters off the lists folder is the author's
 * cleanup with a typo (`rm -rf /var/list/apt/lists/\*`, mozilla/mig). */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t row[65];
    if (n > 64 || m > 64)
        return (size_t)-1;
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

typedef struct {
    const df_pm_run *r;
    size_t after;
    const df_sh_word *word; /* the mistyped operand, or NULL */
    size_t keep;            /* its length without the trailing / and * */
} typo_q;

/* Does the rm force (-f, -rf, --force)? Without it a missing path fails
 * the RUN: a build that passes never ran such a typo. */
static bool forces(const df_sh_view *v)
{
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (df_sh_word_is(w, "--force"))
            return true;
        if (w->value_len > 1 && w->value[0] == '-' && w->value[1] != '-' && memchr(w->value, 'f', w->value_len))
            return true;
    }
    return false;
}

static int typo_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    typo_q *q = user;
    if (q->word || cmd->span.start < q->after || ctx->in_function)
        return 0;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm") || !forces(&v))
        return 0;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        /* a plain word, written as it reads (no quotes, no expansion) */
        if (w->flags & DF_SH_W_EXPANSION || w->value_len < 6 || w->value[0] != '/' ||
            w->span.end - w->span.start != w->value_len)
            continue;
        size_t k = w->value_len;
        while (k > 1 && (w->value[k - 1] == '*' || w->value[k - 1] == '/'))
            k--;
        size_t dist = distance(w->value, k, LISTS_DIR, strlen(LISTS_DIR));
        /* or the folder with one of its middle parts left out
         * (`/var/apt/lists`: 5e-bits/5e-database, review pre9) */
        bool dropped = (k == 14 && memcmp(w->value, "/var/apt/lists", 14) == 0) ||
                       (k == 14 && memcmp(w->value, "/var/lib/lists", 14) == 0);
        if (dist == 0 || (dist > 2 && !dropped) || strncmp(w->value, "/var/", 5) != 0)
            continue;
        q->word = w;
        q->keep = k;
        return 1;
    }
    return 0;
}

/* Is the file an environment people work in? Asked once, by the first
 * finding that needs the answer. */
static bool in_environment(df003_state *st, df_pm_run *r)
{
    if (st->environment < 0) {
        st->environment = st->apt && df_pm_apt_environment(r->c, st->apt);
    }
    return st->environment;
}

static void on_run(df_pm_run *r, void *user);

/* ---- lists that other layers keep ------------------------------------ */

typedef struct {
    df003_state *st;
} keeper_q;

/* Does DF005 join the lone update RUN `in` with the next one (its fix,
 * passes/df005_apt_update_separated.c: the next instruction of the stage is
 * a RUN of the same kind and flags whose first apt call installs without
 * updating, one && chain, and the update RUN holds no comment line)? Only
 * then do its lists leave their own layer; a lone update DF005 only
 * reports (an instruction stands between: turnermike/laravel-docker-
 * bootstrap, review pre9) keeps them, in every round. */
static bool df005_joins(const df_ctx *c, const df_instr *in)
{
    const df_doc *d = c->doc;
    if (in->index + 1 >= d->ninstrs)
        return false;
    const df_instr *next = d->instrs[in->index + 1];
    if (next->stage != in->stage || next->cmd != in->cmd || !df_same_flags(in, next))
        return false;
    for (size_t i = 0; i < in->nplines; i++)
        if (in->plines[i].kind == DF_PLINE_COMMENT || in->plines[i].kind == DF_PLINE_EMPTY)
            return false;
    df_pm_run o;
    if (!df_pm_run_of(c, next, &o))
        return false;
    const df_sh_list *l = &o.rs.script->list;
    if (!l->n || l->items[l->n - 1].op == DF_SH_OP_AMP)
        return false;
    for (size_t i = 0; i + 1 < l->n; i++)
        if (l->items[i].op != DF_SH_OP_AND)
            return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, apt_only, &calls);
    for (size_t i = 0; i < n; i++) {
        if (refreshes(&calls[i]))
            return false;
        if (df_pm_sub_is(&calls[i], "install"))
            return true;
    }
    return false;
}

/* Does the RUN write the lists (keeper: update_pred) and leave them in its
 * layer after this rule's fixes: no removal after its last refresh, no
 * cache mount, and no fix of this rule that would be applied (a later RUN
 * reads them, advice only, a build-only stage, an update that installs
 * nothing)? A lone update RUN is DF005's: its fix joins it with the
 * install, which this rule then cleans. */
static bool keeper_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    df003_state *st = ((const keeper_q *)arg)->st;
    df_pm_run o;
    if (!updates_at(st, c, in) || !df_pm_run_of(c, in, &o))
        return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, apt_only, &calls);
    const df_fact *apt = st->apt;
    const df_sh_node *w = writer_of(st, c, in, o.rs.script, NULL);
    /* removed after the last refresh (or the writer)? A removal after the
     * end of every call is after it too (df_pm_cleaned_after answers for
     * one that starts at or after the offset): asked first, that spares
     * the flags of every install (`--update`), the common case */
    size_t end = w ? w->span.end : 0;
    for (size_t i = 0; i < n; i++)
        if (calls[i].end > end)
            end = calls[i].end;
    bool cleaned = apt && df_pm_cleaned_after(&o, apt, "cleanup_paths", end);
    if (apt && !cleaned) {
        size_t after = 0;
        for (size_t i = 0; i < n; i++)
            if (refreshes(&calls[i]))
                after = calls[i].end;
        if (w && w->span.end > after)
            after = w->span.end;
        cleaned = df_pm_cleaned_after(&o, apt, "cleanup_paths", after);
    }
    if (!apt || cleaned || df_pm_cache_mounted(&o, apt) ||
        (st->df005 && n && lone_update(&o, calls, n) && df005_joins(c, in)))
        return false;
    const df_doc *d = c->doc;
    o.ships = in->stage >= d->nstages || df_stage_ships(d, in->stage);
    df_runsh_style(d, &o.rs, &o.style);
    st->dry = true;
    st->applies = false;
    on_run(&o, st);
    st->dry = false;
    return !st->applies;
}

/* The keepers' marks, built on the first question (while they are being
 * built, the dry runs of keeper_pred see none). False when out of memory. */
static bool keepers_ready(df003_state *st, const df_ctx *c)
{
    if (!st->keepers_built) {
        keeper_q q = {st};
        st->keepers_built = true;
        if (df_pm_marks_build(c, keeper_pred, &q, &st->keepers) < 0)
            return false;
    }
    return true;
}

/* Does RUN `in` leave no lists in its layer: it removes them after its
 * last refresh, or without one (`apt-get install ... && rm -rf
 * /var/lib/apt/lists/\*` on an earlier layer's lists)? The lists below
 * are hidden from then on, and a later update fetches them all again.
 * (arg: the df003_state) */
static bool remover_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const df003_state *st = arg;
    df_pm_run o;
    if (!st->apt || !df_pm_run_of(c, in, &o))
        return false;
    df_pm_call *calls;
    size_t n = df_pm_calls(&o, apt_only, &calls), after = 0;
    for (size_t i = 0; i < n; i++)
        if (refreshes(&calls[i]))
            after = calls[i].end;
    return df_pm_cleaned_after(&o, st->apt, "cleanup_paths", after);
}

/* The last instruction j in [lo, hi) that p (prefix counts) marks, or
 * SIZE_MAX. Binary search. */
static size_t last_marked(const size_t *p, size_t lo, size_t hi)
{
    if (lo >= hi || p[hi] == p[lo])
        return SIZE_MAX;
    size_t want = p[hi];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid + 1] >= want)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Do the lists this RUN's update writes lie on lists that an earlier layer
 * keeps (keeper_pred), so that the update rewrites only what changed and
 * removing them here saves next to nothing? Not when a RUN of r's stage
 * after the last keeper (of the stage, or of the stages it is built on)
 * removes them (remover_pred): r's update fetches them all anew (apache
 * allura: a keeper at line 27, `... && rm -rf /var/lib/apt/lists/\*` at
 * line 34, `RUN apt-get update && apt-get install nodejs` at 65). */
static bool held_below(df003_state *st, const df_pm_run *r)
{
    if (!keepers_ready(st, r->c) || !st->keepers.plain || !df_pm_marked_earlier(r, &st->keepers))
        return false;
    const df_doc *d = r->c->doc;
    if (r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages)
        return true;
    if (!st->removers_built) {
        st->removers_built = true;
        st->removers_ok = df_pm_marks_build(r->c, remover_pred, st, &st->removers) == 0;
    }
    if (!st->removers_ok || !st->removers.plain)
        return true;
    size_t from = d->stages[r->in->stage].from;
    size_t k = last_marked(st->keepers.plain, from, r->in->index);
    return !df_pm_marks_any(&st->removers, k == SIZE_MAX ? from : k + 1, r->in->index, false);
}

/* The line of the first RUN after r in r's stage that writes the lists
 * and keeps them (keepers), or 0. When r removes its lists, that RUN's
 * update starts from none and writes them all into its own layer: the
 * removal here only moves them there (TechEmpower SWI-Prolog: the rm
 * before `apt-add-repository`, which updates, on focal; review run 10). */
static size_t refetched_later(df003_state *st, const df_pm_run *r)
{
    return keepers_ready(st, r->c) ? df_pm_marked_later_line(r, &st->keepers) : 0;
}

/* The line of the last RUN before r, in r's stage, that keeps the lists
 * (keepers), or 0 when that RUN is in a stage r's is built on. Binary
 * search on the prefix counts. */
static size_t keeper_line(const df003_state *st, const df_pm_run *r)
{
    const df_doc *d = r->c->doc;
    const size_t *p = st->keepers.plain;
    if (r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages || !p)
        return 0;
    size_t k = last_marked(p, d->stages[r->in->stage].from, r->in->index);
    return k == SIZE_MAX ? 0 : d->instrs[k]->start_line;
}

/* The install of a RUN whose update lies on lists an earlier layer keeps:
 * no fix (removing them here saves next to nothing), information that
 * says where they stay. */
static void held_advice(df003_state *st, df_pm_run *r, const df_pm_call *calls, size_t n)
{
    const df_pm_call *inst = NULL;
    for (size_t i = n; i-- > 0 && !inst;)
        if (df_pm_sub_is(&calls[i], "install") && !df_pm_cleaned_after(r, calls[i].m, "cleanup_paths", calls[i].end))
            inst = &calls[i];
    if (!inst || df_pm_cache_mounted(r, inst->m))
        return;
    size_t line = keeper_line(st, r);
    char where[64];
    if (line)
        snprintf(where, sizeof where, "the RUN at line %zu", line);
    else
        snprintf(where, sizeof where, "a stage this one is built on");
    df_span at = {inst->view.name->span.start, inst->sub->span.end};
    df_report(r->c, DF_SEV_INFO, df_runsh_span(&r->rs, at),
              "%.*s %.*s: %s keeps the package lists in its layer, and this RUN's update rewrites only what "
              "changed, so removing them here would save next to nothing: remove them where they are written",
              (int)inst->view.name->value_len, inst->view.name->value, (int)inst->sub->value_len, inst->sub->value,
              where);
}

/* Is the image that stage si is built on, through the stages of the file,
 * a Docker official image (`debian`, `python:3.12-slim`: no registry, no
 * namespace)? Those remove the apt lists; another image may ship them. */
static bool official_base(const df_doc *d, size_t si)
{
    if (si >= d->nstages)
        return false;
    si = df_stage_root(d, si);
    df_imgref ref;
    return df_stage_image(d, si, &ref) && !ref.var && !strchr(ref.name, '/');
}

/* official_base of r's stage, kept for the last stage asked */
static bool official_of(df003_state *st, const df_pm_run *r)
{
    if (st->official_stage != r->in->stage + 1) {
        st->official = official_base(r->c->doc, r->in->stage);
        st->official_stage = r->in->stage + 1;
    }
    return st->official;
}

/* Does a command that is not an apt call run before script offset `before`
 * (a setup script that may run apt-get update)? */
typedef struct {
    const df_pm_call *calls;
    size_t n, before;
    bool other;
} other_q;

static int other_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    other_q *q = user;
    if (cmd->span.start >= q->before)
        return 0;
    for (size_t i = 0; i < q->n; i++)
        if (q->calls[i].cmd == cmd)
            return 0;
    q->other = true;
    return 1;
}

/* ---- the author's removal in a later layer ---------------------------- */

/* Is node `rm` of the lists and nothing else: options -r, -f, -R (in any
 * combination), --recursive, --force; every operand one of apt's
 * "cleanup_paths"? */
static bool lists_rm_only(const df_ctx *c, const df_fact *apt, const df_sh_node *node)
{
    df_sh_view v;
    if (df_sh_command_view(node, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm") ||
        v.name != &node->simple.words[0] || node->nredirs || node->simple.nassigns)
        return false;
    size_t paths = 0;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (df_sh_word_is(w, "--recursive") || df_sh_word_is(w, "--force"))
            continue;
        if (w->value_len > 1 && w->value[0] == '-' && w->value[1] != '-' &&
            strspn(w->value + 1, "rfR") == w->value_len - 1)
            continue;
        if (!w->value_len || w->value[0] == '-' || !df_kb_match(c->kb, apt, "cleanup_paths", w->value, w->value_len))
            return false;
        paths++;
    }
    return paths > 0;
}

/* Does brace word w (`/var/lib/{apt,dpkg,cache,log}/`, unquoted, one
 * brace pair) name, once expanded as bash would, the lists or a folder
 * above them? /bin/sh (dash) does not expand it: it is a literal path
 * that does not exist, and rm -f of it removes nothing. */
static bool brace_lists(const df_sh_word *w)
{
    const char *v = w->value;
    size_t n = w->value_len;
    if ((w->flags & DF_SH_W_EXPANSION) || w->span.end - w->span.start != n || !n || v[0] != '/')
        return false;
    const char *o = memchr(v, '{', n);
    const char *e = o ? memchr(o, '}', n - (size_t)(o - v)) : NULL;
    if (!o || !e || !memchr(o, ',', (size_t)(e - o)) || memchr(e + 1, '{', n - (size_t)(e + 1 - v)) ||
        memchr(v, '*', n) || memchr(v, '?', n) || memchr(v, '[', n))
        return false;
    static const char lists[] = "/var/lib/apt/lists";
    for (const char *a = o + 1; a <= e;) {
        const char *b = a;
        while (b < e && *b != ',')
            b++;
        char buf[160];
        int l = snprintf(buf, sizeof buf, "%.*s%.*s%.*s", (int)(o - v), v, (int)(b - a), a, (int)(n - (size_t)(e + 1 - v)),
                         e + 1);
        while (l > 1 && buf[l - 1] == '/')
            l--;
        if (l > 0 && (size_t)l < sizeof buf && (size_t)l <= sizeof lists - 1 && memcmp(buf, lists, (size_t)l) == 0 &&
            (lists[l] == '\0' || lists[l] == '/'))
            return true;
        a = b + 1;
    }
    return false;
}

/* The shape of an rm for the dead-removal move. True when the whole rm
 * goes: it removes the lists and nothing else (lists_rm_only), or only
 * brace words that /bin/sh leaves literal (with -f: *brace set, *word the
 * first of them). False otherwise; then *word is its one lists operand
 * beside other plain operands (`rm -rf /var/lib/apt/lists/\* /tmp/\*`),
 * *del the script bytes that remove it (from the end of the word before
 * it), or NULL. */
static bool lists_rm_shape(const df_ctx *c, const df_fact *apt, const df_sh_node *node, const df_sh_word **word,
                           df_span *del, bool *brace)
{
    *word = NULL;
    *brace = false;
    if (lists_rm_only(c, apt, node))
        return true;
    df_sh_view v;
    if (df_sh_command_view(node, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm") ||
        v.name != &node->simple.words[0] || node->nredirs || node->simple.nassigns)
        return false;
    size_t lists = 0, braces = 0, other = 0;
    const df_sh_word *lw = NULL, *bw = NULL;
    size_t before = 0; /* the end of the word before lw */
    bool force = false;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (df_sh_word_is(w, "--recursive") || df_sh_word_is(w, "--force")) {
            force |= w->value[2] == 'f';
            continue;
        }
        if (w->value_len > 1 && w->value[0] == '-' && w->value[1] != '-' &&
            strspn(w->value + 1, "rfR") == w->value_len - 1) {
            force |= memchr(w->value, 'f', w->value_len) != NULL;
            continue;
        }
        if (!w->value_len || w->value[0] == '-')
            return false;
        if (df_kb_match(c->kb, apt, "cleanup_paths", w->value, w->value_len) && w->span.end - w->span.start == w->value_len) {
            lists++;
            lw = w;
            before = i ? v.args[i - 1].span.end : v.name->span.end;
        } else if (brace_lists(w)) {
            braces++;
            if (!bw)
                bw = w;
        } else {
            other++;
        }
    }
    if (braces && !other && !lists && force) {
        *brace = true;
        *word = bw;
        return true;
    }
    if (lists == 1 && other && !braces) {
        *word = lw;
        *del = (df_span){before, lw->span.end};
    }
    return false;
}

typedef struct {
    df_pm_run run; /* the later RUN */
    size_t item;   /* the index of the rm in its top-level list */
    df_span del;   /* the bytes to delete */
    size_t line;   /* the rm's line */
    bool word;     /* only the rm's lists operand goes */
    bool brace;    /* a brace form /bin/sh leaves literal: the rm removed nothing */
    const df_sh_word *bw; /* brace: its first brace operand */
} dead_rm;

/* The author's `rm -rf /var/lib/apt/lists/\*` in a later RUN of r's stage
 * that removes nothing once r's fix is in: r is the last RUN that writes
 * the lists (no RUN between runs apt-get update or a setup script that
 * does, every RUN between is read), no earlier layer keeps lists (r's
 * fix applies: held_below said so), and the stage comes from a Docker official image (those
 * ship no lists; another image may, and the rm hides them). The later
 * removal then only hides what is already gone: the fix moves it (8go/
 * matrix-eno-bot, apache/marmotta: review of 2026-12-04). */
static bool find_dead_rm(df003_state *st, const df_pm_run *r, dead_rm *out)
{
    const df_doc *d = r->c->doc;
    const df_fact *apt = st->apt;
    if (!apt || r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages)
        return false;
    /* no earlier layer keeps lists: r's fix applies, so held_below said no */
    if (!official_of(st, r))
        return false;
    const df_stage *sg = &d->stages[r->in->stage];
    for (size_t j = r->in->index + 1; j <= sg->last && j < d->ninstrs; j++) {
        const df_instr *in = d->instrs[j];
        df_runsh_work(r->c->scripts, 1);
        if (in->cmd != DF_CMD_RUN)
            continue;
        df_pm_run o;
        if (!df_pm_run_of(r->c, in, &o) || updates_at(st, r->c, in))
            return false;
        const df_sh_list *l = &o.rs.script->list;
        for (size_t i = 0; i < l->n; i++) {
            const df_sh_word *w;
            df_span wdel;
            bool brace;
            bool whole = lists_rm_shape(r->c, apt, l->items[i].node, &w, &wdel, &brace);
            if (!whole && !w)
                continue;
            /* braces are literal for /bin/sh; another shell (bash)
             * expands them, and that rm removes more than the lists */
            if (brace && in->shell)
                return false;
            if (whole && !df_pm_item_removal(&o, i, &out->del))
                return false;
            if (!whole)
                out->del = df_runsh_span(&o.rs, wdel);
            out->word = !whole;
            out->brace = brace;
            out->bw = w;
            out->run = o;
            out->item = i;
            size_t at = df_runsh_src(&o.rs, l->items[i].node->span.start);
            out->line = in->start_line;
            for (size_t k = in->span.start; k < at; k++)
                out->line += r->c->src->text[k] == '\n';
            return true;
        }
        /* a removal this walk does not move (inside an if, beside other
         * paths): the author's cleanup stays */
        if (df_pm_cleaned_after(&o, apt, "cleanup_paths", 0))
            return false;
    }
    return false;
}

/* snprintf(buf + at, cap - at, "%.*s", (int)n, s) for a message piece,
 * without the cost of a format (two per finding, 12,500 findings on the
 * 50,000-line bench file): appends s[0..n) up to its first NUL, cut to
 * what fits with a NUL in cap, and returns at + that length (the length
 * of the whole text, as snprintf's return does; at may be past cap). */
static size_t put(char *buf, size_t cap, size_t at, const char *s, size_t n)
{
    const char *z = memchr(s, '\0', n);
    if (z)
        n = (size_t)(z - s);
    if (at + 1 < cap) {
        size_t k = n < cap - 1 - at ? n : cap - 1 - at;
        memcpy(buf + at, s, k);
        buf[at + k] = '\0';
    }
    return at + n;
}

/* Does a cleanup appended to in (removing nothing else) give no rule
 * anything new to fix (diag.h: df_fix.settles)? Only DF011 could care:
 * the lists this RUN no longer leaves might be what a later rm of the
 * lists was removing, whose fix then applies (test_rounds:
 * test_known_chains). So: when nothing after the RUN names "lists". The
 * file is searched once per check, from its end. */
static bool settles_after(df003_state *st, const df_ctx *c, const df_instr *in)
{
    if (!st->lists_end) {
        const char *t = c->src->text;
        size_t n = c->src->len, k = n;
        st->lists_end = 1;
        while (k >= 5) {
            k--;
            if (t[k] == 's' && memcmp(t + k - 4, "lists", 5) == 0) {
                st->lists_end = k + 2;
                break;
            }
        }
    }
    return in->span.end + 1 >= st->lists_end;
}

static void on_run(df_pm_run *r, void *user)
{
    df003_state *st = user;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    bool writer_fn = false;
    const df_sh_node *writer = writer_of(st, r->c, r->in, r->rs.script, &writer_fn);
    if (!n && !writer)
        return; /* no apt call: nothing kept, no lone update */
    if (!st->built) {
        st->built = true;
        st->ok = df_pm_marks_build(r->c, update_pred, st, &st->updates) == 0;
    }
    if (!st->ok)
        return;
    const df_pm_call *kept = NULL, *last = NULL;
    /* Installs before the RUN's own update read lists an earlier layer
     * wrote when an earlier RUN updated: removing them here saves nothing
     * (that layer keeps them), and a later step may still install with
     * them. The finding belongs to the RUN that updates. */
    bool earlier = earlier_update(st, r), fresh = !earlier, own = writer != NULL;
    for (size_t i = 0; i < n && !own; i++)
        own = refreshes(&calls[i]);
    if (!own && !earlier && !st->dry && r->in->stage < r->c->doc->nstages && !official_of(st, r)) {
        /* no update here nor in an earlier layer, on an image that may ship
         * lists (not an official one): when nothing but apt runs before the
         * first install (no setup script that may update), the lists are
         * the base image's, and removing them in this layer saves nothing
         * (TechEmpower OCaml/dream on ocaml/opam) */
        size_t first = SIZE_MAX;
        for (size_t i = 0; i < n && first == SIZE_MAX; i++)
            if (df_pm_sub_is(&calls[i], "install"))
                first = calls[i].cmd->span.start;
        other_q oq = {calls, n, first, false};
        if (first != SIZE_MAX)
            df_sh_walk(r->rs.script, other_visit, &oq);
        if (first != SIZE_MAX && !oq.other && !runs_writer_script(r->c, st->writer_urls, r->in))
            return;
    }
    /* the update rewrites lists that an earlier layer keeps: only what
     * changed lands in this layer, and removing the lists here saves next
     * to nothing (the earlier RUN's own finding says where they stay) */
    if (own && earlier && !st->dry && held_below(st, r)) {
        held_advice(st, r, calls, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (!fresh && refreshes(call)) /* (once fresh, the flags of the rest are not read) */
            fresh = true;
        if (!fresh)
            continue;
        if (last && df_pm_sub_is(call, "recreates_lists") && call->where.list == last->where.list) {
            last = call; /* `apt-get clean` makes lists/partial again: remove the lists after it */
            continue;
        }
        if (!df_pm_sub_is(call, "install"))
            continue;
        last = call;
        if (!kept && !df_pm_cleaned_after(r, call->m, "cleanup_paths", call->end))
            kept = call;
    }
    /* a command that runs apt-get update and install itself after the last
     * install (`python -m playwright install --with-deps firefox`) writes
     * the lists again: the cleanup goes after it (mozilla/bigquery-etl,
     * review pre9) */
    const df_fact *apt = st->apt;
    bool by_writer = writer && apt && (!last || writer->span.start > last->cmd->span.start);
    if (by_writer && df_pm_cleaned_after(r, apt, "cleanup_paths", writer->span.end)) {
        st->applies = true; /* removed after it */
        return;
    }
    if (!kept && !by_writer) {
        if (!st->dry && n)
            update_only(st, r, calls, n);
        return;
    }
    const df_fact *m = by_writer ? apt : kept->m;
    if (df_pm_cache_mounted(r, m) || df011_takes_it(st, r, m)) {
        st->applies = true; /* no lists in the layer, or DF011 joins the removal */
        return;
    }
    const char *cleanup = df_kb_str(m, "cleanup");
    if (!cleanup)
        return;
    const df_sh_node *last_cmd = by_writer ? writer : last->cmd;
    bool fix_ok;
    df_severity sev = df_pm_severity(r, &fix_ok);
    const char *why = no_fix_reason(r, last_cmd, by_writer ? writer_fn : last->where.in_function);
    if (!why && df_pm_later_users(r, users_of(st, r->c)))
        why = "a later RUN reads these lists without its own apt-get update";
    char refetch[200];
    size_t refetch_line = !why && !st->dry ? refetched_later(st, r) : 0;
    if (refetch_line) {
        snprintf(refetch, sizeof refetch,
                 "the RUN at line %zu fetches the lists again and keeps them, so removing them here only moves "
                 "them into that layer: remove them there too",
                 refetch_line);
        why = refetch;
    }
    if (!why && df_pm_said_cleanup_disabled(r, m)) /* kept for the dry run and DF004 */
        why = DF_SAID_CLEANUP_DISABLED;
    if (!why && !st->linter)
        st->linter = linter_demo(r->c, st->apt ? st->apt : m) ? 2 : 1; /* apt holds the phrases */
    if (!why && st->linter == 2)
        why = "the file's path names a Dockerfile linter (apt \"linter_demo_paths\"): a demonstration of its "
              "findings, and this missing cleanup is one of them";
    if (!why && r->ships && !st->runtime_read) {
        st->runtime = df_runtime_apt_install(r->c);
        st->runtime_read = true;
    }
    const char *runtime = !why && r->ships ? st->runtime : NULL;
    /* the message buffers below are strings: only their first byte is
     * cleared (zeroing all 1,900 bytes of them was a fifth of this
     * function's own instructions, RUN after RUN) */
    char rt[700];
    rt[0] = '\0';
    /* why the fix is only shown, when it is */
    const char *not_applied = NULL;
    if (runtime) {
        snprintf(rt, sizeof rt, " (only advice: the image installs packages when it starts, without apt-get update: %s)",
                 runtime);
        not_applied = " (not applied: the container needs the lists when it starts)";
    } else if (!why && in_environment(st, r)) {
        /* a devcontainer, IDE or toolkit image: its users run apt-get
         * install inside it (paperless-ngx .devcontainer, portainer
         * dev-toolkit; review of 2026-12-04) */
        snprintf(rt, sizeof rt, " (only advice: an image people work in, where they install packages with these lists)");
        not_applied = " (not applied: people install packages in this environment)";
    }
    char held[400];
    if (!why && !not_applied && df_pm_stage_held(r)) {
        /* a development environment or a job stage (df_doc_mark_uses) */
        snprintf(held, sizeof held, " (not applied: %s)", df_pm_stage_held(r));
        not_applied = held;
    }
    if (st->dry) {
        st->applies = fix_ok && !why && !not_applied;
        return;
    }
    /* the author removes the lists already, under a mistyped path: that
     * rm is the cleanup, corrected in place rather than doubled */
    typo_q tq = {r, last_cmd->span.end, NULL, 0};
    if (!by_writer)
        df_sh_walk(r->rs.script, typo_visit, &tq);
    /* what keeps the lists: `apt-get install`, or the writer command (its
     * first line) */
    /* the texts of the finding and its fix are built only when someone
     * reads them (df_messages_read: not under -q) */
    bool text = df_messages_read(r->c);
    char what[200];
    what[0] = '\0';
    df_span at;
    if (by_writer) {
        const char *wt = r->rs.script->text + writer->span.start;
        size_t wl = writer->span.end - writer->span.start;
        const char *nl = memchr(wt, '\n', wl);
        if (nl)
            wl = (size_t)(nl - wt);
        while (wl && (wt[wl - 1] == '\\' || wt[wl - 1] == ' ' || wt[wl - 1] == '\t' || wt[wl - 1] == '\r'))
            wl--;
        if (text)
            snprintf(what, sizeof what, "`%.*s` runs apt-get update and install, and", wl > 120 ? 120 : (int)wl, wt);
        at = writer->span;
        at.end = at.start + wl;
    } else {
        if (text) {
            size_t wl = put(what, sizeof what, 0, kept->view.name->value, kept->view.name->value_len);
            wl = put(what, sizeof what, wl, " ", 1);
            put(what, sizeof what, wl, kept->sub->value, kept->sub->value_len);
        }
        at = (df_span){kept->view.name->span.start, kept->sub->span.end};
    }
    /* the author removes the lists in a later layer, where that saves
     * nothing: the fix moves the removal rather than doubling it */
    dead_rm dead;
    bool moves = !why && !not_applied && fix_ok && !tq.word && !by_writer && find_dead_rm(st, r, &dead);
    char later[300];
    later[0] = '\0';
    /* a later round's lines are those of the file after earlier fixes,
     * not of the author's: such a finding names none */
    char rmat[40] = " of a later RUN", runat[40] = "the later RUN";
    if (moves && !r->c->round) {
        snprintf(rmat, sizeof rmat, " at line %zu", dead.line);
        snprintf(runat, sizeof runat, "the RUN at line %zu", dead.run.in->start_line);
    }
    if (moves && dead.brace)
        snprintf(later, sizeof later,
                 " (the rm%s removes nothing: /bin/sh does not expand the braces of `%.*s`, a literal path "
                 "that does not exist)",
                 rmat, dead.bw->value_len > 100 ? 100 : (int)dead.bw->value_len, dead.bw->value);
    else if (moves && dead.word)
        snprintf(later, sizeof later,
                 " (the rm%s removes them in a later layer, which saves nothing: the removal moves here)", rmat);
    else if (moves)
        snprintf(later, sizeof later, " (the rm%s, in a later layer, saves nothing: it moves here)", rmat);
    df_diag *d;
    if (tq.word)
        d = df_report(r->c, sev, df_runsh_span(&r->rs, tq.word->span),
                      "%.*s %.*s keeps the package lists in the layer: the RUN removes %.*s, a misspelling of "
                      LISTS_DIR " that removes nothing%s%s%s%s",
                      (int)kept->view.name->value_len, kept->view.name->value, (int)kept->sub->value_len,
                      kept->sub->value, (int)tq.word->value_len, tq.word->value, why ? " (no automatic fix: " : "",
                      why ? why : "", why ? ")" : "", rt);
    else
        d = df_report(r->c, sev, df_runsh_span(&r->rs, at),
                      "%s keeps the package lists in the layer: remove /var/lib/apt/lists in the same RUN%s%s%s%s%s",
                      what, later, why ? " (no automatic fix: " : "", why ? why : "", why ? ")" : "", rt);
    if (!d || why)
        return;
    if (tq.word) {
        char fixed[128];
        int fl = snprintf(fixed, sizeof fixed, LISTS_DIR "%.*s", (int)(tq.word->value_len - tq.keep),
                          tq.word->value + tq.keep);
        char tdesc[600];
        snprintf(tdesc, sizeof tdesc, "correct the path to %s%s", fixed,
                 not_applied ? not_applied : fix_ok ? "" : " (build-only stage: not applied by default)");
        if (fl > 0 && (size_t)fl < sizeof fixed &&
            df_diag_set_fix(r->c->out, d, fix_ok && !not_applied ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, tdesc)) {
            df_span ws = df_runsh_span(&r->rs, tq.word->span);
            df_fix_add_edit(r->c->out, d, ws.start, ws.end, fixed, (size_t)fl);
        }
        return;
    }
    char desc[600], drop[100];
    desc[0] = drop[0] = '\0';
    if (moves && text)
        snprintf(drop, sizeof drop, dead.brace  ? " and drop that rm from %s"
                                    : dead.word ? " and drop the lists from the rm of %s"
                                                : " and drop it from %s",
                 runat);
    const char *tail = not_applied ? not_applied : fix_ok ? "" : " (build-only stage: not applied by default)";
    const char *after_what = by_writer ? "` after the command" : "` after the install";
    if (text) {
        size_t dl = put(desc, sizeof desc, 0, "append `", 8);
        dl = put(desc, sizeof desc, dl, cleanup, strlen(cleanup));
        dl = put(desc, sizeof desc, dl, after_what, strlen(after_what));
        dl = put(desc, sizeof desc, dl, drop, strlen(drop));
        put(desc, sizeof desc, dl, tail, strlen(tail));
    }
    if (df_diag_set_fix(r->c->out, d, fix_ok && !not_applied ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc) &&
        add_fix(r, d, last_cmd, cleanup) == 0 && moves)
        df_fix_add_edit(r->c->out, d, dead.del.start, dead.del.end, "", 0);
    /* an appended cleanup that deletes nothing (DF001 joins what a
     * deletion leaves on one line) and that no later rm can care about */
    if (d->fix && !moves && settles_after(st, r->c, r->in))
        d->fix->settles = true;
}

static void check(df_ctx *c)
{
    df003_state st;
    memset(&st, 0, sizeof st);
    st.lu.manager = "apt";
    st.lu.uses = NULL; /* apt's "index_readers" and "index_reader_commands" (data) */
    st.lu.fresh = refreshes; /* lu and updates: built by on_run when needed */
    for (size_t i = 0; i < df_nrules && c->opts; i++) {
        if (df_rules[i] == &df_rule_df011 && c->opts->enabled[i])
            st.L = df_layers_of(c);
        if (df_rules[i] == &df_rule_df005 && c->opts->enabled[i])
            st.df005 = true;
    }
    st.environment = -1;
    st.apt = df_kb_manager(c->kb, "apt");
    st.writer_urls = df_fact_get(st.apt, "index_writer_urls");
    st.writer_patterns = df_fact_get(st.apt, "index_writer_command_patterns");
    st.writer_words = df_fact_get(st.apt, "index_writer_command_words");
    st.adders = df_fact_get(st.apt, "repository_adders");
    st.adder_no_update = df_fact_get(st.apt, "repository_adder_no_update");
    df_pm_each_run(c, on_run, &st);
}

const df_rule df_rule_df003 = {
    .id = "DF003",
    .name = "apt-lists-kept",
    .hadolint = "DL3009",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF001,DF011",
    .summary = "apt-get install without removing /var/lib/apt/lists in the same RUN",
    .worth = "image size: the apt package lists no longer ship",
    .check = check,
};
