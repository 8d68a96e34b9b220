/*
 * commented.h - (private) what the author wrote and commented out, next to
 * the code a rule would change: a deliberate choice the rule must respect.
 *
 * A commented-out copy of the command with the very option a rule would
 * add (`# RUN pip install --no-cache-dir -r requirements.txt` right above
 * `RUN pip install -r requirements.txt`, pytorch/serve, review run10) says
 * the author had it and took it out: re-adding it would revert their
 * choice without knowing why. DF003's detector of a cleanup the author
 * commented out asks the same kind of question; both belong here.
 *
 * Only the comment lines directly above the command's line are read (a few
 * lines): linear in the file over all calls. Nothing is allocated.
 */
#ifndef DFOPT_COMMENTED_H
#define DFOPT_COMMENTED_H

#include <stddef.h>

#include "dfopt/source.h"

/* The 1-based line number of a comment line directly above the physical
 * line holding file offset pos (up to the first line that is not a
 * comment) that holds the same words as that line plus the word `flag`
 * (`# RUN pip install --no-cache-dir -r r.txt` over `RUN pip install -r
 * r.txt`); 0 when there is none. Words are split at blanks; a trailing
 * line continuation is not a word. */
size_t df_commented_copy_with(const df_source *src, size_t pos, const char *flag);

#endif
