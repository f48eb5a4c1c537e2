/*
 * The monitor's interrupt views (monitor_internal.h): info gic (state by INTID and vCPU, the list
 * registers), info gic INTID (why it is not being delivered, check by check in the order the
 * GICv3 architecture (IHI 0069 4.1, 4.8) and the Arm ARM (D1.3.6, masking and routing) apply
 * them), and info timers. They read the GIC's and timers' internal state, never their register
 * interfaces, so looking changes nothing (an ICC_IAR read would acknowledge).
 */
#include <inttypes.h>

#include "cpu/cpu.h"
#include "frontend/monitor_internal.h"
#include "gic/gic_internal.h"
#include "timer/timer_internal.h"

static const char *const group_names[] = { "Group 0 (FIQ)", "Group 1 (IRQ)" };
static const char *const lr_states[] = { "invalid", "pending", "active", "pending+active" };

static const char *intid_kind(unsigned intid) { return intid < 16 ? "SGI" : intid < 32 ? "PPI" : "SPI"; }

static void irq_line(struct mon_out *o, unsigned intid, const char *who, const struct gic_irq *q)
{
    mon_put(o, "  INTID %3u %s %-6s %s%s%s%s, %s, priority 0x%02x%s\n", intid, intid_kind(intid), who,
            q->enabled ? "enabled" : "disabled", gic_irq_pending(q) ? ", pending" : "", q->active ? ", active" : "",
            q->edge ? " (edge)" : " (level)", group_names[q->group1], q->prio, q->line ? ", line high" : "");
}

static void virt_lines(struct mon_out *o, const struct gic_cpuif *cs)
{
    mon_put(o, "  vCPU %u virtual interface: ICH_HCR_EL2.En=%u, ICH_VMCR_EL2 VENG0=%u VENG1=%u VPMR=0x%02x\n", cs->index,
            (unsigned)(cs->ich_hcr & 1), (unsigned)(cs->ich_vmcr & 1), (unsigned)(cs->ich_vmcr >> 1 & 1),
            (unsigned)(cs->ich_vmcr >> 24 & 0xff));
    for (unsigned i = 0; i < GIC_NLR; i++) {
        uint64_t lr = cs->ich_lr[i];
        if (!(lr >> 62))
            continue;
        mon_put(o, "    ICH_LR%u_EL2 = 0x%016" PRIx64 ": vINTID %u %s, %s, priority 0x%02x%s\n", i, lr, (unsigned)(uint32_t)lr,
                lr_states[lr >> 62], group_names[lr >> 60 & 1], (unsigned)(lr >> 48 & 0xff),
                lr >> 61 & 1 ? ", HW (linked to a physical INTID)" : "");
    }
}

static void gic_overview(struct mon_ctx *c, struct gic *g)
{
    mon_put(c->o, "GIC distributor: EnableGrp0=%u EnableGrp1=%u, %u INTIDs; interrupts not idle:\n",
            g->ctlr & GICD_CTLR_EN_G0 ? 1u : 0u, g->ctlr & GICD_CTLR_EN_G1 ? 1u : 0u, g->nirq);
    unsigned shown = 0;
    for (unsigned v = 0; v < g->ncpus; v++)
        for (unsigned i = 0; i < 32; i++) {
            const struct gic_irq *q = &g->cpu[v].priv[i];
            if (q->enabled || gic_irq_pending(q) || q->active) {
                char who[24];
                snprintf(who, sizeof who, "vCPU%u", v);
                irq_line(c->o, i, who, q);
                shown++;
            }
        }
    for (unsigned i = 32; i < g->nirq; i++) {
        const struct gic_irq *q = &g->spi[i - 32];
        if (q->enabled || gic_irq_pending(q) || q->active) {
            irq_line(c->o, i, "", q);
            shown++;
        }
    }
    if (!shown)
        mon_put(c->o, "  (none: every interrupt is disabled, not pending and not active)\n");
    for (unsigned v = 0; v < g->ncpus; v++) {
        const struct gic_cpuif *cs = &g->cpu[v];
        char hppi[32] = "none";
        if (cs->hppi.intid != GIC_SPURIOUS)
            snprintf(hppi, sizeof hppi, "INTID %u", cs->hppi.intid);
        mon_put(c->o, "  vCPU %u CPU interface: ICC_PMR=0x%02x running priority 0x%02x IGRPEN0=%u IGRPEN1=%u, "
                      "highest pending: %s\n",
                v, cs->pmr, gic_running_prio(cs), cs->igrpen[0], cs->igrpen[1], hppi);
        virt_lines(c->o, cs);
    }
}

/* Why is intid not taken by the vCPU? Every failing condition, first the GIC's, then the CPU's. */
static void why_not(struct mon_ctx *c, struct gic *g, unsigned intid)
{
    struct cpu_state *cpu = c->cpu;
    struct gic_cpuif *cs = cpu->gic;
    unsigned reasons = 0;
#define WHY(...) (reasons++, mon_put(c->o, "  - " __VA_ARGS__))
    /* A virtual interrupt in a list register: the virtual CPU interface's rules. */
    for (unsigned i = 0; i < GIC_NLR; i++) {
        uint64_t lr = cs->ich_lr[i];
        if (!(lr >> 62) || (uint32_t)lr != intid)
            continue;
        mon_put(c->o, "vINTID %u is in ICH_LR%u_EL2 of vCPU %u (%s): as a virtual interrupt for EL1\n", intid, i,
                cpu->index, lr_states[lr >> 62]);
        unsigned grp = lr >> 60 & 1;
        if (!(lr >> 62 & 1))
            WHY("it is not pending (State=%s): nothing to deliver\n", lr_states[lr >> 62]);
        if (!(cs->ich_hcr & 1))
            WHY("ICH_HCR_EL2.En=0: the virtual CPU interface is disabled\n");
        if (!(cs->ich_vmcr >> grp & 1))
            WHY("ICH_VMCR_EL2.VENG%u=0: the guest has not enabled virtual Group %u (ICC_IGRPEN%u_EL1)\n", grp, grp, grp);
        if ((lr >> 48 & 0xff) >= (cs->ich_vmcr >> 24 & 0xff))
            WHY("priority 0x%02x is not higher than the virtual priority mask VPMR 0x%02x\n", (unsigned)(lr >> 48 & 0xff),
                (unsigned)(cs->ich_vmcr >> 24 & 0xff));
        if (!(cpu->sr.hcr_el2 >> (grp ? 4 : 3) & 1))
            WHY("HCR_EL2.%s=0: virtual %s exist only while the physical ones are routed to EL2\n", grp ? "IMO" : "FMO",
                grp ? "IRQs" : "FIQs");
        if (cpu->el == 2)
            WHY("the vCPU is at EL2: a virtual interrupt is taken only at EL1 or EL0 (after the ERET)\n");
        else if (cpu->daif & (grp ? 1u << 7 : 1u << 6))
            WHY("PSTATE.%c=1 at EL%u: the guest masks %s\n", grp ? 'I' : 'F', cpu->el, grp ? "IRQs" : "FIQs");
        if (!reasons)
            mon_put(c->o, "  nothing stops it: it is taken at the next instruction boundary of vCPU %u\n", cpu->index);
        return;
    }
    struct gic_irq *q = gic_irq_of(cs, intid);
    if (!q) {
        mon_put(c->o, "info gic: INTID %u is not implemented (SGIs 0-15, PPIs 16-31, SPIs 32-%u)\n", intid, g->nirq - 1);
        return;
    }
    mon_put(c->o, "INTID %u (%s) for vCPU %u:\n", intid, intid_kind(intid), cpu->index);
    unsigned grp = q->group1;
    if (!gic_irq_pending(q))
        WHY("it is not pending: %s\n", q->edge ? "no edge since it was last acknowledged" : "its line is low");
    if (q->active)
        WHY("it is active: the handler has acknowledged it and not yet ended it (EOI/DIR)\n");
    if (!q->enabled)
        WHY("it is disabled (GIC%s_ISENABLER)\n", intid < 32 ? "R" : "D");
    if (!(g->ctlr & (grp ? GICD_CTLR_EN_G1 : GICD_CTLR_EN_G0)))
        WHY("GICD_CTLR.EnableGrp%u=0: the distributor forwards no %s interrupt\n", grp, group_names[grp]);
    if (intid >= 32) {
        uint64_t r = g->irouter[intid - 32];
        if (!(r & GICD_IROUTER_IRM) && (r & 0xff00ffffffull) != cs->affinity)
            WHY("GICD_IROUTER%u routes it to affinity 0x%" PRIx64 ", not this vCPU's 0x%" PRIx64 "\n", intid,
                (uint64_t)(r & 0xff00ffffffull), cs->affinity);
    }
    if (!cs->igrpen[grp])
        WHY("ICC_IGRPEN%u_EL1=0: this CPU interface has not enabled %s\n", grp, group_names[grp]);
    if (q->prio >= cs->pmr)
        WHY("priority 0x%02x is not higher (numerically lower) than the mask ICC_PMR_EL1=0x%02x\n", q->prio, cs->pmr);
    uint8_t rp = gic_running_prio(cs);
    uint32_t mask = gic_gprio_mask(cs, (enum gic_group)grp);
    if (rp != GIC_IDLE_PRIO && (q->prio & mask) >= (rp & mask))
        WHY("its group priority 0x%02x does not preempt the running priority 0x%02x (an active interrupt)\n",
            q->prio & mask, rp);
    if (!reasons && cs->hppi.intid != intid && cs->hppi.intid != GIC_SPURIOUS)
        WHY("INTID %u (priority 0x%02x) is pending at a higher priority and goes first\n", cs->hppi.intid, cs->hppi.prio);
    /* The CPU: which EL takes it, and whether PSTATE masks it there. */
    unsigned route_bit = grp ? 4 : 3; /* HCR_EL2.IMO / FMO */
    bool to_el2 = cpu->has_el2 && ((cpu->sr.hcr_el2 >> route_bit & 1) || (cpu->sr.hcr_el2 >> 27 & 1));
    if (to_el2 && cpu->el < 2)
        mon_put(c->o, "  note: HCR_EL2.%s routes physical %s to EL2: the hypervisor takes it, the guest at EL%u "
                      "sees it only if it is injected through a list register\n",
                grp ? "IMO" : "FMO", grp ? "IRQs" : "FIQs", cpu->el);
    else if (!to_el2 && cpu->el == 2)
        WHY("it targets EL1 (HCR_EL2.%s=0) and the vCPU is at EL2: it waits for a return to EL1\n", grp ? "IMO" : "FMO");
    else if (cpu->daif & (grp ? 1u << 7 : 1u << 6))
        WHY("PSTATE.%c=1: EL%u masks %s\n", grp ? 'I' : 'F', cpu->el, grp ? "IRQs" : "FIQs");
    if (!reasons)
        mon_put(c->o, "  nothing stops it: it is signalled as %s and taken at the next instruction boundary\n",
                grp ? "IRQ" : "FIQ");
#undef WHY
}

void mon_cmd_info_gic(struct mon_ctx *c)
{
    struct gic_cpuif *cs = c->cpu->gic;
    if (!cs) {
        mon_put(c->o, "info gic: this machine has no GIC\n");
        return;
    }
    struct gic *g = cs->gic;
    if (c->argc == 1) {
        gic_overview(c, g);
        return;
    }
    uint64_t intid;
    if (c->argc != 2 || !mon_number(c, c->argv[1], &intid))
        return;
    if (intid >= 1020) {
        mon_put(c->o, "info gic: INTID %" PRIu64 " is not an interrupt (0-1019; 1020-1023 are special)\n", intid);
        return;
    }
    why_not(c, g, (unsigned)intid);
}

/* ---- info timers ---- */

static const char *const timer_names[TIMER_COUNT] = {
    "EL1 physical (CNTP)", "EL1 virtual (CNTV)", "EL2 physical (CNTHP)", "EL2 virtual (CNTHV)",
};
static const unsigned timer_ppis[TIMER_COUNT] = { TIMER_PPI_PHYS, TIMER_PPI_VIRT, TIMER_PPI_HYP, TIMER_PPI_HYPVIRT };

void mon_cmd_info_timers(struct mon_ctx *c)
{
    if (c->argc != 1) {
        mon_put(c->o, "info timers: takes no arguments\n");
        return;
    }
    for (unsigned v = 0; v < mon_cpu_count(c->cpu); v++) {
        struct timer_cpu *tc = mon_cpu(c->cpu, v)->timer;
        if (!tc) {
            mon_put(c->o, "info timers: this machine has no generic timer\n");
            return;
        }
        uint64_t phys = timer_count(tc, TIMER_PHYS);
        mon_put(c->o, "vCPU %u: CNTPCT=%" PRIu64 " (%" PRIu64 " Hz: %llu ns per tick), CNTVOFF_EL2=0x%" PRIx64
                      " so CNTVCT=%" PRIu64 "\n",
                v, phys, tc->cntfrq, TIMER_NS_PER_TICK, tc->cntvoff, timer_count(tc, TIMER_VIRT));
        for (unsigned id = 0; id < TIMER_COUNT; id++) {
            const struct timer_one *t = &tc->t[id];
            if (id == TIMER_HYPVIRT && !cpu_has_feature(tc->cpu, FEAT_VHE))
                continue;
            uint64_t now = timer_count(tc, (enum timer_id)id);
            bool ist = timer_istatus(tc, (enum timer_id)id);
            mon_put(c->o, "  %-21s PPI %u: ENABLE=%u IMASK=%u ISTATUS=%u CVAL=%" PRIu64, timer_names[id], timer_ppis[id],
                    (unsigned)(t->ctl & TIMER_CTL_ENABLE), (unsigned)(t->ctl >> 1 & 1), ist, t->cval);
            if (!(t->ctl & TIMER_CTL_ENABLE))
                mon_put(c->o, " (disabled)\n");
            else if (t->cval > now)
                mon_put(c->o, ": fires in %" PRIu64 " ticks (%" PRIu64 " ns)%s\n", t->cval - now,
                        (t->cval - now) > UINT64_MAX / TIMER_NS_PER_TICK ? UINT64_MAX : (uint64_t)((t->cval - now) * TIMER_NS_PER_TICK),
                        t->ctl & TIMER_CTL_IMASK ? ", masked" : "");
            else
                mon_put(c->o, ": condition met %" PRIu64 " ticks ago; %s\n", now - t->cval,
                        t->ctl & TIMER_CTL_IMASK ? "IMASK=1 keeps its interrupt low" : "its interrupt is asserted");
        }
    }
}
