/* -cpu models: QEMU's CPU names mapped to a64emu feature profiles (cpu_models.c). */
#ifndef A64EMU_CPU_CPU_MODELS_H
#define A64EMU_CPU_CPU_MODELS_H

#include <stdbool.h>
#include <stdio.h>

#include "cpu/cpu.h"

struct cpu_model {
    const char *name;
    const char *summary;
    const char *dt_compatible; /* the cpu nodes' compatible, as QEMU 7.2 writes it for this -cpu */
    a64_features features; /* unless is_max */
    bool is_max;           /* the default profile, cpu_default_features() */
};

/* NULL for an unknown name ("a64emu" is accepted as max). */
const struct cpu_model *cpu_model_find(const char *name);
/* The model's features; NULL means max. */
a64_features cpu_model_features(const struct cpu_model *m);
void cpu_model_list(FILE *out);

#endif
