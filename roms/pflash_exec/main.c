/*
 * pflash_exec: code programmed into CFI flash (flash1), run, the block erased and reprogrammed
 * with other instructions at the same address, IC IALLU + DSB + ISB, run again: the second run
 * must execute the new instructions (DDI 0487 B2.4.4, "Concurrent modification and execution of
 * instructions": after the invalidation and the ISB the new code is what executes).
 *
 * Not in lockstep: QEMU 7.2 returns the first constant again. Its pflash model writes the array
 * behind the translator's back (no TB invalidation for ROM-device writes) and its IC IALLU does
 * not flush translated code, so it keeps running the stale translation. a64emu drops the decoded
 * instructions of a flash page when the flash device changes it (bus_host_written).
 */
#include "rom.h"

#define BLOCK (0x04000000ul + 3 * 0x40000ul)
#define CMD(c) (0x00010001u * (c))

static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }

static void wait_ready(uint64_t a)
{
    while ((rd32(a) & CMD(0x80)) != CMD(0x80))
        ;
}

static void program_word(uint64_t a, uint32_t v)
{
    wr32(a, CMD(0x40));
    wr32(a, v);
    wait_ready(a);
}

typedef uint32_t (*fn_t)(void);

int main(void)
{
    fn_t fn = (fn_t)(BLOCK + 0x40);
    for (uint32_t k = 1; k <= 3; k++) {
        wr32(BLOCK, CMD(0x20));
        wr32(BLOCK, CMD(0xd0));
        wait_ready(BLOCK);
        program_word(BLOCK + 0x40, 0x52800000u | (k * 21) << 5); /* mov w0, #21*k */
        program_word(BLOCK + 0x44, 0xd65f03c0u);                 /* ret */
        wr32(BLOCK, CMD(0xff));
        __asm__ volatile("ic iallu; dsb sy; isb" ::: "memory");
        CHECK_EQ(fn(), k * 21);
    }
    puts_("pflash_exec: ok\n");
    return 0;
}
