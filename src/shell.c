/*
 * shell.c - POSIX sh parser for RUN bodies, walker and command views.
 *
 * Rules must reason about the shell a RUN executes (which command, which
 * flags, which list operator), so we parse it like a shell does instead of
 * matching text. The parser is a hand-written recursive descent over a
 * context-sensitive lexer, in the way dash and shellcheck do it:
 *  - the lexer cuts words and operators; a word is scanned with its quotes,
 *    escapes and substitutions, and its unquoted value is built on the way;
 *  - reserved words (if, then, {, }, ...) are ordinary words the grammar
 *    recognises only where a command may start;
 *  - here-document bodies are read by the lexer when it reaches the newline
 *    that ends the line holding their `<<` operators;
 *  - $(...), `...`, ${...} and $((...)) are skipped, not parsed, with the
 *    nesting of quotes and parentheses tracked.
 * Everything is linear in the input: each byte is looked at a bounded
 * number of times, arrays grow by doubling. Recursion (compound commands
 * and nested substitutions) is capped at DF_SH_MAX_DEPTH so that hostile
 * input gets an error, not a stack overflow.
 */
#include "dfopt/shell.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parser state ---------------------------------------------------- */

typedef enum {
    T_EOF,
    T_WORD,
    T_NEWLINE,
    T_REDIR,
    T_AND,
    T_OR,
    T_SEMI,
    T_AMP,
    T_PIPE,
    T_PIPE_AMP,
    T_DSEMI,
    T_SEMI_AMP,
    T_DSEMI_AMP,
    T_LPAREN,
    T_RPAREN
} tok_type;

typedef struct {
    tok_type type;
    df_span span;
    df_sh_word word;     /* T_WORD */
    df_sh_redir_op rop;  /* T_REDIR */
    int fd;              /* T_REDIR: io number or -1 */
} token;

/* An arena array under construction. */
typedef struct {
    void *data;
    size_t n;
    size_t cap;
} vec;

/* A stack of elements collected before an arena array takes them (see
 * parser.st_words); it starts in `first`, an array of df_sh_parse's. */
typedef struct {
    void *data;
    size_t n;
    size_t cap;
    void *first;
} stack;

typedef struct {
    df_sh_heredoc *hd;
    size_t at; /* offset of the << operator, for errors */
} pending_hd;

typedef struct {
    df_arena *a;
    const char *s;
    size_t len;
    size_t pos;      /* lexer position: just after cur */
    token cur;
    df_sh_error *err;
    bool failed;
    unsigned depth;  /* current recursion depth */
    vec pending;     /* pending_hd: heredocs whose body follows the next newline */
    size_t nsimple;  /* SIMPLE nodes made: the size of the script's steps */
    /* Stacks on which a simple command's words and assignments and a
     * list's items are collected before one arena array of the right size
     * takes them: growing an arena array per command copied it at each
     * doubling (the word values allocated in between keep it from growing
     * in place). They start in arrays on df_sh_parse's stack frame and move
     * to malloc'ed memory only for a script that needs more. Each
     * parse_simple and parse_list uses the part above the mark it took on
     * entry and pops back to it; a nested list (in a compound command)
     * pushes above and pops before the outer one pushes again, so no
     * pointer into a stack is kept across a call that may push (a push may
     * move it). */
    stack st_words, st_assigns, st_items;
    char *values;    /* a copy of s[0..len] in the arena, where every word's
                        value is written in place: the value of the word at
                        s[start, end) is values[start, out), NUL-terminated
                        at `out` <= end (removing quotes and escapes never
                        makes a value longer than its text, and the text is
                        read from s, not from here). For the common word of
                        plain bytes only, nothing is written but the NUL at
                        `end`: its value is its own text. The byte at `end`
                        ends the word (a blank, an operator or the end of the
                        text), so it is in no other word but one that starts
                        there with <( or >( (scan_word) */
    size_t out;      /* where the word being scanned writes in values */
} parser;

static void fail(parser *p, size_t off, const char *msg)
{
    if (p->failed)
        return;
    p->failed = true;
    if (p->err) {
        snprintf(p->err->message, sizeof p->err->message, "%s", msg);
        p->err->offset = off;
    }
}

static void oom(parser *p)
{
    fail(p, p->pos, "out of memory");
}

static void *vec_push(parser *p, vec *v, size_t elem)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? v->cap * 2 : 4;
        void *d = df_arena_grow(p->a, v->data, v->n, nc, elem);
        if (!d) {
            oom(p);
            return NULL;
        }
        v->data = d;
        v->cap = nc;
    }
    return (char *)v->data + v->n++ * elem;
}

/* Stack st starts in the caller's array first[cap]. */
static void stack_init(stack *st, void *first, size_t cap)
{
    st->data = st->first = first;
    st->n = 0;
    st->cap = cap;
}

/* The slow path of stack_push: st is full; double it into malloc'ed
 * memory (its first array is not freed). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static bool stack_grow(parser *p, stack *st, size_t elem)
{
    size_t nc = st->cap * 2;
    void *d = nc <= SIZE_MAX / elem ? malloc(nc * elem) : NULL;
    if (!d) {
        oom(p);
        return false;
    }
    memcpy(d, st->data, st->n * elem);
    if (st->data != st->first)
        free(st->data);
    st->data = d;
    st->cap = nc;
    return true;
}

/* Push one element of size elem on stack st (see parser.st_words). */
static inline void *stack_push(parser *p, stack *st, size_t elem)
{
    if (st->n == st->cap && !stack_grow(p, st, elem))
        return NULL;
    return (char *)st->data + st->n++ * elem;
}

static void stack_release(stack *st)
{
    if (st->data != st->first)
        free(st->data);
}

/* Pop st back to mark: the elements above it, in an arena array of their
 * own (NULL when there are none), their number in *n. */
static void *stack_take(parser *p, stack *st, size_t mark, size_t elem, size_t *n)
{
    size_t k = st->n - mark;
    st->n = mark;
    *n = 0;
    if (k == 0)
        return NULL;
    void *d = df_arena_alloc_uninit(p->a, k * elem);
    if (!d) {
        oom(p);
        return NULL;
    }
    memcpy(d, (char *)st->data + mark * elem, k * elem);
    *n = k;
    return d;
}

/* Enter one level of recursion; false (and an error) when too deep. */
static bool enter(parser *p, size_t off)
{
    if (++p->depth > DF_SH_MAX_DEPTH) {
        fail(p, off, "nesting too deep");
        return false;
    }
    return true;
}

static void leave(parser *p)
{
    p->depth--;
}

/* Append s[0..n) to the value of the word being scanned (see
 * parser.values: there is room, as the bytes put never outnumber the
 * bytes read). */
static void put(parser *p, const char *s, size_t n)
{
    memcpy(p->values + p->out, s, n);
    p->out += n;
}

static void putc_(parser *p, char c)
{
    p->values[p->out++] = c;
}

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Byte classes of the lexer, one table lookup per byte: a metacharacter
 * (ends a word), a byte that ends a run of plain bytes (metacharacters,
 * quotes, $, backquote, backslash), a byte of a glob or tilde, a byte that
 * ends a run of plain bytes inside double quotes (" \ $ `), and NUL, which
 * ends parser.values (lex's plain words stop there; a NUL of the text is a
 * plain byte to scan_word). */
enum { CL_META = 1, CL_STOP = 2, CL_NOTE = 4, CL_DQSTOP = 8, CL_NUL = 16 };
static const unsigned char byte_class[256] = {
    ['\0'] = CL_NUL,
    [' '] = CL_META | CL_STOP, ['\t'] = CL_META | CL_STOP, ['\n'] = CL_META | CL_STOP,
    [';'] = CL_META | CL_STOP, ['&'] = CL_META | CL_STOP, ['|'] = CL_META | CL_STOP,
    ['<'] = CL_META | CL_STOP, ['>'] = CL_META | CL_STOP, ['('] = CL_META | CL_STOP,
    [')'] = CL_META | CL_STOP, ['\\'] = CL_STOP | CL_DQSTOP, ['\''] = CL_STOP,
    ['"'] = CL_STOP | CL_DQSTOP, ['$'] = CL_STOP | CL_DQSTOP, ['`'] = CL_STOP | CL_DQSTOP,
    ['*'] = CL_NOTE, ['?'] = CL_NOTE, ['['] = CL_NOTE, [']'] = CL_NOTE, ['~'] = CL_NOTE,
};

static bool is_meta(char c)
{
    return byte_class[(unsigned char)c] & CL_META;
}

static char at(const parser *p, size_t i)
{
    return i < p->len ? p->s[i] : '\0';
}

/* ---- skipping substitutions ------------------------------------------ */

typedef enum {
    CTX_PAREN,   /* inside $( ... ), <( ... ), $(( ... )) */
    CTX_DQ,      /* inside " ... " */
    CTX_BRACE,   /* inside ${ ... } */
    CTX_DQBRACE, /* inside ${ ... } that is inside " ... " */
    CTX_BQ       /* inside ` ... ` */
} skip_ctx;

static size_t skip_raw(parser *p, size_t i, skip_ctx ctx, size_t open, const char *what);

/* i at a single quote: index after the closing one. */
static size_t skip_squote(parser *p, size_t i)
{
    const char *q = i + 1 < p->len ? memchr(p->s + i + 1, '\'', p->len - i - 1) : NULL;
    if (!q) {
        fail(p, i, "unterminated single quote");
        return p->len;
    }
    return (size_t)(q - p->s) + 1;
}

/* i at the $ of $'...': index after the closing quote. */
static size_t skip_ansi(parser *p, size_t i)
{
    size_t j = i + 2;
    while (j < p->len && p->s[j] != '\'')
        j += p->s[j] == '\\' ? 2 : 1;
    if (j >= p->len) {
        fail(p, i, "unterminated single quote");
        return p->len;
    }
    return j + 1;
}

/* A `#` at i starts a comment inside $( ... ) when it starts a word. */
static bool starts_comment(const parser *p, size_t i)
{
    char b = p->s[i - 1];
    return b == ' ' || b == '\t' || b == '\n' || b == ';' || b == '&' || b == '|' || b == '(';
}

/* A $ at i inside a skipped region: index after what it starts. */
static size_t skip_dollar(parser *p, size_t i, skip_ctx ctx)
{
    char d = at(p, i + 1);
    if (d == '(')
        return skip_raw(p, i + 2, CTX_PAREN, i, "unterminated command substitution");
    if (d == '{')
        return skip_raw(p, i + 2, ctx == CTX_DQ ? CTX_DQBRACE : CTX_BRACE, i,
                        "unterminated parameter expansion");
    if (d == '\'' && ctx != CTX_DQ && ctx != CTX_DQBRACE)
        return skip_ansi(p, i);
    return i + 1;
}

/* Closing character handling for skip_raw: returns true when c at i ends
 * the region (nest tracks inner parentheses or braces). */
static bool closes(skip_ctx ctx, char c, size_t *nest)
{
    char openc = ctx == CTX_PAREN ? '(' : '{';
    char closec = ctx == CTX_PAREN ? ')' : '}';
    switch (ctx) {
    case CTX_BQ:
        return c == '`';
    case CTX_DQ:
        return c == '"';
    default:
        if (c == openc)
            (*nest)++;
        else if (c == closec) {
            if (*nest == 0)
                return true;
            (*nest)--;
        }
        return false;
    }
}

/* The bytes skip_raw looks at in some context: every other byte is passed
 * over in all of them. */
static const unsigned char raw_stop[256] = {
    ['\\'] = 1, ['`'] = 1, ['$'] = 1, ['"'] = 1, ['\''] = 1,
    ['#'] = 1, ['('] = 1, [')'] = 1, ['{'] = 1, ['}'] = 1,
};

/*
 * Skip a substitution or quoted region whose content starts at i, with
 * correct nesting of quotes and substitutions. Returns the index just after
 * the closing character; on error (reported at `open` with `what`) returns
 * len with p->failed set.
 */
static size_t skip_raw(parser *p, size_t i, skip_ctx ctx, size_t open, const char *what)
{
    size_t nest = 0;
    if (!enter(p, open))
        return p->len;
    while (i < p->len && !p->failed) {
        /* the run of bytes no context looks at, at once (the tests below
         * for each byte were most of skip_raw) */
        while (i < p->len && !raw_stop[(unsigned char)p->s[i]])
            i++;
        if (i >= p->len)
            break;
        char c = p->s[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (closes(ctx, c, &nest)) {
            leave(p);
            return i + 1;
        }
        if (ctx == CTX_BQ) {
            i++;
        } else if (c == '`') {
            i = skip_raw(p, i + 1, CTX_BQ, i, "unterminated backquote");
        } else if (c == '$') {
            i = skip_dollar(p, i, ctx);
        } else if (ctx == CTX_DQ) {
            i++;
        } else if (c == '"') {
            i = skip_raw(p, i + 1, CTX_DQ, i, "unterminated double quote");
        } else if (c == '\'' && ctx != CTX_DQBRACE) {
            i = skip_squote(p, i);
        } else if (c == '#' && ctx == CTX_PAREN && starts_comment(p, i)) {
            const char *nl = memchr(p->s + i, '\n', p->len - i);
            i = nl ? (size_t)(nl - p->s) : p->len;
        } else {
            i++;
        }
    }
    fail(p, open, what);
    leave(p);
    return p->len;
}

/* ---- words ------------------------------------------------------------ */

/* The backslash escapes of $'...' that we resolve; others stay as written. */
static int ansi_escape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    case 'e': return 0x1b;
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    default: return -1;
    }
}

/* pos at the $ of $'...'. */
static void scan_ansi(parser *p, unsigned *flags)
{
    size_t end = skip_ansi(p, p->pos);
    if (p->failed)
        return;
    *flags |= DF_SH_W_QUOTED;
    for (size_t i = p->pos + 2; i + 1 < end; i++) {
        int e = p->s[i] == '\\' ? ansi_escape(p->s[i + 1]) : -1;
        if (e >= 0) {
            putc_(p, (char)e);
            i++;
        } else {
            putc_(p, p->s[i]);
        }
    }
    p->pos = end;
}

/* pos at a `$`: a parameter, substitution, $'...' or a lone $. */
static void scan_dollar(parser *p, unsigned *flags, bool in_dq)
{
    size_t st = p->pos, end;
    char d = at(p, st + 1);
    if (d == '(') {
        bool arith = at(p, st + 2) == '(';
        end = skip_raw(p, st + 2, CTX_PAREN, st,
                       arith ? "unterminated arithmetic expansion"
                             : "unterminated command substitution");
        arith = arith && end - st >= 5 && p->s[end - 2] == ')';
        *flags |= DF_SH_W_EXPANSION | (arith ? DF_SH_W_ARITH : DF_SH_W_CMDSUBST);
    } else if (d == '{') {
        end = skip_raw(p, st + 2, in_dq ? CTX_DQBRACE : CTX_BRACE, st,
                       "unterminated parameter expansion");
        *flags |= DF_SH_W_EXPANSION;
    } else if (d == '\'' && !in_dq) {
        scan_ansi(p, flags);
        return;
    } else if (d == '"' && !in_dq) {
        p->pos++; /* $"..." is a double-quoted string */
        return;
    } else if (is_name_start(d)) {
        end = st + 2;
        while (end < p->len && is_name_char(p->s[end]))
            end++;
        *flags |= DF_SH_W_EXPANSION;
    } else if (d != '\0' && (is_digit(d) || strchr("@*#?-$!", d))) {
        end = st + 2;
        *flags |= DF_SH_W_EXPANSION;
    } else {
        end = st + 1;
    }
    if (p->failed)
        return;
    put(p, p->s + st, end - st);
    p->pos = end;
}

/* pos at a command substitution kept as raw text: a backquote (`open` 1)
 * or <( >( (`open` 2), closed as ctx says. */
static void scan_subst(parser *p, unsigned *flags, size_t open, skip_ctx ctx, const char *what)
{
    size_t st = p->pos;
    size_t end = skip_raw(p, st + open, ctx, st, what);
    if (p->failed)
        return;
    *flags |= DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST;
    put(p, p->s + st, end - st);
    p->pos = end;
}

/* pos at a backquote. */
static void scan_backquote(parser *p, unsigned *flags)
{
    scan_subst(p, flags, 1, CTX_BQ, "unterminated backquote");
}

/* pos at a backslash outside single quotes. In double quotes only
 * $ ` " \ and newline are escaped. */
static void scan_backslash(parser *p, unsigned *flags, bool in_dq)
{
    char d = at(p, p->pos + 1);
    if (p->pos + 1 >= p->len) {
        putc_(p, '\\');
        p->pos++;
    } else if (d == '\n') {
        p->pos += 2; /* line continuation */
    } else if (!in_dq || strchr("$`\"\\", d)) {
        putc_(p, d);
        *flags |= DF_SH_W_QUOTED;
        p->pos += 2;
    } else {
        putc_(p, '\\');
        p->pos++;
    }
}

/* pos at a double quote. */
static void scan_dquote(parser *p, unsigned *flags)
{
    size_t open = p->pos++;
    *flags |= DF_SH_W_QUOTED;
    while (p->pos < p->len && !p->failed) {
        char c = p->s[p->pos];
        if (c == '"') {
            p->pos++;
            return;
        }
        if (c == '\\')
            scan_backslash(p, flags, true);
        else if (c == '$')
            scan_dollar(p, flags, true);
        else if (c == '`')
            scan_backquote(p, flags);
        else {
            /* the run of bytes up to the next " \ $ or `, put at once (a
             * put per byte was most of the lexer's puts) */
            size_t i = p->pos + 1;
            while (i < p->len && !(byte_class[(unsigned char)p->s[i]] & CL_DQSTOP))
                i++;
            put(p, p->s + p->pos, i - p->pos);
            p->pos = i;
        }
    }
    fail(p, open, "unterminated double quote");
}

/* pos at a single quote. */
static void scan_squote(parser *p, unsigned *flags)
{
    size_t end = skip_squote(p, p->pos);
    if (p->failed)
        return;
    *flags |= DF_SH_W_QUOTED;
    put(p, p->s + p->pos + 1, end - p->pos - 2);
    p->pos = end;
}

/* pos at <( or >(: a process substitution word part. */
static void scan_procsubst(parser *p, unsigned *flags)
{
    scan_subst(p, flags, 2, CTX_PAREN, "unterminated process substitution");
}

/* One unquoted character of a word: note glob and tilde characters. */
static void scan_plain(parser *p, unsigned *flags, size_t start, bool *bracket)
{
    /* the whole run of plain bytes from pos, put at once (a put per byte
     * was a sixth of the shell parser); not put at all when the word so
     * far is its text (its value is written in place: parser.values) */
    size_t i = p->pos;
    while (i < p->len) {
        char c = p->s[i];
        unsigned k = byte_class[(unsigned char)c];
        if (k) { /* one test for the common byte of no class */
            if (k & CL_STOP)
                break;
            if (c == '*' || c == '?')
                *flags |= DF_SH_W_GLOB;
            else if (c == '[')
                *bracket = true;
            else if (c == ']' && *bracket)
                *flags |= DF_SH_W_GLOB;
            else if (c == '~' && i == start)
                *flags |= DF_SH_W_TILDE;
        }
        i++;
    }
    if (p->out != p->pos)
        put(p, p->s + p->pos, i - p->pos);
    else
        p->out = i; /* already there */
    p->pos = i;
}

/* Scan the word at pos into w (value in the arena), its first bytes up to
 * `plain` already read by lex: plain bytes of no class. */
static bool scan_word(parser *p, df_sh_word *w, size_t plain)
{
    size_t start = p->pos;
    unsigned flags = 0;
    bool bracket = false;
    /* a word that starts with <( or >( may start at the byte where the
     * word before it wrote its NUL: its value (the <(...) put from the
     * text first) becomes a string of its own, and that byte is put back */
    bool procsubst = byte_class[(unsigned char)p->s[start]] & CL_META;
    char saved = p->values[start];
    p->pos = p->out = plain;
    while (p->pos < p->len && !p->failed) {
        char c = p->s[p->pos];
        if (!(byte_class[(unsigned char)c] & CL_STOP)) { /* scan_plain's bytes */
            scan_plain(p, &flags, start, &bracket);
            continue;
        }
        if (is_meta(c) && !(p->pos == start && (c == '<' || c == '>') && at(p, p->pos + 1) == '('))
            break;
        if (is_meta(c)) {
            scan_procsubst(p, &flags);
            continue;
        }
        switch (c) {
        case '\\': scan_backslash(p, &flags, false); break;
        case '\'': scan_squote(p, &flags); break;
        case '"': scan_dquote(p, &flags); break;
        case '$': scan_dollar(p, &flags, false); break;
        default: scan_backquote(p, &flags); break;
        }
    }
    if (p->failed)
        return false;
    w->span.start = start;
    w->span.end = p->pos;
    w->flags = flags;
    w->value_len = p->out - start;
    p->values[p->out] = '\0';
    w->value = p->values + start;
    if (procsubst) {
        w->value = df_arena_strndup(p->a, w->value, w->value_len);
        p->values[start] = saved;
        if (!w->value) {
            oom(p);
            return false;
        }
    }
    return true;
}

/* ---- lexer ----------------------------------------------------------- */

/* Skip blanks, line continuations and a comment. */
static void skip_blanks(parser *p)
{
    const char *s = p->s;
    size_t i = p->pos, len = p->len;
    while (i < len) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            i++;
        } else if (c == '\\' && i + 1 < len && s[i + 1] == '\n') {
            i += 2;
        } else if (c == '#') {
            const char *nl = memchr(s + i, '\n', len - i);
            i = nl ? (size_t)(nl - s) : len;
        } else {
            break;
        }
    }
    p->pos = i;
}

/* Read the body of one here-document starting at pos. */
static void read_heredoc(parser *p, const pending_hd *ph)
{
    df_sh_heredoc *hd = ph->hd;
    size_t body = p->pos;
    while (p->pos < p->len) {
        size_t ls = p->pos;
        const char *nl = memchr(p->s + ls, '\n', p->len - ls);
        size_t le = nl ? (size_t)(nl - p->s) : p->len;
        size_t cs = ls;
        if (hd->strip_tabs)
            while (cs < le && p->s[cs] == '\t')
                cs++;
        p->pos = nl ? le + 1 : le;
        if (le - cs == hd->delim_len && memcmp(p->s + cs, hd->delim, hd->delim_len) == 0) {
            hd->present = true;
            hd->body = (df_span){body, ls};
            hd->terminator = (df_span){ls, p->pos};
            return;
        }
    }
    fail(p, ph->at, "unterminated here-document");
}

/* After a newline token: read the bodies of pending here-documents. */
static void read_heredocs(parser *p)
{
    const pending_hd *ph = p->pending.data;
    for (size_t i = 0; i < p->pending.n && !p->failed; i++)
        read_heredoc(p, &ph[i]);
    p->pending.n = 0;
}

/* Length of the redirection operator at i (0 if none) and its kind. */
static size_t redir_op(const parser *p, size_t i, df_sh_redir_op *op)
{
    char c = at(p, i), d = at(p, i + 1), e = at(p, i + 2);
    if (c == '<') {
        if (d == '<' && e == '<') return *op = DF_SH_R_HERESTRING, 3;
        if (d == '<' && e == '-') return *op = DF_SH_R_HEREDOC_TAB, 3;
        if (d == '<') return *op = DF_SH_R_HEREDOC, 2;
        if (d == '&') return *op = DF_SH_R_DUPIN, 2;
        if (d == '>') return *op = DF_SH_R_RDWR, 2;
        return *op = DF_SH_R_IN, 1;
    }
    if (c == '>') {
        if (d == '>') return *op = DF_SH_R_APPEND, 2;
        if (d == '&') return *op = DF_SH_R_DUPOUT, 2;
        if (d == '|') return *op = DF_SH_R_CLOBBER, 2;
        return *op = DF_SH_R_OUT, 1;
    }
    if (c == '&' && d == '>') {
        if (e == '>') return *op = DF_SH_R_ALL_APPEND, 3;
        return *op = DF_SH_R_ALL, 2;
    }
    return 0;
}

/* Operators made of & | ; ( ): type and length, or 0. */
static size_t control_op(const parser *p, size_t i, tok_type *t)
{
    char c = at(p, i), d = at(p, i + 1), e = at(p, i + 2);
    switch (c) {
    case '&':
        if (d == '&') return *t = T_AND, 2;
        return *t = T_AMP, 1;
    case '|':
        if (d == '|') return *t = T_OR, 2;
        if (d == '&') return *t = T_PIPE_AMP, 2;
        return *t = T_PIPE, 1;
    case ';':
        if (d == ';' && e == '&') return *t = T_DSEMI_AMP, 3;
        if (d == ';') return *t = T_DSEMI, 2;
        if (d == '&') return *t = T_SEMI_AMP, 2;
        return *t = T_SEMI, 1;
    case '(':
        return *t = T_LPAREN, 1;
    case ')':
        return *t = T_RPAREN, 1;
    default:
        return 0;
    }
}

/* A redirection at pos, with an optional io number before it. */
static bool lex_redir(parser *p, token *t)
{
    size_t i = p->pos;
    int fd = -1;
    while (i < p->len && is_digit(p->s[i]) && i - p->pos < 4)
        i++;
    if (i > p->pos) {
        if (at(p, i) != '<' && at(p, i) != '>')
            return false;
        fd = 0;
        for (size_t k = p->pos; k < i; k++)
            fd = fd * 10 + (p->s[k] - '0');
    }
    if (at(p, i) != '&' && at(p, i + 1) == '(')
        return false; /* <( or >( : process substitution */
    size_t n = redir_op(p, i, &t->rop);
    if (!n)
        return false;
    t->type = T_REDIR;
    t->fd = fd;
    p->pos = i + n;
    return true;
}

/* The tokens lex does not make itself: the end, a newline, an operator, a
 * redirection, a word with more than plain bytes (the first bytes of
 * which, up to `plain`, are plain). Out of line: the common token is made
 * with nothing to save. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void lex_other(parser *p, size_t plain)
{
    token *t = &p->cur;
    size_t pos = p->pos;
    if (p->failed || pos >= p->len) {
        t->type = T_EOF;
    } else if (p->s[pos] == '\n') {
        t->type = T_NEWLINE;
        p->pos++;
        t->span.end = p->pos;
        read_heredocs(p);
        return;
    } else if (!(byte_class[(unsigned char)p->s[pos]] & CL_META) && !is_digit(p->s[pos])) {
        /* neither an operator nor an io number can start here: a word
         * (lex_redir and control_op would say no, after a dozen tests) */
        if (scan_word(p, &t->word, plain))
            t->type = T_WORD;
        else
            t->type = T_EOF;
    } else if ((p->s[pos] == '&' && at(p, pos + 1) != '>') || p->s[pos] == '|' || p->s[pos] == ';' ||
               p->s[pos] == '(' || p->s[pos] == ')') {
        /* an operator, && most often, where no redirection starts (lex_redir
         * would say no, after its tests) */
        p->pos += control_op(p, pos, &t->type);
    } else if (!lex_redir(p, t)) {
        size_t n = control_op(p, pos, &t->type);
        if (n)
            p->pos += n;
        else if (scan_word(p, &t->word, pos))
            t->type = T_WORD;
        else
            t->type = T_EOF;
    }
    t->span.end = p->pos;
}

/* Advance to the next token. Only the fields of its type are set (the
 * others keep what an earlier token left: no one reads them). */
static void lex(parser *p)
{
    token *t = &p->cur;
    skip_blanks(p);
    size_t pos = p->pos, i = pos, len = p->len;
    t->span.start = pos;
    /* most words are plain bytes up to a blank or an operator: their
     * value is their text (parser.values), made here. Read in values,
     * which ends with a NUL (no test of the length per byte) and is the
     * text from pos on but for a NUL the word before may have written at
     * pos (where an operator is: no plain byte) */
    const unsigned char *v = (const unsigned char *)p->values;
    while (!byte_class[v[i]])
        i++;
    if (i > pos && !is_digit((char)v[pos]) && !p->failed &&
        (i == len || (byte_class[v[i]] & CL_META))) {
        t->type = T_WORD;
        t->word.span.start = pos;
        t->word.span.end = i;
        t->word.flags = 0;
        t->word.value = p->values + pos;
        t->word.value_len = i - pos;
        p->values[i] = '\0';
        p->pos = t->span.end = i;
        return;
    }
    lex_other(p, i);
}

/* ---- grammar helpers -------------------------------------------------- */

/* Whether t is the unquoted reserved word k. */
/* inline: callers pass literals, whose strlen the compiler then folds */
static inline bool kw(const token *t, const char *k)
{
    size_t n = strlen(k);
    return t->type == T_WORD && !(t->word.flags & (DF_SH_W_QUOTED | DF_SH_W_EXPANSION)) &&
           t->word.value_len == n && memcmp(t->word.value, k, n) == 0;
}

static void unexpected(parser *p)
{
    const token *t = &p->cur;
    char msg[96];
    if (t->type == T_EOF) {
        fail(p, t->span.start, "unexpected end of input");
        return;
    }
    if (t->type == T_NEWLINE) {
        fail(p, t->span.start, "unexpected newline");
        return;
    }
    size_t n = t->span.end - t->span.start;
    int shown = n > 40 ? 40 : (int)n;
    snprintf(msg, sizeof msg, "unexpected '%.*s%s'", shown, p->s + t->span.start,
             n > 40 ? "..." : "");
    fail(p, t->span.start, msg);
}

/* The construct opened at `open` (named what) lacks its end: say so at EOF,
 * otherwise complain about the token found. */
static void fail_expect(parser *p, size_t open, const char *what)
{
    char msg[64];
    if (p->cur.type != T_EOF) {
        unexpected(p);
        return;
    }
    snprintf(msg, sizeof msg, "unterminated '%s'", what);
    fail(p, open, msg);
}

/* Consume reserved word k closing the construct `what`; returns its end. */
static size_t expect_kw(parser *p, const char *k, size_t open, const char *what)
{
    if (p->failed)
        return 0;
    if (!kw(&p->cur, k)) {
        fail_expect(p, open, what);
        return 0;
    }
    size_t end = p->cur.span.end;
    lex(p);
    return end;
}

static void skip_newlines(parser *p)
{
    while (p->cur.type == T_NEWLINE)
        lex(p);
}

static bool at_list_end(const parser *p)
{
    const df_sh_word *w = &p->cur.word;
    switch (p->cur.type) {
    case T_EOF:
    case T_RPAREN:
    case T_DSEMI:
    case T_SEMI_AMP:
    case T_DSEMI_AMP:
        return true;
    case T_WORD:
        /* the unquoted reserved words then else elif fi do done esac }
         * (kw() for each: a strlen and a compare per word of every script) */
        if (w->flags & (DF_SH_W_QUOTED | DF_SH_W_EXPANSION))
            return false;
        switch (w->value_len) {
        case 1:
            return w->value[0] == '}';
        case 2:
            return memcmp(w->value, "fi", 2) == 0 || memcmp(w->value, "do", 2) == 0;
        case 4:
            return memcmp(w->value, "then", 4) == 0 || memcmp(w->value, "else", 4) == 0 ||
                   memcmp(w->value, "elif", 4) == 0 || memcmp(w->value, "done", 4) == 0 ||
                   memcmp(w->value, "esac", 4) == 0;
        default:
            return false;
        }
    default:
        return false;
    }
}

static df_sh_op list_op(tok_type t)
{
    switch (t) {
    case T_AND: return DF_SH_OP_AND;
    case T_OR: return DF_SH_OP_OR;
    case T_SEMI: return DF_SH_OP_SEMI;
    case T_AMP: return DF_SH_OP_AMP;
    case T_NEWLINE: return DF_SH_OP_NEWLINE;
    default: return DF_SH_OP_NONE;
    }
}

static df_sh_node *new_node(parser *p, df_sh_kind kind, size_t start)
{
    /* a simple command's node (most nodes) is not cleared: parse_simple
     * sets every field it has */
    df_sh_node *n = kind == DF_SH_SIMPLE ? df_arena_alloc_uninit(p->a, sizeof *n) : df_arena_alloc(p->a, sizeof *n);
    if (!n) {
        oom(p);
        return NULL;
    }
    n->kind = kind;
    n->span.start = n->span.end = start;
    if (kind == DF_SH_SIMPLE)
        p->nsimple++;
    return n;
}

/* ---- grammar ----------------------------------------------------------- */

static df_sh_node *parse_pipeline(parser *p);
static df_sh_node *parse_command(parser *p);
static size_t view_name(const df_sh_word *words, size_t n);

/* list: and-or lists separated by ; & newline, until a list terminator. */
static void parse_list(parser *p, df_sh_list *out)
{
    size_t mark = p->st_items.n;
    skip_newlines(p);
    size_t start = p->cur.span.start;
    out->span = (df_span){start, start};
    while (!p->failed && !at_list_end(p)) {
        df_sh_node *nd = parse_pipeline(p);
        df_sh_item *it = nd ? stack_push(p, &p->st_items, sizeof *it) : NULL;
        if (!it)
            break;
        it->node = nd;
        it->op = list_op(p->cur.type);
        if (it->op == DF_SH_OP_NONE) {
            it->op_span = (df_span){nd->span.end, nd->span.end};
            break;
        }
        it->op_span = p->cur.span;
        lex(p);
        skip_newlines(p);
        if ((it->op == DF_SH_OP_AND || it->op == DF_SH_OP_OR) && at_list_end(p))
            unexpected(p);
    }
    out->items = stack_take(p, &p->st_items, mark, sizeof *out->items, &out->n);
    if (out->n)
        out->span.end = out->items[out->n - 1].op_span.end;
}

/* A list that must not be empty, inside the construct `what` opened at open. */
static void parse_body(parser *p, df_sh_list *out, size_t open, const char *what)
{
    parse_list(p, out);
    if (!p->failed && out->n == 0)
        fail_expect(p, open, what);
}

static df_sh_node *parse_pipeline(parser *p)
{
    size_t start = p->cur.span.start;
    bool bang = kw(&p->cur, "!");
    df_span bang_span = p->cur.span;
    if (bang)
        lex(p);
    df_sh_node *first = parse_command(p);
    if (!first || (!bang && p->cur.type != T_PIPE && p->cur.type != T_PIPE_AMP))
        return first;
    vec cmds = {0}, pipes = {0}, ops = {0};
    df_sh_node **slot = vec_push(p, &cmds, sizeof *slot);
    if (slot)
        *slot = first;
    while (!p->failed && (p->cur.type == T_PIPE || p->cur.type == T_PIPE_AMP)) {
        df_span *ps = vec_push(p, &pipes, sizeof *ps);
        df_sh_op *op = vec_push(p, &ops, sizeof *op);
        if (!ps || !op)
            return NULL;
        *ps = p->cur.span;
        *op = p->cur.type == T_PIPE ? DF_SH_OP_PIPE : DF_SH_OP_PIPE_AMP;
        lex(p);
        skip_newlines(p);
        df_sh_node *c = parse_command(p);
        slot = c ? vec_push(p, &cmds, sizeof *slot) : NULL;
        if (!slot)
            return NULL;
        *slot = c;
    }
    df_sh_node *nd = new_node(p, DF_SH_PIPELINE, start);
    if (!nd || p->failed)
        return NULL;
    nd->pipeline.cmds = cmds.data;
    nd->pipeline.n = cmds.n;
    nd->pipeline.pipes = pipes.data;
    nd->pipeline.ops = ops.data;
    nd->pipeline.bang = bang;
    nd->pipeline.bang_span = bang ? bang_span : (df_span){start, start};
    nd->span.end = nd->pipeline.cmds[cmds.n - 1]->span.end;
    return nd;
}

/* cur is a redirection operator: append it (with its target) to v. */
static void parse_redir(parser *p, vec *v)
{
    token op = p->cur;
    lex(p);
    if (p->cur.type != T_WORD) {
        if (!p->failed)
            unexpected(p);
        return;
    }
    df_sh_redir *r = vec_push(p, v, sizeof *r);
    if (!r)
        return;
    r->span = (df_span){op.span.start, p->cur.span.end};
    r->fd = op.fd;
    r->op = op.rop;
    r->target = p->cur.word;
    if (op.rop == DF_SH_R_HEREDOC || op.rop == DF_SH_R_HEREDOC_TAB) {
        df_sh_heredoc *hd = df_arena_alloc(p->a, sizeof *hd);
        pending_hd *ph = hd ? vec_push(p, &p->pending, sizeof *ph) : NULL;
        if (!ph) {
            oom(p);
            return;
        }
        hd->expands = !(r->target.flags & DF_SH_W_QUOTED);
        hd->strip_tabs = op.rop == DF_SH_R_HEREDOC_TAB;
        hd->delim = r->target.value;
        hd->delim_len = r->target.value_len;
        hd->body = hd->terminator = (df_span){p->len, p->len};
        ph->hd = hd;
        ph->at = op.span.start;
        r->heredoc = hd;
    }
    lex(p); /* may read the heredoc body at a newline */
}

/* Redirections after a compound command. */
static df_sh_node *parse_trailing_redirs(parser *p, df_sh_node *nd)
{
    vec redirs = {0};
    while (nd && !p->failed && p->cur.type == T_REDIR)
        parse_redir(p, &redirs);
    if (!nd || p->failed)
        return NULL;
    nd->redirs = redirs.data;
    nd->nredirs = redirs.n;
    if (redirs.n)
        nd->span.end = nd->redirs[redirs.n - 1].span.end;
    return nd;
}

/* If word w (raw text in the input) is NAME=value, fill a and return true. */
static bool as_assignment(parser *p, const df_sh_word *w, df_sh_assign *a)
{
    size_t i = w->span.start, end = w->span.end;
    if (!is_name_start(p->s[i]))
        return false;
    while (i < end && is_name_char(p->s[i]))
        i++;
    size_t name_end = i;
    bool append = i < end && p->s[i] == '+';
    if (append)
        i++;
    if (i >= end || p->s[i] != '=')
        return false;
    size_t prefix = i + 1 - w->span.start; /* NAME= is literal in value too */
    a->span = w->span;
    a->name_len = name_end - w->span.start;
    a->append = append;
    a->value = *w;
    a->value.span.start = i + 1;
    a->value.value = w->value + prefix;
    a->value.value_len = w->value_len - prefix;
    /* the name is the start of the word's value (parser.values), ended
     * where the '=' (or '+') was: the word itself is read no more */
    a->name = w->value;
    p->values[name_end] = '\0';
    return true;
}

static df_sh_node *parse_compound_body(parser *p);

/* cur is `(` after the name word of a function definition. */
static df_sh_node *parse_funcdef(parser *p, const df_sh_word *name, size_t start)
{
    lex(p);
    if (p->cur.type != T_RPAREN) {
        unexpected(p);
        return NULL;
    }
    lex(p);
    skip_newlines(p);
    df_sh_node *body = parse_compound_body(p);
    df_sh_node *nd = body ? new_node(p, DF_SH_FUNCTION, start) : NULL;
    if (!nd)
        return NULL;
    nd->func.name = *name;
    nd->func.body = body;
    nd->span.end = body->span.end;
    return nd;
}

/* Simple command: assignments, words and redirections in any order. */
static df_sh_node *parse_simple(parser *p)
{
    size_t start = p->cur.span.start, end = start;
    size_t wmark = p->st_words.n, amark = p->st_assigns.n;
    vec redirs = {0};
    while (!p->failed) {
        if (p->cur.type == T_REDIR) {
            parse_redir(p, &redirs);
            if (redirs.n)
                end = ((df_sh_redir *)redirs.data)[redirs.n - 1].span.end;
            continue;
        }
        if (p->cur.type != T_WORD)
            break;
        df_sh_assign a;
        if (p->st_words.n == wmark && as_assignment(p, &p->cur.word, &a)) {
            df_sh_assign *slot = stack_push(p, &p->st_assigns, sizeof *slot);
            if (slot)
                *slot = a;
        } else {
            df_sh_word *slot = stack_push(p, &p->st_words, sizeof *slot);
            if (slot)
                *slot = p->cur.word;
        }
        end = p->cur.span.end;
        lex(p);
        if (p->st_words.n == wmark + 1 && p->st_assigns.n == amark && redirs.n == 0 &&
            p->cur.type == T_LPAREN) {
            /* name() body: the name leaves the stack before the body,
             * whose commands push on it */
            df_sh_word name = ((df_sh_word *)p->st_words.data)[wmark];
            p->st_words.n = wmark;
            return parse_funcdef(p, &name, start);
        }
    }
    df_sh_node *nd = p->failed ? NULL : new_node(p, DF_SH_SIMPLE, start);
    if (!nd)
        return NULL;
    nd->span.end = end;
    nd->simple.assigns = stack_take(p, &p->st_assigns, amark, sizeof *nd->simple.assigns, &nd->simple.nassigns);
    nd->simple.words = stack_take(p, &p->st_words, wmark, sizeof *nd->simple.words, &nd->simple.nwords);
    if (p->failed)
        return NULL;
    nd->simple.view_name = view_name(nd->simple.words, nd->simple.nwords) + 1;
    nd->redirs = redirs.data;
    nd->nredirs = redirs.n;
    return nd;
}

static df_sh_node *parse_subshell(parser *p)
{
    size_t start = p->cur.span.start;
    lex(p);
    df_sh_node *nd = new_node(p, DF_SH_SUBSHELL, start);
    if (!nd)
        return NULL;
    parse_body(p, &nd->group.body, start, "(");
    if (p->failed)
        return NULL;
    if (p->cur.type != T_RPAREN) {
        fail_expect(p, start, "(");
        return NULL;
    }
    nd->span.end = p->cur.span.end;
    lex(p);
    return nd;
}

static df_sh_node *parse_group(parser *p)
{
    size_t start = p->cur.span.start;
    lex(p);
    df_sh_node *nd = new_node(p, DF_SH_GROUP, start);
    if (!nd)
        return NULL;
    parse_body(p, &nd->group.body, start, "{");
    nd->span.end = expect_kw(p, "}", start, "{");
    return p->failed ? NULL : nd;
}

static df_sh_node *parse_if(parser *p)
{
    size_t start = p->cur.span.start;
    df_sh_node *nd = new_node(p, DF_SH_IF, start);
    vec clauses = {0};
    lex(p);
    while (nd && !p->failed) {
        df_sh_if_clause *c = vec_push(p, &clauses, sizeof *c);
        if (!c)
            return NULL;
        parse_body(p, &c->cond, start, "if");
        expect_kw(p, "then", start, "if");
        parse_body(p, &c->body, start, "if");
        if (kw(&p->cur, "elif")) {
            lex(p);
            continue;
        }
        if (kw(&p->cur, "else")) {
            lex(p);
            nd->if_.has_else = true;
            parse_body(p, &nd->if_.else_body, start, "if");
        }
        nd->span.end = expect_kw(p, "fi", start, "if");
        break;
    }
    if (p->failed)
        return NULL;
    nd->if_.clauses = clauses.data;
    nd->if_.n = clauses.n;
    return nd;
}

static df_sh_node *parse_loop(parser *p, df_sh_kind kind)
{
    size_t start = p->cur.span.start;
    const char *what = kind == DF_SH_WHILE ? "while" : "until";
    df_sh_node *nd = new_node(p, kind, start);
    if (!nd)
        return NULL;
    lex(p);
    parse_body(p, &nd->loop.cond, start, what);
    expect_kw(p, "do", start, what);
    parse_body(p, &nd->loop.body, start, what);
    nd->span.end = expect_kw(p, "done", start, what);
    return p->failed ? NULL : nd;
}

/* `in word...` of a for loop, up to and including its separator. */
static void parse_for_words(parser *p, df_sh_node *nd, size_t start)
{
    vec words = {0};
    nd->for_.has_in = true;
    lex(p);
    while (!p->failed && p->cur.type == T_WORD) {
        df_sh_word *w = vec_push(p, &words, sizeof *w);
        if (w)
            *w = p->cur.word;
        lex(p);
    }
    nd->for_.words = words.data;
    nd->for_.nwords = words.n;
    if (p->cur.type != T_SEMI && p->cur.type != T_NEWLINE) {
        fail_expect(p, start, "for");
        return;
    }
    lex(p);
}

static df_sh_node *parse_for(parser *p)
{
    size_t start = p->cur.span.start;
    df_sh_node *nd = new_node(p, DF_SH_FOR, start);
    if (!nd)
        return NULL;
    lex(p);
    if (p->cur.type != T_WORD) {
        fail_expect(p, start, "for");
        return NULL;
    }
    nd->for_.var = p->cur.word;
    lex(p);
    if (p->cur.type == T_SEMI)
        lex(p);
    skip_newlines(p);
    if (kw(&p->cur, "in"))
        parse_for_words(p, nd, start);
    skip_newlines(p);
    expect_kw(p, "do", start, "for");
    parse_body(p, &nd->for_.body, start, "for");
    nd->span.end = expect_kw(p, "done", start, "for");
    return p->failed ? NULL : nd;
}

/* Patterns of a case item up to and including `)`. */
static void parse_patterns(parser *p, df_sh_case_item *it, size_t start)
{
    vec pats = {0};
    if (p->cur.type == T_LPAREN)
        lex(p);
    for (;;) {
        if (p->cur.type != T_WORD) {
            fail_expect(p, start, "case");
            return;
        }
        df_sh_word *w = vec_push(p, &pats, sizeof *w);
        if (!w)
            return;
        *w = p->cur.word;
        lex(p);
        if (p->cur.type != T_PIPE)
            break;
        lex(p);
    }
    it->patterns = pats.data;
    it->npatterns = pats.n;
    if (p->cur.type != T_RPAREN) {
        fail_expect(p, start, "case");
        return;
    }
    it->span.end = p->cur.span.end;
    lex(p);
}

static df_sh_op case_term(tok_type t)
{
    switch (t) {
    case T_DSEMI: return DF_SH_OP_DSEMI;
    case T_SEMI_AMP: return DF_SH_OP_SEMI_AMP;
    case T_DSEMI_AMP: return DF_SH_OP_DSEMI_AMP;
    default: return DF_SH_OP_NONE;
    }
}

/* One case item; cur is at its first pattern (or its '('). */
static void parse_case_item(parser *p, df_sh_case_item *it, size_t start)
{
    it->span.start = p->cur.span.start;
    parse_patterns(p, it, start);
    if (p->failed)
        return;
    parse_list(p, &it->body);
    it->term = case_term(p->cur.type);
    if (it->term != DF_SH_OP_NONE) {
        it->term_span = p->cur.span;
        it->span.end = p->cur.span.end;
        lex(p);
        skip_newlines(p);
    } else if (!p->failed && kw(&p->cur, "esac")) {
        if (it->body.n)
            it->span.end = it->body.span.end;
        it->term_span = (df_span){it->span.end, it->span.end};
    } else {
        fail_expect(p, start, "case");
    }
}

static df_sh_node *parse_case(parser *p)
{
    size_t start = p->cur.span.start;
    df_sh_node *nd = new_node(p, DF_SH_CASE, start);
    vec items = {0};
    if (!nd)
        return NULL;
    lex(p);
    if (p->cur.type != T_WORD) {
        fail_expect(p, start, "case");
        return NULL;
    }
    nd->case_.subject = p->cur.word;
    lex(p);
    skip_newlines(p);
    expect_kw(p, "in", start, "case");
    skip_newlines(p);
    while (!p->failed && !kw(&p->cur, "esac")) {
        df_sh_case_item *it = vec_push(p, &items, sizeof *it);
        if (!it)
            return NULL;
        parse_case_item(p, it, start);
    }
    nd->span.end = expect_kw(p, "esac", start, "case");
    if (p->failed)
        return NULL;
    nd->case_.items = items.data;
    nd->case_.n = items.n;
    return nd;
}

/* bash: function name [()] compound */
static df_sh_node *parse_function_kw(parser *p)
{
    size_t start = p->cur.span.start;
    lex(p);
    if (p->cur.type != T_WORD) {
        fail_expect(p, start, "function");
        return NULL;
    }
    df_sh_word name = p->cur.word;
    lex(p);
    if (p->cur.type == T_LPAREN) {
        lex(p);
        if (p->cur.type != T_RPAREN) {
            unexpected(p);
            return NULL;
        }
        lex(p);
    }
    skip_newlines(p);
    df_sh_node *body = parse_compound_body(p);
    df_sh_node *nd = body ? new_node(p, DF_SH_FUNCTION, start) : NULL;
    if (!nd)
        return NULL;
    nd->func.name = name;
    nd->func.body = body;
    nd->span.end = body->span.end;
    return nd;
}

/* A compound command at cur, or NULL without error if cur starts none. */
static df_sh_node *parse_compound(parser *p)
{
    const token *t = &p->cur;
    if (t->type == T_LPAREN)
        return parse_subshell(p);
    if (kw(t, "{"))
        return parse_group(p);
    if (kw(t, "if"))
        return parse_if(p);
    if (kw(t, "for"))
        return parse_for(p);
    if (kw(t, "while"))
        return parse_loop(p, DF_SH_WHILE);
    if (kw(t, "until"))
        return parse_loop(p, DF_SH_UNTIL);
    if (kw(t, "case"))
        return parse_case(p);
    if (kw(t, "function"))
        return parse_function_kw(p);
    return NULL;
}

static bool starts_compound(const token *t)
{
    /* the unquoted reserved words { if for while until case function, by
     * length (a kw() per word, each a strlen call, for the first word of
     * every command was a fortieth of the shell parser) */
    const df_sh_word *w = &t->word;
    if (t->type == T_LPAREN)
        return true;
    if (t->type != T_WORD || (w->flags & (DF_SH_W_QUOTED | DF_SH_W_EXPANSION)))
        return false;
    switch (w->value_len) {
    case 1:
        return w->value[0] == '{';
    case 2:
        return memcmp(w->value, "if", 2) == 0;
    case 3:
        return memcmp(w->value, "for", 3) == 0;
    case 4:
        return memcmp(w->value, "case", 4) == 0;
    case 5:
        return memcmp(w->value, "while", 5) == 0 || memcmp(w->value, "until", 5) == 0;
    case 8:
        return memcmp(w->value, "function", 8) == 0;
    default:
        return false;
    }
}

/* A compound command with its redirections, one recursion level deeper. */
static df_sh_node *parse_compound_cmd(parser *p)
{
    if (!enter(p, p->cur.span.start))
        return NULL;
    df_sh_node *nd = parse_compound(p);
    leave(p);
    return parse_trailing_redirs(p, nd);
}

/* The body of a function definition: must be a compound command. */
static df_sh_node *parse_compound_body(parser *p)
{
    if (p->failed)
        return NULL;
    if (!starts_compound(&p->cur)) {
        unexpected(p);
        return NULL;
    }
    return parse_compound_cmd(p);
}

static df_sh_node *parse_command(parser *p)
{
    if (p->failed)
        return NULL;
    if (starts_compound(&p->cur))
        return parse_compound_cmd(p);
    if (at_list_end(p) || kw(&p->cur, "!") ||
        (p->cur.type != T_WORD && p->cur.type != T_REDIR)) {
        unexpected(p);
        return NULL;
    }
    return parse_simple(p);
}

static int record_steps(df_arena *a, df_sh_script *s, size_t nsimple);

df_sh_script *df_sh_parse(df_arena *a, const char *text, size_t len, df_sh_error *err)
{
    parser p;
    memset(&p, 0, sizeof p);
    df_sh_word words0[32];
    df_sh_assign assigns0[8];
    df_sh_item items0[32];
    stack_init(&p.st_words, words0, sizeof words0 / sizeof words0[0]);
    stack_init(&p.st_assigns, assigns0, sizeof assigns0 / sizeof assigns0[0]);
    stack_init(&p.st_items, items0, sizeof items0 / sizeof items0[0]);
    p.a = a;
    p.s = text ? text : "";
    p.len = text ? len : 0;
    p.err = err;
    df_sh_script *s = df_arena_alloc(a, sizeof *s);
    p.values = df_arena_strndup(a, p.s, p.len);
    if (!s || !p.values) {
        oom(&p);
        return NULL;
    }
    s->text = p.s;
    s->len = p.len;
    lex(&p);
    parse_list(&p, &s->list);
    if (!p.failed && p.cur.type != T_EOF)
        unexpected(&p);
    stack_release(&p.st_words);
    stack_release(&p.st_assigns);
    stack_release(&p.st_items);
    if (!p.failed && record_steps(a, s, p.nsimple) < 0)
        oom(&p);
    return p.failed ? NULL : s;
}

const char *df_sh_op_text(df_sh_op op)
{
    static const char *const text[] = {"", "&&", "||", ";", "&", "\n", "|", "|&", ";;", ";&", ";;&"};
    return (size_t)op < sizeof text / sizeof text[0] ? text[op] : "";
}

/* ---- walker ----------------------------------------------------------- */

typedef struct {
    df_sh_visit_fn fn;
    void *user;
} walker;

static int walk_node(const walker *w, const df_sh_node *n, df_sh_ctx ctx);

static int walk_list(const walker *w, const df_sh_list *l, df_sh_ctx ctx)
{
    for (size_t i = 0; i < l->n; i++) {
        const df_sh_item *it = &l->items[i];
        df_sh_ctx c = ctx;
        c.list = l;
        c.index = i;
        if (i > 0 && (l->items[i - 1].op == DF_SH_OP_AND || l->items[i - 1].op == DF_SH_OP_OR))
            c.conditional = true;
        if (it->op == DF_SH_OP_AND || it->op == DF_SH_OP_OR)
            c.tested = true;
        if (it->op == DF_SH_OP_AMP)
            c.in_subshell = true;
        int r = walk_node(w, it->node, c);
        if (r)
            return r;
    }
    return 0;
}

static int walk_pipeline(const walker *w, const df_sh_node *n, df_sh_ctx ctx)
{
    ctx.pipeline = n;
    if (n->pipeline.bang)
        ctx.tested = true;
    if (n->pipeline.n > 1) {
        ctx.in_pipeline = true;
        ctx.depth++;
    }
    for (size_t i = 0; i < n->pipeline.n; i++) {
        int r = walk_node(w, n->pipeline.cmds[i], ctx);
        if (r)
            return r;
    }
    return 0;
}

/* Walk a condition list (status tested) then a body (conditional). */
static int walk_cond_body(const walker *w, const df_sh_list *cond, const df_sh_list *body,
                          df_sh_ctx ctx, bool cond_conditional)
{
    df_sh_ctx c = ctx;
    c.tested = true;
    c.conditional = ctx.conditional || cond_conditional;
    int r = walk_list(w, cond, c);
    if (r)
        return r;
    c = ctx;
    c.conditional = true;
    return walk_list(w, body, c);
}

static int walk_if(const walker *w, const df_sh_node *n, df_sh_ctx ctx)
{
    for (size_t i = 0; i < n->if_.n; i++) {
        const df_sh_if_clause *cl = &n->if_.clauses[i];
        int r = walk_cond_body(w, &cl->cond, &cl->body, ctx, i > 0);
        if (r)
            return r;
    }
    ctx.conditional = true;
    return n->if_.has_else ? walk_list(w, &n->if_.else_body, ctx) : 0;
}

static int walk_case(const walker *w, const df_sh_node *n, df_sh_ctx ctx)
{
    ctx.conditional = true;
    for (size_t i = 0; i < n->case_.n; i++) {
        int r = walk_list(w, &n->case_.items[i].body, ctx);
        if (r)
            return r;
    }
    return 0;
}

static int walk_node(const walker *w, const df_sh_node *n, df_sh_ctx ctx)
{
    if (n->kind == DF_SH_SIMPLE) {
        ctx.leaks = !ctx.in_subshell && !ctx.in_pipeline && !ctx.in_function;
        return w->fn(n, &ctx, w->user);
    }
    if (n->kind == DF_SH_PIPELINE)
        return walk_pipeline(w, n, ctx);
    ctx.depth++;
    ctx.parent = n;
    switch (n->kind) {
    case DF_SH_SUBSHELL:
        ctx.in_subshell = true;
        return walk_list(w, &n->group.body, ctx);
    case DF_SH_GROUP:
        return walk_list(w, &n->group.body, ctx);
    case DF_SH_IF:
        return walk_if(w, n, ctx);
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        return walk_cond_body(w, &n->loop.cond, &n->loop.body, ctx, false);
    case DF_SH_FOR:
        ctx.conditional = true;
        return walk_list(w, &n->for_.body, ctx);
    case DF_SH_CASE:
        return walk_case(w, n, ctx);
    case DF_SH_FUNCTION:
        ctx.in_function = true;
        ctx.conditional = true;
        return walk_node(w, n->func.body, ctx);
    default:
        return 0;
    }
}

static int walk_tree(const df_sh_script *s, df_sh_visit_fn fn, void *user)
{
    walker w = {fn, user};
    df_sh_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    return walk_list(&w, &s->list, ctx);
}

static int count_step(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)cmd;
    (void)ctx;
    (*(size_t *)user)++;
    return 0;
}

typedef struct {
    df_sh_step *next, *end;
} step_fill;

static int fill_step(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    step_fill *f = user;
    if (f->next == f->end)
        return 1; /* more commands than counted: see record_steps */
    f->next->cmd = cmd;
    f->next->ctx = *ctx;
    f->next++;
    return 0;
}

/* s->steps from one walk of the tree. nsimple is the number of SIMPLE
 * nodes the parser made, which is the number of steps: every one of them is
 * in the tree (a failed parse returns no tree) and the walk visits every
 * SIMPLE node. Should the two ever disagree, the walk is done again with a
 * count first, as it was before the parser counted (a walk only to count was
 * a twentieth of df_sh_parse). */
static int record_steps(df_arena *a, df_sh_script *s, size_t nsimple)
{
    s->nsteps = 0;
    s->steps = NULL;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            nsimple = 0;
            walk_tree(s, count_step, &nsimple);
        }
        if (!nsimple) {
            if (pass == 0)
                continue; /* none made: the counting walk says so too */
            return 0;
        }
        df_sh_step *v = df_arena_alloc_uninit(a, nsimple * sizeof *v);
        if (!v)
            return -1;
        step_fill f = {v, v + nsimple};
        if (walk_tree(s, fill_step, &f) == 0) {
            s->steps = v;
            s->nsteps = (size_t)(f.next - v);
            return 0;
        }
    }
    return -1;
}

int df_sh_walk(const df_sh_script *s, df_sh_visit_fn fn, void *user)
{
    if (!s || !fn)
        return 0;
    for (size_t i = 0; i < s->nsteps; i++) {
        int r = fn(s->steps[i].cmd, &s->steps[i].ctx, user);
        if (r)
            return r;
    }
    return 0;
}

/* ---- arguments ---------------------------------------------------------- */

static bool short_takes_value(const df_sh_flagspec *spec, char c)
{
    return spec && spec->short_value && c != '\0' && strchr(spec->short_value, c);
}

static bool long_takes_value(const df_sh_flagspec *spec, const char *s, size_t n)
{
    if (!spec || !spec->long_value)
        return false;
    /* a byte loop, not strncmp and strlen: the names share their "--"
     * and differ within a few bytes (half a million calls on the corpus).
     * The loop stops at the name's NUL (a word may hold one: $'\0'). */
    for (const char *const *l = spec->long_value; *l; l++) {
        const char *lit = *l;
        /* s starts with "--": a name that does too and differs at the
         * next byte, as most do, is passed over at once */
        if (n > 2 && lit[0] == '-' && lit[1] == '-' && lit[2] != s[2])
            continue;
        size_t i = 0;
        while (i < n && lit[i] && lit[i] == s[i])
            i++;
        if (i == n && lit[n] == '\0')
            return true;
    }
    return false;
}

/* Take the next word of v as the value of the flag in out. */
static void take_value_word(const df_sh_view *v, df_sh_argit *it, df_sh_arg *out)
{
    if (it->next >= v->nargs)
        return;
    out->value_word = &v->args[it->next++];
    out->value = out->value_word->value;
    out->value_len = out->value_word->value_len;
}

void df_sh_arg_flag(const df_sh_view *v, const df_sh_flagspec *spec, df_sh_argit *it, df_sh_arg *out)
{
    const char *s = out->word->value;
    size_t n = out->word->value_len;
    out->kind = DF_SH_ARG_FLAG;
    if (s[1] == '-') {
        const char *eq = memchr(s, '=', n);
        if (eq) {
            out->value = eq + 1;
            out->value_len = n - (size_t)(eq + 1 - s);
        } else if (long_takes_value(spec, s, n)) {
            take_value_word(v, it, out);
        }
        return;
    }
    for (size_t k = 1; k < n; k++) {
        if (!short_takes_value(spec, s[k]))
            continue;
        if (k + 1 < n) {
            out->value = s + k + 1;
            out->value_len = n - k - 1;
        } else {
            take_value_word(v, it, out);
        }
        return;
    }
}

/* df_sh_arg_next is inline (shell.h). */

const df_sh_word *df_sh_subcommand(const df_sh_view *v, const df_sh_flagspec *spec)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, spec, &it, &a))
        if (a.kind == DF_SH_ARG_OPERAND)
            return a.word;
    return NULL;
}

/* Whether flag argument a gives `flag`. */
static bool flag_matches(const df_sh_flagspec *spec, const df_sh_arg *a, const char *flag,
                         size_t fl)
{
    const char *s = a->word->value;
    size_t n = a->word->value_len;
    if (flag[1] == '-' || fl != 2)
        return (n == fl || (n > fl && s[fl] == '=' && flag[1] == '-')) &&
               memcmp(s, flag, fl) == 0;
    if (s[1] == '-')
        return false;
    for (size_t k = 1; k < n; k++) {
        if (s[k] == flag[1])
            return true;
        if (short_takes_value(spec, s[k]))
            return false;
    }
    return false;
}

bool df_sh_find_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *flag,
                     df_sh_arg *out)
{
    size_t fl = flag ? strlen(flag) : 0;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    if (fl < 2 || flag[0] != '-')
        return false;
    while (df_sh_arg_next(v, spec, &it, &a)) {
        if (a.kind == DF_SH_ARG_FLAG && flag_matches(spec, &a, flag, fl)) {
            if (out)
                *out = a;
            return true;
        }
    }
    return false;
}

bool df_sh_has_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *flag)
{
    return df_sh_find_flag(v, spec, flag, NULL);
}

bool df_sh_has_any_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *const *flags, size_t n)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_FLAG)
            continue;
        for (size_t i = 0; i < n; i++) {
            size_t fl = flags[i] ? strlen(flags[i]) : 0;
            if (fl >= 2 && flags[i][0] == '-' && flag_matches(spec, &a, flags[i], fl))
                return true;
        }
    }
    return false;
}

/* ---- command view -------------------------------------------------------- */

/* A command wrapper: its options, the flags that make it not run a command
 * (then the wrapper itself is the name), and whether VAR=x words follow. */
typedef struct {
    const char *name;
    df_sh_flagspec spec;
    const char *stop_short;
    const char *const *stop_long;
    bool assigns;
} wrapper;

static const char *const sudo_long[] = {"--user", "--group", "--close-from", "--host",
                                        "--prompt", "--other-user", "--role", "--type",
                                        "--chdir", "--command-timeout", "--chroot", NULL};
static const char *const sudo_stop[] = {"--edit", "--list", "--validate", "--version", NULL};
static const char *const env_long[] = {"--unset", "--chdir", NULL};
static const char *const env_stop[] = {"--split-string", NULL};
static const char *const nice_long[] = {"--adjustment", NULL};

enum { W_SUDO, W_ENV, W_COMMAND, W_NICE, W_NOHUP, W_TIME, W_COUNT };
static const wrapper wrappers[W_COUNT] = {
    [W_SUDO] = {"sudo", {"ugChpUrtDTR", sudo_long, true}, "elvV", sudo_stop, true},
    [W_ENV] = {"env", {"uC", env_long, true}, "S", env_stop, true},
    [W_COMMAND] = {"command", {NULL, NULL, true}, "vV", NULL, false},
    [W_NICE] = {"nice", {"n", nice_long, true}, NULL, NULL, false},
    [W_NOHUP] = {"nohup", {NULL, NULL, true}, NULL, NULL, false},
    [W_TIME] = {"time", {NULL, NULL, true}, NULL, NULL, false},
};

static const wrapper *find_wrapper(const df_sh_word *w)
{
    /* by the first letter, then the one name that has it: asked of the
     * first word of every command, which most often is no wrapper (a loop
     * over the wrappers, a test of each first letter, was a twentieth of
     * the shell parser). The names are literals here, whose length the
     * compiler knows; wrappers[i].name says the same. */
#define WRAPPER(i, name) return df_sh_word_is(w, name) ? &wrappers[i] : NULL
    switch (w->value[0]) {
    case 's': WRAPPER(W_SUDO, "sudo");
    case 'e': WRAPPER(W_ENV, "env");
    case 'c': WRAPPER(W_COMMAND, "command");
    case 'n': WRAPPER(w->value_len == 4 ? W_NICE : W_NOHUP, w->value_len == 4 ? "nice" : "nohup");
    case 't': WRAPPER(W_TIME, "time");
    default: return NULL;
    }
#undef WRAPPER
}

/* Whether flag argument a is one that stops unwrapping for wr. */
static bool stops(const wrapper *wr, const df_sh_arg *a)
{
    char f[3] = {'-', 0, 0};
    for (const char *c = wr->stop_short; c && *c; c++) {
        f[1] = *c;
        if (flag_matches(&wr->spec, a, f, 2))
            return true;
    }
    for (const char *const *l = wr->stop_long; l && *l; l++)
        if (flag_matches(&wr->spec, a, *l, strlen(*l)))
            return true;
    return false;
}

/* Whether w reads NAME=... */
static bool is_assign_word(const df_sh_word *w)
{
    size_t i = 0;
    if (!w->value_len || !is_name_start(w->value[0]))
        return false;
    while (i < w->value_len && is_name_char(w->value[i]))
        i++;
    return i < w->value_len && w->value[i] == '=';
}

/* Skip wrapper words[i] and its options: index of the next word, or i when
 * the wrapper runs no command of its own (`command -v x`). Out of line:
 * view_name, asked of every command, most often finds no wrapper, and
 * then has nothing of this to save. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t unwrap(const df_sh_word *words, size_t n, size_t i, const wrapper *wr)
{
    df_sh_view tmp = {NULL, NULL, 0, words + i + 1, n - i - 1};
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    size_t j = n;
    while (df_sh_arg_next(&tmp, &wr->spec, &it, &a)) {
        if (a.kind == DF_SH_ARG_FLAG && stops(wr, &a))
            return i;
        if (a.kind == DF_SH_ARG_OPERAND && !(wr->assigns && df_sh_word_is(a.word, "-"))) {
            j = i + 1 + a.index;
            break;
        }
    }
    while (wr->assigns && j < n && is_assign_word(&words[j]))
        j++;
    return j;
}

/* Index of the command name in words[0..n), seen through wrappers. */
static size_t view_name(const df_sh_word *words, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const wrapper *wr = find_wrapper(&words[i]);
        size_t j = wr ? unwrap(words, n, i, wr) : i;
        if (j == i)
            break;
        i = j;
    }
    return i;
}

size_t df_sh_view_name(const df_sh_word *words, size_t n)
{
    return view_name(words, n);
}

/* ---- errexit ------------------------------------------------------------ */

typedef struct {
    size_t offset;
    bool on;
} errexit_state;

/* Apply the options of one `set` command to st. */
static void apply_set(const df_sh_view *v, errexit_state *st)
{
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        char sign = w->value_len >= 2 ? w->value[0] : 0;
        if ((sign != '-' && sign != '+') || df_sh_word_is(w, "--"))
            return;
        for (size_t k = 1; k < w->value_len; k++) {
            if (w->value[k] == 'e')
                st->on = sign == '-';
            else if (w->value[k] == 'o' && i + 1 < v->nargs &&
                     df_sh_word_is(&v->args[++i], "errexit"))
                st->on = sign == '-';
        }
    }
}

static int errexit_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    errexit_state *st = user;
    df_sh_view v;
    if (cmd->span.end > st->offset)
        return 1;
    if (!ctx->leaks || ctx->conditional || df_sh_command_view(cmd, &v) < 0)
        return 0;
    if (v.name && v.name_index == 0 && df_sh_word_is(v.name, "set"))
        apply_set(&v, st);
    return 0;
}

bool df_sh_errexit_before(const df_sh_script *s, size_t offset)
{
    errexit_state st = {offset, false};
    df_sh_walk(s, errexit_visit, &st);
    return st.on;
}
