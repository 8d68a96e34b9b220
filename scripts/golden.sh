#!/bin/sh
# golden.sh check|update
#
# Whole-file regression suite. For every golden/NAME.Dockerfile:
#   NAME.args      optional: extra dfopt arguments, one line
#   NAME.context/  optional: the build context (passed as --context)
#   NAME.out.Dockerfile   expected rewrite (stdout of `dfopt ARGS NAME.Dockerfile`)
#   NAME.diff             expected `dfopt --diff ARGS`
#   NAME.json             expected `dfopt --format json ARGS`
#   NAME.txt              expected findings (stderr) and exit code
# and, always: running dfopt on the expected output changes nothing
# (idempotence) and the diff applied with patch -p1 gives the output.
#
# dfopt runs in a copy of golden/ outside the repository, so that diff
# labels do not depend on where the checkout is. The --diff run must exit 1
# exactly when it prints a diff (else 0), the JSON run with the plain run's
# code. A file in golden/ that belongs to no test (an orphan: no
# NAME.Dockerfile, an unknown suffix, or an output expectation of a file
# that does not parse) is a failure.
#
# A missing expectation is written and counts as a failure (review it, then
# commit it). `update` rewrites every expectation; it refuses to run in CI.
set -u
mode=${1:-check}
if [ "$mode" = update ] && [ -n "${CI:-}" ]; then
    echo "golden: refusing to update expectations in CI" >&2
    exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
bin="${DFOPT_BIN:-$top/dfopt}"
gold="$top/golden"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/g" && cp -R "$gold/." "$tmp/g/" && cd "$tmp/g" || exit 2
pass=0
fail=0

expect() { # expect NAME KIND ACTUAL_FILE
    exp="$gold/$1.$2"
    if [ "$mode" = update ] || [ ! -e "$exp" ]; then
        [ "$mode" = update ] || { echo "golden: $exp was missing: written, please review"; fail=$((fail + 1)); }
        cp "$3" "$exp"
        return 0
    fi
    if ! cmp -s "$exp" "$3"; then
        echo "golden: $exp differs:"
        diff -u "$exp" "$3" | head -n 40
        fail=$((fail + 1))
        return 1
    fi
    return 0
}

for f in *.Dockerfile; do
    case "$f" in *.out.Dockerfile) continue ;; esac
    [ -e "$f" ] || continue
    name=${f%.Dockerfile}
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    [ -d "$name.context" ] && args="$args --context $name.context"
    ok=1
    # shellcheck disable=SC2086
    "$bin" --no-config $args "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    { cat "$tmp/err"; echo "exit $rc"; } >"$tmp/txt"
    expect "$name" txt "$tmp/txt" || ok=0
    if [ "$rc" -le 1 ]; then
        expect "$name" out.Dockerfile "$tmp/out" || ok=0
        # shellcheck disable=SC2086
        "$bin" --no-config --diff $args "$f" >"$tmp/diff" 2>/dev/null
        drc=$?
        expect "$name" diff "$tmp/diff" || ok=0
        want=0
        [ -s "$tmp/diff" ] && want=1
        if [ "$drc" != "$want" ]; then
            echo "golden: $name: --diff exited $drc, want $want"
            ok=0
            fail=$((fail + 1))
        fi
        # shellcheck disable=SC2086
        "$bin" --no-config --format json $args "$f" >"$tmp/json" 2>/dev/null
        jrc=$?
        expect "$name" json "$tmp/json" || ok=0
        if [ "$jrc" != "$rc" ]; then
            echo "golden: $name: --format json exited $jrc, want $rc (as without it)"
            ok=0
            fail=$((fail + 1))
        fi
        # idempotence: the output is a fixed point (under a name that keeps
        # the test's, which a rule may read: DF003's linter_demo_paths)
        cp "$tmp/out" "$tmp/$name.again.Dockerfile"
        # shellcheck disable=SC2086
        "$bin" --no-config $args "$tmp/$name.again.Dockerfile" >"$tmp/again" 2>/dev/null
        rm -f "$tmp/$name.again.Dockerfile"
        if ! cmp -s "$tmp/out" "$tmp/again"; then
            echo "golden: $name: a second run changes the output again"
            ok=0
            fail=$((fail + 1))
        fi
        # the diff reproduces the rewrite
        if [ -s "$tmp/diff" ]; then
            cp "$f" "$tmp/patched"
            if ! patch -s -p1 --no-backup-if-mismatch "$tmp/patched" <"$tmp/diff" >/dev/null 2>&1 ||
                ! cmp -s "$tmp/patched" "$tmp/out"; then
                echo "golden: $name: the diff does not reproduce the rewrite"
                ok=0
                fail=$((fail + 1))
            fi
        fi
    fi
    if [ "$rc" -gt 1 ]; then
        for k in out.Dockerfile diff json; do
            [ -e "$gold/$name.$k" ] || continue
            echo "golden: $name.$k is an orphan: $f exits $rc, there is no output to compare"
            ok=0
            fail=$((fail + 1))
        done
    fi
    [ "$ok" = 1 ] && pass=$((pass + 1))
done
# every file belongs to a test
for p in "$gold"/* "$gold"/.[!.]*; do
    [ -e "$p" ] || continue
    e=${p##*/}
    name=
    for k in .out.Dockerfile .Dockerfile.dockerignore .Dockerfile .args .context .diff .json .txt; do
        case "$e" in *"$k") name=${e%"$k"}; break ;; esac
    done
    isdir=0
    [ -d "$p" ] && isdir=1
    isctx=0
    [ -n "$name" ] && [ "$e" = "$name.context" ] && isctx=1
    if [ -z "$name" ] || [ ! -f "$gold/$name.Dockerfile" ] || [ "$isdir" != "$isctx" ]; then
        echo "golden: $e is an orphan: it belongs to no golden/NAME.Dockerfile"
        fail=$((fail + 1))
    fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
