/*
 * Shared start-up code of every ROM (style.md 6.11), in the manner of QEMU's
 * tests/tcg/aarch64/system/boot.S: set up a stack, install an EL1 vector table, clear .bss,
 * call main() and turn its return value into the semihosting exit status.
 *
 * Every vector saves a struct exc_frame (common/rom.h) and calls rom_exception(). That returns
 * only when a handler the ROM installed (rom_set_sync_handler) claimed a synchronous exception
 * from the current EL; otherwise it reports the vector, ESR_EL1, ELR_EL1 and FAR_EL1 and exits
 * with ROM_EXIT_UNEXPECTED.
 *
 * Assumes entry at EL1 with SP_EL1 selected (a64emu and QEMU -kernel on virt without EL2/EL3).
 */
#define SYS_EXIT 0x18
#define ADP_Stopped_ApplicationExit 0x20026

#define FRAME_SIZE (36 * 8) /* x0-x30, elr, spsr, esr, far, pad: see struct exc_frame */

    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
    msr     nzcv, xzr               /* NZCV is UNKNOWN at reset: make it defined */
    adrp    x0, __stack_top
    add     x0, x0, :lo12:__stack_top
    mov     sp, x0
    adrp    x0, vector_table
    add     x0, x0, :lo12:vector_table
    msr     vbar_el1, x0
    isb
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      main
    /* fall through: w0 is main's return value */
    .size _start, . - _start

/* void rom_exit(unsigned status): SYS_EXIT with {ADP_Stopped_ApplicationExit, status}. */
    .global rom_exit
    .type rom_exit, %function
rom_exit:
    mov     w2, w0                  /* zero-extend the status */
    movz    x1, #(ADP_Stopped_ApplicationExit & 0xffff)
    movk    x1, #(ADP_Stopped_ApplicationExit >> 16), lsl #16
    sub     sp, sp, #16
    stp     x1, x2, [sp]
    mov     x1, sp
    mov     w0, #SYS_EXIT
    hlt     #0xf000
    b       .                       /* not reached */
    .size rom_exit, . - rom_exit

/* One 128-byte slot per vector: make room for the frame, save x0/x1, pass the vector number. */
    .macro ventry num
    .balign 128
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\num
    b       exc_common
    .endm

    .text
    .balign 2048
    .global vector_table
vector_table:
    ventry 0    /* current EL, SP0: sync, irq, fiq, serror */
    ventry 1
    ventry 2
    ventry 3
    ventry 4    /* current EL, SPx */
    ventry 5
    ventry 6
    ventry 7
    ventry 8    /* lower EL, AArch64 */
    ventry 9
    ventry 10
    ventry 11
    ventry 12   /* lower EL, AArch32 */
    ventry 13
    ventry 14
    ventry 15

exc_common:
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
    mrs     x2, elr_el1
    stp     x30, x2, [sp, #240]
    mrs     x2, spsr_el1
    mrs     x3, esr_el1
    stp     x2, x3, [sp, #256]
    mrs     x2, far_el1
    str     x2, [sp, #272]
    mov     x1, sp
    bl      rom_exception           /* returns only if the exception was handled */
    ldp     x2, x3, [sp, #256]
    msr     spsr_el1, x2
    ldr     x2, [sp, #248]
    msr     elr_el1, x2
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
    add     sp, sp, #FRAME_SIZE
    eret
