/*
 * The virt board's 32 virtio-mmio transports (virt_map VIRT_MMIO): the configured devices from
 * the highest slot down, in command-line order (QEMU 7.2 plugs the first -device into
 * 0x0a003e00; `info qtree` shows it), the other slots empty. Interrupt lines stay unconnected
 * until the GIC issue connects them (SPI 16 + slot).
 */
#ifndef A64EMU_MACHINE_VIRT_VIRTIO_H
#define A64EMU_MACHINE_VIRT_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bus/bus.h"
#include "devices/virtio/virtio_console.h"
#include "machine/machine.h"

struct virt_virtio {
    struct virtio_mmio *dev[MACHINE_MAX_VIRTIO];
    FILE *out[MACHINE_MAX_VIRTIO];      /* -chardev file outputs */
    struct virtio_console *stdio_console; /* a virtconsole on the console sink: takes host input */
    const struct machine_config *cfg;   /* for the console sink */
};

/* Map every transport; false with one line in err (a drive that cannot be opened, ...). */
struct gic;
/* Devices take the transports from the highest slot down (as QEMU), each on its SPI of `gic`. */
bool virt_virtio_create(struct virt_virtio *v, struct bus *bus, const struct machine_config *cfg, struct gic *gic, char *err,
                        size_t errlen);
void virt_virtio_destroy(struct virt_virtio *v);

#endif
