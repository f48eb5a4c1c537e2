#!/usr/bin/env bash
# The -kernel boot protocol against QEMU 7.2 instruction by instruction: a raw image
# (tests/boot/raw_entry.S) goes through the boot stub at the base of RAM into the "kernel", which
# checks x0 = DTB, x1-x3 = 0 and the MMU off. Run at EL1 and at EL2 (virtualization=on), with
# several RAM sizes (the DTB address follows the initrd rule). Skipped without the cross
# toolchain or QEMU.
set -u
EMU=${1:?usage: $0 A64EMU BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-system-aarch64 >/dev/null ||
    { echo "SKIP: needs aarch64-linux-gnu-gcc and qemu-system-aarch64"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-stub.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
aarch64-linux-gnu-gcc -nostdlib -static -Wl,-Ttext=0x40080000 -Wl,--build-id=none \
    -o "$WORK/raw.elf" "$HERE/../boot/raw_entry.S" || exit 1
aarch64-linux-gnu-objcopy -O binary -j .text "$WORK/raw.elf" "$WORK/raw.bin" || exit 1
n_pass=0 n_fail=0
for args in "-m 128M" "-m 512M" "-M virt,virtualization=on -m 64M" "-M virt,virtualization=on -m 1G -smp 2"; do
    out=$(python3 "$HERE/../lockstep/lockstep.py" --a64emu "$EMU" --expect-status 0 --timeout 60 \
          --emu-args "$args" "$WORK/raw.bin" 2>&1)
    if [[ $? -eq 0 ]]; then
        echo "PASS: $args: $(echo "$out" | tail -1)"; n_pass=$((n_pass + 1))
    else
        echo "FAIL: $args"; echo "$out" | sed 's/^/      /'; n_fail=$((n_fail + 1))
    fi
done
echo "test_boot_stub_lockstep: $n_pass passed, $n_fail failed"
[[ $n_fail -eq 0 ]]
