/* The trace reader (trace_reader.h). Every length and index from the file is checked before use. */
#include "trace/trace_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "trace/trace_format.h"

struct cpu_view {
    uint64_t state[TRACE_SLOT_SYSREG0 + 64];
    uint64_t last_pc, last_addr;
    uint8_t el, regime;
    uint16_t vmid, asid;
    bool seen_digest_pc;
    uint64_t digest_pc;
};

struct trace_reader {
    FILE *f;
    char path[512];
    uint64_t file_size, off;       /* off: file offset of the next chunk */
    struct trace_header hdr;
    unsigned nslots;
    uint8_t *raw, *z;
    size_t raw_len, pos;
    uint64_t chunk_off;            /* file offset of the current chunk */
    int cur_cpu;
    struct cpu_view *cpus;
    bool pending, ended, failed;
    struct trace_event ev;         /* the event being assembled */
    uint64_t ninsn, ndigests;
    char err[1024];
};

static int error(struct trace_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int error(struct trace_reader *r, const char *fmt, ...)
{
    if (!r->failed) {
        char msg[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        snprintf(r->err, sizeof r->err, "trace '%.500s': %s", r->path, msg);
    }
    r->failed = true;
    return -1;
}

const char *trace_reader_error(const struct trace_reader *r) { return r->err; }
const struct trace_header *trace_reader_header(const struct trace_reader *r) { return &r->hdr; }
uint64_t trace_reader_file_size(const struct trace_reader *r) { return r->file_size; }
uint64_t trace_reader_digests_checked(const struct trace_reader *r) { return r->ndigests; }
uint64_t trace_reader_bytes_read(const struct trace_reader *r) { return r->off; }

/* ---- bounded decoding of a byte range ---- */

struct cursor { const uint8_t *p; size_t len, pos; bool bad; };

static uint64_t cur_varint(struct cursor *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (c->pos >= c->len) {
            c->bad = true;
            return 0;
        }
        uint8_t b = c->p[c->pos++];
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    c->bad = true; /* more than 10 bytes */
    return 0;
}

static uint8_t cur_u8(struct cursor *c)
{
    if (c->pos >= c->len) {
        c->bad = true;
        return 0;
    }
    return c->p[c->pos++];
}

static uint32_t cur_u32(struct cursor *c)
{
    if (c->len - c->pos < 4 || c->pos > c->len) {
        c->bad = true;
        return 0;
    }
    uint32_t v = trace_get_le32(c->p + c->pos);
    c->pos += 4;
    return v;
}

/* ---- open ---- */

static bool read_exact(struct trace_reader *r, void *buf, size_t n)
{
    return fread(buf, 1, n, r->f) == n;
}

struct trace_reader *trace_reader_open(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "trace '%s': cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct trace_reader *r = calloc(1, sizeof *r);
    r->f = f;
    snprintf(r->path, sizeof r->path, "%s", path);
    struct stat st;
    r->file_size = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : 0;
    r->nslots = trace_slot_count();
    r->cur_cpu = -1;
    uint8_t hdr[16];
    if (!read_exact(r, hdr, 16)) {
        error(r, "truncated at offset %llu: the file is %llu bytes, shorter than the 16-byte header",
              (unsigned long long)r->file_size, (unsigned long long)r->file_size);
        goto fail;
    }
    if (memcmp(hdr, TRACE_MAGIC, 8) != 0) {
        error(r, "not an a64emu trace (offset 0: bad magic, expected \"%s\")", TRACE_MAGIC);
        goto fail;
    }
    r->hdr.format_version = trace_get_le32(hdr + 8);
    if (r->hdr.format_version != TRACE_FORMAT_VERSION) {
        error(r, "offset 8: format version %u, this a64emu reads version %u", r->hdr.format_version,
              TRACE_FORMAT_VERSION);
        goto fail;
    }
    uint32_t blen = trace_get_le32(hdr + 12);
    if (blen > TRACE_HEADER_MAX) {
        error(r, "offset 12: header length %u is larger than the %u allowed (corrupt)", blen, TRACE_HEADER_MAX);
        goto fail;
    }
    uint8_t *body = malloc((size_t)blen + 4);
    if (!read_exact(r, body, (size_t)blen + 4)) {
        free(body);
        error(r, "truncated at offset %llu: the header needs %u bytes from offset 16",
              (unsigned long long)r->file_size, blen + 4);
        goto fail;
    }
    if (trace_get_le32(body + blen) != (uint32_t)crc32(0, body, blen)) {
        free(body);
        error(r, "offset 16: header checksum mismatch (corrupt header)");
        goto fail;
    }
    struct cursor c = { body, blen, 0, false };
    uint64_t vl = cur_varint(&c);
    if (!c.bad && vl <= blen - c.pos) {
        snprintf(r->hdr.version, sizeof r->hdr.version, "%.*s", (int)(vl < 63 ? vl : 63), (const char *)body + c.pos);
        c.pos += vl;
    } else
        c.bad = true;
    uint64_t cl = c.bad ? 0 : cur_varint(&c);
    if (!c.bad && cl <= blen - c.pos) {
        size_t o = 0;
        for (uint64_t i = 0; i < cl && o + 1 < sizeof r->hdr.cmdline; i++) {
            char ch = (char)body[c.pos + i];
            r->hdr.cmdline[o++] = ch ? ch : ' ';
        }
        while (o && r->hdr.cmdline[o - 1] == ' ')
            o--;
        r->hdr.cmdline[o] = 0;
        c.pos += cl;
    } else
        c.bad = true;
    uint64_t ncpus = cur_varint(&c);
    r->hdr.digest_every = cur_varint(&c);
    free(body);
    if (c.bad || ncpus == 0 || ncpus > TRACE_MAX_CPUS) {
        error(r, "offset 16: malformed header body (corrupt)");
        goto fail;
    }
    r->hdr.ncpus = (unsigned)ncpus;
    r->cpus = calloc(ncpus, sizeof *r->cpus);
    for (unsigned i = 0; i < ncpus; i++)
        r->cpus[i].last_pc = UINT64_MAX - 3;
    r->off = 16 + (uint64_t)blen + 4;
    r->raw = malloc(TRACE_CHUNK_RAW_MAX);
    r->z = malloc(compressBound(TRACE_CHUNK_RAW_MAX));
    return r;
fail:
    snprintf(err, errlen, "%s", r->err);
    trace_reader_close(r);
    return NULL;
}

void trace_reader_close(struct trace_reader *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free(r->raw), free(r->z), free(r->cpus), free(r);
}

/* ---- chunks ---- */

/* Load the next chunk: 1, 0 at the end of the file, -1 on damage. */
static int load_chunk(struct trace_reader *r)
{
    uint8_t h[16];
    size_t got = fread(h, 1, 16, r->f);
    if (got == 0)
        return 0;
    if (got < 16)
        return error(r, "truncated at offset %llu: a chunk header at offset %llu is cut short",
                     (unsigned long long)(r->off + got), (unsigned long long)r->off);
    uint32_t magic = trace_get_le32(h), rawlen = trace_get_le32(h + 4), zlen = trace_get_le32(h + 8);
    if (magic != TRACE_CHUNK_MAGIC)
        return error(r, "offset %llu: bad chunk magic (corrupt, or not a chunk boundary)", (unsigned long long)r->off);
    if (rawlen == 0 || rawlen > TRACE_CHUNK_RAW_MAX || zlen == 0 || zlen > compressBound(TRACE_CHUNK_RAW_MAX))
        return error(r, "offset %llu: impossible chunk sizes (%u bytes, %u compressed): corrupt",
                     (unsigned long long)r->off, rawlen, zlen);
    got = fread(r->z, 1, zlen, r->f);
    if (got < zlen)
        return error(r, "truncated at offset %llu: the chunk at offset %llu needs %u bytes, the file has %zu",
                     (unsigned long long)(r->off + 16 + got), (unsigned long long)r->off, zlen, got);
    if ((uint32_t)crc32(0, r->z, zlen) != trace_get_le32(h + 12))
        return error(r, "offset %llu: chunk checksum mismatch (corrupt data in bytes %llu-%llu)",
                     (unsigned long long)r->off, (unsigned long long)r->off + 16,
                     (unsigned long long)(r->off + 16 + zlen - 1));
    uLongf out = rawlen;
    if (uncompress(r->raw, &out, r->z, zlen) != Z_OK || out != rawlen)
        return error(r, "offset %llu: chunk does not decompress to its stated %u bytes (corrupt)",
                     (unsigned long long)r->off, rawlen);
    r->chunk_off = r->off;
    r->off += 16 + (uint64_t)zlen;
    r->raw_len = rawlen;
    r->pos = 0;
    return 1;
}

/* ---- records ---- */

static int bad_record(struct trace_reader *r, size_t at, const char *what)
{
    return error(r, "chunk at offset %llu, byte %zu of its data: %s (corrupt)", (unsigned long long)r->chunk_off,
                 at, what);
}

static void begin_event(struct trace_reader *r, enum trace_ev_kind k)
{
    struct trace_event *e = &r->ev;
    struct cpu_view *v = &r->cpus[r->cur_cpu];
    e->kind = k;
    e->cpu = (unsigned)r->cur_cpu;
    e->insn = r->ninsn;
    e->file_offset = r->chunk_off;
    e->el = v->el, e->regime = v->regime, e->vmid = v->vmid, e->asid = v->asid;
    e->nzcv_before = v->state[TRACE_SLOT_NZCV];
    e->nregs = e->nmem = 0;
    r->pending = true;
}

static void copy_event(struct trace_event *dst, const struct trace_event *src)
{
    memcpy(dst, src, offsetof(struct trace_event, regs));
    memcpy(dst->regs, src->regs, src->nregs * sizeof src->regs[0]);
    memcpy(dst->mem, src->mem, src->nmem * sizeof src->mem[0]);
}

int trace_reader_next(struct trace_reader *r, struct trace_event *out)
{
    if (r->failed)
        return -1;
    if (r->ended)
        return 0;
    for (;;) {
        if (r->pos >= r->raw_len) {
            int lc = load_chunk(r);
            if (lc < 0)
                return -1;
            if (lc == 0)
                return error(r, "truncated at offset %llu: the file ends without its end record (an "
                                "interrupted run, or a file cut short)", (unsigned long long)r->off);
        }
        size_t at = r->pos;
        struct cursor c = { r->raw, r->raw_len, r->pos, false };
        uint8_t tag = cur_u8(&c);
        bool is_effect = tag == TT_REG || tag == TT_MEM_R || tag == TT_MEM_W;
        if (!is_effect && r->pending && tag >= TT_INSN && tag <= TT_END) {
            /* The pending event is complete: nothing after this tag belongs to it. */
            r->pending = false;
            copy_event(out, &r->ev);
            return 1;
        }
        if (tag != TT_CPU && tag != TT_END && r->cur_cpu < 0)
            return bad_record(r, at, "a record before the first vCPU record");
        struct cpu_view *v = r->cur_cpu >= 0 ? &r->cpus[r->cur_cpu] : NULL;
        struct trace_event *e = &r->ev;
        switch (tag) {
        case TT_INSN:
        case TT_INSN_SEQ: {
            uint64_t pc = v->last_pc + 4;
            if (tag == TT_INSN)
                pc += (uint64_t)trace_unzigzag(cur_varint(&c));
            uint32_t op = cur_u32(&c);
            if (c.bad)
                break;
            if (v->seen_digest_pc && v->digest_pc != pc)
                return bad_record(r, at, "the instruction's PC is not the one its digest named");
            v->seen_digest_pc = false;
            begin_event(r, TEV_INSN);
            e->pc = pc;
            e->opcode = op;
            v->last_pc = pc;
            r->ninsn++;
            break;
        }
        case TT_CPU: {
            uint64_t n = cur_varint(&c);
            if (!c.bad && n >= r->hdr.ncpus)
                return bad_record(r, at, "vCPU number beyond the header's vCPU count");
            r->cur_cpu = (int)n;
            break;
        }
        case TT_CTX: {
            uint8_t el = cur_u8(&c), regime = cur_u8(&c);
            uint64_t vmid = cur_varint(&c), asid = cur_varint(&c);
            if (!c.bad && (el > 3 || regime > TRACE_REGIME_EL20 || vmid > 0xffff || asid > 0xffff))
                return bad_record(r, at, "impossible context record");
            v->el = el, v->regime = regime, v->vmid = (uint16_t)vmid, v->asid = (uint16_t)asid;
            break;
        }
        case TT_REG: {
            uint8_t slot = cur_u8(&c);
            uint64_t diff = cur_varint(&c);
            if (c.bad)
                break;
            if (!r->pending || e->cpu != (unsigned)r->cur_cpu)
                return bad_record(r, at, "a register record outside an event of its vCPU");
            if (slot >= r->nslots)
                return bad_record(r, at, "register slot beyond the table");
            if (e->nregs >= TRACE_EV_MAX_REGS)
                return bad_record(r, at, "too many register records in one event");
            struct trace_reg *g = &e->regs[e->nregs++];
            g->slot = slot;
            g->old = v->state[slot];
            g->val = v->state[slot] ^= diff;
            break;
        }
        case TT_MEM_R:
        case TT_MEM_W: {
            uint8_t size = cur_u8(&c);
            uint64_t d = cur_varint(&c), val = cur_varint(&c);
            if (c.bad)
                break;
            if (!r->pending || e->cpu != (unsigned)r->cur_cpu)
                return bad_record(r, at, "a memory record outside an event of its vCPU");
            if (size == 0 || size > 8 || (size & (size - 1)))
                return bad_record(r, at, "memory access size not 1, 2, 4 or 8");
            if (e->nmem >= TRACE_EV_MAX_MEM)
                return bad_record(r, at, "too many memory records in one event");
            struct trace_mem *m = &e->mem[e->nmem++];
            m->write = tag == TT_MEM_W;
            m->size = size;
            m->addr = v->last_addr += (uint64_t)trace_unzigzag(d);
            m->value = val;
            break;
        }
        case TT_EXC: {
            uint8_t type = cur_u8(&c), from = cur_u8(&c), to = cur_u8(&c);
            uint64_t esr = cur_varint(&c), ret = cur_varint(&c);
            uint8_t fv = cur_u8(&c);
            uint64_t far = fv == 1 ? cur_varint(&c) : 0;
            if (c.bad)
                break;
            if (type > 3 || from > 3 || to > 3 || esr > UINT32_MAX || fv > 1)
                return bad_record(r, at, "impossible exception record");
            begin_event(r, TEV_EXC);
            e->exc_type = type, e->from_el = from, e->to_el = to;
            e->esr = (uint32_t)esr, e->ret_pc = ret, e->far_valid = fv, e->far = far;
            break;
        }
        case TT_GAP:
        case TT_SYNC: {
            uint64_t n = tag == TT_GAP ? cur_varint(&c) : 0;
            if (c.bad)
                break;
            begin_event(r, tag == TT_GAP ? TEV_GAP : TEV_SYNC);
            e->skipped = n;
            break;
        }
        case TT_DIGEST: {
            uint64_t icount = cur_varint(&c), pc = cur_varint(&c);
            uint32_t lo = cur_u32(&c), hi = cur_u32(&c);
            if (c.bad)
                break;
            uint64_t h = (uint64_t)hi << 32 | lo;
            if (h != trace_digest(v->state, r->nslots, pc, icount)) {
                char what[160];
                snprintf(what, sizeof what, "state digest at instruction count %llu does not match the "
                         "state rebuilt from the records", (unsigned long long)icount);
                return bad_record(r, at, what);
            }
            v->seen_digest_pc = true;
            v->digest_pc = pc;
            r->ndigests++;
            break;
        }
        case TT_END: {
            uint64_t n = cur_varint(&c);
            if (c.bad)
                break;
            if (n != r->ninsn)
                return bad_record(r, at, "the end record's instruction count differs from the records");
            if (c.pos != r->raw_len || fgetc(r->f) != EOF)
                return bad_record(r, at, "data after the end record");
            r->ended = true;
            return 0;
        }
        default: {
            char what[64];
            snprintf(what, sizeof what, "unknown record tag 0x%02x", tag);
            return bad_record(r, at, what);
        }
        }
        if (c.bad)
            return bad_record(r, at, "record cut short at the end of its chunk");
        r->pos = c.pos;
    }
}
