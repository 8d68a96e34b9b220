#!/bin/sh
# run-tests.sh BIN... [-- golden]
# Runs every cmocka test binary, then (with "-- golden") the golden suite,
# and ends with one line "N passed, N failed" over everything.
set -u
pass=0
fail=0
bad=""
golden=0
for t in "$@"; do
    if [ "$t" = "--" ]; then continue; fi
    if [ "$t" = "golden" ]; then golden=1; continue; fi
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" != 0 ]; then
        printf '%s\n' "$out"
        bad="$bad $(basename "$t")"
    else
        printf '%-28s %4d passed\n' "$(basename "$t")" "$p"
    fi
done
if [ "$golden" = 1 ]; then
    out=$(sh scripts/golden.sh check 2>&1)
    rc=$?
    gp=$(printf '%s\n' "$out" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    gf=$(printf '%s\n' "$out" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    gp=${gp:-0}
    gf=${gf:-0}
    if [ "$rc" != 0 ] && [ "$gf" = 0 ]; then gf=1; fi
    if [ "$gf" != 0 ]; then printf '%s\n' "$out"; bad="$bad golden"; else printf '%-28s %4d passed\n' golden "$gp"; fi
    pass=$((pass + gp))
    fail=$((fail + gf))
fi
[ -n "$bad" ] && echo "failing:$bad"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
