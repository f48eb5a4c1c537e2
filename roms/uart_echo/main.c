/*
 * uart_echo: input for record/replay tests (tests/scripts/test_replay.sh). Polls the PL011's
 * receive FIFO (UARTFR.RXFE) and prints each byte with the system counter value at which it was
 * read, so the output depends on when the input arrived. Waits up to 2^27 counter ticks (2.1 s)
 * for the first byte, busy (the replay watchdog's test: a guest waiting for input a log lacks),
 * then stops at 'q' or when nothing arrives for 2^24 ticks (268 ms). Exits 0 (with no input
 * too, as under ctest).
 */
#include "rom.h"

#define UARTDR (UART0_BASE + 0x000)
#define UARTFR (UART0_BASE + 0x018)
#define FR_RXFE (1u << 4)
#define FIRST_TICKS (1ull << 27)
#define QUIET_TICKS (1ull << 24)

static inline uint32_t r32(uint64_t a) { return *(volatile uint32_t *)a; }

int main(void)
{
    uint64_t last = read_sysreg(cntvct_el0);
    unsigned n = 0;
    for (;;) {
        uint64_t now = read_sysreg(cntvct_el0);
        if (!(r32(UARTFR) & FR_RXFE)) {
            char c = (char)(r32(UARTDR) & 0xff);
            uart_puts("got ");
            put_hex((uint64_t)(unsigned char)c);
            uart_puts(" at ");
            put_dec(now);
            uart_puts("\n");
            n++;
            last = now;
            if (c == 'q')
                break;
        } else if (now - last > (n ? QUIET_TICKS : FIRST_TICKS)) {
            uart_puts("quiet\n");
            break;
        }
    }
    uart_puts("bytes: ");
    put_dec(n);
    uart_puts("\n");
    return 0;
}
