#!/bin/sh
# Brings the Linux guest's parts from Debian's arm64 packages, pinned:
#   Debian's cloud arm64 kernel (an unmodified distribution kernel) and
#   busybox-static for the initramfs.
# Downloads with `apt-get download` into .deps/debs (kept across `make clean`),
# unpacks with `dpkg -x`, and writes OUT/Image and OUT/busybox.
# Usage: fetch-debian.sh OUT
set -e
out=${1:?usage: fetch-debian.sh OUT}
cd "$(dirname "$0")/../.."

KERNEL_PKG=linux-image-6.1.0-50-cloud-arm64
KERNEL_VER=6.1.176-1
KERNEL_FILE=vmlinuz-6.1.0-50-cloud-arm64
BUSYBOX_PKG=busybox-static
BUSYBOX_VER=1:1.35.0-4+deb12u1+b1

die() { echo "fetch-debian: $*" >&2; exit 1; }
debs=.deps/debs
mkdir -p "$debs" "$out"
chmod 777 "$debs"   # apt-get download runs as the _apt user

# fetch PKG VERSION: the pinned .deb, or say exactly what is missing.
fetch() {
    f=$(ls "$debs/$1"_*_arm64.deb 2>/dev/null | head -1)
    if [ -z "$f" ]; then
        dpkg --print-foreign-architectures | grep -qx arm64 ||
            die "arm64 is not a dpkg architecture here: run 'sh scripts/setup.sh' first"
        echo "fetch-debian: downloading $1:arm64=$2"
        (cd "$debs" && apt-get download -qq "$1:arm64=$2") ||
            die "apt-get download $1:arm64=$2 failed (is the pinned version still on the mirror? 'apt-get update' may help)"
        f=$(ls "$debs/$1"_*_arm64.deb | head -1)
    fi
    echo "$f"
}

kdeb=$(fetch "$KERNEL_PKG" "$KERNEL_VER" | tail -1)
bdeb=$(fetch "$BUSYBOX_PKG" "$BUSYBOX_VER" | tail -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg -x "$kdeb" "$tmp/k"
dpkg -x "$bdeb" "$tmp/b"
[ -f "$tmp/k/boot/$KERNEL_FILE" ] || die "$kdeb holds no boot/$KERNEL_FILE"
cp "$tmp/k/boot/$KERNEL_FILE" "$out/Image"
cp "$tmp/b/bin/busybox" "$out/busybox"
echo "$KERNEL_PKG $KERNEL_VER" >"$out/VERSION"
