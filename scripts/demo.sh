#!/usr/bin/env bash
# The main job: install dependencies, build a64emu, fetch Debian's arm64 cloud kernel and busybox
# (scripts/fetch-payloads.sh: dpkg --add-architecture arm64 + apt-get download, into
# ~/.cache/a64emu/payloads), build a busybox initramfs without root (scripts/make-initramfs.sh),
# and boot Linux to an interactive shell on the console. `exit` (or `poweroff -f`) in the guest
# powers off and a64emu exits with status 0; Ctrl-A x quits at any time.
#
#   bash scripts/demo.sh [extra a64emu options, e.g. -smp 4 or -M virt,virtualization=on]
#   DEMO=hello bash scripts/demo.sh     the bare-metal "hello" ROM instead (no download)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JOBS=${JOBS:-2}

bash scripts/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$JOBS"

if [[ ${DEMO:-linux} == hello ]]; then
    ROM=build/roms/hello.elf
    if [[ ! -f $ROM ]]; then
        echo "demo: $ROM was not built (roms/CMakeLists.txt needs aarch64-linux-gnu-gcc)" >&2
        exit 1
    fi
    echo "demo: ./build/a64emu -semihosting -kernel $ROM $*"
    exec ./build/a64emu -semihosting -kernel "$ROM" "$@"
fi

CACHE=$(bash scripts/fetch-payloads.sh </dev/null | tail -n 1)
INITRD=$(bash scripts/make-initramfs.sh </dev/null | tail -n 1)
KERNEL=$CACHE/vmlinuz-6.1
cmd=(./build/a64emu -M virt,gic-version=3 -m 512M -nographic
     -kernel "$KERNEL" -initrd "$INITRD" -append "console=ttyAMA0" "$@")
echo "demo: ${cmd[*]}"
echo "demo: Linux boots to a busybox shell in about 15 s; 'exit' (or poweroff -f) powers off, Ctrl-A x quits"
exec "${cmd[@]}"
