#!/usr/bin/env bash
# Install the Debian packages a64emu needs to build and test, if any are missing.
# Idempotent and quiet when everything is present: dpkg-query decides, and apt-get (update first)
# runs only for what is missing. Non-interactive; uses sudo only when not already root.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config clang      # toolchains (gcc 12 and clang 14 on Debian 12)
    libclang-rt-dev                              # clang's libFuzzer and sanitizer runtimes (tests/fuzz)
    libsdl2-dev libelf-dev zlib1g-dev libfdt-dev # emulator libraries (display, ELF, gzip, DT)
    libcmocka-dev                                # unit tests
    gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu # bare-metal ROMs and test payloads
    qemu-system-arm                              # lockstep reference (qemu-system-aarch64)
    gdb-multiarch                                # gdb stub tests
    python3 cpio                                 # test helpers (cpio lists generated initramfs archives)
    e2fsprogs                                    # scripts/make-disk.sh (mke2fs -d), debugfs in the disk tests
    libslirp-dev                                 # virtio-net user-mode networking (required)
)

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [[ $status == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "setup-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "setup-deps: missing packages (${missing[*]}) and not root, and sudo is not installed" >&2
        exit 1
    fi
    SUDO=(sudo -n)   # never prompt: CI has no stdin
    if ! sudo -n true 2>/dev/null; then
        SUDO=(sudo)  # an interactive developer may type a password
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup-deps: done"
