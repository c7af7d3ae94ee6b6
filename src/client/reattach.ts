import fs from 'node:fs';
import path from 'node:path';

// A client whose server went away without a word (killed), crashed (it said so as it went: an
// uncaught exception) or handed over to a new one (`botster-tui upgrade`) reattaches by itself: it starts a new server if none listens (the keepers
// hold the agents; it adopts them) and says so through that server in one line. A server that keeps
// dying is not started again and again: the third loss within a minute stops the client, naming
// the log (the agents are still kept).

/** Why a client reattaches: its server was lost (killed), crashed (and said so), or handed over to a new one. */
export type ReattachWhy = 'lost' | 'crashed' | 'restart';

export const LOSS_WINDOW_MS = 60_000;
export const MAX_LOSSES = 3;
/** Losses this close together are one (see crashLoop). */
export const SAME_LOSS_MS = 250;

function lossesFile(home: string): string {
  return path.join(home, 'logs', 'server-losses');
}

/**
 * Counts a lost server (a restart is no loss); true when this is the third within a minute: the
 * client should stop trying. Best effort: a file that cannot be written counts nothing.
 */
export function crashLoop(home: string, why: ReattachWhy, now = Date.now()): boolean {
  if (why === 'restart') return false;
  const file = lossesFile(home);
  let times: number[] = [];
  try {
    times = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map(Number)
      .filter((t) => Number.isFinite(t) && now - t < LOSS_WINDOW_MS && t <= now);
  } catch {
    // none yet
  }
  // A second loss moments after the first is the same one: the dying server's socket still took
  // the connection we tried again with, and closed it. No server starts and dies that fast.
  const last = times.at(-1);
  if (last !== undefined && now - last < SAME_LOSS_MS) return times.length >= MAX_LOSSES;
  times.push(now);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, times.join('\n') + '\n', { mode: 0o600 });
  } catch {
    // a full disk: the loop is not counted, the client goes on
  }
  return times.length >= MAX_LOSSES;
}

/** What the client says when it stops trying. */
export function crashLoopMessage(home: string): string {
  return (
    `the hub server stopped ${MAX_LOSSES} times within a minute; not starting it again. ` +
    `Its log: ${path.join(home, 'logs', 'server.log')} (and logs/hub.log). ` +
    'The agents are still kept by their keepers: botster-tui starts a server that adopts them'
  );
}

/** The line the new server shows (it adds what it adopted). */
export function reattachedText(why: ReattachWhy): string {
  // One line on an 80-column terminal, with the new server's "; pid N kept 2 agents running".
  if (why === 'restart') return 'reattached after an upgrade';
  if (why === 'crashed') return 'reattached: the server crashed (logs/hub.log)';
  return 'reattached: the server was killed or crashed';
}
