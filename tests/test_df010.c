/*
 * test_df010.c - DF010 rpm-cache-kept through df_run(): yum, dnf, dnf5,
 * tdnf, microdnf and zypper installs, where the clean lands in every RUN
 * layout, each exemption, build-only stages, pragmas, idempotence.
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

#include "dfopt/driver.h"
#include "dfopt/options.h"
#include "dfopt/rule.h"

#define RULE "DF010"

#include "cache_rule_test.h"

/* ---- fires ------------------------------------------------------------- */

static void test_single_line_exact(void **state)
{
    (void)state;
    const char *in = "FROM fedora:40\nRUN dnf -y install gcc && make\n";
    df_run_result res;
    run(&res, in, false);
    assert_string_equal(res.output.data, "FROM fedora:40\nRUN dnf -y install gcc && make && dnf clean all\n");
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_ptr_equal(d->rule, df_rule_find("DF010"));
    assert_ptr_equal(df_rule_find("DL3032"), d->rule);
    assert_ptr_equal(df_rule_find("DL3040"), d->rule);
    assert_ptr_equal(df_rule_find("DL3036"), d->rule);
    assert_string_equal(d->message, "dnf install without `dnf clean all` afterwards keeps the package cache in the layer");
    assert_int_equal(d->severity, DF_SEV_WARNING);
    assert_int_equal(d->span.start, strstr(in, "dnf") - in);
    assert_int_equal(d->span.end, strstr(in, " &&") - in);
    assert_int_equal(d->fix->applicability, DF_APPLY_SAFE);
    assert_string_equal(d->fix->description, "append `dnf clean all`");
    assert_true(d->applied);
    df_run_result_release(&res);
}

static void test_fires_managers(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN yum install -y x\n", "FROM a\nRUN yum install -y x && yum clean all\n");
    FIRES("FROM a\nRUN yum -y update\n", "FROM a\nRUN yum -y update && yum clean all\n");
    FIRES("FROM a\nRUN yum -y --setopt=tsflags=nodocs groupinstall 'Development Tools'\n",
          "FROM a\nRUN yum -y --setopt=tsflags=nodocs groupinstall 'Development Tools' && yum clean all\n");
    FIRES("FROM a\nRUN yum --enablerepo epel install -y x\n",
          "FROM a\nRUN yum --enablerepo epel install -y x && yum clean all\n");
    FIRES("FROM a\nRUN dnf5 install -y x\n", "FROM a\nRUN dnf5 install -y x && dnf5 clean all\n");
    FIRES("FROM a\nRUN tdnf install -y x\n", "FROM a\nRUN tdnf install -y x && tdnf clean all\n");
    FIRES("FROM a\nRUN /usr/bin/dnf install -y x\n", "FROM a\nRUN /usr/bin/dnf install -y x && dnf clean all\n");
    FIRES("FROM a\nRUN microdnf install -y x\n", "FROM a\nRUN microdnf install -y x && microdnf clean all\n");
    FIRES("FROM a\nRUN zypper -n install x\n", "FROM a\nRUN zypper -n install x && zypper clean --all\n");
    FIRES("FROM a\nRUN zypper --non-interactive in -y x\n",
          "FROM a\nRUN zypper --non-interactive in -y x && zypper clean --all\n");
    FIRES("FROM a\nRUN zypper --gpg-auto-import-keys ref && zypper -n dup\n",
          "FROM a\nRUN zypper --gpg-auto-import-keys ref && zypper -n dup && zypper clean --all\n");
    /* several installs: one finding, after the last */
    FIRES("FROM a\nRUN dnf -y update && dnf -y install x && make\n",
          "FROM a\nRUN dnf -y update && dnf -y install x && make && dnf clean all\n");
    /* a clean only before the install does not count */
    FIRES("FROM a\nRUN yum clean all && yum install -y x\n",
          "FROM a\nRUN yum clean all && yum install -y x && yum clean all\n");
    FIRES("FROM a\nRUN dnf install -y a && dnf clean all && dnf install -y b\n",
          "FROM a\nRUN dnf install -y a && dnf clean all && dnf install -y b && dnf clean all\n");
    /* `clean packages` is not `clean all`; zypper's cache is not dnf's */
    FIRES("FROM a\nRUN dnf install -y x && dnf clean packages\n",
          "FROM a\nRUN dnf install -y x && dnf clean packages && dnf clean all\n");
    FIRES("FROM a\nRUN zypper in -y x && dnf clean all\n",
          "FROM a\nRUN zypper in -y x && dnf clean all && zypper clean --all\n");
    FIRES("FROM a\nRUN --mount=type=cache,target=/var/cache/dnf zypper in -y x\n",
          "FROM a\nRUN --mount=type=cache,target=/var/cache/dnf zypper in -y x && zypper clean --all\n");
}

static void test_positions(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN dnf install -y x | tee log\n", "FROM a\nRUN dnf install -y x | tee log && dnf clean all\n");
    FIRES("FROM a\nRUN sudo yum install -y x\n", "FROM a\nRUN sudo yum install -y x && sudo yum clean all\n");
    FIRES("FROM a\nRUN env LANG=C dnf install -y x\n", "FROM a\nRUN env LANG=C dnf install -y x && dnf clean all\n");
    FIRES("FROM a\nRUN if command -v dnf; then dnf install -y x; fi\n",
          "FROM a\nRUN if command -v dnf; then dnf install -y x && dnf clean all; fi\n");
    FIRES("FROM a\nRUN dnf install -y a && if [ -n \"$B\" ]; then dnf install -y b; fi\n",
          "FROM a\nRUN dnf install -y a && if [ -n \"$B\" ]; then dnf install -y b; fi && dnf clean all\n");
    FIRES("FROM a\nRUN dnf install -y a || exit 1\n", "FROM a\nRUN dnf install -y a && dnf clean all || exit 1\n");
    FIRES("FROM a\nONBUILD RUN yum install -y x\n", "FROM a\nONBUILD RUN yum install -y x && yum clean all\n");
}

static void test_layouts(void **state)
{
    (void)state;
    FIRES("FROM a\nRUN yum install -y \\\n        gcc \\\n        make && \\\n    make install\n",
          "FROM a\nRUN yum install -y \\\n        gcc \\\n        make && \\\n    make install && \\\n    yum clean all\n");
    FIRES("FROM a\nRUN microdnf install -y x \\\n && microdnf update -y\n",
          "FROM a\nRUN microdnf install -y x \\\n && microdnf update -y \\\n && microdnf clean all\n");
    FIRES("FROM a\r\nRUN dnf install -y x && \\\r\n    echo ok\r\n",
          "FROM a\r\nRUN dnf install -y x && \\\r\n    echo ok && \\\r\n    dnf clean all\r\n");
    FIRES("FROM a\nRUN <<EOF\nset -e\ndnf install -y x\necho ok\nEOF\n",
          "FROM a\nRUN <<EOF\nset -e\ndnf install -y x\ndnf clean all\necho ok\nEOF\n");
}

/* ---- silent ------------------------------------------------------------ */

static void test_silent(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "FROM a\nRUN yum install -y x && yum clean all\n",
        "FROM a\nRUN yum install -y x && yum clean all && rm -rf /var/cache/yum\n",
        "FROM a\nRUN yum install -y x && rm -rf /var/cache/yum/*\n",
        "FROM a\nRUN dnf install -y x && dnf clean all\n",
        "FROM a\nRUN dnf install -y x && yum clean all\n",
        "FROM a\nRUN dnf5 install -y x && rm -rf /var/cache/libdnf5\n",
        "FROM a\nRUN microdnf install -y x && microdnf clean all\n",
        "FROM a\nRUN zypper -n in x && zypper clean --all\n",
        "FROM a\nRUN zypper -n in x && zypper cc -a\n",
        "FROM a\nRUN zypper -n in x && zypper clean\n",
        "FROM a\nRUN zypper -n in x && rm -rf /var/cache/zypp/*\n",
        "FROM a\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x\n",
        "FROM a\nRUN --mount=type=cache,target=/var/cache/tdnf tdnf install -y x && tdnf makecache\n",
        "FROM a\nRUN tdnf install -y x && rm -rf /var/cache/tdnf\n",
        "FROM a\nRUN --mount=type=cache,target=/var/cache/yum,sharing=locked yum install -y x\n",
        "FROM a\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper -n in x\n",
        "FROM a\nRUN yum remove -y x\n",
        "FROM a\nRUN dnf makecache\n",
        "FROM a\nRUN rpm -i x.rpm\n",
        "FROM a\nRUN inst() { dnf install -y \"$@\"; }\n",
        "FROM a\nRUN [\"dnf\", \"install\", \"-y\", \"x\"]\n",
        "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN dnf install -y x\n",
        "FROM a\n# dfopt ignore=DF010\nRUN dnf install -y x\n",
        "FROM a\n# dfopt ignore=rpm-cache-kept\nRUN dnf install -y x\n",
        "FROM a\n# hadolint ignore=DL3032\nRUN yum install -y x\n",
        "FROM a\n# hadolint ignore=DL3040\nRUN dnf install -y x\n",
        "FROM a\n# hadolint ignore=DL3036\nRUN zypper -n in x\n",
        "# dfopt global ignore=DF010\nFROM a\nRUN dnf install -y x\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        SILENT(cases[i]);
}

/* ---- stages ------------------------------------------------------------ */

static void test_build_stage(void **state)
{
    (void)state;
    const char *in = "FROM fedora AS build\nRUN dnf install -y gcc && make\nFROM fedora-minimal\nCOPY --from=build /out /out\n";
    df_run_result res;
    run(&res, in, false);
    assert_false(res.changed);
    assert_int_equal(res.diags.n, 1);
    assert_int_equal(res.diags.v[0]->severity, DF_SEV_INFO);
    assert_int_equal(res.diags.v[0]->fix->applicability, DF_APPLY_DISPLAY);
    assert_string_equal(res.diags.v[0]->fix->description,
                        "append `dnf clean all` (not applied: the stage is not in the last stage's image)");
    assert_false(res.diags.v[0]->applied);
    df_run_result_release(&res);
    run(&res, in, true);
    assert_string_equal(res.output.data, "FROM fedora AS build\nRUN dnf install -y gcc && make && dnf clean all\n"
                                         "FROM fedora-minimal\nCOPY --from=build /out /out\n");
    df_run_result_release(&res);
}

/* the cleanup goes where an author writes it: at the end of the && chain */
static void test_clean_at_the_end_of_the_chain(void **state)
{
    (void)state;
    FIRES("FROM amazonlinux:2\nRUN curl -fsSL https://x/swift.tar.gz -o swift.tar.gz \\\n"
          "    && yum -y install tar gzip \\\n    && tar -xzf swift.tar.gz --directory / \\\n"
          "    && rm -rf swift.tar.gz\n",
          "FROM amazonlinux:2\nRUN curl -fsSL https://x/swift.tar.gz -o swift.tar.gz \\\n"
          "    && yum -y install tar gzip \\\n    && tar -xzf swift.tar.gz --directory / \\\n"
          "    && rm -rf swift.tar.gz \\\n    && yum clean all\n");
    /* the chain ends at || or ;: the cleanup stays inside it */
    FIRES("FROM fedora\nRUN dnf install -y x && make || true\n", "FROM fedora\nRUN dnf install -y x && make && dnf clean all || true\n");
    FIRES("FROM fedora\nRUN dnf install -y x && make; echo done\n",
          "FROM fedora\nRUN dnf install -y x && make && dnf clean all; echo done\n");
}

/* Run 6 class "style: `&& yum clean all` where the file writes `; yum
 * clean all`" (CentOS Django centos7): the clean follows the file's own
 * separator. Without errexit `;` makes the RUN's status the clean's (a
 * failing install no longer stops the build): that fix is unsafe, with the
 * reason; under errexit it is safe. A file that also writes `&& yum clean
 * all` keeps `&&`. */
static void test_style_semicolon_clean_like_the_file(void **state)
{
    (void)state;
    const char *django = "FROM centos:centos7\nRUN yum -y update; yum clean all\nRUN yum -y install epel-release\n"
                         "RUN yum -y install python-pip git; yum clean all\n";
    df_run_result res;
    run(&res, django, false);
    assert_string_equal(res.output.data, django); /* shown, not applied by default */
    assert_int_equal(res.diags.n, 1);
    const df_diag *d = res.diags.v[0];
    assert_non_null(d->fix);
    assert_int_equal(d->fix->applicability, DF_APPLY_UNSAFE);
    assert_false(d->applied);
    assert_string_equal(d->fix->description, "append `yum clean all` (unsafe: joined with `;` as the file joins `yum "
                                             "clean all`: a failing command before it no longer stops the build)");
    df_run_result_release(&res);
    run_ctx(&res, django, false, true, NULL);
    assert_string_equal(res.output.data, "FROM centos:centos7\nRUN yum -y update; yum clean all\n"
                                         "RUN yum -y install epel-release; yum clean all\n"
                                         "RUN yum -y install python-pip git; yum clean all\n");
    df_run_result_release(&res);
    /* errexit: `;` is exact, the fix safe */
    FIRES("FROM centos:7\nSHELL [\"/bin/bash\", \"-e\", \"-c\"]\nRUN yum -y update; yum clean all\n"
          "RUN yum -y install epel-release\n",
          "FROM centos:7\nSHELL [\"/bin/bash\", \"-e\", \"-c\"]\nRUN yum -y update; yum clean all\n"
          "RUN yum -y install epel-release; yum clean all\n");
    /* multi-line: `; \` in the RUN's layout */
    run_ctx(&res, "FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install \\\n    a b\n", false, true, NULL);
    assert_string_equal(res.output.data,
                        "FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install \\\n    a b; \\\n    yum clean all\n");
    df_run_result_release(&res);
    /* the file also writes `&& yum clean all`: && */
    FIRES("FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install a && yum clean all\nRUN yum -y install b\n",
          "FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install a && yum clean all\n"
          "RUN yum -y install b && yum clean all\n");
    /* a RUN that joins its own commands with && keeps && */
    FIRES("FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install git && git --version\n",
          "FROM centos:7\nRUN yum -y update; yum clean all\nRUN yum -y install git && git --version && yum clean all\n");
    /* `;` between other commands says nothing about the clean: && */
    FIRES("FROM centos:7\nRUN echo a; echo b\nRUN yum -y install b\n",
          "FROM centos:7\nRUN echo a; echo b\nRUN yum -y install b && yum clean all\n");
}

/* Run 6 class "DF010 cleans the install RUN while later `dnf swap` RUNs
 * download the metadata again" (containers/toolbox rhel 9.3, fedora 38):
 * a later RUN that reads the metadata (metadata_readers: swap, makecache,
 * repoquery...) and keeps it makes a clean here pointless: it downloads the
 * metadata again into its own layer. Mirrors DF003 for apt: no automatic
 * fix there, and the installs after such a RUN, whose metadata is that
 * earlier layer's, are left alone. */
static void test_later_run_reads_the_metadata(void **state)
{
    (void)state;
    const char *toolbox = "FROM registry.fedoraproject.org/fedora:38\nRUN dnf -y upgrade\n"
                          "RUN dnf -y swap coreutils-single coreutils-full\n"
                          "RUN dnf -y swap glibc-minimal-langpack glibc-all-langpacks\n\n"
                          "COPY missing-docs /\nRUN dnf -y reinstall $(<missing-docs)\n\n"
                          "COPY extra-packages /\nRUN dnf -y install $(<extra-packages)\nRUN dnf clean all\n";
    df_run_result res;
    run(&res, toolbox, false);
    assert_string_equal(res.output.data, toolbox);
    assert_int_equal(res.diags.n, 1);
    assert_null(res.diags.v[0]->fix);
    assert_string_equal(res.diags.v[0]->message,
                        "dnf upgrade without `dnf clean all` afterwards keeps the package cache in the layer (no automatic "
                        "fix: the RUN at line 3 reads this metadata and keeps it; cleaned here, it would download it "
                        "again into its own layer: clean up after the last RUN that reads it)");
    df_run_result_release(&res);
    /* yum too, and a query (makecache, repoquery) keeps it as well */
    run(&res, "FROM centos:7\nRUN yum -y install epel-release\nRUN yum makecache fast\n", false);
    assert_int_equal(res.diags.n, 1);
    assert_null(res.diags.v[0]->fix);
    df_run_result_release(&res);
    /* the later RUN cleans after its swap: nothing kept, the fix applies */
    FIRES("FROM fedora\nRUN dnf -y upgrade\nRUN dnf -y swap a b && dnf clean all\n",
          "FROM fedora\nRUN dnf -y upgrade && dnf clean all\nRUN dnf -y swap a b && dnf clean all\n");
    /* later installs get their own clean (this rule's): the fix applies to both */
    expect("FROM fedora\nRUN dnf -y upgrade\nRUN dnf -y install a\n",
           "FROM fedora\nRUN dnf -y upgrade && dnf clean all\nRUN dnf -y install a && dnf clean all\n", 2);
    /* a stage not built on this one does not count */
    FIRES("FROM fedora AS a\nRUN dnf -y install x\nFROM fedora AS b\nRUN dnf -y swap a b\nFROM a\n",
          "FROM fedora AS a\nRUN dnf -y install x && dnf clean all\nFROM fedora AS b\nRUN dnf -y swap a b\nFROM a\n");
    /* an install after a RUN that keeps the metadata reads that layer's: silent */
    SILENT("FROM fedora\nRUN dnf -y makecache\nRUN dnf -y install a\n");
    /* zypper: unchanged */
    FIRES("FROM opensuse/leap\nRUN zypper -n in a\nRUN zypper -n in b && zypper clean --all\n",
          "FROM opensuse/leap\nRUN zypper -n in a && zypper clean --all\nRUN zypper -n in b && zypper clean --all\n");
}

/* review of 2026-12-04 (apple/swift-docker, 7 hunks): a package list one
 * per line has no operator of its own; the file puts `&&` at line starts,
 * so the clean does too. A file with `&& \\` at line ends, or with no
 * operator anywhere, keeps the trailing form. */
static void test_style_leading_ops_like_the_file(void **state)
{
    (void)state;
    FIRES("FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel\n\nRUN set -e; \\\n  X=1 \\\n  && echo \"$X\"\n",
          "FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel \\\n  && yum clean all\n\nRUN set -e; \\\n  X=1 \\\n  && echo \"$X\"\n");
    FIRES("FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel\n\nRUN X=1 && \\\n  echo \"$X\"\n",
          "FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel && \\\n  yum clean all\n\nRUN X=1 && \\\n  echo \"$X\"\n");
    FIRES("FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel\n",
          "FROM centos:8\nRUN yum install -y \\\n  binutils \\\n  zlib-devel && \\\n  yum clean all\n");
}

/* pre-review before run 8 (apple/swift-docker 5.10 rhel-ubi9): every
 * package line pads its `\` to one column, and the cleanup wrote `zip \`
 * unpadded. A line the fix ends with a continuation pads it to that column
 * (shared code: every rule that appends). */
static void test_style_aligned_continuations(void **state)
{
    (void)state;
    FIRES("FROM redhat/ubi9\nRUN yum -y install \\\n  git               \\\n  unzip             \\\n  zip\n"
          "RUN a \\\n  && b\nCMD [\"swift\"]\n",
          "FROM redhat/ubi9\nRUN yum -y install \\\n  git               \\\n  unzip             \\\n"
          "  zip               \\\n  && yum clean all\nRUN a \\\n  && b\nCMD [\"swift\"]\n");
    /* not aligned (one space, or columns that differ): one space */
    FIRES("FROM redhat/ubi9\nRUN yum -y install \\\n  git \\\n  unzip \\\n  zip\nRUN a \\\n  && b\n",
          "FROM redhat/ubi9\nRUN yum -y install \\\n  git \\\n  unzip \\\n  zip \\\n  && yum clean all\n"
          "RUN a \\\n  && b\n");
    FIRES("FROM redhat/ubi9\nRUN yum -y install \\\n  git    \\\n  unzip      \\\n  zip\nRUN a \\\n  && b\n",
          "FROM redhat/ubi9\nRUN yum -y install \\\n  git    \\\n  unzip      \\\n  zip \\\n  && yum clean all\n"
          "RUN a \\\n  && b\n");
    /* the line already reaches the column: one space */
    FIRES("FROM redhat/ubi9\nRUN yum -y install \\\n  git      \\\n  curl     \\\n  python3-devel-extra\n"
          "RUN a \\\n  && b\n",
          "FROM redhat/ubi9\nRUN yum -y install \\\n  git      \\\n  curl     \\\n  python3-devel-extra \\\n"
          "  && yum clean all\nRUN a \\\n  && b\n");
}

/* review run 7 (containers/toolbox f33): the author cleans at the end, in
 * a RUN of its own (which saves nothing: the metadata is in the install
 * layers). Once every install RUN before it cleans its own layer, that RUN
 * cleans nothing: the fix of the last install removes it, with its blank
 * line, so the diff reads "the clean moves into the layers". */
static void test_toolbox_final_clean_moves_into_the_layers(void **state)
{
    (void)state;
    const char *f33 = "FROM registry.fedoraproject.org/fedora:33\n\n"
                      "RUN sed -i '/tsflags=nodocs/d' /etc/dnf/dnf.conf\n\n"
                      "COPY missing-docs /\nRUN dnf -y reinstall $(<missing-docs)\nRUN rm /missing-docs\n\n"
                      "COPY extra-packages /\nRUN dnf -y install $(<extra-packages)\nRUN rm /extra-packages\n\n"
                      "RUN dnf clean all\n\nCMD /bin/sh\n";
    const char *want = "FROM registry.fedoraproject.org/fedora:33\n\n"
                       "RUN sed -i '/tsflags=nodocs/d' /etc/dnf/dnf.conf\n\n"
                       "COPY missing-docs /\nRUN dnf -y reinstall $(<missing-docs) && dnf clean all\nRUN rm /missing-docs\n\n"
                       "COPY extra-packages /\nRUN dnf -y install $(<extra-packages) && dnf clean all\nRUN rm /extra-packages\n\n"
                       "CMD /bin/sh\n";
    expect(f33, want, 2);
    df_run_result res;
    run(&res, f33, false);
    assert_int_equal(res.diags.n, 2);
    assert_string_equal(res.diags.v[0]->fix->description, "append `dnf clean all`");
    assert_string_equal(res.diags.v[1]->fix->description,
                        "append `dnf clean all`, and remove the RUN at line 13 that only cleans: once every install "
                        "cleans its own layer, it cleans nothing");
    assert_int_equal(res.diags.v[1]->fix->applicability, DF_APPLY_SAFE);
    df_run_result_release(&res);
    /* yum and microdnf; the last RUN of the file, and its comment, which only described it */
    expect("FROM centos:7\nRUN yum -y install a\n\n# Clean up\nRUN yum clean all\n",
           "FROM centos:7\nRUN yum -y install a && yum clean all\n", 1);
    expect("FROM ubi8-minimal\nRUN microdnf install -y a\nRUN microdnf install -y b\nRUN microdnf clean all\n",
           "FROM ubi8-minimal\nRUN microdnf install -y a && microdnf clean all\nRUN microdnf install -y b && "
           "microdnf clean all\n",
           2);
    /* an install already cleaned counts as cleaned */
    expect("FROM fedora\nRUN dnf -y install a && dnf clean all\nRUN dnf -y install b\nRUN dnf clean all\nUSER x\n",
           "FROM fedora\nRUN dnf -y install a && dnf clean all\nRUN dnf -y install b && dnf clean all\nUSER x\n", 1);
    /* stays: a RUN that keeps the metadata (swap) before it: no fix at all */
    SILENT("FROM fedora\nRUN dnf -y swap a b\nRUN dnf -y install c\nRUN dnf clean all\n");
    /* stays: an install this rule does not clean (in a function) */
    FIRES("FROM fedora\nRUN f() { dnf -y install a; }; f\nRUN dnf -y install b\nRUN dnf clean all\n",
          "FROM fedora\nRUN f() { dnf -y install a; }; f\nRUN dnf -y install b && dnf clean all\nRUN dnf clean all\n");
    /* stays: the RUN does more than clean */
    FIRES("FROM fedora\nRUN dnf -y install b\nRUN dnf clean all && rm -rf /tmp/*\n",
          "FROM fedora\nRUN dnf -y install b && dnf clean all\nRUN dnf clean all && rm -rf /tmp/*\n");
    FIRES("FROM fedora\nRUN dnf -y install b\nRUN dnf clean packages\n",
          "FROM fedora\nRUN dnf -y install b && dnf clean all\nRUN dnf clean packages\n");
    /* stays: a comment above it that goes on describing what follows */
    FIRES("FROM fedora\nRUN dnf -y install b\n# clean and configure\nRUN dnf clean all\nRUN configure\n",
          "FROM fedora\nRUN dnf -y install b && dnf clean all\n# clean and configure\nRUN dnf clean all\nRUN configure\n");
    {
        df_run_result r2;
        run(&r2, "FROM fedora\nRUN dnf -y install b\n# clean and configure\nRUN dnf clean all\nRUN configure\n", false);
        assert_int_equal(r2.diags.n, 1);
        assert_string_equal(r2.diags.v[0]->fix->description, "append `dnf clean all`");
        df_run_result_release(&r2);
    }
    /* one fix removes one clean: the first after it */
    FIRES("FROM fedora\nRUN dnf -y install b\nRUN dnf clean all\nRUN yum clean all\n",
          "FROM fedora\nRUN dnf -y install b && dnf clean all\nRUN yum clean all\n");
    /* stays: a stage built on another stage of the file (its clean also hides that stage's cache) */
    expect("FROM fedora AS base\nRUN dnf -y install a\nFROM base\nRUN dnf -y install b\nRUN dnf clean all\n",
           "FROM fedora AS base\nRUN dnf -y install a && dnf clean all\nFROM base\nRUN dnf -y install b && dnf clean "
           "all\nRUN dnf clean all\n",
           2);
    /* stays: the clean comes before the install, or no install before it gets a fix */
    SILENT("FROM fedora\nRUN dnf -y install a && dnf clean all\nRUN dnf clean all\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_at_the_end_of_the_chain),
        cmocka_unit_test(test_single_line_exact),
        cmocka_unit_test(test_fires_managers),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_build_stage),
        cmocka_unit_test(test_style_semicolon_clean_like_the_file),
        cmocka_unit_test(test_later_run_reads_the_metadata),
        cmocka_unit_test(test_style_leading_ops_like_the_file),
        cmocka_unit_test(test_style_aligned_continuations),
        cmocka_unit_test(test_toolbox_final_clean_moves_into_the_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
