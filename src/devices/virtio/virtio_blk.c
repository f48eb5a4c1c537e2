/* virtio-blk on a raw image file, see virtio_blk.h. Request layout: virtio 1.2 section 5.2.6. */
#define _GNU_SOURCE /* fallocate and its FALLOC_FL_* modes */
#include "devices/virtio/virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    BLK_F_SEG_MAX = 2, BLK_F_RO = 5, BLK_F_BLK_SIZE = 6, BLK_F_FLUSH = 9, BLK_F_DISCARD = 13,
    BLK_F_WRITE_ZEROES = 14,
};
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11, T_WRITE_ZEROES = 13 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
enum { SECTOR = 512, ID_BYTES = 20, HDR = 16, RANGE = 16, MAX_RANGES = 32 };
#define MAX_DISCARD_SECTORS 0x3fffffu
#define BOUNCE (64u * 1024)

/* Configuration space offsets (struct virtio_blk_config). */
enum {
    C_CAPACITY = 0, C_SEG_MAX = 12, C_BLK_SIZE = 20, C_MAX_DISCARD_SECTORS = 36, C_MAX_DISCARD_SEG = 40,
    C_DISCARD_ALIGN = 44, C_MAX_WZ_SECTORS = 48, C_MAX_WZ_SEG = 52, C_WZ_MAY_UNMAP = 56, C_SIZE = 60,
};

struct virtio_blk {
    int fd;
    bool readonly;
    uint64_t sectors;
    char serial[ID_BYTES];
    uint8_t config[C_SIZE];
    struct vq_elem elem;
    uint8_t bounce[BOUNCE];
};

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static bool range_ok(const struct virtio_blk *b, uint64_t sector, uint64_t nsect)
{
    return sector <= b->sectors && nsect <= b->sectors - sector;
}

/* Move `len` bytes between the image at `pos` and the chain, from chain byte `off` on. */
static bool transfer(struct virtio_blk *b, struct bus *bus, uint64_t pos, uint64_t off, uint64_t len, bool to_guest)
{
    while (len) {
        size_t n = len < BOUNCE ? (size_t)len : BOUNCE;
        if (to_guest) {
            ssize_t got = pread(b->fd, b->bounce, n, (off_t)pos);
            if (got < 0)
                return false;
            memset(b->bounce + got, 0, n - (size_t)got); /* past the end of a short file: zeros */
            vq_write(bus, &b->elem, off, b->bounce, n);
        } else {
            vq_read(bus, &b->elem, off, b->bounce, n);
            for (size_t done = 0; done < n;) {
                ssize_t w = pwrite(b->fd, b->bounce + done, n - done, (off_t)(pos + done));
                if (w <= 0)
                    return false;
                done += (size_t)w;
            }
        }
        pos += n;
        off += n;
        len -= n;
    }
    return true;
}

/* Zero [pos, pos + len) of the image: keep the size; punch a hole when unmapping is allowed,
 * else a zero range, else plain writes (file systems without fallocate support). */
static bool zero_range(struct virtio_blk *b, uint64_t pos, uint64_t len, bool unmap)
{
    if (unmap && fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)pos, (off_t)len) == 0)
        return true;
    if (fallocate(b->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)pos, (off_t)len) == 0)
        return true;
    memset(b->bounce, 0, BOUNCE);
    while (len) {
        size_t n = len < BOUNCE ? (size_t)len : BOUNCE;
        ssize_t w = pwrite(b->fd, b->bounce, n, (off_t)pos);
        if (w <= 0)
            return false;
        pos += (uint64_t)w;
        len -= (uint64_t)w;
    }
    return true;
}

/* Discard and write-zeroes: the data part is an array of 16-byte ranges. */
static uint8_t ranges(struct virtio_blk *b, struct bus *bus, uint32_t type, uint64_t data_len)
{
    if (b->readonly)
        return S_IOERR;
    if (data_len == 0 || data_len % RANGE || data_len / RANGE > MAX_RANGES)
        return S_UNSUPP;
    for (uint64_t off = 0; off < data_len; off += RANGE) {
        uint8_t r[RANGE];
        vq_read(bus, &b->elem, HDR + off, r, RANGE);
        uint64_t sector = get_le(r, 8);
        uint32_t nsect = (uint32_t)get_le(r + 8, 4), flags = (uint32_t)get_le(r + 12, 4);
        if (nsect > MAX_DISCARD_SECTORS || !range_ok(b, sector, nsect))
            return S_IOERR;
        if (type == T_DISCARD) {
            if (flags)
                return S_UNSUPP; /* section 5.2.6.2: no flags defined for discard */
            /* Discard is a hint: a file system that cannot punch holes leaves the data. */
            (void)fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)(sector * SECTOR),
                            (off_t)((uint64_t)nsect * SECTOR));
        } else {
            if (flags & ~1u)
                return S_UNSUPP;
            if (!zero_range(b, sector * SECTOR, (uint64_t)nsect * SECTOR, flags & 1))
                return S_IOERR;
        }
    }
    return S_OK;
}

/* One request; returns false if the chain is too malformed to answer (no header or status). */
static bool request(struct virtio_blk *b, struct virtio_mmio *t, uint32_t *written)
{
    struct bus *bus = virtio_bus(t);
    struct vq_elem *e = &b->elem;
    uint8_t hdr[HDR];
    if (e->out_len < HDR || e->in_len < 1 || vq_read(bus, e, 0, hdr, HDR) != HDR)
        return false;
    uint32_t type = (uint32_t)get_le(hdr, 4);
    uint64_t sector = get_le(hdr + 8, 8);
    uint64_t in_data = e->in_len - 1, out_data = e->out_len - HDR;
    uint8_t status = S_OK;
    *written = 0;
    switch (type) {
    case T_IN:
        if (in_data % SECTOR || !range_ok(b, sector, in_data / SECTOR))
            status = S_IOERR;
        else if (!transfer(b, bus, sector * SECTOR, 0, in_data, true))
            status = S_IOERR;
        else
            *written = (uint32_t)in_data;
        break;
    case T_OUT:
        if (b->readonly || out_data % SECTOR || !range_ok(b, sector, out_data / SECTOR))
            status = S_IOERR;
        else if (!transfer(b, bus, sector * SECTOR, HDR, out_data, false))
            status = S_IOERR;
        break;
    case T_FLUSH:
        status = fsync(b->fd) == 0 || b->readonly ? S_OK : S_IOERR;
        break;
    case T_GET_ID: {
        size_t n = in_data < ID_BYTES ? (size_t)in_data : ID_BYTES;
        vq_write(bus, e, 0, b->serial, n);
        *written = (uint32_t)n;
        break;
    }
    case T_DISCARD:
    case T_WRITE_ZEROES:
        status = ranges(b, bus, type, out_data);
        break;
    default:
        status = S_UNSUPP;
        break;
    }
    vq_write(bus, e, in_data, &status, 1);
    *written += 1;
    return true;
}

static void blk_notify(void *dev, struct virtio_mmio *t, unsigned queue)
{
    struct virtio_blk *b = dev;
    while (virtio_pop(t, queue, &b->elem)) {
        uint32_t written;
        if (!request(b, t, &written)) {
            virtio_needs_reset(t, queue, "a request without a 16-byte header or a status byte");
            return;
        }
        virtio_push(t, queue, &b->elem, written);
    }
    virtio_kick_done(t, queue);
}

static void blk_destroy(void *dev)
{
    struct virtio_blk *b = dev;
    close(b->fd);
    free(b);
}

static const struct virtio_dev_ops blk_ops = {
    .name = "virtio-blk", .device_id = VIRTIO_ID_BLOCK, .num_queues = 1,
    .features = 1u << BLK_F_SEG_MAX | 1u << BLK_F_BLK_SIZE | 1u << BLK_F_FLUSH | 1u << BLK_F_DISCARD |
                1u << BLK_F_WRITE_ZEROES,
    .notify = blk_notify, .destroy = blk_destroy,
};

static const struct virtio_dev_ops blk_ro_ops = {
    .name = "virtio-blk", .device_id = VIRTIO_ID_BLOCK, .num_queues = 1,
    .features = 1u << BLK_F_SEG_MAX | 1u << BLK_F_BLK_SIZE | 1u << BLK_F_FLUSH | 1u << BLK_F_RO,
    .notify = blk_notify, .destroy = blk_destroy,
};

struct virtio_mmio *virtio_blk_create(const struct virtio_mmio_params *p, const struct virtio_blk_opts *o,
                                      char *err, size_t errlen)
{
    int fd = open(o->path, (o->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open '%s'%s: %s", o->path, o->readonly ? "" : " for writing", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a regular file", o->path);
        close(fd);
        return NULL;
    }
    struct virtio_blk *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        close(fd);
        return NULL;
    }
    b->fd = fd;
    b->readonly = o->readonly;
    b->sectors = (uint64_t)st.st_size / SECTOR; /* a partial last sector is not visible, as QEMU */
    if (o->serial)
        memcpy(b->serial, o->serial, strnlen(o->serial, ID_BYTES)); /* NUL-padded, unterminated if full */
    put_le(b->config + C_CAPACITY, b->sectors, 8);
    put_le(b->config + C_SEG_MAX, VQ_MAX_SEGS - 2, 4); /* header and status take two */
    put_le(b->config + C_BLK_SIZE, SECTOR, 4);
    put_le(b->config + C_MAX_DISCARD_SECTORS, MAX_DISCARD_SECTORS, 4);
    put_le(b->config + C_MAX_DISCARD_SEG, MAX_RANGES, 4);
    put_le(b->config + C_DISCARD_ALIGN, 1, 4);
    put_le(b->config + C_MAX_WZ_SECTORS, MAX_DISCARD_SECTORS, 4);
    put_le(b->config + C_MAX_WZ_SEG, MAX_RANGES, 4);
    b->config[C_WZ_MAY_UNMAP] = 1;
    struct virtio_mmio *t = virtio_mmio_create(p, o->readonly ? &blk_ro_ops : &blk_ops, b, b->config, C_SIZE);
    if (!t) {
        snprintf(err, errlen, "cannot map virtio-blk at 0x%llx", (unsigned long long)p->base);
        blk_destroy(b);
    }
    return t;
}
