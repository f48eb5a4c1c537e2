/*
 * The physical CPU interface's state machine (IHI 0069 4.7-4.8, 12.2 pseudocode): group priority
 * from the binary point, running priority from the active-priorities registers, acknowledge,
 * priority drop and deactivation (split by ICC_CTLR_EL1.EOImode), and SGI generation.
 *
 * One Security state and no EL3: Group 1 behaves as Non-secure Group 1, the way QEMU's virt
 * board runs without EL3 (BPR1 has a minimum one above BPR0's and counts one bit less).
 */
#include "gic/gic_internal.h"

#include "cpu/cpu.h"

/* Group-priority mask for group grp (ICC_CTLR_EL1.CBPR makes Group 1 use BPR0). With BPR1 = n a
 * Non-secure Group 1 priority is split like BPR0 = n - 1 (IHI 0069 4.8.3). */
uint32_t gic_gprio_mask(const struct gic_cpuif *cs, enum gic_group grp)
{
    unsigned bpr;
    if (grp == GIC_G1 && !(cs->ctlr & ICC_CTLR_CBPR))
        bpr = cs->bpr[GIC_G1] - 1u;
    else
        bpr = cs->bpr[GIC_G0];
    return (0xffu << (bpr + 1)) & 0xffu;
}

/* Running priority: the group priority of the highest active level, from AP0R0/AP1R0 (bit n is
 * group priority n << 3), or idle. */
uint8_t gic_running_prio(const struct gic_cpuif *cs)
{
    uint32_t any = cs->apr[0] | cs->apr[1];
    if (!any)
        return GIC_IDLE_PRIO;
    return (uint8_t)(__builtin_ctz(any) << (8 - GIC_PRIBITS));
}

/* Can the HPPI be signalled: above the priority mask, and its group priority above the running
 * priority (preemption). */
bool gic_hppi_can_preempt(const struct gic_cpuif *cs)
{
    if (cs->hppi.intid == GIC_SPURIOUS || cs->hppi.prio >= cs->pmr)
        return false;
    uint8_t rprio = gic_running_prio(cs);
    if (rprio == GIC_IDLE_PRIO)
        return true;
    uint32_t mask = gic_gprio_mask(cs, cs->hppi.grp);
    return (cs->hppi.prio & mask) < (rprio & mask);
}

unsigned gic_hppir(const struct gic_cpuif *cs, enum gic_group grp)
{
    return cs->hppi.intid != GIC_SPURIOUS && cs->hppi.grp == grp ? cs->hppi.intid : GIC_SPURIOUS;
}

/* Acknowledge: the HPPI of this group, if it can be signalled, becomes active (and stays
 * pending if it is a level-sensitive interrupt whose line is still high); its group priority
 * becomes the running priority. Otherwise 1023 (spurious) and nothing changes. */
unsigned gic_ack(struct gic_cpuif *cs, enum gic_group grp)
{
    if (!gic_hppi_can_preempt(cs) || cs->hppi.grp != grp)
        return GIC_SPURIOUS;
    unsigned intid = cs->hppi.intid;
    struct gic_irq *q = gic_irq_of(cs, intid);
    q->latch = false;
    q->active = true;
    unsigned bit = (cs->hppi.prio & gic_gprio_mask(cs, grp)) >> (8 - GIC_PRIBITS);
    cs->apr[grp] |= 1u << bit;
    gic_update(cs->gic);
    return intid;
}

void gic_deactivate(struct gic_cpuif *cs, unsigned intid)
{
    struct gic_irq *q = gic_irq_of(cs, intid);
    if (q && q->active) {
        q->active = false;
        gic_update(cs->gic);
    }
}

/* EOI: drop the running priority (the highest active level, which must belong to this group,
 * else the write is ignored, as QEMU), and with EOImode = 0 deactivate the INTID as well. INTIDs
 * 1020-1023 and unimplemented ones are ignored (IHI 0069 12.2.9). */
void gic_eoi(struct gic_cpuif *cs, enum gic_group grp, unsigned intid)
{
    if (intid >= cs->gic->nirq)
        return;
    uint32_t any = cs->apr[0] | cs->apr[1];
    if (!any)
        return;
    uint32_t low = any & -any;
    if (!(cs->apr[grp] & low))
        return;
    cs->apr[grp] &= ~low;
    if (!(cs->ctlr & ICC_CTLR_EOIMODE))
        gic_deactivate(cs, intid);
    gic_update(cs->gic);
}

/* ICC_DIR_EL1: only meaningful with EOImode = 1 (otherwise UNPREDICTABLE; ignored, as QEMU). */
void gic_dir(struct gic_cpuif *cs, unsigned intid)
{
    if ((cs->ctlr & ICC_CTLR_EOIMODE) && intid < cs->gic->nirq)
        gic_deactivate(cs, intid);
}

/*
 * ICC_SGI<0|1>R_EL1 / ICC_ASGI1R_EL1 (IHI 0069 12.2.19): INTID [27:24], TargetList [15:0],
 * Aff1 [23:16], Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48]. IRM = 1: every PE but this
 * one. A target pends the SGI only if that SGI is configured in the generated group (one
 * Security state: SGI0R and ASGI1R generate Group 0, SGI1R Group 1, as QEMU and KVM).
 */
void gic_send_sgi(struct gic_cpuif *cs, uint64_t value, enum gic_group grp)
{
    struct gic *gic = cs->gic;
    unsigned intid = (value >> 24) & 0xf;
    bool irm = (value >> 40) & 1;
    uint64_t aff321 = ((value >> 48) & 0xff) << 32 | ((value >> 32) & 0xff) << 16 | ((value >> 16) & 0xff) << 8;
    unsigned rs = (value >> 44) & 0xf;
    for (unsigned i = 0; i < gic->ncpus; i++) {
        struct gic_cpuif *t = &gic->cpu[i];
        if (irm) {
            if (t == cs)
                continue;
        } else {
            if ((t->affinity & ~0xffull) != aff321)
                continue;
            unsigned aff0 = t->affinity & 0xff;
            if (aff0 / 16 != rs || !((value >> (aff0 % 16)) & 1))
                continue;
        }
        struct gic_irq *q = &t->priv[intid];
        if ((q->group1 ? GIC_G1 : GIC_G0) == grp)
            q->latch = true;
    }
    gic_update(gic);
}
