#!/bin/sh
# review-sample.sh FOLDER COUNT SEED [DFOPT]
#
# The sample of docs/review.md: the files of FOLDER that dfopt (default
# rules, no options) would change, in an order shuffled by SEED, the first
# COUNT of them. For each one it writes REVIEW_OUT/NNN.txt (default
# review-out/): the findings (stderr) and the unified diff, which is what
# the maintainer receiving the pull request would read. Same seed, same
# corpus, same dfopt: same sample. The order is that of md5(SEED/NAME) for
# each file NAME, so it does not depend on the other files: when a fix
# stops dfopt changing a file, that file drops out and the rest keep their
# places.
set -u
dir=${1:?folder}
count=${2:?count}
seed=${3:?seed}
bin=${4:-./dfopt}
out=${REVIEW_OUT:-review-out}
mkdir -p "$out"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
for f in "$dir"/*; do
    [ -f "$f" ] || continue
    "$bin" --check -q "$f" >/dev/null 2>&1
    [ $? -eq 1 ] && echo "$f"
done | sort >"$list"
total=$(wc -l <"$list")
# a seeded order of each file's own hash
while IFS= read -r f; do
    h=$(printf '%s/%s' "$seed" "${f##*/}" | md5sum | cut -c1-32)
    printf '%s\t%s\n' "$h" "$f"
done <"$list" | sort -k1,1 | cut -f2- |
    head -n "$count" | {
    i=0
    while IFS= read -r f; do
        i=$((i + 1))
        n=$(printf '%03d' "$i")
        { echo "# $f"; "$bin" --diff "$f" 2>&1; } >"$out/$n.txt"
        echo "$n $f"
    done
}
echo "changed: $total files in $dir; sampled: $count (seed $seed)" >&2
