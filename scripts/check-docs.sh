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
# Every option of --help (its short and long forms) in its own row of
# README's option table (the "Using it" section) and in the tag line of its
# entry in the man page (the line after .TP): not just anywhere.
rows=$(awk '/^## /{ u = ($0 == "## Using it") } u && /^\| `-/ { split($0, c, "|"); print c[2] }' README.md)
tags=$(awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' docs/dfopt.1)
opts=$("$bin" --help | sed -n 's/^ *\(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\1\2/p' | tr -d ' ')
[ -n "$opts" ] || { echo "docs: no option found in --help"; fail=$((fail + 1)); }
for o in $opts; do
    long=${o#*,}
    short=
    case $o in -?,*) short=${o%%,*} ;; esac
    # README: `--opt` or `--opt ARG`, and `-x` in the same row
    row=$(printf '%s\n' "$rows" | grep -- "\`$long[\` ]")
    if [ -n "$short" ] && [ -n "$row" ]; then row=$(printf '%s\n' "$row" | grep -- "\`$short\`"); fi
    # man: \-\-opt not followed by more of a name, and \-x in the same tag
    mlong=$(printf '%s' "$long" | sed 's/-/\\\\-/g')
    tag=$(printf '%s\n' "$tags" | grep -- "$mlong\([^a-z\\]\|$\)")
    if [ -n "$short" ] && [ -n "$tag" ]; then
        tag=$(printf '%s\n' "$tag" | grep -- "$(printf '%s' "$short" | sed 's/-/\\\\-/')\([^a-z\\]\|$\)")
    fi
    if [ -n "$row" ] && [ -n "$tag" ]; then
        pass=$((pass + 1))
    else
        [ -n "$row" ] || echo "docs: option $o is not in a row of README.md's option table"
        [ -n "$tag" ] || echo "docs: option $o has no entry (.TP tag) in docs/dfopt.1"
        fail=$((fail + 1))
    fi
done
echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
