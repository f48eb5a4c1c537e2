/*
 * The physical address bus: a sorted array of non-overlapping regions, each either host memory
 * (RAM, flash) or a device's MMIO callbacks (style.md 6.4). The MMU's TLB caches host pointers to
 * RAM pages so most guest accesses never come here.
 *
 * Embedding contract: devices implement struct mmio_ops for their natural access width; the bus
 * splits wider or narrower guest accesses. A callback returns BUS_ERROR for an access it refuses,
 * which becomes an external abort for the guest. No callback may abort the host.
 *
 * Pages of RAM that hold decoded instructions are marked "code"; any write to such a page through
 * the bus calls the code-write hook so the decoded-instruction cache can drop them. The CPU's
 * fast write path never maps code pages, so every write to them arrives here.
 */
#ifndef A64EMU_BUS_BUS_H
#define A64EMU_BUS_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define BUS_PAGE_BITS 12
#define BUS_PAGE_SIZE (1ull << BUS_PAGE_BITS)

enum bus_status { BUS_OK = 0, BUS_ERROR = 1 };

struct mmio_ops {
    const char *name;
    enum bus_status (*read)(void *opaque, uint64_t offset, unsigned size, uint64_t *value);
    enum bus_status (*write)(void *opaque, uint64_t offset, unsigned size, uint64_t value);
    unsigned min_access, max_access; /* natural widths in bytes, powers of two, 1..8 */
};

struct bus_region {
    const char *name;
    uint64_t base, size;
    uint8_t *host;          /* RAM/flash backing, or NULL for MMIO */
    uint8_t *code;          /* one byte per page: nonzero if decoded code lives there */
    bool readonly;          /* no direct writes: guest RAM-path stores, DMA and debugger writes
                               are refused (ROM devices set it: only their ops change them) */
    /* A ROM device (host and ops both set): while romd is on, reads come from host like RAM
     * (and may be cached in TLBs and the decoded-instruction cache); writes, and reads while
     * romd is off, go to ops (QEMU's memory_region_rom_device_set_romd). */
    bool romd;
    const struct mmio_ops *ops;
    void *opaque;
};

struct bus;

struct bus *bus_create(void);
void bus_destroy(struct bus *bus);

/* Add zero-filled host memory; *host receives the backing store. */
enum a64emu_err bus_add_ram(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                            bool readonly, uint8_t **host);
enum a64emu_err bus_add_mmio(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                             const struct mmio_ops *ops, void *opaque);

/* A ROM device region (see struct bus_region.romd), zero-filled, in ROM (romd on) mode. */
enum a64emu_err bus_add_romd(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                             const struct mmio_ops *ops, void *opaque, uint8_t **host);
/* Switch the ROM device region at base between host reads (on) and MMIO reads (off). Turning it
 * off calls the unmap hook, whose job is to drop every cached host pointer to it (soft TLBs). */
void bus_set_romd(struct bus *bus, uint64_t base, bool on);
typedef void (*bus_unmap_fn)(void *opaque, uint64_t base, uint64_t size);
void bus_set_unmap_hook(struct bus *bus, bus_unmap_fn fn, void *opaque);
/* A device changed [pa, pa + len) of its host memory itself (flash program/erase): decoded
 * instructions there are dropped, as for a guest write to RAM. */
void bus_host_written(struct bus *bus, uint64_t pa, uint64_t len);

const struct bus_region *bus_find(struct bus *bus, uint64_t pa);
size_t bus_region_count(const struct bus *bus);
const struct bus_region *bus_region_at(const struct bus *bus, size_t index);

/* Guest-visible accesses (any size 1..8, any alignment; split as needed). */
enum bus_status bus_read(struct bus *bus, uint64_t pa, unsigned size, uint64_t *value);
enum bus_status bus_write(struct bus *bus, uint64_t pa, unsigned size, uint64_t value);

/*
 * Host pointer to the RAM byte at pa, or NULL if pa is not RAM (or, for write, is read-only or a
 * code page). Valid to the end of pa's page.
 */
uint8_t *bus_ram_ptr(struct bus *bus, uint64_t pa, bool write);

/* Loader access: copy a block into RAM/flash (ignoring read-only), honouring code pages. */
enum a64emu_err bus_load_block(struct bus *bus, uint64_t pa, const void *data, size_t len);
/* Debugger/semihosting access: copy out of or into RAM. Returns false if not all RAM. */
bool bus_copy_from(struct bus *bus, uint64_t pa, void *data, size_t len);
bool bus_copy_to(struct bus *bus, uint64_t pa, const void *data, size_t len);

/* Decoded-code tracking. mark_code returns false if pa is not RAM. */
typedef void (*bus_code_write_fn)(void *opaque, uint64_t page_pa);
void bus_set_code_write_hook(struct bus *bus, bus_code_write_fn fn, void *opaque);
bool bus_mark_code(struct bus *bus, uint64_t pa);

#endif
