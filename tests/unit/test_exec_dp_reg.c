/*
 * Data Processing -- Register (src/decode/a64_dp_reg.def, src/cpu/exec_dp_reg*.c,
 * src/cpu/exec_crc32.c). Instruction words come from aarch64-linux-gnu-as (binutils 2.40); the
 * assembly is in the comment on each word. Words for unallocated encodings were made by changing
 * one field of an assembled word, and objdump confirms each is "undefined".
 */
#include <stdio.h>

#include "cpu_harness.h"

#include "decode/decode.h"

enum { FN = 1u << 31, FZ = 1u << 30, FC = 1u << 29, FV = 1u << 28 };

/* A single-instruction case: X1, X2 (and X3) in, X0 and NZCV out. */
struct dp_case {
    uint32_t insn;
    uint64_t x1, x2, x3;
    uint32_t nzcv_in;
    uint64_t want_x0;
    uint32_t want_nzcv;
};

static void run_cases(const struct dp_case *c, size_t n)
{
    struct harness h;
    h_init(&h);
    for (size_t i = 0; i < n; i++) {
        h.cpu->x[0] = 0xdeadbeefdeadbeefull;
        h.cpu->x[1] = c[i].x1;
        h.cpu->x[2] = c[i].x2;
        h.cpu->x[3] = c[i].x3;
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

static void test_exec_adds_subs_at_carry_and_overflow_boundaries_set_nzcv(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0xab020020 adds x0, x1, x2 */
        { 0xab020020, 0x7fffffffffffffff, 1, 0, 0, 0x8000000000000000, FN | FV },
        { 0xab020020, 0xffffffffffffffff, 1, 0, 0, 0, FZ | FC },
        { 0xab020020, 0x8000000000000000, 0x8000000000000000, 0, 0, 0, FZ | FC | FV },
        { 0xab020020, 0, 0, 0, FN | FC | FV, 0, FZ },
        { 0xab020020, 0xffffffffffffffff, 0xffffffffffffffff, 0, 0, 0xfffffffffffffffe, FN | FC },
        /* 0xeb020020 subs x0, x1, x2 */
        { 0xeb020020, 0, 1, 0, 0, 0xffffffffffffffff, FN },
        { 0xeb020020, 1, 1, 0, 0, 0, FZ | FC },
        { 0xeb020020, 0x8000000000000000, 1, 0, 0, 0x7fffffffffffffff, FC | FV },
        { 0xeb020020, 0x7fffffffffffffff, 0xffffffffffffffff, 0, 0, 0x8000000000000000, FN | FV },
        { 0xeb020020, 5, 3, 0, 0, 2, FC },
        /* 0x2b020020 adds w0, w1, w2: the upper halves of the inputs are ignored */
        { 0x2b020020, 0xdeadbeef7fffffff, 0x1234567800000001, 0, 0, 0x80000000, FN | FV },
        { 0x2b020020, 0xffffffff, 1, 0, 0, 0, FZ | FC },
        { 0x2b020020, 0x80000000, 0x80000000, 0, 0, 0, FZ | FC | FV },
        /* 0x6b020020 subs w0, w1, w2 */
        { 0x6b020020, 0x80000000, 1, 0, 0, 0x7fffffff, FC | FV },
        { 0x6b020020, 0, 1, 0, 0, 0xffffffff, FN },
        { 0x6b020020, 0x7fffffff, 0xffffffff, 0, 0, 0x80000000, FN | FV },
        { 0x6b020020, 0xffffffff00000005, 0x0000000100000005, 0, 0, 0, FZ | FC },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_adc_sbc_use_carry_in_and_set_nzcv(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0xba020020 adcs x0, x1, x2 */
        { 0xba020020, 0xffffffffffffffff, 0, 0, FC, 0, FZ | FC },
        { 0xba020020, 0x7fffffffffffffff, 0, 0, FC, 0x8000000000000000, FN | FV },
        { 0xba020020, 1, 1, 0, 0, 2, 0 },
        { 0xba020020, 0xffffffffffffffff, 0xffffffffffffffff, 0, FC, 0xffffffffffffffff, FN | FC },
        /* 0xfa020020 sbcs x0, x1, x2: x1 - x2 - NOT(C) */
        { 0xfa020020, 0, 0, 0, 0, 0xffffffffffffffff, FN },
        { 0xfa020020, 0, 0, 0, FC, 0, FZ | FC },
        { 0xfa020020, 0x8000000000000000, 0, 0, 0, 0x7fffffffffffffff, FC | FV },
        /* 0x3a020020 adcs w0, w1, w2 */
        { 0x3a020020, 0xffffffff, 0, 0, FC, 0, FZ | FC },
        { 0x3a020020, 0x7fffffff, 0, 0, FC, 0x80000000, FN | FV },
        /* 0x7a020020 sbcs w0, w1, w2 */
        { 0x7a020020, 0x80000000, 0, 0, 0, 0x7fffffff, FC | FV },
        { 0x7a020020, 0x100000000, 0, 0, FC, 0, FZ | FC },
        /* 0x9a020020 adc x0, x1, x2 and 0xda020020 sbc x0, x1, x2 leave NZCV alone */
        { 0x9a020020, 5, 6, 0, FN | FC, 12, FN | FC },
        { 0xda020020, 5, 6, 0, 0, 0xfffffffffffffffe, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_ccmp_ccmn_compare_or_load_nzcv_immediate(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0xfa420025 ccmp x1, x2, #0x5, eq */
        { 0xfa420025, 1, 1, 0, FZ, 0xdeadbeefdeadbeef, FZ | FC },
        { 0xfa420025, 1, 1, 0, 0, 0xdeadbeefdeadbeef, 0x50000000 },
        { 0xfa420025, 0x8000000000000000, 1, 0, FZ, 0xdeadbeefdeadbeef, FC | FV },
        { 0xfa420025, 0, 1, 0, FZ, 0xdeadbeefdeadbeef, FN },
        /* 0xba420025 ccmn x1, x2, #0x5, eq */
        { 0xba420025, 0x7fffffffffffffff, 1, 0, FZ, 0xdeadbeefdeadbeef, FN | FV },
        { 0xba420025, 0xffffffffffffffff, 1, 0, FZ, 0xdeadbeefdeadbeef, FZ | FC },
        { 0xba420025, 0xffffffffffffffff, 1, 0, FN, 0xdeadbeefdeadbeef, 0x50000000 },
        /* 0x7a42102a ccmp w1, w2, #0xa, ne: 32-bit compare ignores the upper halves */
        { 0x7a42102a, 0xffffffff80000000, 0x100000001, 0, 0, 0xdeadbeefdeadbeef, FC | FV },
        { 0x7a42102a, 0xffffffff80000000, 0x100000001, 0, FZ, 0xdeadbeefdeadbeef, 0xa0000000 },
        /* 0xfa5f2823 ccmp x1, #31, #0x3, hs */
        { 0xfa5f2823, 31, 0, 0, FC, 0xdeadbeefdeadbeef, FZ | FC },
        { 0xfa5f2823, 31, 0, 0, FZ, 0xdeadbeefdeadbeef, 0x30000000 },
        /* 0x3a41b820 ccmn w1, #1, #0x0, lt (N != V) */
        { 0x3a41b820, 0x7fffffff, 0, 0, FN, 0xdeadbeefdeadbeef, FN | FV },
        { 0x3a41b820, 0x7fffffff, 0, 0, FN | FV, 0xdeadbeefdeadbeef, 0 },
        /* 0xfa42f020 ccmp x1, x2, #0, nv: NV holds, like AL */
        { 0xfa42f020, 7, 7, 0, 0, 0xdeadbeefdeadbeef, FZ | FC },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_register_shifts_use_amount_modulo_width(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0x9ac22020 lslv x0, x1, x2 */
        { 0x9ac22020, 0x8000000000000001, 0, 0, 0, 0x8000000000000001, 0 },
        { 0x9ac22020, 0x8000000000000001, 63, 0, 0, 0x8000000000000000, 0 },
        { 0x9ac22020, 0x8000000000000001, 64, 0, 0, 0x8000000000000001, 0 },
        { 0x9ac22020, 0x8000000000000001, 65, 0, 0, 2, 0 },
        { 0x9ac22020, 0x8000000000000001, 0xffffffffffffffff, 0, 0, 0x8000000000000000, 0 },
        /* 0x9ac22420 lsrv x0, x1, x2 */
        { 0x9ac22420, 0x8000000000000001, 63, 0, 0, 1, 0 },
        { 0x9ac22420, 0x8000000000000001, 64, 0, 0, 0x8000000000000001, 0 },
        /* 0x9ac22820 asrv x0, x1, x2 */
        { 0x9ac22820, 0x8000000000000000, 63, 0, 0, 0xffffffffffffffff, 0 },
        { 0x9ac22820, 0x8000000000000000, 1, 0, 0, 0xc000000000000000, 0 },
        { 0x9ac22820, 0x4000000000000000, 62, 0, 0, 1, 0 },
        { 0x9ac22820, 0x8000000000000000, 128, 0, 0, 0x8000000000000000, 0 },
        /* 0x9ac22c20 rorv x0, x1, x2 */
        { 0x9ac22c20, 0x8000000000000001, 1, 0, 0, 0xc000000000000000, 0 },
        { 0x9ac22c20, 0x8000000000000001, 63, 0, 0, 3, 0 },
        { 0x9ac22c20, 0x8000000000000001, 0, 0, 0, 0x8000000000000001, 0 },
        { 0x9ac22c20, 0x8000000000000001, 64, 0, 0, 0x8000000000000001, 0 },
        /* 0x1ac22020 lslv w0, w1, w2 */
        { 0x1ac22020, 0xffffffff80000001, 0, 0, 0, 0x80000001, 0 },
        { 0x1ac22020, 0xffffffff80000001, 31, 0, 0, 0x80000000, 0 },
        { 0x1ac22020, 0xffffffff80000001, 32, 0, 0, 0x80000001, 0 },
        { 0x1ac22020, 0xffffffff80000001, 33, 0, 0, 2, 0 },
        /* 0x1ac22420 lsrv w0, w1, w2 */
        { 0x1ac22420, 0xffffffff80000001, 31, 0, 0, 1, 0 },
        { 0x1ac22420, 0xffffffff80000001, 32, 0, 0, 0x80000001, 0 },
        /* 0x1ac22820 asrv w0, w1, w2 */
        { 0x1ac22820, 0x80000000, 31, 0, 0, 0xffffffff, 0 },
        { 0x1ac22820, 0x80000000, 63, 0, 0, 0xffffffff, 0 },
        { 0x1ac22820, 0x80000000, 1, 0, 0, 0xc0000000, 0 },
        { 0x1ac22820, 0x0000000140000000, 30, 0, 0, 1, 0 },
        /* 0x1ac22c20 rorv w0, w1, w2 */
        { 0x1ac22c20, 0x80000001, 1, 0, 0, 0xc0000000, 0 },
        { 0x1ac22c20, 0x80000001, 31, 0, 0, 3, 0 },
        { 0x1ac22c20, 0x80000001, 32, 0, 0, 0x80000001, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_shifted_register_operands_at_width_minus_one(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        { 0x8b02fc20, 1, 3, 0, 0, 0x8000000000000001, 0 },                   /* add x0, x1, x2, lsl #63 */
        { 0x8b420420, 0, 0x8000000000000001, 0, 0, 0x4000000000000000, 0 },  /* add x0, x1, x2, lsr #1 */
        { 0xcb82fc20, 5, 0x8000000000000000, 0, 0, 6, 0 },                   /* sub x0, x1, x2, asr #63 */
        { 0x0b027c20, 0xffffffff00000001, 3, 0, 0, 0x80000001, 0 },          /* add w0, w1, w2, lsl #31 */
        { 0x4b827c20, 0, 0x80000000, 0, 0, 1, 0 },                           /* sub w0, w1, w2, asr #31 */
        { 0x8ac2fc20, ~0ull, 0x8000000000000001, 0, 0, 3, 0 },               /* and x0, x1, x2, ror #63 */
        { 0x0ac27c20, ~0ull, 0x80000001, 0, 0, 3, 0 },                       /* and w0, w1, w2, ror #31 */
        { 0x8b0203e0, 0, 42, 0, 0, 42, 0 },                                  /* add x0, xzr, x2 */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_logical_register_ops_and_flags(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        { 0x8a020020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0x0f000f000f000f00, 0 }, /* and x0, x1, x2 */
        { 0x8a220020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0xf000f000f000f000, 0 }, /* bic x0, x1, x2 */
        { 0xaa020020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0xfff0fff0fff0fff0, 0 }, /* orr x0, x1, x2 */
        { 0xaa220020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0xff0fff0fff0fff0f, 0 }, /* orn x0, x1, x2 */
        { 0xca020020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0xf0f0f0f0f0f0f0f0, 0 }, /* eor x0, x1, x2 */
        { 0xca220020, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0, 0, 0x0f0f0f0f0f0f0f0f, 0 }, /* eon x0, x1, x2 */
        /* 0xea020020 ands x0, x1, x2: N and Z from the result, C and V cleared */
        { 0xea020020, 0x8000000000000000, ~0ull, 0, FC | FV, 0x8000000000000000, FN },
        { 0xea020020, 0xf0, 0x0f, 0, FN | FC, 0, FZ },
        { 0xea220020, ~0ull, ~0ull, 0, FV, 0, FZ },                           /* bics x0, x1, x2 */
        /* 0x6a020020 ands w0, w1, w2: flags from the 32-bit result */
        { 0x6a020020, 0xffffffff80000000, 0x180000000, 0, 0, 0x80000000, FN },
        { 0x6a020020, 0x100000000, 0x100000000, 0, 0, 0, FZ },
        { 0x6a621020, 0xffffffff, 0xffffffff, 0, 0, 0xf0000000, FN },         /* bics w0, w1, w2, lsr #4 */
        { 0x2a2203e0, 0, 0, 0, 0, 0xffffffff, 0 },                            /* orn w0, wzr, w2 (mvn) */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_division_by_zero_and_int_min_by_minus_one(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0x9ac20820 udiv x0, x1, x2 */
        { 0x9ac20820, 100, 7, 0, 0, 14, 0 },
        { 0x9ac20820, 100, 0, 0, 0, 0, 0 },
        { 0x9ac20820, ~0ull, 1, 0, 0, ~0ull, 0 },
        { 0x9ac20820, ~0ull, 0x8000000000000000, 0, 0, 1, 0 },
        /* 0x9ac20c20 sdiv x0, x1, x2: rounds towards zero */
        { 0x9ac20c20, (uint64_t)-7, 2, 0, 0, (uint64_t)-3, 0 },
        { 0x9ac20c20, 7, (uint64_t)-2, 0, 0, (uint64_t)-3, 0 },
        { 0x9ac20c20, (uint64_t)-7, (uint64_t)-2, 0, 0, 3, 0 },
        { 0x9ac20c20, 0x8000000000000000, ~0ull, 0, 0, 0x8000000000000000, 0 },
        { 0x9ac20c20, 0x8000000000000000, 0, 0, 0, 0, 0 },
        { 0x9ac20c20, 0x8000000000000000, 0x8000000000000000, 0, 0, 1, 0 },
        { 0x9ac20c20, 5, 0, 0, 0, 0, 0 },
        /* 0x1ac20820 udiv w0, w1, w2: the upper halves are ignored */
        { 0x1ac20820, 0x100000010, 0x200000004, 0, 0, 4, 0 },
        { 0x1ac20820, 0x10, 0x100000000, 0, 0, 0, 0 },
        /* 0x1ac20c20 sdiv w0, w1, w2 */
        { 0x1ac20c20, 0x80000000, 0xffffffff, 0, 0, 0x80000000, 0 },
        { 0x1ac20c20, 0xfffffff9, 2, 0, 0, 0xfffffffd, 0 },
        { 0x1ac20c20, 0x80000000, 0, 0, 0, 0, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_multiplies_high_halves_and_long_forms(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0x9b427c20 smulh x0, x1, x2 */
        { 0x9b427c20, ~0ull, ~0ull, 0, 0, 0, 0 },
        { 0x9b427c20, 0x8000000000000000, 0x8000000000000000, 0, 0, 0x4000000000000000, 0 },
        { 0x9b427c20, 0x8000000000000000, 1, 0, 0, ~0ull, 0 },
        { 0x9b427c20, 0x7fffffffffffffff, 0x7fffffffffffffff, 0, 0, 0x3fffffffffffffff, 0 },
        { 0x9b427c20, (uint64_t)-2, 3, 0, 0, ~0ull, 0 },
        { 0x9b427c20, 0x8000000000000001, 0x7fffffffffffffff, 0, 0, 0xc000000000000000, 0 },
        { 0x9b427c20, 0x123456789abcdef0, 0x0fedcba987654321, 0, 0, 0x0121fa00ad77d742, 0 },
        /* 0x9bc27c20 umulh x0, x1, x2 */
        { 0x9bc27c20, ~0ull, ~0ull, 0, 0, 0xfffffffffffffffe, 0 },
        { 0x9bc27c20, 0x100000000, 0x100000000, 0, 0, 1, 0 },
        { 0x9bc27c20, 0x8000000000000001, 0x7fffffffffffffff, 0, 0, 0x3fffffffffffffff, 0 },
        /* 0x9b020c20 madd x0, x1, x2, x3 / 0x9b028c20 msub x0, x1, x2, x3 */
        { 0x9b020c20, 3, 4, 5, 0, 17, 0 },
        { 0x9b028c20, 3, 4, 5, 0, (uint64_t)-7, 0 },
        /* 0x1b020c20 madd w0, w1, w2, w3 / 0x1b028c20 msub w0, w1, w2, w3 */
        { 0x1b020c20, 0x10000, 0x10000, 0xffffffff00000005, 0, 5, 0 },
        { 0x1b028c20, 1, 1, 0, 0, 0xffffffff, 0 },
        /* 0x9b220c20 smaddl x0, w1, w2, x3 */
        { 0x9b220c20, 0xffffffff, 0xffffffff, 10, 0, 11, 0 },
        { 0x9b220c20, 0x80000000, 0x80000000, 0, 0, 0x4000000000000000, 0 },
        { 0x9b220c20, 0x12345678ffffffff, 2, 0, 0, (uint64_t)-2, 0 },
        /* 0x9b228c20 smsubl x0, w1, w2, x3 */
        { 0x9b228c20, 0xfffffffe, 3, 0, 0, 6, 0 },
        /* 0x9ba20c20 umaddl x0, w1, w2, x3 */
        { 0x9ba20c20, 0xabcdef00ffffffff, 0xffffffff, 1, 0, 0xfffffffe00000002, 0 },
        /* 0x9ba28c20 umsubl x0, w1, w2, x3 */
        { 0x9ba28c20, 2, 3, 0, 0, 0xfffffffffffffffa, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_clz_cls_of_zero_and_all_ones(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        /* 0xdac01020 clz x0, x1 */
        { 0xdac01020, 0, 0, 0, 0, 64, 0 },
        { 0xdac01020, ~0ull, 0, 0, 0, 0, 0 },
        { 0xdac01020, 1, 0, 0, 0, 63, 0 },
        /* 0xdac01420 cls x0, x1 */
        { 0xdac01420, 0, 0, 0, 0, 63, 0 },
        { 0xdac01420, ~0ull, 0, 0, 0, 63, 0 },
        { 0xdac01420, 1, 0, 0, 0, 62, 0 },
        { 0xdac01420, 0x8000000000000000, 0, 0, 0, 0, 0 },
        { 0xdac01420, 0xc000000000000000, 0, 0, 0, 1, 0 },
        /* 0x5ac01020 clz w0, w1 */
        { 0x5ac01020, 0xffffffff00000000, 0, 0, 0, 32, 0 },
        { 0x5ac01020, 0xffffffff, 0, 0, 0, 0, 0 },
        { 0x5ac01020, 1, 0, 0, 0, 31, 0 },
        /* 0x5ac01420 cls w0, w1 */
        { 0x5ac01420, 0, 0, 0, 0, 31, 0 },
        { 0x5ac01420, 0x12345678ffffffff, 0, 0, 0, 31, 0 },
        { 0x5ac01420, 0x40000000, 0, 0, 0, 0, 0 },
        { 0x5ac01420, 1, 0, 0, 0, 30, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_rev_family_and_rbit_reverse(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        { 0xdac00420, 0x0123456789abcdef, 0, 0, 0, 0x23016745ab89efcd, 0 }, /* rev16 x0, x1 */
        { 0xdac00820, 0x0123456789abcdef, 0, 0, 0, 0x67452301efcdab89, 0 }, /* rev32 x0, x1 */
        { 0xdac00c20, 0x0123456789abcdef, 0, 0, 0, 0xefcdab8967452301, 0 }, /* rev x0, x1 */
        { 0x5ac00420, 0x0123456789abcdef, 0, 0, 0, 0xab89efcd, 0 },         /* rev16 w0, w1 */
        { 0x5ac00820, 0x0123456789abcdef, 0, 0, 0, 0xefcdab89, 0 },         /* rev w0, w1 */
        { 0xdac00020, 0x0123456789abcdef, 0, 0, 0, 0xf7b3d591e6a2c480, 0 }, /* rbit x0, x1 */
        { 0xdac00020, 1, 0, 0, 0, 0x8000000000000000, 0 },                  /* rbit x0, x1 */
        { 0x5ac00020, 0x0123456789abcdef, 0, 0, 0, 0xf7b3d591, 0 },         /* rbit w0, w1 */
        { 0x5ac00020, 0xffffffff00000001, 0, 0, 0, 0x80000000, 0 },         /* rbit w0, w1 */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_conditional_select_family(void **state)
{
    (void)state;
    static const struct dp_case cases[] = {
        { 0x9a820020, 1, 2, 0, FZ, 1, FZ },                                   /* csel x0, x1, x2, eq */
        { 0x9a820020, 1, 2, 0, 0, 2, 0 },
        { 0x9a820420, 1, ~0ull, 0, 0, 0, 0 },                                 /* csinc x0, x1, x2, eq */
        { 0x9a820420, 1, 2, 0, FZ, 1, FZ },
        { 0xda820020, 1, 0xf0, 0, 0, 0xffffffffffffff0f, 0 },                 /* csinv x0, x1, x2, eq */
        { 0xda820420, 1, 5, 0, 0, (uint64_t)-5, 0 },                          /* csneg x0, x1, x2, eq */
        { 0xda820420, 1, 0x8000000000000000, 0, 0, 0x8000000000000000, 0 },
        { 0x1a821020, 0xffffffff12345678, 2, 0, 0, 0x12345678, 0 },           /* csel w0, w1, w2, ne */
        { 0x1a821420, 1, 0xffffffff, 0, FZ, 0, FZ },                          /* csinc w0, w1, w2, ne */
        { 0x5a821020, 1, 0, 0, FZ, 0xffffffff, FZ },                          /* csinv w0, w1, w2, ne */
        { 0x5a821420, 1, 1, 0, FZ, 0xffffffff, FZ },                          /* csneg w0, w1, w2, ne */
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_exec_w_results_zero_extend_into_x(void **state)
{
    (void)state;
    /* Every 32-bit form writes the whole X register with the upper half zero, whatever the
     * upper halves of the sources and destination held before. */
    static const struct dp_case cases[] = {
        { 0x0b020020, 0xaaaaaaaaffffffff, 0x5555555500000002, 0, 0, 1, 0 },          /* add w0, w1, w2 */
        { 0x4b020020, 0xaaaaaaaa00000000, 0x5555555500000001, 0, 0, 0xffffffff, 0 }, /* sub w0, w1, w2 */
        { 0x0a020020, ~0ull, ~0ull, 0, 0, 0xffffffff, 0 },                           /* and w0, w1, w2 */
        { 0x2a020020, 0xffffffff00000000, 0xffffffff00000001, 0, 0, 1, 0 },          /* orr w0, w1, w2 */
        { 0x4a020020, ~0ull, 0x00000000ffff0000, 0, 0, 0x0000ffff, 0 },              /* eor w0, w1, w2 */
        { 0x1b027c20, 0xffffffffffffffff, 0xffffffffffffffff, 0, 0, 1, 0 },          /* madd w0, w1, w2, wzr */
        { 0x1ac22020, 0xffffffffffffffff, 4, 0, 0, 0xfffffff0, 0 },                  /* lslv w0, w1, w2 */
        { 0x1ac20c20, 0xffffffffffffffff, 1, 0, 0, 0xffffffff, 0 },                  /* sdiv w0, w1, w2 */
        /* crc32b w0, w0, w2: x0 starts as 0xdeadbeefdeadbeef, so the accumulator is 0xdeadbeef */
        { 0x1ac24000, 0, 0, 0, 0, 0x306b5257, 0 },
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* ---- extended register ---- */

static void test_exec_extended_register_with_sp_operand(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    const uint32_t add_x0_sp_uxtw2 = 0x8b214be0;  /* add x0, sp, w1, uxtw #2 */
    const uint32_t add_sp_sp_uxtx = 0x8b2163ff;   /* add sp, sp, x1, uxtx */
    const uint32_t sub_sp_x1_sxtb4 = 0xcb22903f;  /* sub sp, x1, w2, sxtb #4 */
    const uint32_t adds_x0_sp_sxth = 0xab21a3e0;  /* adds x0, sp, w1, sxth */
    const uint32_t cmn_x1_w2_sxtw = 0xab22c03f;   /* adds xzr, x1, w2, sxtw (cmn) */
    const uint32_t add_w0_wsp_uxtb1 = 0x0b2107e0; /* add w0, wsp, w1, uxtb #1 */
    const uint32_t sub_x0_x1_sxtw3 = 0xcb22cc20;  /* sub x0, x1, w2, sxtw #3 */
    const uint32_t subs_w0_w1_uxth4 = 0x6b223020; /* subs w0, w1, w2, uxth #4 */
    const uint32_t add_x0_x1_xzr = 0x8b3f6020;    /* add x0, x1, xzr, uxtx */

    h.cpu->x[31] = 0x1000;
    h.cpu->x[1] = 0xffffffff00000004;
    h_run(&h, &add_x0_sp_uxtw2, 1);
    assert_int_equal(h.cpu->x[0], 0x1010);

    h.cpu->x[1] = 0x20;
    h_run(&h, &add_sp_sp_uxtx, 1);
    assert_int_equal(h.cpu->x[31], 0x1020);

    h.cpu->x[1] = 0x1000;
    h.cpu->x[2] = 0xff; /* sxtb: -1, << 4: -16 */
    h_run(&h, &sub_sp_x1_sxtb4, 1);
    assert_int_equal(h.cpu->x[31], 0x1010);

    h.cpu->x[31] = 0x8000;
    h.cpu->x[1] = 0x8000; /* sxth: -0x8000 */
    h.cpu->nzcv = 0;
    h_run(&h, &adds_x0_sp_sxth, 1);
    assert_int_equal(h.cpu->x[0], 0);
    assert_int_equal(h.cpu->nzcv, FZ | FC);

    h.cpu->x[31] = 0x5550;
    h.cpu->x[1] = 1;
    h.cpu->x[2] = 0xffffffff; /* sxtw: -1 */
    h.cpu->nzcv = 0;
    h_run(&h, &cmn_x1_w2_sxtw, 1);
    assert_int_equal(h.cpu->nzcv, FZ | FC);
    assert_int_equal(h.cpu->x[31], 0x5550); /* Rd = 31 of ADDS is XZR, not SP */

    h.cpu->x[0] = ~0ull;
    h.cpu->x[31] = 0xdead00001000;
    h.cpu->x[1] = 0x1ff;
    h_run(&h, &add_w0_wsp_uxtb1, 1);
    assert_int_equal(h.cpu->x[0], 0x11fe);

    h.cpu->x[1] = 0;
    h.cpu->x[2] = 0x80000000; /* sxtw: -2^31, << 3: -2^34 */
    h_run(&h, &sub_x0_x1_sxtw3, 1);
    assert_int_equal(h.cpu->x[0], 0x400000000);

    h.cpu->x[1] = 0x100000;
    h.cpu->x[2] = 0x10000ffff;
    h.cpu->nzcv = 0;
    h_run(&h, &subs_w0_w1_uxth4, 1);
    assert_int_equal(h.cpu->x[0], 0x10);
    assert_int_equal(h.cpu->nzcv, FC);

    h.cpu->x[1] = 77;
    h_run(&h, &add_x0_x1_xzr, 1); /* Rm = 31 is XZR */
    assert_int_equal(h.cpu->x[0], 77);
    h_free(&h);
}

/* ---- CRC32 ---- */

/* The Arm ARM pseudocode taken literally: BitReverse, Poly32Mod2 on a bit string, BitReverse. */
static uint32_t ref_crc32(uint32_t acc, uint64_t val, unsigned size, uint32_t poly)
{
    unsigned char bits[96] = { 0 }; /* bits[i] = bit i of the (32 + size)-bit string */
    unsigned n = 32 + size;
    for (unsigned i = 0; i < 32; i++) /* BitReverse(acc) : Zeros(size) */
        bits[size + i] ^= (acc >> (31 - i)) & 1;
    for (unsigned i = 0; i < size; i++) /* BitReverse(val) : Zeros(32) */
        bits[32 + i] ^= (val >> (size - 1 - i)) & 1;
    for (unsigned i = n - 1; i >= 32; i--) /* Poly32Mod2 */
        if (bits[i])
            for (unsigned j = 0; j < 32; j++)
                bits[i - 32 + j] ^= (poly >> j) & 1;
    uint32_t r = 0;
    for (unsigned i = 0; i < 32; i++) /* BitReverse of the remainder */
        r |= (uint32_t)bits[i] << (31 - i);
    return r;
}

static uint32_t run_crc(struct harness *h, uint32_t insn, uint32_t acc, uint64_t val)
{
    h->cpu->x[0] = acc;
    h->cpu->x[2] = val;
    h_run(h, &insn, 1);
    return (uint32_t)h->cpu->x[0];
}

static void test_exec_crc32_check_values_match(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const char msg[] = "123456789";
    const uint32_t crc32b = 0x1ac24000;  /* crc32b w0, w0, w2 */
    const uint32_t crc32h = 0x1ac24400;  /* crc32h w0, w0, w2 */
    const uint32_t crc32w = 0x1ac24800;  /* crc32w w0, w0, w2 */
    const uint32_t crc32x = 0x9ac24c00;  /* crc32x w0, w0, x2 */
    const uint32_t crc32cb = 0x1ac25000; /* crc32cb w0, w0, w2 */
    const uint32_t crc32ch = 0x1ac25400; /* crc32ch w0, w0, w2 */
    const uint32_t crc32cw = 0x1ac25800; /* crc32cw w0, w0, w2 */
    const uint32_t crc32cx = 0x9ac25c00; /* crc32cx w0, w0, x2 */
    uint64_t lo8;
    memcpy(&lo8, msg, 8); /* little-endian host assumed, as the guest is */

    /* Byte at a time, with the usual inversion before and after done in software. */
    uint32_t acc = ~0u, accc = ~0u;
    for (unsigned i = 0; i < 9; i++) {
        acc = run_crc(&h, crc32b, acc, (uint8_t)msg[i] | 0xffffff00ull); /* upper bits ignored */
        accc = run_crc(&h, crc32cb, accc, (uint8_t)msg[i]);
    }
    assert_int_equal(~acc, 0xCBF43926);
    assert_int_equal(~accc, 0xE3069283);

    /* Wider forms: "12345678" as one doubleword, words or halfwords, then '9'. */
    acc = run_crc(&h, crc32b, run_crc(&h, crc32x, ~0u, lo8), '9');
    assert_int_equal(~acc, 0xCBF43926);
    acc = run_crc(&h, crc32w, ~0u, lo8 & 0xffffffff);
    acc = run_crc(&h, crc32w, acc, lo8 >> 32);
    acc = run_crc(&h, crc32b, acc, '9');
    assert_int_equal(~acc, 0xCBF43926);
    acc = ~0u;
    for (unsigned i = 0; i < 4; i++)
        acc = run_crc(&h, crc32h, acc, (lo8 >> (16 * i)) & 0xffff);
    assert_int_equal(~run_crc(&h, crc32b, acc, '9'), 0xCBF43926);

    accc = run_crc(&h, crc32cb, run_crc(&h, crc32cx, ~0u, lo8), '9');
    assert_int_equal(~accc, 0xE3069283);
    accc = run_crc(&h, crc32cw, ~0u, lo8 & 0xffffffff);
    accc = run_crc(&h, crc32cw, accc, lo8 >> 32);
    assert_int_equal(~run_crc(&h, crc32cb, accc, '9'), 0xE3069283);
    accc = ~0u;
    for (unsigned i = 0; i < 4; i++)
        accc = run_crc(&h, crc32ch, accc, (lo8 >> (16 * i)) & 0xffff);
    assert_int_equal(~run_crc(&h, crc32cb, accc, '9'), 0xE3069283);
    h_free(&h);
}

static void test_exec_crc32_every_form_matches_pseudocode_reference(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const struct {
        uint32_t insn;
        unsigned size;
        uint32_t poly;
    } forms[] = {
        { 0x1ac24000, 8, 0x04C11DB7 },  /* crc32b w0, w0, w2 */
        { 0x1ac24400, 16, 0x04C11DB7 }, /* crc32h w0, w0, w2 */
        { 0x1ac24800, 32, 0x04C11DB7 }, /* crc32w w0, w0, w2 */
        { 0x9ac24c00, 64, 0x04C11DB7 }, /* crc32x w0, w0, x2 */
        { 0x1ac25000, 8, 0x1EDC6F41 },  /* crc32cb w0, w0, w2 */
        { 0x1ac25400, 16, 0x1EDC6F41 }, /* crc32ch w0, w0, w2 */
        { 0x1ac25800, 32, 0x1EDC6F41 }, /* crc32cw w0, w0, w2 */
        { 0x9ac25c00, 64, 0x1EDC6F41 }, /* crc32cx w0, w0, x2 */
    };
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        for (unsigned i = 0; i < 256; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint32_t acc = (uint32_t)(seed >> 32);
            uint64_t val = forms[f].size == 8 ? i : seed ^ (seed << 29);
            uint64_t used = forms[f].size == 64 ? val : val & ((1ull << forms[f].size) - 1);
            uint32_t want = ref_crc32(acc, used, forms[f].size, forms[f].poly);
            uint32_t got = run_crc(&h, forms[f].insn, acc, val);
            if (got != want)
                print_message("form %zu acc 0x%08x val 0x%016llx: got 0x%08x want 0x%08x\n", f, acc,
                              (unsigned long long)val, got, want);
            assert_int_equal(got, want);
            assert_int_equal(h.cpu->x[0] >> 32, 0);
        }
    }
    h_free(&h);
}

static void test_exec_crc32_without_feature_is_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->features &= ~(1u << FEAT_CRC32);
    const uint32_t crc32b = 0x1ac24000; /* crc32b w0, w0, w2 */
    h_code(&h, &crc32b, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1, 1u << 25); /* EC 0 (unknown reason), IL */
    h_free(&h);
}

/* ---- unallocated encodings ---- */

static void test_exec_dp_reg_unallocated_encodings_are_undefined(void **state)
{
    (void)state;
    static const uint32_t words[] = {
        0x0a028020, /* and w0, w1, w2, lsl #0 with imm6 = 32 (sf = 0, imm6<5> = 1) */
        0x6a228020, /* bics w0, w1, w2 with imm6 = 32 */
        0x0b028020, /* add w0, w1, w2 with imm6 = 32 */
        0x8bc20020, /* add x0, x1, x2 with shift = 11 */
        0x8b2157e0, /* add x0, sp, w1, uxtw #2 with imm3 = 5 */
        0x8b614be0, /* add x0, sp, w1, uxtw #2 with opt = 01 */
        0x1ac24c00, /* crc32x w0, w0, x2 with sf = 0 */
        0x9ac24000, /* crc32b w0, w0, w2 with sf = 1 */
        0x5ac00c20, /* rev x0, x1 with sf = 0 (opcode 000011) */
        0x9b42fc20, /* smulh x0, x1, x2 with o0 = 1 */
        0xbac20c20, /* sdiv x0, x1, x2 with S = 1 */
        0xfa420425, /* ccmp x1, x2, #5, eq with o2 = 1 */
        0xfa420035, /* ccmp x1, x2, #5, eq with o3 = 1 */
        0x9a820820, /* csel x0, x1, x2, eq with op2<1> = 1 */
        0xba820020, /* csel x0, x1, x2, eq with S = 1 */
        0xbb020c20, /* madd x0, x1, x2, x3 with op54 = 01 */
        0x1b220c20, /* smaddl with sf = 0 */
        0x9a020420, /* adc x0, x1, x2 with opcode2 (15:10) = 000001 */
        0xba018422, /* rmif x1, #3, #2 (FEAT_FlagM) */
        0x3a00082d, /* setf8 w1 (FEAT_FlagM) */
        0x9ac23020, /* pacga x0, x1, x2 (FEAT_PAuth) */
        0xdac10020, /* pacia x0, x1 (FEAT_PAuth) */
        0x9ac20020, /* subp x0, x1, x2 (FEAT_MTE) */
        0xdac02020, /* abs x0, x1 (FEAT_CSSC) */
        0x9ac26020, /* smax x0, x1, x2 (FEAT_CSSC) */
    };
    struct harness h;
    h_init(&h);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        h.cpu->pc = H_CODE;
        h.cpu->x[0] = 0x1234;
        h.cpu->x[31] = 0x8000;
        h.cpu->nzcv = 0;
        h_code(&h, &words[i], 1);
        h_step(&h, 1);
        if (h.cpu->pc != H_VBAR + 0x200)
            print_message("0x%08x did not raise UNDEFINED\n", words[i]);
        assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
        assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0);
        assert_int_equal(h.cpu->sr.elr_el1, H_CODE);
        assert_int_equal(h.cpu->x[0], 0x1234);
        assert_int_equal(h.cpu->x[31], 0x8000);
        assert_int_equal(h.cpu->nzcv, 0);
        cpu_reset(h.cpu, 1, H_CODE);
        h.cpu->sr.vbar_el1 = H_VBAR;
    }
    h_free(&h);
}

static void test_exec_smulh_ignores_should_be_one_ra_bits(void **state)
{
    (void)state;
    /* 0x9b427c20 smulh x0, x1, x2 with Ra = 00000 instead of 11111: (1) bits are ignored,
     * as QEMU does */
    static const struct dp_case cases[] = {
        { 0x9b420020, 0x8000000000000000, 1, 0, 0, ~0ull, 0 },
    };
    run_cases(cases, 1);
}

static void test_exec_dp_reg_rows_disassemble_as_objdump(void **state)
{
    (void)state;
    static const struct {
        uint32_t insn;
        const char *text;
    } cases[] = {
        { 0x8b214be0, "add x0, sp, w1, uxtw #2" },
        { 0x8b2163ff, "add sp, sp, x1" },      /* UXTX with SP: LSL #0, omitted */
        { 0xab21a3e0, "adds x0, sp, w1, sxth" },
        { 0xab22c03f, "cmn x1, w2, sxtw" },
        { 0xcb22cc20, "sub x0, x1, w2, sxtw #3" },
        { 0x0b2107e0, "add w0, wsp, w1, uxtb #1" },
        { 0x8b02fc20, "add x0, x1, x2, lsl #63" },
        { 0x0ac27c20, "and w0, w1, w2, ror #31" },
        { 0x8a020020, "and x0, x1, x2" },
        { 0xfa5f2823, "ccmp x1, #0x1f, #0x3, cs\t// cs = hs, nlast" },
        { 0x7a42102a, "ccmp w1, w2, #0xa, ne\t// ne = any" },
        { 0x9ac24c00, "crc32x w0, w0, x2" },
        { 0x9b220c20, "smaddl x0, w1, w2, x3" },
        { 0x9b427c20, "smulh x0, x1, x2" },
        { 0xdac00820, "rev32 x0, x1" },
        { 0x5ac00820, "rev w0, w1" },
        { 0x1a821420, "csinc w0, w1, w2, ne\t// ne = any" },
    };
    assert_true(dec_init());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct a64_insn in;
        char buf[96];
        dec_decode(cases[i].insn, cpu_default_features(), &in);
        dec_disassemble(&in, 0, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_adds_subs_at_carry_and_overflow_boundaries_set_nzcv),
        cmocka_unit_test(test_exec_adc_sbc_use_carry_in_and_set_nzcv),
        cmocka_unit_test(test_exec_ccmp_ccmn_compare_or_load_nzcv_immediate),
        cmocka_unit_test(test_exec_register_shifts_use_amount_modulo_width),
        cmocka_unit_test(test_exec_shifted_register_operands_at_width_minus_one),
        cmocka_unit_test(test_exec_logical_register_ops_and_flags),
        cmocka_unit_test(test_exec_division_by_zero_and_int_min_by_minus_one),
        cmocka_unit_test(test_exec_multiplies_high_halves_and_long_forms),
        cmocka_unit_test(test_exec_clz_cls_of_zero_and_all_ones),
        cmocka_unit_test(test_exec_rev_family_and_rbit_reverse),
        cmocka_unit_test(test_exec_conditional_select_family),
        cmocka_unit_test(test_exec_w_results_zero_extend_into_x),
        cmocka_unit_test(test_exec_extended_register_with_sp_operand),
        cmocka_unit_test(test_exec_crc32_check_values_match),
        cmocka_unit_test(test_exec_crc32_every_form_matches_pseudocode_reference),
        cmocka_unit_test(test_exec_crc32_without_feature_is_undefined),
        cmocka_unit_test(test_exec_dp_reg_unallocated_encodings_are_undefined),
        cmocka_unit_test(test_exec_smulh_ignores_should_be_one_ra_bits),
        cmocka_unit_test(test_exec_dp_reg_rows_disassemble_as_objdump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
