/*
 * sibling.c - the single-stage baseline of a size comparison (see
 * sibling.h)
 */
#include "dfopt/sibling.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>

#include "dfopt/ast.h"
#include "dfopt/buf.h"
#include "dfopt/dircache.h"
#include "dfopt/fsio.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"

/* A comparison has a few files: a folder with more Dockerfile names than
 * this beside the file is not one (and each file of a folder of many
 * would read all the others: quadratic) */
#define SIB_MAX_FILES 4
#define SIB_MAX_BYTES (256u * 1024u)

typedef struct {
    df_source src;
    df_doc *doc;
} parsed;

static bool parse(parsed *p, const char *name, const char *text, size_t len)
{
    memset(p, 0, sizeof *p);
    if (df_source_init(&p->src, name, text, len) < 0)
        return false;
    df_parse_error err;
    p->doc = df_parse(&p->src, &err);
    if (!p->doc) {
        df_source_release(&p->src);
        return false;
    }
    return true;
}

static void unparse(parsed *p)
{
    if (p->doc) {
        df_doc_free(p->doc);
        df_source_release(&p->src);
    }
    p->doc = NULL;
}

/* Is name a Dockerfile name: Dockerfile, Dockerfile.*, *.dockerfile (any
 * case)? */
static bool dockerfile_name(const char *s, size_t n)
{
    if (n >= 10 && strncasecmp(s, "dockerfile", 10) == 0 && (n == 10 || s[10] == '.'))
        return true;
    return n > 11 && strncasecmp(s + n - 11, ".dockerfile", 11) == 0;
}

/* The instruction's logical line with its keyword lowercased and runs of
 * blanks made one space, trimmed, into out. */
static int normal(const df_instr *in, df_buf *out)
{
    df_buf_clear(out);
    const char *t = in->line.text;
    size_t n = in->line.len, i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    bool kw = true, blank = false;
    for (; i < n; i++) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            blank = true;
            kw = false;
            continue;
        }
        if (blank && out->len && df_buf_addch(out, ' ') < 0)
            return -1;
        blank = false;
        if (kw && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (df_buf_addch(out, c) < 0)
            return -1;
    }
    return 0;
}

/* Does stage si of d hold an instruction whose normal form is want? */
static bool stage_has(const df_doc *d, size_t si, const df_buf *want, df_buf *tmp)
{
    for (size_t i = d->stages[si].from + 1; i <= d->stages[si].last && i < d->ninstrs; i++) {
        if (d->instrs[i]->cmd != DF_CMD_COPY && d->instrs[i]->cmd != DF_CMD_ADD && d->instrs[i]->cmd != DF_CMD_RUN)
            continue;
        if (normal(d->instrs[i], tmp) == 0 && tmp->len == want->len && memcmp(tmp->data, want->data, want->len) == 0)
            return true;
    }
    return false;
}

/* The last instruction of kind cmd in stage si, or NULL. */
static const df_instr *last_of(const df_doc *d, size_t si, df_cmd cmd)
{
    const df_instr *r = NULL;
    for (size_t i = d->stages[si].from; i <= d->stages[si].last && i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == cmd)
            r = d->instrs[i];
    return r;
}

static bool same_args(const df_instr *a, const df_instr *b)
{
    if (!a || !b)
        return a == b;
    if (a->nargs != b->nargs || a->json != b->json)
        return false;
    for (size_t i = 0; i < a->nargs; i++)
        if (a->args[i].len != b->args[i].len || memcmp(a->args[i].value, b->args[i].value, a->args[i].len) != 0)
            return false;
    return true;
}

/* Is stage si of s copied from by a later stage (COPY --from naming it by
 * name or index)? */
static bool copied_from(const df_doc *s, size_t si)
{
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", si);
    const char *name = s->stages[si].name;
    for (size_t i = s->stages[si].last + 1; i < s->ninstrs; i++) {
        const df_instr *in = s->instrs[i];
        if (in->cmd != DF_CMD_COPY)
            continue;
        const df_word *f = df_instr_flag(in, "from", NULL);
        if (!f || f->len <= 7)
            continue;
        const char *v = f->value + 7;
        size_t n = f->len - 7;
        if ((name && strlen(name) == n && strncasecmp(v, name, n) == 0) || (strlen(idx) == n && memcmp(v, idx, n) == 0))
            return true;
    }
    return false;
}

/* Does sibling s build what the single stage of f builds (sibling.h)? -1
 * when out of memory. */
static int builds_the_same(const df_doc *f, const df_doc *s)
{
    if (s->nstages < 2)
        return 0;
    const char *base = f->stages[0].base;
    const df_instr *fcmd = last_of(f, 0, DF_CMD_CMD), *fent = last_of(f, 0, DF_CMD_ENTRYPOINT);
    size_t last = s->nstages - 1;
    if (!base || !same_args(fcmd, last_of(s, last, DF_CMD_CMD)) ||
        !same_args(fent, last_of(s, last, DF_CMD_ENTRYPOINT)))
        return 0;
    df_buf want = DF_BUF_INIT, tmp = DF_BUF_INIT;
    int r = 0;
    for (size_t b = 0; b < last && r == 0; b++) {
        if (!s->stages[b].base || strcasecmp(s->stages[b].base, base) != 0 || !copied_from(s, b))
            continue;
        bool all = true, run = false;
        for (size_t i = f->stages[0].from + 1; i < f->ninstrs && all; i++) {
            const df_instr *in = f->instrs[i];
            if (in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD && in->cmd != DF_CMD_RUN)
                continue;
            if (normal(in, &want) < 0) {
                r = -1;
                break;
            }
            bool has = stage_has(s, b, &want, &tmp);
            if (tmp.failed) {
                r = -1;
                break;
            }
            if (in->cmd == DF_CMD_RUN)
                run = run || has;
            else
                all = has;
        }
        if (r == 0 && all && run)
            r = 1;
    }
    df_buf_release(&want);
    df_buf_release(&tmp);
    return r;
}

/* Read path into b when it is a regular file of at most SIB_MAX_BYTES;
 * false otherwise (or when out of memory: *oom). */
static bool read_small(const char *path, df_buf *b, bool *oom)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)SIB_MAX_BYTES)
        return false;
    char err[256];
    if (df_read_file(path, b, err, sizeof err) < 0) {
        if (strstr(err, "out of memory"))
            *oom = true;
        return false;
    }
    return true;
}

/* df_dircache_match's test: is name a Dockerfile name? (pat is only the
 * cache key, "(sibling Dockerfile names)", which no glob of the other
 * callers can be) */
static bool sibling_name(const char *pat, const char *name)
{
    (void)pat;
    return dockerfile_name(name, strlen(name));
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The Dockerfile names of folder other than me, read with readdir until a
 * (SIB_MAX_FILES + 1)th one says *many: for a run of one file, which does
 * not list folders into the cache (df_dircache_probe_listing), so that a
 * file in a folder of thousands of names reads one batch of them, not all
 * (the per-process latency). sib gets the same names, in the same strcmp
 * order, as the cache's sorted listing gives. 0, or -1 out of memory. */
static int stream_siblings(const char *folder, const char *me, char **sib, size_t *ns, bool *many)
{
    DIR *d = opendir(folder);
    if (!d)
        return 0;
    int r = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, me) == 0 || !dockerfile_name(e->d_name, strlen(e->d_name)))
            continue;
        if (*ns == SIB_MAX_FILES) {
            *many = true;
            break;
        }
        if (!(sib[*ns] = strdup(e->d_name))) {
            r = -1;
            break;
        }
        (*ns)++;
    }
    closedir(d);
    qsort(sib, *ns, sizeof *sib, by_name);
    return r;
}

/* arg: the file's parse (a df_doc) */
static int check(const char *real, df_dircache *dirs, const void *arg, char *out, size_t outlen)
{
    const df_doc *fd = arg;
    const char *slash = strrchr(real, '/');
    if (!slash)
        return 0;
    char *folder = malloc((size_t)(slash - real) + 2);
    if (!folder)
        return -1;
    df_path_folder(real, slash, folder);
    const char *me = slash + 1;
    /* the sibling names, copied: a listing is valid only until the next
     * cache call */
    char *sib[SIB_MAX_FILES];
    size_t ns = 0;
    int r = 0;
    bool many = false;
    if (df_dircache_probes_list(dirs) || df_dircache_listed(dirs, folder)) {
        /* the folder's Dockerfile names, matched once per folder and kept
         * by the cache: every file of a folder of thousands asks */
        const char *const *names;
        long n = df_dircache_match(dirs, folder, "(sibling Dockerfile names)", sibling_name, &names);
        for (long i = 0; i < n; i++) {
            if (strcmp(names[i], me) == 0)
                continue;
            if (ns == SIB_MAX_FILES) {
                many = true;
                break;
            }
            if (!(sib[ns] = strdup(names[i]))) {
                r = -1;
                break;
            }
            ns++;
        }
    } else {
        r = stream_siblings(folder, me, sib, &ns, &many);
    }
    bool oom = false;
    if (r == 0 && ns && !many && fd->nstages == 1 &&
        (last_of(fd, 0, DF_CMD_CMD) || last_of(fd, 0, DF_CMD_ENTRYPOINT))) {
        df_buf path = DF_BUF_INIT, body = DF_BUF_INIT;
        for (size_t k = 0; k < ns && r == 0; k++) {
            df_buf_clear(&path);
            df_buf_clear(&body);
            if (df_buf_printf(&path, "%s%s%s", folder, strcmp(folder, "/") ? "/" : "", sib[k]) < 0) {
                r = -1;
                break;
            }
            if (!read_small(path.data, &body, &oom))
                continue;
            parsed s;
            if (!parse(&s, sib[k], body.data ? body.data : "", body.len))
                continue;
            r = builds_the_same(fd, s.doc);
            unparse(&s);
            if (r == 1)
                snprintf(out, outlen, "%s", sib[k]);
        }
        df_buf_release(&path);
        df_buf_release(&body);
    }
    for (size_t k = 0; k < ns; k++)
        free(sib[k]);
    free(folder);
    return oom ? -1 : r;
}

int df_size_baseline_of(const char *path, const df_doc *doc, df_dircache *dirs, int is_link, char *out, size_t outlen)
{
    if (!doc) {
        if (outlen)
            out[0] = '\0';
        return 0;
    }
    return df_on_real_path(path, dirs, is_link, check, doc, out, outlen);
}
