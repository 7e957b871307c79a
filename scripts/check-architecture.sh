#!/usr/bin/env bash
# Fails when a crate gains a dependency that its place in the architecture
# forbids (README, "Architecture"): the domain does no I/O, nothing below the
# server knows HTTP, the stores know no documents, the search index knows no
# backend, and the programs that serve link neither mDNS, the desktop
# keyring nor GTK. Cargo itself refuses
# cycles between crates.
set -euo pipefail
cd "$(dirname "$0")/.."

failed=0

# forbid CRATE DEP...: none of DEP may be among CRATE's normal (non-dev,
# non-build) dependencies, direct or indirect.
forbid() {
  local crate=$1
  shift
  local tree
  tree=$(cargo tree --locked -p "$crate" -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
  for dep in "$@"; do
    if grep -qx -- "$dep" <<<"$tree"; then
      echo "architecture: $crate must not depend on $dep; it does:" >&2
      cargo tree --locked -p "$crate" -e normal -i "$dep" >&2 || true
      failed=1
    fi
  done
}

ours_above_domain=(kyhop-tally kyhop-store kyhop-store-sql kyhop-search kyhop-docs kyhop-server kyhop-gateway kyhop)
http=(axum hyper reqwest)
desktop=(mdns-sd keyring-core dbus gtk webkit2gtk tauri kyhop-gateway)

forbid kyhop-domain "${ours_above_domain[@]}" sqlx tokio "${http[@]}"
# The secret count is arithmetic on the domain's ballots: no I/O, no storage.
forbid kyhop-tally kyhop-store kyhop-store-sql kyhop-docs kyhop-server kyhop-gateway kyhop sqlx tokio "${http[@]}"
forbid kyhop-store kyhop-store-sql kyhop-docs kyhop-server kyhop-gateway libsqlite3-sys sqlx-postgres "${http[@]}"
forbid kyhop-store-sql kyhop-docs kyhop-server kyhop-gateway "${http[@]}"
# The search index reads the store through its traits only: any backend.
forbid kyhop-search kyhop-store-sql kyhop-docs kyhop-server kyhop-gateway sqlx "${http[@]}"
forbid kyhop-docs kyhop-store kyhop-store-sql kyhop-server kyhop-gateway sqlx "${http[@]}"
forbid kyhop-server "${desktop[@]}"
forbid kyhop "${desktop[@]}"

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "architecture: every crate keeps to its dependencies"
