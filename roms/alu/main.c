/*
 * alu: known answers for the integer data-processing instructions: add/sub (immediate, shifted,
 * extended, with carry) and their flags, logic, moves, shifts, bitfield moves, extr, conditional
 * select and compare, multiply, divide, clz/cls/rbit/rev, crc32/crc32c.
 * Inline assembly pins each instruction; OPAQUE() stops the compiler folding the inputs.
 */
#include "rom.h"

#define N_ (1ull << 31)
#define Z_ (1ull << 30)
#define C_ (1ull << 29)
#define V_ (1ull << 28)

/* Two-operand X form, result only. */
#define X2(insn, a, b) ({ uint64_t r_; \
    __asm__ volatile(insn " %x0, %x1, %x2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); r_; })
#define W2(insn, a, b) ({ uint64_t r_; \
    __asm__ volatile(insn " %w0, %w1, %w2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); r_; })
/* Any text with %0 = result, %1 = a, %2 = b (X registers). */
#define T2(text, a, b) ({ uint64_t r_; \
    __asm__ volatile(text : "=&r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); r_; })
#define T1(text, a) ({ uint64_t r_; __asm__ volatile(text : "=&r"(r_) : "r"((uint64_t)(a))); r_; })
/* With NZCV preset to `fin`, then read back into `fout`: %0 result, %1 flags, %2 a, %3 b. */
#define F2(text, a, b, fin, fout) ({ uint64_t r_, f_; \
    __asm__ volatile("msr nzcv, %4\n\t" text "\n\tmrs %1, nzcv" : "=&r"(r_), "=&r"(f_) \
                     : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(fin)) : "cc"); \
    (fout) = f_; r_; })

static void test_add_sub(void)
{
    uint64_t f;
    uint64_t max = OPAQUE(0x7fffffffffffffffull), ones = OPAQUE(~0ull), one = OPAQUE(1ull);
    CHECK_EQ(X2("add", max, one), 0x8000000000000000ull);
    CHECK_EQ(F2("adds %x0, %x2, %x3", max, one, 0, f), 0x8000000000000000ull);
    CHECK_EQ(f, N_ | V_);
    CHECK_EQ(F2("adds %x0, %x2, %x3", ones, one, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("subs %x0, %x2, %x3", 5, 7, 0, f), 0xfffffffffffffffeull);
    CHECK_EQ(f, N_);
    CHECK_EQ(F2("subs %x0, %x2, %x3", 7, 5, 0, f), 2);
    CHECK_EQ(f, C_);
    CHECK_EQ(F2("subs %x0, %x2, %x3", 0x8000000000000000ull, one, 0, f), 0x7fffffffffffffffull);
    CHECK_EQ(f, C_ | V_);
    CHECK_EQ(F2("subs %x0, %x2, %x3", 9, 9, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    /* 32-bit forms: flags from bit 31, upper half of the X register zeroed. */
    CHECK_EQ(F2("adds %w0, %w2, %w3", 0xffffffffull, one, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("adds %w0, %w2, %w3", 0x7fffffffull, one, 0, f), 0x80000000ull);
    CHECK_EQ(f, N_ | V_);
    CHECK_EQ(W2("sub", 0xffffffff00000001ull, 2), 0xffffffffull);
    /* Immediates, with the optional LSL #12. */
    CHECK_EQ(T1("add %x0, %x1, #0x123, lsl #12", 0x10), 0x123010);
    CHECK_EQ(T1("sub %x0, %x1, #4095", 0x1000), 1);
    CHECK_EQ(F2("cmp %x2, #0xfff\n\tmov %x0, xzr", 0xfff, 0, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("cmn %x2, #1\n\tmov %x0, xzr", ones, 0, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    /* SP as operand: add/sub immediate and extended register treat register 31 as SP. */
    uint64_t sp0 = T1("mov %x0, sp", 0);
    CHECK_EQ(T1("sub sp, sp, #32\n\tadd %x0, sp, #32\n\tadd sp, sp, #32", 0), sp0);
    CHECK_EQ(T2("add %x0, sp, %w1, uxtw #4\n\tsub %x0, %x0, %x2", 1, sp0), 16);
    /* Shifted register. */
    CHECK_EQ(T2("add %x0, %x1, %x2, lsl #4", 1, 0x10), 0x101);
    CHECK_EQ(T2("add %x0, %x1, %x2, lsr #60", 1, 0xf000000000000000ull), 0x10);
    CHECK_EQ(T2("sub %x0, %x1, %x2, asr #63", 5, 0x8000000000000000ull), 6);
    CHECK_EQ(T2("add %w0, %w1, %w2, asr #4", 0, 0x80000000ull), 0xf8000000ull);
    CHECK_EQ(T1("neg %x0, %x1", 1), ones);
    CHECK_EQ(F2("negs %x0, %x2", 0x8000000000000000ull, 0, 0, f), 0x8000000000000000ull);
    CHECK_EQ(f, N_ | V_);
    /* Extended register. */
    CHECK_EQ(T2("add %x0, %x1, %w2, sxtw #2", 0x1000, 0xfffffffeull), 0xff8);
    CHECK_EQ(T2("add %x0, %x1, %w2, uxtb", 0x1000, 0x1ff), 0x10ff);
    CHECK_EQ(T2("add %x0, %x1, %w2, sxth #1", 0, 0x8000), 0xffffffffffff0000ull);
    CHECK_EQ(T2("sub %x0, %x1, %w2, uxtw", 0, 1), ones);
    CHECK_EQ(T2("add %x0, %x1, %x2, sxtx #3", 0, 1), 8);
    CHECK_EQ(T2("add %w0, %w1, %w2, sxtb", 0, 0x80), 0xffffff80ull);
    /* With carry. */
    CHECK_EQ(F2("adcs %x0, %x2, %x3", 1, 2, C_, f), 4);
    CHECK_EQ(f, 0);
    CHECK_EQ(F2("adcs %x0, %x2, %x3", ones, 0, C_, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("adc %x0, %x2, %x3", 1, 2, 0, f), 3);
    CHECK_EQ(F2("sbcs %x0, %x2, %x3", 5, 3, 0, f), 1);
    CHECK_EQ(f, C_);
    CHECK_EQ(F2("sbcs %x0, %x2, %x3", 5, 3, C_, f), 2);
    CHECK_EQ(F2("sbcs %w0, %w2, %w3", 0, 0, 0, f), 0xffffffffull);
    CHECK_EQ(f, N_);
    CHECK_EQ(F2("ngc %x0, %x2", 0, 0, 0, f), ones);
}

static void test_logic(void)
{
    uint64_t f, a = OPAQUE(0xf0f0f0f0f0f0f0f0ull), b = OPAQUE(0xff00ff00ff00ff00ull);
    CHECK_EQ(X2("and", a, b), 0xf000f000f000f000ull);
    CHECK_EQ(X2("orr", a, b), 0xfff0fff0fff0fff0ull);
    CHECK_EQ(X2("eor", a, b), 0x0ff00ff00ff00ff0ull);
    CHECK_EQ(X2("bic", a, b), 0x00f000f000f000f0ull);
    CHECK_EQ(X2("orn", a, b), 0xf0fff0fff0fff0ffull);
    CHECK_EQ(X2("eon", a, b), 0xf00ff00ff00ff00full);
    CHECK_EQ(T2("and %x0, %x1, %x2, ror #4", a, b), 0x00f000f000f000f0ull);
    CHECK_EQ(T2("orr %w0, %w1, %w2, lsl #8", 0x1, 0x12345678), 0x34567801ull);
    CHECK_EQ(T1("mov %x0, %x1", a), a);
    CHECK_EQ(T1("mvn %x0, %x1", a), ~a);
    CHECK_EQ(T1("and %x0, %x1, #0xff00ff00ff00ff00", a), 0xf000f000f000f000ull);
    CHECK_EQ(T1("orr %w0, %w1, #0x80000001", 0x10), 0x80000011ull);
    CHECK_EQ(T1("eor %x0, %x1, #0x5555555555555555", 0), 0x5555555555555555ull);
    CHECK_EQ(T1("and %x0, %x1, #0x3fc", 0xffff), 0x3fc);
    CHECK_EQ(F2("ands %x0, %x2, %x3", a, b, 0, f), 0xf000f000f000f000ull);
    CHECK_EQ(f, N_);
    CHECK_EQ(F2("ands %w0, %w2, #0xff", 0x100, 0, C_ | V_, f), 0);
    CHECK_EQ(f, Z_); /* ANDS clears C and V */
    CHECK_EQ(F2("bics %x0, %x2, %x3", a, a, N_, f), 0);
    CHECK_EQ(f, Z_);
    CHECK_EQ(F2("tst %x2, #1\n\tmov %x0, xzr", 2, 0, 0, f), 0);
    CHECK_EQ(f, Z_);
    /* Moves. */
    CHECK_EQ(T1("movz %x0, #0x1234, lsl #32", 0), 0x123400000000ull);
    CHECK_EQ(T1("mov %x0, %x1\n\tmovk %x0, #0xbeef, lsl #16", 0x1111222233334444ull),
             0x11112222beef4444ull);
    CHECK_EQ(T1("movn %x0, #0", 0), ~0ull);
    CHECK_EQ(T1("movn %w0, #0x1234", 0), 0xffffedcbull);
    CHECK_EQ(T1("movn %x0, #0x1, lsl #48", 0), 0xfffeffffffffffffull);
    CHECK_EQ(T1("mov %x0, #-2", 0), 0xfffffffffffffffeull);
}

static void test_shifts(void)
{
    uint64_t v = OPAQUE(0x8000000000000001ull);
    CHECK_EQ(X2("lsl", v, 1), 2);
    CHECK_EQ(X2("lsl", v, 65), 2); /* amount modulo 64 */
    CHECK_EQ(X2("lsr", v, 63), 1);
    CHECK_EQ(X2("asr", v, 63), ~0ull);
    CHECK_EQ(X2("asr", v, 1), 0xc000000000000000ull);
    CHECK_EQ(X2("ror", v, 1), 0xc000000000000000ull);
    CHECK_EQ(X2("ror", v, 64), v);
    CHECK_EQ(W2("lsl", 0x80000001ull, 33), 2); /* amount modulo 32 */
    CHECK_EQ(W2("asr", 0x80000000ull, 31), 0xffffffffull);
    CHECK_EQ(W2("ror", 0x12345678ull, 8), 0x78123456ull);
    CHECK_EQ(T1("lsl %x0, %x1, #60", 0x1f), 0xf000000000000000ull);
    CHECK_EQ(T1("lsr %w0, %w1, #28", 0xf0000000ull), 0xf);
    CHECK_EQ(T1("asr %x0, %x1, #4", 0x8000000000000000ull), 0xf800000000000000ull);
    CHECK_EQ(T1("ror %x0, %x1, #16", 0x1234ull), 0x1234000000000000ull);
}

static void test_bitfield(void)
{
    uint64_t v = OPAQUE(0x0123456789abcdefull);
    CHECK_EQ(T1("ubfx %x0, %x1, #8, #12", v), 0xbcd);
    CHECK_EQ(T1("sbfx %x0, %x1, #4, #8", v), 0xffffffffffffffdeull);
    CHECK_EQ(T1("sbfx %w0, %w1, #28, #4", 0x80000000ull), 0xfffffff8ull);
    CHECK_EQ(T1("ubfiz %x0, %x1, #32, #8", v), 0xef00000000ull);
    CHECK_EQ(T1("sbfiz %x0, %x1, #4, #4", 0xf), 0xfffffffffffffff0ull);
    CHECK_EQ(T2("mov %x0, %x1\n\tbfi %x0, %x2, #16, #8", v, 0x55), 0x012345678955cdefull);
    CHECK_EQ(T2("mov %x0, %x1\n\tbfxil %x0, %x2, #8, #16", v, 0xaabbccdd), 0x0123456789abbbccull);
    CHECK_EQ(T2("mov %x0, %x1\n\tbfi %x0, xzr, #0, #32", v, 0), 0x0123456700000000ull);
    CHECK_EQ(T1("sxtb %x0, %w1", 0x80), 0xffffffffffffff80ull);
    CHECK_EQ(T1("sxth %x0, %w1", 0x7fff), 0x7fff);
    CHECK_EQ(T1("sxtw %x0, %w1", 0x80000000ull), 0xffffffff80000000ull);
    CHECK_EQ(T1("sxtb %w0, %w1", 0xff), 0xffffffffull);
    CHECK_EQ(T1("uxtb %w0, %w1", 0x1ff), 0xff);
    CHECK_EQ(T1("uxth %w0, %w1", 0x12345678), 0x5678);
    CHECK_EQ(T2("extr %x0, %x1, %x2, #8", 0x11, 0x2200000000000000ull), 0x1122000000000000ull);
    CHECK_EQ(T2("extr %w0, %w1, %w2, #16", 0xaaaabbbb, 0xccccdddd), 0xbbbbccccull);
    CHECK_EQ(T2("extr %x0, %x1, %x2, #0", 1, 2), 2);
}

static void test_cond(void)
{
    uint64_t f;
    /* csel family: NZCV preset, %2/%3 the operands. */
    CHECK_EQ(F2("csel %x0, %x2, %x3, eq", 1, 2, Z_, f), 1);
    CHECK_EQ(F2("csel %x0, %x2, %x3, ne", 1, 2, Z_, f), 2);
    CHECK_EQ(F2("csinc %x0, %x2, %x3, cs", 1, 2, 0, f), 3);
    CHECK_EQ(F2("csinv %x0, %x2, %x3, mi", 1, 2, 0, f), ~2ull);
    CHECK_EQ(F2("csneg %x0, %x2, %x3, vs", 1, 2, 0, f), (uint64_t)-2);
    CHECK_EQ(F2("csneg %w0, %w2, %w3, vc", 1, 2, 0, f), 1);
    CHECK_EQ(F2("cset %x0, hi", 0, 0, C_, f), 1);
    CHECK_EQ(F2("cset %x0, hi", 0, 0, C_ | Z_, f), 0);
    CHECK_EQ(F2("cset %x0, ls", 0, 0, Z_, f), 1);
    CHECK_EQ(F2("cset %x0, ge", 0, 0, N_ | V_, f), 1);
    CHECK_EQ(F2("cset %x0, lt", 0, 0, N_, f), 1);
    CHECK_EQ(F2("cset %x0, gt", 0, 0, 0, f), 1);
    CHECK_EQ(F2("cset %x0, le", 0, 0, Z_, f), 1);
    CHECK_EQ(F2("csetm %w0, pl", 0, 0, 0, f), 0xffffffffull);
    CHECK_EQ(F2("cinc %x0, %x2, cc", 7, 0, 0, f), 8);
    CHECK_EQ(F2("csel %x0, %x2, %x3, al", 1, 2, 0, f), 1);
    CHECK_EQ(F2("csel %x0, %x2, %x3, nv", 1, 2, 0, f), 1); /* NV behaves as AL */
    /* ccmp/ccmn: compare when the condition holds, else set NZCV to the immediate. */
    CHECK_EQ(F2("ccmp %x2, %x3, #0xf, eq\n\tmov %x0, xzr", 5, 5, Z_, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("ccmp %x2, %x3, #0xa, ne\n\tmov %x0, xzr", 5, 5, Z_, f), 0);
    CHECK_EQ(f, N_ | C_);
    CHECK_EQ(F2("ccmp %x2, #3, #0, eq\n\tmov %x0, xzr", 1, 0, Z_, f), 0);
    CHECK_EQ(f, N_);
    CHECK_EQ(F2("ccmn %w2, %w3, #0, al\n\tmov %x0, xzr", 0xffffffffull, 1, 0, f), 0);
    CHECK_EQ(f, Z_ | C_);
    CHECK_EQ(F2("ccmn %x2, #1, #0x5, lt\n\tmov %x0, xzr", 1, 0, 0, f), 0);
    CHECK_EQ(f, Z_ | V_);
}

static void test_mul_div(void)
{
    uint64_t a = OPAQUE(0x123456789ull), b = OPAQUE(0xfedcba987ull);
    CHECK_EQ(X2("mul", a, b), 0x1fa00acc59960a3full);
    CHECK_EQ(X2("mul", 0xffffffffffffffffull, 3), 0xfffffffffffffffdull);
    CHECK_EQ(W2("mul", 0x10000, 0x10001), 0x10000);
    CHECK_EQ(T2("madd %x0, %x1, %x2, %x1", 3, 4), 15);
    CHECK_EQ(T2("msub %x0, %x1, %x2, %x1", 3, 4), (uint64_t)-9);
    CHECK_EQ(T2("mneg %x0, %x1, %x2", 3, 4), (uint64_t)-12);
    CHECK_EQ(T2("smull %x0, %w1, %w2", 0xffffffffull, 2), (uint64_t)-2);
    CHECK_EQ(T2("umull %x0, %w1, %w2", 0xffffffffull, 2), 0x1fffffffeull);
    CHECK_EQ(T2("smaddl %x0, %w1, %w2, %x1", 0xfffffffeull, 3), 0xfffffffeull - 6);
    CHECK_EQ(T2("umsubl %x0, %w1, %w2, %x1", 0x100000001ull, 2), 0xffffffffull);
    CHECK_EQ(X2("umulh", 0xffffffffffffffffull, 0xffffffffffffffffull), 0xfffffffffffffffeull);
    CHECK_EQ(X2("smulh", 0xffffffffffffffffull, 0xffffffffffffffffull), 0);
    CHECK_EQ(X2("smulh", 0x8000000000000000ull, 2), ~0ull);
    CHECK_EQ(X2("umulh", 0x8000000000000000ull, 4), 2);
    CHECK_EQ(X2("udiv", 100, 7), 14);
    CHECK_EQ(X2("sdiv", (uint64_t)-100, 7), (uint64_t)-14); /* rounds toward zero */
    CHECK_EQ(X2("udiv", 100, 0), 0);                         /* no trap */
    CHECK_EQ(X2("sdiv", 0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
    CHECK_EQ(W2("sdiv", 0x80000000ull, 0xffffffffull), 0x80000000ull);
    CHECK_EQ(W2("udiv", 0xffffffffull, 2), 0x7fffffffull);
    CHECK_EQ(W2("sdiv", 7, 0), 0);
}

static void test_bits(void)
{
    CHECK_EQ(T1("clz %x0, %x1", 0), 64);
    CHECK_EQ(T1("clz %x0, %x1", 1), 63);
    CHECK_EQ(T1("clz %w0, %w1", 0x00800000), 8);
    CHECK_EQ(T1("cls %x0, %x1", ~0ull), 63);
    CHECK_EQ(T1("cls %x0, %x1", 0xf000000000000000ull), 3);
    CHECK_EQ(T1("cls %w0, %w1", 1), 30);
    CHECK_EQ(T1("rbit %x0, %x1", 1), 0x8000000000000000ull);
    CHECK_EQ(T1("rbit %w0, %w1", 0x3), 0xc0000000ull);
    CHECK_EQ(T1("rev %x0, %x1", 0x0123456789abcdefull), 0xefcdab8967452301ull);
    CHECK_EQ(T1("rev %w0, %w1", 0x12345678), 0x78563412);
    CHECK_EQ(T1("rev16 %x0, %x1", 0x0123456789abcdefull), 0x23016745ab89efcdull);
    CHECK_EQ(T1("rev16 %w0, %w1", 0x12345678), 0x34127856);
    CHECK_EQ(T1("rev32 %x0, %x1", 0x0123456789abcdefull), 0x67452301efcdab89ull);
}

/* CRC-32 and CRC-32C check values of "123456789" (pre- and post-inverted). */
static void test_crc32(void)
{
    static const char msg[] = "123456789";
    uint64_t crc = OPAQUE(0xffffffffull), crcc = OPAQUE(0xffffffffull);
    for (int i = 0; i < 9; i++) {
        crc = T2("crc32b %w0, %w1, %w2", crc, (uint8_t)msg[i]);
        crcc = T2("crc32cb %w0, %w1, %w2", crcc, (uint8_t)msg[i]);
    }
    CHECK_EQ(crc ^ 0xffffffffull, 0xcbf43926);
    CHECK_EQ(crcc ^ 0xffffffffull, 0xe3069283);
    /* The same through the wider forms: "12345678" as one X word (little-endian), then "9". */
    uint64_t w8 = 0, w4a, w4b;
    for (int i = 7; i >= 0; i--)
        w8 = w8 << 8 | (uint8_t)msg[i];
    w4a = w8 & 0xffffffff;
    w4b = w8 >> 32;
    crc = T2("crc32x %w0, %w1, %x2", 0xffffffffull, w8);
    crc = T2("crc32b %w0, %w1, %w2", crc, '9');
    CHECK_EQ(crc ^ 0xffffffffull, 0xcbf43926);
    crcc = T2("crc32cw %w0, %w1, %w2", 0xffffffffull, w4a);
    crcc = T2("crc32ch %w0, %w1, %w2", crcc, w4b & 0xffff);
    crcc = T2("crc32ch %w0, %w1, %w2", crcc, w4b >> 16);
    crcc = T2("crc32cb %w0, %w1, %w2", crcc, '9');
    CHECK_EQ(crcc ^ 0xffffffffull, 0xe3069283);
    crc = T2("crc32w %w0, %w1, %w2", 0xffffffffull, w4a);
    crc = T2("crc32h %w0, %w1, %w2", crc, w4b & 0xffff);
    crc = T2("crc32h %w0, %w1, %w2", crc, w4b >> 16);
    crc = T2("crc32b %w0, %w1, %w2", crc, '9');
    CHECK_EQ(crc ^ 0xffffffffull, 0xcbf43926);
    crcc = T2("crc32cx %w0, %w1, %x2", 0xffffffffull, w8);
    crcc = T2("crc32cb %w0, %w1, %w2", crcc, '9');
    CHECK_EQ(crcc ^ 0xffffffffull, 0xe3069283);
}

int main(void)
{
    test_add_sub();
    test_logic();
    test_shifts();
    test_bitfield();
    test_cond();
    test_mul_div();
    test_bits();
    test_crc32();
    sh_puts("alu: ok\n");
    return 0;
}
