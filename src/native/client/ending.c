/* The end of an attached session: the terminal restored and the reason said; a server that went
 * away is attached to again (this client executes itself again) unless it keeps crashing (ending.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "client.h"
#include "ending.h"
#include "node-client.h"
#include "server-log.h"
#include "terminal.h"
#include "trace.h"
#include "wire.h"

void finish(int code, const char *message) {
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
void reattach(const char *why) {
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

void lost(void) {
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
