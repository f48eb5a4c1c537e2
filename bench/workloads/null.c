/* null: does nothing; bench/run times it to measure each emulator's start-up and exit cost. */
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"

uint64_t workload(void)
{
    return 0;
}
