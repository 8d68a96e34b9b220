/*
 * DF004 apt-recommends-installed (hadolint DL3015)
 *
 * What it finds: `apt-get install` (or `apt install`, also behind sudo/env,
 * in `if` bodies, heredoc scripts and ONBUILD RUN) without
 * `--no-install-recommends`.
 *
 * Why it matters: by default apt also installs every package the requested
 * ones merely recommend. In images that is often the larger part of the
 * download: `apt-get install -y git` brings in a whole Perl, patch, less
 * and an SSH client; build tools pull documentation and X libraries.
 *
 * Example:
 *     RUN apt-get update && apt-get install -y curl python3
 * becomes
 *     RUN apt-get update && apt-get install --no-install-recommends -y curl python3 ca-certificates
 * The flag goes right after the subcommand word (never after `--`, never
 * among the package names). curl, wget and git reach HTTPS servers through
 * the certificates of `ca-certificates`, which is only a recommendation of
 * theirs: when such a package is installed and ca-certificates is not
 * already installed by that call or an earlier install of the stage, the
 * fix adds it after the last package name (the list lives in
 * data/package-managers.json, "needs_with_recommends").
 *
 * Left alone: simulations (`apt-get install -s`, `--dry-run`, ...),
 * calls that already say `--no-install-recommends` or
 * `-o APT::Install-Recommends=false` (0/no/off, any case; an explicit
 * `=true` is the author's choice too), and stages
 * where apt is configured that way before the call: an
 * `APT::Install-Recommends "false";` line written by an earlier command of
 * the same RUN (echo, printf, a here-document), by an earlier RUN of the
 * stage or of a stage it is built FROM, a COPY/ADD heredoc, or a file
 * COPY'd from the build context into /etc/apt. Exec-form RUNs, RUNs under
 * a non-POSIX SHELL, files for Windows.
 *
 * Fix safety: safe in general, as DESIGN says: recommended packages are by
 * definition not needed for the package to work, and the one common break
 * (HTTPS without ca-certificates) is repaired by the fix itself. There
 * are concrete exceptions, and for those the fix is unsafe (applied with
 * --unsafe-fixes only): python3-pip / python-pip recommend build-essential
 * and python3-dev, without which a later `pip install` of a package that
 * has no wheel fails to compile; gnupg / gnupg2 recommend dirmngr on older
 * releases, without which `gpg --recv-keys` fails. Known and accepted: git
 * recommends an SSH client, so `git clone git@host:...` in a later step
 * needs `openssh-client` installed explicitly; and software that calls a
 * recommended tool at run time (rare in images) has to list it. gcc only
 * recommends libc6-dev, without which nothing links: the fix adds it, as
 * it adds ca-certificates; dpkg-dev recommends the toolchain its tools
 * drive (unsafe). When another install of the same stage already says
 * --no-install-recommends, leaving it out here is taken as the author's
 * decision: the finding stays, the fix is advice only. In stages
 * that do not reach the image the finding is "info" and the fix is shown,
 * not applied (`fix-build-stages` applies it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "pm.h"

static const char *const apt_only[] = {"apt", NULL};

static bool contains(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, lit, k) == 0)
            return true;
    return false;
}

/* ---- is apt configured without recommends before this point? ------------ */

typedef struct {
    const df_ctx *c;
    const json_t *m;
    const char *key;
    const df_sh_script *s;
    size_t before; /* script offset: only commands starting before it */
    bool found;
} cfgscan;

static int cfg_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    cfgscan *cs = user;
    if (cmd->span.start >= cs->before)
        return 0;
    /* an option of an apt call (-o X=Y) is not configuration for later calls */
    df_sh_view v;
    bool apt_call = df_sh_command_view(cmd, &v) == 0 && v.name &&
                    df_kb_manager_for(cs->c->kb, v.name->value, v.name->value_len, NULL) == cs->m;
    for (size_t i = 0; i < cmd->simple.nwords && !cs->found && !apt_call; i++) {
        const df_sh_word *w = &cmd->simple.words[i];
        cs->found = df_kb_match(cs->c->kb, cs->m, cs->key, w->value, w->value_len);
    }
    for (size_t i = 0; i < cmd->nredirs && !cs->found; i++) {
        const df_sh_heredoc *h = cmd->redirs[i].heredoc;
        if (h && h->present)
            cs->found = df_kb_match(cs->c->kb, cs->m, cs->key, cs->s->text + h->body.start,
                                    h->body.end - h->body.start);
    }
    return cs->found;
}

static bool script_says(const df_ctx *c, const json_t *m, const char *key, const df_sh_script *s, size_t before)
{
    cfgscan cs = {c, m, key, s, before, false};
    df_sh_walk(s, cfg_visit, &cs);
    return cs.found;
}

/* A file of the build context that COPY/ADD puts under /etc/apt. */
static bool context_file_says(const df_ctx *c, const json_t *m, const char *key, const df_instr *in)
{
    if (!c->context_dir || in->json || in->nargs < 2)
        return false;
    const df_word *dst = &in->args[in->nargs - 1];
    if (!contains(dst->value, dst->len, "/etc/apt"))
        return false;
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const df_word *w = &in->args[i];
        if (memchr(w->value, '$', w->len) || memchr(w->value, '*', w->len) || memchr(w->value, '<', w->len) ||
            contains(w->value, w->len, ".."))
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%.*s", c->context_dir, (int)w->len, w->value) >= sizeof path)
            continue;
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (df_kb_match(c->kb, m, key, buf, n))
            return true;
    }
    return false;
}

static bool instr_says(const df_ctx *c, const json_t *m, const char *key, const df_instr *in)
{
    for (size_t h = 0; h < in->nheredocs; h++) {
        df_span b = in->heredocs[h].body;
        if (df_kb_match(c->kb, m, key, c->src->text + b.start, b.end - b.start))
            return true;
    }
    if (in->cmd == DF_CMD_RUN) {
        df_runsh rs;
        if (df_runsh_get(c->doc->arena, c->doc, in, &rs) == 0 && rs.script &&
            script_says(c, m, key, rs.script, (size_t)-1))
            return true;
    } else if (in->cmd == DF_CMD_COPY || in->cmd == DF_CMD_ADD) {
        return context_file_says(c, m, key, in);
    }
    return false;
}

/* Instructions [from, to) of the document, ONBUILD ones only when `onbuild`. */
static bool range_says(const df_ctx *c, const json_t *m, const char *key, size_t from, size_t to, bool onbuild)
{
    const df_doc *d = c->doc;
    for (size_t i = from; i < to && i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_ONBUILD) {
            if (onbuild && in->sub && instr_says(c, m, key, in->sub))
                return true;
            continue;
        }
        if (instr_says(c, m, key, in))
            return true;
    }
    return false;
}

/* Is apt configured with key's setting before script offset `before` of r:
 * in r's script, in the stage before r, or in the stages it is built FROM?
 * (An ONBUILD RUN runs after the whole stage and its earlier triggers.) */
static bool configured_before(const df_pm_run *r, const json_t *m, const char *key, size_t before)
{
    const df_ctx *c = r->c;
    const df_doc *d = c->doc;
    if (script_says(c, m, key, r->rs.script, before))
        return true;
    if (r->in->stage >= d->nstages)
        return false;
    const df_stage *st = &d->stages[r->in->stage];
    bool ob = r->in->cmd == DF_CMD_ONBUILD;
    if (range_says(c, m, key, st->from + 1, ob ? st->last + 1 : r->in->index, false))
        return true;
    if (ob && range_says(c, m, key, st->from + 1, r->in->index, true))
        return true;
    size_t cur = r->in->stage;
    for (size_t steps = 0; steps < d->nstages; steps++) {
        size_t base = df_stage_find(d, d->stages[cur].base);
        if (base == (size_t)-1 || base >= cur)
            break;
        if (range_says(c, m, key, d->stages[base].from + 1, d->stages[base].last + 1, false))
            return true;
        cur = base;
    }
    return false;
}

/* Does an option of the call (-o X=Y, --option=X=Y) set key's setting, or
 * set APT::Install-Recommends at all (an explicit `=true` is the author's
 * choice, and a flag inserted before it would lose to it)? */
static bool option_says(const df_pm_run *r, const df_pm_call *call, const char *key)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_FLAG || !a.value)
            continue;
        if (df_kb_match(r->c->kb, call->m, key, a.value, a.value_len))
            return true;
        for (size_t i = 0; i + 18 <= a.value_len; i++)
            if (strncasecmp(a.value + i, "Install-Recommends", 18) == 0)
                return true;
    }
    return false;
}

/* ---- packages -------------------------------------------------------- */

/* The package name of an operand: without =version, /release, :arch. */
static size_t pkg_name(const df_sh_word *w)
{
    size_t n = 0;
    while (n < w->value_len && w->value[n] != '=' && w->value[n] != '/' && w->value[n] != ':')
        n++;
    return n;
}

static bool call_installs(const df_pm_call *call, const char *pkg)
{
    size_t pl = strlen(pkg);
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_OPERAND || a.index <= call->sub_index || (a.word->flags & DF_SH_W_EXPANSION))
            continue;
        if (pkg_name(a.word) == pl && memcmp(a.word->value, pkg, pl) == 0)
            return true;
    }
    return false;
}

typedef struct {
    const char *pkg;
    const df_instr *stop; /* the RUN being checked */
    size_t before;        /* script offset in it */
    bool found;
} pkgscan;

static void pkg_run(df_pm_run *r, void *user)
{
    pkgscan *ps = user;
    if (ps->found)
        return;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n && !ps->found; i++) {
        if (r->in == ps->stop && calls[i].cmd->span.start >= ps->before)
            break;
        ps->found = df_pm_sub_is(&calls[i], "install") && call_installs(&calls[i], ps->pkg);
    }
}

/* Is pkg installed by an apt call before `call` in its RUN, or by an earlier
 * RUN of the stage (or of a stage it is built FROM)? */
static bool installed_before(df_pm_run *r, const df_pm_call *call, const char *pkg)
{
    const df_doc *d = r->c->doc;
    if (r->in->stage >= d->nstages)
        return false;
    /* the stages that make up this one: this stage and its bases */
    bool in_chain[64] = {false};
    size_t cur = r->in->stage;
    if (cur < 64)
        in_chain[cur] = true;
    for (size_t steps = 0; steps < d->nstages; steps++) {
        size_t base = df_stage_find(d, d->stages[cur].base);
        if (base == (size_t)-1 || base >= cur)
            break;
        if (base < 64)
            in_chain[base] = true;
        cur = base;
    }
    pkgscan ps = {pkg, r->in, call->cmd->span.start, false};
    for (size_t i = 0; i < d->ninstrs && !ps.found; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage >= 64 || !in_chain[in->stage] || in->cmd != DF_CMD_RUN)
            continue;
        if (in->stage == r->in->stage && in->index > r->in->index)
            break;
        df_pm_run o;
        memset(&o, 0, sizeof o);
        o.c = r->c;
        o.in = in;
        if (df_runsh_get(d->arena, d, in, &o.rs) < 0 || !o.rs.script)
            continue;
        pkg_run(&o, &ps);
    }
    if (!ps.found && r->in->cmd == DF_CMD_ONBUILD)
        pkg_run(r, &ps);
    return ps.found;
}

/* The last package operand after the subcommand, or NULL. */
static const df_sh_word *last_package(const df_pm_call *call)
{
    const df_sh_word *last = NULL;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a))
        if (a.kind == DF_SH_ARG_OPERAND && a.index > call->sub_index)
            last = a.word;
    return last;
}

/* Is `--` before the subcommand (options can no longer follow it)? */
static bool end_before_sub(const df_pm_call *call)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a) && a.index < call->sub_index)
        if (a.kind == DF_SH_ARG_END)
            return true;
    return false;
}

/* The reason recommends matter for one of the call's packages, or NULL. */
static const char *recommends_matter(const df_pm_call *call, const char **pkg)
{
    const json_t *map = json_object_get(call->m, "recommends_matter");
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)map, k, v)
    {
        if (call_installs(call, k)) {
            *pkg = k;
            return json_string_value(v);
        }
    }
    return NULL;
}

/* ---- the rule ---------------------------------------------------------- */

static size_t after_word(const df_pm_run *r, const df_sh_word *w)
{
    return df_pm_src(r, w->span.end - 1) + 1;
}

/* Stages (by index) where some apt install already says
 * --no-install-recommends: there, a call without it is the author's choice. */
typedef struct {
    bool *chooses; /* [doc->nstages] */
} stage_marks;

static void mark_run(df_pm_run *r, void *user)
{
    stage_marks *sm = user;
    if (r->in->stage >= r->c->doc->nstages)
        return;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "install") && df_pm_has_flag(&calls[i], "no_recommends"))
            sm->chooses[r->in->stage] = true;
}

/* The text that adds packages (" a b") after the last package word lp: when
 * the packages stand one per line, each new one gets a line of its own with
 * the same indentation, continued with the file's escape character. */
static void one_per_line_text(const df_pm_run *r, const df_sh_word *lp, const df_buf *add, df_buf *out)
{
    const char *s = r->c->src->text;
    size_t st = df_pm_src(r, lp->span.start);
    size_t ls = st;
    while (ls > 0 && (s[ls - 1] == ' ' || s[ls - 1] == '\t'))
        ls--;
    bool alone = !r->rs.heredoc && r->style.multiline && ls > 0 && s[ls - 1] == '\n' && ls < st;
    if (!alone) {
        df_buf_add(out, add->data, add->len);
        return;
    }
    /* add holds " pkg1 pkg2": one line each */
    const char *p = add->data, *e = add->data + add->len;
    while (p < e) {
        while (p < e && *p == ' ')
            p++;
        const char *q = p;
        while (q < e && *q != ' ')
            q++;
        if (q > p)
            df_buf_printf(out, " %c%s%.*s%.*s", r->style.esc, r->style.eol, (int)(st - ls), s + ls, (int)(q - p),
                          p);
        p = q;
    }
}

static void check_call(df_pm_run *r, const df_pm_call *call, const stage_marks *sm)
{
    if (!df_pm_sub_is(call, "install") || df_pm_has_flag(call, "no_recommends") ||
        df_pm_has_flag(call, "no_install_flags"))
        return;
    if (option_says(r, call, "config_no_recommends") ||
        configured_before(r, call->m, "config_no_recommends", call->cmd->span.start))
        return;
    bool fix_ok;
    df_severity sev = df_pm_severity(r, &fix_ok);
    df_span at = {call->view.name->span.start, call->sub->span.end};
    df_diag *d = df_report(r->c, sev, df_runsh_span(&r->rs, at),
                           "%.*s %.*s without --no-install-recommends also installs recommended packages",
                           (int)call->view.name->value_len, call->view.name->value, (int)call->sub->value_len,
                           call->sub->value);
    if (!d || end_before_sub(call))
        return;

    /* packages the installed ones need once recommends are off */
    df_buf add = DF_BUF_INIT;
    const json_t *needs = json_object_get(call->m, "needs_with_recommends");
    const char *k;
    const json_t *list;
    json_object_foreach((json_t *)needs, k, list)
    {
        if (!call_installs(call, k))
            continue;
        size_t i;
        const json_t *pj;
        json_array_foreach(list, i, pj)
        {
            const char *p = json_string_value(pj);
            if (!p || call_installs(call, p) || installed_before(r, call, p))
                continue;
            char pat[128];
            snprintf(pat, sizeof pat, " %s", p);
            if (add.len && contains(add.data, add.len, pat))
                continue;
            df_buf_add(&add, pat, strlen(pat));
        }
    }
    const char *pkg = NULL;
    const char *why = recommends_matter(call, &pkg);
    char desc[400];
    int n = snprintf(desc, sizeof desc, "insert --no-install-recommends%s%.*s", add.len ? " and add" : "",
                     (int)add.len, add.data ? add.data : "");
    if (why)
        n += snprintf(desc + n, sizeof desc - (size_t)n, " (unsafe: %s recommends %s)", pkg, why);
    if (!fix_ok)
        snprintf(desc + n, sizeof desc - (size_t)n, " (build-only stage: not applied by default)");
    bool chosen = sm->chooses && r->in->stage < r->c->doc->nstages && sm->chooses[r->in->stage];
    if (fix_ok && chosen)
        snprintf(desc + n, sizeof desc - (size_t)n,
                 " (advice: other installs of this stage say --no-install-recommends, so this one looks deliberate)");
    df_applicability ap = !fix_ok || chosen ? DF_APPLY_DISPLAY : why ? DF_APPLY_UNSAFE : DF_APPLY_SAFE;
    if (df_diag_set_fix(r->c->out, d, ap, desc)) {
        size_t s = after_word(r, call->sub);
        if (df_fix_add_edit(r->c->out, d, s, s, " --no-install-recommends", 24) == 0 && add.len) {
            const df_sh_word *lp = last_package(call);
            if (lp) {
                size_t e = after_word(r, lp);
                df_buf ins = DF_BUF_INIT;
                one_per_line_text(r, lp, &add, &ins);
                df_fix_add_edit(r->c->out, d, e, e, ins.data, ins.len);
                df_buf_release(&ins);
            }
        }
    }
    df_buf_release(&add);
}

static void on_run(df_pm_run *r, void *user)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++)
        check_call(r, &calls[i], user);
}

static void check(df_ctx *c)
{
    stage_marks sm = {NULL};
    if (c->doc->nstages)
        sm.chooses = df_arena_alloc(c->doc->arena, c->doc->nstages * sizeof *sm.chooses);
    if (sm.chooses)
        df_pm_each_run(c, mark_run, &sm);
    df_pm_each_run(c, on_run, &sm);
}

const df_rule df_rule_df004 = {
    .id = "DF004",
    .name = "apt-recommends-installed",
    .hadolint = "DL3015",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt-get install without --no-install-recommends",
    .check = check,
};
