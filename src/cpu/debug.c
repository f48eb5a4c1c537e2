/*
 * Self-hosted debug (DDI 0487 D2): software step, hardware breakpoints and watchpoints, the OS
 * lock, and their system registers. What a guest debugger (kgdb, a hypervisor's debug support, a
 * ROM) programs; gdb attached to a64emu itself uses the emulator's own stub instead.
 *
 * Cost when unused: nothing on the fast path. cpu_debug_changed() recomputes two flags whenever
 * a register that could arm a debug event is written: dbg.attn (also set while the PMU counts,
 * pmu.c) sends the run loop to its one-instruction path (cpu_run.c, run_debug_one), which calls the checks below around each
 * instruction; dbg.watch keeps data accesses out of the soft TLB so the slow path sees them all.
 *
 * Where debug exceptions go (DDI 0487 D2.3, "Routing debug exceptions"): ELD = EL2 when
 * MDCR_EL2.TDE = 1 or HCR_EL2.TGE = 1, else EL1. They are enabled (D2.4, no EL3) from ELs below
 * ELD; at ELD only with MDSCR_EL1.KDE = 1 and PSTATE.D = 0; never above; and never while the OS
 * lock is locked (OSLSR_EL1.OSLK, set at reset). Breakpoints and watchpoints also need
 * MDSCR_EL1.MDE = 1. BRK is none of these: it always generates its exception (exec_system.c).
 *
 * Implemented: address-match breakpoints (BT = 0b0000) on every breakpoint and context-ID match
 * (BT = 0b0010, CONTEXTIDR_EL1) on the context-aware ones; watchpoints with BAS byte selection or
 * MASK ranges, by load/store and privilege; software step with the architectural state machine
 * (PSTATE.SS, SPSR.SS). Not implemented: linked breakpoints and VMID match (BT = 0b0001, 0b0011,
 * 0b1xxx): such a breakpoint never matches and says so once in the log (-d unimp).
 */
#include <inttypes.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

/* MDSCR_EL1 (DDI 0487 D19.3.21). */
enum { MDSCR_SS = 1u << 0, MDSCR_TDCC = 1u << 12, MDSCR_KDE = 1u << 13, MDSCR_MDE = 1u << 15 };
#define MDSCR_WRITE_MASK (MDSCR_SS | MDSCR_TDCC | MDSCR_KDE | (1u << 14) /* HDE */ | MDSCR_MDE)
#define DBGBCR_MASK 0x00ffe1e7ull /* E, PMC, BAS, HMC, SSC, LBN, BT */
#define DBGWCR_MASK 0x1f1fffffull /* E, PAC, LSC, BAS, HMC, SSC, LBN, WT, MASK */
#define VA_MASK ((1ull << 49) - 1) /* breakpoint/watchpoint addresses compare VA[48:2] */

/* ---- when debug exceptions happen ---- */

static unsigned debug_target_el(const struct cpu_state *cpu)
{
    return mdcr_el2(cpu, MDCR_TDE) || hcr_el2(cpu, HCR_TGE) ? 2 : 1;
}

/* Debug exceptions other than BRK enabled from the current EL (AArch64.GenerateDebugExceptions). */
static bool debug_exceptions_enabled(const struct cpu_state *cpu)
{
    /* The OS lock, and the OS double lock (DoubleLockStatus: OSDLR_EL1.DLK = 1 with
     * DBGPRCR_EL1.CORENPDRQ = 0). */
    if (cpu->dbg.oslk || ((cpu->dbg.osdlr & 1) && !(cpu->dbg.dbgprcr & 1)))
        return false;
    unsigned eld = debug_target_el(cpu);
    if (cpu->el < eld)
        return true;
    if (cpu->el > eld)
        return false;
    return (cpu->sr.mdscr_el1 & MDSCR_KDE) && !(cpu->daif & (1u << 9));
}

static bool step_enabled(const struct cpu_state *cpu)
{
    return (cpu->sr.mdscr_el1 & MDSCR_SS) && debug_exceptions_enabled(cpu);
}

void cpu_debug_changed(struct cpu_state *cpu)
{
    bool mde = (cpu->sr.mdscr_el1 & MDSCR_MDE) != 0;
    bool bp = false, wp = false;
    for (unsigned i = 0; i < CPU_NUM_BRPS; i++)
        bp |= cpu->dbg.bcr[i] & 1;
    for (unsigned i = 0; i < CPU_NUM_WRPS; i++)
        wp |= cpu->dbg.wcr[i] & 1;
    cpu->dbg.guest_watch = mde && wp;
    /* The host debugger's (cpu->hdbg) use the same two paths. */
    bool watch = cpu->dbg.guest_watch || cpu->hdbg.nwp;
    bool guest_attn = (cpu->sr.mdscr_el1 & MDSCR_SS) || (mde && bp) || cpu->pmu.counting ||
                      cpu->trace; /* the trace writer sees every instruction (src/trace) */
    cpu->dbg.attn = guest_attn || cpu->hdbg.nbp ||
                    cpu->hdbg.nwp /* a watched access stops the vCPU after its instruction */ ||
                    cpu->tp.on; /* the gdb stub's exact stops (cpu.h) */
    cpu->tp.blocks = cpu->tp.on && !guest_attn; /* else the one-insn path is the run's own */
    if (!cpu->tp.blocks) {
        cpu->tp.mid_block = false;
        cpu->irq_attn |= cpu->tp.irq_stash;
        cpu->tp.irq_stash = 0;
    }
    if (watch != cpu->dbg.watch) {
        cpu->dbg.watch = watch;
        mmu_tlb_flush(&cpu->mmu); /* data accesses must reach the slow path (or may again) */
    }
}

/* Does a breakpoint/watchpoint with these privilege controls apply at the current EL? PxC bit 0:
 * EL1, bit 1: EL0; HMC: EL2 (DDI 0487 D2.8.4 / D2.9.4, without EL3: SSC is not consulted). */
static bool el_matches(const struct cpu_state *cpu, unsigned pxc, bool hmc, bool unpriv)
{
    switch (unpriv ? 0 : cpu->el) {
    case 0: return (pxc & 2) != 0;
    case 1: return (pxc & 1) != 0;
    default: return hmc;
    }
}

/* ---- software step ---- */

static uint32_t syn_software_step(bool isv, bool ex)
{
    return (uint32_t)EC_SOFTWARE_STEP << 26 | 1u << 25 | (uint32_t)isv << 24 | (uint32_t)ex << 6 | 0x22;
}

bool cpu_dbg_step_pending(struct cpu_state *cpu)
{
    /* Active-pending (step enabled, PSTATE.SS = 0): the step exception is taken before the next
     * instruction, with the highest synchronous priority (DDI 0487 D2.12.5). */
    if (cpu->ss || !step_enabled(cpu))
        return false;
    if (log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: software step exception at pc=0x%" PRIx64, cpu->index, cpu->pc);
    exc_take_el(cpu, debug_target_el(cpu), EXC_SYNC, syn_software_step(cpu->dbg.ss_isv, cpu->dbg.ss_ex), 0, 0,
                cpu->pc);
    return true;
}

void cpu_dbg_step_begin(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* Active-not-pending: this instruction is the step. PSTATE.SS is cleared before it runs,
     * so an exception it generates saves SPSR.SS = 0 and the step completes on the return. */
    if (!cpu->ss || !step_enabled(cpu))
        return;
    cpu->ss = 0;
    cpu->dbg.ss_isv = true;
    /* EX: the stepped instruction was a load-exclusive (LDXR, LDAXR, LDXP, LDAXP). */
    cpu->dbg.ss_ex = (in->raw & 0x3fc00000u) == 0x08400000u;
}

void cpu_dbg_exception_return(struct cpu_state *cpu, uint64_t spsr)
{
    /* PSTATE.SS = SPSR.SS if software step is enabled at the state returned to, else 0
     * (AArch64.ExceptionReturn, DebugExceptionReturnSS). A step entered this way without an
     * instruction completing reports ISV = 0. */
    cpu->ss = step_enabled(cpu) ? (spsr >> 21) & 1 : 0;
    cpu->dbg.ss_isv = false;
    cpu->dbg.ss_ex = false;
}

/* ---- breakpoints ---- */

static bool breakpoint_matches(struct cpu_state *cpu, unsigned n)
{
    uint64_t bcr = cpu->dbg.bcr[n];
    if (!(bcr & 1) || !el_matches(cpu, (unsigned)(bcr >> 1) & 3, (bcr >> 13) & 1, false))
        return false;
    unsigned bt = (unsigned)(bcr >> 20) & 0xf;
    bool ctx_aware = n >= CPU_NUM_BRPS - CPU_NUM_CTX_BRPS;
    if (bt == 0x0) /* unlinked instruction address match; BAS must be 0b1111 for A64 */
        return ((bcr >> 5) & 0xf) == 0xf && ((cpu->pc ^ cpu->dbg.bvr[n]) & VA_MASK & ~3ull) == 0;
    if (bt == 0x2 && ctx_aware) /* unlinked context ID match: CONTEXTIDR_EL1 */
        return (uint32_t)cpu->dbg.bvr[n] == (uint32_t)cpu->sr.contextidr_el1;
    static bool warned;
    if (!warned) {
        warned = true;
        log_msg(LOG_UNIMP, "vCPU %u: DBGBCR%u_EL1.BT=0x%x (linked or VMID breakpoint) is not implemented: "
                "the breakpoint never matches", cpu->index, n, bt);
    }
    return false;
}

bool cpu_dbg_breakpoint(struct cpu_state *cpu)
{
    if (!(cpu->sr.mdscr_el1 & MDSCR_MDE) || !debug_exceptions_enabled(cpu))
        return false;
    for (unsigned n = 0; n < CPU_NUM_BRPS; n++)
        if (breakpoint_matches(cpu, n)) {
            if (log_enabled(LOG_EXC))
                log_msg(LOG_EXC, "vCPU %u: breakpoint %u at pc=0x%" PRIx64, cpu->index, n, cpu->pc);
            exc_take_el(cpu, debug_target_el(cpu), EXC_SYNC, (uint32_t)EC_BREAKPOINT << 26 | 1u << 25 | 0x22, 0,
                        0, cpu->pc);
            return true;
        }
    return false;
}

/* ---- watchpoints ---- */

/* The watched bytes of watchpoint n overlapping [va, va + size): the lowest such address in
 * *hit (FAR, as QEMU reports it: the higher of the access and the watched start). */
static bool watch_overlaps(const struct cpu_state *cpu, unsigned n, uint64_t va, unsigned size, uint64_t *hit)
{
    uint64_t wcr = cpu->dbg.wcr[n], wvr = cpu->dbg.wvr[n] & VA_MASK & ~3ull;
    unsigned mask = (unsigned)(wcr >> 24) & 0x1f, bas = (unsigned)(wcr >> 5) & 0xff;
    uint64_t a = va & VA_MASK, b = a + size; /* [a, b) */
    if (mask) {
        if (mask < 3)
            return false; /* reserved */
        uint64_t lo = wvr & ~((1ull << mask) - 1), hi = lo + (1ull << mask);
        if (a >= hi || b <= lo)
            return false;
        *hit = a > lo ? va : (va & ~VA_MASK) | lo;
        return true;
    }
    /* BAS selects bytes of the doubleword at WVR[48:3]; with WVR[2] = 1 only BAS[3:0], relative to
     * the word (DDI 0487 D2.9.3). */
    uint64_t base = wvr & ~7ull;
    if (wvr & 4) {
        bas = (bas & 0xf) << 4;
    }
    for (unsigned i = 0; i < 8; i++)
        if ((bas >> i) & 1 && base + i >= a && base + i < b) {
            uint64_t first = base + i;
            *hit = a > first ? va : (va & ~VA_MASK) | first;
            return true;
        }
    return false;
}

bool cpu_dbg_watchpoint(struct cpu_state *cpu, uint64_t va, unsigned size, bool write, bool unpriv)
{
    if (!debug_exceptions_enabled(cpu))
        return false;
    for (unsigned n = 0; n < CPU_NUM_WRPS; n++) {
        uint64_t wcr = cpu->dbg.wcr[n], hit;
        unsigned lsc = (unsigned)(wcr >> 3) & 3; /* bit 0: loads, bit 1: stores */
        if (!(wcr & 1) || !(lsc & (write ? 2 : 1)) ||
            !el_matches(cpu, (unsigned)(wcr >> 1) & 3, (wcr >> 13) & 1, unpriv) ||
            !watch_overlaps(cpu, n, va, size, &hit))
            continue;
        if (log_enabled(LOG_EXC))
            log_msg(LOG_EXC, "vCPU %u: watchpoint %u: %s of %u bytes at 0x%" PRIx64 " (pc=0x%" PRIx64 ")", cpu->index,
                    n, write ? "store" : "load", size, va, cpu->pc);
        exc_take_el(cpu, debug_target_el(cpu), EXC_SYNC,
                    (uint32_t)EC_WATCHPOINT << 26 | 1u << 25 | (uint32_t)write << 6 | 0x22, hit, 1, cpu->pc);
        return true;
    }
    return false;
}

/* ---- the host debugger's breakpoints and watchpoints (cpu.h, struct cpu_host_debug) ---- */

bool cpu_host_breakpoint(struct cpu_state *cpu)
{
    struct cpu_host_debug *h = &cpu->hdbg;
    /* Resuming at a breakpoint steps over it: only the first instruction after the resume. */
    bool skip = h->skip && h->skip_pc == cpu->pc;
    h->skip = false;
    if (skip)
        return false;
    for (unsigned i = 0; i < h->nbp; i++)
        if (h->bp[i] == cpu->pc) {
            h->hit_watch = false;
            cpu_stop_with(cpu, CPU_STOP_DEBUG, "breakpoint at 0x%" PRIx64, cpu->pc);
            return true;
        }
    return false;
}

void cpu_host_watchpoint(struct cpu_state *cpu, uint64_t va, unsigned size, bool write)
{
    struct cpu_host_debug *h = &cpu->hdbg;
    for (unsigned i = 0; i < h->nwp; i++) {
        uint64_t lo = h->wp[i].addr, hi = lo + h->wp[i].len; /* [lo, hi) */
        if (!(h->wp[i].kind & (write ? CPU_HWP_WRITE : CPU_HWP_READ)) || va >= hi || va + size <= lo)
            continue;
        h->hit_watch = true;
        h->hit_kind = h->wp[i].kind;
        h->hit_addr = va > lo ? va : lo; /* the first watched byte touched */
        /* The access (and its instruction) completes; the run loop stops before the next one. */
        if (cpu->stop == CPU_RUNNING)
            cpu_stop_with(cpu, CPU_STOP_DEBUG, "watchpoint at 0x%" PRIx64, h->hit_addr);
        return;
    }
}

/* ---- system registers (op0 = 2, sorted by encoding) ---- */

#define REG(arr, i) (&cpu->dbg.arr[(i)])
/* The breakpoint/watchpoint number of a DBG{B,W}{V,C}R<n>_EL1 row is its CRm. */
#define DBG_N(d) ((unsigned)((d)->enc >> 3) & 15)

static uint64_t read_bvr(struct cpu_state *cpu, const struct sysreg_desc *d) { return *REG(bvr, DBG_N(d)); }
static uint64_t read_bcr(struct cpu_state *cpu, const struct sysreg_desc *d) { return *REG(bcr, DBG_N(d)); }
static uint64_t read_wvr(struct cpu_state *cpu, const struct sysreg_desc *d) { return *REG(wvr, DBG_N(d)); }
static uint64_t read_wcr(struct cpu_state *cpu, const struct sysreg_desc *d) { return *REG(wcr, DBG_N(d)); }
static bool write_bvr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    *REG(bvr, DBG_N(d)) = v & ~3ull;
    return true;
}
static bool write_bcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    *REG(bcr, DBG_N(d)) = v & DBGBCR_MASK;
    cpu_debug_changed(cpu);
    return true;
}
static bool write_wvr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    *REG(wvr, DBG_N(d)) = v & ~3ull;
    return true;
}
static bool write_wcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    *REG(wcr, DBG_N(d)) = v & DBGWCR_MASK;
    cpu_debug_changed(cpu);
    return true;
}

static uint64_t read_mdscr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->sr.mdscr_el1; }
static bool write_mdscr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.mdscr_el1 = v & MDSCR_WRITE_MASK;
    cpu_debug_changed(cpu);
    return true;
}

/* OSLAR_EL1.OSLK [0] sets or clears the OS lock; OSLSR_EL1: OSLM = 0b10 (bit 3: the v8 OS lock
 * is implemented), OSLK [1], nTT [2] = 0. */
static bool write_oslar(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->dbg.oslk = v & 1;
    return true;
}
static uint64_t read_oslsr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return 1u << 3 | (uint64_t)cpu->dbg.oslk << 1;
}

#define STORE_HOOKS(name, field, mask)                                                           \
    static uint64_t read_##name(struct cpu_state *cpu, const struct sysreg_desc *d)              \
    { (void)d; return cpu->dbg.field; }                                                          \
    static bool write_##name(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)     \
    { (void)d; cpu->dbg.field = v & (mask); return true; }
STORE_HOOKS(osdlr, osdlr, 1)       /* OSDLR_EL1.DLK */
STORE_HOOKS(dbgprcr, dbgprcr, 1)   /* DBGPRCR_EL1.CORENPDRQ */
STORE_HOOKS(mdccint, mdccint, 3ull << 29) /* MDCCINT_EL1.TX/RX interrupt enables */
STORE_HOOKS(oseccr, oseccr, 0xffffffffull)
static uint64_t read_claim(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->dbg.claim; }
static bool write_claimset(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->dbg.claim |= v & 0xff;
    return true;
}
static bool write_claimclr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->dbg.claim &= ~(v & 0xff);
    return true;
}
/* DBGCLAIMSET_EL1 reads which claim bits are implemented (all 8). */
static uint64_t read_claimset(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)cpu, (void)d; return 0xff; }

/* The debug communications channel has no external debugger on the other end: its status reads
 * empty, transmitted data is discarded, received data reads 0. EL0 access needs
 * MDSCR_EL1.TDCC = 0 (else it traps to EL1), then the MDCR_EL2.TDA check. */
static enum sysreg_result dcc_access(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    if (cpu->el == 0 && (cpu->sr.mdscr_el1 & MDSCR_TDCC)) {
        *why = "MDSCR_EL1.TDCC=1";
        return SR_TRAP_EL1;
    }
    return sysreg_trap_tda(cpu, d, write, why);
}

#define E(o1, cn, cm, o2) SYSREG_ENC(2, o1, cn, cm, o2)
#define DBG_HOOK(n, o1, cn, cm, o2, rel, wel, rd, wr, acc, fl) { #n, E(o1, cn, cm, o2), rel, wel, SR_NO_STORAGE, 0, rd, wr, acc, fl }
#define BP(n) \
    DBG_HOOK(DBGBVR##n##_EL1, 0, 0, n, 4, 1, 1, read_bvr, write_bvr, sysreg_trap_tda, 0), \
    DBG_HOOK(DBGBCR##n##_EL1, 0, 0, n, 5, 1, 1, read_bcr, write_bcr, sysreg_trap_tda, 0)
#define WP(n) \
    DBG_HOOK(DBGWVR##n##_EL1, 0, 0, n, 6, 1, 1, read_wvr, write_wvr, sysreg_trap_tda, 0), \
    DBG_HOOK(DBGWCR##n##_EL1, 0, 0, n, 7, 1, 1, read_wcr, write_wcr, sysreg_trap_tda, 0)

static const struct sysreg_desc debug_rows[] = {
    DBG_HOOK(OSDTRRX_EL1, 0, 0, 0, 2, 1, 1, sysreg_read_zero, sysreg_write_ignore, sysreg_trap_tdosa, 0),
    BP(0), WP(0),
    BP(1), WP(1),
    DBG_HOOK(MDCCINT_EL1, 0, 0, 2, 0, 1, 1, read_mdccint, write_mdccint, sysreg_trap_tda, 0),
    DBG_HOOK(MDSCR_EL1, 0, 0, 2, 2, 1, 1, read_mdscr, write_mdscr, sysreg_trap_tda, 0),
    BP(2), WP(2),
    DBG_HOOK(OSDTRTX_EL1, 0, 0, 3, 2, 1, 1, sysreg_read_zero, sysreg_write_ignore, sysreg_trap_tdosa, 0),
    BP(3), WP(3),
    BP(4),
    BP(5),
    DBG_HOOK(OSECCR_EL1, 0, 0, 6, 2, 1, 1, read_oseccr, write_oseccr, sysreg_trap_tdosa, 0),
    { "MDRAR_EL1", E(0, 1, 0, 0), 1, SR_NO_ACCESS, SR_NO_STORAGE, 0 /* no memory-mapped debug */, NULL, NULL,
      sysreg_trap_tdra, SRF_CONST },
    DBG_HOOK(OSLAR_EL1, 0, 1, 0, 4, SR_NO_ACCESS, 1, NULL, write_oslar, sysreg_trap_tdosa, SRF_WO),
    DBG_HOOK(OSLSR_EL1, 0, 1, 1, 4, 1, SR_NO_ACCESS, read_oslsr, NULL, sysreg_trap_tdosa, SRF_RO),
    DBG_HOOK(OSDLR_EL1, 0, 1, 3, 4, 1, 1, read_osdlr, write_osdlr, sysreg_trap_tdosa, 0),
    DBG_HOOK(DBGPRCR_EL1, 0, 1, 4, 4, 1, 1, read_dbgprcr, write_dbgprcr, sysreg_trap_tdosa, 0),
    DBG_HOOK(DBGCLAIMSET_EL1, 0, 7, 8, 6, 1, 1, read_claimset, write_claimset, sysreg_trap_tda, 0),
    DBG_HOOK(DBGCLAIMCLR_EL1, 0, 7, 9, 6, 1, 1, read_claim, write_claimclr, sysreg_trap_tda, 0),
    /* No EL3, Non-secure only: NSID = NSNID = 0b11 (implemented and enabled), Secure: 0b00. */
    { "DBGAUTHSTATUS_EL1", E(0, 7, 14, 6), 1, SR_NO_ACCESS, SR_NO_STORAGE, 0xf, NULL, NULL, sysreg_trap_tdosa,
      SRF_CONST },
    DBG_HOOK(MDCCSR_EL0, 3, 0, 1, 0, 0, SR_NO_ACCESS, sysreg_read_zero, NULL, dcc_access, SRF_RO),
    DBG_HOOK(DBGDTR_EL0, 3, 0, 4, 0, 0, 0, sysreg_read_zero, sysreg_write_ignore, dcc_access, 0),
    DBG_HOOK(DBGDTRRX_EL0, 3, 0, 5, 0, 0, 0, sysreg_read_zero, sysreg_write_ignore, dcc_access, 0),
};

const struct sysreg_table sysreg_debug_table = { "src/cpu/debug.c", debug_rows, sizeof debug_rows / sizeof debug_rows[0] };
