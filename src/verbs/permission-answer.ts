// `permission.answer`: your answer to the permission question an agent waits with, the one your
// rules left to you (agent.permission): allow it once, allow it always for this agent (the rules
// answer the same question allow from now on, through its restarts and the server's), or deny it. Yours alone:
// no agent answers a question, its own least of all. It records and logs the answer; the CLI's own
// dialog is answered by the caller with the CLI's yes or no (the web page's buttons, `a a` / `a y`
// / `a n`: lua/default/answers.lua).
import { findAgent } from './agents.js';
import type { VerbArgs } from './args.js';
import { defineVerb } from './verb.js';
import { agentRef, obj, oneOf, str } from './shape.js';

const ANSWERS = ['allow', 'always', 'deny'] as const;

const args = {
  agent: { type: 'agent', required: true, doc: 'the agent that waits', cli: { positional: true } },
  answer: {
    type: 'enum',
    values: ANSWERS,
    required: true,
    doc: 'allow (once), always (allow it for this agent from now on) or deny',
    cli: { positional: true },
  },
  key: { type: 'string', doc: 'the question you were shown (its key): refused if it asks another now' },
} as const satisfies VerbArgs;

export const permissionAnswerVerb = defineVerb({
  name: 'permission.answer',
  summary: 'answer the permission question an agent waits with: allow once, always for this agent, or deny',
  refusals:
    '`no_agent`, `no_question` (none the rules left to you), `changed` (another question than `key`), `not_waiting`',
  args,
  answer: obj({
    agent: agentRef,
    answer: oneOf(ANSWERS),
    tool: str(),
    subject: str('what it was about'),
  }),
  act: (deps, req) => {
    const agent = findAgent(deps, req.agent);
    return { ...deps.permissions.answer(agent.id, req.answer, req.key), answer: req.answer };
  },
});
