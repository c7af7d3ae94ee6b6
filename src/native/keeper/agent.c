/* The agent and its terminal: the PTY master the keeper owns (opened here or handed over by the
 * starting server), the agent started on it, its keys written to it, its hang-up, and its exit
 * reaped, with whatever it left that was reparented here (keeper.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "keeper.h"
#include "wire.h"

int master = -1, sigfd = -1;
pid_t child = -1;
int child_done, master_eof, exit_code = -1, exit_signal = 0, hung_up;
long long child_done_at, hangup_at;
unsigned short cols = 80, rows = 24;
int master_arg = -1;

pid_t start_agent(char **argv, const char *cwd, char *why, size_t whylen) {
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

/* Reaps every child that ended: the agent, and what it left that was reparented here (an orphan's
 * exit is not the agent's: only the agent's pid reports one). */
void reap(void) {
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

void hang_up(void) {
  if (hung_up) return;
  hung_up = 1;
  hangup_at = now_ms();
  if (master >= 0) close(master); /* the kernel hangs up the terminal's session */
  master = -1;
  master_eof = 1;
  if (!child_done) kill(-child, SIGHUP);
}

/* Bytes the server read from the master itself: into the ring, as had by a server already. */
void write_input(void) {
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
