#!/usr/bin/env bash
# Installs what KyHop's tests need on a Debian 12 machine that has Rust.
# Idempotent and quiet when everything is already there; needs root (or sudo)
# only when something is missing.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages, by the command that shows each is there.
declare -A debian=(
  [sqlite3]=sqlite3         # the audit test edits an event row behind the server's back
  [pdftotext]=poppler-utils # PDF text is compared with poppler's
)
missing=()
for cmd in "${!debian[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${debian[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq -o DPkg::Lock::Timeout=600
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
    --no-install-recommends "${missing[@]}"
fi

# Rust components the checks use.
if command -v rustup >/dev/null 2>&1; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
  done
fi
