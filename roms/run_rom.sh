#!/bin/bash
# Run one ROM under a64emu and check its exit status.
# usage: run_rom.sh A64EMU ROM.elf EXPECTED_STATUS [TIMEOUT_SECONDS [EMULATOR ARGS...]]
set -u
emu=$1 elf=$2 want=$3 secs=${4:-20}
shift $(($# < 4 ? $# : 4))
timeout "$secs" "$emu" -M virt -semihosting -nographic "$@" -kernel "$elf" </dev/null
got=$?
if [ "$got" -ne "$want" ]; then
    echo "FAIL: $(basename "$elf") exited with $got, expected $want" >&2
    exit 1
fi
echo "ok: $(basename "$elf") exited with $got"
