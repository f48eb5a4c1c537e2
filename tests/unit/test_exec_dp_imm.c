/*
 * Data Processing -- Immediate (src/decode/a64_dp_imm.def, src/cpu/exec_dp_imm.c). Instruction
 * words come from aarch64-linux-gnu-as (binutils 2.40); the assembly is in the comment on each
 * word. Words for unallocated encodings were made by changing one field of an assembled word,
 * and objdump confirms each is "undefined".
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu_harness.h"

#include "decode/decode.h"

enum { FN = 1u << 31, FZ = 1u << 30, FC = 1u << 29, FV = 1u << 28 };

/* A single-instruction case: X0, X1 and NZCV in; X0 and NZCV out. */
struct imm_case {
    uint32_t insn;
    uint64_t x0, x1;
    uint32_t nzcv_in;
    uint64_t want_x0;
    uint32_t want_nzcv;
};

static void run_cases(const struct imm_case *c, size_t n)
{
    struct harness h;
    h_init(&h);
    for (size_t i = 0; i < n; i++) {
        h.cpu->x[0] = c[i].x0;
        h.cpu->x[1] = c[i].x1;
        h.cpu->nzcv = c[i].nzcv_in;
        h_run(&h, &c[i].insn, 1);
        if (h.cpu->x[0] != c[i].want_x0 || h.cpu->nzcv != c[i].want_nzcv)
            print_message("case %zu (0x%08x): x0 = 0x%016llx nzcv = 0x%08x, want 0x%016llx 0x%08x\n", i,
                          c[i].insn, (unsigned long long)h.cpu->x[0], h.cpu->nzcv,
                          (unsigned long long)c[i].want_x0, c[i].want_nzcv);
        assert_int_equal(h.cpu->x[0], c[i].want_x0);
        assert_int_equal(h.cpu->nzcv, c[i].want_nzcv);
    }
    h_free(&h);
}

static void test_exec_add_sub_imm_at_carry_and_overflow_boundaries_set_nzcv(void **state)
{
    (void)state;
    static const struct imm_case cases[] = {
        /* 0xb1000420 adds x0, x1, #1 */
        { 0xb1000420, 0, 0x7fffffffffffffff, 0, 0x8000000000000000, FN | FV },
        { 0xb1000420, 0, 0xffffffffffffffff, 0, 0, FZ | FC },
        { 0xb1000420, 0, 1, FN | FZ | FC | FV, 2, 0 },
        /* 0xf1000420 subs x0, x1, #1 */
        { 0xf1000420, 0, 0, 0, 0xffffffffffffffff, FN },
        { 0xf1000420, 0, 1, 0, 0, FZ | FC },
        { 0xf1000420, 0, 0x8000000000000000, 0, 0x7fffffffffffffff, FC | FV },
        /* 0x31000420 adds w0, w1, #1: the upper half of the input is ignored */
        { 0x31000420, 0, 0xaaaaaaaa7fffffff, 0, 0x80000000, FN | FV },
        { 0x31000420, 0, 0xaaaaaaaaffffffff, 0, 0, FZ | FC },
        /* 0x71000420 subs w0, w1, #1 */
        { 0x71000420, 0, 0x80000000, 0, 0x7fffffff, FC | FV },
        { 0x71000420, 0, 0x100000000, 0, 0xffffffff, FN },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_add_sub_imm_with_sp_operands(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    const uint32_t cmp_x1_fff_lsl12 = 0xf17ffc3f; /* cmp x1, #0xfff, lsl #12 */
    const uint32_t add_sp_sp_16 = 0x910043ff;     /* add sp, sp, #0x10 */
    const uint32_t add_x0_sp_1_lsl12 = 0x914007e0; /* add x0, sp, #0x1, lsl #12 */
    const uint32_t sub_sp_sp_16 = 0xd10043ff;     /* sub sp, sp, #0x10 */
    const uint32_t adds_x0_sp_0 = 0xb10003e0;     /* adds x0, sp, #0 */

    h.cpu->x[31] = 0x1000;
    h.cpu->x[1] = 0xfff000;
    h_run(&h, &cmp_x1_fff_lsl12, 1);
    assert_int_equal(h.cpu->nzcv, FZ | FC);
    assert_int_equal(h.cpu->x[31], 0x1000); /* Rd = 31 of SUBS is XZR */

    h_run(&h, &add_sp_sp_16, 1);
    assert_int_equal(h.cpu->x[31], 0x1010);
    h_run(&h, &add_x0_sp_1_lsl12, 1);
    assert_int_equal(h.cpu->x[0], 0x2010);
    h_run(&h, &sub_sp_sp_16, 1);
    h_run(&h, &sub_sp_sp_16, 1);
    assert_int_equal(h.cpu->x[31], 0xff0);

    h.cpu->x[31] = 0x8000000000000000;
    h_run(&h, &adds_x0_sp_0, 1);
    assert_int_equal(h.cpu->x[0], 0x8000000000000000);
    assert_int_equal(h.cpu->nzcv, FN);
    h_free(&h);
}

static void test_exec_logical_imm_results_flags_and_sp(void **state)
{
    (void)state;
    static const struct imm_case cases[] = {
        { 0x32089fe0, ~0ull, 0, 0, 0xff00ff00, 0 },                           /* orr w0, wzr, #0xff00ff00 */
        { 0xd200f020, 0, ~0ull, 0, 0xaaaaaaaaaaaaaaaa, 0 },                   /* eor x0, x1, #0x5555555555555555 */
        { 0x12000020, ~0ull, ~0ull, 0, 1, 0 },                                /* and w0, w1, #0x1 */
        /* 0xf2410020 ands x0, x1, #0x8000000000000000: C and V cleared */
        { 0xf2410020, 0, ~0ull, FC | FV, 0x8000000000000000, FN },
        { 0xf2410020, 0, 0x7fffffffffffffff, 0, 0, FZ },
        /* 0x72010020 ands w0, w1, #0x80000000 */
        { 0x72010020, 0, 0xffffffff80000000, 0, 0x80000000, FN },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);

    struct harness h;
    h_init(&h);
    const uint32_t and_sp = 0x927cec3f; /* and sp, x1, #0xfffffffffffffff0 */
    const uint32_t tst = 0x7200003f;    /* tst w1, #0x1 */
    h.cpu->x[1] = 0x12345;
    h_run(&h, &and_sp, 1);
    assert_int_equal(h.cpu->x[31], 0x12340);
    h.cpu->x[1] = 2;
    h_run(&h, &tst, 1);
    assert_int_equal(h.cpu->nzcv, FZ);
    assert_int_equal(h.cpu->x[31], 0x12340); /* Rd = 31 of ANDS is XZR */
    h_free(&h);
}

/*
 * Independent reference for logical immediates, built the other way round from
 * DecodeBitMasks: enumerate every element size e, run of ones and rotation, compute the value
 * directly, and record which N:immr:imms encodes it (immr bits above log2(e) are ignored).
 * Everything never recorded is reserved.
 */
struct ref_imm {
    bool valid;
    uint64_t value;
};
static struct ref_imm ref_table[2][2][64][64]; /* [sf][N][immr][imms] */

static void build_reference(void)
{
    memset(ref_table, 0, sizeof ref_table);
    for (unsigned e = 2; e <= 64; e *= 2) {
        for (unsigned ones = 1; ones < e; ones++) {
            for (unsigned rot = 0; rot < e; rot++) {
                uint64_t elem = 0;
                for (unsigned b = 0; b < ones; b++)
                    elem |= 1ull << ((b + e - rot) % e); /* bit b rotated right by rot */
                uint64_t v = 0;
                for (unsigned p = 0; p < 64; p += e)
                    v |= elem << p;
                unsigned n = e == 64, imms = (~(2 * e - 1) & 0x3f) | (ones - 1);
                for (unsigned immr = 0; immr < 64; immr++) {
                    if ((immr & (e - 1)) != rot)
                        continue;
                    ref_table[1][n][immr][imms] = (struct ref_imm){ true, v };
                    if (e <= 32)
                        ref_table[0][n][immr][imms] = (struct ref_imm){ true, v & 0xffffffffull };
                }
            }
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_exec_every_logical_imm_pattern_matches_reference(void **state)
{
    (void)state;
    build_reference();
    assert_true(dec_init());
    struct harness h;
    h_init(&h);
    unsigned distinct[2] = { 0, 0 };
    for (unsigned sf = 0; sf < 2; sf++) {
        for (unsigned n = 0; n < 2; n++) {
            for (unsigned immr = 0; immr < 64; immr++) {
                for (unsigned imms = 0; imms < 64; imms++) {
                    /* 0x12000020 and w0, w1, #0x1 with sf, N, immr and imms replaced */
                    uint32_t insn = 0x12000020 | sf << 31 | n << 22 | immr << 16 | imms << 10;
                    const struct ref_imm *ref = &ref_table[sf][n][immr][imms];
                    struct a64_insn in;
                    dec_decode(insn, cpu_default_features(), &in);
                    if ((in.id == A64_AND_imm) != ref->valid)
                        print_message("0x%08x: decoder says %s\n", insn, ref->valid ? "reserved" : "valid");
                    assert_int_equal(in.id, ref->valid ? A64_AND_imm : A64_UNALLOCATED);
                    if (ref->valid)
                        assert_int_equal(in.imm64, ref->value);
                    /* Execute: x0 = x1 & imm, with x1 all ones; reserved encodings are UNDEFINED. */
                    h.cpu->x[0] = 0x5a5a5a5a5a5a5a5aull;
                    h.cpu->x[1] = ~0ull;
                    h_code(&h, &insn, 1);
                    h_step(&h, 1);
                    if (ref->valid) {
                        assert_int_equal(h.cpu->pc, H_CODE + 4);
                        assert_int_equal(h.cpu->x[0], ref->value);
                    } else {
                        assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
                        assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0);
                        assert_int_equal(h.cpu->x[0], 0x5a5a5a5a5a5a5a5aull);
                        cpu_reset(h.cpu, 1, H_CODE);
                        h.cpu->sr.vbar_el1 = H_VBAR;
                    }
                }
            }
        }
    }
    /* Sanity check of the reference itself: 1302 distinct 32-bit and 5334 64-bit values. */
    for (unsigned sf = 0; sf < 2; sf++) {
        static uint64_t values[2 * 64 * 64];
        size_t count = 0;
        for (unsigned n = 0; n < 2; n++)
            for (unsigned immr = 0; immr < 64; immr++)
                for (unsigned imms = 0; imms < 64; imms++)
                    if (ref_table[sf][n][immr][imms].valid)
                        values[count++] = ref_table[sf][n][immr][imms].value;
        qsort(values, count, sizeof values[0], cmp_u64);
        for (size_t i = 0; i < count; i++)
            distinct[sf] += i == 0 || values[i] != values[i - 1];
    }
    assert_int_equal(distinct[0], 1302);
    assert_int_equal(distinct[1], 5334);
    h_free(&h);
}

static void test_exec_move_wide_forms_and_zero_extension(void **state)
{
    (void)state;
    static const struct imm_case cases[] = {
        { 0xd2e24680, ~0ull, 0, 0, 0x1234000000000000, 0 },                  /* movz x0, #0x1234, lsl #48 */
        { 0x92800000, 0, 0, 0, ~0ull, 0 },                                    /* movn x0, #0x0 */
        { 0x12800000, 0, 0, 0, 0xffffffff, 0 },                               /* movn w0, #0x0 */
        { 0x12a24680, 0, 0, 0, 0xedcbffff, 0 },                               /* movn w0, #0x1234, lsl #16 */
        { 0xf2b7dde0, 0x1111111111111111, 0, 0, 0x11111111beef1111, 0 },      /* movk x0, #0xbeef, lsl #16 */
        { 0x72b7dde0, 0x1111111111111111, 0, 0, 0xbeef1111, 0 },              /* movk w0, #0xbeef, lsl #16 */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_bitfield_aliases(void **state)
{
    (void)state;
    static const struct imm_case cases[] = {
        { 0xd3410020, 0, 3, 0, 0x8000000000000000, 0 },                       /* lsl x0, x1, #63 */
        { 0x53010020, 0, 0xffffffff00000003, 0, 0x80000000, 0 },              /* lsl w0, w1, #31 */
        { 0xd37ffc20, 0, 0x8000000000000000, 0, 1, 0 },                       /* lsr x0, x1, #63 */
        { 0x531f7c20, 0, 0xffffffff80000000, 0, 1, 0 },                       /* lsr w0, w1, #31 */
        { 0x937ffc20, 0, 0x8000000000000000, 0, ~0ull, 0 },                   /* asr x0, x1, #63 */
        { 0x131f7c20, 0, 0x80000000, 0, 0xffffffff, 0 },                      /* asr w0, w1, #31 */
        { 0x9340fc20, 0, 0x8000000000000001, 0, 0x8000000000000001, 0 },      /* asr x0, x1, #0 */
        { 0x93401c20, 0, 0x80, 0, 0xffffffffffffff80, 0 },                    /* sxtb x0, w1 */
        { 0x93401c20, 0, 0xffffff7f, 0, 0x7f, 0 },                            /* sxtb x0, w1 */
        { 0x13003c20, 0, 0x8000, 0, 0xffff8000, 0 },                          /* sxth w0, w1 */
        { 0x93407c20, 0, 0x0000000180000000, 0, 0xffffffff80000000, 0 },      /* sxtw x0, w1 */
        { 0x53001c20, 0, 0x1234, 0, 0x34, 0 },                                /* uxtb w0, w1 */
        { 0x53003c20, 0, 0xffffffff12345678, 0, 0x5678, 0 },                  /* uxth w0, w1 */
        { 0xb3783c20, 0x1111111111111111, 0xabcd, 0, 0x1111111111abcd11, 0 }, /* bfi x0, x1, #8, #16 */
        { 0x33040c20, 0xffffffff11111111, 0xf5, 0, 0x51111111, 0 },           /* bfi w0, w1, #28, #4 */
        { 0xb37cfc20, 0x1111111111111111, 0xa000000000000000, 0, 0x111111111111111a, 0 }, /* bfxil x0, x1, #60, #4 */
        { 0x33007c20, ~0ull, 0x12345678, 0, 0x12345678, 0 },                  /* bfxil w0, w1, #0, #32 */
        { 0x937c1c20, 0, 0x80, 0, 0xfffffffffffff800, 0 },                    /* sbfiz x0, x1, #4, #8 */
        { 0x13010020, 0, 1, 0, 0x80000000, 0 },                               /* sbfiz w0, w1, #31, #1 */
        { 0xd378fc20, 0, 0xab00000000000000, 0, 0xab, 0 },                    /* ubfx x0, x1, #56, #8 */
        { 0x53047c20, 0, 0xffffffff, 0, 0x0fffffff, 0 },                      /* ubfx w0, w1, #4, #28 */
        { 0xd3607c20, 0, 0xffffffffdeadbeef, 0, 0xdeadbeef00000000, 0 },      /* ubfiz x0, x1, #32, #32 */
        { 0x13083c20, 0, 0x8000, 0, 0xffffff80, 0 },                          /* sbfx w0, w1, #8, #8 */
        { 0xb37c1fe0, ~0ull, 0, 0, 0xfffffffffffff00f, 0 },                   /* bfm x0, xzr, #60, #7 (bfc x0, #4, #8) */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_extr_and_ror_alias(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const struct {
        uint32_t insn;
        uint64_t x1, x2, want;
    } cases[] = {
        { 0x93c21020, 0xf, 0x0123456789abcdef, 0xf0123456789abcde },        /* extr x0, x1, x2, #4 */
        { 0x13827c20, 0xffffffff00000001, 0x80000000, 3 },                  /* extr w0, w1, w2, #31 */
        { 0x93c20020, 0xf, 0x0123456789abcdef, 0x0123456789abcdef },        /* extr x0, x1, x2, #0 */
        { 0x93c1fc20, 0x8000000000000001, 0, 3 },                           /* ror x0, x1, #63 */
        { 0x13810420, 0xffffffff00000001, 0, 0x80000000 },                  /* ror w0, w1, #1 */
        { 0x13810020, 0xffffffff12345678, 0, 0x12345678 },                  /* ror w0, w1, #0 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h.cpu->x[0] = 0xdeadbeefdeadbeefull;
        h.cpu->x[1] = cases[i].x1;
        h.cpu->x[2] = cases[i].x2;
        h_run(&h, &cases[i].insn, 1);
        assert_int_equal(h.cpu->x[0], cases[i].want);
    }
    h_free(&h);
}

static void test_exec_adr_adrp_compute_pc_relative(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        /* linked at 0x40000000 = H_CODE, with _start at the first word */
        0x100091a0, /* adr x0, .+0x1234 */
        0x70ffffe1, /* adr x1, .-1 */
        0xb0091a22, /* adrp x2, _start+0x12345000 */
        0xf0ffffe3, /* adrp x3, _start-0x1000 */
    };
    h_run(&h, code, 4);
    assert_int_equal(h.cpu->x[0], H_CODE + 0x1234);
    assert_int_equal(h.cpu->x[1], H_CODE + 4 - 1);
    assert_int_equal(h.cpu->x[2], H_CODE + 0x12345000);
    assert_int_equal(h.cpu->x[3], H_CODE - 0x1000);
    h_free(&h);
}

static void test_exec_dp_imm_unallocated_encodings_are_undefined(void **state)
{
    (void)state;
    static const uint32_t words[] = {
        0x12400020, /* and w0, w1, #0x1 with N = 1 (sf = 0) */
        0x9200fc20, /* and x0, x1, #imm with N = 0, imms = 111111 (reserved) */
        0x12c24680, /* movn w0, #0x1234, lsl #16 with hw = 2 (sf = 0) */
        0x72f7dde0, /* movk w0, #0xbeef, lsl #16 with hw = 3 (sf = 0) */
        0x32800000, /* movn w0, #0x0 with opc = 01 */
        0x93001c20, /* sxtb x0, w1 with N = 0 (N != sf) */
        0x13203c20, /* sxth w0, w1 with immr = 32 (sf = 0) */
        0x73003c20, /* sxth w0, w1 with opc = 11 */
        0x13828020, /* extr w0, w1, w2, #31 with imms = 32 (sf = 0) */
        0x93821020, /* extr x0, x1, x2, #4 with N = 0 (N != sf) */
        0x91810820, /* addg x0, x1, #16, #2 (FEAT_MTE) */
    };
    struct harness h;
    h_init(&h);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        h.cpu->x[0] = 0x1234;
        h_code(&h, &words[i], 1);
        h_step(&h, 1);
        if (h.cpu->pc != H_VBAR + 0x200)
            print_message("0x%08x did not raise UNDEFINED\n", words[i]);
        assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
        assert_int_equal(h.cpu->sr.esr_el1, 1u << 25); /* EC 0 (unknown reason), IL */
        assert_int_equal(h.cpu->sr.elr_el1, H_CODE);
        assert_int_equal(h.cpu->x[0], 0x1234);
        cpu_reset(h.cpu, 1, H_CODE);
        h.cpu->sr.vbar_el1 = H_VBAR;
    }
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_add_sub_imm_at_carry_and_overflow_boundaries_set_nzcv),
        cmocka_unit_test(test_exec_add_sub_imm_with_sp_operands),
        cmocka_unit_test(test_exec_logical_imm_results_flags_and_sp),
        cmocka_unit_test(test_exec_every_logical_imm_pattern_matches_reference),
        cmocka_unit_test(test_exec_move_wide_forms_and_zero_extension),
        cmocka_unit_test(test_exec_bitfield_aliases),
        cmocka_unit_test(test_exec_extr_and_ror_alias),
        cmocka_unit_test(test_exec_adr_adrp_compute_pc_relative),
        cmocka_unit_test(test_exec_dp_imm_unallocated_encodings_are_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
