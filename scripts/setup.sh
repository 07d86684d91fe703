#!/bin/sh
# Installs what the project needs on Debian 12, only what is missing, and says
# why when it cannot. Called by `make run`, `make test` and `make bench`; safe
# to run again at any time.
#
# libfdt-dev and libfdt-dev:arm64 conflict with each other (the package is not
# Multi-Arch: same), so the host tools use the installed host libfdt-dev while
# the hypervisor's arm64 libfdt.a is unpacked from Debian's libfdt-dev:arm64
# package into .deps/arm64 (apt-get download + dpkg -x).
set -e
cd "$(dirname "$0")/.."

HOST_PKGS="qemu-system-arm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu \
device-tree-compiler libfdt-dev pkg-config make gcc python3 coreutils \
ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd libssl-dev zlib1g-dev \
sloccount clang libclang-rt-14-dev cpio gzip"
ARM64_LIBFDT=.deps/arm64/usr/lib/aarch64-linux-gnu/libfdt.a

die() { echo "setup: $*" >&2; exit 1; }

missing=""
for p in $HOST_PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && [ -f "$ARM64_LIBFDT" ] && exit 0

command -v apt-get >/dev/null || die "apt-get not found; this project expects Debian 12 (bookworm)"
[ "$(id -u)" = 0 ] || die "missing:$missing; run as root (apt-get needs it): sh scripts/setup.sh"
export DEBIAN_FRONTEND=noninteractive

updated=""
apt_update() {
    [ -n "$updated" ] && return 0
    apt-get update -qq || die "apt-get update failed: are Debian's package mirrors reachable?"
    updated=1
}

if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    apt_update
    apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        die "apt-get install failed for:$missing"
fi

if [ ! -f "$ARM64_LIBFDT" ]; then
    echo "setup: unpacking libfdt-dev:arm64 into .deps/arm64"
    dpkg --print-foreign-architectures | grep -qx arm64 || {
        dpkg --add-architecture arm64; updated=""; }
    apt_update
    tmp=$(mktemp -d)
    chmod 777 "$tmp"
    (cd "$tmp" && apt-get download -qq libfdt-dev:arm64 2>/dev/null) ||
        die "apt-get download libfdt-dev:arm64 failed"
    mkdir -p .deps/arm64
    dpkg -x "$tmp"/libfdt-dev_*_arm64.deb .deps/arm64 || die "dpkg -x of libfdt-dev:arm64 failed"
    rm -rf "$tmp"
    [ -f "$ARM64_LIBFDT" ] || die "libfdt-dev:arm64 holds no $ARM64_LIBFDT"
fi
echo "setup: done"
