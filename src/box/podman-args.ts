import crypto from 'node:crypto';
import type { BoxPlace } from './box-place.js';
import type { BoxPlan } from './box-plan.js';

// A box's plan (box-plan.ts) as a container: `podman run`'s arguments; it decides nothing of what
// the box holds. The container's system is its image's; of yours
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
  /** Its hub (hubTag: its container's label). */
  hub: string;
  /** The image (the box's, or its repository's devcontainer.json's). */
  image: string;
  /** false: no terminal (a command the hub runs in the agent's box, its output read through pipes). */
  terminal?: boolean;
}

/** `podman run`'s arguments for `plan` in the container `start` names. */
export function podmanArgs(plan: BoxPlan, start: ContainerStart): string[] {
  // Each mount by where it is seen: a later one at the same place wins (podman mounts a parent
  // before what is inside it, whatever the order here).
  const mounts = new Map<string, string>();
  for (const m of plan.mounts) {
    mounts.delete(m.at);
    if (m.kind === 'bind')
      mounts.set(
        m.at,
        ['type=bind', field('src', m.from), field('dst', m.at), ...(m.ro ? ['ro=true'] : [])].join(','),
      );
    // (empty, with nothing of what was there copied in: podman's tmpfs copies it by default)
    else if (m.kind === 'empty')
      mounts.set(m.at, ['type=tmpfs', field('dst', m.at), 'notmpcopyup'].join(','));
    else throw new Error(`a container has its own ${m.at}`);
  }
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
    `botster.hub=${start.hub}`,
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
    plan.cwd,
  ];
  for (const m of mounts.values()) out.push('--mount', m);
  // (what the box leaves out, the plan passes not)
  for (const k of plan.passed) out.push('--env', k);
  for (const [k, v] of plan.set) out.push('--env', `${k}=${v}`);
  // its command, not the image's entrypoint; the hub's bin/ first on the image's own PATH
  out.push('--entrypoint', '[]', start.image);
  if (plan.pathFirst.length)
    out.push('/bin/sh', '-c', 'PATH="$0${PATH:+:$PATH}"; export PATH; exec "$@"', plan.pathFirst.join(':'));
  out.push(plan.argv.file, ...plan.argv.args);
  return out;
}
