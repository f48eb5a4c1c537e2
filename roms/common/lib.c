/* The ROM library (rom.h): output, checks, exception dispatch. */
#include "rom.h"

void sh_putc(char c)
{
    semihost_call(SYS_WRITEC, (uint64_t)(uintptr_t)&c);
}

void sh_puts(const char *s)
{
    semihost_call(SYS_WRITE0, (uint64_t)(uintptr_t)s);
}

/* PL011: DR at +0x00, FR at +0x18 with TXFF in bit 5. */
void uart_putc(char c)
{
    volatile uint32_t *uart = (volatile uint32_t *)UART0_BASE;
    while (uart[0x18 / 4] & (1u << 5))
        ;
    uart[0] = (uint8_t)c;
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

void puts_(const char *s)
{
    sh_puts(s);
}

void put_hex(uint64_t v)
{
    char buf[19];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 16; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
    buf[18] = 0;
    sh_puts(buf);
}

void put_dec(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sh_puts(&buf[i]);
}

static void put_loc(const char *file, int line)
{
    sh_puts(file);
    sh_puts(":");
    put_dec((uint64_t)line);
    sh_puts(": ");
}

void check_fail(const char *file, int line, const char *expr)
{
    put_loc(file, line);
    sh_puts("CHECK failed: ");
    sh_puts(expr);
    sh_puts("\n");
    rom_exit(ROM_EXIT_CHECK_FAILED);
}

void check_eq_fail(const char *file, int line, const char *expr, uint64_t got, uint64_t want)
{
    put_loc(file, line);
    sh_puts("CHECK_EQ failed: ");
    sh_puts(expr);
    sh_puts(" = ");
    put_hex(got);
    sh_puts(", expected ");
    put_hex(want);
    sh_puts("\n");
    rom_exit(ROM_EXIT_CHECK_FAILED);
}

static exc_handler_fn sync_handler;

void rom_set_sync_handler(exc_handler_fn fn)
{
    sync_handler = fn;
}

static exc_handler_fn lower_sync_handler;

void rom_set_lower_sync_handler(exc_handler_fn fn)
{
    lower_sync_handler = fn;
}

static exc_handler_fn irq_handler, fiq_handler;

void rom_set_irq_handler(exc_handler_fn fn)
{
    irq_handler = fn;
}

void rom_set_fiq_handler(exc_handler_fn fn)
{
    fiq_handler = fn;
}

static const char *const vector_names[16] = {
    "current EL SP0 sync", "current EL SP0 IRQ", "current EL SP0 FIQ", "current EL SP0 SError",
    "current EL SPx sync", "current EL SPx IRQ", "current EL SPx FIQ", "current EL SPx SError",
    "lower EL A64 sync", "lower EL A64 IRQ", "lower EL A64 FIQ", "lower EL A64 SError",
    "lower EL A32 sync", "lower EL A32 IRQ", "lower EL A32 FIQ", "lower EL A32 SError",
};

void rom_exception(uint64_t vector, struct exc_frame *frame)
{
    if (vector == 4 && sync_handler && sync_handler(frame))
        return;
    if (vector == 8 && lower_sync_handler && lower_sync_handler(frame))
        return;
    if (vector == 5 && irq_handler && irq_handler(frame))
        return;
    if (vector == 6 && fiq_handler && fiq_handler(frame))
        return;
    sh_puts("unexpected exception: ");
    sh_puts(vector < 16 ? vector_names[vector] : "?");
    sh_puts("\n  ESR_EL1=");
    put_hex(frame->esr);
    sh_puts(" (EC ");
    put_hex(ESR_EC(frame->esr));
    sh_puts(")\n  ELR_EL1=");
    put_hex(frame->elr);
    sh_puts("\n  FAR_EL1=");
    put_hex(frame->far);
    sh_puts("\n  SPSR_EL1=");
    put_hex(frame->spsr);
    sh_puts("\n");
    rom_exit(ROM_EXIT_UNEXPECTED);
}

/* The compiler may emit calls to these even with -ffreestanding. */
void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    while (n--)
        *p++ = (unsigned char)c;
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}
