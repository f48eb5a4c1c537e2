/* debug plus the OS lock blocking a breakpoint (QEMU 7.2 is wrong: see ../debug/main.c). Not
 * run in lockstep. */
#define DEBUG_OSLOCK 1
#include "../debug/main.c"
