/* `a64emu trace SUBCOMMAND ...` (main.c hands over argv when argv[1] is "trace"). */
#ifndef A64EMU_FRONTEND_TRACE_CMD_H
#define A64EMU_FRONTEND_TRACE_CMD_H

/* Returns the exit status: 0 success / traces identical, 1 traces differ, 2 error. */
int trace_cmd_main(int argc, char **argv);

#endif
