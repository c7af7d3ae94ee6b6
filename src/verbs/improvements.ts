import { ImprovementError } from '../reload/improvement-error.js';
import { ControlError } from '../wire/control-request.js';
import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, obj, oneOf, str, type Answer } from './shape.js';

// `improvements`: what improvements this home has (every version kept, which is live, what waits
// for your answer), as `botster-tui improvements list` prints it; `revert` makes an earlier version
// live again at once. An agent lists; it reverts only an improvement whose live version it pushed
// (its own change, as it could push that version again): one you dropped in, another agent's, or one
// you disabled stays as it is (`botster-tui improvements revert` is yours).

const improvementsAnswer = obj({
  improvements: list(
    obj({
      name: str(),
      live: nullable(int('the version loaded now (null: disabled)')),
      disabled: bool(),
      versions: int('how many versions are kept'),
      latest: nullable(
        obj({
          version: int(),
          decision: str("the policy's (or yours)"),
          agent: nullable(str('the agent that pushed it (null: a file)')),
          at: str(),
        }),
      ),
    }),
    'by name',
  ),
  waiting: list(
    obj({
      name: str(),
      agent: nullable(str('the agent that pushed it (null: a file)')),
      reasoning: str("the policy's"),
      at: str(),
    }),
    'pushed, waiting for your answer (improvements.accept NAME), oldest first',
  ),
  reverted: nullable(
    obj({
      name: str(),
      version: int('the version live now'),
      error: nullable(str('what loading it said (null: it loaded)')),
    }),
    'what revert made live (null: list)',
  ),
});

function listed(deps: ControlDeps): Omit<Answer<typeof improvementsAnswer>, 'reverted'> {
  return {
    improvements: deps.improvements.list().map((i) => ({
      name: i.name,
      live: i.liveVersion,
      disabled: i.disabled,
      versions: i.versions,
      latest: i.latest
        ? { version: i.latest.version, decision: i.latest.decision, agent: i.latest.agentId, at: i.latest.at }
        : null,
    })),
    waiting: deps.improvements
      .waiting()
      .map((w) => ({ name: w.name, agent: w.agent_id, reasoning: w.reasoning, at: w.at })),
  };
}

export const improvementsVerb = defineVerb({
  name: 'improvements',
  summary:
    'the improvements (versions, which is live, what waits for your answer), or revert one to an earlier version',
  may: ['agent'],
  refusals:
    '`usage` (revert names no improvement), `refused` (an agent reverts one whose live version it did not push, or one you disabled), `invalid_name`, `unknown_name`, `unknown_version`, `invalid_version`, `nothing_to_revert`',
  args: {
    what: { type: 'enum', values: ['list', 'revert'], doc: 'list (the default) or revert', cli: false },
    name: { type: 'string', doc: 'revert: the improvement', cli: false },
    version: {
      type: 'count',
      min: 1,
      doc: 'revert: the version to make live (default: the one before the live one)',
      cli: false,
    },
  },
  answer: improvementsAnswer,
  act: async (deps, req, call) => {
    if (req.what !== 'revert') return { ...listed(deps), reverted: null };
    const name = req.name;
    if (!name)
      throw new ControlError('improvements: revert names an improvement (name)', { reason: 'usage' });
    const who = await call.who();
    if (who.kind === 'agent') {
      const mine = deps.improvements.list().find((i) => i.name === name);
      const pusher = deps.improvementPusher(name);
      if (mine && (mine.disabled || pusher !== who.id))
        throw new ControlError(
          `agent ${who.id} may not revert improvement ${name}: ${mine.disabled ? 'you disabled it' : pusher ? `agent ${pusher} pushed its live version` : 'its live version was not pushed by it'} (an agent reverts only its own; botster-tui improvements revert ${name} is yours)`,
          { reason: 'refused' },
        );
    }
    try {
      const { record, error } = await deps.improvements.revert(name, req.version);
      return { ...listed(deps), reverted: { name, version: record.version, error } };
    } catch (err) {
      if (err instanceof ImprovementError) throw new ControlError(err.message, { reason: err.code });
      throw err;
    }
  },
});
