/*
 * image.c - the image a FROM names (see image.h).
 *
 * One place for the parsing the base-image rules share, so that DF020,
 * DF021 and DF022 agree on what "the image" of a stage is.
 */
#include "image.h"
#include "comments.h"
#include "pm.h"

#include "dfopt/buf.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Default of ARG name[0..n) declared before the first FROM, or NULL. */
static const char *arg_default(const df_doc *d, const char *name, size_t n, size_t *vlen)
{
    const char *found = NULL;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM)
            break;
        if (in->cmd != DF_CMD_ARG)
            continue;
        for (size_t k = 0; k < in->nargs; k++) {
            const char *a = in->args[k].value;
            const char *eq = strchr(a, '=');
            if (eq && (size_t)(eq - a) == n && strncmp(a, name, n) == 0) {
                found = eq + 1;
                *vlen = strlen(found);
                if (*vlen >= 2 && (found[0] == '"' || found[0] == '\'') && found[*vlen - 1] == found[0]) {
                    found++;
                    *vlen -= 2;
                }
            } else if (!eq && strlen(a) == n && strncmp(a, name, n) == 0) {
                found = NULL;
            }
        }
    }
    return found;
}

/* Substitute $X / ${X} from ARG defaults; false when one has none. */
static bool expand_args_in(const df_doc *d, const char *s, char *out, size_t cap, int depth);

/* s with the ARG defaults substituted. A default that names an earlier ARG
 * is expanded too, as BuildKit does when it declares the ARG
 * (`ARG BASE=rocm/dev-ubuntu-${UBUNTU_VERSION}:${ROCM_VERSION}-complete`,
 * llama.cpp's .devops/rocm), up to a depth of 4. */
static bool expand_args(const df_doc *d, const char *s, char *out, size_t cap)
{
    return expand_args_in(d, s, out, cap, 0);
}

static bool expand_args_in(const df_doc *d, const char *s, char *out, size_t cap, int depth)
{
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        if (s[i] != '$') {
            if (o + 1 >= cap)
                return false;
            out[o++] = s[i++];
            continue;
        }
        size_t st, en, next;
        if (s[i + 1] == '{') {
            st = i + 2;
            en = st;
            while (s[en] && s[en] != '}' && s[en] != ':')
                en++;
            if (s[en] != '}')
                return false; /* ${X:-...} and friends: not resolved */
            next = en + 1;
        } else {
            st = i + 1;
            en = st;
            while (s[en] == '_' || (s[en] >= 'A' && s[en] <= 'Z') || (s[en] >= 'a' && s[en] <= 'z') ||
                   (s[en] >= '0' && s[en] <= '9'))
                en++;
            next = en;
        }
        if (en == st)
            return false;
        size_t vl = 0;
        const char *v = arg_default(d, s + st, en - st, &vl);
        if (!v || o + vl >= cap)
            return false;
        if (memchr(v, '$', vl)) {
            /* a default that names an earlier ARG */
            char inner[512];
            if (depth >= 4 || vl >= sizeof inner)
                return false;
            memcpy(inner, v, vl);
            inner[vl] = '\0';
            if (!expand_args_in(d, inner, out + o, cap - o, depth + 1))
                return false;
            o += strlen(out + o);
        } else {
            memcpy(out + o, v, vl);
            o += vl;
        }
        i = next;
    }
    out[o] = '\0';
    return true;
}

void df_image_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* snprintf(dst, cap, "%s", s) without the printf machinery (cap > 0):
 * df_stage_image runs for every stage of every round */
static void copy_str(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* The base image of stage si; false for stage references, scratch,
 * unresolvable ARGs and odd words. */
bool df_stage_image(const df_doc *d, size_t si, df_imgref *r)
{
    const df_stage *st = &d->stages[si];
    const df_instr *in = d->instrs[st->from];
    /* each field, not a memset of the 900 bytes (22,000 calls a corpus
     * run: the rules ask it of the same stages): the strings are
     * NUL-terminated where they are written */
    r->name[0] = r->tag[0] = r->full[0] = '\0';
    r->has_tag = r->digest = r->var = false;
    r->tag_off = r->tag_len = 0;
    if (st->parent != SIZE_MAX || in->nargs < 1 || in->json)
        return false;
    const df_word *w = &in->args[0];
    if (w->len == 0 || w->len >= sizeof r->full || memchr(w->value, '\0', w->len))
        return false;
    if (memchr(w->value, '$', w->len)) {
        r->var = true;
        if (!expand_args(d, w->value, r->full, sizeof r->full))
            return false;
    } else {
        memcpy(r->full, w->value, w->len);
        r->full[w->len] = '\0';
    }
    if (strpbrk(r->full, "\"'\\ \t$") || r->full[0] == '\0')
        return false;
    size_t len = strlen(r->full);
    char *at = strchr(r->full, '@');
    size_t ref_end = at ? (size_t)(at - r->full) : len;
    r->digest = at != NULL;
    /* slash: past the last '/' before ref_end; colon: the last ':' after
     * it (strrchr on the reference cut at the digest's '@' for a moment:
     * a loop over each byte was a third of the cost) */
    if (at)
        *at = '\0';
    const char *ls = strrchr(r->full, '/');
    size_t slash = ls ? (size_t)(ls - r->full) + 1 : 0;
    const char *lc = strrchr(r->full + slash, ':');
    size_t colon = lc ? (size_t)(lc - r->full) : SIZE_MAX;
    if (at)
        *at = '@';
    size_t name_end = colon == SIZE_MAX ? ref_end : colon;
    if (name_end == 0 || name_end >= sizeof r->name)
        return false;
    if (colon != SIZE_MAX) {
        size_t tl = ref_end - colon - 1;
        if (tl == 0 || tl >= sizeof r->tag)
            return false;
        memcpy(r->tag, r->full + colon + 1, tl);
        r->tag[tl] = '\0';
        r->has_tag = true;
        r->tag_off = colon + 1;
        r->tag_len = tl;
    } else {
        r->tag_off = name_end;
    }
    char name[256];
    memcpy(name, r->full, name_end);
    name[name_end] = '\0';
    df_image_lower(name);
    const char *n = name;
    static const char *const regs[] = {"docker.io/", "index.docker.io/", "registry-1.docker.io/", NULL};
    /* the prefixes all hold a '/': a name without one (slash: past the
     * last '/' of the reference, at most name_end) has none of them */
    for (size_t i = 0; slash && regs[i]; i++)
        if (n[0] == regs[i][0] && strncmp(n, regs[i], strlen(regs[i])) == 0) {
            n += strlen(regs[i]);
            break;
        }
    if (slash && strncmp(n, "library/", 8) == 0)
        n += 8;
    copy_str(r->name, sizeof r->name, n);
    if (strcmp(r->name, "scratch") == 0)
        return false;
    return true;
}

/* The data's "windows_images" lists, looked up once per document (three
 * lookups per question were half its cost). */
typedef struct {
    const df_fact *prefixes; /* "name_prefixes" */
    const df_fact *marks;    /* "marks" */
} win_facts;

static win_facts windows_facts(const df_fact *bi)
{
    const df_fact *w = df_fact_get(bi, "windows_images");
    win_facts wf = {df_fact_get(w, "name_prefixes"), df_fact_get(w, "marks")};
    return wf;
}

/* Does the lowercased reference s (name, ':', tag) name a Windows image,
 * by the data's "windows_images" (wf)? marks: look for the marks too, not
 * only the name prefixes. */
static bool windows_ref(const win_facts *wf, const char *s, bool marks)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(wf->prefixes, i, v)
    {
        const char *p = df_fact_str(v);
        if (p && (!p[0] || p[0] == s[0]) && strncmp(s, p, df_fact_strlen(v)) == 0)
            return true;
    }
    if (!marks)
        return false;
    /* the bytes of s as a set: a mark with one of its first four bytes
     * missing from s is not in it (most marks are not: a strstr for each
     * was most of the question) */
    uint64_t has[4] = {0};
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        has[*q >> 6] |= (uint64_t)1 << (*q & 63);
    df_fact_foreach(wf->marks, i, v)
    {
        const unsigned char *p = (const unsigned char *)df_fact_str(v);
        if (!p)
            continue;
        size_t k = 0;
        while (k < 4 && p[k] && (has[p[k] >> 6] >> (p[k] & 63) & 1))
            k++;
        if ((k == 4 || !p[k]) && strstr(s, (const char *)p))
            return true;
    }
    return false;
}

/* Does name match pattern p, whose '\1' bytes stand for any text
 * (lowercase literals; name compared case-insensitively)? Backtracks to
 * the last '\1' only: O(len(p) x len(name)) at worst, both short. */
static bool glob_match(const char *p, const char *name)
{
    const char *star = NULL, *resume = NULL;
    while (*name) {
        if (*p == '\1') {
            star = ++p;
            resume = name;
        }
        else if (*p && *p == (char)tolower((unsigned char)*name)) {
            p++;
            name++;
        }
        else if (star) {
            p = star;
            name = ++resume;
        }
        else
            return false;
    }
    while (*p == '\1')
        p++;
    return *p == '\0';
}

size_t df_stage_from_candidates(const df_doc *d, size_t si, size_t *out, size_t cap)
{
    if (si >= d->nstages || d->stages[si].parent != SIZE_MAX)
        return 0;
    const df_instr *in = d->instrs[d->stages[si].from];
    if (in->nargs < 1 || in->json)
        return 0;
    const df_word *w = &in->args[0];
    char pat[256];
    size_t o = 0;
    bool var = false, text = false;
    for (size_t i = 0; i < w->len;) {
        if (o + 2 >= sizeof pat)
            return 0;
        char ch = w->value[i];
        if (ch != '$') {
            pat[o++] = (char)tolower((unsigned char)ch);
            text = true;
            i++;
            continue;
        }
        size_t j = i + 1;
        if (j < w->len && w->value[j] == '{') {
            int depth = 0;
            for (; j < w->len; j++) {
                depth += w->value[j] == '{';
                depth -= w->value[j] == '}';
                if (depth == 0)
                    break;
            }
            if (j == w->len)
                return 0; /* unbalanced: not a name */
            j++;
        }
        else
            while (j < w->len && (w->value[j] == '_' || isalnum((unsigned char)w->value[j])))
                j++;
        if (j == i + 1)
            return 0;
        if (!o || pat[o - 1] != '\1')
            pat[o++] = '\1';
        var = true;
        i = j;
    }
    pat[o] = '\0';
    if (!var || !text)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k < si; k++)
        if (d->stages[k].name && glob_match(pat, d->stages[k].name)) {
            if (n < cap)
                out[n] = k;
            n++;
        }
    return n;
}

/* Is r (as df_stage_image fills it) a Windows image, by the data's
 * "windows_images" lists? The one place that decides what is Windows
 * (df_doc_mark_windows asks it of each stage). */
static bool image_is_windows(const win_facts *wf, const df_imgref *r)
{
    char s[sizeof r->full];
    copy_str(s, sizeof s, r->full);
    df_image_lower(s);
    /* r->name is a part of the lowercased reference s (df_stage_image
     * fills r): a mark in it is in s too, only its prefixes differ */
    return windows_ref(wf, s, true) || windows_ref(wf, r->name, false);
}

/* Does an ARG before the first FROM default to a Windows image? */
static bool windows_arg_default(const df_doc *d, const win_facts *wf)
{
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM)
            break;
        if (in->cmd != DF_CMD_ARG)
            continue;
        for (size_t k = 0; k < in->nargs; k++) {
            const char *eq = strchr(in->args[k].value, '=');
            if (!eq)
                continue;
            char s[512];
            copy_str(s, sizeof s, eq + 1);
            df_image_lower(s);
            char *q = s;
            if (*q == '"' || *q == '\'')
                q++;
            if (windows_ref(wf, q, true))
                return true;
        }
    }
    return false;
}

void df_doc_mark_windows(df_doc *d, const struct df_kb *kb)
{
    win_facts wf = windows_facts(df_kb_images(kb));
    int any_arg = -1; /* windows_arg_default, computed once when needed */
    for (size_t si = 0; si < d->nstages; si++) {
        df_stage *st = &d->stages[si];
        df_imgref r;
        if (st->parent != SIZE_MAX && st->parent < si) {
            st->windows = d->stages[st->parent].windows;
        } else if (df_stage_image(d, si, &r)) {
            st->windows = image_is_windows(&wf, &r);
        } else if (st->base && strchr(st->base, '$')) {
            if (any_arg < 0)
                any_arg = windows_arg_default(d, &wf);
            st->windows = any_arg == 1;
        } else if (st->base) {
            char s[512];
            copy_str(s, sizeof s, st->base);
            df_image_lower(s);
            st->windows = windows_ref(&wf, s, true);
        }
    }
}

/* The bytes that end a word for stage_tool (NUL included, as strchr found
 * it in the set), as a table: asked for every byte of every RUN of a stage
 * (a switch per byte cost a third of it). 2: a byte that also starts a
 * new command (; & | (). */
static const unsigned char toolchain_seps[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, [';'] = 2,  ['&'] = 2, ['|'] = 2, ['('] = 2,
    [')'] = 1, ['\''] = 1, ['"'] = 1,  ['`'] = 1,  ['\\'] = 1, ['='] = 1, ['\0'] = 1,
};

/* Does t[0..len) name one of the build tools (gcc, make, ...)? By length
 * first: asked of every word an install names. */
static bool is_build_tool(const char *t, size_t len)
{
#define IS(x) (memcmp(t, x, sizeof x - 1) == 0)
    switch (len) {
    case 3:
        return IS("gcc") || IS("g++");
    case 4:
        return IS("make");
    case 5:
        return IS("clang") || IS("cmake");
    case 7:
        return IS("libtool");
    case 8:
        return IS("node-gyp") || IS("autoconf") || IS("automake");
    case 10:
        return IS("build-base") || IS("alpine-sdk");
    case 15:
        return IS("build-essential");
    default:
        return false;
    }
#undef IS
}

/* Does the RUN's text remove packages again (its tools do not ship)? */
static bool removes_packages(const char *s)
{
    return strstr(s, "purge") || strstr(s, "autoremove") || strstr(s, "apk del") || strstr(s, " remove ");
}

/* The first build-tool word of the RUNs of stage si (gcc, g++, make,
 * build-essential, *-dev, *-devel, ...) that an install names, copied into
 * out with *installs true; else, when named_too, the first such tool (no
 * -dev suffix) a command runs, *installs false; false if none. One scan of
 * the stage answers both questions DF021 asks. */
static bool stage_tool(const df_doc *d, size_t si, bool named_too, char *out, size_t cap, bool *installs)
{
    *installs = false;
    if (si >= d->nstages)
        return false;
    const char *named_w = NULL; /* the first named tool, in the stage's text */
    size_t named_n = 0;
    /* the stage's instructions only: a scan of the whole file per stage
     * grows with stages x instructions */
    size_t last = d->stages[si].last < d->ninstrs ? d->stages[si].last : d->ninstrs - 1;
    for (size_t i = d->stages[si].from; i <= last && i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != si || in->cmd != DF_CMD_RUN)
            continue;
        const char *s = in->line.text;
        size_t n = in->line.len, k = 0;
        /* tools removed again in the same RUN do not ship: asked of a RUN
         * that has a tool, not of every RUN (four strstr cost more than
         * the scan) */
        int removes = -1;
        /* only the operands of an install count: `make dev` or `luarocks
         * make` runs a tool the base has, it installs none (issue 11: Kong's
         * test image was said to install make) */
        bool installing = false, cmdpos = true; /* cmdpos: the next word is a command's name */
        while (k < n) {
            unsigned char sep;
            while (k < n && (sep = toolchain_seps[(unsigned char)s[k]]) != 0) {
                if (sep == 2)
                    installing = false, cmdpos = true;
                k++;
            }
            size_t b = k;
            /* the text's NUL at n ends the last word */
            while (!toolchain_seps[(unsigned char)s[k]])
                k++;
            size_t len = k - b;
            if ((len == 7 && memcmp(s + b, "install", 7) == 0) || (len == 3 && memcmp(s + b, "add", 3) == 0) ||
                (len == 12 && memcmp(s + b, "groupinstall", 12) == 0)) {
                installing = true;
                continue;
            }
            bool named = cmdpos && named_too && !named_w;
            if (len > 0 && s[b] != '-')
                cmdpos = (len == 3 && (s[b] | 0x20) == 'r' && (s[b + 1] | 0x20) == 'u' && (s[b + 2] | 0x20) == 'n') ||
                         (len == 4 && memcmp(s + b, "sudo", 4) == 0) ||
                         (len == 4 && memcmp(s + b, "then", 4) == 0) || (len == 2 && memcmp(s + b, "do", 2) == 0) ||
                         (len == 4 && memcmp(s + b, "else", 4) == 0);
            if ((!installing && !named) || len == 0 || s[b] == '-' || s[b] == '$' || memchr(s + b, '/', len))
                continue;
            bool tool = is_build_tool(s + b, len);
            bool hit = installing && (tool || (len > 4 && memcmp(s + len + b - 4, "-dev", 4) == 0) ||
                                      (len > 6 && memcmp(s + len + b - 6, "-devel", 6) == 0));
            if (!hit && !(named && tool))
                continue;
            if (removes < 0)
                removes = removes_packages(s);
            if (removes)
                break;
            if (hit) {
                snprintf(out, cap, "%.*s", (int)len, s + b);
                *installs = true;
                return true;
            }
            named_w = s + b;
            named_n = len;
        }
    }
    if (!named_w)
        return false;
    snprintf(out, cap, "%.*s", (int)named_n, named_w);
    return true;
}

bool df_stage_toolchain(const df_doc *d, size_t si, char *out, size_t cap)
{
    bool installs;
    return stage_tool(d, si, false, out, cap, &installs);
}

bool df_stage_tools(const df_doc *d, size_t si, char *out, size_t cap, bool *installs)
{
    return stage_tool(d, si, true, out, cap, installs);
}

const df_fact *df_image_sdk(const df_fact *bi, const df_imgref *r)
{
    char t[sizeof r->tag];
    bool lowered = false; /* t: the tag lowercased, once an image matches */
    size_t i;
    const df_fact *e;
    df_fact_foreach(df_fact_get(bi, "sdk"), i, e)
    {
        const char *img = df_fact_str(df_fact_get(e, "image"));
        if (!img || img[0] != r->name[0] || strcmp(img, r->name) != 0)
            continue;
        if (!lowered) {
            copy_str(t, sizeof t, r->tag);
            df_image_lower(t);
            lowered = true;
        }
        bool unless = false;
        size_t k;
        const df_fact *v;
        df_fact_foreach(df_fact_get(e, "unless_tag_contains"), k, v)
        {
            const char *s = df_fact_str(v);
            if (s && strstr(t, s))
                unless = true;
        }
        if (!unless)
            return e;
    }
    return NULL;
}

bool df_image_saving(const df_fact *bi, const char *p0, const char *p1, char *out, size_t cap)
{
    const df_fact *sizes = df_fact_get(bi, "sizes");
    const df_fact *s0 = df_fact_get(sizes, p0 ? p0 : "");
    const df_fact *s1 = df_fact_get(sizes, p1 ? p1 : "");
    double b0 = df_fact_number(df_fact_get(s0, "size"));
    double b1 = df_fact_number(df_fact_get(s1, "size"));
    const char *built = df_fact_str(df_fact_get(s0, "built"));
    const char *platform = df_fact_str(df_fact_get(bi, "platform"));
    const char *by = df_fact_str(df_fact_get(bi, "measured_by"));
    if (!(b0 > 0) || !(b1 > 0) || !built)
        return false;
    snprintf(out, cap, "saves %.0f MB (%.0f%%) compressed, %s, as of %.7s (%s)", (b0 - b1) / 1e6,
             (1.0 - b1 / b0) * 100.0, platform ? platform : "?", built, by ? by : "?");
    return true;
}

/* The basename of w[0..*n) (after the last '/'). */
static const char *base_of(const char *w, size_t *n)
{
    for (size_t i = *n; i > 0; i--)
        if (w[i - 1] == '/') {
            *n -= i;
            return w + i;
        }
    return w;
}

/* The program name of a command word: its basename without a trailing
 * version (perl5.40.3 -> perl, python3.12 -> python3 -> python3). */
static bool is_command(const df_fact *ti, const char *w, size_t n)
{
    w = base_of(w, &n);
    if (df_fact_has(df_fact_get(ti, "commands"), w, n))
        return true;
    while (n > 0 && ((w[n - 1] >= '0' && w[n - 1] <= '9') || w[n - 1] == '.'))
        n--;
    return n > 0 && df_fact_has(df_fact_get(ti, "commands"), w, n);
}

static bool is_wrapper(const df_fact *ti, const char *w, size_t n)
{
    w = base_of(w, &n);
    const char *sub = df_fact_str(df_fact_get(ti, "wrapper_substring"));
    char b[256];
    snprintf(b, sizeof b, "%.*s", (int)(n < 255 ? n : 255), w);
    return df_fact_has(df_fact_get(ti, "wrappers"), w, n) || (sub && *sub && strstr(b, sub));
}

typedef struct {
    const df_fact *ti;
    int state;      /* 0: wrappers may come, 1: past them */
    bool bad;       /* a word that is no command, option or repl word */
    bool named;     /* a command or repl word seen */
    size_t nwords;
} cmd_scan;

static void scan_word(cmd_scan *cs, const char *w, size_t n)
{
    if (n == 0)
        return;
    cs->nwords++;
    if (df_fact_has(df_fact_get(cs->ti, "repl_words"), w, n) || is_command(cs->ti, w, n)) {
        cs->named = true;
        cs->state = 1;
        return;
    }
    if (cs->state == 0 && is_wrapper(cs->ti, w, n))
        return;
    if (w[0] == '-')
        return; /* options: tini -g, perl -de0, clojure -M */
    cs->state = 1;
    cs->bad = true;
}

static void scan_instr(cmd_scan *cs, const df_instr *in)
{
    if (in->json) {
        for (size_t k = 0; k < in->nargs; k++)
            scan_word(cs, in->args[k].value, in->args[k].len);
        return;
    }
    for (size_t k = 0; k < in->nargs; k++) {
        const char *s = in->args[k].value;
        size_t n = in->args[k].len, i = 0;
        while (i < n) {
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            size_t b = i;
            while (i < n && s[i] != ' ' && s[i] != '\t')
                i++;
            scan_word(cs, s + b, i - b);
        }
    }
}

/* A COPY or ADD that takes files from the build context (not --from=, not
 * only URLs). */
static bool copies_context(const df_instr *in)
{
    if (in->cmd != DF_CMD_COPY && in->cmd != DF_CMD_ADD)
        return false;
    for (size_t k = 0; k < in->nflags; k++)
        if (strncmp(in->flags[k].value, "--from", 6) == 0)
            return false;
    if (in->cmd == DF_CMD_ADD && in->nargs >= 2) {
        for (size_t k = 0; k + 1 < in->nargs; k++) {
            const char *v = in->args[k].value;
            if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0 && strncmp(v, "git@", 4) != 0)
                return true;
        }
        return false;
    }
    return true;
}

/* The first words of a command (ENTRYPOINT then CMD), wrappers skipped. */
typedef struct {
    const df_fact *ti;
    const char *w[8];
    size_t n[8];
    size_t nw;
    bool past_wrappers;
} cmd_words;

static void add_word(cmd_words *cw, const char *w, size_t n)
{
    if (n == 0 || cw->nw == 8)
        return;
    if (!cw->past_wrappers && is_wrapper(cw->ti, w, n))
        return;
    if (!cw->past_wrappers && w[0] == '-' && cw->nw == 0)
        return; /* a wrapper's options: tini -g */
    cw->past_wrappers = true;
    cw->w[cw->nw] = w;
    cw->n[cw->nw++] = n;
}

static void words_of(cmd_words *cw, const df_instr *in)
{
    for (size_t k = 0; k < in->nargs; k++) {
        const char *s = in->args[k].value;
        size_t n = in->args[k].len, i = 0;
        if (in->json) {
            add_word(cw, s, n);
            continue;
        }
        while (i < n) {
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            size_t b = i;
            while (i < n && s[i] != ' ' && s[i] != '\t')
                i++;
            add_word(cw, s + b, i - b);
        }
    }
}

/* Does the command run the toolchain itself (`make unit`, `go test ./...`,
 * `npm test`: the data's "runs_toolchain", word by word, the first by its
 * basename)? */
static bool runs_toolchain(const df_fact *ti, const df_instr *ent, const df_instr *cmd)
{
    cmd_words cw = {ti, {NULL}, {0}, 0, false};
    if (ent)
        words_of(&cw, ent);
    if (cmd)
        words_of(&cw, cmd);
    if (!cw.nw)
        return false;
    size_t n0 = cw.n[0];
    const char *w0 = base_of(cw.w[0], &n0);
    size_t i;
    const df_fact *e;
    df_fact_foreach(df_fact_get(ti, "runs_toolchain"), i, e)
    {
        const char *p = df_fact_str(e);
        if (!p)
            continue;
        size_t k = 0;
        bool ok = true;
        while (*p && ok) {
            size_t l = strcspn(p, " ");
            const char *w = k == 0 ? w0 : cw.w[k];
            size_t wn = k == 0 ? n0 : cw.n[k];
            ok = k < cw.nw && wn == l && memcmp(w, p, l) == 0;
            p += l;
            while (*p == ' ')
                p++;
            k++;
        }
        if (ok)
            return true;
    }
    return false;
}

/* Does t[0..n) hold phrase p[0..k) (k > 0), ASCII letters in any case, as
 * df_bytes_contain_ci? Looked for from the phrase's rarest letter (by the
 * letter frequencies of the corpus's Dockerfiles): the memchr for each case
 * of the first letter stopped at every c and i of the text ("ci image"). */
static bool text_says_ci(const char *t, size_t n, const char *p, size_t k)
{
    /* 1 + the rank of each letter, rarest first: qzjxwyvkbfghmudplcnsiotrae */
    static const unsigned char rank[256] = {
        ['q'] = 1, ['Q'] = 1, ['z'] = 2, ['Z'] = 2, ['j'] = 3, ['J'] = 3, ['x'] = 4, ['X'] = 4,
        ['w'] = 5, ['W'] = 5, ['y'] = 6, ['Y'] = 6, ['v'] = 7, ['V'] = 7, ['k'] = 8, ['K'] = 8,
        ['b'] = 9, ['B'] = 9, ['f'] = 10, ['F'] = 10, ['g'] = 11, ['G'] = 11, ['h'] = 12, ['H'] = 12,
        ['m'] = 13, ['M'] = 13, ['u'] = 14, ['U'] = 14, ['d'] = 15, ['D'] = 15, ['p'] = 16, ['P'] = 16,
        ['l'] = 17, ['L'] = 17, ['c'] = 18, ['C'] = 18, ['n'] = 19, ['N'] = 19, ['s'] = 20, ['S'] = 20,
        ['i'] = 21, ['I'] = 21, ['o'] = 22, ['O'] = 22, ['t'] = 23, ['T'] = 23, ['r'] = 24, ['R'] = 24,
        ['a'] = 25, ['A'] = 25, ['e'] = 26, ['E'] = 26,
    };
    size_t j = 0;
    unsigned best = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned r = rank[(unsigned char)p[i]];
        if (r && (!best || r < best))
            best = r, j = i;
    }
    if (!best)
        return df_bytes_contain_ci(t, n, p, k); /* no letter to look for */
    if (n < k)
        return false;
    char lo = p[j] >= 'A' && p[j] <= 'Z' ? (char)(p[j] - 'A' + 'a') : p[j];
    char up = (char)(lo - 'a' + 'A');
    /* the anchor's neighbours, compared before the whole phrase: most
     * anchors found are letters of other words ("ge" of every apt-get) */
    size_t j2 = j + 1 < k ? j + 1 : j - (j > 0), j0 = j > 0 ? j - 1 : j;
    char nb = p[j2] >= 'A' && p[j2] <= 'Z' ? (char)(p[j2] - 'A' + 'a') : p[j2];
    char pb = p[j0] >= 'A' && p[j0] <= 'Z' ? (char)(p[j0] - 'A' + 'a') : p[j0];
    /* the anchor p[j] lies at t[j .. n - k + j] */
    for (int pass = 0; pass < 2; pass++) {
        const char *s = t + j, *last = t + (n - k) + j;
        while (s <= last) {
            const char *q = memchr(s, pass ? up : lo, (size_t)(last - s) + 1);
            if (!q)
                break;
            char c = q[(ptrdiff_t)j2 - (ptrdiff_t)j], b = q[(ptrdiff_t)j0 - (ptrdiff_t)j];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            if (c == nb && b == pb && strncasecmp(q - j, p, k) == 0)
                return true;
            s = q + 1;
        }
    }
    return false;
}

/* Is the image built a CI image, an environment jobs build in (the data's
 * toolchain_image "ci_image"): does the file's text hold one of its
 * phrases (any case: "for Continuous Integration") or words (jenkins.war,
 * JENKINS_HOME: a Jenkins controller, whose jobs run with its tools), or
 * a stage build FROM one of its images (jenkins/jenkins)? */
static bool ci_image(const df_doc *d, const df_fact *ti)
{
    const df_fact *ci = df_fact_get(ti, "ci_image");
    const char *t = d->src ? d->src->text : NULL;
    size_t n = d->src ? d->src->len : 0, i;
    const df_fact *v;
    if (!ci || !t)
        return false;
    df_fact_foreach(df_fact_get(ci, "phrases"), i, v)
    {
        const char *p = df_fact_str(v);
        if (p && *p && text_says_ci(t, n, p, strlen(p)))
            return true;
    }
    df_fact_foreach(df_fact_get(ci, "words"), i, v)
    {
        const char *p = df_fact_str(v);
        if (p && *p && df_bytes_contain(t, n, p))
            return true;
    }
    for (size_t s = 0; s < d->nstages; s++) {
        df_imgref r;
        if (!df_stage_image(d, s, &r))
            continue;
        df_fact_foreach(df_fact_get(ci, "images"), i, v)
        {
            const char *p = df_fact_str(v);
            if (p && *p && strncmp(r.name, p, strlen(p)) == 0)
                return true;
        }
    }
    return false;
}

/* ---- what a stage is for: headings, development and job stages -------- */

/* At most this many bytes of the comment block above a FROM are read (the
 * lines nearest the FROM): a heading is a few lines; a file's licence
 * header above its first FROM is longer and says nothing of the kind. */
#define HEADING_MAX 2048

/* The comment block right above stage si's FROM line (the comment lines
 * up to the first line that is not one), as one text: each line without
 * its blanks and '#' marks, joined by single spaces, into out[cap];
 * returns its length. Reads only that block: linear in the file over all
 * stages. */
static size_t stage_heading(const df_doc *d, size_t si, char *out, size_t cap)
{
    const char *t = d->src ? d->src->text : NULL;
    if (!t || si >= d->nstages || cap == 0)
        return 0;
    size_t ls = d->instrs[d->stages[si].from]->span.start;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    size_t top = ls; /* start of the block's first line */
    while (top > 0 && ls - top < HEADING_MAX) {
        size_t pe = top - 1, ps = pe; /* the line before: [ps, pe) */
        while (ps > 0 && t[ps - 1] != '\n')
            ps--;
        size_t k = ps;
        while (k < pe && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (k >= pe || t[k] != '#')
            break;
        top = ps;
    }
    size_t n = 0;
    for (size_t i = top; i < ls && n + 1 < cap;) {
        const char *nl = memchr(t + i, '\n', ls - i);
        size_t le = nl ? (size_t)(nl - t) : ls;
        size_t k = i;
        while (k < le && (t[k] == ' ' || t[k] == '\t' || t[k] == '#'))
            k++;
        size_t e = le;
        while (e > k && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
            e--;
        if (e > k) {
            if (n && n + 1 < cap)
                out[n++] = ' ';
            size_t m = e - k < cap - 1 - n ? e - k : cap - 1 - n;
            memcpy(out + n, t + k, m);
            n += m;
        }
        i = le + 1;
    }
    out[n] = '\0';
    return n;
}


/* Is w[0..l) one of the strings of list, compared without case? */
static bool word_in(const char *w, size_t l, const df_fact *list)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        if (l && df_fact_strlen(v) == l && strncasecmp(w, df_fact_str(v), l) == 0)
            return true;
    }
    return false;
}

/* Is one of name's words (split at '-', '_', '.') one of the strings of
 * list (any = true), or is its last word one (any = false)? */
static bool name_has_word(const char *name, const df_fact *list, bool any)
{
    for (const char *w = name; *w;) {
        size_t l = strcspn(w, "-_.");
        if ((any || !w[l]) && word_in(w, l, list))
            return true;
        w += l;
        if (*w)
            w++;
    }
    return false;
}

/* Does stage si's heading hold one of spec's phrases (key) and none of its
 * negations (neg, may be NULL)? */
static bool heading_says(const df_doc *d, size_t si, const df_fact *phrases, const df_fact *negations)
{
    if (!df_fact_size(phrases))
        return false;
    char h[HEADING_MAX + 256];
    size_t n = stage_heading(d, si, h, sizeof h);
    return n && df_says_one_of(phrases, h, n) && !df_says_one_of(negations, h, n);
}

/* A development environment by its name (one of "names", or its last
 * word one of "name_words", and none of its words one of
 * "name_words_not") or by its heading (the data's "development_stage");
 * *by_name says which. */
static bool development_candidate(const df_doc *d, size_t si, const df_fact *dev, bool *by_name)
{
    const char *name = d->stages[si].name;
    *by_name = name &&
               (word_in(name, strlen(name), df_fact_get(dev, "names")) ||
                name_has_word(name, df_fact_get(dev, "name_words"), false)) &&
               !name_has_word(name, df_fact_get(dev, "name_words_not"), true);
    return *by_name || heading_says(d, si, df_fact_get(dev, "heading_phrases"), df_fact_get(dev, "heading_negations"));
}

/* Does RUN text s[0..n) read variable v[0..vl) ($v or ${v...})? */
static bool reads_var(const char *s, size_t n, const char *v, size_t vl)
{
    for (const char *p = s; (p = memchr(p, '$', n - (size_t)(p - s))) != NULL; p++) {
        const char *q = p + 1;
        size_t left = n - (size_t)(q - s);
        if (left && *q == '{')
            q++, left--;
        if (left >= vl && memcmp(q, v, vl) == 0 &&
            (left == vl || !(isalnum((unsigned char)q[vl]) || q[vl] == '_')))
            return true;
        if (q >= s + n)
            break;
    }
    return false;
}

/* The last stage runs a job (the data's "job_stage"): no CMD or
 * ENTRYPOINT in its FROM chain (chain[] marks it), one of its own in
 * another stage, and a RUN of the stage that reads a credential ARG
 * declared before it in the stage (the first few such ARGs are looked
 * for), whose name goes to arg[cap]. One pass over the instructions. */
static bool job_stage(const df_doc *d, const df_fact *job, bool *chain, char *arg, size_t cap)
{
    size_t last = d->nstages - 1;
    const df_fact *words = df_fact_get(job, "credential_words");
    if (!df_fact_size(words) || d->nstages < 2)
        return false;
    for (size_t s = last; s != SIZE_MAX; s = d->stages[s].parent) {
        chain[s] = true;
        if (d->stages[s].parent >= s)
            break; /* never loop */
    }
    bool other_command = false, found = false;
    const char *cred[4];
    size_t credlen[4], ncred = 0;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage >= d->nstages)
            continue;
        if (in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT) {
            if (chain[in->stage])
                return false; /* the image has a command: it is run */
            other_command = true;
        }
        if (in->stage != last || found)
            continue;
        if (in->cmd == DF_CMD_ARG)
            for (size_t k = 0; k < in->nargs && ncred < 4; k++) {
                const char *a = in->args[k].value;
                size_t l = strcspn(a, "=");
                if (l && l < cap && df_says_one_of(words, a, l)) {
                    cred[ncred] = a;
                    credlen[ncred++] = l;
                }
            }
        if (in->cmd == DF_CMD_RUN)
            for (size_t k = 0; k < ncred && !found; k++)
                if (reads_var(d->src->text + in->span.start, in->span.end - in->span.start, cred[k], credlen[k])) {
                    memcpy(arg, cred[k], credlen[k]);
                    arg[credlen[k]] = '\0';
                    found = true;
                }
    }
    return other_command && found;
}

void df_doc_mark_uses(df_doc *d, const struct df_kb *kb)
{
    const df_fact *ti = df_fact_get(df_kb_images(kb), "toolchain_image");
    const df_fact *dev = df_fact_get(ti, "development_stage");
    if (!d->nstages || !d->src)
        return;
    /* blocked[s]: a stage built FROM s ships and is no environment */
    bool *blocked = df_arena_alloc(d->arena, 2 * d->nstages * sizeof *blocked); /* zeroed */
    if (!blocked)
        return; /* the arena records the failure */
    char why[512];
    for (size_t si = d->nstages; si-- > 0;) {
        df_stage *st = &d->stages[si];
        bool by_name = false;
        st->held = NULL;
        if (dev && !blocked[si] && development_candidate(d, si, dev, &by_name)) {
            if (by_name)
                snprintf(why, sizeof why, "the stage %s is a development environment (by its name), not the image "
                         "that ships to production", st->name);
            else
                snprintf(why, sizeof why, "stage %zu%s%s%s is a development environment (the comment above its FROM "
                         "says so), not the image that ships to production", si + 1, st->name ? " (" : "",
                         st->name ? st->name : "", st->name ? ")" : "");
            st->held = df_arena_strndup(d->arena, why, strlen(why));
        }
        if (st->ships && !st->held && st->parent < si)
            blocked[st->parent] = true;
    }
    df_stage *last = &d->stages[d->nstages - 1];
    char arg[128];
    if (!last->held && job_stage(d, df_fact_get(ti, "job_stage"), blocked + d->nstages, arg, sizeof arg)) {
        if (last->name)
            snprintf(why, sizeof why, "the stage %s runs a job: a RUN reads the credential ARG %s, and no stage of "
                     "its image sets a command while other stages do: an image nobody runs", last->name, arg);
        else
            snprintf(why, sizeof why, "the last stage runs a job: a RUN reads the credential ARG %s, and no stage "
                     "of its image sets a command while other stages do: an image nobody runs", arg);
        last->held = df_arena_strndup(d->arena, why, strlen(why));
    }
}

bool df_doc_onbuild_base(const df_doc *d, df_runsh_cache *work)
{
    if (d->nstages == 0)
        return false;
    for (size_t s = d->nstages - 1; s != SIZE_MAX; s = d->stages[s].parent) {
        df_runsh_work(work, d->stages[s].last + 1 - d->stages[s].from);
        for (size_t i = d->stages[s].from; i <= d->stages[s].last; i++)
            if (d->instrs[i]->cmd == DF_CMD_ONBUILD)
                return true;
        if (d->stages[s].parent >= s)
            break; /* never loop */
    }
    return false;
}

/* df_doc_toolchain_image but for the ONBUILD and CI questions: a heading
 * that says so, or the image's command (or, without one, what it copies
 * and its base). */
static bool toolchain_by_command(const df_doc *d, const df_fact *ti)
{
    const df_instr *ent = NULL, *cmd = NULL;
    size_t root = d->nstages - 1;
    const df_fact *be = df_fact_get(df_fact_get(ti, "build_environment"), "phrases");
    for (size_t s = d->nstages - 1; s != SIZE_MAX; s = d->stages[s].parent) {
        root = s;
        if (heading_says(d, s, be, NULL))
            return true; /* its author says it is the image to build in */
        for (size_t i = d->stages[s].last + 1; i-- > d->stages[s].from;) {
            const df_instr *in = d->instrs[i];
            if (in->cmd == DF_CMD_ENTRYPOINT && !ent)
                ent = in;
            if (in->cmd == DF_CMD_CMD && !cmd)
                cmd = in;
        }
        if (d->stages[s].parent >= s)
            break; /* never loop */
    }
    if (ent || cmd) {
        if (runs_toolchain(ti, ent, cmd))
            return true; /* the container runs the toolchain: it is the product */
        cmd_scan cs = {ti, 0, false, false, 0};
        if (ent)
            scan_instr(&cs, ent);
        if (cmd)
            scan_instr(&cs, cmd);
        return cs.named && !cs.bad;
    }
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != SIZE_MAX && df_stage_ships(d, in->stage) && copies_context(in))
            return false;
    }
    df_imgref r;
    return df_stage_image(d, root, &r) && (df_fact_has(df_fact_get(ti, "shell_default"), r.name, strlen(r.name)) ||
                                            df_fact_has(df_fact_get(ti, "build_tool_default"), r.name, strlen(r.name)));
}

bool df_doc_toolchain_image(const df_doc *d, const df_fact *bi)
{
    const df_fact *ti = df_fact_get(bi, "toolchain_image");
    if (!ti || d->nstages == 0)
        return false;
    if (df_doc_onbuild_base(d, NULL))
        return true;
    /* the CI image's phrases are looked for in the whole text: asked last,
     * when nothing else has said yes (every answer below ORs with it) */
    return toolchain_by_command(d, ti) || ci_image(d, ti);
}

bool df_toolchain_image_of(const df_ctx *c)
{
    if (c->opts && c->opts->ci_image) /* a CI job builds it and runs in it (cifile.h) */
        return true;
    if (c->scripts && c->scripts->toolchain)
        return c->scripts->toolchain == 2;
    bool yes = df_doc_toolchain_image(c->doc, df_kb_images(c->kb));
    if (c->scripts)
        c->scripts->toolchain = yes ? 2 : 1;
    return yes;
}

bool df_command_runs(const struct df_ctx *c, const df_instr *in, const df_fact *phrases)
{
    const char *s = in->line.text;
    size_t n = in->line.len;
    char joined[512];
    if (in->json) {
        /* the arguments as one command line; one too long for the buffer
         * is cut at an argument boundary (the phrases are a few words) */
        size_t k = 0;
        for (size_t i = 0; i < in->nargs; i++) {
            if (k + (k > 0) + in->args[i].len >= sizeof joined)
                break;
            if (k > 0)
                joined[k++] = ' ';
            memcpy(joined + k, in->args[i].value, in->args[i].len);
            k += in->args[i].len;
        }
        joined[k] = '\0';
        s = joined;
        n = k;
    }
    return df_pm_contains_any(c, s, n, phrases);
}
