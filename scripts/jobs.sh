#!/bin/sh
# jobs.sh [check] - `-j N` gives the bytes of `-j 1`.
#
# Runs dfopt over every golden input (golden/*.Dockerfile, not the
# expected outputs) with -j 1 and with -j 4, in each mode that handles
# many files: --check, --diff, --format json, --format sarif, and -i on a
# copy. stdout, stderr (findings, in input order), the exit code and, for
# -i, the rewritten files must be identical. Prints "jobs: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="${DFOPT_BIN:-$top/dfopt}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top/golden" || exit 2
set -- $(ls *.Dockerfile | grep -v '\.out\.Dockerfile$')
[ $# -gt 10 ] || { echo "jobs: too few golden inputs ($#)"; exit 1; }
pass=0
fail=0
run() { # run NAME ARGS... : outputs of -j 1 and -j 4 must match
    name=$1
    shift
    "$bin" --no-config -j 1 "$@" >"$tmp/$name.1.out" 2>"$tmp/$name.1.err"
    echo $? >"$tmp/$name.1.rc"
    "$bin" --no-config -j 4 "$@" >"$tmp/$name.4.out" 2>"$tmp/$name.4.err"
    echo $? >"$tmp/$name.4.rc"
    for k in out err rc; do
        if ! cmp -s "$tmp/$name.1.$k" "$tmp/$name.4.$k"; then
            echo "jobs: $name: -j 4 $k differs from -j 1"
            diff "$tmp/$name.1.$k" "$tmp/$name.4.$k" | head -5
            fail=$((fail + 1))
            return
        fi
    done
    if [ ! -s "$tmp/$name.1.out" ] && [ ! -s "$tmp/$name.1.err" ]; then
        echo "jobs: $name: no output at all (nothing compared)"
        fail=$((fail + 1))
        return
    fi
    pass=$((pass + 1))
}
run check --check "$@"
run diff --diff "$@"
run unsafe-diff --diff --unsafe-fixes "$@"
run json --format json "$@"
run sarif --format sarif "$@"
# -i on two copies of the inputs
mkdir -p "$tmp/orig"
cp "$@" "$tmp/orig/"
for j in 1 4; do
    mkdir -p "$tmp/i$j"
    cp "$@" "$tmp/i$j/"
    (cd "$tmp/i$j" && "$bin" --no-config -q -j "$j" -i *.Dockerfile >/dev/null 2>&1)
done
if diff -r "$tmp/i1" "$tmp/i4" >/dev/null && ! diff -r "$tmp/i1" "$tmp/orig" >/dev/null 2>&1; then
    pass=$((pass + 1))
else
    echo "jobs: -i: -j 4 wrote other files than -j 1 (or nothing changed)"
    fail=$((fail + 1))
fi
echo "jobs: $pass passed, $fail failed"
[ "$fail" = 0 ]
