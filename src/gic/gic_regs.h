/* Register blocks shared by the distributor and the redistributors' SGI frames (gic_regs.c). */
#ifndef A64EMU_GIC_GIC_REGS_H
#define A64EMU_GIC_GIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "gic/gic_internal.h"

enum gic_reg_result {
    GIC_REG_NONE,    /* not one of these registers */
    GIC_REG_BAD,     /* one of them, with an access size it does not accept: bus error */
    GIC_REG_DONE,    /* handled, no interrupt state changed */
    GIC_REG_CHANGED, /* handled; state may have changed (the caller runs gic_update) */
};

/* Per-INTID registers at offsets 0x080-0xD7F, for INTIDs lo..hi-1 of cs (others RAZ/WI). */
enum gic_reg_result gic_irq_regs_access(struct gic_cpuif *cs, uint64_t off, unsigned size, uint64_t *value,
                                        bool write, unsigned lo, unsigned hi);
/* Read of the CoreSight ID registers (0xFFD0-0xFFFC); part: PIDR0. */
enum gic_reg_result gic_id_regs(uint64_t off, unsigned size, uint64_t *value, uint8_t part);

#endif
