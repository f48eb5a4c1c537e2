/*
 * Address translation and the software TLB in front of it.
 *
 * The TLB here is the host-pointer cache of TinyEMU's design: each entry maps one guest virtual
 * page to a host address addend for reads, writes and instruction fetches separately. A tag holds
 * the page-aligned VA; the fast path compares it with the access address masked to keep the
 * access's alignment bits, so a misaligned access always takes the slow path.
 *
 * This first slice translates with the MMU off (VA = PA, as the architecture specifies for
 * SCTLR_ELx.M = 0, limited to the 48-bit PA range). Stage-1/stage-2 walks, the VMID/ASID-tagged
 * architectural TLB and TLBI arrive with the MMU issue, behind the same interface.
 */
#ifndef A64EMU_MMU_MMU_H
#define A64EMU_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/bus.h"

#define MMU_PA_BITS 48
#define TLB_BITS 8
#define TLB_ENTRIES (1u << TLB_BITS)
#define TLB_INVALID (~0ull)

enum mmu_access { MMU_READ = 0, MMU_WRITE = 1, MMU_EXEC = 2 };

struct tlb_entry {
    uint64_t tag[3];     /* per enum mmu_access: page VA, or TLB_INVALID */
    uintptr_t addend[3]; /* host address = va + addend */
};

/* Why a translation failed (the exception model turns it into an abort syndrome). */
enum mmu_fault_kind {
    MMU_FAULT_NONE = 0,
    MMU_FAULT_ADDRESS_SIZE, /* output address beyond the PA range */
    MMU_FAULT_EXTERNAL,     /* bus error: no device or memory claims the address */
};

struct mmu_fault {
    enum mmu_fault_kind kind;
    uint64_t va, pa;
    enum mmu_access access;
    unsigned level;
};

struct mmu {
    struct bus *bus;
    struct tlb_entry tlb[TLB_ENTRIES];
};

void mmu_init(struct mmu *mmu, struct bus *bus);
void mmu_tlb_flush(struct mmu *mmu);
/* Drop every cached write mapping. */
void mmu_tlb_flush_writes(struct mmu *mmu);
/* Drop the write mappings that point into one host page (it became code, or reserved by an
 * exclusive monitor), whatever virtual address maps it. */
void mmu_tlb_flush_writes_to(struct mmu *mmu, const uint8_t *host_page);

/* Translate va for the given access. Returns false and fills *fault on failure. */
bool mmu_translate(struct mmu *mmu, uint64_t va, enum mmu_access access, uint64_t *pa,
                   struct mmu_fault *fault);

/* After a successful translation of va, cache a host mapping for its page if it is plain RAM. */
void mmu_tlb_fill(struct mmu *mmu, uint64_t va, uint64_t pa, enum mmu_access access);

static inline struct tlb_entry *mmu_tlb_entry(struct mmu *mmu, uint64_t va)
{
    return &mmu->tlb[(va >> BUS_PAGE_BITS) & (TLB_ENTRIES - 1)];
}

#endif
