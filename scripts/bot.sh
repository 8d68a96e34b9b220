#!/bin/sh
# bot.sh [check] - dfopt-bot end to end (tests/bot/e2e.py): a bare git
# remote, a fake GitHub on 127.0.0.1, the real binary ($DFOPT_BOT_BIN).
# Prints "bot: N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
exec python3 tests/bot/e2e.py "${DFOPT_BOT_BIN:-./dfopt-bot}"
