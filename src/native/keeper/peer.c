/* Who may connect: only a hub server of this home, told from the kernel (SO_PEERCRED's uid and the
 * peer's line of descent through /proc), never from what the peer says (keeper.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

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
int peer_refusal(int fd, char *why, size_t n) {
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

/* The folder of the socket, into home_dir. */
int home_folder(char *why, size_t whylen) {
  char dir[4096];
  folder_of(sock_path, dir, sizeof dir);
  if (stat(dir, &home_dir) == 0) return 1;
  snprintf(why, whylen, "cannot read the folder of %s: %s", sock_path, strerror(errno));
  return 0;
}
