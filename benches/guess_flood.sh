#!/usr/bin/env bash
# Benchmark: what a flood of wrong pairing codes from one address costs the
# server. For each build (KYHOP_BIN, default this tree's release build; and
# BASE_BIN when given, e.g. an older release, alternated run by run) and each
# transport (plain HTTP and TLS), a fresh `kyhop serve` on loopback takes
# wrk's guesses for $DURATION s (default 10) with nothing else to do, over
# each number of connections in $CONNECTIONS (default "50 1000": a client
# that waits for its answers, and one that opens connections past the
# server's hold of turned-away ones). The figures: the server's CPU time
# (user + system, /proc/PID/stat) as a share of one core, which does not move
# with the load of the machine, and per guess attempted (an answer wrk read,
# or a connection the server closed unanswered: wrk's socket errors). $RUNS
# runs each (default 3); one JSON line per run, the last line the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/support/listening.sh
. benches/support/listening.sh
command -v wrk >/dev/null || { echo "wrk is needed (Debian package wrk)" >&2; exit 1; }
if [ -n "${KYHOP_BIN:-}" ]; then
  bin=$KYHOP_BIN
else
  cargo build --release --quiet
  bin=target/release/kyhop
fi
builds=("new=$bin")
[ -n "${BASE_BIN:-}" ] && builds+=("base=$BASE_BIN")
duration=${DURATION:-10}
lua=$(mktemp --suffix=.lua)
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"code":"ABCD-EFGH"}'
wrk.headers["Content-Type"] = "application/json"
LUA
ticks=$(getconf CLK_TCK)
cpu_s() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
results=$(mktemp)
for run in $(seq 1 "${RUNS:-3}"); do
  for build in "${builds[@]}"; do
    name=${build%%=*}
    for transport in plain tls; do
    for connections in ${CONNECTIONS:-50 1000}; do
      tmp=$(mktemp -d)
      dir=$tmp/data
      mkdir "$dir"
      tls_flag=()
      [ "$transport" = tls ] && tls_flag=(--tls)
      # Made before the server starts, which opens it in the background.
      : >"$dir/stdout"
      "${build#*=}" serve --data-dir "$dir" --bind 127.0.0.1:0 "${tls_flag[@]}" >"$dir/stdout" 2>/dev/null &
      pid=$!
      url=$(listening_url "$dir/stdout" 10)
      sleep 1
      before=$(cpu_s "$pid")
      out=$(wrk -t1 -c"$connections" -d"${duration}s" -s "$lua" "$url/api/auth/pair" 2>&1)
      after=$(cpu_s "$pid")
      kill "$pid"
      wait "$pid" || true
      rm -rf "$tmp"
      answered=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
      unanswered=$(echo "$out" | sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' |
        awk '{print $1 + $2 + $3 + $4}')
      line=$(python3 -c "
import json, sys
a, u, c = int(sys.argv[1]), int(sys.argv[2] or 0), float(sys.argv[4]) - float(sys.argv[3])
print(json.dumps({'build': sys.argv[5], 'transport': sys.argv[6], 'connections': int(sys.argv[8]),
  'run': int(sys.argv[7]), 'answered': a, 'cut': u, 'server_cpu_s': round(c, 2),
  'server_cpu_share': round(c / float(sys.argv[9]), 3),
  'cpu_us_per_guess': round(c * 1e6 / max(a + u, 1), 1)}))" \
        "$answered" "${unanswered:-0}" "$before" "$after" "$name" "$transport" "$run" "$connections" "$duration")
      echo "$line"
      echo "$line" >>"$results"
    done
    done
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
medians = {}
for r in rows:
    for figure in ("server_cpu_share", "cpu_us_per_guess"):
        key = f"{r['build']}_{r['transport']}_c{r['connections']}_{figure}"
        medians.setdefault(key, []).append(r[figure])
print(json.dumps({k: statistics.median(v) for k, v in sorted(medians.items())}))
PY
rm -f "$lua" "$results"
