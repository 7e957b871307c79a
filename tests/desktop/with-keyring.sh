#!/usr/bin/env bash
# Runs a command as in a desktop session: on a D-Bus session bus of its own
# (tests/support/session-bus.conf: nothing is started on demand), with GNOME
# Keyring's Secret Service unlocked as a login does, so the desktop app keeps
# its sign-in in a real keyring. The keyring's files live in a temporary
# directory, removed afterwards. KYHOP_E2E_KEYRING=1 tells the test.
#   tests/desktop/with-keyring.sh node delegate.mjs …
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS…]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"
export KEYRING_HOME="$home" KYHOP_E2E_KEYRING=1
status=0
dbus-run-session --config-file="$here/../support/session-bus.conf" -- bash -c '
  set -euo pipefail
  printf "%s" "kyhop-e2e" | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME/data" \
    XDG_RUNTIME_DIR="$KEYRING_HOME/run" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 100); do
    secret-tool search --all service kyhop-ready-check >/dev/null 2>&1 && exec "$@"
    sleep 0.1
  done
  echo "with-keyring: GNOME Keyring did not come up" >&2
  exit 1' with-keyring "$@" || status=$?
exit "$status"
