/*
 * A raw (headerless) "kernel" for tests/scripts/test_boot_stub_lockstep.sh: QEMU and a64emu load
 * it at RAM + 0x80000 and run their boot stub at the base of RAM first. It checks what the Linux
 * boot protocol promises at entry and exits through semihosting with status 0 when all holds:
 * x0 points at a device tree (FDT magic), x1 = x2 = x3 = 0, and at EL1 the MMU off. Lockstep
 * also compares every register on the way, from the stub's first instruction. SCTLR_EL2 is not
 * read: its RES1 bits read 0 under QEMU 7.2 after reset and 1 under a64emu (0x30c50830), a
 * difference of the CPU model that this test of the boot protocol should not trip on.
 */
    .global _start
_start:
    ldr     w9, [x0]            /* the DTB's first word, big-endian 0xd00dfeed */
    rev     w9, w9
    movz    w10, #0xfeed
    movk    w10, #0xd00d, lsl #16
    cmp     w9, w10
    cset    x12, ne
    orr     x13, x1, x2
    orr     x13, x13, x3
    cmp     x13, #0
    cinc    x12, x12, ne
    mrs     x14, CurrentEL
    cmp     x14, #(2 << 2)
    b.eq    1f
    mrs     x15, sctlr_el1
    and     x15, x15, #1        /* M */
    add     x12, x12, x15
1:
    adr     x1, block
    str     x12, [x1, #8]
    mov     x0, #0x20           /* SYS_EXIT_EXTENDED */
    hlt     #0xf000
    .balign 8
block:
    .quad   0x20026, 0          /* ADP_Stopped_ApplicationExit, status */
