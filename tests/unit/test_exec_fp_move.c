/*
 * FMOV (src/cpu/exec_fp_move.c, rows in src/decode/a64_fp.def), FPCR/FPSR
 * (src/cpu/sysreg_fp.c) and the SIMD&FP access trap (CPACR_EL1.FPEN, CPTR_EL2.TFP). FEAT_FP is
 * not in the CPU profile yet, so each test sets it in cpu->features and flushes the
 * decoded-instruction cache. Instruction words were assembled with aarch64-linux-gnu-as; the
 * assembly is in the comment beside each.
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"

#define JUNK 0xdeadbeefdeadbeefull
#define ESR_IL (1u << 25)
#define ESR_UNDEF (ESR_IL)                                         /* EC 0x00 */
#define ESR_FP_TRAP (0x07u << 26 | ESR_IL | 1u << 24 | 0xeu << 20) /* EC 0x07, CV, COND = AL */
#define CPACR_FPEN(v) ((uint64_t)(v) << 20)
#define HCR_TGE (1ull << 27)
#define HCR_RW (1ull << 31)
#define CPTR_TFP (1ull << 10)
#define CPTR_RES1 0x33ffull

#define FMOV_S1_W2 0x1e270041u /* fmov s1, w2 */
#define MRS_X1_FPCR 0xd53b4401u /* mrs x1, fpcr */
#define MSR_FPCR_X2 0xd51b4402u /* msr fpcr, x2 */
#define MRS_X3_FPSR 0xd53b4423u /* mrs x3, fpsr */
#define MSR_FPSR_X4 0xd51b4424u /* msr fpsr, x4 */

static void fp_enable(struct harness *h)
{
    h->cpu->features |= 1u << FEAT_FP | 1u << FEAT_ADVSIMD;
    icache_flush(h->ic);
    h->cpu->sr.cpacr_el1 = CPACR_FPEN(3);
}

static void fp_init(struct harness *h)
{
    h_init(h);
    fp_enable(h);
}

static void run1(struct harness *h, uint32_t insn)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
    assert_int_equal(h->cpu->pc, H_CODE + 4);
}

static void run1_fault(struct harness *h, uint32_t insn, uint32_t esr)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
    h_expect_sync(h, esr, H_CODE);
}

static void set_v(struct harness *h, unsigned r, uint64_t lo, uint64_t hi)
{
    h->cpu->vreg[r][0] = lo;
    h->cpu->vreg[r][1] = hi;
}

static void expect_v(struct harness *h, unsigned r, uint64_t lo, uint64_t hi)
{
    assert_int_equal(h->cpu->vreg[r][0], lo);
    assert_int_equal(h->cpu->vreg[r][1], hi);
}

/* ---- FMOV (general) ---- */

static void test_exec_fp_move_fmov_general_every_form(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    /* W -> S: the W register's 32 bits, the rest of V1 zeroed */
    h.cpu->x[2] = 0xffffffff80000001ull;
    set_v(&h, 1, JUNK, JUNK);
    run1(&h, FMOV_S1_W2);
    expect_v(&h, 1, 0x80000001ull, 0);
    /* S -> W: zero-extended into X2 */
    set_v(&h, 1, 0xaaaaaaaa12345678ull, JUNK);
    h.cpu->x[2] = JUNK;
    run1(&h, 0x1e260022 /* fmov w2, s1 */);
    assert_int_equal(h.cpu->x[2], 0x12345678ull);
    /* X -> D */
    h.cpu->x[4] = 0xfff8000000000001ull; /* a NaN pattern moves unchanged */
    set_v(&h, 3, JUNK, JUNK);
    run1(&h, 0x9e670083 /* fmov d3, x4 */);
    expect_v(&h, 3, 0xfff8000000000001ull, 0);
    /* D -> X */
    set_v(&h, 3, 0x7ff0000000000001ull, JUNK);
    run1(&h, 0x9e660064 /* fmov x4, d3 */);
    assert_int_equal(h.cpu->x[4], 0x7ff0000000000001ull);
    /* X -> V.D[1]: the low half is kept */
    set_v(&h, 5, 0x1111111111111111ull, JUNK);
    h.cpu->x[6] = 0x2222222222222222ull;
    run1(&h, 0x9eaf00c5 /* fmov v5.d[1], x6 */);
    expect_v(&h, 5, 0x1111111111111111ull, 0x2222222222222222ull);
    /* V.D[1] -> X */
    set_v(&h, 5, 0x3333333333333333ull, 0x4444444444444444ull);
    run1(&h, 0x9eae00a6 /* fmov x6, v5.d[1] */);
    assert_int_equal(h.cpu->x[6], 0x4444444444444444ull);
    /* register 31 of the general side is the zero register */
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x1e2703e0 /* fmov s0, wzr */);
    expect_v(&h, 0, 0, 0);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x9e6703e0 /* fmov d0, xzr */);
    expect_v(&h, 0, 0, 0);
    h_free(&h);
}

/* ---- FMOV (register) ---- */

static void test_exec_fp_move_fmov_register_zeroes_upper_bits(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    set_v(&h, 8, 0x111111117fc00001ull, JUNK);
    set_v(&h, 7, JUNK, JUNK);
    run1(&h, 0x1e204107 /* fmov s7, s8 */);
    expect_v(&h, 7, 0x7fc00001ull, 0); /* a signalling/quiet NaN is copied, never quieted */
    set_v(&h, 10, 0x7ff4000000000000ull, JUNK);
    set_v(&h, 9, JUNK, JUNK);
    run1(&h, 0x1e604149 /* fmov d9, d10 */);
    expect_v(&h, 9, 0x7ff4000000000000ull, 0);
    h_free(&h);
}

/* ---- FMOV (scalar, immediate) ---- */

static void test_exec_fp_move_fmov_immediate_known_values(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    static const struct { uint32_t insn; unsigned r; uint64_t want; } cases[] = {
        { 0x1e2e100b, 11, 0x3f800000ull },         /* fmov s11, #1.0 */
        { 0x1e78100c, 12, 0xbfc0000000000000ull }, /* fmov d12, #-0.125 */
        { 0x1e27f00d, 13, 0x41f80000ull },         /* fmov s13, #31.0 */
        { 0x1e6c100e, 14, 0x3fe0000000000000ull }, /* fmov d14, #0.5 */
        { 0x1e3ff01f, 31, 0xbff80000ull },         /* fmov s31, #-1.9375 */
        { 0x1e68101f, 31, 0x3fc0000000000000ull }, /* fmov d31, #0.125 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_v(&h, cases[i].r, JUNK, JUNK);
        run1(&h, cases[i].insn);
        expect_v(&h, cases[i].r, cases[i].want, 0);
    }
    h_free(&h);
}

/* Every imm8 (the FMOV S0 word 0x1e201000 of "fmov s0, #2.0" with imm8 at bits 20:13, as the
 * assembler places it: "fmov s0, #1.0" is 0x1e2e1000, imm8 = 0x70): the value is
 * (-1)^a * (16 + efgh) / 16 * 2^r with r = cd - 3 when b = 1, cd + 1 when b = 0 (DDI 0487 C2.2,
 * "Modified immediate constants"), and single and double agree. */
static void test_exec_fp_move_fmov_immediate_all_imm8_match_definition(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    for (unsigned imm8 = 0; imm8 < 256; imm8++) {
        unsigned b = (imm8 >> 6) & 1, cd = (imm8 >> 4) & 3;
        int r = b ? (int)cd - 3 : (int)cd + 1;
        double want = (16.0 + (imm8 & 15)) / 16.0;
        for (; r > 0; r--)
            want *= 2.0;
        for (; r < 0; r++)
            want /= 2.0;
        if (imm8 & 0x80)
            want = -want;
        set_v(&h, 0, JUNK, JUNK);
        run1(&h, 0x1e201000u | imm8 << 13 /* fmov s0, #<imm8> */);
        uint32_t s32 = (uint32_t)h.cpu->vreg[0][0];
        float f;
        memcpy(&f, &s32, 4);
        assert_true((double)f == want);
        expect_v(&h, 0, s32, 0);
        run1(&h, 0x1e601000u | imm8 << 13 /* fmov d0, #<imm8> */);
        double d;
        memcpy(&d, &h.cpu->vreg[0][0], 8);
        assert_true(d == want);
        assert_int_equal(h.cpu->vreg[0][1], 0);
        assert_int_equal(cpu_vfp_expand_imm(imm8, 32), s32);
    }
    h_free(&h);
}

/* ---- FPCR / FPSR ---- */

static void test_exec_fp_move_fpcr_fpsr_keep_only_v80_bits(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    static const uint32_t code[] = { MSR_FPCR_X2, MSR_FPSR_X4, MRS_X1_FPCR, MRS_X3_FPSR };
    h.cpu->x[2] = ~0ull;
    h.cpu->x[4] = ~0ull;
    h_run(&h, code, 4);
    /* FPCR: AHP, DN, FZ, RMode; the trap enables are RAZ/WI (no trapping support) */
    assert_int_equal(h.cpu->x[1], 0x07c00000ull);
    /* FPSR: QC and IDC, IXC, UFC, OFC, DZC, IOC */
    assert_int_equal(h.cpu->x[3], 0x0800009full);
    assert_int_equal(h.cpu->fpcr, 0x07c00000u);
    assert_int_equal(h.cpu->fpsr, 0x0800009fu);
    /* Accessible from EL0 with FPEN = 11. */
    cpu_set_el_spsel(h.cpu, 0, 0);
    h.cpu->x[2] = 1ull << 22; /* RMode = RP */
    h.cpu->x[4] = 0;
    h_run(&h, code, 4);
    assert_int_equal(h.cpu->x[1], 1ull << 22);
    assert_int_equal(h.cpu->x[3], 0);
    h_free(&h);
}

static void test_exec_fp_move_fpcr_without_feat_fp_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(3);
    h.cpu->x[1] = JUNK;
    run1_fault(&h, MRS_X1_FPCR, ESR_UNDEF);
    assert_int_equal(h.cpu->x[1], JUNK);
    h.cpu->x[2] = 1ull << 25;
    run1_fault(&h, MSR_FPCR_X2, ESR_UNDEF);
    assert_int_equal(h.cpu->fpcr, 0);
    run1_fault(&h, MSR_FPSR_X4, ESR_UNDEF);
    run1_fault(&h, MRS_X3_FPSR, ESR_UNDEF);
    h_free(&h);
}

/* Without FEAT_FP every FMOV encoding is unallocated, whatever CPACR_EL1 says. */
static void test_exec_fp_move_without_feat_fp_every_fmov_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(3);
    static const uint32_t insns[] = {
        0x1e270041, /* fmov s1, w2 */
        0x1e260022, /* fmov w2, s1 */
        0x9e670083, /* fmov d3, x4 */
        0x9e660064, /* fmov x4, d3 */
        0x9eaf00c5, /* fmov v5.d[1], x6 */
        0x9eae00a6, /* fmov x6, v5.d[1] */
        0x1e204107, /* fmov s7, s8 */
        0x1e604149, /* fmov d9, d10 */
        0x1e2e100b, /* fmov s11, #1.0 */
        0x1e78100c, /* fmov d12, #-0.125 */
    };
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        h_fill_regs(&h, 0, 12, JUNK);
        for (unsigned r = 0; r < 13; r++)
            set_v(&h, r, JUNK, JUNK);
        run1_fault(&h, insns[i], ESR_UNDEF);
        for (unsigned r = 0; r < 13; r++) {
            assert_int_equal(h.cpu->x[r], JUNK);
            expect_v(&h, r, JUNK, JUNK);
        }
    }
    h_free(&h);
}

/* ---- the SIMD&FP access trap ---- */

/* CPACR_EL1.FPEN = 00 and 10 trap EL1 (and EL0) to EL1 with EC 0x07. */
static void test_exec_fp_trap_fpen_00_and_10_trap_el1_to_el1(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    for (unsigned fpen = 0; fpen <= 2; fpen += 2) {
        h.cpu->sr.cpacr_el1 = CPACR_FPEN(fpen);
        set_v(&h, 1, JUNK, JUNK);
        h.cpu->x[2] = 5;
        run1_fault(&h, FMOV_S1_W2, ESR_FP_TRAP);
        expect_v(&h, 1, JUNK, JUNK);
        const char *why = "";
        assert_int_equal(cpu_fp_trap_el(h.cpu, &why), 1); /* still at EL1 (the vector) */
        assert_string_equal(why, fpen ? "CPACR_EL1.FPEN=10" : "CPACR_EL1.FPEN=00");
        /* FPCR/FPSR accesses trap the same way, with EC 0x07 rather than the MSR/MRS class */
        h.cpu->x[1] = JUNK;
        run1_fault(&h, MRS_X1_FPCR, ESR_FP_TRAP);
        assert_int_equal(h.cpu->x[1], JUNK);
        h.cpu->x[4] = 1;
        run1_fault(&h, MSR_FPSR_X4, ESR_FP_TRAP);
        assert_int_equal(h.cpu->fpsr, 0);
    }
    h_free(&h);
}

/* FPEN = 01 traps EL0 only: EL1 runs, EL0 takes EC 0x07 to EL1 (lower-EL vector). */
static void test_exec_fp_trap_fpen_01_traps_el0_only(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(1);
    h.cpu->x[2] = 7;
    run1(&h, FMOV_S1_W2);
    expect_v(&h, 1, 7, 0);
    cpu_set_el_spsel(h.cpu, 0, 0);
    const char *why = "";
    assert_int_equal(cpu_fp_trap_el(h.cpu, &why), 1);
    assert_string_equal(why, "CPACR_EL1.FPEN=01");
    set_v(&h, 1, JUNK, JUNK);
    h_code(&h, (const uint32_t[]){ FMOV_S1_W2 }, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(h.cpu->sr.esr_el1, ESR_FP_TRAP);
    assert_int_equal(h.cpu->sr.elr_el1, H_CODE);
    expect_v(&h, 1, JUNK, JUNK);
    h_free(&h);
}

/* EL2 harness at EL0 or EL1 with FP decoded. */
static void fp_init_el2(struct harness *h, unsigned el)
{
    h_init_el2(h);
    fp_enable(h);
    cpu_set_el_spsel(h->cpu, el, el ? 1 : 0);
}

/* HCR_EL2.TGE = 1: the CPACR_EL1 trap of EL0 goes to EL2 and is reported as Uncategorized
 * (EC 0x00), not EC 0x07 (AArch64.AdvSIMDFPAccessTrap; ESR_ELx EC 0b000111 "excludes exceptions
 * resulting from CPACR_EL1 when the value of HCR_EL2.TGE is 1"). */
static void test_exec_fp_trap_el0_with_tge_goes_to_el2_uncategorized(void **state)
{
    (void)state;
    struct harness h;
    fp_init_el2(&h, 0);
    h.cpu->sr.hcr_el2 = HCR_TGE | HCR_RW;
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(0);
    set_v(&h, 1, JUNK, JUNK);
    h_code(&h, (const uint32_t[]){ FMOV_S1_W2 }, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 2);
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h.cpu->sr.esr_el2, ESR_UNDEF);
    assert_int_equal(h.cpu->sr.elr_el2, H_CODE);
    assert_int_equal(h.cpu->sr.esr_el1, 0);
    expect_v(&h, 1, JUNK, JUNK);
    h_free(&h);
}

/* CPTR_EL2.TFP traps EL1 (and EL0) to EL2 with EC 0x07, and EL2 itself. */
static void test_exec_fp_trap_cptr_tfp_traps_el1_and_el2_to_el2(void **state)
{
    (void)state;
    struct harness h;
    fp_init_el2(&h, 1);
    h.cpu->sr.cptr_el2 = CPTR_RES1 | CPTR_TFP;
    const char *why = "";
    assert_int_equal(cpu_fp_trap_el(h.cpu, &why), 2);
    assert_string_equal(why, "CPTR_EL2.TFP=1");
    set_v(&h, 1, JUNK, JUNK);
    h_code(&h, (const uint32_t[]){ FMOV_S1_W2 }, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 2);
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h.cpu->sr.esr_el2, ESR_FP_TRAP);
    assert_int_equal(h.cpu->sr.elr_el2, H_CODE);
    expect_v(&h, 1, JUNK, JUNK);
    /* At EL2: same EL, current-EL vector */
    h.cpu->x[1] = JUNK;
    h_code(&h, (const uint32_t[]){ MRS_X1_FPCR }, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x200);
    assert_int_equal(h.cpu->sr.esr_el2, ESR_FP_TRAP);
    assert_int_equal(h.cpu->x[1], JUNK);
    /* TFP clear: EL2 ignores CPACR_EL1 */
    h.cpu->sr.cptr_el2 = CPTR_RES1;
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(0);
    h.cpu->x[2] = 9;
    run1(&h, FMOV_S1_W2);
    expect_v(&h, 1, 9, 0);
    h_free(&h);
}

/* CPACR_EL1.FPEN is checked before CPTR_EL2.TFP: both set, EL1 takes it to EL1. */
static void test_exec_fp_trap_fpen_has_priority_over_tfp(void **state)
{
    (void)state;
    struct harness h;
    fp_init_el2(&h, 1);
    h.cpu->sr.cptr_el2 = CPTR_RES1 | CPTR_TFP;
    h.cpu->sr.cpacr_el1 = CPACR_FPEN(0);
    h_code(&h, (const uint32_t[]){ FMOV_S1_W2 }, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    h_expect_sync(&h, ESR_FP_TRAP, H_CODE);
    assert_int_equal(h.cpu->sr.esr_el2, 0);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fp_move_fmov_general_every_form),
        cmocka_unit_test(test_exec_fp_move_fmov_register_zeroes_upper_bits),
        cmocka_unit_test(test_exec_fp_move_fmov_immediate_known_values),
        cmocka_unit_test(test_exec_fp_move_fmov_immediate_all_imm8_match_definition),
        cmocka_unit_test(test_exec_fp_move_fpcr_fpsr_keep_only_v80_bits),
        cmocka_unit_test(test_exec_fp_move_fpcr_without_feat_fp_undefined),
        cmocka_unit_test(test_exec_fp_move_without_feat_fp_every_fmov_undefined),
        cmocka_unit_test(test_exec_fp_trap_fpen_00_and_10_trap_el1_to_el1),
        cmocka_unit_test(test_exec_fp_trap_fpen_01_traps_el0_only),
        cmocka_unit_test(test_exec_fp_trap_el0_with_tge_goes_to_el2_uncategorized),
        cmocka_unit_test(test_exec_fp_trap_cptr_tfp_traps_el1_and_el2_to_el2),
        cmocka_unit_test(test_exec_fp_trap_fpen_has_priority_over_tfp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
