#!/usr/bin/env bash
# Snapshots (issue 9 item 4; docs/record-replay.md) on ROMs with the GIC and timers (gic_timer),
# four vCPUs started by PSCI (psci_smp) and two vCPUs in WFE/SEV (wfe_pingpong): for each, a run
# that saves a snapshot half-way and goes on, and a run started from that snapshot, end with the
# same state digest and per-vCPU counts as an uninterrupted run; save -> load -> save gives a
# byte-identical file. Then the failure modes, each refused within 5 s with its message: corrupt
# state, truncated, corrupt header, not a snapshot, another -smp, another payload, and a save
# that cannot be written (the previous snapshot stays intact).
#   bash tests/scripts/test_snapshot.sh build/a64emu build
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROMS=$(cd "${2:?build directory}" && pwd)/roms
source "$HERE/lib_cli.sh" "$@"
if [[ ! -f $ROMS/psci_smp.elf ]]; then
    echo "SKIP: ROMs not built (needs aarch64-linux-gnu-gcc)"
    exit 77
fi
counts() { grep -E '^(digest|icount):' "$1" | tr '\n' ' '; }
for spec in "gic_timer -M virt,gic-version=3" "psci_smp -smp 4" "wfe_pingpong -smp 2"; do
    set -- $spec
    rom=$ROMS/$1.elf name=$1
    shift
    timeout 60 "$EMU" -semihosting "$@" -kernel "$rom" --deterministic --digest </dev/null >a.out 2>a.err
    total=$(sed -n 's/^icount: total \([0-9]*\).*/\1/p' a.err)
    if [[ -z $total ]] || ((total < 4)); then
        bad "$name: the reference run" "$(cat a.err)"
        continue
    fi
    half=$((total / 2))
    timeout 60 "$EMU" -semihosting "$@" -kernel "$rom" --deterministic --digest --snapshot-save s1.snap \
        --snapshot-at $half </dev/null >b.out 2>b.err
    timeout 60 "$EMU" -semihosting "$@" -kernel "$rom" --digest --snapshot-load s1.snap </dev/null >c.out 2>c.err
    timeout 60 "$EMU" -semihosting "$@" -kernel "$rom" --snapshot-load s1.snap --snapshot-save s2.snap \
        --max-insns $half </dev/null >d.out 2>d.err
    if [[ $(counts a.err) == "$(counts b.err)" ]]; then
        ok "$name: saving at instruction $half changes nothing ($(counts a.err | cut -c1-30)...)"
    else
        bad "$name: the run that saved differs" "$(counts a.err)" "$(counts b.err)"
    fi
    if [[ $(counts a.err) == "$(counts c.err)" ]] && cmp -s <(tail -c 200 a.out) <(tail -c 200 c.out); then
        ok "$name: the run from the snapshot ends in the same state"
    else
        bad "$name: the run from the snapshot differs" "$(counts a.err)" "$(counts c.err)" "$(cat c.err)"
    fi
    if cmp -s s1.snap s2.snap; then
        ok "$name: save -> load -> save is byte-identical ($(stat -c %s s1.snap) bytes)"
    else
        bad "$name: save -> load -> save differs" "$(cat d.err)"
    fi
done

ROM=$ROMS/psci_smp.elf
expect_refused() {
    local name=$1 status=$2 pattern=$3
    shift 3
    run_emu "$@"
    if ((RC == status)) && grep -qE "$pattern" "$ERR" && ((MS < 5000)); then
        ok "$name: $(head -n 1 "$ERR") (${MS} ms)"
    else
        bad "$name: status $RC (want $status) after $MS ms, want /$pattern/" "$(cat "$ERR")"
    fi
}
size=$(stat -c %s s1.snap)
cp s1.snap flip.snap
printf '\x5a' | dd of=flip.snap bs=1 seek=$((size - 20)) conv=notrunc status=none
expect_refused "corrupt state" 2 "corrupt state at byte [0-9]+" -semihosting -smp 2 -kernel "$ROMS/wfe_pingpong.elf" --snapshot-load flip.snap
head -c $((size - 100)) s1.snap >cut.snap
expect_refused "truncated" 2 "truncated at byte $((size - 100))" -semihosting -smp 2 -kernel "$ROMS/wfe_pingpong.elf" --snapshot-load cut.snap
cp s1.snap hdr.snap
printf '\x5a' | dd of=hdr.snap bs=1 seek=30 conv=notrunc status=none
expect_refused "corrupt header" 2 "corrupt header at byte 24" -semihosting -smp 2 -kernel "$ROMS/wfe_pingpong.elf" --snapshot-load hdr.snap
expect_refused "not a snapshot" 2 "not an a64emu snapshot" -semihosting -kernel "$ROM" --snapshot-load "$ROM"
expect_refused "another -smp" 2 "taken on another machine: option smp differs: the snapshot has 2, this run has 4" \
    -semihosting -smp 4 -kernel "$ROMS/wfe_pingpong.elf" --snapshot-load s1.snap
expect_refused "another payload" 2 "taken on another machine: payload file kernel differs" \
    -semihosting -smp 2 -kernel "$ROM" --snapshot-load s1.snap
expect_refused "--snapshot-at alone" 2 "needs --snapshot-save" -kernel "$ROM" --snapshot-at 5
# A save that cannot be written (FILE.tmp is a directory) reports it and keeps the old file.
cp s1.snap keep.snap
mkdir keep.snap.tmp
timeout 60 "$EMU" -semihosting -smp 4 -kernel "$ROM" --snapshot-save keep.snap --max-insns 1000 </dev/null >"$OUT" 2>"$ERR"
rc=$?
if ((rc == 2)) && grep -q "snapshot 'keep.snap': cannot write: .*previous snapshot is unchanged" "$ERR" && cmp -s s1.snap keep.snap; then
    ok "failed save: $(grep cannot "$ERR"); the previous snapshot is intact"
else
    bad "failed save: status $rc" "$(cat "$ERR")"
fi
finish
