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

/* review run11 (laradock php-fpm): a file fetched inside a branch is
 * removed inside that branch, right after the command that uses it, in the
 * branch's indentation and separators; never after the `fi`, where it ran
 * when the option was off */
/* The second archive of a branch, fetched after a `cd` right of && in that
 * branch (laradock laravel-horizon's audiowaveform: `cd audiowaveform &&
 * wget .../release-1.10.0.tar.gz && tar xzf release-1.10.0.tar.gz && ln
 * -s googletest-release-1.10.0/googletest googletest`; review run 12):
 * the folder is known until the chain ends, and the archive gets its rm
 * like the first one. */
static void test_df025_second_archive_after_cd_in_branch(void **state)
{
    (void)state;
    const char *in = "FROM alpine\nRUN if [ ${A} = true ]; then \\\n"
                     "   wget https://x.org/1.3.3.tar.gz \\\n   && tar xzf 1.3.3.tar.gz \\\n"
                     "   && cd flac-1.3.3 \\\n   && make install \\\n   && cd .. \\\n"
                     "   && git clone https://x.org/aw.git \\\n   && cd aw \\\n"
                     "   && wget https://x.org/release-1.10.0.tar.gz \\\n   && tar xzf release-1.10.0.tar.gz \\\n"
                     "   && ln -s googletest-release-1.10.0/googletest googletest \\\n   && make \\\n;fi\n";
    const char *want = "FROM alpine\nRUN if [ ${A} = true ]; then \\\n"
                       "   wget https://x.org/1.3.3.tar.gz \\\n   && tar xzf 1.3.3.tar.gz \\\n"
                       "   && rm -f 1.3.3.tar.gz \\\n"
                       "   && cd flac-1.3.3 \\\n   && make install \\\n   && cd .. \\\n"
                       "   && git clone https://x.org/aw.git \\\n   && cd aw \\\n"
                       "   && wget https://x.org/release-1.10.0.tar.gz \\\n   && tar xzf release-1.10.0.tar.gz \\\n"
                       "   && rm -f release-1.10.0.tar.gz \\\n"
                       "   && ln -s googletest-release-1.10.0/googletest googletest \\\n   && make \\\n;fi\n";
    FIRES_N(in, want, 2);
    /* a cd that starts a chain of the branch: known to the branch's end */
    FIRES("FROM alpine\nRUN if [ -n \"$A\" ]; then cd /opt; wget https://x.org/a.tgz; tar xzf a.tgz; fi\n",
          "FROM alpine\nRUN if [ -n \"$A\" ]; then cd /opt; wget https://x.org/a.tgz; tar xzf a.tgz && rm -f a.tgz; fi\n");
    /* past the branch the folder is not known: an rm there of the same
     * name is taken for the author's removal */
    SILENT("FROM alpine\nRUN if [ -n \"$A\" ]; then cd /opt && wget https://x.org/a.tgz && tar xzf a.tgz; fi; rm a.tgz\n");
    /* an inner chain ends before the outer one: past the `fi`, the cd in
     * the branch may not have run, and f.tgz is not known to be /a/b/f.tgz */
    SILENT("FROM alpine\nRUN true && cd /a && if [ -n \"$X\" ]; then cd b && true; fi && wget -O /a/b/f.tgz "
           "https://x.org/f && tar xzf f.tgz\n");
    FIRES("FROM alpine\nRUN true && cd /a && if [ -n \"$X\" ]; then true; fi && wget -O /a/b/f.tgz https://x.org/f "
          "&& tar xzf b/f.tgz\n",
          "FROM alpine\nRUN true && cd /a && if [ -n \"$X\" ]; then true; fi && wget -O /a/b/f.tgz https://x.org/f "
          "&& tar xzf b/f.tgz && rm -f b/f.tgz\n");
    /* a cd after || may not run: not followed */
    SILENT("FROM alpine\nRUN if [ -n \"$A\" ]; then true || cd /opt; wget https://x.org/a.tgz && tar xzf /opt/a.tgz; fi\n");
}

static void test_cleanup_outside_conditional(void **state)
{
    (void)state;
    /* leading && and `;fi` (Blackfire) */
    FIRES("FROM debian\nARG B=false\nRUN if [ ${B} = true ]; then \\\n"
          "    v=1 \\\n    && curl -o /tmp/b.tar.gz -L -s https://b.io/probe \\\n"
          "    && tar zxpf /tmp/b.tar.gz -C /tmp \\\n    && mv /tmp/b-*.so /usr/lib/b.so \\\n;fi\n",
          "FROM debian\nARG B=false\nRUN if [ ${B} = true ]; then \\\n"
          "    v=1 \\\n    && curl -o /tmp/b.tar.gz -L -s https://b.io/probe \\\n"
          "    && tar zxpf /tmp/b.tar.gz -C /tmp \\\n    && rm -f /tmp/b.tar.gz \\\n"
          "    && mv /tmp/b-*.so /usr/lib/b.so \\\n;fi\n");
    /* a nested branch written with `; \`: its own indentation, before the
     * `cd` into the unpacked tree (mpdecimal); its pecl install leaves
     * /tmp/pear inside the if: advice, no rm after the fi (test_df025_pecl_tmp_pear) */
    FIRES_N("FROM debian\nARG D=false\nRUN if [ ${D} = true ]; then \\\n"
          "  if [ -x /usr/bin/php ]; then \\\n"
          "      curl -L -o /tmp/m.tar.gz \"https://m.org/m.tar.gz\"; \\\n"
          "      mkdir -p /tmp/m; \\\n"
          "      tar -C /tmp/m -zxvf /tmp/m.tar.gz --strip 1; \\\n"
          "      cd /tmp/m; \\\n      ./configure && make && make install; \\\n"
          "    else \\\n      apt-get install -yqq libmpdec-dev; \\\n    fi; \\\n"
          "  pecl install decimal; \\\nfi\n",
          "FROM debian\nARG D=false\nRUN if [ ${D} = true ]; then \\\n"
          "  if [ -x /usr/bin/php ]; then \\\n"
          "      curl -L -o /tmp/m.tar.gz \"https://m.org/m.tar.gz\"; \\\n"
          "      mkdir -p /tmp/m; \\\n"
          "      tar -C /tmp/m -zxvf /tmp/m.tar.gz --strip 1; \\\n"
          "      rm -f /tmp/m.tar.gz; \\\n"
          "      cd /tmp/m; \\\n      ./configure && make && make install; \\\n"
          "    else \\\n      apt-get install -yqq libmpdec-dev; \\\n    fi; \\\n"
          "  pecl install decimal; \\\nfi\n", 2);
    /* the last command of a branch, no errexit: `&&`, so the branch's
     * status stays the command's */
    FIRES("FROM debian\nRUN if [ -n \"$X\" ]; then curl -o /a.tgz https://x/a.tgz; tar xzf /a.tgz -C /opt; fi\n",
          "FROM debian\nRUN if [ -n \"$X\" ]; then curl -o /a.tgz https://x/a.tgz; tar xzf /a.tgz -C /opt && rm -f /a.tgz; fi\n");
    /* under errexit the branch's `;` */
    FIRES("FROM debian\nRUN set -e; if [ -n \"$X\" ]; then curl -o /a.tgz https://x/a.tgz; tar xzf /a.tgz -C /opt; fi\n",
          "FROM debian\nRUN set -e; if [ -n \"$X\" ]; then curl -o /a.tgz https://x/a.tgz; tar xzf /a.tgz -C /opt; rm -f /a.tgz; fi\n");
    /* a case item and an else branch */
    FIRES("FROM debian\nRUN case \"$A\" in x) curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt ;; esac\n",
          "FROM debian\nRUN case \"$A\" in x) curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt && rm -f /a.tgz ;; esac\n");
    FIRES("FROM debian\nRUN if [ -z \"$A\" ]; then echo no; else curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt; fi\n",
          "FROM debian\nRUN if [ -z \"$A\" ]; then echo no; else curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt && rm -f /a.tgz; fi\n");
    /* fetched in a branch, used after a nested `if` in it: after that
     * `fi`, still inside the outer branch */
    FIRES("FROM debian\nRUN if [ -n \"$A\" ]; then curl -o /a.tgz https://x/a.tgz && if [ -n \"$B\" ]; then tar xzf /a.tgz -C /opt; fi; fi\n",
          "FROM debian\nRUN if [ -n \"$A\" ]; then curl -o /a.tgz https://x/a.tgz && if [ -n \"$B\" ]; then tar xzf /a.tgz -C /opt; fi && rm -f /a.tgz; fi\n");
    /* a heredoc: a new line in the branch's indentation */
    FIRES("FROM debian\nRUN <<EOF\nif [ -n \"$A\" ]; then\n  curl -o /a.tgz https://x/a.tgz\n  tar xzf /a.tgz -C /opt\nfi\n"
          "echo done\nEOF\n",
          "FROM debian\nRUN <<EOF\nif [ -n \"$A\" ]; then\n  curl -o /a.tgz https://x/a.tgz\n  tar xzf /a.tgz -C /opt\n"
          "  rm -f /a.tgz\nfi\necho done\nEOF\n");
    /* fetched and used in a condition: appending there would change what
     * it tests; reported without a fix */
    REPORTS("FROM debian\nRUN if curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt; then echo ok; fi\n");
    one("FROM debian\nRUN if curl -o /a.tgz https://x/a.tgz && tar xzf /a.tgz -C /opt; then echo ok; fi\n", false,
        DF_SEV_WARNING, -1, false, "(no automatic fix: the command that uses it is part of a condition (if, while))",
        NULL);
    /* the tree unpacked into a scratch folder is named in the message */
    one("FROM debian\nRUN if [ -n \"$A\" ]; then curl -o /tmp/d.tgz https://x/d.tgz && tar -xzf /tmp/d.tgz -C /tmp/d "
        "&& cp /tmp/d/d /usr/local/bin; fi\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "it stays in the layer; what it unpacked in /tmp/d may stay as well (remove it too once nothing reads it)",
        "append `rm -f /tmp/d.tgz` after the command that uses it, in the branch that downloads it");
    /* ... not when the RUN removes it */
    df_run_result res;
    run_text(&res, "FROM debian\nRUN if [ -n \"$A\" ]; then curl -o /tmp/d.tgz https://x/d.tgz && tar -xzf /tmp/d.tgz "
                   "-C /tmp && cp /tmp/d/d /usr/local/bin && rm -rf /tmp/d; fi\n",
             false);
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0]->message,
                        "/tmp/d.tgz is downloaded and used in this RUN but never removed: it stays in the layer");
    df_run_result_release(&res);
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
    /* and the spec cache (test_gem_home) */
    FIRES_N("FROM debian\nRUN gem update --system && gem install bundler\n",
            "FROM debian\nRUN gem update --no-document --system && gem install --no-document bundler && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n",
            3);
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

/* Class "DF025 --no-document when the base image already sets it" (review
 * 2026-12, official 044: fluentd's Dockerfile.sample): images built on the
 * official ruby image, or writing gemrc themselves, build no docs. */
static void test_df025_no_document_already_set_by_base(void **state)
{
    (void)state;
    /* the fluentd sample, as written */
    SILENT("FROM fluent/fluentd:v1.19-debian\nUSER root\nRUN buildDeps=\"sudo make gcc g++ libc-dev\" \\\n"
           " && gem install fluent-plugin-elasticsearch \\\n && gem sources --clear-all\nUSER fluent\n");
    SILENT("FROM fluent/fluentd:v1.19-1.0\nRUN gem install fluent-plugin-s3\n");
    SILENT("FROM docker.io/fluent/fluentd:edge-debian\nRUN gem install fluent-plugin-s3\n");
    /* the per-architecture ruby repositories are the same builds */
    SILENT("FROM arm64v8/ruby:3.4-slim\nRUN gem install rails\n");
    SILENT("FROM --platform=linux/arm/v7 arm32v7/ruby:3.2-slim-bookworm\nRUN gem install rails\n");
    /* the file writes such a gemrc earlier in the stage (the fluentd images themselves) */
    SILENT("FROM alpine:3.19\nRUN apk add --no-cache ruby && echo 'gem: --no-document' >> /etc/gemrc"
           " && gem install fluentd -v 1.17.0\n");
    /* discourse/ruby writes install/update: --no-document to its gemrc
     * (review run 12: gem-docs-base-gemrc, discourse_docker image/base) */
    SILENT("FROM discourse/ruby:3.3.8-bookworm-slim AS base\nRUN gem install pups --force\n");
    /* the dev container images are built FROM ruby:${VARIANT}
     * (devcontainers/images src/ruby, and microsoft/vscode-dev-containers
     * containers/ruby before it; review run 14, apps 275) */
    SILENT("FROM mcr.microsoft.com/devcontainers/ruby:3.4-bookworm\nUSER root\nRUN gem install bundler jekyll\n");
    SILENT("FROM mcr.microsoft.com/vscode/devcontainers/ruby:0-2.7\nRUN gem install rails\n");
    /* a Ruby image that is not built on them still fires */
    FIRES("FROM fluent/fluent-bit:3\nRUN gem install rails\n", "FROM fluent/fluent-bit:3\nRUN gem install --no-document rails\n");
    FIRES("FROM bitnami/ruby:3.3\nRUN gem install rails\n", "FROM bitnami/ruby:3.3\nRUN gem install --no-document rails\n");
}

/* Class "DF025 missed-author-rm-breaks-build" (review pre9, apps 212:
 * microsoft/ELL): the author removes the tarball after `cd swig && ... &&
 * cd ..`; an `rm -f` inserted earlier made that later plain `rm` fail. */
static void test_df025_missed_author_rm_breaks_build(void **state)
{
    (void)state;
    /* the cd right of && holds for the rest of the chain: the rm is seen */
    SILENT("FROM debian\nRUN curl -O https://x.org/swig-4.0.0.tar.gz \\\n && tar zxvf swig-4.0.0.tar.gz \\\n"
           " && cd swig-4.0.0 \\\n && ./configure && make && make install \\\n && cd .. \\\n"
           " && rm swig-4.0.0.tar.gz \\\n && rm -r -f swig-4.0.0\n");
    /* a folder that cannot be told (after `;`, a variable): an rm naming
     * the same file is taken for the author's */
    SILENT("FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && test -d a && cd a; make install; cd ..; rm a.tgz\n");
    SILENT("FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && rm \"$OLDPWD/a.tgz\"\n");
    /* in the folder the chain's cd entered, `rm -f a.tgz` is another file */
    FIRES("FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && cd a && make install && rm -f a.tgz\n",
          "FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && rm -f a.tgz && cd a && make install && rm -f a.tgz\n");
    /* a cd whose && chain ended: the folder is not known, the rm of another
     * file does not count, and the fix names the file from the consumer's folder */
    FIRES("FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && cd a && make install; rm -f other.tgz\n",
          "FROM debian\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz && rm -f a.tgz && cd a && make install; rm -f other.tgz\n");
}

/* Class "DF025 cleanup-outside-author-rm" (review pre9, official 090:
 * varnish vmod-examples Dockerfile.rust): the author lists every leftover
 * in one final `rm -rf`; the file joins it instead of an rm of its own. */
static void test_df025_cleanup_outside_author_rm(void **state)
{
    (void)state;
    FIRES("FROM varnish\nRUN set -e; \\\n    curl -sSf https://sh.rustup.rs -o /tmp/rustup.sh; \\\n"
          "    sh /tmp/rustup.sh -y; \\\n    . \"$HOME/.cargo/env\"; \\\n"
          "    rm -rf /var/lib/apt/lists/* /tmp/varnish-cache \"$HOME/.cargo/env\"\n",
          "FROM varnish\nRUN set -e; \\\n    curl -sSf https://sh.rustup.rs -o /tmp/rustup.sh; \\\n"
          "    sh /tmp/rustup.sh -y; \\\n    . \"$HOME/.cargo/env\"; \\\n"
          "    rm -rf /var/lib/apt/lists/* /tmp/varnish-cache \"$HOME/.cargo/env\" /tmp/rustup.sh\n");
    /* one path a line: a new line, indented as the last path */
    FIRES("FROM debian\nRUN curl -o /tmp/a.tgz https://x.org/a.tgz \\\n && tar -xzf /tmp/a.tgz -C /opt \\\n"
          " && rm -rf \\\n    /var/lib/apt/lists/* \\\n    /tmp/b\n",
          "FROM debian\nRUN curl -o /tmp/a.tgz https://x.org/a.tgz \\\n && tar -xzf /tmp/a.tgz -C /opt \\\n"
          " && rm -rf \\\n    /var/lib/apt/lists/* \\\n    /tmp/b \\\n    /tmp/a.tgz\n");
    /* a relative name in another folder: the absolute path */
    FIRES("FROM debian\nWORKDIR /src\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz -C /opt && cd /opt && rm -rf x\n",
          "FROM debian\nWORKDIR /src\nRUN curl -O https://x.org/a.tgz && tar xf a.tgz -C /opt && cd /opt && rm -rf x /src/a.tgz\n");
    /* an rm without -f would fail if the file were gone: an rm of its own */
    FIRES("FROM debian\nRUN curl -o /tmp/a.tgz https://x.org/a.tgz && tar -xzf /tmp/a.tgz -C /opt && rm /tmp/b\n",
          "FROM debian\nRUN curl -o /tmp/a.tgz https://x.org/a.tgz && tar -xzf /tmp/a.tgz -C /opt && rm -f /tmp/a.tgz && rm /tmp/b\n");
}

/* Class "DF025 clean-of-earlier-layers / cache-used-at-run" (review pre9,
 * apps 149: apache/pulsar-client-go): the go caches were filled by earlier
 * RUNs, so a cleanup here frees only what this RUN adds; ENV moves them. */
static void test_df025_clean_of_earlier_layers(void **state)
{
    (void)state;
    const char *in = "FROM golang\nENV GOPATH=/pulsar/go\nENV GOCACHE=/tmp/go-cache\nRUN go mod download\n"
                     "RUN go build ./pulsar\nRUN go build -o bin/perf ./perf\n";
    df_run_result res;
    run_text(&res, in, false);
    assert_int_equal(res.diags.n, 2);
    const df_diag *d = res.diags.v[1];
    assert_non_null(strstr(d->message, "its build cache (/tmp/go-cache) and module cache (/pulsar/go/pkg/mod)"));
    assert_non_null(strstr(d->message, "an earlier RUN already filled the caches"));
    assert_null(d->fix);
    assert_string_equal(res.output.data, in);
    df_run_result_release(&res);
    /* go generate compiles nothing of the build: the build cache is still
     * this RUN's (TechEmpower fasthttp) */
    FIRES_N("FROM golang\nRUN go generate -x ./templates\nRUN go build -o app .\n",
            "FROM golang\nRUN go generate -x ./templates\nRUN go build -o app . && go clean -cache -modcache\n", 2);
    /* the folder ENV names, removed or cache-mounted: nothing left */
    SILENT("FROM golang\nENV GOCACHE=/tmp/gc\nENV GOMODCACHE=/tmp/gm\nRUN go build -o /app . && rm -rf /tmp/gc /tmp/gm\n"
           "CMD [\"/app\"]\n");
    SILENT("FROM golang\nENV GOCACHE=/tmp/gc\nENV GOMODCACHE=/tmp/gm\n"
           "RUN --mount=type=cache,target=/tmp/gc --mount=type=cache,target=/tmp/gm go build -o /app .\nCMD [\"/app\"]\n");
}

/* Review run 10 class "go-clean-flag-unsupported" (mozilla/mig on
 * ubuntu:xenial, whose golang is Go 1.6): `go clean -cache` needs Go 1.10
 * and -modcache 1.11; an older go fails the build with "flag provided but
 * not defined", and has no such caches to leave. */
static void test_df025_go_clean_flag_unsupported(void **state)
{
    (void)state;
    SILENT("FROM ubuntu:xenial\nRUN apt-get update && apt-get install -y golang\n"
           "RUN export GOPATH=/go && go install github.com/mozilla/mig/mig-agent\n");
    SILENT("FROM ubuntu:18.04\nRUN go build -o /app .\n");
    SILENT("FROM golang:1.9\nRUN go build -o /app .\n");
    SILENT("FROM golang:1.10.8-stretch\nRUN go build -o /app .\n");
    SILENT("FROM docker.io/library/golang:1.6-alpine\nRUN go build -o /app .\n");
    /* Go 1.11 and later, an untagged or a release-named tag: the cleanup */
    FIRES("FROM golang:1.11\nRUN go build -o /app .\n",
          "FROM golang:1.11\nRUN go build -o /app . && go clean -cache -modcache\n");
    FIRES("FROM golang:1.22-bookworm\nRUN go build -o /app .\n",
          "FROM golang:1.22-bookworm\nRUN go build -o /app . && go clean -cache -modcache\n");
    FIRES("FROM golang:1\nRUN go build -o /app .\n",
          "FROM golang:1\nRUN go build -o /app . && go clean -cache -modcache\n");
    FIRES("FROM golang:alpine\nRUN go build -o /app .\n",
          "FROM golang:alpine\nRUN go build -o /app . && go clean -cache -modcache\n");
    FIRES("FROM ubuntu:22.04\nRUN go build -o /app .\n",
          "FROM ubuntu:22.04\nRUN go build -o /app . && go clean -cache -modcache\n");
    /* through a stage of the file */
    SILENT("FROM golang:1.8 AS base\nFROM base\nRUN go build -o /app .\n");
    /* an old release, but the file downloads its Go (353solutions/carrow) */
    FIRES("FROM ubuntu:18.04\nRUN wget -q https://dl.google.com/go/go1.14.6.linux-amd64.tar.gz && "
          "tar -C /usr/local -xzf go1.14.6.linux-amd64.tar.gz && rm go1.14.6.linux-amd64.tar.gz\n"
          "RUN go test -v ./...\n",
          "FROM ubuntu:18.04\nRUN wget -q https://dl.google.com/go/go1.14.6.linux-amd64.tar.gz && "
          "tar -C /usr/local -xzf go1.14.6.linux-amd64.tar.gz && rm go1.14.6.linux-amd64.tar.gz\n"
          "RUN go test -v ./... && go clean -cache -modcache\n");
}

/* Class "DF025 pecl-tmp-pear" (review run 16: nextcloud's full
 * fpm-alpine example, merchant-prince/laravel-docker): pecl install
 * downloads and builds in /tmp/pear and nothing removes it. The removal
 * goes at the end of the RUN (after docker-php-ext-enable and the rest),
 * joining the author's last `rm -rf` when the RUN ends with one. */
static void test_df025_pecl_tmp_pear(void **state)
{
    (void)state;
    const char *in = "FROM php:8.3-fpm-alpine\nRUN set -ex; \\\n    apk add --no-cache --virtual .b $PHPIZE_DEPS; \\\n"
                     "    pecl install smbclient; \\\n    docker-php-ext-enable smbclient; \\\n    apk del .b\n";
    const char *want = "FROM php:8.3-fpm-alpine\nRUN set -ex; \\\n    apk add --no-cache --virtual .b $PHPIZE_DEPS; \\\n"
                       "    pecl install smbclient; \\\n    docker-php-ext-enable smbclient; \\\n    apk del .b; \\\n"
                       "    rm -rf /tmp/pear\n";
    FIRES(in, want);
    one(in, false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "pecl install leaves its download and build folder (/tmp/pear) in a layer of the image",
        "append `rm -rf /tmp/pear` at the end of the RUN");
    /* the author's rm at the end gets the folder among its words */
    const char *joined = "FROM php:8.3-fpm\nRUN apt-get update \\\n && pecl install redis \\\n"
                         " && docker-php-ext-enable redis \\\n && rm -rf /var/lib/apt/lists/*\n";
    FIRES(joined, "FROM php:8.3-fpm\nRUN apt-get update \\\n && pecl install redis \\\n"
                  " && docker-php-ext-enable redis \\\n && rm -rf /var/lib/apt/lists/* /tmp/pear\n");
    one(joined, false, DF_SEV_WARNING, DF_APPLY_SAFE, true, NULL, "add /tmp/pear to the rm at the end of the RUN");
    /* one a line: a line of its own */
    FIRES("FROM php:8.3\nRUN pecl install redis && \\\n    rm -rf \\\n        /a \\\n        /b\n",
          "FROM php:8.3\nRUN pecl install redis && \\\n    rm -rf \\\n        /a \\\n        /b \\\n        /tmp/pear\n");
    /* an rm after `||`, or without -f, is not the place: an rm of its own */
    FIRES("FROM php:8.3\nRUN pecl install redis || rm -rf /x\n",
          "FROM php:8.3\nRUN pecl install redis || rm -rf /x && rm -rf /tmp/pear\n");
    FIRES("FROM php:8.3\nRUN pecl install redis && rm -r /x\n",
          "FROM php:8.3\nRUN pecl install redis && rm -r /x && rm -rf /tmp/pear\n");
    /* each RUN's pecl builds anew: both get it */
    FIRES_N("FROM php:8.3\nRUN pecl install redis\nRUN pecl install pcov\n",
            "FROM php:8.3\nRUN pecl install redis && rm -rf /tmp/pear\nRUN pecl install pcov && rm -rf /tmp/pear\n", 2);
    /* a later RUN's own cleanup is no reader: it stays as it was */
    FIRES("FROM php:8.3\nRUN pecl install redis\nRUN pecl install pcov && rm -rf /tmp/pear\n",
          "FROM php:8.3\nRUN pecl install redis && rm -rf /tmp/pear\nRUN pecl install pcov && rm -rf /tmp/pear\n");
    /* class "pear-rm-outside-branch" (review run 18 G, laradock php-fpm,
     * php-worker, horizon): a pecl install inside an if (an optional
     * extension) gets no rm after the fi, outside its branch: advice */
    one("FROM php:8.3\nARG X=false\nRUN if [ ${X} = true ]; then \\\n    pecl install xdebug && \\\n"
        "    docker-php-ext-enable xdebug \\\n;fi\n",
        false, DF_SEV_WARNING, -1, false, "the tool runs inside an if, case or loop: remove the folder right after it",
        NULL);
    one("FROM php:8.3\nRUN apt-get update && for e in redis pcov; do pecl install $e; done\n", false, DF_SEV_WARNING,
        -1, false, "the tool runs inside an if, case or loop", NULL);
    /* silent: removed already (by name, a glob of /tmp), a build stage */
    SILENT("FROM php:8.3\nRUN pecl install redis && docker-php-ext-enable redis && rm -rf /tmp/pear ~/.pearrc\n");
    SILENT("FROM php:8.3\nRUN pecl install redis; rm -rf /tmp/*\n");
    SILENT("FROM php:8.3 AS b\nRUN pecl install redis\nFROM debian\nCOPY --from=b /usr/local/lib/php /x\n");
    /* no fix: a later instruction reads the folder, the RUN is not root's,
     * the RUN ends with exit */
    one("FROM php:8.3\nRUN pecl install redis\nRUN cp -r /tmp/pear/temp/redis /src\n", false, DF_SEV_WARNING, -1,
        false, "a later instruction names /tmp/pear and may read it", NULL);
    one("FROM php:8.3\nUSER www-data\nRUN sudo pecl install redis\n", false, DF_SEV_WARNING, -1, false,
        "the RUN does not run as root", NULL);
    one("FROM php:8.3\nRUN pecl install redis; exit 0\n", false, DF_SEV_WARNING, -1, false,
        "the RUN ends with exit or exec", NULL);
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
    /* the author removes the cache with rm in a later RUN of the stage, in a
     * layer where it frees nothing: advice that names it, no second cleanup
     * (class "df025-doubles-later-cache-rm", review run 14, apps 229) */
    one("FROM php:8.3-cli-alpine\nRUN adduser -D -u 1000 laravel\nUSER laravel\n"
        "RUN composer global require laravel/installer\nUSER root\n"
        "RUN ln -sf /home/laravel/.composer/vendor/bin/laravel /usr/local/bin/laravel && \\\n"
        "    rm -rf /home/laravel/.composer/cache\n",
        false, DF_SEV_WARNING, -1, false, "the RUN at line 6 removes the cache with rm", NULL);
    /* an rm before the install, or in another stage, does not count */
    FIRES("FROM php\nRUN rm -rf /root/.composer/cache\nRUN composer install\n",
          "FROM php\nRUN rm -rf /root/.composer/cache\nRUN composer install && composer clear-cache\n");
    FIRES("FROM php AS a\nRUN composer install\nFROM a\nRUN rm -rf /root/.composer/cache\n",
          "FROM php AS a\nRUN composer install && composer clear-cache\nFROM a\nRUN rm -rf /root/.composer/cache\n");
    /* go mod download fills the module cache for a later build, in its own
     * layer: not a leftover there; the build cleans its build cache
     * (test_df025_modcache_filled_earlier) */
    FIRES("FROM golang\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
          "FROM golang\nRUN go mod download\nCOPY . .\nRUN go build -o /app . && go clean -cache\n"
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

/* A signature or key file verified or imported by gpg is a leftover; the
 * signed file is not consumed by the check, and a signature whose signed
 * file stays (php keeps php.tar.xz for docker-php-source) stays with it. */
static void test_signature(void **state)
{
    (void)state;
    FIRES("FROM debian\nRUN set -eux; \\\n\tcurl -o /tmp/x.tgz https://x/x.tgz; \\\n\tcurl -o /tmp/x.tgz.asc https://x/x.tgz.asc; \\\n"
          "\tgpgv --keyring /k.gpg /tmp/x.tgz.asc /tmp/x.tgz; \\\n\ttar -xzf /tmp/x.tgz -C /opt; \\\n\trm /tmp/x.tgz\n",
          "FROM debian\nRUN set -eux; \\\n\tcurl -o /tmp/x.tgz https://x/x.tgz; \\\n\tcurl -o /tmp/x.tgz.asc https://x/x.tgz.asc; \\\n"
          "\tgpgv --keyring /k.gpg /tmp/x.tgz.asc /tmp/x.tgz; \\\n\trm -f /tmp/x.tgz.asc; \\\n\ttar -xzf /tmp/x.tgz -C /opt; \\\n"
          "\trm /tmp/x.tgz\n");
    FIRES("FROM debian\nWORKDIR /w\nRUN curl -fsSLo KEYS https://x/KEYS && gpg --batch --import KEYS && echo ok\n",
          "FROM debian\nWORKDIR /w\nRUN curl -fsSLo KEYS https://x/KEYS && gpg --batch --import KEYS && rm -f KEYS && echo ok\n");
    /* a clearsigned file alone */
    FIRES("FROM debian\nRUN curl -o /tmp/InRelease https://x/InRelease && gpg --verify /tmp/InRelease\n",
          "FROM debian\nRUN curl -o /tmp/InRelease https://x/InRelease && gpg --verify /tmp/InRelease && rm -f /tmp/InRelease\n");
    /* the signed file stays: so does its signature */
    SILENT("FROM debian\nWORKDIR /usr/src\nRUN curl -o php.tar.xz https://x/php.tar.xz && curl -o php.tar.xz.asc "
           "https://x/php.tar.xz.asc && gpg --batch --verify php.tar.xz.asc php.tar.xz\n");
    /* the signed file is not consumed by gpg */
    SILENT("FROM debian\nRUN curl -o /opt/app.jar https://x/app.jar && curl -o /tmp/app.jar.asc https://x/app.jar.asc "
           "&& gpg --verify /tmp/app.jar.asc /opt/app.jar && rm /tmp/app.jar.asc\n");
    /* gpg that neither verifies nor imports */
    SILENT("FROM debian\nRUN curl -o /tmp/k.asc https://x/k.asc && gpg --list-packets /tmp/k.asc\n");
}

static void test_gnupg_home(void **state)
{
    (void)state;
    /* ; style: kill the agents, then remove, at the end */
    FIRES("FROM debian\nRUN set -eux; \\\n    export GNUPGHOME=\"$(mktemp -d)\"; \\\n    gpg --batch --recv-keys ABC; \\\n"
          "    gpg --batch --export ABC > /usr/share/keyrings/x.gpg; \\\n    apt-get update\n",
          "FROM debian\nRUN set -eux; \\\n    export GNUPGHOME=\"$(mktemp -d)\"; \\\n    gpg --batch --recv-keys ABC; \\\n"
          "    gpg --batch --export ABC > /usr/share/keyrings/x.gpg; \\\n    apt-get update; \\\n    gpgconf --kill all; \\\n"
          "    rm -rf \"$GNUPGHOME\"\n");
    /* && style; the author already stops the agents */
    FIRES("FROM debian\nRUN GNUPGHOME=$(mktemp -d) && export GNUPGHOME && gpg --import /k.asc && gpgconf --kill all\n",
          "FROM debian\nRUN GNUPGHOME=$(mktemp -d) && export GNUPGHOME && gpg --import /k.asc && gpgconf --kill all && "
          "rm -rf \"$GNUPGHOME\"\n");
    /* unset later: the removal goes before it */
    FIRES("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\" \\\n  && gpg --import /k.asc \\\n  && unset GNUPGHOME \\\n  && apt-get update\n",
          "FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\" \\\n  && gpg --import /k.asc \\\n  && gpgconf --kill all \\\n"
          "  && rm -rf \"$GNUPGHOME\" \\\n  && unset GNUPGHOME \\\n  && apt-get update\n");
    /* removed: by name, or with all of /tmp */
    SILENT("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\"; gpg --import /k.asc; rm -rf \"${GNUPGHOME}\" /k.asc\n");
    SILENT("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\"; gpg --import /k.asc; rm -rf /tmp/*\n");
    /* never used; a fixed folder; set in a subshell */
    SILENT("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\"; echo hi\n");
    SILENT("FROM debian\nRUN export GNUPGHOME=/root/.gnupg; gpg --import /k.asc\n");
    SILENT("FROM debian\nRUN (export GNUPGHOME=\"$(mktemp -d)\"; gpg --import /k.asc)\n");
    /* set again while the first is left: no name for it at the end */
    one("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\"; gpg --import /a.asc; export GNUPGHOME=\"$(mktemp -d)\"; "
        "gpg --import /b.asc\n",
        false, DF_SEV_WARNING, -1, false, "set again or unset", NULL);
    /* after || or & at the end */
    REPORTS("FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\"; gpg --import /k.asc || true &\n");
    /* gnupg purged after its last use: gpgconf may be gone at the end */
    one("FROM debian\nRUN set -eux; apt-get update; apt-get install -y gnupg; export GNUPGHOME=\"$(mktemp -d)\"; "
        "gpg --batch --recv-keys ABC; gpg --batch --verify /a.asc /a; apt-get purge -y --auto-remove gnupg; "
        "rm -rf /var/lib/apt/lists/*\n",
        false, DF_SEV_WARNING, -1, false, "removes packages after its last gpg command", NULL);
    /* the author stops the agents before the purge: rm alone needs nothing */
    FIRES("FROM alpine\nRUN apk add --virtual .d gnupg && export GNUPGHOME=\"$(mktemp -d)\" && gpg --import /k.asc && "
          "gpgconf --kill all && apk del .d\n",
          "FROM alpine\nRUN apk add --virtual .d gnupg && export GNUPGHOME=\"$(mktemp -d)\" && gpg --import /k.asc && "
          "gpgconf --kill all && apk del .d && rm -rf \"$GNUPGHOME\"\n");
}

/* Issue 11 (wrong message): sockets are not stored in a layer, and the
 * GnuPG home is a few KB: the message says what stays and that removing it
 * is hygiene, not a size saving. */
static void test_gnupg_home_message_true(void **state)
{
    (void)state;
    df_run_result res;
    run_text(&res, "FROM debian\nRUN export GNUPGHOME=\"$(mktemp -d)\" && gpg --batch --import /k.asc\n", false);
    assert_int_equal(res.diags.n, 1);
    const char *m = res.diags.v[0]->message;
    assert_non_null(strstr(m, "keyring, trust database and random seed stay in the layer, a few KB"));
    assert_non_null(strstr(m, "not a size saving"));
    assert_null(strstr(m, "agent sockets stay"));
    df_run_result_release(&res);
}

static void test_build_dir(void **state)
{
    (void)state;
    /* the redis shape: mkdir, unpack into it, make -C, install */
    FIRES("FROM debian\nRUN set -eux; \\\n\tmkdir -p /usr/src/redis; \\\n\ttar -xzf /r.tgz -C /usr/src/redis; \\\n"
          "\tmake -C /usr/src/redis install; \\\n\tredis-server --version\n",
          "FROM debian\nRUN set -eux; \\\n\tmkdir -p /usr/src/redis; \\\n\ttar -xzf /r.tgz -C /usr/src/redis; \\\n"
          "\tmake -C /usr/src/redis install; \\\n\tredis-server --version; \\\n\trm -rf /usr/src/redis\n");
    /* unpacked under /usr/src, then cd into what the archive made */
    FIRES("FROM debian\nRUN cd /usr/src && tar xzf /h.tgz && cd hello-2.10 && ./configure && make && make install\n",
          "FROM debian\nRUN cd /usr/src && tar xzf /h.tgz && cd hello-2.10 && ./configure && make && make install && "
          "rm -rf /usr/src/hello-2.10\n");
    /* a mktemp -d folder in a variable; a clone */
    FIRES("FROM debian\nRUN dir=\"$(mktemp -d)\" && cd \"$dir\" && tar xzf /a.tgz && cd a-1 && make && make install\n",
          "FROM debian\nRUN dir=\"$(mktemp -d)\" && cd \"$dir\" && tar xzf /a.tgz && cd a-1 && make && make install && "
          "rm -rf \"$dir\"\n");
    FIRES("FROM debian\nRUN git clone https://x/y.git /tmp/y && cd /tmp/y && cmake -B build && cmake --build build && "
          "cmake --install build\n",
          "FROM debian\nRUN git clone https://x/y.git /tmp/y && cd /tmp/y && cmake -B build && cmake --build build && "
          "cmake --install build && rm -rf /tmp/y\n");
    /* removed (by path, by a variable, pruned with find), moved */
    SILENT("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && make install && cd / && rm -rf /usr/src/x\n");
    SILENT("FROM debian\nRUN mkdir -p /usr/src/otp && cd /usr/src/otp && make install && rm -rf $ERL_TOP\n");
    SILENT("FROM debian\nRUN mkdir -p /usr/local/src/e && cd /usr/local/src/e && make install && "
           "find /usr/local/src/e -type f -not -name '*.ex' -delete\n");
    /* make clean: the sources are kept on purpose */
    SILENT("FROM debian\nRUN mkdir -p /usr/local/src/elixir && cd /usr/local/src/elixir && make install clean\n");
    /* no install: the build folder holds the product */
    SILENT("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && tar xzf /x.tgz && make\n");
    /* installed into the folder itself */
    SILENT("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && make PREFIX=/usr/src/x/out install\n");
    /* there before the RUN: copied, the WORKDIR */
    SILENT("FROM debian\nCOPY . /usr/src/app\nRUN mkdir -p /usr/src/app/build && cd /usr/src/app/build && make install\n");
    SILENT("FROM debian\nWORKDIR /usr/src/app\nRUN mkdir build && cd build && make && make install\n");
    /* not below a build parent */
    SILENT("FROM debian\nRUN mkdir /opt/x && cd /opt/x && make install\n");
    /* a later instruction names it, the RUN links into it, no name */
    REPORTS("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && make install\nCOPY a /usr/src/x/a\n");
    REPORTS("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && make install && ln -s /usr/src/x/bin/x /usr/bin/x\n");
    REPORTS("FROM debian\nRUN mkdir /usr/src/x && cd /usr/src/x && make install && echo /usr/src/x/lib > /etc/ld.so.conf.d/x.conf\n");
    one("FROM debian\nRUN cd \"$(mktemp -d)\" && tar xzf /a.tgz && make && make install\n", false, DF_SEV_WARNING, -1,
        false, "no name the removal could use", NULL);
    /* build-only stage: shown, not applied */
    one("FROM debian AS b\nRUN mkdir /usr/src/x && cd /usr/src/x && make install\nFROM debian\nCOPY --from=b /usr/local/bin/x /x\n",
        false, DF_SEV_INFO, DF_APPLY_DISPLAY, false, NULL, "not applied");
}

static void test_gem_home(void **state)
{
    (void)state;
    FIRES_N("FROM ruby:3.3\nRUN gem update --system 3.5.0\n",
            "FROM ruby:3.3\nRUN gem update --system 3.5.0 && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n", 1);
    /* the author removes ~/.gem: the XDG folders are still left (test_gem_cache_wrong_path) */
    REPORTS("FROM ruby:3.3\nRUN gem update --system && rm -r /root/.gem/\n");
    /* not root, or gems kept under ~/.gem */
    REPORTS("FROM ruby:3.3\nUSER app\nRUN gem update --system\n");
    /* the user of a stage it is built FROM; the last USER before the RUN */
    REPORTS("FROM ruby:3.3 AS base\nUSER app\nFROM base AS mid\nRUN echo\nFROM mid\nRUN gem update --system\n");
    FIRES_N("FROM ruby:3.3 AS base\nUSER app\nFROM base\nUSER 0:0\nRUN gem update --system\n",
            "FROM ruby:3.3 AS base\nUSER app\nFROM base\nUSER 0:0\nRUN gem update --system && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n", 1);
    FIRES_N("FROM ruby:3.3\nRUN gem update --system\nUSER app\n",
            "FROM ruby:3.3\nRUN gem update --system && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\nUSER app\n", 1);
    REPORTS("FROM ruby:3.3 AS base\nUSER root\nUSER app\nFROM base\nRUN gem update --system\n");
    REPORTS("FROM ruby:3.3\nENV GEM_HOME=/root/.gem/ruby\nRUN gem update --system\n");
    REPORTS("FROM ruby:3.3\nRUN gem update --system && gem install --user-install rake\n");
}

/* Review run10, apps 282 (devcontainers/images jekyll): `rm -rf /root/.gem`
 * after `gem update --system` missed the spec cache, which RubyGems 3.2 and
 * later writes to ~/.local/share/gem/specs (3.5.5 and later:
 * ~/.cache/gem/specs) unless ~/.gem/specs exists. The file does not say
 * which RubyGems runs: the fix removes the three folders, after every gem
 * update (each reads the whole index). */
static void test_gem_cache_wrong_path(void **state)
{
    (void)state;
    /* (its gemrc, from the ruby image, already says --no-document) */
    FIRES_N("FROM mcr.microsoft.com/devcontainers/ruby:3.4\nRUN gem update --system\n",
            "FROM mcr.microsoft.com/devcontainers/ruby:3.4\nRUN gem update --system && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n", 1);
    /* gem update without --system reads the same index */
    FIRES("FROM ruby:3.3\nRUN gem update rails\n", "FROM ruby:3.3\nRUN gem update rails && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n");
    /* gem install fetches only the specs of the gems it installs: no cleanup */
    SILENT("FROM ruby:3.3\nRUN gem install rails\n");
    /* an rm of each folder, from the home folder or a parent, covers it */
    SILENT("FROM ruby:3.3\nRUN gem update --system && rm -rf ~/.gem $HOME/.local/share/gem /root/.cache/*\n");
    SILENT("FROM ruby:3.3\nRUN gem update --system && rm -rf /root/.gem/ /root/.local /root/.cache\n");
    /* part of it: advice only */
    one("FROM ruby:3.3\nRUN gem update --system && rm -rf /root/.gem\n", false, DF_SEV_WARNING, -1, false,
        "removes one of the folders itself", NULL);
    /* the file moves the spec cache */
    one("FROM ruby:3.3\nENV XDG_CACHE_HOME=/cache\nRUN gem update --system\n", false, DF_SEV_WARNING, -1,
        false, "moves the spec cache", NULL);
    REPORTS("FROM ruby:3.3\nRUN GEM_SPEC_CACHE=/tmp/specs gem update --system\n");
    /* the removal comes after the last gem update */
    FIRES("FROM ruby:3.3\nRUN rm -rf /root/.local /root/.cache && gem update\n",
          "FROM ruby:3.3\nRUN rm -rf /root/.local /root/.cache && gem update && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs\n");
}

/* Review run10, apps 283 (4x99/code6): appending after a `;\` line, DF025
 * wrote `; \` where every line of the RUN has `;\`. The joint copies the
 * author's blanks before the escape (none here; one where the author has
 * one; a tab stays a tab). */
static void test_separator_style(void **state)
{
    (void)state;
    FIRES("FROM php:8.3\nRUN set -e;\\\ncomposer install --no-dev;\\\nchmod +x run.sh\n",
          "FROM php:8.3\nRUN set -e;\\\ncomposer install --no-dev;\\\ncomposer clear-cache;\\\nchmod +x run.sh\n");
    FIRES("FROM php:8.3\nRUN set -e; \\\n  composer install --no-dev; \\\n  chmod +x run.sh\n",
          "FROM php:8.3\nRUN set -e; \\\n  composer install --no-dev; \\\n  composer clear-cache; \\\n  chmod +x run.sh\n");
    FIRES("FROM php:8.3\nRUN set -e;\t\\\n  composer install --no-dev;\t\\\n  chmod +x run.sh\n",
          "FROM php:8.3\nRUN set -e;\t\\\n  composer install --no-dev;\t\\\n  composer clear-cache;\t\\\n  chmod +x run.sh\n");
    /* `&&\` likewise */
    FIRES("FROM php:8.3\nRUN true &&\\\n  composer install --no-dev\n",
          "FROM php:8.3\nRUN true &&\\\n  composer install --no-dev &&\\\n  composer clear-cache\n");
    /* an escaped `\;` (find -exec) is no separator: the default blank stays */
    FIRES("FROM php:8.3\nRUN find /x -exec rm {} \\;\\\n  && composer install --no-dev\n",
          "FROM php:8.3\nRUN find /x -exec rm {} \\;\\\n  && composer install --no-dev \\\n  && composer clear-cache\n");
}

/* Class "cache-filled-in-earlier-layer" (review H, apps 471: instana/
 * robot-shop dispatch, golang:1.17): `go get` builds and installs what it
 * names up to Go 1.17, so `RUN go mod init && go get` fills the build and
 * module caches; `go clean -cache -modcache` in the next RUN's `go
 * install` frees almost nothing. From Go 1.18 go get only downloads. */
static void test_df025_cache_filled_in_earlier_layer(void **state)
{
    (void)state;
    const char *in = "FROM golang:1.17\nWORKDIR /go/src/app\nCOPY *.go .\nRUN go mod init dispatch && go get\n"
                     "RUN go install\nCMD dispatch\n";
    one(in, false, DF_SEV_WARNING, -1, false, "an earlier RUN already filled the caches", NULL);
    REPORTS(in);
    /* another image: taken as old; a golang image without a release is
     * the newest */
    FIRES("FROM golang:alpine\nRUN go get ./...\nRUN go build -o /app .\n",
          "FROM golang:alpine\nRUN go get ./...\nRUN go build -o /app . && go clean -cache\n");
    REPORTS("FROM debian:bookworm\nRUN go get -d ./... && go get github.com/x/y\nRUN go build -o /app .\n");
    /* Go 1.18 and later: go get only edits go.mod and downloads, into the
     * module cache of its own layer: the later RUN cleans the build cache
     * (test_df025_modcache_filled_earlier) */
    FIRES("FROM golang:1.18\nRUN go get ./...\nRUN go build -o /app .\n",
          "FROM golang:1.18\nRUN go get ./...\nRUN go build -o /app . && go clean -cache\n");
    FIRES("FROM golang:1.22-alpine\nRUN go mod init x && go get\nRUN go install\n",
          "FROM golang:1.22-alpine\nRUN go mod init x && go get\nRUN go install && go clean -cache\n");
}

/* Review run 13 (R1 apps 525 coding-latte golang demo, R3 apps 256), class
 * "modcache-filled-earlier": `RUN go get .` (or go mod download) fills the
 * module cache in its own layer; `go clean -modcache` in the later build
 * RUN only writes whiteouts over it: the fix cleans the build cache alone
 * and the message says where the modules stay (go "module_fillers",
 * "cleanup_build_only"). In one RUN both are cleaned, as before. */
static void test_df025_modcache_filled_earlier(void **state)
{
    (void)state;
    const char *in = "FROM golang\nWORKDIR /go/src/github.com/example/demo\nCOPY . .\nRUN go get .\n"
                     "RUN go build -o app .\nCMD [ \"./app\" ]\n";
    FIRES(in, "FROM golang\nWORKDIR /go/src/github.com/example/demo\nCOPY . .\nRUN go get .\n"
              "RUN go build -o app . && go clean -cache\nCMD [ \"./app\" ]\n");
    one(in, false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "go build leaves its build cache (/root/.cache/go-build) in a layer of the image; its module cache "
        "(/go/pkg/mod) was filled by an earlier RUN and stays in that layer",
        "append `go clean -cache` after the last go call");
    FIRES("FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n",
          "FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app . && go clean -cache\n");
    /* the same RUN downloads and builds: both caches are its own */
    FIRES("FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .\n",
          "FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app . && go clean -cache -modcache\n");
    /* another stage's download is not this layer's */
    FIRES("FROM golang:1.22 AS deps\nRUN go mod download\nFROM golang:1.22\nCOPY . .\nRUN go build -o /app .\n",
          "FROM golang:1.22 AS deps\nRUN go mod download\nFROM golang:1.22\nCOPY . .\nRUN go build -o /app . && go clean -cache -modcache\n");
}

/* Run DF025 alone on text under file name `name`. */
static void run_named(df_run_result *res, const char *name, const char *text)
{
    df_options o;
    opts_for(&o, false);
    assert_int_equal(df_run(name, text, strlen(text), &o, NULL, res), 0);
    assert_int_equal(res->status, DF_RUN_OK);
}

/* Class "ci-only-image-cleanup" (review H, apps 462: 353solutions/carrow
 * Dockerfile.test, built only by the Makefile's circleci target): a
 * Dockerfile named for tests, no CMD or ENTRYPOINT, whose last step runs
 * the test suite, is the test job itself: nothing ships, a cache cleanup
 * after `go test` only slows it. Advice, no fix. */
static void test_df025_ci_only_image_cleanup(void **state)
{
    (void)state;
    const char *in = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go test -v ./...\n";
    static const char *const names[] = {"Dockerfile.test", "ci/Dockerfile.tests", "x__Dockerfile-test",
                                        "test.Dockerfile"};
    for (size_t i = 0; i < 4; i++) {
        df_run_result res;
        run_named(&res, names[i], in);
        assert_int_equal(res.diags.n, 1);
        assert_null(res.diags.v[0]->fix);
        assert_non_null(strstr(res.diags.v[0]->message, "the image is built only to run its tests"));
        assert_string_equal(res.output.data, in);
        df_run_result_release(&res);
    }
    /* another name, a CMD, or a last step that is not the test run: the fix */
    const char *cases[][2] = {
        {"Dockerfile", in},
        {"Dockerfile.test", "FROM golang:1.22\nCMD [\"/bin/sh\"]\nWORKDIR /src\nCOPY . .\nRUN go test -v ./...\n"},
        {"Dockerfile.test", "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go test -v ./...\nCOPY x /x\n"},
        {"Dockerfile.test", "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"},
    };
    for (size_t i = 0; i < 4; i++) {
        df_run_result res;
        run_named(&res, cases[i][0], cases[i][1]);
        assert_true(res.diags.n >= 1);
        assert_non_null(res.diags.v[0]->fix);
        assert_true(res.changed);
        df_run_result_release(&res);
    }
}

/* Review H finding (carrow): the message named /go/pkg/mod, the golang
 * image's GOPATH, for a Go unpacked from a tarball with no GOPATH: the
 * module cache is then $HOME/go/pkg/mod; the build cache is in $HOME. */
static void test_df025_go_cache_paths(void **state)
{
    (void)state;
    one("FROM ubuntu:22.04\nRUN curl -fsSLO https://go.dev/dl/go1.22.1.linux-amd64.tar.gz && tar -C /usr/local -xzf "
        "go1.22.1.linux-amd64.tar.gz && rm go1.22.1.linux-amd64.tar.gz\nENV PATH=/usr/local/go/bin:$PATH\n"
        "RUN go build -o /app .\n",
        false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "its build cache (/root/.cache/go-build) and module cache (/root/go/pkg/mod)", NULL);
    one("FROM golang:1.22\nRUN go build -o /app .\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "its build cache (/root/.cache/go-build) and module cache (/go/pkg/mod)", NULL);
    one("FROM golang:1.22\nRUN useradd -m -d /srv/b b\nUSER b\nRUN go build -o /tmp/app .\n", false, DF_SEV_WARNING,
        DF_APPLY_SAFE, true, "its build cache (/srv/b/.cache/go-build) and module cache (/go/pkg/mod)", NULL);
    one("FROM debian:bookworm\nENV GOPATH=/opt/go\nRUN go build -o /app .\n", false, DF_SEV_WARNING, DF_APPLY_SAFE, true,
        "its build cache (/root/.cache/go-build) and module cache (/opt/go/pkg/mod)", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_archive_exact),
        cmocka_unit_test(test_archive_fires),
        cmocka_unit_test(test_archive_silent),
        cmocka_unit_test(test_archive_report_only),
        cmocka_unit_test(test_gem),
        cmocka_unit_test(test_df025_no_document_already_set_by_base),
        cmocka_unit_test(test_df025_missed_author_rm_breaks_build),
        cmocka_unit_test(test_df025_cleanup_outside_author_rm),
        cmocka_unit_test(test_df025_clean_of_earlier_layers),
        cmocka_unit_test(test_df025_cache_filled_in_earlier_layer),
        cmocka_unit_test(test_df025_modcache_filled_earlier),
        cmocka_unit_test(test_df025_ci_only_image_cleanup),
        cmocka_unit_test(test_df025_go_cache_paths),
        cmocka_unit_test(test_df025_go_clean_flag_unsupported),
        cmocka_unit_test(test_tools),
        cmocka_unit_test(test_df025_pecl_tmp_pear),
        cmocka_unit_test(test_runtime_script),
        cmocka_unit_test(test_signature),
        cmocka_unit_test(test_gnupg_home),
        cmocka_unit_test(test_gnupg_home_message_true),
        cmocka_unit_test(test_build_dir),
        cmocka_unit_test(test_gem_home),
        cmocka_unit_test(test_gem_cache_wrong_path),
        cmocka_unit_test(test_separator_style),
        cmocka_unit_test(test_cleanup_outside_conditional),
        cmocka_unit_test(test_df025_second_archive_after_cd_in_branch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
