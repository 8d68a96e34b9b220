/*
 * DF005 apt-update-separated
 *
 * What it finds: a RUN whose whole script is `apt-get update` (or `apt
 * update`, with options, possibly several joined by `&&`), followed later
 * in the same stage by a RUN that installs with apt without running
 * `apt-get update` itself first.
 *
 * Why it matters: the build cache keys a RUN by its text. `RUN apt-get
 * update` never changes, so after the first build its layer, with the
 * package lists of that day, is reused forever; when the install line
 * changes, it runs against those old lists and fails with 404s for package
 * versions the mirror has since replaced, or installs outdated packages.
 * Docker's own best-practices guide asks for update and install in one RUN.
 *
 * Example:
 *     # system packages
 *     RUN apt-get update
 *     RUN apt-get install -y curl
 * becomes
 *     # system packages
 *     RUN apt-get update && apt-get install -y curl
 * The update RUN's own text (options such as -qq kept) moves in front of
 * the first command of the install RUN, in that RUN's style: `&&` plus a
 * line continuation when the RUN spans several lines with `&&` at line
 * ends, or `&&` at the start of the next line when it puts operators
 * there. Comments above the update RUN stay where they were; when the
 * line above it is a comment (or blank), the blank lines right after the
 * update RUN go with it, so that its comment heads the merged RUN, or
 * joins the comment block that heads the install:
 *     # Install some stuff we need to run the build
 *     RUN apt update -y
 *
 *     # Install general purpose tools
 *     RUN apt install -y make git
 * becomes
 *     # Install some stuff we need to run the build
 *     # Install general purpose tools
 *     RUN apt update -y && apt install -y make git
 *
 * Left alone: a RUN that updates and installs in the same script (the
 * usual, right form, also apt 3's `apt-get install --update`); lone
 * update RUNs with no later install in the stage, or followed by another
 * lone update. Reported without a fix: when the
 * install RUN runs `apt-get update` (or `install --update`) itself (the lone
 * update RUN is then just useless: the advice shows its deletion); when
 * any instruction stands between the two RUNs (even one that looks
 * harmless: only adjacent RUNs are merged); when their flags differ (a
 * --mount or --network must not spread to another command); when one is an
 * ONBUILD RUN and the other is not; when the update RUN holds comment
 * lines inside its continuation (they would be lost); and when the
 * install RUN's script is not one `&&` chain (`a; b`, `a || b`, several
 * heredoc lines): there `apt-get update && a; b` would go on after a failed
 * update, where the separate RUN stopped the build. Exec-form RUNs, a
 * non-POSIX SHELL, files for Windows: not looked at.
 *
 * Fix safety: safe (conditions in passes/layers.h): adjacent RUNs of one stage,
 * identical flags, both shell form under a POSIX shell, and a first RUN
 * that changes no shell state (it only runs apt-get update). The merged
 * RUN fails exactly when one of the two failed. The only change is the
 * point of the fix: the update runs again whenever the install line
 * changes. The rule applies to every stage: it is about correct builds.
 */
#include <stdio.h>
#include <string.h>

#include "dfopt/buf.h"
#include "layers.h"
#include "pm.h"

static const char *const apt_only[] = {"apt", NULL};

/* Fill r for instruction in (RUN or ONBUILD RUN); false when it has no
 * POSIX script. */
static bool get_run(df_ctx *c, const df_instr *in, df_pm_run *r)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    r->in = in;
    if (df_runsh_cached(c->scripts, c->doc->arena, c->doc, in, &r->rs) < 0 || !r->rs.script)
        return false;
    df_runsh_style(c->doc, &r->rs, &r->style);
    r->ships = true;
    return true;
}

static bool is_run(const df_instr *in)
{
    return in->cmd == DF_CMD_RUN || (in->cmd == DF_CMD_ONBUILD && in->sub && in->sub->cmd == DF_CMD_RUN);
}

/* Is r's whole script apt update calls joined by && (one per item)? */
static bool lone_update(df_pm_run *r, const df_pm_call **first)
{
    const df_sh_list *l = &r->rs.script->list;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    if (n == 0 || n != l->n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (l->items[i].node != calls[i].cmd || !df_pm_sub_is(&calls[i], "update"))
            return false;
        if (i + 1 < n && l->items[i].op != DF_SH_OP_AND)
            return false;
    }
    if (l->items[n - 1].op == DF_SH_OP_AMP)
        return false;
    *first = &calls[0];
    return true;
}

/* The first apt install or update call of r, or NULL; *updates when it
 * updates the lists (`update`, or apt 3's `install --update`). */
static const df_pm_call *first_apt(df_pm_run *r, bool *updates)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        bool upd = df_pm_sub_is(call, "update");
        if (upd || df_pm_sub_is(call, "install")) {
            *updates = upd || df_sh_has_flag(&call->view, call->spec, "--update");
            return call;
        }
    }
    return NULL;
}

static bool has_inner_comments(const df_instr *in)
{
    for (size_t i = 0; i < in->nplines; i++)
        if (in->plines[i].kind == DF_PLINE_COMMENT || in->plines[i].kind == DF_PLINE_EMPTY)
            return true;
    return false;
}

/* Is the script one && chain (what `update && ` in front keeps exact)? */
static bool one_and_chain(const df_sh_script *s)
{
    if (s->list.n == 0)
        return false;
    for (size_t i = 0; i + 1 < s->list.n; i++)
        if (s->list.items[i].op != DF_SH_OP_AND)
            return false;
    return s->list.items[s->list.n - 1].op != DF_SH_OP_AMP;
}

/* Why the two RUNs cannot be merged, or NULL. */
static const char *no_merge(const df_pm_run *u, const df_pm_run *ins)
{
    const df_doc *d = u->c->doc;
    if (ins->in->index != u->in->index + 1)
        return "an instruction stands between the two RUNs";
    if (u->in->cmd != ins->in->cmd)
        return "only one of them is an ONBUILD RUN";
    if (!df_same_flags(u->in, ins->in))
        return "the two RUNs have different flags";
    if (has_inner_comments(u->in))
        return "the update RUN has comment lines inside";
    if (!one_and_chain(ins->rs.script))
        return "the install RUN is not one && chain";
    (void)d;
    return NULL;
}

/* The update RUN's script text, trimmed; NULL when it spans lines. */
static const char *update_text(const df_pm_run *u, size_t *len)
{
    const char *s = u->rs.script->text;
    size_t a = 0, b = u->rs.script->len;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r'))
        b--;
    if (a == b || memchr(s + a, '\n', b - a))
        return NULL;
    *len = b - a;
    return s + a;
}

/* The end of what the fix deletes: the update RUN, and the blank lines
 * right after it when the line above it is a comment or blank. Its own
 * comment then heads the merged RUN (or joins the comment block above the
 * install: apache/plc4x's `# Install some stuff we need to run the build`
 * above `RUN apt update -y`, a blank line, `# Install general purpose
 * tools` above the install) instead of a blank line, and blank lines do
 * not pile up. Below an instruction, the blank lines stay: they are what
 * separates it from the install. */
static size_t deletion_end(const df_doc *doc, const df_instr *u, const df_instr *ins)
{
    const char *t = doc->src->text;
    size_t end = u->span.end, ls = u->span.start;
    if (ls == 0)
        return end;
    size_t prev = ls - 1; /* the newline ending the line above */
    while (prev > 0 && t[prev - 1] != '\n')
        prev--;
    size_t k = prev;
    while (k < ls && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n'))
        k++;
    if (k < ls && t[k] != '#')
        return end; /* an instruction above */
    size_t cut = end;
    for (size_t i = end; i < ins->span.start; i++) {
        if (t[i] == '\n')
            cut = i + 1;
        else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            break;
    }
    return cut;
}

static void add_merge(df_ctx *c, df_diag *d, const df_pm_run *u, const df_pm_run *ins)
{
    size_t ul;
    const char *ut = update_text(u, &ul);
    if (!ut)
        return;
    df_buf t = DF_BUF_INIT;
    const df_runstyle *st = &ins->style;
    int rc;
    if (ins->rs.heredoc || !st->multiline)
        rc = df_buf_printf(&t, "%.*s && ", (int)ul, ut);
    else if (st->leading_ops)
        rc = df_buf_printf(&t, "%.*s %c%s%s&& ", (int)ul, ut, st->esc, st->eol, st->indent);
    else
        rc = df_buf_printf(&t, "%.*s && %c%s%s", (int)ul, ut, st->esc, st->eol, st->indent);
    if (rc < 0)
        df_arena_note_failure(c->out->arena); /* out of memory: the driver stops */
    if (rc == 0 && df_diag_set_fix(c->out, d, DF_APPLY_SAFE, "move apt-get update into the install RUN")) {
        size_t first = ins->rs.script->list.items[0].node->span.start;
        df_span one = {first, first + 1};
        size_t at = df_runsh_span(&ins->rs, one).start;
        /* both edits or none: the deletion alone would lose the update */
        if (df_fix_add_edit(c->out, d, u->in->span.start, deletion_end(c->doc, u->in, ins->in), "", 0) < 0 ||
            df_fix_add_edit(c->out, d, at, at, t.data, t.len) < 0)
            d->fix = NULL;
    }
    df_buf_release(&t);
}

static void check_update(df_ctx *c, const df_instr *uin)
{
    const df_doc *doc = c->doc;
    df_pm_run u;
    const df_pm_call *upd;
    if (!get_run(c, uin, &u) || !lone_update(&u, &upd))
        return;
    for (size_t j = uin->index + 1; j < doc->ninstrs && doc->instrs[j]->stage == uin->stage; j++) {
        const df_instr *in = doc->instrs[j];
        df_runsh_work(c->scripts, 1);
        if (!is_run(in) || (in->cmd == DF_CMD_ONBUILD) != (uin->cmd == DF_CMD_ONBUILD))
            continue;
        df_pm_run ins;
        if (!get_run(c, in, &ins))
            return; /* an exec-form or non-POSIX RUN: cannot tell what it does */
        bool updates = false;
        const df_pm_call *first = first_apt(&ins, &updates);
        if (!first)
            continue;
        df_span at = {upd->view.name->span.start, upd->sub->span.end};
        df_span sp = df_runsh_span(&u.rs, at);
        if (updates) {
            const df_pm_call *dummy;
            if (lone_update(&ins, &dummy))
                return;
            df_diag *d = df_report(c, c->rule->severity, sp,
                                   "apt-get update in a RUN of its own is useless: the install RUN at line %zu runs "
                                   "apt-get update itself",
                                   in->start_line);
            if (d && df_diag_set_fix(c->out, d, DF_APPLY_DISPLAY, "delete this RUN"))
                df_fix_add_edit(c->out, d, uin->span.start, uin->span.end, "", 0);
            return;
        }
        const char *why = no_merge(&u, &ins);
        df_diag *d = df_report(c, c->rule->severity, sp,
                               "apt-get update in a RUN of its own: the install at line %zu reads package lists "
                               "cached with this layer, stale once it is reused%s%s%s",
                               in->start_line, why ? " (no automatic fix: " : "", why ? why : "", why ? ")" : "");
        if (d && !why)
            add_merge(c, d, &u, &ins);
        return;
    }
}

static void check(df_ctx *c)
{
    for (size_t i = 0; i < c->doc->ninstrs; i++)
        if (is_run(c->doc->instrs[i]))
            check_update(c, c->doc->instrs[i]);
}

const df_rule df_rule_df005 = {
    .id = "DF005",
    .name = "apt-update-separated",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "apt-get update in a RUN of its own, apart from the install it serves",
    .worth = "correct rebuilds: no install against a cached, stale package index",
    .check = check,
};
