/*
 * pragma.h - the author's ignore comments.
 *
 *   # dfopt ignore=DF012,consecutive-run   the next instruction only
 *   # dfopt global ignore=DF020             the whole file
 *   # hadolint ignore=DL3020                through each rule's hadolint code
 *   # hadolint global ignore=DL3020
 *
 * A per-instruction pragma must be in the block of comment lines directly
 * above the instruction (no blank line in between). Entries are rule ids,
 * rule names or hadolint codes, comma separated, case-insensitive.
 */
#ifndef DFOPT_PRAGMA_H
#define DFOPT_PRAGMA_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/ast.h"

struct df_rule;

typedef struct {
    const char *global;      /* comma list (arena), or NULL */
    const char **per_instr;  /* [doc->ninstrs], each a comma list or NULL */
} df_pragmas;

/* Scan doc's comments; allocations go to doc's arena. */
int df_pragmas_scan(const df_doc *doc, df_pragmas *out);

/* Is a finding of rule r at byte offset `at` silenced? */
bool df_pragmas_silence(const df_pragmas *p, const df_doc *doc, const struct df_rule *r, size_t at);

/* Does the comma list name r (id, name or hadolint code)? */
bool df_pragma_list_names(const char *list, const struct df_rule *r);

#endif
