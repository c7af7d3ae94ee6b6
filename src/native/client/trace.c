/* The trace (BOTSTER_TRACE, as src/trace/trace.ts writes it): when each step of a start happened,
 * and how much of it this process ran or waited for a CPU (trace.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"

double started_ms;

double mono_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

void trace(const char *what) {
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
