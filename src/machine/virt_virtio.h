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
#include "devices/net_slirp.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_net.h"
#include "machine/machine.h"

/* A virtio-net and the user-mode network behind it. */
struct virt_net {
    struct virtio_net *dev;
    struct net_slirp *slirp;
};

struct virt_virtio {
    struct virtio_mmio *dev[MACHINE_MAX_VIRTIO];
    FILE *out[MACHINE_MAX_VIRTIO];      /* -chardev file outputs */
    struct virtio_console *stdio_console; /* a virtconsole on the console sink: takes host input */
    const struct machine_config *cfg;   /* for the console sink */
    struct virt_net net[MACHINE_MAX_VIRTIO]; /* the first nnet are in use */
    unsigned nnet;
    struct net_pollset ps;              /* the host sockets of one wait */
    uint64_t last_service_ns;           /* host time of the last net service while running */
};

/* Map every transport; false with one line in err (a drive that cannot be opened, ...). */
struct gic;
/* Devices take the transports from the highest slot down (as QEMU), each on its SPI of `gic`. */
bool virt_virtio_create(struct virt_virtio *v, struct bus *bus, const struct machine_config *cfg, struct gic *gic, char *err,
                        size_t errlen);
void virt_virtio_destroy(struct virt_virtio *v);

/* Host I/O of the devices (slirp's sockets and timers). While vCPUs run: virt_virtio_service,
 * called between quanta, polls without waiting at most every VIRT_NET_SERVICE_NS of host time.
 * When every vCPU waits: virt_virtio_wait sleeps up to timeout_ns but wakes as soon as a host
 * socket has data, so an idle guest costs no host CPU and a packet still wakes it at once.
 * virt_virtio_has_net: a packet may arrive (the machine must not stop idle with no timer). */
#define VIRT_NET_SERVICE_NS 500000ull
bool virt_virtio_has_net(const struct virt_virtio *v);
void virt_virtio_service(struct virt_virtio *v);
void virt_virtio_wait(struct virt_virtio *v, uint64_t timeout_ns);

#endif
