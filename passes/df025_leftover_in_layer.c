/*
 * DF025 leftover-in-layer
 *
 * What it finds: a RUN that leaves behind, in its own layer, files that
 * only served the build step:
 *   - archive: a file downloaded in the RUN (`curl -o`/`-O`, `wget`) and
 *     then extracted, installed or run there (`tar -x`, `unzip`, `dpkg -i`,
 *     `apt-get install ./x.deb`, `sh install.sh`, `python get-pip.py`...)
 *     but never removed;
 *   - gem docs: `gem install` / `gem update` without `--no-document`
 *     (RubyGems builds ri and rdoc documentation for every gem);
 *   - go cache: `go build`/`install`/`get`/`mod download`/`test` in a stage
 *     that ships, leaving the build cache ($HOME/.cache/go-build) and the
 *     module cache (/go/pkg/mod in a golang image, else $HOME/go/pkg/mod,
 *     or where ENV's GOCACHE/GOMODCACHE/GOPATH say). No fix when an
 *     earlier RUN filled them (`go get` counts up to Go 1.17, where it
 *     builds), nor in an image built only to run its tests (a
 *     Dockerfile.test without CMD or ENTRYPOINT whose last step runs the
 *     test suite: base-images.json toolchain_image.test_build; carrow,
 *     review H: ci-only-image-cleanup);
 *   - tool cache: `cargo install` leaving $CARGO_HOME/registry and git,
 *     `composer install`/`update`/`require` leaving its download cache, in
 *     a stage that ships;
 *   - signature: a downloaded signature verified (`gpg --verify x.asc x`,
 *     `gpgv`) or key file imported (`gpg --import KEYS`, `--dearmor`), as
 *     archives are; the signed file itself is not consumed by the check;
 *   - GnuPG home: `export GNUPGHOME="$(mktemp -d)"` (or `GNUPGHOME=...;
 *     export GNUPGHOME`) and gpg run with it, never removed: keyring, trust
 *     database, agent sockets;
 *   - build folder: a folder the RUN makes below /usr/src, /usr/local/src,
 *     /tmp or /var/tmp (mkdir, git clone, an archive unpacked there and
 *     entered with cd) or a `mktemp -d` folder kept in a variable, where it
 *     builds (make, configure, cmake, ninja, meson) and installs elsewhere
 *     (`make install`, `cmake --install`...), never removed;
 *   - pecl folder: `pecl install` (or upgrade) downloads and builds the
 *     extension in /tmp/pear and leaves it there (the official php,
 *     wordpress and nextcloud images remove it; review run 16). Removed
 *     at the end of the RUN, after docker-php-ext-enable and the rest:
 *     `rm -rf /tmp/pear` joins the author's last `rm -rf` when the RUN ends
 *     with one (`&& rm -rf /var/lib/apt/lists /tmp/pear`), else is a
 *     command of its own. A tool of the data ("at_end", "fills_per_run"):
 *     an earlier RUN's pecl call does not make this RUN's removal moot,
 *     nor does a later RUN's own rm of the folder; no fix when a later
 *     instruction names /tmp/pear otherwise, the RUN is not root's, or the
 *     pecl call sits inside an if, case or loop (an optional extension:
 *     an rm after the fi, outside its branch, was rejected as noise in
 *     review run 18; the advice says to remove it in that branch);
 *   - gem spec cache: `gem update` (with or without `--system`) run as root
 *     reads the whole index of the gem sources into the spec cache (the
 *     official ruby images remove it). Where depends on the RubyGems that
 *     runs: ~/.gem/specs if that folder exists (always before 3.2), else
 *     ~/.local/share/gem/specs (3.2 to 3.5.4) or ~/.cache/gem/specs (3.5.5
 *     and later). The file does not say which RubyGems runs, so the fix
 *     removes the three. `gem install` fetches only the specs of the gems
 *     it installs (a few KB each): not reported.
 *
 * Why it matters: a layer keeps every byte its RUN wrote; removing the
 * file in a later RUN saves nothing (DF011). Typical sizes: a release
 * tarball or .deb of 10-200 MB next to what was extracted from it; gem docs
 * of several MB for rails; Go caches of hundreds of MB; the cargo registry
 * index and sources of 100+ MB.
 *
 * Example:
 *     RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/v22.0.0/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
 *     RUN gem install rails
 * becomes
 *     RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/v22.0.0/node.tar.xz \
 *      && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 \
 *      && rm -f /tmp/node.tar.xz
 *     RUN gem install --no-document rails
 * The removal goes right after the command that consumed the file, with the
 * file named as that command names it, joined the way the author joins
 * there (`&&` in an && chain, `;` after `;`), in the RUN's layout (`&& \`
 * or leading `&&`, indentation, escape character, CRLF). A file fetched
 * inside a branch (`if`/`else`, a `case` item, a group) is removed inside
 * that branch, in its indentation, where the file exists (review run11,
 * laradock: an `rm` after the `fi` ran when the option was off); a file
 * fetched before the `if` that uses it, after the `fi`. The last command
 * of a branch gets `&&` (the branch's status stays its own), or the
 * branch's `;` under errexit. A `cd` in a branch is followed until its &&
 * chain ends (or, when it starts a chain of the branch, until the branch
 * ends), as a top-level one is: the second archive of laradock
 * laravel-horizon's audiowaveform branch, fetched after `cd
 * audiowaveform`, gets its rm too (review run 12). The tree unpacked into a folder under /tmp
 * or /var/tmp (`tar -C /tmp/x`) is named in the message when no rm of the
 * RUN removes it: the fix cannot tell when nothing reads it any more.
 * When the author
 * removes leftovers with an `rm -f` (`rm -rf`...) at the top of the RUN
 * after that command, the file joins its words instead (varnish's `rm -rf
 * /var/lib/apt/lists/... /tmp/varnish-cache "$HOME/.cargo/env"` gets
 * ` /tmp/rustup.sh`; on a line of its own when the rm lists one path a
 * line). The tool caches
 * are removed by the tool (`go clean -cache -modcache`, `composer
 * clear-cache`) or `rm -rf "${CARGO_HOME:-$HOME/.cargo}/registry" ...`
 * after the top-level command holding the last call. The GnuPG home, a
 * build folder and the gem spec cache are removed at the end of the RUN, after
 * whatever it still runs (a script reading GNUPGHOME, `make test`):
 *     RUN set -eux; \
 *         export GNUPGHOME="$(mktemp -d)"; \
 *         gpg --batch --recv-keys "$KEY"; \
 *         gpg --batch --verify x.tar.gz.asc x.tar.gz; \
 *         mkdir -p /usr/src/x; \
 *         tar -xzf x.tar.gz -C /usr/src/x --strip-components=1; \
 *         rm x.tar.gz; \
 *         make -C /usr/src/x install
 * gets `rm -f x.tar.gz.asc` after the verify and, at the end,
 *         gpgconf --kill all; \
 *         rm -rf "$GNUPGHOME"; \
 *         rm -rf /usr/src/x
 * `gpgconf --kill all` first, as official images do, unless the RUN
 * already stops the agents: gpg-agent and dirmngr keep sockets in the
 * folder and can race the rm (docker-library/httpd#54). Before an `unset
 * GNUPGHOME` the removal goes right before the unset. A mktemp folder is
 * removed by its variable (`rm -rf "$dir"`).
 *
 * Left alone: a file removed later in the same RUN (rm of it, of its
 * folder, or a glob covering it; paths are resolved through `cd`, and a
 * `cd` right of && holds for the rest of its && chain; where the folder
 * cannot be told, any rm naming the file's name counts: an `rm -f` put
 * before the author's plain `rm` would make it fail, microsoft/ELL),
 * moved or copied elsewhere after use,
 * downloaded to standard output (`curl ... | tar -x`), or into a folder
 * that is not known (`cd "$(mktemp -d)"`); a file that the command using
 * it last did not consume; gem calls with `-N`, `--no-document`,
 * `--document`, `--no-ri`/`--no-rdoc`, or in a file that configures gemrc,
 * or FROM an image whose gemrc already says --no-document: the official
 * ruby image (also its per-architecture repositories, arm64v8/ruby, ...)
 * and the images built on it: fluent/fluentd, discourse/ruby and the ruby
 * dev containers of mcr.microsoft.com (images_configured of the gem facts in
 * data/package-managers.json, with their sources);
 * caches on a BuildKit cache or tmpfs mount, cleaned later in the RUN, or
 * disabled (COMPOSER_CACHE_DIR, `composer --no-cache`); tool caches in
 * build-only stages (they do not ship); exec-form RUNs, non-POSIX shells.
 * A signature whose signed file stays in the image (php keeps php.tar.xz
 * and its .asc for docker-php-source); a GnuPG home removed by name
 * (`rm -rf "$GNUPGHOME"`, `${GNUPGHOME}`) or with all of /tmp, set to a
 * fixed folder, or in a subshell; a build folder removed (by path, by an
 * rm of a variable such as `$ERL_TOP`, or pruned with `find ... -delete`
 * or `make clean`, as the elixir image keeps its sources), moved, with no install
 * (the folder holds the product), installed into itself (DESTDIR/PREFIX
 * inside it), or there before the RUN (COPY, WORKDIR, an earlier
 * instruction names it); the gem spec cache removed already (an rm of each
 * of the three folders or of a folder holding it; when the RUN removes only
 * some, the finding has no fix: the author's rm is the place to extend).
 *
 * Fix safety: safe when nothing later reads the leftover. A later
 * instruction of the file that names the downloaded file, or (for the go
 * and cargo caches) runs the tool again, makes it a report without a fix:
 * the later step may rely on it (an offline build, GOFLAGS=-mod=mod). So
 * does an earlier RUN of the stage (or of one it is built FROM) that ran
 * the tool the same way (`go build`): the caches sit in that layer, and a
 * cleanup here would free only what this RUN added (apache/pulsar-client-
 * go). The go caches are named where ENV puts them (GOCACHE, GOMODCACHE,
 * GOPATH/pkg/mod), and an rm or cache mount of those folders counts. A
 * Go older than 1.11 (golang:1.9, the golang package of Ubuntu 18.04 and
 * earlier or Debian 9 and earlier, unless the file downloads a Go
 * release) is left alone: it has no module cache, and its `go clean`
 * fails on -cache / -modcache (mozilla/mig on xenial). After an earlier
 * RUN of the stage downloaded the modules (`go get`, `go mod download`),
 * they sit in that layer: the build RUN gets `go clean -cache` alone. A
 * tool cache that a later RUN of the stage removes with rm (`rm -rf
 * /home/app/.composer/cache`, in a layer where it frees nothing) is a
 * report that names that RUN: the fix must also drop the author's rm. The
 * fix is not offered after `||`, `&` or a pipe, in an `if` or `while`
 * condition that fetches and uses the file, inside a heredoc line that
 * continues, or when a relative file name is used inside a compound
 * command (the folder may differ there). A build folder is only reported
 * when a later instruction names it or has its WORKDIR in it, when the RUN
 * links into it or writes its path into a file (`ln -s`, `echo ... >
 * /etc/ld.so.conf.d/x.conf`, `pip install -e`), or when it has no name
 * (`cd "$(mktemp -d)"`); a GnuPG home when GNUPGHOME is set again or unset
 * where the end of the RUN cannot name it, or when the RUN removes
 * packages after its last gpg command and does not stop the agents itself
 * (gnupg may be purged by then, and `gpgconf` with it); the gem spec cache
 * when the RUN does not run as root, the file keeps gems or settings under
 * ~/.gem (`--user-install`, a GEM_HOME there) or names GEM_SPEC_CACHE,
 * XDG_DATA_HOME or XDG_CACHE_HOME (the cache is elsewhere). `gpgconf --kill all` needs GnuPG
 * 2.1 or later (2014; every supported Debian, Ubuntu and Alpine release).
 * In build-only stages the archive, gem, GnuPG and build-folder findings
 * are info and shown, not applied (--fix-build-stages).
 *
 * hadolint: none (DL3059-like advice exists in Docker's best practices).
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deps.h"
#include "image.h"
#include "passes.h"
#include "paths.h"
#include "pm.h"
#include "runtime.h"
#include "workdir.h"

/* Bytes of later instructions searched for readers, per file: a bound on
 * pathological inputs (a file of 10,000 download RUNs); past it a finding
 * is reported without a fix. */
#define READ_BUDGET (64u * 1024 * 1024)

/* The working folder of an image whose WORKDIR is not known: paths below
 * it compare within one RUN, and are never written into a fix. */
#define UNKNOWN_DIR "/?cwd"

typedef struct {
    df_ctx *c;
    const df_fact *lo;      /* data: leftovers */
    /* lo's "consumers" lists, looked up once per check: consumes() and
     * the build-folder walk ask them of every command */
    const df_fact *gpg_commands, *installs, *runs, *extracts;
    const char **workdir;  /* [ninstrs] WORKDIR in force, NULL unknown */
    size_t budget;
    /* does the file configure gemrc (an instruction names a word of gem's
     * "configured_by", gemrc_cfg): -1 not asked yet. Asked by the first gem
     * call, or by the first spend of the budget, as every check searched
     * it first, spending the budget (gemrc_of): a search of the whole file
     * that most files, with no gem call, do not need */
    signed char gemrc;
    const df_fact *gemrc_cfg;
    const unsigned char *user_at; /* [ninstrs]: not_root's answers */
    bool user_built;
    unsigned char gem_readers; /* the file names a reader of ~/.gem (gem_home's
                                  "readers"): 0 not asked yet, 1 no, 2 yes,
                                  3 no but it moves the spec cache ("relocated_by") */
    /* per tool (at most FILL_TOOLS): the RUNs that fill its caches, built
     * by the first RUN that needs them */
    struct {
        const df_fact *t;
        df_pm_marks m;
        bool ok;
    } fill[8];
    size_t nfill;
    /* per tool (at most 8): the RUNs that remove its caches with rm,
     * built by the first finding that asks (cleaned_later) */
    struct {
        const df_fact *t;
        df_pm_marks m;
        bool ok;
    } clean[8];
    size_t nclean;
    /* the RUNs that fill Go's module cache (go "module_fillers"), built by
     * the first go finding that needs them */
    df_pm_marks modfill;
    signed char modfill_ok; /* -1 not built yet, 0 failed, 1 built */
    /* ENV values in force at each instruction, per variable of go_env */
    const char **env[3];
    bool env_built;
    const char **homes; /* df_homes, read by the first go finding */
    bool homes_built;
    /* per at_end tool (at most 4): the last instruction that reads its
     * cache_dirs (later_reader_of), and the folder it names */
    struct {
        const df_fact *t;
        size_t at;
        const char *dir;
    } reader[4];
    size_t nreader;
    int own_download; /* does the file download a tool itself (tool_too_old); -1 not asked yet */
    int test_build;   /* is the image a test build (test_build()); -1 not asked yet */
} st_t;

/* Go's cache folders, as ENV may set them: the build cache, the module
 * cache, GOPATH (whose pkg/mod is the module cache when GOMODCACHE is not
 * set). */
static const char *const go_env[3] = {"GOCACHE", "GOMODCACHE", "GOPATH"};

/* ---- helpers ---------------------------------------------------------- */

static bool has_sub(const char *s, size_t n, const char *lit, size_t ll)
{
    if (ll == 0 || ll > n)
        return false;
    /* memchr to each place of lit's first byte (a compare per byte of
     * every instruction's text was 2% of a corpus run) */
    for (const char *p = s, *last = s + (n - ll); p <= last; p++) {
        p = memchr(p, lit[0], (size_t)(last - p) + 1);
        if (!p)
            return false;
        if (memcmp(p, lit, ll) == 0)
            return true;
    }
    return false;
}

static bool word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '-' || ch == '.';
}

/* Does s hold lit as a whole word? */
static bool has_word(const char *s, size_t n, const char *lit)
{
    size_t ll = strlen(lit);
    for (size_t i = 0; ll && i + ll <= n; i++)
        if (s[i] == lit[0] && memcmp(s + i, lit, ll) == 0 && (i == 0 || !word_char(s[i - 1])) &&
            (i + ll == n || !word_char(s[i + ll])))
            return true;
    return false;
}

static bool gemrc_of(st_t *st);

/* Take the bytes of in's logical line from the read budget; false when
 * it is out of budget. */
static bool spend(st_t *st, const df_instr *in)
{
    if (st->gemrc < 0)
        gemrc_of(st); /* spends first */
    size_t n = in->line.len;
    if (st->budget < n)
        return false;
    st->budget -= n;
    df_runsh_work(st->c->scripts, n);
    return true;
}

/* The text of instruction `in` a reader would show: its logical line and
 * heredoc bodies. */
static bool instr_mentions(st_t *st, const df_instr *in, const char *lit, bool word)
{
    const char *t = in->line.text;
    size_t n = in->line.len;
    if (!spend(st, in))
        return true; /* out of budget: assume it does */
    if (word ? has_word(t, n, lit) : has_sub(t, n, lit, strlen(lit)))
        return true;
    for (size_t h = 0; h < in->nheredocs; h++) {
        df_span b = in->heredocs[h].body;
        const char *bt = st->c->src->text + b.start;
        if (word ? has_word(bt, b.end - b.start, lit) : has_sub(bt, b.end - b.start, lit, strlen(lit)))
            return true;
    }
    return false;
}

/* Does an instruction after `in` name lit (the whole file: a later stage
 * may COPY --from it)? */
static bool later_mentions(st_t *st, const df_instr *in, const char *lit, bool word)
{
    const df_doc *d = st->c->doc;
    for (size_t i = in->index + 1; i < d->ninstrs; i++)
        if (instr_mentions(st, d->instrs[i], lit, word))
            return true;
    return false;
}

/* Does an instruction of the file name a word of gemrc_cfg (st->gemrc)?
 * The search reads the instructions in order, spending the budget, until
 * one does. */
static bool gemrc_of(st_t *st)
{
    if (st->gemrc >= 0)
        return st->gemrc;
    st->gemrc = 0;
    for (size_t i = 0; st->gemrc_cfg && i < st->c->doc->ninstrs && !st->gemrc; i++) {
        size_t k;
        const df_fact *w;
        df_fact_foreach(st->gemrc_cfg, k, w)
        {
            if (df_fact_str(w) && instr_mentions(st, st->c->doc->instrs[i], df_fact_str(w), false))
                st->gemrc = 1;
        }
    }
    return st->gemrc;
}

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Safe to paste into a shell command without quotes. */
static bool plain_path(const char *p)
{
    for (; *p; p++)
        if (!word_char(*p) && *p != '/' && *p != '+' && *p != ',' && *p != ':' && *p != '@' && *p != '%')
            return false;
    return true;
}

/* The top-level item of r's script holding script offset off. */
static size_t top_item(const df_sh_script *s, size_t off)
{
    for (size_t i = 0; i < s->list.n; i++) {
        df_span sp = s->list.items[i].node->span;
        if (sp.start <= off && off < sp.end)
            return i;
    }
    return (size_t)-1;
}

/* Is script offset off inside a compound command of s's top-level list
 * (an if, case, loop, group or subshell), not a plain command or pipeline? */
static bool in_compound(const df_sh_script *s, size_t off)
{
    size_t i = top_item(s, off);
    if (i == (size_t)-1)
        return false;
    int k = s->list.items[i].node->kind;
    return k != DF_SH_SIMPLE && k != DF_SH_PIPELINE;
}

/* ---- archives ------------------------------------------------------------ */

/* Does list l hold script offset off? */
static bool list_holds(const df_sh_list *l, size_t off)
{
    return l->n && l->span.start <= off && off < l->span.end;
}

/* The item of l whose command holds script offset off (items are in
 * document order: a binary search), or (size_t)-1. */
static size_t item_at(const df_sh_list *l, size_t off)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[mid].node->span.start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return (size_t)-1;
    const df_sh_item *it = &l->items[lo - 1];
    return off < it->node->span.end || off < it->op_span.end ? lo - 1 : (size_t)-1;
}

/* The body (or condition) of compound node n that holds script offset off,
 * or NULL (a simple command, a pipeline, a function: not entered). *cond:
 * it is an if/elif/while/until condition. */
static const df_sh_list *sub_list(const df_sh_node *n, size_t off, bool *cond)
{
    *cond = false;
    switch (n->kind) {
    case DF_SH_SUBSHELL:
    case DF_SH_GROUP:
        return list_holds(&n->group.body, off) ? &n->group.body : NULL;
    case DF_SH_IF:
        for (size_t k = 0; k < n->if_.n; k++) {
            if (list_holds(&n->if_.clauses[k].cond, off)) {
                *cond = true;
                return &n->if_.clauses[k].cond;
            }
            if (list_holds(&n->if_.clauses[k].body, off))
                return &n->if_.clauses[k].body;
        }
        return n->if_.has_else && list_holds(&n->if_.else_body, off) ? &n->if_.else_body : NULL;
    case DF_SH_FOR:
        return list_holds(&n->for_.body, off) ? &n->for_.body : NULL;
    case DF_SH_WHILE:
    case DF_SH_UNTIL:
        if (list_holds(&n->loop.cond, off)) {
            *cond = true;
            return &n->loop.cond;
        }
        return list_holds(&n->loop.body, off) ? &n->loop.body : NULL;
    case DF_SH_CASE:
        for (size_t k = 0; k < n->case_.n; k++)
            if (list_holds(&n->case_.items[k].body, off))
                return &n->case_.items[k].body;
        return NULL;
    default:
        return NULL;
    }
}

/* Where the removal of a file downloaded at script offset `dl` and used
 * last at offset `use` goes: the innermost list that holds both (the
 * branch of an `if` or `case` that downloads it, a group, a loop body, or
 * the top of the script), after its item that holds the use. A file
 * fetched inside a branch is removed inside that branch, where it exists
 * (review run11, laradock: `rm -f` after `fi` ran when the option was
 * off); a file fetched before the `if` that uses it, after the `fi`.
 * *cond: that list is a condition (appending there would change what it
 * tests). False when the offsets are not found. */
static bool branch_point(const df_sh_script *s, size_t dl, size_t use, const df_sh_list **list, size_t *item,
                         bool *cond)
{
    const df_sh_list *l = &s->list;
    bool c = false;
    for (unsigned depth = 0; depth <= DF_SH_MAX_DEPTH; depth++) {
        size_t i = item_at(l, dl), j = item_at(l, use);
        if (j == (size_t)-1)
            return false;
        if (i == j) {
            bool c1, c2;
            const df_sh_list *a = sub_list(l->items[i].node, dl, &c1), *b = sub_list(l->items[j].node, use, &c2);
            if (a && a == b) {
                l = a;
                c = c || c1;
                continue;
            }
        }
        *list = l;
        *item = j;
        *cond = c;
        return true;
    }
    return false;
}

typedef struct {
    const char *path;     /* absolute */
    const char *base;     /* its file name */
    size_t start;         /* script offset of the download command */
    size_t end;           /* script offset after the download command */
} download;

typedef struct {
    st_t *st;
    df_pm_run *r;
    const char *cwd;
    download *dl;
    size_t ndl, cap;
    /* a top-level cd right of && holds until its && chain ends: the script
     * offset where it ends, 0 when no such cd is in force */
    size_t chain_end;
    /* the per-download scan */
    const download *cur;
    bool removed;                /* an rm after the download covers it */
    bool unknown_cwd;            /* a cd to somewhere not known after it */
    const df_sh_node *last;      /* the last command that names it */
    df_sh_ctx last_ctx;
    const df_sh_word *last_word; /* the word of `last` naming it */
    bool last_consumes;
    const df_sh_word *last_data; /* gpg --verify: the file the signature signs */
    const char *last_cwd;        /* the folder `last` runs in */
    /* the last top-level `rm -f` (or -rf...) after the download, where the
     * author lists leftovers: the removal joins its words */
    const df_sh_node *trail_rm;
    size_t trail_index;
    const char *trail_cwd;
} arch_scan;

/* Past the end of the && chain a top-level `cd` right of && was in, the
 * folder is not known: the cd may not have run (`a && cd x; rm y`). */
static void chain_ended(arch_scan *a, const df_sh_node *cmd)
{
    if (a->chain_end && cmd->span.start >= a->chain_end) {
        a->cwd = NULL;
        a->chain_end = 0;
    }
}

static void follow_cd(arch_scan *a, const df_sh_view *v, const df_sh_ctx *ctx)
{
    if (!ctx->leaks)
        return;
    const df_sh_list *top = &a->r->rs.script->list, *l = ctx->list;
    /* right of && : every later command of the same && chain runs only
     * when the cd did (`cd swig && make && cd .. && rm swig.tar.gz`), at
     * the top level or in a branch (laradock's `if ...; then ... && cd
     * audiowaveform && wget .../release-1.10.0.tar.gz && tar xzf
     * release-1.10.0.tar.gz && ...; fi`); a cd that starts a chain of a
     * branch's list holds until that list ends */
    bool in_list = l && ctx->index < l->n;
    bool chained = in_list && ctx->conditional && ctx->index > 0 && l->items[ctx->index - 1].op == DF_SH_OP_AND;
    bool starts = in_list && ctx->conditional && l != top &&
                  (ctx->index == 0 || l->items[ctx->index - 1].op == DF_SH_OP_SEMI ||
                   l->items[ctx->index - 1].op == DF_SH_OP_NEWLINE);
    if ((ctx->conditional && !chained && !starts) || v->nargs != 1 || (v->args[0].flags & DF_SH_W_EXPANSION)) {
        a->cwd = NULL;
        a->chain_end = 0;
        return;
    }
    a->cwd = df_path_resolve(a->st->c->doc->arena, a->cwd, v->args[0].value, v->args[0].value_len);
    if (!chained && !starts) {
        a->chain_end = 0;
        return;
    }
    size_t j = ctx->index;
    if (starts)
        j = l->n - 1;
    else
        while (j + 1 < l->n && l->items[j].op == DF_SH_OP_AND)
            j++;
    /* the chain or list ends first where an outer one is in force: past
     * it, the folder is not known */
    size_t end = l->items[j].node->span.end;
    if (!a->chain_end || end < a->chain_end)
        a->chain_end = end;
}

/* Does rm word w name the file called base, whatever its folder (the last
 * part of w is base, or a glob matching it)? When the folder cannot be
 * told, such an rm is taken for the author's removal: a removal inserted
 * before it would make a plain `rm` fail. */
static bool rm_names_base(const df_sh_word *w, const char *base)
{
    if (w->value_len == 0 || w->value[0] == '-' || w->value_len >= 1024)
        return false;
    char buf[1024];
    memcpy(buf, w->value, w->value_len);
    buf[w->value_len] = '\0';
    while (w->value_len > 1 && buf[strlen(buf) - 1] == '/')
        buf[strlen(buf) - 1] = '\0';
    const char *last = basename_of(buf);
    if (strcmp(last, base) == 0)
        return true;
    return strpbrk(last, "*?[") && fnmatch(last, base, FNM_PERIOD) == 0;
}

static int visit_downloads(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    arch_scan *a = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    chain_ended(a, cmd);
    if (df_sh_word_is(v.name, "cd")) {
        follow_cd(a, &v, ctx);
        return 0;
    }
    bool curl = df_sh_word_is(v.name, "curl"), wget = df_sh_word_is(v.name, "wget");
    if (!curl && !wget)
        return 0;
    char *p = df_download_target(a->st->c->doc->arena, a->cwd, &v, wget);
    if (!p || strcmp(p, "/") == 0)
        return 0;
    if (a->ndl == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 4;
        download *nv = df_arena_grow(a->st->c->doc->arena, a->dl, a->cap, nc, sizeof *nv);
        if (!nv)
            return 1;
        a->dl = nv;
        a->cap = nc;
    }
    const df_sh_node *item = ctx->list && ctx->index < ctx->list->n ? ctx->list->items[ctx->index].node : cmd;
    a->dl[a->ndl++] =
        (download){p, basename_of(p), cmd->span.start, item->span.end > cmd->span.end ? item->span.end : cmd->span.end};
    return 0;
}

/* gpg(1) and gpgv(1): the options that take a value */
static const df_sh_flagspec gpg_spec = {
    "ourf",
    (const char *const[]){"--keyring", "--homedir", "--keyserver", "--keyserver-options", "--output", "--status-fd",
                          "--status-file", "--logger-fd", "--logger-file", "--trust-model", "--default-key",
                          "--local-user", "--recipient", "--trustdb-name", "--import-options", "--export-options",
                          "--verify-options", "--passphrase-fd", "--pinentry-mode", "--compress-level",
                          "--weak-digest", NULL},
    false};

/* Does gpg call v consume word w: the signature it verifies (`gpg --verify
 * x.asc x`: the first operand; gpgv likewise), or a key file it imports or
 * converts (--import, --dearmor)? The signed file itself is not consumed:
 * it is usually the product. */
static bool gpg_consumes(const st_t *st, const df_sh_view *v, const char *b, size_t n, const df_sh_word *w,
                         const df_sh_word **data)
{
    const df_fact *g = df_fact_get(df_fact_get(st->lo, "consumers"), "gpg");
    bool verify = df_fact_has(df_fact_get(g, "verifiers"), b, n);
    bool all = false;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(g, "verify_flags"), i, f)
    {
        if (df_fact_str(f) && df_sh_has_flag(v, &gpg_spec, df_fact_str(f)))
            verify = true;
    }
    df_fact_foreach(df_fact_get(g, "import_flags"), i, f)
    {
        if (df_fact_str(f) && df_sh_has_flag(v, &gpg_spec, df_fact_str(f)))
            all = true;
    }
    if (!verify && !all)
        return false;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(v, &gpg_spec, &it, &a)) {
        if (a.kind != DF_SH_ARG_OPERAND)
            continue;
        if (a.word == w) {
            /* the signed file: the next operand */
            while (!all && data && df_sh_arg_next(v, &gpg_spec, &it, &a))
                if (a.kind == DF_SH_ARG_OPERAND) {
                    *data = a.word;
                    break;
                }
            return true;
        }
        if (!all)
            return false; /* --verify: only the first operand is the signature */
    }
    return false;
}

/* Is `v` a command that consumes a downloaded file (extracts, installs,
 * runs, verifies), named by its word w? */
static bool consumes(const st_t *st, const df_sh_view *v, const df_sh_word *hit, const df_sh_word **data)
{
    size_t n;
    const char *b = df_deps_basename(v->name->value, v->name->value_len, &n);
    if (df_fact_has(st->gpg_commands, b, n))
        return gpg_consumes(st, v, b, n, hit, data);
    if (df_fact_has(st->installs, b, n) || df_fact_has(st->runs, b, n))
        return true;
    if (n >= 6 && memcmp(b, "python", 6) == 0)
        return true;
    if (!df_fact_has(st->extracts, b, n))
        return false;
    if (!(n == 3 && memcmp(b, "tar", 3) == 0) && !(n == 6 && memcmp(b, "bsdtar", 6) == 0))
        return true;
    /* tar: only when it extracts (x in the first cluster, -x..., --extract, --get) */
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (w->flags & DF_SH_W_EXPANSION)
            continue;
        if (df_sh_word_is(w, "--extract") || df_sh_word_is(w, "--get"))
            return true;
        bool cluster = (i == 0 && w->value_len && w->value[0] != '-') ||
                       (w->value_len >= 2 && w->value[0] == '-' && w->value[1] != '-');
        if (cluster && memchr(w->value, 'x', w->value_len))
            return true;
    }
    return false;
}

/* Does rm call v carry -f (alone or in a cluster, --force), before any `--`,
 * and only literal operands (a word to add cannot fail it then)? */
static bool rm_forced(const df_sh_view *v)
{
    bool f = false, opts = true;
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (opts && df_sh_word_is(w, "--")) {
            opts = false;
            continue;
        }
        if (opts && w->value_len > 1 && w->value[0] == '-' && !(w->flags & DF_SH_W_EXPANSION)) {
            if (df_sh_word_is(w, "--force") || (w->value[1] != '-' && memchr(w->value, 'f', w->value_len)))
                f = true;
            continue;
        }
    }
    return f;
}

static int visit_uses(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    arch_scan *a = user;
    df_arena *ar = a->st->c->doc->arena;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name)
        return 0;
    chain_ended(a, cmd);
    if (df_sh_word_is(v.name, "cd")) {
        follow_cd(a, &v, ctx);
        if (cmd->span.start >= a->cur->end && !a->cwd)
            a->unknown_cwd = true;
        return 0;
    }
    if (cmd->span.start < a->cur->end)
        return 0;
    bool rm = df_sh_word_is(v.name, "rm");
    if (rm && ctx->depth == 0 && !ctx->in_pipeline && ctx->list == &a->r->rs.script->list && v.nargs &&
        rm_forced(&v)) {
        a->trail_rm = cmd;
        a->trail_index = ctx->index;
        a->trail_cwd = a->cwd;
    }
    const df_sh_word *hit = NULL;
    size_t bl = strlen(a->cur->base);
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (rm) {
            char *p = (w->flags & DF_SH_W_EXPANSION) ? NULL : df_path_resolve(ar, a->cwd, w->value, w->value_len);
            if (p && strcmp(p, "/") != 0 && df_path_covers(p, a->cur->path))
                a->removed = true;
            if (!p && rm_names_base(w, a->cur->base))
                a->removed = true; /* the folder is not known */
        }
        if (!hit && has_sub(w->value, w->value_len, a->cur->base, bl))
            hit = w;
    }
    for (size_t i = 0; i < cmd->nredirs && !hit; i++)
        if (has_sub(cmd->redirs[i].target.value, cmd->redirs[i].target.value_len, a->cur->base, bl))
            hit = &cmd->redirs[i].target;
    if (!hit && has_sub(v.name->value, v.name->value_len, a->cur->base, bl))
        hit = v.name; /* ./install.sh */
    if (hit && !rm) {
        a->last = cmd;
        a->last_cwd = a->cwd;
        a->last_ctx = *ctx;
        a->last_word = hit;
        /* running the downloaded program itself uses the product (cpm --version) */
        a->last_data = NULL;
        a->last_consumes = hit != v.name && consumes(a->st, &v, hit, &a->last_data);
        /* a word naming it must be the file itself, not a folder or a copy */
        if (hit != v.name) {
            char *p = (hit->flags & DF_SH_W_EXPANSION) ? NULL : df_path_resolve(ar, a->cwd, hit->value, hit->value_len);
            if (!p || strcmp(p, a->cur->path) != 0)
                a->last_consumes = false;
        }
    }
    return 0;
}

static bool rm_join(st_t *st, df_pm_run *r, df_diag *d, const df_sh_node *rm, const char *word, const char *desc,
                    bool fix);

/* When the author removes leftovers with one `rm -f` (-rf...) after the
 * command that uses the file, at the top of the RUN (varnish's `rm -rf
 * /var/lib/apt/lists/... /tmp/varnish-cache "$HOME/.cargo/env"`), the file
 * joins that rm's words, in its layout (a new continued line when the rm
 * lists one path a line), instead of an rm of its own. The name is the one
 * the consumer wrote when the rm runs in the same folder, else the
 * absolute path. True when the fix was made so. */
static bool join_author_rm(st_t *st, df_pm_run *r, const arch_scan *a, df_diag *d, size_t t, const char *name,
                           bool fix)
{
    if (!a->trail_rm || a->trail_index <= t)
        return false;
    const char *word = NULL;
    if (name[0] == '/')
        word = name;
    else if (a->last_cwd && a->trail_cwd && strcmp(a->last_cwd, a->trail_cwd) == 0)
        word = name;
    else if (plain_path(a->cur->path) && strncmp(a->cur->path, UNKNOWN_DIR "/", strlen(UNKNOWN_DIR) + 1) != 0)
        word = a->cur->path;
    if (!word)
        return false;
    char desc[1500];
    snprintf(desc, sizeof desc, "add %s to the rm at the end of the RUN%s%s%s", word, fix ? "" : " (not applied: ",
             fix ? "" : df_pm_held(r), fix ? "" : ")");
    return rm_join(st, r, d, a->trail_rm, word, desc, fix);
}

/* Add word to the operands of the author's rm (a top-level simple command
 * of r), in its layout: a new continued line with the last path's
 * indentation when the rm lists one path a line. Sets the fix (desc) on d
 * and returns true, or false when the layout cannot take it. */
static bool rm_join(st_t *st, df_pm_run *r, df_diag *d, const df_sh_node *rm, const char *word, const char *desc,
                    bool fix)
{
    df_sh_view v;
    if (df_sh_command_view(rm, &v) < 0 || !v.nargs)
        return false;
    const df_sh_word *lw = &v.args[v.nargs - 1];
    const df_sh_word *pw = v.nargs > 1 ? &v.args[v.nargs - 2] : v.name;
    const char *src = st->c->src->text;
    size_t at = df_pm_src(r, lw->span.end - 1) + 1;
    size_t ls = df_pm_src(r, lw->span.start), pe = df_pm_src(r, pw->span.end - 1) + 1;
    char ins[1400];
    if (pe < ls && memchr(src + pe, '\n', ls - pe)) {
        /* one path a line: a new line with the last path's indentation */
        size_t b = ls;
        while (b > 0 && src[b - 1] != '\n')
            b--;
        size_t ind = b;
        while (ind < ls && (src[ind] == ' ' || src[ind] == '\t'))
            ind++;
        if (ind != ls || ind - b > 64)
            return false; /* the last path does not start its line */
        char esc = r->rs.heredoc ? '\\' : r->style.esc;
        snprintf(ins, sizeof ins, " %c%s%.*s%s", esc, r->style.eol, (int)(ind - b), src + b, word);
    } else
        snprintf(ins, sizeof ins, " %s", word);
    if (df_diag_set_fix(st->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        df_fix_add_edit(st->c->out, d, at, at, ins, strlen(ins));
    return true;
}

/* Is path at or strictly under folder dir? */
static bool at_or_below(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || (path[n] == '/' && path[n + 1]));
}

typedef struct {
    const char *dir;  /* where the archive was unpacked */
    const char *file; /* the archive */
    size_t after;
    bool removed;
} unpack_scan;

static int visit_unpack_rm(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    unpack_scan *u = user;
    df_sh_view v;
    if (cmd->span.start < u->after || df_sh_command_view(cmd, &v) < 0 || !df_sh_word_is(v.name, "rm"))
        return 0;
    bool scratch = strcmp(u->dir, "/tmp") == 0 || strcmp(u->dir, "/var/tmp") == 0;
    for (size_t i = 0; i < v.nargs && !u->removed; i++) {
        const df_sh_word *w = &v.args[i];
        if ((w->flags & DF_SH_W_EXPANSION) || !w->value_len || w->value[0] != '/')
            continue;
        char p[1024];
        size_t n = w->value_len < sizeof p - 1 ? w->value_len : sizeof p - 1;
        memcpy(p, w->value, n);
        p[n] = '\0';
        while (n > 1 && p[n - 1] == '/')
            p[--n] = '\0';
        /* below /tmp itself: any other rm there is the author's cleanup of
         * what was unpacked (`rm -rf /tmp/docker`, a glob of all of /tmp) */
        if (scratch ? at_or_below(p, u->dir) && strcmp(p, u->file) != 0 : (df_path_covers(p, u->dir) || at_or_below(p, u->dir)))
            u->removed = true;
    }
    return u->removed;
}

/* The scratch folder (/tmp, /var/tmp or below) the command that used the
 * archive unpacked it into (`tar -C /tmp/x`, `unzip -d /tmp/x`), when no
 * rm after it in the RUN removes it; NULL otherwise. Named in the message:
 * the unpacked tree is usually bigger than the archive (review run11,
 * laradock: /tmp/docker, the mpdecimal and php-zookeeper build trees). */
static const char *unpacked_dir(const st_t *st, const df_pm_run *r, const arch_scan *a)
{
    df_sh_view v;
    if (df_sh_command_view(a->last, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return NULL;
    size_t n;
    const char *b = df_deps_basename(v.name->value, v.name->value_len, &n);
    if (!df_fact_has(st->extracts, b, n))
        return NULL;
    df_sh_arg f;
    if (!(df_sh_find_flag(&v, NULL, "-C", &f) || df_sh_find_flag(&v, NULL, "--directory", &f) ||
          df_sh_find_flag(&v, NULL, "-d", &f)) ||
        f.index + 1 >= v.nargs)
        return NULL;
    const df_sh_word *w = &v.args[f.index + 1];
    if ((w->flags & DF_SH_W_EXPANSION) || !w->value_len || w->value[0] != '/')
        return NULL;
    char *p = df_path_resolve(st->c->doc->arena, "/", w->value, w->value_len);
    if (!p || !(at_or_below(p, "/tmp") || at_or_below(p, "/var/tmp")))
        return NULL;
    unpack_scan u = {p, a->cur->path, a->last->span.end, false};
    df_sh_walk(r->rs.script, visit_unpack_rm, &u);
    return u.removed ? NULL : p;
}

static void report_archive(st_t *st, df_pm_run *r, arch_scan *a)
{
    df_ctx *c = st->c;
    const df_sh_script *s = r->rs.script;
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    const char *why = NULL;
    if (later_mentions(st, r->in, a->cur->base, false))
        why = "a later instruction names it";
    /* where: in the innermost list holding the download and the command
     * that uses it (the branch that downloads it), after the item holding
     * that command, naming the file as the command does when it is an
     * item of that list (the folder is the same there) */
    const df_sh_list *l = &s->list;
    size_t t = (size_t)-1;
    bool cond = false;
    if (!branch_point(s, a->cur->start, a->last->span.start, &l, &t, &cond))
        t = (size_t)-1;
    const char *name = NULL;
    char buf[1024];
    bool direct = !a->last_ctx.in_pipeline && a->last_ctx.list == l;
    if (!why && t == (size_t)-1)
        why = "the command that uses it is not at the top of the script";
    if (!why && cond)
        why = "the command that uses it is part of a condition (if, while)";
    if (!why) {
        df_span ws = a->last_word->span;
        bool lit = !(a->last_word->flags & DF_SH_W_EXPANSION);
        if (direct && lit && a->last_word != a->last->simple.words /* not the name */ &&
            ws.end - ws.start < sizeof buf) {
            memcpy(buf, s->text + ws.start, ws.end - ws.start);
            buf[ws.end - ws.start] = '\0';
            name = buf;
            if (strchr(name, '\n') || strchr(name, '\\'))
                name = NULL;
        }
        if (!name && plain_path(a->cur->path) &&
            strncmp(a->cur->path, UNKNOWN_DIR "/", strlen(UNKNOWN_DIR) + 1) != 0)
            name = a->cur->path;
        if (!name)
            why = "the file's name cannot be written where the removal would go";
    }
    if (!why && !df_pm_can_join(r, l, t))
        why = "the command that uses it is followed by ||, & or a continued line";
    const char *dir = unpacked_dir(st, r, a);
    char also[1200] = "";
    if (dir)
        snprintf(also, sizeof also, "; what it unpacked in %s may stay as well (remove it too once nothing reads it)",
                 dir);
    df_diag *d = df_report(c, sev, df_runsh_span(&r->rs, a->last->span),
                           "%s is downloaded and used in this RUN but never removed: it stays in the layer%s%s%s%s",
                           strncmp(a->cur->path, UNKNOWN_DIR "/", strlen(UNKNOWN_DIR) + 1) == 0
                               ? a->cur->path + strlen(UNKNOWN_DIR) + 1
                               : a->cur->path, also, why ? " (no automatic fix: " : "", why ? why : "", why ? ")" : "");
    if (!d || why)
        return;
    if (l == &s->list && join_author_rm(st, r, a, d, t, name, fix))
        return;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -f %s", name);
    char desc[1400];
    snprintf(desc, sizeof desc, "append `%s` after the command that uses it%s%s%s%s", cmd,
             l != &s->list ? ", in the branch that downloads it" : "", fix ? "" : " (not applied: ",
             fix ? "" : df_pm_held(r), fix ? "" : ")");
    if (df_diag_set_fix(c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        df_pm_append_item(r, d, l, t, cmd);
}

/* A download straight into a folder of installed programs or data
 * (/usr/local/bin/x) is the product, not a leftover. */
static bool product_dir(const st_t *st, const char *path)
{
    const df_fact *dirs = df_fact_get(df_fact_get(st->lo, "consumers"), "product_dirs");
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    size_t i;
    const df_fact *dj;
    df_fact_foreach(dirs, i, dj)
    {
        const char *d = df_fact_str(dj);
        size_t dl = d ? strlen(d) : 0;
        if (d && n >= dl && memcmp(path, d, dl) == 0 && (n == dl || path[dl] == '/'))
            return true;
    }
    return false;
}

typedef struct {
    const st_t *st;
    size_t after;
    const char *base;
    bool gone;
} gone_scan;

static int visit_gone(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    gone_scan *g = user;
    df_sh_view v;
    if (cmd->span.start < g->after || df_sh_command_view(cmd, &v) < 0 || !v.name ||
        (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (!df_sh_word_is(v.name, "rm") && !consumes(g->st, &v, NULL, NULL))
        return 0;
    for (size_t i = 0; i < v.nargs; i++)
        if (has_sub(v.args[i].value, v.args[i].value_len, g->base, strlen(g->base)))
            g->gone = true;
    return g->gone;
}

/* Is the file word w names removed, or unpacked or installed, after script
 * offset `after`? */
static bool data_gone(const st_t *st, const df_pm_run *r, size_t after, const df_sh_word *w)
{
    char base[512];
    size_t n = w->value_len < sizeof base - 1 ? w->value_len : sizeof base - 1;
    memcpy(base, w->value, n);
    base[n] = '\0';
    gone_scan g = {st, after, basename_of(base), false};
    if (!*g.base)
        return false;
    df_sh_walk(r->rs.script, visit_gone, &g);
    return g.gone;
}

static void check_archives(st_t *st, df_pm_run *r)
{
    arch_scan a;
    memset(&a, 0, sizeof a);
    a.st = st;
    a.r = r;
    const df_instr *run = r->in;
    a.cwd = run->cmd == DF_CMD_RUN && st->workdir ? st->workdir[run->index] : NULL;
    df_sh_walk(r->rs.script, visit_downloads, &a);
    for (size_t i = 0; i < a.ndl; i++) {
        a.cur = &a.dl[i];
        a.removed = a.unknown_cwd = false;
        a.last = NULL;
        a.chain_end = 0;
        a.trail_rm = NULL;
        a.cwd = run->cmd == DF_CMD_RUN && st->workdir ? st->workdir[run->index] : NULL;
        df_sh_walk(r->rs.script, visit_uses, &a);
        if (a.removed || !a.last || !a.last_consumes || product_dir(st, a.cur->path))
            continue;
        if (a.last_data && !data_gone(st, r, a.last->span.end, a.last_data))
            continue; /* the signed file stays, the signature with it (php keeps php.tar.xz and .asc) */
        report_archive(st, r, &a);
    }
}

/* ---- gem docs ------------------------------------------------------------- */

static bool gem_exempt(st_t *st, const df_pm_run *r)
{
    if (gemrc_of(st))
        return true;
    const df_doc *d = st->c->doc;
    const df_fact *imgs = df_fact_get(df_fact_get(df_fact_get(st->lo, "tools"), "gem"), "images_configured");
    /* the root image of the stage's FROM chain */
    size_t si = r->in->stage;
    si = df_stage_root(d, si);
    df_imgref ir;
    if (si < d->nstages && df_stage_image(d, si, &ir)) {
        const char *n = ir.name;
        if (df_fact_has(imgs, n, strlen(n)))
            return true;
    }
    return false;
}

static void check_gem(st_t *st, df_pm_run *r, const df_sh_node *cmd, const df_sh_view *v, const df_fact *g,
                      const df_sh_flagspec *spec)
{
    const df_sh_word *sub = df_sh_subcommand(v, spec);
    if (!sub || (sub->flags & DF_SH_W_EXPANSION) || !df_fact_has(df_fact_get(g, "subcommands"), sub->value, sub->value_len))
        return;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(g, "done_flags"), i, f)
    {
        if (df_sh_has_flag(v, spec, df_fact_str(f)))
            return;
    }
    if (gem_exempt(st, r))
        return;
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_diag *d = df_report(st->c, sev, df_runsh_span(&r->rs, (df_span){v->name->span.start, sub->span.end}),
                           "gem %.*s without --no-document builds ri and rdoc documentation into the layer",
                           (int)sub->value_len, sub->value);
    if (!d)
        return;
    const char *flag = " --no-document";
    char desc[400];
    snprintf(desc, sizeof desc, "add --no-document%s%s%s", fix ? "" : " (not applied: ", fix ? "" : df_pm_held(r),
             fix ? "" : ")");
    if (!df_diag_set_fix(st->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        return;
    size_t at = df_pm_src(r, sub->span.end - 1) + 1;
    df_fix_add_edit(st->c->out, d, at, at, flag, strlen(flag));
    (void)cmd;
}

/* ---- tool caches ----------------------------------------------------------- */

typedef struct {
    st_t *st;
    df_pm_run *r;
    const char *tool;
    const df_fact *t;
    const char *env_dirs[2];        /* cache folders ENV names (go), or NULL */
    const df_sh_node *first, *last; /* calls that fill the cache */
    const df_sh_word *first_sub;
    bool cleaned;                   /* a cleanup after the last call */
    bool disabled;
} tool_scan;

static bool is_tool(const df_fact *t, const df_sh_view *v)
{
    size_t n;
    const char *b = df_deps_basename(v->name->value, v->name->value_len, &n);
    return df_fact_has(df_fact_get(t, "commands"), b, n);
}

/* Does rm operand w remove tool t's cache: a folder of its cache_dirs (or
 * of env_dirs, the folders ENV names; NULL entries ignored) or one that
 * holds it, or a path with one of its cleanup_words? */
static bool rm_cleans_tool(df_arena *a, const df_fact *t, const df_sh_word *w, const char *const env_dirs[2])
{
    size_t k;
    const df_fact *f;
    df_fact_foreach(df_fact_get(t, "cache_dirs"), k, f)
    {
        const char *dir = df_fact_str(f);
        if (dir && has_sub(w->value, w->value_len, dir, strlen(dir)))
            return true;
    }
    char *p = (w->flags & DF_SH_W_EXPANSION) ? NULL : df_path_resolve(a, "/", w->value, w->value_len);
    if (p && strcmp(p, "/") != 0) {
        df_fact_foreach(df_fact_get(t, "cache_dirs"), k, f)
        {
            const char *dir = df_fact_str(f);
            if (dir && df_path_covers(p, dir))
                return true;
        }
        for (size_t e = 0; env_dirs && e < 2; e++)
            if (env_dirs[e] && df_path_covers(p, env_dirs[e]))
                return true;
    }
    df_fact_foreach(df_fact_get(t, "cleanup_words"), k, f)
    {
        const char *lit = df_fact_str(f);
        if (lit && has_sub(w->value, w->value_len, lit, strlen(lit)))
            return true;
    }
    return false;
}

static int visit_tool(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    tool_scan *ts = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (ctx->in_function)
        return 0;
    /* php composer.phar install */
    if (df_sh_word_is(v.name, "php") && v.nargs && strcmp(ts->tool, "composer") == 0 && is_tool(ts->t, &(df_sh_view){cmd, &v.args[0], 0, v.args + 1, v.nargs - 1})) {
        v.name = &v.args[0];
        v.args++;
        v.nargs--;
    }
    if (df_sh_word_is(v.name, "rm")) {
        for (size_t i = 0; ts->last && i < v.nargs; i++)
            if (rm_cleans_tool(ts->st->c->doc->arena, ts->t, &v.args[i], ts->env_dirs))
                ts->cleaned = true;
        return 0;
    }
    if (!is_tool(ts->t, &v))
        return 0;
    static const df_sh_flagspec none = {"", NULL, false};
    const df_sh_word *sub = df_sh_subcommand(&v, &none);
    if (!sub || (sub->flags & DF_SH_W_EXPANSION))
        return 0;
    if (df_fact_has(df_fact_get(ts->t, "clean_subcommands"), sub->value, sub->value_len)) {
        if (ts->last)
            ts->cleaned = true;
        return 0;
    }
    if (!df_fact_has(df_fact_get(ts->t, "subcommands"), sub->value, sub->value_len))
        return 0;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(ts->t, "done_flags"), i, f)
    {
        if (df_sh_has_flag(&v, &none, df_fact_str(f)))
            return 0;
    }
    const df_fact *envs = df_fact_get(ts->t, "env_no_cache");
    df_fact_foreach(envs, i, f)
    {
        if (df_pm_var_set(ts->r, df_fact_str(f), cmd->span.start))
            ts->disabled = true;
    }
    if (!ts->first) {
        ts->first = cmd;
        ts->first_sub = sub;
    }
    ts->last = cmd;
    ts->cleaned = false;
    return 0;
}

/* Is there a RUN after `in` in a stage that ships? */
static bool later_run(const df_ctx *c, const df_instr *in)
{
    const df_doc *d = c->doc;
    for (size_t i = in->index + 1; i < d->ninstrs; i++) {
        const df_instr *x = d->instrs[i];
        df_runsh_work(c->scripts, 1);
        if (x->cmd == DF_CMD_RUN && x->stage < d->nstages && df_stage_ships(d, x->stage))
            return true;
    }
    return false;
}

/* Does a call of tool t in script s fill its caches: a subcommand of
 * t["compile_subcommands"] (`go build`), else of t["subcommands"]? `go mod
 * download` alone is not: it warms the module cache in a layer of its own
 * on purpose, and the build cache the next RUN fills is still its own;
 * nor is `go generate`. `go get` is, up to Go 1.17 (t["builds_until"]):
 * it builds and installs what it names (robot-shop dispatch, review H:
 * `go mod init && go get`, then `RUN go install`). */
typedef struct {
    const df_fact *t;
    bool found;
    const df_doc *d;
    size_t stage; /* of the RUN */
} fill_q;

/* The tool's release from the stage's root image when it is one of
 * t["version_images"] tagged N.M (golang:1.17); false when not known. */
static bool version_image(const df_doc *d, size_t stage, const df_fact *t, df_imgref *ir)
{
    if (stage >= d->nstages || !df_stage_image(d, df_stage_root(d, stage), ir) || ir->var)
        return false;
    const char *name = strrchr(ir->name, '/') ? strrchr(ir->name, '/') + 1 : ir->name;
    return df_fact_has(df_fact_get(t, "version_images"), name, strlen(name));
}

static bool image_version(const df_doc *d, size_t stage, const df_fact *t, long *major, long *minor)
{
    df_imgref ir;
    if (!version_image(d, stage, t, &ir) || !ir.has_tag || !isdigit((unsigned char)ir.tag[0]))
        return false;
    char *end;
    *major = strtol(ir.tag, &end, 10);
    if (*end != '.' || !isdigit((unsigned char)end[1]))
        return false;
    *minor = strtol(end + 1, NULL, 10);
    return true;
}

/* Does subcommand sub of t compile on the stage's release: always, or, for
 * one of t["builds_until"] (`go get`: up to Go 1.17), when the image's
 * release is not known to be newer? */
static bool compiles_here(const fill_q *q, const df_sh_word *sub)
{
    char key[32];
    if (sub->value_len >= sizeof key)
        return false;
    memcpy(key, sub->value, sub->value_len);
    key[sub->value_len] = '\0';
    const df_fact *until = df_fact_get(df_fact_get(q->t, "builds_until"), key);
    if (df_fact_size(until) < 2)
        return false;
    long major, minor;
    df_imgref ir;
    if (!image_version(q->d, q->stage, q->t, &major, &minor))
        /* golang, golang:latest, golang:alpine: the newest release */
        return !(version_image(q->d, q->stage, q->t, &ir) && (!ir.has_tag || !isdigit((unsigned char)ir.tag[0])));
    long um = (long)df_fact_number(df_fact_at(until, 0)), un = (long)df_fact_number(df_fact_at(until, 1));
    return major < um || (major == um && minor <= un);
}

static int visit_fill(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    fill_q *q = user;
    df_sh_view v;
    if (ctx->in_function || df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION) ||
        !is_tool(q->t, &v))
        return 0;
    static const df_sh_flagspec none = {"", NULL, false};
    const df_sh_word *sub = df_sh_subcommand(&v, &none);
    const df_fact *subs = df_fact_get(q->t, "compile_subcommands");
    if (!subs)
        subs = df_fact_get(q->t, "subcommands");
    if (sub && !(sub->flags & DF_SH_W_EXPANSION) &&
        (df_fact_has(subs, sub->value, sub->value_len) || compiles_here(q, sub)))
        q->found = true;
    return q->found;
}

/* Does a command of RUN in make visitor fn (a fill_q visitor for tool t)
 * say found? */
static bool run_finds(const df_ctx *c, const df_instr *in, const df_fact *t, df_sh_visit_fn fn)
{
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o))
        return false;
    fill_q q = {t, false, c->doc, in->stage};
    df_sh_walk(o.rs.script, fn, &q);
    return q.found;
}

static bool fill_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    return run_finds(c, in, arg, visit_fill);
}

/* Did an earlier RUN of r's stage, or of a stage it is built FROM, fill
 * tool t's caches? Then they sit in that layer: a cleanup in r frees only
 * what r added. */
static bool filled_earlier(st_t *st, const df_pm_run *r, const df_fact *t)
{
    size_t k = 0;
    while (k < st->nfill && st->fill[k].t != t)
        k++;
    if (k == st->nfill) {
        if (k == sizeof st->fill / sizeof st->fill[0])
            return false;
        st->fill[k].t = t;
        st->fill[k].ok = df_pm_marks_build(st->c, fill_pred, t, &st->fill[k].m) == 0;
        st->nfill++;
    }
    return st->fill[k].ok && df_pm_marked_earlier(r, &st->fill[k].m);
}

/* Does a RUN remove tool q->t's cache with rm (rm_cleans_tool)? */
static int visit_clean(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    fill_q *q = user;
    df_sh_view v;
    if (ctx->in_function || df_sh_command_view(cmd, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm"))
        return 0;
    for (size_t i = 0; i < v.nargs; i++)
        if (rm_cleans_tool(q->d->arena, q->t, &v.args[i], NULL))
            q->found = true;
    return 0;
}

static bool clean_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    return run_finds(c, in, arg, visit_clean);
}

/* The line of a later RUN of r's stage that removes tool t's cache with rm
 * (`rm -rf /home/laravel/.composer/cache` after `composer global require`
 * as that user: review run 14, apps 229), or 0. The author cleans already,
 * in a layer where it frees nothing: a cleanup added here would read as a
 * second one, and the fix must also drop that rm, which is the author's
 * to decide: advice. */
static size_t cleaned_later(st_t *st, const df_pm_run *r, const df_fact *t)
{
    size_t k = 0;
    while (k < st->nclean && st->clean[k].t != t)
        k++;
    if (k == st->nclean) {
        if (k == sizeof st->clean / sizeof st->clean[0])
            return 0;
        st->clean[k].t = t;
        st->clean[k].ok = df_pm_marks_build(st->c, clean_pred, t, &st->clean[k].m) == 0;
        st->nclean++;
    }
    return st->clean[k].ok ? df_pm_marked_later_line(r, &st->clean[k].m) : 0;
}

static bool runs_phrase(const df_sh_view *v, const char *phrase);

/* Does RUN in download Go modules (one of go "module_fillers": `go get`,
 * `go mod download`)? */
static int visit_modfill(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    fill_q *q = user;
    df_sh_view v;
    if (ctx->in_function || df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    size_t i;
    const df_fact *f;
    df_fact_foreach(df_fact_get(q->t, "module_fillers"), i, f)
    {
        if (df_fact_str(f) && runs_phrase(&v, df_fact_str(f)))
            q->found = true;
    }
    return q->found;
}

static bool modfill_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    return run_finds(c, in, arg, visit_modfill);
}

/* Did an earlier RUN of r's stage (or of a stage it is built FROM) fill
 * Go's module cache? Then the modules sit in that layer, and
 * `go clean -modcache` in r frees only what r downloaded on top: the
 * cleanup is the build cache's alone ("cleanup_build_only"). Review run 13
 * (R1 apps 525, R3 apps 256: `RUN go get .`, then `RUN go build`). */
static bool modules_filled_earlier(st_t *st, const df_pm_run *r, const df_fact *t)
{
    if (st->modfill_ok < 0)
        st->modfill_ok = df_pm_marks_build(st->c, modfill_pred, t, &st->modfill) == 0;
    return st->modfill_ok && df_pm_marked_earlier(r, &st->modfill);
}

/* The value ENV gives each variable of go_env at every instruction (NULL:
 * not set in the file, or not a plain path), in one pass over the file. A
 * stage starts with its parent stage's values (an image's are not known). */
static void build_env(st_t *st)
{
    st->env_built = true;
    const df_doc *d = st->c->doc;
    for (size_t e = 0; e < 3; e++) {
        const char **at = df_env_before(d, go_env[e], strlen(go_env[e]));
        if (!at)
            return;
        /* only a plain absolute path names a folder to clean */
        for (size_t i = 0; i < d->ninstrs; i++)
            if (at[i] && !(at[i][0] == '/' && plain_path(at[i])))
                at[i] = NULL;
        st->env[e] = at;
    }
}

/* Go's build and module cache folders at RUN r when ENV sets them (dirs[0]:
 * GOCACHE, dirs[1]: GOMODCACHE, or the first GOPATH entry's pkg/mod);
 * NULL each when the defaults hold. */
static void go_dirs(st_t *st, const df_pm_run *r, const char **dirs)
{
    dirs[0] = dirs[1] = NULL;
    if (!st->env_built)
        build_env(st);
    size_t i = r->in->index;
    if (!st->env[2] || r->in->cmd != DF_CMD_RUN)
        return;
    dirs[0] = st->env[0][i];
    dirs[1] = st->env[1][i];
    if (!dirs[1] && st->env[2][i]) {
        const char *gp = st->env[2][i];
        size_t n = strcspn(gp, ":");
        char *m = df_arena_alloc(st->c->doc->arena, n + sizeof "/pkg/mod");
        if (m) {
            memcpy(m, gp, n);
            strcpy(m + n, "/pkg/mod");
            dirs[1] = m;
        }
    }
}

/* Is one of dirs the target of a cache or tmpfs mount of r? */
static bool env_dirs_mounted(const df_pm_run *r, const char *const *dirs)
{
    size_t at = 0;
    const df_word *f;
    while ((f = df_instr_flag(r->rs.run, "mount", &at))) {
        if (!has_sub(f->value, f->len, "type=cache", 10) && !has_sub(f->value, f->len, "type=tmpfs", 10))
            continue;
        for (size_t e = 0; e < 2; e++)
            if (dirs[e] && has_sub(f->value, f->len, dirs[e], strlen(dirs[e])))
                return true;
    }
    return false;
}

/* Can the tool of the stage's image be older than its cleanup needs (the
 * tool's "cleanup_min_version", data)? A tagged image of "version_images"
 * (golang:1.9) says its version; on a release of "old_on_releases" the
 * distribution's package is too old (xenial's golang is Go 1.6). */
static bool tool_too_old(st_t *st, const df_pm_run *r, const df_fact *t)
{
    const df_fact *min = df_fact_get(t, "cleanup_min_version");
    if (df_fact_size(min) < 2)
        return false;
    const df_doc *d = r->c->doc;
    if (r->in->stage >= d->nstages)
        return false;
    df_imgref ir;
    if (!df_stage_image(d, df_stage_root(d, r->in->stage), &ir) || ir.var)
        return false;
    const char *name = strrchr(ir.name, '/') ? strrchr(ir.name, '/') + 1 : ir.name;
    const df_fact *imgs = df_fact_get(t, "version_images");
    if (df_fact_has(imgs, name, strlen(name))) {
        if (!ir.has_tag || !isdigit((unsigned char)ir.tag[0]))
            return false;
        char *end;
        long major = strtol(ir.tag, &end, 10), minor;
        if (*end != '.')
            return false; /* golang:1 is the newest 1.x */
        minor = strtol(end + 1, NULL, 10);
        long want_major = (long)df_fact_number(df_fact_at(min, 0)), want_minor = (long)df_fact_number(df_fact_at(min, 1));
        return major < want_major || (major == want_major && minor < want_minor);
    }
    if (df_pm_on_release(d, r->in->stage, df_fact_get(t, "old_on_releases"), NULL, NULL, 0) != 1)
        return false;
    /* the release's package is old, unless the file downloads a release
     * of the tool itself (353solutions/carrow: go1.14.6.linux-amd64.tar.gz
     * on ubuntu:18.04); one scan of the file, asked once */
    if (st->own_download < 0) {
        const df_fact *marks = df_fact_get(t, "download_markers");
        st->own_download = marks && df_pm_contains_any(r->c, r->c->src->text, r->c->src->len, marks);
    }
    return !st->own_download;
}

/* Does simple command v run `phrase` (words; the first by its basename)? */
static bool runs_phrase(const df_sh_view *v, const char *phrase)
{
    const char *p = phrase;
    size_t pl = strcspn(p, " ");
    const char *nm = v->name->value;
    size_t nl = v->name->value_len;
    for (size_t k = 0; k < v->name->value_len; k++)
        if (v->name->value[k] == '/')
            nm = v->name->value + k + 1, nl = v->name->value_len - k - 1;
    if (nl != pl || memcmp(nm, p, pl) != 0)
        return false;
    for (size_t a = 0; p[pl]; a++) {
        p += pl + 1;
        pl = strcspn(p, " ");
        if (a >= v->nargs || v->args[a].value_len != pl || memcmp(v->args[a].value, p, pl) != 0)
            return false;
    }
    return true;
}

/* Is the image built only to run a test suite (base-images.json
 * toolchain_image.test_build): a file named Dockerfile.test (or the like),
 * no CMD or ENTRYPOINT in the shipped stage or the stages it is built
 * FROM, and a last instruction that is a RUN ending with a test command
 * (`RUN go test -v ./...`)? Then the build is the test job and nothing
 * ships (353solutions/carrow, review H). Asked once per check. */
static bool test_build(st_t *st)
{
    if (st->test_build >= 0)
        return st->test_build;
    st->test_build = 0;
    const df_ctx *c = st->c;
    const df_doc *d = c->doc;
    const df_fact *tb = df_fact_get(df_fact_get(df_kb_images(c->kb), "toolchain_image"), "test_build");
    const char *path = c->src ? c->src->path : NULL;
    if (!tb || !path || !d->nstages)
        return false;
    size_t pl = strlen(path), i;
    const df_fact *v;
    bool named = false;
    df_fact_foreach(df_fact_get(tb, "file_names"), i, v)
    {
        const char *n = df_fact_str(v);
        size_t nl = n ? strlen(n) : 0;
        if (nl && pl >= nl && strncasecmp(path + pl - nl, n, nl) == 0)
            named = true;
    }
    if (!named)
        return false;
    size_t last = d->nstages - 1;
    for (size_t s = last; s < d->nstages; s = d->stages[s].parent) {
        for (size_t k = d->stages[s].from; k <= d->stages[s].last; k++)
            if (d->instrs[k]->cmd == DF_CMD_CMD || d->instrs[k]->cmd == DF_CMD_ENTRYPOINT)
                return false;
        if (d->stages[s].parent >= s)
            break;
    }
    df_pm_run o;
    if (!df_pm_run_of(c, d->instrs[d->stages[last].last], &o) || !o.rs.script->list.n)
        return false;
    const df_sh_node *n = o.rs.script->list.items[o.rs.script->list.n - 1].node;
    df_sh_view cv;
    if (n->kind != DF_SH_SIMPLE || df_sh_command_view(n, &cv) < 0 || !cv.name)
        return false;
    df_fact_foreach(df_fact_get(tb, "test_commands"), i, v)
    {
        if (df_fact_str(v) && runs_phrase(&cv, df_fact_str(v))) {
            st->test_build = 1;
            return true;
        }
    }
    return false;
}

static const char *end_item(const df_pm_run *r, size_t *item);
static bool not_root(st_t *st, const df_instr *in);

/* Does a command of a RUN other than rm name one of the folders q->t
 * (an array of paths)? */
static int visit_reads_dir(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    fill_q *q = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || (v.name && df_sh_word_is(v.name, "rm")))
        return 0;
    size_t k;
    const df_fact *f;
    df_fact_foreach(q->t, k, f)
    {
        const char *dir = df_fact_str(f);
        for (size_t i = 0; dir && !q->found && i < v.nargs; i++)
            q->found = has_sub(v.args[i].value, v.args[i].value_len, dir, strlen(dir));
        if (dir && v.name && has_sub(v.name->value, v.name->value_len, dir, strlen(dir)))
            q->found = true;
        for (size_t i = 0; dir && !q->found && i < cmd->nredirs; i++)
            q->found = has_sub(cmd->redirs[i].target.value, cmd->redirs[i].target.value_len, dir, strlen(dir));
    }
    return q->found;
}

/* One of tool t's cache_dirs that an instruction after r reads: one that
 * names it, other than an rm of a RUN (a later RUN's own cleanup, which
 * our removal leaves as it was), or NULL. The last such instruction of the
 * file is found once per tool, walking back from the end: one pass. */
static const char *later_reader_of(st_t *st, const df_pm_run *r, const df_fact *t)
{
    size_t k = 0;
    while (k < st->nreader && st->reader[k].t != t)
        k++;
    if (k == st->nreader) {
        if (k == sizeof st->reader / sizeof st->reader[0])
            return "its folder"; /* cannot happen with the data's tools: assume it reads */
        const df_fact *dirs = df_fact_get(t, "cache_dirs");
        const df_doc *d = st->c->doc;
        st->reader[k].t = t;
        st->reader[k].at = SIZE_MAX;
        st->reader[k].dir = NULL;
        st->nreader++;
        for (size_t i = d->ninstrs; i-- > 0 && !st->reader[k].dir;) {
            const df_instr *x = d->instrs[i];
            size_t j;
            const df_fact *f;
            df_fact_foreach(dirs, j, f)
            {
                const char *dir = df_fact_str(f);
                if (!st->reader[k].dir && dir && instr_mentions(st, x, dir, false) &&
                    (x->cmd != DF_CMD_RUN || run_finds(st->c, x, dirs, visit_reads_dir))) {
                    st->reader[k].at = i;
                    st->reader[k].dir = dir;
                }
            }
        }
    }
    return st->reader[k].dir && st->reader[k].at > r->in->index ? st->reader[k].dir : NULL;
}

/* The RUN's last top-level item `at` when it is the author's `rm` with -r
 * and -f, run after the item before it whenever that succeeds (no `||` in
 * its and-or chain): the author's cleanup, where a path joins its words
 * (`&& rm -rf /var/lib/apt/lists/<glob>` gets ` /tmp/pear`). */
static const df_sh_node *end_rm(const df_pm_run *r, size_t at)
{
    const df_sh_list *l = &r->rs.script->list;
    const df_sh_node *n = l->items[at].node;
    df_sh_view v;
    if (n->kind != DF_SH_SIMPLE || df_sh_command_view(n, &v) < 0 || !v.name || !df_sh_word_is(v.name, "rm") ||
        !v.nargs)
        return NULL;
    for (size_t j = at; j-- > 0 && (l->items[j].op == DF_SH_OP_AND || l->items[j].op == DF_SH_OP_OR);)
        if (l->items[j].op == DF_SH_OP_OR)
            return NULL;
    bool rec = false, force = false;
    for (size_t i = 0; i < v.nargs; i++) {
        const df_sh_word *w = &v.args[i];
        if (w->value_len < 2 || w->value[0] != '-')
            continue;
        if (df_sh_word_is(w, "--"))
            break;
        if (w->value[1] == '-') {
            rec = rec || df_sh_word_is(w, "--recursive");
            force = force || df_sh_word_is(w, "--force");
        } else {
            rec = rec || memchr(w->value, 'r', w->value_len) || memchr(w->value, 'R', w->value_len);
            force = force || memchr(w->value, 'f', w->value_len);
        }
    }
    return rec && force ? n : NULL;
}

static void check_tool(st_t *st, df_pm_run *r, const char *tool, const df_fact *t)
{
    if (df_fact_is_true(df_fact_get(t, "shipped_only")) && !r->ships)
        return;
    tool_scan ts;
    memset(&ts, 0, sizeof ts);
    ts.st = st;
    ts.r = r;
    ts.tool = tool;
    ts.t = t;
    bool go = strcmp(tool, "go") == 0;
    if (go)
        go_dirs(st, r, ts.env_dirs);
    df_sh_walk(r->rs.script, visit_tool, &ts);
    if (!ts.last || ts.cleaned || ts.disabled || df_pm_cache_mounted(r, t) || env_dirs_mounted(r, ts.env_dirs))
        return;
    const df_sh_script *s = r->rs.script;
    const char *why = NULL;
    if (r->in->cmd == DF_CMD_RUN && r->in->stage == st->c->doc->nstages - 1 && test_build(st))
        why = "the image is built only to run its tests (a test Dockerfile whose last step runs them, no CMD or "
              "ENTRYPOINT): no byte of it ships, and a cleanup only adds work to the test job";
    else if (!df_fact_is_true(df_fact_get(t, "fills_per_run")) && filled_earlier(st, r, t))
        why = "an earlier RUN already filled the caches with the tool, and they stay in its layer: cleaning here "
              "frees only what this RUN adds; clean them in the RUN that fills them, or use a cache mount";
    const df_fact *readers = df_fact_get(t, "readers");
    size_t i;
    const df_fact *w;
    df_fact_foreach(readers, i, w)
    {
        if (!why && df_fact_str(w) && later_mentions(st, r->in, df_fact_str(w), true))
            why = "a later instruction runs the tool again and may rely on the cache (an offline build)";
        if (!why && df_fact_str(w) && df_runtime_mentions(st->c, df_fact_str(w)))
            why = "the image runs the tool when it starts";
    }
    if (!why && df_fact_size(readers) && later_run(st->c, r->in))
        why = "a later RUN of the image may build with the tool (make, a script)";
    char laterbuf[300];
    /* at_end (pecl): removed at the end of the RUN, unless a later
     * instruction reads the folder; a later RUN's rm of it stays its own */
    bool at_end = df_fact_is_true(df_fact_get(t, "at_end"));
    size_t end = 0;
    if (at_end) {
        const char *dir = why ? NULL : later_reader_of(st, r, t);
        if (!why && not_root(st, r->in))
            why = "the RUN does not run as root: the folder may not be its user's to remove";
        else if (dir) {
            snprintf(laterbuf, sizeof laterbuf, "a later instruction names %s and may read it", dir);
            why = laterbuf;
        } else if (!why && (in_compound(s, ts.first->span.start) || in_compound(s, ts.last->span.start)))
            /* review run 18 (laradock): an rm after the fi, outside the
             * branch that installs an optional extension, was rejected */
            why = "the tool runs inside an if, case or loop: remove the folder right after it, in that branch";
        else if (!why)
            why = end_item(r, &end);
    }
    size_t rm_line = why || at_end ? 0 : cleaned_later(st, r, t);
    if (rm_line) {
        snprintf(laterbuf, sizeof laterbuf,
                 "the RUN at line %zu removes the cache with rm, in a later layer, where that frees nothing: "
                 "clean it in this RUN instead and drop that rm",
                 rm_line);
        why = laterbuf;
    }
    size_t top = top_item(s, ts.last->span.start);
    if (!why && !at_end && (top == (size_t)-1 || !df_pm_can_join(r, &s->list, top)))
        why = "the last call is followed by ||, & or a continued line";
    const char *cleanup = df_fact_str(df_fact_get(t, "cleanup"));
    bool mod_earlier = go && !why && df_fact_get(t, "cleanup_build_only") && modules_filled_earlier(st, r, t);
    if (mod_earlier)
        cleanup = df_fact_str(df_fact_get(t, "cleanup_build_only"));
    /* a go older than 1.11 has no module cache (nor, before 1.10, a build
     * cache), and its go clean no -cache / -modcache: the cleanup would
     * fail the build (mozilla/mig on xenial, review run 10) */
    if (cleanup && tool_too_old(st, r, t))
        return;
    const char *what = df_fact_str(df_fact_get(t, "what"));
    char gowhat[1300], modnote[700] = "";
    if (go) {
        /* the folders that apply: ENV's; else $HOME/.cache/go-build and,
         * in a golang image (GOPATH=/go), /go/pkg/mod, elsewhere Go's
         * default GOPATH $HOME/go (Go unpacked from a tarball on ubuntu:
         * /root/go/pkg/mod, 353solutions/carrow, review H) */
        if (!st->homes_built) {
            st->homes_built = true;
            st->homes = df_homes(st->c->doc->arena, st->c->doc);
        }
        const char *home = st->homes && r->in->cmd == DF_CMD_RUN ? st->homes[r->in->index] : NULL;
        if (!home || home[0] != '/')
            home = "$HOME";
        if (strcmp(home, "/") == 0)
            home = "";
        df_imgref ir;
        bool golang = version_image(st->c->doc, r->in->stage, t, &ir);
        char build[560], mod[560];
        snprintf(build, sizeof build, "%s/.cache/go-build", home);
        snprintf(mod, sizeof mod, "%s/go/pkg/mod", home);
        const char *moddir = ts.env_dirs[1] ? ts.env_dirs[1] : golang ? "/go/pkg/mod" : mod;
        if (mod_earlier) {
            snprintf(gowhat, sizeof gowhat, "its build cache (%s)", ts.env_dirs[0] ? ts.env_dirs[0] : build);
            snprintf(modnote, sizeof modnote,
                     "; its module cache (%s) was filled by an earlier RUN and stays in that layer", moddir);
        } else
            snprintf(gowhat, sizeof gowhat, "its build cache (%s) and module cache (%s)",
                     ts.env_dirs[0] ? ts.env_dirs[0] : build, moddir);
        what = gowhat;
    }
    df_severity sev = st->c->rule->severity;
    df_diag *d = df_report(st->c, sev,
                           df_runsh_span(&r->rs, (df_span){ts.first->span.start, ts.first_sub->span.end}),
                           "%s %.*s leaves %s in a layer of the image%s%s%s%s", tool, (int)ts.first_sub->value_len,
                           ts.first_sub->value, what ? what : "its cache", modnote, why ? " (no automatic fix: " : "",
                           why ? why : "", why ? ")" : "");
    if (!d || why || !cleanup)
        return;
    char desc[300];
    if (at_end) {
        const df_sh_node *rm = end_rm(r, end);
        const char *dir = df_fact_str(df_fact_at(df_fact_get(t, "cache_dirs"), 0));
        if (rm && dir) {
            snprintf(desc, sizeof desc, "add %s to the rm at the end of the RUN", dir);
            if (rm_join(st, r, d, rm, dir, desc, true))
                return;
        }
        snprintf(desc, sizeof desc, "append `%s` at the end of the RUN", cleanup);
        if (df_diag_set_fix(st->c->out, d, DF_APPLY_SAFE, desc))
            df_pm_append_item(r, d, &s->list, end, cleanup);
        return;
    }
    snprintf(desc, sizeof desc, "append `%s` after the last %s call", cleanup, tool);
    if (df_diag_set_fix(st->c->out, d, DF_APPLY_SAFE, desc))
        df_pm_append_item(r, d, &s->list, top, cleanup);
}

/* ---- removals at the end of the RUN ----------------------------------------
 * The GnuPG home, a build folder and the gem spec cache are removed after the last
 * top-level item of the RUN: whatever the RUN does after making them (a
 * script that reads GNUPGHOME, a `make test` in the build folder) has run by
 * then, and nothing after it can read them. */

/* The last top-level item of r's script, when a command can follow it;
 * otherwise why not. */
static const char *end_item(const df_pm_run *r, size_t *item)
{
    const df_sh_list *l = &r->rs.script->list;
    if (l->n == 0)
        return "the RUN is empty";
    size_t i = l->n - 1;
    if (!df_pm_can_join(r, l, i))
        return "the RUN ends with & or a continued line";
    df_sh_view v;
    const df_sh_node *last = l->items[i].node;
    if (last->kind == DF_SH_SIMPLE && df_sh_command_view(last, &v) == 0 && v.name &&
        (df_sh_word_is(v.name, "exit") || df_sh_word_is(v.name, "exec")))
        return "the RUN ends with exit or exec";
    *item = i;
    return NULL;
}

/* Report what a class found, with `cmds` (NULL-terminated) appended after
 * top-level item `at` as the fix, or `why` there is none. */
static void report_end(st_t *st, df_pm_run *r, df_span where, const char *why, size_t at, const char *const *cmds,
                       const char *msg)
{
    bool fix;
    df_severity sev = df_pm_severity(r, &fix);
    df_diag *d = df_report(st->c, sev, df_runsh_span(&r->rs, where), "%s%s%s%s", msg,
                           why ? " (no automatic fix: " : "", why ? why : "", why ? ")" : "");
    if (!d || why)
        return;
    char desc[600];
    size_t k = (size_t)snprintf(desc, sizeof desc, "append `");
    for (size_t i = 0; cmds[i] && k < sizeof desc; i++)
        k += (size_t)snprintf(desc + k, sizeof desc - k, "%s%s", i ? "`, `" : "", cmds[i]);
    if (k < sizeof desc)
        snprintf(desc + k, sizeof desc - k, "` at the end of the RUN%s%s%s", fix ? "" : " (not applied: ",
                 fix ? "" : df_pm_held(r), fix ? "" : ")");
    if (!df_diag_set_fix(st->c->out, d, fix ? DF_APPLY_SAFE : DF_APPLY_DISPLAY, desc))
        return;
    for (size_t i = 0; cmds[i]; i++)
        if (df_pm_append_item(r, d, &r->rs.script->list, at, cmds[i]) != 0)
            return;
}

/* Is the word `$(mktemp -d)` (or backquotes): a new folder? *plain: made
 * with no folder given, so under /tmp. */
static bool mktemp_dir(const df_sh_word *w, bool *plain)
{
    if (!(w->flags & DF_SH_W_CMDSUBST) || !has_sub(w->value, w->value_len, "mktemp", 6))
        return false;
    if (!has_word(w->value, w->value_len, "-d") && !has_sub(w->value, w->value_len, "--directory", 11))
        return false;
    *plain = has_sub(w->value, w->value_len, "mktemp -d)", 10) || has_sub(w->value, w->value_len, "mktemp -d`", 10);
    return true;
}

/* Does word w name variable var ($var, ${var}, "$var/x")? */
static bool names_var(const df_sh_word *w, const char *var)
{
    size_t n = strlen(var);
    /* a memchr to each $ (most words have none): asked of every word of
     * every command of a RUN that sets GNUPGHOME */
    const char *end = w->value + w->value_len;
    for (const char *p = w->value; n < w->value_len && (p = memchr(p, '$', (size_t)(end - p))) != NULL; p++) {
        size_t i = (size_t)(p - w->value);
        if (i + n >= w->value_len)
            break;
        size_t j = i + 1 + (w->value[i + 1] == '{');
        if (j + n <= w->value_len && memcmp(w->value + j, var, n) == 0 &&
            (j + n == w->value_len || !(word_char(w->value[j + n]) && w->value[j + n] != '-' && w->value[j + n] != '.')))
            return true;
    }
    return false;
}

/* The assignments a command makes that outlive it: NAME=v alone on its
 * line, or `export NAME=v` / `readonly` / `declare -x`. Calls fn for each. */
typedef void (*assign_fn)(void *user, const char *name, size_t n, const df_sh_word *value, const df_sh_node *cmd,
                          const df_sh_ctx *ctx);

static void each_assign(const df_sh_node *cmd, const df_sh_view *v, const df_sh_ctx *ctx, assign_fn fn, void *user)
{
    if (!v->name) {
        for (size_t i = 0; i < cmd->simple.nassigns; i++) {
            const df_sh_assign *a = &cmd->simple.assigns[i];
            fn(user, a->name, a->name_len, &a->value, cmd, ctx);
        }
        return;
    }
    if (!df_sh_word_is(v->name, "export") && !df_sh_word_is(v->name, "readonly") && !df_sh_word_is(v->name, "declare"))
        return;
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        const char *eq = memchr(w->value, '=', w->value_len);
        if (!eq || w->value[0] == '-')
            continue;
        /* the value's flags are the word's: `export X="$(mktemp -d)"` */
        df_sh_word val = *w;
        val.value = eq + 1;
        val.value_len = w->value_len - (size_t)(eq + 1 - w->value);
        fn(user, w->value, (size_t)(eq - w->value), &val, cmd, ctx);
    }
}

/* ---- GNUPGHOME ------------------------------------------------------------ */

typedef struct {
    st_t *st;
    const df_pm_run *r;
    const df_fact *g;
    const char *var;
    const df_sh_node *set; /* the command that made the folder */
    bool plain, used, removed, killed;
    bool lost;             /* a removal cannot name it: reset, or unset before the end */
    bool nested;           /* made where the end of the RUN does not see it */
    size_t unset_item;     /* top-level `unset GNUPGHOME` after the last use, or SIZE_MAX */
    size_t use_end;        /* script offset just after the last command that used it */
} gpg_scan;

static void gpg_assign(void *user, const char *name, size_t n, const df_sh_word *value, const df_sh_node *cmd,
                       const df_sh_ctx *ctx)
{
    gpg_scan *g = user;
    if (strlen(g->var) != n || memcmp(name, g->var, n) != 0)
        return;
    bool plain = false;
    if (!mktemp_dir(value, &plain)) {
        if (g->set && g->used && !g->removed)
            g->lost = true; /* set to something else while the folder is left */
        return;
    }
    if (!ctx->leaks || ctx->depth > 0) {
        g->nested = true;
        return;
    }
    if (g->set && g->used && !g->removed)
        g->lost = true; /* an earlier folder is left and can no longer be named */
    g->set = cmd;
    g->plain = plain;
    g->used = g->removed = g->killed = false;
    g->unset_item = SIZE_MAX;
}

static int visit_gpg(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    gpg_scan *g = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || ctx->in_function)
        return 0;
    each_assign(cmd, &v, ctx, gpg_assign, g);
    if (!g->set || cmd == g->set || !v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (df_sh_word_is(v.name, "rm")) {
        for (size_t i = 0; i < v.nargs; i++) {
            const df_sh_word *w = &v.args[i];
            char *p = (w->flags & DF_SH_W_EXPANSION) ? NULL : df_path_resolve(g->st->c->doc->arena, "/", w->value, w->value_len);
            if (names_var(w, g->var) || (g->plain && p && strcmp(p, "/") != 0 && df_path_covers(p, "/tmp/tmp.XXXXXXXXXX")))
                g->removed = true;
        }
        return 0;
    }
    if (df_sh_word_is(v.name, "unset")) {
        for (size_t i = 0; i < v.nargs; i++)
            if (df_sh_word_is(&v.args[i], g->var) && g->used && !g->removed) {
                g->unset_item = ctx->depth == 0 && ctx->list == &g->r->rs.script->list ? ctx->index : SIZE_MAX;
                if (g->unset_item == SIZE_MAX)
                    g->lost = true;
            }
        return 0;
    }
    size_t n;
    const char *b = df_deps_basename(v.name->value, v.name->value_len, &n);
    bool mentions = false;
    for (size_t i = 0; i < v.nargs && !mentions; i++)
        mentions = names_var(&v.args[i], g->var);
    for (size_t i = 0; i < cmd->simple.nassigns && !mentions; i++)
        mentions = names_var(&cmd->simple.assigns[i].value, g->var);
    if (!mentions && !df_fact_has(df_fact_get(g->g, "users"), b, n))
        return 0;
    if (g->unset_item != SIZE_MAX)
        g->lost = true; /* used again after the unset */
    g->used = true;
    g->use_end = cmd->span.end;
    g->killed = n == 7 && memcmp(b, "gpgconf", 7) == 0 && (df_sh_has_flag(&v, NULL, "--kill") || df_sh_has_flag(&v, NULL, "-K"));
    return 0;
}

/* Does a package manager remove packages (apt-get purge, apk del, ...) after
 * script offset `after`? gpg's own package may go with them. */
static bool packages_removed_after(df_pm_run *r, size_t after)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, NULL, &calls);
    for (size_t i = 0; i < n; i++)
        if (calls[i].cmd->span.start >= after && df_pm_sub_is(&calls[i], "remove"))
            return true;
    return false;
}

static void check_gnupg_home(st_t *st, df_pm_run *r)
{
    const df_fact *gj = df_fact_get(st->lo, "gnupg_home");
    const char *var = df_fact_str(df_fact_get(gj, "var"));
    if (!var)
        return;
    gpg_scan g;
    memset(&g, 0, sizeof g);
    g.st = st;
    g.r = r;
    g.g = gj;
    g.var = var;
    g.unset_item = SIZE_MAX;
    df_sh_walk(r->rs.script, visit_gpg, &g);
    if (!g.set || !g.used || g.removed)
        return;
    const char *why = g.lost ? "GNUPGHOME is set again or unset where a removal at the end cannot name the folder" : NULL;
    size_t at = 0;
    const df_sh_list *top = &r->rs.script->list;
    if (!why && g.unset_item != SIZE_MAX) {
        /* remove it right before the `unset` */
        if (g.unset_item == 0 || !df_pm_can_join(r, top, g.unset_item - 1))
            why = "the command before `unset GNUPGHOME` is followed by || or &";
        at = g.unset_item - 1;
    } else if (!why)
        why = end_item(r, &at);
    if (!why && !g.killed && packages_removed_after(r, g.use_end))
        why = "the RUN removes packages after its last gpg command, gpgconf may be gone by its end: remove the GnuPG "
              "home before they are removed";
    const char *cmds[3] = {NULL, NULL, NULL};
    size_t k = 0;
    if (!g.killed)
        cmds[k++] = df_fact_str(df_fact_get(gj, "kill"));
    cmds[k++] = df_fact_str(df_fact_get(gj, "cleanup"));
    if (!cmds[k - 1])
        return;
    df_sh_view v;
    df_span where = g.set->span;
    if (df_sh_command_view(g.set, &v) == 0 && v.name)
        where = (df_span){v.name->span.start, g.set->span.end};
    report_end(st, r, where, why, at, cmds,
               "the GnuPG home this RUN makes (GNUPGHOME, a mktemp -d folder) is never removed: its keyring, trust "
               "database and random seed stay in the layer, a few KB (the agents' sockets are not stored in "
               "a layer): removing it is the official images' hygiene, not a size saving");
}

/* ---- build folders ---------------------------------------------------------- */

#define TMPVAR "/?tmp/" /* a mktemp -d folder named by a variable: /?tmp/NAME */
#define ANON_DIR "/?anon" /* cd "$(mktemp -d)": no name to remove it by */

typedef struct {
    const char *path;   /* absolute, or TMPVAR NAME, or ANON_DIR */
    const char *var;    /* the variable holding it, or NULL */
    const df_sh_node *made;
    bool built, installed, removed, moved, linked, lost;
} bdir;

typedef struct {
    st_t *st;
    df_pm_run *r;
    const df_fact *b;
    /* b's lists, looked up once per scan: visit_build asks them of every
     * command (and argument) */
    const df_fact *parents, *install_targets, *persistent_links, *editable_words, *builders, *clean_targets;
    const char *cwd;
    bdir *v;
    size_t n, cap;
    const char **ex;    /* folders where an archive was unpacked or a clone made */
    size_t nx, capx;
} bd_scan;

static bdir *bd_add(bd_scan *s, const char *path, const char *var, const df_sh_node *cmd)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].path, path) == 0) {
            if (var)
                s->v[i].lost = true; /* the variable is set again */
            return &s->v[i];
        }
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 4;
        bdir *nv = df_arena_grow(s->st->c->doc->arena, s->v, s->cap, nc, sizeof *nv);
        if (!nv)
            return NULL;
        s->v = nv;
        s->cap = nc;
    }
    bdir *d = &s->v[s->n++];
    memset(d, 0, sizeof *d);
    d->path = path;
    d->var = var;
    d->made = cmd;
    return d;
}

static void bd_extracted(bd_scan *s, const char *dir)
{
    if (!dir)
        return;
    if (s->nx == s->capx) {
        size_t nc = s->capx ? s->capx * 2 : 4;
        const char **nv = df_arena_grow(s->st->c->doc->arena, s->ex, s->capx, nc, sizeof *nv);
        if (!nv)
            return;
        s->ex = nv;
        s->capx = nc;
    }
    s->ex[s->nx++] = dir;
}

/* Is path strictly under folder dir? */
static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1];
}

static bool at_or_under(const char *path, const char *dir)
{
    return strcmp(path, dir) == 0 || under(path, dir);
}

/* The folder right below a build parent that holds path (/usr/src/x for
 * /usr/src/x/build), in the arena; NULL when path is not below one. */
static const char *below_parent(bd_scan *s, const char *path)
{
    size_t i;
    const df_fact *pj;
    df_fact_foreach(s->parents, i, pj)
    {
        const char *p = df_fact_str(pj);
        if (!p || !under(path, p))
            continue;
        size_t n = strlen(p) + 1;
        const char *slash = strchr(path + n, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        return df_arena_strndup(s->st->c->doc->arena, path, len);
    }
    return NULL;
}

static bool is_parent(bd_scan *s, const char *path)
{
    size_t i;
    const df_fact *pj;
    df_fact_foreach(s->parents, i, pj)
    {
        if (df_fact_str(pj) && strcmp(df_fact_str(pj), path) == 0)
            return true;
    }
    return false;
}

static void bd_assign(void *user, const char *name, size_t n, const df_sh_word *value, const df_sh_node *cmd,
                      const df_sh_ctx *ctx)
{
    bd_scan *s = user;
    bool plain;
    char *var = df_arena_strndup(s->st->c->doc->arena, name, n);
    if (!var)
        return;
    if (strcmp(var, "GNUPGHOME") == 0)
        return; /* its own class */
    bool tmp = mktemp_dir(value, &plain);
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].var && strcmp(s->v[i].var, var) == 0)
            s->v[i].lost = true; /* set again: the removal would name another folder */
    if (tmp && ctx->leaks && ctx->depth == 0) {
        /* its path, TMPVAR NAME, made only for a folder (a snprintf for
         * every assignment of a RUN that builds was 2 M on the corpus) */
        size_t vl = strlen(var);
        char *path = df_arena_alloc(s->st->c->doc->arena, sizeof TMPVAR + vl);
        if (!path)
            return;
        memcpy(path, TMPVAR, sizeof TMPVAR - 1);
        memcpy(path + sizeof TMPVAR - 1, var, vl + 1);
        bdir *d = bd_add(s, path, var, cmd);
        if (d)
            d->lost = false;
    }
}

/* The folder word w names, in the scan's terms (a TMPVAR path for "$dir"
 * and "$dir/sub"), or NULL. */
static const char *bd_word_path(bd_scan *s, const df_sh_word *w, const char *cwd)
{
    df_arena *ar = s->st->c->doc->arena;
    if (w->flags & DF_SH_W_CMDSUBST)
        return mktemp_dir(w, &(bool){false}) ? ANON_DIR : NULL;
    if (!(w->flags & DF_SH_W_EXPANSION))
        return df_path_resolve(ar, cwd, w->value, w->value_len);
    for (size_t i = 0; i < s->n; i++) {
        if (!s->v[i].var || !names_var(w, s->v[i].var) || w->value[0] != '$')
            continue;
        /* "$dir" or "${dir}" then maybe /rest */
        const char *v = s->v[i].var;
        size_t vl = strlen(v), at = w->value[1] == '{' ? vl + 3 : vl + 1;
        if (at > w->value_len)
            continue;
        const char *p = df_path_resolve(ar, s->v[i].path, w->value + at, w->value_len - at);
        return p ? p : s->v[i].path;
    }
    return NULL;
}

/* Is the build call an install (make install, ninja install, cmake
 * --install, meson install)? DESTDIR or PREFIX inside a candidate folder
 * keeps the product there: not an install elsewhere. */
static bool bd_install(bd_scan *s, const df_sh_view *v, const char *b, size_t n)
{
    bool inst = false;
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (df_fact_has(s->install_targets, w->value, w->value_len) ||
            (n == 5 && memcmp(b, "cmake", 5) == 0 && df_sh_word_is(w, "--install")))
            inst = true;
        const char *eq = memchr(w->value, '=', w->value_len);
        if (eq && w->value[0] != '-') {
            for (size_t k = 0; k < s->n; k++)
                if (s->v[k].var ? names_var(w, s->v[k].var) : has_sub(eq, w->value_len - (size_t)(eq - w->value), s->v[k].path, strlen(s->v[k].path)))
                    return false;
        }
    }
    return inst;
}

static int visit_build(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    bd_scan *s = user;
    df_arena *ar = s->st->c->doc->arena;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || ctx->in_function)
        return 0;
    each_assign(cmd, &v, ctx, bd_assign, s);
    if (!v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    size_t n;
    const char *b = df_deps_basename(v.name->value, v.name->value_len, &n);
    if (df_sh_word_is(v.name, "cd")) {
        if (!ctx->leaks)
            return 0;
        /* a top-level cd right of && holds for the rest of the chain */
        const char *to = ctx->depth > 0 || v.nargs != 1 ? NULL : bd_word_path(s, &v.args[0], s->cwd);
        if (to && strcmp(to, ANON_DIR) == 0)
            bd_add(s, ANON_DIR, NULL, cmd);
        /* into a folder an archive or clone made right below a build parent */
        for (size_t i = 0; to && i < s->nx; i++)
            if (under(to, s->ex[i]) && is_parent(s, s->ex[i])) {
                const char *top = below_parent(s, to);
                if (top)
                    bd_add(s, top, NULL, cmd);
            }
        s->cwd = to;
        return 0;
    }
    if (n == 5 && memcmp(b, "mkdir", 5) == 0) {
        for (size_t i = 0; i < v.nargs; i++) {
            const df_sh_word *w = &v.args[i];
            if (w->value_len && w->value[0] == '-')
                continue;
            const char *p = bd_word_path(s, w, s->cwd);
            const char *top = p ? below_parent(s, p) : NULL;
            if (top)
                bd_add(s, top, NULL, cmd);
        }
        return 0;
    }
    if (n == 3 && memcmp(b, "git", 3) == 0 && v.nargs >= 2 && df_sh_word_is(&v.args[0], "clone")) {
        const df_sh_word *dir = NULL;
        size_t ops = 0;
        for (size_t i = 1; i < v.nargs; i++)
            if (v.args[i].value_len && v.args[i].value[0] != '-' && ++ops == 2)
                dir = &v.args[i];
        const char *p = dir ? bd_word_path(s, dir, s->cwd) : NULL;
        const char *top = p ? below_parent(s, p) : NULL;
        if (top)
            bd_add(s, top, NULL, cmd);
        else if (!dir)
            bd_extracted(s, s->cwd);
        return 0;
    }
    bool extract = df_fact_has(s->st->extracts, b, n) &&
                   consumes(s->st, &v, NULL, NULL);
    if (extract) {
        df_sh_arg a;
        const char *to = s->cwd;
        if ((df_sh_find_flag(&v, NULL, "-C", &a) || df_sh_find_flag(&v, NULL, "--directory", &a) ||
             df_sh_find_flag(&v, NULL, "-d", &a)) &&
            a.index + 1 < v.nargs)
            to = bd_word_path(s, &v.args[a.index + 1], s->cwd);
        bd_extracted(s, to);
        return 0;
    }
    if (df_sh_word_is(v.name, "rm") || df_sh_word_is(v.name, "mv") || df_sh_word_is(v.name, "find")) {
        bool rm = !df_sh_word_is(v.name, "mv");
        for (size_t i = 0; i < v.nargs; i++) {
            const df_sh_word *w = &v.args[i];
            const char *p = bd_word_path(s, w, s->cwd);
            /* rm -rf $ERL_TOP, find D -delete (pruned on purpose, as
             * elixir keeps its lib sources): the author's cleanup */
            for (size_t k = 0; rm && k < s->n; k++)
                if ((!p && (w->flags & DF_SH_W_EXPANSION) && w->value[0] == '$') ||
                    (df_sh_word_is(v.name, "find") && p && at_or_under(p, s->v[k].path)))
                    s->v[k].removed = true;
            if (df_sh_word_is(v.name, "find"))
                continue;
            for (size_t k = 0; p && k < s->n; k++) {
                if (rm && strcmp(p, "/") != 0 && df_path_covers(p, s->v[k].path))
                    s->v[k].removed = true;
                if (!rm && strcmp(p, s->v[k].path) == 0)
                    s->v[k].moved = true;
            }
        }
        return 0;
    }
    /* links, config files, editable installs that name a candidate outlive it */
    bool persists = df_fact_has(s->persistent_links, b, n);
    for (size_t i = 0; i < cmd->nredirs; i++)
        if (cmd->redirs[i].op == DF_SH_R_OUT || cmd->redirs[i].op == DF_SH_R_APPEND ||
            cmd->redirs[i].op == DF_SH_R_CLOBBER)
            persists = true;
    for (size_t i = 0; i < v.nargs; i++)
        if (df_fact_has(s->editable_words, v.args[i].value, v.args[i].value_len))
            persists = true;
    if (persists) {
        for (size_t k = 0; k < s->n; k++) {
            bool named = s->cwd && at_or_under(s->cwd, s->v[k].path) && n == 2 && memcmp(b, "ln", 2) == 0;
            for (size_t i = 0; i < v.nargs && !named; i++) {
                const char *p = bd_word_path(s, &v.args[i], s->cwd);
                named = (p && at_or_under(p, s->v[k].path)) ||
                        has_sub(v.args[i].value, v.args[i].value_len, s->v[k].path, strlen(s->v[k].path));
            }
            if (named)
                s->v[k].linked = true;
        }
    }
    const char *in = s->cwd;
    bool builder = df_fact_has(s->builders, b, n);
    if (!builder)
        return 0;
    df_sh_arg a;
    if ((df_sh_find_flag(&v, NULL, "-C", &a) || df_sh_find_flag(&v, NULL, "--build", &a) ||
         df_sh_find_flag(&v, NULL, "--install", &a) || df_sh_find_flag(&v, NULL, "-B", &a)) &&
        a.index + 1 < v.nargs)
        in = bd_word_path(s, &v.args[a.index + 1], s->cwd);
    if (!in)
        return 0;
    bool inst = bd_install(s, &v, b, n);
    /* `make install clean`: the author cleans the objects and keeps the
     * sources on purpose (the elixir image, for IEx and stack traces) */
    bool clean = false;
    for (size_t i = 0; i < v.nargs; i++)
        clean = clean || df_fact_has(s->clean_targets, v.args[i].value, v.args[i].value_len);
    for (size_t k = 0; k < s->n; k++)
        if (at_or_under(in, s->v[k].path)) {
            s->v[k].built = true;
            if (inst)
                s->v[k].installed = true;
            if (clean)
                s->v[k].removed = true;
        }
    (void)ar;
    return 0;
}

/* Does an instruction before `in` name path (then the folder was there
 * before this RUN: not its own)? */
static bool earlier_mentions(st_t *st, const df_instr *in, const char *path)
{
    const df_doc *d = st->c->doc;
    for (size_t i = 0; i < in->index; i++)
        if (instr_mentions(st, d->instrs[i], path, false))
            return true;
    return false;
}

static void check_build_dirs(st_t *st, df_pm_run *r)
{
    bd_scan s;
    memset(&s, 0, sizeof s);
    s.st = st;
    s.r = r;
    s.b = df_fact_get(st->lo, "build_dirs");
    if (!s.b)
        return;
    s.parents = df_fact_get(s.b, "parents");
    s.install_targets = df_fact_get(s.b, "install_targets");
    s.persistent_links = df_fact_get(s.b, "persistent_links");
    s.editable_words = df_fact_get(s.b, "editable_words");
    s.builders = df_fact_get(s.b, "builders");
    s.clean_targets = df_fact_get(s.b, "clean_targets");
    const df_instr *run = r->in;
    const char *start = run->cmd == DF_CMD_RUN && st->workdir ? st->workdir[run->index] : NULL;
    s.cwd = start;
    df_sh_walk(r->rs.script, visit_build, &s);
    for (size_t k = 0; k < s.n; k++) {
        bdir *d = &s.v[k];
        if (!d->built || !d->installed || d->removed || d->moved)
            continue;
        bool tmpvar = d->var != NULL, anon = strcmp(d->path, ANON_DIR) == 0;
        if (!tmpvar && !anon) {
            /* there before: copied, a WORKDIR, made by an earlier RUN */
            if ((start && at_or_under(start, d->path)) || earlier_mentions(st, run, d->path))
                continue;
        }
        const char *why = NULL;
        if (anon)
            why = "the folder has no name the removal could use";
        else if (d->lost)
            why = "the variable naming it is set again";
        else if (d->linked)
            why = "the RUN links to it or writes its path into a file";
        else if (!tmpvar && later_mentions(st, run, d->path, false))
            why = "a later instruction names it";
        else if (!tmpvar && !plain_path(d->path))
            why = "the file's name cannot be written where the removal would go";
        for (size_t i = run->index + 1; !why && !tmpvar && st->workdir && i < st->c->doc->ninstrs; i++) {
            df_runsh_work(st->c->scripts, 1);
            if (st->workdir[i] && at_or_under(st->workdir[i], d->path))
                why = "a later WORKDIR is inside it";
        }
        size_t at = 0;
        if (!why)
            why = end_item(r, &at);
        char cmd[600];
        if (tmpvar)
            snprintf(cmd, sizeof cmd, "rm -rf \"$%s\"", d->var);
        else
            snprintf(cmd, sizeof cmd, "rm -rf %s", d->path);
        const char *cmds[] = {cmd, NULL};
        char msg[700];
        snprintf(msg, sizeof msg,
                 "%s is a build folder this RUN makes, builds and installs from, but never removes: its sources and "
                 "objects stay in the layer",
                 anon ? "the mktemp -d folder" : tmpvar ? d->var : d->path);
        if (tmpvar) {
            char *m2 = msg;
            snprintf(m2, sizeof msg,
                     "the mktemp -d folder in $%s is a build folder this RUN builds and installs from, but never "
                     "removes: its sources and objects stay in the layer",
                     d->var);
        }
        report_end(st, r, d->made->span, why, at, cmds, msg);
    }
}

/* ---- gem update: the spec cache ------------------------------------------- */

/* Is user u[0..n) (a USER argument, group after ':') root? */
static bool root_user(const char *u, size_t n)
{
    const char *colon = memchr(u, ':', n);
    size_t un = colon ? (size_t)(colon - u) : n;
    return (un == 4 && memcmp(u, "root", 4) == 0) || (un == 1 && u[0] == '0');
}

/* Does the stage run as a user other than root at instruction `in` (the
 * last USER before it in the stage or, without one, in the stages it is
 * built FROM)? Answered for every instruction in one pass over the file,
 * on the first question: a walk up the FROM chain per RUN was quadratic on
 * a chain of stages (tests/test_scaling.c, gem_stages_steps). */
static bool not_root(st_t *st, const df_instr *in)
{
    const df_doc *d = st->c->doc;
    if (!st->user_built) {
        st->user_built = true;
        /* 0: no USER yet in the stage or its bases, 1 root, 2 another user */
        unsigned char *at = df_arena_alloc(d->arena, d->ninstrs + 1);
        unsigned char *end = df_arena_alloc(d->arena, d->nstages + 1);
        if (!at || !end)
            return false; /* the arena records the failure */
        memset(end, 0, d->nstages + 1);
        unsigned char cur = 0;
        size_t stage = SIZE_MAX;
        df_runsh_work(st->c->scripts, d->ninstrs);
        for (size_t i = 0; i < d->ninstrs; i++) {
            const df_instr *x = d->instrs[i];
            if (x->stage != stage) {
                if (stage < d->nstages)
                    end[stage] = cur;
                stage = x->stage;
                size_t p = stage < d->nstages ? d->stages[stage].parent : SIZE_MAX;
                cur = p < stage ? end[p] : 0;
            }
            at[i] = cur;
            if (x->cmd == DF_CMD_USER && x->nargs >= 1 && stage < d->nstages)
                cur = root_user(x->args[0].value, x->args[0].len) ? 1 : 2;
        }
        st->user_at = at;
    }
    return st->user_at && in->index < d->ninstrs && in->stage < d->nstages && st->user_at[in->index] == 2;
}

#define GEM_SPEC_DIRS 4

typedef struct {
    st_t *st;
    const df_fact *gem;
    const df_sh_flagspec *spec;
    const df_sh_node *update; /* the first gem update */
    const df_sh_word *sub;
    const char *dirs[GEM_SPEC_DIRS]; /* the spec cache folders it may write */
    size_t ndirs;
    bool removed[GEM_SPEC_DIRS]; /* by an rm after the last gem update */
} gemhome_scan;

/* Does rm argument a[0, n) remove folder dir: the folder itself or one
 * holding it, named from / or from the home folder (~, $HOME, ${HOME}),
 * with or without a trailing slash or slash-star? */
static bool rm_covers(const char *a, size_t n, const char *dir)
{
    static const char *const homes[] = {"~", "$HOME", "${HOME}", "\"$HOME\"", "\"${HOME}\""};
    char buf[256];
    const char *p = a;
    size_t pn = n;
    for (size_t h = 0; h < sizeof homes / sizeof *homes; h++) {
        size_t hl = strlen(homes[h]);
        if (n > hl && memcmp(a, homes[h], hl) == 0 && a[hl] == '/' && n - hl + 5 < sizeof buf) {
            memcpy(buf, "/root", 5);
            memcpy(buf + 5, a + hl, n - hl);
            p = buf;
            pn = 5 + n - hl;
            break;
        }
    }
    if (pn >= 2 && p[pn - 2] == '/' && p[pn - 1] == '*')
        pn -= 2;
    while (pn > 1 && p[pn - 1] == '/')
        pn--;
    size_t dl = strlen(dir);
    return pn <= dl && memcmp(p, dir, pn) == 0 && (pn == dl || dir[pn] == '/');
}

static int visit_gemhome(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    gemhome_scan *g = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION) || ctx->in_function)
        return 0;
    if (df_sh_word_is(v.name, "rm")) {
        for (size_t i = 0; g->update && i < v.nargs; i++)
            for (size_t k = 0; k < g->ndirs; k++)
                if (rm_covers(v.args[i].value, v.args[i].value_len, g->dirs[k]))
                    g->removed[k] = true;
        return 0;
    }
    if (!is_tool(g->gem, &v))
        return 0;
    const df_sh_word *sub = df_sh_subcommand(&v, g->spec);
    if (sub && df_sh_word_is(sub, "update")) {
        if (!g->update) {
            g->update = cmd;
            g->sub = sub;
        }
        memset(g->removed, 0, sizeof g->removed);
    }
    return 0;
}

static void check_gem_home(st_t *st, df_pm_run *r, const df_fact *gem, const df_sh_flagspec *spec)
{
    const df_fact *h = df_fact_get(st->lo, "gem_home");
    const df_fact *dirs = df_fact_get(h, "spec_cache_dirs");
    if (!h || !df_fact_size(dirs) || !r->ships)
        return;
    gemhome_scan g;
    memset(&g, 0, sizeof g);
    g.st = st;
    g.gem = gem;
    g.spec = spec;
    for (size_t i = 0; i < df_fact_size(dirs) && g.ndirs < GEM_SPEC_DIRS; i++)
        if (df_fact_str(df_fact_at(dirs, i)))
            g.dirs[g.ndirs++] = df_fact_str(df_fact_at(dirs, i));
    df_sh_walk(r->rs.script, visit_gemhome, &g);
    if (!g.update)
        return;
    /* the rm the fix appends: the folders no rm after the update covers */
    char cleanup[400];
    size_t k = (size_t)snprintf(cleanup, sizeof cleanup, "rm -rf");
    size_t left = 0;
    for (size_t i = 0; i < g.ndirs && k < sizeof cleanup; i++)
        if (!g.removed[i]) {
            k += (size_t)snprintf(cleanup + k, sizeof cleanup - k, " %s", g.dirs[i]);
            left++;
        }
    if (!left || k >= sizeof cleanup)
        return;
    const char *why = NULL;
    const df_doc *d = st->c->doc;
    if (not_root(st, r->in))
        why = "the RUN does not run as root";
    if (!why && left < g.ndirs)
        why = "the RUN removes one of the folders itself: add the others to its rm";
    /* gems may live under ~/.gem: --user-install, a GEM_HOME there; the
     * file may move the spec cache (GEM_SPEC_CACHE, XDG folders). Each
     * searched once, not once per RUN: quadratic on a chain of stages
     * that each update gem */
    if (!why && !st->gem_readers) {
        size_t i;
        const df_fact *w;
        bool named = false, moved = false;
        df_fact_foreach(df_fact_get(h, "readers"), i, w)
        {
            for (size_t j = 0; !named && df_fact_str(w) && j < d->ninstrs; j++)
                named = instr_mentions(st, d->instrs[j], df_fact_str(w), false);
        }
        df_fact_foreach(df_fact_get(h, "relocated_by"), i, w)
        {
            for (size_t j = 0; !moved && df_fact_str(w) && j < d->ninstrs; j++)
                moved = instr_mentions(st, d->instrs[j], df_fact_str(w), false);
        }
        st->gem_readers = named ? 2 : moved ? 3 : 1;
    }
    if (!why && st->gem_readers == 2)
        why = "the file keeps gems or settings under ~/.gem";
    if (!why && st->gem_readers == 3)
        why = "the file sets GEM_SPEC_CACHE or an XDG folder, which moves the spec cache";
    size_t at = 0;
    if (!why)
        why = end_item(r, &at);
    const char *cmds[] = {cleanup, NULL};
    df_sh_view v;
    df_sh_command_view(g.update, &v);
    report_end(st, r, (df_span){v.name->span.start, g.sub->span.end}, why, at, cmds,
               "gem update run as root leaves the spec cache of the gem sources (their whole index) in the layer: "
               "~/.gem/specs, or, when that folder does not exist, ~/.local/share/gem/specs (RubyGems 3.2 to "
               "3.5.4) or ~/.cache/gem/specs (3.5.5 and later)");
}

/* ---- the rule ----------------------------------------------------------- */

typedef struct {
    st_t *st;
    df_sh_flagspec gem_spec;
    const df_fact *gem;
} gem_walk;

typedef struct {
    st_t *st;
    gem_walk gw;
    const df_fact *tools; /* leftovers "tools" */
    size_t ntools, gem_k; /* its members, gem's place among them (SIZE_MAX none) */
    const char *gpg_var;  /* leftovers gnupg_home "var" */
    const df_fact *install_targets; /* leftovers build_dirs "install_targets" */
    uint64_t heads[4];    /* the first bytes of the names of DF_FACTS_SURVEY_NAMES */
} run_ctx;

typedef struct {
    gem_walk *gw;
    df_pm_run *r;
} gem_run;

static int visit_gem_r(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    gem_run *g = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION) ||
        !is_tool(g->gw->gem, &v))
        return 0;
    check_gem(g->gw->st, g->r, cmd, &v, g->gw->gem, &g->gw->gem_spec);
    return 0;
}

/* ---- what a RUN calls, in one walk ---------------------------------------
 * Each check walks the script again, and only acts on some commands: a
 * download, a GNUPGHOME assignment, a build tool, a call of a tool. One walk
 * first says which of these the script has at all (a superset of what each
 * check would act on), so that a RUN without any (most of them) is walked
 * once instead of once per check. */

#define SURVEY_TOOLS 8

typedef struct {
    const run_ctx *rc;
    const char *var;      /* the GnuPG home variable */
    const df_fact *tools; /* leftovers "tools" */
    size_t ntools;        /* at most SURVEY_TOOLS, in their file order */
    /* builder: a build tool called with an install target (what
     * check_build_dirs reports needs: bd_install's targets) */
    bool download, gpg_set, builder;
    bool tool[SURVEY_TOOLS];
} survey;

static void survey_assign(void *user, const char *name, size_t n, const df_sh_word *value, const df_sh_node *cmd,
                          const df_sh_ctx *ctx)
{
    survey *sv = user;
    if (sv->var && strlen(sv->var) == n && memcmp(name, sv->var, n) == 0)
        sv->gpg_set = true;
}

/* The lists of DF_FACTS_SURVEY_NAMES naming the command s[0..n). A name
 * no list's name starts like (most: echo, apt-get, rm...) is not looked
 * up. */
static uint32_t survey_bits(const survey *sv, const char *s, size_t n)
{
    unsigned char c0 = n ? (unsigned char)s[0] : 0;
    if (!n || !(sv->rc->heads[c0 >> 6] >> (c0 & 63) & 1))
        return 0;
    const df_fact *f = df_fact_getn(df_facts_root(DF_FACTS_SURVEY_NAMES), s, n);
    return f ? (uint32_t)df_fact_number(f) : 0;
}

/* Does build tool b[0..n) of v install: an install target among its words
 * (or cmake --install)? bd_install says the same first. */
static bool builds_install(const survey *sv, const df_sh_view *v, const char *b, size_t n)
{
    for (size_t i = 0; i < v->nargs; i++) {
        const df_sh_word *w = &v->args[i];
        if (df_fact_has(sv->rc->install_targets, w->value, w->value_len) ||
            (n == 5 && memcmp(b, "cmake", 5) == 0 && df_sh_word_is(w, "--install")))
            return true;
    }
    return false;
}

static int visit_survey(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    survey *sv = user;
    df_sh_view v;
    if (df_sh_command_view(cmd, &v) < 0)
        return 0;
    each_assign(cmd, &v, ctx, survey_assign, sv);
    if (!v.name || (v.name->flags & DF_SH_W_EXPANSION))
        return 0;
    if (df_sh_word_is(v.name, "curl") || df_sh_word_is(v.name, "wget"))
        sv->download = true;
    /* one lookup says which lists name it (DF_FACTS_SURVEY_NAMES) */
    size_t n;
    const char *b = df_deps_basename(v.name->value, v.name->value_len, &n);
    uint32_t bits = survey_bits(sv, b, n);
    if ((bits & 1) && !sv->builder && builds_install(sv, &v, b, n))
        sv->builder = true;
    if (df_sh_word_is(v.name, "php") && v.nargs) {
        size_t pn;
        const char *pb = df_deps_basename(v.args[0].value, v.args[0].value_len, &pn);
        bits |= survey_bits(sv, pb, pn);
    }
    for (size_t k = 0; k < sv->ntools; k++)
        if (bits >> (1 + k) & 1)
            sv->tool[k] = true;
    return 0;
}

static void on_run(df_pm_run *r, void *user)
{
    run_ctx *rc = user;
    st_t *st = rc->st;
    const df_fact *tools = rc->tools;
    survey sv;
    memset(&sv, 0, sizeof sv);
    sv.rc = rc;
    sv.var = rc->gpg_var;
    sv.tools = tools;
    sv.ntools = rc->ntools;
    bool all = sv.ntools > SURVEY_TOOLS; /* more tools than the survey keeps: every check walks */
    if (!all)
        df_sh_walk(r->rs.script, visit_survey, &sv);
    if (all || sv.download)
        check_archives(st, r);
    size_t gem_k = rc->gem_k;
    if (rc->gw.gem && (all || gem_k == SIZE_MAX || sv.tool[gem_k])) {
        gem_run g = {&rc->gw, r};
        df_sh_walk(r->rs.script, visit_gem_r, &g);
        check_gem_home(st, r, rc->gw.gem, &rc->gw.gem_spec);
    }
    if (all || sv.gpg_set)
        check_gnupg_home(st, r);
    if (all || sv.builder)
        check_build_dirs(st, r);
    const char *name;
    const df_fact *t;
    size_t k = 0;
    df_fact_object_foreach(tools, name, t)
    {
        if ((all || sv.tool[k]) && strcmp(name, "gem") != 0)
            check_tool(st, r, name, t);
        k++;
    }
}

/* WORKDIR in force at every instruction (NULL: unknown). */
static const char **workdirs(df_ctx *c)
{
    const df_doc *d = c->doc;
    const char **w = df_arena_alloc(d->arena, (d->ninstrs + 1) * sizeof *w);
    if (!w)
        return NULL;
    const char *cur = NULL;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_FROM)
            cur = UNKNOWN_DIR; /* the image's WORKDIR is not known */
        else if (in->cmd == DF_CMD_WORKDIR && in->nargs == 1) {
            const char *v = in->args[0].value;
            size_t n = in->args[0].len;
            if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
                v++;
                n -= 2;
            }
            cur = df_path_resolve(d->arena, cur, v, n);
        }
        w[i] = cur;
    }
    return w;
}

static void check(df_ctx *c)
{
    const df_fact *lo = df_kb_leftovers(c->kb);
    if (!lo)
        return;
    st_t st;
    memset(&st, 0, sizeof st);
    st.own_download = -1;
    st.test_build = -1;
    st.modfill_ok = -1;
    st.c = c;
    st.lo = lo;
    st.budget = READ_BUDGET;
    st.workdir = workdirs(c);
    const df_fact *consumers = df_fact_get(lo, "consumers");
    st.gpg_commands = df_fact_get(df_fact_get(consumers, "gpg"), "commands");
    st.installs = df_fact_get(consumers, "install");
    st.runs = df_fact_get(consumers, "run");
    st.extracts = df_fact_get(consumers, "extract");
    const df_fact *gem = df_fact_get(df_fact_get(lo, "tools"), "gem");
    st.gemrc = -1;
    st.gemrc_cfg = gem ? df_fact_get(gem, "configured_by") : NULL;
    run_ctx rc;
    memset(&rc, 0, sizeof rc);
    rc.st = &st;
    rc.gw.st = &st;
    rc.gw.gem = gem;
    rc.tools = df_fact_get(lo, "tools");
    rc.ntools = df_fact_members(rc.tools);
    rc.gem_k = SIZE_MAX;
    for (size_t i = 0; i < rc.ntools; i++)
        if (df_fact_value(rc.tools, i) == gem)
            rc.gem_k = i;
    rc.gpg_var = df_fact_str(df_fact_get(df_fact_get(lo, "gnupg_home"), "var"));
    rc.install_targets = df_fact_get(df_fact_get(lo, "build_dirs"), "install_targets");
    const char *hname;
    const df_fact *hv;
    df_fact_object_foreach(df_facts_root(DF_FACTS_SURVEY_NAMES), hname, hv)
    {
        unsigned char c0 = (unsigned char)hname[0];
        rc.heads[c0 >> 6] |= (uint64_t)1 << (c0 & 63);
    }
    if (gem) {
        const df_fact *vo = df_fact_get(gem, "value_options");
        const df_fact *longs = df_fact_get(vo, "long");
        size_t n = df_fact_size(longs);
        const char **lv = df_arena_alloc(c->doc->arena, (n + 1) * sizeof *lv);
        if (!lv)
            return;
        for (size_t i = 0; i < n; i++)
            lv[i] = df_fact_str(df_fact_at(longs, i));
        lv[n] = NULL;
        const char *sv = df_fact_str(df_fact_get(vo, "short"));
        rc.gw.gem_spec = (df_sh_flagspec){sv ? sv : "", lv, false};
    }
    df_pm_each_run(c, on_run, &rc);
}

const df_rule df_rule_df025 = {
    .id = "DF025",
    .name = "leftover-in-layer",
    .hadolint = NULL,
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF001,DF011",
    .summary = "a RUN leaves a download, signature, GnuPG home, build folder, gem docs or a tool cache in its layer",
    .worth = "image size: downloaded archives, signatures, GnuPG homes, build folders, gem docs and tool caches "
             "no longer ship",
    .check = check,
};
