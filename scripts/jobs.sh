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
# Many files in folders: more than the jobs the threads may run ahead of
# the one printing (32 per thread), so that they wait for room, and large
# files (600 KB in, 600 KB out) between small ones, so that the finished
# jobs not printed yet reach the bytes they may hold (4 MiB): every run
# ends (timeout) and gives -j 1's bytes with -j 2 and -j 4.
many="$tmp/many"
python3 "$top/scripts/gen-big.py" -n 12000 >"$tmp/big.Dockerfile"
for k in 1 2 3 4 5 6; do
    mkdir -p "$many/d$k"
    cp "$@" "$tmp/big.Dockerfile" "$many/d$k/"
done
nmany=$(find "$many" -name '*.Dockerfile' | wc -l)
for mode in --check --diff; do
    timeout 120 "$bin" --no-config -j 1 "$mode" "$many" >"$tmp/many.1.out" 2>"$tmp/many.1.err"
    echo $? >"$tmp/many.1.rc"
    ok=1
    for j in 2 4; do
        timeout 120 "$bin" --no-config -j "$j" "$mode" "$many" >"$tmp/many.$j.out" 2>"$tmp/many.$j.err"
        echo $? >"$tmp/many.$j.rc"
        for k in out err rc; do
            if ! cmp -s "$tmp/many.1.$k" "$tmp/many.$j.$k"; then
                echo "jobs: $nmany files $mode: -j $j $k differs from -j 1 (rc $(cat "$tmp/many.$j.rc"))"
                diff "$tmp/many.1.$k" "$tmp/many.$j.$k" | head -5
                ok=0
            fi
        done
    done
    # each big file changes: its name (--check) or its diff (--diff) is there
    if [ "$(grep -c 'big\.Dockerfile' "$tmp/many.1.out")" -lt 6 ]; then
        echo "jobs: $nmany files $mode: the big files are not all in the output"
        ok=0
    fi
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
# The limits on running ahead, seen at work: the first file is a FIFO, so
# its job waits until the test writes it, and the other thread (-j 2) runs
# the jobs after it. It must stop before the end (once both threads
# sleep, /proc's state S, the process has read fewer bytes than the other
# files hold, over what -j 1 has read when it waits for the FIFO: the
# shared libraries of a dynamic build) when it is 63 jobs ahead (the window, 32 per thread: 100
# small files), or when the finished jobs hold 4 MiB (12 files of 300 KB
# in and 300 KB out, then 20 small ones: 33 jobs, inside the window). Then
# the FIFO is written: the output must be -j 1's.
threads_wait() { # PID N: its N threads asleep in three looks in a row
    seen=0
    looks=0
    for k in $(seq 600); do
        nt=$(ls "/proc/$1/task" 2>/dev/null | wc -l)
        st=$(cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{print $3}' | sort -u | tr -d '\n')
        if [ "$nt" = "$2" ]; then seen=1; fi
        if [ "$nt" -lt "$2" ] && [ "$seen" = 1 ]; then return 1; fi
        if [ "$nt" = "$2" ] && [ "$st" = S ]; then looks=$((looks + 1)); else looks=0; fi
        if [ "$looks" -ge 3 ]; then return 0; fi
        sleep 0.1
    done
    return 1
}
python3 "$top/scripts/gen-big.py" -n 6000 >"$tmp/mid.Dockerfile"
smalls=$(ls | grep -v '\.out\.Dockerfile$' | grep '\.Dockerfile$' | head -n 20)
for case in window held; do
    d="$tmp/$case"
    mkdir -p "$d"
    mkfifo "$d/0.Dockerfile"
    if [ "$case" = window ]; then
        for k in 1 2 3 4 5; do mkdir -p "$d/s$k" && cp $smalls "$d/s$k/"; done
        set -- "$d/0.Dockerfile" "$d"/s*/*.Dockerfile
    else
        for k in a b c d e f g h i j k l; do cp "$tmp/mid.Dockerfile" "$d/$k.Dockerfile"; done
        mkdir -p "$d/s" && cp $smalls "$d/s/"
        set -- "$d/0.Dockerfile" "$d"/[a-l].Dockerfile "$d"/s/*.Dockerfile
    fi
    shift
    others=$(cat "$@" | wc -c)
    set -- "$d/0.Dockerfile" "$@"
    "$bin" --no-config -j 1 --check "$@" >"$tmp/$case.1.out" 2>"$tmp/$case.1.err" &
    pid=$!
    base=0
    if threads_wait "$pid" 1; then base=$(sed -n 's/^rchar: //p' "/proc/$pid/io"); fi
    cat df003_apt_lists.Dockerfile >"$d/0.Dockerfile"
    wait "$pid"
    "$bin" --no-config -j 2 --check "$@" >"$tmp/$case.2.out" 2>"$tmp/$case.2.err" &
    pid=$!
    waited=0
    read=0
    if threads_wait "$pid" 2; then
        waited=1
        read=$(sed -n 's/^rchar: //p' "/proc/$pid/io")
    fi
    cat df003_apt_lists.Dockerfile >"$d/0.Dockerfile"
    ( sleep 120; kill "$pid" 2>/dev/null ) &
    killer=$!
    wait "$pid"
    kill "$killer" 2>/dev/null
    if [ "$waited" != 1 ] || [ "$read" -ge $((base + others)) ]; then
        echo "jobs: $case: the thread ahead did not stop before the end ($read of $base + $others bytes read)"
        fail=$((fail + 1))
    elif ! cmp -s "$tmp/$case.1.out" "$tmp/$case.2.out" || ! cmp -s "$tmp/$case.1.err" "$tmp/$case.2.err" ||
        ! grep -q 0.Dockerfile "$tmp/$case.1.out"; then
        echo "jobs: $case: -j 2 output differs from -j 1 (or the FIFO's file is not in it)"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "jobs: $pass passed, $fail failed"
[ "$fail" = 0 ]
