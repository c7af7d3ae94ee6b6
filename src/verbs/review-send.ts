// `review_send AGENT`: every review comment not sent yet goes to the agent as one prompt (see
// src/review/). An agent at work is waited for, or the caller is told (busy: settings.review_busy).
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { bool, int, list, obj, str } from './shape.js';
import { commentShape } from './review-shapes.js';
import { isBusy, typePrompt, whenNotBusy } from '../review/review-send.js';
import { promptRefusal } from '../lifecycle/prompt-gate.js';

const args = {
  agent: { type: 'agent', required: true, doc: 'the agent to send them to', cli: { positional: true } },
  busy: {
    type: 'enum',
    values: ['ask', 'wait', 'now'],
    doc: 'when it is at work: ask (refused with busy), wait for its turn to end, or now (default: settings.review_busy)',
  },
  force: {
    type: 'boolean',
    doc: 'send even where no agent CLI reads it (a shell runs the lines as commands; else refused with shell or not_cli: prompts.reads)',
  },
  shell: { type: 'boolean', doc: 'the same as force (its older name)' },
} as const satisfies VerbArgs;

export const reviewSendVerb = defineVerb({
  name: 'review.send',
  waits: true,
  command: true,
  summary: 'send every review comment not sent yet to the agent, as one prompt',
  drives: 'type into',
  refusals:
    '`no_agent`, `exited`, `nothing` (no comment to send), `shell` (a shell is in its foreground: it would run the prompt) or `not_cli` (a program no CLI file knows; both: prompts.reads, unless force), `busy` (it is at work and busy is ask)',
  args,
  answer: obj({
    sent: int('how many comments went'),
    comments: list(commentShape),
    text: str('the prompt as typed'),
    waited: bool('it was at work, and they went when its turn ended'),
  }),
  act: async (deps, req, call) => {
    const agent = findAgent(deps, req.agent);
    if (agent.isExited)
      throw new ControlError(`agent ${agent.info.name} (id:${agent.id}) has exited: nothing reads a prompt`, {
        reason: 'exited',
      });
    const unsent = (deps.review.comments.list(agent.id) ?? []).filter(
      (c) => c.state === 'new' || c.state === 'stale',
    );
    if (unsent.length === 0)
      throw new ControlError(`no review comment on ${agent.info.name} waits to be sent`, {
        reason: 'nothing',
      });
    // A prompt goes to a CLI that reads prompts (prompts.reads): a shell would run its lines (`1.`,
    // the snippets' backticks) as commands. What is in its foreground now decides.
    const refuseShell = async () => {
      const no = await promptRefusal(
        deps.emit,
        agent,
        deps.store.state.facts.shell,
        'review',
        'the review comments',
        req.force === true || req.shell === true,
      );
      if (no)
        throw new ControlError(`${no.why}. Send them anyway with force: true (the CLI: --force)`, {
          reason: no.reason,
        });
    };
    await refuseShell();
    const busy = req.busy ?? deps.review.busy();
    let waited = false;
    if (isBusy(deps.store, agent.id) && busy !== 'now') {
      if (busy === 'ask')
        throw new ControlError(
          `agent ${agent.info.name} is at work: send now (busy: now), or when its turn ends (busy: wait)`,
          { reason: 'busy' },
        );
      await whenNotBusy(deps.store, () => deps.agents.get(agent.id), call.signal);
      waited = true;
      // (its CLI may have quit meanwhile, back to its shell)
      await refuseShell();
    }
    const sent = await deps.review.comments.send(agent.id, (text, multiline) =>
      typePrompt(deps, agent, text, multiline),
    );
    if (!sent)
      throw new ControlError(`no review comment on ${agent.info.name} waits to be sent`, {
        reason: 'nothing',
      });
    return { sent: sent.comments.length, comments: sent.comments, text: sent.text, waited };
  },
});
