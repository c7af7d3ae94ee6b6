/*
 * botster-tui's keeper (Linux): one small process per agent that owns the agent's PTY master, so
 * the agent outlives the hub server (a crash, a kill -9, an upgrade). The server talks to it over a
 * unix socket (mode 0600, in the home's keepers/ folder) with the keeper protocol of
 * src/wire/keeper-protocol.ts (numbers from dist/native/wire.h; docs/keeper.md).
 *
 * The server that starts an agent may open the PTY master itself and hand it over (--master-fd):
 * it then writes keys and sizes on it directly (WRITES), without this process's hop per key. This
 * process alone reads the master, into its ring first: what the agent printed is never held only by
 * a server that a kill -9 can take away. A server that adopts the agent later sends its keys here.
 *
 * It keeps a ring of the agent's recent output. Bytes no server has got yet are never overwritten:
 * when they fill the ring the keeper stops reading the master and the agent blocks on its next
 * write (back-pressure), so nothing is dropped. A server that connects gets the whole ring first
 * (it rebuilds the screen and scrollback from it), then the live output. One server at a time: a
 * second connection is told who has the agent and closed.
 *
 * It is its agent's subreaper: whatever the agent starts and leaves (a `setsid -f`, a double fork,
 * a daemon such as a tmux server) is reparented here, not to init, so every process of the agent's
 * line descends from its keeper, and the hub tells it for the agent's (docs/security.md). A socket
 * mode says nothing between processes of one user, so a connection is served only when the kernel
 * says its peer is of this user and no process of any agent's line of this home (peer_refusal).
 *
 *   botster-keeper --socket PATH --ring BYTES --cols C --rows R --cwd DIR [--master-fd N] -- FILE [ARGS...]
 *
 * It prints `ok AGENT_PID KEEPER_PID` (or `error WHY`) on stdout and returns at once; the keeper
 * itself runs on in a session of its own. It exits once the agent exited and a server got the exit
 * (after what the agent left running ended: it stays their parent, holding nothing else; linger()).
 *
 * This file reads the command line, reports to the caller and runs the loop; the agent and its
 * terminal are agent.c's, the ring ring.c's, the server's connection conn.c's, refused connections
 * refused.c's, and who may connect peer.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

const char *sock_path;

/*
 * The agent is gone and so is its server's connection, but what the agent left (a daemon, a
 * `setsid -f`) may run on: the keeper stays their parent until the last one ends, so they never
 * leave the agent's line for init's (where they would be taken for the user's). Nothing else is
 * kept: the socket is gone already, the terminal and the ring are let go of.
 */
static void linger(void) {
  for (int r = 0; r < REFUSED; r++)
    if (refused_fd[r] >= 0) close(refused_fd[r]);
  if (lsock >= 0) close(lsock);
  if (client >= 0) close(client);
  if (master >= 0) close(master);
  lsock = client = master = -1;
  free(ring);
  ring = NULL;
  while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
  }
}

static void usage(void) {
  fputs("usage: botster-keeper --socket PATH --ring BYTES --cols C --rows R --cwd DIR [--master-fd N] -- FILE [ARGS...]\n",
        stderr);
  exit(2);
}

int main(int argc, char **argv) {
  const char *cwd = NULL;
  int i = 1;
  cap = 2u << 20;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (i + 1 >= argc) usage();
    if (!strcmp(argv[i], "--socket")) sock_path = argv[++i];
    else if (!strcmp(argv[i], "--ring")) cap = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--cols")) cols = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--rows")) rows = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--cwd")) cwd = argv[++i];
    else if (!strcmp(argv[i], "--master-fd")) master_arg = atoi(argv[++i]);
    else usage();
  }
  if (!sock_path || i >= argc) usage();
  if (cap < CHUNK) cap = CHUNK;
  if (cap > (1u << 30)) cap = 1u << 30;
  if (!cols) cols = 80;
  if (!rows) rows = 24;

  /* The caller waits for our report; the keeper runs on in a session of its own. */
  int report[2];
  if (pipe2(report, O_CLOEXEC)) return 1;
  pid_t k = fork();
  if (k < 0) return 1;
  if (k > 0) {
    close(report[1]);
    char line[512];
    ssize_t n, got = 0;
    while (got < (ssize_t)sizeof line - 1 && (n = read(report[0], line + got, sizeof line - 1 - got)) > 0) got += n;
    if (got <= 0) {
      puts("error the keeper died as it started");
      return 1;
    }
    line[got] = 0;
    fputs(line, stdout);
    return strncmp(line, "ok ", 3) ? 1 : 0;
  }
  close(report[0]);
  for (int r = 0; r < REFUSED; r++) refused_fd[r] = -1;
  setsid();
  /* Before the agent is forked: what it leaves behind is reparented here, and stays in its line. */
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  char why[400] = "";
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  ring = malloc(cap); /* pages are touched only as output arrives */
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) dup2(null, 0), dup2(null, 1), dup2(null, 2);
  if (null > 2) close(null);
  char line[512];
  if (!ring || sigfd < 0) snprintf(why, sizeof why, "cannot start the keeper: out of memory");
  else if ((lsock = listen_on(sock_path, why, sizeof why)) >= 0 && home_folder(why, sizeof why) &&
           (child = start_agent(argv + i, cwd, why, sizeof why)) > 0)
    snprintf(line, sizeof line, "ok %d %d\n", (int)child, (int)getpid());
  if (child <= 0) {
    if (lsock >= 0) unlink(sock_path);
    snprintf(line, sizeof line, "error %s\n", why);
  }
  if (write(report[1], line, strlen(line)) < 0) { /* the caller is gone */ }
  close(report[1]);
  if (child <= 0) return 1;

  for (;;) {
    if (client >= 0 && flush_client() < 0) drop_client();
    long long now = now_ms();
    int timeout = -1;
    if (exit_sent) {
      long long left = exit_sent_at + EXIT_WAIT_MS - now;
      if (client < 0 || left <= 0) break;
      timeout = (int)left;
    }
    if (client >= 0 && !active) {
      long long left = connected_at + KEEPER_HELLO_MS - now;
      if (left <= 0) {
        fail_client("no HELLO in time");
        continue;
      }
      timeout = (int)left;
    }
    /* After the agent exited: its output is read until the terminal says EOF, or for 100 ms of
     * quiet (something it left behind may hold the terminal open). */
    if (child_done && !master_eof) {
      long long left = child_done_at + 100 - now;
      if (left <= 0) {
        master_eof = 1;
        if (master >= 0) close(master);
        master = -1;
        continue;
      }
      if (timeout < 0 || left < timeout) timeout = (int)left;
    }
    if (hung_up && !child_done) {
      long long left = hangup_at + 3000 - now;
      if (left <= 0) {
        kill(-child, SIGKILL);
        hangup_at = now;
        left = 3000;
      }
      if (timeout < 0 || left < timeout) timeout = (int)left;
    }
    /* Hung up, exited, and nobody is there to tell: nothing is left to keep. An agent that exited
     * by itself is told to the next server, if one comes within LINGER_MS. */
    if (hung_up && child_done && client < 0) break;
    if (child_done && master_eof && client < 0) {
      long long left = child_done_at + LINGER_MS - now;
      if (left <= 0) break;
      if (timeout < 0 || left < timeout) timeout = (int)left;
    }
    int ri[REFUSED];
    for (int r = 0; r < REFUSED; r++) {
      ri[r] = -1;
      if (refused_fd[r] < 0) continue;
      long long left = refused_at[r] + REFUSED_MS - now;
      if (left <= 0) left = 0;
      if (timeout < 0 || left < timeout) timeout = (int)left;
    }
    struct pollfd p[4 + REFUSED];
    int n = 0;
    p[n++] = (struct pollfd){lsock, POLLIN, 0};
    p[n++] = (struct pollfd){sigfd, POLLIN, 0};
    for (int r = 0; r < REFUSED; r++)
      if (refused_fd[r] >= 0) ri[r] = n, p[n++] = (struct pollfd){refused_fd[r], POLLIN, 0};
    int mi = -1, ci = -1;
    if (master >= 0 && !master_eof) {
      short ev = (room() ? POLLIN : 0) | (inq.len ? POLLOUT : 0);
      if (ev) mi = n, p[n++] = (struct pollfd){master, ev, 0};
    }
    if (client >= 0) {
      short ev = (inq.len < MAX_INQ ? POLLIN : 0) | (fbusy || outq.len || (active && sent < total) ? POLLOUT : 0);
      ci = n, p[n++] = (struct pollfd){client, ev, 0};
    }
    if (poll(p, n, timeout) < 0 && errno != EINTR) break;
    if (p[1].revents) reap();
    if (mi >= 0 && p[mi].revents) {
      if (p[mi].revents & POLLOUT) write_input();
      if (p[mi].revents & (POLLIN | POLLHUP | POLLERR)) read_master();
    }
    if (ci >= 0 && client >= 0 && p[ci].revents & (POLLIN | POLLHUP | POLLERR)) read_client();
    now = now_ms();
    for (int r = 0; r < REFUSED; r++)
      if (refused_fd[r] >= 0 && ((ri[r] >= 0 && p[ri[r]].revents) || now - refused_at[r] >= REFUSED_MS))
        drain_refused(r, now);
    if (p[0].revents) accept_client();
  }
  unlink(sock_path);
  linger();
  return 0;
}
