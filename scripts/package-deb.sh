#!/usr/bin/env bash
# Builds the server's Debian package: kyhop_<version>_<arch>.deb, with the
# systemd units (kyhop.service, kyhop-backup.service and .timer), the
# documented /etc/kyhop/kyhop.toml and the install scripts of
# packaging/deb/. README, "Install as a service".
#
#   scripts/package-deb.sh                  # builds the `dist` profile (LTO, stripped)
#   scripts/package-deb.sh --binary PATH    # packages that kyhop binary (stripped here)
#   options: --out DIR (default target/deb), --version V (default Cargo's)
set -euo pipefail
cd "$(dirname "$0")/.."
# The package's files get their modes from here, not from the builder's
# umask (077 would make the copyright file and directories unreadable).
umask 022

binary=""
out=target/deb
version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--out DIR] [--version V]" >&2; exit 2 ;;
  esac
done

if [ -z "$binary" ]; then
  cargo build --locked --profile dist --bin kyhop
  binary=target/dist/kyhop
fi
if [ -z "$version" ]; then
  version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
  # Debian orders 0.2.0~dev before 0.2.0, as semver orders 0.2.0-dev.
  version="${version//-/\~}-1"
fi
arch=$(dpkg --print-architecture)

root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
install -D -m 0755 "$binary" "$root/usr/bin/kyhop"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/kyhop"
for unit in kyhop.service kyhop-backup.service kyhop-backup.timer; do
  install -D -m 0644 "packaging/deb/$unit" "$root/usr/lib/systemd/system/$unit"
done
install -D -m 0644 packaging/deb/kyhop.toml "$root/etc/kyhop/kyhop.toml"
install -D -m 0644 README.md "$root/usr/share/doc/kyhop/README.md"
install -D -m 0644 CHANGELOG.md "$root/usr/share/doc/kyhop/changelog"
gzip -9n "$root/usr/share/doc/kyhop/changelog"
cat > "$root/usr/share/doc/kyhop/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: kyhop

Files: *
Copyright: the KyHop authors
License: AGPL-3.0-or-later
 KyHop is free software: you can redistribute it and/or modify it under the
 terms of the GNU Affero General Public License, version 3 or any later
 version, as published by the Free Software Foundation.
COPYRIGHT

mkdir -m 0755 "$root/DEBIAN"
for script in preinst postinst prerm postrm; do
  install -m 0755 "packaging/deb/DEBIAN/$script" "$root/DEBIAN/$script"
done
install -m 0644 packaging/deb/DEBIAN/conffiles "$root/DEBIAN/conffiles"

# The shared libraries the binary needs, as dpkg-shlibdeps names them.
shlibs=$(mktemp -d)
mkdir "$shlibs/debian"
printf 'Source: kyhop\n\nPackage: kyhop\nArchitecture: any\n' > "$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O "$root/usr/bin/kyhop" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlibs"
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
    -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" \
    packaging/deb/DEBIAN/control.in > "$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/kyhop_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
