import { ControlError } from '../wire/control-request.js';
import { linkEnd, moveAgent, type MoveEnd } from '../remote/agent-move.js';
import { findAgent } from './agents.js';
import type { Agent } from '../agents/agent.js';
import { agentPayload } from '../effects/hub-events.js';
import { localEnd, moveRefused } from './move-local.js';
import type { ControlDeps } from './ports.js';
import { agentRef, bool, int, obj, opt, str, type Answer } from './shape.js';
import { defineVerb, type VerbCall } from './verb.js';

// `move AGENT MACHINE`: the agent goes on on another machine (docs/remote.md#moving-an-agent): its
// work as git (its branch into the clone there, a worktree made there, or a clone where its folder
// was; what it had not committed laid back uncommitted), its CLI's conversation as the CLI's own
// transcripts (where lua/default/clis/ says they are), and it starts there with its CLI's resume,
// in the same folder, in its box. The agent here stops only once the other machine says it runs;
// a failure before that leaves it running and says why. `local` is this machine.

const answer = obj({
  agent: agentRef,
  from: str('the machine it ran on ("local": this one)'),
  to: str('the machine it runs on now'),
  resumed: bool('its conversation goes on there (its CLI resumed it); false: its command started again'),
  branch: opt(str('the branch its work travelled on')),
  commit: opt(str('the commit its branch is at there')),
  uncommitted: opt(int('files it had changed and not committed, laid back on its folder there')),
});

const LOCAL = 'local';

async function move(
  deps: ControlDeps,
  req: { agent: string; machine: string },
  call: VerbCall,
): Promise<Answer<typeof answer>> {
  const agent = findAgent(deps, req.agent);
  const from = agent.machine ?? LOCAL;
  const to = req.machine;
  if (to === from)
    throw new ControlError(`${agent.info.name} runs on ${to === LOCAL ? 'this machine' : to} already`, {
      reason: 'usage',
    });
  const end = (name: string): MoveEnd => {
    if (name === LOCAL) return localEnd(deps, call);
    const link = deps.machines.link(name);
    if (!link) {
      const known = deps.machines.list().map((m) => m.name);
      throw new ControlError(
        `no machine "${name}" (${known.length ? `the machines: ${[LOCAL, ...known].join(', ')}` : 'machines.define names one'})`,
        { reason: 'no_machine' },
      );
    }
    return linkEnd(name, link);
  };
  const source = end(from);
  const target = end(to);
  const before = await deps.emit(
    'before_agent_move',
    { agent: { id: agent.id, name: agent.info.name, program: agent.info.program }, from, to },
    agent.info.name,
  );
  if (before?.cancelled)
    throw new ControlError(
      `${agent.info.name} not moved: ${before.reason ?? 'a before_agent_move handler said no'}`,
      {
        reason: 'refused',
      },
    );
  const there = deps.remoteOf(agent.id);
  const ref = there ? `id:${there.id}` : `id:${agent.id}`;
  deps.log('info', `move: ${agent.info.name} from ${from} to ${to}`);
  const { packed, landed } = await moveAgent(source, target, ref, agent.info.name).catch((err: Error) => {
    deps.log('info', `move: ${agent.info.name} stays on ${from}: ${err.message}`);
    return moveRefused(err);
  });
  // The agent as this hub lists it now: its own, or another machine's, listed from its row.
  const here =
    to === LOCAL ? deps.agents.get(landed.id) : landed.row && (await deps.machines.listed(to, landed.row));
  // (listed while the one it was still ran here: it takes its name back now that it is free)
  if (here) nameBack(deps, here, packed.name);
  deps.log('info', `move: ${packed.name} runs on ${to} now${packed.resumed ? ', in its conversation' : ''}`);
  return {
    agent: here ? { id: here.id, name: here.info.name } : { id: landed.id, name: packed.name },
    from,
    to,
    resumed: packed.resumed,
    ...(packed.git ? { branch: packed.git.branch, commit: packed.git.head } : {}),
    ...(packed.git?.changed ? { uncommitted: packed.git.changed } : {}),
  };
}

/** The agent goes by `name` again, when that is free now. */
function nameBack(deps: ControlDeps, agent: Agent, name: string): void {
  const from = agent.info.name;
  if (from === name || deps.agents.nameProblem(name, agent.id)) return;
  deps.agents.rename(agent.id, name);
  deps.store.dispatch({ type: 'agent_facts', id: agent.id, facts: { name } });
  deps.sessions.changed();
  void deps.emit('agent_renamed', { agent: agentPayload(agent.info), from }, name);
}

export const moveVerb = defineVerb({
  name: 'agent.move',
  command: true,
  summary:
    'move an agent to another machine: its branch and its conversation go, it resumes there, and stops here once it runs there',
  refusals:
    '`no_agent`, `no_machine`, `usage` (already there), `busy` (in a turn), `exited`, `no_transcript`, `refused` (git there, a before_agent_move or before_agent_arrive handler), `not_started` (it did not come up there: it runs on here), `not_stopped`',
  args: {
    agent: { type: 'agent', required: true, doc: 'the agent to move', cli: { positional: true } },
    machine: {
      type: 'string',
      required: true,
      nonEmpty: true,
      doc: 'the machine it goes to (machines.define, settings.machines; "local": this one)',
      cli: { positional: true },
    },
  },
  answer,
  act: (deps, req, call) => move(deps, req, call),
});
