#!/usr/bin/env bash
# Benchmark: the desktop app as it ships (profile `desktop`) — cold start,
# memory of its process tree with a 100-page document open, binary size —
# driven through its real window under Xvfb (tests/desktop/delegate.mjs,
# in a session with a keyring). Last line: JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
cargo build --quiet -p kyhop-desktop --profile desktop --features custom-protocol
cd tests/desktop
npm ci --no-audit --no-fund --loglevel=error
./with-keyring.sh node delegate.mjs "$PWD/../../target/debug/kyhop" "$PWD/../../target/desktop/kyhop-desktop"
