/*
 * gdb_target: the program the gdb stub tests (tests/scripts/test_gdb*.sh) debug. On its own it
 * runs a short loop over a global and exits 0; gdb sets gdb_spin to 1 to make it spin (for
 * Ctrl-C), and watches gdb_counter.
 */
#include "rom.h"

volatile uint64_t gdb_counter;
volatile uint64_t gdb_spin;

__attribute__((noinline)) uint64_t gdb_add(uint64_t a, uint64_t b)
{
    return a + b;
}

int main(void)
{
    for (uint64_t i = 1; i <= 10; i++)
        gdb_counter = gdb_add(gdb_counter, i);
    /* Spinning (gdb set gdb_spin) adds one per turn; counted here so the result stays exact
     * wherever gdb's Ctrl-C stops the loop. */
    uint64_t spins = 0;
    while (gdb_spin) {
        gdb_counter++;
        spins++;
    }
    return gdb_counter == 55 + spins ? 0 : 1;
}
