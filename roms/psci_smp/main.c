/*
 * Four vCPUs (-smp 4): PSCI CPU_ON of each secondary, a spinlock built on LDAXR/STLXR that every
 * vCPU takes many times, a token passed from vCPU to vCPU through memory (no IPI), CPU_OFF, and
 * AFFINITY_INFO polling until every secondary is off; then a secondary is started again to check
 * its entry state (X0 = context id, highest EL, MMU off).
 *
 * Not run in lockstep: QEMU interleaves the vCPUs differently (MTTCG threads, or its own round
 * robin), so the instruction streams differ although the results agree. Passes under both.
 */
#include "../psci_basic/psci_call.h"
#include "rom.h"

#define NCPUS 4
#define ROUNDS 500

void secondary_entry(void);

static volatile uint32_t lock;
static volatile uint64_t counter;
static volatile uint64_t token;         /* whose turn: 0..NCPUS-1, then NCPUS when done */
static volatile uint64_t passes[NCPUS];
static volatile uint64_t done[NCPUS];
static volatile uint64_t entry_x0, entry_el, entry_sctlr, entry_seen;

static void spin_lock(volatile uint32_t *l)
{
    uint32_t tmp, one = 1;
    __asm__ volatile("1: ldaxr %w0, [%1]\n"
                     "   cbnz  %w0, 1b\n"
                     "   stlxr %w0, %w2, [%1]\n"
                     "   cbnz  %w0, 1b\n"
                     : "=&r"(tmp) : "r"(l), "r"(one) : "memory");
}

static void spin_unlock(volatile uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

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

static void work(unsigned me)
{
    for (unsigned i = 0; i < ROUNDS; i++) {
        spin_lock(&lock);
        uint64_t v = counter;
        __asm__ volatile("yield" ::: "memory"); /* widen the window a lost update would need */
        counter = v + 1;
        spin_unlock(&lock);
    }
    /* The token goes 0 -> 1 -> 2 -> 3 -> 4 through memory, each vCPU waiting for its turn. */
    while (load_acquire(&token) != me)
        __asm__ volatile("yield");
    passes[me]++;
    store_release(&token, me + 1);
}

void secondary_main(uint64_t me);
void secondary_main(uint64_t me)
{
    if (me >= 0x100) { /* second start: report the entry state */
        entry_x0 = me;
        entry_el = current_el();
        entry_sctlr = current_el() == 2 ? read_sysreg(sctlr_el2) : read_sysreg(sctlr_el1);
        store_release(&entry_seen, 1);
    } else {
        work((unsigned)me);
        store_release(&done[me], 1);
    }
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    puts_("psci_smp: CPU_OFF returned\n");
    rom_exit(3);
}

int main(void)
{
    uint64_t entry = (uint64_t)(uintptr_t)secondary_entry;
    for (unsigned i = 1; i < NCPUS; i++)
        CHECK_EQ(psci_call(PSCI_AFFINITY_INFO64, i, 0, 0), 1); /* OFF at reset */
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO64, NCPUS, 0, 0), PSCI_INVALID_PARAMETERS);
    for (unsigned i = 1; i < NCPUS; i++) {
        CHECK_EQ(psci_call(PSCI_CPU_ON64, i, entry, i), 0);
        /* Once the target runs, AFFINITY_INFO says ON and CPU_ON is ALREADY_ON. (Right after
         * CPU_ON a64emu answers ON_PENDING, checked in tests/unit/test_virt_psci.c; QEMU 7.2 says
         * OFF until the target thread has started, and a second CPU_ON then starts it twice.) */
        unsigned polls = 0;
        while (psci_call(PSCI_AFFINITY_INFO64, i, 0, 0) != 0)
            CHECK(++polls < 1000000);
        CHECK_EQ(psci_call(PSCI_CPU_ON64, i, entry, i), PSCI_ALREADY_ON);
    }
    work(0);
    /* Wait for the token to come back, then for every secondary to finish and power off. */
    while (load_acquire(&token) != NCPUS)
        __asm__ volatile("yield");
    for (unsigned i = 1; i < NCPUS; i++) {
        while (!load_acquire(&done[i]))
            __asm__ volatile("yield");
        unsigned polls = 0;
        while (psci_call(PSCI_AFFINITY_INFO64, i, 0, 0) != 1)
            CHECK(++polls < 1000000);
    }
    CHECK_EQ(counter, (uint64_t)NCPUS * ROUNDS);
    for (unsigned i = 0; i < NCPUS; i++)
        CHECK_EQ(passes[i], 1);

    /* Start vCPU 2 again (32-bit CPU_ON): it must see the context id and a reset state. */
    CHECK_EQ(psci_call(PSCI_CPU_ON, 2, entry, 0x1234), 0);
    while (!load_acquire(&entry_seen))
        __asm__ volatile("yield");
    CHECK_EQ(entry_x0, 0x1234);
    CHECK_EQ(entry_el, current_el());
    CHECK_EQ(entry_sctlr & 1, 0); /* MMU off */
    unsigned polls = 0;
    while (psci_call(PSCI_AFFINITY_INFO, 2, 0, 0) != 1)
        CHECK(++polls < 1000000);
    puts_("psci_smp: ok\n");
    return 0;
}
