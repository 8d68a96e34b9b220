"""e2e.py BOT - dfopt-bot end to end, all on this machine.

Each case builds a fresh repository: a bare git repository as the remote
(HEAD -> main), a clone as the user's checkout, and a FakeGitHub on
127.0.0.1 (fakegh.py). It runs the real dfopt-bot binary and asserts on
the requests the fake server recorded, the remote's branches, the bot's
exit code and stderr, and that the user's checkout is exactly as it was.
Prints one line per case and "bot: N passed, N failed".
"""
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fakegh import FakeGitHub  # noqa: E402

BOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./dfopt-bot")
DFOPT = os.path.abspath(os.environ.get("DFOPT_BIN", "./dfopt"))
BRANCH = "dfopt/optimize"

DF_APT = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD app.py /app/\n"
DF_APK = "FROM alpine:3.19\nRUN apk add git\n"
DF_CLEAN = "FROM alpine:3.19\nRUN apk add --no-cache git\n"
DF_BAD = "FROM alpine:3.19\nRUN <<EOF\necho never closed\n"


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def git(cwd, *args, check_rc=True, env=None):
    r = subprocess.run(["git", "-c", "user.name=Tester", "-c", "user.email=t@example.com", *args], cwd=cwd,
                       capture_output=True, text=True, env=env)
    if check_rc and r.returncode != 0:
        raise Fail("git %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout.strip()


class Repo:
    """remote.git (bare) + work (clone on main) + a fake GitHub."""

    def __init__(self, files):
        self.dir = tempfile.mkdtemp(prefix="dfopt-bot-e2e.")
        self.remote = os.path.join(self.dir, "remote.git")
        self.work = os.path.join(self.dir, "work")
        self.home = os.path.join(self.dir, "home")
        os.mkdir(self.home)
        git(self.dir, "init", "-q", "--bare", "-b", "main", self.remote)
        git(self.dir, "clone", "-q", self.remote, self.work)
        git(self.work, "checkout", "-q", "-b", "main")
        self.write(files)
        self.commit("initial")
        git(self.work, "push", "-q", "origin", "main")
        self.gh = FakeGitHub(self.remote)

    def write(self, files):
        for path, text in files.items():
            p = os.path.join(self.work, path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)

    def commit(self, msg):
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "-m", msg)

    def env(self, **over):
        e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
        e.update(HOME=self.home, GIT_CONFIG_NOSYSTEM="1", TMPDIR=self.dir,
                 GITHUB_TOKEN="test-token", GITHUB_REPOSITORY="octo/repo", GITHUB_API_URL=self.gh.url)
        for k, v in over.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def bot(self, *args, **env):
        r = subprocess.run([BOT, *args], cwd=self.work, capture_output=True, text=True, env=self.env(**env),
                           timeout=120)
        return r

    def branch(self, name=BRANCH):
        r = subprocess.run(["git", "--git-dir", self.remote, "rev-parse", "--verify", "-q", "refs/heads/" + name],
                           capture_output=True, text=True)
        return r.stdout.strip() or None

    def show(self, rev, path):
        return git(self.dir, "--git-dir", self.remote, "show", "%s:%s" % (rev, path))

    def snapshot(self):
        """Everything the bot must leave as it found it."""
        index = os.path.join(self.work, ".git", "index")
        with open(index, "rb") as f:
            ih = hashlib.sha256(f.read()).hexdigest()
        files = {}
        for root, dirs, names in os.walk(self.work):
            dirs[:] = [d for d in dirs if d != ".git"]
            for n in names:
                p = os.path.join(root, n)
                with open(p, "rb") as f:
                    files[os.path.relpath(p, self.work)] = f.read()
        return (git(self.work, "symbolic-ref", "-q", "HEAD", check_rc=False), git(self.work, "rev-parse", "HEAD"),
                git(self.work, "status", "--porcelain", "--ignored"), ih, files,
                git(self.work, "worktree", "list", "--porcelain"), git(self.work, "branch", "--list"),
                git(self.work, "stash", "list"))

    def leftovers(self):
        return [n for n in os.listdir(self.dir) if n.startswith("dfopt-bot.")]

    def close(self):
        self.gh.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def reqs(repo, method=None, path=None):
    return [r for r in repo.gh.requests
            if (method is None or r["method"] == method) and (path is None or r["path"] == path)]


def one_error_line(r, *needles):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(len(lines) == 1, "expected one line on stderr, got: %r" % r.stderr)
    for n in needles:
        check(n in lines[0], "stderr %r lacks %r" % (lines[0], n))


def untouched(repo, before, r):
    check(repo.snapshot() == before, "the user's checkout changed (rc %d, stderr %r)" % (r.returncode, r.stderr))
    check(repo.leftovers() == [], "temporary folders left: %r" % repo.leftovers())


# ---- cases ---------------------------------------------------------------------------

def case_open(repo):
    before = repo.snapshot()
    main = repo.branch("main")
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    check([q["method"] for q in repo.gh.requests] == ["GET", "POST"], "calls: %r" % repo.gh.requests)
    g, p = repo.gh.requests
    check(g["path"] == "/repos/octo/repo/pulls", g["path"])
    check(g["query"] == {"state": "open", "head": "octo:" + BRANCH}, "query %r" % g["query"])
    for q in repo.gh.requests:
        check(q["auth"] == "Bearer test-token", "auth %r" % q["auth"])
        check(q["accept"] == "application/vnd.github+json", "accept %r" % q["accept"])
        check((q["user_agent"] or "").startswith("dfopt-bot/"), "user agent %r" % q["user_agent"])
    check(p["path"] == "/repos/octo/repo/pulls", p["path"])
    b = p["body"]
    check(b["head"] == BRANCH and b["base"] == "main", "head/base %r %r" % (b["head"], b["base"]))
    check(b["title"] == "chore(docker): optimize Dockerfiles with dfopt", b["title"])
    body = b["body"]
    for s in ["#### `Dockerfile`", "**DF003 apt-lists-kept**", "[DL3009]", "/var/lib/apt/lists",
              "**DF012 add-for-local-files**", "[DL3020]", "ADD does three things", "line 3:",
              "### What it is worth", "image size: the apt package lists no longer ship (DF003, 1 fix)",
              "### Not applied", "**DF020 fat-base-image**", "unsafe fix, not applied",
              "saves 20 MB (42%)"]:
        check(s in body, "body lacks %r:\n%s" % (s, body))
    # the branch existed when the pull request was opened, on top of main
    sha = repo.branch()
    check(sha and p["branch_sha"] == sha, "branch at POST %r, now %r" % (p["branch_sha"], sha))
    check(git(repo.dir, "--git-dir", repo.remote, "rev-parse", sha + "^") == main, "bot commit not on main")
    check(repo.branch("main") == main, "main moved")
    fixed = repo.show(sha, "Dockerfile")
    check("rm -rf /var/lib/apt/lists/*" in fixed and "COPY app.py /app/" in fixed, fixed)
    subj = git(repo.dir, "--git-dir", repo.remote, "log", "-1", "--format=%s|%an", sha)
    check(subj == "chore(docker): optimize Dockerfiles with dfopt|dfopt-bot", subj)
    check("opened pull request #1" in r.stdout, r.stdout)


def case_several_one_unparsable(repo):
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    sha = repo.branch()
    check(sha, "no branch pushed")
    check("--no-cache" in repo.show(sha, "svc/a/Dockerfile"), "svc/a not fixed")
    check("--no-cache" in repo.show(sha, "svc/b/Dockerfile.prod"), "svc/b not fixed")
    check(repo.show(sha, "broken/Dockerfile") == DF_BAD.rstrip("\n"), "broken file changed")
    body = reqs(repo, "POST", "/repos/octo/repo/pulls")[0]["body"]["body"]
    for s in ["#### `svc/a/Dockerfile`", "#### `svc/b/Dockerfile.prod`", "### Files dfopt could not read or change",
              "- `broken/Dockerfile` line 2 (does not parse): unterminated heredoc", "3 Dockerfiles"]:
        check(s in body, "body lacks %r:\n%s" % (s, body))
    check("broken/Dockerfile:2: does not parse" in r.stderr, r.stderr)


def case_update(repo):
    r = repo.bot()
    check(r.returncode == 0, "first run: " + r.stderr)
    first = repo.branch()
    repo.write({"svc/Dockerfile": DF_APK})
    repo.commit("add svc")
    git(repo.work, "push", "-q", "origin", "main")
    main = repo.branch("main")
    repo.gh.requests.clear()
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    check([(q["method"], q["path"]) for q in repo.gh.requests] ==
          [("GET", "/repos/octo/repo/pulls"), ("PATCH", "/repos/octo/repo/pulls/1")], repr(repo.gh.requests))
    patch = repo.gh.requests[1]
    check(patch["body"]["base"] == "main" and "head" not in patch["body"], repr(patch["body"]))
    check("#### `svc/Dockerfile`" in patch["body"]["body"], patch["body"]["body"])
    second = repo.branch()
    check(second != first and patch["branch_sha"] == second, "branch not force-pushed before the update")
    check(git(repo.dir, "--git-dir", repo.remote, "rev-parse", second + "^") == main, "not rebased on main")
    check(len(repo.gh.prs) == 1, "a second pull request was opened")
    check("updated pull request #1" in r.stdout, r.stdout)
    # a third run with nothing new: same content, no push, body refreshed
    repo.gh.requests.clear()
    r = repo.bot()
    check(r.returncode == 0, r.stderr)
    check(repo.branch() == second, "branch pushed again although nothing changed")
    check([q["method"] for q in repo.gh.requests] == ["GET", "PATCH"], repr(repo.gh.requests))


def case_nothing(repo):
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    check([q["method"] for q in repo.gh.requests] == ["GET"], repr(repo.gh.requests))
    check(repo.branch() is None, "branch pushed")
    check("nothing to change" in r.stdout, r.stdout)


def case_close_stale(repo):
    n = repo.gh.add_pr()
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    calls = [(q["method"], q["path"]) for q in repo.gh.requests]
    check(calls == [("GET", "/repos/octo/repo/pulls"), ("POST", "/repos/octo/repo/issues/%d/comments" % n),
                    ("PATCH", "/repos/octo/repo/pulls/%d" % n)], repr(calls))
    check("nothing left to change" in repo.gh.requests[1]["body"]["body"], repr(repo.gh.requests[1]["body"]))
    check(repo.gh.requests[2]["body"] == {"state": "closed"}, repr(repo.gh.requests[2]["body"]))
    check(repo.gh.prs[n]["state"] == "closed", "not closed")
    check("closed pull request #%d" % n in r.stdout, r.stdout)


def case_close_fails(repo):
    n = repo.gh.add_pr()
    repo.gh.fail[("PATCH", "/repos/octo/repo/pulls/%d" % n)] = 500
    r = repo.bot()
    check(r.returncode == 3, "rc %d" % r.returncode)
    one_error_line(r, "close pull request #%d" % n, "HTTP 500")
    check(repo.gh.comments == {}, "the closing comment stayed: %r" % repo.gh.comments)
    check(reqs(repo, "DELETE"), "comment not deleted")


def make_error_case(status):
    def case(repo):
        repo.gh.fail[("POST", "/repos/octo/repo/pulls")] = status
        before = repo.snapshot()
        r = repo.bot()
        check(r.returncode == 3, "rc %d: %s" % (r.returncode, r.stderr))
        untouched(repo, before, r)
        one_error_line(r, "open the pull request", "HTTP %d" % status, "push was undone")
        post = reqs(repo, "POST", "/repos/octo/repo/pulls")
        check(len(post) == 1 and post[0]["branch_sha"], "POST without the branch pushed")
        check(repo.branch() is None, "branch left without its pull request")
    return case


def make_get_error_case(status):
    def case(repo):
        repo.gh.fail[("GET", "/repos/octo/repo/pulls")] = status
        r = repo.bot()
        check(r.returncode == 3, "rc %d: %s" % (r.returncode, r.stderr))
        one_error_line(r, "find the bot's pull request", "HTTP %d" % status)
        check([q["method"] for q in repo.gh.requests] == ["GET"], repr(repo.gh.requests))
        check(repo.branch() is None, "pushed although GitHub refused")
    return case


def case_declined(repo):
    r = repo.bot()
    check(r.returncode == 0, r.stderr)
    sha = repo.branch()
    repo.gh.prs[1]["state"] = "closed"  # the maintainer closes it unmerged
    repo.gh.requests.clear()
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    check([(q["method"], q["query"].get("state")) for q in repo.gh.requests] == [("GET", "open"), ("GET", "closed")],
          repr(repo.gh.requests))
    check(repo.branch() == sha and len(repo.gh.prs) == 1, "proposed again")
    check("closed without merging" in r.stdout, r.stdout)
    # a new change on main is a new proposal
    repo.write({"svc/Dockerfile": DF_APK})
    repo.commit("add svc")
    git(repo.work, "push", "-q", "origin", "main")
    r = repo.bot()
    check(r.returncode == 0, r.stderr)
    check(len(repo.gh.prs) == 2 and repo.gh.prs[2]["state"] == "open", "no new pull request for a new change")
    # a merged one does not count as declined
    repo.gh.prs[2].update(state="closed", merged_at="2026-12-04T00:00:00Z")
    repo.gh.requests.clear()
    r = repo.bot()
    check(len(repo.gh.prs) == 3, "merged pull request taken as declined: " + r.stdout)


def case_update_fails_restores(repo):
    r = repo.bot()
    check(r.returncode == 0, r.stderr)
    first = repo.branch()
    repo.write({"svc/Dockerfile": DF_APK})
    repo.commit("add svc")
    git(repo.work, "push", "-q", "origin", "main")
    repo.gh.fail[("PATCH", "/repos/octo/repo/pulls/1")] = 422
    r = repo.bot()
    check(r.returncode == 3, "rc %d" % r.returncode)
    one_error_line(r, "update pull request #1", "HTTP 422", "back as it was")
    check(repo.branch() == first, "branch not restored")


def case_push_fails(repo):
    hook = os.path.join(repo.remote, "hooks", "pre-receive")
    with open(hook, "w") as f:
        f.write("#!/bin/sh\necho 'protected: no pushes today' >&2\nexit 1\n")
    os.chmod(hook, 0o755)
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 3, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    one_error_line(r, "push %s to origin" % BRANCH)
    check(reqs(repo, "POST") == [] and reqs(repo, "PATCH") == [], "GitHub written after a failed push")
    check(repo.branch() is None, "branch exists")


def case_network(repo):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    before = repo.snapshot()
    r = repo.bot(GITHUB_API_URL="http://127.0.0.1:%d" % port)
    check(r.returncode == 3, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    one_error_line(r, "find the bot's pull request", "network error")
    check(repo.branch() is None, "branch pushed without GitHub")


def case_dirty(repo):
    with open(os.path.join(repo.work, "Dockerfile"), "a") as f:
        f.write("# local edit\n")
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 2, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    one_error_line(r, "uncommitted changes")
    check(repo.gh.requests == [] and repo.branch() is None, "did something on a dirty tree")


def case_detached(repo):
    git(repo.work, "checkout", "-q", "--detach")
    before = repo.snapshot()
    r = repo.bot()
    check(r.returncode == 2, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    one_error_line(r, "HEAD is detached")
    check(repo.gh.requests == [] and repo.branch() is None, "did something on a detached HEAD")


def case_dry_run(repo):
    before = repo.snapshot()
    r = repo.bot("--dry-run", GITHUB_TOKEN=None)
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    untouched(repo, before, r)
    check(repo.gh.requests == [], "API called: %r" % repo.gh.requests)
    check(repo.branch() is None, "pushed")
    out = r.stdout
    check(out.startswith("chore(docker): optimize Dockerfiles with dfopt\n\n"), out[:200])
    check("**DF003 apt-lists-kept**" in out, "no body")
    check("diff --git a/Dockerfile b/Dockerfile\n" in out and "+COPY app.py /app/\n" in out, "no diff")


def case_config_and_paths(repo):
    r = repo.bot("svc")
    check(r.returncode == 0, r.stderr)
    body = reqs(repo, "POST", "/repos/octo/repo/pulls")[0]["body"]["body"]
    check("`svc/Dockerfile`" in body and "#### `Dockerfile`" not in body, body)
    check("DF007" not in body, ".dfopt.json ignore not honoured:\n" + body)
    check("DF004" in body, body)


def case_same_branch(repo):
    r = repo.bot("--dry-run", "--branch", "main")
    check(r.returncode == 2, "rc %d" % r.returncode)
    one_error_line(r, "never commits on the base")


def case_no_token(repo):
    r = repo.bot(GITHUB_TOKEN=None)
    check(r.returncode == 2, "rc %d" % r.returncode)
    one_error_line(r, "GITHUB_TOKEN is not set")
    check(repo.gh.requests == [], "called GitHub")


def case_symlink_never_written(repo):
    outside = os.path.join(repo.dir, "outside")
    os.mkdir(outside)
    target = os.path.join(outside, "Dockerfile")
    with open(target, "w") as f:
        f.write(DF_APK)
    os.symlink(target, os.path.join(repo.work, "svc", "Dockerfile"))
    repo.commit("a symlinked Dockerfile")
    git(repo.work, "push", "-q", "origin", "main")
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    with open(target) as f:
        check(f.read() == DF_APK, "wrote through a symbolic link")
    body = reqs(repo, "POST", "/repos/octo/repo/pulls")[0]["body"]["body"]
    check("- `svc/Dockerfile` (not changed): a symbolic link" in body, body)


def case_shallow_clone(repo):
    for i in range(3):  # some history for the clone to leave out
        repo.write({"notes.txt": "%d\n" % i})
        repo.commit("notes %d" % i)
    git(repo.work, "push", "-q", "origin", "main")
    shallow = os.path.join(repo.dir, "shallow")
    git(repo.dir, "clone", "-q", "--depth", "1", "file://" + repo.remote, shallow)
    repo.work = shallow
    r = repo.bot()
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    r = repo.bot()
    check(r.returncode == 0, "second run, rc %d: %s" % (r.returncode, r.stderr))
    check([q["method"] for q in repo.gh.requests] == ["GET", "POST", "GET", "PATCH"], repr(repo.gh.requests))
    check(git(shallow, "rev-parse", "--is-shallow-repository") == "true", "no longer shallow")


def case_help_documented(repo):
    import re
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    r = subprocess.run([BOT, "--help"], capture_output=True, text=True)
    check(r.returncode == 0, "--help rc %d" % r.returncode)
    opts = sorted(set(re.findall(r"--[a-z][a-z-]*", r.stdout)))
    check("--dry-run" in opts and "--base" in opts, repr(opts))
    with open(os.path.join(root, "docs", "dfopt-bot.1")) as f:
        man = f.read()
    with open(os.path.join(root, "README.md")) as f:
        readme = f.read()
    for o in opts:
        check(o.replace("-", "\\-") in man, "%s missing from docs/dfopt-bot.1" % o)
        check(o in readme, "%s missing from README.md" % o)


def action_step(repo, mode, **inputs):
    """Run the "Run dfopt" step of action.yml the way a runner would: its
    env block with the inputs filled in, bash, the built binaries on PATH."""
    import yaml
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "action.yml")) as f:
        action = yaml.safe_load(f)
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values.update(inputs, mode=mode)
    values["token"] = "test-token"
    step = [s for s in action["runs"]["steps"] if s.get("id") == "run"][0]
    env = repo.env(GITHUB_TOKEN=None)
    for k, v in step["env"].items():
        name = v.strip()[len("${{ inputs."):-len(" }}")]
        env[k] = values[name]
    out = os.path.join(repo.dir, "github_output")
    open(out, "w").close()
    bindir = os.path.join(repo.dir, "bin")
    os.makedirs(bindir, exist_ok=True)
    for name, path in (("dfopt", DFOPT), ("dfopt-bot", BOT)):
        if not os.path.exists(os.path.join(bindir, name)):
            os.symlink(path, os.path.join(bindir, name))
    env.update(GITHUB_OUTPUT=out, PATH=bindir + os.pathsep + env.get("PATH", ""))
    # what a runner runs for shell: bash
    r = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]], cwd=repo.work, env=env, capture_output=True, text=True,
                       timeout=120)
    with open(out) as f:
        r.github_output = f.read()
    return r


def case_action_check(repo):
    r = action_step(repo, "check")
    check(r.returncode == 1, "rc %d: %s" % (r.returncode, r.stderr))
    check("+RUN apk add --no-cache git" in r.stdout and "::error::dfopt: fixes are pending" in r.stdout, r.stdout)
    repo.write({"Dockerfile": DF_CLEAN})
    repo.commit("fixed")
    r = action_step(repo, "check", paths="Dockerfile\nsvc")
    check(r.returncode == 0, "rc %d: %s %s" % (r.returncode, r.stdout, r.stderr))


def case_action_sarif(repo):
    r = action_step(repo, "sarif", **{"sarif-file": "out.sarif"})
    check(r.returncode == 0, "rc %d: %s" % (r.returncode, r.stderr))
    check("sarif-file=out.sarif" in r.github_output, r.github_output)
    import json
    with open(os.path.join(repo.work, "out.sarif")) as f:
        doc = json.load(f)
    check(doc["version"] == "2.1.0", doc.get("version"))
    rules = {res["ruleId"] for res in doc["runs"][0]["results"]}
    check("DF007" in rules, repr(rules))


def case_action_pr(repo):
    r = action_step(repo, "pr", **{"unsafe-fixes": "true", "branch": "bots/dfopt"})
    check(r.returncode == 0, "rc %d: %s %s" % (r.returncode, r.stdout, r.stderr))
    post = reqs(repo, "POST", "/repos/octo/repo/pulls")
    check(len(post) == 1 and post[0]["body"]["head"] == "bots/dfopt", repr(repo.gh.requests))
    check(post[0]["auth"] == "Bearer test-token", post[0]["auth"])
    sha = repo.branch("bots/dfopt")
    check(sha and "COPY data /data/" in repo.show(sha, "Dockerfile"), "unsafe-fixes not passed")


CASES = [
    ("open", {"Dockerfile": DF_APT, "app.py": "print(1)\n"}, case_open),
    ("several Dockerfiles, one does not parse",
     {"svc/a/Dockerfile": DF_APK, "svc/b/Dockerfile.prod": DF_APK, "broken/Dockerfile": DF_BAD}, case_several_one_unparsable),
    ("update", {"Dockerfile": DF_APT, "app.py": "x\n"}, case_update),
    ("nothing to change", {"Dockerfile": DF_CLEAN}, case_nothing),
    ("close stale", {"Dockerfile": DF_CLEAN}, case_close_stale),
    ("close stale: close fails, comment undone", {"Dockerfile": DF_CLEAN}, case_close_fails),
] + [("HTTP %d on open: push undone" % s, {"Dockerfile": DF_APK}, make_error_case(s))
     for s in (401, 403, 404, 422, 500)] + [
    ("HTTP %d on list: nothing pushed" % s, {"Dockerfile": DF_APK}, make_get_error_case(s)) for s in (401, 403, 404, 500)
] + [
    ("a pull request closed unmerged is not opened again", {"Dockerfile": DF_APT, "app.py": "x\n"}, case_declined),
    ("HTTP 422 on update: branch restored", {"Dockerfile": DF_APT, "app.py": "x\n"}, case_update_fails_restores),
    ("failed push", {"Dockerfile": DF_APK}, case_push_fails),
    ("network failure", {"Dockerfile": DF_APK}, case_network),
    ("dirty tree", {"Dockerfile": DF_APK}, case_dirty),
    ("detached HEAD", {"Dockerfile": DF_APK}, case_detached),
    ("dry run touches nothing", {"Dockerfile": DF_APT, "app.py": "x\n"}, case_dry_run),
    ("PATH argument and .dfopt.json", {"Dockerfile": DF_APT, "app.py": "x\n", "svc/Dockerfile":
                                       "FROM debian:12\nRUN apk add git && apt-get update && apt-get install -y curl\n",
                                       ".dfopt.json": '{"ignore": ["DF007"]}\n'}, case_config_and_paths),
    ("bot branch equal to base refused", {"Dockerfile": DF_APK}, case_same_branch),
    ("no token", {"Dockerfile": DF_APK}, case_no_token),
    ("a symlinked Dockerfile is never written through", {"Dockerfile": DF_APK, "svc/x": "x\n"},
     case_symlink_never_written),
    ("shallow clone (CI checkout)", {"Dockerfile": DF_APK}, case_shallow_clone),
    ("every --help option is in the man page and README", {"Dockerfile": DF_APK}, case_help_documented),
    ("action.yml mode check", {"Dockerfile": DF_APK, "svc/Dockerfile": DF_CLEAN}, case_action_check),
    ("action.yml mode sarif", {"Dockerfile": DF_APK}, case_action_sarif),
    ("action.yml mode pr", {"Dockerfile": "FROM alpine:3.19\nADD data /data/\n"}, case_action_pr),
]


def main():
    if not os.access(BOT, os.X_OK):
        print("bot: %s not built" % BOT)
        print("bot: 0 passed, 1 failed")
        return 1
    only = os.environ.get("BOT_CASE")
    passed = failed = 0
    for name, files, fn in CASES:
        if only and only not in name:
            continue
        repo = Repo(files)
        try:
            fn(repo)
            passed += 1
            print("ok   %s" % name)
        except Fail as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
        except Exception:
            failed += 1
            print("FAIL %s: %s" % (name, traceback.format_exc()))
        finally:
            repo.close()
    print("bot: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
