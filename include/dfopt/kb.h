/*
 * kb.h - the knowledge base: facts from the data/ folder.
 *
 * data/package-managers.json, data/base-images.json and
 * data/dependency-manifests.json are compiled into the binary as const
 * tables (include/dfopt/facts.h, generated at build time) so that dfopt
 * never depends on where it was installed, and starting it parses nothing:
 * df_kb_new() only allocates the kb. A pattern is compiled with PCRE2 the
 * first time df_kb_match() needs it, once per kb (safe from the worker
 * threads of one run). One kb serves a whole run.
 *
 * Ownership: the nodes handed out are static (valid for the whole run);
 * the kb owns its compiled patterns until df_kb_free().
 */
#ifndef DFOPT_KB_H
#define DFOPT_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dfopt/facts.h"
#include "dfopt/shell.h"

typedef struct df_kb df_kb;

/* A kb over the generated tables. NULL with a message in err on failure
 * (out of memory). */
df_kb *df_kb_new(char *err, size_t errlen);
void df_kb_free(df_kb *kb);

/* data/base-images.json (base image sizes, slim siblings, deprecations,
 * SDK images), the whole object. Never NULL. */
const df_fact *df_kb_images(const df_kb *kb);

/* data/dependency-manifests.json (ecosystems, their install commands and
 * manifests, context-free commands, .dockerignore proposals), the whole
 * object; the "patterns" lists of its "source_checks" work with
 * df_kb_match(). Never NULL. */
const df_fact *df_kb_deps(const df_kb *kb);

/* The "leftovers" object of data/package-managers.json (DF025: commands
 * that consume a download, language tools and their caches), or NULL. */
const df_fact *df_kb_leftovers(const df_kb *kb);

/* The manager object for a name ("apt"), or NULL. */
const df_fact *df_kb_manager(const df_kb *kb, const char *name);

/* The manager whose "commands" list holds cmd[0..n); its name in *name.
 * NULL when none does. */
const df_fact *df_kb_manager_for(const df_kb *kb, const char *cmd, size_t n, const char **name);

/* Is s[0..n) one of the strings of the list obj[key]? (inline: a literal
 * key's hash is folded, see df_fact_get) */
/* always inline: with a literal key, df_fact_get folds its hash and words */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline bool df_kb_has(const df_fact *obj, const char *key, const char *s, size_t n)
{
    return df_fact_has(df_fact_get(obj, key), s, n);
}

/* Does some ecosystem of data/dependency-manifests.json list s[0..n) in
 * the "commands" (module: the "modules") of one of its "installs"? O(log n). */
bool df_kb_installs_name(const df_kb *kb, const char *s, size_t n, bool module);

/* obj[key] as a string, or NULL. */
/* always inline: with a literal key, df_fact_get folds its hash and words */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline const char *df_kb_str(const df_fact *obj, const char *key)
{
    return df_fact_str(df_fact_get(obj, key));
}

/* Does s[0..n) match one of the PCRE2 patterns of the list obj[key]?
 * False also when a pattern could not be compiled or matched for want of
 * memory; df_kb_failures() then counts one more. */
bool df_kb_match(const df_kb *kb, const df_fact *obj, const char *key, const char *s, size_t n);
/* The same for the list itself (obj[key] looked up once by a caller that
 * asks for many words). */
bool df_kb_match_list(const df_kb *kb, const df_fact *list, const char *s, size_t n);

/* A set of phrases (the strings of a fact list: pin_phrases,
 * layer_intent_comments...) to look for in a text at once, ASCII letters
 * compared without case. Looking for each phrase in turn (a memchr per
 * phrase and strncasecmp at each of its first letters) was a quarter of a
 * corpus run over comment lines; the set reads each byte once: a phrase
 * is compared only where the text's three bytes from there are the first
 * three of some phrase (phrase i is bit i % 64 of the masks). And not
 * every byte is a candidate start: every phrase covers one of every
 * stride-th byte of the text and the byte after it, so only those pairs
 * are read, each naming through off[] the offsets inside some phrase where
 * it stands, hence the starts to try. Building it fills 6 KiB of tables:
 * once per document or per scan, on the stack. Empty strings and
 * non-strings of the list are never found. */
typedef struct {
    const df_fact *list;
    size_t n;               /* df_fact_size(list) */
    uint64_t at[3][256];    /* at[k][c]: phrases whose byte k is c (any case), or that are shorter than k + 1 */
    size_t stride;          /* the shortest phrase's length less one, at most 8; 0 when that is
                               0 (or there is no phrase): every byte is a start to try */
    uint16_t off[256];      /* off[c]: bit j when some phrase has c (any case) at byte j <= stride */
} df_kb_phrases;

void df_kb_phrases_init(df_kb_phrases *ps, const df_fact *list);
/* The set of data/dependency-manifests.json's not_ours.pin_phrases (the
 * comments that pin lines: pragma.c): built into ps, or kb's, built once
 * by df_kb_new for every document of the process. */
void df_kb_pin_phrases_init(df_kb_phrases *ps);
const df_kb_phrases *df_kb_pin_phrases(const df_kb *kb);
/* Does s[0..n) hold one of the phrases? */
bool df_kb_phrases_in(const df_kb_phrases *ps, const char *s, size_t n);

/* How many patterns this kb has compiled so far (a work counter: none at
 * creation). */
size_t df_kb_compiled(const df_kb *kb);

/* How many df_kb_match calls of this kb could not try a pattern (out of
 * memory) so far: the driver compares it before and after the rules of a
 * file, and reports the file out of memory when it grew. */
size_t df_kb_failures(const df_kb *kb);

/* The option spec of a manager for the shell model (which options take a
 * value), from its "value_options". Never NULL. */
const df_sh_flagspec *df_kb_flagspec(const df_kb *kb, const char *name);

#endif
