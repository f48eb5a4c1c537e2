/*
 * virtio-mmio transports (virtio 1.2 section 4.2.2) with no device behind them: QEMU virt always
 * creates 32 of them at 0x0A00_0000 (0x200 apart); until a backend is attached, a transport
 * answers as QEMU's does with nothing plugged in (hw/virtio/virtio-mmio.c): MagicValue "virt",
 * Version 1 (QEMU's force-legacy default), DeviceID 0 (no device), VendorID "QEMU", every other
 * register 0, writes ignored. Linux's virtio_mmio driver then skips the slot.
 * The virtio issue adds the devices; this is the empty transport only.
 */
#ifndef A64EMU_DEVICES_VIRTIO_MMIO_H
#define A64EMU_DEVICES_VIRTIO_MMIO_H

#include <stdint.h>

#include "bus/bus.h"

/* Map `count` empty transports of `stride` bytes from `base`. */
enum a64emu_err virtio_mmio_add_empty(struct bus *bus, uint64_t base, unsigned count, uint64_t stride);

#endif
