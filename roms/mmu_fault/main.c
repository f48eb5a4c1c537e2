/*
 * mmu_fault: stage-1 faults at EL1 and their syndromes. 4K granule with T0SZ = 25 (39-bit VAs,
 * so walks start at level 1) and IPS = 40 bits. For each fault: ESR_EL1.EC (0x25 data abort,
 * 0x21 instruction abort, same EL), DFSC/IFSC with the level, WnR, ISV = 0 (stage 1), and
 * FAR_EL1 = the faulting VA:
 *   translation  level 0 (VA beyond T0SZ), 1, 2, 3, on data and on fetch
 *   access flag  level 1 (1 GiB block), 2 (2 MiB block), 3 (page)
 *   permission   level 1 (read-only block), 3 (read-only page), fetch from a PXN page
 *   address size level 3 (output address beyond IPS)
 *   alignment    SCTLR_EL1.A with the MMU on
 * then a fixed descriptor (AF set) plus TLBI VAE1 makes the access succeed, and TBI0 lets a
 * tagged pointer through for data.
 */
#define MMU_ROM_DEFINE_HANDLER
#include "../mmu_common/mmu_rom.h"

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint64_t page[2][512] __attribute__((aligned(4096)));

#define TEST_L3 0x42000000ull /* l2[16] -> l3 */
#define VA3(i) (TEST_L3 + ((uint64_t)(i) << 12))
#define RET_INSN 0xd65f03c0u   /* ret */

static void build(void)
{
    l1[1] = (uint64_t)l2 | PT_TABLE;
    for (unsigned i = 0; i < 16; i++) /* the ROM: 32 MiB identity, EL1 RW */
        l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | PT_NORMAL | PT_UXN | PT_BLOCK;
    l2[16] = (uint64_t)l3 | PT_TABLE;
    l2[17] = 0x40000000ull | PT_ATTR(0) | PT_SH_IS | PT_BLOCK;          /* AF = 0 block */
    l2[18] = 0;                                                         /* translation L2 */
    l1[2] = 0;                                                          /* translation L1 */
    l1[3] = 0x40000000ull | PT_ATTR(0) | PT_SH_IS | PT_BLOCK;           /* AF = 0, 1 GiB */
    l1[4] = 0x40000000ull | PT_NORMAL | PT_AP_EL1_RO | PT_BLOCK;        /* read-only 1 GiB */
    l3[0] = (uint64_t)page[0] | PT_NORMAL | PT_UXN | PT_PAGE;           /* fine */
    l3[1] = 0;                                                          /* translation L3 */
    l3[2] = (uint64_t)page[0] | PT_ATTR(0) | PT_SH_IS | PT_PAGE;        /* AF = 0 */
    l3[3] = (uint64_t)page[0] | PT_NORMAL | PT_AP_EL1_RO | PT_PAGE;     /* read-only */
    l3[4] = (uint64_t)page[1] | PT_NORMAL | PT_PXN | PT_UXN | PT_PAGE;  /* not executable */
    l3[5] = (uint64_t)page[1] | PT_NORMAL | PT_PAGE;                    /* executable */
    l3[6] = (1ull << 41) | PT_NORMAL | PT_PAGE;                         /* beyond IPS (40) */
    dsb_ish();
}

static void call(uint64_t va)
{
    __asm__ volatile("blr %0" :: "r"(va) : "x30", "memory");
}

int main(void)
{
    rom_set_sync_handler(record_fault);
    build();
    page[1][0] = RET_INSN;
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, 25 | TCR_WALK0 | TCR_TG0_4K | TCR_EPD1 | TCR_TG1_4K | (2ull << 32) /* IPS 40 */);
    write_sysreg(ttbr0_el1, (uint64_t)l1);
    TLBI(vmalle1);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();

    unsigned n = 0;
    page[0][1] = 77;
    CHECK_EQ(peek(VA3(0) + 8), 77);
    CHECK_EQ(last_fault.count, 0);

    /* Translation faults, data reads and writes, each level. */
    peek(0x0000008000000000ull);
    CHECK_FAULT(++n, 0x25, FSC_TRANS(0), 0x0000008000000000ull);
    peek(0x80000010ull);
    CHECK_FAULT(++n, 0x25, FSC_TRANS(1), 0x80000010ull);
    poke(0x42400008ull, 1);
    CHECK_FAULT(++n, 0x25, FSC_TRANS(2), 0x42400008ull);
    CHECK_EQ((last_fault.esr >> 6) & 1, 1);   /* WnR */
    CHECK_EQ((last_fault.esr >> 24) & 1, 0);  /* ISV: stage 1 */
    CHECK_EQ(ESR_IL(last_fault.esr), 1);
    peek(VA3(1) + 0x18);
    CHECK_FAULT(++n, 0x25, FSC_TRANS(3), VA3(1) + 0x18);
    CHECK_EQ((last_fault.esr >> 6) & 1, 0);

    /* Access flag. */
    peek(0xc0000000ull + 0x100);
    CHECK_FAULT(++n, 0x25, FSC_AF(1), 0xc0000100ull);
    peek(0x42200000ull);
    CHECK_FAULT(++n, 0x25, FSC_AF(2), 0x42200000ull);
    poke(VA3(2), 5);
    CHECK_FAULT(++n, 0x25, FSC_AF(3), VA3(2));

    /* Permission. */
    CHECK_EQ(peek(0x100000000ull + 0x10), peek(0x40000010ull)); /* the read-only block reads */
    CHECK_EQ(last_fault.count, n);
    poke(0x100000000ull + 0x10, 1);
    CHECK_FAULT(++n, 0x25, FSC_PERM(1), 0x100000010ull);
    CHECK_EQ(peek(VA3(3) + 8), 77);
    poke(VA3(3) + 8, 1);
    CHECK_FAULT(++n, 0x25, FSC_PERM(3), VA3(3) + 8);
    CHECK_EQ(page[0][1], 77);

    /* Address size: output address beyond TCR_EL1.IPS. */
    peek(VA3(6));
    CHECK_FAULT(++n, 0x25, FSC_ADDR_SIZE(3), VA3(6));

    /* Instruction aborts: PXN page, unmapped page; an executable alias of the same page runs. */
    call(VA3(5));
    CHECK_EQ(last_fault.count, n);
    call(VA3(4));
    CHECK_FAULT(++n, 0x21, FSC_PERM(3), VA3(4));
    call(VA3(1));
    CHECK_FAULT(++n, 0x21, FSC_TRANS(3), VA3(1));
    call(0x80000000ull);
    CHECK_FAULT(++n, 0x21, FSC_TRANS(1), 0x80000000ull);

    /* Alignment: SCTLR_EL1.A = 1 with the MMU on. */
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_A);
    isb();
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA3(0) + 4) : "memory");
    CHECK_FAULT(++n, 0x25, FSC_ALIGN, VA3(0) + 4);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_A);
    isb();
    /* (Unaligned access to Device memory: ROM mmu_device_align, not in lockstep because
     * QEMU 7.2 does not take that Alignment fault.) */

    /* Fix the AF = 0 page, TLBI it, and it works (nothing cached the faulting walk). */
    l3[2] |= PT_AF;
    TLBI_X(vae1, VA3(2) >> 12);
    poke(VA3(2), 5);
    CHECK_EQ(page[0][0], 5);
    CHECK_EQ(last_fault.count, n);
    /* Make a page invalid: after TLBI VAAE1 the access faults. */
    l3[0] = 0;
    TLBI_X(vaae1, VA3(0) >> 12);
    peek(VA3(0));
    CHECK_FAULT(++n, 0x25, FSC_TRANS(3), VA3(0));

    /* TBI0: a tagged pointer faults (level 0) without it, and reads with it. */
    peek(0x5a00000000000000ull | VA3(3));
    CHECK_FAULT(++n, 0x25, FSC_TRANS(0), 0x5a00000000000000ull | VA3(3));
    write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_TBI0);
    TLBI(vmalle1);
    CHECK_EQ(peek(0x5a00000000000000ull | (VA3(3) + 8)), 5 - 5 + 77);
    CHECK_EQ(last_fault.count, n);

    /* AT reports the same faults in PAR_EL1 without taking them. */
    uint64_t par = AT(s1e1r, VA3(2));
    CHECK_EQ(par & 1, 0);
    par = AT(s1e1w, VA3(3));
    CHECK_EQ(par & 0x7f, (FSC_PERM(3) << 1) | 1);
    par = AT(s1e1r, 0x42200000ull);
    CHECK_EQ(par & 0x7f, (FSC_AF(2) << 1) | 1);
    CHECK_EQ(last_fault.count, n);

    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    isb();
    sh_puts("mmu_fault: ok\n");
    return 0;
}
