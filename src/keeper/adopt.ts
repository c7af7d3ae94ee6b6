import fs from 'node:fs';
import path from 'node:path';
import { KeeperPty, type KeeperWelcome } from './keeper-pty.js';

/** A keeper that answered: its agent's terminal and what it said as we connected. */
export interface FoundKeeper {
  pty: KeeperPty;
  welcome: KeeperWelcome;
}

export interface FoundKeepers {
  found: FoundKeeper[];
  /** Keepers that would not be adopted, and why (another server has them, another protocol...). */
  refused: string[];
}

/**
 * Connects to every keeper of a home at once (their sockets in `dir`), for a server that starts:
 * each answers with its agent and replays its ring. A socket nobody listens on any more (a keeper
 * killed with its agent long gone) is removed. Bounded: a keeper that says nothing in `ms` is left.
 */
export async function findKeepers(dir: string, ms = 2000): Promise<FoundKeepers> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.sock'));
  } catch {
    return { found: [], refused: [] };
  }
  const refused: string[] = [];
  const tries = names.map(async (name): Promise<FoundKeeper | null> => {
    const sock = path.join(dir, name);
    const pty = KeeperPty.connect(sock);
    let timer: NodeJS.Timeout | undefined;
    try {
      const welcome = await Promise.race([
        pty.welcome,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
        }),
      ]);
      return { pty, welcome };
    } catch (err) {
      pty.release();
      const why = (err as Error).message;
      if (/ECONNREFUSED|ENOENT/.test(why)) fs.rmSync(sock, { force: true });
      else refused.push(`${name}: ${why}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  });
  const found = (await Promise.all(tries)).filter((k): k is FoundKeeper => k !== null);
  return { found, refused };
}
