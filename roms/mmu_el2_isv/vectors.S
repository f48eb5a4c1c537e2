/* The EL2 vector table of ../mmu_el2. */
#include "../mmu_el2/vectors.S"
