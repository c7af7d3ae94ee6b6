/* Attached: keys from the terminal (when the server does not read it itself), sizes and signals
 * to the server; its output, its view and its last word back; ctrl+z and detaches handled as the
 * node client handles them (src/client/run-client.ts; attach.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "client.h"
#include "ending.h"
#include "messages.h"
#include "sock.h"
#include "terminal.h"
#include "trace.h"
#include "wire.h"

static int direct;         /* the server reads and writes our terminal */
int reading;               /* we read the keys and send them (the socket path) */
static int released;       /* it gave our terminal back for a stop */
static int stop_asked;     /* SIGTSTP from outside: we asked it to give the terminal back */
static double stop_asked_at;
static int said_code = -1; /* what the server said before it closed: EXIT 0, ERROR 1 */
static int handed_over;     /* its EXIT said restart: a new server took over (botster-tui upgrade) */
static int crashed;         /* its EXIT said crashed: the keepers hold the agents; a new server adopts them */
static char *said_message;
static sigset_t handled;

void take_signals(void) {
  sigemptyset(&handled);
  int sigs[] = {SIGWINCH, SIGHUP, SIGTERM, SIGINT, SIGTSTP, SIGCONT};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&handled, sigs[i]);
  sigprocmask(SIG_BLOCK, &handled, NULL);
  signal(SIGPIPE, SIG_IGN);
}

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

void run(void) {
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
