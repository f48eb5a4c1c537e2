/*
 * A64 decoder: one table of encodings (a64_insns.def) drives decoding, the executor's dispatch
 * (src/cpu builds its handler table from the same rows) and the disassembler (disas.c).
 *
 * Embedding contract: call dec_init() once (idempotent, not thread-safe) before dec_decode().
 * dec_decode() never fails: an encoding no row claims, or a row whose feature the CPU profile
 * lacks, decodes as A64_UNALLOCATED, which the executor turns into an UNDEFINED exception.
 */
#ifndef A64EMU_DECODE_DECODE_H
#define A64EMU_DECODE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Architecture features a row may require (brief section 5). */
enum a64_feature {
    FEAT_BASE = 0,   /* ARMv8.0-A base: always present */
    FEAT_LSE,
    FEAT_CRC32,
    FEAT_FP,
    FEAT_ADVSIMD,
    FEAT_AES,
    FEAT_PMULL,
    FEAT_SHA1,
    FEAT_SHA256,
    FEAT_PAN,
    FEAT_VHE,
    FEAT_VMID16,
    FEAT_COUNT
};
typedef uint32_t a64_features; /* bit set of 1u << enum a64_feature */

enum a64_insn_id {
    A64_UNALLOCATED = 0,
#define A64(id, title, pattern, feat, exec, disas, flags) A64_##id,
#include "decode/a64_insns.def"
    A64_INSN_COUNT
};

/* Row flags. */
enum {
    A64F_SEXT    = 1u << 0, /* imm64 = sign-extended i field (otherwise zero-extended) */
    A64F_BITMASK = 1u << 1, /* imm64 = DecodeBitMasks(N, imms, immr, datasize by sf); a reserved
                               combination makes the encoding unallocated */
    A64F_BRANCH  = 1u << 2, /* may change the PC: ends a decoded block */
    A64F_SYSTEM  = 1u << 3, /* system instruction: may change PSTATE, translation or caches */
    A64F_GROUP   = 1u << 4, /* member of an explicit overlapping group: the most specific row
                               (more fixed bits) wins; the table self-test checks the nesting */
    A64F_X64     = 1u << 5, /* registers are 64-bit though the row has no sf field (disassembly) */
    A64F_SCALE   = 1u << 6, /* imm64 = i field << size, where size is instruction bits 31:30
                               (load/store register, unsigned offset: the size field even when a
                               row fixes those bits) */
    A64F_SCALE_PAIR = 1u << 7, /* imm64 <<= 2 + opc<1> (instruction bit 31): general-register
                                  pair offsets, after A64F_SEXT (DDI 0487 C6.2 LDP/STP) */
    A64F_SCALE_FP = 1u << 8, /* imm64 <<= opc<1>:size (bits 23, 31:30): SIMD&FP single-register
                                unsigned offsets, B/H/S/D/Q (DDI 0487 C7.2 LDR (immediate, SIMD&FP)) */
    A64F_SCALE_FP_PAIR = 1u << 9, /* imm64 <<= 2 + opc (bits 31:30): SIMD&FP pair offsets, S/D/Q,
                                     after A64F_SEXT (DDI 0487 C7.2 LDP (SIMD&FP)) */
};

/*
 * A decoded instruction. Each pattern letter fills one member (see the letter table at the top of
 * a64_insns.def); members a row does not use are zero.
 */
struct a64_insn {
    uint64_t imm64;   /* the i field, post-processed per the row's flags */
    uint32_t raw;
    uint32_t imm;     /* i: raw immediate bits, concatenated in pattern order */
    uint32_t imm2;    /* j: a second immediate */
    uint16_t id;      /* enum a64_insn_id */
    uint8_t rd, rn, rm, ra, rt, rt2, rs;       /* d n m a t u s */
    uint8_t sf, cond, opt, sh, size, opc;      /* z c o h S p */
    uint8_t nbit, immr, imms, b5, k;           /* N r x b k */
    uint8_t a, r, l, v, q, e, f, g;            /* A R L v q e f g */
};

struct a64_row {
    const char *name;      /* identifier, e.g. "ADD_imm" */
    const char *title;     /* Arm ARM title, e.g. "ADD (immediate)" */
    const char *pattern;   /* 32 characters, bit 31 first */
    const char *disas;     /* disassembly template, see disas.c */
    uint32_t mask, value;  /* parsed from pattern */
    uint16_t feature;      /* enum a64_feature */
    uint16_t flags;
};

/* Build the decode tables. Returns false (and logs) if a pattern is malformed. */
bool dec_init(void);
/* Decode one instruction word for a CPU with the given features. */
void dec_decode(uint32_t raw, a64_features features, struct a64_insn *out);
/* The row for an id (A64_UNALLOCATED has a row too, named "UNALLOCATED"). */
const struct a64_row *dec_row(unsigned id);
/* Feature names: "FEAT_AdvSIMD" for listings; the short lower-case spelling ("advsimd") is what
 * --preview accepts. a64_feature_parse returns FEAT_COUNT for an unknown name. */
const char *a64_feature_name(enum a64_feature f);
const char *a64_feature_short_name(enum a64_feature f);
enum a64_feature a64_feature_parse(const char *short_name, size_t len);

/*
 * Table self-checks (used by the unit test and by --selftest): every pattern has 32 characters
 * from the alphabet, each field letter maps to a member wide enough, no two rows overlap unless
 * both are in an explicit group and one is strictly more specific, every letter the template
 * names exists in the pattern. Returns the number of problems and writes them to `report`.
 */
unsigned dec_check_table(char *report, size_t report_size);

/* Render `in` (decoded at address pc) as assembly text, identical to GNU objdump 2.40's default
 * output (preferred aliases, register and operation names, objdump's comments; the mnemonic is
 * followed by one space where objdump prints a tab). Returns the length written. */
size_t dec_disassemble(const struct a64_insn *in, uint64_t pc, char *buf, size_t size);
enum dec_disas_mode {
    DEC_DISAS_OBJDUMP,   /* preferred disassembly, as dec_disassemble */
    DEC_DISAS_CANONICAL, /* each row's own template: no aliases (close to -M no-aliases) */
};
size_t dec_disassemble_mode(const struct a64_insn *in, uint64_t pc, enum dec_disas_mode mode, char *buf,
                            size_t size);

/* DecodeBitMasks() for logical immediates (DDI 0487 J1.1.4). Returns false if reserved. */
bool dec_bitmask_imm(unsigned n, unsigned imms, unsigned immr, unsigned datasize, uint64_t *wmask,
                     uint64_t *tmask);

#endif
