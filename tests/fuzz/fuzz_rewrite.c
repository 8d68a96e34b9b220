/*
 * fuzz_rewrite.c - libFuzzer target: the whole rewrite (every rule, unsafe
 * fixes on) through df_run, as `dfopt --unsafe-fixes` runs it.
 *
 * The knowledge base is built once (LLVMFuzzerInitialize), as the CLI does
 * for a whole run, and a small build context (package.json, lock file,
 * requirements.txt, .dockerignore, a folder, an archive) is made once in a
 * temporary folder, so that the rules reading the context run too. Which
 * of --merge aggressive / fixing build stages is on comes from the input's
 * last byte.
 *
 * Invariants, for every input:
 *  - no rule selected: the output is the input, byte for byte;
 *  - the run never ends in an internal error (a reparse failure, no
 *    fixpoint, or a failed self-check of the rewrite), and it settles in at
 *    most three rounds of fixes (tests/test_rounds.c checks two on golden/
 *    and the corpus, three with --merge aggressive);
 *  - every fix's edits are sorted, inside the text and non-overlapping, and
 *    the fixes applied in the first round do not overlap each other;
 *  - a changed output parses (and passes df_doc_check), is valid UTF-8 when
 *    the input is, and a second run over it is clean and changes nothing;
 *  - the unified diff from the input to the output, applied to the input
 *    by an independent applier below, gives the output.
 * Any violation aborts with a message, so libFuzzer records a crash.
 */
#define FUZZ_NAME "fuzz_rewrite"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dfopt/ast.h"
#include "dfopt/buf.h"
#include "dfopt/diff.h"
#include "dfopt/driver.h"
#include "dfopt/kb.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"
#include "dfopt/parser.h"
#include "dfopt/source.h"
#include "fuzz_common.h"

static df_kb *g_kb;
static char g_ctx[64];

static void put_file(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", g_ctx, name);
    FILE *f = fopen(p, "w");
    if (!f)
        die("cannot create the context", p);
    fputs(text, f);
    fclose(f);
}

static void remove_ctx(void)
{
    static const char *const names[] = {"package.json", "package-lock.json", "requirements.txt",
                                        ".dockerignore", "app.tar.gz", "go.mod", NULL};
    char p[128];
    for (size_t i = 0; names[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", g_ctx, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/src", g_ctx);
    rmdir(p);
    rmdir(g_ctx);
    df_kb_free(g_kb);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[256];
    g_kb = df_kb_new(err, sizeof err);
    if (!g_kb)
        die("df_kb_new", err);
    snprintf(g_ctx, sizeof g_ctx, "/tmp/dfopt-fuzz-ctx-XXXXXX");
    if (!mkdtemp(g_ctx))
        die("mkdtemp", NULL);
    put_file("package.json", "{\"name\": \"x\", \"scripts\": {\"build\": \"tsc\"}}\n");
    put_file("package-lock.json", "{}\n");
    put_file("requirements.txt", "flask\n");
    put_file("go.mod", "module x\n");
    put_file(".dockerignore", "node_modules\n.git\n");
    put_file("app.tar.gz", "not really an archive\n");
    char p[128];
    snprintf(p, sizeof p, "%s/src", g_ctx);
    mkdir(p, 0755);
    atexit(remove_ctx);
    return 0;
}

/* ---- an independent unified diff applier --------------------------------- */

typedef struct {
    const char *p;
    size_t n;
} span_t;

/* The next line of d at *at (its '\n' excluded); false at the end. */
static int next_line(const char *d, size_t dlen, size_t *at, span_t *l)
{
    if (*at >= dlen)
        return 0;
    const char *nl = memchr(d + *at, '\n', dlen - *at);
    size_t end = nl ? (size_t)(nl - d) : dlen;
    l->p = d + *at;
    l->n = end - *at;
    *at = nl ? end + 1 : dlen;
    return 1;
}

/* Input line k (0-based) of a, '\n' included when there is one. */
typedef struct {
    span_t *v;
    size_t n;
} lines_t;

static lines_t split(const char *a, size_t len)
{
    lines_t L = {malloc((len + 1) * sizeof(span_t)), 0};
    if (!L.v)
        die("out of memory", NULL);
    size_t s = 0;
    for (size_t i = 0; i < len; i++)
        if (a[i] == '\n') {
            L.v[L.n].p = a + s;
            L.v[L.n++].n = i + 1 - s;
            s = i + 1;
        }
    if (s < len) {
        L.v[L.n].p = a + s;
        L.v[L.n++].n = len - s;
    }
    return L;
}

static size_t parse_num(const char **s)
{
    size_t v = 0;
    if (**s < '0' || **s > '9')
        die("diff: number expected in a hunk header", NULL);
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (size_t)(*(*s)++ - '0');
    return v;
}

static void parse_range(const char **s, char sign, size_t *from, size_t *count)
{
    if (**s != sign)
        die("diff: bad hunk header", NULL);
    (*s)++;
    *from = parse_num(s);
    *count = 1;
    if (**s == ',') {
        (*s)++;
        *count = parse_num(s);
    }
}

/* Apply diff d to a; the result goes to out. */
static void apply_diff(const char *a, size_t alen, const char *d, size_t dlen, df_buf *out)
{
    lines_t A = split(a, alen);
    size_t at = 0, ai = 0;
    span_t l;
    int in_hunk = 0;
    size_t rem_a = 0, rem_b = 0;
    while (next_line(d, dlen, &at, &l)) {
        if (!in_hunk || (rem_a == 0 && rem_b == 0)) {
            in_hunk = 0;
            if (l.n >= 2 && l.p[0] == '@' && l.p[1] == '@') {
                char hdr[128];
                snprintf(hdr, sizeof hdr, "%.*s", (int)(l.n < 127 ? l.n : 127), l.p);
                const char *s = hdr + 2;
                size_t af, ac, bf, bc;
                if (*s++ != ' ')
                    die("diff: bad hunk header", hdr);
                parse_range(&s, '-', &af, &ac);
                if (*s++ != ' ')
                    die("diff: bad hunk header", hdr);
                parse_range(&s, '+', &bf, &bc);
                size_t upto = ac == 0 ? af : af - 1; /* lines before the hunk */
                if (upto < ai || upto > A.n)
                    die("diff: hunk out of order", hdr);
                for (; ai < upto; ai++)
                    df_buf_add(out, A.v[ai].p, A.v[ai].n);
                rem_a = ac;
                rem_b = bc;
                in_hunk = 1;
            }
            continue;
        }
        /* a hunk line; a following "\ No newline" line drops its '\n' */
        size_t save = at;
        span_t nx;
        int has_nl = 1;
        if (next_line(d, dlen, &at, &nx) && nx.n >= 2 && nx.p[0] == '\\' && nx.p[1] == ' ')
            has_nl = 0;
        else
            at = save;
        if (has_nl && l.p + l.n >= d + dlen)
            die("diff: a hunk line without its newline", NULL);
        if (l.n == 0)
            die("diff: empty line in a hunk", NULL);
        const char *body = l.p + 1;
        size_t bn = l.n - 1 + (size_t)has_nl; /* the '\n' follows in d */
        char tag = l.p[0];
        if (tag == ' ' || tag == '-') {
            if (ai >= A.n || rem_a == 0 || A.v[ai].n != bn || memcmp(A.v[ai].p, body, bn) != 0)
                die("diff: context or removed line does not match the input", NULL);
            if (tag == ' ')
                df_buf_add(out, body, bn);
            ai++;
            rem_a--;
            if (tag == ' ') {
                if (rem_b == 0)
                    die("diff: hunk longer than its header says", NULL);
                rem_b--;
            }
        } else if (tag == '+') {
            if (rem_b == 0)
                die("diff: hunk longer than its header says", NULL);
            df_buf_add(out, body, bn);
            rem_b--;
        } else {
            die("diff: unknown line in a hunk", NULL);
        }
    }
    if (in_hunk && (rem_a || rem_b))
        die("diff: hunk shorter than its header says", NULL);
    for (; ai < A.n; ai++)
        df_buf_add(out, A.v[ai].p, A.v[ai].n);
    free(A.v);
}

/* ---- invariants ------------------------------------------------------------ */

static int edit_cmp(const void *x, const void *y)
{
    const df_edit *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

static void check_edits(const df_run_result *r, size_t len)
{
    size_t total = 0;
    for (size_t k = 0; k < r->diags.n; k++) {
        const df_diag *d = r->diags.v[k];
        if (!d->rule)
            die("a finding without its rule", NULL);
        if (!d->fix)
            continue;
        for (size_t e = 0; e < d->fix->nedits; e++) {
            const df_edit *x = &d->fix->edits[e];
            if (x->start > x->end || (d->round == 0 && x->end > len))
                die("an edit outside the text", d->rule->id);
            if (x->len && !x->text)
                die("an edit without its text", d->rule->id);
            if (e > 0 && (d->fix->edits[e - 1].start > x->start || df_edits_overlap(&d->fix->edits[e - 1], x)))
                die("a fix's edits are unsorted or overlap", d->rule->id);
        }
        if (d->round == 0 && d->applied)
            total += d->fix->nedits;
    }
    if (!total)
        return;
    df_edit *all = malloc(total * sizeof *all);
    if (!all)
        die("out of memory", NULL);
    size_t n = 0;
    for (size_t k = 0; k < r->diags.n; k++) {
        const df_diag *d = r->diags.v[k];
        if (d->round == 0 && d->applied && d->fix)
            for (size_t e = 0; e < d->fix->nedits; e++)
                all[n++] = d->fix->edits[e];
    }
    qsort(all, n, sizeof *all, edit_cmp);
    for (size_t i = 1; i < n; i++)
        if (df_edits_overlap(&all[i - 1], &all[i]))
            die("two applied fixes overlap", NULL);
    free(all);
}

static void check_parses(const df_buf *b)
{
    df_source src;
    if (df_source_init(&src, "fuzz", b->data ? b->data : "", b->len) != 0)
        return;
    df_parse_error err;
    memset(&err, 0, sizeof err);
    df_doc *doc = df_parse(&src, &err);
    if (!doc)
        die("the rewrite does not parse", err.message);
    const char *bad = df_doc_check(doc);
    if (bad)
        die("the rewrite breaks a parser invariant", bad);
    df_doc_free(doc);
    df_source_release(&src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    unsigned char knob = size ? data[size - 1] : 0;
    df_options o;
    df_options_default(&o);
    o.kb = g_kb;
    o.unsafe_fixes = true;
    o.merge_aggressive = knob & 1;
    o.fix_build_stages = (knob & 2) != 0;
    const char *ctx = (knob & 4) ? g_ctx : NULL;

    df_run_result r1;
    df_run("fuzz", text, size, &o, ctx, &r1);
    if (r1.status == DF_RUN_INTERNAL)
        die("engine", r1.message);
    /* a rule does its whole job in one fix, so the rounds do not grow with
     * the file: at most three rounds of fixes (and the round that finds
     * nothing more). Real files need two (test_rounds), three with --merge
     * aggressive, whose joins wait for the fixes they overlap; fuzzed ones
     * can chain two DF002 moves and a DF012 that waited for them
     * (docs/reliability.md). */
    if (r1.status == DF_RUN_OK && r1.rounds > 4)
        die("engine", "more than three rounds of fixes (a rule fixes part of what it finds per round?)");
    /* a settled last round (rule.h: settles) is one whose rules would find
     * nothing to change, and a round narrowed to the rules the fixes before
     * it woke (wakes) one in which the others would find nothing: run with
     * every rule, the same output and findings */
    if (r1.settled || r1.narrowed) {
        df_options oc = o;
        oc.confirm_settled = true;
        df_run_result rc;
        df_run("fuzz", text, size, &oc, ctx, &rc);
        if (rc.status != r1.status || rc.output.len != r1.output.len ||
            (rc.output.len && memcmp(rc.output.data, r1.output.data, rc.output.len) != 0) ||
            rc.diags.n != r1.diags.n)
            die("engine", "the round after settling fixes would have changed the file (a wrong settles claim)");
        df_run_result_release(&rc);
    }
    if (r1.status == DF_RUN_OK) {
        check_edits(&r1, size);
        if (r1.changed) {
            check_parses(&r1.output);
            if (fuzz_valid_utf8((const unsigned char *)text, size) &&
                !fuzz_valid_utf8((const unsigned char *)r1.output.data, r1.output.len))
                die("valid UTF-8 in, invalid UTF-8 out", NULL);
            df_run_result r2;
            df_run("fuzz", r1.output.data, r1.output.len, &o, ctx, &r2);
            if (r2.status != DF_RUN_OK)
                die("engine", r2.status == DF_RUN_INTERNAL ? r2.message : "the rewrite does not run cleanly again");
            if (r2.changed)
                die("engine", "a second rewrite changes the output again");
            df_run_result_release(&r2);

            df_buf diff = DF_BUF_INIT, patched = DF_BUF_INIT;
            if (df_diff_unified(text, size, r1.output.data, r1.output.len, "Dockerfile", "Dockerfile",
                                DF_DIFF_CONTEXT, &diff) != 0)
                die("df_diff_unified failed", NULL);
            apply_diff(text, size, diff.data ? diff.data : "", diff.len, &patched);
            if (patched.len != r1.output.len ||
                (patched.len && memcmp(patched.data, r1.output.data, patched.len) != 0))
                die("the diff applied to the input does not give the output", NULL);
            df_buf_release(&diff);
            df_buf_release(&patched);
        } else if (r1.output.len != size || (size && memcmp(r1.output.data, text, size) != 0)) {
            die("unchanged output differs from the input", NULL);
        }
    }
    df_run_result_release(&r1);

    /* no rule selected: byte for byte the input */
    df_options none;
    df_options_default(&none);
    memset(none.enabled, 0, sizeof none.enabled);
    none.kb = g_kb;
    df_run_result r0;
    df_run("fuzz", text, size, &none, NULL, &r0);
    if (r0.status == DF_RUN_OK &&
        (r0.changed || r0.output.len != size || (size && memcmp(r0.output.data, text, size) != 0)))
        die("no rule selected, yet the output differs from the input", NULL);
    df_run_result_release(&r0);
    free(text);
    return 0;
}
