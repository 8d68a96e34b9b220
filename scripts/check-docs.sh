#!/bin/sh
# check-docs.sh [check|update]
# README's rule table is generated from the registry: check (or rewrite) it,
# and check that every option in --help is documented in README and the
# man page. Prints "docs: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
bin=${DFOPT_BIN:-./dfopt}
"$bin" --list-rules --format markdown >"$tmp" || exit 2
awk -v table="$tmp" '
    /<!-- rules:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
    /<!-- rules:end -->/ { skip = 0 }
    !skip { print }' README.md >"$tmp.new"
pass=0
fail=0
if [ "${1:-}" = update ]; then
    cp "$tmp.new" README.md
elif cmp -s "$tmp.new" README.md; then
    pass=$((pass + 1))
else
    echo "docs: README's rule table is out of date: run sh scripts/check-docs.sh update"
    fail=$((fail + 1))
fi
for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    if grep -q -- "$opt" README.md && grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" docs/dfopt.1; then
        pass=$((pass + 1))
    else
        echo "docs: option $opt is missing from README.md or docs/dfopt.1"
        fail=$((fail + 1))
    fi
done
echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
