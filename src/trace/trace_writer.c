/*
 * The trace writer (trace_writer.h, format in docs/trace-format.md).
 *
 * Register writes are found by comparison, not by instrumenting every execute function: each
 * traced vCPU keeps a shadow copy of the state the reader will have reconstructed, and at the
 * next event of that vCPU (its next instruction, an exception, the end) every slot that differs
 * is written as a TT_REG record belonging to the event before. That is exact whatever changed
 * the state (an instruction, exception entry, a test's fault injection between two steps), and
 * it costs a ~140-word compare per instruction only while tracing.
 */
#include "trace/trace_writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "trace/trace_format.h"
#include "trace/trace_hook.h"

#define NSLOTS_MAX 160
#define REC_MAX 64 /* longest single record */

_Static_assert(sizeof(struct cpu_sysregs) ==
                   8 * (0
#define TRACE_SYSREG(member, name) +1
#include "trace/trace_sysregs.def"
#undef TRACE_SYSREG
                   ),
               "trace_sysregs.def must list every member of struct cpu_sysregs");

struct trace_cpu {
    struct trace_writer *w;
    struct cpu_state *cpu;
    uint64_t shadow[NSLOTS_MAX];
    uint64_t last_pc, last_addr;
    uint64_t next_digest;
    uint64_t skipped;         /* instructions filtered out since the last recorded event */
    bool skipping, have_ctx, done;
    uint8_t ctx_el, ctx_regime;
    uint16_t ctx_vmid, ctx_asid;
};

struct trace_writer {
    FILE *f;
    char *path;
    struct trace_filter filt;
    unsigned nslots, ncpus;
    int cur_cpu;              /* the vCPU of the last TT_CPU record, -1 before the first */
    uint8_t *buf;             /* uncompressed records of the current chunk */
    size_t len;
    uint8_t *zbuf;
    size_t zcap;
    uint64_t ninsn;
    bool failed;
    char errmsg[300];
    struct trace_cpu *tcs[TRACE_MAX_CPUS];
};

uint64_t trace_writer_insns(const struct trace_writer *w) { return w->ninsn; }

/* ---- state capture ---- */

static void capture(const struct cpu_state *c, uint64_t *s)
{
    memcpy(s, c->x, 32 * sizeof(uint64_t)); /* X0-X30 and the live SP */
    s[TRACE_SLOT_NZCV] = c->nzcv;
    s[TRACE_SLOT_PSTATE] = cpu_pstate(c) & ~0xf0000000ull;
    s[TRACE_SLOT_FPCR] = c->fpcr;
    s[TRACE_SLOT_FPSR] = c->fpsr;
    memcpy(&s[TRACE_SLOT_V0], c->vreg, sizeof c->vreg);
    memcpy(&s[TRACE_SLOT_SP_EL0], c->sp_el, sizeof c->sp_el);
    memcpy(&s[TRACE_SLOT_SYSREG0], &c->sr, sizeof c->sr);
}

/* ---- output ---- */

static void fail(struct trace_writer *w, const char *what)
{
    if (w->failed)
        return;
    w->failed = true;
    snprintf(w->errmsg, sizeof w->errmsg, "--trace '%s': %s failed: %s", w->path, what,
             errno ? strerror(errno) : "short write");
    /* Stop the traced vCPUs: a run whose trace is lost is not what was asked for. */
    for (unsigned i = 0; i < TRACE_MAX_CPUS; i++)
        if (w->tcs[i])
            cpu_stop_with(w->tcs[i]->cpu, CPU_STOP_HOST_ERROR, "%s", w->errmsg);
}

static void write_all(struct trace_writer *w, const void *p, size_t n, const char *what)
{
    errno = 0;
    if (!w->failed && fwrite(p, 1, n, w->f) != n)
        fail(w, what);
}

static void flush_chunk(struct trace_writer *w)
{
    if (!w->len || w->failed) {
        w->len = 0;
        return;
    }
    uLongf zlen = (uLongf)w->zcap;
    if (compress2(w->zbuf, &zlen, w->buf, (uLong)w->len, 6) != Z_OK) {
        errno = 0;
        fail(w, "compressing a chunk");
        return;
    }
    uint8_t hdr[16];
    trace_put_le32(hdr, TRACE_CHUNK_MAGIC);
    trace_put_le32(hdr + 4, (uint32_t)w->len);
    trace_put_le32(hdr + 8, (uint32_t)zlen);
    trace_put_le32(hdr + 12, (uint32_t)crc32(0, w->zbuf, (uInt)zlen));
    write_all(w, hdr, sizeof hdr, "writing");
    write_all(w, w->zbuf, zlen, "writing");
    w->len = 0;
}

/* Room for one record; chunks end only between records. */
static uint8_t *rec(struct trace_writer *w)
{
    if (w->len + REC_MAX > TRACE_CHUNK_RAW_MAX)
        flush_chunk(w);
    return w->buf + w->len;
}

static void put_reg(struct trace_writer *w, unsigned slot, uint64_t diff)
{
    uint8_t *p = rec(w);
    p[0] = TT_REG;
    p[1] = (uint8_t)slot;
    w->len += 2 + trace_put_varint(p + 2, diff);
}

/* Write the differences since the last event of this vCPU (they belong to that event). */
static void flush_diff(struct trace_cpu *tc)
{
    uint64_t now[NSLOTS_MAX];
    capture(tc->cpu, now);
    for (unsigned i = 0; i < tc->w->nslots; i++)
        if (now[i] != tc->shadow[i]) {
            put_reg(tc->w, i, now[i] ^ tc->shadow[i]);
            tc->shadow[i] = now[i];
        }
}

static bool state_changed(struct trace_cpu *tc)
{
    uint64_t now[NSLOTS_MAX];
    capture(tc->cpu, now);
    return memcmp(now, tc->shadow, tc->w->nslots * sizeof(uint64_t)) != 0;
}

static void put_simple(struct trace_writer *w, uint8_t tag, uint64_t v)
{
    uint8_t *p = rec(w);
    p[0] = tag;
    w->len += 1 + trace_put_varint(p + 1, v);
}

/* Make tc the current vCPU of the stream. Changes made to it while others ran are a TT_SYNC. */
static void select_cpu(struct trace_cpu *tc)
{
    struct trace_writer *w = tc->w;
    if (w->cur_cpu == (int)tc->cpu->index)
        return;
    struct trace_cpu *prev = w->cur_cpu >= 0 ? w->tcs[w->cur_cpu] : NULL;
    if (prev && !prev->skipping && !prev->done)
        flush_diff(prev);
    put_simple(w, TT_CPU, tc->cpu->index);
    w->cur_cpu = (int)tc->cpu->index;
    if (!tc->skipping && state_changed(tc)) {
        rec(w)[0] = TT_SYNC;
        w->len++;
        flush_diff(tc);
    }
}

/* ---- context (EL, regime, VMID, ASID) ---- */

static void put_ctx(struct trace_cpu *tc)
{
    const struct cpu_state *c = tc->cpu;
    const struct cpu_sysregs *sr = &c->sr;
    bool e2h = c->has_el2 && (sr->hcr_el2 >> 34 & 1), tge = c->has_el2 && (sr->hcr_el2 >> 27 & 1);
    uint8_t regime = c->el == 2 ? (e2h ? TRACE_REGIME_EL20 : TRACE_REGIME_EL2)
                     : (c->el == 0 && e2h && tge) ? TRACE_REGIME_EL20 : TRACE_REGIME_EL10;
    uint16_t asid = 0, vmid = 0;
    if (regime == TRACE_REGIME_EL20)
        asid = (uint16_t)(((sr->tcr_el2 >> 22 & 1) ? sr->ttbr1_el2 : sr->ttbr0_el2) >> 48);
    else if (regime == TRACE_REGIME_EL10) {
        asid = (uint16_t)(((sr->tcr_el1 >> 22 & 1) ? sr->ttbr1_el1 : sr->ttbr0_el1) >> 48);
        if (c->has_el2 && (sr->hcr_el2 & 1))
            vmid = (uint16_t)(sr->vttbr_el2 >> 48);
    }
    if (tc->have_ctx && tc->ctx_el == c->el && tc->ctx_regime == regime && tc->ctx_vmid == vmid &&
        tc->ctx_asid == asid)
        return;
    tc->have_ctx = true;
    tc->ctx_el = c->el;
    tc->ctx_regime = regime;
    tc->ctx_vmid = vmid;
    tc->ctx_asid = asid;
    uint8_t *p = rec(tc->w);
    p[0] = TT_CTX;
    p[1] = c->el;
    p[2] = regime;
    size_t n = 3 + trace_put_varint(p + 3, vmid);
    tc->w->len += n + trace_put_varint(p + n, asid);
}

/* ---- the hooks ---- */

static bool selected(const struct trace_filter *f, const struct cpu_state *c)
{
    if (f->el_mask && !(f->el_mask >> c->el & 1))
        return false;
    if (f->range && (c->pc < f->lo || c->pc > f->hi))
        return false;
    if (f->window && (c->icount < f->win_start || (f->win_count && c->icount - f->win_start >= f->win_count)))
        return false;
    return true;
}

/* Past the instruction window: record nothing more for this vCPU and give it its speed back. */
static void detach(struct trace_cpu *tc)
{
    select_cpu(tc);
    flush_diff(tc);
    tc->done = true;
    tc->cpu->trace = NULL;
    cpu_debug_changed(tc->cpu);
}

void trace_hook_insn(struct cpu_state *cpu, uint32_t raw)
{
    struct trace_cpu *tc = cpu->trace;
    struct trace_writer *w = tc->w;
    if (!selected(&w->filt, cpu)) {
        if (w->filt.window && w->filt.win_count && cpu->icount - w->filt.win_start >= w->filt.win_count &&
            cpu->icount >= w->filt.win_start) {
            detach(tc);
            return;
        }
        if (!tc->skipping) {
            select_cpu(tc);
            flush_diff(tc);
            tc->skipping = true;
            tc->skipped = 0;
        }
        tc->skipped++;
        return;
    }
    select_cpu(tc);
    if (tc->skipping) {
        put_simple(w, TT_GAP, tc->skipped);
        tc->skipping = false;
    }
    flush_diff(tc);
    put_ctx(tc);
    if (w->filt.digest_every && cpu->icount >= tc->next_digest) {
        uint8_t *p = rec(w);
        p[0] = TT_DIGEST;
        size_t n = 1 + trace_put_varint(p + 1, cpu->icount);
        n += trace_put_varint(p + n, cpu->pc);
        uint64_t h = trace_digest(tc->shadow, w->nslots, cpu->pc, cpu->icount);
        trace_put_le32(p + n, (uint32_t)h);
        trace_put_le32(p + n + 4, (uint32_t)(h >> 32));
        w->len += n + 8;
        tc->next_digest = (cpu->icount / w->filt.digest_every + 1) * w->filt.digest_every;
    }
    uint8_t *p = rec(w);
    size_t n;
    if (cpu->pc == tc->last_pc + 4) {
        p[0] = TT_INSN_SEQ;
        n = 1;
    } else {
        p[0] = TT_INSN;
        n = 1 + trace_put_varint(p + 1, trace_zigzag((int64_t)(cpu->pc - (tc->last_pc + 4))));
    }
    trace_put_le32(p + n, raw);
    w->len += n + 4;
    tc->last_pc = cpu->pc;
    w->ninsn++;
}

void trace_hook_mem(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value, bool write)
{
    struct trace_cpu *tc = cpu->trace;
    if (tc->skipping)
        return;
    select_cpu(tc);
    if (size < 8) /* a store's operand arrives unmasked: record the bytes that reach memory */
        value &= (1ull << (8 * size)) - 1;
    uint8_t *p = rec(tc->w);
    p[0] = write ? TT_MEM_W : TT_MEM_R;
    p[1] = (uint8_t)size;
    size_t n = 2 + trace_put_varint(p + 2, trace_zigzag((int64_t)(va - tc->last_addr)));
    tc->w->len += n + trace_put_varint(p + n, value);
    tc->last_addr = va;
}

void trace_hook_exc(struct cpu_state *cpu, unsigned type, uint32_t esr, uint64_t far, bool far_valid,
                    uint64_t return_pc, unsigned to)
{
    struct trace_cpu *tc = cpu->trace;
    if (tc->skipping) /* its effects appear with the gap (docs/trace-format.md) */
        return;
    select_cpu(tc);
    flush_diff(tc);
    uint8_t *p = rec(tc->w);
    p[0] = TT_EXC;
    p[1] = (uint8_t)type;
    p[2] = cpu->el;
    p[3] = (uint8_t)to;
    size_t n = 4 + trace_put_varint(p + 4, esr);
    n += trace_put_varint(p + n, return_pc);
    p[n++] = far_valid;
    if (far_valid)
        n += trace_put_varint(p + n, far);
    tc->w->len += n;
}

/* ---- open / attach / close ---- */

struct trace_writer *trace_writer_open(const char *path, const struct trace_filter *f, int argc,
                                       char *const *argv, unsigned ncpus, char *err, size_t errlen)
{
    if (ncpus > TRACE_MAX_CPUS) {
        snprintf(err, errlen, "--trace: at most %u vCPUs", TRACE_MAX_CPUS);
        return NULL;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        snprintf(err, errlen, "--trace '%s': cannot create: %s", path, strerror(errno));
        return NULL;
    }
    struct trace_writer *w = calloc(1, sizeof *w);
    w->f = fp;
    w->path = strdup(path);
    w->filt = *f;
    w->nslots = trace_slot_count();
    w->ncpus = ncpus;
    w->cur_cpu = -1;
    w->buf = malloc(TRACE_CHUNK_RAW_MAX);
    w->zcap = compressBound(TRACE_CHUNK_RAW_MAX);
    w->zbuf = malloc(w->zcap);
    setvbuf(fp, NULL, _IOFBF, 1 << 20);
    /* Header body: a64emu version, command line (arguments joined by NUL), vCPUs, digest period. */
    size_t cap = 64 + strlen(A64EMU_VERSION);
    for (int i = 0; i < argc; i++)
        cap += strlen(argv[i]) + 1;
    if (cap > TRACE_HEADER_MAX) {
        snprintf(err, errlen, "--trace: command line too long for the trace header");
        fclose(fp);
        free(w->buf), free(w->zbuf), free(w->path), free(w);
        return NULL;
    }
    uint8_t *body = malloc(cap), *p = body;
    size_t vl = strlen(A64EMU_VERSION);
    p += trace_put_varint(p, vl);
    memcpy(p, A64EMU_VERSION, vl), p += vl;
    size_t cl = 0;
    for (int i = 0; i < argc; i++)
        cl += strlen(argv[i]) + 1;
    p += trace_put_varint(p, cl);
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        memcpy(p, argv[i], l), p += l;
    }
    p += trace_put_varint(p, ncpus);
    p += trace_put_varint(p, f->digest_every);
    uint8_t hdr[16];
    memcpy(hdr, TRACE_MAGIC, 8);
    trace_put_le32(hdr + 8, TRACE_FORMAT_VERSION);
    trace_put_le32(hdr + 12, (uint32_t)(p - body));
    uint8_t crc[4];
    trace_put_le32(crc, (uint32_t)crc32(0, body, (uInt)(p - body)));
    write_all(w, hdr, sizeof hdr, "writing the header");
    write_all(w, body, (size_t)(p - body), "writing the header");
    write_all(w, crc, 4, "writing the header");
    free(body);
    if (w->failed) {
        snprintf(err, errlen, "%s", w->errmsg);
        fclose(fp);
        free(w->buf), free(w->zbuf), free(w->path), free(w);
        return NULL;
    }
    return w;
}

void trace_writer_attach(struct trace_writer *w, struct cpu_state *cpu)
{
    if (cpu->index >= TRACE_MAX_CPUS || (w->filt.cpu_mask && !(w->filt.cpu_mask >> cpu->index & 1)))
        return;
    struct trace_cpu *tc = calloc(1, sizeof *tc);
    tc->w = w;
    tc->cpu = cpu;
    tc->last_pc = UINT64_MAX - 3; /* the first PC is written as a delta from 0 */
    /* The shadow starts at zero, as the reader's state does: the first event writes the rest. */
    w->tcs[cpu->index] = tc;
    cpu->trace = tc;
    cpu_debug_changed(cpu);      /* the one-instruction path */
    mmu_tlb_flush(&cpu->mmu);    /* every data access through the slow path, where the hook is */
}

bool trace_writer_close(struct trace_writer *w, char *err, size_t errlen)
{
    if (!w)
        return true;
    for (unsigned i = 0; i < TRACE_MAX_CPUS; i++) {
        struct trace_cpu *tc = w->tcs[i];
        if (!tc)
            continue;
        if (!tc->done && !tc->skipping) {
            select_cpu(tc);
            flush_diff(tc);
        }
    }
    put_simple(w, TT_END, w->ninsn);
    flush_chunk(w);
    errno = 0;
    if (fflush(w->f) != 0)
        fail(w, "writing");
    errno = 0;
    if (fclose(w->f) != 0)
        fail(w, "closing");
    bool ok = !w->failed;
    if (!ok)
        snprintf(err, errlen, "%s", w->errmsg);
    for (unsigned i = 0; i < TRACE_MAX_CPUS; i++) {
        struct trace_cpu *tc = w->tcs[i];
        if (!tc)
            continue;
        if (tc->cpu->trace == tc) {
            tc->cpu->trace = NULL;
            cpu_debug_changed(tc->cpu);
        }
        free(tc);
    }
    free(w->buf), free(w->zbuf), free(w->path), free(w);
    return ok;
}

/* ---- filter option values ---- */

static bool parse_num(const char *s, const char **end, uint64_t *v)
{
    char *e;
    errno = 0;
    if (!*s || *s == '-' || *s == '+')
        return false;
    unsigned long long x = strtoull(s, &e, 0);
    if (errno || e == s)
        return false;
    *v = x;
    *end = e;
    return true;
}

bool trace_filter_parse_range(const char *s, struct trace_filter *f, char *err, size_t errlen)
{
    const char *e;
    uint64_t lo, hi;
    if (!parse_num(s, &e, &lo) || *e != '-' || !parse_num(e + 1, &e, &hi) || *e || hi < lo) {
        snprintf(err, errlen, "--trace-range '%s': give LO-HI, two addresses with LO <= HI (e.g. 0x40000000-0x40ffffff)", s);
        return false;
    }
    f->range = true, f->lo = lo, f->hi = hi;
    return true;
}

static bool parse_list(const char *s, uint64_t max, uint64_t *mask)
{
    *mask = 0;
    for (;;) {
        const char *e;
        uint64_t v;
        if (!parse_num(s, &e, &v) || v > max)
            return false;
        *mask |= 1ull << v;
        if (!*e)
            return true;
        if (*e != ',')
            return false;
        s = e + 1;
    }
}

bool trace_filter_parse_el(const char *s, struct trace_filter *f, char *err, size_t errlen)
{
    uint64_t m;
    if (!parse_list(s, 2, &m)) {
        snprintf(err, errlen, "--trace-el '%s': give a comma list of exception levels 0-2 (e.g. 0,1)", s);
        return false;
    }
    f->el_mask = (unsigned)m;
    return true;
}

bool trace_filter_parse_cpu(const char *s, struct trace_filter *f, char *err, size_t errlen)
{
    if (!parse_list(s, TRACE_MAX_CPUS - 1, &f->cpu_mask)) {
        snprintf(err, errlen, "--trace-cpu '%s': give a comma list of vCPU numbers (e.g. 0,2)", s);
        return false;
    }
    return true;
}

bool trace_filter_parse_window(const char *s, struct trace_filter *f, char *err, size_t errlen)
{
    const char *e;
    uint64_t start, n = 0;
    if (!parse_num(s, &e, &start) || (*e && (*e != '+' || !parse_num(e + 1, &e, &n) || *e || n == 0))) {
        snprintf(err, errlen, "--trace-window '%s': give START or START+N (instruction counts, N > 0)", s);
        return false;
    }
    f->window = true, f->win_start = start, f->win_count = n;
    return true;
}
