/*
 * Golden cases for the preferred-alias rules (src/decode/disas_alias.c) and the names of the
 * system-instruction space (disas_sysreg.c): each word and the text GNU objdump 2.40 prints for
 * it (assembled from the alias spelling with aarch64-linux-gnu-as, listed with objdump -d; the
 * tab after the mnemonic is a space in dec_disassemble's output). The word at index i is
 * disassembled at address 4 * i, as it was assembled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "decode/decode.h"

static const struct {
    uint32_t word;
    const char *objdump;
} cases[] = {
    { 0x9100001f, "mov sp, x0" },
    { 0x910003e1, "mov x1, sp" },
    { 0x3100103f, "cmn w1, #0x4" },
    { 0xf140245f, "cmp x2, #0x9, lsl #12" },
    { 0xf240003f, "tst x1, #0x1" },
    { 0xb202e7e5, "mov x5, #0xcccccccccccccccc    \t// #-3689348814741910324" },
    { 0xd2800200, "mov x0, #0x10                  \t// #16" },
    { 0x12800000, "mov w0, #0xffffffff            \t// #-1" },
    { 0xd2a00000, "movz x0, #0x0, lsl #16" },
    { 0x9344fc03, "asr x3, x0, #4" },
    { 0x93490287, "sbfiz x7, x20, #55, #1" },
    { 0x93432841, "sbfx x1, x2, #3, #8" },
    { 0x93401c20, "sxtb x0, w1" },
    { 0x13003c20, "sxth w0, w1" },
    { 0x93407e80, "sxtw x0, w20" },
    { 0xb3701fe3, "bfc x3, #16, #8" },
    { 0xb3701c23, "bfi x3, x1, #16, #8" },
    { 0xb3485c23, "bfxil x3, x1, #8, #16" },
    { 0xd3440c03, "lsl x3, x0, #60" },
    { 0x531a7c00, "lsr w0, w0, #26" },
    { 0x531d0c41, "ubfiz w1, w2, #3, #4" },
    { 0xd3432841, "ubfx x1, x2, #3, #8" },
    { 0x53001c20, "uxtb w0, w1" },
    { 0x53003c20, "uxth w0, w1" },
    { 0x13802000, "ror w0, w0, #8" },
    { 0x9ac32083, "lsl x3, x4, x3" },
    { 0x9ac32483, "lsr x3, x4, x3" },
    { 0x9ac32883, "asr x3, x4, x3" },
    { 0x9ac32c83, "ror x3, x4, x3" },
    { 0xea020c3f, "tst x1, x2, lsl #3" },
    { 0xaa0003e1, "mov x1, x0" },
    { 0xaa2003e3, "mvn x3, x0" },
    { 0xab02003f, "cmn x1, x2" },
    { 0xcb0003e3, "neg x3, x0" },
    { 0xeb02007f, "cmp x3, x2" },
    { 0xeb0203e1, "negs x1, x2" },
    { 0xab22c03f, "cmn x1, w2, sxtw" },
    { 0xeb20427f, "cmp x19, w0, uxtw" },
    { 0xda0003e3, "ngc x3, x0" },
    { 0x7a0003e3, "ngcs w3, w0" },
    { 0x9a812423, "cinc x3, x1, cc\t// cc = lo, ul, last" },
    { 0x9a9f97e3, "cset x3, hi\t// hi = pmore" },
    { 0xda811023, "cinv x3, x1, eq\t// eq = none" },
    { 0x5a9f43e3, "csetm w3, pl\t// pl = nfrst" },
    { 0xda81b423, "cneg x3, x1, ge\t// ge = tcont" },
    { 0x9b007c63, "mul x3, x3, x0" },
    { 0x9b01fc03, "mneg x3, x0, x1" },
    { 0x9b217c03, "smull x3, w0, w1" },
    { 0x9b21fc03, "smnegl x3, w0, w1" },
    { 0x9ba17c03, "umull x3, w0, w1" },
    { 0x9ba1fc03, "umnegl x3, w0, w1" },
    { 0xd65f03c0, "ret" },
    { 0xd503221f, "esb" },
    { 0xd5033f5f, "clrex" },
    { 0xd5033fdf, "isb" },
    { 0xd503309f, "ssbb" },
    { 0xd503349f, "pssbb" },
    { 0xd5033b9f, "dsb ish" },
    { 0xd50339bf, "dmb ishld" },
    { 0xd50348ff, "msr daifclr, #0x8" },
    { 0xd508871f, "tlbi vmalle1" },
    { 0xd508ff03, "sys #0, C15, C15, #0, x3" },
    { 0xd5280000, "sysl x0, #0, C0, C0, #0" },
    { 0xf9800000, "prfm pldl1keep, [x0]" },
    { 0xf89f8013, "prfum pstl2strm, [x0, #-8]" },
    { 0xf821005f, "stadd x1, [x2]" },
    { 0x3861005f, "staddlb w1, [x2]" },
    { 0x4ea01c02, "mov v2.16b, v0.16b" },
    { 0x0e043c00, "mov w0, v0.s[0]" },
    { 0x4e081c41, "mov v1.d[0], x2" },
    { 0x6e1f3402, "mov v2.b[15], v0.b[6]" },
    { 0x5e140455, "mov s21, v2.s[2]" },
    { 0x2e2059b4, "mvn v20.8b, v13.8b" },
    { 0x0f10a4fb, "sxtl v27.4s, v7.4h" },
    { 0x6f20a400, "uxtl2 v0.2d, v0.4s" },
    { 0x1e64b00c, "fmov d12, #1.050000000000000000e+01" },
    { 0xd5381000, "mrs x0, sctlr_el1" },
    { 0xd518c000, "msr vbar_el1, x0" },
    { 0x54000001, "b.ne 0x138  // b.any" },
};

static void test_disas_alias_every_rule_matches_objdump(void **state)
{
    (void)state;
    assert_true(dec_init());
    unsigned bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct a64_insn in;
        char buf[160];
        dec_decode(cases[i].word, ~0u, &in);
        dec_disassemble(&in, 4 * i, buf, sizeof buf);
        if (strcmp(buf, cases[i].objdump) != 0) {
            print_error("0x%08x: \"%s\", objdump \"%s\" (%s)\n", cases[i].word, buf, cases[i].objdump,
                        dec_row(in.id)->name);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The canonical mode ignores the rules: each row's own template. */
static void test_disas_alias_canonical_mode_keeps_row_template(void **state)
{
    (void)state;
    assert_true(dec_init());
    struct a64_insn in;
    char buf[96];
    dec_decode(0xd65f03c0, ~0u, &in); /* ret */
    dec_disassemble_mode(&in, 0, DEC_DISAS_CANONICAL, buf, sizeof buf);
    assert_string_equal(buf, "ret x30");
    dec_decode(0xaa0003e1, ~0u, &in); /* mov x1, x0 */
    dec_disassemble_mode(&in, 0, DEC_DISAS_CANONICAL, buf, sizeof buf);
    assert_string_equal(buf, "orr x1, xzr, x0");
}

/* Boundaries of the conditions: the alias must not apply one step outside them. */
static void test_disas_alias_conditions_at_their_edges(void **state)
{
    (void)state;
    static const struct {
        uint32_t word;
        const char *text;
    } edge[] = {
        { 0x91000401, "add x1, x0, #0x1" },         /* ADD #1 with SP absent: not MOV */
        { 0xaa0107e0, "orr x0, xzr, x1, lsl #1" },  /* shifted: not MOV (register) */
        { 0xd2a00000, "movz x0, #0x0, lsl #16" },   /* imm16 == 0 with hw != 0: not MOV */
        { 0x12bfffe0, "movn w0, #0xffff, lsl #16" }, /* 32-bit MOVN of all ones: not MOV */
        { 0x1a9f17e0, "cset w0, eq\t// eq = none" }, /* CSINC wzr, wzr, ne */
        { 0x1a9fe7e0, "csinc w0, wzr, wzr, al" },   /* AL has no inverse: no CSET */
        { 0x9ac12000, "lsl x0, x0, x1" },           /* LSLV is always LSL */
        { 0x8a9a021e, "and x30, x16, x26, asr #0" }, /* a non-LSL shift prints even with #0 */
        { 0x0a04ef48, ".inst 0x0a04ef48 ; undefined" }, /* 32-bit with imm6 >= 32: reserved */
        { 0x00001234, "udf #4660" },
        { 0x32144ffc, "orr w28, wzr, #0xfffff000" }, /* a MOVN value: ORR is kept */
        { 0x0ee0859d, ".inst 0x0ee0859d ; undefined" }, /* ADD (vector) .1d: reserved */
        { 0x2f048e6f, ".inst 0x2f048e6f ; undefined" }, /* a shift with immh = 0000 */
        { 0xb24e13ff, "mov sp, #0x7c000000000000      \t// #34902897112121344" }, /* Rd = SP */
        { 0xd503233f, "paciasp" },                 /* a hint objdump names */
        { 0xd50320df, "hint #0x6" },               /* one it does not */
    };
    assert_true(dec_init());
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        struct a64_insn in;
        char buf[96];
        dec_decode(edge[i].word, ~0u, &in);
        dec_disassemble(&in, 0, buf, sizeof buf);
        assert_string_equal(buf, edge[i].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disas_alias_every_rule_matches_objdump),
        cmocka_unit_test(test_disas_alias_canonical_mode_keeps_row_template),
        cmocka_unit_test(test_disas_alias_conditions_at_their_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
