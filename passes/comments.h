/*
 * comments.h - (private) comment lines by which an author says what a step
 * is for, read the same way by every rule that respects them: DF004 (apt
 * "recommends_wanted_comments": "we DO want recommends this time"), DF009
 * (npm and yarn "cache_wanted_comments": "Seed the npm cache inside the
 * Docker image"), the cleanups an author wrote and commented out
 * (df_said_cleanup_disabled: DF003, DF004), and a commented-out copy of a
 * command with the option a rule would add (df_commented_copy_with: DF008).
 *
 * A spec is an object of data/package-managers.json:
 *   "phrases":   a comment line says it when it holds one of these (ASCII
 *                letters compared without case),
 *   "with":      (optional) and one of these too ("cache"),
 *   "negations": and none of these ("do not install recommended packages").
 * The file's comment lines are read once per spec and document, on the
 * first question; each question is then a binary search. Block bounds are
 * kept in the document's arena; the caller owns the df_said (on its stack
 * or in its per-check state, zeroed by df_said_init); nothing to free.
 */
#ifndef DFOPT_COMMENTS_H
#define DFOPT_COMMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/facts.h"
#include "dfopt/rule.h"
#include "dfopt/source.h"

typedef struct {
    size_t line; /* start of a comment line that says it */
    size_t next; /* start of the first line after its block of comment lines */
} df_said_block;

typedef struct {
    bool scanned;
    df_said_block *v;
    size_t n;
} df_said;

void df_said_init(df_said *s);

/* Does a block of comment lines, one of which says it (spec), end right
 * above the line where file offset `at` lies? */
bool df_said_above(const df_ctx *c, const df_fact *spec, df_said *s, size_t at);

/* Does text s[0..n) hold one of the strings of list, compared without
 * case? (A scan per string: lists of a few phrases.) */
bool df_says_one_of(const df_fact *list, const char *s, size_t n);

/* A cleanup the author wrote and commented out, in the instruction's
 * continuation or in the comment lines right after it (`#&& apt-get clean`,
 * `#&& rm -rf /var/lib/apt/lists` below `RUN apt install curl -y`:
 * chrisguest75/docker_examples' uncleaned baseline): a comment line holding
 * one of the phrases of the manager's "commented_cleanup". The author chose
 * to keep what it would remove: rules report, without a fix. */
bool df_said_cleanup_disabled(const df_ctx *c, const df_fact *m, const df_instr *in);
/* Why such rules give no fix, in their messages. */
#define DF_SAID_CLEANUP_DISABLED                                                                                      \
    "the cleanup of this RUN is written and commented out: the author keeps the layer uncleaned on purpose"

/* A commented-out copy of the command with the very option a rule would
 * add (`# RUN pip install --no-cache-dir -r requirements.txt` right above
 * `RUN pip install -r requirements.txt`, pytorch/serve, review run10) says
 * the author had it and took it out: re-adding it would revert their
 * choice without knowing why. The 1-based line number of a comment line
 * directly above the physical line holding file offset pos (up to the
 * first line that is not a comment, at most 4) that holds the same words
 * as that line plus the word `flag`; 0 when there is none. Words are split
 * at blanks; a trailing line continuation is not a word. Nothing is
 * allocated. */
size_t df_commented_copy_with(const df_source *src, size_t pos, const char *flag);

#endif
