/*
 * workdir.c - the working folder at each instruction (see workdir.h).
 *
 * Why a module of its own: DF002 and DF011 both resolve relative paths
 * against WORKDIR; two trackers had drifted apart (one took exec form and
 * quotes literally, one forgot the folder a stage inherits from the stage
 * it is built FROM). One tracker, one answer.
 */
#include "workdir.h"

#include <stdint.h>
#include <string.h>

#include "deps.h"

char *df_word_value(df_arena *a, const df_word *w, bool json, char esc)
{
    if (json)
        return memchr(w->value, '$', w->len) ? NULL : df_arena_strndup(a, w->value, w->len);
    char *out = df_arena_alloc(a, w->len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    char q = 0;
    for (size_t i = 0; i < w->len; i++) {
        char ch = w->value[i];
        if (ch == '$' && q != '\'')
            return NULL;
        if (q == 0 && (ch == '"' || ch == '\'')) {
            q = ch;
            continue;
        }
        if (q && ch == q) {
            q = 0;
            continue;
        }
        if (ch == esc && q != '\'' && i + 1 < w->len)
            ch = w->value[++i];
        out[o++] = ch;
    }
    out[o] = '\0';
    return out;
}

const char **df_workdirs(df_arena *a, const df_doc *d)
{
    const char **w = df_arena_alloc(a, (d->ninstrs + 1) * sizeof *w);
    const char **end = df_arena_alloc(a, (d->nstages + 1) * sizeof *end);
    if (!w || !end)
        return NULL;
    const char *cur = "@";
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM && in->stage < d->nstages) {
            if (stage < d->nstages)
                end[stage] = cur;
            stage = in->stage;
            size_t p = d->stages[stage].parent;
            cur = p < stage ? end[p] : "@";
        }
        w[i] = cur;
        if (in->cmd != DF_CMD_WORKDIR)
            continue;
        if (in->nargs != 1) {
            cur = NULL;
            continue;
        }
        char *v = df_word_value(a, &in->args[0], false, d->escape);
        if (!v || !*v)
            cur = NULL;
        else if (v[0] == '/')
            cur = df_deps_path(a, "/", v, strlen(v));
        else
            cur = cur ? df_deps_path(a, cur, v, strlen(v)) : NULL;
    }
    return w;
}

const char **df_env_before(const df_doc *d, const char *name, size_t nl)
{
    if (!d->ninstrs)
        return NULL;
    const char **before = df_arena_alloc(d->arena, d->ninstrs * sizeof *before);
    const char **end = df_arena_alloc(d->arena, (d->nstages + 1) * sizeof *end);
    if (!before || !end)
        return NULL;
    memset(end, 0, (d->nstages + 1) * sizeof *end);
    const char *cur = NULL;
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != stage) {
            if (stage < d->nstages)
                end[stage] = cur;
            stage = in->stage;
            size_t p = stage < d->nstages ? d->stages[stage].parent : SIZE_MAX;
            cur = p < stage ? end[p] : NULL; /* a base image's ENV is not known */
        }
        before[i] = cur;
        if (in->cmd != DF_CMD_ENV)
            continue;
        for (size_t k = 0; k + 1 < in->nargs; k += 3) /* key, value, separator */
            if (in->args[k].len == nl && memcmp(in->args[k].value, name, nl) == 0)
                cur = df_word_value(d->arena, &in->args[k + 1], false, d->escape);
    }
    return before;
}
