/*
 * virtio-blk (virtio 1.2 section 5.2) backed by a raw image file: read, write, flush (fsync),
 * discard and write-zeroes (hole punching / zero ranges), get-id (serial), and read-only drives
 * (VIRTIO_BLK_F_RO advertised, writes answered VIRTIO_BLK_S_IOERR). Writes go through the host's
 * page cache; a guest flush reaches the disk with fsync.
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTIO_BLK_H
#define A64EMU_DEVICES_VIRTIO_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "devices/virtio/virtio_mmio.h"

struct virtio_blk_opts {
    const char *path;      /* raw image */
    bool readonly;
    const char *serial;    /* get-id answer (at most 20 bytes are used); NULL: empty, as QEMU */
};

/* Open the image and map the device; NULL with one line in err on failure. */
struct virtio_mmio *virtio_blk_create(const struct virtio_mmio_params *p, const struct virtio_blk_opts *o,
                                      char *err, size_t errlen);

#endif
