import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../lifecycle/session-file.js';
import type { SavedSession } from '../web/index.js';

// The web as the next server takes it over (`botster-tui upgrade`, or a crash the agents outlived):
// where it listened and its sessions, so a phone's open page reconnects as a terminal client does.
// Kept while the web is on (mode 0600, the cookies' hashes only); gone with `web stop`, kill-server,
// and a server that adopted no agent (a reboot ends the web with the agents).

export interface WebState {
  version: 1;
  port: number;
  /** --listen ADDR (absent: loopback). */
  address?: string;
  /** The user's own certificate (--cert/--key); an address without them serves the home's. */
  cert?: string;
  key?: string;
  sessions: SavedSession[];
}

export const webStatePath = (home: string) => path.join(home, 'web.json');

export function readWebState(home: string): WebState | null {
  try {
    const s = JSON.parse(fs.readFileSync(webStatePath(home), 'utf8')) as Partial<WebState>;
    if (s.version !== 1 || !Number.isInteger(s.port) || !Array.isArray(s.sessions)) return null;
    const sessions = s.sessions.filter(
      (x) =>
        x &&
        typeof x.id === 'string' &&
        typeof x.hash === 'string' &&
        typeof x.csrf === 'string' &&
        typeof x.readOnly === 'boolean' &&
        typeof x.device === 'string' &&
        typeof x.created === 'number' &&
        typeof x.lastSeen === 'number',
    );
    // (a subscription that is not three strings is dropped, its session kept)
    for (const x of sessions)
      if (x.push !== undefined)
        x.push = Array.isArray(x.push)
          ? x.push.filter(
              (p) =>
                p &&
                typeof p.endpoint === 'string' &&
                typeof p.p256dh === 'string' &&
                typeof p.auth === 'string',
            )
          : [];
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const [address, cert, key] = [str(s.address), str(s.cert), str(s.key)];
    return {
      version: 1,
      port: s.port!,
      ...(address ? { address } : {}),
      ...(cert && key ? { cert, key } : {}),
      sessions,
    };
  } catch {
    return null;
  }
}

/** Throws when it cannot be written (a full disk): the caller says so; the web runs on regardless. */
export function writeWebState(home: string, state: WebState): void {
  writeAtomic(webStatePath(home), state);
}

export function removeWebState(home: string): void {
  fs.rmSync(webStatePath(home), { force: true });
}
