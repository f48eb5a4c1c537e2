/*
 * svc: SVC #imm from EL1 is taken to EL1 (current EL with SP_ELx, vector offset 0x200) with
 * ESR_EL1.EC = 0x15, IL = 1, ISS = imm16, ELR_EL1 = the instruction after the SVC, SPSR_EL1 =
 * the PSTATE before it; ERET returns there with the handler's register changes.
 */
#include "rom.h"

static unsigned calls;
static uint64_t last_imm, last_elr, last_spsr;

static int svc_handler(struct exc_frame *f)
{
    if (ESR_EC(f->esr) != 0x15)
        return 0;
    calls++;
    last_imm = ESR_ISS(f->esr);
    last_elr = f->elr;
    last_spsr = f->spsr;
    CHECK_EQ(ESR_IL(f->esr), 1);
    CHECK_EQ(f->esr >> 32, 0); /* ESR_EL1[63:32] RES0 (ISS2 is 0) */
    CHECK_EQ(read_sysreg(CurrentEL), 1 << 2);
    if (last_imm == 0x1234)
        f->x[0] = f->x[0] * 2 + last_imm; /* a "system call" result in X0 */
    return 1;
}

int main(void)
{
    rom_set_sync_handler(svc_handler);
    register uint64_t x0 __asm__("x0") = 20;
    uint64_t after;
    /* Set NZCV before the SVC to see it saved in SPSR_EL1. */
    __asm__ volatile("msr nzcv, %2\n\t"
                     "svc #0x1234\n"
                     "1:\tadr %1, 1b"
                     : "+r"(x0), "=&r"(after) : "r"(0x90000000ull) : "cc", "memory");
    CHECK_EQ(calls, 1);
    CHECK_EQ(last_imm, 0x1234);
    CHECK_EQ(last_elr, after);
    CHECK_EQ(x0, 20 * 2 + 0x1234);
    CHECK_EQ(last_spsr, 0x900003c5); /* N, V, DAIF masked, EL1h */

    /* The extremes of the immediate, and a few in a row. */
    for (uint64_t i = 0; i < 3; i++) {
        __asm__ volatile("svc #0" : : : "memory");
        CHECK_EQ(last_imm, 0);
        __asm__ volatile("svc #0xffff" : : : "memory");
        CHECK_EQ(last_imm, 0xffff);
    }
    CHECK_EQ(calls, 7);
    /* ELR_EL1/ESR_EL1 are still readable after the return. */
    CHECK_EQ(ESR_EC(read_sysreg(esr_el1)), 0x15);
    sh_puts("svc: ok\n");
    return 0;
}
