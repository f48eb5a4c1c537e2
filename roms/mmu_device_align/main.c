/*
 * mmu_device_align: an unaligned load or store to Device memory takes an Alignment fault
 * (DFSC 0x21) even with SCTLR_EL1.A = 0, after the translation and permission checks
 * (DDI 0487 B2.5.2 "Alignment of data accesses": "An unaligned access to any type of Device
 * memory causes an Alignment fault"; AArch64.S1HasAlignmentFault). Normal memory through the
 * same translation allows it.
 *
 * Not run in lockstep: QEMU 7.2 performs the unaligned Device access without a fault (QEMU is
 * wrong; later QEMU versions check the memory type). Known answers are a64emu's, per the Arm ARM.
 */
#define MMU_ROM_DEFINE_HANDLER
#include "../mmu_common/mmu_rom.h"

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint64_t page[512] __attribute__((aligned(4096)));

#define DEV 0x42000000ull
#define NORM 0x42001000ull

int main(void)
{
    rom_set_sync_handler(record_fault);
    l1[1] = (uint64_t)l2 | PT_TABLE;
    for (unsigned i = 0; i < 16; i++)
        l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | PT_NORMAL | PT_UXN | PT_BLOCK;
    l2[16] = (uint64_t)l3 | PT_TABLE;
    l3[0] = (uint64_t)page | PT_ATTR(1) | PT_AF | PT_UXN | PT_PXN | PT_PAGE;  /* Device-nGnRE */
    l3[1] = (uint64_t)page | PT_NORMAL | PT_UXN | PT_PXN | PT_PAGE;
    dsb_ish();
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, 25 | TCR_WALK0 | TCR_TG0_4K | TCR_EPD1 | TCR_TG1_4K | TCR_IPS48);
    write_sysreg(ttbr0_el1, (uint64_t)l1);
    TLBI(vmalle1);
    write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I) & ~SCTLR_A);
    isb();

    page[1] = 0x1122334455667788ull;
    uint64_t v;
    CHECK_EQ(peek(DEV + 8), 0x1122334455667788ull);
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(NORM + 4) : "memory");
    CHECK_EQ(last_fault.count, 0);
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(DEV + 4) : "memory");
    CHECK_FAULT(1, 0x25, FSC_ALIGN, DEV + 4);
    __asm__ volatile("str %w0, [%1]" :: "r"(0u), "r"(DEV + 2) : "memory");
    CHECK_FAULT(2, 0x25, FSC_ALIGN, DEV + 2);
    CHECK_EQ((last_fault.esr >> 6) & 1, 1);
    CHECK_EQ(page[1], 0x1122334455667788ull);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    isb();
    sh_puts("mmu_device_align: ok\n");
    return 0;
}
