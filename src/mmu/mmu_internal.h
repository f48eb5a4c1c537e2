/*
 * Private to src/mmu: the walker entry point shared by translation (mmu_tlb.c) and
 * mmu_explain() (mmu_walk.c).
 */
#ifndef A64EMU_MMU_MMU_INTERNAL_H
#define A64EMU_MMU_MMU_INTERNAL_H

#include "mmu/mmu.h"

/*
 * Stage-1 walk of va (already known to be a valid input address or not: the walk checks) in
 * regime r with SCTLR.M = 1. Fills *res (pa of va itself) or *fault. `trace` (may be NULL)
 * receives each step; `count` says whether to update the walk counters.
 */
bool mmu_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t va, enum mmu_access access,
              struct mmu_result *res, struct mmu_fault *fault, struct mmu_explanation *trace, bool count);

/* The VA with the top byte replaced by the sign extension of bit 55 when TBI applies to this
 * access (data accesses only: DDI 0487 D8.8, "Address tagging"). */
/* Fill *f for a stage-1 fault (or the flat-mapping address-size fault); stage-2 details cleared. */
void mmu_set_fault(struct mmu_fault *f, enum mmu_fault_kind kind, unsigned level, uint64_t va,
                   uint64_t pa, enum mmu_access access);
uint64_t mmu_va_effective(const struct mmu_regs *r, uint64_t va, enum mmu_access access);

#endif
