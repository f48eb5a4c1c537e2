/*
 * PSTATE fields, the core EL0/EL1/EL2 registers, ID registers and cache maintenance, sorted by
 * encoding (op0, op1, CRn, CRm, op2). Registers of the MMU, timer and GIC live in their own
 * files with their issues; until then they are UNDEFINED with a log line that names them.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"

#define OFF(member) (uint16_t) offsetof(struct cpu_state, member)
/* Plain storage. */
#define SR_STORE(n, o0, o1, cn, cm, o2, rel, wel, member, rst) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, wel, OFF(member), rst, NULL, NULL, NULL, 0 }
/* Read-only constant. */
#define SR_CONST(n, o0, o1, cn, cm, o2, rel, value) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, SR_NO_ACCESS, SR_NO_STORAGE, value, NULL, NULL, NULL, SRF_CONST }
/* Hooks. */
#define SR_HOOK(n, o0, o1, cn, cm, o2, rel, wel, rd, wr, acc, fl) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, wel, SR_NO_STORAGE, 0, rd, wr, acc, fl }

/* ---- ID registers: one coherent profile (brief section 5); only what is implemented ---- */
/* MIDR: implementer 0x00 (software, so no errata workarounds trigger), architecture 0xF,
 * part number 0xA64. */
#define MIDR_VALUE 0x000fa640ull
/* ISAR0: CRC32 [19:16] = 1, Atomic [23:20] = 2 (FEAT_LSE). AES/SHA/PMULL with the FP/SIMD issue. */
#define ID_AA64ISAR0_VALUE ((1ull << 16) | (2ull << 20))
/* MMFR0: PARange [3:0] = 5 (48 bits), ASIDBits [7:4] = 2 (16 bits), BigEnd 0, SNSMem 0,
 * TGran16 [23:20] = 1, TGran64 [27:24] = 0, TGran4 [31:28] = 0 (the MMU issue implements them). */
#define ID_AA64MMFR0_VALUE (5ull | 2ull << 4 | 1ull << 20)
/* CTR_EL0 as QEMU's cortex-a57: IminLine 4, L1Ip PIPT, DminLine 4, ERG 4 (64 bytes), CWG 4. */
#define CTR_VALUE 0x8444c004ull
/* DCZID_EL0: BS = 4 (64-byte DC ZVA blocks), DZP = 0. */
#define DC_ZVA_BYTES 64
#define DCZID_VALUE 4ull

static uint64_t read_pfr0(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    /* EL0 [3:0] = 1, EL1 [7:4] = 1 (AArch64 only), EL2 [11:8] = 1 if implemented, EL3 = 0,
     * FP [19:16] = 0xF and AdvSIMD [23:20] = 0xF (not implemented until the FP/SIMD issue),
     * GIC [27:24] = 0 (until the GIC issue). */
    return 1ull | 1ull << 4 | (uint64_t)(cpu->has_el2 ? 1 : 0) << 8 | 0xfull << 16 | 0xfull << 20;
}

static uint64_t read_mpidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    /* RES1 bit 31; one cluster, Aff0 = vCPU number (as QEMU virt with up to 8 CPUs). */
    return 1ull << 31 | cpu->index;
}

static bool write_sctlr_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    if ((v & 1) && !(cpu->sr.sctlr_el1 & 1))
        log_msg(LOG_UNIMP, "vCPU %u: SCTLR_EL1.M=1 at pc=0x%llx: stage-1 translation is not "
                "implemented yet (MMU issue); addresses stay flat", cpu->index, (unsigned long long)cpu->pc);
    cpu->sr.sctlr_el1 = v;
    return true;
}

static uint64_t read_nzcv(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->nzcv; }
static bool write_nzcv(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->nzcv = (uint32_t)v & 0xf0000000u;
    return true;
}
static uint64_t read_daif(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->daif; }
static bool write_daif(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->daif = (uint32_t)v & (0xfu << 6);
    return true;
}
static uint64_t read_currentel(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return (uint64_t)cpu->el << 2; }
static uint64_t read_spsel(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu->spsel; }
static bool write_spsel(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu_set_el_spsel(cpu, cpu->el, v & 1);
    return true;
}

/* SP_EL0 is UNDEFINED while it is the current stack pointer (DDI 0487 C5.2.16). */
static enum sysreg_result access_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->spsel == 0 ? SR_UNDEF : SR_OK;
}
static uint64_t read_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu_get_sp_el(cpu, 0); }
static bool write_sp_el0(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu_set_sp_el(cpu, 0, v);
    return true;
}
static uint64_t read_sp_el1(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu_get_sp_el(cpu, 1); }
static bool write_sp_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu_set_sp_el(cpu, 1, v);
    return true;
}

/* EL0 access to DAIF needs SCTLR_EL1.UMA (bit 9), else it traps to EL1 (DDI 0487 C5.2.2). */
static enum sysreg_result access_el0_uma(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (cpu->el == 0 && !(cpu->sr.sctlr_el1 & (1u << 9))) {
        *why = "SCTLR_EL1.UMA";
        return SR_TRAP_EL1;
    }
    return SR_OK;
}

/* EL0 use of cache maintenance by VA and DC ZVA depends on SCTLR_EL1.UCI (bit 26) and
 * SCTLR_EL1.DZE (bit 14); DDI 0487 D7.5. */
static enum sysreg_result access_el0_uci(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (cpu->el == 0 && !(cpu->sr.sctlr_el1 & (1u << 26))) {
        *why = "SCTLR_EL1.UCI";
        return SR_TRAP_EL1;
    }
    return SR_OK;
}
static enum sysreg_result access_el0_dze(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (cpu->el == 0 && !(cpu->sr.sctlr_el1 & (1u << 14))) {
        *why = "SCTLR_EL1.DZE";
        return SR_TRAP_EL1;
    }
    return SR_OK;
}

/* Memory is coherent and instructions are decoded from memory as it is written, so cache
 * maintenance has no effect to model (DDI 0487 D7.4: caches are not architecturally visible
 * beyond coherency). The operation still checks its permissions via the access hook. */
static bool write_cache_nop(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)cpu, (void)d, (void)v;
    return true;
}

static bool write_dc_zva(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    uint64_t base = v & ~(uint64_t)(DC_ZVA_BYTES - 1);
    if (!cpu_probe(cpu, base, DC_ZVA_BYTES, MMU_WRITE))
        return false;
    for (unsigned i = 0; i < DC_ZVA_BYTES; i += 8)
        if (!cpu_write(cpu, base + i, 8, 0))
            return false;
    return true;
}

static const struct sysreg_desc base_rows[] = {
    SR_CONST(MIDR_EL1,          3, 0, 0, 0, 0, 1, MIDR_VALUE),
    SR_HOOK(MPIDR_EL1,          3, 0, 0, 0, 5, 1, SR_NO_ACCESS, read_mpidr, NULL, NULL, SRF_RO),
    SR_CONST(REVIDR_EL1,        3, 0, 0, 0, 6, 1, 0),
    SR_HOOK(ID_AA64PFR0_EL1,    3, 0, 0, 4, 0, 1, SR_NO_ACCESS, read_pfr0, NULL, NULL, SRF_RO),
    SR_CONST(ID_AA64PFR1_EL1,   3, 0, 0, 4, 1, 1, 0),
    /* DFR0: DebugVer [3:0] = 6 (v8.0 debug), the minimum the architecture allows. */
    SR_CONST(ID_AA64DFR0_EL1,   3, 0, 0, 5, 0, 1, 6),
    SR_CONST(ID_AA64DFR1_EL1,   3, 0, 0, 5, 1, 1, 0),
    SR_CONST(ID_AA64AFR0_EL1,   3, 0, 0, 5, 4, 1, 0),
    SR_CONST(ID_AA64AFR1_EL1,   3, 0, 0, 5, 5, 1, 0),
    SR_CONST(ID_AA64ISAR0_EL1,  3, 0, 0, 6, 0, 1, ID_AA64ISAR0_VALUE),
    SR_CONST(ID_AA64ISAR1_EL1,  3, 0, 0, 6, 1, 1, 0),
    SR_CONST(ID_AA64MMFR0_EL1,  3, 0, 0, 7, 0, 1, ID_AA64MMFR0_VALUE),
    SR_CONST(ID_AA64MMFR1_EL1,  3, 0, 0, 7, 1, 1, 0),
    SR_CONST(ID_AA64MMFR2_EL1,  3, 0, 0, 7, 2, 1, 0),
    { "SCTLR_EL1", SYSREG_ENC(3, 0, 1, 0, 0), 1, 1, OFF(sr.sctlr_el1), 0x00c50838ull, NULL, write_sctlr_el1, NULL, 0 },
    SR_STORE(CPACR_EL1,         3, 0, 1, 0, 2, 1, 1, sr.cpacr_el1, 0),
    SR_STORE(SPSR_EL1,          3, 0, 4, 0, 0, 1, 1, sr.spsr_el1, 0),
    SR_STORE(ELR_EL1,           3, 0, 4, 0, 1, 1, 1, sr.elr_el1, 0),
    SR_HOOK(SP_EL0,             3, 0, 4, 1, 0, 1, 1, read_sp_el0, write_sp_el0, access_sp_el0, 0),
    SR_HOOK(SPSel,              3, 0, 4, 2, 0, 1, 1, read_spsel, write_spsel, NULL, 0),
    SR_HOOK(CurrentEL,          3, 0, 4, 2, 2, 1, SR_NO_ACCESS, read_currentel, NULL, NULL, SRF_RO),
    SR_STORE(ESR_EL1,           3, 0, 5, 2, 0, 1, 1, sr.esr_el1, 0),
    SR_STORE(FAR_EL1,           3, 0, 6, 0, 0, 1, 1, sr.far_el1, 0),
    SR_STORE(VBAR_EL1,          3, 0, 12, 0, 0, 1, 1, sr.vbar_el1, 0),
    SR_STORE(TPIDR_EL1,         3, 0, 13, 0, 4, 1, 1, sr.tpidr_el1, 0),
    SR_CONST(CTR_EL0,           3, 3, 0, 0, 1, 0, CTR_VALUE),
    SR_CONST(DCZID_EL0,         3, 3, 0, 0, 7, 0, DCZID_VALUE),
    SR_HOOK(NZCV,               3, 3, 4, 2, 0, 0, 0, read_nzcv, write_nzcv, NULL, 0),
    SR_HOOK(DAIF,               3, 3, 4, 2, 1, 0, 0, read_daif, write_daif, access_el0_uma, 0),
    SR_STORE(TPIDR_EL0,         3, 3, 13, 0, 2, 0, 0, sr.tpidr_el0, 0),
    SR_STORE(TPIDRRO_EL0,       3, 3, 13, 0, 3, 0, 1, sr.tpidrro_el0, 0),
    { "SCTLR_EL2", SYSREG_ENC(3, 4, 1, 0, 0), 2, 2, OFF(sr.sctlr_el2), 0x30c50830ull, NULL, NULL, NULL, SRF_NEED_EL2 },
    { "SPSR_EL2", SYSREG_ENC(3, 4, 4, 0, 0), 2, 2, OFF(sr.spsr_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
    { "ELR_EL2", SYSREG_ENC(3, 4, 4, 0, 1), 2, 2, OFF(sr.elr_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
    SR_HOOK(SP_EL1,             3, 4, 4, 1, 0, 2, 2, read_sp_el1, write_sp_el1, NULL, SRF_NEED_EL2),
    { "ESR_EL2", SYSREG_ENC(3, 4, 5, 2, 0), 2, 2, OFF(sr.esr_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
    { "FAR_EL2", SYSREG_ENC(3, 4, 6, 0, 0), 2, 2, OFF(sr.far_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
    { "VBAR_EL2", SYSREG_ENC(3, 4, 12, 0, 0), 2, 2, OFF(sr.vbar_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
    { "TPIDR_EL2", SYSREG_ENC(3, 4, 13, 0, 2), 2, 2, OFF(sr.tpidr_el2), 0, NULL, NULL, NULL, SRF_NEED_EL2 },
};

/* System instructions (op0 = 1): cache maintenance. Sorted as above. TLBI and AT arrive with
 * the MMU issue. */
static const struct sysreg_desc sys_rows[] = {
    SR_HOOK(IC_IALLUIS,  1, 0, 7, 1, 0, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(IC_IALLU,    1, 0, 7, 5, 0, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(DC_IVAC,     1, 0, 7, 6, 1, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(DC_ISW,      1, 0, 7, 6, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(DC_CSW,      1, 0, 7, 10, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(DC_CISW,     1, 0, 7, 14, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, NULL, SRF_WO),
    SR_HOOK(DC_ZVA,      1, 3, 7, 4, 1, SR_NO_ACCESS, 0, NULL, write_dc_zva, access_el0_dze, SRF_WO),
    SR_HOOK(IC_IVAU,     1, 3, 7, 5, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, access_el0_uci, SRF_WO),
    SR_HOOK(DC_CVAC,     1, 3, 7, 10, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, access_el0_uci, SRF_WO),
    SR_HOOK(DC_CVAU,     1, 3, 7, 11, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, access_el0_uci, SRF_WO),
    SR_HOOK(DC_CIVAC,    1, 3, 7, 14, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, access_el0_uci, SRF_WO),
};

const struct sysreg_table sysreg_base_table = { "src/cpu/sysreg_base.c", base_rows, sizeof base_rows / sizeof base_rows[0] };
const struct sysreg_table sysreg_sys_table = { "src/cpu/sysreg_base.c (SYS)", sys_rows, sizeof sys_rows / sizeof sys_rows[0] };
