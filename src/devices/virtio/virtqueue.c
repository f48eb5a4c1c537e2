/* Split virtqueues, device side: see virtqueue.h. Ring layouts: virtio 1.2 sections 2.7.5-2.7.8. */
#include "devices/virtio/virtqueue.h"

#include <string.h>

enum { DESC_SIZE = 16, USED_ELEM_SIZE = 8 };

bool vq_dma_ok(struct bus *bus, uint64_t pa, uint64_t len)
{
    if (len == 0)
        return true;
    if (pa + (len - 1) < pa) /* wraps past the top of the address space */
        return false;
    while (len) {
        const struct bus_region *r = bus_find(bus, pa);
        /* RAM only: a region with no host memory is MMIO, a read-only one is flash. */
        if (!r || !r->host || r->readonly)
            return false;
        uint64_t room = r->size - (pa - r->base);
        if (room >= len)
            return true;
        pa += room; /* the buffer continues into the next region, which must be RAM too */
        len -= room;
    }
    return true;
}

/* Guest ring accesses: checked, little-endian (the virtio 1.x byte order; also the legacy one on
 * a little-endian guest). */
static bool rd(struct bus *bus, uint64_t pa, unsigned n, uint64_t *v)
{
    uint8_t b[8];
    if (!vq_dma_ok(bus, pa, n) || !bus_copy_from(bus, pa, b, n))
        return false;
    *v = 0;
    for (unsigned i = 0; i < n; i++)
        *v |= (uint64_t)b[i] << (8 * i);
    return true;
}

static bool wr(struct bus *bus, uint64_t pa, unsigned n, uint64_t v)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return vq_dma_ok(bus, pa, n) && bus_copy_to(bus, pa, b, n);
}

void vq_reset(struct virtq *vq)
{
    memset(vq, 0, sizeof *vq);
}

bool vq_areas_ok(struct bus *bus, const struct virtq *vq)
{
    uint64_t n = vq->num;
    /* Alignments of section 2.7: descriptor table 16, available ring 2, used ring 4. */
    return (vq->desc & 15) == 0 && (vq->avail & 1) == 0 && (vq->used & 3) == 0 &&
           vq_dma_ok(bus, vq->desc, DESC_SIZE * n) && vq_dma_ok(bus, vq->avail, 6 + 2 * n) &&
           vq_dma_ok(bus, vq->used, 6 + USED_ELEM_SIZE * n);
}

#define BROKEN(msg)        \
    do {                   \
        *why = (msg);      \
        return VQ_BROKEN;  \
    } while (0)

/* Add one buffer of a chain to e, checking the rules of section 2.7.4.2. */
static enum vq_result add_seg(struct bus *bus, struct vq_elem *e, uint64_t addr, uint32_t len, bool writable,
                              const char **why)
{
    if (!vq_dma_ok(bus, addr, len))
        BROKEN("a buffer is not wholly in guest RAM (MMIO, flash, unmapped or wrapping)");
    if (!writable && e->n_in)
        BROKEN("a device-readable buffer follows a device-writable one");
    if (e->n_out + e->n_in >= VQ_MAX_SEGS)
        BROKEN("a descriptor chain has more buffers than the device accepts");
    uint64_t *total = writable ? &e->in_len : &e->out_len;
    if (*total + len > UINT32_MAX)
        BROKEN("the buffers of a chain add up to more than 4 GiB");
    *total += len;
    /* Out segments stay in front: only readable ones may be added while n_in == 0. */
    e->seg[e->n_out + e->n_in] = (struct vq_seg){ addr, len };
    if (writable)
        e->n_in++;
    else
        e->n_out++;
    return VQ_GOT;
}

/* Walk the chain starting at `head`: at most `num` direct descriptors and one indirect table of
 * at most VQ_MAX_SEGS entries, so a loop in either ends the walk. */
static enum vq_result walk(struct bus *bus, const struct virtq *vq, uint16_t head, struct vq_elem *e,
                           const char **why)
{
    uint64_t table = vq->desc;
    uint32_t size = vq->num, seen = 0;
    bool indirect = false;
    uint32_t i = head;
    for (;;) {
        if (++seen > size)
            BROKEN(indirect ? "an indirect descriptor chain loops" : "a descriptor chain loops or is longer than the queue");
        uint64_t addr, len, flags, next;
        uint64_t d = table + (uint64_t)i * DESC_SIZE;
        if (!rd(bus, d, 8, &addr) || !rd(bus, d + 8, 4, &len) || !rd(bus, d + 12, 2, &flags) || !rd(bus, d + 14, 2, &next))
            BROKEN("a descriptor table is not in guest RAM");
        if (flags & VIRTQ_DESC_F_INDIRECT) {
            if (!vq->indirect)
                BROKEN("an indirect descriptor without VIRTIO_F_INDIRECT_DESC negotiated");
            if (indirect)
                BROKEN("an indirect descriptor inside an indirect table");
            if (flags & VIRTQ_DESC_F_NEXT)
                BROKEN("an indirect descriptor with VIRTQ_DESC_F_NEXT set");
            if (len == 0 || len % DESC_SIZE || len / DESC_SIZE > VQ_MAX_SEGS)
                BROKEN("an indirect table whose length is 0, not a multiple of 16 or too long");
            if ((addr & 15) || !vq_dma_ok(bus, addr, len))
                BROKEN("an indirect table that is not aligned guest RAM");
            table = addr;
            size = (uint32_t)(len / DESC_SIZE);
            indirect = true;
            seen = 0;
            i = 0;
            continue;
        }
        enum vq_result r = add_seg(bus, e, addr, (uint32_t)len, (flags & VIRTQ_DESC_F_WRITE) != 0, why);
        if (r != VQ_GOT)
            return r;
        if (!(flags & VIRTQ_DESC_F_NEXT))
            return VQ_GOT;
        if (next >= size)
            BROKEN("a descriptor's next index is past the end of its table");
        i = (uint32_t)next;
    }
}

enum vq_result vq_pop(struct bus *bus, struct virtq *vq, struct vq_elem *e, const char **why)
{
    if (!vq->ready || vq->num == 0)
        BROKEN("the queue is not ready");
    uint64_t avail_idx, head;
    if (!rd(bus, vq->avail + 2, 2, &avail_idx))
        BROKEN("the available ring is not in guest RAM");
    if (avail_idx == vq->last_avail)
        return VQ_EMPTY;
    if ((uint16_t)(avail_idx - vq->last_avail) > vq->num)
        BROKEN("the available index moved further than the queue size");
    if (!rd(bus, vq->avail + 4 + 2u * (vq->last_avail % vq->num), 2, &head))
        BROKEN("the available ring is not in guest RAM");
    if (head >= vq->num)
        BROKEN("an available ring entry is past the end of the descriptor table");
    e->head = (uint16_t)head;
    e->n_out = e->n_in = 0;
    e->out_len = e->in_len = 0;
    enum vq_result r = walk(bus, vq, (uint16_t)head, e, why);
    if (r != VQ_GOT)
        return r;
    vq->last_avail++;
    /* event-idx: tell the driver which avail index to notify us for next (avail_event). */
    if (vq->event_idx && !wr(bus, vq->used + 4 + USED_ELEM_SIZE * (uint64_t)vq->num, 2, vq->last_avail))
        BROKEN("the used ring is not in guest RAM");
    return VQ_GOT;
}

/* Copy between buf and the segments [first, first + count) of e, from byte `offset` on. */
static size_t copy(struct bus *bus, const struct vq_elem *e, unsigned first, unsigned count, uint64_t offset,
                   void *buf, size_t len, bool to_guest)
{
    uint8_t *p = buf;
    size_t done = 0;
    for (unsigned k = first; k < first + count && done < len; k++) {
        const struct vq_seg *s = &e->seg[k];
        if (offset >= s->len) {
            offset -= s->len;
            continue;
        }
        size_t n = s->len - offset < len - done ? (size_t)(s->len - offset) : len - done;
        /* Segments were checked at pop time and RAM does not move, so these cannot fail. */
        bool ok = to_guest ? bus_copy_to(bus, s->addr + offset, p + done, n) : bus_copy_from(bus, s->addr + offset, p + done, n);
        if (!ok)
            break;
        done += n;
        offset = 0;
    }
    return done;
}

size_t vq_read(struct bus *bus, const struct vq_elem *e, uint64_t offset, void *buf, size_t len)
{
    return copy(bus, e, 0, e->n_out, offset, buf, len, false);
}

size_t vq_write(struct bus *bus, const struct vq_elem *e, uint64_t offset, const void *buf, size_t len)
{
    return copy(bus, e, e->n_out, e->n_in, offset, (void *)buf, len, true);
}

bool vq_push(struct bus *bus, struct virtq *vq, uint16_t head, uint32_t written)
{
    uint64_t slot = vq->used + 4 + USED_ELEM_SIZE * (uint64_t)(vq->used_idx % vq->num);
    if (!wr(bus, slot, 4, head) || !wr(bus, slot + 4, 4, written))
        return false;
    vq->used_idx++;
    return wr(bus, vq->used + 2, 2, vq->used_idx);
}

bool vq_should_notify(struct bus *bus, struct virtq *vq)
{
    uint64_t v;
    if (vq->event_idx) {
        /* vring_need_event: notify if used_event lies in [old, new) (mod 2^16). */
        uint16_t old = vq->signalled_used, now = vq->used_idx;
        vq->signalled_used = now;
        if (!rd(bus, vq->avail + 4 + 2u * vq->num, 2, &v))
            return true;
        return (uint16_t)(now - (uint16_t)v - 1) < (uint16_t)(now - old);
    }
    if (!rd(bus, vq->avail, 2, &v))
        return true;
    return !(v & VIRTQ_AVAIL_F_NO_INTERRUPT);
}
