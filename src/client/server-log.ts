import fs from 'node:fs';
import { serverLog } from './start-server.js';
import { COULD_NOT_START } from '../wire/protocol.js';

// What a server that went away wrote to its log since this client measured it: why it could not
// start, or its last words, for the line the client says as it ends.

/** A file's size, 0 when there is none. */
export const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/** What to say of a server lost without a word: why it could not start, else its last words and where its logs are. */
export function lostServerText(home: string, logSize: number): string {
  const log = newLog(home, logSize);
  const failed = couldNotStart(log);
  if (failed) return failed;
  const words = lastWords(log);
  const where = `${home}/logs/hub.log and logs/server.log`;
  return `lost the hub server (it was killed or crashed; ${agentsAfterLoss()})${words ? `; it said:\n  ${words}\n(see ${where})` : `. See ${where}`}`;
}

/** What became of the agents of a server lost: their keepers hold them, unless keepers are off. */
export function agentsAfterLoss(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOTSTER_KEEPER === 'off'
    ? 'its agents got SIGHUP'
    : 'its agents are still kept: botster-tui starts a server that adopts them';
}

/** The server's log since `from` (its last 4 KB at most). */
function newLog(home: string, from: number): string {
  try {
    const fd = fs.openSync(serverLog(home), 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const start = Math.max(from, size - 4096);
      const buf = Buffer.alloc(Math.max(0, size - start));
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

/**
 * Why the server could not start, when its new `log` says so (a connection it dropped before it
 * could): the line as it says it to a client, else ''.
 */
function couldNotStart(log: string): string {
  const mark = `botster-tui: ${COULD_NOT_START}`;
  const line = log.split('\n').findLast((l) => l.startsWith(mark));
  return line ? line.slice('botster-tui: '.length) : '';
}

/**
 * What a server that died wrote to its stdout/stderr (its new `log`, from logs/server.log): a crash's
 * reason (an uncaught error, V8 out of memory): its last 5 lines; '' when it wrote nothing.
 */
function lastWords(log: string): string {
  return log
    .trimEnd()
    .split('\n')
    .filter((l) => l.trim())
    .slice(-5)
    .join('\n  ');
}
