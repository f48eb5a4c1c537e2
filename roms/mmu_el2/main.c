/*
 * mmu_el2: the EL2 translation regime (run with -M virt,virtualization=on: the ROM starts at
 * EL2). TTBR0_EL2/TCR_EL2/MAIR_EL2/SCTLR_EL2 with the 4K granule and T0SZ = 25: one VA range,
 * AP[2] read-only with AP[1] ignored, XN, access flag; aborts go to EL2 with ESR_EL2/FAR_EL2
 * (ISV = 0: stage-1 aborts); AT S1E2R/W and AT S1E1R (EL1&0 regime, MMU off: flat); TLBI VAE2
 * and ALLE2 after changing descriptors.
 *
 * The faulting data accesses here are LDP/STP (no instruction syndrome on either side). With
 * MMU_EL2_SINGLE (ROM mmu_el2_isv) they are single-register LDR/STR instead, and ESR_EL2.ISV
 * must still be 0: "For other faults reported in ESR_EL2, ISV is 0 except for the following
 * stage 2 aborts" (DDI 0487, ESR_EL2 ISS encoding for a Data Abort). QEMU 7.2 sets ISV = 1 for
 * these stage-1 aborts taken to EL2 (target/arm merge_syn_data_abort keys on the target EL, not
 * the stage): QEMU is wrong, so that variant is not run in lockstep.
 */
#include "../mmu_common/mmu_rom.h"

#ifdef MMU_EL2_SINGLE
#define LD(va) peek(va)
#define ST(va, v) poke(va, v)
#else
static inline uint64_t LD(uint64_t va)
{
    uint64_t a = 0, b = 0;
    __asm__ volatile("ldp %0, %1, [%2]" : "+r"(a), "+r"(b) : "r"(va) : "memory");
    return a;
}
static inline void ST(uint64_t va, uint64_t v)
{
    __asm__ volatile("stp %0, %0, [%1]" :: "r"(v), "r"(va) : "memory");
}
#endif

extern char el2_vectors[];
struct { uint64_t count, esr, far, elr; } el2_fault;

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));
static uint64_t l3[512] __attribute__((aligned(4096)));
static uint64_t page[2][512] __attribute__((aligned(4096)));

#define T 0x42000000ull
#define VA3(i) (T + ((uint64_t)(i) << 12))
#define RET_INSN 0xd65f03c0u
#define TCR_EL2_RES1 ((1ull << 31) | (1ull << 23))

#define CHECK_EL2_FAULT(n, ec, fsc, far_)                    \
    do {                                                     \
        CHECK_EQ(el2_fault.count, (n));                      \
        CHECK_EQ(ESR_EC(el2_fault.esr), (ec));               \
        CHECK_EQ(el2_fault.esr & 0x3f, (fsc));               \
        CHECK_EQ(el2_fault.far, (far_));                     \
        CHECK_EQ((el2_fault.esr >> 24) & 1, 0);              \
    } while (0)

static void call(uint64_t va)
{
    __asm__ volatile("blr %0" :: "r"(va) : "x30", "memory");
}

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    write_sysreg(vbar_el2, (uint64_t)el2_vectors);
    isb();
    l1[1] = (uint64_t)l2 | PT_TABLE;
    for (unsigned i = 0; i < 16; i++)
        l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | PT_NORMAL | PT_BLOCK;
    l2[16] = (uint64_t)l3 | PT_TABLE;
    l3[0] = (uint64_t)page[0] | PT_NORMAL | PT_XN | PT_PAGE;
    l3[1] = (uint64_t)page[0] | PT_NORMAL | PT_AP_EL1_RO | PT_XN | PT_PAGE;  /* AP[2] = 1 */
    l3[2] = (uint64_t)page[0] | PT_NORMAL | PT_AP_RW | PT_PXN | PT_NG | PT_XN | PT_PAGE; /* AP[1] ignored */
    l3[3] = (uint64_t)page[1] | PT_NORMAL | PT_XN | PT_PAGE;                 /* not executable */
    l3[4] = (uint64_t)page[1] | PT_NORMAL | PT_PXN | PT_PAGE;                /* PXN: RES0 here */
    l3[5] = (uint64_t)page[0] | PT_ATTR(0) | PT_SH_IS | PT_XN | PT_PAGE;     /* AF = 0 */
    dsb_ish();
    page[1][0] = RET_INSN;
    page[0][3] = 33;

    write_sysreg(mair_el2, MAIR_VALUE);
    write_sysreg(tcr_el2, 25 | TCR_WALK0 | TCR_TG0_4K | (2ull << 16) /* PS 40 bits */ | TCR_EL2_RES1);
    write_sysreg(ttbr0_el2, (uint64_t)l1);
    TLBI(alle2);
    write_sysreg(sctlr_el2, 0x30c50830ull | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();

    CHECK_EQ(peek(VA3(0) + 24), 33);
    poke(VA3(2) + 24, 34);                 /* AP = 01: AP[1] ignored, still writable */
    CHECK_EQ(page[0][3], 34);
    CHECK_EQ(peek(VA3(1) + 24), 34);
    CHECK_EQ(el2_fault.count, 0);
    ST(VA3(1) + 16, 1);
    CHECK_EL2_FAULT(1, 0x25, FSC_PERM(3), VA3(1) + 16);
    CHECK_EQ((el2_fault.esr >> 6) & 1, 1);
    LD(VA3(5));
    CHECK_EL2_FAULT(2, 0x25, FSC_AF(3), VA3(5));
    LD(VA3(9));
    CHECK_EL2_FAULT(3, 0x25, FSC_TRANS(3), VA3(9));
    LD(0x0000008000000000ull);
    CHECK_EL2_FAULT(4, 0x25, FSC_TRANS(0), 0x0000008000000000ull);
    call(VA3(4));                          /* PXN is ignored in the EL2 regime */
    CHECK_EQ(el2_fault.count, 4);
    call(VA3(3));
    CHECK_EL2_FAULT(5, 0x21, FSC_PERM(3), VA3(3));

    /* AT in the EL2 regime, and AT S1E1R (EL1&0 regime with its MMU off: flat). */
    uint64_t par = AT(s1e2r, VA3(1) + 0x123);
    CHECK_EQ(par & 1, 0);
    CHECK_EQ(par & 0xfffffffff000ull, (uint64_t)page[0]);
    par = AT(s1e2w, VA3(1));
    CHECK_EQ(par & 0x7f, (FSC_PERM(3) << 1) | 1);
#ifdef MMU_EL2_SINGLE
    /* EL1&0 stage 1 off: data accesses are Device-nGnRnE (ATTR 0x00) and PAR_EL1.SH is 0b10
     * for any Device memory (DDI 0487, PAR_EL1.SH: "returns the value 0b10 for any type of
     * Device memory"). QEMU 7.2 returns SH = 0b00 here: QEMU is wrong (not in lockstep). */
    par = AT(s1e1r, 0x40001000ull);
    CHECK_EQ(par & 1, 0);
    CHECK_EQ(par & 0xfffffffff000ull, 0x40001000ull);
    CHECK_EQ(par >> 56, 0);
    CHECK_EQ((par >> 7) & 3, 2);
#endif

    /* Remap and invalidate by VA, then everything. */
    l3[0] = (uint64_t)page[1] | PT_NORMAL | PT_XN | PT_PAGE;
    TLBI_X(vae2, VA3(0) >> 12);
    CHECK_EQ(peek(VA3(0)), RET_INSN);
    l3[5] |= PT_AF;
    TLBI(alle2is);
    CHECK_EQ(peek(VA3(5) + 24), 34);
    CHECK_EQ(el2_fault.count, 5);

    write_sysreg(sctlr_el2, 0x30c50830ull);
    isb();
    sh_puts("mmu_el2: ok\n");
    return 0;
}
