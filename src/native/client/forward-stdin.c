/* What a forwarded command reads on stdin (a hook's JSON, tmux's load-buffer -): read here for the
 * server, bounded as node bounds it, and handed back to the node client should it run the command
 * after all (forward-stdin.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "forward-stdin.h"
#include "sock.h"
#include "trace.h"

/* As src/cli/agent-side/hook-input.ts reads a hook's JSON: nothing from a terminal, at most MAX bytes, for at
 * most MS (a negative MS: until its end). */
void read_stdin(buf_t *into, int ms, size_t max) {
  if (isatty(0)) return;
  double end = mono_ms() + ms;
  char chunk[65536];
  while (into->len < max) {
    int left = ms < 0 ? -1 : (int)(end - mono_ms());
    if (ms >= 0 && left <= 0) return;
    struct pollfd p = {0, POLLIN, 0};
    int r = poll(&p, 1, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    ssize_t got = read(0, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    put(into, chunk, (size_t)got);
  }
}

/* What was read of stdin goes to the node client that runs the command after all: a pipe that a
 * child of ours fills. */
void give_back(buf_t *in, int took) {
  if (!took) return;
  int p[2];
  if (pipe(p) < 0) return;
  pid_t child = fork();
  if (child == 0) {
    close(p[0]);
    write_all(p[1], in->p ? in->p : "", in->len);
    _exit(0);
  }
  close(p[1]);
  if (child > 0) dup2(p[0], 0);
  close(p[0]);
}
