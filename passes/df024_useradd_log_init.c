/*
 * DF024 useradd-log-init (hadolint DL3046)
 *
 * What it finds: `useradd` without `-l` / `--no-log-init` (also behind
 * sudo/env, in heredoc scripts and ONBUILD RUN), and Debian's `adduser`
 * wrapper given a uid that is a variable or above 65535.
 *
 * Why it matters: older shadow releases (as in debian:bullseye) write a
 * record for the new user into /var/log/lastlog and /var/log/faillog at an
 * offset of uid x record size (292 + 32 bytes on 64-bit Linux). On disk
 * the files are sparse, but a Docker layer stores them in full: 350,208
 * bytes added by `useradd -u 1000` on bullseye-slim against 23,552 with
 * `--no-log-init` (dfopt issue 14), 32 MB for uid 100000, gigabytes for
 * the large uids of CI runners, LDAP or OpenShift (the build may even fill
 * the disk). Newer releases do not grow the files: on debian:bookworm-slim,
 * built with buildah, `useradd -m -u 100000` and `useradd -l -m -u 100000`
 * both add 19,968 bytes (trixie: 0 bytes either). So the rewrite follows
 * the base image, as data/base-images.json ("useradd_lastlog") knows it
 * from the root image of the stage's FROM chain (debian's tag, 11/12/13,
 * or a suite word in another image's tag, python:3.12-slim-bookworm, or
 * else the suite an official image's tag that names none runs on,
 * data/base-images.json "default_suites": python 3.10 to 3.14, php 8.2 to
 * 8.5, ruby, golang, rust on trixie, node 22 and 24 on bookworm, as of
 * 2026-08-21; the message names that suite and the date):
 *   - measured to grow (bullseye): the flag is added where it saves 1 MB
 *     or more: a uid that is a variable, or a number from 3086 up ((uid +
 *     1) x 324 bytes); a warning when the uid is a variable or above 65535,
 *     info otherwise. Below 1 MB (no uid: the first one, 1000, 0.3 MB; a
 *     system uid) it is info and the fix is shown, not applied: a pull
 *     request for 0.3 MB is churn (hadolint's DL3046 only reports uids of
 *     six digits or more, and docker-node's bullseye-slim files, made from
 *     a template by update.sh, say `useradd -u 1000`);
 *   - measured not to grow (bookworm, trixie): info, the fix shown, not
 *     applied (it would be churn: 0 bytes);
 *   - not known (ubuntu, debian without a tag, other images): the flag is
 *     added for a uid that is a variable or above 65535 (hadolint reports
 *     six digits or more), where it can save megabytes to gigabytes; for a
 *     uid below 65536 (or none) it is info, shown, not applied. The message
 *     says which suites were measured, that this base was not, and what
 *     the records would cost if it grows them (buster's shadow is older
 *     than bullseye's, but bookworm's 4.13 does not grow them: the version
 *     alone does not tell).
 * A base that is a stage an ARG picks (qdrant's `FROM
 * qdrant-${GPU:+gpu-}${GPU:-cpu}` over qdrant-cpu on debian:13-slim and
 * qdrant-gpu-nvidia, qdrant-gpu-amd on Ubuntu 22.04 images; image.h
 * df_stage_from_candidates: every earlier stage whose name the word can
 * expand to) is each of them in turn: measured not to grow when all are,
 * not known when one is not measured, else growing; the message lists
 * every stage with its image and what is known of it.
 *
 * Example:
 *     RUN useradd -m -u 1001 app
 *     RUN useradd --create-home --uid "$UID" app
 * becomes
 *     RUN useradd -l -m -u 1001 app
 *     RUN useradd --no-log-init --create-home --uid "$UID" app
 * The flag goes right after `useradd`, in the command's own style: `-l`
 * when every option it has is short, `--no-log-init` otherwise.
 *
 * A uid written as one variable (`-u ${uid}`) that an ENV of the stage, or
 * of a stage it is built FROM, sets to a number (`ENV uid=1000`) is that
 * number, unless the script assigns or reads the name before the call; an
 * ARG default is not taken (--build-arg replaces it, often with the host's
 * uid, large under LDAP), nor ENV in ONBUILD's later build.
 *
 * adduser: Debian's and Ubuntu's adduser has no such option and calls
 * useradd without it. It is reported (no fix) only when its `--uid` is a
 * variable or above 65535, where the cost is megabytes to gigabytes: use
 * `useradd --no-log-init` there (adduser's options differ: --gecos,
 * --disabled-password have no useradd equivalent to keep); info on a
 * base measured not to grow the files. BusyBox adduser
 * (Alpine, `adduser -D -u 1000 app`) writes no lastlog: left alone.
 *
 * Left alone: `useradd -D` (prints or sets defaults), `-l` in a cluster
 * (`-lm`), exec-form RUNs, non-POSIX shells, Windows.
 *
 * Fix safety: safe where applied. The flag only skips the lastlog/faillog records (which
 * `lastlog` and `faillog` would show); the user, its groups and home are
 * the same. Every shadow-utils useradd since 4.0 accepts it. In stages
 * that do not reach the image the finding is info and the fix is shown,
 * not applied (--fix-build-stages applies it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/buf.h"
#include "image.h"
#include "workdir.h"
#include "passes.h"
#include "pm.h"

/* useradd(8): the options that take a value */
static const df_sh_flagspec useradd_spec = {
    "bcdefgGkKpRPusZ",
    (const char *const[]){"--base-dir", "--comment", "--home-dir", "--expiredate", "--inactive", "--gid", "--groups",
                          "--skel", "--key", "--password", "--root", "--prefix", "--shell", "--uid",
                          "--selinux-user", "--selinux-range", "--btrfs-subvolume-home", NULL},
    false};

/* Debian adduser(8): the options that take a value */
static const df_sh_flagspec adduser_spec = {
    "",
    (const char *const[]){"--home", "--shell", "--ingroup", "--gid", "--uid", "--firstuid", "--lastuid", "--gecos",
                          "--comment", "--conf", "--add-extra-groups", "--extrausers", "--allow-bad-names", NULL},
    false};

/* A short description of what the records cost for uid word u (NULL: no
 * uid given). */
static void cost_text(const df_sh_arg *u, bool system, char *out, size_t cap)
{
    if (!u || !u->value) {
        snprintf(out, cap, "%s", system ? "up to 0.3 MB for a system uid" : "about 0.3 MB for the first uid, 1000");
        return;
    }
    bool lit = !(u->value_word && (u->value_word->flags & DF_SH_W_EXPANSION)) && u->value_len > 0 &&
               !memchr(u->value, '$', u->value_len) && !memchr(u->value, '`', u->value_len);
    if (!lit) {
        snprintf(out, cap, "up to gigabytes when the uid %.*s is large", (int)u->value_len, u->value);
        return;
    }
    char *end;
    char num[32];
    size_t n = u->value_len < sizeof num - 1 ? u->value_len : sizeof num - 1;
    memcpy(num, u->value, n);
    num[n] = '\0';
    unsigned long long uid = strtoull(num, &end, 10);
    if (*end) {
        snprintf(out, cap, "up to gigabytes when the uid is large");
        return;
    }
    double mb = (double)(uid + 1) * 324.0 / 1e6;
    if (mb >= 1000)
        snprintf(out, cap, "about %.0f GB for uid %llu", mb / 1000, uid);
    else if (mb >= 1)
        snprintf(out, cap, "about %.0f MB for uid %llu", mb, uid);
    else if (mb >= 0.1)
        snprintf(out, cap, "about %.1f MB for uid %llu", mb, uid);
    else
        snprintf(out, cap, "about %.0f KB for uid %llu", mb * 1000, uid);
}

/* Is the uid a variable or above 65535? */
static bool large_uid(const df_sh_arg *u)
{
    if (!u || !u->value)
        return false;
    if (memchr(u->value, '$', u->value_len) || memchr(u->value, '`', u->value_len) ||
        (u->value_word && (u->value_word->flags & DF_SH_W_EXPANSION)))
        return true;
    return strtoull(u->value, NULL, 10) > 65535;
}

/* A rewrite is worth a pull request from this many bytes saved: the
 * records of uid 3086 and above on a base that grows the files. Below it
 * (uid 1000 on bullseye: 0.3 MB) the fix is shown, not applied. */
#define WORTH_BYTES 1000000ULL

/* What the records cost for uid u (NULL: no uid given: the first uid,
 * 1000, or a system uid below it); UINT64_MAX when the uid is a variable
 * or not a number (it can be anything). */
static uint64_t cost_bytes(const df_sh_arg *u)
{
    if (!u || !u->value)
        return 1001ULL * 324;
    if (memchr(u->value, '$', u->value_len) || memchr(u->value, '`', u->value_len) ||
        (u->value_word && (u->value_word->flags & DF_SH_W_EXPANSION)))
        return UINT64_MAX;
    char num[32], *end;
    size_t n = u->value_len < sizeof num - 1 ? u->value_len : sizeof num - 1;
    memcpy(num, u->value, n);
    num[n] = '\0';
    unsigned long long uid = strtoull(num, &end, 10);
    if (*end || n == 0 || uid > UINT64_MAX / 324 - 1)
        return UINT64_MAX;
    return (uint64_t)(uid + 1) * 324;
}

/* Is every option of the call short (-m, -u 1000)? */
static bool short_style(const df_sh_view *v, const df_sh_flagspec *spec)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    bool any = false;
    while (df_sh_arg_next(v, spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_FLAG)
            continue;
        if (a.word->value_len >= 2 && a.word->value[1] == '-')
            return false;
        any = true;
    }
    return any;
}

/* What the data knows of the RUN's base image: LOG_GROWS (useradd without
 * the flag was measured to grow lastlog there: bullseye), LOG_FLAT
 * (measured not to: bookworm, trixie) or LOG_UNKNOWN. The suite comes from
 * the root image of the stage's FROM chain: debian's tag (bookworm-slim,
 * 12), or a suite word in another image's tag (python:3.12-slim-bookworm). */
enum { LOG_UNKNOWN, LOG_GROWS, LOG_FLAT };

static bool tag_has(const char *tag, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = tag; (p = strstr(p, word)) != NULL; p++)
        if ((p == tag || p[-1] == '-' || p[-1] == '.') && (p[n] == '\0' || p[n] == '-' || p[n] == '.'))
            return true;
    return false;
}

/* The Debian suite of an official image's tag that names none (data
 * "default_suites": python:3.14-slim and php:8.5-cli run on trixie as of
 * its date), or NULL: a tag with a suite word is read as such before. */
static const char *default_suite(const df_fact *ds, const char *name, const char *tag)
{
    const df_fact *e = df_fact_get(df_fact_get(ds, "images"), name);
    if (!e)
        return NULL;
    size_t i;
    const df_fact *v;
    df_fact_foreach(df_fact_get(ds, "not_with"), i, v)
    {
        const char *w = df_fact_str(v);
        if (w && strstr(tag, w))
            return NULL;
    }
    /* a suite word of any release (node:lts-buster) is the tag's own */
    df_fact_foreach(df_fact_get(ds, "suites"), i, v)
    {
        const char *w = df_fact_str(v);
        if (w && tag_has(tag, w))
            return NULL;
    }
    /* the version, 3.12 of 3.12-slim, floats with the image; a patch
     * release (3.12.4) was built once, on the suite of its day */
    size_t n = strcspn(tag, "-");
    if (df_fact_has(df_fact_get(e, "aliases"), tag, n) || df_fact_has(df_fact_get(e, "versions"), tag, n))
        return df_fact_str(df_fact_get(e, "suite"));
    return NULL;
}

/* What the data knows of the image stage si (a root: built on an image)
 * is built FROM. */
static int image_kind(const df_pm_run *r, size_t si, char *suite, size_t cap, char *base, size_t bcap)
{
    const df_doc *d = r->c->doc;
    const df_fact *ul = df_fact_get(df_kb_images(r->c->kb), "useradd_lastlog");
    if (!ul || si >= d->nstages)
        return LOG_UNKNOWN;
    df_imgref ir;
    if (!df_stage_image(d, si, &ir) || ir.var)
        return LOG_UNKNOWN;
    if (base && bcap)
        snprintf(base, bcap, "%s%s%s", ir.name, ir.has_tag ? ":" : "", ir.has_tag ? ir.tag : "");
    if (!ir.has_tag)
        return LOG_UNKNOWN;
    const char *name = strrchr(ir.name, '/') ? strrchr(ir.name, '/') + 1 : ir.name;
    char tag[128];
    snprintf(tag, sizeof tag, "%s", ir.tag);
    if (strcmp(name, "debian") == 0) {
        /* 12, 12.5, 12-slim: the major version names the suite */
        size_t k = strspn(tag, "0123456789");
        if (k > 0 && k < 8) {
            char major[8];
            memcpy(major, tag, k);
            major[k] = '\0';
            const char *sv = df_fact_str(df_fact_get(df_fact_get(ul, "debian_versions"), major));
            if (sv)
                snprintf(tag, sizeof tag, "%s", sv);
        }
    }
    static const char *const keys[] = {"grows", "flat"};
    for (int k = 0; k < 2; k++) {
        size_t i;
        const df_fact *w;
        df_fact_foreach(df_fact_get(ul, keys[k]), i, w)
        {
            const char *sv = df_fact_str(w);
            if (sv && tag_has(tag, sv)) {
                snprintf(suite, cap, "%s", sv);
                return k == 0 ? LOG_GROWS : LOG_FLAT;
            }
        }
    }
    /* no suite in the tag: the one an official image's tag defaults to,
     * said with the image and the date ("trixie, the suite of
     * python:3.14-slim as of 2026-08-21") */
    const df_fact *ds = df_fact_get(df_kb_images(r->c->kb), "default_suites");
    const char *def = default_suite(ds, name, ir.tag), *asof = df_fact_str(df_fact_get(ds, "as_of"));
    for (int k = 0; def && k < 2; k++) {
        if (df_fact_has(df_fact_get(ul, keys[k]), def, strlen(def))) {
            int w = snprintf(suite, cap, "%s, the suite of %s:%s as of %s", def, ir.name, ir.tag,
                             asof ? asof : "its data");
            if (w < 0 || (size_t)w >= cap)
                snprintf(suite, cap, "%s", def); /* a name too long to quote */
            return k == 0 ? LOG_GROWS : LOG_FLAT;
        }
    }
    return LOG_UNKNOWN;
}

/* The same for the RUN's stage. Its base may be a stage chosen by an ARG
 * (qdrant: `FROM qdrant-${GPU:+gpu-}${GPU:-cpu}` over the stages
 * qdrant-cpu on debian:13-slim and qdrant-gpu-nvidia, qdrant-gpu-amd on
 * Ubuntu 22.04 images): then every stage it can name is asked, and the
 * answer holds for all of them: LOG_FLAT when each is measured not to
 * grow, LOG_UNKNOWN when one is not measured, else LOG_GROWS; *alts (when
 * not NULL) lists them, each with its image and what is known of it. */
static int lastlog_kind(const df_pm_run *r, char *suite, size_t cap, char *base, size_t bcap, df_buf *alts)
{
    const df_doc *d = r->c->doc;
    if (r->in->stage >= d->nstages)
        return LOG_UNKNOWN;
    size_t si = df_stage_root(d, r->in->stage), cand[8];
    size_t nc = df_stage_from_candidates(d, si, cand, sizeof cand / sizeof cand[0]);
    if (nc == 0 || nc > sizeof cand / sizeof cand[0])
        return image_kind(r, si, suite, cap, base, bcap);
    bool unknown = false, grows = false;
    for (size_t i = 0; i < nc; i++) {
        char s1[400] = "", b1[400] = "";
        int k = image_kind(r, df_stage_root(d, cand[i]), s1, sizeof s1, b1, sizeof b1);
        unknown |= k == LOG_UNKNOWN;
        grows |= k == LOG_GROWS;
        if (alts)
            df_buf_printf(alts, "%s%s (%s%s%s: %s)", i ? ", " : "", d->stages[cand[i]].name,
                          b1[0] ? b1 : "its base", s1[0] ? ", " : "", s1,
                          k == LOG_UNKNOWN ? "not measured" : k == LOG_GROWS ? "grows them" : "does not grow them");
    }
    if (base && bcap)
        base[0] = '\0';
    return unknown ? LOG_UNKNOWN : grows ? LOG_GROWS : LOG_FLAT;
}

/* "measured: bullseye does, bookworm and trixie do not", from the data's
 * "grows" and "flat" lists. */
static void measured_text(const df_pm_run *r, char *out, size_t cap)
{
    const df_fact *ul = df_fact_get(df_kb_images(r->c->kb), "useradd_lastlog");
    static const char *const keys[] = {"grows", "flat"};
    size_t o = (size_t)snprintf(out, cap, "measured:");
    for (int k = 0; k < 2 && o < cap; k++) {
        const df_fact *l = df_fact_get(ul, keys[k]);
        size_t n = df_fact_size(l);
        for (size_t i = 0; i < n && o < cap; i++)
            o += (size_t)snprintf(out + o, cap - o, "%s%s", i == 0 ? (k == 0 ? " " : ", ") : i + 1 == n ? " and " : ", ",
                                  df_fact_str(df_fact_at(l, i)));
        if (n && o < cap)
            o += (size_t)snprintf(out + o, cap - o, " %s", k == 0 ? (n > 1 ? "do" : "does") : "do not");
    }
}

/* ---- a uid given by ENV ------------------------------------------------ */

/* The value ENV gives variable `name` before each instruction: a literal
 * (`ENV uid=1000`), or NULL when no ENV of the stage (or of a stage it is
 * built FROM) sets it or its value holds a variable. ENV overrides an ARG
 * of the same name, and an ARG's default is what --build-arg replaces (the
 * host's uid, large under LDAP), so ARG defaults are not taken. One array
 * per name, built in one pass over the file; a few names per file. */
#define ENV_NAMES 8

typedef struct {
    struct {
        char name[64];
        const char **before; /* [ninstrs] */
    } v[ENV_NAMES];
    size_t n;
} env_values;

typedef struct {
    df_pm_run *r;
    env_values *env;
} walk;

static const char **env_track(df_ctx *c, env_values *ev, const char *name, size_t nl)
{
    for (size_t i = 0; i < ev->n; i++)
        if (strlen(ev->v[i].name) == nl && memcmp(ev->v[i].name, name, nl) == 0)
            return ev->v[i].before;
    const df_doc *d = c->doc;
    if (ev->n == ENV_NAMES || nl >= sizeof ev->v[0].name || !d->ninstrs)
        return NULL;
    const char **before = df_env_before(d, name, nl);
    if (!before)
        return NULL;
    memcpy(ev->v[ev->n].name, name, nl);
    ev->v[ev->n].name[nl] = '\0';
    ev->v[ev->n].before = before;
    ev->n++;
    return before;
}

/* The number a uid written as one variable (`$uid`, `${uid}`) holds when an
 * ENV of the stage sets it to a literal and the script does not touch the
 * name before the call (`uid=2000`, `export uid`, `read uid`); NULL
 * otherwise. ONBUILD runs in another build: not resolved. */
static const char *uid_from_env(walk *w, const df_sh_node *cmd, const df_sh_arg *u)
{
    df_pm_run *r = w->r;
    const char *s = u->value;
    size_t n = u->value_len;
    if (!s || n < 2 || s[0] != '$' || r->in->cmd != DF_CMD_RUN)
        return NULL;
    bool brace = s[1] == '{';
    const char *name = s + 1 + brace;
    size_t nl = n - 1 - 2 * brace;
    if (brace && s[n - 1] != '}')
        return NULL;
    if (!nl || (name[0] >= '0' && name[0] <= '9'))
        return NULL;
    for (size_t i = 0; i < nl; i++)
        if (!(name[i] == '_' || (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return NULL;
    const char **before = env_track(r->c, w->env, name, nl);
    const char *v = before ? before[r->in->index] : NULL;
    if (!v || !*v || strspn(v, "0123456789") != strlen(v))
        return NULL;
    /* the script names it before the call other than as $name / ${name} */
    const char *t = r->rs.script->text;
    size_t end = cmd->span.start < r->rs.script->len ? cmd->span.start : r->rs.script->len;
    for (size_t i = 0; i + nl <= end; i++) {
        if (memcmp(t + i, name, nl) != 0)
            continue;
        bool word_start = i == 0 || !(t[i - 1] == '_' || (t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
                                     (t[i - 1] >= 'A' && t[i - 1] <= 'Z') || (t[i - 1] >= '0' && t[i - 1] <= '9'));
        bool expanded = i > 0 && (t[i - 1] == '$' || (t[i - 1] == '{' && i > 1 && t[i - 2] == '$'));
        if (word_start && !expanded)
            return NULL;
    }
    return v;
}

static void on_useradd(walk *w, const df_sh_node *cmd, const df_sh_view *v)
{
    df_pm_run *r = w->r;
    if (df_sh_has_flag(v, &useradd_spec, "-l") || df_sh_has_flag(v, &useradd_spec, "--no-log-init") ||
        df_sh_has_flag(v, &useradd_spec, "-D") || df_sh_has_flag(v, &useradd_spec, "--defaults") || v->nargs == 0)
        return;
    df_sh_arg u;
    bool has_uid = df_sh_find_flag(v, &useradd_spec, "-u", &u) || df_sh_find_flag(v, &useradd_spec, "--uid", &u);
    /* `ENV uid=1000` above `useradd -u ${uid}`: the uid is 1000 */
    const char *lit = has_uid ? uid_from_env(w, cmd, &u) : NULL;
    if (lit) {
        u.value = lit;
        u.value_len = strlen(lit);
        u.value_word = NULL;
    }
    bool system = df_sh_has_flag(v, &useradd_spec, "-r") || df_sh_has_flag(v, &useradd_spec, "--system");
    char cost[96];
    cost_text(has_uid ? &u : NULL, system, cost, sizeof cost);
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    bool large = large_uid(has_uid ? &u : NULL);
    char suite[400] = "", base[400] = "";
    df_buf alts = DF_BUF_INIT; /* the stages an ARG can pick as the base */
    int kind = lastlog_kind(r, suite, sizeof suite, base, sizeof base, &alts);
    /* rewrite where it saves bytes: a base measured to grow the files, or
     * an unknown base with a uid that can cost megabytes to gigabytes */
    const char *held = NULL;
    if (kind == LOG_FLAT)
        held = "useradd on this base does not grow the files";
    else if (kind == LOG_UNKNOWN && !large)
        held = alts.len ? "the uid is below 65536 and not every base an ARG can pick is measured"
                        : "the uid is below 65536 and the base is not measured";
    else if (kind == LOG_GROWS && cost_bytes(has_uid ? &u : NULL) < WORTH_BYTES)
        held = "it saves less than 1 MB, not worth a change";
    if (sev == DF_SEV_WARNING && (!large || kind == LOG_FLAT))
        sev = DF_SEV_INFO;
    df_span sp = df_runsh_span(&r->rs, v->name->span);
    df_diag *d;
    if (alts.len && kind == LOG_FLAT)
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: harmless on every stage an ARG can pick as the base (%.*s), "
                      "where useradd was measured not to grow lastlog and faillog, but older shadow releases write "
                      "records at an offset of the uid (%s)",
                      (int)alts.len, alts.data, cost);
    else if (alts.len && kind == LOG_GROWS)
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: the base is a stage an ARG picks (%.*s); where it grows them, "
                      "useradd writes lastlog and faillog records at an offset of the uid, and the layer stores the "
                      "sparse files in full (%s)",
                      (int)alts.len, alts.data, cost);
    else if (alts.len) {
        char known[200];
        measured_text(r, known, sizeof known);
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: where useradd writes lastlog and faillog records at an offset "
                      "of the uid, the layer stores the sparse files in full (%s); the base is a stage an ARG picks, "
                      "not all of them measured: %.*s (if one does: %s)",
                      known, (int)alts.len, alts.data, cost);
    }
    else if (kind == LOG_FLAT)
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: harmless on %s, where useradd was measured not to grow "
                      "lastlog and faillog, but older shadow releases write records at an offset of the uid (%s)",
                      suite, cost);
    else if (kind == LOG_GROWS)
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: %s writes lastlog and faillog records at an offset of the "
                      "uid, and the layer stores the sparse files in full (%s)",
                      suite, cost);
    else {
        /* one statement whatever the release: what was measured, and that
         * this base was not (buster's shadow is older than bullseye's, but
         * the records depend on more than the version: bookworm's 4.13 does
         * not grow them) */
        char known[200];
        measured_text(r, known, sizeof known);
        d = df_report(r->c, sev, sp,
                      "useradd without --no-log-init: where useradd writes lastlog and faillog records at an offset "
                      "of the uid, the layer stores the sparse files in full (%s); %s%s%s is not measured (if it "
                      "does: %s)",
                      known, base[0] ? "the base, " : "this base", base, base[0] ? "," : "", cost);
    }
    if (alts.failed)
        df_arena_note_failure(r->c->doc->arena); /* the driver says out of memory */
    df_buf_release(&alts);
    if (!d)
        return;
    const char *flag = short_style(v, &useradd_spec) ? " -l" : " --no-log-init";
    char desc[400];
    if (held && fix)
        fix = false;
    else
        held = fix ? NULL : df_pm_held(r);
    snprintf(desc, sizeof desc, "add %s after useradd%s%s%s", flag + 1, held ? " (not applied: " : "",
             held ? held : "", held ? ")" : "");
    if (!df_diag_set_fix(r->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        return;
    size_t at = df_pm_src(r, v->name->span.end - 1) + 1;
    df_fix_add_edit(r->c->out, d, at, at, flag, strlen(flag));
}

/* Debian's adduser: BusyBox's takes single-dash options (-D, -u, -G, -S). */
static void on_adduser(df_pm_run *r, const df_sh_view *v)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, &adduser_spec, &it, &a))
        if (a.kind == DF_SH_ARG_FLAG && !(a.word->value_len >= 2 && a.word->value[1] == '-'))
            return; /* a single-dash option: BusyBox, or not sure */
    df_sh_arg u;
    if (!df_sh_find_flag(v, &adduser_spec, "--uid", &u) || !u.value)
        return;
    bool var = memchr(u.value, '$', u.value_len) || memchr(u.value, '`', u.value_len);
    if (!var && strtoull(u.value, NULL, 10) <= 65535)
        return;
    char cost[96];
    cost_text(&u, false, cost, sizeof cost);
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    char suite[400];
    if (lastlog_kind(r, suite, sizeof suite, NULL, 0, NULL) == LOG_FLAT)
        sev = DF_SEV_INFO; /* measured not to grow there */
    df_diag *d = df_report(r->c, sev, df_runsh_span(&r->rs, v->name->span),
                           "adduser runs useradd without --no-log-init: with older shadow releases lastlog and "
                           "faillog grow with the uid and the layer stores them in full (%s)",
                           cost);
    if (d)
        df_diag_set_fix(r->c->out, d, DF_APPLY_DISPLAY,
                        "create the user with `useradd --no-log-init` (adduser has no such option)");
}

static int visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    walk *w = user;
    df_pm_run *r = w->r;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    /* the base name is useradd or adduser: the name's last 7 bytes, the
     * whole name or after a `/` (read in place: every command of every
     * RUN comes here) */
    const char *nm = v.name->value;
    size_t n = v.name->value_len;
    if (n < 7 || (n > 7 && nm[n - 8] != '/'))
        return 0;
    const char *b = nm + n - 7;
    if (memcmp(b, "useradd", 7) == 0)
        on_useradd(w, cmd, &v);
    else if (memcmp(b, "adduser", 7) == 0)
        on_adduser(r, &v);
    return 0;
}

static void check_run(df_pm_run *r, void *user)
{
    walk w = {r, user};
    df_sh_walk(r->rs.script, visit, &w);
}

static void check(df_ctx *c)
{
    env_values env;
    env.n = 0;
    df_pm_each_run(c, check_run, &env);
}

const df_rule df_rule_df024 = {
    .id = "DF024",
    .name = "useradd-log-init",
    .hadolint = "DL3046",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .settles = true,
    .summary = "useradd without --no-log-init: lastlog and faillog grow with the uid",
    .worth =
        "image size: no sparse lastlog/faillog records for a large uid (older shadow releases)",
    .check = check,
};
