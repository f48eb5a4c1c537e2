/* hello: a greeting through the PL011 UART and through semihosting; exits 0. */
#include "rom.h"

int main(void)
{
    uart_puts("hello from the UART\n");
    sh_puts("hello from semihosting\n");
    sh_putc('!');
    sh_putc('\n');
    return 0;
}
