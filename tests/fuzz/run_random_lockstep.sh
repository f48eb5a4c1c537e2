#!/bin/bash
# Differential random-program lockstep against QEMU (tests/fuzz/README.md).
# usage: tests/fuzz/run_random_lockstep.sh SEED COUNT PROGRAMS
#   Generates PROGRAMS programs of COUNT random instructions (program i uses seed SEED+i) with
#   randprog, runs each under QEMU -cpu max and a64emu in lockstep (fuzz_compare.py), and reports
#   the states and random instructions compared, and every divergence.
# Environment: A64EMU (default build/a64emu), RANDPROG (default: next to A64EMU,
#   tests/fuzz/randprog), QEMU (qemu-system-aarch64), WORK (kept programs; default a temp dir),
#   TIMEOUT (seconds per program, default 600), STOP_ON_DIVERGENCE=1 to stop at the first one,
#   FP=1 for scalar floating-point programs (randprog --fp),
#   COVERAGE=FILE to append per-row counts of the random instructions compared ('ROW N' lines).
# Exit status: 0 all agree, 1 a divergence, 2 usage / tool error.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seed=${1:-${SEED:-}} count=${2:-5000} programs=${3:-1}
if [[ -z $seed || ! $count =~ ^[0-9]+$ || ! $programs =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SEED COUNT PROGRAMS" >&2
    exit 2
fi
echo "SEED=$seed COUNT=$count PROGRAMS=$programs  (reproduce: $0 $seed $count $programs)"
A64EMU=${A64EMU:-$root/build/a64emu}
RANDPROG=${RANDPROG:-$(dirname "$A64EMU")/tests/fuzz/randprog}
QEMU=${QEMU:-qemu-system-aarch64}
TIMEOUT=${TIMEOUT:-600}
for t in "$A64EMU" "$RANDPROG"; do
    [[ -x $t ]] || { echo "error: $t not found (build it: make -C build a64emu randprog)" >&2; exit 2; }
done
command -v "$QEMU" >/dev/null || { echo "error: $QEMU not found" >&2; exit 2; }
if [[ -n ${WORK:-} ]]; then
    mkdir -p "$WORK"; keep=1
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-fuzz.XXXXXX"); keep=0
fi
states=0 random=0 bad=0 ok=0
for ((i = 0; i < programs; i++)); do
    s=$((seed + i))
    elf=$WORK/rand-$s.elf map=$WORK/rand-$s.map
    fpargs=() a64args=()
    if [[ ${FP:-0} == 1 ]]; then fpargs=(--fp); fi
    if ! "$RANDPROG" --seed "$s" --count "$count" --out "$elf" --map "$map" "${fpargs[@]}"; then
        echo "seed $s: randprog failed" >&2
        bad=$((bad + 1)); continue
    fi
    out=$(python3 "$here/fuzz_compare.py" --a64emu "$A64EMU" --qemu "$QEMU" --map "$map" \
          --timeout "$TIMEOUT" "${a64args[@]}" ${COVERAGE:+--coverage "$COVERAGE"} "$elf")
    rc=$?
    last=$(tail -n 1 <<<"$out")
    st=$(sed -n 's/.* states=\([0-9]*\).*/\1/p' <<<"$last")
    rn=$(sed -n 's/.* random=\([0-9]*\).*/\1/p' <<<"$last")
    if ((rc == 0)); then
        states=$((states + ${st:-0})) random=$((random + ${rn:-0})) ok=$((ok + 1))
        echo "seed $s: $last"
        [[ $keep == 1 ]] || rm -f "$elf" "$map"
    else
        bad=$((bad + 1))
        echo "seed $s: DIVERGENCE (kept $elf, $map)"
        echo "$out" | sed 's/^/    /'
        keep=1
        [[ ${STOP_ON_DIVERGENCE:-0} == 1 ]] && break
    fi
done
echo "TOTAL seed=$seed programs_ok=$ok programs_diverged=$bad states_compared=$states random_insns_compared=$random"
[[ $keep == 1 ]] || rm -rf "$WORK"
((bad == 0))
