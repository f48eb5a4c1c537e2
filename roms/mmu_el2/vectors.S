/*
 * mmu_el2: an EL2 vector table. Synchronous exceptions from EL2 with SP_EL2 record ESR_EL2,
 * FAR_EL2 and ELR_EL2 in el2_fault (count, esr, far, elr), then a data abort (EC 0x25) skips
 * the faulting instruction and an instruction abort (EC 0x21) returns to X30; anything else
 * exits with status 0x7e.
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
    .balign 128
    b       el2_sync
    .rept 11
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr

el2_sync:
    stp     x0, x1, [sp, #-32]!
    stp     x2, x3, [sp, #16]
    adrp    x0, el2_fault
    add     x0, x0, :lo12:el2_fault
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    mrs     x2, esr_el2
    str     x2, [x0, #8]
    mrs     x1, far_el2
    str     x1, [x0, #16]
    mrs     x1, elr_el2
    str     x1, [x0, #24]
    ubfx    x2, x2, #26, #6
    cmp     x2, #0x25
    b.ne    1f
    add     x1, x1, #4
    msr     elr_el2, x1
    b       9f
1:  cmp     x2, #0x21
    b.ne    2f
    msr     elr_el2, x30
    b       9f
2:  mov     w0, #0x7e
    b       rom_exit
9:  ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp], #32
    eret
