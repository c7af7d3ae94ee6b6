/* The bridge of a box with network (box-net.h): the box's command line runs it before it execs the
 * agent's CLI, so it listens before the CLI's first connection, and costs the start a millisecond
 * or two (node's bridge, bin/box-net.js, where there is no native client, does not wait). It leaves
 * the agent's session, so the terminal's ctrl+c and hang-up are not its; it ends with the box (its
 * pid namespace, or its container, goes when the CLI ends). A process per connection, relaying
 * both ways until either end closes. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "box-net.h"

/* Both ways between `a` and `b` until either ends. */
static void relay(int a, int b) {
  char buf[65536];
  struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  for (;;) {
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; i++) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(p[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      for (ssize_t at = 0; at < n;) {
        ssize_t w = write(p[1 - i].fd, buf + at, (size_t)(n - at));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        at += w;
      }
    }
  }
}

static int to_hub(const char *socket_path) {
  struct sockaddr_un un;
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  if (strlen(socket_path) >= sizeof un.sun_path) return -1;
  strcpy(un.sun_path, socket_path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&un, sizeof un) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* 127.0.0.1:PORT of the box's namespace, listening; -1: it cannot be. */
static int listen_on(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in in;
  memset(&in, 0, sizeof in);
  in.sin_family = AF_INET;
  in.sin_port = htons((unsigned short)port);
  in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&in, sizeof in) != 0 || listen(fd, 512) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* A forward's connection: a tunnel through the hub's proxy to 127.0.0.1:PORT of yours (CONNECT, as
 * any host: the allow list decides). 0 once the proxy said 200; its reply's head is read a byte at
 * a time, so what follows it is the tunnel's. */
static int tunnel(int hub, int port) {
  char req[128];
  int n = snprintf(req, sizeof req, "CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port, port);
  for (int at = 0; at < n;) {
    ssize_t w = write(hub, req + at, (size_t)(n - at));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    at += (int)w;
  }
  char head[4096];
  size_t len = 0;
  while (len < sizeof head - 1) {
    ssize_t r = read(hub, head + len, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    len++;
    if (len >= 4 && memcmp(head + len - 4, "\r\n\r\n", 4) == 0) break;
  }
  head[len] = 0;
  return strncmp(head, "HTTP/1.1 200", 12) == 0 || strncmp(head, "HTTP/1.0 200", 12) == 0 ? 0 : -1;
}

#define MAX_FORWARDS 32

int box_net(const char *port, const char *socket_path, const char *forwards) {
  int p = atoi(port);
  if (p <= 0 || p > 65535) return 2;
  /* [0]: the proxy's port; then each of `forwards` (ports, comma-separated) */
  struct pollfd fds[1 + MAX_FORWARDS];
  int ports[1 + MAX_FORWARDS];
  int count = 0;
  fds[count].fd = listen_on(p);
  if (fds[0].fd < 0) return 1;
  ports[count++] = 0;
  for (const char *f = forwards ? forwards : ""; *f && count < 1 + MAX_FORWARDS;) {
    char *end;
    long fp = strtol(f, &end, 10);
    if (end == f || (*end && *end != ',') || fp <= 0 || fp > 65535 || fp == p) return 2;
    fds[count].fd = listen_on((int)fp);
    if (fds[count].fd < 0) return 1;
    ports[count++] = (int)fp;
    f = *end == ',' ? end + 1 : end;
  }
  for (int i = 0; i < count; i++) fds[i].events = POLLIN;
  pid_t child = fork();
  if (child < 0) return 1;
  if (child > 0) return 0; /* listening: the command line goes on */
  setsid();
  signal(SIGCHLD, SIG_IGN); /* (each connection's process reaped by the kernel) */
  signal(SIGPIPE, SIG_IGN);
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
  }
  for (;;) {
    if (poll(fds, (nfds_t)count, -1) < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    for (int i = 0; i < count; i++) {
      if (!(fds[i].revents & POLLIN)) continue;
      int c = accept4(fds[i].fd, NULL, NULL, SOCK_CLOEXEC);
      if (c < 0) {
        if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE || errno == EAGAIN)
          continue;
        _exit(1);
      }
      pid_t one = fork();
      if (one == 0) {
        for (int j = 0; j < count; j++) close(fds[j].fd);
        int hub = to_hub(socket_path);
        if (hub >= 0 && (ports[i] == 0 || tunnel(hub, ports[i]) == 0)) relay(c, hub);
        _exit(0);
      }
      close(c);
    }
  }
}
