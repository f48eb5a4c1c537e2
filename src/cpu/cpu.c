#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"

a64_features cpu_default_features(void)
{
    /* Only what is implemented completely is advertised (brief section 5). Rows are added here
     * as their issues land: FEAT_LSE and FEAT_CRC32 with the integer core; FEAT_VHE, FEAT_PAN
     * (with PAN2's AT S1E1RP/WP) and FEAT_VMID16 with the exception model and MMU (VHE's timer
     * registers arrive with the timer); FEAT_FP, FEAT_AdvSIMD and the crypto extensions (AES,
     * PMULL, SHA1, SHA256) once every ARMv8.0 FP/SIMD instruction was in and agreed with QEMU. */
    return 1u << FEAT_LSE | 1u << FEAT_CRC32 | 1u << FEAT_VHE | 1u << FEAT_PAN | 1u << FEAT_VMID16 |
           1u << FEAT_FP | 1u << FEAT_ADVSIMD | 1u << FEAT_AES | 1u << FEAT_PMULL | 1u << FEAT_SHA1 |
           1u << FEAT_SHA256;
}

struct cpu_state *cpu_create(struct bus *bus, struct icache *ic, unsigned index)
{
    if (!sysreg_init())
        return NULL;
    struct cpu_state *cpu = calloc(1, sizeof *cpu);
    if (!cpu)
        return NULL;
    mmu_init(&cpu->mmu, bus);
    cpu->icache = ic;
    cpu->index = index;
    cpu->features = cpu_default_features();
    icache_attach_cpu(ic, cpu);
    return cpu;
}

void cpu_destroy(struct cpu_state *cpu)
{
    free(cpu);
}

void cpu_reset(struct cpu_state *cpu, unsigned el, uint64_t entry)
{
    memset(cpu->x, 0, sizeof cpu->x);
    memset(cpu->sp_el, 0, sizeof cpu->sp_el);
    memset(cpu->vreg, 0, sizeof cpu->vreg);
    memset(&cpu->sr, 0, sizeof cpu->sr);
    sysreg_reset(cpu);
    cpu->fpcr = cpu->fpsr = 0;
    /* NZCV is UNKNOWN at reset (DDI 0487 D1.9.1); QEMU's reset leaves Z set (its ZF field is 0,
     * which means Z = 1), so do the same and lockstep comparisons start identical. */
    cpu->nzcv = 0x40000000;
    /* Reset enters with all of DAIF masked, using SP_ELx (DDI 0487 D1.9.1). */
    cpu->daif = 0xf << 6;
    cpu->el = (uint8_t)el;
    cpu->spsel = 1;
    cpu->pan = 0;
    cpu->il = 0;
    cpu->ss = 0;
    memset(&cpu->dbg, 0, sizeof cpu->dbg);
    struct irq_line pmu_irq = cpu->pmu.irq;
    memset(&cpu->pmu, 0, sizeof cpu->pmu);
    cpu->pmu.irq = pmu_irq;
    cpu->dbg.oslk = true; /* the OS lock is locked on a cold reset (DDI 0487 D19.3, OSLSR_EL1) */
    cpu_debug_changed(cpu); /* the host debugger's breakpoints (cpu->hdbg) survive a reset */
    cpu->pc = entry;
    cpu->excl_valid = false;
    cpu->event_register = false;
    cpu->exc_streak = 0;
    cpu->exc_last_vector = UINT64_MAX;
    cpu->stop = CPU_RUNNING;
    cpu->stop_reason[0] = 0;
    cpu->exit_code = 0;
    cpu->icount = 0;
    exc_reset(cpu); /* interrupt state, VPIDR/VMPIDR_EL2 (after EL and DAIF are set) */
    mmu_tlb_flush(&cpu->mmu);
    mmu_atlb_flush(&cpu->mmu);
    cpu_fetch_cache_flush(cpu);
}

void cpu_stop_with(struct cpu_state *cpu, enum cpu_stop why, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cpu->stop_reason, sizeof cpu->stop_reason, fmt, ap);
    va_end(ap);
    cpu->stop = why;
}

uint64_t cpu_pstate(const struct cpu_state *cpu)
{
    return (uint64_t)cpu->nzcv | (uint64_t)cpu->pan << 22 | (uint64_t)cpu->ss << 21 | (uint64_t)cpu->il << 20 | cpu->daif |
           (uint64_t)cpu->el << 2 | cpu->spsel;
}

uint64_t cpu_get_sp_el(const struct cpu_state *cpu, unsigned el)
{
    unsigned live = cpu->spsel ? cpu->el : 0;
    return el == live ? cpu->x[31] : cpu->sp_el[el];
}

void cpu_set_sp_el(struct cpu_state *cpu, unsigned el, uint64_t value)
{
    unsigned live = cpu->spsel ? cpu->el : 0;
    if (el == live)
        cpu->x[31] = value;
    else
        cpu->sp_el[el] = value;
}

void cpu_set_el_spsel(struct cpu_state *cpu, unsigned el, unsigned spsel)
{
    unsigned old = cpu->spsel ? cpu->el : 0, now = spsel ? el : 0;
    if (el != cpu->el)
        cpu_el_changing(cpu, cpu->el, el);
    if (old != now) {
        cpu->sp_el[old] = cpu->x[31];
        cpu->x[31] = cpu->sp_el[now];
    }
    cpu->el = (uint8_t)el;
    cpu->spsel = (uint8_t)spsel;
}
