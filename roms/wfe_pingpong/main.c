/*
 * Two vCPUs (-smp 2) hand a ball back and forth, each waiting in WFE for its turn and waking the
 * other with SEV; then vCPU 1 waits in WFE on an exclusive reservation (LDAXR) until vCPU 0's
 * plain store clears its monitor, which is a wake-up event too (DDI 0487 D1.16.1). On a64emu a
 * waiting vCPU does not run at all, so a lost wake-up would stop the machine ("every vCPU waits").
 * Not run in lockstep (QEMU's interleaving differs); passes under QEMU too, where WFE is a yield.
 */
#include "../psci_basic/psci_call.h"
#include "rom.h"

#define ROUNDS 200

void secondary_entry(void);

static volatile uint64_t ball;  /* whose turn: 0 or 1 */
static volatile uint64_t hits[2];
static volatile uint64_t flag;  /* phase 2: vCPU 0 sets it with a plain store, no SEV */
static volatile uint64_t finished;

static uint64_t load_acquire(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}

static void store_release(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static void play(unsigned me)
{
    for (unsigned i = 0; i < ROUNDS; i++) {
        while (load_acquire(&ball) != me)
            __asm__ volatile("wfe" ::: "memory");
        hits[me]++;
        store_release(&ball, 1 - me);
        __asm__ volatile("sev" ::: "memory");
    }
}

/* Wait until *p is nonzero: LDAXR arms the monitor, so a store by another vCPU wakes the WFE. */
static void wait_nonzero_excl(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("   sevl\n"
                     "1: wfe\n"
                     "   ldaxr %0, [%1]\n"
                     "   cbz   %0, 1b\n"
                     : "=&r"(v) : "r"(p) : "memory");
}

void secondary_main(uint64_t me);
void secondary_main(uint64_t me)
{
    play((unsigned)me);
    wait_nonzero_excl(&flag);
    store_release(&finished, 1);
    __asm__ volatile("sev" ::: "memory");
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    rom_exit(3);
}

int main(void)
{
    CHECK_EQ(psci_call(PSCI_CPU_ON64, 1, (uint64_t)(uintptr_t)secondary_entry, 1), 0);
    play(0);
    CHECK_EQ(hits[0], ROUNDS);
    /* vCPU 1 finishes its last round after our last one: wait for the ball to come back. */
    while (load_acquire(&ball) != 0)
        __asm__ volatile("wfe" ::: "memory");
    CHECK_EQ(hits[1], ROUNDS);
    /* Let vCPU 1 reach its LDAXR/WFE loop, then wake it with a plain store. */
    for (volatile unsigned i = 0; i < 20000; i++)
        ;
    flag = 1;
    while (!load_acquire(&finished))
        __asm__ volatile("wfe" ::: "memory");
    puts_("wfe_pingpong: ok\n");
    return 0;
}
