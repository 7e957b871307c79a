#!/usr/bin/env bash
# Installs what KyHop's tests need on a Debian 12 machine that has Rust,
# Node.js 20 and Python 3: Debian packages (apt-get, waiting for its lock),
# pyHanko in .venv/, rustfmt and clippy. Idempotent and quiet when everything
# is already there; needs root (or sudo) only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages, by the command that shows each is there.
declare -A debian=(
  [sqlite3]=sqlite3         # the audit test edits an event row behind the server's back
  [pdftotext]=poppler-utils # PDF text is compared with poppler's; pdfsig, pdftoppm
  [qpdf]=qpdf                # signed PDFs must pass qpdf --check
  [openssl]=openssl          # PKCS#12 files made the way a CA's tools make them
  [softhsm2-util]=softhsm2   # a PKCS#11 token for the signing tests
  [pkcs11-tool]=opensc       # imports the certificate into that token
  [soffice]=libreoffice-writer-nogui # the DOCX minutes must open in LibreOffice
  [chromium]=chromium        # the end-to-end test drives it with playwright-core
  [gnome-keyring-daemon]=gnome-keyring # a Secret Service for the desktop keyring test
  [secret-tool]=libsecret-tools # reads what the app put in that keyring
  [dbus-daemon]=dbus-daemon  # the private session bus of that test
  [tesseract]=tesseract-ocr  # reads scanned pages (OCR)
  [mmdebstrap]=mmdebstrap    # a fresh Debian 12 system for the package test
  [systemd-nspawn]=systemd-container # boots it, with systemd, to install the .deb in
  [dpkg-shlibdeps]=dpkg-dev  # the package's library dependencies
  [curl]=curl                # asks the packaged service whether it is healthy
  [unshare]=util-linux       # the backup tests' full and read-only disks (tmpfs)
)
missing=()
for cmd in "${!debian[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${debian[$cmd]}")
done
# Tesseract's Vietnamese model, which the server reads scans with.
tesseract --list-langs 2>/dev/null | grep -qx vie || missing+=(tesseract-ocr-vie)
# The desktop app (Tauri 2: GTK and WebKitGTK) and its end-to-end test (a
# real window under Xvfb, driven through WebKitWebDriver).
for pkg in libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev \
  libdbus-1-dev build-essential pkg-config libssl-dev xvfb xauth webkit2gtk-driver; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# PostgreSQL 15 (Debian 12's): the tests start their own throwaway cluster
# with its programs (crates/test-postgres); no service is enabled or used.
fresh_postgres=no
if ! dpkg-query -W -f='${Status}' postgresql-15 2>/dev/null | grep -q "install ok installed"; then
  missing+=(postgresql-15)
  fresh_postgres=yes
fi
# nginx in front of two instances in the multi-instance test (tests/common/
# nginx.rs starts its own, on a free port); Debian's service is not used.
fresh_nginx=no
if [ ! -x /usr/sbin/nginx ]; then
  missing+=(nginx-light)
  fresh_nginx=yes
fi
# LibreOffice lays the DOCX minutes out in Times New Roman's metric twin.
fc-match "Times New Roman" 2>/dev/null | grep -q Liberation || missing+=(fonts-liberation fontconfig)
# `python3 -m venv` needs ensurepip, which Debian ships separately.
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq -o DPkg::Lock::Timeout=600
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
    --no-install-recommends "${missing[@]}"
  # Debian's package makes and starts a cluster of its own ("15/main"): one
  # made just now holds nothing, and no service is left running for tests.
  if [ "$fresh_postgres" = yes ] && [ -d /etc/postgresql/15/main ]; then
    as_root pg_dropcluster --stop 15 main
  fi
  # Debian's nginx package starts a server on port 80 where it may.
  if [ "$fresh_nginx" = yes ]; then
    if [ -d /run/systemd/system ]; then
      as_root systemctl disable --now nginx >/dev/null 2>&1 || true
    elif [ -f /run/nginx.pid ]; then
      as_root /usr/sbin/nginx -s stop || true
    fi
  fi
fi

# The web UI builds with the machine's Node.js (Vite needs 20.19 or newer).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup: Node.js 20.19 or newer is needed for the web UI (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# Rust components the checks use.
if command -v rustup >/dev/null 2>&1; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
  done
fi

# tauri-driver, the WebDriver bridge to the desktop window (2.x: the
# unpinned latest is a 3.0 alpha).
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

# pyHanko, the reference PAdES validator, in a virtualenv next to the sources
# (.venv/ is ignored by git). Reinstalled when the pinned list changes.
venv=.venv
requirements=scripts/requirements-test.txt
if [ ! -x "$venv/bin/pyhanko" ] || ! cmp -s "$requirements" "$venv/requirements.installed"; then
  echo "setup: installing pyHanko into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.installed"
fi
