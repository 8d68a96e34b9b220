#!/usr/bin/env bash
# run.sh: the savings benchmark (`make savings`). Builds every case under
# bench/savings/ twice with buildah -- as written and as dfopt rewrites it --
# runs the case's smoke command in both images, and prints one table row per
# case and the total.
#
#   bench/savings/run.sh [--dfopt PATH] [--jobs N] [--out DIR] [CASE_DIR...]
#
# A case is a folder with a Dockerfile, its build context, a `smoke` file
# (a shell command that must succeed in both images) and optionally an
# `args` file (dfopt options for this case, e.g. --unsafe-fixes).
# The builds themselves are ../shared/tools/imgbuild/run-pairs.sh
# (IMGBUILD=DIR to use another copy); imgbuild must be set up first (its
# README: setup.sh, as root).
#
# Output: a markdown table on stdout; per case, under --out (default
# build/savings): the rewritten Dockerfile, the diff, dfopt's JSON report and
# the build results.
# Exit status: 0 all good (a case that saves 0 bytes is fine: it is
# reported), 1 a rewrite broke a case (the original builds and the rewrite
# does not, or the smoke command fails only in the rewrite: a dfopt bug),
# 2 usage or setup error, 3 an original does not build or fails its own smoke
# command (the case is broken, not dfopt). A case whose base image imgbuild
# has not made (e.g. debian:bullseye-slim: `make-bases.sh bullseye-slim`) is
# reported as skipped.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
IMGBUILD="${IMGBUILD:-$ROOT/../shared/tools/imgbuild}"
CACHE="${IMGBUILD_CACHE:-/var/cache/imgbuild}"
DFOPT="$ROOT/dfopt"
JOBS=2
OUT="$ROOT/build/savings"
while [ $# -gt 0 ]; do
	case "$1" in
		--dfopt) DFOPT="$2"; shift 2 ;;
		--jobs) JOBS="$2"; shift 2 ;;
		--out) OUT="$2"; shift 2 ;;
		-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
		*) break ;;
	esac
done
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	for d in "$HERE"/*/; do [ -f "$d/Dockerfile" ] && cases+=("${d%/}"); done
fi
DFOPT="$(readlink -f "$DFOPT")"
[ -x "$DFOPT" ] || { echo "run.sh: no dfopt at $DFOPT (make first)" >&2; exit 2; }
if [ ! -x "$IMGBUILD/run-pairs.sh" ]; then
	echo "run.sh: imgbuild not found at $IMGBUILD (set IMGBUILD=DIR)" >&2; exit 2
fi
if ! command -v buildah >/dev/null 2>&1 || ! buildah inspect --type image localhost/debian:bookworm-slim >/dev/null 2>&1; then
	echo "run.sh: imgbuild is not set up here (no buildah or no local bases): run $IMGBUILD/setup.sh as root first (~5 min)" >&2
	exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "run.sh: python3 is needed" >&2; exit 2; }
mkdir -p "$OUT"

# one case: dfopt's report, then run-pairs.sh (original build, rewrite build,
# smoke in both), then the results copied to $OUT/<case>/
one() {
	local d="$1" name args
	name="$(basename "$d")"
	args=""; [ -f "$d/args" ] && args="$(tr '\n' ' ' < "$d/args")"
	local o="$OUT/$name"
	rm -rf "$o"; mkdir -p "$o"
	# shellcheck disable=SC2086
	"$DFOPT" --format json $args "$d/Dockerfile" > "$o/report.json" 2> "$o/dfopt.err"
	# shellcheck disable=SC2086
	"$DFOPT" -q --diff $args "$d/Dockerfile" > "$o/rewrite.diff" 2>> "$o/dfopt.err"
	nice -n 10 "$IMGBUILD/run-pairs.sh" --dfopt "$DFOPT" --dfopt-args "$args" "$d" > "$o/run-pairs.md" 2> "$o/run-pairs.err"
	for f in Dockerfile.dfopt result.orig result.dfopt build.orig.log build.dfopt.log; do
		[ -f "$CACHE/pairs/$name/$f" ] && cp "$CACHE/pairs/$name/$f" "$o/"
	done
	echo "done: $name" >&2
}
export -f one
export DFOPT OUT IMGBUILD CACHE

t0=$(date +%s)
printf '%s\0' "${cases[@]}" | xargs -0 -n 1 -P "$JOBS" bash -c 'one "$1"' _
t1=$(date +%s)

# the table
python3 - "$OUT" "$((t1 - t0))" "${cases[@]}" <<'PY' | tee "$OUT/table.md"
import json, os, re, sys
out, secs, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def result(path):
    try:
        first = open(path).readline().strip()
    except OSError:
        return {"ok": False, "line": "no result"}
    r = {"ok": first.startswith("OK "), "line": first}
    r.update(re.findall(r"(\w+)=(\S+)", first))
    return r

def mb(n):
    return f"{n / 1e6:.1f}"

rows, broken_orig, broken_rewrite = [], False, False
tot = {"orig": 0, "new": 0, "saved": 0, "lorig": 0, "lnew": 0, "n": 0}
problems = []
for d in cases:
    name = os.path.basename(d.rstrip("/"))
    o = os.path.join(out, name)
    try:
        rep = json.load(open(os.path.join(o, "report.json")))
        diags = rep["files"][0]["diagnostics"]
        fixed = sorted({x["rule"] for x in diags if x.get("fix") and x["fix"].get("applied")})
    except (OSError, ValueError, KeyError, IndexError):
        fixed = ["dfopt error"]
    args = ""
    if os.path.exists(os.path.join(d, "args")):
        args = " ".join(open(os.path.join(d, "args")).read().split())
    a, b = result(os.path.join(o, "result.orig")), result(os.path.join(o, "result.dfopt"))
    sa, sb = a.get("smoke", "-"), b.get("smoke", "-")
    verdict = "ok"
    if a.get("reason") == "unsupported-base":
        verdict = "skipped: base not made here (imgbuild make-bases.sh)"
    elif not a["ok"] or sa == "fail":
        verdict = "CASE BROKEN (original)"
        broken_orig = True
        problems.append(f"{name}: the original fails: {a['line']}")
    elif not b["ok"] or sb == "fail":
        verdict = "REWRITE BROKE IT"
        broken_rewrite = True
        problems.append(f"{name}: the rewrite fails: {b['line']} (see {o}/build.dfopt.log, {o}/rewrite.diff)")
    if a["ok"] and b["ok"]:
        so, sn = int(a["size_bytes"]), int(b["size_bytes"])
        lo, ln = int(a["layers"]), int(b["layers"])
        tot["orig"] += so; tot["new"] += sn; tot["saved"] += so - sn
        tot["lorig"] += lo; tot["lnew"] += ln; tot["n"] += 1
        pct = f"{100 * (so - sn) / so:.1f}" if so > 0 else "-"
        cells = [f"{so:,}", f"{sn:,}", f"{so - sn:,}", mb(so - sn), pct, f"{lo}→{ln}"]
    else:
        cells = [a.get("size_bytes", "-"), b.get("size_bytes", "-"), "-", "-", "-",
                 f"{a.get('layers', '-')}→{b.get('layers', '-')}"]
    rules = ", ".join(fixed) if fixed else "none (unchanged)"
    if args:
        rules += f" ({args})"
    build = f"{'ok' if a['ok'] else 'FAIL'}/{'ok' if b['ok'] else 'FAIL'}"
    if verdict.startswith("skipped"):
        build = "-/-"
    rows.append([name, rules] + cells + [build, f"{sa}/{sb}", verdict])

head = ["case", "fixes applied", "original bytes", "rewritten bytes", "saved bytes", "saved MB",
        "saved %", "layers before→after", "build orig/rewrite", "smoke orig/rewrite", "verdict"]
print("| " + " | ".join(head) + " |")
print("|---|---|" + "---:|" * 5 + "---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print(f"| **total ({tot['n']} cases built both ways)** | | {tot['orig']:,} | {tot['new']:,} | "
      f"**{tot['saved']:,}** | **{mb(tot['saved'])}** | | {tot['lorig']}→{tot['lnew']} | | | |")
print()
print(f"{len(rows)} cases, {secs} s; per-case files under {out}/")
for p in problems:
    print("PROBLEM: " + p)
sys.exit(1 if broken_rewrite else 3 if broken_orig else 0)
PY

