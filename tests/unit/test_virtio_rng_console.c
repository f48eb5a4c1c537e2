/* virtio-rng (host and deterministic) and virtio-console (one port) through the transport,
 * driven by the fake driver of virtio_driver.h. */
#include <stdlib.h>

#include "virtio_driver.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_rng.h"

#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define LIVE (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

/* Fill `len` bytes at buf through one rng request; returns the used length. */
static uint32_t rng_req(struct fake_drv *d, uint64_t buf, uint32_t len)
{
    struct seg s[1] = { { buf, len, true } };
    drv_publish(d, 0, drv_chain(d, 0, s, 1));
    drv_kick(d, 0);
    uint32_t id = 0, ul = 0;
    assert_true(drv_used(d, 0, &id, &ul));
    return ul;
}

static void rng_bytes(bool deterministic, uint64_t seed, uint8_t out[64])
{
    struct fake_drv d;
    drv_bus(&d);
    struct virtio_mmio_params p = drv_params(&d, false);
    d.t = virtio_rng_create(&p, deterministic, seed);
    assert_non_null(d.t);
    assert_int_equal(rr(&d, R_DEVICE_ID), VIRTIO_ID_RNG);
    assert_int_equal(drv_init(&d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&d, 64);
    assert_int_equal(rng_req(&d, buf, 64), 64);
    for (unsigned i = 0; i < 64; i++)
        out[i] = (uint8_t)get(&d, buf + i, 1);
    drv_free(&d);
}

static void test_rng_deterministic_is_repeatable(void **state)
{
    (void)state;
    uint8_t a[64], b[64], c[64];
    rng_bytes(true, 42, a);
    rng_bytes(true, 42, b);
    rng_bytes(true, 43, c);
    assert_memory_equal(a, b, 64);
    assert_memory_not_equal(a, c, 64);
}

static void test_rng_host_differs_each_time(void **state)
{
    (void)state;
    uint8_t a[64], b[64], zero[64] = { 0 };
    rng_bytes(false, 0, a);
    rng_bytes(false, 0, b);
    assert_memory_not_equal(a, b, 64); /* 2^-512 odds of a false failure */
    assert_memory_not_equal(a, zero, 64);
}

static void test_rng_large_buffer_is_capped(void **state)
{
    (void)state;
    struct fake_drv d;
    drv_bus(&d);
    struct virtio_mmio_params p = drv_params(&d, false);
    d.t = virtio_rng_create(&p, true, 1);
    assert_int_equal(drv_init(&d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&d, 0x10000);
    assert_int_equal(rng_req(&d, buf, 0x10000), VIRTIO_RNG_MAX_CHUNK);
    drv_free(&d);
}

struct out_log {
    char buf[256];
    size_t len;
};

static void capture(void *opaque, const void *data, size_t len)
{
    struct out_log *o = opaque;
    assert_true(o->len + len < sizeof o->buf);
    memcpy(o->buf + o->len, data, len);
    o->len += len;
}

static void test_console_output_and_input(void **state)
{
    (void)state;
    struct fake_drv d;
    struct out_log out = { { 0 }, 0 };
    drv_bus(&d);
    struct virtio_mmio_params p = drv_params(&d, false);
    struct virtio_console *c = virtio_console_create(&p, capture, &out);
    assert_non_null(c);
    d.t = virtio_console_transport(c);
    assert_int_equal(rr(&d, R_DEVICE_ID), VIRTIO_ID_CONSOLE);
    assert_int_equal(drv_init(&d, F_V1, 2), LIVE);

    /* output: two buffers in one chain on the transmit queue (1) */
    uint64_t a = drv_alloc(&d, 8), b = drv_alloc(&d, 8);
    const char *msg = "hvc0 says hi";
    for (unsigned i = 0; i < 6; i++)
        put(&d, a + i, 1, (uint8_t)msg[i]);
    for (unsigned i = 6; i < 12; i++)
        put(&d, b + i - 6, 1, (uint8_t)msg[i]);
    struct seg tx[2] = { { a, 6, false }, { b, 6, false } };
    drv_publish(&d, 1, drv_chain(&d, 1, tx, 2));
    drv_kick(&d, 1);
    assert_int_equal(out.len, 12);
    assert_memory_equal(out.buf, msg, 12);
    uint32_t id = 0, len = 0;
    assert_true(drv_used(&d, 1, &id, &len));
    assert_int_equal(len, 0);

    /* input before the guest offers a buffer is queued, then delivered */
    assert_int_equal(virtio_console_room(c), VIRTIO_CONSOLE_FIFO);
    virtio_console_input(c, (const uint8_t *)"xyz", 3);
    assert_int_equal(virtio_console_room(c), VIRTIO_CONSOLE_FIFO - 3);
    uint64_t rx = drv_alloc(&d, 2);
    struct seg r1[1] = { { rx, 2, true } };
    drv_publish(&d, 0, drv_chain(&d, 0, r1, 1));
    drv_kick(&d, 0);
    assert_true(drv_used(&d, 0, &id, &len));
    assert_int_equal(len, 2); /* the buffer holds two; the third waits */
    assert_int_equal(get(&d, rx, 1), 'x');
    assert_int_equal(get(&d, rx + 1, 1), 'y');
    uint64_t rx2 = drv_alloc(&d, 16);
    struct seg r2[1] = { { rx2, 16, true } };
    drv_publish(&d, 0, drv_chain(&d, 0, r2, 1));
    drv_kick(&d, 0);
    assert_true(drv_used(&d, 0, &id, &len));
    assert_int_equal(len, 1);
    assert_int_equal(get(&d, rx2, 1), 'z');
    assert_int_equal(virtio_console_room(c), VIRTIO_CONSOLE_FIFO);
    /* more input with no buffer offered: kept; a full FIFO drops the excess */
    uint8_t many[VIRTIO_CONSOLE_FIFO + 10];
    memset(many, 'q', sizeof many);
    virtio_console_input(c, many, sizeof many);
    assert_int_equal(virtio_console_room(c), 0);
    assert_false(drv_used(&d, 0, &id, &len));
    drv_free(&d);
}

static void test_console_tx_abuse_needs_reset(void **state)
{
    (void)state;
    struct fake_drv d;
    struct out_log out = { { 0 }, 0 };
    drv_bus(&d);
    struct virtio_mmio_params p = drv_params(&d, false);
    struct virtio_console *c = virtio_console_create(&p, capture, &out);
    d.t = virtio_console_transport(c);
    assert_int_equal(drv_init(&d, F_V1, 2), LIVE);
    struct seg tx[1] = { { OTHER_MMIO, 16, false } }; /* "print" another device's registers */
    drv_publish(&d, 1, drv_chain(&d, 1, tx, 1));
    drv_kick(&d, 1);
    assert_true(needs_reset(&d));
    assert_int_equal(out.len, 0);
    assert_int_equal(other_mmio_reads, 0);
    drv_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_deterministic_is_repeatable),
        cmocka_unit_test(test_rng_host_differs_each_time),
        cmocka_unit_test(test_rng_large_buffer_is_capped),
        cmocka_unit_test(test_console_output_and_input),
        cmocka_unit_test(test_console_tx_abuse_needs_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
