/* A forwarded command's stdin: read for the server, given back when node runs the command after all. */
#ifndef BOTSTER_FORWARD_STDIN_H
#define BOTSTER_FORWARD_STDIN_H
#include "buf.h"

/* Reads stdin into INTO (not a terminal's): at most MAX bytes, for at most MS (negative: to its end). */
void read_stdin(buf_t *into, int ms, size_t max);
/* When TOOK: what was read of stdin becomes stdin again (a pipe a child of ours fills). */
void give_back(buf_t *in, int took);

#endif
