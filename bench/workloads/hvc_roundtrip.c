/*
 * hvc_roundtrip (microbenchmark): EL1 -> HVC -> EL2 handler -> ERET -> EL1, ROUNDS times.
 * Needs -M virt,virtualization=on (start at EL2) on both emulators. HCR_EL2 = RW only (EL1 is
 * AArch64, nothing trapped), MMU off at both levels. The lower-EL AArch64 synchronous vector of
 * VBAR_EL2 is the handler: ERET at once for `hvc #0`, back to C for the final `hvc #1`.
 * Loop: EL1 3 instructions + handler 4 per round trip.
 * Self-check: the loop ran to zero, the final exception is an HVC (EC 0x16) with imm 1 from
 * EL1h, ELR_EL2 points after it, and the program really started at EL2.
 */
#define ROUNDS 20000000ull
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"

uint64_t hvc_run(uint64_t rounds, uint64_t *info);

__asm__(
    "    .section .text.vectors, \"ax\"\n"
    "    .balign 2048\n"
    "hvc_vectors:\n"
    "    .rept 8\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "    mrs   x9, esr_el2\n"           /* +0x400 lower EL AArch64, synchronous */
    "    and   x9, x9, #0xffff\n"
    "    cbnz  x9, hvc_done\n"
    "    eret\n"
    "    .balign 128\n"
    "    .rept 7\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "\n"
    "    .text\n"
    "    .global hvc_run\n"
    "hvc_run:\n"                        /* x0 = rounds, x1 = info[4] */
    "    stp   x29, x30, [sp, #-32]!\n"
    "    stp   x19, x20, [sp, #16]\n"
    "    mov   x19, x0\n"
    "    mov   x20, x1\n"
    "    mrs   x9, CurrentEL\n"
    "    str   x9, [x20, #24]\n"
    "    cmp   x9, #8\n"                /* not at EL2: give up (checked by the caller) */
    "    b.ne  hvc_out\n"
    "    adr   x9, hvc_vectors\n"
    "    msr   vbar_el2, x9\n"
    "    mov   x9, #(1 << 31)\n"        /* HCR_EL2.RW */
    "    msr   hcr_el2, x9\n"
    "    mov   x9, sp\n"
    "    msr   sp_el1, x9\n"            /* unused by the loop, but valid */
    "    adr   x9, hvc_el1_loop\n"
    "    msr   elr_el2, x9\n"
    "    mov   x9, #0x3c5\n"            /* EL1h, DAIF masked */
    "    msr   spsr_el2, x9\n"
    "    isb\n"
    "    eret\n"
    "hvc_el1_loop:\n"
    "    hvc   #0\n"
    "    subs  x19, x19, #1\n"
    "    b.ne  hvc_el1_loop\n"
    "    hvc   #1\n"
    "    b     .\n"
    "hvc_done:\n"                       /* at EL2 on SP_EL2, as before the first ERET */
    "    mrs   x9, esr_el2\n"
    "    str   x9, [x20]\n"
    "    mrs   x9, spsr_el2\n"
    "    str   x9, [x20, #8]\n"
    "    mrs   x9, elr_el2\n"
    "    adr   x10, hvc_el1_loop\n"
    "    sub   x9, x9, x10\n"
    "    str   x9, [x20, #16]\n"
    "hvc_out:\n"
    "    mov   x0, x19\n"
    "    ldp   x19, x20, [sp, #16]\n"
    "    ldp   x29, x30, [sp], #32\n"
    "    ret\n");

uint64_t workload(void)
{
    uint64_t info[4] = {0};
    uint64_t left = hvc_run(ROUNDS, info);
    uint64_t bad = left;
    bad |= info[3] ^ 8;                                 /* CurrentEL = EL2 */
    bad |= info[0] ^ ((0x16ull << 26) | (1ull << 25) | 1); /* HVC, IL, imm16 = 1 */
    bad |= (info[1] & 0xf) ^ 5;                         /* from EL1h */
    bad |= info[2] ^ 16;                                /* ELR after the final hvc */
    return bad;
}
