/*
 * sort: quicksort (median of three, insertion sort for short ranges) of a PRNG-filled array of
 * 16384 32-bit values, repeated with fresh data; each result is checked for order.
 */
#define WORKLOAD_EXPECTED 0x2ddad7803bf4279aULL
#include "bench.h"

#define N 16384
#define ROUNDS 420

static uint32_t arr[N];

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(uint32_t *v, long lo, long hi)
{
    while (hi - lo > 16) {
        long mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap(&v[mid], &v[lo]);
        if (v[hi] < v[lo]) swap(&v[hi], &v[lo]);
        if (v[hi] < v[mid]) swap(&v[hi], &v[mid]);
        uint32_t pivot = v[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                swap(&v[i], &v[j]);
                i++;
                j--;
            }
        }
        /* Recurse on the smaller side, loop on the larger. */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
    for (long i = lo + 1; i <= hi; i++) {
        uint32_t x = v[i];
        long k = i - 1;
        while (k >= lo && v[k] > x) {
            v[k + 1] = v[k];
            k--;
        }
        v[k + 1] = x;
    }
}

uint64_t workload(void)
{
    uint64_t seed = 0xdeadbeefcafef00dULL, acc = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        for (uint32_t i = 0; i < N; i++)
            arr[i] = (uint32_t)(bench_rand(&seed) >> 32);
        quicksort(arr, 0, N - 1);
        for (uint32_t i = 1; i < N; i++)
            if (arr[i - 1] > arr[i])
                return 0xbad; /* never the expected value */
        acc = acc * 1000003u + arr[r % N] + arr[N / 2];
    }
    return acc;
}
