/*
 * simd_arith: known answers for the Advanced SIMD integer families whose corner cases are easy
 * to get wrong: saturation (with FPSR.QC), rounding, halving, shifts by register and immediate
 * past the element size, narrowing, long and by-element multiplies, permutes, table lookup and
 * the modified immediates. Each expected value was worked out by hand from the Arm ARM
 * pseudocode (the same cases as tests/unit/test_exec_simd_*.c, where each is explained); this
 * ROM lets QEMU confirm them. cases.S holds one function per instruction.
 * a64emu needs --preview fp,advsimd; under QEMU, -cpu max.
 */
#include "rom.h"

typedef uint64_t (*case_fn)(const void *n, const void *m, const void *d, void *out);
#define C(name) uint64_t name(const void *, const void *, const void *, void *)
C(c_sqadd_16b); C(c_uqsub_2d); C(c_sqsub_d); C(c_shadd_8b); C(c_urhadd_8b); C(c_sshl_2d);
C(c_srshl_4s); C(c_urshl_4s); C(c_sqshl_8h); C(c_uqrshl_4h); C(c_sqdmulh_4h); C(c_sqrdmulh_4h);
C(c_pmul_16b); C(c_saba_8b); C(c_addp_4s); C(c_bsl_16b); C(c_sqabs_8b); C(c_sqneg_8b);
C(c_suqadd_8b); C(c_usqadd_8b); C(c_cls_8b); C(c_rev32_8h); C(c_sqxtn_8b); C(c_sqxtun_8b);
C(c_uqxtn2_16b); C(c_sadalp_4s); C(c_saddlv_h); C(c_uminv_s); C(c_urshr_d64); C(c_srshr_2d);
C(c_sri_8b); C(c_sqshlu_8b); C(c_rshrn_8b); C(c_sqrshrun_4h); C(c_uqrshrn_2s); C(c_sqdmull_4s);
C(c_sqdmlal_2d); C(c_raddhn_8b); C(c_smull2_elem); C(c_mla_elem); C(c_zip1_16b); C(c_trn2_4h);
C(c_ext_16b); C(c_tbx_16b); C(c_movi_msl); C(c_mvni_msl); C(c_movi_d); C(c_bic_8h);
C(c_smov_dup); C(c_ins_elem);
#undef C

#define B8(a, b, c, d, e, f, g, h)                                                               \
    ((uint64_t)(uint8_t)(a) | (uint64_t)(uint8_t)(b) << 8 | (uint64_t)(uint8_t)(c) << 16 |      \
     (uint64_t)(uint8_t)(d) << 24 | (uint64_t)(uint8_t)(e) << 32 | (uint64_t)(uint8_t)(f) << 40 | \
     (uint64_t)(uint8_t)(g) << 48 | (uint64_t)(uint8_t)(h) << 56)
#define H4(a, b, c, d)                                                                           \
    ((uint64_t)(uint16_t)(a) | (uint64_t)(uint16_t)(b) << 16 | (uint64_t)(uint16_t)(c) << 32 |  \
     (uint64_t)(uint16_t)(d) << 48)
#define S2(a, b) ((uint64_t)(uint32_t)(a) | (uint64_t)(uint32_t)(b) << 32)
#define JUNK 0xdeadbeefdeadbeefull
#define BYTES_LO 0x0706050403020100ull
#define BYTES_HI 0x0f0e0d0c0b0a0908ull
#define QC (1u << 27)

struct vcase {
    case_fn fn;
    uint64_t n[2], m[2], d[2], want[2];
    uint32_t fpsr;
};

static const struct vcase cases[] = {
    { c_sqadd_16b, { B8(0x7f, 0x80, 0x01, 0xff, 0, 0, 0, 0), 0 }, { B8(0x01, 0xff, 0x02, 0xff, 0, 0, 0, 0), 0 },
      { JUNK, JUNK }, { B8(0x7f, 0x80, 0x03, 0xfe, 0, 0, 0, 0), 0 }, QC },
    { c_uqsub_2d, { 5, 7 }, { 6, 6 }, { JUNK, JUNK }, { 0, 1 }, QC },
    { c_sqsub_d, { 0x8000000000000000ull, JUNK }, { 1, JUNK }, { JUNK, JUNK }, { 0x8000000000000000ull, 0 }, QC },
    { c_shadd_8b, { B8(0x7f, 0x80, 0x80, 0xff, 0x00, 0x80, 0, 0), 0 }, { B8(0x7f, 0x80, 0x7f, 0xff, 0x01, 0x7f, 0, 0), 0 },
      { JUNK, JUNK }, { B8(0x7f, 0x80, 0xff, 0xff, 0x00, 0xff, 0, 0), 0 }, 0 },
    { c_urhadd_8b, { B8(0x7f, 0x80, 0x80, 0xff, 0x00, 0x80, 0, 0), 0 }, { B8(0x7f, 0x80, 0x7f, 0xff, 0x01, 0x7f, 0, 0), 0 },
      { JUNK, JUNK }, { B8(0x7f, 0x80, 0x80, 0xff, 0x01, 0x80, 0, 0), 0 }, 0 },
    { c_sshl_2d, { 0x8000000000000000ull, 1 }, { 0xffffffffffffffc0ull, 0x1234567890abcd40ull }, { JUNK, JUNK }, { ~0ull, 0 }, 0 },
    { c_srshl_4s, { S2(5, 0xfffffffb), S2(0x7fffffff, 1) }, { S2(0xff, 0xff), S2(0xe1, 31) }, { JUNK, JUNK },
      { S2(3, 0xfffffffe), S2(1, 0x80000000) }, 0 },
    { c_urshl_4s, { S2(0xffffffff, 0x7fffffff), S2(0xffffffff, 0x12345678) }, { S2(0xe0, 0xe0), S2(0xff, 0) }, { JUNK, JUNK },
      { S2(1, 0), S2(0x80000000, 0x12345678) }, 0 },
    { c_sqshl_8h, { H4(0x4000, 0xc000, 0xbfff, 0x0001), H4(0x0000, 0xffff, 0x1234, 0x0003) },
      { H4(1, 1, 1, 15), H4(0x7f, 0x80, 0xfc, 0x7f) }, { JUNK, JUNK },
      { H4(0x7fff, 0x8000, 0x8000, 0x7fff), H4(0, 0xffff, 0x0123, 0x7fff) }, QC },
    { c_uqrshl_4h, { H4(0xffff, 0x8000, 0x0001, 0xffff), JUNK }, { H4(0xff, 1, 15, 0xf0), JUNK }, { JUNK, JUNK },
      { H4(0x8000, 0xffff, 0x8000, 1), 0 }, QC },
    { c_sqdmulh_4h, { H4(0x8000, 0x4000, 0x0001, 0xffff), 0 }, { H4(0x8000, 0x4000, 0x4000, 0x0001), 0 }, { JUNK, JUNK },
      { H4(0x7fff, 0x2000, 0x0000, 0xffff), 0 }, QC },
    { c_sqrdmulh_4h, { H4(0x8000, 0x4000, 0x0001, 0xffff), 0 }, { H4(0x8000, 0x4000, 0x4000, 0x0001), 0 }, { JUNK, JUNK },
      { H4(0x7fff, 0x2000, 0x0001, 0x0000), 0 }, QC },
    { c_pmul_16b, { B8(0xff, 3, 0x80, 0x0f, 0, 0, 0, 0), B8(1, 0, 0, 0, 0, 0, 0, 0x81) },
      { B8(0xff, 3, 0x02, 0x0f, 9, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x02) }, { JUNK, JUNK },
      { B8(0x55, 5, 0, 0x55, 0, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x02) }, 0 },
    { c_saba_8b, { B8(0x80, 0x00, 5, 0xff, 0, 0, 0, 0), 0 }, { B8(0x7f, 0xff, 9, 0x01, 0, 0, 0, 0), 0 },
      { B8(1, 1, 1, 1, 7, 0, 0, 0), JUNK }, { B8(0, 2, 5, 3, 7, 0, 0, 0), 0 }, 0 },
    { c_addp_4s, { S2(1, 2), S2(3, 0xffffffff) }, { S2(10, 20), S2(30, 40) }, { JUNK, JUNK }, { S2(3, 2), S2(30, 70) }, 0 },
    { c_bsl_16b, { 0xff00ff00ff00ff00ull, 0xff00ff00ff00ff00ull }, { 0xf0f0f0f0f0f0f0f0ull, 0xf0f0f0f0f0f0f0f0ull },
      { 0xccccccccccccccccull, 0xccccccccccccccccull }, { 0xfc30fc30fc30fc30ull, 0xfc30fc30fc30fc30ull }, 0 },
    { c_sqabs_8b, { B8(0x80, 0x7f, 0x01, 0xff, 0x00, 0x81, 0, 0), 0 }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x7f, 0x7f, 0x01, 0x01, 0x00, 0x7f, 0, 0), 0 }, QC },
    { c_sqneg_8b, { B8(0x80, 0x7f, 0x01, 0xff, 0x00, 0x81, 0, 0), 0 }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x7f, 0x81, 0xff, 0x01, 0x00, 0x7f, 0, 0), 0 }, QC },
    { c_suqadd_8b, { B8(0x01, 0xff, 0x80, 0x01, 0, 0, 0, 0), JUNK }, { 0, 0 }, { B8(0x7f, 0x80, 0x00, 0xff, 0, 0, 0, 0), JUNK },
      { B8(0x7f, 0x7f, 0x7f, 0x00, 0, 0, 0, 0), 0 }, QC },
    { c_usqadd_8b, { B8(0x01, 0xff, 0x80, 0x7f, 0, 0, 0, 0), JUNK }, { 0, 0 }, { B8(0xff, 0x01, 0x00, 0x10, 0, 0, 0, 0), JUNK },
      { B8(0xff, 0x00, 0x00, 0x8f, 0, 0, 0, 0), 0 }, QC },
    { c_cls_8b, { B8(0x00, 0xff, 0x40, 0x20, 0x80, 0x01, 0xc0, 0x3f), 0 }, { 0, 0 }, { JUNK, JUNK },
      { B8(7, 7, 0, 1, 0, 6, 1, 1), 0 }, 0 },
    { c_rev32_8h, { BYTES_LO, BYTES_HI }, { 0, 0 }, { JUNK, JUNK }, { 0x0504070601000302ull, 0x0d0c0f0e09080b0aull }, 0 },
    { c_sqxtn_8b, { H4(0x0080, 0xff80, 0xff7f, 0x007f), H4(0x0100, 0x00ff, 0x8000, 0xffff) }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x7f, 0x80, 0x80, 0x7f, 0x7f, 0x7f, 0x80, 0xff), 0 }, QC },
    { c_sqxtun_8b, { H4(0x0080, 0xff80, 0xff7f, 0x007f), H4(0x0100, 0x00ff, 0x8000, 0xffff) }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x80, 0x00, 0x00, 0x7f, 0xff, 0xff, 0x00, 0x00), 0 }, QC },
    { c_uqxtn2_16b, { H4(0x0080, 0xff80, 0xff7f, 0x007f), H4(0x0100, 0x00ff, 0x8000, 0xffff) }, { 0, 0 },
      { 0x1111111111111111ull, JUNK }, { 0x1111111111111111ull, B8(0x80, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff) }, QC },
    { c_sadalp_4s, { H4(0xffff, 0xffff, 0x8000, 0x8000), H4(1, 2, 0x7fff, 0x7fff) }, { 0, 0 },
      { S2(2, 0x7fffffff), S2(0xffffffff, 0) }, { S2(0, 0x7ffeffff), S2(2, 0xfffe) }, 0 },
    { c_saddlv_h, { 0x8080808080808080ull, 0x8080808080808080ull }, { 0, 0 }, { JUNK, JUNK }, { 0xf800, 0 }, 0 },
    { c_uminv_s, { S2(0x80000000, 5), S2(0x7fffffff, 0xffffffff) }, { 0, 0 }, { JUNK, JUNK }, { 5, 0 }, 0 },
    { c_urshr_d64, { ~0ull, JUNK }, { 0, 0 }, { JUNK, JUNK }, { 1, 0 }, 0 },
    { c_srshr_2d, { 0x7fffffffffffffffull, ~0ull }, { 0, 0 }, { JUNK, JUNK }, { 0x4000000000000000ull, 0 }, 0 },
    { c_sri_8b, { B8(0x00, 0xff, 0xff, 0x18, 0, 0, 0, 0), 0 }, { 0, 0 }, { B8(0xff, 0x00, 0xa5, 0xff, 0, 0, 0, 0), 0 },
      { B8(0xe0, 0x1f, 0xbf, 0xe3, 0, 0, 0, 0), 0 }, 0 },
    { c_sqshlu_8b, { B8(0x40, 0xc0, 0xbf, 0x3f, 0x80, 0x7f, 0x00, 0xff), 0 }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x80, 0x00, 0x00, 0x7e, 0x00, 0xfe, 0x00, 0x00), 0 }, QC },
    { c_rshrn_8b, { H4(0x1234, 0x12ff, 0xff80, 0x7fff), H4(0x8000, 0x0080, 0x017f, 0xffff) }, { 0, 0 }, { JUNK, JUNK },
      { B8(0x12, 0x13, 0x00, 0x80, 0x80, 0x01, 0x01, 0x00), 0 }, 0 },
    { c_sqrshrun_4h, { S2(0x80000000, 0x7fffffff), S2(0xffff8000, 0x00017fff) }, { 0, 0 }, { JUNK, JUNK },
      { H4(0, 0x8000, 0, 1), 0 }, QC },
    { c_uqrshrn_2s, { ~0ull, 0x00000001fffffffeull }, { 0, 0 }, { JUNK, JUNK }, { S2(0xffffffff, 2), 0 }, QC },
    { c_sqdmull_4s, { H4(0x8000, 0x7fff, 0, 0), 0 }, { H4(0x8000, 0x8000, 0, 0), 0 }, { JUNK, JUNK },
      { S2(0x7fffffff, 0x80010000), 0 }, QC },
    /* the doubled product saturates before the accumulation: INT64_MAX - 1, not INT64_MAX */
    { c_sqdmlal_2d, { S2(0x80000000, 1), 0 }, { S2(0x80000000, 1), 0 }, { ~0ull, 0x7fffffffffffffffull },
      { 0x7ffffffffffffffeull, 0x7fffffffffffffffull }, QC },
    { c_raddhn_8b, { H4(0x80ff, 0x007f, 0xffff, 0x7f80), 0 }, { H4(0x0001, 0x0001, 0x0001, 0x0080), 0 }, { JUNK, JUNK },
      { B8(0x81, 0x01, 0x00, 0x80, 0, 0, 0, 0), 0 }, 0 },
    { c_smull2_elem, { 0, H4(0x8000, 2, 0xffff, 0x7fff) }, { H4(0, 0xfffe, 0, 0), 0 }, { JUNK, JUNK },
      { S2(0x00010000, 0xfffffffc), S2(2, 0xffff0002) }, 0 },
    { c_mla_elem, { S2(5, 0x80000000), S2(1, 0) }, { 0, S2(0, 0xfffffffe) }, { S2(1, 1), S2(1, 1) },
      { S2(0xfffffff7, 1), S2(0xffffffff, 1) }, 0 },
    { c_zip1_16b, { BYTES_LO, BYTES_HI }, { BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull },
      { JUNK, JUNK }, { B8(0, 16, 1, 17, 2, 18, 3, 19), B8(4, 20, 5, 21, 6, 22, 7, 23) }, 0 },
    { c_trn2_4h, { BYTES_LO, BYTES_HI }, { BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull },
      { JUNK, JUNK }, { H4(0x0302, 0x1312, 0x0706, 0x1716), 0 }, 0 },
    { c_ext_16b, { BYTES_LO, BYTES_HI }, { BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull },
      { JUNK, JUNK }, { B8(3, 4, 5, 6, 7, 8, 9, 10), B8(11, 12, 13, 14, 15, 16, 17, 18) }, 0 },
    { c_tbx_16b, { BYTES_LO, BYTES_HI }, { B8(0, 15, 16, 255, 5, 1, 2, 3), B8(31, 8, 9, 10, 11, 12, 13, 14) },
      { 0xeeeeeeeeeeeeeeeeull, 0xeeeeeeeeeeeeeeeeull },
      { B8(0, 15, 0xee, 0xee, 5, 1, 2, 3), B8(0xee, 8, 9, 10, 11, 12, 13, 14) }, 0 },
    { c_movi_msl, { 0, 0 }, { 0, 0 }, { JUNK, JUNK }, { 0x0012ffff0012ffffull, 0 }, 0 },
    { c_mvni_msl, { 0, 0 }, { 0, 0 }, { JUNK, JUNK }, { 0xffffed00ffffed00ull, 0xffffed00ffffed00ull }, 0 },
    { c_movi_d, { 0, 0 }, { 0, 0 }, { JUNK, JUNK }, { 0x00ff0000000000ffull, 0x00ff0000000000ffull }, 0 },
    { c_bic_8h, { 0, 0 }, { 0, 0 }, { JUNK, JUNK }, { JUNK & ~0x00ff00ff00ff00ffull, JUNK & ~0x00ff00ff00ff00ffull }, 0 },
    { c_smov_dup, { H4(0x1111, 0x2222, 0x3333, 0x4444), H4(0x5555, 0x8666, 0x7777, 0x8888) }, { 0, 0 }, { JUNK, JUNK },
      { 0xffffffffffff8666ull, 0xffffffffffff8666ull }, 0 },
    { c_ins_elem, { H4(0x1111, 0x2222, 0x3333, 0x4444), 0 }, { 0, 0 }, { BYTES_LO, BYTES_HI },
      { BYTES_LO, 0x440e0d0c0b0a0908ull }, 0 },
};

static void fp_enable(void)
{
    uint64_t cpacr;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr |= 3ull << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(cpacr));
}

int main(void)
{
    fp_enable();
    static uint64_t n[2] __attribute__((aligned(16))), m[2] __attribute__((aligned(16)));
    static uint64_t d[2] __attribute__((aligned(16))), out[2] __attribute__((aligned(16)));
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct vcase *c = &cases[i];
        n[0] = c->n[0]; n[1] = c->n[1];
        m[0] = c->m[0]; m[1] = c->m[1];
        d[0] = c->d[0]; d[1] = c->d[1];
        uint64_t fpsr = c->fn(n, m, d, out);
        if (out[0] != c->want[0] || out[1] != c->want[1] || fpsr != c->fpsr) {
            puts_("simd_arith: case ");
            put_dec(i);
            puts_(" failed: got ");
            put_hex(out[1]);
            put_hex(out[0]);
            puts_(" fpsr ");
            put_hex(fpsr);
            puts_("\n");
            return 1;
        }
    }
    puts_("simd_arith: all checks passed\n");
    return 0;
}
