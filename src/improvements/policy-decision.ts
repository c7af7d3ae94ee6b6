// The user's policy on a change (an improvement pushed, or a pipeline run an agent asked for):
// $BOTSTER_HOME/user/policy.lua if there is one, else the shipped default, run in the Lua worker.
// A policy that is there but cannot be read, or that cannot run, refuses: it fails closed.
import path from 'node:path';
import { readLuaSource } from '../reload/read-lua-source.js';
import type { Change, Decision, PipelineChange } from '../lua/runtime/policy-review.js';

export type Review = (policy: { source: string; name: string } | null, change: unknown) => Promise<Decision>;

export async function policyDecision(
  home: string,
  review: Review,
  change: Change | PipelineChange,
): Promise<Decision> {
  const file = path.join(home, 'user/policy.lua');
  let policy = null;
  try {
    policy = { source: readLuaSource(file, 'user/policy.lua'), name: 'user/policy.lua' };
  } catch (err) {
    // A policy that is there but cannot be read (a folder, a FIFO) refuses: fail closed.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      return {
        decision: 'escalated',
        confidence: 1,
        reasoning: (err as Error).message,
        rule: 'fail-closed',
      };
    // no user policy: the shipped default decides
  }
  try {
    const decision = await review(policy, change);
    // A policy written before agents could start pipelines ends in "everything else is fine": an
    // agent's run may start at once only when the user's policy speaks of pipelines.
    if (
      policy &&
      change.kind === 'pipeline' &&
      decision.decision === 'autonomous' &&
      !/pipeline/.test(policy.source)
    )
      return {
        decision: 'collaborative',
        confidence: decision.confidence,
        reasoning: `user/policy.lua let it (${decision.reasoning}) but never mentions pipelines (it may predate them), so you decide`,
        rule: 'policy-predates-pipelines',
      };
    return decision;
  } catch (err) {
    return {
      decision: 'escalated',
      confidence: 1,
      reasoning: `the policy could not run: ${(err as Error).message}`,
      rule: 'fail-closed',
    };
  }
}
