import type { AgentSpec } from '../agents/types.js';
import { expandTilde } from '../reload/paths.js';
import type { LifecycleDeps } from './ports.js';

// `profile:NAME` (user/profiles.lua) turned into the spec it names: its command, args, env,
// folder and worktree, with what was asked for beside the name winning over the profile's own.

type Profiles = ReturnType<LifecycleDeps['profiles']>;

/** The profile `spec` names (`profile:NAME`), if it names one; its args mean it is a command of its own. */
export function profileName(spec: AgentSpec): string | undefined {
  const m = /^profile:(.+)$/.exec(spec.command.trim());
  return m && !spec.args ? m[1] : undefined;
}

/** What the notice says of a profile that is not defined. */
export function noProfile(name: string): string {
  return `no profile "${name}" (define it in user/profiles.lua with profiles.define)`;
}

/**
 * The spec of the profile `spec` names; `spec` itself when it names none; null when the profile
 * is unknown. Its folder: `cwd` (asked for by name), else the profile's, else the spec's.
 */
export function profileSpec(spec: AgentSpec, profiles: Profiles, cwd?: string): AgentSpec | null {
  const name = profileName(spec);
  if (name === undefined) return spec;
  const p = profiles.find((x) => x.name === name);
  if (!p) return null;
  const out: AgentSpec = { command: p.command, name: spec.name ?? p.name, profile: p.name };
  if (Array.isArray(p.args)) out.args = p.args.map(String);
  const folder = cwd ?? (p.cwd ? expandTilde(p.cwd) : spec.cwd);
  if (folder) out.cwd = folder;
  if (p.env && !Array.isArray(p.env))
    out.env = Object.fromEntries(Object.entries(p.env).map(([k, v]) => [k, String(v)]));
  if (typeof p.sandbox === 'string' || p.sandbox === false) out.sandbox = p.sandbox;
  // (asked for beside the name wins: `new --profile P --sandbox off`)
  if (spec.sandbox !== undefined) out.sandbox = spec.sandbox;
  if (p.worktree === true) out.worktree = true;
  else if (p.worktree && typeof p.worktree === 'object' && !Array.isArray(p.worktree))
    out.worktree = p.worktree;
  // Asked for with the profile (worktree.new, `new --profile P --worktree B`): that worktree.
  if (spec.worktree)
    out.worktree =
      typeof spec.worktree === 'object' && typeof out.worktree === 'object'
        ? { ...out.worktree, ...spec.worktree }
        : spec.worktree;
  return out;
}
