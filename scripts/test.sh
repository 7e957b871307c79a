#!/usr/bin/env bash
# Runs every test of KyHop: the web UI's formatting, type check and unit
# tests, then Rust formatting, lints, unit and integration tests (real server
# on loopback, real SQLite files, real PDF validators). On a fresh Debian 12
# machine with Rust and Node.js 20 it first installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# One build, not the first of many: no incremental caches (in a clone
# run five times as CI runs it they had grown to 5.1 of target/'s 8.9 GB; set
# CARGO_INCREMENTAL=1 to keep them when running this again and again).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# The desktop app's host discovery (mDNS) stays on loopback during tests:
# nothing is announced onto a real network.
export KYHOP_MDNS_LOOPBACK_ONLY=1

echo "== ui: npm ci, prettier, svelte-check, vitest"
(
  cd ui
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent format:check
  npm run --silent check
  npm run --silent test
)

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== crate boundaries"
scripts/check-architecture.sh
scripts/check-feature-unification.sh
echo "== cargo clippy"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features desktop-keyring -- -D warnings
echo "== cargo test"
cargo test
echo "== the integration tests again on PostgreSQL (each test's server on a throwaway cluster)"
# `--tests` keeps the package selection of `cargo test` above, so its
# builds are reused (with `-p kyhop` cargo unifies features differently and
# rebuilds our crates; `--test '*'` refuses the keyring test's missing
# feature).
# (The package test installs a server on SQLite in a container: once is enough.)
KYHOP_TEST_DB=postgres cargo test --tests -- --skip the_package_installs
echo "== the API document is exact: schemathesis for every role (tests/api)"
.venv/bin/python tests/api/schemathesis_roles.py target/debug/kyhop --examples 3
echo "== the desktop keyring (a private session bus with GNOME Keyring)"
cargo test --features desktop-keyring --test keyring
echo "== end to end: a sitting in Chromium (tests/e2e)"
(
  cd tests/e2e
  npm ci --no-audit --no-fund --loglevel=error
  node sitting.mjs "$PWD/../../target/debug/kyhop"
  # A fresh install set up through the UI alone (the administration area).
  node admin_setup.mjs "$PWD/../../target/debug/kyhop"
)
echo "== desktop app (src-tauri): clippy, build"
cargo clippy -p kyhop-desktop -- -D warnings
cargo build -p kyhop-desktop
echo "== desktop end to end: the real window under Xvfb, in a session with a keyring (tests/desktop)"
(
  cd tests/desktop
  npm ci --no-audit --no-fund --loglevel=error
  ./with-keyring.sh node delegate.mjs "$PWD/../../target/debug/kyhop" "$PWD/../../target/debug/kyhop-desktop"
)
