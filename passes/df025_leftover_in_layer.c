/*
 * DF025 leftover-in-layer
 *
 * What it finds: a RUN that leaves behind, in its own layer, files that
 * only served the build step, in four classes:
 *   - archive: a file downloaded in the RUN (`curl -o`/`-O`, `wget`) and
 *     then extracted, installed or run there (`tar -x`, `unzip`, `dpkg -i`,
 *     `apt-get install ./x.deb`, `sh install.sh`, `python get-pip.py`...)
 *     but never removed;
 *   - gem docs: `gem install` / `gem update` without `--no-document`
 *     (RubyGems builds ri and rdoc documentation for every gem);
 *   - go cache: `go build`/`install`/`get`/`mod download`/`test` in a stage
 *     that ships, leaving the build cache (/root/.cache/go-build) and the
 *     module cache (/go/pkg/mod);
 *   - tool cache: `cargo install` leaving $CARGO_HOME/registry and git,
 *     `composer install`/`update`/`require` leaving its download cache, in
 *     a stage that ships.
 *
 * Why it matters: a layer keeps every byte its RUN wrote; removing the
 * file in a later RUN saves nothing (DF011). Typical sizes: a release
 * tarball or .deb of 10-200 MB next to what was extracted from it; gem docs
 * of several MB for rails; Go caches of hundreds of MB; the cargo registry
 * index and sources of 100+ MB.
 *
 * Example:
 *     RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/v22.0.0/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
 *     RUN gem install rails
 * becomes
 *     RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/v22.0.0/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 \
 *      && rm -f /tmp/node.tar.xz
 *     RUN gem install --no-document rails
 * The removal goes right after the command that consumed the file, with the
 * file named as that command names it, joined the way the author joins
 * there (`&&` in an && chain, `;` after `;`), in the RUN's layout (`&& \`
 * or leading `&&`, indentation, escape character, CRLF). The tool caches
 * are removed by the tool (`go clean -cache -modcache`, `composer
 * clear-cache`) or `rm -rf "${CARGO_HOME:-$HOME/.cargo}/registry" ...`
 * after the top-level command holding the last call.
 *
 * Left alone: a file removed later in the same RUN (rm of it, of its
 * folder, or a glob covering it), moved or copied elsewhere after use,
 * downloaded to standard output (`curl ... | tar -x`), or into a folder
 * that is not known (`cd "$(mktemp -d)"`); a file that the command using
 * it last did not consume; gem calls with `-N`, `--no-document`,
 * `--document`, `--no-ri`/`--no-rdoc`, or in a file that configures gemrc,
 * or FROM the official ruby image (its gemrc already says --no-document);
 * caches on a BuildKit cache or tmpfs mount, cleaned later in the RUN, or
 * disabled (COMPOSER_CACHE_DIR, `composer --no-cache`); tool caches in
 * build-only stages (they do not ship); exec-form RUNs, non-POSIX shells.
 *
 * Fix safety: safe when nothing later reads the leftover. A later
 * instruction of the file that names the downloaded file, or (for the go
 * and cargo caches) runs the tool again, makes it a report without a fix:
 * the later step may rely on it (an offline build, GOFLAGS=-mod=mod). The
 * fix is not offered after `||`, `&` or a pipe, inside a heredoc line that
 * continues, or when a relative file name is used inside a compound
 * command (the folder may differ there). In build-only stages the archive
 * and gem findings are info and shown, not applied (--fix-build-stages).
 *
 * hadolint: none (DL3059-like advice exists in Docker's best practices).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "deps.h"
#include "image.h"
#include "passes.h"
#include "paths.h"
#include "pm.h"
#include "runtime.h"

/* Bytes of later instructions searched for readers, per file: a bound on
 * pathological inputs (a file of 10,000 download RUNs); past it a finding
 * is reported without a fix. */
#define READ_BUDGET (64u * 1024 * 1024)

/* The working folder of an image whose WORKDIR is not known: paths below
 * it compare within one RUN, and are never written into a fix. */
#define UNKNOWN_DIR "/?cwd"

typedef struct {
    df_ctx *c;
    const df_fact *lo;      /* data: leftovers */
    const char **workdir;  /* [ninstrs] WORKDIR in force, NULL unknown */
    size_t budget;
    bool gemrc;            /* the file configures gemrc */
} st_t;

/* ---- helpers ---------------------------------------------------------- */

static bool in_list(const df_fact *arr, const char *s, size_t n)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(arr, i, v)
    {
        const char *t = df_fact_str(v);
        if (t && strlen(t) == n && memcmp(t, s, n) == 0)
            return true;
    }
    return false;
}

static bool has_sub(const char *s, size_t n, const char *lit, size_t ll)
{
    if (ll == 0 || ll > n)
        return false;
    for (size_t i = 0; i + ll <= n; i++)
        if (s[i] == lit[0] && memcmp(s + i, lit, ll) == 0)
            return true;
    return false;
}

static bool word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '-' || ch == '.';
}

/* Does s hold lit as a whole word? */
static bool has_word(const char *s, size_t n, const char *lit)
{
    size_t ll = strlen(lit);
    for (size_t i = 0; ll && i + ll <= n; i++)
        if (s[i] == lit[0] && memcmp(s + i, lit, ll) == 0 && (i == 0 || !word_char(s[i - 1])) &&
            (i + ll == n || !word_char(s[i + ll])))
            return true;
    return false;
}

/* The text of instruction `in` a reader would show: its logical line and
 * heredoc bodies. */
static bool instr_mentions(st_t *st, const df_instr *in, const char *lit, bool word)
{
    const char *t = in->line.text;
    size_t n = in->line.len;
    if (st->budget < n)
        return true; /* out of budget: assume it does */
    st->budget -= n;
    if (word ? has_word(t, n, lit) : has_sub(t, n, lit, strlen(lit)))
        return true;
    for (size_t h = 0; h < in->nheredocs; h++) {
        df_span b = in->heredocs[h].body;
        const char *bt = st->c->src->text + b.start;
        if (word ? has_word(bt, b.end - b.start, lit) : has_sub(bt, b.end - b.start, lit, strlen(lit)))
            return true;
    }
    return false;
}

/* Does an instruction after `in` name lit (the whole file: a later stage
 * may COPY --from it)? */
static bool later_mentions(st_t *st, const df_instr *in, const char *lit, bool word)
{
    const df_doc *d = st->c->doc;
    for (size_t i = in->index + 1; i < d->ninstrs; i++)
        if (instr_mentions(st, d->instrs[i], lit, word))
            return true;
    return false;
}

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Safe to paste into a shell command without quotes. */
static bool plain_path(const char *p)
{
    for (; *p; p++)
        if (!word_char(*p) && *p != '/' && *p != '+' && *p != ',' && *p != ':' && *p != '@' && *p != '%')
            return false;
    return true;
}

/* The top-level item of r's script holding script offset off. */
static size_t top_item(const df_sh_script *s, size_t off)
{
    for (size_t i = 0; i < s->list.n; i++) {
        df_span sp = s->list.items[i].node->span;
        if (sp.start <= off && off < sp.end)
            return i;
    }
    return (size_t)-1;
}

/* ---- archives ------------------------------------------------------------ */

typedef struct {
    const char *path;     /* absolute */
    const char *base;     /* its file name */
    size_t end;           /* script offset after the download command */
} download;

typedef struct {
    st_t *st;
    df_pm_run *r;
    const char *cwd;
    download *dl;
    size_t ndl, cap;
    /* the per-download scan */
    const download *cur;
    bool removed;                /* an rm after the download covers it */
    bool unknown_cwd;            /* a cd to somewhere not known after it */
    const df_sh_node *last;      /* the last command that names it */
    df_sh_ctx last_ctx;
    const df_sh_word *last_word; /* the word of `last` naming it */
    bool last_consumes;
} arch_scan;

static void follow_cd(arch_scan *a, const df_sh_view *v, const df_sh_ctx *ctx)
{
    if (!ctx->leaks)
        return;
    if (ctx->conditional || v->nargs != 1 || (v->args[0].flags & DF_SH_W_EXPANSION))
        a->cwd = NULL;
    else
        a->cwd = df_path_resolve(a->st->c->doc->arena, a->cwd, v->args[0].value, v->args[0].value_len);
}

static int visit_downloads(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    arch_scan *a = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (df_sh_word_is(v.name, "cd")) {
        follow_cd(a, &v, ctx);
        return 0;
    }
    bool curl = df_sh_word_is(v.name, "curl"), wget = df_sh_word_is(v.name, "wget");
    if (!curl && !wget)
        return 0;
    char *p = df_download_target(a->st->c->doc->arena, a->cwd, &v, wget);
    if (!p || strcmp(p, "/") == 0)
        return 0;
    if (a->ndl == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 4;
        download *nv = df_arena_grow(a->st->c->doc->arena, a->dl, a->cap, nc, sizeof *nv);
        if (!nv)
            return 1;
        a->dl = nv;
        a->cap = nc;
    }
    const df_sh_node *item = ctx->list && ctx->index < ctx->list->n ? ctx->list->items[ctx->index].node : cmd;
    a->dl[a->ndl++] = (download){p, basename_of(p), item->span.end > cmd->span.end ? item->span.end : cmd->span.end};
    return 0;
}

/* Is `v` a command that consumes a downloaded file (extracts, installs, runs)? */
static bool consumes(const st_t *st, const df_sh_view *v)
{
    const df_fact *k = df_fact_get(st->lo, "consumers");
    size_t n;
    const char *b = df_deps_basename(v->name->value, v->name->value_len, &n);
    if (in_list(df_fact_get(k, "install"), b, n) || in_list(df_fact_get(k, "run"), b, n))
        return true;
    if (n >= 6 && memcmp(b, "python", 6) == 0)
        return true;
    if (!in_list(df_fact_get(k, "extract"), b, n))
        return false;
    if (!(n == 3 && memcmp(b, "tar", 3) == 0) && !(n == 6 && memcmp(b, "bsdtar", 6) == 0))
        return true;
    /* tar: only when it extracts (x in the first cluster, -x..., --extract, --get) */
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (w->flags & DF_SH_W_EXPANSION)
            continue;
        if (df_sh_word_is(w, "--extract") || df_sh_word_is(w, "--get"))
            return true;
        bool cluster = (i == 0 && w->value_len && w->value[0] != '-') ||
                       (w->value_len >= 2 && w->value[0] == '-' && w->value[1] != '-');
        if (cluster && memchr(w->value, 'x', w->value_len))
            return true;
    }
    return false;
}

static int visit_uses(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    arch_scan *a = user;
    df_arena *ar = a->st->c->doc->arena;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name)
        return 0;
    if (df_sh_word_is(v.name, "cd")) {
        follow_cd(a, &v, ctx);
        if (cmd->span.start >= a->cur->end && !a->cwd)
            a->unknown_cwd = true;
        return 0;
    }
    if (cmd->span.start < a->cur->end)
        return 0;
    bool rm = df_sh_word_is(v.name, "rm");
    const df_sh_word *hit = NULL;
    size_t bl = strlen(a->cur->base);
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (rm && !(w->flags & DF_SH_W_EXPANSION)) {
            char *p = df_path_resolve(ar, a->cwd, w->value, w->value_len);
            if (p && strcmp(p, "/") != 0 && df_path_covers(p, a->cur->path))
                a->removed = true;
        }
        if (!hit && has_sub(w->value, w->value_len, a->cur->base, bl))
            hit = w;
    }
    for (size_t i = 0; i < cmd->nredirs && !hit; i++)
        if (has_sub(cmd->redirs[i].target.value, cmd->redirs[i].target.value_len, a->cur->base, bl))
            hit = &cmd->redirs[i].target;
    if (!hit && has_sub(v.name->value, v.name->value_len, a->cur->base, bl))
        hit = v.name; /* ./install.sh */
    if (hit && !rm) {
        a->last = cmd;
        a->last_ctx = *ctx;
        a->last_word = hit;
        /* running the downloaded program itself uses the product (cpm --version) */
        a->last_consumes = hit != v.name && consumes(a->st, &v);
        /* a word naming it must be the file itself, not a folder or a copy */
        if (hit != v.name) {
            char *p = (hit->flags & DF_SH_W_EXPANSION) ? NULL : df_path_resolve(ar, a->cwd, hit->value, hit->value_len);
            if (!p || strcmp(p, a->cur->path) != 0)
                a->last_consumes = false;
        }
    }
    return 0;
}

static void report_archive(st_t *st, df_pm_run *r, arch_scan *a)
{
    df_ctx *c = st->c;
    const df_sh_script *s = r->rs.script;
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    const char *why = NULL;
    if (later_mentions(st, r->in, a->cur->base, false))
        why = "a later instruction names it";
    /* where: after the top-level item holding the consumer, naming the file
     * as the consumer does when the folder is the same there */
    size_t t = top_item(s, a->last->span.start);
    const char *name = NULL;
    char buf[1024];
    bool top = a->last_ctx.depth == 0 && !a->last_ctx.in_pipeline && a->last_ctx.list == &s->list;
    if (!why && t == (size_t)-1)
        why = "the command that uses it is not at the top of the script";
    if (!why) {
        df_span ws = a->last_word->span;
        bool lit = !(a->last_word->flags & DF_SH_W_EXPANSION);
        if (top && lit && a->last_word != a->last->simple.words /* not the name */ &&
            ws.end - ws.start < sizeof buf) {
            memcpy(buf, s->text + ws.start, ws.end - ws.start);
            buf[ws.end - ws.start] = '\0';
            name = buf;
            if (strchr(name, '\n') || strchr(name, '\\'))
                name = NULL;
        }
        if (!name && plain_path(a->cur->path) &&
            strncmp(a->cur->path, UNKNOWN_DIR "/", strlen(UNKNOWN_DIR) + 1) != 0)
            name = a->cur->path;
        if (!name)
            why = "the file's name cannot be written where the removal would go";
    }
    if (!why && !df_pm_can_join(r, &s->list, t))
        why = "the command that uses it is followed by ||, & or a continued line";
    df_diag *d = df_report(c, sev, df_runsh_span(&r->rs, a->last->span),
                           "%s is downloaded and used in this RUN but never removed: it stays in the layer%s%s%s",
                           strncmp(a->cur->path, UNKNOWN_DIR "/", strlen(UNKNOWN_DIR) + 1) == 0
                               ? a->cur->path + strlen(UNKNOWN_DIR) + 1
                               : a->cur->path, why ? " (no automatic fix: " : "", why ? why : "", why ? ")" : "");
    if (!d || why)
        return;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -f %s", name);
    char desc[1300];
    snprintf(desc, sizeof desc, "append `%s` after the command that uses it%s", cmd,
             fix ? "" : " (not applied: the stage is not in the image)");
    if (df_diag_set_fix(c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        df_pm_append_item(r, d, &s->list, t, cmd);
}

/* A download straight into a folder of installed programs or data
 * (/usr/local/bin/x) is the product, not a leftover. */
static bool product_dir(const st_t *st, const char *path)
{
    const df_fact *dirs = df_fact_get(df_fact_get(st->lo, "consumers"), "product_dirs");
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    size_t i;
    const df_fact *dj;
    df_fact_foreach(dirs, i, dj)
    {
        const char *d = df_fact_str(dj);
        size_t dl = d ? strlen(d) : 0;
        if (d && n >= dl && memcmp(path, d, dl) == 0 && (n == dl || path[dl] == '/'))
            return true;
    }
    return false;
}

static void check_archives(st_t *st, df_pm_run *r)
{
    arch_scan a;
    memset(&a, 0, sizeof a);
    a.st = st;
    a.r = r;
    const df_instr *run = r->in;
    a.cwd = run->cmd == DF_CMD_RUN && st->workdir ? st->workdir[run->index] : NULL;
    df_sh_walk(r->rs.script, visit_downloads, &a);
    for (size_t i = 0; i < a.ndl; i++) {
        a.cur = &a.dl[i];
        a.removed = a.unknown_cwd = false;
        a.last = NULL;
        a.cwd = run->cmd == DF_CMD_RUN && st->workdir ? st->workdir[run->index] : NULL;
        df_sh_walk(r->rs.script, visit_uses, &a);
        if (a.removed || !a.last || !a.last_consumes || product_dir(st, a.cur->path))
            continue;
        report_archive(st, r, &a);
    }
}

/* ---- gem docs ------------------------------------------------------------- */

static bool gem_exempt(const st_t *st, const df_pm_run *r)
{
    if (st->gemrc)
        return true;
    const df_doc *d = st->c->doc;
    const df_fact *imgs = df_fact_get(df_fact_get(df_fact_get(st->lo, "tools"), "gem"), "images_configured");
    /* the root image of the stage's FROM chain */
    size_t si = r->in->stage;
    for (size_t steps = 0; si < d->nstages && steps < d->nstages; steps++) {
        size_t p = d->stages[si].parent;
        if (p == SIZE_MAX || p >= si)
            break;
        si = p;
    }
    df_imgref ir;
    if (si < d->nstages && df_stage_image(d, si, &ir)) {
        const char *n = ir.name;
        if (in_list(imgs, n, strlen(n)))
            return true;
    }
    return false;
}

static void check_gem(st_t *st, df_pm_run *r, const df_sh_node *cmd, const df_sh_view *v, const df_fact *g,
                      const df_sh_flagspec *spec)
{
    const df_sh_word *sub = df_sh_subcommand(v, spec);
    if (!sub || (sub->flags & DF_SH_W_EXPANSION) || !in_list(df_fact_get(g, "subcommands"), sub->value, sub->value_len))
        return;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(g, "done_flags"), i, f)
    {
        if (df_sh_has_flag(v, spec, df_fact_str(f)))
            return;
    }
    if (gem_exempt(st, r))
        return;
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_diag *d = df_report(st->c, sev, df_runsh_span(&r->rs, (df_span){v->name->span.start, sub->span.end}),
                           "gem %.*s without --no-document builds ri and rdoc documentation into the layer",
                           (int)sub->value_len, sub->value);
    if (!d)
        return;
    const char *flag = " --no-document";
    if (!df_diag_set_fix(st->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY,
                         fix ? "add --no-document" : "add --no-document (not applied: the stage is not in the image)"))
        return;
    size_t at = df_pm_src(r, sub->span.end - 1) + 1;
    df_fix_add_edit(st->c->out, d, at, at, flag, strlen(flag));
    (void)cmd;
}

/* ---- tool caches ----------------------------------------------------------- */

typedef struct {
    st_t *st;
    df_pm_run *r;
    const char *tool;
    const df_fact *t;
    const df_sh_node *first, *last; /* calls that fill the cache */
    const df_sh_word *first_sub;
    bool cleaned;                   /* a cleanup after the last call */
    bool disabled;
} tool_scan;

static bool is_tool(const df_fact *t, const df_sh_view *v)
{
    size_t n;
    const char *b = df_deps_basename(v->name->value, v->name->value_len, &n);
    return in_list(df_fact_get(t, "commands"), b, n);
}

static int visit_tool(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    tool_scan *ts = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (ctx->in_function)
        return 0;
    /* php composer.phar install */
    if (df_sh_word_is(v.name, "php") && v.nargs && strcmp(ts->tool, "composer") == 0 && is_tool(ts->t, &(df_sh_view){cmd, &v.args[0], 0, v.args + 1, v.nargs - 1})) {
        v.name = &v.args[0];
        v.args++;
        v.nargs--;
    }
    if (df_sh_word_is(v.name, "rm")) {
        const df_fact *words = df_fact_get(ts->t, "cleanup_words");
        for (size_t i = 0; ts->last && i < v.nargs; i++) {
            size_t k;
            const df_fact *w;
            df_fact_foreach(df_fact_get(ts->t, "cache_dirs"), k, w)
            {
                const char *dir = df_fact_str(w);
                if (dir && has_sub(v.args[i].value, v.args[i].value_len, dir, strlen(dir)))
                    ts->cleaned = true;
            }
            char *p = (v.args[i].flags & DF_SH_W_EXPANSION)
                          ? NULL
                          : df_path_resolve(ts->st->c->doc->arena, "/", v.args[i].value, v.args[i].value_len);
            df_fact_foreach(df_fact_get(ts->t, "cache_dirs"), k, w)
            {
                const char *dir = df_fact_str(w);
                if (dir && p && strcmp(p, "/") != 0 && df_path_covers(p, dir))
                    ts->cleaned = true;
            }
            df_fact_foreach(words, k, w)
            {
                const char *s = df_fact_str(w);
                if (s && has_sub(v.args[i].value, v.args[i].value_len, s, strlen(s)))
                    ts->cleaned = true;
            }
        }
        return 0;
    }
    if (!is_tool(ts->t, &v))
        return 0;
    static const df_sh_flagspec none = {"", NULL, false};
    const df_sh_word *sub = df_sh_subcommand(&v, &none);
    if (!sub || (sub->flags & DF_SH_W_EXPANSION))
        return 0;
    if (in_list(df_fact_get(ts->t, "clean_subcommands"), sub->value, sub->value_len)) {
        if (ts->last)
            ts->cleaned = true;
        return 0;
    }
    if (!in_list(df_fact_get(ts->t, "subcommands"), sub->value, sub->value_len))
        return 0;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(ts->t, "done_flags"), i, f)
    {
        if (df_sh_has_flag(&v, &none, df_fact_str(f)))
            return 0;
    }
    const df_fact *envs = df_fact_get(ts->t, "env_no_cache");
    df_fact_foreach(envs, i, f)
    {
        if (df_pm_var_set(ts->r, df_fact_str(f), cmd->span.start))
            ts->disabled = true;
    }
    if (!ts->first) {
        ts->first = cmd;
        ts->first_sub = sub;
    }
    ts->last = cmd;
    ts->cleaned = false;
    return 0;
}

/* Is there a RUN after `in` in a stage that ships? */
static bool later_run(const df_doc *d, const df_instr *in)
{
    for (size_t i = in->index + 1; i < d->ninstrs; i++) {
        const df_instr *x = d->instrs[i];
        if (x->cmd == DF_CMD_RUN && x->stage < d->nstages && df_stage_ships(d, x->stage))
            return true;
    }
    return false;
}

static void check_tool(st_t *st, df_pm_run *r, const char *tool, const df_fact *t)
{
    if (df_fact_is_true(df_fact_get(t, "shipped_only")) && !r->ships)
        return;
    tool_scan ts;
    memset(&ts, 0, sizeof ts);
    ts.st = st;
    ts.r = r;
    ts.tool = tool;
    ts.t = t;
    df_sh_walk(r->rs.script, visit_tool, &ts);
    if (!ts.last || ts.cleaned || ts.disabled || df_pm_cache_mounted(r, t))
        return;
    const df_sh_script *s = r->rs.script;
    const char *why = NULL;
    const df_fact *readers = df_fact_get(t, "readers");
    size_t i;
    const df_fact *w;
    df_fact_foreach(readers, i, w)
    {
        if (!why && df_fact_str(w) && later_mentions(st, r->in, df_fact_str(w), true))
            why = "a later instruction runs the tool again and may rely on the cache (an offline build)";
        if (!why && df_fact_str(w) && df_runtime_mentions(st->c, df_fact_str(w)))
            why = "the image runs the tool when it starts";
    }
    if (!why && df_fact_size(readers) && later_run(st->c->doc, r->in))
        why = "a later RUN of the image may build with the tool (make, a script)";
    size_t top = top_item(s, ts.last->span.start);
    if (!why && (top == (size_t)-1 || !df_pm_can_join(r, &s->list, top)))
        why = "the last call is followed by ||, & or a continued line";
    const char *cleanup = df_fact_str(df_fact_get(t, "cleanup"));
    const char *what = df_fact_str(df_fact_get(t, "what"));
    df_severity sev = st->c->rule->severity;
    df_diag *d = df_report(st->c, sev,
                           df_runsh_span(&r->rs, (df_span){ts.first->span.start, ts.first_sub->span.end}),
                           "%s %.*s leaves %s in a layer of the image%s%s%s", tool, (int)ts.first_sub->value_len,
                           ts.first_sub->value, what ? what : "its cache", why ? " (no automatic fix: " : "",
                           why ? why : "", why ? ")" : "");
    if (!d || why || !cleanup)
        return;
    char desc[300];
    snprintf(desc, sizeof desc, "append `%s` after the last %s call", cleanup, tool);
    if (df_diag_set_fix(st->c->out, d, DF_APPLY_SAFE, desc))
        df_pm_append_item(r, d, &s->list, top, cleanup);
}

/* ---- the rule ----------------------------------------------------------- */

typedef struct {
    st_t *st;
    df_sh_flagspec gem_spec;
    const df_fact *gem;
} gem_walk;

typedef struct {
    st_t *st;
    gem_walk gw;
} run_ctx;

typedef struct {
    gem_walk *gw;
    df_pm_run *r;
} gem_run;

static int visit_gem_r(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    gem_run *g = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION) ||
        !is_tool(g->gw->gem, &v))
        return 0;
    check_gem(g->gw->st, g->r, cmd, &v, g->gw->gem, &g->gw->gem_spec);
    return 0;
}

static void on_run(df_pm_run *r, void *user)
{
    run_ctx *rc = user;
    st_t *st = rc->st;
    check_archives(st, r);
    if (rc->gw.gem) {
        gem_run g = {&rc->gw, r};
        df_sh_walk(r->rs.script, visit_gem_r, &g);
    }
    const df_fact *tools = df_fact_get(st->lo, "tools");
    const char *name;
    const df_fact *t;
    df_fact_object_foreach(tools, name, t)
    {
        if (strcmp(name, "gem") != 0)
            check_tool(st, r, name, t);
    }
}

/* WORKDIR in force at every instruction (NULL: unknown). */
static const char **workdirs(df_ctx *c)
{
    const df_doc *d = c->doc;
    const char **w = df_arena_alloc(d->arena, (d->ninstrs + 1) * sizeof *w);
    if (!w)
        return NULL;
    const char *cur = NULL;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM)
            cur = UNKNOWN_DIR; /* the image's WORKDIR is not known */
        else if (in->cmd == DF_CMD_WORKDIR && in->nargs == 1) {
            const char *v = in->args[0].value;
            size_t n = in->args[0].len;
            if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
                v++;
                n -= 2;
            }
            cur = df_path_resolve(d->arena, cur, v, n);
        }
        w[i] = cur;
    }
    return w;
}

static void check(df_ctx *c)
{
    const df_fact *lo = df_kb_leftovers(c->kb);
    if (!lo)
        return;
    st_t st;
    memset(&st, 0, sizeof st);
    st.c = c;
    st.lo = lo;
    st.budget = READ_BUDGET;
    st.workdir = workdirs(c);
    const df_fact *gem = df_fact_get(df_fact_get(lo, "tools"), "gem");
    for (size_t i = 0; gem && i < c->doc->ninstrs && !st.gemrc; i++) {
        const df_fact *cfg = df_fact_get(gem, "configured_by");
        size_t k;
        const df_fact *w;
        df_fact_foreach(cfg, k, w)
        {
            if (df_fact_str(w) && instr_mentions(&st, c->doc->instrs[i], df_fact_str(w), false))
                st.gemrc = true;
        }
    }
    run_ctx rc;
    memset(&rc, 0, sizeof rc);
    rc.st = &st;
    rc.gw.st = &st;
    rc.gw.gem = gem;
    if (gem) {
        const df_fact *vo = df_fact_get(gem, "value_options");
        const df_fact *longs = df_fact_get(vo, "long");
        size_t n = df_fact_size(longs);
        const char **lv = df_arena_alloc(c->doc->arena, (n + 1) * sizeof *lv);
        if (!lv)
            return;
        for (size_t i = 0; i < n; i++)
            lv[i] = df_fact_str(df_fact_at(longs, i));
        lv[n] = NULL;
        const char *sv = df_fact_str(df_fact_get(vo, "short"));
        rc.gw.gem_spec = (df_sh_flagspec){sv ? sv : "", lv, false};
    }
    df_pm_each_run(c, on_run, &rc);
}

const df_rule df_rule_df025 = {
    .id = "DF025",
    .name = "leftover-in-layer",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .summary = "a RUN leaves a downloaded archive, gem docs or a tool cache in its layer",
    .worth = "image size: downloaded archives, gem docs and tool caches no longer ship",
    .check = check,
};
