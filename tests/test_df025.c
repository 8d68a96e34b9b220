/*
 * test_df025.c - DF025 leftover-in-layer through df_run(): each class
 * (downloaded archive, gem docs, go cache, cargo and composer caches)
 * fires, stays silent when the author already cleans or a later step reads
 * the leftover, and fixes in the RUN's own style; exact output, idempotence.
 */
#define RULE "DF025"
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
#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#include "rule_test.h"

static void test_archive_exact(void **state)
{
    (void)state;
    const char *in = "FROM debian\nRUN curl -fsSLo /tmp/n.tar.xz https://x.org/n.tar.xz \\\n"
                     " && tar -xJf /tmp/n.tar.xz -C /usr/local\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_string_equal(d->message,
                        "/tmp/n.tar.xz is downloaded and used in this RUN but never removed: it stays in the layer");
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->span.start, strstr(in, "tar -xJf") - in);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "append `rm -f /tmp/n.tar.xz` after the command that uses it");
    assert_string_equal(res.output.data, "FROM debian\nRUN curl -fsSLo /tmp/n.tar.xz https://x.org/n.tar.xz \\\n"
                                         " && tar -xJf /tmp/n.tar.xz -C /usr/local \\\n && rm -f /tmp/n.tar.xz\n");
    df_run_result_release(&res);
}

static void test_archive_fires(void **state)
{
    (void)state;
    /* wget with the URL's name, dpkg -i, in the middle of a chain */
    FIRES("FROM debian\nRUN wget https://x.org/a.deb && dpkg -i a.deb && echo ok\n",
          "FROM debian\nRUN wget https://x.org/a.deb && dpkg -i a.deb && rm -f a.deb && echo ok\n");
    /* apt-get install of a local .deb, curl -O */
    FIRES("FROM debian\nWORKDIR /src\nRUN curl -LO https://x.org/a.deb && apt-get install -y ./a.deb\n",
          "FROM debian\nWORKDIR /src\nRUN curl -LO https://x.org/a.deb && apt-get install -y ./a.deb && rm -f ./a.deb\n");
    /* `; \` style is kept */
    FIRES("FROM debian\nRUN set -eux; \\\n    curl -o go.tgz https://go.dev/go.tgz; \\\n    tar -C /usr/local -xzf go.tgz; \\\n"
          "    go version\n",
          "FROM debian\nRUN set -eux; \\\n    curl -o go.tgz https://go.dev/go.tgz; \\\n    tar -C /usr/local -xzf go.tgz; \\\n"
          "    rm -f go.tgz; \\\n    go version\n");
    /* last item after `;` */
    FIRES("FROM debian\nRUN curl -o /x.zip https://x/x.zip; unzip /x.zip\n",
          "FROM debian\nRUN curl -o /x.zip https://x/x.zip; unzip /x.zip; rm -f /x.zip\n");
    /* an installer script that is run */
    FIRES("FROM python\nRUN curl -sSLo get-pip.py https://bootstrap.pypa.io/get-pip.py && python3 get-pip.py\n",
          "FROM python\nRUN curl -sSLo get-pip.py https://bootstrap.pypa.io/get-pip.py && python3 get-pip.py && rm -f get-pip.py\n");
    /* leading && and tabs, CRLF */
    FIRES("FROM debian\r\nRUN wget -O /tmp/a.tgz https://x/a.tgz \\\r\n\t&& tar xzf /tmp/a.tgz -C /opt\r\n",
          "FROM debian\r\nRUN wget -O /tmp/a.tgz https://x/a.tgz \\\r\n\t&& tar xzf /tmp/a.tgz -C /opt \\\r\n\t&& rm -f /tmp/a.tgz\r\n");
    /* inside an if: the absolute path after the fi */
    FIRES("FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && if true; then tar xzf /tmp/a.tgz; fi\n",
          "FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && if true; then tar xzf /tmp/a.tgz; fi && rm -f /tmp/a.tgz\n");
    /* a relative name inside a subshell, the folder known: the absolute path */
    FIRES("FROM debian\nWORKDIR /w\nRUN curl -o a.tgz https://x/a.tgz && (tar xzf a.tgz -C /opt)\n",
          "FROM debian\nWORKDIR /w\nRUN curl -o a.tgz https://x/a.tgz && (tar xzf a.tgz -C /opt) && rm -f /w/a.tgz\n");
    /* heredoc: a new line */
    FIRES("FROM debian\nRUN <<EOF\ncurl -o /a.tgz https://x/a.tgz\ntar xzf /a.tgz\nEOF\n",
          "FROM debian\nRUN <<EOF\ncurl -o /a.tgz https://x/a.tgz\ntar xzf /a.tgz\nrm -f /a.tgz\nEOF\n");
}

static void test_archive_silent(void **state)
{
    (void)state;
    /* removed: itself, its folder, a glob */
    SILENT("FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz && rm /tmp/a.tgz\n");
    SILENT("FROM debian\nRUN curl -o /tmp/b/a.tgz https://x/a.tgz && tar xzf /tmp/b/a.tgz && rm -rf /tmp/b\n");
    SILENT("FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz && rm -rf /tmp/*\n");
    SILENT("FROM debian\nWORKDIR /w\nRUN wget https://x/a.tar.gz && tar xzf a.tar.gz && rm *.tar.gz\n");
    /* moved or copied after use: kept on purpose */
    SILENT("FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz && mv /tmp/a.tgz /opt/\n");
    /* downloaded, never consumed: the download is the product */
    SILENT("FROM debian\nRUN curl -o /usr/local/bin/tini https://x/tini && chmod +x /usr/local/bin/tini\n");
    SILENT("FROM debian\nRUN curl -o /app.jar https://x/app.jar\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n");
    /* a program put in a bin folder and run by its interpreter: the product */
    SILENT("FROM php\nRUN curl -o /usr/local/bin/composer https://x/composer.phar && php /usr/local/bin/composer -V\n");
    /* a downloaded program run by its own name */
    SILENT("FROM debian\nRUN curl -o /tmp/cpm https://x/cpm && chmod +x /tmp/cpm && /tmp/cpm --version\n");
    /* to standard output */
    SILENT("FROM debian\nRUN curl -fsSL https://x/a.tgz | tar xz -C /opt\n");
    /* tar that creates or lists */
    SILENT("FROM debian\nRUN curl -o /a.tgz https://x/a.tgz && tar tzf /a.tgz\n");
    /* an unknown folder */
    SILENT("FROM debian\nRUN cd \"$(mktemp -d)\" && curl -O https://x/a.tgz && tar xzf a.tgz\n");
    /* exec form */
    SILENT("FROM debian\nRUN [\"sh\", \"-c\", \"curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz\"]\n");
}

static void test_archive_report_only(void **state)
{
    (void)state;
    /* a later instruction names it */
    REPORTS("FROM debian\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz -C /opt\n"
            "RUN sha256sum /tmp/a.tgz\n");
    one("FROM debian AS b\nRUN curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz\nFROM debian\nCOPY --from=b /a.tgz /\n",
        false, DF_SEV_INFO, -1, false, "a later instruction names it", NULL);
    /* after || */
    REPORTS("FROM debian\nRUN curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz || true\n");
    /* a relative name inside a subshell, the folder not known */
    one("FROM debian\nRUN curl -o a.tgz https://x/a.tgz && (tar xzf a.tgz -C /opt)\n", false, DF_SEV_WARNING, -1, false,
        "a.tgz is downloaded and used in this RUN but never removed: it stays in the layer (no automatic fix: the "
        "file's name cannot be written where the removal would go)",
        NULL);
}

static void test_gem(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN gem install rails -v 7.1\n", "FROM debian\nRUN gem install --no-document rails -v 7.1\n");
    FIRES_N("FROM debian\nRUN gem update --system && gem install bundler\n",
            "FROM debian\nRUN gem update --no-document --system && gem install --no-document bundler\n", 2);
    SILENT("FROM debian\nRUN gem install -N rails\n");
    SILENT("FROM debian\nRUN gem install rails --no-document\n");
    SILENT("FROM debian\nRUN gem install --no-ri --no-rdoc rails\n");
    SILENT("FROM debian\nRUN gem list && gem build x.gemspec\n");
    /* gemrc says it already */
    SILENT("FROM debian\nRUN echo 'gem: --no-document' > /etc/gemrc\nRUN gem install rails\n");
    /* the official ruby image's gemrc says it */
    SILENT("FROM ruby:3.3-slim\nRUN gem install rails\n");
    SILENT("FROM ruby:3.3 AS base\nFROM base\nRUN gem install rails\n");
    /* a build stage: info, shown */
    one("FROM debian AS b\nRUN gem install rails\nFROM debian\n", false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL,
        "not applied");
}

static void test_tools(void **state)
{
    (void)state;
    FIRES("FROM golang:1.22\nRUN go build -o /app ./...\nCMD [\"/app\"]\n",
          "FROM golang:1.22\nRUN go build -o /app ./... && go clean -cache -modcache\nCMD [\"/app\"]\n");
    FIRES("FROM golang:1.22\nRUN set -e; \\\n    go mod download; \\\n    go build -o /app .\n",
          "FROM golang:1.22\nRUN set -e; \\\n    go mod download; \\\n    go build -o /app .; \\\n    go clean -cache -modcache\n");
    FIRES("FROM rust\nRUN cargo install ripgrep\n",
          "FROM rust\nRUN cargo install ripgrep && rm -rf \"${CARGO_HOME:-$HOME/.cargo}/registry\" "
          "\"${CARGO_HOME:-$HOME/.cargo}/git\"\n");
    FIRES("FROM php\nRUN composer install --no-dev && echo ok\n",
          "FROM php\nRUN composer install --no-dev && composer clear-cache && echo ok\n");
    /* build stages do not ship their caches */
    SILENT("FROM golang AS b\nRUN go build -o /app .\nFROM debian\nCOPY --from=b /app /app\n");
    /* cleaned, mounted, disabled */
    SILENT("FROM golang\nRUN go build -o /app . && go clean -cache\n");
    SILENT("FROM golang\nRUN go build -o /app . && rm -rf /root/.cache/go-build /go/pkg/mod\n");
    SILENT("FROM golang\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n");
    SILENT("FROM rust\nRUN cargo install x && rm -rf $CARGO_HOME/registry\n");
    SILENT("FROM php\nRUN composer install && composer clear-cache\n");
    SILENT("FROM php\nENV COMPOSER_CACHE_DIR=/dev/null\nRUN composer install\n");
    SILENT("FROM php\nRUN composer install --no-cache\n");
    /* go mod download fills the cache for a later build: not a leftover */
    FIRES("FROM golang\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
          "FROM golang\nRUN go mod download\nCOPY . .\nRUN go build -o /app . && go clean -cache -modcache\n"
          "CMD [\"/app\"]\n");
    /* a later step may build with go again (make, a script): report only */
    one("FROM golang\nRUN go build -o /x ./tools\nCOPY . .\nRUN make\n", false, DF_SEV_WARNING, -1, false,
        "a later RUN of the image may build with the tool", NULL);
    REPORTS("FROM rust\nRUN cargo install sqlx-cli\nRUN cargo build --release\n");
    /* the image's command runs go */
    REPORTS("FROM golang\nRUN go build -o /app .\nCMD [\"go\", \"run\", \".\"]\n");
}

/* The image's start script, read from the build context, runs cargo: the
 * registry may be needed when the container starts. */
static void test_runtime_script(void **state)
{
    (void)state;
    char *ctx = tdir_new();
    twrite(ctx, "startup.sh", "#!/bin/sh\ncd /app && cargo watch -x run\n", 0755);
    const char *in = "FROM rust\nRUN cargo install cargo-watch\nCOPY startup.sh /startup.sh\nCMD [\"/startup.sh\"]\n";
    df_options o;
    opts_for(&o, false);
    df_run_result res;
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, ctx, &res), 0);
    assert_int_equal(res.diags.n, 1);
    assert_null(res.diags.v[0]->fix);
    assert_non_null(strstr(res.diags.v[0]->message, "the image runs the tool when it starts"));
    assert_false(res.changed);
    df_run_result_release(&res);
    /* without the context: fixed */
    assert_int_equal(df_run("Dockerfile", in, strlen(in), &o, NULL, &res), 0);
    assert_true(res.changed);
    df_run_result_release(&res);
    tdir_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_archive_exact),
        cmocka_unit_test(test_archive_fires),
        cmocka_unit_test(test_archive_silent),
        cmocka_unit_test(test_archive_report_only),
        cmocka_unit_test(test_gem),
        cmocka_unit_test(test_tools),
        cmocka_unit_test(test_runtime_script),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
