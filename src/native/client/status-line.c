/* The user's status line command, run here rather than in the server so that it runs as the agent's
 * own child, with the agent's environment, and is cut with its process group when it is late
 * (status-line.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "status-line.h"
#include "trace.h"

/* The user's status line (src/cli/agent-side/statusline.ts's runUserLine, which the server hands back to us so
 * that it runs in this, the agent's, process tree): `sh -c COMMAND` in CWD with our environment,
 * INPUT on its stdin, its stderr dropped, cut (its process group killed) after MS; what it printed
 * (64 KB at most) goes to OUT. */
void run_line(const char *command, const char *cwd, int ms, const buf_t *input, buf_t *out) {
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
  double end = mono_ms() + ms;
  char chunk[65536];
  for (;;) {
    int left = (int)(end - mono_ms());
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
      if (out->len < 64 * 1024) put(out, chunk, (size_t)got);
    }
  }
  if (writing) close(to[1]);
  close(from[0]);
  /* Its output ended: it exits (within the time left), else it is cut, its process group with it. */
  while (mono_ms() < end && waitpid(child, NULL, WNOHANG) == 0) usleep(1000);
  if (waitpid(child, NULL, WNOHANG) == 0) {
    kill(-child, SIGKILL);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
  }
}
