import type { ControlDeps } from './ports.js';
import { defineVerb } from './verb.js';
import { bool, int, list, nullable, obj, str, type Answer } from './shape.js';

// `improvements`: what improvements this home has (every version kept, which is live, what waits
// for your answer), as `botster-tui improvements list` prints it. It only looks: an MCP client runs
// it unasked. Making an earlier version live again is `improvement_revert` (./improvement-revert.ts).

export const improvementsAnswer = obj({
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
});

export function listed(deps: ControlDeps): Answer<typeof improvementsAnswer> {
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
  name: 'improvement.list',
  summary: 'the improvements: their versions, which is live, what waits for your answer',
  looks: true,
  args: {},
  answer: improvementsAnswer,
  act: (deps) => listed(deps),
});
