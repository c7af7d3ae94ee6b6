// `message TO TEXT`: one agent's message to another (Claude Code's SendMessage, caught by its
// PreToolUse hook: src/cli/agent-side/message-hook.ts), held to the drive rules. The hub delivers it as a
// prompt typed into the receiving agent when the sender may type into it (its own, one it started,
// or once you said yes); otherwise the sender is refused and told why. A name that is no agent of
// this hub is refused (no_agent), but for the sender CLI's own message tool (cli_tool, its hook):
// that name is its CLI's to deliver (`route: "cli"`), where the hub's launch settings hold it for you.
import { ControlError } from '../wire/control-request.js';
import { agentOfPid } from '../keeper/agent-of-line.js';
import type { Agent } from '../agents/agent.js';
import type { ControlDeps } from './ports.js';
import { lookupAgent, noSuchAgent } from './agents.js';
import type { Checked, VerbArgs } from './args.js';
import { mayDrive } from './drive.js';
import { defineVerb, type VerbCall } from './verb.js';
import { agentRef, obj, oneOf, opt, str, type Answer } from './shape.js';
import { typePrompt } from '../review/review-send.js';
import { promptRefusal } from '../lifecycle/prompt-gate.js';

const args = {
  to: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: 'who gets it: an agent (its number, name, id:ID or tmux pane %N), or the name its CLI lists a session by',
    cli: { positional: true },
  },
  text: { type: 'string', required: true, nonEmpty: true, doc: 'the message', cli: { positional: true } },
  force: {
    type: 'boolean',
    doc: 'type it even where no agent CLI reads it (a shell runs its lines as commands; else refused with shell or not_cli: prompts.reads)',
  },
  pid: {
    type: 'count',
    doc: "the receiving session's process, as its CLI's session file names it (the hub tells its agent)",
    cli: false,
  },
  cli_tool: {
    type: 'boolean',
    doc: "sent by the sender CLI's own message tool (its hook): a name no agent goes by is that CLI's to deliver (route cli), not refused",
    cli: false,
  },
} as const satisfies VerbArgs;

const answer = obj({
  route: oneOf(
    ['hub', 'cli'] as const,
    'hub: typed into the agent as a prompt; cli: no agent of the hub, its CLI delivers it',
  ),
  agent: opt(agentRef),
  why: str('what became of it, in words for the sender'),
});

/** The agent `to` names (a process of one counts first), or undefined: none of this hub. */
function receiver(deps: ControlDeps, req: Checked<typeof args>): Agent | undefined {
  const byPid = req.pid ? agentOfPid(deps, req.pid) : undefined;
  if (byPid && byPid !== '?') return deps.agents.get(byPid);
  const to = req.to.replace(/\s+\[[^\]]*\]$/, '').trim();
  // (tmux's pane %N is agent N: src/tmux/)
  return lookupAgent(deps, /^%\d+$/.test(to) ? to.slice(1) : to);
}

async function deliver(
  deps: ControlDeps,
  req: Checked<typeof args>,
  call: VerbCall,
): Promise<Answer<typeof answer>> {
  const to = receiver(deps, req);
  // A typo from a shell or a tool must not look delivered: only the CLI's own tool has a way on.
  if (!to && req.cli_tool)
    return {
      route: 'cli',
      why: `no agent of this hub goes by "${req.to}": its CLI delivers it (held for the user to review)`,
    };
  if (!to) throw noSuchAgent(deps, req.to);
  const who = await call.who();
  const from = who.kind === 'agent' ? deps.agents.get(who.id) : undefined;
  if (from?.id === to.id) {
    if (req.cli_tool) return { route: 'cli', why: 'a message to itself' };
    throw new ControlError(`agent ${to.info.name} (id:${to.id}) is the sender: nothing sent`, {
      reason: 'itself',
    });
  }
  await mayDrive(deps, call, to, 'send a message to');
  if (to.isExited)
    throw new ControlError(`agent ${to.info.name} (id:${to.id}) has exited: nothing reads a message`, {
      reason: 'exited',
    });
  // Only an agent CLI reads it as a message: a shell would run its lines (prompts.reads).
  const no = await promptRefusal(
    deps.emit,
    to,
    deps.store.state.facts.shell,
    'message',
    'the message',
    req.force === true,
  );
  if (no)
    throw new ControlError(`${no.why}. Nothing sent (force: true, the CLI's --force, types it anyway)`, {
      reason: no.reason,
    });
  const sender = from ? { id: from.id, name: from.info.name } : { id: '', name: 'you' };
  const before = await deps.emit(
    'before_agent_message',
    { agent: { id: to.id }, from: sender, text: req.text, multiline: 'paste' },
    to.info.name,
  );
  if (before?.cancelled)
    throw new ControlError(`the message was not sent: ${before.reason ?? 'a hook said no'}`, {
      reason: 'cancelled',
    });
  const ev = (before?.payload ?? {}) as { text?: unknown; multiline?: unknown };
  const text = typeof ev.text === 'string' && ev.text ? ev.text : req.text;
  await typePrompt(deps, to, text, typeof ev.multiline === 'string' ? ev.multiline : 'paste');
  void deps.emit('agent_message', { agent: { id: to.id }, from: sender, text }, to.info.name);
  return {
    route: 'hub',
    agent: { id: to.id, name: to.info.name },
    why: `the hub typed it into agent ${to.info.name} (id:${to.id}) as a prompt: it reads it as its next message`,
  };
}

export const messageVerb = defineVerb({
  name: 'message',
  waits: true,
  command: true,
  summary: "send another agent a message, held to the drive rules (Claude Code's SendMessage comes here)",
  refusals:
    '`no_agent` (no agent goes by TO; cli_tool: route cli instead), `itself`, `refused` (an agent, to one it did not start, unless you let it), `exited`, `shell` or `not_cli` (no agent CLI reads it: prompts.reads; unless force), `cancelled` (a before_agent_message handler)',
  args,
  answer,
  act: (deps, req, call) => deliver(deps, req, call),
});
