/*
 * ast.h - the parse tree of a Dockerfile, with exact byte spans.
 *
 * Produced by df_parse() (parser.h) and owned by the df_doc's arena: every
 * pointer below stays valid until df_doc_free(). Passes treat the tree as
 * read-only; they describe changes as edits on the original bytes.
 *
 * Two views of every instruction:
 *  - as written: spans into the original text (df_span), and
 *  - as BuildKit sees it: the logical line (continuations joined, comment
 *    and empty lines inside them dropped) and the word values BuildKit
 *    reports. A df_logical maps any position of the logical line back to a
 *    file offset, so a pass can edit the original bytes.
 *
 * Losslessness: the document's pieces (df_piece) tile the input exactly:
 * trivia (BOM, blank lines, comment and directive lines) and instructions.
 * Inside an instruction, its physical lines (df_pline) tile its span.
 * df_doc_check() asserts all of this; every test runs it.
 */
#ifndef DFOPT_AST_H
#define DFOPT_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/arena.h"
#include "dfopt/source.h"

typedef enum {
    DF_CMD_UNKNOWN = 0, /* not an instruction BuildKit knows: kept, ignored */
    DF_CMD_ADD,
    DF_CMD_ARG,
    DF_CMD_CMD,
    DF_CMD_COPY,
    DF_CMD_ENTRYPOINT,
    DF_CMD_ENV,
    DF_CMD_EXPOSE,
    DF_CMD_FROM,
    DF_CMD_HEALTHCHECK,
    DF_CMD_LABEL,
    DF_CMD_MAINTAINER,
    DF_CMD_ONBUILD,
    DF_CMD_RUN,
    DF_CMD_SHELL,
    DF_CMD_STOPSIGNAL,
    DF_CMD_USER,
    DF_CMD_VOLUME,
    DF_CMD_WORKDIR,
    DF_CMD__COUNT
} df_cmd;

/* Lowercase keyword of a command ("run"); "" for DF_CMD_UNKNOWN. */
const char *df_cmd_name(df_cmd c);

/* One contiguous piece of the logical line: text[log, log+len) equals the
 * source bytes [src, src+len). */
typedef struct {
    size_t log;
    size_t src;
    size_t len;
} df_seg;

/* A logical line (BuildKit's Node.Original). */
typedef struct {
    const char *text; /* NUL-terminated, may contain other NULs */
    size_t len;
    const df_seg *segs; /* sorted, cover text exactly */
    size_t nsegs;
    size_t origin;      /* file offset of the line's start (used when empty) */
} df_logical;

/* File offset of logical position pos (0 <= pos <= len). A position at the
 * end of a segment maps to the end of that segment's source bytes. */
size_t df_logical_to_src(const df_logical *l, size_t pos);
/* Source span of logical range [a, b): from the byte of a to just after the
 * byte of b-1 (an empty range maps to an empty span at a). */
df_span df_logical_span(const df_logical *l, size_t a, size_t b);

/* A word: a flag, an argument, an ENV key. */
typedef struct {
    const char *value; /* BuildKit's value (quotes kept where BuildKit keeps them) */
    size_t len;
    size_t lstart, lend; /* range in the instruction's logical line, as written */
    df_span span;        /* the same range in the file */
} df_word;

typedef struct {
    const char *name;  /* delimiter, quotes removed */
    unsigned fd;       /* the N of N<<EOF, 0 when absent */
    bool expand;       /* false when any part of the delimiter was quoted */
    bool chomp;        /* <<- */
    df_span body;      /* raw body lines, final newline included */
    df_span terminator;/* the delimiter line, its newline included */
    size_t word_lstart, word_lend; /* the <<EOF word in the logical line */
} df_heredoc;

typedef enum {
    DF_PLINE_CODE,      /* contributes bytes to the logical line */
    DF_PLINE_COMMENT,   /* comment line inside a continuation */
    DF_PLINE_EMPTY,     /* blank line inside a continuation */
    DF_PLINE_HEREDOC,   /* heredoc body line */
    DF_PLINE_HEREDOC_END/* heredoc delimiter line */
} df_pline_kind;

/* A physical line of an instruction. */
typedef struct {
    df_pline_kind kind;
    df_span span;  /* the whole line, its terminator included */
    df_span code;  /* CODE: the bytes copied into the logical line */
    df_span cont;  /* CODE: escape char + trailing blanks, empty if none */
    df_span eol;   /* "\n", "\r\n", "" at end of file, ... */
} df_pline;

typedef struct df_instr df_instr;
struct df_instr {
    df_cmd cmd;
    df_word keyword;   /* the instruction keyword as written ("Run") */
    df_span span;      /* whole physical lines, heredoc bodies included */
    size_t start_line, end_line; /* 1-based (0 for an ONBUILD sub) */
    df_logical line;   /* BuildKit's Original */
    df_word *flags;    /* leading --flags, values as BuildKit reports them */
    size_t nflags;
    df_word *args;     /* BuildKit's args (see corpus/README: ENV/LABEL triples) */
    size_t nargs;
    bool json;         /* exec (JSON array) form */
    size_t rest_lstart, rest_lend; /* the argument text after the flags */
    df_heredoc *heredocs;
    size_t nheredocs;
    df_instr *sub;     /* ONBUILD's instruction, NULL otherwise */
    df_pline *plines;
    size_t nplines;
    size_t index;      /* position in df_doc.instrs */
    size_t stage;      /* index into df_doc.stages; SIZE_MAX before any FROM */
    const df_instr *shell; /* the last SHELL before it in its stage, or NULL */
};

typedef struct {
    const char *name;  /* "syntax", "escape", "check" (lowercased) */
    const char *value;
    size_t line;
    df_span span;
} df_directive;

typedef enum { DF_PIECE_TRIVIA, DF_PIECE_INSTR } df_piece_kind;

typedef struct {
    df_piece_kind kind;
    df_span span;
    df_instr *instr; /* for DF_PIECE_INSTR */
} df_piece;

typedef struct {
    size_t from;       /* index of the FROM instruction */
    size_t last;       /* index of the stage's last instruction */
    const char *base;  /* image reference as written (args[0]) */
    const char *name;  /* AS name, or NULL */
    const char *platform; /* --platform value, or NULL */
    size_t parent;     /* the earlier stage this one is built FROM, or SIZE_MAX */
    size_t root;       /* the first stage of its FROM chain: itself, or its parent's root */
    bool ships;        /* reaches an image: the last stage and its parents,
                          and a --target image's (df_stage_ships) */
    bool windows;      /* runs Windows (df_doc_mark_windows, runsh.h); false until marked */
    const char *held;  /* why size fixes here are shown and not applied, when the
                          stage is a development environment or a job stage
                          (df_doc_mark_uses, passes/image.h: "the stage dev is a
                          development environment ..."); NULL otherwise and
                          until marked */
} df_stage;

typedef struct {
    size_t line;
    const char *message; /* may contain NUL bytes: use len */
    size_t len;
} df_parse_warning;

typedef struct df_doc {
    df_arena *arena;
    bool arena_borrowed;   /* df_parse_in: the arena is the caller's */
    const df_source *src;
    char escape;           /* '\\' or '`' */
    bool bom;              /* the file starts with a UTF-8 BOM */
    bool crlf;             /* most line terminators are CRLF */
    bool final_newline;    /* the text ends with '\n' (or is empty) */
    df_directive *directives;
    size_t ndirectives;
    df_instr **instrs;     /* top-level instructions in order */
    size_t ninstrs;
    df_piece *pieces;      /* tile the input */
    size_t npieces;
    df_stage *stages;
    size_t nstages;
    df_parse_warning *warnings;
    size_t nwarnings;
} df_doc;

/* Verify the tiling and span invariants; returns NULL when they hold, or a
 * static description of the first violation. */
const char *df_doc_check(const df_doc *d);

/* The first stage of stage si's FROM chain (the one built on an image, not
 * on an earlier stage): O(1), resolved by the parser. si itself when it is
 * out of range. */
size_t df_stage_root(const df_doc *d, size_t si);

/* The first top-level instruction whose keyword BuildKit does not know
 * (DF_CMD_UNKNOWN), or NULL. BuildKit's parser accepts such a line, but its
 * frontend refuses the whole file before building ("unknown instruction"):
 * usually a line that lost its continuation `\`, or a template (`{%`) that
 * must be rendered first. The driver rewrites nothing in such a file. */
const df_instr *df_doc_unknown_instr(const df_doc *d);

/* The flag named name ("mount", "from") or NULL; for repeated flags the
 * first one at or after *from_index (pass NULL for the first overall). */
const df_word *df_instr_flag(const df_instr *in, const char *name, size_t *from_index);

/* Does stage i reach the image that is built: the last stage, and every
 * stage it is built FROM (by name or index), transitively? Also a stage
 * that sets its own CMD or ENTRYPOINT and that no later stage uses (no
 * FROM, COPY --from or RUN --mount from= names it; not one named dev-envs),
 * an image built with --target, and the stages it is built FROM. Size
 * rules fix these; other stages only ship what is copied out of them.
 * (O(1): the parser resolves stage parents once.) */
bool df_stage_ships(const df_doc *d, size_t i);

/* Mark what d's stages are for (df_stage.held), from the data's
 * "toolchain_image" (data/base-images.json, through kb): a development
 * environment (its name's words or the comment above its FROM say so:
 * "development_stage"; and no stage built FROM it ships as anything
 * else), or a last stage that runs a job ("job_stage": no command in its
 * image while other stages set one, and a RUN reads a credential ARG).
 * Size fixes there are shown, not applied (passes/pm.h df_pm_severity).
 * The driver calls it after each parse, with df_doc_mark_windows; linear
 * in the file. Defined in passes/image.c. */
struct df_kb;
void df_doc_mark_uses(df_doc *d, const struct df_kb *kb);

/* The stage named name (case-insensitive, or a decimal index), or SIZE_MAX. */
size_t df_stage_find(const df_doc *d, const char *name);

void df_doc_free(df_doc *d);

#endif
