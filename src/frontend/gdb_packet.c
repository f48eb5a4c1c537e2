/* Framing, checksums, hex and binary escaping of the gdb remote protocol (gdb_packet.h). */
#include "frontend/gdb_packet.h"

#include <string.h>

void gdb_rx_init(struct gdb_rx *rx)
{
    rx->state = GDB_RX_IDLE;
    rx->len = 0;
    rx->overflow = false;
    rx->sum = 0;
    rx->csum_hi = 0;
    rx->buf[0] = 0;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c)
{
    switch (rx->state) {
    case GDB_RX_IDLE:
        if (c == '$') {
            rx->state = GDB_RX_BODY;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        return c == '+' ? GDB_RX_ACK : c == '-' ? GDB_RX_NACK : c == 0x03 ? GDB_RX_INTERRUPT : GDB_RX_NONE;
    case GDB_RX_BODY:
        if (c == '#') {
            rx->state = GDB_RX_CSUM1;
            return GDB_RX_NONE;
        }
        if (c == '$') { /* a new start inside a packet: gdb gave up on the old one */
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + c);
        if (rx->len < GDB_PACKET_SIZE)
            rx->buf[rx->len++] = (char)c;
        else
            rx->overflow = true;
        return GDB_RX_NONE;
    case GDB_RX_CSUM1:
        rx->csum_hi = gdb_hexval(c);
        rx->state = GDB_RX_CSUM2;
        return GDB_RX_NONE;
    case GDB_RX_CSUM2: {
        int lo = gdb_hexval(c);
        rx->state = GDB_RX_IDLE;
        rx->buf[rx->len] = 0;
        if (rx->overflow)
            return GDB_RX_OVERSIZE;
        if (rx->csum_hi < 0 || lo < 0 || (unsigned)(rx->csum_hi << 4 | lo) != rx->sum)
            return GDB_RX_BAD_CSUM;
        return GDB_RX_PACKET;
    }
    }
    return GDB_RX_NONE;
}

uint8_t gdb_checksum(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint8_t s = 0;
    for (size_t i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

int gdb_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool gdb_parse_hex(const char **p, uint64_t *out)
{
    uint64_t v = 0;
    unsigned n = 0;
    const char *s = *p;
    for (int d; (d = gdb_hexval((unsigned char)*s)) >= 0; s++) {
        if (++n > 16)
            return false;
        v = v << 4 | (uint64_t)d;
    }
    if (!n)
        return false;
    *p = s;
    *out = v;
    return true;
}

void gdb_hex_encode(const void *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * len] = 0;
}

bool gdb_hex_decode(const char *hex, size_t len, void *out)
{
    uint8_t *o = out;
    for (size_t i = 0; i < len; i++) {
        int hi = gdb_hexval((unsigned char)hex[2 * i]);
        if (hi < 0)
            return false;
        int lo = gdb_hexval((unsigned char)hex[2 * i + 1]);
        if (lo < 0)
            return false;
        o[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

long gdb_unescape(char *data, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '}') {
            if (++i == len)
                return -1;
            data[o++] = (char)(data[i] ^ 0x20);
        } else {
            data[o++] = data[i];
        }
    }
    return (long)o;
}

static bool special(uint8_t c)
{
    return c == '$' || c == '#' || c == '}' || c == '*';
}

size_t gdb_frame(const void *body, size_t len, bool binary, char *out, size_t outsize)
{
    const uint8_t *p = body;
    size_t o = 0;
    uint8_t sum = 0;
    if (outsize < 4)
        return 0;
    out[o++] = '$';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = p[i];
        if (special(c)) {
            if (!binary)
                return 0;
            if (o + 2 > outsize - 3)
                return 0;
            out[o++] = '}';
            sum = (uint8_t)(sum + '}');
            c ^= 0x20;
        } else if (o + 1 > outsize - 3) {
            return 0;
        }
        out[o++] = (char)c;
        sum = (uint8_t)(sum + c);
    }
    static const char digits[] = "0123456789abcdef";
    out[o++] = '#';
    out[o++] = digits[sum >> 4];
    out[o++] = digits[sum & 15];
    return o;
}
