/*
 * shell.h - a POSIX sh model of RUN bodies, for rules to query.
 *
 * Rules ask questions such as "is `apt-get install` run without
 * --no-install-recommends?", "is there a top-level `cd`?" or "where do I
 * append `&& rm -rf /var/lib/apt/lists/...`?". They must not grep the text:
 * quoting, escapes, here-documents and nesting make regexes wrong. This
 * module parses the script once into a small tree and answers from it.
 *
 * Input: a byte string and its length (the RUN logical line after the
 * keyword and flags, or a heredoc body script). It need not be
 * NUL-terminated. Every span below is [start, end) RELATIVE TO THAT STRING;
 * the caller maps it to file offsets (df_logical_span for a logical line).
 *
 * Ownership: df_sh_parse() allocates every node, word, value and array in
 * the arena the caller passes; they stay valid until df_arena_free() of that
 * arena. The tree points into nothing else except `text` (the caller's
 * input, which must outlive it). Nothing here is freed individually; the
 * tree is read-only for callers. No function keeps global state.
 *
 * Node model
 *   df_sh_script   the root: one df_sh_list.
 *   df_sh_list     a flat sequence of items; each item is a pipeline or a
 *                  command followed by its separator (&&, ||, ;, &, newline
 *                  or none). `&&`/`||` bind tighter than `;`/`&`/newline,
 *                  so the and-or chain of item i is the maximal run of items
 *                  joined by && or ||. Item i (i > 0) runs only conditionally
 *                  when item i-1's op is && or ||.
 *   df_sh_node     one of:
 *     SIMPLE       assignments, words (argv), redirections
 *     PIPELINE     cmds joined by | or |& (n >= 2), or a single cmd after `!`
 *     SUBSHELL     ( body )
 *     GROUP        { body; }
 *     IF           clauses (if/elif: cond + body) and an optional else body
 *     FOR          for var [in words]; do body; done
 *     WHILE/UNTIL  cond + body
 *     CASE         subject, items (patterns, body, terminator)
 *     FUNCTION     name() compound   (also bash `function name`)
 *   Compound nodes carry the redirections written after them. Redirections
 *   are never words. Here-document bodies are located in the input (spans)
 *   when present; a `<<EOF` on a RUN logical line has no body in the input
 *   (BuildKit supplies it), which is not an error: heredoc->present is false.
 *
 * Not parsed into a tree: the inside of $(...), `...`, $((...)), ${...};
 * they are skipped with correct nesting of quotes and parentheses and
 * flagged on the word. Bash extensions accepted: |&, &>, &>>, <<<, $'...',
 * $"...", <(...), >(...), `function name`, ;& and ;;& in case.
 */
#ifndef DFOPT_SHELL_H
#define DFOPT_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "dfopt/arena.h"
#include "dfopt/source.h" /* df_span */

/* Maximum nesting of compound commands and substitutions; deeper input is
 * rejected with "nesting too deep" rather than risking the C stack. */
#define DF_SH_MAX_DEPTH 1000

/* ---- words ------------------------------------------------------------ */

/* Word flags. */
#define DF_SH_W_QUOTED    0x01u /* some part used '...', "...", \x or $'...' */
#define DF_SH_W_EXPANSION 0x02u /* $VAR, ${...}, $(...), `...`, $((...)) */
#define DF_SH_W_CMDSUBST  0x04u /* $(...), `...`, <(...), >(...) */
#define DF_SH_W_ARITH     0x08u /* $((...)) */
#define DF_SH_W_GLOB      0x10u /* unquoted *, ? or [...] */
#define DF_SH_W_TILDE     0x20u /* unquoted ~ at the start */

typedef struct {
    df_span span;      /* the raw word, quotes included */
    unsigned flags;    /* DF_SH_W_* */
    /* The value with quotes removed and escapes (and backslash-newline)
     * resolved. It is the literal value when !(flags & DF_SH_W_EXPANSION);
     * otherwise expansions are kept as raw text ("$HOME/x"). Glob and tilde
     * characters are kept. NUL-terminated; value_len excludes the NUL. */
    const char *value;
    size_t value_len;
} df_sh_word;

/* NAME=value before a command name. */
typedef struct {
    df_span span;      /* the whole word */
    const char *name;  /* NUL-terminated */
    size_t name_len;
    bool append;       /* NAME+=value (bash) */
    df_sh_word value;  /* span starts after '=' */
} df_sh_assign;

/* ---- redirections -------------------------------------------------------- */

typedef enum {
    DF_SH_R_IN,          /* <    */
    DF_SH_R_OUT,         /* >    */
    DF_SH_R_APPEND,      /* >>   */
    DF_SH_R_CLOBBER,     /* >|   */
    DF_SH_R_RDWR,        /* <>   */
    DF_SH_R_DUPIN,       /* <&   */
    DF_SH_R_DUPOUT,      /* >&   */
    DF_SH_R_ALL,         /* &>   */
    DF_SH_R_ALL_APPEND,  /* &>>  */
    DF_SH_R_HEREDOC,     /* <<   */
    DF_SH_R_HEREDOC_TAB, /* <<-  */
    DF_SH_R_HERESTRING   /* <<<  */
} df_sh_redir_op;

/* A here-document's body. Separate from df_sh_redir so that the lexer can
 * fill it in when it reaches the end of the line. */
typedef struct {
    bool present;        /* false when the input ends before the body */
    bool expands;        /* delimiter unquoted: $ and ` work in the body */
    bool strip_tabs;     /* <<- */
    const char *delim;   /* delimiter, quotes removed (NUL-terminated) */
    size_t delim_len;
    df_span body;        /* the body lines, final newline included */
    df_span terminator;  /* the delimiter line, its newline (if any) included */
} df_sh_heredoc;

typedef struct {
    df_span span;        /* io number, operator and target word */
    int fd;              /* explicit io number, or -1 */
    df_sh_redir_op op;
    df_sh_word target;   /* file, fd ("1", "-") or heredoc delimiter */
    const df_sh_heredoc *heredoc; /* << and <<- only, else NULL */
} df_sh_redir;

/* ---- lists ----------------------------------------------------------- */

typedef enum {
    DF_SH_OP_NONE = 0, /* last item without separator */
    DF_SH_OP_AND,      /* && */
    DF_SH_OP_OR,       /* || */
    DF_SH_OP_SEMI,     /* ;  */
    DF_SH_OP_AMP,      /* &  (background) */
    DF_SH_OP_NEWLINE,  /* \n */
    DF_SH_OP_PIPE,     /* |  (pipelines only) */
    DF_SH_OP_PIPE_AMP, /* |& (pipelines only) */
    DF_SH_OP_DSEMI,    /* ;; (case items only) */
    DF_SH_OP_SEMI_AMP, /* ;& (case items only) */
    DF_SH_OP_DSEMI_AMP /* ;;& (case items only) */
} df_sh_op;

/* The operator's text ("&&", "\n", "" for NONE). */
const char *df_sh_op_text(df_sh_op op);

typedef struct df_sh_node df_sh_node;

typedef struct {
    df_sh_node *node;  /* a command or a PIPELINE */
    df_sh_op op;       /* separator after it */
    df_span op_span;   /* the operator; empty at node->span.end for NONE */
} df_sh_item;

typedef struct {
    df_sh_item *items;
    size_t n;
    df_span span;      /* first item start .. last item's op end; empty if n == 0 */
} df_sh_list;

/* ---- nodes ----------------------------------------------------------- */

typedef enum {
    DF_SH_SIMPLE,
    DF_SH_PIPELINE,
    DF_SH_SUBSHELL,
    DF_SH_GROUP,
    DF_SH_IF,
    DF_SH_FOR,
    DF_SH_WHILE,
    DF_SH_UNTIL,
    DF_SH_CASE,
    DF_SH_FUNCTION
} df_sh_kind;

typedef struct {
    df_sh_list cond;   /* if/elif condition */
    df_sh_list body;   /* then body */
} df_sh_if_clause;

typedef struct {
    df_span span;      /* from the first pattern (or '(') to the terminator */
    df_sh_word *patterns;
    size_t npatterns;
    df_sh_list body;   /* may be empty */
    df_sh_op term;     /* DSEMI, SEMI_AMP, DSEMI_AMP, or NONE before esac */
    df_span term_span;
} df_sh_case_item;

struct df_sh_node {
    df_sh_kind kind;
    df_span span;        /* whole construct: keywords and redirections included */
    df_sh_redir *redirs; /* in source order */
    size_t nredirs;
    union {
        struct {
            df_sh_assign *assigns;
            size_t nassigns;
            df_sh_word *words; /* argv, words[0] is the name as written */
            size_t nwords;
            size_t view_name;  /* 1 + the name's index seen through wrappers
                                * (df_sh_command_view), set by the parser;
                                * 0: not computed */
        } simple;
        struct {
            df_sh_node **cmds;
            size_t n;
            df_span *pipes;    /* n - 1 operator spans */
            df_sh_op *ops;     /* n - 1 of PIPE / PIPE_AMP */
            bool bang;
            df_span bang_span;
        } pipeline;
        struct {
            df_sh_list body;   /* SUBSHELL and GROUP */
        } group;
        struct {
            df_sh_if_clause *clauses; /* n >= 1: if, then the elifs */
            size_t n;
            bool has_else;
            df_sh_list else_body;
        } if_;
        struct {
            df_sh_word var;
            bool has_in;       /* `for x; do` iterates "$@" */
            df_sh_word *words;
            size_t nwords;
            df_sh_list body;
        } for_;
        struct {
            df_sh_list cond;   /* WHILE and UNTIL */
            df_sh_list body;
        } loop;
        struct {
            df_sh_word subject;
            df_sh_case_item *items;
            size_t n;
        } case_;
        struct {
            df_sh_word name;
            df_sh_node *body;  /* a compound command */
        } func;
    };
};

struct df_sh_step;

typedef struct {
    const char *text;  /* the caller's input (not copied) */
    size_t len;
    df_sh_list list;   /* top-level list */
    /* every simple command in document order, with the context df_sh_walk
     * gives it: recorded by df_sh_parse in one walk of the tree, so that
     * each later walk (every rule walks the scripts it reads) is a loop
     * over this table, not a recursion through the tree */
    const struct df_sh_step *steps;
    size_t nsteps;
} df_sh_script;

/* A syntax error: a short message such as "unterminated double quote" or
 * "unexpected 'fi'", and the byte offset in the input it refers to. */
typedef struct {
    char message[96];
    size_t offset;
} df_sh_error;

/* Parse text[0..len). Returns the script, allocated in arena a, or NULL and
 * fills err (message "out of memory" when an allocation fails). err may be
 * NULL. Linear in len; never recurses deeper than DF_SH_MAX_DEPTH levels. */
df_sh_script *df_sh_parse(df_arena *a, const char *text, size_t len, df_sh_error *err);

/* ---- walking --------------------------------------------------------- */

typedef struct {
    /* Nesting: 0 for a command that is an item of the script's top-level
     * list (possibly after `!`). Each enclosing compound command (subshell,
     * group, if, loop, case, function) and multi-command pipeline adds 1. */
    unsigned depth;
    bool in_subshell;  /* inside ( ), or a list item run with & */
    bool in_pipeline;  /* part of a pipeline of >= 2 commands */
    bool in_function;  /* inside a function body (runs only when called) */
    bool conditional;  /* may not run: right of && / ||, in then/else/elif,
                        * loop body, case item, function body, or nested in
                        * something conditional */
    bool tested;       /* its status is tested (if/while/until condition,
                        * left of && / ||, after !): `set -e` ignores it */
    bool leaks;        /* state it changes (cd, export, set...) reaches the
                        * end of the script: !in_subshell && !in_pipeline &&
                        * !in_function */
    const df_sh_list *list; /* the innermost list holding the command ... */
    size_t index;           /* ... as list->items[index] (maybe via a pipeline) */
    const df_sh_node *pipeline; /* the innermost enclosing PIPELINE, or NULL */
    const df_sh_node *parent;   /* innermost enclosing compound, or NULL */
} df_sh_ctx;

/* One entry of df_sh_script.steps. */
typedef struct df_sh_step {
    const df_sh_node *cmd; /* a SIMPLE node */
    df_sh_ctx ctx;
} df_sh_step;

/* Called for each SIMPLE command; return nonzero to stop the walk. */
typedef int (*df_sh_visit_fn)(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user);

/* Visit every simple command in document order, including those in compound
 * bodies, pipelines and function bodies, but not inside $(...). Returns 0, or
 * the first nonzero value returned by fn. A loop over s->steps: ctx points
 * into the table (valid as long as the tree's arena). */
int df_sh_walk(const df_sh_script *s, df_sh_visit_fn fn, void *user);

/* ---- command view ---------------------------------------------------- */

/* What a simple command runs, seen through wrappers: after assignments, and
 * after `sudo [opts] [VAR=x]`, `env [opts] [VAR=x]`, `command [-p]`,
 * `nice [-n N]`, `nohup`, `time [-p]` (nested in any order). `command -v`,
 * `env -S` and non-literal words stop the unwrapping. xargs is not a wrapper. */
typedef struct {
    const df_sh_node *cmd;
    const df_sh_word *name;  /* NULL when nothing is run (only assignments,
                              * only redirections, or `sudo -s`) */
    size_t name_index;       /* index of name in cmd->simple.words (nwords if none) */
    const df_sh_word *args;  /* the words after name */
    size_t nargs;
} df_sh_view;

/* The index of the command name in words[0..n), seen through wrappers
 * (the parser keeps it in simple.view_name). */
size_t df_sh_view_name(const df_sh_word *words, size_t n);

/* Fill v for a SIMPLE node. Returns 0, or -1 if cmd is not SIMPLE. v points
 * into cmd's words: it is valid as long as the tree's arena. Inline: every
 * rule asks it of every command (750,000 calls on the corpus). */
static inline int df_sh_command_view(const df_sh_node *cmd, df_sh_view *v)
{
    memset(v, 0, sizeof *v);
    if (!cmd || cmd->kind != DF_SH_SIMPLE)
        return -1;
    const df_sh_word *words = cmd->simple.words;
    size_t n = cmd->simple.nwords;
    /* the parser computed it once (every rule asks, for every command) */
    size_t i = cmd->simple.view_name ? cmd->simple.view_name - 1 : df_sh_view_name(words, n);
    v->cmd = cmd;
    v->name_index = i;
    if (i < n) {
        v->name = &words[i];
        v->args = &words[i + 1];
        v->nargs = n - i - 1;
    }
    return 0;
}

/* Whether w is free of expansions and its value equals lit. Inline: the
 * rules ask it of every word against many literals (two million calls on
 * the corpus), and a literal's length is then known when compiling. */
static inline bool df_sh_word_is(const df_sh_word *w, const char *lit)
{
    if (!w)
        return false;
    size_t n = strlen(lit);
    if (w->value_len != n || (n && w->value[0] != lit[0]))
        return false;
    return !(w->flags & DF_SH_W_EXPANSION) && memcmp(w->value, lit, n) == 0;
}

/* Which options of a command take a value. Both fields may be NULL; a NULL
 * spec means no option takes a value. */
typedef struct {
    const char *short_value;        /* letters, e.g. "otc" for apt-get */
    const char *const *long_value;  /* NULL-terminated, e.g. {"--option", NULL} */
    bool stop_at_operand;           /* POSIX style: options end at the first operand */
} df_sh_flagspec;

typedef enum {
    DF_SH_ARG_FLAG,    /* -y, -qy, --x, --x=v, -o X (with its value) */
    DF_SH_ARG_END,     /* the -- ending options */
    DF_SH_ARG_OPERAND
} df_sh_argkind;

typedef struct {
    df_sh_argkind kind;
    size_t index;                  /* of word in view->args */
    const df_sh_word *word;
    const df_sh_word *value_word;  /* separate value word consumed, or NULL */
    const char *value;             /* the flag's value (inline or value_word), or NULL */
    size_t value_len;
} df_sh_arg;

typedef struct {
    size_t next;
    bool options_done;
} df_sh_argit;

#define DF_SH_ARGIT_INIT {0, false}

/* The flag part of df_sh_arg_next: out->word (at it->next - 1) starts
 * with "-" and is not "--" nor an operand; fills out's kind and value,
 * taking the next word as the value when spec says the flag has one. */
void df_sh_arg_flag(const df_sh_view *v, const df_sh_flagspec *spec, df_sh_argit *it, df_sh_arg *out);

/* Next argument of v: returns false at the end. out points into v's words
 * (valid as long as the tree's arena); nothing is allocated. A value word is reported
 * with its flag, never on its own. A lone "-" is an operand. Inline, with
 * the flags out of line: the rules read the arguments of every package
 * manager call, several times (a million calls on the 50,000-line apt
 * file), and most arguments are operands. */
static inline bool df_sh_arg_next(const df_sh_view *v, const df_sh_flagspec *spec, df_sh_argit *it,
                                  df_sh_arg *out)
{
    if (!v || it->next >= v->nargs)
        return false;
    size_t i = it->next++;
    const df_sh_word *w = &v->args[i];
    out->kind = DF_SH_ARG_OPERAND;
    out->index = i;
    out->word = w;
    out->value_word = NULL;
    out->value = NULL;
    out->value_len = 0;
    if (it->options_done || w->value_len < 2 || w->value[0] != '-') {
        if (spec && spec->stop_at_operand)
            it->options_done = true;
        return true;
    }
    if (w->value_len == 2 && w->value[1] == '-') {
        out->kind = DF_SH_ARG_END;
        it->options_done = true;
        return true;
    }
    df_sh_arg_flag(v, spec, it, out);
    return true;
}

/* The first operand (e.g. "install" of apt-get), or NULL. */
const df_sh_word *df_sh_subcommand(const df_sh_view *v, const df_sh_flagspec *spec);

/* Whether flag ("--no-install-recommends", "-y") is given: "--x" matches
 * "--x" and "--x=v"; "-y" matches "-y" and clusters like "-qy" (letters after
 * a value-taking letter are its value, not flags); a longer single-dash flag
 * ("-rf", "-name") matches only a word equal to it. Words are classified by
 * their value: "$OPTS" is an operand. When out is non-NULL it receives the
 * first match (index = position in v->args, so a rule can insert after it). */
bool df_sh_find_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *flag,
                     df_sh_arg *out);
bool df_sh_has_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *flag);
/* Does one of flags[0..n) occur (df_sh_has_flag of each, in one walk of
 * the arguments)? */
bool df_sh_has_any_flag(const df_sh_view *v, const df_sh_flagspec *spec, const char *const *flags, size_t n);

/* ---- state helpers --------------------------------------------------- */

/* Whether errexit is on at offset: a `set -e` / `set -o errexit` (also in
 * clusters such as -eux, -eo pipefail) that ends before offset in a command
 * that leaks and is not conditional, not undone by a later `set +e` /
 * `set +o errexit` before offset. */
bool df_sh_errexit_before(const df_sh_script *s, size_t offset);

#endif
