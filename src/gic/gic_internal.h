/*
 * GIC state shared by the distributor (gic_dist.c), the redistributors (gic_redist.c), the
 * physical CPU interface (gic_cpuif.c, gic_sysreg.c) and the virtual one (gic_virt.c).
 *
 * Priorities: 5 bits implemented (values are multiples of 8, as QEMU's GICv3 and ICH_VTR_EL2
 * say), so 32 preemption levels and one 32-bit active-priorities register per group (AP0R0,
 * AP1R0; AP<n>R1..3 are not implemented, hence UNDEFINED).
 */
#ifndef A64EMU_GIC_GIC_INTERNAL_H
#define A64EMU_GIC_GIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/gic.h"

#define GIC_PRIBITS 5
#define GIC_PRIO_MASK 0xf8u          /* implemented priority bits */
#define GIC_MIN_BPR0 (7 - GIC_PRIBITS) /* 2: group priority = all 5 bits */
#define GIC_MIN_BPR1 (GIC_MIN_BPR0 + 1)
#define GIC_IDLE_PRIO 0xffu
#define GIC_SPURIOUS 1023u
#define GIC_NLR 4                    /* ICH_VTR_EL2.ListRegs + 1 */
#define GIC_MAINT_INTID 25u          /* the maintenance interrupt PPI, as QEMU virt */

enum gic_group { GIC_G0 = 0, GIC_G1 = 1 };

/* One interrupt's state (IHI 0069 4.1). `latch` is the pending state set by an edge or by
 * ISPENDR; a level-sensitive interrupt is pending while its line is high or its latch is set. */
struct gic_irq {
    uint8_t prio;
    bool enabled, latch, line, active, group1, edge;
};

static inline bool gic_irq_pending(const struct gic_irq *q)
{
    return q->latch || (!q->edge && q->line);
}

/* The highest-priority pending interrupt a CPU interface sees (intid GIC_SPURIOUS: none). */
struct gic_hppi {
    unsigned intid;
    uint8_t prio;
    enum gic_group grp;
};

struct gic_cpuif {
    struct gic *gic;
    struct cpu_state *cpu;
    unsigned index;
    uint64_t affinity;     /* MPIDR Aff3:Aff2:Aff1:Aff0 as in IROUTER (Aff3 at 39:32) */
    struct gic_irq priv[32]; /* SGIs and PPIs, in the redistributor */
    uint32_t waker;        /* GICR_WAKER: ProcessorSleep (1), ChildrenAsleep (2) */
    /* ICC_* state */
    uint8_t pmr, bpr[2];
    uint32_t ctlr;         /* CBPR, EOImode (the writable bits) */
    uint32_t apr[2];       /* AP0R0, AP1R0 */
    bool igrpen[2];
    struct gic_hppi hppi;  /* recomputed by gic_update */
    /* ICH_* state (gic_virt.c) */
    uint64_t ich_hcr, ich_vmcr, ich_lr[GIC_NLR];
    uint32_t ich_apr[2];
};

struct gic {
    struct bus *bus;
    unsigned ncpus, nirq;
    uint32_t ctlr;         /* GICD_CTLR: EnableGrp0 (0), EnableGrp1 (1); ARE and DS read as 1 */
    struct gic_irq *spi;   /* nirq - 32 entries, SPI n at spi[n - 32] */
    uint64_t *irouter;     /* GICD_IROUTER<n>, same indexing */
    struct gic_cpuif cpu[GIC_MAX_CPUS];
};

/* GICD_CTLR bits. */
enum { GICD_CTLR_EN_G0 = 1u << 0, GICD_CTLR_EN_G1 = 1u << 1, GICD_CTLR_ARE = 1u << 4,
       GICD_CTLR_DS = 1u << 6 };
#define GICD_IROUTER_IRM (1ull << 31)
/* ICC_CTLR_EL1 writable bits. */
enum { ICC_CTLR_CBPR = 1u << 0, ICC_CTLR_EOIMODE = 1u << 1 };
enum { GICR_WAKER_SLEEP = 1u << 1, GICR_WAKER_ASLEEP = 1u << 2 };

/* The interrupt `intid` as seen from CPU interface cs (private ones are cs's), or NULL if it is
 * not implemented. */
struct gic_irq *gic_irq_of(struct gic_cpuif *cs, unsigned intid);

/* Recompute every CPU interface's HPPI and its IRQ/FIQ (and virtual) outputs. Called after any
 * state change; the work is a scan of at most 8 x 288 interrupts, and changes are rare next to
 * instructions. */
void gic_update(struct gic *gic);

/* Physical CPU interface operations (gic_cpuif.c), used by the ICC_* rows and the tests. */
uint32_t gic_gprio_mask(const struct gic_cpuif *cs, enum gic_group grp);
uint8_t gic_running_prio(const struct gic_cpuif *cs);
bool gic_hppi_can_preempt(const struct gic_cpuif *cs);
unsigned gic_ack(struct gic_cpuif *cs, enum gic_group grp);       /* ICC_IAR<g> */
unsigned gic_hppir(const struct gic_cpuif *cs, enum gic_group grp); /* ICC_HPPIR<g> */
void gic_eoi(struct gic_cpuif *cs, enum gic_group grp, unsigned intid); /* ICC_EOIR<g> */
void gic_dir(struct gic_cpuif *cs, unsigned intid);                /* ICC_DIR */
/* ICC_SGI0R/SGI1R/ASGI1R: `grp` is the group the write generates. */
void gic_send_sgi(struct gic_cpuif *cs, uint64_t value, enum gic_group grp);
/* Deactivate a physical interrupt (ICC_DIR, or a virtual EOI with ICH_LR.HW). */
void gic_deactivate(struct gic_cpuif *cs, unsigned intid);

/* Virtual CPU interface (gic_virt.c): outputs computed by gic_update. */
void gic_virt_update(struct gic_cpuif *cs);
bool gic_virt_maint_level(const struct gic_cpuif *cs);
void gic_virt_reset(struct gic_cpuif *cs);

#endif
