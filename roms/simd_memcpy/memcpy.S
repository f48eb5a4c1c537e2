/*
 * The glibc-style memcpy timed by the neon_memcpy benchmark, included here so that the ROM
 * checks exactly the code the benchmark measures (a change there is rebuilt here on the next
 * reconfigure: the ROM's dependencies are the files of roms/simd_memcpy).
 */
#include "../../bench/workloads/neon_memcpy.S"
