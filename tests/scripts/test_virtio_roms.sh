#!/usr/bin/env bash
# End to end without Linux (issue 7): roms/virtio_blk, a bare-metal polling driver, reads and
# writes a raw disk image this script makes, through -drive/-device as QEMU spells them; then
# the host file is checked. Also: the short -drive if=virtio form, a read-only drive (writes
# refused, file unchanged), the legacy interface (-global virtio-mmio.force-legacy=on), and the
# ROM's abuse cases (descriptor loop, DMA at the UART) which must leave the host process healthy.
#
# Then roms/virtio_misc drives virtio-rng and virtio-console (hvc0 output to stdio or a file).
#
#   bash tests/scripts/test_virtio_roms.sh build/a64emu build
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"

command -v aarch64-linux-gnu-gcc >/dev/null || { echo "SKIP: aarch64-linux-gnu-gcc not installed"; exit 77; }
# The ROM is built here, not from the roms/ table, because it needs a disk the test makes. The
# flags are roms/CMakeLists.txt's A64_ROM_CFLAGS.
ELF=$WORK/virtio_blk.elf
build_rom() { # OUT [CFLAGS...]  (ROM=virtio_blk by default)
    local out=$1
    shift
    aarch64-linux-gnu-gcc "$@" -std=gnu11 -O1 -g -ffreestanding -nostdlib -static -fno-pie -no-pie \
    -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
    -Wl,--build-id=none -Wl,-z,norelro -Wl,--no-warn-rwx-segments -I"$ROOT/roms/common" \
    -T "$ROOT/roms/common/rom.ld" -o "$out" "$ROOT/roms/common/boot.S" "$ROOT/roms/common/lib.c" \
    "$ROOT/roms/${ROM:-virtio_blk}/main.c" 2>"$WORK/cc.log"
}
if ! build_rom "$ELF" || ! build_rom "$WORK/virtio_blk_diff.elf" -DQEMU_DIFFERENTIAL ||
    ! ROM=virtio_misc build_rom "$WORK/virtio_misc.elf"; then
    bad "build roms/virtio_blk" "$(head -n 20 "$WORK/cc.log")"
    finish
    exit
fi

# make_image FILE: 64 KiB; sector 0 = the text the ROM expects, byte 511 = 0x55; the rest zero.
make_image() {
    python3 - "$1" <<'PY'
import sys
img = bytearray(64 * 1024)
t = b"a64emu virtio-blk test image"
img[0:len(t)] = t
img[511] = 0x55
open(sys.argv[1], "wb").write(img)
PY
}

# sector_ok FILE N SEED: sector N holds the ROM's fill pattern (SEED + 7 * i) mod 256.
sector_ok() {
    python3 - "$@" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
n, seed = int(sys.argv[2]), int(sys.argv[3], 0)
want = bytes((seed + 7 * i) & 0xff for i in range(512))
sys.exit(0 if data[n * 512:(n + 1) * 512] == want else 1)
PY
}

healthy() { # the run exited 0, said ok, and no sanitizer or crash report
    ((RC == 0)) && grep -q "virtio_blk: ok" "$OUT" && ! grep -qE 'Sanitizer|runtime error' "$ERR"
}

run_case() { # NAME LEGACY_ARG DRIVE_ARGS...
    local name=$1 legacy=$2
    shift 2
    make_image "$WORK/disk.img"
    cp "$WORK/disk.img" "$WORK/orig.img"
    local g=()
    [[ -n $legacy ]] && g=(-global "virtio-mmio.force-legacy=$legacy")
    # 10 s: the ROM is short, but ASan builds are slower than lib_cli's 5 s allow.
    timeout 10 "$EMU" -semihosting -kernel "$ELF" "${g[@]}" "$@" </dev/null >"$OUT" 2>"$ERR"
    RC=$?
}

for legacy in "" on; do
    tag=${legacy:+ (legacy)}
    run_case "read/write$tag" "$legacy" -drive "if=none,id=d0,file=$WORK/disk.img,format=raw" \
        -device virtio-blk-device,drive=d0,serial=rom-serial
    if healthy && grep -q "serial: rom-serial" "$OUT" && sector_ok "$WORK/disk.img" 1 0x11 && sector_ok "$WORK/disk.img" 7 0x77 &&
        cmp -s <(head -c 512 "$WORK/disk.img") <(head -c 512 "$WORK/orig.img") &&
        cmp -s <(tail -c +4097 "$WORK/disk.img") <(tail -c +4097 "$WORK/orig.img"); then
        ok "ROM writes sectors 1 and 7 of the host image, the rest untouched$tag"
    else
        bad "ROM writes sectors 1 and 7 of the host image$tag" "exit $RC" "$(tail -n 5 "$OUT")" "$(head -n 5 "$ERR")"
    fi
    if [[ -n $legacy ]] && ! grep -q "(legacy)" "$OUT"; then
        bad "force-legacy=on gives the Version 1 interface" "$(tail -n 2 "$OUT")"
    fi
done

run_case "short form" "" -drive "file=$WORK/disk.img,if=virtio,format=raw" -device virtio-rng-device
# The drive comes first, so it has the highest slot even with an rng after it; without
# -device ...,serial= its get-id answer is empty (QEMU's too).
if healthy && grep -q "serial: none" "$OUT" && sector_ok "$WORK/disk.img" 1 0x11; then
    ok "short -drive file=...,if=virtio form: a disk in the highest slot, empty serial"
else
    bad "short -drive if=virtio form" "exit $RC" "$(tail -n 5 "$OUT")" "$(head -n 5 "$ERR")"
fi

run_case "read-only" "" -drive "if=none,id=d0,file=$WORK/disk.img,format=raw,readonly=on" \
    -device virtio-blk-device,drive=d0,serial=rom-serial
if healthy && cmp -s "$WORK/disk.img" "$WORK/orig.img"; then
    ok "read-only drive: writes refused with IOERR, the host file unchanged"
else
    bad "read-only drive" "exit $RC" "$(tail -n 5 "$OUT")" "$(head -n 5 "$ERR")"
fi

# Differential: the same ROM under QEMU 7.2 with the same options must pass too and leave a
# byte-identical image (the ROM polls, so it needs no interrupt controller on either side).
# Built without the DMA-into-the-UART abuse, which QEMU 7.2 carries out (it bounces the DMA
# into the device's registers) where a64emu refuses it.
if command -v qemu-system-aarch64 >/dev/null; then
    for legacy in false true; do
        args=(-global "virtio-mmio.force-legacy=$legacy" -drive "if=none,id=d0,file=$WORK/disk.img,format=raw"
              -device virtio-blk-device,drive=d0,serial=rom-serial)
        make_image "$WORK/disk.img"
        timeout 10 "$EMU" -semihosting -kernel "$WORK/virtio_blk_diff.elf" "${args[@]}" </dev/null >"$OUT" 2>"$ERR"
        RC=$?
        cp "$WORK/disk.img" "$WORK/a64emu.img"
        make_image "$WORK/disk.img"
        timeout 60 qemu-system-aarch64 -M virt -cpu cortex-a57 -display none -serial null -monitor none -nic none \
            -semihosting -kernel "$WORK/virtio_blk_diff.elf" "${args[@]}" </dev/null >"$WORK/qemu.out" 2>&1
        qrc=$?
        if ((RC == 0 && qrc == 0)) && cmp -s "$WORK/disk.img" "$WORK/a64emu.img"; then
            ok "QEMU runs the ROM too (force-legacy=$legacy) and leaves the same image"
        else
            bad "same as QEMU (force-legacy=$legacy)" "a64emu exit $RC, QEMU exit $qrc" "$(tail -n 3 "$WORK/qemu.out")"
        fi
    done
else
    skip "differential run against QEMU" "qemu-system-aarch64 not installed"
fi

# virtio-rng and virtio-console: the rng first (highest slot), then the console on hvc0.
MISC=(-semihosting -kernel "$WORK/virtio_misc.elf" -device virtio-rng-device -device virtio-serial-device)
timeout 10 "$EMU" "${MISC[@]}" -device virtconsole,chardev=c0 -chardev stdio,id=c0 </dev/null >"$OUT" 2>"$ERR"
RC=$?
if ((RC == 0)) && grep -q "virtio_misc: ok" "$OUT" && grep -qx "hello from hvc0" "$OUT"; then
    ok "virtio-rng gives random bytes; hvc0 output reaches stdio"
else
    bad "virtio-rng and hvc0 on stdio" "exit $RC" "$(tail -n 5 "$OUT")" "$(head -n 5 "$ERR")"
fi
timeout 10 "$EMU" "${MISC[@]}" -device virtconsole,chardev=c0 -chardev "file,id=c0,path=$WORK/hvc0.txt" \
    </dev/null >"$OUT" 2>"$ERR"
RC=$?
if ((RC == 0)) && [[ $(cat "$WORK/hvc0.txt" 2>/dev/null) == "hello from hvc0" ]] && ! grep -q "hello from hvc0" "$OUT"; then
    ok "hvc0 output goes to the -chardev file, not stdout"
else
    bad "hvc0 on a file chardev" "exit $RC" "$(cat "$WORK/hvc0.txt" 2>/dev/null)" "$(head -n 5 "$ERR")"
fi
timeout 10 "$EMU" -semihosting -kernel "$WORK/virtio_misc.elf" -device virtio-serial-device -device virtio-rng-device \
    </dev/null >"$OUT" 2>"$ERR"
RC=$?
if ((RC == 1)) && grep -q "DEVICE_ID" "$OUT"; then
    ok "placement follows the command line (devices swapped: the ROM finds the console where it wants the rng)"
else
    bad "placement follows the command line" "exit $RC" "$(tail -n 3 "$OUT")"
fi

if command -v qemu-system-aarch64 >/dev/null; then
    timeout 60 qemu-system-aarch64 -M virt -cpu cortex-a57 -display none -serial null -monitor none -nic none \
        -global virtio-mmio.force-legacy=false "${MISC[@]}" -device virtconsole,chardev=c0 -chardev stdio,id=c0 \
        </dev/null >"$WORK/qemu.out" 2>&1
    qrc=$?
    if ((qrc == 0)) && grep -q "virtio_misc: ok" "$WORK/qemu.out" && grep -q "^hello from hvc0" "$WORK/qemu.out"; then
        ok "QEMU runs virtio_misc the same (placement, rng, hvc0)"
    else
        bad "virtio_misc under QEMU" "exit $qrc" "$(tail -n 3 "$WORK/qemu.out")"
    fi
fi

finish
