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
cd "$top/golden" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

expect() { # expect NAME KIND ACTUAL_FILE
    exp="$1.$2"
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
        expect "$name" diff "$tmp/diff" || ok=0
        # shellcheck disable=SC2086
        "$bin" --no-config --format json $args "$f" >"$tmp/json" 2>/dev/null
        expect "$name" json "$tmp/json" || ok=0
        # idempotence: the output is a fixed point
        cp "$tmp/out" "$tmp/again.Dockerfile"
        # shellcheck disable=SC2086
        "$bin" --no-config $args "$tmp/again.Dockerfile" >"$tmp/again" 2>/dev/null
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
    [ "$ok" = 1 ] && pass=$((pass + 1))
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
