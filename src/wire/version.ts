import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package version, read from package.json above this file (src/server, dist/server and
 * dist/bundle alike): client and server compare it, so it must be the installed one, not a constant.
 */
export function packageVersion(): string {
  if (cached) return cached;
  const root = packageRoot();
  return (cached = root?.version ?? '0.0.0');
}

let root: { dir: string; version: string } | null | undefined;

/** The installed package's folder (and version), found above this file; null when not found. */
export function packageRoot(): { dir: string; version: string } | null {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'botster-tui' && pkg.version) return (root = { dir, version: pkg.version });
    } catch {
      // not here: one folder up
    }
  }
  return (root = null);
}

/** -1, 0 or 1 as release `a` is older, the same or newer than `b` (dotted numbers; the rest as text). */
export function compareReleases(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/**
 * What the hub says when a client of another release attaches: an install upgraded under a running
 * server (the usual case) waits for the server's restart, which the session survives.
 */
export function upgradeNotice(client: string, server: string): string {
  const restart =
    'botster-tui upgrade hands the hub over to it when it suits you (the agents carry on as they run)';
  return compareReleases(client, server) > 0
    ? `an upgrade is waiting: botster-tui ${client} is installed, this hub server runs ${server}; ${restart}`
    : `this client is botster-tui ${client}, older than the hub server's ${server}; ${restart}`;
}
