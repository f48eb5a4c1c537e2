/*
 * Advanced SIMD copy, permute, extract, table lookup and modified immediate (rows in
 * a64_simd.def; DDI 0487 C4.1 "Advanced SIMD copy", "... scalar copy", "... permute",
 * "... extract", "... table lookup", "... modified immediate"): DUP, INS, UMOV, SMOV, ZIP/UZP/
 * TRN, EXT, TBL/TBX, MOVI/MVNI/ORR/BIC (immediate).
 *
 * Copy rows carry imm5 in the i field and imm4 in j: the element size is the lowest set bit of
 * imm5 (none in bits 3:0, i.e. 1000x ... is D; 0 is reserved) and the index is the bits above it.
 */
#include "cpu/exec_simd.h"

/* imm5 -> size (0..3) and index; false if imm5<3:0> = 0000 (reserved). */
static bool imm5_decode(unsigned imm5, unsigned *size, unsigned *index)
{
    for (unsigned s = 0; s < 4; s++)
        if ((imm5 >> s) & 1) {
            *size = s;
            *index = imm5 >> (s + 1);
            return true;
        }
    return false;
}

static uint64_t replicate(uint64_t x, unsigned eb)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 64; i += eb)
        r |= (x & simd_mask(eb)) << i;
    return r;
}

/* DUP (element): Vd.T = replicated Vn.Ts[index]; size 3 with Q = 0 is reserved. */
enum exec_result exec_simd_dup_elem(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index) || (size == 3 && !in->q))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn);
    uint64_t r = replicate(elem_get(&a, index, 8u << size), 8u << size);
    struct vec v = { { r, r } };
    vec_write(cpu, in->rd, v, in->q);
    return EXEC_NEXT;
}

/* DUP (general): Vd.T = replicated Xn<esize-1:0>. */
enum exec_result exec_simd_dup_gen(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index) || (size == 3 && !in->q))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t r = replicate(cpu_xr(cpu, in->rn), 8u << size);
    struct vec v = { { r, r } };
    vec_write(cpu, in->rd, v, in->q);
    return EXEC_NEXT;
}

/* DUP (element, scalar) = MOV Bd/Hd/Sd/Dd, Vn.T[index]. */
enum exec_result exec_simd_dup_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn);
    cpu_vw(cpu, in->rd, 1u << size, elem_get(&a, index, 8u << size));
    return EXEC_NEXT;
}

/* INS (general): Vd.Ts[index] = Xn; the other elements are kept. */
enum exec_result exec_simd_ins_gen(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd);
    elem_set(&d, index, 8u << size, cpu_xr(cpu, in->rn));
    vec_write(cpu, in->rd, d, 1);
    return EXEC_NEXT;
}

/* INS (element): Vd.Ts[imm5 index] = Vn.Ts[imm4 >> size]. */
enum exec_result exec_simd_ins_elem(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), d = vec_read(cpu, in->rd);
    elem_set(&d, index, 8u << size, elem_get(&a, in->imm2 >> size, 8u << size));
    vec_write(cpu, in->rd, d, 1);
    return EXEC_NEXT;
}

/* UMOV: Q = 0 moves B/H/S into Wd, Q = 1 only D into Xd; anything else is reserved. */
enum exec_result exec_simd_umov(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index) || (in->q ? size != 3 : size == 3))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn);
    cpu_xw(cpu, in->rd, elem_get(&a, index, 8u << size));
    return EXEC_NEXT;
}

/* SMOV: sign-extend B/H into Wd (Q = 0, zero-extended to X) or B/H/S into Xd (Q = 1). */
enum exec_result exec_simd_smov(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size, index;
    if (!imm5_decode(in->imm, &size, &index) || size == 3 || (!in->q && size == 2))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn);
    uint64_t v = (uint64_t)simd_sx(elem_get(&a, index, 8u << size), 8u << size);
    cpu_xw(cpu, in->rd, in->q ? v : (uint32_t)v);
    return EXEC_NEXT;
}

/*
 * ZIP1/ZIP2, UZP1/UZP2, TRN1/TRN2 (opcode bits 14:12 = 011/111, 001/101, 010/110; bit 14 is
 * the "2" part). Result element i names an element of the concatenation Vm:Vn (index >= n is
 * Vm's element index - n).
 */
enum exec_result exec_simd_perm(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned op = (in->raw >> 12) & 3, part = (in->raw >> 14) & 1;
    if (simd_size(in) == 3 && !in->q)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), n = (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn), b = vec_read(cpu, in->rm), r = { { 0, 0 } };
    for (unsigned i = 0; i < n; i++) {
        unsigned src; /* index into Vm:Vn */
        switch (op) {
        case 1: src = 2 * i + part; break;                                          /* UZP */
        case 2: src = (i & ~1u) + part + ((i & 1) ? n : 0); break;                  /* TRN */
        default: src = (i >> 1) + part * (n / 2) + ((i & 1) ? n : 0); break;       /* ZIP */
        }
        elem_set(&r, i, eb, src < n ? elem_get(&a, src, eb) : elem_get(&b, src - n, eb));
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* EXT: bytes imm4 .. imm4 + datasize/8 - 1 of Vm:Vn; Q = 0 with imm4<3> = 1 is reserved. */
enum exec_result exec_simd_ext(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!in->q && (in->imm & 8))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned bytes = in->q ? 16 : 8;
    struct vec a = vec_read(cpu, in->rn), b = vec_read(cpu, in->rm), r = { { 0, 0 } };
    for (unsigned i = 0; i < bytes; i++) {
        unsigned s = in->imm + i;
        elem_set(&r, i, 8, s < bytes ? elem_get(&a, s, 8) : elem_get(&b, s - bytes, 8));
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* TBL / TBX with 1-4 table registers Vn, Vn+1 ... (modulo 32): an out-of-range index gives 0
 * (TBL) or keeps Vd's byte (TBX). Bits 14:13 = len, bit 12 = op (TBX). */
enum exec_result exec_simd_tbl(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned regs = ((in->raw >> 13) & 3) + 1;
    bool tbx = (in->raw >> 12) & 1;
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec table[4];
    for (unsigned i = 0; i < regs; i++)
        table[i] = vec_read(cpu, in->rn + i);
    struct vec idx = vec_read(cpu, in->rm), r = vec_read(cpu, in->rd);
    if (!tbx)
        r.d[0] = r.d[1] = 0;
    for (unsigned i = 0; i < (in->q ? 16u : 8u); i++) {
        unsigned x = (unsigned)elem_get(&idx, i, 8);
        if (x < 16 * regs)
            elem_set(&r, i, 8, elem_get(&table[x / 16], x % 16, 8));
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/*
 * AdvSIMDExpandImm(op, cmode, imm8) (DDI 0487 J1.2): the 64-bit pattern of MOVI/MVNI/ORR/BIC
 * (immediate). cmode = 1111 is the FP FMOV form, which has no row here.
 */
static uint64_t simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
    uint64_t b = imm8 & 0xff;
    switch (cmode >> 1) {
    case 0: return replicate(b, 32);
    case 1: return replicate(b << 8, 32);
    case 2: return replicate(b << 16, 32);
    case 3: return replicate(b << 24, 32);
    case 4: return replicate(b, 16);
    case 5: return replicate(b << 8, 16);
    case 6: return (cmode & 1) ? replicate(b << 16 | 0xffff, 32) : replicate(b << 8 | 0xff, 32);
    default:
        if (!op)
            return replicate(b, 8);
        uint64_t r = 0;
        for (unsigned i = 0; i < 8; i++)
            if ((b >> i) & 1)
                r |= 0xffull << (8 * i);
        return r;
    }
}

/*
 * Advanced SIMD modified immediate, integer forms (bit 29 = op, bits 15:12 = cmode, i =
 * a:b:c:d:e:f:g:h): MOVI, MVNI (the inverted pattern), ORR and BIC (immediate) on Vd. ORR/BIC are
 * the cmode 0xx1 and 10x1 encodings; op = 1 with cmode 1110 is the 64-bit MOVI.
 */
enum exec_result exec_simd_movi(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned op = (in->raw >> 29) & 1, cmode = (in->raw >> 12) & 15;
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t imm = simd_expand_imm(op, cmode, in->imm);
    bool logic = cmode < 12 && (cmode & 1);
    struct vec r;
    if (logic) {
        r = vec_read(cpu, in->rd);
        for (unsigned i = 0; i < 2; i++)
            r.d[i] = op ? r.d[i] & ~imm : r.d[i] | imm;
    } else {
        bool invert = op && cmode != 14;
        r.d[0] = r.d[1] = invert ? ~imm : imm;
    }
    vec_write(cpu, in->rd, r, (in->raw >> 30) & 1); /* Q from the word: the 64-bit MOVI rows fix it */
    return EXEC_NEXT;
}
