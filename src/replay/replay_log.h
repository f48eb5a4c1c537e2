/*
 * The replay log file (--record / --replay; docs/record-replay.md gives the layout in full):
 *
 *   "A64EMURL"  u32 format version  u32 header length H  u32 CRC-32 of the header  header (H bytes)
 *   chunks:     "CHNK"  u32 compressed length  u32 length  u32 CRC-32 of the data  zlib data
 *
 * All integers little-endian. The header is text, one "key=value" line each (version, the
 * machine options, a SHA-256 per payload file: replay_header.h). A chunk's data is a sequence
 * of events {u8 type, u64 instruction count, u64 virtual time (ns), u32 length, bytes}: console
 * input is delivered when both match (an idle machine polls input at one count before and after
 * its clock jumps to a timer deadline); the writer flushes a chunk
 * every 64 KiB of events and at the end. The last event is RP_EV_END and nothing follows its
 * chunk, so a log cut anywhere is seen as truncated; every error names its byte offset.
 */
#ifndef A64EMU_REPLAY_REPLAY_LOG_H
#define A64EMU_REPLAY_REPLAY_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RP_MAGIC "A64EMURL"
#define RP_FORMAT_VERSION 1u
#define RP_MAX_HEADER (1u << 20)
#define RP_MAX_CHUNK (16u << 20)
#define RP_CHUNK_FLUSH (64u << 10)
#define RP_EV_HDR 21u /* type, instruction count, virtual time, length */

/* Event types. Values are part of the file format: never renumber. */
enum rp_event_type {
    RP_EV_INPUT = 1,     /* host console input (UART, or the stdio virtconsole) delivered at a
                            machine instruction count */
    RP_EV_SEMI_READ = 2, /* a semihosting console read (SYS_READC/SYS_READ): 1 byte, or none for
                            end of input; replayed in order */
    RP_EV_RANDOM = 3,    /* reserved: host random data (deterministic mode has none today) */
    RP_EV_HOST_TIME = 4, /* reserved: a host clock reading (deterministic mode has none today) */
    RP_EV_NET_RX = 5,    /* reserved: a network packet delivered to a NIC (virtio-net hook) */
    RP_EV_END = 15,      /* how the run ended: struct rp_end */
};

/* RP_EV_END's payload. */
#define RP_END_MAX_CPUS 8
struct rp_end {
    uint32_t stop;             /* enum machine_stop */
    int32_t status;            /* a64emu's exit status */
    uint8_t digest[32];        /* replay_digest() at the end */
    uint64_t vtime_ns;         /* virtual time at the end (the replay watchdog's bound) */
    uint32_t ncpus;
    uint64_t cpu_icount[RP_END_MAX_CPUS];
};
bool rp_end_encode(const struct rp_end *e, uint8_t *buf, size_t cap, uint32_t *len);
bool rp_end_decode(const uint8_t *buf, uint32_t len, struct rp_end *e);

struct rp_writer;
/* Create path and write the header; NULL with a message in err on failure. */
struct rp_writer *rp_writer_open(const char *path, const char *header, char *err, size_t errlen);
bool rp_writer_event(struct rp_writer *w, enum rp_event_type type, uint64_t icount, uint64_t vtime_ns, const void *data,
                     uint32_t len);
/* Flush the last chunk and close; false (message in err) if any write failed. Frees w. */
bool rp_writer_close(struct rp_writer *w, char *err, size_t errlen);

struct rp_event {
    enum rp_event_type type;
    uint64_t icount;
    uint64_t vtime_ns;     /* the machine's virtual time at the event */
    uint32_t len;
    const uint8_t *data;   /* into the log's data buffer */
    uint64_t file_offset;  /* of the chunk holding it, for messages */
};

struct rp_log {
    char *header;          /* NUL-terminated text */
    struct rp_event *ev;
    size_t nev;
    uint8_t *data;         /* every chunk's uncompressed bytes */
    size_t data_len;
};

/* Read and check a whole log: magic, version, CRCs, lengths, event framing, exactly one END at
 * the end. On failure returns false with "'PATH': <what> at byte N" in err. */
bool rp_log_read(const char *path, struct rp_log *log, char *err, size_t errlen);
void rp_log_free(struct rp_log *log);

#endif
