#!/usr/bin/env bash
# Benchmark: document delivery from KyHop against nginx (Debian package) on
# the same file, same client, same run. Installs nginx when it is missing;
# the benchmark itself starts and stops it with its own config.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y -o DPkg::Lock::Timeout=600 nginx-light
fi
cargo bench --bench delivery -- "$@"
