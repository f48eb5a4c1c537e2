#!/usr/bin/env bash
# a64emu's -M virt,dumpdtb= against QEMU 7.2's (GICv3, as a64emu's board) for several board
# configurations: node paths, compatible strings, reg, interrupts, phandles - every property but
# the random seeds - compared by tests/scripts/dtb_compare.py, which lists the deliberate
# differences (devices a64emu does not model yet) with their reasons. Skipped without QEMU.
set -u
EMU=${1:?usage: $0 A64EMU BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
QEMU=$(command -v qemu-system-aarch64) || { echo "SKIP: qemu-system-aarch64 not installed"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-dtb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
head -c 4096 /dev/zero > "$WORK/kernel.bin"      # raw: QEMU and a64emu treat it as Linux
head -c 10000 /dev/zero > "$WORK/initrd.img"

n_pass=0 n_fail=0
check() { # name, machine options, other options...
    local name=$1 mopt=$2
    shift 2
    if ! "$QEMU" -M "virt,gic-version=3$mopt,dumpdtb=$WORK/q.dtb" -cpu cortex-a57 -nographic -nic none \
            "$@" >"$WORK/q.log" 2>&1; then
        echo "FAIL: $name: QEMU could not dump its tree"; sed 's/^/      /' "$WORK/q.log"
        n_fail=$((n_fail + 1)); return
    fi
    if ! "$EMU" -M "virt$mopt,dumpdtb=$WORK/a.dtb" "$@" >"$WORK/a.log" 2>&1; then
        echo "FAIL: $name: a64emu could not dump its tree"; sed 's/^/      /' "$WORK/a.log"
        n_fail=$((n_fail + 1)); return
    fi
    if python3 "$HERE/dtb_compare.py" "$WORK/q.dtb" "$WORK/a.dtb" >"$WORK/cmp.log"; then
        echo "PASS: $name"; n_pass=$((n_pass + 1))
    else
        echo "FAIL: $name"; sed 's/^/      /' "$WORK/cmp.log"; n_fail=$((n_fail + 1))
    fi
}

check "EL1, 2 vCPUs, 512 MiB" "" -smp 2 -m 512M
check "EL1, 1 vCPU, 128 MiB" "" -smp 1 -m 128M
check "EL2, 4 vCPUs, 1 GiB" ",virtualization=on" -smp 4 -m 1G
check "EL2, 8 vCPUs, 2 GiB" ",virtualization=on" -smp 8 -m 2G
check "kernel, initrd, append" "" -smp 1 -m 512M -kernel "$WORK/kernel.bin" -initrd "$WORK/initrd.img" \
    -append "console=ttyAMA0 earlycon"
check "kernel, small RAM (initrd at RAM/2)" "" -smp 2 -m 64M -kernel "$WORK/kernel.bin" \
    -initrd "$WORK/initrd.img"
# Xen's way in: the hypervisor as -kernel, dom0's kernel and initrd through QEMU's guest loader.
check "EL2, guest-loader modules (Xen)" ",virtualization=on" -smp 2 -m 1G -kernel "$WORK/kernel.bin" \
    -device guest-loader,addr=0x50000000,kernel="$WORK/kernel.bin",bootargs="console=hvc0 root=/dev/ram" \
    -device guest-loader,addr=0x52000000,initrd="$WORK/initrd.img"
check "-cpu cortex-a72 (cpu nodes' compatible)" "" -smp 2 -m 256M -cpu cortex-a72
python3 "$HERE/dtb_compare.py" "$WORK/q.dtb" "$WORK/a.dtb" | grep '^deliberate'
echo "test_dtb_vs_qemu: $n_pass passed, $n_fail failed"
[[ $n_fail -eq 0 ]]
