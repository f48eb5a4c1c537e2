/*
 * Virtual time and the timers' condition (DDI 0487 D11.2.4): a timer's condition is met when
 * (count - CVAL) >= 0 as an unsigned comparison of the 64-bit count with CVAL; the output is
 * ENABLE && condition && !IMASK, a level that stays asserted until software changes CVAL/CTL.
 */
#include "timer/timer_internal.h"

#include <stdlib.h>
#include <time.h>

#include "cpu/cpu.h"

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void vclock_init(struct vclock *c, enum vclock_mode mode, unsigned shift)
{
    c->mode = mode;
    c->shift = shift > 10 ? 10 : shift;
    c->host_start_ns = host_ns();
    c->insns = 0;
    c->skipped_ns = 0;
    c->running = NULL;
    c->running_base = 0;
}

uint64_t vclock_ns(const struct vclock *c)
{
    if (c->mode == VCLOCK_HOST)
        return host_ns() - c->host_start_ns;
    uint64_t n = c->insns;
    if (c->running)
        n += c->running->icount - c->running_base;
    return (n << c->shift) + c->skipped_ns;
}

void vclock_advance_to(struct vclock *c, uint64_t ns, uint64_t max_sleep_ns)
{
    uint64_t now = vclock_ns(c);
    if (ns <= now)
        return;
    if (c->mode == VCLOCK_ICOUNT) {
        c->skipped_ns += ns - now;
        return;
    }
    uint64_t d = ns - now < max_sleep_ns ? ns - now : max_sleep_ns;
    struct timespec ts = { (time_t)(d / 1000000000ull), (long)(d % 1000000000ull) };
    nanosleep(&ts, NULL);
}

uint64_t timer_count(const struct timer_cpu *tc, enum timer_id id)
{
    uint64_t phys = vclock_ticks(tc->clock);
    return id == TIMER_VIRT ? phys - tc->cntvoff : phys;
}

bool timer_istatus(const struct timer_cpu *tc, enum timer_id id)
{
    const struct timer_one *t = &tc->t[id];
    return (t->ctl & TIMER_CTL_ENABLE) && timer_count(tc, id) >= t->cval;
}

void timer_update(struct timer_cpu *tc, enum timer_id id)
{
    struct timer_one *t = &tc->t[id];
    bool level = timer_istatus(tc, id) && !(t->ctl & TIMER_CTL_IMASK);
    if (level != t->level) {
        t->level = level;
        irq_set(&t->out, level);
    }
}

void gtimer_poll(struct timer_cpu *tc)
{
    for (int i = 0; i < TIMER_COUNT; i++)
        timer_update(tc, (enum timer_id)i);
}

uint64_t gtimer_next_deadline_ns(const struct timer_cpu *tc)
{
    uint64_t best = TIMER_NO_DEADLINE;
    for (int i = 0; i < TIMER_COUNT; i++) {
        const struct timer_one *t = &tc->t[i];
        if ((t->ctl & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK)) != TIMER_CTL_ENABLE || timer_istatus(tc, (enum timer_id)i))
            continue;
        /* In physical ticks; a CVAL the count cannot reach within 64 bits never fires. */
        uint64_t phys = i == TIMER_VIRT ? t->cval + tc->cntvoff : t->cval;
        if (i == TIMER_VIRT && phys < t->cval)
            continue;
        if (phys > TIMER_NO_DEADLINE / TIMER_NS_PER_TICK)
            continue;
        uint64_t ns = phys * TIMER_NS_PER_TICK;
        if (ns < best)
            best = ns;
    }
    return best;
}

void gtimer_reset(struct timer_cpu *tc)
{
    /* CTL.ENABLE resets to 0; CVAL, CNTKCTL, CNTHCTL and CNTVOFF are UNKNOWN at reset and 0
     * here, as QEMU. */
    for (int i = 0; i < TIMER_COUNT; i++) {
        tc->t[i].ctl = 0;
        tc->t[i].cval = 0;
    }
    tc->cntfrq = TIMER_FREQ_HZ;
    tc->cntkctl = 0;
    tc->cnthctl = 0;
    tc->cntvoff = 0;
    gtimer_poll(tc);
}

struct timer_cpu *gtimer_create(struct cpu_state *cpu, struct vclock *clock, const struct irq_line out[TIMER_COUNT])
{
    struct timer_cpu *tc = calloc(1, sizeof *tc);
    if (!tc)
        return NULL;
    tc->cpu = cpu;
    tc->clock = clock;
    for (int i = 0; i < TIMER_COUNT; i++)
        tc->t[i].out = out[i];
    cpu->timer = tc;
    gtimer_reset(tc);
    return tc;
}

void gtimer_destroy(struct timer_cpu *tc)
{
    if (!tc)
        return;
    if (tc->cpu->timer == tc)
        tc->cpu->timer = NULL;
    free(tc);
}
