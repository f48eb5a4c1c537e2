/* virtio-mmio transport, see virtio_mmio.h. Register offsets: virtio 1.2 sections 4.2.2 and 4.2.4. */
#include "devices/virtio/virtio_mmio.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/snap.h"

enum {
    MAGIC_VALUE = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020,
    DRIVER_FEATURES_SEL = 0x024, GUEST_PAGE_SIZE = 0x028, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034,
    QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c, QUEUE_PFN = 0x040, QUEUE_READY = 0x044,
    QUEUE_NOTIFY = 0x050, INTERRUPT_STATUS = 0x060, INTERRUPT_ACK = 0x064, STATUS = 0x070,
    QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084, QUEUE_DRIVER_LOW = 0x090, QUEUE_DRIVER_HIGH = 0x094,
    QUEUE_DEVICE_LOW = 0x0a0, QUEUE_DEVICE_HIGH = 0x0a4, CONFIG_GENERATION = 0x0fc, CONFIG = 0x100,
};
#define VIRTIO_MAGIC 0x74726976u       /* "virt" */
#define VIRTIO_VENDOR_QEMU 0x554d4551u /* "QEMU", as QEMU's transports say */
#define TRANSPORT_FEATURES ((1ull << VIRTIO_F_INDIRECT_DESC) | (1ull << VIRTIO_RING_F_EVENT_IDX))

struct virtio_mmio {
    struct bus *bus;
    uint64_t base;
    struct irq_line irq;
    bool legacy;
    const struct virtio_dev_ops *ops;
    void *dev;
    const uint8_t *config;
    uint32_t config_size;
    uint32_t status, isr, generation;
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
    uint64_t driver_features;
    uint32_t guest_page_size;                       /* legacy */
    uint32_t queue_align[VIRTIO_MMIO_MAX_QUEUES];   /* legacy */
    uint32_t queue_pfn[VIRTIO_MMIO_MAX_QUEUES];     /* legacy */
    bool kicked[VIRTIO_MMIO_MAX_QUEUES];            /* notified before DRIVER_OK */
    struct virtq vq[VIRTIO_MMIO_MAX_QUEUES];
};

static uint64_t offered(const struct virtio_mmio *t)
{
    uint64_t f = t->ops->features | TRANSPORT_FEATURES;
    return t->legacy ? (uint32_t)f : f | (1ull << VIRTIO_F_VERSION_1); /* legacy: 32 bits, no VERSION_1 */
}

static void update_irq(struct virtio_mmio *t)
{
    irq_set(&t->irq, t->isr != 0);
}

static void apply_features(struct virtio_mmio *t)
{
    for (unsigned q = 0; q < t->ops->num_queues; q++) {
        t->vq[q].event_idx = t->driver_features >> VIRTIO_RING_F_EVENT_IDX & 1;
        t->vq[q].indirect = t->driver_features >> VIRTIO_F_INDIRECT_DESC & 1;
    }
}

static void device_reset(struct virtio_mmio *t)
{
    t->status = t->isr = 0;
    t->dev_feat_sel = t->drv_feat_sel = t->queue_sel = 0;
    t->driver_features = 0;
    t->guest_page_size = 0;
    for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++) {
        vq_reset(&t->vq[q]);
        t->queue_align[q] = 4096; /* the legacy default (section 4.2.4) */
        t->queue_pfn[q] = 0;
        t->kicked[q] = false;
    }
    if (t->ops->reset)
        t->ops->reset(t->dev);
    update_irq(t);
}

void virtio_needs_reset(struct virtio_mmio *t, unsigned queue, const char *why)
{
    if (t->status & VIRTIO_STATUS_NEEDS_RESET)
        return; /* one line per broken state: the guest may keep kicking */
    log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": queue %u: %s; the device needs a reset", t->ops->name, t->base, queue, why);
    t->status |= VIRTIO_STATUS_NEEDS_RESET;
    /* Section 2.1.2: a device entering NEEDS_RESET after DRIVER_OK sends a config change
     * notification. The legacy interface has no NEEDS_RESET: the device stops quietly until the
     * driver resets it, and Status does not show the bit (QEMU 7.2 does the same). */
    if ((t->status & VIRTIO_STATUS_DRIVER_OK) && !t->legacy) {
        t->isr |= VIRTIO_INT_CONFIG;
        update_irq(t);
    }
}

void virtio_config_changed(struct virtio_mmio *t)
{
    t->generation++;
    if (t->status & VIRTIO_STATUS_DRIVER_OK) {
        t->isr |= VIRTIO_INT_CONFIG;
        update_irq(t);
    }
}

struct bus *virtio_bus(struct virtio_mmio *t) { return t->bus; }
uint32_t virtio_status(const struct virtio_mmio *t) { return t->status; }
uint64_t virtio_driver_features(const struct virtio_mmio *t) { return t->driver_features; }

bool virtio_live(const struct virtio_mmio *t)
{
    return (t->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET)) == VIRTIO_STATUS_DRIVER_OK;
}

bool virtio_queue_ready(const struct virtio_mmio *t, unsigned queue)
{
    return queue < t->ops->num_queues && t->vq[queue].ready;
}

bool virtio_pop(struct virtio_mmio *t, unsigned queue, struct vq_elem *e)
{
    if (!virtio_live(t) || !virtio_queue_ready(t, queue))
        return false;
    const char *why = NULL;
    enum vq_result r = vq_pop(t->bus, &t->vq[queue], e, &why);
    if (r == VQ_BROKEN)
        virtio_needs_reset(t, queue, why);
    return r == VQ_GOT;
}

void virtio_push(struct virtio_mmio *t, unsigned queue, const struct vq_elem *e, uint32_t written)
{
    if (!vq_push(t->bus, &t->vq[queue], e->head, written))
        virtio_needs_reset(t, queue, "the used ring is not in guest RAM");
}

void virtio_kick_done(struct virtio_mmio *t, unsigned queue)
{
    if (!virtio_live(t) || !virtio_queue_ready(t, queue))
        return;
    if (vq_should_notify(t->bus, &t->vq[queue])) {
        t->isr |= VIRTIO_INT_USED;
        update_irq(t);
    }
}

static void notify(struct virtio_mmio *t, uint32_t q)
{
    if (q >= t->ops->num_queues || !t->vq[q].ready) {
        virtio_needs_reset(t, q, "notified, but the queue does not exist or is not ready");
        return;
    }
    if (!virtio_live(t)) {
        t->kicked[q] = !(t->status & VIRTIO_STATUS_NEEDS_RESET); /* no buffers before DRIVER_OK */
        return;
    }
    t->ops->notify(t->dev, t, q);
}

/* Enabling a queue: the size must be a power of two up to QueueNumMax and the rings RAM. */
static void enable_queue(struct virtio_mmio *t, unsigned q)
{
    struct virtq *vq = &t->vq[q];
    if (vq->num == 0 || (vq->num & (vq->num - 1)) || vq->num > VQ_MAX_SIZE) {
        virtio_needs_reset(t, q, "enabled with a queue size that is 0, above QueueNumMax or not a power of two");
        return;
    }
    if (!vq_areas_ok(t->bus, vq)) {
        virtio_needs_reset(t, q, "enabled with rings that are misaligned or not in guest RAM");
        return;
    }
    vq->ready = true;
    vq->last_avail = vq->used_idx = vq->signalled_used = 0;
    apply_features(t);
}

/* Legacy QueuePFN: one contiguous area, used ring at the next QueueAlign boundary (section 4.2.4). */
static void legacy_set_pfn(struct virtio_mmio *t, unsigned q, uint32_t pfn)
{
    struct virtq *vq = &t->vq[q];
    t->queue_pfn[q] = pfn;
    if (pfn == 0) {
        uint16_t num = vq->num;
        vq_reset(vq);
        vq->num = num;
        return;
    }
    uint32_t align = t->queue_align[q];
    if (t->guest_page_size == 0 || (t->guest_page_size & (t->guest_page_size - 1)) || align == 0 || (align & (align - 1))) {
        virtio_needs_reset(t, q, "QueuePFN written with GuestPageSize or QueueAlign 0 or not a power of two");
        return;
    }
    vq->desc = (uint64_t)pfn * t->guest_page_size;
    vq->avail = vq->desc + 16ull * vq->num;
    vq->used = (vq->avail + 6 + 2ull * vq->num + align - 1) & ~(uint64_t)(align - 1);
    enable_queue(t, q);
}

static void set_status(struct virtio_mmio *t, uint32_t v)
{
    if (v == 0) {
        device_reset(t);
        return;
    }
    uint32_t old = t->status;
    v &= 0xff;
    if (!t->legacy && (v & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        /* Section 3.1.1: FEATURES_OK stays clear if the driver asked for what we do not offer,
         * or (modern transport) did not accept VIRTIO_F_VERSION_1. */
        bool ok = !(t->driver_features & ~offered(t)) && (t->driver_features >> VIRTIO_F_VERSION_1 & 1);
        if (!ok) {
            log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": driver features 0x%" PRIx64 " refused (offered 0x%" PRIx64 ")",
                    t->ops->name, t->base, t->driver_features, offered(t));
            v &= ~VIRTIO_STATUS_FEATURES_OK;
        }
    }
    t->status = v | (old & VIRTIO_STATUS_NEEDS_RESET);
    apply_features(t);
    if (!(old & VIRTIO_STATUS_DRIVER_OK) && virtio_live(t)) {
        for (unsigned q = 0; q < t->ops->num_queues; q++) /* kicks that came before DRIVER_OK */
            if (t->kicked[q] && t->vq[q].ready) {
                t->kicked[q] = false;
                t->ops->notify(t->dev, t, q);
            }
    }
}

static bool is_legacy_reg(uint64_t off)
{
    return off == GUEST_PAGE_SIZE || off == QUEUE_ALIGN || off == QUEUE_PFN;
}

static bool is_modern_reg(uint64_t off)
{
    return off == QUEUE_READY || (off >= QUEUE_DESC_LOW && off <= QUEUE_DEVICE_HIGH) || off == CONFIG_GENERATION;
}

static enum bus_status config_read(struct virtio_mmio *t, uint64_t off, unsigned size, uint64_t *value)
{
    *value = 0;
    for (unsigned i = 0; i < size; i++)
        if (off + i < t->config_size)
            *value |= (uint64_t)t->config[off + i] << (8 * i);
    return BUS_OK;
}

static enum bus_status reg_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct virtio_mmio *t = opaque;
    if (off >= CONFIG)
        return config_read(t, off - CONFIG, size, value);
    *value = 0;
    if (size != 4 || (t->legacy ? is_modern_reg(off) : is_legacy_reg(off))) {
        log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": %u-byte read of register 0x%03" PRIx64 " (not in this interface)",
                t->ops->name, t->base, size, off);
        return BUS_OK; /* QEMU reads 0 */
    }
    unsigned q = t->queue_sel < t->ops->num_queues ? t->queue_sel : VIRTIO_MMIO_MAX_QUEUES;
    const struct virtq *vq = q < VIRTIO_MMIO_MAX_QUEUES ? &t->vq[q] : NULL;
    switch (off) {
    case MAGIC_VALUE: *value = VIRTIO_MAGIC; break;
    case VERSION: *value = t->legacy ? 1 : 2; break;
    case DEVICE_ID: *value = t->ops->device_id; break;
    case VENDOR_ID: *value = VIRTIO_VENDOR_QEMU; break;
    case DEVICE_FEATURES: *value = t->dev_feat_sel < 2 ? (uint32_t)(offered(t) >> (32 * t->dev_feat_sel)) : 0; break;
    case QUEUE_NUM_MAX: *value = vq ? VQ_MAX_SIZE : 0; break;
    case QUEUE_READY: *value = vq && vq->ready; break;
    case QUEUE_PFN: *value = vq ? t->queue_pfn[q] : 0; break;
    case INTERRUPT_STATUS: *value = t->isr; break;
    case STATUS: *value = t->legacy ? t->status & ~VIRTIO_STATUS_NEEDS_RESET : t->status; break;
    case CONFIG_GENERATION: *value = t->generation; break;
    default: break; /* write-only registers and holes read 0, as QEMU */
    }
    return BUS_OK;
}

/* A queue's address register: ignored while the queue is live (the driver must not change it). */
static void set_addr(struct virtio_mmio *t, struct virtq *vq, uint64_t *field, bool high, uint32_t v)
{
    if (vq->ready) {
        log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": queue address written while the queue is ready (ignored)", t->ops->name, t->base);
        return;
    }
    *field = high ? (*field & 0xffffffffu) | (uint64_t)v << 32 : (*field & ~0xffffffffull) | v;
}

static enum bus_status reg_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct virtio_mmio *t = opaque;
    uint32_t v = (uint32_t)value;
    if (off >= CONFIG) {
        /* The devices here have no writable configuration fields that change behaviour. */
        log_msg(LOG_DEV, "%s@0x%" PRIx64 ": config write at 0x%" PRIx64 " ignored", t->ops->name, t->base, off - CONFIG);
        return BUS_OK;
    }
    if (size != 4 || (t->legacy ? is_modern_reg(off) : is_legacy_reg(off))) {
        log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": %u-byte write of register 0x%03" PRIx64 " (not in this interface)",
                t->ops->name, t->base, size, off);
        return BUS_OK;
    }
    unsigned q = t->queue_sel;
    struct virtq *vq = q < t->ops->num_queues ? &t->vq[q] : NULL;
    switch (off) {
    case DEVICE_FEATURES_SEL: t->dev_feat_sel = v; break;
    case DRIVER_FEATURES:
        if (t->status & VIRTIO_STATUS_FEATURES_OK) /* negotiation is over */
            break;
        if (t->drv_feat_sel < 2) {
            unsigned sh = 32 * t->drv_feat_sel;
            t->driver_features = (t->driver_features & ~(0xffffffffull << sh)) | (uint64_t)v << sh;
            apply_features(t);
        }
        break;
    case DRIVER_FEATURES_SEL: t->drv_feat_sel = v; break;
    case GUEST_PAGE_SIZE: t->guest_page_size = v; break;
    case QUEUE_SEL: t->queue_sel = v; break;
    case QUEUE_NUM:
        if (vq && !vq->ready)
            vq->num = v > 0xffff ? 0 : (uint16_t)v; /* checked when the queue is enabled */
        break;
    case QUEUE_ALIGN: if (vq) t->queue_align[q] = v; break;
    case QUEUE_PFN: if (vq) legacy_set_pfn(t, q, v); break;
    case QUEUE_READY:
        if (!vq)
            break;
        if (v & 1) {
            if (!vq->ready)
                enable_queue(t, q);
        } else {
            vq->ready = false;
        }
        break;
    case QUEUE_NOTIFY: notify(t, v & 0xffff); break;
    case INTERRUPT_ACK:
        t->isr &= ~v;
        update_irq(t);
        break;
    case STATUS: set_status(t, v); break;
    case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH: if (vq) set_addr(t, vq, &vq->desc, off == QUEUE_DESC_HIGH, v); break;
    case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH: if (vq) set_addr(t, vq, &vq->avail, off == QUEUE_DRIVER_HIGH, v); break;
    case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH: if (vq) set_addr(t, vq, &vq->used, off == QUEUE_DEVICE_HIGH, v); break;
    default:
        log_msg(LOG_GUEST, "%s@0x%" PRIx64 ": write of read-only or reserved register 0x%03" PRIx64, t->ops->name, t->base, off);
        break;
    }
    return BUS_OK;
}

static const struct mmio_ops transport_ops = {
    .name = "virtio-mmio", .read = reg_read, .write = reg_write, .min_access = 1, .max_access = 4,
};

struct virtio_mmio *virtio_mmio_create(const struct virtio_mmio_params *p, const struct virtio_dev_ops *ops,
                                       void *dev, const uint8_t *config, uint32_t config_size)
{
    if (ops->num_queues < 1 || ops->num_queues > VIRTIO_MMIO_MAX_QUEUES || config_size > p->size - CONFIG)
        return NULL;
    struct virtio_mmio *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    *t = (struct virtio_mmio){ .bus = p->bus, .base = p->base, .irq = p->irq, .legacy = p->legacy, .ops = ops,
                               .dev = dev, .config = config, .config_size = config_size };
    device_reset(t);
    if (bus_add_mmio(p->bus, ops->name, p->base, p->size, &transport_ops, t) != A64_OK) {
        free(t);
        return NULL;
    }
    return t;
}

void virtio_mmio_destroy(struct virtio_mmio *t)
{
    if (!t)
        return;
    if (t->ops->destroy)
        t->ops->destroy(t->dev);
    free(t);
}

/* --- Empty slots ------------------------------------------------------------------------------ */

static enum bus_status empty_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    (void)size;
    switch (off) {
    case MAGIC_VALUE: *value = VIRTIO_MAGIC; break;
    case VERSION: *value = opaque ? 1 : 2; break; /* opaque non-NULL: legacy */
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

enum a64emu_err virtio_mmio_add_empty(struct bus *bus, uint64_t base, unsigned count, uint64_t stride, bool legacy)
{
    static char legacy_tag; /* any non-NULL opaque marks a legacy empty slot */
    for (unsigned i = 0; i < count; i++) {
        enum a64emu_err rc = bus_add_mmio(bus, "virtio-mmio", base + (uint64_t)i * stride, stride, &empty_ops,
                                          legacy ? &legacy_tag : NULL);
        if (rc != A64_OK)
            return rc;
    }
    return A64_OK;
}

void virtio_mmio_snap(struct snap *s, struct virtio_mmio *t, unsigned slot)
{
    char tag[SNAP_TAG_MAX];
    snprintf(tag, sizeof tag, "virtio%u", slot);
    snap_begin(s, tag);
    snap_check_u64(s, "virtio device id", t->ops->device_id);
    snap_check_u64(s, "virtio legacy", t->legacy);
    SNAP(s, t->status);
    SNAP(s, t->isr);
    SNAP(s, t->generation);
    SNAP(s, t->dev_feat_sel);
    SNAP(s, t->drv_feat_sel);
    SNAP(s, t->queue_sel);
    SNAP(s, t->driver_features);
    SNAP(s, t->guest_page_size);
    SNAP(s, t->queue_align);
    SNAP(s, t->queue_pfn);
    SNAP(s, t->kicked);
    for (unsigned q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++) {
        struct virtq *v = &t->vq[q];
        SNAP(s, v->num);
        SNAP(s, v->ready);
        SNAP(s, v->desc);
        SNAP(s, v->avail);
        SNAP(s, v->used);
        SNAP(s, v->last_avail);
        SNAP(s, v->used_idx);
        SNAP(s, v->signalled_used);
        SNAP(s, v->event_idx);
        SNAP(s, v->indirect);
    }
    if (t->ops->snap)
        t->ops->snap(t->dev, s);
    snap_end(s);
}
