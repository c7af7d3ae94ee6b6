import os from 'node:os';
import path from 'node:path';
import { inHome, type Box } from './box.js';
import { gitKept } from './git-writes.js';
import { refCopies } from './private-refs.js';
import { boxSocket, kind, packageRoot, realOr, within } from './box-paths.js';

export { boxSocket, packageRoot };
import { boxFolders, boxPath, boxWrites, cwdReadOnly, protectedIn } from './box-writes.js';
import { cacheFolder } from '../wire/cache-folder.js';
import { boxNet } from './box-net.js';
import { placeProgram } from './box-program.js';
import { nativeClient } from '../wire/find-native.js';

// A box as bubblewrap's arguments. Order is meaning: a later mount over the same place wins, so
// what is read-only comes first, then what it writes, then what it must not write (protect), then
// what it must not see (hide), then the hub's home (none of it, but what its hooks report through).

/** Where the agent runs, as the box needs it. */
export interface BoxPlace {
  /** Its folder (cwd): written, unless the box fixes its folders. */
  cwd: string;
  /** Its HOME (for `~`). */
  home: string;
  /** The hub's home, its socket and what its hooks run (BOTSTER_HOME, BOTSTER_SOCKET, bin/, hooks/). */
  hub?: { home: string; socket?: string };
  /** The hub's caches (src/wire/cache-folder.ts): code the hub runs, never the box's to write. */
  caches?: string;
  /**
   * What the hub runs (node's install, the hub's package): read-only even inside a folder it writes
   * (an agent started in your home, node under ~/.nvm), unless it is that folder itself (a checkout
   * of the hub the agent works on).
   */
  runs?: string[];
  /** Other agents' folders (their worktrees): not seen. */
  others?: string[];
  /** The folders of its PATH. */
  path?: string[];
  /** The program it runs by name (`claude`, what its command runs: box-program.ts finds it on its PATH). */
  program?: string;
}

const TMPS = ['/tmp', '/var/tmp'];

/** The system folders a box that reads only its folders still sees (programs, libraries, certificates). */
export const SYSTEM = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/etc',
  '/opt',
  '/nix',
  '/snap',
];

/** Where an agent with this folder and environment has its box: its home, PATH, the hub's home and socket, and the program it runs. */
export function boxPlace(cwd: string, env: Record<string, string | undefined>, program?: string): BoxPlace {
  const hub = env.BOTSTER_HOME;
  return {
    cwd,
    ...(program ? { program } : {}),
    home: env.HOME ?? os.homedir(),
    path: (env.PATH ?? '').split(':').filter((d) => d.startsWith('/')),
    ...(hub ? { hub: { home: hub, ...(env.BOTSTER_SOCKET ? { socket: env.BOTSTER_SOCKET } : {}) } } : {}),
    // (the server's own, where it and its Lua worker load them from)
    caches: cacheFolder(process.env),
    // (the native client's package too: an install has it beside the hub's, not inside it, and
    // the box's network bridge and its agents' hooks run it)
    runs: [path.dirname(path.dirname(process.execPath)), packageRoot(), ...nativeFolder()],
  };
}

/** What the hub runs in a box (node, its package, its native client's): the place's, else this process's. */
export const hubRuns = (place: BoxPlace): string[] =>
  place.runs ?? [path.dirname(path.dirname(process.execPath)), packageRoot()];

/** The folder of this install's native client, when there is one. */
function nativeFolder(): string[] {
  const found = nativeClient().path;
  const root = packageRoot();
  return found && !(root && within(found, root)) ? [path.dirname(found)] : [];
}

/**
 * bwrap's arguments for `argv` in `box` at `place` (paths that do not exist are left out; a folder
 * it writes that is missing is made first). Throws when its own folder cannot be used.
 */
export function bwrapArgs(box: Box, place: BoxPlace, argv: { file: string; args: string[] }): string[] {
  const home = place.home;
  const abs = (p: string) => boxPath(p, home);
  const out: string[] = [];
  const folders = boxFolders(box, place);
  if (box.read === 'all') out.push('--ro-bind', '/', '/');
  else {
    for (const d of SYSTEM) if (kind(d)) out.push('--ro-bind', d, d);
    // node, the hub's own package and its native client's: what the agent's hooks run
    for (const d of hubRuns(place)) if (kind(d) === 'dir') out.push('--ro-bind', d, d);
  }
  out.push('--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp');
  // A private /tmp still shows, read-only, what of yours lives there: your home, the programs on
  // its PATH, node and the hub's package (a test's home, an install in /tmp).
  // (the program it was started with, named by its path: `/tmp/tools/claude`)
  const named = [argv.file, ...argv.args]
    .flatMap((a) => a.split(/\s+/))
    .filter((w) => w.startsWith('/') && kind(w) === 'file')
    // (a link's folder, and its target's: ~/.local/bin/claude is a link into .local/share)
    .flatMap((w) => [path.dirname(w), path.dirname(realOr(w))]);
  // The program it runs by name, where its PATH finds it and where that leads (a link into another
  // folder): there to run, read-only. What the box hides by its rules (a secret, the hub's home)
  // stays hidden, later below: boxedArgv then says why it does not start (box-program.ts).
  const cli = placeProgram(place);
  if (box.read === 'all')
    for (const d of new Set([
      home,
      ...(place.path ?? []),
      ...named,
      ...(cli ? [path.dirname(cli.link), cli.install] : []),
      ...hubRuns(place),
    ]))
      if (TMPS.some((t) => within(d, t) && d !== t) && kind(d) === 'dir') out.push('--ro-bind', d, d);
  // (a box that reads only its folders and the system: the program's own file and install besides)
  if (box.read !== 'all' && cli)
    for (const p of [cli.link, cli.install])
      if (!SYSTEM.some((d) => within(p, d))) out.push('--ro-bind', p, p);
  // What it writes: its folders (with what git needs to commit there), its CLI's files.
  const writes = boxWrites(box, place);
  // Its folder when it writes none of it (started in your home): there to read, in a box that
  // reads only its folders too (and under /tmp, its own).
  const ro = cwdReadOnly(place, writes);
  if (ro) out.push('--ro-bind', ro, ro);
  for (const w of writes) out.push('--bind', w, w);
  // A worktree's branch folder and its reflogs: copies (the repository's others stay as they are).
  for (const b of folders.filter((f) => kind(f) === 'dir').flatMap(refCopies))
    out.push('--bind', b.copy, b.real);
  // Yours, read-only even inside a folder it writes (one not there yet: the folder above it).
  for (const p of protectedIn(box, home, writes)) out.push('--ro-bind', p, p);
  for (const p of hubCode(place, writes)) out.push('--ro-bind', p, p);
  for (const p of folders.flatMap(gitKept)) out.push('--ro-bind', p, p);
  // Not there at all.
  const hidden = [
    ...box.hide.map(abs),
    ...(place.others ?? []).filter((o) => !folders.some((f) => within(f, o) || within(o, f))),
  ];
  for (const p of hidden) {
    const k = kind(p);
    if (k === 'dir') out.push('--tmpfs', p);
    else if (k === 'file') out.push('--ro-bind', '/dev/null', p);
  }
  // The hub's home: none of it (your Lua, its trust records, the log, the keepers' sockets), but
  // what its hooks report through: its bin/ and hooks/ read-only, its socket.
  const hub = place.hub;
  if (hub && kind(hub.home) === 'dir') {
    out.push('--tmpfs', hub.home);
    for (const d of ['bin', 'hooks']) {
      const p = path.join(hub.home, d);
      if (kind(p) === 'dir') out.push('--ro-bind', p, p);
    }
  }
  // The hub's caches: none of them (a bytecode planted there would run in the hub, outside the box).
  if (place.caches && kind(place.caches) === 'dir') out.push('--tmpfs', place.caches);
  // The socket through its boxes' folder (read-only: nothing in here replaces it), so a server
  // started since is found too; the file itself where it is, for what looks only there.
  const socket = hub?.socket ? boxSocket(hub.socket) : null;
  if (socket) out.push('--ro-bind', path.dirname(socket), path.dirname(socket));
  if (hub?.socket && kind(hub.socket)) out.push('--ro-bind', hub.socket, hub.socket);
  // Its own network namespace, with network or not: the network only through the hub (box-net.ts).
  out.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net');
  const net = box.network ? boxNet(hub?.socket) : null;
  // Root keeps its capabilities in a box unless told: its own user namespace gives it those of
  // that namespace only (so a sandbox of the CLI's own, Codex's bwrap, still starts in it); anyone
  // else's box is such a namespace already, with none of yours.
  if (process.getuid?.() === 0) out.push('--unshare-user', '--uid', '0', '--gid', '0');
  else out.push('--cap-drop', 'ALL');
  out.push('--die-with-parent', '--chdir', place.cwd);
  for (const n of box.unset) out.push('--unsetenv', n);
  for (const [k, v] of Object.entries(box.env)) out.push('--setenv', k, inHome(v, home));
  if (socket) out.push('--setenv', 'BOTSTER_SOCKET', socket);
  for (const [k, v] of Object.entries(net?.env ?? {})) out.push('--setenv', k, v);
  const run = net ? net.argv(argv) : argv;
  out.push('--', run.file, ...run.args);
  return out;
}

/**
 * What runs outside the box that a folder it writes holds (not as the folder itself), kept
 * read-only: what the hub runs, and the folders of the PATH (a program planted in
 * ~/.npm-global/bin would be what your next terminal runs by that name).
 */
export function hubCode(place: BoxPlace, writes: Set<string>): string[] {
  return [...new Set([...(place.runs ?? []), ...(place.path ?? [])])].filter(
    (p) => kind(p) === 'dir' && [...writes].some((w) => w !== p && within(p, w)),
  );
}
