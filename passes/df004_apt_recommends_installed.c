/*
 * DF004 apt-recommends-installed (hadolint DL3015)
 *
 * What it finds: `apt-get install` (or `apt install`, also behind sudo/env,
 * in `if` bodies, heredoc scripts and ONBUILD RUN) without
 * `--no-install-recommends`.
 *
 * Why it matters: by default apt also installs every package the requested
 * ones merely recommend. In images that is often the larger part of the
 * download: `apt-get install -y git` brings in a whole Perl, patch, less
 * and an SSH client; build tools pull documentation and X libraries.
 *
 * Example:
 *     RUN apt-get update && apt-get install -y curl python3
 * becomes
 *     RUN apt-get update && apt-get install --no-install-recommends -y curl python3 ca-certificates
 * The flag goes right after the subcommand word (never after `--`, never
 * among the package names). curl, wget and git reach HTTPS servers through
 * the certificates of `ca-certificates`, which is only a recommendation of
 * theirs: when such a package is installed and ca-certificates is not
 * already installed by that call or an earlier install of the stage, the
 * fix adds it after the last package name (the list lives in
 * data/package-managers.json, "needs_with_recommends"); in a list of one
 * package per line, on a line of its own, its continuation padded to the
 * column where the list aligns its others. An earlier install of the RUN
 * or stage that brings the package as a recommend (curl without
 * --no-install-recommends: apt installs it, or this fix adds it there)
 * counts as installing it: two installs joined into one RUN get one
 * ca-certificates. krb5-user recommends krb5-config, the package of the
 * /etc/krb5.conf users edit ("recommends_needed"): added the same way.
 *
 * Recommends the file visibly uses: apt never installs the missing
 * recommends of a package that is already installed, so a package that
 * only came as a recommendation and that a later step needs must be listed.
 * The data ("recommends_used") says which: ca-certificates, recommended by
 * libcurl4 and friends, when the rest of the RUN, a later RUN of the stage
 * or of a stage built on it holds an `https://` URL; openssh-client
 * (recommended by git) for `git@host:` and `ssh://` (not pip's
 * `repo.git@REV`); dirmngr (gnupg) for
 * `--recv-keys`/`--keyserver`; make (cmake) when the file builds with
 * cmake or make; libc6-dbg (valgrind) when the file runs valgrind; unzip
 * (zip, composer) for `composer install`, which unpacks its dist archives
 * with it, and in a stage that ships when the file puts Composer into the
 * image (the getcomposer.org installer, `COPY --from=composer`,
 * composer.phar: its users run composer there); gnupg (dpkg-dev's, through build-essential) for `apt-key add`
 * and gpg, unless the stage installs gpg, gnupg2 or gnupg1 itself. A use is text in the rest of the RUN, a
 * later RUN of the stage, or anywhere in a stage built on it, and the
 * command the image runs (CMD, ENTRYPOINT, HEALTHCHECK: `CMD ["valgrind",
 * "./tests"]`) of the stage or of one built on it. The fix adds them, as it adds
 * ca-certificates for curl, and says why. Some are used by the installed
 * package's own purpose at run time, by software the file need not show
 * (the data marks them "run_time"): samba-common-bin, which smbclient's
 * samba-common only recommends, holds the `net` that SMB clients such as
 * Nextcloud's SMB storage run for the server's time zone; it is added in
 * every stage that reaches the image, `net` in the file or not; so is
 * openssh-client when the file's text, comments and COPY lines included,
 * shows SSH keys or known_hosts (id_rsa, /.ssh, ssh-keyscan) or a Jenkins
 * controller (jenkins.war, JENKINS_HOME): its users clone over SSH when
 * the image runs. Others are
 * what the package is installed for (marked "function"): automake, which
 * autoconf only recommends, runs under autoreconf, often from a Makefile
 * the file does not show (grpc's `make` runs autoreconf on protobuf):
 * it is added wherever autoconf is installed, unless the file builds PHP
 * extensions (docker-php-ext-*, phpize, pecl: phpize runs autoconf alone,
 * and the php images install autoconf without its recommends); libltdl-dev,
 * libtool's only recommend, which depends on automake (and so autoconf),
 * the autotools an explicit libtool install is for (discourse's "gem build
 * dependencies"): added wherever libtool is installed, unless automake is
 * installed by the call, an earlier install of the stage or this fix. Nothing is
 * added when an install of the stage names the package itself before its
 * first use (`RUN apt-get install make` between cmake's install and
 * `make`): apt installs it then.
 *
 * A name apt installs a package for counts as the package (apt
 * "package_aliases": `git-core`, which git Provides, gets git's
 * ca-certificates).
 *
 * Packages named through a variable (`apt-get install -y $PKGS`) are read
 * where the file shows their value: a literal assignment earlier in the
 * RUN on every path to the call (`BASE_PKGS="curl gpg"; ... install -y
 * curl $BASE_PKGS`: not in a branch, loop, subshell or function, nothing
 * between that sets, reads or unsets it or sources a script), else an ENV
 * of the stage or of a stage it is built FROM, else an ARG default of the
 * stage. An ARG default only adds what its packages need (gpg's dirmngr
 * for a later `--recv-keys`): a --build-arg may change it, so it never
 * stands for a package the fix would add. When an operand's packages are
 * not known (a variable the file does not set, a command substitution, an
 * apt pattern such as vim*), the fix is unsafe and says so: the
 * recommends a later step needs cannot be checked. An install of local
 * package files only (`./x.deb`, `*.deb`) is advice: dfopt cannot
 * know their recommends (`dpkg-deb -f FILE Recommends` can); next to
 * archive packages, those are judged (silent when they have no
 * recommends) and the fix is unsafe. A package that the call or an
 * earlier install of the stage brings by Depends is not added (apt
 * "depends_on": build-essential, g++ and gcc-multilib bring gcc's
 * libc6-dev; not when that RUN auto-removes again what it installed). A
 * package added for packages the RUN removes again before an autoremove
 * would be manually installed and outlive it, where in the original it
 * goes with them (gcc's libc6-dev after `apt-get remove gcc && apt-get
 * autoremove`): that fix is advice, and says what to do instead: install
 * it in a call of its own after this one, `apt-get install -y
 * --no-install-recommends --mark-auto libc6-dev`, which marks what it
 * installs as automatically installed (not a package the image had
 * already), so that the autoremove takes it. ca-certificates outlives
 * nothing where apt itself recommends it (apt "kept_by_apt": apt 1.5 on,
 * Debian 10 and Ubuntu 18.04 on, by the base's tag): the autoremove keeps
 * it in the original too, and the fix stays safe. When the packages that
 * stay pull no recommends, the call is left alone, as a full removal is.
 *
 * Left alone: an install that can install nothing: the first command of
 * its RUN, right after a RUN of the stage that removed the package lists
 * after its last update (or script piped into a shell), naming only
 * packages installed earlier in the stage (apt knows only the installed
 * ones then, and installs nothing, recommends or not). Also
 * calls whose every package is one whose recommends are what
 * it is for (krb5-user; a cross compiler, gcc-aarch64-linux-gnu or
 * gcc-12-arm-linux-gnueabihf, which only recommends its target's C
 * library, libc6-dev-arm64-cross: apt "cross_compilers"), since the flag
 * would save next to nothing; calls whose every package only recommends
 * what an earlier install of the stage with its recommends brought already
 * (host's krb5-locales after curl, git or openssh-client:
 * "recommends_installed_before"; when that install is fixed too, the
 * recommend comes with this call instead, a missed saving of 273 kB);
 * calls whose every package is a tool for the people who work
 * in the container (apt "interactive_tools": vim, nano, less, man-db,
 * bash-completion, tmux, htop...: their recommends are what the author
 * wants, for a saving of a few hundred kB) or a package whose install pulls
 * no recommended package at all (apt "recommends_none": apache2-utils, jq,
 * make, unzip... measured with `apt-get install -s` against
 * `--no-install-recommends` on bare Debian bases; the flag would change no
 * byte of the image; Ubuntu's packages were not measured, they derive from
 * Debian's, and a wrong entry only loses a saving; "recommends_none_on":
 * pkg-config and pkgconf on a base known to be Debian 12 or 13, from its
 * tag, or ocaml/opam:debian-*, which follows Debian stable; not on Debian
 * 11, where pkg-config's libglib2.0-0 brings recommends), or a package
 * whose own recommends have no installation candidate and that pulls
 * recommends only through a dependency installed already, in the base or
 * earlier in the stage ("recommends_through": musl-dev and musl-tools
 * through gcc, musl-dev's linux-musl-dev existing in no Debian release;
 * libicu-dev through libc6-dev), or a package the base
 * image has installed itself or whose recommends it has (apt
 * "recommends_in_base": curl, libgomp1, build-essential on ROCm's
 * rocm/dev-ubuntu-* images, also named through ARG defaults as
 * `FROM ${BASE_ROCM_DEV_CONTAINER}`; supervisor on php's apache images;
 * libxml2-dev, libzip-dev, libicu-dev... on php's Debian images):
 * apt installs nothing for it. A package such a base has is not added
 * back either (ca-certificates for git). Calls the author says
 * want their recommends: a block of comment lines ending right above the
 * line the call starts on, or right above its RUN, with a phrase of apt
 * "recommends_wanted_comments" ("we DO want recommends this time",
 * apache/couchdb-docker; "install recommended packages") and none of its
 * negations ("do not install recommended packages"); the comment lines
 * are read by passes/comments.c, which DF009 shares for "Seed the npm
 * cache". A RUN whose cleanup the author wrote and commented out
 * (`#&& rm -rf /var/lib/apt/lists/\*` right below it: an uncleaned
 * baseline on purpose; apt "commented_cleanup") is reported without a
 * fix, and the message says why. Environments to work
 * in, which want their recommends
 * (apt "interactive_environment"): a call that installs a metapackage such
 * as ubuntu-standard, ubuntu-minimal or task-*; and the whole file when its
 * CMD or ENTRYPOINT only keeps the container running (`tail -f /dev/null`,
 * `sleep infinity`: a test or debugging container to exec into; DF003
 * still removes its lists), when it
 * runs `unminimize` or installs code-server, installs a desktop IDE with
 * apt (VS Code's `code`, `codium`) or PHP's debugger (php8.2-xdebug: a
 * development environment such as Laravel Sail), builds FROM a devcontainer, IDE
 * workspace, toolbox or cloud workstation image, or its path is under
 * .devcontainer/ or a workstation/ folder, or a devcontainer.json names it
 * (src/devcontainer.c: its real folder, and the json files of the folders
 * above it up to the top of the work tree). A call that installs a loader
 * whose recommends are its drivers, one among alternatives (libvulkan1,
 * also through libvulkan-dev: `mesa-vulkan-drivers | vulkan-icd`; libva2, libvdpau1;
 * "recommends_are_function"), with no driver installed by the call or
 * before it in the stage: the fix would pick the hardware's driver for the
 * author and, with the driver listed, save next to nothing. In
 * a file that builds a toolchain image (image.h: swift, clojure, maven...,
 * published for others to build with; also a CI image: "for Continuous
 * Integration" in the file, a Jenkins controller, or a Jenkinsfile that
 * builds the file and runs its steps inside it: src/cifile.c; or an ONBUILD
 * base others build FROM, review run 16) the fix is advice only: removing
 * recommends changes the environment its users get (git without its SSH
 * client; the advice's example is taken from a package the call installs
 * whose recommend nothing names: "toolchain_recommend_examples"). Also simulations (`apt-get install -s`, `--dry-run`, ...),
 * calls that already say `--no-install-recommends` or
 * `-o APT::Install-Recommends=false` (0/no/off, any case; an explicit
 * `=true` is the author's choice too), and stages
 * where apt is configured that way before the call: an
 * `APT::Install-Recommends "false";` line written by an earlier command of
 * the same RUN (echo, printf, a here-document), by an earlier RUN of the
 * stage or of a stage it is built FROM, a COPY/ADD heredoc, or a file
 * COPY'd from the build context into /etc/apt. Exec-form RUNs, RUNs under
 * a non-POSIX SHELL, files for Windows. Build dependencies removed again in
 * the same RUN with what they brought: an install whose packages a later
 * `apt-get purge --auto-remove` (or a removal followed by `apt-get
 * autoremove`) names, every plain package name of it included (names behind
 * variables, such as a $RUN_DEPS, do not count against it), or an install
 * before `apt-mark auto '.*'` and an auto-removal: the recommends go with
 * the packages, and the flag saves nothing. A removal without auto-remove
 * leaves the recommends in the layer: the finding stays. Also left
 * alone: an install that names no package (`apt-get install -y` alone
 * installs nothing; `install -f` does, and is reported); an install followed in its RUN by an auto-removal
 * with `-o APT::AutoRemove::RecommendsImportant=false`, which removes
 * every package only a Recommends kept (the official images' idiom). A
 * removal whose prompt nobody answers (no -y, -qq, Assume-Yes, `yes |`)
 * removes nothing: apt reads the answer from an empty standard input and
 * aborts (see DF006), so it does not count as a removal here.
 *
 * Fix safety: safe in general: recommended packages are by
 * definition not needed for the package to work, and the one common break
 * (HTTPS without ca-certificates) is repaired by the fix itself. There
 * are concrete exceptions, and for those the fix is unsafe (applied with
 * --unsafe-fixes only): python3-pip / python-pip recommend build-essential
 * and python3-dev, without which a later `pip install` of a package that
 * has no wheel fails to compile (the reason names only those that neither
 * the call nor an earlier install of the stage names; with both named the
 * fix is safe: "recommends_matter_parts"); gnupg / gnupg2 recommend dirmngr on older
 * releases, without which `gpg --recv-keys` fails; ldap-utils recommends
 * libsasl2-modules, without which ldapsearch's default SASL bind fails;
 * llvm and llvm-N / clang-N recommend llvm-dev / llvm-N-dev, which
 * find_package(LLVM), llvm-config and pyenv's builds need; the browsers
 * (firefox, firefox-esr, chromium) recommend the media codecs a browser
 * test exercises;
 * and, only in a file that uses LDAP, curl / libldap2-dev, whose LDAP
 * library recommends libldap-common (/etc/ldap/ldap.conf, which apt never
 * installs later for an installed library). Known and accepted: git
 * recommends an SSH client, so `git clone git@host:...` in a later step
 * needs `openssh-client` installed explicitly; and software that calls a
 * recommended tool at run time that the data does not know (rare in
 * images) has to list it. gcc only
 * recommends libc6-dev, without which nothing links: the fix adds it, as
 * it adds ca-certificates (and gpg-agent for add-apt-repository, only on
 * releases known to have that package, Debian 10 and Ubuntu 18.04 on;
 * on older ones it is left out, on a base of unknown release the fix is
 * unsafe and says so); a cross compiler installed with other packages
 * gets its target's C library added, and the fix is unsafe: on a build
 * machine of the target's architecture (gcc-aarch64-linux-gnu on arm64)
 * the package is the native compiler, which needs libc6-dev instead;
 * dpkg-dev recommends the toolchain its tools
 * drive (unsafe). When another install of the same stage already says
 * --no-install-recommends, the fix is advice only, and says so: "the
 * install on line N of this stage says --no-install-recommends and this
 * one does not" (the author may want these recommends; nothing else in the
 * file says which). So it is when the install is in a stage the current
 * one is built FROM ("the install on line N of stage NAME, which this
 * stage is built on, ..."): discourse's build base, FROM its runtime base
 * that picks the flag for some installs, keeps its recommends. In stages
 * that do not reach the image the finding is "info" and the fix is shown,
 * not applied (`fix-build-stages` applies it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfopt/buf.h"
#include "dfopt/options.h"
#include "comments.h"
#include "image.h"
#include "pm.h"
#include "workdir.h"

static const char *const apt_only[] = {"apt", NULL};

/* Stages (by index) where some apt install already says
 * --no-install-recommends: there, a call without it is the author's choice. */
/* One entry of apt's "recommends_used": a package that recommends-off
 * would leave out and that the file visibly uses. */
typedef struct {
    const df_fact *e;
    const char *package; /* e["package"], e["recommended_by"]: */
    const df_fact *recommended_by; /* looked up once, asked per call */
    df_pm_marks marks;   /* RUNs whose text holds one of e["used_when"] */
    bool *desc_uses;     /* [nstages]: a stage built on stage i uses it */
    bool *runs_it;       /* [nstages]: a CMD/ENTRYPOINT/HEALTHCHECK of stage i does */
    bool built;          /* used_ready asked: marks, desc_uses, runs_it, function are read */
    bool ok;             /* and built without running out of memory */
    bool function;       /* e["function"], and the file shows none of e["other_purposes"] */
    bool file_uses;      /* the file's text, comments and COPY lines included,
                            holds one of e["file_evidence"] (id_rsa, known_hosts) */
} used_entry;

/* The facts of apt that every install call is checked against, looked up
 * once per check (by key, each a hash: they were 38 lookups per call, and
 * then some twenty per reported call and operand). */
typedef struct {
    const df_fact *m;                         /* the manager they are of */
    const df_fact *ie_packages, *ie_prefixes; /* interactive_environment */
    const df_fact *tools, *none;              /* interactive_tools, recommends_none: packages */
    const df_fact *in_base;                   /* recommends_in_base: bases */
    const df_fact *are_function, *matter, *matter_when, *needs;
    const df_fact *needed;                    /* recommends_needed: packages */
    const df_fact *there_groups;              /* recommends_installed_before: groups */
    const df_fact *none_on_groups;            /* recommends_none_on: groups */
    const df_fact *through;                   /* recommends_through: packages */
    const df_fact *cc_prefixes, *cc_triples;  /* cross_compilers */
    const df_fact *wanted_comments;           /* recommends_wanted_comments */
    const df_fact *depends;                   /* depends_on: packages */
    const df_fact *used;                      /* recommends_used */
    const df_fact *matter_parts;              /* recommends_matter_parts */
} apt_facts;

/* A variable an install's operand expands (`$PKGS`), as the file sets it. */
typedef struct {
    const char *name;
    const char **env; /* [ninstrs]: its ENV value before each instruction (df_env_before) */
    const char **arg; /* [ninstrs]: its ARG default in force (arg_before) */
} var_values;

typedef struct {
    apt_facts f;
    size_t *chooses;     /* [doc->nstages]: the source offset of the stage's
                            first install that says --no-install-recommends,
                            SIZE_MAX none */
    signed char interactive; /* the file is an interactive environment
                                (df_pm_apt_environment); -1 not asked yet */
    signed char toolchain; /* the file builds a toolchain image (image.h);
                              -1 not asked yet: only a fix asks */
    signed char onbuild;   /* df_doc_onbuild_base, asked once (-1: not yet):
                              it walks the FROM chain, and asked per finding
                              it was quadratic on 10,000 chained stages */
    used_entry used[16];
    size_t nused;
    uint64_t rec_keys[4]; /* bit rec_key(s) of every string of the used entries'
                            "recommended_by" (build_used): an operand whose
                            key is not set names none of them */
    bool used_built;     /* used[] is listed (build_used), on the first finding;
                            each entry's text scans (used_ready) wait for a
                            call that needs them: done for every file, they
                            were a third of a corpus run */
    df_pm_cfg cfg;       /* the config that turns recommends off */
    df_pm_marks config;  /* instructions that write it */
    struct install_q {
        const char *pkg;
        int mode;          /* an install_mode */
        df_pm_marks marks; /* RUNs that install pkg */
    } *installs;           /* [ninstalls], in the document's arena, grown
                              by doubling: every question is answered (a
                              fixed cache that answered "no" once full made
                              the answer depend on the questions before) */
    size_t ninstalls, capinstalls;
    /* [ninstrs]: has the instruction (a RUN) an apt call that installs (2)
     * or not (1; 0: not asked yet)? Every install_marks walks every
     * instruction, and most hold no such call: they are passed without
     * their RUN's calls (a tenth of the rule on the corpus) */
    unsigned char *installer;
    signed char uses_when[8]; /* entry i of "recommends_matter_when": the file's
                                 text holds its used_when (-1: not asked yet;
                                 a scan of the file, once per file) */
    df_said wanted;       /* comment lines saying the author wants
                             recommends ("recommends_wanted_comments"):
                             one scan of the file, on the first call that
                             asks (comments.h) */
    df_pm_cfg yes;        /* APT::Get::Assume-Yes: a removal nobody answers removes nothing */
    df_pm_marks yes_marks;
    struct {
        const df_fact *m; /* the manager asked for (NULL: nothing kept) */
        size_t root;      /* the stage whose base was looked at */
        const df_fact *e; /* in_base_entry's answer for them */
    } base;               /* in_base_entry's last answer: RUNs come stage by stage */
    var_values vars[8];   /* built by var_slot, one pass each, when a call first names it */
    size_t nvars;
} stage_marks;


/* ---- interactive environments ------------------------------------------ */

/* Does a CMD or ENTRYPOINT of the file only keep the container running
 * (apt "interactive_environment"."idle_commands": `tail -f /dev/null`, in
 * shell or exec form)? A
 * test or debugging container that people and harnesses exec into (Kong's
 * kong-build-tools test image: vim, httpie, valgrind): it wants the
 * recommends (valgrind's gdb). DF004's own: DF003 still removes the lists. */
static bool idle_container(const df_ctx *c, const df_fact *apt)
{
    const df_fact *idle = df_fact_get(df_fact_get(apt, "interactive_environment"), "idle_commands");
    const df_doc *d = c->doc;
    for (size_t i = 0; idle && i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if ((in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT) && df_command_runs(c, in, idle))
            return true;
    }
    return false;
}

/* ---- comments that say the author wants the recommends ------------------ */

/* Does a block of such comment lines end right above the line where the
 * call starts, or right above its instruction (`# we DO want recommends
 * this time` inside the RUN before the install: apache/couchdb-docker)? */
static const apt_facts *facts_of(stage_marks *sm, const df_fact *m);

static bool recommends_wanted(const df_pm_run *r, stage_marks *sm, const df_pm_call *call)
{
    const df_fact *spec = facts_of(sm, call->m)->wanted_comments;
    return df_said_above(r->c, spec, &sm->wanted, df_pm_src(r, call->cmd->span.start)) ||
           df_said_above(r->c, spec, &sm->wanted, r->in->span.start);
}

/* ---- packages -------------------------------------------------------- */

/* The facts of m, looked up on the first call of m's. */
static const apt_facts *facts_of(stage_marks *sm, const df_fact *m)
{
    apt_facts *f = &sm->f;
    if (f->m == m)
        return f;
    const df_fact *ie = df_fact_get(m, "interactive_environment");
    f->m = m;
    f->ie_packages = df_fact_get(ie, "packages");
    f->ie_prefixes = df_fact_get(ie, "package_prefixes");
    f->tools = df_fact_get(df_fact_get(m, "interactive_tools"), "packages");
    f->none = df_fact_get(df_fact_get(m, "recommends_none"), "packages");
    f->in_base = df_fact_get(df_fact_get(m, "recommends_in_base"), "bases");
    f->are_function = df_fact_get(m, "recommends_are_function");
    f->matter = df_fact_get(m, "recommends_matter");
    f->matter_when = df_fact_get(m, "recommends_matter_when");
    f->needs = df_fact_get(m, "needs_with_recommends");
    f->needed = df_fact_get(df_fact_get(m, "recommends_needed"), "packages");
    f->there_groups = df_fact_get(df_fact_get(m, "recommends_installed_before"), "groups");
    f->none_on_groups = df_fact_get(df_fact_get(m, "recommends_none_on"), "groups");
    f->through = df_fact_get(df_fact_get(m, "recommends_through"), "packages");
    const df_fact *cc = df_fact_get(m, "cross_compilers");
    f->cc_prefixes = df_fact_get(cc, "prefixes");
    f->cc_triples = df_fact_get(cc, "triples");
    f->wanted_comments = df_fact_get(m, "recommends_wanted_comments");
    f->depends = df_fact_get(df_fact_get(m, "depends_on"), "packages");
    f->used = df_fact_get(m, "recommends_used");
    f->matter_parts = df_fact_get(m, "recommends_matter_parts");
    return f;
}

/* Which keys of an object the call names, asked by its operands: a hash
 * per operand, not a scan of the operands per key (df_pm_call_installs). */
typedef struct {
    const df_pm_call *call;
    uint32_t bits; /* bit i: member i in file order */
    bool exact;    /* false: bits cannot answer (an operand names an alias,
                    * or the object has more than 32 members) */
} named_keys;

static named_keys keys_named(const df_pm_call *call, const df_fact *obj)
{
    named_keys nk = {call, 0, false};
    if (call->names_alias || df_fact_members(obj) > 32)
        return nk;
    nk.exact = true;
    for (size_t i = 0; i < call->nops; i++) {
        size_t k = df_fact_index(obj, call->ops[i]->value, df_pm_pkg_name(call->ops[i]));
        if (k)
            nk.bits |= (uint32_t)1 << (k - 1);
    }
    return nk;
}

/* Does the call install key, member i of the object nk was made for? */
static bool key_named(const named_keys *nk, size_t i, const char *key)
{
    return nk->exact ? (nk->bits >> i & 1u) != 0 : df_pm_call_installs(nk->call, key);
}

/* Does the call install a package that wants its recommends (ubuntu-standard,
 * task-*)? */
static bool installs_interactive(const df_pm_call *call, const apt_facts *f)
{
    size_t i;
    const df_fact *v;
    if (df_pm_call_installs_any(call, f->ie_packages))
        return true;
    df_fact_foreach(f->ie_prefixes, i, v)
    {
        const char *p = df_fact_str(v);
        size_t pl = p ? strlen(p) : 0;
        for (size_t k = 0; pl && k < call->nops; k++)
            if (call->ops[k]->value_len > pl && memcmp(call->ops[k]->value, p, pl) == 0)
                return true;
    }
    return false;
}

/* Does the call install only packages whose recommends do not matter here,
 * each a tool for the people who work in the container (apt
 * "interactive_tools": vim, less, htop, whose recommends are part of what
 * the author wants, for a saving of a few hundred kB) or a package that has
 * no recommended package in its closure (apt "recommends_none": the flag
 * changes no byte of the image), or whose recommends the base image has
 * installed already ("recommends_in_base")? Not when a name is behind a variable or a
 * glob, or is not a package name (a path to a .deb); a version behind a
 * variable (vim=$VIM_VERSION) still names vim. */
/* The entry of apt "recommends_in_base" for the base image of r's stage,
 * or NULL: its "packages" have their recommends installed already there
 * (supervisor on php's Debian apache images and those built on them,
 * nextcloud:apache), its "installed" are installed there themselves, so
 * that apt installs nothing for them (curl and libgomp1 on ROCm's
 * rocm/dev-ubuntu-* images). The base is the first FROM of the stage's
 * chain that is not an earlier stage, with the ARG defaults it names
 * substituted and Docker Hub's registry and library/ left out. */
/* The image the chain of stage si is built on (the first FROM that is not
 * an earlier stage), with the ARG defaults it names substituted, in *b;
 * false when it has no tag to read. */
static bool base_image_of(const df_pm_run *r, size_t si, df_imgref *ir, const char **b, const char **colon)
{
    const df_doc *d = r->c->doc;
    *b = si < d->nstages ? d->stages[si].base : NULL;
    /* FROM ${BASE_ROCM_DEV_CONTAINER}: the image its ARG defaults name */
    if (*b && strchr(*b, '$') && df_stage_image(d, si, ir))
        *b = ir->full;
    /* FROM docker.io/library/python:3.12-slim is python:3.12-slim, the
     * name the data knows it by: df_stage_image leaves Docker Hub's
     * registry and library/ out */
    else if (*b && strchr(*b, '/') && df_stage_image(d, si, ir) && ir->has_tag)
        *b = snprintf(ir->full, sizeof ir->full, "%s:%s", ir->name, ir->tag) < (int)sizeof ir->full ? ir->full : NULL;
    *colon = *b ? strchr(*b, ':') : NULL;
    return *colon != NULL;
}

/* Does the image b (its tag after colon) match the entry e: one of its
 * "images" (a prefix), one of its "tag_parts" in the tag (any tag without
 * them) and none of its "tag_parts_not"? */
static bool image_matches(const char *b, const char *colon, const df_fact *e)
{
    size_t k;
    const df_fact *v;
    /* no tag_parts: any tag of the images */
    bool image = false, tag = !df_fact_get(e, "tag_parts");
    df_fact_foreach(df_fact_get(e, "images"), k, v)
    {
        const char *p = df_fact_str(v);
        image |= p && strncasecmp(b, p, strlen(p)) == 0;
    }
    df_fact_foreach(df_fact_get(e, "tag_parts"), k, v)
    {
        const char *p = df_fact_str(v);
        tag |= p && *p && strstr(colon + 1, p) != NULL;
    }
    /* python:3.12-slim is not built on buildpack-deps, python:3.12 is */
    df_fact_foreach(df_fact_get(e, "tag_parts_not"), k, v)
    {
        const char *p = df_fact_str(v);
        tag &= !(p && *p && strstr(colon + 1, p) != NULL);
    }
    return image && tag;
}

static const df_fact *base_entry_of(const df_pm_run *r, const apt_facts *f, size_t si)
{
    df_imgref ir;
    const char *b, *colon;
    if (!base_image_of(r, si, &ir, &b, &colon))
        return NULL;
    size_t i;
    const df_fact *e;
    df_fact_foreach(f->in_base, i, e)
    {
        if (image_matches(b, colon, e))
            return e;
    }
    return NULL;
}

/* in_base_entry, kept for the last stage asked (a lookup of every entry's
 * images per call was a tenth of the rule on a file of many installs) */
static const df_fact *in_base_entry(const df_pm_run *r, stage_marks *sm, const apt_facts *f)
{
    size_t si = df_stage_root(r->c->doc, r->in->stage);
    if (sm->base.m != f->m || sm->base.root != si) {
        sm->base.e = base_entry_of(r, f, si);
        sm->base.m = f->m;
        sm->base.root = si;
    }
    return sm->base.e;
}

static bool auto_removes(const df_pm_run *r, const df_pm_call *call, stage_marks *sm);

/* Does the install bring its packages' recommends (no
 * --no-install-recommends, no -o APT::Install-Recommends=false)? */
static bool with_recommends(const df_pm_run *r, const df_pm_call *call)
{
    return !df_pm_has_flag(call, "no_recommends") && !df_pm_has_flag(call, "no_install_flags") &&
           !df_pm_option_says(r, call, "config_no_recommends", "Install-Recommends");
}

/* How an earlier install counts as installing a package: it names it; it
 * installs a package the data says recommends it (brings_as_recommend);
 * it names it and brings its recommends; it names it and no auto-removal
 * follows it in its RUN (what it brings by Depends is still there:
 * build-essential's libc6-dev after `apt-get remove build-essential &&
 * apt-get autoremove` is not). */
enum install_mode { BY_NAME, BY_RECOMMEND, WITH_RECOMMENDS, BY_NAME_KEPT };

static const df_fact *cross_compiler(const apt_facts *f, const char *w, size_t n);
static bool installed_before_by(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *pkg, int mode);

/* Is the package w[0..n) one whose recommends an earlier install of the
 * stage brought already (apt "recommends_installed_before": host's
 * krb5-locales, after curl installed with its recommends)? */
static bool recommends_there(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *w, size_t n)
{
    size_t i, j;
    const df_fact *g, *v;
    df_fact_foreach(facts_of(sm, call->m)->there_groups, i, g)
    {
        if (!df_fact_has(df_fact_get(g, "packages"), w, n))
            continue;
        df_fact_foreach(df_fact_get(g, "brought_by"), j, v)
        {
            const char *p = df_fact_str(v);
            if (p && installed_before_by(r, sm, call, p, WITH_RECOMMENDS))
                return true;
        }
    }
    return false;
}

/* Is the package w[0..n) one with no recommends on the release of the
 * stage's base (apt "recommends_none_on": pkg-config, a transitional
 * package to pkgconf from Debian 12 on, whose Depends libglib2.0-0 brings
 * recommends on Debian 11), known from a release word of the base image's
 * tag (df_pm_on_release: debian:bookworm, python:3.12-slim-trixie) or from
 * an image that follows such releases (ocaml/opam:debian-ocaml-5.1, on
 * Debian stable)? */
static bool none_on_release(const df_pm_run *r, const apt_facts *f, const char *w, size_t n)
{
    size_t i, k;
    const df_fact *g, *e;
    df_fact_foreach(f->none_on_groups, i, g)
    {
        if (!df_fact_has(df_fact_get(g, "packages"), w, n))
            continue;
        if (df_pm_on_release(r->c->doc, r->in->stage, df_fact_get(g, "releases"), NULL, NULL, 0) == 1)
            return true;
        df_imgref ir;
        const char *b, *colon;
        if (!base_image_of(r, df_stage_root(r->c->doc, r->in->stage), &ir, &b, &colon))
            continue;
        df_fact_foreach(df_fact_get(g, "images"), k, e)
        {
            if (image_matches(b, colon, e))
                return true;
        }
    }
    return false;
}

/* Is the package w[0..n) one whose own recommends have no installation
 * candidate, so that its install pulls recommends only through one
 * dependency (apt "recommends_through": musl-dev's and musl-tools' gcc,
 * which recommends libc6-dev; musl-dev's linux-musl-dev exists nowhere),
 * and is that dependency installed already: in the base image (base_has,
 * recommends_in_base's "installed") or named by an earlier install of the
 * stage? apt never installs the missing recommends of a package that is
 * installed: nothing recommended comes with it. */
static bool recommends_through_installed(df_pm_run *r, stage_marks *sm, const df_pm_call *call,
                                         const df_fact *base_has, const char *w, size_t n)
{
    const df_fact *via = df_fact_getn(facts_of(sm, call->m)->through, w, n);
    size_t i;
    const df_fact *v;
    df_fact_foreach(via, i, v)
    {
        const char *p = df_fact_str(v);
        if (p && (df_fact_has(base_has, p, strlen(p)) || installed_before_by(r, sm, call, p, BY_NAME_KEPT)))
            return true;
    }
    return false;
}

static bool local_deb(const char *w, size_t n);
struct removals;
static bool removed_later(const struct removals *rm, const df_pm_call *call, const char *w, size_t n);

/* (rm: the RUN's removals; an operand the RUN removes again with an
 * auto-removal after the call is left out: its recommends go with it) */
static bool only_quiet_packages(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const apt_facts *f,
                                const struct removals *rm)
{
    const df_fact *tools = f->tools, *none = f->none;
    const df_fact *base = in_base_entry(r, sm, f);
    const df_fact *in_base = df_fact_get(base, "packages"), *in_base_has = df_fact_get(base, "installed");
    /* their recommends are what they are for (krb5-user's krb5-config, a
     * cross compiler's C library): listed, the flag saves next to nothing */
    const df_fact *needed = f->needed;
    bool any = false;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_pm_next_operand(call, &it, &a)) {
        /* a local .deb: the archive packages of the call are judged */
        if (!(a.word->flags & DF_SH_W_EXPANSION) && local_deb(a.word->value, a.word->value_len))
            continue;
        /* the name before =version, /release, :arch; a name with an
         * expansion or a glob in it ($PKGS, vim*) is in no list */
        size_t n = df_pm_pkg_name(a.word);
        if (rm && removed_later(rm, call, a.word->value, a.word->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB) ? a.word->value_len : n))
            continue;
        if (!n || !(df_fact_has(tools, a.word->value, n) || df_fact_has(none, a.word->value, n) ||
                    df_fact_has(in_base, a.word->value, n) || df_fact_has(in_base_has, a.word->value, n) ||
                    df_fact_getn(needed, a.word->value, n) ||
                    cross_compiler(f, a.word->value, n) || recommends_there(r, sm, call, a.word->value, n) ||
                    none_on_release(r, f, a.word->value, n) ||
                    recommends_through_installed(r, sm, call, in_base_has, a.word->value, n)))
            return false;
        any = true;
    }
    return any;
}


/* ---- packages recommended by what a call installs ------------------------ */

/* The entry of apt "cross_compilers"."triples" (its C library, then the
 * architecture it is native on) that the package name w[0..n) is a cross
 * compiler of: gcc-aarch64-linux-gnu, gcc-12-arm-linux-gnueabihf,
 * gcc-4.8-arm-linux-gnueabihf; NULL for any other name. */
static const df_fact *cross_compiler(const apt_facts *f, const char *w, size_t n)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(f->cc_prefixes, i, v)
    {
        const char *p = df_fact_str(v);
        size_t pl = p ? strlen(p) : 0;
        if (!pl || n <= pl || memcmp(w, p, pl) != 0)
            continue;
        const char *t = w + pl;
        size_t tl = n - pl, d = strspn(t, "0123456789.");
        if (d && d < tl && t[0] >= '0' && t[0] <= '9' && t[d] == '-') {
            t += d + 1; /* the version of gcc-12-TRIPLE */
            tl -= d + 1;
        }
        const df_fact *e = df_fact_getn(f->cc_triples, t, tl);
        if (e)
            return e;
    }
    return NULL;
}

/* Does the call install with its recommends (no --no-install-recommends, no
 * -o APT::Install-Recommends=false) a package that the data says recommends
 * p (needs_with_recommends, recommends_needed, recommends_used's
 * recommended_by, a cross compiler's C library)? Such an install brings p
 * either way: as a recommend, or DF004's fix on it adds p (two installs
 * of one RUN joined by DF001, each with wget or curl, got ca-certificates
 * twice: stemount's rails template, issue #11). */
static bool brings_as_recommend(const df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *p)
{
    if (!df_pm_sub_is(call, "install") || !with_recommends(r, call))
        return false;
    const apt_facts *f = facts_of(sm, call->m);
    size_t pl = strlen(p), i;
    const char *k;
    const df_fact *list, *e;
    df_fact_object_foreach(f->needs, k, list)
    {
        if (df_fact_has(list, p, pl) && df_pm_call_installs(call, k))
            return true;
    }
    df_fact_object_foreach(f->needed, k, list)
    {
        if (df_fact_has(list, p, pl) && df_pm_call_installs(call, k))
            return true;
    }
    df_fact_foreach(f->used, i, e)
    {
        const char *u = df_fact_str(df_fact_get(e, "package"));
        if (!u || strcmp(u, p) != 0)
            continue;
        size_t j;
        const df_fact *v;
        df_fact_foreach(df_fact_get(e, "recommended_by"), j, v)
        {
            const char *by = df_fact_str(v);
            if (by && df_pm_call_installs(call, by))
                return true;
        }
    }
    for (size_t j = 0; j < call->nops; j++) {
        size_t n = df_pm_pkg_name(call->ops[j]);
        const df_fact *cc = n ? cross_compiler(f, call->ops[j]->value, n) : NULL;
        const char *libc = df_fact_str(df_fact_at(cc, 0));
        if (libc && strcmp(libc, p) == 0)
            return true;
    }
    return false;
}


typedef struct {
    const char *pkg;
    const df_instr *stop; /* the RUN being checked */
    size_t before;        /* script offset in it */
    bool found;
    int mode;             /* an install_mode */
    stage_marks *sm;      /* for BY_RECOMMEND and WITH_RECOMMENDS: an
                             install followed by an auto-removal of its RUN
                             does not count */
} pkgscan;

static void pkg_run(df_pm_run *r, void *user)
{
    pkgscan *ps = user;
    if (ps->found)
        return;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    size_t gone = 0; /* script offset of the RUN's last auto-removal */
    for (size_t i = 0; ps->mode != BY_NAME && i < n; i++)
        if (auto_removes(r, &calls[i], ps->sm))
            gone = calls[i].cmd->span.start;
    for (size_t i = 0; i < n && !ps->found; i++) {
        if (r->in == ps->stop && calls[i].cmd->span.start >= ps->before)
            break;
        if (ps->mode == BY_RECOMMEND)
            ps->found = calls[i].cmd->span.start >= gone && brings_as_recommend(r, ps->sm, &calls[i], ps->pkg);
        else
            ps->found = df_pm_sub_is(&calls[i], "install") && df_pm_call_installs(&calls[i], ps->pkg) &&
                        (ps->mode == BY_NAME ||
                         (calls[i].cmd->span.start >= gone &&
                          (ps->mode == BY_NAME_KEPT || with_recommends(r, &calls[i]))));
    }
}

/* marks predicate: does this RUN install the package (arg: a pkgscan
 * with its pkg and sm) anywhere? */
static bool installs_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const pkgscan *q = arg;
    const df_doc *d = c->doc;
    unsigned char *known = q->sm->installer && in->index < d->ninstrs && d->instrs[in->index] == in
                               ? &q->sm->installer[in->index]
                               : NULL;
    if (known && *known == 1)
        return false;
    df_pm_run o;
    if (!df_pm_run_of(c, in, &o)) {
        if (known)
            *known = 1;
        return false;
    }
    if (known && !*known) {
        /* only a call that installs can name pkg or bring it (pkg_run) */
        df_pm_call *calls;
        size_t n = df_pm_calls(&o, apt_only, &calls);
        *known = 1;
        for (size_t i = 0; i < n && *known == 1; i++)
            if (df_pm_sub_is(&calls[i], "install"))
                *known = 2;
        if (*known == 1)
            return false;
    }
    pkgscan ps = {q->pkg, NULL, 0, false, q->mode, q->sm};
    pkg_run(&o, &ps);
    return ps.found;
}

/* The marks of the RUNs that install pkg by name, or (recs) bring it as a
 * recommend of what they install. */
static const df_pm_marks *install_marks(df_pm_run *r, stage_marks *sm, const char *pkg, int mode)
{
    for (size_t i = 0; i < sm->ninstalls; i++)
        if (sm->installs[i].mode == mode && strcmp(sm->installs[i].pkg, pkg) == 0)
            return &sm->installs[i].marks;
    if (sm->ninstalls == sm->capinstalls) {
        size_t cap = sm->capinstalls ? sm->capinstalls * 2 : 16;
        struct install_q *v = df_arena_alloc(r->c->doc->arena, cap * sizeof *v);
        if (!v)
            return NULL;
        if (sm->ninstalls)
            memcpy(v, sm->installs, sm->ninstalls * sizeof *v);
        sm->installs = v;
        sm->capinstalls = cap;
    }
    size_t i = sm->ninstalls;
    if (!sm->installer)
        sm->installer = df_arena_alloc(r->c->doc->arena, r->c->doc->ninstrs + 1);
    pkgscan q = {pkg, NULL, 0, false, mode, sm};
    if (df_pm_marks_build(r->c, installs_pred, &q, &sm->installs[i].marks) < 0)
        return NULL;
    sm->installs[i].pkg = pkg;
    sm->installs[i].mode = mode;
    sm->ninstalls++;
    return &sm->installs[i].marks;
}

static bool installed_before_by(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *pkg, int mode)
{
    const df_doc *d = r->c->doc;
    if (r->in->stage >= d->nstages)
        return false;
    pkgscan ps = {pkg, r->in, call->cmd->span.start, false, mode, sm};
    pkg_run(r, &ps);
    if (ps.found)
        return true;
    const df_pm_marks *mk = install_marks(r, sm, pkg, mode);
    if (!mk)
        return false;
    const df_stage *st = &d->stages[r->in->stage];
    if (df_pm_marks_any(mk, st->from, r->in->cmd == DF_CMD_ONBUILD ? st->last + 1 : r->in->index, false))
        return true;
    return df_pm_marks_in_bases(r->c, mk, r->in->stage, true);
}

/* Is pkg installed by an apt call before `call` in its RUN, or by an earlier
 * RUN of the stage (or of a stage it is built FROM): by name, or as the
 * recommend of a package such a call installs with its recommends (what
 * DF004's fix of that call adds back, when it fixes it)? */
static bool installed_before(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *pkg)
{
    return installed_before_by(r, sm, call, pkg, BY_NAME) || installed_before_by(r, sm, call, pkg, BY_RECOMMEND);
}

/* Does the call, or an install before it in the stage, install one of the
 * packages of list? (a loader's drivers; recommends_used's also_by) */
static bool any_installed(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const df_fact *list)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        if (p && (df_pm_call_installs(call, p) || installed_before(r, sm, call, p)))
            return true;
    }
    return false;
}

/* Does the fix add one of list's packages already (add: " a b", the
 * packages this fix adds so far)? autoconf's automake does libltdl-dev's
 * job (apt "recommends_used" also_by). */
static bool any_added(const df_buf *add, const df_fact *list)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        size_t n = p ? strlen(p) : 0;
        for (size_t k = 0; n && add->data && k + n < add->len; k++)
            if (add->data[k] == ' ' && memcmp(add->data + k + 1, p, n) == 0 &&
                (k + 1 + n == add->len || add->data[k + 1 + n] == ' '))
                return true;
    }
    return false;
}

/* The last package operand after the subcommand, or NULL. */
static const df_sh_word *last_package(const df_pm_call *call)
{
    const df_sh_word *last = NULL;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_pm_next_operand(call, &it, &a))
        last = a.word;
    return last;
}

/* Is `--` before the subcommand (options can no longer follow it)? */
static bool end_before_sub(const df_pm_call *call)
{
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_sh_arg_next(&call->view, call->spec, &it, &a) && a.index < call->sub_index)
        if (a.kind == DF_SH_ARG_END)
            return true;
    return false;
}

/* The reason of recommends_matter entry i, listing only the recommends
 * ("recommends_matter_parts") that neither the call nor an earlier install
 * of the stage names; NULL when they name them all (review run11, apps
 * 423: python3-pip with build-essential and python3-dev named). */
static const char *matter_why(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const df_fact *matter, size_t i)
{
    const char *key = df_fact_key(matter, i);
    const df_fact *parts = df_fact_get(facts_of(sm, call->m)->matter_parts, key);
    if (!parts)
        return df_fact_str(df_fact_value(matter, i));
    df_buf b = DF_BUF_INIT;
    const df_fact *pk = df_fact_get(parts, "packages");
    size_t n = 0, left = 0;
    for (size_t j = 0; j < df_fact_size(pk); j++) {
        const char *p = df_fact_str(df_fact_at(pk, j));
        if (p && !df_pm_call_installs(call, p) && !installed_before(r, sm, call, p))
            left++;
    }
    for (size_t j = 0; left && j < df_fact_size(pk); j++) {
        const char *p = df_fact_str(df_fact_at(pk, j));
        if (!p || df_pm_call_installs(call, p) || installed_before(r, sm, call, p))
            continue;
        n++;
        df_buf_printf(&b, "%s%s", n == 1 ? "" : n == left ? " and " : ", ", p);
    }
    if (!left)
        return NULL;
    df_buf_printf(&b, " (%s)", df_fact_str(df_fact_get(parts, "why")) ? df_fact_str(df_fact_get(parts, "why")) : "");
    const char *why = b.failed ? NULL : df_arena_strndup(r->c->doc->arena, b.data, b.len);
    df_buf_release(&b);
    return why ? why : df_fact_str(df_fact_value(matter, i));
}

/* The reason recommends matter for one of the call's packages, or NULL. */
static const char *recommends_matter(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char **pkg)
{
    const apt_facts *f = facts_of(sm, call->m);
    const char *k;
    const df_fact *v;
    /* the first entry, in the data's order, that the call installs and
     * whose recommends are not all named */
    size_t first = df_pm_call_installs_first(call, f->matter);
    for (size_t i = first ? first - 1 : df_fact_members(f->matter); i < df_fact_members(f->matter); i++) {
        if (i >= first && !df_pm_call_installs(call, df_fact_key(f->matter, i)))
            continue;
        const char *why = matter_why(r, sm, call, f->matter, i);
        if (why) {
            *pkg = df_fact_key(f->matter, i);
            return why;
        }
    }
    /* the same, when the file shows it uses the library the recommend
     * serves (curl's libldap2 and libldap-common, in a file that uses LDAP) */
    size_t i = 0;
    named_keys nk = keys_named(call, f->matter_when);
    df_fact_object_foreach(f->matter_when, k, v)
    {
        signed char *uses = i < sizeof sm->uses_when ? &sm->uses_when[i] : NULL;
        bool named = key_named(&nk, i++, k);
        if (!named)
            continue;
        /* the text scanned once per file per entry (past the cache's
         * size: every time, the same answer) */
        signed char scanned = -1;
        if (!uses)
            uses = &scanned;
        if (*uses < 0)
            *uses = df_pm_contains_any(r->c, r->c->src->text, r->c->src->len, df_fact_get(v, "used_when"));
        if (*uses) {
            *pkg = k;
            return df_fact_str(df_fact_get(v, "why"));
        }
    }
    return NULL;
}

/* Does the call install a loader whose recommends are its drivers
 * ("recommends_are_function": libvulkan1) with none of those drivers
 * installed by the call or an earlier install of the stage? */
static bool installs_bare_loader(df_pm_run *r, stage_marks *sm, const df_pm_call *call)
{
    const char *k;
    const df_fact *drivers, *loaders = facts_of(sm, call->m)->are_function;
    named_keys nk = keys_named(call, loaders);
    size_t i = 0;
    df_fact_object_foreach(loaders, k, drivers)
    {
        if (key_named(&nk, i++, k) && !any_installed(r, sm, call, drivers))
            return true;
    }
    return false;
}

/* ---- recommends the file uses ------------------------------------------- */

/* marks predicate: is this a RUN whose text holds one of the strings (arg)? */
static bool uses_pred(const df_ctx *c, const df_instr *in, const void *arg)
{
    const df_instr *run = in->cmd == DF_CMD_ONBUILD ? in->sub : in;
    if (!run || run->cmd != DF_CMD_RUN)
        return false;
    return df_pm_contains_any(c, c->src->text + in->span.start, in->span.end - in->span.start, arg);
}

/* An 8-bit key of a package name (first and last byte, length): a filter
 * before the hash lookups of recommenders(). */
static unsigned rec_key(const char *s, size_t n)
{
    return n ? ((unsigned char)s[0] * 31u + (unsigned char)s[n - 1] * 7u + (unsigned)n * 101u) & 255u : 0;
}

/* The entries of apt's "recommends_used"; each one's marks are built by
 * used_ready() when a call first needs them. */
static void build_used(const df_fact *m, stage_marks *sm)
{
    size_t i;
    const df_fact *e;
    df_fact_foreach(df_fact_get(m, "recommends_used"), i, e)
    {
        if (sm->nused == sizeof sm->used / sizeof sm->used[0])
            break;
        used_entry *u = &sm->used[sm->nused];
        memset(u, 0, sizeof *u);
        u->e = e;
        u->package = df_fact_str(df_fact_get(e, "package"));
        u->recommended_by = df_fact_get(e, "recommended_by");
        size_t k;
        const df_fact *v;
        df_fact_foreach(u->recommended_by, k, v)
        {
            if (df_fact_is_string(v)) {
                unsigned key = rec_key(df_fact_str(v), df_fact_strlen(v));
                sm->rec_keys[key >> 6] |= (uint64_t)1 << (key & 63u);
            }
        }
        sm->nused++;
    }
}

/* Which used entries (bit i: sm->used[i]) have a recommender that the
 * call names: an operand's package name among the strings of the entry's
 * "recommended_by" (one hash per entry and operand, asked once per call,
 * not once per entry; there are at most 16), for the operands that pass
 * the filter of sm->rec_keys. False when the call names an
 * alias (df_pm_call_installs_any then asks the aliases, entry by entry).
 * call is the call with its operands resolved (named_pkgs.may): $PKGS
 * names what its value names. */
static bool recommenders(const stage_marks *sm, const df_pm_call *call, unsigned *hits)
{
    *hits = 0;
    if (call->names_alias)
        return false;
    for (size_t i = 0; i < call->nops; i++) {
        const char *v = call->ops[i]->value;
        size_t n = df_pm_pkg_name(call->ops[i]);
        unsigned key = rec_key(v, n);
        if (!(sm->rec_keys[key >> 6] >> (key & 63u) & 1u))
            continue;
        for (size_t k = 0; k < sm->nused; k++)
            if (!(*hits & 1u << k) && df_fact_has(sm->used[k].recommended_by, v, n))
                *hits |= 1u << k;
    }
    return true;
}

/* u's marks, and the stages that use it: built on the first question (a
 * scan of every instruction's text for each entry, for the entries a
 * reported call installs the recommender of). False when out of memory. */
static bool used_ready(df_ctx *c, used_entry *u)
{
    if (u->built)
        return u->ok;
    u->built = true;
    const df_doc *d = c->doc;
    const df_fact *e = u->e;
    if (df_pm_marks_build(c, uses_pred, df_fact_get(e, "used_when"), &u->marks) < 0)
        return false;
    size_t ns = d->nstages ? d->nstages : 1;
    u->desc_uses = df_arena_alloc(d->arena, ns * sizeof *u->desc_uses);
    u->runs_it = df_arena_alloc(d->arena, ns * sizeof *u->runs_it);
    if (!u->desc_uses || !u->runs_it)
        return false;
    memset(u->desc_uses, 0, ns * sizeof *u->desc_uses);
    memset(u->runs_it, 0, ns * sizeof *u->runs_it);
    /* what the image runs (CMD ["valgrind", "./tests"]) uses it too */
    for (size_t k = 0; k < d->ninstrs; k++) {
        const df_instr *in = d->instrs[k];
        if ((in->cmd == DF_CMD_CMD || in->cmd == DF_CMD_ENTRYPOINT || in->cmd == DF_CMD_HEALTHCHECK) &&
            in->stage < d->nstages &&
            df_pm_contains_any(c, c->src->text + in->span.start, in->span.end - in->span.start,
                         df_fact_get(e, "used_when")))
            u->runs_it[in->stage] = true;
    }
    /* children come after their parents: one pass from the end */
    for (size_t s = d->nstages; s-- > 0;) {
        size_t p = d->stages[s].parent;
        if (p == (size_t)-1 || p >= s)
            continue;
        if (u->desc_uses[s] || u->runs_it[s] ||
            df_pm_marks_any(&u->marks, d->stages[s].from, d->stages[s].last + 1, false))
            u->desc_uses[p] = true;
    }
    /* autoconf is for autoreconf, unless the file shows its other purpose
     * (phpize) */
    u->function = df_fact_is_true(df_fact_get(e, "function")) &&
                  !df_pm_contains_any(c, c->src->text, c->src->len, df_fact_get(e, "other_purposes"));
    /* keys and known_hosts for git over SSH, in a COPY or a comment: the
     * image's users clone over SSH at run time */
    u->file_uses = df_pm_contains_any(c, c->src->text, c->src->len, df_fact_get(e, "file_evidence"));
    u->ok = true;
    return true;
}

/* Where the first of the strings of list starts in s[0..n), or n. */
static size_t first_of(const char *s, size_t n, const df_fact *list)
{
    size_t best = n, i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *lit = df_fact_str(v);
        const char *at = lit && *lit ? df_bytes_find(s, best, lit) : NULL;
        if (at)
            best = (size_t)(at - s);
    }
    return best;
}

/* The first instruction index in [from, to) that has the marks' property,
 * or `to`: a binary search on the prefix counts. */
static size_t first_mark(const df_pm_marks *m, size_t from, size_t to)
{
    if (from >= to || m->plain[to] == m->plain[from])
        return to;
    size_t lo = from, hi = to - 1; /* the answer is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->plain[mid + 1] > m->plain[from])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Script offset of the first apt call of r that starts at or after script
 * offset `from` and installs pkg; SIZE_MAX when none. */
static size_t install_in_run(df_pm_run *r, const char *pkg, size_t from)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++)
        if (calls[i].cmd->span.start >= from && df_pm_sub_is(&calls[i], "install") &&
            df_pm_call_installs(&calls[i], pkg))
            return calls[i].cmd->span.start;
    return SIZE_MAX;
}

/* Must u's package be listed for `call`? When a later step uses it (later
 * in the RUN, a later RUN of the stage, a stage built on it), for a
 * "run_time" entry when the stage reaches the image, for a "function" entry
 * always (autoconf's automake); not when an install
 * of the stage names the package itself before that first use: apt then
 * installs it anyway (3Hren/blackhole: `RUN apt-get install make` comes
 * between cmake's install and `make`). */
static bool needed_after(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const used_entry *u, const char *p)
{
    const df_doc *d = r->c->doc;
    const df_fact *when = df_fact_get(u->e, "used_when");
    const char *text = r->c->src->text;
    /* the rest of the RUN */
    size_t from = df_pm_src(r, call->end ? call->end - 1 : 0) + 1;
    size_t use = from < r->in->span.end ? from + first_of(text + from, r->in->span.end - from, when) : SIZE_MAX;
    size_t inst = install_in_run(r, p, call->cmd->span.start + 1);
    if (inst != SIZE_MAX && df_pm_src(r, inst) < use)
        return false;
    if (use < r->in->span.end)
        return true;
    if (r->in->stage >= d->nstages)
        return false;
    const df_stage *st = &d->stages[r->in->stage];
    bool function = u->function;
    if (r->in->cmd == DF_CMD_ONBUILD)
        return function || u->desc_uses[r->in->stage] || u->runs_it[r->in->stage] ||
               ((df_fact_is_true(df_fact_get(u->e, "run_time")) || u->file_uses) && r->ships);
    /* later RUNs of the stage */
    size_t end = st->last + 1, ui = first_mark(&u->marks, r->in->index + 1, end), ii = end;
    const df_pm_marks *mk = install_marks(r, sm, p, BY_NAME);
    if (mk)
        ii = first_mark(mk, r->in->index + 1, end);
    if (ii < end && ii <= ui) {
        /* installed there: before a use in the same RUN? */
        df_pm_run o;
        const df_instr *in = d->instrs[ii];
        if (ii < ui)
            return false;
        size_t at = df_pm_run_of(r->c, in, &o) ? install_in_run(&o, p, 0) : SIZE_MAX;
        if (at == SIZE_MAX)
            return true;
        size_t s0 = in->span.start, s1 = df_pm_src(&o, at);
        return first_of(text + s0, s1 - s0, when) < s1 - s0;
    }
    if (ui < end || u->desc_uses[r->in->stage] || u->runs_it[r->in->stage])
        return true;
    /* a "function" recommend is used by steps the file need not show (a
     * Makefile that runs autoreconf): needed unless a later install of the
     * stage names it (above) */
    return function || ((df_fact_is_true(df_fact_get(u->e, "run_time")) || u->file_uses) && r->ships);
}

/* ---- does the package exist on the base's release? ---------------------- */

/* Does an added recommend (a recommends_used entry e with "exists_on" and
 * "absent_on") exist on the release of the stage's root image: 1 known to,
 * 0 known not to (nothing to add), -1 not known (df_pm_on_release).
 * Entries without release data exist everywhere. base gets the image as
 * written, for the reason of an unsafe fix. */
static int on_release(const df_pm_run *r, const df_fact *e, char *base, size_t cap)
{
    const df_fact *yes = df_fact_get(e, "exists_on"), *no = df_fact_get(e, "absent_on");
    snprintf(base, cap, "%s", "its base image");
    if (!yes && !no)
        return 1;
    return df_pm_on_release(r->c->doc, r->in->stage, yes, no, base, cap);
}

/* ---- packages the RUN removes again ---------------------------------------- */

/* The packages a RUN removes with what was installed for them
 * (`apt-get purge --auto-remove $BUILD_DEPS`, or a removal followed by
 * `apt-get autoremove`): each name with the script offset of the last such
 * removal that names it. An open-addressing table, built once per RUN, so
 * that each install asks about its packages in constant time. */
typedef struct {
    const char *k;
    size_t n;
    size_t at;
} rm_slot;

typedef struct removals {
    rm_slot *slots;
    size_t cap;    /* a power of two; 0: the RUN auto-removes nothing */
    size_t marked; /* script offset of the last `apt-mark auto` before an auto-removal ... */
    bool has_mark; /* ... when there is one */
    size_t recs_gone; /* script offset of the last auto-removal with
                       * APT::AutoRemove::RecommendsImportant=false (every
                       * recommend goes), or 0 */
} removals;

/* The name an operand is compared by: a package name without version,
 * release or architecture; a word with expansions ($BUILD_DEPS) as
 * written. */
static size_t rm_key(const df_sh_word *w, const char **k)
{
    *k = w->value;
    return w->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB) ? w->value_len : df_pm_pkg_name(w);
}

static rm_slot *rm_slot_of(const removals *rm, const char *k, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 16777619u;
    for (size_t i = h & (rm->cap - 1);; i = (i + 1) & (rm->cap - 1))
        if (!rm->slots[i].k || (rm->slots[i].n == n && memcmp(rm->slots[i].k, k, n) == 0))
            return &rm->slots[i];
}

/* An apt removal whose "Do you want to continue?" nobody answers (no -y,
 * -qq, Assume-Yes, `yes |`): apt reads an empty standard input, prints
 * "Abort." and removes nothing (corpus apps 193). sm holds the file's
 * Assume-Yes configuration marks, built when first asked. */
static bool removes_nothing(const df_pm_run *r, const df_pm_call *call, stage_marks *sm)
{
    return sm->yes.m && df_pm_prompt_unanswered(r, call, &sm->yes, &sm->yes_marks);
}

/* The script offset of the last auto-removal of the RUN (purge
 * --auto-remove, autoremove) that runs with
 * APT::AutoRemove::RecommendsImportant=false: it removes every package
 * that only a Recommends kept, so --no-install-recommends on the installs
 * before it saves nothing (the official images' idiom; corpus apps 173).
 * 0 when there is none. One pass over the RUN's calls. */
static size_t recommends_autoremoved(const df_pm_run *r, const df_pm_call *call)
{
    return df_pm_option_says(r, call, "config_recommends_unimportant", NULL) ? call->cmd->span.start : 0;
}

/* Does the removal also remove what is no longer needed (--auto-remove,
 * autoremove/autopurge, -o APT::Get::AutomaticRemove=true)? */
static bool auto_removes(const df_pm_run *r, const df_pm_call *call, stage_marks *sm)
{
    /* the removal first: every call of every RUN is asked, and whether
     * its prompt goes unanswered is a question of flags, options and the
     * file's configuration */
    if (!df_pm_sub_is(call, "auto_remove") &&
        !(df_pm_sub_is(call, "remove") && (df_pm_has_flag(call, "auto_remove_flags") ||
                                           df_pm_option_says(r, call, "config_auto_remove", NULL))))
        return false;
    return !removes_nothing(r, call, sm);
}

typedef struct {
    const df_fact *m;
    size_t before; /* script offset of the last auto-removal */
    removals *rm;
} markscan;

static int mark_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    (void)ctx;
    markscan *ms = user;
    df_sh_view v;
    if (cmd->span.start >= ms->before)
        return 1;
    if (df_sh_command_view(cmd, &v) != 0 || !v.name || (v.name->flags & DF_SH_W_EXPANSION) ||
        !df_fact_has(df_fact_get(ms->m, "mark_commands"), v.name->value, v.name->value_len))
        return 0;
    const df_sh_word *sub = df_sh_subcommand(&v, NULL);
    if (sub && !(sub->flags & DF_SH_W_EXPANSION) &&
        df_fact_has(df_fact_get(ms->m, "mark_auto"), sub->value, sub->value_len)) {
        ms->rm->marked = cmd->span.start;
        ms->rm->has_mark = true;
    }
    return 0;
}

/* The RUN's removals into rm, and its recs_gone (recommends_autoremoved of
 * its last auto-removal that has one): one pass of auto_removes over the
 * calls. */
static void build_removals(df_pm_run *r, const df_pm_call *calls, size_t n, removals *rm, stage_marks *sm)
{
    memset(rm, 0, sizeof *rm);
    size_t last = SIZE_MAX, nwords = 0, gone = 0;
    for (size_t i = 0; i < n; i++)
        if (auto_removes(r, &calls[i], sm)) {
            last = calls[i].cmd->span.start;
            size_t at = recommends_autoremoved(r, &calls[i]);
            if (at)
                gone = at;
        }
    if (last == SIZE_MAX)
        return;
    rm->recs_gone = gone;
    for (size_t i = 0; i < n && calls[i].cmd->span.start <= last; i++)
        if (df_pm_sub_is(&calls[i], "remove"))
            nwords += calls[i].view.nargs;
    size_t cap = 16;
    while (cap < 2 * nwords + 2)
        cap *= 2;
    rm->slots = df_arena_alloc(r->c->doc->arena, cap * sizeof *rm->slots);
    if (!rm->slots)
        return;
    memset(rm->slots, 0, cap * sizeof *rm->slots);
    rm->cap = cap;
    for (size_t i = 0; i < n && calls[i].cmd->span.start <= last; i++) {
        if (!df_pm_sub_is(&calls[i], "remove"))
            continue;
        df_sh_argit it = DF_SH_ARGIT_INIT;
        df_sh_arg a;
        while (df_pm_next_operand(&calls[i], &it, &a)) {
            const char *k;
            size_t kl;
            if (!(kl = rm_key(a.word, &k)))
                continue;
            rm_slot *sl = rm_slot_of(rm, k, kl);
            sl->k = k;
            sl->n = kl;
            sl->at = calls[i].cmd->span.start;
        }
    }
    markscan ms = {calls[0].m, last, rm};
    df_sh_walk(r->rs.script, mark_visit, &ms);
}

/* Are the packages of the install removed again later in the RUN, with
 * what they brought: some of its names are removed by an auto-removing
 * removal after it, and every plain package name is (names behind
 * variables may hold the run-time packages the author keeps); or the RUN
 * marks everything automatic (`apt-mark auto '.*'`) before auto-removing?
 * Then the recommends go with them, and the flag saves nothing. */
/* Does an auto-removing removal of the RUN after `call` name the package
 * (or the operand as written: $BUILD_DEPS) w[0, n)? */
static bool removed_later(const struct removals *rm, const df_pm_call *call, const char *w, size_t n)
{
    const rm_slot *sl = rm->cap && n ? rm_slot_of(rm, w, n) : NULL;
    return sl && sl->k && sl->at > call->cmd->span.start;
}

/* Does the call, or an earlier install of the stage, install a package
 * that depends on p (apt "depends_on": build-essential, g++ and
 * gcc-multilib bring libc6-dev, build-essential brings make)? Then adding p
 * changes nothing. An earlier install counts when its RUN does not
 * auto-remove again what it installed, or when it brings that package as a
 * recommend. One map for both paths that add packages: needs_with_recommends
 * (gcc's libc6-dev) and recommends_used (cmake's make). */
static bool depended_on(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *p)
{
    const char *k;
    const df_fact *list;
    df_fact_object_foreach(facts_of(sm, call->m)->depends, k, list)
    {
        if (df_fact_has(list, p, strlen(p)) &&
            (df_pm_call_installs(call, k) || installed_before_by(r, sm, call, k, BY_NAME_KEPT) ||
             installed_before_by(r, sm, call, k, BY_RECOMMEND)))
            return true;
    }
    return false;
}

/* Does the call install one of the packages of list (the users of a
 * recommend it adds) that the RUN does not remove again afterwards with
 * an auto-removal? */
static bool user_stays(const removals *rm, const df_pm_call *call, const df_pm_call *named, const df_fact *list)
{
    size_t i;
    const df_fact *v;
    df_fact_foreach(list, i, v)
    {
        const char *p = df_fact_str(v);
        if (p && df_pm_call_installs(named, p) && !removed_later(rm, call, p, strlen(p)))
            return true;
    }
    return false;
}

static bool removed_again(const removals *rm, const df_pm_call *call)
{
    size_t at = call->cmd->span.start;
    if (!rm->cap)
        return false;
    if (rm->has_mark && rm->marked > at)
        return true;
    bool any = false;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_pm_next_operand(call, &it, &a)) {
        const char *k;
        size_t kl = rm_key(a.word, &k);
        const rm_slot *sl = kl ? rm_slot_of(rm, k, kl) : NULL;
        if (sl && sl->k && sl->at > at)
            any = true;
        else if (!(a.word->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB)))
            return false;
    }
    return any;
}

/* ---- installs that can install nothing ----------------------------------- */

/* Where the last match of the strings of list starts in s[0..n) (the
 * greatest start), with its end in *end; SIZE_MAX when none. */
static size_t last_of(const char *s, size_t n, const df_fact *list, size_t *end)
{
    size_t best = SIZE_MAX, i;
    const df_fact *v;
    *end = 0;
    df_fact_foreach(list, i, v)
    {
        const char *lit = df_fact_str(v);
        size_t ll = lit ? strlen(lit) : 0;
        for (size_t at = 0; ll && at < n;) {
            const char *f = df_bytes_find(s + at, n - at, lit);
            if (!f)
                break;
            at = (size_t)(f - s);
            if (best == SIZE_MAX || at > best || (at == best && at + ll > *end)) {
                best = at;
                *end = at + ll;
            }
            at++;
        }
    }
    return best;
}

/* Can the call install nothing at all (apt "lists_gone_install")? It is
 * the first command of its RUN; the RUN right before it in the stage (no
 * other RUN, and nothing naming /var/lib/apt, between them) removes the
 * package lists after everything in it that may fetch them again (an
 * update, a script piped into a shell, add-apt-repository: the data's
 * "refills"); and every package it names was installed earlier in the
 * stage. With no lists apt knows no package but the installed ones: it
 * says they are "already the newest version" and installs nothing,
 * recommends or not (laradock's jenkins: `RUN apt-get install -y curl`
 * after the lists were removed). */
static bool installs_nothing(df_pm_run *r, stage_marks *sm, const df_pm_call *call)
{
    const df_doc *d = r->c->doc;
    const df_sh_list *top = &r->rs.script->list;
    if (r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages || !top->n ||
        top->items[0].node->span.start != call->cmd->span.start)
        return false;
    const df_fact *g = df_fact_get(call->m, "lists_gone_install");
    const df_fact *refills = df_fact_get(g, "refills");
    if (!refills)
        return false;
    const df_stage *st = &d->stages[r->in->stage];
    const df_instr *prev = NULL;
    const char *t = r->c->src->text;
    for (size_t i = r->in->index; i-- > st->from;) {
        const df_instr *in = d->instrs[i];
        if (in->cmd == DF_CMD_RUN) {
            prev = in;
            break;
        }
        if (df_bytes_contain(t + in->span.start, in->span.end - in->span.start, "/var/lib/apt"))
            return false; /* lists copied in? */
        if (in->cmd == DF_CMD_ONBUILD || in->cmd == DF_CMD_FROM)
            return false;
    }
    df_pm_run o;
    if (!prev || !df_pm_run_of(r->c, prev, &o))
        return false;
    /* the lists removed after the last refill of that RUN, and not named
     * again after the removal */
    const char *pt = t + prev->span.start;
    size_t pn = prev->span.end - prev->span.start, rm_end, re_end, li_end;
    size_t rm = last_of(pt, pn, df_fact_get(g, "removals"), &rm_end);
    size_t re = last_of(pt, pn, refills, &re_end);
    size_t li = df_fact_get(g, "lists") ? last_of(pt, pn, df_fact_get(g, "lists"), &li_end) : SIZE_MAX;
    if (rm == SIZE_MAX || (re != SIZE_MAX && re >= rm) || li == SIZE_MAX || li >= rm_end)
        return false;
    /* every package named is installed already */
    bool any = false;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_pm_next_operand(call, &it, &a)) {
        size_t n = df_pm_pkg_name(a.word);
        if (!n || (a.word->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB)) || n != a.word->value_len)
            return false;
        char *name = df_arena_alloc(d->arena, n + 1);
        if (!name)
            return false;
        memcpy(name, a.word->value, n);
        name[n] = '\0';
        if (!installed_before(r, sm, call, name))
            return false;
        any = true;
    }
    return any;
}

/* ---- packages named through expansions ---------------------------------- */

/* What the operands of an install name, with the expansions resolved where
 * the file shows their value (review run13: `ARG PKGS="curl gpg"` then
 * `apt-get install -y $PKGS` and `gpg --recv-keys` lost gpg's dirmngr; the
 * official varnish images' `BASE_PKGS="curl gpg"; ... install -y curl
 * $BASE_PKGS`). A value is certain when a literal assignment at the top of
 * the RUN's script comes before the call (on every path to it: not in a
 * branch, loop, subshell or function, and nothing between sets, reads or
 * unsets the name, or sources a script) or, with no such assignment, an ENV
 * of the stage (or of a stage it is built FROM) sets it. An ARG default is
 * only what may be installed: `--build-arg` changes it, so its packages
 * add the recommends they need but never stand for a package the fix
 * would otherwise add. */
typedef struct {
    df_pm_call lit;  /* the call, its ops the names known for certain */
    df_pm_call may;  /* and those an ARG default names */
    df_buf unknown;  /* operands whose packages are not known: "$PKGS" */
    df_buf debs;     /* local package files: "./x.deb" */
    bool archive;    /* an operand names a package of the archive */
} named_pkgs;

static const char arg_unknown[] = "";

/* Is the operand a local package file (`./x.deb`, `/tmp/x.deb`, `*.deb`),
 * whose recommends dfopt cannot know? */
static bool local_deb(const char *w, size_t n)
{
    return (n && w[0] == '/') || (n >= 2 && w[0] == '.' && (w[1] == '/' || (w[1] == '.' && n >= 3 && w[2] == '/'))) ||
           (n > 4 && memcmp(w + n - 4, ".deb", 4) == 0);
}

static bool has_glob(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '*' || s[i] == '?' || s[i] == '[')
            return true;
    return false;
}

/* The default of ARG name[0, nl) in each word of ARG instruction in (or
 * NULL when in does not declare it); *declared when it does. */
static const char *arg_word_default(const df_doc *d, const df_instr *in, const char *name, size_t nl, bool *declared)
{
    const char *v = NULL;
    *declared = false;
    for (size_t k = 0; k < in->nargs; k++) {
        const df_word *w = &in->args[k];
        if (w->len < nl || memcmp(w->value, name, nl) != 0 || (w->len > nl && w->value[nl] != '='))
            continue;
        *declared = true;
        if (w->len == nl) {
            v = NULL;
            continue;
        }
        df_word dw = *w;
        dw.value = w->value + nl + 1;
        dw.len = w->len - nl - 1;
        v = df_word_value(d->arena, &dw, false, d->escape); /* NULL: a variable in it */
        if (!v)
            v = arg_unknown;
    }
    return v;
}

/* a[i]: the ARG default of name in force before instruction i: the last
 * `ARG name=value` of i's stage before it, or a bare `ARG name` there that
 * takes the default of an ARG before the first FROM; arg_unknown when
 * declared with no default the file shows; NULL when not declared in the
 * stage (ARGs are not inherited by a stage built FROM another). */
static const char **arg_before(const df_doc *d, const char *name, size_t nl)
{
    const char **a = df_arena_alloc(d->arena, (d->ninstrs + 1) * sizeof *a);
    if (!a)
        return NULL;
    const char *global = NULL, *cur = NULL;
    size_t stage = SIZE_MAX;
    for (size_t i = 0; i < d->ninstrs; i++) {
        const df_instr *in = d->instrs[i];
        if (in->stage != stage) {
            stage = in->stage;
            cur = NULL;
        }
        a[i] = cur;
        if (in->cmd != DF_CMD_ARG)
            continue;
        bool declared;
        const char *v = arg_word_default(d, in, name, nl, &declared);
        if (!declared)
            continue;
        if (stage >= d->nstages)
            global = v ? v : arg_unknown;
        else
            cur = v ? v : global ? global : arg_unknown;
    }
    return a;
}

/* The slot of variable name[0, nl) in sm->vars, its ENV and ARG values
 * built on the first question; NULL past the cache's size (the name then
 * counts as unknown) or out of memory. */
static const var_values *var_slot(const df_doc *d, stage_marks *sm, const char *name, size_t nl)
{
    for (size_t i = 0; i < sm->nvars; i++)
        if (strlen(sm->vars[i].name) == nl && memcmp(sm->vars[i].name, name, nl) == 0)
            return &sm->vars[i];
    if (sm->nvars == sizeof sm->vars / sizeof sm->vars[0])
        return NULL;
    char *copy = df_arena_strndup(d->arena, name, nl);
    const char **env = copy ? df_env_before(d, copy, nl) : NULL;
    const char **arg = copy ? arg_before(d, copy, nl) : NULL;
    if (!env || !arg)
        return NULL;
    sm->vars[sm->nvars].name = copy;
    sm->vars[sm->nvars].env = env;
    sm->vars[sm->nvars].arg = arg;
    return &sm->vars[sm->nvars++];
}

/* The shell's side: is name set by the RUN's script before the call, and
 * to what? */
typedef struct {
    const char *name;
    size_t nl;
    size_t before; /* the call's script offset */
    int state;     /* 0 not set, 1 set to value, -1 not known */
    const char *value;
    size_t vlen;
} shvar_scan;

static bool word_is_name(const df_sh_word *w, const char *name, size_t nl)
{
    return w->value_len == nl && memcmp(w->value, name, nl) == 0;
}

/* One assignment of the name: a literal, at the top of the script, not
 * conditional, is its value from then on; anything else makes it unknown. */
static void shvar_set(shvar_scan *vs, const df_sh_ctx *ctx, const df_sh_word *v, const char *val, size_t vl)
{
    bool plain = ctx->depth == 0 && ctx->leaks && !ctx->conditional && !(v->flags & DF_SH_W_EXPANSION);
    vs->state = plain ? 1 : -1;
    vs->value = val;
    vs->vlen = vl;
}

static int shvar_visit(const df_sh_node *cmd, const df_sh_ctx *ctx, void *user)
{
    shvar_scan *vs = user;
    if (cmd->span.start >= vs->before)
        return 1;
    /* a for loop over the name, around this command */
    if (ctx->parent && ctx->parent->kind == DF_SH_FOR && word_is_name(&ctx->parent->for_.var, vs->name, vs->nl))
        vs->state = -1;
    const df_sh_word *w = cmd->simple.words;
    size_t nw = cmd->simple.nwords;
    if (!nw) {
        for (size_t i = 0; i < cmd->simple.nassigns; i++) {
            const df_sh_assign *a = &cmd->simple.assigns[i];
            if (a->name_len == vs->nl && memcmp(a->name, vs->name, vs->nl) == 0) {
                shvar_set(vs, ctx, &a->value, a->value.value, a->value.value_len);
                if (a->append)
                    vs->state = -1;
            }
        }
        return 0;
    }
    if (df_sh_word_is(&w[0], "export") || df_sh_word_is(&w[0], "readonly") || df_sh_word_is(&w[0], "local") ||
        df_sh_word_is(&w[0], "declare") || df_sh_word_is(&w[0], "typeset")) {
        bool exported = df_sh_word_is(&w[0], "export") || df_sh_word_is(&w[0], "readonly");
        for (size_t i = 1; i < nw; i++) {
            if (w[i].value_len > vs->nl && memcmp(w[i].value, vs->name, vs->nl) == 0 && w[i].value[vs->nl] == '=') {
                shvar_set(vs, ctx, &w[i], w[i].value + vs->nl + 1, w[i].value_len - vs->nl - 1);
                if (!exported)
                    vs->state = -1;
            }
        }
        return 0;
    }
    /* read, unset, getopts...: a word that is the name; a sourced script
     * (other than /etc/os-release) or eval may set anything */
    if (df_sh_word_is(&w[0], "eval") ||
        ((df_sh_word_is(&w[0], ".") || df_sh_word_is(&w[0], "source")) &&
         !(nw == 2 && df_sh_word_is(&w[1], "/etc/os-release")))) {
        vs->state = -1;
        return 0;
    }
    if (df_sh_word_is(&w[0], "read") || df_sh_word_is(&w[0], "unset") || df_sh_word_is(&w[0], "getopts") ||
        df_sh_word_is(&w[0], "mapfile") || df_sh_word_is(&w[0], "readarray") || df_sh_word_is(&w[0], "printf"))
        for (size_t i = 1; i < nw; i++)
            if (word_is_name(&w[i], vs->name, vs->nl))
                vs->state = -1;
    return 0;
}

enum { VAR_UNKNOWN, VAR_CERTAIN, VAR_MAY };

/* The value of variable name[0, nl) where `call` runs: VAR_CERTAIN (the
 * script's literal assignment, or an ENV), VAR_MAY (an ARG default),
 * VAR_UNKNOWN. */
static int var_value(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *name, size_t nl,
                     const char **v, size_t *vl)
{
    shvar_scan vs = {name, nl, call->cmd->span.start, 0, NULL, 0};
    df_sh_walk(r->rs.script, shvar_visit, &vs);
    if (call->where.parent && call->where.parent->kind == DF_SH_FOR &&
        word_is_name(&call->where.parent->for_.var, name, nl))
        vs.state = -1;
    if (vs.state) {
        *v = vs.value;
        *vl = vs.vlen;
        return vs.state > 0 ? VAR_CERTAIN : VAR_UNKNOWN;
    }
    const df_doc *d = r->c->doc;
    if (r->in->cmd != DF_CMD_RUN || r->in->stage >= d->nstages)
        return VAR_UNKNOWN; /* an ONBUILD trigger runs with its child's variables */
    const var_values *vv = var_slot(d, sm, name, nl);
    if (!vv)
        return VAR_UNKNOWN;
    const char *e = vv->env[r->in->index], *a = vv->arg[r->in->index];
    if (e) {
        *v = e;
        *vl = strlen(e);
        return VAR_CERTAIN;
    }
    if (a && a != arg_unknown) {
        *v = a;
        *vl = strlen(a);
        return VAR_MAY;
    }
    return VAR_UNKNOWN;
}

/* s[0, n) with its $NAME and ${NAME} expanded into out; false when one
 * is not known, or is another kind of expansion. *by_arg when an ARG
 * default was used. */
static bool expand_text(df_pm_run *r, stage_marks *sm, const df_pm_call *call, const char *s, size_t n,
                        df_buf *out, bool *by_arg)
{
    for (size_t i = 0; i < n;) {
        if (s[i] != '$') {
            df_buf_addch(out, s[i++]);
            continue;
        }
        bool brace = i + 1 < n && s[i + 1] == '{';
        size_t st = i + 1 + brace, en = st;
        while (en < n && (s[en] == '_' || (s[en] >= 'A' && s[en] <= 'Z') || (s[en] >= 'a' && s[en] <= 'z') ||
                          (en > st && s[en] >= '0' && s[en] <= '9')))
            en++;
        if (en == st || (brace && (en >= n || s[en] != '}')))
            return false; /* $1, $@, ${X:-y}, ${#X}: not resolved */
        const char *v = NULL;
        size_t vl = 0;
        int kind = var_value(r, sm, call, s + st, en - st, &v, &vl);
        if (kind == VAR_UNKNOWN || (vl && memchr(v, '$', vl)))
            return false;
        *by_arg |= kind == VAR_MAY;
        df_buf_add(out, v, vl);
        i = en + brace;
    }
    return !out->failed;
}

/* A package name the resolution found, as an operand word. */
static const df_sh_word *name_word(const df_doc *d, const df_sh_word *from, const char *s, size_t n)
{
    df_sh_word *w = df_arena_alloc(d->arena, sizeof *w);
    char *v = df_arena_strndup(d->arena, s, n);
    if (!w || !v)
        return NULL;
    *w = *from;
    w->flags = 0;
    w->value = v;
    w->value_len = n;
    return w;
}

static void add_op(df_pm_call *c, const df_sh_word *w)
{
    if (w)
        c->ops[c->nops++] = w;
}

/* Is w a backquoted command substitution holding only a comment (an
 * author's note in a list of packages, `# needed by lxml`)? It runs
 * nothing and expands to nothing. */
static bool comment_only(const df_sh_word *w)
{
    const char *v = w->value;
    size_t n = w->value_len, i = 1;
    if (!(w->flags & DF_SH_W_CMDSUBST) || n < 3 || v[0] != '`' || v[n - 1] != '`' ||
        memchr(v + 1, '`', n - 2) || memchr(v, '\n', n))
        return false;
    while (i < n - 1 && (v[i] == ' ' || v[i] == '\t'))
        i++;
    return v[i] == '#';
}

/* Fill np for call: when no operand holds an expansion, a glob or a path,
 * lit and may are the call itself. */
static void name_packages(df_pm_run *r, stage_marks *sm, const df_pm_call *call, named_pkgs *np)
{
    const df_doc *d = r->c->doc;
    memset(np, 0, sizeof *np);
    np->lit = *call;
    np->may = *call;
    bool plain = true;
    df_sh_argit it = DF_SH_ARGIT_INIT;
    df_sh_arg a;
    while (df_pm_next_operand(call, &it, &a)) {
        const df_sh_word *w = a.word;
        if (comment_only(w))
            continue;
        if ((w->flags & (DF_SH_W_EXPANSION | DF_SH_W_GLOB)) || local_deb(w->value, w->value_len))
            plain = false;
        else
            np->archive = true;
    }
    if (plain)
        return;
    /* room for every word of every value: bounded by the values' lengths,
     * counted as they are added (a fresh array per view) */
    df_buf lit = DF_BUF_INIT, may = DF_BUF_INIT; /* of const df_sh_word * */
    it = (df_sh_argit)DF_SH_ARGIT_INIT;
    while (df_pm_next_operand(call, &it, &a)) {
        const df_sh_word *w = a.word;
        if (comment_only(w))
            continue; /* `# libxslt is needed by lxml`: expands to nothing (saleor) */
        if (!(w->flags & DF_SH_W_EXPANSION)) {
            if (local_deb(w->value, w->value_len))
                df_buf_printf(&np->debs, "%s%.*s", np->debs.len ? ", " : "", (int)w->value_len, w->value);
            else if (w->flags & DF_SH_W_GLOB) /* an apt pattern: vim* */
                df_buf_printf(&np->unknown, "%s%.*s", np->unknown.len ? ", " : "", (int)w->value_len, w->value);
            continue; /* in call->ops already */
        }
        if (local_deb(w->value, w->value_len)) { /* "./${INFLUXDB_DEB}" is a file all the same */
            df_buf_printf(&np->debs, "%s%.*s", np->debs.len ? ", " : "", (int)w->value_len, w->value);
            continue;
        }
        size_t n = df_pm_pkg_name(w);
        const char *dollar = memchr(w->value, '$', w->value_len);
        if (n && dollar && (size_t)(dollar - w->value) >= n && !(w->flags & DF_SH_W_GLOB)) {
            /* vim=$VIM_VERSION: the name is plain */
            const df_sh_word *nw = name_word(d, w, w->value, n);
            df_buf_add(&lit, &nw, sizeof nw);
            np->archive = true;
            continue;
        }
        df_buf val = DF_BUF_INIT;
        bool by_arg = false;
        bool ok = !(w->flags & (DF_SH_W_CMDSUBST | DF_SH_W_ARITH)) &&
                  expand_text(r, sm, call, w->value, w->value_len, &val, &by_arg);
        /* the fields the value splits into (quoted: one) */
        for (size_t i = 0; ok && i < val.len;) {
            while (i < val.len && (val.data[i] == ' ' || val.data[i] == '\t' || val.data[i] == '\n'))
                i++;
            size_t s0 = i;
            while (i < val.len && val.data[i] != ' ' && val.data[i] != '\t' && val.data[i] != '\n')
                i++;
            if (i == s0)
                break;
            if ((w->flags & DF_SH_W_QUOTED) && (s0 > 0 || i < val.len))
                ok = false; /* "$PKGS" holding two names is one (wrong) name */
            else if (local_deb(val.data + s0, i - s0))
                df_buf_printf(&np->debs, "%s%.*s", np->debs.len ? ", " : "", (int)(i - s0), val.data + s0);
            else if (has_glob(val.data + s0, i - s0))
                ok = false;
            else {
                const df_sh_word *nw = name_word(d, w, val.data + s0, i - s0);
                df_buf_add(by_arg ? &may : &lit, &nw, sizeof nw);
                np->archive = true;
            }
        }
        if (!ok)
            df_buf_printf(&np->unknown, "%s%.*s", np->unknown.len ? ", " : "", (int)w->value_len, w->value);
        df_buf_release(&val);
    }
    size_t nl = lit.len / sizeof(const df_sh_word *), nm = may.len / sizeof(const df_sh_word *);
    if (nl + nm) {
        const df_sh_word **lo = df_arena_alloc(d->arena, (call->nops + nl) * sizeof *lo);
        const df_sh_word **mo = df_arena_alloc(d->arena, (call->nops + nl + nm) * sizeof *mo);
        if (lo && mo && !lit.failed && !may.failed) {
            np->lit.ops = lo;
            np->may.ops = mo;
            np->lit.nops = np->may.nops = 0;
            for (size_t i = 0; i < call->nops; i++) {
                add_op(&np->lit, call->ops[i]);
                add_op(&np->may, call->ops[i]);
            }
            for (size_t i = 0; i < nl; i++) {
                add_op(&np->lit, ((const df_sh_word **)(void *)lit.data)[i]);
                add_op(&np->may, ((const df_sh_word **)(void *)lit.data)[i]);
            }
            for (size_t i = 0; i < nm; i++)
                add_op(&np->may, ((const df_sh_word **)(void *)may.data)[i]);
            /* a resolved name may be an alias (git-core): let the lookups ask */
            np->lit.names_alias = np->may.names_alias = true;
        }
        else
            df_arena_note_failure(d->arena);
    }
    df_buf_release(&lit);
    df_buf_release(&may);
}

/* ---- the rule ---------------------------------------------------------- */

static size_t after_word(const df_pm_run *r, const df_sh_word *w)
{
    return df_pm_src(r, w->span.end - 1) + 1;
}


static void mark_run(df_pm_run *r, void *user)
{
    stage_marks *sm = user;
    if (r->in->stage >= r->c->doc->nstages)
        return;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t i = 0; i < n; i++)
        if (df_pm_sub_is(&calls[i], "install") && df_pm_has_flag(&calls[i], "no_recommends") &&
            sm->chooses[r->in->stage] == SIZE_MAX)
            sm->chooses[r->in->stage] = df_pm_src(r, calls[i].cmd->span.start);
}

/* The text that adds packages (" a b") after the last package word lp, and
 * where it goes (*at): when the packages stand one per line, each new one
 * gets a line of its own with the same indentation, continued with the
 * file's escape character, padded to the column where the RUN's other
 * lines align theirs (`zip               \`, df_pm_pad_escape, shared with
 * the cleanups); when lp's own line goes on with such a padded escape, the
 * new lines go in below it, each ending in its own. */
static void one_per_line_text(const df_pm_run *r, const df_sh_word *lp, const df_buf *add, df_buf *out, size_t *at)
{
    const char *s = r->c->src->text;
    size_t len = r->c->src->len;
    size_t st = df_pm_src(r, lp->span.start);
    *at = after_word(r, lp);
    size_t ls = st;
    while (ls > 0 && (s[ls - 1] == ' ' || s[ls - 1] == '\t'))
        ls--;
    bool alone = !r->rs.heredoc && r->style.multiline && ls > 0 && s[ls - 1] == '\n' && ls < st;
    if (!alone) {
        df_buf_add(out, add->data, add->len);
        return;
    }
    /* lp's line continues (`    zip       \`): below it */
    bool below = false;
    if (df_pm_escape_column(r)) {
        size_t k = *at;
        while (k < len && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < len && s[k] == r->style.esc) {
            k++;
            if (k < len && s[k] == '\r')
                k++;
            if (k < len && s[k] == '\n') {
                below = true;
                *at = k + 1;
            }
        }
    }
    /* add holds " pkg1 pkg2": one line each */
    size_t col = *at - ls; /* where the next escape's line has got to */
    const char *p = add->data, *e = add->data + add->len;
    while (p < e) {
        while (p < e && *p == ' ')
            p++;
        const char *q = p;
        while (q < e && *q != ' ')
            q++;
        if (q == p)
            break;
        df_buf seg = DF_BUF_INIT;
        if (below)
            df_buf_printf(&seg, "%.*s%.*s %c%s", (int)(st - ls), s + ls, (int)(q - p), p, r->style.esc, r->style.eol);
        else
            df_buf_printf(&seg, " %c%s", r->style.esc, r->style.eol);
        if (df_pm_pad_escape(r, below ? 0 : col, &seg) < 0)
            seg.failed = true;
        if (!below)
            df_buf_printf(&seg, "%.*s%.*s", (int)(st - ls), s + ls, (int)(q - p), p);
        df_buf_add(out, seg.data, seg.len);
        out->failed |= seg.failed;
        df_buf_release(&seg);
        col = (st - ls) + (size_t)(q - p);
        p = q;
    }
}

/* Is the package p[0..n) one that apt itself recommends on the release of
 * the stage's base (apt "kept_by_apt": ca-certificates, from apt 1.5, Debian
 * 10 and Ubuntu 18.04 on)? apt is installed by hand in every image, and an
 * autoremove keeps the installed recommends of such packages: added by the
 * fix, the package stays after the autoremove as it stays in the original,
 * where it came as a recommend (measured: debian:bookworm-slim, `apt-get
 * install -y yasm git`, `apt-get remove git`, `apt-get autoremove` keeps
 * ca-certificates and openssl). Not on a release before those, nor one not
 * known. */
static bool kept_by_apt(const df_pm_run *r, const df_pm_call *call, const char *p, size_t n)
{
    const df_fact *k = df_fact_get(call->m, "kept_by_apt");
    return df_fact_has(df_fact_get(k, "packages"), p, n) &&
           df_pm_on_release(r->c->doc, r->in->stage, df_fact_get(k, "since"), df_fact_get(k, "before"), NULL,
                            0) == 1;
}

static void check_call(df_pm_run *r, const df_pm_call *call, stage_marks *sm, const removals *rm)
{
    if (!df_pm_sub_is(call, "install") || df_pm_has_flag(call, "no_recommends") ||
        df_pm_has_flag(call, "no_install_flags"))
        return;
    if (!last_package(call) && !df_sh_has_flag(&call->view, call->spec, "-f") &&
        !df_sh_has_flag(&call->view, call->spec, "--fix-broken"))
        return; /* `apt-get install -y` names nothing and installs nothing (corpus apps 121);
                 * `install -f` installs what dpkg -i left missing, recommends too */
    if (removed_again(rm, call) || rm->recs_gone > call->cmd->span.start)
        return; /* build dependencies, or every recommend: they go again */
    if (df_pm_option_says(r, call, "config_no_recommends", "Install-Recommends"))
        return;
    if (sm->interactive < 0)
        sm->interactive = df_pm_apt_environment(r->c, sm->cfg.m) || idle_container(r->c, sm->cfg.m);
    const apt_facts *f = facts_of(sm, call->m);
    if (sm->interactive || installs_interactive(call, f))
        return; /* an environment to work in wants its recommends */
    if (installs_bare_loader(r, sm, call))
        return; /* libvulkan1's recommends are the Vulkan driver */
    if (only_quiet_packages(r, sm, call, f, rm))
        return; /* tools for people, or no recommends to leave out */
    if (recommends_wanted(r, sm, call))
        return; /* a comment right above says the author wants them */
    if (installs_nothing(r, sm, call))
        return; /* no lists, packages installed already: a no-op */
    /* asked last: its marks are a scan of every instruction's text, which
     * a file whose calls all stop above never needs */
    if (df_pm_configured_before(r, &sm->cfg, &sm->config, call->cmd->span.start))
        return;
    bool fix_ok;
    df_severity sev = df_pm_severity(r, &fix_ok);
    df_span at = {call->view.name->span.start, call->sub->span.end};
    /* an uncleaned baseline on purpose: told, not rewritten */
    bool baseline = df_pm_said_cleanup_disabled(r, call->m);
    df_diag *d = df_report(r->c, sev, df_runsh_span(&r->rs, at),
                           "%.*s %.*s without --no-install-recommends also installs recommended packages%s%s%s",
                           (int)call->view.name->value_len, call->view.name->value, (int)call->sub->value_len,
                           call->sub->value, baseline ? " (no automatic fix: " : "",
                           baseline ? DF_SAID_CLEANUP_DISABLED : "", baseline ? ")" : "");
    if (!d || baseline || end_before_sub(call))
        return;
    /* the packages named through $PKGS, local .deb files */
    named_pkgs np;
    name_packages(r, sm, call, &np);

    /* packages the installed ones need once recommends are off; not one
     * the base image has installed itself (ROCm's ca-certificates) */
    const df_fact *base_has = df_fact_get(in_base_entry(r, sm, f), "installed");
    df_buf add = DF_BUF_INIT, kept = DF_BUF_INIT;
    const df_fact *needs[2] = {f->needs, f->needed};
    const char *k;
    const df_fact *list;
    for (size_t j = 0; j < 2; j++) {
        /* none of its keys named (a lookup per operand; an alias is
         * asked through the keys): nothing to add from this list */
        if (!np.may.names_alias && !df_pm_call_installs_first(&np.may, needs[j]))
            continue;
        df_fact_object_foreach(needs[j], k, list)
        {
            if (!df_pm_call_installs(&np.may, k))
                continue;
            size_t i;
            const df_fact *pj;
            df_fact_foreach(list, i, pj)
            {
                const char *p = df_fact_str(pj);
                if (!p || df_pm_call_installs(&np.lit, p) || df_fact_has(base_has, p, strlen(p)) ||
                    installed_before(r, sm, call, p) || depended_on(r, sm, &np.lit, p))
                    continue;
                if (!removed_later(rm, call, k, strlen(k)))
                    df_buf_printf(&kept, " %s ", p); /* a user that stays after the RUN */
                char pat[128];
                snprintf(pat, sizeof pat, " %s", p);
                if (add.len && df_bytes_contain(add.data, add.len, pat))
                    continue;
                df_buf_add(&add, pat, strlen(pat));
            }
        }
    }
    /* a cross compiler's C library: added, and the fix is unsafe, since on
     * a build machine of the target's architecture the package is the
     * native compiler, which wants libc6-dev (apt "cross_compilers") */
    df_buf cross = DF_BUF_INIT, arches = DF_BUF_INIT;
    for (size_t j = 0; j < np.may.nops; j++) {
        size_t n = df_pm_pkg_name(np.may.ops[j]);
        const df_fact *cc = n ? cross_compiler(f, np.may.ops[j]->value, n) : NULL;
        const char *libc = df_fact_str(df_fact_at(cc, 0)), *arch = df_fact_str(df_fact_at(cc, 1));
        if (!libc || !arch || df_pm_call_installs(&np.lit, libc) || installed_before(r, sm, call, libc))
            continue;
        char pat[128];
        snprintf(pat, sizeof pat, " %s", libc);
        if (add.len && df_bytes_contain(add.data, add.len, pat))
            continue;
        df_buf_add(&add, pat, strlen(pat));
        df_buf_printf(&cross, "%s%.*s: %s", cross.len ? ", " : "", (int)n, np.may.ops[j]->value, libc);
        df_buf_printf(&arches, "%s%s", arches.len ? ", " : "", arch);
    }
    /* recommended packages that the file visibly uses later */
    if (!sm->used_built) {
        sm->used_built = true;
        build_used(sm->cfg.m, sm);
    }
    df_buf because = DF_BUF_INIT, unsure = DF_BUF_INIT;
    unsigned hits;
    bool exact = recommenders(sm, &np.may, &hits);
    for (size_t i = 0; (!exact || hits) && i < sm->nused; i++) {
        used_entry *u = &sm->used[i];
        const char *p = u->package;
        if (!p || !(exact ? (hits >> i & 1u) : df_pm_call_installs_any(&np.may, u->recommended_by)) ||
            df_pm_call_installs(&np.lit, p) || df_fact_has(base_has, p, strlen(p)) ||
            /* asked first: a later use is rare, and the installs before
             * are file walks for each package and mode */
            !used_ready(r->c, u) || !needed_after(r, sm, call, u, p) ||
            installed_before(r, sm, call, p) || depended_on(r, sm, &np.lit, p) ||
            any_installed(r, sm, &np.lit, df_fact_get(u->e, "also_by")) ||
            any_added(&add, df_fact_get(u->e, "also_by")))
            continue;
        char base[512];
        int has = on_release(r, u->e, base, sizeof base);
        if (has == 0)
            continue; /* the release has no such package and needs none (corpus apps 138) */
        if (has < 0)
            df_buf_printf(&unsure, "%s%s: %s is not known to have it", unsure.len ? "; " : "", p, base);
        if (user_stays(rm, call, &np.may, u->recommended_by))
            df_buf_printf(&kept, " %s ", p);
        char pat[128];
        snprintf(pat, sizeof pat, " %s", p);
        if (!(add.len && df_bytes_contain(add.data, add.len, pat)))
            df_buf_add(&add, pat, strlen(pat));
        df_buf_printf(&because, "%s%s: %s", because.len ? "; " : " (", p,
                      df_fact_str(df_fact_get(u->e, "why")));
    }
    if (because.len)
        df_buf_addstr(&because, ")");
    /* added for packages the RUN removes again, then auto-removes: named,
     * they would be manually installed and outlive the autoremove */
    df_buf outlive = DF_BUF_INIT;
    for (size_t i = 0; rm->cap && i < add.len;) {
        while (i < add.len && add.data[i] == ' ')
            i++;
        size_t s0 = i;
        while (i < add.len && add.data[i] != ' ')
            i++;
        char pat[130];
        snprintf(pat, sizeof pat, " %.*s ", (int)(i - s0), add.data + s0);
        if (i > s0 && !(kept.len && df_bytes_contain(kept.data, kept.len, pat)) &&
            !kept_by_apt(r, call, add.data + s0, i - s0))
            df_buf_printf(&outlive, "%s%.*s", outlive.len ? ", " : "", (int)(i - s0), add.data + s0);
    }
    const char *pkg = NULL;
    const char *why = recommends_matter(r, sm, &np.may, &pkg);
    /* a local .deb: its recommends are not known; alone, the fix is advice */
    bool only_debs = np.debs.len && !np.archive && !np.unknown.len;
    size_t chose = sm->chooses && r->in->stage < r->c->doc->nstages ? sm->chooses[r->in->stage] : SIZE_MAX;
    bool chosen = chose != SIZE_MAX;
    if (sm->toolchain < 0)
        sm->toolchain = df_toolchain_image_of(r->c);
    /* the example of the toolchain advice: from a package the call
     * installs whose recommend nothing names, or none (review run11, apps
     * 401: no git there); looked for with or without a reader, since
     * installed_before fills sm's marks */
    const char *ex = NULL;
    if (fix_ok && !chosen && !outlive.len && !only_debs && sm->toolchain) {
        const char *ek;
        const df_fact *ev, *examples = df_fact_get(call->m, "toolchain_recommend_examples");
        named_keys nk = keys_named(call, examples);
        size_t i = 0;
        df_fact_object_foreach(examples, ek, ev)
        {
            bool named = key_named(&nk, i++, ek);
            if (ex || !named)
                continue;
            const char *rec = df_fact_str(df_fact_get(ev, "recommends"));
            if (rec && !df_pm_call_installs(call, rec) && !installed_before(r, sm, call, rec))
                ex = df_fact_str(df_fact_get(ev, "text"));
        }
    }
    /* the description, built in a buffer: any length, never truncated;
     * only when someone reads it (df_messages_read: not under -q) */
    bool text = df_messages_read(r->c);
    df_buf desc = DF_BUF_INIT;
    if (text) {
        df_buf_printf(&desc, "insert --no-install-recommends%s%.*s", add.len ? " and add" : "", (int)add.len,
                      add.data ? add.data : "");
        if (because.len)
            df_buf_add(&desc, because.data, because.len);
        if (why)
            df_buf_printf(&desc, " (unsafe: %s recommends %s)", pkg, why);
        if (unsure.len)
            df_buf_printf(&desc, " (unsafe: %.*s)", (int)unsure.len, unsure.data);
        if (np.unknown.len)
            df_buf_printf(&desc,
                          " (unsafe: packages named through %.*s are not known: the recommends a later step needs "
                          "cannot be checked)",
                          (int)np.unknown.len, np.unknown.data);
        if (np.debs.len && !only_debs)
            df_buf_printf(&desc,
                          " (unsafe: the recommends of the local package file %.*s are not known: the recommends a "
                          "later step needs cannot be checked)",
                          (int)np.debs.len, np.debs.data);
        if (cross.len)
            df_buf_printf(&desc,
                          " (unsafe: a cross compiler only recommends the C library it links against, added here "
                          "(%.*s); on a build machine of its target's architecture (%.*s) it is the native compiler, "
                          "which needs libc6-dev instead)",
                          (int)cross.len, cross.data, (int)arches.len, arches.data);
        if (!fix_ok && df_pm_stage_held(r))
            df_buf_printf(&desc, " (not applied: %s)", df_pm_stage_held(r)); /* df_doc_mark_uses */
        else if (!fix_ok)
            df_buf_addstr(&desc, " (build-only stage: not applied by default)");
        if (fix_ok && chosen) {
            size_t line, col;
            df_source_linecol(r->c->src, chose, &line, &col);
            /* the stage whose install it is: this one, or the ancestor it came from */
            const df_doc *doc = r->c->doc;
            size_t s = r->in->stage, p;
            while ((p = doc->stages[s].parent) < s && sm->chooses[p] == chose)
                s = p;
            if (s == r->in->stage)
                df_buf_printf(&desc,
                              " (advice: the install on line %zu of this stage says --no-install-recommends and this one "
                              "does not; left to the author, who may want these recommends)",
                              line);
            else
                df_buf_printf(&desc,
                              " (advice: the install on line %zu of stage %s, which this stage is built on, says "
                              "--no-install-recommends and this one does not; left to the author, who may want these "
                              "recommends)",
                              line, doc->stages[s].name ? doc->stages[s].name : doc->stages[s].base);
        }
        else if (fix_ok && outlive.len) {
            bool many = memchr(outlive.data, ',', outlive.len) != NULL;
            df_buf_printf(&desc,
                          " (advice: %.*s %s added for packages this RUN removes again before an autoremove: named "
                          "here, %s would be marked manually installed, outlive that autoremove and stay in the image; "
                          "install %s instead in a call of its own after this one, `apt-get install -y "
                          "--no-install-recommends --mark-auto %.*s`: apt marks what that call installs as automatically "
                          "installed (not a package the image has already), and the autoremove takes it with the "
                          "packages it was for)",
                          (int)outlive.len, outlive.data, many ? "are" : "is", many ? "they" : "it",
                          many ? "them" : "it", (int)outlive.len, outlive.data);
        }
        else if (fix_ok && only_debs) {
            df_buf_printf(&desc,
                          " (advice: dfopt cannot know the recommends of the local package file %.*s; `dpkg-deb -f "
                          "FILE Recommends` lists them: with none, the flag changes nothing)",
                          (int)np.debs.len, np.debs.data);
        }
        else if (fix_ok && sm->toolchain) {
            if (r->c->opts && r->c->opts->ci_image) /* a CI job builds it and runs in it (cifile.h) */
                df_buf_printf(&desc,
                              " (advice: the CI builds this image and runs its jobs in it (%s); they may rely on the "
                              "recommended packages%s%s)",
                              r->c->opts->ci_image, ex ? ", such as " : "", ex ? ex : "");
            else if (sm->onbuild < 0 ? (sm->onbuild = df_doc_onbuild_base(r->c->doc, r->c->scripts)) : sm->onbuild)
                df_buf_printf(&desc,
                              " (advice: this image is a base others build FROM (it has ONBUILD triggers); their "
                              "builds may rely on the recommended packages%s%s)",
                              ex ? ", such as " : "", ex ? ex : "");
            else
                df_buf_printf(&desc,
                              " (advice: this image is a toolchain others build with; they may rely on the recommended "
                              "packages%s%s)",
                              ex ? ", such as " : "", ex ? ex : "");
        }
    }
    chosen = chosen || sm->toolchain || only_debs || outlive.len;
    df_applicability ap = !fix_ok || chosen                    ? DF_APPLY_DISPLAY
                          : why || unsure.len || cross.len || np.unknown.len || np.debs.len ? DF_APPLY_UNSAFE
                                                           : DF_APPLY_SAFE;
    if ((desc.data || !text) && df_diag_set_fix(r->c->out, d, ap, desc.data ? desc.data : "")) {
        size_t s = after_word(r, call->sub);
        if (df_fix_add_edit(r->c->out, d, s, s, " --no-install-recommends", 24) == 0 && add.len) {
            const df_sh_word *lp = last_package(call);
            if (lp) {
                size_t e;
                df_buf ins = DF_BUF_INIT;
                one_per_line_text(r, lp, &add, &ins, &e);
                df_fix_add_edit(r->c->out, d, e, e, ins.data, ins.len);
                add.failed |= ins.failed;
                df_buf_release(&ins);
            }
        }
    }
    /* a lost package or reason: the driver says out of memory */
    if (add.failed || because.failed || desc.failed || unsure.failed || cross.failed || arches.failed ||
        np.unknown.failed || np.debs.failed || kept.failed || outlive.failed)
        df_arena_note_failure(r->c->doc->arena);
    df_buf_release(&kept);
    df_buf_release(&outlive);
    df_buf_release(&np.unknown);
    df_buf_release(&np.debs);
    df_buf_release(&cross);
    df_buf_release(&arches);
    df_buf_release(&add);
    df_buf_release(&because);
    df_buf_release(&unsure);
    df_buf_release(&desc);
}

static void on_run(df_pm_run *r, void *user)
{
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    removals rm;
    memset(&rm, 0, sizeof rm);
    if (n)
        build_removals(r, calls, n, &rm, user);
    for (size_t i = 0; i < n; i++)
        check_call(r, &calls[i], user, &rm);
}

/* Does RUN r make an apt install that check_call looks past its first
 * line at: no --no-install-recommends, no -o option flags? Without one in
 * the file (df_pm_any_run) the rule reports nothing, and its walks of the
 * file are skipped. The calls are the round's, found by the rules before. */
static bool bare_install_in(df_pm_run *r, void *user)
{
    (void)user;
    df_pm_call *calls;
    size_t n = df_pm_calls(r, apt_only, &calls);
    for (size_t k = 0; k < n; k++)
        if (df_pm_sub_is(&calls[k], "install") && !df_pm_has_flag(&calls[k], "no_recommends") &&
            !df_pm_has_flag(&calls[k], "no_install_flags"))
            return true;
    return false;
}

static void check(df_ctx *c)
{
    if (!df_pm_any_run(c, bare_install_in, NULL))
        return;
    /* After round 0 a finding is kept only when its fix is applied
     * (driver.c); in a toolchain image every fix of this rule is advice,
     * so a later round has nothing to find (on the 50,000-line bench file
     * it checked 12,500 installs again for findings all dropped) */
    if (c->round > 0 && df_toolchain_image_of(c))
        return;
    stage_marks sm;
    memset(&sm, 0, sizeof sm);
    df_said_init(&sm.wanted);
    if (c->doc->nstages)
        sm.chooses = df_arena_alloc(c->doc->arena, c->doc->nstages * sizeof *sm.chooses);
    if (sm.chooses) {
        for (size_t i = 0; i < c->doc->nstages; i++)
            sm.chooses[i] = SIZE_MAX;
        df_pm_each_run(c, mark_run, &sm);
        /* a stage built FROM one whose install says the flag inherits the
         * author's choice (discourse's build base on its runtime base,
         * review run10 F 351): parents come first, one pass */
        for (size_t i = 0; i < c->doc->nstages; i++) {
            size_t p = c->doc->stages[i].parent;
            if (sm.chooses[i] == SIZE_MAX && p < i)
                sm.chooses[i] = sm.chooses[p];
        }
    }
    sm.cfg.m = df_kb_manager(c->kb, "apt");
    sm.cfg.key = "config_no_recommends";
    sm.yes.m = sm.cfg.m;
    sm.yes.key = "config_yes";
    /* sm.config: built by df_pm_configured_before when a call first asks */
    if (!sm.cfg.m)
        return;
    sm.interactive = -1; /* asked by the first call that could be reported */
    sm.toolchain = -1;
    sm.onbuild = -1;
    memset(sm.uses_when, -1, sizeof sm.uses_when);
    /* build_used and used_ready wait for the first finding (check_call:
     * never in an interactive environment) */
    df_pm_each_run(c, on_run, &sm);
}

const df_rule df_rule_df004 = {
    .id = "DF004",
    .name = "apt-recommends-installed",
    .hadolint = "DL3015",
    .severity = DF_SEV_WARNING,
    .fix = DF_APPLY_SAFE,
    .wakes = "DF011",
    .summary = "apt-get install without --no-install-recommends",
    .worth = "image size: recommended-only packages are not installed",
    .check = check,
};
