/*
 * runtime.c - does the image install packages when a container starts?
 * (see runtime.h)
 */
#include "runtime.h"

#include <stdio.h>
#include <string.h>

#include "deps.h"
#include "pm.h"

/* Scripts read from the build context: the first bytes only. */
#define SCRIPT_CAP (256 * 1024)
/* Words of the command considered as script names. */
#define MAX_WORDS 64

static const char *const apt_only[] = {"apt", NULL};

/* 1: the script installs before any update; 0: not; -1: not parsed. */
static int script_installs(df_ctx *c, const char *text, size_t len)
{
    df_sh_script *s = df_sh_parse(c->doc->arena, text, len, NULL);
    if (!s)
        return -1;
    df_pm_run r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.rs.script = s;
    df_pm_call *calls;
    size_t n = df_pm_calls(&r, apt_only, &calls);
    for (size_t i = 0; i < n; i++) {
        if (df_pm_sub_is(&calls[i], "update"))
            return 0;
        if (df_pm_sub_is(&calls[i], "install"))
            return 1;
    }
    return 0;
}

static bool has(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(s + i, lit, l) == 0)
            return true;
    return false;
}

/* A script the shell model cannot read (bash extensions it does not know):
 * the words, loosely. It only decides between a fix and advice. */
static bool text_installs(const char *s, size_t n)
{
    return (has(s, n, "apt-get install") || has(s, n, "apt install") || has(s, n, "apt-get -y install") ||
            has(s, n, "apt-get -qy install") || has(s, n, "apt-get -q -y install")) &&
           !has(s, n, "apt-get update") && !has(s, n, "apt update");
}

static bool installs(df_ctx *c, const char *s, size_t n)
{
    int k = script_installs(c, s, n);
    return k < 0 ? text_installs(s, n) : k == 1;
}

/* The command text of CMD/ENTRYPOINT `in`: for the shell form the text
 * after the keyword; for the exec form the script of `sh -c SCRIPT`, else
 * the words joined with spaces. */
static const char *command_text(df_ctx *c, const df_instr *in, size_t *len)
{
    df_arena *a = c->doc->arena;
    if (!in->json) {
        *len = in->rest_lend - in->rest_lstart;
        return in->line.text + in->rest_lstart;
    }
    for (size_t i = 0; i + 2 < in->nargs; i++) {
        size_t bl;
        const char *b = df_deps_basename(in->args[i].value, in->args[i].len, &bl);
        bool sh = (bl == 2 && memcmp(b, "sh", 2) == 0) || (bl == 4 && memcmp(b, "bash", 4) == 0) ||
                  (bl == 4 && memcmp(b, "dash", 4) == 0) || (bl == 3 && memcmp(b, "ash", 3) == 0);
        if (sh && in->args[i + 1].len == 2 && memcmp(in->args[i + 1].value, "-c", 2) == 0) {
            *len = in->args[i + 2].len;
            return in->args[i + 2].value;
        }
    }
    df_buf b = DF_BUF_INIT;
    for (size_t i = 0; i < in->nargs; i++) {
        if (i)
            df_buf_addch(&b, ' ');
        df_buf_add(&b, in->args[i].value, in->args[i].len);
    }
    char *t = df_arena_strndup(a, b.data ? b.data : "", b.len);
    *len = b.len;
    df_buf_release(&b);
    return t;
}

/* Split text into words that may name a script (no variables). */
static size_t words_of(df_arena *a, const char *s, size_t n, const char **out, size_t cap)
{
    size_t k = 0, i = 0;
    while (i < n && k < cap) {
        while (i < n && strchr(" \t\r\n\"'[],;&|()", s[i]))
            i++;
        size_t st = i;
        while (i < n && !strchr(" \t\r\n\"'[],;&|()", s[i]))
            i++;
        if (i > st && !memchr(s + st, '$', i - st) && !memchr(s + st, '`', i - st) && s[st] != '-')
            out[k++] = df_arena_strndup(a, s + st, i - st);
    }
    return k;
}

/* "./a/b/" -> "a/b", "." -> "": a context path as df_deps_* want it. */
static const char *ctx_rel(df_arena *a, const char *s, size_t n)
{
    while (n >= 2 && s[0] == '.' && s[1] == '/') {
        s += 2;
        n -= 2;
    }
    while (n && s[0] == '/') {
        s++;
        n--;
    }
    if (n == 1 && s[0] == '.')
        n = 0;
    while (n && s[n - 1] == '/')
        n--;
    return df_arena_strndup(a, s, n);
}

/* The context file that COPY/ADD `in` puts where word w names it, or NULL. */
static const char *source_for(df_ctx *c, const df_deps_context *x, const df_instr *in, const char *w)
{
    df_arena *a = c->doc->arena;
    if (in->nargs < 2 || in->nheredocs || df_instr_flag(in, "from", NULL))
        return NULL;
    const df_word *dst = &in->args[in->nargs - 1];
    size_t wl = strlen(w), wbl;
    const char *wb = df_deps_basename(w, wl, &wbl);
    const char *d = ctx_rel(a, dst->value, dst->len); /* without leading '/' */
    const char *wr = ctx_rel(a, w, wl);
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const df_word *src = &in->args[i];
        if (memchr(src->value, '$', src->len))
            continue;
        const char *s = ctx_rel(a, src->value, src->len);
        if (!s)
            return NULL;
        df_deps_kind k = df_deps_stat(x, s);
        char buf[4096];
        if (k == DF_DEPS_FILE) {
            size_t sbl;
            const char *sb = df_deps_basename(s, strlen(s), &sbl);
            /* the file itself, or renamed to the destination */
            if ((sbl == wbl && memcmp(sb, wb, wbl) == 0) || (d && wr && strcmp(d, wr) == 0))
                return s;
        } else if (k == DF_DEPS_DIR && d && wr) {
            /* a folder copied to d: w below d */
            size_t dl = strlen(d);
            const char *rest = NULL;
            if (dl == 0)
                rest = wr;
            else if (strncmp(wr, d, dl) == 0 && wr[dl] == '/')
                rest = wr + dl + 1;
            else if (w[0] != '/')
                rest = wr; /* relative to WORKDIR, which is often the destination */
            if (rest && (size_t)snprintf(buf, sizeof buf, "%s%s%s", s, *s ? "/" : "", rest) < sizeof buf &&
                df_deps_stat(x, buf) == DF_DEPS_FILE)
                return df_arena_strndup(a, buf, strlen(buf));
        } else if (k == DF_DEPS_ABSENT && strpbrk(s, "*?[")) {
            /* COPY *.sh /usr/local/bin/: the folder of the pattern */
            size_t sl = strlen(s), sbl;
            const char *sb = df_deps_basename(s, sl, &sbl);
            char pat[512];
            if (sbl >= sizeof pat)
                continue;
            memcpy(pat, sb, sbl);
            pat[sbl] = '\0';
            char name[512];
            if (wbl >= sizeof name)
                continue;
            memcpy(name, wb, wbl);
            name[wbl] = '\0';
            if (!df_deps_glob(pat, name))
                continue;
            if ((size_t)snprintf(buf, sizeof buf, "%.*s%s", (int)(sl - sbl), s, name) < sizeof buf &&
                df_deps_stat(x, buf) == DF_DEPS_FILE)
                return df_arena_strndup(a, buf, strlen(buf));
        }
    }
    return NULL;
}

/* What the image runs when it starts: the text of its last CMD and
 * ENTRYPOINT (stages that ship), and of the build-context scripts they
 * name. fn gets each text; a nonzero return stops the walk, and the
 * description of what said it is returned (arena). */
typedef bool (*text_fn)(df_ctx *c, const char *s, size_t n, const void *arg);

static const char *runtime_find(df_ctx *c, text_fn fn, const void *arg)
{
    const df_doc *d = c->doc;
    df_arena *a = d->arena;
    df_deps_context x;
    bool have_ctx = df_deps_context_load(c, &x) == 0 && x.dir;
    /* the command the image runs: the last CMD and ENTRYPOINT of the stages
     * that ship (a stage's parents come before it) */
    const df_instr *last[2] = {NULL, NULL};
    df_runsh_work(c->scripts, d->ninstrs);
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if ((in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT) && in->stage < d->nstages &&
            df_stage_ships(d, in->stage))
            last[in->cmd == DF_CMD_CMD] = in;
    }
    for (size_t li = 0; li < 2; li++) {
        const df_instr *in = last[li];
        if (!in)
            continue;
        const char *kw = in->cmd == DF_CMD_CMD ? "CMD" : "ENTRYPOINT";
        size_t len;
        const char *text = command_text(c, in, &len);
        if (!text)
            continue;
        if (fn(c, text, len, arg))
            return kw;
        if (!have_ctx)
            continue;
        const char *words[MAX_WORDS];
        size_t nw = words_of(a, text, len, words, MAX_WORDS);
        for (size_t k = 0; k < nw; k++) {
            if (!words[k])
                continue;
            /* COPY/ADD of the shipped stages, which put the script in the image */
            df_runsh_work(c->scripts, d->ninstrs);
            for (size_t j = 0; j < d->ninstrs; j++) {
                const df_instr *cp = d->instrs[j];
                if ((cp->cmd != DF_CMD_COPY && cp->cmd != DF_CMD_ADD) || cp->stage >= d->nstages ||
                    !df_stage_ships(d, cp->stage))
                    continue;
                const char *rel = source_for(c, &x, cp, words[k]);
                if (!rel)
                    continue;
                size_t sl;
                char *body = df_deps_read(&x, a, rel, SCRIPT_CAP, &sl);
                if (body && fn(c, body, sl, arg)) {
                    char msg[600];
                    snprintf(msg, sizeof msg, "%s, run by the %s", rel, kw);
                    return df_arena_strndup(a, msg, strlen(msg));
                }
            }
        }
    }
    return NULL;
}

static bool apt_fn(df_ctx *c, const char *s, size_t n, const void *arg)
{
    (void)arg;
    return installs(c, s, n);
}

const char *df_runtime_apt_install(df_ctx *c)
{
    return runtime_find(c, apt_fn, NULL);
}

static bool word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '-' || ch == '.';
}

static bool word_fn(df_ctx *c, const char *s, size_t n, const void *arg)
{
    (void)c;
    const char *w = arg;
    size_t wl = strlen(w);
    for (size_t i = 0; wl && i + wl <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, wl) == 0 && (i == 0 || !word_char(s[i - 1])) &&
            (i + wl == n || !word_char(s[i + wl])))
            return true;
    return false;
}

const char *df_runtime_mentions(df_ctx *c, const char *word)
{
    return runtime_find(c, word_fn, word);
}
