import { checkHostPattern } from './net-hosts.js';

// An agent's box as the hub holds it: what Lua's sandbox policy resolved (lua/default/sandbox.lua),
// checked here, recorded with the agent (its keeper's record, session.json) so a restart, a kill -9
// of the server and `--restore` run it in the same box. docs/security.md says what a box holds.

/** A box, resolved: every path absolute or `~/...` (the agent's home), folders ending in `/`. */
export interface Box {
  /** Its name as asked for (`default`, `strict`, a profile's). */
  name: string;
  /** The agent whose box this is (what it started runs in its box). */
  from?: string;
  /** What makes it: bubblewrap on this machine's system, or a container of `image` (podman). */
  runner: 'bwrap' | 'podman';
  /** A container's image (podman); absent with `devcontainer`: the repository's devcontainer.json says. */
  image?: string;
  /** A container's image is the `image` of the agent's repository's .devcontainer/devcontainer.json. */
  devcontainer?: boolean;
  /** Yours a container sees read-only at the same path (its image's own system besides: `/usr` to run yours). */
  mount?: string[];
  /**
   * false: no network at all (its own, empty, network namespace); true: its own namespace too, and
   * the network through the hub's proxy (src/server/box-proxy.ts): the hosts of `allow`, any other
   * once you let it.
   */
  network: boolean;
  /** The hosts it reaches without asking (src/box/net-hosts.ts); absent: none. */
  allow?: string[];
  /** `all`: the system and your home read-only; `folder`: the system and its folders only. */
  read: 'all' | 'folder';
  /** What its CLI writes besides its folders (clis.define's sandbox.write). */
  write: string[];
  /** What it does not see at all: secrets, sockets of yours. */
  hide: string[];
  /** Yours it may read but never write, even inside a folder it writes. */
  protect: string[];
  /** Variables the box sets (a CLI's config folder moved into one it writes). */
  env: Record<string, string>;
  /**
   * Those of `env` that give way to the agent's own (its CLI's defaults: your CLAUDE_CONFIG_DIR
   * wins over the box's); the box's own `env` never does. Absent: all of them (a box recorded so).
   */
  yields?: string[];
  /**
   * Files made, when missing, as a copy of another before it starts (`~/.claude/.claude.json` from
   * `~/.claude.json`: a CLI's state it keeps outside the folder its box lets it write).
   */
  seed?: Record<string, string>;
  /** Variables the box leaves out (a socket of yours it must not find: SSH_AUTH_SOCK). */
  unset: string[];
  /**
   * Of your environment, what it gets besides the basics (box-env.ts) and what was set for the
   * agent: names, or prefixes ending in `*` (its CLI's: `ANTHROPIC_*`). Absent: the basics only.
   */
  vars?: string[];
  /**
   * The config folders of your accounts (accounts.lua): the one it writes (its agent's account) is
   * there, the others are not (box-fit.ts hides them).
   */
  accounts?: string[];
  /**
   * The folders it writes, fixed when an agent's box was given to what that agent started (no
   * wider than its own); absent: its own folder (its cwd, its worktree).
   */
  folders?: string[];
}

export class BoxError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An empty Lua table arrives as an object: a list of strings either way. */
function paths(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : isObject(v) && Object.keys(v).length === 0 ? [] : null;
  if (!list) throw new BoxError(`sandbox.${field} must be a list of paths`);
  return list.map((p, i) => {
    if (typeof p !== 'string' || !(p.startsWith('/') || p === '~' || p.startsWith('~/')))
      throw new BoxError(
        `sandbox.${field}[${i + 1}] must be an absolute path or ~/..., got ${JSON.stringify(p)}`,
      );
    if (p.split('/').includes('..')) throw new BoxError(`sandbox.${field}[${i + 1}]: no .. in a box's paths`);
    return p;
  });
}

function vars(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return {};
  if (!isObject(v)) throw new BoxError(`sandbox.${field} must be a table of NAME = "value"`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof x !== 'string')
      throw new BoxError(`sandbox.${field}.${k} must be a string`);
    out[k] = x;
  }
  return out;
}

/** `vars`: variable names, or prefixes ending in `*` (`ANTHROPIC_*`); never `*` alone (all of yours). */
function patterns(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : isObject(v) && Object.keys(v).length === 0 ? [] : null;
  if (!list)
    throw new BoxError('sandbox.vars must be a list of variable names (ANTHROPIC_API_KEY, ANTHROPIC_*)');
  return list.map((n) => {
    if (typeof n !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*\*?$/.test(n))
      throw new BoxError(
        `sandbox.vars: ${JSON.stringify(n)} is not a variable's name (or a prefix ending in *, not * alone)`,
      );
    return n;
  });
}

/** `seed`: { [made] = from }, both paths. */
function seeds(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0)) return undefined;
  if (!isObject(v)) throw new BoxError('sandbox.seed must be a table of ["~/made"] = "~/from"');
  const [made, from] = [paths(Object.keys(v), 'seed'), paths(Object.values(v), 'seed')];
  return Object.fromEntries(made.map((m, i) => [m, from[i]]));
}

/** `allow`: host patterns (net-hosts.ts). */
function hostList(v: unknown): string[] {
  if (v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0)) return [];
  if (!Array.isArray(v)) throw new BoxError('sandbox.allow must be a list of hosts');
  return v.map((h, i) => {
    try {
      return checkHostPattern(h);
    } catch (err) {
      throw new BoxError(`sandbox.allow[${i + 1}]: ${(err as Error).message}`);
    }
  });
}

/**
 * What Lua resolved (the before_agent_spawn payload's `sandbox`) as a box; null for none
 * (`false`, or nothing said); a BoxError says what is wrong.
 */
export function boxOf(v: unknown): Box | null {
  if (v === undefined || v === null || v === false) return null;
  if (!isObject(v))
    throw new BoxError(`sandbox must be a box (a table), a box's name or false, got ${typeof v}`);
  const runner = v.runner ?? 'bwrap';
  if (runner !== 'bwrap' && runner !== 'podman')
    throw new BoxError(`sandbox.runner must be "bwrap" or "podman", got ${JSON.stringify(runner)}`);
  const read = v.read ?? 'all';
  if (read !== 'all' && read !== 'folder') throw new BoxError(`sandbox.read must be "all" or "folder"`);
  const names = (list: unknown, field: string): string[] =>
    (Array.isArray(list) ? list : []).map((n) => {
      if (typeof n !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))
        throw new BoxError(`sandbox.${field}: ${JSON.stringify(n)} is not a variable name`);
      return n;
    });
  const unset = names(v.unset, 'unset');
  const box: Box = {
    name: typeof v.name === 'string' && v.name.trim() ? v.name.trim().slice(0, 40) : 'box',
    runner,
    network: v.network !== false,
    read,
    write: paths(v.write, 'write'),
    hide: paths(v.hide, 'hide'),
    protect: paths(v.protect, 'protect'),
    env: vars(v.env, 'env'),
    unset,
  };
  if (v.folders !== undefined) box.folders = paths(v.folders, 'folders');
  const allow = hostList(v.allow);
  if (allow.length) box.allow = allow;
  if (v.yields !== undefined && v.yields !== null) box.yields = names(v.yields, 'yields');
  const passed = patterns(v.vars);
  if (passed.length) box.vars = passed;
  const accounts = paths(v.accounts, 'accounts');
  if (accounts.length) box.accounts = accounts;
  const seed = seeds(v.seed);
  if (seed) box.seed = seed;
  if (runner === 'podman') {
    if (v.image !== undefined && v.image !== null) box.image = imageRef(v.image);
    if (v.devcontainer === true) box.devcontainer = true;
    if (!box.image && !box.devcontainer)
      throw new BoxError('a podman box needs its image: sandbox.image = "NAME", or devcontainer = true');
    const mount = paths(v.mount, 'mount');
    if (mount.length) box.mount = mount;
  } else if (v.image !== undefined || v.devcontainer !== undefined || v.mount !== undefined)
    throw new BoxError('sandbox.image, devcontainer and mount are a container\'s: runner = "podman"');
  if (typeof v.from === 'string' && /^\d+$/.test(v.from)) box.from = v.from;
  return box;
}

/**
 * A plain image reference (`name`, `name:tag`, `registry/name@sha256:...`): what podman is given as
 * its image and nothing else (never a flag, never two words).
 */
export function imageRef(v: unknown): string {
  if (
    typeof v !== 'string' ||
    v.length > 255 ||
    !/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(v) ||
    v.split('/').includes('..')
  )
    throw new BoxError(
      `sandbox.image must be an image's name (name, name:tag, host/name@sha256:...), got ${JSON.stringify(v)}`,
    );
  return v;
}

/** `~` and `~/x` in the agent's home. */
export function inHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? `${home}/${p.slice(2)}` : p;
}

/** The box an agent's box gives what it starts: the same, writing only the starter's folders. */
export function givenBox(starter: Box, starterId: string, folders: readonly string[]): Box {
  return { ...starter, from: starter.from ?? starterId, folders: [...(starter.folders ?? folders)] };
}
