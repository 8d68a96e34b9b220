/*
 * body.c - pull request title, body, commit message and closing comment.
 */
#include "dfopt/botbody.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int df_bot_rule_why(df_buf *out, const df_rule *r)
{
    const char *doc = df_rule_doc(r);
    const char *p = doc ? strstr(doc, "Why it matters:") : NULL;
    if (!p)
        return df_buf_addstr(out, r->summary);
    p += strlen("Why it matters:");
    while (*p == ' ' || *p == '\n')
        p++;
    int depth = 0;
    bool code = false, first = true, space = false;
    int rc = 0;
    for (; *p; p++) {
        char c = *p;
        if (c == '\n' && p[1] == '\n')
            break; /* end of the paragraph */
        if (c == '\n' || c == ' ') {
            space = true;
            continue;
        }
        if (space && !first)
            rc |= df_buf_addch(out, ' ');
        space = false;
        if (c == '`')
            code = !code;
        else if (c == '(' && !code)
            depth++;
        else if (c == ')' && !code && depth > 0)
            depth--;
        rc |= df_buf_addch(out, first ? (char)toupper((unsigned char)c) : c);
        first = false;
        if (c == '.' && !code && depth == 0 && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0') &&
            !(p >= doc + 4 && (strncmp(p - 3, "e.g.", 4) == 0 || strncmp(p - 3, "i.e.", 4) == 0)))
            break;
    }
    return rc;
}

size_t df_bot_changed_files(const df_file_report *files, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (files[i].status == DF_FILE_OK && files[i].run && files[i].run->changed)
            k++;
    return k;
}

int df_bot_title(df_buf *out)
{
    return df_buf_addstr(out, DF_BOT_TITLE);
}

/* Markdown-safe copy of a message: no raw HTML, no stray emphasis; `code`
 * spans are kept as they are. */
static int add_text(df_buf *out, const char *s)
{
    int rc = 0;
    bool code = false;
    for (; *s; s++) {
        if (*s == '`')
            code = !code;
        if (*s == '\n' || *s == '\r')
            rc |= df_buf_addch(out, ' ');
        else if (!code && *s == '<')
            rc |= df_buf_addstr(out, "&lt;");
        else if (!code && *s == '>')
            rc |= df_buf_addstr(out, "&gt;");
        else if (!code && (*s == '*' || *s == '_' || *s == '\\' || *s == '['))
            rc |= df_buf_addch(out, '\\') | df_buf_addch(out, *s);
        else
            rc |= df_buf_addch(out, *s);
    }
    return rc;
}

static int add_hadolint(df_buf *out, const df_rule *r)
{
    if (!r->hadolint)
        return df_buf_addstr(out, "no hadolint equivalent");
    int rc = df_buf_addstr(out, "hadolint ");
    const char *h = r->hadolint;
    while (*h) {
        size_t k = strcspn(h, ",");
        rc |= df_buf_printf(out, "[%.*s](https://github.com/hadolint/hadolint/wiki/%.*s)", (int)k, h, (int)k, h);
        h += k;
        if (*h == ',') {
            rc |= df_buf_addstr(out, ", ");
            h++;
        }
    }
    return rc;
}

static size_t diag_line(const df_source *src, const df_diag *d)
{
    if (!src->text)
        return 0;
    size_t line, col;
    df_source_linecol(src, d->span.start, &line, &col);
    return line;
}

/* "saves 368 MB (89%)" out of a message that states its bytes */
static bool saving_in(const char *msg, char *out, size_t cap)
{
    const char *p = strstr(msg, "saves ");
    if (!p || !isdigit((unsigned char)p[6]))
        return false;
    size_t k = strcspn(p, ",;:");
    snprintf(out, cap, "%.*s", (int)k, p);
    return true;
}

typedef enum { SEL_APPLIED, SEL_PENDING } sel;

static bool selected(const df_diag *d, sel s)
{
    bool applied = d->fix && d->applied;
    if (s == SEL_APPLIED)
        return applied;
    /* not applied: round-0 findings only (later rounds list applied fixes) */
    return !applied && d->round == 0;
}

static const char *pending_reason(const df_diag *d)
{
    if (!d->fix)
        return "finding only, no automatic fix";
    switch (d->fix->applicability) {
    case DF_APPLY_UNSAFE:
        return "unsafe fix, not applied: it can change what the build does (dfopt --unsafe-fixes applies it)";
    case DF_APPLY_DISPLAY:
        return "advice: a change for a person to make";
    default:
        return "safe fix not applied this time: it overlaps another fix (the next run applies it)";
    }
}

/* Per file, per rule: the findings of one selection. */
static int section(df_buf *out, const df_file_report *files, size_t n, sel s, size_t *count)
{
    int rc = 0;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const df_file_report *f = &files[i];
        if (f->status != DF_FILE_OK || !f->run)
            continue;
        const df_diags *ds = &f->run->diags;
        df_source src;
        if (df_source_init(&src, f->path, f->input, f->input_len) < 0)
            return -1;
        bool file_open = false;
        for (size_t ri = 0; ri < df_nrules; ri++) {
            const df_rule *r = df_rules[ri];
            bool rule_open = false;
            for (size_t k = 0; k < ds->n; k++) {
                const df_diag *d = ds->v[k];
                if (d->rule != r || !selected(d, s))
                    continue;
                if (!file_open) {
                    rc |= df_buf_printf(out, "\n#### `%s`\n\n", f->path);
                    file_open = true;
                }
                if (!rule_open) {
                    rc |= df_buf_printf(out, "- **%s %s** (", r->id, r->name);
                    rc |= add_hadolint(out, r);
                    rc |= df_buf_addstr(out, "): ");
                    df_buf why = DF_BUF_INIT;
                    rc |= df_bot_rule_why(&why, r);
                    rc |= add_text(out, why.data ? why.data : "");
                    df_buf_release(&why);
                    rc |= df_buf_addch(out, '\n');
                    rule_open = true;
                }
                size_t line = diag_line(&src, d);
                if (line)
                    rc |= df_buf_printf(out, "  - line %zu: ", line);
                else
                    rc |= df_buf_addstr(out, "  - after the fixes above: ");
                rc |= add_text(out, d->message);
                if (s == SEL_APPLIED && d->fix->description) {
                    rc |= df_buf_addstr(out, d->fix->applicability == DF_APPLY_UNSAFE ? ". Fix (*unsafe*): "
                                                                                       : ". Fix: ");
                    rc |= add_text(out, d->fix->description);
                } else if (s == SEL_PENDING) {
                    rc |= df_buf_addstr(out, ". *");
                    rc |= df_buf_addstr(out, pending_reason(d));
                    rc |= df_buf_addstr(out, "*");
                    if (d->fix && d->fix->description) {
                        rc |= df_buf_addstr(out, (d->fix->applicability == DF_APPLY_DISPLAY ? ". Suggested: "
                                                                                             : ". Proposed fix: "));
                        rc |= add_text(out, d->fix->description);
                    }
                }
                rc |= df_buf_addch(out, '\n');
                (*count)++;
            }
        }
        df_source_release(&src);
    }
    return rc;
}

static int worth(df_buf *out, const df_file_report *files, size_t n)
{
    int rc = 0;
    for (size_t ri = 0; ri < df_nrules; ri++) {
        const df_rule *r = df_rules[ri];
        size_t fixes = 0;
        df_buf bytes = DF_BUF_INIT;
        for (size_t i = 0; i < n; i++) {
            const df_file_report *f = &files[i];
            if (f->status != DF_FILE_OK || !f->run)
                continue;
            for (size_t k = 0; k < f->run->diags.n; k++) {
                const df_diag *d = f->run->diags.v[k];
                if (d->rule != r || !d->fix || !d->applied)
                    continue;
                fixes++;
                char sv[160];
                if (saving_in(d->message, sv, sizeof sv))
                    rc |= df_buf_printf(&bytes, "%s`%s`: %s", bytes.len ? "; " : "", f->path, sv);
            }
        }
        if (fixes) {
            const char *w = r->worth;
            rc |= df_buf_printf(out, "- %s (%s, %zu fix%s)", w ? w : r->summary, r->id, fixes,
                                fixes == 1 ? "" : "es");
            if (bytes.len)
                rc |= df_buf_printf(out, ": %s", bytes.data);
            rc |= df_buf_addch(out, '\n');
        }
        df_buf_release(&bytes);
    }
    return rc;
}

static int unparsed(df_buf *out, const df_file_report *files, size_t n)
{
    int rc = 0;
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        const df_file_report *f = &files[i];
        if (f->status == DF_FILE_OK)
            continue;
        if (!open) {
            rc |= df_buf_addstr(out, "\n### Files dfopt could not read or change\n\nThese files were left as they are.\n\n");
            open = true;
        }
        const char *what = f->status == DF_FILE_PARSE ? "does not parse" :
                           f->status == DF_FILE_IO    ? "not changed" : "internal error in dfopt";
        rc |= df_buf_printf(out, "- `%s`", f->path);
        if (f->err_line)
            rc |= df_buf_printf(out, " line %zu", f->err_line);
        rc |= df_buf_printf(out, " (%s): ", what);
        rc |= add_text(out, f->error);
        rc |= df_buf_addch(out, '\n');
    }
    return rc;
}

/* Append part, cut at a line so that it takes at most *budget bytes (a
 * note says how much was left out); *budget shrinks by what was added. */
static int add_within(df_buf *out, const df_buf *part, size_t *budget)
{
    if (part->len <= *budget) {
        *budget -= part->len;
        return part->len ? df_buf_add(out, part->data, part->len) : 0;
    }
    size_t cut = *budget;
    while (cut > 0 && part->data[cut - 1] != '\n')
        cut--;
    *budget -= cut;
    int rc = df_buf_add(out, part->data, cut);
    rc |= df_buf_printf(out,
                        "\n*(cut here: %zu more characters would pass GitHub's size limit; `dfopt --diff .` "
                        "lists every finding.)*\n",
                        part->len - cut);
    return rc;
}

int df_bot_body(df_buf *out, const df_file_report *files, size_t n, const df_bot_meta *m)
{
    size_t changed = df_bot_changed_files(files, n);
    df_buf head = DF_BUF_INIT, applied = DF_BUF_INIT, pending = DF_BUF_INIT, bad = DF_BUF_INIT, foot = DF_BUF_INIT;
    int rc = df_buf_printf(&head, "dfopt rewrote %zu of the %zu Dockerfile%s on `%s` (%.7s). ", changed, n,
                           n == 1 ? "" : "s", m->base, m->base_sha ? m->base_sha : "");
    if (m->unsafe_fixes)
        rc |= df_buf_addstr(&head, "Safe fixes keep what the build does; this run was also asked for unsafe fixes "
                                   "(`--unsafe-fixes`), which can change it: each is marked *unsafe* below with "
                                   "its reason. Review those.\n");
    else
        rc |= df_buf_addstr(&head, "Each change below is a safe fix: it keeps what the build does.\n");
    rc |= df_buf_addstr(&head, "\n### What it is worth\n\n");
    rc |= worth(&head, files, n);
    size_t napplied, npending;
    rc |= section(&applied, files, n, SEL_APPLIED, &napplied);
    rc |= section(&pending, files, n, SEL_PENDING, &npending);
    rc |= unparsed(&bad, files, n);
    rc |= df_buf_printf(&foot,
                        "\n---\n\nOpened by dfopt-bot %s. It runs again on `%s` and updates this pull request "
                        "in place (force-pushing its branch); when nothing is left to change it closes it. "
                        "Rules and options come from the repository's `.dfopt.json`; `dfopt --explain DF003` "
                        "tells more about a rule, and `# dfopt ignore=DF003` above an instruction silences it.\n",
                        DFOPT_VERSION, m->base);
    /* GitHub's limit: the summary and the footer always fit; the long
     * sections share what is left, in order, each cut at a line */
    size_t notes = 3 * 200 + 200; /* cut notes and headings */
    size_t fixed = head.len + foot.len + notes;
    size_t budget = fixed < DF_BOT_BODY_MAX ? DF_BOT_BODY_MAX - fixed : 0;
    /* the files that do not parse keep up to a quarter whatever comes before */
    size_t bad_share = bad.len < budget / 4 ? bad.len : budget / 4;
    budget -= bad_share;
    rc |= add_within(out, &head, &(size_t){SIZE_MAX});
    rc |= df_buf_printf(out, "\n### What changed, and why (%zu fix%s)\n", napplied, napplied == 1 ? "" : "es");
    rc |= add_within(out, &applied, &budget);
    if (npending) {
        rc |= df_buf_printf(out, "\n### Not applied (%zu)\n\nFindings this pull request leaves to you.\n",
                            npending);
        rc |= add_within(out, &pending, &budget);
    }
    budget += bad_share;
    rc |= add_within(out, &bad, &budget);
    rc |= add_within(out, &foot, &(size_t){SIZE_MAX});
    df_buf_release(&head);
    df_buf_release(&applied);
    df_buf_release(&pending);
    df_buf_release(&bad);
    df_buf_release(&foot);
    return rc;
}

int df_bot_commit_message(df_buf *out, const df_file_report *files, size_t n, const df_bot_meta *m)
{
    int rc = df_buf_printf(out, "%s\n\n", DF_BOT_TITLE);
    for (size_t i = 0; i < n; i++) {
        const df_file_report *f = &files[i];
        if (f->status != DF_FILE_OK || !f->run || !f->run->changed)
            continue;
        for (size_t ri = 0; ri < df_nrules; ri++) {
            size_t k = 0;
            for (size_t j = 0; j < f->run->diags.n; j++)
                if (f->run->diags.v[j]->rule == df_rules[ri] && f->run->diags.v[j]->fix &&
                    f->run->diags.v[j]->applied)
                    k++;
            if (k)
                rc |= df_buf_printf(out, "- %s: %s %s (%zu fix%s)\n", f->path, df_rules[ri]->id,
                                    df_rules[ri]->name, k, k == 1 ? "" : "es");
        }
    }
    rc |= df_buf_printf(out, "\nMade by dfopt-bot %s on %s (%.12s).\n", DFOPT_VERSION, m->base,
                        m->base_sha ? m->base_sha : "");
    return rc;
}

int df_bot_close_comment(df_buf *out, const df_bot_meta *m, size_t nfiles)
{
    return df_buf_printf(out,
                         "dfopt finds nothing left to change in the %zu Dockerfile%s on `%s` (%.7s): the fixes "
                         "were merged or made another way. Closing this pull request; the next run opens a new "
                         "one if something comes up.\n",
                         nfiles, nfiles == 1 ? "" : "s", m->base, m->base_sha ? m->base_sha : "");
}
