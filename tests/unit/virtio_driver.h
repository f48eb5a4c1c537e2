/*
 * A fake virtio driver for unit tests: a bus with RAM, flash and an MMIO device, a transport
 * under test, and helpers that build split-virtqueue rings in RAM by hand the way a guest
 * driver would (virtio 1.2 sections 2.7 and 4.2.3), so tests can also build broken ones.
 */
#ifndef A64EMU_TESTS_VIRTIO_DRIVER_H
#define A64EMU_TESTS_VIRTIO_DRIVER_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bus/bus.h"
#include "devices/virtio/virtio_mmio.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (1ull << 20)
#define FLASH_BASE 0x00000000ull
#define MMIO_BASE 0x0a003e00ull
#define OTHER_MMIO 0x09000000ull /* another device's registers: a DMA target that must be refused */
#define QSIZE 16u

/* Ring areas in RAM, per queue q. */
#define DESC(q) (RAM_BASE + 0x1000 + (q) * 0x1000)
#define AVAIL(q) (RAM_BASE + 0x5000 + (q) * 0x1000)
#define USED(q) (RAM_BASE + 0x9000 + (q) * 0x1000)
#define DATA (RAM_BASE + 0x20000) /* buffers from here */

enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024, R_GUEST_PAGE_SIZE = 0x028, R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038, R_QUEUE_ALIGN = 0x03c, R_QUEUE_PFN = 0x040,
    R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050, R_ISR = 0x060, R_ACK = 0x064, R_STATUS = 0x070,
    R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094, R_DEVICE_LO = 0x0a0,
    R_DEVICE_HI = 0x0a4, R_GENERATION = 0x0fc, R_CONFIG = 0x100,
};

struct fake_drv {
    struct bus *bus;
    struct virtio_mmio *t;
    int irq_level, irq_edges;
    uint16_t avail_idx[4], next_desc[4], used_seen[4];
    uint64_t data_next;
};

static int other_mmio_reads;

static enum bus_status other_read(void *o, uint64_t off, unsigned size, uint64_t *v)
{
    (void)o; (void)off; (void)size;
    other_mmio_reads++;
    *v = 0;
    return BUS_OK;
}

static enum bus_status other_write(void *o, uint64_t off, unsigned size, uint64_t v)
{
    (void)o; (void)off; (void)size; (void)v;
    other_mmio_reads++;
    return BUS_OK;
}

static const struct mmio_ops other_ops = { "other", other_read, other_write, 1, 8 };

static void drv_irq(void *opaque, int line, int level)
{
    struct fake_drv *d = opaque;
    (void)line;
    if (level && !d->irq_level)
        d->irq_edges++;
    d->irq_level = level;
}

/* The bus and the stub interrupt line; the test then creates its device with drv_params(). */
static inline void drv_bus(struct fake_drv *d)
{
    memset(d, 0, sizeof *d);
    d->bus = bus_create();
    assert_non_null(d->bus);
    assert_int_equal(bus_add_ram(d->bus, "flash", FLASH_BASE, 0x100000, true, NULL), A64_OK);
    assert_int_equal(bus_add_ram(d->bus, "ram", RAM_BASE, RAM_SIZE, false, NULL), A64_OK);
    assert_int_equal(bus_add_mmio(d->bus, "other", OTHER_MMIO, 0x1000, &other_ops, NULL), A64_OK);
    d->data_next = DATA;
    other_mmio_reads = 0;
}

static inline struct virtio_mmio_params drv_params(struct fake_drv *d, bool legacy)
{
    return (struct virtio_mmio_params){ d->bus, MMIO_BASE, 0x200, { drv_irq, d, 79 }, legacy };
}

static inline void drv_free(struct fake_drv *d)
{
    virtio_mmio_destroy(d->t);
    bus_destroy(d->bus);
}

static inline uint32_t rr(struct fake_drv *d, uint64_t reg)
{
    uint64_t v;
    assert_int_equal(bus_read(d->bus, MMIO_BASE + reg, 4, &v), BUS_OK);
    return (uint32_t)v;
}

static inline void wr(struct fake_drv *d, uint64_t reg, uint32_t v)
{
    assert_int_equal(bus_write(d->bus, MMIO_BASE + reg, 4, v), BUS_OK);
}

static inline void put(struct fake_drv *d, uint64_t pa, unsigned n, uint64_t v)
{
    assert_int_equal(bus_write(d->bus, pa, n, v), BUS_OK);
}

static inline uint64_t get(struct fake_drv *d, uint64_t pa, unsigned n)
{
    uint64_t v;
    assert_int_equal(bus_read(d->bus, pa, n, &v), BUS_OK);
    return v;
}

static inline uint64_t device_features(struct fake_drv *d)
{
    wr(d, R_DEV_FEATURES_SEL, 0);
    uint64_t f = rr(d, R_DEV_FEATURES);
    wr(d, R_DEV_FEATURES_SEL, 1);
    return f | (uint64_t)rr(d, R_DEV_FEATURES) << 32;
}

/* Modern set-up of queue q at DESC/AVAIL/USED(q) with `num` entries; returns QueueReady. */
static inline uint32_t drv_queue(struct fake_drv *d, unsigned q, uint32_t num)
{
    wr(d, R_QUEUE_SEL, q);
    wr(d, R_QUEUE_NUM, num);
    wr(d, R_DESC_LO, (uint32_t)DESC(q));
    wr(d, R_DESC_HI, (uint32_t)(DESC(q) >> 32));
    wr(d, R_DRIVER_LO, (uint32_t)AVAIL(q));
    wr(d, R_DRIVER_HI, 0);
    wr(d, R_DEVICE_LO, (uint32_t)USED(q));
    wr(d, R_DEVICE_HI, 0);
    wr(d, R_QUEUE_READY, 1);
    return rr(d, R_QUEUE_READY);
}

/* The whole modern initialisation (section 3.1.1) accepting `features`; returns the Status. */
static inline uint32_t drv_init(struct fake_drv *d, uint64_t features, unsigned nqueues)
{
    wr(d, R_STATUS, 0);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, R_DRV_FEATURES_SEL, 0);
    wr(d, R_DRV_FEATURES, (uint32_t)features);
    wr(d, R_DRV_FEATURES_SEL, 1);
    wr(d, R_DRV_FEATURES, (uint32_t)(features >> 32));
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    if (!(rr(d, R_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        return rr(d, R_STATUS);
    for (unsigned q = 0; q < nqueues; q++) {
        assert_int_equal(drv_queue(d, q, QSIZE), 1);
        d->avail_idx[q] = d->next_desc[q] = d->used_seen[q] = 0;
    }
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
                    VIRTIO_STATUS_DRIVER_OK);
    return rr(d, R_STATUS);
}

/* Write descriptor i of the table at `table`. */
static inline void drv_desc(struct fake_drv *d, uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint64_t p = table + 16ull * i;
    put(d, p, 8, addr);
    put(d, p + 8, 4, len);
    put(d, p + 12, 2, flags);
    put(d, p + 14, 2, next);
}

struct seg { uint64_t addr; uint32_t len; bool write; };

/* Chain `n` buffers into consecutive descriptors of queue q and make the chain available. */
static inline uint16_t drv_chain(struct fake_drv *d, unsigned q, const struct seg *s, unsigned n)
{
    uint16_t head = d->next_desc[q] % QSIZE;
    for (unsigned k = 0; k < n; k++) {
        uint16_t i = (uint16_t)((head + k) % QSIZE), nx = (uint16_t)((head + k + 1) % QSIZE);
        uint16_t fl = (uint16_t)((s[k].write ? VIRTQ_DESC_F_WRITE : 0) | (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        drv_desc(d, DESC(q), i, s[k].addr, s[k].len, fl, nx);
    }
    d->next_desc[q] = (uint16_t)(d->next_desc[q] + n);
    return head;
}

static inline void drv_publish(struct fake_drv *d, unsigned q, uint16_t head)
{
    put(d, AVAIL(q) + 4 + 2 * (d->avail_idx[q] % QSIZE), 2, head);
    d->avail_idx[q]++;
    put(d, AVAIL(q) + 2, 2, d->avail_idx[q]);
}

static inline void drv_kick(struct fake_drv *d, unsigned q)
{
    wr(d, R_QUEUE_NOTIFY, q);
}

/* Next used element of queue q: returns false if none; *len gets the bytes written. */
static inline bool drv_used(struct fake_drv *d, unsigned q, uint32_t *id, uint32_t *len)
{
    if ((uint16_t)get(d, USED(q) + 2, 2) == d->used_seen[q])
        return false;
    uint64_t e = USED(q) + 4 + 8 * (d->used_seen[q] % QSIZE);
    *id = (uint32_t)get(d, e, 4);
    *len = (uint32_t)get(d, e + 4, 4);
    d->used_seen[q]++;
    return true;
}

static inline uint64_t drv_alloc(struct fake_drv *d, uint32_t len)
{
    uint64_t a = d->data_next;
    d->data_next += (len + 15) & ~15u;
    return a;
}

static inline bool needs_reset(struct fake_drv *d)
{
    return (rr(d, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET) != 0;
}

#endif
