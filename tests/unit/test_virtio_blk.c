/* virtio-blk through the virtio-mmio transport, driven by a fake driver (virtio_driver.h) on a
 * raw image in a temporary file: requests, feature negotiation, reset, read-only drives. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "virtio_driver.h"
#include "devices/virtio/virtio_blk.h"

#define IMG_SECTORS 64u
#define F_RO (1ull << 5)
#define F_FLUSH (1ull << 9)
#define F_DISCARD (1ull << 13)
#define F_WZ (1ull << 14)
#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define F_INDIRECT (1ull << VIRTIO_F_INDIRECT_DESC)
#define F_EVENT_IDX (1ull << VIRTIO_RING_F_EVENT_IDX)
#define LIVE (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

struct fix {
    struct fake_drv d;
    char path[64];
    int fd;
};

/* Sector s of the image is filled with the byte (s + 1). */
static struct fix *fix_new(bool readonly, bool legacy)
{
    struct fix *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/a64emu-vblk-XXXXXX");
    f->fd = mkstemp(f->path);
    assert_true(f->fd >= 0);
    uint8_t sec[512];
    for (unsigned s = 0; s < IMG_SECTORS; s++) {
        memset(sec, (int)(s + 1), sizeof sec);
        assert_int_equal(pwrite(f->fd, sec, sizeof sec, (off_t)s * 512), 512);
    }
    drv_bus(&f->d);
    struct virtio_mmio_params p = drv_params(&f->d, legacy);
    struct virtio_blk_opts o = { f->path, readonly, "a64emu-serial-0123456789" };
    char err[256];
    f->d.t = virtio_blk_create(&p, &o, err, sizeof err);
    assert_non_null(f->d.t);
    return f;
}

static void fix_free(struct fix *f)
{
    drv_free(&f->d);
    close(f->fd);
    unlink(f->path);
    free(f);
}

static int setup(void **state) { *state = fix_new(false, false); return 0; }
static int setup_ro(void **state) { *state = fix_new(true, false); return 0; }
static int teardown(void **state) { fix_free(*state); return 0; }

static uint8_t file_byte(struct fix *f, uint64_t off)
{
    uint8_t b = 0xee;
    assert_int_equal(pread(f->fd, &b, 1, (off_t)off), 1);
    return b;
}

/* A request: header (type, sector), `data` buffer of len bytes (device-writable for reads),
 * status byte. Returns the status, or -1 if nothing came back; *used_len the bytes written. */
static int blk_req(struct fix *f, uint32_t type, uint64_t sector, uint64_t data, uint32_t len, bool data_in,
                   uint32_t *used_len)
{
    struct fake_drv *d = &f->d;
    uint64_t hdr = drv_alloc(d, 16), st = drv_alloc(d, 1);
    put(d, hdr, 4, type);
    put(d, hdr + 4, 4, 0);
    put(d, hdr + 8, 8, sector);
    put(d, st, 1, 0xaa);
    struct seg s[3] = { { hdr, 16, false }, { data, len, data_in }, { st, 1, true } };
    unsigned n = 0;
    struct seg chain[3];
    chain[n++] = s[0];
    if (len)
        chain[n++] = s[1];
    chain[n++] = s[2];
    uint16_t head = drv_chain(d, 0, chain, n);
    drv_publish(d, 0, head);
    drv_kick(d, 0);
    uint32_t id, ul;
    if (!drv_used(d, 0, &id, &ul))
        return -1;
    assert_int_equal(id, head);
    if (used_len)
        *used_len = ul;
    return (int)get(d, st, 1);
}

static void test_identity_and_features(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    assert_int_equal(rr(d, R_MAGIC), 0x74726976);
    assert_int_equal(rr(d, R_VERSION), 2);
    assert_int_equal(rr(d, R_DEVICE_ID), VIRTIO_ID_BLOCK);
    uint64_t feat = device_features(d);
    assert_true(feat & F_V1);
    assert_true(feat & F_INDIRECT);
    assert_true(feat & F_EVENT_IDX);
    assert_true(feat & F_FLUSH);
    assert_true(feat & F_DISCARD);
    assert_false(feat & F_RO);
    wr(d, R_QUEUE_SEL, 0);
    assert_int_equal(rr(d, R_QUEUE_NUM_MAX), VQ_MAX_SIZE);
    wr(d, R_QUEUE_SEL, 1);
    assert_int_equal(rr(d, R_QUEUE_NUM_MAX), 0); /* one queue only */
    /* capacity (u64 at config 0), blk_size 512 at 20; 8-bit and 64-bit config reads work too */
    assert_int_equal(rr(d, R_CONFIG), IMG_SECTORS);
    assert_int_equal(rr(d, R_CONFIG + 4), 0);
    assert_int_equal(get(d, MMIO_BASE + R_CONFIG, 8), IMG_SECTORS);
    assert_int_equal(get(d, MMIO_BASE + R_CONFIG, 1), IMG_SECTORS);
    assert_int_equal(rr(d, R_CONFIG + 20), 512);
    assert_int_equal(rr(d, R_GENERATION), 0);
}

static void test_negotiation_accepts_subset(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1 | F_FLUSH, 1), LIVE);
}

static void test_negotiation_refuses_unoffered_feature(void **state)
{
    struct fix *f = *state;
    uint32_t st = drv_init(&f->d, F_V1 | (1ull << 40), 1);
    assert_false(st & VIRTIO_STATUS_FEATURES_OK);
}

static void test_negotiation_modern_needs_version_1(void **state)
{
    struct fix *f = *state;
    uint32_t st = drv_init(&f->d, F_FLUSH, 1);
    assert_false(st & VIRTIO_STATUS_FEATURES_OK);
}

static void test_read(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 1024);
    uint32_t ul = 0;
    assert_int_equal(blk_req(f, 0, 5, buf, 1024, true, &ul), 0);
    assert_int_equal(ul, 1025);
    assert_int_equal(get(&f->d, buf, 1), 6);
    assert_int_equal(get(&f->d, buf + 511, 1), 6);
    assert_int_equal(get(&f->d, buf + 512, 1), 7);
    assert_int_equal(get(&f->d, buf + 1023, 1), 7);
    assert_int_equal(f->d.irq_level, 1);
    assert_int_equal(rr(&f->d, R_ISR), VIRTIO_INT_USED);
    wr(&f->d, R_ACK, VIRTIO_INT_USED);
    assert_int_equal(f->d.irq_level, 0);
}

static void test_write_reaches_file(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1 | F_FLUSH, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 512);
    for (unsigned i = 0; i < 512; i++)
        put(&f->d, buf + i, 1, 0xc0 + (i & 7));
    assert_int_equal(blk_req(f, 1, 10, buf, 512, false, NULL), 0);
    assert_int_equal(file_byte(f, 10 * 512), 0xc0);
    assert_int_equal(file_byte(f, 10 * 512 + 511), 0xc7);
    assert_int_equal(file_byte(f, 11 * 512), 12); /* the next sector untouched */
    assert_int_equal(file_byte(f, 9 * 512 + 511), 10);
    assert_int_equal(blk_req(f, 4, 0, 0, 0, false, NULL), 0); /* flush */
}

static void test_out_of_range_is_ioerr(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 1024);
    assert_int_equal(blk_req(f, 0, IMG_SECTORS - 1, buf, 1024, true, NULL), 1); /* one sector past the end */
    assert_int_equal(blk_req(f, 1, UINT64_MAX, buf, 512, false, NULL), 1);       /* sector * 512 would wrap */
    assert_int_equal(blk_req(f, 0, 0, buf, 100, true, NULL), 1);                 /* not whole sectors */
    assert_int_equal(blk_req(f, 99, 0, buf, 512, true, NULL), 2);                /* unknown type: UNSUPP */
    assert_false(needs_reset(&f->d));
}

static void test_get_id(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 20);
    uint32_t ul;
    assert_int_equal(blk_req(f, 8, 0, buf, 20, true, &ul), 0);
    assert_int_equal(ul, 21);
    char id[21] = { 0 };
    for (unsigned i = 0; i < 20; i++)
        id[i] = (char)get(&f->d, buf + i, 1);
    assert_string_equal(id, "a64emu-serial-012345"); /* 20 bytes, no terminator */
}

static void range_req(struct fix *f, uint32_t type, uint64_t sector, uint32_t n, uint32_t flags, int want)
{
    uint64_t r = drv_alloc(&f->d, 16);
    put(&f->d, r, 8, sector);
    put(&f->d, r + 8, 4, n);
    put(&f->d, r + 12, 4, flags);
    assert_int_equal(blk_req(f, type, 0, r, 16, false, NULL), want);
}

static void test_discard_and_write_zeroes(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1 | F_DISCARD | F_WZ, 1), LIVE);
    range_req(f, 13, 3, 2, 0, 0); /* write zeroes, sectors 3-4 */
    assert_int_equal(file_byte(f, 3 * 512), 0);
    assert_int_equal(file_byte(f, 5 * 512 - 1), 0);
    assert_int_equal(file_byte(f, 5 * 512), 6);
    assert_int_equal(file_byte(f, 3 * 512 - 1), 3);
    range_req(f, 13, 20, 8, 1, 0); /* with UNMAP: punch a hole (8 sectors = one 4K block) */
    assert_int_equal(file_byte(f, 20 * 512), 0);
    assert_int_equal(file_byte(f, 28 * 512 - 1), 0);
    range_req(f, 11, 40, 8, 0, 0); /* discard: allowed; the data may go */
    range_req(f, 11, 40, 8, 1, 2); /* discard takes no flags */
    range_req(f, 13, IMG_SECTORS - 1, 2, 0, 1); /* past the end */
    off_t size = lseek(f->fd, 0, SEEK_END);
    assert_int_equal(size, IMG_SECTORS * 512); /* never grows the image */
}

static void test_readonly_refuses_writes(void **state)
{
    struct fix *f = *state;
    assert_true(device_features(&f->d) & F_RO);
    assert_int_equal(drv_init(&f->d, F_V1 | F_RO, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 512);
    assert_int_equal(blk_req(f, 1, 0, buf, 512, false, NULL), 1); /* IOERR */
    assert_int_equal(file_byte(f, 0), 1);
    range_req(f, 13, 0, 1, 0, 1);
    assert_int_equal(file_byte(f, 0), 1);
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0); /* reads still work */
    assert_int_equal(get(&f->d, buf, 1), 1);
    assert_false(needs_reset(&f->d));
}

static void test_reset_clears_device(void **state)
{
    struct fix *f = *state;
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
    uint64_t buf = drv_alloc(&f->d, 512);
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0);
    assert_int_equal(f->d.irq_level, 1);
    wr(&f->d, R_STATUS, 0);
    assert_int_equal(rr(&f->d, R_STATUS), 0);
    assert_int_equal(rr(&f->d, R_ISR), 0);
    assert_int_equal(f->d.irq_level, 0);
    wr(&f->d, R_QUEUE_SEL, 0);
    assert_int_equal(rr(&f->d, R_QUEUE_READY), 0);
    /* and it works again from scratch: indexes restart at 0 */
    assert_int_equal(drv_init(&f->d, F_V1, 1), LIVE);
    assert_int_equal(blk_req(f, 0, 2, buf, 512, true, NULL), 0);
    assert_int_equal(get(&f->d, buf, 1), 3);
}

static void test_indirect_descriptors(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    assert_int_equal(drv_init(d, F_V1 | F_INDIRECT, 1), LIVE);
    uint64_t table = drv_alloc(d, 64), hdr = drv_alloc(d, 16), a = drv_alloc(d, 512), b = drv_alloc(d, 512),
             st = drv_alloc(d, 1);
    put(d, hdr, 4, 0);
    put(d, hdr + 8, 8, 7);
    drv_desc(d, table, 0, hdr, 16, VIRTQ_DESC_F_NEXT, 1);
    drv_desc(d, table, 1, a, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    drv_desc(d, table, 2, b, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
    drv_desc(d, table, 3, st, 1, VIRTQ_DESC_F_WRITE, 0);
    drv_desc(d, DESC(0), 0, table, 64, VIRTQ_DESC_F_INDIRECT, 0);
    drv_publish(d, 0, 0);
    drv_kick(d, 0);
    uint32_t id, len;
    assert_true(drv_used(d, 0, &id, &len));
    assert_int_equal(len, 1025);
    assert_int_equal(get(d, st, 1), 0);
    assert_int_equal(get(d, a, 1), 8);
    assert_int_equal(get(d, b, 1), 9);
}

static void test_indirect_without_feature_needs_reset(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    assert_int_equal(drv_init(d, F_V1, 1), LIVE);
    uint64_t table = drv_alloc(d, 16);
    drv_desc(d, table, 0, drv_alloc(d, 16), 16, 0, 0);
    drv_desc(d, DESC(0), 0, table, 16, VIRTQ_DESC_F_INDIRECT, 0);
    drv_publish(d, 0, 0);
    drv_kick(d, 0);
    assert_true(needs_reset(d));
}

/* event-idx: the device interrupts only when used->idx passes used_event (avail->ring[num]),
 * and publishes avail_event (used->ring[num]) = its next avail index. */
static void test_event_idx(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    assert_int_equal(drv_init(d, F_V1 | F_EVENT_IDX, 1), LIVE);
    uint64_t buf = drv_alloc(d, 512);
    put(d, AVAIL(0) + 4 + 2 * QSIZE, 2, 1); /* used_event = 1: interrupt when the 2nd completes */
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0);
    assert_int_equal(d->irq_level, 0);
    assert_int_equal(get(d, USED(0) + 4 + 8 * QSIZE, 2), 1); /* avail_event */
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0);
    assert_int_equal(d->irq_level, 1);
    wr(d, R_ACK, 1);
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0); /* used_event 1 is behind now */
    assert_int_equal(d->irq_level, 0);
}

static void test_no_interrupt_flag(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    assert_int_equal(drv_init(d, F_V1, 1), LIVE);
    put(d, AVAIL(0), 2, VIRTQ_AVAIL_F_NO_INTERRUPT);
    uint64_t buf = drv_alloc(d, 512);
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0);
    assert_int_equal(d->irq_level, 0);
    put(d, AVAIL(0), 2, 0);
    assert_int_equal(blk_req(f, 0, 0, buf, 512, true, NULL), 0);
    assert_int_equal(d->irq_level, 1);
}

static void test_kick_before_driver_ok_waits(void **state)
{
    struct fix *f = *state;
    struct fake_drv *d = &f->d;
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, R_DRV_FEATURES_SEL, 1);
    wr(d, R_DRV_FEATURES, 1);
    wr(d, R_STATUS, st);
    assert_int_equal(drv_queue(d, 0, QSIZE), 1);
    uint64_t hdr = drv_alloc(d, 16), buf = drv_alloc(d, 512), s = drv_alloc(d, 1);
    put(d, hdr, 4, 0);
    put(d, hdr + 8, 8, 1);
    struct seg c[3] = { { hdr, 16, false }, { buf, 512, true }, { s, 1, true } };
    drv_publish(d, 0, drv_chain(d, 0, c, 3));
    drv_kick(d, 0);
    uint32_t id, len;
    assert_false(drv_used(d, 0, &id, &len)); /* section 3.1.1: no buffers used before DRIVER_OK */
    wr(d, R_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    assert_true(drv_used(d, 0, &id, &len));
    assert_int_equal(get(d, buf, 1), 2);
}

static void test_legacy_interface(void **state)
{
    (void)state;
    struct fix *f = fix_new(false, true);
    struct fake_drv *d = &f->d;
    assert_int_equal(rr(d, R_VERSION), 1);
    assert_false(device_features(d) & F_V1); /* 32 feature bits, no VERSION_1 */
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(d, R_GUEST_PAGE_SIZE, 4096);
    wr(d, R_QUEUE_SEL, 0);
    wr(d, R_QUEUE_NUM, QSIZE);
    wr(d, R_QUEUE_ALIGN, 4096);
    wr(d, R_QUEUE_PFN, (uint32_t)(DESC(0) >> 12));
    assert_int_equal(rr(d, R_QUEUE_PFN), DESC(0) >> 12);
    wr(d, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
    /* legacy layout: avail right after the 16 descriptors, used at the next 4 KiB boundary */
    uint64_t avail = DESC(0) + 16 * QSIZE, used = DESC(0) + 0x1000;
    uint64_t hdr = drv_alloc(d, 16), buf = drv_alloc(d, 512), st = drv_alloc(d, 1);
    put(d, hdr, 4, 0);
    put(d, hdr + 8, 8, 4);
    drv_desc(d, DESC(0), 0, hdr, 16, VIRTQ_DESC_F_NEXT, 1);
    drv_desc(d, DESC(0), 1, buf, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    drv_desc(d, DESC(0), 2, st, 1, VIRTQ_DESC_F_WRITE, 0);
    put(d, avail + 4, 2, 0);
    put(d, avail + 2, 2, 1);
    drv_kick(d, 0);
    assert_int_equal(get(d, used + 2, 2), 1);
    assert_int_equal(get(d, used + 8, 4), 513);
    assert_int_equal(get(d, st, 1), 0);
    assert_int_equal(get(d, buf, 1), 5);
    wr(d, R_QUEUE_PFN, 0); /* releases the queue */
    assert_int_equal(rr(d, R_QUEUE_PFN), 0);
    fix_free(f);
}

static void test_empty_slots_follow_the_interface(void **state)
{
    (void)state;
    struct bus *bus = bus_create();
    assert_int_equal(virtio_mmio_add_empty(bus, 0x0a000000, 2, 0x200, false), A64_OK);
    uint64_t v;
    assert_int_equal(bus_read(bus, 0x0a000204, 4, &v), BUS_OK);
    assert_int_equal(v, 2);
    assert_int_equal(bus_read(bus, 0x0a000208, 4, &v), BUS_OK);
    assert_int_equal(v, 0);
    bus_destroy(bus);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identity_and_features),
        T(test_negotiation_accepts_subset),
        T(test_negotiation_refuses_unoffered_feature),
        T(test_negotiation_modern_needs_version_1),
        T(test_read),
        T(test_write_reaches_file),
        T(test_out_of_range_is_ioerr),
        T(test_get_id),
        T(test_discard_and_write_zeroes),
        cmocka_unit_test_setup_teardown(test_readonly_refuses_writes, setup_ro, teardown),
        T(test_reset_clears_device),
        T(test_indirect_descriptors),
        T(test_indirect_without_feature_needs_reset),
        T(test_event_idx),
        T(test_no_interrupt_flag),
        T(test_kick_before_driver_ok_waits),
        cmocka_unit_test(test_legacy_interface),
        cmocka_unit_test(test_empty_slots_follow_the_interface),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
