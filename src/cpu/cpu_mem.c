/*
 * Guest memory access slow paths: translation, bus access, aborts, and the exclusive monitors.
 * The inline fast paths in cpu_internal.h come here on a TLB miss, a misaligned access, or a
 * write to a page that holds code or is under an exclusive reservation.
 *
 * Also the CPU side of the MMU: the regime registers handed to src/mmu (cpu_mmu_regs), the
 * one function that drops every cached translation of a vCPU (cpu_translation_changed), the
 * data/instruction abort syndromes (with the load/store instruction syndrome built in one place,
 * cpu_ldst_iss), TLB maintenance scopes and AT.
 */
#include "cpu/icache_internal.h"
#include "cpu/sysreg_traps.h"
#include "trace/trace_hook.h"
#include "util/compiler.h"

/* ---- regime registers and the current translation ---- */

void cpu_mmu_regs(const struct cpu_state *cpu, unsigned el, struct mmu_regs *r)
{
    /* FEAT_VHE: EL2 with E2H = 1, and EL0 in host, translate in the EL2&0 regime (TCR_EL2 in
     * TCR_EL1's layout, TTBR0_EL2/TTBR1_EL2, ASIDs; no stage 2). */
    if ((el == 2 && cpu_e2h(cpu)) || (el == 0 && cpu_el0_in_host(cpu))) {
        r->regime = MMU_REGIME_EL20;
        r->sctlr = cpu->sr.sctlr_el2;
        r->tcr = cpu->sr.tcr_el2;
        r->ttbr0 = cpu->sr.ttbr0_el2;
        r->ttbr1 = cpu->sr.ttbr1_el2;
        r->mair = cpu->sr.mair_el2;
    } else if (el == 2) {
        r->regime = MMU_REGIME_EL2;
        r->sctlr = cpu->sr.sctlr_el2;
        r->tcr = cpu->sr.tcr_el2;
        r->ttbr0 = cpu->sr.ttbr0_el2;
        r->ttbr1 = 0;
        r->mair = cpu->sr.mair_el2;
    } else {
        r->regime = MMU_REGIME_EL10;
        r->sctlr = cpu->sr.sctlr_el1;
        r->tcr = cpu->sr.tcr_el1;
        r->ttbr0 = cpu->sr.ttbr0_el1;
        r->ttbr1 = cpu->sr.ttbr1_el1;
        r->mair = cpu->sr.mair_el1;
        /* HCR_EL2.TGE = 1 (E2H = 0) or HCR_EL2.DC = 1: the EL1&0 stage 1 behaves as if
         * SCTLR_EL1.M were 0 for everything but reading it (DDI 0487 D19.2.46 TGE, DC).
         * NOTE: with DC = 1 the flat translation is Normal write-back, not Device. */
        if (hcr_el2(cpu, HCR_TGE) || hcr_el2(cpu, HCR_DC))
            r->sctlr &= ~(uint64_t)MMU_SCTLR_M;
    }
    /* Stage 2 of the EL1&0 regime. EL1&0 TLB entries carry the VMID whenever EL2 exists, so a
     * guest's TLBIs at EL1 (and VMALLS12E1 at EL2) are scoped to VTTBR_EL2.VMID: 16 bits with
     * VTCR_EL2.VS = 1 (FEAT_VMID16), else 8. */
    bool el10 = r->regime == MMU_REGIME_EL10 && cpu->has_el2;
    unsigned vmid_mask = (cpu->sr.vtcr_el2 >> 19) & 1 ? 0xffff : 0xff;
    r->vmid = el10 ? (uint16_t)((cpu->sr.vttbr_el2 >> 48) & vmid_mask) : 0;
    r->s2 = el10 && hcr_el2(cpu, HCR_VM);
    r->s2_ptw = r->s2 && hcr_el2(cpu, HCR_PTW);
    r->dc = el10 && hcr_el2(cpu, HCR_DC);
    r->vtcr = cpu->sr.vtcr_el2;
    r->vttbr = cpu->sr.vttbr_el2;
}

void cpu_translation_changed(struct cpu_state *cpu)
{
    mmu_tlb_flush(&cpu->mmu);
    cpu_fetch_cache_flush(cpu);
}

void cpu_asid_changed(struct cpu_state *cpu)
{
    /* A TTBR write (a new ASID or table): only nG translations belong to the old context. The
     * global ones (a kernel's mappings, shared by every process) stay cached, as they may in a
     * real TLB until a TLBI; the next process's user pages come from the architectural TLB,
     * which is tagged by ASID. */
    mmu_tlb_flush_nonglobal(&cpu->mmu);
    for (unsigned i = 0; i < CPU_FETCH_CACHE; i++)
        if (cpu->fetch_cache[i].nonglobal)
            cpu->fetch_cache[i].page = NULL;
}

void cpu_el_changing(struct cpu_state *cpu, unsigned from, unsigned to)
{
    /* With stage 1 off in both regimes the flat translation is the same at every EL and has no
     * permissions, so nothing cached depends on the EL: keep it (the MMU-off fast path). */
    uint64_t a = cpu_regime_sctlr(cpu, from), b = cpu_regime_sctlr(cpu, to);
    /* Stage 2 (HCR_EL2.VM) applies at EL0/EL1 only: crossing EL2 changes the translation. */
    if (((a | b) & MMU_SCTLR_M) || ((from == 2) != (to == 2) && (cpu->sr.hcr_el2 & (1ull << HCR_VM))))
        cpu_translation_changed(cpu);
}

static void access_desc(const struct cpu_state *cpu, enum mmu_access access, bool unpriv,
                        struct mmu_access_desc *d)
{
    d->access = access;
    /* LDTR/STTR: EL0 permissions at EL1, and at EL2 in host (HCR_EL2.{E2H,TGE} = {1,1}). */
    d->unpriv = cpu->el == 0 || (unpriv && cpu_unpriv_is_el0(cpu));
    /* PSTATE.PAN: privileged data accesses in the EL1&0 and EL2&0 regimes (DDI 0487 D8.4.3). */
    d->pan = cpu->pan && (cpu->el == 1 || (cpu->el == 2 && cpu_e2h(cpu))) && !d->unpriv && access != MMU_EXEC;
    d->s1_only = false;
}

bool cpu_translate(struct cpu_state *cpu, uint64_t va, enum mmu_access access, bool unpriv,
                   struct mmu_result *res, struct mmu_fault *fault)
{
    struct mmu_regs r;
    struct mmu_access_desc d;
    cpu_mmu_regs(cpu, cpu->el, &r);
    access_desc(cpu, access, unpriv, &d);
    return mmu_translate_regime(&cpu->mmu, &r, va, &d, res, fault);
}

/* ---- aborts ---- */

/* The instruction word being executed (for the data-abort instruction syndrome): from the
 * decoded page the fetch cache holds for the PC, else read without side effects. */
static uint32_t current_insn(struct cpu_state *cpu)
{
    uint64_t va_page = cpu->pc & ~(BUS_PAGE_SIZE - 1);
    unsigned slot = (unsigned)(va_page >> BUS_PAGE_BITS) % CPU_FETCH_CACHE;
    if (cpu->fetch_cache[slot].page && cpu->fetch_cache[slot].va_page == va_page)
        return cpu->fetch_cache[slot].page->e[(cpu->pc & (BUS_PAGE_SIZE - 1)) >> 2].in.raw;
    uint32_t w = 0;
    if (!cpu_virt_read(cpu, cpu->pc, &w, 4))
        return 0;
    return w;
}

uint32_t cpu_ldst_iss(uint32_t insn)
{
    /*
     * ISS[23:14] of a data abort (DDI 0487 D19.2.37, "ISS encoding for an exception from a Data
     * Abort"): SAS, SSE, SRT, SF, AR, with ISV = 1, for a load or store of one general-purpose
     * register without writeback: LDR/STR (unsigned offset, unscaled, register offset,
     * unprivileged, literal) and LDAR/STLR. Not for pairs, exclusives, atomics, SIMD&FP, or
     * any writeback form. Returns 0 (ISV = 0) otherwise.
     */
    unsigned size = insn >> 30, opc = (insn >> 22) & 3, rt = insn & 31;
    bool sse = false, sf, ar = false;
    /* (Masks include bit 26, V: SIMD&FP registers have no instruction syndrome.) */
    if ((insn & 0x3f000000u) == 0x39000000u || /* unsigned offset */
        ((insn & 0x3f200000u) == 0x38000000u && ((insn >> 10) & 3) != 1 && ((insn >> 10) & 3) != 3) || /* unscaled, unpriv */
        ((insn & 0x3f200c00u) == 0x38200800u)) { /* register offset */
        if (size == 3 && opc >= 2)
            return 0; /* PRFM (never faults) or unallocated */
        if (size == 2 && opc == 3)
            return 0;
        sse = opc >= 2;
        /* SF: the register is 64-bit (X loads, sign-extensions to X, 64-bit stores). */
        sf = opc == 0 ? size == 3 : (opc == 2 || (size == 3 && opc == 1));
    } else if ((insn & 0x3f000000u) == 0x18000000u) { /* LDR/LDRSW (literal), GPR only */
        unsigned lopc = insn >> 30; /* opc is bits 31:30 here */
        if (lopc == 3)
            return 0; /* PRFM (literal) */
        size = lopc == 1 ? 3 : 2;
        sse = lopc == 2;
        sf = lopc != 0;
    } else if ((insn & 0x3f000000u) == 0x08000000u && ((insn >> 23) & 1) && ((insn >> 21) & 1) == 0 &&
               ((insn >> 15) & 1)) { /* LDAR/STLR (o2 = 1, o1 = 0, o0 = 1) */
        ar = true;
        sf = size == 3;
    } else {
        return 0;
    }
    return 1u << 24 | size << 22 | (uint32_t)sse << 21 | rt << 16 | (uint32_t)sf << 15 | (uint32_t)ar << 14;
}

/* Take the data abort for a failed translation or access (not stage 2). The instruction
 * syndrome is reported (ISV = 1) only for stage-2 aborts taken to EL2 (DDI 0487 D19.2.37: "ISV
 * ... is 0 for all faults reported in ESR_EL2 except the following stage 2 aborts"; QEMU applies
 * the same rule to ESR_EL1), so here ISV is 0: see stage2_abort for the other case. */
static void data_abort(struct cpu_state *cpu, uint64_t va, bool write, uint32_t fsc)
{
    exc_take(cpu, EXC_SYNC, syn_data_abort(1, 0, write, fsc), va, 1, cpu->pc);
}

void cpu_alignment_fault(struct cpu_state *cpu, uint64_t va, bool write)
{
    data_abort(cpu, va, write, FSC_ALIGNMENT);
}

/*
 * A stage-2 fault (DDI 0487 D8.3.2, D19.2.37): taken to EL2 as a Data Abort (EC 0x24) or, for
 * an instruction fetch, an Instruction Abort (EC 0x20) from a lower EL; FAR_EL2 = the VA,
 * HPFAR_EL2.FIPA [39:4] = IPA[47:12]; S1PTW [7] when it happened on a stage-1 walk. The
 * instruction syndrome (ISV...AR) only for a fault on the access itself, not on a stage-1 walk
 * ("ISV is set to 0 on a stage 2 abort on a stage 1 translation table walk"). WnR is the
 * instruction's, also on a stage-1 walk (AArch64.SecondStageWalk passes the access's iswrite
 * to the stage-2 fault; QEMU agrees), except a stage-2 Permission fault for want of read
 * permission on the walk (AArch64.CheckS2Permission: failedread, so WnR = 0).
 */
static void stage2_abort_cm(struct cpu_state *cpu, const struct mmu_fault *f, bool cm)
{
    uint32_t esr;
    if (f->access == MMU_EXEC) {
        esr = syn_insn_abort(1, mmu_fault_fsc(f));
    } else if (cm) {
        /* From an AT instruction: CM = 1, and WnR "always returns a value of 1". */
        esr = syn_data_abort(1, 0, 1, mmu_fault_fsc(f)) | 1u << 8;
    } else {
        uint32_t iss = f->s1ptw ? 0 : cpu_ldst_iss(current_insn(cpu));
        esr = syn_data_abort(1, iss, f->access == MMU_WRITE && !f->failedread, mmu_fault_fsc(f));
    }
    esr |= (uint32_t)f->s1ptw << 7;
    cpu->sr.hpfar_el2 = ((f->ipa & ((1ull << 48) - 1)) >> 12) << 4;
    cpu->trap_cause = "HCR_EL2.VM=1 (a stage-2 fault: the hypervisor's tables do not allow it)";
    exc_take_el(cpu, 2, EXC_SYNC, esr, f->va, 1, cpu->pc);
}

static void stage2_abort(struct cpu_state *cpu, const struct mmu_fault *f)
{
    stage2_abort_cm(cpu, f, false);
}

static void translation_abort(struct cpu_state *cpu, const struct mmu_fault *f, bool write)
{
    if (f->stage2)
        stage2_abort(cpu, f);
    else
        data_abort(cpu, f->va, write, mmu_fault_fsc(f));
}

void cpu_insn_abort(struct cpu_state *cpu, const struct mmu_fault *f)
{
    if (f->stage2)
        stage2_abort(cpu, f);
    else
        exc_take(cpu, EXC_SYNC, syn_insn_abort(1, mmu_fault_fsc(f)), cpu->pc, 1, cpu->pc);
}

/* True if some vCPU holds a reservation on pa's page (so its write mapping must stay slow). */
static bool page_reserved(const struct cpu_state *cpu, uint64_t pa)
{
    const struct icache *ic = cpu->icache;
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        const struct cpu_state *c = icache_cpu(ic, i);
        if (c->excl_valid && (c->excl_addr >> BUS_PAGE_BITS) == (pa >> BUS_PAGE_BITS))
            return true;
    }
    return false;
}

/* A store to [pa, pa+size) clears every monitor whose granule it touches (DDI 0487 B2.9.5). */
static void stores_clear_monitors(struct cpu_state *cpu, uint64_t pa, unsigned size)
{
    const struct icache *ic = cpu->icache;
    uint64_t first = pa & ~(uint64_t)(CPU_ERG_BYTES - 1), last = (pa + size - 1) & ~(uint64_t)(CPU_ERG_BYTES - 1);
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        struct cpu_state *c = icache_cpu(ic, i);
        if (c->excl_valid && c->excl_addr >= first && c->excl_addr <= last) {
            c->excl_valid = false;
            /* The global monitor going to Open Access is a WFE wake-up event (DDI 0487 D1.16.1):
             * what wakes a vCPU waiting for a spinlock in WFE. */
            if (c != cpu)
                c->event_register = true;
        }
    }
}

static bool access_piece(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value, bool write,
                         bool unpriv)
{
    struct mmu_result res;
    struct mmu_fault fault;
    if (!cpu_translate(cpu, va, write ? MMU_WRITE : MMU_READ, unpriv, &res, &fault)) {
        translation_abort(cpu, &fault, write);
        return false;
    }
    uint64_t pa = res.pa;
    enum bus_status st;
    if (write) {
        stores_clear_monitors(cpu, pa, size);
        st = bus_write(cpu->mmu.bus, pa, size, *value);
    } else {
        st = bus_read(cpu->mmu.bus, pa, size, value);
    }
    if (st != BUS_OK) {
        log_msg(LOG_GUEST, "vCPU %u: bus error on %s of %u bytes at 0x%llx (pc=0x%llx)", cpu->index,
                write ? "write" : "read", size, (unsigned long long)pa, (unsigned long long)cpu->pc);
        data_abort(cpu, va, write, FSC_SYNC_EXTERNAL);
        return false;
    }
    /* The soft TLB holds the current privilege's mappings only: never fill it for LDTR/STTR;
     * nor while a watchpoint is armed (every data access must come here to be checked), nor
     * while tracing (the trace hook is in access_slow). */
    if (!unpriv && !cpu->dbg.watch && !cpu->trace && (!write || !page_reserved(cpu, pa)))
        mmu_tlb_fill(&cpu->mmu, va, pa, write ? MMU_WRITE : MMU_READ, res.ng);
    return true;
}

/* Device memory: an unaligned access takes an Alignment fault after the translation and
 * permission checks (DDI 0487 B2.5.2; AArch64.S1HasAlignmentFault). Returns false after
 * taking the abort. */
static bool device_alignment_ok(struct cpu_state *cpu, uint64_t va, bool write, bool unpriv)
{
    struct mmu_result res;
    struct mmu_fault fault;
    if (!cpu_translate(cpu, va, write ? MMU_WRITE : MMU_READ, unpriv, &res, &fault)) {
        translation_abort(cpu, &fault, write);
        return false;
    }
    if (!res.mmu_off && mmu_attr_is_device(res.s2 ? res.s1attr : res.attr)) {
        cpu_alignment_fault(cpu, va, write);
        return false;
    }
    /* Stage-1 Normal (or off under HCR_EL2.DC) but stage-2 Device: a stage-2 Alignment fault,
     * taken to EL2 (AArch64.SecondStageTranslate's unaligned Device check). With stage 1 off
     * and DC = 0 stage 1 is Device and its own (not applied, see above) check comes first. */
    if (res.s2 && mmu_attr_is_device(res.s2attr) && !mmu_attr_is_device(res.s1attr)) {
        struct mmu_fault f = { MMU_FAULT_ALIGNMENT, va, 0, write ? MMU_WRITE : MMU_READ, 0, false, true, false, res.ipa };
        stage2_abort(cpu, &f);
        return false;
    }
    return true;
}

static bool access_slow_body(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value, bool write,
                             bool unpriv)
{
    if ((va & (size - 1)) && !device_alignment_ok(cpu, va, write, unpriv))
        return false;
    /* Watchpoints: after the translation faults of the whole access (QEMU's order: it checks
     * them after filling its TLB), before any byte is accessed. */
    if (A64_UNLIKELY(cpu->dbg.watch) &&
        (!cpu_probe_unpriv(cpu, va, size, write ? MMU_WRITE : MMU_READ, unpriv) ||
         (cpu->dbg.guest_watch && cpu_dbg_watchpoint(cpu, va, size, write, unpriv))))
        return false;
    uint64_t in_page = BUS_PAGE_SIZE - (va & (BUS_PAGE_SIZE - 1));
    if (size <= in_page)
        return access_piece(cpu, va, size, value, write, unpriv);
    /* Crosses a page: check both pages first so a fault leaves memory unchanged. */
    if (!cpu_probe_unpriv(cpu, va, size, write ? MMU_WRITE : MMU_READ, unpriv))
        return false;
    unsigned lo = (unsigned)in_page;
    uint64_t a = *value, b = *value >> (lo * 8);
    if (!access_piece(cpu, va, lo, &a, write, unpriv) || !access_piece(cpu, va + lo, size - lo, &b, write, unpriv))
        return false;
    if (!write) {
        uint64_t mask = lo >= 8 ? ~0ull : (1ull << (lo * 8)) - 1;
        *value = (a & mask) | (b << (lo * 8));
    }
    return true;
}

/* The host debugger's watchpoints (cpu.h) are checked once the access has completed: a watched
 * access that faults is not reported, and the stop comes after the instruction, as QEMU's
 * gdbstub does. */
static bool access_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value, bool write, bool unpriv)
{
    bool ok = access_slow_body(cpu, va, size, value, write, unpriv);
    if (A64_UNLIKELY(cpu->hdbg.nwp) && ok)
        cpu_host_watchpoint(cpu, va, size, write);
    if (A64_UNLIKELY(cpu->trace) && ok)
        trace_hook_mem(cpu, va, size, *value, write);
    return ok;
}

bool cpu_read_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value)
{
    uint64_t v = 0;
    if (!access_slow(cpu, va, size, &v, false, false))
        return false;
    *value = v;
    return true;
}

bool cpu_write_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value)
{
    return access_slow(cpu, va, size, &value, true, false);
}

bool cpu_read_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value)
{
    uint64_t v = 0;
    if (!access_slow(cpu, va, size, &v, false, true))
        return false;
    *value = v;
    return true;
}

bool cpu_write_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value)
{
    return access_slow(cpu, va, size, &value, true, true);
}

bool cpu_va_to_pa(struct cpu_state *cpu, uint64_t va, enum mmu_access access, uint64_t *pa)
{
    struct mmu_result res;
    struct mmu_fault fault;
    if (!cpu_translate(cpu, va, access, false, &res, &fault))
        return false;
    *pa = res.pa;
    return true;
}

bool cpu_probe_unpriv(struct cpu_state *cpu, uint64_t va, unsigned size, enum mmu_access access, bool unpriv)
{
    /* Every page the access touches must translate and be backed by something on the bus. */
    uint64_t end = va + size - 1;
    for (uint64_t p = va & ~(BUS_PAGE_SIZE - 1);; p += BUS_PAGE_SIZE) {
        uint64_t addr = p < va ? va : p;
        struct mmu_result res;
        struct mmu_fault fault;
        if (!cpu_translate(cpu, addr, access, unpriv, &res, &fault)) {
            translation_abort(cpu, &fault, access == MMU_WRITE);
            return false;
        }
        if (!bus_find(cpu->mmu.bus, res.pa)) {
            log_msg(LOG_GUEST, "vCPU %u: bus error at 0x%llx (pc=0x%llx)", cpu->index,
                    (unsigned long long)res.pa, (unsigned long long)cpu->pc);
            data_abort(cpu, addr, access == MMU_WRITE, FSC_SYNC_EXTERNAL);
            return false;
        }
        if ((end & ~(BUS_PAGE_SIZE - 1)) == p)
            break;
    }
    return true;
}

bool cpu_probe(struct cpu_state *cpu, uint64_t va, unsigned size, enum mmu_access access)
{
    return cpu_probe_unpriv(cpu, va, size, access, false);
}

void cpu_excl_set(struct cpu_state *cpu, uint64_t pa)
{
    cpu->excl_valid = true;
    cpu->excl_addr = pa & ~(uint64_t)(CPU_ERG_BYTES - 1);
    /* Route every vCPU's stores to this page through the slow path, which clears monitors. */
    const uint8_t *host = bus_ram_ptr(cpu->mmu.bus, pa & ~(BUS_PAGE_SIZE - 1), false);
    const struct icache *ic = cpu->icache;
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        if (host)
            mmu_tlb_flush_writes_to(&icache_cpu(ic, i)->mmu, host);
        else
            mmu_tlb_flush_writes(&icache_cpu(ic, i)->mmu);
    }
}

bool cpu_excl_check(const struct cpu_state *cpu, uint64_t pa)
{
    return cpu->excl_valid && cpu->excl_addr == (pa & ~(uint64_t)(CPU_ERG_BYTES - 1));
}

void cpu_excl_clear(struct cpu_state *cpu)
{
    cpu->excl_valid = false;
}

static bool virt_copy(struct cpu_state *cpu, uint64_t va, void *buf, size_t len, bool write)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t pa;
        size_t n = (size_t)(BUS_PAGE_SIZE - (va & (BUS_PAGE_SIZE - 1)));
        if (n > len)
            n = len;
        if (!cpu_va_to_pa(cpu, va, write ? MMU_WRITE : MMU_READ, &pa))
            return false;
        bool ok = write ? bus_copy_to(cpu->mmu.bus, pa, p, n) : bus_copy_from(cpu->mmu.bus, pa, p, n);
        if (!ok)
            return false;
        p += n;
        va += n;
        len -= n;
    }
    return true;
}

bool cpu_virt_read(struct cpu_state *cpu, uint64_t va, void *buf, size_t len)
{
    return virt_copy(cpu, va, buf, len, false);
}

bool cpu_virt_write(struct cpu_state *cpu, uint64_t va, const void *buf, size_t len)
{
    return virt_copy(cpu, va, (void *)buf, len, true);
}

/* ---- TLB maintenance and AT ---- */

/* FEAT_VHE: at EL2 in host (HCR_EL2.{E2H,TGE} = {1,1}) the EL1 forms of TLBI and AT (S1E0*,
 * S1E1*) act on the EL2&0 regime (DDI 0487 C5.5, e.g. TLBI VAE1: "If HCR_EL2.{E2H,TGE} is
 * {1,1}, ... the EL2&0 translation regime"), which is why KVM clears TGE before flushing a
 * guest's entries; the EL2 forms act on EL2&0 whenever E2H = 1 (cpu_mmu_regs(cpu, 2) picks the
 * regime). Returns the EL whose regime the operation uses. */
static unsigned maintenance_regime_el(const struct cpu_state *cpu, unsigned regime_el)
{
    return regime_el == 1 && cpu->el == 2 && cpu_el0_in_host(cpu) ? 2 : regime_el;
}

/* Drop the fetch-cache slot that could hold va's page (fetch_page in cpu_run.c indexes by VA
 * bits 12 and up, so a TLBI operand without bits 63:56 finds the slot). */
static void fetch_cache_drop_page(struct cpu_state *cpu, uint64_t va)
{
    cpu->fetch_cache[(unsigned)(va >> BUS_PAGE_BITS) % CPU_FETCH_CACHE].page = NULL;
}

void cpu_tlbi(struct cpu_state *cpu, enum mmu_tlbi_scope scope, unsigned regime_el, uint64_t operand,
              bool broadcast)
{
    struct mmu_regs r;
    regime_el = maintenance_regime_el(cpu, regime_el);
    cpu_mmu_regs(cpu, regime_el, &r);
    struct mmu_ctx ctx = mmu_context(&r);
    /* TLBI operand (DDI 0487 C5.5): ASID in Xt[63:48] (8 bits used unless TCR_EL1.AS),
     * VA[55:12] in Xt[43:0]; for the IPAS2 forms IPA[47:12] in Xt[35:0]. The EL1&0 scopes use
     * the current VMID (VTTBR_EL2.VMID), whether issued at EL1 or by EL2. */
    if (scope == MMU_TLBI_ASID || scope == MMU_TLBI_VA) {
        ctx.asid = (uint16_t)(operand >> 48);
        if (!(r.tcr & (1ull << 36)))
            ctx.asid &= 0xff;
    }
    uint64_t va = scope == MMU_TLBI_IPA ? (operand & ((1ull << 36) - 1)) << 12 : (operand & ((1ull << 44) - 1)) << 12;
    if (regime_el == 1 && scope == MMU_TLBI_ALL_REGIME)
        ctx.vmid = 0; /* ALLE1: every VMID (the scope ignores it) */
    /* HCR_EL2.FB: EL1 TLBI forms broadcast (DDI 0487 D19.2.46). */
    if (cpu->el == 1 && cpu->has_el2 && ((cpu->sr.hcr_el2 >> 9) & 1))
        broadcast = true;
    const struct icache *ic = cpu->icache;
    unsigned n = broadcast ? icache_cpu_count(ic) : 1;
    for (unsigned i = 0; i < n; i++) {
        struct cpu_state *c = broadcast ? icache_cpu(ic, i) : cpu;
        bool one_page = mmu_tlbi(&c->mmu, scope, &ctx, va);
        if (regime_el == 2 && scope == MMU_TLBI_ALL_REGIME) {
            /* ALLE2: entries of the EL2 and EL2&0 regimes alike (both "EL2" whatever E2H was
             * when they were made). */
            struct mmu_ctx other = ctx;
            other.regime = ctx.regime == MMU_REGIME_EL2 ? MMU_REGIME_EL20 : MMU_REGIME_EL2;
            mmu_tlbi(&c->mmu, scope, &other, va);
        }
        if (one_page) {
            /* Only va's page can have changed (Linux's per-page TLBIs when it unmaps or patches
             * code through the fixmap): keep the rest of the soft TLB and fetch cache. */
            mmu_tlb_flush_page(&c->mmu, va);
            fetch_cache_drop_page(c, va);
        } else {
            cpu_translation_changed(c);
        }
    }
}

/* PAR_EL1 (DDI 0487 D19.2.95), 64-bit format, from a translation's outcome. Bit 11 is RES1
 * (QEMU sets it too). */
static uint64_t par_value(bool ok, const struct mmu_result *res, const struct mmu_fault *f)
{
    uint64_t par = 1ull << 11;
    if (ok) {
        /* SH: Device and Normal Non-cacheable memory report Outer Shareable (0b10). */
        uint8_t attr = res->attr;
        unsigned sh = (mmu_attr_is_device(attr) || attr == 0x44) ? 2 : res->sh;
        par |= (res->pa & ((1ull << 48) - 1) & ~0xfffull) | (uint64_t)attr << 56 | (uint64_t)sh << 7 |
               1ull << 9 /* NS: Non-secure state */;
    } else {
        /* F = 1, FST [6:1], PTW [8] (stage 2 on a stage-1 walk), S [9] (stage 2). */
        par |= 1 | (uint64_t)mmu_fault_fsc(f) << 1 | (uint64_t)f->s1ptw << 8 | (uint64_t)f->stage2 << 9;
    }
    return par;
}

static bool at_s1(struct cpu_state *cpu, uint64_t va, unsigned regime_el, bool unpriv, bool write, bool pan)
{
    struct mmu_regs r;
    regime_el = maintenance_regime_el(cpu, regime_el);
    cpu_mmu_regs(cpu, regime_el, &r);
    /* Stage 1 only: the IPA. Its descriptor fetches still go through stage 2, and a stage-2
     * fault there is taken to EL2 as a Data Abort with S1PTW = 1 rather than reported in
     * PAR_EL1 (DDI 0487 C5.4, "AT S1E1R": "a fault on the stage 2 translation of a stage 1
     * translation table walk ... generates an exception"). */
    struct mmu_access_desc d = { write ? MMU_WRITE : MMU_READ, unpriv, pan, true };
    struct mmu_result res;
    struct mmu_fault f;
    bool ok = mmu_translate_regime(&cpu->mmu, &r, va, &d, &res, &f);
    if (!ok && f.stage2) {
        stage2_abort_cm(cpu, &f, true);
        return false;
    }
    cpu->sr.par_el1 = par_value(ok, &res, &f);
    return true;
}

bool cpu_at_s1(struct cpu_state *cpu, uint64_t va, unsigned regime_el, bool unpriv, bool write)
{
    return at_s1(cpu, va, regime_el, unpriv, write, false);
}

bool cpu_at_s1_pan(struct cpu_state *cpu, uint64_t va, bool write)
{
    /* PSTATE.PAN applies as to a privileged data access of the current EL1 (or EL2&0) regime. */
    return at_s1(cpu, va, 1, false, write, cpu->pan != 0);
}

void cpu_at_s12(struct cpu_state *cpu, uint64_t va, bool unpriv, bool write)
{
    struct mmu_regs r;
    cpu_mmu_regs(cpu, 1, &r);
    /* With HCR_EL2.VM = 0 this is AT S1E<0|1>; otherwise the full two-stage translation, with a
     * fault of either stage reported in PAR_EL1 (S = 1 for stage 2, PTW = 1 on a stage-1 walk). */
    struct mmu_access_desc d = { write ? MMU_WRITE : MMU_READ, unpriv, false, !r.s2 };
    struct mmu_result res;
    struct mmu_fault f;
    bool ok = mmu_translate_regime(&cpu->mmu, &r, va, &d, &res, &f);
    cpu->sr.par_el1 = par_value(ok, &res, &f);
}
