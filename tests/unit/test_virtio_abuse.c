/* Guest abuse of the virtio-mmio transport and its virtqueues (issue 7 item 5): every malformed
 * queue ends with the device in NEEDS_RESET, one LOG_GUEST line and a configuration-change
 * interrupt, the host untouched (other devices' registers, flash, the image file), and a reset
 * brings the device back. Run under ASan/UBSan in CI. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "virtio_driver.h"
#include "devices/virtio/virtio_blk.h"
#include "util/log.h"

#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define F_INDIRECT (1ull << VIRTIO_F_INDIRECT_DESC)
#define LIVE (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

struct fix {
    struct fake_drv d;
    char path[64];
    int fd;
    FILE *log;
};

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/a64emu-vabuse-XXXXXX");
    f->fd = mkstemp(f->path);
    assert_true(f->fd >= 0);
    uint8_t sec[512];
    memset(sec, 0x5a, sizeof sec);
    for (unsigned s = 0; s < 16; s++)
        assert_int_equal(pwrite(f->fd, sec, sizeof sec, (off_t)s * 512), 512);
    drv_bus(&f->d);
    struct virtio_mmio_params p = drv_params(&f->d, false);
    struct virtio_blk_opts o = { f->path, false, NULL };
    char err[256];
    f->d.t = virtio_blk_create(&p, &o, err, sizeof err);
    assert_non_null(f->d.t);
    f->log = tmpfile();
    log_set_stream(f->log);
    log_mask |= LOG_GUEST;
    assert_int_equal(drv_init(&f->d, F_V1 | F_INDIRECT, 1), LIVE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    log_set_stream(NULL);
    fclose(f->log);
    drv_free(&f->d);
    close(f->fd);
    unlink(f->path);
    free(f);
    return 0;
}

static unsigned log_lines(struct fix *f)
{
    fflush(f->log);
    rewind(f->log);
    unsigned n = 0;
    for (int c; (c = fgetc(f->log)) != EOF;)
        n += c == '\n';
    fseek(f->log, 0, SEEK_END);
    return n;
}

/* The common ending: NEEDS_RESET, one log line, a config interrupt, nothing used, the image
 * untouched, no other device touched; then kicking again changes nothing (no second line) and
 * a reset plus a fresh initialisation gives a working device. */
static void expect_broken_then_recovers(struct fix *f)
{
    struct fake_drv *d = &f->d;
    assert_true(needs_reset(d));
    assert_int_equal(log_lines(f), 1);
    assert_true(rr(d, R_ISR) & VIRTIO_INT_CONFIG);
    assert_int_equal(d->irq_level, 1);
    assert_int_equal(other_mmio_reads, 0);
    uint8_t b;
    assert_int_equal(pread(f->fd, &b, 1, 0), 1);
    assert_int_equal(b, 0x5a);
    drv_kick(d, 0);
    assert_int_equal(log_lines(f), 1);
    /* recovery */
    memset(d->avail_idx, 0, sizeof d->avail_idx);
    memset(d->used_seen, 0, sizeof d->used_seen);
    d->next_desc[0] = 0;
    put(d, AVAIL(0) + 2, 2, 0);
    assert_int_equal(drv_init(d, F_V1, 1), LIVE);
    uint64_t hdr = drv_alloc(d, 16), buf = drv_alloc(d, 512), st = drv_alloc(d, 1);
    put(d, hdr, 4, 0);
    put(d, hdr + 8, 8, 0);
    struct seg c[3] = { { hdr, 16, false }, { buf, 512, true }, { st, 1, true } };
    drv_publish(d, 0, drv_chain(d, 0, c, 3));
    drv_kick(d, 0);
    uint32_t id, len;
    assert_true(drv_used(d, 0, &id, &len));
    assert_int_equal(get(d, st, 1), 0);
    assert_int_equal(get(d, buf, 1), 0x5a);
}

static void publish_kick(struct fix *f, uint16_t head)
{
    drv_publish(&f->d, 0, head);
    drv_kick(&f->d, 0);
}

static void test_descriptor_loop(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16);
    drv_desc(&f->d, DESC(0), 0, hdr, 16, VIRTQ_DESC_F_NEXT, 1);
    drv_desc(&f->d, DESC(0), 1, hdr, 16, VIRTQ_DESC_F_NEXT, 0); /* back to 0 */
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_self_loop(void **state)
{
    struct fix *f = *state;
    drv_desc(&f->d, DESC(0), 3, drv_alloc(&f->d, 16), 16, VIRTQ_DESC_F_NEXT, 3);
    publish_kick(f, 3);
    expect_broken_then_recovers(f);
}

static void test_indirect_loop(void **state)
{
    struct fix *f = *state;
    uint64_t table = drv_alloc(&f->d, 32), hdr = drv_alloc(&f->d, 16);
    drv_desc(&f->d, table, 0, hdr, 16, VIRTQ_DESC_F_NEXT, 1);
    drv_desc(&f->d, table, 1, hdr, 16, VIRTQ_DESC_F_NEXT, 0);
    drv_desc(&f->d, DESC(0), 0, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_nested_indirect(void **state)
{
    struct fix *f = *state;
    uint64_t t1 = drv_alloc(&f->d, 16), t2 = drv_alloc(&f->d, 16);
    drv_desc(&f->d, t2, 0, drv_alloc(&f->d, 16), 16, 0, 0);
    drv_desc(&f->d, t1, 0, t2, 16, VIRTQ_DESC_F_INDIRECT, 0);
    drv_desc(&f->d, DESC(0), 0, t1, 16, VIRTQ_DESC_F_INDIRECT, 0);
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_indirect_table_bad_length(void **state)
{
    struct fix *f = *state;
    drv_desc(&f->d, DESC(0), 0, drv_alloc(&f->d, 32), 24, VIRTQ_DESC_F_INDIRECT, 0); /* not a multiple of 16 */
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_head_index_out_of_range(void **state)
{
    struct fix *f = *state;
    publish_kick(f, QSIZE); /* the table has QSIZE entries */
    expect_broken_then_recovers(f);
}

static void test_next_index_out_of_range(void **state)
{
    struct fix *f = *state;
    drv_desc(&f->d, DESC(0), 0, drv_alloc(&f->d, 16), 16, VIRTQ_DESC_F_NEXT, 0xffff);
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_avail_index_jump(void **state)
{
    struct fix *f = *state;
    put(&f->d, AVAIL(0) + 2, 2, QSIZE + 1); /* more entries than the ring holds */
    drv_kick(&f->d, 0);
    expect_broken_then_recovers(f);
}

static void test_length_wraps_address_space(void **state)
{
    struct fix *f = *state;
    drv_desc(&f->d, DESC(0), 0, 0xfffffffffffff000ull, 0x2000, 0, 0);
    publish_kick(f, 0);
    expect_broken_then_recovers(f);
}

static void test_buffer_runs_past_ram(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16);
    put(&f->d, hdr, 4, 0);
    struct seg c[3] = { { hdr, 16, false }, { RAM_BASE + RAM_SIZE - 512, 0x100000, true }, { hdr, 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 3));
    expect_broken_then_recovers(f);
}

static void test_dma_into_device_registers(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16), st = drv_alloc(&f->d, 1);
    put(&f->d, hdr, 4, 0); /* a read: the device would write sector data there */
    struct seg c[3] = { { hdr, 16, false }, { OTHER_MMIO, 512, true }, { st, 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 3));
    expect_broken_then_recovers(f);
}

static void test_dma_into_own_registers(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16), st = drv_alloc(&f->d, 1);
    put(&f->d, hdr, 4, 0);
    struct seg c[3] = { { hdr, 16, false }, { MMIO_BASE, 512, true }, { st, 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 3));
    expect_broken_then_recovers(f);
}

static void test_dma_into_flash(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16), st = drv_alloc(&f->d, 1);
    put(&f->d, hdr, 4, 0);
    struct seg c[3] = { { hdr, 16, false }, { FLASH_BASE, 512, true }, { st, 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 3));
    expect_broken_then_recovers(f);
}

static void test_readable_after_writable(void **state)
{
    struct fix *f = *state;
    uint64_t hdr = drv_alloc(&f->d, 16), st = drv_alloc(&f->d, 1);
    struct seg c[3] = { { st, 1, true }, { hdr, 16, false }, { st, 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 3));
    expect_broken_then_recovers(f);
}

static void test_request_without_header(void **state)
{
    struct fix *f = *state;
    struct seg c[1] = { { drv_alloc(&f->d, 1), 1, true } };
    publish_kick(f, drv_chain(&f->d, 0, c, 1));
    expect_broken_then_recovers(f);
}

static void test_queue_size_not_power_of_two(void **state)
{
    struct fix *f = *state;
    wr(&f->d, R_STATUS, 0);
    wr(&f->d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    assert_int_equal(drv_queue(&f->d, 0, 12), 0);
    assert_true(needs_reset(&f->d));
    assert_int_equal(log_lines(f), 1);
    assert_int_equal(drv_queue(&f->d, 0, VQ_MAX_SIZE * 2), 0); /* above QueueNumMax */
    wr(&f->d, R_STATUS, 0);
    assert_false(needs_reset(&f->d));
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
}

static void test_rings_in_mmio(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    wr(d, R_STATUS, 0);
    wr(d, R_QUEUE_SEL, 0);
    wr(d, R_QUEUE_NUM, QSIZE);
    wr(d, R_DESC_LO, (uint32_t)OTHER_MMIO);
    wr(d, R_DRIVER_LO, (uint32_t)AVAIL(0));
    wr(d, R_DEVICE_LO, (uint32_t)USED(0));
    wr(d, R_QUEUE_READY, 1);
    assert_int_equal(rr(d, R_QUEUE_READY), 0);
    assert_true(needs_reset(d));
    assert_int_equal(other_mmio_reads, 0);
}

static void test_notify_unready_queue(void **state)
{
    struct fix *f = *state;
    drv_kick(&f->d, 3); /* blk has one queue */
    expect_broken_then_recovers(f);
}

static void test_notify_before_ready_after_reset(void **state)
{
    struct fix *f = *state;
    wr(&f->d, R_STATUS, 0);
    drv_kick(&f->d, 0);
    assert_true(needs_reset(&f->d));
    assert_int_equal(log_lines(f), 1);
}

static void test_odd_register_accesses(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    uint64_t v;
    /* narrow accesses to registers are refused quietly (logged), not obeyed */
    assert_int_equal(bus_write(d->bus, MMIO_BASE + R_STATUS, 1, 0), BUS_OK);
    assert_int_equal(rr(d, R_STATUS), LIVE);
    assert_int_equal(bus_read(d->bus, MMIO_BASE + R_MAGIC, 2, &v), BUS_OK);
    assert_int_equal(v, 0);
    /* legacy registers in the modern interface read 0, writes ignored */
    wr(d, R_QUEUE_PFN, 0x12345);
    assert_int_equal(rr(d, R_QUEUE_PFN), 0);
    /* config space past the device's config reads 0; writes ignored */
    assert_int_equal(rr(d, R_CONFIG + 0xfc), 0);
    wr(d, R_CONFIG, 0xffffffff);
    assert_int_equal(rr(d, R_CONFIG), 16);
    /* queue address writes while ready are ignored */
    wr(d, R_QUEUE_SEL, 0);
    wr(d, R_DESC_LO, (uint32_t)OTHER_MMIO);
    assert_false(needs_reset(d));
    assert_int_equal(log_lines(f), 5); /* one per odd access above */
}

/* The legacy interface has no NEEDS_RESET: a broken queue stops the device quietly (one log
 * line, no config interrupt, Status without bit 6) until the driver writes Status 0, as QEMU. */
static void test_legacy_broken_queue_stops_quietly(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    drv_free(d);
    drv_bus(d);
    struct virtio_mmio_params p = drv_params(d, true);
    struct virtio_blk_opts o = { f->path, false, NULL };
    char err[256];
    d->t = virtio_blk_create(&p, &o, err, sizeof err);
    assert_non_null(d->t);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, R_GUEST_PAGE_SIZE, 4096);
    wr(d, R_QUEUE_SEL, 0);
    wr(d, R_QUEUE_NUM, QSIZE);
    wr(d, R_QUEUE_PFN, (uint32_t)(DESC(0) >> 12));
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
    uint64_t avail = DESC(0) + 16 * QSIZE, used = DESC(0) + 0x1000;
    drv_desc(d, DESC(0), 0, drv_alloc(d, 16), 16, VIRTQ_DESC_F_NEXT, 0); /* self loop */
    put(d, avail + 4, 2, 0);
    put(d, avail + 2, 2, 1);
    drv_kick(d, 0);
    assert_int_equal(rr(d, R_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
    assert_true(virtio_status(d->t) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(rr(d, R_ISR), 0);
    assert_int_equal(log_lines(f), 1);
    assert_int_equal(get(d, used + 2, 2), 0);
    wr(d, R_STATUS, 0);
    assert_false(virtio_status(d->t) & VIRTIO_STATUS_NEEDS_RESET);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_descriptor_loop), T(test_self_loop), T(test_indirect_loop), T(test_nested_indirect),
        T(test_indirect_table_bad_length), T(test_head_index_out_of_range), T(test_next_index_out_of_range),
        T(test_avail_index_jump), T(test_length_wraps_address_space), T(test_buffer_runs_past_ram),
        T(test_dma_into_device_registers), T(test_dma_into_own_registers), T(test_dma_into_flash),
        T(test_readable_after_writable), T(test_request_without_header), T(test_queue_size_not_power_of_two),
        T(test_rings_in_mmio), T(test_notify_unready_queue), T(test_notify_before_ready_after_reset),
        T(test_odd_register_accesses), T(test_legacy_broken_queue_stops_quietly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
