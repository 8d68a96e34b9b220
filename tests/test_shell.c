/*
 * test_shell.c - unit tests for the shell model (src/shell.c).
 *
 * Each case parses a small script and checks exact spans, values, flags,
 * walker contexts or error messages and offsets. Every successful parse is
 * also run through check_tree(), which asserts the span invariants (spans
 * inside the input, children inside parents, items in order).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dfopt/buf.h"
#include "dfopt/shell.h"

/* ---- helpers ---------------------------------------------------------- */

static int setup(void **state)
{
    *state = df_arena_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    df_arena_free(*state);
    return 0;
}

static void check_span(df_span s, df_span outer)
{
    assert_true(s.start <= s.end);
    assert_true(s.start >= outer.start);
    assert_true(s.end <= outer.end);
}

static void check_word(const df_sh_word *w, df_span outer)
{
    check_span(w->span, outer);
    assert_non_null(w->value);
    assert_int_equal(strlen(w->value), w->value_len);
    assert_true(w->value_len <= w->span.end - w->span.start);
}

static void check_node(const df_sh_node *n, df_span outer);

static void check_list(const df_sh_list *l, df_span outer)
{
    size_t prev = l->span.start;
    check_span(l->span, outer);
    for (size_t i = 0; i < l->n; i++) {
        const df_sh_item *it = &l->items[i];
        assert_true(it->node->span.start >= prev);
        check_node(it->node, l->span);
        check_span(it->op_span, l->span);
        assert_true(it->op_span.start >= it->node->span.end);
        assert_true(it->op != DF_SH_OP_NONE || i + 1 == l->n);
        prev = it->op_span.end;
    }
}

static void check_node(const df_sh_node *n, df_span outer)
{
    check_span(n->span, outer);
    for (size_t i = 0; i < n->nredirs; i++) {
        check_span(n->redirs[i].span, n->span);
        check_word(&n->redirs[i].target, n->redirs[i].span);
    }
    switch (n->kind) {
    case DF_SH_SIMPLE:
        for (size_t i = 0; i < n->simple.nassigns; i++)
            check_word(&n->simple.assigns[i].value, n->simple.assigns[i].span);
        for (size_t i = 0; i < n->simple.nwords; i++)
            check_word(&n->simple.words[i], n->span);
        break;
    case DF_SH_PIPELINE:
        for (size_t i = 0; i < n->pipeline.n; i++)
            check_node(n->pipeline.cmds[i], n->span);
        break;
    case DF_SH_SUBSHELL:
    case DF_SH_GROUP:
        check_list(&n->group.body, n->span);
        break;
    case DF_SH_IF:
        for (size_t i = 0; i < n->if_.n; i++) {
            check_list(&n->if_.clauses[i].cond, n->span);
            check_list(&n->if_.clauses[i].body, n->span);
        }
        if (n->if_.has_else)
            check_list(&n->if_.else_body, n->span);
        break;
    case DF_SH_FOR:
        check_word(&n->for_.var, n->span);
        for (size_t i = 0; i < n->for_.nwords; i++)
            check_word(&n->for_.words[i], n->span);
        check_list(&n->for_.body, n->span);
        break;
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        check_list(&n->loop.cond, n->span);
        check_list(&n->loop.body, n->span);
        break;
    case DF_SH_CASE:
        check_word(&n->case_.subject, n->span);
        for (size_t i = 0; i < n->case_.n; i++) {
            check_span(n->case_.items[i].span, n->span);
            check_list(&n->case_.items[i].body, n->span);
        }
        break;
    case DF_SH_FUNCTION:
        check_word(&n->func.name, n->span);
        check_node(n->func.body, n->span);
        break;
    }
}

static const df_sh_script *parse_ok(void **state, const char *src)
{
    df_sh_error err = {"", 0};
    const df_sh_script *s = df_sh_parse(*state, src, strlen(src), &err);
    if (!s)
        fail_msg("parse of \"%s\" failed: %s at %zu", src, err.message, err.offset);
    check_list(&s->list, (df_span){0, strlen(src)});
    return s;
}

static void parse_err(void **state, const char *src, const char *msg, size_t off)
{
    df_sh_error err = {"", 0};
    const df_sh_script *s = df_sh_parse(*state, src, strlen(src), &err);
    if (s)
        fail_msg("parse of \"%s\" should fail with \"%s\"", src, msg);
    assert_string_equal(err.message, msg);
    assert_int_equal(err.offset, off);
}

static void assert_word(const df_sh_word *w, size_t start, size_t end, const char *value,
                        unsigned flags)
{
    assert_int_equal(w->span.start, start);
    assert_int_equal(w->span.end, end);
    assert_string_equal(w->value, value);
    assert_int_equal(w->value_len, strlen(value));
    assert_int_equal(w->flags, flags);
}

/* Simple commands and their contexts, collected by the walker. */
#define MAXC 32
typedef struct {
    const df_sh_node *cmd[MAXC];
    df_sh_ctx ctx[MAXC];
    size_t n;
} seen;

static int collect(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    seen *s = user;
    assert_true(s->n < MAXC);
    s->cmd[s->n] = cmd;
    s->ctx[s->n] = *ctx;
    s->n++;
    return 0;
}

static seen walk(const df_sh_script *s)
{
    seen r;
    memset(&r, 0, sizeof r);
    assert_int_equal(df_sh_walk(s, collect, &r), 0);
    return r;
}

/* The first word's value of the k-th simple command. */
static const char *name_of(const seen *s, size_t k)
{
    assert_true(k < s->n);
    assert_true(s->cmd[k]->simple.nwords > 0);
    return s->cmd[k]->simple.words[0].value;
}

static const df_sh_node *item(const df_sh_list *l, size_t i, df_sh_kind kind)
{
    assert_true(i < l->n);
    assert_int_equal(l->items[i].node->kind, kind);
    return l->items[i].node;
}

/* ---- words ------------------------------------------------------------ */

static void test_simple_words(void **state)
{
    const char *src = "  apt-get install -y curl  ";
    const df_sh_script *s = parse_ok(state, src);
    assert_int_equal(s->list.n, 1);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->span.start, 2);
    assert_int_equal(c->span.end, 25);
    assert_int_equal(c->simple.nwords, 4);
    assert_word(&c->simple.words[0], 2, 9, "apt-get", 0);
    assert_word(&c->simple.words[1], 10, 17, "install", 0);
    assert_word(&c->simple.words[2], 18, 20, "-y", 0);
    assert_word(&c->simple.words[3], 21, 25, "curl", 0);
    assert_int_equal(s->list.items[0].op, DF_SH_OP_NONE);
    assert_int_equal(s->list.items[0].op_span.start, 25);
    assert_int_equal(s->list.items[0].op_span.end, 25);
}

static void test_empty_script(void **state)
{
    const df_sh_script *s = parse_ok(state, "  # only a comment\n\n");
    assert_int_equal(s->list.n, 0);
    s = parse_ok(state, "");
    assert_int_equal(s->list.n, 0);
}

static void test_quotes(void **state)
{
    const char *src = "echo 'a b' \"c \\\"d\\\" \\x\" e\\ f g\"h\"'i'";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 5);
    assert_word(&c->simple.words[1], 5, 10, "a b", DF_SH_W_QUOTED);
    assert_word(&c->simple.words[2], 11, 23, "c \"d\" \\x", DF_SH_W_QUOTED);
    assert_word(&c->simple.words[3], 24, 28, "e f", DF_SH_W_QUOTED);
    assert_word(&c->simple.words[4], 29, 36, "ghi", DF_SH_W_QUOTED);
}

static void test_line_continuation(void **state)
{
    const char *src = "apt-get \\\n  ins\\\ntall \"x\\\ny\"";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 3);
    assert_word(&c->simple.words[1], 12, 21, "install", 0);
    assert_word(&c->simple.words[2], 22, 28, "xy", DF_SH_W_QUOTED);
    assert_int_equal(s->list.n, 1);
}

static void test_expansions(void **state)
{
    const char *src = "echo $HOME/x \"${a:-${b}}\" $(echo \"$(x)\" ')') `id -u` $((1+(2)))";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 6);
    assert_word(&c->simple.words[1], 5, 12, "$HOME/x", DF_SH_W_EXPANSION);
    assert_word(&c->simple.words[2], 13, 25, "${a:-${b}}", DF_SH_W_QUOTED | DF_SH_W_EXPANSION);
    assert_word(&c->simple.words[3], 26, 44, "$(echo \"$(x)\" ')')",
                DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    assert_word(&c->simple.words[4], 45, 52, "`id -u`", DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    assert_word(&c->simple.words[5], 53, 63, "$((1+(2)))", DF_SH_W_EXPANSION | DF_SH_W_ARITH);
}

static void test_special_params_and_dollar(void **state)
{
    const df_sh_script *s = parse_ok(state, "echo $1 $@ \"$?\" $ a$ 5$");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_word(&c->simple.words[1], 5, 7, "$1", DF_SH_W_EXPANSION);
    assert_word(&c->simple.words[2], 8, 10, "$@", DF_SH_W_EXPANSION);
    assert_word(&c->simple.words[3], 11, 15, "$?", DF_SH_W_QUOTED | DF_SH_W_EXPANSION);
    assert_word(&c->simple.words[4], 16, 17, "$", 0);
    assert_word(&c->simple.words[5], 18, 20, "a$", 0);
    assert_word(&c->simple.words[6], 21, 23, "5$", 0);
}

static void test_cmdsubst_parse_through(void **state)
{
    /* a `)` inside quotes, a comment and a nested $( ) do not end it */
    const char *src = "x=$(echo ')' \"(\" # )\n  $(date)) y";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nassigns, 1);
    assert_int_equal(c->simple.nwords, 1);
    assert_word(&c->simple.words[0], 32, 33, "y", 0);
    assert_int_equal(c->simple.assigns[0].value.span.start, 2);
    assert_int_equal(c->simple.assigns[0].value.span.end, 31);
}

static void test_ansi_and_locale_quotes(void **state)
{
    const df_sh_script *s = parse_ok(state, "printf $'a\\tb\\'c' $\"d e\"");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_word(&c->simple.words[1], 7, 17, "a\tb'c", DF_SH_W_QUOTED);
    assert_word(&c->simple.words[2], 18, 24, "d e", DF_SH_W_QUOTED);
}

static void test_glob_and_tilde(void **state)
{
    const char *src = "rm -rf /var/lib/apt/lists/* '*' a?b [ x ] f[0-9] ~/.cache a~";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 11);
    assert_word(&c->simple.words[2], 7, 27, "/var/lib/apt/lists/*", DF_SH_W_GLOB);
    assert_word(&c->simple.words[3], 28, 31, "*", DF_SH_W_QUOTED);
    assert_word(&c->simple.words[4], 32, 35, "a?b", DF_SH_W_GLOB);
    assert_word(&c->simple.words[5], 36, 37, "[", 0);
    assert_word(&c->simple.words[7], 40, 41, "]", 0);
    assert_word(&c->simple.words[8], 42, 48, "f[0-9]", DF_SH_W_GLOB);
    assert_word(&c->simple.words[9], 49, 57, "~/.cache", DF_SH_W_TILDE);
    assert_word(&c->simple.words[10], 58, 60, "a~", 0);
}

static void test_process_substitution(void **state)
{
    const df_sh_script *s = parse_ok(state, "diff <(sort a) >(cat)");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 3);
    assert_int_equal(c->nredirs, 0);
    assert_word(&c->simple.words[1], 5, 14, "<(sort a)", DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    assert_word(&c->simple.words[2], 15, 21, ">(cat)", DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
}

/* Values are written over their own text in one copy of the script, each
 * ended by a NUL: a word cut by the next one without a blank (a process
 * substitution, an operator) keeps its value, and a quoted word's shorter
 * value ends inside its text. */
static void test_values_of_adjacent_words(void **state)
{
    const df_sh_script *s = parse_ok(state, "cat a<(x)<(y)b \"q r\"&&x'y'z");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 5);
    assert_word(&c->simple.words[0], 0, 3, "cat", 0);
    assert_word(&c->simple.words[1], 4, 5, "a", 0);
    assert_word(&c->simple.words[2], 5, 9, "<(x)", DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    assert_word(&c->simple.words[3], 9, 14, "<(y)b", DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    assert_word(&c->simple.words[4], 15, 20, "q r", DF_SH_W_QUOTED);
    c = item(&s->list, 1, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 1);
    assert_word(&c->simple.words[0], 22, 27, "xyz", DF_SH_W_QUOTED);
}

static void test_comments(void **state)
{
    const char *src = "a #c1 ) ; b\n# full line\nb a#b #c2";
    const df_sh_script *s = parse_ok(state, src);
    assert_int_equal(s->list.n, 2);
    const df_sh_node *a = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(a->simple.nwords, 1);
    assert_int_equal(a->span.end, 1);
    assert_int_equal(s->list.items[0].op, DF_SH_OP_NEWLINE);
    assert_int_equal(s->list.items[0].op_span.start, 11);
    const df_sh_node *b = item(&s->list, 1, DF_SH_SIMPLE);
    assert_int_equal(b->simple.nwords, 2);
    assert_word(&b->simple.words[1], 26, 29, "a#b", 0);
}

/* ---- assignments ------------------------------------------------------ */

static void test_assignments(void **state)
{
    const char *src = "DEBIAN_FRONTEND=noninteractive P+=\"a b\" apt-get install X=1";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nassigns, 2);
    const df_sh_assign *a = &c->simple.assigns[0];
    assert_string_equal(a->name, "DEBIAN_FRONTEND");
    assert_int_equal(a->name_len, 15);
    assert_false(a->append);
    assert_int_equal(a->span.start, 0);
    assert_int_equal(a->span.end, 30);
    assert_word(&a->value, 16, 30, "noninteractive", 0);
    a = &c->simple.assigns[1];
    assert_string_equal(a->name, "P");
    assert_true(a->append);
    assert_word(&a->value, 34, 39, "a b", DF_SH_W_QUOTED);
    assert_int_equal(c->simple.nwords, 3);
    assert_word(&c->simple.words[0], 40, 47, "apt-get", 0);
    assert_word(&c->simple.words[2], 56, 59, "X=1", 0); /* after the name: a word */
}

static void test_assignment_only_command(void **state)
{
    const df_sh_script *s = parse_ok(state, "A=1 B=$(pwd) && echo $A");
    seen w = walk(s);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.cmd[0]->simple.nwords, 0);
    assert_int_equal(w.cmd[0]->simple.nassigns, 2);
    assert_word(&w.cmd[0]->simple.assigns[1].value, 6, 12, "$(pwd)",
                DF_SH_W_EXPANSION | DF_SH_W_CMDSUBST);
    df_sh_view v;
    assert_int_equal(df_sh_command_view(w.cmd[0], &v), 0);
    assert_null(v.name);
    assert_int_equal(v.nargs, 0);
    assert_string_equal(name_of(&w, 1), "echo");
}

static void test_not_assignments(void **state)
{
    const df_sh_script *s = parse_ok(state, "1A=x \"B\"=y =z");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nassigns, 0);
    assert_int_equal(c->simple.nwords, 3);
}

/* ---- lists and pipelines ---------------------------------------------- */

static void test_list_operators(void **state)
{
    /*                 0         1
     *                 0123456789012345678 */
    const char *src = "a && b || c; d & e\n\nf";
    const df_sh_script *s = parse_ok(state, src);
    static const df_sh_op ops[] = {DF_SH_OP_AND, DF_SH_OP_OR, DF_SH_OP_SEMI, DF_SH_OP_AMP,
                                   DF_SH_OP_NEWLINE, DF_SH_OP_NONE};
    static const size_t starts[] = {2, 7, 11, 15, 18, 21};
    static const size_t ends[] = {4, 9, 12, 16, 19, 21};
    assert_int_equal(s->list.n, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(s->list.items[i].op, ops[i]);
        assert_int_equal(s->list.items[i].op_span.start, starts[i]);
        assert_int_equal(s->list.items[i].op_span.end, ends[i]);
    }
    assert_int_equal(s->list.span.start, 0);
    assert_int_equal(s->list.span.end, 21);
    assert_string_equal(df_sh_op_text(DF_SH_OP_AND), "&&");
    assert_string_equal(df_sh_op_text(DF_SH_OP_NEWLINE), "\n");
    assert_string_equal(df_sh_op_text(DF_SH_OP_DSEMI_AMP), ";;&");
    assert_string_equal(df_sh_op_text(DF_SH_OP_NONE), "");
}

static void test_and_or_across_lines(void **state)
{
    const char *src = "apt-get update &&\n\n  apt-get install -y x ||\n  true";
    const df_sh_script *s = parse_ok(state, src);
    assert_int_equal(s->list.n, 3);
    assert_int_equal(s->list.items[0].op, DF_SH_OP_AND);
    assert_int_equal(s->list.items[0].op_span.start, 15);
    assert_int_equal(s->list.items[1].node->span.start, 21);
    assert_int_equal(s->list.items[1].op, DF_SH_OP_OR);
}

static void test_pipeline(void **state)
{
    /*                 0         1         2
     *                 01234567890123456789012 */
    const char *src = "! curl -s x | sh |& tee";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *p = item(&s->list, 0, DF_SH_PIPELINE);
    assert_true(p->pipeline.bang);
    assert_int_equal(p->pipeline.bang_span.start, 0);
    assert_int_equal(p->pipeline.bang_span.end, 1);
    assert_int_equal(p->pipeline.n, 3);
    assert_int_equal(p->pipeline.ops[0], DF_SH_OP_PIPE);
    assert_int_equal(p->pipeline.pipes[0].start, 12);
    assert_int_equal(p->pipeline.ops[1], DF_SH_OP_PIPE_AMP);
    assert_int_equal(p->pipeline.pipes[1].start, 17);
    assert_int_equal(p->pipeline.pipes[1].end, 19);
    assert_int_equal(p->span.start, 0);
    assert_int_equal(p->span.end, 23);
    assert_int_equal(p->pipeline.cmds[1]->span.start, 14);

    s = parse_ok(state, "! true");
    p = item(&s->list, 0, DF_SH_PIPELINE);
    assert_int_equal(p->pipeline.n, 1);
    s = parse_ok(state, "a |\n b");
    p = item(&s->list, 0, DF_SH_PIPELINE);
    assert_int_equal(p->pipeline.n, 2);
}

static void test_subshell_and_group(void **state)
{
    /*                 0         1         2
     *                 012345678901234567890123456 */
    const char *src = "(cd /x && make) ; { a; b & }";
    const df_sh_script *s = parse_ok(state, src);
    assert_int_equal(s->list.n, 2);
    const df_sh_node *sub = item(&s->list, 0, DF_SH_SUBSHELL);
    assert_int_equal(sub->span.start, 0);
    assert_int_equal(sub->span.end, 15);
    assert_int_equal(sub->group.body.n, 2);
    assert_int_equal(s->list.items[0].op_span.start, 16);
    const df_sh_node *g = item(&s->list, 1, DF_SH_GROUP);
    assert_int_equal(g->span.start, 18);
    assert_int_equal(g->span.end, 28);
    assert_int_equal(g->group.body.n, 2);
    assert_int_equal(g->group.body.items[1].op, DF_SH_OP_AMP);
    /* } is only reserved where a command starts */
    s = parse_ok(state, "echo } {");
    assert_int_equal(item(&s->list, 0, DF_SH_SIMPLE)->simple.nwords, 3);
}

static void test_if(void **state)
{
    const char *src = "if [ -f a ]; then x; elif b\nthen y; else z; fi >log";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *n = item(&s->list, 0, DF_SH_IF);
    assert_int_equal(n->if_.n, 2);
    assert_true(n->if_.has_else);
    assert_int_equal(n->if_.clauses[0].cond.n, 1);
    assert_int_equal(n->if_.clauses[1].cond.items[0].node->span.start, 26);
    assert_int_equal(n->if_.else_body.n, 1);
    assert_int_equal(n->nredirs, 1);
    assert_int_equal(n->redirs[0].span.start, 47);
    assert_int_equal(n->span.start, 0);
    assert_int_equal(n->span.end, 51);
    seen w = walk(s);
    assert_int_equal(w.n, 5);
    assert_string_equal(name_of(&w, 0), "[");
    assert_string_equal(name_of(&w, 4), "z");
}

static void test_for(void **state)
{
    const char *src = "for f in a \"b c\" *.deb; do dpkg -i \"$f\"; done";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *n = item(&s->list, 0, DF_SH_FOR);
    assert_word(&n->for_.var, 4, 5, "f", 0);
    assert_true(n->for_.has_in);
    assert_int_equal(n->for_.nwords, 3);
    assert_word(&n->for_.words[1], 11, 16, "b c", DF_SH_W_QUOTED);
    assert_word(&n->for_.words[2], 17, 22, "*.deb", DF_SH_W_GLOB);
    assert_int_equal(n->for_.body.n, 1);
    assert_int_equal(n->span.end, strlen(src));

    s = parse_ok(state, "for x\ndo echo $x\ndone");
    n = item(&s->list, 0, DF_SH_FOR);
    assert_false(n->for_.has_in);
    s = parse_ok(state, "for x in\ndo :; done");
    n = item(&s->list, 0, DF_SH_FOR);
    assert_true(n->for_.has_in);
    assert_int_equal(n->for_.nwords, 0);
}

static void test_while_until(void **state)
{
    const char *src = "while read l; do echo $l; done <f; until false\ndo break\ndone";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *w = item(&s->list, 0, DF_SH_WHILE);
    assert_int_equal(w->loop.cond.n, 1);
    assert_int_equal(w->loop.body.n, 1);
    assert_int_equal(w->nredirs, 1);
    assert_int_equal(w->redirs[0].op, DF_SH_R_IN);
    assert_word(&w->redirs[0].target, 32, 33, "f", 0);
    assert_int_equal(w->span.end, 33);
    const df_sh_node *u = item(&s->list, 1, DF_SH_UNTIL);
    assert_int_equal(u->span.start, 35);
    assert_int_equal(u->span.end, strlen(src));
}

static void test_case(void **state)
{
    const char *src = "case \"$a\" in\n  x|y) one;;\n  (*.tar) two; three ;&\n  *) ;;\n  z) last\nesac";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *n = item(&s->list, 0, DF_SH_CASE);
    assert_word(&n->case_.subject, 5, 9, "$a", DF_SH_W_QUOTED | DF_SH_W_EXPANSION);
    assert_int_equal(n->case_.n, 4);
    const df_sh_case_item *it = &n->case_.items[0];
    assert_int_equal(it->npatterns, 2);
    assert_word(&it->patterns[1], 17, 18, "y", 0);
    assert_int_equal(it->term, DF_SH_OP_DSEMI);
    assert_int_equal(it->term_span.start, 23);
    assert_int_equal(it->span.start, 15);
    assert_int_equal(it->span.end, 25);
    it = &n->case_.items[1];
    assert_word(&it->patterns[0], 29, 34, "*.tar", DF_SH_W_GLOB);
    assert_int_equal(it->body.n, 2);
    assert_int_equal(it->term, DF_SH_OP_SEMI_AMP);
    assert_int_equal(n->case_.items[2].body.n, 0);
    it = &n->case_.items[3];
    assert_int_equal(it->term, DF_SH_OP_NONE);
    assert_int_equal(it->body.n, 1);
    assert_int_equal(n->span.end, strlen(src));
    seen w = walk(s);
    assert_int_equal(w.n, 4);
    assert_true(w.ctx[0].conditional);
}

static void test_function(void **state)
{
    const char *src = "f() { apt-get update; }\nfunction g { h; }; f";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *f = item(&s->list, 0, DF_SH_FUNCTION);
    assert_word(&f->func.name, 0, 1, "f", 0);
    assert_int_equal(f->func.body->kind, DF_SH_GROUP);
    assert_int_equal(f->span.end, 23);
    const df_sh_node *g = item(&s->list, 1, DF_SH_FUNCTION);
    assert_int_equal(g->span.start, 24);
    assert_word(&g->func.name, 33, 34, "g", 0);
    seen w = walk(s);
    assert_int_equal(w.n, 3);
    assert_true(w.ctx[0].in_function);
    assert_true(w.ctx[0].conditional);
    assert_false(w.ctx[0].leaks);
    assert_int_equal(w.ctx[0].depth, 2);
    assert_false(w.ctx[2].in_function);
    assert_true(w.ctx[2].leaks);
}

/* More words, assignments and items than the parser's first stacks hold
 * (32, 8, 32): the stacks move to the heap, with a nested list pushing
 * above an outer list's first item while they do. */
static void test_long_commands_and_lists(void **state)
{
    df_buf b = DF_BUF_INIT;
    for (int i = 0; i < 100; i++)
        df_buf_printf(&b, "w%d ", i);
    df_buf_addstr(&b, "; { ");
    for (int i = 0; i < 40; i++)
        df_buf_printf(&b, "b%d; ", i);
    df_buf_addstr(&b, "}; ");
    for (int i = 0; i < 10; i++)
        df_buf_printf(&b, "V%d=%d ", i, i);
    df_buf_addstr(&b, "c");
    const df_sh_script *s = parse_ok(state, b.data);
    assert_int_equal(s->list.n, 3);
    const df_sh_node *first = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(first->simple.nwords, 100);
    for (int i = 0; i < 100; i++) {
        char want[16];
        snprintf(want, sizeof want, "w%d", i);
        assert_string_equal(first->simple.words[i].value, want);
    }
    const df_sh_node *g = item(&s->list, 1, DF_SH_GROUP);
    assert_int_equal(g->group.body.n, 40);
    for (int i = 0; i < 40; i++) {
        char want[16];
        snprintf(want, sizeof want, "b%d", i);
        const df_sh_node *c = item(&g->group.body, (size_t)i, DF_SH_SIMPLE);
        assert_int_equal(c->simple.nwords, 1);
        assert_string_equal(c->simple.words[0].value, want);
    }
    const df_sh_node *last = item(&s->list, 2, DF_SH_SIMPLE);
    assert_int_equal(last->simple.nassigns, 10);
    for (int i = 0; i < 10; i++) {
        char want[16];
        snprintf(want, sizeof want, "V%d", i);
        assert_string_equal(last->simple.assigns[i].name, want);
    }
    assert_int_equal(last->simple.nwords, 1);
    assert_string_equal(last->simple.words[0].value, "c");
    assert_int_equal(s->nsteps, 42);
    df_buf_release(&b);
}

/* ---- redirections and heredocs ---------------------------------------- */

static void test_redirections(void **state)
{
    /*                 0         1         2         3
     *                 0123456789012345678901234567890123456 */
    const char *src = "cmd a >out 2>&1 b <in >>log &>all 3<>rw";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 3);
    assert_word(&c->simple.words[2], 16, 17, "b", 0);
    assert_int_equal(c->nredirs, 6);
    const df_sh_redir *r = c->redirs;
    assert_int_equal(r[0].op, DF_SH_R_OUT);
    assert_int_equal(r[0].fd, -1);
    assert_int_equal(r[0].span.start, 6);
    assert_int_equal(r[0].span.end, 10);
    assert_word(&r[0].target, 7, 10, "out", 0);
    assert_int_equal(r[1].op, DF_SH_R_DUPOUT);
    assert_int_equal(r[1].fd, 2);
    assert_int_equal(r[1].span.start, 11);
    assert_word(&r[1].target, 14, 15, "1", 0);
    assert_int_equal(r[2].op, DF_SH_R_IN);
    assert_int_equal(r[3].op, DF_SH_R_APPEND);
    assert_int_equal(r[4].op, DF_SH_R_ALL);
    assert_word(&r[4].target, 30, 33, "all", 0);
    assert_int_equal(r[5].op, DF_SH_R_RDWR);
    assert_int_equal(r[5].fd, 3);
    assert_null(r[5].heredoc);
    assert_int_equal(c->span.end, strlen(src));

    s = parse_ok(state, ">f echo 2 >&- <<<\"x\"");
    c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 2);
    assert_word(&c->simple.words[1], 8, 9, "2", 0);
    assert_int_equal(c->redirs[1].op, DF_SH_R_DUPOUT);
    assert_string_equal(c->redirs[1].target.value, "-");
    assert_int_equal(c->redirs[2].op, DF_SH_R_HERESTRING);
}

static void test_heredoc_in_script(void **state)
{
    /* offsets: "cat <<EOF >/etc/x; echo $A\n" is 0..26 */
    const char *src = "cat <<EOF >/etc/x; echo $A\nhello $X\nEOF\necho done";
    const df_sh_script *s = parse_ok(state, src);
    assert_int_equal(s->list.n, 3);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->nredirs, 2);
    const df_sh_redir *r = &c->redirs[0];
    assert_int_equal(r->op, DF_SH_R_HEREDOC);
    assert_word(&r->target, 6, 9, "EOF", 0);
    assert_non_null(r->heredoc);
    assert_true(r->heredoc->present);
    assert_true(r->heredoc->expands);
    assert_int_equal(r->heredoc->body.start, 27);
    assert_int_equal(r->heredoc->body.end, 36);
    assert_int_equal(r->heredoc->terminator.start, 36);
    assert_int_equal(r->heredoc->terminator.end, 40);
    assert_int_equal(s->list.items[1].op, DF_SH_OP_NEWLINE);
    assert_int_equal(s->list.items[1].op_span.start, 26);
    const df_sh_node *d = item(&s->list, 2, DF_SH_SIMPLE);
    assert_int_equal(d->span.start, 40);
    assert_word(&d->simple.words[1], 45, 49, "done", 0);
}

static void test_heredoc_strip_and_quoted(void **state)
{
    /* two heredocs on one line; <<- strips tabs from the delimiter line */
    const char *src = "cat <<-'A' - <<\"B\"\n\tx $y\n\tA\nz\nB\nls";
    const df_sh_script *s = parse_ok(state, src);
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->nredirs, 2);
    const df_sh_heredoc *a = c->redirs[0].heredoc, *b = c->redirs[1].heredoc;
    assert_int_equal(c->redirs[0].op, DF_SH_R_HEREDOC_TAB);
    assert_true(a->strip_tabs);
    assert_false(a->expands);
    assert_string_equal(a->delim, "A");
    assert_int_equal(a->body.start, 19);
    assert_int_equal(a->body.end, 25);
    assert_int_equal(a->terminator.end, 28);
    assert_false(b->expands);
    assert_int_equal(b->body.start, 28);
    assert_int_equal(b->body.end, 30);
    assert_int_equal(b->terminator.end, 32);
    assert_int_equal(item(&s->list, 1, DF_SH_SIMPLE)->span.start, 32);
}

static void test_heredoc_last_line_without_newline(void **state)
{
    const df_sh_script *s = parse_ok(state, "cat <<E\nbody\nE");
    const df_sh_heredoc *h = item(&s->list, 0, DF_SH_SIMPLE)->redirs[0].heredoc;
    assert_true(h->present);
    assert_int_equal(h->body.start, 8);
    assert_int_equal(h->body.end, 13);
    assert_int_equal(h->terminator.start, 13);
    assert_int_equal(h->terminator.end, 14);
}

static void test_heredoc_on_logical_line(void **state)
{
    /* RUN <<EOF / RUN cat <<EOF >x : BuildKit holds the body, not us */
    const df_sh_script *s = parse_ok(state, "<<EOF");
    const df_sh_node *c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_int_equal(c->simple.nwords, 0);
    assert_int_equal(c->nredirs, 1);
    assert_false(c->redirs[0].heredoc->present);
    s = parse_ok(state, "cat <<EOF > /x && echo ok");
    c = item(&s->list, 0, DF_SH_SIMPLE);
    assert_false(c->redirs[0].heredoc->present);
    assert_int_equal(c->nredirs, 2);
    assert_int_equal(s->list.n, 2);
}

static void test_heredoc_body_is_not_code(void **state)
{
    /* the body holds an unbalanced quote and `fi`: not parsed as shell */
    const df_sh_script *s = parse_ok(state, "cat <<'X' | sh\nit's ( fi\nX\nrm -rf /tmp/*");
    assert_int_equal(s->list.n, 2);
    seen w = walk(s);
    assert_int_equal(w.n, 3);
    assert_string_equal(name_of(&w, 2), "rm");
}

/* ---- walker ------------------------------------------------------------- */

static void test_walker_contexts(void **state)
{
    const char *src = "set -e; cd /a && b || c\n"
                      "(cd /s) | d\n"
                      "{ e; } &\n"
                      "if f; then g; fi\n"
                      "while h; do i; done";
    const df_sh_script *s = parse_ok(state, src);
    seen w = walk(s);
    static const char *names[] = {"set", "cd", "b", "c", "cd", "d", "e", "f", "g", "h", "i"};
    assert_int_equal(w.n, 11);
    for (size_t i = 0; i < w.n; i++)
        assert_string_equal(name_of(&w, i), names[i]);
    /* set -e */
    assert_int_equal(w.ctx[0].depth, 0);
    assert_true(w.ctx[0].leaks);
    assert_false(w.ctx[0].conditional);
    assert_false(w.ctx[0].tested);
    assert_ptr_equal(w.ctx[0].list, &s->list);
    assert_int_equal(w.ctx[0].index, 0);
    assert_null(w.ctx[0].parent);
    /* cd /a && : unconditional, tested, leaks */
    assert_false(w.ctx[1].conditional);
    assert_true(w.ctx[1].tested);
    assert_true(w.ctx[1].leaks);
    assert_int_equal(w.ctx[1].index, 1);
    /* b || : conditional and tested; c: conditional, not tested */
    assert_true(w.ctx[2].conditional);
    assert_true(w.ctx[2].tested);
    assert_true(w.ctx[3].conditional);
    assert_false(w.ctx[3].tested);
    /* (cd /s) | d */
    assert_true(w.ctx[4].in_subshell);
    assert_true(w.ctx[4].in_pipeline);
    assert_false(w.ctx[4].leaks);
    assert_int_equal(w.ctx[4].depth, 2);
    assert_int_equal(w.ctx[4].parent->kind, DF_SH_SUBSHELL);
    assert_non_null(w.ctx[4].pipeline);
    assert_int_equal(w.ctx[5].depth, 1);
    assert_false(w.ctx[5].in_subshell);
    assert_true(w.ctx[5].in_pipeline);
    assert_ptr_equal(w.ctx[5].list, &s->list);
    assert_int_equal(w.ctx[5].index, 4);
    /* { e; } & : backgrounded */
    assert_true(w.ctx[6].in_subshell);
    assert_false(w.ctx[6].leaks);
    assert_int_equal(w.ctx[6].depth, 1);
    assert_int_equal(w.ctx[6].index, 0);
    /* if f; then g */
    assert_true(w.ctx[7].tested);
    assert_false(w.ctx[7].conditional);
    assert_true(w.ctx[7].leaks);
    assert_false(w.ctx[8].tested);
    assert_true(w.ctx[8].conditional);
    assert_int_equal(w.ctx[8].depth, 1);
    assert_int_equal(w.ctx[8].parent->kind, DF_SH_IF);
    /* while h; do i */
    assert_true(w.ctx[9].tested);
    assert_false(w.ctx[9].conditional);
    assert_true(w.ctx[10].conditional);
}

static void test_walker_nested_conditional(void **state)
{
    const df_sh_script *s = parse_ok(state, "a || { b; if c; then d; fi; }; for x in 1; do e; done");
    seen w = walk(s);
    assert_int_equal(w.n, 5);
    assert_true(w.ctx[1].conditional); /* b inherits from the group */
    assert_true(w.ctx[2].conditional); /* if c inside a conditional group */
    assert_int_equal(w.ctx[3].depth, 2);
    assert_true(w.ctx[4].conditional); /* loop body */
    assert_true(w.ctx[4].leaks);
}

static void test_walker_skips_substitutions_and_stops(void **state)
{
    const df_sh_script *s = parse_ok(state, "echo $(cd /x; rm y) `z`; a; b");
    seen w = walk(s);
    assert_int_equal(w.n, 3);
    assert_string_equal(name_of(&w, 0), "echo");
}

/* df_sh_parse records the walk once (s->steps); the walker replays it */
static void test_walker_steps_recorded_by_the_parse(void **state)
{
    const df_sh_script *s = parse_ok(state, "f() { a | b; }; case x in y) c;; esac; ! d && e $(g; h)");
    assert_int_equal(s->nsteps, 5);
    seen w = walk(s);
    assert_int_equal(w.n, 5);
    static const char *names[] = {"a", "b", "c", "d", "e"};
    for (size_t i = 0; i < w.n; i++) {
        assert_string_equal(name_of(&w, i), names[i]);
        assert_ptr_equal(s->steps[i].cmd, w.cmd[i]);
        assert_int_equal(s->steps[i].ctx.depth, w.ctx[i].depth);
        assert_ptr_equal(s->steps[i].ctx.list, w.ctx[i].list);
    }
    assert_true(w.ctx[0].in_function);
    assert_true(w.ctx[1].in_pipeline);
    assert_int_equal(w.ctx[2].parent->kind, DF_SH_CASE);
    assert_true(w.ctx[3].tested);
    assert_true(w.ctx[4].conditional);
    const df_sh_script *empty = parse_ok(state, "  # nothing\n");
    assert_int_equal(empty->nsteps, 0);
    assert_int_equal(walk(empty).n, 0);
}

static int stop_at_second(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    int *count = user;
    return ++*count == 2 ? 42 : 0;
}

static void test_walker_stop(void **state)
{
    const df_sh_script *s = parse_ok(state, "a; b; c");
    int count = 0;
    assert_int_equal(df_sh_walk(s, stop_at_second, &count), 42);
    assert_int_equal(count, 2);
}

/* ---- command view and flags ------------------------------------------- */

static const char *const apt_long[] = {"--option", "--target-release", NULL};
static const df_sh_flagspec apt_spec = {"otc", apt_long, false};

static const df_sh_node *only_cmd(void **state, const char *src)
{
    const df_sh_script *s = parse_ok(state, src);
    return item(&s->list, 0, DF_SH_SIMPLE);
}

static void test_view_wrappers(void **state)
{
    df_sh_view v;
    const df_sh_node *c = only_cmd(state, "DEBIAN_FRONTEND=x sudo -E -u root env -i A=1 B=2 "
                                          "nice -n 5 nohup apt-get install -y");
    assert_int_equal(df_sh_command_view(c, &v), 0);
    assert_non_null(v.name);
    assert_string_equal(v.name->value, "apt-get");
    assert_int_equal(v.name_index, 12);
    assert_int_equal(v.nargs, 2);
    assert_string_equal(v.args[0].value, "install");
    assert_ptr_equal(v.cmd, c);

    c = only_cmd(state, "sudo -- time -p command -p pip install x");
    df_sh_command_view(c, &v);
    assert_string_equal(v.name->value, "pip");
    assert_int_equal(v.nargs, 2);

    c = only_cmd(state, "command -v apt-get");
    df_sh_command_view(c, &v);
    assert_string_equal(v.name->value, "command");
    assert_int_equal(v.name_index, 0);

    c = only_cmd(state, "env - PATH=/bin sh -c x");
    df_sh_command_view(c, &v);
    assert_string_equal(v.name->value, "sh");

    c = only_cmd(state, "sudo -s");
    df_sh_command_view(c, &v);
    assert_null(v.name);
    assert_int_equal(v.name_index, 2);

    c = only_cmd(state, "\"$SUDO\" apt-get");
    df_sh_command_view(c, &v);
    assert_string_equal(v.name->value, "$SUDO");

    c = only_cmd(state, "xargs rm");
    df_sh_command_view(c, &v);
    assert_string_equal(v.name->value, "xargs");

    const df_sh_script *s = parse_ok(state, "(a)");
    assert_int_equal(df_sh_command_view(s->list.items[0].node, &v), -1);
}

static void test_args_classify(void **state)
{
    df_sh_view v;
    const df_sh_node *c = only_cmd(state, "apt-get -qy -o Dpkg::Options::=--force-confold "
                                          "--target-release=bookworm install "
                                          "--no-install-recommends -tsid foo -- -bar");
    df_sh_command_view(c, &v);
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    static const df_sh_argkind kinds[] = {DF_SH_ARG_FLAG, DF_SH_ARG_FLAG, DF_SH_ARG_FLAG,
                                          DF_SH_ARG_OPERAND, DF_SH_ARG_FLAG, DF_SH_ARG_FLAG,
                                          DF_SH_ARG_OPERAND, DF_SH_ARG_END, DF_SH_ARG_OPERAND};
    static const size_t index[] = {0, 1, 3, 4, 5, 6, 7, 8, 9};
    size_t k = 0;
    while (df_sh_arg_next(&v, &apt_spec, &it, &a)) {
        assert_true(k < 9);
        assert_int_equal(a.kind, kinds[k]);
        assert_int_equal(a.index, index[k]);
        if (k == 1) {
            assert_ptr_equal(a.value_word, &v.args[2]);
            assert_string_equal(a.value, "Dpkg::Options::=--force-confold");
        }
        if (k == 2) {
            assert_null(a.value_word);
            assert_int_equal(a.value_len, 8);
            assert_memory_equal(a.value, "bookworm", 8);
        }
        if (k == 5) {
            assert_int_equal(a.value_len, 3);
            assert_memory_equal(a.value, "sid", 3);
        }
        k++;
    }
    assert_int_equal(k, 9);
    const df_sh_word *sub = df_sh_subcommand(&v, &apt_spec);
    assert_non_null(sub);
    assert_string_equal(sub->value, "install");
}

/* Long options that take the next word as their value (spec->long_value),
 * against names that differ from them at the first byte after "--", later,
 * or are a prefix of one. */
static void test_args_long_values(void **state)
{
    df_sh_view v;
    const df_sh_node *c = only_cmd(state, "apt-get --target-release bookworm --tarxet-release x --option Dpkg::y "
                                          "install --optionx z --o w --xoption u");
    df_sh_command_view(c, &v);
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    static const df_sh_argkind kinds[] = {DF_SH_ARG_FLAG,    DF_SH_ARG_FLAG, DF_SH_ARG_OPERAND, DF_SH_ARG_FLAG,
                                          DF_SH_ARG_OPERAND, DF_SH_ARG_FLAG, DF_SH_ARG_OPERAND, DF_SH_ARG_FLAG,
                                          DF_SH_ARG_OPERAND, DF_SH_ARG_FLAG, DF_SH_ARG_OPERAND};
    static const size_t index[] = {0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12};
    static const char *const value[] = {"bookworm", NULL, NULL, "Dpkg::y", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t k = 0;
    while (df_sh_arg_next(&v, &apt_spec, &it, &a)) {
        assert_true(k < 11);
        assert_int_equal(a.kind, kinds[k]);
        assert_int_equal(a.index, index[k]);
        if (value[k]) {
            assert_ptr_equal(a.value_word, &v.args[index[k] + 1]);
            assert_string_equal(a.value, value[k]);
        } else {
            assert_null(a.value_word);
            assert_null(a.value);
        }
        k++;
    }
    assert_int_equal(k, 11);
}

static void test_has_flag(void **state)
{
    df_sh_view v;
    const df_sh_node *c = only_cmd(state, "apt-get install -qy --no-install-recommends=1 "
                                          "-o Acquire::y=1 -oq x -- -z");
    df_sh_command_view(c, &v);
    assert_true(df_sh_has_flag(&v, &apt_spec, "-y"));
    assert_true(df_sh_has_flag(&v, &apt_spec, "-q"));
    assert_true(df_sh_has_flag(&v, &apt_spec, "--no-install-recommends"));
    assert_false(df_sh_has_flag(&v, &apt_spec, "--no-install"));
    assert_true(df_sh_has_flag(&v, &apt_spec, "-o"));
    assert_false(df_sh_has_flag(&v, &apt_spec, "-A")); /* value of -o, not a flag */
    assert_false(df_sh_has_flag(&v, &apt_spec, "-z")); /* after -- */
    assert_false(df_sh_has_flag(&v, &apt_spec, "y"));
    df_sh_arg a;
    assert_true(df_sh_find_flag(&v, &apt_spec, "-y", &a));
    assert_int_equal(a.index, 1);
    assert_int_equal(a.word->span.start, 16);
    /* -oq: q is the value of o */
    c = only_cmd(state, "apt-get -oq install");
    df_sh_command_view(c, &v);
    assert_false(df_sh_has_flag(&v, &apt_spec, "-q"));
    assert_true(df_sh_has_flag(&v, NULL, "-q")); /* without a spec */
}

static void test_stop_at_operand(void **state)
{
    static const df_sh_flagspec posix = {NULL, NULL, true};
    df_sh_view v;
    const df_sh_node *c = only_cmd(state, "sh -e script -x");
    df_sh_command_view(c, &v);
    assert_true(df_sh_has_flag(&v, &posix, "-e"));
    assert_false(df_sh_has_flag(&v, &posix, "-x"));
    assert_true(df_sh_has_flag(&v, NULL, "-x"));
}

/* ---- errexit ------------------------------------------------------------ */

static void test_errexit(void **state)
{
    const char *src = "a; set -eux; b; set +e; c; set -o errexit; d; set -o pipefail +o errexit; e; "
                      "(set -e); f; if x; then set -e; fi; g; set -eo pipefail; h";
    const df_sh_script *s = parse_ok(state, src);
    const char *at[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    const bool on[] = {false, true, false, true, false, false, false, true};
    for (size_t i = 0; i < 8; i++) {
        char needle[4];
        snprintf(needle, sizeof needle, "; %s", at[i]);
        const char *p = i ? strstr(src, needle) + 2 : src;
        assert_int_equal(df_sh_errexit_before(s, (size_t)(p - src)), on[i]);
    }
}

/* ---- errors ------------------------------------------------------------- */

static void test_errors_quotes(void **state)
{
    parse_err(state, "echo 'abc", "unterminated single quote", 5);
    parse_err(state, "echo \"abc $(x)", "unterminated double quote", 5);
    parse_err(state, "echo $(ls \"a)", "unterminated double quote", 10);
    parse_err(state, "echo $(ls (a)", "unterminated command substitution", 5);
    parse_err(state, "echo ${a:-${b}", "unterminated parameter expansion", 5);
    parse_err(state, "echo `ls", "unterminated backquote", 5);
    parse_err(state, "echo $((1+2)", "unterminated arithmetic expansion", 5);
    parse_err(state, "echo $'a", "unterminated single quote", 5);
    parse_err(state, "diff <(a", "unterminated process substitution", 5);
}

static void test_errors_structure(void **state)
{
    parse_err(state, "echo a; fi", "unexpected 'fi'", 8);
    parse_err(state, "(cd /x && make", "unterminated '('", 0);
    parse_err(state, "a )", "unexpected ')'", 2);
    parse_err(state, "if a; then b", "unterminated 'if'", 0);
    parse_err(state, "if a; fi", "unexpected 'fi'", 6);
    parse_err(state, "x; if then b; fi", "unexpected 'then'", 6);
    parse_err(state, "{ a }", "unterminated '{'", 0);
    parse_err(state, "{ }", "unexpected '}'", 2);
    parse_err(state, "a &&", "unexpected end of input", 4);
    parse_err(state, "a && ; b", "unexpected ';'", 5);
    parse_err(state, "| a", "unexpected '|'", 0);
    parse_err(state, "a | fi", "unexpected 'fi'", 4);
    parse_err(state, "a ;; b", "unexpected ';;'", 2);
    parse_err(state, "for x in a b do", "unterminated 'for'", 0);
    parse_err(state, "while a; do b; don", "unterminated 'while'", 0);
    parse_err(state, "until a; b", "unterminated 'until'", 0);
    parse_err(state, "case x in a) b;;", "unterminated 'case'", 0);
    parse_err(state, "case x in a b) c;; esac", "unexpected 'b'", 12);
    parse_err(state, "echo >", "unexpected end of input", 6);
    parse_err(state, "echo > ;", "unexpected ';'", 7);
    parse_err(state, "a=(1 2)", "unexpected '('", 2);
    parse_err(state, "f() echo", "unexpected 'echo'", 4);
    parse_err(state, "echo a (b)", "unexpected '('", 7);
    parse_err(state, "cat <<EOF\nabc\nEOFX\n", "unterminated here-document", 4);
    parse_err(state, "a\n&& b", "unexpected '&&'", 2);
}

static void test_error_null_err_and_long_token(void **state)
{
    assert_null(df_sh_parse(*state, "fi", 2, NULL));
    df_sh_error err;
    const char *src = "x; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa() b";
    assert_null(df_sh_parse(*state, src, strlen(src), &err));
    assert_string_equal(err.message, "unexpected 'b'");
    src = "a; fi_is_not_reserved; then";
    assert_null(df_sh_parse(*state, src, strlen(src), &err));
    assert_string_equal(err.message, "unexpected 'then'");
    assert_int_equal(err.offset, 23);
}

static void test_input_not_nul_terminated(void **state)
{
    const char buf[] = {'e', 'c', 'h', 'o', ' ', 'a', '"'};
    df_sh_error err;
    const df_sh_script *s = df_sh_parse(*state, buf, 6, &err);
    assert_non_null(s);
    assert_string_equal(item(&s->list, 0, DF_SH_SIMPLE)->simple.words[1].value, "a");
    assert_null(df_sh_parse(*state, buf, 7, &err));
    assert_string_equal(err.message, "unterminated double quote");
    assert_int_equal(err.offset, 6);
}

/* ---- pathological inputs ------------------------------------------------ */

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * times + t + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    memcpy(s + u * times, tail, t + 1);
    return s;
}

static double seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

static void test_deep_parens(void **state)
{
    char *src = repeat("(", 100000, "a");
    parse_err(state, src, "nesting too deep", 1000);
    free(src);
    src = repeat("$(", 100000, "");
    char *word = malloc(strlen(src) + 6);
    strcpy(word, "echo ");
    strcat(word, src);
    parse_err(state, word, "nesting too deep", 5 + 2 * 1000);
    free(word);
    free(src);
    src = repeat("{ ", 100000, "");
    parse_err(state, src, "nesting too deep", 2000);
    free(src);
}

static void test_max_depth_ok(void **state)
{
    size_t n = DF_SH_MAX_DEPTH;
    char *open = repeat("(", n, "a");
    char *src = repeat(")", n, "");
    char *all = malloc(2 * n + 2);
    strcpy(all, open);
    strcat(all, src);
    const df_sh_script *s = parse_ok(state, all);
    seen w = walk(s);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.ctx[0].depth, n);
    free(all);
    free(src);
    free(open);
}

static void test_long_list_is_linear(void **state)
{
    size_t times = 1 << 18; /* 1.25 MB */
    char *src = repeat("a && ", times, "a");
    double t0 = seconds();
    df_sh_error err;
    const df_sh_script *s = df_sh_parse(*state, src, strlen(src), &err);
    assert_non_null(s);
    assert_int_equal(s->list.n, times + 1);
    assert_int_equal(s->list.items[times].node->span.start, 5 * times);
    assert_true(df_sh_errexit_before(s, strlen(src)) == false);
    free(src);
    src = repeat("x ", times, "");
    s = df_sh_parse(*state, src, strlen(src), &err);
    assert_non_null(s);
    assert_int_equal(s->list.items[0].node->simple.nwords, times);
    free(src);
    src = repeat("cat <<E\nE\n", times, "");
    s = df_sh_parse(*state, src, strlen(src), &err);
    assert_non_null(s);
    assert_int_equal(s->list.n, times);
    free(src);
    double dt = seconds() - t0;
    assert_true(dt < 10.0); /* quadratic behaviour would take minutes */
}

static void test_garbage_does_not_crash(void **state)
{
    /* every prefix of a tricky script either parses or reports an error */
    const char *src = "case \"$(echo ')' `a \\` b`)\" in (x|y) f() { cat <<-E >&2; } ;; esac\n"
                      "\tbody ${a:-\"}\"}\n\tE\nif ! a | b |& c; then for i; do :; done; fi # )";
    size_t n = strlen(src);
    for (size_t len = 0; len <= n; len++) {
        df_sh_error err = {"", 0};
        const df_sh_script *s = df_sh_parse(*state, src, len, &err);
        if (s)
            check_list(&s->list, (df_span){0, len});
        else
            assert_true(err.offset <= len && err.message[0] != '\0');
    }
    assert_non_null(parse_ok(state, src));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_simple_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_script, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_continuation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expansions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_params_and_dollar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmdsubst_parse_through, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ansi_and_locale_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_glob_and_tilde, setup, teardown),
        cmocka_unit_test_setup_teardown(test_process_substitution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_of_adjacent_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignment_only_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_assignments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_and_or_across_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipeline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subshell_and_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_if, setup, teardown),
        cmocka_unit_test_setup_teardown(test_for, setup, teardown),
        cmocka_unit_test_setup_teardown(test_while_until, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_function, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_commands_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redirections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_in_script, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_strip_and_quoted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_last_line_without_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_on_logical_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heredoc_body_is_not_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walker_contexts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walker_nested_conditional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walker_skips_substitutions_and_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walker_steps_recorded_by_the_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walker_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_wrappers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_args_classify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_args_long_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_has_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_at_operand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errexit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_structure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_null_err_and_long_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_not_nul_terminated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_parens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_depth_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_list_is_linear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_does_not_crash, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
