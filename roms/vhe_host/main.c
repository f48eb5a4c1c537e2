/*
 * vhe_host: a VHE host at EL2 (FEAT_VHE, run with -M virt,virtualization=on). The ROM does what
 * a Linux kernel booted at EL2 does on a VHE CPU: sets HCR_EL2.{E2H,TGE}, then programs its
 * translation regime through the EL1 register names (TCR_EL1, TTBR0_EL1, TTBR1_EL1, MAIR_EL1,
 * SCTLR_EL1, VBAR_EL1), which reach the EL2 registers, and runs EL0 code in the EL2&0 regime.
 * Checked, one by one (DDI 0487 D5.6 and D8):
 *   - EL1 names reach the EL2 registers; the _EL12 names reach the real EL1 registers;
 *   - the EL2&0 regime has two VA ranges: a TTBR1 (upper) address translates at EL2;
 *   - EL0 in host: EL0 permissions (AP[1]) apply, SVC and aborts from EL0 go to EL2 (EC 0x15,
 *     EC 0x24 with a Permission fault), and ASIDs tag EL0's entries (two address spaces, a
 *     TTBR0 switch with no TLBI between them);
 *   - TLBI VAE1 in host invalidates EL2&0 entries;
 *   - with VHE_EL12_UNDEF (ROM vhe_el12_undef): with E2H = 0 the _EL12 names are UNDEFINED
 *     at EL2 (EC 0x00): DDI 0487 D19.2, e.g. SCTLR_EL12 "Accessibility": "elsif PSTATE.EL == EL2
 *     then if HCR_EL2.E2H == '1' then X[t] = SCTLR_EL1; else UNDEFINED". QEMU 7.2 lets the access
 *     through (it checks E2H only for the redirection, not for the alias): QEMU is wrong, so that
 *     variant is not run in lockstep.
 */
#include "../mmu_common/mmu_rom.h"

extern char el2_vectors[];
void run_el0(uint64_t entry, uint64_t x0, uint64_t sp_el0);
struct { uint64_t count, esr, far, elr; } el2_fault;
struct { uint64_t count, esr, far, x1, abort_esr, abort_far; } el0_trap;

#define HCR_RW (1ull << 31)
#define HCR_TGE (1ull << 27)
#define HCR_E2H (1ull << 34)
/* SCTLR (EL1 layout, which SCTLR_EL2 has under E2H): RES1 bits, SPAN, nTWI/nTWE, SA0/SA. */
#define SCTLR_BASE 0x30d50838ull
#define HI_VA 0xffffff8000000000ull  /* upper range base with T1SZ = 25 */
#define USER_VA 0x10000000ull         /* EL0's code and data: TTBR0 level-2 entry 0, level 3 */

static uint64_t l1[512] __attribute__((aligned(4096)));      /* TTBR0, ASID 1 */
static uint64_t l1b[512] __attribute__((aligned(4096)));     /* TTBR0, ASID 2 */
static uint64_t l1_hi[512] __attribute__((aligned(4096)));   /* TTBR1 */
static uint64_t l2[512] __attribute__((aligned(4096)));      /* RAM, 2 MiB blocks */
static uint64_t l2u[512] __attribute__((aligned(4096)));     /* user, ASID 1 */
static uint64_t l2ub[512] __attribute__((aligned(4096)));    /* user, ASID 2 */
static uint64_t l3u[512] __attribute__((aligned(4096)));
static uint64_t l3ub[512] __attribute__((aligned(4096)));
static uint32_t user_code[1024] __attribute__((aligned(4096)));
static uint64_t user_data[2][512] __attribute__((aligned(4096)));
static uint64_t user_stack[512] __attribute__((aligned(4096)));
static uint64_t kernel_only[512] __attribute__((aligned(4096)));

/* EL0: x1 = [x0]; svc #0; x2 = [x0 + 0x1000] (kernel-only page); svc #1. */
static const uint32_t user_prog[] = {
    0xf9400001, /* ldr x1, [x0] */
    0xd4000001, /* svc #0 */
    0x91400403, /* add x3, x0, #1, lsl #12 */
    0xf9400062, /* ldr x2, [x3] */
    0xd4000021, /* svc #1 */
};

static void user_tables(uint64_t *l1t, uint64_t *l2t, uint64_t *l3t, uint64_t *data)
{
    l1t[1] = (uint64_t)l2 | PT_TABLE;
    l1t[0] = (uint64_t)l2t | PT_TABLE;
    l2t[USER_VA >> 21] = (uint64_t)l3t | PT_TABLE;
    l3t[0] = (uint64_t)user_code | PT_NORMAL | PT_AP_RO | PT_NG | PT_PXN | PT_PAGE;
    l3t[1] = (uint64_t)data | PT_NORMAL | PT_AP_RW | PT_NG | PT_UXN | PT_PXN | PT_PAGE;
    l3t[2] = (uint64_t)kernel_only | PT_NORMAL | PT_AP_EL1_RW | PT_NG | PT_UXN | PT_PAGE;
    l3t[3] = (uint64_t)user_stack | PT_NORMAL | PT_AP_RW | PT_NG | PT_UXN | PT_PXN | PT_PAGE;
}

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    write_sysreg(vbar_el2, (uint64_t)el2_vectors);
    write_sysreg(hcr_el2, HCR_RW | HCR_E2H | HCR_TGE);
    isb();

    /* EL1 names reach EL2 registers; _EL12 names the EL1 registers. */
    write_sysreg(vbar_el12, 0x40001000ull);
    CHECK_EQ(read_sysreg(vbar_el1), (uint64_t)el2_vectors);
    CHECK_EQ(read_sysreg(vbar_el12), 0x40001000ull);
    write_sysreg(mair_el1, MAIR_VALUE);
    CHECK_EQ(read_sysreg(mair_el2), MAIR_VALUE);
    write_sysreg(mair_el12, 0x44);
    CHECK_EQ(read_sysreg(mair_el1), MAIR_VALUE);
    CHECK_EQ(read_sysreg(mair_el12), 0x44);
    write_sysreg(contextidr_el1, 0x77);
    CHECK_EQ(read_sysreg(contextidr_el2), 0x77);

    /* The EL2&0 regime: RAM by 2 MiB blocks (EL2 only) in TTBR0 for both ASIDs, RAM again at
     * HI_VA through TTBR1 (1 GiB block), EL0's pages at USER_VA. */
    for (unsigned i = 0; i < 16; i++)
        l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | PT_NORMAL | PT_UXN | PT_BLOCK;
    l1_hi[0] = 0x40000000ull | PT_NORMAL | PT_UXN | PT_BLOCK;
    user_tables(l1, l2u, l3u, user_data[0]);
    user_tables(l1b, l2ub, l3ub, user_data[1]);
    for (unsigned i = 0; i < sizeof user_prog / 4; i++)
        user_code[i] = user_prog[i];
    user_data[0][0] = 0x1111;
    user_data[1][0] = 0x2222;
    kernel_only[0] = 0x5555;
    dsb_ish();
    __asm__ volatile("ic iallu" ::: "memory");
    write_sysreg(tcr_el1, 25 | TCR_WALK0 | TCR_TG0_4K | (25ull << 16) | TCR_WALK1 | TCR_TG1_4K |
                              (2ull << 32) /* IPS 40 bits */ | TCR_AS);
    write_sysreg(ttbr0_el1, (uint64_t)l1 | 1ull << 48);
    write_sysreg(ttbr1_el1, (uint64_t)l1_hi);
    TLBI(vmalle1);
    write_sysreg(sctlr_el1, SCTLR_BASE | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();
    CHECK_EQ(read_sysreg(sctlr_el2) & SCTLR_M, SCTLR_M);

    /* The upper range: the same RAM through TTBR1. */
    CHECK_EQ(peek(HI_VA + ((uint64_t)&kernel_only[0] - 0x40000000ull)), 0x5555);

    /* EL0 in host, ASID 1. */
    run_el0(USER_VA, USER_VA + 0x1000, USER_VA + 0x4000);
    CHECK_EQ(el0_trap.count, 3);                 /* SVC #0, the abort, SVC #1 */
    CHECK_EQ(el0_trap.x1, 0x1111);
    CHECK_EQ(ESR_EC(el0_trap.esr), 0x15);
    CHECK_EQ(ESR_ISS(el0_trap.esr), 1);
    CHECK_EQ(ESR_EC(el0_trap.abort_esr), 0x24);          /* Data Abort from a lower EL */
    CHECK_EQ(el0_trap.abort_esr & 0x3f, FSC_PERM(3));    /* AP = 00: no EL0 access */
    CHECK_EQ(el0_trap.abort_far, USER_VA + 0x2000);
    CHECK_EQ(el2_fault.count, 0);

    /* ASID 2: other user pages, no TLBI: EL0's entries are tagged. */
    el0_trap.count = 0;
    write_sysreg(ttbr0_el1, (uint64_t)l1b | 2ull << 48);
    isb();
    run_el0(USER_VA, USER_VA + 0x1000, USER_VA + 0x4000);
    CHECK_EQ(el0_trap.count, 3);
    CHECK_EQ(el0_trap.x1, 0x2222);

    /* TLBI VAE1 in host reaches EL2&0: remap ASID 2's data page to user_data[0]. */
    l3ub[1] = (uint64_t)user_data[0] | PT_NORMAL | PT_AP_RW | PT_NG | PT_UXN | PT_PXN | PT_PAGE;
    TLBI_X(vae1, 2ull << 48 | (USER_VA + 0x1000) >> 12);
    run_el0(USER_VA, USER_VA + 0x1000, USER_VA + 0x4000);
    CHECK_EQ(el0_trap.x1, 0x1111);

    /* MMU off, then E2H = 0. */
    write_sysreg(sctlr_el1, SCTLR_BASE);
    isb();
    write_sysreg(hcr_el2, HCR_RW);
    isb();
#ifdef VHE_EL12_UNDEF
    /* The _EL12 names are UNDEFINED at EL2 without E2H. */
    uint64_t v = 0;
    __asm__ volatile("mrs %0, sctlr_el12" : "+r"(v) :: "memory");
    CHECK_EQ(el2_fault.count, 1);
    CHECK_EQ(ESR_EC(el2_fault.esr), 0x00);
    __asm__ volatile("msr vbar_el12, %0" :: "r"(v) : "memory");
    CHECK_EQ(el2_fault.count, 2);
#endif
    CHECK_EQ(read_sysreg(vbar_el2), (uint64_t)el2_vectors);

    sh_puts("vhe_host: ok\n");
    return 0;
}
