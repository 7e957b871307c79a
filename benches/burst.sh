#!/usr/bin/env bash
# Benchmark: the floor under the ballot burst — 2,000 requests released at
# once against nginx answering from its config, KyHop's /healthz and its
# signed-in /api/auth/me (benches/burst.rs says more). Installs nginx when
# it is missing. Options go to the benchmark: --clients N --rounds R.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/support/nginx.sh
. benches/support/nginx.sh
ensure_nginx
cargo bench --bench burst -- "$@"
