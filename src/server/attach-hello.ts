import { sameHome } from '../wire/same-home.js';
import { PROTOCOL, sizeOf } from '../wire/protocol.js';

// What a client's HELLO says, checked: the protocol it speaks, the home it means, its size; and the
// agents it asks the server to start. Pure, so the attach server only acts on the answer.

/** The size of a HELLO the server takes, or why it refuses it (in words the client prints). */
export function checkHello(
  p: Record<string, unknown> | null,
  version: string,
  home: string,
): { size: { cols: number; rows: number } } | { refusal: string; reason: string } {
  const size = sizeOf(p);
  if (!p || !size)
    return { refusal: 'HELLO needs { protocol, version, home, cols, rows }', reason: 'protocol' };
  // The protocol decides: a client of another release that speaks it attaches (an install was
  // upgraded while its hub runs: the hub says an upgrade is waiting, its agents go on).
  if (p.protocol !== PROTOCOL) {
    const theirs = `botster-tui ${clip(p.version)} (protocol ${clip(p.protocol)})`;
    return {
      refusal:
        `the hub server runs botster-tui ${version} (protocol ${PROTOCOL}) and this is ${theirs}. ` +
        `Restart the server to use this version: botster-tui kill-server --home ${quote(home)} (this stops its agents; --restore brings them back), then botster-tui`,
      reason: 'version',
    };
  }
  if (typeof p.home !== 'string' || !sameHome(p.home, home))
    return { refusal: `this server serves the home ${home}, not ${clip(p.home)}`, reason: 'home' };
  return { size };
}

/** The agents a HELLO asks for; none from the client that started this server (its command line ran them). */
export function spawnSpecs(p: Record<string, unknown>): Array<{ command: string; cwd?: string }> {
  if (p.startedWith === process.pid || !Array.isArray(p.spawn)) return [];
  return p.spawn
    .filter(
      (s): s is { command: string; cwd?: unknown } =>
        !!s && typeof s.command === 'string' && s.command.trim() !== '',
    )
    .map((s) => ({ command: s.command, cwd: typeof s.cwd === 'string' ? s.cwd : undefined }));
}

/** What a client said of itself, as a refusal (and the log) repeats it: one short line. */
export function clip(v: unknown): string {
  const s = String(v).replace(/[\x00-\x1f\x7f]/g, '?');
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

function quote(s: string): string {
  return /^[\w./~=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
