/*
 * Loads and stores of general-purpose registers (rows in a64_ldst.def): literal, pairs, and
 * single registers with unscaled, post-/pre-indexed, unprivileged, register-offset and unsigned
 * offset addressing, plus the prefetches. The pseudocode is DDI 0487 C6.2 (LDR, STR, LDP, ...)
 * with its "shared decode" of each encoding group; each row's execute function calls one
 * generic helper with constant arguments (style.md 6.1).
 *
 * Every handler follows the Arm ARM order: base address (with CheckSPAlignment when it is SP),
 * alignment check, the access(es), the register write, then writeback. A fault at any step
 * returns EXEC_EXCEPTION with no register changed, so the base is written back only if the
 * access succeeded.
 */
#include "cpu/cpu_internal.h"
#include "util/compiler.h"

/* What the access does with Rt (MemOp, signed and regsize of the shared decode). */
enum ldst_op {
    LDST_STORE,    /* MemOp_STORE */
    LDST_LOAD,     /* MemOp_LOAD, zero-extended (to the W or X register) */
    LDST_LOAD_S32, /* MemOp_LOAD, sign-extended to 32 bits (opc = 11); the W write clears 63:32 */
    LDST_LOAD_S64, /* MemOp_LOAD, sign-extended to 64 bits (opc = 10, LDRSW, LDPSW) */
};

/* How the address is formed and whether it is written back. */
enum ldst_addr {
    ADDR_OFFSET, /* [base, #imm] or [base, Xm...]: no writeback */
    ADDR_PRE,    /* [base, #imm]!: address = base + imm, written back */
    ADDR_POST,   /* [base], #imm: address = base, base + imm written back */
};

/* The access type: AccType_NORMAL, or AccType_UNPRIV for LDTR/STTR when executed at EL1. */
enum ldst_acc { ACC_NORMAL, ACC_UNPRIV };

/* ---- shared steps ---- */

/*
 * The access type of LDTR/STTR (DDI 0487 C6.2 LDTR, AArch64.IsUnprivAccessPriv): unprivileged at
 * EL1, and at EL2 in host (FEAT_VHE, HCR_EL2.{E2H,TGE} = {1,1}: a VHE host kernel's uaccess
 * routines); an ordinary access at EL0 and at EL2 otherwise (no FEAT_UAO).
 */
static enum ldst_acc ldst_unpriv_acc(const struct cpu_state *cpu)
{
    return cpu_unpriv_is_el0(cpu) ? ACC_UNPRIV : ACC_NORMAL;
}

/*
 * Mem[] for one element, after AArch64.CheckAlignment. `acc` is ACC_UNPRIV when LDTR/STTR at
 * EL1 must be checked with EL0 permissions (DDI 0487 C6.2 LDTR: AccType_UNPRIV).
 * ACC_UNPRIV goes through the slow path with EL0 permissions (and no PAN), cpu_mem.c.
 */
static A64_ALWAYS_INLINE bool A64_MUST_CHECK ldst_read(struct cpu_state *cpu, uint64_t va, unsigned size, enum ldst_acc acc,
                                     uint64_t *value)
{
    if (acc == ACC_UNPRIV)
        return cpu_check_alignment(cpu, va, size, false) && cpu_read_unpriv(cpu, va, size, value);
    return cpu_check_alignment(cpu, va, size, false) && cpu_read(cpu, va, size, value);
}

static A64_ALWAYS_INLINE bool A64_MUST_CHECK ldst_write(struct cpu_state *cpu, uint64_t va, unsigned size, enum ldst_acc acc,
                                      uint64_t value)
{
    if (acc == ACC_UNPRIV)
        return cpu_check_alignment(cpu, va, size, true) && cpu_write_unpriv(cpu, va, size, value);
    return cpu_check_alignment(cpu, va, size, true) && cpu_write(cpu, va, size, value);
}

/* SignExtend(v<bits-1:0>) without signed shifts. */
static uint64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = 1ull << (bits - 1);
    v &= (m << 1) - 1;
    return (v ^ m) - m;
}

/* The value a load of `size` bytes writes to Rt. */
static uint64_t ldst_extend(uint64_t data, unsigned size, enum ldst_op op)
{
    switch (op) {
    case LDST_LOAD_S32: return (uint32_t)sext(data, size * 8);
    case LDST_LOAD_S64: return sext(data, size * 8);
    default: return data;
    }
}

/* One single-register access at `addr`: the store of Rt or the load into Rt (Rt = 31: XZR). */
static A64_ALWAYS_INLINE bool A64_MUST_CHECK ldst_access(struct cpu_state *cpu, unsigned t, uint64_t addr, unsigned size,
                                       enum ldst_op op, enum ldst_acc acc)
{
    if (op == LDST_STORE)
        return ldst_write(cpu, addr, size, acc, cpu_xr(cpu, t));
    uint64_t data;
    if (!ldst_read(cpu, addr, size, acc, &data))
        return false;
    cpu_xw(cpu, t, ldst_extend(data, size, op));
    return true;
}

/*
 * Single register with an immediate offset (unsigned, unscaled, pre, post, unprivileged).
 * `scale`: log2 of the access size.
 *
 * Writeback with n == t (n != 31) is CONSTRAINED UNPREDICTABLE (DDI 0487 C6.2 LDR (immediate);
 * appendix K1: Unpredictable_WBOVERLAPLD / WBOVERLAPST). We do what QEMU does: a load writes Rt
 * and then writes the address back, so Rn ends with the written-back address (the "UNKNOWN
 * value" choice); a store stores the original Rt, then writes back (Constraint_NONE).
 */
static A64_ALWAYS_INLINE enum exec_result ldst_imm(struct cpu_state *cpu, const struct a64_insn *in, unsigned scale,
                                 enum ldst_op op, enum ldst_addr mode, enum ldst_acc acc)
{
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = mode == ADDR_POST ? base : base + in->imm64;
    if (!ldst_access(cpu, in->rt, addr, 1u << scale, op, acc))
        return EXEC_EXCEPTION;
    if (mode != ADDR_OFFSET)
        cpu_xwsp(cpu, in->rn, base + in->imm64);
    return EXEC_NEXT;
}

static A64_ALWAYS_INLINE enum exec_result ldst_reg(struct cpu_state *cpu, const struct a64_insn *in, unsigned scale,
                                 enum ldst_op op)
{
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = base + cpu_ldst_reg_offset(cpu, in, scale);
    return ldst_access(cpu, in->rt, addr, 1u << scale, op, ACC_NORMAL) ? EXEC_NEXT : EXEC_EXCEPTION;
}

/* Literal: the address is PC + imm19 * 4 (DDI 0487 C6.2 LDR (literal)); no base register. */
static A64_ALWAYS_INLINE enum exec_result ldst_literal(struct cpu_state *cpu, const struct a64_insn *in, unsigned scale,
                                     enum ldst_op op)
{
    uint64_t addr = cpu->pc + (in->imm64 << 2);
    return ldst_access(cpu, in->rt, addr, 1u << scale, op, ACC_NORMAL) ? EXEC_NEXT : EXEC_EXCEPTION;
}

/*
 * PRFM/PRFUM: a hint with no architectural effect, so it never faults, and the SP alignment
 * check is skipped ("if memop != MemOp_PREFETCH then CheckSPAlignment()"). Prefetch operations
 * the architecture does not name are still executed as PRFM (DDI 0487 C6.2 PRFM: "treated as a
 * PRFM ... that has no effect"), so every Rt value is a NOP here.
 */
static enum exec_result prefetch(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)cpu;
    (void)in;
    return EXEC_NEXT;
}

/*
 * If the whole of [va, va + len) lies in one page whose mapping for `access` is in the TLB, every
 * part of the access completes (the TLB maps only RAM, with the permissions already checked);
 * otherwise probe it, so a multi-part access that would fault part-way does nothing.
 */
static bool A64_MUST_CHECK ldst_probe(struct cpu_state *cpu, uint64_t va, unsigned len, enum mmu_access access)
{
    const uint64_t page_mask = ~(uint64_t)(BUS_PAGE_SIZE - 1);
    uint64_t page = va & page_mask;
    if (((va + len - 1) & page_mask) == page && mmu_tlb_entry(&cpu->mmu, va)->tag[access] == page)
        return true;
    return cpu_probe(cpu, va, len, access);
}

/*
 * Pairs (LDP, STP, LDPSW, LDNP, STNP): two elements of 4 or 8 bytes (2 + opc<1> = scale; LDPSW:
 * 4 bytes sign-extended). The offset in imm64 is already scaled. Each element is
 * alignment-checked (the second is aligned if the first is); then the whole 2 * size bytes are
 * probed, so a pair that would fault on its second half (e.g. straddling the end of RAM) changes
 * neither memory nor registers; FAR is the first address of the faulting page.
 *
 * NOTE: QEMU 7.2 performs the first store of such a pair before faulting on the second. The Arm
 * ARM leaves the memory a faulting store would have written UNKNOWN, so both are permitted; we
 * keep the all-or-nothing behaviour.
 *
 * CONSTRAINED UNPREDICTABLE cases (DDI 0487 C6.2 LDP, appendix K1):
 *  - LDP with t == t2 (Unpredictable_LDPOVERLAP): we write Rt2 then Rt, so the register holds
 *    the element from the lower address, as QEMU 7.2 does (the "UNKNOWN value" choice).
 *  - writeback with n == t or n == t2 (n != 31): loads write the registers and then the base,
 *    which ends with the written-back address; stores store the original register values.
 *    Both as QEMU.
 */
static A64_ALWAYS_INLINE enum exec_result ldst_pair(struct cpu_state *cpu, const struct a64_insn *in, enum ldst_op op,
                                  enum ldst_addr mode)
{
    unsigned size = op == LDST_LOAD_S64 ? 4 : 4u << in->sf;
    bool store = op == LDST_STORE;
    uint64_t base;
    if (!cpu_base_reg(cpu, in->rn, &base))
        return EXEC_EXCEPTION;
    uint64_t addr = mode == ADDR_POST ? base : base + in->imm64;
    if (!cpu_check_alignment(cpu, addr, size, store) ||
        !ldst_probe(cpu, addr, 2 * size, store ? MMU_WRITE : MMU_READ))
        return EXEC_EXCEPTION;
    if (store) {
        if (!cpu_write(cpu, addr, size, cpu_xr(cpu, in->rt)) ||
            !cpu_write(cpu, addr + size, size, cpu_xr(cpu, in->rt2)))
            return EXEC_EXCEPTION;
    } else {
        uint64_t d1, d2;
        if (!cpu_read(cpu, addr, size, &d1) || !cpu_read(cpu, addr + size, size, &d2))
            return EXEC_EXCEPTION;
        cpu_xw(cpu, in->rt2, ldst_extend(d2, size, op));
        cpu_xw(cpu, in->rt, ldst_extend(d1, size, op));
    }
    if (mode != ADDR_OFFSET)
        cpu_xwsp(cpu, in->rn, base + in->imm64);
    return EXEC_NEXT;
}

/* ---- Load register (literal) ---- */
enum exec_result exec_ldr_lit(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_literal(cpu, in, 2 + in->sf, LDST_LOAD); }
enum exec_result exec_ldrsw_lit(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_literal(cpu, in, 2, LDST_LOAD_S64); }
enum exec_result exec_prfm_lit(struct cpu_state *cpu, const struct a64_insn *in) { return prefetch(cpu, in); }

/* ---- Load/store no-allocate pair (offset): the non-temporal hint has no effect here ---- */
enum exec_result exec_stnp(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_STORE, ADDR_OFFSET); }
enum exec_result exec_ldnp(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD, ADDR_OFFSET); }

/* ---- Load/store register pair (post-indexed, offset, pre-indexed) ---- */
enum exec_result exec_stp_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_STORE, ADDR_POST); }
enum exec_result exec_ldp_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD, ADDR_POST); }
enum exec_result exec_ldpsw_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD_S64, ADDR_POST); }
enum exec_result exec_stp_off(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_STORE, ADDR_OFFSET); }
enum exec_result exec_ldp_off(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD, ADDR_OFFSET); }
enum exec_result exec_ldpsw_off(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD_S64, ADDR_OFFSET); }
enum exec_result exec_stp_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_STORE, ADDR_PRE); }
enum exec_result exec_ldp_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD, ADDR_PRE); }
enum exec_result exec_ldpsw_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_pair(cpu, in, LDST_LOAD_S64, ADDR_PRE); }

/* ---- Load/store register (unscaled immediate) ---- */
enum exec_result exec_sturb(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldurb(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldursb_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldursb_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S32, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_sturh(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldurh(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldursh_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldursh_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S32, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_stur(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldur(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldursw(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_prfum(struct cpu_state *cpu, const struct a64_insn *in) { return prefetch(cpu, in); }

/* ---- Load/store register (immediate post-indexed) ---- */
enum exec_result exec_strb_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_STORE, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrb_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrsb_post_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S64, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrsb_post_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S32, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_strh_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_STORE, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrh_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrsh_post_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S64, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrsh_post_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S32, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_str_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_STORE, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldr_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_LOAD, ADDR_POST, ACC_NORMAL); }
enum exec_result exec_ldrsw_post(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2, LDST_LOAD_S64, ADDR_POST, ACC_NORMAL); }

/* ---- Load/store register (unprivileged): LDTR* / STTR* ---- */
enum exec_result exec_sttrb(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_STORE, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrb(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrsb_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S64, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrsb_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S32, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_sttrh(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_STORE, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrh(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrsh_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S64, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrsh_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S32, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_sttr(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_STORE, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtr(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_LOAD, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }
enum exec_result exec_ldtrsw(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2, LDST_LOAD_S64, ADDR_OFFSET, ldst_unpriv_acc(cpu)); }

/* ---- Load/store register (immediate pre-indexed) ---- */
enum exec_result exec_strb_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_STORE, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrb_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrsb_pre_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S64, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrsb_pre_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S32, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_strh_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_STORE, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrh_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrsh_pre_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S64, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrsh_pre_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S32, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_str_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_STORE, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldr_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_LOAD, ADDR_PRE, ACC_NORMAL); }
enum exec_result exec_ldrsw_pre(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2, LDST_LOAD_S64, ADDR_PRE, ACC_NORMAL); }

/* ---- Load/store register (register offset) ---- */
enum exec_result exec_strb_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 0, LDST_STORE); }
enum exec_result exec_ldrb_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 0, LDST_LOAD); }
enum exec_result exec_ldrsb_reg_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 0, LDST_LOAD_S64); }
enum exec_result exec_ldrsb_reg_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 0, LDST_LOAD_S32); }
enum exec_result exec_strh_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 1, LDST_STORE); }
enum exec_result exec_ldrh_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 1, LDST_LOAD); }
enum exec_result exec_ldrsh_reg_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 1, LDST_LOAD_S64); }
enum exec_result exec_ldrsh_reg_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 1, LDST_LOAD_S32); }
enum exec_result exec_str_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 2 + in->sf, LDST_STORE); }
enum exec_result exec_ldr_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 2 + in->sf, LDST_LOAD); }
enum exec_result exec_ldrsw_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_reg(cpu, in, 2, LDST_LOAD_S64); }
enum exec_result exec_prfm_reg(struct cpu_state *cpu, const struct a64_insn *in) { return prefetch(cpu, in); }

/* ---- Load/store register (unsigned immediate) ---- */
enum exec_result exec_strb_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrb_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrsb_uoff_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrsb_uoff_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 0, LDST_LOAD_S32, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_strh_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrh_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrsh_uoff_x(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrsh_uoff_w(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 1, LDST_LOAD_S32, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_str_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_STORE, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldr_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2 + in->sf, LDST_LOAD, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_ldrsw_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return ldst_imm(cpu, in, 2, LDST_LOAD_S64, ADDR_OFFSET, ACC_NORMAL); }
enum exec_result exec_prfm_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return prefetch(cpu, in); }
