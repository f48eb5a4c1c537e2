/* virtio-rng, see virtio_rng.h. */
#include "devices/virtio/virtio_rng.h"

#include <stdlib.h>
#include <sys/random.h>

#include "util/snap.h"

struct virtio_rng {
    bool deterministic;
    uint64_t state; /* splitmix64 */
    struct vq_elem elem;
    uint8_t buf[VIRTIO_RNG_MAX_CHUNK];
};

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void fill(struct virtio_rng *r, size_t n)
{
    if (r->deterministic) {
        for (size_t i = 0; i < n; i += 8) {
            uint64_t v = splitmix64(&r->state);
            for (size_t k = 0; k < 8 && i + k < n; k++)
                r->buf[i + k] = (uint8_t)(v >> (8 * k));
        }
        return;
    }
    for (size_t done = 0; done < n;) {
        ssize_t got = getrandom(r->buf + done, n - done, 0);
        if (got <= 0) { /* EINTR; a 4 KiB request does not come back short otherwise */
            continue;
        }
        done += (size_t)got;
    }
}

static void rng_notify(void *dev, struct virtio_mmio *t, unsigned queue)
{
    struct virtio_rng *r = dev;
    while (virtio_pop(t, queue, &r->elem)) {
        size_t n = r->elem.in_len < VIRTIO_RNG_MAX_CHUNK ? (size_t)r->elem.in_len : VIRTIO_RNG_MAX_CHUNK;
        fill(r, n);
        vq_write(virtio_bus(t), &r->elem, 0, r->buf, n);
        virtio_push(t, queue, &r->elem, (uint32_t)n);
    }
    virtio_kick_done(t, queue);
}

/* Deterministic mode's generator state; host mode has none to keep. */
static void rng_snap(void *dev, struct snap *s)
{
    struct virtio_rng *r = dev;
    SNAP(s, r->state);
}

static const struct virtio_dev_ops rng_ops = {
    .name = "virtio-rng", .device_id = VIRTIO_ID_RNG, .num_queues = 1, .features = 0,
    .notify = rng_notify, .destroy = free, .snap = rng_snap,
};

struct virtio_mmio *virtio_rng_create(const struct virtio_mmio_params *p, bool deterministic, uint64_t seed)
{
    struct virtio_rng *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->deterministic = deterministic;
    r->state = seed ^ 0x76697274696f726eull; /* "virtiorn": not the device tree's seed stream */
    struct virtio_mmio *t = virtio_mmio_create(p, &rng_ops, r, NULL, 0);
    if (!t)
        free(r);
    return t;
}
