/*
 * runtime.h - (private) what the image does when a container starts, for
 * the rules whose fix removes something a container might still use.
 *
 * DF003 removes the apt package lists. That is safe for the build, but an
 * image whose command installs packages when it starts (`CMD apt-get
 * install -y $EXTRA && run`, or an entrypoint script copied from the build
 * context that does) relies on the lists the build left: without them the
 * container fails at start. This module answers that one question from the
 * shipped stages' CMD and ENTRYPOINT, and from the scripts they name that a
 * COPY or ADD brings from the build context (read when --context is given).
 *
 * Ownership: results are allocated in the document's arena.
 */
#ifndef DFOPT_RUNTIME_H
#define DFOPT_RUNTIME_H

#include "dfopt/rule.h"

/* Does the shipped image install Debian packages at run time without
 * refreshing the lists first: a CMD or ENTRYPOINT of a stage that reaches
 * the image, or a build-context script such a stage copies and that
 * command names, runs `apt-get install` / `apt install` with no `apt-get
 * update` / `apt update` before it? Returns what does ("the ENTRYPOINT",
 * "docker-entrypoint.sh, run by the ENTRYPOINT"), or NULL. Computed once per
 * call: linear in the file (and the scripts it reads, 256 KB each at most). */
const char *df_runtime_apt_install(df_ctx *c);

/* Does the image's command (as above: the last CMD and ENTRYPOINT of the
 * shipped stages, and the context scripts they name) name `word` as a
 * whole word ("go", "cargo")? Returns what does, or NULL. */
const char *df_runtime_mentions(df_ctx *c, const char *word);

#endif
