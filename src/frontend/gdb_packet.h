/*
 * The GDB Remote Serial Protocol's framing (gdb's "Overview" of the remote protocol): a packet
 * is $BODY#CC with CC the modulo-256 sum of BODY in two hex digits; '+'/'-' acknowledge in ack
 * mode; a lone 0x03 is an interrupt (Ctrl-C). Binary data (X packets, qXfer replies) escapes
 * '#', '$', '}' and '*' as '}' followed by the byte XOR 0x20. Pure functions, no I/O: the unit
 * test (tests/unit/test_gdb_packet.c) and the packet fuzzer exercise them directly.
 */
#ifndef A64EMU_FRONTEND_GDB_PACKET_H
#define A64EMU_FRONTEND_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet body accepted (advertised as qSupported PacketSize); larger ones are
 * discarded whole and answered with an error. */
#define GDB_PACKET_SIZE 0x4000

enum gdb_rx_event {
    GDB_RX_NONE,      /* byte consumed, nothing complete yet */
    GDB_RX_PACKET,    /* rx->buf[0..len) holds a body with a good checksum (NUL-terminated) */
    GDB_RX_BAD_CSUM,  /* a packet ended with a wrong or malformed checksum */
    GDB_RX_OVERSIZE,  /* a packet longer than GDB_PACKET_SIZE ended */
    GDB_RX_ACK,       /* '+' outside a packet */
    GDB_RX_NACK,      /* '-' outside a packet: resend the last reply */
    GDB_RX_INTERRUPT, /* 0x03 outside a packet */
};

struct gdb_rx {
    enum { GDB_RX_IDLE, GDB_RX_BODY, GDB_RX_CSUM1, GDB_RX_CSUM2 } state;
    bool overflow;
    uint8_t sum;
    int csum_hi;
    size_t len;
    char buf[GDB_PACKET_SIZE + 1];
};

void gdb_rx_init(struct gdb_rx *rx);
/* Feed one received byte; bytes outside a packet other than + - 0x03 are ignored. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c);

uint8_t gdb_checksum(const void *data, size_t len);
/* A hex digit's value, or -1. */
int gdb_hexval(int c);
/* Parse 1..16 hex digits at *p, advancing *p; false if none or too many. */
bool gdb_parse_hex(const char **p, uint64_t *out);
/* Bytes to lowercase hex (2*len chars, NUL-terminated): out must hold 2*len + 1. */
void gdb_hex_encode(const void *data, size_t len, char *out);
/* Exactly 2*len hex digits to bytes; false on a bad digit. */
bool gdb_hex_decode(const char *hex, size_t len, void *out);
/* Undo binary escaping in place over [data, data + len): returns the decoded length, or -1 for
 * a trailing lone '}'. */
long gdb_unescape(char *data, size_t len);
/* Frame a reply: $BODY#CC into out (escaping when binary); returns its length, or 0 if out is
 * too small. A non-binary body must not contain '$', '#', '*' or '}': those bytes are refused
 * (0 returned), since gdb reads them as framing or run-length marks. */
size_t gdb_frame(const void *body, size_t len, bool binary, char *out, size_t outsize);

#endif
