#!/bin/sh
# precommit.sh [check] - the hooks of .pre-commit-hooks.yaml, run by the
# real pre-commit on a temporary repository, with the built dfopt first on
# PATH (the hooks are language: system, like hadolint's).
# Prints "precommit: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
bin=${DFOPT_BIN:-$root/dfopt}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
if ! command -v pre-commit >/dev/null 2>&1 || [ ! -x "$bin" ]; then
    echo "precommit: pre-commit or $bin missing"
    echo "precommit: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dfopt-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/home"
ln -s "$bin" "$tmp/bin/dfopt"
export PATH="$tmp/bin:$PATH" HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=t@example.com
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# the hooks repository: this project's .pre-commit-hooks.yaml at a commit
hooks="$tmp/hooks"
git init -q -b main "$hooks"
cp .pre-commit-hooks.yaml "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m hooks
rev=$(git -C "$hooks" rev-parse HEAD)

# a project using them
proj="$tmp/proj"
git init -q -b main "$proj"
mkdir -p "$proj/svc"
printf 'FROM alpine:3.19\nRUN apk add git\n' >"$proj/Dockerfile"
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\n' >"$proj/svc/Dockerfile.prod"
printf 'node_modules\n' >"$proj/svc/Dockerfile.prod.dockerignore"
printf 'RUN apk add git\n' >"$proj/notes.txt"
cat >"$proj/.pre-commit-config.yaml" <<EOC
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: dfopt-check
      - id: dfopt
EOC
git -C "$proj" add -A
git -C "$proj" commit -q -m init
cd "$proj" || exit 2
orig=$(cat Dockerfile)

out=$(pre-commit run dfopt-check --all-files 2>&1)
rc=$?
if [ "$rc" = 1 ] && printf '%s' "$out" | grep -q '^Dockerfile$' && [ "$(cat Dockerfile)" = "$orig" ]; then
    ok "dfopt-check fails on a pending fix, lists the file, changes nothing"
else
    ko "dfopt-check on a pending fix (rc $rc)" "$out"
fi
if printf '%s' "$out" | grep -q 'dockerignore\|notes.txt'; then
    ko "dfopt-check looked at files that are not Dockerfiles" "$out"
else
    ok "dfopt-check skips .dockerignore and other files"
fi

out=$(pre-commit run dfopt --all-files 2>&1)
rc=$?
if [ "$rc" = 1 ] && printf '%s' "$out" | grep -q 'files were modified by this hook' &&
    grep -q 'apk add --no-cache git' Dockerfile && [ "$(cat notes.txt)" = "RUN apk add git" ]; then
    ok "dfopt fixes the Dockerfile and fails the run so the fix gets reviewed"
else
    ko "dfopt fixing hook (rc $rc)" "$out"
fi

git add -A
out=$(pre-commit run --all-files 2>&1)
rc=$?
if [ "$rc" = 0 ]; then
    ok "both hooks pass once the fixes are in"
else
    ko "both hooks on fixed files (rc $rc)" "$out"
fi

# through git: the installed hook blocks a commit with a pending fix
pre-commit install -q >/dev/null 2>&1 || pre-commit install >/dev/null 2>&1
printf 'FROM alpine:3.19\nRUN apk add make\n' >svc/Dockerfile
git add svc/Dockerfile
if git commit -q -m 'add svc' >"$tmp/commit.out" 2>&1; then
    ko "git commit went through with a pending fix" "$(cat "$tmp/commit.out")"
elif grep -q 'apk add --no-cache make' svc/Dockerfile; then
    ok "git commit stops on a pending fix; the file is fixed for review"
else
    ko "git commit stopped but the file is not fixed" "$(cat "$tmp/commit.out")"
fi

printf 'FROM alpine:3.19\nRUN <<EOF\n' >broken.Dockerfile
git add broken.Dockerfile
out=$(pre-commit run dfopt-check --files broken.Dockerfile 2>&1)
rc=$?
if [ "$rc" != 0 ] && printf '%s' "$out" | grep -q 'broken.Dockerfile:2:.*error'; then
    ok "a Dockerfile that does not parse fails the check with its line"
else
    ko "unparsable Dockerfile (rc $rc)" "$out"
fi

echo "precommit: $pass passed, $fail failed"
[ "$fail" = 0 ]
