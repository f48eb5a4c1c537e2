/* The GIC's part of a snapshot (util/snap.h): the distributor (GICD_CTLR, every SPI's state and
 * IROUTER) and per CPU interface the redistributor's SGIs/PPIs and GICR_WAKER, the ICC_* state
 * and the ICH_* virtualization state. The highest-priority pending interrupts and the vCPUs'
 * lines are derived: gic_update() recomputes them after a load. */
#include "gic/gic_internal.h"

#include <stdio.h>

#include "util/snap.h"

static void snap_irq(struct snap *s, struct gic_irq *q)
{
    SNAP(s, q->prio);
    SNAP(s, q->enabled);
    SNAP(s, q->latch);
    SNAP(s, q->line);
    SNAP(s, q->active);
    SNAP(s, q->group1);
    SNAP(s, q->edge);
}

void gic_snap(struct snap *s, struct gic *gic)
{
    snap_begin(s, "gicd");
    snap_check_u64(s, "GIC CPU interfaces", gic->ncpus);
    snap_check_u64(s, "GIC interrupts", gic->nirq);
    SNAP(s, gic->ctlr);
    for (unsigned i = 0; i + 32 < gic->nirq; i++) {
        snap_irq(s, &gic->spi[i]);
        SNAP(s, gic->irouter[i]);
    }
    snap_end(s);
    for (unsigned c = 0; c < gic->ncpus; c++) {
        struct gic_cpuif *cs = &gic->cpu[c];
        char tag[SNAP_TAG_MAX];
        snprintf(tag, sizeof tag, "gicr%u", c);
        snap_begin(s, tag);
        for (unsigned i = 0; i < 32; i++)
            snap_irq(s, &cs->priv[i]);
        SNAP(s, cs->waker);
        SNAP(s, cs->pmr);
        SNAP(s, cs->bpr);
        SNAP(s, cs->ctlr);
        SNAP(s, cs->apr);
        SNAP(s, cs->igrpen);
        SNAP(s, cs->ich_hcr);
        SNAP(s, cs->ich_vmcr);
        SNAP(s, cs->ich_lr);
        SNAP(s, cs->ich_apr);
        snap_end(s);
    }
    if (s->load && !s->failed)
        gic_update(gic);
}
