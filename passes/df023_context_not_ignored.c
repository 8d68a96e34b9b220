/*
 * DF023 context-not-ignored
 *
 * What it finds: a `COPY .` or `ADD .` (any COPY/ADD of the build
 * context's root folder, not --from another stage) in a Dockerfile whose
 * build context has no .dockerignore (nor a <Dockerfile>.dockerignore next
 * to the Dockerfile, which BuildKit prefers).
 *
 * Why it matters: without a .dockerignore, `COPY .` copies everything: the
 * .git folder, node_modules or a virtualenv built for the host, caches,
 * logs, local build output. The image grows, host binaries can shadow the
 * ones the build installs, secrets can slip in, and since any change to
 * any of these files changes the COPY, the cache of every later layer is
 * lost far more often than the source really changes.
 *
 * Example: with no .dockerignore next to
 *     FROM node:20
 *     WORKDIR /app
 *     COPY . .
 *     RUN npm ci
 * dfopt proposes a .dockerignore with
 *     .git
 *     .DS_Store
 *     *.log
 *     node_modules
 *     npm-debug.log*
 *     ...
 * The entries are VCS data plus, for each language the Dockerfile builds
 * (seen in its base images, its RUN commands and the manifests in the
 * context), what installs and builds leave in a checkout; they come from
 * data/dependency-manifests.json. An entry is left out when the Dockerfile
 * copies it by name; build-output entries (dist, build, target, ...) are
 * left out when the Dockerfile mentions them at all, and .git when a RUN
 * runs git.
 *
 * Fix: none is applied (display only): the .dockerignore is another file,
 * and only the author knows whether the build needs one of those files.
 * The text output lists the entries; the JSON report carries the proposed
 * file in the finding's "dockerignore" field, for a bot to add. Reported
 * once per Dockerfile, at the first such COPY, and only when the build
 * context is known (not for standard input). No hadolint equivalent.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "deps.h"
#include "dfopt/buf.h"

typedef struct {
    df_ctx *c;
    const df_fact *dm;
    bool fam[32];      /* families seen, by index in dockerignore.families */
    const char *fams[32];
    size_t nfams;
    bool runs_git;
    /* the source prefixes copied_by_name matches each entry against,
     * listed once per check (in the arena): an entry list of 40 names
     * re-read every COPY of the file for each name */
    const char **pre;
    size_t npre, cpre;
    bool pre_listed;   /* pre holds every prefix */
    bool pre_tried;
} seen;

static size_t fam_index(seen *s, const char *name)
{
    for (size_t i = 0; i < s->nfams; i++)
        if (strcmp(s->fams[i], name) == 0)
            return i;
    return SIZE_MAX;
}

static void mark(seen *s, const char *family)
{
    size_t i = family ? fam_index(s, family) : SIZE_MAX;
    if (i != SIZE_MAX)
        s->fam[i] = true;
}

static int visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    seen *s = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    size_t n;
    const char *b = df_deps_basename(v.name->value, v.name->value_len, &n);
    if (n == 3 && memcmp(b, "git", 3) == 0)
        s->runs_git = true;
    mark(s, df_deps_family_of_command(s->c->kb, b, n));
    if (n >= 6 && strncmp(b, "python", 6) == 0)
        mark(s, "python");
    return 0;
}

/* The image name of a FROM without registry path and tag, lowercased. */
static void image_families(seen *s, const df_stage *st)
{
    if (!st->base)
        return;
    const df_fact *families = df_fact_get(df_fact_get(s->dm, "dockerignore"), "families");
    char ref[256];
    snprintf(ref, sizeof ref, "%s", st->base);
    for (char *p = ref; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    char *at = strchr(ref, '@');
    if (at)
        *at = '\0';
    char *slash = strrchr(ref, '/');
    char *colon = strrchr(ref, ':');
    if (colon && (!slash || colon > slash))
        *colon = '\0';
    const char *last = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
    const char *fname;
    const df_fact *f;
    df_fact_object_foreach(families, fname, f)
    {
        size_t i;
        const df_fact *img;
        df_fact_foreach(df_fact_get(f, "images"), i, img)
        {
            const char *im = df_fact_str(img);
            if (strchr(im, '/') ? strcmp(ref, im) == 0 : strcmp(last, im) == 0)
                mark(s, fname);
        }
    }
}

/* A COPY/ADD of the context's root folder. */
static bool copies_root(const df_instr *in)
{
    if ((in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD) || in->nheredocs || in->nargs < 2)
        return false;
    if (df_instr_flag(in, "from", NULL))
        return false;
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const char *v = in->args[i].value;
        size_t n = in->args[i].len;
        if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
            v++;
            n -= 2;
        }
        if ((n == 1 && (v[0] == '.' || v[0] == '/')) || (n == 2 && v[0] == '.' && v[1] == '/'))
            return true;
    }
    return false;
}

/* Call fn(arg, prefix) for each prefix of each source path a COPY or ADD
 * of the file names (not --from another stage), until it returns true;
 * true when one did. */
static bool each_prefix(const df_doc *d, bool (*fn)(void *arg, const char *pre, size_t pl), void *arg)
{
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_ONBUILD && in->sub)
            in = in->sub;
        if ((in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD) || df_instr_flag(in, "from", NULL))
            continue;
        for (size_t k = 0; k + 1 < in->nargs; k++) {
            char buf[1024];
            size_t n = in->args[k].len < sizeof buf - 1 ? in->args[k].len : sizeof buf - 1;
            size_t o = 0;
            for (size_t j = 0; j < n; j++)
                if (in->args[k].value[j] != '"' && in->args[k].value[j] != '\'')
                    buf[o++] = in->args[k].value[j];
            buf[o] = '\0';
            const char *p = buf;
            while (p[0] == '.' && p[1] == '/')
                p += 2;
            while (*p == '/')
                p++;
            /* each prefix of the path */
            char pre[1024];
            size_t pl = 0;
            for (const char *q = p;; q++) {
                if (*q == '/' || *q == '\0') {
                    pre[pl] = '\0';
                    if (pl && fn(arg, pre, pl))
                        return true;
                    if (!*q)
                        break;
                }
                if (pl + 1 < sizeof pre)
                    pre[pl++] = *q;
            }
        }
    }
    return false;
}

/* Does entry *arg (a pattern) name the source prefix pre? */
static bool entry_names(void *arg, const char *pre, size_t pl)
{
    const char *e = *(const char **)arg;
    (void)pl;
    return df_deps_glob(e, pre) || strcmp(e, pre) == 0;
}

/* Keep pre in s's list; true (stop) when out of memory. */
static bool keep_prefix(void *arg, const char *pre, size_t pl)
{
    seen *s = arg;
    df_arena *a = s->c->doc->arena;
    if (s->npre == s->cpre) {
        size_t nc = s->cpre ? 2 * s->cpre : 16;
        const char **v = df_arena_grow(a, (void *)s->pre, s->cpre, nc, sizeof *v);
        if (!v)
            return true;
        s->pre = v;
        s->cpre = nc;
    }
    if (!(s->pre[s->npre] = df_arena_strndup(a, pre, pl)))
        return true;
    s->npre++;
    return false;
}

/* Does the Dockerfile copy entry e by name (a source path component or
 * prefix that the pattern matches)? */
static bool copied_by_name(seen *s, const char *e)
{
    if (!s->pre_tried) {
        s->pre_tried = true;
        s->pre_listed = !each_prefix(s->c->doc, keep_prefix, s);
    }
    if (!s->pre_listed)
        return each_prefix(s->c->doc, entry_names, &e); /* out of memory: each time */
    for (size_t i = 0; i < s->npre; i++)
        if (df_deps_glob(e, s->pre[i]) || strcmp(e, s->pre[i]) == 0)
            return true;
    return false;
}

/* Does any RUN, CMD or ENTRYPOINT mention entry e (its literal part)? */
static bool mentioned(const df_doc *d, const char *e)
{
    char lit[128];
    size_t o = 0;
    for (const char *p = e; *p && o + 1 < sizeof lit; p++)
        if (!strchr("*?[]", *p))
            lit[o++] = *p;
    lit[o] = '\0';
    if (!o)
        return false;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_ONBUILD && in->sub)
            in = in->sub;
        if (in->cmd != DF_CMD_RUN && in->cmd != DF_CMD_CMD && in->cmd != DF_CMD_ENTRYPOINT &&
            in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD && in->cmd != DF_CMD_WORKDIR)
            continue;
        if (strstr(in->line.text, lit))
            return true;
        for (size_t h = 0; h < in->nheredocs; h++) {
            df_span b = in->heredocs[h].body;
            /* a memchr for a rare byte of it, not a memcmp at each place */
            if (df_bytes_contain(d->src->text + b.start, b.end - b.start, lit))
                return true;
        }
    }
    return false;
}

static void add_entries(seen *s, const df_fact *list, bool output, df_buf *content, df_buf *names, size_t *count)
{
    const df_doc *d = s->c->doc;
    const df_fact *keep = df_fact_get(df_fact_get(s->dm, "dockerignore"), "keep_if_command");
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *e = df_fact_str(v);
        if (!e || copied_by_name(s, e) || (output && mentioned(d, e)))
            continue;
        if (df_fact_get(keep, e) && s->runs_git)
            continue;
        /* no duplicates */
        const char *p = content->data;
        size_t el = strlen(e);
        bool dup = false;
        while (p && *p && !dup) {
            const char *nl = strchr(p, '\n');
            size_t ll = nl ? (size_t)(nl - p) : strlen(p);
            dup = ll == el && memcmp(p, e, el) == 0;
            p = nl ? nl + 1 : p + ll;
        }
        if (dup)
            continue;
        df_buf_addstr(content, e); /* "%s\n" and "%s%s", without printf: every entry */
        df_buf_addch(content, '\n');
        df_buf_addstr(names, *count ? ", " : "");
        df_buf_addstr(names, e);
        (*count)++;
    }
}

static void check(df_ctx *c)
{
    const df_doc *d = c->doc;
    if (!c->context_dir)
        return;
    const df_instr *at = NULL;
    for (size_t i = 0; i < d->ninstrs && !at; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_ONBUILD && in->sub)
            in = in->sub;
        if (copies_root(in))
            at = in;
    }
    if (!at)
        return;
    df_deps_context cx;
    if (df_deps_context_load(c, &cx) < 0 || !cx.dir || cx.has_ignore)
        return;
    seen s;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.dm = df_kb_deps(c->kb);
    const df_fact *di = df_fact_get(s.dm, "dockerignore");
    const char *fname;
    const df_fact *f;
    df_fact_object_foreach(df_fact_get(di, "families"), fname, f)
    {
        if (s.nfams < 32)
            s.fams[s.nfams++] = fname;
    }
    for (size_t i = 0; i < d->nstages; i++)
        image_families(&s, &d->stages[i]);
    for (size_t i = 0; i < d->ninstrs; i++) {
        df_runsh rs;
        const df_instr *in = d->instrs[i];
        bool run = in->cmd == DF_CMD_RUN || (in->cmd == DF_CMD_ONBUILD && in->sub && in->sub->cmd == DF_CMD_RUN);
        if (run && df_runsh_cached(c->scripts, d->arena, d, in, &rs) == 0 && rs.script)
            df_sh_walk(rs.script, visit, &s);
    }
    /* manifests at the context's root */
    const char *ename;
    const df_fact *eco;
    df_fact_object_foreach(df_fact_get(s.dm, "ecosystems"), ename, eco)
    {
        size_t i;
        const df_fact *m;
        df_fact_foreach(df_fact_get(eco, "manifests"), i, m)
        {
            const char **names;
            if (df_deps_list(&cx, d->arena, "", df_fact_str(m), &names))
                mark(&s, df_kb_str(eco, "family"));
        }
    }
    df_buf content = DF_BUF_INIT, names = DF_BUF_INIT;
    size_t count = 0;
    df_buf_addstr(&content, "");
    add_entries(&s, df_fact_get(di, "common"), false, &content, &names, &count);
    for (size_t i = 0; i < s.nfams; i++) {
        if (!s.fam[i])
            continue;
        const df_fact *fam = df_fact_get(df_fact_get(di, "families"), s.fams[i]);
        add_entries(&s, df_fact_get(fam, "entries"), false, &content, &names, &count);
        add_entries(&s, df_fact_get(fam, "build_output"), true, &content, &names, &count);
    }
    df_span sp = {at->keyword.span.start, at->args[at->nargs - 1].span.end};
    df_diag *dg = df_report(c, c->rule->severity, sp,
                            "the build context %s has no .dockerignore: this COPY sends everything in it (VCS data, "
                            "host installs, caches, logs) into the image, and any change to those files reruns every "
                            "later step",
                            c->context_dir);
    if (dg && count) {
        char *desc = NULL;
        df_buf db = DF_BUF_INIT;
        if (df_buf_printf(&db, "add a .dockerignore listing %s (review it: the build must not need them)",
                          names.data) == 0)
            desc = db.data;
        if (desc)
            df_diag_set_fix(c->out, dg, DF_APPLY_DISPLAY, desc);
        df_diag_set_extra(c->out, dg, "dockerignore", content.data);
        if (db.failed)
            df_arena_note_failure(c->doc->arena);
        df_buf_release(&db);
    }
    if (content.failed || names.failed)
        df_arena_note_failure(c->doc->arena); /* the driver says out of memory */
    df_buf_release(&content);
    df_buf_release(&names);
}

const df_rule df_rule_df023 = {
    .id = "DF023",
    .name = "context-not-ignored",
    .hadolint = NULL,
    .severity = DF_SEV_INFO,
    .fix = DF_APPLY_DISPLAY,
    .summary = "COPY . with no .dockerignore in the build context",
    .worth = "build context size and cache hits: less is sent and copied",
    .check = check,
};
