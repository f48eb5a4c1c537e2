/*
 * Helpers shared by the MMU ROMs (mmu_linux, mmu_fault, mmu_16k, mmu_64k, mmu_el2): descriptor
 * bits, barriers, TLBI/AT wrappers, and a fault recorder for the current-EL handler.
 * Included as "../mmu_common/mmu_rom.h" (header only; not a ROM of its own).
 */
#ifndef MMU_ROM_H
#define MMU_ROM_H

#include "rom.h"

#define PT_VALID 1ull
#define PT_TABLE 3ull
#define PT_PAGE 3ull
#define PT_BLOCK 1ull
#define PT_ATTR(i) ((uint64_t)(i) << 2)
#define PT_AP_EL1_RW (0ull << 6)
#define PT_AP_RW (1ull << 6)
#define PT_AP_EL1_RO (2ull << 6)
#define PT_AP_RO (3ull << 6)
#define PT_SH_IS (3ull << 8)
#define PT_AF (1ull << 10)
#define PT_NG (1ull << 11)
#define PT_PXN (1ull << 53)
#define PT_UXN (1ull << 54)
#define PT_XN PT_UXN /* EL2 regime */
#define PT_NORMAL (PT_ATTR(0) | PT_SH_IS | PT_AF)

/* MAIR: attr0 Normal write-back, attr1 Device-nGnRE, attr2 Normal non-cacheable. */
#define MAIR_VALUE (0xffull | 0x04ull << 8 | 0x44ull << 16)

/* TCR_EL1 pieces: walks inner-shareable write-back, IPS 48 bits. */
#define TCR_WALK0 (1ull << 8 | 1ull << 10 | 3ull << 12)
#define TCR_WALK1 (1ull << 24 | 1ull << 26 | 3ull << 28)
#define TCR_IPS48 (5ull << 32)
#define TCR_TG0_4K (0ull << 14)
#define TCR_TG0_64K (1ull << 14)
#define TCR_TG0_16K (2ull << 14)
#define TCR_TG1_16K (1ull << 30)
#define TCR_TG1_4K (2ull << 30)
#define TCR_TG1_64K (3ull << 30)
#define TCR_EPD1 (1ull << 23)
#define TCR_AS (1ull << 36)
#define TCR_TBI0 (1ull << 37)

#define SCTLR_M 1ull
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)
#define SCTLR_WXN (1ull << 19)

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }

#define TLBI(op) __asm__ volatile("dsb ishst\n\ttlbi " #op "\n\tdsb ish\n\tisb" ::: "memory")
#define TLBI_X(op, x) __asm__ volatile("dsb ishst\n\ttlbi " #op ", %0\n\tdsb ish\n\tisb" :: "r"((uint64_t)(x)) : "memory")
#define AT(op, va) ({ uint64_t p_; __asm__ volatile("at " #op ", %1\n\tisb\n\tmrs %0, par_el1" : "=r"(p_) : "r"((uint64_t)(va)) : "memory"); p_; })

/* DFSC/IFSC values. */
#define FSC_TRANS(l) (0x04 + (l))
#define FSC_AF(l) (0x08 + (l))
#define FSC_PERM(l) (0x0c + (l))
#define FSC_ADDR_SIZE(l) (0x00 + (l))
#define FSC_ALIGN 0x21

/* What the last handled fault looked like. */
struct fault_record {
    unsigned count;
    uint64_t esr, far, elr;
};
extern struct fault_record last_fault;

/* Read 64 bits at va (volatile, so the compiler keeps it). */
/* (asm with a memory clobber: a fault handler may change globals such as last_fault.) */
static inline uint64_t peek(uint64_t va)
{
    uint64_t v = 0;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}
static inline void poke(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" :: "r"(v), "r"(va) : "memory");
}

/*
 * The current-EL fault handler the ROMs install (rom_set_sync_handler): records ESR/FAR/ELR;
 * a data abort skips the faulting instruction, an instruction abort returns to the caller (LR),
 * anything else is unexpected. Defined by including this header with MMU_ROM_DEFINE_HANDLER.
 */
#ifdef MMU_ROM_DEFINE_HANDLER
struct fault_record last_fault;
static int record_fault(struct exc_frame *f)
{
    unsigned ec = ESR_EC(f->esr);
    last_fault.count++;
    last_fault.esr = f->esr;
    last_fault.far = f->far;
    last_fault.elr = f->elr;
    if (ec == 0x25 || ec == 0x24) {
        f->elr += 4;
        return 1;
    }
    if (ec == 0x21 || ec == 0x20) {
        f->elr = f->x[30];
        return 1;
    }
    return 0;
}
#endif

/* Check that the last fault had this EC and FSC (and FAR) and that exactly `n` happened. */
#define CHECK_FAULT(n, ec, fsc, far_)                                   \
    do {                                                                \
        CHECK_EQ(last_fault.count, (n));                                \
        CHECK_EQ(ESR_EC(last_fault.esr), (ec));                         \
        CHECK_EQ(last_fault.esr & 0x3f, (fsc));                         \
        CHECK_EQ(last_fault.far, (far_));                               \
    } while (0)

#endif
