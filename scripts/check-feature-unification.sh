#!/usr/bin/env bash
# Fails when a third-party crate would be built with one set of features by
# `cargo test` at the root and another by `cargo build -p kyhop-desktop`:
# the desktop build would then compile it (and everything above it) a second
# time. The workspace-hack crate keeps the two alike; after changing a
# dependency, `cargo hakari generate` brings it up to date (README, crates).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each crate built, with its features; our own crates (path dependencies)
# may differ: features such as kyhop-store's `testing` are meant to.
features_built() {
  cargo tree --locked "$@" --prefix none --format '{p} {f}' |
    sed 's/ (\*)$//' | grep -vF "($PWD" | sort -u
}

core=$(features_built -e normal,build,dev)
desktop=$(features_built -p kyhop-desktop -e normal,build)

both=$(comm -12 <(cut -d' ' -f1,2 <<<"$core" | sort -u) <(cut -d' ' -f1,2 <<<"$desktop" | sort -u))
differ=$(comm -3 <(echo "$core") <(echo "$desktop") | sed 's/^\t//' |
  awk 'NR==FNR { both[$1" "$2]=1; next } ($1" "$2) in both' <(echo "$both") - | sort -u)

if [ -n "$differ" ]; then
  echo "feature unification: these crates are built with other features by the desktop build" >&2
  echo "than by cargo test (run \`cargo hakari generate\`):" >&2
  echo "$differ" >&2
  exit 1
fi
echo "feature unification: the desktop build reuses the core's third-party crates"
