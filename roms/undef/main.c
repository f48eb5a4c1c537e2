/*
 * undef: unallocated encodings raise UNDEFINED: an exception to EL1 with ESR_EL1.EC = 0 (unknown
 * reason), IL = 1, and ELR_EL1 pointing at the instruction itself. The handler skips it.
 */
#include "rom.h"

static unsigned undefs;
static uint64_t last_elr, last_esr;

static int undef_handler(struct exc_frame *f)
{
    if (ESR_EC(f->esr) != 0)
        return 0;
    undefs++;
    last_elr = f->elr;
    last_esr = f->esr;
    f->elr += 4; /* skip it */
    return 1;
}

int main(void)
{
    rom_set_sync_handler(undef_handler);
    uint64_t where, x = 5;
    /* UDF #0 (0x00000000): permanently undefined. Registers are untouched. */
    __asm__ volatile("1:\t.inst 0x00000000\n\tadr %0, 1b\n\tadd %1, %1, #1"
                     : "=&r"(where), "+r"(x) : : "memory");
    CHECK_EQ(undefs, 1);
    CHECK_EQ(last_elr, where);
    CHECK_EQ(last_esr, 1u << 25); /* EC 0, IL 1, ISS 0 */
    CHECK_EQ(x, 6);
    /* UDF #0xbeef: the immediate is ignored; ISS stays 0. */
    __asm__ volatile("1:\t.inst 0x0000beef\n\tadr %0, 1b" : "=&r"(where) : : "memory");
    CHECK_EQ(undefs, 2);
    CHECK_EQ(last_elr, where);
    CHECK_EQ(last_esr, 1u << 25);
    /* An EL2 register accessed from EL1 with no EL2 implemented: UNDEFINED, EC 0. */
    __asm__ volatile("1:\tmrs x9, hcr_el2\n\tadr %0, 1b" : "=&r"(where) : : "x9", "memory");
    CHECK_EQ(undefs, 3);
    CHECK_EQ(last_elr, where);
    CHECK_EQ(last_esr, 1u << 25);
    sh_puts("undef: ok\n");
    return 0;
}
