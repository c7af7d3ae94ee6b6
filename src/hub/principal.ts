// Who asks for something: one typed value, never a string prefix. The hub's own files and keys are
// the user's; an agent is a process that descends from an agent's (told by the kernel on the control
// socket, not by its environment); improvements, projects and plugins are Lua the hub loaded.
import type { Capability } from './capabilities.js';

export type Principal =
  | { kind: 'user' }
  /** `why`: said with every refusal, for a caller the hub holds to an agent's rules without knowing it is one. */
  | { kind: 'agent'; id: string; why?: string }
  | { kind: 'improvement'; name: string }
  | { kind: 'project'; path: string }
  | { kind: 'plugin'; name: string };

export const USER: Principal = { kind: 'user' };

/** An agent that asks (a process of its tree on the control socket). */
export type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

/**
 * Why agent `from` may not act on agent `to` (it did not start it, and the user has not let it):
 * the words the socket's verbs and a command an agent runs say alike. `answer`: the user refused
 * the pair, or did not answer within `waitedMs` (the question stays open).
 */
export function driveRefusal(
  from: string,
  to: { id: string; name: string },
  what: string,
  answer?: 'refused' | { waitedMs: number },
): string {
  const head = `agent ${from} may not ${what} agent ${to.name} (id:${to.id}): it did not start it, and`;
  if (answer === 'refused')
    return `${head} you refused it (kept for this pair while both live; agent.allow_drive in the hub lets it after all)`;
  const open = 'settings.agents_drive_others opens every pair but your own shells';
  if (answer)
    return `${head} you did not answer within ${seconds(answer.waitedMs)} (the question stays open in the hub: agent.allow_drive lets it, and the next try goes; ${open})`;
  return `${head} you have not let it (the hub asked you: agent.allow_drive answers; ${open})`;
}

/** A wait in words: "8 s", "0.3 s". */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * Why improvement `name` (pushed by agent `pusher`, or dropped in as a file: null) may not act on
 * agent `to`: it drives only what it started and what its agent may.
 */
export function luaDriveRefusal(
  name: string,
  pusher: string | null | undefined,
  to: { id: string; name: string },
  what: string,
): string {
  const by = pusher
    ? `agent ${pusher}, which pushed it, did not start it and you have not let it`
    : 'it was pushed by no agent';
  return `improvement ${name} may not ${what} agent ${to.name} (id:${to.id}): it did not start it, and ${by} (an improvement drives what its agent may)`;
}

/**
 * Who besides the user may ask for a verb or a request. Closed by default: one that lists nobody
 * is the user's alone, so a verb added without a thought is never open to an agent or a plugin.
 */
export type Asker = 'agent' | 'improvement' | 'project' | 'plugin' | { plugin: Capability };

/** Why agent `from` may not steer pipeline run `run`: `by` started it (null: you did; undefined: no such run). */
export function runRefusal(from: string, run: string, by: string | null | undefined): string {
  if (by === undefined) return `no pipeline run ${run}`;
  return `agent ${from} may not steer pipeline run ${run}: ${by ? `agent ${by}` : 'you'} started it (an agent steers only the runs it started)`;
}

/** The principal a Lua owner string names (the worker's wire form: `project:PATH`, `plugin:NAME`, an improvement's name). */
export function principalOfOwner(owner: string | undefined): Principal {
  if (owner === undefined || owner === '') return USER;
  if (owner.startsWith('project:')) return { kind: 'project', path: owner.slice(8) };
  if (owner.startsWith('plugin:')) return { kind: 'plugin', name: owner.slice(7) };
  return { kind: 'improvement', name: owner };
}

/** How people read who asked ("plugin git-tools", "project ~/src/app", "agent 3"). */
export function describePrincipal(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return 'you';
    case 'agent':
      return agentWords(p.id) + (p.why ? `: ${p.why}` : '');
    case 'improvement':
      return `improvement ${p.name}`;
    case 'project':
      return `${p.path} (not trusted)`;
    case 'plugin':
      return `plugin ${p.name}`;
  }
}

/**
 * Whether `p` may ask for something `may` allows: null when it may, else why not. A plugin needs
 * the capability named (`granted` lists the ones it was granted).
 */
export function refusal(
  p: Principal,
  may: readonly Asker[] | undefined,
  what: string,
  granted: (plugin: string) => readonly string[] = () => [],
): { why: string; capability?: Capability } | null {
  if (p.kind === 'user') return null;
  const list = may ?? [];
  if (p.kind === 'plugin') {
    if (list.includes('plugin')) return null;
    const cap = list.find((a): a is { plugin: Capability } => typeof a === 'object')?.plugin;
    if (!cap) return { why: `plugin ${p.name}: ${what} is yours to do, never a plugin's` };
    return granted(p.name).includes(cap) ? null : { why: '', capability: cap };
  }
  if (list.includes(p.kind)) return null;
  // Open to others but not to this one: an untrusted project is told what trust would change.
  if (p.kind === 'project' && list.length > 0)
    return { why: `${p.path}: not trusted: it cannot ${what} (project.trust trusts the project)` };
  const who = p.kind === 'project' ? p.path : p.kind === 'agent' ? agentWords(p.id) : `improvement ${p.name}`;
  const because = p.kind === 'agent' && p.why ? ` (${p.why})` : '';
  return { why: `${who} cannot ${what}${what.includes(': only you') ? '' : ': only you can'}${because}` };
}

/** How people read an agent that asks: "agent 3", or one the hub could not tell (id `?`). */
function agentWords(id: string): string {
  return id === '?' ? 'a caller the hub cannot tell from an agent' : `agent ${id}`;
}
