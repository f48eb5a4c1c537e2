/* virtio-console with one port, see virtio_console.h. */
#include "devices/virtio/virtio_console.h"

#include <stdlib.h>

#include "util/snap.h"

enum { RX = 0, TX = 1, CONFIG_SIZE = 12 /* cols, rows, max_nr_ports, emerg_wr: unused features */ };
#define OUT_CHUNK 256u

struct virtio_console {
    struct virtio_mmio *t;
    virtio_console_write_fn write;
    void *opaque;
    uint8_t fifo[VIRTIO_CONSOLE_FIFO];
    size_t head, count;
    uint8_t config[CONFIG_SIZE];
    struct vq_elem elem;
};

/* Move queued input into the guest's receive buffers while both exist. */
static void deliver(struct virtio_console *c)
{
    bool any = false;
    while (c->count && virtio_pop(c->t, RX, &c->elem)) {
        uint32_t done = 0;
        while (c->count && done < c->elem.in_len) {
            size_t run = VIRTIO_CONSOLE_FIFO - c->head < c->count ? VIRTIO_CONSOLE_FIFO - c->head : c->count;
            if (run > c->elem.in_len - done)
                run = (size_t)(c->elem.in_len - done);
            vq_write(virtio_bus(c->t), &c->elem, done, c->fifo + c->head, run);
            c->head = (c->head + run) % VIRTIO_CONSOLE_FIFO;
            c->count -= run;
            done += (uint32_t)run;
        }
        virtio_push(c->t, RX, &c->elem, done);
        any = true;
    }
    if (any)
        virtio_kick_done(c->t, RX);
}

static void transmit(struct virtio_console *c)
{
    uint8_t buf[OUT_CHUNK];
    while (virtio_pop(c->t, TX, &c->elem)) {
        for (uint64_t off = 0; off < c->elem.out_len;) {
            size_t n = vq_read(virtio_bus(c->t), &c->elem, off, buf, sizeof buf);
            if (!n)
                break;
            if (c->write)
                c->write(c->opaque, buf, n);
            off += n;
        }
        virtio_push(c->t, TX, &c->elem, 0);
    }
    virtio_kick_done(c->t, TX);
}

static void console_notify(void *dev, struct virtio_mmio *t, unsigned queue)
{
    struct virtio_console *c = dev;
    (void)t;
    if (queue == RX)
        deliver(c);
    else
        transmit(c);
}

/* Host input waiting for the guest's receive buffers, and the config space. */
static void console_snap(void *dev, struct snap *s)
{
    struct virtio_console *c = dev;
    SNAP(s, c->fifo);
    SNAP(s, c->head);
    SNAP(s, c->count);
    SNAP(s, c->config);
    if (s->load && (c->head >= VIRTIO_CONSOLE_FIFO || c->count > VIRTIO_CONSOLE_FIFO))
        snap_fail(s, "virtio-console: input FIFO indices out of range");
}

static const struct virtio_dev_ops console_ops = {
    .name = "virtio-console", .device_id = VIRTIO_ID_CONSOLE, .num_queues = 2, .features = 0,
    .notify = console_notify, .destroy = free, .snap = console_snap,
};

struct virtio_console *virtio_console_create(const struct virtio_mmio_params *p, virtio_console_write_fn write,
                                             void *opaque)
{
    struct virtio_console *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->write = write;
    c->opaque = opaque;
    c->t = virtio_mmio_create(p, &console_ops, c, c->config, CONFIG_SIZE);
    if (!c->t) {
        free(c);
        return NULL;
    }
    return c;
}

struct virtio_mmio *virtio_console_transport(struct virtio_console *c) { return c->t; }

size_t virtio_console_room(const struct virtio_console *c) { return VIRTIO_CONSOLE_FIFO - c->count; }

void virtio_console_input(struct virtio_console *c, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len && c->count < VIRTIO_CONSOLE_FIFO; i++) {
        c->fifo[(c->head + c->count) % VIRTIO_CONSOLE_FIFO] = data[i];
        c->count++;
    }
    deliver(c);
}
