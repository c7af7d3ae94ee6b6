import { ControlError } from '../wire/control-request.js';
import { BoxError, type Box } from '../box/box.js';
import type { Checked, VerbArgs } from './args.js';
import { USER, describePrincipal } from '../hub/principal.js';
import { findAgent } from './agents.js';
import type { ControlDeps } from './ports.js';
import { defineVerb, type VerbCall } from './verb.js';
import { int, nullable, obj, str, type Answer } from './shape.js';

/** A variable that picks what a box writes (its CLI's config folder) or its account. */
const boxChooses = (box: Box, k: string): boolean =>
  k === 'BOTSTER_ACCOUNT' || (box.yields ?? Object.keys(box.env)).includes(k);

const answer = obj({
  agent: obj({ id: str(), name: str(), pid: nullable(int('its new process')) }),
});

/**
 * `restart`: stops an agent and starts it again in its place (the same number, command and folder
 * or worktree; the same conversation), as the r key does once you said yes. Answers the agent as it
 * runs now, with its new process.
 */
export async function restartAgent(
  deps: ControlDeps,
  req: Checked<typeof restartArgs>,
  call?: VerbCall,
): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  // Another command in its place (tmux's respawn-pane): the same number, name and lead.
  const command = req.command;
  if (req.args && !command)
    throw new ControlError('args go with command (the program they are for)', { reason: 'usage' });
  const spec = command
    ? {
        command,
        ...(req.args ? { args: req.args } : {}),
        name: agent.info.name,
        cwd: req.cwd ?? agent.info.cwd,
        ...(req.env ? { env: req.env } : {}),
      }
    : undefined;
  if (req.env && !command)
    throw new ControlError("env goes with command (set over the agent's own for the new one)", {
      reason: 'usage',
    });
  if (req.cwd && !command)
    throw new ControlError('cwd goes with command (where the new one runs)', { reason: 'usage' });
  const lead = deps.drive.startedBy(agent.id);
  const who = call ? await call.who() : USER;
  // Another command in an agent's place is a new program it runs: an improvement's code does that
  // only to the agents it started (it drives others as its agent may, judged before: drives).
  if (spec && who.kind === 'improvement' && deps.drive.luaAncestry(agent.id) !== describePrincipal(who))
    throw new ControlError(
      `${describePrincipal(who)} may not restart agent ${agent.info.name} (id:${agent.id}) with another command: only you can (an improvement restarts with another command only the agents it started)`,
      { reason: 'refused' },
    );
  // A box's config folders (CLAUDE_CONFIG_DIR: the folder it writes, its account) are never a
  // boxed agent's to choose: another account's login is not its to read (docs/accounts.md).
  // (an improvement's request is its pusher's: a boxed agent's improvement chooses no more than it)
  const asker =
    who.kind === 'agent' ? who.id : who.kind === 'improvement' ? deps.improvementPusher(who.name) : undefined;
  const box = asker ? (deps.agents.get(asker)?.spec.box ?? agent.spec.box) : undefined;
  const chosen = box && req.env ? Object.keys(req.env).filter((k) => boxChooses(box, k)) : [];
  if (chosen.length)
    throw new ControlError(
      `${describePrincipal(who)} may not set ${chosen.join(', ')}: its box's folders and account are yours to choose`,
      { reason: 'refused' },
    );
  // (asked by an agent: what runs again runs in that agent's box, when it has one; a box's folders
  // are fixed: only you move it elsewhere)
  try {
    await deps.lifecycle.restart(
      agent.id,
      spec,
      who.kind === 'agent' ? who.id : undefined,
      who.kind === 'user',
    );
  } catch (err) {
    if (err instanceof BoxError) throw new ControlError(err.message, { reason: 'refused' });
    throw err;
  }
  const now = deps.agents.get(agent.id);
  // Another machine's agent is restarted by its own hub: the row here stays the same.
  if (!now || (now === agent && !deps.remoteOf(agent.id)))
    throw new ControlError(`agent ${agent.info.name} (id:${agent.id}) was not started again`, {
      reason: 'not_started',
    });
  // Still its lead's: the one that started it drives it as before.
  if (lead !== undefined && deps.drive.startedBy(now.id) === undefined) deps.drive.started(now.id, lead);
  return { agent: { id: now.id, name: now.info.name, pid: now.info.pid } };
}

const restartArgs = {
  agent: { type: 'agent', required: true, doc: 'the agent to restart', cli: { positional: true } },
  command: {
    type: 'string',
    nonEmpty: true,
    doc: 'run this instead (a shell command line, or with args the program), as tmux respawn-pane does',
    cli: false,
  },
  args: { type: 'strings', nonEmpty: true, maxItems: 1000, doc: "the program's arguments", cli: false },
  cwd: { type: 'path', doc: 'where the new command runs (default: where the agent ran)', cli: false },
  env: {
    type: 'map',
    doc: "set over the agent's environment for the new command (an account's CLAUDE_CONFIG_DIR, say)",
    cli: false,
  },
} as const satisfies VerbArgs;

export const restartVerb = defineVerb({
  name: 'agent.restart',
  command: true,
  summary: 'stop an agent and start it again in its place (same number, command, folder and conversation)',
  drives: 'restart',
  refusals:
    '`no_agent`, `not_started`, `refused` (an agent, one it did not start, unless you let it; a boxed one, another folder than its box writes)',
  args: restartArgs,
  answer,
  act: (deps, req, call) => restartAgent(deps, req, call),
});
