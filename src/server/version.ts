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
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'botster-tui' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here: one folder up
    }
  }
  return (cached = '0.0.0');
}
