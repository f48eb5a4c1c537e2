/*
 * gic_timer: the EL1 virtual timer (CNTV_*, PPI 27) taken as an IRQ through the GICv3 and
 * acknowledged with ICC_IAR1_EL1 / ICC_EOIR1_EL1, three times, waiting in WFI in between
 * (gic_timer_busy takes it in the middle of a busy loop).
 * Checks the GIC's view around each interrupt (HPPIR, running priority, spurious IAR after
 * the level drops) and the timer's (ISTATUS). The interrupt's position in the instruction
 * stream depends on the clock: in lockstep both emulators run with -icount shift=4; with the
 * host clock it passes too, at other points.
 */
#include "../gic_common/gic_rom.h"

#define ROUNDS 3
#define PERIOD 6250 /* ticks at 62.5 MHz: 100 us */

static volatile unsigned ticks;

static int on_irq(struct exc_frame *f)
{
    (void)f;
    CHECK_EQ(SR_READ(ICC_HPPIR1_EL1), 27);
    uint64_t id = SR_READ(ICC_IAR1_EL1);
    CHECK_EQ(id, 27);
    CHECK_EQ(SR_READ(ICC_RPR_EL1), 0x80);
    CHECK_EQ(read_sysreg(cntv_ctl_el0), 5); /* ENABLE | ISTATUS */
    ticks++;
    if (ticks < ROUNDS)
        write_sysreg(cntv_tval_el0, PERIOD); /* the condition, and the level, drop */
    else
        write_sysreg(cntv_ctl_el0, 0);
    __asm__ volatile("isb");
    SR_WRITE(ICC_EOIR1_EL1, id);
    CHECK_EQ(SR_READ(ICC_RPR_EL1), 0xff);
    CHECK_EQ(SR_READ(ICC_IAR1_EL1), GIC_SPURIOUS); /* nothing else pending */
    return 1;
}

int main(void)
{
    CHECK_EQ(read_sysreg(cntfrq_el0), 62500000);
    CHECK_EQ(SR_READ(ICC_SRE_EL1) & 1, 1);
    gic_dist_init();
    gic_cpu_init();
    gic_enable_private(27, 0x80);
    rom_set_irq_handler(on_irq);
    write_sysreg(cntv_tval_el0, PERIOD);
    write_sysreg(cntv_ctl_el0, 1);
    __asm__ volatile("isb");
    /* Masked check-then-WFI: WFI wakes on a pending interrupt even with PSTATE.I set. */
    irq_mask();
    while (ticks < ROUNDS) {
        wfi();
        irq_unmask();
        __asm__ volatile("isb");
        irq_mask();
    }
    CHECK_EQ(ticks, ROUNDS);
    CHECK_EQ(mmio_r32(GICR_SGI_BASE(0) + 0x200) & (1u << 27), 0); /* not pending */
    puts_("gic_timer: ok\n");
    return 0;
}
