/*
 * gic_sgi: IPIs between two vCPUs (-smp 2) through the GICv3. vCPU 0 sends SGI 1 to vCPU 1
 * with ICC_SGI1R_EL1 (target list), vCPU 1 answers with SGI 2 to vCPU 0, ROUNDS times; both
 * wait in WFI in between. Then vCPU 1 sends SGI 3 to "everyone but me" (IRM = 1). Not run in
 * lockstep: two vCPUs, whose interleaving differs from QEMU's.
 */
#include "../gic_common/gic_rom.h"
#include "../psci_basic/psci_call.h"

#define ROUNDS 50

void secondary_entry(void);

static volatile unsigned got[2], broadcast, ready;

static void send_sgi(unsigned intid, unsigned target_list, int all_others)
{
    SR_WRITE(ICC_SGI1R_EL1, (uint64_t)intid << 24 | target_list | (all_others ? 1ull << 40 : 0));
    __asm__ volatile("isb");
}

static int on_irq(struct exc_frame *f)
{
    (void)f;
    unsigned me = my_cpu();
    uint64_t id = SR_READ(ICC_IAR1_EL1);
    if (me == 1 && id == 1) {
        got[1]++;
        send_sgi(2, 1u << 0, 0);
    } else if (me == 0 && id == 2) {
        got[0]++;
        if (got[0] < ROUNDS)
            send_sgi(1, 1u << 1, 0);
    } else if (me == 0 && id == 3) {
        broadcast++;
    } else {
        CHECK_EQ(id, 0xbad);
    }
    SR_WRITE(ICC_EOIR1_EL1, id);
    return 1;
}

static void setup_cpu(void)
{
    gic_cpu_init();
    gic_enable_private(1, 0x80);
    gic_enable_private(2, 0x80);
    gic_enable_private(3, 0x40);
}

static void wait_until(volatile unsigned *p, unsigned v)
{
    irq_mask();
    while (*p < v) {
        wfi();
        irq_unmask();
        __asm__ volatile("isb");
        irq_mask();
    }
    irq_unmask();
}

void secondary_main(uint64_t me);
void secondary_main(uint64_t me)
{
    (void)me;
    setup_cpu();
    __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
    wait_until(&got[1], ROUNDS);
    send_sgi(3, 0, 1); /* to every vCPU but this one: vCPU 1 taking it fails the check */
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    rom_exit(3);
}

int main(void)
{
    gic_dist_init();
    setup_cpu();
    rom_set_irq_handler(on_irq);
    CHECK_EQ(psci_call(PSCI_CPU_ON64, 1, (uint64_t)(uintptr_t)secondary_entry, 1), 0);
    while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
        ;
    send_sgi(1, 1u << 1, 0);
    wait_until(&got[0], ROUNDS);
    wait_until(&broadcast, 1);
    CHECK_EQ(got[1], ROUNDS);
    CHECK_EQ(broadcast, 1);
    while (psci_call(PSCI_AFFINITY_INFO64, 1, 0, 0) != 1) /* OFF */
        ;
    puts_("gic_sgi: ok\n");
    return 0;
}
