/*
 * teach_vtimer (-M virt,virtualization=on -icount shift=4,sleep=off; docs/teaching.md
 * walkthrough e): the EL1 virtual timer and CNTVOFF_EL2. At EL2 the ROM sets the virtual offset
 * to -1000000, so the virtual count CNTVCT = CNTPCT - CNTVOFF runs 1000000 ticks ahead of the
 * physical one (DDI 0487 D11.2.2), arms CNTV_CVAL 500 virtual ticks ahead with CNTV_CTL.ENABLE=1
 * (the interrupt is not routed anywhere: the GIC is left off), and polls the virtual count until
 * it reaches CVAL. armed() and fired() are where the monitor stops.
 *
 * Arm ARM vs QEMU: CNTV_CTL_EL0.ISTATUS is the timer condition itself (DDI 0487 D11.2.4: "the
 * timer condition is met" when CNTVCT - CVAL >= 0), so it reads 1 by the first instruction that
 * sees the count reach CVAL; the ROM checks exactly that. QEMU 7.2 updates ISTATUS only when its
 * own timer callback runs (gt_recalc_timer), a few instructions later on the instruction clock,
 * so this ROM is not run in lockstep (roms/CMakeLists.txt).
 */
#include "rom.h"

#define VOFF (0ull - 1000000ull)

static void __attribute__((noinline, used)) armed(void) { __asm__ volatile("" ::: "memory"); }
static void __attribute__((noinline, used)) fired(void) { __asm__ volatile("" ::: "memory"); }

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    write_sysreg(cntvoff_el2, VOFF);
    __asm__ volatile("isb");
    uint64_t p = read_sysreg(cntpct_el0);
    uint64_t v = read_sysreg(cntvct_el0);
    /* One instruction (one tick on the instruction clock) between the two reads at most a few. */
    CHECK(v - p >= 1000000 && v - p < 1000000 + 16);
    write_sysreg(cntv_cval_el0, v + 500);
    write_sysreg(cntv_ctl_el0, 1); /* ENABLE, IMASK = 0 */
    __asm__ volatile("isb");
    armed();
    while (read_sysreg(cntvct_el0) < v + 500)
        ;
    CHECK(read_sysreg(cntv_ctl_el0) & 4); /* ISTATUS at once (QEMU: later; see above) */
    fired();
    write_sysreg(cntv_ctl_el0, 0);
    puts_("teach_vtimer: ok\n");
    return 0;
}
