import fs from 'node:fs';
import path from 'node:path';
import type { AgentSpec } from '../agents/types.js';
import { isRefused, type Applied } from '../hub/request-answers.js';
import { WorktreeNotMade } from '../agents/worktree.js';
import { ControlError, type ControlRequest } from '../wire/control-request.js';
import { agentRows } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Verb, VerbCall } from './verb.js';

// `botster-tui new`: starts an agent through the hub's own spawn path.

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
export async function newAgent(deps: ControlDeps, req: ControlRequest, call: VerbCall): Promise<unknown> {
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
  // An agent's new one is not shown in a view you are typing in: your next keys would go to it.
  const p = await call.who();
  const focus = req.focus !== false && (p.kind !== 'agent' || deps.typingIn() === null);
  let answer: Applied<'start_agent'>;
  try {
    answer = await deps.request({
      type: 'start_agent',
      spec,
      focus,
      ...(profile && cwd ? { cwd } : {}),
    });
  } catch (err) {
    if (!(err instanceof WorktreeNotMade)) throw err;
    throw new ControlError(`not started: cannot make its worktree: ${err.message}`, {
      reason: 'no_worktree',
    });
  }
  if (isRefused(answer)) throw new ControlError(answer.refused, { reason: 'refused' });
  if (!('agent' in answer))
    throw new ControlError(`not started: ${answer.notStarted || 'the hub did not start it'}`, {
      reason: 'not_started',
    });
  const agent = answer.agent;
  // An agent that starts one drives it freely (types into it, reads it, stops it).
  if (p.kind === 'agent') deps.drive.started(agent.id, p.id);
  // One a plugin's program started (`botster-tui new` in its process.run) is that plugin's.
  const lua = await call.lua?.();
  if (lua) deps.drive.startedByLua(agent.id, lua);
  return { agent: rowOf(deps, agent.id) };
}

export const newVerb: Verb = {
  name: 'new',
  summary: 'start an agent (a command or a profile), optionally in a new worktree or on a machine',
  may: ['agent'],
  ssh: true,
  act: (deps, req, call) => newAgent(deps, req, call),
};
