import fs from 'node:fs';
import path from 'node:path';
import type { AgentSpec } from '../agents/types.js';
import type { Agent } from '../agents/agent.js';
import { WorktreeNotMade } from '../agents/worktree.js';
import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { agentRows, findAgent } from './control-agents.js';
import { readAgent } from '../agents/agent-screen.js';
import type { ControlDeps } from './ports.js';

// `new`, `kill`, `focus`, `close` and `read` on the hub's control socket (botster-tui new ...).

const str = (v: unknown, what: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.includes('\0'))
    throw new ControlError(`${what} must be a non-empty string`, { reason: 'usage' });
  return v;
};

/** The agent as `agents` lists it (with its number). */
function rowOf(deps: ControlDeps, id: string) {
  const row = agentRows(deps).find((r) => r.id === id);
  // One number everywhere: the list's, the id's.
  return { number: Number(id), ...row };
}

/** A folder of the request: absolute, and (on this machine) there. */
function folder(v: unknown, what: string, here: boolean): string | undefined {
  const dir = str(v, what);
  if (dir === undefined) return undefined;
  if (!path.isAbsolute(dir))
    throw new ControlError(`${what} must be an absolute path, got "${dir}"`, { reason: 'usage' });
  if (here && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new ControlError(`no folder ${dir}`, { reason: 'usage' });
  return dir;
}

/**
 * `new`: starts an agent through the hub's own spawn path (profiles, worktrees, before_agent_spawn)
 * in `cwd`, else its profile's folder, else `caller_cwd` (where `botster-tui new` was run), else the
 * hub's. A worktree asked for that cannot be made starts nothing (reason `no_worktree`).
 */
export async function newAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const name = str(req.name, 'name');
  // --worktree "": a new worktree on a branch the hub names
  const fresh = req.worktree === '';
  const branch = fresh ? undefined : str(req.worktree, 'worktree');
  const base = str(req.base, 'base');
  const profile = str(req.profile, 'profile');
  // On a machine of settings.machines: its hub checks the folder and the profile.
  const machine = str(req.machine, 'machine');
  const cwd = folder(req.cwd, 'cwd', !machine);
  // (another machine's agent starts in a folder there: not where the caller is here)
  const callerCwd = machine ? undefined : folder(req.caller_cwd, 'caller_cwd', true);
  const command = str(req.command, 'command');
  const args = req.args;
  if (
    args !== undefined &&
    (!Array.isArray(args) ||
      args.length > 1000 ||
      !args.every((a) => typeof a === 'string' && !a.includes('\0')))
  ) {
    throw new ControlError('args must be a list of strings', { reason: 'usage' });
  }
  if (req.focus !== undefined && typeof req.focus !== 'boolean')
    throw new ControlError('focus must be true or false', { reason: 'usage' });
  if (profile && command)
    throw new ControlError('give a profile or a command, not both', { reason: 'usage' });
  if (!profile && !command)
    throw new ControlError('give the command to run (after --) or a --profile', { reason: 'usage' });
  if (profile && !machine && !deps.profiles().includes(profile)) {
    const known = deps.profiles();
    throw new ControlError(
      `no profile "${profile}" (${known.length ? `the profiles: ${known.join(', ')}` : 'define one in user/profiles.lua with profiles.define'})`,
      { reason: 'no_profile' },
    );
  }
  const spec: AgentSpec = profile
    ? { command: `profile:${profile}` }
    : { command: command as string, ...(Array.isArray(args) ? { args: args as string[] } : {}) };
  if (name) spec.name = name;
  // A profile's own folder comes before the caller's (and gives way to --cwd: spawn's `cwd`).
  const where = profile ? callerCwd : (cwd ?? callerCwd);
  if (where) spec.cwd = where;
  if (branch || fresh) spec.worktree = { ...(branch ? { branch } : {}), ...(base ? { base } : {}) };
  else if (base)
    throw new ControlError('base goes with worktree (the branch the new worktree starts from)', {
      reason: 'usage',
    });
  if (machine) spec.machine = machine;
  const notice = deps.store.state.notice;
  let agent;
  try {
    agent = (await deps.request({
      type: 'start_agent',
      spec,
      focus: req.focus !== false,
      ...(profile && cwd ? { cwd } : {}),
    })) as Agent | null;
  } catch (err) {
    if (!(err instanceof WorktreeNotMade)) throw err;
    throw new ControlError(`not started: cannot make its worktree: ${err.message}`, {
      reason: 'no_worktree',
    });
  }
  if (!agent) {
    // spawn says why on screen (a handler cancelled it, a worktree git refused): say it here too.
    const why =
      deps.store.state.notice !== notice && deps.store.state.notice
        ? deps.store.state.notice.text
        : 'the hub did not start it';
    throw new ControlError(`not started: ${why}`, { reason: 'not_started' });
  }
  return { agent: rowOf(deps, agent.id) };
}

/** `kill`: stops a running agent (SIGHUP, as the x key); a before_agent_kill handler may refuse. */
export async function killAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  const who = `agent ${agent.info.name} (id:${agent.id})`;
  if (agent.isExited)
    throw new ControlError(`${who} has already exited (botster-tui close takes it off the list)`, {
      reason: 'exited',
    });
  const notice = deps.store.state.notice;
  await deps.request({ type: 'kill', id: agent.id });
  if (
    !agent.isExited &&
    deps.store.state.notice !== notice &&
    deps.store.state.notice?.text.includes('not stopped')
  ) {
    throw new ControlError(deps.store.state.notice.text, { reason: 'refused' });
  }
  return { agent: { id: agent.id, name: agent.info.name } };
}

/** `focus`: shows the agent in the client that typed last (the hub's current view). */
export async function focusAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  await deps.request({ type: 'focus', id: agent.id });
  await deps.whenIdle();
  return { agent: { id: agent.id, name: agent.info.name } };
}

/** `close`: takes an exited agent off the list; a running one must be killed first (as x/X say). */
export async function closeAgent(deps: ControlDeps, req: ControlRequest): Promise<unknown> {
  const agent = findAgent(deps, req.agent);
  if (!agent.isExited)
    throw new ControlError(
      `agent ${agent.info.name} (id:${agent.id}) is running: botster-tui kill stops it first`,
      { reason: 'running' },
    );
  await deps.request({ type: 'close', agent: agent.id });
  return { agent: { id: agent.id, name: agent.info.name } };
}

/** `read`: what the agent shows (see agent-screen.ts). */
export function readScreen(deps: ControlDeps, req: ControlRequest): unknown {
  const agent = findAgent(deps, req.agent);
  const lines = req.lines;
  if (lines !== undefined && (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0))
    throw new ControlError('lines must be a whole number', { reason: 'usage' });
  for (const f of ['scrollback', 'ansi'] as const)
    if (req[f] !== undefined && typeof req[f] !== 'boolean')
      throw new ControlError(`${f} must be true or false`, { reason: 'usage' });
  const text = readAgent(agent, { lines, scrollback: req.scrollback === true, ansi: req.ansi === true });
  const t = agent.terminal;
  return {
    agent: {
      id: agent.id,
      name: agent.info.name,
      state: deps.store.state.agentStates[agent.id]?.state ?? 'running',
    },
    lines: text,
    cols: t.cols,
    rows: t.rows,
  };
}
