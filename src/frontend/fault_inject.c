#include "frontend/fault_inject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "decode/decode.h"
#include "util/log.h"

enum fault { FAULT_NONE, FAULT_ADDS_CARRY };

static enum fault armed = FAULT_NONE;

bool fault_inject_init(char *err, unsigned errlen)
{
    const char *v = getenv("A64EMU_INJECT_BUG");
    if (!v || !*v)
        return true;
    if (strcmp(v, "adds_carry") != 0) {
        snprintf(err, errlen, "A64EMU_INJECT_BUG='%s': unknown fault (known: adds_carry)", v);
        return false;
    }
    armed = FAULT_ADDS_CARRY;
    log_error("FAULT INJECTION ACTIVE (A64EMU_INJECT_BUG=%s): results are deliberately wrong", v);
    return true;
}

bool fault_inject_active(void) { return armed != FAULT_NONE; }

static bool is_adds(struct cpu_state *c)
{
    uint32_t raw;
    if (!cpu_virt_read(c, c->pc, &raw, sizeof raw))
        return false;
    struct a64_insn in;
    dec_decode(raw, c->features, &in);
    return in.id == A64_ADDS_imm || in.id == A64_ADDS_reg || in.id == A64_ADDS_ext;
}

bool fault_inject_step(struct machine *m, enum machine_stop *why)
{
    struct cpu_state *c = machine_cpu(m, 0);
    uint64_t pc = c->pc;
    bool hit = armed == FAULT_ADDS_CARRY && c->stop == CPU_RUNNING && is_adds(c);
    bool ok = machine_step(m, why);
    if (hit && c->pc == pc + 4) /* it completed (no exception) */
        c->nzcv ^= 1u << 29;
    return ok;
}
