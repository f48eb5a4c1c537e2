/*
 * virtio_net: a bare-metal virtio-net driver, polling, run by tests/scripts/test_virtio_net_rom.sh
 * with `-nic user` (a slirp network behind the device). It finds the NIC in the highest
 * virtio-mmio slot, speaks the modern or legacy interface, and:
 *   - checks the MAC in config space and the link status,
 *   - sends an ARP request for 10.0.2.2 (slirp's host address) and waits for slirp's reply in a
 *     receive buffer: the whole path guest -> device -> slirp -> device -> guest,
 *   - abuses the transmit queue: a descriptor loop, an out-of-range next index, a length that
 *     runs past the end of the address space, a frame aimed at the UART's registers, a chain
 *     shorter than the virtio-net header. Each must end in NEEDS_RESET (modern) or a device
 *     that takes nothing more (legacy), with nothing sent; after each the ROM resets the device
 *     and the ARP exchange works again: the device recovers, the host process is healthy.
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
enum { F_MAC = 5, F_STATUS = 16 };
enum { RXQ = 0, TXQ = 1 };
#define QN 8
#define D_NEXT 1
#define D_WRITE 2

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };

/* Per queue one 8 KiB area in the legacy layout (which also serves the modern interface). */
struct vq {
    struct desc d[QN];
    volatile uint16_t avail[2 + QN + 1];
    uint8_t pad[4096 - 128 - 2 * (3 + QN)];
    volatile uint16_t used_hdr[2];
    volatile uint32_t used[2 * QN];
} __attribute__((aligned(4096)));
static struct vq q[2];
static uint16_t avail_idx[2], used_seen[2];
static int legacy;
static unsigned hdr_len;  /* 12 with VERSION_1, 10 on the legacy interface */

static uint8_t txbuf[64] __attribute__((aligned(16)));
static uint8_t rxbuf[1536] __attribute__((aligned(16)));
static uint8_t mac[6];

static uint32_t rd(unsigned off) { return *(volatile uint32_t *)(SLOT + off); }
static void wr(unsigned off, uint32_t v) { *(volatile uint32_t *)(SLOT + off) = v; }
static uint8_t rd8(unsigned off) { return *(volatile uint8_t *)(SLOT + off); }
static void mb(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static void init(void)
{
    const uint32_t want = 1u << F_MAC | 1u << F_STATUS;
    wr(STATUS, 0);
    CHECK_EQ(rd(STATUS), 0);
    wr(STATUS, S_ACK);
    wr(STATUS, S_ACK | S_DRIVER);
    wr(DEV_FEATURES_SEL, 0);
    CHECK((rd(DEV_FEATURES) & want) == want);
    wr(DRV_FEATURES_SEL, 0);
    wr(DRV_FEATURES, want);
    uint32_t s = S_ACK | S_DRIVER;
    if (!legacy) {
        wr(DEV_FEATURES_SEL, 1);
        CHECK(rd(DEV_FEATURES) & 1);
        wr(DRV_FEATURES_SEL, 1);
        wr(DRV_FEATURES, 1);
        s |= S_FEATURES_OK;
        wr(STATUS, s);
        CHECK_EQ(rd(STATUS), s);
    } else {
        wr(GUEST_PAGE_SIZE, 4096);
    }
    for (unsigned n = 0; n < 2; n++) {
        for (unsigned i = 0; i < sizeof q[n]; i++)
            ((volatile uint8_t *)&q[n])[i] = 0;
        avail_idx[n] = used_seen[n] = 0;
        wr(QUEUE_SEL, n);
        CHECK(rd(QUEUE_NUM_MAX) >= QN);
        wr(QUEUE_NUM, QN);
        uint64_t base = (uint64_t)&q[n];
        if (legacy) {
            wr(QUEUE_ALIGN, 4096);
            wr(QUEUE_PFN, (uint32_t)(base >> 12));
        } else {
            wr(DESC_LO, (uint32_t)base);
            wr(DESC_HI, (uint32_t)(base >> 32));
            wr(DRIVER_LO, (uint32_t)(uint64_t)q[n].avail);
            wr(DRIVER_HI, 0);
            wr(DEVICE_LO, (uint32_t)(uint64_t)q[n].used_hdr);
            wr(DEVICE_HI, 0);
            wr(QUEUE_READY, 1);
            CHECK_EQ(rd(QUEUE_READY), 1);
        }
    }
    wr(STATUS, s | S_DRIVER_OK);
    CHECK_EQ(rd(STATUS), s | S_DRIVER_OK);
}

static void publish(unsigned n, uint16_t head)
{
    q[n].avail[2 + avail_idx[n] % QN] = head;
    mb();
    q[n].avail[1] = ++avail_idx[n];
    mb();
    wr(QUEUE_NOTIFY, n);
}

/* Wait (bounded) for the next used element of queue n; returns its length. */
static uint32_t wait_used(unsigned n)
{
    for (unsigned spin = 0; q[n].used_hdr[1] == used_seen[n]; spin++)
        CHECK(spin < 200000000); /* a64emu answers at the notify; QEMU from its I/O thread */
    mb();
    uint32_t len = q[n].used[2 * (used_seen[n] % QN) + 1];
    used_seen[n]++;
    return len;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

/* ARP who-has 10.0.2.2 tell 10.0.2.15, then slirp's reply: is-at, for 10.0.2.2. */
static void arp_exchange(void)
{
    for (unsigned i = 0; i < sizeof rxbuf; i++)
        rxbuf[i] = 0;
    q[RXQ].d[0] = (struct desc){ (uint64_t)rxbuf, sizeof rxbuf, D_WRITE, 0 };
    publish(RXQ, 0);

    static uint8_t hdr[12];
    uint8_t *f = txbuf;
    for (unsigned i = 0; i < 6; i++) {
        f[i] = 0xff;
        f[6 + i] = mac[i];
        f[22 + i] = mac[i];
        f[32 + i] = 0;
    }
    put16(f + 12, 0x0806);
    put16(f + 14, 1);
    put16(f + 16, 0x0800);
    f[18] = 6;
    f[19] = 4;
    put16(f + 20, 1);
    f[28] = 10; f[29] = 0; f[30] = 2; f[31] = 15;
    f[38] = 10; f[39] = 0; f[40] = 2; f[41] = 2;
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, hdr_len, D_NEXT, 1 };
    q[TXQ].d[1] = (struct desc){ (uint64_t)txbuf, 42, 0, 0 };
    publish(TXQ, 0);
    CHECK_EQ(wait_used(TXQ), 0);

    uint32_t len = wait_used(RXQ);
    CHECK(len >= hdr_len + 42);
    const uint8_t *r = rxbuf + hdr_len;
    for (unsigned i = 0; i < 6; i++)
        CHECK_EQ(r[i], mac[i]);                  /* to us */
    CHECK_EQ(r[12], 0x08);
    CHECK_EQ(r[13], 0x06);                       /* ARP */
    CHECK_EQ(r[21], 2);                          /* reply */
    CHECK_EQ(r[28], 10);
    CHECK_EQ(r[31], 2);                          /* 10.0.2.2 is at ... */
}

/* Publish a transmit chain at descriptor 0 the device must refuse. */
static void expect_needs_reset(const char *what)
{
    publish(TXQ, 0);
    for (unsigned spin = 0; !legacy && !(rd(STATUS) & S_NEEDS_RESET); spin++)
        CHECK(spin < 20000000);
    CHECK_EQ(q[TXQ].used_hdr[1], used_seen[TXQ]); /* nothing used */
    puts_("abuse refused: ");
    puts_(what);
    puts_("\n");
    init();
    arp_exchange();
}

int main(void)
{
    CHECK_EQ(rd(MAGIC), 0x74726976);
    uint32_t version = rd(VERSION);
    CHECK(version == 1 || version == 2);
    legacy = version == 1;
    hdr_len = legacy ? 10 : 12;
    CHECK_EQ(rd(DEVICE_ID), 1);
    for (unsigned i = 0; i < 6; i++)
        mac[i] = rd8(CONFIG + i);
    /* -nic user's default MAC, as QEMU: 52:54:00:12:34:56 */
    CHECK_EQ(mac[0], 0x52);
    CHECK_EQ(mac[5], 0x56);
    CHECK_EQ(rd8(CONFIG + 6) & 1, 1); /* VIRTIO_NET_S_LINK_UP */
    init();
    arp_exchange();
    puts_("arp: 10.0.2.2 answered\n");

    static uint8_t hdr[12];
    /* 1: a descriptor loop 0 -> 1 -> 0. */
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, hdr_len, D_NEXT, 1 };
    q[TXQ].d[1] = (struct desc){ (uint64_t)txbuf, 42, D_NEXT, 0 };
    expect_needs_reset("descriptor loop");
    /* 2: next index out of range (the ring has QN entries). */
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, hdr_len, D_NEXT, 200 };
    expect_needs_reset("next index out of range");
    /* 3: a length that runs past the end of the address space. */
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, hdr_len, D_NEXT, 1 };
    q[TXQ].d[1] = (struct desc){ 0xffffffffffffff00ull, 0xffffffffu, 0, 0 };
    expect_needs_reset("length overflow");
#ifndef QEMU_DIFFERENTIAL
    /* 4: frame data read from the UART's registers (a64emu: DMA only from RAM; QEMU 7.2 reads
     * the device, so the differential build leaves this out). */
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, hdr_len, D_NEXT, 1 };
    q[TXQ].d[1] = (struct desc){ UART0_BASE, 64, 0, 0 };
    expect_needs_reset("DMA at device registers");
    /* 5: a chain shorter than the virtio-net header. QEMU 7.2 (Debian 7.2+dfsg-7+deb12u18)
     * aborts on it: "util/iov.c:269: iov_copy: Assertion `offset == 0' failed", so a guest can
     * kill the QEMU process; a64emu resets the device. Not in the differential build. */
    q[TXQ].d[0] = (struct desc){ (uint64_t)hdr, 6, 0, 0 };
    expect_needs_reset("chain shorter than the header");
#endif
    puts_(legacy ? "virtio_net: ok (legacy)\n" : "virtio_net: ok\n");
    return 0;
}
