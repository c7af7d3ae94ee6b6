/**
 * Suspend and resume, as ctrl+z does for any full-screen program: give the terminal back as it was
 * (raw mode off, alternate screen left, mouse off, cursor shown), stop, and on `fg` take it again
 * and redraw everything (the shell has written over the screen meanwhile).
 *
 * Stopping is done the way vi and less do it: drop our SIGTSTP handler and send SIGTSTP (default
 * action: stop) to our whole process group. The group matters: under `npm start` the hub's parent
 * is in the job too, and the shell gets its terminal back only when the whole job has stopped. And
 * unlike SIGSTOP, the kernel discards SIGTSTP for an orphaned group (no shell with job control
 * above us, e.g. `tmux new botster-tui`), where stopping would leave nobody to resume the hub.
 */
export interface SuspendHooks {
  /** Raw mode off and the terminal modes undone. */
  leave(): void;
  /** Raw mode and the terminal modes again. */
  enter(): void;
  /** Redraw the whole frame (at the terminal's size now). */
  redraw(): void;
  /** Sends the stop; returns once we run again. */
  stop?: () => void;
  /**
   * True when the stop must wait: the server has our terminal and is asked for it back first (it
   * answers with SUSPEND, which stops us then). A stop from outside (`kill -TSTP`) goes this way.
   */
  ask?: () => boolean;
}

export function installSuspend(hooks: SuspendHooks): () => void {
  let suspended = false;
  const resume = () => {
    if (!suspended) return;
    suspended = false;
    hooks.enter();
    hooks.redraw();
  };
  const suspend = () => {
    if (suspended || hooks.ask?.()) return;
    suspended = true;
    hooks.leave();
    process.off('SIGTSTP', suspend);
    try {
      (hooks.stop ?? (() => process.kill(0, 'SIGTSTP')))();
    } finally {
      process.on('SIGTSTP', suspend);
    }
    // The signal is delivered before kill() returns: we get here once resumed, or at once when the
    // kernel discarded it (no job control). Either way the hub takes the terminal again.
    resume();
  };
  process.on('SIGTSTP', suspend);
  // `kill -CONT` after a `kill -STOP` from outside: the terminal may have been used meanwhile.
  const onCont = () => (suspended ? resume() : hooks.redraw());
  process.on('SIGCONT', onCont);
  return () => {
    process.off('SIGTSTP', suspend);
    process.off('SIGCONT', onCont);
  };
}
