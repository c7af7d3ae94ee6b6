// `review_send AGENT`: every review comment not sent yet goes to the agent as one prompt (see
// src/review/). An agent at work is waited for, or the caller is told (busy: settings.review_busy).
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { bool, int, list, obj, str } from './shape.js';
import { commentShape } from './review-shapes.js';
import { isBusy, typePrompt, whenNotBusy } from '../review/review-send.js';

const args = {
  agent: { type: 'agent', required: true, doc: 'the agent to send them to', cli: { positional: true } },
  busy: {
    type: 'enum',
    values: ['ask', 'wait', 'now'],
    doc: 'when it is at work: ask (refused with busy), wait for its turn to end, or now (default: settings.review_busy)',
  },
} as const satisfies VerbArgs;

export const reviewSendVerb = defineVerb({
  name: 'review_send',
  summary: 'send every review comment not sent yet to the agent, as one prompt',
  may: ['agent'],
  drives: 'type into',
  refusals: '`no_agent`, `exited`, `nothing` (no comment to send), `busy` (it is at work and busy is ask)',
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
