/*
 * ast.c - queries over the parse tree and the invariant checker.
 *
 * df_doc_check() is the safety net for losslessness: if the pieces do not
 * tile the input, some byte would be lost or duplicated when printing.
 * Every unit and golden test, and the fuzz target, runs it.
 */
#include "dfopt/ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const df_word *df_instr_flag(const df_instr *in, const char *name, size_t *from_index)
{
    size_t nl = strlen(name);
    size_t i = from_index ? *from_index : 0;
    for (; i < in->nflags; i++) {
        const df_word *f = &in->flags[i];
        if (f->len >= nl + 2 && f->value[0] == '-' && f->value[1] == '-' &&
            strncmp(f->value + 2, name, nl) == 0 && (f->len == nl + 2 || f->value[nl + 2] == '=')) {
            if (from_index)
                *from_index = i + 1;
            return f;
        }
    }
    if (from_index)
        *from_index = in->nflags;
    return NULL;
}

static const char *check_words(const df_instr *in, const df_word *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (w[i].lstart > w[i].lend || w[i].lend > in->line.len)
            return "word outside its logical line";
        if (w[i].span.start > w[i].span.end || w[i].span.start < in->span.start ||
            w[i].span.end > in->span.end)
            return "word span outside its instruction";
    }
    return NULL;
}

static const char *check_instr(const df_doc *d, const df_instr *in)
{
    const char *s = d->src->text;
    /* physical lines tile the instruction, and the logical segments are
     * its code spans, in order: one pass over the lines checks both */
    size_t at = in->span.start;
    size_t seg = 0, log = 0;
    for (size_t i = 0; i < in->nplines; i++) {
        const df_pline *pl = &in->plines[i];
        if (pl->span.start != at || pl->span.end < pl->span.start)
            return "physical lines do not tile the instruction";
        if (pl->eol.end != pl->span.end || pl->eol.start < pl->span.start)
            return "line terminator misplaced";
        for (size_t k = pl->eol.start; k < pl->eol.end; k++)
            if (s[k] != '\r' && s[k] != '\n')
                return "line terminator holds other bytes";
        at = pl->span.end;
        if (pl->kind != DF_PLINE_CODE)
            continue;
        if (pl->code.start < pl->span.start || pl->code.end < pl->code.start || pl->cont.start != pl->code.end ||
            pl->cont.end > pl->eol.start)
            return "code, continuation and terminator out of order";
        if (pl->code.end == pl->code.start)
            continue;
        if (seg >= in->line.nsegs)
            return "fewer logical segments than code lines";
        const df_seg *sg = &in->line.segs[seg++];
        if (sg->src != pl->code.start || sg->len != pl->code.end - pl->code.start || sg->log != log)
            return "logical segment does not match its code line";
        if (memcmp(in->line.text + sg->log, s + sg->src, sg->len) != 0)
            return "logical text differs from the source";
        log += sg->len;
    }
    if (at != in->span.end)
        return "physical lines end before the instruction";
    if (seg != in->line.nsegs || log != in->line.len)
        return "logical line is not the join of the code lines";
    const char *e = check_words(in, in->flags, in->nflags);
    if (!e)
        e = check_words(in, in->args, in->nargs);
    for (size_t i = 0; !e && i < in->nheredocs; i++) {
        const df_heredoc *h = &in->heredocs[i];
        if (h->body.start > h->body.end || h->terminator.start < h->body.end ||
            h->terminator.end > in->span.end)
            e = "heredoc body outside its instruction";
    }
    return e;
}

const char *df_doc_check(const df_doc *d)
{
    size_t at = 0;
    for (size_t i = 0; i < d->npieces; i++) {
        const df_piece *p = &d->pieces[i];
        if (p->span.start != at || p->span.end <= p->span.start)
            return "pieces do not tile the input";
        if (p->kind == DF_PIECE_INSTR) {
            if (!p->instr || p->instr->span.start != p->span.start || p->instr->span.end != p->span.end)
                return "instruction piece and instruction disagree";
            const char *e = check_instr(d, p->instr);
            if (e)
                return e;
        }
        at = p->span.end;
    }
    if (at != d->src->len)
        return "pieces end before the input does";
    return NULL;
}

size_t df_stage_find(const df_doc *d, const char *name)
{
    for (size_t i = 0; i < d->nstages; i++)
        if (d->stages[i].name && strcasecmp(d->stages[i].name, name) == 0)
            return i;
    char *end;
    unsigned long v = strtoul(name, &end, 10);
    if (*name && *end == '\0' && v < d->nstages)
        return (size_t)v;
    return SIZE_MAX;
}

bool df_stage_ships(const df_doc *d, size_t i)
{
    return i < d->nstages && d->stages[i].ships;
}

const df_instr *df_doc_unknown_instr(const df_doc *d)
{
    for (size_t i = 0; i < d->ninstrs; i++)
        if (d->instrs[i]->cmd == DF_CMD_UNKNOWN)
            return d->instrs[i];
    return NULL;
}

size_t df_stage_root(const df_doc *d, size_t si)
{
    return si < d->nstages ? d->stages[si].root : si;
}
