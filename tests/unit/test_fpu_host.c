/*
 * The FP core against the host's IEEE 754 arithmetic on random operands, in all four rounding
 * modes (FPCR.FZ = DN = 0, where Arm's results are IEEE 754's): values must match bit for bit
 * (any NaN result must be a NaN: the host's default NaN differs from Arm's, which test_fpu.c
 * covers), and IOC/DZC/OFC/IXC must match the host's exception flags. UFC differs by design
 * (x86 detects tininess after rounding, Arm before), so only "host underflow implies Arm
 * underflow" is checked. The host is an independent implementation: nothing here uses src/fpu
 * to compute an expected value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fpu/fpu.h"

#define N_PER_MODE 40000

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Random operands weighted towards the interesting exponents: near zero, denormals, near
 * overflow, close to the other operand, and mantissas with long runs. */
static uint64_t rand_op(enum fpu_fmt f, uint64_t other)
{
    unsigned ebits = f == FPU_D ? 11 : 8, fbits = f == FPU_D ? 52 : 23;
    uint64_t emax = (1u << ebits) - 1, r = next();
    uint64_t exp;
    switch (r & 7) {
    case 0: exp = 0; break;
    case 1: exp = 1 + (next() & 3); break;
    case 2: exp = emax - 1 - (next() & 3); break;
    case 3: exp = ((other >> fbits) & emax) + (next() % 5) - 2; break;
    case 4: exp = (emax >> 1) + (next() % 60) - 30; break;
    default: exp = next() % emax; break;
    }
    if (exp >= emax)
        exp = emax - 1;
    uint64_t frac = next();
    switch ((r >> 3) & 3) {
    case 0: frac = ~0ull << (next() % fbits); break;
    case 1: frac = (1ull << (next() % fbits)) | (next() & 1); break;
    default: break;
    }
    frac &= (1ull << fbits) - 1;
    return (r >> 8 & 1ull) << (ebits + fbits) | exp << fbits | frac;
}

static const int host_modes[4] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };

static uint32_t host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return (e & FE_INVALID ? FPSR_IOC : 0) | (e & FE_DIVBYZERO ? FPSR_DZC : 0) |
           (e & FE_OVERFLOW ? FPSR_OFC : 0) | (e & FE_UNDERFLOW ? FPSR_UFC : 0) |
           (e & FE_INEXACT ? FPSR_IXC : 0);
}

enum hop { H_ADD, H_SUB, H_MUL, H_DIV, H_FMA, H_SQRT, H_RINT, H_CVT };
static const char *const hop_names[] = { "add", "sub", "mul", "div", "fma", "sqrt", "rint", "cvt" };

static double dv(uint64_t a)
{
    double d;
    memcpy(&d, &a, 8);
    return d;
}

static float sv(uint64_t a)
{
    uint32_t w = (uint32_t)a;
    float s;
    memcpy(&s, &w, 4);
    return s;
}

static uint64_t db(double d)
{
    uint64_t a;
    memcpy(&a, &d, 8);
    return a;
}

static uint64_t sb(float s)
{
    uint32_t w;
    memcpy(&w, &s, 4);
    return w;
}

/* The host computation, with volatile operands so the compiler cannot move the operation
 * outside the flag window. */
static uint64_t host(enum hop op, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t c)
{
    if (f == FPU_D) {
        volatile double x = dv(a), y = dv(b), z = dv(c), r = 0;
        switch (op) {
        case H_ADD: r = x + y; break;
        case H_SUB: r = x - y; break;
        case H_MUL: r = x * y; break;
        case H_DIV: r = x / y; break;
        case H_FMA: r = fma(y, z, x); break;
        case H_SQRT: r = sqrt(x); break;
        case H_RINT: r = nearbyint(x); break;
        case H_CVT: {
            volatile float t = (float)x;
            return sb(t);
        }
        }
        return db(r);
    }
    volatile float x = sv(a), y = sv(b), z = sv(c), r = 0;
    switch (op) {
    case H_ADD: r = x + y; break;
    case H_SUB: r = x - y; break;
    case H_MUL: r = x * y; break;
    case H_DIV: r = x / y; break;
    case H_FMA: r = fmaf(y, z, x); break;
    case H_SQRT: r = sqrtf(x); break;
    case H_RINT: r = nearbyintf(x); break;
    case H_CVT: {
        volatile double t = (double)x;
        return db(t);
    }
    }
    return sb(r);
}

static uint64_t ours(enum hop op, const struct fpu_env *env, enum fpu_fmt f, uint64_t a,
                     uint64_t b, uint64_t c)
{
    switch (op) {
    case H_ADD: return fpu_add(env, f, a, b);
    case H_SUB: return fpu_sub(env, f, a, b);
    case H_MUL: return fpu_mul(env, f, a, b);
    case H_DIV: return fpu_div(env, f, a, b);
    case H_FMA: return fpu_muladd(env, f, a, b, c);
    case H_SQRT: return fpu_sqrt(env, f, a);
    case H_RINT: return fpu_round_int(env, f, a, fpu_fpcr_rmode(env->fpcr), false);
    case H_CVT: return fpu_convert(env, f == FPU_D ? FPU_S : FPU_D, f, a, fpu_fpcr_rmode(env->fpcr));
    }
    return 0;
}

static bool is_nan(enum fpu_fmt f, uint64_t r)
{
    return f == FPU_D ? (r & ~(1ull << 63)) > 0x7ff0000000000000ull
                      : (r & 0x7fffffffu) > 0x7f800000u;
}

static unsigned run_op(enum hop op, enum fpu_fmt f)
{
    unsigned bad = 0;
    enum fpu_fmt rf = op == H_CVT ? (f == FPU_D ? FPU_S : FPU_D) : f;
    for (unsigned m = 0; m < 4; m++) {
        for (unsigned i = 0; i < N_PER_MODE; i++) {
            uint64_t a = rand_op(f, 0), b = rand_op(f, a), c = rand_op(f, b);
            if (op == H_FMA && (next() & 1)) /* addend near the product's magnitude */
                a = rand_op(f, fpu_mul(&(struct fpu_env){ 0, &(uint32_t){ 0 } }, f, b, c));
            uint32_t fpsr = 0;
            struct fpu_env env = { m << FPCR_RMODE_SHIFT, &fpsr };
            uint64_t got = ours(op, &env, f, a, b, c);
            fesetround(host_modes[m]);
            feclearexcept(FE_ALL_EXCEPT);
            uint64_t want = host(op, f, a, b, c);
            uint32_t hf = host_flags();
            fesetround(FE_TONEAREST);
            uint32_t cmp_mask = FPSR_IOC | FPSR_DZC | FPSR_OFC | FPSR_IXC;
            bool ok = is_nan(rf, want) ? is_nan(rf, got) : got == want;
            ok = ok && (fpsr & cmp_mask) == (hf & cmp_mask);
            ok = ok && (!(hf & FPSR_UFC) || (fpsr & FPSR_UFC));
            if (op == H_RINT) /* nearbyint raises nothing; FRINT* without X neither */
                ok = is_nan(rf, want) ? is_nan(rf, got) : got == want;
            if (!ok && bad++ < 10)
                printf("%s %s mode %u: a=%llx b=%llx c=%llx: got %llx flags %x, host %llx "
                       "flags %x\n", hop_names[op], f == FPU_D ? "d" : "s", m,
                       (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                       (unsigned long long)got, fpsr, (unsigned long long)want, hf);
        }
    }
    return bad;
}

static void test_vs_host(void **state)
{
    (void)state;
    unsigned bad = 0;
    for (enum hop op = H_ADD; op <= H_CVT; op++) {
        bad += run_op(op, FPU_S);
        bad += run_op(op, FPU_D);
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_vs_host) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
