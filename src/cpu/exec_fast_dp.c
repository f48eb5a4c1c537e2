/*
 * Fast forms of data-processing encodings (exec_fast.h): the shapes that dominate a Linux boot
 * after the plain 64-bit ADD/SUB/logical ones of exec_fast.c. A guest-PC profile of Debian's
 * 6.1 kernel booting to the shell (docs/performance.md, "Linux boot") puts half of all guest
 * instructions in the generic-C multi-precision loops of the crypto self-tests and module
 * signature checks (mpihelp_addmul_1/submul_1: UBFM, MADD, ADD shifted and extended, CSEL,
 * CSINC, ADC, ADDS), and much of the rest in SBFM/UBFM, MOVZ, AND (immediate), CSET and
 * W-register arithmetic.
 *
 * Each handler computes exactly what the generic one computes for the shape its predicate
 * accepts; a predicate refuses every encoding the generic handler treats as UNALLOCATED, and
 * every register-31 case whose meaning (ZR or SP) the handler does not implement.
 * tests/unit/test_exec_fast.c runs every form against its generic handler on random operands.
 */
#include "cpu/exec_fast.h"

/* ---- helpers ---- */

static inline uint64_t lsl64(uint64_t v, unsigned a) { return v << a; }
static inline uint64_t lsr64(uint64_t v, unsigned a) { return v >> a; }
/* Arithmetic shift right without a signed shift: flip, shift logically, flip back. */
static inline uint64_t asr64(uint64_t v, unsigned a)
{
    uint64_t m = 0 - (v >> 63);
    return ((v ^ m) >> a) ^ m;
}
/* Rotate right by 0..63 (by 0..31 for 32-bit), no shift by the full width. */
static inline uint64_t ror64(uint64_t v, unsigned r) { return (v >> r) | (v << ((64 - r) & 63)); }
static inline uint32_t ror32(uint32_t v, unsigned r) { return (v >> r) | (v << ((32 - r) & 31)); }

/* ---- add/subtract (immediate): W forms and the flag-setting ones not in exec_fast.c ---- */

static enum exec_result fast_add_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] + in->imm64); /* Rd and Rn are SP-capable */
    return EXEC_NEXT;
}

static enum exec_result fast_sub_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] - in->imm64);
    return EXEC_NEXT;
}

static enum exec_result fast_adds_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], r = a + in->imm64; /* Rn is SP-capable, Rd is not 31 */
    cpu->nzcv = fast_flags_add64(a, in->imm64, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

static enum exec_result fast_cmn_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn];
    cpu->nzcv = fast_flags_add64(a, in->imm64, a + in->imm64);
    return EXEC_NEXT;
}

static enum exec_result fast_adds_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t a = (uint32_t)cpu->x[in->rn], b = (uint32_t)in->imm64, r = a + b;
    cpu->nzcv = fast_flags_add32(a, b, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

static enum exec_result fast_subs_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t a = (uint32_t)cpu->x[in->rn], b = (uint32_t)in->imm64, r = a - b;
    cpu->nzcv = fast_flags_sub32(a, b, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

/* ---- logical (immediate), move wide ---- */

static enum exec_result fast_and_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] & in->imm64; /* Rd may be SP; Rn is not 31 */
    return EXEC_NEXT;
}

static enum exec_result fast_and_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] & in->imm64);
    return EXEC_NEXT;
}

static enum exec_result fast_orr_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] | in->imm64;
    return EXEC_NEXT;
}

static enum exec_result fast_orr_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] | in->imm64);
    return EXEC_NEXT;
}

/* MOVZ, MOVN, and ORR (immediate) from ZR: imm64 holds the final register value. */
static enum exec_result fast_mov_imm(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = in->imm64;
    return EXEC_NEXT;
}

static enum exec_result fast_tst_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t r = cpu->x[in->rn] & in->imm64;
    cpu->nzcv = (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30;
    return EXEC_NEXT;
}

static enum exec_result fast_tst_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t r = (uint32_t)(cpu->x[in->rn] & in->imm64);
    cpu->nzcv = (r >> 31) << 31 | (uint32_t)(r == 0) << 30;
    return EXEC_NEXT;
}

static enum exec_result fast_ands_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t r = cpu->x[in->rn] & in->imm64;
    cpu->nzcv = (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30;
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

/* ---- bitfield: UBFM (LSR, LSL, UBFX, UBFIZ, UXTB, UXTH) and SBFM (ASR, SXTB/H/W, SBFX) ----
 * DDI 0487 C6.2 UBFM/SBFM with the masks of DecodeBitMasks computed at decode time: imm64 is
 * wmask AND tmask, imm2 is d = (imms - immr) mod width (tmask is its low d+1 bits). */

static enum exec_result fast_ubfm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = ror64(cpu->x[in->rn], in->immr) & in->imm64;
    return EXEC_NEXT;
}

static enum exec_result fast_ubfm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = ror32((uint32_t)cpu->x[in->rn], in->immr) & (uint32_t)in->imm64;
    return EXEC_NEXT;
}

static enum exec_result fast_sbfm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t src = cpu->x[in->rn];
    uint64_t top = (0 - ((src >> in->imms) & 1)) & (0 - (2ull << in->imm2)); /* ~tmask if src<s> */
    cpu->x[in->rd] = (ror64(src, in->immr) & in->imm64) | top;
    return EXEC_NEXT;
}

static enum exec_result fast_sbfm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t src = (uint32_t)cpu->x[in->rn];
    uint32_t top = (0u - ((src >> in->imms) & 1)) & (uint32_t)(0 - (2ull << in->imm2));
    cpu->x[in->rd] = (ror32(src, in->immr) & (uint32_t)in->imm64) | top;
    return EXEC_NEXT;
}

/* ---- add/subtract (shifted register): 64-bit with a shift, 32-bit without ---- */

#define FAST_ADDSUB_SHIFTED(name, op, shift)                                                        \
    static enum exec_result name(struct cpu_state *cpu, const struct a64_insn *in)                 \
    {                                                                                               \
        cpu->x[in->rd] = cpu->x[in->rn] op shift(cpu->x[in->rm], in->imm);                          \
        return EXEC_NEXT;                                                                           \
    }
FAST_ADDSUB_SHIFTED(fast_add_lsl_x, +, lsl64)
FAST_ADDSUB_SHIFTED(fast_add_lsr_x, +, lsr64)
FAST_ADDSUB_SHIFTED(fast_add_asr_x, +, asr64)
FAST_ADDSUB_SHIFTED(fast_sub_lsl_x, -, lsl64)
FAST_ADDSUB_SHIFTED(fast_sub_lsr_x, -, lsr64)
FAST_ADDSUB_SHIFTED(fast_sub_asr_x, -, asr64)
#undef FAST_ADDSUB_SHIFTED

static enum exec_result fast_add_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] + cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_sub_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] - cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_adds_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], b = cpu->x[in->rm], r = a + b;
    cpu->nzcv = fast_flags_add64(a, b, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

static enum exec_result fast_cmp_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t a = (uint32_t)cpu->x[in->rn], b = (uint32_t)cpu->x[in->rm];
    cpu->nzcv = fast_flags_sub32(a, b, a - b);
    return EXEC_NEXT;
}

static enum exec_result fast_subs_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t a = (uint32_t)cpu->x[in->rn], b = (uint32_t)cpu->x[in->rm], r = a - b;
    cpu->nzcv = fast_flags_sub32(a, b, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

/* ---- logical (shifted register), no shift: 32-bit forms, MOV (register) W, TST/ANDS X ---- */

static enum exec_result fast_and_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] & cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_orr_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] | cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_eor_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] ^ cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_mov_reg_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)cpu->x[in->rm]; /* ORR Wd, WZR, Wm */
    return EXEC_NEXT;
}

static enum exec_result fast_tst_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t r = cpu->x[in->rn] & cpu->x[in->rm];
    cpu->nzcv = (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30;
    return EXEC_NEXT;
}

/* ---- add (extended register), 64-bit: UXTW, SXTW, UXTX/SXTX (LSL) with a shift of 0-4 ---- */

static enum exec_result fast_add_uxtw(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] + ((uint64_t)(uint32_t)cpu->x[in->rm] << in->imm); /* Rd, Rn SP-capable */
    return EXEC_NEXT;
}

static enum exec_result fast_add_sxtw(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t v = (uint32_t)cpu->x[in->rm];
    v = (v ^ 0x80000000ull) - 0x80000000ull; /* sign-extend without a signed conversion */
    cpu->x[in->rd] = cpu->x[in->rn] + (v << in->imm);
    return EXEC_NEXT;
}

static enum exec_result fast_add_uxtx(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] + (cpu->x[in->rm] << in->imm);
    return EXEC_NEXT;
}

static enum exec_result fast_sub_uxtx(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] - (cpu->x[in->rm] << in->imm);
    return EXEC_NEXT;
}

/* ---- ADC, multiply ---- */

static enum exec_result fast_adc_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] + cpu->x[in->rm] + ((cpu->nzcv >> 29) & 1);
    return EXEC_NEXT;
}

static enum exec_result fast_mul_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] * cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_madd_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->ra] + cpu->x[in->rn] * cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_mul_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->rn] * cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_madd_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu->x[in->ra] + cpu->x[in->rn] * cpu->x[in->rm]);
    return EXEC_NEXT;
}

/* ---- conditional select: CSEL, CSINC (CINC), CSET ---- */

static enum exec_result fast_csel_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu_cond_holds(cpu, in->cond) ? cpu->x[in->rn] : cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_csel_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu_cond_holds(cpu, in->cond) ? cpu->x[in->rn] : cpu->x[in->rm]);
    return EXEC_NEXT;
}

static enum exec_result fast_csinc_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu_cond_holds(cpu, in->cond) ? cpu->x[in->rn] : cpu->x[in->rm] + 1;
    return EXEC_NEXT;
}

static enum exec_result fast_csinc_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = (uint32_t)(cpu_cond_holds(cpu, in->cond) ? cpu->x[in->rn] : cpu->x[in->rm] + 1);
    return EXEC_NEXT;
}

/* CSINC Rd, ZR, ZR, cond (CSET with the inverted condition): 0 or 1 in either width. */
static enum exec_result fast_cset(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = !cpu_cond_holds(cpu, in->cond);
    return EXEC_NEXT;
}

/* ---- shape predicates ---- */

static uint64_t imm12(const struct a64_insn *in) { return (uint64_t)in->imm << (in->sh ? 12 : 0); }

static bool addsub_imm_w(struct a64_insn *in)
{
    if (in->sf)
        return false;
    in->imm64 = imm12(in);
    return true;
}
static bool addsub_imm_x_rd(struct a64_insn *in)
{
    if (!in->sf || in->rd == 31)
        return false;
    in->imm64 = imm12(in);
    return true;
}
static bool addsub_imm_x_zr(struct a64_insn *in)
{
    if (!in->sf || in->rd != 31)
        return false;
    in->imm64 = imm12(in);
    return true;
}
static bool addsub_imm_w_rd(struct a64_insn *in) { return in->rd != 31 && addsub_imm_w(in); }

/* Logical immediate: imm64 is the decoded bitmask (A64F_BITMASK; reserved values decode as
 * UNALLOCATED). Rn = 31 is ZR here. */
static bool logic_imm_x(struct a64_insn *in) { return in->sf && in->rn != 31; }
static bool logic_imm_w(struct a64_insn *in) { return !in->sf && in->rn != 31; }
static bool logic_imm_x_rd(struct a64_insn *in) { return logic_imm_x(in) && in->rd != 31; }
static bool logic_imm_x_zr(struct a64_insn *in) { return logic_imm_x(in) && in->rd == 31; }
static bool logic_imm_w_zr(struct a64_insn *in) { return logic_imm_w(in) && in->rd == 31; }
/* ORR Rd|SP, ZR, #imm: the value is the mask itself. */
static bool orr_imm_mov(struct a64_insn *in)
{
    if (in->rn != 31)
        return false;
    if (!in->sf)
        in->imm64 = (uint32_t)in->imm64;
    return true;
}

/* MOVZ/MOVN with Rd not ZR; hw<1> = 1 with sf = 0 is UNALLOCATED (left to the generic one). */
static bool movw_ok(const struct a64_insn *in) { return in->rd != 31 && (in->sf || in->sh < 2); }
static bool movz_form(struct a64_insn *in)
{
    if (!movw_ok(in))
        return false;
    in->imm64 = (uint64_t)in->imm << (in->sh * 16);
    return true;
}
static bool movn_form(struct a64_insn *in)
{
    if (!movw_ok(in))
        return false;
    uint64_t v = ~((uint64_t)in->imm << (in->sh * 16));
    in->imm64 = in->sf ? v : (uint32_t)v;
    return true;
}

/* Bitfield: N = sf and (32-bit) immr, imms < 32, else UNALLOCATED. Computes DecodeBitMasks'
 * wmask and tmask as the generic handler does (exec_dp_imm.c, bitfield()). */
static bool bitfield_form(struct a64_insn *in, unsigned sf)
{
    if (in->sf != sf || in->nbit != sf || in->rd == 31 || in->rn == 31)
        return false;
    unsigned width = sf ? 64 : 32;
    if (!sf && ((in->immr | in->imms) & 0x20))
        return false;
    unsigned r = in->immr, s = in->imms, d = (s - r) & (width - 1);
    uint64_t welem = s + 1 == 64 ? ~0ull : (1ull << (s + 1)) - 1;
    uint64_t wmask = r == 0 ? welem : (welem >> r) | (welem << (width - r));
    if (!sf)
        wmask &= 0xffffffffull;
    uint64_t tmask = d + 1 == 64 ? ~0ull : (1ull << (d + 1)) - 1;
    in->imm64 = wmask & tmask;
    in->imm2 = d;
    return true;
}
static bool bitfield_x(struct a64_insn *in) { return bitfield_form(in, 1); }
static bool bitfield_w(struct a64_insn *in) { return bitfield_form(in, 0); }

static bool no_r31(const struct a64_insn *in) { return in->rd != 31 && in->rn != 31 && in->rm != 31; }
/* Shifted register with a nonzero LSL (00), LSR (01) or ASR (10) on X registers. */
static bool shifted_x(const struct a64_insn *in, unsigned type)
{
    return in->sf && no_r31(in) && in->sh == type && in->imm != 0;
}
static bool shifted_lsl_x(struct a64_insn *in) { return shifted_x(in, 0); }
static bool shifted_lsr_x(struct a64_insn *in) { return shifted_x(in, 1); }
static bool shifted_asr_x(struct a64_insn *in) { return shifted_x(in, 2); }
/* No shift (LSL #0), no register 31. */
static bool plain_w(struct a64_insn *in) { return !in->sf && in->sh == 0 && in->imm == 0 && no_r31(in); }
static bool plain_x(struct a64_insn *in) { return in->sf && in->sh == 0 && in->imm == 0 && no_r31(in); }
static bool plain_w_zr(struct a64_insn *in)
{
    return !in->sf && in->sh == 0 && in->imm == 0 && in->rd == 31 && in->rn != 31 && in->rm != 31;
}
static bool plain_x_zr(struct a64_insn *in)
{
    return in->sf && in->sh == 0 && in->imm == 0 && in->rd == 31 && in->rn != 31 && in->rm != 31;
}
static bool mov_w(struct a64_insn *in)
{
    return !in->sf && in->sh == 0 && in->imm == 0 && in->rn == 31 && in->rm != 31 && in->rd != 31;
}

/* Extended register, 64-bit, shift 0-4 (imm3 > 4 is reserved), Rm not ZR. option is opt. */
static bool ext_x(const struct a64_insn *in, unsigned option)
{
    return in->sf && in->imm <= 4 && in->rm != 31 && in->opt == option;
}
static bool ext_uxtw(struct a64_insn *in) { return ext_x(in, 2); }
static bool ext_sxtw(struct a64_insn *in) { return ext_x(in, 6); }
static bool ext_uxtx(struct a64_insn *in) { return ext_x(in, 3) || ext_x(in, 7); }

static bool adc_x(struct a64_insn *in) { return in->sf && no_r31(in); }
static bool mul_form(const struct a64_insn *in, unsigned sf, bool acc)
{
    return in->sf == sf && no_r31(in) && (acc ? in->ra != 31 : in->ra == 31);
}
static bool mul_x(struct a64_insn *in) { return mul_form(in, 1, false); }
static bool madd_x(struct a64_insn *in) { return mul_form(in, 1, true); }
static bool mul_w(struct a64_insn *in) { return mul_form(in, 0, false); }
static bool madd_w(struct a64_insn *in) { return mul_form(in, 0, true); }

static bool csel_x(struct a64_insn *in) { return in->sf && no_r31(in); }
static bool csel_w(struct a64_insn *in) { return !in->sf && no_r31(in); }
static bool cset_form(struct a64_insn *in) { return in->rd != 31 && in->rn == 31 && in->rm == 31; }

const struct fast_form fast_forms_dp[] = {
    { A64_ADD_imm, addsub_imm_w, fast_add_imm_w },
    { A64_SUB_imm, addsub_imm_w, fast_sub_imm_w },
    { A64_ADDS_imm, addsub_imm_x_rd, fast_adds_imm_x },
    { A64_ADDS_imm, addsub_imm_x_zr, fast_cmn_imm_x },
    { A64_ADDS_imm, addsub_imm_w_rd, fast_adds_imm_w },
    { A64_SUBS_imm, addsub_imm_w_rd, fast_subs_imm_w },
    { A64_AND_imm, logic_imm_x, fast_and_imm_x },
    { A64_AND_imm, logic_imm_w, fast_and_imm_w },
    { A64_ORR_imm, logic_imm_x, fast_orr_imm_x },
    { A64_ORR_imm, logic_imm_w, fast_orr_imm_w },
    { A64_ORR_imm, orr_imm_mov, fast_mov_imm },
    { A64_ANDS_imm, logic_imm_x_zr, fast_tst_imm_x },
    { A64_ANDS_imm, logic_imm_w_zr, fast_tst_imm_w },
    { A64_ANDS_imm, logic_imm_x_rd, fast_ands_imm_x },
    { A64_MOVZ, movz_form, fast_mov_imm },
    { A64_MOVN, movn_form, fast_mov_imm },
    { A64_UBFM, bitfield_x, fast_ubfm_x },
    { A64_UBFM, bitfield_w, fast_ubfm_w },
    { A64_SBFM, bitfield_x, fast_sbfm_x },
    { A64_SBFM, bitfield_w, fast_sbfm_w },
    { A64_ADD_reg, shifted_lsl_x, fast_add_lsl_x },
    { A64_ADD_reg, shifted_lsr_x, fast_add_lsr_x },
    { A64_ADD_reg, shifted_asr_x, fast_add_asr_x },
    { A64_SUB_reg, shifted_lsl_x, fast_sub_lsl_x },
    { A64_SUB_reg, shifted_lsr_x, fast_sub_lsr_x },
    { A64_SUB_reg, shifted_asr_x, fast_sub_asr_x },
    { A64_ADD_reg, plain_w, fast_add_reg_w },
    { A64_SUB_reg, plain_w, fast_sub_reg_w },
    { A64_ADDS_reg, plain_x, fast_adds_reg_x },
    { A64_SUBS_reg, plain_w, fast_subs_reg_w },
    { A64_SUBS_reg, plain_w_zr, fast_cmp_reg_w },
    { A64_AND_reg, plain_w, fast_and_reg_w },
    { A64_ORR_reg, plain_w, fast_orr_reg_w },
    { A64_ORR_reg, mov_w, fast_mov_reg_w },
    { A64_EOR_reg, plain_w, fast_eor_reg_w },
    { A64_ANDS_reg, plain_x_zr, fast_tst_reg_x },
    { A64_ADD_ext, ext_uxtw, fast_add_uxtw },
    { A64_ADD_ext, ext_sxtw, fast_add_sxtw },
    { A64_ADD_ext, ext_uxtx, fast_add_uxtx },
    { A64_SUB_ext, ext_uxtx, fast_sub_uxtx },
    { A64_ADC, adc_x, fast_adc_x },
    { A64_MADD, mul_x, fast_mul_x },
    { A64_MADD, madd_x, fast_madd_x },
    { A64_MADD, mul_w, fast_mul_w },
    { A64_MADD, madd_w, fast_madd_w },
    { A64_CSEL, csel_x, fast_csel_x },
    { A64_CSEL, csel_w, fast_csel_w },
    { A64_CSINC, csel_x, fast_csinc_x },
    { A64_CSINC, csel_w, fast_csinc_w },
    { A64_CSINC, cset_form, fast_cset },
};
const size_t fast_forms_dp_count = sizeof fast_forms_dp / sizeof fast_forms_dp[0];
