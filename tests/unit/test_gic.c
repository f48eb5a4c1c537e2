/*
 * GICv3 distributor, redistributors and physical CPU interface state machine (IHI 0069): MMIO
 * identification and bad accesses, level vs edge, acknowledge/EOI/DIR with the EOImode split,
 * priorities, the priority mask, preemption by group priority (binary point), running
 * priority, Group 0 as FIQ, SGI targeting, targeted and 1-of-N SPI routing, GICR_WAKER.
 * Two vCPUs share one bus; the CPU interface is driven through its internal API (the ICC_*
 * rows are thin wrappers, exercised in test_gic_sysreg.c).
 */
#include <stdlib.h>

#include "cpu_harness.h"

#include "cpu/exception.h"
#include "gic/gic_internal.h"

#define DIST 0x08000000ull
#define REDIST 0x080a0000ull
#define SGI_FRAME 0x10000ull

struct fixture {
    struct harness h;
    struct cpu_state *cpu1;
    struct gic *gic;
    struct gic_cpuif *c0, *c1;
};

static uint64_t rd(struct fixture *f, uint64_t pa, unsigned size)
{
    uint64_t v = 0xdead;
    assert_int_equal(bus_read(f->h.bus, pa, size, &v), BUS_OK);
    return v;
}
static void wr(struct fixture *f, uint64_t pa, unsigned size, uint64_t v)
{
    assert_int_equal(bus_write(f->h.bus, pa, size, v), BUS_OK);
}
static uint64_t rdist(unsigned cpu, uint64_t off) { return REDIST + cpu * 0x20000ull + off; }

static bool irq(struct cpu_state *c) { return c->irq_lines & (1u << EXC_IRQ); }
static bool fiq(struct cpu_state *c) { return c->irq_lines & (1u << EXC_FIQ); }

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    h_init(&f->h);
    f->cpu1 = cpu_create(f->h.bus, f->h.ic, 1);
    assert_non_null(f->cpu1);
    cpu_reset(f->cpu1, 1, H_CODE);
    struct cpu_state *cpus[2] = { f->h.cpu, f->cpu1 };
    f->gic = gic_create(f->h.bus, DIST, REDIST, cpus, 2, 288);
    assert_non_null(f->gic);
    f->c0 = f->h.cpu->gic;
    f->c1 = f->cpu1->gic;
    /* The usual bring-up: both groups on, redistributors awake, PMR open, Group 1 enabled. */
    wr(f, DIST + 0x0, 4, 3);
    for (unsigned i = 0; i < 2; i++) {
        wr(f, rdist(i, 0x14), 4, 0);
        struct gic_cpuif *cs = i ? f->c1 : f->c0;
        cs->pmr = 0xf8;
        cs->igrpen[GIC_G1] = true;
        cs->igrpen[GIC_G0] = true;
    }
    gic_update(f->gic);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    gic_destroy(f->gic);
    cpu_destroy(f->cpu1);
    h_free(&f->h);
    free(f);
    return 0;
}

/* SPI n: Group 1, priority prio, enabled, routed to vCPU `to`. */
static void spi_setup(struct fixture *f, unsigned intid, uint8_t prio, unsigned to)
{
    uint64_t g = rd(f, DIST + 0x80 + intid / 32 * 4, 4);
    wr(f, DIST + 0x80 + intid / 32 * 4, 4, g | 1u << (intid % 32));
    wr(f, DIST + 0x400 + intid, 1, prio);
    wr(f, DIST + 0x6000 + intid * 8, 8, to);
    wr(f, DIST + 0x100 + intid / 32 * 4, 4, 1u << (intid % 32));
}

static void test_gic_identification(void **state)
{
    struct fixture *f = *state;
    /* ITLinesNumber 8 (288 INTIDs), IDbits 15, A3V, No1N = 0. */
    assert_int_equal(rd(f, DIST + 0x4, 4), 8u | 15u << 19 | 1u << 24);
    assert_int_equal(rd(f, DIST + 0x0, 4), 3u | 1u << 4 | 1u << 6); /* ARE and DS read as one */
    assert_int_equal(rd(f, DIST + 0xffe8, 4), 0x3b);               /* PIDR2.ArchRev = 3 */
    assert_int_equal(rd(f, rdist(0, 0xffe8), 4), 0x3b);
    assert_int_equal(rd(f, DIST + 0x8, 4), 0x343b);
    /* GICR_TYPER: affinity, processor number, Last only on the last redistributor. */
    assert_int_equal(rd(f, rdist(0, 0x8), 8), 0ull << 32 | 1u << 24 | 0u << 8);
    assert_int_equal(rd(f, rdist(1, 0x8), 8), 1ull << 32 | 1u << 24 | 1u << 8 | 1u << 4);
    assert_int_equal(rd(f, rdist(1, 0xc), 4), 1);
    /* WAKER: ChildrenAsleep follows ProcessorSleep. */
    wr(f, rdist(1, 0x14), 4, 2);
    assert_int_equal(rd(f, rdist(1, 0x14), 4), 6);
    wr(f, rdist(1, 0x14), 4, 0);
    assert_int_equal(rd(f, rdist(1, 0x14), 4), 0);
    /* IGRPMODR is RAZ/WI with DS = 1. */
    wr(f, DIST + 0xd04, 4, ~0u);
    assert_int_equal(rd(f, DIST + 0xd04, 4), 0);
}

static void test_gic_bad_access_is_bus_error(void **state)
{
    struct fixture *f = *state;
    uint64_t v;
    assert_int_equal(bus_read(f->h.bus, DIST + 0x0, 1, &v), BUS_ERROR);    /* CTLR is 32-bit */
    assert_int_equal(bus_write(f->h.bus, DIST + 0x104, 2, 1), BUS_ERROR);  /* ISENABLER */
    assert_int_equal(bus_read(f->h.bus, DIST + 0x101, 4, &v), BUS_ERROR);  /* misaligned */
    assert_int_equal(bus_read(f->h.bus, rdist(0, SGI_FRAME + 0x100), 8, &v), BUS_ERROR);
    assert_int_equal(bus_write(f->h.bus, rdist(0, 0x14), 1, 0), BUS_ERROR); /* WAKER */
    /* Reserved offsets are RAZ/WI, byte accesses to IPRIORITYR are fine. */
    assert_int_equal(rd(f, DIST + 0x5000, 4), 0);
    wr(f, DIST + 0x421, 1, 0xff);
    assert_int_equal(rd(f, DIST + 0x420, 4), 0xf800); /* 5 priority bits */
    /* With ARE, the distributor's INTID 0-31 registers are RAZ/WI. */
    wr(f, DIST + 0x100, 4, ~0u);
    assert_int_equal(rd(f, DIST + 0x100, 4), 0);
    /* The redistributor space past the last vCPU is not mapped. */
    assert_int_equal(bus_read(f->h.bus, rdist(2, 0), 4, &v), BUS_ERROR);
}

static void test_gic_level_spi_ack_eoi(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 33, 0xa0, 0);
    struct irq_line line = gic_spi_line(f->gic, 33);
    assert_false(irq(f->h.cpu));
    irq_set(&line, 1);
    assert_true(irq(f->h.cpu));
    assert_false(irq(f->cpu1));
    assert_int_equal(gic_hppir(f->c0, GIC_G1), 33);
    assert_int_equal(gic_ack(f->c0, GIC_G1), 33);
    assert_false(irq(f->h.cpu)); /* active: not signalled again */
    assert_int_equal(gic_running_prio(f->c0), 0xa0);
    /* Pending and active while the line is high (ISPENDR/ISACTIVER both read 1). */
    assert_int_equal(rd(f, DIST + 0x204, 4), 2);
    assert_int_equal(rd(f, DIST + 0x304, 4), 2);
    gic_eoi(f->c0, GIC_G1, 33);
    assert_int_equal(gic_running_prio(f->c0), 0xff);
    assert_true(irq(f->h.cpu)); /* the level is still high */
    irq_set(&line, 0);
    assert_false(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), GIC_SPURIOUS);
}

static void test_gic_edge_spi(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 40, 0x80, 0);
    wr(f, DIST + 0xc08, 4, 2u << 16); /* INTID 40: ICFGR2 field 8 = edge */
    struct irq_line line = gic_spi_line(f->gic, 40);
    irq_set(&line, 1);
    irq_set(&line, 0);
    assert_true(irq(f->h.cpu)); /* latched */
    assert_int_equal(gic_ack(f->c0, GIC_G1), 40);
    assert_false(irq(f->h.cpu));
    irq_set(&line, 1); /* a second edge while active: active and pending */
    assert_false(irq(f->h.cpu));
    assert_int_equal(rd(f, DIST + 0x204, 4), 1u << 8);
    gic_eoi(f->c0, GIC_G1, 40);
    assert_true(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), 40);
    gic_eoi(f->c0, GIC_G1, 40);
    assert_false(irq(f->h.cpu)); /* the line stayed high: no new edge */
    /* ICPENDR clears a software pend. */
    wr(f, DIST + 0x204, 4, 1u << 8);
    assert_true(irq(f->h.cpu));
    wr(f, DIST + 0x284, 4, 1u << 8);
    assert_false(irq(f->h.cpu));
}

static void test_gic_priority_order_and_mask(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 50, 0x80, 0);
    spi_setup(f, 51, 0x40, 0);
    spi_setup(f, 52, 0x40, 0);
    wr(f, DIST + 0x204, 4, 7u << 18); /* pend 50, 51, 52 */
    /* Highest priority first; equal priorities: the lower INTID. */
    assert_int_equal(gic_hppir(f->c0, GIC_G1), 51);
    f->c0->pmr = 0x40; /* priority 0x40 is not below the mask */
    gic_update(f->gic);
    assert_false(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), GIC_SPURIOUS);
    f->c0->pmr = 0x48;
    gic_update(f->gic);
    assert_true(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), 51);
    /* 52 has the same priority as the running one: no preemption. */
    assert_false(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), GIC_SPURIOUS);
    gic_eoi(f->c0, GIC_G1, 51);
    assert_int_equal(gic_ack(f->c0, GIC_G1), 52);
    gic_eoi(f->c0, GIC_G1, 52);
    f->c0->pmr = 0xf8;
    gic_update(f->gic);
    assert_int_equal(gic_ack(f->c0, GIC_G1), 50);
    gic_eoi(f->c0, GIC_G1, 50);
    assert_int_equal(gic_running_prio(f->c0), 0xff);
}

static void test_gic_preemption_by_binary_point(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 60, 0x88, 0);
    spi_setup(f, 61, 0x80, 0);
    wr(f, DIST + 0x204, 4, 1u << 28); /* pend 60 */
    assert_int_equal(gic_ack(f->c0, GIC_G1), 60);
    /* BPR1 = 3 (minimum): group priority is all 5 bits, 0x80 < 0x88 preempts. */
    wr(f, DIST + 0x204, 4, 1u << 29);
    assert_true(irq(f->h.cpu));
    /* BPR1 = 4: group priority [7:4], both 0x80: no preemption. */
    f->c0->bpr[GIC_G1] = 4;
    gic_update(f->gic);
    assert_false(irq(f->h.cpu));
    assert_int_equal(gic_running_prio(f->c0), 0x88);
    /* CBPR: Group 1 uses BPR0 (2: all bits): preemption again. */
    f->c0->ctlr |= ICC_CTLR_CBPR;
    gic_update(f->gic);
    assert_true(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), 61);
    assert_int_equal(gic_running_prio(f->c0), 0x80);
    assert_int_equal(f->c0->apr[GIC_G1], 1u << 16 | 1u << 17);
    /* EOIs drop the highest active priority first. */
    gic_eoi(f->c0, GIC_G1, 61);
    assert_int_equal(gic_running_prio(f->c0), 0x88);
    gic_eoi(f->c0, GIC_G1, 60);
    assert_int_equal(gic_running_prio(f->c0), 0xff);
}

static void test_gic_eoimode_split(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 70, 0x90, 0);
    f->c0->ctlr |= ICC_CTLR_EOIMODE;
    wr(f, DIST + 0x208, 4, 1u << 6);
    assert_int_equal(gic_ack(f->c0, GIC_G1), 70);
    gic_eoi(f->c0, GIC_G1, 70); /* priority drop only */
    assert_int_equal(gic_running_prio(f->c0), 0xff);
    assert_int_equal(rd(f, DIST + 0x308, 4), 1u << 6); /* still active */
    wr(f, DIST + 0x208, 4, 1u << 6);
    assert_false(irq(f->h.cpu)); /* active and pending: not forwarded */
    gic_dir(f->c0, 70);
    assert_int_equal(rd(f, DIST + 0x308, 4), 0);
    assert_true(irq(f->h.cpu));
    /* With EOImode = 0, DIR does nothing (UNPREDICTABLE: ignored, as QEMU). */
    f->c0->ctlr &= ~(uint32_t)ICC_CTLR_EOIMODE;
    assert_int_equal(gic_ack(f->c0, GIC_G1), 70);
    gic_dir(f->c0, 70);
    assert_int_equal(rd(f, DIST + 0x308, 4), 1u << 6);
    /* An EOI for the wrong group is ignored. */
    gic_eoi(f->c0, GIC_G0, 70);
    assert_int_equal(gic_running_prio(f->c0), 0x90);
    gic_eoi(f->c0, GIC_G1, 70);
    assert_int_equal(rd(f, DIST + 0x308, 4), 0);
}

static void test_gic_group0_is_fiq(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 80, 0x30, 0);
    wr(f, DIST + 0x88, 4, 0); /* INTID 80 to Group 0 */
    wr(f, DIST + 0x208, 4, 1u << 16);
    assert_true(fiq(f->h.cpu));
    assert_false(irq(f->h.cpu));
    assert_int_equal(gic_hppir(f->c0, GIC_G1), GIC_SPURIOUS);
    assert_int_equal(gic_ack(f->c0, GIC_G1), GIC_SPURIOUS);
    assert_int_equal(gic_ack(f->c0, GIC_G0), 80);
    assert_false(fiq(f->h.cpu));
    gic_eoi(f->c0, GIC_G0, 80);
    /* Disabling Group 0 in the distributor or the CPU interface hides it. */
    wr(f, DIST + 0x208, 4, 1u << 16);
    assert_true(fiq(f->h.cpu));
    f->c0->igrpen[GIC_G0] = false;
    gic_update(f->gic);
    assert_false(fiq(f->h.cpu));
    f->c0->igrpen[GIC_G0] = true;
    wr(f, DIST + 0x0, 4, 2);
    assert_false(fiq(f->h.cpu));
}

static void test_gic_sgi_targets(void **state)
{
    struct fixture *f = *state;
    for (unsigned i = 0; i < 2; i++) {
        wr(f, rdist(i, SGI_FRAME + 0x80), 4, 0xffff); /* SGIs Group 1 */
        wr(f, rdist(i, SGI_FRAME + 0x100), 4, 0xffff);
    }
    /* SGI 3 to vCPU 1 by target list (Aff0 = 1). */
    gic_send_sgi(f->c0, 3ull << 24 | 1u << 1, GIC_G1);
    assert_false(irq(f->h.cpu));
    assert_true(irq(f->cpu1));
    assert_int_equal(gic_ack(f->c1, GIC_G1), 3);
    gic_eoi(f->c1, GIC_G1, 3);
    /* IRM = 1: every vCPU but the sender. */
    gic_send_sgi(f->c1, 5ull << 24 | 1ull << 40, GIC_G1);
    assert_true(irq(f->h.cpu));
    assert_false(irq(f->cpu1));
    assert_int_equal(gic_ack(f->c0, GIC_G1), 5);
    gic_eoi(f->c0, GIC_G1, 5);
    /* Group 0 generation does not pend a Group 1 SGI; a wrong Aff1 or RS targets nobody. */
    gic_send_sgi(f->c0, 6ull << 24 | 3u, GIC_G0);
    gic_send_sgi(f->c0, 6ull << 24 | 1ull << 16 | 3u, GIC_G1);
    gic_send_sgi(f->c0, 6ull << 24 | 1ull << 44 | 3u, GIC_G1);
    assert_false(irq(f->h.cpu) || irq(f->cpu1));
    /* SGIs are edge-triggered: ICFGR0 reads all-edge and ignores writes. */
    wr(f, rdist(0, SGI_FRAME + 0xc00), 4, 0);
    assert_int_equal(rd(f, rdist(0, SGI_FRAME + 0xc00), 4), 0xaaaaaaaa);
}

static void test_gic_spi_routing(void **state)
{
    struct fixture *f = *state;
    spi_setup(f, 90, 0x50, 1); /* targeted at Aff0 = 1 */
    wr(f, DIST + 0x208, 4, 1u << 26);
    assert_true(irq(f->cpu1));
    assert_false(irq(f->h.cpu));
    /* A target that does not exist: nobody. */
    wr(f, DIST + 0x6000 + 90 * 8, 8, 7);
    assert_false(irq(f->cpu1) || irq(f->h.cpu));
    /* 1 of N: the lowest vCPU that can take it; vCPU 0 with Group 1 off: vCPU 1. */
    wr(f, DIST + 0x6000 + 90 * 8, 8, 1ull << 31);
    assert_int_equal(rd(f, DIST + 0x6000 + 90 * 8, 8), 1ull << 31);
    assert_true(irq(f->h.cpu));
    f->c0->igrpen[GIC_G1] = false;
    gic_update(f->gic);
    assert_false(irq(f->h.cpu));
    assert_true(irq(f->cpu1));
    assert_int_equal(gic_ack(f->c1, GIC_G1), 90);
    /* Active on vCPU 1: not offered to vCPU 0 even when it could take it. */
    f->c0->igrpen[GIC_G1] = true;
    wr(f, DIST + 0x208, 4, 1u << 26);
    assert_false(irq(f->h.cpu));
    gic_eoi(f->c1, GIC_G1, 90);
    assert_true(irq(f->h.cpu));
    /* IROUTER: RES0 bits read as zero; 32-bit halves. */
    wr(f, DIST + 0x6000 + 91 * 8, 4, 0xffffffff);
    wr(f, DIST + 0x6000 + 91 * 8 + 4, 4, 0xffffffff);
    assert_int_equal(rd(f, DIST + 0x6000 + 91 * 8, 8), 0xff80ffffffull);
}

/* QEMU 7.2 forwards interrupts whatever GICR_WAKER says (a ROM that never clears
 * ProcessorSleep still sees HPPIR = the SGI there). The GIC architecture (IHI 0069 11.1,
 * "Power management") says a Redistributor whose PE is asleep (ProcessorSleep = 1) forwards
 * nothing to the CPU interface; a64emu follows it. */
static void test_gic_sleeping_redistributor_forwards_nothing_unlike_qemu(void **state)
{
    struct fixture *f = *state;
    wr(f, rdist(0, SGI_FRAME + 0x80), 4, 1u << 27);
    wr(f, rdist(0, SGI_FRAME + 0x100), 4, 1u << 27);
    wr(f, rdist(0, SGI_FRAME + 0x41b), 1, 0x20); /* PPI 27 priority */
    struct irq_line ppi = gic_ppi_line(f->gic, 0, 27);
    wr(f, rdist(0, 0x14), 4, 2); /* ProcessorSleep */
    irq_set(&ppi, 1);
    assert_false(irq(f->h.cpu));
    wr(f, rdist(0, 0x14), 4, 0);
    assert_true(irq(f->h.cpu));
    assert_int_equal(gic_ack(f->c0, GIC_G1), 27);
    assert_int_equal(gic_running_prio(f->c0), 0x20);
    /* A halted vCPU (WFI) wakes when the GIC raises its line. */
    gic_eoi(f->c0, GIC_G1, 27);
    irq_set(&ppi, 0);
    f->h.cpu->halted = true;
    exc_update_irq(f->h.cpu);
    irq_set(&ppi, 1);
    assert_false(f->h.cpu->halted);
}

/* Nothing a guest writes anywhere in the GIC's frames may crash the host or corrupt memory (the
 * sanitizer build runs this too): random offsets, sizes and values, then every register read. */
static void test_gic_mmio_random_accesses_are_safe(void **state)
{
    struct fixture *f = *state;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    for (unsigned i = 0; i < 50000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t base = (x & 1) ? DIST : rdist((x >> 1) & 1, 0);
        uint64_t span = (x & 1) ? 0x10000 : 0x20000;
        uint64_t off = (x >> 8) % span;
        unsigned size = sizes[(x >> 40) & 3];
        uint64_t v;
        if (off + size > span)
            continue;
        if ((x >> 44) & 1)
            (void)bus_write(f->h.bus, base + off, size, x * 0x2545f4914f6cdd1dull);
        else
            (void)bus_read(f->h.bus, base + off, size, &v);
    }
    for (uint64_t off = 0; off < 0x10000; off += 4) {
        uint64_t v;
        (void)bus_read(f->h.bus, DIST + off, 4, &v);
        (void)bus_read(f->h.bus, rdist(1, off), 4, &v);
        (void)bus_read(f->h.bus, rdist(1, SGI_FRAME + off), 4, &v);
    }
    /* The CPU interfaces still work. */
    gic_ack(f->c0, GIC_G1);
    gic_ack(f->c1, GIC_G0);
    gic_update(f->gic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gic_identification, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_bad_access_is_bus_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_level_spi_ack_eoi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_edge_spi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_priority_order_and_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_preemption_by_binary_point, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_eoimode_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_group0_is_fiq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_sgi_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_spi_routing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_sleeping_redistributor_forwards_nothing_unlike_qemu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gic_mmio_random_accesses_are_safe, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
