/*
 * Advanced SIMD structure loads and stores (rows in a64_simd_ldst.def; DDI 0487 C4.1 "Advanced
 * SIMD load/store multiple structures" and "... single structure", with the post-indexed
 * forms; pseudocode C7.2 LD1 ... ST4, LD1R ... LD4R):
 *   multiple structures: LD1/ST1 of 1-4 registers, LD2-LD4/ST2-ST4 (interleaved elements)
 *   single structure: one lane of 1-4 registers, or LD1R-LD4R (replicated to every lane)
 *   post-index: Rm = 31 adds the number of bytes transferred, otherwise X[m]
 *
 * The whole transfer (at most 64 bytes) is alignment-checked (each element is aligned if the
 * first is: they are contiguous and equally sized) and probed before anything is written, so a
 * faulting instruction changes neither memory nor registers (the Arm ARM also permits partial
 * completion; QEMU may store some elements before the fault). The bytes then move through a
 * buffer in memory order, and the (de)interleaving happens in the buffer.
 */
#include "cpu/exec_simd.h"

#define MAX_XFER 64

/* Read or write len bytes at va through the buffer, in accesses of `gran` bytes (the element
 * size, or 8 for LD1/ST1 multiple whose elements are contiguous). The range has been probed. */
static bool A64_MUST_CHECK xfer(struct cpu_state *cpu, uint64_t va, uint8_t *buf, unsigned len, unsigned gran,
                                bool store)
{
    for (unsigned off = 0; off < len; off += gran) {
        uint64_t v = 0;
        if (store) {
            memcpy(&v, buf + off, gran); /* little-endian host assumed, as everywhere */
            if (!cpu_write(cpu, va + off, gran, v))
                return false;
        } else {
            if (!cpu_read(cpu, va + off, gran, &v))
                return false;
            memcpy(buf + off, &v, gran);
        }
    }
    return true;
}

/* Base address, alignment check and probe of the whole transfer. The probe is skipped when the
 * soft TLB already maps every page the transfer touches for this access (at most two: 64 bytes),
 * as exec_fp_ldst.c does for pairs: then no part of it can fault. */
static bool A64_MUST_CHECK ldst_prepare(struct cpu_state *cpu, const struct a64_insn *in, unsigned ebytes,
                                        unsigned len, bool store, uint64_t *addr)
{
    if (!cpu_base_reg(cpu, in->rn, addr))
        return false;
    if (!cpu_check_alignment(cpu, *addr, ebytes, store))
        return false;
    enum mmu_access access = store ? MMU_WRITE : MMU_READ;
    const uint64_t page_mask = ~(uint64_t)(BUS_PAGE_SIZE - 1);
    uint64_t first = *addr & page_mask, last = (*addr + len - 1) & page_mask;
    if (mmu_tlb_entry(&cpu->mmu, *addr)->tag[access] == first &&
        mmu_tlb_entry(&cpu->mmu, *addr + len - 1)->tag[access] == last)
        return true;
    return cpu_probe(cpu, *addr, len, access);
}

/* Post-index writeback (bit 23): Rm = 31 means "by the transfer size". */
static void ldst_writeback(struct cpu_state *cpu, const struct a64_insn *in, uint64_t addr, unsigned len)
{
    if ((in->raw >> 23) & 1)
        cpu_xwsp(cpu, in->rn, addr + (in->rm == 31 ? len : cpu_xr(cpu, in->rm)));
}

static uint8_t *elem_ptr(uint8_t regs[][16], unsigned r, unsigned e, unsigned ebytes)
{
    return &regs[r][e * ebytes];
}

/*
 * LD1-LD4 / ST1-ST4 (multiple structures). opcode (bits 15:12): 0000 four-element structures
 * (LD4), 0100 LD3, 1000 LD2, and LD1 of 4 (0010), 3 (0110), 1 (0111) or 2 (1010) registers.
 * size:Q = 110 (one D element per register) is reserved for the interleaving forms.
 */
enum exec_result exec_simd_ldst_multi(struct cpu_state *cpu, const struct a64_insn *in)
{
    static const uint8_t rpt_of[16] = { [0] = 1, [2] = 4, [4] = 1, [6] = 3, [7] = 1, [8] = 1, [10] = 2 };
    static const uint8_t selem_of[16] = { [0] = 4, [2] = 1, [4] = 3, [6] = 1, [7] = 1, [8] = 2, [10] = 1 };
    unsigned opcode = (in->raw >> 12) & 15, rpt = rpt_of[opcode], selem = selem_of[opcode];
    bool store = !((in->raw >> 22) & 1);
    if (!rpt || (selem > 1 && in->size == 3 && !in->q)) /* the rows carry the whole size field */
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned ebytes = 1u << in->size, bytes = in->q ? 16 : 8, elements = bytes / ebytes;
    unsigned nregs = rpt * selem, len = nregs * bytes;
    uint64_t addr;
    if (!ldst_prepare(cpu, in, ebytes, len, store, &addr))
        return EXEC_EXCEPTION;
    uint8_t buf[MAX_XFER], regs[4][16] = { { 0 } };
    /* LD1/ST1 elements are contiguous: move them 8 bytes at a time when that is aligned (so a
     * Device-memory access, e.g. with the MMU off, is never misaligned where the elements are not) */
    unsigned gran = selem == 1 && !(addr & 7) ? 8 : ebytes;
    if (store) {
        for (unsigned r = 0; r < nregs; r++)
            memcpy(regs[r], cpu->vreg[(in->rt + r) & 31], 16);
    } else if (!xfer(cpu, addr, buf, len, gran, false)) {
        return EXEC_EXCEPTION;
    }
    /* Memory order: for each repetition r, element e, structure member s. */
    unsigned off = 0;
    for (unsigned r = 0; r < rpt; r++)
        for (unsigned e = 0; e < elements; e++)
            for (unsigned s = 0; s < selem; s++, off += ebytes) {
                uint8_t *p = elem_ptr(regs, r + s, e, ebytes);
                if (store)
                    memcpy(buf + off, p, ebytes);
                else
                    memcpy(p, buf + off, ebytes);
            }
    if (store) {
        if (!xfer(cpu, addr, buf, len, gran, true))
            return EXEC_EXCEPTION;
    } else {
        for (unsigned r = 0; r < nregs; r++) {
            struct vec v;
            memcpy(v.d, regs[r], 16);
            vec_write(cpu, in->rt + r, v, in->q);
        }
    }
    ldst_writeback(cpu, in, addr, len);
    return EXEC_NEXT;
}

/*
 * LD1-LD4 / ST1-ST4 (single structure) and LD1R-LD4R. selem = opcode<0>:R + 1 (bits 13, 21);
 * scale = opcode<2:1> (bits 15:14): 0 B (index Q:S:size), 1 H (size<0> = 0; index Q:S:size<1>),
 * 2 S (size = 00; index Q:S) or D (size = 01, S = 0; index Q), 3 replicate (L = 1, S = 0;
 * element size from size).
 */
enum exec_result exec_simd_ldst_single(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned scale = (in->raw >> 14) & 3, selem = (((in->raw >> 13) & 1) << 1 | ((in->raw >> 21) & 1)) + 1;
    unsigned s_bit = (in->raw >> 12) & 1, q = in->q, size = (in->raw >> 10) & 3, index = 0;
    bool store = !((in->raw >> 22) & 1), replicate = false;
    switch (scale) {
    case 3:
        if (store || s_bit)
            return simd_reserved(cpu, in);
        scale = size;
        replicate = true;
        break;
    case 0:
        index = q << 3 | s_bit << 2 | size;
        break;
    case 1:
        if (size & 1)
            return simd_reserved(cpu, in);
        index = q << 2 | s_bit << 1 | size >> 1;
        break;
    default:
        if (size & 2)
            return simd_reserved(cpu, in);
        if (!(size & 1)) {
            index = q << 1 | s_bit;
        } else {
            if (s_bit)
                return simd_reserved(cpu, in);
            index = q;
            scale = 3;
        }
        break;
    }
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned ebytes = 1u << scale, len = selem * ebytes;
    uint64_t addr;
    if (!ldst_prepare(cpu, in, ebytes, len, store, &addr))
        return EXEC_EXCEPTION;
    uint8_t buf[MAX_XFER];
    if (store) {
        for (unsigned s = 0; s < selem; s++)
            memcpy(buf + s * ebytes, (const uint8_t *)cpu->vreg[(in->rt + s) & 31] + index * ebytes, ebytes);
        if (!xfer(cpu, addr, buf, len, ebytes, true))
            return EXEC_EXCEPTION;
    } else {
        if (!xfer(cpu, addr, buf, len, ebytes, false))
            return EXEC_EXCEPTION;
        for (unsigned s = 0; s < selem; s++) {
            unsigned t = (in->rt + s) & 31;
            uint64_t x = 0;
            memcpy(&x, buf + s * ebytes, ebytes);
            struct vec v = vec_read(cpu, t);
            if (replicate) {
                for (unsigned e = 0; e < 16 / ebytes; e++)
                    elem_set(&v, e, 8 * ebytes, x);
                vec_write(cpu, t, v, q);
            } else {
                elem_set(&v, index, 8 * ebytes, x);
                vec_write(cpu, t, v, 1);
            }
        }
    }
    ldst_writeback(cpu, in, addr, len);
    return EXEC_NEXT;
}
