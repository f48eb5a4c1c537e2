/*
 * The a64emu execution-trace file format (docs/trace-format.md): constants shared by the writer
 * (trace_writer.c) and the reader (trace_reader.c), the register-slot table both sides diff
 * against, the varint codec and the state digest. Nothing here touches a vCPU.
 */
#ifndef A64EMU_TRACE_TRACE_FORMAT_H
#define A64EMU_TRACE_TRACE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_MAGIC "A64TRACE"           /* 8 bytes at offset 0 */
#define TRACE_FORMAT_VERSION 1u
#define TRACE_CHUNK_MAGIC 0x4b484321u    /* "!CHK" little-endian, at the start of each chunk */
#define TRACE_CHUNK_RAW_MAX (4u << 20)   /* uncompressed bytes per chunk, at most */
#define TRACE_HEADER_MAX (1u << 20)      /* header body bytes, at most */
#define TRACE_MAX_CPUS 64u
#define TRACE_DEFAULT_DIGEST_EVERY 100000u

/* Record tags (first byte of every record in the decompressed stream). */
enum trace_tag {
    TT_INSN = 0x01,     /* zigzag(pc - (last_pc + 4)), opcode u32 LE */
    TT_INSN_SEQ = 0x02, /* pc = last_pc + 4; opcode u32 LE */
    TT_CPU = 0x03,      /* vCPU index: the records that follow are this vCPU's */
    TT_CTX = 0x04,      /* EL u8, regime u8, VMID varint, ASID varint (before the INSN they apply to) */
    TT_REG = 0x05,      /* slot u8, (new ^ old) varint */
    TT_MEM_R = 0x06,    /* size u8, zigzag(addr - last_addr), value varint */
    TT_MEM_W = 0x07,    /* likewise */
    TT_EXC = 0x08,      /* type u8, from EL u8, to EL u8, ESR varint, return pc varint, far_valid u8 [, FAR varint] */
    TT_DIGEST = 0x09,   /* icount varint, pc varint, hash u64 LE (of the state before that pc executes) */
    TT_GAP = 0x0a,      /* instructions skipped by a filter (varint); the state changes that follow are theirs */
    TT_SYNC = 0x0b,     /* state changed outside this vCPU's instructions (another vCPU, the machine) */
    TT_END = 0x0c,      /* instructions recorded (varint); nothing may follow it */
};

/* Translation regimes (TT_CTX). */
enum trace_regime { TRACE_REGIME_EL10 = 0, TRACE_REGIME_EL2 = 1, TRACE_REGIME_EL20 = 2 };

/*
 * Register slots: the architectural state is a flat array of 64-bit values, diffed slot by slot
 * after every event. Order: X0-X30, SP (the live one), NZCV, PSTATE (everything but NZCV, as
 * SPSR holds it), FPCR, FPSR, V0-V31 (low then high half), the banked SP_EL0..2 as stored, then
 * the system registers of struct cpu_sysregs in declaration order.
 */
enum {
    TRACE_SLOT_X0 = 0,
    TRACE_SLOT_SP = 31,
    TRACE_SLOT_NZCV = 32,
    TRACE_SLOT_PSTATE = 33,
    TRACE_SLOT_FPCR = 34,
    TRACE_SLOT_FPSR = 35,
    TRACE_SLOT_V0 = 36,         /* V<n> low half at 36 + 2n, high half at 37 + 2n */
    TRACE_SLOT_SP_EL0 = 100,    /* .. SP_EL2 = 102 */
    TRACE_SLOT_SYSREG0 = 103,
};
unsigned trace_slot_count(void);
/* Name of a slot ("X3", "NZCV", "V7.hi", "ELR_EL1"); NULL beyond the table. */
const char *trace_slot_name(unsigned slot);

/* FNV-1a over the slots, then pc and icount: the digest of TT_DIGEST. */
uint64_t trace_digest(const uint64_t *slots, unsigned nslots, uint64_t pc, uint64_t icount);

/* ---- varints (LEB128, unsigned) ---- */
static inline size_t trace_put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}
static inline uint64_t trace_zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t trace_unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

static inline void trace_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t trace_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
