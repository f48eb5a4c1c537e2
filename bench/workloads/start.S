/*
 * Bare-metal entry for the benchmark workloads: set SP, call main, exit through semihosting
 * (SYS_EXIT with ADP_Stopped_ApplicationExit and main's return value as the exit code).
 * Runs the same on a64emu and on qemu-system-aarch64 -M virt (entry at EL1, MMU off).
 */
    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    bl      main
    adr     x1, exit_block
    str     x0, [x1, #8]            /* subcode: the exit status */
    mov     x0, #0x18               /* SYS_EXIT */
    hlt     #0xf000
1:  b       1b

    .section .data
    .balign 8
exit_block:
    .quad   0x20026                 /* ADP_Stopped_ApplicationExit */
    .quad   0
