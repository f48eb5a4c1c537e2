/*
 * el2_traps: a small EL2 test hypervisor (-M virt,virtualization=on). It runs guest code at EL1
 * and EL0 (el2.S) and checks, one by one, the trap-and-emulate cases of concepts.md section 1:
 * WFI trapped by HCR_EL2.TWI, MSR SCTLR_EL1 trapped by TVM and emulated, an ID register read
 * trapped by TID3 and emulated, MIDR/MPIDR substitution by VPIDR_EL2/VMPIDR_EL2, a virtual IRQ
 * injected with HCR_EL2.VI taken at EL1, EL0 traps routed to EL2 by TGE, SMC trapped by
 * HCR_EL2.TSC, and a physical IRQ (an SGI) routed to EL2 by HCR_EL2.IMO regardless of EL1's
 * PSTATE.I, or left to EL1 (masked by PSTATE.I until the guest unmasks it) without IMO. Every exception's
 * ESR_EL2/ELR_EL2/SPSR_EL2 is checked against values computed from DDI 0487 (D19.2.37 ESR_ELx,
 * D1.10 AArch64.TakeException).
 */
#include "rom.h"
#include "../gic_common/gic_rom.h"

/* HCR_EL2 bits (DDI 0487 D19.2.46). */
#define HCR_IMO (1ull << 4)
#define HCR_VI (1ull << 7)
#define HCR_TWI (1ull << 13)
#define HCR_TSC (1ull << 19)
#define HCR_TID3 (1ull << 18)
#define HCR_TVM (1ull << 26)
#define HCR_TGE (1ull << 27)
#define HCR_RW (1ull << 31)

#define SPSR_EL1H_MASKED 0x3c5 /* DAIF set, EL1h */
#define SPSR_EL0T 0x0

/* ESR_ELx for a trapped MSR/MRS (EC 0x18, IL 1): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read). */
#define ESR_SYSREG(op0, op1, crn, crm, op2, rt, rd)                                                  \
    (0x18ull << 26 | 1ull << 25 | (uint64_t)(op0) << 20 | (uint64_t)(op2) << 17 |                   \
     (uint64_t)(op1) << 14 | (uint64_t)(crn) << 10 | (uint64_t)(rt) << 5 | (uint64_t)(crm) << 1 | (rd))
/* Trapped WFI from AArch64: EC 0x01, IL 1, CV 1, COND 0b1110, TI 0. */
#define ESR_WFI (0x01ull << 26 | 1ull << 25 | 1ull << 24 | 0xeull << 20)

extern char el2_vectors[], guest_vectors[];
extern char guest_wfi[], guest_wfi_insn[], guest_tvm[], guest_tvm_insn[], guest_tid3[],
    guest_tid3_insn[], guest_ids[], guest_virq[], guest_virq_after[], guest_el0[], guest_el0_wfi[],
    guest_el0_ctr[], guest_smc[], guest_smc_insn[], guest_pirq_el2[], guest_pirq_el1[],
    guest_pirq_el1_after[];
extern uint64_t pirq_seen[3];
uint64_t run_guest(void *entry, uint64_t spsr, uint64_t arg, void *sp);

static uint8_t guest_stack[4096] __attribute__((aligned(16)));
#define GUEST_SP (guest_stack + sizeof guest_stack)

/* What the hypervisor saw, for the checks after each guest run. */
static unsigned n_traps;
static uint64_t last_esr, last_elr, last_spsr;
static uint64_t guest_x1, guest_x2;
static uint64_t el1_pirq_intid;
static uint64_t esr_log[8], spsr_log[8];
static uint64_t emulated_sctlr;

void hyp_unexpected(uint64_t vector, uint64_t esr, uint64_t elr);
void hyp_unexpected(uint64_t vector, uint64_t esr, uint64_t elr)
{
    puts_("el2_traps: unexpected EL2 exception, vector ");
    put_dec(vector);
    puts_(" ESR_EL2=");
    put_hex(esr);
    puts_(" ELR_EL2=");
    put_hex(elr);
    puts_("\n");
    rom_exit(ROM_EXIT_UNEXPECTED);
}

/* Lower-EL synchronous exception: emulate, or end the guest (returns 1). */
int hyp_sync(struct exc_frame *f);
int hyp_sync(struct exc_frame *f)
{
    unsigned ec = ESR_EC(f->esr);
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    if (ec == 0x16 && ESR_ISS(f->esr) == 0) { /* HVC #0: the guest is done */
        guest_x1 = f->x[1];
        guest_x2 = f->x[2];
        return 1;
    }
    if (ec == 0x16 && ESR_ISS(f->esr) == 1) { /* HVC #1: acknowledge the virtual IRQ */
        write_sysreg(hcr_el2, read_sysreg(hcr_el2) & ~HCR_VI);
        /* A physical IRQ the guest took at EL1 (IMO = 0) is acknowledged here: at EL2 the
         * ICC_* registers are the physical interface. */
        if ((SR_READ(ICC_HPPIR1_EL1) & 0xffffff) != GIC_SPURIOUS) {
            el1_pirq_intid = SR_READ(ICC_IAR1_EL1) & 0xffffff;
            SR_WRITE(ICC_EOIR1_EL1, el1_pirq_intid);
        }
        return 0; /* ELR_EL2 is already the instruction after the HVC */
    }
    if (ec == 0x15) { /* SVC from EL0 under TGE ends the EL0 guest */
        last_esr = f->esr;
        last_elr = f->elr;
        last_spsr = f->spsr;
        return 1;
    }
    esr_log[n_traps & 7] = f->esr;
    spsr_log[n_traps & 7] = f->spsr;
    n_traps++;
    last_esr = f->esr;
    last_elr = f->elr;
    last_spsr = f->spsr;
    if (ec == 0x17) { /* SMC trapped by TSC: ELR_EL2 is the SMC itself; emulate, skip it */
        f->x[0] = 0x600d;
        f->elr += 4;
        return 0;
    }
    if (ec == 0x01) { /* trapped WFI: nothing to schedule here, complete it */
        f->elr += 4;
        return 0;
    }
    if (ec == 0x18) {
        unsigned rt = (f->esr >> 5) & 31, is_read = f->esr & 1;
        uint64_t which = f->esr & ~(0x1full << 5) & ~1ull;
        if (!is_read && which == ESR_SYSREG(3, 0, 1, 0, 0, 0, 0)) { /* SCTLR_EL1 */
            emulated_sctlr = f->x[rt];
            write_sysreg(sctlr_el1, f->x[rt]); /* at EL2 TVM does not apply */
        } else if (is_read && which == ESR_SYSREG(3, 0, 0, 7, 0, 0, 0)) { /* ID_AA64MMFR0_EL1 */
            f->x[rt] = 0x1122;
        } else if (is_read && which == ESR_SYSREG(3, 3, 0, 0, 1, 0, 0)) { /* CTR_EL0 */
            f->x[rt] = 0x5555;
        } else {
            hyp_unexpected(8, f->esr, f->elr);
        }
        f->elr += 4;
        return 0;
    }
    hyp_unexpected(8, f->esr, f->elr);
    return 1;
}

int main(void)
{
    CHECK_EQ(read_sysreg(CurrentEL), 2 << 2);
    write_sysreg(vbar_el2, el2_vectors);
    __asm__ volatile("isb");

    /* 1. WFI at EL1 with TWI: EC 0x01, TI = 0; ELR the WFI; the hypervisor skips it. */
    write_sysreg(hcr_el2, HCR_RW | HCR_TWI);
    uint64_t r = run_guest(guest_wfi, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(r, 8);
    CHECK_EQ(n_traps, 1);
    CHECK_EQ(last_esr, ESR_WFI);
    CHECK_EQ(last_elr, (uint64_t)guest_wfi_insn);
    CHECK_EQ(last_spsr, SPSR_EL1H_MASKED);

    /* 2. MSR SCTLR_EL1, X1 with TVM: trapped (Rt = 1, write), emulated, resumed at ELR + 4; the
     * guest's MRS (TRVM = 0) reads the emulated value. */
    write_sysreg(hcr_el2, HCR_RW | HCR_TVM);
    uint64_t want = read_sysreg(sctlr_el1) | (1ull << 26); /* UCI: harmless */
    r = run_guest(guest_tvm, SPSR_EL1H_MASKED, want, GUEST_SP);
    CHECK_EQ(n_traps, 2);
    CHECK_EQ(last_esr, ESR_SYSREG(3, 0, 1, 0, 0, 1, 0));
    CHECK_EQ(last_elr, (uint64_t)guest_tvm_insn);
    CHECK_EQ(emulated_sctlr, want);
    CHECK_EQ(r, want);

    /* 3. MRS X5, ID_AA64MMFR0_EL1 with TID3: read (Direction 1), Rt = 5, emulated value. */
    write_sysreg(hcr_el2, HCR_RW | HCR_TID3);
    r = run_guest(guest_tid3, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(n_traps, 3);
    CHECK_EQ(last_esr, ESR_SYSREG(3, 0, 0, 7, 0, 5, 1));
    CHECK_EQ(last_elr, (uint64_t)guest_tid3_insn);
    CHECK_EQ(r, 0x1122);

    /* 4. VPIDR_EL2/VMPIDR_EL2 are what EL1 reads as MIDR_EL1/MPIDR_EL1, without a trap. */
    write_sysreg(hcr_el2, HCR_RW);
    write_sysreg(vpidr_el2, 0x410fd034);
    write_sysreg(vmpidr_el2, 0x80000102);
    r = run_guest(guest_ids, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(r, 0x410fd034);
    CHECK_EQ(guest_x1, 0x80000102);
    CHECK_EQ(n_traps, 3);

    /* 5. HCR_EL2.VI with IMO: a virtual IRQ, masked while PSTATE.I = 1, taken at EL1 (current EL
     * with SP_EL1: VBAR_EL1 + 0x280) as soon as the guest unmasks it; ELR_EL1 is the instruction
     * after the MSR DAIFClr, SPSR_EL1 has D, A, F set and I clear. Cleared by the hypervisor. */
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_VI);
    r = run_guest(guest_virq, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(r, (uint64_t)guest_virq_after);
    CHECK_EQ(guest_x1, 0x345);
    CHECK_EQ(guest_x2, 1u << 7); /* ISR_EL1.I: the virtual IRQ, as IMO = 1 */
    CHECK_EQ(read_sysreg(hcr_el2) & HCR_VI, 0);

    /* 6. EL0 under TGE: WFI traps to EL2 by TWI (SPSR EL0t); CTR_EL0 with SCTLR_EL1.UCT = 0 would
     * trap to EL1 and is routed to EL2 (EC 0x18 read, Rt = 3); SVC goes to EL2. */
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(1ull << 15));
    write_sysreg(hcr_el2, HCR_RW | HCR_TGE | HCR_TWI);
    __asm__ volatile("isb");
    r = run_guest(guest_el0, SPSR_EL0T, 0, GUEST_SP);
    CHECK_EQ(n_traps, 5);
    CHECK_EQ(esr_log[3], ESR_WFI);
    CHECK_EQ(spsr_log[3], SPSR_EL0T);
    CHECK_EQ(esr_log[4], ESR_SYSREG(3, 3, 0, 0, 1, 3, 1));
    CHECK_EQ(r, 0x5555);
    CHECK_EQ(last_esr, 0x15ull << 26 | 1ull << 25 | 0x42);
    CHECK_EQ(last_spsr, SPSR_EL0T);

    /* 7. SMC #0x17 at EL1 with TSC (no EL3 here): EC 0x17, IL 1, ISS the immediate; the
     * preferred return address is the SMC itself (DDI 0487 D1.10.3, AArch64.CheckForSMCUndefOrTrap). */
    write_sysreg(hcr_el2, HCR_RW | HCR_TSC);
    r = run_guest(guest_smc, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(n_traps, 6);
    CHECK_EQ(last_esr, 0x17ull << 26 | 1ull << 25 | 0x17);
    CHECK_EQ(last_elr, (uint64_t)guest_smc_insn);
    CHECK_EQ(last_spsr, SPSR_EL1H_MASKED);
    CHECK_EQ(r, 0x600d);

    /* 8. Physical IRQ routing with IMO: SGI 5 made pending at EL2 (masked there), then the guest
     * entered at EL1 with PSTATE.I = 1. The IRQ targets EL2, above the current EL, so PSTATE.I
     * does not mask it (DDI 0487 D1.3.6, table D1-13): taken at VBAR_EL2 + 0x480 before the
     * guest's first instruction, SPSR_EL2 with the guest's masked DAIF. */
    gic_dist_init();
    gic_cpu_init();
    gic_enable_private(5, 0x80);
    write_sysreg(hcr_el2, HCR_RW | HCR_IMO);
    __asm__ volatile("isb");
    SR_WRITE(ICC_SGI1R_EL1, 5ull << 24 | 1u << my_cpu()); /* INTID 5 to this vCPU */
    __asm__ volatile("isb");
    r = run_guest(guest_pirq_el2, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(r, 0x77);
    CHECK_EQ(pirq_seen[0], (uint64_t)guest_pirq_el2);
    CHECK_EQ(pirq_seen[1], SPSR_EL1H_MASKED);
    CHECK_EQ(pirq_seen[2], 5);
    CHECK_EQ(n_traps, 6);

    /* 9. The same SGI without IMO (and TGE = 0) is EL1's: PSTATE.I holds it off, ISR_EL1.I shows
     * it, and unmasking takes it at VBAR_EL1 + 0x280 with ELR_EL1 the next instruction. */
    write_sysreg(hcr_el2, HCR_RW);
    __asm__ volatile("isb");
    SR_WRITE(ICC_SGI1R_EL1, 5ull << 24 | 1u << my_cpu());
    __asm__ volatile("isb");
    r = run_guest(guest_pirq_el1, SPSR_EL1H_MASKED, 0, GUEST_SP);
    CHECK_EQ(r, (uint64_t)guest_pirq_el1_after);
    CHECK_EQ(guest_x1, 0x345);
    CHECK_EQ(guest_x2, 1u << 7); /* ISR_EL1.I */
    CHECK_EQ(el1_pirq_intid, 5);
    CHECK_EQ(pirq_seen[2], 5); /* EL2's handler did not run again */
    CHECK_EQ(n_traps, 6);

    write_sysreg(hcr_el2, HCR_RW);
    sh_puts("el2_traps: ok\n");
    return 0;
}
