/*
 * The host terminal as the guest console: raw mode while the guest runs (restored on every exit
 * path, signals included), non-blocking input, and the Ctrl-A escape (Ctrl-A x quits).
 */
#ifndef A64EMU_FRONTEND_TERM_H
#define A64EMU_FRONTEND_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Put stdin in raw mode if it is a terminal; installs the restore handlers (once). Again after
 * term_restore (back from the monitor): raw mode again. */
void term_init(void);
void term_restore(void);
/* Read what is available without blocking, handling the escape. Returns bytes stored;
 * sets *quit when the user asked to quit, *monitor when they asked for the monitor (Ctrl-A c);
 * *eof at end of input. */
size_t term_poll_input(uint8_t *buf, size_t max, bool *quit, bool *monitor, bool *eof);
/* Blocking read of one byte for semihosting SYS_READC (-1 at end of input). */
int term_read_byte(void);
void term_write(const void *buf, size_t len);

#endif
