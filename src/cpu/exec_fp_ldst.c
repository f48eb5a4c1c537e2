/*
 * Loads and stores of SIMD&FP registers (rows in a64_fp_ldst.def, FEAT_FP): literal, pairs and
 * single registers (unscaled, post-/pre-indexed, register offset, unsigned offset) of B, H, S, D
 * and Q. The pseudocode is DDI 0487 C7.2 (LDR (immediate, SIMD&FP), LDP (SIMD&FP), ...); it
 * mirrors exec_ldst.c: base address (CheckSPAlignment for SP), CheckFPAdvSIMDEnabled64 first
 * of all, alignment check, the access(es), the register write, then writeback. A fault at any
 * step returns EXEC_EXCEPTION with no register changed.
 *
 * A 128-bit element is accessed as two 64-bit halves, little-endian (the low half at the lower
 * address), after the whole 16 bytes have been probed, so a Q access that faults on its second
 * half changes neither memory nor registers. A loaded B/H/S/D value is zero-extended to the
 * 128-bit register.
 */
#include "cpu/cpu_internal.h"
#include "util/compiler.h"

enum fp_addr {
    FP_OFFSET, /* [base, #imm] or [base, Xm...]: no writeback */
    FP_PRE,    /* [base, #imm]!: address = base + imm, written back */
    FP_POST,   /* [base], #imm: address = base, base + imm written back */
};

/* An element as it moves between memory and V[t]: `size` bytes (1..16). */
struct fp_elem {
    uint64_t lo, hi;
};

/*
 * AArch64.CheckAlignment for an element of `size` bytes: SCTLR_ELx.A as for general registers
 * (cpu_check_alignment). A misaligned 16-byte access whose 8-byte halves are each aligned never
 * reaches the slow path's Device-memory check, so a Q element not aligned to 16 on Device memory
 * is checked here (DDI 0487 B2.5.2: unaligned accesses to Device memory fault); a translation
 * failure is left to the probe, which reports it with its priority.
 */
static bool A64_MUST_CHECK fp_check_alignment(struct cpu_state *cpu, uint64_t va, unsigned size, bool write)
{
    if (!cpu_check_alignment(cpu, va, size, write))
        return false;
    if (size == 16 && (va & 15) && !(va & 7)) {
        struct mmu_result res;
        struct mmu_fault fault;
        if (cpu_translate(cpu, va, write ? MMU_WRITE : MMU_READ, false, &res, &fault) && !res.mmu_off &&
            mmu_attr_is_device(res.attr)) {
            cpu_alignment_fault(cpu, va, write);
            return false;
        }
    }
    return true;
}

/* As exec_ldst.c's ldst_probe: the whole [va, va + len) can be accessed, or the abort is taken. */
static bool A64_MUST_CHECK fp_probe(struct cpu_state *cpu, uint64_t va, unsigned len, enum mmu_access access)
{
    const uint64_t page_mask = ~(uint64_t)(BUS_PAGE_SIZE - 1);
    uint64_t page = va & page_mask;
    if (((va + len - 1) & page_mask) == page && mmu_tlb_entry(&cpu->mmu, va)->tag[access] == page)
        return true;
    return cpu_probe(cpu, va, len, access);
}

/* Mem[] of one element, after alignment and (for 16 bytes, or pairs) the probe. */
static bool A64_MUST_CHECK fp_mem_read(struct cpu_state *cpu, uint64_t va, unsigned size, struct fp_elem *e)
{
    e->hi = 0;
    if (size < 16)
        return cpu_read(cpu, va, size, &e->lo);
    return cpu_read(cpu, va, 8, &e->lo) && cpu_read(cpu, va + 8, 8, &e->hi);
}

static bool A64_MUST_CHECK fp_mem_write(struct cpu_state *cpu, uint64_t va, unsigned size, const struct fp_elem *e)
{
    if (size < 16)
        return cpu_write(cpu, va, size, e->lo);
    return cpu_write(cpu, va, 8, e->lo) && cpu_write(cpu, va + 8, 8, e->hi);
}

static struct fp_elem fp_reg_get(const struct cpu_state *cpu, unsigned t, unsigned size)
{
    struct fp_elem e = { cpu_vr(cpu, t, size < 16 ? size : 8), size < 16 ? 0 : cpu->vreg[t][1] };
    return e;
}

static void fp_reg_set(struct cpu_state *cpu, unsigned t, unsigned size, const struct fp_elem *e)
{
    if (size < 16)
        cpu_vw(cpu, t, size, e->lo);
    else
        cpu_vw128(cpu, t, e->lo, e->hi);
}

/* One single-register access at addr: the store of V[t] or the load into V[t]. */
static bool A64_MUST_CHECK fp_access(struct cpu_state *cpu, unsigned t, uint64_t addr, unsigned size, bool store)
{
    if (!fp_check_alignment(cpu, addr, size, store))
        return false;
    if (size == 16 && !fp_probe(cpu, addr, 16, store ? MMU_WRITE : MMU_READ))
        return false;
    struct fp_elem e;
    if (store) {
        e = fp_reg_get(cpu, t, size);
        return fp_mem_write(cpu, addr, size, &e);
    }
    if (!fp_mem_read(cpu, addr, size, &e))
        return false;
    fp_reg_set(cpu, t, size, &e);
    return true;
}

/*
 * Single register with an immediate offset (unsigned, unscaled, pre, post); `size` in bytes.
 * The SIMD&FP check comes first: the pseudocode's decode-time CheckFPAdvSIMDEnabled64() precedes
 * CheckSPAlignment(). Writeback with n == t cannot overlap (Rt is a V register).
 */
static A64_ALWAYS_INLINE enum exec_result fp_ldst_imm(struct cpu_state *cpu, const struct a64_insn *in, unsigned size,
                                                      bool store, enum fp_addr mode)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = mode == FP_POST ? base : base + in->imm64;
    if (!fp_access(cpu, in->rt, addr, size, store))
        return EXEC_EXCEPTION;
    if (mode != FP_OFFSET)
        cpu_xwsp(cpu, in->rn, base + in->imm64);
    return EXEC_NEXT;
}

/* Register offset: ExtendReg(m, option, S ? scale : 0) (cpu_ldst_reg_offset); for the 8-bit
 * forms S = 1 shifts by 0. */
static A64_ALWAYS_INLINE enum exec_result fp_ldst_reg(struct cpu_state *cpu, const struct a64_insn *in, unsigned scale,
                                                      bool store)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = base + cpu_ldst_reg_offset(cpu, in, scale);
    return fp_access(cpu, in->rt, addr, 1u << scale, store) ? EXEC_NEXT : EXEC_EXCEPTION;
}

/* Literal: address = PC + imm19 * 4 (DDI 0487 C7.2 LDR (literal, SIMD&FP)). */
static A64_ALWAYS_INLINE enum exec_result fp_ldr_lit(struct cpu_state *cpu, const struct a64_insn *in, unsigned size)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t addr = cpu->pc + (in->imm64 << 2);
    return fp_access(cpu, in->rt, addr, size, false) ? EXEC_NEXT : EXEC_EXCEPTION;
}

/*
 * Pairs (LDP, STP, LDNP, STNP of S, D, Q): two elements of `size` bytes; the offset in imm64 is
 * already scaled. Each element is alignment-checked (the second is aligned if the first is), then
 * the whole 2 * size bytes are probed, so a pair that would fault part-way changes neither memory
 * nor registers (as exec_ldst.c's ldst_pair; QEMU may perform the first store before faulting,
 * which the Arm ARM also permits).
 *
 * LDP with t == t2 is CONSTRAINED UNPREDICTABLE (Unpredictable_LDPOVERLAP): as for general
 * registers, V[t2] is written first and then V[t], so the register holds the element from the
 * lower address.
 */
static A64_ALWAYS_INLINE enum exec_result fp_ldst_pair(struct cpu_state *cpu, const struct a64_insn *in, unsigned size,
                                                       bool store, enum fp_addr mode)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = mode == FP_POST ? base : base + in->imm64;
    if (!fp_check_alignment(cpu, addr, size, store) || !fp_probe(cpu, addr, 2 * size, store ? MMU_WRITE : MMU_READ))
        return EXEC_EXCEPTION;
    struct fp_elem e1, e2;
    if (store) {
        e1 = fp_reg_get(cpu, in->rt, size);
        e2 = fp_reg_get(cpu, in->rt2, size);
        if (!fp_mem_write(cpu, addr, size, &e1) || !fp_mem_write(cpu, addr + size, size, &e2))
            return EXEC_EXCEPTION;
    } else {
        if (!fp_mem_read(cpu, addr, size, &e1) || !fp_mem_read(cpu, addr + size, size, &e2))
            return EXEC_EXCEPTION;
        fp_reg_set(cpu, in->rt2, size, &e2);
        fp_reg_set(cpu, in->rt, size, &e1);
    }
    if (mode != FP_OFFSET)
        cpu_xwsp(cpu, in->rn, base + in->imm64);
    return EXEC_NEXT;
}

/* ---- Load register (literal, SIMD&FP) ---- */
enum exec_result exec_ldr_fp_lit_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldr_lit(cpu, in, 4); }
enum exec_result exec_ldr_fp_lit_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldr_lit(cpu, in, 8); }
enum exec_result exec_ldr_fp_lit_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldr_lit(cpu, in, 16); }

/* ---- Pairs: the non-temporal hint of LDNP/STNP has no effect here ---- */
enum exec_result exec_stnp_fp_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, true, FP_OFFSET); }
enum exec_result exec_ldnp_fp_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, false, FP_OFFSET); }
enum exec_result exec_stnp_fp_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, true, FP_OFFSET); }
enum exec_result exec_ldnp_fp_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, false, FP_OFFSET); }
enum exec_result exec_stnp_fp_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, true, FP_OFFSET); }
enum exec_result exec_ldnp_fp_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, false, FP_OFFSET); }
enum exec_result exec_stp_fp_post_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, true, FP_POST); }
enum exec_result exec_ldp_fp_post_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, false, FP_POST); }
enum exec_result exec_stp_fp_post_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, true, FP_POST); }
enum exec_result exec_ldp_fp_post_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, false, FP_POST); }
enum exec_result exec_stp_fp_post_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, true, FP_POST); }
enum exec_result exec_ldp_fp_post_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, false, FP_POST); }
enum exec_result exec_stp_fp_off_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, true, FP_OFFSET); }
enum exec_result exec_ldp_fp_off_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, false, FP_OFFSET); }
enum exec_result exec_stp_fp_off_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, true, FP_OFFSET); }
enum exec_result exec_ldp_fp_off_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, false, FP_OFFSET); }
enum exec_result exec_stp_fp_off_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, true, FP_OFFSET); }
enum exec_result exec_ldp_fp_off_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, false, FP_OFFSET); }
enum exec_result exec_stp_fp_pre_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, true, FP_PRE); }
enum exec_result exec_ldp_fp_pre_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 4, false, FP_PRE); }
enum exec_result exec_stp_fp_pre_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, true, FP_PRE); }
enum exec_result exec_ldp_fp_pre_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 8, false, FP_PRE); }
enum exec_result exec_stp_fp_pre_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, true, FP_PRE); }
enum exec_result exec_ldp_fp_pre_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_pair(cpu, in, 16, false, FP_PRE); }

/* ---- Single register: unscaled (STUR/LDUR), post-index, pre-index ---- */
enum exec_result exec_stur_fp_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, true, FP_OFFSET); }
enum exec_result exec_ldur_fp_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, false, FP_OFFSET); }
enum exec_result exec_stur_fp_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, true, FP_OFFSET); }
enum exec_result exec_ldur_fp_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, false, FP_OFFSET); }
enum exec_result exec_stur_fp_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, true, FP_OFFSET); }
enum exec_result exec_ldur_fp_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, false, FP_OFFSET); }
enum exec_result exec_stur_fp_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, true, FP_OFFSET); }
enum exec_result exec_ldur_fp_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, false, FP_OFFSET); }
enum exec_result exec_stur_fp_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, true, FP_OFFSET); }
enum exec_result exec_ldur_fp_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, false, FP_OFFSET); }
enum exec_result exec_str_fp_post_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, true, FP_POST); }
enum exec_result exec_ldr_fp_post_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, false, FP_POST); }
enum exec_result exec_str_fp_post_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, true, FP_POST); }
enum exec_result exec_ldr_fp_post_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, false, FP_POST); }
enum exec_result exec_str_fp_post_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, true, FP_POST); }
enum exec_result exec_ldr_fp_post_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, false, FP_POST); }
enum exec_result exec_str_fp_post_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, true, FP_POST); }
enum exec_result exec_ldr_fp_post_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, false, FP_POST); }
enum exec_result exec_str_fp_post_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, true, FP_POST); }
enum exec_result exec_ldr_fp_post_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, false, FP_POST); }
enum exec_result exec_str_fp_pre_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, true, FP_PRE); }
enum exec_result exec_ldr_fp_pre_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, false, FP_PRE); }
enum exec_result exec_str_fp_pre_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, true, FP_PRE); }
enum exec_result exec_ldr_fp_pre_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, false, FP_PRE); }
enum exec_result exec_str_fp_pre_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, true, FP_PRE); }
enum exec_result exec_ldr_fp_pre_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, false, FP_PRE); }
enum exec_result exec_str_fp_pre_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, true, FP_PRE); }
enum exec_result exec_ldr_fp_pre_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, false, FP_PRE); }
enum exec_result exec_str_fp_pre_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, true, FP_PRE); }
enum exec_result exec_ldr_fp_pre_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, false, FP_PRE); }

/* ---- Register offset: the argument is log2 of the size ---- */
enum exec_result exec_str_fp_reg_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 0, true); }
enum exec_result exec_ldr_fp_reg_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 0, false); }
enum exec_result exec_str_fp_reg_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 1, true); }
enum exec_result exec_ldr_fp_reg_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 1, false); }
enum exec_result exec_str_fp_reg_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 2, true); }
enum exec_result exec_ldr_fp_reg_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 2, false); }
enum exec_result exec_str_fp_reg_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 3, true); }
enum exec_result exec_ldr_fp_reg_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 3, false); }
enum exec_result exec_str_fp_reg_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 4, true); }
enum exec_result exec_ldr_fp_reg_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_reg(cpu, in, 4, false); }

/* ---- Unsigned offset ---- */
enum exec_result exec_str_fp_uoff_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, true, FP_OFFSET); }
enum exec_result exec_ldr_fp_uoff_b(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 1, false, FP_OFFSET); }
enum exec_result exec_str_fp_uoff_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, true, FP_OFFSET); }
enum exec_result exec_ldr_fp_uoff_h(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 2, false, FP_OFFSET); }
enum exec_result exec_str_fp_uoff_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, true, FP_OFFSET); }
enum exec_result exec_ldr_fp_uoff_s(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 4, false, FP_OFFSET); }
enum exec_result exec_str_fp_uoff_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, true, FP_OFFSET); }
enum exec_result exec_ldr_fp_uoff_d(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 8, false, FP_OFFSET); }
enum exec_result exec_str_fp_uoff_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, true, FP_OFFSET); }
enum exec_result exec_ldr_fp_uoff_q(struct cpu_state *cpu, const struct a64_insn *in) { return fp_ldst_imm(cpu, in, 16, false, FP_OFFSET); }
