#!/usr/bin/env bash
# Benchmark (issue "PostgreSQL and several server instances"): `kyhop
# loadtest` at $DELEGATES delegates (default 2000), $ROUNDS secret polls each
# (default 3), against three set-ups in the same run on the same machine:
#   sqlite      one instance on its SQLite file (the reference);
#   postgres    one instance on PostgreSQL;
#   postgres-proxied  one instance on PostgreSQL behind nginx (what the
#               proxy costs on these same two cores);
#   postgres-2  two instances on one PostgreSQL database behind nginx.
# $RUNS rounds of the three (default 3), interleaved so that the machine's
# load falls on all alike. PostgreSQL is a cluster of its own in a temporary
# directory with production settings (fsync and full-page writes on), gone
# at the end; each run gets a fresh database. One JSON line per run (with
# "setup"); the last line gives each set-up's medians and the ratios to
# SQLite, and ballots per CPU-second of everything that serves them (the
# instances and PostgreSQL's processes), which moves little with load;
# nginx's CPU time is given apart (proxy_cpu_polls_s).
# KYHOP_BIN=PATH measures another build.
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
bin=$(realpath "$bin")
delegates=${DELEGATES:-2000}
rounds=${ROUNDS:-3}
runs=${RUNS:-3}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
nginx=/usr/sbin/nginx
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL is not installed: run scripts/setup.sh" >&2; exit 1; }
[ -x "$nginx" ] || { echo "nginx is not installed: run scripts/setup.sh" >&2; exit 1; }

work=$(mktemp -d)
# Every process started, also from subshells, to stop at the end.
started() { echo "$1" >>"$work/pids"; }
cleanup() {
  [ -f "$work/pids" ] && while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$work/pids"
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, the cluster runs as nobody.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$work"
as_pg "$pgbin/initdb" -D "$work/pg" -U kyhop --auth=trust -E UTF8 --locale=C >/dev/null
pgport=$(free_port)
as_pg "$pgbin/postgres" -D "$work/pg" -p "$pgport" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$work" -c max_connections=300 >"$work/pg.log" 2>&1 &
started $!
until "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pgport" -U kyhop; do sleep 0.2; done
postmaster=$(head -n 1 "$work/pg/postmaster.pid")

# Starts `kyhop serve` on a data directory; prints its pid, then its URL.
serve() {
  local dir=$1 out
  shift
  mkdir -p "$dir"
  out="$dir.stdout"
  : >"$out"
  "$bin" serve --data-dir "$dir" --bind 127.0.0.1:0 "$@" >"$out" 2>"$dir.log" &
  local pid=$!
  started "$pid"
  local url
  url=$(listening_url "$out" 30) || { cat "$dir.log" >&2; exit 1; }
  echo "$pid $url"
}

# nginx in front of the given upstream URLs, as the README shows; prints
# its pid, then its URL.
proxy() {
  local port conf servers=""
  port=$(free_port)
  for u in "$@"; do servers+="server ${u#http://} max_fails=1 fail_timeout=5s; "; done
  conf="$work/nginx-$port.conf"
  mkdir -p "$work/nginx-$port"
  cat >"$conf" <<EOF
daemon off; master_process off; worker_rlimit_nofile 32768;
pid $work/nginx-$port/nginx.pid; error_log $work/nginx-$port/error.log warn;
events { worker_connections 16384; }
http {
  access_log off; client_body_temp_path $work/nginx-$port/body; proxy_temp_path $work/nginx-$port/proxy;
  fastcgi_temp_path $work/nginx-$port/f; uwsgi_temp_path $work/nginx-$port/u; scgi_temp_path $work/nginx-$port/s;
  upstream kyhop { $servers keepalive 256; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://kyhop; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_buffering off; proxy_read_timeout 1h; proxy_next_upstream error timeout;
    }
  }
}
EOF
  "$nginx" -p "$work/nginx-$port" -c "$conf" -e "$work/nginx-$port/error.log" >/dev/null 2>&1 &
  local pid=$!
  started "$pid"
  until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; do sleep 0.1; done
  echo "$pid http://127.0.0.1:$port"
}

results="$work/results.jsonl"
for run in $(seq 1 "$runs"); do
  for setup in sqlite postgres postgres-proxied postgres-2; do
    dir="$work/$setup-$run/data"
    pids=()
    extra=()
    stop=()
    case $setup in
      sqlite)
        read -r pid url < <(serve "$dir")
        pids=(--server-pid "$pid")
        ;;
      postgres | postgres-proxied | postgres-2)
        db="kyhop_${setup//-/_}_$run"
        "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U kyhop "$db"
        dburl="postgres://kyhop@127.0.0.1:$pgport/$db"
        extra=(--database-pid "$postmaster")
        read -r pid url < <(serve "$dir" --db "$dburl" --trusted-proxy 127.0.0.1)
        pids=(--server-pid "$pid")
        upstreams=("$url")
        if [ "$setup" = postgres-2 ]; then
          read -r pid2 url2 < <(serve "$dir" --db "$dburl" --trusted-proxy 127.0.0.1)
          pids+=(--server-pid "$pid2")
          upstreams+=("$url2")
        fi
        if [ "$setup" != postgres ]; then
          read -r nginx_pid url < <(proxy "${upstreams[@]}")
          extra+=(--proxy-pid "$nginx_pid")
          stop+=("$nginx_pid")
        fi
        ;;
    esac
    line=$("$bin" loadtest --url "$url" --admin-password-file "$dir/initial-admin-password" \
      --delegates "$delegates" --rounds "$rounds" "${pids[@]}" "${extra[@]}" 2>/dev/null | tail -n 1)
    echo "$line" | python3 -c 'import json, sys; r = json.load(sys.stdin); r["setup"] = sys.argv[1]; r["run"] = int(sys.argv[2]); print(json.dumps(r))' "$setup" "$run" | tee -a "$results"
    for ((i = 1; i < ${#pids[@]}; i += 2)); do stop+=("${pids[i]}"); done
    kill "${stop[@]}"
    sleep 2
  done
done

python3 - "$results" <<'EOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
figures = ["ballot_ack_p50_ms", "ballot_ack_p99_ms", "close_to_result_all_p99_ms",
           "ballots_per_s", "ballots_per_cpu_s", "server_cpu_polls_s", "database_cpu_polls_s",
           "proxy_cpu_polls_s"]
summary = {"delegates": runs[0]["delegates"], "rounds": runs[0]["rounds"], "runs": max(r["run"] for r in runs)}
setups = ["sqlite", "postgres", "postgres-proxied", "postgres-2"]
for setup in setups:
    mine = [r for r in runs if r["setup"] == setup]
    s = {f: round(statistics.median(r.get(f) or 0 for r in mine), 2) for f in figures}
    s["lost_ballots"] = sum(r["lost_ballots"] for r in mine)
    s["failed_ballots"] = sum(r["failed_ballots"] for r in mine)
    summary[setup] = s
base = summary["sqlite"]
for setup in setups[1:]:
    summary[setup]["ack_p99_vs_sqlite"] = round(summary[setup]["ballot_ack_p99_ms"] / base["ballot_ack_p99_ms"], 2)
    summary[setup]["cpu_per_ballot_vs_sqlite"] = round(base["ballots_per_cpu_s"] / summary[setup]["ballots_per_cpu_s"], 2)
print(json.dumps(summary))
EOF
