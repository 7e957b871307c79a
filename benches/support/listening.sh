# Sourced by the benchmark scripts.
# listening_url FILE SECONDS: waits up to SECONDS for `kyhop serve`'s
# "KyHop listening on URL" line in FILE (its standard output) and prints
# the URL; fails when none came.
listening_url() {
  local file=$1 seconds=$2 url=""
  for _ in $(seq 1 $((seconds * 10))); do
    url=$(sed -n 's/^KyHop listening on //p' "$file")
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.1
  done
  echo "the server did not start within ${seconds} s" >&2
  return 1
}
