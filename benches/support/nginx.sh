# Sourced by the benchmarks held against nginx: installs the Debian package
# when nginx is missing (the benchmark starts and stops it with its own config).
ensure_nginx() {
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update
    $sudo apt-get install -y -o DPkg::Lock::Timeout=600 nginx-light
  fi
}
