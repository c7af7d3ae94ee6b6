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
  const dir = path.join(home, 'bin');
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  // `tmux` for agents is the hub's tmux surface (docs/teams.md): what an agent's CLI or script asks
  // of tmux acts on the hub's agents, under the hub's rules, never on a tmux server of the user's.
  if (native) {
    // Copies of the native client, not shell scripts: a hook or a tmux command on an agent's hot
    // path starts one process (a sh in front cost ~3.5 ms of ~11 here). Beside them, the note it
    // reads (src/native/client/agent-bin.c): this package's CLI, and this very node (not PATH's)
    // for what it hands over.
    writeIfChanged(path.join(dir, AGENT_BIN_NOTE), `js=${script}\nnode=${process.execPath}\n`, 0o644);
    const own = path.join(dir, 'botster-tui');
    writeIfChanged(own, fs.readFileSync(native), 0o755);
    linkAs(own, path.join(dir, 'tmux'));
    return dir;
  }
  fs.rmSync(path.join(dir, AGENT_BIN_NOTE), { force: true });
  const run = `${shq(process.execPath)} ${shq(script)}`;
  // Node parses NODE_EXTRA_CA_CERTS (and its whole CA store) as it boots, ~30 ms; the CLI makes no
  // TLS connections, so it boots without it and gives it back to what it starts (see bin/botster-tui).
  const body = [
    '#!/bin/sh',
    "# Written by botster-tui at hub start: the hub's own CLI for its agents.",
    'if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then',
    '  BOTSTER_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export BOTSTER_NODE_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS',
    'fi',
    `exec ${run} "$@"`,
    '',
  ].join('\n');
  writeIfChanged(path.join(dir, 'botster-tui'), body, 0o755);
  const tmux = [
    '#!/bin/sh',
    "# The hub's tmux surface, written by botster-tui: tmux, for the hub's agents, is the hub (docs/teams.md).",
    `exec ${run} tmux "$@"`,
    '',
  ].join('\n');
  writeIfChanged(path.join(dir, 'tmux'), tmux, 0o755);
  return dir;
}

/** The note beside an agent's native botster-tui and tmux (src/native/client/agent-bin.h). */
export const AGENT_BIN_NOTE = '.botster-launch';

/** `to` becomes a second name of `file` (one copy of a statically linked client, not two); a copy where links cannot be made. */
function linkAs(file: string, to: string): void {
  try {
    if (fs.statSync(to).ino === fs.statSync(file).ino) return;
  } catch {
    // not there yet
  }
  const tmp = `${to}.${process.pid}.tmp`;
  try {
    fs.rmSync(tmp, { force: true });
    fs.linkSync(file, tmp);
    fs.renameSync(tmp, to);
  } catch {
    fs.rmSync(tmp, { force: true });
    writeIfChanged(to, fs.readFileSync(file), 0o755);
  }
}

/** Writes `file` if its content differs (tmp + rename: a program starting meanwhile never reads half of it). */
export function writeIfChanged(file: string, body: string | Buffer, mode: number): void {
  try {
    const was = fs.readFileSync(file);
    if (typeof body === 'string' ? was.toString('utf8') === body : was.equals(body)) return;
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
