/*
 * ARM PrimeCell RTC PL031 (DDI 0224), as on QEMU virt at 0x0901_0000: a 32-bit seconds counter,
 * a match register and its interrupt. The counter is `now() + offset`, where now() is the
 * machine's clock in seconds: the host's wall clock by default, a fixed start advancing with
 * virtual time in deterministic mode (the machine chooses; see pl031_create).
 */
#ifndef A64EMU_DEVICES_PL031_H
#define A64EMU_DEVICES_PL031_H

#include <stdint.h>

#include "bus/bus.h"
#include "bus/irq.h"

struct pl031;
typedef uint64_t (*pl031_clock_fn)(void *opaque); /* seconds since the Unix epoch */

/* clock NULL: the host's wall clock (CLOCK_REALTIME). */
struct pl031 *pl031_create(struct bus *bus, uint64_t base, struct irq_line irq, pl031_clock_fn clock,
                           void *clock_opaque);
void pl031_destroy(struct pl031 *rtc);
/* Snapshot save/load (util/snap.h): the registers and the offset from the machine's clock. */
struct snap;
void pl031_snap(struct snap *s, struct pl031 *rtc);
/* Raise the match interrupt if the counter has passed RTCMR since the last look. Register
 * accesses do this too; a machine with an interrupt controller calls it as time advances. */
void pl031_update(struct pl031 *rtc);

#endif
