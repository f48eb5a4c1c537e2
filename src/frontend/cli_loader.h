/* -device guest-loader (cli_loader.c). */
#ifndef A64EMU_FRONTEND_CLI_LOADER_H
#define A64EMU_FRONTEND_CLI_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "frontend/cli.h"

bool cli_is_guest_loader(const char *device_arg);
/* Parse one -device guest-loader,... into o->machine.modules. */
bool cli_guest_loader(const char *val, struct cli_options *o, char *err, size_t errlen);

#endif
