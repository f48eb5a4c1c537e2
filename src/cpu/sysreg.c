#include "cpu/sysreg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

static const struct sysreg_table *const tables[] = { &sysreg_sys_table, &sysreg_base_table, &sysreg_el2_table, &sysreg_mmu_table,
                                                     &sysreg_fp_table, &sysreg_debug_table,
                                                     &sysreg_pmu_table, &sysreg_id_table,
                                                     &sysreg_gic_table, &sysreg_timer_table };

static bool sysreg_built;
static const struct sysreg_desc *sysreg_rows[1u << 16];

unsigned sysreg_check_tables(char *report, size_t size)
{
    unsigned problems = 0;
    size_t used = 0;
    static const struct sysreg_desc *seen[1u << 16];
    memset(seen, 0, sizeof seen);
    if (size)
        report[0] = 0;
    problems += sysreg_vhe_check(report, size);
    used = size ? strlen(report) : 0;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const struct sysreg_table *tb = tables[t];
        for (size_t i = 0; i < tb->count; i++) {
            const struct sysreg_desc *d = &tb->rows[i];
            const char *msg = NULL;
            if (i > 0 && tb->rows[i - 1].enc >= d->enc)
                msg = "not sorted after the previous row";
            else if (seen[d->enc])
                msg = "duplicate encoding";
            else if (d->offset == SR_NO_STORAGE && !d->read && !(d->flags & (SRF_CONST | SRF_WO)))
                msg = "neither storage, a read hook, nor CONST";
            else if (d->offset != SR_NO_STORAGE && (d->read || (d->write && (d->flags & SRF_CONST))))
                msg = "both storage and a read hook";
            if (msg) {
                problems++;
                if (used < size) {
                    int n = snprintf(report + used, size - used, "%s: %s: %s\n", tb->file, d->name, msg);
                    if (n > 0)
                        used += (size_t)n;
                }
            }
            seen[d->enc] = d;
        }
    }
    return problems;
}

bool sysreg_init(void)
{
    if (sysreg_built)
        return true;
    char report[1024];
    if (sysreg_check_tables(report, sizeof report)) {
        log_error("system register tables are inconsistent:\n%s", report);
        return false;
    }
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t]->count; i++)
            sysreg_rows[tables[t]->rows[i].enc] = &tables[t]->rows[i];
    sysreg_built = true;
    return true;
}

const struct sysreg_desc *sysreg_lookup(uint16_t enc)
{
    return sysreg_rows[enc];
}

void sysreg_reset(struct cpu_state *cpu)
{
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t]->count; i++) {
            const struct sysreg_desc *d = &tables[t]->rows[i];
            if (d->offset != SR_NO_STORAGE)
                memcpy((char *)cpu + d->offset, &d->reset, sizeof d->reset);
        }
}

const char *sysreg_name(uint16_t enc, char *buf, size_t size)
{
    const struct sysreg_desc *d = sysreg_lookup(enc);
    if (d)
        snprintf(buf, size, "%s", d->name);
    else
        snprintf(buf, size, "S%u_%u_C%u_C%u_%u", enc >> 14, (enc >> 11) & 7, (enc >> 7) & 15,
                 (enc >> 3) & 15, enc & 7);
    return buf;
}

uint64_t sysreg_read_zero(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)cpu, (void)d;
    return 0;
}

bool sysreg_write_ignore(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)cpu, (void)d, (void)v;
    return true;
}
