/*
 * gic_uart: the PL011's interrupt (SPI 1, INTID 33) through the GICv3. With UARTIMSC.TXIM set,
 * a write to UARTDR raises the transmit interrupt (the FIFO drains at once, as QEMU's model);
 * the handler acknowledges INTID 33, checks UARTMIS, clears it with UARTICR and EOIs. Also:
 * masking TXIM drops the line (HPPIR reads spurious), and the SPI is level-sensitive (pending
 * in GICD_ISPENDR while the UART holds it).
 */
#include "../gic_common/gic_rom.h"

#define UARTDR (UART0_BASE + 0x000)
#define UARTIMSC (UART0_BASE + 0x038)
#define UARTRIS (UART0_BASE + 0x03c)
#define UARTMIS (UART0_BASE + 0x040)
#define UARTICR (UART0_BASE + 0x044)
#define TXIM (1u << 5)

static volatile unsigned irqs;

static int on_irq(struct exc_frame *f)
{
    (void)f;
    uint64_t id = SR_READ(ICC_IAR1_EL1);
    CHECK_EQ(id, 33);
    CHECK_EQ(mmio_r32(UARTMIS), TXIM);
    mmio_w32(UARTICR, TXIM);
    SR_WRITE(ICC_EOIR1_EL1, id);
    irqs++;
    return 1;
}

int main(void)
{
    gic_dist_init();
    gic_cpu_init();
    /* ICC_CTLR_EL1 identification: compared with QEMU in lockstep. (GICD_TYPER is not read:
     * it differs on purpose, QEMU 7.2 has LPIs and no 1-of-N routing.) */
    uint64_t ctlr = OPAQUE(SR_READ(ICC_CTLR_EL1));
    CHECK_EQ(ctlr & 3, 0);
    gic_enable_spi(33, 0xa0, 0);
    rom_set_irq_handler(on_irq);
    mmio_w32(UARTICR, 0x7ff);
    mmio_w32(UARTIMSC, TXIM);
    irq_unmask();
    for (unsigned i = 0; i < 3; i++) {
        mmio_w32(UARTDR, (uint32_t)("ok\n"[i]));
        __asm__ volatile("isb");
    }
    CHECK_EQ(irqs, 3);
    /* The line follows RIS & IMSC: pending in the distributor, gone when masked at the UART. */
    irq_mask();
    mmio_w32(UARTDR, '\n');
    CHECK_EQ(mmio_r32(UARTRIS) & TXIM, TXIM);
    CHECK_EQ(mmio_r32(GICD_BASE + 0x204) & 2u, 2u); /* ISPENDR1: INTID 33 */
    CHECK_EQ(SR_READ(ICC_HPPIR1_EL1), 33);
    mmio_w32(UARTIMSC, 0);
    CHECK_EQ(mmio_r32(GICD_BASE + 0x204) & 2u, 0);
    CHECK_EQ(SR_READ(ICC_HPPIR1_EL1), GIC_SPURIOUS);
    puts_("gic_uart: ok\n");
    return 0;
}
