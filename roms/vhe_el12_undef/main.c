/* vhe_host plus the _EL12 names at EL2 with E2H = 0: UNDEFINED (QEMU 7.2 is wrong: see
 * ../vhe_host/main.c). Not run in lockstep. */
#define VHE_EL12_UNDEF 1
#include "../vhe_host/main.c"
