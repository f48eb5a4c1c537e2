/*
 * virtio-console (virtio 1.2 section 5.3) with one port and no VIRTIO_CONSOLE_F_MULTIPORT:
 * queue 0 carries input to the guest, queue 1 output from it; Linux names the port hvc0.
 * Output goes to the write callback the machine gives (its console or a -chardev file); host
 * input is queued here (up to VIRTIO_CONSOLE_FIFO bytes) until the guest offers buffers.
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTIO_CONSOLE_H
#define A64EMU_DEVICES_VIRTIO_VIRTIO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_CONSOLE_FIFO 256u

typedef void (*virtio_console_write_fn)(void *opaque, const void *buf, size_t len);

struct virtio_console;

struct virtio_console *virtio_console_create(const struct virtio_mmio_params *p, virtio_console_write_fn write,
                                             void *opaque);
struct virtio_mmio *virtio_console_transport(struct virtio_console *c);
/* Host input: how many bytes can be taken now, and delivery (excess beyond the room is dropped). */
size_t virtio_console_room(const struct virtio_console *c);
void virtio_console_input(struct virtio_console *c, const uint8_t *data, size_t len);

#endif
