/*
 * lse: ARMv8.1 Large System Extensions atomics (built with -march=armv8.1-a; lockstep against
 * QEMU -cpu max): LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP, CAS, CASP, with the
 * acquire/release forms, each size, and the ST* aliases. Each returns the old value.
 */
#include "rom.h"

static uint64_t m __attribute__((aligned(16)));
static uint64_t mp[2] __attribute__((aligned(16)));
static uint32_t m32;
static uint16_t m16;
static uint8_t m8;

#define RMW(insn, val) ({ uint64_t old_; \
    __asm__ volatile(insn " %1, %0, [%2]" : "=&r"(old_) : "r"((uint64_t)(val)), "r"(&m) : "memory"); old_; })
#define RMW_W(insn, val, ptr) ({ uint64_t old_; \
    __asm__ volatile(insn " %w1, %w0, [%2]" : "=&r"(old_) : "r"((uint64_t)(val)), "r"(ptr) : "memory"); old_; })

int main(void)
{
    m = 100;
    CHECK_EQ(RMW("ldadd", 5), 100);
    CHECK_EQ(m, 105);
    CHECK_EQ(RMW("ldadda", -6), 105);
    CHECK_EQ(m, 99);
    m = 0xff;
    CHECK_EQ(RMW("ldclrl", 0x0f), 0xff);
    CHECK_EQ(m, 0xf0);
    CHECK_EQ(RMW("ldeoral", 0xff), 0xf0);
    CHECK_EQ(m, 0x0f);
    CHECK_EQ(RMW("ldset", 0x100), 0x0f);
    CHECK_EQ(m, 0x10f);
    m = (uint64_t)-5;
    CHECK_EQ(RMW("ldsmax", 3), (uint64_t)-5);
    CHECK_EQ(m, 3);
    CHECK_EQ(RMW("ldsmin", -7), 3);
    CHECK_EQ(m, (uint64_t)-7);
    CHECK_EQ(RMW("ldumax", 3), (uint64_t)-7); /* unsigned: -7 is larger */
    CHECK_EQ(m, (uint64_t)-7);
    CHECK_EQ(RMW("ldumin", 3), (uint64_t)-7);
    CHECK_EQ(m, 3);
    CHECK_EQ(RMW("swpal", 0x1234), 3);
    CHECK_EQ(m, 0x1234);
    __asm__ volatile("stadd %0, [%1]" : : "r"(1ull), "r"(&m) : "memory");
    CHECK_EQ(m, 0x1235);
    __asm__ volatile("stclr %0, [%1]" : : "r"(1ull), "r"(&m) : "memory");
    CHECK_EQ(m, 0x1234);

    /* Sizes: 32, 16, 8 bits; sign for SMAX on the element size. */
    m32 = 0xfffffff0;
    CHECK_EQ(RMW_W("ldadd", 0x20, &m32), 0xfffffff0u);
    CHECK_EQ(m32, 0x10);
    m16 = 0x8000;
    CHECK_EQ(RMW_W("ldsmaxh", 0x7fff, &m16), 0x8000);
    CHECK_EQ(m16, 0x7fff);
    m8 = 0x80;
    CHECK_EQ(RMW_W("ldumaxb", 0x7f, &m8), 0x80);
    CHECK_EQ(m8, 0x80);
    CHECK_EQ(RMW_W("swpb", 0x1ff, &m8), 0x80);
    CHECK_EQ(m8, 0xff);
    CHECK_EQ(RMW_W("ldsminlh", 0x1, &m16), 0x7fff);
    CHECK_EQ(m16, 1);

    /* CAS: compare with Xs; store Xt when equal; Xs receives the old value either way. */
    uint64_t s;
    m = 50;
    s = 50;
    __asm__ volatile("cas %0, %1, [%2]" : "+r"(s) : "r"(60ull), "r"(&m) : "memory");
    CHECK_EQ(s, 50);
    CHECK_EQ(m, 60);
    s = 50;
    __asm__ volatile("casal %0, %1, [%2]" : "+r"(s) : "r"(70ull), "r"(&m) : "memory");
    CHECK_EQ(s, 60);
    CHECK_EQ(m, 60);
    m32 = 0x10;
    s = 0x10;
    __asm__ volatile("casa %w0, %w1, [%2]" : "+r"(s) : "r"(0x11ull), "r"(&m32) : "memory");
    CHECK_EQ(s, 0x10);
    CHECK_EQ(m32, 0x11);
    m8 = 0xff;
    s = 0xff;
    __asm__ volatile("caslb %w0, %w1, [%2]" : "+r"(s) : "r"(0ull), "r"(&m8) : "memory");
    CHECK_EQ(s, 0xff);
    CHECK_EQ(m8, 0);

    /* CASP: register pairs (even-numbered first register). */
    mp[0] = 1;
    mp[1] = 2;
    {
        register uint64_t s0 __asm__("x4") = 1, s1 __asm__("x5") = 2;
        register uint64_t t0 __asm__("x6") = 3, t1 __asm__("x7") = 4;
        __asm__ volatile("casp x4, x5, x6, x7, [%4]"
                         : "+r"(s0), "+r"(s1) : "r"(t0), "r"(t1), "r"(mp) : "memory");
        CHECK_EQ(s0, 1);
        CHECK_EQ(s1, 2);
    }
    CHECK_EQ(mp[0], 3);
    CHECK_EQ(mp[1], 4);
    {
        register uint64_t s0 __asm__("x4") = 9, s1 __asm__("x5") = 9;
        register uint64_t t0 __asm__("x6") = 5, t1 __asm__("x7") = 6;
        __asm__ volatile("caspal x4, x5, x6, x7, [%4]"
                         : "+r"(s0), "+r"(s1) : "r"(t0), "r"(t1), "r"(mp) : "memory");
        CHECK_EQ(s0, 3); /* mismatch: old values returned, memory unchanged */
        CHECK_EQ(s1, 4);
    }
    CHECK_EQ(mp[0], 3);
    sh_puts("lse: ok\n");
    return 0;
}
