import crypto from 'node:crypto';
import path from 'node:path';
import { BoxError, inHome, type Box } from './box.js';
import { SYSTEM, boxSocket, hubCode, hubRuns, packageRoot, type BoxPlace } from './bwrap-args.js';
import { kind, within } from './box-paths.js';
import { boxFolders, boxPath, boxWrites, cwdReadOnly, protectedIn } from './box-writes.js';
import { gitKept } from './git-writes.js';
import { boxNet } from './box-net.js';
import { refCopies } from './private-refs.js';

// A box as a container: `podman run`'s arguments. The container's system is its image's; of yours
// it sees only what is mounted, each at the same path: its folders (with what git needs to commit
// there) and what its CLI writes, read-write; your home read-only when the box reads "all" (what
// is secret and the hub's home hidden, as in bubblewrap's box); what `mount` names, read-only; and
// of the hub what its hooks report through (the socket, bin/, hooks/). docs/security.md, "Boxes".
//
// Its terminal: `-i -t`. The keeper's PTY is podman's stdin and stdout; `-t` gives the container a
// terminal of its own (conmon holds its master) and podman relays between the two: keys in, output
// out, and a window size change (SIGWINCH on the keeper's PTY) is passed on to the inner terminal.
// Without `-t` the agent's stdin and stdout are pipes: a shell prints no prompt and a full-screen
// CLI does not start. `--detach-keys=` leaves ctrl-p ctrl-q to the agent (podman's default takes
// them), `--init` puts a pid 1 in it that passes a hang-up on to the agent and reaps what it leaves.
//
// Who connects on the hub's socket from inside: the kernel gives the hub the host's pid of the
// caller, whose line of descent is the container's processes, then conmon, which daemonizes away
// from `podman run` and is reparented to the nearest subreaper: the agent's keeper. So the hub
// tells a container's process for its agent's as it tells any other (keeper/agent-of-line.ts).

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

/** Which hub's: a short hash of its home (a label holds the home itself). */
export function hubTag(place: Pick<BoxPlace, 'home' | 'hub'>): string {
  return crypto
    .createHash('sha256')
    .update(place.hub?.home ?? place.home)
    .digest('hex')
    .slice(0, 10);
}

/**
 * A new container's name for agent `id` of the hub at `place`: each start its own (what the hub
 * removes after an agent exited is that start's container, never the next one's of a restart).
 */
export function containerName(place: Pick<BoxPlace, 'home' | 'hub'>, id: string): string {
  const start = `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  return `botster-${hubTag(place)}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${start}`;
}

/** One field of podman's --mount (a CSV line: a field with a comma or a quote is quoted). */
function field(k: string, v: string): string {
  const f = `${k}=${v}`;
  return /[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** What the container of agent `id` runs, and how. */
export interface ContainerStart {
  /** The agent (its container's label). */
  id: string;
  /** The container's name (containerName). */
  name: string;
  /** The image (the box's, or its repository's devcontainer.json's). */
  image: string;
  /** The agent's environment as podman gets it: the container gets each variable by name (never its value on a command line). */
  env: Record<string, string>;
  /** false: no terminal (a command the hub runs in the agent's box, its output read through pipes). */
  terminal?: boolean;
}

/**
 * `podman run`'s arguments for `argv` in `box` at `place` (paths that do not exist are left out; a
 * folder it writes that is missing is made first).
 */
export function podmanArgs(
  box: Box,
  place: BoxPlace,
  start: ContainerStart,
  argv: { file: string; args: string[] },
): string[] {
  const home = place.home;
  const abs = (p: string) => boxPath(p, home);
  // Each mount by where it is seen: a later one at the same place wins (podman mounts a parent
  // before what is inside it, whatever the order here).
  const mounts = new Map<string, string>();
  const seen: string[] = [];
  const bind = (src: string, dst: string, ro: boolean) => {
    mounts.delete(dst);
    mounts.set(
      dst,
      ['type=bind', field('src', src), field('dst', dst), ...(ro ? ['ro=true'] : [])].join(','),
    );
    seen.push(dst);
  };
  // Empty, and with nothing of what was there copied in (podman's tmpfs copies it by default).
  const empty = (dst: string) => {
    mounts.delete(dst);
    mounts.set(dst, ['type=tmpfs', field('dst', dst), 'notmpcopyup'].join(','));
  };
  const visible = (p: string) => seen.some((d) => within(p, d));

  // What it reads: your home (read-only) when the box reads all; what it mounts.
  for (const m of box.mount ?? []) {
    const p = abs(m);
    if (p === '/')
      throw new BoxError('sandbox.mount: not "/" (the whole machine is a box of runner "bwrap")');
    if (kind(p)) bind(p, p, true);
  }
  if (box.read === 'all' && home !== '/' && kind(home) === 'dir') bind(home, home, true);
  // What it writes: its folders (with what git needs to commit there), its CLI's files.
  const folders = boxFolders(box, place);
  const writes = boxWrites(box, place);
  // Its folder when it writes none of it (started in your home): there to read.
  const ro = cwdReadOnly(place, writes);
  if (ro && ro !== '/' && !visible(ro)) bind(ro, ro, true);
  // node, the hub's own package and its native client's (what the hub's bin/botster-tui runs for
  // its hooks, the network's bridge), unless the image's system has them already, or it writes there.
  const node = path.dirname(path.dirname(process.execPath));
  for (const d of hubRuns(place)) {
    if (kind(d) !== 'dir' || visible(d) || [...writes].some((w) => within(d, w))) continue;
    if (d === node && SYSTEM.some((s) => within(d, s))) continue;
    bind(d, d, true);
  }
  for (const w of writes) bind(w, w, false);
  for (const b of folders.filter((f) => kind(f) === 'dir').flatMap(refCopies)) bind(b.copy, b.real, false);
  // Yours, read-only even inside a folder it writes (one not there yet: the folder above it).
  for (const p of protectedIn(box, home, writes)) bind(p, p, true);
  for (const p of hubCode(place, writes)) bind(p, p, true);
  for (const p of folders.flatMap(gitKept)) bind(p, p, true);
  // Not there at all (where it would be seen).
  const hidden = [
    ...box.hide.map(abs),
    ...(place.others ?? []).filter((o) => !folders.some((f) => within(f, o) || within(o, f))),
  ];
  for (const p of hidden) {
    if (!visible(p)) continue;
    const k = kind(p);
    if (k === 'dir') empty(p);
    else if (k === 'file') bind('/dev/null', p, true);
  }
  // The hub's home: none of it, but what its hooks report through: bin/ and hooks/, its socket.
  const hub = place.hub;
  const prefix: string[] = [];
  if (hub && kind(hub.home) === 'dir') {
    if (visible(hub.home)) empty(hub.home);
    for (const d of ['bin', 'hooks']) {
      const p = path.join(hub.home, d);
      if (kind(p) === 'dir') bind(p, p, true);
    }
    const bin = path.join(hub.home, 'bin');
    if (kind(bin) === 'dir') prefix.push(bin);
  }
  // The hub's caches: none of them (a bytecode planted there would run in the hub, outside the box).
  if (place.caches && kind(place.caches) === 'dir' && visible(place.caches)) empty(place.caches);
  // The socket through its boxes' folder (read-only: nothing in here replaces it), so a server
  // started since is found too; the file itself where it is, for what looks only there.
  const socket = hub?.socket ? boxSocket(hub.socket) : null;
  if (socket) bind(path.dirname(socket), path.dirname(socket), true);
  if (hub?.socket && kind(hub.socket)) bind(hub.socket, hub.socket, true);

  const out = [
    'run',
    '--rm',
    ...(start.terminal === false ? [] : ['-i', '-t', '--detach-keys=']),
    '--init',
    '--name',
    start.name,
    '--label',
    `botster.agent=${start.id}`,
    '--label',
    `botster.hub=${hubTag(place)}`,
    // what it prints is the hub's (its keeper's ring), not a log on disk as well
    '--log-driver',
    'none',
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    // Its network: none of its own, with network or not; the hub's proxy through its bridge (box-net.ts).
    '--network',
    'none',
    '--workdir',
    place.cwd,
  ];
  for (const m of mounts.values()) out.push('--mount', m);
  const set = Object.entries(box.env).map(([k, v]) => [k, inHome(v, home)] as const);
  if (socket) set.push(['BOTSTER_SOCKET', socket]);
  const net = box.network ? boxNet(hub?.socket) : null;
  for (const [k, v] of Object.entries(net?.env ?? {})) set.push([k, v]);
  const setNames = new Set(set.map(([k]) => k));
  for (const k of Object.keys(start.env))
    if (
      !NOT_PASSED.has(k) &&
      !box.unset.includes(k) &&
      !setNames.has(k) &&
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)
    )
      out.push('--env', k);
  for (const [k, v] of set) out.push('--env', `${k}=${v}`);
  // its command, not the image's entrypoint; the hub's bin/ first on the image's own PATH
  out.push('--entrypoint', '[]', start.image);
  if (prefix.length)
    out.push('/bin/sh', '-c', 'PATH="$0${PATH:+:$PATH}"; export PATH; exec "$@"', prefix.join(':'));
  const run = net ? net.argv(argv) : argv;
  out.push(run.file, ...run.args);
  return out;
}
