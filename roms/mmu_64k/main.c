/* mmu_64k: the 64 KiB granule, 42-bit VAs (T0SZ = 22: walks start at level 2), 512 MiB
 * level-2 blocks and 64 KiB pages. See ../mmu_common/granule_rom.c. */
#define GBITS 16
#define T0SZ_VALUE 22
#define TG0 TCR_TG0_64K
#define START_LEVEL 2
#define NAME "mmu_64k"
#include "../mmu_common/granule_rom.c"
