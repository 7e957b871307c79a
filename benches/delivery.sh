#!/usr/bin/env bash
# Benchmark: document delivery from KyHop against nginx (Debian package) on
# the same file, same client, same run. Installs nginx when it is missing;
# the benchmark itself starts and stops it with its own config.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/support/nginx.sh
. benches/support/nginx.sh
ensure_nginx
cargo bench --bench delivery -- "$@"
