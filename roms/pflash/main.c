/*
 * pflash: the CFI flash bank flash1 (0x0400_0000, QEMU virt's second pflash_cfi01, two x16 parts
 * on a 32-bit bus) driven the way U-Boot's and EDK2's CFI drivers drive it: CFI query, identifier,
 * status, block erase, word program, buffered program, lock/unlock, a bad command, and code
 * programmed into the flash and run from it (roms/pflash_exec reprograms it and runs it again:
 * not in lockstep, QEMU 7.2 keeps running its stale translation).
 *
 * Every value read lands in a register, so the lockstep run against QEMU compares each answer;
 * the CHECKs give the expected values on their own too. With a -drive if=pflash,unit=1 file,
 * tests/scripts/test_pflash.sh compares the file both emulators leave behind.
 */
#include "rom.h"

#define FLASH1 0x04000000ul
#define SECTOR 0x40000ul           /* 256 KiB erase block of the bank */
#define BLOCK (FLASH1 + 2 * SECTOR) /* the block this ROM erases and programs */
#define CMD(c) (0x00010001u * (c)) /* the same command to both x16 parts */

static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint16_t rd16(uint64_t a) { return *(volatile uint16_t *)a; }
static inline uint8_t rd8(uint64_t a) { return *(volatile uint8_t *)a; }
static inline uint64_t rd64(uint64_t a) { return *(volatile uint64_t *)a; }

/* Poll the status register of both parts until both are ready (SR.7). */
static uint32_t wait_ready(uint64_t a)
{
    uint32_t s;
    do
        s = rd32(a);
    while ((s & CMD(0x80)) != CMD(0x80));
    return s;
}

static void test_cfi(void)
{
    wr32(FLASH1 + 0x55 * 4, CMD(0x98));
    CHECK_EQ(rd32(FLASH1 + 0x10 * 4), CMD('Q'));
    CHECK_EQ(rd32(FLASH1 + 0x11 * 4), CMD('R'));
    CHECK_EQ(rd32(FLASH1 + 0x12 * 4), CMD('Y'));
    CHECK_EQ(rd32(FLASH1 + 0x13 * 4), CMD(0x01)); /* Intel/Sharp command set */
    CHECK_EQ(rd32(FLASH1 + 0x27 * 4), CMD(25));   /* 32 MiB per x16 part */
    CHECK_EQ(rd32(FLASH1 + 0x2A * 4), CMD(11));   /* 2 KiB write buffer per part */
    CHECK_EQ(rd32(FLASH1 + 0x2C * 4), CMD(1));    /* one erase block region ... */
    CHECK_EQ(rd32(FLASH1 + 0x2D * 4), CMD(0xff)); /* of 256 blocks ... */
    CHECK_EQ(rd32(FLASH1 + 0x30 * 4), CMD(0x02)); /* of 128 KiB per part */
    uint32_t sum = 0;
    for (unsigned q = 0; q < 0x60; q++) /* the whole table and past its end (0) */
        sum = sum * 31 + rd32(FLASH1 + q * 4);
    OPAQUE(sum);
    /* Narrow and wide reads: the word's answer, truncated or (8 bytes) as two 32-bit reads. */
    CHECK_EQ(rd16(FLASH1 + 0x10 * 4), 'Q');
    CHECK_EQ(rd8(FLASH1 + 0x11 * 4), 'R');
    CHECK_EQ(rd64(FLASH1 + 0x10 * 4), ((uint64_t)CMD('R') << 32) | CMD('Q'));
    /* A command other than read array leaves query mode on (QEMU). */
    wr32(FLASH1, CMD(0x70));
    CHECK_EQ(rd32(FLASH1 + 0x10 * 4), CMD('Q'));
    wr32(FLASH1, CMD(0xff));
}

static void test_id_status(void)
{
    wr32(FLASH1, CMD(0x90));
    CHECK_EQ(rd32(FLASH1 + 0), CMD(0x89)); /* Intel */
    CHECK_EQ(rd32(FLASH1 + 4), CMD(0x18));
    CHECK_EQ(rd32(FLASH1 + 8), 0);         /* block lock status: not modelled */
    wr32(FLASH1, CMD(0x70));
    CHECK_EQ(rd32(FLASH1), CMD(0x80));
    CHECK_EQ(rd16(FLASH1 + 2), 0x80);
    wr32(FLASH1, CMD(0x50));               /* clear status, back to read array */
    wr32(FLASH1, CMD(0x70));
    CHECK_EQ(rd32(FLASH1), 0);
    wr32(FLASH1, CMD(0xff));
}

static void test_erase_program(void)
{
    wr32(BLOCK, CMD(0x60));                /* unlock the block (accepted, nothing locks) */
    wr32(BLOCK, CMD(0xd0));
    CHECK_EQ(wait_ready(BLOCK) & CMD(0x30), 0);
    wr32(BLOCK + 0x100, CMD(0x20));        /* erase, anywhere in the block */
    wr32(BLOCK + 0x100, CMD(0xd0));
    CHECK_EQ(wait_ready(BLOCK) & CMD(0x30), 0);
    wr32(BLOCK, CMD(0xff));
    for (uint64_t a = BLOCK; a < BLOCK + SECTOR; a += 0x1000)
        CHECK_EQ(rd32(a), 0xffffffffu);
    CHECK_EQ(rd32(BLOCK + SECTOR - 4), 0xffffffffu);
    CHECK_EQ(rd32(BLOCK + SECTOR), rd32(BLOCK + SECTOR)); /* next block untouched (any value) */

    wr32(BLOCK + 0x10, CMD(0x40));         /* word program */
    wr32(BLOCK + 0x10, 0x12345678);
    CHECK_EQ(wait_ready(BLOCK + 0x10), CMD(0x80)); /* reads give the status until read array */
    wr32(BLOCK, CMD(0xff));
    CHECK_EQ(rd32(BLOCK + 0x10), 0x12345678);
    CHECK_EQ(rd32(BLOCK + 0x14), 0xffffffffu);

    wr32(BLOCK + 0x200, CMD(0xe8));        /* buffered program of 8 words */
    wait_ready(BLOCK + 0x200);
    wr32(BLOCK + 0x200, CMD(8 - 1));
    for (unsigned i = 0; i < 8; i++)
        wr32(BLOCK + 0x200 + 4 * i, 0xa5000000u + i * 0x01010101u);
    wr32(BLOCK + 0x200, CMD(0xd0));
    CHECK_EQ(wait_ready(BLOCK + 0x200) & CMD(0x30), 0);
    wr32(BLOCK, CMD(0xff));
    for (unsigned i = 0; i < 8; i++)
        CHECK_EQ(rd32(BLOCK + 0x200 + 4 * i), 0xa5000000u + i * 0x01010101u);
    CHECK_EQ(rd32(BLOCK + 0x220), 0xffffffffu);

    wr32(BLOCK, CMD(0x60));                /* lock: accepted, the block stays writable (QEMU) */
    wr32(BLOCK, CMD(0x01));
    CHECK_EQ(wait_ready(BLOCK), CMD(0x80));
    wr32(BLOCK, CMD(0xff));
}

static void test_bad_command(void)
{
    wr32(BLOCK, CMD(0x70));
    wr32(BLOCK, 0x12345678);               /* not a command: back to read array */
    CHECK_EQ(rd32(BLOCK + 0x10), 0x12345678);
    wr32(BLOCK, CMD(0x20));                /* erase setup ... */
    wr32(BLOCK, CMD(0xff));                /* ... cancelled: QEMU erased already at 0x20 */
    CHECK_EQ(rd32(BLOCK + 0x10), 0xffffffffu);
    wr32(BLOCK + 0x400, CMD(0xe8));        /* buffered program ... */
    wr32(BLOCK + 0x400, CMD(1));
    wr32(BLOCK + 0x400, 0x11223344);
    wr32(BLOCK + 0x404, 0x55667788);
    wr32(BLOCK + 0x400, CMD(0xff));        /* ... not confirmed: the write buffer is dropped */
    CHECK_EQ(rd32(BLOCK + 0x400), 0xffffffffu);
    CHECK_EQ(rd32(BLOCK + 0x404), 0xffffffffu);
}

typedef uint32_t (*fn_t)(void);

static void program_word(uint64_t a, uint32_t v)
{
    wr32(a, CMD(0x40));
    wr32(a, v);
    wait_ready(a);
}

/* Code in flash: programmed and run. */
static void test_execute(void)
{
    fn_t fn = (fn_t)(BLOCK + 0x800);
    for (uint32_t k = 1; k <= 1; k++) {
        wr32(BLOCK, CMD(0x20));
        wr32(BLOCK, CMD(0xd0));
        wait_ready(BLOCK);
        program_word(BLOCK + 0x800, 0x52800000u | (k * 21) << 5); /* mov w0, #21*k */
        program_word(BLOCK + 0x804, 0xd65f03c0u);                 /* ret */
        wr32(BLOCK, CMD(0xff));
        __asm__ volatile("ic iallu; dsb sy; isb" ::: "memory");
        CHECK_EQ(fn(), k * 21);
    }
}

/* Leave a known pattern for the file comparison of test_pflash.sh. */
static void leave_pattern(void)
{
    wr32(BLOCK, CMD(0x20));
    wr32(BLOCK, CMD(0xd0));
    wait_ready(BLOCK);
    for (unsigned i = 0; i < 16; i++)
        program_word(BLOCK + 4 * i, 0xc0de0000u + i);
    wr32(BLOCK, CMD(0xff));
}

int main(void)
{
    test_cfi();
    test_id_status();
    test_erase_program();
    test_bad_command();
    test_execute();
    leave_pattern();
    puts_("pflash: ok\n");
    return 0;
}
