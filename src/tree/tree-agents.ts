import type { AgentView } from './types.js';
import { TreeError, describe, isObject, str } from './tree-values.js';

// The agents of a widget tree (ui.agent_list's, ui.terminal's and ui.diff's agent), checked.

export function agentView(a: unknown, path: string): AgentView {
  if (!isObject(a)) throw new TreeError(path, `expected an agent (from self.agents), got ${describe(a)}`);
  return {
    id: str(a.id ?? '', path, 'id'),
    name: str(a.name ?? a.id ?? '', path, 'name'),
    command: str(a.command ?? '', path, 'command'),
    cwd: str(a.cwd ?? '', path, 'cwd'),
    status: str(a.status ?? '', path, 'status'),
    ...(typeof a.state === 'string' && a.state ? { state: a.state } : {}),
    ...(typeof a.reason === 'string' && a.reason ? { reason: a.reason } : {}),
    ...(typeof a.program === 'string' && a.program ? { program: a.program } : {}),
    exit_code: typeof a.exit_code === 'number' ? a.exit_code : null,
    ...(typeof a.signal === 'number' && a.signal > 0 ? { signal: a.signal } : {}),
    ...(typeof a.signal_name === 'string' && a.signal_name ? { signal_name: a.signal_name } : {}),
    title: str(a.title ?? '', path, 'title'),
    attention: a.attention === true,
    ...(typeof a.branch === 'string' && a.branch ? { branch: a.branch } : {}),
    ...(typeof a.machine === 'string' && a.machine ? { machine: a.machine } : {}),
    ...(typeof a.repo === 'string' && a.repo ? { repo: a.repo } : {}),
    ...(typeof a.lead === 'string' && a.lead ? { lead: a.lead } : {}),
  };
}

export function agentRef(v: unknown, path: string, widget = 'terminal'): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObject(v) && (typeof v.id === 'string' || typeof v.id === 'number')) return String(v.id);
  throw new TreeError(path, `${widget} needs an agent (self.focused or an agent id), got ${describe(v)}`);
}

export function selectedAgent(v: unknown, agents: unknown[], path: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    const a = agents[Math.trunc(v) - 1];
    return isObject(a) && a.id !== undefined ? String(a.id) : null;
  }
  return agentRef(v, path);
}
