#!/bin/bash
# Every ROM (build/roms/roms.list, written by roms/CMakeLists.txt) in lockstep against QEMU TCG:
# fails on the first divergence of any ROM. One QEMU at a time.
# usage: test_lockstep_roms.sh A64EMU BUILD_DIR   (as ctest runs tests/scripts/test_*.sh)
set -u
emu=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
list=$build/roms/roms.list
if [ ! -f "$list" ] || ! command -v qemu-system-aarch64 >/dev/null; then
    echo "SKIP: needs the ROMs ($list: aarch64-linux-gnu-gcc) and qemu-system-aarch64" >&2
    exit 77
fi
fail=0 total=0
while IFS='|' read -r name status qcpu elf args a64emu_args; do
    case $name in '#'*|'') continue ;; esac
    if [ "$qcpu" = "-" ]; then
        echo "$name: not run in lockstep (the comment above its row in roms/CMakeLists.txt says why)"
        continue
    fi
    extra=()
    [ -n "$args" ] && extra=(--emu-args "$args")
    [ -n "$a64emu_args" ] && extra+=(--a64emu-args "$a64emu_args")
    out=$(python3 "$here/../lockstep/lockstep.py" --a64emu "$emu" --qemu-cpu "$qcpu" \
          --expect-status "$status" --timeout 180 "${extra[@]}" "$elf" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "$out"
        fail=1
    else
        echo "$out" | tail -1
        n=$(echo "$out" | tail -1 | sed -n 's/.*, \([0-9]*\) instructions compared.*/\1/p')
        total=$((total + ${n:-0}))
    fi
done < "$list"
echo "total: $total instructions compared in lockstep"
exit $fail
