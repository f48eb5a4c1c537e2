/*
 * CFI flash, Intel command set (pflash_cfi01.h). The state machine follows QEMU 7.2's model, not
 * a real StrataFlash, wherever the two differ, because firmware is tested against QEMU:
 *  - the write cycle counter (`wcycle`) and the command byte (`cmd`) are QEMU's: 0 in `cmd` is
 *    read-array mode, and the array is mapped for reads exactly when cmd == 0;
 *  - block erase (0x20) erases at once, the confirm (0xD0) only completes the sequence;
 *  - program writes the bytes as given (no AND of 1 bits into 0s);
 *  - buffered program collects the data in a write buffer of the bank's buffer size (2 KiB per
 *    part, 4 KiB for the bank) and writes it to the array at the confirm; a data word outside the
 *    buffer's window sets the program error bit, and then, or with anything but the confirm, the
 *    buffer is dropped. This is the write buffer Debian's QEMU 7.2 (7.2.22, with upstream's
 *    "hw/pflash: implement update buffer for block writes") has, with one deliberate difference:
 *    the window is the aligned block of the first data word, as on Intel's parts, where that
 *    QEMU takes the address of the word-count write. U-Boot writes the count at the erase-block
 *    base and the data 4 KiB and more further on, so its saveenv fails on that QEMU and works
 *    here (tests/scripts/test_pflash.sh); EDK2 writes the count at the data address, where the
 *    two agree;
 *  - lock/unlock (0x60 + 0x01/0xD0) are accepted and change nothing: blocks never lock;
 *  - identifier and CFI reads answer for the word at offset / bank width, whatever the byte lane,
 *    replicated for each device of the bank.
 * A sequence the model does not know returns the part to read-array mode with a guest-error line.
 */
#include "devices/pflash_cfi01.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"
#include "util/snap.h"

struct pflash {
    struct bus *bus;
    struct pflash_config cfg;
    uint8_t *array;          /* the bus region's host memory */
    int fd;                  /* backing file, -1 without one */
    uint8_t cfi[PFLASH_CFI_TABLE_SIZE];
    unsigned addr_shift;     /* query address = offset >> addr_shift (log2 of the bank width) */
    /* Command state (saved in snapshots). */
    uint32_t wcycle;         /* write cycles of the current command seen so far */
    uint8_t cmd;             /* the command in progress; 0: read array */
    uint8_t status;
    uint32_t counter;        /* buffered program: data writes still to come, minus one */
    bool buf_active;         /* buffered program between the count and the confirm */
    bool buf_placed;         /* its window is set (by the first data word) */
    uint64_t buf_base;       /* the window: buf_size-aligned array offset */
    uint32_t buf_size;       /* the bank's write buffer: 2^CFI[0x2A] bytes per part */
    uint8_t *buf;
};

static unsigned log2u(unsigned v)
{
    unsigned n = 0;
    while (v > 1) {
        v >>= 1;
        n++;
    }
    return n;
}

/* The query table QEMU 7.2 builds for a cfi01 part (per device of the bank). */
static void build_cfi_table(struct pflash *f)
{
    const struct pflash_config *c = &f->cfg;
    unsigned ndev = c->bank_width / c->device_width;
    uint64_t blocks = c->size / c->sector_len, sector_per_dev = c->sector_len / ndev;
    uint64_t dev_len = sector_per_dev * blocks;
    uint8_t *t = f->cfi;
    memset(t, 0, PFLASH_CFI_TABLE_SIZE);
    static const uint8_t head[] = {
        [0x10] = 'Q', 'R', 'Y',     /* query string */
        [0x13] = 0x01, 0x00,        /* primary command set: Intel/Sharp extended */
        [0x15] = 0x31, 0x00,        /* primary extended table at 0x31 */
        [0x1B] = 0x45, 0x55,        /* Vcc min/max 4.5 V, 5.5 V */
        [0x1F] = 0x07, 0x07, 0x0a,  /* typical timeouts: word program, buffer program, block erase */
        [0x23] = 0x04, 0x04, 0x04,  /* maximum timeouts (x 2^n the typical) */
        [0x28] = 0x02, 0x00,        /* interface: x8/x16 asynchronous */
        [0x2C] = 0x01,              /* one erase block region */
        [0x31] = 'P', 'R', 'I', '1', '0',
        [0x3F] = 0x01,              /* protection fields */
    };
    memcpy(t, head, sizeof head);
    t[0x27] = (uint8_t)log2u((unsigned)(dev_len > 0x80000000u ? 0x80000000u : dev_len)); /* device size 2^n */
    t[0x2A] = c->bank_width == 1 ? 0x08 : 0x0B; /* write buffer 2^n bytes per device */
    t[0x2D] = (uint8_t)(blocks - 1);
    t[0x2E] = (uint8_t)((blocks - 1) >> 8);
    t[0x2F] = (uint8_t)(sector_per_dev >> 8);
    t[0x30] = (uint8_t)(sector_per_dev >> 16);
}

/* One device's answer in each device lane of the bank (QEMU: deposit32 per device). */
static uint32_t replicate(const struct pflash *f, uint32_t resp)
{
    unsigned dw = f->cfg.device_width;
    uint32_t lane = dw >= 4 ? resp : resp & ((1u << (8 * dw)) - 1);
    for (unsigned i = dw; i < f->cfg.bank_width; i += dw)
        resp |= lane << (8 * i);
    return resp;
}

static uint32_t id_query(const struct pflash *f, uint64_t off)
{
    uint64_t q = (off >> f->addr_shift) & 0xff; /* higher bits select the block (lock status) */
    if (q > 1)
        return 0; /* block lock status and the rest: not modelled, 0 as QEMU */
    return replicate(f, f->cfg.ident[q]);
}

static uint32_t cfi_query(const struct pflash *f, uint64_t off)
{
    uint64_t q = off >> f->addr_shift;
    return q < PFLASH_CFI_TABLE_SIZE ? replicate(f, f->cfi[q]) : 0;
}

static uint32_t status_word(const struct pflash *f, unsigned size)
{
    uint32_t v = f->status;
    for (unsigned sh = f->cfg.device_width; sh + f->cfg.device_width <= size; sh += f->cfg.device_width)
        v |= (uint32_t)f->status << (8 * sh);
    return v;
}

/* Write [off, off + len) of the array back to the file. QEMU reports a failed update and goes on;
 * so does this (the guest's view stays what it programmed). */
static void persist(struct pflash *f, uint64_t off, uint64_t len)
{
    bus_host_written(f->bus, f->cfg.base + off, len); /* decoded instructions there are stale */
    if (f->fd < 0)
        return;
    const uint8_t *p = f->array + off;
    while (len) {
        ssize_t n = pwrite(f->fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            log_msg(LOG_UNIMP, "%s: cannot update '%s': %s", f->cfg.name, f->cfg.path, n < 0 ? strerror(errno) : "short write");
            return;
        }
        p += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
}

static void data_write(struct pflash *f, uint64_t off, unsigned size, uint64_t value)
{
    for (unsigned i = 0; i < size; i++)
        f->array[off + i] = (uint8_t)(value >> (8 * i)); /* little-endian bus */
    persist(f, off, size);
}

/* A data word of a buffered program: into the write buffer, whose window the first word sets. */
static void buffer_write(struct pflash *f, uint64_t off, unsigned size, uint64_t value)
{
    if (!f->buf_active) { /* read-only */
        f->status |= PFLASH_SR_PROGRAM_ERROR;
        return;
    }
    if (!f->buf_placed) {
        f->buf_base = off & ~(uint64_t)(f->buf_size - 1);
        memcpy(f->buf, f->array + f->buf_base, f->buf_size);
        f->buf_placed = true;
    }
    if (off < f->buf_base || off + size > f->buf_base + f->buf_size) {
        f->status |= PFLASH_SR_PROGRAM_ERROR;
        return;
    }
    for (unsigned i = 0; i < size; i++)
        f->buf[off - f->buf_base + i] = (uint8_t)(value >> (8 * i));
}

static void set_array_mode(struct pflash *f, bool on)
{
    bus_set_romd(f->bus, f->cfg.base, on);
}

static void read_array(struct pflash *f)
{
    f->buf_active = false; /* an unconfirmed buffer is dropped */
    f->wcycle = 0;
    f->cmd = 0x00;
}

static void bad_sequence(struct pflash *f, uint64_t off, uint64_t value)
{
    log_msg(LOG_GUEST, "%s: unimplemented flash command sequence (offset 0x%llx, cycle %u, command 0x%02x, "
            "value 0x%llx): back to read-array mode", f->cfg.name, (unsigned long long)off, f->wcycle, f->cmd,
            (unsigned long long)value);
    read_array(f);
}

/* First cycle: the command byte. Returns false for a command the part does not have. */
static bool first_cycle(struct pflash *f, uint64_t off, uint8_t cmd)
{
    switch (cmd) {
    case 0x00: /* QEMU's read-array value (not a CFI command) */
    case 0xF0: /* AMD reset, sent by probes of the other command set */
    case 0xFF: /* read array */
        read_array(f);
        return true;
    case 0x50: /* clear status register */
        f->status = 0;
        read_array(f);
        return true;
    case 0x70: /* read status register */
    case 0x90: /* read identifier */
        f->cmd = cmd; /* a one-cycle command: the next write is a new command */
        return true;
    case 0x20: { /* block erase: done at once, as QEMU */
        uint64_t base = off & ~(uint64_t)(f->cfg.sector_len - 1);
        if (f->cfg.readonly) {
            f->status |= PFLASH_SR_ERASE_ERROR;
        } else {
            memset(f->array + base, 0xff, f->cfg.sector_len);
            persist(f, base, f->cfg.sector_len);
        }
        f->status |= PFLASH_SR_READY;
        break;
    }
    case 0xE8: /* write to buffer */
        f->status |= PFLASH_SR_READY;
        break;
    case 0x10: case 0x40: /* word program */
    case 0x60:            /* block lock/unlock setup */
    case 0x98:            /* CFI query */
        break;
    default:
        return false;
    }
    f->wcycle = 1;
    f->cmd = cmd;
    return true;
}

static void cmd_write(struct pflash *f, uint64_t off, unsigned size, uint64_t value)
{
    uint8_t cmd = (uint8_t)value;
    switch (f->wcycle) {
    case 0:
        if (!first_cycle(f, off, cmd))
            bad_sequence(f, off, value);
        return;
    case 1:
        switch (f->cmd) {
        case 0x10: case 0x40: /* the word to program */
            if (f->cfg.readonly)
                f->status |= PFLASH_SR_PROGRAM_ERROR;
            else
                data_write(f, off, size, value);
            f->status |= PFLASH_SR_READY;
            f->wcycle = 0; /* reads now return the status until the next command */
            return;
        case 0x20:
            if (cmd == 0xD0) { /* erase confirm */
                f->wcycle = 0;
                f->status |= PFLASH_SR_READY;
            } else if (cmd == 0xFF) {
                read_array(f);
            } else {
                bad_sequence(f, off, value);
            }
            return;
        case 0x60:
            if (cmd == 0xD0 || cmd == 0x01) { /* unlock / lock: accepted, no block ever locks */
                f->wcycle = 0;
                f->status |= PFLASH_SR_READY;
            } else {
                read_array(f); /* QEMU: unknown (un)locking command, quietly */
            }
            return;
        case 0x98:
            if (cmd == 0xFF)
                read_array(f);
            /* anything else: QEMU stays in query mode */
            return;
        case 0xE8: /* word count minus one, per device */
            f->counter = (uint32_t)(value & ((f->cfg.device_width >= 4 ? 0 : 1ull << (8 * f->cfg.device_width)) - 1));
            f->wcycle = 2;
            f->buf_active = !f->cfg.readonly;
            f->buf_placed = false;
            return;
        }
        break;
    case 2:
        if (f->cmd != 0xE8)
            break;
        buffer_write(f, off, size, value);
        f->status |= PFLASH_SR_READY;
        if (f->counter == 0)
            f->wcycle = 3; /* the last data word: the confirm comes next */
        else
            f->counter--;
        return;
    case 3:
        if (f->cmd != 0xE8)
            break;
        if (cmd == 0xD0 && !(f->status & PFLASH_SR_PROGRAM_ERROR)) {
            if (f->buf_active && f->buf_placed) {
                memcpy(f->array + f->buf_base, f->buf, f->buf_size);
                persist(f, f->buf_base, f->buf_size);
            }
            f->buf_active = false;
            f->wcycle = 0;
            f->status |= PFLASH_SR_READY;
        } else {
            log_msg(LOG_GUEST, "%s: buffered program %s: the buffer is dropped; read-array mode", f->cfg.name,
                    cmd == 0xD0 ? "with a program error" : "not confirmed");
            read_array(f);
        }
        return;
    }
    bad_sequence(f, off, value);
}

static enum bus_status pflash_mmio_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct pflash *f = opaque;
    uint32_t v;
    switch (f->cmd) {
    case 0x00: { /* read array through MMIO: only between a write and the return to ROM mode */
        uint64_t d = 0;
        for (unsigned i = 0; i < size; i++)
            d |= (uint64_t)f->array[off + i] << (8 * i);
        *value = d;
        return BUS_OK;
    }
    case 0x90: v = id_query(f, off); break;
    case 0x98: v = cfi_query(f, off); break;
    default: v = status_word(f, size); break; /* every other command reads the status */
    }
    *value = size >= 4 ? v : v & ((1u << (8 * size)) - 1);
    return BUS_OK;
}

static enum bus_status pflash_mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct pflash *f = opaque;
    cmd_write(f, off, size, value);
    /* The array is mapped exactly in read-array mode (QEMU turns ROM mode off at every first
     * cycle and on again at read array; only the end state is visible, and a 0xFF in read-array
     * mode then costs no TLB flush). */
    set_array_mode(f, f->cmd == 0x00);
    return BUS_OK;
}

static const struct mmio_ops pflash_ops = {
    .name = "pflash_cfi01", .read = pflash_mmio_read, .write = pflash_mmio_write, .min_access = 1, .max_access = 4,
};

/* Open and read the backing file into *data (malloc'd) before anything is mapped, so a bad file
 * leaves the bus untouched. */
static bool open_backing(struct pflash *f, uint8_t **data, char *err, size_t errlen)
{
    const struct pflash_config *c = &f->cfg;
    f->fd = open(c->path, (c->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (f->fd < 0) {
        snprintf(err, errlen, "%s: cannot open '%s'%s: %s", c->name, c->path, c->readonly ? "" : " for writing",
                 strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: '%s' is not a regular file", c->name, c->path);
        return false;
    }
    if ((uint64_t)st.st_size != c->size) { /* QEMU's blk_check_size_and_read_all() */
        snprintf(err, errlen, "%s: '%s': device requires %llu bytes, block backend provides %llu bytes "
                 "(a flash image is exactly the bank size: truncate -s %lluM FILE)", c->name, c->path,
                 (unsigned long long)c->size, (unsigned long long)st.st_size, (unsigned long long)(c->size >> 20));
        return false;
    }
    *data = malloc(c->size);
    if (!*data) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (uint64_t done = 0; done < c->size;) {
        ssize_t n = pread(f->fd, *data + done, c->size - done, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "%s: cannot read '%s': %s", c->name, c->path, n < 0 ? strerror(errno) : "short file");
            return false;
        }
        done += (uint64_t)n;
    }
    return true;
}

struct pflash *pflash_create(struct bus *bus, const struct pflash_config *cfg, char *err, size_t errlen)
{
    const struct pflash_config *c = cfg;
    bool pow2 = c->bank_width && !(c->bank_width & (c->bank_width - 1)) && c->device_width &&
                !(c->device_width & (c->device_width - 1));
    if (!pow2 || c->bank_width > 4 || c->device_width > c->bank_width || !c->sector_len ||
        (c->sector_len & (c->sector_len - 1)) || c->size % c->sector_len || c->size / c->sector_len > 0x10000) {
        snprintf(err, errlen, "%s: unsupported flash geometry", c->name);
        return NULL;
    }
    struct pflash *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f->bus = bus;
    f->cfg = *cfg;
    f->fd = -1;
    f->addr_shift = log2u(c->bank_width);
    build_cfi_table(f);
    f->buf_size = (1u << f->cfi[0x2A]) * (c->bank_width / c->device_width);
    f->buf = malloc(f->buf_size);
    if (!f->buf) {
        snprintf(err, errlen, "out of memory");
        pflash_destroy(f);
        return NULL;
    }
    uint8_t *data = NULL;
    if (c->path && !open_backing(f, &data, err, errlen)) {
        free(data);
        pflash_destroy(f);
        return NULL;
    }
    if (bus_add_romd(bus, c->name, c->base, c->size, &pflash_ops, f, &f->array) != A64_OK) {
        snprintf(err, errlen, "%s: cannot map %llu MiB of flash at 0x%llx", c->name, (unsigned long long)(c->size >> 20),
                 (unsigned long long)c->base);
        free(data);
        pflash_destroy(f);
        return NULL;
    }
    if (data)
        memcpy(f->array, data, c->size);
    free(data);
    pflash_reset(f);
    return f;
}

void pflash_destroy(struct pflash *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    free(f->buf);
    free(f); /* the array belongs to the bus region */
}

void pflash_reset(struct pflash *f)
{
    f->status = PFLASH_SR_READY;
    f->counter = 0;
    read_array(f);
    set_array_mode(f, true);
}

enum pflash_mode pflash_mode(const struct pflash *f)
{
    switch (f->cmd) {
    case 0x00: return PFLASH_READ_ARRAY;
    case 0x90: return PFLASH_READ_ID;
    case 0x98: return PFLASH_CFI_QUERY;
    case 0x10: case 0x40: return f->wcycle ? PFLASH_PROGRAM : PFLASH_READ_STATUS;
    case 0x20: return f->wcycle ? PFLASH_ERASE : PFLASH_READ_STATUS;
    case 0x60: return f->wcycle ? PFLASH_LOCK : PFLASH_READ_STATUS;
    case 0xE8: return f->wcycle == 1 ? PFLASH_BUFFER_COUNT : f->wcycle == 2 ? PFLASH_BUFFER_DATA
                    : f->wcycle == 3 ? PFLASH_BUFFER_CONFIRM : PFLASH_READ_STATUS;
    default: return PFLASH_READ_STATUS;
    }
}

const char *pflash_mode_name(enum pflash_mode mode)
{
    static const char *const names[] = {
        [PFLASH_READ_ARRAY] = "read-array", [PFLASH_READ_STATUS] = "read-status", [PFLASH_READ_ID] = "read-identifier",
        [PFLASH_CFI_QUERY] = "cfi-query", [PFLASH_PROGRAM] = "word-program", [PFLASH_ERASE] = "block-erase",
        [PFLASH_LOCK] = "lock-setup", [PFLASH_BUFFER_COUNT] = "buffer-count", [PFLASH_BUFFER_DATA] = "buffer-data",
        [PFLASH_BUFFER_CONFIRM] = "buffer-confirm",
    };
    return (unsigned)mode < sizeof names / sizeof names[0] ? names[mode] : "?";
}

uint8_t pflash_status(const struct pflash *f) { return f->status; }
const char *pflash_region_mode(const struct bus_region *r)
{
    return r && r->ops == &pflash_ops ? pflash_mode_name(pflash_mode(r->opaque)) : NULL;
}
uint8_t *pflash_array(struct pflash *f) { return f->array; }
const uint8_t *pflash_cfi_table(const struct pflash *f) { return f->cfi; }

void pflash_snap(struct snap *s, struct pflash *f, unsigned index)
{
    char tag[SNAP_TAG_MAX];
    snprintf(tag, sizeof tag, "pflash%u", index);
    snap_begin(s, tag);
    snap_check_u64(s, "flash bytes", f->cfg.size);
    SNAP(s, f->wcycle);
    SNAP(s, f->cmd);
    SNAP(s, f->status);
    SNAP(s, f->counter);
    SNAP(s, f->buf_active);
    SNAP(s, f->buf_placed);
    SNAP(s, f->buf_base);
    snap_check_u64(s, "write buffer bytes", f->buf_size);
    if (!s->failed)
        snap_bytes(s, f->buf, f->buf_size);
    snap_end(s);
    if (s->load && !s->failed) {
        static const uint8_t known[] = { 0x00, 0x10, 0x20, 0x40, 0x60, 0x70, 0x90, 0x98, 0xE8 };
        bool ok = memchr(known, f->cmd, sizeof known) != NULL && f->wcycle <= 3 && (f->cmd != 0 || f->wcycle == 0) &&
                  f->buf_base <= f->cfg.size - f->buf_size && !(f->buf_base & (f->buf_size - 1));
        if (!ok) {
            snap_fail(s, "%s: command 0x%02x at cycle %u is not a state of the model", tag, f->cmd, f->wcycle);
            pflash_reset(f);
            return;
        }
        set_array_mode(f, f->cmd == 0x00);
    }
}
