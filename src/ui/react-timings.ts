// React's development build (tests, `dist/` run from source, benches that import it) records
// ~20 performance.measure entries per commit for its DevTools tracks. Node keeps every entry in
// its global timeline until cleared, so a hub that re-renders for hours grows without bound
// (~28 KB per reload measured). The production bundle records none, and nothing in the hub reads
// the timeline, so after each commit we drop what React left there.

/** Drops the user-timing measures React's development build recorded (no-op in production). */
export function dropReactTimings(): void {
  if (process.env.NODE_ENV !== 'production') performance.clearMeasures();
}
