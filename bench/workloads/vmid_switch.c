/*
 * vmid_switch (microbenchmark): a VMID world-switch loop between two guests, ROUNDS switches.
 * Starts at EL2 (-M virt,virtualization=on). Each guest has its own stage-2 tables (VMIDs 1 and
 * 2): RAM identity by 2 MiB blocks, except NPAGES 4 KiB pages at IPA GUEST_IPA that map onto
 * that guest's own physical pages. The guest (EL1, stage 1 off) increments one word in each of
 * its pages and makes an HVC; the EL2 handler writes the other guest's VTTBR_EL2 and ERETs into
 * it. No TLBI: a TLB tagged by VMID keeps both guests' entries; an emulator that flushes on a
 * VMID change walks NPAGES stage-2 tables per switch.
 * Self-check: each guest page was incremented exactly ROUNDS/2 times, and the run ended with
 * the final HVC #1 from EL1.
 */
#define ROUNDS 4000000ull
#define NPAGES 4
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"
#include "mmu_bench.h"

#define GUEST_IPA 0x47000000ull
#define GUEST_PA(g, p) (0x45000000ull + (uint64_t)(g) * 0x100000 + ((uint64_t)(p) << 12))

static struct s2_tables s2[2];
static uint64_t s2_l3[2][512] __attribute__((aligned(4096)));
uint64_t vttbr_of[2];
uint64_t vmid_run(uint64_t rounds);

static uint64_t g0_pa(unsigned i, unsigned p) { (void)i; return p < NPAGES ? GUEST_PA(0, p) : GUEST_IPA + ((uint64_t)p << 12); }
static uint64_t g1_pa(unsigned i, unsigned p) { (void)i; return p < NPAGES ? GUEST_PA(1, p) : GUEST_IPA + ((uint64_t)p << 12); }

/* EL2: vectors (+0x400: HVC from EL1: #0 switch guests, #1 done), and the entry. The guest
 * loop: x19 = rounds left; x20 = which guest (0/1) kept by EL2 in x21. */
__asm__(
    "    .section .text.vectors, \"ax\"\n"
    "    .balign 2048\n"
    "vmid_vectors:\n"
    "    .rept 8\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "    mrs   x9, esr_el2\n"           /* +0x400 lower EL AArch64, synchronous */
    "    and   x9, x9, #0xffff\n"
    "    cbnz  x9, vmid_done\n"
    "    eor   x21, x21, #1\n"          /* the other guest */
    "    ldr   x9, [x22, x21, lsl #3]\n"
    "    msr   vttbr_el2, x9\n"
    "    isb\n"
    "    eret\n"
    "    .balign 128\n"
    "    .rept 7\n"
    "    b .\n"
    "    .balign 128\n"
    "    .endr\n"
    "\n"
    "    .text\n"
    "    .global vmid_run\n"
    "vmid_run:\n"                       /* x0 = rounds; returns rounds left (0) */
    "    stp   x29, x30, [sp, #-48]!\n"
    "    stp   x19, x20, [sp, #16]\n"
    "    stp   x21, x22, [sp, #32]\n"
    "    mov   x19, x0\n"
    "    adr   x9, vmid_vectors\n"
    "    msr   vbar_el2, x9\n"
    "    adrp  x22, vttbr_of\n"
    "    add   x22, x22, :lo12:vttbr_of\n"
    "    mov   x21, #0\n"
    "    ldr   x9, [x22]\n"
    "    msr   vttbr_el2, x9\n"
    "    mov   x9, sp\n"
    "    msr   sp_el1, x9\n"
    "    adr   x9, vmid_guest\n"
    "    msr   elr_el2, x9\n"
    "    mov   x9, #0x3c5\n"            /* EL1h, DAIF masked */
    "    msr   spsr_el2, x9\n"
    "    isb\n"
    "    eret\n"
    "vmid_guest:\n"                     /* EL1, stage 1 off: touch NPAGES pages, HVC */
    "    mov   x10, #0x47000000\n"
    "    ldr   x11, [x10]\n"
    "    add   x11, x11, #1\n"
    "    str   x11, [x10]\n"
    "    ldr   x11, [x10, #4096]\n"
    "    add   x11, x11, #1\n"
    "    str   x11, [x10, #4096]\n"
    "    ldr   x11, [x10, #8192]\n"
    "    add   x11, x11, #1\n"
    "    str   x11, [x10, #8192]\n"
    "    ldr   x11, [x10, #12288]\n"
    "    add   x11, x11, #1\n"
    "    str   x11, [x10, #12288]\n"
    "    hvc   #0\n"
    "    subs  x19, x19, #1\n"
    "    b.ne  vmid_guest\n"
    "    hvc   #1\n"
    "    b     .\n"
    "vmid_done:\n"                      /* at EL2 on SP_EL2, as before the first ERET */
    "    mov   x0, x19\n"
    "    ldp   x21, x22, [sp, #32]\n"
    "    ldp   x19, x20, [sp, #16]\n"
    "    ldp   x29, x30, [sp], #48\n"
    "    ret\n");

uint64_t workload(void)
{
    if (MRS(CurrentEL) != 8)
        return 1; /* needs EL2 */
    unsigned block = (unsigned)((GUEST_IPA - RAM_PA) >> 21);
    s2_build(&s2[0], s2_l3[0], &block, 1, g0_pa);
    s2_build(&s2[1], s2_l3[1], &block, 1, g1_pa);
    for (int g = 0; g < 2; g++)
        for (int p = 0; p < NPAGES; p++)
            *(volatile uint64_t *)GUEST_PA(g, p) = 0;
    vttbr_of[0] = (uint64_t)(uintptr_t)s2[0].l1 | (1ull << 48);
    vttbr_of[1] = (uint64_t)(uintptr_t)s2[1].l1 | (2ull << 48);
    MSR(vtcr_el2, VTCR_VALUE);
    MSR(hcr_el2, (1ull << 31) | 1); /* RW, VM */
    __asm__ volatile("dsb ish\n tlbi alle1\n dsb ish\n isb" ::: "memory");
    uint64_t bad = vmid_run(ROUNDS);
    for (int g = 0; g < 2; g++)
        for (int p = 0; p < NPAGES; p++)
            bad |= *(volatile uint64_t *)GUEST_PA(g, p) ^ (ROUNDS / 2);
    return bad;
}
