#!/bin/bash
# `a64emu trace tarmac` exports validated line by line against the Tarmac grammar of Arm's
# Tarmac Trace Utilities (tests/scripts/tarmac_check.py cites it), on ROMs that between them
# produce every line form: instructions (IT, and IS for a failed B.cond), X/SP/NZCV/system
# register writes, V registers (fp_scalar), memory reads and writes (ldst), and exceptions (svc).
# Also: the checker itself rejects malformed lines (so this test can fail).
# usage: test_trace_tarmac.sh A64EMU BUILD_DIR
set -u
emu=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
for r in alu ldst svc fp_scalar; do
    [ -f "$build/roms/$r.elf" ] || { echo "SKIP: needs $build/roms/$r.elf" >&2; exit 77; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts=(-M virt -semihosting -nographic -icount shift=0,sleep=off)
for r in alu ldst svc fp_scalar; do
    extra=()
    "$emu" "${opts[@]}" "${extra[@]}" -kernel "$build/roms/$r.elf" --trace "$tmp/$r.trc" >/dev/null 2>&1
    "$emu" trace tarmac "$tmp/$r.trc" >"$tmp/$r.tarmac" || fail "$r: export failed"
    python3 "$here/tarmac_check.py" "$tmp/$r.tarmac" || fail "$r: the Tarmac export breaks the grammar"
done
cat "$tmp"/*.tarmac >"$tmp/all"
grep -q " IT (" "$tmp/all" || fail "no IT lines"
grep -q " IS (" "$tmp/all" || fail "no IS line (a B.cond not taken)"
grep -Eq " R X[0-9]+ " "$tmp/all" || fail "no X register lines"
grep -Eq " R V[0-9]+ [0-9a-f]{16}_[0-9a-f]{16}$" "$tmp/all" || fail "no V register lines"
grep -q " MR[1248] " "$tmp/all" || fail "no memory read lines"
grep -q " MW[1248] " "$tmp/all" || fail "no memory write lines"
grep -q " E [0-9a-f]* [0-9a-f]* CoreEvent_SVC64$" "$tmp/all" || fail "no SVC exception line"
# The checker must reject what the grammar rejects.
printf '5 clk cpu0 IT (5) 0000000040000000 d503201f O EL1h_n : nop\n4 clk cpu0 R X1 1\n' >"$tmp/bad"
python3 "$here/tarmac_check.py" "$tmp/bad" >/dev/null && fail "the checker accepts a malformed register line"
printf '5 clk cpu0 MR4 0000000040000000 0102\n' >"$tmp/bad"
python3 "$here/tarmac_check.py" "$tmp/bad" >/dev/null && fail "the checker accepts a short memory value"
echo "ok: Tarmac exports match the grammar"
