import { any, obj } from './shape.js';
import { defineVerb } from './verb.js';
import { packHost, moveRefused } from './move-local.js';
import { packAgent } from '../remote/move-pack.js';

// `move.pack`: the source's half of a move (verbs/move.ts, through a machine's link): the agent's
// branch, its conversation's transcripts and how it resumes, packed into a transfer folder here;
// the agent runs on. The user's alone.

export const movePackVerb = defineVerb({
  name: 'move.pack',
  summary:
    'pack an agent to move it to another machine: its branch, its transcripts, how it resumes (it runs on)',
  refusals: '`no_agent`, `remote`, `exited`, `busy` (in a turn), `no_transcript`, `refused`',
  args: { agent: { type: 'agent', required: true, doc: 'the agent to pack', cli: { positional: true } } },
  answer: obj({
    packed: any('what crosses: its name, how it starts there, its git, its files and their sizes'),
  }),
  act: async (deps, req) => ({ packed: await packAgent(packHost(deps), req.agent).catch(moveRefused) }),
});
