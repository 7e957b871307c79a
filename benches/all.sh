#!/usr/bin/env bash
# Every benchmark, one after the other, on this machine: one JSON line per
# benchmark ({"benchmark": NAME, "seconds": …, "figures": <its last line>}),
# then a summary line ({"summary": …}) that lists which ran, which failed,
# which were skipped (desktop, without Xvfb) and how long it all took.
#
#   benches/all.sh                 everything, at the sizes BENCHMARKS.md uses
#   benches/all.sh --short         smaller runs (a smoke test of the commands)
#   benches/all.sh --only search,ingest
#
# Benchmarks: fanout, loadtest (100, 500 and 2,000 delegates), instructions
# (server instructions per ballot under callgrind), burst (2,000 requests
# at once against nginx and KyHop's cheapest routes: the floor under a
# ballot burst), search, ingest,
# delivery (against nginx), sign, long_term (issue at B-LTA against B-B),
# ocr (a 20-page scan read, against tesseract by hand), backup (kyhop
# backup against sqlite3 .backup), binary_size (the packaged server),
# sealing, packet_sync, and desktop (the real window under Xvfb; run when
# Xvfb is installed). Each one's own
# output goes to $BENCH_LOGS (default: a temporary directory, named in the
# summary). Nothing else should run on the machine meanwhile: the latency
# figures move with its load (the CPU and instruction figures do not).
set -uo pipefail
cd "$(dirname "$0")/.."

short=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=1 ;;
    --only) only=${2:?--only needs a list}; shift ;;
    --only=*) only=${1#--only=} ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
logs=${BENCH_LOGS:-$(mktemp -d)}
mkdir -p "$logs"

all=(fanout loadtest instructions burst search ingest delivery sign long_term ocr backup binary_size sealing packet_sync desktop)
if [ -n "$only" ]; then
  IFS=, read -r -a chosen <<<"$only"
  for name in "${chosen[@]}"; do
    [[ " ${all[*]} " == *" $name "* ]] || { echo "no benchmark called $name (${all[*]})" >&2; exit 2; }
  done
else
  chosen=("${all[@]}")
fi

# The command of each benchmark, at full or short size.
command_of() {
  local full=$1 small=$2
  if [ "$short" = 1 ]; then echo "$small"; else echo "$full"; fi
}
declare -A commands=(
  [fanout]=$(command_of "cargo bench --bench fanout" "cargo bench --bench fanout -- --clients 100,500 --events 10")
  [loadtest]=$(command_of "benches/loadtest.sh" "DELEGATES='100 500' ROUNDS=2 benches/loadtest.sh")
  [instructions]=$(command_of "benches/ballot_instructions.sh" "DELEGATES=50 ROUNDS=1 benches/ballot_instructions.sh")
  [burst]=$(command_of "benches/burst.sh" "benches/burst.sh --clients 500 --rounds 2")
  [search]=$(command_of "cargo bench --bench search" "cargo bench --bench search -- --pages 2000 --queries 200")
  [ingest]=$(command_of "cargo bench --bench ingest" "cargo bench --bench ingest -- --pages 30 --runs 1")
  [delivery]=$(command_of "benches/delivery.sh" "benches/delivery.sh --clients 20 --megabytes 5 --rounds 1")
  [sign]=$(command_of "cargo bench --bench sign" "cargo bench --bench sign -- --runs 3 --reference-runs 1")
  [long_term]=$(command_of "cargo bench --bench long_term" "cargo bench --bench long_term -- --runs 3")
  [ocr]=$(command_of "cargo bench --bench ocr" "cargo bench --bench ocr -- --pages 4 --runs 1")
  [backup]=$(command_of "cargo bench --bench backup" "cargo bench --bench backup -- --pages 2000 --delegates 50 --rounds 2 --runs 1")
  [binary_size]="benches/binary_size.sh"
  [sealing]=$(command_of "cargo bench --bench sealing" "cargo bench --bench sealing -- --ballots 100")
  [packet_sync]=$(command_of "cargo bench --bench packet_sync" "cargo bench --bench packet_sync -- --files 2 --megabytes 2 --rounds 1")
  [desktop]="benches/desktop.sh"
)

started=$(date +%s)
ran=()
failed=()
skipped=()
for name in "${chosen[@]}"; do
  if [ "$name" = desktop ] && ! command -v Xvfb >/dev/null; then
    skipped+=("desktop")
    continue
  fi
  log=$logs/$name.log
  t0=$(date +%s)
  # loadtest prints one line per size: keep them all.
  if bash -c "${commands[$name]}" >"$log" 2>&1; then
    ran+=("$name")
    status=ok
  else
    failed+=("$name")
    status=failed
  fi
  seconds=$(($(date +%s) - t0))
  python3 - "$name" "$status" "$seconds" "$log" <<'EOF'
import json, sys

name, status, seconds, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
figures = []
for line in open(log, errors="replace"):
    line = line.strip()
    if line.startswith("{"):
        try:
            figures.append(json.loads(line))
        except ValueError:
            pass
# A benchmark's figures are its last JSON line; the load test gives one
# per number of delegates.
shown = figures if name == "loadtest" else (figures[-1] if figures else None)
print(json.dumps({"benchmark": name, "status": status, "seconds": seconds, "figures": shown},
                 ensure_ascii=False, sort_keys=True))
EOF
done
python3 - "$(($(date +%s) - started))" "$logs" "${#ran[@]}" "${ran[*]:-}" "${failed[*]:-}" "${skipped[*]:-}" <<'EOF'
import json, sys

seconds, logs, _, ran, failed, skipped = sys.argv[1:7]
print(json.dumps({"summary": {
    "seconds": int(seconds),
    "ran": ran.split(),
    "failed": failed.split(),
    "skipped": skipped.split(),
    "logs": logs,
}}, ensure_ascii=False, sort_keys=True))
EOF
[ ${#failed[@]} -eq 0 ]
