#!/bin/sh
set -e
# optional extra packages, chosen when the container starts
if [ -n "$EXTRA_PACKAGES" ]; then
    apt-get install -y --no-install-recommends $EXTRA_PACKAGES
fi
exec "$@"
