#!/bin/sh
# buildkit-parse.sh OUT - build BuildKit's Dockerfile parser as a small
# program (bench/buildkit-parse/main.go) so that `make bench` can time it
# on the corpus beside dfopt. Only the bench needs it (`make test` never
# does).
#
# Everything comes from Debian packages, offline from the Go side:
#  - the Go toolchain and the parser's imports (golang-go,
#    golang-github-pkg-errors-dev, golang-github-containerd-typeurl-dev,
#    golang-github-golang-protobuf-1-5-dev), through scripts/deps.sh;
#  - the parser's source: Debian packages no moby/buildkit, but its
#    docker.io source package vendors it (engine/vendor/github.com/moby/
#    buildkit, BuildKit as Docker 20.10 ships it). `apt-get source` fetches
#    it through a private source list under build/bench/apt (the system's
#    apt configuration is not touched); only frontend/dockerfile and
#    util/stack are unpacked.
# Go builds in GOPATH mode (GO111MODULE=off, GOPROXY=off, GOFLAGS=-mod=vendor
# unset): /usr/share/gocode holds the Debian packages' sources.
# Exit 0 with OUT built, else 1 with the reason on stderr.
set -u
cd "$(dirname "$0")/.." || exit 1
out=${1:-build/bench/buildkit-parse}
work=build/bench/buildkit-src
[ -x "$out" ] && [ "$out" -nt bench/buildkit-parse/main.go ] && exit 0

sh scripts/deps.sh bin/go:golang-go \
    file/usr/share/gocode/src/github.com/pkg/errors:golang-github-pkg-errors-dev \
    file/usr/share/gocode/src/github.com/containerd/typeurl:golang-github-containerd-typeurl-dev \
    file/usr/share/gocode/src/github.com/golang/protobuf:golang-github-golang-protobuf-1-5-dev || exit 1

vendor=$work/gopath/src/github.com/moby/buildkit
if [ ! -f "$vendor/frontend/dockerfile/parser/parser.go" ]; then
    apt=$(pwd)/build/bench/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$work/src"
    . /etc/os-release 2>/dev/null
    suite=${VERSION_CODENAME:-bookworm}
    cat >"$apt/parts/debian-src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    O="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt/parts -o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache"
    # shellcheck disable=SC2086
    apt-get -q $O update >"$apt/update.log" 2>&1 || { echo "buildkit-parse: apt-get update of Debian's sources failed (see $apt/update.log)" >&2; exit 1; }
    # shellcheck disable=SC2086
    (cd "$work/src" && apt-get -q $O source --download-only docker.io) >"$apt/source.log" 2>&1 ||
        { echo "buildkit-parse: apt-get source docker.io failed (see $apt/source.log)" >&2; exit 1; }
    tarball=$(ls "$work"/src/docker.io_*.orig.tar.* 2>/dev/null | head -1)
    [ -n "$tarball" ] || { echo "buildkit-parse: no docker.io orig tarball in $work/src" >&2; exit 1; }
    top=$(tar tf "$tarball" | grep -m1 'engine/vendor/github.com/moby/buildkit/frontend/dockerfile/parser/parser.go$')
    [ -n "$top" ] || { echo "buildkit-parse: $tarball vendors no BuildKit parser" >&2; exit 1; }
    base=${top%frontend/dockerfile/parser/parser.go}
    rm -rf "$work/x" && mkdir -p "$work/x" "$vendor"
    tar xf "$tarball" -C "$work/x" "${base}frontend/dockerfile" "${base}util/stack" || exit 1
    cp -R "$work/x/${base}frontend" "$work/x/${base}util" "$vendor/" || exit 1
    rm -rf "$work/x"
fi
mkdir -p "$work/gopath/src/buildkit-parse" "$(dirname "$out")"
cp bench/buildkit-parse/main.go "$work/gopath/src/buildkit-parse/"
(cd "$work/gopath/src/buildkit-parse" &&
    GO111MODULE=off GOFLAGS= GOPROXY=off GOPATH="$(cd ../.. && pwd):/usr/share/gocode" \
    GOCACHE="$(cd ../../.. && pwd)/gocache" go build -o buildkit-parse .) ||
    { echo "buildkit-parse: go build failed" >&2; exit 1; }
mv "$work/gopath/src/buildkit-parse/buildkit-parse" "$out"
