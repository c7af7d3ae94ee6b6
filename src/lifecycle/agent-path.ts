import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../reload/paths.js';
import { findNative } from '../wire/find-native.js';

/** A word for sh, in single quotes. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Agents run `botster-tui push file.lua` as docs/lua/improvements.md says, whether or not the package is
 * installed on PATH: the hub writes `$BOTSTER_HOME/bin/botster-tui` (this very node and this very
 * package, so an agent always talks the hub's own version) and puts that folder first on each
 * agent's PATH. Returns the folder, or throws when it cannot be written.
 */
export function installAgentBin(
  home: string,
  script = path.join(PACKAGE_ROOT, 'bin', 'botster-tui.js'),
  // The native client where this install has one (the rule bin/botster-tui follows): an agent's
  // hooks, status line and tmux commands are answered by the server without a node boot, and
  // everything else it hands to this node's CLI (src/native/client/forward.c).
  native: string | null = findNative('botster-tui').path,
): string {
  // (BOTSTER_NODE: the node the native client hands the rest to, this one, not the first on PATH)
  const run = native ? `${shq(native)} ${shq(script)}` : `${shq(process.execPath)} ${shq(script)}`;
  const nodeFor = native ? [`BOTSTER_NODE=${shq(process.execPath)}; export BOTSTER_NODE`] : [];
  const dir = path.join(home, 'bin');
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, 'botster-tui');
  // Node parses NODE_EXTRA_CA_CERTS (and its whole CA store) as it boots, ~30 ms; the CLI makes no
  // TLS connections, so it boots without it and gives it back to what it starts (see bin/botster-tui).
  const body = [
    '#!/bin/sh',
    "# Written by botster-tui at hub start: the hub's own CLI for its agents.",
    'if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then',
    '  BOTSTER_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export BOTSTER_NODE_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS',
    'fi',
    ...nodeFor,
    `exec ${run} "$@"`,
    '',
  ].join('\n');
  writeIfChanged(file, body, 0o755);
  // `tmux` for agents is the hub's tmux surface (docs/teams.md): what an agent's CLI or script asks
  // of tmux acts on the hub's agents, under the hub's rules, never on a tmux server of the user's.
  const tmux = [
    '#!/bin/sh',
    "# The hub's tmux surface, written by botster-tui: tmux, for the hub's agents, is the hub (docs/teams.md).",
    ...nodeFor,
    `exec ${run} tmux "$@"`,
    '',
  ].join('\n');
  writeIfChanged(path.join(dir, 'tmux'), tmux, 0o755);
  return dir;
}

/** Writes `file` if its content differs (tmp + rename: a program starting meanwhile never reads half of it). */
export function writeIfChanged(file: string, body: string, mode: number): void {
  try {
    if (fs.readFileSync(file, 'utf8') === body) return;
  } catch {
    // not there yet
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, body, { mode });
  fs.renameSync(tmp, file);
}

/** PATH with `dir` first (once). */
export function prependPath(dir: string, pathVar: string | undefined): string {
  const rest = (pathVar ?? '').split(path.delimiter).filter((p) => p && p !== dir);
  return [dir, ...rest].join(path.delimiter);
}
