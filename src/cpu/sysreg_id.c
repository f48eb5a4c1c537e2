/*
 * The rest of the ID register space (op0 = 3, op1 = 0, CRn = 0, CRm = 1..7) that sysreg_base.c
 * does not give a value: the AArch32 ID registers, and the encodings the architecture reserves
 * there. a64emu has no AArch32 at any EL (ID_AA64PFR0_EL1.EL0/EL1 = 1), so the AArch32 ID
 * registers are UNKNOWN and read 0 here; the reserved encodings are RAZ from EL1 (DDI 0487
 * D12.3.1, "Reserved ... ID register encodings": "RAZ ... at EL1 and above"). All are "ID group
 * 3" registers: HCR_EL2.TID3 traps them from EL1 (sysreg_trap_tid3), which a hypervisor
 * virtualizing the ID registers relies on. UNDEFINED at EL0, as the row's EL minimum says.
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"

#define RAZ(n, cm, o2) \
    { #n, SYSREG_ENC(3, 0, 0, cm, o2), 1, SR_NO_ACCESS, SR_NO_STORAGE, 0, NULL, NULL, sysreg_trap_tid3, SRF_CONST }

static const struct sysreg_desc id_rows[] = {
    RAZ(ID_PFR0_EL1, 1, 0),     RAZ(ID_PFR1_EL1, 1, 1),   RAZ(ID_DFR0_EL1, 1, 2),   RAZ(ID_AFR0_EL1, 1, 3),
    RAZ(ID_MMFR0_EL1, 1, 4),    RAZ(ID_MMFR1_EL1, 1, 5),  RAZ(ID_MMFR2_EL1, 1, 6),  RAZ(ID_MMFR3_EL1, 1, 7),
    RAZ(ID_ISAR0_EL1, 2, 0),    RAZ(ID_ISAR1_EL1, 2, 1),  RAZ(ID_ISAR2_EL1, 2, 2),  RAZ(ID_ISAR3_EL1, 2, 3),
    RAZ(ID_ISAR4_EL1, 2, 4),    RAZ(ID_ISAR5_EL1, 2, 5),  RAZ(ID_MMFR4_EL1, 2, 6),  RAZ(ID_ISAR6_EL1, 2, 7),
    RAZ(MVFR0_EL1, 3, 0),       RAZ(MVFR1_EL1, 3, 1),     RAZ(MVFR2_EL1, 3, 2),     RAZ(ID_RES_3_3, 3, 3),
    RAZ(ID_PFR2_EL1, 3, 4),     RAZ(ID_DFR1_EL1, 3, 5),   RAZ(ID_MMFR5_EL1, 3, 6),  RAZ(ID_RES_3_7, 3, 7),
    RAZ(ID_AA64PFR2_EL1, 4, 2), RAZ(ID_RES_4_3, 4, 3),    RAZ(ID_AA64ZFR0_EL1, 4, 4), RAZ(ID_AA64SMFR0_EL1, 4, 5),
    RAZ(ID_RES_4_6, 4, 6),      RAZ(ID_RES_4_7, 4, 7),
    RAZ(ID_RES_5_2, 5, 2),      RAZ(ID_RES_5_3, 5, 3),    RAZ(ID_RES_5_6, 5, 6),    RAZ(ID_RES_5_7, 5, 7),
    RAZ(ID_AA64ISAR2_EL1, 6, 2), RAZ(ID_RES_6_3, 6, 3),   RAZ(ID_RES_6_4, 6, 4),    RAZ(ID_RES_6_5, 6, 5),
    RAZ(ID_RES_6_6, 6, 6),      RAZ(ID_RES_6_7, 6, 7),
    RAZ(ID_AA64MMFR3_EL1, 7, 3), RAZ(ID_AA64MMFR4_EL1, 7, 4), RAZ(ID_RES_7_5, 7, 5), RAZ(ID_RES_7_6, 7, 6),
    RAZ(ID_RES_7_7, 7, 7),
};

const struct sysreg_table sysreg_id_table = { "src/cpu/sysreg_id.c", id_rows, sizeof id_rows / sizeof id_rows[0] };
