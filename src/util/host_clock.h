/* The host's monotonic clock, for everything that measures host time: the host-clock virtual
 * time mode, device timeouts, semihosting's clock, statistics and the gdb stub's snapshot pacing.
 * (Guest-visible time in deterministic mode never comes from here: struct vclock, timer/timer.h.) */
#ifndef A64EMU_UTIL_HOST_CLOCK_H
#define A64EMU_UTIL_HOST_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t host_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double host_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
