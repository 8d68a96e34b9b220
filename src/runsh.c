/*
 * runsh.c - RUN bodies as scripts, and their style (see runsh.h).
 *
 * Why a module of its own: every rule that edits a RUN needs the same three
 * answers (is this a POSIX script, where in the file is this command, how
 * do new lines look here), and getting any of them wrong breaks the build
 * or the author's layout.
 */
#include "dfopt/runsh.h"

#include <string.h>
#include <strings.h>

static const char *const posix_shells[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox", NULL};

static bool is_posix_shell(const char *s, size_t n)
{
    size_t b = n;
    while (b > 0 && s[b - 1] != '/' && s[b - 1] != '\\')
        b--;
    s += b;
    n -= b;
    if (n > 4 && strncasecmp(s + n - 4, ".exe", 4) == 0)
        n -= 4;
    for (size_t i = 0; posix_shells[i]; i++)
        if (strlen(posix_shells[i]) == n && strncmp(s, posix_shells[i], n) == 0)
            return true;
    return false;
}

bool df_runsh_posix(const df_doc *d, const df_instr *in)
{
    if (d->escape == '`')
        return false;
    if (in->stage >= d->nstages)
        return true;
    const df_stage *st = &d->stages[in->stage];
    if (st->windows)
        return false;
    const df_instr *x = in->shell;
    if (!x)
        return true;
    if (!x->json || x->nargs == 0)
        return false;
    return is_posix_shell(x->args[0].value, x->args[0].len);
}

/* `RUN <<EOF` or `RUN <<EOF bash -e`: the heredoc is the script. */
static bool heredoc_is_script(const df_instr *run, const df_heredoc *h)
{
    if (h->word_lstart != run->rest_lstart)
        return false;
    const char *t = run->line.text;
    size_t i = h->word_lend, e = run->rest_lend;
    while (i < e && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i == e)
        return true;
    size_t ws = i;
    while (i < e && t[i] != ' ' && t[i] != '\t')
        i++;
    if (!is_posix_shell(t + ws, i - ws))
        return false;
    /* only options may follow the shell */
    while (i < e) {
        while (i < e && (t[i] == ' ' || t[i] == '\t'))
            i++;
        if (i < e && t[i] != '-')
            return false;
        while (i < e && t[i] != ' ' && t[i] != '\t')
            i++;
    }
    return true;
}

int df_runsh_get(df_arena *a, const df_doc *d, const df_instr *in, df_runsh *out)
{
    memset(out, 0, sizeof *out);
    out->outer = in;
    const df_instr *run = in->cmd == DF_CMD_ONBUILD ? in->sub : in;
    out->run = run;
    if (!run || run->cmd != DF_CMD_RUN) {
        out->why_not = "not a RUN";
        return 0;
    }
    if (run->json) {
        out->why_not = "exec form";
        return 0;
    }
    if (!df_runsh_posix(d, in)) {
        out->why_not = "not run by a POSIX shell";
        return 0;
    }
    const char *text;
    size_t len;
    if (run == in && in->nheredocs && heredoc_is_script(run, &in->heredocs[0])) {
        out->heredoc = true;
        out->heredoc_index = 0;
        out->base = in->heredocs[0].body.start;
        text = d->src->text + out->base;
        len = in->heredocs[0].body.end - out->base;
    } else {
        out->base = run->rest_lstart;
        text = run->line.text + run->rest_lstart;
        len = run->rest_lend - run->rest_lstart;
    }
    df_sh_error err;
    out->script = df_sh_parse(a, text, len, &err);
    if (!out->script) {
        if (strcmp(err.message, "out of memory") == 0)
            df_arena_note_failure(a); /* not a script dfopt cannot read */
        char *msg = df_arena_strndup(a, err.message, strlen(err.message));
        if (!msg)
            return -1;
        out->why_not = msg;
    } else {
        df_runstyle *st = df_arena_alloc_uninit(a, sizeof *st);
        if (!st)
            return -1;
        df_runsh_style_read(d, out, st);
        out->style = st;
    }
    return 0;
}

size_t df_runsh_src(const df_runsh *r, size_t off)
{
    if (r->heredoc)
        return r->base + off;
    return df_logical_to_src(&r->run->line, r->base + off);
}

df_span df_runsh_span(const df_runsh *r, df_span s)
{
    if (r->heredoc) {
        df_span o = {r->base + s.start, r->base + s.end};
        return o;
    }
    return df_logical_span(&r->run->line, r->base + s.start, r->base + s.end);
}

/* A continued line whose code ends with an operator (`;`, `&&`, `||`) and
 * blanks: the first such line of each kind sets its gap in st. An escaped
 * `\;` (find -exec) is not an operator. */
static void line_end_gap(const char *s, df_span code, df_runstyle *st, bool *semi_seen, bool *and_seen)
{
    size_t e = code.end;
    while (e > code.start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t gap = code.end - e;
    if (e == code.start || gap >= sizeof st->semi_gap)
        return;
    if (s[e - 1] == ';' && !(e - 1 > code.start && s[e - 2] == '\\') && !(e - 1 > code.start && s[e - 2] == ';')) {
        if (!*semi_seen) {
            memcpy(st->semi_gap, s + e, gap);
            st->semi_gap[gap] = '\0';
            *semi_seen = true;
        }
    } else if (e - 1 > code.start && (s[e - 1] == '&' || s[e - 1] == '|') && s[e - 2] == s[e - 1]) {
        if (!*and_seen) {
            memcpy(st->and_gap, s + e, gap);
            st->and_gap[gap] = '\0';
            *and_seen = true;
        }
    }
}

void df_runsh_style_read(const df_doc *d, const df_runsh *r, df_runstyle *st)
{
    const char *s = d->src->text;
    const df_instr *in = r->outer;
    memset(st, 0, sizeof *st);
    st->esc = d->escape;
    st->eol = d->crlf ? "\r\n" : "\n";
    if (in->nplines) {
        df_span eol = in->plines[0].eol;
        if (eol.end > eol.start)
            st->eol = memchr(s + eol.start, '\r', eol.end - eol.start) ? "\r\n" : "\n";
    }
    strcpy(st->indent, "    ");
    strcpy(st->semi_gap, " ");
    strcpy(st->and_gap, " ");
    if (r->heredoc) {
        st->multiline = true;
        return;
    }
    size_t code_lines = 0;
    size_t best = (size_t)-1, best_op = (size_t)-1;
    size_t best_at = 0, best_op_at = 0;
    bool semi_seen = false, and_seen = false;
    for (size_t i = 0; i < in->nplines; i++) {
        const df_pline *pl = &in->plines[i];
        if (pl->kind != DF_PLINE_CODE || pl->code.end == pl->code.start)
            continue;
        if (pl->cont.end > pl->cont.start)
            line_end_gap(s, pl->code, st, &semi_seen, &and_seen);
        if (code_lines++ == 0)
            continue;
        size_t k = pl->code.start;
        while (k < pl->code.end && (s[k] == ' ' || s[k] == '\t'))
            k++;
        size_t width = k - pl->code.start;
        /* a leading && or || (a lone | continues a pipeline: `\t\t| tar -x`) */
        bool op = k + 1 < pl->code.end && (s[k] == '&' || s[k] == '|') && s[k + 1] == s[k];
        if (width < best) {
            best = width;
            best_at = pl->code.start;
        }
        if (op && width < best_op) {
            best_op = width;
            best_op_at = pl->code.start;
            st->leading_ops = true;
        }
    }
    st->multiline = code_lines > 1;
    /* a file that shows only one of the two writes the other the same way */
    if (semi_seen && !and_seen)
        strcpy(st->and_gap, st->semi_gap);
    else if (and_seen && !semi_seen)
        strcpy(st->semi_gap, st->and_gap);
    size_t w = st->leading_ops ? best_op : best;
    size_t at = st->leading_ops ? best_op_at : best_at;
    if (st->multiline && w < sizeof st->indent) {
        memcpy(st->indent, s + at, w);
        st->indent[w] = '\0';
    }
}

int df_runsh_append_text(const df_runsh *r, const df_runstyle *st, const char *op, const char *cmd, df_buf *out)
{
    /* the parts added one by one, not formatted: a printf per appended
     * cleanup was a tenth of the formatting on a file of many installs */
    size_t len = out->len;
    char esc[2] = {st->esc, '\0'};
    const char *p[7];
    size_t n = 0;
    if (r->heredoc) {
        p[n++] = cmd;
        p[n++] = st->eol;
    } else if (!st->multiline) {
        p[n++] = " ";
        p[n++] = op;
        p[n++] = " ";
        p[n++] = cmd;
    } else if (st->leading_ops) {
        p[n++] = " ";
        p[n++] = esc;
        p[n++] = st->eol;
        p[n++] = st->indent;
        p[n++] = op;
        p[n++] = " ";
        p[n++] = cmd;
    } else {
        p[n++] = " ";
        p[n++] = op;
        p[n++] = st->and_gap;
        p[n++] = esc;
        p[n++] = st->eol;
        p[n++] = st->indent;
        p[n++] = cmd;
    }
    for (size_t i = 0; i < n; i++) {
        /* the escape character, even a NUL one, is one byte, as %c wrote it */
        int rc = p[i] == esc ? df_buf_addch(out, st->esc) : df_buf_addstr(out, p[i]);
        if (rc < 0) {
            if (out->data) { /* out of memory: nothing added, as a failed printf */
                out->len = len;
                out->data[len] = '\0';
            }
            return -1;
        }
    }
    return 0;
}

int df_runsh_cache_init(df_runsh_cache *cache, df_arena *a, size_t ninstrs)
{
    cache->n = ninstrs;
    cache->pm_calls = NULL;
    cache->has_install = NULL;
    cache->layers = NULL;
    cache->apt_env = 0;
    cache->toolchain = 0;
    cache->steps = 0;
    /* an entry is written (df_runsh_get) before its state says so */
    cache->v = df_arena_alloc_uninit(a, (ninstrs ? ninstrs : 1) * sizeof *cache->v);
    cache->state = df_arena_alloc(a, ninstrs ? ninstrs : 1);
    return cache->v && cache->state ? 0 : -1;
}

int df_runsh_cache_fill(df_runsh_cache *cache, df_arena *a, const df_doc *d, const df_instr *in, df_runsh *out)
{
    df_runsh_work(cache, 1);
    if (!cache || in->index >= cache->n || d->instrs[in->index] != in)
        return df_runsh_get(a, d, in, out);
    if (cache->state[in->index] == 0) {
        int r = df_runsh_get(a, d, in, &cache->v[in->index]);
        cache->state[in->index] = r < 0 ? 2 : 1;
    }
    if (cache->state[in->index] == 2)
        return -1;
    *out = cache->v[in->index];
    return 0;
}
