#!/bin/sh
# Builds the Linux test guest's initramfs: busybox (static, from Debian) and
# our init, as a gzip'd newc cpio archive.
# Usage: mkinitramfs.sh BUSYBOX INIT OUT.cpio.gz
set -e
busybox=${1:?usage: mkinitramfs.sh BUSYBOX INIT OUT}
init=${2:?usage}
out=${3:?usage}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/dev" "$tmp/proc" "$tmp/sys"
cp "$busybox" "$tmp/bin/busybox"
cp "$init" "$tmp/init"
chmod 755 "$tmp/bin/busybox" "$tmp/init"
(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -9n >"$out"
