/*
 * The body of the granule ROMs (mmu_16k, mmu_64k): included by their main.c after defining
 *   GBITS        14 or 16 (granule size log2)
 *   T0SZ_VALUE   TCR_EL1.T0SZ
 *   TG0          TCR_TG0_16K or TCR_TG0_64K
 *   START_LEVEL  the level the walk starts at for T0SZ_VALUE
 *   NAME         the ROM's name
 * Tables: the root at START_LEVEL, then down to a level-2 block (32 MiB / 512 MiB) that maps
 * the ROM identically, and a level-3 table of pages for the test region at TEST_VA.
 * Checks: translation through pages (every 4 KiB piece of a granule page), faults at level 2
 * and 3 with FAR/ESR, TLBI VAE1 by any VA inside the page removing the whole page, AT.
 */
#define MMU_ROM_DEFINE_HANDLER
#include "../mmu_common/mmu_rom.h"

#define GSIZE (1ull << GBITS)
#define ENTRIES (GSIZE / 8)
#define STRIDE (GBITS - 3)
#define SHIFT(l) (GBITS + STRIDE * (3 - (l)))
#define IDX(va, l) (((va) >> SHIFT(l)) & (ENTRIES - 1))

static uint64_t tables[4][ENTRIES] __attribute__((aligned(GSIZE)));
static uint64_t pages[3][ENTRIES] __attribute__((aligned(GSIZE)));

#define RAM 0x40000000ull
#define TEST_VA (1ull << (SHIFT(2) + 4)) /* level-2 index 16 */
#define ROOT tables[0]
#define L3 tables[3]

static uint64_t *l2_table(void)
{
    /* Levels above 2 (if any) use tables[1] / tables[2] as the next level of index 0 only (RAM
     * and TEST_VA share those indices at these sizes). */
    uint64_t *t = ROOT;
    for (unsigned l = START_LEVEL; l < 2; l++) {
        uint64_t *next = tables[1 + l - START_LEVEL];
        t[0] = (uint64_t)next | PT_TABLE;
        t = next;
    }
    return t;
}

static void map_page(unsigned i, unsigned which, uint64_t extra)
{
    L3[i] = (uint64_t)pages[which] | PT_NORMAL | PT_UXN | PT_PXN | PT_PAGE | extra;
}

int main(void)
{
    rom_set_sync_handler(record_fault);
    uint64_t *l2 = l2_table();
    l2[IDX(RAM, 2)] = RAM | PT_NORMAL | PT_UXN | PT_BLOCK;
    l2[IDX(TEST_VA, 2)] = (uint64_t)L3 | PT_TABLE;
    map_page(0, 0, 0);
    map_page(1, 1, PT_AP_EL1_RO);
    dsb_ish();
    for (unsigned w = 0; w < ENTRIES; w++) {
        pages[0][w] = 0xa000000000000000ull | w;
        pages[1][w] = 0xb000000000000000ull | w;
        pages[2][w] = 0xc000000000000000ull | w;
    }
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, T0SZ_VALUE | TCR_WALK0 | TG0 | TCR_EPD1 | TCR_TG1_4K | TCR_IPS48);
    write_sysreg(ttbr0_el1, (uint64_t)ROOT);
    TLBI(vmalle1);
    /* A constant rather than read-modify-write: the reset value differs between CPU models
     * (QEMU's cortex-a76, used for lockstep here because cortex-a57 has no 16K granule, sets
     * the v8.2 bits 29:28). */
    write_sysreg(sctlr_el1, 0x30c50838ull | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();

    /* Every 4 KiB piece of both granule pages. */
    for (uint64_t off = 0; off < GSIZE; off += 0x1000) {
        CHECK_EQ(peek(TEST_VA + off + 8), 0xa000000000000000ull | (off / 8 + 1));
        CHECK_EQ(peek(TEST_VA + GSIZE + off), 0xb000000000000000ull | (off / 8));
    }
    poke(TEST_VA + 0x1010, 5);
    CHECK_EQ(pages[0][0x1010 / 8], 5);
    CHECK_EQ(last_fault.count, 0);
    poke(TEST_VA + GSIZE + 0x30, 1);
    CHECK_FAULT(1, 0x25, FSC_PERM(3), TEST_VA + GSIZE + 0x30);
    peek(TEST_VA + 2 * GSIZE + 0x40);
    CHECK_FAULT(2, 0x25, FSC_TRANS(3), TEST_VA + 2 * GSIZE + 0x40);
    peek(TEST_VA + (1ull << SHIFT(2)) + 8);
    CHECK_FAULT(3, 0x25, FSC_TRANS(2), TEST_VA + (1ull << SHIFT(2)) + 8);

    /* Remap page 0 to pages[2]; TLBI VAE1 by the VA of its last 4 KiB piece drops the whole
     * granule page, whichever pieces were used. */
    map_page(0, 2, 0);
    TLBI_X(vae1, (TEST_VA + GSIZE - 0x1000) >> 12);
    CHECK_EQ(peek(TEST_VA + 8), 0xc000000000000000ull | 1);
    CHECK_EQ(peek(TEST_VA + 0x1010), 0xc000000000000000ull | (0x1010 / 8));

    /* AT: page and block. */
    uint64_t par = AT(s1e1r, TEST_VA + 0x1234);
    CHECK_EQ(par & 1, 0);
    CHECK_EQ(par & 0xfffffffff000ull, (uint64_t)pages[2] + 0x1000);
    par = AT(s1e1w, TEST_VA + GSIZE);
    CHECK_EQ(par & 0x7f, (FSC_PERM(3) << 1) | 1);
    par = AT(s1e1r, (uint64_t)&tables[3][5]);
    CHECK_EQ(par & 0xfffffffff000ull, (uint64_t)&tables[3][5] & ~0xfffull);

    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    isb();
    sh_puts(NAME ": ok\n");
    return 0;
}
