/*
 * layers.h - (private) what the layer rules (DF001, DF011) share: can
 * adjacent RUNs become one, and the edits that join a chain of them.
 *
 * Joining RUN R1 .. Rn gives one RUN whose script is
 *     R1 && R2 && ... && Rn
 * in the file's continuation style, with the comment lines that stood
 * between them kept inside the continuation. It keeps the build's meaning
 * only when:
 *   - the RUNs are adjacent instructions of one stage, plain RUNs (not
 *     ONBUILD) in shell form under a POSIX shell, with identical flags, no
 *     heredocs, no ignore pragma above either;
 *   - no Ri (i < n) leaves state that a later one would see: a top-level
 *     cd, export, set, source, umask, exec, exit, trap, alias, unset,
 *     shopt, a variable assignment, a for loop variable, a function... Such
 *     an Ri is put in a subshell, `( Ri )`, which keeps every change inside;
 *   - each Ri fails the build exactly as before. `&&` after the whole of Ri
 *     does that for any list Ri (`x; y && R2` runs R2 only when y, the
 *     status of Ri, succeeded). After `&&`, Ri must be one && chain, else it
 *     is grouped: `R1 && { b; c; }`, not `R1 && b; c`;
 *   - nothing runs in the background (`&`), and no Ri (i < n) starts a
 *     service that would outlive it (service, systemctl, start-stop-daemon,
 *     nohup, setsid): separate RUNs stop every process when they end;
 *   - when errexit may be on (SHELL with -e, `set -e` in the script), an
 *     Ri (i < n) needs no group and has only simple commands or pipelines
 *     at its top level: errexit is ignored on the left of `&&` and inside a
 *     group or subshell that is not the last command of an && list.
 *
 * Everything is allocated in the document's arena.
 */
#ifndef DFOPT_LAYERS_H
#define DFOPT_LAYERS_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/kb.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

/* One plain RUN, read once per check. */
typedef struct {
    const df_instr *in;
    df_runsh rs;
    df_runstyle st;
    const char *never;  /* why it can never be joined (exec form, heredoc...), or NULL */
    const char *leak;   /* the first state change that reaches later commands ("cd"), or NULL */
    const char *daemon; /* a command that starts a service, or NULL */
    bool errexit;       /* errexit may be on (SHELL -e, set -e, set -o errexit) */
    bool simple_items;  /* the top-level items are simple commands or pipelines of them */
    bool and_chain;     /* one && chain: `&& Ri` needs no group */
    bool pragma;        /* an ignore pragma sits above it */
    bool ships;         /* its stage reaches the image */
    size_t first, last; /* file offsets: start of its first command, end of its last */
} df_layer_run;

typedef struct df_layers df_layers;

/* The layers of ctx's document: made on first use in a round, then shared
 * by every rule of the round through ctx->scripts (each RUN is read once
 * per round, not once per rule); NULL when out of memory. */
df_layers *df_layers_of(df_ctx *c);

/* Instruction `index` as a joinable RUN, or NULL when it is not a plain RUN
 * with a POSIX script. Read at most once. */
const df_layer_run *df_layers_run(df_layers *L, size_t index);

/* Why b cannot follow a in a chain whose first RUN is `first` (a is first
 * when a == first): NULL when it can. Does not look at RUNs beyond b. */
const char *df_layers_join_why(const df_layer_run *first, const df_layer_run *a, const df_layer_run *b);

/* Do RUNs a and b (or their ONBUILD triggers) have the same flags, in the
 * same order, as written? */
bool df_same_flags(const df_instr *a, const df_instr *b);

/* The same question for every RUN in linear time (df_layers_find_after
 * rescans the chain for each RUN: quadratic on a stage of 10,000 RUNs).
 * df_layers_mark evaluates pred once per RUN and returns next[] (next[i]:
 * the first joinable RUN at index >= i for which pred holds, ninstrs when
 * none; arena memory, NULL when out of memory); df_layers_find_marked
 * answers df_layers_find_after(L, a, pred, user) from it. */
size_t *df_layers_mark(df_layers *L, bool (*pred)(const df_layer_run *r, void *user), void *user);
const df_layer_run *df_layers_find_marked(df_layers *L, const df_layer_run *a, const size_t *next);

/* The edits that join the chain runs[0..n) (n >= 2), which
 * df_layers_join_why accepted pair by pair, added to d's fix. 0, or -1
 * with d's fix dropped (never half a join); when out of memory the
 * document's arena says so, and the driver reports it. */
int df_layers_join_edits(df_layers *L, df_diag *d, const df_layer_run *const *runs, size_t n);

/* The first RUN after a, through adjacent RUNs that can all be joined to
 * a, for which pred holds; NULL when none. */
const df_layer_run *df_layers_find_after(df_layers *L, const df_layer_run *a,
                                         bool (*pred)(const df_layer_run *r, void *user), void *user);

/* The comment lines that say the RUNs are kept apart on purpose for the
 * layer cache (a phrase of "layer_intent_comments" in
 * data/package-managers.json: "so previous layers can be re-used"): no RUN
 * below such a line is joined to the one before it (DF001, DF011). Comment
 * lines between instructions, inside a continuation and in heredoc bodies
 * all count. The scan is lazy: the text is read once, only as far as it is
 * asked about, so a file where nothing would be joined reads none of it.
 * The caller owns the struct (on its stack); nothing to free. */
typedef struct {
    bool ready;     /* phrases built */
    size_t scanned; /* lines starting before this offset are read */
    size_t found;   /* start of the first such line, SIZE_MAX none yet */
    df_kb_phrases phrases;
} df_intent_scan;

void df_layers_intent_init(df_intent_scan *is);
/* Does such a comment line start before offset pos? */
bool df_layers_intent_before(const df_ctx *c, df_intent_scan *is, size_t pos);

/* Does the SHELL in force for `in` turn errexit on (["/bin/bash", "-eo",
 * "pipefail", "-c"], "-o", "errexit")? */
bool df_shell_errexit(const df_instr *in);

#endif
