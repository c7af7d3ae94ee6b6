import type { WaitingNote } from '../wire/control-request.js';

/**
 * The line a command prints (on stderr, through stderrLines) when its request starts waiting for
 * the user's answer in the hub: what for, and how long, so a caller never waits in silence.
 */
export function waitingLine(note: WaitingNote): string {
  const long =
    note.ms === null
      ? 'as long as this command waits (Ctrl+C gives up; your answer still counts for the next try)'
      : `up to ${Number((note.ms / 1000).toFixed(1))} s`;
  return `waiting for ${note.for}: ${long}`;
}
