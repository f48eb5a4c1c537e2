/*
 * revdbg: the program tests/scripts/test_gdb_reverse.sh debugs backwards. Bare metal at EL1,
 * MMU off, linked at 0x40080000 by the test (build_elf). It takes an SVC (at `svc_here`) and a
 * data abort (the load at `abort_here` from a physical address beyond the 48-bit PA range);
 * the one vector handler returns past the SVC (ELR already points there) or past the faulting
 * load. Then a loop stores to `counter` (watchpoints) and calls `bump` (breakpoints), counts
 * down 200000 in `spin` (many scheduler quanta, so many reverse-debugging snapshots), prints
 * "revdbg: done" through semihosting and exits 0.
 */
    .global _start, svc_here, abort_here, after_abort, loop, bump, counter, vectors, spin, done
    .text
_start:
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x0, =0x40200000
    mov     sp, x0
    mov     x1, #0x11
    mov     x2, #0x22
    mov     x3, #0x33
    msr     nzcv, x1            /* flags the SVC entry must save: x1=0x11 has no NZCV bits */
    mov     x4, #0x60000000
    msr     nzcv, x4            /* Z and C set */
svc_here:
    svc     #0x42
    add     x1, x1, #1
    ldr     x5, =0x1000000000000   /* beyond the 48-bit physical address range: data abort */
abort_here:
    ldr     x6, [x5]
after_abort:
    add     x2, x2, #1
    mov     x7, #0
    ldr     x8, =counter
loop:
    add     x7, x7, #1
    str     x7, [x8]
    bl      bump
    cmp     x7, #20
    b.ne    loop
    ldr     x13, =200000        /* a longer stretch: many scheduler quanta, many snapshots */
spin:
    subs    x13, x13, #1
    b.ne    spin
done:
    adr     x1, msg
    mov     x0, #0x04           /* SYS_WRITE0 */
    hlt     #0xf000
    ldr     x1, =exit_block
    mov     x0, #0x18           /* SYS_EXIT, ADP_Stopped_ApplicationExit, status 0 */
    hlt     #0xf000
    b       .

bump:
    add     x9, x9, #3
    ret

/* Current EL with SP_ELx, synchronous: offset 0x200. */
    .balign 2048
vectors:
    .skip   0x200
sync_handler:
    mrs     x10, esr_el1
    lsr     x11, x10, #26
    cmp     x11, #0x15          /* SVC: ELR is already the next instruction */
    b.eq    1f
    mrs     x12, elr_el1        /* an abort: skip the faulting load */
    add     x12, x12, #4
    msr     elr_el1, x12
1:  eret
    .balign 0x80
    .skip   0x600

    .section .rodata
msg:
    .asciz  "revdbg: done\n"
    .balign 8
exit_block:
    .quad   0x20026, 0

    .data
    .balign 8
counter:
    .quad   0
