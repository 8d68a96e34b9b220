/*
 * main.c - the dfopt command line: options, inputs, modes, exit codes.
 *
 * Everything else is a library call; this file decides what to read, what
 * to write where, and the exit code (0 nothing to change, 1 changes pending
 * with --check/--diff, 2 usage or I/O error, 3 input does not parse,
 * 4 internal error). It is the only place that exits.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/cifile.h"
#include "dfopt/cliopt.h"
#include "dfopt/config.h"
#include "dfopt/devcontainer.h"
#include "dfopt/diff.h"
#include "dfopt/dircache.h"
#include "dfopt/driver.h"
#include "dfopt/fsio.h"
#include "dfopt/kb.h"
#include "dfopt/parser.h"
#include "dfopt/pathlabel.h"
#include "dfopt/report.h"
#include "dfopt/rule.h"
#include "dfopt/sibling.h"

enum { EXIT_CLEAN = 0, EXIT_CHANGES = 1, EXIT_USAGE = 2, EXIT_PARSE = 3, EXIT_INTERNAL = 4 };

static const char usage_text[] =
    "usage: dfopt [options] [FILE|DIR|-]...\n"
    "\n"
    "Rewrite Dockerfiles for smaller images and better layer caching. With one\n"
    "FILE and no mode, the rewritten file goes to standard output. A DIR is\n"
    "searched (hidden folders and vendored ones: vendor, third_party,\n"
    "third-party, subprojects, node_modules, skipped) for Dockerfile,\n"
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
    "      --merge MODE      RUN joining (DF001): default (only installs that\n"
    "                        read an earlier RUN's package index), or\n"
    "                        aggressive to join every pair that can be joined\n"
    "                        safely, short steps included\n"
    "      --config FILE     configuration file (default: nearest .dfopt.json)\n"
    "  -j, --jobs N          files checked in parallel (default: the number of\n"
    "                        cores); the output keeps the input order\n"
    "      --no-config       do not read a configuration file\n"
    "  -q, --quiet           no findings on stderr\n"
    "      --list-rules      list the rules (--format json|markdown for other forms)\n"
    "      --explain RULE    what a rule finds, why, and how safe its fix is\n"
    "      --version         print the version\n"
    "  -h, --help            this text\n"
    "\n"
    "exit status: 0 nothing to change, 1 changes pending (--check, --diff),\n"
    "2 usage or I/O error, 3 a file does not parse (or has an instruction\n"
    "BuildKit does not know), 4 internal error.\n";

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
    long jobs; /* 0: the number of cores */
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
        } else if (!strcmp(a, "-f") || (r = df_cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
            if (!strcmp(a, "-f")) {
                if (i + 1 >= argc)
                    return usage_error("%s needs a value", a);
                v = argv[++i];
            } else if (r < 0) {
                return usage_error("%s needs a value", a);
            }
            c->format = v;
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--select", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->select = v;
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--ignore", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->ignore = v;
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--merge", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            if (strcmp(v, "default") != 0 && strcmp(v, "aggressive") != 0)
                return usage_error("--merge: %s is not default or aggressive", v);
            c->merge = v;
        } else if (!strncmp(a, "-j", 2) || (r = df_cli_opt_value(argc, argv, &i, "--jobs", &v)) != 0) {
            if (!strncmp(a, "-j", 2)) {
                if (a[2])
                    v = a + 2;
                else if (i + 1 < argc)
                    v = argv[++i];
                else
                    return usage_error("%s needs a value", a);
            } else if (r < 0) {
                return usage_error("%s needs a value", a);
            }
            char *end;
            c->jobs = strtol(v, &end, 10);
            if (*end || c->jobs < 1 || c->jobs > 1024)
                return usage_error("--jobs: %s is not a number from 1 to 1024", v);
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--context", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->context = v;
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--config", &v)) != 0) {
            if (r < 0)
                return usage_error("%s needs a value", a);
            c->config = v;
        } else if ((r = df_cli_opt_value(argc, argv, &i, "--explain", &v)) != 0) {
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

/* fr failed for lack of memory: internal error (exit 4), said on errf
 * unless the report carries it. */
static void file_nomem(const cli *c, df_file_report *fr, const char *shown, FILE *errf)
{
    fr->status = DF_FILE_INTERNAL;
    snprintf(fr->error, sizeof fr->error, "out of memory");
    if (!c->errors_in_report)
        fprintf(errf, "%s: internal error: %s\n", shown, fr->error);
}

/* df_options.vendored_of and baseline_of for one file (fsio.h, sibling.h) */
typedef struct {
    const char *path;
    struct df_dircache *dirs;
    int is_link;
} probe_arg;

static int vendored_of(void *arg, char *out, size_t outlen)
{
    const probe_arg *a = arg;
    return df_vendored_folder(a->path, a->dirs, a->is_link, out, outlen);
}

static int baseline_of(void *arg, const struct df_doc *doc, char *out, size_t outlen)
{
    const probe_arg *a = arg;
    return df_size_baseline_of(a->path, doc, a->dirs, a->is_link, out, outlen);
}

/* Process one input; fills fr. Messages for people go to errf. */
static void process(const cli *c, const df_options *opts, const char *path, df_file_report *fr, df_buf *in,
                    FILE *errf)
{
    char err[512];
    memset(fr, 0, sizeof *fr);
    fr->path = path;
    const char *shown = strcmp(path, "-") ? path : "<stdin>";
    bool is_link = false;
    if (df_read_file_ex(path, in, &is_link, err, sizeof err) < 0) {
        if (says_oom(err)) {
            file_nomem(c, fr, shown, errf);
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
        file_nomem(c, fr, shown, errf); /* never run without the context */
        return;
    }
    /* a file under a vendored folder is another project's, and the
     * "before" of a size comparison stays as it is: fixes shown only;
     * asked by the driver when a fix would be applied */
    df_options own;
    probe_arg pa = {path, opts->dirs, is_link};
    if (strcmp(path, "-") != 0) {
        own = *opts;
        own.vendored_of = vendored_of;
        own.baseline_of = baseline_of;
        own.probe_arg = &pa;
        opts = &own;
    }
    /* a dev container's image keeps what its users work with (DF003, DF004) */
    char devc[512];
    int dc = strcmp(path, "-") != 0 ? df_devcontainer_of(path, opts->dirs, is_link, devc, sizeof devc) : 0;
    if (dc < 0) {
        free(ctx);
        file_nomem(c, fr, shown, errf);
        return;
    }
    if (dc > 0) {
        if (opts != &own) {
            own = *opts;
            opts = &own;
        }
        own.devcontainer = devc;
    }
    /* the image a CI job builds and runs in is its toolchain (DF004, DF021) */
    char ci[512];
    int cii = strcmp(path, "-") != 0 ? df_ci_image_of(path, opts->dirs, is_link, ci, sizeof ci) : 0;
    if (cii < 0) {
        free(ctx);
        file_nomem(c, fr, shown, errf);
        return;
    }
    if (cii > 0) {
        if (opts != &own) {
            own = *opts;
            opts = &own;
        }
        own.ci_image = ci;
    }
    fr->run = malloc(sizeof *fr->run); /* df_run clears it first thing (its 1 KiB message: no calloc too) */
    if (!fr->run) {
        free(ctx);
        file_nomem(c, fr, shown, errf);
        return;
    }
    df_run(shown, fr->input, fr->input_len, opts, ctx, fr->run);
    free(ctx);
    /* the line table only for what prints positions: a parse error, or
     * findings shown on stderr */
    df_source src = {0};
    bool need_src = fr->run->status == DF_RUN_PARSE || (!c->quiet && !c->json && fr->run->diags.n);
    if (need_src && df_source_init(&src, shown, fr->input, fr->input_len) < 0) {
        file_nomem(c, fr, shown, errf);
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
        if (!c->errors_in_report && fr->run->not_dockerfile)
            fprintf(errf, "%s: %s\n", shown, fr->run->perr.message);
        else if (!c->errors_in_report)
            df_print_parse_error(errf, &src, &fr->run->perr);
        break;
    }
    case DF_RUN_INTERNAL:
    case DF_RUN_NOMEM:
        fr->status = DF_FILE_INTERNAL;
        snprintf(fr->error, sizeof fr->error, "%s",
                 fr->run->status == DF_RUN_NOMEM ? "out of memory" : fr->run->message);
        if (!c->errors_in_report)
            fprintf(errf, "%s: internal error: %s\n", shown, fr->error);
        break;
    }
    if (fr->status == DF_FILE_OK && !c->quiet && !c->json)
        for (size_t k = 0; k < fr->run->diags.n; k++)
            df_print_diag(errf, &src, fr->run->diags.v[k]);
    df_source_release(&src);
    if (fr->status == DF_FILE_OK && fr->run->changed && (c->diff || c->json)) {
        char *lbl = df_diff_label(path, opts->dirs);
        if (!lbl || df_diff_unified(fr->input, fr->input_len, fr->run->output.data, fr->run->output.len, lbl, lbl,
                                    3, &fr->diff) < 0)
            file_nomem(c, fr, shown, errf);
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

/* ---- many files: jobs ------------------------------------------------
 * Each file is one job: read, run the rules, and render everything it
 * prints (stderr text, stdout text) into its own buffers; the jobs are
 * printed in input order, so -j N gives the bytes of -j 1. Workers share
 * only the read-only options and kb; each has its own dircache.
 *
 * With -j N the main thread and N - 1 others run the same loop (work):
 * take the next job, run it, and when it is the next to print, print it
 * and every finished job after it. One thread prints at a time (the
 * printer, flag printing); a job finished out of turn waits in jobs[] for
 * whoever prints the one before it. So no thread waits for another to
 * print, and none is woken per job: the only wait is for room in the
 * window. A thread takes job i only while i < printed + window and the
 * finished jobs not yet printed hold less than DF_JOBS_HELD bytes (their
 * input, output and messages): memory stays bounded however many files
 * there are, and a large file that holds up the printing lets the other
 * threads run ahead by many small files. */
#define DF_JOBS_WINDOW 32                     /* jobs ahead of the printer, per thread */
#define DF_JOBS_HELD ((size_t)4 << 20)        /* bytes kept by finished jobs not printed yet */

typedef struct {
    df_file_report fr;
    df_buf in;
    char *err;          /* stderr text (open_memstream) */
    size_t errlen;
    df_buf out;         /* stdout text */
    bool nomem;         /* a message or the output could not be kept */
} job;

typedef struct {
    const cli *c;
    const df_options *opts; /* shared, read-only */
    char **paths;
    size_t n;
    bool to_stdout;
    /* under mu (with -j 1, the main thread's alone): */
    job **jobs;             /* [n]: NULL until finished, freed once printed */
    size_t next, printed, window;
    size_t held;            /* bytes held by jobs[printed..next) (job_bytes) */
    bool stop;              /* out of memory: take no more jobs */
    bool printing;          /* a thread is the printer */
    size_t waiting;         /* threads waiting in room for the window */
    /* the printer's (one thread at a time; mu hands the role over): */
    int worst;
    bool any_change;
    df_file_report *frs;    /* --format json: every file's report */
    df_buf *ins;            /* and its input */
    FILE *direct_err;       /* -j 1's buffered stream on a dup of standard
                               error, opened once for the run and flushed
                               after each file; NULL: not opened yet */
    pthread_mutex_t mu;
    pthread_cond_t room;    /* printed moved on: the window has room */
} pool;

/* A thread's own: the build-context cache of its jobs, and the stream
 * their messages are written to, opened once per thread and emptied after
 * each job (an open_memstream per job cleared a buffer of its own each
 * time: 1.8% of a corpus run's instructions with -j 2). */
typedef struct {
    df_dircache *dirs;
    FILE *msgs;             /* NULL: not open yet (or closed after an error) */
    char *buf;              /* msgs' buffer and length (after fflush) */
    size_t len;
} lane;

static void lane_release(lane *ln)
{
    df_dircache_free(ln->dirs);
    if (ln->msgs)
        fclose(ln->msgs);
    free(ln->buf);
}

static void release_report(df_file_report *fr)
{
    if (fr->run) {
        df_run_result_release(fr->run);
        free(fr->run);
        fr->run = NULL;
    }
    df_buf_release(&fr->diff);
}

/* Job i with ln's dircache and message stream; NULL when out of memory.
 * direct: the job runs on the main thread (-j 1), so it is the next to
 * print: its messages go to standard error as they are written (through a
 * buffer of their own, flushed before the job returns) instead of being
 * kept in memory until then (thousands of findings on one large file were
 * megabytes of text). */
static job *run_job(pool *p, size_t i, lane *ln, bool direct)
{
    const cli *c = p->c;
    const char *path = p->paths[i];
    job *jb = calloc(1, sizeof *jb);
    if (!jb)
        return NULL;
    FILE *errf = NULL;
    if (direct && !p->direct_err) {
        int fd = dup(STDERR_FILENO);
        p->direct_err = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!p->direct_err && fd >= 0)
            close(fd);
    }
    if (direct)
        errf = p->direct_err;
    bool streamed = errf != NULL;
    if (!errf && !ln->msgs)
        ln->msgs = open_memstream(&ln->buf, &ln->len);
    if (!errf)
        errf = ln->msgs;
    if (!errf) {
        free(jb);
        return NULL;
    }
    df_options o = *p->opts;
    o.dirs = ln->dirs;
    df_file_report *fr = &jb->fr;
    process(c, &o, path, fr, &jb->in, errf);
    df_buf *out = &jb->out;
    char err[600];
    if (fr->status == DF_FILE_IO)
        fprintf(errf, "dfopt: %s\n", fr->error);
    if (fr->status == DF_FILE_OK) {
        const df_buf *res = &fr->run->output;
        bool nomem = false;
        if (p->to_stdout)
            nomem |= df_buf_add(out, res->data ? res->data : "", res->len) < 0;
        if (c->check && fr->run->changed && !c->json)
            nomem |= df_buf_printf(out, "%s\n", strcmp(path, "-") ? path : "<stdin>") < 0;
        if (c->diff && fr->run->changed && !c->json)
            nomem |= df_buf_add(out, fr->diff.data ? fr->diff.data : "", fr->diff.len) < 0;
        if (nomem) {
            /* nothing half-printed, nothing written */
            df_buf_release(out);
            jb->nomem = true;
            fr->status = DF_FILE_INTERNAL;
            snprintf(fr->error, sizeof fr->error, "out of memory");
        } else if (c->in_place && fr->run->changed) {
            if (df_write_in_place(path, res->data, res->len, fr->input, fr->input_len, err, sizeof err) < 0) {
                bool oom = says_oom(err);
                fprintf(errf, "dfopt: %s%s\n", oom ? "internal error: " : "", err);
                fr->status = oom ? DF_FILE_INTERNAL : DF_FILE_IO;
                snprintf(fr->error, sizeof fr->error, "%s", err);
            } else {
                fr->written = true;
            }
        }
    }
    /* kept in memory: an error there is out of memory, and the messages
     * are incomplete; streamed, standard error's own write errors are not
     * reported, as for every other message */
    if (streamed) {
        fflush(errf);
        return jb;
    }
    /* the job's messages copied out, and the stream emptied for the next
     * job (after fflush, ln->len is the bytes written since the stream
     * was last set back to its start) */
    if (ferror(errf) || fflush(errf) != 0)
        jb->nomem = true;
    if (ln->len && (jb->err = malloc(ln->len)) != NULL) {
        memcpy(jb->err, ln->buf, ln->len);
        jb->errlen = ln->len;
    } else if (ln->len) {
        jb->nomem = true;
    }
    if (jb->nomem || fseek(errf, 0, SEEK_SET) != 0) {
        /* a stream in error is not used again: the next job opens one */
        fclose(errf);
        free(ln->buf);
        ln->msgs = NULL;
        ln->buf = NULL;
        ln->len = 0;
    }
    return jb;
}

/* Bytes a finished job keeps until it is printed (for DF_JOBS_HELD). */
static size_t job_bytes(const job *jb)
{
    size_t b = jb->in.len + jb->errlen + jb->out.len + jb->fr.diff.len;
    if (jb->fr.run)
        b += jb->fr.run->output.len;
    return b;
}

/* Print job i (its messages, then its output), note its status, and free
 * it (the report and input are kept for --format json). The printer's. */
static void print_job(pool *p, size_t i, job *jb)
{
    const cli *c = p->c;
    if (jb->errlen)
        fwrite(jb->err, 1, jb->errlen, stderr);
    if (jb->nomem) {
        fprintf(stderr, "dfopt: %s: internal error: out of memory\n", p->paths[i]);
        jb->fr.status = DF_FILE_INTERNAL;
    }
    if (jb->out.len)
        fwrite(jb->out.data, 1, jb->out.len, stdout);
    df_file_report *fr = &jb->fr;
    if ((int)fr->status > p->worst)
        p->worst = (int)fr->status;
    if (fr->status == DF_FILE_OK && fr->run->changed)
        p->any_change = true;
    if (c->json) {
        p->frs[i] = *fr;
        p->ins[i] = jb->in;
        p->frs[i].input = fr->input ? p->ins[i].data ? p->ins[i].data : "" : NULL;
    } else {
        release_report(fr);
        df_buf_release(&jb->in);
    }
    free(jb->err);
    df_buf_release(&jb->out);
    free(jb);
}

/* The loop of every thread with -j N (see "many files: jobs" above).
 * Returns when no job is left to take. */
static void work(pool *p, lane *ln)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        /* no room: wait until the printer moves on (held > 0 means a job
         * after printed is finished, so job printed is running and its end
         * wakes us) */
        while (!p->stop && p->next < p->n &&
               (p->next >= p->printed + p->window || (p->held >= DF_JOBS_HELD && p->next > p->printed))) {
            p->waiting++;
            pthread_cond_wait(&p->room, &p->mu);
            p->waiting--;
        }
        if (p->stop || p->next >= p->n)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        job *jb = ln->dirs ? run_job(p, i, ln, false) : NULL;
        if (!jb) { /* out of memory: an empty job that says so */
            jb = calloc(1, sizeof *jb);
            if (jb) {
                jb->fr.path = p->paths[i];
                jb->fr.status = DF_FILE_INTERNAL;
                snprintf(jb->fr.error, sizeof jb->fr.error, "out of memory");
            }
        }
        size_t bytes = jb ? job_bytes(jb) : 0;
        pthread_mutex_lock(&p->mu);
        if (!jb) {
            p->stop = true;
            pthread_cond_broadcast(&p->room);
            break;
        }
        p->jobs[i] = jb;
        p->held += bytes;
        if (p->printing || i != p->printed)
            continue; /* the printer, or whoever finishes job printed, prints it */
        /* the printer: job printed and every finished one after it */
        p->printing = true;
        while (p->printed < p->n && p->jobs[p->printed] && !p->stop) {
            size_t k = p->printed;
            job *x = p->jobs[k];
            p->jobs[k] = NULL;
            p->held -= job_bytes(x);
            pthread_mutex_unlock(&p->mu);
            print_job(p, k, x);
            pthread_mutex_lock(&p->mu);
            p->printed = k + 1;
            if (p->waiting)
                pthread_cond_broadcast(&p->room);
        }
        p->printing = false;
    }
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    pool *p = arg;
    lane ln = {.dirs = df_dircache_new()};
    work(p, &ln);
    lane_release(&ln);
    return NULL;
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
    /* the findings' text goes only to stderr (not with -q) and the reports */
    opts.messages_unread = c->quiet && !c->json;

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
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = (size_t)(c->jobs ? c->jobs : ncpu > 0 ? ncpu : 1);
    if (nthreads > n)
        nthreads = n ? n : 1;
    pool p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.opts = &opts;
    p.paths = paths;
    p.n = n;
    p.to_stdout = to_stdout;
    p.window = DF_JOBS_WINDOW * nthreads;
    p.jobs = calloc(n ? n : 1, sizeof *p.jobs);
    /* the report needs every file; the other modes print and forget */
    p.frs = c->json ? calloc(n ? n : 1, sizeof *p.frs) : NULL;
    p.ins = c->json ? calloc(n ? n : 1, sizeof *p.ins) : NULL;
    p.worst = EXIT_CLEAN;
    bool ok = p.jobs && (!c->json || (p.frs && p.ins));
    pthread_t *th = NULL;
    size_t started = 0;
    bool threaded = ok && nthreads > 1;
    if (threaded) {
        /* the main thread works too: nthreads - 1 more */
        th = calloc(nthreads - 1, sizeof *th);
        ok = th && pthread_mutex_init(&p.mu, NULL) == 0;
        if (ok && pthread_cond_init(&p.room, NULL) != 0) {
            pthread_mutex_destroy(&p.mu);
            ok = false;
        }
        threaded = ok;
        for (size_t t = 0; ok && t + 1 < nthreads; t++) {
            if (pthread_create(&th[t], NULL, worker, &p) != 0)
                break;
            started++;
        }
        if (ok) {
            worker(&p);
            for (size_t t = 0; t < started; t++)
                pthread_join(th[t], NULL);
            ok = !p.stop;
            for (size_t i = 0; i < n; i++)
                if (p.jobs[i]) { /* finished, not printed: the run stopped */
                    release_report(&p.jobs[i]->fr);
                    df_buf_release(&p.jobs[i]->in);
                    free(p.jobs[i]->err);
                    df_buf_release(&p.jobs[i]->out);
                    free(p.jobs[i]);
                }
            pthread_mutex_destroy(&p.mu);
            pthread_cond_destroy(&p.room);
        }
    }
    lane one = {0}; /* -j 1's */
    for (size_t i = 0; ok && !threaded && i < n; i++) {
        if (!one.dirs) {
            one.dirs = df_dircache_new();
            /* one file: its probes cost less than listing its folder */
            if (one.dirs && p.n == 1)
                df_dircache_probe_listing(one.dirs, false);
        }
        job *jb = one.dirs ? run_job(&p, i, &one, true) : NULL;
        if (!jb) {
            ok = false;
            break;
        }
        print_job(&p, i, jb);
    }
    free(th);
    lane_release(&one);
    if (p.direct_err)
        fclose(p.direct_err);
    int worst = p.worst;
    df_file_report *frs = p.frs;
    df_buf *ins = p.ins;
    if (!ok)
        worst = out_of_memory();
    if (c->json && frs && ok) {
        bool sarif = strcmp(c->format, "sarif") == 0;
        int jr = sarif ? df_report_sarif(stdout, frs, n) : df_report_json(stdout, frs, n);
        if (jr < 0)
            worst = out_of_memory();
    }
    for (size_t i = 0; i < n; i++) {
        if (frs)
            release_report(&frs[i]);
        if (ins)
            df_buf_release(&ins[i]);
        free(paths[i]);
    }
    free(p.jobs);
    free(paths);
    free(frs);
    free(ins);
    df_kb_free(kb);
    if (worst != EXIT_CLEAN)
        return worst;
    return p.any_change && (c->check || c->diff) ? EXIT_CHANGES : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    /* Each file's arena is freed when the file is done and the next file
     * mallocs it again. With glibc's default 128 KiB pad the heap top is
     * given back to the system after each file and the next one
     * page-faults it in afresh: 2,910 page faults over the corpus (-j 1)
     * against 1,477 with a 4 MiB pad, which only bounds what stays
     * reserved (the peak RSS, what the file needs, is unchanged). */
#ifdef M_TOP_PAD
    (void)mallopt(M_TOP_PAD, 4 << 20);
#endif
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
