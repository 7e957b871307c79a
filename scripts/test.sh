#!/usr/bin/env bash
# Runs every test of KyHop: formatting, lints, unit and integration tests
# (real server on loopback, real SQLite files). On a fresh Debian 12 machine
# with Rust it first installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets -- -D warnings
echo "== cargo test"
cargo test
