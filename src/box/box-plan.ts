import path from 'node:path';
import { BoxError, inHome, type Box } from './box.js';
import { hubRuns, type BoxPlace } from './box-place.js';
import { boxSocket, kind, realOr, within } from './box-paths.js';
import { boxFolders, boxPath, boxWrites, cwdReadOnly, protectedIn } from './box-writes.js';
import { gitKept } from './git-writes.js';
import { refCopies } from './private-refs.js';
import { boxNet, loopbackForwards } from './box-net.js';
import { placeProgram } from './box-program.js';

// What a box holds, worked out once from the box Lua resolved (box.ts) and where its agent runs
// (box-place.ts): its mounts, what it hides, its environment and what it runs. bwrap-args.ts and
// podman-args.ts each say the plan in their runner's words and decide nothing. Every box has its
// own namespaces (processes, network: none of its own; the network only through the hub, box-net.ts)
// and no capabilities of yours; both runners say so in their words.
//
// Order is meaning: a later mount over the same place wins, so what is read-only comes first,
// then what it writes, then what it must not write (protect), then what it must not see (hide),
// then the hub's home (none of it, but what its hooks report through).
//
// The runners differ in what the box stands on: bubblewrap's is an empty root where this
// machine's system is mounted read-only; a container's is its image's system, where only what is
// mounted of yours is there (so what the plan hides there, it hides only where it would be seen).

/** One mount of the box, at `at`. */
export type Mount =
  /** What is at `from` outside, seen at `at` (read-only, or written). */
  | { kind: 'bind'; from: string; at: string; ro: boolean }
  /** An empty folder: nothing of what is there. */
  | { kind: 'empty'; at: string }
  /** The box's own devices, its own processes (bubblewrap's: a container has its own). */
  | { kind: 'dev' | 'proc'; at: string };

/** A box, as both runners make it. */
export interface BoxPlan {
  /** What it stands on: this machine's system (bubblewrap) or a container's image (podman). */
  runner: Box['runner'];
  /** In order: a later mount at the same place wins. */
  mounts: Mount[];
  /** Where it starts (its folder). */
  cwd: string;
  /** Variables it leaves out (a container gets only those `passed`). */
  unset: string[];
  /** Variables set for it: the box's, the socket it reaches the hub by, its network's. */
  set: Array<[string, string]>;
  /** The agent's variables a container gets by name, their values never on a command line. */
  passed: string[];
  /** Folders first on a container's own PATH (the hub's bin/, what its hooks run). */
  pathFirst: string[];
  /**
   * `none`: no capabilities; `own-user`: root's own user namespace, whose capabilities are of that
   * namespace only (so a sandbox of the CLI's own, Codex's bwrap, still starts in it).
   */
  capabilities: 'none' | 'own-user';
  /** What it runs (with a network, the bridge to the hub's proxy first). */
  argv: { file: string; args: string[] };
  /** The ports of your 127.0.0.1 at the same address inside it (its allow list's `127.0.0.1:PORT`). */
  forwards: number[];
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

/** The variables of the agent's environment a container does not get: the host's own places. */
const NOT_PASSED = new Set([
  'PATH',
  'HOSTNAME',
  'PWD',
  'OLDPWD',
  'SHLVL',
  '_',
  'TMPDIR',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'CONTAINERS_CONF',
]);

/** The mounts as they are made, and what of yours they show so far. */
class Mounts {
  readonly list: Mount[] = [];
  private readonly shown: string[] = [];
  bind(from: string, at: string, ro: boolean): void {
    this.list.push({ kind: 'bind', from, at, ro });
    this.shown.push(at);
  }
  empty(at: string): void {
    this.list.push({ kind: 'empty', at });
  }
  /** Hidden: an empty folder, or an empty file over a file. */
  hide(p: string): void {
    const k = kind(p);
    if (k === 'dir') this.empty(p);
    else if (k === 'file') this.bind('/dev/null', p, true);
  }
  /** Is `p` inside something of yours a bind shows (what a container's image has is not)? */
  shows(p: string): boolean {
    return this.shown.some((d) => within(p, d));
  }
}

/**
 * What `box` holds for `argv` at `place` (paths that do not exist are left out; a folder it writes
 * that is missing is made first); `env`: the agent's, of which a container gets what it passes.
 * Throws a BoxError when it cannot be made so.
 */
export function boxPlan(
  box: Box,
  place: BoxPlace,
  argv: { file: string; args: string[] },
  env: Record<string, string> = {},
): BoxPlan {
  const home = place.home;
  const container = box.runner === 'podman';
  const m = new Mounts();
  const folders = boxFolders(box, place);
  // What it writes: its folders (with what git needs to commit there), its CLI's files.
  const writes = boxWrites(box, place);
  if (container) imageReads(m, box, place, writes);
  else hostReads(m, box, place, writes, argv);
  for (const w of writes) m.bind(w, w, false);
  // A worktree's branch folder and its reflogs: copies (the repository's others stay as they are).
  for (const b of folders.filter((f) => kind(f) === 'dir').flatMap(refCopies)) m.bind(b.copy, b.real, false);
  // Yours, read-only even inside a folder it writes (one not there yet: the folder above it).
  for (const p of protectedIn(box, home, writes)) m.bind(p, p, true);
  for (const p of hubCode(place, writes)) m.bind(p, p, true);
  for (const p of folders.flatMap(gitKept)) m.bind(p, p, true);
  // Not there at all (in a container, where it would be seen).
  const seen = (p: string) => !container || m.shows(p);
  const hidden = [
    ...box.hide.map((p) => boxPath(p, home)),
    ...(place.others ?? []).filter((o) => !folders.some((f) => within(f, o) || within(o, f))),
  ];
  for (const p of hidden) if (seen(p)) m.hide(p);
  // The hub's home: none of it (your Lua, its trust records, the log, the keepers' sockets), but
  // what its hooks report through: its bin/ and hooks/ read-only, its socket.
  const hub = place.hub;
  const pathFirst: string[] = [];
  if (hub && kind(hub.home) === 'dir') {
    if (seen(hub.home)) m.empty(hub.home);
    for (const d of ['bin', 'hooks']) {
      const p = path.join(hub.home, d);
      if (kind(p) === 'dir') m.bind(p, p, true);
    }
    // (a container runs its image's PATH: the hub's bin/ goes first on it)
    const bin = path.join(hub.home, 'bin');
    if (container && kind(bin) === 'dir') pathFirst.push(bin);
  }
  // The hub's caches: none of them (a bytecode planted there would run in the hub, outside the box).
  if (place.caches && kind(place.caches) === 'dir' && seen(place.caches)) m.empty(place.caches);
  // The socket through its boxes' folder (read-only: nothing in here replaces it), so a server
  // started since is found too; the file itself where it is, for what looks only there.
  const socket = hub?.socket ? boxSocket(hub.socket) : null;
  if (socket) m.bind(path.dirname(socket), path.dirname(socket), true);
  if (hub?.socket && kind(hub.socket)) m.bind(hub.socket, hub.socket, true);
  // Its network: none of its own; with network, the hub's proxy through a bridge it starts first.
  const forwards = box.network ? loopbackForwards(box.allow) : [];
  const net = box.network ? boxNet(hub?.socket, forwards) : null;
  const set: Array<[string, string]> = Object.entries(box.env).map(([k, v]) => [k, inHome(v, home)]);
  if (socket) set.push(['BOTSTER_SOCKET', socket]);
  for (const [k, v] of Object.entries(net?.env ?? {})) set.push([k, v]);
  const setNames = new Set(set.map(([k]) => k));
  return {
    runner: box.runner,
    mounts: m.list,
    cwd: place.cwd,
    unset: box.unset,
    set,
    passed: container
      ? Object.keys(env).filter(
          (k) =>
            !NOT_PASSED.has(k) &&
            !box.unset.includes(k) &&
            !setNames.has(k) &&
            /^[A-Za-z_][A-Za-z0-9_]*$/.test(k),
        )
      : [],
    pathFirst,
    // Root keeps its capabilities in bubblewrap's box unless told; anyone else's box is a user
    // namespace already, with none of yours.
    capabilities: !container && process.getuid?.() === 0 ? 'own-user' : 'none',
    argv: net ? net.argv(argv) : argv,
    forwards: net ? forwards : [],
  };
}

/**
 * What bubblewrap's box reads, on its empty root: the system (all of it, or its programs' folders
 * and what the hub runs), its own /dev, /proc and a private /tmp; the program it runs; its folder.
 */
function hostReads(
  m: Mounts,
  box: Box,
  place: BoxPlace,
  writes: Set<string>,
  argv: { file: string; args: string[] },
): void {
  if (box.read === 'all') m.bind('/', '/', true);
  else {
    for (const d of SYSTEM) if (kind(d)) m.bind(d, d, true);
    // node, the hub's own package and its native client's: what the agent's hooks run
    for (const d of hubRuns(place)) if (kind(d) === 'dir') m.bind(d, d, true);
  }
  m.list.push({ kind: 'dev', at: '/dev' }, { kind: 'proc', at: '/proc' });
  for (const t of TMPS) m.empty(t);
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
  // stays hidden, later: boxedArgv then says why it does not start (box-program.ts).
  const cli = placeProgram(place);
  if (box.read === 'all')
    for (const d of new Set([
      place.home,
      ...(place.path ?? []),
      ...named,
      ...(cli ? [path.dirname(cli.link), cli.install] : []),
      ...hubRuns(place),
    ]))
      if (TMPS.some((t) => within(d, t) && d !== t) && kind(d) === 'dir') m.bind(d, d, true);
  // (a box that reads only its folders and the system: the program's own file and install besides)
  if (box.read !== 'all' && cli)
    for (const p of [cli.link, cli.install]) if (!SYSTEM.some((d) => within(p, d))) m.bind(p, p, true);
  // Its folder when it writes none of it (started in your home): there to read, in a box that
  // reads only its folders too (and under /tmp, its own).
  const ro = cwdReadOnly(place, writes);
  if (ro) m.bind(ro, ro, true);
}

/**
 * What a container reads besides its image's system: what its box mounts, your home when it reads
 * all, its folder, and what the hub runs (unless the image has it, or it writes there).
 */
function imageReads(m: Mounts, box: Box, place: BoxPlace, writes: Set<string>): void {
  for (const p of (box.mount ?? []).map((x) => boxPath(x, place.home))) {
    if (p === '/')
      throw new BoxError('sandbox.mount: not "/" (the whole machine is a box of runner "bwrap")');
    if (kind(p)) m.bind(p, p, true);
  }
  const home = place.home;
  if (box.read === 'all' && home !== '/' && kind(home) === 'dir') m.bind(home, home, true);
  // Its folder when it writes none of it (started in your home): there to read.
  const ro = cwdReadOnly(place, writes);
  if (ro && ro !== '/' && !m.shows(ro)) m.bind(ro, ro, true);
  // node, the hub's own package and its native client's (what the hub's bin/botster-tui runs for
  // its hooks, the network's bridge), unless the image's system has them already, or it writes there.
  const node = path.dirname(path.dirname(process.execPath));
  for (const d of hubRuns(place)) {
    if (kind(d) !== 'dir' || m.shows(d) || [...writes].some((w) => within(d, w))) continue;
    if (d === node && SYSTEM.some((s) => within(d, s))) continue;
    m.bind(d, d, true);
  }
}

/**
 * What runs outside the box that a folder it writes holds (not as the folder itself), kept
 * read-only: what the hub runs, and the folders of the PATH (a program planted in
 * ~/.npm-global/bin would be what your next terminal runs by that name).
 */
function hubCode(place: BoxPlace, writes: Set<string>): string[] {
  return [...new Set([...(place.runs ?? []), ...(place.path ?? [])])].filter(
    (p) => kind(p) === 'dir' && [...writes].some((w) => w !== p && within(p, w)),
  );
}
