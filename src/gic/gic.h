/*
 * GICv3 (IHI 0069): a distributor, one redistributor per vCPU and the ICC_* system-register CPU
 * interface, with the ICH_* and ICV_* virtualization interface. As QEMU's virt board without EL3,
 * the GIC supports one Security state (GICD_CTLR.DS = 1, RAO/WI): Group 0 is signalled as FIQ,
 * Group 1 as IRQ, and affinity routing is always on (ARE RAO/WI, no GICv2 legacy).
 *
 * Embedding contract: the machine creates the vCPUs, then the GIC with gic_create(), which maps
 * the distributor and the redistributors on the bus, attaches itself to each vCPU (cpu->gic, so
 * the ICC_* rows of gic_sysreg.c find it) and registers as an interrupt source, so WFI waits.
 * Devices drive SPIs through gic_spi_line(), per-vCPU devices (the timers) PPIs through
 * gic_ppi_line(). The GIC drives each vCPU's IRQ/FIQ inputs with cpu_set_irq_line().
 */
#ifndef A64EMU_GIC_GIC_H
#define A64EMU_GIC_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/bus.h"
#include "bus/irq.h"

struct cpu_state;
struct gic;

#define GIC_MAX_CPUS 8
#define GIC_REDIST_STRIDE 0x20000ull /* RD frame + SGI frame, 64 KiB each */
#define GIC_DIST_SIZE 0x10000ull

/* nirq: number of INTIDs below 1020 implemented, a multiple of 32 (QEMU virt: 288, i.e. 256 SPIs). */
struct gic *gic_create(struct bus *bus, uint64_t dist_base, uint64_t redist_base,
                       struct cpu_state *const *cpus, unsigned ncpus, unsigned nirq);
void gic_destroy(struct gic *gic);
/* Reset state (machine reset); vCPUs keep their attachment. */
void gic_reset(struct gic *gic);
/* Every redistributor awake (GICR_WAKER.ProcessorSleep = 0), as EL3 firmware leaves them for a
 * non-secure firmware it enters (the board's firmware boots, virt.c reset_cpus). */
void gic_wake_redistributors(struct gic *gic);
/* Snapshot save/load (gic_snap.c, util/snap.h); a load ends with the lines recomputed. */
struct snap;
void gic_snap(struct snap *s, struct gic *gic);

/* An SPI input (intid 32..nirq-1): level-sensitive lines, and edge ones pend on a rising edge. */
struct irq_line gic_spi_line(struct gic *gic, unsigned intid);
/* A PPI input (intid 16..31) of vCPU `cpu`. */
struct irq_line gic_ppi_line(struct gic *gic, unsigned cpu, unsigned intid);

#endif
