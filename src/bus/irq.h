/*
 * An interrupt line (TinyEMU IRQSignal): a device raises or lowers it without knowing what is on
 * the other end (a GIC, a redistributor, a test stub, or nothing yet).
 */
#ifndef A64EMU_BUS_IRQ_H
#define A64EMU_BUS_IRQ_H

struct irq_line {
    void (*set)(void *opaque, int line, int level); /* NULL: not connected */
    void *opaque;
    int line;
};

static inline void irq_set(const struct irq_line *irq, int level)
{
    if (irq->set)
        irq->set(irq->opaque, irq->line, level);
}

#endif
