/*
 * kb.h - the knowledge base: facts from the data/ folder.
 *
 * data/package-managers.json, data/base-images.json and
 * data/dependency-manifests.json are compiled into the binary (scripts/embed.sh)
 * so that dfopt never depends on where it was installed; df_kb_new() parses
 * it with jansson and compiles its patterns with PCRE2. One kb serves a
 * whole run; it is read-only after creation.
 *
 * Ownership: the kb owns every json_t and pattern it hands out; pointers
 * stay valid until df_kb_free().
 */
#ifndef DFOPT_KB_H
#define DFOPT_KB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "dfopt/shell.h"

typedef struct df_kb df_kb;

/* Parse the embedded data. NULL with a message in err on failure. */
df_kb *df_kb_new(char *err, size_t errlen);
void df_kb_free(df_kb *kb);

/* data/base-images.json (base image sizes, slim siblings, deprecations,
 * SDK images), the whole object. Never NULL. */
const json_t *df_kb_images(const df_kb *kb);

/* data/dependency-manifests.json (ecosystems, their install commands and
 * manifests, context-free commands, .dockerignore proposals), the whole
 * object; the "patterns" lists of its "source_checks" work with
 * df_kb_match(). Never NULL. */
const json_t *df_kb_deps(const df_kb *kb);

/* The "leftovers" object of data/package-managers.json (DF025: commands
 * that consume a download, language tools and their caches), or NULL. */
const json_t *df_kb_leftovers(const df_kb *kb);

/* The manager object for a name ("apt"), or NULL. */
const json_t *df_kb_manager(const df_kb *kb, const char *name);

/* The manager whose "commands" list holds cmd[0..n); its name in *name.
 * NULL when none does. */
const json_t *df_kb_manager_for(const df_kb *kb, const char *cmd, size_t n, const char **name);

/* Is s[0..n) one of the strings of the list obj[key]? */
bool df_kb_has(const json_t *obj, const char *key, const char *s, size_t n);

/* Is s[0..n) one of the strings of list? O(1) on average for any array
 * of the kb's trees (indexed once in df_kb_new), a scan for any other
 * array; false when list is not an array. */
bool df_kb_list_has(const df_kb *kb, const json_t *list, const char *s, size_t n);

/* Does some ecosystem of data/dependency-manifests.json list s[0..n) in
 * the "commands" (module: the "modules") of one of its "installs"? O(1). */
bool df_kb_installs_name(const df_kb *kb, const char *s, size_t n, bool module);

/* obj[key] as a string, or NULL. */
const char *df_kb_str(const json_t *obj, const char *key);

/* Does s[0..n) match one of the PCRE2 patterns of the list obj[key]? */
bool df_kb_match(const df_kb *kb, const json_t *obj, const char *key, const char *s, size_t n);

/* The option spec of a manager for the shell model (which options take a
 * value), from its "value_options". Never NULL. */
const df_sh_flagspec *df_kb_flagspec(const df_kb *kb, const char *name);

#endif
