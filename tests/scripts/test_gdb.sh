# gdb-multiarch --batch sessions against the gdb_target ROM (docs/gdb.md): breakpoints, stepi,
# registers, a watchpoint, system registers with their side effects, monitor commands, threads
# with -smp 2, Ctrl-C, detach and kill; an ack-mode session; the stub listens on 127.0.0.1.
source "$(dirname "$0")/lib_gdb.sh" "$@"
need_tools
MAIN=$(sym main)

# 0. Without -S the guest runs from the start; gdb connecting stops it (a spinning payload).
if have_cross; then
    printf '    .global _start\n    .text\n_start:\n    add x0, x0, #1\n    b _start\n' >"$WORK/spin.S"
    build_elf spin
    SAVED_ROM=$ROM
    ROM=$WORK/spin.elf
    emu_start -kernel "$ROM"
    sleep 0.5
    gdb_batch "p \$x0 > 1000" "p/x \$pc" "kill"
    emu_wait
    ROM=$SAVED_ROM
    expect "no -S: the guest ran before gdb connected" '^\$1 = 1$'
    expect "no -S: connecting stopped it in its loop" '^\$2 = 0x4008000[04]$'
    [[ $EMU_RC == 0 ]] && ok "no -S: kill exits 0" || bad "no -S: status $EMU_RC" "$(cat "$WORK/emu.err")"
else
    skip "gdb connecting to a running guest" "no cross assembler"
fi

# 1. Connect (-S: before the first instruction), break on a symbol, stepi, registers.
emu_start -semihosting -kernel "$ROM" -S
grep -q "listening on 127.0.0.1:" "$WORK/emu.err" && ok "no host given: listens on 127.0.0.1 only" || bad "listen address" "$(cat "$WORK/emu.err")"
gdb_batch "p/x \$pc" "break main" "continue" "p/x \$pc" "stepi" "stepi" "stepi" "p/x \$pc" \
    "break gdb_add" "continue" "p \$x0" "p \$x1" "continue" "p \$x0" "p \$x1" "p/x \$cpsr" "p/x \$CurrentEL" \
    "p \$sp == \$SP_EL1" "delete" "continue"
emu_wait
expect "-S: stopped at the entry point" '^\$1 = 0x40000000$'
expect "break main: stops there" "^\\\$2 = 0x$(printf '%x' $((0x$MAIN)))\$"
expect "stepi x3: pc advanced by 12" "^\\\$3 = 0x$(printf '%x' $((0x$MAIN + 12)))\$"
expect "break gdb_add: first call's arguments (0, 1)" '^\$4 = 0$'
expect "second call's arguments (1, 2)" '^\$7 = 2$'
expect "cpsr: EL1h with DAIF masked" '^\$8 = 0x[0-9a-f]*3c5$'
expect "CurrentEL through the sysreg row" '^\$9 = 0x4$'
expect "SP_EL1 is the live sp at EL1h" '^\$10 = 1$'
expect "continue to the end: exit status reported" 'exited normally'
[[ $EMU_RC == 0 ]] && ok "a64emu exits with the guest's status" || bad "a64emu status $EMU_RC" "$(cat "$WORK/emu.err")"

# 2. A watchpoint: stops after the store, with the old and new value.
emu_start -semihosting -kernel "$ROM" -S
gdb_batch "watch gdb_counter" "continue" "continue" "delete 1" "rwatch gdb_spin" "continue" "delete" "kill"
emu_wait
expect "watch: first store (0 -> 1)" 'Old value = 0'
expect "watch: new value 1" 'New value = 1'
expect "watch: second store (1 -> 3)" 'New value = 3'
expect "rwatch: the read of gdb_spin" 'Value = 0'
[[ $EMU_RC == 0 ]] && grep -q "killed by gdb" "$WORK/emu.err" && ok "kill: a64emu exits 0" || bad "kill: status $EMU_RC" "$(cat "$WORK/emu.err")"

# 3. System registers written from gdb, with their real side effects; monitor commands.
emu_start -semihosting -kernel "$ROM" -S
gdb_batch "break main" "continue" "set \$VBAR_EL1 = 0x40002000" "maintenance flush register-cache" \
    "p/x \$VBAR_EL1" "monitor translate 0x40000000" "set \$SCTLR_EL1 = \$SCTLR_EL1 | 1" \
    "monitor translate 0x40000000" "x/x 0x40000000" "monitor phys on" "x/x 0x40000000" "monitor phys off" \
    "monitor regs" "monitor bogus" "kill"
emu_wait
expect "VBAR_EL1 written and read back" '^\$1 = 0x40002000$'
expect "translate with the MMU off: flat" 'stage 1 off \(flat'
expect "SCTLR_EL1.M=1 from gdb takes effect: the walk runs (and faults: no tables)" 'stage 1 on.*'
expect "... and ends in a fault" '=> Translation fault, level 0, stage 1'
expect "virtual read of an unmapped address fails (E14)" 'Cannot access memory at address 0x40000000'
expect "monitor phys on: the physical read works" '^0x40000000( <_start>)?:[[:space:]]+0x[0-9a-f]+'
expect "monitor regs: PSTATE decoded" 'EL +1, SP=1 \(h'
expect "monitor: unknown commands are named" "unknown command 'bogus'"

# 4. -smp 2: each vCPU is a thread.
emu_start -semihosting -kernel "$ROM" -smp 2 -S
gdb_batch "info threads" "thread 2" "p/x \$pc" "kill"
emu_wait
expect "info threads: vCPU 0" 'Thread 1 \(vCPU 0, EL1, running\)'
expect "info threads: vCPU 1 (off until PSCI CPU_ON)" 'Thread 2 \(vCPU 1, EL1, powered off\)'
expect "thread 2 selects vCPU 1" 'Switching to thread 2'

# 4b. A breakpoint hit by secondaries (psci_smp, -smp 4): the stop names the vCPU's thread.
if [[ -f $BUILD/roms/psci_smp.elf ]]; then
    SAVED_ROM=$ROM
    ROM=$BUILD/roms/psci_smp.elf
    emu_start -semihosting -kernel "$ROM" -smp 4 -S
    gdb_batch "break secondary_main" "continue" "p me" "continue" "p me" "stepi" "thread" "delete" "continue"
    emu_wait
    ROM=$SAVED_ROM
    expect "smp: vCPU 1 hits the breakpoint as thread 2" 'Thread 2 hit Breakpoint 1, secondary_main \(me=1\)'
    expect "smp: vCPU 2 next, as thread 3" 'Thread 3 hit Breakpoint 1, secondary_main \(me=2\)'
    expect "smp: stepi stays on the stopped thread" 'Current thread is 3'
    expect "smp: runs to its end after delete" 'exited normally'
else
    skip "smp breakpoints" "psci_smp.elf not built"
fi

# 5. Ctrl-C while the guest spins; then it runs to its end.
emu_start -semihosting -kernel "$ROM" -S
# gdb --batch does not process the stop of "continue &" + "interrupt" between -ex commands: a
# SIGINT to gdb during a foreground continue sends the 0x03 instead, as Ctrl-C at a terminal.
gdb_batch_interrupt 2 "break main" "continue" "delete" "set var gdb_spin = 1" "continue" "p gdb_counter > 55" "p \$pc > main" \
    "set var gdb_spin = 0" "continue"
emu_wait
expect "interrupt: SIGINT stop" 'SIGINT'
expect "interrupt: the guest had run on (counter past 55)" '^\$1 = 1$'
expect "interrupt: stopped in main's spin loop" '^\$2 = 1$'
expect "after the interrupt the guest continues to its end" 'exited normally'
[[ $EMU_RC == 0 ]] && ok "Ctrl-C then continue: exit 0" || bad "Ctrl-C session: status $EMU_RC" "$(cat "$WORK/emu.err")"

# 6. Detach: breakpoints go away and the guest runs on to its end by itself.
emu_start -semihosting -kernel "$ROM" -S
gdb_batch "break gdb_add" "continue" "detach"
emu_wait
expect "detach" 'Remote target\) detached'
[[ $EMU_RC == 0 ]] && ok "detach: the guest ran on and exited 0" || bad "detach: status $EMU_RC" "$(cat "$WORK/emu.err")"

# 7. Ack mode (no QStartNoAckMode): the same basic session works.
emu_start -semihosting -kernel "$ROM" -S
gdb_batch "set remote noack-packet off" "break gdb_add" "continue" "p \$x1" "kill"
emu_wait
expect "ack mode: breakpoint and registers" '^\$1 = 1$'

finish
