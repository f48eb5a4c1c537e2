#!/usr/bin/env bash
# Reverse debugging (issue 9 item 5; docs/gdb.md "Reverse execution"): gdb-multiarch --batch
# sessions against roms/revdbg/revdbg.S in deterministic mode and against a --replay of the
# uart_echo ROM: reverse-stepi over an SVC and over a data abort lands on the instruction before
# the exception with the registers and PSTATE of then; reverse-continue back to a breakpoint,
# to the start of history, to a watchpoint; forward execution after going back ends with the
# digest of a run without gdb; stepping under gdb gives the digest of the free run; with
# several vCPUs reverse-stepi follows the selected one; gdb on a
# replay gives the replay's output and digest; outside deterministic mode bs/bc are refused.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib_gdb.sh" "$@"
need_tools
if ! have_cross; then
    echo "SKIP: no cross assembler for roms/revdbg"
    exit 77
fi
cp "$HERE/../../roms/revdbg/revdbg.S" "$WORK/revdbg.S"
build_elf revdbg
ROM=$WORK/revdbg.elf
addr() { printf '0x%x' $((0x$(sym "$1") + ${2:-0})); }
VEC_SYNC=$(addr vectors 0x200)
SVC=$(addr svc_here)
ABORT=$(addr abort_here)
# The reference: the run without gdb.
"$EMU" -semihosting -kernel "$ROM" --deterministic --digest </dev/null >"$WORK/ref.out" 2>"$WORK/ref.err"
REF=$(grep '^digest:' "$WORK/ref.err")
[[ -n $REF ]] && grep -q 'revdbg: done' "$WORK/ref.out" && ok "reference run: $REF" || bad "reference run" "$(cat "$WORK/ref.err")"
same_end() { # NAME: a64emu printed the reference digest and the program's output once
    if [[ $(grep '^digest:' "$WORK/emu.err") == "$REF" && $(grep -c 'revdbg: done' "$WORK/emu.out") == 1 ]]; then
        ok "$1"
    else
        bad "$1" "$(cat "$WORK/emu.out" "$WORK/emu.err")"
    fi
}
DET=(-semihosting -kernel "$ROM" --deterministic --digest -S)

# 1. reverse-stepi over an SVC (taken to EL1 at VBAR+0x200): back on the SVC, registers and
#    PSTATE as before it. Then stepping only: the digest of the free run.
emu_start "${DET[@]}"
gdb_batch "break svc_here" "continue" "p/x \$pc" "p/x \$cpsr" "p/x \$x1" "p/x \$x4" "stepi" "p/x \$pc" \
    "p/x \$cpsr" "reverse-stepi" "p/x \$pc" "p/x \$cpsr" "p/x \$x1" "p/x \$x4" "p/x \$ELR_EL1" "delete" \
    "stepi" "stepi" "stepi" "stepi" "stepi" "stepi" "stepi" "stepi" "continue"
emu_wait
expect "SVC: at the SVC" "^\\\$1 = $SVC\$"
expect "SVC: PSTATE before it (Z, C, EL1h, DAIF masked)" '^\$2 = 0x600003c5$'
expect "SVC: stepi enters the vector (VBAR_EL1 + 0x200)" "^\\\$5 = $VEC_SYNC\$"
expect "reverse-stepi from the vector: back on the SVC" "^\\\$7 = $SVC\$"
expect "reverse-stepi: PSTATE as before the SVC" '^\$8 = 0x600003c5$'
expect "reverse-stepi: x1 as before" '^\$9 = 0x11$'
expect "reverse-stepi: x4 as before" '^\$10 = 0x60000000$'
expect "reverse-stepi: ELR_EL1 not yet written by the SVC" '^\$11 = 0x0$'
same_end "SVC session: stepping and reversing, then continue: the free run's digest, output once"

# 2. A data abort: stepi from the faulting load lands on the vector; reverse-stepi back on the
#    load, with ESR_EL1/FAR_EL1 as before the abort.
emu_start "${DET[@]}"
gdb_batch "break abort_here" "continue" "p/x \$ESR_EL1" "stepi" "p/x \$pc" "p/x \$ESR_EL1 >> 26" "reverse-stepi" \
    "p/x \$pc" "p/x \$ESR_EL1" "p/x \$x6" "delete" "continue"
emu_wait
expect "abort: stepi from the load enters the vector" "^\\\$2 = $VEC_SYNC\$"
expect "abort: ESR_EL1.EC is a data abort (0x25)" '^\$3 = 0x25$'
expect "abort: reverse-stepi lands on the faulting load" "^\\\$4 = $ABORT\$"
expect "abort: ESR_EL1 back to its value before (the SVC's)" '^\$5 = 0x56000042$'
same_end "abort session: continue after reversing: the free run's digest"

# 3. reverse-continue: back to a breakpoint passed earlier, to a watchpoint hit (gdb then steps
#    back over the store: the value before it), across many snapshots (the spin loop: one per
#    scheduler quantum, every 4 steps asked, so the ring thins itself), to the start of
#    history; then forward to the end. (gdb treats AArch64 watchpoints as reported before the
#    access and steps one instruction after each hit, forward and backward.)
emu_start "${DET[@]}"
gdb_batch "monitor revdbg interval 4" "break *bump" "continue" "continue" "continue" "p \$x7" "reverse-continue" \
    "p \$x7" "p/x \$pc" "delete" "watch *(long *)&counter" "continue" "continue" "p \$x7" "reverse-continue" \
    "p \$x7" "p *(long *)&counter" "delete" "break done" "continue" "monitor revdbg" "break *bump" \
    "reverse-continue" "p \$x7" "p \$x13" "delete" "reverse-continue" "p/x \$pc" "continue"
emu_wait
expect "third hit of bump: x7 = 3" '^\$1 = 3$'
expect "reverse-continue: the second hit (x7 = 2)" '^\$2 = 2$'
expect "reverse-continue: stopped at bump" "^\\\$3 = $(addr bump)\$"
expect "watch: forward to the store of 4" '^\$4 = 4$'
expect "watch: reverse-continue goes back to the last store (gdb stepped past it) ..." '^\$5 = 4$'
expect "... and before it (gdb's bs after the hit): counter still 3" '^\$6 = 3$'
expect "watch: gdb shows the change backwards" 'Old value = 4'
expect "the ring thinned itself (its interval grew)" 'snapshots \([0-9]+ bytes compressed\), every (8|16|32|64|128|256) steps'
expect "reverse-continue from the end across the spin loop: the last bump (x7 = 20)" '^\$7 = 20$'
expect "... before the spin loop" '^\$8 = 0$'
expect "reverse-continue with no breakpoint: the start of history" 'No more reverse-execution history'
expect "... at the entry point" '^\$9 = 0x40080000$'
same_end "reverse-continue session: forward to the end: the free run's digest, output once"

# 4. Outside deterministic mode: bs and bc are refused (E01), and a64emu says why.
emu_start -semihosting -kernel "$ROM" -S
gdb_batch "stepi" "reverse-stepi" "maint packet bs" "maint packet bc" "kill"
emu_wait
expect "no deterministic mode: gdb is told there is no reverse execution" 'Target remote does not support this command'
grep -q 'reverse execution needs deterministic mode' "$WORK/emu.err" && ok "no deterministic mode: bs refused, logged" \
    || bad "no deterministic mode: bs" "$(cat "$WORK/gdb.out" "$WORK/emu.err")"
expect "... with an error reply" 'received: "E01"'

# 4b. Several vCPUs (psci_smp, -smp 4): reverse-stepi on a thread goes back through that vCPU's
#     own steps, while the others come back to where they were; forward to the same end.
SMP=$BUILD/roms/psci_smp.elf
if [[ -f $SMP ]]; then
    "$EMU" -semihosting -kernel "$SMP" -smp 4 --deterministic --digest </dev/null >/dev/null 2>"$WORK/smpref.err"
    SAVED_ROM=$ROM
    # gdb without the DWARF, and steps from secondary_main's entry: gdb turns a stepi over an
    # ldar (its "atomic sequence" logic) into a continue to temporary breakpoints, and this
    # test wants one vCont;s per stepi.
    aarch64-linux-gnu-objcopy --strip-debug "$SMP" "$WORK/smp.elf"
    ROM=$WORK/smp.elf
    emu_start -semihosting -kernel "$SMP" -smp 4 --deterministic --digest -S
    gdb_batch "break secondary_main" "continue" "delete" "thread 2" "p/x \$pc" "stepi" "p/x \$pc" "stepi" \
        "p/x \$pc" "stepi" "p/x \$pc" "thread 1" "p/x \$pc" "thread 2" "reverse-stepi" "p/x \$pc" "reverse-stepi" \
        "p/x \$pc" "reverse-stepi" "p/x \$pc" "thread 1" "p/x \$pc" "continue"
    emu_wait
    ROM=$SAVED_ROM
    pcs=($(sed -n 's/^\$[0-9]* = \(0x[0-9a-f]*\)$/\1/p' "$WORK/gdb.out"))
    # pcs: P0 P1 P2 P3 of vCPU 1 from secondary_main, vCPU 0's, then back: P2 P1 P0, vCPU 0's again
    if [[ ${#pcs[@]} == 9 && ${pcs[5]} == "${pcs[2]}" && ${pcs[6]} == "${pcs[1]}" && ${pcs[7]} == "${pcs[0]}" &&
          ${pcs[8]} == "${pcs[4]}" ]]; then
        ok "smp: reverse-stepi x3 on thread 2 retraces its steps (${pcs[3]} -> ${pcs[0]}), vCPU 0 back where it was"
    else
        bad "smp: reverse-stepi on thread 2" "pcs: ${pcs[*]}" "$(cat "$WORK/gdb.out")"
    fi
    [[ $(grep '^digest' "$WORK/emu.err") == $(grep '^digest' "$WORK/smpref.err") && -n $(grep '^digest' "$WORK/smpref.err") ]] &&
        ok "smp: forward after reversing: the free run's digest" || bad "smp: digest" "$(cat "$WORK/emu.err" "$WORK/smpref.err")"
else
    skip "smp reverse-stepi" "psci_smp.elf not built"
fi

# 5. gdb on a replay of uart_echo with UART input: the replay's output and digest; reversing
#    and going forward again changes nothing.
ECHO=$BUILD/roms/uart_echo.elf
if [[ -f $ECHO ]]; then
    (sleep 0.3; printf ab; sleep 0.3; printf q) | timeout 60 "$EMU" -semihosting -kernel "$ECHO" --record "$WORK/rec.log" \
        --digest >"$WORK/rec.out" 2>"$WORK/rec.err"
    timeout 60 "$EMU" -semihosting -kernel "$ECHO" --replay "$WORK/rec.log" --digest </dev/null >"$WORK/rep.out" 2>"$WORK/rep.err"
    ROM=$ECHO
    emu_start -semihosting -kernel "$ECHO" --replay "$WORK/rec.log" --digest -S
    gdb_batch "continue"
    emu_wait
    if cmp -s "$WORK/rep.out" "$WORK/emu.out" && [[ $(grep '^digest' "$WORK/emu.err") == $(grep '^digest' "$WORK/rep.err") ]] &&
        grep -q 'replay: identical to the recording' "$WORK/emu.err" && grep -q '^got' "$WORK/emu.out"; then
        ok "gdb on --replay: the replay's console output and digest"
    else
        bad "gdb on --replay" "$(diff "$WORK/rep.out" "$WORK/emu.out")" "$(cat "$WORK/emu.err")"
    fi
    # Step 5000 instructions into main, one back, back to main's breakpoint, back to the start
    # of history, then forward to the end.
    emu_start -semihosting -kernel "$ECHO" --replay "$WORK/rec.log" --digest -S
    gdb_batch "monitor revdbg interval 20000" "break *0x$(aarch64-linux-gnu-nm "$ECHO" | awk '$3 == "main" { print $1 }')" \
        "continue" "stepi 5000" "reverse-stepi" "reverse-continue" "reverse-continue" "delete" "continue"
    emu_wait
    if cmp -s "$WORK/rep.out" "$WORK/emu.out" && [[ $(grep '^digest' "$WORK/emu.err") == $(grep '^digest' "$WORK/rep.err") ]] &&
        grep -q 'replay: identical to the recording' "$WORK/emu.err"; then
        ok "gdb on --replay, stepping, reversing and forward again: same output and digest"
    else
        bad "gdb on --replay with reversing" "$(diff "$WORK/rep.out" "$WORK/emu.out")" "$(cat "$WORK/gdb.out" "$WORK/emu.err")"
    fi
    # --record under gdb (input from a slow pipe while gdb steps): the log replays without gdb;
    # going back is refused once the guest has read host input (only a replay can give it again).
    : >"$WORK/emu.err"
    (sleep 0.5; printf ab; sleep 0.3; printf q) | "$EMU" -semihosting -kernel "$ECHO" --record "$WORK/rec2.log" --digest \
        -gdb tcp::0 -S >"$WORK/emu.out" 2>"$WORK/emu.err" &
    EMU_PID=$!
    for _ in $(seq 100); do
        PORT=$(sed -n 's/.*gdb: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$WORK/emu.err")
        [[ -n $PORT ]] && break
        sleep 0.05
    done
    gdb_batch "stepi 2000" "continue"
    emu_wait
    timeout 60 "$EMU" -semihosting -kernel "$ECHO" --replay "$WORK/rec2.log" --digest </dev/null >"$WORK/rep2.out" 2>"$WORK/rep2.err"
    if [[ $EMU_RC == 0 && $? == 0 ]] && grep -q 'replay: identical to the recording' "$WORK/rep2.err" &&
        cmp -s "$WORK/emu.out" "$WORK/rep2.out" && grep -q '^got 0x0*61' "$WORK/rep2.out"; then
        ok "--record under gdb (stepping): the log replays without gdb, same output and digest"
    else
        bad "--record under gdb" "$(cat "$WORK/emu.err" "$WORK/rep2.err")" "$(diff "$WORK/emu.out" "$WORK/rep2.out")"
    fi
    (sleep 1; printf ab; sleep 8) | "$EMU" -semihosting -kernel "$ECHO" --deterministic \
        -gdb tcp::0 -S >"$WORK/emu.out" 2>"$WORK/emu.err" &
    EMU_PID=$!
    for _ in $(seq 100); do
        PORT=$(sed -n 's/.*gdb: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$WORK/emu.err")
        [[ -n $PORT ]] && break
        sleep 0.05
    done
    gdb_batch_interrupt 3 "continue" "reverse-stepi" "kill"
    emu_wait
    grep -q 'reverse execution refused: the guest has read' "$WORK/emu.err" &&
        ok "--deterministic with host input: reverse execution refused, the reason logged" ||
        bad "reverse with host input" "$(cat "$WORK/gdb.out" "$WORK/emu.err")"
else
    skip "gdb on --replay" "uart_echo ROM not built"
fi
finish
