/* psci_basic at EL2 (run with -M virt,virtualization=on): the PSCI conduit is SMC. */
#include "../psci_basic/main.c"
