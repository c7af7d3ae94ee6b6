// Who may reach the outside world from Lua (docs/lua/README.md#who-may-use-what): your own files
// may do everything; a plugin only what it was granted (`net` to the hosts its manifest lists,
// `run` of the commands it lists, `git`); an improvement or an untrusted project nothing of it.
// Checked in the state's host functions (lua-tasks.ts), before anything starts, and for every hop
// of a redirect.
import { CAPABILITIES, type Capability } from '../../plugins/capabilities.js';

export interface TaskGrant {
  /** Null: your own files (everything). */
  who:
    | {
        kind: 'plugin';
        name: string;
        granted: readonly string[];
        hosts: readonly string[];
        commands: readonly string[];
      }
    | { kind: 'sandbox'; name: string }
    | null;
}

export const FULL_TRUST: TaskGrant = { who: null };

function needs(grant: TaskGrant, what: string, cap: Capability, detail = ''): string | null {
  const w = grant.who;
  if (!w) return null;
  if (w.kind === 'sandbox') {
    const label = w.name.startsWith('project:') ? `project ${w.name.slice(8)}` : `improvement ${w.name}`;
    return `${label}: ${what} needs the capability "${cap}" (${CAPABILITIES[cap]}), which improvements and untrusted projects do not have`;
  }
  if (!w.granted.includes(cap))
    return `plugin ${w.name}: ${what} needs the capability "${cap}" (${CAPABILITIES[cap]}), which it was not granted (botster-tui plugin grant ${w.name} ${cap})`;
  return detail || null;
}

/** Why `url` may not be reached (null: it may). */
export function netDenied(grant: TaskGrant, url: URL): string | null {
  const w = grant.who;
  const host = url.hostname.toLowerCase();
  const listed =
    w?.kind === 'plugin' &&
    w.hosts.some((h) => {
      const x = h.toLowerCase();
      return host === x || (x.startsWith('*.') && host.endsWith(x.slice(1)));
    });
  const detail =
    w?.kind === 'plugin' && !listed
      ? `plugin ${w.name}: http to ${host} is refused: its manifest's "hosts" (${w.hosts.join(', ') || 'none'}) do not list it`
      : '';
  return needs(grant, `http to ${host}`, 'net', detail);
}

/** Why `cmd` may not be run (null: it may). */
export function runDenied(grant: TaskGrant, cmd: string): string | null {
  const w = grant.who;
  // A name runs what PATH finds; a path only when the manifest lists that path.
  const listed = w?.kind === 'plugin' && w.commands.includes(cmd);
  const detail =
    w?.kind === 'plugin' && !listed
      ? `plugin ${w.name}: process.run of ${cmd} is refused: its manifest's "commands" (${w.commands.join(', ') || 'none'}) do not list it`
      : '';
  return needs(grant, `process.run of ${cmd}`, 'run', detail);
}

export function gitDenied(grant: TaskGrant, op: string): string | null {
  return needs(grant, `git.${op}`, 'git');
}
