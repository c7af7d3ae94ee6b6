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
 *
 * This file reads the command line, resolves the home and its socket, connects (or starts the
 * server: launch.c) and says HELLO; then attach.c runs the session and ending.c ends it. The
 * terminal is terminal.c's, the messages' framing messages.c's, the socket's sock.c's; forward.c
 * forwards the agents' commands; peer-cred.c answers the server's question of who connected.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef BOTSTER_VERSION
#error "BOTSTER_VERSION must be defined (scripts/build-native.mjs takes it from package.json)"
#endif

#include "agent-bin.h"
#include "attach.h"
#include "buf.h"
#include "client.h"
#include "forward.h"
#include "launch.h"
#include "messages.h"
#include "node-client.h"
#include "peer-cred.h"
#include "box-net.h"
#include "server-log.h"
#include "sock.h"
#include "terminal.h"
#include "trace.h"
#include "wire.h"

const char *sock_path, *home, *js;
static char sock_buf[4200], home_buf[4096];
int user_argc;
char **user_argv;
int sock = -1;
const char *reattach_why;
char *view_json;
struct stat sock_st; /* the socket we connected to: a handed-over server makes another */

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

int main(int argc, char **argv) {
  started_ms = mono_ms();
  agent_bin(&argc, &argv);
  if (argc == 2 && strcmp(argv[1], "--peer-cred") == 0) return peer_cred();
  if (argc == 2 && strcmp(argv[1], "--peer-cred-server") == 0) return peer_cred_server();
  if ((argc == 4 || argc == 5) && strcmp(argv[1], "--box-net") == 0)
    return box_net(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
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
  if (save_terminal() < 0) node_client();

  /* From here on the terminal is ours: every way out restores it. */
  take_signals();

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
