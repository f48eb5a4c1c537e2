/*
 * The registers gdb sees (numbering, target description XML, and their encoding in g/G/p/P
 * packets: each register's bytes little-endian, as gdb expects of an AArch64 target).
 *   0-30 x0-x30, 31 sp (the current stack pointer), 32 pc, 33 cpsr (32 bits)  org.gnu.gdb.aarch64.core
 *   34-65 v0-v31 (128 bits), 66 fpsr, 67 fpcr (32 bits)                       org.gnu.gdb.aarch64.fpu
 *   68... system registers, 64 bits, the EL2 ones only with EL2              org.a64emu.sysregs
 * System registers are read and written through the same descriptors an MRS/MSR uses
 * (cpu/sysreg.h: the row's hook or storage), so a write has its real side effects (SCTLR_EL1
 * flushes translations ...), but without the guest's access checks or traps.
 */
#ifndef A64EMU_FRONTEND_GDB_REGS_H
#define A64EMU_FRONTEND_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_state;

#define GDB_REG_SYS0 68 /* first system register */

/* Number of registers gdb sees for this vCPU (fewer without EL2). */
unsigned gdb_reg_count(const struct cpu_state *cpu);
/* A register's name (as in the XML) and size in bytes; NULL / 0 past the end. */
const char *gdb_reg_name(const struct cpu_state *cpu, unsigned regnum);
unsigned gdb_reg_size(const struct cpu_state *cpu, unsigned regnum);
/* Its value, little-endian into out (16 bytes room); returns the size, 0 for no such register. */
unsigned gdb_reg_read(struct cpu_state *cpu, unsigned regnum, uint8_t *out);
/* Write it from little-endian bytes; false for no such register, a read-only one (CurrentEL),
 * or a value the vCPU cannot take (cpsr naming AArch32 or an EL that is not implemented). */
bool gdb_reg_write(struct cpu_state *cpu, unsigned regnum, const uint8_t *in);
/* The target description for this vCPU; returns its length (written NUL-terminated, truncated
 * to size). */
size_t gdb_target_xml(const struct cpu_state *cpu, char *buf, size_t size);
/* The sysreg row behind system register regnum, or NULL (test hook: names must agree). */
const char *gdb_sysreg_row_name(const struct cpu_state *cpu, unsigned regnum);

#endif
