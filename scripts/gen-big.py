#!/usr/bin/env python3
"""gen-big.py [-n LINES] [--seed N] [--crlf] [--shape SHAPE] [OUT]

Writes a synthetic, valid Dockerfile of exactly LINES lines (default 50,000)
to OUT (default stdout) for benchmarks. Deterministic for a given seed.

--shape picks a pathological shape instead of the default mix (used by
`make bench`; tests/test_scaling.c builds the same shapes in C):
  apt       LINES/4 RUNs `apt-get update && apt-get install -y pkgN && echo N`
            over three continued lines, each followed by a comment
  stages    LINES/2 stages, each `FROM sN-1 AS sN` + one apt-get install RUN
  heredocs  LINES/4 RUN heredocs of two body lines
  longline  one RUN continued line of about LINES bytes (`-n 61440`: 60 KiB)

It mixes every construct the parser handles: parser directives, multi-stage
FROMs (AS, --platform), RUN with long continuations that hold comment and
blank lines, --mount flags, heredocs (<<EOF, <<-EOF, quoted, several per
line, with an fd), COPY/ADD with flags and JSON form, ENV/LABEL/ARG pairs
(both syntaxes), exec-form CMD/ENTRYPOINT/SHELL/HEALTHCHECK, ONBUILD,
EXPOSE/USER/WORKDIR/VOLUME/STOPSIGNAL, comments and blank lines, and
non-ASCII text. The file always ends with a newline.
"""
import argparse
import random
import sys

PKGS = ["curl", "git", "ca-certificates", "build-essential", "python3", "jq",
        "openssh-client", "unzip", "xz-utils", "gnupg", "tzdata", "locales"]
IMAGES = ["debian:12-slim", "alpine:3.19", "golang:1.22", "node:20-bookworm",
          "python:3.12-slim", "ubuntu:22.04", "gcr.io/distroless/static:nonroot"]


class Gen:
    def __init__(self, rnd):
        self.r = rnd
        self.stage = 0
        self.hd = 0

    def word(self):
        return self.r.choice(PKGS)

    # Each block returns a list of lines (without terminators).
    def from_(self):
        self.stage += 1
        img = self.r.choice(IMAGES)
        if self.r.random() < 0.3:
            return ["", "# ---- stage %d ----" % self.stage,
                    "FROM --platform=$BUILDPLATFORM %s AS s%d" % (img, self.stage)]
        return ["", "FROM %s AS s%d" % (img, self.stage)]

    def run_cont(self):
        n = self.r.randint(3, 60)
        out = ["RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\",
               "    set -eux; \\",
               "    apt-get update \\"]
        for i in range(n):
            k = self.r.random()
            if k < 0.10:
                out.append("# comment inside the continuation %d" % i)
            elif k < 0.15:
                out.append("")
            elif k < 0.20:
                out.append("    \t# indented comment")
            else:
                out.append("    && apt-get install -y --no-install-recommends %s=%d.%d \\"
                           % (self.word(), self.r.randint(0, 9), i))
        out.append("    && rm -rf /var/lib/apt/lists/*")
        return out

    def run_simple(self):
        return ["RUN echo 'caf\u00e9 \u2603' > /tmp/x%d && ls -la /tmp" % self.r.randint(0, 999)]

    def run_json(self):
        return ['RUN ["/bin/sh", "-c", "echo \\"json\\" && true"]']

    def heredoc(self):
        self.hd += 1
        k = self.r.randint(0, 3)
        body = ["echo line %d of heredoc %d" % (i, self.hd) for i in range(self.r.randint(1, 12))]
        if k == 0:
            return ["RUN <<EOF", "set -e"] + body + ["EOF"]
        if k == 1:
            return ["RUN <<-'EOT' bash"] + ["\t" + b for b in body] + ["\tEOT"]
        if k == 2:
            return ['COPY <<"CONF" /etc/app%d.conf' % self.hd] + \
                   ["key%d=$NOT_EXPANDED" % i for i in range(len(body))] + ["CONF"]
        return ["RUN 3<<A <<B cat /dev/fd/3 -"] + body[:1] + ["A"] + body[1:] + ["B"]

    def copy(self):
        k = self.r.randint(0, 3)
        if k == 0:
            return ["COPY --from=s%d --chown=1000:1000 --chmod=644 /out/bin /usr/local/bin/"
                    % max(1, self.stage - 1)]
        if k == 1:
            return ['COPY --link ["src dir/", "/app/src dir/"]']
        if k == 2:
            return ["ADD --checksum=sha256:%064x https://example.com/a.tgz /opt/"
                    % self.r.getrandbits(256)]
        return ["COPY . /app"]

    def env(self):
        k = self.r.randint(0, 3)
        if k == 0:
            return ['ENV PATH=/opt/bin:$PATH LANG=C.UTF-8 \\', '    MSG="hello world"']
        if k == 1:
            return ["ENV LEGACY_FORM value with spaces"]
        if k == 2:
            return ['LABEL org.opencontainers.image.title="big" \\',
                    "      org.opencontainers.image.version='1.%d'" % self.r.randint(0, 99)]
        return ["ARG VERSION=1.%d" % self.r.randint(0, 99), "ARG TARGETARCH"]

    def misc(self):
        k = self.r.randint(0, 7)
        return [
            ["WORKDIR /app/%s" % self.word()],
            ["USER 1000:1000"],
            ["EXPOSE 8080/tcp 9090/udp"],
            ['VOLUME ["/data", "/logs"]'],
            ["STOPSIGNAL SIGTERM"],
            ['HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost/"]'],
            ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
            ["ONBUILD COPY . /app", "ONBUILD RUN make \\", "    && make install"],
        ][k]

    def tail(self):
        return ['ENTRYPOINT ["/usr/local/bin/app"]', 'CMD ["--serve", "--port=8080"]']

    def comment(self):
        return ["# %s" % " ".join(self.word() for _ in range(self.r.randint(1, 8)))]


def generate(lines, seed):
    g = Gen(random.Random(seed))
    out = ["# syntax=docker/dockerfile:1.7", "# check=skip=all", "",
           "ARG BASE=debian:12-slim"]
    out += g.from_()
    blocks = [(g.run_cont, 14), (g.run_simple, 8), (g.run_json, 2), (g.heredoc, 10),
              (g.copy, 10), (g.env, 8), (g.misc, 8), (g.comment, 6), (g.from_, 2),
              (g.tail, 2)]
    funcs = [f for f, _ in blocks]
    weights = [w for _, w in blocks]
    misses = 0
    while misses < 50:
        b = g.r.choices(funcs, weights)[0]()
        if len(out) + len(b) > lines:
            misses += 1  # too big for what is left: try a smaller block
            continue
        out += b
    while len(out) < lines:
        out.append("# padding")
    return out[:lines]


def shape(kind, n):
    if kind == "apt":
        out = ["FROM debian:12"]
        for i in range(n // 4):
            out += ["RUN apt-get update \\",
                    "    && apt-get install -y pkg%d \\" % i,
                    "    && echo %d" % i,
                    "# step %d installs pkg%d" % (i, i)]
        return out
    if kind == "stages":
        out = ["FROM debian:12 AS s0"]
        for i in range(1, n // 2):
            out += ["FROM s%d AS s%d" % (i - 1, i),
                    "RUN apt-get install -y gcc curl pkg%d" % i]
        return out
    if kind == "heredocs":
        out = ["FROM debian:12"]
        for i in range(n // 4):
            out += ["RUN <<EOF", "apt-get install -y pkg%d" % i, "echo %d" % i, "EOF"]
        return out
    if kind == "longline":
        out = ["FROM debian:12", "RUN apt-get update \\"]
        size, i = 0, 0
        while size < n:
            line = "    && apt-get install -y pkg%d \\" % i
            out.append(line)
            size += len(line) + 1
            i += 1
        out.append("    && rm -rf /var/lib/apt/lists/*")
        return out
    raise SystemExit("gen-big.py: unknown shape %s" % kind)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--lines", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crlf", action="store_true", help="CRLF line terminators")
    ap.add_argument("--shape", choices=["mixed", "apt", "stages", "heredocs", "longline"], default="mixed")
    ap.add_argument("out", nargs="?", default="-")
    a = ap.parse_args()
    if a.lines < 8:
        ap.error("need at least 8 lines")
    eol = "\r\n" if a.crlf else "\n"
    lines = generate(a.lines, a.seed) if a.shape == "mixed" else shape(a.shape, a.lines)
    data = (eol.join(lines) + eol).encode("utf-8")
    if a.out == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(a.out, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
