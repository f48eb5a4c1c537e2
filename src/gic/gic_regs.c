/*
 * The per-interrupt register blocks that the distributor (SPIs) and each redistributor's SGI
 * frame (SGIs and PPIs) share, at the same offsets in both frames (IHI 0069 12.9, 12.11):
 * one bit per INTID (IGROUPR, I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER), eight (IPRIORITYR) and
 * two (ICFGR). Described as a table of {offset, bits per INTID, accessor}.
 */
#include "gic/gic_regs.h"

#include <stddef.h>

enum bitop { OP_GROUP, OP_SENABLE, OP_CENABLE, OP_SPEND, OP_CPEND, OP_SACTIVE, OP_CACTIVE };

static bool bit_get(const struct gic_irq *q, enum bitop op)
{
    switch (op) {
    case OP_GROUP: return q->group1;
    case OP_SENABLE: case OP_CENABLE: return q->enabled;
    case OP_SPEND: case OP_CPEND: return gic_irq_pending(q);
    default: return q->active;
    }
}

/* Writing 1 acts; 0 has no effect (except IGROUPR, a plain bit). ICPENDR clears the latch only:
 * a level-sensitive interrupt whose line is high stays pending (IHI 0069 12.9.12). */
static void bit_set(struct gic_irq *q, enum bitop op, bool one)
{
    switch (op) {
    case OP_GROUP: q->group1 = one; break;
    case OP_SENABLE: if (one) q->enabled = true; break;
    case OP_CENABLE: if (one) q->enabled = false; break;
    case OP_SPEND: if (one) q->latch = true; break;
    case OP_CPEND: if (one) q->latch = false; break;
    case OP_SACTIVE: if (one) q->active = true; break;
    case OP_CACTIVE: if (one) q->active = false; break;
    }
}

static const struct { uint32_t base; enum bitop op; } bit_regs[] = {
    { 0x080, OP_GROUP }, { 0x100, OP_SENABLE }, { 0x180, OP_CENABLE }, { 0x200, OP_SPEND },
    { 0x280, OP_CPEND }, { 0x300, OP_SACTIVE }, { 0x380, OP_CACTIVE },
};

/* INTIDs below `lo` or from `hi` on read as zero and ignore writes (the other frame owns them,
 * or they are not implemented). */
static struct gic_irq *irq_in(struct gic_cpuif *cs, unsigned intid, unsigned lo, unsigned hi)
{
    return intid >= lo && intid < hi ? gic_irq_of(cs, intid) : NULL;
}

enum gic_reg_result gic_irq_regs_access(struct gic_cpuif *cs, uint64_t off, unsigned size, uint64_t *value,
                                        bool write, unsigned lo, unsigned hi)
{
    for (size_t r = 0; r < sizeof bit_regs / sizeof bit_regs[0]; r++) {
        if (off < bit_regs[r].base || off >= bit_regs[r].base + 0x80)
            continue;
        if (size != 4)
            return GIC_REG_BAD;
        unsigned first = (unsigned)(off - bit_regs[r].base) * 8;
        uint32_t v = 0;
        for (unsigned b = 0; b < 32; b++) {
            struct gic_irq *q = irq_in(cs, first + b, lo, hi);
            if (!q)
                continue;
            /* SGIs are always enabled-capable, but a group write to them is allowed; nothing
             * here is read-only except the unimplemented INTIDs. */
            if (write)
                bit_set(q, bit_regs[r].op, (*value >> b) & 1);
            else if (bit_get(q, bit_regs[r].op))
                v |= 1u << b;
        }
        if (!write)
            *value = v;
        return GIC_REG_CHANGED;
    }
    if (off >= 0x400 && off < 0x400 + 1020) { /* IPRIORITYR: byte-accessible */
        if (size != 1 && size != 4)
            return GIC_REG_BAD;
        unsigned first = (unsigned)(off - 0x400);
        uint64_t v = 0;
        for (unsigned b = 0; b < size; b++) {
            struct gic_irq *q = irq_in(cs, first + b, lo, hi);
            if (!q)
                continue;
            if (write)
                q->prio = (uint8_t)((*value >> (8 * b)) & GIC_PRIO_MASK);
            else
                v |= (uint64_t)q->prio << (8 * b);
        }
        if (!write)
            *value = v;
        return GIC_REG_CHANGED;
    }
    if (off >= 0xc00 && off < 0xd00) { /* ICFGR: bit 2n+1 = edge; SGIs are edge, read-only */
        if (size != 4)
            return GIC_REG_BAD;
        unsigned first = (unsigned)(off - 0xc00) * 4;
        uint32_t v = 0;
        for (unsigned k = 0; k < 16; k++) {
            struct gic_irq *q = irq_in(cs, first + k, lo, hi);
            if (!q)
                continue;
            if (write && first + k >= 16)
                q->edge = (*value >> (2 * k + 1)) & 1;
            if (q->edge)
                v |= 2u << (2 * k);
        }
        if (!write)
            *value = v;
        return GIC_REG_CHANGED;
    }
    if (off >= 0xd00 && off < 0xd80) {
        /* IGRPMODR: with GICD_CTLR.DS = 1 it is RAZ/WI (IHI 0069 12.9.15): there is no Secure
         * Group 1 to select. */
        if (size != 4)
            return GIC_REG_BAD;
        if (!write)
            *value = 0;
        return GIC_REG_DONE;
    }
    return GIC_REG_NONE;
}

/* CoreSight ID registers at 0xFFD0..0xFFFC: PIDR4-7, PIDR0-3, CIDR0-3 (QEMU's values: Arm,
 * PIDR2.ArchRev = 3 for GICv3). part is PIDR0 (0x92 distributor, 0x93 redistributor). */
enum gic_reg_result gic_id_regs(uint64_t off, unsigned size, uint64_t *value, uint8_t part)
{
    if (off < 0xffd0 || off > 0xfffc)
        return GIC_REG_NONE;
    if (size != 4)
        return GIC_REG_BAD;
    static const uint8_t id[12] = { 0x44, 0, 0, 0, 0, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1 };
    unsigned i = (unsigned)(off - 0xffd0) / 4;
    *value = i == 4 ? part : id[i];
    return GIC_REG_DONE;
}
