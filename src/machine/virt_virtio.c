/* virtio devices on the virt board, see virt_virtio.h. */
#include "machine/virt_virtio.h"

#include <errno.h>
#include <string.h>

#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_rng.h"
#include "gic/gic.h"
#include "machine/virt_map.h"

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
            snprintf(err, errlen, "%s: %s", d->kind == MACHINE_VIRTIO_BLK ? "-drive" : "-device", derr);
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
    }
    memset(v, 0, sizeof *v);
}
