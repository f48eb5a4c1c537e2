#!/bin/bash
# The lockstep harness must catch an emulator bug: run the alu ROM with a deliberately wrong ADDS
# carry (A64EMU_INJECT_BUG=adds_carry, the test hook in src/frontend/fault_inject.c, given to the
# a64emu side only) and require a DIVERGENCE report naming an ADDS/CMN and the PSTATE difference.
# Also: the same run without the fault agrees, and an unknown fault name is refused.
# usage: test_lockstep_catches_bug.sh A64EMU BUILD_DIR
set -u
emu=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
lockstep=$here/../lockstep/lockstep.py
elf=$build/roms/alu.elf
if [ ! -f "$elf" ] || ! command -v qemu-system-aarch64 >/dev/null; then
    echo "SKIP: needs $elf (aarch64-linux-gnu-gcc) and qemu-system-aarch64" >&2
    exit 77
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Control: no fault, no divergence.
out=$(python3 "$lockstep" --a64emu "$emu" --expect-status 0 --timeout 60 "$elf" 2>&1) ||
    { echo "$out"; fail "the alu ROM diverges even without an injected fault"; }
echo "control: $(echo "$out" | tail -1)"

# 2. The injected fault is caught, at an ADDS or CMN, with PSTATE marked.
out=$(python3 "$lockstep" --a64emu "$emu" --a64emu-env A64EMU_INJECT_BUG=adds_carry \
      --timeout 60 "$elf" 2>&1)
rc=$?
echo "$out" | grep -v "0000000000000000   0000000000000000"
[ $rc -eq 1 ] || fail "lockstep exited with $rc, expected 1 (divergence)"
echo "$out" | grep -q "DIVERGENCE at instruction #" || fail "no DIVERGENCE report"
echo "$out" | grep -Eq "just executed: .*(adds|cmn) " || fail "the report does not point at an ADDS/CMN"
echo "$out" | grep -Eq "PSTATE .*<== differs" || fail "the report does not mark PSTATE"

# 3. The hook refuses unknown names (a typo must not run silently without the fault).
A64EMU_INJECT_BUG=no_such_bug "$emu" -M virt -semihosting -nographic -kernel "$elf" </dev/null \
    >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "A64EMU_INJECT_BUG=no_such_bug: exit status $rc, expected 2"
echo "ok: the injected ADDS carry bug is caught"
