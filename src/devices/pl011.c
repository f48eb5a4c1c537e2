/*
 * PL011 UART. Register offsets and reset values from the PL011 TRM (DDI 0183G) section 3.
 * Only what software observes is modelled: no baud-rate timing (transmit completes at once),
 * FIFOs of 32 entries when LCR_H.FEN is set and 1 entry otherwise, interrupts RX/TX/RT via
 * IMSC/RIS/MIS/ICR on one combined line.
 */
#include "devices/pl011.h"

#include <stdlib.h>

#include "util/log.h"
#include "util/snap.h"

enum {
    UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTILPR = 0x020, UARTIBRD = 0x024,
    UARTFBRD = 0x028, UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034, UARTIMSC = 0x038,
    UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044, UARTDMACR = 0x048,
};
enum { FR_RXFE = 1u << 4, FR_TXFF = 1u << 5, FR_RXFF = 1u << 6, FR_TXFE = 1u << 7 };
enum { INT_RX = 1u << 4, INT_TX = 1u << 5, INT_RT = 1u << 6 };
enum { LCR_FEN = 1u << 4 };
#define PL011_FIFO 32

struct pl011 {
    struct irq_line irq;
    pl011_tx_fn tx;
    void *tx_opaque;
    uint8_t rx[PL011_FIFO];
    unsigned rx_head, rx_count;
    uint32_t lcr, cr, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr;
};

static unsigned fifo_depth(const struct pl011 *u) { return (u->lcr & LCR_FEN) ? PL011_FIFO : 1; }

static void update_irq(struct pl011 *u)
{
    irq_set(&u->irq, (u->ris & u->imsc) != 0);
}

static void update_rx_status(struct pl011 *u)
{
    if (u->rx_count)
        u->ris |= INT_RX | INT_RT;
    else
        u->ris &= ~(uint32_t)(INT_RX | INT_RT);
    update_irq(u);
}

static enum bus_status pl011_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct pl011 *u = opaque;
    (void)size;
    static const uint8_t id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    if (off >= 0xfe0 && off < 0x1000) {
        *value = id[(off - 0xfe0) >> 2];
        return BUS_OK;
    }
    switch (off) {
    case UARTDR:
        if (u->rx_count) {
            *value = u->rx[u->rx_head];
            u->rx_head = (u->rx_head + 1) % PL011_FIFO;
            u->rx_count--;
        } else {
            *value = 0;
        }
        update_rx_status(u);
        return BUS_OK;
    case UARTRSR: *value = 0; return BUS_OK;
    case UARTFR:
        *value = FR_TXFE | (u->rx_count ? 0 : FR_RXFE) | (u->rx_count >= fifo_depth(u) ? FR_RXFF : 0);
        return BUS_OK;
    case UARTILPR: *value = u->ilpr; return BUS_OK;
    case UARTIBRD: *value = u->ibrd; return BUS_OK;
    case UARTFBRD: *value = u->fbrd; return BUS_OK;
    case UARTLCR_H: *value = u->lcr; return BUS_OK;
    case UARTCR: *value = u->cr; return BUS_OK;
    case UARTIFLS: *value = u->ifls; return BUS_OK;
    case UARTIMSC: *value = u->imsc; return BUS_OK;
    case UARTRIS: *value = u->ris; return BUS_OK;
    case UARTMIS: *value = u->ris & u->imsc; return BUS_OK;
    case UARTDMACR: *value = u->dmacr; return BUS_OK;
    default:
        log_msg(LOG_GUEST, "pl011: read of unknown register offset 0x%llx", (unsigned long long)off);
        *value = 0;
        return BUS_OK; /* reserved offsets read as zero on the real part */
    }
}

static enum bus_status pl011_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct pl011 *u = opaque;
    (void)size;
    uint32_t v = (uint32_t)value;
    switch (off) {
    case UARTDR:
        if (u->tx)
            u->tx(u->tx_opaque, (uint8_t)v);
        u->ris |= INT_TX; /* the transmit FIFO drains at once */
        update_irq(u);
        return BUS_OK;
    case UARTRSR: return BUS_OK; /* write clears errors; none are modelled */
    case UARTILPR: u->ilpr = v & 0xff; return BUS_OK;
    case UARTIBRD: u->ibrd = v & 0xffff; return BUS_OK;
    case UARTFBRD: u->fbrd = v & 0x3f; return BUS_OK;
    case UARTLCR_H:
        if ((u->lcr ^ v) & LCR_FEN) { /* changing FEN flushes the FIFOs */
            u->rx_count = 0;
            u->rx_head = 0;
        }
        u->lcr = v & 0xff;
        update_rx_status(u);
        return BUS_OK;
    case UARTCR: u->cr = v & 0xffff; return BUS_OK;
    case UARTIFLS: u->ifls = v & 0x3f; return BUS_OK;
    case UARTIMSC: u->imsc = v & 0x7ff; update_irq(u); return BUS_OK;
    case UARTICR: u->ris &= ~v; update_rx_status(u); return BUS_OK;
    case UARTDMACR: u->dmacr = v & 7; return BUS_OK;
    default:
        log_msg(LOG_GUEST, "pl011: write of 0x%x to read-only or unknown offset 0x%llx", v, (unsigned long long)off);
        return BUS_OK;
    }
}

static const struct mmio_ops pl011_ops = {
    .name = "pl011", .read = pl011_read, .write = pl011_write, .min_access = 1, .max_access = 4,
};

struct pl011 *pl011_create(struct bus *bus, uint64_t base, struct irq_line irq, pl011_tx_fn tx,
                           void *tx_opaque)
{
    struct pl011 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->irq = irq;
    u->tx = tx;
    u->tx_opaque = tx_opaque;
    u->cr = 0x300;   /* TXE, RXE (reset value, TRM 3.3.8) */
    u->ifls = 0x12;  /* 1/2 full both ways */
    if (bus_add_mmio(bus, "pl011", base, 0x1000, &pl011_ops, u) != A64_OK) {
        free(u);
        return NULL;
    }
    return u;
}

void pl011_destroy(struct pl011 *u)
{
    free(u);
}

size_t pl011_rx_room(const struct pl011 *u)
{
    return fifo_depth(u) - u->rx_count;
}

void pl011_receive(struct pl011 *u, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i < len && u->rx_count < fifo_depth(u); i++) {
        u->rx[(u->rx_head + u->rx_count) % PL011_FIFO] = data[i];
        u->rx_count++;
    }
    update_rx_status(u);
}

bool pl011_rx_can_interrupt(const struct pl011 *uart)
{
    return (uart->imsc & (1u << 4 | 1u << 6)) != 0; /* RXIM, RTIM */
}

void pl011_snap(struct snap *s, struct pl011 *u)
{
    snap_begin(s, "pl011");
    SNAP(s, u->rx);
    SNAP(s, u->rx_head);
    SNAP(s, u->rx_count);
    SNAP(s, u->lcr);
    SNAP(s, u->cr);
    SNAP(s, u->ibrd);
    SNAP(s, u->fbrd);
    SNAP(s, u->ifls);
    SNAP(s, u->imsc);
    SNAP(s, u->ris);
    SNAP(s, u->dmacr);
    SNAP(s, u->ilpr);
    snap_end(s);
    if (s->load && (u->rx_head >= PL011_FIFO || u->rx_count > PL011_FIFO))
        snap_fail(s, "pl011: receive FIFO indices out of range");
}
