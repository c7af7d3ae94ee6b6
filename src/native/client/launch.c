/* A cold start (no socket for the home): the home's server started as src/client/start-server.ts
 * starts it, and its socket awaited with inotify as it appears (launch.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "launch.h"
#include "server-log.h"
#include "sock.h"
#include "terminal.h"
#include "trace.h"

static int alive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

/* The launched server's socket once it answers; -1 when the process died first. Its folder is
 * watched (the socket appears at once), and looked at every 10 ms besides (as launched-server.ts). */
int await_launched(pid_t pid) {
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
pid_t start_server(void) {
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
      /* glibc's mmap threshold fixed at its default, as src/wire/server-malloc.ts says why */
      if (!getenv("MALLOC_MMAP_THRESHOLD_"))
        setenv("MALLOC_MMAP_THRESHOLD_", "131072", 1), setenv("BOTSTER_MALLOC_SET", "1", 1);
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
