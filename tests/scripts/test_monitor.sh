#!/usr/bin/env bash
# The monitor (-monitor stdio, docs/teaching.md): every command once on a real ROM, with what a
# student must see, and every kind of mistake (unknown command, bad address, bad register
# name, bad arguments) answered by one clear line while the session goes on.
#
#   bash tests/scripts/test_monitor.sh build/a64emu build
set -u
BUILD_ABS=$(readlink -f "${2:-.}")
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"
ROMS=$BUILD_ABS/roms

# session NAME ROM EXTRA_ARGS... <<< commands: runs a monitor session (stdin = the commands).
session() {
    local rom=$1; shift
    timeout 20 "$EMU" -semihosting -monitor stdio -kernel "$ROMS/$rom.elf" "$@" >"$OUT" 2>"$ERR"
    RC=$?
}
# expect NAME REGEX: the session's output matches (extended regex, one line).
expect() {
    if grep -qE -- "$2" "$OUT"; then ok "$1"; else bad "$1" "no line matching: $2" "$(tail -n 15 "$OUT")"; fi
}
# sane NAME: no crash, no sanitizer report, the session ended.
sane() {
    if ((RC >= 124)); then bad "$1: exit status $RC (hang or crash)" "$(tail -n 20 "$ERR")"
    elif grep -qE 'Sanitizer|runtime error:' "$ERR"; then bad "$1: sanitizer report" "$(head -n 20 "$ERR")"
    else ok "$1: the session ends cleanly (status $RC)"; fi
}
sym() { aarch64-linux-gnu-nm "$ROMS/$1.elf" | awk -v s="$2" '$3 == s { print "0x" $1 }'; }

# 1. Run control, registers, memory, disassembly, errors, on el2_traps (EL2 hypervisor + guest).
session el2_traps -M virt,virtualization=on <<'CMDS'
help
regs
step
step 3
s 2
disas
disas 0x40000000 2
disas 0x40000002
x/4g 0x40000000
x/2w 0x40000000
x/3b 0x40000000
x/1h 0x40000000
xp/2g 0x40000000
xp/1g 0x09000000
x/1g 0xffff000000000000
x/4q 0x40000000
x/g zzz
sysreg SCTLR_EL1
sysreg hcr_el2
sysreg NOT_A_REG
sysreg
translate 0x40000000
translate 0x40000000 el1
translate 0x40000000 el20
translate 0x40000000 el7
translate nowhere
info cpus
info mtree
info tlb
info break
info frobs
info
stats extra
stepx
sysreg ESR_EL2
stepx
stepx
sysreg ESR_EL2
stats
bogus
break 0x40000003
break banana
delete 7
watch 0x40000000 0
watch 0x40000000 8 x
cpu 5
step x
stop
quit
CMDS
sane "el2_traps session"
expect "help lists the commands" '^  translate VA \[el1\|el2\|el20\] \[s1\|s12\]'
expect "the session starts at the first instruction" '^=> 0x0000000040000000: '
expect "regs: NZCV decoded" '^  NZCV  N=0 Z=1 C=0 V=0'
expect "regs: DAIF decoded" '^  DAIF  D=1 A=1 I=1 F=1'
expect "regs: EL and SP" '^  EL    2, SP=1 \(h: the stack pointer is SP_EL2\)'
expect "regs: SS, IL, PAN" '^  SS=0 \(software step\)  IL=0'
expect "step shows the next instruction" '^=> 0x0000000040000004: '
expect "disas ADDR N" '^=> 0x0000000040000000: d51b421f  '
expect "disas: a misaligned address is refused" 'disas: 0x40000002 is not 4-byte aligned'
expect "x/4g: two doublewords a line" '^0x0000000040000000: 0x[0-9a-f]{16} 0x[0-9a-f]{16}$'
# The ROM's first two words, as the cross toolchain sees them (the adrp offset moves as el2_traps grows).
W1=$(aarch64-linux-gnu-objdump -d --start-address=0x40000004 --stop-address=0x40000008 "$ROMS/el2_traps.elf" |
     awk '/^ *40000004:/ { print $2 }')
expect "x/2w: words" "^0x0000000040000000: 0xd51b421f 0x$W1\$"
expect "x/3b: bytes" '^0x0000000040000000: 0x1f 0x42 0x1b$'
expect "x/1h: halfwords" '^0x0000000040000000: 0x421f$'
expect "xp: physical RAM" "^0x0000000040000000: 0x${W1}d51b421f"
expect "xp: MMIO is not read" '0x0000000009000000: cannot read: not RAM'
expect "x: an address outside RAM" '0xffff000000000000: cannot read: no translation to RAM'
expect "x/4q: a bad unit" 'x: format is /N followed by b, h, w or g'
expect "x: a bad address" "x: 'zzz' is not a number"
expect "sysreg: SCTLR_EL1 fields" '^  \[16\]     nTWI      = 0x1  0: WFI at EL0 traps'
expect "sysreg: names are case-insensitive" '^HCR_EL2 = 0x'
expect "sysreg: an unknown name" "sysreg: no system register named 'NOT_A_REG'"
expect "sysreg: no name" 'sysreg: give a register name'
expect "translate: MMU off is flat" 'stage 1 off \(flat: output = input\)'
expect "translate el20 without E2H" 'translate: the EL2&0 regime needs HCR_EL2.E2H=1'
expect "translate: a bad regime" "translate: 'el7' is not a regime"
expect "translate: a bad VA" "translate: 'nowhere' is not a number"
expect "info cpus" '^\* vCPU 0: pc=0x[0-9a-f]{16} EL2h  runnable'
expect "info mtree: the UART" '0x0000000009000000-0x0000000009000fff pl011 SPI 1 \(INTID 33\)'
expect "info tlb: empty with the MMU off" 'the TLB of vCPU 0 is empty'
expect "info break: none" 'no breakpoints or watchpoints'
expect "info: an unknown subcommand" "unknown command 'info'|info: what\?"
expect "stats: takes no arguments" 'stats: takes no arguments'
expect "stepx: the trapped WFI, with its cause" 'WFI trapped to EL2 because HCR_EL2.TWI=1'
expect "stepx: the state the exception saved" 'saved: SPSR_EL2 = PSTATE before \(EL1\), ELR_EL2 = 0x'
expect "sysreg ESR_EL2: EC named" '\[31:26\]  EC        = 0x01  WFx_TRAP'
expect "stepx: the trapped MSR, with its cause" 'MSR SCTLR_EL1 trapped to EL2 because HCR_EL2.TVM=1'
expect "sysreg ESR_EL2: sysreg trap ISS decoded" 'ISS       = 0x[0-9a-f]+  MSR SCTLR_EL1 \(Rt=x1, op0=3 op1=0 CRn=1 CRm=0 op2=0'
expect "stats: exceptions by class and EL" '^  WFx_TRAP +\(EC 0x01\) to EL2: 1'
expect "stats: traps by cause" '^    to EL2 because HCR_EL2.TVM=1: 1'
expect "stats: TLB counters" '^  TLB: [0-9]+ hits, [0-9]+ misses'
expect "an unknown command" "unknown command 'bogus' \(type help"
expect "break: misaligned" 'break: 0x40000003 is not 4-byte aligned'
expect "break: not a number" "break: 'banana' is not a number"
expect "delete: no such point" 'delete: no breakpoint or watchpoint 7'
expect "watch: zero length" 'watch: length must be 1..1048576'
expect "watch: a bad kind" "watch: the access kind is r, w or rw, not 'x'"
expect "cpu: no such vCPU" 'cpu: no vCPU 5 \(there are 1\)'
expect "step: a bad count" "step: 'x' is not a number"
expect "stop: explained" 'the guest is stopped'
grep -q "quit (monitor)" "$ERR" && ok "quit ends a64emu with a summary" || bad "quit summary" "$(cat "$ERR")"

# 2. Breakpoints, watchpoints, continue to the end, on mmu_s2 (two stages).
G2=$(sym mmu_s2 guest2_main)
session mmu_s2 -M virt,virtualization=on <<CMDS
break $((G2 + 0x24))
watch 0x40000000 8 r
info break
delete 2
watch $(sym mmu_s2 ptw) 8 w
continue
continue
delete 3
translate 0x42000000
translate 0x42000000 el1 s1
translate 0x80000020
info tlb
step
continue
CMDS
sane "mmu_s2 session"
expect "break: numbered" '^breakpoint 1 at 0x'
expect "watch: numbered, kind named" '^watchpoint 2: reads of 0x40000000..0x40000007'
expect "info break lists both" '^2: watch 0x40000000 len 8 r'
expect "continue stops at the watchpoint" 'watchpoint hit: write of 0x'
expect "continue stops at the breakpoint" '^vCPU 0: breakpoint at 0x'
expect "translate: stage 2 of the stage-1 descriptor" '^    stage 2 of the stage-1 descriptor.s IPA 0x'
expect "translate: the 6 reads of a 1-level stage 1 under a 3-level stage 2" 'memory accesses for this translation: 6 descriptor reads'
expect "translate s1: stage 1 only" 'memory accesses for this translation: 1 descriptor read$'
expect "translate: a stage-2 fault on the stage-1 walk" '=> Translation fault, level 2, stage 2 on the stage-1 walk'
expect "info tlb: grouped by VMID" '^EL1&0 VMID 5 global:'
expect "step explains the exception it took" 'exception: vCPU 0: EL1 -> EL2 DATA_ABORT_LOWER'
expect "continue: the guest exits" 'the guest exited with status 0'
[[ $RC == 0 ]] && ok "the guest's exit status is a64emu's" || bad "exit status $RC"

# 3. The GIC and the timers, on gic_vlr (a virtual interrupt in a list register).
session gic_vlr -M virt,virtualization=on,gic-version=3 <<CMDS
break $(sym gic_vlr guest)
continue
info gic
info gic 77
info gic 33
info gic 5000
info gic x
info timers
sysreg ICH_LR0_EL2
sysreg ICC_IAR1_EL1
stepx
quit
CMDS
sane "gic_vlr session"
expect "info gic: the list register" 'ICH_LR0_EL2 = 0x508000000000004d: vINTID 77 pending, Group 1 \(IRQ\), priority 0x80'
expect "info gic INTID: PSTATE masks the virtual IRQ" '^  - PSTATE.I=1 at EL1: the guest masks IRQs'
expect "info gic INTID: a disabled SPI" '^  - it is disabled \(GICD_ISENABLER\)'
expect "info gic: an INTID out of range" 'info gic: INTID 5000 is not an interrupt'
expect "info gic: not a number" "info gic: 'x' is not a number|gic: 'x' is not a number"
expect "info timers: the virtual timer" '^  EL1 virtual \(CNTV\) +PPI 27: ENABLE=0'
expect "sysreg ICH_LR: State named" '\[63:62\]  State     = 0x1 \(Pending\)'
expect "sysreg ICC_IAR1_EL1 is not read (it acknowledges)" 'ICC_IAR1_EL1: reading it acknowledges an interrupt'
expect "stepx: the virtual IRQ and why it came" 'routed to EL1 because a list register'

# 4. -monitor stdio with a controller that runs the guest too: refused.
run_emu -monitor stdio -s -kernel "$ROMS/hello.elf"
[[ $RC == 2 ]] && grep -q -- "-monitor stdio cannot be combined" "$ERR" && ok "-monitor stdio with -s is refused" ||
    bad "-monitor stdio -s: status $RC" "$(cat "$ERR")"
run_emu -monitor tcp:1234 -kernel "$ROMS/hello.elf"
[[ $RC == 2 ]] && grep -q -- "-monitor 'tcp:1234': only stdio" "$ERR" && ok "-monitor with another backend is refused" ||
    bad "-monitor tcp: status $RC" "$(cat "$ERR")"
# End of input is quit.
timeout 5 "$EMU" -semihosting -monitor stdio -kernel "$ROMS/hello.elf" </dev/null >"$OUT" 2>"$ERR"
[[ $? == 0 ]] && grep -q "quit (monitor)" "$ERR" && ok "end of input ends the session" || bad "EOF" "$(cat "$ERR")"

# 5. The console's escape keys on a real terminal (a pty): Ctrl-A h lists them, Ctrl-A c enters
#    the monitor, continue returns to the guest, a monitor breakpoint brings it back, Ctrl-A x quits.
if have_cross && python3 -c 'import pty' 2>/dev/null; then
    cat >"$WORK/spin.S" <<'ASM'
    .global _start
    .text
_start:
    add x0, x0, #1
spin_here:
    b _start
ASM
    build_elf spin
    SPIN=$(printf '0x%x' "0x$(aarch64-linux-gnu-nm "$WORK/spin.elf" | awk '$3 == "spin_here" { print $1 }')")
    python3 - "$EMU" "$WORK/spin.elf" "$SPIN" >"$OUT" 2>&1 <<'PY'
import os, pty, select, sys, time
emu, elf, spin = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execv(emu, [emu, "-nographic", "-kernel", elf])
buf = b""
def until(token, timeout=10.0):
    global buf
    end = time.time() + timeout
    while token not in buf and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    ok = token in buf
    print(("FOUND: " if ok else "MISSING: ") + token.decode())
    return ok
time.sleep(0.3)
os.write(fd, b"\x01h")
until(b"C-a c    switch between console and monitor")
os.write(fd, b"\x01c")
until(b"(a64emu) ")
os.write(fd, b"info cpus\n")
until(b"* vCPU 0: pc=")
os.write(fd, b"break " + spin.encode() + b"\n")
until(b"breakpoint 1 at")
os.write(fd, b"continue\n")
until(b"back to the guest console")
until(b"vCPU 0: breakpoint at " + spin.encode())
os.write(fd, b"delete 1\n")
until(b"deleted 1")
os.write(fd, b"c\n")
until(b"back to the guest console", 5)
time.sleep(0.2)
os.write(fd, b"\x01x")
_, status = os.waitpid(pid, 0)
print("STATUS", os.waitstatus_to_exitcode(status))
print(buf.decode(errors="replace"))
PY
    expect "Ctrl-A h lists the escape keys" '^FOUND: C-a c    switch between console and monitor'
    expect "Ctrl-A c enters the monitor" '^FOUND: \(a64emu\) '
    expect "the monitor inspects the running guest" '^FOUND: \* vCPU 0: pc='
    expect "continue returns to the console" '^FOUND: back to the guest console'
    expect "a monitor breakpoint stops the console's guest" '^FOUND: vCPU 0: breakpoint at '
    expect "Ctrl-A x quits from the console" '^STATUS 0$'
    grep -q '^MISSING' "$OUT" && bad "escape keys session" "$(cat "$OUT" | tail -n 30)"
else
    skip "console escape keys" "no cross assembler or python pty"
fi

finish
