/* Decoder and encoding-table self-tests (style.md 6.1, in the spirit of QEMU tests/decode). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "decode/decode.h"

static const a64_features ALL = ~0u;

static int setup(void **state)
{
    (void)state;
    return dec_init() ? 0 : -1;
}

static void test_decode_table_has_no_problems(void **state)
{
    (void)state;
    char report[8192];
    unsigned n = dec_check_table(report, sizeof report);
    if (n)
        fprintf(stderr, "%s", report);
    assert_int_equal(n, 0);
}

static void test_decode_every_row_matches_its_own_pattern(void **state)
{
    (void)state;
    /* The fixed bits of each row, with every field zero and every field all-ones, must decode
     * to that row or to a more specific member of its group (or be rejected by a post-decode
     * rule such as a reserved bitmask). */
    for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
        const struct a64_row *r = dec_row(id);
        uint32_t variants[2] = { r->value, r->value | ~r->mask };
        for (int v = 0; v < 2; v++) {
            struct a64_insn in;
            dec_decode(variants[v], ALL, &in);
            if (in.id == id || in.id == A64_UNALLOCATED)
                continue;
            const struct a64_row *got = dec_row(in.id);
            /* Must be a strictly more specific overlapping row of the same group. */
            assert_true(r->flags & A64F_GROUP);
            assert_true(got->flags & A64F_GROUP);
            assert_true((got->mask & r->mask) == r->mask && got->mask != r->mask);
        }
    }
}

static void test_decode_field_extraction_add_imm(void **state)
{
    (void)state;
    struct a64_insn in;
    dec_decode(0x91400c41, ALL, &in); /* add x1, x2, #0x3, lsl #12 */
    assert_int_equal(in.id, A64_ADD_imm);
    assert_int_equal(in.rd, 1);
    assert_int_equal(in.rn, 2);
    assert_int_equal(in.imm, 3);
    assert_int_equal(in.sh, 1);
    assert_int_equal(in.sf, 1);
}

static void test_decode_branch_offset_sign_extended(void **state)
{
    (void)state;
    struct a64_insn in;
    dec_decode(0x17ffffff, ALL, &in); /* b .-4 */
    assert_int_equal(in.id, A64_B);
    assert_int_equal((int64_t)in.imm64, -1);
    dec_decode(0x54ffffe1, ALL, &in); /* b.ne .-4 */
    assert_int_equal(in.id, A64_B_cond);
    assert_int_equal(in.cond, 1);
    assert_int_equal((int64_t)in.imm64, -1);
}

static void test_decode_reserved_bitmask_is_unallocated(void **state)
{
    (void)state;
    struct a64_insn in;
    dec_decode(0x92400000 | (0x3f << 10), ALL, &in); /* and x0, x0, #<imms=111111, N=1>: reserved */
    assert_int_equal(in.id, A64_UNALLOCATED);
    dec_decode(0x12400000, ALL, &in); /* 32-bit AND with N=1: unallocated */
    assert_int_equal(in.id, A64_UNALLOCATED);
    dec_decode(0x92400000, ALL, &in); /* and x0, x0, #0x1 */
    assert_int_equal(in.id, A64_AND_imm);
    assert_int_equal(in.imm64, 1);
}

static void test_decode_zero_word_is_unallocated(void **state)
{
    (void)state;
    struct a64_insn in;
    dec_decode(0x00000000, ALL, &in); /* udf #0 */
    assert_int_equal(in.id, A64_UNALLOCATED);
}

static void test_decode_hint_group_catch_all_is_hint(void **state)
{
    (void)state;
    struct a64_insn in;
    dec_decode(0xd503201f, ALL, &in); /* nop */
    assert_int_equal(in.id, A64_NOP);
    dec_decode(0xd503207f, ALL, &in); /* wfi */
    assert_int_equal(in.id, A64_WFI);
    dec_decode(0xd503233f, ALL, &in); /* paciasp: a hint without FEAT_PAuth */
    assert_int_equal(in.id, A64_HINT);
}

static void test_decode_disassembles_from_template(void **state)
{
    (void)state;
    struct a64_insn in;
    char buf[128];
    dec_decode(0x91400c41, ALL, &in);
    dec_disassemble(&in, 0x40000000, buf, sizeof buf);
    assert_string_equal(buf, "add x1, x2, #0x3, lsl #12");
    dec_decode(0x17ffffff, ALL, &in);
    dec_disassemble(&in, 0x40000010, buf, sizeof buf);
    assert_string_equal(buf, "b 0x4000000c");
    dec_decode(0xd2a12001, ALL, &in); /* objdump: mov x1, #0x9000000 */
    dec_disassemble(&in, 0, buf, sizeof buf);
    assert_string_equal(buf, "mov x1, #0x9000000             \t// #150994944");
    dec_disassemble_mode(&in, 0, DEC_DISAS_CANONICAL, buf, sizeof buf);
    assert_string_equal(buf, "movz x1, #0x900, lsl #16");
    dec_decode(0x00000000, ALL, &in); /* UDF #0: no row, named as objdump names it */
    dec_disassemble(&in, 0, buf, sizeof buf);
    assert_string_equal(buf, "udf #0");
    dec_decode(0xffffffff, ALL, &in);
    dec_disassemble(&in, 0, buf, sizeof buf);
    assert_string_equal(buf, ".inst 0xffffffff ; undefined");
}

static void test_decode_disassembly_never_overflows(void **state)
{
    (void)state;
    char small[8];
    for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
        struct a64_insn in;
        const struct a64_row *r = dec_row(id);
        dec_decode(r->value | ~r->mask, ALL, &in);
        memset(small, 'X', sizeof small);
        size_t n = dec_disassemble(&in, 0, small, sizeof small);
        assert_true(n < sizeof small);
        assert_int_equal(small[n], 0);
    }
}

static uint64_t ref_bitmask(unsigned n, unsigned imms, unsigned immr, unsigned size, int *ok)
{
    /* Independent reference: find the element size from N:NOT(imms), build S+1 ones, rotate
     * right by R within the element, replicate. */
    unsigned esize;
    if (n)
        esize = 64;
    else if ((imms & 0x20) == 0)
        esize = 32;
    else if ((imms & 0x30) == 0x20)
        esize = 16;
    else if ((imms & 0x38) == 0x30)
        esize = 8;
    else if ((imms & 0x3c) == 0x38)
        esize = 4;
    else if ((imms & 0x3e) == 0x3c)
        esize = 2;
    else {
        *ok = 0;
        return 0;
    }
    unsigned s = imms & (esize - 1), r = immr & (esize - 1);
    if (esize > size || s == esize - 1) {
        *ok = 0;
        return 0;
    }
    uint64_t elem = 0;
    for (unsigned i = 0; i <= s; i++)
        elem |= 1ull << i;
    for (unsigned i = 0; i < r; i++) {
        uint64_t low = elem & 1;
        elem = (elem >> 1) | (low << (esize - 1));
    }
    uint64_t out = 0;
    for (unsigned pos = 0; pos < size; pos += esize)
        out |= elem << pos;
    *ok = 1;
    return out;
}

static void test_decode_bitmask_matches_reference_everywhere(void **state)
{
    (void)state;
    unsigned valid = 0;
    for (unsigned size = 32; size <= 64; size += 32)
        for (unsigned n = 0; n < 2; n++)
            for (unsigned imms = 0; imms < 64; imms++)
                for (unsigned immr = 0; immr < 64; immr++) {
                    int ok;
                    uint64_t want = ref_bitmask(n, imms, immr, size, &ok);
                    uint64_t got = 0;
                    bool gok = dec_bitmask_imm(n, imms, immr, size, &got, NULL);
                    assert_int_equal(gok, ok);
                    if (ok) {
                        valid++;
                        assert_int_equal(got, want);
                    }
                }
    /* 5334 encodable 64-bit patterns; the 32-bit size accepts N=0 ones (1302 distinct values,
     * counted here with their immr aliases). */
    assert_true(valid > 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_table_has_no_problems),
        cmocka_unit_test(test_decode_every_row_matches_its_own_pattern),
        cmocka_unit_test(test_decode_field_extraction_add_imm),
        cmocka_unit_test(test_decode_branch_offset_sign_extended),
        cmocka_unit_test(test_decode_reserved_bitmask_is_unallocated),
        cmocka_unit_test(test_decode_zero_word_is_unallocated),
        cmocka_unit_test(test_decode_hint_group_catch_all_is_hint),
        cmocka_unit_test(test_decode_disassembles_from_template),
        cmocka_unit_test(test_decode_disassembly_never_overflows),
        cmocka_unit_test(test_decode_bitmask_matches_reference_everywhere),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
