/* Empty virtio-mmio transports, see virtio_mmio.h. Register offsets: virtio 1.2 section 4.2.2. */
#include "devices/virtio_mmio.h"

enum { MAGIC_VALUE = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c };
#define VIRTIO_MAGIC 0x74726976u   /* "virt" */
#define VIRTIO_VERSION_LEGACY 1u
#define VIRTIO_VENDOR_QEMU 0x554d4551u /* "QEMU" */

static enum bus_status empty_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    (void)opaque;
    (void)size;
    switch (off) {
    case MAGIC_VALUE: *value = VIRTIO_MAGIC; break;
    case VERSION: *value = VIRTIO_VERSION_LEGACY; break;
    case VENDOR_ID: *value = VIRTIO_VENDOR_QEMU; break;
    default: *value = 0; break; /* DEVICE_ID 0: no device; the rest reads 0 as in QEMU */
    }
    return BUS_OK;
}

static enum bus_status empty_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    (void)opaque;
    (void)off;
    (void)size;
    (void)value;
    return BUS_OK; /* nothing to configure without a device (QEMU ignores them too) */
}

static const struct mmio_ops empty_ops = {
    .name = "virtio-mmio", .read = empty_read, .write = empty_write, .min_access = 4, .max_access = 4,
};

enum a64emu_err virtio_mmio_add_empty(struct bus *bus, uint64_t base, unsigned count, uint64_t stride)
{
    for (unsigned i = 0; i < count; i++) {
        enum a64emu_err rc = bus_add_mmio(bus, "virtio-mmio", base + (uint64_t)i * stride, stride, &empty_ops, NULL);
        if (rc != A64_OK)
            return rc;
    }
    return A64_OK;
}
