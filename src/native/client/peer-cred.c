/* The hub server's question of who is at the other end of a control connection, answered from the
 * kernel (SO_PEERCRED), once (--peer-cred) or for as long as the server runs (--peer-cred-server;
 * peer-cred.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer-cred.h"

/* `--peer-cred`: the hub server hands a control connection's socket as fd 3 and reads who is at
 * the other end from the kernel (SO_PEERCRED): node has no call for it. Prints "PID UID". */
int peer_cred(void) {
  struct ucred c;
  socklen_t len = sizeof c;
  if (getsockopt(3, SOL_SOCKET, SO_PEERCRED, &c, &len) != 0) {
    perror("botster-tui --peer-cred");
    return 1;
  }
  printf("%ld %ld\n", (long)c.pid, (long)c.uid);
  return 0;
}

/* `--peer-cred-server`: the same question, answered for as long as the hub server runs, without a
 * process per connection. The server is our parent and hands each socket over its IPC channel
 * (node's: NODE_CHANNEL_FD, a line of JSON per message, a handle as SCM_RIGHTS beside its line):
 * for `{"cmd":"NODE_HANDLE",...,"msg":{"peer":N}}` we answer node's ACK, then `{"peer":N,"pid":P,
 * "uid":U}` (pid 0: the kernel could not say). The channel closing ends us. */
static void say_line(int ch, const char *line) {
  size_t n = strlen(line), at = 0;
  while (at < n) {
    ssize_t w = write(ch, line + at, n - at);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) exit(0);
    at += (size_t)w;
  }
}

int peer_cred_server(void) {
  const char *e = getenv("NODE_CHANNEL_FD");
  if (!e) return 2;
  int ch = atoi(e);
  static char line[65536];
  size_t len = 0;
  int fds[256];
  size_t nfds = 0;
  for (;;) {
    char data[4096];
    union {
      char buf[CMSG_SPACE(sizeof(int) * 16)];
      struct cmsghdr align;
    } c;
    struct iovec iov = {data, sizeof data};
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = c.buf;
    mh.msg_controllen = sizeof c.buf;
    ssize_t n = recvmsg(ch, &mh, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    for (struct cmsghdr *m = CMSG_FIRSTHDR(&mh); m; m = CMSG_NXTHDR(&mh, m)) {
      if (m->cmsg_level != SOL_SOCKET || m->cmsg_type != SCM_RIGHTS) continue;
      size_t k = (m->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      int *got = (int *)CMSG_DATA(m);
      for (size_t i = 0; i < k; i++) {
        if (nfds < sizeof fds / sizeof fds[0]) fds[nfds++] = got[i];
        else close(got[i]);
      }
    }
    for (ssize_t i = 0; i < n; i++) {
      if (data[i] != '\n') {
        if (len < sizeof line - 1) line[len++] = data[i];
        continue;
      }
      line[len] = 0;
      len = 0;
      if (!strstr(line, "\"NODE_HANDLE\"")) continue;
      /* Handles come in the order of their lines. */
      int fd = -1;
      if (nfds > 0) {
        fd = fds[0];
        memmove(fds, fds + 1, (--nfds) * sizeof fds[0]);
      }
      const char *at = strstr(line, "\"peer\":");
      long peer = at ? strtol(at + 7, NULL, 10) : -1;
      struct ucred cred = {0, 0, 0};
      socklen_t cl = sizeof cred;
      if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0) cred.pid = 0;
      if (fd >= 0) close(fd);
      char out[160];
      snprintf(out, sizeof out, "{\"cmd\":\"NODE_HANDLE_ACK\"}\n{\"peer\":%ld,\"pid\":%ld,\"uid\":%ld}\n", peer,
               (long)cred.pid, (long)cred.uid);
      say_line(ch, out);
    }
  }
}
