/*
 * svc_roundtrip (microbenchmark): EL0 -> SVC -> EL1 handler -> ERET -> EL0, ROUNDS times.
 * Starts at EL1 (plain -M virt), MMU off (EL0 runs with the MMU off too). VBAR_EL1 points at
 * the table below; the lower-EL AArch64 synchronous vector (+0x400) is the handler: it reads
 * ESR_EL1 to tell the loop's `svc #0` (ERET at once) from the final `svc #1` (back to C).
 * Loop: EL0 3 instructions (svc, subs, b.ne) + handler 4 (mrs, and, cbnz, eret) per round trip.
 * Self-check: the EL0 loop ran to zero, the final exception is an SVC (EC 0x15) with imm 1
 * from EL0t, and ELR_EL1 points after it.
 */
#define ROUNDS 20000000ull
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"

uint64_t svc_run(uint64_t rounds, uint64_t *info);

__asm__(
    "    .section .text.vectors, \"ax\"\n"
    "    .balign 2048\n"
    "svc_vectors:\n"
    "    .rept 8\n"                     /* current EL: not expected, spin */
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "    mrs   x9, esr_el1\n"           /* +0x400 lower EL AArch64, synchronous */
    "    and   x9, x9, #0xffff\n"
    "    cbnz  x9, svc_done\n"
    "    eret\n"
    "    .balign 128\n"
    "    .rept 7\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "\n"
    "    .text\n"
    "    .global svc_run\n"
    "svc_run:\n"                        /* x0 = rounds, x1 = info[4] */
    "    stp   x29, x30, [sp, #-32]!\n"
    "    stp   x19, x20, [sp, #16]\n"
    "    mov   x19, x0\n"
    "    mov   x20, x1\n"
    "    adr   x9, svc_vectors\n"
    "    msr   vbar_el1, x9\n"
    "    adr   x9, svc_el0_loop\n"
    "    msr   elr_el1, x9\n"
    "    mov   x9, #0x3c0\n"            /* EL0t, DAIF masked */
    "    msr   spsr_el1, x9\n"
    "    isb\n"
    "    eret\n"
    "svc_el0_loop:\n"
    "    svc   #0\n"
    "    subs  x19, x19, #1\n"
    "    b.ne  svc_el0_loop\n"
    "    svc   #1\n"
    "    b     .\n"
    "svc_done:\n"                       /* at EL1 on SP_EL1, as before the first ERET */
    "    mrs   x9, esr_el1\n"
    "    str   x9, [x20]\n"
    "    mrs   x9, spsr_el1\n"
    "    str   x9, [x20, #8]\n"
    "    mrs   x9, elr_el1\n"
    "    adr   x10, svc_el0_loop\n"
    "    sub   x9, x9, x10\n"
    "    str   x9, [x20, #16]\n"
    "    mov   x0, x19\n"
    "    ldp   x19, x20, [sp, #16]\n"
    "    ldp   x29, x30, [sp], #32\n"
    "    ret\n");

uint64_t workload(void)
{
    uint64_t info[4] = {0};
    uint64_t left = svc_run(ROUNDS, info);
    uint64_t bad = left;                                /* loop ran to zero */
    bad |= info[0] ^ ((0x15ull << 26) | (1ull << 25) | 1); /* SVC, IL, imm16 = 1 */
    bad |= (info[1] & 0xf) ^ 0;                         /* from EL0t */
    bad |= info[2] ^ 16;                                /* ELR after the final svc */
    return bad;
}
