#include "frontend/term.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static volatile sig_atomic_t raw_active;
static bool escape_pending;
static bool handlers_installed;

/* Ctrl-A h: the escape keys a64emu implements (QEMU's list, less what it has no use for). */
static const char escape_help[] = "\r\nC-a h    print this help\r\n"
                                  "C-a x    exit emulator\r\n"
                                  "C-a c    switch between console and monitor\r\n"
                                  "C-a C-a  sends C-a\r\n";

void term_restore(void)
{
    if (raw_active) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        raw_active = 0;
    }
}

static void on_signal(int sig)
{
    term_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

void term_init(void)
{
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
        return;
    struct termios raw = saved;
    raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    raw.c_cflag |= CS8;
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
        return;
    raw_active = 1;
    if (handlers_installed)
        return;
    handlers_installed = true;
    atexit(term_restore);
    static const int sigs[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGABRT, SIGSEGV, SIGBUS };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], on_signal);
}

size_t term_poll_input(uint8_t *buf, size_t max, bool *quit, bool *monitor, bool *eof)
{
    size_t n = 0;
    *quit = false;
    *monitor = false;
    while (n < max) {
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
            break;
        uint8_t c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r <= 0) {
            *eof = true;
            break;
        }
        if (raw_active && escape_pending) {
            escape_pending = false;
            if (c == 'x' || c == 'X') {
                *quit = true;
                break;
            }
            if (c == 'c' || c == 'C') {
                *monitor = true;
                break;
            }
            if (c == 'h' || c == 'H' || c == '?') {
                term_write(escape_help, sizeof escape_help - 1);
                continue;
            }
            if (c != 1)
                continue;
        } else if (raw_active && c == 1) { /* Ctrl-A */
            escape_pending = true;
            continue;
        }
        buf[n++] = c;
    }
    return n;
}

int term_read_byte(void)
{
    uint8_t c;
    return read(STDIN_FILENO, &c, 1) == 1 ? c : -1;
}

void term_write(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t w = write(STDOUT_FILENO, p, len);
        if (w <= 0)
            return;
        p += w;
        len -= (size_t)w;
    }
}
