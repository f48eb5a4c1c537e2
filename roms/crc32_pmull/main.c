/*
 * crc32_pmull: CRC-32 (zlib's crc32(), reflected polynomial 0xedb88320) computed the way Linux's
 * arm64 PMULL code computes it (crc32_fold.S: fold 64 bytes at a time with PMULL/PMULL2 into
 * four accumulators, then 16 at a time, then a 128 -> 64-bit reduction and a Barrett reduction
 * by PMULL), with the bytes past the last multiple of 16 done by the table, as Linux does
 * for short tails. Checked against
 *  - zlib's values for three fixed messages (worked out on the host with Python's zlib.crc32),
 *    so the expected values do not come from this ROM's own reference;
 *  - a byte-at-a-time table-driven CRC over PRNG data, for every multiple of 16 up to 256 bytes,
 *    512 (7 rounds of the 64-byte loop) and some lengths with a tail, each with another start
 *    offset (unaligned) and initial register.
 * Kept small (about 45 000 instructions) for the lockstep run.
 * a64emu needs --preview fp,advsimd,pmull; under QEMU, -cpu max.
 */
#include "rom.h"

uint32_t crc32_fold(uint32_t crc, const uint8_t *p, size_t len);

static uint32_t table[256];

static void table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (unsigned k = 0; k < 8; k++)
            c = (c >> 1) ^ ((c & 1) ? 0xedb88320u : 0);
        table[i] = c;
    }
}

/* The running register, one byte at a time. */
static uint32_t crc32_table(uint32_t crc, const uint8_t *p, size_t len)
{
    while (len--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

/* PMULL for the multiple-of-16 part, the table for the rest. */
static uint32_t crc32_pmull(uint32_t crc, const uint8_t *p, size_t len)
{
    size_t bulk = len & ~(size_t)15;
    if (bulk)
        crc = crc32_fold(crc, p, bulk);
    return crc32_table(crc, p + bulk, len - bulk);
}

/* zlib's crc32(0, p, len) */
static uint32_t crc32_zlib(const uint8_t *p, size_t len)
{
    return ~crc32_pmull(~0u, p, len);
}

static uint8_t buf[600];

static void fp_enable(void)
{
    write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | 3ull << 20);
    __asm__ volatile("isb");
}

int main(void)
{
    fp_enable();
    table_init();

    /* Known answers (zlib.crc32): bytes 0..255; "123456789" 16 times (144 bytes: two rounds of
     * the 64-byte loop and a 16-byte fold); 64 bytes of 0xff (exactly one 64-byte block). */
    for (unsigned i = 0; i < 256; i++)
        buf[i] = (uint8_t)i;
    CHECK_EQ(crc32_zlib(buf, 256), 0x29058c73);
    for (unsigned i = 0; i < 144; i++)
        buf[i] = (uint8_t)('1' + i % 9);
    CHECK_EQ(crc32_zlib(buf, 144), 0x045d0030);
    for (unsigned i = 0; i < 64; i++)
        buf[i] = 0xff;
    CHECK_EQ(crc32_zlib(buf, 64), 0x0f6187ba);
    CHECK_EQ(crc32_zlib((const uint8_t *)"123456789", 9), 0xcbf43926); /* the table alone */

    /* PRNG data against the table, every fold path: 16..48 (one chunk plus 16-byte folds),
     * 64..112 (one 64-byte block), 128..256 and 512 (1..3 and 7 rounds of the 64-byte loop). */
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < sizeof buf; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        buf[i] = (uint8_t)s;
    }
    static const unsigned lens[] = { 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208,
                                     224, 240, 256, 512, 17, 63, 65, 129, 255 };
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        const uint8_t *p = buf + i % 11;
        uint32_t init = (uint32_t)(0x9e3779b9u * (i + 1));
        CHECK_EQ(crc32_pmull(init, p, lens[i]), crc32_table(init, p, lens[i]));
    }
    puts_("crc32_pmull: all checks passed\n");
    return 0;
}
