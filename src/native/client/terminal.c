/* The terminal: raw mode (as libuv's) with the hub's modes, restored on every way out; its size;
 * and the claim on it the HELLO makes, so that the server reads and writes it itself (terminal.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "sock.h"
#include "terminal.h"
#include "wire.h"

static const char ENTER[] = ENTER_TTY, LEAVE[] = LEAVE_TTY;

static struct termios saved;
static int entered;

int save_terminal(void) { return tcgetattr(0, &saved); }

/* Raw mode as libuv's uv_tty_set_mode(UV_TTY_MODE_RAW), and the hub's modes. */
void enter_terminal(void) {
  if (entered) return;
  entered = 1;
  write_all(1, ENTER, sizeof ENTER - 1);
  struct termios raw = saved;
  raw.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
  raw.c_oflag |= ONLCR;
  raw.c_cflag |= CS8;
  raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  while (tcsetattr(0, TCSADRAIN, &raw) < 0 && errno == EINTR) {
  }
}

void leave_terminal(void) {
  if (!entered) return;
  entered = 0;
  while (tcsetattr(0, TCSANOW, &saved) < 0 && errno == EINTR) {
  }
  write_all(1, LEAVE, sizeof LEAVE - 1);
}

int size_of(int *cols, int *rows) {
  struct winsize ws;
  if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    *cols = ws.ws_col;
    *rows = ws.ws_row;
    return 1;
  }
  *cols = 80;
  *rows = 24;
  return 0;
}

/* The claim: our terminal, for the server to read and write itself; 0 when it cannot be (then the
 * socket carries keys and frames). As src/client/tty-claim.ts. */
int tty_claim(buf_t *json) {
  const char *direct = getenv("BOTSTER_DIRECT_TTY");
  if (direct && strcmp(direct, "0") == 0) return 0;
  if (!isatty(0) || !isatty(1)) return 0;
  struct stat in, out;
  if (fstat(0, &in) < 0 || fstat(1, &out) < 0) return 0;
  if (!S_ISCHR(in.st_mode) || in.st_dev != out.st_dev || in.st_ino != out.st_ino) return 0;
  if (in.st_uid != getuid()) return 0;
  char path[256];
  ssize_t n = readlink("/proc/self/fd/0", path, sizeof path - 1);
  if (n <= 5) return 0;
  path[n] = 0;
  if (strncmp(path, "/dev/", 5) != 0) return 0;
  /* Field 22 of /proc/self/stat: after the command name in parentheses, the 20th. */
  char stat[1024];
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t len = read(fd, stat, sizeof stat - 1);
  close(fd);
  if (len <= 0) return 0;
  stat[len] = 0;
  char *p = strrchr(stat, ')');
  if (!p) return 0;
  p += 2;
  for (int field = 0; field < 19 && p; field++) {
    p = strchr(p, ' ');
    if (p) p++;
  }
  if (!p) return 0;
  size_t digits = strspn(p, "0123456789");
  if (digits == 0) return 0;
  char start[32];
  if (digits >= sizeof start) return 0;
  memcpy(start, p, digits);
  start[digits] = 0;
  puts_(json, ",\"tty\":{\"path\":");
  put_json(json, path);
  putf(json, ",\"dev\":%llu,\"ino\":%llu,\"pid\":%d,\"start\":\"%s\"}", (unsigned long long)in.st_dev,
       (unsigned long long)in.st_ino, (int)getpid(), start);
  return 1;
}
