/*
 * libFuzzer harness for the virtio-mmio transport, the split virtqueue parser and the request
 * parsers of virtio-blk, virtio-rng, virtio-console and virtio-net (issue 7 item 5). Built only with clang
 * (-fsanitize=fuzzer,address,undefined): CMake option A64EMU_FUZZ, or
 * tests/scripts/test_fuzz_virtqueue.sh, which runs it for a bounded time on the seed corpus in
 * tests/fuzz/corpus/virtio/ (made by tests/fuzz/make_virtio_seeds.py).
 *
 * Input (little-endian):
 *   [0] device: 0 blk, 1 rng, 2 console, 3 net (mod 4)
 *   [1] flags: bit 0 legacy interface, bit 1 EVENT_IDX, bit 2 INDIRECT_DESC, bit 3 read-only blk
 *   [2] log2 of the queue size (mod 11); [3] if nonzero, the raw queue size instead
 *   [4..5] n: the next 2n bytes (at most RAM_SIZE) are copied to the start of guest RAM
 *   then ops until the input ends, each an opcode byte and its operands:
 *     0 q: QueueNotify q          1 r v32: write register 4*r   2 r: read register 4*r
 *     3 off16 v16: store to RAM   5: reset and initialise again
 *     4 b: console: input byte b; net: a frame of 8*b bytes from the host (virtio_net_receive:
 *          up to 2040 bytes, beyond the largest frame the device takes)
 * Queue q's rings sit at RAM + 0x2000 * q: descriptors at +0, avail at +0x400, used at +0x800
 * (legacy: one area at the same base, page size and alignment 4 KiB). Large queues overlap the
 * rings, which a guest may do too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus/bus.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x20000u
#define SLOT 0x0a003e00ull
#define OTHER 0x09000000ull
#define MAX_OPS 256

static char image[64] = "";

static enum bus_status other_rw(void *o, uint64_t off, unsigned size, uint64_t *v)
{
    (void)o; (void)off; (void)size;
    __builtin_trap(); /* a device reached another device's registers: DMA escaped RAM */
    *v = 0;
    return BUS_OK;
}

static enum bus_status other_w(void *o, uint64_t off, unsigned size, uint64_t v)
{
    (void)o; (void)off; (void)size; (void)v;
    __builtin_trap();
    return BUS_OK;
}

static const struct mmio_ops other_ops = { "other", other_rw, other_w, 1, 8 };

static void remove_image(void)
{
    unlink(image);
}

static void sink(void *opaque, const void *buf, size_t len)
{
    (void)opaque; (void)buf; (void)len;
}

/* Transmitted frames: touch every byte, so a length past what was read shows under ASan. */
static void net_sink(void *opaque, const uint8_t *frame, size_t len)
{
    volatile uint8_t x = 0;
    (void)opaque;
    for (size_t i = 0; i < len; i++)
        x ^= frame[i];
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    snprintf(image, sizeof image, "/tmp/a64emu-fuzz-vblk-%d", (int)getpid());
    FILE *f = fopen(image, "w");
    if (!f)
        abort();
    static uint8_t zero[64 * 1024];
    fwrite(zero, 1, sizeof zero, f);
    fclose(f);
    atexit(remove_image);
    return 0;
}

static void w32(struct bus *bus, uint64_t reg, uint32_t v) { bus_write(bus, SLOT + reg, 4, v); }

static void init(struct bus *bus, uint8_t flags, uint32_t num, unsigned nq)
{
    bool legacy = flags & 1;
    w32(bus, 0x070, 0);
    w32(bus, 0x070, 3);
    uint32_t f0 = (flags & 2 ? 1u << 29 : 0) | (flags & 4 ? 1u << 28 : 0) | (flags & 8 ? 1u << 5 : 0);
    w32(bus, 0x024, 0);
    w32(bus, 0x020, f0);
    if (!legacy) {
        w32(bus, 0x024, 1);
        w32(bus, 0x020, 1);
        w32(bus, 0x070, 3 | 8);
    } else {
        w32(bus, 0x028, 4096);
    }
    for (unsigned q = 0; q < nq; q++) {
        uint64_t base = RAM_BASE + 0x2000ull * q;
        w32(bus, 0x030, q);
        w32(bus, 0x038, num);
        if (legacy) {
            w32(bus, 0x03c, 4096);
            w32(bus, 0x040, (uint32_t)(base >> 12));
        } else {
            w32(bus, 0x080, (uint32_t)base);
            w32(bus, 0x084, 0);
            w32(bus, 0x090, (uint32_t)(base + 0x400));
            w32(bus, 0x094, 0);
            w32(bus, 0x0a0, (uint32_t)(base + 0x800));
            w32(bus, 0x0a4, 0);
            w32(bus, 0x044, 1);
        }
    }
    w32(bus, 0x070, legacy ? 3 | 4 : 3 | 8 | 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    unsigned kind = data[0] % 4;
    uint8_t flags = data[1];
    uint32_t num = data[3] ? data[3] : 1u << (data[2] % 11);
    size_t n = ((size_t)data[4] | (size_t)data[5] << 8) * 2;
    size_t pos = 6;
    if (n > size - pos)
        n = size - pos;
    if (n > RAM_SIZE)
        n = RAM_SIZE;

    struct bus *bus = bus_create();
    uint8_t *ram;
    if (!bus || bus_add_ram(bus, "flash", 0, 0x10000, true, NULL) != A64_OK ||
        bus_add_ram(bus, "ram", RAM_BASE, RAM_SIZE, false, &ram) != A64_OK ||
        bus_add_mmio(bus, "other", OTHER, 0x1000, &other_ops, NULL) != A64_OK)
        abort();
    memcpy(ram, data + pos, n);
    pos += n;
    struct virtio_mmio_params p = { bus, SLOT, 0x200, { NULL, NULL, 0 }, flags & 1 };
    struct virtio_mmio *t = NULL;
    struct virtio_console *con = NULL;
    struct virtio_net *net = NULL;
    char err[256];
    if (kind == 0) {
        struct virtio_blk_opts o = { image, (flags & 8) != 0, "fuzz" };
        t = virtio_blk_create(&p, &o, err, sizeof err);
    } else if (kind == 1) {
        t = virtio_rng_create(&p, true, 1);
    } else if (kind == 2) {
        con = virtio_console_create(&p, sink, NULL);
        t = con ? virtio_console_transport(con) : NULL;
    } else {
        static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
        net = virtio_net_create(&p, mac, net_sink, NULL);
        t = net ? virtio_net_transport(net) : NULL;
    }
    if (!t)
        abort();
    unsigned nq = kind >= 2 ? 2 : 1;
    init(bus, flags, num, nq);
    for (unsigned ops = 0; pos < size && ops < MAX_OPS; ops++) {
        uint8_t op = data[pos++] % 6;
        uint64_t v = 0;
        switch (op) {
        case 0:
            if (pos < size)
                w32(bus, 0x050, data[pos++] % 4);
            break;
        case 1:
            if (size - pos >= 5) {
                uint32_t val = (uint32_t)data[pos + 1] | (uint32_t)data[pos + 2] << 8 | (uint32_t)data[pos + 3] << 16 |
                               (uint32_t)data[pos + 4] << 24;
                w32(bus, 4ull * data[pos] % 0x200, val);
                pos += 5;
            } else {
                pos = size;
            }
            break;
        case 2:
            if (pos < size)
                bus_read(bus, SLOT + 4ull * data[pos++] % 0x200, 4, &v);
            break;
        case 3:
            if (size - pos >= 4) {
                uint32_t off = ((uint32_t)data[pos] | (uint32_t)data[pos + 1] << 8) * 2u;
                bus_write(bus, RAM_BASE + off, 2, (uint64_t)data[pos + 2] | (uint64_t)data[pos + 3] << 8);
                pos += 4;
            } else {
                pos = size;
            }
            break;
        case 4:
            if (pos < size && con)
                virtio_console_input(con, &data[pos], 1);
            if (pos < size && net) {
                static uint8_t frame[8 * 255];
                for (size_t i = 0; i < sizeof frame; i++)
                    frame[i] = (uint8_t)i;
                virtio_net_receive(net, frame, 8u * data[pos]);
            }
            pos++;
            break;
        default:
            init(bus, flags, num, nq);
            break;
        }
    }
    virtio_mmio_destroy(t);
    bus_destroy(bus);
    return 0;
}
