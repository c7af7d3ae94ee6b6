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
 *
 * Here: which command lines are forwarded, to which socket, and the request and its answer; what
 * the command reads on stdin is forward-stdin.c's, the user's status line status-line.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64.h"
#include "buf.h"
#include "forward-stdin.h"
#include "forward.h"
#include "sock.h"
#include "status-line.h"
#include "wire.h"

extern char **environ;

/* ---- the command line ---- */

static const char *nonempty(const char *name) {
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

static const char *const HERE[] = {"report", "statusline", "message-hook", "permission-hook", "send", "read",
                                   "agents", "status", "whoami", "wait", "push", NULL};

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

/* ---- the server ---- */

static int dial(const char *path) {
  struct stat st;
  /* Another user's socket: the node client says why it will not talk to it. */
  if (stat(path, &st) != 0 || st.st_uid != getuid()) return -1;
  return connect_to(path);
}

/* `push FILE.lua`: the file read here, by the caller (its rights, its box), never by the server
 * for it; 0 (node then says why) when it is not one regular file of at most 1 MB. */
static int read_pushed(const char *file, buf_t *into) {
  size_t n = strlen(file);
  if (n < 5 || strcmp(file + n - 4, ".lua") || file[0] == '-') return 0;
  int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (1 << 20);
  char chunk[65536];
  while (ok) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 || into->len + (size_t)(got > 0 ? got : 0) > (1 << 20)) ok = 0;
    if (got <= 0) break;
    put(into, chunk, (size_t)got);
  }
  close(fd);
  return ok;
}

/* The value after "KEY": in a reply line; NULL when absent. */
static const char *field(const char *line, const char *key) {
  char pat[32];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *at = strstr(line, pat);
  return at ? at + strlen(pat) : NULL;
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
    /* Another machine's hub, a second --home, a saved screen explained by Lua: node's. One --home
     * after the command (`agents --json --home DIR`, as scripts write it) names the socket as one
     * before it does; the server reads it from the command line it is sent. */
    for (int i = at + 1; i < argc && strcmp(argv[i], "--"); i++) {
      if (!strcmp(argv[i], "--ssh") || !strncmp(argv[i], "--ssh=", 6) || !strcmp(argv[i], "--file") ||
          !strncmp(argv[i], "--file=", 7))
        return;
      if (strncmp(argv[i], "--home", 6)) continue;
      if (home_flag) return;
      if (!strcmp(argv[i], "--home") && i + 1 < argc && strcmp(argv[i + 1], "--")) home_flag = argv[++i];
      else if (!strncmp(argv[i], "--home=", 7)) home_flag = argv[i] + 7;
      else return;
    }
  }
  /* push: exactly one file, read here (what the server reads as its source is what was sent). */
  int push = !tmux && !strcmp(command, "push");
  buf_t pushed = {0};
  if (push && (argc - at != 2 || !read_pushed(argv[at + 1], &pushed))) return;
  char cwd[4096], sock_path[4200];
  if (!getcwd(cwd, sizeof cwd)) return;
  if (!socket_of(tmux, home_flag, cwd, sock_path, sizeof sock_path)) return;
  int fd = dial(sock_path);
  if (fd < 0) return;
  signal(SIGPIPE, SIG_IGN);

  buf_t req = {0};
  puts_(&req, "{\"v\":");
  char num[32];
  snprintf(num, sizeof num, "%d", CONTROL_PROTOCOL);
  puts_(&req, num);
  puts_(&req, ",\"op\":\"cli\",\"argv\":[");
  for (int i = 0; i < argc; i++) {
    if (i) puts_(&req, ",");
    put_json(&req, argv[i]);
  }
  puts_(&req, "],\"cwd\":");
  put_json(&req, cwd);
  /* The whole environment: the user's status line runs with it, as it would from node. The
   * launcher set NODE_EXTRA_CA_CERTS aside for node's boot; what runs gets it back (bin/botster-tui.js). */
  puts_(&req, ",\"env\":{");
  const char *certs = getenv("BOTSTER_NODE_EXTRA_CA_CERTS");
  int first = 1;
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || !strncmp(*e, "BOTSTER_NODE_EXTRA_CA_CERTS=", 28) || !strncmp(*e, "NODE_EXTRA_CA_CERTS=", 20)) continue;
    char name[256];
    if ((size_t)(eq - *e) >= sizeof name) continue;
    memcpy(name, *e, (size_t)(eq - *e));
    name[eq - *e] = 0;
    if (!first) puts_(&req, ",");
    first = 0;
    put_json(&req, name);
    puts_(&req, ":");
    put_json(&req, eq + 1);
  }
  if (certs) {
    if (!first) puts_(&req, ",");
    puts_(&req, "\"NODE_EXTRA_CA_CERTS\":");
    put_json(&req, certs);
  }
  puts_(&req, "}");
  /* What the command reads on stdin: a hook's JSON (bounded as node bounds it), or tmux's
   * load-buffer -. Nothing else is read: a script's open stdin must not hold a command up. */
  buf_t in = {0};
  int hook_ms = !strcmp(command, "report") ? (has_word(argc, argv, "--stdin") ? 1000 : -2)
                : !strcmp(command, "statusline") || !strcmp(command, "message-hook") || !strcmp(command, "permission-hook") ? 2000
                : tmux && (has_word(argc, argv, "load-buffer") || has_word(argc, argv, "loadb")) ? -1
                                                                                            : -2;
  if (hook_ms != -2) {
    read_stdin(&in, hook_ms, hook_ms < 0 ? (size_t)64 << 20 : (size_t)1 << 20);
    puts_(&req, ",\"stdin\":\"");
    add_base64(&req, (const unsigned char *)(in.p ? in.p : ""), in.len);
    puts_(&req, "\"");
  } else if (push) {
    puts_(&req, ",\"file\":\"");
    add_base64(&req, (const unsigned char *)(pushed.p ? pushed.p : ""), pushed.len);
    puts_(&req, "\"");
  }
  puts_(&req, "}\n");
  int took = hook_ms != -2 && !isatty(0);
  if (!write_all(fd, req.p, req.len)) {
    close(fd);
    give_back(&in, took);
    return;
  }
  /* The reply: one line. */
  buf_t reply = {0};
  char chunk[65536];
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    put(&reply, chunk, (size_t)got);
    if (memchr(chunk, '\n', (size_t)got)) break;
  }
  close(fd);
  if (!reply.len) {
    /* The server went away with the command under way: not run again by node. A hook never fails its CLI. */
    int hook = strcmp(command, "statusline") == 0 || strcmp(command, "message-hook") == 0 ||
               strcmp(command, "permission-hook") == 0 ||
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
  buf_t o = {0}, e = {0};
  if (!from_base64(out + 1, &o) || !from_base64(err + 1, &e)) return give_back(&in, took);
  if (o.len) write_all(1, o.p, o.len);
  if (e.len) write_all(2, e.p, e.len);
  const char *run = field(reply.p, "run"), *run_cwd = field(reply.p, "run_cwd"), *run_ms = field(reply.p, "run_ms");
  buf_t cmd = {0}, dir = {0}, shown = {0};
  if (run && *run == '"' && run_cwd && *run_cwd == '"' && run_ms && from_base64(run + 1, &cmd) &&
      from_base64(run_cwd + 1, &dir) && cmd.len && dir.len) {
    run_line(cmd.p, dir.p, atoi(run_ms), &in, &shown);
    if (shown.len) write_all(1, shown.p, shown.len);
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
