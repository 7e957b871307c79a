#!/usr/bin/env bash
# Benchmark: server instructions per ballot, counted by valgrind's callgrind
# — a figure that does not move with the machine's load, unlike latencies.
#
# Runs a release `kyhop serve` under callgrind with instrumentation off,
# lets `kyhop loadtest` set up $DELEGATES delegates (default 200, each with
# a live stream and a warm connection) and turns instrumentation on for the
# polls alone (`--around-polls`): from the first poll's opening to the last
# one's result, $ROUNDS secret polls (default 2). Everything the server does
# in that span counts: the ballots, their fan-out, the opens and closes.
# Callgrind runs the server's threads one at a time, so the latencies it
# reports are not the server's; only the counts are.
#
# KYHOP_BIN=PATH measures another build's server (the load test client is
# always this tree's, which has `--around-polls`). Last line: JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/support/listening.sh
. benches/support/listening.sh
cargo build --release --quiet
client=target/release/kyhop
bin=${KYHOP_BIN:-$client}
n=${DELEGATES:-200}
rounds=${ROUNDS:-2}
command -v valgrind >/dev/null || { echo "valgrind is missing (apt-get install valgrind)" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
dir=$tmp/data # the counting key goes beside it, in $tmp
mkdir "$dir"
: >"$dir/stdout"
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$tmp/callgrind.out" \
  "$bin" serve --data-dir "$dir" --bind 127.0.0.1:0 >"$dir/stdout" 2>"$tmp/server.log" &
pid=$!
url=$(listening_url "$dir/stdout" 120) || { tail "$tmp/server.log" >&2; exit 1; }

cat >"$tmp/hook" <<EOF
#!/bin/sh
set -e
case "\$1" in
  start) callgrind_control -z $pid >/dev/null; callgrind_control -i on $pid >/dev/null ;;
  stop) callgrind_control -d $pid >/dev/null; callgrind_control -i off $pid >/dev/null ;;
esac
EOF
chmod +x "$tmp/hook"
"$client" loadtest --url "$url" --admin-password-file "$dir/initial-admin-password" \
  --delegates "$n" --rounds "$rounds" --server-pid "$pid" --around-polls "$tmp/hook" \
  2>"$tmp/loadtest.log" | tail -n 1 >"$tmp/figures.json"
kill "$pid"
wait "$pid" || true
pid=

python3 - "$tmp" "$n" "$rounds" <<'EOF'
import glob, json, sys

tmp, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
figures = json.load(open(f"{tmp}/figures.json"))
# The dump taken at "stop" (callgrind.out.1); the file written at exit
# holds only what came after it.
dumps = sorted(glob.glob(f"{tmp}/callgrind.out.*"))
if not dumps:
    sys.exit("no callgrind dump was written")
instructions = 0
with open(dumps[0]) as f:
    for line in f:
        if line.startswith("summary:") or line.startswith("totals:"):
            instructions = int(line.split()[1])
            break
ballots = n * rounds - figures["failed_ballots"]
print(json.dumps({
    "delegates": n,
    "rounds": rounds,
    "ballots": ballots,
    "lost_ballots": figures["lost_ballots"],
    "server_instructions": instructions,
    "instructions_per_ballot": round(instructions / ballots),
}, sort_keys=True))
EOF
