/*
 * GICv3 virtualization (IHI 0069 chapter 6, 12.5): list registers through acknowledge and EOI,
 * the virtual priority mask and preemption, the VEOIM split, HW = 1 deactivating the physical
 * INTID, EOIcount, ICH_MISR/EISR/ELRSR and the maintenance interrupt (PPI 25), and the
 * virtual IRQ/FIQ lines into the vCPU. Driven through the gic_virt.h API on one vCPU with EL2.
 */
#include <stdlib.h>

#include "cpu_harness.h"

#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "gic/gic_virt.h"

#define DIST 0x08000000ull
#define REDIST 0x080a0000ull
#define ICH(cm, op2) SYSREG_ENC(3, 4, 12, cm, op2)
#define ICH_HCR ICH(11, 0)
#define ICH_VTR ICH(11, 1)
#define ICH_MISR ICH(11, 2)
#define ICH_EISR ICH(11, 3)
#define ICH_ELRSR ICH(11, 5)
#define ICH_VMCR ICH(11, 7)
#define ICH_LR(n) ICH(12, n)
#define ICH_AP1R0 ICH(9, 0)

/* LR: state, group 1, priority, vINTID (and pINTID/HW). */
#define LR(state, prio, vintid) ((uint64_t)(state) << 62 | ICH_LR_GROUP | (uint64_t)(prio) << 48 | (vintid))

struct fixture {
    struct harness h;
    struct gic *gic;
    struct gic_cpuif *cs;
};

static bool virq(const struct fixture *f) { return f->h.cpu->virq_lines & (1u << EXC_IRQ); }
static bool vfiq(const struct fixture *f) { return f->h.cpu->virq_lines & (1u << EXC_FIQ); }
static bool phys_irq(const struct fixture *f) { return f->h.cpu->irq_lines & (1u << EXC_IRQ); }

static void wr(struct fixture *f, uint64_t pa, unsigned size, uint64_t v)
{
    assert_int_equal(bus_write(f->h.bus, pa, size, v), BUS_OK);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    h_init_el2(&f->h);
    struct cpu_state *cpus[1] = { f->h.cpu };
    f->gic = gic_create(f->h.bus, DIST, REDIST, cpus, 1, 64);
    assert_non_null(f->gic);
    f->cs = f->h.cpu->gic;
    wr(f, DIST, 4, 3);
    wr(f, REDIST + 0x14, 4, 0);
    f->cs->pmr = 0xf8;
    f->cs->igrpen[GIC_G1] = true;
    /* Hypervisor: virtual interface on, guest Group 1 enabled, VPMR open. */
    gic_ich_write(f->cs, ICH_HCR, ICH_HCR_EN);
    gic_ich_write(f->cs, ICH_VMCR, 1ull << 1 | 0xf8ull << 24);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    gic_destroy(f->gic);
    h_free(&f->h);
    free(f);
    return 0;
}

static void test_gic_virt_ids(void **state)
{
    struct fixture *f = *state;
    /* 4 LRs, TDS, nV4, A3V, 24-bit IDs, 5 priority and preemption bits. */
    assert_int_equal(gic_ich_read(f->cs, ICH_VTR), 0x90b80003u); /* as QEMU */
    /* VMCR: VFIQEn is RES1 and VBPRs read at least their minimum. */
    gic_ich_write(f->cs, ICH_VMCR, 0);
    assert_int_equal(gic_ich_read(f->cs, ICH_VMCR), 1u << 3 | 2u << 21 | 3u << 18);
    assert_int_equal(gic_icv_read(f->cs, ICV_BPR0), 2);
    assert_int_equal(gic_icv_read(f->cs, ICV_BPR1), 3);
    /* LR priority bits below the 5 implemented are RES0. */
    gic_ich_write(f->cs, ICH_LR(2), LR(LR_PENDING, 0xff, 7));
    assert_int_equal(gic_ich_read(f->cs, ICH_LR(2)), LR(LR_PENDING, 0xf8, 7));
}

static void test_gic_virt_ack_eoi(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(gic_ich_read(f->cs, ICH_ELRSR), 0xf);
    gic_ich_write(f->cs, ICH_LR(1), LR(LR_PENDING, 0xa0, 40));
    assert_true(virq(f));
    assert_false(phys_irq(f));
    assert_int_equal(gic_ich_read(f->cs, ICH_ELRSR), 0xd);
    assert_int_equal(gic_icv_read(f->cs, ICV_HPPIR1), 40);
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR0), GIC_SPURIOUS); /* wrong group */
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 40);
    assert_false(virq(f));
    assert_int_equal(gic_ich_read(f->cs, ICH_LR(1)) >> 62, LR_ACTIVE);
    assert_int_equal(gic_icv_read(f->cs, ICV_RPR), 0xa0);
    assert_int_equal(gic_ich_read(f->cs, ICH_AP1R0), 1u << 20);
    gic_icv_write(f->cs, ICV_EOIR1, 40);
    assert_int_equal(gic_ich_read(f->cs, ICH_LR(1)) >> 62, LR_INVALID);
    assert_int_equal(gic_icv_read(f->cs, ICV_RPR), 0xff);
    assert_int_equal(gic_ich_read(f->cs, ICH_ELRSR), 0xf);
    /* An EOI that matches no list register counts in EOIcount (after dropping priority). */
    gic_ich_write(f->cs, ICH_LR(0), LR(LR_PENDING, 0x10, 41));
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 41);
    gic_ich_write(f->cs, ICH_LR(0), 0); /* the hypervisor took the LR away */
    gic_icv_write(f->cs, ICV_EOIR1, 41);
    assert_int_equal(gic_ich_read(f->cs, ICH_HCR) >> 27, 1);
    assert_int_equal(gic_icv_read(f->cs, ICV_RPR), 0xff);
}

static void test_gic_virt_priority_and_preemption(void **state)
{
    struct fixture *f = *state;
    gic_ich_write(f->cs, ICH_LR(0), LR(LR_PENDING, 0x88, 50));
    gic_ich_write(f->cs, ICH_LR(1), LR(LR_PENDING, 0x80, 51));
    assert_int_equal(gic_icv_read(f->cs, ICV_HPPIR1), 51);
    gic_icv_write(f->cs, ICV_PMR, 0x80); /* VPMR masks both */
    assert_int_equal(gic_ich_read(f->cs, ICH_VMCR) >> 24, 0x80);
    assert_false(virq(f));
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), GIC_SPURIOUS);
    gic_icv_write(f->cs, ICV_PMR, 0xf8);
    /* Ack 50 first by making 51 invisible (Group 0 with VENG0 = 0). */
    gic_ich_write(f->cs, ICH_LR(1), LR(LR_PENDING, 0x80, 51) & ~ICH_LR_GROUP);
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 50);
    gic_ich_write(f->cs, ICH_LR(1), LR(LR_PENDING, 0x80, 51));
    assert_true(virq(f)); /* 0x80 preempts running 0x88 */
    gic_icv_write(f->cs, ICV_BPR1, 4); /* group priority [7:4]: both 0x80, no preemption */
    assert_false(virq(f));
    gic_icv_write(f->cs, ICV_BPR1, 3);
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 51);
    gic_icv_write(f->cs, ICV_EOIR1, 51);
    gic_icv_write(f->cs, ICV_EOIR1, 50);
    assert_int_equal(gic_ich_read(f->cs, ICH_ELRSR), 0xf);
    /* Group 0 virtual interrupts are virtual FIQs (VENG0). */
    gic_icv_write(f->cs, ICV_IGRPEN0, 1);
    gic_ich_write(f->cs, ICH_LR(3), LR(LR_PENDING, 0x20, 60) & ~ICH_LR_GROUP);
    assert_true(vfiq(f));
    assert_false(virq(f));
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR0), 60);
    /* ICH_HCR_EL2.En = 0: nothing is signalled. */
    gic_ich_write(f->cs, ICH_LR(2), LR(LR_PENDING, 0x00, 61));
    gic_ich_write(f->cs, ICH_HCR, 0);
    assert_false(virq(f) || vfiq(f));
}

static void test_gic_virt_eoimode_and_hw(void **state)
{
    struct fixture *f = *state;
    /* A physical SPI 40 that the hypervisor acknowledged and forwards as HW-linked vINTID 40. */
    wr(f, DIST + 0x84, 4, 1u << 8);
    wr(f, DIST + 0x428, 1, 0x80);
    wr(f, DIST + 0x104, 4, 1u << 8);
    wr(f, DIST + 0x204, 4, 1u << 8);
    f->cs->ctlr |= ICC_CTLR_EOIMODE;
    assert_int_equal(gic_ack(f->cs, GIC_G1), 40);
    gic_eoi(f->cs, GIC_G1, 40); /* priority drop only: stays active */
    struct gic_irq *q = gic_irq_of(f->cs, 40);
    assert_true(q->active);
    gic_ich_write(f->cs, ICH_LR(0), LR(LR_PENDING, 0xa0, 40) | ICH_LR_HW | 40ull << 32);
    /* VEOIM = 1: EOIR drops, DIR deactivates (and the physical INTID with it). */
    gic_icv_write(f->cs, ICV_CTLR, ICC_CTLR_EOIMODE);
    assert_int_equal(gic_icv_read(f->cs, ICV_CTLR) & 3, ICC_CTLR_EOIMODE);
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 40);
    gic_icv_write(f->cs, ICV_EOIR1, 40);
    assert_int_equal(gic_ich_read(f->cs, ICH_LR(0)) >> 62, LR_ACTIVE);
    assert_true(q->active);
    gic_icv_write(f->cs, ICV_DIR, 40);
    assert_int_equal(gic_ich_read(f->cs, ICH_LR(0)) >> 62, LR_INVALID);
    assert_false(q->active);
    /* DIR with no matching LR counts in EOIcount. */
    gic_icv_write(f->cs, ICV_DIR, 99);
    assert_int_equal(gic_ich_read(f->cs, ICH_HCR) >> 27, 1);
}

static void test_gic_virt_maintenance(void **state)
{
    struct fixture *f = *state;
    /* Let PPI 25 through to the physical CPU interface. */
    wr(f, REDIST + 0x10000 + 0x80, 4, 1u << 25);
    wr(f, REDIST + 0x10000 + 0x100, 4, 1u << 25);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 0);
    assert_false(phys_irq(f));
    /* EOI maintenance: an LR with EOI = 1 (HW = 0) becomes invalid. */
    gic_ich_write(f->cs, ICH_LR(2), LR(LR_PENDING, 0x80, 33) | ICH_LR_EOI);
    assert_int_equal(gic_icv_read(f->cs, ICV_IAR1), 33);
    gic_icv_write(f->cs, ICV_EOIR1, 33);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 1);
    assert_int_equal(gic_ich_read(f->cs, ICH_EISR), 1u << 2);
    assert_int_equal(gic_ich_read(f->cs, ICH_ELRSR), 0xb); /* not empty until the EOI is seen */
    assert_true(phys_irq(f));
    assert_int_equal(gic_ack(f->cs, GIC_G1), 25);
    gic_ich_write(f->cs, ICH_LR(2), 0);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 0);
    gic_eoi(f->cs, GIC_G1, 25);
    assert_false(phys_irq(f));
    /* Underflow (UIE: at most one valid LR), no pending (NPIE), LRENP (EOIcount != 0),
     * VGrp1E/VGrp0D from the enables. */
    gic_ich_write(f->cs, ICH_HCR, ICH_HCR_EN | ICH_HCR_UIE);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 1u << 1);
    assert_true(phys_irq(f));
    gic_ich_write(f->cs, ICH_LR(0), LR(LR_PENDING, 0x80, 34));
    gic_ich_write(f->cs, ICH_LR(1), LR(LR_PENDING, 0x80, 35));
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 0);
    gic_ich_write(f->cs, ICH_HCR, ICH_HCR_EN | ICH_HCR_NPIE | ICH_HCR_VGRP1EIE | ICH_HCR_VGRP0DIE);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 1u << 6 | 1u << 5);
    gic_ich_write(f->cs, ICH_LR(0), 0);
    gic_ich_write(f->cs, ICH_LR(1), 0);
    gic_ich_write(f->cs, ICH_HCR, ICH_HCR_EN | ICH_HCR_NPIE | ICH_HCR_LRENPIE | 2ull << 27);
    assert_int_equal(gic_ich_read(f->cs, ICH_MISR), 1u << 3 | 1u << 2);
    /* Without En there is no maintenance interrupt, whatever MISR says. */
    gic_ich_write(f->cs, ICH_HCR, ICH_HCR_NPIE);
    assert_false(gic_irq_pending(gic_irq_of(f->cs, 25)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gic_virt_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_virt_ack_eoi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_virt_priority_and_preemption, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_virt_eoimode_and_hw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_virt_maintenance, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
