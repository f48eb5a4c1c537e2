/* Compiler hints used on hot paths. */
#ifndef A64EMU_UTIL_COMPILER_H
#define A64EMU_UTIL_COMPILER_H

#if defined(__GNUC__)
/* A shared helper whose constant arguments (sub, setflags, size) must fold away in each caller:
 * without forced inlining GCC clones it with the arguments live and the flag computation stays. */
#define A64_ALWAYS_INLINE inline __attribute__((always_inline))
#define A64_LIKELY(x) __builtin_expect(!!(x), 1)
#define A64_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define A64_ALWAYS_INLINE inline
#define A64_LIKELY(x) (x)
#define A64_UNLIKELY(x) (x)
#endif

#endif
