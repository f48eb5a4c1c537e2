#include "bus/bus.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"

#define BUS_MAX_REGIONS 128

struct bus {
    struct bus_region regions[BUS_MAX_REGIONS];
    size_t count;
    const struct bus_region *last; /* last-hit cache */
    bus_code_write_fn code_write;
    void *code_opaque;
    bus_unmap_fn unmap;
    void *unmap_opaque;
};

struct bus *bus_create(void)
{
    return calloc(1, sizeof(struct bus));
}

void bus_destroy(struct bus *bus)
{
    if (!bus)
        return;
    for (size_t i = 0; i < bus->count; i++) {
        free(bus->regions[i].host);
        free(bus->regions[i].code);
    }
    free(bus);
}

static enum a64emu_err bus_insert(struct bus *bus, const struct bus_region *r)
{
    if (r->size == 0 || r->base + r->size < r->base)
        return A64_ERR_RANGE;
    if (bus->count == BUS_MAX_REGIONS)
        return A64_ERR_NOMEM;
    size_t i = 0;
    while (i < bus->count && bus->regions[i].base < r->base)
        i++;
    if (i > 0 && bus->regions[i - 1].base + bus->regions[i - 1].size > r->base)
        return A64_ERR_RANGE;
    if (i < bus->count && r->base + r->size > bus->regions[i].base)
        return A64_ERR_RANGE;
    memmove(&bus->regions[i + 1], &bus->regions[i], (bus->count - i) * sizeof *r);
    bus->regions[i] = *r;
    bus->count++;
    bus->last = NULL;
    return A64_OK;
}

enum a64emu_err bus_add_ram(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                            bool readonly, uint8_t **host)
{
    struct bus_region r = { .name = name, .base = base, .size = size, .readonly = readonly };
    if ((base | size) & (BUS_PAGE_SIZE - 1))
        return A64_ERR_RANGE;
    r.host = calloc(1, size);
    r.code = calloc(1, size >> BUS_PAGE_BITS);
    if (!r.host || !r.code) {
        free(r.host);
        free(r.code);
        return A64_ERR_NOMEM;
    }
    enum a64emu_err e = bus_insert(bus, &r);
    if (e != A64_OK) {
        free(r.host);
        free(r.code);
        return e;
    }
    if (host)
        *host = r.host;
    return A64_OK;
}

enum a64emu_err bus_add_romd(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                             const struct mmio_ops *ops, void *opaque, uint8_t **host)
{
    uint8_t *h;
    enum a64emu_err e = bus_add_ram(bus, name, base, size, true, &h);
    if (e != A64_OK)
        return e;
    for (size_t i = 0; i < bus->count; i++)
        if (bus->regions[i].host == h) {
            bus->regions[i].ops = ops;
            bus->regions[i].opaque = opaque;
            bus->regions[i].romd = true;
        }
    if (host)
        *host = h;
    return A64_OK;
}

void bus_set_romd(struct bus *bus, uint64_t base, bool on)
{
    const struct bus_region *f = bus_find(bus, base);
    if (!f || !f->ops || !f->host || f->romd == on)
        return;
    struct bus_region *r = &bus->regions[f - bus->regions];
    r->romd = on;
    if (!on && bus->unmap)
        bus->unmap(bus->unmap_opaque, r->base, r->size);
}

void bus_set_unmap_hook(struct bus *bus, bus_unmap_fn fn, void *opaque)
{
    bus->unmap = fn;
    bus->unmap_opaque = opaque;
}

enum a64emu_err bus_add_mmio(struct bus *bus, const char *name, uint64_t base, uint64_t size,
                             const struct mmio_ops *ops, void *opaque)
{
    struct bus_region r = { .name = name, .base = base, .size = size, .ops = ops, .opaque = opaque };
    return bus_insert(bus, &r);
}

const struct bus_region *bus_find(struct bus *bus, uint64_t pa)
{
    const struct bus_region *l = bus->last;
    if (l && pa - l->base < l->size)
        return l;
    size_t lo = 0, hi = bus->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct bus_region *r = &bus->regions[mid];
        if (pa < r->base)
            hi = mid;
        else if (pa - r->base >= r->size)
            lo = mid + 1;
        else
            return bus->last = r;
    }
    return NULL;
}

size_t bus_region_count(const struct bus *bus) { return bus->count; }
const struct bus_region *bus_region_at(const struct bus *bus, size_t i)
{
    return i < bus->count ? &bus->regions[i] : NULL;
}

static void code_written(struct bus *bus, const struct bus_region *r, uint64_t pa, uint64_t len)
{
    uint64_t first = (pa - r->base) >> BUS_PAGE_BITS, last = (pa + len - 1 - r->base) >> BUS_PAGE_BITS;
    for (uint64_t p = first; p <= last; p++) {
        if (r->code[p]) {
            r->code[p] = 0;
            if (bus->code_write)
                bus->code_write(bus->code_opaque, r->base + (p << BUS_PAGE_BITS));
        }
    }
}

/* One access that lies within a single region. */
/* RAM accesses of 1, 2, 4 or 8 bytes as fixed-size copies the compiler turns into one move:
 * a variable-size memcpy is a libc call, and on the benchmark hosts its AVX-512 variant was half
 * of the time of a TLB-missing workload (docs/performance.md, random_touch). */
static inline void ram_load(uint64_t *value, const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: *value = *p; break;
    case 2: { uint16_t v; memcpy(&v, p, 2); *value = v; break; }
    case 4: { uint32_t v; memcpy(&v, p, 4); *value = v; break; }
    case 8: memcpy(value, p, 8); break;
    default: *value = 0; memcpy(value, p, size); break;
    }
}
static inline void ram_store(uint8_t *p, uint64_t value, unsigned size)
{
    switch (size) {
    case 1: *p = (uint8_t)value; break;
    case 2: { uint16_t v = (uint16_t)value; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)value; memcpy(p, &v, 4); break; }
    case 8: memcpy(p, &value, 8); break;
    default: memcpy(p, &value, size); break;
    }
}

static enum bus_status region_access(struct bus *bus, const struct bus_region *r, uint64_t pa,
                                     unsigned size, uint64_t *value, bool write)
{
    uint64_t off = pa - r->base;
    if (r->host && (!r->ops || (r->romd && !write))) {
        if (write) {
            if (r->readonly) {
                log_msg(LOG_GUEST, "write to read-only %s at 0x%llx refused", r->name,
                        (unsigned long long)pa);
                return BUS_ERROR;
            }
            code_written(bus, r, pa, size);
            ram_store(r->host + off, *value, size); /* little-endian host */
        } else {
            ram_load(value, r->host + off, size);
        }
        return BUS_OK;
    }
    const struct mmio_ops *ops = r->ops;
    unsigned minw = ops->min_access ? ops->min_access : 1, maxw = ops->max_access ? ops->max_access : 8;
    if (size >= minw && size <= maxw && (off & (size - 1)) == 0) {
        if (write)
            return ops->write ? ops->write(r->opaque, off, size, *value) : BUS_ERROR;
        *value = 0;
        return ops->read ? ops->read(r->opaque, off, size, value) : BUS_ERROR;
    }
    /* Split into naturally aligned device-width pieces (read-modify for narrow accesses). */
    unsigned w = size < minw ? minw : (size > maxw ? maxw : minw);
    uint64_t result = 0;
    for (unsigned done = 0; done < size;) {
        uint64_t cur = off + done;
        uint64_t aligned = cur & ~(uint64_t)(w - 1);
        unsigned skip = (unsigned)(cur - aligned);
        unsigned take = w - skip < size - done ? w - skip : size - done;
        uint64_t piece = 0;
        /* Reads have side effects (FIFOs): only read for a partial write or for a read. */
        if ((!write || take < w) && (!ops->read || ops->read(r->opaque, aligned, w, &piece) != BUS_OK))
            return BUS_ERROR;
        uint64_t mask = take == 8 ? ~0ull : ((1ull << (take * 8)) - 1);
        if (write) {
            uint64_t bits = (*value >> (done * 8)) & mask;
            piece = (piece & ~(mask << (skip * 8))) | (bits << (skip * 8));
            if (!ops->write || ops->write(r->opaque, aligned, w, piece) != BUS_OK)
                return BUS_ERROR;
        } else {
            result |= ((piece >> (skip * 8)) & mask) << (done * 8);
        }
        done += take;
    }
    if (!write)
        *value = result;
    return BUS_OK;
}

static enum bus_status bus_access(struct bus *bus, uint64_t pa, unsigned size, uint64_t *value,
                                  bool write)
{
    const struct bus_region *r = bus_find(bus, pa);
    if (r && pa + size - 1 - r->base < r->size)
        return region_access(bus, r, pa, size, value, write);
    /* Crosses a region boundary or unclaimed: byte by byte, so a partial hit is still an error. */
    uint64_t result = 0;
    for (unsigned i = 0; i < size; i++) {
        const struct bus_region *rb = bus_find(bus, pa + i);
        if (!rb)
            return BUS_ERROR;
        uint64_t byte = write ? (*value >> (i * 8)) & 0xff : 0;
        if (region_access(bus, rb, pa + i, 1, &byte, write) != BUS_OK)
            return BUS_ERROR;
        result |= (byte & 0xff) << (i * 8);
    }
    if (!write)
        *value = result;
    return BUS_OK;
}

enum bus_status bus_read(struct bus *bus, uint64_t pa, unsigned size, uint64_t *value)
{
    return bus_access(bus, pa, size, value, false);
}

enum bus_status bus_write(struct bus *bus, uint64_t pa, unsigned size, uint64_t value)
{
    return bus_access(bus, pa, size, &value, true);
}

uint8_t *bus_ram_ptr(struct bus *bus, uint64_t pa, bool write)
{
    const struct bus_region *r = bus_find(bus, pa);
    if (!r || !r->host || (r->ops && (write || !r->romd)))
        return NULL;
    if (write && (r->readonly || r->code[(pa - r->base) >> BUS_PAGE_BITS]))
        return NULL;
    return r->host + (pa - r->base);
}

static bool bus_copy(struct bus *bus, uint64_t pa, void *data, size_t len, bool to_guest,
                     bool ignore_ro)
{
    uint8_t *d = data;
    while (len) {
        const struct bus_region *r = bus_find(bus, pa);
        if (!r || !r->host || (to_guest && r->readonly && !ignore_ro))
            return false;
        uint64_t off = pa - r->base;
        size_t n = r->size - off < len ? (size_t)(r->size - off) : len;
        if (to_guest) {
            code_written(bus, r, pa, n);
            memcpy(r->host + off, d, n);
        } else {
            memcpy(d, r->host + off, n);
        }
        d += n;
        pa += n;
        len -= n;
    }
    return true;
}

enum a64emu_err bus_load_block(struct bus *bus, uint64_t pa, const void *data, size_t len)
{
    if (len && pa + len - 1 < pa)
        return A64_ERR_RANGE;
    return bus_copy(bus, pa, (void *)data, len, true, true) ? A64_OK : A64_ERR_RANGE;
}

bool bus_copy_from(struct bus *bus, uint64_t pa, void *data, size_t len)
{
    return bus_copy(bus, pa, data, len, false, false);
}

bool bus_copy_to(struct bus *bus, uint64_t pa, const void *data, size_t len)
{
    return bus_copy(bus, pa, (void *)data, len, true, false);
}

void bus_host_written(struct bus *bus, uint64_t pa, uint64_t len)
{
    const struct bus_region *r = bus_find(bus, pa);
    if (r && r->host && len && pa - r->base + len <= r->size)
        code_written(bus, r, pa, len);
}

void bus_set_code_write_hook(struct bus *bus, bus_code_write_fn fn, void *opaque)
{
    bus->code_write = fn;
    bus->code_opaque = opaque;
}

bool bus_mark_code(struct bus *bus, uint64_t pa)
{
    const struct bus_region *r = bus_find(bus, pa);
    if (!r || !r->host)
        return false;
    r->code[(pa - r->base) >> BUS_PAGE_BITS] = 1;
    return true;
}
