/*
 * ARM PrimeCell UART PL011 (DDI 0183), as on QEMU virt: the console. Transmit goes to a byte
 * sink chosen by the frontend; the frontend feeds host input into the receive FIFO.
 */
#ifndef A64EMU_DEVICES_PL011_H
#define A64EMU_DEVICES_PL011_H

#include <stddef.h>
#include <stdint.h>

#include "bus/bus.h"
#include "bus/irq.h"

struct pl011;
typedef void (*pl011_tx_fn)(void *opaque, uint8_t byte);

struct pl011 *pl011_create(struct bus *bus, uint64_t base, struct irq_line irq, pl011_tx_fn tx,
                           void *tx_opaque);
void pl011_destroy(struct pl011 *uart);
/* Snapshot save/load (util/snap.h): registers and the receive FIFO. */
struct snap;
void pl011_snap(struct snap *s, struct pl011 *uart);
/* Free space in the receive FIFO, and delivering host input into it. */
size_t pl011_rx_room(const struct pl011 *uart);
/* The guest has unmasked a receive interrupt (UARTIMSC.RXIM or RTIM): input would wake it. */
bool pl011_rx_can_interrupt(const struct pl011 *uart);
void pl011_receive(struct pl011 *uart, const uint8_t *data, size_t len);

#endif
