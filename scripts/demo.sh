#!/bin/sh
# demo.sh - run dfopt on the bundled example and show what it would change.
set -u
cd "$(dirname "$0")/.." || exit 2
echo "== dfopt --diff examples/Dockerfile"
./dfopt --diff examples/Dockerfile
rc=$?
# exit 1 means "changes pending": expected for the example
[ "$rc" -le 1 ] || exit "$rc"
echo "== dfopt --list-rules"
./dfopt --list-rules
