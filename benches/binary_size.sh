#!/usr/bin/env bash
# Benchmark: the size of the server binary as packaged (the `dist` profile:
# fat LTO, one codegen unit, no debug info, stripped), against the target of
# 40 MB (10^6 bytes). A cold build takes ~20 minutes on 2 cores.
# KYHOP_BIN=PATH measures that binary instead. Last line: JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${KYHOP_BIN:-}" ]; then
  bin=$KYHOP_BIN
else
  cargo build --locked --quiet --profile dist --bin kyhop
  bin=target/dist/kyhop
fi
bytes=$(stat -c %s "$bin")
stripped=$(file -b "$bin" | grep -c ', stripped' || true)
python3 -c "import json,sys; b=int(sys.argv[1]); print(json.dumps({'bytes': b, 'mb': round(b/1e6, 2), 'target_mb': 40, 'stripped': sys.argv[2] == '1'}))" "$bytes" "$stripped"
