/*
 * pm.h - (private) what the package-manager rules (DF003-DF010) share.
 *
 * Each rule walks the RUNs of the document, finds invocations of a package
 * manager through the shell model, and decides from facts in
 * data/package-managers.json (through ctx->kb) whether the layer keeps a
 * cache. The questions every such rule asks are answered here once:
 *   - which RUNs have a POSIX script, and does their stage ship?
 *   - where are the calls of manager X, with their subcommand and options?
 *   - is the cache directory a BuildKit cache/tmpfs mount for this RUN?
 *   - does ENV/ARG in the stage, or the script before the call, set a
 *     variable that already disables the cache?
 *   - does a cleanup run after a given point of the script, on the path
 *     that follows the install (a clean before the install does not count)?
 *   - what severity and fix applicability does a finding get in this stage?
 *
 * Everything is allocated in the document's arena.
 */
#ifndef DFOPT_PM_H
#define DFOPT_PM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dfopt/kb.h"
#include "dfopt/rule.h"
#include "dfopt/runsh.h"

struct df_pm_cache; /* per check: answers about the whole file, asked often */
struct df_pm_memo;  /* per round: what pm.c found in one RUN */

/* One RUN with a script. */
typedef struct {
    struct df_pm_cache *cache;
    df_ctx *c;
    const df_instr *in; /* top-level instruction (RUN or ONBUILD) */
    df_runsh rs;        /* rs.script != NULL */
    df_runstyle style;
    bool ships;         /* its stage reaches the final image (ONBUILD: true) */
    /* (pm.c) the round's memo of this RUN, kept at its first use: NULL
     * until then (zero the run to fill it anew) */
    struct df_pm_memo *memo;
} df_pm_run;

/* One simple command of a script that invokes a known package manager. */
typedef struct {
    const df_sh_node *cmd;
    df_sh_ctx where;          /* walker context (copied) */
    df_sh_view view;
    const char *manager;      /* "apt", "apk", "pip", ... (kb key) */
    const df_fact *m;          /* its facts */
    const df_sh_flagspec *spec;
    const df_sh_word *sub;    /* subcommand word, NULL when none */
    size_t sub_index;         /* of sub in view.args */
    size_t end;               /* script offset just after the command */
    /* the operands after the subcommand (after the name when none) that
     * hold no expansion, in order: read once when the call is found, for
     * the rules that ask for many package names per call */
    const df_sh_word **ops;
    size_t nops;
    /* is the subcommand in m["install"], m["update"], m["remove"]
     * (DF_PM_SUB_* bits)? Asked of every call by many rules: looked up
     * once, when the call is found. The other lists of DF_PM_SUB_* are
     * looked up when first asked: subs_known has their bits then. */
    unsigned subs, subs_known;
    uint32_t sub_hash; /* df_fact_hash of sub, when sub holds no expansion */
    /* does an operand name one of the manager's "package_aliases" names
     * (git-core, for git)? Looked up once, when the call is found: the
     * package questions below skip the aliases when none is named */
    bool names_alias;
    /* df_pm_has_flag's last answers for this call (key NULL: a free
     * slot): rules ask the same few lists of every call, and a walk of
     * the arguments per question was most of their cost */
    struct {
        const char *key;
        bool has;
    } flags_asked[4];
    /* df_pm_has_any_flag's last answers (flags NULL: a free slot) */
    struct {
        const char *const *flags;
        bool has;
    } lists_asked[2];
} df_pm_call;

enum {
    DF_PM_SUB_INSTALL = 1,
    DF_PM_SUB_UPDATE = 2,
    DF_PM_SUB_REMOVE = 4,
    /* looked up when first asked (df_pm_call.subs_known) */
    DF_PM_SUB_PROMPTING = 8,
    DF_PM_SUB_PROMPTING_WITH_TIME = 16,
    DF_PM_SUB_AUTO_REMOVE = 32,
    DF_PM_SUB_UPGRADE = 64,
    DF_PM_SUB_RECREATES_LISTS = 128,
    DF_PM_SUB_METADATA_READERS = 256,
    DF_PM_SUB_INDEX_READERS = 512
};

/* Fill r for a RUN whose script and style were read elsewhere (layers.h):
 * no per-check cache, ships as given. */
void df_pm_run_init(df_pm_run *r, df_ctx *c, const df_instr *in, const df_runsh *rs, const df_runstyle *st,
                    bool ships);

/* out for RUN instruction `in` (no ONBUILD) from the round's script cache,
 * as a marks predicate needs it: no per-check cache, ships false. False
 * when `in` is not a RUN or has no POSIX script. */
bool df_pm_run_of(const df_ctx *c, const df_instr *in, df_pm_run *out);

/* Call fn for every RUN (and ONBUILD RUN) that has a POSIX script. */
void df_pm_each_run(df_ctx *c, void (*fn)(df_pm_run *r, void *user), void *user);

/* The same walk, stopped at the first RUN for which pred answers true:
 * whether one did. */
bool df_pm_any_run(df_ctx *c, bool (*pred)(df_pm_run *r, void *user), void *user);

/* The calls in r's script of the managers named in `managers`
 * (NULL-terminated list of kb keys; NULL: every known manager), in
 * document order. `python -m pip` / `python3 -m pip` count as pip.
 * Returns the count; *out is arena memory, shared by every rule of the
 * round (the calls of a RUN are found once per round): read-only. */
size_t df_pm_calls(df_pm_run *r, const char *const *managers, df_pm_call **out);

/* Is the call's subcommand one of the strings of list m[key] ("install")?
 * Inline: asked millions of times on a large file, with a literal key, so
 * that the compiler resolves the keys of DF_PM_SUB_* without comparing
 * strings: the three looked up when the call was found (df_pm_call.subs)
 * answer at once, the others are looked up once per call (df_pm_sub_bit);
 * other keys are looked up in the kb (df_pm_sub_in). */
bool df_pm_sub_in(const df_pm_call *call, const char *key);
bool df_pm_sub_bit(const df_pm_call *call, unsigned bit);
/* always inline: a copy of its own would compare the key at run time */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline bool df_pm_sub_is(const df_pm_call *call, const char *key)
{
    if (!call->sub || (call->sub->flags & DF_SH_W_EXPANSION))
        return false;
    unsigned bit = strcmp(key, "install") == 0               ? DF_PM_SUB_INSTALL
                   : strcmp(key, "update") == 0              ? DF_PM_SUB_UPDATE
                   : strcmp(key, "remove") == 0              ? DF_PM_SUB_REMOVE
                   : strcmp(key, "prompting") == 0           ? DF_PM_SUB_PROMPTING
                   : strcmp(key, "prompting_with_time") == 0 ? DF_PM_SUB_PROMPTING_WITH_TIME
                   : strcmp(key, "auto_remove") == 0         ? DF_PM_SUB_AUTO_REMOVE
                   : strcmp(key, "upgrade") == 0             ? DF_PM_SUB_UPGRADE
                   : strcmp(key, "recreates_lists") == 0     ? DF_PM_SUB_RECREATES_LISTS
                   : strcmp(key, "metadata_readers") == 0    ? DF_PM_SUB_METADATA_READERS
                   : strcmp(key, "index_readers") == 0       ? DF_PM_SUB_INDEX_READERS
                                                             : 0;
    if (bit & (DF_PM_SUB_INSTALL | DF_PM_SUB_UPDATE | DF_PM_SUB_REMOVE))
        return (call->subs & bit) != 0;
    if (bit)
        return (call->subs_known & bit) ? (call->subs & bit) != 0 : df_pm_sub_bit(call, bit);
    return df_pm_sub_in(call, key);
}

/* The next operand after the subcommand (after the command name when there
 * is none), expansions and globs included, into *a; false at the end. it
 * starts as DF_SH_ARGIT_INIT. (df_pm_call.ops holds those without an
 * expansion.) */
static inline bool df_pm_next_operand(const df_pm_call *call, df_sh_argit *it, df_sh_arg *a)
{
    while (df_sh_arg_next(&call->view, call->spec, it, a))
        if (a->kind == DF_SH_ARG_OPERAND && a->index > call->sub_index)
            return true;
    return false;
}

/* Does the call carry one of the flags in the list m[key] ("yes",
 * "no_cache", ...), clusters and --x=v forms included? The answer is kept
 * on the call (call->flags_asked), which is why a const call is written.
 * Inline: the hash of a literal key (df_pm_has_flag_h's h, of key[0..n))
 * is folded when compiling. */
bool df_pm_has_flag_h(const df_pm_call *call, const char *key, size_t n, uint32_t h);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline bool df_pm_has_flag(const df_pm_call *call, const char *key)
{
    size_t n = strlen(key);
    return df_pm_has_flag_h(call, key, n, df_fact_hash(key, n));
}

/* df_sh_has_any_flag(&call->view, call->spec, flags, n), the answer kept
 * on the call: flags must be a static array of the caller (its address is
 * the key), asked with the same n each time. */
bool df_pm_has_any_flag(const df_pm_call *call, const char *const *flags, size_t n);

/* Does an option value of the call (`-o X=Y`, `--option=X=Y`) configure
 * the manager as the patterns m[key] say ("config_no_recommends"), or,
 * when setting is not NULL, name that setting at all, whatever its value
 * ("Install-Recommends": an explicit `=true` is the author's choice too,
 * and a flag inserted before it would lose to it)? Case-insensitive. */
bool df_pm_option_says(const df_pm_run *r, const df_pm_call *call, const char *key, const char *setting);

/* Is one of m["cache_dirs"] (or a parent of it) the target of a
 * --mount=type=cache or --mount=type=tmpfs of this RUN? */
bool df_pm_cache_mounted(const df_pm_run *r, const df_fact *m);

/* Is variable `name` given a value, before the RUN, by ENV or ARG (with a
 * default) in the RUN's stage or a stage it is built FROM, or inside the
 * script before script offset `before` (export NAME=..., NAME=... cmd, or a
 * prefix assignment on the call itself)? Empty values count as unset. */
bool df_pm_var_set(const df_pm_run *r, const char *name, size_t before);

/* Does a command that removes one of the paths matching m[paths_key]
 * (rm -rf of the lists folder, `find /root/.cache -delete`, `find ...
 * -exec rm`), a script named by a path with "clean" in it
 * (/scripts/cleanup.sh: the author's cleanup, whatever it removes), or a command in m["clean_subcommands"]
 * of this manager (`apt-get dist-clean`, `npm cache clean`), start after
 * script offset `after`, outside function bodies? This is deliberately
 * loose (a cleanup in a branch counts): it errs towards silence, and the
 * rules rely on it to see their own appended cleanup after an enclosing
 * `fi` or `done`. */
bool df_pm_cleaned_after(const df_pm_run *r, const df_fact *m, const char *paths_key, size_t after);

/* df_said_cleanup_disabled(r->c, m, r->rs.outer) (comments.h), kept for
 * the RUN for the round: DF003 (and its dry run) and DF004 ask it of the
 * same RUN. */
bool df_pm_said_cleanup_disabled(const df_pm_run *r, const df_fact *m);

/* Severity and whether the fix may be applied, for this RUN's stage:
 * stages that ship get the rule's severity and a fix; build-only stages get
 * "info" and no applied fix unless --fix-build-stages / config asks. */
df_severity df_pm_severity(const df_pm_run *r, bool *fix);
/* A development environment or a job stage (df_stage.held, ast.h
 * df_doc_mark_uses) gets "info" and no applied fix, even with
 * --fix-build-stages: df_pm_stage_held is its reason (NULL for other
 * stages and ONBUILD), df_pm_held that or "the stage is not in the last
 * stage's image", for a rule's "(not applied: ...)". */
const char *df_pm_stage_held(const df_pm_run *r);
const char *df_pm_held(const df_pm_run *r);

/* ---- questions about the whole stage, asked for every call ------------
 * A rule must not rescan the stage for each call (a stage of 10,000 RUNs
 * would take minutes): it builds marks once, in one pass, and asks ranges. */
typedef bool (*df_pm_pred)(const df_ctx *c, const df_instr *in, const void *arg);

typedef struct {
    size_t *plain; /* plain[i]: top-level instructions j < i with the property */
    size_t *onb;   /* onb[i]: ONBUILD instructions j < i whose trigger has it */
    unsigned char *bases[2]; /* [nstages] each: df_pm_marks_in_bases, filled as asked */
} df_pm_marks;

/* Evaluate pred once for every instruction (and ONBUILD trigger). */
int df_pm_marks_build(const df_ctx *c, df_pm_pred pred, const void *arg, df_pm_marks *out);

/* Script offset of the first command at or after `after` whose name (its
 * last path part) is in the string list `names` (apt-cache, abuild), or
 * whose "NAME SUB" is, SUB its first argument that is not an option
 * (`opam install`), or SIZE_MAX; with through_su also the first word of
 * what `su USER -c "..."` runs. */
size_t df_pm_first_named(const df_sh_script *s, const df_fact *names, size_t after, bool through_su);
/* Does an instruction with the marks' property come before RUN r in its
 * stage, or in a stage it is built FROM (an ONBUILD RUN runs after the
 * whole stage)? */
bool df_pm_marked_earlier(const df_pm_run *r, const df_pm_marks *m);
/* The line of the first instruction after RUN r, in r's stage, with the
 * marks' property, or 0 (none, or r is not a RUN of a stage). A binary
 * search on the prefix counts. */
size_t df_pm_marked_later_line(const df_pm_run *r, const df_pm_marks *m);
/* The index of that first instruction (any instruction kind of r), and
 * how many there are (*count); SIZE_MAX (and 0) when none. */
size_t df_pm_marked_later(const df_pm_run *r, const df_pm_marks *m, size_t *count);
/* The call of calls[0..n) (a RUN's df_pm_calls, in source order) that
 * simple command cmd with view v makes, or NULL: a binary search on the
 * start offset, then, when v is given, the name compared (a `python -m pip`
 * call has a shifted name and is not returned). */
const df_pm_call *df_pm_call_at(const df_pm_call *calls, size_t n, const df_sh_node *cmd, const df_sh_view *v);
/* Has an instruction with index in [from, to) the property? (onbuild: the
 * ONBUILD triggers in that range instead.) */
bool df_pm_marks_any(const df_pm_marks *m, size_t from, size_t to, bool onbuild);

/* (*out)[s] for every stage s: has a stage built on s (its child, the
 * child's child...) an instruction with the marks' property? Arena memory;
 * NULL when the file has no stage. One walk up from each marked stage,
 * stopping where an earlier walk passed: linear. 0, or -1 out of memory. */
int df_pm_marks_desc(const df_ctx *c, const df_pm_marks *m, bool **out);

/* Has a stage that `stage` is built FROM (its base, the base's base...) an
 * instruction with the property, from its FROM line (from_line) or the
 * instruction after it, to its last? Each stage's answer is kept: walking
 * every ancestor for each RUN was quadratic in a chain of 10,000 stages. */
bool df_pm_marks_in_bases(const df_ctx *c, const df_pm_marks *m, size_t stage, bool from_line);

/* Does text configure manager m the way the patterns m[key] describe? In a
 * script before offset `before` (words of commands that are not calls of m
 * itself, here-document bodies), or anywhere in one instruction (RUN
 * scripts, heredoc bodies, and files COPY/ADD put under /etc/apt from the
 * build context). */
bool df_pm_script_says(const df_ctx *c, const df_fact *m, const char *key, const df_sh_script *s, size_t before);
bool df_pm_instr_says(const df_ctx *c, const df_fact *m, const char *key, const df_instr *in);

/* Configured before script offset `before` of r: in r's script, earlier in
 * r's stage (for an ONBUILD RUN: anywhere in the stage, and earlier
 * triggers), or in a stage r's stage is built FROM. marks are
 * df_pm_marks_build's with df_pm_cfg_pred for cfg, built by the first call
 * that needs them when they start zeroed: a file with no call to ask
 * about scans no instruction for the configuration. */
typedef struct {
    const df_fact *m;
    const char *key;
} df_pm_cfg;
bool df_pm_cfg_pred(const df_ctx *c, const df_instr *in, const void *arg); /* arg: df_pm_cfg */
bool df_pm_configured_before(const df_pm_run *r, const df_pm_cfg *cfg, df_pm_marks *marks, size_t before);

/* Who reads the package index a RUN leaves behind: a later RUN of the same
 * stage, or of a stage built FROM it, whose first call of the manager uses
 * the index (subcommand in `uses` (may be NULL) or in the manager's
 * m["index_readers"], unless `fresh` says the call fetches its own), or
 * that runs one of m["index_reader_commands"] (apt-cache, opam install), before any call
 * that refreshes it (subcommand "update"). Removing the index, or the
 * update that made it, breaks such a RUN or changes what it prints. */
typedef struct {
    const char *manager;
    const char *const *uses;
    bool (*fresh)(const df_pm_call *call); /* may be NULL */
    df_pm_marks needs;
    bool *desc_needs; /* [nstages]: a stage built on this one has such a RUN */
    /* (pm.c) m["index_reader_commands"] and what a walk looks for, read
     * once by df_pm_users_build for every RUN's walk */
    struct df_pm_named *readers;
} df_pm_users;

int df_pm_users_build(const df_ctx *c, df_pm_users *u);
bool df_pm_later_users(const df_pm_run *r, const df_pm_users *u);
/* The line of the first RUN after r, in r's stage, that reads the index r
 * leaves (u's marks), or 0 when none does there (a stage built on r's may). */
size_t df_pm_first_user_line(const df_pm_run *r, const df_pm_users *u);

/* File offsets for script offsets of r. */
size_t df_pm_src(const df_pm_run *r, size_t script_off);

/* Where a cleanup for the calls todo[0..n) (in document order) goes: at
 * the end of the && chain that holds the last one (`yum install tar &&
 * tar -xzf x && rm x` gets it after the rm, where an author writes it), in
 * its own list when all of them share that list, else in the top-level
 * list. */
size_t df_pm_append_point(const df_pm_run *r, const df_pm_call *const *todo, size_t n);

/* The last item of the && chain of l that item i starts (i itself when
 * none follows), trailing shell settings (set, export, cd, assignments)
 * left out: where a cleanup after item i belongs. */
size_t df_pm_chain_end(const df_sh_list *l, size_t i);

/* The manager's m["cleanup"] command for call, run by the program that was
 * called (dnf5, tdnf, pip3) behind the same sudo, with `suffix` appended
 * (may be ""). Arena memory; NULL when the manager has no cleanup. */
const char *df_pm_cleanup_command(const df_pm_run *r, const df_pm_call *call, const char *suffix);

/* The column every continuation character of r's RUN stands at, when the
 * author pads them to one column with spaces (`zip               \`): at
 * least two continued lines after the RUN's first one, all at that column,
 * one of them padded; 0 otherwise (tabs before the escape: not measured). */
size_t df_pm_escape_column(const df_pm_run *r);

/* Pad the first continuation character of t (text to insert, whose first
 * byte stands at column col0 of its line; the escape preceded by a space,
 * no newline before it) with spaces to df_pm_escape_column(r). t is left
 * as it is when the RUN has no aligned column or the escape would land at
 * or past it. Returns 0, or -1 when out of memory (t unchanged). */
int df_pm_pad_escape(const df_pm_run *r, size_t col0, df_buf *t);

/* Append `cmd` after script offset `after` (the end of a command), joined
 * with "&&" in the RUN's style, as an edit of fix d; on the same line when
 * more of the script follows on that line (a one-line `if` or subshell of
 * a multi-line RUN). After a top-level command, a new line takes the
 * indentation of the line where that command starts (after `fi`: the
 * `if`'s), and the join is `;` after a command the author ends with `;`
 * under errexit, or after the last command when the file joins `cmd` with
 * `;` everywhere (`RUN yum -y update; yum clean all`); without errexit that
 * makes d's fix unsafe, with the reason in its description. Before a
 * trailing comment the author pads to a column (two spaces or more), the
 * text takes the place of padding spaces so that the comment keeps its
 * column; with too few, d's fix is shown, not applied (the reason in its
 * description). Returns 0 or -1. */
int df_pm_append_after(df_pm_run *r, df_diag *d, size_t after, const char *cmd);

/* Append `cmd` right after item i of `list` (a list of r's script), joined
 * the way the author joins there: `&&` inside an && chain, `;` after an
 * item the author ends with `;` (or, for the last item, when the item
 * before it ends with `;`), in the RUN's layout. In a heredoc script a new
 * line follows an item that ends its line. df_pm_can_join says whether
 * that keeps the script's meaning (not after `||`, `&`, or inside a
 * heredoc line that continues); df_pm_append_item returns 0, 1 when it
 * cannot, -1 when out of memory. */
bool df_pm_can_join(const df_pm_run *r, const df_sh_list *list, size_t i);

/* The file span whose deletion removes item i of r's top-level && chain
 * (`a && \ rm -rf x && b` -> `a && b`), keeping the chain's meaning and
 * style; false when it cannot (see pm.c). */
bool df_pm_item_removal(const df_pm_run *r, size_t i, df_span *out);
int df_pm_append_item(df_pm_run *r, df_diag *d, const df_sh_list *list, size_t i, const char *cmd);


/* Does s[0..n) hold one of the strings of list? Counts the bytes it scans
 * on c's work counter (runsh.h: df_run_result.steps), so a scan of the
 * file's text once per call shows as quadratic in tests/test_scaling.c. */
bool df_pm_contains_any(const df_ctx *c, const char *s, size_t n, const df_fact *list);
/* The package name of an operand: without =version, /release, :arch. */
size_t df_pm_pkg_name(const df_sh_word *w);
/* Does the call name package pkg among its operands, itself or by one of
 * its aliases (the manager's "package_aliases": `git-core` installs git)? */
bool df_pm_call_installs(const df_pm_call *call, const char *pkg);
/* The same for a list of packages, asked by the call's operands: one hash
 * lookup per operand, not a scan of the operands per item of the list.
 * _any: does it name one of the strings of the array list?
 * _first: 1 + the index of the first member of object obj (file order)
 * whose key it names, or 0. */
bool df_pm_call_installs_any(const df_pm_call *call, const df_fact *list);
size_t df_pm_call_installs_first(const df_pm_call *call, const df_fact *obj);
/* Is the file an environment people work in (apt's
 * "interactive_environment": a devcontainer or IDE base or path, unminimize,
 * a desktop IDE or dialog installed, a -xdebug package)? Its users rely on
 * what a lean image drops: recommends (DF004) and package lists (DF003).
 * Answered once per round (kept in c->scripts). */
bool df_pm_apt_environment(df_ctx *c, const df_fact *apt);

/* Is the release of the image stage `stage` is built on (through the
 * stages of the file) one of the words of `yes` (1), of `no` (0), or not
 * known (-1: a variable, an image whose tag names no release)? debian and
 * ubuntu tags are matched by their first part (22.04, jammy-20240101,
 * 12-slim; debian:12.5 by 12); other images by the release names among
 * their tag's parts (python:3.12-slim-bookworm), numbers left out. base,
 * when not NULL, gets the image as written. */
int df_pm_on_release(const df_doc *d, size_t stage, const df_fact *yes, const df_fact *no, char *base, size_t cap);

/* Does a failure of call leave the script running on as if nothing had
 * happened: a `;` or new line after it without errexit, a `||` that is
 * not `|| exit 1` / `|| false`, an `if`/loop condition, `!`, a pipeline
 * it does not end, a background job, a function body? Then the build
 * never saw the call fail. *why (may be NULL) names the reason. Walks down
 * from the script's root to the call by binary search: no scan of the
 * script per call. */
bool df_pm_failure_masked(const df_pm_run *r, const df_pm_call *call, const char **why);

/* Does an apt call prompt ("Do you want to continue?") with nobody to
 * answer: a subcommand of m["prompting"] without -y/--yes/--assume-yes,
 * without quiet level 2 (-qq), without m["no_prompt_flags"], without an
 * APT::Get::Assume-Yes option or configuration before it (cfg/marks as
 * for df_pm_configured_before, key "config_yes"), not fed by a pipe
 * (`yes |`)? apt reads the answer from standard input, which is empty in
 * a build: it prints "Abort." and fails, so such a removal removes nothing. */
bool df_pm_prompt_unanswered(const df_pm_run *r, const df_pm_call *call, const df_pm_cfg *cfg, df_pm_marks *marks);

#endif
