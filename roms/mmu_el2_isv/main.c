/* mmu_el2 with single-register loads/stores: ESR_EL2.ISV = 0 for stage-1 aborts (QEMU 7.2 is
 * wrong: see ../mmu_el2/main.c). Not run in lockstep. */
#define MMU_EL2_SINGLE 1
#include "../mmu_el2/main.c"
