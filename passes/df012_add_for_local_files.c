/*
 * DF012 add-for-local-files (hadolint DL3020)
 *
 * What it finds: an ADD whose sources are local files or folders that ADD
 * would not unpack: no URL, no git repository, no tar archive.
 *
 * Why it matters: ADD does three things (copy, download, unpack tar
 * archives); COPY does one. A reader of `ADD config.yml /etc/app/` has to
 * wonder which of the three is meant, and a later change of the source
 * (say, to a .tar.gz) silently changes what lands in the image.
 *
 * Example:
 *     ADD requirements.txt /app/
 *     ADD ./src /app/src
 * becomes
 *     COPY requirements.txt /app/
 *     COPY ./src /app/src
 *
 * Left alone: URLs (`ADD https://...`: COPY cannot fetch; one known tool
 * rewrites these into a broken COPY), also through a variable that an ARG
 * or ENV of the file sets to one (`ADD ${PS_PACKAGE_URL} /tmp/`), git sources, anything that looks
 * like an archive ADD unpacks (.tar, .tgz, .tar.gz, .gz, .bz2, .xz, .zst,
 * ...), heredocs, and ADD with flags only ADD has (--checksum,
 * --keep-git-dir, --unpack).
 *
 * Fix safety: only the keyword changes (`ADD` -> `COPY`, `add` -> `copy`),
 * flags and arguments stay byte for byte. ADD unpacks by content, not by
 * name, so the fix is safe when every source is a folder, has an extension
 * of a known non-archive type, or was read in the build context and is not
 * a tar (plain, gzip, bzip2, xz or zstd). Otherwise (a source without an
 * extension that is not in the context, a variable, a bare wildcard) the
 * fix is unsafe: it is right unless that file is a tar archive.
 *
 * A block of adjacent ADDs (no blank line between them, comment lines
 * allowed) converts together or not at all: when one of them stays ADD (an
 * archive, a URL, or a source that could not be checked while unsafe fixes
 * are off), the safe fixes of the others are shown as advice, not
 * applied, since one COPY among ADDs gains nothing and leaves the reader
 * asking why only that one. The same holds across the file: when an ADD
 * of local files anywhere in it stays ADD because a source could not be
 * checked, no other ADD of the file converts alone (CentOS-Dockerfiles'
 * bind: one `ADD init.sh` of fifteen became COPY). With a build context
 * where every source can be checked, or with --unsafe-fixes, they all
 * convert.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dfopt/dircache.h"
#include "dfopt/options.h"
#include "passes.h"

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

static const char *const archive_ext[] = {
    ".tar", ".tgz", ".taz", ".tbz", ".tbz2", ".tb2", ".txz", ".tlz", ".tzst", ".tzs",
    ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".z", NULL,
};

/* Extensions of files that are not tar archives. */
static const char *const plain_ext[] = {
    ".txt", ".md", ".json", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".config",
    ".properties", ".xml", ".html", ".htm", ".css", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx",
    ".vue", ".py", ".pyc", ".rb", ".php", ".pl", ".go", ".rs", ".java", ".kt", ".scala", ".c",
    ".h", ".cc", ".cpp", ".hpp", ".cs", ".sh", ".bash", ".zsh", ".ps1", ".bat", ".cmd", ".sql",
    ".env", ".lock", ".csv", ".pem", ".crt", ".cer", ".key", ".pub", ".jar", ".war", ".ear",
    ".zip", ".whl", ".egg", ".deb", ".rpm", ".apk", ".so", ".dll", ".exe", ".jks", ".p12",
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".woff", ".woff2", ".ttf",
    ".otf", ".eot", ".map", ".tmpl", ".tpl", ".template", ".j2", ".service", ".rules",
    ".list", ".repo", ".patch", ".diff", ".csproj", ".sln", ".gradle", ".mod", ".sum", ".npmrc",
    ".lua", ".r", ".ex", ".exs", ".erl", ".hs", ".swift", ".dart", ".proto", ".graphql", NULL,
};

static bool has_ext(const char *s, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (ends_with(s, n, list[i]))
            return true;
    return false;
}

typedef enum { SRC_SKIP, SRC_SAFE, SRC_UNSAFE } src_kind;

/* dir/rel[0..n) (a leading / of rel is the context's root) + suffix. */
static bool context_path(char *path, size_t cap, const char *dir, const char *rel, size_t n, const char *suffix)
{
    while (n && rel[0] == '/') {
        rel++;
        n--;
    }
    return (size_t)snprintf(path, cap, "%s/%.*s%s", dir, (int)n, rel, suffix) < cap;
}

/* Is the file in the build context a tar archive (possibly compressed)? */
static int context_archive(const char *dir, const char *rel, size_t n)
{
    char path[4096];
    if (!context_path(path, sizeof path, dir, rel, n, ""))
        return -1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char b[512];
    size_t got = fread(b, 1, sizeof b, f);
    fclose(f);
    if (got >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        return 1; /* gzip */
    if (got >= 3 && memcmp(b, "BZh", 3) == 0)
        return 1;
    if (got >= 6 && memcmp(b, "\xFD" "7zXZ\0", 6) == 0)
        return 1;
    if (got >= 4 && memcmp(b, "\x28\xB5\x2F\xFD", 4) == 0)
        return 1;
    if (got >= 262 && memcmp(b + 257, "ustar", 5) == 0)
        return 1;
    return 0;
}

static bool is_dir(const char *dir, const char *rel, size_t n)
{
    char path[4096];
    if (!context_path(path, sizeof path, dir, rel, n, "/."))
        return false;
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

/* The variables an ARG or ENV of the file gives a value that is a URL or
 * a git address (`ARG PS_PACKAGE_URL=https://...`, then `ADD
 * ${PS_PACKAGE_URL} /tmp/`: a download, which COPY cannot do). Any
 * definition counts: --build-arg may pick another, and one URL among them
 * is enough to keep ADD. Found in one pass per check; most files have
 * none. */
typedef struct {
    const char **name; /* [n], each name[i][0..len[i]) */
    size_t *len;
    size_t n;
} url_vars;

/* Visit the NAME, value pairs of an ARG or ENV: ARG words are NAME=value;
 * ENV's come in threes, name, value and separator ("=", or "" for `ENV
 * NAME value`), as BuildKit's parser gives them. fill: NULL to count. */
static size_t url_defs(const df_instr *in, url_vars *fill)
{
    size_t found = 0;
    bool env = in->cmd == DF_CMD_ENV;
    for (size_t k = 0; k < in->nargs; k += env ? 3 : 1) {
        const char *a = in->args[k].value;
        const char *eq = env ? NULL : strchr(a, '=');
        const char *val = env ? (k + 1 < in->nargs ? in->args[k + 1].value : NULL) : eq ? eq + 1 : NULL;
        if (!val || !(strstr(val, "://") || strncmp(val, "git@", 4) == 0))
            continue;
        if (fill) {
            fill->name[fill->n] = a;
            fill->len[fill->n++] = eq ? (size_t)(eq - a) : strlen(a);
        }
        found++;
    }
    return found;
}

static void url_vars_find(const df_doc *d, url_vars *uv)
{
    memset(uv, 0, sizeof *uv);
    size_t n = 0;
    for (size_t i = 0; i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == DF_CMD_ARG || d->instrs[i]->cmd == DF_CMD_ENV)
            n += url_defs(d->instrs[i], NULL);
    if (!n)
        return;
    uv->name = df_arena_alloc(d->arena, n * sizeof *uv->name);
    uv->len = df_arena_alloc(d->arena, n * sizeof *uv->len);
    if (!uv->name || !uv->len)
        return; /* out of memory: no URL variable known, the fix stays unsafe */
    for (size_t i = 0; i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == DF_CMD_ARG || d->instrs[i]->cmd == DF_CMD_ENV)
            url_defs(d->instrs[i], uv);
}

/* Does source s[0..n) name one of uv's variables? */
static bool names_url_var(const url_vars *uv, const char *s, size_t n)
{
    for (size_t i = 0; uv->n && i < n; i++) {
        if (s[i] != '$')
            continue;
        size_t a = i + 1 + (i + 1 < n && s[i + 1] == '{');
        size_t e = a;
        while (e < n && (s[e] == '_' || (s[e] >= 'A' && s[e] <= 'Z') || (s[e] >= 'a' && s[e] <= 'z') ||
                         (e > a && s[e] >= '0' && s[e] <= '9')))
            e++;
        for (size_t k = 0; e > a && k < uv->n; k++)
            if (uv->len[k] == e - a && strncmp(uv->name[k], s + a, e - a) == 0)
                return true;
    }
    return false;
}

/* s is NUL-terminated (a df_word value) */
static src_kind classify(const df_ctx *c, const url_vars *uv, const char *s, size_t n, const char **why)
{
    if (strstr(s, "://") || (n >= 4 && strncmp(s, "git@", 4) == 0))
        return SRC_SKIP;
    if (has_ext(s, n, archive_ext))
        return SRC_SKIP;
    if (memchr(s, '$', n) && names_url_var(uv, s, n))
        return SRC_SKIP; /* a download through a variable (review run 18, PowerShell alpine images) */
    if (memchr(s, '$', n)) {
        *why = "a source is a variable";
        return SRC_UNSAFE;
    }
    if (n == 0 || ends_with(s, n, "/") || ends_with(s, n, "/.") || (n == 1 && s[0] == '.') ||
        (n == 2 && s[0] == '.' && s[1] == '/'))
        return SRC_SAFE;
    if (has_ext(s, n, plain_ext))
        return SRC_SAFE;
    bool glob = memchr(s, '*', n) || memchr(s, '?', n) || memchr(s, '[', n);
    char path[4096];
    df_dircache *dirs = c->opts ? c->opts->dirs : NULL;
    bool absent = c->context_dir && !glob && dirs && context_path(path, sizeof path, c->context_dir, s, n, "") &&
                  df_dircache_absent(dirs, path); /* both probes below would fail: not made */
    if (c->context_dir && !glob && !absent) {
        if (is_dir(c->context_dir, s, n))
            return SRC_SAFE;
        int a = context_archive(c->context_dir, s, n);
        if (a == 1)
            return SRC_SKIP;
        if (a == 0)
            return SRC_SAFE;
    }
    *why = glob ? "a wildcard source could match a tar archive"
                : "a source could not be read in the build context and may be a tar archive";
    return SRC_UNSAFE;
}

/* The path BuildKit will use for a shell-form source word: quotes removed,
 * escapes resolved (with the file's escape character). Long words are cut,
 * which only makes the classification more cautious. */
static size_t unquote(const char *s, size_t n, char esc, char *out, size_t cap)
{
    size_t o = 0;
    char q = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char ch = s[i];
        if (q == 0 && (ch == '"' || ch == '\'')) {
            q = ch;
            continue;
        }
        if (q && ch == q) {
            q = 0;
            continue;
        }
        if (ch == esc && q != '\'' && i + 1 < n)
            ch = s[++i];
        out[o++] = ch;
    }
    out[o] = '\0';
    return o;
}

/* What becomes of one ADD: SRC_SKIP (stays ADD: not local, an archive, a
 * heredoc, an ADD-only flag), SRC_SAFE, or SRC_UNSAFE with *why. */
static src_kind classify_add(df_ctx *c, const url_vars *uv, const df_instr *in, const char **why)
{
    if (in->nheredocs || in->nargs < 2)
        return SRC_SKIP;
    if (df_instr_flag(in, "checksum", NULL) || df_instr_flag(in, "keep-git-dir", NULL) ||
        df_instr_flag(in, "unpack", NULL))
        return SRC_SKIP;
    src_kind all = SRC_SAFE;
    for (size_t i = 0; i + 1 < in->nargs; i++) {
        const df_word *w = &in->args[i];
        if (w->len >= 2 && w->value[0] == '<' && w->value[1] == '<')
            return SRC_SKIP;
        char path[1024];
        const char *v = w->value;
        size_t vn = w->len;
        if (!in->json) {
            vn = unquote(w->value, w->len, c->doc->escape, path, sizeof path);
            v = path;
        }
        src_kind k = classify(c, uv, v, vn, why);
        if (k == SRC_SKIP)
            return SRC_SKIP;
        if (k == SRC_UNSAFE)
            all = SRC_UNSAFE;
    }
    return all;
}

/* stays: the line of an ADD of the same block that stays ADD, 0 none;
 * else elsewhere: the line of an ADD elsewhere in the file that stays ADD
 * because its sources could not be checked, 0 none. */
static void report_add(df_ctx *c, const df_instr *in, src_kind k, const char *why, size_t stays, size_t elsewhere)
{
    const df_word *kw = &in->keyword;
    df_diag *d = df_report(c, c->rule->severity, kw->span,
                           "ADD of local files: use COPY (ADD also downloads URLs and unpacks archives)");
    if (!d)
        return;
    bool lower = kw->len == 3 && kw->value[0] == 'a' && kw->value[1] == 'd' && kw->value[2] == 'd';
    char desc[300];
    df_applicability ap = DF_APPLY_SAFE;
    if (k == SRC_UNSAFE) {
        snprintf(desc, sizeof desc, "replace ADD with COPY (unsafe: %s)", why);
        ap = DF_APPLY_UNSAFE;
    } else if (stays) {
        snprintf(desc, sizeof desc,
                 "replace ADD with COPY (not applied: the ADD at line %zu next to it stays ADD, and a block of "
                 "ADDs half converted to COPY gains nothing; convert them together)",
                 stays);
        ap = DF_APPLY_DISPLAY;
    } else if (elsewhere) {
        snprintf(desc, sizeof desc,
                 "replace ADD with COPY (not applied: the ADD at line %zu stays ADD, since its source could not "
                 "be checked, and a file with its ADDs half converted to COPY gains nothing; convert them "
                 "together)",
                 elsewhere);
        ap = DF_APPLY_DISPLAY;
    } else {
        snprintf(desc, sizeof desc, "replace ADD with COPY");
    }
    if (!df_diag_set_fix(c->out, d, ap, desc))
        return;
    df_fix_add_edit(c->out, d, kw->span.start, kw->span.end, lower ? "copy" : "COPY", 4);
}

/* Is there a blank line in text[a, b) (the trivia between two
 * instructions)? */
static bool blank_line_between(const char *t, size_t a, size_t b)
{
    bool only_blank = true; /* the current line so far */
    for (size_t i = a; i < b; i++) {
        char ch = t[i];
        if (ch == '\n') {
            if (only_blank)
                return true;
            only_blank = true;
        } else if (ch != ' ' && ch != '\t' && ch != '\r') {
            only_blank = false;
        }
    }
    return false;
}

/* classify_add's answers for the ADDs of the file, by instruction: check
 * asks up to three times for each (first_unchecked, then the two passes
 * over its block), each time comparing every source with every extension
 * and probing the build context. kind[i]: 0 not asked yet, else the
 * answer + 1; NULL when out of memory (then each question is answered
 * anew). */
typedef struct {
    df_ctx *c;
    const url_vars *uv;
    unsigned char *kind;
    const char **why;
} add_answers;

static src_kind classify_at(add_answers *aa, size_t i, const char **why)
{
    if (aa->kind && aa->kind[i]) {
        *why = aa->why[i];
        return (src_kind)(aa->kind[i] - 1);
    }
    src_kind k = classify_add(aa->c, aa->uv, aa->c->doc->instrs[i], why);
    if (aa->kind) {
        aa->kind[i] = (unsigned char)(k + 1);
        aa->why[i] = *why;
    }
    return k;
}

/* The line of the first ADD of the file (not under ONBUILD) whose fix is
 * unsafe and not applied (a source could not be checked), 0 none. */
static size_t first_unchecked(df_ctx *c, add_answers *aa)
{
    if (c->opts->unsafe_fixes)
        return 0;
    for (size_t i = 0; i < c->doc->ninstrs; i++) {
        const char *why = NULL;
        if (c->doc->instrs[i]->cmd == DF_CMD_ADD && classify_at(aa, i, &why) == SRC_UNSAFE)
            return c->doc->instrs[i]->start_line;
    }
    return 0;
}

static void check(df_ctx *c)
{
    const df_doc *doc = c->doc;
    const char *t = doc->src->text;
    /* a lone COPY among ADDs that could not be checked gains nothing
     * either, whether or not they are next to it */
    url_vars uv;
    url_vars_find(doc, &uv);
    add_answers aa = {c, &uv, df_arena_alloc(doc->arena, doc->ninstrs + 1),
                      df_arena_alloc(doc->arena, (doc->ninstrs + 1) * sizeof *aa.why)};
    if (!aa.why)
        aa.kind = NULL;
    size_t unchecked = first_unchecked(c, &aa);
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const df_instr *in = doc->instrs[i];
        if (in->cmd == DF_CMD_ONBUILD && in->sub) {
            const char *why = NULL;
            src_kind k = in->sub->cmd == DF_CMD_ADD ? classify_add(c, &uv, in->sub, &why) : SRC_SKIP;
            if (k != SRC_SKIP)
                report_add(c, in->sub, k, why, 0, 0);
            continue;
        }
        if (in->cmd != DF_CMD_ADD)
            continue;
        /* the block: adjacent ADDs with no blank line between (comment lines
         * may sit between them) */
        size_t j = i + 1;
        while (j < doc->ninstrs && doc->instrs[j]->cmd == DF_CMD_ADD &&
               !blank_line_between(t, doc->instrs[j - 1]->span.end, doc->instrs[j]->span.start))
            j++;
        /* an ADD that stays ADD (not convertible, or only unsafely when
         * unsafe fixes are off) keeps the others from converting alone:
         * the lines of the first two that stay */
        size_t stay1 = 0, stay2 = 0;
        for (size_t k = i; k < j && !stay2; k++) {
            const char *why = NULL;
            src_kind kind = classify_at(&aa, k, &why);
            if (kind == SRC_SKIP || (kind == SRC_UNSAFE && !c->opts->unsafe_fixes)) {
                if (stay1)
                    stay2 = doc->instrs[k]->start_line;
                else
                    stay1 = doc->instrs[k]->start_line;
            }
        }
        for (size_t k = i; k < j; k++) {
            const char *why = NULL;
            src_kind kind = classify_at(&aa, k, &why);
            if (kind == SRC_SKIP)
                continue;
            size_t other = stay1 == doc->instrs[k]->start_line ? stay2 : stay1;
            report_add(c, doc->instrs[k], kind, why, other, unchecked);
        }
        i = j - 1;
    }
}

const df_rule df_rule_df012 = {
    .id = "DF012",
    .name = "add-for-local-files",
    .hadolint = "DL3020",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF002", /* ADD -> COPY: only DF002 tells a COPY from an ADD (already_copied) */
    .summary = "ADD of local files that are not archives: use COPY",
    .worth = "clarity: COPY does only what is meant (no download, no unpacking)",
    .check = check,
};
