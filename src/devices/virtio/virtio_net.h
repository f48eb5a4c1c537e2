/*
 * virtio-net (virtio 1.2 section 5.1): one receive queue (0) and one transmit queue (1), a MAC
 * address (VIRTIO_NET_F_MAC) and a link status (VIRTIO_NET_F_STATUS, always up). No offloads
 * (no CSUM/TSO: the guest checksums and segments itself), no mergeable receive buffers, no
 * control queue: every receive chain must hold a whole frame and its header.
 *
 * Frames from the guest go to the backend's send callback (net_slirp.c on the virt board).
 * Frames for the guest enter through virtio_net_receive() and nowhere else, so a recorded
 * packet can be injected there in deterministic replay. They wait in a bounded queue
 * (VIRTIO_NET_RXQ_FRAMES) until the guest offers receive buffers; beyond that they are dropped,
 * as a real NIC drops when its ring is full (TCP retransmits).
 */
#ifndef A64EMU_DEVICES_VIRTIO_VIRTIO_NET_H
#define A64EMU_DEVICES_VIRTIO_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/virtio/virtio_mmio.h"

#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1u

#define VIRTIO_NET_MAX_FRAME 1522u   /* Ethernet with one VLAN tag, no FCS: 1500-byte MTU */
#define VIRTIO_NET_MAX_TX 65550u     /* largest transmit chain taken (header + frame) */
#define VIRTIO_NET_RXQ_FRAMES 64u    /* frames held for the guest while it has no buffers */

typedef void (*virtio_net_send_fn)(void *opaque, const uint8_t *frame, size_t len);

struct virtio_net;

struct virtio_net_stats {
    uint64_t tx_frames, rx_frames, rx_dropped, tx_dropped;
};

struct virtio_net *virtio_net_create(const struct virtio_mmio_params *p, const uint8_t mac[6], virtio_net_send_fn send,
                                     void *opaque);
struct virtio_mmio *virtio_net_transport(struct virtio_net *n);
/* A frame for the guest (copied). False if it was dropped: too long, or the queue is full. */
bool virtio_net_receive(struct virtio_net *n, const uint8_t *frame, size_t len);
struct virtio_net_stats virtio_net_stats(const struct virtio_net *n);

#endif
