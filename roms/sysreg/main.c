/*
 * sysreg: MRS/MSR of the PSTATE fields and simple registers: TPIDR_EL0, TPIDRRO_EL0, TPIDR_EL1,
 * NZCV, DAIF (and DAIFSet/DAIFClr), SPSel (and SP_EL0), CurrentEL.
 * ID registers are not read here: they differ by CPU model between QEMU and a64emu.
 */
#include "rom.h"

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 1 << 2);

    write_sysreg(tpidr_el0, 0x0123456789abcdefull);
    CHECK_EQ(read_sysreg(tpidr_el0), 0x0123456789abcdefull);
    write_sysreg(tpidrro_el0, 0xfeedull);
    CHECK_EQ(read_sysreg(tpidrro_el0), 0xfeedull);
    write_sysreg(tpidr_el1, ~0ull);
    CHECK_EQ(read_sysreg(tpidr_el1), ~0ull);

    /* NZCV: only bits 31:28 exist. */
    write_sysreg(nzcv, 0xffffffffffffffffull);
    CHECK_EQ(read_sysreg(nzcv), 0xf0000000ull);
    write_sysreg(nzcv, 0x60000000ull);
    uint64_t eq;
    __asm__ volatile("cset %0, eq" : "=r"(eq));
    CHECK_EQ(eq, 1);
    write_sysreg(nzcv, 0);
    CHECK_EQ(read_sysreg(nzcv), 0);

    /* DAIF: all masked at reset; bits 9:6. Interrupts stay masked around the changes that
     * matter (no interrupt source is configured, so unmasking is harmless). */
    CHECK_EQ(read_sysreg(daif), 0x3c0);
    __asm__ volatile("msr daifclr, #0xf" ::: "memory");
    CHECK_EQ(read_sysreg(daif), 0);
    __asm__ volatile("msr daifset, #0x2" ::: "memory"); /* I */
    CHECK_EQ(read_sysreg(daif), 0x080);
    __asm__ volatile("msr daifset, #0x9" ::: "memory"); /* D, F */
    CHECK_EQ(read_sysreg(daif), 0x2c0);
    write_sysreg(daif, 0x100);                           /* A only */
    CHECK_EQ(read_sysreg(daif), 0x100);
    write_sysreg(daif, 0xffffffffffffffffull);
    CHECK_EQ(read_sysreg(daif), 0x3c0);

    /* SPSel: 1 at EL1 (SP_EL1). Switch to SP_EL0 and back; SP_EL0 is also reachable as a
     * system register from EL1. */
    CHECK_EQ(read_sysreg(spsel), 1);
    write_sysreg(sp_el0, 0x40800000ull);
    CHECK_EQ(read_sysreg(sp_el0), 0x40800000ull);
    uint64_t sp1, sp0, spsel0, sp1_again;
    __asm__ volatile("mov %0, sp\n\t"
                     "msr spsel, #0\n\t"
                     "mov %1, sp\n\t"
                     "mrs %2, spsel\n\t"
                     "sub sp, sp, #16\n\t"     /* changes SP_EL0 only */
                     "msr spsel, #1\n\t"
                     "mov %3, sp"
                     : "=&r"(sp1), "=&r"(sp0), "=&r"(spsel0), "=&r"(sp1_again) : : "memory");
    CHECK_EQ(sp0, 0x40800000ull);
    CHECK_EQ(spsel0, 0);
    CHECK_EQ(sp1_again, sp1);
    CHECK_EQ(read_sysreg(sp_el0), 0x40800000ull - 16);
    write_sysreg(spsel, 0xfffffffffffffffeull); /* only bit 0: SPSel = 0 */
    CHECK_EQ(read_sysreg(spsel), 0);
    write_sysreg(spsel, 1);
    CHECK_EQ(read_sysreg(spsel), 1);

    /* ELR/SPSR/ESR/FAR/VBAR_EL1 as plain read/write storage. */
    write_sysreg(elr_el1, 0x1122334455667788ull);
    CHECK_EQ(read_sysreg(elr_el1), 0x1122334455667788ull);
    write_sysreg(far_el1, 0xdeadbeef000ull);
    CHECK_EQ(read_sysreg(far_el1), 0xdeadbeef000ull);
    sh_puts("sysreg: ok\n");
    return 0;
}
