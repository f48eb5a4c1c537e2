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
    CPU_STOP_WFI,        /* waiting for an interrupt with nothing that could wake it */
};

/* Semihosting hook: called for HLT #0xF000 when enabled. Returns false if the call is refused. */
typedef bool (*cpu_semihost_fn)(void *opaque, struct cpu_state *cpu);

/* System register storage; the sysreg tables refer to these members by offsetof. */
struct cpu_sysregs {
    uint64_t elr_el1, elr_el2, spsr_el1, spsr_el2, esr_el1, esr_el2, far_el1, far_el2;
    uint64_t vbar_el1, vbar_el2, sctlr_el1, sctlr_el2, hcr_el2;
    uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, tpidr_el2;
    uint64_t cpacr_el1, mair_el1, tcr_el1, ttbr0_el1, ttbr1_el1, contextidr_el1, afsr0_el1, afsr1_el1;
    uint64_t mdscr_el1, cntkctl_el1, par_el1, amair_el1;
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
    bool has_el2;        /* EL2 implemented (QEMU: -machine virtualization=on) */
    uint64_t sp_el[3];   /* banked SP_EL0..SP_EL2; the live one is in x[31] */

    uint64_t vreg[32][2]; /* V0-V31 (FP/SIMD issue) */
    uint32_t fpcr, fpsr;

    struct cpu_sysregs sr;

    /* Local exclusive monitor (DDI 0487 B2.9). */
    bool excl_valid;
    uint64_t excl_addr;  /* physical, granule-aligned */

    bool event_register; /* SEV/SEVL/WFE */
    uint64_t exc_icount;  /* icount at the last exception entry */
    unsigned exc_streak;  /* exceptions taken in a row with no instruction completing */
    uint64_t icount;     /* retired instructions */
    a64_features features;
    unsigned index;      /* vCPU number (MPIDR Aff0) */

    enum cpu_stop stop;
    int exit_code;
    char stop_reason[200]; /* why the vCPU stopped (for the one-line report), or empty */

    struct mmu mmu;
    struct icache *icache;
    /* VA page -> decoded page, valid while fetch_gen matches the icache generation. Dropped on
     * any translation change (cpu_fetch_cache_flush). */
    struct { uint64_t va_page; struct code_page *page; } fetch_cache[CPU_FETCH_CACHE];
    uint64_t fetch_gen;
    cpu_semihost_fn semihost;
    void *semihost_opaque;
};

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
/* Execute exactly one instruction (or take one exception); for tracing and single-stepping. */
void cpu_step(struct cpu_state *cpu);

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

/* Stop the vCPU with a reason, reported once by the frontend. */
void cpu_stop_with(struct cpu_state *cpu, enum cpu_stop why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Features this CPU profile implements (ID registers advertise exactly these). */
a64_features cpu_default_features(void);

/* --list-insns: one line per encoding with its status. */
void cpu_list_insns(FILE *out);

#endif
