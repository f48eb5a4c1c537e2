/*
 * virtio_blk: a bare-metal virtio-blk driver, polling (no interrupt controller yet), run by
 * tests/scripts/test_virtio_roms.sh on a disk image the script makes. It finds the disk in
 * the highest virtio-mmio slot (the first -device, as QEMU virt), speaks the modern (Version 2)
 * or legacy (Version 1) interface, and:
 *   - checks the image's sector 0 (the script's pattern) and the capacity,
 *   - writes sectors 1 and 7, flushes, reads sector 1 back, asks for the serial (get-id),
 *   - on a read-only drive (VIRTIO_BLK_F_RO) checks that writes come back IOERR instead,
 *   - abuses the queue (a descriptor loop; DMA aimed at the UART's registers) and checks each
 *     ends in NEEDS_RESET, then resets the device and reads again: the device recovers.
 * The script then checks the host file.
 */
#include "rom.h"

#define SLOT 0x0a003e00ul
enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, DEV_FEATURES = 0x010, DEV_FEATURES_SEL = 0x014,
    DRV_FEATURES = 0x020, DRV_FEATURES_SEL = 0x024, GUEST_PAGE_SIZE = 0x028, QUEUE_SEL = 0x030,
    QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c, QUEUE_PFN = 0x040, QUEUE_READY = 0x044,
    QUEUE_NOTIFY = 0x050, STATUS = 0x070, DESC_LO = 0x080, DESC_HI = 0x084, DRIVER_LO = 0x090,
    DRIVER_HI = 0x094, DEVICE_LO = 0x0a0, DEVICE_HI = 0x0a4, CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_NEEDS_RESET = 64 };
enum { F_RO = 5, F_FLUSH = 9 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
#define QN 8
#define D_NEXT 1
#define D_WRITE 2

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct req_hdr { uint32_t type, reserved; uint64_t sector; };

/* One 8 KiB area: the legacy layout (descriptors, avail, used at +4 KiB) also serves modern. */
static struct {
    struct desc d[QN];                       /* 128 bytes */
    volatile uint16_t avail[2 + QN + 1];     /* flags, idx, ring, used_event */
    uint8_t pad[4096 - 128 - 2 * (3 + QN)];
    volatile uint16_t used_hdr[2];           /* flags, idx */
    volatile uint32_t used[2 * QN];          /* id, len pairs */
} __attribute__((aligned(4096))) q;

static struct req_hdr hdr;
static uint8_t buf[512] __attribute__((aligned(16)));
static volatile uint8_t st;
static uint16_t avail_idx, used_seen;
static int legacy;

static uint32_t rd(unsigned off) { return *(volatile uint32_t *)(SLOT + off); }
static void wr(unsigned off, uint32_t v) { *(volatile uint32_t *)(SLOT + off) = v; }
static void mb(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static void init(uint32_t want)
{
    wr(STATUS, 0);
    CHECK_EQ(rd(STATUS), 0);
    wr(STATUS, S_ACK);
    wr(STATUS, S_ACK | S_DRIVER);
    wr(DEV_FEATURES_SEL, 0);
    uint32_t f0 = rd(DEV_FEATURES);
    CHECK((f0 & want) == want);
    wr(DRV_FEATURES_SEL, 0);
    wr(DRV_FEATURES, want);
    uint32_t s = S_ACK | S_DRIVER;
    if (!legacy) {
        wr(DEV_FEATURES_SEL, 1);
        CHECK(rd(DEV_FEATURES) & 1); /* VIRTIO_F_VERSION_1 */
        wr(DRV_FEATURES_SEL, 1);
        wr(DRV_FEATURES, 1);
        s |= S_FEATURES_OK;
        wr(STATUS, s);
        CHECK_EQ(rd(STATUS), s);
    }
    for (unsigned i = 0; i < sizeof q; i++)
        ((volatile uint8_t *)&q)[i] = 0;
    avail_idx = used_seen = 0;
    wr(QUEUE_SEL, 0);
    CHECK(rd(QUEUE_NUM_MAX) >= QN);
    wr(QUEUE_NUM, QN);
    uint64_t base = (uint64_t)&q;
    if (legacy) {
        wr(GUEST_PAGE_SIZE, 4096);
        wr(QUEUE_ALIGN, 4096);
        wr(QUEUE_PFN, (uint32_t)(base >> 12));
    } else {
        wr(DESC_LO, (uint32_t)base);
        wr(DESC_HI, (uint32_t)(base >> 32));
        wr(DRIVER_LO, (uint32_t)(uint64_t)q.avail);
        wr(DRIVER_HI, 0);
        wr(DEVICE_LO, (uint32_t)(uint64_t)q.used_hdr);
        wr(DEVICE_HI, 0);
        wr(QUEUE_READY, 1);
        CHECK_EQ(rd(QUEUE_READY), 1);
    }
    wr(STATUS, s | S_DRIVER_OK);
    CHECK_EQ(rd(STATUS), s | S_DRIVER_OK);
}

/* Publish the chain at descriptor 0 and wait for it; returns the used length. */
static uint32_t submit(void)
{
    q.avail[2 + avail_idx % QN] = 0;
    mb();
    q.avail[1] = ++avail_idx;
    mb();
    wr(QUEUE_NOTIFY, 0);
    for (unsigned spin = 0; q.used_hdr[1] == used_seen; spin++)
        CHECK(spin < 200000000); /* a64emu completes at the notify; QEMU from its I/O thread */
    mb();
    uint32_t len = q.used[2 * (used_seen % QN) + 1];
    CHECK_EQ(q.used[2 * (used_seen % QN)], 0);
    used_seen++;
    return len;
}

static uint8_t request(uint32_t type, uint64_t sector, uint32_t len, int data_in)
{
    hdr.type = type;
    hdr.reserved = 0;
    hdr.sector = sector;
    st = 0xaa;
    q.d[0] = (struct desc){ (uint64_t)&hdr, sizeof hdr, D_NEXT, 1 };
    if (len) {
        q.d[1] = (struct desc){ (uint64_t)buf, len, (uint16_t)(D_NEXT | (data_in ? D_WRITE : 0)), 2 };
        q.d[2] = (struct desc){ (uint64_t)&st, 1, D_WRITE, 0 };
    } else {
        q.d[1] = (struct desc){ (uint64_t)&st, 1, D_WRITE, 0 };
    }
    uint32_t used = submit();
    CHECK_EQ(used, (data_in ? len : 0) + 1);
    return st;
}

static void fill(uint8_t seed)
{
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(seed + i * 7);
}

static void check_read_sector0(void)
{
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = 0;
    CHECK_EQ(request(T_IN, 0, 512, 1), 0);
    static const char want[] = "a64emu virtio-blk test image";
    for (unsigned i = 0; want[i]; i++)
        CHECK_EQ(buf[i], (uint8_t)want[i]);
    CHECK_EQ(buf[511], 0x55);
}

/* Put the chain at descriptor 0 without waiting: the device refuses it and needs a reset. */
static void expect_needs_reset(void)
{
    q.avail[2 + avail_idx % QN] = 0;
    mb();
    q.avail[1] = ++avail_idx;
    mb();
    wr(QUEUE_NOTIFY, 0);
    /* Legacy has no NEEDS_RESET bit: the device just stops until reset. QEMU may see the kick
     * a little later than the write (a64emu at once): poll, bounded. */
    for (unsigned spin = 0; !legacy && !(rd(STATUS) & S_NEEDS_RESET); spin++)
        CHECK(spin < 20000000);
    CHECK_EQ(q.used_hdr[1], used_seen); /* nothing used */
}

int main(void)
{
    CHECK_EQ(rd(MAGIC), 0x74726976);
    uint32_t version = rd(VERSION);
    CHECK(version == 1 || version == 2);
    legacy = version == 1;
    CHECK_EQ(rd(DEVICE_ID), 2);
    CHECK_EQ(rd(CONFIG), 128); /* capacity: 64 KiB image */
    CHECK_EQ(rd(CONFIG + 4), 0);
    wr(DEV_FEATURES_SEL, 0);
    int ro = (rd(DEV_FEATURES) >> F_RO) & 1;
    init(1u << F_FLUSH);
    check_read_sector0();

    fill(0x11);
    CHECK_EQ(request(T_OUT, 1, 512, 0), ro ? 1 : 0);   /* IOERR on a read-only drive */
    fill(0x77);
    CHECK_EQ(request(T_OUT, 7, 512, 0), ro ? 1 : 0);
    CHECK_EQ(request(T_OUT, 128, 512, 0), 1);          /* past the end: IOERR either way */
    CHECK_EQ(request(T_FLUSH, 0, 0, 0), 0);
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = 0;
    CHECK_EQ(request(T_IN, 1, 512, 1), 0);
    CHECK_EQ(buf[0], ro ? 0 : 0x11);
    CHECK_EQ(buf[3], ro ? 0 : (uint8_t)(0x11 + 21));
    for (unsigned i = 0; i < sizeof buf; i++) /* QEMU writes the string and its NUL only */
        buf[i] = 0;
    CHECK_EQ(request(T_GET_ID, 0, 20, 1), 0);
    /* The script gives serial=rom-serial or (short -drive form) none: then 20 zero bytes. */
    static const char serial[] = "rom-serial";
    const int named = buf[0] != 0;
    for (unsigned i = 0; i < 20; i++)
        CHECK_EQ(buf[i], named && i < sizeof serial ? (uint8_t)serial[i] : 0);
    puts_(named ? "serial: rom-serial\n" : "serial: none\n");

    /* Abuse 1: a descriptor loop (0 -> 1 -> 0). */
    q.d[0] = (struct desc){ (uint64_t)&hdr, sizeof hdr, D_NEXT, 1 };
    q.d[1] = (struct desc){ (uint64_t)buf, 512, D_NEXT, 0 };
    expect_needs_reset();
    init(1u << F_FLUSH);
    check_read_sector0();

#ifndef QEMU_DIFFERENTIAL
    /* Abuse 2: read data aimed at the UART's registers. a64emu refuses DMA outside RAM; QEMU 7.2
     * bounces it into the device (the sector lands in the UART), so the differential build of
     * tests/scripts/test_virtio_roms.sh leaves this case out. */
    hdr = (struct req_hdr){ T_IN, 0, 0 };
    q.d[0] = (struct desc){ (uint64_t)&hdr, sizeof hdr, D_NEXT, 1 };
    q.d[1] = (struct desc){ UART0_BASE, 512, D_NEXT | D_WRITE, 2 };
    q.d[2] = (struct desc){ (uint64_t)&st, 1, D_WRITE, 0 };
    expect_needs_reset();
    init(1u << F_FLUSH);
    check_read_sector0();
#endif

    puts_(legacy ? "virtio_blk: ok (legacy)\n" : "virtio_blk: ok\n");
    return 0;
}
