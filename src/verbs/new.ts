import fs from 'node:fs';
import type { AgentSpec } from '../agents/types.js';
import type { StartAnswer } from '../lifecycle/spawn-options.js';
import { describePrincipal, type Principal } from '../hub/principal.js';
import { WorktreeNotMade } from '../agents/worktree.js';
import { ControlError } from '../wire/control-request.js';
import { agentRowOf } from './agents.js';
import type { ControlDeps } from './ports.js';
import type { Checked, VerbArgs } from './args.js';
import { defineVerb, type VerbCall } from './verb.js';
import { agentRow } from './agents.js';
import { int, obj, open, type Answer } from './shape.js';

const newAnswer = obj({ agent: open({ ...agentRow.props, number: int('its number, as listed') }) });

// `botster-tui new`: starts an agent through the hub's own spawn path.

// (Each field's type, absolute paths included, is checked by the verb's args: only what they cannot
// say is checked here.)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The agent as `agents` lists it (with its number). */
function rowOf(deps: ControlDeps, id: string): Answer<typeof newAnswer>['agent'] {
  const row = agentRowOf(deps, id);
  if (!row) throw new ControlError(`agent ${id} was started, then went at once`, { reason: 'not_started' });
  // One number everywhere: the list's, the id's.
  return { number: Number(id), ...row };
}

/** A folder of the request (absolute: the verb's args), there when it is on this machine. */
function folder(v: unknown, here: boolean): string | undefined {
  const dir = str(v);
  if (dir === undefined) return undefined;
  if (here && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new ControlError(`no folder ${dir}`, { reason: 'usage' });
  return dir;
}

/**
 * `new`: starts an agent through the hub's own spawn path (profiles, worktrees, before_agent_spawn)
 * in `cwd`, else its profile's folder, else `caller_cwd` (where `botster-tui new` was run), else the
 * hub's. A worktree asked for that cannot be made starts nothing (reason `no_worktree`).
 */
export async function newAgent(
  deps: ControlDeps,
  req: Checked<typeof newArgs>,
  call: VerbCall,
  /** Set over its environment: the hub's own callers only (a move's landing: its account), never a request's. */
  env?: Record<string, string>,
): Promise<Answer<typeof newAnswer>> {
  const name = str(req.name);
  // A name asked for by name is refused when it cannot be (another agent's, the hub's, a number):
  // `suffix` (tmux's -n) takes the free one after it, as a name the hub derives does.
  const bad = name !== undefined && !req.machine ? deps.agents.nameProblem(name) : null;
  if (bad && req.suffix !== true) throw new ControlError(`not started: ${bad}`, { reason: 'name' });
  // --worktree "": a new worktree on a branch the hub names
  const fresh = req.worktree === '';
  const branch = fresh ? undefined : str(req.worktree);
  if (branch !== undefined && branch.trim() === '')
    throw new ControlError('worktree must be a branch, or "" for one the hub names', { reason: 'usage' });
  const base = str(req.base);
  const profile = str(req.profile);
  // On a machine of settings.machines: its hub checks the folder and the profile.
  const machine = str(req.machine);
  const cwd = folder(req.cwd, !machine);
  // (another machine's agent starts in a folder there: not where the caller is here)
  const callerCwd = machine ? undefined : folder(req.caller_cwd, true);
  const command = str(req.command);
  const args = req.args;
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
    : { command: command as string, ...(args ? { args } : {}) };
  if (name) spec.name = name;
  if (env) spec.env = { ...env };
  // A profile's own folder comes before the caller's (and gives way to --cwd: spawn's `cwd`).
  const where = profile ? callerCwd : (cwd ?? callerCwd);
  if (where) spec.cwd = where;
  if (branch || fresh) spec.worktree = { ...(branch ? { branch } : {}), ...(base ? { base } : {}) };
  else if (base)
    throw new ControlError('base goes with worktree (the branch the new worktree starts from)', {
      reason: 'usage',
    });
  if (machine) spec.machine = machine;
  const box = str(req.sandbox);
  if (box !== undefined) spec.sandbox = box === 'off' ? false : box;
  // An agent's new one is not shown in a view you are typing in: your next keys would go to it.
  const p = await call.who();
  const focus = req.focus !== false && (p.kind !== 'agent' || deps.typingIn() === null);
  // The agent on whose word it starts: the one that asks, or whose script or keys ran the Lua that asks.
  const by = call.luaOrigin?.by;
  const starter = p.kind === 'agent' ? p.id : typeof by === 'object' ? by.id : undefined;
  const within = starter ?? improvementBox(deps, p);
  let answer: StartAnswer;
  try {
    // (asked by an agent: it starts in that agent's box, when it has one)
    answer = await deps.lifecycle.start(spec, {
      focus,
      ...(profile && cwd ? { cwd } : {}),
      ...(within ? { within } : {}),
      worktreeRequired: true,
    });
  } catch (err) {
    if (!(err instanceof WorktreeNotMade)) throw err;
    throw new ControlError(`not started: cannot make its worktree: ${err.message}`, {
      reason: 'no_worktree',
    });
  }
  if (!('agent' in answer))
    throw new ControlError(`not started: ${answer.notStarted || 'the hub did not start it'}`, {
      reason: 'not_started',
    });
  const agent = answer.agent;
  // An agent that starts one drives it freely (types into it, reads it, stops it).
  if (starter) deps.drive.started(agent.id, starter);
  // One that a plugin's program (`botster-tui new` in its process.run) or sandboxed Lua started
  // (app:spawn of a plugin, an improvement, an untrusted project) is that Lua's; an improvement's
  // is also the agent's that pushed it (it reads and drives what its improvement started).
  const lua =
    (await call.lua?.()) ?? (p.kind !== 'user' && p.kind !== 'agent' ? describePrincipal(p) : undefined);
  if (lua) deps.drive.startedByLua(agent.id, lua);
  if (p.kind === 'improvement') {
    const pusher = deps.improvementPusher(p.name);
    if (pusher) deps.drive.started(agent.id, pusher);
  }
  return { agent: rowOf(deps, agent.id) };
}

/**
 * The agent in whose box what an improvement starts runs: the agent that pushed it (a box never
 * grows: a boxed agent's improvement once started an unboxed agent that wrote your ~/.bashrc).
 * One whose pusher is gone starts nothing, its box no longer known; a file dropped in by hand
 * (no pusher) starts as you.
 */
function improvementBox(deps: ControlDeps, p: Principal): string | undefined {
  if (p.kind !== 'improvement') return undefined;
  const pusher = deps.improvementPusher(p.name);
  if (!pusher) return undefined;
  if (!deps.agents.get(pusher))
    throw new ControlError(
      `not started: improvement ${p.name} starts agents in the box of agent ${pusher}, which pushed it, and that agent is gone`,
      { reason: 'not_started' },
    );
  return pusher;
}

/** Its arguments (checked before act: ./args.ts). */
const newArgs = {
  command: {
    type: 'string',
    nonEmpty: true,
    doc: 'a shell command line, or with args the program',
    cli: false,
  },
  args: { type: 'strings', nonEmpty: true, maxItems: 1000, doc: "the program's arguments", cli: false },
  name: {
    type: 'string',
    nonEmpty: true,
    doc: "the agent's name in the list: unique, not the hub's, not a number (else refused)",
    cli: { placeholder: 'N' },
  },
  suffix: {
    type: 'boolean',
    doc: "a name taken, the hub's or a number gets the free one after it (-2, -3...) instead of a refusal (tmux's -n)",
    cli: false,
  },
  cwd: {
    type: 'path',
    doc: "the folder it runs in (before a profile's own)",
    cli: {
      placeholder: 'DIR',
      doc: "the folder it runs in (relative to where you are; default: where you are, or its profile's folder)",
    },
  },
  caller_cwd: {
    type: 'path',
    doc: 'where the caller is: where it runs when neither cwd nor its profile names a folder',
    cli: false,
  },
  worktree: {
    type: 'string',
    doc: 'run it in a new git worktree on this branch ("": the hub names it)',
    cli: {
      placeholder: 'BRANCH',
      doc: 'run it in a new git worktree on BRANCH of the repository it starts in (as a profile\'s worktree = true), in the same subfolder of it as you are in the repository; --worktree "" names the branch for you (botster/NAME). No worktree, no agent: outside a repository, or when git refuses, nothing starts (exit 9)',
    },
  },
  base: {
    type: 'string',
    nonEmpty: true,
    doc: 'the branch the new worktree starts from',
    cli: {
      placeholder: 'REF',
      doc: 'the branch the new worktree starts from (default: the one checked out)',
    },
  },
  profile: {
    type: 'string',
    nonEmpty: true,
    doc: 'start this profile (user/profiles.lua) instead of a command',
    cli: { placeholder: 'P', doc: 'start profile P (user/profiles.lua) instead of a command' },
  },
  focus: {
    type: 'boolean',
    doc: "show it (default true; false leaves the hub's focus where it is)",
    cli: { negated: true, doc: "leave the hub's focus where it is" },
  },
  sandbox: {
    type: 'string',
    nonEmpty: true,
    doc: 'the box it runs in: a name of sandbox.boxes (default, strict), or "off" for none (an agent\'s word: its own box, whatever is asked)',
    cli: {
      placeholder: 'BOX',
      doc: 'run it in box BOX of sandbox.boxes (default, strict), or "off" for none; started from a boxed agent, it runs in that agent\'s box whatever is asked (docs/security.md)',
    },
  },
  machine: {
    type: 'string',
    nonEmpty: true,
    doc: "start it on this machine of the hub's settings.machines",
    cli: {
      placeholder: 'M',
      doc: "start it on machine M of the hub's settings.machines (--cwd is a folder there)",
    },
  },
} as const satisfies VerbArgs;

export const newVerb = defineVerb({
  name: 'agent.new',
  command: true,
  summary: 'start an agent (a command or a profile), optionally in a new worktree or on a machine',
  ssh: true,
  refusals:
    "`usage` (no folder, both or neither of command/profile), `name` (the name is another agent's, the hub's, a number or holds control characters), `no_profile`, `no_worktree` (a worktree was asked for, by `worktree` or the profile, and could not be made: nothing started; `error` says why), `not_started` (with the hub's reason)",
  args: newArgs,
  answer: newAnswer,
  act: (deps, req, call) => newAgent(deps, req, call),
});
