import type { AgentRecord } from '../wire/agent-record.js';
import type { HubState } from './state.js';
import { statusOf } from './agent-state.js';
import { signalName } from './signal-name.js';
import type { AgentFacts } from './facts.js';

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
    ...(f.lead ? { lead: f.lead } : {}),
    ...(f.usage ? { usage: f.usage } : {}),
    ...(f.box ? { box: f.box } : {}),
    ...(f.account ? { account: f.account } : {}),
    ...(s.sessions[id] ? { session: s.sessions[id] } : {}),
    ...(f.draft ? { draft: true } : {}),
    ...(f.permission ? { permission: f.permission } : {}),
  };
}

/**
 * How each field of the record another machine's hub sends (its `agents` rows) reaches that
 * agent here. Every field is named (the type says so), so one added to the record cannot be left
 * behind: `fact`: the same field of its facts, always sent (an older hub that leaves it out keeps
 * ours); `maybe`: the same field, absent when it has none (gone there, gone here); `state`: its
 * state or conversation, as that hub says (intents `agent_state`, `agent_session`); `derived`:
 * worked out here from the others;
 * `ours`: this hub's (its id here, the machine it is on).
 */
export const FROM_MACHINE = {
  id: 'ours',
  machine: 'ours',
  name: 'fact',
  program: 'fact',
  command: 'fact',
  cwd: 'fact',
  state: 'state',
  reason: 'state',
  status: 'derived',
  exit_code: 'fact',
  signal: 'fact',
  signal_name: 'derived',
  title: 'fact',
  branch: 'maybe',
  git_branch: 'maybe',
  worktree: 'maybe',
  repo: 'maybe',
  profile: 'maybe',
  // (another machine's agents' leads are that hub's numbers)
  lead: 'ours',
  usage: 'maybe',
  box: 'maybe',
  account: 'maybe',
  // (its conversation as its hub recorded it (intent agent_session), shown here; that hub resumes it)
  session: 'state',
  // (typed into at its own hub, through which its keys go)
  draft: 'maybe',
  // (a question another machine's agent asks is answered by that hub's rules and its user)
  permission: 'ours',
} as const satisfies Record<keyof AgentRecord, 'fact' | 'maybe' | 'state' | 'derived' | 'ours'>;

type Carried = {
  [K in keyof typeof FROM_MACHINE]: (typeof FROM_MACHINE)[K] extends 'fact' | 'maybe' ? K : never;
}[keyof typeof FROM_MACHINE];

/** The facts here of an agent another machine's hub sent as `row`: every field the record carries. */
export function machineFacts(row: AgentRecord): Partial<Pick<AgentFacts, Carried>> {
  const out: Record<string, unknown> = {};
  for (const [k, how] of Object.entries(FROM_MACHINE)) {
    const v = (row as unknown as Record<string, unknown>)[k];
    if (how === 'maybe') out[k] = v ?? undefined;
    else if (how === 'fact' && v !== undefined) out[k] = v;
  }
  return out as Partial<Pick<AgentFacts, Carried>>;
}
