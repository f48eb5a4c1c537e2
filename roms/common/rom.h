/*
 * The small library every ROM links with (common/lib.c, common/boot.S): semihosting and UART
 * output, hex printing, CHECK macros, and hooks into the shared EL1 vector table.
 *
 * Guest code only: built with aarch64-linux-gnu-gcc -ffreestanding (GNU C is fine here).
 */
#ifndef ROM_H
#define ROM_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses used by the library itself. */
#define ROM_EXIT_CHECK_FAILED 1
#define ROM_EXIT_UNEXPECTED 0x7f

/* Semihosting (IHI 0095), AArch64: HLT #0xF000, W0 = operation, X1 = parameter. */
#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18

static inline uint64_t semihost_call(uint64_t op, uint64_t param)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = param;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void sh_putc(char c);
void sh_puts(const char *s);
__attribute__((noreturn)) void rom_exit(unsigned status); /* boot.S */

/* PL011 UART0 of the virt board. */
#define UART0_BASE 0x09000000ul
void uart_putc(char c);
void uart_puts(const char *s);

/* Console output goes through semihosting (SYS_WRITE0), the same channel the reports use. */
void puts_(const char *s);
void put_hex(uint64_t v); /* 0x%016lx */
void put_dec(uint64_t v);

__attribute__((noreturn)) void check_fail(const char *file, int line, const char *expr);
__attribute__((noreturn)) void check_eq_fail(const char *file, int line, const char *expr,
                                             uint64_t got, uint64_t want);

/* Fail the ROM (exit 1) with file:line when `cond` is false. */
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond))                                                                    \
            check_fail(__FILE__, __LINE__, #cond);                                      \
    } while (0)

/* Fail with both values when `got` != `want` (compared as 64-bit unsigned). */
#define CHECK_EQ(got, want)                                                             \
    do {                                                                                \
        uint64_t got_ = (uint64_t)(got), want_ = (uint64_t)(want);                      \
        if (got_ != want_)                                                              \
            check_eq_fail(__FILE__, __LINE__, #got, got_, want_);                       \
    } while (0)

/* Hide a value from the optimizer so known-answer tests really execute the instruction. */
#define OPAQUE(v) ({ __typeof__(v) v_ = (v); __asm__ volatile("" : "+r"(v_)); v_; })

#define read_sysreg(reg) ({ uint64_t r_; __asm__ volatile("mrs %0, " #reg : "=r"(r_)); r_; })
#define write_sysreg(reg, v) __asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(v)) : "memory")

/* What boot.S saves on every exception; a handler may change any field (elr to skip). */
struct exc_frame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far;
    uint64_t pad;
};

/* ESR_ELx fields. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL(esr) (((esr) >> 25) & 1)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)

/* Synchronous exceptions from the current EL with SP_ELx (vector offset 0x200) go to `fn`
 * first; it returns nonzero when it handled the exception (execution resumes at frame->elr),
 * zero to report it as unexpected. NULL removes the handler. */
typedef int (*exc_handler_fn)(struct exc_frame *frame);
void rom_set_sync_handler(exc_handler_fn fn);
/* The same for synchronous exceptions from EL0 (vector offset 0x400, lower EL AArch64). */
void rom_set_lower_sync_handler(exc_handler_fn fn);

/* IRQs and FIQs taken from the current EL with SP_ELx (vector offsets 0x280, 0x300) go to `fn`;
 * it returns nonzero when it handled the interrupt (the GIC ROMs acknowledge it there). */
void rom_set_irq_handler(exc_handler_fn fn);
void rom_set_fiq_handler(exc_handler_fn fn);

/* Called by boot.S for every exception. */
void rom_exception(uint64_t vector, struct exc_frame *frame);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
