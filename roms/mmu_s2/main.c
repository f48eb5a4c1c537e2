/*
 * mmu_s2 (run with -M virt,virtualization=on: the ROM starts at EL2): a tiny EL2 monitor runs a
 * guest at EL1 under stage 2 (HCR_EL2.VM = 1, VMID 5) and emulates an MMIO device from the
 * data-abort syndrome alone: ESR_EL2.ISV/SAS/SSE/SRT/SF/WnR say what the access was and which
 * register it used, HPFAR_EL2 (+ FAR_EL2[11:0]) where. A store to a page stage 2 maps
 * read-only takes a stage-2 Permission fault (EC 0x24, DFSC 0x0f) with exact ESR/FAR/HPFAR.
 * A second guest program reads one IPA under VMID 5, VMID 6 (different stage-2 tables) and
 * VMID 5 again with VTTBR switches and no TLBI between them, then after a remap with TLBI
 * IPAS2E1 + VMALLE1; finally, with the guest's stage 1 on, a stage-2 fault on its stage-1 walk
 * (S1PTW = 1, ISV = 0, WnR = 1 for a store, HPFAR = the table's IPA, FAR = the VA).
 *
 * Stage 2: 4K granule, VTCR_EL2.T0SZ = 32 (32-bit IPA), SL0 = 1 (walks start at level 1: four
 * level-1 entries), PS = 40 bits; IPA 0x40000000-0x41ffffff identity by 2 MiB blocks,
 * IPA 0x42000000 one read-only page, everything else unmapped (the device at 0x50000000).
 */
#include "../mmu_common/mmu_rom.h"

extern char s2_vectors[];
extern char guest_main[];
extern char guest2_main[];

static uint64_t s2_l1[512] __attribute__((aligned(4096)));
static uint64_t s2_l2[512] __attribute__((aligned(4096)));
static uint64_t s2_l3[512] __attribute__((aligned(4096)));
static uint64_t ro_page[512] __attribute__((aligned(4096)));
static uint64_t other_page[512] __attribute__((aligned(4096))); /* IPA 0x42000000 in VMID 6 */
static uint64_t new_page[512] __attribute__((aligned(4096)));   /* ... in VMID 5 after the remap */
static uint64_t s2b_l1[512] __attribute__((aligned(4096)));     /* VMID 6 */
static uint64_t s2b_l2[512] __attribute__((aligned(4096)));
static uint64_t s2b_l3[512] __attribute__((aligned(4096)));
static uint64_t g_l1[512] __attribute__((aligned(4096)));       /* the guest's stage 1 */
static uint64_t guest_stack[512] __attribute__((aligned(16)));

#define S2_AF (1ull << 10)
#define S2_SH_IS (3ull << 8)
#define S2_RW (3ull << 6)
#define S2_RO (1ull << 6)
#define S2_NORMAL_WB (0xfull << 2)
#define DEV_IPA 0x50000000ull
#define RO_IPA 0x42000000ull
#define DEV_ID 0x0a64e2c2ull

static uint64_t dev_regs[4]; /* the emulated device: 0x08 ID (read-only), 0x10 data, 0x18 byte */
static unsigned mmio_reads, mmio_writes;
static struct { unsigned count; uint64_t esr, far, hpfar; } perm, ptw, ptw_at;
#define VTTBR_A ((uint64_t)s2_l1 | 5ull << 48)
#define VTTBR_B ((uint64_t)s2b_l1 | 6ull << 48)

static void guest2_hvc(unsigned imm, uint64_t *regs)
{
    switch (imm) {
    case 2: /* VMID 5 -> VMID 6: no TLB maintenance (entries are tagged by VMID) */
        CHECK_EQ(regs[1], 0x5555aaaa5555aaaaull);
        write_sysreg(vttbr_el2, VTTBR_B);
        break;
    case 3:
        CHECK_EQ(regs[2], 0x6666bbbb6666bbbbull);
        write_sysreg(vttbr_el2, VTTBR_A);
        break;
    case 4:
        CHECK_EQ(regs[3], 0x5555aaaa5555aaaaull);
        /* Remap IPA 0x42000000 of VMID 5 and invalidate it: by IPA (stage 2), then the
         * combined entries (VMALLE1 for the current VMID), as the architecture requires. */
        s2_l3[0] = (uint64_t)new_page | S2_AF | S2_SH_IS | S2_RW | S2_NORMAL_WB | PT_PAGE;
        __asm__ volatile("dsb ishst\n\ttlbi ipas2e1, %0\n\tdsb ish\n\ttlbi vmalle1\n\tdsb ish\n\tisb"
                         :: "r"(RO_IPA >> 12) : "memory");
        /* The guest's stage 1: T0SZ 25 (level-1 start), 1 GiB identity block for
         * 0x40000000; VA 0x80000000's level-2 table at IPA 0x48000000 (not mapped). */
        g_l1[1] = 0x40000000ull | PT_NORMAL | PT_BLOCK;
        g_l1[2] = 0x48000000ull | PT_TABLE;
        dsb_ish();
        write_sysreg(mair_el1, MAIR_VALUE);
        write_sysreg(tcr_el1, 25 | TCR_WALK0 | TCR_TG0_4K | TCR_EPD1 | (2ull << 32));
        write_sysreg(ttbr0_el1, (uint64_t)g_l1);
        isb();
        write_sysreg(sctlr_el1, 0x30d00800ull | SCTLR_M);
        isb();
        break;
    case 5:
        CHECK_EQ(regs[6], 0x7777cccc7777ccccull);
        CHECK_EQ(ptw.count, 1);
        /* str x5, [x4, #0x20]: stage-2 level-2 Translation fault on the stage-1 walk:
         * S1PTW = 1, ISV = 0, WnR = 1 (the store's: AArch64.SecondStageWalk passes the
         * access's iswrite to the stage-2 fault). */
        CHECK_EQ(ptw.esr, 0x24u << 26 | 1u << 25 | 1u << 7 | 1u << 6 | 0x06);
        CHECK_EQ(ptw.far, 0x80000020ull);
        CHECK_EQ(ptw.hpfar, (0x48000000ull >> 12) << 4);
        /* at s1e1r, x4: the stage-2 fault on its walk is taken to EL2 (not reported in
         * PAR_EL1) with CM = 1 and WnR = 1 (address translation instruction). */
        CHECK_EQ(ptw_at.count, 1);
        CHECK_EQ(ptw_at.esr, 0x24u << 26 | 1u << 25 | 1u << 8 | 1u << 7 | 1u << 6 | 0x06);
        CHECK_EQ(ptw_at.far, 0x80000000ull);
        CHECK_EQ(ptw_at.hpfar, (0x48000000ull >> 12) << 4);
        sh_puts("mmu_s2: ok\n");
        rom_exit(0);
        break;
    default:
        CHECK_EQ(imm, 2);
    }
}

static uint64_t size_mask(unsigned sas) { return sas == 3 ? ~0ull : (1ull << (8u << sas)) - 1; }

void s2_lower_sync(uint64_t *regs);
void s2_lower_sync(uint64_t *regs)
{
    uint64_t esr = read_sysreg(esr_el2), far = read_sysreg(far_el2), hpfar = read_sysreg(hpfar_el2);
    unsigned ec = ESR_EC(esr);
    if (ec == 0x16 && (esr & 0xffff) == 1) { /* HVC #1: the first guest program is done */
        CHECK_EQ(esr & 0xffff, 1);
        CHECK_EQ(regs[1], DEV_ID);
        CHECK_EQ(regs[5], 0xdead00000000beefull);
        CHECK_EQ(regs[6], 0xffffffffffffffefull);
        CHECK_EQ(regs[8], 0x5555aaaa5555aaaaull);
        CHECK_EQ(regs[9], 0x0123456789abcdefull); /* the faulting store did not happen */
        CHECK_EQ(mmio_reads, 3);
        CHECK_EQ(mmio_writes, 2);
        CHECK_EQ(dev_regs[2], 0xdead00000000beefull);
        CHECK_EQ(perm.count, 1);
        /* str x8, [x7, #8]: ISV, SAS = 3, SRT = 8, SF, WnR, stage-2 Permission level 3. */
        CHECK_EQ(perm.esr, 0x24u << 26 | 1u << 25 | 1u << 24 | 3u << 22 | 8u << 16 | 1u << 15 | 1u << 6 | 0x0f);
        CHECK_EQ(perm.far, RO_IPA + 8);
        CHECK_EQ(perm.hpfar, (RO_IPA >> 12) << 4);
        /* Next: the second guest program, from its start. */
        write_sysreg(elr_el2, (uint64_t)guest2_main);
        return;
    }
    if (ec == 0x16) {
        guest2_hvc(esr & 0xffff, regs);
        return; /* ELR_EL2 already points after the HVC */
    }
    CHECK_EQ(ec, 0x24);
    uint64_t ipa = (hpfar >> 4) << 12 | (far & 0xfff);
    unsigned dfsc = esr & 0x3f;
    if ((esr >> 7) & 1) {
        __typeof__(ptw) *rec = ptw.count ? &ptw_at : &ptw;
        rec->count++;
        rec->esr = esr;
        rec->far = far;
        rec->hpfar = hpfar;
    } else if (dfsc == FSC_PERM(3)) {
        perm.count++;
        perm.esr = esr;
        perm.far = far;
        perm.hpfar = hpfar;
    } else {
        /* MMIO from the syndrome alone: a Translation fault in the device page. */
        CHECK_EQ(dfsc & 0x3c, 0x04);
        CHECK_EQ(ipa & ~0xfffull, DEV_IPA);
        CHECK_EQ(far, ipa); /* stage 1 off */
        CHECK((esr >> 24) & 1); /* ISV */
        CHECK_EQ((esr >> 7) & 1, 0); /* not on a stage-1 walk */
        unsigned sas = (esr >> 22) & 3, srt = (esr >> 16) & 31;
        unsigned sse = (esr >> 21) & 1, sf = (esr >> 15) & 1, wnr = (esr >> 6) & 1;
        unsigned idx = (unsigned)(ipa & 0x18) >> 3;
        CHECK_EQ(ipa & ((1u << sas) - 1), 0);
        if (wnr) {
            uint64_t v = srt == 31 ? 0 : regs[srt];
            if (idx != 1)
                dev_regs[idx] = v & size_mask(sas);
            mmio_writes++;
        } else {
            uint64_t v = idx == 1 ? DEV_ID : dev_regs[idx];
            v &= size_mask(sas);
            if (sse && sas < 3 && ((v >> ((8u << sas) - 1)) & 1))
                v |= ~size_mask(sas);
            if (!sf)
                v &= 0xffffffffull;
            if (srt != 31)
                regs[srt] = v;
            mmio_reads++;
        }
    }
    write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
}

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    write_sysreg(vbar_el2, (uint64_t)s2_vectors);
    for (unsigned i = 0; i < 16; i++)
        s2_l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | S2_AF | S2_SH_IS | S2_RW | S2_NORMAL_WB | PT_BLOCK;
    s2_l2[16] = (uint64_t)s2_l3 | PT_TABLE;
    s2_l3[0] = (uint64_t)ro_page | S2_AF | S2_SH_IS | S2_RO | S2_NORMAL_WB | PT_PAGE;
    s2_l1[1] = (uint64_t)s2_l2 | PT_TABLE;
    s2b_l1[1] = (uint64_t)s2b_l2 | PT_TABLE;
    for (unsigned i = 0; i < 16; i++)
        s2b_l2[i] = s2_l2[i];
    s2b_l2[16] = (uint64_t)s2b_l3 | PT_TABLE;
    s2b_l3[0] = (uint64_t)other_page | S2_AF | S2_SH_IS | S2_RW | S2_NORMAL_WB | PT_PAGE;
    other_page[0] = 0x6666bbbb6666bbbbull;
    new_page[0] = 0x7777cccc7777ccccull;
    ro_page[0] = 0x5555aaaa5555aaaaull;
    ro_page[1] = 0x0123456789abcdefull;
    dsb_ish();
    /* VTCR_EL2: T0SZ 32, SL0 1, IRGN/ORGN WB, SH inner, TG0 4K, PS 40 bits, RES1 bit 31. */
    write_sysreg(vtcr_el2, 32 | 1ull << 6 | 1ull << 8 | 1ull << 10 | 3ull << 12 | 2ull << 16 | 1ull << 31);
    write_sysreg(vttbr_el2, VTTBR_A);
    write_sysreg(hcr_el2, 1ull << 31 /* RW */ | 1ull /* VM */);
    isb();
    __asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
    write_sysreg(sctlr_el1, 0x30d00800ull); /* RES1 bits, stage 1 off */
    write_sysreg(sp_el1, (uint64_t)&guest_stack[512]);
    write_sysreg(spsr_el2, 0x3c5); /* EL1h, DAIF masked */
    write_sysreg(elr_el2, (uint64_t)guest_main);
    isb();
    __asm__ volatile("eret" ::: "memory");
    return 0x7d; /* not reached: the HVC handler exits */
}
