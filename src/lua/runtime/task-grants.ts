// Who may reach the outside world from Lua (docs/lua/README.md#who-may-reach-the-outside-world):
// your own files may do everything; a plugin only what it was granted (`net` to the hosts its
// manifest lists, `run` of the commands it lists, `git`); an improvement or an untrusted project
// only what your policy granted it when it reviewed it (nothing by default). Checked in the
// state's host functions (lua-tasks.ts) before anything starts, and at every hop of a redirect.
import { CAPABILITIES, type Capability } from '../../hub/capabilities.js';

/** What one sandboxed state may reach. */
export interface Granted {
  /** How errors name it: `plugin ci`, `improvement notify`. */
  label: string;
  granted: readonly string[];
  hosts: readonly string[];
  commands: readonly string[];
  /** How to grant what is missing, for a capability (a command to run, the policy to change). */
  howToGrant: (cap: Capability) => string;
}

/** Null: your own files (everything). */
export interface TaskGrant {
  who: Granted | null;
}

export const FULL_TRUST: TaskGrant = { who: null };

/** A plugin's grant (its lock entry and manifest). */
export function pluginGrant(
  name: string,
  granted: readonly string[],
  hosts: readonly string[] = [],
  commands: readonly string[] = [],
): TaskGrant {
  return {
    who: {
      label: `plugin ${name}`,
      granted,
      hosts,
      commands,
      howToGrant: (cap) => `botster-tui plugin grant ${name} ${cap}`,
    },
  };
}

/** What a policy granted an improvement: capabilities, with the hosts and commands they reach. */
export interface SandboxGrant {
  granted?: readonly string[];
  hosts?: readonly string[];
  commands?: readonly string[];
}

/** An improvement's or an untrusted project's: what the policy granted when it was accepted. */
export function sandboxGrant(name: string, grant: SandboxGrant = {}): TaskGrant {
  const label = name.startsWith('project:') ? `project ${name.slice(8)}` : `improvement ${name}`;
  return {
    who: {
      label,
      granted: grant.granted ?? [],
      hosts: grant.hosts ?? [],
      commands: grant.commands ?? [],
      howToGrant: () =>
        name.startsWith('project:')
          ? 'an untrusted project reaches nothing outside; trust it (project.trust) to run it as yours'
          : "only your policy grants it, when it reviews the improvement (review's grant, docs/lua/improvements.md)",
    },
  };
}

function needs(
  grant: TaskGrant,
  what: string,
  cap: Capability,
  listed: boolean,
  list: string,
  words: string,
): string | null {
  const w = grant.who;
  if (!w) return null;
  if (!w.granted.includes(cap))
    return `${w.label}: ${what} needs the capability "${cap}" (${CAPABILITIES[cap]}), which it was not granted (${w.howToGrant(cap)})`;
  if (!listed)
    return `${w.label}: ${what} is refused: the ${words} it was granted (${list || 'none'}) do not list it`;
  return null;
}

/** Why `url` may not be reached (null: it may). */
export function netDenied(grant: TaskGrant, url: URL): string | null {
  const w = grant.who;
  const host = url.hostname.toLowerCase();
  const listed = !!w?.hosts.some((h) => {
    const x = h.toLowerCase();
    return host === x || (x.startsWith('*.') && host.endsWith(x.slice(1)));
  });
  return needs(grant, `http to ${host}`, 'net', listed, w?.hosts.join(', ') ?? '', 'hosts');
}

/** Why `cmd` may not be run (null: it may). A name runs what PATH finds; a path only when listed as that path. */
export function runDenied(grant: TaskGrant, cmd: string): string | null {
  const w = grant.who;
  return needs(
    grant,
    `process.run of ${cmd}`,
    'run',
    !!w?.commands.includes(cmd),
    w?.commands.join(', ') ?? '',
    'commands',
  );
}

export function gitDenied(grant: TaskGrant, op: string): string | null {
  return needs(grant, `git.${op}`, 'git', true, '', '');
}
