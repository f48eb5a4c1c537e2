/*
 * simd_memcpy: the glibc-style Advanced SIMD memcpy (bench/workloads/neon_memcpy.S: LDP/STP of
 * Q registers, copies from both ends whose accesses overlap in the middle, a dst-aligned
 * 64-byte loop finished by an overlapping copy of the last 64 bytes) against the byte-exact
 * expectation: every length 0..34 (all the small-copy paths and their boundaries), the 33..128
 * boundaries, lengths around the 64-byte loop's exits, each at another source/destination
 * alignment, and one long length at all 16 destination alignments (the loop aligns dst down).
 * For each copy: the return value, every byte of the copy, and 32 guard bytes on each side.
 * simd_string checks its own memcpy (single lanes in the tail) and memchr; this one is the
 * overlapping-access variant, which needs Normal memory: unaligned Q accesses to Device memory
 * (the MMU off) must fault (DDI 0487 B2.5.2), so the MMU is on here, RAM by one 1 GiB block.
 * a64emu needs --preview fp,advsimd; under QEMU, -cpu max (any v8.0 CPU).
 */
#include "../mmu_common/mmu_rom.h"

void *neon_memcpy(void *dst, const void *src, size_t n);

#define GUARD 32
#define SRC_BYTES 336
#define DST_BYTES 400

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint8_t src[SRC_BYTES] __attribute__((aligned(16)));
static uint8_t dst[DST_BYTES] __attribute__((aligned(16)));

static void mmu_on(void)
{
    l1[1] = 0x40000000ull | PT_NORMAL | PT_AP_EL1_RW | PT_BLOCK; /* RAM, identity */
    dsb_ish();
    write_sysreg(mair_el1, MAIR_VALUE);
    write_sysreg(tcr_el1, 25ull | TCR_WALK0 | TCR_TG0_4K | TCR_EPD1 | TCR_IPS48); /* 39-bit VA */
    write_sysreg(ttbr0_el1, (uint64_t)l1);
    isb();
    TLBI(vmalle1);
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
    isb();
}

/* An 8-byte load at any alignment (Normal memory), without the compiler splitting it into
 * byte loads as -mstrict-align would for memcpy(). */
static uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void store64(uint8_t *p, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static uint64_t bytes_at(const uint8_t *p, unsigned n) /* n < 8 bytes, little-endian */
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* dst[d - GUARD, d + n + GUARD) was 0xee; after the copy [d, d + n) must equal src + s and the
 * guards must be untouched. Compared 8 bytes at a time (the last word of each range overlaps). */
static void one_copy(unsigned s, unsigned d, unsigned n)
{
    const uint64_t guard = 0xeeeeeeeeeeeeeeeeull;
    for (unsigned i = d - GUARD; i < d + n + GUARD; i += 8) /* may run up to 7 bytes further */
        store64(dst + i, guard);
    CHECK_EQ((uintptr_t)neon_memcpy(dst + d, src + s, n), (uintptr_t)(dst + d));
    for (unsigned k = 0; k < GUARD; k += 8) {
        CHECK_EQ(load64(dst + d - GUARD + k), guard);
        CHECK_EQ(load64(dst + d + n + k), guard);
    }
    if (n < 8) {
        CHECK_EQ(bytes_at(dst + d, n), bytes_at(src + s, n));
        return;
    }
    for (unsigned k = 0; k + 8 < n; k += 8)
        CHECK_EQ(load64(dst + d + k), load64(src + s + k));
    CHECK_EQ(load64(dst + d + n - 8), load64(src + s + n - 8));
}

int main(void)
{
    write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | 3ull << 20); /* FP/SIMD: no trap */
    isb();
    mmu_on();
    for (unsigned i = 0; i < SRC_BYTES; i++)
        src[i] = (uint8_t)(i * 29 + 7 + (i >> 8)); /* no two bytes 256 apart are equal */

    static const unsigned more[] = { 47, 48, 49, 63, 64, 65, 95, 96, 97, 112, 127, 128, 129,
                                     143, 144, 145, 160, 191, 192, 193, 207, 208, 209, 255, 256, 257 };
    unsigned calls = 0;
    for (unsigned n = 0; n <= 34; n++, calls++)
        one_copy(calls * 7 % 16, GUARD + calls * 5 % 16, n);
    for (unsigned i = 0; i < sizeof more / sizeof more[0]; i++, calls++)
        one_copy(calls * 7 % 16, GUARD + calls * 5 % 16, more[i]);
    for (unsigned d = 0; d < 16; d++) /* the long path at every dst alignment (s: 3 apart) */
        one_copy(15 - d, GUARD + d, 233);
    puts_("simd_memcpy: all checks passed\n");
    return 0;
}
