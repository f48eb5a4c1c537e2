#!/bin/bash
# --trace filters and multi-vCPU traces:
#   - -smp 2 (gic_sgi, with IPIs): two deterministic runs compare identical, both vCPUs and the
#     IRQ exceptions are in the trace, and every digest checks out;
#   - --trace-cpu 1 records only vCPU 1; --trace-el 0 only EL0 instructions (mmu_linux drops to
#     EL0); --trace-range only PCs in the range; --trace-window START+N exactly N instructions;
#   - a filtered trace still reads without error (the gaps carry the skipped state changes,
#     and the digests check the rebuilt state after them);
#   - bad filter values are refused (exit 2).
# usage: test_trace_filters.sh A64EMU BUILD_DIR
set -u
emu=$1 build=$2
for r in gic_sgi mmu_linux alu; do
    [ -f "$build/roms/$r.elf" ] || { echo "SKIP: needs $build/roms/$r.elf" >&2; exit 77; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
det=(-semihosting -nographic -icount shift=0,sleep=off)
smp=(-M virt,gic-version=3 -smp 2 "${det[@]}" -kernel "$build/roms/gic_sgi.elf")

"$emu" "${smp[@]}" --trace "$tmp/s1.trc" --trace-digest-every 1000 >/dev/null || fail "gic_sgi -smp 2"
"$emu" "${smp[@]}" --trace "$tmp/s2.trc" --trace-digest-every 1000 >/dev/null || fail "gic_sgi -smp 2 (2)"
"$emu" trace compare "$tmp/s1.trc" "$tmp/s2.trc" >/dev/null || fail "two deterministic -smp 2 runs differ"
st=$("$emu" trace stats "$tmp/s1.trc") || fail "stats"
echo "$st" | grep -q "cpu1 EL1: [1-9]" || fail "no vCPU 1 instructions: $st"
echo "$st" | grep -Eq "IRQ +[1-9]" || fail "no IRQ exceptions: $st"
echo "$st" | grep -Eq "digests checked: [1-9][0-9]" || fail "too few digests: $st"

"$emu" "${smp[@]}" --trace "$tmp/c1.trc" --trace-cpu 1 >/dev/null || fail "--trace-cpu 1"
st=$("$emu" trace stats "$tmp/c1.trc") || fail "stats c1"
echo "$st" | grep -q "cpu0 EL" && fail "--trace-cpu 1 recorded vCPU 0"
echo "$st" | grep -q "cpu1 EL1: [1-9]" || fail "--trace-cpu 1 recorded nothing"

el0rom=(-M virt "${det[@]}" -kernel "$build/roms/mmu_linux.elf")
"$emu" "${el0rom[@]}" --trace "$tmp/e0.trc" --trace-el 0 >/dev/null || fail "--trace-el 0"
st=$("$emu" trace stats "$tmp/e0.trc") || fail "stats e0"
echo "$st" | grep -q "cpu0 EL1" && fail "--trace-el 0 recorded EL1 instructions"
echo "$st" | grep -q "cpu0 EL0: [1-9]" || fail "--trace-el 0 recorded no EL0 instructions: $st"
echo "$st" | grep -q "filtered out: [1-9]" || fail "no gap reported"

alu=(-M virt "${det[@]}" -kernel "$build/roms/alu.elf")
"$emu" "${alu[@]}" --trace "$tmp/r.trc" --trace-range 0x40000000-0x4000003f >/dev/null || fail "--trace-range"
pcs=$("$emu" trace print "$tmp/r.trc" | grep '^#[0-9]' | awk '{print $4}' | sort -u)
[ -n "$pcs" ] || fail "--trace-range recorded nothing"
for pc in $pcs; do
    [[ $pc < 0000000040000040 ]] || fail "--trace-range recorded pc $pc"
done
"$emu" "${alu[@]}" --trace "$tmp/w.trc" --trace-window 100+25 >/dev/null || fail "--trace-window"
n=$("$emu" trace print "$tmp/w.trc" | grep -c '^#[0-9]')
[ "$n" -eq 25 ] || fail "--trace-window 100+25 recorded $n instructions"
"$emu" trace print "$tmp/w.trc" | grep -q '^#100 ' && fail "window numbering: expected trace-local numbers"
"$emu" trace print "$tmp/w.trc" | grep -q "100 instructions not recorded" || fail "no gap of 100 before the window"

for bad in "--trace-range 5-1" "--trace-el 3" "--trace-cpu x" "--trace-window 1+0" "--trace-digest-every -1"; do
    "$emu" "${alu[@]}" --trace "$tmp/x.trc" $bad >/dev/null 2>&1
    [ $? -eq 2 ] || fail "'$bad' was accepted"
done
echo "ok: trace filters and -smp 2 traces"
