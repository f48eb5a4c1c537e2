/*
 * vhe_host: the EL2 vector table of a VHE host (HCR_EL2.E2H = TGE = 1).
 *
 *   current EL, SP_ELx, synchronous (+0x200): record ESR/FAR/ELR in el2_fault, skip the
 *     instruction (the ROM provokes UNDEFINED _EL12 accesses and EL2&0 aborts on purpose).
 *   lower EL, AArch64, synchronous (+0x400): record in el0_trap; SVC #0 returns to EL0 after
 *     saving EL0's X1 in el0_trap.x1; an EL0 data abort is also recorded in abort_esr/far and
 *     skips the instruction; SVC #1 ends the
 *     EL0 run: back to run_el0's caller at EL2 with its registers and stack.
 * Anything else exits with status 0x7e.
 */
    .text
    .balign 2048
    .global el2_vectors
el2_vectors:
    .rept 4
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr
    .balign 128                 /* +0x200: current EL, SP_ELx, synchronous */
    b       cur_sync
    .rept 3
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr
    .balign 128                 /* +0x400: lower EL, AArch64, synchronous */
    b       low_sync
    .rept 7
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr

cur_sync:
    stp     x0, x1, [sp, #-16]!
    adrp    x0, el2_fault
    add     x0, x0, :lo12:el2_fault
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    mrs     x1, esr_el2
    str     x1, [x0, #8]
    mrs     x1, far_el2
    str     x1, [x0, #16]
    mrs     x1, elr_el2
    str     x1, [x0, #24]
    add     x1, x1, #4
    msr     elr_el2, x1
    ldp     x0, x1, [sp], #16
    eret

low_sync:
    stp     x9, x10, [sp, #-16]!
    adrp    x9, el0_trap
    add     x9, x9, :lo12:el0_trap
    ldr     x10, [x9]
    add     x10, x10, #1
    str     x10, [x9]
    mrs     x10, esr_el2
    str     x10, [x9, #8]
    mrs     x10, far_el2
    str     x10, [x9, #16]
    str     x1, [x9, #24]
    mrs     x10, esr_el2
    lsr     x10, x10, #26
    cmp     x10, #0x24          /* data abort from EL0: record it apart, skip the access */
    b.ne    1f
    mrs     x10, esr_el2
    str     x10, [x9, #32]
    mrs     x10, far_el2
    str     x10, [x9, #40]
    mrs     x10, elr_el2
    add     x10, x10, #4
    msr     elr_el2, x10
    b       9f
1:  cmp     x10, #0x15          /* SVC */
    b.ne    8f
    mrs     x10, esr_el2
    and     x10, x10, #0xffff
    cbz     x10, 9f             /* SVC #0: back to EL0 */
    /* SVC #1: return from run_el0 at EL2. */
    ldp     x9, x10, [sp], #16
    adrp    x0, el0_saved_sp
    ldr     x0, [x0, :lo12:el0_saved_sp]
    mov     sp, x0
    ldp     x19, x20, [sp, #0]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    add     sp, sp, #96
    ret
8:  mov     w0, #0x7e
    b       rom_exit
9:  ldp     x9, x10, [sp], #16
    eret

/* void run_el0(uint64_t entry, uint64_t x0, uint64_t sp_el0): ERET to EL0t at entry with
 * X0 = x0; returns when EL0 executes SVC #1. */
    .global run_el0
run_el0:
    sub     sp, sp, #96
    stp     x19, x20, [sp, #0]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    mov     x9, sp
    adrp    x10, el0_saved_sp
    str     x9, [x10, :lo12:el0_saved_sp]
    msr     sp_el0, x2
    msr     elr_el2, x0
    mov     x9, #0              /* SPSR: EL0t, DAIF clear */
    msr     spsr_el2, x9
    mov     x0, x1
    eret

    .bss
    .balign 8
el0_saved_sp:
    .quad 0
