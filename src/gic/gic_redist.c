/*
 * One GICv3 redistributor per vCPU (IHI 0069 12.10-12.11): a 64 KiB RD frame (control,
 * identification, power management) and a 64 KiB SGI frame (the SGI/PPI register blocks of
 * gic_regs.c). No LPIs: GICR_CTLR is RAZ/WI and TYPER.PLPIS = 0. Reserved offsets are RAZ/WI;
 * an access of a size a register does not accept is a bus error.
 */
#include "gic/gic_internal.h"
#include "gic/gic_regs.h"

#include "util/log.h"

enum {
    GICR_CTLR = 0x0000, GICR_IIDR = 0x0004, GICR_TYPER = 0x0008, GICR_STATUSR = 0x0010,
    GICR_WAKER = 0x0014, GICR_SGI_FRAME = 0x10000,
};

/* TYPER: Affinity_Value [63:32], CommonLPIAff [25:24] = 1 (as QEMU), Processor_Number [23:8],
 * Last [4] on the highest redistributor of the contiguous region. */
static uint64_t typer(const struct gic_cpuif *cs)
{
    bool last = cs->index == cs->gic->ncpus - 1;
    return cs->affinity << 32 | 1ull << 24 | (uint64_t)cs->index << 8 | (uint64_t)last << 4;
}

static enum bus_status rd_frame(struct gic_cpuif *cs, uint64_t off, unsigned size, uint64_t *value, bool write)
{
    if (off == GICR_TYPER || off == GICR_TYPER + 4) {
        if (size == 8 && off == GICR_TYPER)
            *value = write ? *value : typer(cs);
        else if (size == 4)
            *value = write ? *value : (uint32_t)(typer(cs) >> (off == GICR_TYPER ? 0 : 32));
        else
            return BUS_ERROR;
        return BUS_OK; /* read-only: writes ignored */
    }
    enum gic_reg_result rr;
    if (!write && (rr = gic_id_regs(off, size, value, 0x93)) != GIC_REG_NONE)
        return rr == GIC_REG_BAD ? BUS_ERROR : BUS_OK;
    if (size != 4)
        return BUS_ERROR;
    switch (off) {
    case GICR_CTLR:
        if (!write)
            *value = 0;
        return BUS_OK;
    case GICR_IIDR:
        if (!write)
            *value = 0x43bu | 3u << 12;
        return BUS_OK;
    case GICR_WAKER:
        /* ProcessorSleep is the request; ChildrenAsleep (read-only) follows it at once, since
         * there is no interface to quiesce (IHI 0069 12.10.33). */
        if (write) {
            cs->waker = (*value & GICR_WAKER_SLEEP) ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0;
            gic_update(cs->gic);
        } else {
            *value = cs->waker;
        }
        return BUS_OK;
    default:
        log_msg(LOG_GUEST, "gic-redist %u: %s of reserved offset 0x%llx (RAZ/WI)", cs->index,
                write ? "write" : "read", (unsigned long long)off);
        if (!write)
            *value = 0;
        return BUS_OK;
    }
}

static enum bus_status redist_access(struct gic_cpuif *cs, uint64_t off, unsigned size, uint64_t *value, bool write)
{
    if (off < GICR_SGI_FRAME)
        return rd_frame(cs, off, size, value, write);
    off -= GICR_SGI_FRAME;
    enum gic_reg_result rr = gic_irq_regs_access(cs, off, size, value, write, 0, 32);
    if (rr == GIC_REG_BAD)
        return BUS_ERROR;
    if (rr == GIC_REG_CHANGED && write)
        gic_update(cs->gic);
    if (rr != GIC_REG_NONE)
        return BUS_OK;
    if (size != 4)
        return BUS_ERROR;
    /* NSACR (0xE00) and everything else in the SGI frame: RAZ/WI with one Security state. */
    if (off != 0xe00)
        log_msg(LOG_GUEST, "gic-redist %u: %s of reserved SGI-frame offset 0x%llx (RAZ/WI)", cs->index,
                write ? "write" : "read", (unsigned long long)off);
    if (!write)
        *value = 0;
    return BUS_OK;
}

static enum bus_status redist_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    return redist_access(opaque, off, size, value, false);
}

static enum bus_status redist_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    return redist_access(opaque, off, size, &value, true);
}

const struct mmio_ops gic_redist_ops = {
    .name = "gic-redist", .read = redist_read, .write = redist_write, .min_access = 1, .max_access = 8,
};
