/* Text renderings of trace events (trace_text.h). */
#include "trace/trace_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cpu/exception.h"
#include "decode/decode.h"
#include "trace/trace_format.h"

void trace_disas(uint32_t opcode, uint64_t pc, char *buf, size_t size)
{
    struct a64_insn in;
    dec_decode(opcode, ~(a64_features)0, &in);
    dec_disassemble(&in, pc, buf, size);
}

const char *trace_ec_name(unsigned ec) { return exc_class_name(ec & 0x3f); }

/* ConditionHolds() (DDI 0487 J1.1.3 shared/functions/system/ConditionHolds). */
static bool cond_holds(unsigned cond, uint32_t nzcv)
{
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, c = nzcv >> 29 & 1, v = nzcv >> 28 & 1, r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break;
    }
    return (cond & 1) && cond != 0xf ? !r : r;
}

bool trace_insn_cond_failed(const struct trace_event *ev)
{
    if (ev->kind != TEV_INSN || (ev->opcode & 0xff000010u) != 0x54000000u) /* B.cond */
        return false;
    return !cond_holds(ev->opcode & 0xf, (uint32_t)ev->nzcv_before);
}

static const char *const exc_type_names[4] = { "sync", "IRQ", "FIQ", "SError" };

void trace_event_line(const struct trace_event *ev, char *buf, size_t size)
{
    size_t n = 0;
#define OUT(...) do { int k_ = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__); \
                      if (k_ > 0) n += (size_t)k_; } while (0)
    switch (ev->kind) {
    case TEV_INSN: {
        char dis[96];
        trace_disas(ev->opcode, ev->pc, dis, sizeof dis);
        OUT("#%" PRIu64 " cpu%u EL%u %016" PRIx64 ": %08" PRIx32 "  %-36s", ev->insn, ev->cpu, ev->el, ev->pc,
            ev->opcode, dis);
        break;
    }
    case TEV_EXC:
        OUT("   cpu%u exception %s", ev->cpu, exc_type_names[ev->exc_type & 3]);
        if (ev->exc_type == 0 || ev->exc_type == 3)
            OUT(" EC=0x%02x (%s) ISS=0x%07" PRIx32, ev->esr >> 26, trace_ec_name(ev->esr >> 26),
                ev->esr & 0x1ffffff);
        OUT(" EL%u->EL%u return=0x%" PRIx64, ev->from_el, ev->to_el, ev->ret_pc);
        if (ev->far_valid)
            OUT(" FAR=0x%" PRIx64, ev->far);
        break;
    case TEV_GAP:
        OUT("   cpu%u %" PRIu64 " instructions not recorded (filter)", ev->cpu, ev->skipped);
        break;
    case TEV_SYNC:
        OUT("   cpu%u state changed outside its instructions", ev->cpu);
        break;
    }
    if (ev->nregs || ev->nmem)
        OUT(" |");
    for (unsigned i = 0; i < ev->nregs; i++)
        OUT(" %s=0x%" PRIx64, trace_slot_name(ev->regs[i].slot), ev->regs[i].val);
    for (unsigned i = 0; i < ev->nmem; i++)
        OUT(" %s%u[0x%" PRIx64 "]=0x%" PRIx64, ev->mem[i].write ? "W" : "R", ev->mem[i].size, ev->mem[i].addr,
            ev->mem[i].value);
#undef OUT
    if (size && n >= size)
        buf[size - 1] = 0;
}
