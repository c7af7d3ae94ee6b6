/* The server's connection, one at a time: accepted (when peer.c lets it), its HELLO answered with
 * the WELCOME and the ring's replay, its messages (keys, sizes, META, HANGUP, WRITES) read and
 * done (keeper.h; the protocol is src/wire/keeper-protocol.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

int lsock = -1, client = -1;
buf_t inb, outq, inq;
int active, exit_queued, exit_sent;
long long exit_sent_at;
long long connected_at;
static unsigned char *meta;
static uint32_t meta_len;
static pid_t server_pid;
/* The connected server writes keys and sizes on the master itself (WRITES): sizes are only noted. */
static int server_writes;

void put(buf_t *b, const void *data, size_t n) {
  if (b->len + n > b->cap) {
    size_t c = b->cap ? b->cap : 4096;
    while (c < b->len + n) c *= 2;
    unsigned char *p = realloc(b->p, c);
    if (!p) _exit(70);
    b->p = p;
    b->cap = c;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}
void drop(buf_t *b, size_t n) {
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
}

void queue(int type, const void *payload, size_t n) {
  unsigned char h[5];
  be32(h, (uint32_t)n + 1);
  h[4] = type;
  put(&outq, h, 5);
  if (n) put(&outq, payload, n);
}

void drop_client(void) {
  if (client >= 0) close(client);
  client = -1;
  active = 0;
  fbusy = 0;
  exit_queued = 0;
  server_writes = 0; /* the next server's keys come here */
  inb.len = outq.len = inq.len = 0;
}

void fail_client(const char *why) {
  int fd = client;
  client = -1;
  drop_client();
  if (fd >= 0) refuse(fd, why);
}

static void welcome(void) {
  uint64_t replay = total < cap ? total : cap;
  unsigned char p[28];
  be16(p, KEEPER_MAJOR);
  be16(p + 2, KEEPER_MINOR);
  be32(p + 4, (uint32_t)child);
  be32(p + 8, (uint32_t)getpid());
  be16(p + 12, cols);
  be16(p + 14, rows);
  be32(p + 16, (uint32_t)(total >> 32));
  be32(p + 20, (uint32_t)total);
  be32(p + 24, (uint32_t)replay);
  unsigned char h[5];
  be32(h, 28 + meta_len + 1);
  h[4] = KMSG_WELCOME;
  put(&outq, h, 5);
  put(&outq, p, 28);
  if (meta_len) put(&outq, meta, meta_len);
  sent = total - replay;
  active = 1;
}

/* One message from the server; 0 when the connection must close (already told why). */
static int message(int type, const unsigned char *p, uint32_t n) {
  char why[160];
  if (!active) {
    if (type != KMSG_HELLO || n != 8) {
      fail_client("the first message must be HELLO (u16 major, u16 minor, u32 pid)");
      return 0;
    }
    unsigned major = rd16(p), minor = rd16(p + 2);
    if (major != KEEPER_MAJOR) {
      snprintf(why, sizeof why, "keeper protocol %d.%d cannot talk to a server of protocol %u.%u", KEEPER_MAJOR,
               KEEPER_MINOR, major, minor);
      fail_client(why);
      return 0;
    }
    server_pid = (pid_t)rd32(p + 4);
    welcome();
    return 1;
  }
  switch (type) {
  case KMSG_INPUT:
    if (inq.len + n > MAX_INQ) {
      fail_client("input is arriving faster than the agent reads it (over 1 MiB waiting)");
      return 0;
    }
    put(&inq, p, n);
    write_input();
    return 1;
  case KMSG_RESIZE:
    if (n != 4 || !rd16(p) || !rd16(p + 2)) break;
    cols = rd16(p), rows = rd16(p + 2);
    /* After WRITES the server sets the size on its own master, in order with its keys: here it is
       only noted (a late second ioctl could undo a newer size). */
    if (master >= 0 && !server_writes) {
      struct winsize ws = {.ws_row = rows, .ws_col = cols};
      ioctl(master, TIOCSWINSZ, &ws);
    }
    return 1;
  case KMSG_META:
    if (n > KEEPER_MAX_META) break;
    free(meta);
    meta = n ? malloc(n) : NULL;
    if (n && !meta) _exit(70);
    if (n) memcpy(meta, p, n);
    meta_len = n;
    return 1;
  case KMSG_HANGUP:
    hang_up();
    return 1;
  case KMSG_WRITES:
    if (n || master_arg < 0) break;
    server_writes = 1;
    return 1;
  case KMSG_HELLO:
    fail_client("HELLO was said already");
    return 0;
  }
  snprintf(why, sizeof why, "malformed message (type %d, %u bytes)", type, n);
  fail_client(why);
  return 0;
}

ssize_t read_client(void) {
  unsigned char tmp[CHUNK];
  ssize_t r = read(client, tmp, sizeof tmp);
  if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
    drop_client(); /* the server went away: the agent goes on, its output into the ring */
    return 0;
  }
  if (r < 0) return r;
  put(&inb, tmp, r);
  size_t at = 0;
  while (client >= 0 && inb.len - at >= 4) {
    uint32_t len = rd32(inb.p + at);
    if (len == 0 || len > KEEPER_MAX_IN + 1) {
      char why[120];
      snprintf(why, sizeof why, "message of %u bytes is over the limit of %u", len, KEEPER_MAX_IN + 1);
      fail_client(len == 0 ? "empty message (no type byte)" : why);
      return 0;
    }
    if (inb.len - at < 4 + (size_t)len) break;
    if (!message(inb.p[at + 4], inb.p + at + 5, len - 1)) return 0;
    at += 4 + len;
  }
  if (client >= 0) drop(&inb, at);
  return r;
}

void accept_client(void) {
  int fd = accept4(lsock, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  /* Told before anything else: a refused peer learns nothing of who has the agent. */
  char no[240];
  if (peer_refusal(fd, no, sizeof no)) {
    refuse_new(fd, no);
    return;
  }
  /* A server that let go may have sent its last bytes (the ring's last batch) and closed just now:
   * what it sent and its end are read first, or the next server would be told the agent is busy. */
  for (int i = 0; i < 64 && client >= 0 && inq.len < MAX_INQ; i++)
    if (read_client() <= 0) break;
  if (client >= 0) {
    char why[120];
    if (active)
      snprintf(why, sizeof why, "busy: this agent is adopted by the server of pid %d", (int)server_pid);
    else
      snprintf(why, sizeof why, "busy: another server is saying HELLO to this keeper");
    refuse_new(fd, why);
    return;
  }
  int sz = SNDBUF;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
  client = fd;
  connected_at = now_ms();
}

int listen_on(const char *path, char *why, size_t whylen) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof a.sun_path) {
    snprintf(why, whylen, "socket path too long: %s", path);
    return -1;
  }
  strcpy(a.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  mode_t old = umask(0077); /* 0600 from its first instant: only the user may connect */
  int ok = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 8) == 0;
  umask(old);
  if (ok) chmod(path, 0600);
  if (!ok) {
    snprintf(why, whylen, "cannot listen on %s: %s", path, strerror(errno));
    return -1;
  }
  return fd;
}
