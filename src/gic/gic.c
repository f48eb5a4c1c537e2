/*
 * GIC creation, input lines, and the one place that decides what each CPU interface signals:
 * gic_update() finds every vCPU's highest-priority pending interrupt (HPPI) and drives its
 * IRQ/FIQ lines (IHI 0069 4.7 "Interrupt prioritization", 4.8 "Preemption").
 */
#include "gic/gic_internal.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"

/* Defined by gic_dist.c and gic_redist.c. */
extern const struct mmio_ops gic_dist_ops, gic_redist_ops;

struct gic_irq *gic_irq_of(struct gic_cpuif *cs, unsigned intid)
{
    if (intid < 32)
        return &cs->priv[intid];
    if (intid < cs->gic->nirq)
        return &cs->gic->spi[intid - 32];
    return NULL;
}

/* An interrupt can be forwarded to cs: pending, enabled, not active, its group enabled in the
 * distributor and at the CPU interface, and the redistributor awake (GICR_WAKER.ProcessorSleep
 * = 0: a sleeping PE's redistributor does not forward, IHI 0069 11.1). */
static bool forwardable(const struct gic *gic, const struct gic_cpuif *cs, const struct gic_irq *q)
{
    unsigned grp = q->group1 ? GIC_G1 : GIC_G0;
    return gic_irq_pending(q) && q->enabled && !q->active && (gic->ctlr & (1u << grp)) && cs->igrpen[grp];
}

/* The vCPU an SPI goes to, or -1. IROUTER.IRM = 0: the vCPU whose affinity matches. IRM = 1
 * (1 of N): the lowest-numbered vCPU that could take it now, so the choice is deterministic. */
static int spi_target(const struct gic *gic, unsigned n)
{
    uint64_t r = gic->irouter[n];
    const struct gic_irq *q = &gic->spi[n];
    for (unsigned i = 0; i < gic->ncpus; i++) {
        const struct gic_cpuif *cs = &gic->cpu[i];
        if (r & GICD_IROUTER_IRM) {
            if (!(cs->waker & GICR_WAKER_SLEEP) && forwardable(gic, cs, q))
                return (int)i;
        } else if ((r & 0xff00ffffffull) == cs->affinity) {
            return (int)i;
        }
    }
    return -1;
}

static void consider(struct gic_hppi *best, unsigned intid, const struct gic_irq *q)
{
    /* Equal priorities: the lower INTID wins (IMPLEMENTATION DEFINED; QEMU does the same). */
    if (best->intid == GIC_SPURIOUS || q->prio < best->prio) {
        best->intid = intid;
        best->prio = q->prio;
        best->grp = q->group1 ? GIC_G1 : GIC_G0;
    }
}

static void update_cpu(struct gic_cpuif *cs, const int *spi_to)
{
    struct gic *gic = cs->gic;
    struct gic_hppi best = { GIC_SPURIOUS, GIC_IDLE_PRIO, GIC_G0 };
    /* The maintenance interrupt is a level PPI driven by the virtual interface's state. */
    struct gic_irq *mq = &cs->priv[GIC_MAINT_INTID];
    bool maint = gic_virt_maint_level(cs);
    if (maint != mq->line) {
        mq->line = maint;
        if (maint && mq->edge)
            mq->latch = true;
    }
    if (!(cs->waker & GICR_WAKER_SLEEP)) {
        for (unsigned i = 0; i < 32; i++)
            if (forwardable(gic, cs, &cs->priv[i]))
                consider(&best, i, &cs->priv[i]);
        for (unsigned n = 0; n < gic->nirq - 32; n++)
            if (spi_to[n] == (int)cs->index && forwardable(gic, cs, &gic->spi[n]))
                consider(&best, n + 32, &gic->spi[n]);
    }
    cs->hppi = best;
    bool sig = best.intid != GIC_SPURIOUS && gic_hppi_can_preempt(cs);
    /* One Security state: Group 0 is FIQ, Group 1 is IRQ (IHI 0069 4.6.1). */
    cpu_set_irq_line(cs->cpu, EXC_FIQ, sig && best.grp == GIC_G0);
    cpu_set_irq_line(cs->cpu, EXC_IRQ, sig && best.grp == GIC_G1);
    gic_virt_update(cs);
}

void gic_update(struct gic *gic)
{
    int spi_to[1024 - 32];
    for (unsigned n = 0; n < gic->nirq - 32; n++)
        spi_to[n] = spi_target(gic, n);
    for (unsigned i = 0; i < gic->ncpus; i++)
        update_cpu(&gic->cpu[i], spi_to);
}

/* An input line changed. Edge-triggered: a rising edge sets the latch. */
static void set_input(struct gic *gic, struct gic_irq *q, bool level)
{
    if (level == q->line)
        return;
    q->line = level;
    if (level && q->edge)
        q->latch = true;
    gic_update(gic);
}

static void spi_input(void *opaque, int line, int level)
{
    struct gic *gic = opaque;
    if (line >= 32 && (unsigned)line < gic->nirq)
        set_input(gic, &gic->spi[line - 32], level != 0);
}

static void ppi_input(void *opaque, int line, int level)
{
    struct gic_cpuif *cs = opaque;
    if (line >= 16 && line < 32)
        set_input(cs->gic, &cs->priv[line], level != 0);
}

struct irq_line gic_spi_line(struct gic *gic, unsigned intid)
{
    struct irq_line l = { spi_input, gic, (int)intid };
    return l;
}

struct irq_line gic_ppi_line(struct gic *gic, unsigned cpu, unsigned intid)
{
    struct irq_line l = { ppi_input, &gic->cpu[cpu < gic->ncpus ? cpu : 0], (int)intid };
    return l;
}

static void reset_irq(struct gic_irq *q, bool edge)
{
    /* Reset: Group 0, disabled, priority 0, inactive (IHI 0069 12.9); the input line keeps its
     * level, since the device driving it is reset separately. */
    bool line = q->line;
    memset(q, 0, sizeof *q);
    q->line = line;
    q->edge = edge;
}

void gic_reset(struct gic *gic)
{
    gic->ctlr = 0;
    for (unsigned n = 0; n < gic->nirq - 32; n++) {
        reset_irq(&gic->spi[n], false);
        gic->irouter[n] = 0;
    }
    for (unsigned i = 0; i < gic->ncpus; i++) {
        struct gic_cpuif *cs = &gic->cpu[i];
        /* SGIs are always edge-triggered (ICFGR0 is RAO/WI); PPIs reset to level. */
        for (unsigned k = 0; k < 32; k++)
            reset_irq(&cs->priv[k], k < 16);
        cs->waker = GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP;
        cs->pmr = 0;
        cs->bpr[GIC_G0] = GIC_MIN_BPR0;
        cs->bpr[GIC_G1] = GIC_MIN_BPR1;
        cs->ctlr = 0;
        cs->apr[0] = cs->apr[1] = 0;
        cs->igrpen[0] = cs->igrpen[1] = false;
        gic_virt_reset(cs);
    }
    gic_update(gic);
}

void gic_wake_redistributors(struct gic *gic)
{
    for (unsigned i = 0; i < gic->ncpus; i++)
        gic->cpu[i].waker = 0;
    gic_update(gic);
}

struct gic *gic_create(struct bus *bus, uint64_t dist_base, uint64_t redist_base,
                       struct cpu_state *const *cpus, unsigned ncpus, unsigned nirq)
{
    if (ncpus < 1 || ncpus > GIC_MAX_CPUS || nirq < 64 || nirq > 1020 || nirq % 32)
        return NULL;
    struct gic *gic = calloc(1, sizeof *gic);
    if (!gic)
        return NULL;
    gic->bus = bus;
    gic->ncpus = ncpus;
    gic->nirq = nirq;
    gic->spi = calloc(nirq - 32, sizeof *gic->spi);
    gic->irouter = calloc(nirq - 32, sizeof *gic->irouter);
    if (!gic->spi || !gic->irouter)
        goto fail;
    for (unsigned i = 0; i < ncpus; i++) {
        struct gic_cpuif *cs = &gic->cpu[i];
        cs->gic = gic;
        cs->cpu = cpus[i];
        cs->index = i;
        /* MPIDR_EL1 is 1 << 31 | index (sysreg_traps.h): Aff0 = index. */
        cs->affinity = i;
    }
    if (bus_add_mmio(bus, "gic-dist", dist_base, GIC_DIST_SIZE, &gic_dist_ops, gic) != A64_OK)
        goto fail;
    for (unsigned i = 0; i < ncpus; i++)
        if (bus_add_mmio(bus, "gic-redist", redist_base + i * GIC_REDIST_STRIDE, GIC_REDIST_STRIDE,
                         &gic_redist_ops, &gic->cpu[i]) != A64_OK)
            goto fail;
    for (unsigned i = 0; i < ncpus; i++) {
        cpus[i]->gic = &gic->cpu[i];
        cpu_attach_irq_source(cpus[i]);
    }
    gic_reset(gic);
    return gic;
fail:
    gic_destroy(gic);
    return NULL;
}

void gic_destroy(struct gic *gic)
{
    if (!gic)
        return;
    for (unsigned i = 0; i < gic->ncpus; i++)
        if (gic->cpu[i].cpu && gic->cpu[i].cpu->gic == &gic->cpu[i])
            gic->cpu[i].cpu->gic = NULL;
    free(gic->spi);
    free(gic->irouter);
    free(gic);
}
