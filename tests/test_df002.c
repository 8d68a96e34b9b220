/*
 * test_df002.c - DF002 source-copied-before-deps through df_run(): when it
 * fires, when it stays silent, the exact rewrite, and how the build
 * context decides between safe, unsafe and advice. Every trap of DESIGN
 * section 4 on moving a RUN has a case here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "dfopt/dircache.h"
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

/* ---- helpers ------------------------------------------------------------ */

/* A build context from {path, content, ...} pairs (NULL-terminated); a
 * path ending in '/' is a folder. */
static char *ctx_new(const char *const *files)
{
    char *d = tdir_new();
    for (size_t i = 0; files[i]; i += 2) {
        char path[512];
        snprintf(path, sizeof path, "%s", files[i]);
        /* parent folders */
        for (char *p = path; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            char *full = tpath(d, path);
            struct stat st;
            if (stat(full, &st) < 0)
                tmkdir(d, path);
            free(full);
            *p = '/';
        }
        size_t n = strlen(path);
        if (n && path[n - 1] == '/')
            continue;
        twrite(d, path, files[i + 1], 0644);
    }
    return d;
}

static void run_at(df_run_result *res, const char *path, const char *text, bool unsafe, const char *ctx)
{
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "DF002", true, bad, sizeof bad), 0);
    o.unsafe_fixes = unsafe;
    int rc = df_run(path, text, strlen(text), &o, ctx, res);
    if (res->status != DF_RUN_OK)
        fail_msg("input:\n%s\nstatus %d: %s", text, (int)res->status, res->message);
    assert_int_equal(rc, 0);
}

/* Run; compare the output exactly; count round-0 findings; check that the
 * output is a fixed point. */
static void expect_at(const char *path, const char *text, bool unsafe, const char *ctx, const char *want, size_t n)
{
    df_run_result res;
    run_at(&res, path, text, unsafe, ctx);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    size_t n0 = 0;
    for (size_t i = 0; i < res.diags.n; i++)
        if (res.diags.v[i]->round == 0)
            n0++;
    if (n0 != n)
        fail_msg("input:\n%s\n%zu findings, want %zu", text, n0, n);
    df_run_result again;
    run_at(&again, path, want, unsafe, ctx);
    if (again.changed)
        fail_msg("not idempotent:\n%s\nbecomes\n%.*s", want, (int)again.output.len, again.output.data);
    df_run_result_release(&again);
    df_run_result_release(&res);
}

static void expect(const char *text, bool unsafe, const char *ctx, const char *want, size_t n)
{
    expect_at("Dockerfile", text, unsafe, ctx, want, n);
}

#define SILENT(text, ctx) expect((text), true, (ctx), (text), 0)

/* The single finding: its applicability (-1: no fix), whether applied,
 * and substrings of its message and fix description. */
static void one(const char *text, bool unsafe, const char *ctx, int ap, bool applied, const char *msg,
                const char *desc)
{
    df_run_result res;
    run_at(&res, "Dockerfile", text, unsafe, ctx);
    if (res.diags.n < 1)
        fail_msg("input:\n%s\nno finding", text);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->rule->id, "DF002");
    if (ap < 0) {
        assert_null(d->fix);
    } else {
        assert_non_null(d->fix);
        if ((int)d->fix->applicability != ap)
            fail_msg("input:\n%s\napplicability %d, want %d (%s)", text, (int)d->fix->applicability, ap,
                     d->fix->description);
        if (desc && !strstr(d->fix->description, desc))
            fail_msg("description \"%s\" lacks \"%s\"", d->fix->description, desc);
    }
    assert_int_equal(d->applied, applied);
    if (msg && !strstr(d->message, msg))
        fail_msg("message \"%s\" lacks \"%s\"", d->message, msg);
    df_run_result_release(&res);
}

static const char *const npm_ctx[] = {
    "package.json", "{\"name\": \"app\", \"scripts\": {\"build\": \"tsc\", \"start\": \"node .\"}}\n",
    "package-lock.json", "{}\n",
    "src/index.ts", "x\n",
    NULL,
};

/* ---- fires: the rewrite ------------------------------------------------- */

static void test_npm_exact(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    const char *in = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \".\"]\n";
    const char *out = "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"
                      "RUN npm run build\nCMD [\"node\", \".\"]\n";
    expect(in, false, d, out, 1);
    df_run_result res;
    run_at(&res, "Dockerfile", in, false, d);
    const df_diag *dg = res.diags.v[0];
    assert_int_equal(dg->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(dg->message, "COPY . . comes before the dependency install at line 4 (npm ci): every change "
                                     "to the source reruns it");
    assert_string_equal(dg->fix->description, "copy package.json, package-lock.json first, then the RUN, then the source");
    /* three edits: delete the COPY, add the manifest COPY, put the COPY back below */
    assert_int_equal(dg->fix->nedits, 3);
    assert_int_equal(dg->span.start, 26);
    df_run_result_release(&res);
    tdir_free(d);
}

static void test_comments_flags_layout(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    /* comments directly above move with their instruction; --chown and
     * --chmod go to the manifest COPY; indentation follows the RUN */
    expect("FROM node:22\nWORKDIR /home/node/app\nUSER node\n\n# the app\nCOPY --chown=node:node --chmod=644 . .\n"
           "# dependencies\n  RUN npm ci --omit=dev\n\nCMD [\"node\", \".\"]\n",
           false, d,
           "FROM node:22\nWORKDIR /home/node/app\nUSER node\n\n  COPY --chown=node:node --chmod=644 package.json "
           "package-lock.json ./\n# dependencies\n  RUN npm ci --omit=dev\n# the app\nCOPY --chown=node:node "
           "--chmod=644 . .\n\nCMD [\"node\", \".\"]\n",
           1);
    /* CRLF kept, for the new line too */
    expect("FROM node:22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci\r\n", false, d,
           "FROM node:22\r\nWORKDIR /app\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\n", 1);
    /* no final newline */
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .", 1);
    /* lowercase keyword, absolute destination, ADD */
    expect("FROM node:22\nworkdir /srv/app\nadd . /srv/app\nrun npm ci\n", false, d,
           "FROM node:22\nworkdir /srv/app\ncopy package.json package-lock.json /srv/app/\nrun npm ci\nadd . "
           "/srv/app\n",
           1);
    tdir_free(d);
}

static void test_chain_and_crossings(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    /* ENV, ARG, USER, LABEL between: the COPY moves below them (it reads
     * none of them); an apt-get RUN moves too */
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production\nARG REGISTRY\nRUN apt-get update && "
           "apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nLABEL a=b\nRUN npm ci && "
           "npm cache clean --force\nRUN npm run build\n",
           false, d,
           "FROM node:22\nWORKDIR /app\nENV NODE_ENV=production\nARG REGISTRY\nRUN apt-get update && apt-get install "
           "-y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nLABEL a=b\nCOPY package.json "
           "package-lock.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\nRUN npm run build\n",
           1);
    /* heredoc install RUN */
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\nnpm ci\nEOF\nCMD x\n", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN <<EOF\nset -e\nnpm ci\nEOF\nCOPY "
           ". .\nCMD x\n",
           1);
    /* cd into a subfolder: its manifests, to that folder */
    char *d2 = ctx_new((const char *const[]){"web/package.json", "{}", "web/yarn.lock", "", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN cd web && yarn install --frozen-lockfile\n", false, d2,
           "FROM node:22\nWORKDIR /app\nCOPY web/package.json web/yarn.lock ./web/\nRUN cd web && yarn install "
           "--frozen-lockfile\nCOPY . .\n",
           1);
    /* a WORKDIR between, relative destination: nothing moves (advice) */
    expect("FROM node:22\nWORKDIR /app\nCOPY . src/\nWORKDIR /app/src\nRUN npm ci\n", true, d,
           "FROM node:22\nWORKDIR /app\nCOPY . src/\nWORKDIR /app/src\nRUN npm ci\n", 1);
    /* absolute destination: unsafe (the folder is made before the copy) */
    one("FROM node:22\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n", false, d, DF_APPLY_UNSAFE, false, NULL,
        "unsafe: a WORKDIR moves above the source COPY");
    expect("FROM node:22\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n", true, d,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json /app/\nRUN npm ci\nCOPY . /app\n", 1);
    tdir_free(d2);
    tdir_free(d);
}

static void test_ecosystems(void **state)
{
    (void)state;
    char *py = ctx_new((const char *const[]){"requirements.txt", "flask==3.0\n-r base.txt\n", "base.txt", "gunicorn\n",
                                             "app.py", "", NULL});
    expect("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD x\n",
           false, py,
           "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt base.txt ./\nRUN pip install --no-cache-dir -r "
           "requirements.txt\nCOPY . .\nCMD x\n",
           1);
    /* python -m pip, and pip upgrading itself first */
    expect("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN python -m pip install --upgrade pip && python -m pip install "
           "-r requirements.txt\n",
           false, py,
           "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt base.txt ./\nRUN python -m pip install --upgrade pip "
           "&& python -m pip install -r requirements.txt\nCOPY . .\n",
           1);
    char *go = ctx_new((const char *const[]){"go.mod", "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.0\n)\n",
                                             "go.sum", "", "main.go", "", NULL});
    /* go mod download may add to go.sum the go.mod sums it lacks, which
     * COPY . would then replace: unsafe */
    one("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n", false, go, DF_APPLY_UNSAFE, false, NULL,
        "go mod download may rewrite go.sum, and the source COPY would put back the context's copy: it lacks the "
        "go.mod sum of github.com/a/b v1.2.0");
    expect("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n", true, go,
           "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app "
           ".\n",
           1);
    char *po = ctx_new((const char *const[]){"pyproject.toml", "[tool.poetry]\nname = \"x\"\n", "poetry.lock", "", NULL});
    expect("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root\n", false, po,
           "FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\n",
           1);
    char *mvn = ctx_new((const char *const[]){"pom.xml", "<project></project>\n", "mvnw", "#!/bin/sh\n",
                                              ".mvn/wrapper/maven-wrapper.properties", "x\n", NULL});
    expect("FROM eclipse-temurin:21\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B dependency:go-offline\nRUN ./mvnw -B "
           "package\n",
           false, mvn,
           "FROM eclipse-temurin:21\nWORKDIR /app\nCOPY pom.xml mvnw ./\nCOPY .mvn ./.mvn/\nRUN ./mvnw -B "
           "dependency:go-offline\nCOPY . .\nRUN ./mvnw -B package\n",
           1);
    char *dn = ctx_new((const char *const[]){"src/Api/Api.csproj", "<Project></Project>\n", "NuGet.Config", "", NULL});
    expect("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet restore src/Api/Api.csproj\n",
           false, dn,
           "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY src/Api/Api.csproj ./src/Api/\nCOPY NuGet.Config ./\nRUN dotnet "
           "restore src/Api/Api.csproj\nCOPY . .\n",
           1);
    char *cp = ctx_new((const char *const[]){"composer.json", "{}", "composer.lock", "{}", NULL});
    expect("FROM php:8.3\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install --no-dev --no-scripts "
           "--no-autoloader\n",
           false, cp,
           "FROM php:8.3\nWORKDIR /var/www/html\nCOPY composer.json composer.lock ./\nRUN composer install --no-dev "
           "--no-scripts --no-autoloader\nCOPY . .\n",
           1);
    char *rb = ctx_new((const char *const[]){"Gemfile", "source 'https://rubygems.org'\ngem 'rails'\n", "Gemfile.lock",
                                             "", NULL});
    expect("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --jobs 4 --frozen\n", false, rb,
           "FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install --jobs 4 --frozen\nCOPY . .\n", 1);
    /* bundle install without --frozen may rewrite Gemfile.lock: unsafe */
    one("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n", false, rb, DF_APPLY_UNSAFE, false, NULL,
        "bundle install may rewrite Gemfile.lock");
    tdir_free(py);
    tdir_free(go);
    tdir_free(po);
    tdir_free(mvn);
    tdir_free(dn);
    tdir_free(cp);
    tdir_free(rb);
}

/* ---- what the context says ------------------------------------------------- */

static void test_context_decides(void **state)
{
    (void)state;
    const char *in = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
    /* no context: unsafe, optional manifests as wildcards */
    one(in, false, NULL, DF_APPLY_UNSAFE, false, NULL, "unsafe: no build context (standard input)");
    expect(in, false, NULL, in, 1);
    expect(in, true, NULL,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json* npm-shrinkwrap.json* .npmrc* yarn.lock* "
           "./\nRUN npm ci\nCOPY . .\n",
           1);
    /* a context without package.json: not the real context */
    char *empty = ctx_new((const char *const[]){"README", "", NULL});
    one(in, false, empty, DF_APPLY_UNSAFE, false, NULL, "package.json is not in the build context");
    /* only what exists is copied */
    char *bare = ctx_new((const char *const[]){"package.json", "{}", ".npmrc", "x", NULL});
    expect(in, false, bare, "FROM node:22\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN npm ci\nCOPY . .\n", 1);
    /* .dockerignore drops a manifest, and Dockerfile.dockerignore wins */
    char *ign = ctx_new((const char *const[]){"package.json", "{}", "package-lock.json", "{}", ".npmrc", "x",
                                              ".dockerignore", "# secrets\n.npmrc\n", NULL});
    expect(in, false, ign, "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n",
           1);
    twrite(ign, "Dockerfile.dockerignore", "package-lock.json\n", 0644);
    char *df = tpath(ign, "Dockerfile");
    expect_at(df, in, false, ign, "FROM node:22\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN npm ci\nCOPY . .\n", 1);
    free(df);
    /* a COPY of a file the context lacks: it may not be the real context */
    one("FROM node:22\nWORKDIR /app\nCOPY services/api/.env ./\nCOPY . .\nRUN npm ci\n", false, bare, DF_APPLY_UNSAFE,
        false, NULL, "line 3 copies services/api/.env, which the build context");
    /* lifecycle scripts: unsafe, unless --ignore-scripts */
    char *scr = ctx_new((const char *const[]){"package.json", "{\"scripts\": {\"postinstall\": \"node fix.js\"}}",
                                              "package-lock.json", "{}", NULL});
    one(in, false, scr, DF_APPLY_UNSAFE, false, NULL, "package.json runs a postinstall script (node fix.js)");
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci --ignore-scripts\n", false, scr, DF_APPLY_SAFE, true, NULL,
        NULL);
    /* workspaces (the install reads every member's manifest): advice; a
     * file: dependency: advice only */
    char *ws = ctx_new((const char *const[]){"package.json", "{\"workspaces\": [\"packages/*\"]}", NULL});
    one(in, true, ws, DF_APPLY_DISPLAY, false, "declares workspaces: the install reads every member's package.json",
        NULL);
    char *fd = ctx_new((const char *const[]){"package.json", "{\"dependencies\": {\"lib\": \"file:./lib\"}}", NULL});
    one(in, true, fd, DF_APPLY_DISPLAY, false, "which dfopt cannot move above it", NULL);
    SILENT("FROM node:22\nWORKDIR /app\nCOPY . src/\n", fd);
    /* node_modules in the context: the source COPY would copy it over */
    char *nm = ctx_new((const char *const[]){"package.json", "{}", "node_modules/x/index.js", "", NULL});
    one(in, false, nm, DF_APPLY_UNSAFE, false, NULL, "the build context holds node_modules");
    twrite(nm, ".dockerignore", "node_modules\n", 0644);
    one(in, false, nm, DF_APPLY_SAFE, true, NULL, NULL);
    /* npm install may rewrite the lock the context holds: it reads the
     * same lock in both orders (it is copied with package.json), so the
     * fix is safe, unless a later install reads the rewritten lock */
    char *lk = ctx_new((const char *const[]){"package.json", "{}", "package-lock.json", "{}", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\n", false, lk,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\n", 1);
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nRUN npm ci --omit=dev\n", false, lk,
        DF_APPLY_UNSAFE, false, NULL,
        "npm install may rewrite package-lock.json, and the source COPY would put back the context's copy: the "
        "install at line 6 reads it");
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\n", false, bare, DF_APPLY_SAFE, true, NULL, NULL);
    /* pnpm workspace: advice (the members' manifests are part of the source) */
    char *pw = ctx_new((const char *const[]){"package.json", "{}", "pnpm-workspace.yaml", "packages: []\n", NULL});
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n", true, pw, DF_APPLY_DISPLAY,
        false, "pnpm-workspace.yaml: it lists workspace packages", NULL);
    tdir_free(empty);
    tdir_free(bare);
    tdir_free(ign);
    tdir_free(scr);
    tdir_free(ws);
    tdir_free(fd);
    tdir_free(nm);
    tdir_free(lk);
    tdir_free(pw);
}

static void test_needs_source(void **state)
{
    (void)state;
    /* -e . : advice only, never moved, not even with --unsafe-fixes */
    char *ed = ctx_new((const char *const[]){"requirements.txt", "flask\n-e .\n", "setup.py", "", NULL});
    const char *pin = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
    one(pin, true, ed, DF_APPLY_DISPLAY, false, "(-e .)", NULL);
    expect(pin, true, ed, pin, 1);
    char *lp = ctx_new((const char *const[]){"requirements.txt", "./libs/mylib\n", NULL});
    one(pin, true, lp, DF_APPLY_DISPLAY, false, "installs ./libs/mylib from the project", NULL);
    char *gr = ctx_new((const char *const[]){"go.mod", "module x\nreplace example.com/y => ./y\n", NULL});
    one("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n", true, gr, DF_APPLY_DISPLAY, false,
        "go.mod replaces a module with a local folder", NULL);
    char *gs = ctx_new((const char *const[]){"Gemfile", "source 'x'\ngemspec\n", NULL});
    one("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --frozen\n", true, gs, DF_APPLY_DISPLAY, false,
        "gemspec", NULL);
    char *po = ctx_new((const char *const[]){"pyproject.toml", "[tool.poetry]\n", NULL});
    one("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install\n", true, po, DF_APPLY_DISPLAY, false,
        "without --no-root", NULL);
    one("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n", true, po, DF_APPLY_DISPLAY, false,
        "--no-install-project", NULL);
    one("FROM php:8.3\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n", true, po, DF_APPLY_DISPLAY, false,
        "--no-scripts and --no-autoloader", NULL);
    one("FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo fetch\n", true, NULL, DF_APPLY_DISPLAY, false,
        "src/main.rs or src/lib.rs", NULL);
    /* the install shares its RUN with the build: advice, nothing moves */
    char *d = ctx_new(npm_ctx);
    const char *mixed = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n";
    one(mixed, true, d, DF_APPLY_DISPLAY, false, "it shares its RUN with npm run build", NULL);
    expect(mixed, true, d, mixed, 1);
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN if [ -f yarn.lock ]; then yarn; fi\n", true, d, DF_APPLY_DISPLAY,
        false, "it shares its RUN with [ -f yarn.lock ]", NULL);
    tdir_free(ed);
    tdir_free(lp);
    tdir_free(gr);
    tdir_free(gs);
    tdir_free(po);
    tdir_free(d);
}

static void test_system_packages(void **state)
{
    (void)state;
    /* apt-get alone moves above the source; no context needed for /app */
    const char *in = "FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y curl\nCMD x\n";
    expect(in, false, NULL,
           "FROM debian:12\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nCMD x\n", 1);
    one(in, false, NULL, DF_APPLY_SAFE, true, "before the package install at line 4", "move the source COPY below");
    /* into a folder packages install to: unsafe */
    one("FROM debian:12\nCOPY . /etc/app\nRUN apk add --no-cache curl\n", false, NULL, DF_APPLY_UNSAFE, false, NULL,
        "the source is copied to /etc/app");
    /* the base image's WORKDIR (maybe /) and no context: unsafe */
    one("FROM debian:12\nCOPY . .\nRUN apt-get install -y curl\n", false, NULL, DF_APPLY_UNSAFE, false, NULL,
        "base image's WORKDIR");
    /* --chown by name: a package could create that user */
    one("FROM debian:12\nWORKDIR /app\nCOPY --chown=www-data . .\nRUN apt-get install -y nginx\n", false, NULL,
        DF_APPLY_UNSAFE, false, NULL, "--chown=www-data");
    /* a local package or a wildcard reads the copied files */
    SILENT("FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y ./pkg.deb\n", NULL);
    SILENT("FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y $(cat packages.txt)\n", NULL);
    SILENT("FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y lib*\n", NULL);
    /* rm of the source folder */
    SILENT("FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y curl && rm -rf /app/tmp\n", NULL);
    /* a folder of the source counts; single files do not */
    expect("FROM debian:12\nWORKDIR /app\nCOPY src ./src\nRUN apt-get install -y curl\n", false, NULL,
           "FROM debian:12\nWORKDIR /app\nRUN apt-get install -y curl\nCOPY src ./src\n", 1);
    SILENT("FROM debian:12\nWORKDIR /app\nCOPY app.py ./\nRUN apt-get install -y curl\n", NULL);
}

/* ---- silent ------------------------------------------------------------------ */

static void test_silent(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    static const char *const cases[] = {
        /* already ordered */
        ("FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run "
         "build\n"),
        "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n",
        /* not the build context */
        "FROM node:22\nWORKDIR /app\nCOPY --from=build /app .\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY --from=build . .\nRUN npm ci\n",
        /* variables, heredoc COPY, other flags */
        "FROM node:22\nWORKDIR /app\nCOPY . $APP\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY <<EOF x.txt\nhi\nEOF\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY --exclude=*.md . .\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /$APP\nCOPY . .\nRUN npm ci\n",
        /* exec form, another shell, bind mount */
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN [\"npm\", \"ci\"]\n",
        "FROM node:22\nWORKDIR /app\nSHELL [\"pwsh\", \"-c\"]\nCOPY . .\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN --mount=type=bind,target=/x npm ci\n",
        /* a COPY, SHELL or VOLUME between; another stage */
        "FROM node:22\nWORKDIR /app\nCOPY . .\nCOPY .npmrc ./\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nVOLUME /data\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nFROM node:22\nWORKDIR /app\nRUN npm ci\n",
        /* ONBUILD */
        "FROM node:22\nWORKDIR /app\nONBUILD COPY . .\nONBUILD RUN npm ci\n",
        /* package installs, not project installs */
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install express\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install -g .\n",
        /* a command that reads the source first */
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN chmod +x run.sh\nRUN npm ci\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci > install.log\n",
        /* the install reads what a partial COPY brings */
        "FROM node:22\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n",
        /* Windows */
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\nCOPY . .\nRUN npm ci\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i], d);
    tdir_free(d);
}

static void test_pragmas_and_stages(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    SILENT("FROM node:22\nWORKDIR /app\n# dfopt ignore=DF002\nCOPY . .\nRUN npm ci\n", d);
    SILENT("FROM node:22\nWORKDIR /app\nCOPY . .\n# dfopt ignore=source-copied-before-deps\nRUN npm ci\n", d);
    SILENT("# dfopt global ignore=DF002\nFROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", d);
    /* a pragma for another rule moves with its instruction */
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\n# hadolint ignore=DL3016\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\n# hadolint ignore=DL3016\nRUN npm "
           "ci\nCOPY . .\n",
           1);
    /* two stages, each fixed within itself */
    expect("FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n\nFROM node:22-slim\n"
           "WORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\n",
           false, d,
           "FROM node:22 AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN "
           "npm run build\n\nFROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci "
           "--omit=dev\nCOPY . .\nCOPY --from=build /app/dist ./dist\n",
           2);
    /* a partial source COPY: the install moves above it, no new COPY */
    expect("FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY src ./src\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src ./src\n", 1);
    /* a COPY elsewhere between: the install moves above both, in two rounds */
    char *dx = ctx_new((const char *const[]){"package.json", "{}", "package-lock.json", "{}", "x", "", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nCOPY x /x\nRUN npm ci\n", false, dx,
           "FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCOPY x /x\n", 1);
    tdir_free(dx);
    /* manifests copied just before: no second manifest COPY */
    expect("FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nCOPY . .\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n", 1);
    /* ... unless it copied them with other flags */
    expect("FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nCOPY --chown=node . .\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nCOPY --chown=node package.json package-lock.json ./\n"
           "RUN npm ci\nCOPY --chown=node . .\n",
           1);
    tdir_free(d);
}

/* All rules together settle (DF009 appends to the moved RUN, DF012 turns
 * the ADD into COPY) without an internal error. */
static void test_with_other_rules(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    df_options o;
    df_options_default(&o);
    df_run_result res;
    const char *in = "FROM node:22\nWORKDIR /app\nADD . .\nRUN npm ci\nRUN apt-get install curl\nCMD x\n";
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, d, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_true(res.changed);
    assert_non_null(strstr(res.output.data, "COPY package.json package-lock.json ./\nRUN npm ci"));
    df_run_result_release(&res);
    tdir_free(d);
}

/* ---- the classes of issue 11: DF002 on real repositories ------------------ */

/* Run the rules in `rules` (e.g. "DF001,DF002") and compare the output. */
static void expect_rules(const char *rules, const char *text, const char *ctx, const char *want)
{
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, rules, true, bad, sizeof bad), 0);
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", text, strlen(text), &o, ctx, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    if (res.output.len != strlen(want) || memcmp(res.output.data, want, res.output.len) != 0)
        fail_msg("input:\n%s\noutput:\n%.*s\nwant:\n%s", text, (int)res.output.len, res.output.data, want);
    df_run_result_release(&res);
}

/* DF001 joined the install with the step after it, and DF002 then gave
 * up: a dependency install is never joined with the next step, so the
 * cache-order fix stands (in the same run, and on a second run). */
static void test_rules_fight(void **state)
{
    (void)state;
    char *go = ctx_new((const char *const[]){"go.mod", "module x\n\ngo 1.22\n", "go.sum", "", "main.go", "", NULL});
    expect_rules("DF001,DF002", "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n",
                 go,
                 "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build "
                 "-o /app .\n");
    /* already ordered: DF001 leaves the install alone */
    expect_rules("DF001", "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN go vet\n", go,
                 "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nRUN go vet\n");
    expect_rules("DF001", "FROM x\nRUN dotnet restore\nRUN dotnet publish -o /out\n", NULL,
                 "FROM x\nRUN dotnet restore\nRUN dotnet publish -o /out\n");
    expect_rules("DF001", "FROM x\nRUN mix deps.get\nRUN mix compile\n", NULL, "FROM x\nRUN mix deps.get\nRUN mix compile\n");
    expect_rules("DF001", "FROM x\nRUN pnpm install\nRUN pnpm build\n", NULL, "FROM x\nRUN pnpm install\nRUN pnpm build\n");
    /* not even when asked to join everything */
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "DF001", true, bad, sizeof bad), 0);
    o.merge_aggressive = true;
    df_run_result res;
    const char *in = "FROM x\nRUN mkdir /src\nRUN go mod download\nRUN go build\n";
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_string_equal(res.output.data, "FROM x\nRUN mkdir /src && \\\n    go mod download\nRUN go build\n");
    df_run_result_release(&res);
    /* short steps without an install still join (DF001 joins them only
     * when asked: --merge aggressive) */
    in = "FROM x\nRUN mkdir /a\nRUN chmod 700 /a\n";
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_string_equal(res.output.data, "FROM x\nRUN mkdir /a && \\\n    chmod 700 /a\n");
    df_run_result_release(&res);
    tdir_free(go);
}

/* Reasons for "unsafe" that did not hold. */
static void test_unsafe_reasons_that_do_not_hold(void **state)
{
    (void)state;
    /* go.sum that holds the go.mod sum of every requirement: go mod
     * download writes nothing to it (Docker's Go guide pattern) */
    char *go = ctx_new((const char *const[]){
        "go.mod", "module x\n\ngo 1.22\n\nrequire github.com/a/b v1.2.0\nrequire (\n\tgithub.com/c/d v0.1.0 // indirect\n)\n",
        "go.sum", "github.com/a/b v1.2.0 h1:x=\ngithub.com/a/b v1.2.0/go.mod h1:y=\ngithub.com/c/d v0.1.0/go.mod h1:z=\n",
        NULL});
    expect("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n", false, go,
           "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n", 1);
    /* a sum that only looks like one (another module's suffix) does not count */
    char *go2 = ctx_new((const char *const[]){"go.mod", "module x\nrequire b.io/x v1.0.0\n", "go.sum",
                                              "a.b.io/x v1.0.0/go.mod h1:y=\n", NULL});
    one("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n", false, go2, DF_APPLY_UNSAFE, false, NULL,
        "it lacks the go.mod sum of b.io/x v1.0.0");
    /* yarn without --frozen-lockfile: the lock is copied with package.json */
    char *yl = ctx_new((const char *const[]){"package.json", "{}", "yarn.lock", "", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN yarn install\n", false, yl,
           "FROM node:22\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install\nCOPY . .\n", 1);
    /* mix checks mix.lock again at compile time: still unsafe */
    char *mx = ctx_new((const char *const[]){"mix.exs", "defmodule X.MixProject do\nend\n", "mix.lock", "%{}\n", NULL});
    one("FROM elixir:1.17\nWORKDIR /app\nCOPY . .\nRUN mix deps.get\n", false, mx, DF_APPLY_UNSAFE, false, NULL,
        "later commands check it against the manifests");
    /* a WORKDIR naming the same folder again is no crossing */
    char *d = ctx_new(npm_ctx);
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nWORKDIR /app\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n", 1);
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nWORKDIR .\nRUN npm ci\n", false, d,
           "FROM node:22\nWORKDIR /app\nWORKDIR .\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n", 1);
    /* committed obj/ and bin/: the source COPY would put the host's
     * restore output over the image's; only a .dockerignore that really
     * excludes them (not one DF023 merely proposes) makes it safe */
    char *dn = ctx_new((const char *const[]){"Api.csproj", "<Project></Project>\n", "obj/project.assets.json", "{}",
                                             "bin/Debug/x.dll", "", NULL});
    const char *din = "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\n";
    one(din, false, dn, DF_APPLY_UNSAFE, false, NULL,
        "unsafe: the build context holds obj, which the source COPY would copy over what dotnet restore made (add it "
        "to .dockerignore); the build context holds bin,");
    twrite(dn, ".dockerignore", "obj/\nbin/\n", 0644);
    expect(din, false, dn,
           "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY Api.csproj ./\nRUN dotnet restore\nCOPY . .\n", 1);
    tdir_free(go);
    tdir_free(go2);
    tdir_free(yl);
    tdir_free(mx);
    tdir_free(d);
    tdir_free(dn);
}

/* Fixes that broke the build. */
static void test_fixes_that_break_the_build(void **state)
{
    (void)state;
    /* COPY . / and the install in the base image's unknown WORKDIR
     * (probably /): advice, never a move without the manifests */
    char *pe = ctx_new((const char *const[]){"Pipfile", "[packages]\n", "Pipfile.lock", "{}", "Gemfile", "gem 'x'\n",
                                             "Gemfile.lock", "", "package.json", "{}", "package-lock.json", "{}", NULL});
    one("FROM python:3.12\nCOPY . /\nRUN pipenv install --system --deploy\n", true, pe, DF_APPLY_DISPLAY, false,
        "pipenv install runs in the base image's WORKDIR, which dfopt does not know: it may be /", NULL);
    one("FROM ruby:3.3\nWORKDIR app\nCOPY . /app\nRUN bundle install --frozen\n", true, pe, DF_APPLY_DISPLAY, false,
        "it may be /app", NULL);
    one("FROM node:22\nCOPY . /usr/src/app\nRUN npm ci\n", true, pe, DF_APPLY_DISPLAY, false, "it may be /usr/src/app",
        NULL);
    /* with no WORKDIR at all, COPY . . and the install share the folder */
    expect("FROM python:3.12\nCOPY . .\nRUN pipenv install --system --deploy\n", false, pe,
           "FROM python:3.12\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY . .\n", 1);
    /* a pnpm workspace: the members' manifests are part of the source */
    char *pw = ctx_new((const char *const[]){"package.json", "{}", "pnpm-lock.yaml", "", "pnpm-workspace.yaml",
                                             "packages:\n  - 'apps/*'\n", "apps/web/package.json", "{}", NULL});
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n", true, pw, DF_APPLY_DISPLAY, false,
        "pnpm-workspace.yaml: it lists workspace packages", NULL);
    /* a settings-only pnpm-workspace.yaml is read by the install: copied */
    char *ps = ctx_new((const char *const[]){"package.json", "{}", "pnpm-lock.yaml", "", "pnpm-workspace.yaml",
                                             "onlyBuiltDependencies:\n  - esbuild\n", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n", false, ps,
           "FROM node:22\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\nRUN pnpm install "
           "--frozen-lockfile\nCOPY . .\n",
           1);
    /* npm >= 7 reads yarn.lock when there is no package-lock */
    char *ny = ctx_new((const char *const[]){"package.json", "{}", "yarn.lock", "", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\n", false, ny,
           "FROM node:22\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN npm install\nCOPY . .\n", 1);
    /* a Gemfile that reads other files */
    static const char *const gemfiles[] = {"eval_gemfile 'Gemfile.local'\n", "path 'engines' do\n  gem 'x'\nend\n",
                                           "gem 'x', path: 'vendor/x'\n", "gemspec\n",
                                           "instance_eval File.read('Gemfile.common')\n"};
    for (size_t i = 0; i < sizeof gemfiles / sizeof *gemfiles; i++) {
        char *g = ctx_new((const char *const[]){"Gemfile", gemfiles[i], NULL});
        one("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --frozen\n", true, g, DF_APPLY_DISPLAY, false,
            "the Gemfile reads other files of the project", NULL);
        tdir_free(g);
    }
    /* bundle install --local installs from vendor/cache, part of the source */
    char *rl = ctx_new((const char *const[]){"Gemfile", "gem 'x'\n", "Gemfile.lock", "", "vendor/cache/x.gem", "", NULL});
    one("FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile* ./\nCOPY vendor/cache vendor/cache\nRUN bundle install --local\n",
        true, rl, DF_APPLY_DISPLAY, false, "bundle install --local installs the gems from vendor/cache", NULL);
    tdir_free(rl);
    /* several reasons: every one is listed */
    char *many = ctx_new((const char *const[]){"package.json", "{\"scripts\": {\"postinstall\": \"node x.js\"}}",
                                               "package-lock.json", "{}", "node_modules/a/i.js", "", NULL});
    one("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", false, many, DF_APPLY_UNSAFE, false, NULL,
        "(unsafe: package.json runs a postinstall script (node x.js), which may read the source; the build context "
        "holds node_modules, which the source COPY would copy over what npm ci made (add it to .dockerignore))");
    tdir_free(pe);
    tdir_free(pw);
    tdir_free(ps);
    tdir_free(ny);
    tdir_free(many);
}

/* Findings that went missing. */
static void test_silent_misses(void **state)
{
    (void)state;
    char *po = ctx_new((const char *const[]){"pyproject.toml", "[tool.poetry]\nname = \"x\"\n", "poetry.lock", "",
                                             NULL});
    /* a RUN that reads nothing from the context between them moves too */
    expect("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install poetry==1.8.3\nRUN poetry config "
           "virtualenvs.create false && poetry install --no-root\n",
           false, po,
           "FROM python:3.12\nWORKDIR /app\nRUN pip install poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\nRUN "
           "poetry config virtualenvs.create false && poetry install --no-root\nCOPY . .\n",
           1);
    char *pn = ctx_new((const char *const[]){"package.json", "{\"packageManager\": \"pnpm@9.12.0\"}", "pnpm-lock.yaml",
                                             "", NULL});
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN corepack enable\nRUN pnpm install --frozen-lockfile\n", false, pn,
           "FROM node:22\nWORKDIR /app\nRUN corepack enable\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm install "
           "--frozen-lockfile\nCOPY . .\n",
           1);
    /* corepack install reads packageManager from package.json: an install */
    expect("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN corepack install\n", false, pn,
           "FROM node:22\nWORKDIR /app\nCOPY package.json ./\nRUN corepack install\nCOPY . .\n", 1);
    /* PHP extensions build from /usr/src/php; -j$(nproc) reads nothing */
    char *cp = ctx_new((const char *const[]){"composer.json", "{}", "composer.lock", "{}", NULL});
    expect("FROM php:8.3\nWORKDIR /var/www/html\nCOPY . .\nRUN docker-php-ext-install -j$(nproc) pdo_mysql && "
           "docker-php-ext-enable opcache\nRUN pecl install redis\nRUN composer install --no-scripts --no-autoloader\n",
           false, cp,
           "FROM php:8.3\nWORKDIR /var/www/html\nRUN docker-php-ext-install -j$(nproc) pdo_mysql && "
           "docker-php-ext-enable opcache\nRUN pecl install redis\nCOPY composer.json composer.lock ./\nRUN composer "
           "install --no-scripts --no-autoloader\nCOPY . .\n",
           1);
    /* a local extension folder or another substitution reads the context */
    SILENT("FROM php:8.3\nWORKDIR /app\nCOPY . .\nRUN docker-php-ext-install ./ext/foo\nRUN composer install "
           "--no-scripts --no-autoloader\n",
           cp);
    SILENT("FROM php:8.3\nWORKDIR /app\nCOPY . .\nRUN docker-php-ext-install $(cat exts.txt)\nRUN composer install "
           "--no-scripts --no-autoloader\n",
           cp);
    /* a relative destination followed by a WORKDIR: advice, not silence */
    char *d = ctx_new(npm_ctx);
    one("FROM node:22\nWORKDIR /srv\nCOPY . app/\nWORKDIR app\nRUN npm ci\n", true, d, DF_APPLY_DISPLAY, false,
        "the WORKDIR between them changes the folder the COPY's relative destination names", NULL);
    tdir_free(po);
    tdir_free(pn);
    tdir_free(cp);
    tdir_free(d);
}

/* Issue 17 (found by fuzz_rewrite): eight or more source COPYs directly
 * above an install moved one per round, so the file never settled within
 * the driver's 8 rounds (exit 4). They move together, in one fix. */
static void test_many_copies_one_round(void **state)
{
    (void)state;
    df_buf in = DF_BUF_INIT, want = DF_BUF_INIT;
    df_buf_addstr(&in, "FROM node:22\nWORKDIR /app\n");
    df_buf_addstr(&want, "FROM node:22\nWORKDIR /app\nRUN npm install\n");
    for (int i = 1; i <= 9; i++) {
        df_buf_printf(&in, "COPY \"a/b%d.csproj\" \"a/b%d.csproj\"\n", i, i);
        df_buf_printf(&want, "COPY \"a/b%d.csproj\" \"a/b%d.csproj\"\n", i, i);
    }
    df_buf_addstr(&in, "RUN npm install\n");
    expect(in.data, true, NULL, want.data, 1);
    df_run_result res;
    run_at(&res, "Dockerfile", in.data, true, NULL);
    assert_int_equal(res.rounds, 2); /* one round of fixes, one that finds nothing */
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0]->fix->description,
                        "move the 9 source COPYs from line 3 on below the RUN (unsafe: no build context (standard "
                        "input): the manifests could not be read)");
    df_run_result_release(&res);
    /* more than a fix moves at once (64): the rest in the next round */
    df_buf_clear(&in);
    df_buf_clear(&want);
    df_buf_addstr(&in, "FROM node:22\nWORKDIR /app\n");
    df_buf_addstr(&want, "FROM node:22\nWORKDIR /app\nRUN npm install\n");
    for (int i = 1; i <= 100; i++) {
        df_buf_printf(&in, "COPY f%d.txt f%d.txt\n", i, i);
        df_buf_printf(&want, "COPY f%d.txt f%d.txt\n", i, i);
    }
    df_buf_addstr(&in, "RUN npm install\n");
    run_at(&res, "Dockerfile", in.data, true, NULL);
    assert_int_equal(res.rounds, 3);
    assert_string_equal(res.output.data, want.data);
    df_run_result_release(&res);
    df_buf_release(&in);
    df_buf_release(&want);
    /* what stays between them (ENV, comments) stays; blank lines once */
    expect("FROM node:22\nWORKDIR /app\n\n# config\nCOPY a.conf a.conf\nCOPY b.conf b.conf\nENV X=1\n"
           "COPY c/d.txt c/d.txt\n\nRUN npm ci\nCMD x\n",
           true, NULL,
           "FROM node:22\nWORKDIR /app\n\nENV X=1\n\nRUN npm ci\n# config\nCOPY a.conf a.conf\nCOPY b.conf b.conf\n"
           "COPY c/d.txt c/d.txt\nCMD x\n",
           1);
    /* a COPY the RUNs cannot cross stops the group: it stays above */
    expect("FROM node:22\nWORKDIR /app\nCOPY package.json ./\nCOPY a.conf a.conf\nCOPY b.conf b.conf\nRUN npm ci\n",
           true, NULL,
           "FROM node:22\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY a.conf a.conf\nCOPY b.conf b.conf\n",
           1);
    /* the last RUN ends the file without a newline */
    expect("FROM node:22\nWORKDIR /app\nCOPY a.conf a.conf\nCOPY b.conf b.conf\nRUN npm ci", true, NULL,
           "FROM node:22\nWORKDIR /app\nRUN npm ci\nCOPY a.conf a.conf\nCOPY b.conf b.conf", 1);
}

/* A file named like one of the install's manifests is not the source,
 * wherever the COPY puts it: the project files a .sln restore reads, a
 * workspace member's package.json (moving them broke the build). */
static void test_manifest_copies_stay(void **state)
{
    (void)state;
    SILENT("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY Shop.sln ./\nCOPY Shop.Api/Shop.Api.csproj "
           "Shop.Api/\nCOPY Shop.Core/Shop.Core.csproj Shop.Core/\nRUN dotnet restore\nCOPY . .\n",
           NULL);
    SILENT("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY [\"src/Api/Api.csproj\", \"src/Api/\"]\n"
           "COPY [\"src/NuGet.config\", \"src/NuGet.config\"]\nRUN dotnet restore src/Api/Api.csproj\nCOPY . .\n",
           NULL);
    SILENT("FROM node:22\nWORKDIR /app\nCOPY app/package*.json ./\nCOPY app/packages/sim/package.json "
           "./packages/sim/\nCOPY app/packages/lab/package.json ./packages/lab/\nRUN npm ci\nCOPY app/ ./\n",
           NULL);
    SILENT("FROM node:22\nWORKDIR /app\nCOPY package.json ./\nCOPY web/yarn.lock web/\nRUN yarn install\n", NULL);
    /* found by fuzz_rewrite: with no context a name without '.' is taken
     * for a folder; the manifest COPY DF002 made (COPY rep ./) was then
     * the source of a folder rep, and the next round copied rep/rep, then
     * rep/rep/rep... (exit 4). A folder guessed by its name that names
     * the install's file or manifest is the manifest COPY. */
    expect("FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -r rep\n", true, NULL,
           "FROM python:3\nWORKDIR /app\nCOPY rep ./\nRUN pip install -r rep\nCOPY . .\n", 1);
    SILENT("FROM ruby:3\nWORKDIR /app\nCOPY Gemfile /app/\nRUN bundle install\nCOPY . .\n", NULL);
    /* a folder by its name that the install does not name is the source */
    expect("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY src ./src\nRUN pip install -r "
           "requirements.txt\n",
           true, NULL,
           "FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY src "
           "./src\n",
           1);
}

/* Class "requirements-folder-is-manifest" (review 16, app 023: llama.cpp
 * .devops/musa.Dockerfile): `COPY requirements requirements` next to
 * requirements.txt copies the files that requirements.txt includes with
 * `-r ./requirements/...`; taken for the source, its move below `pip
 * install -r requirements.txt` (unsafe, offered) broke the install. A
 * folder named requirements or requirements* (data: pip "manifest_dirs")
 * that lands next to a file the install reads is a manifest COPY. */
static void test_df002_requirements_folder_is_manifest(void **state)
{
    (void)state;
    /* no context: the name decides */
    SILENT("FROM python:3\nCOPY requirements.txt   requirements.txt\nCOPY requirements       requirements\n\n"
           "RUN pip install --upgrade pip setuptools wheel \\\n    && pip install -r requirements.txt\n\n"
           "WORKDIR /app\nCOPY . .\n",
           NULL);
    SILENT("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY requirements/ ./requirements/\n"
           "RUN pip install -r requirements.txt\n",
           NULL);
    SILENT("FROM python:3\nWORKDIR /app\nCOPY requirements.txt requirements-dev /app/\n"
           "RUN pip install -r requirements.txt\n",
           NULL);
    /* a context that has the folder and the include */
    static const char *const files[] = {
        "requirements.txt", "-r ./requirements/requirements-convert.txt\n",
        "requirements/requirements-convert.txt", "numpy\n",
        "requirements.md", "# notes\n",
        "src/main.py", "x\n",
        NULL,
    };
    char *d = ctx_new(files);
    SILENT("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY requirements ./requirements\n"
           "RUN pip install -r requirements.txt\nCOPY . .\n",
           d);
    /* the rule stays narrow: a folder with another name, the folder put
     * elsewhere than next to requirements.txt, a file named requirements.md */
    one("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY src ./src\nRUN pip install -r "
        "requirements.txt\n",
        true, d, DF_APPLY_UNSAFE, true, "COPY src ./src comes before the dependency install", NULL);
    one("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY requirements /opt/reqs\nRUN pip install -r "
        "requirements.txt\n",
        true, NULL, DF_APPLY_UNSAFE, true, "COPY requirements /opt/reqs comes before", NULL);
    one("FROM python:3\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY requirements.md ./\nRUN pip install -r "
        "requirements.txt\n",
        true, d, DF_APPLY_UNSAFE, true, "COPY requirements.md ./ comes before", NULL);
    tdir_free(d);
}

/* Class "move-keeps-blank-lines" (review 16, apps 027 and 028: TechEmpower
 * photon-http, llama.cpp llama-cli-cann): the COPY set apart by blank lines
 * on both sides lost its grouping when moved, and landed flush against the
 * RUN it moved below. The blank line that goes with it goes with it to its
 * new place, between the RUN and the COPY (its comment stays above it);
 * every other byte stays. A COPY with a blank line on one side only moves
 * as before. */
static void test_df002_move_keeps_blank_lines(void **state)
{
    (void)state;
    /* app 027 */
    expect("FROM debian:12\n\n\nWORKDIR /app\n\nCOPY . .\n\nRUN apt-get update -yqq && apt-get install -yqq zlib1g-dev\n"
           "\nRUN make\n\nCMD [\"/app/x\"]\n",
           false, NULL,
           "FROM debian:12\n\n\nWORKDIR /app\n\nRUN apt-get update -yqq && apt-get install -yqq zlib1g-dev\n\nCOPY . .\n"
           "\nRUN make\n\nCMD [\"/app/x\"]\n",
           1);
    /* app 028: nothing after the RUN in its group but ENV; the comment
     * above the COPY goes with it */
    expect("FROM debian:12\nWORKDIR /app\n\n# the source\nCOPY . .\n\nRUN yum install -y gcc\nENV A=1\nENV B=2\n", false,
           NULL,
           "FROM debian:12\nWORKDIR /app\n\nRUN yum install -y gcc\n\n# the source\nCOPY . .\nENV A=1\nENV B=2\n", 1);
    /* the blank line's own bytes (CRLF, spaces) */
    expect("FROM debian:12\r\nWORKDIR /app\r\n\r\nCOPY . .\r\n  \r\nRUN apt-get install -y curl\r\nCMD x\r\n", false,
           NULL, "FROM debian:12\r\nWORKDIR /app\r\n  \r\nRUN apt-get install -y curl\r\n\r\nCOPY . .\r\nCMD x\r\n",
           1);
    /* the last RUN ends the file without a newline */
    expect("FROM debian:12\nWORKDIR /app\n\nCOPY . .\n\nRUN apt-get install -y curl", false, NULL,
           "FROM debian:12\nWORKDIR /app\n\nRUN apt-get install -y curl\n\nCOPY . .", 1);
    /* a blank line on one side only: it stays where it is */
    expect("FROM debian:12\nWORKDIR /app\nCOPY . .\n\nRUN apt-get install -y curl\nCMD x\n", false, NULL,
           "FROM debian:12\nWORKDIR /app\n\nRUN apt-get install -y curl\nCOPY . .\nCMD x\n", 1);
    expect("FROM debian:12\nWORKDIR /app\n\nCOPY . .\nRUN apt-get install -y curl\n\nCMD x\n", false, NULL,
           "FROM debian:12\nWORKDIR /app\n\nRUN apt-get install -y curl\nCOPY . .\n\nCMD x\n", 1);
    /* the blank line moves with the COPY's bytes: DF012's fix of the ADD
     * still maps to the ADD's line in the input, and is applied with the
     * move, not found again on a line of the rewrite */
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "DF002,DF012", true, bad, sizeof bad), 0);
    const char *add = "FROM golang:1.22\n\nADD . /go/src/x\n\nRUN apt-get install -y vim\n\nWORKDIR /go/src/x\n";
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", add, strlen(add), &o, NULL, &res), 0);
    assert_int_equal(res.status, DF_RUN_OK);
    assert_string_equal(res.output.data,
                        "FROM golang:1.22\n\nRUN apt-get install -y vim\n\nCOPY . /go/src/x\n\nWORKDIR /go/src/x\n");
    assert_int_equal(res.diags.n, 2);
    for (size_t i = 0; i < res.diags.n; i++) {
        assert_false(res.diags.v[i]->found_later);
        assert_true(res.diags.v[i]->applied);
        assert_int_equal(res.diags.v[i]->span.start, strstr(add, "ADD") - add);
    }
    df_run_result_release(&res);
    /* with the manifest COPY in front of the install */
    char *d = ctx_new(npm_ctx);
    expect("FROM node:22\nWORKDIR /app\n\nCOPY . .\n\nRUN npm ci\nRUN npm run build\n", false, d,
           "FROM node:22\nWORKDIR /app\n\nCOPY package.json package-lock.json ./\nRUN npm ci\n\nCOPY . .\n"
           "RUN npm run build\n",
           1);
    tdir_free(d);
}

/* A file where no COPY has a RUN after it (past LABEL, ENV, WORKDIR...)
 * has nothing to move: DF002 answers without its build context, and the
 * run reads no folder for it. With such a RUN the context is read. */
static void test_df002_no_chain_reads_no_context(void **state)
{
    (void)state;
    char *d = ctx_new(npm_ctx);
    static const char *const quiet[] = {
        "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"app.js\"]\n",
        "FROM node:22\nCOPY . /app\nVOLUME /data\nRUN npm ci\n",
        "FROM node:22\nRUN npm ci\nCOPY . /app\nFROM node:22\nRUN true\n",
    };
    for (size_t i = 0; i < sizeof quiet / sizeof *quiet; i++) {
        df_dircache *dirs = df_dircache_new();
        assert_non_null(dirs);
        df_options o;
        char bad[64];
        df_options_default(&o);
        assert_int_equal(df_options_select(&o, "DF002", true, bad, sizeof bad), 0);
        o.dirs = dirs;
        df_run_result res;
        assert_int_equal(df_run("Dockerfile", quiet[i], strlen(quiet[i]), &o, d, &res), 0);
        assert_int_equal(res.diags.n, 0);
        assert_int_equal(df_dircache_reads(dirs), 0);
        df_run_result_release(&res);
        df_dircache_free(dirs);
    }
    /* a RUN after a WORKDIR the COPY crosses: the context is read */
    static const char chain[] = "FROM node:22\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n";
    df_dircache *dirs = df_dircache_new();
    assert_non_null(dirs);
    df_options o;
    char bad[64];
    df_options_default(&o);
    assert_int_equal(df_options_select(&o, "DF002", true, bad, sizeof bad), 0);
    o.dirs = dirs;
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", chain, strlen(chain), &o, d, &res), 0);
    assert_int_equal(res.diags.n, 1);
    assert_true(df_dircache_reads(dirs) > 0);
    df_run_result_release(&res);
    df_dircache_free(dirs);
    tdir_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npm_exact),
        cmocka_unit_test(test_comments_flags_layout),
        cmocka_unit_test(test_chain_and_crossings),
        cmocka_unit_test(test_ecosystems),
        cmocka_unit_test(test_context_decides),
        cmocka_unit_test(test_needs_source),
        cmocka_unit_test(test_system_packages),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_pragmas_and_stages),
        cmocka_unit_test(test_with_other_rules),
        cmocka_unit_test(test_rules_fight),
        cmocka_unit_test(test_unsafe_reasons_that_do_not_hold),
        cmocka_unit_test(test_fixes_that_break_the_build),
        cmocka_unit_test(test_silent_misses),
        cmocka_unit_test(test_many_copies_one_round),
        cmocka_unit_test(test_manifest_copies_stay),
        cmocka_unit_test(test_df002_requirements_folder_is_manifest),
        cmocka_unit_test(test_df002_move_keeps_blank_lines),
        cmocka_unit_test(test_df002_no_chain_reads_no_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
