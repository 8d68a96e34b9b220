#!/bin/sh
# leakcheck.sh - valgrind (memcheck) over ./dfopt: zero leaks, zero errors.
#
# Runs the built ./dfopt under valgrind on the golden/ inputs and on a
# sample of real Dockerfiles copied at run time from $LEAK_CORPUS (default
# ../shared/corpus/real, every $LEAK_EVERY-th file, default 40) into a
# temporary folder, in each mode that allocates differently: --check,
# --diff and the JSON and SARIF reports with every rule and unsafe fixes,
# -i on copies, --ast, standard input, and the refusals (a NUL byte, a
# parse error, a missing file). Several files go to one process, so the
# whole check takes a few valgrind start-ups rather than hundreds.
#
# A run fails on any memcheck error (invalid read or write, use of
# uninitialised memory, bad free) or any definitely, indirectly or possibly
# lost block (--errors-for-leak-kinds=definite,indirect,possible). Ends
# with "leakcheck: N passed, N failed"; exits 1 when a run failed.
set -u
cd "$(dirname "$0")/.." || exit 2
command -v valgrind >/dev/null 2>&1 || { echo "leakcheck: valgrind not found (apt-get install valgrind)" >&2; exit 2; }
[ -x ./dfopt ] || { echo "leakcheck: build ./dfopt first (make)" >&2; exit 2; }
corpus=${LEAK_CORPUS:-../shared/corpus/real}
every=${LEAK_EVERY:-40}
tmp=$(mktemp -d /tmp/dfopt-leak-XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir -p "$tmp/golden" "$tmp/corpus" "$tmp/inplace"
for f in golden/*.Dockerfile; do
    case $f in *.out.Dockerfile) continue ;; esac
    cp "$f" "$tmp/golden/"
done
n=0
if [ -d "$corpus" ]; then
    find "$corpus" -type f ! -name '*.tsv' ! -name '*.md' | sort > "$tmp/list"
    i=0
    while IFS= read -r f; do
        i=$((i + 1))
        [ $((i % every)) = 0 ] || continue
        n=$((n + 1))
        cp "$f" "$tmp/corpus/$n.Dockerfile"
    done < "$tmp/list"
fi
cp "$tmp"/golden/* "$tmp"/corpus/* "$tmp/inplace/" 2>/dev/null
printf 'FROM alpine\nRUN a\0b\n' > "$tmp/nul.Dockerfile"
printf 'FROM alpine\nENV A\n' > "$tmp/bad.Dockerfile"
ngolden=$(ls "$tmp/golden" | wc -l)
echo "leakcheck: $ngolden golden inputs, $n corpus files (every ${every}th of $corpus)"

pass=0
fail=0
# check NAME EXPECTED-EXIT-CODES ARGS... (dfopt's own exit code must be one
# of EXPECTED; valgrind's error exit is 99)
check() {
    name=$1
    ok=$2
    shift 2
    log="$tmp/$name.log"
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes \
        ./dfopt "$@" > "$tmp/$name.out" 2> "$log" < "${STDIN:-/dev/null}"
    rc=$?
    case " $ok " in
        *" $rc "*)
            if grep -q '^==[0-9]*==' "$log"; then
                fail=$((fail + 1))
                echo "leakcheck: $name: valgrind reports:" >&2
                grep '^==[0-9]*==' "$log" | head -n 40 >&2
            else
                pass=$((pass + 1))
                echo "leakcheck: $name: clean"
            fi ;;
        *)
            fail=$((fail + 1))
            echo "leakcheck: $name: exit $rc (want $ok)" >&2
            grep '^==[0-9]*==' "$log" | head -n 40 >&2 ;;
    esac
}

check golden-json "0 1 3" --no-config -q --unsafe-fixes --format json "$tmp/golden"
check golden-sarif "0 1 3" --no-config -q --format sarif "$tmp/golden"
check corpus-diff "0 1 3" --no-config --unsafe-fixes --diff "$tmp/corpus"
check corpus-check-aggressive "0 1 3" --no-config -q --merge aggressive --check "$tmp/corpus"
check in-place "0 3" --no-config -q --unsafe-fixes -i "$tmp/inplace"
check ast "0" --ast golden/df001_short_steps.Dockerfile
STDIN=golden/df001_short_steps.Dockerfile check stdin "0" --no-config -
check nul-byte "3" --no-config "$tmp/nul.Dockerfile"
check parse-error "3" --no-config "$tmp/bad.Dockerfile"
check missing-file "2" --no-config "$tmp/missing.Dockerfile"
check list-explain "0" --explain DF001
echo "leakcheck: $pass passed, $fail failed"
[ "$fail" = 0 ]
