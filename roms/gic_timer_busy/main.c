/*
 * gic_timer_busy: the EL1 virtual timer's interrupt taken in the middle of a busy loop (not at
 * a WFI), five times at different distances, through the GICv3. With -icount the interrupt is
 * taken at the first block boundary where the count has reached CVAL: a64emu ends its run
 * exactly at the deadline (no quantum of latency). Not run in lockstep: QEMU 7.2 with
 * -icount,sleep=off and single-stepping takes the same interrupt one instruction later
 * (delivery latency, which the architecture leaves open), so the instruction streams differ by
 * one instruction at each interrupt. Needs -icount shift=4 (its row gives it): the bound on
 * the spins assumes one counter tick per instruction.
 */
#include "../gic_common/gic_rom.h"

static volatile unsigned hits;

static int on_irq(struct exc_frame *f)
{
    (void)f;
    uint64_t id = SR_READ(ICC_IAR1_EL1);
    CHECK_EQ(id, 27);
    CHECK_EQ(read_sysreg(cntv_ctl_el0), 5); /* ENABLE | ISTATUS: the condition holds */
    write_sysreg(cntv_ctl_el0, 0);
    __asm__ volatile("isb");
    SR_WRITE(ICC_EOIR1_EL1, id);
    hits++;
    return 1;
}

int main(void)
{
    gic_dist_init();
    gic_cpu_init();
    gic_enable_private(27, 0x80);
    rom_set_irq_handler(on_irq);
    irq_unmask();
    static const uint32_t tval[] = { 1, 50, 300, 1000, 20000 };
    for (unsigned i = 0; i < sizeof tval / sizeof tval[0]; i++) {
        uint64_t spins = 0;
        write_sysreg(cntv_tval_el0, tval[i]);
        write_sysreg(cntv_ctl_el0, 1);
        __asm__ volatile("isb");
        while (hits == i)
            spins = OPAQUE(spins + 1);
        CHECK_EQ(hits, i + 1);
        /* The loop ran about as long as the timer said (a few instructions per spin). */
        CHECK(spins <= tval[i] + 1);
    }
    puts_("gic_timer_busy: ok\n");
    return 0;
}
