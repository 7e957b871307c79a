#!/usr/bin/env bash
# Runs a command as in a desktop session: on a D-Bus session bus of its own,
# with GNOME Keyring's Secret Service unlocked (as a login does), so the
# desktop app keeps its sign-in in a real keyring. The keyring's files live
# in a temporary directory, gone afterwards.
#   tests/desktop/with-keyring.sh node delegate.mjs …
set -euo pipefail
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"
export KEYRING_HOME="$home"
exec dbus-run-session -- bash -c '
  printf "%s" "kyhop-e2e" | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME/data" \
    XDG_RUNTIME_DIR="$KEYRING_HOME/run" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
