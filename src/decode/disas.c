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
 * Output matching GNU objdump exactly (preferred aliases) is the debugger issue's work.
 */
#include "decode/decode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cond_names[16] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                            "hi", "ls", "ge", "lt", "gt", "le", "al", "nv" };
static const char *const shift_names[4] = { "lsl", "lsr", "asr", "ror" };
static const char *const extend_names[8] = { "uxtb", "uxth", "uxtw", "uxtx",
                                             "sxtb", "sxth", "sxtw", "sxtx" };

struct out {
    char *buf;
    size_t size, len;
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
    case 'C': put(o, "%s", cond_names[in->cond & 15]); return p + 1;
    case 'K': put(o, "%u", 64u - ((in->raw >> 10) & 63)); return p + 1;
    case 'B': put(o, "%u", (unsigned)(in->b5 << 5 | in->imm2)); return p + 1;
    case 'T': put(o, "%s", shift_names[in->sh & 3]); return p + 1;
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
        put(o, "s%u_%u_c%u_c%u_%u", width == 15 ? 2 + o0 : 1, (imm >> 11) & 7, (imm >> 7) & 15,
            (imm >> 3) & 15, imm & 7);
        return p + 1;
    }
    case 'U': {
        unsigned option = in->opt & 7;
        bool sp = in->rn == 31 || (!((in->raw >> 29) & 1) && in->rd == 31);
        put_reg(o, in->rm, (option & 3) == 3, false);
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
    case 'w': put(o, "0x%08" PRIx32, in->raw); return p + 1;
    case '%': put(o, "%%"); return p + 1;
    default: put(o, "%%?"); return p + 1;
    }
}

size_t dec_disassemble(const struct a64_insn *in, uint64_t pc, char *buf, size_t size)
{
    const struct a64_row *row = dec_row(in->id);
    struct out o = { buf, size, 0 };
    if (size)
        buf[0] = 0;
    const char *p = row->disas;
    while (*p) {
        if (*p == '{') {
            /* Render the optional part into a scratch buffer; keep it if any field was nonzero. */
            const char *end = strchr(p, '}');
            if (!end)
                break;
            char tmp[128];
            struct out t = { tmp, sizeof tmp, 0 };
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
            p = end + 1;
        } else if (*p == '%') {
            bool nz = false;
            p = render_directive(&o, p + 1, in, row, pc, &nz);
        } else {
            put(&o, "%c", *p++);
        }
    }
    return o.len < size ? o.len : (size ? size - 1 : 0);
}
