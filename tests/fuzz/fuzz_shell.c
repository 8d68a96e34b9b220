/*
 * fuzz_shell.c - libFuzzer target: the shell model (src/shell.c).
 *
 * The input is a RUN body. For every input:
 *  - success: every node, word, redirection, heredoc and list item has a
 *    span inside the input with start <= end, and a child's span lies inside
 *    its parent's; every word value is NUL-terminated at value_len; the walk
 *    visits each simple command; the command view, the argument iterator
 *    (with apt-get's option spec), df_sh_find_flag and df_sh_errexit_before
 *    answer without reading outside the tree;
 *  - failure: the message is non-empty and NUL-terminated, the offset is
 *    inside the input.
 * Any violation aborts with a message, so libFuzzer records a crash.
 */
#define FUZZ_NAME "fuzz_shell"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/arena.h"
#include "dfopt/shell.h"
#include "fuzz_common.h"

typedef struct {
    size_t len;
    size_t visited;
} walk_state;

static void check_span(df_span s, size_t lo, size_t hi, const char *what)
{
    if (s.start > s.end || s.start < lo || s.end > hi) {
        char m[160];
        snprintf(m, sizeof m, "%s span [%zu, %zu) outside [%zu, %zu)", what, s.start, s.end, lo, hi);
        die("bad span", m);
    }
}

static void check_word(const df_sh_word *w, size_t lo, size_t hi)
{
    check_span(w->span, lo, hi, "word");
    if (!w->value)
        die("word without a value", NULL);
    if (w->value[w->value_len] != '\0' || strlen(w->value) > w->value_len)
        die("word value not NUL-terminated at value_len", NULL);
}

static void check_node(const df_sh_node *n, size_t lo, size_t hi, unsigned depth);

static void check_list(const df_sh_list *l, size_t lo, size_t hi, unsigned depth)
{
    if (l->n && !l->items)
        die("list without items", NULL);
    for (size_t i = 0; i < l->n; i++) {
        if (!l->items[i].node)
            die("list item without a node", NULL);
        check_node(l->items[i].node, lo, hi, depth + 1);
        check_span(l->items[i].op_span, lo, hi, "operator");
        if (i > 0 && l->items[i].node->span.start < l->items[i - 1].node->span.end)
            die("list items out of order", NULL);
    }
}

static void check_node(const df_sh_node *n, size_t lo, size_t hi, unsigned depth)
{
    if (depth > 4 * DF_SH_MAX_DEPTH + 16)
        die("tree deeper than DF_SH_MAX_DEPTH allows", NULL);
    check_span(n->span, lo, hi, "node");
    lo = n->span.start;
    hi = n->span.end;
    for (size_t i = 0; i < n->nredirs; i++) {
        const df_sh_redir *r = &n->redirs[i];
        check_span(r->span, lo, hi, "redirection");
        check_word(&r->target, lo, hi);
        if ((r->op == DF_SH_R_HEREDOC || r->op == DF_SH_R_HEREDOC_TAB) != (r->heredoc != NULL))
            die("heredoc pointer does not match the operator", NULL);
        if (r->heredoc && r->heredoc->present) {
            /* bodies lie after the line of the operator: inside the script */
            check_span(r->heredoc->body, 0, (size_t)-1 / 2, "heredoc body");
            check_span(r->heredoc->terminator, 0, (size_t)-1 / 2, "heredoc terminator");
            if (r->heredoc->body.end > r->heredoc->terminator.start)
                die("heredoc body ends after its terminator starts", NULL);
        }
    }
    switch (n->kind) {
    case DF_SH_SIMPLE:
        for (size_t i = 0; i < n->simple.nassigns; i++) {
            check_span(n->simple.assigns[i].span, lo, hi, "assignment");
            check_word(&n->simple.assigns[i].value, lo, hi);
        }
        for (size_t i = 0; i < n->simple.nwords; i++)
            check_word(&n->simple.words[i], lo, hi);
        break;
    case DF_SH_PIPELINE:
        for (size_t i = 0; i < n->pipeline.n; i++)
            check_node(n->pipeline.cmds[i], lo, hi, depth + 1);
        break;
    case DF_SH_SUBSHELL:
    case DF_SH_GROUP:
        check_list(&n->group.body, lo, hi, depth);
        break;
    case DF_SH_IF:
        for (size_t i = 0; i < n->if_.n; i++) {
            check_list(&n->if_.clauses[i].cond, lo, hi, depth);
            check_list(&n->if_.clauses[i].body, lo, hi, depth);
        }
        if (n->if_.has_else)
            check_list(&n->if_.else_body, lo, hi, depth);
        break;
    case DF_SH_FOR:
        check_word(&n->for_.var, lo, hi);
        for (size_t i = 0; i < n->for_.nwords; i++)
            check_word(&n->for_.words[i], lo, hi);
        check_list(&n->for_.body, lo, hi, depth);
        break;
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        check_list(&n->loop.cond, lo, hi, depth);
        check_list(&n->loop.body, lo, hi, depth);
        break;
    case DF_SH_CASE:
        check_word(&n->case_.subject, lo, hi);
        for (size_t i = 0; i < n->case_.n; i++) {
            const df_sh_case_item *it = &n->case_.items[i];
            for (size_t k = 0; k < it->npatterns; k++)
                check_word(&it->patterns[k], lo, hi);
            check_list(&it->body, lo, hi, depth);
        }
        break;
    case DF_SH_FUNCTION:
        check_word(&n->func.name, lo, hi);
        if (!n->func.body)
            die("function without a body", NULL);
        check_node(n->func.body, lo, hi, depth + 1);
        break;
    default:
        die("unknown node kind", NULL);
    }
}

static const char *const apt_long[] = {"--option", "--target-release", NULL};
static const df_sh_flagspec apt_spec = {"otc", apt_long, false};
static const df_sh_flagspec posix_spec = {"n", NULL, true};

static int visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    walk_state *st = user;
    st->visited++;
    if (cmd->kind != DF_SH_SIMPLE)
        die("walk visited a node that is not SIMPLE", NULL);
    if (!ctx->list || ctx->index >= ctx->list->n)
        die("walk context points outside its list", NULL);
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) != 0)
        die("no command view of a SIMPLE node", NULL);
    if (v.name && (v.name_index >= cmd->simple.nwords || v.name != &cmd->simple.words[v.name_index]))
        die("command view name is not one of the words", NULL);
    if (v.name && v.args + v.nargs != cmd->simple.words + cmd->simple.nwords)
        die("command view args do not end with the words", NULL);
    const df_sh_flagspec *specs[] = {&apt_spec, &posix_spec, NULL};
    for (size_t s = 0; s < 3; s++) {
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        size_t guard = 0, last = 0;
        while (df_sh_arg_next(&v, specs[s], &it, &a)) {
            if (a.index >= v.nargs || a.word != &v.args[a.index])
                die("argument outside the view", NULL);
            if (guard && a.index < last)
                die("arguments go backwards", NULL);
            last = a.index;
            if (a.value && a.value_len != strlen(a.value) && !memchr(a.value, '\0', a.value_len))
                die("flag value length", NULL);
            if (++guard > v.nargs + 1)
                die("argument iterator does not end", NULL);
        }
        (void)df_sh_subcommand(&v, specs[s]);
        df_sh_arg f;
        if (df_sh_find_flag(&v, specs[s], "-y", &f) && f.index >= v.nargs)
            die("found flag outside the view", NULL);
        (void)df_sh_has_flag(&v, specs[s], "--no-install-recommends");
        (void)df_sh_has_flag(&v, specs[s], "-rf");
    }
    if (cmd->simple.nwords)
        (void)df_sh_word_is(&cmd->simple.words[0], "cd");
    (void)st;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    df_arena *a = df_arena_new();
    if (!a) {
        free(text);
        return 0;
    }
    df_sh_error err;
    memset(&err, 0, sizeof err);
    df_sh_script *s = df_sh_parse(a, text, size, &err);
    if (s) {
        if (s->text != text || s->len != size)
            die("script does not point at its input", NULL);
        check_list(&s->list, 0, size, 0);
        walk_state st = {size, 0};
        df_sh_walk(s, visit, &st);
        (void)df_sh_errexit_before(s, size);
        (void)df_sh_errexit_before(s, size / 2);
    } else {
        size_t ml = strnlen(err.message, sizeof err.message);
        if (ml == 0 || ml == sizeof err.message)
            die("parse failed without a NUL-terminated message", NULL);
        if (err.offset > size)
            die("error offset past the end of the input", err.message);
    }
    df_arena_free(a);
    free(text);
    return 0;
}
