/*
 * astjson.c - the parse tree as JSON for `dfopt --ast` (see astjson.h).
 *
 * Streams text into a df_buf instead of building a jansson tree: a 50,000
 * line file produces megabytes of JSON and we want that linear and cheap.
 */
#include "dfopt/astjson.h"

#include <string.h>

#include "dfopt/utf8.h"

int df_json_str(df_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (df_buf_grow(out, n + 2) < 0 || df_buf_addch(out, '"') < 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            size_t j = i + 1;
            while (j < n) {
                unsigned char d = (unsigned char)s[j];
                if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\')
                    break;
                j++;
            }
            if (df_buf_add(out, s + i, j - i) < 0)
                return -1;
            i = j;
            continue;
        }
        int r = 0;
        if (c == '"')
            r = df_buf_add(out, "\\\"", 2);
        else if (c == '\\')
            r = df_buf_add(out, "\\\\", 2);
        else if (c == '\n')
            r = df_buf_add(out, "\\n", 2);
        else if (c == '\r')
            r = df_buf_add(out, "\\r", 2);
        else if (c == '\t')
            r = df_buf_add(out, "\\t", 2);
        else if (c < 0x20) {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            r = df_buf_add(out, u, 6);
        } else {
            size_t w;
            uint32_t rr = df_utf8_decode(s + i, n - i, &w);
            if (rr == DF_RUNE_ERROR && w == 1)
                r = df_buf_add(out, "\\ufffd", 6);
            else
                r = df_buf_add(out, s + i, w);
            if (r < 0)
                return -1;
            i += w;
            continue;
        }
        if (r < 0)
            return -1;
        i++;
    }
    return df_buf_addch(out, '"');
}

static int words(df_buf *o, const df_word *w, size_t n)
{
    if (df_buf_addch(o, '[') < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if ((i && df_buf_add(o, ", ", 2) < 0) || df_json_str(o, w[i].value, w[i].len) < 0)
            return -1;
    }
    return df_buf_addch(o, ']');
}

static int instr(df_buf *o, const df_doc *d, const df_instr *in)
{
    const char *src = d->src->text;
    const char *cmd = in->cmd == DF_CMD_UNKNOWN ? NULL : df_cmd_name(in->cmd);
    if (df_buf_addstr(o, "{\"cmd\": ") < 0)
        return -1;
    if (cmd) {
        if (df_json_str(o, cmd, strlen(cmd)) < 0)
            return -1;
    } else {
        /* unknown keywords are reported lowercased, as BuildKit does */
        df_buf low = DF_BUF_INIT;
        for (size_t i = 0; i < in->keyword.len; i++) {
            char c = in->keyword.value[i];
            if (df_buf_addch(&low, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c) < 0) {
                df_buf_release(&low);
                return -1;
            }
        }
        int r = df_json_str(o, low.data ? low.data : "", low.len);
        df_buf_release(&low);
        if (r < 0)
            return -1;
    }
    if (df_buf_addstr(o, ", \"rawCmd\": ") < 0 || df_json_str(o, in->keyword.value, in->keyword.len) < 0 ||
        df_buf_addstr(o, ", \"flags\": ") < 0 || words(o, in->flags, in->nflags) < 0 ||
        df_buf_addstr(o, ", \"args\": ") < 0 || words(o, in->args, in->nargs) < 0 ||
        df_buf_printf(o, ", \"json\": %s, \"heredocs\": [", in->json ? "true" : "false") < 0)
        return -1;
    for (size_t i = 0; i < in->nheredocs; i++) {
        const df_heredoc *h = &in->heredocs[i];
        if ((i && df_buf_add(o, ", ", 2) < 0) || df_buf_addstr(o, "{\"name\": ") < 0 ||
            df_json_str(o, h->name, strlen(h->name)) < 0 || df_buf_addstr(o, ", \"content\": ") < 0 ||
            df_json_str(o, src + h->body.start, h->body.end - h->body.start) < 0 ||
            df_buf_printf(o, ", \"expand\": %s, \"chomp\": %s, \"fileDescriptor\": %u, \"span\": [%zu, %zu]}",
                          h->expand ? "true" : "false", h->chomp ? "true" : "false", h->fd,
                          h->body.start, h->body.end) < 0)
            return -1;
    }
    if (df_buf_printf(o, "], \"startLine\": %zu, \"endLine\": %zu, \"original\": ", in->start_line,
                      in->end_line) < 0 ||
        df_json_str(o, in->line.text, in->line.len) < 0 ||
        df_buf_printf(o, ", \"span\": [%zu, %zu]", in->span.start, in->span.end) < 0)
        return -1;
    if (in->sub) {
        if (df_buf_addstr(o, ", \"sub\": ") < 0 || instr(o, d, in->sub) < 0)
            return -1;
    } else if (df_buf_addstr(o, ", \"sub\": null") < 0) {
        return -1;
    }
    return df_buf_addch(o, '}');
}

int df_ast_json(const df_doc *d, df_buf *o)
{
    char esc[2] = {d->escape, 0};
    if (df_buf_addstr(o, "{\"escape\": ") < 0 || df_json_str(o, esc, 1) < 0 ||
        df_buf_addstr(o, ", \"directives\": [") < 0)
        return -1;
    for (size_t i = 0; i < d->ndirectives; i++) {
        const df_directive *dv = &d->directives[i];
        if ((i && df_buf_add(o, ", ", 2) < 0) || df_buf_addstr(o, "{\"name\": ") < 0 ||
            df_json_str(o, dv->name, strlen(dv->name)) < 0 || df_buf_addstr(o, ", \"value\": ") < 0 ||
            df_json_str(o, dv->value, strlen(dv->value)) < 0 ||
            df_buf_printf(o, ", \"line\": %zu}", dv->line) < 0)
            return -1;
    }
    if (df_buf_addstr(o, "], \"warnings\": [") < 0)
        return -1;
    for (size_t i = 0; i < d->nwarnings; i++) {
        if ((i && df_buf_add(o, ", ", 2) < 0) ||
            df_buf_printf(o, "{\"line\": %zu, \"short\": ", d->warnings[i].line) < 0 ||
            df_json_str(o, d->warnings[i].message, d->warnings[i].len) < 0 ||
            df_buf_addch(o, '}') < 0)
            return -1;
    }
    if (df_buf_addstr(o, "], \"instructions\": [") < 0)
        return -1;
    for (size_t i = 0; i < d->ninstrs; i++) {
        if ((i && df_buf_add(o, ",\n  ", 4) < 0) || (!i && df_buf_add(o, "\n  ", 3) < 0) ||
            instr(o, d, d->instrs[i]) < 0)
            return -1;
    }
    return df_buf_addstr(o, "]}\n");
}
