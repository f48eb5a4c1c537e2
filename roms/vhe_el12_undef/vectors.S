/* The EL2 vector table of ../vhe_host. */
#include "../vhe_host/vectors.S"
