/*
 * The EL2 controls that make EL1/EL0 actions trap (concepts.md section 1): field definitions of
 * HCR_EL2, MDCR_EL2 and CPTR_EL2 named as in the Arm ARM (DDI 0487 D19.2), and the access-check
 * hooks that system register rows of every sysreg_*.c file share. Each hook returns SR_OK or a
 * trap with its cause ("HCR_EL2.TVM=1") for the log and the trace.
 *
 * Rows of other files use these by name, e.g. the MMU's TTBR0_EL1 row takes
 * sysreg_trap_tvm_trvm and its TLBI rows sysreg_trap_ttlb.
 *
 * EL2Enabled() is has_el2: there is no EL3 and the PE is in Non-secure state.
 */
#ifndef A64EMU_CPU_SYSREG_TRAPS_H
#define A64EMU_CPU_SYSREG_TRAPS_H

#include "cpu/cpu.h"
#include "cpu/sysreg.h"

/* HCR_EL2 bit positions (DDI 0487 D19.2.46): ARMv8.0, plus E2H (FEAT_VHE). */
enum hcr_el2_bit {
    HCR_VM = 0, HCR_SWIO = 1, HCR_PTW = 2, HCR_FMO = 3, HCR_IMO = 4, HCR_AMO = 5, HCR_VF = 6,
    HCR_VI = 7, HCR_VSE = 8, HCR_FB = 9, HCR_BSU = 10, HCR_DC = 12, HCR_TWI = 13, HCR_TWE = 14,
    HCR_TID0 = 15, HCR_TID1 = 16, HCR_TID2 = 17, HCR_TID3 = 18, HCR_TSC = 19, HCR_TIDCP = 20,
    HCR_TACR = 21, HCR_TSW = 22, HCR_TPCP = 23, HCR_TPU = 24, HCR_TTLB = 25, HCR_TVM = 26,
    HCR_TGE = 27, HCR_TDZ = 28, HCR_HCD = 29, HCR_TRVM = 30, HCR_RW = 31, HCR_CD = 32, HCR_ID = 33,
    HCR_E2H = 34,
};
/* Bits 0..33 are defined in ARMv8.0; E2H (34) with FEAT_VHE (write_hcr keeps it only then);
 * later bits are RES0 without their features. RW (31) is RAO/WI because EL1 is AArch64-only
 * (ID_AA64PFR0_EL1.EL1 = 1). */
#define HCR_EL2_VALID_MASK 0x3ffffffffull
#define HCR_EL2_RES1 (1ull << HCR_RW)

/* MDCR_EL2 (DDI 0487 D19.3.16): HPMN [4:0], TPMCR 5, TPM 6, HPME 7, TDE 8, TDA 9, TDOSA 10,
 * TDRA 11. */
enum mdcr_el2_bit { MDCR_TPMCR = 5, MDCR_TPM = 6, MDCR_HPME = 7, MDCR_TDE = 8, MDCR_TDA = 9,
                    MDCR_TDOSA = 10, MDCR_TDRA = 11 };
#define MDCR_EL2_VALID_MASK 0xfffull

/* CPTR_EL2 with HCR_EL2.E2H = 0 (DDI 0487 D19.2.30): TFP 10, TTA 20, TCPAC 31; RES1 13:12, 9:0
 * (bit 8 is TZ with SVE, RES1 without). */
enum cptr_el2_bit { CPTR_TFP = 10, CPTR_TTA = 20, CPTR_TCPAC = 31 };
#define CPTR_EL2_VALID_MASK ((1ull << CPTR_TFP) | (1ull << CPTR_TTA) | (1ull << CPTR_TCPAC))
/* CPTR_EL2 with HCR_EL2.E2H = 1 (FEAT_VHE): CPACR_EL1's layout, FPEN [21:20], TTA 28, TCPAC 31
 * (ZEN [17:16] is SVE's: RES0 here); no RES1 bits. */
#define CPTR_E2H_FPEN_SHIFT 20
#define CPTR_E2H_TTA 28
#define CPTR_EL2_E2H_VALID_MASK ((3ull << CPTR_E2H_FPEN_SHIFT) | (1ull << CPTR_E2H_TTA) | (1ull << CPTR_TCPAC))
#define CPTR_EL2_RES1 0x33ffull

/* SCTLR_EL1 bits that trap EL0 (DDI 0487 D19.2.118). */
enum { SCTLR_UMA = 9, SCTLR_DZE = 14, SCTLR_UCT = 15, SCTLR_nTWI = 16, SCTLR_nTWE = 18,
       SCTLR_UCI = 26 };

/* HCR_EL2.<bit> as it applies now: 0 without EL2. */
static inline bool hcr_el2(const struct cpu_state *cpu, enum hcr_el2_bit b)
{
    return cpu->has_el2 && ((cpu->sr.hcr_el2 >> b) & 1);
}
static inline bool mdcr_el2(const struct cpu_state *cpu, enum mdcr_el2_bit b)
{
    return cpu->has_el2 && ((cpu->sr.mdcr_el2 >> b) & 1);
}
/* FEAT_VHE (DDI 0487 D5.6): HCR_EL2.E2H = 1 makes EL2 a host kernel's EL (the EL2&0 regime,
 * EL1 register names redirected to EL2 registers); with TGE = 1 as well, EL0 runs in that
 * regime ("in host", ELIsInHost(EL0)) and EL1 is unused. E2H is kept by write_hcr only with
 * FEAT_VHE, so these are false on a plain ARMv8.0 profile. */
static inline bool cpu_e2h(const struct cpu_state *cpu)
{
    return hcr_el2(cpu, HCR_E2H);
}
static inline bool cpu_el0_in_host(const struct cpu_state *cpu)
{
    return cpu_e2h(cpu) && hcr_el2(cpu, HCR_TGE);
}
/* The SCTLR bits that control EL0 (UCT, DZE, UCI, UMA, nTWI, nTWE): SCTLR_EL1's, or SCTLR_EL2's
 * when EL0 is in host (DDI 0487 D19.2.119: SCTLR_EL2 has these fields when E2H = TGE = 1). */
static inline bool sctlr_el0_ctrl(const struct cpu_state *cpu, unsigned b)
{
    return ((cpu_el0_in_host(cpu) ? cpu->sr.sctlr_el2 : cpu->sr.sctlr_el1) >> b) & 1;
}

/* Identification: the physical values, and what EL0/EL1 see (VPIDR_EL2/VMPIDR_EL2 when EL2 is
 * implemented, DDI 0487 D19.2.86/D19.2.87). MIDR: implementer 0x00 (software, so no errata
 * workarounds trigger), architecture 0xF, part number 0xA64. MPIDR: RES1 bit 31, one cluster,
 * Aff0 = vCPU number (as QEMU virt with up to 8 CPUs). */
#define A64_MIDR_VALUE 0x000fa640ull
static inline uint64_t cpu_real_mpidr(const struct cpu_state *cpu) { return 1ull << 31 | cpu->index; }

/* ---- access-check hooks (sysreg_access_fn) ---- */
/* EL1 VM controls: writes trap with HCR_EL2.TVM, reads with HCR_EL2.TRVM (SCTLR, TTBR0/1, TCR,
 * ESR, FAR, AFSR0/1, MAIR, AMAIR, CONTEXTIDR _EL1). */
enum sysreg_result sysreg_trap_tvm_trvm(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* TLBI from EL1: HCR_EL2.TTLB. */
enum sysreg_result sysreg_trap_ttlb(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* ACTLR_EL1: HCR_EL2.TACR. */
enum sysreg_result sysreg_trap_tacr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* REVIDR_EL1, AIDR_EL1: HCR_EL2.TID1. */
enum sysreg_result sysreg_trap_tid1(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1 (HCR_EL2.TID2); CTR_EL0 also checks SCTLR_EL1.UCT at EL0. */
enum sysreg_result sysreg_trap_tid2(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
enum sysreg_result sysreg_trap_ctr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* ID group 3 (ID_AA64*_EL1, ...): HCR_EL2.TID3. */
enum sysreg_result sysreg_trap_tid3(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* DC ISW/CSW/CISW: HCR_EL2.TSW. */
enum sysreg_result sysreg_trap_tsw(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* DC IVAC/CVAC/CIVAC (to PoC): SCTLR_EL1.UCI at EL0, then HCR_EL2.TPCP. */
enum sysreg_result sysreg_trap_tpcp(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* IC IALLU/IALLUIS/IVAU, DC CVAU (to PoU): SCTLR_EL1.UCI at EL0, then HCR_EL2.TPU. */
enum sysreg_result sysreg_trap_tpu(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* DC ZVA: SCTLR_EL1.DZE at EL0, then HCR_EL2.TDZ. */
enum sysreg_result sysreg_trap_tdz(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* CPACR_EL1 from EL1: CPTR_EL2.TCPAC. */
enum sysreg_result sysreg_trap_tcpac(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* Debug registers (MDSCR_EL1, DBG*): MDCR_EL2.TDA (or TDE, or HCR_EL2.TGE). OS lock registers
 * (OSLAR/OSLSR/OSDLR/DBGPRCR): TDOSA; MDRAR_EL1: TDRA. PMU registers: TPM; PMCR_EL0: TPMCR
 * (and TPM). For the debug and PMU issue's rows. */
enum sysreg_result sysreg_trap_tda(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
enum sysreg_result sysreg_trap_tdosa(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
enum sysreg_result sysreg_trap_tdra(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
enum sysreg_result sysreg_trap_tpm(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
enum sysreg_result sysreg_trap_tpmcr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);
/* Registers that exist only with FEAT_VHE (TTBR1_EL2, CONTEXTIDR_EL2): UNDEFINED without it. */
enum sysreg_result sysreg_need_vhe(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why);

/*
 * FEAT_VHE register redirection (sysreg_vhe.c, DDI 0487 D5.6.2 and D19.2 "Accessibility"):
 * the encoding an MRS/MSR of `enc` reaches at the current EL. At EL2 with HCR_EL2.E2H = 1 an
 * EL1 register name (SCTLR_EL1, TTBR0_EL1, CPACR_EL1 ...) reaches its EL2 register (SCTLR_EL2,
 * TTBR0_EL2, CPTR_EL2 ...), and the _EL12/_EL02 names (op1 = 5) reach the EL1/EL0 registers;
 * elsewhere the _EL12/_EL02 names are UNDEFINED (*undef_alias set). The timer registers do their
 * own redirection (src/timer/timer_sysreg.c). Without E2H, `enc` itself.
 */
uint16_t sysreg_vhe_resolve(const struct cpu_state *cpu, uint16_t enc, bool *undef_alias);
/* Self-check of the redirection table (aliases are op1 = 5 forms, sorted): problems found. */
unsigned sysreg_vhe_check(char *report, size_t size);

#endif
