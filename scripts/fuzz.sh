#!/bin/sh
# fuzz.sh [SECONDS] [TARGET]... - libFuzzer over dfopt, under ASan + UBSan.
#
# Targets (tests/fuzz/fuzz_TARGET.c), each run for SECONDS (argument, else
# $FUZZ_SECONDS, else 60), one after the other:
#   parse    the parser: doc invariants, parse -> print identity, --ast JSON
#   shell    the shell model of RUN bodies: spans, walk, argument views
#   rewrite  the whole rewrite, every rule, unsafe fixes on: output parses,
#            a second run changes nothing, no fixes overlap, the diff applies,
#            no rule selected = the input byte for byte
# Default: all three.
#
# The library is compiled once into build-fuzz/ (objects, instrumented with
# -fsanitize=fuzzer-no-link,address,undefined); each target links it. The
# seeds are copied at run time into build-fuzz/corpus-TARGET/: the hand-made
# cases of tests/fuzz/seeds, the inputs and outputs of golden/, and the real
# Dockerfiles of $FUZZ_CORPUS (default ../shared/corpus/real, when present;
# RUN bodies extracted from them for the shell target). Nothing is written
# back into the repository.
#
# Prints, per target, the executions, the coverage (libFuzzer's final cov:
# and ft:), the corpus size and the CPU seconds used (with /usr/bin/time),
# and appends the same to build-fuzz/runs.tsv (date, target, seconds,
# executions, exec/s, CPU s, exec per CPU s, cov, ft, crashes). Exits non-zero when a target found a crash, leak, timeout or
# out-of-memory (reproducers land in build-fuzz/artifacts-TARGET/).
#
# Stops a target at its first crash. To keep going and collect every reproducer:
#   FUZZ_FLAGS="-fork=1 -ignore_crashes=1" sh scripts/fuzz.sh 300
#
# Env: CLANG (default clang), FUZZ_SECONDS, FUZZ_FLAGS (extra libFuzzer
# flags), FUZZ_CORPUS, FUZZ_KEEP_CORPUS=1 (keep build-fuzz/corpus-TARGET
# from a previous run and add to it).
# Reproduce a crash: build-fuzz/fuzz_TARGET build-fuzz/artifacts-TARGET/crash-...
set -u
cd "$(dirname "$0")/.." || exit 2

secs=${1:-${FUZZ_SECONDS:-60}}
case $secs in
    ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number, got '$secs'" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift
targets=${*:-parse shell rewrite}
CLANG=${CLANG:-clang}
out=build-fuzz
realcorpus=${FUZZ_CORPUS:-../shared/corpus/real}

command -v "$CLANG" >/dev/null 2>&1 || { echo "fuzz.sh: $CLANG not found (libFuzzer needs clang)" >&2; exit 2; }
pkgflags=$(pkg-config --cflags --libs libpcre2-8 jansson) || { echo "fuzz.sh: pkg-config failed (run make deps)" >&2; exit 2; }

san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
objs=""
for f in src/*.c passes/*.c; do
    [ "$f" = src/main.c ] && continue
    objs="$objs $out/${f%.c}.o"
done
objs="$objs $out/gen/ruledocs.o $out/gen/facts.o"
echo "fuzz.sh: building the library in $out"
# shellcheck disable=SC2086 # word splitting of $objs is wanted
make -s CC="$CLANG" BUILD="$out" OPT="-g -O1 -fsanitize=fuzzer-no-link $san" $objs \
    || { echo "fuzz.sh: building the library failed" >&2; exit 2; }

# RUN bodies of Dockerfiles (one file each, continuation lines joined)
run_bodies() { # DIR_OUT FILE...
    dir=$1
    shift
    awk -v dir="$dir" '
        FNR == 1 { if (cur != "") emit(); n++ ; cur = "" ; k = 0 }
        function emit() { k++; f = sprintf("%s/run-%d-%d", dir, n, k); printf "%s\n", cur > f; close(f); cur = "" }
        cur != "" { cur = cur "\n" $0; if ($0 !~ /\\\r?$/) emit(); next }
        /^[ \t]*[Rr][Uu][Nn][ \t]/ { sub(/^[ \t]*[Rr][Uu][Nn][ \t]+/, ""); cur = $0; if ($0 !~ /\\\r?$/) emit() }
        END { if (cur != "") emit() }' "$@" 2>/dev/null
}

seed() { # TARGET CORPUSDIR
    t=$1
    c=$2
    i=0
    if [ "$t" = shell ]; then
        run_bodies "$c" tests/fuzz/seeds/* golden/*.Dockerfile
    else
        cp tests/fuzz/seeds/* "$c"/ 2>/dev/null
        for f in golden/*.Dockerfile; do
            [ -f "$f" ] && cp "$f" "$c/golden-$(basename "$f")"
        done
    fi
    if [ -d "$realcorpus" ]; then
        find "$realcorpus" -type f ! -name '*.tsv' ! -name '*.md' > "$out/corpus-list.txt"
        if [ "$t" = shell ]; then
            # shellcheck disable=SC2046
            xargs -r sh -c 'd=$0; n=0; for f; do n=$((n+1)); awk -v d="$d" -v n="$n" "
                function emit() { k++; f = sprintf(\"%s/c%d-%d\", d, n, k); printf \"%s\\n\", cur > f; close(f); cur = \"\" }
                cur != \"\" { cur = cur \"\\n\" \$0; if (\$0 !~ /\\\\\\r?\$/) emit(); next }
                /^[ \\t]*[Rr][Uu][Nn][ \\t]/ { sub(/^[ \\t]*[Rr][Uu][Nn][ \\t]+/, \"\"); cur = \$0; if (\$0 !~ /\\\\\\r?\$/) emit() }
                END { if (cur != \"\") emit() }" "$f"; done' "$c" < "$out/corpus-list.txt" 2>/dev/null
        else
            while IFS= read -r f; do
                i=$((i + 1))
                cp "$f" "$c/real-$i"
            done < "$out/corpus-list.txt"
        fi
    fi
}

mkdir -p "$out"
[ -f "$out/runs.tsv" ] || printf 'date\ttarget\tseconds\texecutions\texec_per_s\tcpu_s\texec_per_cpu_s\tcov\tft\tcrashes\n' > "$out/runs.tsv"
dict=tests/fuzz/dockerfile.dict
failed=0
for t in $targets; do
    src=tests/fuzz/fuzz_$t.c
    bin=$out/fuzz_$t
    corpus=$out/corpus-$t
    artifacts=$out/artifacts-$t
    log=$out/fuzz-$t.log
    [ -f "$src" ] || { echo "fuzz.sh: no target $t ($src)" >&2; exit 2; }
    case $t in
        shell) maxlen=4096 ;;
        rewrite) maxlen=8192 ;;
        *) maxlen=16384 ;;
    esac
    # shellcheck disable=SC2086
    "$CLANG" -g -O1 -fsanitize=fuzzer $san -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        -Wall -Wextra -Werror -Iinclude -Isrc -Itests/fuzz -o "$bin" "$src" $objs $pkgflags \
        || { echo "fuzz.sh: building $bin failed" >&2; exit 2; }
    rm -rf "$artifacts"
    mkdir -p "$artifacts"
    if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ]; then
        rm -rf "$corpus"
    fi
    mkdir -p "$corpus"
    seed "$t" "$corpus"
    nseeds=$(find "$corpus" -type f | wc -l)
    echo "fuzz.sh: $t: fuzzing for ${secs}s from $nseeds seeds (log: $log)"
    # CPU seconds too: on a shared machine under nice, wall-clock rates say
    # more about the neighbours than about the target
    timer=""
    [ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $out/cpu-$t.txt"
    # shellcheck disable=SC2086
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    $timer "$bin" -max_total_time="$secs" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" -dict="$dict" ${FUZZ_FLAGS:-} \
        "$corpus" >"$log" 2>&1
    rc=$?

    execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    execs=${execs:-0}
    cov=$(sed -n 's/^#[0-9]*.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
    set -- $cov
    c_cov=${1:-0} c_ft=${2:-0} c_corp=${3:-0}
    found=0
    for a in "$artifacts"/*; do
        [ -f "$a" ] && found=$((found + 1))
    done
    rate=$((execs / (secs > 0 ? secs : 1)))
    cpu=$(tail -n 1 "$out/cpu-$t.txt" 2>/dev/null | awk -F+ '{ printf "%d", $1 + $2 }')
    cpu=${cpu:-0}
    cpurate=$((execs / (cpu > 0 ? cpu : 1)))
    echo "fuzz.sh: $t: $execs executions in ${secs}s ($rate/s; ${cpu} CPU s, $cpurate per CPU s), cov $c_cov, ft $c_ft, corpus $c_corp, crashes $found"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$t" "$secs" "$execs" "$rate" \
        "$cpu" "$cpurate" "$c_cov" "$c_ft" "$found" >> "$out/runs.tsv"
    if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
        failed=1
        echo "fuzz.sh: $t: FAILED (libFuzzer exit $rc, $found artifact(s)); last lines of $log:" >&2
        tail -n 30 "$log" >&2
        shown=0
        for a in "$artifacts"/*; do
            [ -f "$a" ] || continue
            shown=$((shown + 1))
            [ "$shown" -le 20 ] || { echo "fuzz.sh: ... and more in $artifacts" >&2; break; }
            why=$(ASAN_OPTIONS=detect_leaks=1 "$bin" "$a" 2>&1 |
                  grep -E -m 1 "^fuzz_$t:|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:")
            echo "fuzz.sh: artifact: $a: ${why:-?}" >&2
        done
    fi
done
[ "$failed" = 0 ] || exit 1
echo "fuzz.sh: no crash"
