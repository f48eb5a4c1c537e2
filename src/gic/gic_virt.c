/*
 * GICv3 virtualization (IHI 0069 chapter 6, 12.4-12.5) as KVM uses it: the hypervisor at EL2
 * writes virtual interrupts into 4 list registers (ICH_LR<n>_EL2), the guest at EL1 (with
 * HCR_EL2.IMO/FMO set) acknowledges and completes them through the ICV_* view of the ICC_*
 * encodings, and the maintenance interrupt (PPI 25) tells the hypervisor when to refill.
 * A list register with HW = 1 deactivates its physical INTID when the guest deactivates it.
 *
 * Virtual priorities have 5 bits, like the physical ones (ICH_VTR_EL2.PRIbits/PREbits = 4).
 */
#include "gic/gic_virt.h"

#include "cpu/cpu.h"
#include "cpu/exception.h"

/* ICH_VMCR_EL2 (IHI 0069 12.5.13). */
#define VMCR_VENG0 (1ull << 0)
#define VMCR_VENG1 (1ull << 1)
#define VMCR_VFIQEN (1ull << 3) /* RES1 with system registers */
#define VMCR_VCBPR (1ull << 4)
#define VMCR_VEOIM (1ull << 9)
#define VMCR_VBPR1_SHIFT 18
#define VMCR_VBPR0_SHIFT 21
#define VMCR_VPMR_SHIFT 24
#define VMCR_VALID (VMCR_VENG0 | VMCR_VENG1 | VMCR_VCBPR | VMCR_VEOIM | 7ull << VMCR_VBPR1_SHIFT | \
                    7ull << VMCR_VBPR0_SHIFT | 0xffull << VMCR_VPMR_SHIFT)
#define ICH_HCR_VALID_BITS (ICH_HCR_EN | ICH_HCR_UIE | ICH_HCR_LRENPIE | ICH_HCR_NPIE | ICH_HCR_VGRP0EIE | \
                            ICH_HCR_VGRP0DIE | ICH_HCR_VGRP1EIE | ICH_HCR_VGRP1DIE | ICH_HCR_TC |        \
                            ICH_HCR_TALL0 | ICH_HCR_TALL1 | ICH_HCR_TDIR | 0x1full << ICH_HCR_EOICOUNT_SHIFT)

static unsigned lr_state(uint64_t lr) { return (unsigned)(lr >> ICH_LR_STATE_SHIFT); }
static uint8_t lr_prio(uint64_t lr) { return (uint8_t)(lr >> ICH_LR_PRIO_SHIFT); }
static enum gic_group lr_group(uint64_t lr) { return (lr & ICH_LR_GROUP) ? GIC_G1 : GIC_G0; }
static unsigned lr_vintid(uint64_t lr) { return (unsigned)(lr & 0xffffff); }

static unsigned vbpr(const struct gic_cpuif *cs, enum gic_group g)
{
    return (unsigned)(cs->ich_vmcr >> (g == GIC_G0 ? VMCR_VBPR0_SHIFT : VMCR_VBPR1_SHIFT)) & 7;
}
static uint8_t vpmr(const struct gic_cpuif *cs) { return (uint8_t)(cs->ich_vmcr >> VMCR_VPMR_SHIFT); }
static bool veng(const struct gic_cpuif *cs, enum gic_group g) { return cs->ich_vmcr & (g == GIC_G0 ? VMCR_VENG0 : VMCR_VENG1); }

static uint32_t vgprio_mask(const struct gic_cpuif *cs, enum gic_group g)
{
    unsigned bpr = (g == GIC_G1 && !(cs->ich_vmcr & VMCR_VCBPR)) ? vbpr(cs, GIC_G1) - 1u : vbpr(cs, GIC_G0);
    return (0xffu << (bpr + 1)) & 0xffu;
}

static uint8_t vrunning_prio(const struct gic_cpuif *cs)
{
    uint32_t any = cs->ich_apr[0] | cs->ich_apr[1];
    return any ? (uint8_t)(__builtin_ctz(any) << (8 - GIC_PRIBITS)) : GIC_IDLE_PRIO;
}

/* The highest-priority pending list register in an enabled group, or -1 (lowest index wins a
 * tie). */
static int hppvi(const struct gic_cpuif *cs)
{
    int best = -1;
    for (int i = 0; i < GIC_NLR; i++) {
        uint64_t lr = cs->ich_lr[i];
        if (lr_state(lr) != LR_PENDING || !veng(cs, lr_group(lr)))
            continue;
        if (best < 0 || lr_prio(lr) < lr_prio(cs->ich_lr[best]))
            best = i;
    }
    return best;
}

static bool vcan_preempt(const struct gic_cpuif *cs, int idx)
{
    if (idx < 0 || !(cs->ich_hcr & ICH_HCR_EN))
        return false;
    uint64_t lr = cs->ich_lr[idx];
    if (lr_prio(lr) >= vpmr(cs))
        return false;
    uint8_t rprio = vrunning_prio(cs);
    if (rprio == GIC_IDLE_PRIO)
        return true;
    uint32_t mask = vgprio_mask(cs, lr_group(lr));
    return (lr_prio(lr) & mask) < (rprio & mask);
}

uint32_t gic_ich_misr(const struct gic_cpuif *cs)
{
    uint32_t misr = 0;
    unsigned valid = 0;
    bool pending = false;
    for (int i = 0; i < GIC_NLR; i++) {
        uint64_t lr = cs->ich_lr[i];
        if (lr_state(lr) == LR_INVALID && !(lr & ICH_LR_HW) && (lr & ICH_LR_EOI))
            misr |= 1u << 0; /* EOI */
        if (lr_state(lr) != LR_INVALID)
            valid++;
        if (lr_state(lr) & LR_PENDING)
            pending = true;
    }
    uint64_t h = cs->ich_hcr;
    if ((h & ICH_HCR_UIE) && valid < 2)
        misr |= 1u << 1;
    if ((h & ICH_HCR_LRENPIE) && (h >> ICH_HCR_EOICOUNT_SHIFT & 0x1f))
        misr |= 1u << 2;
    if ((h & ICH_HCR_NPIE) && !pending)
        misr |= 1u << 3;
    if ((h & ICH_HCR_VGRP0EIE) && veng(cs, GIC_G0))
        misr |= 1u << 4;
    if ((h & ICH_HCR_VGRP0DIE) && !veng(cs, GIC_G0))
        misr |= 1u << 5;
    if ((h & ICH_HCR_VGRP1EIE) && veng(cs, GIC_G1))
        misr |= 1u << 6;
    if ((h & ICH_HCR_VGRP1DIE) && !veng(cs, GIC_G1))
        misr |= 1u << 7;
    return misr;
}

/* Called by gic_update for each CPU interface: the maintenance PPI's level (before the
 * physical scan) and the virtual IRQ/FIQ lines. */
bool gic_virt_maint_level(const struct gic_cpuif *cs)
{
    return (cs->ich_hcr & ICH_HCR_EN) && gic_ich_misr(cs) != 0;
}

void gic_virt_update(struct gic_cpuif *cs)
{
    int idx = hppvi(cs);
    bool sig = vcan_preempt(cs, idx);
    enum gic_group g = idx >= 0 ? lr_group(cs->ich_lr[idx]) : GIC_G1;
    cpu_set_virq_line(cs->cpu, EXC_IRQ, sig && g == GIC_G1);
    cpu_set_virq_line(cs->cpu, EXC_FIQ, sig && g == GIC_G0);
}

void gic_virt_reset(struct gic_cpuif *cs)
{
    cs->ich_hcr = 0;
    /* VFIQEn RES1; VBPRs at their minimum (QEMU resets them so). */
    cs->ich_vmcr = VMCR_VFIQEN | (uint64_t)GIC_MIN_BPR0 << VMCR_VBPR0_SHIFT | (uint64_t)GIC_MIN_BPR1 << VMCR_VBPR1_SHIFT;
    for (int i = 0; i < GIC_NLR; i++)
        cs->ich_lr[i] = 0;
    cs->ich_apr[0] = cs->ich_apr[1] = 0;
}

static void eoicount_inc(struct gic_cpuif *cs)
{
    uint64_t n = ((cs->ich_hcr >> ICH_HCR_EOICOUNT_SHIFT) + 1) & 0x1f;
    cs->ich_hcr = (cs->ich_hcr & ~(0x1full << ICH_HCR_EOICOUNT_SHIFT)) | n << ICH_HCR_EOICOUNT_SHIFT;
}

static int find_active(const struct gic_cpuif *cs, unsigned intid)
{
    for (int i = 0; i < GIC_NLR; i++)
        if ((lr_state(cs->ich_lr[i]) & LR_ACTIVE) && lr_vintid(cs->ich_lr[i]) == intid)
            return i;
    return -1;
}

/* Active -> invalid, pending+active -> pending; HW = 1 deactivates the physical INTID. */
static void vdeactivate(struct gic_cpuif *cs, int idx)
{
    uint64_t lr = cs->ich_lr[idx];
    if (lr & ICH_LR_HW)
        gic_deactivate(cs, (unsigned)(lr >> ICH_LR_PINTID_SHIFT) & 0x1fff);
    cs->ich_lr[idx] = lr & ~((uint64_t)LR_ACTIVE << ICH_LR_STATE_SHIFT);
}

static unsigned vack(struct gic_cpuif *cs, enum gic_group g)
{
    int idx = hppvi(cs);
    if (idx < 0 || lr_group(cs->ich_lr[idx]) != g || !vcan_preempt(cs, idx))
        return GIC_SPURIOUS;
    uint64_t lr = cs->ich_lr[idx];
    unsigned intid = lr_vintid(lr);
    if (intid >= 1020)
        return intid;
    cs->ich_lr[idx] = (lr & ~(3ull << ICH_LR_STATE_SHIFT)) | (uint64_t)LR_ACTIVE << ICH_LR_STATE_SHIFT;
    cs->ich_apr[g] |= 1u << ((lr_prio(lr) & vgprio_mask(cs, g)) >> (8 - GIC_PRIBITS));
    return intid;
}

/* Virtual EOI: drop the highest active priority first (the IMPLEMENTATION DEFINED order QEMU
 * also uses), then deactivate the matching list register unless VEOIM splits it; with no
 * matching list register, count it in ICH_HCR_EL2.EOIcount (IHI 0069 6.2.3). */
static void veoi(struct gic_cpuif *cs, enum gic_group g, unsigned intid)
{
    if (intid >= 1020)
        return;
    uint32_t any = cs->ich_apr[0] | cs->ich_apr[1];
    if (!any)
        return;
    uint32_t low = any & -any;
    uint8_t dropped = (uint8_t)(__builtin_ctz(any) << (8 - GIC_PRIBITS));
    cs->ich_apr[0] &= ~low;
    cs->ich_apr[1] &= ~low;
    int idx = find_active(cs, intid);
    if (idx < 0) {
        eoicount_inc(cs);
        return;
    }
    uint64_t lr = cs->ich_lr[idx];
    if (lr_group(lr) == g && (lr_prio(lr) & vgprio_mask(cs, g)) == dropped && !(cs->ich_vmcr & VMCR_VEOIM))
        vdeactivate(cs, idx);
}

static void vdir(struct gic_cpuif *cs, unsigned intid)
{
    if (!(cs->ich_vmcr & VMCR_VEOIM) || intid >= 1020)
        return;
    int idx = find_active(cs, intid);
    if (idx < 0)
        eoicount_inc(cs);
    else
        vdeactivate(cs, idx);
}

uint64_t gic_icv_read(struct gic_cpuif *cs, enum icv_reg r)
{
    uint64_t v = 0;
    switch (r) {
    case ICV_PMR: return vpmr(cs);
    case ICV_IAR0: v = vack(cs, GIC_G0); break;
    case ICV_IAR1: v = vack(cs, GIC_G1); break;
    case ICV_HPPIR0: case ICV_HPPIR1: {
        int idx = hppvi(cs);
        enum gic_group g = r == ICV_HPPIR0 ? GIC_G0 : GIC_G1;
        return idx >= 0 && lr_group(cs->ich_lr[idx]) == g ? lr_vintid(cs->ich_lr[idx]) : GIC_SPURIOUS;
    }
    case ICV_BPR0: return vbpr(cs, GIC_G0);
    case ICV_BPR1:
        if (cs->ich_vmcr & VMCR_VCBPR)
            return vbpr(cs, GIC_G0) < 7 ? vbpr(cs, GIC_G0) + 1u : 7u;
        return vbpr(cs, GIC_G1);
    case ICV_AP0R0: return cs->ich_apr[0];
    case ICV_AP1R0: return cs->ich_apr[1];
    case ICV_RPR: return vrunning_prio(cs);
    case ICV_CTLR:
        return 1u << 15 | 1u << 11 | (GIC_PRIBITS - 1u) << 8 | ((cs->ich_vmcr & VMCR_VEOIM) ? ICC_CTLR_EOIMODE : 0) |
               ((cs->ich_vmcr & VMCR_VCBPR) ? ICC_CTLR_CBPR : 0);
    case ICV_IGRPEN0: return veng(cs, GIC_G0);
    case ICV_IGRPEN1: return veng(cs, GIC_G1);
    default: return 0;
    }
    gic_update(cs->gic); /* an acknowledge changed the list registers */
    return v;
}

static void set_vmcr(struct gic_cpuif *cs, uint64_t v)
{
    v = (v & VMCR_VALID) | VMCR_VFIQEN;
    /* BPRs below their minimum read as the minimum (IHI 0069 12.5.13). */
    if (((v >> VMCR_VBPR0_SHIFT) & 7) < GIC_MIN_BPR0)
        v = (v & ~(7ull << VMCR_VBPR0_SHIFT)) | (uint64_t)GIC_MIN_BPR0 << VMCR_VBPR0_SHIFT;
    if (((v >> VMCR_VBPR1_SHIFT) & 7) < GIC_MIN_BPR1)
        v = (v & ~(7ull << VMCR_VBPR1_SHIFT)) | (uint64_t)GIC_MIN_BPR1 << VMCR_VBPR1_SHIFT;
    cs->ich_vmcr = v;
}

static void set_field(struct gic_cpuif *cs, unsigned shift, uint64_t mask, uint64_t v)
{
    set_vmcr(cs, (cs->ich_vmcr & ~(mask << shift)) | (v & mask) << shift);
}

void gic_icv_write(struct gic_cpuif *cs, enum icv_reg r, uint64_t v)
{
    switch (r) {
    case ICV_PMR: set_field(cs, VMCR_VPMR_SHIFT, 0xff, v & GIC_PRIO_MASK); break;
    case ICV_EOIR0: veoi(cs, GIC_G0, (unsigned)(v & 0xffffff)); break;
    case ICV_EOIR1: veoi(cs, GIC_G1, (unsigned)(v & 0xffffff)); break;
    case ICV_DIR: vdir(cs, (unsigned)(v & 0xffffff)); break;
    case ICV_BPR0: set_field(cs, VMCR_VBPR0_SHIFT, 7, v); break;
    case ICV_BPR1:
        if (!(cs->ich_vmcr & VMCR_VCBPR))
            set_field(cs, VMCR_VBPR1_SHIFT, 7, v);
        break;
    case ICV_AP0R0: cs->ich_apr[0] = (uint32_t)v; break;
    case ICV_AP1R0: cs->ich_apr[1] = (uint32_t)v; break;
    case ICV_CTLR:
        set_field(cs, 9, 1, (v & ICC_CTLR_EOIMODE) ? 1 : 0);
        set_field(cs, 4, 1, (v & ICC_CTLR_CBPR) ? 1 : 0);
        break;
    case ICV_IGRPEN0: set_field(cs, 0, 1, v & 1); break;
    case ICV_IGRPEN1: set_field(cs, 1, 1, v & 1); break;
    default: return;
    }
    gic_update(cs->gic);
}

/* ICH_* by encoding (op0 3, op1 4, CRn 12): CRm 8 AP0R0, 9 AP1R0, 11 control, 12 LR0-3. */
uint64_t gic_ich_read(struct gic_cpuif *cs, uint16_t enc)
{
    unsigned crm = (enc >> 3) & 15, op2 = enc & 7;
    if (crm == 8)
        return cs->ich_apr[0];
    if (crm == 9)
        return cs->ich_apr[1];
    if (crm == 12)
        return op2 < GIC_NLR ? cs->ich_lr[op2] : 0;
    uint64_t v = 0;
    switch (op2) {
    case 0: return cs->ich_hcr;
    case 1:
        /* ListRegs [4:0] = 3, TDS [19] (TDIR implemented), nV4 [20] (no direct vLPI
         * injection), A3V [21], IDbits [25:23] = 1 (24 bits, as QEMU), PREbits [28:26] and
         * PRIbits [31:29] = 4 (5 bits). */
        return (GIC_NLR - 1u) | 1u << 19 | 1u << 20 | 1u << 21 | 1u << 23 | (GIC_PRIBITS - 1u) << 26 |
               (GIC_PRIBITS - 1u) << 29;
    case 2: return gic_ich_misr(cs);
    case 3: case 5:
        for (int i = 0; i < GIC_NLR; i++) {
            uint64_t lr = cs->ich_lr[i];
            bool eoi_maint = !(lr & ICH_LR_HW) && (lr & ICH_LR_EOI);
            if (lr_state(lr) == LR_INVALID && (op2 == 3 ? eoi_maint : !eoi_maint))
                v |= 1u << i;
        }
        return v;
    case 7: return cs->ich_vmcr;
    default: return 0;
    }
}

void gic_ich_write(struct gic_cpuif *cs, uint16_t enc, uint64_t v)
{
    unsigned crm = (enc >> 3) & 15, op2 = enc & 7;
    if (crm == 8)
        cs->ich_apr[0] = (uint32_t)v;
    else if (crm == 9)
        cs->ich_apr[1] = (uint32_t)v;
    else if (crm == 12 && op2 < GIC_NLR)
        /* Priority bits below the 5 implemented are RES0; so are bits [59:56]. */
        cs->ich_lr[op2] = v & ~(7ull << ICH_LR_PRIO_SHIFT) & ~(0xfull << 56);
    else if (crm == 11 && op2 == 0)
        cs->ich_hcr = v & ICH_HCR_VALID_BITS;
    else if (crm == 11 && op2 == 7)
        set_vmcr(cs, v);
    else
        return; /* read-only rows never reach here */
    gic_update(cs->gic);
}
