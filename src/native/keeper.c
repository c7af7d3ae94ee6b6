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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "wire.h"

#define CHUNK 65536u
/* An OUTPUT message's most, and the socket's send buffer: what is in flight to a server that
 * stopped reading (the hub holds a flooding agent while you type to another) stays as small as a
 * PTY's own buffer, so the flood waits in the ring, not in the socket, and the echo goes first.
 * And a server reads what the socket holds in one go: 4 KiB (a PTY read's most) keeps each of its
 * reads as short as a PTY's, so a key it gets meanwhile does not wait behind 32 KiB of a flood
 * (16 KiB here put the echo with two agents flooding ~3 ms behind the same build without keepers). */
#define FRAME 4096u
#define SNDBUF 4096
#define MAX_INQ (1u << 20)
#define LINGER_MS (15LL * 60 * 1000)
/* After the exit was sent: how long the server has to close its end. */
#define EXIT_WAIT_MS 5000

/* ---- the agent and its ring ---- */
static int master = -1, lsock = -1, client = -1, sigfd = -1;
static pid_t child = -1;
static const char *sock_path;
static unsigned char *ring;
static uint64_t cap, total, sent, acked;
static int child_done, master_eof, exit_code = -1, exit_signal = 0, hung_up;
static long long child_done_at, hangup_at;
static unsigned short cols = 80, rows = 24;
static unsigned char *meta;
static uint32_t meta_len;
static pid_t server_pid;
/* The master the starting server opened (--master-fd), or -1: this keeper opened its own. */
static int master_arg = -1;
/* The connected server writes keys and sizes on the master itself (WRITES): sizes are only noted. */
static int server_writes;

/* ---- the connection ---- */
typedef struct {
  unsigned char *p;
  size_t len, cap, off;
} buf_t;
static buf_t inb, outq, inq;
static int active, exit_queued, exit_sent;
static long long exit_sent_at;
static long long connected_at;
/* The output frame being written: its header, then ring bytes [fstart, fstart + flen). */
static unsigned char fhdr[5];
static size_t fhdr_off;
static uint64_t fstart, flen, foff;
static int fbusy;

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void put(buf_t *b, const void *data, size_t n) {
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
static void drop(buf_t *b, size_t n) {
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
}
static void be16(unsigned char *p, unsigned v) { p[0] = v >> 8, p[1] = v; }
static void be32(unsigned char *p, uint32_t v) { p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v; }
static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static void queue(int type, const void *payload, size_t n) {
  unsigned char h[5];
  be32(h, (uint32_t)n + 1);
  h[4] = type;
  put(&outq, h, 5);
  if (n) put(&outq, payload, n);
}

static void drop_client(void) {
  if (client >= 0) close(client);
  client = -1;
  active = 0;
  fbusy = 0;
  exit_queued = 0;
  server_writes = 0; /* the next server's keys come here */
  inb.len = outq.len = inq.len = 0;
}

/* Tells a connection why it is closed, as far as its socket takes it now, and closes it. */
static void refuse(int fd, const char *why) {
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
#define REFUSED 8
#define REFUSED_MS 1000
static int refused_fd[REFUSED];
static long long refused_at[REFUSED];

static void refuse_new(int fd, const char *why) {
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
static void drain_refused(int i, long long now) {
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
static void fail_client(const char *why) {
  int fd = client;
  client = -1;
  drop_client();
  if (fd >= 0) refuse(fd, why);
}

/* ---- output: ring -> server ---- */

/* Bytes of the ring that may be read into now: never over what no server has got yet. With a
 * server there, no more than WINDOW ahead of what it took: a server that stops reading (it holds a
 * flooding agent while you type to another) stops the agent at once, as a paused PTY does, so the
 * flood does not go on eating the CPU the echo needs (16 KiB: as much as a paused PTY reads on;
 * 64 KiB cost the echo, and the 50 MB flood went no faster). */
#define WINDOW 16384u
static size_t room(void) {
  uint64_t pending = total - acked;
  if (pending >= cap || (active && pending >= WINDOW)) return 0;
  size_t at = total % cap, n = cap - at;
  if (n > cap - pending) n = cap - pending;
  return n > CHUNK ? CHUNK : n;
}

static void read_master(void) {
  size_t n = room();
  if (!n || master < 0 || master_eof) return;
  ssize_t r = read(master, ring + total % cap, n);
  if (r > 0) {
    total += r;
    if (!active) return;
  } else if (r == 0 || (r < 0 && errno == EIO)) {
    master_eof = 1; /* the slave is closed: every holder of the terminal is gone */
  }
}

/* Writes what it can to the server; returns -1 when the connection broke. */
static int flush_client(void) {
  for (;;) {
    if (fbusy) {
      struct iovec iov[3];
      int k = 0;
      if (fhdr_off < 5) iov[k++] = (struct iovec){fhdr + fhdr_off, 5 - fhdr_off};
      uint64_t from = fstart + foff, left = flen - foff;
      size_t at = from % cap, first = cap - at < left ? cap - at : left;
      iov[k++] = (struct iovec){ring + at, first};
      if (left > first) iov[k++] = (struct iovec){ring, left - first};
      ssize_t w = writev(client, iov, k);
      if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
      if (fhdr_off < 5) {
        size_t h = (size_t)w < 5 - fhdr_off ? (size_t)w : 5 - fhdr_off;
        fhdr_off += h;
        w -= h;
      }
      foff += w;
      if (fstart + foff > acked) acked = fstart + foff;
      if (foff < flen) return 0;
      fbusy = 0;
      continue;
    }
    if (outq.len) {
      ssize_t w = write(client, outq.p, outq.len);
      if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
      drop(&outq, w);
      if (outq.len) return 0;
      continue;
    }
    if (!active) return 0;
    if (sent < total) {
      fstart = sent;
      flen = total - sent > FRAME ? FRAME : total - sent;
      foff = 0;
      fhdr_off = 0;
      be32(fhdr, (uint32_t)flen + 1);
      fhdr[4] = KMSG_OUTPUT;
      sent += flen;
      fbusy = 1;
      continue;
    }
    if (child_done && master_eof && !exit_queued) {
      unsigned char p[8];
      be32(p, (uint32_t)exit_code);
      be32(p + 4, (uint32_t)exit_signal);
      queue(KMSG_EXITED, p, 8);
      exit_queued = 1;
      continue;
    }
    if (exit_queued && !exit_sent) {
      /* A server has the agent's last byte and its exit: nothing is left to keep once it closes
       * its end. Closing ours first would fail its next write (a META, a resize on its way), and
       * the failed write would throw away what it had not read yet: the output and the exit. */
      shutdown(client, SHUT_WR);
      exit_sent = 1;
      exit_sent_at = now_ms();
    }
    return 0;
  }
}

/* ---- input: server -> keeper ---- */

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

static void hang_up(void) {
  if (hung_up) return;
  hung_up = 1;
  hangup_at = now_ms();
  if (master >= 0) close(master); /* the kernel hangs up the terminal's session */
  master = -1;
  master_eof = 1;
  if (!child_done) kill(-child, SIGHUP);
}

/* Bytes the server read from the master itself: into the ring, as had by a server already. */
static void write_input(void) {
  while (inq.len && master >= 0) {
    ssize_t w = write(master, inq.p, inq.len);
    if (w < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      inq.len = 0; /* the terminal is gone: input has nowhere to go */
      return;
    }
    drop(&inq, w);
  }
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

/* Reads what the server sent; returns what read() did (> 0: bytes, 0: it closed, < 0: none now). */
static ssize_t read_client(void) {
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

/* ---- who may connect ---- */

/* The folder this keeper's socket is in (the home's keepers/), as the kernel names it. */
static struct stat home_dir;

/* The parent of `pid` (0 for init's), from /proc/PID/stat; -1 when it cannot be read (gone). */
static pid_t parent_of(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  errno = ESRCH;
  if (n <= 0) return -1;
  buf[n] = 0;
  /* "pid (comm) state ppid ...": comm may hold spaces and parens, so cut at the last ')'. */
  char *close_paren = strrchr(buf, ')');
  int ppid;
  char state;
  if (!close_paren || sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2) return -1;
  return (pid_t)ppid;
}

/* The folder of path `file` (its text up to the last '/'; "." when it has none), into `out`. */
static void folder_of(const char *file, char *out, size_t n) {
  const char *slash = strrchr(file, '/');
  if (!slash) snprintf(out, n, ".");
  else if (slash == file) snprintf(out, n, "/");
  else snprintf(out, n, "%.*s", (int)(slash - file), file);
}

/*
 * Whether `pid` is a keeper of this home: a process started with `--socket` (before its `--`) in
 * the folder this keeper's socket is in. Its command line is what its keeper was started with, and
 * no other process rewrites it (short of ptrace, which would reach the server itself too), so a
 * process of an agent cannot hide that its line passes through its keeper. (A process of the user's
 * that only looked like one would only be refused.)
 */
static int keeps_here(pid_t pid) {
  char path[64], args[8192];
  snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, args, sizeof args - 1);
  close(fd);
  if (n <= 0) return 0;
  args[n] = 0;
  const char *sock = NULL;
  for (const char *a = args; a < args + n; a += strlen(a) + 1) {
    if (!strcmp(a, "--")) break;
    if (!strcmp(a, "--socket")) {
      const char *next = a + strlen(a) + 1;
      if (next < args + n) sock = next;
      break;
    }
  }
  if (!sock) return 0;
  char dir[4096], at[4200];
  folder_of(sock, dir, sizeof dir);
  /* A relative path is its keeper's, from the folder it was started in. */
  if (dir[0] == '/') snprintf(at, sizeof at, "%s", dir);
  else snprintf(at, sizeof at, "/proc/%d/cwd/%s", (int)pid, dir);
  struct stat st;
  return stat(at, &st) == 0 && st.st_dev == home_dir.st_dev && st.st_ino == home_dir.st_ino;
}

/*
 * Why the peer of `fd` may not be served (written into `why`); 0 when it may. Only a hub server of
 * this home is served, told from the kernel, never from what the peer says: SO_PEERCRED's uid must
 * be ours, and its pid's line of descent (/proc/PID/stat's parents, up to init) must pass through no
 * keeper of this home, this one included. Every process of an agent descends from its keeper (it is
 * the agent's subreaper: a process that detaches is reparented to it, not to init), and a keeper
 * double-forks away from the server that starts it, so a hub server never does.
 *
 * The peer's executable is not checked: the hub server is node, which any agent may run too, so a
 * "must be node" rule refuses nothing an agent could not get past, and would refuse a server run by
 * another node than the one that started the keeper (an upgrade, a version manager). The line is the
 * guard. A peer whose line cannot be read (gone already, another pid namespace) is refused.
 */
static int peer_refusal(int fd, char *why, size_t n) {
  struct ucred cr;
  socklen_t len = sizeof cr;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) || cr.pid <= 0) {
    snprintf(why, n, "refused: the kernel does not say which process connected");
    return 1;
  }
  if (cr.uid != geteuid()) {
    snprintf(why, n, "refused: process %d runs as uid %u, this keeper as uid %u: only its user's hub server is served",
             (int)cr.pid, (unsigned)cr.uid, (unsigned)geteuid());
    return 1;
  }
  pid_t at = cr.pid;
  for (int depth = 0; at > 0 && depth < 4096; depth++) {
    if (at == getpid()) {
      snprintf(why, n,
               "refused: process %d is this agent's own (it descends from its keeper): only a hub server of this "
               "home is served",
               (int)cr.pid);
      return 1;
    }
    if (keeps_here(at)) {
      snprintf(why, n,
               "refused: process %d runs inside an agent of this home (it descends from the keeper of pid %d): "
               "only a hub server of this home is served",
               (int)cr.pid, (int)at);
      return 1;
    }
    pid_t up = parent_of(at);
    if (up < 0) {
      snprintf(why, n, "refused: the line of process %d cannot be read (/proc/%d: %s)", (int)cr.pid, (int)at,
               strerror(errno));
      return 1;
    }
    at = up;
  }
  return 0;
}

static void accept_client(void) {
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

/* ---- the agent ---- */

/* Reaps every child that ended: the agent, and what it left that was reparented here (an orphan's
 * exit is not the agent's: only the agent's pid reports one). */
static void reap(void) {
  struct signalfd_siginfo si;
  while (read(sigfd, &si, sizeof si) > 0) {
  }
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    if (pid != child || child_done) continue;
    child_done = 1;
    child_done_at = now_ms();
    if (WIFEXITED(st)) exit_code = WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) exit_signal = WTERMSIG(st);
  }
}

/* Starts the agent on a new terminal; its pid, or -1 with `why` said. */
static pid_t start_agent(char **argv, const char *cwd, char *why, size_t whylen) {
  master = master_arg >= 0 ? master_arg : posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master_arg >= 0) fcntl(master, F_SETFD, FD_CLOEXEC); /* the agent must not hold it */
  if (master < 0 || grantpt(master) || unlockpt(master)) {
    snprintf(why, whylen, "cannot open a terminal: %s", strerror(errno));
    return -1;
  }
  const char *slave = ptsname(master);
  struct winsize ws = {.ws_row = rows, .ws_col = cols};
  ioctl(master, TIOCSWINSZ, &ws);
  int status[2];
  if (pipe2(status, O_CLOEXEC)) {
    snprintf(why, whylen, "cannot start: %s", strerror(errno));
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(why, whylen, "cannot start: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    setsid();
    int s = open(slave, O_RDWR);
    if (s < 0) goto fail;
    ioctl(s, TIOCSCTTY, 0);
    dup2(s, 0), dup2(s, 1), dup2(s, 2);
    if (s > 2) close(s);
    if (cwd && chdir(cwd)) goto fail;
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    execvp(argv[0], argv);
  fail: {
    int e = errno;
    if (write(status[1], &e, sizeof e) < 0) { /* nobody to tell */ }
    _exit(127);
  }
  }
  close(status[1]);
  int e = 0;
  ssize_t r;
  while ((r = read(status[0], &e, sizeof e)) < 0 && errno == EINTR) {
  }
  close(status[0]);
  if (r == sizeof e) {
    snprintf(why, whylen, "cannot start \"%s\": %s", argv[0], strerror(e));
    waitpid(pid, NULL, 0);
    return -1;
  }
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  return pid;
}

static int listen_on(const char *path, char *why, size_t whylen) {
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

/* Notes the folder of the socket (home_dir), for peer_refusal; 0 with `why` said when it cannot. */
static int home_folder(char *why, size_t whylen) {
  char dir[4096];
  folder_of(sock_path, dir, sizeof dir);
  if (stat(dir, &home_dir) == 0) return 1;
  snprintf(why, whylen, "cannot read the folder of %s: %s", sock_path, strerror(errno));
  return 0;
}

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
