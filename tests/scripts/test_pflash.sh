#!/bin/bash
# CFI flash with files behind it (-drive if=pflash; devices/pflash_cfi01.c):
#  1. the pflash ROM on a flash1 image, once in a64emu and once in QEMU, each on its own copy of
#     the same starting image: both files must end up byte for byte the same (write-through of
#     erase, word program and buffered program);
#     then snapshots taken in the middle of its flash command sequences, restored;
#  2. readonly=on: the ROM's erase fails (it polls, sees the error bits, and its CHECK fails), the
#     file is unchanged;
#  3. U-Boot (Debian's u-boot-qemu, from scripts/fetch-payloads.sh --firmware) with -bios and its
#     environment in flash1: `setenv; saveenv` in one run, `printenv` shows it in a second run on
#     the same file; and -pflash (QEMU's alias) finds it too.
# Parts 1-2 need the ROMs and QEMU, part 3 the firmware (skipped, with a note, without it).
# usage: test_pflash.sh A64EMU BUILD_DIR
set -u
emu=$(readlink -f "$1") build=$2
here=$(cd "$(dirname "$0")" && pwd)
rom=$build/roms/pflash.elf
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-pflash.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
n_pass=0 n_fail=0 n_skip=0
ok()   { n_pass=$((n_pass + 1)); echo "PASS: $1"; }
bad()  { n_fail=$((n_fail + 1)); echo "FAIL: $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | tail -n 20 | sed 's/^/      /'; }
skip() { n_skip=$((n_skip + 1)); echo "SKIP: $1"; }

# A 64 MiB image with something in the block the ROM erases and in its neighbours, so the
# erase and the programs have to replace data, and untouched bytes have to stay.
python3 - "$WORK/start.img" <<'EOF'
import sys
with open(sys.argv[1], "wb") as f:
    f.truncate(64 << 20)
    f.seek(0x40000)
    f.write(bytes((i * 7) & 0xff for i in range(3 * 0x40000)))
EOF

if [ -f "$rom" ] && command -v qemu-system-aarch64 >/dev/null; then
    cp "$WORK/start.img" "$WORK/a64emu.img"
    cp "$WORK/start.img" "$WORK/qemu.img"
    out=$(timeout 30 "$emu" -M virt -semihosting -nographic -drive if=pflash,format=raw,unit=1,file="$WORK/a64emu.img" \
          -kernel "$rom" </dev/null 2>&1)
    rc=$?
    [ $rc -eq 0 ] && ok "a64emu: pflash ROM on a file exits 0" || bad "a64emu: pflash ROM on a file: status $rc" "$out"
    out=$(timeout 30 qemu-system-aarch64 -M virt -cpu cortex-a57 -display none -nic none -semihosting -nographic \
          -drive if=pflash,format=raw,unit=1,file="$WORK/qemu.img" -kernel "$rom" </dev/null 2>&1)
    rc=$?
    [ $rc -eq 0 ] && ok "QEMU: pflash ROM on a file exits 0" || bad "QEMU: pflash ROM on a file: status $rc" "$out"
    if cmp -s "$WORK/a64emu.img" "$WORK/qemu.img"; then
        ok "the flash files a64emu and QEMU leave are identical"
    else
        bad "the flash files differ" "$(cmp -l "$WORK/a64emu.img" "$WORK/qemu.img" | head -n 10)"
    fi
    cmp -s "$WORK/a64emu.img" "$WORK/start.img" && bad "the ROM changed nothing in the file" ||
        ok "the ROM's erase and programs reached the file"
    # The pattern the ROM leaves at the start of flash1 block 2.
    want=$(python3 -c 'import struct; print(struct.pack("<16I", *[0xc0de0000 + i for i in range(16)]).hex())')
    got=$(dd if="$WORK/a64emu.img" bs=64 skip=$((0x80000 / 64)) count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
    [ "$got" = "$want" ] && ok "the file holds the ROM's pattern at 0x80000" || bad "pattern at 0x80000: $got"

    # Snapshots taken at these instructions land in command modes of the ROM (query,
    # status, erase, buffer); each restored run must finish the ROM as the uninterrupted one.
    snap_fail=""
    for n in 100 300 500 700 1700 1800; do
        timeout 30 "$emu" -M virt -semihosting -nographic --deterministic -kernel "$rom" \
            --snapshot-save "$WORK/s.snap" --snapshot-at $n </dev/null >/dev/null 2>&1
        out=$(timeout 30 "$emu" -M virt -semihosting -nographic --deterministic -kernel "$rom" \
              --snapshot-load "$WORK/s.snap" </dev/null 2>&1) || snap_fail="$snap_fail $n"
    done
    [ -z "$snap_fail" ] && ok "snapshots at 6 points of the ROM restore the flash state" ||
        bad "snapshot restores failed at instruction(s)$snap_fail" "$out"

    cp "$WORK/start.img" "$WORK/ro.img"
    out=$(timeout 30 "$emu" -M virt -semihosting -nographic -drive if=pflash,format=raw,unit=1,file="$WORK/ro.img",readonly=on \
          -kernel "$rom" </dev/null 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && echo "$out" | grep -q "CHECK_EQ failed: wait_ready(BLOCK) & CMD(0x30) = 0x0000000000200020"; then
        ok "readonly=on: the erase reports the erase error bit in both parts"
    else
        bad "readonly=on: status $rc, expected the ROM's erase-error CHECK" "$out"
    fi
    cmp -s "$WORK/ro.img" "$WORK/start.img" && ok "readonly=on: the file is unchanged" || bad "readonly=on: the file changed"
else
    skip "ROM parts: need $rom (aarch64-linux-gnu-gcc) and qemu-system-aarch64"
fi

CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
uboot=$CACHE/firmware/u-boot-qemu_arm64.bin
if [ ! -f "$uboot" ] && [ -z "${ASAN_OPTIONS:-}" ]; then
    bash "$here/../../scripts/fetch-payloads.sh" --firmware </dev/null >"$WORK/fetch.log" 2>&1 ||
        tail -n 3 "$WORK/fetch.log"
fi
if [ -n "${ASAN_OPTIONS:-}" ]; then
    skip "U-Boot: not run under the sanitizers (a slow boot); the gcc phase runs it"
elif [ -f "$uboot" ]; then
    truncate -s 64M "$WORK/env.img"
    session() { python3 "$here/firmware_session.py" 40 --interrupt "Hit any key to stop autoboot" --prompt "=> " "$@"; }
    out=$(session --cmd "printenv a64emu_test" --cmd "setenv a64emu_test pflash-ok" --cmd "saveenv" \
          --expect "Flash: 64 MiB" --expect "## Error: \"a64emu_test\" not defined" \
          --expect "Writing to Flash\.\.\. done" --expect "\nOK" \
          -- "$emu" -M virt -nographic -bios "$uboot" -drive if=pflash,format=raw,unit=1,file="$WORK/env.img" 2>&1)
    [ $? -eq 0 ] && ok "U-Boot: saveenv writes its environment to flash1" || bad "U-Boot: saveenv" "$out"
    out=$(timeout 10 "$emu" -M virt -nographic -bios "$uboot" -pflash "$WORK/env.img" </dev/null 2>&1)
    if [ $? -ne 0 ] && echo "$out" | grep -q "both options at once"; then
        ok "-bios with -pflash (unit 0) is refused"
    else
        bad "-bios with -pflash was accepted" "$out"
    fi
    out=$(session --cmd "printenv a64emu_test" --expect "Loading Environment from Flash\.\.\. OK" \
          --expect "a64emu_test=pflash-ok" \
          -- "$emu" -M virt -nographic -bios "$uboot" -drive if=pflash,format=raw,unit=1,file="$WORK/env.img" 2>&1)
    [ $? -eq 0 ] && ok "U-Boot: a second run on the same file reads the variable back" || bad "U-Boot: second run" "$out"
else
    skip "U-Boot: $uboot missing (scripts/fetch-payloads.sh --firmware)"
fi

echo "$n_pass passed, $n_fail failed, $n_skip skipped"
[ $n_fail -eq 0 ] || exit 1
[ $n_pass -gt 0 ] || exit 77
exit 0
