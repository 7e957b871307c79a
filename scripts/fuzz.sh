#!/usr/bin/env bash
# Fuzzes what reads hostile input, each target for a bounded time (not part
# of CI): the PDF reader of uploads, the signature verifier, the multipart
# reader of uploads. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# (default 120 s each, every target). The corpus grows in fuzz/corpus/
# (seeded from tests/fixtures and tests/fuzz); a crash is copied to
# tests/fuzz/<target>/ to be fixed and kept: `cargo test --test
# integration fuzz_regressions::` replays every input there. The last line is JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(inspect_pdf verify_pdf upload_multipart)

# cargo-fuzz from crates.io; libFuzzer's instrumentation needs -Z flags,
# which the machine's stable toolchain takes with RUSTC_BOOTSTRAP.
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz@0.13.2
export RUSTC_BOOTSTRAP=1

results=()
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus" "tests/fuzz/$target"
  case "$target" in
    inspect_pdf|verify_pdf) cp -n tests/fixtures/*.pdf "$corpus/" 2>/dev/null || true ;;
  esac
  cp -n tests/fuzz/"$target"/* "$corpus/" 2>/dev/null || true
  log="fuzz/$target.log"
  status=0
  # -rss_limit_mb: the production child has 2 GiB; a bomb inside max_len
  # inflates at most ~1000:1.
  cargo fuzz run --fuzz-dir fuzz --sanitizer address "$target" "$corpus" -- \
    -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096 -timeout=30 \
    -artifact_prefix="tests/fuzz/$target/" >"$log" 2>&1 || status=$?
  runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || echo 0)
  found=$(find "tests/fuzz/$target" -newer "$corpus" -name 'crash-*' -o -newer "$corpus" -name 'oom-*' -o -newer "$corpus" -name 'timeout-*' | wc -l)
  echo "$target: ${runs:-0} runs in ${seconds}s, exit $status, $found new finding(s) (log: $log)"
  results+=("\"$target\":{\"runs\":${runs:-0},\"seconds\":$seconds,\"exit\":$status,\"findings\":$found}")
done
(IFS=,; echo "{${results[*]}}")
