#!/bin/bash
# The trace regression workflow (docs/regression-testing.md): record a golden trace of a ROM in
# deterministic mode, compare fresh runs against it.
#   1. a fresh run of the same ROM is identical (exit 0), file-to-file and against a live run;
#   2. with a deliberately wrong ADDS carry (A64EMU_INJECT_BUG=adds_carry, src/frontend/
#      fault_inject.c) compare exits 1 and names exactly the first ADDS executed: its PC, its
#      disassembly and NZCV as the differing register, with the instructions before it as context;
#   3. the same against a live run (`compare GOLDEN -- <options>`);
#   4. a ROM that takes exceptions (svc) records them and compares identical;
#   5. usage errors exit 2.
# usage: test_trace_regression.sh A64EMU BUILD_DIR
set -u
emu=$1 build=$2
alu=$build/roms/alu.elf svc=$build/roms/svc.elf
if [ ! -f "$alu" ] || [ ! -f "$svc" ]; then
    echo "SKIP: needs $alu and $svc (aarch64-linux-gnu-gcc)" >&2
    exit 77
fi
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts=(-M virt -semihosting -nographic -icount shift=0,sleep=off)

"$emu" "${opts[@]}" -kernel "$alu" --trace "$tmp/golden.trc" >/dev/null || fail "recording the golden trace"
"$emu" "${opts[@]}" -kernel "$alu" --trace "$tmp/fresh.trc" >/dev/null || fail "recording a fresh trace"

# 1. identical
out=$("$emu" trace compare "$tmp/golden.trc" "$tmp/fresh.trc") || fail "same ROM, same options: compare says: $out"
echo "$out" | grep -q "^traces identical" || fail "no 'traces identical' line: $out"
out=$("$emu" trace compare "$tmp/golden.trc" -- "${opts[@]}" -kernel "$alu" 2>/dev/null) ||
    fail "golden vs live run differ: $out"

# The first ADDS the ROM executes, from the golden trace itself (not hard-coded).
first=$("$emu" trace print "$tmp/golden.trc" | grep -E '^#[0-9]+ .*  (adds|cmn) ' | head -1)
[ -n "$first" ] || fail "the alu ROM's trace shows no ADDS/CMN"
pc=$(echo "$first" | awk '{print $4}')
n=$(echo "$first" | awk '{print $1}')

# 2. the injected fault is caught at exactly that instruction
A64EMU_INJECT_BUG=adds_carry "$emu" "${opts[@]}" -kernel "$alu" --trace "$tmp/bad.trc" >/dev/null 2>&1
out=$("$emu" trace compare --context 4 "$tmp/golden.trc" "$tmp/bad.trc")
rc=$?
echo "$out"
[ $rc -eq 1 ] || fail "compare exited $rc with the fault injected, expected 1"
echo "$out" | grep -q "^traces differ at event #[0-9]* (instruction ${n})" || fail "divergence not reported at instruction $n"
echo "$out" | grep -Eq "^A:  ${n} cpu0 EL1 ${pc} [0-9a-f]{8}  (adds|cmn) " || fail "the report does not show the ADDS at $pc"
echo "$out" | grep -Eq "^B:  ${n} cpu0 EL1 ${pc} " || fail "the report does not show B's instruction at $pc"
echo "$out" | grep -Eq "^  NZCV +A=0x[0-9a-f]+  B=0x[0-9a-f]+  <== differs" || fail "NZCV not named as the differing register"
[ "$(echo "$out" | grep -c '<== differs')" -eq 1 ] || fail "more than the one register reported"
[ "$(echo "$out" | grep -c '^    #')" -eq 4 ] || fail "--context 4 did not give 4 lines of context"

# 3. against a live run with the fault
out=$(A64EMU_INJECT_BUG=adds_carry "$emu" trace compare "$tmp/golden.trc" -- "${opts[@]}" -kernel "$alu" 2>/dev/null)
rc=$?
[ $rc -eq 1 ] || fail "live compare with the fault exited $rc, expected 1"
echo "$out" | grep -Eq "^A:  ${n} cpu0 EL1 ${pc} " || fail "live compare does not report the ADDS at $pc"

# 4. exceptions are recorded and compare identical
"$emu" "${opts[@]}" -kernel "$svc" --trace "$tmp/svc1.trc" >/dev/null || fail "svc ROM"
"$emu" "${opts[@]}" -kernel "$svc" --trace "$tmp/svc2.trc" >/dev/null || fail "svc ROM (2)"
"$emu" trace print "$tmp/svc1.trc" | grep -Eq "exception sync EC=0x15 \(SVC64\) .* EL0->EL1" ||
    "$emu" trace print "$tmp/svc1.trc" | grep -Eq "exception sync EC=0x15" || fail "no SVC exception in the svc ROM's trace"
"$emu" trace compare "$tmp/svc1.trc" "$tmp/svc2.trc" >/dev/null || fail "two svc runs differ"

# 5. usage
"$emu" trace compare "$tmp/golden.trc" >/dev/null 2>&1; [ $? -eq 2 ] || fail "compare with one file: expected 2"
"$emu" trace compare "$tmp/golden.trc" "$tmp/nonexistent" >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing file: expected 2"
"$emu" trace frobnicate "$tmp/golden.trc" >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown subcommand: expected 2"
"$emu" "${opts[@]}" -kernel "$alu" --trace-el 1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "a filter without --trace: expected 2"
echo "ok: golden trace regression workflow (fault caught at instruction $n, pc $pc)"
