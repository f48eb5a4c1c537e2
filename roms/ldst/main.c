/*
 * ldst: every A64 integer load/store addressing mode (unsigned offset, unscaled, pre- and
 * post-index with write-back, register offset with each extend and shift, PC-relative literal),
 * each size, sign extension into W and X, and pairs (including LDPSW).
 */
#include "rom.h"

static uint64_t buf[8] __attribute__((aligned(64)));

static void fill(void)
{
    for (int i = 0; i < 8; i++)
        buf[i] = 0x8070605040302010ull + 0x0101010101010101ull * (uint64_t)i;
}

#define LD(text, base) ({ uint64_t r_; \
    __asm__ volatile(text : "=&r"(r_) : "r"(base) : "memory"); r_; })
#define LDI(text, base, idx) ({ uint64_t r_; \
    __asm__ volatile(text : "=&r"(r_) : "r"(base), "r"((uint64_t)(idx)) : "memory"); r_; })

static void test_loads(void)
{
    fill();
    uint8_t *b = OPAQUE((uint8_t *)buf);
    /* Unsigned scaled offset, each size. */
    CHECK_EQ(LD("ldr %x0, [%1, #8]", b), 0x8171615141312111ull);
    CHECK_EQ(LD("ldr %w0, [%1, #12]", b), 0x81716151ull);
    CHECK_EQ(LD("ldrh %w0, [%1, #14]", b), 0x8171);
    CHECK_EQ(LD("ldrb %w0, [%1, #15]", b), 0x81);
    /* Unscaled (LDUR), including a negative offset. */
    CHECK_EQ(LD("ldur %x0, [%1, #-8]", b + 16), 0x8171615141312111ull);
    CHECK_EQ(LD("ldurh %w0, [%1, #-2]", b + 16), 0x8171);
    CHECK_EQ(LD("ldursb %x0, [%1, #-1]", b + 16), 0xffffffffffffff81ull);
    /* Sign extension. */
    CHECK_EQ(LD("ldrsb %x0, [%1, #7]", b), 0xffffffffffffff80ull);
    CHECK_EQ(LD("ldrsb %w0, [%1, #7]", b), 0xffffff80ull);
    CHECK_EQ(LD("ldrsb %x0, [%1, #6]", b), 0x70);
    CHECK_EQ(LD("ldrsh %x0, [%1, #6]", b), 0xffffffffffff8070ull);
    CHECK_EQ(LD("ldrsh %w0, [%1, #6]", b), 0xffff8070ull);
    CHECK_EQ(LD("ldrsw %x0, [%1, #4]", b), 0xffffffff80706050ull);
    CHECK_EQ(LD("ldrsw %x0, [%1, #0]", b), 0x40302010ull);
    /* Register offset: LSL by the size, UXTW, SXTW (negative index), SXTX. */
    CHECK_EQ(LDI("ldr %x0, [%1, %2, lsl #3]", b, 2), buf[2]);
    CHECK_EQ(LDI("ldr %x0, [%1, %2]", b, 24), buf[3]);
    CHECK_EQ(LDI("ldr %w0, [%1, %w2, uxtw #2]", b, 3), 0x81716151ull);
    CHECK_EQ(LDI("ldr %x0, [%1, %w2, sxtw #3]", b + 32, 0xffffffffu), buf[3]);
    CHECK_EQ(LDI("ldrh %w0, [%1, %w2, sxtw]", b + 32, 0xfffffffeu), 0x8373);
    CHECK_EQ(LDI("ldrsb %x0, [%1, %2, sxtx]", b + 32, (uint64_t)-1), 0xffffffffffffff83ull);
    CHECK_EQ(LDI("ldrb %w0, [%1, %2, lsl #0]", b, 9), 0x21);
    /* Literal. */
    CHECK_EQ(LD("ldr %x0, 1f\n\tb 2f\n\t.balign 8\n1:\t.quad 0x1122334455667788\n2:", b),
             0x1122334455667788ull);
    CHECK_EQ(LD("ldr %w0, 1f\n\tb 2f\n1:\t.word 0x99aabbcc\n2:", b), 0x99aabbccull);
    CHECK_EQ(LD("ldrsw %x0, 1f\n\tb 2f\n1:\t.word 0x99aabbcc\n2:", b), 0xffffffff99aabbccull);
    CHECK_EQ(LD("prfm pldl1keep, [%1]\n\tprfm pstl2strm, [%1, #64]\n\tmov %x0, #1", b), 1);
}

static void test_writeback(void)
{
    fill();
    uint64_t base = (uint64_t)(uintptr_t)OPAQUE((uint8_t *)buf), v, p;
    /* Pre-index: the access uses base + offset, which is written back. */
    p = base;
    __asm__ volatile("ldr %0, [%1, #16]!" : "=&r"(v), "+r"(p) : : "memory");
    CHECK_EQ(v, buf[2]);
    CHECK_EQ(p, base + 16);
    /* Post-index: the access uses base, then base + offset is written back. */
    __asm__ volatile("ldr %0, [%1], #-8" : "=&r"(v), "+r"(p) : : "memory");
    CHECK_EQ(v, buf[2]);
    CHECK_EQ(p, base + 8);
    __asm__ volatile("ldrsh %0, [%1, #6]!" : "=&r"(v), "+r"(p) : : "memory");
    CHECK_EQ(v, 0xffffffffffff8171ull);
    CHECK_EQ(p, base + 14);
    __asm__ volatile("ldrb %w0, [%1], #1" : "=&r"(v), "+r"(p) : : "memory");
    CHECK_EQ(v, 0x71);
    CHECK_EQ(p, base + 15);
    /* Stores with write-back. */
    p = base + 32;
    __asm__ volatile("str %1, [%0, #-8]!" : "+r"(p) : "r"(0x1111ull) : "memory");
    CHECK_EQ(p, base + 24);
    CHECK_EQ(buf[3], 0x1111);
    __asm__ volatile("strh %w1, [%0], #2" : "+r"(p) : "r"(0xabcdull) : "memory");
    CHECK_EQ(p, base + 26);
    CHECK_EQ(buf[3], 0xabcd);
    __asm__ volatile("strb %w1, [%0, #1]!" : "+r"(p) : "r"(0xeeull) : "memory");
    CHECK_EQ(p, base + 27);
    CHECK_EQ(buf[3], 0xee00abcdull);
}

static void test_stores(void)
{
    fill();
    uint8_t *b = OPAQUE((uint8_t *)buf);
    uint64_t v = OPAQUE(0x1122334455667788ull);
    __asm__ volatile("str %x1, [%0, #0]" : : "r"(b), "r"(v) : "memory");
    __asm__ volatile("str %w1, [%0, #8]" : : "r"(b), "r"(v) : "memory");
    __asm__ volatile("strh %w1, [%0, #16]" : : "r"(b), "r"(v) : "memory");
    __asm__ volatile("strb %w1, [%0, #24]" : : "r"(b), "r"(v) : "memory");
    __asm__ volatile("stur %x1, [%0, #33]" : : "r"(b), "r"(0ull) : "memory"); /* clears 33..40 */
    __asm__ volatile("str %x1, [%0, %2, lsl #3]" : : "r"(b), "r"(v), "r"(5ull) : "memory");
    __asm__ volatile("strh %w1, [%0, %w2, uxtw #1]" : : "r"(b), "r"(0xffffull), "r"(24u) : "memory");
    CHECK_EQ(buf[0], 0x1122334455667788ull);
    CHECK_EQ(buf[1], 0x8171615155667788ull);
    CHECK_EQ(buf[2], 0x8272625242327788ull);
    CHECK_EQ(buf[3], 0x8373635343332388ull);
    CHECK_EQ(buf[4], 0x0000000000000014ull);
    CHECK_EQ(buf[5], 0x1122334455667788ull);
    CHECK_EQ(buf[6], 0x867666564636ffffull);
    /* str xzr / wzr: register 31 is the zero register for the data. */
    __asm__ volatile("str xzr, [%0, #56]" : : "r"(b) : "memory");
    CHECK_EQ(buf[7], 0);
}

static void test_pairs(void)
{
    fill();
    uint64_t base = (uint64_t)(uintptr_t)OPAQUE((uint8_t *)buf), a, c, p;
    __asm__ volatile("ldp %0, %1, [%2, #16]" : "=&r"(a), "=&r"(c) : "r"(base) : "memory");
    CHECK_EQ(a, buf[2]);
    CHECK_EQ(c, buf[3]);
    __asm__ volatile("ldp %w0, %w1, [%2, #4]" : "=&r"(a), "=&r"(c) : "r"(base) : "memory");
    CHECK_EQ(a, 0x80706050ull);
    CHECK_EQ(c, 0x41312111ull);
    __asm__ volatile("ldpsw %0, %1, [%2, #4]" : "=&r"(a), "=&r"(c) : "r"(base) : "memory");
    CHECK_EQ(a, 0xffffffff80706050ull);
    CHECK_EQ(c, 0x41312111ull);
    p = base;
    __asm__ volatile("ldp %0, %1, [%2, #32]!" : "=&r"(a), "=&r"(c), "+r"(p) : : "memory");
    CHECK_EQ(a, buf[4]);
    CHECK_EQ(c, buf[5]);
    CHECK_EQ(p, base + 32);
    __asm__ volatile("ldp %0, %1, [%2], #-16" : "=&r"(a), "=&r"(c), "+r"(p) : : "memory");
    CHECK_EQ(a, buf[4]);
    CHECK_EQ(p, base + 16);
    __asm__ volatile("stp %1, %2, [%0, #-16]!" : "+r"(p) : "r"(0xaull), "r"(0xbull) : "memory");
    CHECK_EQ(p, base);
    CHECK_EQ(buf[0], 0xa);
    CHECK_EQ(buf[1], 0xb);
    __asm__ volatile("stp %w1, %w2, [%0], #8" : "+r"(p) : "r"(0xcull), "r"(0xdull) : "memory");
    CHECK_EQ(p, base + 8);
    CHECK_EQ(buf[0], 0x0000000d0000000cull);
    __asm__ volatile("stp xzr, %1, [%0, #48]" : : "r"(base), "r"(7ull) : "memory");
    CHECK_EQ(buf[6], 0);
    CHECK_EQ(buf[7], 7);
    /* Pair on the stack (SP as base, with write-back). */
    __asm__ volatile("stp %2, %3, [sp, #-16]!\n\tldp %0, %1, [sp], #16"
                     : "=&r"(a), "=&r"(c) : "r"(0x55ull), "r"(0x66ull) : "memory");
    CHECK_EQ(a, 0x55);
    CHECK_EQ(c, 0x66);
}

int main(void)
{
    test_loads();
    test_writeback();
    test_stores();
    test_pairs();
    sh_puts("ldst: ok\n");
    return 0;
}
