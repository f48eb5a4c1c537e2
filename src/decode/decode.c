/*
 * Decoder built at startup from a64_insns.def, in the manner of Dynarmic's decoder/a64.h:
 * patterns are parsed into mask/value, and rows are bucketed on the top 12 bits of the
 * instruction word so a lookup scans only a handful of candidates, most specific first.
 */
#include "decode/decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

static struct a64_row rows[A64_INSN_COUNT] = {
    [A64_UNALLOCATED] = { "UNALLOCATED", "unallocated encoding", "--------------------------------",
                          ".inst %w ; undefined", 0, 0, FEAT_BASE, 0 },
#define A64(id, ti, pat, feat, exec, dis, fl) [A64_##id] = { #id, ti, pat, dis, 0, 0, feat, fl },
#include "decode/a64_insns.def"
};

/* Pattern letter -> member of struct a64_insn. */
struct field_slot {
    char letter;
    unsigned short offset;
    unsigned char bytes;
};

#define SLOT8(l, m) { l, offsetof(struct a64_insn, m), 1 }
static const struct field_slot field_slots[] = {
    SLOT8('d', rd),   SLOT8('n', rn),   SLOT8('m', rm),   SLOT8('a', ra),  SLOT8('t', rt),
    SLOT8('u', rt2),  SLOT8('s', rs),   SLOT8('z', sf),   SLOT8('c', cond), SLOT8('o', opt),
    SLOT8('h', sh),   SLOT8('S', size), SLOT8('p', opc),  SLOT8('N', nbit), SLOT8('r', immr),
    SLOT8('x', imms), SLOT8('b', b5),   SLOT8('k', k),    SLOT8('A', a),   SLOT8('R', r),
    SLOT8('L', l),    SLOT8('v', v),    SLOT8('q', q),    SLOT8('e', e),   SLOT8('f', f),
    SLOT8('g', g),
    { 'i', offsetof(struct a64_insn, imm), 4 },
    { 'j', offsetof(struct a64_insn, imm2), 4 },
};
#undef SLOT8

static const struct field_slot *slot_for(char letter)
{
    for (size_t i = 0; i < sizeof field_slots / sizeof field_slots[0]; i++)
        if (field_slots[i].letter == letter)
            return &field_slots[i];
    return NULL;
}

/* Per-row field layout: for each field, the bit positions (MSB first). */
#define MAX_FIELDS 10
struct row_fields {
    unsigned char count;
    struct {
        const struct field_slot *slot;
        unsigned char width;
        unsigned char bits[32];
    } f[MAX_FIELDS];
    unsigned char imm_width;
};
static struct row_fields row_fields[A64_INSN_COUNT];

#define BUCKET_BITS 12
#define BUCKET_SHIFT (32 - BUCKET_BITS)
struct bucket {
    unsigned short count;
    unsigned short *ids;
};
static struct bucket buckets[1u << BUCKET_BITS];
static bool dec_ready;

const struct a64_row *dec_row(unsigned id)
{
    return id < A64_INSN_COUNT ? &rows[id] : &rows[A64_UNALLOCATED];
}

static const struct {
    const char *name, *short_name;
} feature_names[FEAT_COUNT] = {
    [FEAT_BASE] = { "base", "base" },           [FEAT_LSE] = { "FEAT_LSE", "lse" },
    [FEAT_CRC32] = { "FEAT_CRC32", "crc32" },   [FEAT_FP] = { "FEAT_FP", "fp" },
    [FEAT_ADVSIMD] = { "FEAT_AdvSIMD", "advsimd" }, [FEAT_AES] = { "FEAT_AES", "aes" },
    [FEAT_PMULL] = { "FEAT_PMULL", "pmull" },   [FEAT_SHA1] = { "FEAT_SHA1", "sha1" },
    [FEAT_SHA256] = { "FEAT_SHA256", "sha256" }, [FEAT_PAN] = { "FEAT_PAN", "pan" },
    [FEAT_VHE] = { "FEAT_VHE", "vhe" },         [FEAT_VMID16] = { "FEAT_VMID16", "vmid16" },
};

const char *a64_feature_name(enum a64_feature f)
{
    return f < FEAT_COUNT && feature_names[f].name ? feature_names[f].name : "?";
}

const char *a64_feature_short_name(enum a64_feature f)
{
    return f < FEAT_COUNT && feature_names[f].short_name ? feature_names[f].short_name : "?";
}

enum a64_feature a64_feature_parse(const char *short_name, size_t len)
{
    for (unsigned f = FEAT_BASE + 1; f < FEAT_COUNT; f++)
        if (feature_names[f].short_name && strlen(feature_names[f].short_name) == len &&
            strncmp(feature_names[f].short_name, short_name, len) == 0)
            return (enum a64_feature)f;
    return FEAT_COUNT;
}

static bool parse_row(unsigned id)
{
    struct a64_row *r = &rows[id];
    struct row_fields *rf = &row_fields[id];
    if (strlen(r->pattern) != 32)
        return false;
    r->mask = r->value = 0;
    rf->count = 0;
    for (int i = 0; i < 32; i++) {
        char c = r->pattern[i];
        unsigned bit = 31 - i;
        if (c == '0' || c == '1') {
            r->mask |= 1u << bit;
            r->value |= (uint32_t)(c - '0') << bit;
        } else if (c != '-') {
            const struct field_slot *s = slot_for(c);
            if (!s)
                return false;
            unsigned k;
            for (k = 0; k < rf->count && rf->f[k].slot != s; k++)
                ;
            if (k == rf->count) {
                if (rf->count == MAX_FIELDS)
                    return false;
                rf->count++;
                rf->f[k].slot = s;
                rf->f[k].width = 0;
            }
            rf->f[k].bits[rf->f[k].width++] = (unsigned char)bit;
        }
    }
    for (unsigned k = 0; k < rf->count; k++)
        if (rf->f[k].slot->letter == 'i')
            rf->imm_width = rf->f[k].width;
    return true;
}

static unsigned popcount32(uint32_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

static int cmp_specificity(const void *a, const void *b)
{
    unsigned ia = *(const unsigned short *)a, ib = *(const unsigned short *)b;
    unsigned pa = popcount32(rows[ia].mask), pb = popcount32(rows[ib].mask);
    if (pa != pb)
        return pa > pb ? -1 : 1;
    return (int)ia - (int)ib;
}

bool dec_init(void)
{
    if (dec_ready)
        return true;
    for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
        if (!parse_row(id)) {
            log_error("decode: malformed pattern for %s: \"%s\"", rows[id].name, rows[id].pattern);
            return false;
        }
    }
    /* Two passes: count, then fill. A row lands in every bucket its fixed top bits allow. */
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned b = 0; b < (1u << BUCKET_BITS); b++) {
            if (pass == 1) {
                buckets[b].ids = buckets[b].count ? calloc(buckets[b].count, sizeof(unsigned short)) : NULL;
                if (buckets[b].count && !buckets[b].ids) {
                    log_error("decode: out of memory");
                    return false;
                }
                buckets[b].count = 0;
            }
            uint32_t word = (uint32_t)b << BUCKET_SHIFT;
            uint32_t topmask = ~0u << BUCKET_SHIFT;
            for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
                const struct a64_row *r = &rows[id];
                if ((word & r->mask & topmask) != (r->value & topmask))
                    continue;
                if (pass == 1)
                    buckets[b].ids[buckets[b].count] = (unsigned short)id;
                buckets[b].count++;
            }
        }
    }
    for (unsigned b = 0; b < (1u << BUCKET_BITS); b++)
        if (buckets[b].count > 1)
            qsort(buckets[b].ids, buckets[b].count, sizeof(unsigned short), cmp_specificity);
    dec_ready = true;
    return true;
}

bool dec_bitmask_imm(unsigned n, unsigned imms, unsigned immr, unsigned datasize, uint64_t *wmask,
                     uint64_t *tmask)
{
    /* DDI 0487 J1.1.4 DecodeBitMasks(immN, imms, immr, immediate = TRUE) */
    unsigned combined = (n << 6) | (~imms & 0x3f);
    int len = -1;
    for (int i = 6; i >= 0; i--)
        if (combined & (1u << i)) {
            len = i;
            break;
        }
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (esize > datasize)
        return false;
    unsigned levels = esize - 1;
    if ((imms & levels) == levels) /* all-ones element is reserved for immediates */
        return false;
    unsigned s = imms & levels, r = immr & levels, d = (s - r) & levels;
    uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    uint64_t welem = (s + 1 == 64) ? ~0ull : (1ull << (s + 1)) - 1;
    uint64_t telem = (d + 1 == 64) ? ~0ull : (1ull << (d + 1)) - 1;
    /* ROR(welem, r) within esize */
    if (r)
        welem = ((welem >> r) | (welem << (esize - r))) & emask;
    uint64_t w = 0, t = 0;
    for (unsigned i = 0; i < 64; i += esize) {
        w |= welem << i;
        t |= telem << i;
    }
    if (datasize == 32) {
        w &= 0xffffffffu;
        t &= 0xffffffffu;
    }
    if (wmask)
        *wmask = w;
    if (tmask)
        *tmask = t;
    return true;
}

static void extract_fields(unsigned id, uint32_t raw, struct a64_insn *out)
{
    const struct row_fields *rf = &row_fields[id];
    for (unsigned k = 0; k < rf->count; k++) {
        uint32_t v = 0;
        for (unsigned j = 0; j < rf->f[k].width; j++)
            v = (v << 1) | ((raw >> rf->f[k].bits[j]) & 1);
        unsigned char *p = (unsigned char *)out + rf->f[k].slot->offset;
        if (rf->f[k].slot->bytes == 1)
            *p = (unsigned char)v;
        else
            memcpy(p, &v, sizeof v);
    }
    const struct a64_row *r = &rows[id];
    unsigned w = rf->imm_width;
    if ((r->flags & A64F_SEXT) && w > 0 && w < 64)
        out->imm64 = ((uint64_t)out->imm ^ (1ull << (w - 1))) - (1ull << (w - 1)); /* no signed shifts (UBSan) */
    else
        out->imm64 = out->imm;
    if (r->flags & A64F_SCALE)
        out->imm64 <<= raw >> 30;
    if (r->flags & A64F_SCALE_PAIR)
        out->imm64 <<= 2 + (raw >> 31);
    if (r->flags & A64F_SCALE_FP)
        out->imm64 <<= ((raw >> 21) & 4) | raw >> 30;
    if (r->flags & A64F_SCALE_FP_PAIR)
        out->imm64 <<= 2 + (raw >> 30);
}

void dec_decode(uint32_t raw, a64_features features, struct a64_insn *out)
{
    memset(out, 0, sizeof *out);
    out->raw = raw;
    const struct bucket *b = &buckets[raw >> BUCKET_SHIFT];
    for (unsigned i = 0; i < b->count; i++) {
        unsigned id = b->ids[i];
        const struct a64_row *r = &rows[id];
        if ((raw & r->mask) != r->value)
            continue;
        if (r->feature != FEAT_BASE && !(features & (1u << r->feature)))
            continue; /* absent feature: a less specific row (e.g. the hint catch-all) or
                         unallocated, as the architecture says */
        extract_fields(id, raw, out);
        if (r->flags & A64F_BITMASK) {
            if (!dec_bitmask_imm(out->nbit, out->imms, out->immr, out->sf ? 64 : 32, &out->imm64, NULL) ||
                (!out->sf && out->nbit)) {
                memset(out, 0, sizeof *out);
                out->raw = raw;
                return;
            }
        }
        out->id = (uint16_t)id;
        return;
    }
    out->id = A64_UNALLOCATED;
}

unsigned dec_check_table(char *report, size_t report_size)
{
    unsigned problems = 0;
    size_t used = 0;
#define PROBLEM(...)                                                                    \
    do {                                                                                \
        problems++;                                                                     \
        if (used < report_size) {                                                       \
            int n_ = snprintf(report + used, report_size - used, __VA_ARGS__);          \
            if (n_ > 0)                                                                 \
                used += (size_t)n_;                                                     \
        }                                                                               \
    } while (0)
    if (report_size)
        report[0] = 0;
    for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
        const struct a64_row *r = &rows[id];
        if (!parse_row(id)) {
            PROBLEM("%s: malformed pattern \"%s\"\n", r->name, r->pattern);
            continue;
        }
        const struct row_fields *rf = &row_fields[id];
        for (unsigned k = 0; k < rf->count; k++) {
            unsigned max = rf->f[k].slot->bytes * 8u;
            if (rf->f[k].width > max)
                PROBLEM("%s: field '%c' is %u bits, member holds %u\n", r->name,
                        rf->f[k].slot->letter, rf->f[k].width, max);
        }
        /* Template letters: %R?x / %X?x / %W?x / %S?x / %Fx name a pattern letter. */
        for (const char *p = r->disas; *p; p++) {
            if (*p != '%')
                continue;
            p++;
            char need = 0;
            if (*p == 'R' || *p == 'X' || *p == 'W' || *p == 'S') {
                if (p[1] == 'S')
                    p++;
                need = p[1];
            } else if (*p == 'F') {
                need = p[1];
            }
            if (need && !strchr(r->pattern, need))
                PROBLEM("%s: template uses field '%c' absent from the pattern\n", r->name, need);
        }
    }
    for (unsigned a = 1; a < A64_INSN_COUNT; a++) {
        for (unsigned b = a + 1; b < A64_INSN_COUNT; b++) {
            const struct a64_row *ra = &rows[a], *rb = &rows[b];
            uint32_t common = ra->mask & rb->mask;
            if ((ra->value & common) != (rb->value & common))
                continue; /* disjoint */
            bool grouped = (ra->flags & A64F_GROUP) && (rb->flags & A64F_GROUP);
            bool nested = ra->mask != rb->mask &&
                          ((ra->mask & rb->mask) == rb->mask || (ra->mask & rb->mask) == ra->mask);
            if (!grouped || !nested)
                PROBLEM("%s and %s overlap (e.g. 0x%08x)%s\n", ra->name, rb->name,
                        ra->value | rb->value, grouped ? " with equal specificity" : " outside a group");
        }
    }
#undef PROBLEM
    return problems;
}
