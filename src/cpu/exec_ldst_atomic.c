/*
 * Load/store exclusive, load-acquire/store-release, and the FEAT_LSE atomics (rows in
 * a64_ldst_excl.def): LDXR/STXR and their pair, acquire and release forms, LDAR/STLR, CAS, CASP,
 * and LD<op>/SWP (ST<op> are LD<op> with Rt = 31). The pseudocode is DDI 0487 C6.2 for each
 * instruction, with AArch64.SetExclusiveMonitors / AArch64.ExclusiveMonitorsPass (J1.1) and
 * MemAtomic / MemAtomicCompareAndSwap.
 *
 * Ordering: one host thread runs every vCPU in turn, one instruction at a time, so every access
 * is already single-copy atomic and sequentially consistent: the acquire/release (A, L, R) bits
 * need no action, and the variants share one body each.
 *
 * Alignment: all of these are AccType_ATOMIC, _ORDERED or _ATOMICRW accesses, for which
 * AArch64.CheckAlignment demands natural alignment whatever SCTLR_ELx.A says (without
 * FEAT_LSE2, DDI 0487 B2.5.2): a misaligned address takes an Alignment fault (DFSC 0x21,
 * FAR = the address). Pairs are aligned to the size of the pair.
 *
 * Exclusive monitor: address-based, one reservation granule (CPU_ERG_BYTES) per vCPU, tagged
 * with the physical address (cpu_mem.c). A store by any vCPU to the granule clears it.
 *
 * NOTE (a known QEMU divergence): QEMU does not track the address after LDXR. Its STXR is a
 * compare-and-swap against the VALUE that LDXR read (target/arm/translate-a64.c
 * gen_store_exclusive), so if another observer stores to the granule between LDXR and STXR and
 * the memory ends up holding the same value, QEMU's STXR succeeds. The architecture's monitor is
 * address-based: any store by another observer to the marked granule moves the global monitor
 * to Open Access and the STXR must fail (DDI 0487 B2.9.3, "Exclusive access instructions and
 * Shareable memory locations"). a64emu is correct here and QEMU is wrong (the ABA case; seen
 * with qemu-system-aarch64 7.2 -smp 2: the STXR returned 0); see
 * test_exec_stxr_other_cpu_same_value_store_fails_qemu_wrong. For a store by the SAME PE the
 * local monitor's transition is IMPLEMENTATION DEFINED (B2.9.2): we clear it, QEMU does not;
 * both are allowed.
 */
#include "cpu/cpu_internal.h"

/* ---- shared steps ---- */

/* Natural alignment to `size` bytes, required whatever SCTLR_ELx.A says. Returns false after
 * taking the Alignment fault. */
static bool A64_MUST_CHECK atomic_aligned(struct cpu_state *cpu, uint64_t va, unsigned size, bool write)
{
    if (!(va & (size - 1)))
        return true;
    cpu_alignment_fault(cpu, va, write);
    return false;
}

static uint64_t size_mask(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Read or write 1..16 bytes (16: two doublewords, the lower address first). The access has been
 * probed, so these cannot fault; false still means an exception was taken. */
static bool A64_MUST_CHECK mem_read2(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *lo, uint64_t *hi)
{
    *hi = 0;
    if (size <= 8)
        return cpu_read(cpu, va, size, lo);
    return cpu_read(cpu, va, 8, lo) && cpu_read(cpu, va + 8, 8, hi);
}

static bool A64_MUST_CHECK mem_write2(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t lo, uint64_t hi)
{
    if (size <= 8)
        return cpu_write(cpu, va, size, lo);
    return cpu_write(cpu, va, 8, lo) && cpu_write(cpu, va + 8, 8, hi);
}

/* ---- load/store exclusive ---- */

/*
 * LDXR/LDAXR (esize = 1, 2, 4, 8; pair = false) and LDXP/LDAXP (esize = 4, 8; pair = true):
 * AArch64.SetExclusiveMonitors(address, dbytes) then the load; dbytes = esize, or 2 * esize for
 * a pair, which must be aligned to dbytes (LDXP of X registers: 16 bytes).
 *
 * LDXP with t == t2 is CONSTRAINED UNPREDICTABLE (DDI 0487 C6.2 LDXP, Unpredictable_LDPOVERLAP;
 * K1.1 "AArch64 CONSTRAINED UNPREDICTABLE behaviors"): UNDEFINED, NOP, or an UNKNOWN value in
 * the register. We do what QEMU does: the load completes, the monitor is set, and the register
 * ends with the second (higher-addressed) element, written last.
 */
static enum exec_result load_exclusive(struct cpu_state *cpu, const struct a64_insn *in, unsigned esize, bool pair)
{
    unsigned dbytes = pair ? esize * 2 : esize;
    uint64_t va, pa, lo, hi;
    if (!cpu_base_reg(cpu, in->rn, &va) || !atomic_aligned(cpu, va, dbytes, false) ||
        !cpu_probe(cpu, va, dbytes, MMU_READ) || !mem_read2(cpu, va, dbytes, &lo, &hi))
        return EXEC_EXCEPTION;
    if (cpu_va_to_pa(cpu, va, MMU_READ, &pa))
        cpu_excl_set(cpu, pa);
    if (!pair) {
        cpu_xw(cpu, in->rt, lo);
    } else if (esize == 4) {
        cpu_xw(cpu, in->rt, (uint32_t)lo);
        cpu_xw(cpu, in->rt2, lo >> 32);
    } else {
        cpu_xw(cpu, in->rt, lo);
        cpu_xw(cpu, in->rt2, hi);
    }
    return EXEC_NEXT;
}

/*
 * STXR/STLXR and STXP/STLXP: AArch64.ExclusiveMonitorsPass(address, dbytes). The alignment check
 * comes first and always applies, before the IMPLEMENTATION DEFINED IsExclusiveVA() test (QEMU
 * instead returns status 1 without faulting when the address is not the one it reserved: QEMU
 * is wrong, see test_exec_stxr_misaligned_no_reservation_faults_qemu_wrong). If this vCPU holds
 * no reservation the store fails without translating (our IsExclusiveVA(); QEMU also fails
 * without an access).
 * Otherwise the address is translated (a fault is taken with the monitor unchanged), the local
 * monitor is checked against the physical granule and cleared whatever the outcome, and on a
 * pass the data is stored. Ws is written last: 0 if the store happened, 1 if not.
 *
 * s == t (or s == t2) and s == n (n != 31) are CONSTRAINED UNPREDICTABLE (DDI 0487 C6.2 STXR,
 * STXP: Unpredictable_DATAOVERLAP, Unpredictable_BASEOVERLAP; K1.1): UNDEFINED, NOP, or an
 * UNKNOWN value stored / an UNKNOWN address. We do what QEMU does: the data and the address are
 * read from the registers before anything is written, the store proceeds normally, and the
 * status then overwrites Rs.
 */
static enum exec_result store_exclusive(struct cpu_state *cpu, const struct a64_insn *in, unsigned esize, bool pair)
{
    unsigned dbytes = pair ? esize * 2 : esize;
    uint64_t va;
    if (!cpu_base_reg(cpu, in->rn, &va) || !atomic_aligned(cpu, va, dbytes, true))
        return EXEC_EXCEPTION;
    uint64_t lo = cpu_xr(cpu, in->rt) & size_mask(esize), hi = 0;
    if (pair && esize == 4)
        lo |= cpu_xr(cpu, in->rt2) << 32;
    else if (pair)
        hi = cpu_xr(cpu, in->rt2);
    uint32_t status = 1;
    if (cpu->excl_valid) {
        uint64_t pa;
        if (!cpu_probe(cpu, va, dbytes, MMU_WRITE))
            return EXEC_EXCEPTION;
        bool pass = cpu_va_to_pa(cpu, va, MMU_WRITE, &pa) && cpu_excl_check(cpu, pa);
        cpu_excl_clear(cpu);
        if (pass) {
            if (!mem_write2(cpu, va, dbytes, lo, hi))
                return EXEC_EXCEPTION;
            status = 0;
        }
    }
    cpu_excl_clear(cpu);
    cpu_xw(cpu, in->rs, status);
    return EXEC_NEXT;
}

enum exec_result exec_ldxr(struct cpu_state *cpu, const struct a64_insn *in) { return load_exclusive(cpu, in, 1u << in->size, false); }
enum exec_result exec_ldaxr(struct cpu_state *cpu, const struct a64_insn *in) { return load_exclusive(cpu, in, 1u << in->size, false); }
enum exec_result exec_stxr(struct cpu_state *cpu, const struct a64_insn *in) { return store_exclusive(cpu, in, 1u << in->size, false); }
enum exec_result exec_stlxr(struct cpu_state *cpu, const struct a64_insn *in) { return store_exclusive(cpu, in, 1u << in->size, false); }
enum exec_result exec_ldxp(struct cpu_state *cpu, const struct a64_insn *in) { return load_exclusive(cpu, in, in->sf ? 8 : 4, true); }
enum exec_result exec_ldaxp(struct cpu_state *cpu, const struct a64_insn *in) { return load_exclusive(cpu, in, in->sf ? 8 : 4, true); }
enum exec_result exec_stxp(struct cpu_state *cpu, const struct a64_insn *in) { return store_exclusive(cpu, in, in->sf ? 8 : 4, true); }
enum exec_result exec_stlxp(struct cpu_state *cpu, const struct a64_insn *in) { return store_exclusive(cpu, in, in->sf ? 8 : 4, true); }

/* ---- load-acquire / store-release (AccType_ORDERED: alignment always checked) ---- */

enum exec_result exec_ldar(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size = 1u << in->size;
    uint64_t va, data;
    if (!cpu_base_reg(cpu, in->rn, &va) || !atomic_aligned(cpu, va, size, false) || !cpu_read(cpu, va, size, &data))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, data);
    return EXEC_NEXT;
}

enum exec_result exec_stlr(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size = 1u << in->size;
    uint64_t va;
    if (!cpu_base_reg(cpu, in->rn, &va) || !atomic_aligned(cpu, va, size, true) ||
        !cpu_write(cpu, va, size, cpu_xr(cpu, in->rt) & size_mask(size)))
        return EXEC_EXCEPTION;
    return EXEC_NEXT;
}

/* ---- FEAT_LSE: compare-and-swap and atomic memory operations ---- */

/*
 * Check that a read-modify-write of [va, va + size) can complete before any part of it is done,
 * so a fault leaves memory and registers unchanged: alignment, then a read probe, then a write
 * probe. For these instructions ESR_ELx.WnR is 0 when a read of the address would have
 * generated the fault and 1 otherwise (DDI 0487 D19.2.37 ESR_ELx, ISS encoding for a Data Abort, WnR);
 * an alignment fault is one a read would take, so it reports WnR = 0 (QEMU 7.2 agrees).
 */
static bool A64_MUST_CHECK rmw_probe(struct cpu_state *cpu, uint64_t va, unsigned size)
{
    return atomic_aligned(cpu, va, size, false) && cpu_probe(cpu, va, size, MMU_READ) &&
           cpu_probe(cpu, va, size, MMU_WRITE);
}

/*
 * CAS, CASA, CASL, CASAL (B, H, W, X by the size field): MemAtomicCompareAndSwap. The old value,
 * zero-extended, is compared with Rs<size>; the store of Rt<size> happens only if they are
 * equal; Rs always receives the old value (W registers zero-extended to 64 bits).
 */
static enum exec_result cas(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size = 1u << in->size;
    uint64_t mask = size_mask(size), va, old;
    uint64_t expected = cpu_xr(cpu, in->rs) & mask, newval = cpu_xr(cpu, in->rt) & mask;
    if (!cpu_base_reg(cpu, in->rn, &va) || !rmw_probe(cpu, va, size) || !cpu_read(cpu, va, size, &old))
        return EXEC_EXCEPTION;
    if (old == expected && !cpu_write(cpu, va, size, newval))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rs, old);
    return EXEC_NEXT;
}

enum exec_result exec_cas(struct cpu_state *cpu, const struct a64_insn *in) { return cas(cpu, in); }
enum exec_result exec_casa(struct cpu_state *cpu, const struct a64_insn *in) { return cas(cpu, in); }
enum exec_result exec_casl(struct cpu_state *cpu, const struct a64_insn *in) { return cas(cpu, in); }
enum exec_result exec_casal(struct cpu_state *cpu, const struct a64_insn *in) { return cas(cpu, in); }

/*
 * CASP, CASPA, CASPL, CASPAL: "if Rs<0> == '1' then UNDEFINED; if Rt<0> == '1' then UNDEFINED"
 * (DDI 0487 C6.2 CASP). The pair <Rs, Rs+1> is compared with the 2 * esize bytes at the address
 * (Rs at the lower address, little-endian), which must be aligned to 2 * esize; on a match
 * <Rt, Rt+1> is stored. <Rs, Rs+1> always receive the old values. Rs+1 / Rt+1 = 31 is XZR.
 */
static enum exec_result casp(struct cpu_state *cpu, const struct a64_insn *in)
{
    if ((in->rs | in->rt) & 1)
        return exec_unallocated(cpu, in);
    unsigned esize = in->sf ? 8 : 4, dbytes = esize * 2;
    uint64_t mask = size_mask(esize), va;
    uint64_t s1 = cpu_xr(cpu, in->rs) & mask, s2 = cpu_xr(cpu, in->rs + 1u) & mask;
    uint64_t t1 = cpu_xr(cpu, in->rt) & mask, t2 = cpu_xr(cpu, in->rt + 1u) & mask;
    uint64_t old_lo, old_hi;
    if (!cpu_base_reg(cpu, in->rn, &va) || !rmw_probe(cpu, va, dbytes) || !mem_read2(cpu, va, dbytes, &old_lo, &old_hi))
        return EXEC_EXCEPTION;
    uint64_t o1, o2;
    if (esize == 4) {
        o1 = (uint32_t)old_lo;
        o2 = old_lo >> 32;
    } else {
        o1 = old_lo;
        o2 = old_hi;
    }
    if (o1 == s1 && o2 == s2) {
        bool ok = esize == 4 ? mem_write2(cpu, va, dbytes, t1 | t2 << 32, 0) : mem_write2(cpu, va, dbytes, t1, t2);
        if (!ok)
            return EXEC_EXCEPTION;
    }
    cpu_xw(cpu, in->rs, o1);
    cpu_xw(cpu, in->rs + 1u, o2);
    return EXEC_NEXT;
}

enum exec_result exec_casp(struct cpu_state *cpu, const struct a64_insn *in) { return casp(cpu, in); }
enum exec_result exec_caspa(struct cpu_state *cpu, const struct a64_insn *in) { return casp(cpu, in); }
enum exec_result exec_caspl(struct cpu_state *cpu, const struct a64_insn *in) { return casp(cpu, in); }
enum exec_result exec_caspal(struct cpu_state *cpu, const struct a64_insn *in) { return casp(cpu, in); }

/* MemAtomicOp (DDI 0487 shared pseudocode): the operation of LD<op> and SWP. */
enum atomic_op { AOP_ADD, AOP_BIC, AOP_EOR, AOP_ORR, AOP_SMAX, AOP_SMIN, AOP_UMAX, AOP_UMIN, AOP_SWP };

/* SignExtend(v<bits-1:0>) as a signed value, without signed shifts. */
static int64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = 1ull << (bits - 1);
    v &= (m << 1) - 1;
    return (int64_t)((v ^ m) - m);
}

/* The value stored by MemAtomic for `old` in memory and `value` from Rs, both size bytes. */
static uint64_t atomic_result(enum atomic_op op, uint64_t old, uint64_t value, unsigned size)
{
    unsigned bits = size * 8;
    switch (op) {
    case AOP_ADD: return old + value;
    case AOP_BIC: return old & ~value;
    case AOP_EOR: return old ^ value;
    case AOP_ORR: return old | value;
    case AOP_SMAX: return sext(old, bits) >= sext(value, bits) ? old : value;
    case AOP_SMIN: return sext(old, bits) <= sext(value, bits) ? old : value;
    case AOP_UMAX: return old >= value ? old : value;
    case AOP_UMIN: return old <= value ? old : value;
    case AOP_SWP: break;
    }
    return value;
}

/*
 * LD<op>{A}{L}{B,H} and SWP{A}{L}{B,H}: MemAtomic. Rs is read before Rt is written (so s == t
 * works); the store always happens; Rt receives the old value, zero-extended (never
 * sign-extended, even for LDSMAX/LDSMIN: X[t, regsize] = ZeroExtend(data, regsize)).
 */
static enum exec_result atomic_rmw(struct cpu_state *cpu, const struct a64_insn *in, enum atomic_op op)
{
    unsigned size = 1u << in->size;
    uint64_t mask = size_mask(size), va, old;
    uint64_t value = cpu_xr(cpu, in->rs) & mask;
    if (!cpu_base_reg(cpu, in->rn, &va) || !rmw_probe(cpu, va, size) || !cpu_read(cpu, va, size, &old) ||
        !cpu_write(cpu, va, size, atomic_result(op, old, value, size) & mask))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, old);
    return EXEC_NEXT;
}

enum exec_result exec_ldadd(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ADD); }
enum exec_result exec_ldadda(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ADD); }
enum exec_result exec_ldaddl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ADD); }
enum exec_result exec_ldaddal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ADD); }
enum exec_result exec_ldclr(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_BIC); }
enum exec_result exec_ldclra(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_BIC); }
enum exec_result exec_ldclrl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_BIC); }
enum exec_result exec_ldclral(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_BIC); }
enum exec_result exec_ldeor(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_EOR); }
enum exec_result exec_ldeora(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_EOR); }
enum exec_result exec_ldeorl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_EOR); }
enum exec_result exec_ldeoral(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_EOR); }
enum exec_result exec_ldset(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ORR); }
enum exec_result exec_ldseta(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ORR); }
enum exec_result exec_ldsetl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ORR); }
enum exec_result exec_ldsetal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_ORR); }
enum exec_result exec_ldsmax(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMAX); }
enum exec_result exec_ldsmaxa(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMAX); }
enum exec_result exec_ldsmaxl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMAX); }
enum exec_result exec_ldsmaxal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMAX); }
enum exec_result exec_ldsmin(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMIN); }
enum exec_result exec_ldsmina(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMIN); }
enum exec_result exec_ldsminl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMIN); }
enum exec_result exec_ldsminal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SMIN); }
enum exec_result exec_ldumax(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMAX); }
enum exec_result exec_ldumaxa(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMAX); }
enum exec_result exec_ldumaxl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMAX); }
enum exec_result exec_ldumaxal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMAX); }
enum exec_result exec_ldumin(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMIN); }
enum exec_result exec_ldumina(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMIN); }
enum exec_result exec_lduminl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMIN); }
enum exec_result exec_lduminal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_UMIN); }
enum exec_result exec_swp(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SWP); }
enum exec_result exec_swpa(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SWP); }
enum exec_result exec_swpl(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SWP); }
enum exec_result exec_swpal(struct cpu_state *cpu, const struct a64_insn *in) { return atomic_rmw(cpu, in, AOP_SWP); }
