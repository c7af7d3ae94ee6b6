/*
 * The agent-side commands without node: Claude Code runs `botster-tui report` on every tool call
 * (a hook that holds the tool up), `botster-tui statusline` on every refresh, and a team lead runs
 * the hub's `tmux` command by command; a node boot is ~100-200 ms of each. As tmux's own client
 * does, this one only carries the command line to the server and prints what comes back: one
 * control request, `{"op":"cli","argv":[...],"cwd":...,"env":{...},"stdin":BASE64}`, answered with
 * `{"ok":true,"code":N,"out":BASE64,"err":BASE64}` (src/cli/forwarded.ts). The verbs, the tmux
 * grammar and the formats are the server's; the server learns who asks from this connection's
 * peer (the kernel), as it does for the node client's requests. Anything else (no server, another
 * user's socket, an old server, a command line the server does not run) goes to node as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "forward.h"
#include "wire.h"

extern char **environ;

/* ---- growable bytes ---- */

typedef struct {
  char *p;
  size_t len, cap;
} sbuf;

static void grow(sbuf *b, size_t more) {
  if (b->len + more + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more + 1) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fputs("botster-tui: out of memory\n", stderr);
    exit(1);
  }
  b->p = p;
  b->cap = cap;
}

static void add(sbuf *b, const void *s, size_t n) {
  grow(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void adds(sbuf *b, const char *s) { add(b, s, strlen(s)); }

/* A JSON string of the bytes as they are (node reads them as UTF-8, as it reads its argv). */
static void add_json(sbuf *b, const char *s) {
  adds(b, "\"");
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') {
      char e[2] = {'\\', (char)*c};
      add(b, e, 2);
    } else if (*c < 0x20) {
      char e[8];
      snprintf(e, sizeof e, "\\u%04x", *c);
      adds(b, e);
    } else {
      add(b, c, 1);
    }
  }
  adds(b, "\"");
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_base64(sbuf *b, const unsigned char *p, size_t n) {
  grow(b, (n + 2) / 3 * 4);
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    char q[4] = {B64[v >> 18 & 63], B64[v >> 12 & 63], i + 1 < n ? B64[v >> 6 & 63] : '=',
                 i + 2 < n ? B64[v & 63] : '='};
    add(b, q, 4);
  }
}

/* Decodes base64 from S (up to its closing quote) into OUT; 0 when it is not base64. */
static int from_base64(const char *s, sbuf *out) {
  unsigned v = 0;
  int bits = 0;
  for (; *s && *s != '"'; s++) {
    const char *at = strchr(B64, *s);
    if (*s == '=') continue;
    if (!at) return 0;
    v = v << 6 | (unsigned)(at - B64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      char c = (char)(v >> bits & 0xff);
      add(out, &c, 1);
    }
  }
  return *s == '"';
}

/* ---- the command line ---- */

static const char *nonempty(const char *name) {
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

static const char *const HERE[] = {"report", "statusline", "message-hook", "send", "read",
                                   "agents", "status", "whoami", "wait", NULL};

static int one_of(const char *word, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(word, *list)) return 1;
  return 0;
}

/* A path as the node client takes it: ~ its HOME, relative to CWD. 0 when it does not fit. */
static int absolute(const char *p, const char *cwd, char *out, size_t n) {
  const char *home = nonempty("HOME");
  if ((!strcmp(p, "~") || !strncmp(p, "~/", 2)) && home) return snprintf(out, n, "%s%s", home, p + 1) < (int)n;
  if (p[0] == '/') return snprintf(out, n, "%s", p) < (int)n;
  return snprintf(out, n, "%s/%s", cwd, p) < (int)n;
}

/* Whether ARG is among the words before `--`. */
static int has_word(int argc, char **argv, const char *arg) {
  for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
    if (!strcmp(argv[i], arg)) return 1;
  return 0;
}

/* The socket the node client would ask (src/cli.tsx, src/tmux/entry.ts, src/wire/socket-path.ts);
 * 0 when in doubt (a path too long for its own socket is hashed elsewhere: node knows where). */
static int socket_of(int tmux, const char *home_flag, const char *cwd, char *out, size_t n) {
  char home[4096];
  const char *sock = nonempty("BOTSTER_SOCKET");
  if (sock && !home_flag) return sock[0] != '~' && absolute(sock, cwd, out, n);
  const char *h = home_flag ? home_flag : getenv("BOTSTER_HOME");
  if (h && (!*h || (tmux && h[0] == '~'))) return 0;
  if (h) {
    if (!absolute(h, cwd, home, sizeof home)) return 0;
  } else {
    const char *user = nonempty("HOME");
    if (!user || snprintf(home, sizeof home, "%s/.botster", user) >= (int)sizeof home) return 0;
  }
  return snprintf(out, n, "%s/hub.sock", home) <= 100 && strlen(out) < n;
}

/* ---- stdin, where the command reads it ---- */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* As src/cli/hook-input.ts reads a hook's JSON: nothing from a terminal, at most MAX bytes, for at
 * most MS (a negative MS: until its end). */
static void read_stdin(sbuf *into, int ms, size_t max) {
  if (isatty(0)) return;
  double end = now_ms() + ms;
  char chunk[65536];
  while (into->len < max) {
    int left = ms < 0 ? -1 : (int)(end - now_ms());
    if (ms >= 0 && left <= 0) return;
    struct pollfd p = {0, POLLIN, 0};
    int r = poll(&p, 1, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    ssize_t got = read(0, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    add(into, chunk, (size_t)got);
  }
}

/* ---- the server ---- */

static int dial(const char *path) {
  struct stat st;
  /* Another user's socket: the node client says why it will not talk to it. */
  if (stat(path, &st) != 0 || st.st_uid != getuid()) return -1;
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

static int send_all(int fd, const char *p, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    p += n;
    len -= (size_t)n;
  }
  return 1;
}

/* The value after "KEY": in a reply line; NULL when absent. */
static const char *field(const char *line, const char *key) {
  char pat[32];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *at = strstr(line, pat);
  return at ? at + strlen(pat) : NULL;
}

/* The user's status line (src/cli/statusline.ts's runUserLine, which the server hands back to us so
 * that it runs in this, the agent's, process tree): `sh -c COMMAND` in CWD with our environment,
 * INPUT on its stdin, its stderr dropped, cut (its process group killed) after MS; what it printed
 * (64 KB at most) goes to OUT. */
static void run_line(const char *command, const char *cwd, int ms, const sbuf *input, sbuf *out) {
  int to[2], from[2];
  if (pipe2(to, O_CLOEXEC) < 0) return;
  if (pipe2(from, O_CLOEXEC) < 0) return (void)(close(to[0]), close(to[1]));
  const char *certs = getenv("BOTSTER_NODE_EXTRA_CA_CERTS");
  pid_t child = fork();
  if (child == 0) {
    setsid();
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (dup2(to[0], 0) < 0 || dup2(from[1], 1) < 0 || (null >= 0 && dup2(null, 2) < 0)) _exit(127);
    if (chdir(cwd) < 0) _exit(127);
    if (certs) setenv("NODE_EXTRA_CA_CERTS", certs, 1), unsetenv("BOTSTER_NODE_EXTRA_CA_CERTS");
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  if (child < 0) return (void)(close(to[1]), close(from[0]));
  fcntl(to[1], F_SETFL, O_NONBLOCK);
  size_t sent = 0;
  int writing = 1;
  if (!input->len) close(to[1]), writing = 0;
  double end = now_ms() + ms;
  char chunk[65536];
  for (;;) {
    int left = (int)(end - now_ms());
    if (left <= 0) break;
    struct pollfd p[2] = {{from[0], POLLIN, 0}, {writing ? to[1] : -1, POLLOUT, 0}};
    int r = poll(p, 2, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    if (writing && p[1].revents) {
      ssize_t w = write(to[1], input->p + sent, input->len - sent);
      if (w > 0) sent += (size_t)w;
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == input->len) close(to[1]), writing = 0;
    }
    if (p[0].revents) {
      ssize_t got = read(from[0], chunk, sizeof chunk);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) break;
      if (out->len < 64 * 1024) add(out, chunk, (size_t)got);
    }
  }
  if (writing) close(to[1]);
  close(from[0]);
  /* Its output ended: it exits (within the time left), else it is cut, its process group with it. */
  while (now_ms() < end && waitpid(child, NULL, WNOHANG) == 0) usleep(1000);
  if (waitpid(child, NULL, WNOHANG) == 0) {
    kill(-child, SIGKILL);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
  }
}

/* What was read of stdin goes to the node client that runs the command after all: a pipe that a
 * child of ours fills. */
static void give_back(sbuf *in, int took) {
  if (!took) return;
  int p[2];
  if (pipe(p) < 0) return;
  pid_t child = fork();
  if (child == 0) {
    close(p[0]);
    send_all(p[1], in->p ? in->p : "", in->len);
    _exit(0);
  }
  close(p[1]);
  if (child > 0) dup2(p[0], 0);
  close(p[0]);
}

void forward_command(int argc, char **argv) {
  if (argc < 1) return;
  int at = 0;
  const char *home_flag = NULL;
  if (!strcmp(argv[0], "--home") && argc > 2) home_flag = argv[1], at = 2;
  else if (!strncmp(argv[0], "--home=", 7)) home_flag = argv[0] + 7, at = 1;
  if (at >= argc) return;
  const char *command = argv[at];
  int tmux = at == 0 && !strcmp(command, "tmux");
  if (!tmux && !one_of(command, HERE)) return;
  if (tmux && argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) return;
  if (!tmux) {
    /* Another machine's hub, a second --home, a saved screen explained by Lua: node's. */
    for (int i = at + 1; i < argc && strcmp(argv[i], "--"); i++)
      if (!strcmp(argv[i], "--ssh") || !strncmp(argv[i], "--ssh=", 6) || !strncmp(argv[i], "--home", 6) ||
          !strcmp(argv[i], "--file") || !strncmp(argv[i], "--file=", 7))
        return;
  }
  char cwd[4096], sock_path[4200];
  if (!getcwd(cwd, sizeof cwd)) return;
  if (!socket_of(tmux, home_flag, cwd, sock_path, sizeof sock_path)) return;
  int fd = dial(sock_path);
  if (fd < 0) return;
  signal(SIGPIPE, SIG_IGN);

  sbuf req = {0};
  adds(&req, "{\"v\":");
  char num[32];
  snprintf(num, sizeof num, "%d", CONTROL_PROTOCOL);
  adds(&req, num);
  adds(&req, ",\"op\":\"cli\",\"argv\":[");
  for (int i = 0; i < argc; i++) {
    if (i) adds(&req, ",");
    add_json(&req, argv[i]);
  }
  adds(&req, "],\"cwd\":");
  add_json(&req, cwd);
  /* The whole environment: the user's status line runs with it, as it would from node. The
   * launcher set NODE_EXTRA_CA_CERTS aside for node's boot; what runs gets it back (bin/botster-tui.js). */
  adds(&req, ",\"env\":{");
  const char *certs = getenv("BOTSTER_NODE_EXTRA_CA_CERTS");
  int first = 1;
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || !strncmp(*e, "BOTSTER_NODE_EXTRA_CA_CERTS=", 28) || !strncmp(*e, "NODE_EXTRA_CA_CERTS=", 20)) continue;
    char name[256];
    if ((size_t)(eq - *e) >= sizeof name) continue;
    memcpy(name, *e, (size_t)(eq - *e));
    name[eq - *e] = 0;
    if (!first) adds(&req, ",");
    first = 0;
    add_json(&req, name);
    adds(&req, ":");
    add_json(&req, eq + 1);
  }
  if (certs) {
    if (!first) adds(&req, ",");
    adds(&req, "\"NODE_EXTRA_CA_CERTS\":");
    add_json(&req, certs);
  }
  adds(&req, "}");
  /* What the command reads on stdin: a hook's JSON (bounded as node bounds it), or tmux's
   * load-buffer -. Nothing else is read: a script's open stdin must not hold a command up. */
  sbuf in = {0};
  int hook_ms = !strcmp(command, "report") ? (has_word(argc, argv, "--stdin") ? 1000 : -2)
                : !strcmp(command, "statusline") || !strcmp(command, "message-hook") ? 2000
                : tmux && (has_word(argc, argv, "load-buffer") || has_word(argc, argv, "loadb")) ? -1
                                                                                            : -2;
  if (hook_ms != -2) {
    read_stdin(&in, hook_ms, hook_ms < 0 ? (size_t)64 << 20 : (size_t)1 << 20);
    adds(&req, ",\"stdin\":\"");
    add_base64(&req, (const unsigned char *)(in.p ? in.p : ""), in.len);
    adds(&req, "\"");
  }
  adds(&req, "}\n");
  int took = hook_ms != -2 && !isatty(0);
  if (!send_all(fd, req.p, req.len)) {
    close(fd);
    give_back(&in, took);
    return;
  }
  /* The reply: one line. */
  sbuf reply = {0};
  char chunk[65536];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    add(&reply, chunk, (size_t)got);
    if (memchr(chunk, '\n', (size_t)got)) break;
  }
  close(fd);
  if (!reply.len) {
    /* The server went away with the command under way: not run again by node. A hook never fails its CLI. */
    int hook = strcmp(command, "statusline") == 0 || strcmp(command, "message-hook") == 0 ||
               (!strcmp(command, "report") && has_word(argc, argv, "--if-in-hub"));
    if (hook) exit(0);
    fprintf(stderr, "botster-tui: the hub on %s closed the connection without replying\n", sock_path);
    exit(3);
  }
  /* Refused (a server without the `cli` op, or a command line it hands back): node runs it. */
  const char *ok = field(reply.p, "ok");
  const char *code = field(reply.p, "code");
  const char *out = field(reply.p, "out");
  const char *err = field(reply.p, "err");
  if (!ok || strncmp(ok, "true", 4) || !code || !out || *out != '"' || !err || *err != '"')
    return give_back(&in, took);
  sbuf o = {0}, e = {0};
  if (!from_base64(out + 1, &o) || !from_base64(err + 1, &e)) return give_back(&in, took);
  if (o.len) send_all(1, o.p, o.len);
  if (e.len) send_all(2, e.p, e.len);
  const char *run = field(reply.p, "run"), *run_cwd = field(reply.p, "run_cwd"), *run_ms = field(reply.p, "run_ms");
  sbuf cmd = {0}, dir = {0}, shown = {0};
  if (run && *run == '"' && run_cwd && *run_cwd == '"' && run_ms && from_base64(run + 1, &cmd) &&
      from_base64(run_cwd + 1, &dir) && cmd.len && dir.len) {
    run_line(cmd.p, dir.p, atoi(run_ms), &in, &shown);
    if (shown.len) send_all(1, shown.p, shown.len);
  }
  /* Said in BOTSTER_TRACE (as src/trace/trace.ts writes it): which client answered (tests read it). */
  const char *trace = nonempty("BOTSTER_TRACE");
  FILE *t = trace ? fopen(trace, "a") : NULL;
  if (t) {
    fprintf(t, "0 0 %d -1 -1 client: the server ran %s\n", (int)getpid(), command);
    fclose(t);
  }
  exit(atoi(code));
}
