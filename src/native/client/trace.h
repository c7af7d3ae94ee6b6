/* BOTSTER_TRACE's lines (as src/trace/trace.ts writes them) and the clock they count in. */
#ifndef BOTSTER_TRACE_H
#define BOTSTER_TRACE_H

/* When this client started (mono_ms): a trace line's first number counts from it. */
extern double started_ms;
/* CLOCK_MONOTONIC in milliseconds. */
double mono_ms(void);
/* A line of WHAT in BOTSTER_TRACE's file, when it names one. */
void trace(const char *what);

#endif
