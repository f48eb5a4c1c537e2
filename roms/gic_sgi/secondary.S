#include "../psci_smp/secondary.S"
