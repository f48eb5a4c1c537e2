#include "mmu/mmu.h"

#include <string.h>

void mmu_init(struct mmu *mmu, struct bus *bus)
{
    mmu->bus = bus;
    mmu_tlb_flush(mmu);
}

void mmu_tlb_flush(struct mmu *mmu)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        for (unsigned a = 0; a < 3; a++) {
            mmu->tlb[i].tag[a] = TLB_INVALID;
            mmu->tlb[i].addend[a] = 0;
        }
}

void mmu_tlb_flush_writes(struct mmu *mmu)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        mmu->tlb[i].tag[MMU_WRITE] = TLB_INVALID;
}

void mmu_tlb_flush_writes_to(struct mmu *mmu, const uint8_t *host_page)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        struct tlb_entry *e = &mmu->tlb[i];
        if (e->tag[MMU_WRITE] != TLB_INVALID && (uintptr_t)e->tag[MMU_WRITE] + e->addend[MMU_WRITE] == (uintptr_t)host_page)
            e->tag[MMU_WRITE] = TLB_INVALID;
    }
}

bool mmu_translate(struct mmu *mmu, uint64_t va, enum mmu_access access, uint64_t *pa,
                   struct mmu_fault *fault)
{
    (void)mmu;
    /* MMU off: flat mapping. An address above the implemented PA size is an Address size fault
     * at level 0 (DDI 0487 D8.2.9, "VMSA address translation disabled"). */
    if (va >> MMU_PA_BITS) {
        fault->kind = MMU_FAULT_ADDRESS_SIZE;
        fault->va = va;
        fault->pa = va;
        fault->access = access;
        fault->level = 0;
        return false;
    }
    *pa = va;
    return true;
}

void mmu_tlb_fill(struct mmu *mmu, uint64_t va, uint64_t pa, enum mmu_access access)
{
    uint64_t page_va = va & ~(BUS_PAGE_SIZE - 1), page_pa = pa & ~(BUS_PAGE_SIZE - 1);
    uint8_t *host = bus_ram_ptr(mmu->bus, page_pa, access == MMU_WRITE);
    if (!host)
        return;
    struct tlb_entry *e = mmu_tlb_entry(mmu, va);
    e->tag[access] = page_va;
    e->addend[access] = (uintptr_t)host - (uintptr_t)page_va;
}
