/*
 * One AArch64 vCPU: architectural state, and the run loop that fetches, decodes (through the
 * decoded-instruction cache) and executes.
 *
 * Embedding contract: the machine creates a shared struct icache, then each vCPU with
 * cpu_create(); it sets up RAM and devices on the bus before calling cpu_reset() and
 * cpu_run(). cpu_run() returns after `budget` instructions or when the vCPU stops (cpu->stop
 * says why). Nothing a guest does makes cpu_run() abort the host process.
 */
#ifndef A64EMU_CPU_CPU_H
#define A64EMU_CPU_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bus/irq.h"
#include "decode/decode.h"
#include "mmu/mmu.h"

struct icache;
struct code_page;
struct cpu_state;

#define CPU_FETCH_CACHE 64

enum cpu_stop {
    CPU_RUNNING = 0,
    CPU_STOP_EXIT,       /* semihosting exit: cpu->exit_code */
    CPU_STOP_BUDGET,     /* --max-insns reached */
    CPU_STOP_HOST_ERROR, /* something the emulator cannot continue from (message logged) */
    CPU_STOP_WFI,        /* WFI with no interrupt source attached: nothing could ever wake it */
    CPU_STOP_DEBUG,      /* a host debugger's breakpoint/watchpoint or stop request (cpu_host_debug);
                            no architectural effect: the debugger clears it to resume */
};

/*
 * Scheduling state of a vCPU (who may run it), separate from `stop` (why it can never run again).
 * The cpu layer sets the waiting states (WFI, WFE); the machine's round-robin scheduler
 * (machine_run) runs only CPU_RUNNABLE vCPUs and wakes the others:
 *   CPU_WAITING_WFI  WFI or PSCI CPU_SUSPEND; runnable again on cpu_wake() (an interrupt becoming
 *                    pending for this vCPU, whatever PSTATE.{I,F} say: cpu_set_irq_line does it)
 *   CPU_WAITING_WFE  WFE with the event register clear; runnable again when the event register
 *                    is set (SEV, SEVL is local, a cleared exclusive monitor) or on cpu_wake()
 *   CPU_POWERED_OFF  PSCI: secondaries at reset, and after CPU_OFF; only PSCI CPU_ON starts it
 * The PC of a waiting vCPU is already past its WFI/WFE: waking it completes the instruction.
 */
enum cpu_run_state { CPU_RUNNABLE = 0, CPU_WAITING_WFI, CPU_WAITING_WFE, CPU_POWERED_OFF };

struct exc_intercept_table;
struct trace_cpu;
struct gic_cpuif;
struct timer_cpu;

/* Semihosting hook: called for HLT #0xF000 when enabled. Returns false if the call is refused. */
typedef bool (*cpu_semihost_fn)(void *opaque, struct cpu_state *cpu);

/* System register storage; the sysreg tables refer to these members by offsetof. */
struct cpu_sysregs {
    uint64_t elr_el1, elr_el2, spsr_el1, spsr_el2, esr_el1, esr_el2, far_el1, far_el2;
    uint64_t vbar_el1, vbar_el2, sctlr_el1, sctlr_el2, hcr_el2;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, tpidr_el2;
    uint64_t cpacr_el1, mair_el1, tcr_el1, ttbr0_el1, ttbr1_el1, contextidr_el1, afsr0_el1, afsr1_el1;
    uint64_t mdscr_el1, cntkctl_el1, par_el1, amair_el1;
    /* EL2 controls (sysreg_el2.c) */
    uint64_t cptr_el2, hstr_el2, mdcr_el2, vpidr_el2, vmpidr_el2;
    uint64_t csselr_el1;
    uint64_t tcr_el2, ttbr0_el2, mair_el2, amair_el2; /* EL2 stage-1 regime (sysreg_mmu.c) */
    uint64_t ttbr1_el2, contextidr_el2; /* FEAT_VHE: the EL2&0 regime's upper range, its context id */
    uint64_t vttbr_el2, vtcr_el2, hpfar_el2; /* stage 2 of the EL1&0 regime (sysreg_mmu.c) */
};

/* PMUv3 (pmu.c). */
#define CPU_PMU_COUNTERS 6  /* event counters (PMCR_EL0.N), as a Cortex-A57 */
struct cpu_pmu {
    uint64_t pmcr, cnten, inten, ovs, selr, userenr, ccntr, ccfiltr;
    uint64_t evcntr[CPU_PMU_COUNTERS], evtyper[CPU_PMU_COUNTERS];
    unsigned prescale;   /* PMCR_EL0.D: cycles towards the next count of 64 */
    bool counting;       /* some counter is enabled (cpu_pmu_changed) */
    bool irq_level;
    struct irq_line irq; /* overflow interrupt (the board: PPI 23); kept across reset */
};

/* Self-hosted debug (debug.c): breakpoint and watchpoint registers, the OS lock. */
#define CPU_NUM_BRPS 6      /* breakpoints (ID_AA64DFR0_EL1.BRPs + 1), as a Cortex-A57 */
#define CPU_NUM_CTX_BRPS 2  /* the highest-numbered ones are context-aware */
#define CPU_NUM_WRPS 4      /* watchpoints */
struct cpu_debug {
    uint64_t bvr[CPU_NUM_BRPS], bcr[CPU_NUM_BRPS], wvr[CPU_NUM_WRPS], wcr[CPU_NUM_WRPS];
    uint64_t osdlr, dbgprcr, claim, mdccint, oseccr;
    bool oslk;           /* OSLSR_EL1.OSLK: set at reset, cleared by OSLAR_EL1 */
    /* Derived (cpu_debug_changed): attn = a debug event may happen (MDSCR_EL1.SS, or an enabled
     * breakpoint with MDSCR_EL1.MDE), so the run loop takes its one-instruction debug path;
     * watch = an enabled watchpoint with MDE, so no data access is cached in the soft TLB. */
    bool attn, watch;
    bool guest_watch;    /* watch because of the guest's own watchpoints (not only the host's) */
    /* Software step: the step was completed by an instruction (ESR ISV = 1), a load-exclusive
     * (EX). */
    bool ss_isv, ss_ex;
};

/*
 * Emulator-side debugging (the gdb stub, frontend/gdbstub.c): breakpoints and watchpoints that are
 * not the guest's DBGBVR/DBGWVR and have no architectural effect. Programmed by the host, then
 * cpu_debug_changed(): any armed one sets dbg.attn (breakpoints are checked in the run loop's
 * one-instruction path before the guest's own) or dbg.watch (every data access reaches
 * access_slow, which checks them AFTER the access completes, as QEMU reports gdb watchpoints:
 * the instruction finishes, the vCPU stops with PC past it). A hit sets stop = CPU_STOP_DEBUG
 * and records what hit. Costs nothing while nbp = nwp = 0.
 */
#define CPU_HOST_BPS 32
#define CPU_HOST_WPS 16
enum cpu_host_wp_kind { CPU_HWP_WRITE = 1, CPU_HWP_READ = 2, CPU_HWP_ACCESS = 3 }; /* bit 0: stores, bit 1: loads */
struct cpu_host_debug {
    unsigned nbp, nwp;
    uint64_t bp[CPU_HOST_BPS];
    struct { uint64_t addr, len; enum cpu_host_wp_kind kind; } wp[CPU_HOST_WPS];
    /* Resuming from a breakpoint: the first instruction at skip_pc does not hit (step over it). */
    bool skip;
    uint64_t skip_pc;
    /* Single-step with interrupts ignored (QEMU's NOIRQ step): cpu_step_noirq sets it. */
    bool step_noirq;
    /* The last stop: a watchpoint hit (its kind and the watched address touched) or a breakpoint. */
    bool hit_watch;
    enum cpu_host_wp_kind hit_kind;
    uint64_t hit_addr;
};

/*
 * The last exception a vCPU took (exc_take_el fills it): what the trap narrator (-d exceptions)
 * prints and the monitor's `stepx` explains. cause: the control bit that trapped it or routed
 * it to EL2 ("HCR_EL2.TVM=1"), which the trap site stores in cpu->trap_cause just before the
 * exception; NULL when the exception is not a trap (SVC, an abort, an interrupt at its own EL).
 */
struct cpu_exc_record {
    uint64_t seq;            /* exceptions taken so far by this vCPU (this one included) */
    uint8_t from, to, type;  /* EL before, EL taken to, enum exc_type */
    bool far_valid;
    uint32_t esr;            /* the syndrome written (interrupts: 0) */
    uint64_t far, elr, vector;
    const char *cause;
};

/* Counters for the monitor's `stats`, incremented on the exception path only (never per
 * instruction). traps[]: exceptions with a cause, by cause string and target EL; a cause beyond
 * the table's slots counts in traps_other. */
#define CPU_TRAP_CAUSES 32
struct cpu_exc_stats {
    uint64_t sync_by_ec[64][3];  /* synchronous and SError, by EC and target EL */
    uint64_t async[4][3];        /* by enum exc_type (IRQ, FIQ) and target EL */
    struct { const char *cause; uint8_t el; uint64_t count; } traps[CPU_TRAP_CAUSES];
    uint64_t traps_other;
};

/* Transparent mode (the gdb stub in deterministic mode, frontend/gdbstub.c, machine.h): every
 * instruction takes the one-instruction path, yet interrupts are taken only where the fast
 * path's blocks would take them (mid_block: the last instruction was sequential inside its page,
 * so the fast path would have gone on without looking at interrupts: irq_attn is kept in
 * irq_stash until the next instruction), so a run under gdb is the
 * run without it; and the run stops once icount plus exceptions taken (last_exc.seq) reaches
 * stop_at, an exact point that need not be a block boundary. blocks: on, and without gdb this
 * vCPU would run the fast path (no guest debug, PMU counting or trace): emulate its blocks
 * (cpu_debug_changed). Kept at the end of struct cpu_state: the hot fields keep their lines. */
struct cpu_transparent {
    bool on, mid_block, blocks;
    uint8_t irq_stash; /* irq_attn, hidden from run()'s check while mid_block (cpu_run.c) */
    uint64_t stop_at;
};

struct cpu_state {
    uint64_t x[32];      /* X0-X30; x[31] is the current stack pointer (see cpu_sp_bank) */
    uint64_t pc;
    uint32_t nzcv;       /* PSTATE.NZCV in bits 31:28, as NZCV reads it */
    uint32_t daif;       /* PSTATE.{D,A,I,F} in bits 9:6, as DAIF reads it */
    uint8_t el;          /* PSTATE.EL */
    uint8_t spsel;       /* PSTATE.SP */
    uint8_t pan;         /* PSTATE.PAN (with FEAT_PAN) */
    uint8_t il;          /* PSTATE.IL: an illegal exception return happened */
    uint8_t ss;          /* PSTATE.SS: software step (debug.c) */
    bool has_el2;        /* EL2 implemented (QEMU: -machine virtualization=on) */
    uint64_t sp_el[3];   /* banked SP_EL0..SP_EL2; the live one is in x[31] */

    uint64_t vreg[32][2]; /* V0-V31 (FP/SIMD issue) */
    uint32_t fpcr, fpsr;

    struct cpu_sysregs sr;

    /* Local exclusive monitor (DDI 0487 B2.9). */
    bool excl_valid;
    uint64_t excl_addr;  /* physical, granule-aligned */

    bool event_register; /* SEV/SEVL/WFE */

    /*
     * Interrupts (exception.c). irq_lines: physical IRQ/FIQ/SError inputs, bit (1 << EXC_IRQ) etc.,
     * driven by cpu_set_irq_line(). halted: the vCPU executed WFI and waits (PC is already past
     * the WFI); cpu_run() returns at once, retiring nothing, and the machine's scheduler skips
     * it, until an interrupt becomes pending (even one masked by PSTATE): exc_update_irq(), run
     * by cpu_set_irq_line(), then clears it. irq_sources: how many devices may drive the lines
     * (cpu_attach_irq_source); a lone vCPU with none stops with CPU_STOP_WFI at WFI instead of
     * halting. irq_attn: nonzero when the run loop must look at interrupts at the next block
     * start (one is deliverable now, or halted); recomputed by exc_update_irq() after anything
     * that changes the lines, HCR_EL2 routing/injection, PSTATE.DAIF or PSTATE.EL.
     */
    uint8_t irq_lines;
    uint8_t virq_lines;  /* virtual IRQ/FIQ from the GIC's ICH_* list registers, bit (1 << EXC_IRQ) */
    uint8_t irq_attn;
    bool halted;
    unsigned irq_sources;
    uint64_t exc_last_vector; /* vector address of the last exception taken (loop detection) */
    unsigned exc_streak;  /* exceptions taken in a row with no instruction completing */
    const char *trap_cause; /* set by a trap site just before exc_take_el (cpu_exc_record.cause) */
    uint64_t icount;     /* retired instructions (exact at block boundaries; see block_pc) */
    bool yield;          /* set by a timer register write: cpu_run returns at the next block
                          * boundary so the machine can plan around the new deadline */
    uint64_t block_pc;   /* PC of the current block's first instruction: an instruction that
                          * needs an exact icount (counter reads, SRF_SYNC) runs only there */
    a64_features features;
    unsigned index;      /* vCPU number (MPIDR Aff0) */

    enum cpu_stop stop;
    enum cpu_run_state run_state; /* see enum cpu_run_state */
    int exit_code;
    char stop_reason[200]; /* why the vCPU stopped (for the one-line report), or empty */

    struct cpu_debug dbg;
    struct cpu_host_debug hdbg; /* emulator-side debugging (the gdb stub) */
    struct cpu_pmu pmu;
    struct mmu mmu;
    struct icache *icache;
    /* VA page -> decoded page, valid while fetch_gen matches the icache generation. Dropped on
     * any translation change (cpu_fetch_cache_flush). */
    struct { uint64_t va_page; struct code_page *page; bool nonglobal; } fetch_cache[CPU_FETCH_CACHE];
    uint64_t fetch_gen;
    cpu_semihost_fn semihost;
    void *semihost_opaque;
    /* Emulator-side interceptors by EC, consulted before HVC/SMC are delivered (exc_intercept.h);
     * NULL: none, every exception is architectural. Shared by the vCPUs of a machine. */
    const struct exc_intercept_table *intercept;
    /* This vCPU's GIC CPU interface (src/gic) and generic timers (src/timer), or NULL when the
     * machine has none: their system registers are then UNDEFINED. */
    struct gic_cpuif *gic;
    struct timer_cpu *timer;
    /* Observability, written on the exception path only; last so that the hot fields above
     * keep their cache lines. */
    struct cpu_exc_record last_exc;
    struct cpu_exc_stats exc_stats;
    /* The execution-trace writer's per-vCPU state (src/trace/trace_writer.c), or NULL: tracing
     * off. Non-NULL forces the one-instruction run path and the memory slow path. */
    struct trace_cpu *trace;
    struct cpu_transparent tp;
};

/* An interrupt (or another wake-up event) became pending for this vCPU: a vCPU waiting in WFI,
 * CPU_SUSPEND or WFE becomes runnable. Powered-off vCPUs stay off. */
static inline void cpu_wake(struct cpu_state *cpu)
{
    if (cpu->run_state == CPU_WAITING_WFI || cpu->run_state == CPU_WAITING_WFE)
        cpu->run_state = CPU_RUNNABLE;
}

/* Decoded-instruction cache shared by all vCPUs of a machine, keyed by physical address. */
struct icache *icache_create(struct bus *bus);
void icache_destroy(struct icache *ic);
/* Register a vCPU: marking a code page drops its write mappings, and stores by any vCPU see
 * every vCPU's exclusive monitor. */
void icache_attach_cpu(struct icache *ic, struct cpu_state *cpu);
/* The vCPUs attached, for cross-vCPU effects (exclusive monitors, broadcast maintenance). */
unsigned icache_cpu_count(const struct icache *ic);
struct cpu_state *icache_cpu(const struct icache *ic, unsigned i);
/* Drop everything (IC IALLU, TLBI, mode changes). */
void icache_flush(struct icache *ic);

struct cpu_state *cpu_create(struct bus *bus, struct icache *ic, unsigned index);
void cpu_destroy(struct cpu_state *cpu);
/* Architectural reset, entering at `el` (1 or 2) with PC = entry. */
void cpu_reset(struct cpu_state *cpu, unsigned el, uint64_t entry);

/* Run up to `budget` instructions. Returns the number retired. */
uint64_t cpu_run(struct cpu_state *cpu, uint64_t budget);
/* Drop cached instruction translations (after TLB maintenance or a translation change). */
void cpu_fetch_cache_flush(struct cpu_state *cpu);
/* Every translation this vCPU caches (soft TLB and fetch cache) may be stale: drop them. Call
 * from every path that changes translation (MMU registers, TLBI, EL change with the MMU on). */
void cpu_translation_changed(struct cpu_state *cpu);
/* A TTBR (ASID or table) write: drop the cached nG translations only (cpu_mem.c). */
void cpu_asid_changed(struct cpu_state *cpu);
/* Execute exactly one instruction (or take one exception); for tracing and single-stepping. */
void cpu_step(struct cpu_state *cpu);
/* The same, taking no interrupt before or after the instruction (a debugger's single step, QEMU's
 * NOIRQ default); a vCPU halted in WFI stays halted. */
void cpu_step_noirq(struct cpu_state *cpu);
/* The host's breakpoints/watchpoints (cpu->hdbg) changed: recompute the run loop's flags. */
void cpu_debug_changed(struct cpu_state *cpu);

/* PSTATE as SPSR would hold it (NZCV, PAN, IL, DAIF, EL, SP). */
uint64_t cpu_pstate(const struct cpu_state *cpu);
/* SP_ELx for any x, whether live or banked. */
uint64_t cpu_get_sp_el(const struct cpu_state *cpu, unsigned el);
void cpu_set_sp_el(struct cpu_state *cpu, unsigned el, uint64_t value);
/* Change PSTATE.EL / PSTATE.SP, banking the stack pointer. */
void cpu_set_el_spsel(struct cpu_state *cpu, unsigned el, unsigned spsel);

/* Debugger/semihosting access to guest virtual memory through the current translation; never
 * raises an exception. Returns false if any byte is not backed by RAM. */
bool cpu_virt_read(struct cpu_state *cpu, uint64_t va, void *buf, size_t len);
bool cpu_virt_write(struct cpu_state *cpu, uint64_t va, const void *buf, size_t len);

/* Physical interrupt input (for the GIC): type is EXC_IRQ, EXC_FIQ or EXC_SERROR (exception.h),
 * level 1 = asserted. Level-sensitive; takes effect at the vCPU's next block boundary. */
void cpu_set_irq_line(struct cpu_state *cpu, unsigned type, bool level);
/* Virtual interrupt input (the GIC's virtual CPU interface): type EXC_IRQ or EXC_FIQ. Like
 * HCR_EL2.VI/VF, it is pending only while HCR_EL2.IMO/FMO route the physical one to EL2. */
void cpu_set_virq_line(struct cpu_state *cpu, unsigned type, bool level);
/* A device that can drive this vCPU's interrupt lines exists (so WFI waits instead of stopping). */
void cpu_attach_irq_source(struct cpu_state *cpu);

/* Stop the vCPU with a reason, reported once by the frontend. */
void cpu_stop_with(struct cpu_state *cpu, enum cpu_stop why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Features this CPU profile implements (ID registers advertise exactly these). */
a64_features cpu_default_features(void);
/* Whether SIMD&FP instructions trap at the current EL, without side effects: 0 (enabled), or the
 * target EL with *why set to the control that traps ("CPACR_EL1.FPEN=00", "CPTR_EL2.TFP=1").
 * The check itself is cpu_fp_access_check() (cpu_internal.h); -d cpu,fpu uses this one. */
unsigned cpu_fp_trap_el(const struct cpu_state *cpu, const char **why);
static inline bool cpu_has_feature(const struct cpu_state *cpu, enum a64_feature f)
{
    return (cpu->features >> f) & 1;
}

/* --list-insns: one line per encoding with its status. */
void cpu_list_insns(FILE *out, a64_features have);

#endif
