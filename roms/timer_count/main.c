/*
 * timer_count: the system counter on the instruction clock. Run with -icount shift=4,sleep=off
 * (16 ns per instruction: one 62.5 MHz tick each), the counter equals the number of
 * instructions executed so far including the reading one, in a64emu as in QEMU, so the lockstep
 * harness compares the raw CNTPCT/CNTVCT values. Also: TVAL counts down one per instruction,
 * CNTVOFF is 0 at EL1 without EL2, and a busy-wait on the counter ends. Without -icount (host
 * clock) the ROM checks only what holds for any clock.
 */
#include "rom.h"

static uint64_t spin(unsigned n)
{
    uint64_t acc = 0;
    for (unsigned i = 0; i < n; i++)
        acc += OPAQUE(i);
    return acc;
}

int main(void)
{
    uint64_t a = read_sysreg(cntpct_el0);
    spin(100);
    uint64_t b = read_sysreg(cntpct_el0);
    uint64_t v = read_sysreg(cntvct_el0);
    CHECK(b > a);
    CHECK(v >= b); /* CNTVOFF_EL2 reads as 0: virtual = physical */
    /* TVAL = CVAL - count: it goes down as instructions retire. */
    write_sysreg(cntp_cval_el0, b + 100000);
    uint64_t t1 = read_sysreg(cntp_tval_el0);
    spin(10);
    uint64_t t2 = read_sysreg(cntp_tval_el0);
    CHECK(t1 <= 100000 && t2 < t1);
    /* Busy-wait 500 ticks: the counter moves while the guest polls it. */
    uint64_t end = read_sysreg(cntvct_el0) + 500;
    while (read_sysreg(cntvct_el0) < end)
        ;
    put_hex(b - a);
    puts_(" ticks for spin(100)\ntimer_count: ok\n");
    return 0;
}
