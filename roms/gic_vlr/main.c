/*
 * gic_vlr (-M virt,virtualization=on): an EL2 "hypervisor" injects virtual interrupt 77 into
 * ICH_LR0_EL2 and drops to EL1 with HCR_EL2.IMO/FMO set; the EL1 guest takes the virtual IRQ
 * and handles it through the ICV_* view of the ICC_* encodings (HPPIR1, IAR1, RPR, EOIR1),
 * exactly as a KVM guest does. The physical CPU interface stays untouched.
 */
#include "../gic_common/gic_rom.h"
#include "../psci_basic/psci_call.h"

static volatile unsigned vticks;
static uint64_t guest_stack[512] __attribute__((aligned(16)));

static int on_virq(struct exc_frame *f)
{
    (void)f;
    uint64_t id = SR_READ(ICC_IAR1_EL1); /* ICV_IAR1_EL1 */
    CHECK_EQ(id, 77);
    CHECK_EQ(SR_READ(ICC_RPR_EL1), 0x80);
    SR_WRITE(ICC_EOIR1_EL1, id);
    vticks++;
    return 1;
}

static void __attribute__((noreturn, used)) guest(void)
{
    CHECK_EQ(current_el(), 1);
    CHECK_EQ(SR_READ(ICC_HPPIR1_EL1), 77);
    CHECK_EQ(SR_READ(ICC_PMR_EL1), 0xf8); /* VPMR, not the physical PMR */
    irq_unmask();
    __asm__ volatile("isb");
    CHECK_EQ(vticks, 1);
    CHECK_EQ(SR_READ(ICC_RPR_EL1), 0xff);
    CHECK_EQ(SR_READ(ICC_IAR1_EL1), GIC_SPURIOUS);
    puts_("gic_vlr: ok\n");
    rom_exit(0);
}

int main(void)
{
    CHECK_EQ(current_el(), 2);
    gic_dist_init();
    gic_cpu_init();
    SR_WRITE(ICC_PMR_EL1, 0x10); /* physical mask: must not affect the virtual interface */
    CHECK_EQ(SR_READ(ICH_VTR_EL2) & 0x1f, 3); /* 4 list registers */
    SR_WRITE(ICH_VMCR_EL2, 1ull << 1 | 0xf8ull << 24); /* VENG1, VPMR */
    SR_WRITE(ICH_HCR_EL2, 1);                          /* En */
    SR_WRITE(ICH_LR0_EL2, 1ull << 62 | 1ull << 60 | 0x80ull << 48 | 77); /* pending, Group 1 */
    CHECK_EQ(SR_READ(ICH_ELRSR_EL2) & 0xf, 0xe);
    rom_set_irq_handler(on_virq);
    write_sysreg(hcr_el2, 1ull << 31 | 1ull << 4 | 1ull << 3); /* RW, IMO, FMO */
    write_sysreg(sp_el1, (uint64_t)(uintptr_t)&guest_stack[512]);
    write_sysreg(elr_el2, (uint64_t)(uintptr_t)guest);
    write_sysreg(spsr_el2, 0x3c5); /* EL1h, DAIF masked */
    __asm__ volatile("isb; eret");
    __builtin_unreachable();
}
