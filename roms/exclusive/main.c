/*
 * exclusive: load/store exclusive (DDI 0487 B2.9): an LDXR/STXR increment loop, every size and
 * the acquire/release forms, pairs, STXR failing after CLREX and without a preceding LDXR, and
 * STXR's status register.
 */
#include "rom.h"

static uint64_t counter __attribute__((aligned(16)));
static uint64_t pair[2] __attribute__((aligned(16)));
static uint32_t word;
static uint16_t half;
static uint8_t byte;

static void atomic_add(uint64_t *p, uint64_t v)
{
    uint64_t tmp, status;
    __asm__ volatile("1:\tldxr %0, [%2]\n\t"
                     "add %0, %0, %3\n\t"
                     "stxr %w1, %0, [%2]\n\t"
                     "cbnz %w1, 1b"
                     : "=&r"(tmp), "=&r"(status) : "r"(p), "r"(v) : "memory");
}

int main(void)
{
    uint64_t v, st;
    for (int i = 0; i < 100; i++)
        atomic_add(&counter, (uint64_t)i);
    CHECK_EQ(counter, 4950);

    /* A successful STXR writes 0 to the status register. */
    __asm__ volatile("ldaxr %0, [%2]\n\tstlxr %w1, %3, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&counter), "r"(7ull) : "memory");
    CHECK_EQ(v, 4950);
    CHECK_EQ(st, 0);
    CHECK_EQ(counter, 7);

    /* CLREX clears the local monitor: the STXR fails (status 1) and does not store. */
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&counter), "r"(9ull) : "memory");
    CHECK_EQ(st, 1);
    CHECK_EQ(counter, 7);

    /* A second STXR after a successful one fails: the monitor is open again. */
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]\n\tstxr %w1, %4, [%2]"
                     : "=&r"(v), "=&r"(st) : "r"(&counter), "r"(8ull), "r"(10ull) : "memory");
    CHECK_EQ(st, 1);
    CHECK_EQ(counter, 8);

    /* Smaller sizes, zero-extended on load. */
    word = 0xfffffffe;
    half = 0xfffe;
    byte = 0xfe;
    __asm__ volatile("1:\tldxr %w0, [%2]\n\tadd %w0, %w0, #1\n\tstxr %w1, %w0, [%2]\n\tcbnz %w1, 1b"
                     : "=&r"(v), "=&r"(st) : "r"(&word) : "memory");
    CHECK_EQ(v, 0xffffffffull);
    CHECK_EQ(word, 0xffffffffu);
    __asm__ volatile("1:\tldaxrh %w0, [%2]\n\tadd %w0, %w0, #1\n\tstlxrh %w1, %w0, [%2]\n\tcbnz %w1, 1b"
                     : "=&r"(v), "=&r"(st) : "r"(&half) : "memory");
    CHECK_EQ(half, 0xffff);
    __asm__ volatile("1:\tldxrb %w0, [%2]\n\tadd %w0, %w0, #2\n\tstxrb %w1, %w0, [%2]\n\tcbnz %w1, 1b"
                     : "=&r"(v), "=&r"(st) : "r"(&byte) : "memory");
    CHECK_EQ(byte, 0);

    /* Pairs. */
    pair[0] = 1;
    pair[1] = 2;
    uint64_t a, b;
    __asm__ volatile("1:\tldxp %0, %1, [%3]\n\tadd %0, %0, #10\n\tadd %1, %1, #20\n\t"
                     "stxp %w2, %0, %1, [%3]\n\tcbnz %w2, 1b"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(pair) : "memory");
    CHECK_EQ(pair[0], 11);
    CHECK_EQ(pair[1], 22);
    __asm__ volatile("ldaxp %0, %1, [%3]\n\tstlxp %w2, %1, %0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(pair) : "memory");
    CHECK_EQ(st, 0);
    CHECK_EQ(pair[0], 22);
    CHECK_EQ(pair[1], 11);

    /* Load-acquire / store-release (non-exclusive). */
    __asm__ volatile("stlr %1, [%2]\n\tldar %0, [%2]" : "=&r"(v) : "r"(0x55ull), "r"(&counter) : "memory");
    CHECK_EQ(v, 0x55);
    __asm__ volatile("stlrb %w1, [%2]\n\tldarb %w0, [%2]" : "=&r"(v) : "r"(0x1ffull), "r"(&byte) : "memory");
    CHECK_EQ(v, 0xff);
    sh_puts("exclusive: ok\n");
    return 0;
}
