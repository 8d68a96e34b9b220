#!/bin/sh
# bench.sh - how fast is ./dfopt, and how much memory does it take.
#
# Runs ./dfopt once per file, as a user would, in both modes:
#   rewrite   ./dfopt FILE > /dev/null      (default mode: rewrite to stdout)
#   --ast     ./dfopt --ast FILE > /dev/null
# over (a) every file of ../shared/corpus/real (when present) and (b)
# generated 50,000- and 200,000-line Dockerfiles (scripts/gen-big.py, kept
# in build/bench/). Prints one table row per set and mode: files/s, MB/s,
# per-file latency p50/p95/max (wall clock, process start to exit, so it
# includes exec and dynamic linking) and the peak RSS of any one process
# (ru_maxrss from wait4). Nothing is asserted: speed is measured, not
# tested. Non-zero exits are counted in the "rc!=0" column (files dfopt
# rejects, e.g. the corpus files BuildKit itself rejects).
#
# Env: DFOPT (default ./dfopt), CORPUS (default ../shared/corpus/real),
#      BENCH_LINES (default "50000 200000"), BENCH_REPEAT (runs per
#      generated file, default 5), BENCH_CORPUS=0 to skip the corpus.
set -u
cd "$(dirname "$0")/.." || exit 2

DFOPT=${DFOPT:-./dfopt}
CORPUS=${CORPUS:-../shared/corpus/real}
BENCH_LINES=${BENCH_LINES:-50000 200000}
BENCH_REPEAT=${BENCH_REPEAT:-5}
BENCH_CORPUS=${BENCH_CORPUS:-1}
dir=build/bench

[ -x "$DFOPT" ] || { echo "bench.sh: $DFOPT not built (run make)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "bench.sh: needs python3 (per-process timing and RSS)" >&2; exit 2; }
mkdir -p "$dir"
# Bench a private copy, so a concurrent `make` cannot swap the binary
# under us halfway through.
cp "$DFOPT" "$dir/dfopt" || exit 2
DFOPT=$dir/dfopt

# The file list: one "SET<TAB>REPEAT<TAB>PATH" line per file.
list=$dir/files.tsv
: >"$list"
if [ "$BENCH_CORPUS" != 0 ] && [ -d "$CORPUS" ]; then
    find "$CORPUS" -type f ! -name 'MANIFEST*' ! -name '*.md' ! -name '*.tsv' | LC_ALL=C sort |
        awk -v OFS='\t' '{ print "corpus/real", 1, $0 }' >>"$list"
elif [ "$BENCH_CORPUS" != 0 ]; then
    echo "bench.sh: no corpus at $CORPUS, skipping it" >&2
fi
for n in $BENCH_LINES; do
    f=$dir/gen-$n.dockerfile
    if [ ! -f "$f" ] || [ -n "$(find scripts/gen-big.py -newer "$f")" ]; then
        python3 scripts/gen-big.py -n "$n" "$f" || exit 2
    fi
    printf 'gen %s lines\t%s\t%s\n' "$n" "$BENCH_REPEAT" "$f" >>"$list"
done

python3 - "$DFOPT" "$list" <<'EOF'
import os, subprocess, sys, time

dfopt, listfile = sys.argv[1], sys.argv[2]
sets = {}  # name -> [(path, repeat)]
order = []
with open(listfile) as fh:
    for line in fh:
        name, rep, path = line.rstrip("\n").split("\t", 2)
        if name not in sets:
            sets[name] = []
            order.append(name)
        sets[name].append((path, int(rep)))

devnull = os.open(os.devnull, os.O_WRONLY)


def run_one(argv):
    """Wall seconds, ru_maxrss KiB and exit status of one process."""
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    t1 = time.perf_counter()
    return t1 - t0, ru.ru_maxrss, os.waitstatus_to_exitcode(status)


def pct(sorted_vals, p):
    if not sorted_vals:
        return 0.0
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


modes = [("rewrite", []), ("--ast", ["--ast"])]
exe = os.path.abspath(dfopt)
hdr = ("%-18s %-8s %6s %8s %8s %9s %8s %8s %8s %8s %9s %6s"
       % ("set", "mode", "files", "runs", "MB", "files/s", "MB/s",
          "p50 ms", "p95 ms", "max ms", "peakRSS MB", "rc!=0"))
print(hdr)
print("-" * len(hdr))
for name in order:
    files = sets[name]
    for mode, extra in modes:
        lat, rss, bad, nbytes, runs = [], 0, 0, 0, 0
        for path, rep in files:
            size = os.path.getsize(path)
            for _ in range(rep):
                dt, maxrss, rc = run_one([exe] + extra + [path])
                lat.append(dt)
                rss = max(rss, maxrss)
                bad += rc != 0
                nbytes += size
                runs += 1
        total = sum(lat)
        lat.sort()
        print("%-18s %-8s %6d %8d %8.1f %9.1f %8.1f %8.2f %8.2f %8.2f %9.1f %6d"
              % (name, mode, len(files), runs, nbytes / 1e6, runs / total if total else 0,
                 nbytes / 1e6 / total if total else 0, pct(lat, 50) * 1e3,
                 pct(lat, 95) * 1e3, lat[-1] * 1e3, rss / 1024.0, bad))
        sys.stdout.flush()
EOF
