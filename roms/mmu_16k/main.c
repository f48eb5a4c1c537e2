/* mmu_16k: the 16 KiB granule, 48-bit VAs (T0SZ = 16: walks start at level 0, whose table has
 * two entries), 32 MiB level-2 blocks and 16 KiB pages. See ../mmu_common/granule_rom.c. */
#define GBITS 14
#define T0SZ_VALUE 16
#define TG0 TCR_TG0_16K
#define START_LEVEL 0
#define NAME "mmu_16k"
#include "../mmu_common/granule_rom.c"
