/*
 * parser.c - Dockerfile bytes -> df_doc, following BuildKit's parser.
 *
 * Why mirror BuildKit instead of writing "a" Dockerfile grammar: dfopt
 * rewrites files that `docker build` will read; if we split a line, find a
 * heredoc or fall back from JSON form differently, a rewrite can change the
 * build. So the algorithm below follows moby/buildkit's
 * frontend/dockerfile/parser step by step (its behaviour, not its code):
 *
 *   physical lines (terminator kept, 64 KiB limit)
 *     -> directives at the top (`# escape=`, `# syntax=`, `# check=`)
 *     -> logical lines: first line left-trimmed, comment lines skipped,
 *        continuation when a line ends in the escape char (+ blanks);
 *        comment and blank lines inside a continuation are dropped
 *     -> splitCommand: keyword, leading --flags, rest
 *     -> per-keyword argument parsers (JSON or shell form, words, ENV pairs)
 *     -> heredoc bodies read after the logical line for RUN/COPY/ADD
 *
 * On top of BuildKit's values, every physical line, word and heredoc keeps
 * its byte span, and the pieces of the document tile the input exactly, so
 * passes can edit the original bytes and an unedited file prints back
 * unchanged.
 */
#include "dfopt/parser.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "dfopt/utf8.h"
#include "gojson.h"

/* A step taken for every physical line or word, inlined where it is
 * taken: as calls, their entry and exit were a tenth of the parse. */
#if defined(__GNUC__)
#define PER_LINE static inline __attribute__((always_inline))
#else
#define PER_LINE static inline
#endif

/* ------------------------------------------------------------------ */
/* growable arrays living in the arena                                 */

#define VEC(T)            \
    struct {              \
        T *v;             \
        size_t n, cap;    \
    }

static int vec_reserve(df_arena *a, void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 2;
    void *p = df_arena_grow(a, *v, *cap, nc, elem);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

#define VEC_PUSH(a, vec, item)                                                          \
    (vec_reserve((a), (void **)&(vec).v, &(vec).cap, (vec).n, sizeof *(vec).v) < 0      \
         ? -1                                                                           \
         : ((vec).v[(vec).n++] = (item), 0))

/* Scratch arrays of the parse, reused by every instruction: its words are
 * gathered here and copied into the arena once, at their final size. Arena
 * vectors that doubled as the words came (2, 4, 8, ...) were copied each
 * time, the word values allocated in between keeping them from growing in
 * place, and left the old copies behind. On parse()'s stack, malloc'ed only
 * when an instruction has more (heap). */
#define SVEC(T)           \
    struct {              \
        T *v;             \
        size_t n, cap;    \
        bool heap;        \
    }

static int svec_reserve(void **v, size_t *cap, bool *heap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap * 2;
    void *nv = *heap ? realloc(*v, nc * elem) : malloc(nc * elem);
    if (!nv)
        return -1;
    if (!*heap)
        memcpy(nv, *v, n * elem);
    *v = nv;
    *cap = nc;
    *heap = true;
    return 0;
}

#define SVEC_PUSH(vec, item)                                                                       \
    (svec_reserve((void **)&(vec).v, &(vec).cap, &(vec).heap, (vec).n, sizeof *(vec).v) < 0 ? -1 \
                                                                                              : ((vec).v[(vec).n++] = (item), 0))

#define SVEC_INIT(vec, stackarr)                                   \
    ((vec).v = (stackarr), (vec).n = 0, (vec).cap = sizeof(stackarr) / sizeof(stackarr)[0], \
     (vec).heap = false)

#define SVEC_RELEASE(vec)  \
    do {                   \
        if ((vec).heap)    \
            free((vec).v); \
    } while (0)

/* ------------------------------------------------------------------ */
/* parser state                                                        */

typedef SVEC(df_word) wordvec;

/* BuildKit's parseWords (ARG, ENV, LABEL): ranges of the words; the value
 * is the raw text except that a lone escape at the very end is dropped. */
typedef struct {
    size_t s, e;  /* raw range */
    size_t vlen;  /* value length: e - s, or one less */
} rword;

typedef SVEC(rword) rwordvec;

typedef struct {
    df_arena *a;
    const char *s;
    size_t n;
    size_t pos;     /* start of the next physical line */
    const size_t *starts; /* the source's line table (df_source): */
    size_t nlines;        /* starts[line] == pos while line < nlines */
    size_t line;
    size_t lineno;  /* physical lines consumed so far */
    char esc;
    bool dir_done;
    bool seen[3];   /* syntax, escape, check */
    bool too_long;
    size_t too_long_at;
    size_t crlf, lf;  /* lines read that end in \r\n, in a lone \n (set_style) */
    df_parse_error *err;
    bool failed;

    VEC(df_piece) pieces;
    VEC(df_instr *) instrs;
    VEC(df_directive) dirs;
    VEC(df_parse_warning) warns;
    df_pline *plines;     /* lines of the instruction being built:
                             scratch reused by every instruction, which
                             gets an arena copy of the right size
                             (logical_line); an array on parse()'s stack,
                             malloc'ed only for an instruction of more
                             lines (plines_heap) */
    size_t nplines, capplines;
    bool plines_heap;

    size_t textlen;       /* length of the logical line being built, whose
                             text is segs[] of the source (finish_logical) */
    df_seg *segs;         /* scratch: on parse()'s stack, malloc'ed only
                             for a longer instruction (segs_heap) */
    size_t nsegs, capsegs;
    bool segs_heap;
    df_buf scratch;       /* word values */
    wordvec flagstk, argstk; /* the words of the instruction being parsed
                                (and of ONBUILD's inside it, above them),
                                copied out by take_words */
    rwordvec rwords;      /* parse_words' result, read right after */
    unsigned char wstop[256]; /* parse_words: the bytes that end a run of
                                 plain word bytes, for escape wstop_esc */
    char wstop_esc;       /* 0: wstop not filled yet */
} P;

static void fail_at(P *p, size_t off, size_t line, const char *fmt, const char *arg)
{
    if (p->failed)
        return;
    p->failed = true;
    snprintf(p->err->message, sizeof p->err->message, fmt, arg ? arg : "");
    p->err->offset = off;
    p->err->line = line;
}

static void oom(P *p)
{
    fail_at(p, 0, 0, "out of memory%s", "");
}

/* ------------------------------------------------------------------ */
/* physical lines                                                      */

PER_LINE bool next_phys(P *p, size_t *ls, size_t *le)
{
    if (p->too_long || p->pos >= p->n)
        return false;
    size_t start = p->pos;
    /* the source's line table has every line's end already (a memchr per
     * line here was a thirtieth of the parse) */
    const char *nl;
    if (p->line + 1 < p->nlines) {
        nl = p->s + p->starts[++p->line] - 1;
    } else {
        nl = memchr(p->s + start, '\n', p->n - start);
        p->line = p->nlines;
    }
    size_t end = nl ? (size_t)(nl - p->s) + 1 : p->n;
    size_t limit = nl ? DF_MAX_LINE : DF_MAX_LINE - 1;
    if (end - start > limit) {
        p->too_long = true;
        p->too_long_at = start;
        return false;
    }
    if (nl) {
        if (nl > p->s && nl[-1] == '\r')
            p->crlf++;
        else
            p->lf++;
    }
    p->pos = end;
    *ls = start;
    *le = end;
    return true;
}

/* end of [ls, le) without trailing '\r' and '\n' (Go: TrimRight "\r\n") */
static size_t trim_newline(const char *s, size_t ls, size_t le)
{
    while (le > ls && (s[le - 1] == '\n' || s[le - 1] == '\r'))
        le--;
    return le;
}

static bool is_re_space(char c) /* RE2 \s */
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_ws_ascii(char c) /* BuildKit's [\t\v\f\r ] */
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Directive check on a left-trimmed first line [a, b). Sets dir_done when
 * the line is not a directive. */
static void possible_directive(P *p, size_t a, size_t b, size_t line_start)
{
    if (p->dir_done)
        return;
    const char *s = p->s;
    size_t i = a;
    if (i >= b || s[i] != '#') {
        p->dir_done = true;
        return;
    }
    i++;
    while (i < b && is_re_space(s[i]))
        i++;
    size_t ks = i;
    if (i >= b || !is_alpha(s[i])) {
        p->dir_done = true;
        return;
    }
    while (i < b && (is_alpha(s[i]) || is_digit(s[i])))
        i++;
    size_t ke = i;
    while (i < b && is_re_space(s[i]))
        i++;
    if (i >= b || s[i] != '=') {
        p->dir_done = true;
        return;
    }
    i++;
    size_t eq = i;
    while (i < b && is_re_space(s[i]))
        i++;
    size_t vs, ve;
    if (i < b) {
        vs = i;
        ve = b;
        while (ve > vs + 1 && is_re_space(s[ve - 1]))
            ve--;
    } else if (i > eq) { /* `(.+?)` takes the last blank */
        vs = b - 1;
        ve = b;
    } else {
        p->dir_done = true;
        return;
    }
    char key[16];
    size_t kl = ke - ks;
    if (kl >= sizeof key) {
        p->dir_done = true;
        return;
    }
    for (size_t k = 0; k < kl; k++) {
        char c = s[ks + k];
        key[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    key[kl] = '\0';
    static const char *const valid[3] = {"syntax", "escape", "check"};
    int which = -1;
    for (int k = 0; k < 3; k++)
        if (strcmp(key, valid[k]) == 0)
            which = k;
    if (which < 0) {
        p->dir_done = true;
        return;
    }
    size_t line = p->lineno + 1;
    if (p->seen[which]) {
        fail_at(p, a, line, "only one %s parser directive can be used", key);
        return;
    }
    p->seen[which] = true;
    if (which == 1) {
        if (ve - vs == 1 && (s[vs] == '`' || s[vs] == '\\')) {
            p->esc = s[vs];
        } else {
            char v[64];
            size_t vl = ve - vs < sizeof v - 1 ? ve - vs : sizeof v - 1;
            memcpy(v, s + vs, vl);
            v[vl] = '\0';
            fail_at(p, vs, line, "invalid escape token '%s' does not match ` or \\", v);
            return;
        }
    }
    df_directive d = {0};
    d.name = valid[which];
    d.value = df_arena_strndup(p->a, s + vs, ve - vs);
    d.line = line;
    d.span.start = line_start;
    d.span.end = b;
    if (!d.value || VEC_PUSH(p->a, p->dirs, d) < 0)
        oom(p);
}

/* BuildKit's continuation regex `([^E])E[ \t]*$|^E[ \t]*$` on [a, b).
 * Returns true and the new end of the code when the line continues. */
PER_LINE bool match_continuation(const P *p, size_t a, size_t b, size_t *code_end)
{
    const char *s = p->s;
    size_t e = b;
    while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (e == a || s[e - 1] != p->esc)
        return false;
    if (e - 1 == a) {
        *code_end = a;
        return true;
    }
    if (s[e - 2] == p->esc)
        return false;
    *code_end = e - 1;
    return true;
}


PER_LINE int add_seg(P *p, size_t src, size_t len)
{
    if (len == 0)
        return 0;
    if (p->nsegs == p->capsegs) {
        size_t nc = p->capsegs * 2;
        df_seg *ns = p->segs_heap ? realloc(p->segs, nc * sizeof *ns) : malloc(nc * sizeof *ns);
        if (!ns)
            return -1;
        if (!p->segs_heap)
            memcpy(ns, p->segs, p->nsegs * sizeof *ns);
        p->segs = ns;
        p->capsegs = nc;
        p->segs_heap = true;
    }
    df_seg sg = {p->textlen, src, len};
    p->segs[p->nsegs++] = sg;
    p->textlen += len;
    return 0;
}

/* eol: where the line's terminator starts, trim_newline(ls, le), which
 * every caller has at hand */
PER_LINE int push_pline(P *p, df_pline_kind k, size_t ls, size_t le, size_t eol, size_t cs, size_t ce,
                      size_t conts, size_t conte)
{
    df_pline pl;
    pl.kind = k;
    pl.span.start = ls;
    pl.span.end = le;
    pl.code.start = cs;
    pl.code.end = ce;
    pl.cont.start = conts;
    pl.cont.end = conte;
    pl.eol.start = eol;
    pl.eol.end = le;
    if (p->nplines == p->capplines) {
        size_t nc = p->capplines * 2;
        df_pline *nv = p->plines_heap ? realloc(p->plines, nc * sizeof *nv) : malloc(nc * sizeof *nv);
        if (!nv)
            return -1;
        if (!p->plines_heap)
            memcpy(nv, p->plines, p->nplines * sizeof *nv);
        p->plines = nv;
        p->capplines = nc;
        p->plines_heap = true;
    }
    p->plines[p->nplines++] = pl;
    return 0;
}

/* df_utf8_rtrim_space, without the call when the text ends in an ASCII
 * byte that is no blank (most) */
PER_LINE size_t rtrim_space(const char *t, size_t n)
{
    if (n && (unsigned char)t[n - 1] < 0x80 && !df_is_space_byte((unsigned char)t[n - 1]))
        return n;
    return df_utf8_rtrim_space(t, n);
}

/* ------------------------------------------------------------------ */
/* logical line mapping                                                */

size_t df_logical_to_src(const df_logical *l, size_t pos)
{
    if (l->nsegs == 0)
        return l->origin;
    size_t lo = 0, hi = l->nsegs;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->segs[mid].log <= pos)
            lo = mid;
        else
            hi = mid;
    }
    const df_seg *sg = &l->segs[lo];
    size_t d = pos >= sg->log ? pos - sg->log : 0;
    if (d > sg->len)
        d = sg->len;
    return sg->src + d;
}

df_span df_logical_span(const df_logical *l, size_t a, size_t b)
{
    df_span sp;
    sp.start = df_logical_to_src(l, a);
    sp.end = b > a ? df_logical_to_src(l, b - 1) + 1 : sp.start;
    return sp;
}

/* df_logical_span for the parser's words: a line of one segment (most
 * instructions) needs no search, and no call */
PER_LINE df_span span_of(const df_logical *l, size_t a, size_t b)
{
    if (l->nsegs != 1)
        return df_logical_span(l, a, b);
    const df_seg *sg = &l->segs[0];
    size_t da = a >= sg->log ? a - sg->log : 0;
    size_t db = b - 1 >= sg->log ? b - 1 - sg->log : 0;
    df_span sp;
    sp.start = sg->src + (da < sg->len ? da : sg->len);
    sp.end = b > a ? sg->src + (db < sg->len ? db : sg->len) + 1 : sp.start;
    return sp;
}

/* A df_logical for text[a, b) of l (ONBUILD's instruction). */
static int logical_slice(df_arena *ar, const df_logical *l, size_t a, size_t b, df_logical *out)
{
    size_t cnt = 0;
    for (size_t i = 0; i < l->nsegs; i++) {
        const df_seg *sg = &l->segs[i];
        if (sg->log + sg->len > a && sg->log < b)
            cnt++;
    }
    df_seg *segs = df_arena_alloc(ar, (cnt ? cnt : 1) * sizeof *segs);
    char *txt = df_arena_strndup(ar, l->text + a, b - a);
    if (!segs || !txt)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < l->nsegs; i++) {
        const df_seg *sg = &l->segs[i];
        size_t s0 = sg->log, s1 = sg->log + sg->len;
        if (s1 <= a || s0 >= b)
            continue;
        size_t c0 = s0 > a ? s0 : a, c1 = s1 < b ? s1 : b;
        segs[k].log = c0 - a;
        segs[k].src = sg->src + (c0 - s0);
        segs[k].len = c1 - c0;
        k++;
    }
    out->text = txt;
    out->len = b - a;
    out->segs = segs;
    out->nsegs = k;
    out->origin = df_logical_to_src(l, a);
    return 0;
}

/* ------------------------------------------------------------------ */
/* words                                                               */

static int push_word(P *p, wordvec *v, const df_logical *l, size_t ls, size_t le,
                     const char *val, size_t vlen)
{
    df_word w;
    w.value = df_arena_strndup(p->a, val, vlen);
    if (!w.value)
        return -1;
    w.len = vlen;
    w.lstart = ls;
    w.lend = le;
    w.span = span_of(l, ls, le);
    return SVEC_PUSH(*v, w);
}

static int push_raw_word(P *p, wordvec *v, const df_logical *l, size_t ls, size_t le)
{
    if (le == l->len) {
        /* the word ends the logical line, whose text is NUL-terminated
         * and lives as long: its value is that text, not a copy (a RUN's
         * whole script was copied again here) */
        df_word w;
        w.value = l->text + ls;
        w.len = le - ls;
        w.lstart = ls;
        w.lend = le;
        w.span = span_of(l, ls, le);
        return SVEC_PUSH(*v, w);
    }
    return push_word(p, v, l, ls, le, l->text + ls, le - ls);
}

/* A parseWords value: Go builds it rune by rune, so every invalid UTF-8
 * byte becomes U+FFFD. val[0..vlen) is raw text of the logical line. */
static int push_go_word(P *p, wordvec *v, const df_logical *l, size_t ls, size_t le, const char *val,
                        size_t vlen)
{
    /* ASCII up to the first byte >= 0x80; all of it (the common case):
     * the value is the text itself */
    size_t i = 0;
    while (i < vlen && (unsigned char)val[i] < 0x80)
        i++;
    if (i == vlen)
        return push_word(p, v, l, ls, le, val, vlen);
    df_buf *b = &p->scratch;
    df_buf_clear(b);
    size_t run = 0; /* val[run..i): valid text not copied yet */
    while (i < vlen) {
        size_t w;
        uint32_t r = df_utf8_decode(val + i, vlen - i, &w);
        if (r == DF_RUNE_ERROR && w == 1) {
            if (df_buf_add(b, val + run, i - run) < 0 || df_buf_add(b, "\xEF\xBF\xBD", 3) < 0)
                return -1;
            run = i + 1;
        }
        i += w;
    }
    if (df_buf_add(b, val + run, vlen - run) < 0)
        return -1;
    return push_word(p, v, l, ls, le, b->data ? b->data : "", b->len);
}

/* Go's %q of s[0..n), into out. */
static void go_quote(df_buf *out, const char *s, size_t n)
{
    df_buf_addch(out, '"');
    for (size_t i = 0; i < n;) {
        size_t w;
        uint32_t r = df_utf8_decode(s + i, n - i, &w);
        unsigned char c = (unsigned char)s[i];
        if (r == DF_RUNE_ERROR && w == 1) {
            df_buf_printf(out, "\\x%02x", c);
        } else if (c == '"' || c == '\\') {
            df_buf_addch(out, '\\');
            df_buf_addch(out, (char)c);
        } else if (r < 0x20 || r == 0x7f) {
            static const char esc[] = "abtnvfr";
            if (r >= 7 && r <= 13)
                df_buf_printf(out, "\\%c", esc[r - 7]);
            else
                df_buf_printf(out, "\\x%02x", (unsigned)r);
        } else {
            df_buf_add(out, s + i, w);
        }
        i += w;
    }
    df_buf_addch(out, '"');
}

/* BuildKit's extractBuilderFlags, byte-wise, always with `\` as escape.
 * Returns the logical position where the arguments start. */
static int extract_flags(P *p, const df_logical *l, size_t a, size_t b, wordvec *flags,
                         size_t *rest)
{
    const char *t = l->text;
    enum { SPACES, WORD, QUOTE } phase = SPACES;
    char quote = 0;
    bool blank_ok = false;
    size_t wstart = a;
    df_buf *w = &p->scratch;
    df_buf_clear(w);
    for (size_t pos = a; pos <= b; pos++) {
        unsigned char ch = pos < b ? (unsigned char)t[pos] : 0;
        if (phase == SPACES) {
            if (pos == b)
                break;
            if (df_is_space_byte(ch))
                continue;
            if (ch != '-' || pos + 1 == b || t[pos + 1] != '-') {
                *rest = pos;
                return 0;
            }
            phase = WORD;
            wstart = pos;
        }
        if (pos == b) { /* WORD or QUOTE at end of input */
            if (!(w->len == 2 && memcmp(w->data, "--", 2) == 0) && (blank_ok || w->len > 0))
                if (push_word(p, flags, l, wstart, pos, w->data ? w->data : "", w->len) < 0)
                    return -1;
            break;
        }
        if (phase == WORD) {
            if (df_is_space_byte(ch)) {
                phase = SPACES;
                if (w->len == 2 && memcmp(w->data, "--", 2) == 0) {
                    *rest = pos;
                    return 0;
                }
                if (blank_ok || w->len > 0)
                    if (push_word(p, flags, l, wstart, pos, w->data ? w->data : "", w->len) < 0)
                        return -1;
                df_buf_clear(w);
                blank_ok = false;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = (char)ch;
                blank_ok = true;
                phase = QUOTE;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == b)
                    continue;
                pos++;
                ch = (unsigned char)t[pos];
            }
        } else { /* QUOTE */
            if (ch == (unsigned char)quote) {
                phase = WORD;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == b) {
                    phase = WORD;
                    continue;
                }
                pos++;
                ch = (unsigned char)t[pos];
            }
        }
        /* Go appends rune(byte): bytes >= 0x80 become Latin-1 runes */
        if (ch < 0x80) {
            if (df_buf_addch(w, (char)ch) < 0)
                return -1;
            continue;
        }
        char enc[4];
        size_t el = df_utf8_encode(ch, enc);
        if (df_buf_add(w, enc, el) < 0)
            return -1;
    }
    *rest = b;
    return 0;
}

/* parseWords over [a, b) into p->rwords (emptied first) */
static int parse_words(P *p, const df_logical *l, size_t a, size_t b)
{
    rwordvec *out = &p->rwords;
    out->n = 0;
    const char *t = l->text;
    enum { SPACES, WORD, QUOTE } phase = SPACES;
    char quote = 0;
    bool blank_ok = false;
    size_t ws = a;
    size_t vlen = 0;
    size_t pos = a;
    size_t wdt = 0;
    uint32_t ch = 0;
    const unsigned char esc = (unsigned char)p->esc;
    if (p->wstop_esc != p->esc) {
        memset(p->wstop, 0, 0x80);
        memset(p->wstop + 0x80, 1, 0x80);
        for (unsigned c = '\t'; c <= '\r'; c++)
            p->wstop[c] = 1;
        p->wstop[' '] = p->wstop['\''] = p->wstop['"'] = p->wstop[esc] = 1;
        p->wstop_esc = p->esc;
    }
    for (; pos <= b; pos += wdt) {
        /* a run of ASCII bytes that only lengthen the value: in a word,
         * none of blank, quote or escape; in quotes, neither the closing
         * quote nor (in double quotes) the escape. Taken at once, each as
         * the steps below would (vlen += 1), not rune by rune. */
        if (phase != SPACES) {
            size_t q = pos;
            if (phase == WORD) /* >= 0x80, blank, quote or escape: wstop */
                while (q < b && !p->wstop[(unsigned char)t[q]])
                    q++;
            else
                while (q < b) {
                    unsigned char c = (unsigned char)t[q];
                    if (c >= 0x80 || c == (unsigned char)quote || (c == esc && quote != '\''))
                        break;
                    q++;
                }
            vlen += q - pos;
            pos = q;
        }
        if (pos != b)
            ch = df_utf8_decode(t + pos, b - pos, &wdt);
        else
            wdt = 1;
        if (phase == SPACES) {
            if (pos == b)
                break;
            if (df_is_space_rune(ch))
                continue;
            phase = WORD;
            ws = pos;
            vlen = 0;
        }
        if (pos == b) {
            if (blank_ok || vlen > 0) {
                rword r = {ws, pos, vlen};
                if (SVEC_PUSH(*out, r) < 0)
                    return -1;
            }
            break;
        }
        if (phase == WORD) {
            if (df_is_space_rune(ch)) {
                phase = SPACES;
                if (blank_ok || vlen > 0) {
                    rword r = {ws, pos, vlen};
                    if (SVEC_PUSH(*out, r) < 0)
                        return -1;
                }
                blank_ok = false;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = (char)ch;
                blank_ok = true;
                phase = QUOTE;
            }
            if (ch == (uint32_t)(unsigned char)p->esc) {
                if (pos + wdt == b) {
                    continue;
                }
                vlen += wdt;
                pos += wdt;
                ch = df_utf8_decode(t + pos, b - pos, &wdt);
            }
            vlen += wdt;
            continue;
        }
        /* QUOTE */
        if (ch == (uint32_t)(unsigned char)quote)
            phase = WORD;
        if (ch == (uint32_t)(unsigned char)p->esc && quote != '\'') {
            if (pos + wdt == b) {
                phase = WORD;
                continue;
            }
            pos += wdt;
            vlen += wdt;
            ch = df_utf8_decode(t + pos, b - pos, &wdt);
        }
        vlen += wdt;
    }
    return 0;
}

/* reWhitespace.Split(rest, -1) over [a, b) */
static int split_ws(P *p, const df_logical *l, size_t a, size_t b, wordvec *args)
{
    const char *t = l->text;
    size_t i = a;
    size_t st = a;
    while (i <= b) {
        if (i == b || is_ws_ascii(t[i])) {
            if (push_raw_word(p, args, l, st, i) < 0)
                return -1;
            if (i == b)
                break;
            while (i < b && is_ws_ascii(t[i]))
                i++;
            st = i;
            continue;
        }
        i++;
    }
    return 0;
}

/* parseJSON. Returns 1 when text[a,b) is a JSON array of strings (args
 * filled), 0 when it is not JSON (fall back), -1 on error (p->failed set)
 * for arrays with non-string elements. */
static int parse_json(P *p, const df_logical *l, size_t a, size_t b, wordvec *args,
                      size_t instr_off)
{
    size_t st = a + df_utf8_skip_space(l->text + a, b - a);
    if (st >= b || l->text[st] != '[')
        return 0;
    df_gojson_elem *elems = NULL;
    size_t nelems = 0;
    int r = df_gojson_string_array(l->text + st, b - st, &elems, &nelems, &p->scratch);
    if (r == DF_GOJSON_INVALID) {
        free(elems);
        return 0;
    }
    if (r == DF_GOJSON_OOM) {
        free(elems);
        oom(p);
        return -1;
    }
    if (r == DF_GOJSON_NOT_STRINGS) {
        free(elems);
        fail_at(p, instr_off, 0, "%swhen using JSON array syntax, arrays must be comprised of strings only", "");
        return -1;
    }
    for (size_t i = 0; i < nelems; i++) {
        /* an array of empty strings leaves scratch unallocated: NULL + 0
         * is undefined */
        const char *val = p->scratch.data ? p->scratch.data + elems[i].voff : "";
        if (push_word(p, args, l, st + elems[i].start, st + elems[i].end, val, elems[i].vlen) < 0) {
            free(elems);
            oom(p);
            return -1;
        }
    }
    free(elems);
    return 1;
}

/* BuildKit's parseMaybeJSON: exec form, or the whole text as one word. */
static int parse_maybe_json(P *p, df_instr *in, size_t a, size_t b, wordvec *args, size_t instr_off)
{
    int j = parse_json(p, &in->line, a, b, args, instr_off);
    if (j < 0)
        return -1;
    if (j == 1) {
        in->json = true;
        return 0;
    }
    return push_raw_word(p, args, &in->line, a, b);
}

/* ------------------------------------------------------------------ */
/* heredoc detection (BuildKit runs its shell lexer over the line)     */

/* Split text[a,b) into shell words keeping quotes and escapes raw.
 * Returns false when the lexer would fail (unterminated quote/brace). */
typedef struct {
    size_t s, e;
} range;
typedef VEC(range) rangevec;

static bool shell_words(P *p, const char *t, size_t a, size_t b, rangevec *out)
{
    size_t i = a;
    while (i < b) {
        size_t w;
        uint32_t r = df_utf8_decode(t + i, b - i, &w);
        if (df_is_space_rune(r)) {
            i += w;
            continue;
        }
        size_t st = i;
        while (i < b) {
            r = df_utf8_decode(t + i, b - i, &w);
            if (df_is_space_rune(r))
                break;
            char c = t[i];
            if (c == '\'') {
                const char *q = memchr(t + i + 1, '\'', b - i - 1);
                if (!q)
                    return false;
                i = (size_t)(q - t) + 1;
            } else if (c == '"') {
                i++;
                while (i < b && t[i] != '"') {
                    if (t[i] == '\\' && i + 1 < b)
                        i++;
                    i++;
                }
                if (i >= b)
                    return false;
                i++;
            } else if (c == '\\') {
                i += i + 1 < b ? 2 : 1;
            } else if (c == '$' && i + 1 < b && t[i + 1] == '{') {
                const char *q = memchr(t + i, '}', b - i);
                if (!q)
                    return false;
                i = (size_t)(q - t) + 1;
            } else {
                i += w;
            }
        }
        range rg = {st, i};
        if (VEC_PUSH(p->a, *out, rg) < 0)
            return false;
    }
    return true;
}

/* Remove quotes and resolve escapes of a heredoc delimiter word; returns
 * false when it is not exactly one word. *quoted tells whether any quote
 * character acted as a quote. */
static bool unquote_name(df_buf *out, const char *t, size_t a, size_t b, bool *quoted)
{
    df_buf_clear(out);
    *quoted = false;
    size_t i = a;
    bool any = false;
    while (i < b) {
        char c = t[i];
        if (df_is_space_byte((unsigned char)c) && c != (char)0x85 && c != (char)0xA0)
            return false;
        if (c == '\'') {
            const char *q = memchr(t + i + 1, '\'', b - i - 1);
            if (!q)
                return false;
            if (df_buf_add(out, t + i + 1, (size_t)(q - t) - i - 1) < 0)
                return false;
            *quoted = true;
            i = (size_t)(q - t) + 1;
        } else if (c == '"') {
            i++;
            while (i < b && t[i] != '"') {
                if (t[i] == '\\' && i + 1 < b &&
                    (t[i + 1] == '"' || t[i + 1] == '\\' || t[i + 1] == '$'))
                    i++;
                if (df_buf_addch(out, t[i]) < 0)
                    return false;
                i++;
            }
            if (i >= b)
                return false;
            *quoted = true;
            i++;
        } else if (c == '\\') {
            if (i + 1 < b) {
                if (df_buf_addch(out, t[i + 1]) < 0)
                    return false;
            }
            i += 2;
        } else {
            if (df_buf_addch(out, c) < 0)
                return false;
            i++;
        }
        any = true;
    }
    return any;
}

static int find_heredocs(P *p, df_instr *in)
{
    const df_logical *l = &in->line;
    if (!memchr(l->text, '<', l->len))
        return 0;
    rangevec words = {0};
    if (!shell_words(p, l->text, 0, l->len, &words))
        return 0;
    VEC(df_heredoc) docs = {0};
    df_buf name = DF_BUF_INIT;
    for (size_t i = 0; i < words.n; i++) {
        const char *t = l->text;
        size_t s = words.v[i].s, e = words.v[i].e;
        size_t k = s;
        unsigned fd = 0;
        bool fd_overflow = false;
        while (k < e && is_digit(t[k])) {
            if (fd > 100000000u)
                fd_overflow = true;
            fd = fd * 10 + (unsigned)(t[k] - '0');
            k++;
        }
        if (e - k < 2 || t[k] != '<' || t[k + 1] != '<')
            continue;
        k += 2;
        bool chomp = false;
        if (k < e && t[k] == '-') {
            chomp = true;
            k++;
        }
        if (k >= e || memchr(t + k, '<', e - k))
            continue;
        bool quoted;
        if (!unquote_name(&name, t, k, e, &quoted) || name.len == 0)
            continue; /* BuildKit's lexer drops an empty word: `<<""` is no heredoc */
        df_heredoc h = {0};
        h.name = df_arena_strndup(p->a, name.data, name.len);
        if (!h.name) {
            df_buf_release(&name);
            return -1;
        }
        h.fd = fd_overflow ? 0 : fd;
        h.chomp = chomp;
        h.expand = !quoted;
        h.word_lstart = s;
        h.word_lend = e;
        if (VEC_PUSH(p->a, docs, h) < 0) {
            df_buf_release(&name);
            return -1;
        }
    }
    df_buf_release(&name);
    in->heredocs = docs.v;
    in->nheredocs = docs.n;
    return 0;
}

static bool can_contain_heredoc(const df_instr *in)
{
    if (in->cmd == DF_CMD_ONBUILD) {
        if (!in->sub)
            return false;
        in = in->sub;
    }
    return (in->cmd == DF_CMD_RUN || in->cmd == DF_CMD_COPY || in->cmd == DF_CMD_ADD) && !in->json;
}

/* Read the heredoc bodies after the logical line. */
static int read_heredoc_bodies(P *p, df_instr *in, size_t start_line, size_t instr_off)
{
    for (size_t i = 0; i < in->nheredocs; i++) {
        df_heredoc *h = &in->heredocs[i];
        size_t nl = strlen(h->name);
        size_t ls, le;
        bool done = false;
        h->body.start = h->body.end = p->pos;
        while (next_phys(p, &ls, &le)) {
            p->lineno++;
            size_t e = trim_newline(p->s, ls, le);
            size_t st = ls;
            if (h->chomp)
                while (st < e && p->s[st] == '\t')
                    st++;
            if (e - st == nl && memcmp(p->s + st, h->name, nl) == 0) {
                h->terminator.start = ls;
                h->terminator.end = le;
                if (push_pline(p, DF_PLINE_HEREDOC_END, ls, le, e, ls, ls, ls, ls) < 0)
                    return -1;
                done = true;
                break;
            }
            h->body.end = le;
            if (push_pline(p, DF_PLINE_HEREDOC, ls, le, e, ls, ls, ls, ls) < 0)
                return -1;
        }
        if (!done) {
            (void)start_line;
            fail_at(p, instr_off, start_line, "%sunterminated heredoc", "");
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* instructions                                                        */

static const char *const cmd_names[DF_CMD__COUNT] = {
    "",      "add",  "arg",         "cmd",   "copy",       "entrypoint", "env",
    "expose", "from", "healthcheck", "label", "maintainer", "onbuild",    "run",
    "shell", "stopsignal", "user",   "volume", "workdir",
};

const char *df_cmd_name(df_cmd c)
{
    return (unsigned)c < DF_CMD__COUNT ? cmd_names[c] : "";
}

static df_cmd lookup_cmd(const char *s, size_t n)
{
    char low[16];
    size_t m = 0;
    /* ASCII (nearly every keyword): lowered in a plain loop, as the one
     * below would, with no Kelvin sign to look for */
    while (m < n && m + 1 < sizeof low && (unsigned char)s[m] < 0x80) {
        char c = s[m];
        low[m++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    for (size_t i = m; i < n; i++) {
        if (m + 1 >= sizeof low)
            return DF_CMD_UNKNOWN;
        char c = s[i];
        /* strings.ToLower maps U+212A KELVIN SIGN to 'k' */
        if ((unsigned char)c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x84 &&
            (unsigned char)s[i + 2] == 0xAA) {
            low[m++] = 'k';
            i += 2;
            continue;
        }
        low[m++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    if (m == 0)
        return DF_CMD_UNKNOWN;
    low[m] = '\0';
    /* the names in alphabetical order (cmd_names): only those that start
     * with low[0] are compared, not all 18 (once per instruction per
     * round) */
    int lo = 1, hi = DF_CMD__COUNT;
    switch (low[0]) {
    case 'a': lo = DF_CMD_ADD, hi = DF_CMD_ARG + 1; break;
    case 'c': lo = DF_CMD_CMD, hi = DF_CMD_COPY + 1; break;
    case 'e': lo = DF_CMD_ENTRYPOINT, hi = DF_CMD_EXPOSE + 1; break;
    case 'f': lo = DF_CMD_FROM, hi = DF_CMD_FROM + 1; break;
    case 'h': lo = DF_CMD_HEALTHCHECK, hi = DF_CMD_HEALTHCHECK + 1; break;
    case 'l': lo = DF_CMD_LABEL, hi = DF_CMD_LABEL + 1; break;
    case 'm': lo = DF_CMD_MAINTAINER, hi = DF_CMD_MAINTAINER + 1; break;
    case 'o': lo = DF_CMD_ONBUILD, hi = DF_CMD_ONBUILD + 1; break;
    case 'r': lo = DF_CMD_RUN, hi = DF_CMD_RUN + 1; break;
    case 's': lo = DF_CMD_SHELL, hi = DF_CMD_STOPSIGNAL + 1; break;
    case 'u': lo = DF_CMD_USER, hi = DF_CMD_USER + 1; break;
    case 'v': lo = DF_CMD_VOLUME, hi = DF_CMD_VOLUME + 1; break;
    case 'w': lo = DF_CMD_WORKDIR, hi = DF_CMD_WORKDIR + 1; break;
    default: return DF_CMD_UNKNOWN;
    }
    for (int c = lo; c < hi; c++) { /* strcmp(low, cmd_names[c]) == 0, without the call */
        const char *x = low, *y = cmd_names[c];
        while (*x && *x == *y)
            x++, y++;
        if (*x == *y)
            return (df_cmd)c;
    }
    return DF_CMD_UNKNOWN;
}

/* The words v[from..) as an arena array of their own (NULL when none),
 * taken off v. */
static int take_words(P *p, wordvec *v, size_t from, df_word **out, size_t *n)
{
    size_t k = v->n - from;
    *out = NULL;
    *n = k;
    if (k) {
        *out = df_arena_alloc_uninit(p->a, k * sizeof **out);
        if (!*out)
            return -1;
        memcpy(*out, v->v + from, k * sizeof **out);
    }
    v->n = from;
    return 0;
}

static int parse_name_val(P *p, df_instr *in, size_t a, size_t b, wordvec *args, const char *key,
                          size_t instr_off)
{
    const df_logical *l = &in->line;
    if (parse_words(p, l, a, b) < 0)
        return -1;
    const rwordvec words = p->rwords;
    if (words.n == 0)
        return 0;
    const char *t = l->text;
    if (!memchr(t + words.v[0].s, '=', words.v[0].vlen)) {
        /* legacy `KEY name value` */
        size_t i = a;
        while (i < b && !is_ws_ascii(t[i]))
            i++;
        if (i >= b) {
            fail_at(p, instr_off, 0, "%s must have two arguments", key);
            return -1;
        }
        size_t j = i;
        while (j < b && is_ws_ascii(t[j]))
            j++;
        if (push_raw_word(p, args, l, a, i) < 0 || push_raw_word(p, args, l, j, b) < 0 ||
            push_word(p, args, l, j, j, "", 0) < 0)
            return -1;
        return 0;
    }
    for (size_t k = 0; k < words.n; k++) {
        rword *w = &words.v[k];
        const char *eq = memchr(t + w->s, '=', w->vlen);
        if (!eq) {
            df_buf q = DF_BUF_INIT;
            go_quote(&q, t + w->s, w->vlen);
            fail_at(p, instr_off, 0, "Syntax error - can't find = in %s. Must be of the form: name=value",
                    q.data ? q.data : "\"\"");
            df_buf_release(&q);
            return -1;
        }
        size_t eqp = (size_t)(eq - t);
        if (push_go_word(p, args, l, w->s, eqp, t + w->s, eqp - w->s) < 0 ||
            push_go_word(p, args, l, eqp + 1, w->e, t + eqp + 1, w->s + w->vlen - eqp - 1) < 0 ||
            push_word(p, args, l, eqp, eqp + 1, "=", 1) < 0)
            return -1;
    }
    return 0;
}

/* Parse the instruction whose logical line is in->line (already set). */
static int parse_instr(P *p, df_instr *in, size_t instr_off)
{
    const df_logical *l = &in->line;
    const char *t = l->text;
    size_t a = df_utf8_skip_space(t, l->len);
    size_t b = rtrim_space(t, l->len);
    if (b < a)
        b = a;
    size_t c = a;
    while (c < b && !is_ws_ascii(t[c]))
        c++;
    in->keyword.value = df_arena_strndup(p->a, t + a, c - a);
    if (!in->keyword.value)
        return -1;
    in->keyword.len = c - a;
    in->keyword.lstart = a;
    in->keyword.lend = c;
    in->keyword.span = span_of(l, a, c);
    in->cmd = lookup_cmd(t + a, c - a);

    wordvec *flags = &p->flagstk, *args = &p->argstk;
    size_t flag0 = flags->n, arg0 = args->n; /* ONBUILD's own words are below */
    size_t rs = b, re = b;
    if (c < b) {
        size_t r = c;
        while (r < b && is_ws_ascii(t[r]))
            r++;
        size_t rest;
        if (extract_flags(p, l, r, b, flags, &rest) < 0)
            return -1;
        rs = rest + df_utf8_skip_space(t + rest, b - rest);
        re = rest + rtrim_space(t + rest, b - rest);
        if (re < rs)
            re = rs;
    }
    in->rest_lstart = rs;
    in->rest_lend = re;
    bool empty = rs == re;
    int j;
    switch (in->cmd) {
    case DF_CMD_ADD:
    case DF_CMD_COPY:
    case DF_CMD_VOLUME:
        j = parse_json(p, l, rs, re, args, instr_off);
        if (j < 0)
            return -1;
        if (j == 1)
            in->json = true;
        else if (!empty && split_ws(p, l, rs, re, args) < 0)
            return -1;
        break;
    case DF_CMD_RUN:
    case DF_CMD_CMD:
    case DF_CMD_ENTRYPOINT:
    case DF_CMD_SHELL:
        if (!empty && parse_maybe_json(p, in, rs, re, args, instr_off) < 0)
            return -1;
        break;
    case DF_CMD_FROM:
    case DF_CMD_EXPOSE:
        if (!empty && split_ws(p, l, rs, re, args) < 0)
            return -1;
        break;
    case DF_CMD_ARG: {
        if (parse_words(p, l, rs, re) < 0)
            return -1;
        const rwordvec words = p->rwords;
        for (size_t k = 0; k < words.n; k++)
            if (push_go_word(p, args, l, words.v[k].s, words.v[k].e, t + words.v[k].s,
                             words.v[k].vlen) < 0)
                return -1;
        break;
    }
    case DF_CMD_ENV:
    case DF_CMD_LABEL:
        if (parse_name_val(p, in, rs, re, args, in->cmd == DF_CMD_ENV ? "ENV" : "LABEL",
                           instr_off) < 0)
            return -1;
        break;
    case DF_CMD_HEALTHCHECK: {
        if (empty)
            break;
        size_t sep = rs;
        while (sep < re && !df_is_space_byte((unsigned char)t[sep]))
            sep++;
        size_t nx = sep;
        while (nx < re && df_is_space_byte((unsigned char)t[nx]))
            nx++;
        if (push_raw_word(p, args, l, rs, sep) < 0)
            return -1;
        if (nx < re && parse_maybe_json(p, in, nx, re, args, instr_off) < 0)
            return -1;
        break;
    }
    case DF_CMD_MAINTAINER:
    case DF_CMD_STOPSIGNAL:
    case DF_CMD_USER:
    case DF_CMD_WORKDIR:
        if (!empty && push_raw_word(p, args, l, rs, re) < 0)
            return -1;
        break;
    case DF_CMD_ONBUILD:
        if (!empty) {
            df_instr *sub = df_arena_alloc(p->a, sizeof *sub);
            if (!sub || logical_slice(p->a, l, rs, re, &sub->line) < 0)
                return -1;
            sub->stage = SIZE_MAX;
            if (parse_instr(p, sub, instr_off) < 0)
                return -1;
            sub->span = df_logical_span(l, rs, re);
            in->sub = sub;
        }
        break;
    case DF_CMD_UNKNOWN:
    case DF_CMD__COUNT:
        if (push_word(p, args, l, rs, rs, "", 0) < 0)
            return -1;
        break;
    }
    if (take_words(p, flags, flag0, &in->flags, &in->nflags) < 0 ||
        take_words(p, args, arg0, &in->args, &in->nargs) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* document                                                            */

static int add_trivia(P *p, size_t ls, size_t le)
{
    if (p->pieces.n && p->pieces.v[p->pieces.n - 1].kind == DF_PIECE_TRIVIA &&
        p->pieces.v[p->pieces.n - 1].span.end == ls) {
        p->pieces.v[p->pieces.n - 1].span.end = le;
        return 0;
    }
    df_piece pc = {DF_PIECE_TRIVIA, {ls, le}, NULL};
    return VEC_PUSH(p->a, p->pieces, pc);
}

static int finish_logical(P *p, df_logical *l, size_t origin)
{
    /* the text copied from the source once, segment by segment, not
     * gathered in a buffer first and copied again */
    char *txt = df_arena_alloc_uninit(p->a, p->textlen + 1);
    df_seg *segs = p->nsegs ? df_arena_alloc_uninit(p->a, p->nsegs * sizeof *segs)
                            : df_arena_alloc(p->a, sizeof *segs); /* copied over below */
    if (!txt || !segs)
        return -1;
    for (size_t i = 0; i < p->nsegs; i++)
        memcpy(txt + p->segs[i].log, p->s + p->segs[i].src, p->segs[i].len);
    txt[p->textlen] = '\0';
    if (p->nsegs)
        memcpy(segs, p->segs, p->nsegs * sizeof *segs);
    l->text = txt;
    l->len = p->textlen;
    l->segs = segs;
    l->nsegs = p->nsegs;
    l->origin = origin;
    return 0;
}

static int add_warning(P *p, size_t line, const df_logical *l)
{
    df_buf m = DF_BUF_INIT;
    if (df_buf_addstr(&m, "Empty continuation line found in: ") < 0 || df_buf_add(&m, l->text, l->len) < 0) {
        df_buf_release(&m);
        return -1;
    }
    df_parse_warning w = {line, df_arena_strndup(p->a, m.data, m.len), m.len};
    df_buf_release(&m);
    if (!w.message)
        return -1;
    return VEC_PUSH(p->a, p->warns, w);
}

/* One logical line starting at physical line [ls, le). Returns 1 when an
 * instruction was added, 0 for trivia, -1 on error. */
static int logical_line(P *p, size_t ls, size_t le)
{
    const char *s = p->s;
    size_t b = ls;
    if (p->lineno == 0 && le - ls >= 3 && memcmp(s + ls, "\xEF\xBB\xBF", 3) == 0)
        b += 3;
    size_t te = trim_newline(s, b, le);
    size_t ts = b + df_utf8_skip_space(s + b, te - b);
    possible_directive(p, ts, te, ls);
    if (p->failed)
        return -1;
    p->lineno++;
    size_t start_line = p->lineno;
    size_t code_end = te;
    bool comment = ts < te && s[ts] == '#';
    if (comment)
        code_end = ts;
    size_t ce;
    bool cont = match_continuation(p, ts, code_end, &ce);
    if (!cont && code_end == ts)
        return add_trivia(p, ls, le) < 0 ? -1 : 0;

    p->nplines = 0;
    p->textlen = 0;
    p->nsegs = 0;
    if (cont) {
        if (add_seg(p, ts, ce - ts) < 0 || push_pline(p, DF_PLINE_CODE, ls, le, te, ts, ce, ce, te) < 0)
            return -1;
    } else {
        if (add_seg(p, ts, code_end - ts) < 0 ||
            push_pline(p, DF_PLINE_CODE, ls, le, te, ts, code_end, code_end, code_end) < 0)
            return -1;
    }
    size_t instr_start = ls;
    size_t instr_off = ts;
    bool empty_cont = false;
    size_t cls, cle;
    while (cont && next_phys(p, &cls, &cle)) {
        p->lineno++;
        size_t e = trim_newline(s, cls, cle);
        /* the line's text after its blanks (e: without its terminator),
         * read once for both questions */
        size_t st = cls + df_utf8_skip_space(s + cls, e - cls);
        if (st < e && s[st] == '#') { /* a comment line */
            if (push_pline(p, DF_PLINE_COMMENT, cls, cle, e, cls, cls, cls, cls) < 0)
                return -1;
            continue;
        }
        if (st == e) {
            empty_cont = true;
            if (push_pline(p, DF_PLINE_EMPTY, cls, cle, e, cls, cls, cls, cls) < 0)
                return -1;
            continue;
        }
        cont = match_continuation(p, cls, e, &ce);
        if (!cont)
            ce = e;
        if (add_seg(p, cls, ce - cls) < 0 ||
            push_pline(p, DF_PLINE_CODE, cls, cle, e, cls, ce, ce, cont ? e : ce) < 0)
            return -1;
    }
    df_instr *in = df_arena_alloc(p->a, sizeof *in);
    if (!in || finish_logical(p, &in->line, ts) < 0)
        return -1;
    if (empty_cont && add_warning(p, p->lineno, &in->line) < 0)
        return -1;
    in->start_line = start_line;
    in->stage = SIZE_MAX;
    if (parse_instr(p, in, instr_off) < 0) {
        if (!p->failed)
            oom(p);
        if (p->err->line == 0)
            p->err->line = start_line;
        return -1;
    }
    if (can_contain_heredoc(in)) {
        if (find_heredocs(p, in) < 0)
            return -1;
        if (in->nheredocs && read_heredoc_bodies(p, in, start_line, instr_off) < 0)
            return -1;
    }
    in->end_line = p->lineno;
    df_pline *pls = df_arena_alloc_uninit(p->a, p->nplines * sizeof *pls);
    if (!pls)
        return -1;
    memcpy(pls, p->plines, p->nplines * sizeof *pls);
    in->plines = pls;
    in->nplines = p->nplines;
    in->span.start = instr_start;
    in->span.end = in->plines[in->nplines - 1].span.end;
    in->index = p->instrs.n;
    df_piece pc = {DF_PIECE_INSTR, in->span, in};
    if (VEC_PUSH(p->a, p->instrs, in) < 0 || VEC_PUSH(p->a, p->pieces, pc) < 0)
        return -1;
    return 1;
}

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a over the lowercased name */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 1099511628211u;
    }
    return h;
}

/* The stage before stage `before` that name[0..n) names as a COPY --from
 * or a mount's from= (an AS name, any case, or an index), or SIZE_MAX.
 * slot[cap] is resolve_parents' table, which keeps the last stage of each
 * name: when that one is not before `before`, an earlier stage of the same
 * name is looked for (a shadowed name: rare). */
static size_t named_stage(const df_doc *d, const size_t *slot, size_t cap, const char *name, size_t n, size_t before)
{
    char buf[256];
    if (n == 0 || n >= sizeof buf)
        return SIZE_MAX;
    memcpy(buf, name, n);
    buf[n] = '\0';
    for (size_t k = name_hash(buf) & (cap - 1); slot[k] != SIZE_MAX; k = (k + 1) & (cap - 1))
        if (strcasecmp(d->stages[slot[k]].name, buf) == 0) {
            if (slot[k] < before)
                return slot[k];
            for (size_t i = before; i-- > 0;)
                if (d->stages[i].name && strcasecmp(d->stages[i].name, buf) == 0)
                    return i;
            return SIZE_MAX;
        }
    char *end;
    unsigned long v = strtoul(buf, &end, 10);
    return *end == '\0' && buf[0] >= '0' && buf[0] <= '9' && v < before ? (size_t)v : SIZE_MAX;
}

/* A stage no later stage uses (no FROM, COPY --from or RUN --mount from=
 * names it) that sets its own ENTRYPOINT or CMD is an image of its own,
 * built with `docker build --target` (llama.cpp's .devops `full` stage,
 * review run 13): it ships, with the stages it is built FROM. Not the
 * stage named dev-envs, the one Docker's Dev Environments build and work
 * in: an environment, whose package lists and recommends stay (as a dev
 * container's, devcontainer.h), so its fixes stay advice. slot[cap]:
 * resolve_parents' table of the stage names. */
static int mark_targets(P *p, df_doc *d, const size_t *slot, size_t cap)
{
    if (d->nstages < 2)
        return 0;
    bool *used = df_arena_alloc(p->a, d->nstages * sizeof *used);
    bool *own = df_arena_alloc(p->a, d->nstages * sizeof *own);
    if (!used || !own)
        return -1;
    memset(used, 0, d->nstages * sizeof *used);
    memset(own, 0, d->nstages * sizeof *own);
    for (size_t i = 0; i < d->nstages; i++)
        if (d->stages[i].parent < i)
            used[d->stages[i].parent] = true;
    for (size_t k = 0; k < d->ninstrs; k++) {
        const df_instr *in = d->instrs[k];
        size_t si = in->stage;
        if (si >= d->nstages)
            continue;
        if (in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT)
            own[si] = true;
        for (size_t f = 0; f < in->nflags; f++) {
            const char *v = in->flags[f].value;
            size_t n = in->flags[f].len;
            size_t u = SIZE_MAX;
            if ((in->cmd == DF_CMD_COPY || in->cmd == DF_CMD_ADD) && n > 7 && strncmp(v, "--from=", 7) == 0)
                u = named_stage(d, slot, cap, v + 7, n - 7, si);
            else if (in->cmd == DF_CMD_RUN && n > 8 && strncmp(v, "--mount=", 8) == 0)
                for (size_t a = 8; a < n; a++) { /* type=bind,from=build,... */
                    size_t e = a;
                    while (e < n && v[e] != ',')
                        e++;
                    if (e - a > 5 && strncmp(v + a, "from=", 5) == 0)
                        u = named_stage(d, slot, cap, v + a + 5, e - a - 5, si);
                    a = e;
                }
            if (u < si)
                used[u] = true;
        }
    }
    for (size_t i = 0; i + 1 < d->nstages; i++)
        if (!used[i] && own[i] && !d->stages[i].ships &&
            !(d->stages[i].name && strcasecmp(d->stages[i].name, "dev-envs") == 0))
            for (size_t s = i; s != SIZE_MAX && !d->stages[s].ships; s = d->stages[s].parent)
                d->stages[s].ships = true;
    return 0;
}

/* Each stage's parent (the earlier stage named or numbered by its FROM)
 * and whether it ships, in linear time: stage names go into a hash table
 * as the stages are met, so `FROM x` only sees stages defined before it. */
static int resolve_parents(P *p, df_doc *d)
{
    size_t cap = 16;
    while (cap < d->nstages * 2)
        cap *= 2;
    size_t *slot = df_arena_alloc(p->a, cap * sizeof *slot);
    if (!slot)
        return -1;
    for (size_t k = 0; k < cap; k++)
        slot[k] = SIZE_MAX;
    size_t named = 0; /* names in slot[]: none, no base is hashed to look */
    for (size_t i = 0; i < d->nstages; i++) {
        df_stage *sg = &d->stages[i];
        sg->parent = SIZE_MAX;
        const char *base = sg->base ? sg->base : "";
        for (size_t k = named ? name_hash(base) & (cap - 1) : 0; slot[k] != SIZE_MAX; k = (k + 1) & (cap - 1))
            if (strcasecmp(d->stages[slot[k]].name, base) == 0) {
                sg->parent = slot[k];
                break;
            }
        if (sg->parent == SIZE_MAX && *base) {
            char *end;
            unsigned long v = strtoul(base, &end, 10);
            if (*end == '\0' && base[0] >= '0' && base[0] <= '9' && v < i)
                sg->parent = (size_t)v;
        }
        sg->root = sg->parent == SIZE_MAX ? i : d->stages[sg->parent].root; /* parent < i */
        if (sg->name) {
            size_t k = name_hash(sg->name) & (cap - 1);
            while (slot[k] != SIZE_MAX && strcasecmp(d->stages[slot[k]].name, sg->name) != 0)
                k = (k + 1) & (cap - 1);
            named += slot[k] == SIZE_MAX;
            slot[k] = i; /* a later stage of the same name shadows the earlier */
        }
    }
    for (size_t cur = d->nstages; cur != SIZE_MAX && cur > 0;) {
        size_t i = cur - 1;
        if (d->stages[i].ships)
            break;
        d->stages[i].ships = true;
        cur = d->stages[i].parent == SIZE_MAX ? SIZE_MAX : d->stages[i].parent + 1;
    }
    return mark_targets(p, d, slot, cap);
}

static int build_stages(P *p, df_doc *d)
{
    VEC(df_stage) st = {0};
    const df_instr *shell = NULL;
    for (size_t i = 0; i < d->ninstrs; i++) {
        df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM)
            shell = NULL; /* a new stage starts with the default shell */
        in->shell = shell;
        if (in->cmd == DF_CMD_SHELL)
            shell = in;
        if (in->cmd == DF_CMD_FROM) {
            df_stage sg = {0};
            sg.from = i;
            sg.last = i;
            sg.base = in->nargs ? in->args[0].value : "";
            if (in->nargs >= 3 && strcasecmp(in->args[1].value, "as") == 0)
                sg.name = in->args[2].value;
            const df_word *pf = df_instr_flag(in, "platform", NULL);
            if (pf) {
                const char *eq = strchr(pf->value, '=');
                sg.platform = eq ? eq + 1 : "";
            }
            if (VEC_PUSH(p->a, st, sg) < 0)
                return -1;
        }
        if (st.n) {
            in->stage = st.n - 1;
            st.v[st.n - 1].last = i;
        }
    }
    d->stages = st.v;
    d->nstages = st.n;
    return resolve_parents(p, d);
}

/* The file's line endings, from the counts next_phys kept: a parse that
 * succeeds has read every line through it (a second memchr over the file
 * here was a fortieth of the parse). */
static void set_style(df_doc *d, const P *p)
{
    d->crlf = p->crlf > p->lf;
    d->final_newline = p->n == 0 || p->s[p->n - 1] == '\n';
}

static df_doc *parse(const df_source *src, df_arena *borrowed, df_parse_error *err)
{
    P p;
    memset(&p, 0, sizeof p);
    df_pline plines0[32]; /* most instructions have fewer lines */
    p.plines = plines0;
    p.capplines = sizeof plines0 / sizeof plines0[0];
    df_seg segs0[32];
    p.segs = segs0;
    p.capsegs = sizeof segs0 / sizeof segs0[0];
    df_word flags0[8], args0[64];
    rword rwords0[32];
    SVEC_INIT(p.flagstk, flags0);
    SVEC_INIT(p.argstk, args0);
    SVEC_INIT(p.rwords, rwords0);
    p.err = err;
    p.s = src->text;
    p.n = src->len;
    p.starts = src->line_starts;
    p.nlines = src->line_starts ? src->nlines : 0;
    p.esc = '\\';
    p.a = borrowed ? borrowed : df_arena_new();
    df_doc *d = NULL;
    if (!p.a) {
        snprintf(err->message, sizeof err->message, "out of memory");
        err->offset = 0;
        err->line = 0;
        return NULL;
    }
    /* a piece is a line at least: the source's line count bounds the
     * pieces and the instructions, and their arrays, taken at that size
     * (not cleared: filled as they are used), need not double as they
     * fill (each doubling a copy, the two interleaved) */
    if (p.nlines) {
        p.pieces.v = df_arena_alloc_uninit(p.a, p.nlines * sizeof *p.pieces.v);
        p.instrs.v = df_arena_alloc_uninit(p.a, p.nlines * sizeof *p.instrs.v);
        if (!p.pieces.v || !p.instrs.v)
            oom(&p);
        p.pieces.cap = p.instrs.cap = p.nlines;
    }
    size_t ls, le;
    while (!p.failed && next_phys(&p, &ls, &le)) {
        if (logical_line(&p, ls, le) < 0) {
            if (!p.failed)
                oom(&p);
            break;
        }
    }
    if (!p.failed) {
        if (p.instrs.n == 0) {
            fail_at(&p, p.n, p.lineno ? p.lineno : 1, "%sfile with no instructions", "");
        } else if (p.too_long) {
            fail_at(&p, p.too_long_at, p.lineno + 1,
                    "%sdockerfile line greater than max allowed size of 65535", "");
        }
    }
    if (!p.failed) {
        d = df_arena_alloc(p.a, sizeof *d);
        if (d) {
            d->arena = p.a;
            d->arena_borrowed = borrowed != NULL;
            d->src = src;
            d->escape = p.esc;
            d->bom = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0;
            d->directives = p.dirs.v;
            d->ndirectives = p.dirs.n;
            d->instrs = p.instrs.v;
            d->ninstrs = p.instrs.n;
            d->pieces = p.pieces.v;
            d->npieces = p.pieces.n;
            d->warnings = p.warns.v;
            d->nwarnings = p.warns.n;
            set_style(d, &p);
            if (build_stages(&p, d) < 0) {
                oom(&p);
                d = NULL;
            }
        } else {
            oom(&p);
        }
    }
    if (p.failed && err->line == 0 && err->offset <= src->len) {
        size_t line, col;
        df_source_linecol(src, err->offset, &line, &col);
        err->line = line;
    }
    df_buf_release(&p.scratch);
    if (p.segs_heap)
        free(p.segs);
    if (p.plines_heap)
        free(p.plines);
    SVEC_RELEASE(p.flagstk);
    SVEC_RELEASE(p.argstk);
    SVEC_RELEASE(p.rwords);
    if (!d) {
        if (!borrowed)
            df_arena_free(p.a);
        return NULL;
    }
    return d;
}

df_doc *df_parse(const df_source *src, df_parse_error *err)
{
    return parse(src, NULL, err);
}

df_doc *df_parse_in(const df_source *src, df_arena *a, df_parse_error *err)
{
    return parse(src, a, err);
}

void df_doc_free(df_doc *d)
{
    if (d && !d->arena_borrowed)
        df_arena_free(d->arena);
}
