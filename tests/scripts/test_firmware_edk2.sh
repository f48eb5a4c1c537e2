#!/bin/bash
# EDK2 (Debian's qemu-efi-aarch64: AAVMF_CODE.fd read-only in flash0, a copy of AAVMF_VARS.fd in
# flash1) boots to the UEFI shell on the serial console; a non-volatile variable set with the
# shell's setvar is read back by dmpstore in a second run on the same variable store (the
# variable services' flash writes: block erase and buffered program, devices/pflash_cfi01.c).
# The firmware comes from scripts/fetch-payloads.sh --firmware; skipped without it.
# usage: test_firmware_edk2.sh A64EMU BUILD_DIR
set -u
emu=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "SKIP: EDK2 is not booted under the sanitizers (minutes); the gcc phase runs it"
    exit 77
fi
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
fw=$CACHE/firmware
if [ ! -f "$fw/AAVMF_CODE.fd" ]; then
    bash "$here/../../scripts/fetch-payloads.sh" --firmware </dev/null >/dev/null 2>&1
fi
if [ ! -f "$fw/AAVMF_CODE.fd" ] || [ ! -f "$fw/AAVMF_VARS.fd" ]; then
    echo "SKIP: $fw/AAVMF_CODE.fd missing (scripts/fetch-payloads.sh --firmware failed: no network or root?)"
    exit 77
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-edk2.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$fw/AAVMF_VARS.fd" "$WORK/vars.fd"
fail=0
GUID=6a64656d-7573-7465-7374-000000000001 # a vendor GUID of its own: not a global variable
run() {
    python3 "$here/firmware_session.py" 50 --interrupt "to skip" --prompt "Shell> " "$@" -- \
        "$emu" -M virt -m 1G -nographic \
        -drive if=pflash,format=raw,unit=0,file="$fw/AAVMF_CODE.fd",readonly=on \
        -drive if=pflash,format=raw,unit=1,file="$WORK/vars.fd"
}
out=$(run --cmd "setvar A64EMUTEST -guid $GUID -nv -bs =c0ffee42" \
          --expect "UEFI Interactive Shell" --expect "BdsDxe: starting Boot0001" 2>&1)
if [ $? -eq 0 ] && ! echo "$out" | grep -q "Unable to set"; then
    echo "PASS: EDK2 boots to the UEFI shell and sets a non-volatile variable"
else
    echo "FAIL: EDK2 first run"; echo "$out" | tail -n 20; fail=1
fi
if cmp -s "$fw/AAVMF_VARS.fd" "$WORK/vars.fd"; then
    echo "FAIL: the variable store file is unchanged"; fail=1
else
    echo "PASS: the variable store reached the flash1 file"
fi
out=$(run --cmd "dmpstore -guid $GUID A64EMUTEST" --expect "C0 FF EE 42" 2>&1)
if [ $? -eq 0 ]; then
    echo "PASS: a second boot on the same store reads the variable back"
else
    echo "FAIL: EDK2 second run"; echo "$out" | tail -n 20; fail=1
fi
exit $fail
