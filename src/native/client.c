/*
 * botster-tui's native client (Linux), the one bin/botster-tui runs when it is there: plain
 * `botster-tui [--home H] [--agent CMD]...` and `botster-tui attach [--home H]` in a terminal. The
 * server reads and writes our terminal itself (the HELLO's claim, see src/server/client-tty.ts),
 * so a client only says hello, forwards its size and signals, restores the terminal at the end and
 * says why it ended: a node process for that held ~40 MB and took a node boot (~40 ms) before the
 * first frame. It speaks the attach protocol of src/wire/protocol.ts (its numbers come from there:
 * dist/native/wire.h) and does what src/client/run-client.ts does for such a client, including the
 * socket path (the server may say no to the terminal: keys and frames go through the socket).
 *
 * The commands agents run as they work (report, statusline, tmux ...) it has the server run
 * (forward.c). Every other command line, and anything it is not sure of before it touches the terminal (no
 * server answers, a socket of another user, a server that died while it started), it hands to the
 * node client with the same command line: that one explains and checks everything.
 *
 * On a cold start (no socket for the home) it starts the home's server first, as
 * src/client/start-server.ts does, and attaches once it listens.
 *
 * Usage (from bin/botster-tui only): botster-tui JS [ARGS...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef BOTSTER_VERSION
#error "BOTSTER_VERSION must be defined (scripts/build-native.mjs takes it from package.json)"
#endif

#include "forward.h"
#include "wire.h"

static const char ENTER[] = ENTER_TTY, LEAVE[] = LEAVE_TTY;

static const char *sock_path, *home, *js;
static char sock_buf[4200], home_buf[4096];
static int user_argc;
static char **user_argv;
static int sock = -1;
/* Reattaching (BOTSTER_REATTACH: this client lost its server and executed itself again): why, and
 * the view the server last said it shows (BOTSTER_VIEW, its VIEW's JSON), for the HELLO. */
static const char *reattach_why;
static char *view_json;
static struct stat sock_st; /* the socket we connected to: a handed-over server makes another */

/* ---- growable strings (the HELLO's JSON, messages) ---- */

typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

static void need(buf_t *b, size_t more) {
  if (b->len + more + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more + 1) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fputs("botster-tui: out of memory\n", stderr);
    exit(1);
  }
  b->p = p;
  b->cap = cap;
}

static void put(buf_t *b, const void *s, size_t n) {
  need(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

static void putf(buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[128];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string: the bytes as they are (UTF-8), quotes, backslashes and control characters escaped. */
static void put_json(buf_t *b, const char *s) {
  puts_(b, "\"");
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') {
      char e[2] = {'\\', (char)*c};
      put(b, e, 2);
    } else if (*c < 0x20) {
      putf(b, "\\u%04x", *c);
    } else {
      put(b, c, 1);
    }
  }
  puts_(b, "\"");
}

/* ---- trace (BOTSTER_TRACE, as src/trace/trace.ts writes it) ---- */

static double started_ms;

static double mono_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void trace(const char *what) {
  const char *file = getenv("BOTSTER_TRACE");
  if (!file || !*file) return;
  struct timespec wall;
  clock_gettime(CLOCK_REALTIME, &wall);
  double run = -1, wait = -1;
  FILE *s = fopen("/proc/thread-self/schedstat", "r");
  if (s) {
    unsigned long long r, w;
    if (fscanf(s, "%llu %llu", &r, &w) == 2) run = r / 1e6, wait = w / 1e6;
    fclose(s);
  }
  FILE *f = fopen(file, "a");
  if (!f) return;
  fprintf(f, "%.1f %.1f %d %.1f %.1f %s\n", mono_ms() - started_ms, wall.tv_sec * 1e3 + wall.tv_nsec / 1e6,
          (int)getpid(), run, wait, what);
  fclose(f);
}

/* ---- the node client, for anything this one does not do ---- */

/* Whether the package this client was launched for (JS is its bin/botster-tui.js; its
 * package.json is one folder up) is this client's own version. A native client npm hoisted beside
 * another install (an older or newer botster-tui) would attach as another release, and its server
 * would say "an upgrade is waiting" forever: then the package's node client runs instead. */
static int own_package(const char *js_path) {
  char path[4300];
  const char *slash = strrchr(js_path, '/');
  if (slash) snprintf(path, sizeof path, "%.*s/../package.json", (int)(slash - js_path), js_path);
  else snprintf(path, sizeof path, "../package.json");
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  /* The first "version" key of a package.json is its own (name and version come first). */
  char *v = strstr(buf, "\"version\"");
  if (!v || !(v = strchr(v + 9, '"'))) return 0;
  v++;
  char *end = strchr(v, '"');
  return end && (size_t)(end - v) == strlen(BOTSTER_VERSION) && strncmp(v, BOTSTER_VERSION, (size_t)(end - v)) == 0;
}

/* This is the package's own client: what it hands to node is said to come through it (--version
 * names the client in use). */
static int own = 0;

__attribute__((noreturn)) static void node_client(void) {
  if (own) setenv("BOTSTER_VIA_NATIVE", "1", 1);
  /* Reattaching (counted already): the node client says so, and shows the same view. */
  if (reattach_why) setenv("BOTSTER_REATTACHED", reattach_why, 1);
  if (view_json) setenv("BOTSTER_VIEW", view_json, 1);
  char **argv = calloc((size_t)user_argc + 3, sizeof *argv);
  if (!argv) exit(1);
  argv[0] = "node";
  argv[1] = (char *)js;
  for (int i = 0; i < user_argc; i++) argv[i + 2] = user_argv[i];
  trace("client: the node client takes over");
  /* An agent's botster-tui names the hub's own node (src/lifecycle/agent-path.ts); else PATH's. */
  const char *node = getenv("BOTSTER_NODE");
  if (node && *node == '/') {
    char *own_node = strdup(node);
    unsetenv("BOTSTER_NODE");
    if (own_node) execv(own_node, argv);
  }
  execvp("node", argv);
  fprintf(stderr, "botster-tui: cannot run node: %s\n", strerror(errno));
  exit(1);
}

/* ---- the terminal ---- */

static struct termios saved;
static int entered;

static void write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd w = {fd, POLLOUT, 0};
        poll(&w, 1, 100);
        continue;
      }
      return; /* a terminal or socket that is gone: nothing more to do */
    }
    p += n;
    len -= (size_t)n;
  }
}

/* Raw mode as libuv's uv_tty_set_mode(UV_TTY_MODE_RAW), and the hub's modes. */
static void enter_terminal(void) {
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

static void leave_terminal(void) {
  if (!entered) return;
  entered = 0;
  while (tcsetattr(0, TCSANOW, &saved) < 0 && errno == EINTR) {
  }
  write_all(1, LEAVE, sizeof LEAVE - 1);
}

/* The terminal's size; 0 (and 80x24) when it does not say. */
static int size_of(int *cols, int *rows) {
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

/* ---- messages ---- */

static void send_msg(int type, const void *payload, size_t len) {
  unsigned char head[5] = {(unsigned char)((len + 1) >> 24), (unsigned char)((len + 1) >> 16),
                           (unsigned char)((len + 1) >> 8), (unsigned char)(len + 1), (unsigned char)type};
  if (sock < 0) return;
  /* One write when it is small (a key), so the server gets it in one read. */
  if (len <= 4096) {
    unsigned char one[5 + 4096];
    memcpy(one, head, 5);
    if (len) memcpy(one + 5, payload, len);
    write_all(sock, one, 5 + len);
  } else {
    write_all(sock, head, 5);
    write_all(sock, payload, len);
  }
}

static void send_size(void) {
  int cols, rows;
  size_of(&cols, &rows);
  char json[64];
  int n = snprintf(json, sizeof json, "{\"cols\":%d,\"rows\":%d}", cols, rows);
  send_msg(MSG_RESIZE, json, (size_t)n);
}

/* The claim: our terminal, for the server to read and write itself; 0 when it cannot be (then the
 * socket carries keys and frames). As src/client/tty-claim.ts. */
static int tty_claim(buf_t *json) {
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

/* ---- the server: its socket, and one the launcher started ---- */

static int connect_to(const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return -1;
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  while (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    if (errno == EINTR) continue;
    close(fd);
    return -1;
  }
  return fd;
}

static int alive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

/* The launched server's socket once it answers; -1 when the process died first. Its folder is
 * watched (the socket appears at once), and looked at every 10 ms besides (as launched-server.ts). */
static int await_launched(pid_t pid) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", sock_path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  int in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (in >= 0 && inotify_add_watch(in, dir, IN_CREATE | IN_MOVED_TO) < 0) {
    close(in);
    in = -1;
  }
  int fd = -1;
  for (;;) {
    struct stat st;
    if (stat(sock_path, &st) == 0 && (fd = connect_to(sock_path)) >= 0) break;
    if (!alive(pid)) break;
    /* Between the socket's bind and its listen a connection is refused: look again soon. */
    if (in >= 0) {
      struct pollfd p = {in, POLLIN, 0};
      int wait = stat(sock_path, &st) == 0 ? 1 : 10;
      if (poll(&p, 1, wait) > 0) {
        char drain[4096];
        while (read(in, drain, sizeof drain) > 0) {
        }
      }
    } else {
      usleep(2000);
    }
  }
  if (in >= 0) close(in);
  return fd;
}

/* ---- starting the server (a cold start: no socket for the home) ---- */

static void server_log(char *out, size_t n);

/* mkdir -p, each missing folder made with the mode the umask leaves (the caller's is 077). */
static int make_dirs(const char *path) {
  char p[4096];
  if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) return -1;
  for (char *c = p + 1;; c++) {
    if (*c != '/' && *c) continue;
    char was = *c;
    *c = 0;
    if (mkdir(p, 0777) < 0 && errno != EEXIST) return -1;
    if (!was) return 0;
    *c = was;
  }
}

/* V8's background threads: one fewer than the cores we may run on, 1 to 4 (as v8PoolSize() in
 * src/client/start-server.ts, whose os.availableParallelism() counts the same). */
static int v8_pool(void) {
  cpu_set_t cpus;
  long n = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 5;
  return n <= 2 ? 1 : n >= 5 ? 4 : (int)n - 1;
}

/* Starts this home's server as src/client/start-server.ts does, in a session of its own with its
 * output in logs/server.log, at this terminal's size; its pid, or 0 when it could not be started
 * (the node client then starts one and says why). This is the cold start's critical path: a fork
 * and an exec, where a shell took ~3 ms of forks (stty, mkdir, setsid) before node could boot.
 * Its parent is a child that exits at once: the server never becomes our zombie. */
static pid_t start_server(void) {
  char logs[4200], log[4200], size[32], pool[32];
  snprintf(logs, sizeof logs, "%s/logs", home);
  server_log(log, sizeof log);
  /* The home and its logs are private; the server itself runs with the user's umask. */
  mode_t mask = umask(077);
  int out = make_dirs(logs) == 0 ? open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666) : -1;
  umask(mask);
  if (out < 0) return 0;
  int cols, rows, sized = size_of(&cols, &rows);
  snprintf(size, sizeof size, "%dx%d", cols, rows);
  snprintf(pool, sizeof pool, "--v8-pool-size=%d", v8_pool());
  char **argv = calloc((size_t)user_argc + 8, sizeof *argv);
  if (!argv) return 0;
  int a = 0;
  argv[a++] = "node";
  argv[a++] = pool;
  argv[a++] = (char *)js;
  argv[a++] = "server";
  if (sized) argv[a++] = "--size", argv[a++] = size;
  for (int i = 0; i < user_argc; i++) argv[a++] = user_argv[i];
  int told[2];
  if (pipe2(told, O_CLOEXEC) < 0) return close(out), free(argv), 0;
  pid_t child = fork();
  if (child == 0) {
    pid_t server = fork();
    if (server == 0) {
      setsid(); /* a session leader, as node's detached spawn makes it */
      int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(127);
      setenv("BOTSTER_SERVER_LAUNCHED", "1", 1);
      execvp("node", argv);
      dprintf(2, "botster-tui: cannot run node: %s\n", strerror(errno));
      _exit(127);
    }
    (void)!write(told[1], &server, sizeof server);
    _exit(0);
  }
  pid_t server = 0;
  close(told[1]);
  if (child > 0) {
    while (read(told[0], &server, sizeof server) < 0 && errno == EINTR) {
    }
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
  }
  close(told[0]);
  close(out);
  free(argv);
  trace("client: the native client started the server");
  return server > 0 ? server : 0;
}

/* ---- the end ---- */

static off_t log_size = -1;

static void server_log(char *out, size_t n) { snprintf(out, n, "%s/logs/server.log", home); }

/* What the server wrote to logs/server.log since log_size (its last 4 KB at most), to be freed;
 * NULL when nothing. */
static char *new_log(void) {
  char file[4200];
  server_log(file, sizeof file);
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) < 0 || log_size < 0 || st.st_size <= log_size) {
    close(fd);
    return NULL;
  }
  off_t from = st.st_size - 4096 > log_size ? st.st_size - 4096 : log_size;
  size_t len = (size_t)(st.st_size - from);
  char *text = malloc(len + 1);
  ssize_t got = text ? pread(fd, text, len, from) : -1;
  close(fd);
  if (got <= 0) {
    free(text);
    return NULL;
  }
  text[got] = 0;
  return text;
}

/* What a server that died wrote to logs/server.log since we attached: its last 5 non-empty lines. */
static void last_words(buf_t *out) {
  char *text = new_log();
  if (!text) return;
  char *lines[5];
  int count = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    const char *c = line;
    while (*c == ' ' || *c == '\t' || *c == '\r') c++;
    if (!*c) continue;
    if (count == 5) {
      memmove(lines, lines + 1, 4 * sizeof *lines);
      count = 4;
    }
    lines[count++] = line;
  }
  for (int i = 0; i < count; i++) {
    if (i) puts_(out, "\n  ");
    puts_(out, lines[i]);
  }
  free(text);
}

static void finish(int code, const char *message) {
  if (sock >= 0) close(sock);
  sock = -1;
  leave_terminal();
  if (message) {
    FILE *to = code == 0 ? stdout : stderr;
    fprintf(to, "botster-tui: %s\n", message);
    fflush(to);
  }
  exit(code);
}

/* The line a server that could not start wrote to its log since we began (as the server's
 * COULD_NOT_START, src/wire/protocol.ts), without its "botster-tui: ": a connection it reset
 * before it could say why. Empty when there is none. */
static void could_not_start(buf_t *out) {
  static const char mark[] = "botster-tui: " COULD_NOT_START;
  char *text = new_log();
  if (!text) return;
  const char *found = NULL;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
    if (strncmp(line, mark, sizeof mark - 1) == 0) found = line;
  if (found) puts_(out, found + strlen("botster-tui: "));
  free(text);
}

/* Counts a lost server in HOME/logs/server-losses as src/client/reattach.ts's crashLoop does;
 * 1 when this is the MAX_LOSSESth within LOSS_WINDOW_MS: the client stops trying. */
static int crash_loop(void) {
  char file[4200];
  snprintf(file, sizeof file, "%s/logs/server-losses", home);
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  double now = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
  double times[64];
  int n = 0;
  FILE *f = fopen(file, "r");
  if (f) {
    double v;
    while (fscanf(f, "%lf", &v) == 1)
      if (now - v < LOSS_WINDOW_MS && v <= now) {
        if (n == 64) memmove(times, times + 1, 63 * sizeof *times), n = 63;
        times[n++] = v;
      }
    fclose(f);
  }
  /* A second loss moments after the first is the same one (as crashLoop says). */
  if (n && now - times[n - 1] < SAME_LOSS_MS) return n >= MAX_LOSSES;
  times[n++] = now;
  f = fopen(file, "w");
  if (f) {
    for (int i = 0; i < n; i++) fprintf(f, "%.0f\n", times[i]);
    fclose(f);
  }
  return n >= MAX_LOSSES;
}

/* The server went away without a word (killed), crashed (EXIT crashed) or handed over to a new one (EXIT
 * restart): with keepers holding the agents, this client executes itself again, which attaches
 * (starting a server if none listens: it adopts the agents) as the same native client, saying why
 * and what it showed (src/client/reattach.ts; BOTSTER_KEEPER=off: the agents went with it). */
static void reattach(const char *why) {
  if (sock >= 0) close(sock);
  sock = -1;
  leave_terminal();
  const char *off = getenv("BOTSTER_KEEPER");
  if (off && !strcmp(off, "off")) return;
  if (strcmp(why, "restart") != 0 && crash_loop()) {
    fprintf(stderr,
            "botster-tui: the hub server stopped %d times within a minute; not starting it again. Its log: "
            "%s/logs/server.log (and logs/hub.log). The agents are still kept by their keepers: botster-tui "
            "starts a server that adopts them\n",
            MAX_LOSSES, home);
    exit(1);
  }
  /* Handed over: wait (at most 8 s) for the new server's socket, another file than ours. */
  if (!strcmp(why, "restart"))
    for (double end = mono_ms() + 8000; mono_ms() < end; usleep(50000)) {
      struct stat st;
      if (stat(sock_path, &st) == 0 &&
          (st.st_ino != sock_st.st_ino || st.st_ctim.tv_sec != sock_st.st_ctim.tv_sec ||
           st.st_ctim.tv_nsec != sock_st.st_ctim.tv_nsec))
        break;
    }
  setenv("BOTSTER_REATTACH", why, 1);
  if (view_json) setenv("BOTSTER_VIEW", view_json, 1);
  char *argv[] = {"botster-tui", (char *)js, "--home", (char *)home, NULL};
  trace("client: reattaching (the native client again)");
  execv("/proc/self/exe", argv);
  /* It cannot run itself again: the node client reattaches (counted already). */
  unsetenv("BOTSTER_REATTACH");
  reattach_why = why;
  node_client();
}

static void lost(void) {
  buf_t words = {0}, msg = {0};
  could_not_start(&msg);
  if (msg.len) finish(1, msg.p);
  reattach("lost");
  last_words(&words);
  /* As src/client/server-log.ts says it: the keepers hold the agents unless they are off. */
  const char *keepers = getenv("BOTSTER_KEEPER");
  puts_(&msg, keepers && !strcmp(keepers, "off")
                  ? "lost the hub server (it was killed or crashed; its agents got SIGHUP)"
                  : "lost the hub server (it was killed or crashed; its agents are still kept: botster-tui starts a "
                    "server that adopts them)");
  if (words.len) {
    puts_(&msg, "; it said:\n  ");
    puts_(&msg, words.p);
    putf(&msg, "%s", "\n(see ");
    puts_(&msg, home);
    puts_(&msg, "/logs/hub.log and logs/server.log)");
  } else {
    puts_(&msg, ". See ");
    puts_(&msg, home);
    puts_(&msg, "/logs/hub.log and logs/server.log");
  }
  finish(1, msg.p);
}

/* A string field of a JSON object payload ("message", "error"), unescaped enough to be said. */
static char *json_field(const unsigned char *p, size_t len, const char *key) {
  char want[64];
  snprintf(want, sizeof want, "\"%s\":\"", key);
  size_t wl = strlen(want);
  for (size_t i = 0; i + wl <= len; i++) {
    if (memcmp(p + i, want, wl) != 0) continue;
    buf_t out = {0};
    puts_(&out, "");
    for (size_t j = i + wl; j < len && p[j] != '"'; j++) {
      if (p[j] == '\\' && j + 1 < len) {
        j++;
        char c = (char)p[j];
        if (c == 'n') c = '\n';
        else if (c == 't') c = '\t';
        else if (c == 'u' && j + 4 < len) {
          char hex[5] = {(char)p[j + 1], (char)p[j + 2], (char)p[j + 3], (char)p[j + 4], 0};
          unsigned v = (unsigned)strtoul(hex, NULL, 16);
          j += 4;
          /* BMP code points as UTF-8 (the server's messages are text; surrogates stay '?'). */
          if (v < 0x80) c = (char)v;
          else {
            char u[3];
            size_t n;
            if (v < 0x800) u[0] = (char)(0xc0 | v >> 6), u[1] = (char)(0x80 | (v & 0x3f)), n = 2;
            else if (v >= 0xd800 && v < 0xe000) u[0] = '?', n = 1;
            else
              u[0] = (char)(0xe0 | v >> 12), u[1] = (char)(0x80 | ((v >> 6) & 0x3f)),
              u[2] = (char)(0x80 | (v & 0x3f)), n = 3;
            put(&out, u, n);
            continue;
          }
        }
        put(&out, &c, 1);
      } else {
        put(&out, p + j, 1);
      }
    }
    return out.p;
  }
  return NULL;
}

static int json_true(const unsigned char *p, size_t len, const char *key) {
  char want[64];
  snprintf(want, sizeof want, "\"%s\":true", key);
  return memmem(p, len, want, strlen(want)) != NULL;
}

/* ---- attached ---- */

static int direct;         /* the server reads and writes our terminal */
static int reading;        /* we read the keys and send them (the socket path) */
static int released;       /* it gave our terminal back for a stop */
static int stop_asked;     /* SIGTSTP from outside: we asked it to give the terminal back */
static double stop_asked_at;
static int said_code = -1; /* what the server said before it closed: EXIT 0, ERROR 1 */
static int handed_over;     /* its EXIT said restart: a new server took over (botster-tui upgrade) */
static int crashed;         /* its EXIT said crashed: the keepers hold the agents; a new server adopts them */
static char *said_message;
static sigset_t handled;

/* Stops this process group (SIGTSTP, as vi and less do); returns once resumed and the hub has the
 * terminal again. The kernel discards it for an orphaned group (no job control): then at once. */
static void stop_now(void) {
  leave_terminal();
  signal(SIGTSTP, SIG_DFL);
  sigset_t tstp;
  sigemptyset(&tstp);
  sigaddset(&tstp, SIGTSTP);
  sigprocmask(SIG_UNBLOCK, &tstp, NULL);
  kill(0, SIGTSTP);
  sigprocmask(SIG_BLOCK, &tstp, NULL);
  /* The SIGCONT that resumed us says nothing more: the redraw below is the one. */
  sigset_t cont;
  sigemptyset(&cont);
  sigaddset(&cont, SIGCONT);
  struct timespec none = {0, 0};
  while (sigtimedwait(&cont, NULL, &none) == SIGCONT) {
  }
  enter_terminal();
  released = 0;
  stop_asked = 0;
  send_size();
  send_msg(MSG_REDRAW, NULL, 0);
}

static void on_signal(int sig) {
  switch (sig) {
  case SIGWINCH:
    send_size();
    break;
  case SIGHUP: /* the terminal went away: a detach, the agents live on */
    finish(129, NULL);
    break;
  case SIGTERM:
  case SIGINT:
    finish(0, "detached");
    break;
  case SIGTSTP:
    /* While the server has our terminal it lets go first (SUSPEND then stops us), or it would go on
     * reading the keys the shell is to get; one that does not answer within a second is not reading. */
    if (direct && !released) {
      if (!stop_asked) {
        stop_asked = 1;
        stop_asked_at = mono_ms();
        send_msg(MSG_STOP, NULL, 0);
      }
      return;
    }
    stop_now();
    break;
  case SIGCONT: /* `kill -CONT` after a `kill -STOP` from outside: the terminal may have been used */
    send_size();
    send_msg(MSG_REDRAW, NULL, 0);
    break;
  }
}

/* What to say once the server closes the connection (EXIT: 0, ERROR: 1). */
static void say_later(int code, char *message, const char *otherwise) {
  said_code = code;
  free(said_message);
  said_message = message ? message : strdup(otherwise);
}

static void message(int type, const unsigned char *p, size_t len) {
  switch (type) {
  case MSG_OUTPUT:
    write_all(1, p, len);
    break;
  case MSG_WELCOME:
  case MSG_DIRECT:
    direct = json_true(p, len, "direct");
    reading = !direct;
    if (type == MSG_WELCOME && direct) trace("client: welcome (the server has the terminal)");
    break;
  case MSG_EXIT: {
    char *reason = json_field(p, len, "reason");
    handed_over = reason && !strcmp(reason, "restart");
    crashed = reason && !strcmp(reason, "crashed");
    free(reason);
    say_later(0, json_field(p, len, "message"), "the server ended the session");
    break;
  }
  case MSG_ERROR:
    say_later(1, json_field(p, len, "error"), "the server refused this client");
    break;
  case MSG_VIEW:
    /* What we show now: said again in the HELLO should we reattach. One line of JSON, or nothing. */
    if (len > 0 && len < 1024 && p[0] == '{' && p[len - 1] == '}' && !memchr(p, '\n', len)) {
      free(view_json);
      view_json = strndup((const char *)p, len);
    }
    break;
  case MSG_SUSPEND:
    released = 1; /* the server wrote its last to our terminal and reads it no more */
    stop_now();
    break;
  }
}

static void run(void) {
  int sig = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sig < 0) finish(1, "cannot watch signals");
  unsigned char *in = NULL;
  size_t in_len = 0, in_cap = 0;
  for (;;) {
    struct pollfd fds[3] = {{sock, POLLIN, 0}, {sig, POLLIN, 0}, {0, POLLIN, 0}};
    /* The server reads our terminal itself: we must not (the kernel gives each key to one reader). */
    nfds_t n = reading ? 3 : 2;
    if (poll(fds, n, stop_asked ? 50 : -1) < 0) {
      if (errno == EINTR) continue;
      finish(1, "poll failed");
    }
    if (stop_asked && mono_ms() - stop_asked_at >= 1000) {
      released = 1;
      stop_now();
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      while (read(sig, &si, sizeof si) == sizeof si) on_signal((int)si.ssi_signo);
    }
    if (n == 3 && fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      unsigned char keys[4096];
      ssize_t got = read(0, keys, sizeof keys);
      if (got > 0) send_msg(MSG_INPUT, keys, (size_t)got);
      else if (got == 0 || (errno != EINTR && errno != EAGAIN)) finish(0, NULL);
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    if (in_cap - in_len < 65536) {
      in_cap = in_cap ? in_cap * 2 : 131072;
      in = realloc(in, in_cap);
      if (!in) finish(1, "out of memory");
    }
    ssize_t got = read(sock, in + in_len, in_cap - in_len);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) {
      if (handed_over) reattach("restart");
      if (crashed) reattach("crashed");
      if (said_code >= 0) finish(said_code, said_message);
      lost();
    }
    in_len += (size_t)got;
    size_t at = 0;
    while (in_len - at >= 4) {
      unsigned long len = (unsigned long)in[at] << 24 | (unsigned long)in[at + 1] << 16 |
                          (unsigned long)in[at + 2] << 8 | in[at + 3];
      if (len == 0 || len > MAX_SERVER_MESSAGE)
        finish(1, "the server sent something unreadable (a message over the limit)");
      if (in_len - at < 4 + len) break; /* the rest comes in the next reads (the buffer grows) */
      message(in[at + 4], in + at + 5, len - 1);
      at += 4 + len;
    }
    memmove(in, in + at, in_len - at);
    in_len -= at;
  }
}

/* Too few file descriptors for a hub (ulimit -n): said in one line at once, as bin/botster-tui.js
 * and src/wire/open-files.ts say it, before a server starts that would fail its own way. The
 * limit node runs with is the hard one (it raises its soft limit to it as it boots). */
#define MIN_OPEN_FILES 64
static void enough_files(void) {
  struct rlimit fds;
  if (getrlimit(RLIMIT_NOFILE, &fds) != 0 || fds.rlim_max == RLIM_INFINITY) return;
  if (fds.rlim_max >= MIN_OPEN_FILES) return;
  fprintf(stderr,
          "botster-tui: too few file descriptors: ulimit -n is %llu, botster-tui needs at least %d (raise it: "
          "ulimit -n 4096)\n",
          (unsigned long long)fds.rlim_max, MIN_OPEN_FILES);
  exit(1);
}

/* An environment variable that is set and not empty. */
static const char *env(const char *name) {
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

/* The home as src/wire/home.ts resolves it (--home, $BOTSTER_HOME, ~/.botster; ~ expanded, made
 * absolute) and its socket (src/wire/socket-path.ts: HOME/hub.sock; one near the 107 bytes a unix
 * socket path may have is left to the node client, which knows where it goes). 0 when doubtful. */
static int resolve_home(const char *flag) {
  const char *h = flag ? flag : env("BOTSTER_HOME");
  const char *user = env("HOME");
  char raw[4096];
  if (!h) {
    if (!user) return 0;
    if (snprintf(raw, sizeof raw, "%s/.botster", user) >= (int)sizeof raw) return 0;
  } else if (strcmp(h, "~") == 0 || strncmp(h, "~/", 2) == 0) {
    if (!user || snprintf(raw, sizeof raw, "%s%s", user, h + 1) >= (int)sizeof raw) return 0;
  } else if (snprintf(raw, sizeof raw, "%s", h) >= (int)sizeof raw) {
    return 0;
  }
  if (raw[0] == '/') {
    snprintf(home_buf, sizeof home_buf, "%s", raw);
  } else {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || snprintf(home_buf, sizeof home_buf, "%s/%s", cwd, raw) >= (int)sizeof home_buf)
      return 0;
  }
  if (snprintf(sock_buf, sizeof sock_buf, "%s/hub.sock", home_buf) > 100) return 0;
  home = home_buf;
  sock_path = sock_buf;
  return 1;
}

/* A flag's value, separate or after '='; NULL when the argument is not that flag. A separate value
 * that is missing, empty or looks like a flag makes the command line the node client's. */
static const char *flag_value(const char *flag, int *i) {
  const char *a = user_argv[*i];
  size_t fl = strlen(flag);
  if (strncmp(a, flag, fl) != 0) return NULL;
  if (a[fl] == '=') return a[fl + 1] ? a + fl + 1 : (node_client(), NULL);
  if (a[fl] != 0) return NULL;
  if (*i + 1 >= user_argc) node_client();
  const char *v = user_argv[++*i];
  if (!*v || *v == '-' || strspn(v, " \t") == strlen(v)) node_client();
  return v;
}

/* `--peer-cred`: the hub server hands a control connection's socket as fd 3 and reads who is at
 * the other end from the kernel (SO_PEERCRED): node has no call for it. Prints "PID UID". */
static int peer_cred(void) {
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

static int peer_cred_server(void) {
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

int main(int argc, char **argv) {
  started_ms = mono_ms();
  if (argc == 2 && strcmp(argv[1], "--peer-cred") == 0) return peer_cred();
  if (argc == 2 && strcmp(argv[1], "--peer-cred-server") == 0) return peer_cred_server();
  if (argc < 2) {
    fputs("botster-tui: this is the launcher's client (run bin/botster-tui)\n", stderr);
    return 2;
  }
  js = argv[1];
  /* We lost our server and executed ourselves again (reattach above): said once, not to the server. */
  const char *again = getenv("BOTSTER_REATTACH");
  if (again && (!strcmp(again, "lost") || !strcmp(again, "crashed") || !strcmp(again, "restart")))
    reattach_why = !strcmp(again, "lost") ? "lost" : !strcmp(again, "crashed") ? "crashed" : "restart";
  const char *shown = getenv("BOTSTER_VIEW");
  if (reattach_why && shown && *shown == '{' && strlen(shown) < 1024 && !strchr(shown, '\n'))
    view_json = strdup(shown);
  unsetenv("BOTSTER_REATTACH");
  unsetenv("BOTSTER_VIEW");
  user_argc = argc - 2;
  user_argv = argv + 2;
  trace("client: native client started");
  /* Never a client of another release than the package's: its node client then. */
  if (!own_package(js)) node_client();
  own = 1;
  /* An agent's or a script's command (report, statusline, tmux, agents...): the server runs it. */
  forward_command(user_argc, user_argv);
  /* Ours are only terminal clients outside a hub's agent (the node client refuses to nest a hub and
   * says why), with this command line: [attach] [--home H] [--agent CMD]... (attach: --home only). */
  if (!isatty(0) || !isatty(1) || env("BOTSTER_AGENT_ID") || env("BOTSTER_SOCKET")) node_client();
  int attach = 0;
  const char *home_flag = NULL;
  buf_t spawn = {0};
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) node_client();
  puts_(&spawn, "[");
  for (int i = 0; i < user_argc; i++) {
    const char *value;
    if (i == 0 && strcmp(user_argv[i], "attach") == 0) attach = 1;
    else if ((value = flag_value("--home", &i))) {
      if (home_flag) node_client();
      home_flag = value;
    } else if ((value = flag_value("--agent", &i))) {
      if (spawn.len > 1) puts_(&spawn, ",");
      puts_(&spawn, "{\"command\":");
      put_json(&spawn, value);
      puts_(&spawn, ",\"cwd\":");
      put_json(&spawn, cwd);
      puts_(&spawn, "}");
    } else node_client();
  }
  puts_(&spawn, "]");
  if (attach && spawn.len > 2) node_client();
  enough_files();
  if (!resolve_home(home_flag)) node_client();

  struct stat st;
  int there = lstat(sock_path, &st) == 0;
  /* Our keys go to our own server only (as checkSocketOwner); the node client says why. */
  if (there && (stat(sock_path, &st) != 0 || st.st_uid != getuid())) node_client();
  /* No server to attach to: the node client says so. */
  if (!there && attach) node_client();
  /* What the server writes to its log from now on is its last words if it dies (for one we start:
   * from before it could write anything of this start). */
  char log[4200];
  server_log(log, sizeof log);
  log_size = stat(log, &st) == 0 ? st.st_size : 0;
  pid_t launched = 0;
  if (!there && !(launched = start_server())) node_client();
  if (launched) {
    sock = await_launched(launched);
    /* It died before it listened: the node client starts one, which says why it could not. */
    if (sock < 0) node_client();
  } else {
    sock = connect_to(sock_path);
    /* Reattaching after a kill: its socket stays behind; a server we start replaces it (claimControl). */
    if (sock < 0 && reattach_why && (launched = start_server())) sock = await_launched(launched);
    /* No server answers (a stale socket): the node client replaces it or says why. */
    if (sock < 0) node_client();
  }
  trace("client: connected");
  stat(sock_path, &sock_st); /* which socket file: a handed-over server makes another */
  if (tcgetattr(0, &saved) < 0) node_client();

  /* From here on the terminal is ours: every way out restores it. */
  sigemptyset(&handled);
  int sigs[] = {SIGWINCH, SIGHUP, SIGTERM, SIGINT, SIGTSTP, SIGCONT};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&handled, sigs[i]);
  sigprocmask(SIG_BLOCK, &handled, NULL);
  signal(SIGPIPE, SIG_IGN);

  buf_t hello = {0};
  int cols, rows;
  size_of(&cols, &rows);
  puts_(&hello, "{\"protocol\":");
  putf(&hello, "%d", PROTOCOL);
  puts_(&hello, ",\"version\":");
  put_json(&hello, BOTSTER_VERSION);
  puts_(&hello, ",\"home\":");
  put_json(&hello, home);
  puts_(&hello, ",\"client\":\"native\"");
  putf(&hello, ",\"cols\":%d,\"rows\":%d,\"spawn\":", cols, rows);
  puts_(&hello, spawn.p);
  if (launched) putf(&hello, ",\"startedWith\":%d", (int)launched);
  /* https://no-color.org: this terminal's user wants no colours (each client its own). */
  const char *no_color = getenv("NO_COLOR");
  if (no_color && *no_color) puts_(&hello, ",\"noColor\":true");
  /* Reattaching: the hub says so in one line, and shows what we showed (the server's last VIEW). */
  if (reattach_why) {
    puts_(&hello, ",\"reattached\":");
    put_json(&hello, !strcmp(reattach_why, "lost")      ? REATTACHED_LOST
                     : !strcmp(reattach_why, "crashed") ? REATTACHED_CRASHED
                                                        : REATTACHED_RESTART);
    if (view_json) {
      puts_(&hello, ",\"view\":");
      puts_(&hello, view_json);
    }
  }
  /* Without a claim the keys go through the socket from the start; with one, the WELCOME says. */
  reading = !tty_claim(&hello);
  puts_(&hello, "}");
  /* Entered before the HELLO: a server that has our terminal writes its first frame at once. */
  enter_terminal();
  send_msg(MSG_HELLO, hello.p, hello.len);
  trace("client: hello sent");
  run();
  return 0;
}
