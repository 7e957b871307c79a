#!/usr/bin/env bash
# Benchmark: `kyhop loadtest` against a fresh `kyhop serve` (release build)
# for each N in $DELEGATES (default "100 500 2000"), $ROUNDS polls each
# (default 3). One JSON line per N; the last line is the largest N.
# KYHOP_BIN=PATH measures another build instead (e.g. an older release, for
# a side-by-side run on the same machine). LOADTEST_BIN=PATH runs the load
# test client of another build (default: the same one), so that two servers
# face the same client; LOADTEST_ARGS adds options (e.g. "--guess-flood 2000":
# another laptop sends that many wrong pairing codes a second while the polls
# run). SERVER_LOG=FILE keeps the server's log there.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/support/listening.sh
. benches/support/listening.sh
if [ -n "${KYHOP_BIN:-}" ]; then
  bin=$KYHOP_BIN
else
  cargo build --release --quiet
  bin=target/release/kyhop
fi
rounds=${ROUNDS:-3}
for n in ${DELEGATES:-100 500 2000}; do
  tmp=$(mktemp -d)
  dir=$tmp/data # the counting key goes beside it, in $tmp
  mkdir "$dir"
  # Made before the server starts, which opens it in the background.
  : >"$dir/stdout"
  "$bin" serve --data-dir "$dir" --bind 127.0.0.1:0 >"$dir/stdout" 2>"${SERVER_LOG:-$dir/server.log}" &
  pid=$!
  url=$(listening_url "$dir/stdout" 10)
  # shellcheck disable=SC2086 # LOADTEST_ARGS is a list of options
  "${LOADTEST_BIN:-$bin}" loadtest --url "$url" --admin-password-file "$dir/initial-admin-password" \
    --delegates "$n" --rounds "$rounds" --server-pid "$pid" ${LOADTEST_ARGS:-} 2>/dev/null | tail -n 1
  kill "$pid"
  wait "$pid" || true
  rm -rf "$tmp"
done
