/*
 * Generic timer system registers (DDI 0487 D13.8-D13.11), sorted by encoding, with the access
 * controls of CNTKCTL_EL1 (EL0) and CNTHCTL_EL2 (EL0/EL1, the E2H = 0 layout):
 *   CNTKCTL_EL1: EL0PCTEN [0], EL0VCTEN [1], EL0VTEN [8], EL0PTEN [9]; a 0 traps EL0 to EL1
 *                (to EL2 under HCR_EL2.TGE, as every EL0 trap).
 *   CNTHCTL_EL2: EL1PCTEN [0] (physical counter), EL1PCEN [1] (EL1 physical timer); a 0 traps
 *                EL0 and EL1 to EL2.
 * FEAT_VHE's E2H = 1 layout and the EL2 virtual timer (CNTHV_*) are not implemented yet: their
 * encodings stay UNDEFINED. Every row is UNDEFINED on a vCPU without timers.
 * Counter reads end the translation block (SRF_SYNC) so the next read sees the instructions
 * retired in between.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"
#include "timer/timer_internal.h"

enum { KCTL_EL0PCTEN = 1u << 0, KCTL_EL0VCTEN = 1u << 1, KCTL_EL0VTEN = 1u << 8, KCTL_EL0PTEN = 1u << 9 };
enum { HCTL_EL1PCTEN = 1u << 0, HCTL_EL1PCEN = 1u << 1 };
/* Writable bits: CNTKCTL_EL1 [9:0] (with the event stream's EVNTEN/EVNTDIR/EVNTI, timer.c),
 * CNTHCTL_EL2 [7:0] (its own event stream controls are kept but generate no events). */
#define KCTL_VALID 0x3ffull
#define HCTL_VALID 0xffull

static enum sysreg_result el0_trap(const struct cpu_state *cpu, bool allowed, const char *bit, const char **why)
{
    if (cpu->el == 0 && !allowed) {
        *why = bit;
        return SR_TRAP_EL1;
    }
    return SR_OK;
}

static enum sysreg_result el2_trap(const struct cpu_state *cpu, bool allowed, const char *bit, const char **why)
{
    if (cpu->el < 2 && cpu->has_el2 && !allowed) {
        *why = bit;
        return SR_TRAP_EL2;
    }
    return SR_OK;
}

static enum sysreg_result access_timer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->timer ? SR_OK : SR_UNDEF;
}

static enum sysreg_result access_frq(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    uint64_t k = cpu->timer->cntkctl;
    return el0_trap(cpu, k & (KCTL_EL0PCTEN | KCTL_EL0VCTEN), "CNTKCTL_EL1.EL0PCTEN=EL0VCTEN=0", why);
}

static enum sysreg_result access_pct(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    enum sysreg_result r = el0_trap(cpu, cpu->timer->cntkctl & KCTL_EL0PCTEN, "CNTKCTL_EL1.EL0PCTEN=0", why);
    return r != SR_OK ? r : el2_trap(cpu, cpu->timer->cnthctl & HCTL_EL1PCTEN, "CNTHCTL_EL2.EL1PCTEN=0", why);
}

static enum sysreg_result access_vct(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    return el0_trap(cpu, cpu->timer->cntkctl & KCTL_EL0VCTEN, "CNTKCTL_EL1.EL0VCTEN=0", why);
}

static enum sysreg_result access_ptimer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    enum sysreg_result r = el0_trap(cpu, cpu->timer->cntkctl & KCTL_EL0PTEN, "CNTKCTL_EL1.EL0PTEN=0", why);
    return r != SR_OK ? r : el2_trap(cpu, cpu->timer->cnthctl & HCTL_EL1PCEN, "CNTHCTL_EL2.EL1PCEN=0", why);
}

static enum sysreg_result access_vtimer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    return el0_trap(cpu, cpu->timer->cntkctl & KCTL_EL0VTEN, "CNTKCTL_EL1.EL0VTEN=0", why);
}

/* The timer a CNT{P,V,HP}_{TVAL,CTL,CVAL} row names: CRm 2 physical (op1 3: EL1, op1 4: EL2),
 * CRm 3 virtual; op2 0 TVAL, 1 CTL, 2 CVAL. */
static enum timer_id timer_of(const struct sysreg_desc *d)
{
    unsigned op1 = (d->enc >> 11) & 7, crm = (d->enc >> 3) & 15;
    return crm == 3 ? TIMER_VIRT : op1 == 4 ? TIMER_HYP : TIMER_PHYS;
}

static uint64_t read_timer(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    struct timer_cpu *tc = cpu->timer;
    enum timer_id id = timer_of(d);
    const struct timer_one *t = &tc->t[id];
    switch (d->enc & 7) {
    case 0: /* TVAL: CVAL - count, bits [31:0] (a signed 32-bit view), bits [63:32] zero */
        return (uint32_t)(t->cval - timer_count(tc, id));
    case 1: return t->ctl | (timer_istatus(tc, id) ? TIMER_CTL_ISTATUS : 0);
    default: return t->cval;
    }
}

static bool write_timer(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    struct timer_cpu *tc = cpu->timer;
    enum timer_id id = timer_of(d);
    struct timer_one *t = &tc->t[id];
    switch (d->enc & 7) {
    case 0: /* TVAL: CVAL = count + SignExtend(TVAL[31:0]) */
        t->cval = timer_count(tc, id) + (uint64_t)(int64_t)(int32_t)(uint32_t)v;
        break;
    case 1: t->ctl = v & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK); break;
    default: t->cval = v; break;
    }
    timer_update(tc, id);
    return true;
}

static uint64_t read_pct(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return vclock_ticks(cpu->timer->clock); }
static uint64_t read_vct(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return timer_count(cpu->timer, TIMER_VIRT); }
static uint64_t read_frq(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cntfrq; }
static bool write_frq(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cntfrq = (uint32_t)v; /* bits [63:32] RES0; the counter's rate does not change */
    return true;
}
static uint64_t read_kctl(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cntkctl; }
static bool write_kctl(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cntkctl = v & KCTL_VALID;
    cpu->timer->evt_last = timer_count(cpu->timer, TIMER_VIRT); /* no event for the past */
    return true;
}
static uint64_t read_hctl(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cnthctl; }
static bool write_hctl(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cnthctl = v & HCTL_VALID;
    return true;
}
static uint64_t read_voff(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cntvoff; }
static bool write_voff(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cntvoff = v;
    timer_update(cpu->timer, TIMER_VIRT); /* the virtual count moved */
    return true;
}

#define T(n, o1, cm, o2, rel, wel, rd, wr, acc, fl) \
    { #n, SYSREG_ENC(3, o1, 14, cm, o2), rel, wel, SR_NO_STORAGE, 0, rd, wr, acc, fl }

static const struct sysreg_desc timer_rows[] = {
    T(CNTKCTL_EL1, 0, 1, 0, 1, 1, read_kctl, write_kctl, access_timer, 0),
    T(CNTFRQ_EL0, 3, 0, 0, 0, 1, read_frq, write_frq, access_frq, 0),
    T(CNTPCT_EL0, 3, 0, 1, 0, SR_NO_ACCESS, read_pct, NULL, access_pct, SRF_RO | SRF_SYNC),
    T(CNTVCT_EL0, 3, 0, 2, 0, SR_NO_ACCESS, read_vct, NULL, access_vct, SRF_RO | SRF_SYNC),
    T(CNTP_TVAL_EL0, 3, 2, 0, 0, 0, read_timer, write_timer, access_ptimer, SRF_SYNC),
    T(CNTP_CTL_EL0, 3, 2, 1, 0, 0, read_timer, write_timer, access_ptimer, SRF_SYNC),
    T(CNTP_CVAL_EL0, 3, 2, 2, 0, 0, read_timer, write_timer, access_ptimer, 0),
    T(CNTV_TVAL_EL0, 3, 3, 0, 0, 0, read_timer, write_timer, access_vtimer, SRF_SYNC),
    T(CNTV_CTL_EL0, 3, 3, 1, 0, 0, read_timer, write_timer, access_vtimer, SRF_SYNC),
    T(CNTV_CVAL_EL0, 3, 3, 2, 0, 0, read_timer, write_timer, access_vtimer, 0),
    T(CNTVOFF_EL2, 4, 0, 3, 2, 2, read_voff, write_voff, access_timer, SRF_NEED_EL2),
    T(CNTHCTL_EL2, 4, 1, 0, 2, 2, read_hctl, write_hctl, access_timer, SRF_NEED_EL2),
    T(CNTHP_TVAL_EL2, 4, 2, 0, 2, 2, read_timer, write_timer, access_timer, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTHP_CTL_EL2, 4, 2, 1, 2, 2, read_timer, write_timer, access_timer, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTHP_CVAL_EL2, 4, 2, 2, 2, 2, read_timer, write_timer, access_timer, SRF_NEED_EL2),
};

const struct sysreg_table sysreg_timer_table = { "src/timer/timer_sysreg.c", timer_rows,
                                                 sizeof timer_rows / sizeof timer_rows[0] };
