/* The EL0 code and run_user of ../debug. */
#include "../debug/user.S"
