/*
 * PL031 RTC. Registers from the PL031 TRM (DDI 0224B) section 3; PrimeCell ID values as QEMU's
 * pl031 (hw/rtc/pl031.c), which Linux's AMBA bus matches on (periph id 0x00041031).
 * Behaviour as QEMU's: RTCCR reads 1 (the counter always runs; the TRM's start bit cannot be
 * cleared once set, and QEMU starts it at reset); RTCLR sets the counter; RTCRIS bit 0 is set
 * when the counter reaches RTCMR; RTCMIS = RTCRIS & RTCIMSC drives the interrupt line.
 */
#include "devices/pl031.h"

#include <stdlib.h>
#include <time.h>

#include "util/log.h"
#include "util/snap.h"

enum {
    RTCDR = 0x000, RTCMR = 0x004, RTCLR = 0x008, RTCCR = 0x00c, RTCIMSC = 0x010, RTCRIS = 0x014,
    RTCMIS = 0x018, RTCICR = 0x01c,
};
#define PL031_SIZE 0x1000

struct pl031 {
    struct irq_line irq;
    pl031_clock_fn clock;
    void *clock_opaque;
    uint32_t offset;   /* counter = clock() + offset (mod 2^32) */
    uint32_t mr, lr, imsc, ris;
    uint32_t seen;     /* the counter at the last match check */
};

static uint64_t host_clock(void *opaque)
{
    (void)opaque;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec;
}

static uint32_t counter(const struct pl031 *r)
{
    return (uint32_t)r->clock(r->clock_opaque) + r->offset; /* unsigned: wraps as the 32-bit counter */
}

static void update_irq(struct pl031 *r)
{
    irq_set(&r->irq, (r->ris & r->imsc & 1) != 0);
}

void pl031_update(struct pl031 *r)
{
    uint32_t now = counter(r);
    /* Did the counter pass through MR in (seen, now]? Unsigned distances handle the wrap. */
    if (now != r->seen && (uint32_t)(r->mr - r->seen - 1) < (uint32_t)(now - r->seen))
        r->ris |= 1;
    r->seen = now;
    update_irq(r);
}

static enum bus_status pl031_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct pl031 *r = opaque;
    (void)size;
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    if (off >= 0xfe0 && off < 0x1000) {
        *value = id[(off - 0xfe0) >> 2];
        return BUS_OK;
    }
    pl031_update(r);
    switch (off) {
    case RTCDR: *value = counter(r); break;
    case RTCMR: *value = r->mr; break;
    case RTCLR: *value = r->lr; break;
    case RTCCR: *value = 1; break;
    case RTCIMSC: *value = r->imsc; break;
    case RTCRIS: *value = r->ris; break;
    case RTCMIS: *value = r->ris & r->imsc; break;
    default:
        log_msg(LOG_GUEST, "pl031: read of unknown offset 0x%03llx", (unsigned long long)off);
        *value = 0;
    }
    return BUS_OK;
}

static enum bus_status pl031_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct pl031 *r = opaque;
    (void)size;
    uint32_t v = (uint32_t)value;
    pl031_update(r);
    switch (off) {
    case RTCMR: r->mr = v; break;
    case RTCLR:
        r->lr = v;
        r->offset = v - (uint32_t)r->clock(r->clock_opaque);
        r->seen = v; /* a load is not a tick: no match for the value loaded */
        break;
    case RTCCR: break; /* the counter always runs (see the top of the file) */
    case RTCIMSC: r->imsc = v & 1; break;
    case RTCICR: r->ris &= ~(v & 1); break;
    case RTCDR: case RTCRIS: case RTCMIS:
        log_msg(LOG_GUEST, "pl031: write to read-only offset 0x%03llx", (unsigned long long)off);
        break;
    default:
        log_msg(LOG_GUEST, "pl031: write to unknown offset 0x%03llx", (unsigned long long)off);
    }
    update_irq(r);
    return BUS_OK;
}

static const struct mmio_ops pl031_ops = {
    .name = "pl031", .read = pl031_read, .write = pl031_write, .min_access = 4, .max_access = 4,
};

struct pl031 *pl031_create(struct bus *bus, uint64_t base, struct irq_line irq, pl031_clock_fn clock,
                           void *clock_opaque)
{
    struct pl031 *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irq = irq;
    r->clock = clock ? clock : host_clock;
    r->clock_opaque = clock_opaque;
    r->seen = counter(r);
    if (bus_add_mmio(bus, "pl031", base, PL031_SIZE, &pl031_ops, r) != A64_OK) {
        free(r);
        return NULL;
    }
    return r;
}

void pl031_destroy(struct pl031 *r)
{
    free(r);
}

void pl031_snap(struct snap *s, struct pl031 *r)
{
    snap_begin(s, "pl031");
    SNAP(s, r->offset);
    SNAP(s, r->mr);
    SNAP(s, r->lr);
    SNAP(s, r->imsc);
    SNAP(s, r->ris);
    SNAP(s, r->seen);
    snap_end(s);
}
