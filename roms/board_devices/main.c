/*
 * board_devices: the PL031 RTC, the PL061 GPIO and the 32 virtio-mmio transports of the virt
 * board as a guest sees them with nothing attached (QEMU 7.2 is the reference: the ROM runs in
 * lockstep). RTCDR itself is not read: it is the host's clock on both sides.
 */
#include "rom.h"

#define RTC 0x09010000ul
#define GPIO 0x09030000ul
#define VIRTIO 0x0a000000ul

static uint32_t rd(uint64_t a) { return *(volatile uint32_t *)a; }
static void wr(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

static void primecell_ids(uint64_t base, uint32_t part, uint32_t revision)
{
    /* PeriphID0-3 (part number, designer ARM, revision) and PCellID0-3 (0xB105F00D) */
    const uint32_t want[8] = { part & 0xff, 0x10 | (part >> 8), revision << 4 | 4, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        CHECK_EQ(rd(base + 0xfe0 + 4 * i), want[i]);
}

int main(void)
{
    /* PL031: counter always running, match interrupt masked and clear at reset */
    primecell_ids(RTC, 0x031, 1);
    CHECK_EQ(rd(RTC + 0x0c), 1);    /* RTCCR */
    CHECK_EQ(rd(RTC + 0x10), 0);    /* RTCIMSC */
    CHECK_EQ(rd(RTC + 0x14), 0);    /* RTCRIS */
    wr(RTC + 0x04, 0x12345678);     /* RTCMR */
    CHECK_EQ(rd(RTC + 0x04), 0x12345678);
    wr(RTC + 0x10, 0xff);           /* only bit 0 exists */
    CHECK_EQ(rd(RTC + 0x10), 1);
    CHECK_EQ(rd(RTC + 0x18), 0);    /* RTCMIS: no match */
    wr(RTC + 0x10, 0);

    /* PL061: all inputs at reset, pulled low on virt; outputs read back through the mask */
    primecell_ids(GPIO, 0x061, 0);
    CHECK_EQ(rd(GPIO + 0x400), 0);  /* GPIODIR */
    CHECK_EQ(rd(GPIO + 0x3fc), 0);
    wr(GPIO + 0x400, 0xf0);
    wr(GPIO + 0x3fc, 0xff);
    CHECK_EQ(rd(GPIO + 0x3fc), 0xf0);
    CHECK_EQ(rd(GPIO + (0x30 << 2)), 0x30); /* address bits [9:2] mask the read */
    wr(GPIO + (0x10 << 2), 0x00);           /* and the write: only line 4 cleared */
    CHECK_EQ(rd(GPIO + 0x3fc), 0xe0);
    wr(GPIO + 0x410, 0x08);                 /* GPIOIE: the power button line */
    CHECK_EQ(rd(GPIO + 0x410), 0x08);
    CHECK_EQ(rd(GPIO + 0x414), 0);          /* GPIORIS */
    wr(GPIO + 0x410, 0);
    wr(GPIO + 0x400, 0);

    /* virtio-mmio: 32 transports, none with a device */
    for (uint64_t t = VIRTIO; t < VIRTIO + 32 * 0x200; t += 0x200) {
        CHECK_EQ(rd(t + 0x000), 0x74726976); /* MagicValue "virt" */
        CHECK_EQ(rd(t + 0x004), 1);          /* Version: legacy */
        CHECK_EQ(rd(t + 0x008), 0);          /* DeviceID: none */
        CHECK_EQ(rd(t + 0x00c), 0x554d4551); /* VendorID "QEMU" */
        wr(t + 0x070, 0x0f);                 /* Status: ignored without a device */
        CHECK_EQ(rd(t + 0x070), 0);
    }
    puts_("board_devices: ok\n");
    return 0;
}
