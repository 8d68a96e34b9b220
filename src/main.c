/*
 * main.c - the dfopt command line: options, inputs, modes, exit codes.
 *
 * Everything else is a library call; this file decides what to read, what
 * to write where, and the exit code (0 nothing to change, 1 changes pending
 * with --check/--diff, 2 usage or I/O error, 3 input does not parse,
 * 4 internal error). It is the only place that exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/config.h"
#include "dfopt/diff.h"
#include "dfopt/driver.h"
#include "dfopt/fsio.h"
#include "dfopt/kb.h"
#include "dfopt/parser.h"
#include "dfopt/pathlabel.h"
#include "dfopt/report.h"
#include "dfopt/rule.h"

enum { EXIT_CLEAN = 0, EXIT_CHANGES = 1, EXIT_USAGE = 2, EXIT_PARSE = 3, EXIT_INTERNAL = 4 };

static const char usage_text[] =
    "usage: dfopt [options] [FILE|DIR|-]...\n"
    "\n"
    "Rewrite Dockerfiles for smaller images and better layer caching. With one\n"
    "FILE and no mode, the rewritten file goes to standard output. A DIR is\n"
    "searched (hidden folders and node_modules skipped) for Dockerfile,\n"
    "dockerfile, Dockerfile.*, Containerfile, Containerfile.* and *.Dockerfile\n"
    "(any case: api.dockerfile), except *.dockerignore files.\n"
    "\n"
    "modes:\n"
    "  -i, --in-place        rewrite the files (untouched when nothing changes)\n"
    "  -d, --diff            print a unified diff (git apply / patch -p1)\n"
    "      --check           list the files that would change\n"
    "      --ast             print the parse tree as JSON\n"
    "\n"
    "options:\n"
    "  -f, --format FMT      findings as text (default, on stderr), or json or\n"
    "                        sarif (a report on stdout)\n"
    "      --select LIST     rules to run: ids or names, comma separated; all, none\n"
    "      --ignore LIST     rules not to run\n"
    "      --unsafe-fixes    also apply fixes that may change behaviour\n"
    "      --context DIR     build context (default: the Dockerfile's folder)\n"
    "      --merge MODE      RUN joining (DF001): default, or aggressive to join\n"
    "                        every pair that can be joined safely\n"
    "      --config FILE     configuration file (default: nearest .dfopt.json)\n"
    "      --no-config       do not read a configuration file\n"
    "  -q, --quiet           no findings on stderr\n"
    "      --list-rules      list the rules (--format json|markdown for other forms)\n"
    "      --explain RULE    what a rule finds, why, and how safe its fix is\n"
    "      --version         print the version\n"
    "  -h, --help            this text\n"
    "\n"
    "exit status: 0 nothing to change, 1 changes pending (--check, --diff),\n"
    "2 usage or I/O error, 3 a file does not parse, 4 internal error.\n";

typedef struct {
    bool in_place, diff, check, ast, quiet, list_rules, json;
    bool errors_in_report; /* --format json: file errors go there, not to stderr (SARIF has no place) */
    const char *explain;
    const char *format;
    const char *config;
    bool no_config;
    const char *select;
    const char *ignore;
    bool unsafe_fixes;
    const char *merge;
    const char *context;
    char **inputs;
    size_t ninputs;
} cli;

/* Every allocation failure ends here: exit 4 with a message, never a
 * silent success or a run without the option that could not be copied. */
static int out_of_memory(void)
{
    fprintf(stderr, "dfopt: internal error: out of memory\n");
    return EXIT_INTERNAL;
}

/* Did a library call fail for lack of memory? (fsio says so in err) */
static bool says_oom(const char *err)
{
    return strstr(err, "out of memory") != NULL;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "dfopt: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'dfopt --help'.\n");
    return EXIT_USAGE;
}

/* Match "--name" or "--name=value"; *val gets the value (inline or next). */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

static int parse_args(int argc, char **argv, cli *c)
{
    bool opts_done = false;
    c->inputs = calloc((size_t)argc + 1, sizeof *c->inputs);
    if (!c->inputs)
        return EXIT_INTERNAL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        int r;
        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            c->inputs[c->ninputs++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (!strcmp(a, "-i") || !strcmp(a, "--in-place")) {
            c->in_place = true;
        } else if (!strcmp(a, "-d") || !strcmp(a, "--diff")) {
            c->diff = true;
        } else if (!strcmp(a, "--check")) {
            c->check = true;
        } else if (!strcmp(a, "--ast")) {
            c->ast = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            c->quiet = true;
        } else if (!strcmp(a, "--unsafe-fixes")) {
            c->unsafe_fixes = true;
        } else if (!strcmp(a, "--no-config")) {
            c->no_config = true;
        } else if (!strcmp(a, "--list-rules")) {
            c->list_rules = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return 1;
        } else if (!strcmp(a, "--version")) {
            printf("dfopt %s\n", DFOPT_VERSION);
            return 1;
        } else if (!strcmp(a, "-f") || (r = opt_value(argc, argv, &i, "--format", &v)) != 0) {
            if (!strcmp(a, "-f")) {
                if (i + 1 >= argc)
                    return usage_error("%s needs a value", a);
                v = argv[++i];
            } else if (r < 0) {
                return usage_error("%s needs a value", a);
            }
            c->format = v;
        } else if ((r = opt_value(argc, argv, &i, "--select", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->select = v;
        } else if ((r = opt_value(argc, argv, &i, "--ignore", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->ignore = v;
        } else if ((r = opt_value(argc, argv, &i, "--merge", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            if (strcmp(v, "default") != 0 && strcmp(v, "aggressive") != 0)
                return usage_error("--merge: %s is not default or aggressive", v);
            c->merge = v;
        } else if ((r = opt_value(argc, argv, &i, "--context", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->context = v;
        } else if ((r = opt_value(argc, argv, &i, "--config", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->config = v;
        } else if ((r = opt_value(argc, argv, &i, "--explain", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->explain = v;
        } else {
            return usage_error("unknown option %s", a);
        }
    }
    return 0;
}

static int do_ast(const char *path)
{
    df_buf b = DF_BUF_INIT;
    char err[512];
    if (df_read_file(path, &b, err, sizeof err) < 0) {
        df_buf_release(&b);
        if (says_oom(err))
            return out_of_memory();
        fprintf(stderr, "dfopt: %s\n", err);
        return EXIT_USAGE;
    }
    df_source src;
    int rc = EXIT_CLEAN;
    if (df_source_init(&src, strcmp(path, "-") ? path : "<stdin>", b.data ? b.data : "", b.len) < 0) {
        df_buf_release(&b);
        return out_of_memory();
    }
    df_parse_error pe;
    memset(&pe, 0, sizeof pe);
    df_doc *d = df_parse(&src, &pe);
    if (!d && strcmp(pe.message, "out of memory") == 0) {
        rc = out_of_memory();
    } else if (!d) {
        df_print_parse_error(stderr, &src, &pe);
        rc = EXIT_PARSE;
    } else {
        const char *bad = df_doc_check(d);
        df_buf o = DF_BUF_INIT;
        if (bad) {
            fprintf(stderr, "%s: internal error: %s\n", src.path, bad);
            rc = EXIT_INTERNAL;
        } else if (df_ast_json(d, &o) < 0) {
            rc = out_of_memory();
        } else {
            fwrite(o.data, 1, o.len, stdout);
        }
        df_buf_release(&o);
        df_doc_free(d);
    }
    df_source_release(&src);
    df_buf_release(&b);
    return rc;
}

/* fr failed for lack of memory: internal error (exit 4), said on stderr
 * unless the report carries it. */
static void file_nomem(const cli *c, df_file_report *fr, const char *shown)
{
    fr->status = DF_FILE_INTERNAL;
    snprintf(fr->error, sizeof fr->error, "out of memory");
    if (!c->errors_in_report)
        fprintf(stderr, "%s: internal error: %s\n", shown, fr->error);
}

/* Process one input; fills fr. */
static void process(const cli *c, const df_options *opts, const char *path, df_file_report *fr, df_buf *in)
{
    char err[512];
    memset(fr, 0, sizeof *fr);
    fr->path = path;
    const char *shown = strcmp(path, "-") ? path : "<stdin>";
    if (df_read_file(path, in, err, sizeof err) < 0) {
        if (says_oom(err)) {
            file_nomem(c, fr, shown);
            return;
        }
        fr->status = DF_FILE_IO;
        snprintf(fr->error, sizeof fr->error, "%s", err);
        return;
    }
    fr->input = in->data ? in->data : "";
    fr->input_len = in->len;
    char *ctx = NULL;
    if (c->context)
        ctx = strdup(c->context);
    else if (strcmp(path, "-") != 0)
        ctx = df_dirname(path);
    if (!ctx && (c->context || strcmp(path, "-") != 0)) {
        file_nomem(c, fr, shown); /* never run without the context */
        return;
    }
    fr->run = calloc(1, sizeof *fr->run);
    if (!fr->run) {
        free(ctx);
        file_nomem(c, fr, shown);
        return;
    }
    df_run(shown, fr->input, fr->input_len, opts, ctx, fr->run);
    free(ctx);
    df_source src;
    if (df_source_init(&src, shown, fr->input, fr->input_len) < 0) {
        file_nomem(c, fr, shown);
        return;
    }
    switch (fr->run->status) {
    case DF_RUN_OK:
        break;
    case DF_RUN_PARSE: {
        fr->status = DF_FILE_PARSE;
        size_t line, col;
        df_source_linecol(&src, fr->run->perr.offset, &line, &col);
        if (fr->run->perr.line && fr->run->perr.line != line) {
            line = fr->run->perr.line;
            col = 1;
        }
        fr->err_line = line;
        fr->err_col = col;
        snprintf(fr->error, sizeof fr->error, "%s", fr->run->perr.message);
        if (!c->errors_in_report)
            df_print_parse_error(stderr, &src, &fr->run->perr);
        break;
    }
    case DF_RUN_INTERNAL:
    case DF_RUN_NOMEM:
        fr->status = DF_FILE_INTERNAL;
        snprintf(fr->error, sizeof fr->error, "%s",
                 fr->run->status == DF_RUN_NOMEM ? "out of memory" : fr->run->message);
        if (!c->errors_in_report)
            fprintf(stderr, "%s: internal error: %s\n", shown, fr->error);
        break;
    }
    if (fr->status == DF_FILE_OK && !c->quiet && !c->json)
        for (size_t k = 0; k < fr->run->diags.n; k++)
            df_print_diag(stderr, &src, fr->run->diags.v[k]);
    df_source_release(&src);
    if (fr->status == DF_FILE_OK && fr->run->changed && (c->diff || c->json)) {
        char *lbl = df_diff_label(path);
        if (!lbl || df_diff_unified(fr->input, fr->input_len, fr->run->output.data, fr->run->output.len, lbl, lbl,
                                    3, &fr->diff) < 0)
            file_nomem(c, fr, shown);
        free(lbl);
    }
}

/* 0, -1 (an error, said on stderr) or -2 (out of memory). */
static int collect_inputs(const cli *c, char ***paths, size_t *n)
{
    size_t cap = 0;
    char err[512];
    for (size_t i = 0; i < c->ninputs; i++) {
        const char *p = c->inputs[i];
        if (strcmp(p, "-") != 0 && df_is_dir(p)) {
            size_t before = *n;
            if (df_find_dockerfiles(p, paths, n, &cap, err, sizeof err) < 0) {
                if (says_oom(err))
                    return -2;
                fprintf(stderr, "dfopt: %s\n", err);
                return -1;
            }
            if (*n == before)
                fprintf(stderr, "dfopt: no Dockerfile found in %s\n", p);
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nv = realloc(*paths, cap * sizeof *nv);
            if (!nv)
                return -2;
            *paths = nv;
        }
        if (((*paths)[*n] = strdup(p)) == NULL)
            return -2;
        ++*n;
    }
    return 0;
}

static int run_cli(cli *c)
{
    if (c->list_rules) {
        if (c->format && strcmp(c->format, "text") && strcmp(c->format, "json") && strcmp(c->format, "markdown"))
            return usage_error("unknown format %s for --list-rules (text, json, markdown)", c->format);
        return df_list_rules(stdout, c->format) < 0 ? out_of_memory() : EXIT_CLEAN;
    }
    if (c->explain) {
        if (df_explain_rule(stdout, c->explain) < 0)
            return usage_error("no rule named %s (see --list-rules)", c->explain);
        return EXIT_CLEAN;
    }
    if (c->format && strcmp(c->format, "text") != 0 && strcmp(c->format, "json") != 0 &&
        strcmp(c->format, "sarif") != 0)
        return usage_error("unknown format %s (text, json, sarif)", c->format);
    c->json = c->format && (strcmp(c->format, "json") == 0 || strcmp(c->format, "sarif") == 0);
    c->errors_in_report = c->format && strcmp(c->format, "json") == 0;
    if (c->ninputs == 0)
        return usage_error("%s", "no input: give a Dockerfile, a folder, or - for standard input");
    if (c->ast) {
        if (c->ninputs != 1)
            return usage_error("%s", "--ast takes one file");
        return do_ast(c->inputs[0]);
    }
    if (c->check && c->in_place)
        return usage_error("%s", "--check does not write: drop -i");
    if (c->config && c->no_config)
        return usage_error("%s", "--config and --no-config contradict each other");
    if ((c->select && !*c->select) || (c->ignore && !*c->ignore))
        return usage_error("%s", "empty rule list (use --select none to run no rule)");
    for (size_t i = 0; i < c->ninputs; i++)
        if (c->in_place && strcmp(c->inputs[i], "-") == 0)
            return usage_error("%s", "-i cannot rewrite standard input");

    df_options opts;
    df_options_default(&opts);
    char err[600];
    char *cfg = NULL;
    if (c->config) {
        cfg = strdup(c->config);
        if (!cfg)
            return out_of_memory();
    } else if (!c->no_config) {
        char *start = strcmp(c->inputs[0], "-") == 0 ? strdup(".")
                      : df_is_dir(c->inputs[0])      ? strdup(c->inputs[0])
                                                     : df_dirname(c->inputs[0]);
        if (!start)
            return out_of_memory();
        errno = 0;
        cfg = df_config_find(start); /* NULL: none, or out of memory */
        int e = errno;
        free(start);
        if (!cfg && e == ENOMEM)
            return out_of_memory();
    }
    if (cfg && df_config_load(cfg, &opts, err, sizeof err) < 0) {
        fprintf(stderr, "dfopt: %s\n", err);
        free(cfg);
        return EXIT_USAGE;
    }
    free(cfg);
    char bad[64];
    if (c->select && df_options_select(&opts, c->select, true, bad, sizeof bad) < 0)
        return usage_error("--select: no rule named %s (see --list-rules)", bad);
    if (c->ignore && df_options_select(&opts, c->ignore, false, bad, sizeof bad) < 0)
        return usage_error("--ignore: no rule named %s (see --list-rules)", bad);
    if (c->unsafe_fixes)
        opts.unsafe_fixes = true;
    if (c->merge)
        opts.merge_aggressive = strcmp(c->merge, "aggressive") == 0;

    char **paths = NULL;
    size_t n = 0;
    int cr = collect_inputs(c, &paths, &n);
    if (cr < 0) {
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        return cr == -2 ? out_of_memory() : EXIT_USAGE;
    }
    bool to_stdout = !c->in_place && !c->diff && !c->check && !c->json;
    if (to_stdout && n != 1) {
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        if (n == 0)
            return EXIT_USAGE;
        return usage_error("%s", "several files: use -i, --diff, --check or --format json");
    }
    df_kb *kb = df_kb_new(err, sizeof err);
    if (!kb) {
        fprintf(stderr, "dfopt: internal error: %s\n", err);
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        return EXIT_INTERNAL;
    }
    opts.kb = kb;
    df_file_report *frs = calloc(n ? n : 1, sizeof *frs);
    df_buf *ins = calloc(n ? n : 1, sizeof *ins);
    if (!frs || !ins) {
        free(frs);
        free(ins);
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        df_kb_free(kb);
        return out_of_memory();
    }
    int worst = EXIT_CLEAN;
    bool any_change = false;
    for (size_t i = 0; i < n; i++) {
        df_file_report *fr = &frs[i];
        process(c, &opts, paths[i], fr, &ins[i]);
        if (fr->status == DF_FILE_IO)
            fprintf(stderr, "dfopt: %s\n", fr->error);
        if ((int)fr->status > worst)
            worst = (int)fr->status;
        if (fr->status != DF_FILE_OK)
            continue;
        const df_buf *out = &fr->run->output;
        if (fr->run->changed)
            any_change = true;
        if (to_stdout)
            fwrite(out->data ? out->data : "", 1, out->len, stdout);
        if (c->check && fr->run->changed && !c->json)
            printf("%s\n", strcmp(paths[i], "-") ? paths[i] : "<stdin>");
        if (c->diff && fr->run->changed && !c->json)
            fwrite(fr->diff.data, 1, fr->diff.len, stdout);
        if (c->in_place && fr->run->changed) {
            if (df_write_in_place(paths[i], out->data, out->len, fr->input, fr->input_len, err, sizeof err) < 0) {
                bool oom = says_oom(err);
                fprintf(stderr, "dfopt: %s%s\n", oom ? "internal error: " : "", err);
                fr->status = oom ? DF_FILE_INTERNAL : DF_FILE_IO;
                snprintf(fr->error, sizeof fr->error, "%s", err);
                if (worst < (int)fr->status)
                    worst = (int)fr->status;
            } else {
                fr->written = true;
            }
        }
    }
    if (c->json) {
        bool sarif = strcmp(c->format, "sarif") == 0;
        int jr = sarif ? df_report_sarif(stdout, frs, n) : df_report_json(stdout, frs, n);
        if (jr < 0)
            worst = out_of_memory();
    }
    for (size_t i = 0; i < n; i++) {
        if (frs[i].run) {
            df_run_result_release(frs[i].run);
            free(frs[i].run);
        }
        df_buf_release(&frs[i].diff);
        df_buf_release(&ins[i]);
        free(paths[i]);
    }
    free(paths);
    free(frs);
    free(ins);
    df_kb_free(kb);
    if (worst != EXIT_CLEAN)
        return worst;
    return any_change && (c->check || c->diff) ? EXIT_CHANGES : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    /* parse_args: 0 go on, 1 done (--help, --version), 2 usage error,
     * 4 out of memory */
    int r = parse_args(argc, argv, &c);
    int rc;
    if (r == 1)
        rc = EXIT_CLEAN;
    else if (r == EXIT_INTERNAL)
        rc = out_of_memory();
    else if (r != 0)
        rc = EXIT_USAGE;
    else
        rc = run_cli(&c);
    free(c.inputs);
    if (fflush(stdout) != 0 && rc == EXIT_CLEAN)
        rc = EXIT_USAGE;
    return rc;
}
