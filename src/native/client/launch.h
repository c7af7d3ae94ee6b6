/* A cold start: the home's server started by this client, and its socket awaited. */
#ifndef BOTSTER_LAUNCH_H
#define BOTSTER_LAUNCH_H
#include <sys/types.h>

/* Starts this home's server (as src/client/start-server.ts); its pid, or 0 when it could not be started. */
pid_t start_server(void);
/* The launched server's socket once it answers; -1 when the process died first. */
int await_launched(pid_t pid);

#endif
