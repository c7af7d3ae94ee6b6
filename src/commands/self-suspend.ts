// app.suspend in a hub that runs in its own terminal (no server): the same as ctrl+z there, a
// SIGTSTP to itself, which the hub's own handler for it takes.

/** What `app.suspend` does: the same as SIGTSTP. False when no terminal hub listens (a snapshot). */
export function requestSuspend(): boolean {
  if (process.listenerCount('SIGTSTP') === 0) return false;
  process.kill(process.pid, 'SIGTSTP');
  return true;
}
