/*
 * mmu_s2: the EL2 monitor's vector table. Synchronous exceptions from the guest at EL1 (lower
 * EL, AArch64: offset 0x400) save X0-X30 in a frame on SP_EL2 and call s2_lower_sync(frame),
 * which may change the saved registers (MMIO emulation writes the load's target register) and
 * ELR_EL2; then the registers are restored and the guest resumed. Anything else exits 0x7e.
 */
    .text
    .balign 2048
    .global s2_vectors
s2_vectors:
    .rept 8
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr
    .balign 128
    b       lower_sync
    .rept 7
    .balign 128
    mov     w0, #0x7e
    b       rom_exit
    .endr

lower_sync:
    sub     sp, sp, #256
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mov     x0, sp
    bl      s2_lower_sync
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #256
    eret

/*
 * The guest (EL1, stage 1 off, so VA = IPA): MMIO accesses to the emulated device at IPA
 * 0x50000000 (not mapped at stage 2), then a store to a page stage 2 maps read-only, then HVC
 * #1 to hand its results (X1, X5, X6, X8, X9) to the monitor.
 */
    .global guest_main
guest_main:
    movz    x0, #0x5000, lsl #16
    ldr     w1, [x0, #8]            /* ID register: 0x0a64e2c2 */
    movz    x3, #0xbeef
    movk    x3, #0xdead, lsl #48
    str     x3, [x0, #0x10]         /* data register */
    ldr     x5, [x0, #0x10]
    strb    w3, [x0, #0x18]
    ldrsb   x6, [x0, #0x18]         /* 0xef sign-extended */
    movz    x7, #0x4200, lsl #16
    ldr     x8, [x7]                /* read-only page: reads are fine */
    str     x8, [x7, #8]            /* stage-2 Permission fault, skipped by the monitor */
    ldr     x9, [x7, #8]
    hvc     #1
    b       .

/*
 * The second guest program (the monitor points ELR_EL2 here after HVC #1): the same IPA read
 * under VMID 5, then VMID 6, then VMID 5 again (the monitor switches VTTBR_EL2 at each HVC,
 * with no TLBI); after HVC #4 the monitor has remapped the IPA (TLBI IPAS2E1 + VMALLE1) and
 * turned the guest's stage 1 on, whose level-2 table for VA 0x80000000 sits at an IPA stage 2
 * does not map: the store takes a stage-2 fault on the stage-1 walk (S1PTW).
 */
    .global guest2_main
guest2_main:
    movz    x7, #0x4200, lsl #16
    ldr     x1, [x7]
    hvc     #2
    ldr     x2, [x7]
    hvc     #3
    ldr     x3, [x7]
    hvc     #4
    ldr     x6, [x7]
    movz    x4, #0x8000, lsl #16
    str     x5, [x4, #0x20]
    at      s1e1r, x4               /* the same walk from AT: taken to EL2 too, CM = 1 */
    hvc     #5
    b       .
