/*
 * The Performance Monitors Extension, PMUv3 of ARMv8.0 (DDI 0487 D7): six 32-bit event counters,
 * the 64-bit cycle counter, overflow flags and interrupt enables, EL filtering, the PMUSERENR_EL0
 * controls for EL0 and the MDCR_EL2 controls (TPM, TPMCR traps; HPMN partitioning, HPME).
 *
 * Counted exactly: SW_INCR (0x00), INST_RETIRED (0x08), EXC_TAKEN (0x09), EXC_RETURN (0x0A) and
 * CPU_CYCLES (0x11), which a64emu defines as one cycle per instruction retired (an interpreter
 * has no cycles; this keeps the cycle counter deterministic). PMCEID0_EL0 lists exactly these;
 * a counter programmed with any other event does not count (as the architecture allows).
 *
 * Exactness: the run loop keeps its retired-instruction count in a register and does not know,
 * inside an instruction, how many have retired. While any counter counts (cpu->pmu.counting)
 * the vCPU therefore runs on the one-instruction path of the debugger (cpu_run.c,
 * run_debug_one), which calls cpu_pmu_retired() after each instruction with the EL it ran at:
 * counts, filters and overflows are exact to the instruction, at the price of speed while a
 * guest profiles (perf), and none otherwise.
 *
 * An overflow with its interrupt enabled raises cpu->pmu.irq (PPI 23 on the board's GIC).
 */
#include <inttypes.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

enum { PMCR_E = 1u << 0, PMCR_P = 1u << 1, PMCR_C = 1u << 2, PMCR_D = 1u << 3, PMCR_LC = 1u << 6 };
#define PMCR_WRITE_MASK 0x79ull /* E, D, X, DP, LC */
#define CYCLE_BIT 31            /* the cycle counter's bit in PMCNTEN/PMINTEN/PMOVS */
#define COUNTER_BITS (((1ull << CPU_PMU_COUNTERS) - 1) | 1ull << CYCLE_BIT)
enum { EV_SW_INCR = 0x00, EV_INST_RETIRED = 0x08, EV_EXC_TAKEN = 0x09, EV_EXC_RETURN = 0x0a, EV_CPU_CYCLES = 0x11 };
#define PMCEID0_VALUE (1u << EV_SW_INCR | 1u << EV_INST_RETIRED | 1u << EV_EXC_TAKEN | 1u << EV_EXC_RETURN | 1u << EV_CPU_CYCLES)
/* PMEVTYPER/PMCCFILTR: P [31], U [30], NSK [29], NSU [28], NSH [27], evtCount [9:0]. */
#define EVTYPER_MASK 0xf80003ffull
#define CCFILTR_MASK 0xf8000000ull

/* MDCR_EL2.HPMN: counters at or above it belong to EL2 (all of them without EL2). */
static unsigned hpmn(const struct cpu_state *cpu)
{
    if (!cpu->has_el2)
        return CPU_PMU_COUNTERS;
    unsigned n = (unsigned)(cpu->sr.mdcr_el2 & 31);
    return n > CPU_PMU_COUNTERS ? CPU_PMU_COUNTERS : n;
}

/* Counter n (CYCLE_BIT: the cycle counter) is enabled: PMCNTENSET, and PMCR_EL0.E for counters
 * below HPMN and the cycle counter, MDCR_EL2.HPME for the ones at or above it. */
static bool counter_enabled(const struct cpu_state *cpu, unsigned n)
{
    if (!((cpu->pmu.cnten >> n) & 1))
        return false;
    if (n != CYCLE_BIT && n >= hpmn(cpu))
        return mdcr_el2(cpu, MDCR_HPME);
    return (cpu->pmu.pmcr & PMCR_E) != 0;
}

/* The filter of PMEVTYPER<n>/PMCCFILTR lets the counter count at `el` (Non-secure, no EL3:
 * EL0 counts unless U != NSU, EL1 unless P != NSK, EL2 only with NSH). */
static bool filter_counts(uint64_t typer, unsigned el)
{
    bool p = typer >> 31 & 1, u = typer >> 30 & 1, nsk = typer >> 29 & 1, nsu = typer >> 28 & 1, nsh = typer >> 27 & 1;
    switch (el) {
    case 0: return u == nsu;
    case 1: return p == nsk;
    default: return nsh;
    }
}

static void update_irq(struct cpu_state *cpu)
{
    bool level = (cpu->pmu.pmcr & PMCR_E) && (cpu->pmu.ovs & cpu->pmu.inten);
    if (level != cpu->pmu.irq_level) {
        cpu->pmu.irq_level = level;
        irq_set(&cpu->pmu.irq, level);
    }
}

void cpu_pmu_changed(struct cpu_state *cpu)
{
    bool counting = false;
    for (unsigned n = 0; n < CPU_PMU_COUNTERS; n++)
        counting |= counter_enabled(cpu, n);
    counting |= counter_enabled(cpu, CYCLE_BIT);
    cpu->pmu.counting = counting;
    cpu_debug_changed(cpu); /* the run loop's one-instruction path follows pmu.counting */
    update_irq(cpu);
}

/* Add to event counter n; a carry out of bit 31 sets its overflow flag. */
static void count(struct cpu_state *cpu, unsigned n, uint64_t by)
{
    uint64_t v = (cpu->pmu.evcntr[n] & 0xffffffffu) + by;
    if (v >> 32)
        cpu->pmu.ovs |= 1u << n;
    cpu->pmu.evcntr[n] = v & 0xffffffffu;
}

static void count_event(struct cpu_state *cpu, unsigned event, unsigned el)
{
    for (unsigned n = 0; n < CPU_PMU_COUNTERS; n++)
        if ((cpu->pmu.evtyper[n] & 0x3ff) == event && counter_enabled(cpu, n) && filter_counts(cpu->pmu.evtyper[n], el))
            count(cpu, n, 1);
}

void cpu_pmu_retired(struct cpu_state *cpu, unsigned el)
{
    count_event(cpu, EV_INST_RETIRED, el);
    count_event(cpu, EV_CPU_CYCLES, el);
    if (counter_enabled(cpu, CYCLE_BIT) && filter_counts(cpu->pmu.ccfiltr, el)) {
        /* PMCR_EL0.D: the cycle counter counts every 64th cycle. */
        if (!(cpu->pmu.pmcr & PMCR_D) || ++cpu->pmu.prescale == 64) {
            cpu->pmu.prescale = 0;
            uint64_t old = cpu->pmu.ccntr++;
            bool overflow = (cpu->pmu.pmcr & PMCR_LC) ? cpu->pmu.ccntr == 0 : ((old ^ cpu->pmu.ccntr) >> 32) != 0;
            if (overflow)
                cpu->pmu.ovs |= 1u << CYCLE_BIT;
        }
    }
    update_irq(cpu);
}

void cpu_pmu_exception(struct cpu_state *cpu, bool taken, unsigned el)
{
    if (!cpu->pmu.counting)
        return;
    count_event(cpu, taken ? EV_EXC_TAKEN : EV_EXC_RETURN, el);
    update_irq(cpu);
}

/* ---- access checks ---- */

/* EL0 access (DDI 0487 D7.4.x, PMUSERENR_EL0): EN [0] allows everything; SW [1] PMSWINC_EL0
 * writes; CR [2] PMCCNTR_EL0 reads; ER [3] event counter reads and PMSELR_EL0. Then
 * MDCR_EL2.TPM (and TPMCR for PMCR_EL0) for EL0/EL1. */
static enum sysreg_result el0_check(struct cpu_state *cpu, uint64_t also, const char **why)
{
    if (cpu->el == 0 && !(cpu->pmu.userenr & (1u | also))) {
        *why = "PMUSERENR_EL0.EN=0";
        return SR_TRAP_EL1;
    }
    return SR_OK;
}
static enum sysreg_result acc_en(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, 0, why);
    return r != SR_OK ? r : sysreg_trap_tpm(cpu, d, w, why);
}
static enum sysreg_result acc_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, 0, why);
    return r != SR_OK ? r : sysreg_trap_tpmcr(cpu, d, w, why);
}
static enum sysreg_result acc_swinc(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, 1u << 1, why);
    return r != SR_OK ? r : sysreg_trap_tpm(cpu, d, w, why);
}
static enum sysreg_result acc_ccntr(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, w ? 0 : 1u << 2, why);
    return r != SR_OK ? r : sysreg_trap_tpm(cpu, d, w, why);
}
static enum sysreg_result acc_er(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, w ? 0 : 1u << 3, why);
    return r != SR_OK ? r : sysreg_trap_tpm(cpu, d, w, why);
}
static enum sysreg_result acc_selr(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = el0_check(cpu, 1u << 3, why);
    return r != SR_OK ? r : sysreg_trap_tpm(cpu, d, w, why);
}

/* The event counter an access names: PMEVCNTR<n>/PMEVTYPER<n> (n from the encoding), or
 * PMSELR_EL0.SEL for PMXEV*. A counter that does not exist, or that belongs to EL2 (n >= HPMN)
 * accessed from EL0/EL1, is UNDEFINED (DDI 0487, PMEVCNTR<n>_EL0 "Accessibility"). */
static int counter_index(const struct cpu_state *cpu, const struct sysreg_desc *d)
{
    unsigned crm = (d->enc >> 3) & 15, op2 = d->enc & 7;
    unsigned n = ((d->enc >> 7) & 15) == 14 ? (crm & 3) << 3 | op2 : (unsigned)(cpu->pmu.selr & 31);
    unsigned limit = cpu->el < 2 ? hpmn(cpu) : CPU_PMU_COUNTERS;
    return n < limit ? (int)n : -1;
}
static enum sysreg_result acc_counter(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    enum sysreg_result r = acc_er(cpu, d, w, why);
    if (r != SR_OK)
        return r;
    /* PMXEVTYPER_EL0 with SEL = 31 is PMCCFILTR_EL0. */
    bool xevtyper = ((d->enc >> 7) & 15) == 9 && (d->enc & 7) == 1;
    if (xevtyper && (cpu->pmu.selr & 31) == 31)
        return SR_OK;
    return counter_index(cpu, d) < 0 ? SR_UNDEF : SR_OK;
}

/* ---- registers ---- */

static uint64_t read_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    /* N [15:11]: the counters this EL may use (HPMN from EL0/EL1); IMP, IDCODE 0. */
    unsigned n = cpu->el < 2 ? hpmn(cpu) : CPU_PMU_COUNTERS;
    return (cpu->pmu.pmcr & PMCR_WRITE_MASK) | (uint64_t)n << 11;
}
static bool write_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    if (v & PMCR_P) /* reset the event counters (those this EL may use) */
        for (unsigned n = 0; n < (cpu->el < 2 ? hpmn(cpu) : CPU_PMU_COUNTERS); n++)
            cpu->pmu.evcntr[n] = 0;
    if (v & PMCR_C)
        cpu->pmu.ccntr = 0;
    cpu->pmu.pmcr = v & PMCR_WRITE_MASK;
    cpu_pmu_changed(cpu);
    return true;
}

#define BITS_RW(name, field)                                                                       \
    static uint64_t read_##name(struct cpu_state *cpu, const struct sysreg_desc *d)                \
    { (void)d; return cpu->pmu.field; }                                                           \
    static bool write_##name##set(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)  \
    { (void)d; cpu->pmu.field |= v & COUNTER_BITS; cpu_pmu_changed(cpu); return true; }           \
    static bool write_##name##clr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)  \
    { (void)d; cpu->pmu.field &= ~(v & COUNTER_BITS); cpu_pmu_changed(cpu); return true; }
BITS_RW(cnten, cnten)
BITS_RW(inten, inten)
BITS_RW(ovs, ovs)

static bool write_swinc(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    for (unsigned n = 0; n < CPU_PMU_COUNTERS; n++)
        if ((v >> n & 1) && (cpu->pmu.evtyper[n] & 0x3ff) == EV_SW_INCR && counter_enabled(cpu, n) &&
            filter_counts(cpu->pmu.evtyper[n], cpu->el))
            count(cpu, n, 1);
    update_irq(cpu);
    return true;
}

static uint64_t read_selr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->pmu.selr; }
static bool write_selr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->pmu.selr = v & 31;
    return true;
}
static uint64_t read_ceid0(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)cpu, (void)d; return PMCEID0_VALUE; }

static uint64_t read_ccntr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->pmu.ccntr; }
static bool write_ccntr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->pmu.ccntr = v;
    return true;
}
static uint64_t read_ccfiltr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->pmu.ccfiltr; }
static bool write_ccfiltr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->pmu.ccfiltr = v & CCFILTR_MASK;
    return true;
}

static uint64_t read_evcntr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    return cpu->pmu.evcntr[counter_index(cpu, d)]; /* index checked by acc_counter */
}
static bool write_evcntr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    cpu->pmu.evcntr[counter_index(cpu, d)] = v & 0xffffffffu;
    return true;
}
static uint64_t read_evtyper(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    if (((d->enc >> 7) & 15) == 9 && (cpu->pmu.selr & 31) == 31)
        return cpu->pmu.ccfiltr;
    return cpu->pmu.evtyper[counter_index(cpu, d)];
}
static bool write_evtyper(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    if (((d->enc >> 7) & 15) == 9 && (cpu->pmu.selr & 31) == 31)
        cpu->pmu.ccfiltr = v & CCFILTR_MASK;
    else
        cpu->pmu.evtyper[counter_index(cpu, d)] = v & EVTYPER_MASK;
    return true;
}

static uint64_t read_userenr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->pmu.userenr; }
static bool write_userenr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->pmu.userenr = v & 0xf; /* EN, SW, CR, ER */
    return true;
}

#define PMU(n, o1, cn, cm, o2, rel, wel, rd, wr, acc, fl) \
    { #n, SYSREG_ENC(3, o1, cn, cm, o2), rel, wel, SR_NO_STORAGE, 0, rd, wr, acc, fl }
#define EVCNTR(n) PMU(PMEVCNTR##n##_EL0, 3, 14, 8, n, 0, 0, read_evcntr, write_evcntr, acc_counter, 0)
#define EVTYPER(n) PMU(PMEVTYPER##n##_EL0, 3, 14, 12, n, 0, 0, read_evtyper, write_evtyper, acc_counter, 0)

static const struct sysreg_desc pmu_rows[] = {
    PMU(PMINTENSET_EL1,  0, 9, 14, 1, 1, 1, read_inten, write_intenset, sysreg_trap_tpm, 0),
    PMU(PMINTENCLR_EL1,  0, 9, 14, 2, 1, 1, read_inten, write_intenclr, sysreg_trap_tpm, 0),
    PMU(PMCR_EL0,        3, 9, 12, 0, 0, 0, read_pmcr, write_pmcr, acc_pmcr, 0),
    PMU(PMCNTENSET_EL0,  3, 9, 12, 1, 0, 0, read_cnten, write_cntenset, acc_en, 0),
    PMU(PMCNTENCLR_EL0,  3, 9, 12, 2, 0, 0, read_cnten, write_cntenclr, acc_en, 0),
    PMU(PMOVSCLR_EL0,    3, 9, 12, 3, 0, 0, read_ovs, write_ovsclr, acc_en, 0),
    PMU(PMSWINC_EL0,     3, 9, 12, 4, SR_NO_ACCESS, 0, NULL, write_swinc, acc_swinc, SRF_WO),
    PMU(PMSELR_EL0,      3, 9, 12, 5, 0, 0, read_selr, write_selr, acc_selr, 0),
    PMU(PMCEID0_EL0,     3, 9, 12, 6, 0, SR_NO_ACCESS, read_ceid0, NULL, acc_en, SRF_RO),
    PMU(PMCEID1_EL0,     3, 9, 12, 7, 0, SR_NO_ACCESS, sysreg_read_zero, NULL, acc_en, SRF_RO),
    PMU(PMCCNTR_EL0,     3, 9, 13, 0, 0, 0, read_ccntr, write_ccntr, acc_ccntr, 0),
    PMU(PMXEVTYPER_EL0,  3, 9, 13, 1, 0, 0, read_evtyper, write_evtyper, acc_counter, 0),
    PMU(PMXEVCNTR_EL0,   3, 9, 13, 2, 0, 0, read_evcntr, write_evcntr, acc_counter, 0),
    PMU(PMUSERENR_EL0,   3, 9, 14, 0, 0, 1, read_userenr, write_userenr, sysreg_trap_tpm, 0),
    PMU(PMOVSSET_EL0,    3, 9, 14, 3, 0, 0, read_ovs, write_ovsset, acc_en, 0),
    EVCNTR(0), EVCNTR(1), EVCNTR(2), EVCNTR(3), EVCNTR(4), EVCNTR(5),
    EVTYPER(0), EVTYPER(1), EVTYPER(2), EVTYPER(3), EVTYPER(4), EVTYPER(5),
    PMU(PMCCFILTR_EL0,   3, 14, 15, 7, 0, 0, read_ccfiltr, write_ccfiltr, acc_en, 0),
};

const struct sysreg_table sysreg_pmu_table = { "src/cpu/pmu.c", pmu_rows, sizeof pmu_rows / sizeof pmu_rows[0] };
