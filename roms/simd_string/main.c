/*
 * simd_string: the Advanced SIMD idioms of glibc's AArch64 string functions and of a context
 * switch (string.S), checked against plain byte loops and patterns built in C:
 * strlen/memchr at every alignment and length around the 16-byte vector boundaries, memcpy and
 * memset at every alignment with lengths around the 64-byte block and 16-byte tails (guard
 * bytes must survive), a 16-byte compare, and the whole V register file saved and restored
 * with LD1/ST1 of four registers.
 * a64emu needs --preview advsimd; under QEMU, -cpu max (or any v8.0 CPU).
 */
#include "rom.h"

size_t neon_strlen(const char *s);
void *neon_memchr(const void *s, int c, size_t n);
void *neon_memcpy(void *dst, const void *src, size_t n);
void *neon_memset(void *dst, int c, size_t n);
int neon_memeq16(const void *a, const void *b);
void vregs_save(uint8_t area[512]);
void vregs_restore(const uint8_t area[512]);
void vregs_zero(void);

static void fp_enable(void)
{
    uint64_t cpacr;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr |= 3ull << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(cpacr));
}

static uint8_t src[512] __attribute__((aligned(16)));
static uint8_t dst[512] __attribute__((aligned(16)));

static void test_strlen(void)
{
    for (unsigned align = 0; align < 16; align++)
        for (unsigned len = 0; len < 70; len++) {
            char *s = (char *)src + align;
            for (unsigned i = 0; i < 100; i++)
                src[align + i] = (uint8_t)(i < len ? 'a' + i % 26 : (i == len ? 0 : 0x80 + i));
            CHECK_EQ(neon_strlen(s), len);
        }
    /* bytes before the string (in the same aligned block) are zero: they must not count */
    for (unsigned i = 0; i < 32; i++)
        src[i] = i < 5 ? 0 : 'x';
    src[31] = 0;
    CHECK_EQ(neon_strlen((char *)src + 5), 26);
}

static void test_memchr(void)
{
    for (unsigned i = 0; i < 256; i++)
        src[i] = (uint8_t)(i * 7 + 1); /* all distinct mod 256: 7 is odd */
    for (unsigned align = 0; align < 16; align++)
        for (unsigned n = 0; n < 48; n++)
            for (unsigned at = 0; at < 50; at += 3) {
                const uint8_t *s = src + align;
                void *want = at < n ? (void *)(s + at) : NULL;
                CHECK_EQ((uintptr_t)neon_memchr(s, s[at], n), (uintptr_t)want);
            }
    CHECK_EQ((uintptr_t)neon_memchr(src, 0x100 + src[3], 16), (uintptr_t)(src + 3)); /* c as unsigned char */
}

/* dst[0, da) and dst[da + n, da + n + 32) keep their 0xee guard; dst[da, da + n) is `want`
 * (src + sa when copying, else the fill byte). */
static void check_region(unsigned da, unsigned n, const uint8_t *from, uint8_t fill)
{
    for (unsigned i = 0; i < da + n + 32; i++) {
        uint8_t want = i < da || i >= da + n ? 0xee : from ? from[i - da] : fill;
        CHECK_EQ(dst[i], want);
    }
}

static void test_memcpy_memset(void)
{
    static const unsigned lens[] = { 0, 1, 15, 16, 17, 31, 63, 64, 65, 127, 128, 129, 200 };
    for (unsigned i = 0; i < 512; i++)
        src[i] = (uint8_t)(i * 13 + 5);
    for (unsigned sa = 0; sa < 16; sa += 5)
        for (unsigned da = 0; da < 16; da += 3)
            for (unsigned li = 0; li < sizeof lens / sizeof lens[0]; li++) {
                unsigned n = lens[li];
                for (unsigned i = 0; i < 512; i++)
                    dst[i] = 0xee;
                CHECK_EQ((uintptr_t)neon_memcpy(dst + da, src + sa, n), (uintptr_t)(dst + da));
                check_region(da, n, src + sa, 0);
                for (unsigned i = 0; i < 512; i++)
                    dst[i] = 0xee;
                CHECK_EQ((uintptr_t)neon_memset(dst + da, 0x1c5, n), (uintptr_t)(dst + da)); /* c as unsigned char */
                check_region(da, n, NULL, 0xc5);
            }
}

static void test_memeq(void)
{
    for (unsigned i = 0; i < 32; i++)
        src[i] = dst[i] = (uint8_t)(0xa0 + i);
    CHECK_EQ(neon_memeq16(src, dst), 1);
    for (unsigned i = 0; i < 16; i++) {
        dst[i] ^= 0x80;
        CHECK_EQ(neon_memeq16(src, dst), 0);
        dst[i] ^= 0x80;
    }
}

static uint8_t area_a[512] __attribute__((aligned(16)));
static uint8_t area_b[512] __attribute__((aligned(16)));

static void test_context_switch(void)
{
    for (unsigned i = 0; i < 512; i++)
        area_a[i] = (uint8_t)(i * 29 + (i >> 4));
    vregs_restore(area_a);
    vregs_save(area_b);
    for (unsigned i = 0; i < 512; i++)
        CHECK_EQ(area_b[i], area_a[i]);
    vregs_zero();
    vregs_save(area_b);
    for (unsigned i = 0; i < 512; i++)
        CHECK_EQ(area_b[i], 0);
    vregs_restore(area_a);
    vregs_save(area_b);
    for (unsigned i = 0; i < 512; i++)
        CHECK_EQ(area_b[i], area_a[i]);
}

int main(void)
{
    fp_enable();
    test_strlen();
    test_memchr();
    test_memcpy_memset();
    test_memeq();
    test_context_switch();
    puts_("simd_string: all checks passed\n");
    return 0;
}
