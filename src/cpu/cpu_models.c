/*
 * The CPU models -cpu accepts (QEMU's names), each mapped to one of a64emu's feature profiles.
 * a64emu has no per-core timing or errata: a model is only the set of features its ID registers
 * advertise. MIDR keeps a64emu's implementer 0x00 for every model (brief section 5), so a guest
 * applies no hardware errata workarounds whichever name was given.
 */
#include "cpu/cpu_models.h"

#include <string.h>

/* QEMU 7.2 writes "arm,cortex-a57" in the cpu nodes for -cpu max too (tests/scripts/
 * test_dtb_vs_qemu.sh compares). ARMv8.0-A with FP/AdvSIMD and the crypto extensions (as QEMU's
 * models of both cores) as the Cortex-A57/A72 implement it: CRC32 (mandatory from v8.1, present in both);
 * no LSE, PAN, VHE or 16-bit VMIDs, so a hypervisor runs in non-VHE mode ("Hyp mode" in Linux). */
#define V80_CORE                                                                                   \
    (1u << FEAT_CRC32 | 1u << FEAT_FP | 1u << FEAT_ADVSIMD | 1u << FEAT_AES | 1u << FEAT_PMULL |          \
     1u << FEAT_SHA1 | 1u << FEAT_SHA256)

static const struct cpu_model models[] = {
    { "max", "a64emu's full profile: ARMv8.0-A + FP/SIMD, crypto, LSE, CRC32, PAN, VHE, VMID16", "arm,cortex-a57", 0, true },
    { "cortex-a57", "ARMv8.0-A + FP/SIMD, crypto, CRC32 (no LSE, PAN, VHE; 8-bit VMIDs)", "arm,cortex-a57", V80_CORE, false },
    { "cortex-a72", "ARMv8.0-A + FP/SIMD, crypto, CRC32 (no LSE, PAN, VHE; 8-bit VMIDs)", "arm,cortex-a72", V80_CORE, false },
};

const struct cpu_model *cpu_model_find(const char *name)
{
    if (strcmp(name, "a64emu") == 0)
        name = "max";
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (strcmp(models[i].name, name) == 0)
            return &models[i];
    return NULL;
}

a64_features cpu_model_features(const struct cpu_model *m)
{
    if (!m || m->is_max)
        return cpu_default_features();
    return m->features;
}

void cpu_model_list(FILE *out)
{
    fputs("Available CPUs (-cpu NAME):\n", out);
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        fprintf(out, "  %-11s %s\n", models[i].name, models[i].summary);
}
