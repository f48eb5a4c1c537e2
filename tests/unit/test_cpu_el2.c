/*
 * EL2: HCR_EL2/CPTR_EL2/MDCR_EL2 traps with exact syndromes, TGE routing, VPIDR/VMPIDR, virtual and
 * physical interrupts (routing, masking, priority), WFI/WFE traps and waiting. Expected values are
 * computed from DDI 0487: ESR_ELx (D19.2.37), AArch64.TakeException (vector offsets, SPSR).
 */
#include "cpu_harness.h"

#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"

#define BIT(n) (1ull << (n))
/* SPSR of EL1h with DAIF as given: M = 0b0101. */
#define SPSR_EL1H(daif) ((uint64_t)(daif) | 0x5)

/* MSR/MRS/SYS encodings: 1101 0101 00 L op0 op1 CRn CRm op2 Rt. */
static uint32_t enc_sys(int read, unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
/* ESR of a trapped MSR/MRS/SYS (EC 0x18, IL = 1), ISS per D19.2.37. */
static uint32_t esr_sys(int read, unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0x18u << 26 | 1u << 25 | op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 |
           (unsigned)read;
}

/* Put the vCPU at `el` (EL0t or ELxh) with PSTATE.DAIF = daif. */
static void h_at(struct harness *h, unsigned el, uint32_t daif)
{
    cpu_set_el_spsel(h->cpu, el, el ? 1 : 0);
    h->cpu->daif = daif;
    h->cpu->nzcv = 0;
    exc_update_irq(h->cpu);
}
static void h_hcr(struct harness *h, uint64_t v)
{
    h->cpu->sr.hcr_el2 = v | BIT(HCR_RW);
    exc_update_irq(h->cpu);
}
static void run1(struct harness *h, uint32_t insn)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
}
/* A synchronous exception from a lower EL to EL2: VBAR_EL2 + 0x400, ESR_EL2, ELR_EL2 = pc. */
static void expect_el2(struct harness *h, uint32_t esr, uint64_t spsr)
{
    assert_int_equal(h->cpu->el, 2);
    assert_int_equal(h->cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h->cpu->sr.esr_el2, esr);
    assert_int_equal(h->cpu->sr.elr_el2, H_CODE);
    assert_int_equal(h->cpu->sr.spsr_el2, spsr);
    assert_int_equal(h->cpu->daif, 0x3c0);
}
static void expect_done(struct harness *h, unsigned el)
{
    assert_int_equal(h->cpu->pc, H_CODE + 4);
    assert_int_equal(h->cpu->el, el);
}

static void test_cpu_el2_tvm_trvm_trap_each_vm_register(void **state)
{
    (void)state;
    static const struct { const char *name; unsigned op0, op1, crn, crm, op2; } regs[] = {
        { "SCTLR_EL1", 3, 0, 1, 0, 0 }, { "AFSR0_EL1", 3, 0, 5, 1, 0 }, { "AFSR1_EL1", 3, 0, 5, 1, 1 },
        { "ESR_EL1", 3, 0, 5, 2, 0 },   { "FAR_EL1", 3, 0, 6, 0, 0 },   { "CONTEXTIDR_EL1", 3, 0, 13, 0, 1 },
    };
    struct harness h;
    h_init_el2(&h);
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        unsigned o0 = regs[i].op0, o1 = regs[i].op1, n = regs[i].crn, m = regs[i].crm, o2 = regs[i].op2;
        uint64_t before = h.cpu->sr.sctlr_el1;
        /* msr <reg>, x3 with TVM: trapped, register unchanged */
        h_hcr(&h, BIT(HCR_TVM));
        h_at(&h, 1, 0x3c0);
        h.cpu->x[3] = 0x1234;
        run1(&h, enc_sys(0, o0, o1, n, m, o2, 3));
        expect_el2(&h, esr_sys(0, o0, o1, n, m, o2, 3), SPSR_EL1H(0x3c0));
        assert_int_equal(h.cpu->sr.sctlr_el1, before);
        /* mrs x4, <reg> is not trapped by TVM, only by TRVM */
        h_at(&h, 1, 0);
        run1(&h, enc_sys(1, o0, o1, n, m, o2, 4));
        expect_done(&h, 1);
        h_hcr(&h, BIT(HCR_TRVM));
        h_at(&h, 1, 0);
        run1(&h, enc_sys(1, o0, o1, n, m, o2, 4));
        expect_el2(&h, esr_sys(1, o0, o1, n, m, o2, 4), SPSR_EL1H(0));
        /* At EL2 neither applies. */
        h_hcr(&h, BIT(HCR_TVM) | BIT(HCR_TRVM));
        h_at(&h, 2, 0x3c0);
        run1(&h, enc_sys(1, o0, o1, n, m, o2, 4));
        expect_done(&h, 2);
    }
    h_free(&h);
}

static void test_cpu_el2_id_cache_and_aux_traps_name_their_bit(void **state)
{
    (void)state;
    static const struct { unsigned hcr_bit; int read; unsigned op0, op1, crn, crm, op2; unsigned el; } cases[] = {
        { HCR_TID3, 1, 3, 0, 0, 4, 0, 1 },  /* ID_AA64PFR0_EL1 */
        { HCR_TID3, 1, 3, 0, 0, 7, 0, 1 },  /* ID_AA64MMFR0_EL1 */
        { HCR_TID3, 1, 3, 0, 0, 1, 0, 1 },  /* ID_PFR0_EL1 (AArch32 ID register, RAZ) */
        { HCR_TID3, 1, 3, 0, 0, 3, 0, 1 },  /* MVFR0_EL1 */
        { HCR_TID3, 1, 3, 0, 0, 6, 7, 1 },  /* reserved ID space (RAZ) */
        { HCR_TID1, 1, 3, 0, 0, 0, 6, 1 },  /* REVIDR_EL1 */
        { HCR_TID1, 1, 3, 1, 0, 0, 7, 1 },  /* AIDR_EL1 */
        { HCR_TID2, 1, 3, 1, 0, 0, 1, 1 },  /* CLIDR_EL1 */
        { HCR_TID2, 0, 3, 2, 0, 0, 0, 1 },  /* CSSELR_EL1 write */
        { HCR_TID2, 1, 3, 3, 0, 0, 1, 1 },  /* CTR_EL0 */
        { HCR_TACR, 0, 3, 0, 1, 0, 1, 1 },  /* ACTLR_EL1 */
        { HCR_TSW, 0, 1, 0, 7, 6, 2, 1 },   /* DC ISW */
        { HCR_TSW, 0, 1, 0, 7, 14, 2, 1 },  /* DC CISW */
        { HCR_TPCP, 0, 1, 0, 7, 6, 1, 1 },  /* DC IVAC */
        { HCR_TPCP, 0, 1, 3, 7, 14, 1, 1 }, /* DC CIVAC */
        { HCR_TPU, 0, 1, 0, 7, 5, 0, 1 },   /* IC IALLU */
        { HCR_TPU, 0, 1, 0, 7, 1, 0, 1 },   /* IC IALLUIS */
        { HCR_TPU, 0, 1, 3, 7, 11, 1, 1 },  /* DC CVAU */
        { HCR_TDZ, 0, 1, 3, 7, 4, 1, 1 },   /* DC ZVA */
    };
    struct harness h;
    h_init_el2(&h);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned o0 = cases[i].op0, o1 = cases[i].op1, n = cases[i].crn, m = cases[i].crm, o2 = cases[i].op2;
        h.cpu->x[5] = H_DATA;
        /* Without the bit: completes. */
        h_hcr(&h, 0);
        h_at(&h, cases[i].el, 0);
        run1(&h, enc_sys(cases[i].read, o0, o1, n, m, o2, 5));
        expect_done(&h, cases[i].el);
        /* With it: EC 0x18 to EL2 with the instruction's encoding. */
        h_hcr(&h, BIT(cases[i].hcr_bit));
        h_at(&h, cases[i].el, 0);
        h.cpu->x[5] = H_DATA;
        run1(&h, enc_sys(cases[i].read, o0, o1, n, m, o2, 5));
        expect_el2(&h, esr_sys(cases[i].read, o0, o1, n, m, o2, 5), SPSR_EL1H(0));
    }
    h_free(&h);
}

static void test_cpu_el2_el0_traps_el1_first_then_el2_and_tge_routes(void **state)
{
    (void)state;
    const uint32_t dc_zva = enc_sys(0, 1, 3, 7, 4, 1, 5), esr_zva = esr_sys(0, 1, 3, 7, 4, 1, 5);
    struct harness h;
    h_init_el2(&h);
    h.cpu->x[5] = H_DATA;
    /* EL0, SCTLR_EL1.DZE = 0 and HCR_EL2.TDZ = 1: the EL1 trap has priority. */
    h.cpu->sr.sctlr_el1 &= ~BIT(SCTLR_DZE);
    h_hcr(&h, BIT(HCR_TDZ));
    h_at(&h, 0, 0);
    run1(&h, dc_zva);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(h.cpu->sr.esr_el1, esr_zva);
    /* DZE = 1: TDZ traps EL0 to EL2. DCZID_EL0.DZP reads 1 meanwhile. */
    h.cpu->sr.sctlr_el1 |= BIT(SCTLR_DZE);
    h_at(&h, 0, 0);
    run1(&h, enc_sys(1, 3, 3, 0, 0, 7, 6)); /* mrs x6, dczid_el0 */
    assert_int_equal(h.cpu->x[6], 0x14);
    h_at(&h, 0, 0);
    run1(&h, dc_zva);
    expect_el2(&h, esr_zva, 0);
    /* TGE = 1: the EL1 trap of EL0 goes to EL2 (same syndrome). */
    h.cpu->sr.sctlr_el1 &= ~BIT(SCTLR_DZE);
    h_hcr(&h, BIT(HCR_TGE));
    h_at(&h, 0, 0);
    run1(&h, dc_zva);
    expect_el2(&h, esr_zva, 0);
    /* TGE = 1: SVC and UNDEFINED from EL0 go to EL2 too. */
    h_at(&h, 0, 0);
    run1(&h, 0xd4000021); /* svc #1 */
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h.cpu->sr.esr_el2, 0x15u << 26 | 1u << 25 | 1);
    assert_int_equal(h.cpu->sr.elr_el2, H_CODE + 4);
    h_at(&h, 0, 0);
    run1(&h, 0x00000000); /* udf #0 */
    expect_el2(&h, 1u << 25, 0);
    /* TGE = 0: back to EL1. */
    h_hcr(&h, 0);
    h_at(&h, 0, 0);
    run1(&h, 0xd4000021);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    h_free(&h);
}

static void test_cpu_el2_wfi_wfe_traps_with_ti(void **state)
{
    (void)state;
    const uint32_t wfi = 0xd503207f, wfe = 0xd503205f;
    const uint32_t esr_wfi = 0x01u << 26 | 1u << 25 | 1u << 24 | 0xeu << 20, esr_wfe = esr_wfi | 1;
    struct harness h;
    h_init_el2(&h);
    h_hcr(&h, BIT(HCR_TWI) | BIT(HCR_TWE));
    h_at(&h, 1, 0x3c0);
    run1(&h, wfi);
    expect_el2(&h, esr_wfi, SPSR_EL1H(0x3c0));
    h_at(&h, 1, 0x3c0);
    run1(&h, wfe);
    expect_el2(&h, esr_wfe, SPSR_EL1H(0x3c0));
    /* EL0 with SCTLR_EL1.nTWI/nTWE = 0: to EL1 first, even with TWI set. */
    h.cpu->sr.sctlr_el1 &= ~(BIT(SCTLR_nTWI) | BIT(SCTLR_nTWE));
    h_at(&h, 0, 0);
    run1(&h, wfi);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(h.cpu->sr.esr_el1, esr_wfi);
    h_at(&h, 0, 0);
    run1(&h, wfe);
    assert_int_equal(h.cpu->sr.esr_el1, esr_wfe);
    /* nTWI = 1: TWI traps EL0 to EL2. */
    h.cpu->sr.sctlr_el1 |= BIT(SCTLR_nTWI);
    h_at(&h, 0, 0);
    run1(&h, wfi);
    expect_el2(&h, esr_wfi, 0);
    /* At EL2, TWI does not apply: a WFI with a pending (masked) interrupt completes. */
    cpu_set_irq_line(h.cpu, EXC_IRQ, true);
    h_at(&h, 2, 0x3c0);
    run1(&h, wfi);
    expect_done(&h, 2);
    h_free(&h);
}

static void test_cpu_el2_wfi_waits_until_a_line_rises(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    cpu_attach_irq_source(h.cpu);
    static const uint32_t code[] = { 0xd503207f /* wfi */, 0xd503201f /* nop */ };
    h_code(&h, code, 2);
    h_at(&h, 2, 0);
    h_hcr(&h, BIT(HCR_IMO));
    assert_int_equal(cpu_run(h.cpu, 10), 1);
    assert_true(h.cpu->halted);
    assert_int_equal(h.cpu->stop, CPU_RUNNING);
    assert_int_equal(h.cpu->pc, H_CODE + 4);
    assert_int_equal(cpu_run(h.cpu, 10), 0); /* waits */
    cpu_set_irq_line(h.cpu, EXC_IRQ, true);
    assert_false(h.cpu->halted);
    cpu_run(h.cpu, 1);
    /* IMO routes the IRQ to EL2; taken from EL2 with SP_EL2: VBAR_EL2 + 0x280, ELR = after WFI. */
    assert_int_equal(h.cpu->sr.elr_el2, H_CODE + 4);
    assert_int_equal(h.cpu->sr.spsr_el2, 0x9 | 0); /* EL2h, DAIF clear */
    assert_int_equal(h.cpu->el, 2);
    h_free(&h);
}

static void test_cpu_el2_virtual_irq_fiq_serror_masking_and_priority(void **state)
{
    (void)state;
    const uint32_t nop = 0xd503201f;
    struct harness h;
    h_init_el2(&h);
    /* VI without IMO: no virtual interrupt. */
    h_hcr(&h, BIT(HCR_VI));
    h_at(&h, 1, 0);
    run1(&h, nop);
    expect_done(&h, 1);
    /* VI with IMO at EL2: not taken at EL2. */
    h_hcr(&h, BIT(HCR_VI) | BIT(HCR_IMO));
    h_at(&h, 2, 0);
    run1(&h, nop);
    expect_done(&h, 2);
    /* At EL1 with PSTATE.I = 1: masked. */
    h_at(&h, 1, 0x80);
    run1(&h, nop);
    expect_done(&h, 1);
    /* msr daifclr, #2 unmasks: taken before the next instruction, at VBAR_EL1 + 0x280. */
    run1(&h, 0xd50342ff);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x280);
    assert_int_equal(h.cpu->sr.elr_el1, H_CODE + 4);
    assert_int_equal(h.cpu->sr.spsr_el1, SPSR_EL1H(0));
    /* From EL0: lower-EL IRQ vector, VBAR_EL1 + 0x480. */
    h_at(&h, 0, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x480);
    assert_int_equal(h.cpu->sr.elr_el1, H_CODE);
    assert_int_equal(h.cpu->sr.spsr_el1, 0);
    /* VI and VF both pending and unmasked: vIRQ first (QEMU's order), then vFIQ once I is set. */
    h_hcr(&h, BIT(HCR_VI) | BIT(HCR_IMO) | BIT(HCR_VF) | BIT(HCR_FMO));
    h_at(&h, 1, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x280);
    h_at(&h, 1, 0x80);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x300);
    /* TGE = 1: no virtual interrupts. */
    h_hcr(&h, BIT(HCR_VI) | BIT(HCR_IMO) | BIT(HCR_TGE));
    h_at(&h, 1, 0);
    run1(&h, nop);
    expect_done(&h, 1);
    /* VSE with AMO: virtual SError, masked by A, ESR_EL1 EC 0x2f, and VSE is cleared. */
    h_hcr(&h, BIT(HCR_VSE) | BIT(HCR_AMO));
    h_at(&h, 1, 0x100);
    run1(&h, nop);
    expect_done(&h, 1);
    h_at(&h, 1, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x380);
    assert_int_equal(h.cpu->sr.esr_el1, 0x2fu << 26 | 1u << 25);
    assert_int_equal(h.cpu->sr.hcr_el2 & BIT(HCR_VSE), 0);
    h_free(&h);
}

static void test_cpu_el2_physical_irq_routing_and_masking(void **state)
{
    (void)state;
    const uint32_t nop = 0xd503201f;
    struct harness h;
    h_init_el2(&h);
    cpu_set_irq_line(h.cpu, EXC_IRQ, true);
    /* IMO = 0: to EL1, masked by PSTATE.I at EL1. */
    h_hcr(&h, 0);
    h_at(&h, 1, 0x80);
    run1(&h, nop);
    expect_done(&h, 1);
    h_at(&h, 1, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x280);
    /* IMO = 0 at EL2: an EL1-targeted interrupt is never taken at EL2. */
    h_at(&h, 2, 0);
    run1(&h, nop);
    expect_done(&h, 2);
    /* IMO = 1 from EL1 with I set: routed to a higher EL, so PSTATE.I does not mask it. */
    h_hcr(&h, BIT(HCR_IMO));
    h_at(&h, 1, 0x3c0);
    run1(&h, nop);
    assert_int_equal(h.cpu->el, 2);
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x480);
    assert_int_equal(h.cpu->sr.elr_el2, H_CODE); /* taken before the nop */
    assert_int_equal(h.cpu->sr.spsr_el2, SPSR_EL1H(0x3c0));
    /* At EL2 with IMO = 1: masked by PSTATE.I; unmasked, VBAR_EL2 + 0x280. */
    h_at(&h, 2, 0x80);
    run1(&h, nop);
    expect_done(&h, 2);
    h_at(&h, 2, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x280);
    /* FIQ and IRQ together at EL1 (FMO = IMO = 0): FIQ first. */
    h_hcr(&h, 0);
    cpu_set_irq_line(h.cpu, EXC_FIQ, true);
    h_at(&h, 1, 0);
    run1(&h, nop);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x300);
    /* Lines low: nothing. */
    cpu_set_irq_line(h.cpu, EXC_FIQ, false);
    cpu_set_irq_line(h.cpu, EXC_IRQ, false);
    h_at(&h, 1, 0);
    run1(&h, nop);
    expect_done(&h, 1);
    assert_int_equal(h.cpu->irq_attn, 0);
    h_free(&h);
}

static void test_cpu_el2_vpidr_vmpidr_seen_below_el2(void **state)
{
    (void)state;
    const uint32_t mrs_midr = enc_sys(1, 3, 0, 0, 0, 0, 1), mrs_mpidr = enc_sys(1, 3, 0, 0, 0, 5, 2);
    struct harness h;
    h_init_el2(&h);
    /* Reset: the real values. */
    assert_int_equal(h.cpu->sr.vpidr_el2, A64_MIDR_VALUE);
    assert_int_equal(h.cpu->sr.vmpidr_el2, cpu_real_mpidr(h.cpu));
    h.cpu->x[3] = 0x410fd070;
    h.cpu->x[4] = 0xffffffff00000102ull;
    run1(&h, enc_sys(0, 3, 4, 0, 0, 0, 3)); /* msr vpidr_el2, x3 */
    run1(&h, enc_sys(0, 3, 4, 0, 0, 5, 4)); /* msr vmpidr_el2, x4: RES0 bits dropped, bit 31 RES1 */
    assert_int_equal(h.cpu->sr.vmpidr_el2, 0xff80000102ull);
    run1(&h, mrs_midr);
    assert_int_equal(h.cpu->x[1], A64_MIDR_VALUE);
    run1(&h, mrs_mpidr);
    assert_int_equal(h.cpu->x[2], cpu_real_mpidr(h.cpu));
    h_hcr(&h, BIT(HCR_TID3) | BIT(HCR_TID1)); /* MIDR/MPIDR are not trapped by any TID bit */
    h_at(&h, 1, 0);
    run1(&h, mrs_midr);
    assert_int_equal(h.cpu->x[1], 0x410fd070);
    h_at(&h, 1, 0);
    run1(&h, mrs_mpidr);
    assert_int_equal(h.cpu->x[2], 0xff80000102ull);
    h_free(&h);
}

static void test_cpu_el2_registers_masks_and_undefined_below_el2(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->x[1] = ~0ull;
    run1(&h, enc_sys(0, 3, 4, 1, 1, 0, 1)); /* msr hcr_el2, x1 */
    assert_int_equal(h.cpu->sr.hcr_el2, 0x7ffffffffull); /* bits 0..33, and E2H (FEAT_VHE) */
    h.cpu->x[1] = 0;
    run1(&h, enc_sys(0, 3, 4, 1, 1, 0, 1));
    assert_int_equal(h.cpu->sr.hcr_el2, 0x80000000ull); /* RW is RAO: EL1 is AArch64-only */
    run1(&h, enc_sys(0, 3, 4, 1, 1, 2, 1));             /* msr cptr_el2, xzr-like 0 */
    assert_int_equal(h.cpu->sr.cptr_el2, 0x33ff);
    h.cpu->x[1] = ~0ull;
    run1(&h, enc_sys(0, 3, 4, 1, 1, 3, 1)); /* hstr_el2 */
    assert_int_equal(h.cpu->sr.hstr_el2, 0xbfef);
    run1(&h, enc_sys(0, 3, 4, 1, 1, 1, 1)); /* mdcr_el2 */
    assert_int_equal(h.cpu->sr.mdcr_el2, 0xfff);
    /* Back to 0 for what follows; ACTLR/AFSR/HACR_EL2 are RAZ/WI. */
    h.cpu->sr.mdcr_el2 = 0;
    h.cpu->sr.hcr_el2 = BIT(HCR_RW);
    run1(&h, enc_sys(0, 3, 4, 1, 1, 7, 1));
    run1(&h, enc_sys(1, 3, 4, 1, 1, 7, 2));
    assert_int_equal(h.cpu->x[2], 0);
    /* EL1: EL2 registers are UNDEFINED (EC 0 to EL1). */
    h_at(&h, 1, 0);
    run1(&h, enc_sys(1, 3, 4, 1, 1, 0, 2)); /* mrs x2, hcr_el2 */
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1, 1u << 25);
    h_free(&h);
}

static void test_cpu_el2_mdcr_cptr_traps(void **state)
{
    (void)state;
    const uint32_t mrs_mdscr = enc_sys(1, 2, 0, 0, 2, 2, 7), mrs_cpacr = enc_sys(1, 3, 0, 1, 0, 2, 7);
    struct harness h;
    h_init_el2(&h);
    /* MDSCR_EL1: MDCR_EL2.TDA, TDE, and HCR_EL2.TGE each trap it from EL1. */
    const uint64_t mdcr[] = { 0, BIT(MDCR_TDA), BIT(MDCR_TDE) };
    for (size_t i = 0; i < 3; i++) {
        h.cpu->sr.mdcr_el2 = mdcr[i];
        h_at(&h, 1, 0);
        run1(&h, mrs_mdscr);
        if (i == 0)
            expect_done(&h, 1);
        else
            expect_el2(&h, esr_sys(1, 2, 0, 0, 2, 2, 7), SPSR_EL1H(0));
    }
    h.cpu->sr.mdcr_el2 = 0;
    /* CPACR_EL1: CPTR_EL2.TCPAC. */
    h_at(&h, 1, 0);
    run1(&h, mrs_cpacr);
    expect_done(&h, 1);
    h.cpu->sr.cptr_el2 = CPTR_EL2_RES1 | BIT(CPTR_TCPAC);
    h_at(&h, 1, 0);
    run1(&h, mrs_cpacr);
    expect_el2(&h, esr_sys(1, 3, 0, 1, 0, 2, 7), SPSR_EL1H(0));
    h_free(&h);
}

/* The hooks for registers whose rows other issues add (TLBI, OS lock, PMU): called directly. */
static void test_cpu_el2_shared_hooks_for_later_rows(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    const char *why = "";
    h_at(&h, 1, 0);
    assert_int_equal(sysreg_trap_ttlb(h.cpu, NULL, true, &why), SR_OK);
    h_hcr(&h, BIT(HCR_TTLB));
    h_at(&h, 1, 0);
    assert_int_equal(sysreg_trap_ttlb(h.cpu, NULL, true, &why), SR_TRAP_EL2);
    assert_string_equal(why, "HCR_EL2.TTLB=1");
    h.cpu->sr.mdcr_el2 = BIT(MDCR_TDOSA);
    assert_int_equal(sysreg_trap_tdosa(h.cpu, NULL, true, &why), SR_TRAP_EL2);
    assert_int_equal(sysreg_trap_tdra(h.cpu, NULL, true, &why), SR_OK);
    h.cpu->sr.mdcr_el2 = BIT(MDCR_TPMCR);
    assert_int_equal(sysreg_trap_tpmcr(h.cpu, NULL, false, &why), SR_TRAP_EL2);
    assert_int_equal(sysreg_trap_tpm(h.cpu, NULL, false, &why), SR_OK);
    h_at(&h, 2, 0);
    assert_int_equal(sysreg_trap_tpmcr(h.cpu, NULL, false, &why), SR_OK);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_el2_tvm_trvm_trap_each_vm_register),
        cmocka_unit_test(test_cpu_el2_id_cache_and_aux_traps_name_their_bit),
        cmocka_unit_test(test_cpu_el2_el0_traps_el1_first_then_el2_and_tge_routes),
        cmocka_unit_test(test_cpu_el2_wfi_wfe_traps_with_ti),
        cmocka_unit_test(test_cpu_el2_wfi_waits_until_a_line_rises),
        cmocka_unit_test(test_cpu_el2_virtual_irq_fiq_serror_masking_and_priority),
        cmocka_unit_test(test_cpu_el2_physical_irq_routing_and_masking),
        cmocka_unit_test(test_cpu_el2_vpidr_vmpidr_seen_below_el2),
        cmocka_unit_test(test_cpu_el2_registers_masks_and_undefined_below_el2),
        cmocka_unit_test(test_cpu_el2_mdcr_cptr_traps),
        cmocka_unit_test(test_cpu_el2_shared_hooks_for_later_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
