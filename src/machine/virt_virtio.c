/* virtio devices on the virt board, see virt_virtio.h. */
#include "machine/virt_virtio.h"

#include <errno.h>
#include <string.h>
#include <poll.h>
#include <time.h>

#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_rng.h"
#include "gic/gic.h"
#include "machine/virt_map.h"
#include "util/host_clock.h"

static void to_console(void *opaque, const void *buf, size_t len)
{
    const struct machine_config *cfg = opaque;
    if (cfg->console_write)
        cfg->console_write(cfg->console_opaque, buf, len);
}

static void to_file(void *opaque, const void *buf, size_t len)
{
    FILE *f = opaque;
    fwrite(buf, 1, len, f);
    fflush(f); /* the file is read while the guest runs (tail -f), as QEMU's file chardev */
}

static void net_to_slirp(void *opaque, const uint8_t *frame, size_t len)
{
    struct virt_net *n = opaque;
    net_slirp_input(n->slirp, frame, len);
}

/* The one path from the network to the guest (see virtio_net_receive: the replay hook). */
static void slirp_to_net(void *opaque, const uint8_t *frame, size_t len)
{
    struct virt_net *n = opaque;
    if (n->dev)
        virtio_net_receive(n->dev, frame, len);
}

static struct virtio_mmio *create_net(struct virt_virtio *v, const struct virtio_mmio_params *p,
                                      const struct machine_virtio *d, char *err, size_t errlen)
{
    struct virt_net *n = &v->net[v->nnet++];
    n->slirp = net_slirp_create(&d->net, slirp_to_net, n, err, errlen);
    if (!n->slirp)
        return NULL;
    n->dev = virtio_net_create(p, d->mac, net_to_slirp, n);
    return n->dev ? virtio_net_transport(n->dev) : NULL;
}

bool virt_virtio_create(struct virt_virtio *v, struct bus *bus, const struct machine_config *cfg, struct gic *gic,
                        char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    v->cfg = cfg;
    const struct virt_map_entry *e = &virt_map[VIRT_MMIO];
    const uint64_t stride = e->size / VIRT_MMIO_SLOTS;
    unsigned n = cfg->nvirtio;
    if (n > VIRT_MMIO_SLOTS) {
        snprintf(err, errlen, "%u virtio devices: the virt board has %u transports", n, VIRT_MMIO_SLOTS);
        return false;
    }
    if (virtio_mmio_add_empty(bus, e->base, VIRT_MMIO_SLOTS - n, stride, cfg->virtio_legacy) != A64_OK) {
        snprintf(err, errlen, "cannot map the virtio-mmio transports");
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        const struct machine_virtio *d = &cfg->virtio[i];
        unsigned slot = VIRT_MMIO_SLOTS - 1 - i;
        struct virtio_mmio_params p = { bus, e->base + slot * stride, stride,
                                        gic_spi_line(gic, 32 + (unsigned)e->spi + slot), cfg->virtio_legacy };
        char derr[256] = "out of memory";
        switch (d->kind) {
        case MACHINE_VIRTIO_BLK: {
            struct virtio_blk_opts o = { d->path, d->readonly, d->serial };
            v->dev[i] = virtio_blk_create(&p, &o, derr, sizeof derr);
            break;
        }
        case MACHINE_VIRTIO_RNG:
            v->dev[i] = virtio_rng_create(&p, cfg->deterministic, cfg->seed);
            break;
        case MACHINE_VIRTIO_NET:
            v->dev[i] = create_net(v, &p, d, derr, sizeof derr);
            break;
        case MACHINE_VIRTIO_CONSOLE: {
            struct virtio_console *c;
            if (d->path) {
                v->out[i] = fopen(d->path, "w");
                if (!v->out[i]) {
                    snprintf(err, errlen, "-chardev file path '%s': %s", d->path, strerror(errno));
                    return false;
                }
                c = virtio_console_create(&p, to_file, v->out[i]);
            } else {
                c = virtio_console_create(&p, to_console, (void *)cfg);
                v->stdio_console = c;
            }
            v->dev[i] = c ? virtio_console_transport(c) : NULL;
            break;
        }
        }
        if (!v->dev[i]) {
            snprintf(err, errlen, "%s: %s", d->kind == MACHINE_VIRTIO_BLK ? "-drive" : d->kind == MACHINE_VIRTIO_NET ? "-netdev user" : "-device", derr);
            return false;
        }
    }
    return true;
}

void virt_virtio_destroy(struct virt_virtio *v)
{
    for (unsigned i = 0; i < MACHINE_MAX_VIRTIO; i++) {
        virtio_mmio_destroy(v->dev[i]);
        if (v->out[i])
            fclose(v->out[i]);
        net_slirp_destroy(v->net[i].slirp);
    }
    net_pollset_free(&v->ps);
    memset(v, 0, sizeof *v);
}


bool virt_virtio_has_net(const struct virt_virtio *v) { return v->nnet != 0; }

void virt_virtio_wait(struct virt_virtio *v, uint64_t timeout_ns)
{
    if (!v->nnet) {
        struct timespec ts = { (time_t)(timeout_ns / 1000000000ull), (long)(timeout_ns % 1000000000ull) };
        if (timeout_ns)
            nanosleep(&ts, NULL);
        return;
    }
    v->ps.n = 0;
    v->ps.oom = false;
    for (unsigned i = 0; i < v->nnet; i++)
        net_pollset_fill(v->net[i].slirp, &v->ps, &timeout_ns);
    /* poll() counts milliseconds: round up so a wait for a timer that is 0.3 ms away sleeps
     * instead of spinning. */
    uint64_t ms = (timeout_ns + 999999u) / 1000000u;
    int r = poll(v->ps.fds, (nfds_t)v->ps.n, ms > 10000 ? 10000 : (int)ms);
    for (unsigned i = 0; i < v->nnet; i++)
        net_pollset_dispatch(v->net[i].slirp, &v->ps, r < 0 && errno != EINTR);
    v->last_service_ns = host_monotonic_ns();
}

void virt_virtio_service(struct virt_virtio *v)
{
    if (!v->nnet)
        return;
    uint64_t now = host_monotonic_ns();
    if (now - v->last_service_ns < VIRT_NET_SERVICE_NS)
        return;
    virt_virtio_wait(v, 0);
}
