/*
 * mmu_linux: a Linux-like EL1&0 setup. 4K granule, 48-bit VAs in both halves, 16-bit ASIDs.
 *  - the kernel (this ROM, identity-mapped with 2 MiB global blocks, EL1-only, UXN) is shared by
 *    both processes' TTBR0 tables and aliased in the TTBR1 half at 0xffff000040000000;
 *  - two processes (ASID 1 and 2) map the same user VAs to different pages with nG entries:
 *    code at 0x400000 (EL0 read/execute, PXN), a counter at 0x800000 (EL0 read/write, XN);
 *  - TTBR0 switches between them with no TLBI; each sees its own counter;
 *  - EL0 faults (write to the kernel, write to its own read-only code, execute of its data) are
 *    taken to EL1 as lower-EL aborts with the right FSC and FAR; LDTR/STTR at EL1 use EL0
 *    permissions; AT S1E0R/S1E1W report PAR_EL1; TLBI VAE1 (by ASID) makes a changed user PTE
 *    visible.
 */
#define MMU_ROM_DEFINE_HANDLER
#include "../mmu_common/mmu_rom.h"

extern char user_page[];
extern char run_user_resume[];
uint64_t run_user(uint64_t entry, uint64_t x0);

#define USER_CODE 0x400000ull
#define USER_DATA 0x601000ull
#define KALIAS 0xffff000000000000ull
#define ASID(n) ((uint64_t)(n) << 48)

/* Tables: kernel L2 (identity blocks for 1 GiB at 0x40000000), per process L0/L1/L2/L3, TTBR1
 * L0/L1. */
static uint64_t k_l2[512] __attribute__((aligned(4096)));
static uint64_t p_l0[2][512] __attribute__((aligned(4096)));
static uint64_t p_l1[2][512] __attribute__((aligned(4096)));
static uint64_t p_l2[2][512] __attribute__((aligned(4096)));
static uint64_t p_l3[2][512] __attribute__((aligned(4096)));
static uint64_t t1_l0[512] __attribute__((aligned(4096)));
static uint64_t t1_l1[512] __attribute__((aligned(4096)));
static uint64_t data_page[3][512] __attribute__((aligned(4096)));

static struct { unsigned count; uint64_t esr, far, x0; } user_exc;

/* EL0 exceptions: record, then resume the kernel at run_user_resume with X0 = user X0 (SVC)
 * or ~0 (anything else). */
static int el0_handler(struct exc_frame *f)
{
    user_exc.count++;
    user_exc.esr = f->esr;
    user_exc.far = f->far;
    user_exc.x0 = f->x[0];
    if (ESR_EC(f->esr) != 0x15)
        f->x[0] = ~0ull;
    f->elr = (uint64_t)run_user_resume;
    f->spsr = 0x3c5; /* EL1h, DAIF masked */
    return 1;
}

static uint64_t l3_index(uint64_t va) { return (va >> 12) & 511; }

static void build_tables(void)
{
    /* Kernel: 0x40000000-0x7fffffff as 2 MiB blocks, global, EL1 RW, UXN. */
    for (unsigned i = 0; i < 512; i++)
        k_l2[i] = (0x40000000ull + ((uint64_t)i << 21)) | PT_NORMAL | PT_AP_EL1_RW | PT_UXN | PT_BLOCK;
    for (unsigned p = 0; p < 2; p++) {
        p_l0[p][0] = (uint64_t)p_l1[p] | PT_TABLE;
        p_l1[p][0] = (uint64_t)p_l2[p] | PT_TABLE;             /* user space, 0-1 GiB */
        p_l1[p][1] = (uint64_t)k_l2 | PT_TABLE;                /* kernel, shared */
        p_l2[p][0] = 0;
        p_l2[p][USER_CODE >> 21] = (uint64_t)p_l3[p] | PT_TABLE;
        p_l3[p][l3_index(USER_CODE)] = (uint64_t)user_page | PT_NORMAL | PT_NG | PT_AP_RO | PT_PXN | PT_PAGE;
        p_l3[p][l3_index(USER_DATA)] = 0;
    }
    /* USER_DATA is in another 2 MiB region: its own L3 (reuse the same table index space). */
    for (unsigned p = 0; p < 2; p++) {
        p_l2[p][USER_DATA >> 21] = (uint64_t)p_l3[p] | PT_TABLE; /* same L3: different index */
        p_l3[p][l3_index(USER_DATA)] =
            (uint64_t)data_page[p] | PT_NORMAL | PT_NG | PT_AP_RW | PT_UXN | PT_PXN | PT_PAGE;
    }
    /* TTBR1: the kernel again at KALIAS + 0x40000000. */
    t1_l0[0] = (uint64_t)t1_l1 | PT_TABLE;
    t1_l1[1] = (uint64_t)k_l2 | PT_TABLE;
    dsb_ish();
}

static void switch_to(unsigned p)
{
    write_sysreg(ttbr0_el1, (uint64_t)p_l0[p] | ASID(p + 1));
    isb();
}

int main(void)
{
    rom_set_sync_handler(record_fault);
    rom_set_lower_sync_handler(el0_handler);
    /* (ID_AA64MMFR0_EL1 is checked by a unit test: QEMU's cortex-a57 has PARange 44 bits,
     * so reading it here would diverge in lockstep.) */
    build_tables();
    data_page[0][0] = 100;
    data_page[1][0] = 200;
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, 16 | TCR_WALK0 | TCR_TG0_4K | 16ull << 16 | TCR_WALK1 | TCR_TG1_4K | TCR_IPS48 | TCR_AS);
    write_sysreg(ttbr1_el1, (uint64_t)t1_l0);
    switch_to(0);
    TLBI(vmalle1);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();

    /* The kernel runs on through its identity map, and its TTBR1 alias reads the same memory. */
    static volatile uint64_t marker = 0x1234abcd;
    CHECK_EQ(peek(KALIAS + (uint64_t)&marker), 0x1234abcd);
    poke(KALIAS + (uint64_t)&marker, 0x5555);
    CHECK_EQ(marker, 0x5555);

    /* Process 1, then process 2, then 1 again: TTBR0 switches, no TLBI. */
    uint64_t user_inc = USER_CODE, user_store = USER_CODE + 64, user_jump = USER_CODE + 128;
    CHECK_EQ(run_user(user_inc, USER_DATA), 101);
    switch_to(1);
    CHECK_EQ(run_user(user_inc, USER_DATA), 201);
    CHECK_EQ(run_user(user_inc, USER_DATA), 202);
    switch_to(0);
    CHECK_EQ(run_user(user_inc, USER_DATA), 102);
    switch_to(1);
    CHECK_EQ(run_user(user_inc, USER_DATA), 203);
    CHECK_EQ(data_page[0][0], 102);
    CHECK_EQ(data_page[1][0], 203);
    CHECK_EQ(user_exc.count, 5);
    CHECK_EQ(ESR_EC(user_exc.esr), 0x15);

    /* EL0 faults, taken to EL1 from a lower EL (EC 0x24 / 0x20). */
    uint64_t kaddr = (uint64_t)&marker;
    CHECK_EQ(run_user(user_store, kaddr), ~0ull);             /* kernel block: EL1 only */
    CHECK_EQ(ESR_EC(user_exc.esr), 0x24);
    CHECK_EQ(user_exc.esr & 0x3f, FSC_PERM(2));
    CHECK_EQ((user_exc.esr >> 6) & 1, 1);                      /* WnR */
    CHECK_EQ(user_exc.far, kaddr);
    CHECK_EQ(run_user(user_store, USER_CODE + 8), ~0ull);      /* own code: read-only */
    CHECK_EQ(user_exc.esr & 0x3f, FSC_PERM(3));
    CHECK_EQ(user_exc.far, USER_CODE + 8);
    CHECK_EQ(run_user(user_store, 0x10000000ull), ~0ull);      /* unmapped: level 2 */
    CHECK_EQ(user_exc.esr & 0x3f, FSC_TRANS(2));
    CHECK_EQ(run_user(user_jump, USER_DATA), ~0ull);           /* execute data: UXN */
    CHECK_EQ(ESR_EC(user_exc.esr), 0x20);
    CHECK_EQ(user_exc.esr & 0x3f, FSC_PERM(3));
    CHECK_EQ(user_exc.far, USER_DATA);
    CHECK_EQ(run_user(user_jump, kaddr & ~3ull), ~0ull);       /* execute kernel: UXN block */
    CHECK_EQ(user_exc.esr & 0x3f, FSC_PERM(2));

    /* LDTR/STTR at EL1 check EL0 permissions. */
    uint64_t v;
    __asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(USER_DATA) : "memory");
    CHECK_EQ(v, 203);
    CHECK_EQ(last_fault.count, 0);
    __asm__ volatile("mov %0, #7\n\tldtr %0, [%1]" : "=&r"(v) : "r"(kaddr) : "memory");
    CHECK_EQ(v, 7);                                             /* skipped: not loaded */
    CHECK_FAULT(1, 0x25, FSC_PERM(2), kaddr);
    __asm__ volatile("sttr %0, [%1]" :: "r"(5ull), "r"(USER_CODE) : "memory");
    CHECK_FAULT(2, 0x25, FSC_PERM(3), USER_CODE);

    /* AT: EL0 read of the counter gives its PA; EL1 write to user code faults (AP = RO). */
    uint64_t par = AT(s1e0r, USER_DATA + 0x18);
    CHECK_EQ(par & 1, 0);
    CHECK_EQ(par & 0xfffffffff000ull, (uint64_t)data_page[1]);
    CHECK_EQ(par >> 56, 0xff);                                  /* Normal WB attribute */
    par = AT(s1e1w, USER_CODE);
    CHECK_EQ(par & 1, 1);
    CHECK_EQ((par >> 1) & 0x3f, FSC_PERM(3));
    par = AT(s1e1r, 0x10000000ull);
    CHECK_EQ(par & 1, 1);
    CHECK_EQ((par >> 1) & 0x3f, FSC_TRANS(2));

    /* Remap process 2's counter to another page; TLBI VAE1 with its ASID makes it visible. */
    data_page[2][0] = 900;
    p_l3[1][l3_index(USER_DATA)] =
        (uint64_t)data_page[2] | PT_NORMAL | PT_NG | PT_AP_RW | PT_UXN | PT_PXN | PT_PAGE;
    TLBI_X(vae1, (USER_DATA >> 12) | ASID(2));
    CHECK_EQ(run_user(user_inc, USER_DATA), 901);
    /* Process 1 is untouched; ASIDE1 and VMALLE1IS are harmless for correctness. */
    switch_to(0);
    TLBI_X(aside1, ASID(1));
    CHECK_EQ(run_user(user_inc, USER_DATA), 103);
    TLBI(vmalle1is);
    switch_to(1);
    CHECK_EQ(run_user(user_inc, USER_DATA), 902);

    /* Back to flat addresses. */
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_M);
    isb();
    CHECK_EQ(data_page[2][0], 902);
    sh_puts("mmu_linux: ok\n");
    return 0;
}
