/*
 * Virtual time and the timers' condition (DDI 0487 D11.2.4): a timer's condition is met when
 * (count - CVAL) >= 0 as an unsigned comparison of the 64-bit count with CVAL; the output is
 * ENABLE && condition && !IMASK, a level that stays asserted until software changes CVAL/CTL.
 */
#include "timer/timer_internal.h"

#include <stdlib.h>
#include <time.h>

#include "cpu/cpu.h"
#include "util/host_clock.h"


void vclock_init(struct vclock *c, enum vclock_mode mode, unsigned shift)
{
    c->mode = mode;
    c->shift = shift > 10 ? 10 : shift;
    c->host_start_ns = host_monotonic_ns();
    c->insns = 0;
    c->skipped_ns = 0;
    c->running = NULL;
    c->running_base = 0;
}

uint64_t vclock_ns(const struct vclock *c)
{
    if (c->mode == VCLOCK_HOST)
        return host_monotonic_ns() - c->host_start_ns;
    uint64_t n = c->insns;
    /* A read by the running vCPU counts its own instruction too, as QEMU's icount does. */
    if (c->running)
        n += c->running->icount - c->running_base + 1;
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

#define HCR_E2H_BIT 34
#define HCR_TGE_BIT 27

bool timer_e2h(const struct cpu_state *cpu)
{
    return cpu->has_el2 && cpu_has_feature(cpu, FEAT_VHE) && ((cpu->sr.hcr_el2 >> HCR_E2H_BIT) & 1);
}

bool timer_e2h_tge(const struct cpu_state *cpu)
{
    return timer_e2h(cpu) && ((cpu->sr.hcr_el2 >> HCR_TGE_BIT) & 1);
}

uint64_t timer_offset(const struct timer_cpu *tc, enum timer_id id)
{
    if (id == TIMER_VIRT || (id == TIMER_HYPVIRT && !timer_e2h_tge(tc->cpu)))
        return tc->cntvoff;
    return 0;
}

uint64_t timer_count(const struct timer_cpu *tc, enum timer_id id)
{
    return vclock_ticks(tc->clock) - timer_offset(tc, id);
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

/*
 * The EL1 event stream (DDI 0487 D11.2.3): with CNTKCTL_EL1.EVNTEN, a transition of bit EVNTI
 * of the virtual count (0 to 1, or 1 to 0 with EVNTDIR) sets the event register, waking WFE.
 * Linux's udelay() waits in WFE on it. Transitions of bit n happen at counts congruent to
 * `phase` modulo P = 2^(n+1); evt_index(c) counts those at or below c.
 */
static uint64_t evt_period(const struct timer_cpu *tc) { return 2ull << ((tc->cntkctl >> 4) & 15); }
static uint64_t evt_phase(const struct timer_cpu *tc)
{
    return (tc->cntkctl & KCTL_EVNTDIR) ? 0 : evt_period(tc) / 2;
}
static uint64_t evt_index(const struct timer_cpu *tc, uint64_t c)
{
    uint64_t p = evt_period(tc);
    return c / p + (c % p >= evt_phase(tc));
}

static void event_stream(struct timer_cpu *tc)
{
    if (!(tc->cntkctl & KCTL_EVNTEN))
        return; /* no clock read: polling disabled timers costs nothing */
    uint64_t now = timer_count(tc, TIMER_VIRT);
    if (evt_index(tc, now) != evt_index(tc, tc->evt_last))
        tc->cpu->event_register = true; /* the machine's scheduler ends a WFE wait on it */
    tc->evt_last = now;
}

void gtimer_poll(struct timer_cpu *tc)
{
    for (int i = 0; i < TIMER_COUNT; i++)
        timer_update(tc, (enum timer_id)i);
    event_stream(tc);
}

uint64_t gtimer_next_deadline_ns(const struct timer_cpu *tc)
{
    uint64_t best = TIMER_NO_DEADLINE;
    for (int i = 0; i < TIMER_COUNT; i++) {
        const struct timer_one *t = &tc->t[i];
        if ((t->ctl & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK)) != TIMER_CTL_ENABLE || timer_istatus(tc, (enum timer_id)i))
            continue;
        /* In physical ticks (modulo 2^64, as the virtual count is). Only a count still ahead
         * is a deadline: time passing cannot meet a condition whose count is behind (the
         * virtual count wrapped), and one too far for the ns clock never fires. */
        uint64_t phys = t->cval + timer_offset(tc, (enum timer_id)i);
        if (phys <= vclock_ticks(tc->clock) || phys > TIMER_NO_DEADLINE / TIMER_NS_PER_TICK)
            continue;
        uint64_t ns = phys * TIMER_NS_PER_TICK;
        if (ns < best)
            best = ns;
    }
    if (tc->cntkctl & KCTL_EVNTEN) {
        /* The next event-stream transition, as a physical count. */
        uint64_t now = timer_count(tc, TIMER_VIRT), p = evt_period(tc);
        uint64_t next = now - now % p + evt_phase(tc);
        if (next <= now)
            next += p;
        uint64_t phys = next + tc->cntvoff;
        if (next > now && phys > vclock_ticks(tc->clock) && phys <= TIMER_NO_DEADLINE / TIMER_NS_PER_TICK &&
            phys * TIMER_NS_PER_TICK < best)
            best = phys * TIMER_NS_PER_TICK;
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
