/* The server's log (HOME/logs/server.log): where a server this client starts writes, and what a
 * server that died or could not start wrote there since this client began. */
#ifndef BOTSTER_SERVER_LOG_H
#define BOTSTER_SERVER_LOG_H
#include <sys/types.h>
#include "buf.h"

/* The log's size as this client began (-1: unknown): what comes after it is this start's. */
extern off_t log_size;
/* The log's path, into OUT. */
void server_log(char *out, size_t n);
/* A server that died: its last 5 non-empty lines since log_size, into OUT. */
void last_words(buf_t *out);
/* The COULD_NOT_START line a server that failed to start wrote, without "botster-tui: ", into OUT. */
void could_not_start(buf_t *out);

#endif
