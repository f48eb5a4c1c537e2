/*
 * PL061 GPIO. Registers from the PL061 TRM (DDI 0190B) section 3: GPIODATA is addressed through
 * a mask (offset bits [9:2] select which lines a read returns and a write changes), GPIODIR
 * chooses outputs, and IS/IBE/IEV choose level or edge detection per line; RIS holds the raw
 * interrupt state, MIS = RIS & IE drives the one combined interrupt line. PrimeCell IDs as QEMU's
 * pl061 (hw/gpio/pl061.c), periph id 0x00041061 for Linux's AMBA bus.
 */
#include "devices/pl061.h"

#include <stdlib.h>

#include "util/log.h"
#include "util/snap.h"

enum {
    GPIODATA_END = 0x400, GPIODIR = 0x400, GPIOIS = 0x404, GPIOIBE = 0x408, GPIOIEV = 0x40c,
    GPIOIE = 0x410, GPIORIS = 0x414, GPIOMIS = 0x418, GPIOIC = 0x41c, GPIOAFSEL = 0x420,
};
#define PL061_SIZE 0x1000

struct pl061 {
    struct irq_line irq;
    uint8_t data;   /* output latch */
    uint8_t in;     /* levels driven from outside */
    uint8_t dir, is, ibe, iev, ie, ris, afsel;
    uint8_t old;    /* line levels at the last edge check */
};

/* What each line carries: the latch for outputs, the outside level for inputs. */
static uint8_t levels(const struct pl061 *g)
{
    return (uint8_t)((g->data & g->dir) | (g->in & ~g->dir));
}

/* Edge-sensitive lines latch into RIS on a change of an input (as QEMU: a line the PL061 drives
 * itself raises no edge interrupt); level-sensitive ones follow the level. */
static void update(struct pl061 *g)
{
    uint8_t now = levels(g), changed = (uint8_t)((now ^ g->old) & ~g->dir);
    uint8_t edge = changed & ~g->is & (g->ibe | ~(now ^ g->iev)); /* both edges, or the IEV one */
    g->ris |= edge;
    uint8_t level = g->is & ~(now ^ g->iev); /* IEV 1: high, 0: low */
    g->ris = (uint8_t)((g->ris & ~g->is) | level);
    g->old = now;
    irq_set(&g->irq, (g->ris & g->ie) != 0);
}

static enum bus_status pl061_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct pl061 *g = opaque;
    (void)size;
    /* PeriphID2 0x04: revision 0, as QEMU 7.2 answers (checked by roms/board_devices in lockstep) */
    static const uint8_t id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    if (off >= 0xfe0 && off < 0x1000) {
        *value = id[(off - 0xfe0) >> 2];
        return BUS_OK;
    }
    if (off < GPIODATA_END) {
        *value = levels(g) & (off >> 2);
        return BUS_OK;
    }
    switch (off) {
    case GPIODIR: *value = g->dir; break;
    case GPIOIS: *value = g->is; break;
    case GPIOIBE: *value = g->ibe; break;
    case GPIOIEV: *value = g->iev; break;
    case GPIOIE: *value = g->ie; break;
    case GPIORIS: *value = g->ris; break;
    case GPIOMIS: *value = g->ris & g->ie; break;
    case GPIOAFSEL: *value = g->afsel; break;
    default:
        log_msg(LOG_GUEST, "pl061: read of unknown offset 0x%03llx", (unsigned long long)off);
        *value = 0;
    }
    return BUS_OK;
}

static enum bus_status pl061_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct pl061 *g = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    if (off < GPIODATA_END) {
        uint8_t mask = (uint8_t)(off >> 2) & g->dir; /* only output lines take the value */
        g->data = (uint8_t)((g->data & ~mask) | (v & mask));
    } else {
        switch (off) {
        case GPIODIR: g->dir = v; break;
        case GPIOIS: g->is = v; break;
        case GPIOIBE: g->ibe = v; break;
        case GPIOIEV: g->iev = v; break;
        case GPIOIE: g->ie = v; break;
        case GPIOIC: g->ris &= (uint8_t)~v; break; /* level lines re-assert in update() */
        case GPIOAFSEL: g->afsel = v; break;
        case GPIORIS: case GPIOMIS:
            log_msg(LOG_GUEST, "pl061: write to read-only offset 0x%03llx", (unsigned long long)off);
            break;
        default:
            log_msg(LOG_GUEST, "pl061: write to unknown offset 0x%03llx", (unsigned long long)off);
        }
    }
    update(g);
    return BUS_OK;
}

static const struct mmio_ops pl061_ops = {
    .name = "pl061", .read = pl061_read, .write = pl061_write, .min_access = 4, .max_access = 4,
};

struct pl061 *pl061_create(struct bus *bus, uint64_t base, struct irq_line irq)
{
    struct pl061 *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->irq = irq;
    if (bus_add_mmio(bus, "pl061", base, PL061_SIZE, &pl061_ops, g) != A64_OK) {
        free(g);
        return NULL;
    }
    return g;
}

void pl061_destroy(struct pl061 *g)
{
    free(g);
}

void pl061_set_input(struct pl061 *g, unsigned line, int level)
{
    if (line >= 8)
        return;
    uint8_t bit = (uint8_t)(1u << line);
    g->in = level ? (uint8_t)(g->in | bit) : (uint8_t)(g->in & ~bit);
    update(g);
}

uint8_t pl061_lines(const struct pl061 *g)
{
    return levels(g);
}

void pl061_snap(struct snap *s, struct pl061 *g)
{
    snap_begin(s, "pl061");
    SNAP(s, g->data);
    SNAP(s, g->in);
    SNAP(s, g->dir);
    SNAP(s, g->is);
    SNAP(s, g->ibe);
    SNAP(s, g->iev);
    SNAP(s, g->ie);
    SNAP(s, g->ris);
    SNAP(s, g->afsel);
    SNAP(s, g->old);
    snap_end(s);
}
