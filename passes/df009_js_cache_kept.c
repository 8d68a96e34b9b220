/*
 * DF009 js-cache-kept (hadolint DL3060)
 *
 * What it finds: an install by npm (install, i, ci, add and their
 * aliases) or yarn (install, add, `global add`, a bare `yarn`; classic and
 * Yarn 2+) that is not followed, later in the same RUN, by a cleanup of
 * that manager's cache: `npm cache clean`, `yarn cache clean`, or a
 * removal of the cache folder (~/.npm, ~/.cache/yarn,
 * /usr/local/share/.cache/yarn).
 *
 * Not pnpm: it links every file of its store into node_modules (hard
 * links, or reflinks, on the one filesystem of a build), so the store
 * costs no bytes of its own beyond its index, and `pnpm store prune`
 * removes only packages no project references: none right after an
 * install (18xx-maker's develop image). A fix that saves nothing is not
 * one: pnpm installs are not reported (data: pnpm "cache_linked").
 * Shell-form RUNs, heredoc scripts, ONBUILD RUN, `if` bodies, subshells,
 * sudo and env wrappers are all looked at.
 *
 * Why it matters: every package tarball the install downloads is also kept
 * in the manager's cache, so the layer holds node_modules and a compressed
 * copy of it: often 50-500 MB that nothing at run time reads.
 *
 * Example:
 *     RUN npm ci && npm run build
 * becomes
 *     RUN npm ci && npm cache clean --force && npm run build
 *
 * Left alone: a cleanup after the install (one only BEFORE it does not
 * count), also an `rm` of the cache folder in the home of the RUN's user
 * (`rm -rf .npm` in WORKDIR /app for a user made with `adduser -h /app`,
 * `~/.npm`, `$HOME/.cache/yarn`), later in the RUN or in a later RUN of
 * the stage: the author cleans already, and a removal in a later layer is
 * DF011's finding, which joins the RUNs (mozilla/123done, review H:
 * "cleanup-already-done"); a BuildKit cache or tmpfs mount on the cache folder, or any
 * cache/tmpfs mount whose target or id names the manager (`--mount=
 * type=cache,id=pnpm,target=/pnpm/store`, `target=/home/node/.npm`); the
 * cache put elsewhere by npm_config_cache, YARN_CACHE_FOLDER,
 * YARN_ENABLE_GLOBAL_CACHE, PNPM_STORE_DIR or npm_config_store_dir (ENV,
 * ARG default, export, prefix assignment), or by a --cache,
 * --cache-folder or --store-dir option on the call; other subcommands;
 * `yarn --version`/`--help`; installs inside shell functions; a RUN
 * under comment lines that say it fills the cache on purpose ("# Warm
 * global yarn cache": a dev image that wants the next install fast; "This
 * COPY/RUN block serves two purposes: 1. Seed the npm cache inside the
 * Docker image": 18F/tock's test image): a block of comment lines with
 * one of the phrases of m["cache_wanted_comments"] and "cache", none of
 * its negations ("clean", "remove", "out of"...), ending right above the
 * install's line, the RUN, or the COPY/ADD lines right above the RUN
 * (the mechanism DF004 uses for "we DO want recommends"); exec-form
 * RUNs and non-POSIX shells. In stages that do not reach the image (a
 * builder whose node_modules or dist is copied out: the cache is not) the
 * finding is info and the fix is only displayed (--fix-build-stages
 * applies it).
 *
 * Fix safety: the manager's cleanup is joined with `&&` right after the
 * last install of that manager in the RUN, in the RUN's style, inside the
 * installs' own list when they share one (else after the top-level command
 * holding the last one), behind the same sudo; in the middle of a line
 * (a one-line `if ...; then yarn install; else pnpm install; fi` of a
 * multi-line RUN) it stays on that line, without a continuation. npm: safe (the
 * cache is only a download cache). Yarn: the version cannot be known from the
 * Dockerfile. Without a sign of Yarn 2+ the fix is `yarn cache clean`,
 * safe (classic Yarn, as shipped in the node images). When the file or
 * the build context shows Yarn 2+ (.yarnrc.yml, `yarn set version`,
 * corepack, yarnPath, YARN_NODE_LINKER, a packageManager of yarn@2 or
 * later) the fix is `yarn cache clean --all` and unsafe: with Plug'n'Play,
 * Yarn 2+ loads packages from its cache at run time, so removing it is
 * only right with `nodeLinker: node-modules`.
 */
#include <stdio.h>
#include <string.h>

#include "dfopt/buf.h"
#include "comments.h"
#include "deps.h"
#include "paths.h"
#include "pm.h"
#include "workdir.h"

static const char *const js[] = {"npm", "yarn", "pnpm", NULL};

/* Options that put the cache somewhere the author chose. */
static const char *const cache_opts[] = {"--cache", "--cache-folder", "--store-dir", NULL};

/* Does a cache/tmpfs mount of the RUN name the manager (in id or target)? */
static bool named_mount(const df_pm_run *r, const char *manager)
{
    size_t at = 0;
    const df_word *f;
    while ((f = df_instr_flag(r->rs.run, "mount", &at))) {
        if (!df_bytes_contain(f->value, f->len, "type=cache") &&
            !df_bytes_contain(f->value, f->len, "type=tmpfs"))
            continue;
        if (df_bytes_contain(f->value, f->len, manager))
            return true;
    }
    return false;
}

/* Is this call an install? */
static bool is_install(const df_pm_call *call)
{
    if (strcmp(call->manager, "yarn") == 0) {
        if (!call->sub) {
            static const char *const info[] = {"--version", "-v", "--help", "-h", NULL};
            for (size_t i = 0; info[i]; i++)
                if (df_sh_has_flag(&call->view, call->spec, info[i]))
                    return false;
            return true;
        }
        if (df_sh_word_is(call->sub, "global"))
            return call->sub_index + 1 < call->view.nargs &&
                   df_sh_word_is(&call->view.args[call->sub_index + 1], "add");
    }
    return df_pm_sub_is(call, "install");
}

static bool var_exempt(const df_pm_run *r, const df_pm_call *call)
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
    for (size_t i = 0; cache_opts[i]; i++)
        if (df_sh_has_flag(&call->view, call->spec, cache_opts[i]))
            return true;
    if (df_pm_cache_mounted(r, call->m) || named_mount(r, call->manager))
        return true;
    if (var_exempt(r, call))
        return true;
    return df_pm_cleaned_after(r, call->m, "cleanup_paths", call->end);
}

/* Do comment lines say the install fills the cache on purpose ("# Warm
 * global yarn cache", "Seed the npm cache inside the Docker image": a dev
 * or test image that wants the next install fast)? A block of comment
 * lines with a line of m["cache_wanted_comments"] (comments.h) ending
 * right above the line of the install, above the RUN, or above the COPY
 * and ADD lines right above the RUN ("This COPY/RUN block serves two
 * purposes: 1. Seed the npm cache": 18F/tock's tests image). */
static bool cache_wanted(const df_pm_run *r, const df_pm_call *call, df_said *said)
{
    const df_fact *spec = df_fact_get(call->m, "cache_wanted_comments");
    if (df_said_above(r->c, spec, said, df_pm_src(r, call->cmd->span.start)) ||
        df_said_above(r->c, spec, said, r->rs.outer->span.start))
        return true;
    const df_doc *d = r->c->doc;
    size_t i = r->rs.outer->index, at = r->rs.outer->span.start;
    while (i > 0 && (d->instrs[i - 1]->cmd == DF_CMD_COPY || d->instrs[i - 1]->cmd == DF_CMD_ADD) &&
           d->instrs[i - 1]->span.end == at) {
        i--;
        at = d->instrs[i]->span.start;
    }
    return at != r->rs.outer->span.start && df_said_above(r->c, spec, said, at);
}

/* Signs that Yarn 2+ (berry) runs, in the file or in the build context as
 * the build sees it (.dockerignore applied; package.json read whole). */
static bool yarn_berry(df_ctx *c)
{
    static const char *const marks[] = {".yarnrc.yml", "yarn set version", "corepack", "yarnPath",
                                        "YARN_NODE_LINKER", "yarn@berry", "yarn@stable", NULL};
    for (size_t i = 0; marks[i]; i++) {
        df_runsh_work(c->scripts, c->src->len); /* a scan of the file */
        if (df_bytes_contain(c->src->text, c->src->len, marks[i]))
            return true;
    }
    df_deps_context x;
    if (df_deps_context_load(c, &x) < 0)
        return true; /* out of memory: assume the unsafe case */
    if (df_deps_stat(&x, ".yarnrc.yml") != DF_DEPS_ABSENT)
        return true;
    size_t n = 0;
    const char *pj = df_deps_read(&x, c->doc->arena, "package.json", 0, &n);
    if (!pj)
        return false;
    const char *end = pj + n;
    for (const char *p = pj; (p = df_bytes_find(p, (size_t)(end - p), "\"yarn@")) != NULL; p += 6)
        if (end - p > 6 && p[6] >= '2' && p[6] <= '9')
            return true;
    return false;
}

/* An rm in a RUN of the file of a folder named like a js cache (…/.npm,
 * …/.cache/yarn), as an absolute path. */
typedef struct {
    size_t index, stage;
    size_t at; /* script offset of the rm */
    const char *path;
} cache_rm;

/* Asked once per check: the answer is about the whole file and context. */
typedef struct {
    int berry; /* -1 not known yet, 0 or 1 */
    df_said wanted[3]; /* cache_wanted_comments of each of js[] */
    bool rms_built;
    df_buf rms;              /* cache_rm[], document order */
    const char **home;       /* df_homes */
    const char **workdir;    /* df_workdirs */
} file_facts;

static const char *const cache_names[] = {"/.npm", "/.cache/yarn", NULL};

/* The absolute path rm operand w names in a RUN whose working folder is
 * cwd and home is home (either may be NULL), without a trailing slash or slash-star,
 * when it ends in one of cache_names; else NULL. */
static const char *cache_path(df_arena *a, const char *cwd, const char *home, const df_sh_word *w)
{
    const char *v = w->value;
    size_t n = w->value_len;
    const char *base = NULL;
    if (n > 2 && v[0] == '~' && v[1] == '/' && (w->flags & DF_SH_W_TILDE))
        base = home, v += 2, n -= 2;
    else if (n > 6 && memcmp(v, "$HOME/", 6) == 0)
        base = home, v += 6, n -= 6;
    else if (n > 8 && memcmp(v, "${HOME}/", 8) == 0)
        base = home, v += 8, n -= 8;
    else if (w->flags & DF_SH_W_EXPANSION)
        return NULL;
    else if (n && v[0] != '/')
        base = cwd;
    if (memchr(v, '$', n) || (base && base[0] != '/'))
        return NULL;
    if (n >= 2 && v[n - 2] == '/' && v[n - 1] == '*')
        n -= 2;
    /* absolute and normalized (no ./, no trailing slash), as DF011 resolves paths */
    char *p = df_path_resolve(a, base, v, n);
    if (!p)
        return NULL;
    size_t pl = strlen(p);
    for (size_t i = 0; cache_names[i]; i++) {
        size_t cl = strlen(cache_names[i]);
        if (pl > cl && memcmp(p + pl - cl, cache_names[i], cl) == 0)
            return p;
    }
    return NULL;
}

typedef struct {
    file_facts *ff;
    const df_instr *in;
    df_arena *a;
} rm_scan;

static int rm_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    rm_scan *rs = user;
    df_sh_view v;
    if (ctx->in_function || cmd->kind != DF_SH_SIMPLE || df_sh_command_view(cmd, &v) < 0 || !v.name ||
        !(df_sh_word_is(v.name, "rm") || df_sh_word_is(v.name, "/bin/rm") || df_sh_word_is(v.name, "/usr/bin/rm")))
        return 0;
    size_t i = rs->in->index;
    for (size_t k = 0; k < v.nargs; k++) {
        const df_sh_word *w = &v.args[k];
        if (w->value_len && w->value[0] == '-')
            continue;
        const char *p = cache_path(rs->a, rs->ff->workdir[i], rs->ff->home[i], w);
        cache_rm e = {i, rs->in->stage, cmd->span.start, p};
        if (p)
            df_buf_add(&rs->ff->rms, &e, sizeof e);
    }
    return 0;
}

/* The line of the RUN (r itself, after call, or a later RUN of r's
 * stage) that removes the cache of call
 * (~/.npm or ~/.cache/yarn of the RUN's user, as df_homes knows the home
 * folder; `RUN /bin/rm -rf .npm` in WORKDIR /app for a user made with
 * `adduser -h /app`: mozilla/123done, review H), or 0. The author cleans
 * the cache already; the removal is in the wrong layer, which is DF011's
 * finding (it joins the RUNs): this rule adds no second cleanup. */
static size_t removed_later(const df_pm_run *r, const df_pm_call *call, file_facts *ff)
{
    df_ctx *c = r->c;
    const df_doc *d = c->doc;
    if (r->in->cmd != DF_CMD_RUN)
        return 0;
    if (!ff->rms_built) {
        ff->rms_built = true;
        ff->home = df_homes(d->arena, d);
        ff->workdir = df_workdirs(d->arena, d);
        for (size_t i = 0; ff->home && ff->workdir && i < d->ninstrs; i++) {
            df_pm_run o;
            if (!df_pm_run_of(c, d->instrs[i], &o))
                continue;
            rm_scan rs = {ff, d->instrs[i], d->arena};
            df_sh_walk(o.rs.script, rm_visit, &rs);
        }
    }
    const char *home = ff->home ? ff->home[r->in->index] : NULL;
    const char *sub = strcmp(call->manager, "npm") == 0 ? "/.npm" : strcmp(call->manager, "yarn") == 0 ? "/.cache/yarn" : NULL;
    if (!home || home[0] != '/' || !sub)
        return 0;
    const cache_rm *v = (const cache_rm *)ff->rms.data;
    size_t n = ff->rms.len / sizeof *v, lo = 0, hi = n;
    while (lo < hi) { /* the first removal in r or after it */
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].index < r->in->index)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t hl = strlen(home) - (strcmp(home, "/") == 0);
    for (size_t k = lo; k < n && k < lo + 64 && v[k].stage == r->in->stage; k++)
        if ((v[k].index > r->in->index || v[k].at > call->end) && strncmp(v[k].path, home, hl) == 0 &&
            strcmp(v[k].path + hl, sub) == 0)
            return d->instrs[v[k].index]->start_line;
    return 0;
}

static void check_manager(df_pm_run *r, const df_pm_call *calls, size_t n, size_t mi, file_facts *ff)
{
    const char *manager = js[mi];
    const df_pm_call **todo = df_arena_alloc(r->c->doc->arena, (n ? n : 1) * sizeof *todo);
    if (!todo)
        return;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const df_pm_call *call = &calls[i];
        if (strcmp(call->manager, manager) != 0 || call->where.in_function || !is_install(call) ||
            exempt(r, call))
            continue;
        todo[nt++] = call;
    }
    if (!nt || df_fact_is_true(df_fact_get(todo[0]->m, "cache_linked")) || cache_wanted(r, todo[0], &ff->wanted[mi]))
        return;
    const df_pm_call *last = todo[nt - 1];
    if (removed_later(r, last, ff))
        return;
    bool yarn = strcmp(manager, "yarn") == 0;
    if (yarn && ff->berry < 0)
        ff->berry = yarn_berry(r->c);
    bool berry = yarn && ff->berry == 1;
    const char *clean = df_pm_cleanup_command(r, last, yarn && berry ? " --all" : "");
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_span sp = df_runsh_span(&r->rs, last->cmd->span);
    const df_sh_word *sub = last->sub;
    df_diag *d = df_report(r->c, sev, sp, "%s%s%.*s without `%s` afterwards keeps the package cache in the layer",
                           manager, sub ? " " : "", sub ? (int)sub->value_len : 0, sub ? sub->value : "",
                           clean ? clean : "cache clean");
    if (!d || !clean)
        return;
    char desc[480];
    df_applicability a = berry ? DF_APPLY_UNSAFE : DF_APPLY_SAFE;
    const char *why = berry ? " (unsafe: Yarn 2+ with Plug'n'Play loads packages from its cache)" : "";
    if (!fix) {
        a = DF_APPLY_DISPLAY;
        why = df_pm_held(r);
    }
    snprintf(desc, sizeof desc, "append `%s`%s%s%s", clean, fix ? "" : " (not applied: ", why, fix ? "" : ")");
    if (!df_diag_set_fix(r->c->out, d, a, desc))
        return;
    df_pm_append_after(r, d, df_pm_append_point(r, todo, nt), clean);
}

static void check_run(df_pm_run *r, void *user)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, js, &calls);
    if (!n)
        return;
    for (size_t i = 0; js[i]; i++)
        check_manager(r, calls, n, i, user);
}

static void check(df_ctx *c)
{
    file_facts ff;
    memset(&ff, 0, sizeof ff);
    ff.berry = -1;
    for (size_t i = 0; i < 3; i++)
        df_said_init(&ff.wanted[i]);
    df_pm_each_run(c, check_run, &ff);
    df_buf_release(&ff.rms);
}

const df_rule df_rule_df009 = {
    .id = "DF009",
    .name = "js-cache-kept",
    .hadolint = "DL3060",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF001,DF011",
    .summary = "npm/yarn install that leaves its cache in the layer",
    .worth = "image size: the npm/yarn cache no longer ships",
    .check = check,
};
