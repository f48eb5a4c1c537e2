/*
 * Decode-time fast forms (src/cpu/exec_fast*.c) against the generic execute functions they
 * replace: for every encoding id, random instruction words of that row (fields biased towards
 * 0 and 31, where the shapes differ), random register, SP and NZCV values with the usual edge
 * values mixed in; whenever exec_specialize picks a handler other than the generic one, both
 * run from the same state and must agree on the result code, X0-X30, SP, PC, NZCV, the
 * exception registers, and a window of RAM the loads and stores can reach. Every form of the
 * exported tables must have been exercised.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/exec_fast.h"
#include "decode/decode.h"

static const cpu_exec_fn generic_fn[A64_INSN_COUNT] = {
#define A64(id, title, pattern, feat, exec, disas, flags) [A64_##id] = exec,
#include "decode/a64_insns.def"
#undef A64
};

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Each field group (Rd, Rn, bits 15:10, Rm, the rest) is independently random, all zeros or
 * all ones: register 31, no shift and zero immediates come up often, in any combination. */
static uint32_t rnd_word(uint32_t mask, uint32_t value)
{
    static const unsigned lo[] = { 0, 5, 10, 16, 21, 32 };
    uint32_t r = 0;
    for (unsigned g = 0; g < 5; g++) {
        uint32_t bits = (uint32_t)(((1ull << (lo[g + 1] - lo[g])) - 1) << lo[g]);
        switch (rnd() % 4) {
        case 0: break;
        case 1: r |= bits; break;
        default: r |= (uint32_t)rnd() & bits; break;
        }
    }
    return value | (r & ~mask);
}

#define WIN 0x1000 /* RAM window at H_DATA that base registers point into */

static uint64_t rnd_value(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, ~0ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull,
        0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffff80000000ull,
    };
    switch (rnd() % 4) {
    case 0: return edge[rnd() % (sizeof edge / sizeof edge[0])];
    case 1: return H_DATA + (rnd() % (WIN / 2)); /* a usable address, sometimes misaligned */
    case 2: return rnd() % 64;                    /* a small index or count */
    default: return rnd();
    }
}

struct outcome {
    enum exec_result r;
    uint64_t x[32], pc, esr, elr, far;
    uint32_t nzcv;
    uint8_t ram[WIN];
};

static void capture(const struct harness *h, enum exec_result r, struct outcome *o)
{
    o->r = r;
    memcpy(o->x, h->cpu->x, sizeof o->x);
    o->pc = h->cpu->pc;
    o->nzcv = h->cpu->nzcv;
    o->esr = h->cpu->sr.esr_el1;
    o->elr = h->cpu->sr.elr_el1;
    o->far = h->cpu->sr.far_el1;
    memcpy(o->ram, h->ram + (H_DATA - H_RAM_BASE), WIN);
}

static void test_fast_forms_match_generic(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct cpu_state *saved = malloc(sizeof *saved);
    struct outcome *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    uint8_t *ram0 = malloc(WIN);
    assert_non_null(saved);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(ram0);
    /* Put the window's page in the soft TLB for reads and writes, so the fast forms that check
     * it (the register pairs) take their fast path whenever an operand points into the window.
     * Every case starts from this state. */
    uint64_t v;
    assert_true(cpu_read(h.cpu, H_DATA, 8, &v));
    assert_true(cpu_write(h.cpu, H_DATA, 8, v));
    unsigned long specialised = 0;
    cpu_exec_fn hit[256];
    size_t nhit = 0;
    for (unsigned id = 0; id < A64_INSN_COUNT; id++) {
        const struct a64_row *row = dec_row(id);
        if (!generic_fn[id] || !row->mask)
            continue;
        for (unsigned k = 0; k < 6000; k++) {
            struct a64_insn in, in_fast;
            dec_decode(rnd_word(row->mask, row->value), h.cpu->features, &in);
            if (in.id != id)
                continue; /* a more specific row took the word */
            in_fast = in;
            cpu_exec_fn fast = exec_specialize(&in_fast, generic_fn[id]);
            if (fast == generic_fn[id])
                continue;
            specialised++;
            size_t j = 0;
            while (j < nhit && hit[j] != fast)
                j++;
            if (j == nhit && nhit < sizeof hit / sizeof hit[0])
                hit[nhit++] = fast;

            for (unsigned r = 0; r < 32; r++)
                h.cpu->x[r] = rnd_value();
            h.cpu->nzcv = (uint32_t)(rnd() & 0xf) << 28;
            h.cpu->pc = H_CODE + 0x1000 + (rnd() % 256) * 4;
            for (unsigned i = 0; i < WIN; i++)
                ram0[i] = (uint8_t)rnd();
            memcpy(h.ram + (H_DATA - H_RAM_BASE), ram0, WIN);
            memcpy(saved, h.cpu, sizeof *saved);

            capture(&h, generic_fn[id](h.cpu, &in), a);
            memcpy(h.cpu, saved, sizeof *saved);
            memcpy(h.ram + (H_DATA - H_RAM_BASE), ram0, WIN);
            capture(&h, fast(h.cpu, &in_fast), b);
            memcpy(h.cpu, saved, sizeof *saved);

            if (a->r != b->r || memcmp(a->x, b->x, sizeof a->x) || a->pc != b->pc || a->nzcv != b->nzcv ||
                a->esr != b->esr || a->elr != b->elr || a->far != b->far || memcmp(a->ram, b->ram, WIN)) {
                print_message("%s 0x%08x: generic and fast form differ\n", row->name, in.raw);
                for (unsigned r = 0; r < 32; r++)
                    if (a->x[r] != b->x[r])
                        print_message("  x%u: generic 0x%016llx fast 0x%016llx (in 0x%016llx)\n", r,
                                      (unsigned long long)a->x[r], (unsigned long long)b->x[r],
                                      (unsigned long long)saved->x[r]);
                print_message("  result %d/%d pc %llx/%llx nzcv %x/%x\n", a->r, b->r, (unsigned long long)a->pc,
                              (unsigned long long)b->pc, a->nzcv, b->nzcv);
                fail();
            }
        }
    }
    /* Every form of the exported tables was reached. */
    const struct { const struct fast_form *f; size_t n; } tables[] = {
        { fast_forms_dp, fast_forms_dp_count }, { fast_forms_branch, fast_forms_branch_count },
        { fast_forms_ldst, fast_forms_ldst_count },
    };
    unsigned missing = 0;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t].n; i++) {
            bool seen = false;
            for (size_t j = 0; j < nhit; j++)
                seen |= hit[j] == tables[t].f[i].fn;
            if (!seen) {
                print_message("fast form %zu for %s never exercised\n", i, dec_row(tables[t].f[i].id)->name);
                missing++;
            }
        }
    assert_int_equal(missing, 0);
    print_message("%lu specialised words checked, %zu distinct fast handlers\n", specialised, nhit);
    assert_true(specialised > 10000);
    free(ram0);
    free(a);
    free(b);
    free(saved);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_forms_match_generic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
