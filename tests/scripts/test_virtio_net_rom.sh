#!/usr/bin/env bash
# virtio-net without Linux (issue 7): roms/virtio_net, a bare-metal polling driver, on
# `-nic user`: an ARP exchange with slirp's host address through the device, then the abuse
# cases (descriptor loop, out-of-range index, length overflow, DMA aimed at the UART's registers,
# a chain shorter than the header), each ending in a device reset with the host process healthy
# (no crash, no sanitizer report, exit 0). Modern and legacy interfaces; then the same ROM (its
# QEMU_DIFFERENTIAL build, without the cases QEMU 7.2 handles differently) under QEMU.
#   bash tests/scripts/test_virtio_net_rom.sh build/a64emu build
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"

command -v aarch64-linux-gnu-gcc >/dev/null || { echo "SKIP: aarch64-linux-gnu-gcc not installed"; exit 77; }
# Built here with roms/CMakeLists.txt's A64_ROM_CFLAGS (as test_virtio_roms.sh does).
build_rom() { # OUT [CFLAGS...]
    local out=$1
    shift
    aarch64-linux-gnu-gcc "$@" -std=gnu11 -O1 -g -ffreestanding -nostdlib -static -fno-pie -no-pie \
    -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
    -Wl,--build-id=none -Wl,-z,norelro -Wl,--no-warn-rwx-segments -I"$ROOT/roms/common" \
    -T "$ROOT/roms/common/rom.ld" -o "$out" "$ROOT/roms/common/boot.S" "$ROOT/roms/common/lib.c" \
    "$ROOT/roms/virtio_net/main.c" 2>"$WORK/cc.log"
}
if ! build_rom "$WORK/net.elf" || ! build_rom "$WORK/net_diff.elf" -DQEMU_DIFFERENTIAL; then
    bad "build roms/virtio_net" "$(head -n 20 "$WORK/cc.log")"
    finish
    exit
fi

for legacy in off on; do
    tag=$([[ $legacy == on ]] && echo " (legacy)")
    timeout 20 "$EMU" -semihosting -kernel "$WORK/net.elf" -global "virtio-mmio.force-legacy=$legacy" \
        -nic user </dev/null >"$OUT" 2>"$ERR"
    RC=$?
    if ((RC == 0)) && grep -q "virtio_net: ok" "$OUT" && grep -q "arp: 10.0.2.2 answered" "$OUT" &&
        [[ $(grep -c "abuse refused" "$OUT") -eq 5 ]] && ! grep -qE 'Sanitizer|runtime error' "$ERR"; then
        ok "ARP through slirp, 5 abuse cases refused with a reset, host healthy$tag"
    else
        bad "virtio-net ROM$tag" "exit $RC" "$(tail -n 6 "$OUT")" "$(head -n 5 "$ERR")"
    fi
done

if command -v qemu-system-aarch64 >/dev/null; then
    for legacy in false true; do
        timeout 60 qemu-system-aarch64 -M virt -cpu cortex-a57 -display none -serial stdio -monitor none \
            -global "virtio-mmio.force-legacy=$legacy" -netdev user,id=n0 -device virtio-net-device,netdev=n0 \
            -semihosting -kernel "$WORK/net_diff.elf" </dev/null >"$WORK/qemu.out" 2>&1
        qrc=$?
        if ((qrc == 0)) && grep -q "virtio_net: ok" "$WORK/qemu.out"; then
            ok "QEMU runs the ROM too (force-legacy=$legacy): same device behaviour"
        else
            bad "same as QEMU (force-legacy=$legacy)" "QEMU exit $qrc" "$(tail -n 4 "$WORK/qemu.out")"
        fi
    done
else
    skip "differential run against QEMU" "qemu-system-aarch64 not installed"
fi
finish
