/*
 * Split virtqueues (virtio 1.2 section 2.7) as the device side sees them: pop a descriptor chain
 * the driver made available, copy bytes out of and into its buffers, push it to the used ring
 * and decide whether the driver wants an interrupt (event-idx or VIRTQ_AVAIL_F_NO_INTERRUPT).
 *
 * Everything here reads guest memory that the guest may have filled with anything. Every index,
 * length and address is checked before use: a chain is at most `num` descriptors (plus one
 * indirect table of at most VQ_MAX_SEGS), so a loop ends the walk; each buffer must lie wholly in
 * writable RAM (never MMIO, never flash) without wrapping. A queue that breaks a rule returns
 * VQ_BROKEN and the transport puts the device in NEEDS_RESET. Nothing allocates.
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTQUEUE_H
#define A64EMU_DEVICES_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/bus.h"

#define VQ_MAX_SIZE 1024u  /* QueueNumMax: the largest ring the devices offer (QEMU's blk: 256) */
#define VQ_MAX_SEGS 1024u  /* buffers in one chain, direct and indirect together */

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u

struct virtq {
    uint16_t num;           /* QueueNum: a power of two, 1..VQ_MAX_SIZE */
    bool ready;             /* QueueReady (modern) or QueuePFN != 0 (legacy) */
    uint64_t desc, avail, used; /* guest physical addresses of the three areas */
    uint16_t last_avail;    /* next avail ring entry the device will take */
    uint16_t used_idx;      /* the device's copy of used->idx */
    uint16_t signalled_used; /* used_idx at the last interrupt (event-idx) */
    bool event_idx, indirect; /* negotiated VIRTIO_RING_F_EVENT_IDX, VIRTIO_F_INDIRECT_DESC */
};

struct vq_seg {
    uint64_t addr;
    uint32_t len;
};

/* One popped chain: readable (out) buffers first, then writable (in) buffers. */
struct vq_elem {
    uint16_t head;
    unsigned n_out, n_in;
    uint64_t out_len, in_len;  /* total bytes of each kind (at most 2^32 - 1 each) */
    struct vq_seg seg[VQ_MAX_SEGS]; /* out segments, then in segments */
};

enum vq_result { VQ_EMPTY, VQ_GOT, VQ_BROKEN };

/* Is [pa, pa + len) wholly guest RAM (writable host memory, not flash, not MMIO)? */
bool vq_dma_ok(struct bus *bus, uint64_t pa, uint64_t len);

/* Reset to the state after device reset (not ready, addresses 0). */
void vq_reset(struct virtq *vq);
/* Do the three areas of a ready queue lie in RAM? Checked when the driver enables it. */
bool vq_areas_ok(struct bus *bus, const struct virtq *vq);

/* Take the next available chain. On VQ_BROKEN, *why says which rule was broken. */
enum vq_result vq_pop(struct bus *bus, struct virtq *vq, struct vq_elem *e, const char **why);
/* Copy from the readable bytes of e starting at offset; returns the bytes copied. */
size_t vq_read(struct bus *bus, const struct vq_elem *e, uint64_t offset, void *buf, size_t len);
/* Copy into the writable bytes of e starting at offset; returns the bytes copied. */
size_t vq_write(struct bus *bus, const struct vq_elem *e, uint64_t offset, const void *buf, size_t len);
/* Return the chain with `written` bytes to the used ring. False if the ring is not RAM. */
bool vq_push(struct bus *bus, struct virtq *vq, uint16_t head, uint32_t written);
/* After pushes: does the driver want an interrupt now (virtio 1.2 section 2.7.10)? */
bool vq_should_notify(struct bus *bus, struct virtq *vq);

#endif
