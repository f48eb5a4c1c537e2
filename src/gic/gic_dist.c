/*
 * The GICv3 distributor (IHI 0069 12.9): control, identification, the SPI register blocks
 * (gic_regs.c) and IROUTER. Affinity routing is always on, so the INTID 0-31 parts of the
 * blocks, ITARGETSR and SGIR are RAZ/WI; reserved offsets are RAZ/WI as the architecture asks.
 * An access of a size a register does not accept is a bus error (an external abort).
 */
#include "gic/gic_internal.h"
#include "gic/gic_regs.h"

#include "util/log.h"

enum {
    GICD_CTLR = 0x0000, GICD_TYPER = 0x0004, GICD_IIDR = 0x0008, GICD_TYPER2 = 0x000c,
    GICD_STATUSR = 0x0010, GICD_IROUTER = 0x6000,
};
/* Arm as implementer (JEP106 0x43B), revision 3 (GICv3), as QEMU. */
#define GIC_IIDR 0x0000043bu

/* TYPER: ITLinesNumber [4:0], IDbits [23:19] = 15 (16-bit INTIDs), A3V [24] (Aff3 valid);
 * No1N [25] = 0: 1-of-N routing is implemented (QEMU 7.2 sets No1N = 1 and has none), no LPIs,
 * SecurityExtn = 0 (one Security state). */
static uint32_t typer(const struct gic *gic)
{
    return (gic->nirq / 32 - 1) | 15u << 19 | 1u << 24;
}

static enum bus_status dist_access(struct gic *gic, uint64_t off, unsigned size, uint64_t *value, bool write)
{
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + 1020 * 8) {
        if (size != 8 && size != 4)
            return BUS_ERROR;
        unsigned n = (unsigned)((off - GICD_IROUTER) / 8);
        if (n >= gic->nirq)
            goto raz_wi;
        uint64_t *r = &gic->irouter[n - 32];
        unsigned shift = (off & 4) ? 32 : 0;
        uint64_t mask = (size == 8 ? ~0ull : 0xffffffffull) << shift;
        if (write) {
            /* Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0]; the rest RES0. */
            *r = ((*r & ~mask) | ((*value << shift) & mask)) & 0xff80ffffffull;
            gic_update(gic);
        } else {
            *value = (*r & mask) >> shift;
        }
        return BUS_OK;
    }
    enum gic_reg_result rr = gic_irq_regs_access(&gic->cpu[0], off, size, value, write, 32, gic->nirq);
    if (rr == GIC_REG_BAD)
        return BUS_ERROR;
    if (rr == GIC_REG_CHANGED && write)
        gic_update(gic);
    if (rr != GIC_REG_NONE)
        return BUS_OK;
    if (!write && (rr = gic_id_regs(off, size, value, 0x92)) != GIC_REG_NONE)
        return rr == GIC_REG_BAD ? BUS_ERROR : BUS_OK;
    if (size != 4)
        return BUS_ERROR;
    switch (off) {
    case GICD_CTLR:
        if (write) {
            /* EnableGrp0, EnableGrp1; ARE and DS are RAO/WI; RWP reads 0 (writes take effect at
             * once). */
            gic->ctlr = (uint32_t)*value & (GICD_CTLR_EN_G0 | GICD_CTLR_EN_G1);
            gic_update(gic);
        } else {
            *value = gic->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
        }
        return BUS_OK;
    case GICD_TYPER:
        if (!write)
            *value = typer(gic);
        return BUS_OK;
    case GICD_IIDR:
        if (!write)
            *value = GIC_IIDR | 3u << 12;
        return BUS_OK;
    default:
        break;
    }
raz_wi:
    log_msg(LOG_GUEST, "gic-dist: %s of reserved or unimplemented offset 0x%llx (RAZ/WI)",
            write ? "write" : "read", (unsigned long long)off);
    if (!write)
        *value = 0;
    return BUS_OK;
}

static enum bus_status dist_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    return dist_access(opaque, off, size, value, false);
}

static enum bus_status dist_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    return dist_access(opaque, off, size, &value, true);
}

const struct mmio_ops gic_dist_ops = {
    .name = "gic-dist", .read = dist_read, .write = dist_write, .min_access = 1, .max_access = 8,
};
