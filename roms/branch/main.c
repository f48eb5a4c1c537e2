/*
 * branch: B, BL, BR, BLR, RET (incl. RET Xn), CBZ/CBNZ (W and X), TBZ/TBNZ, B.cond for every
 * condition, indirect calls through function pointers, a compiler switch jump table and a
 * hand-written one (ADR + LDRB + ADD + BR).
 */
#include "rom.h"

#define N_ (1ull << 31)
#define Z_ (1ull << 30)
#define C_ (1ull << 29)
#define V_ (1ull << 28)

/* 1 when B.<cond> is taken with NZCV = f. */
#define TAKEN(cond, f) ({ uint64_t r_; \
    __asm__ volatile("msr nzcv, %1\n\tmov %0, #1\n\tb." cond " 1f\n\tmov %0, #0\n1:" \
                     : "=&r"(r_) : "r"((uint64_t)(f)) : "cc"); r_; })

static void test_cond_branches(void)
{
    for (uint64_t i = 0; i < 16; i++) {
        uint64_t f = OPAQUE(i << 28);
        int n = !!(f & N_), z = !!(f & Z_), c = !!(f & C_), v = !!(f & V_);
        CHECK_EQ(TAKEN("eq", f), z);
        CHECK_EQ(TAKEN("ne", f), !z);
        CHECK_EQ(TAKEN("cs", f), c);
        CHECK_EQ(TAKEN("cc", f), !c);
        CHECK_EQ(TAKEN("mi", f), n);
        CHECK_EQ(TAKEN("pl", f), !n);
        CHECK_EQ(TAKEN("vs", f), v);
        CHECK_EQ(TAKEN("vc", f), !v);
        CHECK_EQ(TAKEN("hi", f), c && !z);
        CHECK_EQ(TAKEN("ls", f), !(c && !z));
        CHECK_EQ(TAKEN("ge", f), n == v);
        CHECK_EQ(TAKEN("lt", f), n != v);
        CHECK_EQ(TAKEN("gt", f), !z && n == v);
        CHECK_EQ(TAKEN("le", f), !(!z && n == v));
        CHECK_EQ(TAKEN("al", f), 1);
        CHECK_EQ(TAKEN("nv", f), 1); /* B.NV behaves as B.AL */
    }
}

#define CB(text, x) ({ uint64_t r_; \
    __asm__ volatile("mov %0, #1\n\t" text " 1f\n\tmov %0, #0\n1:" : "=&r"(r_) : "r"((uint64_t)(x))); r_; })

static void test_compare_branches(void)
{
    CHECK_EQ(CB("cbz %x1,", 0), 1);
    CHECK_EQ(CB("cbz %x1,", 0x100000000ull), 0);
    CHECK_EQ(CB("cbz %w1,", 0x100000000ull), 1); /* only the low 32 bits */
    CHECK_EQ(CB("cbnz %x1,", 0x100000000ull), 1);
    CHECK_EQ(CB("cbnz %w1,", 0x100000000ull), 0);
    CHECK_EQ(CB("tbz %x1, #63,", 0x7fffffffffffffffull), 1);
    CHECK_EQ(CB("tbnz %x1, #63,", 0x8000000000000000ull), 1);
    CHECK_EQ(CB("tbnz %x1, #0,", 2), 0);
    CHECK_EQ(CB("tbz %w1, #5,", 0x20), 0);
    CHECK_EQ(CB("tbnz %w1, #31,", 0x80000000ull), 1);
}

static int __attribute__((noinline)) twice(int x) { return 2 * OPAQUE(x); }
static int __attribute__((noinline)) square(int x) { return OPAQUE(x) * x; }
static int __attribute__((noinline)) negate(int x) { return -OPAQUE(x); }

static void test_indirect(void)
{
    int (*table[3])(int) = { twice, square, negate };
    int sum = 0;
    for (int i = 0; i < 30; i++)
        sum += OPAQUE(table[i % 3])(i);
    /* sum over i of: 2i (i%3==0), i^2 (i%3==1), -i (i%3==2) */
    int want = 0;
    for (int i = 0; i < 30; i++)
        want += i % 3 == 0 ? 2 * i : i % 3 == 1 ? i * i : -i;
    CHECK_EQ(sum, want);
    /* BLR and RET Xn explicitly. */
    uint64_t r;
    __asm__ volatile("adr x9, 1f\n\tblr x9\n\tb 2f\n1:\tmov %0, x30\n\tret\n2:"
                     : "=&r"(r) : : "x9", "x30");
    CHECK(r != 0);
    __asm__ volatile("adr x10, 1f\n\tmov %0, #7\n\tret x10\n\tmov %0, #0\n1:"
                     : "=&r"(r) : : "x10");
    CHECK_EQ(r, 7);
    /* BL writes the return address: the instruction after the BL. */
    __asm__ volatile("bl 1f\n2:\tb 3f\n1:\tadr %0, 2b\n\tsub %0, x30, %0\n\tret\n3:"
                     : "=&r"(r) : : "x30");
    CHECK_EQ(r, 0);
}

/* Many cases with different computations (no value table to convert to): GCC emits a jump
 * table (ADR + LDRB/LDRH + ADD + BR, see the disassembly). */
static long __attribute__((noinline, optimize("O2"))) classify(int k, long x)
{
    switch (k) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x ^ 5;
    case 3: return x - 7;
    case 4: return x << 2;
    case 5: return x >> 1;
    case 6: return x | 0x100;
    case 7: return x & 0xf;
    case 8: return ~x;
    case 9: return x * x;
    case 10: return x + 100;
    case 11: return x - 1000;
    case 12: return x * 7;
    case 13: return x ^ 0xff;
    case 14: return x << 5;
    case 15: return x + 3 * x;
    case 16: return -x;
    case 17: return x * 11;
    default: return -1;
    }
}

static long classify_ref(int k, long x)
{
    static const long mul[18] = { 1, 3, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 7, 1, 32, 4, -1, 11 };
    switch (k) {
    case 0: return x + 1;
    case 2: return x ^ 5;
    case 3: return x - 7;
    case 5: return x >> 1;
    case 6: return x | 0x100;
    case 7: return x & 0xf;
    case 8: return ~x;
    case 9: return x * x;
    case 10: return x + 100;
    case 11: return x - 1000;
    case 13: return x ^ 0xff;
    default: return k >= 0 && k < 18 ? mul[k] * x : -1;
    }
}

static uint64_t asm_jump_table(uint64_t k)
{
    uint64_t r;
    __asm__ volatile(
        "adr x9, 10f\n\t"
        "ldrb w10, [x9, %1]\n\t"
        "adr x11, 20f\n\t"
        "add x11, x11, w10, uxtb #2\n\t"
        "br x11\n"
        "10:\t.byte 0, 2, 4, 6\n\t.balign 4\n"
        "20:\tmov %0, #100\n\tb 30f\n"
        "\tmov %0, #101\n\tb 30f\n"
        "\tmov %0, #102\n\tb 30f\n"
        "\tmov %0, #103\n\tb 30f\n"
        "30:"
        : "=&r"(r) : "r"(k) : "x9", "x10", "x11");
    return r;
}

static void test_jump_tables(void)
{
    for (int k = -1; k < 20; k++)
        CHECK_EQ(classify(OPAQUE(k), OPAQUE(k + 1000L)), classify_ref(k, k + 1000L));
    for (uint64_t k = 0; k < 4; k++)
        CHECK_EQ(asm_jump_table(OPAQUE(k)), 100 + k);
}

static int __attribute__((noinline)) fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void)
{
    test_cond_branches();
    test_compare_branches();
    test_indirect();
    test_jump_tables();
    CHECK_EQ(fib(OPAQUE(12)), 144); /* recursion: BL/RET and stack frames */
    sh_puts("branch: ok\n");
    return 0;
}
