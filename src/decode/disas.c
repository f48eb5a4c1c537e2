/*
 * Disassembly rendered from each row's template (the same table that drives decode and dispatch,
 * as mGBA shares its tables). Template syntax:
 *   %Rx   register from field x, W or X by the sf field (z); %RSx: 31 names (w)sp, not (w)zr
 *   %Xx / %Wx / %XSx / %WSx   force 64-/32-bit
 *   %Sx   W or X by the size field (S == 3 -> X), for loads/stores
 *   %Z    load/store size suffix by the size field: b, h, "" (and sign-extension by opc)
 *   %i    raw i field, decimal          %s   imm64 as signed decimal
 *   %h    imm64 as hexadecimal (0x..)   %Fx  field x, decimal
 *   %P    pc + imm64 * 4 (branch and ADR targets: ADR/ADRP handled by row id)
 *   %C    condition (field c)           %B   test bit number (b5:j)
 *   %K    fixed-point fraction bits of the FP conversions: 64 - scale (bits 15:10)
 *   %L12 / %L16   shift field h times 12 or 16
 *   %T    shift type (field h)          %O   extend (field o)
 *   %E    load/store register offset: Rm (field m), extend (option<2>:option<0> in field o,
 *         option<1> fixed at 1) and amount (field h = S: #size, 4 for SIMD&FP Q, else omitted)
 *   %Y    system register / operation as S<op0>_<op1>_C<n>_C<m>_<op2>
 *   %U    add/subtract extended-register operand: Rm (X for option UXTX/SXTX, else W), the
 *         extend (field o), and #imm3 (field i) when nonzero; LSL replaces UXTW/UXTX when
 *         the operation size matches and Rn (or, without S, Rd) is SP (DDI 0487 C6.2,
 *         ADD (extended register))
 *   {...} optional: omitted when every field it mentions is zero
 * Advanced SIMD (GNU objdump spelling; x is the register field letter):
 *   %V<k>x  vector register vN.<T> or scalar register, by kind k:
 *           .  arrangement from size (S) and Q (q): 8b 16b 4h 8h 2s 4s 1d 2d
 *           L  the long arrangement: element size + 1, 128 bits (8h, 4s, 2d)
 *           P  element size + 1 with Q (pairwise long: 4h 8h 2s 4s 1d 2d)
 *           b h s d  that element size with Q (d: 1d/2d)
 *           S  scalar by size: bN hN sN dN;  N  scalar by size + 1
 *   %M<c><k>x  register list of c registers from field x ({v0.16b, v1.16b}; GNU's v0.16b-v3.16b
 *           for three or four that do not wrap past v31); k as for %V, plus B (always 16b)
 *   %G<c><k>   post-index: xM, or #bytes when Rm = 31: c * (Q ? 16 : 8) for k = q, c * the element
 *           size for k = b h s d, c << size for k = S (LD1R-LD4R)
 *   %D<k>...   forms computed from the raw word:
 *           2   "2" when Q = 1 (the upper-half forms: XTN2, SADDL2 ...)
 *           ax  vector vN.<T> with T from imm5 (field i) and Q     ex  vN.<Ts>[index] from imm5
 *           Ex  vN.<Ts>[imm4 >> size] (INS element)                sx  scalar by imm5's size
 *           gx  wN or xN by imm5's size (DUP/INS general)          qx  wN or xN by Q (UMOV/SMOV)
 *           tx  vN.<T> by immh (bits 22:19) and Q                  wx  vN.<Ta>: 2*esize by immh, 128 bits
 *           Sx  scalar by immh; Wx scalar of 2*esize by immh      r / l  #shift right / left (immh:immb)
 *           xm  by-element operand vM.<Ts>[index] (size, H:L:M; H for size 3)   mx  vN.<T> of a modified immediate
 *           i   modified immediate: #imm8[, lsl|msl #n], or the 64-bit pattern
 *           k   lane index of a single-structure load/store       z   #esize (SHLL)
 *           f   FMOV (vector, immediate): VFPExpandImm(imm8) as GNU prints it (#1.0...e+00)
 *   %^x   the register after field x's (the second of a CASP pair), W or X by sf
 *   %Hx   field x in hexadecimal (#0x.. immediates as objdump prints them); %bx register x, W or
 *         X by b5 (TBZ/TBNZ)
 * Computed alias operands (disas_alias.c):
 *   %@m   MOV immediate: #0x<value>, padded, then objdump's "// #<signed decimal>" comment
 *   %@l   LSL amount (datasize - 1 - imms)   %@z  insert lsb ((datasize - immr) mod datasize)
 *   %@W   insert width (imms + 1)            %@X  extract width (imms - immr + 1)
 *   %@c   the inverted condition (CSET, CINC ...), with its comment
 *   %@s   ST<op> mnemonic tail from the LD<op> row name      %@p  prefetch operation
 *   %@b   barrier option       %@h  hint name      %@P  MSR (immediate) with its PSTATE field
 *   %@o   SYS as its operation (DC, IC, AT, TLBI ...) or as sys #op1, Cn, Cm, #op2{, Xt}
 *   %w    the raw word (0x%08x)   %u  its low 16 bits, decimal (UDF)
 *   %@1 %@N %@M %@2   op1, CRn, CRm, op2 of SYSL     %@f  FMOV's imm8 as its value (%.18e)
 * Conditions (%C, %@c) append objdump's comment naming the condition's other spellings.
 * dec_disassemble() prints the preferred disassembly (aliases, names), text-identical to GNU
 * objdump 2.40's default output; DEC_DISAS_CANONICAL prints each row's own template.
 */
#include "decode/decode.h"
#include "decode/disas_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cond_names[16] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                            "hi", "ls", "ge", "lt", "gt", "le", "al", "nv" };
static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };
static const char *const extend_names[8] = { "uxtb", "uxth", "uxtw", "uxtx",
                                             "sxtb", "sxth", "sxtw", "sxtx" };

/* Other spellings of each condition: the SVE names, and HS/LO for CS/CC (objdump prints them
 * as a comment after the operands). */
static const char *const cond_alt[16] = { "none", "any", "hs, nlast", "lo, ul, last", "first",
                                          "nfrst", NULL, NULL, "pmore", "plast", "tcont", "tstop",
                                          NULL, NULL, NULL, NULL };

struct out {
    char *buf;
    size_t size, len;
    char comment[48]; /* appended after the operands */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static unsigned field_value(const struct a64_insn *in, char letter)
{
    switch (letter) {
    case 'd': return in->rd;   case 'n': return in->rn;   case 'm': return in->rm;
    case 'a': return in->ra;   case 't': return in->rt;   case 'u': return in->rt2;
    case 's': return in->rs;   case 'z': return in->sf;   case 'c': return in->cond;
    case 'o': return in->opt;  case 'h': return in->sh;   case 'S': return in->size;
    case 'p': return in->opc;  case 'N': return in->nbit; case 'r': return in->immr;
    case 'x': return in->imms; case 'b': return in->b5;   case 'k': return in->k;
    case 'A': return in->a;    case 'R': return in->r;    case 'L': return in->l;
    case 'v': return in->v;    case 'q': return in->q;    case 'e': return in->e;
    case 'f': return in->f;    case 'g': return in->g;    case 'i': return in->imm;
    case 'j': return in->imm2;
    default: return 0;
    }
}

static void put_reg(struct out *o, unsigned n, bool x, bool sp)
{
    if (n == 31)
        put(o, "%s", sp ? (x ? "sp" : "wsp") : (x ? "xzr" : "wzr"));
    else
        put(o, "%c%u", x ? 'x' : 'w', n);
}

/* ---- Advanced SIMD operands ---- */

static const char *const arr_names[8] = { "8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d" };
static const char esize_letter[4] = { 'b', 'h', 's', 'd' };

static unsigned lowest_set(unsigned v, unsigned limit)
{
    for (unsigned i = 0; i < limit; i++)
        if ((v >> i) & 1)
            return i;
    return limit;
}

static unsigned highest_set(unsigned v)
{
    unsigned h = 0;
    for (unsigned i = 0; i < 32; i++)
        if ((v >> i) & 1)
            h = i;
    return h;
}

/* Element size (0..3) for an arrangement kind; -1: scalar kinds handled by the caller. */
static const char *arrangement(char kind, const struct a64_insn *in)
{
    unsigned size = in->size & 3, q = in->q & 1;
    switch (kind) {
    case 'L': return arr_names[(size + 1 > 3 ? 3 : size + 1) * 2 + 1];
    case 'P': return arr_names[(size + 1 > 3 ? 3 : size + 1) * 2 + q];
    case 'b': return arr_names[0 + q];
    case 'h': return arr_names[2 + q];
    case 's': return arr_names[4 + q];
    case 'd': return arr_names[6 + q];
    case 'B': return "16b";
    default: return arr_names[size * 2 + q];
    }
}

static void put_vreg(struct out *o, char kind, unsigned n, const struct a64_insn *in)
{
    unsigned size = in->size & 3;
    if (kind == 'S')
        put(o, "%c%u", esize_letter[size], n);
    else if (kind == 'N')
        put(o, "%c%u", esize_letter[size + 1 > 3 ? 3 : size + 1], n);
    else
        put(o, "v%u.%s", n, arrangement(kind, in));
}

/* {v0.16b, v1.16b} / {v0.16b-v3.16b}; lane kinds b h s d print no element count. */
static void put_vlist(struct out *o, unsigned count, char kind, unsigned first, const struct a64_insn *in)
{
    bool lane = kind == 'b' || kind == 'h' || kind == 's' || kind == 'd';
    char t[8];
    if (lane)
        snprintf(t, sizeof t, "%c", kind);
    else
        snprintf(t, sizeof t, "%s", arrangement(kind, in));
    if (count > 2 && first + count - 1 <= 31) {
        put(o, "{v%u.%s-v%u.%s}", first, t, first + count - 1, t);
        return;
    }
    put(o, "{");
    for (unsigned i = 0; i < count; i++)
        put(o, "%sv%u.%s", i ? ", " : "", (first + i) & 31, t);
    put(o, "}");
}

/* AdvSIMDExpandImm for the 64-bit MOVI (op = 1, cmode = 1110): each imm8 bit to a byte. */
static uint64_t movi64_pattern(unsigned imm8)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        if ((imm8 >> i) & 1)
            r |= 0xffull << (8 * i);
    return r;
}

static const char *render_simd(struct out *o, const char *p, const struct a64_insn *in)
{
    uint32_t raw = in->raw;
    unsigned q = in->q & 1;
    char k = *p;
    switch (k) {
    case '2':
        if (q)
            put(o, "2");
        return p + 1;
    case 'a': case 'e': case 'E': case 's': case 'g': {
        unsigned imm5 = in->imm & 31, size = lowest_set(imm5, 4), n = field_value(in, p[1]);
        if (size > 3)
            size = 3;
        unsigned index = imm5 >> (size + 1);
        if (k == 'a')
            put(o, "v%u.%s", n, arr_names[size * 2 + q]);
        else if (k == 'e')
            put(o, "v%u.%c[%u]", n, esize_letter[size], index);
        else if (k == 'E')
            put(o, "v%u.%c[%u]", n, esize_letter[size], (unsigned)(in->imm2 >> size));
        else if (k == 's')
            put(o, "%c%u", esize_letter[size], n);
        else
            put_reg(o, n, size == 3, false);
        return p + 2;
    }
    case 'q':
        put_reg(o, field_value(in, p[1]), q, false);
        return p + 2;
    case 't': case 'w': case 'S': case 'W': {
        unsigned h = highest_set((in->imm >> 3) & 15), n = field_value(in, p[1]);
        if (k == 't')
            put(o, "v%u.%s", n, arr_names[h * 2 + q]);
        else if (k == 'w')
            put(o, "v%u.%s", n, arr_names[(h + 1 > 3 ? 3 : h + 1) * 2 + 1]);
        else
            put(o, "%c%u", esize_letter[k == 'S' ? h : (h + 1 > 3 ? 3 : h + 1)], n);
        return p + 2;
    }
    case 'r': case 'l': {
        unsigned esize = 8u << highest_set((in->imm >> 3) & 15);
        put(o, "#%u", k == 'r' ? 2 * esize - in->imm : in->imm - esize);
        return p + 1;
    }
    case 'x': {
        unsigned size = in->size & 3, rm = in->rm, index;
        if (size == 1) {
            index = (unsigned)in->e << 2 | (unsigned)in->l << 1 | in->f;
        } else if (size == 3) { /* FP double by element: index H (L = 0) */
            rm |= (unsigned)in->f << 4;
            index = in->e;
        } else {
            rm |= (unsigned)in->f << 4;
            index = (unsigned)in->e << 1 | in->l;
        }
        put(o, "v%u.%c[%u]", rm, esize_letter[size], index);
        return p + 2;
    }
    case 'm': {
        unsigned cmode = (raw >> 12) & 15, n = field_value(in, p[1]);
        const char *t = cmode < 8 ? arr_names[4 + q] : cmode < 12 ? arr_names[2 + q]
                      : cmode < 14 ? arr_names[4 + q] : arr_names[q];
        put(o, "v%u.%s", n, t);
        return p + 2;
    }
    case 'i': {
        unsigned cmode = (raw >> 12) & 15, op = (raw >> 29) & 1, imm8 = in->imm & 0xff;
        if (cmode == 14 && op) {
            put(o, "#0x%" PRIx64, movi64_pattern(imm8));
        } else if (cmode >= 12 && cmode < 14) {
            put(o, "#0x%x, msl #%u", imm8, (cmode & 1) ? 16u : 8u);
        } else {
            unsigned shift = cmode < 8 ? 8 * (cmode >> 1) : cmode < 12 ? 8 * ((cmode >> 1) & 1) : 0;
            put(o, "#0x%x", imm8);
            if (shift)
                put(o, ", lsl #%u", shift);
        }
        return p + 1;
    }
    case 'f': {
        /* FMOV (vector, immediate): VFPExpandImm(imm8) = +-(16 + imm8<3:0>)/16 * 2^n, n in -3..4,
         * printed as GNU does (%.18e). Exact in a double; host FP is only formatting here. */
        unsigned imm8 = in->imm & 0xff, e3 = (imm8 >> 4) & 7;
        int n = (e3 & 4) ? (int)(e3 & 3) - 3 : (int)(e3 & 3) + 1;
        double v = (16.0 + (imm8 & 15)) / 16.0 * (n >= 0 ? (double)(1u << n) : 1.0 / (double)(1u << -n));
        put(o, "#%.18e", (imm8 & 0x80) ? -v : v);
        return p + 1;
    }
    case 'k': {
        unsigned scale = (raw >> 14) & 3, s = (raw >> 12) & 1, size = (raw >> 10) & 3, index;
        if (scale == 0)
            index = q << 3 | s << 2 | size;
        else if (scale == 1)
            index = q << 2 | s << 1 | size >> 1;
        else if (!(size & 1))
            index = q << 1 | s;
        else
            index = q;
        put(o, "%u", index);
        return p + 1;
    }
    case 'z':
        put(o, "%u", 8u << (in->size & 3));
        return p + 1;
    default:
        put(o, "%%?");
        return p + 1;
    }
}

static void put_cond(struct out *o, const struct a64_insn *in, unsigned c)
{
    put(o, "%s", cond_names[c]);
    if (!cond_alt[c])
        return;
    if (in->id == A64_B_cond) { /* "  // b.hs, b.nlast" */
        char alt[32];
        snprintf(alt, sizeof alt, "%s", cond_alt[c]);
        size_t n = 0;
        n += (size_t)snprintf(o->comment + n, sizeof o->comment - n, "  // ");
        for (char *tok = alt; tok && n < sizeof o->comment;) {
            char *comma = strchr(tok, ',');
            if (comma)
                *comma = 0;
            n += (size_t)snprintf(o->comment + n, sizeof o->comment - n, "%sb.%s", tok == alt ? "" : ", ", tok);
            tok = comma ? comma + 2 : NULL;
        }
    } else {
        snprintf(o->comment, sizeof o->comment, "\t// %s = %s", cond_names[c], cond_alt[c]);
    }
}

/* MOV (wide immediate / bitmask immediate): the value the register receives. */
static uint64_t mov_value(const struct a64_insn *in)
{
    uint64_t mask = in->sf ? ~0ull : 0xffffffffull;
    if (in->id == A64_ORR_imm)
        return in->imm64 & mask;
    uint64_t v = (uint64_t)(in->imm & 0xffff) << (16 * (in->sh & 3));
    return (in->id == A64_MOVN ? ~v : v) & mask;
}

static void put_sys_generic(struct out *o, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    put(o, "#%u, C%u, C%u, #%u", op1, crn, crm, op2);
}

/* The %@ directives: operands computed for the preferred aliases (disas_alias.c). */
static const char *render_computed(struct out *o, const char *p, const struct a64_insn *in, bool *nonzero)
{
    unsigned ds = in->sf ? 64 : 32;
    *nonzero = true;
    switch (*p) {
    case 'm': {
        uint64_t v = mov_value(in);
        int64_t sv = in->sf ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
        char imm[24];
        snprintf(imm, sizeof imm, "#0x%" PRIx64, v);
        /* objdump pads the commented operand to 23 columns before "\t// #decimal". */
        put(o, "%-23s", imm);
        snprintf(o->comment, sizeof o->comment, "\t// #%" PRId64, sv);
        break;
    }
    case 'l': put(o, "%u", (ds - 1 - in->imms) & (ds - 1)); break;
    case 'z': put(o, "%u", (ds - in->immr) & (ds - 1)); break;
    case 'W': put(o, "%u", in->imms + 1u); break;
    case 'X': put(o, "%u", in->imms - in->immr + 1u); break;
    case 'c': put_cond(o, in, (in->cond & 15) ^ 1); break;
    case 's': {
        const char *name = dec_row(in->id)->name + 2; /* LDADDL -> addl */
        for (; *name; name++)
            put(o, "%c", tolower((unsigned char)*name));
        break;
    }
    case 'p': {
        const char *name = disas_prfop_name(in->rt);
        if (name)
            put(o, "%s", name);
        else
            put(o, "#0x%02x", in->rt);
        break;
    }
    case 'b': {
        const char *name = disas_barrier_name(in->imm);
        if (name)
            put(o, "%s", name);
        else
            put(o, "#0x%02x", in->imm);
        break;
    }
    case 'h': {
        const char *name = disas_hint_name(in->imm);
        if (name)
            put(o, "%s", name);
        else
            put(o, "hint #0x%x", in->imm);
        break;
    }
    case 'P': {
        const char *name = disas_pstate_name(in->opc, in->e, in->imm);
        if (name)
            put(o, "msr %s, #0x%x", name, in->imm);
        else
            put(o, "msr s0_%u_c4_c%u_%u, xzr", in->opc, in->imm, in->e);
        break;
    }
    case 'o': {
        bool takes_xt = false;
        const char *name = disas_sysop_name(in->imm & 0x3fff, &takes_xt);
        if (name) {
            put(o, "%s", name);
            if (takes_xt)
                put(o, ", ");
        } else {
            put(o, "sys ");
            put_sys_generic(o, (in->imm >> 11) & 7, (in->imm >> 7) & 15, (in->imm >> 3) & 15, in->imm & 7);
            if (in->rt != 31)
                put(o, ", ");
        }
        if (name ? takes_xt : in->rt != 31)
            put_reg(o, in->rt, true, false);
        break;
    }
    case 'f': { /* VFPExpandImm(imm8) as a double: sign, NOT(b):Replicate(b, 8):cd, efgh */
        unsigned i8 = in->imm & 0xff, b = (i8 >> 6) & 1;
        uint64_t bits = (uint64_t)(i8 >> 7) << 63 | (uint64_t)(b ^ 1) << 62 | (b ? 0xffull << 54 : 0) |
                        (uint64_t)((i8 >> 4) & 3) << 52 | (uint64_t)(i8 & 15) << 48;
        double d;
        memcpy(&d, &bits, sizeof d);
        put(o, "%.18e", d);
        break;
    }
    case '1': put(o, "%u", (in->imm >> 11) & 7); break;
    case 'N': put(o, "%u", (in->imm >> 7) & 15); break;
    case 'M': put(o, "%u", (in->imm >> 3) & 15); break;
    case '2': put(o, "%u", in->imm & 7); break;
    default: put(o, "%%?"); break;
    }
    return p + 1;
}

/* Render one %-directive starting at p; sets *nonzero when a field it shows is nonzero. */
static const char *render_directive(struct out *o, const char *p, const struct a64_insn *in,
                                    const struct a64_row *row, uint64_t pc, bool *nonzero)
{
    bool sfx = (row->flags & A64F_X64) || in->sf;
    switch (*p) {
    case 'R': case 'X': case 'W': case 'S': {
        char kind = *p++;
        bool sp = false;
        if (*p == 'S' && p[1] && strchr("dnmatus", p[1])) {
            sp = true;
            p++;
        }
        bool x = kind == 'X' || (kind == 'R' && sfx) || (kind == 'S' && in->size == 3);
        unsigned n = field_value(in, *p);
        put_reg(o, n, x, sp);
        *nonzero |= true;
        return p + 1;
    }
    case 'Z': {
        static const char *const sfx_sz[4] = { "b", "h", "", "" };
        put(o, "%s", sfx_sz[in->size & 3]);
        return p + 1;
    }
    case 'i': put(o, "%" PRIu32, in->imm); *nonzero |= in->imm != 0; return p + 1;
    case 'j': put(o, "%" PRIu32, in->imm2); *nonzero |= in->imm2 != 0; return p + 1;
    case 's': put(o, "%" PRId64, (int64_t)in->imm64); *nonzero |= in->imm64 != 0; return p + 1;
    case 'h': put(o, "0x%" PRIx64, in->imm64); *nonzero |= in->imm64 != 0; return p + 1;
    case 'F': {
        unsigned v = field_value(in, p[1]);
        put(o, "%u", v);
        *nonzero |= v != 0;
        return p + 2;
    }
    case 'P': {
        uint64_t target;
        /* Unsigned (modulo 2^64) arithmetic: imm64 is sign-extended, and shifting a negative
         * signed value is undefined behaviour. */
        if (in->id == A64_ADR)
            target = pc + ((in->imm64 << 2) | in->imm2);
        else if (in->id == A64_ADRP)
            target = (pc & ~0xfffull) + (((in->imm64 << 2) | in->imm2) << 12);
        else
            target = pc + (in->imm64 << 2);
        put(o, "0x%" PRIx64, target);
        return p + 1;
    }
    case 'C': put_cond(o, in, in->cond & 15); return p + 1;
    case 'K': put(o, "%u", 64u - ((in->raw >> 10) & 63)); return p + 1;
    case 'B': put(o, "%u", (unsigned)(in->b5 << 5 | in->imm2)); return p + 1;
    case 'T': /* objdump prints "asr #0": a shift type other than LSL counts as nonzero */
        put(o, "%s", shift_names[in->sh & 3]);
        *nonzero |= in->sh != 0;
        return p + 1;
    case 'O': put(o, "%s", extend_names[in->opt & 7]); return p + 1;
    case 'E': {
        unsigned option = (in->opt & 2u) << 1 | 2u | (in->opt & 1u), amount = in->raw >> 30;
        if ((in->raw >> 26) & (in->raw >> 23) & 1) /* SIMD&FP Q: scale = opc<1>:size = 4 */
            amount = 4;
        put_reg(o, in->rm, option & 1, false);
        if (option == 3) { /* LSL */
            if (in->sh)
                put(o, ", lsl #%u", amount);
        } else {
            put(o, ", %s", extend_names[option]);
            if (in->sh)
                put(o, " #%u", amount);
        }
        return p + 1;
    }
    case 'L': {
        unsigned mul = p[1] == '1' && p[2] == '2' ? 12 : 16;
        put(o, "%u", in->sh * mul);
        *nonzero |= in->sh != 0;
        return p + 3;
    }
    case 'Y': {
        unsigned imm = in->imm;
        unsigned width = 0;
        for (const char *q = row->pattern; *q; q++)
            width += *q == 'i';
        unsigned o0 = width == 15 ? (imm >> 14) & 1 : 0;
        const char *name = width == 15 ? disas_sysreg_name(imm & 0x7fff, in->id == A64_MSR_reg) : NULL;
        if (name) {
            put(o, "%s", name);
            return p + 1;
        }
        put(o, "s%u_%u_c%u_c%u_%u", width == 15 ? 2 + o0 : 1, (imm >> 11) & 7, (imm >> 7) & 15,
            (imm >> 3) & 15, imm & 7);
        return p + 1;
    }
    case 'U': {
        unsigned option = in->opt & 7;
        bool sp = in->rn == 31 || (!((in->raw >> 29) & 1) && in->rd == 31);
        put_reg(o, in->rm, in->sf && (option & 3) == 3, false); /* 32-bit forms: always Wm */
        if (sp && option == (in->sf ? 3u : 2u)) {
            if (in->imm)
                put(o, ", lsl #%" PRIu32, in->imm);
        } else {
            put(o, ", %s", extend_names[option]);
            if (in->imm)
                put(o, " #%" PRIu32, in->imm);
        }
        *nonzero |= true;
        return p + 1;
    }
    case 'V': put_vreg(o, p[1], field_value(in, p[2]), in); *nonzero |= true; return p + 3;
    case 'M': put_vlist(o, (unsigned)(p[1] - '0'), p[2], field_value(in, p[3]), in); return p + 4;
    case 'G': {
        unsigned c = (unsigned)(p[1] - '0'), bytes;
        switch (p[2]) {
        case 'q': bytes = c * (in->q ? 16u : 8u); break;
        case 'S': bytes = c << (in->size & 3); break;
        case 'h': bytes = 2 * c; break;
        case 's': bytes = 4 * c; break;
        case 'd': bytes = 8 * c; break;
        default: bytes = c; break;
        }
        if (in->rm == 31)
            put(o, "#%u", bytes);
        else
            put_reg(o, in->rm, true, false);
        return p + 3;
    }
    case 'D': return render_simd(o, p + 1, in);
    case 'H': {
        unsigned v = field_value(in, p[1]);
        put(o, "0x%x", v);
        *nonzero |= v != 0;
        return p + 2;
    }
    case 'b': put_reg(o, field_value(in, p[1]), in->b5, false); *nonzero |= true; return p + 2;
    case '^': put_reg(o, (field_value(in, p[1]) + 1) & 31, sfx, false); *nonzero |= true; return p + 2;
    case '@': return render_computed(o, p + 1, in, nonzero);
    case 'w': put(o, "0x%08" PRIx32, in->raw); return p + 1;
    case 'u': put(o, "%" PRIu32, in->raw & 0xffff); return p + 1;
    case '%': put(o, "%%"); return p + 1;
    default: put(o, "%%?"); return p + 1;
    }
}

size_t dec_disassemble(const struct a64_insn *in, uint64_t pc, char *buf, size_t size)
{
    return dec_disassemble_mode(in, pc, DEC_DISAS_OBJDUMP, buf, size);
}

size_t dec_disassemble_mode(const struct a64_insn *in, uint64_t pc, enum dec_disas_mode mode, char *buf,
                            size_t size)
{
    const struct a64_row *row = dec_row(in->id);
    struct out o = { buf, size, 0, "" };
    if (size)
        buf[0] = 0;
    const char *p = mode == DEC_DISAS_CANONICAL ? NULL : disas_alias_template(in);
    if (!p)
        p = row->disas;
    /* UDF #imm16 (DDI 0487 C6.2): permanently undefined, so no row claims it; it is named
     * nevertheless, as objdump names it. */
    if (in->id == A64_UNALLOCATED && (in->raw >> 16) == 0)
        p = "udf #%u";
    while (*p) {
        if (*p == '{') {
            /* Render the optional part into a scratch buffer; keep it if any field was nonzero. */
            const char *end = strchr(p, '}');
            if (!end)
                break;
            char tmp[128];
            struct out t = { tmp, sizeof tmp, 0, "" };
            bool nonzero = false;
            const char *q = p + 1;
            while (q < end) {
                if (*q == '%')
                    q = render_directive(&t, q + 1, in, row, pc, &nonzero);
                else
                    put(&t, "%c", *q++);
            }
            if (nonzero)
                put(&o, "%s", tmp);
            if (t.comment[0])
                memcpy(o.comment, t.comment, sizeof o.comment);
            p = end + 1;
        } else if (*p == '%') {
            bool nz = false;
            p = render_directive(&o, p + 1, in, row, pc, &nz);
        } else {
            put(&o, "%c", *p++);
        }
    }
    if (o.comment[0])
        put(&o, "%s", o.comment);
    return o.len < size ? o.len : (size ? size - 1 : 0);
}
