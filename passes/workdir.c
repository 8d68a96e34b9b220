/*
 * workdir.c - the working folder at each instruction (see workdir.h).
 *
 * Why a module of its own: DF002 and DF011 both resolve relative paths
 * against WORKDIR; two trackers had drifted apart (one took exec form and
 * quotes literally, one forgot the folder a stage inherits from the stage
 * it is built FROM). One tracker, one answer.
 */
#include "workdir.h"

#include <stdint.h>
#include <string.h>

#include "dfopt/buf.h"
#include "deps.h"

char *df_word_value(df_arena *a, const df_word *w, bool json, char esc)
{
    if (json)
        return memchr(w->value, '$', w->len) ? NULL : df_arena_strndup(a, w->value, w->len);
    char *out = df_arena_alloc(a, w->len + 1);
    if (!out)
        return NULL;
    /* the bytes before the first quote, escape or '$' as they are: most
     * words hold none */
    size_t o = 0;
    while (o < w->len && w->value[o] != '$' && w->value[o] != '"' && w->value[o] != '\'' && w->value[o] != esc)
        o++;
    memcpy(out, w->value, o);
    char q = 0;
    for (size_t i = o; i < w->len; i++) {
        char ch = w->value[i];
        if (ch == '$' && q != '\'')
            return NULL;
        if (q == 0 && (ch == '"' || ch == '\'')) {
            q = ch;
            continue;
        }
        if (q && ch == q) {
            q = 0;
            continue;
        }
        if (ch == esc && q != '\'' && i + 1 < w->len)
            ch = w->value[++i];
        out[o++] = ch;
    }
    out[o] = '\0';
    return out;
}

const char **df_workdirs(df_arena *a, const df_doc *d)
{
    const char **w = df_arena_alloc(a, (d->ninstrs + 1) * sizeof *w);
    const char **end = df_arena_alloc(a, (d->nstages + 1) * sizeof *end);
    if (!w || !end)
        return NULL;
    const char *cur = "@";
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM && in->stage < d->nstages) {
            if (stage < d->nstages)
                end[stage] = cur;
            stage = in->stage;
            size_t p = d->stages[stage].parent;
            cur = p < stage ? end[p] : "@";
        }
        w[i] = cur;
        if (in->cmd != DF_CMD_WORKDIR)
            continue;
        if (in->nargs != 1) {
            cur = NULL;
            continue;
        }
        char *v = df_word_value(a, &in->args[0], false, d->escape);
        if (!v || !*v)
            cur = NULL;
        else if (v[0] == '/')
            cur = df_deps_path(a, "/", v, strlen(v));
        else
            cur = cur ? df_deps_path(a, cur, v, strlen(v)) : NULL;
    }
    return w;
}

/* A walk of the instructions in order, with a value per stage (cur),
 * reaches the first instruction of stage `next`: cur's value is kept as the
 * end of the stage left (end[*stage]), and the value the new stage starts
 * with is returned: the end of the stage it is built FROM, or `base` when
 * it is built on an image. */
static const char *enter_stage(const df_doc *d, const char **end, size_t *stage, size_t next, const char *cur,
                               const char *base)
{
    if (*stage < d->nstages)
        end[*stage] = cur;
    *stage = next;
    size_t p = next < d->nstages ? d->stages[next].parent : SIZE_MAX;
    return p < next ? end[p] : base;
}

const char **df_env_before(const df_doc *d, const char *name, size_t nl)
{
    if (!d->ninstrs)
        return NULL;
    const char **before = df_arena_alloc(d->arena, d->ninstrs * sizeof *before);
    const char **end = df_arena_alloc(d->arena, (d->nstages + 1) * sizeof *end);
    if (!before || !end)
        return NULL;
    memset(end, 0, (d->nstages + 1) * sizeof *end);
    const char *cur = NULL;
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != stage) /* a base image's ENV is not known */
            cur = enter_stage(d, end, &stage, in->stage, cur, NULL);
        before[i] = cur;
        if (in->cmd != DF_CMD_ENV)
            continue;
        for (size_t k = 0; k + 1 < in->nargs; k += 3) /* key, value, separator */
            if (in->args[k].len == nl && memcmp(in->args[k].value, name, nl) == 0)
                cur = df_word_value(d->arena, &in->args[k + 1], false, d->escape);
    }
    return before;
}

/* ---- HOME --------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *home;
} user_home;

static bool tok_sep(char ch)
{
    return ch == ';' || ch == '&' || ch == '|' || ch == '(' || ch == ')' || ch == '\n';
}

/* The next word of t from *at (blanks skipped; a separator is a word of
 * its own), or false at the end. */
static bool next_tok(const char *t, size_t *at, const char **w, size_t *wl)
{
    size_t i = *at;
    while (t[i] == ' ' || t[i] == '\t' || t[i] == '\\')
        i++;
    if (!t[i])
        return false;
    size_t s = i;
    if (tok_sep(t[i]))
        i++;
    else
        while (t[i] && t[i] != ' ' && t[i] != '\t' && !tok_sep(t[i]))
            i++;
    *w = t + s;
    *wl = i - s;
    *at = i;
    return true;
}

static bool tok_is(const char *w, size_t wl, const char *s)
{
    return wl == strlen(s) && memcmp(w, s, wl) == 0;
}

/* Options of useradd/adduser (shadow, Debian, BusyBox) that take a value. */
static bool takes_value(const char *w, size_t wl)
{
    static const char *const v[] = {"-h", "-d", "-g", "-G", "-u", "-s", "-c", "-k", "-p", "-e", "-f", "-K",
                                    "-b", "--home", "--home-dir", "--uid", "--gid", "--groups", "--shell",
                                    "--comment", "--gecos", "--ingroup", "--skel", "--password", "--expiredate",
                                    "--inactive", "--base-dir", "--firstuid", "--lastuid", NULL};
    for (size_t i = 0; v[i]; i++)
        if (tok_is(w, wl, v[i]))
            return true;
    return false;
}

/* Record the users that useradd/adduser commands of text t create, with
 * their home folder when an option names it plainly. */
static void scan_user_creation(df_arena *a, const char *t, df_buf *users)
{
    size_t at = 0;
    const char *w;
    size_t wl;
    while (next_tok(t, &at, &w, &wl)) {
        if (wl == 1 && tok_sep(w[0]))
            continue;
        const char *b = w;
        for (size_t k = 0; k < wl; k++)
            if (w[k] == '/')
                b = w + k + 1;
        size_t bl = wl - (size_t)(b - w);
        if (!tok_is(b, bl, "useradd") && !tok_is(b, bl, "adduser"))
            continue;
        const char *name = NULL, *home = NULL;
        size_t nl = 0, hl = 0;
        while (next_tok(t, &at, &w, &wl) && !(wl == 1 && tok_sep(w[0]))) {
            if (wl > 7 && memcmp(w, "--home=", 7) == 0) {
                home = w + 7, hl = wl - 7;
            } else if (wl > 11 && memcmp(w, "--home-dir=", 11) == 0) {
                home = w + 11, hl = wl - 11;
            } else if (takes_value(w, wl)) {
                bool h = tok_is(w, wl, "-h") || tok_is(w, wl, "-d") || tok_is(w, wl, "--home") ||
                         tok_is(w, wl, "--home-dir");
                size_t save = at;
                if (!next_tok(t, &at, &w, &wl) || (wl == 1 && tok_sep(w[0]))) {
                    at = save;
                    break;
                }
                if (h)
                    home = w, hl = wl;
            } else if (wl && w[0] != '-') {
                name = w, nl = wl;
            }
        }
        if (!name || memchr(name, '$', nl) || (home && (memchr(home, '$', hl) || home[0] != '/')))
            continue;
        user_home u = {df_arena_strndup(a, name, nl), home ? df_arena_strndup(a, home, hl) : NULL};
        if (u.name)
            df_buf_add(users, &u, sizeof u);
    }
}

static bool is_root(const char *u, size_t n)
{
    const char *colon = memchr(u, ':', n);
    size_t un = colon ? (size_t)(colon - u) : n;
    return (un == 4 && memcmp(u, "root", 4) == 0) || (un == 1 && u[0] == '0');
}

/* The home of user u[0, n) (its name before any ':group'). */
static const char *home_of(df_arena *a, const char *u, size_t n, const df_buf *users)
{
    const char *colon = memchr(u, ':', n);
    size_t un = colon ? (size_t)(colon - u) : n;
    if (!un || memchr(u, '$', un) || (u[0] >= '0' && u[0] <= '9'))
        return NULL;
    const user_home *v = (const user_home *)users->data;
    const char *home = NULL;
    /* the latest creations first; a bound on pathological files */
    for (size_t i = users->len / sizeof *v, k = 0; i-- > 0 && !home && k < 64; k++)
        if (strlen(v[i].name) == un && memcmp(v[i].name, u, un) == 0)
            home = v[i].home ? v[i].home : "";
    if (home && *home)
        return home;
    char *h = df_arena_alloc(a, un + 7);
    if (!h)
        return NULL;
    memcpy(h, "/home/", 6);
    memcpy(h + 6, u, un);
    return h;
}

const char **df_homes(df_arena *a, const df_doc *d)
{
    if (!d->ninstrs)
        return NULL;
    const char **env = df_env_before(d, "HOME", 4);
    const char **h = df_arena_alloc(a, d->ninstrs * sizeof *h);
    const char **end = df_arena_alloc(a, (d->nstages + 1) * sizeof *end);
    if (!env || !h || !end)
        return NULL;
    df_buf users = DF_BUF_INIT;
    const char *cur = "/root";
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != stage)
            cur = enter_stage(d, end, &stage, in->stage, cur, "/root");
        h[i] = env[i] ? env[i] : cur;
        /* most RUNs create no user: no word walk for them */
        if (in->cmd == DF_CMD_RUN && !in->json && in->line.text &&
            (df_bytes_contain(in->line.text, in->line.len, "useradd") ||
             df_bytes_contain(in->line.text, in->line.len, "adduser")))
            scan_user_creation(a, in->line.text, &users);
        else if (in->cmd == DF_CMD_USER && in->nargs >= 1 && stage < d->nstages)
            cur = is_root(in->args[0].value, in->args[0].len)
                      ? "/root"
                      : home_of(a, in->args[0].value, in->args[0].len, &users);
    }
    df_buf_release(&users);
    return h;
}
