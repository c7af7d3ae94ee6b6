import type { VerbArgs } from './args.js';
import { saidAnswer, saying, told } from './said.js';
import { defineVerb, type Verb } from './verb.js';

// Your answers to what waits for you, a verb each (the palette's commands of the same names): an
// improvement an agent pushed, a pipeline run an agent asked for, an agent asking to drive
// another, a boxed agent asking for a host. Yours alone: one asker never waves another through.

const requestArg = {
  request: {
    type: 'string',
    nonEmpty: true,
    doc: 'which of them (its request id; default: the latest)',
    cli: { positional: true },
  },
} as const satisfies VerbArgs;

const nameArg = {
  name: {
    type: 'string',
    nonEmpty: true,
    doc: 'the improvement (default: the latest waiting)',
    cli: { positional: true },
  },
} as const satisfies VerbArgs;

export const improvementAcceptVerb = defineVerb({
  name: 'improvement.accept',
  mcp: false,
  summary: 'accept the improvement waiting for your answer: it goes live',
  refusals: 'none (nothing waiting says so)',
  args: nameArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.improvements.answer(true, req.name))),
});

export const improvementRejectVerb = defineVerb({
  name: 'improvement.reject',
  mcp: false,
  summary: 'reject the improvement waiting for your answer',
  refusals: 'none (nothing waiting says so)',
  args: nameArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.improvements.answer(false, req.name))),
});

export const pipelineAcceptVerb = defineVerb({
  name: 'pipeline.accept',
  mcp: false,
  summary: 'run the pipeline an agent asked to run and your policy asked you about',
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.agentRuns.answer(true, req.request))),
});

export const pipelineRejectVerb = defineVerb({
  name: 'pipeline.reject',
  mcp: false,
  summary: 'refuse the pipeline run an agent asked for',
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.agentRuns.answer(false, req.request))),
});

export const allowDriveVerb = defineVerb({
  name: 'agent.allow_drive',
  mcp: false,
  summary: 'let the agent that asks type into, read and stop the other agent it named',
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.drive.answer(true, req.request))),
});

export const denyDriveVerb = defineVerb({
  name: 'agent.deny_drive',
  mcp: false,
  summary: 'refuse the agent that asks to drive another agent',
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.drive.answer(false, req.request))),
});

export const allowHostVerb = defineVerb({
  name: 'agent.allow_host',
  mcp: false,
  summary: "let the boxed agent that asks reach the host outside its box's list through the hub's proxy",
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.hostGate.answer(true, req.request))),
});

export const denyHostVerb = defineVerb({
  name: 'agent.deny_host',
  mcp: false,
  summary: 'refuse the boxed agent that asks to reach a host',
  refusals: 'none (nothing waiting says so)',
  args: requestArg,
  answer: saidAnswer,
  act: (deps, req) => saying(async () => told(deps, await deps.hostGate.answer(false, req.request))),
});

/** The answers, in the table's order. */
export const ANSWER_VERBS: readonly Verb[] = [
  improvementAcceptVerb,
  improvementRejectVerb,
  pipelineAcceptVerb,
  pipelineRejectVerb,
  allowDriveVerb,
  denyDriveVerb,
  allowHostVerb,
  denyHostVerb,
];
