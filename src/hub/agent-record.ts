import type { AgentRecord } from '../wire/agent-record.js';
import type { HubState } from './state.js';
import { statusOf } from './agent-state.js';
import { signalName } from './signal-name.js';

/** The record (wire/agent-record.ts) of agent `id` (null: the state does not know it). */
export function agentRecord(s: HubState, id: string): AgentRecord | null {
  const f = s.facts.agents[id];
  if (!f) return null;
  const entry = s.agentStates[id];
  const state = entry?.state ?? 'running';
  return {
    id,
    name: f.name,
    ...(f.machine ? { machine: f.machine } : {}),
    program: f.program,
    command: f.command,
    cwd: f.cwd,
    state,
    reason: entry?.reason ?? null,
    status: statusOf(state),
    exit_code: f.exit_code,
    signal: f.signal,
    signal_name: signalName(f.signal),
    title: f.title,
    ...(f.branch ? { branch: f.branch } : {}),
    ...(f.git_branch ? { git_branch: f.git_branch } : {}),
    ...(f.worktree ? { worktree: f.worktree } : {}),
    ...(f.repo ? { repo: f.repo } : {}),
    ...(f.profile ? { profile: f.profile } : {}),
  };
}
