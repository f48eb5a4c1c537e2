#!/usr/bin/env bash
# Fetch the Linux guest payloads from Debian's arm64 packages into a cache outside the tree:
#   vmlinuz-6.1   the Debian 12 cloud kernel (linux-image-cloud-arm64 -> linux-image-6.1.*-cloud-arm64)
#   vmlinuz-6.12  the 6.12 cloud kernel, if the configured apt sources carry one (bookworm-updates
#                 or bookworm-backports); skipped with a note otherwise
#   busybox       the static arm64 busybox (busybox-static:arm64), for scripts/make-initramfs.sh
#   firmware/     firmware for the virt board's CFI flash (docs/firmware.md), from two
#                 architecture-independent packages: u-boot-qemu (u-boot-qemu_arm64.bin, U-Boot
#                 for qemu_arm64, booted with -bios) and qemu-efi-aarch64 (QEMU_EFI.fd, EDK2, and
#                 AAVMF_CODE.fd / AAVMF_VARS.fd, the 64 MiB flash images for -drive if=pflash)
# With --firmware, only the firmware is fetched (the Linux payloads are left alone).
# The vmlinuz files are gzip'd arm64 Images as Debian ships them; a64emu -kernel takes them as they
# are (QEMU does too). Nothing is installed: apt-get download and dpkg-deb -x only.
#
# Cache: $A64EMU_PAYLOADS, default ${XDG_CACHE_HOME:-~/.cache}/a64emu/payloads.
# Needs root (or sudo) once, for `dpkg --add-architecture arm64` and `apt-get update`.
# Prints the cache directory on the last line.
set -euo pipefail

CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
mkdir -p "$CACHE/debs"

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "fetch-payloads: need root or sudo for dpkg/apt-get" >&2; exit 1; }
    SUDO=(sudo)
fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "fetch-payloads: dpkg --add-architecture arm64"
    "${SUDO[@]}" dpkg --add-architecture arm64
fi
echo "fetch-payloads: apt-get update"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null

# Download a package's .deb into $CACHE/debs and print its path. apt-get download writes to the
# current directory, so each download gets a fresh one: the file is then unambiguous.
download() {
    local tmp deb
    tmp=$(mktemp -d "$CACHE/download.XXXXXX")
    if ! (cd "$tmp" && apt-get download -q "$1" >/dev/null 2>"$tmp/log"); then
        cat "$tmp/log" >&2
        rm -rf "$tmp"
        echo "fetch-payloads: apt-get download $1 failed" >&2
        return 1
    fi
    deb=$(ls "$tmp"/*.deb)
    mv "$deb" "$CACHE/debs/"
    rm -rf "$tmp"
    echo "$CACHE/debs/$(basename "$deb")"
}

# The real kernel package behind a metapackage (Depends: linux-image-6.1.0-NN-cloud-arm64).
real_kernel() {
    apt-cache depends "$1" 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*\).*/\1/p' | head -n1
}

# Extract /boot/vmlinuz-* from a kernel .deb and copy it to $CACHE/$2.
extract_kernel() {
    local deb=$1 out=$2 tmp
    tmp=$(mktemp -d)
    dpkg-deb -x "$deb" "$tmp"
    local vmlinuz
    vmlinuz=$(ls "$tmp"/boot/vmlinuz-* | head -n1)
    cp "$vmlinuz" "$CACHE/$out"
    echo "fetch-payloads: $out <- $(basename "$vmlinuz") ($(stat -c %s "$CACHE/$out") bytes, $(file -b "$CACHE/$out" 2>/dev/null | cut -d, -f1))"
    rm -rf "$tmp"
}

# Firmware: both packages are Architecture: all, so no :arm64 suffix.
fetch_firmware() {
    local tmp deb
    mkdir -p "$CACHE/firmware"
    tmp=$(mktemp -d)
    deb=$(download u-boot-qemu)
    dpkg-deb -x "$deb" "$tmp"
    cp "$tmp/usr/lib/u-boot/qemu_arm64/u-boot.bin" "$CACHE/firmware/u-boot-qemu_arm64.bin"
    echo "fetch-payloads: firmware/u-boot-qemu_arm64.bin <- $(basename "$deb")"
    deb=$(download qemu-efi-aarch64)
    dpkg-deb -x "$deb" "$tmp"
    local f
    for f in QEMU_EFI.fd:usr/share/qemu-efi-aarch64/QEMU_EFI.fd AAVMF_CODE.fd:usr/share/AAVMF/AAVMF_CODE.fd \
             AAVMF_VARS.fd:usr/share/AAVMF/AAVMF_VARS.fd; do
        cp -L "$tmp/${f#*:}" "$CACHE/firmware/${f%%:*}" 2>/dev/null ||
            cp -L "$tmp/usr/share/AAVMF/$(readlink "$tmp/${f#*:}")" "$CACHE/firmware/${f%%:*}"
    done
    echo "fetch-payloads: firmware/QEMU_EFI.fd, AAVMF_CODE.fd, AAVMF_VARS.fd <- $(basename "$deb")"
    rm -rf "$tmp"
}
if [[ ${1:-} == --firmware ]]; then
    fetch_firmware
    echo "$CACHE"
    exit 0
fi

# 6.1 cloud kernel
pkg=$(real_kernel linux-image-cloud-arm64:arm64)
[[ -n $pkg ]] || { echo "fetch-payloads: linux-image-cloud-arm64:arm64 has no linux-image-* dependency" >&2; exit 1; }
echo "fetch-payloads: linux-image-cloud-arm64 -> $pkg"
download linux-image-cloud-arm64:arm64 >/dev/null
extract_kernel "$(download "$pkg:arm64")" vmlinuz-6.1

# 6.12 cloud kernel: whatever 6.12 cloud image the sources carry (the newest version).
pkg612=$(apt-cache search --names-only '^linux-image-6\.12.*-cloud-arm64$' 2>/dev/null |
         awk '{print $1}' | sort -V | tail -n1 || true)
if [[ -n $pkg612 ]]; then
    echo "fetch-payloads: 6.12 kernel: $pkg612"
    extract_kernel "$(download "$pkg612:arm64")" vmlinuz-6.12
else
    echo "fetch-payloads: no linux-image-6.12*-cloud-arm64 in the configured apt sources" \
         "(add bookworm-backports to fetch it); skipped"
fi

# busybox
deb=$(download busybox-static:arm64)
tmp=$(mktemp -d)
dpkg-deb -x "$deb" "$tmp"
cp "$tmp/bin/busybox" "$CACHE/busybox"
rm -rf "$tmp"
echo "fetch-payloads: busybox <- $(basename "$deb")"
fetch_firmware
echo "$CACHE"
