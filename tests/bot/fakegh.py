"""fakegh.py - a GitHub REST stand-in for dfopt-bot's tests.

Listens on 127.0.0.1 (ephemeral port), answers the calls the bot makes
(list, open and update pull requests, comment, close, delete a comment)
and records every request: method, path, query, Authorization header, JSON
body, and the sha the bot branch had on the bare remote at that moment, so
that tests can assert that no pull request is ever opened without its branch.

    gh = FakeGitHub(remote_git_dir)          # starts serving
    gh.fail[("POST", "/repos/octo/repo/pulls")] = 422
    ... run dfopt-bot with GITHUB_API_URL=gh.url ...
    gh.requests  -> list of dicts
    gh.close()
"""
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

REASONS = {
    401: {"message": "Bad credentials"},
    403: {"message": "Resource not accessible by integration"},
    404: {"message": "Not Found"},
    422: {"message": "Validation Failed",
          "errors": [{"resource": "PullRequest", "code": "custom",
                      "message": "A pull request already exists for octo:dfopt/optimize."}]},
    500: {"message": "Server Error"},
}


class FakeGitHub:
    def __init__(self, remote, owner="octo", repo="repo"):
        self.remote = remote
        self.owner = owner
        self.repo = repo
        self.requests = []
        self.fail = {}          # (method, path) -> status
        self.prs = {}           # number -> pull request object
        self.comments = {}      # id -> (issue number, body)
        self.next_number = 1
        self.next_comment = 100
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _answer(self, status, obj):
                data = b"" if obj is None else json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                u = urlsplit(self.path)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = {"_unparsed": raw.decode("utf-8", "replace")}
                with fake.lock:
                    rec = {
                        "method": self.command,
                        "path": u.path,
                        "query": {k: v[0] for k, v in parse_qs(u.query).items()},
                        "auth": self.headers.get("Authorization"),
                        "accept": self.headers.get("Accept"),
                        "user_agent": self.headers.get("User-Agent"),
                        "body": body,
                        "branch_sha": fake.branch_sha(body.get("head") if isinstance(body, dict) and
                                                      body.get("head") else "dfopt/optimize"),
                    }
                    fake.requests.append(rec)
                    st = fake.fail.get((self.command, u.path))
                    if st:
                        return self._answer(st, REASONS.get(st, {"message": "error"}))
                    status, obj = fake.route(self.command, u.path, rec["query"], body)
                return self._answer(status, obj)

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def branch_sha(self, branch):
        r = subprocess.run(["git", "--git-dir", self.remote, "rev-parse", "--verify", "-q",
                            "refs/heads/" + branch], capture_output=True, text=True)
        return r.stdout.strip() or None

    def add_pr(self, head="dfopt/optimize", base="main", title="old title", body="old body"):
        n = self.next_number
        self.next_number += 1
        self.prs[n] = {"number": n, "state": "open", "title": title, "body": body,
                       "head": {"ref": head, "label": self.owner + ":" + head, "sha": self.branch_sha(head)},
                       "merged_at": None,
                       "base": {"ref": base},
                       "html_url": "https://github.example/%s/%s/pull/%d" % (self.owner, self.repo, n)}
        return n

    def route(self, method, path, query, body):
        root = "/repos/%s/%s" % (self.owner, self.repo)
        if not path.startswith(root + "/"):
            return 404, REASONS[404]
        rest = path[len(root):].split("/")[1:]
        if rest == ["pulls"] and method == "GET":
            out = [p for p in self.prs.values()
                   if (query.get("state", "open") in ("all", p["state"]))
                   and (not query.get("head") or query["head"] == p["head"]["label"])]
            return 200, out
        if rest == ["pulls"] and method == "POST":
            for k in ("title", "head", "base", "body"):
                if not isinstance(body, dict) or k not in body:
                    return 422, {"message": "Validation Failed", "errors": [{"code": "missing_field", "field": k}]}
            if not self.branch_sha(body["head"]):
                return 422, {"message": "Validation Failed", "errors": [{"field": "head", "code": "invalid"}]}
            n = self.add_pr(body["head"], body["base"], body["title"], body["body"])
            return 201, self.prs[n]
        if len(rest) == 2 and rest[0] == "pulls" and method == "PATCH":
            p = self.prs.get(int(rest[1]))
            if not p:
                return 404, REASONS[404]
            for k in ("title", "body", "state"):
                if k in body:
                    p[k] = body[k]
            if "base" in body:
                p["base"] = {"ref": body["base"]}
            return 200, p
        if len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" and method == "POST":
            cid = self.next_comment
            self.next_comment += 1
            self.comments[cid] = (int(rest[1]), body.get("body"))
            return 201, {"id": cid, "body": body.get("body")}
        if len(rest) == 3 and rest[:2] == ["issues", "comments"] and method == "DELETE":
            self.comments.pop(int(rest[2]), None)
            return 204, None
        return 404, REASONS[404]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
