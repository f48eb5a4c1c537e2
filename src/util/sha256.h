/*
 * SHA-256 (FIPS 180-4), for the replay log's payload hashes and the machine state digest
 * (src/replay). Incremental: init, update any number of times, final.
 */
#ifndef A64EMU_UTIL_SHA256_H
#define A64EMU_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
    uint32_t h[8];
    uint64_t len;        /* bytes hashed so far */
    uint8_t buf[64];
    size_t fill;         /* bytes waiting in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
/* Lower-case hex of a digest into out (2 * SHA256_LEN + 1 bytes). */
void sha256_hex(const uint8_t d[SHA256_LEN], char *out);

#endif
