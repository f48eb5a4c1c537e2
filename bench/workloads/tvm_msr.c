/*
 * tvm_msr (microbenchmark): a trapped and emulated MSR, ROUNDS times. Needs
 * -M virt,virtualization=on (start at EL2). HCR_EL2 = RW | TVM, so at EL1 `msr sctlr_el1, x0`
 * traps to EL2 (EC 0x18). The EL2 handler checks the syndrome (EC 0x18, ISS = write of
 * SCTLR_EL1 from x0), performs the write itself (`msr sctlr_el1, x0` at EL2 does not trap),
 * skips the instruction (ELR_EL2 += 4) and ERETs. The EL1 loop flips SCTLR_EL1.UCT (bit 15,
 * which only affects EL0 access to CTR_EL0) each time, so the emulated write is observable.
 * Loop: EL1 4 instructions (eor, msr, subs, b.ne) + handler 11 per round trip.
 * Self-check: every trap had the expected syndrome, SCTLR_EL1 holds the last value written, the
 * loop ran to zero, the final exception is `hvc #1` from EL1h.
 */
#define ROUNDS 10000000ull
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"

uint64_t tvm_run(uint64_t rounds, uint64_t *info);

__asm__(
    "    .section .text.vectors, \"ax\"\n"
    "    .balign 2048\n"
    "tvm_vectors:\n"
    "    .rept 8\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "    mrs   x9, esr_el2\n"           /* +0x400 lower EL AArch64, synchronous */
    "    lsr   x10, x9, #26\n"
    "    cmp   x10, #0x18\n"
    "    b.ne  tvm_done\n"              /* the final hvc */
    "    and   x9, x9, #0x1ffffff\n"
    "    cmp   x9, x21\n"               /* expected ISS */
    "    b.ne  tvm_bad\n"
    "    msr   sctlr_el1, x0\n"         /* emulate the write */
    "    mrs   x9, elr_el2\n"
    "    add   x9, x9, #4\n"
    "    msr   elr_el2, x9\n"
    "    eret\n"
    "tvm_bad:\n"
    "    add   x23, x23, #1\n"          /* count bad syndromes, skip the instruction */
    "    mrs   x9, elr_el2\n"
    "    add   x9, x9, #4\n"
    "    msr   elr_el2, x9\n"
    "    eret\n"
    "    .balign 128\n"
    "    .rept 7\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "\n"
    "    .text\n"
    "    .global tvm_run\n"
    "tvm_run:\n"                        /* x0 = rounds, x1 = info[6] */
    "    stp   x29, x30, [sp, #-64]!\n"
    "    stp   x19, x20, [sp, #16]\n"
    "    stp   x21, x22, [sp, #32]\n"
    "    stp   x23, x24, [sp, #48]\n"
    "    mov   x19, x0\n"
    "    mov   x20, x1\n"
    "    mov   x23, #0\n"
    "    mrs   x9, CurrentEL\n"
    "    str   x9, [x20, #24]\n"
    "    cmp   x9, #8\n"
    "    b.ne  tvm_out\n"
    "    adr   x9, tvm_vectors\n"
    "    msr   vbar_el2, x9\n"
    "    mov   x21, #0x0400\n"          /* ISS: Op0 3, Op2 0, Op1 0, CRn 1, Rt 0, CRm 0, write */
    "    movk  x21, #0x30, lsl #16\n"
    "    mov   x22, #(1 << 15)\n"       /* SCTLR_EL1.UCT */
    "    mrs   x0, sctlr_el1\n"
    "    mov   x9, #(1 << 31)\n"
    "    orr   x9, x9, #(1 << 26)\n"    /* HCR_EL2.RW | TVM */
    "    msr   hcr_el2, x9\n"
    "    mov   x9, sp\n"
    "    msr   sp_el1, x9\n"
    "    adr   x9, tvm_el1_loop\n"
    "    msr   elr_el2, x9\n"
    "    mov   x9, #0x3c5\n"            /* EL1h, DAIF masked */
    "    msr   spsr_el2, x9\n"
    "    isb\n"
    "    eret\n"
    "tvm_el1_loop:\n"
    "    eor   x0, x0, x22\n"
    "    msr   sctlr_el1, x0\n"
    "    subs  x19, x19, #1\n"
    "    b.ne  tvm_el1_loop\n"
    "    hvc   #1\n"
    "    b     .\n"
    "tvm_done:\n"
    "    str   x9, [x20]\n"             /* ESR_EL2 */
    "    mrs   x9, spsr_el2\n"
    "    str   x9, [x20, #8]\n"
    "    mrs   x9, sctlr_el1\n"
    "    eor   x9, x9, x0\n"            /* 0 when SCTLR_EL1 holds the last value written */
    "    str   x9, [x20, #16]\n"
    "    str   x23, [x20, #32]\n"
    "    mov   x9, #(1 << 31)\n"
    "    msr   hcr_el2, x9\n"           /* TVM off again */
    "tvm_out:\n"
    "    mov   x0, x19\n"
    "    ldp   x23, x24, [sp, #48]\n"
    "    ldp   x21, x22, [sp, #32]\n"
    "    ldp   x19, x20, [sp, #16]\n"
    "    ldp   x29, x30, [sp], #64\n"
    "    ret\n");

uint64_t workload(void)
{
    uint64_t info[6] = {0};
    uint64_t left = tvm_run(ROUNDS, info);
    uint64_t bad = left;
    bad |= info[3] ^ 8;                                 /* CurrentEL = EL2 */
    bad |= info[0] ^ ((0x16ull << 26) | (1ull << 25) | 1); /* final: HVC #1 */
    bad |= (info[1] & 0xf) ^ 5;                         /* from EL1h */
    bad |= info[2];                                     /* SCTLR_EL1 = last write */
    bad |= info[4];                                     /* no bad syndrome */
    return bad;
}
