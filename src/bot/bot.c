/*
 * bot.c - one dfopt-bot run: checks, fetch, temporary worktree, fixes,
 * commit, push, pull request; see bot.h for the order and why.
 */
#define _GNU_SOURCE /* nftw's FTW_DEPTH | FTW_PHYS */
#include "dfopt/bot.h"

#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dfopt/botbody.h"
#include "dfopt/botgh.h"
#include "dfopt/botgit.h"
#include "dfopt/config.h"
#include "dfopt/diff.h"
#include "dfopt/driver.h"
#include "dfopt/fsio.h"
#include "dfopt/kb.h"
#include "dfopt/options.h"
#include "dfopt/report.h"

#define BOT_NAME "dfopt-bot"
#define BOT_EMAIL "dfopt-bot@users.noreply.github.com"

typedef struct {
    const df_bot_opts *o;
    df_git_res g;
    char top[PATH_MAX];
    char prefix[PATH_MAX];
    char base[256];
    char base_sha[64];
    char old_sha[64];   /* the bot branch on the remote before this run, or "" */
    char new_sha[64];
    char tmp[PATH_MAX]; /* mkdtemp folder */
    char wt[PATH_MAX + 16]; /* the worktree inside it */
    bool wt_added;
    /* the scan */
    char **abs;         /* paths inside the worktree */
    char **rel;         /* the same, relative to its root (shown) */
    df_file_report *files;
    df_buf *ins;
    size_t n, cap;
    df_options opts;
    df_kb *kb;
    /* GitHub */
    df_gh gh;
    char owner[128], name[128];
    long pr;            /* open bot pull request number, or 0 */
    char pr_url[512];
} bot;

static int say_fail(bot *b, const char *step, const char *status)
{
    fprintf(b->o->err, "dfopt-bot: %s: %s\n", step, status);
    return DF_BOT_FAILED;
}

static int say_usage(bot *b, const char *msg)
{
    fprintf(b->o->err, "dfopt-bot: %s\n", msg);
    return DF_BOT_USAGE;
}

static void copy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s);
}

/* A git ref or remote name we accept on a command line. */
static bool name_ok(const char *s)
{
    return s && *s && s[0] != '-' && strlen(s) < 200 && !strpbrk(s, " \t\n\r");
}

/* ---- step 1: checks ---------------------------------------------------- */

static int check_checkout(bot *b)
{
    const df_bot_opts *o = b->o;
    if (df_git(".", &b->g, "rev-parse", "--show-toplevel", NULL) != 0) {
        if (b->g.status < 0)
            return say_fail(b, "start git", df_git_errline(&b->g));
        return say_usage(b, "not inside a git work tree: run it in a clone of the repository");
    }
    copy(b->top, sizeof b->top, df_git_line(&b->g));
    if (df_git(".", &b->g, "rev-parse", "--show-prefix", NULL) != 0)
        return say_usage(b, "cannot find the current folder in the repository");
    copy(b->prefix, sizeof b->prefix, df_git_line(&b->g));
    if (df_git(b->top, &b->g, "symbolic-ref", "-q", "HEAD", NULL) != 0)
        return say_usage(b, "HEAD is detached: check out a branch first (dfopt-bot leaves your checkout as it "
                            "is, and will not run on one it cannot put back by name)");
    if (df_git(b->top, &b->g, "status", "--porcelain", "--untracked-files=no", NULL) != 0)
        return say_fail(b, "git status", df_git_errline(&b->g));
    if (b->g.out.len > 0)
        return say_usage(b, "the work tree has uncommitted changes (see git status): commit or stash them "
                            "first");
    if (!name_ok(o->remote))
        return say_usage(b, "--remote: not a remote name");
    if (!name_ok(o->branch) || df_git(b->top, &b->g, "check-ref-format", "--branch", o->branch, NULL) != 0)
        return say_usage(b, "--branch: not a valid branch name");
    if (o->base && (!name_ok(o->base) || df_git(b->top, &b->g, "check-ref-format", "--branch", o->base, NULL) != 0))
        return say_usage(b, "--base: not a valid branch name");
    return 0;
}

/* ---- step 2: what the remote holds -------------------------------------- */

static int read_remote(bot *b)
{
    const df_bot_opts *o = b->o;
    char msg[700];
    if (o->base) {
        copy(b->base, sizeof b->base, o->base);
    } else {
        if (df_git(b->top, &b->g, "ls-remote", "--symref", o->remote, "HEAD", NULL) != 0) {
            snprintf(msg, sizeof msg, "find the default branch of %s", o->remote);
            return say_fail(b, msg, df_git_errline(&b->g));
        }
        const char *l = df_git_line(&b->g);
        const char *pre = "ref: refs/heads/";
        const char *tab = strchr(l, '\t');
        if (strncmp(l, pre, strlen(pre)) != 0 || !tab) {
            snprintf(msg, sizeof msg, "find the default branch of %s", o->remote);
            return say_fail(b, msg, "no HEAD there: give --base BRANCH");
        }
        snprintf(b->base, sizeof b->base, "%.*s", (int)(tab - l - (long)strlen(pre)), l + strlen(pre));
    }
    if (strcmp(b->base, o->branch) == 0)
        return say_usage(b, "the bot branch and the base branch are the same: dfopt-bot never commits on the base");

    char ref[300];
    snprintf(ref, sizeof ref, "refs/heads/%s", o->branch);
    if (df_git(b->top, &b->g, "ls-remote", o->remote, ref, NULL) != 0) {
        snprintf(msg, sizeof msg, "read %s", o->remote);
        return say_fail(b, msg, df_git_errline(&b->g));
    }
    const char *l = df_git_line(&b->g);
    snprintf(b->old_sha, sizeof b->old_sha, "%.*s", (int)strcspn(l, "\t"), l);

    /* a shallow clone (CI checkouts) stays shallow: fetch what the bot
     * reads (a tip and its parent), not the whole history */
    bool shallow = df_git(b->top, &b->g, "rev-parse", "--is-shallow-repository", NULL) == 0 &&
                   strcmp(df_git_line(&b->g), "true") == 0;
    const char *depth = shallow ? "--depth=2" : "--quiet";
    snprintf(ref, sizeof ref, "refs/heads/%s", b->base);
    if (df_git(b->top, &b->g, "fetch", "--no-tags", "--quiet", depth, o->remote, ref, NULL) != 0 ||
        df_git(b->top, &b->g, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}", NULL) != 0) {
        snprintf(msg, sizeof msg, "fetch %s from %s", b->base, o->remote);
        return say_fail(b, msg, df_git_errline(&b->g));
    }
    copy(b->base_sha, sizeof b->base_sha, df_git_line(&b->g));
    if (b->old_sha[0]) {
        snprintf(ref, sizeof ref, "refs/heads/%s", o->branch);
        if (df_git(b->top, &b->g, "fetch", "--no-tags", "--quiet", depth, o->remote, ref, NULL) != 0 ||
            df_git(b->top, &b->g, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}", NULL) != 0) {
            snprintf(msg, sizeof msg, "fetch %s from %s", o->branch, o->remote);
            return say_fail(b, msg, df_git_errline(&b->g));
        }
        copy(b->old_sha, sizeof b->old_sha, df_git_line(&b->g));
    }
    return 0;
}

/* ---- step 3: the temporary worktree -------------------------------------- */

static int add_worktree(bot *b)
{
    const char *t = getenv("TMPDIR");
    snprintf(b->tmp, sizeof b->tmp, "%s/dfopt-bot.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(b->tmp)) {
        b->tmp[0] = '\0';
        return say_fail(b, "create a temporary folder", "mkdtemp failed");
    }
    snprintf(b->wt, sizeof b->wt, "%s/worktree", b->tmp);
    if (df_git(b->top, &b->g, "-c", "core.hooksPath=/dev/null", "worktree", "add", "--detach", "--quiet", b->wt,
               b->base_sha, NULL) != 0)
        return say_fail(b, "git worktree add", df_git_errline(&b->g));
    b->wt_added = true;
    return 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    remove(p);
    return 0;
}

static void remove_worktree(bot *b)
{
    if (b->wt_added) {
        df_git(b->top, &b->g, "worktree", "remove", "--force", b->wt, NULL);
        if (b->g.status != 0)
            df_git(b->top, &b->g, "worktree", "prune", NULL);
    }
    if (b->tmp[0])
        nftw(b->tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    b->wt_added = false;
}

/* ---- step 4: the fixes ----------------------------------------------------- */

/* rel (no leading slash) of a user path, "" for the repository root. */
static int user_rel(bot *b, const char *p, char *out, size_t cap)
{
    char joined[PATH_MAX * 2];
    size_t tl = strlen(b->top);
    if (p[0] == '/') {
        if (strncmp(p, b->top, tl) != 0 || (p[tl] != '/' && p[tl] != '\0'))
            return -1;
        snprintf(joined, sizeof joined, "%s", p + tl);
    } else {
        snprintf(joined, sizeof joined, "%s/%s", b->prefix, p);
    }
    /* normalise: drop "", ".", and ".." with its parent */
    size_t len = 0;
    out[0] = '\0';
    char *save = NULL;
    for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            if (len == 0)
                return -1; /* above the repository */
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            out[len] = '\0';
            continue;
        }
        int w = snprintf(out + len, cap - len, "%s%s", len ? "/" : "", seg);
        if (w < 0 || (size_t)w >= cap - len)
            return -1;
        len += (size_t)w;
    }
    return 0;
}

static int push_input(bot *b, const char *abs)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16;
        char **na = realloc(b->abs, nc * sizeof *na);
        if (!na)
            return -1;
        b->abs = na;
        b->cap = nc;
    }
    b->abs[b->n] = strdup(abs);
    if (!b->abs[b->n])
        return -1;
    b->n++;
    return 0;
}

static int collect(bot *b)
{
    const df_bot_opts *o = b->o;
    size_t np = o->npaths ? o->npaths : 1;
    char rel[PATH_MAX], abs[PATH_MAX * 2 + 32], err[600];
    for (size_t i = 0; i < np; i++) {
        const char *p = o->npaths ? o->paths[i] : NULL;
        if (!p) {
            rel[0] = '\0';
        } else if (user_rel(b, p, rel, sizeof rel) < 0) {
            snprintf(err, sizeof err, "%s: not inside the repository", p);
            return say_usage(b, err);
        }
        snprintf(abs, sizeof abs, "%s%s%s", b->wt, rel[0] ? "/" : "", rel);
        if (df_is_dir(abs)) {
            size_t cap = b->cap, before = b->n;
            if (df_find_dockerfiles(abs, &b->abs, &b->n, &cap, err, sizeof err) < 0)
                return say_fail(b, "find the Dockerfiles", err);
            b->cap = cap;
            if (b->n == before)
                fprintf(o->err, "dfopt-bot: no Dockerfile found in %s\n", rel[0] ? rel : "the repository");
        } else if (access(abs, R_OK) == 0) {
            if (push_input(b, abs) < 0)
                return say_fail(b, "find the Dockerfiles", "out of memory");
        } else {
            snprintf(err, sizeof err, "%s: not found on %s (the bot works on the remote's %s, not on your checkout)",
                     p, b->base, b->base);
            return say_usage(b, err);
        }
    }
    return 0;
}

static int load_options(bot *b)
{
    const df_bot_opts *o = b->o;
    char err[700];
    df_options_default(&b->opts);
    char *cfg = NULL;
    if (o->config) {
        cfg = strdup(o->config);
    } else if (!o->no_config) {
        char *start = b->n ? df_dirname(b->abs[0]) : strdup(b->wt);
        cfg = start ? df_config_find(start) : NULL;
        free(start);
    }
    if (cfg && df_config_load(cfg, &b->opts, err, sizeof err) < 0) {
        free(cfg);
        return say_usage(b, err);
    }
    free(cfg);
    if (o->unsafe_fixes)
        b->opts.unsafe_fixes = true;
    b->kb = df_kb_new(err, sizeof err);
    if (!b->kb)
        return say_fail(b, "load dfopt's data", err);
    b->opts.kb = b->kb;
    return 0;
}

static void scan_one(bot *b, size_t i)
{
    df_file_report *fr = &b->files[i];
    char err[600];
    fr->path = b->rel[i];
    struct stat st;
    if (lstat(b->abs[i], &st) == 0 && S_ISLNK(st.st_mode)) {
        /* its target may lie outside the worktree: never write through it */
        fr->status = DF_FILE_IO;
        snprintf(fr->error, sizeof fr->error, "a symbolic link: the bot changes regular files only");
        return;
    }
    if (df_read_file(b->abs[i], &b->ins[i], err, sizeof err) < 0) {
        fr->status = DF_FILE_IO;
        snprintf(fr->error, sizeof fr->error, "%s", err);
        return;
    }
    fr->input = b->ins[i].data ? b->ins[i].data : "";
    fr->input_len = b->ins[i].len;
    fr->run = calloc(1, sizeof *fr->run);
    char *ctx = df_dirname(b->abs[i]);
    if (!fr->run || !ctx) {
        fr->status = DF_FILE_INTERNAL;
        snprintf(fr->error, sizeof fr->error, "out of memory");
        free(ctx);
        return;
    }
    df_run(fr->path, fr->input, fr->input_len, &b->opts, ctx, fr->run);
    free(ctx);
    if (fr->run->status == DF_RUN_PARSE) {
        df_source src;
        fr->status = DF_FILE_PARSE;
        size_t line = 0, col = 0;
        if (df_source_init(&src, fr->path, fr->input, fr->input_len) == 0) {
            df_source_linecol(&src, fr->run->perr.offset, &line, &col);
            df_source_release(&src);
        }
        if (fr->run->perr.line && fr->run->perr.line != line) {
            line = fr->run->perr.line;
            col = 1;
        }
        fr->err_line = line;
        fr->err_col = col;
        snprintf(fr->error, sizeof fr->error, "%s", fr->run->perr.message);
    } else if (fr->run->status != DF_RUN_OK) {
        fr->status = DF_FILE_INTERNAL;
        snprintf(fr->error, sizeof fr->error, "%s",
                 fr->run->status == DF_RUN_NOMEM ? "out of memory" : fr->run->message);
    }
}

static int scan(bot *b)
{
    b->files = calloc(b->n ? b->n : 1, sizeof *b->files);
    b->ins = calloc(b->n ? b->n : 1, sizeof *b->ins);
    b->rel = calloc(b->n ? b->n : 1, sizeof *b->rel);
    if (!b->files || !b->ins || !b->rel)
        return say_fail(b, "run dfopt", "out of memory");
    size_t wl = strlen(b->wt);
    for (size_t i = 0; i < b->n; i++) {
        const char *a = b->abs[i];
        b->rel[i] = strdup(strncmp(a, b->wt, wl) == 0 && a[wl] == '/' ? a + wl + 1 : a);
        if (!b->rel[i])
            return say_fail(b, "run dfopt", "out of memory");
        scan_one(b, i);
    }
    return 0;
}

static int write_fixes(bot *b)
{
    char err[600];
    for (size_t i = 0; i < b->n; i++) {
        df_file_report *fr = &b->files[i];
        if (fr->status != DF_FILE_OK || !fr->run->changed)
            continue;
        const df_buf *out = &fr->run->output;
        if (df_write_in_place(b->abs[i], out->data, out->len, fr->input, fr->input_len, err, sizeof err) < 0)
            return say_fail(b, "write the fixes", err);
    }
    return 0;
}

static void print_dry_run(bot *b, const df_buf *title, const df_buf *body)
{
    FILE *f = b->o->out;
    fprintf(f, "%s\n\n%s\n", title->data, body->data);
    for (size_t i = 0; i < b->n; i++) {
        df_file_report *fr = &b->files[i];
        if (fr->status != DF_FILE_OK || !fr->run->changed)
            continue;
        df_buf d = DF_BUF_INIT;
        df_diff_unified(fr->input, fr->input_len, fr->run->output.data, fr->run->output.len, fr->path, fr->path, 3,
                        &d);
        if (d.data)
            fwrite(d.data, 1, d.len, f);
        df_buf_release(&d);
    }
}

/* ---- steps 5 and 6: git and GitHub --------------------------------------- */

/* GET the pull requests in `state` ("open", "closed") whose head is the
 * bot branch into *r (released by the caller on success); `what` names the
 * step in a failure message. */
static int bot_pulls(bot *b, const char *state, const char *what, df_gh_res *r)
{
    char head[400], path[600];
    snprintf(head, sizeof head, "%s:%s", b->owner, b->o->branch);
    char *eh = df_gh_escape(&b->gh, head);
    if (!eh)
        return say_fail(b, what, "out of memory");
    snprintf(path, sizeof path, "/pulls?state=%s&head=%s", state, eh);
    free(eh);
    if (df_gh_request(&b->gh, "GET", path, NULL, r) < 0) {
        say_fail(b, what, r->error);
        df_gh_res_release(r);
        return DF_BOT_FAILED;
    }
    return 0;
}

static int find_pr(bot *b)
{
    df_gh_res r;
    int rc = bot_pulls(b, "open", "find the bot's pull request", &r);
    if (rc)
        return rc;
    json_t *pr = json_is_array(r.json) ? json_array_get(r.json, 0) : NULL;
    if (pr) {
        b->pr = (long)json_integer_value(json_object_get(pr, "number"));
        const char *u = json_string_value(json_object_get(pr, "html_url"));
        copy(b->pr_url, sizeof b->pr_url, u ? u : "");
    }
    df_gh_res_release(&r);
    return 0;
}

/* A closed, unmerged bot pull request whose head is the bot branch as it
 * stands: the maintainer declined this very change (*number, else 0). */
static int closed_unmerged(bot *b, long *number)
{
    *number = 0;
    df_gh_res r;
    int rc = bot_pulls(b, "closed", "look for a declined pull request", &r);
    if (rc)
        return rc;
    size_t i;
    json_t *pr;
    json_array_foreach(r.json, i, pr)
    {
        const char *sha = json_string_value(json_object_get(json_object_get(pr, "head"), "sha"));
        if (json_is_null(json_object_get(pr, "merged_at")) && sha && strcmp(sha, b->old_sha) == 0) {
            *number = (long)json_integer_value(json_object_get(pr, "number"));
            break;
        }
    }
    df_gh_res_release(&r);
    return 0;
}

static int close_stale(bot *b)
{
    df_bot_meta m = {b->base, b->base_sha, b->opts.unsafe_fixes};
    df_buf text = DF_BUF_INIT;
    char path[200];
    df_gh_res r;
    int rc = 0;
    json_t *body = json_object();
    if (df_bot_close_comment(&text, &m, b->n) < 0 || !body ||
        json_object_set_new(body, "body", json_string(text.data)) < 0) {
        rc = say_fail(b, "comment on the pull request", "out of memory");
        goto out;
    }
    snprintf(path, sizeof path, "/issues/%ld/comments", b->pr);
    if (df_gh_request(&b->gh, "POST", path, body, &r) < 0) {
        rc = say_fail(b, "comment on the stale pull request", r.error);
        df_gh_res_release(&r);
        goto out;
    }
    long long comment = json_integer_value(json_object_get(r.json, "id"));
    df_gh_res_release(&r);
    json_object_clear(body);
    json_object_set_new(body, "state", json_string("closed"));
    snprintf(path, sizeof path, "/pulls/%ld", b->pr);
    if (df_gh_request(&b->gh, "PATCH", path, body, &r) < 0) {
        char msg[800];
        df_gh_res u;
        memset(&u, 0, sizeof u);
        snprintf(msg, sizeof msg, "%s", r.error);
        df_gh_res_release(&r);
        snprintf(path, sizeof path, "/issues/comments/%lld", comment);
        bool undone = comment && df_gh_request(&b->gh, "DELETE", path, NULL, &u) == 0;
        df_gh_res_release(&u);
        char step[200];
        snprintf(step, sizeof step, "close pull request #%ld", b->pr);
        size_t ml = strlen(msg);
        snprintf(msg + ml, sizeof msg - ml, "%s", undone ? " (its comment was deleted again)"
                                                         : " (its closing comment stays: delete it by hand)");
        rc = say_fail(b, step, msg);
        goto out;
    }
    df_gh_res_release(&r);
    fprintf(b->o->out, "dfopt-bot: nothing left to change: closed pull request #%ld %s\n", b->pr, b->pr_url);
out:
    json_decref(body);
    df_buf_release(&text);
    return rc;
}

static int commit(bot *b, const df_buf *msg)
{
    if (df_git(b->wt, &b->g, "add", "-u", NULL) != 0)
        return say_fail(b, "git add", df_git_errline(&b->g));
    static const char *const args[] = {"-c", "user.name=" BOT_NAME, "-c", "user.email=" BOT_EMAIL,
                                       "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false",
                                       "commit", "--no-verify", "--quiet", "-F", "-", NULL};
    if (df_git_run(b->wt, msg->data, msg->len, &b->g, args) != 0)
        return say_fail(b, "git commit", df_git_errline(&b->g));
    if (df_git(b->wt, &b->g, "rev-parse", "--verify", "HEAD", NULL) != 0)
        return say_fail(b, "git commit", df_git_errline(&b->g));
    copy(b->new_sha, sizeof b->new_sha, df_git_line(&b->g));
    return 0;
}

/* Does the bot branch already hold this change (same tree, same parent)? */
static bool branch_current(bot *b)
{
    if (!b->old_sha[0])
        return false;
    char a[128], c[128];
    snprintf(a, sizeof a, "%s^{tree}", b->old_sha);
    if (df_git(b->top, &b->g, "rev-parse", "--verify", "--quiet", a, NULL) != 0)
        return false;
    char old_tree[64];
    copy(old_tree, sizeof old_tree, df_git_line(&b->g));
    snprintf(c, sizeof c, "%s^", b->old_sha);
    if (df_git(b->top, &b->g, "rev-parse", "--verify", "--quiet", c, NULL) != 0 ||
        strcmp(df_git_line(&b->g), b->base_sha) != 0)
        return false;
    snprintf(a, sizeof a, "%s^{tree}", b->new_sha);
    if (df_git(b->top, &b->g, "rev-parse", "--verify", "--quiet", a, NULL) != 0)
        return false;
    return strcmp(df_git_line(&b->g), old_tree) == 0;
}

/* git push --force-with-lease=refs/heads/B:EXPECT REMOTE SRC:refs/heads/B */
static int push(bot *b, const char *expect, const char *src)
{
    char lease[400], spec[400];
    snprintf(lease, sizeof lease, "--force-with-lease=refs/heads/%s:%s", b->o->branch, expect);
    snprintf(spec, sizeof spec, "%s:refs/heads/%s", src, b->o->branch);
    return df_git(b->top, &b->g, "push", "--quiet", "--no-verify", lease, b->o->remote, spec, NULL);
}

static int open_or_update(bot *b, const df_buf *title, const df_buf *text, bool pushed)
{
    json_t *body = json_object();
    char path[200], step[200];
    df_gh_res r;
    const char *method = b->pr ? "PATCH" : "POST";
    if (!body)
        return say_fail(b, "open the pull request", "out of memory");
    json_object_set_new(body, "title", json_string(title->data));
    json_object_set_new(body, "body", json_string(text->data));
    json_object_set_new(body, "base", json_string(b->base));
    if (b->pr) {
        snprintf(path, sizeof path, "/pulls/%ld", b->pr);
        snprintf(step, sizeof step, "update pull request #%ld", b->pr);
    } else {
        json_object_set_new(body, "head", json_string(b->o->branch));
        json_object_set_new(body, "maintainer_can_modify", json_true());
        snprintf(path, sizeof path, "/pulls");
        snprintf(step, sizeof step, "open the pull request");
    }
    int rc = df_gh_request(&b->gh, method, path, body, &r);
    json_decref(body);
    if (rc == 0) {
        long num = (long)json_integer_value(json_object_get(r.json, "number"));
        const char *u = json_string_value(json_object_get(r.json, "html_url"));
        fprintf(b->o->out, "dfopt-bot: %s pull request #%ld %s\n", b->pr ? "updated" : "opened", num ? num : b->pr,
                u ? u : b->pr_url);
        df_gh_res_release(&r);
        return DF_BOT_OK;
    }
    /* undo the push: no branch left without its pull request */
    char msg[1200];
    size_t ml = (size_t)snprintf(msg, sizeof msg, "%s", r.error);
    df_gh_res_release(&r);
    if (pushed) {
        int u = b->old_sha[0] ? push(b, b->new_sha, b->old_sha) : push(b, b->new_sha, "");
        if (ml < sizeof msg) {
            if (u == 0)
                snprintf(msg + ml, sizeof msg - ml, " (the push was undone: %s %s)", b->o->branch,
                         b->old_sha[0] ? "is back as it was" : "was deleted");
            else
                snprintf(msg + ml, sizeof msg - ml, " (undoing the push of %s failed too: %s)", b->o->branch,
                         df_git_errline(&b->g));
        }
    }
    return say_fail(b, step, msg);
}

static int propose(bot *b)
{
    df_bot_meta m = {b->base, b->base_sha, b->opts.unsafe_fixes};
    df_buf title = DF_BUF_INIT, body = DF_BUF_INIT, msg = DF_BUF_INIT;
    int rc;
    if (df_bot_title(&title) < 0 || df_bot_body(&body, b->files, b->n, &m) < 0 ||
        df_bot_commit_message(&msg, b->files, b->n, &m) < 0) {
        rc = say_fail(b, "write the pull request", "out of memory");
        goto out;
    }
    if (b->o->dry_run) {
        print_dry_run(b, &title, &body);
        rc = DF_BOT_OK;
        goto out;
    }
    if ((rc = write_fixes(b)) != 0 || (rc = commit(b, &msg)) != 0)
        goto out;
    bool pushed = false;
    bool current = branch_current(b);
    long declined = 0;
    if (!b->pr && current && (rc = closed_unmerged(b, &declined)) != 0)
        goto out;
    if (declined) {
        fprintf(b->o->out,
                "dfopt-bot: pull request #%ld proposed this same change and was closed without merging: not "
                "opened again (delete the branch %s to have it proposed anew)\n",
                declined, b->o->branch);
        rc = DF_BOT_OK;
        goto out;
    }
    if (!current) {
        if (push(b, b->old_sha, b->new_sha) != 0) {
            char step[300];
            snprintf(step, sizeof step, "push %s to %s", b->o->branch, b->o->remote);
            rc = say_fail(b, step, df_git_errline(&b->g));
            goto out;
        }
        pushed = true;
    }
    rc = open_or_update(b, &title, &body, pushed);
out:
    df_buf_release(&title);
    df_buf_release(&body);
    df_buf_release(&msg);
    return rc;
}

/* ---- the run ---------------------------------------------------------------- */

static int run_steps(bot *b)
{
    const df_bot_opts *o = b->o;
    int rc;
    if (!o->dry_run) {
        char err[300];
        if (!o->token || !*o->token)
            return say_usage(b, "GITHUB_TOKEN is not set (--dry-run needs none)");
        if (df_gh_init(&b->gh, o->api_url, o->token, o->repository, b->owner, sizeof b->owner, b->name,
                       sizeof b->name, err, sizeof err) < 0)
            return say_usage(b, err);
    }
    if ((rc = check_checkout(b)) != 0 || (rc = read_remote(b)) != 0 || (rc = add_worktree(b)) != 0 ||
        (rc = collect(b)) != 0 || (rc = load_options(b)) != 0 || (rc = scan(b)) != 0)
        return rc;
    for (size_t i = 0; i < b->n; i++)
        if (b->files[i].status == DF_FILE_PARSE)
            fprintf(o->err, "dfopt-bot: %s:%zu: does not parse: %s (left as it is)\n", b->files[i].path,
                    b->files[i].err_line, b->files[i].error);
    size_t changed = df_bot_changed_files(b->files, b->n);
    if (!o->dry_run && (rc = find_pr(b)) != 0)
        return rc;
    if (changed == 0) {
        if (b->pr && !o->dry_run)
            return close_stale(b);
        fprintf(o->out, "dfopt-bot: nothing to change in %zu Dockerfile%s on %s\n", b->n, b->n == 1 ? "" : "s",
                b->base);
        return DF_BOT_OK;
    }
    return propose(b);
}

int df_bot_run(const df_bot_opts *o)
{
    bot *b = calloc(1, sizeof *b);
    if (!b) {
        fprintf(o->err, "dfopt-bot: out of memory\n");
        return DF_BOT_INTERNAL;
    }
    b->o = o;
    b->g = (df_git_res)DF_GIT_RES_INIT;
    int rc = run_steps(b);
    remove_worktree(b);
    for (size_t i = 0; i < b->n; i++) {
        if (b->files && b->files[i].run) {
            df_run_result_release(b->files[i].run);
            free(b->files[i].run);
        }
        if (b->ins)
            df_buf_release(&b->ins[i]);
        free(b->abs[i]);
        if (b->rel)
            free(b->rel[i]);
    }
    free(b->abs);
    free(b->rel);
    free(b->files);
    free(b->ins);
    if (b->kb)
        df_kb_free(b->kb);
    df_gh_release(&b->gh);
    df_git_res_release(&b->g);
    free(b);
    return rc;
}
