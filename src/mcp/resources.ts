// What a model can read to learn the hub by itself: the Lua API (docs/lua/ and the LuaLS
// annotations in lua/meta/, shipped with the package), and what is bound right now (the home's keys
// by mode, as `botster-tui keys` prints them from the same Lua files the hub runs).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { McpResource } from './server.js';

/** Each file of `dir` ending in `ext`, as a resource under `prefix`. */
function files(
  root: string,
  dir: string,
  ext: string,
  prefix: string,
  mimeType: string,
  what: string,
): McpResource[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(path.join(root, dir))
      .filter((n) => n.endsWith(ext))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => ({
    uri: `botster://${prefix}/${n}`,
    name: `${dir}/${n}`,
    description: `${what}: ${n}`,
    mimeType,
    read: () => fs.readFileSync(path.join(root, dir, n), 'utf8'),
  }));
}

/** The resources of the install at `root`; `launcher` runs `botster-tui keys` for the home's bindings. */
export function hubResources(root: string, launcher: string, home: string | undefined): McpResource[] {
  return [
    {
      uri: 'botster://hub/keys',
      name: 'keys bound now',
      description: 'every key bound in this home, by mode, with the command it runs (botster-tui keys)',
      mimeType: 'text/markdown',
      read: () =>
        new Promise<string>((resolve) =>
          execFile(
            launcher,
            ['keys', '--markdown', ...(home ? ['--home', home] : [])],
            { timeout: 20_000, maxBuffer: 4 << 20 },
            (err, stdout, stderr) =>
              resolve(err ? `botster-tui keys failed: ${stderr || err.message}` : stdout),
          ),
        ),
    },
    ...files(root, 'docs/lua', '.md', 'docs/lua', 'text/markdown', 'the Lua API reference'),
    ...files(root, 'lua/meta', '.lua', 'meta', 'text/x-lua', 'LuaLS annotations of the Lua API'),
    ...files(root, 'docs', '.md', 'docs', 'text/markdown', "the hub's documentation"),
  ];
}
