/* Data Processing -- Immediate: PC-relative addressing, add/subtract, logical, move wide,
 * bitfield and extract (DDI 0487 C4.1.86). */
#include "cpu/cpu_internal.h"
#include "util/compiler.h"

enum exec_result exec_adr(struct cpu_state *cpu, const struct a64_insn *in)
{
    int64_t off = (int64_t)((uint64_t)in->imm64 << 2) | in->imm2;
    cpu_xw(cpu, in->rd, cpu->pc + (uint64_t)off);
    return EXEC_NEXT;
}

enum exec_result exec_adrp(struct cpu_state *cpu, const struct a64_insn *in)
{
    int64_t pages = (int64_t)((uint64_t)in->imm64 << 2) | in->imm2;
    cpu_xw(cpu, in->rd, (cpu->pc & ~0xfffull) + ((uint64_t)pages << 12));
    return EXEC_NEXT;
}

/* ADD/ADDS/SUB/SUBS (immediate) share one body, as QEMU's gen_rri. */
static A64_ALWAYS_INLINE enum exec_result add_sub_imm(struct cpu_state *cpu, const struct a64_insn *in, bool sub, bool setflags)
{
    uint64_t op1 = cpu_xsp(cpu, in->rn), imm = (uint64_t)in->imm << (in->sh ? 12 : 0);
    uint32_t flags;
    uint64_t r = cpu_add_with_carry(op1, sub ? ~imm : imm, sub, in->sf, &flags);
    if (setflags) {
        cpu->nzcv = flags;
        cpu_xw_sf(cpu, in->rd, r, in->sf);
    } else {
        cpu_xwsp(cpu, in->rd, in->sf ? r : (uint32_t)r);
    }
    return EXEC_NEXT;
}

enum exec_result exec_add_imm(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_imm(cpu, in, false, false); }
enum exec_result exec_adds_imm(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_imm(cpu, in, false, true); }
enum exec_result exec_sub_imm(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_imm(cpu, in, true, false); }
enum exec_result exec_subs_imm(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_imm(cpu, in, true, true); }

enum logic_op { LOGIC_AND, LOGIC_ORR, LOGIC_EOR, LOGIC_ANDS };

static A64_ALWAYS_INLINE enum exec_result logic_imm(struct cpu_state *cpu, const struct a64_insn *in, enum logic_op op)
{
    uint64_t a = cpu_xr_sf(cpu, in->rn, in->sf), r;
    switch (op) {
    case LOGIC_ORR: r = a | in->imm64; break;
    case LOGIC_EOR: r = a ^ in->imm64; break;
    default: r = a & in->imm64; break;
    }
    if (op == LOGIC_ANDS) {
        cpu->nzcv = cpu_nz_flags(r, in->sf);
        cpu_xw_sf(cpu, in->rd, r, in->sf);
    } else {
        cpu_xwsp(cpu, in->rd, in->sf ? r : (uint32_t)r); /* Rd may be SP */
    }
    return EXEC_NEXT;
}

enum exec_result exec_and_imm(struct cpu_state *cpu, const struct a64_insn *in) { return logic_imm(cpu, in, LOGIC_AND); }
enum exec_result exec_orr_imm(struct cpu_state *cpu, const struct a64_insn *in) { return logic_imm(cpu, in, LOGIC_ORR); }
enum exec_result exec_eor_imm(struct cpu_state *cpu, const struct a64_insn *in) { return logic_imm(cpu, in, LOGIC_EOR); }
enum exec_result exec_ands_imm(struct cpu_state *cpu, const struct a64_insn *in) { return logic_imm(cpu, in, LOGIC_ANDS); }

/* Move wide: hw must be 0 or 1 for 32-bit forms (hw<1> set with sf = 0 is unallocated). */
static bool movw_ok(const struct a64_insn *in) { return in->sf || in->sh < 2; }

enum exec_result exec_movn(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!movw_ok(in))
        return exec_unallocated(cpu, in);
    cpu_xw_sf(cpu, in->rd, ~((uint64_t)in->imm << (in->sh * 16)), in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_movz(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!movw_ok(in))
        return exec_unallocated(cpu, in);
    cpu_xw_sf(cpu, in->rd, (uint64_t)in->imm << (in->sh * 16), in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_movk(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!movw_ok(in))
        return exec_unallocated(cpu, in);
    unsigned pos = in->sh * 16u;
    uint64_t v = (cpu_xr(cpu, in->rd) & ~(0xffffull << pos)) | (uint64_t)in->imm << pos;
    cpu_xw_sf(cpu, in->rd, v, in->sf);
    return EXEC_NEXT;
}

static uint64_t ror_n(uint64_t v, unsigned r, unsigned width)
{
    if (r == 0)
        return v;
    uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
    return ((v >> r) | (v << (width - r))) & mask;
}

/* Bitfield move (DDI 0487 C6.2.29 BFM, SBFM, UBFM): N must equal sf, and for 32-bit forms immr
 * and imms are below 32. */
static A64_ALWAYS_INLINE enum exec_result bitfield(struct cpu_state *cpu, const struct a64_insn *in, int kind /* 0 S, 1 B, 2 U */)
{
    unsigned width = in->sf ? 64 : 32;
    if (in->nbit != in->sf || (!in->sf && ((in->immr | in->imms) & 0x20)))
        return exec_unallocated(cpu, in);
    uint64_t wmask, tmask;
    /* DecodeBitMasks(N, imms, immr, immediate = FALSE): never reserved for valid N/sf pairs. */
    unsigned r = in->immr, s = in->imms;
    unsigned d = (s - r) & (width - 1);
    uint64_t welem = s + 1 == 64 ? ~0ull : (1ull << (s + 1)) - 1;
    uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
    wmask = ror_n(welem & mask, r, width);
    tmask = d + 1 == 64 ? ~0ull : (1ull << (d + 1)) - 1;
    uint64_t src = cpu_xr_sf(cpu, in->rn, in->sf);
    uint64_t dst = kind == 1 ? cpu_xr_sf(cpu, in->rd, in->sf) : 0;
    uint64_t bot = (dst & ~wmask) | (ror_n(src, r, width) & wmask);
    uint64_t top;
    if (kind == 0)
        top = ((src >> s) & 1) ? mask : 0; /* Replicate(src<S>) */
    else
        top = dst;
    uint64_t res = ((top & ~tmask) | (bot & tmask)) & mask;
    cpu_xw_sf(cpu, in->rd, res, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_sbfm(struct cpu_state *cpu, const struct a64_insn *in) { return bitfield(cpu, in, 0); }
enum exec_result exec_bfm(struct cpu_state *cpu, const struct a64_insn *in) { return bitfield(cpu, in, 1); }
enum exec_result exec_ubfm(struct cpu_state *cpu, const struct a64_insn *in) { return bitfield(cpu, in, 2); }

enum exec_result exec_extr(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned width = in->sf ? 64 : 32, lsb = in->imms;
    if (in->nbit != in->sf || lsb >= width)
        return exec_unallocated(cpu, in);
    uint64_t hi = cpu_xr_sf(cpu, in->rn, in->sf), lo = cpu_xr_sf(cpu, in->rm, in->sf);
    uint64_t r = lsb == 0 ? lo : (lo >> lsb) | (hi << (width - lsb));
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}
