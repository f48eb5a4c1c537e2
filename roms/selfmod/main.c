/*
 * selfmod: self-modifying code. Write an instruction sequence into a buffer, make it visible to
 * instruction fetch (DC CVAU, DSB ISH, IC IVAU, DSB ISH, ISB: DDI 0487 B2.4.4), call it, rewrite
 * it, call it again: the second call must run the new code, so a decoded-instruction cache has
 * to notice the write.
 */
#include "rom.h"

#define MOVZ_X0(imm) (0xd2800000u | ((uint32_t)(imm) << 5)) /* movz x0, #imm */
#define ADD_X0_X0(imm) (0x91000000u | ((uint32_t)(imm) << 10)) /* add x0, x0, #imm */
#define RET 0xd65f03c0u

static uint32_t code[16] __attribute__((aligned(64)));

static void sync_icache(void *p, size_t len)
{
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + len; a += 64)
        __asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uintptr_t a = (uintptr_t)p & ~63ul; a < (uintptr_t)p + len; a += 64)
        __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static uint64_t call(void)
{
    uint64_t (*fn)(void) = (uint64_t (*)(void))(uintptr_t)code;
    return OPAQUE(fn)();
}

int main(void)
{
    code[0] = MOVZ_X0(1);
    code[1] = RET;
    sync_icache(code, sizeof code);
    CHECK_EQ(call(), 1);

    code[0] = MOVZ_X0(2);
    sync_icache(code, sizeof code);
    CHECK_EQ(call(), 2);

    /* Grow the sequence: instructions after the old RET, then move the RET. */
    for (uint32_t i = 0; i < 10; i++) {
        code[0] = MOVZ_X0(100 + i);
        for (uint32_t j = 0; j < i; j++)
            code[1 + j] = ADD_X0_X0(j + 1);
        code[1 + i] = RET;
        sync_icache(code, sizeof code);
        CHECK_EQ(call(), 100 + i + i * (i + 1) / 2);
    }

    /* Change one instruction in the middle of code that already ran many times. */
    code[3] = ADD_X0_X0(1000);
    sync_icache(&code[3], 4);
    CHECK_EQ(call(), 109 + 45 - 3 + 1000);

    /* With IC IALLU instead of IC IVAU. */
    code[0] = MOVZ_X0(7);
    code[1] = RET;
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic iallu\n\tdsb ish\n\tisb" : : "r"(code) : "memory");
    CHECK_EQ(call(), 7);
    sh_puts("selfmod: ok\n");
    return 0;
}
