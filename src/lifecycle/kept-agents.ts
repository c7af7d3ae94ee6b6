import type { AgentSpec } from '../agents/types.js';
import type { Worktree } from '../agents/worktree.js';
import type { SessionId } from './session-file.js';
import type { PtyProcess } from '../pty/pty-process.js';
import type { Agent } from '../agents/agent.js';
import type { AgentStateEntry, StateSource } from '../hub/agent-state.js';
import type { AgentRecord } from './agent-records.js';
import type { AgentUsage } from '../wire/agent-record.js';

// What a keeper holds for the next server besides the agent itself (its META, docs/keeper.md): the
// hub's record of the agent, so a server that adopts it knows it as the last one did: its number and
// name, what it runs and was asked to be (a profile), its worktree, when it started, the
// conversations its hooks reported. Kept in the keeper's memory, not on disk: a full disk loses none.

export const KEEPER_META_VERSION = 1;

export interface KeeperMeta {
  v: number;
  id: string;
  name: string;
  spec: AgentSpec;
  /** What it was asked to be (`profile:claude`), when that differs from what runs. */
  requested?: AgentSpec;
  worktree?: Worktree;
  base?: { command: string; args?: string[] };
  started?: string;
  sessions?: SessionId[];
  /** The questions you answered "allow always" for it. */
  allowed?: string[];
  /** Your answers to its box's host questions. */
  hosts?: Record<string, boolean>;
  /** What its own hooks said last (`botster-tui report`): a question pending stays asked. */
  reported?: { state: string; reason: string | null };
  /** A turn it finished that no client showed yet: still "done" after, until a client shows it. */
  done?: { reason: string | null; source: StateSource };
  /** The agent that started it (its team's lead): it drives this one freely after a restart too. */
  lead?: string;
  /** What its CLI last reported of its cost and limits: shown again before the CLI reports anew. */
  usage?: AgentUsage;
  /** The name tmux's rename-window gave the window it leads (the window's, not the agent's). */
  window?: string;
}

/** What the hub knows of an agent beyond the agent itself, for its META. */
export interface HubRecord {
  record?: AgentRecord;
  requested?: AgentSpec;
  worktree?: Worktree;
  state?: AgentStateEntry;
  lead?: string;
  usage?: AgentUsage;
  window?: string;
}

/** The META the hub gives an agent's keeper: its record of the agent, for the server after this one. */
export function keeperMeta(a: Agent, h: HubRecord): KeeperMeta {
  const f = h.record;
  const st = h.state;
  return {
    v: KEEPER_META_VERSION,
    id: a.id,
    name: a.name,
    // Where it runs, as started: the next server's own cwd is not the agent's.
    spec: a.spec.cwd ? a.spec : { ...a.spec, cwd: a.cwd },
    ...(h.requested ? { requested: h.requested } : {}),
    ...(h.worktree ? { worktree: h.worktree } : {}),
    ...(f?.base ? { base: f.base } : {}),
    ...(f?.started ? { started: f.started } : {}),
    ...(f?.sessions.length ? { sessions: f.sessions } : {}),
    ...(f?.allowed?.length ? { allowed: f.allowed } : {}),
    ...(f?.hosts ? { hosts: f.hosts } : {}),
    ...(h.lead ? { lead: h.lead } : {}),
    ...(h.usage ? { usage: h.usage } : {}),
    ...(h.window ? { window: h.window } : {}),
    // A question its hooks said it asks: the screen may not show it (a running report lost
    // while no server was there would otherwise stick, so only the question goes on).
    ...(st?.source === 'report' && st.state === 'waiting'
      ? { reported: { state: st.state, reason: st.reason } }
      : {}),
    ...(st?.state === 'done' ? { done: { reason: st.reason, source: st.source } } : {}),
  };
}

/** The META of a keeper, or null when it holds none the hub can read (a server died before it said one). */
export function parseKeeperMeta(raw: Buffer): KeeperMeta | null {
  if (raw.length === 0) return null;
  try {
    const m = JSON.parse(raw.toString('utf8')) as Partial<KeeperMeta>;
    if (m.v !== KEEPER_META_VERSION || typeof m.id !== 'string' || typeof m.name !== 'string') return null;
    if (!m.spec || typeof m.spec.command !== 'string') return null;
    return m as KeeperMeta;
  } catch {
    return null;
  }
}

/** An agent a keeper held, connected and welcomed, for the hub to adopt. */
export interface KeptAgent {
  pty: PtyProcess;
  cols: number;
  rows: number;
  meta: KeeperMeta | null;
}
