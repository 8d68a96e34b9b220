/*
 * report.c - findings as text for people and JSON for programs.
 */
#include "dfopt/report.h"

#include <jansson.h>
#include <string.h>

#include "dfopt/rule.h"

/* Text for people goes out through a small buffer, written with one fwrite
 * per finding: formatted printing was most of the time spent printing the
 * findings of a large file. */
typedef struct {
    FILE *f;
    size_t n;
    char b[2048];
} textout;

static void put(textout *o, const char *s, size_t n)
{
    if (o->n + n > sizeof o->b) {
        fwrite(o->b, 1, o->n, o->f);
        o->n = 0;
        if (n > sizeof o->b) {
            fwrite(s, 1, n, o->f);
            return;
        }
    }
    memcpy(o->b + o->n, s, n);
    o->n += n;
}

static void puts_(textout *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putch(textout *o, char c)
{
    if (o->n < sizeof o->b)
        o->b[o->n++] = c;
    else
        put(o, &c, 1);
}

/* Decimal digits of v; returns how many. */
static size_t put_num(textout *o, size_t v)
{
    char t[24];
    size_t i = sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, t + i, sizeof t - i);
    return sizeof t - i;
}

/* sp's first line (line: the line of sp.start), with carets under sp. */
static void excerpt(textout *o, const df_source *src, df_span sp, size_t line)
{
    df_span ls = df_source_line(src, line);
    puts_(o, "  ");
    size_t w = put_num(o, line);
    puts_(o, " | ");
    put(o, src->text + ls.start, ls.end - ls.start);
    puts_(o, "\n  ");
    for (size_t i = 0; i < w; i++)
        putch(o, ' ');
    puts_(o, " | ");
    size_t k = ls.start;
    for (; k < sp.start && k < ls.end; k++) {
        unsigned char c = (unsigned char)src->text[k];
        if ((c & 0xC0) == 0x80)
            continue;
        putch(o, c == '\t' ? '\t' : ' ');
    }
    size_t end = sp.end > ls.end ? ls.end : sp.end;
    int carets = 0;
    for (; k < end; k++)
        if (((unsigned char)src->text[k] & 0xC0) != 0x80)
            carets++;
    if (carets == 0)
        carets = 1;
    for (int i = 0; i < carets; i++)
        putch(o, '^');
    putch(o, '\n');
}

void df_print_diag(FILE *f, const df_source *src, const df_diag *d)
{
    textout o;
    o.f = f;
    o.n = 0;
    puts_(&o, src->path);
    size_t line, col;
    df_source_linecol(src, d->span.start, &line, &col);
    putch(&o, ':');
    put_num(&o, line);
    putch(&o, ':');
    put_num(&o, col);
    puts_(&o, ": ");
    puts_(&o, df_severity_name(d->severity));
    puts_(&o, ": ");
    puts_(&o, d->message);
    puts_(&o, " [");
    puts_(&o, d->rule->id);
    puts_(&o, d->found_later ? "] (found after earlier fixes)\n" : "]\n");
    excerpt(&o, src, d->span, line);
    if (d->fix) {
        if (d->applied) {
            puts_(&o, "  = fix (");
            puts_(&o, df_applicability_name(d->fix->applicability));
            puts_(&o, "): ");
        } else if (d->fix->applicability == DF_APPLY_DISPLAY) {
            puts_(&o, "  = advice: ");
        } else if (d->fix->applicability == DF_APPLY_UNSAFE) {
            puts_(&o, "  = fix (unsafe, needs --unsafe-fixes): ");
        } else {
            puts_(&o, "  = fix (safe, not applied: it overlaps another fix): ");
        }
        puts_(&o, d->fix->description);
        putch(&o, '\n');
    }
    fwrite(o.b, 1, o.n, f);
}

void df_print_parse_error(FILE *f, const df_source *src, const df_parse_error *e)
{
    size_t line, col;
    df_source_linecol(src, e->offset, &line, &col);
    if (e->line && e->line != line) {
        line = e->line;
        col = 1;
    }
    fprintf(f, "%s:%zu:%zu: error: %s\n", src->path, line, col, e->message);
    if (line <= src->nlines && src->len) {
        df_span ls = df_source_line(src, line);
        if (ls.end - ls.start > 200)
            ls.end = ls.start + 200;
        fprintf(f, "  %zu | %.*s\n", line, (int)(ls.end - ls.start), src->text + ls.start);
    }
}

static json_t *pos_json(const df_source *src, size_t off)
{
    size_t line, col;
    df_source_linecol(src, off, &line, &col);
    return json_pack("{s:I,s:I,s:I}", "line", (json_int_t)line, "column", (json_int_t)col, "offset",
                     (json_int_t)off);
}

static json_t *str_json(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    if (j)
        return j;
    /* not UTF-8: replace bad bytes so the report stays valid JSON */
    df_buf b = DF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            df_buf_addch(&b, (char)c);
        else
            df_buf_add(&b, "\xEF\xBF\xBD", 3);
    }
    j = json_stringn(b.data ? b.data : "", b.len);
    df_buf_release(&b);
    return j;
}

static json_t *diag_json(const df_source *src, const df_diag *d)
{
    const df_rule *r = d->rule;
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(r->id));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "hadolint", r->hadolint ? json_string(r->hadolint) : json_null());
    json_object_set_new(o, "severity", json_string(df_severity_name(d->severity)));
    json_object_set_new(o, "message", str_json(d->message, strlen(d->message)));
    json_object_set_new(o, "round", json_integer(d->round));
    if (d->round != 0)
        json_object_set_new(o, "found_later", json_boolean(d->found_later));
    json_t *rg = json_object();
    json_object_set_new(rg, "start", pos_json(src, d->span.start));
    json_object_set_new(rg, "end", pos_json(src, d->span.end));
    json_object_set_new(o, "range", rg);
    if (d->fix) {
        json_t *fx = json_object();
        json_object_set_new(fx, "applicability", json_string(df_applicability_name(d->fix->applicability)));
        json_object_set_new(fx, "description", str_json(d->fix->description, strlen(d->fix->description)));
        json_object_set_new(fx, "applied", json_boolean(d->applied));
        json_t *ed = json_array();
        for (size_t i = 0; i < d->fix->nedits; i++) {
            const df_edit *e = &d->fix->edits[i];
            json_array_append_new(ed, json_pack("{s:I,s:I,s:o}", "start", (json_int_t)e->start, "end",
                                                (json_int_t)e->end, "text", str_json(e->text, e->len)));
        }
        json_object_set_new(fx, "edits", ed);
        json_object_set_new(o, "fix", fx);
    } else {
        json_object_set_new(o, "fix", json_null());
    }
    if (d->extra_key)
        json_object_set_new(o, d->extra_key, str_json(d->extra_value, strlen(d->extra_value)));
    return o;
}

static const char *status_name(df_file_status s)
{
    switch (s) {
    case DF_FILE_OK: return "ok";
    case DF_FILE_IO: return "io-error";
    case DF_FILE_PARSE: return "parse-error";
    case DF_FILE_INTERNAL: return "internal-error";
    }
    return "ok";
}

int df_report_json(FILE *f, const df_file_report *files, size_t n)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    size_t changed = 0, ndiag = 0, fixed = 0, errors = 0;
    bool lost = false; /* out of memory: a file's findings are missing */
    for (size_t i = 0; i < n; i++) {
        const df_file_report *fr = &files[i];
        json_t *o = json_object();
        json_object_set_new(o, "path", str_json(fr->path, strlen(fr->path)));
        json_object_set_new(o, "status", json_string(status_name(fr->status)));
        bool ch = fr->run && fr->run->changed;
        json_object_set_new(o, "changed", json_boolean(ch));
        json_object_set_new(o, "written", json_boolean(fr->written));
        if (fr->status != DF_FILE_OK) {
            errors++;
            json_object_set_new(o, "error",
                                json_pack("{s:o,s:I,s:I}", "message", str_json(fr->error, strlen(fr->error)),
                                          "line", (json_int_t)fr->err_line, "column", (json_int_t)fr->err_col));
        } else {
            json_object_set_new(o, "error", json_null());
        }
        json_t *ds = json_array();
        if (fr->run && fr->input) {
            df_source src;
            if (df_source_init(&src, fr->path, fr->input, fr->input_len) == 0) {
                for (size_t k = 0; k < fr->run->diags.n; k++) {
                    const df_diag *d = fr->run->diags.v[k];
                    json_array_append_new(ds, diag_json(&src, d));
                    ndiag++;
                    if (d->applied)
                        fixed++;
                }
                df_source_release(&src);
            } else {
                lost = true;
            }
        }
        json_object_set_new(o, "diagnostics", ds);
        json_object_set_new(o, "diff", ch ? str_json(fr->diff.data ? fr->diff.data : "", fr->diff.len)
                                          : json_null());
        if (ch)
            changed++;
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "version", json_integer(DF_REPORT_VERSION));
    json_object_set_new(root, "tool", json_pack("{s:s,s:s}", "name", "dfopt", "version", DFOPT_VERSION));
    json_object_set_new(root, "files", arr);
    json_object_set_new(root, "summary",
                        json_pack("{s:I,s:I,s:I,s:I,s:I}", "files", (json_int_t)n, "changed", (json_int_t)changed,
                                  "diagnostics", (json_int_t)ndiag, "fixed", (json_int_t)fixed, "errors",
                                  (json_int_t)errors));
    if (lost) {
        json_decref(root);
        return -1;
    }
    int r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(root);
    return r;
}

/* SARIF 2.1.0: what code-scanning services read. One run, the rules from
 * the registry, a result per finding; fixes as SARIF fixes (replacements). */
static json_t *sarif_region(const df_source *src, df_span sp)
{
    size_t l1, c1, l2, c2;
    df_source_linecol(src, sp.start, &l1, &c1);
    df_source_linecol(src, sp.end, &l2, &c2);
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "startLine", (json_int_t)l1, "startColumn", (json_int_t)c1,
                     "endLine", (json_int_t)l2, "endColumn", (json_int_t)c2, "charOffset", (json_int_t)sp.start,
                     "charLength", (json_int_t)(sp.end - sp.start));
}

static const char *sarif_level(df_severity s)
{
    return s == DF_SEV_ERROR ? "error" : s == DF_SEV_WARNING ? "warning" : "note";
}

int df_report_sarif(FILE *f, const df_file_report *files, size_t n)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < df_nrules; i++) {
        const df_rule *r = df_rules[i];
        json_t *jr = json_pack("{s:s,s:s,s:{s:s},s:{s:s}}", "id", r->id, "name", r->name, "shortDescription", "text",
                               r->summary, "defaultConfiguration", "level", sarif_level(r->severity));
        if (r->hadolint)
            json_object_set_new(jr, "properties", json_pack("{s:s}", "hadolint", r->hadolint));
        json_array_append_new(rules, jr);
    }
    json_t *results = json_array();
    for (size_t i = 0; i < n; i++) {
        const df_file_report *fr = &files[i];
        if (!fr->run || !fr->input)
            continue;
        df_source src;
        if (df_source_init(&src, fr->path, fr->input, fr->input_len) < 0) {
            json_decref(rules);
            json_decref(results);
            return -1; /* out of memory: not a report without its findings */
        }
        for (size_t k = 0; k < fr->run->diags.n; k++) {
            const df_diag *d = fr->run->diags.v[k];
            json_t *loc = json_pack("{s:{s:{s:o},s:o}}", "physicalLocation", "artifactLocation", "uri",
                                    str_json(fr->path, strlen(fr->path)), "region", sarif_region(&src, d->span));
            json_t *res = json_pack("{s:s,s:s,s:{s:o},s:[o]}", "ruleId", d->rule->id, "level",
                                    sarif_level(d->severity), "message", "text",
                                    str_json(d->message, strlen(d->message)), "locations", loc);
            if (d->fix && d->fix->applicability != DF_APPLY_DISPLAY && d->round != 0) {
                /* a later round's edits are not in the input: no replacements */
                json_object_set_new(res, "properties",
                                    json_pack("{s:s,s:b}", "applicability",
                                              df_applicability_name(d->fix->applicability), "applied", d->applied));
            } else if (d->fix && d->fix->applicability != DF_APPLY_DISPLAY) {
                json_t *reps = json_array();
                for (size_t e = 0; e < d->fix->nedits; e++) {
                    const df_edit *ed = &d->fix->edits[e];
                    df_span sp = {ed->start, ed->end};
                    json_array_append_new(reps, json_pack("{s:o,s:{s:o}}", "deletedRegion", sarif_region(&src, sp),
                                                          "insertedContent", "text", str_json(ed->text, ed->len)));
                }
                json_t *fix = json_pack("{s:{s:o},s:[{s:{s:o},s:o}]}", "description", "text",
                                        str_json(d->fix->description, strlen(d->fix->description)), "artifactChanges",
                                        "artifactLocation", "uri", str_json(fr->path, strlen(fr->path)),
                                        "replacements", reps);
                json_object_set_new(res, "fixes", json_pack("[o]", fix));
                json_object_set_new(res, "properties",
                                    json_pack("{s:s,s:b}", "applicability",
                                              df_applicability_name(d->fix->applicability), "applied", d->applied));
            }
            json_array_append_new(results, res);
        }
        df_source_release(&src);
    }
    json_t *root = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:o}},s:o}]}", "$schema",
                             "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
                             "driver", "name", "dfopt", "version", DFOPT_VERSION, "informationUri",
                             "https://example.invalid/dfopt", "rules", rules, "results", results);
    int r = root ? json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
    fputc('\n', f);
    json_decref(root);
    return r;
}

int df_list_rules(FILE *f, const char *format)
{
    if (format && strcmp(format, "json") == 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < df_nrules; i++) {
            const df_rule *r = df_rules[i];
            json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:s,s:s,s:s}", "id", r->id, "name", r->name,
                                                 "hadolint", r->hadolint ? json_string(r->hadolint) : json_null(),
                                                 "severity", df_severity_name(r->severity), "fix",
                                                 df_applicability_name(r->fix), "summary", r->summary));
        }
        int rc = json_dumpf(arr, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', f);
        json_decref(arr);
        return rc;
    }
    if (format && strcmp(format, "markdown") == 0) {
        fprintf(f, "| id | name | hadolint | fix | what it finds |\n|---|---|---|---|---|\n");
        for (size_t i = 0; i < df_nrules; i++) {
            const df_rule *r = df_rules[i];
            fprintf(f, "| %s | %s | %s | %s | %s |\n", r->id, r->name, r->hadolint ? r->hadolint : "-",
                    df_applicability_name(r->fix), r->summary);
        }
        return 0;
    }
    int wn = 4, wh = 8;
    for (size_t i = 0; i < df_nrules; i++) {
        int n = (int)strlen(df_rules[i]->name), h = df_rules[i]->hadolint ? (int)strlen(df_rules[i]->hadolint) : 1;
        wn = n > wn ? n : wn;
        wh = h > wh ? h : wh;
    }
    fprintf(f, "%-6s %-*s %-*s %-8s %s\n", "id", wn, "name", wh, "hadolint", "fix", "what it finds");
    for (size_t i = 0; i < df_nrules; i++) {
        const df_rule *r = df_rules[i];
        fprintf(f, "%-6s %-*s %-*s %-8s %s\n", r->id, wn, r->name, wh, r->hadolint ? r->hadolint : "-",
                df_applicability_name(r->fix), r->summary);
    }
    return 0;
}

int df_explain_rule(FILE *f, const char *key)
{
    const df_rule *r = df_rule_find(key);
    if (!r)
        return -1;
    fprintf(f, "%s %s", r->id, r->name);
    if (r->hadolint)
        fprintf(f, " (hadolint %s)", r->hadolint);
    const char *doc = df_rule_doc(r);
    if (strncmp(doc, r->id, strlen(r->id)) == 0 && strchr(doc, '\n'))
        doc = strchr(doc, '\n') + 1; /* the doc's title repeats the header */
    while (*doc == '\n')
        doc++;
    fprintf(f, "\nseverity: %s; best fix: %s\n\n%s", df_severity_name(r->severity), df_applicability_name(r->fix),
            doc);
    return 0;
}
