/*
 * runsh.h - the shell script inside a RUN, and text that fits its style.
 *
 * Passes that look inside RUN bodies (package-manager hygiene, layer
 * merging) get here: the parsed script (shell.h) of a shell-form RUN, of an
 * ONBUILD RUN, or of a `RUN <<EOF` heredoc script, with a map from script
 * offsets to file offsets; and the RUN's style (line ending, escape
 * character, indentation, operators at line ends or starts) so that
 * inserted text looks like the author wrote it.
 *
 * Ownership: everything is allocated in the arena passed in (usually the
 * document's); pointers live as long as it does.
 */
#ifndef DFOPT_RUNSH_H
#define DFOPT_RUNSH_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/ast.h"
#include "dfopt/buf.h"
#include "dfopt/shell.h"

/* How the RUN is laid out. */
typedef struct {
    const char *eol;   /* "\r\n" or "\n": the RUN's own line ending */
    char esc;          /* escape character of the file */
    char indent[32];   /* indentation of continuation lines ("    " when none) */
    bool multiline;    /* the RUN's script spans several lines */
    bool leading_ops;  /* continuation lines start with && / || / | */
    char semi_gap[8];  /* the blanks between a `;` ending a line and the
                          escape: "" for the author's `;\`, " " for `; \` */
    char and_gap[8];   /* the same after && or || ending a line */
} df_runstyle;

typedef struct {
    const df_instr *outer;  /* top-level instruction: the RUN, or its ONBUILD */
    const df_instr *run;    /* the RUN itself (ONBUILD's sub for ONBUILD RUN) */
    df_sh_script *script;   /* NULL when there is no POSIX script to read */
    const char *why_not;    /* when script is NULL: exec form, shell, syntax */
    bool heredoc;           /* the script is a heredoc body */
    size_t heredoc_index;
    size_t base;            /* shell form: logical offset of the script in
                               run->line; heredoc: file offset of the body */
    const df_runstyle *style; /* df_runsh_style's answer, in the arena, set
                               with the script (every rule that edits asks);
                               NULL until then. A pointer, not a copy: a
                               df_runsh is copied out of the round's cache
                               each time a rule asks for a RUN */
} df_runsh;

/* Is the shell that runs `in`'s shell form a POSIX shell? False after a
 * SHELL that is not sh/bash/ash/dash/ksh/zsh/busybox in the same stage, and
 * for files written for Windows (backtick escape, Windows base images). */
bool df_runsh_posix(const df_doc *d, const df_instr *in);

/* Set d->stages[i].windows for every stage, from the data's
 * "windows_images" (defined in passes/image.c, the one place that knows
 * Windows images): its image is Windows, or it is built FROM a stage that
 * is, or FROM $ARG without a default while an ARG before the first FROM
 * defaults to a Windows image. The driver calls it after each parse. A
 * Windows stage's shell is cmd or Windows PowerShell even without a SHELL
 * line, so df_runsh_posix() is false there. */
struct df_kb;
void df_doc_mark_windows(df_doc *d, const struct df_kb *kb);

/* The script of RUN (or ONBUILD RUN) instruction `in`. Returns 0 (check
 * out->script), or -1 when out of memory. */
int df_runsh_get(df_arena *a, const df_doc *d, const df_instr *in, df_runsh *out);

/* Parsed scripts of one document, shared by all rules of a round: each RUN
 * is parsed once, not once per rule. Lives in the document's arena. */
typedef struct df_runsh_cache {
    df_runsh *v;          /* [n], by instruction index */
    unsigned char *state; /* 0 not yet, 1 done, 2 failed (out of memory) */
    size_t n;
    void *pm_calls;       /* passes/pm.c's: the package-manager calls of each
                             RUN, found on first use; NULL until then */
    unsigned char *has_install; /* passes/deps.c's df_deps_has_install of each
                             instruction: 0 not asked yet, 1 no, 2 yes;
                             NULL until first asked */
    void *layers;         /* passes/layers.c's df_layers of the round, shared
                             by the layer rules; NULL until first asked */
    unsigned char apt_env; /* passes/pm.c's df_pm_apt_environment, asked by
                             DF003 and DF004: 0 not asked yet, 1 no, 2 yes */
    unsigned char toolchain; /* passes/image.c's df_toolchain_image_of, asked
                             by DF004, DF020 and DF021: the same values */
    size_t steps;         /* work counter: script lookups, and commands and
                             instructions visited by the shared helpers
                             (pm.c, layers.c); the driver adds it to
                             df_run_result.steps, tests assert it grows
                             linearly with the input */
} df_runsh_cache;

/* Count n steps of work on the round's counter (cache may be NULL). */
static inline void df_runsh_work(df_runsh_cache *cache, size_t n)
{
    if (cache)
        cache->steps += n;
}

int df_runsh_cache_init(df_runsh_cache *cache, df_arena *a, size_t ninstrs);

/* df_runsh_get through the cache (cache may be NULL): the first call for
 * a RUN in a round reads it, the others copy the entry. */
int df_runsh_cache_fill(df_runsh_cache *cache, df_arena *a, const df_doc *d, const df_instr *in, df_runsh *out);

/* Inline for a RUN already read this round, the common case: the rules
 * ask the cache for every RUN once each (400,000 calls on the 50,000-line
 * apt file); df_runsh_cache_fill does the rest. */
static inline int df_runsh_cached(df_runsh_cache *cache, df_arena *a, const df_doc *d, const df_instr *in,
                                  df_runsh *out)
{
    if (cache && in->index < cache->n && cache->state[in->index] == 1 && d->instrs[in->index] == in) {
        df_runsh_work(cache, 1);
        *out = cache->v[in->index];
        return 0;
    }
    return df_runsh_cache_fill(cache, a, d, in, out);
}

/* Script offset -> file offset; a script span -> file span. */
size_t df_runsh_src(const df_runsh *r, size_t off);
df_span df_runsh_span(const df_runsh *r, df_span s);

/* How r's RUN is laid out, read from the file (df_runsh_style answers it
 * from r->style when the script was read with it). */
void df_runsh_style_read(const df_doc *d, const df_runsh *r, df_runstyle *st);

/* r's style into st. Inline: pm.c asks it for every RUN once per rule
 * (200,000 calls on the 50,000-line apt file), each a copy of r->style. */
static inline void df_runsh_style(const df_doc *d, const df_runsh *r, df_runstyle *st)
{
    if (r->style)
        *st = *r->style;
    else
        df_runsh_style_read(d, r, st);
}

/* Text that runs `cmd` after the command ending at the insertion point,
 * joined with `op` (e.g. "&&"), in the RUN's style:
 *   one line:                       " && cmd"
 *   several lines, ops at line ends: " && \<eol><indent>cmd" (the blanks
 *                                    before the escape: and_gap)
 *   several lines, ops at starts:    " \<eol><indent>&& cmd"
 *   heredoc script: a new line "cmd<eol>" (insert at a line start).
 * Returns 0 or -1 (out of memory). */
int df_runsh_append_text(const df_runsh *r, const df_runstyle *st, const char *op, const char *cmd, df_buf *out);

#endif
