/* The GICv3 virtual CPU interface (gic_virt.c): ICH_* registers and the ICV_* view. */
#ifndef A64EMU_GIC_GIC_VIRT_H
#define A64EMU_GIC_GIC_VIRT_H

#include <stdint.h>

#include "gic/gic_internal.h"

/* The ICC_* registers that have an ICV_* twin (named after the twin). */
enum icv_reg {
    ICV_PMR, ICV_IAR0, ICV_EOIR0, ICV_HPPIR0, ICV_BPR0, ICV_AP0R0, ICV_AP1R0, ICV_DIR, ICV_RPR,
    ICV_IAR1, ICV_EOIR1, ICV_HPPIR1, ICV_BPR1, ICV_CTLR, ICV_IGRPEN0, ICV_IGRPEN1,
};

/* ICH_HCR_EL2 (IHI 0069 12.5.4). */
#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)
#define ICH_HCR_LRENPIE (1ull << 2)
#define ICH_HCR_NPIE (1ull << 3)
#define ICH_HCR_VGRP0EIE (1ull << 4)
#define ICH_HCR_VGRP0DIE (1ull << 5)
#define ICH_HCR_VGRP1EIE (1ull << 6)
#define ICH_HCR_VGRP1DIE (1ull << 7)
#define ICH_HCR_TC (1ull << 10)
#define ICH_HCR_TALL0 (1ull << 11)
#define ICH_HCR_TALL1 (1ull << 12)
#define ICH_HCR_TDIR (1ull << 14)
#define ICH_HCR_EOICOUNT_SHIFT 27

/* ICH_LR<n>_EL2 (IHI 0069 12.5.10). */
#define ICH_LR_VINTID_MASK 0xffffffffull
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_EOI (1ull << 41) /* with HW = 0: maintenance interrupt on deactivation */
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_GROUP (1ull << 60)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_STATE_SHIFT 62
enum { LR_INVALID = 0, LR_PENDING = 1, LR_ACTIVE = 2, LR_PENDING_ACTIVE = 3 };

uint64_t gic_icv_read(struct gic_cpuif *cs, enum icv_reg r);
void gic_icv_write(struct gic_cpuif *cs, enum icv_reg r, uint64_t v);
/* enc: the row's SYSREG_ENC (op1 = 4, CRn = 12). */
uint64_t gic_ich_read(struct gic_cpuif *cs, uint16_t enc);
void gic_ich_write(struct gic_cpuif *cs, uint16_t enc, uint64_t v);
uint32_t gic_ich_misr(const struct gic_cpuif *cs);

#endif
