/* virtio-net, see virtio_net.h. */
#include "devices/virtio/virtio_net.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"

enum { RX = 0, TX = 1, CONFIG_SIZE = 8 /* mac[6], status (le16) */ };

/* struct virtio_net_hdr (section 5.1.6): 12 bytes with VIRTIO_F_VERSION_1 (num_buffers is always
 * there then), 10 on a legacy transport without VIRTIO_NET_F_MRG_RXBUF. All zero on receive: no
 * flags, no GSO, num_buffers 1. */
#define HDR_LEN_MODERN 12u
#define HDR_LEN_LEGACY 10u

struct rx_frame {
    uint16_t len;
    uint8_t data[VIRTIO_NET_MAX_FRAME];
};

struct virtio_net {
    struct virtio_mmio *t;
    virtio_net_send_fn send;
    void *opaque;
    uint8_t config[CONFIG_SIZE];
    struct virtio_net_stats stats;
    /* Frames waiting for receive buffers: a ring of VIRTIO_NET_RXQ_FRAMES. */
    struct rx_frame rxq[VIRTIO_NET_RXQ_FRAMES];
    unsigned rx_head, rx_count;
    /* Separate chains for the two directions: a transmitted frame may make the backend answer
     * at once (an ARP reply from slirp), which delivers while the transmit chain is held. */
    struct vq_elem rx_elem, tx_elem;
    uint8_t tx_buf[VIRTIO_NET_MAX_TX];
};

static uint32_t hdr_len(const struct virtio_net *n)
{
    return virtio_driver_features(n->t) >> VIRTIO_F_VERSION_1 & 1 ? HDR_LEN_MODERN : HDR_LEN_LEGACY;
}

/* Move queued frames into the guest's receive chains while both exist. */
static void deliver(struct virtio_net *n)
{
    if (!virtio_live(n->t) || !virtio_queue_ready(n->t, RX))
        return;
    const uint32_t hl = hdr_len(n);
    uint8_t hdr[HDR_LEN_MODERN] = { 0 };
    hdr[10] = 1; /* num_buffers = 1 (read only with VERSION_1 or MRG_RXBUF, ignored otherwise) */
    bool any = false;
    while (n->rx_count && virtio_pop(n->t, RX, &n->rx_elem)) {
        struct rx_frame *f = &n->rxq[n->rx_head];
        if (n->rx_elem.in_len < (uint64_t)hl + f->len) {
            /* Without mergeable buffers every chain must hold a full frame (section 5.1.6.3.1:
             * at least 1526 bytes for a 1514-byte frame); QEMU also stops the device here. The
             * chain is not returned: a broken device uses nothing until the driver resets it. */
            virtio_needs_reset(n->t, RX, "receive chain too small for a full frame");
            return;
        }
        vq_write(virtio_bus(n->t), &n->rx_elem, 0, hdr, hl);
        vq_write(virtio_bus(n->t), &n->rx_elem, hl, f->data, f->len);
        virtio_push(n->t, RX, &n->rx_elem, hl + f->len);
        n->rx_head = (n->rx_head + 1) % VIRTIO_NET_RXQ_FRAMES;
        n->rx_count--;
        n->stats.rx_frames++;
        any = true;
    }
    if (any)
        virtio_kick_done(n->t, RX);
}

bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len)
{
    /* A frame the guest cannot take now (driver not up, queue full) is dropped, as a NIC would:
     * holding more would let a host-side flood grow host memory. */
    if (len > VIRTIO_NET_MAX_FRAME || n->rx_count == VIRTIO_NET_RXQ_FRAMES || !virtio_live(n->t)) {
        n->stats.rx_dropped++;
        return false;
    }
    struct rx_frame *f = &n->rxq[(n->rx_head + n->rx_count) % VIRTIO_NET_RXQ_FRAMES];
    f->len = (uint16_t)len;
    memcpy(f->data, frame, len);
    n->rx_count++;
    deliver(n);
    return true;
}

static void transmit(struct virtio_net *n)
{
    const uint32_t hl = hdr_len(n);
    while (virtio_pop(n->t, TX, &n->tx_elem)) {
        const uint64_t total = n->tx_elem.out_len;
        if (total < hl) {
            virtio_needs_reset(n->t, TX, "transmit chain shorter than the virtio-net header");
            return;
        }
        if (total > VIRTIO_NET_MAX_TX) {
            /* Without HOST_TSO no frame is that large: drop it, the queue itself is sound. */
            log_msg(LOG_GUEST, "virtio-net: dropped a %llu-byte transmit chain (at most %u)",
                    (unsigned long long)total, VIRTIO_NET_MAX_TX);
            n->stats.tx_dropped++;
        } else {
            /* The header is all zero: no offloads were negotiated, so nothing in it applies. */
            size_t got = vq_read(virtio_bus(n->t), &n->tx_elem, hl, n->tx_buf, (size_t)(total - hl));
            n->stats.tx_frames++;
            if (n->send && got)
                n->send(n->opaque, n->tx_buf, got);
        }
        virtio_push(n->t, TX, &n->tx_elem, 0);
    }
    virtio_kick_done(n->t, TX);
}

static void net_notify(void *dev, struct virtio_mmio *t, unsigned queue)
{
    struct virtio_net *n = dev;
    (void)t;
    if (queue == RX)
        deliver(n); /* new receive buffers: frames may be waiting */
    else
        transmit(n);
}

static void net_reset(void *dev)
{
    struct virtio_net *n = dev;
    n->rx_head = n->rx_count = 0; /* a reset device has no buffers; stale frames would confuse */
}

static const struct virtio_dev_ops net_ops = {
    .name = "virtio-net", .device_id = VIRTIO_ID_NET, .num_queues = 2,
    .features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
    .notify = net_notify, .reset = net_reset, .destroy = free,
};

struct virtio_net *virtio_net_create(const struct virtio_mmio_params *p, const uint8_t mac[6], virtio_net_send_fn send,
                                     void *opaque)
{
    struct virtio_net *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->send = send;
    n->opaque = opaque;
    memcpy(n->config, mac, 6);
    n->config[6] = VIRTIO_NET_S_LINK_UP; /* status, little-endian */
    n->t = virtio_mmio_create(p, &net_ops, n, n->config, CONFIG_SIZE);
    if (!n->t) {
        free(n);
        return NULL;
    }
    return n;
}

struct virtio_mmio *virtio_net_transport(struct virtio_net *n) { return n->t; }
struct virtio_net_stats virtio_net_stats(const struct virtio_net *n) { return n->stats; }
