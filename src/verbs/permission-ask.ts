// `permission.ask`: an agent's CLI asks before a tool ("may I run `npm test`?": Claude Code's
// PermissionRequest hook, src/cli/agent-side/permission-hook.ts), and the hub answers from your
// policy in Lua (permissions.decide, lua/default/permissions.lua): allow, deny with the reason its
// model reads, or ask (its own dialog shows, and the question waits for you: permission.answer).
// Who asks is the kernel's word: an agent asks for itself. You may try any agent's question (or
// none's): the rules' answer, logged as a try, nothing recorded.
import { ControlError } from '../wire/control-request.js';
import { findAgent } from './agents.js';
import type { Checked, VerbArgs } from './args.js';
import type { ControlDeps } from './ports.js';
import { defineVerb, type VerbCall } from './verb.js';
import { nullable, obj, oneOf, str, type Answer } from './shape.js';

const args = {
  tool: {
    type: 'string',
    required: true,
    nonEmpty: true,
    doc: 'the tool it asks to use (Bash, Edit, WebFetch, mcp__server__tool)',
    cli: { positional: true },
  },
  input: {
    type: 'map',
    doc: "the tool's input by field, as text (Bash: command=...)",
    cli: {
      placeholder: 'FIELD=TEXT',
      doc: "a field of the tool's input (again for each: --input command='npm test')",
    },
  },
  cwd: { type: 'string', doc: 'the folder its CLI runs in' },
  agent: {
    type: 'agent',
    doc: "whose question it is: an agent asks for itself; you may try any agent's (nothing is recorded)",
    cli: { flag: 'for', placeholder: 'AGENT' },
  },
} as const satisfies VerbArgs;

const answer = obj({
  decision: oneOf(
    ['allow', 'deny', 'ask'] as const,
    'allow: it runs; deny: refused, with reason; ask: you are asked',
  ),
  reason: str('why, in words (what its model is told of a deny)'),
  rule: nullable(str('the rule that answered (null: none did)')),
  subject: str('what it is about: the command, the file, the address'),
  key: str('which question it is (permission.answer names it)'),
});

async function ask(
  deps: ControlDeps,
  req: Checked<typeof args>,
  call: VerbCall,
): Promise<Answer<typeof answer>> {
  const who = await call.who();
  const named = req.agent !== undefined ? findAgent(deps, req.agent) : undefined;
  if (who.kind === 'agent' && named && named.id !== who.id)
    throw new ControlError(
      `agent ${who.id} asks for itself only, not for agent ${named.info.name} (id:${named.id})`,
      {
        reason: 'refused',
      },
    );
  const id = who.kind === 'agent' ? who.id : (named?.id ?? null);
  const q = { tool: req.tool, input: req.input ?? {}, ...(req.cwd ? { cwd: req.cwd } : {}) };
  return deps.permissions.ask(id, q, who.kind !== 'agent');
}

export const permissionAskVerb = defineVerb({
  name: 'permission.ask',
  waits: true,
  command: true,
  summary:
    "an agent's CLI asks before a tool: your rules in Lua answer allow, deny or ask (docs/permissions.md)",
  refusals: '`no_agent`, `refused` (an agent, for another agent)',
  args,
  answer,
  act: (deps, req, call) => ask(deps, req, call),
});
