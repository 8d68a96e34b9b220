#!/usr/bin/env python3
"""count-reports.py [--dfopt BIN] [--list] FOLDER...

Counts, over every file of each FOLDER, what a maintainer reading
`dfopt --diff FILE` would find confusing in the findings (stderr):

  twice     a finding reported twice: once "fix (..., not applied: it
            overlaps another fix)" and again, for the same rule,
            "(found after earlier fixes)" and applied
  no-line   a finding printed without its line (FILE: severity: ...)

and prints one line per folder: files, findings, twice, no-line. With
--list, each file with a finding of either kind, and the rules concerned.
One dfopt process per file, default rules and options (what a new user
runs); nothing is written.
"""
import os
import re
import subprocess
import sys

HEAD = re.compile(r"^(?P<loc>.*?)(?P<pos>:\d+:\d+)?: (info|warning|error): .* \[(?P<rule>DF\d+)\](?P<later> \(found after earlier fixes\))?$")


def findings(dfopt, path):
    """[(rule, has_line, later, fix_line or None)] of one file."""
    p = subprocess.run([dfopt, "--diff", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = p.stderr.decode("utf-8", "replace").split("\n")
    out = []
    for i, ln in enumerate(lines):
        if not ln.startswith(path):
            continue
        m = HEAD.match(ln)
        if not m or m.group("loc") != path:
            continue
        fix = None
        for nxt in lines[i + 1:i + 4]:
            if nxt.startswith("  = "):
                fix = nxt
                break
            if nxt.startswith(path):
                break
        out.append((m.group("rule"), m.group("pos") is not None, m.group("later") is not None, fix))
    return out


def main(argv):
    dfopt = "./dfopt"
    listing = False
    folders = []
    it = iter(argv)
    for a in it:
        if a == "--dfopt":
            dfopt = next(it)
        elif a == "--list":
            listing = True
        else:
            folders.append(a)
    if not folders:
        print(__doc__, file=sys.stderr)
        return 2
    for folder in folders:
        files = sorted(os.path.join(folder, n) for n in os.listdir(folder))
        files = [f for f in files if os.path.isfile(f)]
        nf = nd = twice = noline = 0
        for f in files:
            ds = findings(dfopt, f)
            nf += 1
            nd += len(ds)
            blocked = {r for r, _, _, fix in ds if fix and "not applied: it overlaps another fix" in fix}
            again = {r for r, _, later, _ in ds if later}
            t = blocked & again
            n = [r for r, has_line, _, _ in ds if not has_line]
            twice += len(t)
            noline += len(n)
            if listing and (t or n):
                print("%s\ttwice: %s\tno-line: %s" % (f, ",".join(sorted(t)) or "-", ",".join(n) or "-"))
        print("%s: files %d, findings %d, twice %d, no-line %d" % (folder, nf, nd, twice, noline))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
