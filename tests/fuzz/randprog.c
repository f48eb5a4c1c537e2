/*
 * randprog: random A64 program generator for differential lockstep against QEMU (style.md 6.1,
 * "the differential fuzzer draws random encodings from the patterns", after Dynarmic's
 * fuzz_with_unicorn.cpp).
 *
 * usage: randprog --seed S --count N --out prog.elf [--map prog.map] [--exclude-report]
 *                 [--unaligned] [--fp]
 *
 * --fp adds the FP/SIMD rows (FEAT_FP and FEAT_AdvSIMD: scalar FP, integer and floating-point
 * Advanced SIMD, SIMD&FP loads/stores; a64emu then needs --preview fp,advsimd): the
 * preamble enables SIMD&FP at EL1 (CPACR_EL1.FPEN = 11), sets a random FPCR (RMode, FZ, DN, AHP)
 * and fills V0-V31 from the special-value pool below; each FP unit first loads its V operands
 * (both halves for a vector row; and the general source of SCVTF/UCVTF/FMOV) from the pool and,
 * one time in four, sets a new random FPCR.
 *
 * Output: a bare-metal ELF (one PT_LOAD, plus section headers so objdump can disassemble it)
 * loaded at 0x40080000. ELF rather than a raw image: QEMU boots a raw -kernel as a Linux Image
 * through its own boot stub (which runs at 0x40000000 and sets X0 = DTB address), a64emu does
 * not; for an ELF both start at e_entry with no stub. The preamble overwrites every register
 * anyway, so the remaining reset differences (QEMU starts with PSTATE.Z = 1) do not matter.
 *
 * Layout:
 *   0x40080800  vector table (VBAR_EL1): synchronous exceptions from the current EL skip the
 *               faulting instruction (ELR += 4, except for SVC whose ELR is already past it) and
 *               ERET, so UNDEFINED encodings, BRK, SVC... are compared too and do not end the
 *               run; any other vector exits through semihosting with status 1.
 *   0x40081000  entry: VBAR_EL1, SP, NZCV and X0-X30 from the seed; then COUNT units, each
 *               [setup instructions] + one instruction drawn from the encoding table; then the
 *               semihosting exit (SYS_EXIT, ADP_Stopped_ApplicationExit, status 0).
 *   next 64 KiB boundary: 64 KiB scratch area filled with seed-derived bytes; every load/store
 *               base is re-pointed into its middle right before the instruction.
 *
 * The map file (--map) lists one line per random instruction: address, word, row, disassembly;
 * the driver uses it to count the random instructions actually executed and compared.
 *
 * Everything that is not generated is in one table, excl[], each entry with its reason
 * (--exclude-report prints it along with the classification of every row). classify() sorts
 * every row of the table into a generation class and aborts on a row it does not recognise, so
 * a row added later is never silently generated the wrong way.
 */
#include "decode/decode.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOAD_BASE   0x40080000ull
#define VEC_OFF     0x800u
#define ENTRY_OFF   0x1000u
#define SCRATCH_SIZE 0x10000u
#define TARGET_FEATURES ((1u << FEAT_LSE) | (1u << FEAT_CRC32)) /* a64emu's -cpu max profile */

/* ---------------------------------------------------------------- random numbers (xorshift) */
static uint64_t rng_state;
static uint64_t rnd64(void)
{
    /* splitmix64: good enough, and reproducible across hosts */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned rnd(unsigned n) { return (unsigned)(rnd64() % n); }

/* A register value: mostly random, sometimes the edge values flags and shifts care about. */
static uint64_t rnd_value(void)
{
    static const uint64_t edge[] = { 0, 1, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                     0xffffffff, 0x7fffffff, 0x80000000, 0x100000000ull, 63, 64, 32 };
    switch (rnd(8)) {
    case 0: return edge[rnd(sizeof edge / sizeof edge[0])];
    case 1: return rnd64() & 0xff;
    case 2: return (uint64_t)(int64_t)(int32_t)rnd64();
    case 3: return rnd64() & 0xffffffff;
    default: return rnd64();
    }
}

/* ---------------------------------------------------------------- pattern fields */
static bool has_field(const struct a64_row *r, char letter) { return strchr(r->pattern, letter) != NULL; }

static unsigned field_width(const struct a64_row *r, char letter)
{
    unsigned w = 0;
    for (const char *p = r->pattern; *p; p++)
        w += *p == letter;
    return w;
}

/* Write `val` into the bits of `raw` that the pattern marks with `letter` (MSB first). */
static uint32_t set_field(const struct a64_row *r, uint32_t raw, char letter, uint64_t val)
{
    unsigned w = field_width(r, letter), k = w;
    for (int i = 0; i < 32; i++) {
        if (r->pattern[i] != letter)
            continue;
        unsigned bit = 31 - (unsigned)i;
        k--;
        raw = (raw & ~(1u << bit)) | (uint32_t)((val >> k) & 1) << bit;
    }
    return raw;
}

static uint32_t get_field(const struct a64_row *r, uint32_t raw, char letter)
{
    uint32_t v = 0;
    for (int i = 0; i < 32; i++)
        if (r->pattern[i] == letter)
            v = v << 1 | ((raw >> (31 - i)) & 1);
    return v;
}

/* Fixed bits [hi:lo] of a pattern as a string ("" if any of them is not fixed). */
static bool fixed_bits(const struct a64_row *r, int hi, int lo, unsigned *out)
{
    unsigned v = 0;
    for (int b = hi; b >= lo; b--) {
        char c = r->pattern[31 - b];
        if (c != '0' && c != '1')
            return false;
        v = v << 1 | (unsigned)(c - '0');
    }
    *out = v;
    return true;
}

/* ---------------------------------------------------------------- classification */
enum cls {
    C_SKIP,      /* not generated: see excl[] (or feature absent from the target profile) */
    C_PLAIN,     /* no memory access, no control flow beyond the next instruction */
    C_MEM,       /* load/store/atomic with base register Rn */
    C_LIT,       /* PC-relative literal load */
    C_BR_IMM,    /* direct branch: offset in the i field */
    C_BR_REG,    /* branch to register Rn */
    C_EXC,       /* exception generating: handled by the vector table */
    C_FP,        /* scalar FP / Advanced SIMD data processing: operands from the FP pool */
};
static const char *const cls_name[] = { "skip", "plain", "mem", "literal", "branch-imm",
                                        "branch-reg", "exception", "fp" };

/* Memory sub-kinds (only for C_MEM). */
struct memkind {
    bool pair;        /* two registers (Rt, Rt2 or CASP's Rs/Rs+1, Rt/Rt+1) */
    bool excl;        /* exclusive / ordered / compare-and-swap class (bits 29:24 = 001000) */
    bool atomic;      /* LSE atomic memory operation */
    bool regoff;      /* register offset (field m) */
    bool writeback;   /* pre/post-indexed */
    bool store_status;/* STXR/STXP family: Rs receives the status */
    bool fp;          /* SIMD&FP register (V = 1): B/H/S/D/Q, Rt/Rt2 are V registers */
};

/*
 * Explicit classes for the "Branches, Exception Generating and System" group (op0 = 101x),
 * where the pattern alone does not say how a row must be generated. A row of that group not in
 * this list aborts the generator.
 */
static const struct { const char *name; enum cls cls; } group101[] = {
    { "B_cond", C_BR_IMM }, { "B", C_BR_IMM }, { "BL", C_BR_IMM },
    { "CBZ", C_BR_IMM }, { "CBNZ", C_BR_IMM }, { "TBZ", C_BR_IMM }, { "TBNZ", C_BR_IMM },
    { "BR", C_BR_REG }, { "BLR", C_BR_REG }, { "RET", C_BR_REG },
    { "SVC", C_EXC }, { "HVC", C_EXC }, { "SMC", C_EXC }, { "BRK", C_EXC }, { "HLT", C_EXC },
    { "NOP", C_PLAIN }, { "YIELD", C_PLAIN }, { "SEV", C_PLAIN }, { "SEVL", C_PLAIN },
    { "HINT", C_PLAIN }, { "CLREX", C_PLAIN }, { "DSB", C_PLAIN }, { "DMB", C_PLAIN },
    { "ISB", C_PLAIN },
    /* classified so the table is complete; all four are excluded in excl[] */
    { "WFE", C_PLAIN }, { "WFI", C_PLAIN }, { "ERET", C_BR_REG }, { "MSR_imm", C_PLAIN },
    { "SYS", C_PLAIN }, { "SYSL", C_PLAIN }, { "MSR_reg", C_PLAIN }, { "MRS", C_PLAIN },
};

static void die(const char *fmt, const char *a, const char *b) __attribute__((noreturn));
static void die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "randprog: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    exit(2);
}

/* op0 = bits 28:25; for 100x/101x bit 25 may be a field (B/BL's imm26): it reads as 0. */
static bool op0_of(const struct a64_row *r, unsigned *op0)
{
    unsigned hi, b25 = 0;
    if (!fixed_bits(r, 28, 26, &hi))
        return false;
    if (!fixed_bits(r, 25, 25, &b25) && (hi & 2))
        return false; /* bit 27 = 1: bit 25 tells loads/stores from data processing */
    *op0 = hi << 1 | b25;
    return true;
}

/*
 * Generation class of a row, from op0 = bits 28:25 (DDI 0487 C4.1, the A64 encoding index):
 *   100x data processing (immediate)      -> C_PLAIN
 *   101x branches, exception, system      -> the explicit list above
 *   x1x0 loads and stores                 -> C_MEM (field n present) or C_LIT (no n: literal)
 *   x101 data processing (register)       -> C_PLAIN
 *   x111 scalar FP / Advanced SIMD        -> C_FP (only drawn with --fp: the feature is FEAT_FP)
 * SIMD&FP loads and stores (V = 1) sort into the same memory classes (memkind.fp set).
 */
static enum cls classify(const struct a64_row *r, struct memkind *mk)
{
    unsigned op0, v;
    memset(mk, 0, sizeof *mk);
    if (!op0_of(r, &op0))
        die("row %s: op0 (bits 28:25) not fixed in pattern %s; extend classify()", r->name, r->pattern);
    if ((op0 & 0xe) == 0x8)
        return C_PLAIN;
    if ((op0 & 0xe) == 0xa) {
        for (size_t i = 0; i < sizeof group101 / sizeof group101[0]; i++)
            if (strcmp(group101[i].name, r->name) == 0) {
                enum cls c = group101[i].cls;
                /* sanity: the row's flags must agree with the list */
                if ((c == C_BR_IMM || c == C_BR_REG || c == C_EXC) && !(r->flags & A64F_BRANCH))
                    die("row %s: listed as a branch but has no A64F_BRANCH%s", r->name, "");
                if (c == C_BR_IMM && !has_field(r, 'i'))
                    die("row %s: direct branch without an i field%s", r->name, "");
                if (c == C_BR_REG && !has_field(r, 'n') && strcmp(r->name, "ERET") != 0)
                    die("row %s: register branch without an n field%s", r->name, "");
                return c;
            }
        die("row %s (%s): unclassified row in the branch/system group; add it to group101[]",
            r->name, r->title);
    }
    if ((op0 & 0x5) == 0x4) {
        if (!fixed_bits(r, 26, 26, &v))
            die("row %s: bit 26 (V) not fixed%s", r->name, "");
        mk->fp = v;
        if (!has_field(r, 'n')) {
            if (!has_field(r, 'i') || !has_field(r, 't'))
                die("row %s: load/store without Rn that is not a literal load%s", r->name, "");
            return C_LIT;
        }
        unsigned b2924, b2927, b24, b21, b1110, b2423;
        if (!fixed_bits(r, 29, 27, &b2927) || !fixed_bits(r, 24, 24, &b24))
            die("row %s: bits 29:27 / 24 not fixed%s", r->name, "");
        /* Advanced SIMD structure loads/stores (LD1-LD4, ST1-ST4, LDnR: bits 29:27 = 001, V = 1)
         * are not generated yet: their register lists wrap from V31 to V0 and they move up to
         * 64 bytes with several element layouts. roms/simd_ldst covers them in lockstep. */
        if (b2927 == 0x1 && v)
            return C_SKIP;
        if (fixed_bits(r, 29, 24, &b2924) && b2924 == 0x08) { /* 001000: exclusive/ordered/CAS */
            unsigned o2, o1, l;
            mk->excl = true;
            if (!fixed_bits(r, 23, 23, &o2) || !fixed_bits(r, 21, 21, &o1) || !fixed_bits(r, 22, 22, &l))
                die("row %s: o2/L/o1 not fixed%s", r->name, "");
            mk->pair = o2 == 0 && o1 == 1;          /* LDXP/STXP (bit 31 = 1), CASP (bit 31 = 0) */
            mk->store_status = o2 == 0 && l == 0 && !(mk->pair && r->pattern[0] == '0'); /* STXR, STXP */
            return C_MEM;
        }
        if (b2927 == 0x5) { /* 101: register pairs */
            if (!has_field(r, 'u') || !fixed_bits(r, 24, 23, &b2423))
                die("row %s: pair without Rt2 or fixed index bits%s", r->name, "");
            mk->pair = true;
            mk->writeback = b2423 == 1 || b2423 == 3;
            return C_MEM;
        }
        if (b2927 == 0x7 && b24 == 0) { /* 111 0: register, unscaled/pre/post/unpriv/regoff/atomic */
            if (!fixed_bits(r, 21, 21, &b21) || !fixed_bits(r, 11, 10, &b1110))
                die("row %s: bits 21 / 11:10 not fixed%s", r->name, "");
            if (b21 && b1110 == 0)
                mk->atomic = true;
            else if (b21 && b1110 == 2)
                mk->regoff = true;
            else if (b21)
                die("row %s: unknown load/store class (bit 21 = 1, bits 11:10 = %s)", r->name,
                    b1110 == 1 ? "01" : "11");
            else
                mk->writeback = b1110 == 1 || b1110 == 3;
            if (mk->regoff != has_field(r, 'm'))
                die("row %s: register-offset class and field m disagree%s", r->name, "");
            return C_MEM;
        }
        if (b2927 == 0x7 && b24 == 1) /* unsigned offset */
            return C_MEM;
        die("row %s: unknown load/store class in pattern %s", r->name, r->pattern);
    }
    if ((op0 & 0x7) == 0x5)
        return C_PLAIN;
    return C_FP; /* op0 = x111 */
}

/* ---------------------------------------------------------------- the exclusion table */
/*
 * Everything the generator deliberately does not produce, with the reason. An entry either
 * removes a whole row (pred == NULL) or rejects the encodings of that row for which pred()
 * is true (the generator then draws again).
 */
static bool is_semihosting_hlt(const struct a64_insn *in) { return in->imm == 0xf000; }
static bool is_xpaclri(const struct a64_insn *in) { return in->imm == 7; }
/* Half-precision encodings inside the FP Advanced SIMD rows: by element with size 00, the
 * fixed-point conversions with immh 001x. */
static bool is_fp16_elem(const struct a64_insn *in) { return in->size == 0; }
static bool is_fp16_fix(const struct a64_insn *in) { return (in->imm >> 4) == 1; }
#define FP16_REASON "half precision (FEAT_FP16): QEMU -cpu max has it, a64emu's profile does not (UNDEFINED)"
/* immh = 0000 in FCVTZS/FCVTZU (vector, fixed-point) is the modified-immediate space with
 * cmode = 1111, o2 = 1: op = 0 is FMOV (vector, immediate) half precision (FEAT_FP16), op = 1 is
 * unallocated, which QEMU executes as FMOV Vd.2D (test_exec_simd_fp_cvt.c names it). */
static bool is_fp16_fix_or_modimm(const struct a64_insn *in) { return is_fp16_fix(in) || (in->imm >> 3) == 0; }
#define MODIMM_REASON FP16_REASON "; immh = 0000: FMOV half (FEAT_FP16) for U = 0, unallocated for U = 1 " \
    "(QEMU 7.2 runs it as FMOV Vd.2D, a64emu follows the Arm ARM: UNDEFINED)"

struct excl {
    const char *row;
    bool (*pred)(const struct a64_insn *in);
    const char *reason;
};
static const struct excl excl[] = {
    { "HLT", is_semihosting_hlt,
      "HLT #0xF000 is the semihosting call: with random X0/X1 it could do file I/O or exit" },
    { "HVC", NULL, "board difference, not CPU: QEMU virt (no EL2/EL3) emulates PSCI firmware on "
                   "HVC from EL1 (psci-conduit=hvc: X0 = function ID, result in X0, e.g. -1 "
                   "NOT_SUPPORTED), a64emu has no PSCI conduit yet and raises UNDEFINED "
                   "(architecturally right for a bare CPU without EL2)" },
    { "WFI", NULL, "may halt until an interrupt that never comes (no interrupt source here)" },
    { "WFE", NULL, "may halt: the event register is host-timing dependent (SEVL/SEV/exception "
                   "entry set it)" },
    { "ERET", NULL, "jumps to ELR_EL1 (not set up) and restores PSTATE from SPSR_EL1: "
                    "exception return is covered by the ROM tests" },
    { "MSR_imm", NULL, "PSTATE fields (SPSel, DAIF, PAN, UAO, DIT, SSBS, TCO...): QEMU -cpu max "
                       "implements fields a64emu's ARMv8.0+LSE profile does not; separate ROM tests" },
    { "MSR_reg", NULL, "system register writes change translation/exception state; and ID/"
                       "IMPLEMENTATION DEFINED registers differ by design between the two CPUs" },
    { "MRS", NULL, "system register reads: ID registers, counters and CPU-model-specific values "
                   "differ by design between QEMU -cpu max and a64emu's profile" },
    { "SYS", NULL, "cache/TLB/AT maintenance and IMPLEMENTATION DEFINED operations: ROM tests" },
    { "SYSL", NULL, "IMPLEMENTATION DEFINED system instructions: ROM tests" },
    { "HINT", is_xpaclri,
      "HINT #7 is XPACLRI (FEAT_PAuth): QEMU -cpu max strips the PAC field of X30, a64emu's "
      "profile has no PAuth so it is a NOP (the other PAuth hints are NOPs on QEMU too while "
      "SCTLR_EL1.EnIA/EnIB = 0, as here)" },
    { "FMLA_elem", is_fp16_elem, FP16_REASON },   { "FMLA_elem_s", is_fp16_elem, FP16_REASON },
    { "FMLS_elem", is_fp16_elem, FP16_REASON },   { "FMLS_elem_s", is_fp16_elem, FP16_REASON },
    { "FMUL_elem", is_fp16_elem, FP16_REASON },   { "FMUL_elem_s", is_fp16_elem, FP16_REASON },
    { "FMULX_elem", is_fp16_elem, FP16_REASON },  { "FMULX_elem_s", is_fp16_elem, FP16_REASON },
    { "SCVTF_fix_v", is_fp16_fix, FP16_REASON },  { "SCVTF_fix_s", is_fp16_fix, FP16_REASON },
    { "UCVTF_fix_v", is_fp16_fix, FP16_REASON },  { "UCVTF_fix_s", is_fp16_fix, FP16_REASON },
    { "FCVTZS_fix_v", is_fp16_fix_or_modimm, MODIMM_REASON }, { "FCVTZS_fix_s", is_fp16_fix, FP16_REASON },
    { "FCVTZU_fix_v", is_fp16_fix_or_modimm, MODIMM_REASON }, { "FCVTZU_fix_s", is_fp16_fix, FP16_REASON },
};
#define N_EXCL (sizeof excl / sizeof excl[0])

/* Whole-row exclusion reason, or NULL. */
static const char *row_excluded(const struct a64_row *r)
{
    for (size_t i = 0; i < N_EXCL; i++)
        if (excl[i].pred == NULL && strcmp(excl[i].row, r->name) == 0)
            return excl[i].reason;
    return NULL;
}

static bool enc_excluded(const struct a64_row *r, const struct a64_insn *in)
{
    for (size_t i = 0; i < N_EXCL; i++)
        if (excl[i].pred && strcmp(excl[i].row, r->name) == 0 && excl[i].pred(in))
            return true;
    return false;
}

/* ---------------------------------------------------------------- code buffer */
struct unit {
    uint32_t first;    /* index of the unit's first word */
    uint32_t insn;     /* index of the random instruction's word */
    enum cls cls;
    uint16_t row;
    uint8_t skip;      /* branches: target = unit + 1 + skip */
    bool setup_adr;    /* BR/BLR/RET: word insn-1 is "ADR Xn, target" */
};

static uint32_t *code;
static size_t ncode, capcode;
static void emit(uint32_t w)
{
    if (ncode == capcode) {
        capcode = capcode ? capcode * 2 : 4096;
        code = realloc(code, capcode * sizeof *code);
        if (!code) {
            perror("randprog");
            exit(2);
        }
    }
    code[ncode++] = w;
}
static uint64_t addr_of(size_t idx) { return LOAD_BASE + ENTRY_OFF + 4 * (uint64_t)idx; }

/* Encoders for the fixed sequences (checked against GNU as; see tests/fuzz/README.md). */
static uint32_t e_movz(unsigned rd, unsigned imm16, unsigned hw) { return 0xd2800000u | hw << 21 | imm16 << 5 | rd; }
static uint32_t e_movk(unsigned rd, unsigned imm16, unsigned hw) { return 0xf2800000u | hw << 21 | imm16 << 5 | rd; }
static uint32_t e_movz_w(unsigned rd, unsigned imm16) { return 0x52800000u | imm16 << 5 | rd; }
static uint32_t e_movn_w(unsigned rd, unsigned imm16) { return 0x12800000u | imm16 << 5 | rd; }
static uint32_t e_movn(unsigned rd, unsigned imm16) { return 0x92800000u | imm16 << 5 | rd; }
static uint32_t e_mov_sp(unsigned rn) { return 0x91000000u | rn << 5 | 31; } /* add sp, xn, #0 */
static uint32_t e_adr(unsigned rd, int64_t off)
{
    uint32_t imm = (uint32_t)off & 0x1fffff;
    return 0x10000000u | (imm & 3) << 29 | (imm >> 2) << 5 | rd;
}

/* Load a 64-bit constant: MOVZ + MOVKs for the nonzero halfwords (always at least MOVZ). */
static void emit_mov64(unsigned rd, uint64_t v)
{
    emit(e_movz(rd, v & 0xffff, 0));
    for (unsigned hw = 1; hw < 4; hw++)
        if ((v >> (16 * hw)) & 0xffff)
            emit(e_movk(rd, (v >> (16 * hw)) & 0xffff, hw));
}

/* ---------------------------------------------------------------- instruction drawing */
static a64_features features = TARGET_FEATURES;
static unsigned nrows;
static enum cls row_cls[A64_INSN_COUNT];
static struct memkind row_mk[A64_INSN_COUNT];

/* Group weights: draw a group first so the 36 LSE atomic rows do not crowd out the rest. */
enum grp { G_DPIMM, G_DPREG, G_LDST, G_EXCL, G_BRSYS, G_FP, G_N };
/* With --fp, G_FP takes about two thirds of the draws (its rows exist only then). */
static const unsigned grp_weight[G_N] = { 20, 35, 30, 7, 8, 200 };
static unsigned grp_rows[G_N][A64_INSN_COUNT], grp_n[G_N];

static enum grp row_group(const struct a64_row *r, enum cls c, const struct memkind *mk)
{
    unsigned op0 = 0;
    op0_of(r, &op0); /* classify() already checked that these bits are fixed */
    if (c == C_FP)
        return G_FP;
    if ((op0 & 0xe) == 0x8)
        return G_DPIMM;
    if ((op0 & 0xe) == 0xa)
        return G_BRSYS;
    if (c == C_MEM && (mk->excl || mk->atomic))
        return G_EXCL;
    if (c == C_MEM || c == C_LIT)
        return G_LDST;
    return G_DPREG;
}

static unsigned pick_row(void)
{
    unsigned total = 0, g;
    for (g = 0; g < G_N; g++)
        total += grp_n[g] ? grp_weight[g] : 0;
    unsigned x = rnd(total);
    for (g = 0; g < G_N; g++) {
        unsigned w = grp_n[g] ? grp_weight[g] : 0;
        if (x < w)
            break;
        x -= w;
    }
    return grp_rows[g][rnd(grp_n[g])];
}

static bool unaligned_ok; /* --unaligned: let plain loads/stores be unaligned */

/* Element size in bytes of a memory row's encoding. */
static unsigned elem_size(const struct a64_row *r, const struct memkind *mk, uint32_t raw)
{
    (void)r;
    if (mk->fp && mk->pair)
        return 4u << (raw >> 30);         /* SIMD&FP pairs: opc 00 S, 01 D, 10 Q */
    if (mk->fp)
        return 1u << ((raw >> 30) | ((raw >> 23) & 1) << 2); /* opc<1>:size: B H S D Q */
    if (mk->pair && mk->excl)
        return (raw >> 30 & 1) ? 8 : 4;   /* LDXP/STXP/CASP: sz = bit 30 */
    if (mk->pair)
        return (raw >> 31) ? 8 : 4;       /* LDP/STP/LDNP: opc<1>; LDPSW: 4 */
    return 1u << (raw >> 30);             /* single register: size = bits 31:30 */
}

/*
 * CONSTRAINED UNPREDICTABLE register combinations (DDI 0487 K1.2 / the instructions'
 * "Operational information"): not generated, each rule with its reference. Returns a reason
 * or NULL. They are part of the exclusion list (--exclude-report prints them).
 */
static const char *const cu_rules[] = {
    "load/store with writeback and Rn == Rt or Rt2 (n != 31): CONSTRAINED UNPREDICTABLE "
    "(writeback suppressed / UNKNOWN value / UNDEFINED / NOP), DDI 0487 K1.2.5",
    "load pair (LDP, LDNP, LDPSW, LDXP, LDAXP) with Rt == Rt2: CONSTRAINED UNPREDICTABLE "
    "(UNKNOWN value or UNDEFINED)",
    "store-exclusive with Rs == Rt, Rs == Rt2 or Rs == Rn (n != 31): CONSTRAINED UNPREDICTABLE",
    "(addresses, not rejected) store-exclusive to another address or size than the load-exclusive "
    "within one reservation granule, or after a plain store by the same PE to the marked granule: "
    "CONSTRAINED UNPREDICTABLE / IMPLEMENTATION DEFINED (DDI 0487 B2.9.2, B2.9.5); a64emu's "
    "monitor is 64-byte-granule based, QEMU's compares exact address and value. Exclusives use "
    "one fixed address per access size in a region no other access touches",
};
static const char *cu_check(const struct memkind *mk, bool is_load, const struct a64_insn *in)
{
    if (mk->writeback && !mk->fp && in->rn != 31 &&
        (in->rn == in->rt || (mk->pair && in->rn == in->rt2)))
        return cu_rules[0];
    if (mk->pair && is_load && !mk->atomic && in->rt == in->rt2 && has_field(dec_row(in->id), 'u'))
        return cu_rules[1];
    if (mk->store_status && (in->rs == in->rt || (mk->pair && in->rs == in->rt2) ||
                             (in->rn != 31 && in->rs == in->rn)))
        return cu_rules[2];
    return NULL;
}

static bool row_is_load(const struct a64_row *r)
{
    /* Loads: bit 22 (L / opc<0>-ish) for the pair and excl classes; for single registers the
     * opc field (bits 23:22) != 00. Only used by the CU rule for pairs. */
    return r->pattern[31 - 22] == '1';
}

/* LDXR/LDAXR/STXR/STLXR and the pair forms: the excl class minus ordered (LDAR/STLR, o2 = 1
 * o1 = 0) and compare-and-swap (o1 = 1 with o2 = 1, or CASP: bit 31 = 0). */
static bool is_exclusive(const struct a64_row *r)
{
    unsigned o2 = 0, o1 = 0, b31 = 0;
    fixed_bits(r, 23, 23, &o2);
    fixed_bits(r, 21, 21, &o1);
    if (!fixed_bits(r, 31, 31, &b31))
        b31 = 1; /* size field: a single-register row */
    return o2 == 0 && !(o1 == 1 && b31 == 0);
}

static uint64_t scratch_base;   /* set before generation: address of the scratch area */
static unsigned long n_rejected_alloc, n_rejected_excl, n_rejected_cu;

/* Emit setup + the memory instruction `raw` of row `r`. */
static void gen_mem(const struct a64_row *r, const struct memkind *mk, uint32_t raw, struct unit *u)
{
    struct a64_insn in;
    unsigned esz = elem_size(r, mk, raw);
    unsigned align = (mk->excl || mk->atomic) ? (mk->pair ? 2 * esz : esz) : (unaligned_ok ? 1 : esz);
    uint64_t mid = scratch_base + SCRATCH_SIZE / 2;
    uint64_t base;

    /* Immediate offsets: keep the address aligned (MMU off: Device-nGnRnE, see README). */
    if (has_field(r, 'i') &&
        !(r->flags & (A64F_SCALE | A64F_SCALE_PAIR | A64F_SCALE_FP | A64F_SCALE_FP_PAIR)) && align > 1) {
        unsigned w = field_width(r, 'i');
        uint32_t i = get_field(r, raw, 'i') & ~(align - 1u) & ((1u << w) - 1);
        raw = set_field(r, raw, 'i', i);
    }
    dec_decode(raw, features, &in);
    /* Index register must differ from the base. */
    if (mk->regoff && in.rm == in.rn) {
        raw = set_field(r, raw, 'm', (in.rm + 1 + rnd(30)) % 32);
        dec_decode(raw, features, &in);
    }
    if (mk->excl && !mk->atomic && is_exclusive(r)) {
        /* LDXR/STXR family: one fixed address per access kind (size, pair), each in its own
         * 64-byte granule, in the top 8 KiB of the scratch area that no other access reaches.
         * So a store-exclusive either repeats the exact address and size of the load-exclusive
         * that set the monitor, or is in another granule: the CONSTRAINED UNPREDICTABLE cases
         * (different address in the same granule, different size, a plain store by the same PE
         * to the marked granule) never arise. See cu_rules[3]. */
        unsigned kind = mk->pair ? 4 + (esz == 8) : (esz == 1 ? 0 : esz == 2 ? 1 : esz == 4 ? 2 : 3);
        base = scratch_base + SCRATCH_SIZE - 0x2000 + 64 * kind;
    } else if (mk->excl || mk->atomic)
        base = mid + 16 * rnd(4);                  /* a few slots, so CAS sometimes matches */
    else if (r->flags & A64F_SCALE)                /* imm12 << size reaches +32 KiB: low half */
        base = scratch_base + 16 * rnd(256);
    else if (r->flags & A64F_SCALE_FP)             /* Q: imm12 << 4 reaches +64 KiB: from the
                                                    * bottom, at most 4 KiB into the RAM above */
        base = (raw >> 23) & 1 ? scratch_base : scratch_base + 16 * rnd(256);
    else
        base = mid + 16 * ((int64_t)rnd(128) - 64);
    base &= ~15ull;
    if (unaligned_ok && !(mk->excl || mk->atomic) && in.rn != 31)
        base += rnd(16);
    if (in.rn == 31) {
        /* SP base: go through a temporary not used by the instruction */
        unsigned tmp;
        do
            tmp = rnd(31);
        while ((!mk->fp && (tmp == in.rt || tmp == in.rt2)) || tmp == in.rs ||
               (mk->regoff && tmp == in.rm));
        emit_mov64(tmp, base);
        emit(e_mov_sp(tmp));
    } else {
        emit_mov64(in.rn, base);
    }
    if (mk->regoff) {
        /* option<2:0> = o<1>:1:o<0>; S (field h) scales by the access size */
        unsigned opt = get_field(r, raw, 'o'), sh = get_field(r, raw, 'h');
        unsigned option = (opt >> 1) << 2 | 2 | (opt & 1);
        unsigned mult = sh ? 1 : esz;              /* keep the address aligned */
        int k = (int)rnd(128) - ((option & 4) ? 64 : 0);
        if (option == 2 || option == 3)            /* UXTW, LSL: non-negative */
            k = (int)rnd(128);
        int64_t idx = (int64_t)k * mult;
        if (unaligned_ok && !sh)
            idx = k;
        unsigned m = in.rm;
        if (m != 31) {
            if (option == 2 || option == 6) {      /* UXTW / SXTW: W register, random top half */
                uint32_t w = (uint32_t)(int32_t)idx;
                if ((int32_t)w < 0)
                    emit(e_movn_w(m, (~w) & 0xffff));
                else
                    emit(e_movz_w(m, w & 0xffff));
                emit(e_movk(m, rnd(0x10000), 3));
            } else if (idx < 0) {
                emit(e_movn(m, (uint32_t)(~idx) & 0xffff));
            } else {
                emit(e_movz(m, (uint32_t)idx & 0xffff, 0));
            }
        }
    }
    u->insn = (uint32_t)ncode;
    emit(raw);
}

/* ---------------------------------------------------------------- floating point (--fp) */
static bool fp_mode;

/* The special-value pool (issue 3): zeros, smallest/largest denormals, smallest normals,
 * largest finite numbers, infinities, quiet and signalling NaNs with payloads, values halfway
 * between representable numbers, integer conversion limits (2^31, 2^32, 2^63, 2^64, -1, -0.5). */
static const uint16_t pool_h[] = { 0x0000, 0x8000, 0x0001, 0x83ff, 0x0400, 0x7bff, 0xfbff, 0x7c00,
                                   0xfc00, 0x7e00, 0xfe01, 0x7d00, 0x3c00, 0xbc00, 0x3c01, 0x3800 };
static const uint32_t pool_s[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000,
    0x80800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
    0x7fc12345, 0x7f800001, 0xff812345, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000,
    0x40200000, 0xbfc00000, 0x3f800001, 0x33800000, 0x3f7fffff, 0x4b000001, 0x4a800001,
    0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x477ff000,
    0x33000000, 0x40400000, 0x3eaaaaab, 0x00400000, 0x7e800000,
};
static const uint64_t pool_d[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull, 0x8000000000000001ull,
    0x000fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000001ull, 0x7ff0000000000001ull, 0xfff0123456789abcull, 0x3ff0000000000000ull,
    0xbff0000000000000ull, 0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x4004000000000000ull,
    0x3ff0000000000001ull, 0x3fefffffffffffffull, 0x3ca0000000000000ull, 0x43e0000000000000ull,
    0xc3e0000000000000ull, 0x43f0000000000000ull, 0x41dfffffffe00000ull, 0xc1e0000000100000ull,
    0x41efffffffe00000ull, 0x41e0000000000000ull, 0x432fffffffffffffull, 0x3690000000000000ull,
    0x3fd5555555555555ull, 0x4008000000000000ull, 0x47efffffe0000000ull, 0x3810000000000000ull,
};
#define NPOOL(a) (sizeof a / sizeof a[0])

/* 64 bits of a V register: a double from the pool, two singles, a half under a single, or
 * random bits. */
static uint64_t fp_value(void)
{
    uint64_t s0 = pool_s[rnd(NPOOL(pool_s))], s1 = pool_s[rnd(NPOOL(pool_s))];
    switch (rnd(8)) {
    case 0: case 1: case 2: return pool_d[rnd(NPOOL(pool_d))];
    case 3: case 4: return s1 << 32 | s0;
    case 5: return s1 << 32 | (rnd64() & 0xffff0000u) | pool_h[rnd(NPOOL(pool_h))];
    case 6: return (rnd64() & ~0xffffffffull) | (uint32_t)rnd64();
    default: /* a near neighbour of a pool double: halfway and rounding cases */
        return pool_d[rnd(NPOOL(pool_d))] + (uint64_t)(int64_t)((int)rnd(5) - 2);
    }
}

/* FPCR: RMode, FZ, DN, AHP at random (the ARMv8.0 AArch64 bits; everything else zero). */
static uint64_t fp_random_fpcr(void)
{
    return (uint64_t)rnd(4) << 22 | (uint64_t)rnd(2) << 24 | (uint64_t)rnd(2) << 25 |
           (uint64_t)rnd(2) << 26;
}

static uint32_t e_msr_fpcr(unsigned rt) { return 0xd51b4400u | rt; }
static uint32_t e_fmov_d_x(unsigned vd, unsigned xn) { return 0x9e670000u | xn << 5 | vd; }
static uint32_t e_fmov_v1_x(unsigned vd, unsigned xn) { return 0x9eaf0000u | xn << 5 | vd; }

/* Rows whose Rn is a general register (integer to FP conversions, FMOV from general): the
 * scalar FP group (bit 30 fixed 0, bit 28 1), not the Advanced SIMD SCVTF/UCVTF (Vn). */
static bool fp_reads_x(const struct a64_row *r)
{
    bool scalar_fp = (r->mask >> 30 & 1) && !(r->value >> 30 & 1) && (r->value >> 28 & 1);
    return scalar_fp && (!strncmp(r->name, "SCVTF", 5) || !strncmp(r->name, "UCVTF", 5) ||
                         !strcmp(r->name, "FMOV_sw") || !strcmp(r->name, "FMOV_dx") ||
                         !strcmp(r->name, "FMOV_vx"));
}

/* Advanced SIMD vector rows (bit 28 fixed 0 in the op0 = x111 space): their operands are 128
 * bits, so both halves get pool values. */
static bool fp_vector_row(const struct a64_row *r)
{
    return (r->mask >> 28 & 1) && !(r->value >> 28 & 1);
}

/* Emit setup + the FP instruction `raw` of row `r`: a new FPCR one time in four, pool values in
 * the V operands (through a scratch general register), an integer edge value in a general Rn. */
static void gen_fp(const struct a64_row *r, uint32_t raw, struct unit *u)
{
    struct a64_insn in;
    dec_decode(raw, features, &in);
    unsigned tmp = rnd(31);
    if (rnd(4) == 0) {
        emit_mov64(tmp, fp_random_fpcr());
        emit(e_msr_fpcr(tmp));
    }
    static const char vfields[] = "nma";
    for (const char *f = vfields; *f; f++) {
        if (!has_field(r, *f) || rnd(4) == 0)
            continue;
        unsigned v = *f == 'n' ? in.rn : *f == 'm' ? in.rm : in.ra;
        emit_mov64(tmp, fp_value());
        emit(e_fmov_d_x(v, tmp));
        if (fp_vector_row(r)) {
            emit_mov64(tmp, fp_value());
            emit(e_fmov_v1_x(v, tmp));
        }
    }
    if (fp_reads_x(r) && in.rn != 31 && rnd(2) == 0)
        emit_mov64(in.rn, rnd_value());
    u->insn = (uint32_t)ncode;
    emit(raw);
}

/* Draw one instruction of row `id`: random fill of the non-fixed bits, kept only if it
 * decodes back to that row and survives the exclusions. Returns the word. */
static bool draw(unsigned id, uint32_t *out)
{
    const struct a64_row *r = dec_row(id);
    struct a64_insn in;
    for (int tries = 0; tries < 64; tries++) {
        uint32_t raw = ((uint32_t)rnd64() & ~r->mask) | r->value;
        /* Bias, not exclusion: bitfield/EXTR/logical-immediate rows with N != sf (and sf = 0 with
         * imms/immr >= 32) are reserved, UNDEFINED; keep 1 in 8 of them so the UNDEF path is
         * compared too without drowning the stream in exception handler runs. */
        if (has_field(r, 'N') && has_field(r, 'z') && rnd(8) != 0) {
            unsigned sf = get_field(r, raw, 'z');
            raw = set_field(r, raw, 'N', sf);
            if (!sf && has_field(r, 'x'))
                raw = set_field(r, raw, 'x', get_field(r, raw, 'x') & 31);
            if (!sf && has_field(r, 'r'))
                raw = set_field(r, raw, 'r', get_field(r, raw, 'r') & 31);
        }
        dec_decode(raw, features, &in);
        if (in.id != id) {
            n_rejected_alloc++;
            continue;
        }
        if (enc_excluded(r, &in)) {
            n_rejected_excl++;
            continue;
        }
        if (row_cls[id] == C_MEM && cu_check(&row_mk[id], row_is_load(r), &in)) {
            n_rejected_cu++;
            continue;
        }
        if (row_cls[id] == C_BR_REG && in.rn == 31)
            continue; /* BR XZR would leave the program */
        *out = raw;
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- ELF writer */
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> 8 * i); }

static int write_elf(const char *path, const uint8_t *img, size_t img_size, size_t text_size)
{
    /* file: ELF header, 1 program header, [pad to 0x1000], image, shstrtab, 4 section headers */
    static const char shstr[] = "\0.text\0.data\0.shstrtab";
    size_t off_img = 0x1000, off_str = off_img + img_size, off_sh = (off_str + sizeof shstr + 7) & ~7ul;
    size_t total = off_sh + 4 * 64;
    uint8_t *f = calloc(1, total);
    if (!f)
        return -1;
    memcpy(f, "\x7f" "ELF", 4);
    f[4] = 2; f[5] = 1; f[6] = 1;                    /* ELFCLASS64, little endian, version */
    put16(f + 16, 2);                                /* ET_EXEC */
    put16(f + 18, 183);                              /* EM_AARCH64 */
    put32(f + 20, 1);
    put64(f + 24, LOAD_BASE + ENTRY_OFF);            /* e_entry */
    put64(f + 32, 64);                               /* e_phoff */
    put64(f + 40, off_sh);                           /* e_shoff */
    put16(f + 52, 64); put16(f + 54, 56); put16(f + 56, 1);
    put16(f + 58, 64); put16(f + 60, 4); put16(f + 62, 3);
    uint8_t *ph = f + 64;
    put32(ph, 1); put32(ph + 4, 7);                  /* PT_LOAD, RWX */
    put64(ph + 8, off_img); put64(ph + 16, LOAD_BASE); put64(ph + 24, LOAD_BASE);
    put64(ph + 32, img_size); put64(ph + 40, img_size); put64(ph + 48, 0x1000);
    memcpy(f + off_img, img, img_size);
    memcpy(f + off_str, shstr, sizeof shstr);
    uint8_t *sh = f + off_sh + 64;                   /* [1] .text */
    put32(sh, 1); put32(sh + 4, 1); put64(sh + 8, 6); put64(sh + 16, LOAD_BASE);
    put64(sh + 24, off_img); put64(sh + 32, text_size); put64(sh + 48, 4);
    sh += 64;                                        /* [2] .data (scratch) */
    put32(sh, 7); put32(sh + 4, 1); put64(sh + 8, 3); put64(sh + 16, LOAD_BASE + text_size);
    put64(sh + 24, off_img + text_size); put64(sh + 32, img_size - text_size); put64(sh + 48, 16);
    sh += 64;                                        /* [3] .shstrtab */
    put32(sh, 13); put32(sh + 4, 3); put64(sh + 24, off_str); put64(sh + 32, sizeof shstr);
    put64(sh + 48, 1);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        free(f);
        return -1;
    }
    int rc = fwrite(f, 1, total, fp) == total ? 0 : -1;
    if (fclose(fp) != 0)
        rc = -1;
    free(f);
    return rc;
}

/* ---------------------------------------------------------------- main */
static void usage(void)
{
    fprintf(stderr, "usage: randprog --seed S --count N --out prog.elf [--map prog.map] "
                    "[--exclude-report] [--unaligned] [--fp]\n");
    exit(2);
}

static void exclude_report(void)
{
    printf("Exclusion list (tests/fuzz/randprog.c excl[] and cu_rules[]):\n");
    for (size_t i = 0; i < N_EXCL; i++)
        printf("  %-8s %-12s %s\n", excl[i].row, excl[i].pred ? "(some enc.)" : "(whole row)",
               excl[i].reason);
    for (size_t i = 0; i < sizeof cu_rules / sizeof cu_rules[0]; i++)
        printf("  %-8s %-12s %s\n", "CU", "(registers)", cu_rules[i]);
    printf("  %-8s %-12s %s\n", "mem", "(offsets)",
           unaligned_ok ? "(--unaligned: plain loads/stores may be unaligned)"
                        : "plain loads/stores aligned to their element size: the MMU is off, so "
                          "data accesses are Device-nGnRnE and an unaligned one is an Alignment "
                          "fault (DDI 0487 B2.5.2); --unaligned generates them anyway");
    printf("Rows not in the target profile (feature absent) are skipped automatically.\n\n");
    printf("Classification of every row:\n");
    for (unsigned id = 1; id < nrows; id++) {
        const struct a64_row *r = dec_row(id);
        const char *why = row_excluded(r);
        const struct memkind *mk = &row_mk[id];
        char kind[64] = "";
        if (row_cls[id] == C_MEM)
            snprintf(kind, sizeof kind, "%s%s%s%s%s%s%s", mk->fp ? " simd&fp" : "",
                     mk->pair ? " pair" : "", mk->excl ? " excl" : "",
                     mk->atomic ? " atomic" : "", mk->regoff ? " regoff" : "",
                     mk->writeback ? " writeback" : "", mk->store_status ? " status" : "");
        printf("  %-14s %-10s%s%s%s\n", r->name, cls_name[row_cls[id]], kind,
               (features >> r->feature & 1) || r->feature == FEAT_BASE ? "" : "  [feature absent: skipped]",
               why ? "  [EXCLUDED]" : "");
    }
}

int main(int argc, char **argv)
{
    uint64_t seed = 0;
    long count = -1;
    const char *out = NULL, *map = NULL;
    bool report = false, have_seed = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 0);
            have_seed = true;
        } else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
            count = strtol(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "--map") && i + 1 < argc) {
            map = argv[++i];
        } else if (!strcmp(argv[i], "--exclude-report")) {
            report = true;
        } else if (!strcmp(argv[i], "--unaligned")) {
            unaligned_ok = true;
        } else if (!strcmp(argv[i], "--fp")) {
            fp_mode = true;
            features |= 1u << FEAT_FP | 1u << FEAT_ADVSIMD;
        } else {
            usage();
        }
    }
    if (!report && (!have_seed || count < 0 || !out))
        usage();
    if (!dec_init()) {
        fprintf(stderr, "randprog: dec_init failed\n");
        return 2;
    }

    /* Classify every row (aborts on an unknown one), then build the draw lists. */
    for (nrows = 1; nrows < A64_INSN_COUNT; nrows++) {
        const struct a64_row *r = dec_row(nrows);
        /* A row whose feature the target lacks is never drawn: classify() is not asked about it
         * (it aborts on groups it does not know yet, such as the SIMD&FP rows before FP is
         * advertised). */
        if (r->feature != FEAT_BASE && !(features >> r->feature & 1)) {
            row_cls[nrows] = C_SKIP;
            continue;
        }
        row_cls[nrows] = classify(r, &row_mk[nrows]);
    }
    for (unsigned id = 1; id < nrows; id++) {
        const struct a64_row *r = dec_row(id);
        if (r->feature != FEAT_BASE && !(features >> r->feature & 1))
            continue;
        if (row_excluded(r) || row_cls[id] == C_SKIP)
            continue;
        enum grp g = row_group(r, row_cls[id], &row_mk[id]);
        grp_rows[g][grp_n[g]++] = id;
    }
    if (report) {
        exclude_report();
        if (!out)
            return 0;
    }

    rng_state = seed;
    size_t n = (size_t)count;
    struct unit *units = calloc(n + 1, sizeof *units);
    if (!units) {
        perror("randprog");
        return 2;
    }
    /* The scratch area address depends on the code size; generate with a provisional address
     * first, then fix the MOVZ/MOVK pairs? Simpler: reserve a fixed, generous bound. Units take
     * at most 6 words (4 MOVx + ADD SP + insn) plus 2 for a register index. */
    uint64_t code_bound = ENTRY_OFF + 4 * (256 + 8 * (uint64_t)n) + 64;
    if (fp_mode) /* FP units: FPCR (5) + 3 V operands (5 each, 10 for a vector row's two halves) +
                  * X operand (4) + insn: 40 words; preamble: 32 V registers x 10 */
        code_bound = ENTRY_OFF + 4 * (256 + 330 + 40 * (uint64_t)n) + 64;
    scratch_base = LOAD_BASE + ((code_bound + SCRATCH_SIZE - 1) & ~(uint64_t)(SCRATCH_SIZE - 1));

    /* Preamble: VBAR_EL1, SP, NZCV, X0-X30. */
    emit_mov64(0, LOAD_BASE + VEC_OFF);
    emit(0xd518c000u);                               /* msr vbar_el1, x0 */
    emit(0xd5033fdfu);                               /* isb */
    emit_mov64(0, scratch_base + SCRATCH_SIZE / 2 + 16 * (rnd(64) + 8));
    emit(e_mov_sp(0));
    emit(e_movz(0, (uint32_t)rnd(16) << 12, 1));     /* NZCV in bits 31:28 */
    emit(0xd51b4200u);                               /* msr nzcv, x0 */
    uint64_t nzcv_from = addr_of(ncode);
    if (fp_mode) {
        /* SIMD&FP on at EL1, a random FPCR, V0-V31 from the pool (both halves). */
        emit(e_movz(0, 3u << 4, 1));                 /* x0 = 3 << 20 */
        emit(0xd5181040u);                           /* msr cpacr_el1, x0 */
        emit(0xd5033fdfu);                           /* isb */
        emit_mov64(0, fp_random_fpcr());
        emit(e_msr_fpcr(0));
        for (unsigned v = 0; v < 32; v++) {
            emit_mov64(0, fp_value());
            emit(e_fmov_d_x(v, 0));
            emit_mov64(0, fp_value());
            emit(e_fmov_v1_x(v, 0));
        }
    }
    for (unsigned r = 0; r < 31; r++)
        emit_mov64(r, rnd_value());

    for (size_t k = 0; k < n; k++) {
        struct unit *u = &units[k];
        uint32_t raw;
        unsigned id;
        do
            id = pick_row();
        while (!draw(id, &raw));
        u->first = (uint32_t)ncode;
        u->row = (uint16_t)id;
        u->cls = row_cls[id];
        const struct a64_row *r = dec_row(id);
        switch (u->cls) {
        case C_MEM:
            gen_mem(r, &row_mk[id], raw, u);
            break;
        case C_FP:
            gen_fp(r, raw, u);
            break;
        case C_BR_REG: {
            struct a64_insn in;
            dec_decode(raw, features, &in);
            u->skip = (uint8_t)rnd(4);
            u->setup_adr = true;
            emit(e_adr(in.rn, 0));                   /* patched below */
            u->insn = (uint32_t)ncode;
            emit(raw);
            break;
        }
        case C_BR_IMM:
            u->skip = (uint8_t)rnd(4);
            /* fall through */
        default:
            u->insn = (uint32_t)ncode;
            emit(raw);
            break;
        }
    }
    /* Exit sequence: x0 = SYS_EXIT, x1 = &blk, HLT #0xF000; blk = {0x20026, status}. */
    units[n].first = (uint32_t)ncode;
    size_t exit_at = ncode;
    emit(e_movz(0, 0x18, 0));
    emit(0);                                         /* adr x1, blk (patched) */
    emit(0xd45e0000u);                               /* hlt #0xf000 */
    emit(0x14000000u);                               /* b . */
    if (ncode & 1)
        emit(0xd503201fu);
    size_t blk_at = ncode;
    emit(0x20026); emit(0); emit(0); emit(0);        /* status 0 */
    emit(0x20026); emit(0); emit(1); emit(0);        /* status 1 (unexpected vector) */
    code[exit_at + 1] = e_adr(1, (int64_t)(blk_at - (exit_at + 1)) * 4);
    size_t text_words = ncode;
    if (LOAD_BASE + ENTRY_OFF + 4 * text_words > scratch_base) {
        fprintf(stderr, "randprog: internal error: code overflows into the scratch area\n");
        return 2;
    }

    /* Patch branch targets (forward only, to unit starts) and literal offsets. */
    for (size_t k = 0; k < n; k++) {
        struct unit *u = &units[k];
        const struct a64_row *r = dec_row(u->row);
        size_t tk = k + 1 + u->skip;
        if (tk > n)
            tk = n;
        int64_t off = (int64_t)units[tk].first - (int64_t)u->insn; /* in words */
        if (u->cls == C_BR_IMM) {
            code[u->insn] = set_field(r, code[u->insn], 'i', (uint64_t)off);
        } else if (u->cls == C_BR_REG) {
            code[u->insn - 1] = e_adr(code[u->insn - 1] & 31, off * 4 + 4);
        } else if (u->cls == C_LIT) {
            /* a 16-byte aligned word inside the text (never the scratch area: no stores there);
             * 16 for LDR (literal, SIMD&FP) Q, whose Device-memory access must be aligned */
            size_t w = rnd((unsigned)text_words - 4) & ~(size_t)3;
            uint64_t target = addr_of(w) & ~15ull;
            int64_t loff = ((int64_t)target - (int64_t)addr_of(u->insn)) / 4;
            code[u->insn] = set_field(r, code[u->insn], 'i', (uint64_t)loff);
        }
    }

    /* Image: zeros, vectors at +0x800, code at +0x1000, scratch at scratch_base. */
    size_t img_size = (size_t)(scratch_base - LOAD_BASE) + SCRATCH_SIZE;
    uint8_t *img = calloc(1, img_size);
    if (!img) {
        perror("randprog");
        return 2;
    }
    /* Synchronous exception, current EL with SP_ELx (VBAR + 0x200): skip the instruction
     * unless it was an SVC (EC 0x15: ELR already points past it). NZCV is restored by ERET. */
    static const uint32_t sync_handler[] = {
        0xd518d080u, /* msr tpidr_el1, x0 */
        0xd5385200u, /* mrs x0, esr_el1 */
        0xd35afc00u, /* lsr x0, x0, #26 */
        0xf100541fu, /* cmp x0, #0x15 */
        0xd5384020u, /* mrs x0, elr_el1 */
        0x54000040u, /* b.eq 1f */
        0x91001000u, /* add x0, x0, #4 */
        0xd5184020u, /* 1: msr elr_el1, x0 */
        0xd538d080u, /* mrs x0, tpidr_el1 */
        0xd69f03e0u, /* eret */
    };
    for (unsigned v = 0; v < 16; v++) {
        uint8_t *p = img + VEC_OFF + 0x80 * v;
        uint64_t here = LOAD_BASE + VEC_OFF + 0x80 * v;
        if (v == 4 || v == 0) {                    /* sync: SP_EL0 or SP_ELx, current EL */
            for (unsigned i = 0; i < sizeof sync_handler / 4; i++)
                put32(p + 4 * i, sync_handler[i]);
        } else {                                   /* unexpected: exit with status 1 */
            uint64_t blk1 = addr_of(blk_at + 4);
            put32(p, e_movz(0, 0x18, 0));
            put32(p + 4, e_adr(1, (int64_t)(blk1 - (here + 4))));
            put32(p + 8, 0xd45e0000u);
            put32(p + 12, 0x14000000u);
        }
    }
    for (size_t i = 0; i < text_words; i++)
        put32(img + ENTRY_OFF + 4 * i, code[i]);
    for (size_t i = 0; i < SCRATCH_SIZE; i += 8)
        put64(img + (scratch_base - LOAD_BASE) + i, rnd_value());
    if (write_elf(out, img, img_size, (size_t)(ENTRY_OFF + 4 * text_words)) != 0) {
        fprintf(stderr, "randprog: cannot write %s: %s\n", out, strerror(errno));
        return 2;
    }
    if (map) {
        FILE *mf = fopen(map, "w");
        if (!mf) {
            fprintf(stderr, "randprog: cannot write %s: %s\n", map, strerror(errno));
            return 2;
        }
        fprintf(mf, "# seed %" PRIu64 " count %zu entry 0x%" PRIx64 " nzcv_from 0x%" PRIx64
                    " vbar 0x%" PRIx64 " exit 0x%" PRIx64 " scratch 0x%" PRIx64 " rejected: unallocated %lu excluded %lu cu %lu\n",
                seed, n, (uint64_t)(LOAD_BASE + ENTRY_OFF), nzcv_from, (uint64_t)(LOAD_BASE + VEC_OFF), addr_of(exit_at + 2), scratch_base, n_rejected_alloc,
                n_rejected_excl, n_rejected_cu);
        for (size_t k = 0; k < n; k++) {
            struct a64_insn in;
            char text[128];
            uint32_t w = code[units[k].insn];
            dec_decode(w, features, &in);
            dec_disassemble(&in, addr_of(units[k].insn), text, sizeof text);
            fprintf(mf, "%" PRIx64 " %08x %s %s\n", addr_of(units[k].insn), w,
                    dec_row(units[k].row)->name, text);
        }
        if (fclose(mf) != 0)
            return 2;
    }
    free(img);
    free(units);
    free(code);
    return 0;
}
