#!/bin/sh
# fuzz.sh [SECONDS] - libFuzzer over parse -> check -> print -> --ast JSON.
#
# Builds tests/fuzz/fuzz_parse.c with every src/*.c but src/main.c (and
# passes/*.c) under ASan + UBSan into build-fuzz/, copies the seed corpus
# (tests/fuzz/seeds, never written to) into build-fuzz/corpus, and runs for
# SECONDS (argument, else $FUZZ_SECONDS, else 60). Prints the number of
# executions; exits non-zero when the fuzzer found a crash, leak, timeout
# or out-of-memory (reproducers land in build-fuzz/artifacts/).
#
# Stops at the first crash. To keep going and collect every reproducer:
#   FUZZ_FLAGS="-fork=1 -ignore_crashes=1" sh scripts/fuzz.sh 300
#
# Env: CLANG (default clang), FUZZ_SECONDS, FUZZ_FLAGS (extra libFuzzer
# flags), FUZZ_KEEP_CORPUS=1 (reuse build-fuzz/corpus from a previous run),
# FUZZ_SRCS (the library sources to link instead of src/*.c + passes/*.c).
# Reproduce a crash: build-fuzz/fuzz_parse build-fuzz/artifacts/crash-...
set -u
cd "$(dirname "$0")/.." || exit 2

secs=${1:-${FUZZ_SECONDS:-60}}
case $secs in
    ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number, got '$secs'" >&2; exit 2 ;;
esac
CLANG=${CLANG:-clang}
out=build-fuzz
bin=$out/fuzz_parse
corpus=$out/corpus
artifacts=$out/artifacts
log=$out/fuzz.log

command -v "$CLANG" >/dev/null 2>&1 || { echo "fuzz.sh: $CLANG not found (libFuzzer needs clang)" >&2; exit 2; }
pkgflags=$(pkg-config --cflags --libs libpcre2-8 jansson) || { echo "fuzz.sh: pkg-config failed (run make deps)" >&2; exit 2; }

srcs=${FUZZ_SRCS:-}
if [ -z "$srcs" ]; then
    for f in src/*.c passes/*.c; do
        [ -f "$f" ] || continue
        [ "$f" = src/main.c ] && continue
        srcs="$srcs $f"
    done
    # generated sources (--explain texts, embedded data): the Makefile makes them
    make -s BUILD="$out" "$out/gen/ruledocs.c" "$out/gen/data_pm.c" "$out/gen/data_bi.c" "$out/gen/data_dm.c" \
        || { echo "fuzz.sh: generating sources failed" >&2; exit 2; }
    srcs="$srcs $out/gen/ruledocs.c $out/gen/data_pm.c $out/gen/data_bi.c $out/gen/data_dm.c"
fi

rm -rf "$artifacts"
mkdir -p "$out" "$artifacts"
echo "fuzz.sh: building $bin"
# shellcheck disable=SC2086 # word splitting of $srcs and $pkgflags is wanted
"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
    -DDFOPT_VERSION='"fuzz"' -DDFOPT_DATADIR='"data"' \
    -Iinclude -Isrc -o "$bin" tests/fuzz/fuzz_parse.c $srcs $pkgflags \
    || { echo "fuzz.sh: build failed" >&2; exit 2; }

if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ]; then
    rm -rf "$corpus"
fi
mkdir -p "$corpus"
cp tests/fuzz/seeds/* "$corpus"/ 2>/dev/null || true

dict=""
[ -f tests/fuzz/dockerfile.dict ] && dict="-dict=tests/fuzz/dockerfile.dict"

echo "fuzz.sh: fuzzing for ${secs}s (log: $log)"
# shellcheck disable=SC2086
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$secs" -max_len=200000 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" $dict ${FUZZ_FLAGS:-} \
    "$corpus" >"$log" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
if [ -z "$execs" ]; then
    execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
fi
cov=$(sed -n 's/^#[0-9]*.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p' "$log" | tail -n 1)
echo "fuzz.sh: ${execs:-0} executions in ${secs}s${cov:+ ($cov)}"

found=0
for a in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-* \
         "$artifacts"/slow-unit-*; do
    [ -f "$a" ] && found=$((found + 1))
done
if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
    echo "fuzz.sh: FAILED (libFuzzer exit $rc, $found artifact(s)); last lines of $log:" >&2
    tail -n 40 "$log" >&2
    # One line per reproducer: what the target says when it is re-run.
    shown=0
    for a in "$artifacts"/*; do
        [ -f "$a" ] || continue
        shown=$((shown + 1))
        [ "$shown" -le 20 ] || { echo "fuzz.sh: ... and more in $artifacts" >&2; break; }
        why=$(ASAN_OPTIONS=detect_leaks=1 "$bin" "$a" 2>&1 |
              grep -E -m 1 '^fuzz_parse:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:')
        echo "fuzz.sh: artifact: $a: ${why:-?}" >&2
    done
    exit 1
fi
echo "fuzz.sh: no crash"
