/*
 * mmu_ldst: the ldst workload with the MMU on (EL1&0 stage 1, RAM by one 1 GiB block): its whole
 * working set stays in the TLB, so this measures the cost of the fast path in front of the TLB
 * (a64emu's host-pointer soft TLB, QEMU's softmmu TLB) against ldst with the MMU off.
 */
#define BENCH_SETUP mmu_ldst_setup
static void mmu_ldst_setup(void);
#include "ldst.c"
#include "mmu_bench.h"

static void mmu_ldst_setup(void)
{
    s1_enable(0);
}
