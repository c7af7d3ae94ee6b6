import type { AgentInfo, AgentSpec } from '../agents/types.js';
import { isDir, worktreeMissing, type Worktree } from '../agents/worktree.js';
import type { SessionAgent, SessionId } from './session-file.js';
import { boxOf } from '../box/box.js';

/** What the hub knows about one agent when it records the session. */
export interface RecordedAgent {
  spec: AgentSpec;
  info: AgentInfo;
  /** What it was asked to be, e.g. `profile:claude` (see spawnOrigin). */
  requested?: AgentSpec;
  worktree?: Worktree;
  /** What to record as its command when it runs a resume command (`claude --resume ID`): what it ran first. */
  base?: { command: string; args?: string[] };
  started?: string;
  sessions?: SessionId[];
  /** The questions you answered "allow always" for it. */
  allowed?: string[];
  /** Your answers to its box's host questions. */
  hosts?: Record<string, boolean>;
}

/**
 * The agents to record for `--restore`: only those still running (an agent that exited or never
 * started is not brought back), with what is needed to run each exactly as it ran.
 */
export function sessionAgents(agents: RecordedAgent[]): SessionAgent[] {
  return agents.filter((a) => a.info.status !== 'exited').map(recordOf);
}

function recordOf(a: RecordedAgent): SessionAgent {
  const run = a.base ?? a.spec;
  const out: SessionAgent = { id: a.info.id, name: a.info.name, command: run.command, cwd: a.info.cwd };
  if (!a.spec.name?.trim()) out.named = false;
  if (run.args) out.args = run.args;
  if (a.spec.env && Object.keys(a.spec.env).length > 0) out.env = a.spec.env;
  const profile = /^profile:(.+)$/.exec(a.requested?.command.trim() ?? '')?.[1];
  if (profile) out.profile = profile;
  if (a.worktree) out.worktree = a.worktree;
  if (a.info.program) out.program = a.info.program;
  if (a.started) out.started = a.started;
  if (a.sessions?.length) out.sessions = a.sessions;
  if (a.allowed?.length) out.allowed = a.allowed;
  if (a.hosts && Object.keys(a.hosts).length) out.hosts = a.hosts;
  // Its box: one an agent's box gave it comes back in that box, not in what Lua would choose now.
  if (a.spec.box) out.box = a.spec.box;
  return out;
}

/**
 * What an agent was asked to be, when that differs from what runs: `profile:NAME` (so
 * agent.restart runs the profile as it is now, and the next quit records the profile again).
 */
export function spawnOrigin(requested: AgentSpec, resolved: AgentSpec): AgentSpec | null {
  if (requested.command !== resolved.command) return requested;
  return resolved.profile ? { command: `profile:${resolved.profile}` } : null;
}

/** An agent started again (agent.restart) runs as it ran, in the worktree it had, still tracked as its. */
export function inSameWorktree(spec: AgentSpec, wt: Worktree, requested: AgentSpec | undefined): AgentSpec {
  const profile = /^profile:(.+)$/.exec(requested?.command.trim() ?? '')?.[1];
  return { ...spec, worktree: { existing: wt }, ...(profile ? { profile } : {}) };
}

/** One recorded agent that can come back: the spec that starts it again as it ran, and its record. */
export interface RestorePlan {
  spec: AgentSpec;
  record: SessionAgent;
}

/**
 * Recorded agents -> the specs to start, and a notice naming each agent that cannot come back and
 * what is missing. Such an agent is not started: running it anywhere else (the repository's main
 * checkout, $HOME) would let it work on the wrong files.
 */
export function planRestore(agents: SessionAgent[]): {
  specs: AgentSpec[];
  plans: RestorePlan[];
  notice: string | null;
} {
  const specs: AgentSpec[] = [];
  const plans: RestorePlan[] = [];
  const missing: string[] = [];
  for (const a of agents) {
    const name = a.name ?? a.command;
    const why = a.worktree
      ? worktreeMissing(a.worktree)
      : a.cwd && !isDir(a.cwd)
        ? `its folder ${a.cwd} is gone`
        : null;
    if (why) {
      missing.push(`${name}: ${why}${a.profile ? ` (start a new one with profile:${a.profile})` : ''}`);
      continue;
    }
    const spec: AgentSpec = { command: a.command };
    if (a.args) spec.args = a.args;
    // A name the hub made (`bash-2`) is made again: a shell resumed as claude is named claude.
    if (a.name && a.named !== false) spec.name = a.name;
    if (a.cwd) spec.cwd = a.cwd;
    if (a.env) spec.env = a.env;
    if (a.profile) spec.profile = a.profile;
    if (a.worktree) spec.worktree = { existing: a.worktree };
    if (a.box) {
      try {
        const box = boxOf(a.box);
        if (box) spec.box = box;
      } catch {
        missing.push(`${name}: its box in session.json is not one (it is not started unboxed)`);
        continue;
      }
    }
    specs.push(spec);
    plans.push({ spec, record: a });
  }
  const notice = missing.length === 0 ? null : `not restored: ${missing.join('; ')}`;
  return { specs, plans, notice };
}
