/* virtio-net through the transport, driven by the fake driver of virtio_driver.h: config space,
 * transmit (header stripped, frame to the backend), receive (header + frame in the guest's
 * chain, queued until buffers come, bounded), and the request-level abuse a guest can try. */
#include <stdlib.h>

#include "virtio_driver.h"
#include "devices/virtio/virtio_net.h"

#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define F_NET (1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS)
#define LIVE (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)
#define HDR 12u
enum { RXQ = 0, TXQ = 1 };

struct sent {
    unsigned frames;
    size_t len;
    uint8_t last[2048];
};

static void capture(void *opaque, const uint8_t *frame, size_t len)
{
    struct sent *s = opaque;
    s->frames++;
    s->len = len;
    memcpy(s->last, frame, len < sizeof s->last ? len : sizeof s->last);
}

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

static struct virtio_net *net_up(struct fake_drv *d, struct sent *s, bool init)
{
    drv_bus(d);
    struct virtio_mmio_params p = drv_params(d, false);
    struct virtio_net *n = virtio_net_create(&p, mac, capture, s);
    assert_non_null(n);
    d->t = virtio_net_transport(n);
    if (init)
        assert_int_equal(drv_init(d, F_V1 | F_NET, 2), LIVE);
    return n;
}

static void test_config_space(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    net_up(&d, &s, false);
    assert_int_equal(rr(&d, R_DEVICE_ID), VIRTIO_ID_NET);
    assert_int_equal(device_features(&d) & F_NET, F_NET);
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(get(&d, MMIO_BASE + R_CONFIG + i, 1), mac[i]);
    assert_int_equal(get(&d, MMIO_BASE + R_CONFIG + 6, 2), VIRTIO_NET_S_LINK_UP);
    drv_free(&d);
}

/* Put a frame of `len` bytes (pattern from `seed`) behind a 12-byte header in guest memory and
 * transmit it as two descriptors. */
static void tx(struct fake_drv *d, uint32_t hdr_len, uint32_t len, uint8_t seed)
{
    uint64_t h = drv_alloc(d, hdr_len ? hdr_len : 1), f = drv_alloc(d, len ? len : 1);
    for (uint32_t i = 0; i < hdr_len; i++)
        put(d, h + i, 1, 0);
    for (uint32_t i = 0; i < len; i++)
        put(d, f + i, 1, (uint8_t)(seed + i));
    struct seg sg[2] = { { h, hdr_len, false }, { f, len, false } };
    drv_publish(d, TXQ, drv_chain(d, TXQ, sg, len ? 2 : 1));
    drv_kick(d, TXQ);
}

static void test_transmit_strips_header(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    tx(&d, HDR, 60, 7);
    assert_int_equal(s.frames, 1);
    assert_int_equal(s.len, 60);
    for (unsigned i = 0; i < 60; i++)
        assert_int_equal(s.last[i], (uint8_t)(7 + i));
    uint32_t id, len;
    assert_true(drv_used(&d, TXQ, &id, &len));
    assert_int_equal(len, 0);
    assert_false(needs_reset(&d));
    assert_int_equal(virtio_net_stats(n).tx_frames, 1);
    drv_free(&d);
}

/* One receive chain: a single device-writable buffer for the header and the frame. */
static uint64_t rx_buffer(struct fake_drv *d, uint32_t len)
{
    uint64_t b = drv_alloc(d, len);
    struct seg sg[1] = { { b, len, true } };
    drv_publish(d, RXQ, drv_chain(d, RXQ, sg, 1));
    drv_kick(d, RXQ);
    return b;
}

static void frame(uint8_t *f, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++)
        f[i] = (uint8_t)(seed * 3 + i);
}

static void test_receive_writes_header_and_frame(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    uint64_t b = rx_buffer(&d, 1526);
    for (unsigned i = 0; i < 1526; i++)
        put(&d, b + i, 1, 0xee); /* so the zero header is really written */
    uint8_t f[1514];
    frame(f, sizeof f, 5);
    assert_true(virtio_net_receive(n, f, sizeof f));
    uint32_t id, len;
    assert_true(drv_used(&d, RXQ, &id, &len));
    assert_int_equal(len, HDR + sizeof f);
    for (unsigned i = 0; i < HDR; i++) /* no flags, no GSO; num_buffers (bytes 10-11) = 1 */
        assert_int_equal(get(&d, b + i, 1), i == 10 ? 1 : 0);
    for (unsigned i = 0; i < sizeof f; i++)
        assert_int_equal(get(&d, b + HDR + i, 1), f[i]);
    assert_true(d.irq_edges > 0);
    assert_int_equal(virtio_net_stats(n).rx_frames, 1);
    drv_free(&d);
}

/* Frames that arrive before the guest has buffers wait, in order, and flow when buffers come. */
static void test_receive_waits_for_buffers(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    uint8_t f[100];
    for (uint8_t k = 0; k < 3; k++) {
        frame(f, sizeof f, k);
        assert_true(virtio_net_receive(n, f, sizeof f));
    }
    uint32_t id, len;
    assert_false(drv_used(&d, RXQ, &id, &len));
    for (uint8_t k = 0; k < 3; k++) {
        uint64_t b = rx_buffer(&d, 1526);
        assert_true(drv_used(&d, RXQ, &id, &len));
        assert_int_equal(len, HDR + sizeof f);
        assert_int_equal(get(&d, b + HDR, 1), (uint8_t)(k * 3));
    }
    drv_free(&d);
}

/* The backlog is bounded: a host-side flood cannot grow host memory. */
static void test_receive_backlog_is_bounded(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    uint8_t f[64] = { 0 };
    for (unsigned k = 0; k < VIRTIO_NET_RXQ_FRAMES; k++)
        assert_true(virtio_net_receive(n, f, sizeof f));
    assert_false(virtio_net_receive(n, f, sizeof f));
    assert_int_equal(virtio_net_stats(n).rx_dropped, 1);
    drv_free(&d);
}

static void test_receive_drops_before_driver_ok_and_oversized(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, false);
    static uint8_t f[VIRTIO_NET_MAX_FRAME + 1];
    assert_false(virtio_net_receive(n, f, 60)); /* no driver yet */
    assert_int_equal(drv_init(&d, F_V1 | F_NET, 2), LIVE);
    assert_false(virtio_net_receive(n, f, sizeof f));
    assert_true(virtio_net_receive(n, f, VIRTIO_NET_MAX_FRAME));
    assert_int_equal(virtio_net_stats(n).rx_dropped, 2);
    drv_free(&d);
}

/* Reset forgets queued frames: they were meant for buffers the reset took away. */
static void test_reset_clears_backlog(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    uint8_t f[64] = { 1 };
    assert_true(virtio_net_receive(n, f, sizeof f));
    assert_int_equal(drv_init(&d, F_V1 | F_NET, 2), LIVE); /* starts with Status 0: reset */
    uint32_t id, len;
    rx_buffer(&d, 1526);
    assert_false(drv_used(&d, RXQ, &id, &len));
    drv_free(&d);
}

/* Abuse: a receive chain too small for the frame (without mergeable buffers each chain must
 * hold one): NEEDS_RESET, nothing written past the chain, the host carries on. */
static void test_receive_chain_too_small(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    uint64_t b = rx_buffer(&d, 100);
    put(&d, b + 100, 1, 0x5a); /* the byte after the chain */
    uint8_t f[200] = { 0 };
    virtio_net_receive(n, f, sizeof f);
    assert_true(needs_reset(&d));
    assert_int_equal(get(&d, b + 100, 1), 0x5a);
    assert_false(virtio_net_receive(n, f, 10)); /* a broken device takes nothing more */
    assert_int_equal(drv_init(&d, F_V1 | F_NET, 2), LIVE); /* the guest resets it: usable again */
    rx_buffer(&d, 1526);
    assert_true(virtio_net_receive(n, f, sizeof f));
    uint32_t id, len;
    assert_true(drv_used(&d, RXQ, &id, &len));
    assert_int_equal(len, HDR + sizeof f);
    drv_free(&d);
}

/* Abuse: a transmit chain shorter than the header: NEEDS_RESET, nothing sent. */
static void test_transmit_without_header(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    net_up(&d, &s, true);
    tx(&d, 6, 0, 0);
    assert_true(needs_reset(&d));
    assert_int_equal(s.frames, 0);
    drv_free(&d);
}

/* Abuse: a transmit chain longer than any frame without TSO: dropped with a log line, the chain
 * returned, the queue still sound (the virtqueue walk itself bounds lengths to 2^32 - 1). */
static void test_transmit_oversized_dropped(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    struct virtio_net *n = net_up(&d, &s, true);
    tx(&d, HDR, VIRTIO_NET_MAX_TX, 0); /* header + MAX_TX bytes: one byte too many */
    assert_int_equal(s.frames, 0);
    assert_int_equal(virtio_net_stats(n).tx_dropped, 1);
    assert_false(needs_reset(&d));
    uint32_t id, len;
    assert_true(drv_used(&d, TXQ, &id, &len)); /* the chain is returned */
    tx(&d, HDR, 60, 1);                        /* and the queue works on */
    assert_int_equal(s.frames, 1);
    drv_free(&d);
}

/* Abuse: transmit data aimed at another device's registers: the queue refuses the DMA. */
static void test_transmit_from_device_registers(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    net_up(&d, &s, true);
    uint64_t h = drv_alloc(&d, HDR);
    struct seg sg[2] = { { h, HDR, false }, { OTHER_MMIO, 64, false } };
    drv_publish(&d, TXQ, drv_chain(&d, TXQ, sg, 2));
    drv_kick(&d, TXQ);
    assert_true(needs_reset(&d));
    assert_int_equal(s.frames, 0);
    assert_int_equal(other_mmio_reads, 0);
    drv_free(&d);
}

/* A legacy transport (no VIRTIO_F_VERSION_1): the header is 10 bytes. */
static void test_legacy_header_is_ten_bytes(void **state)
{
    (void)state;
    struct fake_drv d;
    struct sent s = { 0 };
    drv_bus(&d);
    struct virtio_mmio_params p = drv_params(&d, true);
    struct virtio_net *n = virtio_net_create(&p, mac, capture, &s);
    d.t = virtio_net_transport(n);
    /* Legacy set-up (section 4.2.4): page size, then QueueNum/Align/PFN per queue. */
    wr(&d, R_STATUS, 0);
    wr(&d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(&d, R_DRV_FEATURES_SEL, 0);
    wr(&d, R_DRV_FEATURES, (uint32_t)F_NET);
    wr(&d, R_GUEST_PAGE_SIZE, 4096);
    for (unsigned q = 0; q < 2; q++) {
        wr(&d, R_QUEUE_SEL, q);
        wr(&d, R_QUEUE_NUM, QSIZE);
        wr(&d, R_QUEUE_ALIGN, 4096);
        wr(&d, R_QUEUE_PFN, (uint32_t)((RAM_BASE + 0x40000 + q * 0x4000) >> 12));
    }
    wr(&d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
    /* Legacy ring layout for QSIZE 16: desc at base, avail at +256, used at the next 4 KiB. */
    uint64_t base = RAM_BASE + 0x44000, desc = base, avail = base + 16 * QSIZE, used = base + 4096;
    uint64_t h = drv_alloc(&d, 10), f = drv_alloc(&d, 60);
    for (unsigned i = 0; i < 60; i++)
        put(&d, f + i, 1, (uint8_t)(0x40 + i));
    drv_desc(&d, desc, 0, h, 10, VIRTQ_DESC_F_NEXT, 1);
    drv_desc(&d, desc, 1, f, 60, 0, 0);
    put(&d, avail + 4, 2, 0);
    put(&d, avail + 2, 2, 1);
    wr(&d, R_QUEUE_NOTIFY, TXQ);
    assert_int_equal(s.frames, 1);
    assert_int_equal(s.len, 60);
    assert_int_equal(s.last[0], 0x40);
    assert_int_equal(get(&d, used + 2, 2), 1);
    (void)n;
    drv_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_space),
        cmocka_unit_test(test_transmit_strips_header),
        cmocka_unit_test(test_receive_writes_header_and_frame),
        cmocka_unit_test(test_receive_waits_for_buffers),
        cmocka_unit_test(test_receive_backlog_is_bounded),
        cmocka_unit_test(test_receive_drops_before_driver_ok_and_oversized),
        cmocka_unit_test(test_reset_clears_backlog),
        cmocka_unit_test(test_receive_chain_too_small),
        cmocka_unit_test(test_transmit_without_header),
        cmocka_unit_test(test_transmit_oversized_dropped),
        cmocka_unit_test(test_transmit_from_device_registers),
        cmocka_unit_test(test_legacy_header_is_ten_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
