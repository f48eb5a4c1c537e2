/*
 * Fast forms of the register pairs (exec_fast.h): LDP/STP (signed offset, pre- and
 * post-index) and LDNP/STNP of X and W registers, the function prologues and epilogues and the
 * copy_page/clear_page loops of a kernel. The common case is decided at run time: both elements
 * aligned, the whole pair inside one page, and that page's host mapping for the access in the
 * soft TLB (with SP as the base, SP 16-byte aligned). Then the generic handler (exec_ldst.c,
 * ldst_pair) would pass its alignment, SP-alignment and probe checks and make two accesses
 * through the same TLB entry: this does the same two accesses directly. Anything else (a
 * misaligned element or SP, a page crossing, a TLB miss, a Device page, a watched or code page,
 * whose write mappings are never in the soft TLB) runs the generic handler itself.
 *
 * Register 31 as Rt or Rt2 (XZR) is left to the generic handler.
 */
#include "cpu/exec_fast.h"
#include "util/compiler.h"

enum pair_mode { PAIR_OFFSET, PAIR_PRE, PAIR_POST };

static A64_ALWAYS_INLINE enum exec_result fast_pair(struct cpu_state *cpu, const struct a64_insn *in, bool store,
                                                    enum pair_mode mode, unsigned size, cpu_exec_fn generic)
{
    uint64_t base = cpu->x[in->rn];
    uint64_t addr = mode == PAIR_POST ? base : base + in->imm64;
    enum mmu_access acc = store ? MMU_WRITE : MMU_READ;
    const struct tlb_entry *e = mmu_tlb_entry(&cpu->mmu, addr);
    if (A64_UNLIKELY((addr & (size - 1)) || (addr & (BUS_PAGE_SIZE - 1)) > BUS_PAGE_SIZE - 2 * size ||
                     e->tag[acc] != (addr & ~(uint64_t)(BUS_PAGE_SIZE - 1)) || (in->rn == 31 && (base & 15))))
        return generic(cpu, in);
    uintptr_t host = addr + e->addend[acc];
    if (store) {
        cpu_host_store(host, size, cpu->x[in->rt]);
        cpu_host_store(host + size, size, cpu->x[in->rt2]);
    } else {
        uint64_t d1 = cpu_host_load(host, size), d2 = cpu_host_load(host + size, size);
        cpu->x[in->rt2] = d2; /* Rt2 then Rt, as ldst_pair (LDP with t == t2) */
        cpu->x[in->rt] = d1;
    }
    if (mode != PAIR_OFFSET)
        cpu->x[in->rn] = base + in->imm64; /* after the loads, as ldst_pair (n == t) */
    return EXEC_NEXT;
}

#define FAST_PAIR(name, store, mode, size, generic)                                                 \
    static enum exec_result name(struct cpu_state *cpu, const struct a64_insn *in)                 \
    {                                                                                               \
        return fast_pair(cpu, in, store, mode, size, generic);                                      \
    }
FAST_PAIR(fast_stp_off_x, true, PAIR_OFFSET, 8, exec_stp_off)
FAST_PAIR(fast_ldp_off_x, false, PAIR_OFFSET, 8, exec_ldp_off)
FAST_PAIR(fast_stp_pre_x, true, PAIR_PRE, 8, exec_stp_pre)
FAST_PAIR(fast_ldp_pre_x, false, PAIR_PRE, 8, exec_ldp_pre)
FAST_PAIR(fast_stp_post_x, true, PAIR_POST, 8, exec_stp_post)
FAST_PAIR(fast_ldp_post_x, false, PAIR_POST, 8, exec_ldp_post)
FAST_PAIR(fast_stnp_x, true, PAIR_OFFSET, 8, exec_stnp)
FAST_PAIR(fast_ldnp_x, false, PAIR_OFFSET, 8, exec_ldnp)
FAST_PAIR(fast_stp_off_w, true, PAIR_OFFSET, 4, exec_stp_off)
FAST_PAIR(fast_ldp_off_w, false, PAIR_OFFSET, 4, exec_ldp_off)
FAST_PAIR(fast_stp_pre_w, true, PAIR_PRE, 4, exec_stp_pre)
FAST_PAIR(fast_ldp_pre_w, false, PAIR_PRE, 4, exec_ldp_pre)
FAST_PAIR(fast_stp_post_w, true, PAIR_POST, 4, exec_stp_post)
FAST_PAIR(fast_ldp_post_w, false, PAIR_POST, 4, exec_ldp_post)
#undef FAST_PAIR

static bool pair_x(struct a64_insn *in) { return in->sf && in->rt != 31 && in->rt2 != 31; }
static bool pair_w(struct a64_insn *in) { return !in->sf && in->rt != 31 && in->rt2 != 31; }

const struct fast_form fast_forms_ldst[] = {
    { A64_STP_off, pair_x, fast_stp_off_x },   { A64_LDP_off, pair_x, fast_ldp_off_x },
    { A64_STP_pre, pair_x, fast_stp_pre_x },   { A64_LDP_pre, pair_x, fast_ldp_pre_x },
    { A64_STP_post, pair_x, fast_stp_post_x }, { A64_LDP_post, pair_x, fast_ldp_post_x },
    { A64_STNP, pair_x, fast_stnp_x },         { A64_LDNP, pair_x, fast_ldnp_x },
    { A64_STP_off, pair_w, fast_stp_off_w },   { A64_LDP_off, pair_w, fast_ldp_off_w },
    { A64_STP_pre, pair_w, fast_stp_pre_w },   { A64_LDP_pre, pair_w, fast_ldp_pre_w },
    { A64_STP_post, pair_w, fast_stp_post_w }, { A64_LDP_post, pair_w, fast_ldp_post_w },
};
const size_t fast_forms_ldst_count = sizeof fast_forms_ldst / sizeof fast_forms_ldst[0];
