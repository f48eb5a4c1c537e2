/*
 * virtio-mmio transport (virtio 1.2 section 4.2.2): the register block a device sits behind,
 * in the modern layout (Version 2, the a64emu default) or the legacy one (Version 1, QEMU's
 * `-global virtio-mmio.force-legacy=true`, section 4.2.4).
 *
 * QEMU virt always creates 32 transports at 0x0A00_0000 (0x200 apart); a slot without a device
 * answers as QEMU's: MagicValue "virt", the machine's Version, DeviceID 0, VendorID "QEMU",
 * every other register 0 and writes ignored. Linux's virtio_mmio driver skips such a slot.
 *
 * Embedding contract for devices (virtio_blk.c, virtio_rng.c, virtio_console.c): a device fills
 * a struct virtio_dev_ops and hands its config-space bytes (little-endian) to virtio_mmio_create.
 * The transport calls ops->notify when the driver kicks a queue of a live device (DRIVER_OK set,
 * not NEEDS_RESET; kicks before DRIVER_OK are replayed when it is set), ops->reset when the
 * driver writes Status 0. In notify the device takes chains with virtio_pop, returns them with
 * virtio_push and ends the batch with virtio_kick_done, which raises the interrupt if the driver
 * wants one. A queue that breaks the rules puts the device in NEEDS_RESET (one LOG_GUEST line,
 * a configuration-change interrupt); the device then sees no more chains until reset.
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTIO_MMIO_H
#define A64EMU_DEVICES_VIRTIO_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/bus.h"
#include "bus/irq.h"
#include "devices/virtio/virtqueue.h"

#define VIRTIO_MMIO_MAX_QUEUES 4

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* Feature bits the transport handles (section 6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* InterruptStatus bits. */
#define VIRTIO_INT_USED 1u
#define VIRTIO_INT_CONFIG 2u

/* Device IDs (section 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

struct virtio_mmio;

struct snap;
struct virtio_dev_ops {
    const char *name;       /* for log lines: "virtio-blk" */
    uint32_t device_id;
    unsigned num_queues;    /* 1..VIRTIO_MMIO_MAX_QUEUES */
    uint64_t features;      /* device-specific bits; the transport adds its own */
    void (*notify)(void *dev, struct virtio_mmio *t, unsigned queue);
    void (*reset)(void *dev);          /* may be NULL */
    void (*destroy)(void *dev);        /* frees the device; may be NULL */
    /* Snapshot save/load of the device's own state (util/snap.h), inside the transport's
     * section; NULL: nothing beyond the transport (virtio-blk: the image is not in a snapshot).
     * virtio-net: its receive queue of host packets goes here. */
    void (*snap)(void *dev, struct snap *s);
};

/* Snapshot save/load (util/snap.h): the register state, every queue, then the device's. */
void virtio_mmio_snap(struct snap *s, struct virtio_mmio *t, unsigned slot);

struct virtio_mmio_params {
    struct bus *bus;
    uint64_t base, size;    /* the slot: 0x200 bytes on virt */
    struct irq_line irq;
    bool legacy;            /* Version 1 register layout */
};

/* Map a transport with a device behind it; NULL if out of memory or the bus refuses the slot.
 * config (config_size bytes) stays owned by the device and must outlive the transport. */
struct virtio_mmio *virtio_mmio_create(const struct virtio_mmio_params *p, const struct virtio_dev_ops *ops,
                                       void *dev, const uint8_t *config, uint32_t config_size);
/* Frees the transport and (through ops->destroy) its device. */
void virtio_mmio_destroy(struct virtio_mmio *t);
/* Map `count` empty transports of `stride` bytes from `base` (Version 1 if legacy, else 2). */
enum a64emu_err virtio_mmio_add_empty(struct bus *bus, uint64_t base, unsigned count, uint64_t stride, bool legacy);

/* For devices, during notify (or when they have input for the guest): */
struct bus *virtio_bus(struct virtio_mmio *t);
bool virtio_live(const struct virtio_mmio *t);          /* DRIVER_OK and not NEEDS_RESET */
bool virtio_queue_ready(const struct virtio_mmio *t, unsigned queue);
/* Next chain of the queue: true with *e filled; false if none (or the queue is broken, which
 * has then put the device in NEEDS_RESET). */
bool virtio_pop(struct virtio_mmio *t, unsigned queue, struct vq_elem *e);
void virtio_push(struct virtio_mmio *t, unsigned queue, const struct vq_elem *e, uint32_t written);
void virtio_kick_done(struct virtio_mmio *t, unsigned queue);
/* The device found the queue's contents malformed: NEEDS_RESET with one log line. */
void virtio_needs_reset(struct virtio_mmio *t, unsigned queue, const char *why);
/* The configuration space changed: bump ConfigGeneration and interrupt. */
void virtio_config_changed(struct virtio_mmio *t);

/* The features the driver accepted (a device whose layout depends on them: virtio-net's header). */
uint64_t virtio_driver_features(const struct virtio_mmio *t);

/* For tests: the transport's Status and InterruptStatus registers. */
uint32_t virtio_status(const struct virtio_mmio *t);

#endif
