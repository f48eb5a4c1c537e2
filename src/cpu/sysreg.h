/*
 * System registers as sorted descriptor tables (style.md 6.2), one file per topic
 * (sysreg_base.c: PSTATE fields, EL0/EL1/EL2 core registers and ID registers; later
 * sysreg_mmu.c, sysreg_timer.c, sysreg_gic.c ...). Each table is sorted by encoding; the
 * tables are merged into a direct 64K-entry index at startup and checked (sorted, unique across
 * files, storage rows have a reset value).
 */
#ifndef A64EMU_CPU_SYSREG_H
#define A64EMU_CPU_SYSREG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_state;

/* Encoding key: op0:op1:CRn:CRm:op2 in 2+3+4+4+3 bits. */
#define SYSREG_ENC(op0, op1, crn, crm, op2) \
    (uint16_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* SR_TAKEN: the hook has taken an exception of its own class (FPCR/FPSR: the SIMD&FP access
 * trap, EC 0x07, cpu_fp_access_check); the access does not happen. */
enum sysreg_result { SR_OK = 0, SR_TRAP_EL1, SR_TRAP_EL2, SR_UNDEF, SR_TAKEN };

struct sysreg_desc;
typedef uint64_t (*sysreg_read_fn)(struct cpu_state *cpu, const struct sysreg_desc *d);
/* Returns false if the write took an exception (e.g. DC ZVA faulting). */
typedef bool (*sysreg_write_fn)(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v);
/* Extra access check beyond the EL minimums; sets *reason (e.g. "HCR_EL2.TVM") on a trap. */
typedef enum sysreg_result (*sysreg_access_fn)(struct cpu_state *cpu, const struct sysreg_desc *d,
                                               bool write, const char **reason);

enum {
    SRF_CONST = 1u << 0,  /* read-only value: reset holds it */
    SRF_RO = 1u << 1,     /* writes are UNDEFINED */
    SRF_WO = 1u << 2,     /* reads are UNDEFINED */
    SRF_NEED_EL2 = 1u << 3, /* UNDEFINED when EL2 is not implemented */
    SRF_SYNC = 1u << 4,   /* the value depends on the retired count: an MRS runs only as the
                           * first instruction of a block (exact cpu->icount) and ends it */
};

#define SR_NO_STORAGE 0xffff
#define SR_NO_ACCESS 3 /* as a minimum EL: never */

struct sysreg_desc {
    const char *name;
    uint16_t enc;
    uint8_t read_el, write_el; /* lowest EL that may read / write */
    uint16_t offset;           /* offsetof(struct cpu_state, ...) or SR_NO_STORAGE */
    uint64_t reset;
    sysreg_read_fn read;
    sysreg_write_fn write;
    sysreg_access_fn access;
    uint16_t flags;
};

struct sysreg_table {
    const char *file;
    const struct sysreg_desc *rows;
    size_t count;
};

/* Hooks for RAZ/WI registers (IMPLEMENTATION DEFINED ones without content here). */
uint64_t sysreg_read_zero(struct cpu_state *cpu, const struct sysreg_desc *d);
bool sysreg_write_ignore(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v);

/* Build the index; returns false (and logs) if a table is unsorted or has duplicates. */
bool sysreg_init(void);
/* Number of problems found; messages in report. */
unsigned sysreg_check_tables(char *report, size_t size);
const struct sysreg_desc *sysreg_lookup(uint16_t enc);
/* Apply every row's reset value to the vCPU. */
void sysreg_reset(struct cpu_state *cpu);
/* Name of an encoding: the row's name or the generic S<op0>_<op1>_C<n>_C<m>_<op2>. */
const char *sysreg_name(uint16_t enc, char *buf, size_t size);

/* The tables, one per file. */
extern const struct sysreg_table sysreg_base_table;
extern const struct sysreg_table sysreg_sys_table;
extern const struct sysreg_table sysreg_el2_table;  /* sysreg_el2.c */
extern const struct sysreg_table sysreg_mmu_table;  /* sysreg_mmu.c */
extern const struct sysreg_table sysreg_fp_table;   /* sysreg_fp.c */
extern const struct sysreg_table sysreg_debug_table; /* debug.c */
extern const struct sysreg_table sysreg_pmu_table;   /* pmu.c */
extern const struct sysreg_table sysreg_id_table;    /* sysreg_id.c */
extern const struct sysreg_table sysreg_gic_table;  /* src/gic/gic_sysreg.c */
extern const struct sysreg_table sysreg_timer_table; /* src/timer/timer_sysreg.c */

#endif
