/*
 * botbody.h - what dfopt-bot writes for people: the pull request's title
 * and body, the commit message, the closing comment.
 *
 * Input: one df_file_report per Dockerfile (report.h), with path relative
 * to the repository root, as the bot's scan filled them. The body says, per
 * file and per rule, what changed and why (the first sentence of the rule's
 * "Why it matters" paragraph, the hadolint code), the fixes not applied
 * (unsafe, advice, findings without a fix) with their reasons, the files
 * dfopt could not parse (path, line, message), and what the change is worth:
 * the bytes saved where a finding states them ("saves 368 MB"), otherwise
 * the kind of saving of each rule. Markdown, kept under GitHub's 65,536
 * character limit (cut at a line with a note).
 *
 * Pure functions: no I/O; everything appended to caller-owned buffers.
 */
#ifndef DFOPT_BOTBODY_H
#define DFOPT_BOTBODY_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/buf.h"
#include "dfopt/report.h"
#include "dfopt/rule.h"

#define DF_BOT_TITLE "chore(docker): optimize Dockerfiles with dfopt"
#define DF_BOT_BODY_MAX 65000

typedef struct {
    const char *base;      /* base branch name */
    const char *base_sha;  /* the commit the fixes were made on */
    bool unsafe_fixes;     /* unsafe fixes were applied too */
} df_bot_meta;

/* Files changed by the fixes (status ok and run->changed). */
size_t df_bot_changed_files(const df_file_report *files, size_t n);

int df_bot_title(df_buf *out);
int df_bot_body(df_buf *out, const df_file_report *files, size_t n, const df_bot_meta *m);
/* Subject line (the title), blank line, one line per file and rule. */
int df_bot_commit_message(df_buf *out, const df_file_report *files, size_t n, const df_bot_meta *m);
/* The comment left on a bot pull request closed because nothing is left. */
int df_bot_close_comment(df_buf *out, const df_bot_meta *m, size_t nfiles);

/* The first sentence of the rule's "Why it matters:" paragraph, unwrapped
 * (or its summary). Appended to out. */
int df_bot_rule_why(df_buf *out, const df_rule *r);

#endif
