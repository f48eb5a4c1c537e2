/*
 * virtio_misc: bare-metal polling drivers for virtio-rng and virtio-console, run by
 * tests/scripts/test_virtio_roms.sh with `-device virtio-rng-device -device virtio-serial-device
 * -device virtconsole,chardev=c0 -chardev stdio|file,...`: the rng is the first device, so it has
 * the highest transport (0x0a003e00) and the console the one below (0x0a003c00), as on QEMU virt.
 * The ROM takes 64 random bytes twice (not all zero, not equal) and prints a line on hvc0, which
 * the script finds on stdout or in the chardev file.
 */
#include "rom.h"

#define RNG 0x0a003e00ul
#define CON 0x0a003c00ul
enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, DRV_FEATURES = 0x020, DRV_FEATURES_SEL = 0x024,
    QUEUE_SEL = 0x030, QUEUE_NUM = 0x038, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, STATUS = 0x070,
    DESC_LO = 0x080, DRIVER_LO = 0x090, DEVICE_LO = 0x0a0,
};
#define QN 4

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct ring {
    struct desc d[QN];
    volatile uint16_t avail[2 + QN + 1];
    volatile uint16_t used_hdr[2] __attribute__((aligned(4))); /* the used ring is 4-aligned */
    volatile uint32_t used[2 * QN];
} __attribute__((aligned(64)));

static struct ring rng_q, con_q[2];
static uint8_t a[64], b[64];
static const char msg[] = "hello from hvc0\n";

static uint32_t rd(uint64_t base, unsigned off) { return *(volatile uint32_t *)(base + off); }
static void wr(uint64_t base, unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }
static void mb(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static void init(uint64_t base, uint32_t id, struct ring *q, unsigned nq)
{
    CHECK_EQ(rd(base, MAGIC), 0x74726976);
    CHECK_EQ(rd(base, VERSION), 2);
    CHECK_EQ(rd(base, DEVICE_ID), id);
    wr(base, STATUS, 0);
    wr(base, STATUS, 3);
    wr(base, DRV_FEATURES_SEL, 1);
    wr(base, DRV_FEATURES, 1); /* VIRTIO_F_VERSION_1 only */
    wr(base, STATUS, 3 | 8);
    CHECK_EQ(rd(base, STATUS), 3 | 8);
    for (unsigned i = 0; i < nq; i++) {
        wr(base, QUEUE_SEL, i);
        wr(base, QUEUE_NUM, QN);
        wr(base, DESC_LO, (uint32_t)(uint64_t)q[i].d);
        wr(base, DRIVER_LO, (uint32_t)(uint64_t)q[i].avail);
        wr(base, DEVICE_LO, (uint32_t)(uint64_t)q[i].used_hdr);
        wr(base, QUEUE_READY, 1);
    }
    wr(base, STATUS, 3 | 8 | 4);
}

/* One buffer on queue qi (descriptor 0), made available and waited for; returns the used length. */
static uint32_t one(uint64_t base, struct ring *q, unsigned qi, const void *buf, uint32_t len, int writable)
{
    q->d[0] = (struct desc){ (uint64_t)buf, len, (uint16_t)(writable ? 2 : 0), 0 };
    uint16_t idx = q->avail[1];
    q->avail[2 + idx % QN] = 0;
    mb();
    q->avail[1] = (uint16_t)(idx + 1);
    mb();
    wr(base, QUEUE_NOTIFY, qi);
    for (unsigned spin = 0; q->used_hdr[1] != (uint16_t)(idx + 1); spin++)
        CHECK(spin < 200000000);
    mb();
    return q->used[2 * (idx % QN) + 1];
}

int main(void)
{
    init(RNG, 4, &rng_q, 1);
    CHECK_EQ(one(RNG, &rng_q, 0, a, sizeof a, 1), sizeof a);
    CHECK_EQ(one(RNG, &rng_q, 0, b, sizeof b, 1), sizeof b);
    unsigned zero = 0, same = 0;
    for (unsigned i = 0; i < sizeof a; i++) {
        zero += a[i] == 0;
        same += a[i] == b[i];
    }
    CHECK(zero < 16);
    CHECK(same < 16);

    init(CON, 3, con_q, 2);
    CHECK_EQ(one(CON, &con_q[1], 1, msg, sizeof msg - 1, 0), 0);
    puts_("virtio_misc: ok\n");
    return 0;
}
