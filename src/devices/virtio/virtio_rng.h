/*
 * virtio-rng (virtio 1.2 section 5.4): one queue whose device-writable buffers the device fills
 * with random bytes, from the host's getrandom(), or in a deterministic machine from a PRNG
 * seeded by the machine's seed so that a run is the same every time.
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTIO_RNG_H
#define A64EMU_DEVICES_VIRTIO_VIRTIO_RNG_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtio/virtio_mmio.h"

/* At most this many bytes go into one buffer chain (QEMU answers in pieces too). */
#define VIRTIO_RNG_MAX_CHUNK 4096u

struct virtio_mmio *virtio_rng_create(const struct virtio_mmio_params *p, bool deterministic, uint64_t seed);

#endif
