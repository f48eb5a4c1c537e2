/*
 * PSTATE fields, the core EL0/EL1 registers, ID registers and cache maintenance, sorted by
 * encoding (op0, op1, CRn, CRm, op2). Registers of the MMU, timer and GIC live in their own
 * files with their issues; until then they are UNDEFINED with a log line that names them.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"

#define OFF(member) (uint16_t) offsetof(struct cpu_state, member)
/* Plain storage, optionally with an access check. */
#define SR_STORE_ACC(n, o0, o1, cn, cm, o2, rel, wel, member, rst, acc) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, wel, OFF(member), rst, NULL, NULL, acc, 0 }
#define SR_STORE(n, o0, o1, cn, cm, o2, rel, wel, member, rst) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, wel, OFF(member), rst, NULL, NULL, NULL, 0 }
/* Read-only constant, optionally with an access check (ID registers: HCR_EL2.TID*). */
#define SR_CONST_ACC(n, o0, o1, cn, cm, o2, rel, value, acc) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, SR_NO_ACCESS, SR_NO_STORAGE, value, NULL, NULL, acc, SRF_CONST }
/* Read-only constant. */
#define SR_CONST(n, o0, o1, cn, cm, o2, rel, value) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, SR_NO_ACCESS, SR_NO_STORAGE, value, NULL, NULL, NULL, SRF_CONST }
/* Hooks. */
#define SR_HOOK(n, o0, o1, cn, cm, o2, rel, wel, rd, wr, acc, fl) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), rel, wel, SR_NO_STORAGE, 0, rd, wr, acc, fl }

/* ---- ID registers: one coherent profile (brief section 5); only what is implemented ---- */
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
     * FP [19:16] and AdvSIMD [23:20]: 0 = implemented (v8.0: half precision only in conversions),
     * 0xF = not implemented; GIC [27:24] = 1: the GICv3 system-register interface (src/gic)
     * when the machine has a GIC. */
    uint64_t fp = cpu_has_feature(cpu, FEAT_FP) ? 0 : 0xf;
    uint64_t simd = cpu_has_feature(cpu, FEAT_ADVSIMD) ? 0 : 0xf;
    return 1ull | 1ull << 4 | (uint64_t)(cpu->has_el2 ? 1 : 0) << 8 | fp << 16 | simd << 20 |
           (uint64_t)(cpu->gic ? 1 : 0) << 24;
}

/* ISAR0: AES [7:4] = 1 (AESE...) or 2 (and PMULL), SHA1 [11:8] = 1, SHA2 [15:12] = 1 (SHA256),
 * CRC32 [19:16] = 1, Atomic [23:20] = 2 (FEAT_LSE); each only if the profile has it. */
static uint64_t read_isar0(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    uint64_t aes = cpu_has_feature(cpu, FEAT_AES) ? (cpu_has_feature(cpu, FEAT_PMULL) ? 2 : 1) : 0;
    return aes << 4 | (uint64_t)cpu_has_feature(cpu, FEAT_SHA1) << 8 |
           (uint64_t)cpu_has_feature(cpu, FEAT_SHA256) << 12 |
           (uint64_t)cpu_has_feature(cpu, FEAT_CRC32) << 16 |
           (uint64_t)(cpu_has_feature(cpu, FEAT_LSE) ? 2 : 0) << 20;
}

/* MMFR1: VMIDBits [7:4] = 2 (16-bit VMIDs, FEAT_VMID16), VH [11:8] = 1 (FEAT_VHE), PAN [23:20]
 * = 2 (FEAT_PAN with the AT S1E1RP/WP of FEAT_PAN2), each only if the profile has it. */
static uint64_t read_mmfr1(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return (uint64_t)(cpu_has_feature(cpu, FEAT_VMID16) ? 2 : 0) << 4 | (uint64_t)cpu_has_feature(cpu, FEAT_VHE) << 8 |
           (uint64_t)(cpu_has_feature(cpu, FEAT_PAN) ? 2 : 0) << 20;
}

/* PAN (FEAT_PAN): PSTATE.PAN in bit 22; UNDEFINED without the feature. */
static enum sysreg_result pan_access(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu_has_feature(cpu, FEAT_PAN) ? SR_OK : SR_UNDEF;
}
static uint64_t read_pan(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return (uint64_t)cpu->pan << 22;
}
static bool write_pan(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu_set_pan(cpu, (v >> 22) & 1);
    return true;
}

/* MIDR_EL1/MPIDR_EL1 read at EL1 return VPIDR_EL2/VMPIDR_EL2 when EL2 is implemented, with no
 * trap (DDI 0487 D19.2.86, D19.2.87); EL2 reads the real values (sysreg_traps.h). */
static uint64_t read_midr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return cpu->has_el2 && cpu->el < 2 ? cpu->sr.vpidr_el2 : A64_MIDR_VALUE;
}
static uint64_t read_mpidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return cpu->has_el2 && cpu->el < 2 ? cpu->sr.vmpidr_el2 : cpu_real_mpidr(cpu);
}

/* DCZID_EL0.DZP reads 1 when DC ZVA would trap or be UNDEFINED here (DDI 0487 D19.2.36). */
static uint64_t read_dczid(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    const char *why;
    return DCZID_VALUE | (sysreg_trap_tdz(cpu, d, true, &why) != SR_OK ? 1u << 4 : 0);
}

/* Cache identification as QEMU's cortex-a57 (target/arm/cpu64.c), coherent with CTR_EL0: CLIDR
 * L1 I+D, L2 unified, LoUU 1, LoC 2, LoUIS 1; CCSIDR by CSSELR (Level, InD). */
#define CLIDR_VALUE 0x0a200023ull
static uint64_t read_ccsidr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    static const uint64_t ccsidr[4] = { 0x701fe00a, 0x201fe012, 0x70ffe07a, 0 };
    return ccsidr[cpu->sr.csselr_el1 < 3 ? cpu->sr.csselr_el1 : 3];
}
static bool write_csselr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.csselr_el1 = v & 0xf; /* Level [3:1], InD [0] */
    return true;
}

/* RVBAR_EL1 exists only when EL1 is the highest EL (DDI 0487 D19.2.114). */
static enum sysreg_result access_no_el2(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->has_el2 ? SR_UNDEF : SR_OK;
}

/* IMPLEMENTATION DEFINED registers without content here (ACTLR_EL1, AFSR0/1_EL1): RAZ/WI, as
 * QEMU's cortex-a57. */

static bool write_contextidr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.contextidr_el1 = (uint32_t)v; /* PROCID [31:0]; bits 63:32 RES0 */
    return true;
}

static bool write_sctlr_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    uint64_t old = cpu->sr.sctlr_el1;
    cpu->sr.sctlr_el1 = v;
    cpu_sctlr_written(cpu, 1, old, v); /* the MMU takes the change into account (sysreg_mmu.c) */
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
    exc_update_irq(cpu);
    return true;
}
static uint64_t read_isr(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return exc_isr_el1(cpu); }
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

/* EL0 access to DAIF needs SCTLR_EL1.UMA (SCTLR_EL2's in host), else it traps to EL1 (DDI 0487 C5.2.2). */
static enum sysreg_result access_el0_uma(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w;
    if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, SCTLR_UMA)) {
        *why = cpu_el0_in_host(cpu) ? "SCTLR_EL2.UMA=0" : "SCTLR_EL1.UMA=0";
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
    SR_HOOK(MIDR_EL1,           3, 0, 0, 0, 0, 1, SR_NO_ACCESS, read_midr, NULL, NULL, SRF_RO),
    SR_HOOK(MPIDR_EL1,          3, 0, 0, 0, 5, 1, SR_NO_ACCESS, read_mpidr, NULL, NULL, SRF_RO),
    SR_CONST_ACC(REVIDR_EL1,    3, 0, 0, 0, 6, 1, 0, sysreg_trap_tid1),
    SR_HOOK(ID_AA64PFR0_EL1,    3, 0, 0, 4, 0, 1, SR_NO_ACCESS, read_pfr0, NULL, sysreg_trap_tid3, SRF_RO),
    SR_CONST_ACC(ID_AA64PFR1_EL1, 3, 0, 0, 4, 1, 1, 0, sysreg_trap_tid3),
    /* DFR0: DebugVer [3:0] = 6 (v8.0 debug), PMUVer [11:8] = 1, BRPs [15:12] = 5 (6 breakpoints), WRPs [23:20] = 3
     * (4 watchpoints), CTX_CMPs [31:28] = 1 (2 context-aware): debug.c, as a Cortex-A57. */
    SR_CONST_ACC(ID_AA64DFR0_EL1, 3, 0, 0, 5, 0, 1,
                 6 | 1 << 8 /* PMUVer: PMUv3, pmu.c */ | (CPU_NUM_BRPS - 1) << 12 | (CPU_NUM_WRPS - 1) << 20 | (CPU_NUM_CTX_BRPS - 1) << 28, sysreg_trap_tid3),
    SR_CONST_ACC(ID_AA64DFR1_EL1, 3, 0, 0, 5, 1, 1, 0, sysreg_trap_tid3),
    SR_CONST_ACC(ID_AA64AFR0_EL1, 3, 0, 0, 5, 4, 1, 0, sysreg_trap_tid3),
    SR_CONST_ACC(ID_AA64AFR1_EL1, 3, 0, 0, 5, 5, 1, 0, sysreg_trap_tid3),
    SR_HOOK(ID_AA64ISAR0_EL1,   3, 0, 0, 6, 0, 1, SR_NO_ACCESS, read_isar0, NULL, sysreg_trap_tid3, SRF_RO),
    SR_CONST_ACC(ID_AA64ISAR1_EL1, 3, 0, 0, 6, 1, 1, 0, sysreg_trap_tid3),
    SR_CONST_ACC(ID_AA64MMFR0_EL1, 3, 0, 0, 7, 0, 1, ID_AA64MMFR0_VALUE, sysreg_trap_tid3),
    SR_HOOK(ID_AA64MMFR1_EL1,   3, 0, 0, 7, 1, 1, SR_NO_ACCESS, read_mmfr1, NULL, sysreg_trap_tid3, SRF_RO),
    SR_CONST_ACC(ID_AA64MMFR2_EL1, 3, 0, 0, 7, 2, 1, 0, sysreg_trap_tid3),
    { "SCTLR_EL1", SYSREG_ENC(3, 0, 1, 0, 0), 1, 1, OFF(sr.sctlr_el1), 0x00c50838ull, NULL, write_sctlr_el1,
      sysreg_trap_tvm_trvm, 0 },
    SR_HOOK(ACTLR_EL1,          3, 0, 1, 0, 1, 1, 1, sysreg_read_zero, sysreg_write_ignore, sysreg_trap_tacr, 0),
    SR_STORE_ACC(CPACR_EL1,     3, 0, 1, 0, 2, 1, 1, sr.cpacr_el1, 0, sysreg_trap_tcpac),
    SR_STORE(SPSR_EL1,          3, 0, 4, 0, 0, 1, 1, sr.spsr_el1, 0),
    SR_STORE(ELR_EL1,           3, 0, 4, 0, 1, 1, 1, sr.elr_el1, 0),
    SR_HOOK(SP_EL0,             3, 0, 4, 1, 0, 1, 1, read_sp_el0, write_sp_el0, access_sp_el0, 0),
    SR_HOOK(SPSel,              3, 0, 4, 2, 0, 1, 1, read_spsel, write_spsel, NULL, 0),
    SR_HOOK(CurrentEL,          3, 0, 4, 2, 2, 1, SR_NO_ACCESS, read_currentel, NULL, NULL, SRF_RO),
    SR_HOOK(PAN,                3, 0, 4, 2, 3, 1, 1, read_pan, write_pan, pan_access, 0),
    SR_HOOK(AFSR0_EL1,          3, 0, 5, 1, 0, 1, 1, sysreg_read_zero, sysreg_write_ignore, sysreg_trap_tvm_trvm, 0),
    SR_HOOK(AFSR1_EL1,          3, 0, 5, 1, 1, 1, 1, sysreg_read_zero, sysreg_write_ignore, sysreg_trap_tvm_trvm, 0),
    SR_STORE_ACC(ESR_EL1,       3, 0, 5, 2, 0, 1, 1, sr.esr_el1, 0, sysreg_trap_tvm_trvm),
    SR_STORE_ACC(FAR_EL1,       3, 0, 6, 0, 0, 1, 1, sr.far_el1, 0, sysreg_trap_tvm_trvm),
    SR_STORE(VBAR_EL1,          3, 0, 12, 0, 0, 1, 1, sr.vbar_el1, 0),
    SR_CONST_ACC(RVBAR_EL1,     3, 0, 12, 0, 1, 1, 0, access_no_el2),
    SR_HOOK(ISR_EL1,            3, 0, 12, 1, 0, 1, SR_NO_ACCESS, read_isr, NULL, NULL, SRF_RO),
    { "CONTEXTIDR_EL1", SYSREG_ENC(3, 0, 13, 0, 1), 1, 1, OFF(sr.contextidr_el1), 0, NULL, write_contextidr,
      sysreg_trap_tvm_trvm, 0 },
    SR_STORE(TPIDR_EL1,         3, 0, 13, 0, 4, 1, 1, sr.tpidr_el1, 0),
    SR_HOOK(CCSIDR_EL1,         3, 1, 0, 0, 0, 1, SR_NO_ACCESS, read_ccsidr, NULL, sysreg_trap_tid2, SRF_RO),
    SR_CONST_ACC(CLIDR_EL1,     3, 1, 0, 0, 1, 1, CLIDR_VALUE, sysreg_trap_tid2),
    SR_CONST_ACC(AIDR_EL1,      3, 1, 0, 0, 7, 1, 0, sysreg_trap_tid1),
    { "CSSELR_EL1", SYSREG_ENC(3, 2, 0, 0, 0), 1, 1, OFF(sr.csselr_el1), 0, NULL, write_csselr,
      sysreg_trap_tid2, 0 },
    SR_CONST_ACC(CTR_EL0,       3, 3, 0, 0, 1, 0, CTR_VALUE, sysreg_trap_ctr),
    SR_HOOK(DCZID_EL0,          3, 3, 0, 0, 7, 0, SR_NO_ACCESS, read_dczid, NULL, NULL, SRF_RO),
    SR_HOOK(NZCV,               3, 3, 4, 2, 0, 0, 0, read_nzcv, write_nzcv, NULL, 0),
    SR_HOOK(DAIF,               3, 3, 4, 2, 1, 0, 0, read_daif, write_daif, access_el0_uma, 0),
    SR_STORE(TPIDR_EL0,         3, 3, 13, 0, 2, 0, 0, sr.tpidr_el0, 0),
    SR_STORE(TPIDRRO_EL0,       3, 3, 13, 0, 3, 0, 1, sr.tpidrro_el0, 0),
};

/* System instructions (op0 = 1): cache maintenance. Sorted as above. TLBI and AT arrive with
 * the MMU issue. */
static const struct sysreg_desc sys_rows[] = {
    SR_HOOK(IC_IALLUIS,  1, 0, 7, 1, 0, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tpu, SRF_WO),
    SR_HOOK(IC_IALLU,    1, 0, 7, 5, 0, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tpu, SRF_WO),
    SR_HOOK(DC_IVAC,     1, 0, 7, 6, 1, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tpcp, SRF_WO),
    SR_HOOK(DC_ISW,      1, 0, 7, 6, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tsw, SRF_WO),
    SR_HOOK(DC_CSW,      1, 0, 7, 10, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tsw, SRF_WO),
    SR_HOOK(DC_CISW,     1, 0, 7, 14, 2, SR_NO_ACCESS, 1, NULL, write_cache_nop, sysreg_trap_tsw, SRF_WO),
    SR_HOOK(DC_ZVA,      1, 3, 7, 4, 1, SR_NO_ACCESS, 0, NULL, write_dc_zva, sysreg_trap_tdz, SRF_WO),
    SR_HOOK(IC_IVAU,     1, 3, 7, 5, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, sysreg_trap_tpu, SRF_WO),
    SR_HOOK(DC_CVAC,     1, 3, 7, 10, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, sysreg_trap_tpcp, SRF_WO),
    SR_HOOK(DC_CVAU,     1, 3, 7, 11, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, sysreg_trap_tpu, SRF_WO),
    SR_HOOK(DC_CIVAC,    1, 3, 7, 14, 1, SR_NO_ACCESS, 0, NULL, write_cache_nop, sysreg_trap_tpcp, SRF_WO),
};

const struct sysreg_table sysreg_base_table = { "src/cpu/sysreg_base.c", base_rows, sizeof base_rows / sizeof base_rows[0] };
const struct sysreg_table sysreg_sys_table = { "src/cpu/sysreg_base.c (SYS)", sys_rows, sizeof sys_rows / sizeof sys_rows[0] };
