/*
 * Private to src/cpu: what execute functions need. Register accessors, flag helpers, guest
 * memory access (fast path inline, slow path in cpu_mem.c), and the execute-function prototypes
 * generated from a64_insns.def.
 */
#ifndef A64EMU_CPU_CPU_INTERNAL_H
#define A64EMU_CPU_CPU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"
#include "util/log.h"

/*
 * What an execute function tells the run loop (style.md 6.6):
 *   EXEC_NEXT       done; the loop advances PC by 4
 *   EXEC_BRANCH          done; the function set cpu->pc (same EL and translation regime)
 *   EXEC_CONTEXT_CHANGE  done; the function set cpu->pc and changed EL or regime (SVC, HVC,
 *                        ERET): leave the block
 *   EXEC_END_BLOCK       done; advance PC by 4 and leave the block (PSTATE or code changed)
 *   EXEC_EXCEPTION       an exception was taken (PC is the vector), or the vCPU stopped; the
 *                        instruction did not complete
 */
enum exec_result { EXEC_NEXT = 0, EXEC_BRANCH, EXEC_CONTEXT_CHANGE, EXEC_END_BLOCK, EXEC_EXCEPTION };

typedef enum exec_result (*cpu_exec_fn)(struct cpu_state *cpu, const struct a64_insn *in);

#define A64(id, title, pattern, feat, exec, disas, flags) \
    enum exec_result exec(struct cpu_state *cpu, const struct a64_insn *in);
#include "decode/a64_insns.def"
enum exec_result exec_unallocated(struct cpu_state *cpu, const struct a64_insn *in);
/* For rows that are decoded but not implemented yet: UNDEFINED plus a log line. */
enum exec_result exec_unimpl(struct cpu_state *cpu, const struct a64_insn *in);

/* LDTR/STTR use EL0 permissions at the current EL (AArch64.IsUnprivAccessPriv): at EL1, and at
 * EL2 in host (FEAT_VHE, HCR_EL2.{E2H,TGE} = {1,1}: a VHE host kernel's uaccess routines). */
static inline bool cpu_unpriv_is_el0(const struct cpu_state *cpu)
{
    return cpu->el == 1 || (cpu->el == 2 && cpu_el0_in_host(cpu));
}

/* PSTATE.PAN := v; a change drops the cached translations (the soft TLB holds permission
 * decisions that PAN changes). */
static inline void cpu_set_pan(struct cpu_state *cpu, unsigned v)
{
    if (cpu->pan != v) {
        cpu->pan = (uint8_t)v;
        cpu_translation_changed(cpu);
    }
}

/* Self-hosted debug (debug.c). cpu_debug_changed: after a write that may arm or disarm a
 * debug event. The checks take their exception and return true when it fires: step (before
 * anything else at an instruction boundary), breakpoint (after the fetch), watchpoint (after
 * translation, before the access). cpu_dbg_step_begin: the instruction about to run is the
 * step. cpu_dbg_exception_return: PSTATE.SS from SPSR on ERET. */
void cpu_debug_changed(struct cpu_state *cpu);
bool cpu_dbg_step_pending(struct cpu_state *cpu);
bool cpu_dbg_breakpoint(struct cpu_state *cpu);
bool cpu_dbg_watchpoint(struct cpu_state *cpu, uint64_t va, unsigned size, bool write, bool unpriv);
/* The host debugger's (struct cpu_host_debug): a breakpoint at PC stops the vCPU (CPU_STOP_DEBUG,
 * returns true); a watched access, once done, stops it before the next instruction. */
bool cpu_host_breakpoint(struct cpu_state *cpu);
void cpu_host_watchpoint(struct cpu_state *cpu, uint64_t va, unsigned size, bool write);
void cpu_dbg_step_begin(struct cpu_state *cpu, const struct a64_insn *in);
void cpu_dbg_exception_return(struct cpu_state *cpu, uint64_t spsr);

/* PMU (pmu.c). cpu_pmu_changed: after a write that may start or stop counting. While
 * pmu.counting the run loop takes its one-instruction path and reports each retired
 * instruction (cpu_pmu_retired, with the EL it executed at) and each exception taken or
 * returned from (cpu_pmu_exception). */
void cpu_pmu_changed(struct cpu_state *cpu);
void cpu_pmu_retired(struct cpu_state *cpu, unsigned el);
void cpu_pmu_exception(struct cpu_state *cpu, bool taken, unsigned el);

/* Pick a handler specialised for this instance's operand shape (exec_fast.c), or `generic`.
 * May precompute fields of *in that only the specialised handler uses. */
cpu_exec_fn exec_specialize(struct a64_insn *in, cpu_exec_fn generic);

/* ---- general-purpose registers ---- */

/* Read Xn where 31 means XZR. */
static inline uint64_t cpu_xr(const struct cpu_state *cpu, unsigned n)
{
    return n == 31 ? 0 : cpu->x[n];
}
/* Read Xn where 31 means SP. */
static inline uint64_t cpu_xsp(const struct cpu_state *cpu, unsigned n)
{
    return cpu->x[n];
}
/* Write Xn where 31 means XZR (discarded). */
static inline void cpu_xw(struct cpu_state *cpu, unsigned n, uint64_t v)
{
    if (n != 31)
        cpu->x[n] = v;
}
/* Write Xn where 31 means SP. */
static inline void cpu_xwsp(struct cpu_state *cpu, unsigned n, uint64_t v)
{
    cpu->x[n] = v;
}
/* Register value truncated to the operation size (sf = 1: 64-bit). */
static inline uint64_t cpu_xr_sf(const struct cpu_state *cpu, unsigned n, unsigned sf)
{
    uint64_t v = cpu_xr(cpu, n);
    return sf ? v : (uint32_t)v;
}
/* Write with zero-extension of 32-bit results. */
static inline void cpu_xw_sf(struct cpu_state *cpu, unsigned n, uint64_t v, unsigned sf)
{
    cpu_xw(cpu, n, sf ? v : (uint32_t)v);
}

/* ---- SIMD&FP registers (DDI 0487 C7.1): V[n] is vreg[n][0] (bits 63:0) and vreg[n][1]
 * (bits 127:64); B/H/S/D name its low 8/16/32/64 bits ---- */

/* The low `size` bytes (1, 2, 4, 8: B, H, S, D) of V[n], zero-extended. */
static inline uint64_t cpu_vr(const struct cpu_state *cpu, unsigned n, unsigned size)
{
    uint64_t v = cpu->vreg[n][0];
    return size >= 8 ? v : v & ((1ull << (size * 8)) - 1);
}
/* Write a B/H/S/D view (size 1, 2, 4, 8): V[n] = ZeroExtend(v<size*8-1:0>, 128). The Arm ARM's
 * V[] setter zero-extends a value narrower than the 128-bit register, so a scalar write clears
 * the rest of it (Vpart[n, 1], FMOV Vd.D[1], is the exception and writes bits 127:64 only). */
static inline void cpu_vw(struct cpu_state *cpu, unsigned n, unsigned size, uint64_t v)
{
    cpu->vreg[n][0] = size >= 8 ? v : v & ((1ull << (size * 8)) - 1);
    cpu->vreg[n][1] = 0;
}
/* The Q view: both halves. */
static inline void cpu_vr128(const struct cpu_state *cpu, unsigned n, uint64_t *lo, uint64_t *hi)
{
    *lo = cpu->vreg[n][0];
    *hi = cpu->vreg[n][1];
}
static inline void cpu_vw128(struct cpu_state *cpu, unsigned n, uint64_t lo, uint64_t hi)
{
    cpu->vreg[n][0] = lo;
    cpu->vreg[n][1] = hi;
}

/*
 * AArch64.CheckFPAdvSIMDEnabled(): call before any SIMD&FP instruction or FPCR/FPSR access has
 * an effect. CPACR_EL1.FPEN traps EL0/EL1 to EL1 (to EL2 as an Uncategorized exception when
 * HCR_EL2.TGE = 1), then CPTR_EL2.TFP traps EL0/EL1/EL2 to EL2, with EC 0x07 (sysreg_fp.c).
 * Returns true if access is permitted; otherwise the exception has been taken (logged with
 * -d int, naming the control bit) and the caller returns EXEC_EXCEPTION.
 */
bool cpu_fp_access_check(struct cpu_state *cpu) A64_MUST_CHECK;
/* cpu_fp_trap_el(), the same decision without side effects, is in cpu.h (-d cpu,fpu uses it). */

/* VFPExpandImm(imm8) for N = 32 or 64 bits (FMOV (scalar, immediate), exec_fp_move.c). */
uint64_t cpu_vfp_expand_imm(unsigned imm8, unsigned n);

/* ---- flags ---- */
enum { NZCV_N = 1u << 31, NZCV_Z = 1u << 30, NZCV_C = 1u << 29, NZCV_V = 1u << 28 };

static inline bool cpu_carry(const struct cpu_state *cpu) { return (cpu->nzcv & NZCV_C) != 0; }

/* ConditionHolds() (DDI 0487 J1.2.3) for a 4-bit condition. */
static inline bool cpu_cond_holds(const struct cpu_state *cpu, unsigned cond)
{
    /* Bit i of cond_table[cond] says whether the condition holds for NZCV == i. */
    static const uint16_t cond_table[16] = {
        0xf0f0, 0x0f0f, 0xcccc, 0x3333, 0xff00, 0x00ff, 0xaaaa, 0x5555,
        0x0c0c, 0xf3f3, 0xaa55, 0x55aa, 0x0a05, 0xf5fa, 0xffff, 0xffff,
    };
    return (cond_table[cond & 15] >> (cpu->nzcv >> 28)) & 1;
}

/* AddWithCarry() (DDI 0487 J1.1.3): returns the result, sets *nzcv_out. */
static inline uint64_t cpu_add_with_carry(uint64_t x, uint64_t y, unsigned carry_in, unsigned sf,
                                          uint32_t *nzcv_out)
{
    uint32_t f;
    uint64_t r;
    if (sf) {
        r = x + y + carry_in;
        bool c = r < x || (carry_in && r == x);
        bool v = ((~(x ^ y) & (x ^ r)) >> 63) & 1;
        f = (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)c << 29 | (uint32_t)v << 28;
    } else {
        uint32_t a = (uint32_t)x, b = (uint32_t)y;
        uint64_t wide = (uint64_t)a + b + carry_in;
        uint32_t r32 = (uint32_t)wide;
        bool v = ((~(a ^ b) & (a ^ r32)) >> 31) & 1;
        f = (r32 >> 31) << 31 | (uint32_t)(r32 == 0) << 30 | (uint32_t)(wide >> 32) << 29 | (uint32_t)v << 28;
        r = r32;
    }
    *nzcv_out = f;
    return r;
}

/* N and Z from a logical result; C and V cleared. */
static inline uint32_t cpu_nz_flags(uint64_t r, unsigned sf)
{
    uint64_t m = sf ? r : (uint32_t)r;
    return (uint32_t)((m >> (sf ? 63 : 31)) & 1) << 31 | (uint32_t)(m == 0) << 30;
}

/* ---- guest memory ---- */

/* Slow paths (cpu_mem.c): translate, access the bus, raise aborts. */
bool cpu_read_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value) A64_MUST_CHECK;
bool cpu_write_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value) A64_MUST_CHECK;

static inline uint64_t cpu_host_load(uintptr_t host, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)host;
    case 2: { uint16_t v; memcpy(&v, (const void *)host, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, (const void *)host, 4); return v; }
    default: { uint64_t v; memcpy(&v, (const void *)host, 8); return v; }
    }
}

static inline void cpu_host_store(uintptr_t host, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(uint8_t *)host = (uint8_t)v; break;
    case 2: { uint16_t w = (uint16_t)v; memcpy((void *)host, &w, 2); break; }
    case 4: { uint32_t w = (uint32_t)v; memcpy((void *)host, &w, 4); break; }
    default: memcpy((void *)host, &v, 8); break;
    }
}

/*
 * Load `size` (1, 2, 4, 8) bytes from va, zero-extended. On a fault the exception has been taken
 * and false is returned: the caller returns EXEC_EXCEPTION without changing any register.
 */
static inline bool A64_MUST_CHECK cpu_read(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value)
{
    const struct tlb_entry *e = mmu_tlb_entry(&cpu->mmu, va);
    if (e->tag[MMU_READ] == (va & ~((BUS_PAGE_SIZE - 1) & ~(uint64_t)(size - 1)))) {
        *value = cpu_host_load(va + e->addend[MMU_READ], size);
        return true;
    }
    return cpu_read_slow(cpu, va, size, value);
}

static inline bool A64_MUST_CHECK cpu_write(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value)
{
    const struct tlb_entry *e = mmu_tlb_entry(&cpu->mmu, va);
    if (e->tag[MMU_WRITE] == (va & ~((BUS_PAGE_SIZE - 1) & ~(uint64_t)(size - 1)))) {
        cpu_host_store(va + e->addend[MMU_WRITE], size, value);
        return true;
    }
    return cpu_write_slow(cpu, va, size, value);
}

/* SCTLR_ELx bits used by the memory access checks (DDI 0487 D19, SCTLR_EL1/SCTLR_EL2). */
enum { SCTLR_ELx_A = 1u << 1, SCTLR_ELx_SA = 1u << 3, SCTLR_EL1_SA0 = 1u << 4 };

/* The SCTLR_ELx of the translation regime an EL uses: SCTLR_EL1 at EL0 and EL1, SCTLR_EL2 at
 * EL2 and (FEAT_VHE) at EL0 under HCR_EL2.{E2H,TGE} = {1,1}. */
static inline uint64_t cpu_regime_sctlr(const struct cpu_state *cpu, unsigned el)
{
    return el == 2 || (el == 0 && cpu_el0_in_host(cpu)) ? cpu->sr.sctlr_el2 : cpu->sr.sctlr_el1;
}
/* SCTLR[]: the current regime's. */
static inline uint64_t cpu_sctlr(const struct cpu_state *cpu)
{
    return cpu_regime_sctlr(cpu, cpu->el);
}

/*
 * The base address of a load/store: X[n], or SP[] for n == 31 after CheckSPAlignment() (DDI 0487
 * D1.8.2): with SCTLR_ELx.SA (SCTLR_EL1.SA0 at EL0) set, an SP that is not 16-byte aligned takes
 * an SP alignment fault (EC 0x26) before any access; false is returned after taking it.
 *
 * NOTE: QEMU does not implement this check (its gen_check_sp_alignment() is empty), so under
 * QEMU an access through a misaligned SP simply completes. QEMU is wrong; see
 * test_exec_ldst_sp_misaligned_sa_set_faults.
 */
static inline bool A64_MUST_CHECK cpu_base_reg(struct cpu_state *cpu, unsigned n, uint64_t *base)
{
    uint64_t v = cpu->x[n];
    if (n == 31) {
        uint64_t sctlr = cpu_sctlr(cpu);
        bool check = cpu->el == 0 ? (sctlr & SCTLR_EL1_SA0) != 0 : (sctlr & SCTLR_ELx_SA) != 0;
        if (check && (v & 15)) {
            exc_take(cpu, EXC_SYNC, syn_sp_alignment(), 0, 0, cpu->pc);
            return false;
        }
    }
    *base = v;
    return true;
}

/*
 * ExtendReg(m, option, shift) for the register-offset load/store forms (general and SIMD&FP):
 * option<1> is always 1 there (the rows fix it), so opt = option<2>:option<0>; the shift is the
 * access scale when S (the h field) = 1. LSL (UXTX) and SXTX use all 64 bits of Xm.
 */
static inline uint64_t cpu_ldst_reg_offset(const struct cpu_state *cpu, const struct a64_insn *in, unsigned scale)
{
    uint64_t m = cpu_xr(cpu, in->rm);
    bool sign = (in->opt & 2) != 0, x64 = (in->opt & 1) != 0; /* option<2>, option<0> */
    if (!x64)
        m = sign ? ((uint32_t)m ^ 0x80000000ull) - 0x80000000ull : (uint32_t)m; /* SXTW / UXTW */
    return m << (in->sh ? scale : 0);
}

/* Take the Alignment fault (data abort, DFSC 0x21, FAR = va) for a misaligned access (cpu_mem.c). */
void cpu_alignment_fault(struct cpu_state *cpu, uint64_t va, bool write);

/*
 * AArch64.CheckAlignment for an ordinary load/store of `size` bytes (1, 2, 4, 8): a misaligned
 * access is permitted to Normal memory unless SCTLR_ELx.A is set, when it takes an Alignment
 * fault (DDI 0487 B2.5, "Alignment support"). Call before the access; returns false after
 * taking the fault.
 * (Exclusives and atomics always require alignment and check for themselves.)
 */
static inline bool A64_MUST_CHECK cpu_check_alignment(struct cpu_state *cpu, uint64_t va, unsigned size, bool write)
{
    if (!(va & (size - 1)) || !(cpu_sctlr(cpu) & SCTLR_ELx_A))
        return true;
    cpu_alignment_fault(cpu, va, write);
    return false;
}

/*
 * Check that a whole access of `size` bytes (e.g. a pair, or an atomic) at va can complete
 * before any part of it is performed, so a faulting instruction leaves memory unchanged.
 * Takes the abort and returns false if it cannot.
 */
bool cpu_probe(struct cpu_state *cpu, uint64_t va, unsigned size, enum mmu_access access) A64_MUST_CHECK;

/* cpu_probe with EL0 permissions when `unpriv` (LDTR/STTR at EL1). */
bool cpu_probe_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, enum mmu_access access, bool unpriv) A64_MUST_CHECK;

/* LDTR/STTR at EL1: the access with EL0 permissions, always through the slow path. */
bool cpu_read_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value) A64_MUST_CHECK;
bool cpu_write_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value) A64_MUST_CHECK;

/* ---- MMU glue (cpu_mem.c) ---- */
/* The registers of the stage-1 regime used at `el` (EL1&0 for 0 and 1, EL2 for 2). */
void cpu_mmu_regs(const struct cpu_state *cpu, unsigned el, struct mmu_regs *r);
/* Translate va for an access at the current EL (unpriv: LDTR/STTR). No exception taken. */
bool cpu_translate(struct cpu_state *cpu, uint64_t va, enum mmu_access access, bool unpriv,
                   struct mmu_result *res, struct mmu_fault *fault);
/* ISS[24:14] (ISV, SAS, SSE, SRT, SF, AR) of a data abort on instruction `insn`, or 0 when the
 * instruction has no instruction syndrome (DDI 0487 D19.2.37). The one place it is built. */
uint32_t cpu_ldst_iss(uint32_t insn);
/* PSTATE.EL is about to change from `from` to `to`: drop cached translations if they depend on
 * it (called by cpu_set_el_spsel). */
void cpu_el_changing(struct cpu_state *cpu, unsigned from, unsigned to);
/* SCTLR_ELx (el 1 or 2) was written with v (old: the previous value): the write hooks of the
 * SCTLR rows call this so enabling the MMU takes effect (sysreg_mmu.c). */
void cpu_sctlr_written(struct cpu_state *cpu, unsigned el, uint64_t old, uint64_t v);
struct sysreg_desc;
/* Write hook of the SCTLR_EL2 row (sysreg_el2.c), defined in sysreg_mmu.c. */
bool sysreg_write_sctlr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v);
/* AT S1E<el><R|W> (unpriv: S1E0*): translate and write PAR_EL1. Returns false after taking
 * the stage-2 abort of a stage-1 walk under HCR_EL2.VM (the only exception it can take). */
bool cpu_at_s1(struct cpu_state *cpu, uint64_t va, unsigned regime_el, bool unpriv, bool write);
/* AT S1E1RP/WP (FEAT_PAN2): AT S1E1R/W with PSTATE.PAN applied. */
bool cpu_at_s1_pan(struct cpu_state *cpu, uint64_t va, bool write);
/* AT S12E<0|1><R|W> (at EL2): the EL1&0 translation through both stages into PAR_EL1. */
void cpu_at_s12(struct cpu_state *cpu, uint64_t va, bool unpriv, bool write);
/* Take the Instruction Abort for a failed fetch translation (stage 2 ones to EL2). */
void cpu_insn_abort(struct cpu_state *cpu, const struct mmu_fault *f);
/* TLBI: apply `scope` for the context of regime_el (EL1&0 or EL2) to this vCPU, or to every
 * vCPU when `broadcast` (the IS forms); then drop the soft TLBs and fetch caches. */
void cpu_tlbi(struct cpu_state *cpu, enum mmu_tlbi_scope scope, unsigned regime_el, uint64_t operand,
              bool broadcast);

/* Physical address of va for the exclusive monitor (after a successful probe). */
bool cpu_va_to_pa(struct cpu_state *cpu, uint64_t va, enum mmu_access access, uint64_t *pa);

/* Local/global exclusive monitor, one reservation granule (CPU_ERG_BYTES) per vCPU. */
#define CPU_ERG_BYTES 64 /* CTR_EL0.ERG = 4 */
void cpu_excl_set(struct cpu_state *cpu, uint64_t pa);
bool cpu_excl_check(const struct cpu_state *cpu, uint64_t pa);
void cpu_excl_clear(struct cpu_state *cpu);

/* Raise UNDEFINED for the current instruction. cpu_undef: the architecture says UNDEFINED (logged
 * with -d int, like unallocated encodings); cpu_unimplemented: a64emu lacks it (always logged). */
enum exec_result cpu_undef(struct cpu_state *cpu, const struct a64_insn *in, const char *why);
enum exec_result cpu_unimplemented(struct cpu_state *cpu, const struct a64_insn *in, const char *what);

#endif
