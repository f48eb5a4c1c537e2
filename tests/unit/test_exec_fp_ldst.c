/*
 * Loads and stores of SIMD&FP registers (src/cpu/exec_fp_ldst.c, rows in
 * src/decode/a64_fp_ldst.def) and the SIMD&FP access trap in front of them. FEAT_FP is not in
 * the CPU profile yet, so each test sets it in cpu->features and flushes the decoded-instruction
 * cache. Instruction words were assembled with aarch64-linux-gnu-as; the assembly is in the
 * comment beside each.
 */
#include "cpu_harness.h"

#define H_RAM_END (H_RAM_BASE + H_RAM_SIZE)
#define JUNK 0xdeadbeefdeadbeefull
#define ESR_IL (1u << 25)
#define ESR_UNDEF (ESR_IL)                                    /* EC 0x00 */
#define ESR_FP_TRAP (0x07u << 26 | ESR_IL | 1u << 24 | 0xeu << 20) /* EC 0x07, CV, COND = AL */
#define SCTLR_A (1u << 1)
#define SCTLR_SA (1u << 3)
#define CPACR_FPEN_ON (3u << 20)
#define LOAD_BASE (H_DATA + 0x100)
#define STORE_BASE (H_DATA + 0x2100)
/* What a store writes: V0 and V1 hold these. */
#define V0_LO 0x8877665544332211ull
#define V0_HI 0xffeeddccbbaa0099ull
#define V1_LO 0x0123456789abcdefull
#define V1_HI 0xfedcba9876543210ull

/* A harness with FP/AdvSIMD decoded and CPACR_EL1.FPEN = 11 (no trap). */
static void fp_init(struct harness *h)
{
    h_init(h);
    h->cpu->features |= 1u << FEAT_FP | 1u << FEAT_ADVSIMD;
    icache_flush(h->ic);
    h->cpu->sr.cpacr_el1 = CPACR_FPEN_ON;
}

/* RAM at H_DATA + j holds (j & 0xff) for j < len. */
static void fill_pattern(struct harness *h, size_t len)
{
    static uint8_t buf[0x10100];
    assert_true(len <= sizeof buf);
    for (size_t j = 0; j < len; j++)
        buf[j] = (uint8_t)j;
    assert_int_equal(bus_load_block(h->bus, H_DATA, buf, len), A64_OK);
}

/* The little-endian value of n (<= 8) pattern bytes at address a. */
static uint64_t pat(uint64_t a, unsigned n)
{
    uint64_t v = 0, off = a - H_DATA;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)((off + i) & 0xff) << (8 * i);
    return v;
}

/* V[r] must hold the `size`-byte element loaded from pattern address a, zero-extended. */
static void expect_v_pat(struct harness *h, unsigned r, uint64_t a, unsigned size)
{
    assert_int_equal(h->cpu->vreg[r][0], pat(a, size < 16 ? size : 8));
    assert_int_equal(h->cpu->vreg[r][1], size < 16 ? 0 : pat(a + 8, 8));
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

/* ---- single-register loads: every addressing form and size ---- */

struct load_case {
    uint32_t insn;
    uint64_t base; /* X1 */
    uint64_t x3;   /* index register of the register-offset forms */
    uint64_t addr; /* the element's address */
    unsigned size;
    uint64_t x1_after;
};

static const struct load_case load_cases[] = {
    /* unsigned offset, scaled by the size */
    { 0x3d400c20, LOAD_BASE, 0, LOAD_BASE + 3, 1, LOAD_BASE },   /* ldr b0, [x1, #3] */
    { 0x7d400c20, LOAD_BASE, 0, LOAD_BASE + 6, 2, LOAD_BASE },   /* ldr h0, [x1, #6] */
    { 0xbd400c20, LOAD_BASE, 0, LOAD_BASE + 12, 4, LOAD_BASE },  /* ldr s0, [x1, #12] */
    { 0xfd400c20, LOAD_BASE, 0, LOAD_BASE + 24, 8, LOAD_BASE },  /* ldr d0, [x1, #24] */
    { 0x3dc00c20, LOAD_BASE, 0, LOAD_BASE + 48, 16, LOAD_BASE }, /* ldr q0, [x1, #48] */
    { 0x3dfffc20, H_DATA, 0, H_DATA + 65520, 16, H_DATA },       /* ldr q0, [x1, #65520] */
    /* unscaled */
    { 0x3c5ff020, LOAD_BASE, 0, LOAD_BASE - 1, 1, LOAD_BASE },   /* ldur b0, [x1, #-1] */
    { 0x7c5fd020, LOAD_BASE, 0, LOAD_BASE - 3, 2, LOAD_BASE },   /* ldur h0, [x1, #-3] */
    { 0xbc5fb020, LOAD_BASE, 0, LOAD_BASE - 5, 4, LOAD_BASE },   /* ldur s0, [x1, #-5] */
    { 0xfc5f9020, LOAD_BASE, 0, LOAD_BASE - 7, 8, LOAD_BASE },   /* ldur d0, [x1, #-7] */
    { 0x3cdf7020, LOAD_BASE, 0, LOAD_BASE - 9, 16, LOAD_BASE },  /* ldur q0, [x1, #-9] */
    /* pre-index */
    { 0x3c401c20, LOAD_BASE, 0, LOAD_BASE + 1, 1, LOAD_BASE + 1 },    /* ldr b0, [x1, #1]! */
    { 0x7c5fec20, LOAD_BASE, 0, LOAD_BASE - 2, 2, LOAD_BASE - 2 },    /* ldr h0, [x1, #-2]! */
    { 0xbc404c20, LOAD_BASE, 0, LOAD_BASE + 4, 4, LOAD_BASE + 4 },    /* ldr s0, [x1, #4]! */
    { 0xfc408c20, LOAD_BASE, 0, LOAD_BASE + 8, 8, LOAD_BASE + 8 },    /* ldr d0, [x1, #8]! */
    { 0x3cdf0c20, LOAD_BASE, 0, LOAD_BASE - 16, 16, LOAD_BASE - 16 }, /* ldr q0, [x1, #-16]! */
    /* post-index */
    { 0x3c401420, LOAD_BASE, 0, LOAD_BASE, 1, LOAD_BASE + 1 },   /* ldr b0, [x1], #1 */
    { 0x7c5fe420, LOAD_BASE, 0, LOAD_BASE, 2, LOAD_BASE - 2 },   /* ldr h0, [x1], #-2 */
    { 0xbc404420, LOAD_BASE, 0, LOAD_BASE, 4, LOAD_BASE + 4 },   /* ldr s0, [x1], #4 */
    { 0xfc408420, LOAD_BASE, 0, LOAD_BASE, 8, LOAD_BASE + 8 },   /* ldr d0, [x1], #8 */
    { 0x3cdf0420, LOAD_BASE, 0, LOAD_BASE, 16, LOAD_BASE - 16 }, /* ldr q0, [x1], #-16 */
    /* register offset: extend and shift by the size when S = 1 */
    { 0x3c636820, LOAD_BASE, 5, LOAD_BASE + 5, 1, LOAD_BASE },                       /* ldr b0, [x1, x3] */
    { 0x3c637820, LOAD_BASE, 7, LOAD_BASE + 7, 1, LOAD_BASE },                       /* ldr b0, [x1, x3, lsl #0] */
    { 0x7c63d820, LOAD_BASE, 0xdead0000fffffffeull, LOAD_BASE - 4, 2, LOAD_BASE },   /* ldr h0, [x1, w3, sxtw #1] */
    { 0xbc635820, LOAD_BASE, 0xffffffff00000003ull, LOAD_BASE + 12, 4, LOAD_BASE },  /* ldr s0, [x1, w3, uxtw #2] */
    { 0xfc637820, LOAD_BASE, 2, LOAD_BASE + 16, 8, LOAD_BASE },                      /* ldr d0, [x1, x3, lsl #3] */
    { 0x3ce37820, LOAD_BASE, 3, LOAD_BASE + 48, 16, LOAD_BASE },                     /* ldr q0, [x1, x3, lsl #4] */
    { 0x3ce3c820, LOAD_BASE, 0x12345678fffffff0ull, LOAD_BASE - 16, 16, LOAD_BASE }, /* ldr q0, [x1, w3, sxtw] */
    { 0xfc63e820, LOAD_BASE, (uint64_t)-8, LOAD_BASE - 8, 8, LOAD_BASE },            /* ldr d0, [x1, x3, sxtx] */
};

static void test_exec_fp_ldst_loads_every_form_and_size_zero_upper_bits(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    fill_pattern(&h, 0x10100);
    for (size_t i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++) {
        const struct load_case *c = &load_cases[i];
        h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
        h.cpu->x[1] = c->base;
        h.cpu->x[3] = c->x3;
        run1(&h, c->insn);
        expect_v_pat(&h, 0, c->addr, c->size);
        assert_int_equal(h.cpu->x[1], c->x1_after);
        assert_int_equal(h.cpu->x[3], c->x3);
    }
    h_free(&h);
}

/* ---- single-register stores ---- */

struct store_case {
    uint32_t insn;
    uint64_t x3;
    uint64_t addr;
    unsigned size;
    uint64_t x2_after;
};

static const struct store_case store_cases[] = {
    { 0x3d000440, 0, STORE_BASE + 1, 1, STORE_BASE },         /* str b0, [x2, #1] */
    { 0x7d000440, 0, STORE_BASE + 2, 2, STORE_BASE },         /* str h0, [x2, #2] */
    { 0xbd000440, 0, STORE_BASE + 4, 4, STORE_BASE },         /* str s0, [x2, #4] */
    { 0xfd000440, 0, STORE_BASE + 8, 8, STORE_BASE },         /* str d0, [x2, #8] */
    { 0x3d800440, 0, STORE_BASE + 16, 16, STORE_BASE },       /* str q0, [x2, #16] */
    { 0x3c1ff040, 0, STORE_BASE - 1, 1, STORE_BASE },         /* stur b0, [x2, #-1] */
    { 0x7c1fd040, 0, STORE_BASE - 3, 2, STORE_BASE },         /* stur h0, [x2, #-3] */
    { 0xbc1fb040, 0, STORE_BASE - 5, 4, STORE_BASE },         /* stur s0, [x2, #-5] */
    { 0xfc1f9040, 0, STORE_BASE - 7, 8, STORE_BASE },         /* stur d0, [x2, #-7] */
    { 0x3c9f7040, 0, STORE_BASE - 9, 16, STORE_BASE },        /* stur q0, [x2, #-9] */
    { 0x3c001c40, 0, STORE_BASE + 1, 1, STORE_BASE + 1 },     /* str b0, [x2, #1]! */
    { 0x7c002c40, 0, STORE_BASE + 2, 2, STORE_BASE + 2 },     /* str h0, [x2, #2]! */
    { 0xbc1fcc40, 0, STORE_BASE - 4, 4, STORE_BASE - 4 },     /* str s0, [x2, #-4]! */
    { 0xfc008c40, 0, STORE_BASE + 8, 8, STORE_BASE + 8 },     /* str d0, [x2, #8]! */
    { 0x3c810c40, 0, STORE_BASE + 16, 16, STORE_BASE + 16 },  /* str q0, [x2, #16]! */
    { 0x3c001440, 0, STORE_BASE, 1, STORE_BASE + 1 },         /* str b0, [x2], #1 */
    { 0x7c002440, 0, STORE_BASE, 2, STORE_BASE + 2 },         /* str h0, [x2], #2 */
    { 0xbc1fc440, 0, STORE_BASE, 4, STORE_BASE - 4 },         /* str s0, [x2], #-4 */
    { 0xfc008440, 0, STORE_BASE, 8, STORE_BASE + 8 },         /* str d0, [x2], #8 */
    { 0x3c9f0440, 0, STORE_BASE, 16, STORE_BASE - 16 },       /* str q0, [x2], #-16 */
    { 0x3c236840, 3, STORE_BASE + 3, 1, STORE_BASE },                      /* str b0, [x2, x3] */
    { 0x7c237840, 2, STORE_BASE + 4, 2, STORE_BASE },                      /* str h0, [x2, x3, lsl #1] */
    { 0xbc234840, 0xffffffff00000008ull, STORE_BASE + 8, 4, STORE_BASE },  /* str s0, [x2, w3, uxtw] */
    { 0xfc23d840, 0xffffffffull, STORE_BASE - 8, 8, STORE_BASE },          /* str d0, [x2, w3, sxtw #3] */
    { 0x3ca37840, 2, STORE_BASE + 32, 16, STORE_BASE },                    /* str q0, [x2, x3, lsl #4] */
};

/* Bytes [lo, hi) around STORE_BASE, checked after each store. */
#define WIN_LO (STORE_BASE - 64)
#define WIN_LEN 128u

static void clear_window(struct harness *h)
{
    static const uint8_t zero[WIN_LEN];
    assert_int_equal(bus_load_block(h->bus, WIN_LO, zero, WIN_LEN), A64_OK);
}

/* The window holds V0's low `size` bytes at addr (and V1's at addr + size when `pair`), zero
 * elsewhere. */
static void expect_window(struct harness *h, uint64_t addr, unsigned size, bool pair)
{
    uint8_t got[WIN_LEN], want[WIN_LEN];
    uint64_t v[2][2] = { { V0_LO, V0_HI }, { V1_LO, V1_HI } };
    memset(want, 0, sizeof want);
    for (unsigned r = 0; r < (pair ? 2u : 1u); r++)
        for (unsigned i = 0; i < size; i++)
            want[addr - WIN_LO + r * size + i] = (uint8_t)(v[r][i / 8] >> (8 * (i % 8)));
    assert_true(bus_copy_from(h->bus, WIN_LO, got, WIN_LEN));
    assert_memory_equal(got, want, WIN_LEN);
}

static void set_v01(struct harness *h)
{
    h->cpu->vreg[0][0] = V0_LO;
    h->cpu->vreg[0][1] = V0_HI;
    h->cpu->vreg[1][0] = V1_LO;
    h->cpu->vreg[1][1] = V1_HI;
}

static void test_exec_fp_ldst_stores_every_form_and_size_write_exactly_size_bytes(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    for (size_t i = 0; i < sizeof store_cases / sizeof store_cases[0]; i++) {
        const struct store_case *c = &store_cases[i];
        clear_window(&h);
        set_v01(&h);
        h.cpu->x[2] = STORE_BASE;
        h.cpu->x[3] = c->x3;
        run1(&h, c->insn);
        expect_window(&h, c->addr, c->size, false);
        assert_int_equal(h.cpu->x[2], c->x2_after);
        assert_int_equal(h.cpu->vreg[0][0], V0_LO); /* a store leaves the register alone */
        assert_int_equal(h.cpu->vreg[0][1], V0_HI);
    }
    h_free(&h);
}

/* ---- literal ---- */

static void test_exec_fp_ldst_literal_s_d_q_load_pc_relative(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    static const uint32_t code[] = {
        0x1c000060, /* ldr s0, .+12 */
        0x5c000040, /* ldr d0, .+8 */
        0x9c000020, /* ldr q0, .+4 */
        0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c, /* the literal at H_CODE + 12 */
    };
    h_code(&h, code, sizeof code / sizeof code[0]);
    h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
    h_step(&h, 1);
    assert_int_equal(h.cpu->vreg[0][0], 0x03020100);
    assert_int_equal(h.cpu->vreg[0][1], 0);
    h.cpu->vreg[0][1] = JUNK;
    h_step(&h, 1);
    assert_int_equal(h.cpu->vreg[0][0], 0x0706050403020100ull);
    assert_int_equal(h.cpu->vreg[0][1], 0);
    h_step(&h, 1);
    assert_int_equal(h.cpu->vreg[0][0], 0x0706050403020100ull);
    assert_int_equal(h.cpu->vreg[0][1], 0x0f0e0d0c0b0a0908ull);
    assert_int_equal(h.cpu->pc, H_CODE + 12);
    h_free(&h);
}

/* ---- pairs ---- */

struct pair_case {
    uint32_t insn;
    bool store;
    uint64_t addr;  /* first element */
    unsigned size;
    uint64_t base_after;
};

static const struct pair_case pair_cases[] = {
    { 0x2d410420, false, LOAD_BASE + 8, 4, LOAD_BASE },        /* ldp s0, s1, [x1, #8] */
    { 0x6d7f0420, false, LOAD_BASE - 16, 8, LOAD_BASE },       /* ldp d0, d1, [x1, #-16] */
    { 0xad410420, false, LOAD_BASE + 32, 16, LOAD_BASE },      /* ldp q0, q1, [x1, #32] */
    { 0xad5f8420, false, LOAD_BASE + 1008, 16, LOAD_BASE },    /* ldp q0, q1, [x1, #1008] */
    { 0x2dff0420, false, LOAD_BASE - 8, 4, LOAD_BASE - 8 },    /* ldp s0, s1, [x1, #-8]! */
    { 0x6dc10420, false, LOAD_BASE + 16, 8, LOAD_BASE + 16 },  /* ldp d0, d1, [x1, #16]! */
    { 0xadff0420, false, LOAD_BASE - 32, 16, LOAD_BASE - 32 }, /* ldp q0, q1, [x1, #-32]! */
    { 0x2cc10420, false, LOAD_BASE, 4, LOAD_BASE + 8 },        /* ldp s0, s1, [x1], #8 */
    { 0x6cff0420, false, LOAD_BASE, 8, LOAD_BASE - 16 },       /* ldp d0, d1, [x1], #-16 */
    { 0xacc10420, false, LOAD_BASE, 16, LOAD_BASE + 32 },      /* ldp q0, q1, [x1], #32 */
    { 0x2c408420, false, LOAD_BASE + 4, 4, LOAD_BASE },        /* ldnp s0, s1, [x1, #4] */
    { 0x6c408420, false, LOAD_BASE + 8, 8, LOAD_BASE },        /* ldnp d0, d1, [x1, #8] */
    { 0xac7f8420, false, LOAD_BASE - 16, 16, LOAD_BASE },      /* ldnp q0, q1, [x1, #-16] */
    { 0x2d010440, true, STORE_BASE + 8, 4, STORE_BASE },         /* stp s0, s1, [x2, #8] */
    { 0x6d3f0440, true, STORE_BASE - 16, 8, STORE_BASE },        /* stp d0, d1, [x2, #-16] */
    { 0xad010440, true, STORE_BASE + 32, 16, STORE_BASE },       /* stp q0, q1, [x2, #32] */
    { 0x2dbf0440, true, STORE_BASE - 8, 4, STORE_BASE - 8 },     /* stp s0, s1, [x2, #-8]! */
    { 0x6d810440, true, STORE_BASE + 16, 8, STORE_BASE + 16 },   /* stp d0, d1, [x2, #16]! */
    { 0xadbf0440, true, STORE_BASE - 32, 16, STORE_BASE - 32 },  /* stp q0, q1, [x2, #-32]! */
    { 0x2c810440, true, STORE_BASE, 4, STORE_BASE + 8 },         /* stp s0, s1, [x2], #8 */
    { 0x6cbf0440, true, STORE_BASE, 8, STORE_BASE - 16 },        /* stp d0, d1, [x2], #-16 */
    { 0xac810440, true, STORE_BASE, 16, STORE_BASE + 32 },       /* stp q0, q1, [x2], #32 */
    { 0x2c008440, true, STORE_BASE + 4, 4, STORE_BASE },         /* stnp s0, s1, [x2, #4] */
    { 0x6c008440, true, STORE_BASE + 8, 8, STORE_BASE },         /* stnp d0, d1, [x2, #8] */
    { 0xac3f8440, true, STORE_BASE - 16, 16, STORE_BASE },       /* stnp q0, q1, [x2, #-16] */
};

static void test_exec_fp_ldst_pairs_every_form_and_size(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    fill_pattern(&h, 0x2000);
    for (size_t i = 0; i < sizeof pair_cases / sizeof pair_cases[0]; i++) {
        const struct pair_case *c = &pair_cases[i];
        h.cpu->x[1] = LOAD_BASE;
        h.cpu->x[2] = STORE_BASE;
        if (c->store) {
            clear_window(&h);
            set_v01(&h);
            run1(&h, c->insn);
            expect_window(&h, c->addr, c->size, true);
            assert_int_equal(h.cpu->x[2], c->base_after);
        } else {
            h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
            h.cpu->vreg[1][0] = h.cpu->vreg[1][1] = JUNK;
            run1(&h, c->insn);
            expect_v_pat(&h, 0, c->addr, c->size);
            expect_v_pat(&h, 1, c->addr + c->size, c->size);
            assert_int_equal(h.cpu->x[1], c->base_after);
        }
    }
    h_free(&h);
}

/* ---- faults: a 128-bit access or pair that faults part-way changes nothing ---- */

static void test_exec_fp_ldst_q_pair_store_straddling_ram_end_changes_nothing(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h_write64(&h, H_RAM_END - 16, 0x5a5a5a5a5a5a5a5aull);
    h_write64(&h, H_RAM_END - 8, 0x6b6b6b6b6b6b6b6bull);
    h.cpu->x[1] = H_RAM_END;
    h.cpu->vreg[2][0] = h.cpu->vreg[2][1] = 1;
    h.cpu->vreg[3][0] = h.cpu->vreg[3][1] = 2;
    run1_fault(&h, 0xadbf8c22 /* stp q2, q3, [x1, #-16]! */, h_dabt_esr(1, 0x10));
    assert_int_equal(h.cpu->sr.far_el1, H_RAM_END);
    assert_int_equal(h_read64(&h, H_RAM_END - 16), 0x5a5a5a5a5a5a5a5aull);
    assert_int_equal(h_read64(&h, H_RAM_END - 8), 0x6b6b6b6b6b6b6b6bull);
    assert_int_equal(h.cpu->x[1], H_RAM_END);
    h_free(&h);
}

static void test_exec_fp_ldst_q_pair_load_straddling_ram_end_changes_no_register(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h.cpu->x[1] = H_RAM_END - 16;
    h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
    h.cpu->vreg[1][0] = h.cpu->vreg[1][1] = JUNK;
    run1_fault(&h, 0xad400420 /* ldp q0, q1, [x1] */, h_dabt_esr(0, 0x10));
    assert_int_equal(h.cpu->sr.far_el1, H_RAM_END);
    for (unsigned r = 0; r < 2; r++) {
        assert_int_equal(h.cpu->vreg[r][0], JUNK);
        assert_int_equal(h.cpu->vreg[r][1], JUNK);
    }
    assert_int_equal(h.cpu->x[1], H_RAM_END - 16);
    h_free(&h);
}

/* A single Q access whose second 64-bit half is outside RAM: neither half happens. */
static void test_exec_fp_ldst_q_straddling_ram_end_changes_nothing(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h_write64(&h, H_RAM_END - 8, 0x5a5a5a5a5a5a5a5aull);
    h.cpu->x[1] = H_RAM_END - 8;
    h.cpu->vreg[0][0] = 1;
    h.cpu->vreg[0][1] = 2;
    run1_fault(&h, 0x3d800020 /* str q0, [x1] */, h_dabt_esr(1, 0x10));
    assert_int_equal(h.cpu->sr.far_el1, H_RAM_END);
    assert_int_equal(h_read64(&h, H_RAM_END - 8), 0x5a5a5a5a5a5a5a5aull);
    h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
    h.cpu->sr.far_el1 = 0;
    run1_fault(&h, 0x3dc00020 /* ldr q0, [x1] */, h_dabt_esr(0, 0x10));
    assert_int_equal(h.cpu->sr.far_el1, H_RAM_END);
    assert_int_equal(h.cpu->vreg[0][0], JUNK);
    assert_int_equal(h.cpu->vreg[0][1], JUNK);
    h_free(&h);
}

/* ---- alignment ---- */

/* SCTLR_EL1.A: a Q element must be 16-byte aligned, an S element 4-byte aligned, each element of
 * a pair its own size (DDI 0487 B2.5). */
static void test_exec_fp_ldst_misaligned_with_sctlr_a_faults(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h.cpu->sr.sctlr_el1 |= SCTLR_A;
    static const struct { uint32_t insn; uint64_t addr; int write; } cases[] = {
        { 0x3dc00020, H_DATA + 8, 0 }, /* ldr q0, [x1] */
        { 0x3d800020, H_DATA + 8, 1 }, /* str q0, [x1] */
        { 0xbd400020, H_DATA + 2, 0 }, /* ldr s0, [x1] */
        { 0xad400420, H_DATA + 8, 0 }, /* ldp q0, q1, [x1] */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h_write64(&h, H_DATA, 0x1111111111111111ull);
        h_write64(&h, H_DATA + 8, 0x2222222222222222ull);
        h_write64(&h, H_DATA + 16, 0x3333333333333333ull);
        h.cpu->x[1] = cases[i].addr;
        h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
        run1_fault(&h, cases[i].insn, h_dabt_esr(cases[i].write, 0x21));
        assert_int_equal(h.cpu->sr.far_el1, cases[i].addr);
        assert_int_equal(h.cpu->vreg[0][0], JUNK);
        assert_int_equal(h_read64(&h, H_DATA + 8), 0x2222222222222222ull);
        assert_int_equal(h_read64(&h, H_DATA + 16), 0x3333333333333333ull);
    }
    h_free(&h);
}

/* Without SCTLR_EL1.A a misaligned Q access completes (the MMU is off; cpu_mem.c applies the
 * Device-memory alignment check only to translated Device mappings, for general registers too). */
static void test_exec_fp_ldst_misaligned_q_without_sctlr_a_completes(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    fill_pattern(&h, 0x100);
    h.cpu->x[1] = H_DATA + 1;
    run1(&h, 0x3dc00020 /* ldr q0, [x1] */);
    expect_v_pat(&h, 0, H_DATA + 1, 16);
    h_free(&h);
}

/* Device memory: a Q element must be 16-byte aligned even without SCTLR_EL1.A, also when both
 * of its 64-bit halves are 8-byte aligned (DDI 0487 B2.5.2). The MMU maps RAM with 2 MiB blocks
 * (AttrIndx 0, Normal) and one 4 KiB page at DEV_VA with AttrIndx 1 = Device-nGnRnE (4K granule,
 * T0SZ = 25, as test_cpu_mmu.c). */
#define TBL_L1 (H_RAM_BASE + 0xc00000ull)
#define TBL_L2 (TBL_L1 + 0x1000)
#define TBL_L2B (TBL_L1 + 0x2000)
#define TBL_L3 (TBL_L1 + 0x3000)
#define DEV_VA 0x10000000ull
#define DEV_PA (H_RAM_BASE + 0xa00000ull)

static void mmu_on_device_page(struct harness *h)
{
    h_write64(h, TBL_L1 + 8, TBL_L2 | 3);
    for (unsigned i = 0; i < 8; i++)
        h_write64(h, TBL_L2 + i * 8, (H_RAM_BASE + ((uint64_t)i << 21)) | 1ull << 10 /* AF */ | 1);
    h_write64(h, TBL_L1, TBL_L2B | 3);
    h_write64(h, TBL_L2B + (DEV_VA >> 21) * 8, TBL_L3 | 3);
    h_write64(h, TBL_L3, DEV_PA | 1ull << 10 /* AF */ | 1u << 2 /* AttrIndx 1 */ | 3);
    struct cpu_state *c = h->cpu;
    c->sr.mair_el1 = 0x00ff; /* Attr0 Normal WB, Attr1 Device-nGnRnE */
    c->sr.tcr_el1 = 25 | 1ull << 23 /* EPD1 */ | 5ull << 32 | 1ull << 36 /* AS */;
    c->sr.ttbr0_el1 = TBL_L1;
    c->sr.sctlr_el1 |= 1; /* M */
    cpu_translation_changed(c);
}

static void test_exec_fp_ldst_q_misaligned_16_on_device_memory_faults(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    mmu_on_device_page(&h);
    h_write64(&h, DEV_PA + 8, 0x0807060504030201ull);
    h_write64(&h, DEV_PA + 16, 0x1817161514131211ull);
    h_write64(&h, DEV_PA + 24, 0x2827262524232221ull);
    /* an aligned S: fine on Device memory */
    h.cpu->x[1] = DEV_VA + 8;
    run1(&h, 0xbd400020 /* ldr s0, [x1] */);
    assert_int_equal(h.cpu->vreg[0][0], 0x04030201ull);
    /* Q at +8: each half aligned, the element not */
    h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
    run1_fault(&h, 0x3dc00020 /* ldr q0, [x1] */, h_dabt_esr(0, 0x21));
    assert_int_equal(h.cpu->sr.far_el1, DEV_VA + 8);
    assert_int_equal(h.cpu->vreg[0][0], JUNK);
    h.cpu->vreg[0][0] = 1;
    h.cpu->vreg[0][1] = 2;
    run1_fault(&h, 0x3d800020 /* str q0, [x1] */, h_dabt_esr(1, 0x21));
    assert_int_equal(h_read64(&h, DEV_PA + 8), 0x0807060504030201ull);
    assert_int_equal(h_read64(&h, DEV_PA + 16), 0x1817161514131211ull);
    h.cpu->vreg[1][0] = JUNK;
    run1_fault(&h, 0xad400420 /* ldp q0, q1, [x1] */, h_dabt_esr(0, 0x21));
    assert_int_equal(h.cpu->vreg[1][0], JUNK);
    /* 16-byte aligned Q on Device memory completes */
    h.cpu->x[1] = DEV_VA + 16;
    run1(&h, 0x3dc00020 /* ldr q0, [x1] */);
    assert_int_equal(h.cpu->vreg[0][0], 0x1817161514131211ull);
    assert_int_equal(h.cpu->vreg[0][1], 0x2827262524232221ull);
    h_free(&h);
}

/* SP as the base with SCTLR_EL1.SA: CheckSPAlignment, EC 0x26. */
static void test_exec_fp_ldst_sp_misaligned_sa_set_faults(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h.cpu->sr.sctlr_el1 |= SCTLR_SA;
    h.cpu->x[31] = H_DATA + 8;
    h.cpu->vreg[0][0] = JUNK;
    run1_fault(&h, 0x3dc007e0 /* ldr q0, [sp, #16] */, 0x26u << 26 | ESR_IL);
    assert_int_equal(h.cpu->vreg[0][0], JUNK);
    h_free(&h);
}

/* ---- the SIMD&FP access trap comes before any address or memory step ---- */

static void test_exec_fp_ldst_fpen_zero_traps_before_writeback_or_store(void **state)
{
    (void)state;
    struct harness h;
    fp_init(&h);
    h.cpu->sr.cpacr_el1 = 0;
    fill_pattern(&h, 0x200);
    h.cpu->x[1] = LOAD_BASE;
    h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = JUNK;
    run1_fault(&h, 0x3cdf0c20 /* ldr q0, [x1, #-16]! */, ESR_FP_TRAP);
    assert_int_equal(h.cpu->x[1], LOAD_BASE);
    assert_int_equal(h.cpu->vreg[0][0], JUNK);
    assert_int_equal(h.cpu->vreg[0][1], JUNK);
    clear_window(&h);
    set_v01(&h);
    h.cpu->x[2] = STORE_BASE;
    run1_fault(&h, 0xac810440 /* stp q0, q1, [x2], #32 */, ESR_FP_TRAP);
    expect_window(&h, STORE_BASE, 0, false);
    assert_int_equal(h.cpu->x[2], STORE_BASE);
    /* The trap has priority over an SP alignment fault (CheckFPAdvSIMDEnabled64 comes first). */
    h.cpu->sr.sctlr_el1 |= SCTLR_SA;
    h.cpu->x[31] = H_DATA + 8;
    run1_fault(&h, 0x3dc007e0 /* ldr q0, [sp, #16] */, ESR_FP_TRAP);
    h_free(&h);
}

/* ---- without FEAT_FP every SIMD&FP load/store is unallocated ---- */

static void test_exec_fp_ldst_without_feat_fp_every_encoding_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    assert_false(h.cpu->features & (1u << FEAT_FP));
    h.cpu->sr.cpacr_el1 = CPACR_FPEN_ON;
    fill_pattern(&h, 0x200);
    uint32_t insns[sizeof load_cases / sizeof load_cases[0] + sizeof store_cases / sizeof store_cases[0] +
                   sizeof pair_cases / sizeof pair_cases[0] + 3];
    size_t n = 0;
    for (size_t i = 0; i < sizeof load_cases / sizeof load_cases[0]; i++)
        insns[n++] = load_cases[i].insn;
    for (size_t i = 0; i < sizeof store_cases / sizeof store_cases[0]; i++)
        insns[n++] = store_cases[i].insn;
    for (size_t i = 0; i < sizeof pair_cases / sizeof pair_cases[0]; i++)
        insns[n++] = pair_cases[i].insn;
    insns[n++] = 0x1c000060; /* ldr s0, .+12 */
    insns[n++] = 0x5c000040; /* ldr d0, .+8 */
    insns[n++] = 0x9c000020; /* ldr q0, .+4 */
    for (size_t i = 0; i < n; i++) {
        h.cpu->x[1] = LOAD_BASE;
        h.cpu->x[2] = STORE_BASE;
        h.cpu->vreg[0][0] = JUNK;
        clear_window(&h);
        h.cpu->exc_streak = 0; /* each case is a fresh start, not a guest stuck in its vectors */
        run1_fault(&h, insns[i], ESR_UNDEF);
        assert_int_equal(h.cpu->x[1], LOAD_BASE);
        assert_int_equal(h.cpu->x[2], STORE_BASE);
        assert_int_equal(h.cpu->vreg[0][0], JUNK);
        expect_window(&h, STORE_BASE, 0, false);
    }
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fp_ldst_loads_every_form_and_size_zero_upper_bits),
        cmocka_unit_test(test_exec_fp_ldst_stores_every_form_and_size_write_exactly_size_bytes),
        cmocka_unit_test(test_exec_fp_ldst_literal_s_d_q_load_pc_relative),
        cmocka_unit_test(test_exec_fp_ldst_pairs_every_form_and_size),
        cmocka_unit_test(test_exec_fp_ldst_q_pair_store_straddling_ram_end_changes_nothing),
        cmocka_unit_test(test_exec_fp_ldst_q_pair_load_straddling_ram_end_changes_no_register),
        cmocka_unit_test(test_exec_fp_ldst_q_straddling_ram_end_changes_nothing),
        cmocka_unit_test(test_exec_fp_ldst_misaligned_with_sctlr_a_faults),
        cmocka_unit_test(test_exec_fp_ldst_misaligned_q_without_sctlr_a_completes),
        cmocka_unit_test(test_exec_fp_ldst_q_misaligned_16_on_device_memory_faults),
        cmocka_unit_test(test_exec_fp_ldst_sp_misaligned_sa_set_faults),
        cmocka_unit_test(test_exec_fp_ldst_fpen_zero_traps_before_writeback_or_store),
        cmocka_unit_test(test_exec_fp_ldst_without_feat_fp_every_encoding_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
