#!/bin/bash
# The disassembler against GNU objdump 2.40 (docs/disassembly.md): every ROM's ELF, the first
# megabyte of the Debian kernel Image when ~/.cache/a64emu/payloads has it, and random words
# (DISAS_RANDOM_WORDS, default 200000, with a fresh seed unless DISAS_SEED is set; the 1,000,000
# word run: DISAS_RANDOM_WORDS=1000000 ctest -R test_disas_objdump, or disas_compare.py
# --random 1000000 directly). Fails on any difference for an implemented row; also checks that
# `a64emu --disas` prints objdump's lines exactly, symbols aside.
set -u
A64EMU=$1
BUILD=$2
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}
HERE=$(cd "$(dirname "$0")" && pwd)
TOOL=$BUILD/tests/fuzz/disas_words
command -v "$OBJDUMP" >/dev/null || { echo "SKIP: $OBJDUMP not installed"; exit 77; }
[ -x "$TOOL" ] || { echo "FAIL: $TOOL not built"; exit 1; }
fail=0

elfs=()
for f in "$BUILD"/roms/*.elf; do [ -e "$f" ] && elfs+=(--elf "$f"); done
if [ ${#elfs[@]} -eq 0 ]; then
    echo "SKIP part: no ROM ELF in $BUILD/roms"
else
    echo "== ROMs (${#elfs[@]} / 2 files)"
    python3 "$HERE/disas_compare.py" --tool "$TOOL" "${elfs[@]}" || fail=1
    # --disas FILE: objdump's instruction lines, byte for byte once symbols are dropped.
    rom=$(ls "$BUILD"/roms/*.elf | head -1)
    norm='s/\b\([0-9a-f]\{1,16\}\) <[^>]*>/0x\1/'
    if ! diff <("$A64EMU" --disas "$rom" | grep -P '^ *[0-9a-f]+:\t' | grep -v '\.word') \
              <("$OBJDUMP" -d -z "$rom" | grep -P '^ *[0-9a-f]+:\t' | grep -v '\.word' | sed "$norm") >/tmp/disas_diff.$$; then
        echo "FAIL: a64emu --disas $rom differs from objdump -d:"; head -20 /tmp/disas_diff.$$; fail=1
    else
        echo "a64emu --disas $rom: identical to objdump -d"
    fi
    rm -f /tmp/disas_diff.$$
fi

kernel=$(ls "$HOME"/.cache/a64emu/payloads/vmlinuz-* 2>/dev/null | head -1)
if [ -n "$kernel" ]; then
    echo "== kernel text: $kernel, first ${DISAS_KERNEL_BYTES:-0x100000} bytes"
    python3 "$HERE/disas_compare.py" --tool "$TOOL" --raw "$kernel" --length "${DISAS_KERNEL_BYTES:-0x100000}" || fail=1
else
    echo "SKIP part: no kernel in ~/.cache/a64emu/payloads (scripts/fetch-payloads.sh)"
fi

echo "== random words"
seed_arg=()
[ -n "${DISAS_SEED:-}" ] && seed_arg=(--seed "$DISAS_SEED")
python3 "$HERE/disas_compare.py" --tool "$TOOL" --random "${DISAS_RANDOM_WORDS:-200000}" "${seed_arg[@]}" || fail=1

# Bad files: a clear message and a non-zero status.
if "$A64EMU" --disas /nonexistent/file 2>/dev/null; then echo "FAIL: --disas of a missing file succeeded"; fail=1; fi
printf 'ab' >/tmp/disas_short.$$
if "$A64EMU" --disas /tmp/disas_short.$$ 2>/dev/null; then echo "FAIL: --disas of a 2-byte file succeeded"; fail=1; fi
printf '\177ELF\002\001\001' >/tmp/disas_short.$$
if "$A64EMU" --disas /tmp/disas_short.$$ 2>/dev/null; then echo "FAIL: --disas of a truncated ELF succeeded"; fail=1; fi
rm -f /tmp/disas_short.$$
[ $fail -eq 0 ] && echo "PASS" || echo "FAIL"
exit $fail
