/*
 * The GICv3 system-register interface (IHI 0069 12.2-12.6): ICC_* at EL1/EL2 and ICH_* at EL2,
 * sorted by encoding. At EL1 with HCR_EL2.IMO (Group 1 registers) or FMO (Group 0 ones; the
 * common ones with either) set, an ICC_* encoding names its ICV_* twin, the virtual CPU
 * interface of gic_virt.c (IHI 0069 12.4). Every row is UNDEFINED on a vCPU without a GIC.
 *
 * System-register enable (ICC_SRE_ELx.SRE) is fixed at 1: no memory-mapped GICv2 interface.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"
#include "gic/gic_internal.h"
#include "gic/gic_virt.h"

/* Which HCR_EL2 bit turns the register into its ICV_* twin at EL1 (IHI 0069 12.4). */
enum virt_by { V_NONE, V_G0, V_G1, V_COMMON };

static const struct { uint16_t enc; enum icv_reg reg; enum virt_by by; } regmap[] = {
    { SYSREG_ENC(3, 0, 4, 6, 0), ICV_PMR, V_COMMON },
    { SYSREG_ENC(3, 0, 12, 8, 0), ICV_IAR0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 8, 1), ICV_EOIR0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 8, 2), ICV_HPPIR0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 8, 3), ICV_BPR0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 8, 4), ICV_AP0R0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 9, 0), ICV_AP1R0, V_G1 },
    { SYSREG_ENC(3, 0, 12, 11, 1), ICV_DIR, V_COMMON },
    { SYSREG_ENC(3, 0, 12, 11, 3), ICV_RPR, V_COMMON },
    { SYSREG_ENC(3, 0, 12, 12, 0), ICV_IAR1, V_G1 },
    { SYSREG_ENC(3, 0, 12, 12, 1), ICV_EOIR1, V_G1 },
    { SYSREG_ENC(3, 0, 12, 12, 2), ICV_HPPIR1, V_G1 },
    { SYSREG_ENC(3, 0, 12, 12, 3), ICV_BPR1, V_G1 },
    { SYSREG_ENC(3, 0, 12, 12, 4), ICV_CTLR, V_COMMON },
    { SYSREG_ENC(3, 0, 12, 12, 6), ICV_IGRPEN0, V_G0 },
    { SYSREG_ENC(3, 0, 12, 12, 7), ICV_IGRPEN1, V_G1 },
};

static enum icv_reg reg_of(const struct sysreg_desc *d, enum virt_by *by)
{
    for (size_t i = 0; i < sizeof regmap / sizeof regmap[0]; i++)
        if (regmap[i].enc == d->enc) {
            *by = regmap[i].by;
            return regmap[i].reg;
        }
    *by = V_NONE;
    return ICV_PMR;
}

/* Is this access at EL1 to the virtual interface? */
static bool is_virtual(const struct cpu_state *cpu, enum virt_by by)
{
    if (cpu->el != 1 || by == V_NONE)
        return false;
    bool imo = hcr_el2(cpu, HCR_IMO), fmo = hcr_el2(cpu, HCR_FMO);
    return by == V_G0 ? fmo : by == V_G1 ? imo : (imo || fmo);
}

/* The ICC/ICV rows: no GIC, UNDEFINED; virtual ones obey the ICH_HCR_EL2 trap bits (TALL0,
 * TALL1, TC, TDIR: IHI 0069 12.5.4). */
static enum sysreg_result access_icc(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)w;
    if (!cpu->gic)
        return SR_UNDEF;
    enum virt_by by;
    enum icv_reg r = reg_of(d, &by);
    if (!is_virtual(cpu, by))
        return SR_OK;
    uint64_t hcr = cpu->gic->ich_hcr;
    if (by == V_G0 && (hcr & ICH_HCR_TALL0)) {
        *why = "ICH_HCR_EL2.TALL0";
        return SR_TRAP_EL2;
    }
    if (by == V_G1 && (hcr & ICH_HCR_TALL1)) {
        *why = "ICH_HCR_EL2.TALL1";
        return SR_TRAP_EL2;
    }
    if (by == V_COMMON && (hcr & ICH_HCR_TC)) {
        *why = "ICH_HCR_EL2.TC";
        return SR_TRAP_EL2;
    }
    if (r == ICV_DIR && (hcr & ICH_HCR_TDIR)) {
        *why = "ICH_HCR_EL2.TDIR";
        return SR_TRAP_EL2;
    }
    return SR_OK;
}

/* SGI generation from EL1 traps to EL2 while the physical interrupts of its group are routed
 * there (HCR_EL2.IMO for Group 1, FMO for Group 0): the hypervisor emulates it. */
static enum sysreg_result access_sgi(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)w;
    if (!cpu->gic)
        return SR_UNDEF;
    bool g0 = d->enc == SYSREG_ENC(3, 0, 12, 11, 7);
    if (cpu->el == 1 && hcr_el2(cpu, g0 ? HCR_FMO : HCR_IMO)) {
        *why = g0 ? "HCR_EL2.FMO" : "HCR_EL2.IMO";
        return SR_TRAP_EL2;
    }
    return SR_OK;
}

static enum sysreg_result access_gic_only(struct cpu_state *cpu, const struct sysreg_desc *d, bool w, const char **why)
{
    (void)d, (void)w, (void)why;
    return cpu->gic ? SR_OK : SR_UNDEF;
}

static uint64_t icc_read(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    struct gic_cpuif *cs = cpu->gic;
    enum virt_by by;
    enum icv_reg r = reg_of(d, &by);
    if (is_virtual(cpu, by))
        return gic_icv_read(cs, r);
    switch (r) {
    case ICV_PMR: return cs->pmr;
    case ICV_IAR0: return gic_ack(cs, GIC_G0);
    case ICV_IAR1: return gic_ack(cs, GIC_G1);
    case ICV_HPPIR0: return gic_hppir(cs, GIC_G0);
    case ICV_HPPIR1: return gic_hppir(cs, GIC_G1);
    case ICV_BPR0: return cs->bpr[GIC_G0];
    case ICV_BPR1:
        /* With CBPR, BPR1 reads BPR0 + 1, saturated (IHI 0069 12.2.5). */
        if (cs->ctlr & ICC_CTLR_CBPR)
            return cs->bpr[GIC_G0] < 7 ? cs->bpr[GIC_G0] + 1u : 7u;
        return cs->bpr[GIC_G1];
    case ICV_AP0R0: return cs->apr[GIC_G0];
    case ICV_AP1R0: return cs->apr[GIC_G1];
    case ICV_RPR: return gic_running_prio(cs);
    case ICV_CTLR:
        /* A3V [15], IDbits [13:11] = 1 (24 bits, as QEMU), PRIbits [10:8] = 4 (5 bits), EOImode,
         * CBPR. */
        return 1u << 15 | 1u << 11 | (GIC_PRIBITS - 1u) << 8 | cs->ctlr;
    case ICV_IGRPEN0: return cs->igrpen[GIC_G0];
    case ICV_IGRPEN1: return cs->igrpen[GIC_G1];
    default: return 0; /* write-only rows never reach here (SRF_WO) */
    }
}

static bool icc_write(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    struct gic_cpuif *cs = cpu->gic;
    enum virt_by by;
    enum icv_reg r = reg_of(d, &by);
    if (is_virtual(cpu, by)) {
        gic_icv_write(cs, r, v);
        return true;
    }
    switch (r) {
    case ICV_PMR: cs->pmr = (uint8_t)(v & GIC_PRIO_MASK); break;
    case ICV_EOIR0: gic_eoi(cs, GIC_G0, (unsigned)(v & 0xffffff)); return true;
    case ICV_EOIR1: gic_eoi(cs, GIC_G1, (unsigned)(v & 0xffffff)); return true;
    case ICV_DIR: gic_dir(cs, (unsigned)(v & 0xffffff)); return true;
    case ICV_BPR0: cs->bpr[GIC_G0] = (uint8_t)((v & 7) < GIC_MIN_BPR0 ? GIC_MIN_BPR0 : (v & 7)); break;
    case ICV_BPR1:
        if (cs->ctlr & ICC_CTLR_CBPR)
            return true; /* writes ignored while BPR0 governs Group 1 */
        cs->bpr[GIC_G1] = (uint8_t)((v & 7) < GIC_MIN_BPR1 ? GIC_MIN_BPR1 : (v & 7));
        break;
    case ICV_AP0R0: cs->apr[GIC_G0] = (uint32_t)v; break;
    case ICV_AP1R0: cs->apr[GIC_G1] = (uint32_t)v; break;
    case ICV_CTLR: cs->ctlr = (uint32_t)v & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE); break;
    case ICV_IGRPEN0: cs->igrpen[GIC_G0] = v & 1; break;
    case ICV_IGRPEN1: cs->igrpen[GIC_G1] = v & 1; break;
    default: return true; /* read-only rows never reach here (SRF_RO) */
    }
    gic_update(cs->gic);
    return true;
}

static bool sgi0r_write(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    gic_send_sgi(cpu->gic, v, GIC_G0);
    return true;
}
static bool sgi1r_write(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    gic_send_sgi(cpu->gic, v, GIC_G1);
    return true;
}
/* ASGI1R with one Security state generates Group 0 SGIs (there is no other Group 1), as QEMU
 * and KVM model it. */
static bool asgi1r_write(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    gic_send_sgi(cpu->gic, v, GIC_G0);
    return true;
}

/* ICC_SRE_EL1: SRE, DFB, DIB RAO/WI; ICC_SRE_EL2 adds Enable [3] RAO/WI (EL1 may use it). */
static uint64_t sre_el1_read(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)cpu, (void)d; return 7; }
static uint64_t sre_el2_read(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)cpu, (void)d; return 15; }

/* ICH_* (EL2 only): gic_virt.c. */
static uint64_t ich_read(struct cpu_state *cpu, const struct sysreg_desc *d) { return gic_ich_read(cpu->gic, d->enc); }
static bool ich_write(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    gic_ich_write(cpu->gic, d->enc, v);
    return true;
}

#define ICC(n, cn, cm, o2, fl) \
    { #n, SYSREG_ENC(3, 0, cn, cm, o2), 1, 1, SR_NO_STORAGE, 0, icc_read, icc_write, access_icc, fl }
#define SGI(n, o2, wr) \
    { #n, SYSREG_ENC(3, 0, 12, 11, o2), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, wr, access_sgi, SRF_WO }
#define ICH(n, cm, o2, fl) \
    { #n, SYSREG_ENC(3, 4, 12, cm, o2), 2, 2, SR_NO_STORAGE, 0, ich_read, ich_write, access_gic_only, SRF_NEED_EL2 | (fl) }

static const struct sysreg_desc gic_rows[] = {
    ICC(ICC_PMR_EL1, 4, 6, 0, 0),
    ICC(ICC_IAR0_EL1, 12, 8, 0, SRF_RO),
    { "ICC_EOIR0_EL1", SYSREG_ENC(3, 0, 12, 8, 1), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, icc_write, access_icc, SRF_WO },
    ICC(ICC_HPPIR0_EL1, 12, 8, 2, SRF_RO),
    ICC(ICC_BPR0_EL1, 12, 8, 3, 0),
    ICC(ICC_AP0R0_EL1, 12, 8, 4, 0),
    ICC(ICC_AP1R0_EL1, 12, 9, 0, 0),
    { "ICC_DIR_EL1", SYSREG_ENC(3, 0, 12, 11, 1), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, icc_write, access_icc, SRF_WO },
    ICC(ICC_RPR_EL1, 12, 11, 3, SRF_RO),
    SGI(ICC_SGI1R_EL1, 5, sgi1r_write),
    SGI(ICC_ASGI1R_EL1, 6, asgi1r_write),
    SGI(ICC_SGI0R_EL1, 7, sgi0r_write),
    ICC(ICC_IAR1_EL1, 12, 12, 0, SRF_RO),
    { "ICC_EOIR1_EL1", SYSREG_ENC(3, 0, 12, 12, 1), SR_NO_ACCESS, 1, SR_NO_STORAGE, 0, NULL, icc_write, access_icc, SRF_WO },
    ICC(ICC_HPPIR1_EL1, 12, 12, 2, SRF_RO),
    ICC(ICC_BPR1_EL1, 12, 12, 3, 0),
    ICC(ICC_CTLR_EL1, 12, 12, 4, 0),
    { "ICC_SRE_EL1", SYSREG_ENC(3, 0, 12, 12, 5), 1, 1, SR_NO_STORAGE, 0, sre_el1_read, sysreg_write_ignore, access_gic_only, 0 },
    ICC(ICC_IGRPEN0_EL1, 12, 12, 6, 0),
    ICC(ICC_IGRPEN1_EL1, 12, 12, 7, 0),
    ICH(ICH_AP0R0_EL2, 8, 0, 0),
    ICH(ICH_AP1R0_EL2, 9, 0, 0),
    { "ICC_SRE_EL2", SYSREG_ENC(3, 4, 12, 9, 5), 2, 2, SR_NO_STORAGE, 0, sre_el2_read, sysreg_write_ignore, access_gic_only, SRF_NEED_EL2 },
    ICH(ICH_HCR_EL2, 11, 0, 0),
    ICH(ICH_VTR_EL2, 11, 1, SRF_RO),
    ICH(ICH_MISR_EL2, 11, 2, SRF_RO),
    ICH(ICH_EISR_EL2, 11, 3, SRF_RO),
    ICH(ICH_ELRSR_EL2, 11, 5, SRF_RO),
    ICH(ICH_VMCR_EL2, 11, 7, 0),
    ICH(ICH_LR0_EL2, 12, 0, 0),
    ICH(ICH_LR1_EL2, 12, 1, 0),
    ICH(ICH_LR2_EL2, 12, 2, 0),
    ICH(ICH_LR3_EL2, 12, 3, 0),
};

const struct sysreg_table sysreg_gic_table = { "src/gic/gic_sysreg.c", gic_rows, sizeof gic_rows / sizeof gic_rows[0] };
