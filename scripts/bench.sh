#!/bin/sh
# bench.sh - how fast is ./dfopt, and how much memory does it take.
#
# One run prints:
#  1. corpus: every file of ../shared/corpus/real plus BuildKit's testfiles,
#     in ONE process per mode (`dfopt -q --no-config --check FILES...`):
#     parse only (`--select none`) and every rule (default jobs, and -j 1),
#     as files/s, MB/s, wall seconds and peak RSS of the process (ru_maxrss
#     from wait4); the ratio all-rules / parse-only; and BuildKit's own
#     parse time, wall and CPU, from build/bench/buildkit-parse (built by
#     scripts/buildkit-parse.sh from Debian's packages; BUILDKIT_PARSE=cmd
#     overrides), else the figure of issue 13 (0.8 s), marked as a
#     reference that was not measured here.
#  2. latency: median wall time of one `dfopt FILE >/dev/null` process on a
#     typical corpus file (the median-sized one) minus the median of
#     `/bin/true`, over BENCH_RUNS runs each; and whether the binary is
#     linked statically (the Makefile's default, see STATIC) or not.
#  3. pathological shapes (scripts/gen-big.py --shape, kept in build/bench/):
#     the 50,000-line apt file (12,500 RUNs, each followed by a comment),
#     10,000 stages, 10,000 heredocs, a 60 KiB continued line, and the
#     50,000-line mixed file: wall time and peak RSS, parse only and every
#     rule (best of BENCH_REPEAT runs, each capped at BENCH_TIMEOUT s).
# Nothing is asserted: speed is measured, not tested (tests/test_scaling.c
# counts work and asserts linear growth).
#
# Env: DFOPT (default ./dfopt), CORPUS (default ../shared/corpus),
#      BENCH_RUNS (latency runs, default 200), BENCH_REPEAT (default 3),
#      BENCH_TIMEOUT (default 120), BENCH_CORPUS=0 / BENCH_SHAPES=0 to skip.
set -u
cd "$(dirname "$0")/.." || exit 2

DFOPT=${DFOPT:-./dfopt}
CORPUS=${CORPUS:-../shared/corpus}
dir=build/bench

[ -x "$DFOPT" ] || { echo "bench.sh: $DFOPT not built (run make)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "bench.sh: needs python3 (timing and RSS)" >&2; exit 2; }
mkdir -p "$dir"
# Bench a private copy, so a concurrent `make` cannot swap the binary
# under us halfway through.
cp "$DFOPT" "$dir/dfopt" || exit 2

gen() { # gen NAME SHAPE LINES
    f=$dir/$1.dockerfile
    if [ ! -f "$f" ] || [ -n "$(find scripts/gen-big.py -newer "$f")" ]; then
        python3 scripts/gen-big.py --shape "$2" -n "$3" "$f" || exit 2
    fi
}
gen apt-50000 apt 50000
gen stages-10000 stages 20000
gen heredocs-10000 heredocs 40000
gen longline-60k longline 61440
gen mixed-50000 mixed 50000

exec python3 - "$dir/dfopt" "$CORPUS" "$dir" <<'EOF'
import os, statistics, subprocess, sys, time

dfopt, corpus, bdir = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "120"))
devnull = os.open(os.devnull, os.O_WRONLY)


def run(argv, timeout=None):
    """(wall seconds, peak RSS MiB, exit code) of one process; None on timeout."""
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    while True:
        p, status, ru = os.wait4(pid, os.WNOHANG)
        if p:
            break
        if timeout and time.perf_counter() - t0 > timeout:
            os.kill(pid, 9)
            os.wait4(pid, 0)
            return None
        time.sleep(0.0005 if time.perf_counter() - t0 < 0.05 else 0.01)
    return (time.perf_counter() - t0, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status),
            ru.ru_utime + ru.ru_stime)


def exact_wall(argv):
    """Wall seconds and RSS with a blocking wait (no polling granularity)."""
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    return (time.perf_counter() - t0, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status),
            ru.ru_utime + ru.ru_stime)


# A process spawned from this Python inherits its memory high-water mark
# (about 15 MiB) through exec: ru_maxrss from wait4 cannot go below it.
# GNU time forks from a small process, so its %M is dfopt's own peak.
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_NOTE = "" if TIME else " (floor: this Python's own RSS; no /usr/bin/time)"


def peak_rss(argv):
    """Peak RSS in MiB of one run of argv, through GNU time when there is one."""
    if not TIME:
        return exact_wall(argv)[1]
    out = os.path.join(bdir, "time.out")
    subprocess.run([TIME, "-f", "%M", "-o", out] + argv, stdout=devnull, stderr=devnull)
    with open(out) as fh:
        return int(fh.read().split()[-1]) / 1024.0


help_text = subprocess.run([dfopt, "--help"], capture_output=True, text=True).stdout
has_jobs = "--jobs" in help_text
print("dfopt bench: %s, %d cores, load average %.1f, %s" % (dfopt, os.cpu_count(), os.getloadavg()[0],
      time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
print("(wall = elapsed time; cpu = user+sys of the process, less sensitive to a loaded machine)")

# ---- 1. corpus --------------------------------------------------------------
files = []
if os.environ.get("BENCH_CORPUS", "1") != "0" and os.path.isdir(corpus):
    for top in ("real", "buildkit/testfiles"):
        for root, dirs, names in os.walk(os.path.join(corpus, top)):
            dirs.sort()
            for n in sorted(names):
                if n.startswith("MANIFEST") or n.endswith(".md") or n.endswith(".tsv") or n == "result":
                    continue
                files.append(os.path.join(root, n))
if files:
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    print("\n== corpus: %d files, %.1f MB (%s/real + buildkit/testfiles), one process per row, best of %d"
          % (len(files), mb, corpus, REPEAT))
    base = [dfopt, "-q", "--no-config", "--check"]
    rows = [("parse only (--select none)", base + ["--select", "none"])]
    if has_jobs:
        rows.append(("parse only -j 1", base + ["-j", "1", "--select", "none"]))
    rows.append(("every rule", base))
    if has_jobs:
        rows.append(("every rule -j 1", base + ["-j", "1"]))
    print("%-28s %8s %8s %9s %8s %11s%s" % ("mode", "wall s", "cpu s", "files/s", "MB/s", "peakRSS MiB", RSS_NOTE))
    res = {}
    for name, argv in rows:
        best = None
        for _ in range(REPEAT):
            r = exact_wall(argv + files)
            if best is None or r[0] < best[0]:
                best = r
        best = best[:1] + (peak_rss(argv + files),) + best[2:]
        res[name] = best
        print("%-28s %8.3f %8.3f %9.0f %8.2f %11.1f" % (name, best[0], best[3], len(files) / best[0], mb / best[0],
                                                        best[1]))
    parse = res["parse only (--select none)"][0]
    allr = res["every rule"][0]
    print("ratio every rule / parse only: %.2f (wall), %.2f (cpu)"
          % (allr / parse, res["every rule"][3] / res["parse only (--select none)"][3]))
    bk = os.environ.get("BUILDKIT_PARSE") or os.path.join(bdir, "buildkit-parse")
    if not os.access(bk.split()[0], os.X_OK):
        bk = os.path.normpath(os.path.join(corpus, "..", "tools", "buildkit-parse"))
    if os.path.isfile(bk.split()[0]) and os.access(bk.split()[0], os.X_OK):
        best = None
        for _ in range(REPEAT):
            r = exact_wall(bk.split() + files)
            if best is None or r[0] < best[0]:
                best = r
        ev, ev1 = res["every rule"], res.get("every rule -j 1", res["every rule"])
        print("BuildKit parser (%s, parse only), measured: wall %.3f s, cpu %.3f s"
              % (bk, best[0], best[3]))
        print("  BuildKit parse / dfopt every rule = %.2f (wall), %.2f (cpu, dfopt -j 1) (goal >= 4)"
              % (best[0] / allr, best[3] / ev1[3]))
    else:
        print("BuildKit parser: no binary (scripts/buildkit-parse.sh builds %s; it failed or was "
              "skipped): NOT measured." % os.path.join(bdir, "buildkit-parse"))
        print("  reference only, issue 13's figure on this corpus: 0.8 s -> 0.8 / dfopt every rule = %.2f (goal >= 4)"
              % (0.8 / allr))

    # ---- 2. latency ---------------------------------------------------------
    typical = sorted(files, key=os.path.getsize)[len(files) // 2]
    rt = [exact_wall(["/bin/true"]) for _ in range(RUNS)]
    rd = [exact_wall([dfopt, "--no-config", typical]) for _ in range(RUNS)]
    w_true, w_df = statistics.median(r[0] for r in rt), statistics.median(r[0] for r in rd)
    c_true, c_df = statistics.median(r[3] for r in rt), statistics.median(r[3] for r in rd)
    with open(dfopt, "rb") as fh:  # a dynamic ELF names its loader near the start
        linked = "dynamic" if b"ld-linux" in fh.read(4096) else "static"
    print("\n== latency (median of %d runs) of dfopt (linked %s) on %s (%d bytes), every rule:"
          % (RUNS, linked, os.path.relpath(typical, corpus), os.path.getsize(typical)))
    print("   wall: /bin/true %.2f ms, dfopt %.2f ms: +%.2f ms over /bin/true" % (w_true * 1e3, w_df * 1e3,
                                                                            (w_df - w_true) * 1e3))
    print("   cpu:  /bin/true %.2f ms, dfopt %.2f ms: +%.2f ms over /bin/true" % (c_true * 1e3, c_df * 1e3,
                                                                            (c_df - c_true) * 1e3))

# ---- 3. shapes ----------------------------------------------------------------
if os.environ.get("BENCH_SHAPES", "1") != "0":
    shapes = [("apt-50000", "50,000 lines: 12,500 apt RUNs + comments"),
              ("stages-10000", "10,000 stages"),
              ("heredocs-10000", "10,000 heredocs"),
              ("longline-60k", "one 60 KiB continued line"),
              ("mixed-50000", "50,000 lines, mixed (gen-big.py)")]
    print("\n== pathological shapes (best of %d, timeout %.0f s)" % (REPEAT, TIMEOUT))
    print("%-44s %8s %12s %12s %12s %12s%s" % ("file", "MB", "parse s", "every rule s", "rule cpu s", "peakRSS MiB",
                                             RSS_NOTE))
    for f, label in shapes:
        path = os.path.join(bdir, f + ".dockerfile")
        out = []
        rss = 0.0
        cpu = "%12s" % "-"
        for rules, argv in ((False, [dfopt, "--no-config", "--select", "none", path]),
                            (True, [dfopt, "--no-config", path])):
            best = None
            for _ in range(REPEAT):
                r = run(argv, TIMEOUT)
                if r is None:
                    best = None
                    break
                if best is None or r[0] < best[0]:
                    best = r
            out.append("%12.3f" % best[0] if best else "%12s" % (">%.0f" % TIMEOUT))
            if best:
                rss = max(rss, best[1])
                if rules:
                    cpu = "%12.3f" % best[3]
            if best is None:
                break
        while len(out) < 2:
            out.append("%12s" % "-")
        if TIME and out[1].strip() != "-" and not out[1].strip().startswith(">"):
            rss = peak_rss([dfopt, "--no-config", path])
        print("%-44s %8.2f %s %s %s %12.1f" % (label, os.path.getsize(path) / 1e6, out[0], out[1], cpu, rss))
        sys.stdout.flush()
EOF
