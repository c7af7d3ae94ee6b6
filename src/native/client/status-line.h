/* The user's status line, run in the agent's process tree (the server hands its command back). */
#ifndef BOTSTER_STATUS_LINE_H
#define BOTSTER_STATUS_LINE_H
#include "buf.h"

/* `sh -c COMMAND` in CWD with INPUT on its stdin, cut after MS; what it printed into OUT. */
void run_line(const char *command, const char *cwd, int ms, const buf_t *input, buf_t *out);

#endif
