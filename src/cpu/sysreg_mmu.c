/*
 * MMU system registers and instructions, sorted by encoding (op0, op1, CRn, CRm, op2): the AT
 * and TLBI system instructions (op0 = 1), then the stage-1 registers of the EL1&0 and EL2
 * regimes (op0 = 3). SCTLR_EL1/SCTLR_EL2 rows live in sysreg_base.c/sysreg_el2.c and call
 * cpu_sctlr_written() from their write hooks. CONTEXTIDR_EL1 is in sysreg_base.c.
 *
 * Every write that can change a translation ends in cpu_translation_changed() (soft TLB and
 * fetch cache); the architectural TLB is tagged by context, so TTBR (ASID) writes leave it alone,
 * while TCR writes and SCTLR.M changes drop the regime's entries (they change how walks are
 * done; QEMU flushes on both too).
 *
 * Stage 2: VTTBR_EL2 (never flushes: entries are tagged by VMID), VTCR_EL2 (a change drops the
 * TLB), HPFAR_EL2; TLBI IPAS2(L)E1(IS) and VMALLS12E1(IS); AT S12E<0|1><R|W>.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"

#define OFF(member) (uint16_t) offsetof(struct cpu_state, member)
#define MMU_REG(n, o0, o1, cn, cm, o2, el, member, rst, wr, acc, fl) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), el, el, OFF(member), rst, NULL, wr, acc, fl }
#define MMU_SYS(n, o1, cm, o2, el, wr, acc, fl) \
    { #n, SYSREG_ENC(1, o1, 8, cm, o2), SR_NO_ACCESS, el, SR_NO_STORAGE, 0, NULL, wr, acc, SRF_WO | (fl) }
#define MMU_AT(n, o1, cm, o2, el, wr, fl) \
    { #n, SYSREG_ENC(1, o1, 7, cm, o2), SR_NO_ACCESS, el, SR_NO_STORAGE, 0, NULL, wr, NULL, SRF_WO | (fl) }

/* TCR_EL1 bits with a meaning in this profile (RES0 elsewhere; HA/HD/HPD/TBID... absent). */
#define TCR_EL1_MASK 0x7fffffffffull  /* T0SZ..TBI1 [38:0] */
/* TCR_EL2 (E2H = 0): T0SZ, IRGN0, ORGN0, SH0, TG0, PS, TBI; bits 31 and 23 RES1. */
#define TCR_EL2_MASK 0x0017ff3full
#define TCR_EL2_RES1 ((1ull << 31) | (1ull << 23))

static void regime_walks_changed(struct cpu_state *cpu, enum mmu_regime regime)
{
    /* NOTE: drops the whole TLB (both regimes): a change of TCR or SCTLR.M is rare. */
    (void)regime;
    mmu_atlb_flush(&cpu->mmu);
    cpu_translation_changed(cpu);
}

void cpu_sctlr_written(struct cpu_state *cpu, unsigned el, uint64_t old, uint64_t v)
{
    if ((old ^ v) & MMU_SCTLR_M)
        regime_walks_changed(cpu, el == 2 ? MMU_REGIME_EL2 : MMU_REGIME_EL10);
    else
        cpu_translation_changed(cpu);
}

static bool write_ttbr0_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.ttbr0_el1 = v;
    cpu_asid_changed(cpu);
    return true;
}

static bool write_ttbr1_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.ttbr1_el1 = v;
    cpu_asid_changed(cpu);
    return true;
}

static bool write_tcr_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    v &= TCR_EL1_MASK;
    bool changed = v != cpu->sr.tcr_el1;
    cpu->sr.tcr_el1 = v;
    if (changed)
        regime_walks_changed(cpu, MMU_REGIME_EL10);
    return true;
}

static bool write_mair_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.mair_el1 = v;
    cpu_translation_changed(cpu);
    return true;
}

static bool write_ttbr0_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.ttbr0_el2 = v;
    cpu_asid_changed(cpu);
    return true;
}

static bool write_ttbr1_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.ttbr1_el2 = v;
    cpu_asid_changed(cpu);
    return true;
}

static bool write_tcr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    /* With HCR_EL2.E2H = 1 TCR_EL2 has TCR_EL1's layout (FEAT_VHE, DDI 0487 D19.2.124). */
    v = cpu_e2h(cpu) ? v & TCR_EL1_MASK : (v & TCR_EL2_MASK) | TCR_EL2_RES1;
    bool changed = v != cpu->sr.tcr_el2;
    cpu->sr.tcr_el2 = v;
    if (changed)
        regime_walks_changed(cpu, MMU_REGIME_EL2);
    return true;
}

static bool write_mair_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.mair_el2 = v;
    cpu_translation_changed(cpu);
    return true;
}

/* ---- AT ---- */
static bool at_s1e1r(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 1, false, false); }
static bool at_s1e1w(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 1, false, true); }
/* FEAT_PAN2: AT S1E1RP/WP are AT S1E1R/W with PSTATE.PAN applied (cpu_at_s1's `pan`). */
static bool at_s1e1rp(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1_pan(cpu, v, false); }
static bool at_s1e1wp(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1_pan(cpu, v, true); }
static enum sysreg_result pan2_access(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu_has_feature(cpu, FEAT_PAN) ? SR_OK : SR_UNDEF;
}
static bool at_s1e0r(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 1, true, false); }
static bool at_s1e0w(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 1, true, true); }
static bool at_s1e2r(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 2, false, false); }
static bool at_s1e2w(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; return cpu_at_s1(cpu, v, 2, false, true); }

static bool at_s12e1r(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; cpu_at_s12(cpu, v, false, false); return true; }
static bool at_s12e1w(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; cpu_at_s12(cpu, v, false, true); return true; }
static bool at_s12e0r(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; cpu_at_s12(cpu, v, true, false); return true; }
static bool at_s12e0w(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) { (void)d; cpu_at_s12(cpu, v, true, true); return true; }

/* ---- stage 2 ---- */
/* VTTBR_EL2: BADDR [47:1], VMID [63:48] (FEAT_VMID16: all 16 bits used with VTCR_EL2.VS = 1,
 * else [55:48]; no FEAT_TTCNP, so CnP [0] RES0). The TLB is tagged by VMID: a write never
 * flushes it. */
static bool write_vttbr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    /* VMID [63:48] with FEAT_VMID16 (used in full when VTCR_EL2.VS = 1), else [55:48]. */
    cpu->sr.vttbr_el2 = v & (cpu_has_feature(cpu, FEAT_VMID16) ? 0xfffffffffffffffeull : 0x00fffffffffffffeull);
    cpu_translation_changed(cpu);
    return true;
}

/* VTCR_EL2: T0SZ, SL0, IRGN0, ORGN0, SH0, TG0, PS [18:0], VS [19] (FEAT_VMID16; RES0 without,
 * HA/HD absent); bit 31 RES1. A change alters how stage-2 walks are done: drop the TLB. */
#define VTCR_EL2_MASK 0x7ffffull
#define VTCR_EL2_RES1 (1ull << 31)
#define VTCR_EL2_VS (1ull << 19) /* FEAT_VMID16: 16-bit VMIDs */
static bool write_vtcr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    v = (v & (VTCR_EL2_MASK | (cpu_has_feature(cpu, FEAT_VMID16) ? VTCR_EL2_VS : 0))) | VTCR_EL2_RES1;
    bool changed = v != cpu->sr.vtcr_el2;
    cpu->sr.vtcr_el2 = v;
    if (changed)
        regime_walks_changed(cpu, MMU_REGIME_EL10);
    return true;
}

/* HPFAR_EL2: FIPA [39:4] = IPA[47:12] with 48-bit IPAs; the rest RES0. */
static bool write_hpfar_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.hpfar_el2 = v & 0xfffffffff0ull;
    return true;
}

/* ---- TLBI ---- */
/* Each row: scope, regime (EL of the regime: 1 or 2), inner-shareable broadcast. */
#define TLBI_FN(name, scope, el, is) \
    static bool tlbi_##name(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v) \
    { (void)d; cpu_tlbi(cpu, scope, el, v, is); return true; }
TLBI_FN(vmalle1is, MMU_TLBI_VMALL, 1, true)
TLBI_FN(vae1is, MMU_TLBI_VA, 1, true)
TLBI_FN(aside1is, MMU_TLBI_ASID, 1, true)
TLBI_FN(vaae1is, MMU_TLBI_VA_ALL_ASID, 1, true)
TLBI_FN(vmalle1, MMU_TLBI_VMALL, 1, false)
TLBI_FN(vae1, MMU_TLBI_VA, 1, false)
TLBI_FN(aside1, MMU_TLBI_ASID, 1, false)
TLBI_FN(vaae1, MMU_TLBI_VA_ALL_ASID, 1, false)
TLBI_FN(alle2is, MMU_TLBI_ALL_REGIME, 2, true)
TLBI_FN(vae2is, MMU_TLBI_VA, 2, true)
TLBI_FN(alle1is, MMU_TLBI_ALL_REGIME, 1, true)
TLBI_FN(alle2, MMU_TLBI_ALL_REGIME, 2, false)
TLBI_FN(vae2, MMU_TLBI_VA, 2, false)
TLBI_FN(alle1, MMU_TLBI_ALL_REGIME, 1, false)
/* Stage 2: the TLB holds combined stage-1+2 entries only, so VMALLS12E1 is exactly "every
 * EL1&0 entry of the current VMID", and IPAS2(L)E1 drops the combined entries whose stage-2
 * part maps that IPA (more than the architecture requires: it does not ask for combined
 * entries to go, software follows with VMALLE1). */
TLBI_FN(vmalls12e1is, MMU_TLBI_VMALL, 1, true)
TLBI_FN(vmalls12e1, MMU_TLBI_VMALL, 1, false)
TLBI_FN(ipas2e1is, MMU_TLBI_IPA, 1, true)
TLBI_FN(ipas2e1, MMU_TLBI_IPA, 1, false)

/* The last-level (VALE*, VAALE*) forms share the VA functions: the TLB caches only leaf
 * entries (no walk cache), so "last level only" removes the same entries. */
static const struct sysreg_desc mmu_rows[] = {
    /* AT (op0 = 1, CRn = 7, CRm = 8) */
    MMU_AT(AT_S1E1R,        0, 8, 0, 1, at_s1e1r, 0),
    MMU_AT(AT_S1E1W,        0, 8, 1, 1, at_s1e1w, 0),
    MMU_AT(AT_S1E0R,        0, 8, 2, 1, at_s1e0r, 0),
    MMU_AT(AT_S1E0W,        0, 8, 3, 1, at_s1e0w, 0),
    /* AT (CRm = 9): FEAT_PAN2 */
    { "AT_S1E1RP", SYSREG_ENC(1, 0, 7, 9, 0), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, at_s1e1rp, pan2_access, SRF_WO },
    { "AT_S1E1WP", SYSREG_ENC(1, 0, 7, 9, 1), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, at_s1e1wp, pan2_access, SRF_WO },
    /* TLBI, EL1 (op1 = 0, CRn = 8): HCR_EL2.TTLB traps them from EL1 */
    MMU_SYS(TLBI_VMALLE1IS, 0, 3, 0, 1, tlbi_vmalle1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAE1IS,    0, 3, 1, 1, tlbi_vae1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_ASIDE1IS,  0, 3, 2, 1, tlbi_aside1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAAE1IS,   0, 3, 3, 1, tlbi_vaae1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VALE1IS,   0, 3, 5, 1, tlbi_vae1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAALE1IS,  0, 3, 7, 1, tlbi_vaae1is, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VMALLE1,   0, 7, 0, 1, tlbi_vmalle1, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAE1,      0, 7, 1, 1, tlbi_vae1, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_ASIDE1,    0, 7, 2, 1, tlbi_aside1, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAAE1,     0, 7, 3, 1, tlbi_vaae1, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VALE1,     0, 7, 5, 1, tlbi_vae1, sysreg_trap_ttlb, 0),
    MMU_SYS(TLBI_VAALE1,    0, 7, 7, 1, tlbi_vaae1, sysreg_trap_ttlb, 0),
    /* AT, EL2 (op1 = 4) */
    MMU_AT(AT_S1E2R,        4, 8, 0, 2, at_s1e2r, SRF_NEED_EL2),
    MMU_AT(AT_S1E2W,        4, 8, 1, 2, at_s1e2w, SRF_NEED_EL2),
    MMU_AT(AT_S12E1R,       4, 8, 4, 2, at_s12e1r, SRF_NEED_EL2),
    MMU_AT(AT_S12E1W,       4, 8, 5, 2, at_s12e1w, SRF_NEED_EL2),
    MMU_AT(AT_S12E0R,       4, 8, 6, 2, at_s12e0r, SRF_NEED_EL2),
    MMU_AT(AT_S12E0W,       4, 8, 7, 2, at_s12e0w, SRF_NEED_EL2),
    /* TLBI, EL2 */
    MMU_SYS(TLBI_IPAS2E1IS, 4, 0, 1, 2, tlbi_ipas2e1is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_IPAS2LE1IS, 4, 0, 5, 2, tlbi_ipas2e1is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_ALLE2IS,   4, 3, 0, 2, tlbi_alle2is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VAE2IS,    4, 3, 1, 2, tlbi_vae2is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_ALLE1IS,   4, 3, 4, 2, tlbi_alle1is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VALE2IS,   4, 3, 5, 2, tlbi_vae2is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VMALLS12E1IS, 4, 3, 6, 2, tlbi_vmalls12e1is, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_IPAS2E1,   4, 4, 1, 2, tlbi_ipas2e1, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_IPAS2LE1,  4, 4, 5, 2, tlbi_ipas2e1, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_ALLE2,     4, 7, 0, 2, tlbi_alle2, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VAE2,      4, 7, 1, 2, tlbi_vae2, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_ALLE1,     4, 7, 4, 2, tlbi_alle1, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VALE2,     4, 7, 5, 2, tlbi_vae2, NULL, SRF_NEED_EL2),
    MMU_SYS(TLBI_VMALLS12E1, 4, 7, 6, 2, tlbi_vmalls12e1, NULL, SRF_NEED_EL2),
    /* EL1&0 regime registers (op0 = 3, op1 = 0): HCR_EL2.TVM/TRVM trap them from EL1 */
    MMU_REG(TTBR0_EL1,      3, 0, 2, 0, 0, 1, sr.ttbr0_el1, 0, write_ttbr0_el1, sysreg_trap_tvm_trvm, 0),
    MMU_REG(TTBR1_EL1,      3, 0, 2, 0, 1, 1, sr.ttbr1_el1, 0, write_ttbr1_el1, sysreg_trap_tvm_trvm, 0),
    MMU_REG(TCR_EL1,        3, 0, 2, 0, 2, 1, sr.tcr_el1, 0, write_tcr_el1, sysreg_trap_tvm_trvm, 0),
    MMU_REG(PAR_EL1,        3, 0, 7, 4, 0, 1, sr.par_el1, 0, NULL, NULL, 0),
    MMU_REG(MAIR_EL1,       3, 0, 10, 2, 0, 1, sr.mair_el1, 0, write_mair_el1, sysreg_trap_tvm_trvm, 0),
    MMU_REG(AMAIR_EL1,      3, 0, 10, 3, 0, 1, sr.amair_el1, 0, NULL, sysreg_trap_tvm_trvm, 0),
    /* EL2 regime registers (op1 = 4) */
    MMU_REG(TTBR0_EL2,      3, 4, 2, 0, 0, 2, sr.ttbr0_el2, 0, write_ttbr0_el2, NULL, SRF_NEED_EL2),
    MMU_REG(TTBR1_EL2,      3, 4, 2, 0, 1, 2, sr.ttbr1_el2, 0, write_ttbr1_el2, sysreg_need_vhe, SRF_NEED_EL2),
    MMU_REG(TCR_EL2,        3, 4, 2, 0, 2, 2, sr.tcr_el2, 0 /* UNKNOWN: 0 as QEMU */, write_tcr_el2, NULL, SRF_NEED_EL2),
    MMU_REG(VTTBR_EL2,      3, 4, 2, 1, 0, 2, sr.vttbr_el2, 0, write_vttbr_el2, NULL, SRF_NEED_EL2),
    MMU_REG(VTCR_EL2,       3, 4, 2, 1, 2, 2, sr.vtcr_el2, VTCR_EL2_RES1, write_vtcr_el2, NULL, SRF_NEED_EL2),
    MMU_REG(HPFAR_EL2,      3, 4, 6, 0, 4, 2, sr.hpfar_el2, 0, write_hpfar_el2, NULL, SRF_NEED_EL2),
    MMU_REG(MAIR_EL2,       3, 4, 10, 2, 0, 2, sr.mair_el2, 0, write_mair_el2, NULL, SRF_NEED_EL2),
    MMU_REG(AMAIR_EL2,      3, 4, 10, 3, 0, 2, sr.amair_el2, 0, NULL, NULL, SRF_NEED_EL2),
};

const struct sysreg_table sysreg_mmu_table = { "src/cpu/sysreg_mmu.c", mmu_rows, sizeof mmu_rows / sizeof mmu_rows[0] };

/* The SCTLR_EL2 row's write hook (sysreg_el2.c). */
bool sysreg_write_sctlr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    uint64_t old = cpu->sr.sctlr_el2;
    cpu->sr.sctlr_el2 = v;
    cpu_sctlr_written(cpu, 2, old, v);
    return true;
}
