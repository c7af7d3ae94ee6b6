import { ControlError } from '../wire/control-request.js';
import { landAgent } from '../remote/move-land.js';
import { checkPacked } from '../remote/move-packed.js';
import { agentRow, agentRowOf } from './agents.js';
import { landHost, moveRefused } from './move-local.js';
import { obj } from './shape.js';
import { defineVerb } from './verb.js';

// `move.land`: the target's half of a move (verbs/move.ts, through a machine's link): what
// `move.pack` packed, its parts written here with `move.part`, laid down (its branch where it
// worked, its transcripts where its CLI looks) and the agent started in its conversation, in its
// box. Answered once it runs here. The user's alone.

export const moveLandVerb = defineVerb({
  name: 'move.land',
  summary:
    'start here an agent packed on another machine, in its conversation and folder, once its parts came',
  refusals: '`usage` (not a pack), `refused` (git there, a before_agent_arrive handler), `not_started`',
  args: {
    pack: {
      type: 'string',
      required: true,
      nonEmpty: true,
      doc: 'what move.pack answered (JSON)',
      cli: false,
    },
    transfer: {
      type: 'string',
      required: true,
      nonEmpty: true,
      doc: 'the transfer its parts came in here',
      cli: false,
    },
  },
  answer: obj({ agent: agentRow }),
  act: async (deps, req, call) => {
    let packed;
    try {
      packed = checkPacked(JSON.parse(req.pack));
    } catch (err) {
      throw new ControlError(`not a pack: ${(err as Error).message}`, { reason: 'usage' });
    }
    const { id } = await landAgent(landHost(deps, call), packed, req.transfer).catch(moveRefused);
    const row = agentRowOf(deps, id);
    if (!row)
      throw new ControlError(`${packed.name} started here, then went at once`, { reason: 'not_started' });
    return { agent: row };
  },
});
