#!/bin/sh
# run-tests.sh BIN... [-- SUITE...]
# Runs every cmocka test binary, then each scripts/SUITE.sh (golden, docs),
# and ends with one line "N passed, N failed, N skipped" over everything.
# A skipped test (a tool or root missing) checked nothing: it is counted,
# listed, and fails the run when the environment variable CI is set.
set -u
pass=0
fail=0
skipped=0
skiplist=""
bad=""
suites=""
after=0
for t in "$@"; do
    if [ "$t" = "--" ]; then after=1; continue; fi
    if [ "$after" = 1 ]; then suites="$suites $t"; continue; fi
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    s=${s:-0}
    skipped=$((skipped + s))
    for n in $(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([a-z_0-9]*\)$/\1/p' | awk '!seen[$0]++'); do
        skiplist="$skiplist $(basename "$t"):$n"
    done
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" != 0 ]; then
        printf '%s\n' "$out"
        bad="$bad $(basename "$t")"
    else
        if [ "$s" != 0 ]; then
            printf '%-28s %4d passed, %d skipped\n' "$(basename "$t")" "$p" "$s"
        else
            printf '%-28s %4d passed\n' "$(basename "$t")" "$p"
        fi
    fi
done
# suites after "--": scripts printing "NAME: N passed, N failed"
for suite in $suites; do
    out=$(sh "scripts/$suite.sh" check 2>&1)
    rc=$?
    sp=$(printf '%s\n' "$out" | sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
    sf=$(printf '%s\n' "$out" | sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -n 1)
    sp=${sp:-0}
    sf=${sf:-0}
    if [ "$rc" != 0 ] && [ "$sf" = 0 ]; then sf=1; fi
    if [ "$sf" != 0 ]; then printf '%s\n' "$out"; bad="$bad $suite"; else printf '%-28s %4d passed\n' "$suite" "$sp"; fi
    pass=$((pass + sp))
    fail=$((fail + sf))
done
if [ "$skipped" != 0 ]; then
    echo "skipped:$skiplist"
    if [ -n "${CI:-}" ]; then
        echo "CI is set: a skipped test is a failure (install what it needs, run as root)"
        fail=$((fail + skipped))
        bad="$bad (skipped)"
    fi
fi
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
