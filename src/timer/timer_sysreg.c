/*
 * Generic timer system registers (DDI 0487 D13.8-D13.11), sorted by encoding, with the access
 * controls of CNTKCTL_EL1 (EL0) and CNTHCTL_EL2 (EL0/EL1) in both HCR_EL2.E2H layouts:
 *   CNTKCTL_EL1: EL0PCTEN [0], EL0VCTEN [1], EL0VTEN [8], EL0PTEN [9]; a 0 traps EL0 to EL1
 *                (to EL2 under HCR_EL2.TGE, as every EL0 trap).
 *   CNTHCTL_EL2, E2H = 0: EL1PCTEN [0] (physical counter), EL1PCEN [1] (EL1 physical timer);
 *                a 0 traps EL0 and EL1 to EL2.
 *   CNTHCTL_EL2, E2H = 1 (FEAT_VHE): EL1PCTEN [10], EL1PCEN [11] for EL0/EL1 when TGE = 0; with
 *                {E2H,TGE} = {1,1} host EL0 is controlled by its EL0PCTEN [0], EL0VCTEN [1],
 *                EL0VTEN [8], EL0PTEN [9] instead of CNTKCTL_EL1, trapping to EL2.
 * FEAT_VHE also brings the EL2 virtual timer (CNTHV_*), the redirection of the CNTP_*_EL0,
 * CNTV_*_EL0 and CNTKCTL_EL1 encodings to CNTHP_*, CNTHV_* and CNTHCTL_EL2 at EL2 with E2H = 1
 * (and at EL0 with {E2H,TGE} = {1,1}), and the *_EL02/_EL12 aliases that reach the EL1 ones.
 * Every row is UNDEFINED on a vCPU without timers. Counter and status reads end the block
 * (SRF_SYNC) so the next read sees the instructions retired in between.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"
#include "timer/timer_internal.h"

enum { KCTL_EL0PCTEN = 1u << 0, KCTL_EL0VCTEN = 1u << 1, KCTL_EL0VTEN = 1u << 8, KCTL_EL0PTEN = 1u << 9 };
/* Writable bits: CNTKCTL_EL1 [9:0] (with the event stream's EVNTEN/EVNTDIR/EVNTI, timer.c);
 * CNTHCTL_EL2 [7:0], and [11:0] with FEAT_VHE for the E2H = 1 layout (its event stream
 * controls are kept but generate no events). */
#define KCTL_VALID 0x3ffull

/* Which register an encoding reaches now (FEAT_VHE redirection). */
static bool redirected(const struct cpu_state *cpu)
{
    return timer_e2h(cpu) && (cpu->el == 2 || (cpu->el == 0 && timer_e2h_tge(cpu)));
}

static enum sysreg_result trap_if(bool trapped, enum sysreg_result to, const char *bit, const char **why)
{
    if (!trapped)
        return SR_OK;
    *why = bit;
    return to;
}

/*
 * The checks of AArch64 counter/timer accesses from EL0 and EL1 (the EL2 rows have none).
 * kbit: the CNTKCTL_EL1 bit that lets EL0 in; hbit0: the CNTHCTL_EL2 E2H = 1 host-EL0 bit
 * (same position); phys: the access is to the physical counter (EL1PCTEN) or physical timer
 * (EL1PCEN), or neither (virtual ones: no EL2 trap in this profile).
 */
enum phys_kind { PHYS_NONE, PHYS_COUNTER, PHYS_TIMER };
static enum sysreg_result check(struct cpu_state *cpu, uint32_t kbit, const char *kname, enum phys_kind phys,
                                const char **why)
{
    if (!cpu->timer)
        return SR_UNDEF;
    const struct timer_cpu *tc = cpu->timer;
    if (cpu->el == 2)
        return SR_OK;
    if (cpu->el == 0 && timer_e2h_tge(cpu))
        return trap_if(!(tc->cnthctl & kbit), SR_TRAP_EL2, "CNTHCTL_EL2.EL0*EN=0 (E2H=1, TGE=1)", why);
    if (cpu->el == 0 && !(tc->cntkctl & kbit))
        return trap_if(true, SR_TRAP_EL1, kname, why);
    if (phys == PHYS_NONE || !cpu->has_el2)
        return SR_OK;
    unsigned shift = timer_e2h(cpu) ? 10 : 0;
    if (phys == PHYS_COUNTER)
        return trap_if(!((tc->cnthctl >> shift) & 1), SR_TRAP_EL2, "CNTHCTL_EL2.EL1PCTEN=0", why);
    return trap_if(!((tc->cnthctl >> (shift + 1)) & 1), SR_TRAP_EL2, "CNTHCTL_EL2.EL1PCEN=0", why);
}

static enum sysreg_result access_timer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->timer ? SR_OK : SR_UNDEF;
}

/* CNTHV_*: FEAT_VHE. */
static enum sysreg_result access_vhe(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->timer && cpu_has_feature(cpu, FEAT_VHE) ? SR_OK : SR_UNDEF;
}

/* *_EL02 / *_EL12: only at EL2 with E2H = 1. */
static enum sysreg_result access_alias(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->timer && timer_e2h(cpu) ? SR_OK : SR_UNDEF;
}

/* EL0 may read CNTFRQ_EL0 if it may read either counter. */
static enum sysreg_result access_frq(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (!cpu->timer)
        return SR_UNDEF;
    if (cpu->el != 0)
        return SR_OK;
    const uint64_t both = KCTL_EL0PCTEN | KCTL_EL0VCTEN;
    if (timer_e2h_tge(cpu))
        return trap_if(!(cpu->timer->cnthctl & both), SR_TRAP_EL2, "CNTHCTL_EL2.EL0PCTEN=EL0VCTEN=0", why);
    return trap_if(!(cpu->timer->cntkctl & both), SR_TRAP_EL1, "CNTKCTL_EL1.EL0PCTEN=EL0VCTEN=0", why);
}

static enum sysreg_result access_pct(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    return check(cpu, KCTL_EL0PCTEN, "CNTKCTL_EL1.EL0PCTEN=0", PHYS_COUNTER, why);
}

static enum sysreg_result access_vct(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    return check(cpu, KCTL_EL0VCTEN, "CNTKCTL_EL1.EL0VCTEN=0", PHYS_NONE, why);
}

static enum sysreg_result access_ptimer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    return check(cpu, KCTL_EL0PTEN, "CNTKCTL_EL1.EL0PTEN=0", PHYS_TIMER, why);
}

static enum sysreg_result access_vtimer(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    return check(cpu, KCTL_EL0VTEN, "CNTKCTL_EL1.EL0VTEN=0", PHYS_NONE, why);
}

/* The timer a CNT{P,V,HP,HV}_{TVAL,CTL,CVAL} row names: CRm 2 physical, 3 virtual; op1 3 the EL0
 * encodings (the EL2 timers when redirected), 4 the EL2 timers, 5 the _EL02 aliases of the
 * EL1 timers; op2 0 TVAL, 1 CTL, 2 CVAL. */
static enum timer_id timer_of(const struct cpu_state *cpu, const struct sysreg_desc *d)
{
    unsigned op1 = (d->enc >> 11) & 7, crm = (d->enc >> 3) & 15;
    bool el2 = op1 == 4 || (op1 == 3 && redirected(cpu));
    if (crm == 3)
        return el2 ? TIMER_HYPVIRT : TIMER_VIRT;
    return el2 ? TIMER_HYP : TIMER_PHYS;
}

static uint64_t read_timer(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    struct timer_cpu *tc = cpu->timer;
    enum timer_id id = timer_of(cpu, d);
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
    enum timer_id id = timer_of(cpu, d);
    struct timer_one *t = &tc->t[id];
    switch (d->enc & 7) {
    case 0: /* TVAL: CVAL = count + SignExtend(TVAL[31:0]) */
        t->cval = timer_count(tc, id) + (uint64_t)(int64_t)(int32_t)(uint32_t)v;
        break;
    case 1: t->ctl = v & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK); break;
    default: t->cval = v; break;
    }
    timer_update(tc, id);
    cpu->yield = true; /* the deadline may have moved: the machine re-plans (virt.c) */
    return true;
}

static uint64_t read_pct(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return vclock_ticks(cpu->timer->clock); }
/* CNTVCT_EL0: under {E2H,TGE} = {1,1} the virtual offset is zero at EL0 and EL2. */
static uint64_t read_vct(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    uint64_t phys = vclock_ticks(cpu->timer->clock);
    return cpu->el != 1 && timer_e2h_tge(cpu) ? phys : phys - cpu->timer->cntvoff;
}
static uint64_t read_frq(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cntfrq; }
static bool write_frq(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cntfrq = (uint32_t)v; /* bits [63:32] RES0; the counter's rate does not change */
    return true;
}
/* CNTKCTL_EL1's encoding reaches CNTHCTL_EL2 at EL2 with E2H = 1; CNTKCTL_EL12 always
 * CNTKCTL_EL1. */
static bool kctl_is_hctl(const struct cpu_state *cpu, const struct sysreg_desc *d)
{
    return ((d->enc >> 11) & 7) == 0 && cpu->el == 2 && timer_e2h(cpu);
}
static uint64_t hctl_valid(const struct cpu_state *cpu) { return cpu_has_feature(cpu, FEAT_VHE) ? 0xfffull : 0xffull; }
static uint64_t read_hctl(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cnthctl; }
static bool write_hctl(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cnthctl = v & hctl_valid(cpu);
    return true;
}
static uint64_t read_kctl(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    return kctl_is_hctl(cpu, d) ? read_hctl(cpu, d) : cpu->timer->cntkctl;
}
static bool write_kctl(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    if (kctl_is_hctl(cpu, d))
        return write_hctl(cpu, d, v);
    cpu->timer->cntkctl = v & KCTL_VALID;
    cpu->timer->evt_last = timer_count(cpu->timer, TIMER_VIRT); /* no event for the past */
    cpu->yield = true;
    return true;
}
static uint64_t read_voff(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->timer->cntvoff; }
static bool write_voff(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->timer->cntvoff = v;
    timer_update(cpu->timer, TIMER_VIRT); /* the virtual counts moved */
    timer_update(cpu->timer, TIMER_HYPVIRT);
    cpu->yield = true;
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
    T(CNTHV_TVAL_EL2, 4, 3, 0, 2, 2, read_timer, write_timer, access_vhe, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTHV_CTL_EL2, 4, 3, 1, 2, 2, read_timer, write_timer, access_vhe, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTHV_CVAL_EL2, 4, 3, 2, 2, 2, read_timer, write_timer, access_vhe, SRF_NEED_EL2),
    T(CNTKCTL_EL12, 5, 1, 0, 2, 2, read_kctl, write_kctl, access_alias, SRF_NEED_EL2),
    T(CNTP_TVAL_EL02, 5, 2, 0, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTP_CTL_EL02, 5, 2, 1, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTP_CVAL_EL02, 5, 2, 2, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2),
    T(CNTV_TVAL_EL02, 5, 3, 0, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTV_CTL_EL02, 5, 3, 1, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2 | SRF_SYNC),
    T(CNTV_CVAL_EL02, 5, 3, 2, 2, 2, read_timer, write_timer, access_alias, SRF_NEED_EL2),
};

const struct sysreg_table sysreg_timer_table = { "src/timer/timer_sysreg.c", timer_rows,
                                                 sizeof timer_rows / sizeof timer_rows[0] };
