/*
 * fp_scalar: known answers for the ARMv8.0 scalar floating-point instructions, worked out from
 * the Arm ARM pseudocode: arithmetic in every rounding mode, FZ and DN, NaN propagation, the
 * FPSR cumulative flags, compares (NZCV), conversions between precisions (incl. half with AHP),
 * to/from integers and fixed point with saturation, FRINT*. Runs with FP enabled at EL1
 * (CPACR_EL1.FPEN = 11); a64emu needs --preview fp (the ROM table passes it to a64emu only).
 * Values move through general registers with FMOV so the ROM itself stays -mgeneral-regs-only.
 */
#include "rom.h"

#define RN (0u << 22)
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)
#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}

static uint64_t take_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr\n\tmsr fpsr, xzr" : "=r"(v));
    return v;
}

/* Single and double precision, two and three operands: result bits through W/X registers. */
#define S2(insn, a, b) ({ uint64_t r_; __asm__ volatile( \
    "fmov s1, %w1\n\tfmov s2, %w2\n\t" insn " s0, s1, s2\n\tfmov %w0, s0" \
    : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "v0", "v1", "v2"); r_; })
#define D2(insn, a, b) ({ uint64_t r_; __asm__ volatile( \
    "fmov d1, %x1\n\tfmov d2, %x2\n\t" insn " d0, d1, d2\n\tfmov %x0, d0" \
    : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)) : "v0", "v1", "v2"); r_; })
#define S3(insn, a, b, c) ({ uint64_t r_; __asm__ volatile( \
    "fmov s1, %w1\n\tfmov s2, %w2\n\tfmov s3, %w3\n\t" insn " s0, s1, s2, s3\n\tfmov %w0, s0" \
    : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(c)) \
    : "v0", "v1", "v2", "v3"); r_; })
#define D3(insn, a, b, c) ({ uint64_t r_; __asm__ volatile( \
    "fmov d1, %x1\n\tfmov d2, %x2\n\tfmov d3, %x3\n\t" insn " d0, d1, d2, d3\n\tfmov %x0, d0" \
    : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(c)) \
    : "v0", "v1", "v2", "v3"); r_; })
#define S1(insn, a) ({ uint64_t r_; __asm__ volatile( \
    "fmov s1, %w1\n\t" insn " s0, s1\n\tfmov %w0, s0" : "=r"(r_) : "r"((uint64_t)(a)) \
    : "v0", "v1"); r_; })
#define D1(insn, a) ({ uint64_t r_; __asm__ volatile( \
    "fmov d1, %x1\n\t" insn " d0, d1\n\tfmov %x0, d0" : "=r"(r_) : "r"((uint64_t)(a)) \
    : "v0", "v1"); r_; })
/* Any text: %0 = result (X), %1 = a (X); FP scratch v0-v3. */
#define T1(text, a) ({ uint64_t r_; __asm__ volatile(text : "=&r"(r_) : "r"((uint64_t)(a)) \
    : "v0", "v1", "v2", "v3"); r_; })
/* FP compare: NZCV after `text` (s1/d1 = a, s2/d2 = b), with NZCV preset to `fin`. */
#define CMP(text, a, b, fin) ({ uint64_t f_; __asm__ volatile( \
    "msr nzcv, %3\n\tfmov d1, %1\n\tfmov d2, %2\n\t" text "\n\tmrs %0, nzcv" \
    : "=&r"(f_) : "r"((uint64_t)(a)), "r"((uint64_t)(b)), "r"((uint64_t)(fin) << 28) \
    : "v1", "v2", "cc"); f_ >> 28; })

#define CHECK_OP(expr, want, flags) do { CHECK_EQ(expr, want); CHECK_EQ(take_fpsr(), flags); } while (0)

static void test_arith(void)
{
    set_fpcr(RN);
    CHECK_OP(S2("fadd", 0x3f800000, 0x40000000), 0x40400000, 0);
    CHECK_OP(S2("fadd", 0x3f800000, 0x33800000), 0x3f800000, IXC);      /* tie to even */
    CHECK_OP(S2("fadd", 0x3f800001, 0x33800000), 0x3f800002, IXC);
    CHECK_OP(S2("fadd", 0x7f7fffff, 0x7f7fffff), 0x7f800000, OFC | IXC);
    CHECK_OP(S2("fsub", 0x7f800000, 0x7f800000), 0x7fc00000, IOC);
    CHECK_OP(S2("fsub", 0x3f800000, 0x3f800000), 0, 0);
    CHECK_OP(S2("fmul", 0x3f7fffff, 0x00800000), 0x00800000, UFC | IXC); /* tiny before rounding */
    CHECK_OP(S2("fmul", 0x00800000, 0x3f000000), 0x00400000, 0);
    CHECK_OP(S2("fdiv", 0x3f800000, 0), 0x7f800000, DZC);
    CHECK_OP(S2("fdiv", 0, 0), 0x7fc00000, IOC);
    CHECK_OP(S2("fdiv", 0x3f800000, 0x40400000), 0x3eaaaaab, IXC);
    CHECK_OP(D2("fdiv", 0x3ff0000000000000ull, 0x4008000000000000ull), 0x3fd5555555555555ull, IXC);
    CHECK_OP(D2("fmul", 0x3fd5555555555555ull, 0x4008000000000000ull), 0x3ff0000000000000ull, IXC);
    CHECK_OP(S2("fnmul", 0x7fc00001, 0x3f800000), 0xffc00001, 0);
    CHECK_OP(S2("fadd", 0x7f812345, 0x7fc00001), 0x7fc12345, IOC);
    CHECK_OP(S2("fadd", 0x7fc00001, 0xff812345), 0xffc12345, IOC);
    CHECK_OP(S2("fmax", 0, 0x80000000), 0, 0);
    CHECK_OP(S2("fmin", 0, 0x80000000), 0x80000000, 0);
    CHECK_OP(S2("fmaxnm", 0x7fc00000, 0x3f800000), 0x3f800000, 0);
    CHECK_OP(S2("fminnm", 0x7f800001, 0x3f800000), 0x7fc00001, IOC);
    CHECK_OP(S3("fmadd", 0x3f800001, 0x3f800001, 0xbf800002), 0x28800000, 0); /* fused */
    CHECK_OP(D3("fmadd", 0x3ff0000000000001ull, 0x3ff0000000000001ull, 0xbff0000000000002ull),
             0x3970000000000000ull, 0);
    CHECK_OP(S3("fmadd", 0x7f800000, 0, 0x7fc00002), 0x7fc00000, IOC); /* QNaN + inf*0 */
    CHECK_OP(S3("fmsub", 0x7fc00001, 0x3f800000, 0x3f800000), 0xffc00001, 0);
    CHECK_OP(S3("fnmadd", 0x40000000, 0x40400000, 0x3f800000), 0xc0e00000, 0);
    CHECK_OP(S3("fnmsub", 0x40000000, 0x40400000, 0x3f800000), 0x40a00000, 0);
    CHECK_OP(S1("fsqrt", 0x40000000), 0x3fb504f3, IXC);
    CHECK_OP(D1("fsqrt", 0x4000000000000000ull), 0x3ff6a09e667f3bcdull, IXC);
    CHECK_OP(S1("fsqrt", 0xbf800000), 0x7fc00000, IOC);
    CHECK_OP(S1("fabs", 0xff800001), 0x7f800001, 0);
    CHECK_OP(S1("fneg", 0x7f800001), 0xff800001, 0);
    set_fpcr(RP);
    CHECK_OP(S2("fadd", 0x3f800000, 0x33800000), 0x3f800001, IXC);
    CHECK_OP(D1("fsqrt", 0x4000000000000000ull), 0x3ff6a09e667f3bcdull, IXC);
    CHECK_OP(S2("fmul", 0x00000001, 0x00000001), 0x00000001, UFC | IXC);
    set_fpcr(RM);
    CHECK_OP(S2("fsub", 0x3f800000, 0x3f800000), 0x80000000, 0);
    CHECK_OP(S2("fadd", 0x7f7fffff, 0x7f7fffff), 0x7f7fffff, OFC | IXC);
    CHECK_OP(D1("fsqrt", 0x4000000000000000ull), 0x3ff6a09e667f3bccull, IXC);
    set_fpcr(RZ);
    CHECK_OP(S2("fmul", 0x3f7fffff, 0x00800000), 0x007fffff, UFC | IXC);
    CHECK_OP(S2("fdiv", 0x3f800000, 0x40400000), 0x3eaaaaaa, IXC);
    set_fpcr(RN | FZ);
    CHECK_OP(S2("fadd", 0x00000001, 0x3f800000), 0x3f800000, IDC);
    CHECK_OP(S2("fsub", 0x00800001, 0x00800000), 0, UFC);
    CHECK_OP(S2("fmul", 0x3f7fffff, 0x00800000), 0, UFC);
    CHECK_OP(D2("fadd", 0x0000000000000001ull, 0), 0, IDC);
    set_fpcr(RN | DN);
    CHECK_OP(S2("fadd", 0x7f812345, 0x3f800000), 0x7fc00000, IOC);
    CHECK_OP(S2("fnmul", 0x7fc00001, 0x3f800000), 0xffc00000, 0);
    CHECK_OP(D2("fmax", 0x7ff8000000000001ull, 0), 0x7ff8000000000000ull, 0);
    set_fpcr(RN);
}

static void test_compare(void)
{
    set_fpcr(RN);
    CHECK_EQ(CMP("fcmp s1, s2", 0x3f800000, 0x40000000, 0), 0x8);
    CHECK_EQ(CMP("fcmp s1, s2", 0x40000000, 0x3f800000, 0), 0x2);
    CHECK_EQ(CMP("fcmp d1, #0.0", 0x8000000000000000ull, 0, 0), 0x6);
    CHECK_EQ(take_fpsr(), 0);
    CHECK_EQ(CMP("fcmp s1, s2", 0x7fc00000, 0x3f800000, 0), 0x3);
    CHECK_EQ(take_fpsr(), 0);
    CHECK_EQ(CMP("fcmpe s1, s2", 0x7fc00000, 0x3f800000, 0), 0x3);
    CHECK_EQ(take_fpsr(), IOC);
    CHECK_EQ(CMP("fcmp s1, s2", 0x3f800000, 0x7f800001, 0), 0x3);
    CHECK_EQ(take_fpsr(), IOC);
    CHECK_EQ(CMP("fccmp s1, s2, #5, eq", 0x7f800001, 0, 0x0), 0x5);  /* condition fails */
    CHECK_EQ(take_fpsr(), 0);
    CHECK_EQ(CMP("fccmp s1, s2, #5, eq", 0x40000000, 0x3f800000, 0x4), 0x2);
    CHECK_EQ(CMP("fccmpe d1, d2, #9, ne", 0x7ff8000000000000ull, 0, 0x0), 0x3);
    CHECK_EQ(take_fpsr(), IOC);
    set_fpcr(RN | FZ);
    CHECK_EQ(CMP("fcmp s1, #0.0", 0x00000001, 0, 0), 0x6);
    CHECK_EQ(take_fpsr(), IDC);
    set_fpcr(RN);
    uint64_t r;
    __asm__ volatile("msr nzcv, %1\n\tfmov d1, %2\n\tfmov d2, %3\n\tfcsel d0, d1, d2, lt\n\t"
                     "fmov %0, d0" : "=&r"(r) : "r"(0x80000000ull), "r"(0x1111ull), "r"(0x2222ull)
                     : "v0", "v1", "v2", "cc");
    CHECK_EQ(r, 0x1111);
}

static void test_convert(void)
{
    set_fpcr(RN);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt d0, s1\n\tfmov %0, d0", 0x7f812345), 0x7ff82468a0000000ull, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvt s0, d1\n\tfmov %w0, s0", 0x3690000000000000ull), 0, UFC | IXC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvt s0, d1\n\tfmov %w0, s0", 0xfff0123456789abcull), 0xffc091a2, IOC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt h0, s1\n\tfmov %w0, s0", 0x477ff000), 0x7c00, OFC | IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt h0, s1\n\tfmov %w0, s0", 0x33000000), 0, UFC | IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt s0, h1\n\tfmov %w0, s0", 0x7d00), 0x7fe00000, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvt h0, d1\n\tfmov %w0, s0", 0x3ff0020000000001ull), 0x3c01, IXC);
    set_fpcr(RN | AHP);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt h0, s1\n\tfmov %w0, s0", 0x477ff000), 0x7c00, IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt h0, s1\n\tfmov %w0, s0", 0x7f800000), 0x7fff, IOC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvt d0, h1\n\tfmov %0, d0", 0x7c00), 0x40f0000000000000ull, 0);
    set_fpcr(RN);
    /* to integers: saturation with IOC, NaN to 0 */
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtzs %w0, s1", 0x4f32d05e), 0x7fffffff, IOC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtzs %w0, s1", 0xbfc00000), 0xffffffff, IXC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzs %x0, d1", 0x43e0000000000000ull), 0x7fffffffffffffffull, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzs %x0, d1", 0xc3e0000000000000ull), 0x8000000000000000ull, 0);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzu %x0, d1", 0x43f0000000000000ull), ~0ull, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzu %x0, d1", 0xbfe0000000000000ull), 0, IXC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtmu %x0, d1", 0xbfe0000000000000ull), 0, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzs %w0, d1", 0x7ff8000000000000ull), 0, IOC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtns %w0, s1", 0x40200000), 2, IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtas %w0, s1", 0xc0200000), 0xfffffffd, IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtps %x0, s1", 0x40200000), 3, IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtms %x0, s1", 0xc0200000), ~2ull, IXC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtns %w0, d1", 0x41dfffffffe00000ull), 0x7fffffff, IOC);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzs %w0, d1", 0x41dfffffffe00000ull), 0x7fffffff, IXC);
    CHECK_OP(T1("fmov s1, %w1\n\tfcvtzs %w0, s1, #4", 0x3fc00000), 24, 0);
    CHECK_OP(T1("fmov d1, %1\n\tfcvtzu %x0, d1, #64", 0x3fe0000000000000ull), 0x8000000000000000ull, 0);
    /* from integers */
    CHECK_OP(T1("scvtf d0, %w1\n\tfmov %0, d0", 0xffffffff80000000ull), 0xc1e0000000000000ull, 0);
    CHECK_OP(T1("ucvtf s0, %1\n\tfmov %w0, s0", ~0ull), 0x5f800000, IXC);
    CHECK_OP(T1("scvtf s0, %1\n\tfmov %w0, s0", 0x0000000001000001ull), 0x4b800000, IXC);
    CHECK_OP(T1("scvtf d0, %1, #3\n\tfmov %0, d0", 12), 0x3ff8000000000000ull, 0);
    CHECK_OP(T1("ucvtf s0, %w1, #32\n\tfmov %w0, s0", 0x80000000), 0x3f000000, 0);
    set_fpcr(RZ);
    CHECK_OP(T1("ucvtf s0, %1\n\tfmov %w0, s0", ~0ull), 0x5f7fffff, IXC);
    set_fpcr(RN);
}

static void test_round(void)
{
    set_fpcr(RN);
    CHECK_OP(S1("frintn", 0x40200000), 0x40000000, 0);
    CHECK_OP(S1("frintp", 0x40200000), 0x40400000, 0);
    CHECK_OP(S1("frintm", 0xc0200000), 0xc0400000, 0);
    CHECK_OP(S1("frintz", 0xc0200000), 0xc0000000, 0);
    CHECK_OP(S1("frinta", 0x40200000), 0x40400000, 0);
    CHECK_OP(S1("frintn", 0xbecccccd), 0x80000000, 0);
    CHECK_OP(S1("frintx", 0x40200000), 0x40000000, IXC);
    CHECK_OP(D1("frinta", 0xbfe0000000000000ull), 0xbff0000000000000ull, 0);
    CHECK_OP(S1("frintn", 0x7f800001), 0x7fc00001, IOC);
    set_fpcr(RP);
    CHECK_OP(S1("frinti", 0x40200000), 0x40400000, 0);
    CHECK_OP(S1("frintx", 0xbecccccd), 0x80000000, IXC);
    set_fpcr(RN | FZ);
    CHECK_OP(S1("frintp", 0x00000001), 0, IDC);
    set_fpcr(RN);
}

/* The SIMD&FP access trap (CPACR_EL1.FPEN = 00): EC 0x07, the instruction has no effect
 * (no FPSR flag from the signalling NaN, destination unchanged), then FPEN = 11 again. */
static uint64_t trap_esr;

static int fp_trap_handler(struct exc_frame *frame)
{
    trap_esr = frame->esr;
    frame->elr += 4;
    return 1;
}

static void test_access_trap(void)
{
    set_fpcr(RN);
    uint64_t r;
    rom_set_sync_handler(fp_trap_handler);
    __asm__ volatile("fmov s0, %w1\n\tfmov s1, %w3\n\t"
                     "msr cpacr_el1, xzr\n\tisb\n\t"
                     "fsqrt s0, s1\n\t"
                     "msr cpacr_el1, %2\n\tisb\n\t"
                     "fmov %w0, s0"
                     : "=r"(r) : "r"(0x12345678ull), "r"(3ull << 20), "r"(0x7f800001ull)
                     : "v0", "v1", "memory");
    rom_set_sync_handler(0);
    CHECK_EQ(ESR_EC(trap_esr), 0x07);
    CHECK_EQ(r, 0x12345678);
    CHECK_EQ(take_fpsr(), 0);
}

int main(void)
{
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(3ull << 20));
    take_fpsr();
    test_arith();
    test_compare();
    test_convert();
    test_round();
    test_access_trap();
    puts_("fp_scalar: ok\n");
    return 0;
}
