/* Connections refused (busy, a peer that is not this home's hub server, a broken protocol): each is
 * told why, and a new one is held until its peer has read it (keeper.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

void refuse(int fd, const char *why) {
  unsigned char h[5];
  size_t n = strlen(why);
  be32(h, (uint32_t)n + 1);
  h[4] = KMSG_ERROR;
  struct iovec iov[2] = {{h, 5}, {(void *)why, n}};
  if (writev(fd, iov, 2) < 0) { /* gone already */ }
  close(fd);
}

/*
 * Connections refused as they came (busy, or no hub server of this home): told why and shut for
 * writing, then held until the peer closes its end (at most REFUSED of them, each REFUSED_MS at
 * most). Closed at once, the HELLO a server writes as it connects could meet a closed socket, and
 * its failed write (EPIPE) throw away the why before it was read.
 */
int refused_fd[REFUSED];
long long refused_at[REFUSED];

void refuse_new(int fd, const char *why) {
  unsigned char h[5];
  size_t n = strlen(why);
  be32(h, (uint32_t)n + 1);
  h[4] = KMSG_ERROR;
  struct iovec iov[2] = {{h, 5}, {(void *)why, n}};
  if (writev(fd, iov, 2) < 0 || shutdown(fd, SHUT_WR) < 0) {
    close(fd);
    return;
  }
  int slot = 0; /* a free one, else the oldest */
  for (int i = 0; i < REFUSED; i++) {
    if (refused_fd[i] < 0) {
      slot = i;
      break;
    }
    if (refused_at[i] < refused_at[slot]) slot = i;
  }
  if (refused_fd[slot] >= 0) close(refused_fd[slot]);
  refused_fd[slot] = fd;
  refused_at[slot] = now_ms();
}

/* A held refused connection: what it sends is dropped; closed once it closed, or its time is up. */
void drain_refused(int i, long long now) {
  char sink[4096];
  ssize_t r = -1;
  errno = EAGAIN;
  for (int k = 0; k < 16 && (r = read(refused_fd[i], sink, sizeof sink)) > 0; k++) {
  }
  if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR) || now - refused_at[i] >= REFUSED_MS) {
    close(refused_fd[i]);
    refused_fd[i] = -1;
  }
}
