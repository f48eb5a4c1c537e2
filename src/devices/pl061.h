/*
 * ARM PrimeCell GPIO PL061 (DDI 0190), as on QEMU virt at 0x0903_0000: eight lines, line 3 wired
 * to the power key the device tree's gpio-keys node describes (Linux powers off when it rises).
 */
#ifndef A64EMU_DEVICES_PL061_H
#define A64EMU_DEVICES_PL061_H

#include <stdint.h>

#include "bus/bus.h"
#include "bus/irq.h"

#define PL061_POWER_BUTTON 3

struct pl061;

struct pl061 *pl061_create(struct bus *bus, uint64_t base, struct irq_line irq);
void pl061_destroy(struct pl061 *gpio);
/* Snapshot save/load (util/snap.h). */
struct snap;
void pl061_snap(struct snap *s, struct pl061 *gpio);
/* Drive input line `line` (0..7) from outside (the power button). Ignored for output lines. */
void pl061_set_input(struct pl061 *gpio, unsigned line, int level);
/* The levels of the eight lines as the guest drives them (outputs) or sees them (inputs). */
uint8_t pl061_lines(const struct pl061 *gpio);

#endif
